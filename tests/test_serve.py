"""`newsarchive serve`: builds, serves on 127.0.0.1, rebuilds on change, reloads the page."""

from __future__ import annotations

import threading
import time
import urllib.request

from newsarchive.config import load_config
from newsarchive.pipeline import build
from newsarchive.serve import RELOAD_PATH, serve

from sitekit import make_site, stop

SITE = "title: 测试档案\nbase_url: https://example.org/\noutput: public\nsearch: false\ntraditional: false\n"


def _start(site):
    config, _ = load_config(site)
    builds = []

    def rebuild() -> str:
        build(config)
        builds.append(time.time())
        return ""

    rebuild()
    stop = threading.Event()
    ready = {}
    thread = threading.Thread(target=serve, kwargs=dict(config=config, rebuild=rebuild, port=0, watch=True,
                                                        ready=lambda url: ready.setdefault("url", url), stop=stop),
                              daemon=True)
    thread.start()
    for _ in range(100):
        if "url" in ready:
            break
        time.sleep(0.05)
    return ready["url"], builds, stop, thread


def _get(url: str, timeout: float = 10) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as r:  # noqa: S310 - 127.0.0.1 only
        return r.read().decode("utf-8")


def _wait(predicate, seconds: float = 20) -> bool:
    end = time.time() + seconds
    while time.time() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_serve_rebuilds_on_change_and_injects_reload(tmp_path):
    site = make_site(tmp_path, site_yaml=SITE)
    url, builds, stop, thread = _start(site)
    try:
        assert url.startswith("http://127.0.0.1:")
        home = _get(url)
        assert RELOAD_PATH in home  # injected by the server ...
        assert RELOAD_PATH not in (site / "public" / "index.html").read_text(encoding="utf-8")  # ... not built in
        version = _get(url + RELOAD_PATH.lstrip("/") + "?v=", timeout=30)
        # an editor adds a page: the watcher rebuilds and the reload endpoint reports a new version
        (site / "corpus" / "new.txt").write_text(
            "新增测试标题\n\n本报讯(记者 王茵)7月3日,这是新加入的一篇测试稿件,用来验证预览服务会自动重建。\n",
            encoding="utf-8")
        assert _wait(lambda: len(builds) >= 2), "no rebuild after a corpus change"
        assert _get(url + RELOAD_PATH.lstrip("/") + f"?v={version}", timeout=30) != version
        assert _wait(lambda: "新增测试标题" in _get(url + "undated/"))
    finally:
        stop.set()
        thread.join(timeout=10)


def test_serve_reloads_the_open_page(tmp_path, browser):
    site = make_site(tmp_path, site_yaml=SITE)
    url, builds, stop, thread = _start(site)
    try:
        page = browser.new_page()
        page.goto(url + "undated/")
        assert "新增测试标题" not in page.content()
        time.sleep(0.5)  # let the page's long-poll start
        (site / "corpus" / "new.txt").write_text(
            "新增测试标题\n\n本报讯(记者 王茵)7月3日,这是新加入的一篇测试稿件,用来验证页面会自动刷新。\n",
            encoding="utf-8")
        page.wait_for_function("document.body.innerText.includes('新增测试标题')", timeout=30000)
        page.close()
    finally:
        stop.set()
        thread.join(timeout=10)


