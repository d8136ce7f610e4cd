"""The file format of ``search/``: constants, shard hash, varints, the URL runs, the meta column
and the decoders of directories and postings (see the package docstring)."""

from __future__ import annotations

import json
from array import array
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .documents import SearchDoc



FORMAT = 4
"""2: meta.bin ends with the reprint groups (issue 17). 3: the index is in segments, runs of
whole years of publication (``segments.py``); each segment is a format-2 index of its own.
4: no text blocks ``t/`` (a gzip copy of every document, 1.3 KB an article: issue 16); each
segment's ``urls.json`` gives the documents' URLs, and a results page reads the titles and
excerpts of the hits it shows from their article pages."""
PAGE_SIZE = 20
HEAD_BOOST = 10
"""Score = matches + HEAD_BOOST * matches in the display title, kicker or subheadline."""


_M32 = 0xFFFFFFFF


def shard_of(key: str, shards: int) -> int:
    """Shard of a unigram or bigram; search.js computes the same 32-bit hash."""
    a = ord(key[0])
    b = ord(key[1]) if len(key) > 1 else 0
    h = ((a * 0x9E3779B1) & _M32) ^ ((b * 0x85EBCA77) & _M32)
    h ^= h >> 15
    h = (h * 0x2C1B3C6D) & _M32
    h ^= h >> 12
    return h & (shards - 1)


def key_code(key: str) -> tuple[int, int]:
    return ord(key[0]), (ord(key[1]) if len(key) > 1 else 0)


def _varint(v: int) -> bytes:
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


_VT = [_varint(v) for v in range(1 << 16)]


def varints(vals) -> bytes:
    if not len(vals):
        return b""
    if isinstance(vals, array):
        vals = vals.tolist()
    if max(vals) < 128:
        return bytes(vals)
    return b"".join([_VT[v] if v < 65536 else _varint(v) for v in vals])


def read_varint(buf: bytes, i: int) -> tuple[int, int]:
    v = shift = 0
    while True:
        b = buf[i]
        i += 1
        v |= (b & 0x7F) << shift
        if b < 0x80:
            return v, i
        shift += 7


