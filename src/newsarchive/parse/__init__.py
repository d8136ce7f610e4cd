"""Parse one decoded raw page into issue facts, articles, photo items and leftover blocks.

``parse_lines`` is pure: lines in, a ``ParsedFile`` out. It never reads files or prints.
Steps: find the masthead -> classify lines by shape (``lines.py``) -> segment them into
articles (``segment.py``) -> fill in authors, sources and kinds -> settle the issue facts
(masthead, then sidecar/path hints, then place names and dates inferred from the text).
"""

from __future__ import annotations

import unicodedata
from datetime import date

from ..errors import Diagnostic, Severity
from ..model import Article, Block, IssueFacts, Line, ParsedFile
from ..papers import Registry
from . import bylines, dates
from .kinds import classify_kind
from .lines import classify
from .masthead import PRINTED_DATE, find_masthead, is_page_header, page_number
from .segment import segment

__all__ = ["parse_lines"]

WEEKDAYS = "一二三四五六日"


def parse_lines(
    lines: list[Line],
    *,
    path: str,
    registry: Registry,
    hints: dict | None = None,
) -> ParsedFile:
    """Parse the lines of one file. ``hints`` holds sidecar values (paper, city, date, page,
    edition) and ``path_date`` when the file's path names a date."""
    hints = hints or {}
    raw = [ln.text for ln in lines]
    nonblank = [ln.no for ln in lines if ln.text.strip()]
    head = find_masthead(raw)
    skip = set(head.indexes) if head else set()
    blocks: list[Block] = []
    if head:
        blocks.append(Block("masthead", head.text, [lines[i].no for i in head.indexes]))

    headers = [i for i, ln in enumerate(lines) if i not in skip and is_page_header(ln.text)]
    if headers:
        blocks.append(Block("masthead", "\n".join(lines[i].text for i in headers),
                            [lines[i].no for i in headers], reason="page header"))
        skip.update(headers)
    rest = [(ln.no, ln.text) for i, ln in enumerate(lines) if i not in skip]
    blank = sum(1 for _, t in rest if not t.strip())
    toks = classify(rest, blank_separated=blank * 5 >= max(len(rest) - blank, 1))
    articles, leftovers = segment(toks)
    blocks.extend(leftovers)
    for art in articles:
        _finish(art)
    _demote_untitled(articles, blocks, {ln.no: ln.text for ln in lines})

    facts, diags = _facts(head, articles, raw, registry, hints, path)
    _facts_from_headers(facts, [lines[i].text for i in headers], registry)
    return ParsedFile(
        path=path,
        facts=facts,
        articles=articles,
        blocks=blocks,
        line_count=len(lines),
        nonblank_lines=nonblank,
        diagnostics=diags,
    )


def _finish(art: Article) -> None:
    """Authors, source and kind, from the byline and the end notes."""
    authors = bylines.byline_authors(art.byline) if art.byline else []
    if art.credit:
        authors += [n for n in bylines.names_in(art.credit) if n not in authors]
    art.authors = authors
    if art.source is None:
        art.source = bylines.byline_source(art.byline)
    art.kind = classify_kind(art)


def _demote_untitled(articles: list[Article], blocks: list[Block], raw: dict[int, str]) -> None:
    """Text with no title, byline, credit or source is not an article: keep it, as printed,
    in an unclassified block. (A headless piece that names its writer or source, such as the
    continuation of a story from another page, stays an article.)"""
    keep = []
    for art in articles:
        attributable = art.headline or art.kicker or art.byline or art.credit or art.source_note or art.continued
        if art.kind != "photo" and not attributable:
            text = "\n".join(raw[no] for no in art.lines if no in raw)
            blocks.append(Block("unclassified", text, list(art.lines), reason="text with no title or byline"))
        else:
            keep.append(art)
    if len(keep) != len(articles):
        index = {id(a): i for i, a in enumerate(keep)}
        old = list(articles)
        articles[:] = keep
        for art in keep:
            art.figures = [index[id(old[f])] for f in art.figures if id(old[f]) in index]


