"""SQLite files in the cache folder, opened and checked before they are trusted.

The cache (``cache:`` in site.yaml, ``.cache`` by default) is an optimisation only, and may
come from anywhere (a CI cache restored under a broad key, a copy from another machine, a
disk that filled up half-way). So every cache database is checked when opened: it must hold
exactly the tables (with their columns) and indexes this code makes, and nothing else (no
views or triggers, which would run SQL on our writes). A file that is not a database, or
holds anything else, is discarded (with its ``-wal``/``-shm`` files) and made again, and the
build reports it in one info line. Rows are still checked when read, by their owners.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .errors import Diagnostic, Severity

SIDE_FILES = ("-wal", "-shm", "-journal")
CACHE_GLOBS = ("records.sqlite*", "opencc-*.sqlite*", "archive-work.sqlite*", "reuse.sqlite*")
"""Every file the build keeps in the cache folder (``discard_all`` removes them)."""


def schema_problem(db: sqlite3.Connection, tables: dict[str, tuple[str, ...]], indexes: frozenset = frozenset(),
                   schema: str = "main") -> str:
    """Why the database ``schema`` of ``db`` is not one this code made ("" when it is, or is
    empty). ``sqlite3.DatabaseError`` when the file is not a database at all."""
    objects = db.execute(f"SELECT type, name FROM {schema}.sqlite_master").fetchall()
    if not objects:
        return ""
    seen = set()
    for kind, name in objects:
        if kind == "table" and name in tables:
            columns = tuple(row[1] for row in db.execute(f"PRAGMA {schema}.table_info({name})"))
            if columns != tables[name]:
                return f"table {name} has columns {', '.join(columns)}"
            seen.add(name)
        elif kind == "index" and (name in indexes or name.startswith("sqlite_autoindex_")):
            continue
        else:
            return f"unexpected {kind} {name}"
    missing = sorted(set(tables) - seen)
    return f"table {missing[0]} is missing" if missing else ""


def remove(path: Path) -> None:
    """A database file and its side files."""
    for suffix in ("", *SIDE_FILES):
        Path(str(path) + suffix).unlink(missing_ok=True)


def discarded(path: Path, reason: str, what: str) -> Diagnostic:
    """The info line for a cache file that was thrown away."""
    return Diagnostic(Severity.INFO, str(path), 0, f"the {what} cache was damaged or not made by this "
                      f"newsarchive ({reason}); discarded and made again",
                      "nothing to do: the cache only saves time", code="cache-discarded")


_NOT_OURS = ("no such table", "no such column", "has no column", "malformed", "not a database")


def is_corruption(exc: BaseException) -> bool:
    """A damaged database file, or one with other tables (not a busy, full or read-only one)."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    if isinstance(exc, sqlite3.OperationalError):
        return any(s in str(exc) for s in _NOT_OURS)
    return True


def discard_all(folder: Path) -> list[Path]:
    """Remove every file the build keeps in the cache folder; the paths removed."""
    gone = []
    if folder.is_dir():
        for pattern in CACHE_GLOBS:
            for path in sorted(folder.glob(pattern)):
                if path.is_file():
                    path.unlink(missing_ok=True)
                    gone.append(path)
    return gone
