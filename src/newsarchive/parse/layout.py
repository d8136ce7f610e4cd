"""A page set in columns side by side read column by column.

``pdftotext -layout`` (and OCR engines that keep a page's geometry) print a page's columns
side by side: each line of the dump holds a line of the left column, a run of spaces (the
gutter), and a line of the right column. Read line by line, every unit would hold the ends of
two stories. A page is read as columns when a band of positions is blank (white space, or past
the line's end) in nearly every line (``BLANK_SHARE``) while many lines (``MIN_LINES``, and
``MIN_SHARE`` of the page's lines) have text on both sides of it, running text (a clause or
sentence mark) on each side: a gutter. (A table's columns of names and figures, aligned with
spaces, stay rows, as printed.) No page of the
labelled pages as printed has one (``tests/test_layout.py``): their lines are paragraphs, titles
and furniture, and spaces stand between names and heading phrases, never at one place down a
page.

A page is read as newspaper layout analysis reads a page image (recursive X-Y cut, Nagy and
Seth 1984): a region (at first the whole page) is cut at its first gutter, and the left part
read before the right one; a region with no gutter is cut at its rows blank all across, top to
bottom (a block of fewer than ``MIN_LINES`` rows of text, a row of titles over their columns,
goes with the block below it), and each block is read the same way. So a page with a story over
two columns at the top and three narrower columns below reads in the order ``pdftotext`` gives
without ``-layout``. A line that runs across a gutter (a title over two columns) stays whole in
the column it starts in. Each piece is a line of its own for everything after (the column join
of ``reflow.py``, the units), and every unit keeps the raw span it came from, so records own
exactly the characters they were made of and the lossless proof holds unchanged.
"""

from __future__ import annotations

import re

from ..model import Line

GUTTER = 2
"""Positions a gutter is wide at least (a single space stands between words and names)."""
BLANK_SHARE = 0.95
"""The share of a region's non-blank lines that are blank at every position of a gutter (one
line may cross it in any region: a title over two columns)."""
MIN_LINES = 5
"""Lines with text on both sides of a gutter, at least."""
MIN_SHARE = 0.3
"""...and at least this share of the region's non-blank lines."""
_PAD = " \t"
"""What a layout dump pads with: ASCII spaces (a column's own U+3000 indent is printed text, and
so is an NBSP between names)."""


Piece = tuple[int, int, int]
"""A piece of a raw line: (index of the line in the page, start, end)."""


def _gutter(lines: list[str], region: list[Piece]) -> tuple[int, int] | None:
    """The first band of positions (start, end) in a region that is a gutter between two
    columns, or None."""
    solid = [(i, s, e) for i, s, e in region if lines[i][s:e].strip()]
    n = len(solid)
    if n < MIN_LINES or sum(1 for i, s, e in solid if "  " in lines[i][s:e].strip()) < max(MIN_LINES, MIN_SHARE * n):
        return None  # no run of spaces between two pieces of text in enough lines
    left = min(s for _, s, _ in solid)
    width = max(e for _, _, e in solid)
    filled = [0] * (width + 1)
    for i, s, e in solid:
        t = lines[i]
        for x in range(s, e):
            if t[x] not in _PAD:
                filled[x] += 1
    limit = max(1, (1 - BLANK_SHARE) * n)  # a title across the columns may cross it
    x = left
    while x < width:
        if filled[x] > limit:
            x += 1
            continue
        a = x
        while x < width and filled[x] <= limit:
            x += 1
        if x - a >= GUTTER and a > left and x < width:
            both = sum(1 for i, s, e in solid if lines[i][s:min(a, e)].strip() and lines[i][max(x, s):e].strip())
            if both >= MIN_LINES and both >= MIN_SHARE * n and _running(lines, solid, left, a) and _running(
                    lines, solid, x, width):
                return a, x
    return None


_CLAUSE = re.compile("[，。、；！？,;]")
MIN_RUNNING = 2
"""Lines of running text (a clause or sentence mark) each side of a gutter holds at least: a
table's columns of names and figures, aligned with spaces, are read row by row, as printed."""


def _running(lines: list[str], solid: list[Piece], a: int, b: int) -> bool:
    """Whether positions ``a`` to ``b`` of a region hold running text in ``MIN_RUNNING`` lines."""
    k = 0
    for i, s, e in solid:
        if _CLAUSE.search(lines[i], max(a, s), min(b, e)):
            k += 1
            if k >= MIN_RUNNING:
                return True
    return False