def test_serve_runs_the_follow_up_after_announcing_the_rebuild(tmp_path):
    """The preview publishes pages first (``build(search_later=True)``) and only then runs the
    follow-up (the search index): the browser is told about the new pages before the slow part."""
    site = make_site(tmp_path, site_yaml=SITE.replace("search: false", "search: true"))
    config, _ = load_config(site)
    build(config)
    events = []
    versions = []

    def rebuild() -> str:
        result = build(config, search_later=True)
        events.append(("pages", result.search_pending))
        return ""

    def follow_up():
        versions.append(_get(url[0] + RELOAD_PATH.lstrip("/") + "?v=", timeout=30))
        if not events or not events[-1][1]:
            return None
        result = build(config)
        events.append(("search", result.search_pending))
        return ""

    url: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(target=serve, kwargs=dict(config=config, rebuild=rebuild, port=0, watch=True,
                                                        ready=url.append, stop=stop, follow_up=follow_up),
                              daemon=True)
    thread.start()
    try:
        assert _wait(lambda: bool(url))
        before = _get(url[0] + RELOAD_PATH.lstrip("/") + "?v=", timeout=30)
        time.sleep(0.5)
        page = site / "corpus" / "002_0078cb0db730c42f.txt"
        page.write_text(page.read_text(encoding="utf-8").replace("调研指导", "视察指导", 1), encoding="utf-8")
        assert _wait(lambda: ("search", False) in events, 60), events
        assert events[:2] == [("pages", True), ("search", False)], events
        assert versions and versions[0] != before  # the pages were announced before the index was made
        after = build(config)  # the index is up to date: nothing is left to render or index
        assert after.rendered == 0 and not after.search and not after.search_pending
    finally:
        stop.set()
        thread.join(timeout=10)


def test_served_site_after_edits_is_the_clean_build(tmp_path):
    """The real ``newsarchive serve`` (which keeps records, views and the manifest in memory
    between rebuilds: ``resident.py``), edit after edit: once its rebuild and the search
    follow-up are done, the output folder is byte for byte a clean build of the same input (as
    serve builds it: ``editor``)."""
    import re
    import shutil
    import subprocess
    import sys

    from sitekit import build_site

    site = make_site(tmp_path, site_yaml=SITE.replace("search: false", "search: true"))
    time.sleep(2.1)  # the files are older than the stat window: their summaries are held
    proc = subprocess.Popen([sys.executable, "-m", "newsarchive.cli", "serve", "--root", str(site), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=site,
                            start_new_session=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(iter(proc.stdout.readline, "")), daemon=True).start()

    def settled(builds: int) -> bool:  # that many finished builds, the last with its search index made
        done = [line for line in lines if line.startswith("rebuilt ")]
        return len(done) >= builds and "updating the search index" not in done[-1]

    def snapshot(folder):
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    try:
        assert _wait(lambda: any(re.search(r"at http://127\.0\.0\.1:\d+/", line) for line in lines), 120), lines
        page = site / "corpus" / "002_0078cb0db730c42f.txt"
        builds = 1
        for old, new in (("调研指导", "视察指导"), ("视察指导", "调研指导"), ("调研指导", "再次调研")):
            builds = len([line for line in lines if line.startswith("rebuilt ")]) + 1
            page.write_text(page.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
            assert _wait(lambda: settled(builds), 120), lines
            time.sleep(0.5)  # (a follow-up is announced after its line is printed)
            assert _wait(lambda: settled(builds), 60), lines
            clean = tmp_path / f"clean-{builds}"
            shutil.copytree(site, clean, ignore=shutil.ignore_patterns("public", ".public*", ".cache"))
            _, out = build_site(clean, editor=True)
            assert snapshot(site / "public") == snapshot(out), f"served output after {old} -> {new} is not the clean build"
            time.sleep(2.1)
    finally:
        stop(proc)


def test_the_watchers_are_watching_when_serve_says_so(tmp_path):
    # serve announces "watching for changes" right after `_changes` returns: a change saved at
    # once must make a batch (the watchers used to start on the first batch asked for, so an
    # edit saved as soon as the message showed could be missed: the served-site test under load)
    from newsarchive.serve import _changes

    site = make_site(tmp_path, site_yaml=SITE)
    config, _ = load_config(site)
    stop = threading.Event()
    try:
        changes = _changes(config, stop)
        (site / "corpus" / "new.txt").write_text("新增测试标题\n", encoding="utf-8")
        got = []
        threading.Thread(target=lambda: got.append(next(changes)), daemon=True).start()
        assert _wait(lambda: got, 20), "a change saved right after the watchers started was not seen"
        assert any(path.endswith("new.txt") for _change, path in got[0])
    finally:
        stop.set()
