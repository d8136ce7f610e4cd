"""What each output family costs per article (issue 16).

    python benchmarks/bytes_per_article.py CORPUS_DIR [--work DIR] [--keep]
    python benchmarks/bytes_per_article.py --site OUTPUT_DIR --articles N

Builds CORPUS_DIR (e.g. ``python benchmarks/generate.py /tmp/gen10k --articles 10000``) with the
default configuration (both editions, search, open data) into a temporary site, then sorts
every output file into a family and prints files, bytes and bytes per article for each, and
the total (the issue's measure: KB per article, 1 KB = 1000 bytes). ``--site`` measures an
output folder already built. The last line is ``kb_per_article=X``.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ISSUE_DIR = r"[^/]+/(\d{4}/\d{2}/\d{2}|undated/[0-9a-f]+)/"
ARTICLE = re.compile("^" + ISSUE_DIR + r"\d{2,}/index\.html$")
ISSUE = re.compile("^" + ISSUE_DIR + r"index\.html$")
RAW = re.compile(r"/raw-\d+/index\.html$|/raw-\d+\.txt$")  # the .txt: before issue 16


def family(rel: str) -> str:
    hant = rel.startswith("zh-hant/")
    base = rel[len("zh-hant/"):] if hant else rel
    ed = " (zh-hant)" if hant else " (zh-hans)"
    if base.startswith("search/"):
        return "search index" + (ed if hant else "")
    if base.startswith("data/"):
        if base.endswith(".sqlite"):
            return "open data: SQLite"
        if base.endswith(".jsonl.gz"):
            return "open data: bulk JSON Lines"
        return "open data: other (index, schemas, page)"
    if base.endswith("article.json") or base.endswith("issue.json"):
        return "open data: JSON per issue (and article.json before issue 16)"
    if base.startswith("static/"):
        return "static assets"
    if RAW.search("/" + base):
        return "raw text pages" + ed
    if ARTICLE.search(base) and not base.startswith("dates/"):
        return "article pages" + ed
    if ISSUE.search(base) and not base.startswith("dates/"):
        return "issue pages" + ed
    if base.endswith(".xml"):
        return "feeds and sitemap"
    if base.endswith(".html"):
        return "listing pages (home, papers, dates, authors, …)" + ed
    return "other"


def measure(out: Path, articles: int) -> list[tuple[str, int, int]]:
    files: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for p in out.rglob("*"):
        if p.is_file():
            f = files[family(p.relative_to(out).as_posix())]
            f[0] += 1
            f[1] += p.stat().st_size
    return sorted(((k, n, b) for k, (n, b) in files.items()), key=lambda r: -r[2])


def report(rows, articles: int) -> None:
    total = sum(b for _, _, b in rows)
    print(f"{'family':<56} {'files':>8} {'MB':>9} {'KB/article':>11}")
    for name, n, b in rows:
        print(f"{name:<56} {n:>8} {b / 1e6:>9.1f} {b / 1000 / articles:>11.2f}")
    print(f"{'total':<56} {sum(n for _, n, _ in rows):>8} {total / 1e6:>9.1f} {total / 1000 / articles:>11.2f}")
    print(f"kb_per_article={total / 1000 / articles:.2f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path, nargs="?")
    ap.add_argument("--site", type=Path, help="measure this output folder instead of building")
    ap.add_argument("--articles", type=int, help="articles in --site")
    ap.add_argument("--work", type=Path)
    ap.add_argument("--keep", action="store_true", help="keep the built site (printed)")
    args = ap.parse_args(argv)
    if args.site:
        if not args.articles:
            ap.error("--site needs --articles")
        report(measure(args.site, args.articles), args.articles)
        return 0
    if args.corpus is None:
        ap.error("give a corpus folder or --site")
    from newsarchive.config import load_config
    from newsarchive.pipeline import build

    if args.work:
        Path(args.work).mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bpa-", dir=args.work))
    try:
        shutil.copytree(args.corpus, work / "corpus")
        (work / "site.yaml").write_text("title: 基准\nbase_url: https://example.org/\n", encoding="utf-8")
        config, _ = load_config(work)
        result = build(config)
        articles = result.data.get("articles") or result.load.article_count
        print(f"built {result.files} files, {result.bytes / 1e6:.1f} MB, {articles} articles in {result.seconds:.1f} s; "
              f"stages {json.dumps(result.stage_seconds)}")
        report(measure(config.output_dir, articles), articles)
        if args.keep:
            print(f"site: {work}", file=sys.stderr)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