def encode_urls(docs: list[SearchDoc]) -> bytes:
    """The documents' URLs, in document order, as ``urls.json``: a JSON list of runs, each
    ``[issue URL, n]`` for n documents that are the articles 1..n of that issue
    (``<issue URL><number>/``, the number zero-padded to ``max(2, digits of n)`` as
    ``archive._items`` numbers them), or ``[URL]`` for one document whose URL is not of that
    form. A results page reads each hit's title and excerpt from its article page (issue 16:
    no second copy of every text in the index)."""
    runs: list[list] = []
    i = 0
    while i < len(docs):
        issue = docs[i].url.rstrip("/").rpartition("/")[0] + "/"
        j = i
        while j < len(docs) and docs[j].url.startswith(issue) and docs[j].url.count("/") == docs[i].url.count("/"):
            j += 1
        n = j - i
        width = max(2, len(str(n)))
        if docs[i].url.count("/") >= 2 and all(docs[i + k].url == f"{issue}{k + 1:0{width}d}/" for k in range(n)):
            runs.append([issue, n])
            i = j
        else:
            runs.append([docs[i].url])
            i += 1
    return json.dumps(runs, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode_urls(runs: list[list]) -> list[str]:
    """Every document's URL from ``urls.json`` (:func:`encode_urls`)."""
    out: list[str] = []
    for run in runs:
        if len(run) == 1:
            out.append(run[0])
        else:
            issue, n = run
            width = max(2, len(str(n)))
            out.extend(f"{issue}{k:0{width}d}/" for k in range(1, n + 1))
    return out


def encode_meta(docs: list[SearchDoc], paper_ix: dict[str, int], kind_ix: dict[str, int]) -> bytes:
    """``N, runs, (date ordinal delta (previous - this; undated = 0), paper, count) * runs,
    kind nibbles (low nibble first)``. Docs are date-descending, so deltas are small."""
    runs: list[list[int]] = []
    for doc in docs:
        o = doc.date.toordinal() if doc.date else 0
        p = paper_ix[doc.paper]
        if runs and runs[-1][0] == o and runs[-1][1] == p:
            runs[-1][2] += 1
        else:
            runs.append([o, p, 1])
    vals = [len(docs), len(runs)]
    prev = None
    for o, p, c in runs:
        vals += [o if prev is None else prev - o, p, c]
        prev = o
    nib = bytearray((len(docs) + 1) // 2)
    for doc in docs:
        k = kind_ix[doc.kind]
        nib[doc.id >> 1] |= k << (4 * (doc.id & 1))
    return varints(vals) + bytes(nib) + encode_groups(docs)


def encode_groups(docs: list[SearchDoc]) -> bytes:
    """The reprint groups: ``G, (doc delta, group) * G`` for every doc whose text is printed
    more than once; its group is the doc id of the earliest printing (the text's id), or, when
    that printing is not among ``docs`` (another segment), of the first of them that prints it."""
    by_url = {d.url: d.id for d in docs}
    first: dict[str, int] = {}
    printings: dict[str, int] = {}
    for d in docs:
        if d.text_id:
            first.setdefault(d.text_id, d.id)
            printings[d.text_id] = printings.get(d.text_id, 0) + 1
    pairs = [(d.id, by_url.get(d.text_id, first[d.text_id])) for d in docs
             if d.text_id and (d.text_id in by_url or printings[d.text_id] > 1)]
    vals = [len(pairs)]
    prev = 0
    for doc, group in pairs:
        vals += [doc - prev, group]
        prev = doc
    return varints(vals)


def decode_meta(buf: bytes) -> dict:
    n, i = read_varint(buf, 0)
    runs, i = read_varint(buf, i)
    date_ord = [0] * n
    paper = [0] * n
    kind = [0] * n
    d = k = 0
    prev = None
    for _ in range(runs):
        delta, i = read_varint(buf, i)
        p, i = read_varint(buf, i)
        c, i = read_varint(buf, i)
        o = delta if prev is None else prev - delta
        prev = o
        for _ in range(c):
            date_ord[d] = o
            paper[d] = p
            d += 1
    for doc in range(n):
        kind[doc] = (buf[i + (doc >> 1)] >> (4 * (doc & 1))) & 15
        k += 1
    year = [date.fromordinal(o).year if o else 0 for o in date_ord]
    group = list(range(n))
    i += (n + 1) // 2
    if i < len(buf):
        count, i = read_varint(buf, i)
        doc = 0
        for _ in range(count):
            delta, i = read_varint(buf, i)
            doc += delta
            group[doc], i = read_varint(buf, i)
    return {"date": date_ord, "paper": paper, "kind": kind, "year": year, "group": group}


def decode_dir(buf: bytes) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    """(a, b) code points -> (offset, docs, doc section bytes, position section bytes)."""
    n, i = read_varint(buf, 0)
    out = {}
    a = b = off = 0
    for _ in range(n):
        da, i = read_varint(buf, i)
        db, i = read_varint(buf, i)
        df, i = read_varint(buf, i)
        dl, i = read_varint(buf, i)
        pl, i = read_varint(buf, i)
        b = b + db if da == 0 else db
        a += da
        out[(a, b)] = (off, df, dl, pl)
        off += dl + pl
    return out


def decode_postings(buf: bytes, df: int, doc_len: int, with_positions: bool
                    ) -> dict[int, tuple[int, int, list[int] | None]]:
    """doc -> (tf, nhead, positions or None). The doc section holds three columns: doc deltas,
    ``2*tf + in-head``, and the head counts of the flagged docs; positions are absolute."""
    i = 0
    docs = []
    doc = 0
    for _ in range(df):
        delta, i = read_varint(buf, i)
        doc += delta
        docs.append(doc)
    codes = []
    for _ in range(df):
        v, i = read_varint(buf, i)
        codes.append(v)
    heads = []
    for v in codes:
        if v & 1:
            h, i = read_varint(buf, i)
            heads.append(h)
        else:
            heads.append(0)
    assert i == doc_len, (i, doc_len)
    out = {}
    for doc, v, h in zip(docs, codes, heads):
        pos = None
        if with_positions:
            pos = []
            for _ in range(v >> 1):
                p, i = read_varint(buf, i)
                pos.append(p)
        out[doc] = (v >> 1, h, pos)
    return out
