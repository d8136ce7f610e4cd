"""Simplified -> Traditional conversion (OpenCC), cached by content hash.

Only the non-ASCII runs of a page are converted (markup, URLs and numbers are ASCII and
left alone), in one OpenCC call per page. Results are kept in a small SQLite cache keyed by
the SHA-256 of (configuration, text), so a rebuild converts only pages whose text changed.
The configuration is one of OpenCC's: ``s2t`` (default), ``s2tw``, ``s2hk``, ``s2twp``.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import time
from pathlib import Path

CONFIGS = ("s2t", "s2tw", "s2hk", "s2twp")
_RUNS = re.compile(r"[^\x00-\x7f]+")


class Converter:
    def __init__(self, config: str = "s2t", cache_dir: Path | None = None):
        if config not in CONFIGS:
            raise ValueError(f"unknown conversion {config!r}; choose one of {', '.join(CONFIGS)}")
        import opencc  # imported here: a build without the Traditional edition never loads it

        self.config = config
        self._cc = opencc.OpenCC(config)
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
        self.hits = 0
        self.misses = 0
        self.seconds = 0.0
        self.chars = 0

    def convert(self, text: str) -> str:
        """Convert a page (HTML or text); markup and ASCII pass through untouched."""
        key = hashlib.sha256(f"{self.config}\0{text}".encode("utf-8")).hexdigest()
        if self._db is not None:
            row = self._db.execute("SELECT value FROM conv WHERE key = ?", (key,)).fetchone()
            if row is not None:
                self.hits += 1
                return row[0]
        started = time.perf_counter()
        out = self._convert_runs(text)
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
                self._db.execute("ROLLBACK")
                raise
            self._pending = []

    def _convert_runs(self, text: str) -> str:
        runs = _RUNS.findall(text)
        if not runs:
            return text
        converted = self._cc.convert("\n".join(runs)).split("\n")
        if len(converted) != len(runs):  # never expected; convert run by run to stay exact
            converted = [self._cc.convert(r) for r in runs]
        it = iter(converted)
        return _RUNS.sub(lambda _m: next(it), text)

    def close(self) -> None:
        if self._db is not None:
            self._flush()
            self._db.close()
            self._db = None


def _setup(db: sqlite3.Connection) -> None:
    """WAL mode and the table (the build does this once, ``prepare_cache``, before it forks:
    two processes switching a new file to WAL at once would fail with "database is locked")."""
    if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE IF NOT EXISTS conv (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def prepare_cache(config: str, cache_dir: Path) -> None:
    """Create the cache and switch it to WAL before render processes are forked, so they never
    race for the switch (which SQLite refuses at once rather than waiting)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(cache_dir / f"opencc-{config}.sqlite"), timeout=120, isolation_level=None)
    try:
        _setup(db)
    finally:
        db.close()
