"""The printed lines of a narrow-column dump joined back into the lines they were cut from.

A PDF or OCR dump of a newspaper's columns breaks running text wherever a column ends: inside
a dateline's bracket (``本报讯(通讯员 张健 徐天`` / ``龙)伊通满族自治县…``), a name, a long title
with a comma. Units do not span lines, so such a dateline is no byline and a lead's first line
no lead. Printed columns say where a paragraph goes on: a line that runs to the column's full
width continues on the next line; a paragraph's last line is shorter (pdftotext and OCR
engines rebuild paragraphs the same way). So:

* the page's column widths are the lengths shared by many lines of running text (lines with a
  clause or sentence mark; a paragraph's indent counts): a length held by at least
  ``MIN_LINES`` such lines and by at least ``MIN_SHARE`` of them (a page can set stories in
  columns of several widths). A page printed with one paragraph per line has none (no
  labelled page as printed has one: ``tests/test_reflow.py``), and then nothing here changes
  it;
* a line as long as a column (or one character longer: punctuation hanging in the margin; or
  as wide, digits and Latin letters set half width) that does not end a sentence is joined
  with the next line when that line follows it directly (no blank line), is neither markup,
  nor indented as a new paragraph, nor a dateline, and is no wider than the column; a
  paragraph keeps to the width of its first line (on a page of several widths, a paragraph's
  short last line, or a title, can match another column's width).

The joined lines are what the role model reads (``page_units``); every unit keeps the spans of
raw text it covers (``Unit.spans``), so records own exactly the characters they were made of
and the lossless proof holds unchanged.
"""

from __future__ import annotations

import re
from collections import Counter
from unicodedata import east_asian_width

from ..model import Line
from .layout import columns
from .spacing import closed_up, letter_spaced, raw_span
from .text import reading
from .units import AGENCY_DATELINE, Unit, summary_label, units_of

MIN_LINES = 5
MIN_SHARE = 0.1
_RUNNING = re.compile("[。，,；;！？!?、]")
_MARKUP = ("#", "!", "<", "[", "|", ">", "-", "*", "```")
_INDENT = ("\u3000", "  ", "\t")


def column_widths(lines: list[Line]) -> set[int]:
    """Lengths (in characters, a paragraph's indent included) that many lines of running text
    share: a column's width."""
    running = [len(t) for t in [ln.text.rstrip() for ln in lines] if 8 <= len(t) <= 80 and _RUNNING.search(t)]
    if len(running) < MIN_LINES:
        return set()
    return {w for w, k in Counter(running).items() if k >= MIN_LINES and k >= MIN_SHARE * len(running)}


_HALF = re.compile(r"[!-~]")
"""Digits, Latin letters and ASCII punctuation, set half a cell wide: a line holding them holds
more characters (a line whose only narrow characters are spaces is a spaced title or byline,
本报记者  庞革平  本报通讯员  陆华勇, not a column's line)."""
_ENDS = re.compile("[。！？!?…][”’」』）)]?$")
"""A sentence's end (a closing quotation after it too; a quotation closed after a word, 筑牢安全
“防火墙”, ends none)."""
_HANGING = "，、；：,;:”’）)」』"
"""Punctuation a column lets hang in its margin (a line one character over the width)."""


def _display(text: str) -> float:
    """A line's printed width in full-width cells: digits, Latin letters and ASCII spaces are
    set half width in a Chinese column (a line with them holds more characters)."""
    return sum(1.0 if east_asian_width(c) in "FWA" else 0.5 for c in text)


def _fills(text: str, widths: set[int]) -> set[int]:
    """The column widths a line runs to (one character over for punctuation hanging in the
    margin, half-width digits and letters counted as such); none when it ends a sentence."""
    t = text.rstrip()
    if not t.strip() or _ENDS.search(reading(t[-3:])):  # only the end is asked
        return set()
    n, d = len(t), None
    hangs = t[-1] in _HANGING
    out = set()
    for w in widths:
        if n == w or n == w + 1 and hangs:
            out.add(w)
        elif n < w + 8 and _HALF.search(t.strip()):
            d = _display(t) if d is None else d
            if w - 0.5 <= d <= w + 1:
                out.add(w)
    return out


