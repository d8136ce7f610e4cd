"""One-file rebuilds as ``newsarchive serve`` makes them, timed: ``python benchmarks/serve_rebuild.py SITE [--runs N] [--file newest oldest]``.

In one process, as the preview server does: a ``Resident`` is filled by a first build, then N
times a paragraph is appended to each named corpus file (the oldest or the newest by path), and the
site is rebuilt twice from memory: the pages (``search_later=True``: what the open page reloads
to) and the follow-up that brings the changed search segment up to date. Prints one JSON line
per build: wall seconds inside ``pipeline.build``, this process's CPU seconds (on a shared
machine the steadier figure; forked workers not counted), stages, groups rendered, files written, and
the process's peak RSS. Builds as the site is configured (``serve`` adds ``editor: true``,
which changes only what the raw-text pages show; a site built by the CLI would be rendered
whole once by a real ``serve``).

    python benchmarks/serve_rebuild.py /tmp/s100k --runs 3 --file newest oldest
"""

import argparse
import json
import resource
import time
from pathlib import Path

from newsarchive.config import load_config
from newsarchive.pipeline import build
from newsarchive.resident import Resident


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("site", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--file", choices=("oldest", "newest"), nargs="+", default=["newest"])
    args = ap.parse_args()
    config, _ = load_config(args.site)
    files = sorted(config.corpus_dir.rglob("*.txt"))
    resident = Resident()
    report("fill", resident, lambda: build(config, resident=resident))
    for which in args.file:
        target = files[0] if which == "oldest" else files[-1]
        for n in range(args.runs):
            time.sleep(2.2)  # the other files are older than the stat window (the server's case too)
            with target.open("a", encoding="utf-8") as f:
                f.write(f"\n一段新的正文{n}。\n")
            report(f"pages {which} {n + 1}", resident, lambda: build(config, search_later=True, resident=resident))
            report(f"search {which} {n + 1}", resident, lambda: build(config, resident=resident))


def report(label: str, resident: Resident, run) -> None:
    started, cpu = time.perf_counter(), time.process_time()
    r = run()
    print(json.dumps({"label": label, "wall": round(time.perf_counter() - started, 2),
                      "cpu": round(time.process_time() - cpu, 2), "mode": r.mode,
                      "rendered": r.rendered, "written": r.written, "stages": r.stage_seconds,
                      "pending": r.search_pending, "cache": r.load.cache,
                      "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}), flush=True)


if __name__ == "__main__":
    main()
