"""Parse throughput on one core: MB of raw text per second through decode -> split -> parse.

    python benchmarks/parse_throughput.py [--seconds 5] [--runs 5] [CORPUS_DIR]

Parses every *.txt under CORPUS_DIR (default: corpus/) repeatedly for --seconds, --runs
times, and prints the median MB per second of this process's CPU time (target: >= 5 MB/s
per core). CPU time, not wall time, so that other work on the machine does not count; the
median of several runs is the figure to quote. The role model is included (features,
tagging, decoding).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from newsarchive.papers import load_registry
from newsarchive.parse import parse_lines
from newsarchive.sources import decode, split_lines


def one_run(blobs: list[tuple[str, bytes]], seconds: float, registry) -> float:
    done = 0
    start = time.process_time()
    while True:
        for name, data in blobs:
            lines = split_lines(decode(data, name).text)
            parse_lines(lines, path=name, registry=registry)
            done += len(data)
        elapsed = time.process_time() - start
        if elapsed >= seconds:
            return done / elapsed / 1e6


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", default="corpus", type=Path)
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    blobs = [(p.name, p.read_bytes()) for p in sorted(args.corpus.rglob("*.txt"))]
    if not blobs:
        print(f"no *.txt under {args.corpus}", file=sys.stderr)
        return 2
    registry = load_registry()
    total = sum(len(b) for _, b in blobs)
    rates = [one_run(blobs, args.seconds, registry) for _ in range(args.runs)]
    print(f"corpus: {len(blobs)} files, {total:,} bytes")
    print("runs (MB per CPU second): " + ", ".join(f"{r:.2f}" for r in rates))
    print(f"parse_mb_per_s_median={statistics.median(rates):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
