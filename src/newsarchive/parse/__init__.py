"""Parse one decoded raw page into issue facts, articles, photo items and leftover blocks.

``parse_lines`` is pure: lines in, a ``ParsedFile`` out. It never reads files or prints.
Steps, as GROBID segments a document:

1. cut the page into units (``reflow.page_units``): a letter-spaced page closed up
   (``spacing.py``), a narrow-column dump's lines joined back (``reflow.py``), then lines and
   the pieces of a line that hold different things (``units.py``: a dateline glued to a
   lead, a credit closing a caption, the heading decks of a page flattened into one line);
2. label every unit with its role (``roles.py``): a linear-chain CRF trained on labelled
   pages (``train.py``) over layout features (``features.py``), its labels checked against
   the structure of headings (``restack/``, one module per kind of check);
3. turn the roles into records (``decode.py``);
4. fill in authors, sources and kinds (``bylines.py``, ``kinds.py``) and settle the issue
   facts from the masthead, the sidecar and the text (``facts.py``).
"""

from __future__ import annotations

import gc

from ..errors import Diagnostic
from ..model import Article, Block, IssueFacts, Line, ParsedFile
from ..papers import Registry
from . import bylines, facts as issue
from .decode import decode
from .kinds import classify_kind
from .roles import Roles, active
from .reflow import page_units
from .units import LEAD, LEAD_FIRST

__all__ = ["parse_lines"]


def parse_lines(
    lines: list[Line],
    *,
    path: str,
    registry: Registry,
    hints: dict | None = None,
    model: Roles | None = None,
) -> ParsedFile:
    """Parse the lines of one file. ``hints`` holds sidecar values (paper, city, date, page,
    edition) and ``path_date`` when the file's path names a date; ``model`` is the role model
    (by default the active one: the packaged model, or the site's own, ``sitemodel.py``)."""
    enabled = gc.isenabled()
    gc.disable()  # a page's records make no reference cycles: counting frees them (and the collector's passes cost a tenth)
    try:
        return _parse(lines, path, registry, hints or {}, model)
    finally:
        if enabled:
            gc.enable()


def _parse(lines: list[Line], path: str, registry: Registry, hints: dict, model: Roles | None) -> ParsedFile:
    nonblank: list[int] = []
    chars: list[int] = []
    for ln in lines:  # (one pass, each line split once: a line with no piece between white space is blank)
        text = ln.text
        pieces = text.split()
        if pieces:
            nonblank.append(ln.no)
            solid = len("".join(pieces))
            chars.append(solid - text.count("\ufeff") if "\ufeff" in text else solid)  # (``solid_len``)
    units = page_units(lines)
    tagged = (model or active()).tag(units)
    dec = decode(units, tagged.roles)
    articles, blocks = dec.articles, dec.blocks
    text_of = {ln.no: ln.text for ln in lines}
    for rec in (*articles, *blocks):
        rec.spans = [(ln, s, e, solid_len(text_of[ln][s:e])) for ln, s, e in dec.spans.get(id(rec), [])]
    for art in articles:
        _finish(art)
    _demote_untitled(articles, blocks)

    diags: list[Diagnostic] = []
    facts = IssueFacts()
    masthead = "\n".join(b.text for b in blocks if b.kind == "masthead")
    printed_weekday = None
    if masthead:
        issue.masthead_facts(facts, masthead, registry)
        printed_weekday = facts.weekday
    headers = [b.text for b in blocks if b.kind == "furniture" and issue.header_cue(b.text)]
    if headers:
        issue.header_facts(facts, "\n".join(headers), registry)
    if not facts.city and not facts.paper:  # a paper the masthead names keeps its city (or none)
        issue.city_from_places(facts, articles, registry)
    issue.apply_hints(facts, hints, registry, path, bool(masthead and facts.date_evidence == "masthead"), diags)
    issue.settle_date(facts, articles, "\n".join([ln.text for ln in lines]), printed_weekday, path, diags)
    roles = []
    for u, r, c in zip(units, tagged.roles, tagged.confidence):
        c = round(c, 3)
        if u.spans:  # a unit joined from printed lines: its role on each piece
            roles.extend([(ln, s, e, r, c) for ln, s, e in u.spans])
        else:  # (``u.raw_spans()`` of a unit of one piece, without a list made for it)
            roles.append((u.line, u.start, u.end, r, c))
    return ParsedFile(
        path=path,
        facts=facts,
        articles=articles,
        blocks=blocks,
        line_count=len(lines),
        nonblank_lines=nonblank,
        nonblank_chars=chars,
        diagnostics=diags,
        roles=roles,
    )




def solid_len(text: str) -> int:
    """Non-space characters of a text (what the lossless proof counts)."""
    solid = len("".join(text.split()))
    return solid - text.count("\ufeff") if "\ufeff" in text else solid  # (``in``: cheaper than ``count``)


def _finish(art: Article) -> None:
    """Authors, source and kind, from the byline, the credit and the datelines in the body."""
    authors = bylines.authors_of(art.byline)
    for extra in (art.credit, *[p.text for p in art.paragraphs if p.role == "p" and _is_dateline(p.text)]):
        authors += [n for n in bylines.authors_of(extra) if n not in authors]
    art.authors = authors
    if art.source is None:
        art.source = bylines.source_of(art.byline, art.source_note)
    if art.source is None:  # a wire's name closing the story: （中央社）
        art.source = bylines.wire_closing(art.credit)
    art.kind = classify_kind(art)


def _is_dateline(text: str) -> bool:
    m = LEAD.match(text) if text[:1] in LEAD_FIRST else None  # (a lead opens with one of these: most paragraphs do not)
    return bool(m) and m.end() >= len(text.rstrip()) - 1


def _demote_untitled(articles: list[Article], blocks: list[Block]) -> None:
    """Text with no title, byline, credit or source is not an article: keep it, as printed,
    in an unclassified block. (A headless piece that names its writer or source, or says where
    it came from, (上接第一版): the continuation of a story from another page, stays an article.)"""
    keep = []
    for art in articles:
        attributable = (art.headline or art.kicker or art.byline or art.credit or art.source_note or art.continued
                        or any(bylines.JUMP_FROM_NOTE.fullmatch(label.strip()) for label in art.labels))
        if art.kind != "photo" and not attributable:
            text = "\n".join([*art.labels, *(p.text for p in art.paragraphs), *([art.subheadline] if art.subheadline else [])])
            blocks.append(Block("unclassified", text, list(art.lines), reason="text with no title or byline",
                                spans=art.spans))
        else:
            keep.append(art)
    if len(keep) != len(articles):
        index = {id(a): i for i, a in enumerate(keep)}
        old = list(articles)
        articles[:] = keep
        for art in keep:
            art.figures = [index[id(old[f])] for f in art.figures if id(old[f]) in index]
