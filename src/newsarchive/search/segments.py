"""Segments: the index is cut by years of publication, so that a change re-indexes a part.

Documents are numbered newest first (``documents.py``), so the documents of a run of years are
one run of ids. A segment is a run of whole years holding at least ``SEGMENT_DOCS`` documents:
years are taken from the oldest, and a segment closes once it holds that many (the newest
segment holds what is left, undated documents a segment of their own, ``undated``). Each
segment is a complete index of its own (``search/s/<years>/``: ``index.json``, ``meta.bin``,
``d/``, ``p/``, ``t/``) whose documents are numbered from 0. ``search/index.json`` lists the
segments newest first; a client numbers the documents of the whole archive by adding to each
segment's ids the documents of the segments before it, and so sees one index (``client.py``,
``search.js``). A segment's files depend only on its own documents: a build whose change
touches one segment writes that segment and this small manifest, and keeps every other
segment's files as they are.

The trade: every segment is read for every query (its directories, then its postings), so
more segments mean more, smaller reads per query; ``SEGMENT_DOCS`` keeps a small archive in one
segment and a large one in a few. Counting from the oldest year keeps the boundaries of old
segments where they are while new issues arrive; a change to the number of articles of an old
year can move the boundaries after it (those segments are then indexed again: the output is
still the clean build's). A reprint whose earliest printing is in another segment is folded
with the other printings of its own segment only.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date
from typing import Callable, Iterable, TypeVar

from .charmap import maps_json
from .documents import SearchDoc
from .format import FORMAT, HEAD_BOOST, PAGE_SIZE

T = TypeVar("T")
UNDATED = "undated"
SEGMENT_DOCS = 10_000
"""Documents a segment reaches before the next year starts a new one."""


def segment_prefix(name: str) -> str:
    """The folder of a segment's files."""
    return f"search/s/{name}/"


def cut(counts: dict[int | None, int], size: int | None = None) -> dict[int | None, str]:
    """Year (None: undated) -> its segment's name, from the documents of each year."""
    size = SEGMENT_DOCS if size is None else size
    out: dict[int | None, str] = {}
    run: list[int] = []
    held = 0
    years = sorted(y for y in counts if y is not None)
    for k, year in enumerate(years):
        run.append(year)
        held += counts[year]
        if held >= size or k == len(years) - 1:
            name = f"{run[0]:04d}" if len(run) == 1 else f"{run[0]:04d}-{run[-1]:04d}"
            out.update((y, name) for y in run)
            run, held = [], 0
    if None in counts:
        out[None] = UNDATED
    return out


def order(names: Iterable[str]) -> list[str]:
    """Segment names newest first, undated last (names are ``YYYY`` or ``YYYY-YYYY``)."""
    return sorted(set(names), key=lambda n: (n == UNDATED, 0 if n == UNDATED else -int(n[:4])))


def group(items: list[T], day: Callable[[T], date | None], weight: Callable[[T], int],
          size: int | None = None) -> list[tuple[str, list[T]]]:
    """``items`` by segment, newest segment first, each keeping the items' order: ``day`` is
    when an item was printed, ``weight`` how many documents it holds."""
    year_of = [d.year if (d := day(x)) else None for x in items]
    counts: dict[int | None, int] = {}
    for x, y in zip(items, year_of):
        counts[y] = counts.get(y, 0) + weight(x)
    name_of = cut(counts, size)
    by: dict[str, list[T]] = {}
    for x, y in zip(items, year_of):
        by.setdefault(name_of[y], []).append(x)
    return [(name, by[name]) for name in order(by)]


def split(docs: list[SearchDoc], size: int | None = None) -> list[tuple[str, list[SearchDoc]]]:
    """The documents (newest first) as (segment, its documents numbered from 0), newest first."""
    out = group(docs, lambda d: d.date, lambda d: 1, size)
    if [id(d) for _, seg in out for d in seg] != [id(d) for d in docs]:
        raise ValueError("documents are not newest first: a segment's documents are not one run")
    return [(name, [d if d.id == k else replace(d, id=k) for k, d in enumerate(seg)]) for name, seg in out]


def issues_by_segment(planner, size: int | None = None) -> list[tuple[str, list]]:
    """The archive's issues by search segment, newest segment first, each segment's issues in
    archive order (an issue's documents are its articles)."""
    views = planner.issue_views
    return group(planner.archive.issues, lambda i: views[id(i)]["date"], lambda i: len(views[id(i)]["articles"]),
                 size)


def write_manifest(names: list[str], write: Callable[[str, bytes | str], None]) -> dict:
    """``search/index.json`` (the segments in order) and the character maps every segment
    shares; returns (files, bytes)."""
    t2s_json, s2t_json = maps_json()
    digest = hashlib.sha1(json.dumps(names).encode("utf-8") + t2s_json + s2t_json)
    manifest = {"format": FORMAT, "segments": names, "page": PAGE_SIZE, "boost": HEAD_BOOST,
                "v": digest.hexdigest()[:12]}
    data = json.dumps(manifest, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    write("search/t2s.json", t2s_json)
    write("search/s2t.json", s2t_json)
    write("search/index.json", data)
    return {"files": 3, "bytes": len(t2s_json) + len(s2t_json) + len(data)}
