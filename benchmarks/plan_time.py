"""The plan alone, timed: ``python benchmarks/plan_time.py SITE [--sigs FILE]``.

Loads an existing site's archive from its record cache (the first run after a code change
parses everything: the cache is salted by the code), then times each family of pages the
planner makes and the signing of every page group, with Python's cycle collector paused as
the build pauses it. Prints one line per family and a digest of every group's key and
signature. Issue tokens are made from each file's path and digest here instead of its record
key, so the digest does not change with the code's salt: two code versions that plan the same
pages print the same digest (``--sigs`` writes the signatures, one group a line, to compare).

    PYTHONPATH=/path/to/other/src python benchmarks/plan_time.py /tmp/bench100/site-100000
"""

import argparse
import gc
import hashlib
import time
from pathlib import Path

from newsarchive import daypages
from newsarchive.config import load_config
from newsarchive.incremental import record_salt, signature
from newsarchive.pages import Planner, site_context
from newsarchive.pipeline import load_site


def timed(name: str, make):
    started = time.perf_counter()
    value = make()
    print(f"{name:12s} {time.perf_counter() - started:.3f} s")
    return value


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("site", type=Path)
    ap.add_argument("--sigs", type=Path, help="write every group's key and signature here")
    args = ap.parse_args()
    gc.disable()
    config, _ = load_config(args.site)
    loaded, archive = load_site(config, summarize=True, cached=True, salt=record_salt(config))
    for pf in loaded.files:  # tokens independent of the code's salt
        pf.key = hashlib.sha256(f"{pf.path}\0{pf.digest}".encode("utf-8")).hexdigest()
    gc.freeze()
    site = site_context(config)
    planner = timed("views", lambda: Planner(archive, site, search=config.search,
                                              traditional=bool(config.traditional), data=config.data))
    for name in ("_home", "_paper_pages", "_date_pages", "_issue_groups", "_author_pages", "_data_page",
                 "_search_page", "_feeds"):
        timed(name.strip("_"), getattr(planner, name))
    timed("on-this-day", lambda: daypages.pages(planner))
    groups = timed("groups", planner.groups)
    sigs = timed("signatures", lambda: [signature("salt", g.key, g.deps, tokens=not g.plain) for g in groups])
    lines = "".join(f"{g.key} {sig}\n" for g, sig in zip(groups, sigs))
    print(f"{len(groups)} groups, digest {hashlib.sha256(lines.encode('utf-8')).hexdigest()[:16]}")
    if args.sigs:
        args.sigs.write_text(lines, encoding="utf-8")


if __name__ == "__main__":
    main()
