"""Simplified -> Traditional conversion (OpenCC), cached by content hash, in linear time.

Only the non-ASCII runs of a page are converted (markup, URLs and numbers are ASCII and
left alone), in one OpenCC call per page. Results are kept in a small SQLite cache keyed by
the SHA-256 of (configuration, text), so a rebuild converts only pages whose text changed.
The configuration is one of OpenCC's: ``s2t`` (default), ``s2tw``, ``s2hk``, ``s2twp``.

**Bounded work.** opencc-python-reimplemented cuts the text at punctuation and white space
and then, in each segment, repeatedly takes the longest dictionary match anywhere in it (the
leftmost of equal length) and starts again on what lies left and right of it. On ordinary
text segments are a few dozen characters; on a run without punctuation (6 MB of one
character) that repeated slicing is quadratic: 75 s for 6 MB, hours for 20 MB. Segments
longer than ``LONG`` characters are therefore converted by ``_Linear``, which gives exactly
the same result in linear time: for each dictionary (in the library's order) it lists every
match once with a trie-like prefix set, then takes matches longest first, left to right,
never overlapping one already taken — which is what the library's recursion amounts to
(each region takes its longest, leftmost match; what is left and right of it are regions of
their own; a group's next dictionary works only on what the previous ones left). Shorter
segments still go through the library itself.

**Each distinct segment once.** The library converts the segments between its separators
(punctuation, white space) one by one, each independently of the others, so a segment's
conversion can be remembered: template chrome, paper names, headlines and excerpts repeat on
thousands of pages and are converted once per process (``MEMO_CHARS`` bounds the memo; long
segments are not kept). The output is the library's, byte for byte. ``tests/test_convert_linear.py`` checks both
give byte-identical output on the seed pages and on random text dense in dictionary phrases,
and ``benchmarks/convert_linear.py`` measures 20 MB of one repeated character against 20 MB
of ordinary text.

**The cache is checked on read.** A cached value must have exactly the ASCII of the page it
is filed under (OpenCC only ever turns non-ASCII into non-ASCII in these configurations), so
a cache file from elsewhere can never put markup or script into a page; a database that is
not this cache is discarded (``cachedb``).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import time
from array import array
from pathlib import Path

from . import cachedb

CONFIGS = ("s2t", "s2tw", "s2hk", "s2twp")
_RUNS = re.compile(r"[^\x00-\x7f]+")
TABLES = {"conv": ("key", "value")}
LONG = 400
"""Segments longer than this are converted by ``_Linear`` (shorter ones by the library)."""
MEMO_CHARS = 4_000_000
"""Characters of distinct segments a converter remembers (about 100 MB at most); past it the
memo starts again empty. Bounded memory, and the output never depends on it."""


class Converter:
    def __init__(self, config: str = "s2t", cache_dir: Path | None = None):
        if config not in CONFIGS:
            raise ValueError(f"unknown conversion {config!r}; choose one of {', '.join(CONFIGS)}")
        import opencc  # imported here: a build without the Traditional edition never loads it

        self.config = config
        self._cc = opencc.OpenCC(config)
        self._linear: _Linear | None = None
        self._db: sqlite3.Connection | None = None
        if cache_dir is not None:
            cache_dir.mkdir(parents=True, exist_ok=True)
            # several render processes share the cache: WAL, a busy timeout, reads in autocommit and
            # writes batched in memory, each batch one short BEGIN IMMEDIATE transaction (a deferred
            # one would start as a reader and, once another process has committed, fail at once
            # with "database is locked" instead of waiting)
            self._db = sqlite3.connect(str(cache_dir / f"opencc-{config}.sqlite"), timeout=120,
                                       isolation_level=None)
            _setup(self._db)
        self._pending: list[tuple[str, str]] = []
        self._memo: dict[str, str] = {}
        self._memo_chars = 0
        self.segment_hits = 0
        self.hits = 0
        self.misses = 0
        self.seconds = 0.0
        self.chars = 0

    def convert(self, text: str) -> str:
        """Convert a page (HTML or text); markup and ASCII pass through untouched."""
        key = hashlib.sha256(f"{self.config}\0{text}".encode("utf-8")).hexdigest()
        if self._db is not None:
            row = self._db.execute("SELECT value FROM conv WHERE key = ?", (key,)).fetchone()
            if row is not None and _plausible(text, row[0]):
                self.hits += 1
                return row[0]
        started = time.perf_counter()
        out = self.convert_text(text)
        self.seconds += time.perf_counter() - started
        self.misses += 1
        self.chars += len(text)
        if self._db is not None:
            self._pending.append((key, out))
            if len(self._pending) >= 64:
                self._flush()
        return out

    def _flush(self) -> None:
        if self._pending:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany("INSERT OR REPLACE INTO conv VALUES (?, ?)", self._pending)
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:  # a failed COMMIT (a full disk) has rolled back already
                    self._db.execute("ROLLBACK")
                raise
            self._pending = []

    def convert_text(self, text: str) -> str:
        """The conversion itself (no cache): every non-ASCII run, in linear time."""
        runs = _RUNS.findall(text)
        if not runs:
            return text
        converted = self._convert("\n".join(runs)).split("\n")
        if len(converted) != len(runs):  # never expected; convert run by run to stay exact
            converted = [self._convert(r) for r in runs]
        it = iter(converted)
        return _RUNS.sub(lambda _m: next(it), text)

    def _convert(self, text: str) -> str:
        """``OpenCC.convert``, segment by segment: each distinct segment converted once per
        process (``_memo``), a long one (the library's quadratic case) by ``_Linear``."""
        cc = self._cc
        if not hasattr(cc, "split_chars_re"):  # the official C++ binding (swapped in by hand): linear already
            return cc.convert(text)
        if not cc._dict_init_done:
            cc._init_dict()
        chain = cc._dict_chain_data
        memo = self._memo
        parts = cc.split_chars_re.split(text)
        out = []
        for i, part in enumerate(parts):
            if i % 2 or not part:  # a separator (kept as it is), or nothing between two
                out.append(part)
                continue
            got = memo.get(part)
            if got is not None:
                self.segment_hits += 1
            elif len(part) > LONG:  # not kept: a page of one long run must not fill the memo
                if self._linear is None:
                    self._linear = _Linear(chain)
                got = self._linear.convert(part)
            else:
                got = cc._convert(part, chain)
                if self._memo_chars + len(part) > MEMO_CHARS:
                    memo.clear()
                    self._memo_chars = 0
                memo[part] = got
                self._memo_chars += len(part)
            out.append(got)
        return "".join(out)

    def close(self) -> None:
        if self._db is not None:
            self._flush()
            self._db.close()
            self._db = None


def _plausible(text: str, value: object) -> bool:
    """A cached conversion of ``text`` has its ASCII, exactly (markup, attributes, scripts)."""
    return isinstance(value, str) and _RUNS.sub("", value) == _RUNS.sub("", text) \
        and len(_RUNS.findall(value)) == len(_RUNS.findall(text))


class _Linear:
    """The library's conversion of one segment, in time linear in its length.

    ``chain`` is ``OpenCC._dict_chain_data``: stages applied one after the other to the whole
    text; each stage a group of dictionaries ``(max_len, min_len, {key: value})`` tried in
    order on what the earlier ones of the group left unmatched. A value ``"a b"`` offers
    alternatives: the first is used (as the library does)."""

    def __init__(self, chain):
        self.chain = chain
        self._prefixes: dict[int, frozenset] = {}
        self._maps: dict[int, dict] = {}

    def prefixes(self, table: dict) -> frozenset:
        """Every proper prefix (of two characters or more) of the table's keys."""
        found = self._prefixes.get(id(table))
        if found is None:
            found = self._prefixes[id(table)] = frozenset(
                k[:n] for k in table if len(k) > 2 for n in range(2, len(k)))
        return found

    def char_map(self, table: dict) -> dict:
        """A ``str.translate`` table for a dictionary of single characters."""
        found = self._maps.get(id(table))
        if found is None:
            found = self._maps[id(table)] = {ord(k): _first(v) for k, v in table.items()}
        return found

    def convert(self, text: str) -> str:
        for group in self.chain:
            text = self._stage(text, group)
        return text

    def _stage(self, s: str, group) -> str:
        n = len(s)
        taken = bytearray(n)  # 1 where a match lies
        lens = bytearray(n)  # the length of the match that starts here (keys are at most 16 long)
        vals: dict[int, str] = {}
        # trailing single-character dictionaries match every free character on their own: they
        # are applied to the free stretches with str.translate at the end
        tail = len(group)
        while tail and group[tail - 1][0] == 1:
            tail -= 1
        for max_len, min_len, table in group[:tail]:
            prefixes = self.prefixes(table)
            by_len: dict[int, array] = {}
            for i in range(n):
                if taken[i]:
                    continue
                if min_len <= 1 and s[i] in table:
                    by_len.setdefault(1, array("I")).append(i)
                length = 2
                while length <= max_len and i + length <= n and not taken[i + length - 1]:
                    piece = s[i:i + length]
                    if length >= min_len and piece in table:
                        by_len.setdefault(length, array("I")).append(i)
                    if piece not in prefixes:
                        break
                    length += 1
            for length in sorted(by_len, reverse=True):  # longest first, then left to right
                for i in by_len[length]:
                    if taken.find(1, i, i + length) < 0:
                        lens[i] = length
                        vals[i] = _first(table[s[i:i + length]])
                        taken[i:i + length] = b"\x01" * length
        merged: dict = {}
        for _, _, table in reversed(group[tail:]):  # an earlier dictionary takes a character first
            merged.update(self.char_map(table))

        def free(stretch: str) -> str:
            return stretch.translate(merged) if merged else stretch

        out = []
        i = 0
        while i < n:
            j = taken.find(1, i)
            if j < 0:
                out.append(free(s[i:]))
                break
            if j > i:
                out.append(free(s[i:j]))
            out.append(vals[j])
            i = j + lens[j]
        return "".join(out)


def _first(value: str) -> str:
    return value.split(" ")[0] if " " in value else value


def _setup(db: sqlite3.Connection) -> None:
    """WAL mode and the table (the build does this once, ``prepare_cache``, before it forks:
    two processes switching a new file to WAL at once would fail with "database is locked")."""
    if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE IF NOT EXISTS conv (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def prepare_cache(config: str, cache_dir: Path) -> list:
    """Create (or check) the cache and switch it to WAL before render processes are forked,
    so they never race for the switch (which SQLite refuses at once rather than waiting). A
    cache file that is not this cache is discarded; the info line saying so is returned."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"opencc-{config}.sqlite"
    notes = []
    db = sqlite3.connect(str(path), timeout=120, isolation_level=None)
    try:
        try:
            problem = cachedb.schema_problem(db, TABLES)
        except sqlite3.DatabaseError as exc:
            if not cachedb.is_corruption(exc):
                raise
            problem = str(exc)
        if problem:
            db.close()
            cachedb.remove(path)
            notes.append(cachedb.discarded(path, problem, "Traditional conversion"))
            db = sqlite3.connect(str(path), timeout=120, isolation_level=None)
        _setup(db)
    finally:
        db.close()
    return notes
