"""The records the parser produces: plain dataclasses, no behaviour beyond small views.

Every record keeps the numbers of the raw lines it was made from (``lines``), so the build
can prove that each non-blank input line landed in exactly one record. Text fields hold the
original characters (markup such as ``**`` or ``<b>`` removed, punctuation as printed);
only comparison keys are normalised, elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

KINDS = ("news", "commentary", "feature", "notice", "photo", "other")
DATE_EVIDENCE = ("masthead", "sidecar", "path", "inferred", "unknown")


@dataclass(frozen=True, slots=True)
class Line:
    """One raw line of a decoded file: its 1-based number and its text without line end."""

    no: int
    text: str


@dataclass(slots=True)
class Paragraph:
    """A body paragraph, possibly joined from column-break fragments.

    ``role`` is ``"p"`` for running text, ``"subhead"`` for an in-article subhead (a section
    title inside one article, not the start of a new one), ``"summary"`` for display text
    printed between the headings and the body, and ``"closing"`` for a signature or date
    that closes a notice.
    """

    text: str
    lines: list[int]
    role: str = "p"
    markup: str = ""
    """The text with the dump's inline markup kept (``**bold**``, ``<b>``), for rendering;
    empty when the line had none (then ``text`` is the markup)."""


@dataclass(slots=True)
class Caption:
    """A photo caption: its text, the credit line as printed and the photographers."""

    text: str
    credit: str | None
    photographers: list[str]
    lines: list[int]
    title: str | None = None


BODY_ROLES = ("p", "subhead")
"""Paragraph roles that are the story's running text. Others: ``summary`` (display text
between the headings and the body, such as a 核心阅读 box) and ``closing`` (a notice's
signature and date)."""

LEAD = 81
"""Characters of body text a summary keeps: an 80-character excerpt, and whether it is cut."""


@dataclass(slots=True, eq=False)  # identity: two articles with equal fields are still two articles
class Article:
    """One item on the page, in reading order. Photos are items of kind ``photo``."""

    headline: str | None = None
    kicker: str | None = None
    subheadline: str | None = None
    byline: str | None = None
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    kind: str = "other"
    paragraphs: list[Paragraph] = field(default_factory=list)
    continued: str | None = None
    credit: str | None = None
    """A trailing credit as printed, e.g. ``(刘永来 孙碩琳)``."""
    source_note: str | None = None
    """A reprint note as printed, e.g. ``(转自《人民日报》)``."""
    labels: list[str] = field(default_factory=list)
    """Column banners or tags printed above the title block (neither kicker nor headline)."""
    figures: list[int] = field(default_factory=list)
    """Indexes (into ``ParsedFile.articles``) of photo items that interrupt or follow this body."""
    lines: list[int] = field(default_factory=list)
    """Every raw line number this record owns (title block, byline, body, notes)."""
    first_line: int = 0
    corrections: list[str] = field(default_factory=list)
    """Editors' notes for fields changed by a sidecar correction (shown on the article page)."""
    lead: str | None = None
    """Set only on a summary (``ParsedFile.summary()``): the body's first characters, kept
    for excerpts and display titles when the paragraphs are left in the record cache."""
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)
    """The pieces of raw text the record owns: (line, start, end, non-space characters)."""

    @property
    def is_article(self) -> bool:
        """The one definition every count of articles uses (home, paper, issue, day, calendars,
        data page, build and check reports): an item that is not a photo. A photo standing
        alone is counted as a picture (幅); one inside an article is that article's figure."""
        return self.kind != "photo"

    @property
    def body(self) -> list[str]:
        """The running text: paragraphs and in-article subheads (not a summary box or a
        notice's closing signature, which are shown but are not the story's text)."""
        return [p.text for p in self.paragraphs if p.role in BODY_ROLES]

    def summary_text(self, limit: int = LEAD) -> str:
        """The body's first ``limit`` characters (enough for an excerpt and to know it is cut)."""
        if self.lead is not None:
            return self.lead[:limit]
        out, size = [], 0
        for p in self.paragraphs:
            if p.role not in BODY_ROLES:
                continue
            out.append(p.text)
            size += len(p.text)
            if size >= limit:
                break
        return "".join(out)[:limit]


@dataclass(slots=True)
class Block:
    """Text that is not an article: the masthead, or text the parser could not place."""

    kind: str  # "masthead" | "furniture" | "unclassified"
    text: str
    lines: list[int]
    reason: str = ""
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)
    """The pieces of raw text the block owns: (line, start, end, non-space characters)."""


