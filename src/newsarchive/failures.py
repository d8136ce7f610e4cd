"""Build failures a person causes, told as diagnostics instead of tracebacks.

A full disk, an output or cache folder the build may not write, a read-only file system, a
cache database locked by another program: each ends as ``FILE:LINE: error: … (hint: …)``
naming the site.yaml key concerned (``output`` or ``cache``) and the path. The build writes
into a staging folder and publishes at the very end, so such a failure leaves the previous
site as it was; the hint says so. Anything else is a bug, and keeps its traceback.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from .config import SiteConfig
from .errors import Diagnostic, Severity, one_line

KEPT = "the previous site is unchanged"
_HINTS = {
    errno.ENOSPC: "free some disk space and build again; " + KEPT,
    errno.EDQUOT: "free some space (your disk quota is used up) and build again; " + KEPT,
    errno.EACCES: "check that you may write there (permissions), or choose another folder; " + KEPT,
    errno.EPERM: "check that you may write there (permissions), or choose another folder; " + KEPT,
    errno.EROFS: "the file system is read-only: choose a folder on a writable disk; " + KEPT,
    errno.ENAMETOOLONG: "a path is too long for the file system: use a shorter folder name; " + KEPT,
    errno.EMFILE: "too many open files: raise the limit (ulimit -n) and build again; " + KEPT,
}


def describe(exc: BaseException, config: SiteConfig) -> Diagnostic | None:
    """The diagnostic for a failure a person caused (None: not one; let it raise)."""
    if isinstance(exc, sqlite3.OperationalError):
        return _sqlite(exc, config)
    if not isinstance(exc, OSError) or exc.errno is None:
        return None
    path = Path(exc.filename) if exc.filename else None
    key = _key_of(path, config)
    hint = _HINTS.get(exc.errno)
    if hint is None:
        if exc.errno not in (errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EEXIST, errno.EIO, errno.EBUSY,
                             errno.ETXTBSY, errno.EXDEV, errno.ELOOP):
            return None
        hint = "check the folders named in site.yaml and build again; " + KEPT
    if path is None:  # a write() or fsync() names no file: the folder of the key concerned
        path = config.output_dir if key == "output" else None
    where = f" {one_line(str(path))}" if path else ""
    what = "read" if exc.errno in (errno.ENOENT, errno.ELOOP) else "write"
    return Diagnostic(Severity.ERROR, config.source or "site.yaml", config.line_of(key),
                      f"cannot {what}{where} (`{key}`): {exc.strerror or exc}", hint, code="io-error")


def _sqlite(exc: sqlite3.OperationalError, config: SiteConfig) -> Diagnostic | None:
    text = str(exc)
    cache = (config.root / config.cache).resolve()
    if "disk is full" in text or "disk I/O error" in text:
        hint = _HINTS[errno.ENOSPC]
    elif "readonly" in text or "unable to open" in text:
        hint = "check that you may write to the cache folder, or point `cache:` elsewhere; " + KEPT
    elif "locked" in text:
        hint = "another program holds the cache: close it (or wait for another build) and build again; " + KEPT
    else:
        return None
    return Diagnostic(Severity.ERROR, config.source or "site.yaml", config.line_of("cache"),
                      f"cannot write the cache {one_line(str(cache))} (`cache`): {text}", hint, code="io-error")


def _key_of(path: Path | None, config: SiteConfig) -> str:
    """The site.yaml key a path belongs to (``output`` unless it is under the cache)."""
    if path is None:
        return "output"
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return "output"
    cache = (config.root / config.cache).resolve()
    if resolved == cache or cache in resolved.parents:
        return "cache"
    corpus = config.corpus_dir
    if resolved == corpus or corpus in resolved.parents:
        return "corpus"
    return "output"
