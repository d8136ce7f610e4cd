"""Search documents: one per article (photos included), numbered newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class SearchDoc:
    id: int
    url: str
    title: str
    kicker: str
    subheadline: str
    byline: str
    text: str
    paper: str
    paper_name: str
    kind: str
    kind_label: str
    date: date | None
    text_id: str = ""
    """The URL of the text's earliest printing when it is printed more than once, else ""."""

    @property
    def fields(self) -> tuple[str, str, str, str, str]:
        return (self.title, self.kicker, self.subheadline, self.byline, self.text)


def documents(planner, full=None, issues=None) -> list[SearchDoc]:
    """One SearchDoc per article (photos included) of ``issues`` (by default the archive's),
    numbered newest first from 0.

    ``full(issue)`` gives an issue's full view (with article texts); by default the planner
    makes it from the records the archive holds."""
    full = full or (lambda issue: planner.full_issue(issue, html=False))
    issues = planner.archive.issues if issues is None else issues
    rows = []
    for issue in issues:
        summary = planner.issue_views[id(issue)]
        d = summary["date"]
        for number in range(1, len(summary["articles"]) + 1):
            key = (d is None, -(d.toordinal() if d else 0), summary["slug"] or "", summary["url"], number)
            rows.append((key, issue))
    rows.sort(key=lambda r: r[0])
    order = {}
    for n, (key, issue) in enumerate(rows):
        order.setdefault(id(issue), []).append((key[-1], n))
    docs: list = [None] * len(rows)
    for issue in issues:  # one issue's texts at a time
        view = full(issue)
        arts = view["articles"]
        for number, n in order.get(id(issue), []):
            art = arts[number - 1]
            docs[n] = SearchDoc(
                id=n, url=art["url"], title=art["display_title"] or "", kicker=art["kicker"] or "",
                subheadline=art["subheadline"] or "", byline=art["byline"] or "", text=art["text"] or "",
                paper=view["slug"] or "", paper_name=view["paper"] or "", kind=art["kind"] or "other",
                kind_label=art["kind_label"] or "", date=view["date"],
                text_id=(art.get("reprints") or {}).get("text_id", ""))
    return docs

