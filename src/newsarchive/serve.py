"""``newsarchive serve``: build, serve the output on 127.0.0.1, rebuild on change, reload.

The watcher (watchfiles) follows the folders ``corpus/``, ``templates/``, ``static/`` and
``labels/`` (recursively) and the site's folder for ``site.yaml`` (not recursively, so
``public/`` and ``.cache/`` are not watched): folders, not files, because an editor that saves
atomically (writes a temporary file, renames it over ``site.yaml``) replaces the file, and a
watch on the file would end with its first save.
A change triggers a rebuild. The CLI's ``serve`` keeps what a rebuild needs in memory between
rebuilds (``resident.py``: record summaries, the planner's issue views, the manifest, the
templates), so a rebuild reads back and plans again only what the change touched; pages are
published first and a changed search segment right after (``search_later``). The output is
swapped in atomically, so the server never shows a half-written site. Open pages reload themselves: the server (not the built
site) adds a small script to each HTML response that long-polls ``/__newsarchive/reload``.
The built files themselves never contain that script. The same script marks the page as an
editor's (``na-editor`` on ``<html>``): a page's raw-text view then shows the role the parser
gave each unit and how sure it was: ``serve`` builds with ``config.editor``, which puts them
into the raw-text pages; the published build leaves them out.

A build that fails leaves the previous site in place; the error is printed in the terminal
and shown over every page the server sends (an overlay, as Vite and Hugo do), until a build
succeeds again. The server answers only requests whose ``Host`` is the address it listens on
(``127.0.0.1``, ``localhost``, ``[::1]``, with its port): a web page elsewhere cannot read the
archive through DNS rebinding.
"""

from __future__ import annotations

import html
import queue
import sys
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

RELOAD_PATH = "/__newsarchive/reload"
RELOAD_SCRIPT = (
    "<script>document.documentElement.classList.add('na-editor');"
    "(function(){var v=null;function poll(){fetch('" + RELOAD_PATH + "?v='+(v===null?'':v))"
    ".then(function(r){return r.text()}).then(function(t){if(v!==null&&t!==v){location.reload();return}"
    "v=t;poll()}).catch(function(){setTimeout(poll,1000)})}poll()})();</script>"
)


class BuildState:
    """The build counter the reload endpoint reports; waiters wake when it changes."""

    def __init__(self, error: str = "") -> None:
        self.version = 0
        self.error = error
        self._cond = threading.Condition()

    def bump(self, error: str = "") -> None:
        with self._cond:
            self.version += 1
            self.error = error
            self._cond.notify_all()

    def wait_change(self, seen: str, timeout: float = 25.0) -> str:
        with self._cond:
            if seen == str(self.version):
                self._cond.wait(timeout)
            return str(self.version)


def error_overlay(error: str) -> bytes:
    """The box every served page shows while the last build failed (escaped: a message quotes
    file names and corpus text)."""
    return ('<div id="newsarchive-error" role="alert" style="position:fixed;z-index:2147483647;inset:0 0 auto 0;'
            'max-height:60vh;overflow:auto;margin:0;padding:1em 1.5em;background:#fff0f0;color:#600;'
            'border-bottom:3px solid #c00;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap">'
            '<strong>newsarchive: the last build failed; this is the previous site.</strong>\n'
            + html.escape(error) + "</div>").encode("utf-8")


def allowed_hosts(host: str, port: int) -> set[str]:
    """The ``Host`` header values a server bound to ``host``:``port`` answers."""
    names = {"127.0.0.1", "localhost", "[::1]", host if ":" not in host else f"[{host}]"}
    return {f"{n}:{port}" for n in names} | (names if port == 80 else set())


def make_handler(root: Path, state: BuildState, hosts: set[str] | None = None):
    class Handler(SimpleHTTPRequestHandler):
        extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".txt": "text/plain; charset=utf-8",
                          ".html": "text/html; charset=utf-8", ".xml": "application/xml; charset=utf-8",
                          ".json": "application/json"}

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args):  # quiet: the CLI prints builds, not every request
            pass

        def _host_ok(self) -> bool:
            host = self.headers.get("Host")
            if hosts is None:
                return True
            if not host:
                self.send_error(HTTPStatus.BAD_REQUEST, "a Host header is required")
                return False
            if host.strip().lower() not in hosts:
                self.send_error(HTTPStatus.FORBIDDEN, "this preview server answers only requests for "
                                                      "127.0.0.1 and localhost")
                return False
            return True

        def do_HEAD(self):  # noqa: N802
            if self._host_ok():
                super().do_HEAD()

        def do_GET(self):  # noqa: N802 - http.server's naming
            if not self._host_ok():
                return
            if self.path.startswith(RELOAD_PATH):
                seen = self.path.partition("v=")[2]
                body = state.wait_change(seen).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            error = state.error
            if error and not path.is_file():  # no previous site to show: the error alone
                data = (b"<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>build failed</title><body>"
                        + error_overlay(error) + RELOAD_SCRIPT.encode() + b"</body></html>")
                self.send_response(500)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            if path.suffix == ".html" and path.is_file():
                data = path.read_bytes()
                extra = (error_overlay(error) if error else b"") + RELOAD_SCRIPT.encode()
                data = data.replace(b"</body>", extra + b"</body>", 1)
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            super().do_GET()

    return Handler


