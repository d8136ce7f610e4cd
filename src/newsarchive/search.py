"""Full-text search for a static host: a positional character-bigram index in static files.

The build writes ``search/`` into the site; ``theme/static/search.js`` queries it in the browser
and :class:`Client` below is the same query algorithm in Python, reading the *same* files (the
tests and ``benchmarks/search_eval.py`` use it to prove exactness and to count the bytes the
browser fetches).

Text model (identical in Python and JS)
---------------------------------------
* Text is NFKC-normalised, then lowercased (``str.lower``; ``toLowerCase`` in JS).
* Indexable characters: ``0-9 a-z``, 〇 and the Han ideograph blocks (``HAN``). Everything else
  separates. A document's *stream* is its fields (display title, kicker, subheadline, byline,
  body) normalised and joined with ``"\\n"``, so no bigram spans two fields or two paragraphs.
* Every pair of adjacent indexable characters is a bigram at the position of its first
  character; every indexable character is a unigram (document level, with its count).
* A query is split into *terms* = maximal runs of indexable characters; every term must match
  (AND). A term is looked up in its Simplified form (character-level OpenCC t2s, first candidate)
  and, when that differs, also as typed (so 遼源 finds 辽源 and 乾隆 still finds 乾隆). A term of
  n >= 2 characters matches where bigrams at offsets covering all n characters occur at
  consecutive positions: exactly substring search over the stream (:func:`substring_search`).

Files (``search/``, all deterministic; varints are LEB128, little end first)
--------------------------------------------------------------------------
``index.json``   manifest: format, docs, shards, page size, head boost, papers, kinds, version ``v``
                 (a hash of every other file, appended as ``?v=`` so caches never mix builds)
``meta.bin``     fetched once: N, issue runs (date ordinal delta, paper, count), kinds (4 bits/doc),
                 then (format 2) the reprint groups: G, then G (doc delta, group) pairs, group =
                 the doc id of the text's earliest printing (docs not listed are their own group);
                 a search folds the printings of one text into one hit (``fold``)
``d/<s>.bin``    directory of shard s (fetched whole): key count, then per key sorted by code
                 points: a delta, b (delta within the same a; 0 for a unigram), docs, doc-section
                 bytes, position-section bytes; offsets are the running sum
``p/<s>.bin``    postings of shard s, read with one HTTP Range per query and shard (the whole
                 file when the host answers 200). Per key: the doc section (doc deltas; then
                 ``2*tf + in-head`` per doc; then the head count of each flagged doc), then for
                 bigrams the position section (each doc's tf positions, absolute)
``t/<k>/<id>.json``  one document's text ``{u, t, k, s, b, x}`` (url, title, kicker,
                 subheadline, byline, body), fetched only for the results shown
``t2s.json``, ``s2t.json``  ``{from, to}`` character maps from OpenCC's dictionaries (query
                 t2s; s2t for display on the zh-Hant edition)

A shard is ``murmur-style hash(a, b) & (shards - 1)`` (:func:`shard_of`); the shard count is a
power of two chosen from the index size (:func:`auto_shards`). A term of 2 characters reads only
its bigram's doc section; a longer term reads doc and position sections of the cheapest set of
its bigrams that covers every character (:func:`cover`); a 1-character term reads its unigram.

Documents are numbered newest first (date descending, then paper, issue, article number;
undated last), so "newer first" is "lower id first".
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import importlib.util
import json
import re
import resource
import struct
import tempfile
import time
import unicodedata
from array import array
from collections import Counter, defaultdict, deque
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import chain, repeat
from operator import add, and_, itemgetter, rshift, sub
from pathlib import Path
from typing import Callable

FORMAT = 2
"""2: meta.bin ends with the reprint groups (issue 17)."""
PAGE_SIZE = 20
HEAD_BOOST = 10
"""Score = matches + HEAD_BOOST * matches in the display title, kicker or subheadline."""
BUCKETS = 64
"""Hash buckets of the indexer (a power of two): a shard lies in one bucket group in pass 2."""
SPILL_BYTES = 256 << 20
"""Pass-1 column bytes held in memory before they are appended to temporary bucket files."""
TARGET_POSTINGS = 48 * 1024
"""Auto shard count: about this many postings bytes per shard file ..."""
TARGET_KEYS = 512
"""... and at most about this many keys per shard directory."""
MIN_SHARDS, MAX_SHARDS = 8, 1 << 16
TEXT_BLOCK = 8
"""Documents per text block file ``t/<block // 1000>/<block>.bin`` (block = id // TEXT_BLOCK)."""

HAN = (
    (0x3007, 0x3007), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F),
)
_RUN = re.compile("[0-9a-z" + "".join(f"{chr(a)}-{chr(b)}" for a, b in HAN) + "]+")
_M32 = 0xFFFFFFFF


# --------------------------------------------------------------------------- documents


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