def _split(lines: list[str], region: list[Piece], band: tuple[int, int]) -> tuple[list[Piece], list[Piece]]:
    """A region cut at a gutter: each piece at the end of its run of padding that crosses the
    band (a piece with text all across it, a title over both columns, stays whole on the left;
    so does one with only single spaces there, ``_padding``)."""
    a, b = band
    left, right = [], []
    for i, s, e in region:
        t = lines[i]
        if s >= b or not t[s:min(b, e)].strip():  # the line has text right of the gutter only
            start = s
            while start < e and t[start] in _PAD:
                start += 1
            left.append((i, s, start))
            right.append((i, start, e))
            continue
        x = next((k for k in range(max(a, s), min(b, e)) if t[k] in _PAD and _padding(t, k, s, e) >= GUTTER), None)
        if x is None or not t[s:x].strip() and not t[x:e].strip():
            left.append((i, s, e))
            right.append((i, e, e))
            continue
        end = x
        while end < e and t[end] in _PAD:
            end += 1
        left.append((i, s, end))
        right.append((i, end, e))
    return left, right


def _padding(t: str, k: int, s: int, e: int) -> int:
    """The length of the run of padding around position ``k`` of a piece ``s``-``e``: a single
    space inside the band is a word's (a title over both columns: 栽树是前提 活树是关键) or a
    letter-spaced line's, and no gutter."""
    a = k
    while a > s and t[a - 1] in _PAD:
        a -= 1
    b = k
    while b < e and t[b] in _PAD:
        b += 1
    return b - a


def _blocks(lines: list[str], region: list[Piece]) -> list[list[Piece]]:
    """A region cut at its rows blank all across: the blocks of rows between them (each with
    the blank rows above it, and at least ``MIN_LINES`` rows of text: a smaller block goes with
    the one below it, the last with the one above)."""
    out: list[list[Piece]] = [[]]
    seen_text = False
    for piece in region:
        i, s, e = piece
        if lines[i][s:e].strip():
            seen_text = True
        elif seen_text:
            out.append([])
            seen_text = False
        out[-1].append(piece)
    # a block of a few rows (a row of titles over their columns) goes with the block below it
    merged: list[list[Piece]] = []
    carry: list[Piece] = []
    for block in out:
        carry.extend(block)
        if sum(1 for i, s, e in carry if lines[i][s:e].strip()) >= MIN_LINES:
            merged.append(carry)
            carry = []
    if carry:
        if merged:
            merged[-1].extend(carry)
        else:
            merged.append(carry)
    return merged


def _read(lines: list[str], region: list[Piece], across: bool = True) -> tuple[list[list[Piece]], bool]:
    """A region's columns in reading order (recursive X-Y cut: at gutters, left to right; where
    there is none, at rows blank all across, top to bottom, and each block again), and whether
    any gutter was found."""
    band = _gutter(lines, region)
    if band is not None:
        left, right = _split(lines, region, band)
        return _read(lines, left)[0] + _read(lines, right)[0], True
    if across:
        blocks = _blocks(lines, region)
        if len(blocks) > 1:
            out: list[list[Piece]] = []
            found = False
            for block in blocks:
                regions, cut = _read(lines, block, across=False)
                out.extend(regions)
                found = found or cut
            return out, found
    return [region], False


def columns(lines: list[Line]) -> tuple[list[Line], dict[int, tuple[int, int]]] | None:
    """The page read column by column: the lines of each column (numbered anew, in reading
    order), and for each new number the raw line and the offset in it where the piece starts.
    ``None`` for a page not set in columns side by side (nearly every page)."""
    spaced = [ln.text for ln in lines if "  " in ln.text]  # one C search a line
    if len(spaced) < MIN_LINES or sum(1 for t in spaced if "  " in t.strip()) < MIN_LINES:
        return None  # most pages: hardly a line holds two spaces in a row between two pieces of text
    texts = [ln.text for ln in lines]
    regions, found = _read(texts, [(i, 0, len(t.rstrip())) for i, t in enumerate(texts)])
    if not found:
        return None
    out: list[Line] = []
    back: dict[int, tuple[int, int]] = {}
    for region in regions:
        for i, s, e in region:
            out.append(Line(len(out) + 1, texts[i][s:e]))
            back[len(out)] = (lines[i].no, s)
    return out, back
