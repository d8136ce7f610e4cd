"""Which Traditional forms should the zh-hant edition print? Convert the corpus with each of
OpenCC's Simplified -> Traditional configurations and count where they differ.

    python benchmarks/traditional_variants.py [corpus/]

For every configuration: the characters (and, for s2twp, the words) that differ from s2t,
how often, and the share of the corpus's Han characters they touch. s2t gives OpenCC's
standard (dictionary, 康熙) forms, which print 爲, 羣, 衆, 裏 where readers in Taiwan and Hong
Kong use 為, 群, 眾, 裡/裏; s2tw and s2hk give those regions' standard character forms;
s2twp also replaces words with Taiwan vocabulary (软件 -> 軟體), which rewrites what the paper
printed. Results are kept in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import opencc

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = ("s2t", "s2tw", "s2hk", "s2twp")


def han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def main(folder: Path) -> None:
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.rglob("*.txt")))
    total = sum(1 for ch in text if han(ch))
    out = {cfg: opencc.OpenCC(cfg).convert(text) for cfg in CONFIGS}
    base = out["s2t"]
    changed_from_source = sum(1 for a, b in zip(text, base) if a != b)
    print(f"corpus: {folder} ({total} Han characters; s2t changes {changed_from_source}, "
          f"{100 * changed_from_source / total:.1f} %)")
    for cfg in CONFIGS[1:]:
        conv = out[cfg]
        if len(conv) == len(base):
            diffs = Counter((a, b) for a, b in zip(base, conv) if a != b)
            n = sum(diffs.values())
            top = ", ".join(f"{a}→{b} {k}" for (a, b), k in diffs.most_common(12))
            print(f"{cfg}: {n} characters differ from s2t ({100 * n / total:.2f} % of Han characters, "
                  f"{len(diffs)} distinct): {top}")
        else:  # word replacements change the length: count by a character diff of the two
            import difflib

            sm = difflib.SequenceMatcher(None, base, conv, autojunk=False)
            pairs = Counter((base[i1:i2], conv[j1:j2]) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal")
            n = sum(pairs.values())
            top = ", ".join(f"{a}→{b} {k}" for (a, b), k in pairs.most_common(12))
            print(f"{cfg}: {n} places differ from s2t ({len(pairs)} distinct; words replaced): {top}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "corpus")
