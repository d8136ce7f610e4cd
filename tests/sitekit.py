"""Shared helpers for the site tests: build a sample site from the seed corpus into a
temporary folder, and check links inside it."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

from newsarchive.config import load_config
from newsarchive.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def stop(proc: subprocess.Popen) -> None:
    """End a `newsarchive serve` the test started: asked first, killed if it does not go."""
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def make_site(tmp: Path, extra_files: dict[str, str | bytes] | None = None, site_yaml: str = "") -> Path:
    """A site folder with the seed corpus (plus ``extra_files`` under corpus/) and a site.yaml."""
    site = tmp / "site"
    (site / "corpus").mkdir(parents=True)
    for path in sorted(CORPUS.glob("*.txt")):
        shutil.copy(path, site / "corpus" / path.name)
    for rel, data in (extra_files or {}).items():
        target = site / "corpus" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        target.write_bytes(data)
    (site / "site.yaml").write_text(
        site_yaml or "title: 测试档案\nbase_url: https://example.org/archive/\noutput: public\n", encoding="utf-8"
    )
    return site


def build_site(site: Path, editor: bool = False):
    """Build ``site``; ``editor``: as ``serve`` builds it (raw-text pages with the parser's roles)."""
    import dataclasses

    config, diags = load_config(site)
    assert not [d for d in diags if d.severity.value != "info"], diags
    if editor:
        config = dataclasses.replace(config, editor=True)
    return build(config), config.output_dir


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src"):
            if attrs.get(name) and not (tag == "link" and attrs.get("rel") in ("canonical", "alternate") and "://" in attrs[name]):
                self.links.append(attrs[name])
        if attrs.get("id"):
            self.ids.add(attrs["id"])


def page_links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def broken_links(out: Path, prefix: str = "") -> list[tuple[str, str]]:
    """Every internal href/src of every HTML page must resolve to a file in ``out``.

    ``prefix`` is the URL path the site is served under (``/archive/``) for root-absolute
    links such as the 404 page's.
    """
    broken = []
    for page in sorted(out.rglob("*.html")):
        rel_dir = page.parent
        for link in page_links(page.read_text(encoding="utf-8")):
            url, _ = urldefrag(link)
            parsed = urlparse(url)
            if parsed.scheme or parsed.netloc or not url or url.startswith(("mailto:", "data:")):
                continue
            path = unquote(parsed.path)
            if path.startswith("/"):
                if prefix and path.startswith(prefix):
                    target = out / path[len(prefix):]
                else:
                    broken.append((str(page.relative_to(out)), link))
                    continue
            else:
                target = rel_dir / path
            if target.is_dir() or path.endswith("/"):
                target = target / "index.html"
            if not target.resolve().exists():
                broken.append((str(page.relative_to(out)), link))
    return broken


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def new_page(browser, **kwargs):
    """A fresh browser context and page that record script errors (uncaught exceptions and
    console errors) and dialogs (dismissed): ``(context, page, errors, dialogs)``."""
    context = browser.new_context(**kwargs)
    page = context.new_page()
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return context, page, errors, dialogs


def article_records(out: Path) -> dict[str, dict]:
    """Every article record the site publishes, by id: the rows of the SQLite files
    (``data/<paper>/<year>.sqlite``), read back as JSON objects (``data.read_records``). Since
    issue 16 there is no per-article ``article.json`` and no JSON Lines file."""
    from newsarchive.data import read_records

    return {rec["id"]: rec for path in sorted((out / "data").rglob("*.sqlite")) for rec in read_records(path)}


def records_in(files: dict[str, bytes]) -> dict[str, dict]:
    """``article_records`` of a build's files held in memory (rel path -> bytes)."""
    import tempfile

    from newsarchive.data import read_records

    recs: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for rel, data in sorted(files.items()):
            if rel.startswith("data/") and rel.endswith(".sqlite"):
                path = Path(tmp) / rel.replace("/", "-")
                path.write_bytes(data)
                recs.update((r["id"], r) for r in read_records(path))
    return recs


def article_record(out: Path, article_id: str) -> dict:
    """One article's record (``liaoyuan/2021/10/22/01``), from its paper-year's SQLite file."""
    return article_records(out)[article_id.rstrip("/")]


def raw_lines(html: str) -> list[str]:
    """The text of each line of a raw-text page (``<p id=Ln>``, its ``</p>`` left out and an
    empty line without its link: issue 16), tags removed, unescaped."""
    import html as _html

    view = html[re.search(r'<div class="?raw"?[ >]', html).start():]
    view = view[:view.index("</div>")]
    found = re.findall(r'<p id=L(\d+)>(?:<a href=#L\1>\1</a>)?(.*?)(?=</p>|<p id=L|$)', view, re.S)
    assert [int(n) for n, _ in found] == list(range(1, len(found) + 1))
    return [_html.unescape(re.sub(r"<[^>]+>", "", body or "")) for _, body in found]
