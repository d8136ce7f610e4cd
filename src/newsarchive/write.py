"""Atomic, incremental output: stage what changed, then commit it in one step.

Every build writes into a sibling staging folder (``.public.tmp-*``), never into the
published folder. What happens at the end depends on whether the previous output is known:

* **first build, or ``--clean``** (no manifest): the staging folder holds the whole site and
  replaces the published folder with two renames; the old one is deleted afterwards.
* **rebuild**: the manifest beside the output (``.public.manifest``) records the digest of every
  published file and the input signature of every page group. A page group whose signature is
  unchanged is not rendered at all; a file whose bytes are unchanged is not written. Only
  changed files are staged. Commit writes a journal into the staging folder, renames the
  staging folder to ``.public.commit-*`` (the commit point), then moves each staged file over
  its published one (``os.replace``) and deletes files the site no longer has. A build killed
  before the commit point leaves the published site untouched; one killed after it is rolled
  forward by the next build before it does anything else.

So unchanged files keep their bytes, inode and modification time, and ``rsync`` or a Pages
upload sends only what changed. Output bytes depend only on the input (no timestamps): the
same input gives a byte-identical site whichever way it was built (tests).
The published folder is assumed to be written only by newsarchive; after editing it by hand,
build with ``--clean``.

The manifest and the journal are JSON, checked when read (never pickle: a file that is read
back must not be able to run code). Every path in them must stay inside the output folder
(``check``), and deletes and moves never follow a symlink out of it, so no manifest, however
crafted, makes a build delete or write anything else. A full build writes the new manifest
first (a full disk fails there, before anything is published), marks the old one as being
replaced, then swaps the new folder in with one ``renameat2(RENAME_EXCHANGE)`` where the
system has it (so there is no moment without the output folder) and puts the new manifest
in place; a build killed in between leaves a manifest that makes the next build full.
"""

from __future__ import annotations

import atexit
import ctypes
import fcntl
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_FORMAT = "newsarchive-manifest"
MANIFEST_VERSION = 3
JOURNAL = ".newsarchive-journal"