def documents(planner, full=None) -> list[SearchDoc]:
    """One SearchDoc per article (photos included), numbered newest first.

    ``full(issue)`` gives an issue's full view (with article texts); by default the planner
    makes it from the records the archive holds."""
    full = full or (lambda issue: planner.full_issue(issue, html=False))
    rows = []
    for issue in planner.archive.issues:
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
    for issue in planner.archive.issues:  # one issue's texts at a time
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


# --------------------------------------------------------------------------- text model


def normalise(text: str) -> str:
    """NFKC, then lowercase: ``text.normalize("NFKC").toLowerCase()`` in the browser."""
    return unicodedata.normalize("NFKC", text).lower()


def is_indexable(ch: str) -> bool:
    return bool(_RUN.fullmatch(ch))


def stream(doc: SearchDoc) -> tuple[str, int]:
    """The normalised fields joined by newlines, and where the head (title, kicker, subheadline) ends."""
    head = normalise(f"{doc.title}\n{doc.kicker}\n{doc.subheadline}")
    return f"{head}\n{normalise(doc.byline)}\n{normalise(doc.text)}", len(head)


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


# --------------------------------------------------------------------------- OpenCC maps


def _opencc_dir() -> Path | None:
    spec = importlib.util.find_spec("opencc")
    if spec is None or not spec.submodule_search_locations:
        return None
    for loc in spec.submodule_search_locations:
        d = Path(loc) / "dictionary"
        if (d / "TSCharacters.txt").is_file() and (d / "STCharacters.txt").is_file():
            return d
    return None


