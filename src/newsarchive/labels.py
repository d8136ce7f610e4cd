"""An editor's labels of a page: written prefilled from today's parse, compared with it after.

The format is the gold format of the labelled pages (``data/labelled/SCHEMA.md``): the issue
facts, then every item of the page in reading order with its headline, kicker, subheadline,
byline, authors, source, kind, the first and last words of its body (``body_start``,
``body_end``) and its jump note. ``label_yaml`` writes it from a parsed page (with the sidecar's
corrections already applied), so an editor corrects instead of typing; ``compare`` says where
a parse and the labels disagree, each with the labels' line.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import yaml

from .model import ParsedFile
from .parse.project import norm

BODY_WORDS = 20
"""Characters of a body's start and end kept in the labels (matched after removing white space)."""

HEADER = """\
# Labels of {file}: what a careful editor reads on this page. Prefilled by
# `newsarchive label` from today's parse; correct it, then `newsarchive train`.
# Format and conventions: SCHEMA.md in newsarchive's labelled pages (data/labelled/).
# Every string is copied from the raw text (white space does not matter); an item that is
# not an article (a column label, furniture, the masthead) is left out; a photo item has
# kind: photo, its credit as byline and its caption as body.
"""


def label_data(pf: ParsedFile, file: str) -> dict:
    f = pf.facts
    arts = []
    for art in pf.articles:
        body = "".join(art.body)
        compact = "".join(body.split())
        arts.append({
            "headline": art.headline,
            "kicker": art.kicker,
            "subheadline": art.subheadline,
            "byline": art.byline,
            "authors": list(art.authors),
            "source": art.source,
            "kind": art.kind,
            "body_start": compact[:BODY_WORDS] or None,
            "body_end": compact[-BODY_WORDS:] or None,
            "continued": art.continued,
        })
    return {
        "file": file,
        "paper": f.paper,
        "city": f.city,
        "date": f.date.isoformat() if f.date else None,
        "date_evidence": f.date_evidence if f.date_evidence in ("masthead",) else "unknown",
        "issue_number": f.issue_number,
        "articles": arts,
    }


def label_yaml(pf: ParsedFile, file: str) -> str:
    text = yaml.safe_dump(label_data(pf, file), allow_unicode=True, sort_keys=False, width=1000,
                          default_flow_style=False)
    return HEADER.format(file=file) + text


@dataclass
class Disagreement:
    line: int
    """The line of the labels file the disagreement is about (the item, or the file's top)."""
    message: str


@dataclass
class Comparison:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    disagreements: list[Disagreement] = field(default_factory=list)


def _n(text) -> str:
    return norm(unicodedata.normalize("NFKC", str(text))) if text else ""


def compare_parsed(pf: ParsedFile, gold: dict, gold_lines: list[int] | None = None) -> Comparison:
    """Where a parse and its labels disagree, as ``score.py`` judges: headlines (missed or not
    labelled), and for each labelled headline its byline, authors, subheadline and the start and
    end of its body."""
    items = [a for a in gold.get("articles") or [] if isinstance(a, dict)]
    lines = gold_lines or [0] * len(items)
    out = Comparison()
    pred = {}
    for art in pf.articles:
        if art.headline:
            pred.setdefault(_n(art.headline), []).append(art)
    out.predicted = sum(len(v) for v in pred.values())
    for item, line in zip(items, lines):
        if not item.get("headline"):
            continue
        out.gold += 1
        found = pred.get(_n(item["headline"]))
        if not found:
            out.disagreements.append(Disagreement(line, f"the parse misses the headline {item['headline']!r}"))
            continue
        art = found.pop(0)
        out.matched += 1
        body = _n("".join(art.body))
        checks = [
            ("byline", _n(art.byline) == _n(item.get("byline")), art.byline, item.get("byline")),
            ("authors", sorted(_n(a) for a in art.authors) == sorted(_n(a) for a in item.get("authors") or []),
             "、".join(art.authors), "、".join(item.get("authors") or [])),
            ("subheadline", _n(art.subheadline) == _n(item.get("subheadline")), art.subheadline, item.get("subheadline")),
            ("body_start", not item.get("body_start") or body.startswith(_n(item["body_start"])),
             "".join(art.body)[:BODY_WORDS], item.get("body_start")),
            ("body_end", not item.get("body_end") or body.endswith(_n(item["body_end"])),
             "".join(art.body)[-BODY_WORDS:], item.get("body_end")),
        ]
        for name, ok, got, want in checks:
            if not ok:
                out.disagreements.append(Disagreement(
                    line, f"{item['headline'][:20]!r}: {name} is {_clip(got)!r}, labelled {_clip(want)!r}"))
    for rest in pred.values():  # what no labelled headline matched
        for art in rest:
            out.disagreements.append(Disagreement(0, f"the parse finds a headline not in the labels: {art.headline[:30]!r}"))
    return out


def _clip(text) -> str:
    text = "" if text is None else str(text)
    return text if len(text) <= 30 else text[:29] + "…"


def article_lines(text: str) -> list[int]:
    """The line of each item of a labels file (1-based), for messages."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return []
    if not isinstance(node, yaml.MappingNode):
        return []
    for key, value in node.value:
        if getattr(key, "value", None) == "articles" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def compare(page, model) -> Comparison:
    """Parse a labelled page (``train.Page``) with ``model`` and compare it with its labels."""
    from .papers import load_registry
    from .parse import parse_lines
    from .sources import decode, split_lines

    text = decode(page.raw_path.read_bytes(), page.raw_path.name).text
    pf = parse_lines(split_lines(text), path=page.raw_path.name, registry=load_registry(), model=model)
    return compare_parsed(pf, page.gold, article_lines(page.gold_path.read_text(encoding="utf-8")))


def label_diagnostics(config, pages, model) -> list:
    """One warning per disagreement between today's parse of a labelled page and its labels,
    at the labels' line: a labelled page the parser reads differently has regressed."""
    from .errors import Diagnostic, Severity

    out = []
    hint = _label_hint(getattr(model, "meta", None) or {})
    for page in pages:
        rel = page.gold_path.relative_to(config.root).as_posix() if page.gold_path.is_relative_to(config.root) \
            else str(page.gold_path)
        for d in compare(page, model).disagreements:
            out.append(Diagnostic(Severity.WARNING, rel, d.line, f"parse and labels disagree: {d.message}",
                                  hint, code="label"))
    return out


def _label_hint(meta: dict) -> str:
    """What an editor can do about a labelled page the parse reads differently. Where the site
    parses with the packaged model (a model trained on the site's labels read its held-out
    labelled pages no better: ``sitemodel.select``), training again changes nothing until the
    labels do."""
    if meta.get("site_scores", {}).get("used") == "baseline":
        return ("correct the labels if the parse is right; otherwise the site parses with the packaged model, "
                "which read your held-out labelled pages better than a model trained on them: label more pages "
                "of this layout, or correct this page in its sidecar (NAME.yaml)")
    return ("correct the labels if the parse is right; otherwise run `newsarchive train` "
            "(and label another page like this one)")
