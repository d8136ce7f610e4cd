"""A page set in columns side by side read column by column.

``pdftotext -layout`` (and OCR engines that keep a page's geometry) print a page's columns
side by side: each line of the dump holds a line of the left column, a run of spaces (the
gutter), and a line of the right column. Read line by line, every unit would hold the ends of
two stories. A page is read as columns when a band of positions is blank (white space, or past
the line's end) in nearly every line (``BLANK_SHARE``) while many lines (``MIN_LINES``, and
``MIN_SHARE`` of the page's lines) have text on both sides of it: a gutter. No page of the
labelled pages as printed has one (``tests/test_layout.py``): their lines are paragraphs, titles
and furniture, and spaces stand between names and heading phrases, never at one place down a
page.

The columns are then read in turn, left to right, each from top to bottom (the order
``pdftotext`` gives without ``-layout``): each raw line is cut at the gutters it has (a line
that runs across a gutter, a title over two columns, stays whole in the column it starts in).
Each piece is a line of its own for everything after (the column join of ``reflow.py``, the
units), and every unit keeps the raw span it came from, so records own exactly the characters
they were made of and the lossless proof holds unchanged.
"""

from __future__ import annotations

from ..model import Line

GUTTER = 2
"""Positions a gutter is wide at least (a single space stands between words and names)."""
BLANK_SHARE = 0.95
"""The share of a page's non-blank lines that are blank at every position of a gutter."""
MIN_LINES = 5
"""Lines with text on both sides of a gutter, at least."""
MIN_SHARE = 0.3
"""...and at least this share of the page's non-blank lines."""
_PAD = " \t"
"""What a layout dump pads with: ASCII spaces (a column's own U+3000 indent is printed text, and
so is an NBSP between names)."""


def _gutters(lines: list[Line]) -> list[tuple[int, int]]:
    """The bands of positions (start, end) that are a gutter between two columns."""
    if sum(1 for ln in lines if "  " in ln.text) < MIN_LINES:
        return []  # most pages: hardly a line holds two spaces in a row (one C search a line)
    texts = [ln.text.rstrip() for ln in lines if ln.text.strip()]
    n = len(texts)
    if sum(1 for t in texts if "  " in t.strip()) < max(MIN_LINES, MIN_SHARE * n):
        return []  # no run of spaces between two pieces of text in enough lines
    width = max(len(t) for t in texts)
    filled = [0] * (width + 1)
    for t in texts:
        for x, c in enumerate(t):
            if c not in _PAD:
                filled[x] += 1
    limit = (1 - BLANK_SHARE) * n
    out: list[tuple[int, int]] = []
    x = 0
    while x < width:
        if filled[x] > limit:
            x += 1
            continue
        a = x
        while x < width and filled[x] <= limit:
            x += 1
        if x - a >= GUTTER and a > 0 and x < width:
            both = sum(1 for t in texts if t[:a].strip() and t[x:].strip())
            if both >= MIN_LINES and both >= MIN_SHARE * n:
                out.append((a, x))
    return out


def _cuts(text: str, gutters: list[tuple[int, int]]) -> list[int]:
    """Where each column's part of a raw line starts (the first is 0): at the end of the run of
    padding that crosses each gutter; a line with text all across a gutter is not cut there."""
    cuts = [0]
    for a, b in gutters:
        if a >= len(text):
            break
        x = next((k for k in range(a, min(b, len(text))) if text[k] in _PAD), None)
        if x is None:
            continue  # a title or a rule across the gutter
        end = x
        while end < len(text) and text[end] in _PAD:
            end += 1
        if end > cuts[-1]:
            cuts.append(end)
    return cuts


def columns(lines: list[Line]) -> tuple[list[Line], dict[int, tuple[int, int]]] | None:
    """The page read column by column: the lines of each column (numbered anew, in reading
    order), and for each new number the raw line and the offset in it where the piece starts.
    ``None`` for a page not set in columns side by side (nearly every page)."""
    gutters = _gutters(lines)
    if not gutters:
        return None
    per_line = [(ln, _cuts(ln.text, gutters)) for ln in lines]
    out: list[Line] = []
    back: dict[int, tuple[int, int]] = {}
    for col in range(len(gutters) + 1):
        for ln, cuts in per_line:
            if col < len(cuts):
                start = cuts[col]
                end = cuts[col + 1] if col + 1 < len(cuts) else len(ln.text)
                piece = ln.text[start:end]
            else:
                start, piece = len(ln.text), ""
            out.append(Line(len(out) + 1, piece))
            back[len(out)] = (ln.no, start)
    return out, back
