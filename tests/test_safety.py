"""A build never destroys, leaks or hangs (issue 11): output safety, failed builds that
publish nothing, manifests and caches that cannot run code or point outside the output,
person-caused failures told as ``FILE:LINE: error`` (full disk, unwritable output), the
preview server's Host check and its error overlay, and no moment without the output folder.

Builds run as real ``newsarchive`` processes (``safekit.run``); a full disk and a read-only
output are real tmpfs mounts where the test may mount one (root), else simulated by making
the operating system calls fail in the build process.
"""

from __future__ import annotations

import errno
import json
import os
import pickle
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive import write
from newsarchive.config import load_config
from newsarchive.errors import BuildError
from newsarchive.pipeline import build

from safekit import (FAST, ROOT, assert_person_error, new_site, python, run, settle, snapshot,
                     without_cache)
from sitekit import stop


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A seed site built once (FAST settings); tests work on copies."""
    site = new_site(tmp_path_factory.mktemp("built"))
    proc = run(site)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return site


def copy_of(built: Path, tmp: Path) -> Path:
    dest = tmp / "copy" / "site"
    shutil.copytree(built, dest, symlinks=True)
    return dest


def set_yaml(site: Path, extra: str) -> None:
    (site / "site.yaml").write_text(FAST.replace("output: public\n", "") + extra, encoding="utf-8")


# ------------------------------------------------------------------------------- output safety


REFUSED = [
    ("output: corpus\n", "the output folder corpus is the corpus folder corpus"),
    ("output: .\n", "the output folder . is the site folder"),
    ("output: ..\n", "is the site folder"),
    ("output: templates\n", "the output folder templates is the templates folder templates"),
    ("output: static\n", "the output folder static is the static folder static"),
    ("output: .cache\n", "the output folder .cache is the cache folder .cache"),
    ("output: corpus/site\n", "the output folder corpus/site lies inside the corpus folder corpus"),
    ("output: static/site\n", "the output folder static/site lies inside the static folder static"),
    ("output: out\ncache: out/cache\n", "the output folder out holds the cache folder out/cache"),
    ("cache: public\n", "the output folder public is the cache folder public"),  # published the caches
    ("output: docs\n", "the output folder docs is not empty and was not made by newsarchive (no .docs.manifest"),
    ("output: notes.md\n", "the output notes.md is a file, not a folder"),
    ("cache: notes.md\n", "the cache notes.md is a file, not a folder"),
    ("cache: .\n", "the cache folder . holds the site folder"),
]


@pytest.mark.parametrize("extra, needle", REFUSED, ids=[r[0].strip().replace("\n", " ") for r in REFUSED])
def test_an_unsafe_output_or_cache_is_refused_and_nothing_changes(built, tmp_path, extra, needle):
    site = copy_of(built, tmp_path)
    for folder in ("templates", "static", "docs"):
        (site / folder).mkdir(exist_ok=True)
    (site / "docs" / "guide.md").write_text("# 编辑手册\n", encoding="utf-8")  # the usual GitHub Pages folder
    (site / "notes.md").write_text("笔记\n", encoding="utf-8")
    set_yaml(site, extra)
    before = snapshot(site.parent)
    for args in ((), ("--clean",)):
        (line,) = [x for x in assert_person_error(run(site, *args), needle) if needle in x]
        assert re.match(r"site\.yaml:\d+: error: ", line), line  # on the line of the key at fault
    assert snapshot(site.parent) == before  # not one file written, moved or deleted
    check = run(site, command="check")
    assert check.returncode == 2 and needle in check.stdout


def test_an_empty_output_folder_or_one_the_build_made_is_used(built, tmp_path):
    site = copy_of(built, tmp_path)
    (site / "docs").mkdir()
    set_yaml(site, "output: docs\n")
    assert run(site).returncode == 0 and (site / "docs" / "index.html").is_file()
    assert (site / ".docs.manifest").is_file()
    (site / "corpus" / "002_0078cb0db730c42f.txt").unlink()
    assert run(site).returncode == 0  # its own folder: rebuilt, incrementally
    assert run(site, "--clean").returncode == 0


def _refused_by_parts(rel: str) -> bool:
    """The path rule spelled out part by part (what ``write.check`` does with one expression)."""
    parts = rel.split("/")
    return (rel.startswith("/") or "\\" in rel or "\x00" in rel or any(p in ("", ".", "..") for p in parts)
            or rel == write.JOURNAL)


def _refused(rel: str) -> bool:
    try:
        write.check(rel)
    except ValueError:
        return True
    return False


@pytest.mark.parametrize("rel", ["", "/", "a", "a/b", "/a", "a/", "a//b", ".", "..", "./a", "a/.", "a/..", "../a",
                                 "a/../b", "...", "a/.../b", ".a", "a/.b/..c", "a\\b", "a\x00b", "a/./b",
                                 write.JOURNAL, "x/" + write.JOURNAL, "zh-hant/liaoyuan/2021/index.html"])
def test_output_paths_are_refused_exactly_by_the_part_rule(rel):
    assert _refused(rel) == _refused_by_parts(rel), rel


@given(st.lists(st.sampled_from(["", ".", "..", "...", "a", ".a", "a.", "\\", "\x00", "é"]), min_size=1, max_size=5))
@settings(max_examples=500, deadline=None)
def test_output_paths_are_refused_exactly_by_the_part_rule_generated(parts):
    rel = "/".join(parts)
    assert _refused(rel) == _refused_by_parts(rel), rel


def test_a_crafted_manifest_cannot_make_a_build_delete_outside_the_output(built, tmp_path):
    site = copy_of(built, tmp_path)
    manifest = site / ".public.manifest"
    head, files, groups = [json.loads(line) for line in manifest.read_bytes().splitlines()]
    victims = {"../site.yaml": site / "site.yaml", "../corpus/000_888e485566627bab.txt":
               site / "corpus" / "000_888e485566627bab.txt", "/etc/hostname": Path("/etc/hostname")}
    for rel in victims:
        files[rel] = ["00" * 16, 1]
    manifest.write_bytes(b"".join(json.dumps(x).encode() + b"\n" for x in (head, files, groups)))
    before = {rel: p.read_bytes() for rel, p in victims.items() if p.exists()}
    proc = run(site)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert {rel: p.read_bytes() for rel, p in victims.items() if p.exists()} == before
    assert (site / "public" / "index.html").is_file()


def test_a_pickled_manifest_is_never_unpickled(built, tmp_path):
    site = copy_of(built, tmp_path)
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    (site / ".public.manifest").write_bytes(pickle.dumps((2, "", Payload()), protocol=4))
    proc = run(site)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert not marker.exists()
    assert (site / "public" / "index.html").is_file()  # an old (pickled) manifest: a full build


def test_a_crafted_commit_journal_deletes_nothing(built, tmp_path):
    site = copy_of(built, tmp_path)
    commit = site / ".public.commit-crafted"
    commit.mkdir()
    (commit / write.JOURNAL).write_text(json.dumps(
        {"moves": [], "deletes": ["../site.yaml", "../corpus"], "manifest": [{}, {}, {}]}), encoding="utf-8")
    (commit / "pickled").mkdir()
    before = snapshot(site / "corpus"), (site / "site.yaml").read_bytes()
    proc = run(site)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (snapshot(site / "corpus"), (site / "site.yaml").read_bytes()) == before
    assert not commit.exists()


def test_a_symlink_inside_the_output_folder_is_never_followed(built, tmp_path):
    site = copy_of(built, tmp_path)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "10" / "22").mkdir(parents=True)
    (elsewhere / "10" / "22" / "keep.txt").write_text("mine\n")
    year = site / "public" / "liaoyuan" / "2021"
    shutil.rmtree(year)
    year.symlink_to(elsewhere, target_is_directory=True)  # someone put a link in the output folder
    seed = site / "corpus" / "002_0078cb0db730c42f.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("调研指导", "视察指导", 1), encoding="utf-8")
    before = snapshot(elsewhere)
    proc = run(site)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert snapshot(elsewhere) == before
    assert not year.is_symlink() and (year / "10" / "22" / "01" / "index.html").is_file()


# -------------------------------------------------------------------- a failed build publishes nothing


def test_a_corpus_typo_leaves_the_previous_site_byte_identical(built, tmp_path):
    site = copy_of(built, tmp_path)
    set_yaml(site, "output: public\ncorpus: corpsu\n")
    before = without_cache(snapshot(site))
    errors = assert_person_error(run(site), "site.yaml:6: error: the corpus folder")
    assert any("corpsu" in line for line in errors)
    assert without_cache(snapshot(site)) == {**before, "site.yaml": (site / "site.yaml").read_bytes()}


def test_an_unreadable_corpus_folder_publishes_nothing(built, tmp_path, monkeypatch):
    site = copy_of(built, tmp_path)
    (site / "corpus" / "locked").mkdir()
    before = without_cache(snapshot(site))
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    config, _ = load_config(site)
    with pytest.raises(BuildError, match="locked: error: cannot read folder: Permission denied"):
        build(config)
    monkeypatch.setattr(os, "scandir", real)
    settle()
    assert without_cache(snapshot(site)) == before


# ------------------------------------------------------------------------------------ caches


def _records(site: Path) -> Path:
    return site / ".cache" / "records.sqlite"


def test_a_pickle_planted_in_the_record_cache_never_runs(built, tmp_path):
    site = copy_of(built, tmp_path)
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    import zlib

    blob = zlib.compress(pickle.dumps(Payload()))
    db = sqlite3.connect(str(_records(site)))
    db.execute("UPDATE records SET data = ?, summary = ?", (blob, blob))
    db.commit()
    db.close()
    (site / "corpus" / "new.txt").write_text("新增标题测试\n\n本报讯(记者 王茵)辽源市正文。\n", encoding="utf-8")
    proc = run(site)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert not marker.exists()
    assert "the parsed-record cache was damaged or not made by this newsarchive (a row is not a parsed record)" \
        in proc.stderr
    assert proc.stderr.count("cache-discarded") == 0  # one readable info line, no codes
    assert (site / "public" / "liaoyuan" / "2021" / "10" / "22" / "01" / "index.html").is_file()


@pytest.mark.parametrize("damage", ["not-a-database", "foreign-table", "trigger"])
def test_a_damaged_or_foreign_cache_is_discarded_with_one_info_line_and_rebuilt(built, tmp_path, damage):
    site = copy_of(built, tmp_path)
    assert run(site).returncode == 0  # the caches now belong to this folder (its path is in their salt)
    clean = snapshot(site / "public")
    work = site / ".cache" / "archive-work.sqlite"
    if damage == "not-a-database":
        for path in (_records(site), work):
            path.write_bytes(b"this is not a database" * 100)
    elif damage == "foreign-table":
        db = sqlite3.connect(str(work))
        db.execute("DROP TABLE authors")
        db.commit()
        db.close()
    else:
        db = sqlite3.connect(str(_records(site)))
        db.execute("CREATE TRIGGER t AFTER INSERT ON files BEGIN DELETE FROM records; END")
        db.commit()
        db.close()
    (site / "corpus" / "new.txt").write_text("新增标题测试\n\n本报讯(记者 王茵)辽源市正文。\n", encoding="utf-8")
    proc = run(site)
    assert proc.returncode == 0, proc.stderr[-3000:]
    infos = [line for line in proc.stderr.splitlines() if "cache was damaged or not made by this newsarchive" in line]
    assert 1 <= len(infos) <= 2 and all(": info: " in line for line in infos), proc.stderr[-3000:]
    (site / "corpus" / "new.txt").unlink()
    again = run(site)
    assert again.returncode == 0 and "damaged" not in again.stderr  # rebuilt: fine from now on
    assert snapshot(site / "public") == clean  # and the site is the clean build's, byte for byte


def test_a_poisoned_conversion_cache_cannot_put_markup_in_a_page(tmp_path):
    site = new_site(tmp_path, FAST.replace("traditional: false", "traditional: s2t"))
    assert run(site).returncode == 0
    db = sqlite3.connect(str(site / ".cache" / "opencc-s2t.sqlite"))
    db.execute("UPDATE conv SET value = '<script>alert(1)</script>' || value")
    db.commit()
    db.close()
    shutil.rmtree(site / "public")
    (site / ".public.manifest").unlink()
    proc = run(site)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert not [p for p in (site / "public" / "zh-hant").rglob("*.html") if "alert(1)" in p.read_text(encoding="utf-8")]


def test_no_pickle_marshal_or_eval_in_anything_read_back():
    """pickle may serve as a byte encoding for hashing (``incremental.signature``), never to load."""
    bad = re.compile(r"pickle\.(loads?|Unpickler)|marshal|shelve|\beval\(|\bexec\(|yaml\.(load|unsafe_load|full_load)\(")
    hits = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}" for p in sorted((ROOT / "src").rglob("*.py"))
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if bad.search(line)]
    assert not hits, hits


# ------------------------------------------------------------------ failures a person causes


@contextmanager
def tmpfs(path: Path, size: str, read_only: bool = False):
    """A real tmpfs at ``path`` (needs root and CAP_SYS_ADMIN); yields False when none can be mounted."""
    path.mkdir(parents=True, exist_ok=True)
    opts = f"size={size}" + (",ro" if read_only else "")
    mounted = os.geteuid() == 0 and subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(path)],
                                                   capture_output=True).returncode == 0
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(path)], capture_output=True)


def test_a_full_disk_is_an_error_and_the_previous_site_stays(tmp_path):
    disk = tmp_path / "disk"
    with tmpfs(disk, "3m") as mounted:
        if not mounted:
            pytest.skip("cannot mount a tmpfs here: the simulated full disk below covers this")
        site = new_site(tmp_path)
        set_yaml(site, f"output: {disk / 'public'}\n")
        assert run(site).returncode == 0, "the first build must fit"
        before = snapshot(disk)
        big = "\n".join(f"第{i}段正文，辽源市龙山区记者走访了多家企业，了解生产经营情况。" * 3 for i in range(12000))
        (site / "corpus" / "big.txt").write_text(f"大文件标题测试\n\n本报讯(记者 王茵){big}\n", encoding="utf-8")
        errors = assert_person_error(run(site), "No space left on device")
        assert any(re.match(rf"site\.yaml:5: error: cannot write {re.escape(str(disk))}/public\S* \(`output`\): "
                            r"No space left on device \(hint: free some disk space", line) for line in errors), errors
        assert snapshot(disk) == before  # the previous site and its manifest, byte for byte


SIMULATED = r"""
import builtins, errno, io, os, sqlite3, sys
KIND, WHERE, CODE = sys.argv[2], sys.argv[3], sys.argv[4]