def dump_json(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def digest(data: bytes) -> str:
    """A file's digest as the manifest spells it (hex: a manifest of 300k files is written and
    read without converting each one)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


_HEX32 = re.compile(r"[0-9a-f]{32}")


@dataclass
class Manifest:
    """What the published folder holds: every file's (digest, size), and for every page group
    the signature of its inputs and the files it wrote. ``stamp``/``report`` serve no-op builds
    (``report`` is plain JSON data: the pipeline makes and checks it)."""

    files: dict[str, tuple[str, int]] = field(default_factory=dict)
    groups: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    stamp: str = ""
    report: dict = field(default_factory=dict)


def manifest_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.manifest")


ABSENT, OK, DAMAGED, LEGACY, FOREIGN = "absent", "ok", "damaged", "legacy", "foreign"
OWNED = (OK, DAMAGED, LEGACY)
"""Manifest states that say newsarchive made the output folder (a full build may replace it)."""


def load_manifest(out: Path, head_only: bool = False) -> Manifest | None:
    """The manifest of ``out``, or None when there is no usable one (then the build is full).
    ``head_only``: just ``stamp`` and ``report`` (a no-op build needs nothing else)."""
    if not out.is_dir():
        return None
    return read_manifest(out, head_only)[0]


def read_manifest(out: Path, head_only: bool = False) -> tuple[Manifest | None, str]:
    """(the manifest or None, its state): ``absent``; ``ok``; ``damaged`` (ours, but not
    readable, holding a path outside the output, or left by a build killed while swapping),
    ``legacy`` (a pickled manifest of an older newsarchive, never unpickled) or ``foreign``
    (not a newsarchive manifest at all)."""
    path = manifest_path(out)
    try:
        f = open(path, "rb")
    except FileNotFoundError:
        return None, ABSENT
    except OSError:
        return None, FOREIGN
    with f:
        try:
            first = f.readline()
        except OSError:
            return None, FOREIGN
        if first.startswith(b"\x80"):  # pickle protocol 2+: the format before version 3
            return None, LEGACY
        try:
            head = json.loads(first)
        except ValueError:
            return None, FOREIGN
        if not isinstance(head, dict) or head.get("format") != MANIFEST_FORMAT:
            return None, FOREIGN
        try:
            if head.get("version") != MANIFEST_VERSION:
                return None, DAMAGED
            man = _head_from(head)
            if head_only:
                return man, OK
            man.files = _files_from(json.loads(f.readline()))
            man.groups = _groups_from(json.loads(f.readline()), man.files)
        except (OSError, ValueError, KeyError, TypeError):
            return None, DAMAGED
    return man, OK


def _head_from(head: dict) -> Manifest:
    stamp, report = head["stamp"], head["report"]
    if not isinstance(stamp, str) or not isinstance(report, dict):
        raise ValueError("bad manifest head")
    return Manifest(stamp=stamp, report=report)


def _files_from(data) -> dict[str, tuple[str, int]]:
    if not isinstance(data, dict):
        raise ValueError("bad file list")
    files = {}
    for rel, entry in data.items():
        check(rel)
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)
                and _HEX32.fullmatch(entry[0]) and type(entry[1]) is int and entry[1] >= 0):
            raise ValueError(f"bad file entry {rel!r}")
        files[rel] = (entry[0], entry[1])
    return files


def _groups_from(data, files: dict) -> dict[str, tuple[str, list[str]]]:
    if not isinstance(data, dict):
        raise ValueError("bad group list")
    groups = {}
    for key, entry in data.items():
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)
                and isinstance(entry[1], list) and all(isinstance(r, str) for r in entry[1])):
            raise ValueError(f"bad group {key!r}")
        for rel in entry[1]:
            check(rel)
        groups[key] = (entry[0], list(entry[1]))
    return groups


def _manifest_lines(man: Manifest) -> list[bytes]:
    """The manifest as three JSON lines (head, files, groups)."""
    head = {"format": MANIFEST_FORMAT, "version": MANIFEST_VERSION, "stamp": man.stamp, "report": man.report}
    files = man.files  # (digest, size) pairs: JSON lists
    groups = {key: [sig, rels] for key, (sig, rels) in man.groups.items()}
    return [json.dumps(x, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
            for x in (head, files, groups)]


def manifest_stamp(out: Path) -> tuple | None:
    """Which file the manifest beside ``out`` is (inode, size, mtime, ctime): every build
    writes a new one, so a manifest held in memory is current while this is unchanged."""
    try:
        st = os.stat(manifest_path(out))
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _pending_path(out: Path) -> Path:
    return manifest_path(out).with_name(manifest_path(out).name + ".new")


def _write_pending(out: Path, man: Manifest) -> Path:
    """Write the manifest beside ``out`` under a temporary name, flushed to disk: a full disk
    fails here, before anything is published."""
    tmp = _pending_path(out)
    with open(tmp, "wb") as f:
        f.writelines(_manifest_lines(man))
        f.flush()
        os.fsync(f.fileno())
    return tmp


def _swapping(out: Path) -> str | None:
    """The name of the folder a killed full build had moved the previous site to, when the
    manifest says a swap was under way (None otherwise)."""
    try:
        with open(manifest_path(out), "rb") as f:
            head = json.loads(f.readline())
    except (OSError, ValueError):
        return None
    if isinstance(head, dict) and head.get("format") == MANIFEST_FORMAT and isinstance(head.get("swapping"), str):
        return head["swapping"]
    return None


def _invalidate_manifest(out: Path, swapping: str | None = None) -> None:
    """Keep the claim that newsarchive made ``out`` but nothing else: the next build is full.
    ``swapping``: the name the previous site is moved to while a full build swaps."""
    path = manifest_path(out)
    tmp = path.with_name(path.name + ".stub")
    head = {"format": MANIFEST_FORMAT, "version": 0, **({"swapping": swapping} if swapping else {})}
    tmp.write_bytes(json.dumps(head).encode("utf-8") + b"\n")
    os.replace(tmp, path)


def save_manifest(out: Path, man: Manifest) -> None:
    os.replace(_write_pending(out, man), manifest_path(out))


_OUTSIDE = re.compile(r"(?:^|/)\.{0,2}(?:/|$)|[\\\x00]")
"""An empty, ``.`` or ``..`` part (a leading or doubled slash is an empty part), a backslash, a NUL."""


def check(rel: str) -> None:
    """Refuse any path that could leave the output folder (or clash with the journal). One
    regular expression: a manifest of 300k files is checked path by path when it is read."""
    if not isinstance(rel, str):
        raise ValueError(f"refusing a path that is not text: {rel!r}")
    if _OUTSIDE.search(rel) or rel == JOURNAL:
        raise ValueError(f"refusing to write outside the output folder: {rel!r}")


class Stage:
    """Files one process produced: ``write`` stages changed bytes into ``tmp``; ``keep`` carries
    an unchanged page group over from the previous manifest. Render workers each have one and
    hand ``files``/``staged``/``groups`` back to the build."""

    def __init__(self, tmp: Path, previous: Manifest | None):
        self.tmp = tmp
        self.previous = previous
        self.files: dict[str, tuple[str, int]] = {}
        self.staged: set[str] = set()
        self.groups: dict[str, tuple[str, list[str]]] = {}
        self._group: list[str] | None = None
        self._made: set[Path] = {tmp}

    def begin(self, key: str, sig: str) -> None:
        """Files written from now on belong to group ``key`` (until the next ``begin``/``end``)."""
        rels: list[str] = []
        self.groups[key] = (sig, rels)
        self._group = rels

    def end(self) -> None:
        self._group = None

    def keep(self, key: str, sig: str) -> bool:
        """True (and the group's files are kept) when the previous build made this group from
        the same inputs and its files are all still in the manifest."""
        prev = self.previous.groups.get(key) if self.previous is not None else None
        return prev is not None and prev[0] == sig and self._carry(key, sig)

    def keep_stale(self, key: str) -> bool:
        """Keep the previous build's files of group ``key`` although its inputs changed (a
        preview that updates them later); the group is marked stale, so the next build makes
        it again. False when there is nothing to keep."""
        return self._carry(key, "stale")

    def _carry(self, key: str, sig: str) -> bool:
        """Take the previous build's files of group ``key`` into this build, under ``sig``."""
        prev = self.previous.groups.get(key) if self.previous is not None else None
        old = self.previous.files if self.previous is not None else {}
        if prev is None or not all(rel in old for rel in prev[1]):
            return False
        for rel in prev[1]:
            self.files[rel] = old[rel]
        self.groups[key] = (sig, list(prev[1]))
        return True

    def write(self, rel: str, data: bytes | str) -> None:
        if isinstance(data, str):
            data = data.encode("utf-8")
        target = self._target(rel, (digest(data), len(data)))
        if target is not None:
            target.write_bytes(data)

    def write_path(self, rel: str, path: Path, made_from: str) -> None:
        """``write`` for a big file made elsewhere (on the same file system): moved, not copied.
        ``made_from`` is the signature of its inputs: the file is a function of them, so it
        stands for the bytes in the manifest (reading 300 MB to hash them would cost more)."""
        target = self._target(rel, (digest(f"made-from:{made_from}".encode("utf-8")), path.stat().st_size))
        if target is None:
            path.unlink()
        else:
            os.replace(path, target)

    def _target(self, rel: str, entry: tuple[str, int]) -> Path | None:
        """Record ``rel`` as (digest, size) in this build; the staging path to put its bytes at,
        or None when the published file already has them."""
        check(rel)
        self.files[rel] = entry
        if self._group is not None:
            self._group.append(rel)
        if self.previous is not None and self.previous.files.get(rel) == entry:
            self.staged.discard(rel)
            return None
        target = self.tmp / rel
        folder = target.parent
        if folder not in self._made:
            folder.mkdir(parents=True, exist_ok=True)
            self._made.add(folder)
        self.staged.add(rel)
        return target

    def adopt(self, files: dict, staged: set, groups: dict) -> None:
        """Take over what another process (a render worker) produced into the same ``tmp``."""
        self.files.update(files)
        self.staged.update(staged)
        self.groups.update(groups)


class SiteWriter(Stage):
    """One build's output. ``commit()`` publishes it; ``abort()`` throws it away."""

    def __init__(self, out: Path, incremental: bool = True, held=None):
        """``held(manifest_stamp)``: the manifest a long-running process kept from its previous
        build, or None when the file beside the output is no longer the one it wrote (``resident.py``)."""
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        # one build at a time per output folder: a second build (or a serve rebuild) waits here;
        # the kernel drops the lock if a build is killed
        # (the lock is on the parent folder itself, so no lock file is left lying around)
        self._lock = os.open(self.out.parent, os.O_RDONLY)
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        _recover(self.out)
        previous = None
        if incremental:
            previous = held(manifest_stamp(self.out)) if held is not None and self.out.is_dir() else None
            previous = previous or load_manifest(self.out)
        tmp = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.tmp-", dir=self.out.parent))
        os.chmod(tmp, 0o755)  # it becomes the published folder: readable by the web server (mkdtemp: 0700)
        super().__init__(tmp, previous)
        self.incremental = previous is not None
        self.stamp = ""
        self.report: dict = {}
        self.changed = 0
        self.deleted = 0
        self.committed: Manifest | None = None
        self.committed_at: tuple | None = None
        """The manifest ``commit()`` put beside the output, and that file's ``manifest_stamp``."""
        self._scratch: list[Path] = []

    # counts of the site as published after this build
    @property
    def count(self) -> int:
        return len(self.files)

    @property
    def bytes(self) -> int:
        return sum(size for _, size in self.files.values())

    @property
    def sizes(self) -> dict[str, int]:
        return {rel: size for rel, (_, size) in self.files.items()}

    def scratch(self) -> Path:
        """A private folder for intermediate files (removed with the build's other leftovers
        if the build is killed: it matches ``.<out>.tmp-*``)."""
        folder = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.tmp-scratch-", dir=self.out.parent))
        self._scratch.append(folder)
        return folder

    def _drop_scratch(self) -> None:
        for folder in self._scratch:
            shutil.rmtree(folder, ignore_errors=True)

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

    def commit(self) -> None:
        self._drop_scratch()
        try:
            man = Manifest(files=self.files, groups=self.groups, stamp=self.stamp, report=self.report)
            if self.previous is None:
                self.changed, self.deleted = len(self.files), 0
                pending = _write_pending(self.out, man)
                _swap(self.tmp, self.out)
                os.replace(pending, manifest_path(self.out))
            else:
                deletes = sorted(rel for rel in self.previous.files if rel not in self.files)
                moves = sorted(self.staged)
                self.changed, self.deleted = len(moves), len(deletes)
                if not moves and not deletes:
                    save_manifest(self.out, man)
                    shutil.rmtree(self.tmp, ignore_errors=True)
                else:
                    pending = _write_pending(self.out, man)  # a full disk fails here, before the commit point
                    journal = {"moves": moves, "deletes": deletes, "manifest": pending.name}
                    with open(self.tmp / JOURNAL, "wb") as f:
                        f.write(json.dumps(journal, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
                        f.flush()
                        os.fsync(f.fileno())
                    done = self.tmp.with_name(self.tmp.name.replace(".tmp-", ".commit-", 1))
                    os.rename(self.tmp, done)  # the commit point
                    _apply(done, self.out)
            self.committed, self.committed_at = man, manifest_stamp(self.out)  # under the lock
        except BaseException:
            if self.tmp.exists():  # failed before the commit point: nothing was published
                shutil.rmtree(self.tmp, ignore_errors=True)
            raise
        finally:
            self._unlock()

    def abort(self) -> None:
        self._drop_scratch()
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


def _read_journal(done: Path, out: Path) -> tuple[list[str], list[str]]:
    """A commit journal, checked like a manifest: ``ValueError`` for anything else."""
    data = json.loads((done / JOURNAL).read_bytes())
    if not isinstance(data, dict) or set(data) != {"moves", "deletes", "manifest"}:
        raise ValueError("not a journal")
    moves, deletes = data["moves"], data["deletes"]
    if not (isinstance(moves, list) and isinstance(deletes, list)):
        raise ValueError("bad journal")
    if data["manifest"] != _pending_path(out).name:
        raise ValueError("bad journal manifest")
    for rel in moves + deletes:
        check(rel)
    return moves, deletes


def _apply(done: Path, out: Path) -> None:
    """Carry out a committed journal (idempotent: a roll-forward may repeat any part of it).
    Nothing outside ``out`` is touched: every path was checked, and a symlink inside the
    output folder is never followed (a delete beneath one is skipped; a move replaces it
    with a real folder). The new manifest was written beside the output before the commit
    point (``.NAME.manifest.new``); it replaces the old one last."""
    try:
        moves, deletes = _read_journal(done, out)
    except (OSError, ValueError, KeyError, TypeError):
        # not a journal this code wrote: do nothing it says; the site may be half updated, so
        # its manifest is marked damaged (the next build makes everything again)
        _invalidate_manifest(out)
        shutil.rmtree(done, ignore_errors=True)
        return
    real = os.path.realpath(out)
    for rel in deletes:
        target = out / rel
        if not _within(real, target.parent):
            continue
        try:
            target.unlink()
        except FileNotFoundError:
            pass
        except IsADirectoryError:
            shutil.rmtree(target, ignore_errors=True)
        _prune_empty(target.parent, out)
    for rel in moves:
        src = done / rel
        if not src.exists():
            continue  # moved before an interruption
        target = out / rel
        _make_folder(target.parent, out)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        os.replace(src, target)
    pending = _pending_path(out)
    if pending.exists():  # else it was put in place before an interruption
        os.replace(pending, manifest_path(out))
    shutil.rmtree(done, ignore_errors=True)


def _within(real_out: str, path: Path) -> bool:
    """True when ``path``, all symlinks resolved, is ``real_out`` or inside it."""
    target = os.path.realpath(path)
    return target == real_out or target.startswith(real_out.rstrip(os.sep) + os.sep)


def _make_folder(folder: Path, out: Path) -> None:
    """mkdir -p inside ``out``, replacing a file or a symlink that stands where a folder must be
    (a page became a section; a link someone put in the output folder is removed, never
    followed)."""
    probe = out
    for part in folder.relative_to(out).parts:
        probe = probe / part
        if probe.is_symlink() or (probe.exists() and not probe.is_dir()):
            probe.unlink()
        if not probe.exists():
            probe.mkdir()


def _prune_empty(folder: Path, out: Path) -> None:
    while folder != out and folder.is_dir() and not folder.is_symlink():
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def tidy(out: Path) -> None:
    """Under the build lock: finish or drop what a killed build left beside ``out``."""
    out = out.resolve()
    if not out.parent.is_dir():
        return
    lock = os.open(out.parent, os.O_RDONLY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _recover(out)
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)
        os.close(lock)


def _recover(out: Path) -> None:
    """Before a build: finish a commit a killed build had started; drop uncommitted stages.
    Where a killed full build left no output folder (a system without RENAME_EXCHANGE, killed
    between its two renames), the previous one is put back first."""
    swapped = _swapping(out)
    if swapped and not out.exists() and not out.is_symlink():
        old = out.with_name(swapped)
        if old.name.startswith(f".{out.name}.old-") and old.is_dir() and not old.is_symlink():
            os.rename(old, out)
    for done in sorted(out.parent.glob(f".{out.name}.commit-*")):
        if (done / JOURNAL).is_file() and out.is_dir():
            _apply(done, out)
        else:
            shutil.rmtree(done, ignore_errors=True)
    for pattern in (f".{out.name}.tmp-*", f".{out.name}.old-*"):
        for stale in out.parent.glob(pattern):
            if not any(t.is_alive() for t in _CLEANERS):
                shutil.rmtree(stale, ignore_errors=True)
    for suffix in (".new", ".stub"):
        manifest_path(out).with_name(manifest_path(out).name + suffix).unlink(missing_ok=True)


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where the
    system or file system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    return False


def _swap(new: Path, out: Path) -> None:
    """Replace ``out`` by ``new``: one atomic exchange where possible (else two renames, which
    ``_recover`` completes if a kill falls between them). The old folder is deleted in the
    background (a big site takes seconds to unlink); the process waits for that at exit."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}-{time.monotonic_ns()}")
        if manifest_path(out).exists():  # a kill from here on must make the next build full
            _invalidate_manifest(out, swapping=old.name)
        if _exchange(new, out):
            os.rename(new, old)  # new now holds the previous site
        else:
            os.rename(out, old)
            os.rename(new, out)
    else:
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
