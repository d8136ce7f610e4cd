"""Atomic output: build into a sibling temporary folder, then swap it in.

A failed or killed build leaves the previous output folder untouched: nothing is written
into it until every file of the new site exists. Output bytes depend only on the input
(no timestamps), so the same input gives a byte-identical site.
"""

from __future__ import annotations

import atexit
import fcntl
import json
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path


def dump_json(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


class SiteWriter:
    """Collects a site in a temporary folder beside ``out``; ``commit()`` swaps it in."""

    def __init__(self, out: Path):
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        # one build at a time per output folder: a second build (or a serve rebuild) waits here;
        # the kernel drops the lock if a build is killed
        # (the lock is on the parent folder itself, so no lock file is left lying around)
        self._lock = os.open(self.out.parent, os.O_RDONLY)
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        # a build that was killed (SIGKILL, power loss) leaves its temporary folder behind
        for pattern in (f".{self.out.name}.tmp-*", f".{self.out.name}.old-*"):
            for stale in self.out.parent.glob(pattern):
                if not any(t.is_alive() for t in _CLEANERS):
                    shutil.rmtree(stale, ignore_errors=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.tmp-", dir=self.out.parent))
        self._made: set[Path] = {self.tmp}
        self.count = 0
        self.bytes = 0
        self.sizes: dict[str, int] = {}

    def write(self, rel: str, data: bytes | str) -> None:
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.check(rel)
        target = self.tmp / rel
        folder = target.parent
        if folder not in self._made:
            folder.mkdir(parents=True, exist_ok=True)
            self._made.add(folder)
        target.write_bytes(data)
        self.count += 1
        self.bytes += len(data)
        self.sizes[rel] = len(data)

    @staticmethod
    def check(rel: str) -> None:
        """Refuse any path that could leave the output folder."""
        parts = rel.split("/")
        if rel.startswith("/") or "\\" in rel or any(p in ("", ".", "..") for p in parts):
            raise ValueError(f"refusing to write outside the output folder: {rel!r}")

    def adopt(self, sizes: dict[str, int]) -> None:
        """Account for files another process wrote into ``self.tmp``."""
        for rel, size in sizes.items():
            self.count += 1
            self.bytes += size
            self.sizes[rel] = size

    def copy_tree(self, src: Path, rel: str, skip: set[str] = frozenset()) -> None:
        """Copy a folder of static files (sorted, so the output is deterministic)."""
        if not src.is_dir():
            return
        for path in sorted(src.rglob("*")):
            if path.is_file() and not any(part.startswith(".") for part in path.relative_to(src).parts):
                name = path.relative_to(src).as_posix()
                if name in skip:
                    continue
                self.write(f"{rel}/{name}", path.read_bytes())

    def has(self, rel: str) -> bool:
        return rel in self.sizes

    def commit(self) -> None:
        try:
            _swap(self.tmp, self.out)
        finally:
            self._unlock()

    def abort(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)
        self._unlock()

    def _unlock(self) -> None:
        if self._lock is not None:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            os.close(self._lock)
            self._lock = None

    def __enter__(self) -> "SiteWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


def _swap(new: Path, out: Path) -> None:
    """Replace ``out`` by ``new`` with two renames. The old folder is deleted in the
    background (a big site takes seconds to unlink); the process waits for that at exit."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}-{time.monotonic_ns()}")
        os.rename(out, old)
    os.rename(new, out)
    if old is not None:
        worker = threading.Thread(target=shutil.rmtree, args=(old,), kwargs={"ignore_errors": True}, daemon=True)
        worker.start()
        _CLEANERS.append(worker)


_CLEANERS: list[threading.Thread] = []


@atexit.register
def wait_cleanup() -> None:
    """Wait until previous outputs swapped out by ``commit()`` are deleted."""
    while _CLEANERS:
        _CLEANERS.pop().join()
