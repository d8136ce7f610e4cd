"""Shared pytest configuration: ``--update-goldens``, and the real-browser fixtures.

Real-browser tests use Debian's chromium where it is installed, else Playwright's own
browser, else they skip with a loud reason; under CI (``CI=true``) a missing browser is a
failure, never a skip.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
import warnings
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*.json from the current parser output instead of comparing",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def _no_browser(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and no browser for the real-browser tests: {reason}")
    warnings.warn(f"SKIPPING REAL-BROWSER TESTS: {reason}", stacklevel=2)
    pytest.skip(f"no browser: {reason} (install Debian's chromium and fonts-noto-cjk)")


def chromium_executable() -> str | None:
    for name in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.path.exists(name):
            return name
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("the playwright package is not installed (pip install -e '.[test]')")
    pw = sync_playwright().start()
    exe = chromium_executable()
    try:
        b = pw.chromium.launch(executable_path=exe) if exe else pw.chromium.launch()
    except Exception as exc:  # noqa: BLE001 - any launch failure means "no browser"
        pw.stop()
        _no_browser(f"chromium did not start ({str(exc).splitlines()[0]})")
    yield b
    b.close()
    pw.stop()


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".txt": "text/plain; charset=utf-8",
                      ".xml": "application/xml; charset=utf-8", ".html": "text/html; charset=utf-8"}

    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture
def serve():
    """serve(folder, prefix) -> base URL of a local HTTP server (127.0.0.1 only) that serves
    ``folder`` under the URL path ``prefix`` (e.g. ``/archive/``)."""
    servers = []

    def start(folder: Path, prefix: str = "/") -> str:
        root = folder.parent / f".serve-{folder.name}"
        mount = root / prefix.strip("/") if prefix.strip("/") else root
        mount.parent.mkdir(parents=True, exist_ok=True)
        if not mount.exists():
            mount.symlink_to(folder.resolve(), target_is_directory=True)
        handler = functools.partial(_QuietHandler, directory=str(root))
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"

    yield start
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()
