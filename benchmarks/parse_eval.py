"""How well the parser reads newspapers it was not trained on.

    python benchmarks/parse_eval.py [--shared ../shared] [--show]

Labelled pages: the packaged ones (``src/newsarchive/data/labelled/SOURCE/``: the seeds and
``shared/devset``), or ``--labels DIR`` with one folder per source. For every source, the role model is trained on the other sources only (the same
recipe as ``newsarchive train``) and the held-out source is parsed and scored with
``shared/gold/score.py``; the naive baseline (``shared/gold/naive_parse.py``) is scored on the
same files. Then new pages of the sources it knows (what an archive meets most: the next
issue of a paper already in training): the pages are dealt into five folds by name within each
source, each fold is parsed by a model trained on the other four, and each source is scored
over its pages. Then the model trained on everything is scored on everything (its fit, not a
measure of reading unseen text).

The last line is ``min_loso_headline_f1=X``: the worst source's headline F1 when held out.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from newsarchive.papers import load_registry
from newsarchive.parse import parse_lines
from newsarchive.parse.roles import Roles
from newsarchive.parse.train import fit, labelled_pages, load_page, packaged_folder
from newsarchive.serialize import parsed_json
from newsarchive.sources import decode, split_lines

FIELDS = ("headline_f1", "byline", "authors", "subhead", "body_start", "body_end", "exact", "city", "paper", "date")


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("score", shared / "gold" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def labelled(folder: Path | None = None):
    return labelled_pages(folder or packaged_folder())


WRAP = 0
"""``--wrap N``: parse the scored pages as a dump of narrow columns would give them (``rewrap``)."""
WRAP_STYLE = "chars"


def _lines_with_text(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


FORMS = {
    # flag: (help, the page as that dump form gives it), applied in this order; training unchanged
    "spaced": ("letter-spaced, a space after every character, as some PDF text layers give Chinese text",
               lambda t: "\n".join(" ".join(line) for line in t.split("\n"))),
    "half-width": ("with every full-width mark half-width (，。：；！？（） as ,.:;!?()), as some OCR engines and "
                   "PDF text layers give it; the gold's 。 is read as . to match (score.py's NFKC folds the rest)",
                   lambda t: t.translate(str.maketrans("，。：；！？（）", ",.:;!?()"))),
    "wide-digits": ("with full-width digits (２０２１年３月６日), as OCR engines often print them; score.py's NFKC "
                    "folds them", lambda t: t.translate(str.maketrans("0123456789", "０１２３４５６７８９"))),
    "no-blank": ("with their blank lines removed, as many PDF and OCR dumps print none",
                 lambda t: "\n".join(_lines_with_text(t))),
    "html-line": ("as a crawl saves an HTML page without line breaks: every line a <p> block, the whole "
                  "page one line", lambda t: "".join(f"<p>{line.strip()}</p>" for line in _lines_with_text(t))),
    "side-by-side": ("(use with --wrap) set in two columns side by side, as pdftotext -layout prints a page: "
                     "the first half of its lines on the left, padded to the widest with spaces, a gutter of "
                     "four spaces, the second half on the right", lambda t: _side_by_side(t)),
}
"""The dump forms the scored pages can be parsed in (``--spaced``, ``--half-width``, …)."""
FORMS_ON: list[str] = []
"""The forms asked for on the command line."""
_RUNNING = re.compile("[。，,；;！？!?]")


def _side_by_side(text: str) -> str:
    lines = text.split("\n")
    half = (len(lines) + 1) // 2
    left, right = lines[:half], lines[half:]
    width = max((len(line) for line in left), default=0)
    out = []
    for k, line in enumerate(left):
        r = right[k] if k < len(right) else ""
        out.append((line.ljust(width) + " " * 4 + r).rstrip() if r.strip() else line)
    return "\n".join(out)


def rewrap(text: str, width: int) -> str:
    """A page as a PDF or OCR dump of narrow columns gives it: every line longer than ``width``
    that holds a sentence or clause mark (running text, a lead with its dateline, a long title
    with a comma) cut every ``width`` characters, wherever that falls (inside a bracket, a name,
    a word). Other lines (short titles, furniture) stay whole; a flattened page stays one line,
    and so do the lines of a Markdown or HTML dump's markup (an image, a link, a heading), which
    no column printed (as in the training's narrow-column variant). No line keeps an indent:
    an OCR dump of columns has none (a web page's text indents titles and paragraphs alike).
    The gold labels still apply: ``score.py`` matches text with white space removed."""
    out = []
    paragraphs = 0
    w = width
    for line in text.split("\n"):
        t = line.strip()
        running = _RUNNING.search(t)
        if WRAP_STYLE == "mixed" and running:
            # columns of different widths on one page: the width changes every third paragraph
            w = width - 4 + 2 * ((paragraphs // 3) % 5)
            paragraphs += 1
        if w < len(t) <= 600 and running and not t.startswith(("#", "!", "<", "[")):
            if WRAP_STYLE == "print":
                out.extend(_set_in_column("\u3000\u3000" + t, w))
            else:
                out.extend(t[k:k + w] for k in range(0, len(t), w))
        else:  # an OCR dump keeps no indent (chars); a printed title is not indented (print)
            out.append(line if t.startswith(("#", "!", "<", "[")) else t)
    return "\n".join(out)


def _set_in_column(text: str, width: int) -> list[str]:
    """A paragraph set as a column prints it (``--wrap-style print``): its first line indented
    two cells, digits, Latin letters and spaces half a cell wide, each line as many characters
    as fill ``width`` cells."""
    lines, cur, used = [], "", 0.0
    for c in text:
        w = 1.0 if unicodedata.east_asian_width(c) in "FWA" else 0.5
        if used + w > width:
            lines.append(cur)
            cur, used = "", 0.0
        cur += c
        used += w
    return lines + ([cur] if cur else [])


def parse_with(model: Roles | None, pages, registry) -> list[dict]:
    out = []
    for p in pages:
        text = decode(p.raw_path.read_bytes(), p.raw_path.name).text
        if WRAP:
            text = rewrap(text, WRAP)
        for form in FORMS_ON:
            text = FORMS[form][1](text)
        pf = parse_lines(split_lines(text), path=p.raw_path.name, registry=registry, model=model)
        out.append(parsed_json(pf))
    return out


def score(scorer, parsed: list[dict], pages, show: bool = False) -> dict:
    """score.py's figures over these pages (its own code, run on a temporary gold folder)."""
    with tempfile.TemporaryDirectory() as tmp:
        gold = Path(tmp) / "gold"
        gold.mkdir()
        for p in pages:
            text = Path(p.gold_path).read_text(encoding="utf-8")
            (gold / (p.raw_path.stem + ".gold.yaml")).write_text(
                text.replace("。", ".") if "half-width" in FORMS_ON else text, encoding="utf-8")
        pj = Path(tmp) / "parsed.json"
        pj.write_text(json.dumps(parsed, ensure_ascii=False), encoding="utf-8")
        args = [str(pj), str(gold)] + (["--show"] if show else [])
        res = subprocess.run([sys.executable, str(scorer.__file__), *args], capture_output=True, text=True)
        if show:
            print(res.stdout)
        last = res.stdout.strip().splitlines()[-1]
    return {k: float(v) for k, v in (kv.split("=") for kv in last.removeprefix("score: ").split())}


def naive(shared: Path, scorer, pages) -> dict:
    res = subprocess.run([sys.executable, str(shared / "gold" / "naive_parse.py"), *[str(p.raw_path) for p in pages]],
                         capture_output=True, text=True, check=True)
    return score(scorer, json.loads(res.stdout), pages)


PER_ARTICLE = ("byline", "authors", "subhead", "body_start", "body_end")
"""score.py's fields that are shares of the matched articles (1.000 when none matched)."""


def below_naive(figs: dict, base: dict) -> tuple[list[str], list[str]]:
    """The fields where the parser scores below the naive baseline, and the per-article fields
    not compared because the baseline matched no headline (score.py gives a share of zero
    articles as 1.000: a parser that finds no headline would otherwise win every such field)."""
    vacuous = [k for k in PER_ARTICLE if k in base and base.get("headline_r", 1.0) == 0.0]
    below = [k for k in FIELDS if k in base and k not in vacuous and figs.get(k, 0) < base[k] - 1e-9]
    return below, vacuous


def by_page_folds(pages, folds: int, scorer, registry, params=None, show: bool = False) -> dict[str, dict]:
    """Each source's figures when every page is parsed by a model that has not seen that page
    but has seen the other pages of its source (page ``i`` of the sorted pages is in fold
    ``i % folds``; a one-page source is then held out whole)."""
    order = sorted(pages, key=lambda p: (p.source, p.raw_path.name))
    parsed: dict[str, dict] = {}
    for k in range(folds):
        test = [p for i, p in enumerate(order) if i % folds == k]
        if not test:
            continue
        train = [p for i, p in enumerate(order) if i % folds != k]
        model, meta = fit([load_page(p.raw_path, p.gold_path, p.source) for p in train], params)
        for p, out in zip(test, parse_with(Roles(model, meta), test, registry)):
            parsed[p.raw_path.name] = out
    figs = {}
    for source in sorted({p.source for p in pages}):
        mine = [p for p in order if p.source == source]
        figs[source] = score(scorer, [parsed[p.raw_path.name] for p in mine], mine, show)
    return figs


def row(name: str, figs: dict) -> str:
    return f"  {name:14s} " + " ".join(f"{k}={figs[k]:.3f}" for k in FIELDS if k in figs)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    ap.add_argument("--show", action="store_true", help="list every miss of the held-out runs")
    ap.add_argument("--only", help="hold out only this source")
    ap.add_argument("--folds", type=int, default=5, help="folds of the new-pages measure (1: skip it)")
    ap.add_argument("--params", type=json.loads, default=None,
                    help='CRF parameters to try instead of the shipped ones, e.g. \'{"c2": 0.3}\'')
    ap.add_argument("--new-pages", action="store_true",
                    help="with --only: also the new-pages measure (its misses too, with --show)")
    ap.add_argument("--wrap", type=int, default=0, metavar="N",
                    help="score the pages as a dump of narrow columns gives them: lines of running text "
                         "cut every N characters (training unchanged)")
    ap.add_argument("--wrap-style", choices=("chars", "print", "mixed"), default="chars",
                    help="with --wrap: cut every N characters (chars); set each paragraph as a column "
                         "prints it: first line indented, digits and Latin half a cell wide (print); or "
                         "cut every N-4 to N+4 characters, the width changing every third paragraph (mixed)")
    for form, (what, _) in FORMS.items():
        ap.add_argument(f"--{form}", action="store_true", help=f"score the pages {what} (training unchanged)")
    ap.add_argument("--labels", type=Path, help="labelled pages, one folder per source (default: the packaged ones)")
    args = ap.parse_args(argv)
    global WRAP, WRAP_STYLE
    WRAP, WRAP_STYLE = args.wrap, args.wrap_style
    FORMS_ON[:] = [form for form in FORMS if getattr(args, form.replace("-", "_"))]
    scorer = load_scorer(args.shared)
    registry = load_registry()
    pages = labelled(args.labels)
    sources = sorted({p.source for p in pages})
    started = time.perf_counter()
    worst = 1.0
    print("leave one source out: trained on the other sources, scored on this one")
    for held in sources:
        if args.only and held != args.only:
            continue
        test = [p for p in pages if p.source == held]
        train = [p for p in pages if p.source != held]
        model, meta = fit([load_page(p.raw_path, p.gold_path, p.source) for p in train], args.params)
        figs = score(scorer, parse_with(Roles(model, meta), test, registry), test, args.show)
        base = naive(args.shared, scorer, test)
        worst = min(worst, figs["headline_f1"])
        below, vacuous = below_naive(figs, base)
        print(f"{held} ({len(test)} files)")
        print(row("parser", figs))
        print(row("naive", base))
        print(f"  below naive: {', '.join(below) if below else 'none'}"
              + (f" (naive's {', '.join(vacuous)} are over the 0 headlines it found: not compared)" if vacuous else ""))
    if args.folds > 1 and (not args.only or args.new_pages):
        print(f"new pages of known sources: {args.folds} folds by page, trained on the other folds")
        for held, figs in by_page_folds(pages, args.folds, scorer, registry, args.params, args.show).items():
            if not args.only or held == args.only:
                print(row(held, figs))
    if not args.only:
        print("all sources: trained on everything, scored on everything")
        model, meta = fit([load_page(p.raw_path, p.gold_path, p.source) for p in pages], args.params)
        full = Roles(model, meta)
        for held in sources:
            test = [p for p in pages if p.source == held]
            print(row(held, score(scorer, parse_with(full, test, registry), test)))
    print(f"time {time.perf_counter() - started:.0f} s")
    print(f"min_loso_headline_f1={worst:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