@dataclass(slots=True)
class IssueFacts:
    """What the page says (or what was inferred) about the issue it belongs to."""

    paper: str | None = None
    city: str | None = None
    city_slug: str | None = None
    date: date | None = None
    date_evidence: str = "unknown"
    date_earliest: date | None = None
    """For an inferred date: the earliest day the issue can have appeared."""
    date_latest: date | None = None
    """For an inferred date: the latest day, when the text fixes one."""
    date_note: str = ""
    weekday: str | None = None
    lunar_date: str | None = None
    issue_number: int | None = None
    page_count: int | None = None
    page: int | None = None
    edition: str | None = None
    city_evidence: str = ""


@dataclass(slots=True)
class ParsedFile:
    """Everything parsed from one raw file."""

    path: str
    facts: IssueFacts
    articles: list[Article]
    blocks: list[Block]
    line_count: int
    nonblank_lines: list[int]
    encoding: str = "utf-8"
    nonblank_chars: list[int] = field(default_factory=list)
    """Non-space characters of each non-blank line (aligned with ``nonblank_lines``)."""
    roles: list[tuple[int, int, int, str, float]] = field(default_factory=list)
    """The role model's reading of the page: (line, start, end, role, confidence) per unit."""
    diagnostics: list = field(default_factory=list)
    source: str = ""
    """Absolute path of the raw file (for the raw-text copy in the site)."""
    digest: str = ""
    """SHA-256 of the text with all white space removed (finds copies of the same page)."""
    ignore: frozenset = frozenset()
    """Warning codes an editor has reviewed for this page (sidecar ``ignore:``)."""
    key: str = ""
    """The record cache's key (file path, bytes, sidecar, parser): what the record is made of."""
    summary_of: bool = False
    """True for a summary: articles without paragraphs (``Article.lead`` instead)."""

    def summary(self) -> "ParsedFile":
        """A copy for the archive index: every field but article paragraphs and blocks' text.

        A build holds a summary of every file (~0.3 KB per article) and loads the full record of
        one issue at a time from the cache when it renders that issue."""
        arts = [Article(headline=a.headline, kicker=a.kicker, subheadline=a.subheadline, byline=a.byline,
                        authors=a.authors, source=a.source, kind=a.kind, continued=a.continued, credit=a.credit,
                        source_note=a.source_note, labels=a.labels, figures=a.figures,
                        lines=[a.lines[0], a.lines[-1]] if a.lines else [], first_line=a.first_line,
                        corrections=a.corrections, lead=a.summary_text())
                for a in self.articles]
        return ParsedFile(path=self.path, facts=self.facts, articles=arts, blocks=[], line_count=self.line_count,
                          nonblank_lines=self.nonblank_lines[:1],  # empty or not is all the index needs
                          encoding=self.encoding, diagnostics=[], source=self.source,
                          digest=self.digest, ignore=self.ignore, key=self.key, summary_of=True)

    def placement(self) -> tuple[int, int, list[int], list[int]]:
        """The lossless proof: (characters placed exactly once, non-space characters, lines
        with a character in no record, lines with a character in two records).

        Computed from the records' spans against the counts taken when the file was read, so a
        record that drops or repeats text shows here."""
        spans: dict[int, list[tuple[int, int, int]]] = {}
        for rec in (*self.articles, *self.blocks):
            for line, start, end, n in rec.spans:
                spans.setdefault(line, []).append((start, end, n))
        placed = total = 0
        lost: list[int] = []
        twice: list[int] = []
        for no, n in zip(self.nonblank_lines, self.nonblank_chars):
            total += n
            got = sorted(spans.get(no, ()))
            overlap = any(a[1] > b[0] for a, b in zip(got, got[1:]))
            have = sum(s[2] for s in got)
            if overlap or have > n:
                twice.append(no)
            elif have < n:
                lost.append(no)
                placed += have
            else:
                placed += n
        return placed, total, lost, twice

    def owners(self) -> dict[int, list[str]]:
        """Map each raw line number to the records that claim it (for the lossless proof)."""
        owned: dict[int, list[str]] = {}
        for i, art in enumerate(self.articles):
            for no in art.lines:
                owned.setdefault(no, []).append(f"article[{i}]")
        for i, blk in enumerate(self.blocks):
            for no in blk.lines:
                owned.setdefault(no, []).append(f"{blk.kind}[{i}]")
        return owned
