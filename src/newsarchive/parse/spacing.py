"""Letter-spaced text closed up: a PDF extraction that puts a space after every character.

Some PDF text layers (and the tools that read them) give Chinese text one space between all
characters: ``本 报 讯 ( 记 者   王 茵 ) 5 月 1 7 日 ,``. No dateline, byline or title pattern
matches such a line, and every space is a cut. A page is letter-spaced when most characters of
its text are followed by one space and another character (``SPACED_SHARE``; an ordinary page,
where single spaces stand only between names or heading phrases, has a few in a hundred: no
labelled page comes near, ``tests/test_spacing.py``). The role model then reads each line with
those single spaces removed (wider runs, the printed gaps, stay); every unit still owns the raw
span it came from, so the lossless proof is unchanged.
"""

from __future__ import annotations

import re

from ..model import Line

SPACED_SHARE = 0.6
"""The share of a page's characters followed by a single space and another character above
which the page is read as letter-spaced."""
MIN_CHARS = 40
"""A page with fewer characters than this is not judged."""

_SINGLE = re.compile(r" (?=\S)(?<=\S )")
"""A single space between two characters. (Written to open with the space, not with the
look-behind, so the regex engine jumps from space to space instead of trying every position:
thirty times faster on a page, the same matches.)"""
_WHITE = re.compile(r"\s+")


def letter_spaced(lines: list[Line]) -> bool:
    """Whether the page puts a space after (nearly) every character."""
    text = "\n".join([ln.text for ln in lines])
    spaced = len(_SINGLE.findall(text))
    if spaced < MIN_CHARS * SPACED_SHARE:
        return False  # most pages: a few spaces between names and heading phrases
    chars = len("".join(text.split())) - sum(1 for ln in lines if ln.text.strip())  # (split: \s, as _WHITE)
    return chars >= MIN_CHARS and spaced > SPACED_SHARE * chars


def closed_up(lines: list[Line]) -> tuple[list[Line], dict[int, list[int]]]:
    """The lines with the spaces put between characters taken out, and for each line the raw
    offset of every character of the closed-up text (with one more entry: the raw line's
    length). A printed gap spaced out (a space, the gap's own white space, a space) keeps its
    own white space; so does a spaced-out indent."""
    out: list[Line] = []
    maps: dict[int, list[int]] = {}
    for ln in lines:
        raw = ln.text
        keep: list[int] = []
        pos = 0
        for m in _WHITE.finditer(raw):
            a, b = m.span()
            keep.extend(range(pos, a))
            if a == 0 or b == len(raw):
                keep.extend(range(a, b, 2))  # an indent: its own white space at every other place
            elif b - a > 1 and (b - a) % 2:
                keep.extend(range(a + 1, b, 2))  # a printed gap between the inserted spaces
            elif b - a > 1:
                keep.extend(range(a, b))
            pos = b
        keep.extend(range(pos, len(raw)))
        out.append(Line(ln.no, "".join(raw[k] for k in keep)))
        maps[ln.no] = keep + [len(raw)]
    return out, maps


def raw_span(maps: dict[int, list[int]], line: int, start: int, end: int) -> tuple[int, int, int]:
    """A span of a closed-up line as a span of the raw line (the same characters, and the
    spaces between them)."""
    m = maps[line]
    return line, m[start], (m[end - 1] + 1) if end > start else m[start]
