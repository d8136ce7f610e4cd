"""The parsed-record cache: parse a corpus file once, reuse the record until its bytes change.

Records live in ``<cache>/records.sqlite``, keyed by the SHA-256 of everything a record depends
on: the parser's code and papers registry (``salt``), the file's path in the corpus, its bytes
and its sidecar's bytes. A second table remembers each file's ``stat`` (size, mtime, ctime, inode) and
the key it had, so an unchanged file is not even read: the same shortcut ``git status`` and
``make`` take. A file modified within the last two seconds is never trusted by its ``stat``
(the "racy git" problem: a same-size edit in the same clock tick), only by its bytes.

The cache is an optimisation only: delete the folder and the next build parses everything
again, with the same result. Records are stored as JSON (``encode``/``decode``), never
pickle, and checked field by field when read: a row that is not a record this code wrote is
a miss, and a database that is not this cache is discarded (``cachedb``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sqlite3
import time
import zlib
from datetime import date
from importlib import resources
from pathlib import Path

from . import cachedb
from .errors import Diagnostic
from .model import Article, Block, Caption, IssueFacts, Paragraph, ParsedFile

FORMAT = 4
RACY_NS = 2_000_000_000
TABLES = {"meta": ("name", "value"), "files": ("rel", "sig", "key"), "records": ("key", "data", "summary")}


def code_digests(root: Path | None = None) -> tuple[str, str]:
    """(code, package): digests of newsarchive's own files, read once. ``code`` covers the
    modules and data (``.py``, ``.yaml``, the role model): what a parsed record depends on, so a cache never
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
        if path.suffix in (".py", ".yaml", ".crfsuite"):  # the code, the registry, the role model
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


# --- records as JSON ----------------------------------------------------------------------
#
# Each dataclass is a JSON list of its fields in declaration order; every field is checked
# against its type when read. ``_KINDS`` names the type of every field; a field the model
# gains without an entry here is carried as plain JSON data (str, int, float, bool, None,
# lists of them) and anything else is refused when written, so a test catches it.


def _str(v):
    if type(v) is not str:
        raise ValueError("expected text")
    return v


def _opt_str(v):
    return None if v is None else _str(v)


def _int(v):
    if type(v) is not int:
        raise ValueError("expected a whole number")
    return v


def _opt_int(v):
    return None if v is None else _int(v)


def _bool(v):
    if type(v) is not bool:
        raise ValueError("expected true or false")
    return v


def _ints(v):
    if type(v) is not list or not all(type(n) is int for n in v):
        raise ValueError("expected whole numbers")
    return v


def _strs(v):
    if type(v) is not list or not all(type(n) is str for n in v):
        raise ValueError("expected texts")
    return v


def _spans(v):
    if type(v) is not list or not all(type(x) is list and len(x) == 4 and all(type(n) is int for n in x) for x in v):
        raise ValueError("expected spans")
    return [tuple(x) for x in v]


def _unit_roles(v):
    if type(v) is not list or not all(
            type(x) is list and len(x) == 5 and all(type(n) is int for n in x[:3]) and type(x[3]) is str
            and type(x[4]) in (int, float) for x in v):
        raise ValueError("expected unit roles")
    return [tuple(x) for x in v]


def _opt_date(v):
    return None if v is None else date.fromisoformat(_str(v))


def _plain(v):
    """Any JSON data (for fields this codec does not know by name)."""
    stack = [v]
    while stack:
        x = stack.pop()
        if isinstance(x, list):
            stack.extend(x)
        elif x is not None and type(x) not in (str, int, float, bool):
            raise ValueError("expected plain data")
    return v


def _diags(v):
    if type(v) is not list:
        raise ValueError("expected diagnostics")
    return [Diagnostic.from_json(d) for d in v]


def _list_of(cls):
    def check(v):
        if type(v) is not list:
            raise ValueError("expected a list")
        return [_decode_obj(cls, x) for x in v]
    return check


def _obj(cls):
    return lambda v: _decode_obj(cls, v)


_KINDS: dict[type, dict[str, object]] = {
    Paragraph: {"text": _str, "lines": _ints, "role": _str, "markup": _str},
    Caption: {"text": _str, "credit": _opt_str, "photographers": _strs, "lines": _ints, "title": _opt_str},
    Block: {"kind": _str, "text": _str, "lines": _ints, "reason": _str, "spans": _spans},
    IssueFacts: {"paper": _opt_str, "city": _opt_str, "city_slug": _opt_str, "date": _opt_date,
                 "date_evidence": _str, "date_earliest": _opt_date, "date_latest": _opt_date, "date_note": _str,
                 "weekday": _opt_str, "lunar_date": _opt_str, "issue_number": _opt_int, "page_count": _opt_int,
                 "page": _opt_int, "edition": _opt_str, "city_evidence": _str},
    Article: {"headline": _opt_str, "kicker": _opt_str, "subheadline": _opt_str, "byline": _opt_str,
              "authors": _strs, "source": _opt_str, "kind": _str, "paragraphs": _list_of(Paragraph),
              "continued": _opt_str, "credit": _opt_str, "source_note": _opt_str, "labels": _strs,
              "figures": _ints, "lines": _ints, "first_line": _int, "corrections": _strs, "lead": _opt_str,
              "spans": _spans},
    ParsedFile: {"path": _str, "facts": _obj(IssueFacts), "articles": _list_of(Article), "blocks": _list_of(Block),
                 "line_count": _int, "nonblank_lines": _ints, "encoding": _str, "diagnostics": _diags,
                 "source": _str, "digest": _str, "ignore": lambda v: frozenset(_strs(v)), "key": _str,
                 "summary_of": _bool, "nonblank_chars": _ints, "roles": _unit_roles},
}
_FIELDS = {cls: [(f.name, kinds.get(f.name, _plain)) for f in dataclasses.fields(cls)] for cls, kinds in _KINDS.items()}