def _facts_from_headers(facts: IssueFacts, headers: list[str], registry: Registry) -> None:
    """An inner page's header prints the date and the page number (and often the paper)."""
    for text in headers:
        norm = unicodedata.normalize("NFKC", text)
        if facts.page is None:
            facts.page = page_number(text)
        m = PRINTED_DATE.search(norm)
        if m and m.group("wd") and facts.date_evidence in ("unknown", "inferred", "path"):
            try:
                facts.date = date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                continue
            facts.date_evidence, facts.weekday = "masthead", m.group("wd")
            facts.date_earliest = facts.date_latest = None
            facts.date_note = ""
    if facts.city_evidence.startswith("places") or not facts.city:
        paper = registry.match_masthead("\n".join(headers)) if headers else None
        if paper is not None and paper.city:
            facts.paper, facts.city, facts.city_slug = paper.name, paper.city, paper.slug
            facts.city_evidence = "page header"


def _facts(head, articles, raw, registry: Registry, hints, path) -> tuple[IssueFacts, list[Diagnostic]]:
    facts = IssueFacts()
    diags: list[Diagnostic] = []
    if head:
        facts.weekday, facts.lunar_date = head.weekday, head.lunar_date
        facts.issue_number, facts.page_count = head.issue_number, head.page_count
        paper = registry.match_masthead(head.text)
        if paper is not None:
            facts.paper, facts.city = paper.name, paper.city
            facts.city_slug = paper.slug if paper.city else None
            facts.city_evidence = "masthead"
        if head.date:
            facts.date, facts.date_evidence = head.date, "masthead"

    if facts.city is None:
        local = "\n".join(
            "\n".join([a.headline or "", a.byline or "", *a.body]) for a in articles if not a.source
        )
        vote = registry.best_city(local) if local else None
        if vote is None:  # a page of reprints: let the whole page vote
            vote = registry.best_city("\n".join(raw))
        if vote is not None:
            facts.paper, facts.city, facts.city_slug = vote.paper.name, vote.paper.city, vote.paper.slug
            facts.city_evidence = "places: " + ", ".join(f"{p}×{n}" for p, n in vote.hits[:6])

    # Sidecar values are an editor's word and win over what the text suggests.
    if hints.get("paper"):
        paper = registry.by_name(hints["paper"])
        facts.paper = hints["paper"]
        if paper is not None and paper.city:
            facts.city, facts.city_slug = paper.city, paper.slug
        facts.city_evidence = "sidecar"
    if hints.get("city"):
        paper = registry.by_city(hints["city"])
        facts.city = hints["city"].removesuffix("市")
        facts.city_slug = paper.slug if paper else facts.city_slug
        if paper and not hints.get("paper"):
            facts.paper = paper.name
        facts.city_evidence = "sidecar"
    # The nameplate is printed on the front page only.
    facts.page = hints.get("page") or (1 if head else None)
    facts.edition = hints.get("edition")
    if hints.get("date"):
        if facts.date and facts.date != hints["date"]:
            diags.append(
                Diagnostic(Severity.WARNING, path, 0,
                           f"sidecar date {hints['date']} differs from the masthead date {facts.date}",
                           "fix the sidecar, or remove its date to use the masthead", code="date-conflict")
            )
        facts.date, facts.date_evidence = hints["date"], "sidecar"
    elif facts.date is None and hints.get("path_date"):
        facts.date, facts.date_evidence = hints["path_date"], "path"

    if facts.date is None:
        leads = [a.body[0] for a in articles if a.body and a.kind != "photo" and not a.source]
        inferred = dates.infer_issue_date(leads, "\n".join(raw))
        if inferred is not None:
            facts.date_evidence = "inferred"
            facts.date_earliest, facts.date_latest = inferred.earliest, inferred.latest
            facts.date_note = inferred.note
    if facts.date is not None and facts.weekday is None:
        facts.weekday = "星期" + WEEKDAYS[facts.date.weekday()]
    if isinstance(facts.date, date) and head and head.weekday:
        expected = "星期" + WEEKDAYS[facts.date.weekday()]
        printed = head.weekday.replace("礼拜", "星期").replace("周", "星期").replace("天", "日")
        if printed != expected:
            diags.append(
                Diagnostic(Severity.WARNING, path, 0,
                           f"masthead weekday {head.weekday} does not match {facts.date} ({expected})",
                           "check the printed date", code="weekday-mismatch")
            )
    return facts, diags
