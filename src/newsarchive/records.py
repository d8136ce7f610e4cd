"""The parsed-record cache: parse a corpus file once, reuse the record until its bytes change.

Records live in ``<cache>/records.sqlite``, keyed by the SHA-256 of everything a record depends
on: the parser's code and papers registry (``salt``), the file's path in the corpus, its bytes
and its sidecar's bytes. A second table remembers each file's ``stat`` (size, mtime, ctime, inode) and
the key it had, so an unchanged file is not even read: the same shortcut ``git status`` and
``make`` take. A file modified within the last two seconds is never trusted by its ``stat``
(the "racy git" problem: a same-size edit in the same clock tick), only by its bytes.

The cache is an optimisation only: delete the folder and the next build parses everything
again, with the same result.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import time
import zlib
from importlib import resources
from pathlib import Path

FORMAT = 2
RACY_NS = 2_000_000_000


def code_digests(root: Path | None = None) -> tuple[str, str]:
    """(code, package): digests of newsarchive's own files, read once. ``code`` covers the
    modules and data (``.py``, ``.yaml``): what a parsed record depends on, so a cache never
    outlives the parser that made it. ``package`` covers every file, the theme's templates and
    static files and the schemas too: what a page depends on."""
    code = hashlib.sha256(f"records-{FORMAT}\0".encode("utf-8"))
    package = hashlib.sha256(b"package\0")
    root = root or Path(str(resources.files("newsarchive")))
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        part = path.relative_to(root).as_posix().encode("utf-8") + b"\0" + path.read_bytes()
        package.update(part)
        if path.suffix in (".py", ".yaml"):
            code.update(part)
    return code.hexdigest(), package.hexdigest()


def stat_sig(path: Path | None) -> str:
    """size:mtime_ns:ctime_ns:inode of a file ('-' for none); '' when it is too fresh to trust.

    ctime is in it because nobody can set it: an edit that keeps the size and puts the old
    mtime back (``touch -r``, some editors and sync tools) still changes the ctime."""
    if path is None:
        return "-"
    st = os.stat(path)
    if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_NS:
        return ""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


def content_key(salt: str, rel: str, data: bytes, sidecar: bytes | None) -> str:
    h = hashlib.sha256(salt.encode("ascii"))
    h.update(b"\0" + rel.encode("utf-8") + b"\0")
    h.update(len(data).to_bytes(8, "little") + data)
    h.update(b"\0" if sidecar is None else b"\1" + sidecar)
    return h.hexdigest()


class RecordCache:
    """``get``/``put`` parsed records; ``known(rel, sig)`` is the stat shortcut."""

    def __init__(self, folder: Path, salt: str, readonly: bool = False):
        """``readonly`` (render workers): read records, change nothing, not even a stale cache."""
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.salt = salt
        self.hits = 0
        self.misses = 0
        # several processes may read it (parallel parse, render workers): WAL and a busy timeout
        self._db = sqlite3.connect(str(folder / "records.sqlite"), timeout=120)
        self._stats: dict[str, str] = {}
        self._seen: set[str] = set()
        self._used: set[str] = set()
        if readonly:
            return  # no pragma either: changing the journal mode would need a lock
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        row = self._db.execute("SELECT value FROM meta WHERE name = 'salt'").fetchone()
        if row is None or row[0] != salt:  # other code: every record is stale
            self._db.executescript("DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS records;")
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('salt', ?)", (salt,))
        self._db.executescript("""
            CREATE TABLE IF NOT EXISTS files (rel TEXT PRIMARY KEY, sig TEXT NOT NULL, key TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, data BLOB NOT NULL, summary BLOB NOT NULL);
        """)
        self._db.commit()
        self._stats = dict(self._db.execute("SELECT rel, sig || ' ' || key FROM files"))

    def known(self, rel: str, sig: str) -> str | None:
        """The key of ``rel`` if its stat signature is the one recorded (and trustworthy)."""
        self._seen.add(rel)
        got = self._stats.get(rel)
        if not sig or got is None:
            return None
        old_sig, _, key = got.partition(" ")
        return key if old_sig == sig else None

    def get(self, key: str, summary: bool = False):
        """The full record stored under ``key`` (or, with ``summary``, the small one); None if absent."""
        self._used.add(key)
        column = "summary" if summary else "data"
        row = self._db.execute(f"SELECT {column} FROM records WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            value = pickle.loads(zlib.decompress(row[0]))
        except Exception:  # a damaged row is a miss, never an error
            return None
        self.hits += 1
        return value

    def full(self, summary):
        """The full record a summary (``ParsedFile.summary()``) was made from; None if absent."""
        value = self.get(summary.key)
        if value is None:
            return None
        value[0].source = summary.source
        return value[0]

    def put(self, rel: str, sig: str, key: str, value, summary) -> None:
        """Store a record (``value``) and its summary (what a build's index needs) under ``key``."""
        self.misses += 1
        self._seen.add(rel)
        self._used.add(key)
        blobs = [zlib.compress(pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL), 1) for v in (value, summary)]
        self._db.execute("INSERT OR REPLACE INTO records VALUES (?, ?, ?)", (key, *blobs))
        self.remember(rel, sig, key)

    def remember(self, rel: str, sig: str, key: str) -> None:
        self._seen.add(rel)
        if sig and self._stats.get(rel) != f"{sig} {key}":
            self._db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", (rel, sig, key))
            self._stats[rel] = f"{sig} {key}"

    def close(self, prune: bool = False) -> None:
        """Commit; with ``prune`` (after a whole corpus was loaded), forget files not seen in
        this run and the records no current file uses, so the cache does not grow forever."""
        if prune:
            gone = [rel for rel in self._stats if rel not in self._seen]
            self._db.executemany("DELETE FROM files WHERE rel = ?", [(r,) for r in gone])
            self._db.execute("CREATE TEMP TABLE used (key TEXT PRIMARY KEY)")
            self._db.executemany("INSERT OR IGNORE INTO used VALUES (?)", [(k,) for k in self._used])
            self._db.execute("DELETE FROM records WHERE key NOT IN (SELECT key FROM used)")
        self._db.commit()
        self._db.close()
