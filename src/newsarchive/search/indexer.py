"""The parallel two-pass indexer that writes ``search/``."""

from __future__ import annotations

import gc
import hashlib
import json
import resource
import struct
import tempfile
import time
from array import array
from collections import Counter, defaultdict, deque
from itertools import chain, repeat
from operator import add, and_, itemgetter, rshift, sub
from pathlib import Path
from typing import Callable

from .documents import SearchDoc
from .format import (
    FORMAT,
    HEAD_BOOST,
    PAGE_SIZE,
    encode_meta,
    encode_urls,
    key_code,
    shard_of,
    varints,
)
from .textmodel import _RUN, stream

BUCKETS = 64
"""Hash buckets of the indexer (a power of two): a shard lies in one bucket group in pass 2."""
SPILL_BYTES = 256 << 20
"""Pass-1 column bytes held in memory before they are appended to temporary bucket files."""
TARGET_POSTINGS = 48 * 1024
"""Auto shard count: about this many postings bytes per shard file ..."""
TARGET_KEYS = 512
"""... and at most about this many keys per shard directory."""
MIN_SHARDS, MAX_SHARDS = 8, 1 << 16


def _pow2_at_least(n: float) -> int:
    s = 1
    while s < n:
        s <<= 1
    return s


def auto_shards(postings_estimate: int, keys: int) -> int:
    need = max(postings_estimate / TARGET_POSTINGS, keys / TARGET_KEYS)
    return max(MIN_SHARDS, min(MAX_SHARDS, _pow2_at_least(need)))


CHUNK = 1000
"""Documents per pass-1 task: a task returns the chunk's columns, the parent appends them."""
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
    """Pass 1 for documents lo..hi-1.

    Returns (buckets, records, positions); ``buckets[b]`` is None or
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
    return buckets, records, npos


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
                shards: int | None = None, segment_docs: int | None = None) -> dict:
    """Write ``search/`` through ``write(path, data)``: the documents (ids 0..N-1, newest
    first) cut into segments of whole years (``segment_docs`` documents or more each; by
    default ``segments.SEGMENT_DOCS``), each written by :func:`write_segment`, and the top
    manifest; returns build statistics summed over the segments."""
    from .segments import segment_prefix, split, write_manifest

    for n, doc in enumerate(docs):
        if doc.id != n:
            raise ValueError(f"document ids must be 0..N-1 in order; got {doc.id} at {n}")
    cut = split(docs, segment_docs)
    parts = [write_segment(seg_docs, write, shards, segment_prefix(name)) for name, seg_docs in cut]
    top = write_manifest([name for name, _ in cut], write)
    return merge_stats(parts, top)


def merge_stats(parts: list[dict], top: dict) -> dict:
    """One build's statistics from its segments' (sums, and the largest of the maxima) and
    the top manifest's files."""
    out: dict = {"segments": len(parts), **dict.fromkeys(_KEYS, 0)}
    for part in parts:
        for k, v in part.items():
            if k in _MAXIMA:
                out[k] = max(out.get(k, 0), v)
            elif isinstance(v, (int, float)):
                out[k] = round(out.get(k, 0) + v, 3)
    out["files"] += top["files"]
    out["bytes"] += top["bytes"]
    return out


_MAXIMA = ("shards", "largest_shard_bytes", "peak_rss_mb", "worker_peak_rss_mb", "workers")
_KEYS = ("docs", "files", "bytes", "seconds", "cpu_seconds", "pass1_seconds", "shards", "keys", "postings",
         "positions", "spilled_bytes", "dir_bytes", "postings_bytes", "urls_bytes", "meta_bytes")
"""Present even when no segment was written."""


def write_segment(docs: list[SearchDoc], write: Callable[[str, bytes | str], None],
                  shards: int | None = None, prefix: str = "search/") -> dict:
    """Write one self-contained index of ``docs`` (ids 0..N-1, newest first) under ``prefix``
    through ``write(path, data)``; returns build statistics.

    Pass 1 (:func:`_index_chunk`, per chunk of documents) appends, per key, absolute values to
    uint32 columns (doc ids, ``2*tf + in-head``, positions); the parent keeps the chunks'
    columns by hash bucket (spilling them to temporary files beyond ``SPILL_BYTES``). Pass 2 (:func:`_encode_group`, per group of
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
    positions = records = pending = 0
    workers = _workers(len(docs))
    gc_was_on = gc.isenabled()
    gc.disable()  # millions of short-lived containers, no cycles: the collector would only rescan the build
    try:
        # ---- pass 1: documents -> per-key columns by bucket
        chunks = [(lo, min(lo + CHUNK, len(docs))) for lo in range(0, len(docs), CHUNK)]
        for buckets, nrec, npos in _run(_chunk_task, chunks, workers, (docs,)):
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
                put(f"{prefix}d/{sh}.bin", dbytes)
                put(f"{prefix}p/{sh}.bin", pbytes)
                dir_bytes += len(dbytes)
                post_bytes += len(pbytes)
                largest = max(largest, len(pbytes))
        for sh in range(S):  # every shard file exists, even an empty one (no 404s in the browser)
            if f"{prefix}d/{sh}.bin" not in files:
                put(f"{prefix}d/{sh}.bin", b"\0")
                put(f"{prefix}p/{sh}.bin", b"")
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
    put(f"{prefix}meta.bin", meta)
    urls = encode_urls(docs)
    put(f"{prefix}urls.json", urls)
    manifest = {
        "format": FORMAT, "docs": len(docs), "shards": S, "page": PAGE_SIZE, "boost": HEAD_BOOST,
        "papers": [list(p) for p in paper_list], "kinds": [list(k) for k in kind_list],
        "v": digest.hexdigest()[:12],
    }
    data = json.dumps(manifest, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    write(f"{prefix}index.json", data)
    files[f"{prefix}index.json"] = len(data)
    seconds = time.perf_counter() - started
    return {
        "docs": len(docs), "files": len(files), "bytes": sum(files.values()), "seconds": round(seconds, 3),
        "cpu_seconds": round(_cpu() - cpu_started, 2),
        "pass1_seconds": round(pass1, 3), "shards": S, "keys": len(keys), "postings": postings,
        "positions": positions, "spilled_bytes": spilled, "dir_bytes": dir_bytes, "postings_bytes": post_bytes,
        "largest_shard_bytes": largest, "urls_bytes": len(urls), "meta_bytes": len(meta), "workers": workers,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1) if workers > 1 else 0,
    }