def _decode_obj(cls, data):
    fields = _FIELDS[cls]
    if type(data) is not list or len(data) != len(fields):
        raise ValueError(f"not a {cls.__name__}")
    return cls(*[check(v) for (_, check), v in zip(fields, data)])


def _encode_obj(obj) -> list:
    out = []
    for name, _ in _FIELDS[type(obj)]:
        v = getattr(obj, name)
        if dataclasses.is_dataclass(v):
            v = _encode_obj(v)
        elif isinstance(v, date):
            v = v.isoformat()
        elif isinstance(v, frozenset):
            v = sorted(v)
        elif isinstance(v, list) and v and dataclasses.is_dataclass(v[0]):
            v = [_encode_obj(x) if not isinstance(x, Diagnostic) else x.to_json() for x in v]
        elif isinstance(v, list) and v and isinstance(v[0], Diagnostic):
            v = [d.to_json() for d in v]
        out.append(v)
    return out


def encode(value: tuple) -> bytes:
    """A cached value ``(ParsedFile, diagnostics, (placed, lines, articles))`` as compressed JSON."""
    pf, diags, counts = value
    data = [_encode_obj(pf), [d.to_json() for d in diags], list(counts)]
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)


def decode(blob: bytes) -> tuple:
    """The inverse of ``encode``, checked: ``ValueError`` for anything else."""
    if not isinstance(blob, bytes):
        raise ValueError("not a record")
    try:
        data = json.loads(zlib.decompress(blob))
    except (zlib.error, UnicodeDecodeError) as exc:
        raise ValueError(str(exc)) from None
    if type(data) is not list or len(data) != 3:
        raise ValueError("not a record")
    pf = _decode_obj(ParsedFile, data[0])
    counts = _ints(data[2])
    if len(counts) != 3:
        raise ValueError("bad counts")
    return pf, _diags(data[1]), tuple(counts)


class RecordCache:
    """``get``/``put`` parsed records; ``known(rel, sig)`` is the stat shortcut."""

    def __init__(self, folder: Path, salt: str, readonly: bool = False):
        """``readonly`` (render workers): read records, change nothing, not even a stale cache."""
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.salt = salt
        self.hits = 0
        self.misses = 0
        self.notes: list[Diagnostic] = []
        """Info lines for the build report (a discarded database, rows that were not records)."""
        self._bad_rows = 0
        path = folder / "records.sqlite"
        # several processes may read it (parallel parse, render workers): WAL and a busy timeout
        self._db = sqlite3.connect(str(path), timeout=120)
        self._stats: dict[str, str] = {}
        self._seen: set[str] = set()
        self._used: set[str] = set()
        if readonly:
            return  # no pragma either: changing the journal mode would need a lock
        try:
            problem = cachedb.schema_problem(self._db, TABLES)
        except sqlite3.DatabaseError as exc:
            if not cachedb.is_corruption(exc):
                raise
            problem = str(exc)
        if problem:
            self._db.close()
            cachedb.remove(path)
            self.notes.append(cachedb.discarded(path, problem, "parsed-record"))
            self._db = sqlite3.connect(str(path), timeout=120)
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
        self._stats = {rel: f"{sig} {key}" for rel, sig, key in self._db.execute("SELECT rel, sig, key FROM files")
                       if isinstance(rel, str) and isinstance(sig, str) and isinstance(key, str)}

    def known(self, rel: str, sig: str) -> str | None:
        """The key of ``rel`` if its stat signature is the one recorded (and trustworthy)."""
        self._seen.add(rel)
        got = self._stats.get(rel)
        if not sig or got is None:
            return None
        old_sig, _, key = got.partition(" ")
        return key if old_sig == sig else None

    def get(self, key: str, summary: bool = False):
        """The full record stored under ``key`` (or, with ``summary``, the small one); None if
        absent, or if the row is not a record this code wrote (then it is a miss)."""
        self._used.add(key)
        column = "summary" if summary else "data"
        row = self._db.execute(f"SELECT {column} FROM records WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            value = decode(row[0])
            if value[0].key and value[0].key != key:
                raise ValueError("a record filed under another key")
        except (ValueError, TypeError, OverflowError, RecursionError):
            self._bad_rows += 1
            if self._bad_rows == 1:
                self.notes.append(cachedb.discarded(self.folder / "records.sqlite", "a row is not a parsed record",
                                                    "parsed-record"))
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
        blobs = [encode(v) for v in (value, summary)]
        self._db.execute("INSERT OR REPLACE INTO records VALUES (?, ?, ?)", (key, *blobs))
        self.remember(rel, sig, key)

    def keep(self, rel: str, key: str) -> None:
        """A record the build holds already (in memory): counted as a hit and kept by ``close(prune=True)``."""
        self.hits += 1
        self._seen.add(rel)
        self._used.add(key)

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
