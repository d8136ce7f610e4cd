"""A build killed half-way (SIGKILL: no cleanup can run) leaves the previous site intact, and the
next build succeeds and clears what the killed one left behind (``.public.tmp-*``).

The killed build is a real ``python -m newsarchive.cli build`` on a generated corpus big enough
to take several seconds (``benchmarks/generate.py``, 1500 articles, ~2200 pages, so it renders in
``workers: 2`` forked processes); it is killed once its temporary output folder exists and holds
files. The builds before and after use the seed corpus, so the test stays fast.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsarchive.config import load_config
from newsarchive.pipeline import build

from sitekit import CORPUS, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402

SITE_YAML = "title: 杀\nbase_url: https://example.org/archive/\noutput: public\nworkers: 2\n"
BUILD = [sys.executable, "-m", "newsarchive.cli", "build", "--root"]
TIMEOUT = 600
"""How long a build may take before the test gives up on it: a limit for a hung build, not a
speed test. The second build of ``test_a_second_build_waits_for_a_running_build`` waits for
the first (1,500 articles), which took over 180 s on this 2-core machine at load average 4."""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def temporaries(site: Path) -> list[Path]:
    return sorted(site.glob(".public.tmp-*"))


def seed_site(tmp: Path) -> Path:
    site = tmp / "site"
    shutil.copytree(CORPUS, site / "corpus")  # with the sidecars
    (site / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    return site


def start_build(site: Path, log: Path) -> subprocess.Popen:
    """The build in a session of its own, so the test can always end all of it."""
    return subprocess.Popen([*BUILD, str(site)], cwd=site, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for_files(site: Path, proc: subprocess.Popen, log: Path, at_least: int = 20) -> Path:
    """Wait until the build's temporary folder exists and holds ``at_least`` HTML files."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the build ended before it could be killed:\n" + log.read_text(errors="replace")
        for tmp in temporaries(site):
            if sum(1 for _ in tmp.rglob("*.html")) >= at_least:
                return tmp
        time.sleep(0.02)
    raise AssertionError("no temporary output folder appeared")


def end_session(proc: subprocess.Popen) -> None:
    """SIGKILL the build and every process of its session (forked render workers included)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("gen") / "generated"
    counts = generate(out, articles=1500)
    assert counts["articles"] >= 1500
    return out


def test_killed_build_leaves_the_previous_site_and_the_next_build_cleans_up(tmp_path, big_corpus):
    site = seed_site(tmp_path)
    config, _ = load_config(site)
    build(config)
    public = site / "public"
    before = snapshot(public)
    assert "liaoyuan/2021/10/22/01/index.html" in before

    # a big corpus: the build takes seconds; kill it (all its processes) while it writes
    shutil.copytree(big_corpus, site / "corpus" / "generated")
    log = tmp_path / "killed.log"
    proc = start_build(site, log)
    try:
        tmp = wait_for_files(site, proc, log)
        time.sleep(0.3)
        assert proc.poll() is None
    finally:
        end_session(proc)
    assert proc.returncode == -signal.SIGKILL
    assert snapshot(public) == before, "the killed build touched the published site"
    # SIGKILL cannot clean up: the half-written temporary folder is left behind
    assert tmp.is_dir() and any(tmp.rglob("*.html"))
    assert temporaries(site) == [tmp]

    # the next build (seed corpus again) succeeds, removes the stale folder, and is the same site
    shutil.rmtree(site / "corpus" / "generated")
    done = subprocess.run([*BUILD, str(site)], cwd=site, capture_output=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    assert temporaries(site) == [], "stale .public.tmp-* folders were not removed"
    assert sorted(p.name for p in site.iterdir()) == [".cache", ".public.manifest", "corpus", "public", "site.yaml"]
    after = snapshot(public)
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    assert not changed, changed[:10]


def test_killing_the_build_process_ends_its_render_workers(tmp_path, big_corpus):
    site = seed_site(tmp_path)
    shutil.copytree(big_corpus, site / "corpus" / "generated")
    log = tmp_path / "killed.log"
    proc = start_build(site, log)
    workers: list[int] = []
    try:
        wait_for_files(site, proc, log)
        workers = children(proc.pid)
        assert workers, "the build did not render in worker processes (workers: 2)"
        os.kill(proc.pid, signal.SIGKILL)  # the build process only, as `kill -9 PID` would
        proc.wait(timeout=30)
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline and any(alive(pid) for pid in workers):
            time.sleep(0.05)
        survivors = [pid for pid in workers if alive(pid)]
        assert not survivors, f"render workers still running after the build was killed: {survivors}"
    finally:
        end_session(proc)  # the workers are in the build's session: this ends the survivors


def test_a_second_build_waits_for_a_running_build(tmp_path, big_corpus):
    """Two builds into one output folder run one after the other (a lock on the folder that
    holds it): the second never deletes the first's files, and the site that ends up
    published is complete."""
    site = seed_site(tmp_path)
    shutil.copytree(big_corpus, site / "corpus" / "generated")
    log = tmp_path / "first.log"
    proc = start_build(site, log)
    try:
        wait_for_files(site, proc, log)
        other = tmp_path / "other"
        shutil.copytree(CORPUS, other / "corpus")
        (other / "site.yaml").write_text(SITE_YAML.replace("output: public", f"output: {site / 'public'}"),
                                         encoding="utf-8")
        done = subprocess.run([*BUILD, str(other)], cwd=other, capture_output=True, timeout=TIMEOUT)
        assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
        # the second build could only start once the first had published
        assert proc.wait(timeout=TIMEOUT) == 0, log.read_text(errors="replace")[-2000:]
        reported = int(re.search(r"(\d+) files,", done.stdout.decode()).group(1))
        published = sum(1 for p in (site / "public").rglob("*") if p.is_file())
        assert published == reported, "the published site is incomplete"
        assert temporaries(site) == []
    finally:
        end_session(proc)
