"""The Traditional edition's share of a cold build.

    python benchmarks/convert_share.py CORPUS_DIR [--config s2t] [--search]

Builds CORPUS_DIR (e.g. made by `python benchmarks/generate.py /tmp/gen10k --articles 10000`)
twice into a temporary site with an empty conversion cache, and prints each stage's seconds,
the conversion's share of the cold build, and the warm rebuild's conversion time (all pages
from the cache). Run it once in an environment with `opencc-python-reimplemented` (the
project's dependency) and once with the official `opencc` wheel (the two cannot be installed
together) to compare them; the script prints which implementation it used.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
from pathlib import Path

import opencc

from newsarchive.config import load_config
from newsarchive.pipeline import build


def implementation() -> str:
    """Which `opencc` is importable: the pure-Python reimplementation ships opencc/opencc.py."""
    package = Path(opencc.__file__).parent
    return "opencc-python-reimplemented" if (package / "opencc.py").exists() else "opencc (official C++ binding)"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--config", default="s2t")
    ap.add_argument("--search", action="store_true", help="also build the search index")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        (site / "corpus").symlink_to(args.corpus.resolve(), target_is_directory=True)
        (site / "site.yaml").write_text(
            f"base_url: https://example.org/\ntraditional: {args.config}\nsearch: {str(args.search).lower()}\n",
            encoding="utf-8")
        config, _ = load_config(site)
        cold = build(config)
        digest = hashlib.sha256()
        for path in sorted((config.output_dir / "zh-hant").rglob("*.html")):
            digest.update(path.read_bytes())
        warm = build(config)
        shutil.rmtree(site / ".cache", ignore_errors=True)
    print(f"implementation: {implementation()}; conversion {args.config}")
    print(f"pages: {cold.pages} per edition; files {cold.files}; {cold.bytes / 1e6:.1f} MB; "
          f"articles {cold.load.article_count}")
    print("cold stages (s): " + ", ".join(f"{k} {v:.2f}" for k, v in cold.stage_seconds.items()) + f"; total {cold.seconds:.2f}")
    print("warm stages (s): " + ", ".join(f"{k} {v:.2f}" for k, v in warm.stage_seconds.items()) + f"; total {warm.seconds:.2f}")
    share = cold.convert["seconds"] / cold.seconds if cold.seconds else 0.0
    print(f"converted {cold.convert['chars'] / 1e6:.1f} M chars in {cold.convert['seconds']:.2f} s "
          f"({cold.convert['chars'] / max(cold.convert['seconds'], 1e-9) / 1e6:.2f} M chars/s)")
    if "segments_reused" in cold.convert:
        print(f"segments converted once and reused: {cold.convert['segments_reused']:,}")
    print(f"sha256 of every Traditional page (compare across implementations): {digest.hexdigest()}")
    print(f"convert_share_of_cold_build={share:.3f}")
    print(f"warm rebuild: {warm.convert.get('converted', 0)} pages converted, {warm.convert.get('cached', 0)} from cache")
    return 0


if __name__ == "__main__":
    sys.exit(main())
