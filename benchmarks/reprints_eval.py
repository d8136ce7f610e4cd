"""How well text reuse is found: pair precision and recall on a generated corpus with known
reprints, and what it costs.

    python benchmarks/reprints_eval.py --articles 10000 [--seed 1] [--reprints 0.2]

The corpus: article bodies written by a character bigram model of the real pages in
``corpus/`` and ``../shared/devset``, with the set phrases of news text mixed in (every
article takes 5-15 of the 400 commonest 4-12-character runs of those pages, such as
习近平新时代中国特色社会主义思想, so unrelated articles share phrases as they do in an
archive), spread over 5 papers and 20 years. A share of the articles
(``--reprints``) are reprints of an earlier article, as papers print them: retitled, the
first or last paragraphs trimmed, a paragraph dropped or two swapped, 1-3 % of the
characters replaced (OCR errors), paragraphs broken at random places (column breaks); a
reprint can be reprinted again. Hard negatives: 5 % of articles quote one sentence from a
small pool of long quotations, which is shared text but not a reprint.

Truth: the pairs of articles in one reprint family. Found: the pairs of articles in one
cluster of ``newsarchive.reuse``. The last line is ``precision=X recall=Y``.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

from newsarchive import reuse

ROOT = Path(__file__).resolve().parents[1]
HAN = re.compile(r"[\u4e00-\u9fff，。、；：“”！？]+")


def training_text(shared: Path) -> str:
    files = sorted((ROOT / "corpus").glob("*.txt")) + sorted((shared / "devset" / "raw").glob("rmrb-*.txt"))
    parts = []
    for f in files:
        parts.extend(HAN.findall(f.read_text(encoding="utf-8", errors="replace")))
    return "".join(p for p in parts if len(p) >= 12)


class CharModel:
    """Order-k character model: the next character drawn from what followed the last k."""

    def __init__(self, text: str, k: int = 1):
        self.k = k
        nxt: dict[str, list[str]] = defaultdict(list)
        for i in range(len(text) - k):
            nxt[text[i:i + k]].append(text[i + k])
        self.next = dict(nxt)
        self.starts = sorted(s for s in self.next if s[0] not in "，。、；：！？”")
        self.alphabet = sorted(set(text) - set("，。、；：“”！？"))

    def sentence(self, rng: random.Random, length: int) -> str:
        s = rng.choice(self.starts)
        out = list(s)
        while len(out) < length or out[-1] not in "。！？":
            follow = self.next.get("".join(out[-self.k:]))
            if not follow or len(out) > length * 3:
                out.append("。")
                break
            out.append(rng.choice(follow))
        return "".join(out)

    def paragraph(self, rng: random.Random, phrases: list[str]) -> str:
        out = []
        for _ in range(rng.randint(1, 4)):
            s = self.sentence(rng, rng.randint(15, 60))
            for _ in range(rng.randint(1, 3)):
                cut = rng.randrange(len(s))
                s = s[:cut] + rng.choice(phrases) + s[cut:]
            out.append(s)
        return "".join(out)


def set_phrases(text: str, count: int = 400) -> list[str]:
    """The commonest runs of 4-12 characters of real news text (no punctuation inside)."""
    seen: dict[str, int] = defaultdict(int)
    for run in re.findall(r"[\u4e00-\u9fff]{4,}", text):
        for n in (4, 6, 8, 12):
            for i in range(0, len(run) - n + 1):
                seen[run[i:i + n]] += 1
    ranked = sorted(seen.items(), key=lambda kv: (-kv[1] * len(kv[0]), kv[0]))
    return [p for p, _ in ranked[:count]]


def reprint(rng: random.Random, model: CharModel, paras: list[str]) -> list[str]:
    paras = list(paras)
    if len(paras) > 2 and rng.random() < 0.4:
        paras = paras[1:] if rng.random() < 0.5 else paras[:-1]  # trimmed
    if len(paras) > 2 and rng.random() < 0.2:
        paras.pop(rng.randrange(len(paras)))  # a paragraph dropped
    if len(paras) > 2 and rng.random() < 0.2:
        i = rng.randrange(len(paras) - 1)
        paras[i], paras[i + 1] = paras[i + 1], paras[i]  # two swapped
    rate = rng.uniform(0.01, 0.03)
    out = []
    for p in paras:
        chars = [rng.choice(model.alphabet) if rng.random() < rate else c for c in p]
        if len(chars) > 30 and rng.random() < 0.3:
            cut = rng.randrange(10, len(chars) - 10)
            chars.insert(cut, "\n\n")  # a column break
        out.append("".join(chars))
    return out


def generate(n: int, seed: int, share: float, shared: Path):
    rng = random.Random(seed)
    text = training_text(shared)
    model = CharModel(text)
    phrases = set_phrases(text)
    quotes = [model.sentence(rng, 45) for _ in range(40)]
    docs: dict[str, str] = {}
    order: dict[str, tuple] = {}
    family: dict[str, str] = {}
    keys: list[str] = []
    for i in range(n):
        paper = f"p{rng.randrange(5)}"
        day = (2004 + rng.randrange(20), rng.randrange(1, 366))
        key = f"{paper}/{day[0]}/{day[1]:03d}/{i}"
        if keys and rng.random() < share:
            src = rng.choice(keys[-2000:])  # reprints follow their source within a while
            paras = reprint(rng, model, docs[src].split("\n\n\n"))
            family[key] = family[src]
        else:
            paras = [model.paragraph(rng, phrases) for _ in range(rng.randint(2, 8))]
            if rng.random() < 0.05:
                paras.insert(rng.randrange(len(paras) + 1), rng.choice(quotes))
            family[key] = key
        docs[key] = "\n\n\n".join(paras)
        order[key] = (day, key)
        keys.append(key)
    return docs, order, family


def pair_set(groups: list[list[str]]) -> set[tuple[str, str]]:
    out = set()
    for g in groups:
        g = sorted(g)
        for i in range(len(g)):
            for j in range(i + 1, len(g)):
                out.add((g[i], g[j]))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reprints", type=float, default=0.2, help="share of articles that are reprints")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--db", type=Path, help="keep the index in this SQLite file (default: in memory)")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    docs, order, family = generate(args.articles, args.seed, args.reprints, args.shared)
    chars = sum(len(t) for t in docs.values())
    t1 = time.perf_counter()
    prints = {k: reuse.fingerprints(t) for k, t in docs.items()}
    fps = [(k, p.at) for k, p in prints.items()]
    t2 = time.perf_counter()
    index = reuse.Index(args.db or ":memory:")
    index.add(fps)
    t3 = time.perf_counter()
    pairs = reuse.pairs(index, prints)
    t4 = time.perf_counter()
    found = reuse.clusters(pairs, order)
    t5 = time.perf_counter()
    # a one-issue update: the last 8 articles removed and matched again against the rest
    last = list(docs)[-8:]
    index.remove(last)
    t6 = time.perf_counter()
    index.add([(k, reuse.fingerprints(docs[k]).at) for k in last])
    again = reuse.pairs(index, prints, last)
    t7 = time.perf_counter()

    truth_groups: dict[str, list[str]] = defaultdict(list)
    for k, f in family.items():
        truth_groups[f].append(k)
    truth = pair_set([g for g in truth_groups.values() if len(g) > 1])
    got = pair_set(list(found.values()))
    tp = len(truth & got)
    precision = tp / len(got) if got else 1.0
    recall = tp / len(truth) if truth else 1.0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles {args.articles}, {chars / 1e6:.1f} M characters, {len(truth_groups)} texts, "
          f"{sum(1 for g in truth_groups.values() if len(g) > 1)} reprinted; generated in {t1 - t0:.1f} s")
    print(f"fingerprints {t2 - t1:.2f} s ({sum(len(f) for _, f in fps) / len(fps):.0f} an article), "
          f"index {t3 - t2:.2f} s, pairs {t4 - t3:.2f} s ({len(pairs)} pairs), clusters {t5 - t4:.2f} s "
          f"({len(found)} clusters); reuse total {t5 - t1:.2f} s; peak RSS {rss:.0f} MB")
    print(f"one issue (8 articles) matched again: {t7 - t6:.3f} s ({len(again)} pairs)")
    print(f"truth pairs {len(truth)}, found pairs {len(got)}, right {tp}")
    print(f"precision={precision:.4f} recall={recall:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
