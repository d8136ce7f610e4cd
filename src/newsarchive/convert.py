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
            # several render processes may share the cache: WAL, a busy timeout, short transactions
            self._db = sqlite3.connect(str(cache_dir / f"opencc-{config}.sqlite"), timeout=120)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS conv (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._db.commit()
        self._pending = 0
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
            self._db.execute("INSERT OR REPLACE INTO conv VALUES (?, ?)", (key, out))
            self._pending += 1
            if self._pending >= 64:
                self._db.commit()
                self._pending = 0
        return out

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
            self._db.commit()
            self._db.close()
            self._db = None
