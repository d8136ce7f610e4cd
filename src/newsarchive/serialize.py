"""The JSON contract of ``newsarchive parse --json``: one object per file.

Field names follow ``../shared/gold/score.py`` exactly (``file, paper, city, date,
issue_number, articles[headline, kicker, subheadline, byline, authors, source, kind, body,
continued]``); the rest are extra fields for people and later stages.
"""

from __future__ import annotations

from .model import Article, ParsedFile


def _iso(d) -> str | None:
    return d.isoformat() if d else None


def article_fields(art: Article) -> dict:
    """The fields every article record shares: the parse contract's and the open data's."""
    return {
        "headline": art.headline,
        "kicker": art.kicker,
        "subheadline": art.subheadline,
        "byline": art.byline,
        "authors": list(art.authors),
        "source": art.source,
        "kind": art.kind,
        "body": art.body,
        "subheads": [i for i, p in enumerate(art.paragraphs) if p.role == "subhead"],
        "continued": art.continued,
        "credit": art.credit,
        "source_note": art.source_note,
        "labels": list(art.labels),
        "corrections": list(art.corrections),
    }


def article_json(art: Article, index: int) -> dict:
    return {"index": index, **article_fields(art), "figures": list(art.figures), "lines": list(art.lines)}


def parsed_json(pf: ParsedFile) -> dict:
    f = pf.facts
    placement = pf.placement()
    return {
        "file": pf.path,
        "paper": f.paper,
        "city": f.city,
        "city_slug": f.city_slug,
        "city_evidence": f.city_evidence,
        "date": _iso(f.date),
        "date_evidence": f.date_evidence,
        "date_earliest": _iso(f.date_earliest),
        "date_latest": _iso(f.date_latest),
        "date_note": f.date_note,
        "weekday": f.weekday,
        "lunar_date": f.lunar_date,
        "issue_number": f.issue_number,
        "page_count": f.page_count,
        "page": f.page,
        "edition": f.edition,
        "encoding": pf.encoding,
        "articles": [article_json(a, i) for i, a in enumerate(pf.articles)],
        "blocks": [{"kind": b.kind, "text": b.text, "lines": b.lines, "reason": b.reason} for b in pf.blocks],
        "coverage": {
            "nonblank_lines": len(pf.nonblank_lines),
            "chars": placement[1],
            "placed_chars": placement[0],
        },
        "diagnostics": [d.to_json() for d in pf.diagnostics],
    }