CONFIG_FILES = ("site.yaml",)


def watched_paths(config) -> list[Path]:
    """The folders whose whole tree is watched (those that exist)."""
    paths = [config.corpus_dir, config.root / config.templates, config.root / config.static,
             config.root / config.labels]
    return [p for p in paths if p.is_dir()]


WATCH_TICK_MS = 200
"""How often a watcher wakes when nothing changes (its first wake says it is watching)."""
WATCH_SETUP_S = 10.0
"""How long ``_changes`` waits at most for its watchers to be set up (a huge tree on a slow disk)."""


def _changes(config, stop: threading.Event, debounce: int = 300):
    """The batches of changes to the site's inputs, one a rebuild, until ``stop`` is set: two
    watchers (the input folders recursively; the site's folder alone, for ``site.yaml``). The
    watchers are watching when this returns, so a change made after ``serve`` says it is watching
    is seen (they were started on the first batch asked for: an edit saved at once was missed)."""
    from watchfiles import watch

    batches: queue.Queue = queue.Queue()

    def follow(paths, recursive: bool, only, watching: threading.Event) -> None:
        kwargs = {"watch_filter": (lambda _change, path: Path(path).name in only)} if only else {}
        for batch in watch(*paths, stop_event=stop, debounce=debounce, recursive=recursive,
                           yield_on_timeout=True, rust_timeout=WATCH_TICK_MS, **kwargs):
            watching.set()  # (the first wake, with changes or none, comes after the watcher is set up)
            if batch:
                batches.put(batch)

    jobs = [(watched_paths(config), True, None), ([config.root], False, CONFIG_FILES)]
    setup = []
    for paths, recursive, only in jobs:
        if paths:
            watching = threading.Event()
            setup.append(watching)
            threading.Thread(target=follow, args=(paths, recursive, only, watching), daemon=True).start()
    for watching in setup:
        watching.wait(WATCH_SETUP_S)
    return _batches(batches, stop)


def _batches(batches: queue.Queue, stop: threading.Event):
    while not stop.is_set():
        try:
            batch = batches.get(timeout=0.25)
        except queue.Empty:
            continue
        while True:  # one rebuild for changes that came in together
            try:
                batch |= batches.get_nowait()
            except queue.Empty:
                break
        yield batch


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A browser that closes a connection mid-answer (a reload, a closed tab) is not an
        error: no traceback. Anything else is reported as http.server does."""
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)):
            return
        super().handle_error(request, client_address)


def serve(config, rebuild: Callable[[], str], port: int = 8000, watch: bool = True,
          ready: Callable[[str], None] | None = None, stop: threading.Event | None = None,
          follow_up: Callable[[], str | None] | None = None, error: str = "", host: str = "127.0.0.1") -> None:
    """Serve ``config.output_dir`` until interrupted; ``rebuild()`` builds and returns "" or an
    error message (shown over every page until a build succeeds; ``error``: the first build's).
    ``ready(url)`` is called once the server listens. ``follow_up()`` runs after each rebuild
    has been announced to the browser (the pages first, then slower work such as the search
    index); it returns None when it had nothing to do."""
    state = BuildState(error)
    hosts: set[str] = set()
    httpd = _Server((host, port), make_handler(config.output_dir, state, hosts))
    hosts.update(allowed_hosts(host, httpd.server_address[1]))
    httpd.daemon_threads = True
    server = threading.Thread(target=httpd.serve_forever, daemon=True)
    server.start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    stop = stop or threading.Event()
    try:
        changes = _changes(config, stop) if watch else None  # watching before it says so
        if ready is not None:
            ready(url)
        if changes is not None:
            for _batch in changes:
                state.bump(rebuild())
                if follow_up is not None:
                    done = follow_up()
                    if done is not None:
                        state.bump(done)
        else:
            stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.shutdown()
        httpd.server_close()


