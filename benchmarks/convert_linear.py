"""Bounded work: 20 MB of one repeated character against 20 MB of ordinary text (issue 11).

    python benchmarks/convert_linear.py [--mb 20] [--build | --build-only]

Times the Traditional conversion (``Converter.convert_text``, no cache) of MB megabytes
(UTF-8) of ordinary text (the seed pages' text, repeated) and of one repeated character
(长), with and without line breaks, and the library's own conversion of the repeated
character at a few small sizes (it is quadratic: doubling the size quadruples the time), with
the time it would take at MB megabytes. With ``--build``, also builds a site holding one
MB-megabyte page of each kind (Traditional edition on, search off, cold caches) and prints
the stages.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import opencc

from newsarchive.config import load_config
from newsarchive.convert import Converter
from newsarchive.pipeline import build

ROOT = Path(__file__).resolve().parents[1]


def ordinary(size: int) -> str:
    """``size`` bytes (UTF-8) of the seed pages' text, repeated."""
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt")))
    out = text * (size // len(text.encode("utf-8")) + 1)
    return out.encode("utf-8")[:size].decode("utf-8", "ignore")


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def conversions(texts: dict[str, str], mb: float, size: int) -> None:
    conv = Converter("s2t")
    conv.convert_text("预热")
    print(f"conversion (s2t, no cache), {mb:g} MB each:")
    for name, text in texts.items():
        seconds = timed(lambda: conv.convert_text(text))
        print(f"  {name:40s} {len(text):>10,} chars  {seconds:7.2f} s  {len(text.encode()) / seconds / 1e6:5.2f} MB/s")
    lib = opencc.OpenCC("s2t")
    print("the library alone on one repeated character (quadratic):")
    last = None
    for chars in (40_000, 80_000, 160_000):
        seconds = timed(lambda: lib.convert("长" * chars))
        print(f"  {chars:>7,} chars  {seconds:6.2f} s" + (f"  (x{seconds / last:.1f} for x2)" if last else ""))
        last = seconds
    estimate = last * (size / 3 / 160_000) ** 2
    print(f"  at {mb:g} MB ({size // 3:,} chars), by the square law: {estimate / 3600:,.1f} hours")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--build", action="store_true", help="also build a site with one such page of each kind")
    ap.add_argument("--build-only", action="store_true", help="only the builds, not the conversion timings")
    args = ap.parse_args()
    size = int(args.mb * 1_000_000)
    texts = {
        "ordinary text (seed pages repeated)": ordinary(size),
        "one repeated character, one line": "长" * (size // 3),
        "one repeated character, lines of 60": ("长" * 59 + "\n") * (size // 180),
    }
    if args.build_only:
        args.build = True
        texts = {k: v for k, v in texts.items() if "lines of" not in k}
    if not args.build_only:
        conversions(texts, args.mb, size)
    if args.build:
        for name, text in (("ordinary", texts["ordinary text (seed pages repeated)"]),
                           ("repeated", "长串标题\n\n本报讯(记者 王茵)" + texts["one repeated character, one line"])):
            with tempfile.TemporaryDirectory() as tmp:
                site = Path(tmp)
                (site / "corpus").mkdir()
                (site / "corpus" / "big.txt").write_text(text, encoding="utf-8")
                (site / "corpus" / "big.yaml").write_text("paper: 辽源日报\ndate: 2019-01-01\n", encoding="utf-8")
                (site / "site.yaml").write_text("base_url: https://example.org/\nsearch: false\n", encoding="utf-8")
                config, _ = load_config(site)
                started = time.perf_counter()
                result = build(config)
                seconds = time.perf_counter() - started
                stages = ", ".join(f"{k} {v:.1f}" for k, v in result.stage_seconds.items())
                print(f"cold build, one {args.mb:g} MB page of {name} text: {seconds:.1f} s ({stages})")
                shutil.rmtree(site / "public", ignore_errors=True)


if __name__ == "__main__":
    main()