def fails(path):
    return WHERE in str(os.fspath(path)) if isinstance(path, (str, bytes, os.PathLike)) else False

def oserror(path):
    code = getattr(errno, CODE)
    return OSError(code, os.strerror(code), os.fspath(path))

if KIND == "open":  # every Python-level open: builtins, io (pathlib), os
    for mod, name in ((builtins, "open"), (io, "open"), (os, "open")):
        def patched(file, *args, _real=getattr(mod, name), **kwargs):
            if fails(file):
                raise oserror(file)
            return _real(file, *args, **kwargs)
        setattr(mod, name, patched)
elif KIND == "mkdir":
    real_mkdir = os.mkdir
    def mkdir(path, *args, **kwargs):
        if fails(path):
            raise oserror(path)
        return real_mkdir(path, *args, **kwargs)
    os.mkdir = mkdir
elif KIND in ("sqlite-open", "sqlite-commit"):
    real_connect = sqlite3.connect

    class Full:
        # a connection whose COMMIT fails as on a full disk (the transaction is rolled back)
        def __init__(self, db):
            self._db = db
        def execute(self, sql, *args):
            if sql.strip().upper() == "COMMIT":
                self._db.execute("ROLLBACK")
                raise sqlite3.OperationalError("database or disk is full")
            return self._db.execute(sql, *args)
        def __getattr__(self, name):
            return getattr(self._db, name)

    def connect(path, *args, **kwargs):
        if fails(path) and KIND == "sqlite-open":
            raise sqlite3.OperationalError("attempt to write a readonly database")
        db = real_connect(path, *args, **kwargs)
        return Full(db) if fails(path) else db
    sqlite3.connect = connect