def _read_char_dict(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" not in line:
            continue
        src, _, dst = line.partition("\t")
        first = dst.split(" ")[0]
        if len(src) == 1 and len(first) == 1 and first != src:
            out[src] = first
    return out


@lru_cache(maxsize=1)
def char_maps() -> tuple[dict[str, str], dict[str, str]]:
    """(t2s, s2t): single characters, OpenCC's first candidate, only characters that change.

    From the dictionaries shipped in ``opencc-python-reimplemented``; with another OpenCC
    binding (no text dictionaries), from converting each Han character on its own.
    """
    folder = _opencc_dir()
    if folder is not None:
        return _read_char_dict(folder / "TSCharacters.txt"), _read_char_dict(folder / "STCharacters.txt")
    import opencc  # pragma: no cover - only with the official binding

    maps = []
    for cfg in ("t2s", "s2t"):  # pragma: no cover
        conv = opencc.OpenCC(cfg)
        m = {}
        for a, b in HAN:
            for cp in range(a, b + 1):
                ch = chr(cp)
                out = conv.convert(ch)
                if len(out) == 1 and out != ch:
                    m[ch] = out
        maps.append(m)
    return maps[0], maps[1]  # pragma: no cover


def _map_json(m: dict[str, str]) -> bytes:
    keys = sorted(m)
    return json.dumps({"from": "".join(keys), "to": "".join(m[k] for k in keys)},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@lru_cache(maxsize=1)
def maps_json() -> tuple[bytes, bytes]:
    """``search/t2s.json`` and ``search/s2t.json``."""
    t2s, s2t = char_maps()
    return _map_json(t2s), _map_json(s2t)


def convert(text: str, m: dict[str, str]) -> str:
    return "".join(m.get(c, c) for c in text)


# --------------------------------------------------------------------------- queries


def parse_query(q: str, t2s: dict[str, str]) -> list[list[str]]:
    """Terms of a query, each as its variants: [simplified] or [simplified, as typed]; duplicates dropped."""
    terms: list[list[str]] = []
    seen = set()
    for run in _RUN.findall(normalise(q)):
        simp = convert(run, t2s)
        variants = [simp] if simp == run else [simp, run]
        key = tuple(variants)
        if key not in seen:
            seen.add(key)
            terms.append(variants)
    return terms


def _count_overlapping(hay: str, needle: str) -> int:
    n, i = 0, hay.find(needle)
    while i >= 0:
        n += 1
        i = hay.find(needle, i + 1)
    return n


def substring_search(docs: list[SearchDoc], q: str, t2s: dict[str, str] | None = None,
                     streams: list[str] | None = None) -> dict[int, int]:
    """Ground truth: doc id -> number of (overlapping) occurrences of all term variants, for the
    docs whose stream contains every term (some variant of it) as a substring.
    ``streams`` may hold the docs' precomputed ``stream(doc)[0]``."""
    t2s = char_maps()[0] if t2s is None else t2s
    terms = parse_query(q, t2s)
    out: dict[int, int] = {}
    if not terms:
        return out
    for n, doc in enumerate(docs):
        s = streams[n] if streams is not None else stream(doc)[0]
        total = 0
        for variants in terms:
            k = sum(_count_overlapping(s, v) for v in variants)
            if not k:
                break
            total += k
        else:
            out[doc.id] = total
    return out


# --------------------------------------------------------------------------- varints




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


# --------------------------------------------------------------------------- the index writer


def _pow2_at_least(n: float) -> int:
    s = 1
    while s < n:
        s <<= 1
    return s


def auto_shards(postings_estimate: int, keys: int) -> int:
    need = max(postings_estimate / TARGET_POSTINGS, keys / TARGET_KEYS)
    return max(MIN_SHARDS, min(MAX_SHARDS, _pow2_at_least(need)))


CHUNK = 1000
"""Documents per pass-1 task (a multiple of TEXT_BLOCK): a task returns the chunk's columns and
text blocks, the parent appends and writes them."""
PARALLEL_MIN = 3000
"""Fewer documents than this are indexed in-process."""

_SHARED: tuple = ()  # what forked workers read (inherited at fork, never pickled)


def _workers(n_docs: int) -> int:
    """Processes for both passes, like the page renderer: one per CPU (at most 4) by default,
    ``NEWSARCHIVE_SEARCH_WORKERS=N`` to choose; forked only on Linux, for many documents, and
    when this process runs no other thread (forking a threaded process is unsafe)."""
    import os
    import sys
    import threading

    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    env = os.environ.get("NEWSARCHIVE_SEARCH_WORKERS", "")
    want = int(env) if env.isdigit() else min(cpus, 4)
    if want < 2 or n_docs < PARALLEL_MIN or sys.platform != "linux" or threading.active_count() > 1:
        return 1
    return want


def _run(task, items, workers: int, shared: tuple):
    """Yield ``task(item)`` in order: in forked workers that see ``shared``, or in-process."""
    global _SHARED
    _SHARED = shared
    try:
        if workers < 2:
            for item in items:
                yield task(item)
            return
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(task, items)
    finally:
        _SHARED = ()


def _chunk_task(span):
    return _index_chunk(_SHARED[0], *span)


def _group_task(g: int):
    return _encode_group(g, *_SHARED)


_HASHES: dict[str, int] = {}  # key -> 32-bit hash, per process (a worker keeps it across chunks)


class _Wide(Exception):
    """A document too long for 16-bit positions: the chunk is redone with 32 bits."""


def _index_chunk(docs, lo: int, hi: int):
    """Pass 1 for documents lo..hi-1 (lo and hi multiples of TEXT_BLOCK, or hi the end).

    Returns (buckets, records, positions, text blocks); ``buckets[b]`` is None or
    ``(lo, shift, entries)`` for the keys of hash bucket b seen here, an entry being
    ``(key, hash, a1, a2, heads)``: for a character, a1 = doc ids and a2 = tfs; for a pair,
    a1 = ``(doc - lo) << shift | position`` per occurrence (docs, tfs and positions are
    derived in pass 2) and a2 = None; heads = [doc, count in the head, ...] or None.
    Per occurrence and per (character, doc) the work is a few C-level ``map`` steps; only
    keys in the head (a few per document) loop in Python. Characters and pairs that are not
    indexable all go to key 0, a sink emptied per document."""
    try:
        return _index_chunk_shift(docs, lo, hi, 16)
    except _Wide:
        return _index_chunk_shift(docs, lo, hi, 32)


def _index_chunk_shift(docs, lo: int, hi: int, shift: int):
    wide = "Q" if shift > 16 else "I"
    ids: dict[str, int] = {}
    ids_get = ids.get
    keys: list[str] = [""]
    col_doc: list[array] = [array("I")]
    col_tf: list[array] = [array("I")]
    col_occ: list[array] = [array(wide)]
    sink_doc, sink_tf, sink_occ = col_doc[0], col_tf[0], col_occ[0]
    heads: dict[int, array] = {}
    app = array.append
    npos = 0

    def new_key(k: str) -> int:
        kid = ids_get(k)  # a pair may be new and occur twice in one document
        if kid is not None:
            return kid
        if not _RUN.fullmatch(k):
            ids[k] = 0
            return 0
        kid = ids[k] = len(keys)
        keys.append(k)
        col_doc.append(array("I"))
        col_tf.append(array("I"))
        col_occ.append(array(wide))
        return kid

    limit = 1 << shift
    for n in range(lo, hi):
        s, head_end = stream(docs[n])
        if len(s) >= limit:
            raise _Wide
        pairs = list(map(add, s, s[1:]))  # the pair at i is s[i:i+2]
        uni = Counter(s)
        kids = list(map(ids_get, uni))
        if None in kids:
            found = list(uni)
            kids = [new_key(found[j]) if kid is None else kid for j, kid in enumerate(kids)]
        deque(map(app, map(col_doc.__getitem__, kids), repeat(n)), maxlen=0)
        deque(map(app, map(col_tf.__getitem__, kids), uni.values()), maxlen=0)
        occ = list(map(ids_get, pairs))
        if None in occ:
            occ = [new_key(pairs[j]) if kid is None else kid for j, kid in enumerate(occ)]
        base = (n - lo) << shift
        deque(map(app, map(col_occ.__getitem__, occ), range(base, base + len(pairs))), maxlen=0)
        npos += len(pairs) - len(sink_occ)
        del sink_doc[:], sink_tf[:], sink_occ[:]
        for k, h in chain(Counter(s[:head_end]).items(), Counter(pairs[:head_end]).items()):
            kid = ids[k]
            if kid:
                hc = heads.get(kid)
                if hc is None:
                    hc = heads[kid] = array("I")
                hc.append(n)
                hc.append(h)
    buckets: list = [None] * BUCKETS
    records = 0
    for kid in range(1, len(keys)):
        k = keys[kid]
        h = _HASHES.get(k)
        if h is None:
            h = _HASHES[k] = shard_of(k, 1 << 32)
        b = h & (BUCKETS - 1)
        if buckets[b] is None:
            buckets[b] = (lo, shift, [])
        if len(k) == 1:
            buckets[b][2].append((k, h, col_doc[kid], col_tf[kid], heads.get(kid)))
            records += len(col_doc[kid])
        else:
            buckets[b][2].append((k, h, col_occ[kid], None, heads.get(kid)))
    blocks = [(b, encode_text_block(docs[b * TEXT_BLOCK:(b + 1) * TEXT_BLOCK]))
              for b in range(lo // TEXT_BLOCK, -(-hi // TEXT_BLOCK))]
    return buckets, records, npos, blocks


class _Store:
    """Pass-1 results by hash bucket, in document order: in memory, or appended to one
    temporary file per bucket when more than ``SPILL_BYTES`` are held. The files are plain
    arrays in a fixed layout (``_pack_part``), never pickle: nothing the build reads back can
    run code."""

    def __init__(self) -> None:
        self.parts: list[list] = [[] for _ in range(BUCKETS)]
        self.tmp: tempfile.TemporaryDirectory | None = None
        self.paths: dict[int, str] = {}
        self.spilled = 0

    def add(self, buckets: list) -> None:
        for b, part in enumerate(buckets):
            if part is not None:
                self.parts[b].append(part)

    def flush(self) -> None:
        if self.tmp is None:
            self.tmp = tempfile.TemporaryDirectory(prefix="newsarchive-search-")
        for b, parts in enumerate(self.parts):
            if not parts:
                continue
            path = self.paths.setdefault(b, str(Path(self.tmp.name) / f"{b}.bin"))
            with open(path, "ab") as f:
                for part in parts:
                    self.spilled += f.write(_pack_part(part))
            self.parts[b] = []

    def bucket(self, b: int):
        """Every part of bucket b, oldest first."""
        if b in self.paths:
            with open(self.paths[b], "rb") as f:
                data = f.read()
            at = 0
            while at < len(data):
                part, at = _unpack_part(data, at)
                yield part
        yield from self.parts[b]

    def close(self) -> None:
        if self.tmp is not None:
            self.tmp.cleanup()


_PART_HEAD = struct.Struct("<qqQ")  # lo, shift, entries
_ENTRY_HEAD = struct.Struct("<IQ")  # key bytes, hash
_ARRAY_HEAD = struct.Struct("<cQ")  # typecode (b"-": none), items


def _pack_part(part: tuple) -> bytes:
    """One pass-1 part ``(lo, shift, [(key, hash, array, array|None, array|None)])`` as bytes."""
    lo, shift, entries = part
    out = [_PART_HEAD.pack(lo, shift, len(entries))]
    for k, h, a1, a2, hd in entries:
        kb = k.encode("utf-8")
        out.append(_ENTRY_HEAD.pack(len(kb), h))
        out.append(kb)
        for a in (a1, a2, hd):
            if a is None:
                out.append(_ARRAY_HEAD.pack(b"-", 0))
            else:
                out.append(_ARRAY_HEAD.pack(a.typecode.encode("ascii"), len(a)))
                out.append(a.tobytes())
    return b"".join(out)


def _unpack_part(data: bytes, at: int) -> tuple[tuple, int]:
    """The part packed at ``data[at:]`` and where the next one starts."""
    lo, shift, n = _PART_HEAD.unpack_from(data, at)
    at += _PART_HEAD.size
    entries = []
    for _ in range(n):
        klen, h = _ENTRY_HEAD.unpack_from(data, at)
        at += _ENTRY_HEAD.size
        k = data[at:at + klen].decode("utf-8")
        at += klen
        arrays = []
        for _ in range(3):
            code, count = _ARRAY_HEAD.unpack_from(data, at)
            at += _ARRAY_HEAD.size
            if code == b"-":
                arrays.append(None)
                continue
            a = array(code.decode("ascii"))
            size = count * a.itemsize
            a.frombytes(data[at:at + size])
            at += size
            arrays.append(a)
        entries.append((k, h, *arrays))
    return (lo, shift, entries), at


def _encode_group(g: int, store: _Store, S: int, nb: int, free: bool):
    """Pass 2 for bucket group g (buckets b with b % nb == g): gather each key's parts in
    document order, then per shard: ([(shard, directory bytes, postings bytes)], postings)."""
    cols: dict[str, list] = {}
    for b in range(g, BUCKETS, nb):
        for lo, shift, entries in store.bucket(b):
            for k, h, a1, a2, hd in entries:
                c = cols.get(k)
                if c is None:
                    c = cols[k] = [h, [], []]
                c[1].append((lo, shift, a1, a2))
                if hd is not None:
                    c[2].append(hd)
        if free:
            store.parts[b] = []
    by_shard: dict[int, list[str]] = defaultdict(list)
    for k, c in cols.items():
        by_shard[c[0] & (S - 1)].append(k)
    out = []
    npost = 0
    for sh in sorted(by_shard):
        ks = sorted(by_shard[sh])
        directory = [len(ks)]
        body = []
        pa = pb = 0
        for k in ks:
            _, parts, hparts = cols.pop(k)
            docs: list[int] = []
            tfs: list[int] = []
            pos: list[int] = []
            if len(k) == 1:
                for _, _, d, t in parts:
                    docs += d
                    tfs += t
            else:
                for lo, shift, occ, _ in parts:
                    local = Counter(map(rshift, occ, repeat(shift)))  # doc - lo -> tf, in doc order
                    docs += map(add, local, repeat(lo))
                    tfs += local.values()
                    pos += map(and_, occ, repeat((1 << shift) - 1))
            codes = list(map(add, tfs, tfs))
            counts: list[int] = []
            if hparts:
                at = dict(zip(docs, range(len(docs))))
                for hd in hparts:
                    for j in range(0, len(hd), 2):
                        codes[at[hd[j]]] += 1
                        counts.append(hd[j + 1])
            dpart = varints(list(map(sub, docs, chain((0,), docs)))) + varints(codes) + varints(counts)
            ppart = varints(pos)
            a, b = key_code(k)
            directory += (a - pa, b - pb if a == pa else b, len(docs), len(dpart), len(ppart))
            pa, pb = a, b
            body += (dpart, ppart)
            npost += len(docs)
        out.append((sh, varints(directory), b"".join(body)))
    return out, npost


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def write_index(docs: list[SearchDoc], write: Callable[[str, bytes | str], None],
                shards: int | None = None) -> dict:
    """Write ``search/`` through ``write(path, data)``; returns build statistics.

    Pass 1 (:func:`_index_chunk`, per chunk of documents) appends, per key, absolute values to
    uint32 columns (doc ids, ``2*tf + in-head``, positions) and encodes the text blocks; the
    parent keeps the chunks' columns by hash bucket (spilling them to temporary files beyond
    ``SPILL_BYTES``) and writes the blocks. Pass 2 (:func:`_encode_group`, per group of
    buckets) joins each key's parts, and writes doc deltas, varints and shard directories.
    Both passes run in forked workers when there are many documents (:func:`_workers`); the
    bytes never depend on that.
    """
    started = time.perf_counter()
    cpu_started = _cpu()
    if shards is not None and (shards < 1 or shards & (shards - 1)):
        raise ValueError("shards must be a power of two")
    for n, doc in enumerate(docs):
        if doc.id != n:
            raise ValueError(f"document ids must be 0..N-1 in order; got {doc.id} at {n}")
    files: dict[str, int] = {}
    digest = hashlib.sha1()

    def put(path: str, data: bytes) -> None:
        write(path, data)
        files[path] = len(data)
        digest.update(path.encode() + b"\0" + len(data).to_bytes(8, "little") + data)

    store = _Store()
    keys: set[str] = set()
    positions = records = pending = text_bytes = 0
    workers = _workers(len(docs))
    gc_was_on = gc.isenabled()
    gc.disable()  # millions of short-lived containers, no cycles: the collector would only rescan the build
    try:
        # ---- pass 1: documents -> per-key columns by bucket; text blocks
        step = max(TEXT_BLOCK, CHUNK // TEXT_BLOCK * TEXT_BLOCK)
        chunks = [(lo, min(lo + step, len(docs))) for lo in range(0, len(docs), step)]
        for buckets, nrec, npos, blocks in _run(_chunk_task, chunks, workers, (docs,)):
            store.add(buckets)
            for part in buckets:
                if part is not None:
                    keys.update(map(itemgetter(0), part[2]))
            positions += npos
            records += nrec
            pending += 8 * nrec + 4 * npos
            if pending > SPILL_BYTES:
                store.flush()
                pending = 0
            for b, data in blocks:
                text_bytes += len(data)
                put(text_path(b * TEXT_BLOCK), data)
        pass1 = time.perf_counter() - started

        # ---- the shard count, from what pass 1 saw; pass 2: one bucket group per task
        # postings bytes, estimated: ~2.3 per (character, doc), ~4 per pair occurrence (doc
        # section and position; measured on the synthetic corpus)
        S = shards or auto_shards(int(records * 2.3 + positions * 4.0), len(keys))
        nb = min(S, BUCKETS)  # each shard lies in exactly one of nb bucket groups
        dir_bytes = post_bytes = largest = 0
        postings = 0
        for shard_files, npost in _run(_group_task, range(nb), workers, (store, S, nb, workers < 2)):
            postings += npost
            for sh, dbytes, pbytes in shard_files:
                put(f"search/d/{sh}.bin", dbytes)
                put(f"search/p/{sh}.bin", pbytes)
                dir_bytes += len(dbytes)
                post_bytes += len(pbytes)
                largest = max(largest, len(pbytes))
        for sh in range(S):  # every shard file exists, even an empty one (no 404s in the browser)
            if f"search/d/{sh}.bin" not in files:
                put(f"search/d/{sh}.bin", b"\0")
                put(f"search/p/{sh}.bin", b"")
                dir_bytes += 1
    finally:
        if gc_was_on:
            gc.enable()
        store.close()
    spilled = store.spilled

    # ---- columns, manifest, character maps
    papers: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for doc in docs:
        papers.setdefault(doc.paper, doc.paper_name)
        kinds.setdefault(doc.kind, doc.kind_label)
    paper_list = sorted(papers.items())
    kind_list = sorted(kinds.items())
    if len(kind_list) > 16:
        raise ValueError("at most 16 article kinds fit the 4-bit kind column")
    meta = encode_meta(docs, {p: i for i, (p, _) in enumerate(paper_list)}, {k: i for i, (k, _) in enumerate(kind_list)})
    put("search/meta.bin", meta)
    t2s_json, s2t_json = maps_json()
    put("search/t2s.json", t2s_json)
    put("search/s2t.json", s2t_json)
    manifest = {
        "format": FORMAT, "docs": len(docs), "shards": S, "page": PAGE_SIZE, "boost": HEAD_BOOST,
        "block": TEXT_BLOCK, "papers": [list(p) for p in paper_list], "kinds": [list(k) for k in kind_list],
        "v": digest.hexdigest()[:12],
    }
    data = json.dumps(manifest, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    write("search/index.json", data)
    files["search/index.json"] = len(data)
    seconds = time.perf_counter() - started
    return {
        "docs": len(docs), "files": len(files), "bytes": sum(files.values()), "seconds": round(seconds, 3),
        "cpu_seconds": round(_cpu() - cpu_started, 2),
        "pass1_seconds": round(pass1, 3), "shards": S, "keys": len(keys), "postings": postings,
        "positions": positions, "spilled_bytes": spilled, "dir_bytes": dir_bytes, "postings_bytes": post_bytes,
        "largest_shard_bytes": largest, "text_bytes": text_bytes, "meta_bytes": len(meta), "workers": workers,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1) if workers > 1 else 0,
    }


def text_path(doc_id: int, block: int = TEXT_BLOCK) -> str:
    """The text block file holding a document."""
    b = doc_id // block
    return f"search/t/{b // 1000}/{b}.bin"


def encode_text_block(docs: list[SearchDoc]) -> bytes:
    """Up to TEXT_BLOCK documents: a header of TEXT_BLOCK little-endian uint32 end offsets
    (relative to the end of the header; unused slots repeat the last), then each document's
    ``{u, t, k, s, b, x}`` JSON, gzip-compressed on its own (mtime 0: deterministic), so that one
    document is one HTTP Range and arrives compressed from any host."""
    members = []
    for doc in docs:
        text = {"u": doc.url, "t": doc.title, "k": doc.kicker, "s": doc.subheadline, "b": doc.byline, "x": doc.text}
        raw = json.dumps(text, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8", "replace")
        members.append(gzip.compress(raw, 9, mtime=0))
    ends = []
    end = 0
    for m in members:
        end += len(m)
        ends.append(end)
    ends += [end] * (TEXT_BLOCK - len(ends))
    return struct.pack(f"<{TEXT_BLOCK}I", *ends) + b"".join(members)


def read_text(read_range: Callable[[str, int, int], bytes], doc_id: int, block: int = TEXT_BLOCK) -> dict:
    """A document's text through ``read_range(path, start, end)``: the block header, then its member."""
    path = text_path(doc_id, block)
    head = 4 * block
    ends = struct.unpack(f"<{block}I", read_range(path, 0, head))
    j = doc_id % block
    start = ends[j - 1] if j else 0
    return json.loads(gzip.decompress(read_range(path, head + start, head + ends[j])))


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
    more than once; its group is the doc id of the earliest printing (the text's id)."""
    by_url = {d.url: d.id for d in docs}
    pairs = [(d.id, by_url[d.text_id]) for d in docs if d.text_id and d.text_id in by_url]
    vals = [len(pairs)]
    prev = 0
    for doc, group in pairs:
        vals += [doc - prev, group]
        prev = doc
    return varints(vals)


# --------------------------------------------------------------------------- the reference client


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


def cover(costs: list[int]) -> list[int]:
    """Cheapest set of bigram offsets covering every character of a term of len(costs)+1 chars.

    f[j] = costs[j] + min(f[j-1], f[j-2]); ties prefer j-2 (fewer requests). Same in search.js.
    """
    n = len(costs)
    f = [0] * n
    back = [-1] * n
    for j in range(n):
        if j == 0:
            f[j] = costs[0]
        elif j == 1:
            f[j] = costs[1] + f[0]
            back[j] = 0
        else:
            if f[j - 2] <= f[j - 1]:
                f[j], back[j] = costs[j] + f[j - 2], j - 2
            else:
                f[j], back[j] = costs[j] + f[j - 1], j - 1
    out = []
    j = n - 1
    while j >= 0:
        out.append(j)
        j = back[j]
    return out[::-1]


@dataclass
class Result:
    total: int
    ids: list[int]
    """All matching doc ids after filters, in display order."""
    scores: dict[int, int]
    counts: dict[int, int]
    """doc -> number of matches (all terms, all variants), unweighted."""
    page: list[int]
    texts: dict[int, dict]
    terms: list[list[str]]
    fetched: list[tuple[str, int]]
    """(path or path#start-end, bytes) in fetch order, for this query (init files excluded)."""
    folds: dict[int, tuple[int, int]] | None = None
    """With ``fold``: hit -> (printings of its text among the matches, papers they are in),
    for the hits that stand for more than one printing."""

    @property
    def bytes(self) -> int:
        return sum(n for _, n in self.fetched)


class Client:
    """The query algorithm of search.js, reading the same files.

    ``fetch(path)`` returns a whole file of the site (root-relative path); ``ranges`` says
    whether the host honours HTTP Range (else every postings read downloads its whole shard,
    as the browser does after a 200). Call :meth:`reset` to forget cached files (a cold page).
    """

    def __init__(self, fetch: Callable[[str], bytes], ranges: bool = True, traditional: bool = False):
        self._fetch = fetch
        self.ranges = ranges
        self.traditional = traditional
        self.init_fetched: list[tuple[str, int]] = []
        self.manifest = json.loads(self._get_init("search/index.json"))
        self.meta = decode_meta(self._get_init("search/meta.bin"))
        self.papers = [p[0] for p in self.manifest["papers"]]
        self.kinds = [k[0] for k in self.manifest["kinds"]]
        self._t2s: dict[str, str] | None = None
        if traditional:
            self._get_init("search/s2t.json")
        self.reset()

    @classmethod
    def from_folder(cls, out: Path, **kw) -> "Client":
        return cls(lambda rel: (Path(out) / rel).read_bytes(), **kw)

    def _get_init(self, path: str) -> bytes:
        data = self._fetch(path)
        self.init_fetched.append((path, len(data)))
        return data

    def reset(self) -> None:
        self._dirs: dict[int, dict] = {}
        self._headers: dict[str, bytes] = {}
        self._whole: dict[str, bytes] = {}
        self._log: list[tuple[str, int]] = []

    def _get(self, path: str) -> bytes:
        if path in self._whole:
            return self._whole[path]
        data = self._fetch(path)
        self._whole[path] = data
        self._log.append((path, len(data)))
        return data

    def _range(self, path: str, start: int, end: int) -> bytes:
        if not self.ranges or path in self._whole:
            return self._get(path)[start:end]
        data = self._fetch(path)[start:end]
        self._log.append((f"{path}#{start}-{end}", len(data)))
        return data

    def _text_range(self, path: str, start: int, end: int) -> bytes:
        """Text block reads as search.js makes them: each block's header once per query."""
        if start == 0 and end == 4 * self.manifest["block"]:
            if path not in self._headers:
                self._headers[path] = self._range(path, start, end)
            return self._headers[path]
        return self._range(path, start, end)

    def t2s(self) -> dict[str, str]:
        if self._t2s is None:
            m = json.loads(self._get_init("search/t2s.json"))
            self._t2s = dict(zip(m["from"], m["to"]))
        return self._t2s

    def _dir(self, s: int) -> dict:
        if s not in self._dirs:
            self._dirs[s] = decode_dir(self._get(f"search/d/{s}.bin"))
        return self._dirs[s]

    def terms(self, q: str) -> list[list[str]]:
        norm = normalise(q)
        t2s = self.t2s() if any(ord(c) >= 0x80 and is_indexable(c) for c in norm) else {}
        return parse_query(q, t2s)

    def search(self, q: str, paper: str = "", year: int | str = "", kind: str = "", sort: str = "relevance",
               page: int = 1, texts: bool = True, fold: bool = True) -> Result:
        """``fold``: the printings of one text (reprints, 通稿) are one hit, the first in
        display order, which says how many printings and papers it stands for (``Result.folds``)."""
        self._fold = fold
        self._log = []
        terms = self.terms(q)
        S = self.manifest["shards"]
        # phase 1: every directory the query's keys live in (all fetched in parallel by the browser)
        wanted: list[list[tuple[str, list[str]]]] = []
        shards_needed: list[int] = []
        for variants in terms:
            row = []
            for v in variants:
                ks = [v] if len(v) == 1 else [v[i:i + 2] for i in range(len(v) - 1)]
                row.append((v, ks))
                for k in ks:
                    s = shard_of(k, S)
                    if s not in shards_needed:
                        shards_needed.append(s)
            wanted.append(row)
        for s in shards_needed:
            self._dir(s)
        # plan: per variant, the keys to read and whether positions are needed
        plans = []
        viable = True
        reads: dict[int, dict[tuple[int, int], int]] = defaultdict(dict)  # shard -> key -> bytes to read
        for row in wanted:
            term_plans = []
            for v, ks in row:
                ents = [self._dir(shard_of(k, S)).get(key_code(k)) for k in ks]
                if any(e is None for e in ents):
                    continue
                if len(v) <= 2:
                    use = [0]
                    need = [ents[0][2]]
                else:
                    use = cover([e[2] + e[3] for e in ents])
                    need = [ents[j][2] + ents[j][3] for j in use]
                term_plans.append((v, [ks[j] for j in use], use))
                for j, n in zip(use, need):
                    k = ks[j]
                    s, kc = shard_of(k, S), key_code(k)
                    reads[s][kc] = max(reads[s].get(kc, 0), n)
            if not term_plans:
                viable = False
            plans.append(term_plans)
        if not terms or not viable:
            return self._finish(terms, {}, {}, paper, year, kind, sort, page, texts)
        # phase 2: one read per shard covering its keys (a Range request, or the whole file)
        blobs: dict[tuple[int, int], bytes] = {}
        for s in sorted(reads):
            d = self._dir(s)
            spans = [(d[kc][0], d[kc][0] + n, kc) for kc, n in reads[s].items()]
            lo = min(a for a, _, _ in spans)
            hi = max(b for _, b, _ in spans)
            chunk = self._range(f"search/p/{s}.bin", lo, hi)
            for a, b, kc in spans:
                blobs[kc] = chunk[a - lo:b - lo]
        # evaluate
        scores: dict[int, int] | None = None
        counts: dict[int, int] = {}
        boost = self.manifest["boost"]
        for term_plans in plans:
            term_score: dict[int, int] = defaultdict(int)
            term_count: dict[int, int] = defaultdict(int)
            for v, use_keys, offsets in term_plans:
                for doc, (n, head) in self._match(v, use_keys, offsets, blobs).items():
                    term_score[doc] += n + boost * head
                    term_count[doc] += n
            if scores is None:
                scores = dict(term_score)
                counts = dict(term_count)
            else:
                scores = {d: sc + term_score[d] for d, sc in scores.items() if d in term_score}
                counts = {d: counts[d] + term_count[d] for d in scores}
        return self._finish(terms, scores or {}, counts, paper, year, kind, sort, page, texts)

    def _match(self, v: str, use_keys: list[str], offsets: list[int], blobs) -> dict[int, tuple[int, int]]:
        """doc -> (matches, matches in the head) of one variant."""
        S = self.manifest["shards"]
        if len(v) <= 2:
            k = use_keys[0]
            ent = self._dir(shard_of(k, S))[key_code(k)]
            post = decode_postings(blobs[key_code(k)], ent[1], ent[2], False)
            return {doc: (tf, nh) for doc, (tf, nh, _) in post.items()}
        lists = []
        for k in use_keys:
            ent = self._dir(shard_of(k, S))[key_code(k)]
            lists.append(decode_postings(blobs[key_code(k)], ent[1], ent[2], True))
        out = {}
        first = lists[0]
        for doc, (_, nhead, p0) in first.items():
            others = []
            for lst in lists[1:]:
                e = lst.get(doc)
                if e is None:
                    break
                others.append(set(e[2]))
            else:
                n = head = 0
                for idx, p in enumerate(p0):
                    if all(p + off in st for off, st in zip(offsets[1:], others)):
                        n += 1
                        if idx < nhead:
                            head += 1
                if n:
                    out[doc] = (n, head)
        return out

    def _finish(self, terms, scores, counts, paper, year, kind, sort, page, texts) -> Result:
        meta = self.meta
        # an unknown paper or kind filters nothing (the form shows "all" for it), as in search.js
        pix = self.papers.index(paper) if paper in self.papers else None
        kix = self.kinds.index(kind) if kind in self.kinds else None
        yr = int(year) if str(year).strip().isdigit() else None
        ids = [d for d in scores
               if (pix is None or meta["paper"][d] == pix) and (kix is None or meta["kind"][d] == kix)
               and (yr is None or meta["year"][d] == yr)]
        if sort == "date":
            ids.sort()
        else:
            ids.sort(key=lambda d: (-scores[d], d))
        folds = None
        if getattr(self, "_fold", True):
            ids, folds = fold_hits(ids, meta["group"], meta["paper"])
        size = self.manifest["page"]
        page = max(1, int(page))
        shown = ids[(page - 1) * size: page * size]
        got = {}
        if texts:
            block = self.manifest["block"]
            for d in shown:
                got[d] = read_text(self._text_range, d, block)
        return Result(total=len(ids), ids=ids, scores={d: scores[d] for d in ids},
                      counts={d: counts[d] for d in ids}, page=shown, texts=got, terms=terms,
                      fetched=list(self._log), folds=folds)


def fold_hits(ids: list[int], group: list[int], paper: list[int]) -> tuple[list[int], dict[int, tuple[int, int]]]:
    """Keep the first hit (in display order) of each reprint group: (kept ids, kept id ->
    (printings among the hits, distinct papers)) for the kept ids that stand for several."""
    first: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    kept = []
    for d in ids:
        g = group[d]
        if g in first:
            members[first[g]].append(d)
            continue
        first[g] = d
        members[d] = [d]
        kept.append(d)
    folds = {d: (len(m), len({paper[x] for x in m})) for d, m in members.items() if len(m) > 1}
    return kept, folds
