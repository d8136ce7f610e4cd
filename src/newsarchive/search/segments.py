"""Segments: the index is cut by year of publication, so that a change re-indexes one year.

Documents are numbered newest first (``documents.py``), so each year's documents are one run of
ids, and the years follow one another from the newest to the oldest; undated documents come
last, in a segment of their own (``undated``). Each segment is a complete index of its own
(``search/s/<segment>/``: ``index.json``, ``meta.bin``, ``d/``, ``p/``, ``t/``) whose documents
are numbered from 0. ``search/index.json`` lists the segments in order; a client numbers the
documents of the whole archive by adding to each segment's ids the documents of the segments
before it, and so sees one index (``client.py``, ``search.js``). A segment's files depend only
on its own documents: a build whose change touches one year writes that year's segment and
this small manifest, and keeps every other segment's files as they are.

What a segment cannot see: a reprint whose earliest printing is in another year is folded with
the other printings of its own year only.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date
from typing import Callable

from .charmap import maps_json
from .documents import SearchDoc
from .format import FORMAT, HEAD_BOOST, PAGE_SIZE, TEXT_BLOCK

UNDATED = "undated"


def segment_of(day: date | None) -> str:
    """The segment of a document printed on ``day``."""
    return f"{day.year:04d}" if day is not None else UNDATED


def split(docs: list[SearchDoc]) -> list[tuple[str, list[SearchDoc]]]:
    """The documents (newest first) as (segment, its documents numbered from 0), in order."""
    out: list[tuple[str, list[SearchDoc]]] = []
    for doc in docs:
        name = segment_of(doc.date)
        if not out or out[-1][0] != name:
            if out and not _newer(out[-1][0], name):
                raise ValueError(f"documents are not newest first: {name} after {out[-1][0]}")
            out.append((name, []))
        seg = out[-1][1]
        seg.append(_renumbered(doc, len(seg)))
    return out


def _newer(a: str, b: str) -> bool:
    """Whether segment ``a`` comes before segment ``b`` (later years first, undated last)."""
    return a != UNDATED and (b == UNDATED or a > b)


def _renumbered(doc: SearchDoc, n: int) -> SearchDoc:
    return doc if doc.id == n else replace(doc, id=n)


def write_manifest(names: list[str], write: Callable[[str, bytes | str], None]) -> dict:
    """``search/index.json`` (the segments in order) and the character maps every segment
    shares; returns (files, bytes)."""
    t2s_json, s2t_json = maps_json()
    digest = hashlib.sha1(json.dumps(names).encode("utf-8") + t2s_json + s2t_json)
    manifest = {"format": FORMAT, "segments": names, "page": PAGE_SIZE, "boost": HEAD_BOOST,
                "block": TEXT_BLOCK, "v": digest.hexdigest()[:12]}
    data = json.dumps(manifest, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    write("search/t2s.json", t2s_json)
    write("search/s2t.json", s2t_json)
    write("search/index.json", data)
    return {"files": 3, "bytes": len(t2s_json) + len(s2t_json) + len(data)}