def _fits(text: str, column: set[int]) -> bool:
    """A line no wider than the column it would go on in (a wider one is set in another)."""
    t = text.rstrip()
    w = max(column) + 1
    return len(t) <= w or _display(t) <= w


def _markup(text: str) -> bool:
    """A line of a Markdown or HTML dump's markup (a heading, an image, a link, a list)."""
    return text.lstrip().startswith(_MARKUP)


def _opens(text: str) -> bool:
    """A line that starts something of its own: markup, a paragraph's indent, or a dateline
    (本报电  记者日前从…, 据新华社北京2月10日电, 【本報訊】, 〔本報南京廿四日電〕: a story's
    first line, under its title), or a summary box's label (核心阅读)."""
    return (_markup(text) or text.startswith(_INDENT) or bool(_DATELINE.match(text))
            or summary_label(text))


_DATELINE = re.compile(r"\s*[〔【（(]?據?" + AGENCY_DATELINE)


def joined_lines(lines: list[Line]) -> tuple[list[Line], dict[int, list[tuple[int, int, int]]]]:
    """The page's lines with column-width lines joined to the next, and for each joined line
    (by its first line's number) its pieces: (offset in the joined text, raw line, offset in
    that line). Lines not joined are returned as they are."""
    widths = column_widths(lines)
    if not widths:
        return lines, {}
    out: list[Line] = []
    pieces: dict[int, list[tuple[int, int, int]]] = {}
    k = 0
    while k < len(lines):
        ln = lines[k]
        j = k
        column = _fills(ln.text, widths)  # a paragraph keeps to one column's width
        while (j + 1 < len(lines) and column and not _markup(lines[j].text)
               and lines[j + 1].text.strip() and not _opens(lines[j + 1].text)
               and _fits(lines[j + 1].text, column)):
            j += 1
            column &= _fills(lines[j].text, widths)
        if j == k:
            out.append(ln)
            k += 1
            continue
        text, parts = "", []
        for m in range(k, j + 1):
            raw = lines[m].text
            lead = len(raw) - len(raw.lstrip()) if m > k else 0
            body = raw[lead:].rstrip() if m < j else raw[lead:]
            parts.append((len(text), lines[m].no, lead))
            text += body
        out.append(Line(ln.no, text))
        pieces[ln.no] = parts
        k = j + 1
    return out, pieces


def _spans(u: Unit, parts: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The raw-text spans of a unit cut from a joined line."""
    spans = []
    for idx, (off, no, lead) in enumerate(parts):
        end_off = parts[idx + 1][0] if idx + 1 < len(parts) else None
        s = max(u.start, off)
        e = u.end if end_off is None else min(u.end, end_off)
        if s < e:
            spans.append((no, lead + s - off, lead + e - off))
    return spans


def page_units(lines: list[Line]) -> list[Unit]:
    """The units the role model reads: those of the page read column by column when its
    columns stand side by side (``layout.py``), closed up when it is letter-spaced
    (``spacing.py``) and with its column-width lines joined, each with the raw spans it
    covers."""
    cols = columns(lines)
    back = None
    if cols is not None:
        lines, back = cols
    maps = None
    if letter_spaced(lines):
        lines, maps = closed_up(lines)
    joined, pieces = joined_lines(lines)
    units = units_of(joined)
    if not pieces and maps is None and back is None:
        return units
    for u in units:
        parts = pieces.get(u.line)
        spans = _spans(u, parts) if parts is not None else [(u.line, u.start, u.end)]
        if maps is not None:
            spans = [raw_span(maps, *span) for span in spans]
        if back is not None:  # a column's line is a piece of a raw line
            spans = [(back[no][0], s + back[no][1], e + back[no][1]) for no, s, e in spans]
        u.line, u.start, u.end = spans[0]
        if len(spans) > 1:
            u.spans = spans
    return units
