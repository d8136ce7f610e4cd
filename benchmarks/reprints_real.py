"""The reprint detector on real pages: which articles of the seed pages and the devset print
one text, and how close the closest other pairs come.

    python benchmarks/reprints_real.py [--shared ../shared] [--top 10]

Every page of ``SHARED/seeds/*.txt`` and ``SHARED/devset/raw/*.txt`` is parsed as a build
parses it; every article's body (at least ``reprints.MIN_CHARS`` characters) is
fingerprinted (``reuse``) and matched as the build matches. Printed: the clusters found, then
the ``--top`` pairs of articles with the most shared fingerprints, each with the share of
either text in passages both print (the build pairs two articles when one share is over
``reuse.MIN_CONTAINMENT``), so a near miss is visible.
"""

from __future__ import annotations

import argparse
import itertools
import time
from pathlib import Path

from newsarchive import reprints, reuse
from newsarchive.papers import load_registry
from newsarchive.pipeline import parse_source
from newsarchive.sources import discover

ROOT = Path(__file__).resolve().parents[1]


def articles(folders: list[Path]) -> dict[str, str]:
    registry = load_registry()
    out = {}
    for folder in folders:
        sources, _ = discover(folder)
        for src in sources:
            pf, _ = parse_source(src, registry)
            if pf is None:
                continue
            for i, art in enumerate(pf.articles):
                if art.is_article:
                    out[f"{folder.name}/{src.rel}#{i + 1} {(art.headline or '')[:24]}"] = "\n".join(art.body)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--top", type=int, default=10)
    args = ap.parse_args()
    started = time.perf_counter()
    texts = articles([args.shared / "seeds", args.shared / "devset" / "raw"])
    prints = {k: reuse.fingerprints(t) for k, t in texts.items()}
    prints = {k: p for k, p in prints.items() if p.length >= reprints.MIN_CHARS}
    index = reuse.Index()
    index.add(prints.items())
    found = reuse.pairs(index, prints)
    groups = reuse.clusters(found)
    seconds = time.perf_counter() - started
    print(f"{len(texts)} articles ({len(prints)} of at least {reprints.MIN_CHARS} characters), "
          f"{sum(p.length for p in prints.values())} characters; {len(found)} pairs, {len(groups)} clusters; "
          f"{seconds:.2f} s")
    for name, members in groups.items():
        print(f"cluster {name}: {len(members)} printings")
        for m in members:
            print(f"    {m}")
    close = []
    for a, b in itertools.combinations(sorted(prints), 2):
        shared = prints[a].at.keys() & prints[b].at.keys()
        if len(shared) >= 2:
            cov_a, cov_b = reuse._covered(shared, prints[a], prints[b])
            close.append((len(shared), cov_a / prints[a].length, cov_b / prints[b].length, a, b))
    close.sort(key=lambda c: (-max(c[1], c[2]), -c[0], c[3], c[4]))
    print(f"closest pairs (by the larger share in passages both print; {len(close)} pairs share 2+ fingerprints):")
    for shared, sa, sb, a, b in close[:args.top]:
        print(f"  {max(sa, sb):6.1%}  shared={shared:3d}  {sa:6.1%} of {a}  |  {sb:6.1%} of {b}")


if __name__ == "__main__":
    main()