from newsarchive.cli import main
sys.exit(main(["build", "--root", sys.argv[1]]))
"""


@pytest.mark.parametrize("kind, where, code, needle", [
    ("open", ".public.tmp-", "ENOSPC", "No space left on device"),
    ("open", ".public.manifest.new", "ENOSPC", "No space left on device"),
    ("open", ".newsarchive-journal", "EDQUOT", "Disk quota exceeded"),
    ("mkdir", ".public.tmp-", "EACCES", "Permission denied"),
    ("open", ".public.tmp-", "EROFS", "Read-only file system"),
    ("sqlite-open", "records.sqlite", "", "attempt to write a readonly database"),
    ("sqlite-commit", "opencc-s2t.sqlite", "", "database or disk is full"),
])
def test_os_errors_are_told_as_errors_on_the_config_line_and_leave_the_previous_site(tmp_path, kind, where,
                                                                                     code, needle):
    site = new_site(tmp_path, FAST.replace("traditional: false", "traditional: s2t"))
    assert run(site).returncode == 0
    seed = site / "corpus" / "002_0078cb0db730c42f.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("调研指导", "视察指导", 1), encoding="utf-8")
    before = snapshot(site / "public"), (site / ".public.manifest").read_bytes()
    proc = python(SIMULATED, str(site), kind, where, code, cwd=site)
    errors = assert_person_error(proc, needle)
    # on the line of `output:` (given in site.yaml); `cache:` is not, so its default has no line
    assert all(re.match(r"site\.yaml(:\d+)?: error: cannot write ", line) and "the previous site is unchanged" in line
               for line in errors), errors
    assert "cannot rollback" not in proc.stderr
    assert (snapshot(site / "public"), (site / ".public.manifest").read_bytes()) == before
    assert not list(site.glob(".public.tmp-*")) and not list(site.glob(".public.commit-*"))
    assert run(site).returncode == 0  # and the next build, with room again, goes through


def test_a_read_only_output_is_an_error_and_the_site_stays(tmp_path):
    disk = tmp_path / "ro"
    with tmpfs(disk, "20m") as mounted:
        if not mounted:
            pytest.skip("cannot mount a tmpfs here: the simulated EACCES/EROFS cases cover this")
        site = new_site(tmp_path)
        set_yaml(site, f"output: {disk / 'public'}\n")
        assert run(site).returncode == 0
        before = snapshot(disk)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        seed = site / "corpus" / "002_0078cb0db730c42f.txt"
        seed.write_text(seed.read_text(encoding="utf-8").replace("调研指导", "视察指导", 1), encoding="utf-8")
        assert_person_error(run(site), "Read-only file system")
        assert snapshot(disk) == before


# -------------------------------------------------------------------------------- the preview server


@contextmanager
def serving(site: Path):
    proc = subprocess.Popen([sys.executable, "-m", "newsarchive.cli", "serve", "--root", str(site), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=site,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        url = None
        while time.monotonic() < deadline and url is None:
            line = proc.stdout.readline()
            m = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
            url = m.group(1) if m else None
            assert line or proc.poll() is None, proc.stderr.read()
        assert url, "serve did not start"
        yield proc, url
    finally:
        stop(proc)


def _get(url: str, host: str | None = None) -> tuple[int, str]:
    req = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:  # noqa: S310 - 127.0.0.1 only
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")


def _until(predicate, seconds: float = 60) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_serve_answers_only_local_host_names(built, tmp_path):
    site = copy_of(built, tmp_path)
    with serving(site) as (_, url):
        port = int(url.rsplit(":", 1)[1].strip("/"))
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}"):
            assert _get(url, host)[0] == 200, host
        for host in ("evil.example", f"evil.example:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}",
                     f"localhost.evil.example:{port}"):
            assert _get(url, host)[0] == 403, host
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:  # HTTP/1.0, no Host at all
            conn.sendall(b"GET / HTTP/1.0\r\n\r\n")
            assert conn.recv(64).startswith(b"HTTP/1.0 400")


def test_serve_shows_a_failed_build_in_the_terminal_and_the_page(built, tmp_path, browser):
    site = copy_of(built, tmp_path)
    with serving(site) as (proc, url):
        status, home = _get(url)
        assert status == 200 and "newsarchive-error" not in home
        before = snapshot(site / "public")
        page = browser.new_page()
        page.goto(url)
        time.sleep(0.5)  # the page's reload long-poll starts
        set_yaml(site, "output: public\ncorpus: corpsu\n")  # a typo: the build must publish nothing
        assert _until(lambda: "newsarchive-error" in _get(url)[1]), "no error shown"
        status, home = _get(url)
        assert status == 200 and "the corpus folder" in home and "corpsu" in home
        page.wait_for_selector("#newsarchive-error", timeout=30000)
        assert "the last build failed" in page.inner_text("#newsarchive-error")
        assert snapshot(site / "public") == before  # still the previous site
        set_yaml(site, "output: public\n")
        assert _until(lambda: "newsarchive-error" not in _get(url)[1]), "the error stayed after a good build"
        page.wait_for_function("!document.getElementById('newsarchive-error')", timeout=30000)
        page.close()
    err = proc.stderr.read()
    assert "build failed, still serving the previous site" in err and "site.yaml:6: error: the corpus folder" in err
    assert "Traceback" not in err


# ------------------------------------------------------------------- no moment without the output


def test_a_full_build_swaps_in_one_step(built, tmp_path, monkeypatch):
    site = copy_of(built, tmp_path)
    renamed = []
    real = os.rename
    monkeypatch.setattr(write.os, "rename", lambda a, b: (renamed.append((Path(a).name, Path(b).name)), real(a, b)))
    config, _ = load_config(site)
    build(config, clean=True)
    settle()
    assert not [pair for pair in renamed if pair[0] == "public"], renamed  # the output is never renamed away
    assert (site / "public" / "index.html").is_file()


def test_a_build_killed_between_two_renames_is_put_back(built, tmp_path, monkeypatch):
    """Where RENAME_EXCHANGE is missing the swap takes two renames; a kill between them leaves no
    output folder for a moment, and the next build puts the previous one back first."""
    site = copy_of(built, tmp_path)
    before = snapshot(site / "public")
    monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    real = os.rename

    def killed_after_the_first(a, b):
        real(a, b)
        if Path(a).name == "public":
            raise KeyboardInterrupt("killed between the renames (simulated)")

    monkeypatch.setattr(write.os, "rename", killed_after_the_first)
    config, _ = load_config(site)
    with pytest.raises(KeyboardInterrupt):
        build(config, clean=True)
    monkeypatch.setattr(write.os, "rename", real)
    assert not (site / "public").exists()
    write.tidy(config.output_dir)  # what the next build does first
    assert snapshot(site / "public") == before
    proc = run(site)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert snapshot(site / "public") == before


def test_serve_on_a_port_in_use_is_an_error_not_a_traceback(built, tmp_path):
    site = copy_of(built, tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "newsarchive.cli", "serve", "--root", str(site), "--port",
                               str(port), "--no-watch"], capture_output=True, text=True, timeout=120, cwd=site)
    assert_person_error(proc, f"127.0.0.1:{port}: error: cannot listen: Address already in use")


def test_a_damaged_full_record_is_parsed_again_and_the_site_is_the_same(built, tmp_path):
    """The build reads summaries first and full records while rendering: a full record that is
    not one (its summary fine) is parsed again from the corpus, under the corpus rules."""
    import zlib

    site = copy_of(built, tmp_path)
    before = snapshot(site / "public")
    db = sqlite3.connect(str(_records(site)))
    db.execute("UPDATE records SET data = ?", (zlib.compress(b'["not a record"]'),))
    db.commit()
    db.close()
    shutil.rmtree(site / "public")
    (site / ".public.manifest").unlink()
    proc = run(site)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert snapshot(site / "public") == before


# --------------------------------------------------------------------------- leftovers and pruning (issue 12)


ONE_PAGE = {"a.txt": "辽源日报\n2023年5月6日 星期六\n\n辽源召开春耕生产调度会议\n\n本报讯（记者 王茵）正文第一段。\n"}


def test_a_preview_rebuild_that_turns_search_on_indexes_instead_of_crashing(tmp_path):
    """``serve`` rebuilds with ``search_later``: after a build without search, turning search on
    finds no previous index to keep for later, so it indexes now (no TypeError)."""
    site = new_site(tmp_path, files=ONE_PAGE, seeds=False)
    build(load_config(site)[0])
    settle()
    (site / "site.yaml").write_text(FAST.replace("search: false\n", ""), encoding="utf-8")
    result = build(load_config(site)[0], search_later=True)
    settle()
    assert not result.search_pending and (site / "public" / "search").is_dir()


def test_a_scratch_folder_left_by_a_killed_build_is_removed_by_the_next_build(tmp_path):
    """The open-data stage's scratch folder sits beside the output; a build killed while it
    exists leaves it, and the next build must recognise it as its own leftover."""
    site = new_site(tmp_path, files=ONE_PAGE, seeds=False)
    build(load_config(site)[0])
    settle()
    proc = python("import os, sys\nfrom pathlib import Path\nfrom newsarchive import write\n"
                  "w = write.SiteWriter(Path(sys.argv[1]))\nprint(w.scratch(), flush=True)\nos._exit(9)\n",
                  str(site / "public"))
    left = Path(proc.stdout.strip())
    assert proc.returncode == 9 and left.is_dir() and left.parent == site, proc.stderr[-2000:]
    build(load_config(site)[0])
    settle()
    assert sorted(p.name for p in site.iterdir() if p.name.startswith((".public", "public", "tmp"))) == [
        ".public.manifest", "public"]


def test_pruning_empty_folders_stops_at_the_output_folder(tmp_path):
    """A deletion prunes the folders it empties, never the output folder or anything above it."""
    out = tmp_path / "site" / "public"
    (out / "a" / "b").mkdir(parents=True)
    write._prune_empty(out / "a" / "b", out)
    assert out.is_dir() and not (out / "a").exists() and (tmp_path / "site").is_dir()
