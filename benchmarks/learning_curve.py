"""How fast the parser learns a new paper from an editor's labelled pages.

    python benchmarks/learning_curve.py [--draws 4] [--ks 0,1,2,4] [--shared ../shared]

For each source of the packaged labelled pages (the seeds, 人民日报, 申報, RTHK), the source is
held out of the packaged training data; then k of its labelled pages are added as a site's
labels (trained as ``newsarchive train`` trains a site: packaged pages plus site labels, the
site's pages weighing ``SITE_WEIGHT`` times, and kept only if its held-out check on the site's
labels beats the model without them: ``sitemodel.select``), and the rest of the source is parsed and scored
with ``shared/gold/score.py``. Several random draws of the k pages (seeded, so the run
repeats); mean and spread per field. A source with fewer than k + 1 pages stops at the
largest k it allows; a one-file source (the RTHK feed) is split into its stories first.

The last line is ``min_headline_f1_at_k2=X``: the worst source's mean headline F1 with two
labelled pages.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

from newsarchive import sitemodel
from newsarchive.papers import load_registry
from newsarchive.parse.project import norm
from newsarchive.parse.roles import Roles
from newsarchive.parse.train import Page, fit_site, labelled_pages, load_page, packaged_folder

sys.path.insert(0, str(Path(__file__).resolve().parent))
import parse_eval  # noqa: E402

FIELDS = ("headline_f1", "byline", "authors", "body_start", "body_end")


def split_stories(page: Page, into: Path) -> list[Page]:
    """A one-file feed as one page per story: cut before each Markdown heading, give each
    piece the gold articles whose first field it holds."""
    text = page.raw_path.read_text(encoding="utf-8")
    starts = [m.start() for m in re.finditer(r"(?m)^# ", text)]
    if len(starts) < 4:
        return [page]
    bounds = [0, *starts[1:], len(text)]
    pieces = [text[a:b] for a, b in zip(bounds, bounds[1:])]
    keys = [norm(p) for p in pieces]
    groups: list[list[dict]] = [[] for _ in pieces]
    at = 0
    for art in page.gold.get("articles") or []:
        probe = norm(art.get("headline") or art.get("body_start") or art.get("byline") or "")
        k = next((i for i in range(at, len(pieces)) if probe and probe in keys[i]), None)
        if k is None:
            continue
        groups[k].append(art)
        at = k
    out = []
    for i, (piece, arts) in enumerate(zip(pieces, groups)):
        name = f"{page.name}.{i:03d}"
        raw = into / f"{name}.txt"
        gold = into / f"{name}.gold.yaml"
        raw.write_text(piece, encoding="utf-8")
        gold.write_text(yaml.safe_dump({**page.gold, "file": raw.name, "articles": arts}, allow_unicode=True),
                        encoding="utf-8")
        out.append(load_page(raw, gold, page.source))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    ap.add_argument("--draws", type=int, default=4)
    ap.add_argument("--ks", default="0,1,2,4")
    ap.add_argument("--only", help="this source only")
    args = ap.parse_args(argv)
    ks = [int(k) for k in args.ks.split(",")]
    scorer = parse_eval.load_scorer(args.shared)
    registry = load_registry()
    pages = labelled_pages(packaged_folder())
    started = time.perf_counter()
    at_k2: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for source in sorted({p.source for p in pages}):
            if args.only and source != args.only:
                continue
            own = [p for p in pages if p.source == source]
            if len(own) == 1:
                own = split_stories(own[0], Path(tmp))
            base = [p for p in pages if p.source != source]
            print(f"{source}: {len(own)} pages ({'stories of one feed' if len(own) > 1 and own[0].name.count('.') else 'files'})")
            unseen = Roles(*fit_site([load_page(p.raw_path, p.gold_path, p.source) for p in base], []))
            for k in ks:
                if k + 1 > len(own):
                    break
                rng = random.Random(f"{source}-{k}")
                runs = []
                without = []  # the same pages, parsed by the model that has no site labels
                used = []  # draws whose site model passed its held-out check
                for _ in range(args.draws if k else 1):
                    chosen = sorted(rng.sample(range(len(own)), k))
                    site = [own[i] for i in chosen]
                    rest = [p for i, p in enumerate(own) if i not in chosen]
                    fresh = [load_page(p.raw_path, p.gold_path, p.source) for p in base]
                    fresh_site = [load_page(p.raw_path, p.gold_path, "site") for p in site]
                    if k:  # as a site trains: the site model, kept only if its held-out check says so
                        model = sitemodel.select(fresh, fresh_site, unseen)
                        used.append(model.meta["site_scores"].get("used") == "site")
                    else:
                        model = unseen
                    runs.append(parse_eval.score(scorer, parse_eval.parse_with(model, rest, registry), rest))
                    if k:
                        without.append(parse_eval.score(scorer, parse_eval.parse_with(unseen, rest, registry), rest))
                cells = []
                for f in FIELDS:
                    vals = [r[f] for r in runs]
                    spread = f"±{statistics.pstdev(vals):.2f}" if len(vals) > 1 else ""
                    cells.append(f"{f}={statistics.mean(vals):.3f}{spread}")
                if without:
                    cells.append(f"(same pages, no site labels: headline_f1="
                                 f"{statistics.mean(r['headline_f1'] for r in without):.3f}; "
                                 f"site model kept in {sum(used)} of {len(used)} draws)")
                print(f"  k={k} ({len(runs)} draws, {len(own) - k} pages scored): " + " ".join(cells))
                if k == 2:
                    at_k2[source] = statistics.mean(r["headline_f1"] for r in runs)
    print(f"time {time.perf_counter() - started:.0f} s")
    if at_k2:
        print(f"min_headline_f1_at_k2={min(at_k2.values()):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
