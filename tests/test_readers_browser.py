"""Issue 15 in a real browser (Debian's chromium): the site as a reader meets it.

One sample site built as a new user builds it (no `base_url`, the Traditional edition, search)
is served under a sub-path by a host that answers a missing address with the site's 404.html
(as GitHub Pages does); a second, with `use_directory_urls: false`, is opened from disk.
Screenshots of the main page types at 1280 and 360 px are saved under tests/output/.
"""

from __future__ import annotations

import functools
import re
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sitekit import build_site, make_site, new_page

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "tests" / "output"
PREFIX = "/archive/"
NO_BASE = "title: 测试档案\noutput: public\n"  # what a new user has: base_url left at /

ARTICLE = "liaoyuan/2021/10/22/01/"
HEADLINE = "党史学习教育中央第二督导组到我市调研指导"


@pytest.fixture(scope="module")
def site_out(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("readers"), {"002_0078cb0db730c42f.yaml": "page: 1\nedition: 要闻版\n"},
                     site_yaml=NO_BASE)
    _, out = build_site(site)
    return out


@pytest.fixture(scope="module")
def host(site_out):
    """The site under /archive/ on a host that, like GitHub Pages, answers any missing address
    under the site with its 404.html (status 404)."""
    out = site_out

    class Pages(SimpleHTTPRequestHandler):
        extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".html": "text/html; charset=utf-8",
                          ".txt": "text/plain; charset=utf-8", ".xml": "application/xml; charset=utf-8"}

        def log_message(self, *args):
            pass

        def translate_path(self, path):
            path = path.split("?", 1)[0].split("#", 1)[0]
            if not path.startswith(PREFIX):
                return str(out / "__nowhere__")
            return super().translate_path("/" + path[len(PREFIX):])

        def send_head(self):
            target = Path(self.translate_path(self.path))
            if target.is_dir() and not self.path.split("?")[0].endswith("/"):
                return super().send_head()
            if not (target / "index.html" if target.is_dir() else target).is_file():
                body = (out / "404.html").read_bytes()
                self.send_response(HTTPStatus.NOT_FOUND)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                import io

                return io.BytesIO(body)
            return super().send_head()

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Pages, directory=str(out)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def context_factory(browser):
    made = []

    def make(**kwargs):
        context, page, errors, dialogs = new_page(browser, **kwargs)
        made.append(context)
        return page, errors

    yield make
    for c in made:
        c.close()


def _photo_url(out: Path) -> str:
    for path in sorted(out.glob("*/*/*/*/[0-9][0-9]/index.html")) + sorted(out.glob("*/undated/*/[0-9][0-9]/index.html")):
        html = path.read_text(encoding="utf-8")
        if "story--photo" in html and "图片：" in html:
            return path.parent.relative_to(out).as_posix() + "/"
    raise AssertionError("no untitled photo item in the sample site")


# --- axe: every page type, light and dark ------------------------------------------------------

PAGE_TYPES = [
    "", "liaoyuan/", "liaoyuan/2021/", "dates/", "dates/2021/", "dates/2021/10/", "dates/2021/10/22/",
    "liaoyuan/2021/10/22/", ARTICLE, "liaoyuan/2021/10/22/raw-1/", "authors/", "authors/wang-yin/", "undated/",
    "search/", "search/?q=%E6%AE%8B%E7%96%BE%E4%BA%BA", "data/", "404.html", "no/such/page/",
    "zh-hant/", "zh-hant/liaoyuan/2021/10/22/01/", "zh-hant/search/?q=%E6%AE%8B%E7%96%BE",
    "on-this-day/", "on-this-day/10-22/", "reprints/",  # (a 同文另见 section: tests/test_reprints_browser.py)
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_on_any_page_type(context_factory, host, site_out, scheme):
    page, _ = context_factory(color_scheme=scheme)
    found = {}
    for path in PAGE_TYPES + [_photo_url(site_out), "baicheng/"]:
        page.goto(host + path)
        if "?q=" in path:  # the results drawn
            page.wait_for_function("document.querySelectorAll('#search-list > li').length > 0")
        elif path.startswith("no/"):  # the 404 page has found the site's root
            page.wait_for_function("document.documentElement.dataset.root === '/archive/'")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
               if v["impact"] in ("serious", "critical") or v["id"] == "landmark-unique"]
        if bad:
            found[path] = bad
    assert page.evaluate("axe.version") == "4.14.1"
    assert found == {}


# --- screenshots for the reviewer ------------------------------------------------------------


@pytest.mark.parametrize("width", [1280, 360])
def test_screenshots_of_the_main_page_types(context_factory, host, site_out, width):
    page, errors = context_factory(viewport={"width": width, "height": 900})
    SHOTS.mkdir(exist_ok=True)
    for name, path in [("home", ""), ("issue", "liaoyuan/2021/10/22/"), ("article", ARTICLE),
                       ("photo", _photo_url(site_out)), ("raw", "liaoyuan/2021/10/22/raw-1/#L26-L62")]:
        page.goto(host + path)
        if name == "raw":  # scrolled to the article's lines
            page.wait_for_function("Math.abs(document.getElementById('L26').getBoundingClientRect().top) < 200")
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=name != "raw")
        assert (SHOTS / f"{name}-{width}.png").stat().st_size > 10_000
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, (path, overflow)
    assert errors == []


# --- 360 px -------------------------------------------------------------------------------------


def test_phone_year_view_shows_only_months_with_issues(context_factory, host):
    page, _ = context_factory(viewport={"width": 360, "height": 800})
    page.goto(host + "liaoyuan/2021/")
    visible = page.locator(".year-grid .cal:visible")
    assert visible.count() == 1 and "2021年10月" in visible.first.inner_text()
    note = page.locator(".year-empty")
    assert note.is_visible() and "1月" in note.inner_text() and "10月" not in note.inner_text()
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 1600, height  # was 3,700 px with twelve month calendars
    wide, _ = context_factory(viewport={"width": 1280, "height": 800})
    wide.goto(host + "liaoyuan/2021/")
    assert wide.locator(".year-grid .cal:visible").count() == 12 and not wide.locator(".year-empty").is_visible()


LAST_LINE = """(el) => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const tops = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (let i = 0; i < n.data.length; i++) {
      if (!n.data[i].trim()) continue;
      const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
      const rect = r.getClientRects()[0]; if (rect) tops.push(Math.round(rect.top));
    }
  }
  const lines = [...new Set(tops)].sort((a, b) => a - b);
  return [lines.length, tops.filter(t => t === lines[lines.length - 1]).length];
}"""


def test_phone_headlines_never_leave_one_character_alone(context_factory, host, site_out):
    page, _ = context_factory(viewport={"width": 360, "height": 800})
    checked = wrapped = 0
    for path in ["", "liaoyuan/2021/10/22/", "liaoyuan/2020/07/06/", "undated/", _photo_url(site_out),
                 "baicheng/undated/3970f57e/", "baicheng/undated/3970f57e/01/", ARTICLE]:
        page.goto(host + path)
        for el in page.locator("h1, .items article > :is(h2, h3, h4)").element_handles():
            lines, last = el.evaluate(LAST_LINE)
            checked += 1
            if lines > 1:
                wrapped += 1
                assert last >= 2, (path, el.inner_text(), lines, last)
    assert checked > 20 and wrapped >= 5  # enough headlines wrap on a phone for this to mean something
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).textWrap").startswith("balance")


# --- the search box -----------------------------------------------------------------------------


def test_header_search_box_works_without_javascript(context_factory, host):
    page, _ = context_factory(java_script_enabled=False)
    page.goto(host + ARTICLE)
    box = page.get_by_role("search", name="全站检索")
    box.get_by_role("searchbox").fill("残疾人")
    box.get_by_role("button", name="检索").click()
    page.wait_for_load_state()
    assert page.url.startswith(host + "search/?q=") and "%E6%AE%8B%E7%96%BE%E4%BA%BA" in page.url
    assert "需要浏览器启用 JavaScript" in page.locator("main").inner_text()
    for path in ["", "404.html", "no/such/deep/address/"]:  # search first among the ways in
        page.goto(host + path)
        first = page.locator("main form[role=search], main .ways > li").first
        assert first.evaluate("e => e.matches('form[role=search]') || !!e.querySelector('form[role=search]')"), path
    with_js, _ = context_factory()
    with_js.goto(host + "dates/")
    with_js.get_by_role("search", name="全站检索").get_by_role("searchbox").fill("残疾人")
    with_js.keyboard.press("Enter")
    with_js.wait_for_function("document.querySelectorAll('#search-list article > h2').length > 0")
    assert "省政协调研组到我市就残疾人权益保护工作进行调研" in with_js.locator("#search-list").inner_text()


# --- the raw text and its line anchors ---------------------------------------------------------


def test_article_links_to_exactly_its_lines(context_factory, host):
    page, errors = context_factory(viewport={"width": 1280, "height": 900})
    page.goto(host + ARTICLE)
    page.get_by_role("link", name="查看原始文本（第 26–62 行）").click()
    page.wait_for_load_state()
    assert page.url == host + "liaoyuan/2021/10/22/raw-1/#L26-L62"
    assert page.evaluate("document.querySelector(':target').id") == "L26-L62"
    page.wait_for_function("Math.abs(document.getElementById('L26').getBoundingClientRect().top) < 200")  # scrolled to
    mark = "(sel) => getComputedStyle(document.querySelector(sel)).backgroundColor"
    clear = "rgba(0, 0, 0, 0)"
    assert page.evaluate(mark, '#L34 [data-item="1"]') != clear  # the article's own dateline and lead
    assert page.evaluate(mark, '#L28 [data-item="2"]') == clear  # the commentary printed between its lines
    marked = page.evaluate("[...document.querySelectorAll('.ln--hl')].map(e => e.id)")
    assert marked[0] == "L26" and marked[-1] == "L62" and len(marked) == 37
    page.locator("#L30 > a").click()
    assert page.url.endswith("#L30") and page.evaluate("document.querySelector(':target').id") == "L30"
    page.goto(host + "liaoyuan/2021/10/22/raw-1/#L40-L43")  # a range typed by hand
    assert page.evaluate("[...document.querySelectorAll('.ln--hl')].map(e => e.id)") == ["L40", "L41", "L42", "L43"]
    # an empty line (<p id=L27> alone, issue 16) is still its anchor, marked, with its number
    # drawn by the stylesheet's counter of the lines, in the numbers' column
    page.goto(host + "liaoyuan/2021/10/22/raw-1/#L27")
    assert page.evaluate("document.querySelector(':target').id") == "L27"
    assert page.evaluate("[...document.querySelectorAll('.ln--hl')].map(e => e.id)") == ["L27"]
    assert page.evaluate("getComputedStyle(document.getElementById('L27'), '::before').content") == "counter(ln)"
    assert page.evaluate("document.getElementById('L27').getBoundingClientRect().height") > 20
    assert page.evaluate("document.querySelectorAll('.raw > p').length") == page.evaluate(
        "+document.querySelector('.raw > p:last-of-type').id.slice(1)")  # every line a <p>: the count is right
    # the page exists once, in the script it was printed in; the Traditional article links to it
    page.goto(host + "zh-hant/" + ARTICLE)
    raw = page.locator(".cite p:last-child a").first.get_attribute("href")
    page.goto(page.url + raw)
    assert page.url == host + "liaoyuan/2021/10/22/raw-1/#L26-L62"
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    assert errors == []


def test_printed_elements_have_a_place(context_factory, host):
    page, _ = context_factory()
    page.goto(host + ARTICLE)
    assert "第1版 · 要闻版" in page.locator(".story__issue").inner_text()  # the sidecar's edition
    page.goto(host + "liaoyuan/2020/07/06/")
    item = page.locator(".items > li", has_text="省委第九巡视组巡视辽源市公告")
    label = item.locator(".column-label")
    assert label.inner_text().strip() == "新闻特写"
    assert label.evaluate("(l) => l.getBoundingClientRect().top") < item.locator("article > h3").evaluate(
        "(h) => h.getBoundingClientRect().top")  # above the article it heads


# --- sub-path without base_url: the 404 page at any depth, citations ---------------------------


def test_404_page_works_at_any_depth_under_a_sub_path_without_base_url(context_factory, host):
    page, errors = context_factory()
    for missing in ["nothing-here", "liaoyuan/2021/10/99/", "a/b/c/d/e/f/"]:
        response = page.goto(host + missing)
        assert response.status == 404
        page.wait_for_function("document.documentElement.dataset.root === '/archive/'")
        # the stylesheet, asked for again from the root just found, applies (loaded after the root)
        page.wait_for_function("getComputedStyle(document.querySelector('.site-header')).borderTopStyle === 'solid'",
                               timeout=15_000)
        hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
        assert hrefs and all(h.startswith(host) for h in hrefs if "#" not in h), hrefs
        for h in {h for h in hrefs if "#" not in h}:
            assert page.request.get(h).status == 200, (missing, h)
    page.get_by_role("link", name="按日期").first.click()
    page.wait_for_load_state()
    assert page.url == host + "dates/"
    # the only console errors: the stylesheet and icon asked for at the host's root before the
    # root was found (a host without base_url; with base_url the links are right from the start)
    assert all("Failed to load resource" in e for e in errors), errors


def test_citation_never_shows_a_site_relative_url(context_factory, host):
    page, _ = context_factory()
    page.goto(host + ARTICLE)
    assert page.locator(".cite__url").inner_text() == "网址：" + host + ARTICLE
    no_js, _ = context_factory(java_script_enabled=False)
    no_js.goto(host + ARTICLE)
    assert not no_js.locator(".cite__url").is_visible()
    assert "/liaoyuan/" not in no_js.locator("main").inner_text().replace(host, "")
    assert no_js.locator('link[rel="canonical"]').get_attribute("href") == "./"


# --- from disk ----------------------------------------------------------------------------------


def test_from_disk_the_default_site_says_it_must_be_served(context_factory, site_out):
    page, _ = context_factory()
    page.goto((site_out / "index.html").as_uri())
    note = page.locator("#disk-note")
    assert note.is_visible() and "newsarchive serve" in note.inner_text() and "use_directory_urls" in note.inner_text()
    # site.js makes the note (issue 16: not carried by every page), in the edition's script
    assert "<p class=\"disk-note\"" not in (site_out / "index.html").read_text(encoding="utf-8")
    page.goto((site_out / "zh-hant" / "index.html").as_uri())
    assert page.locator("#disk-note").is_visible() and "這是直接從磁盤打開的網頁" in page.locator("#disk-note").inner_text()
    page.goto((site_out / "index.html").as_uri())
    page.goto((site_out / "search" / "index.html").as_uri() + "?q=%E6%AE%8B%E7%96%BE%E4%BA%BA")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('磁盘')")
    assert "newsarchive serve" in page.locator("#search-status").inner_text()


@pytest.fixture(scope="module")
def disk_site(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("disk"), site_yaml=NO_BASE + "use_directory_urls: false\n")
    _, out = build_site(site)
    return out


def test_from_disk_with_index_html_links_the_site_works(context_factory, disk_site):
    page, errors = context_factory()
    page.goto((disk_site / "index.html").as_uri())
    assert not page.locator("#disk-note").count()
    page.get_by_role("link", name="辽源日报").first.click()
    assert page.url.endswith("/liaoyuan/index.html")
    page.locator('a[href="2021/index.html"]').first.click()
    page.locator('a[href="10/22/index.html"]').first.click()
    page.get_by_role("link", name=HEADLINE).first.click()
    assert page.url.endswith("/liaoyuan/2021/10/22/01/index.html")
    assert page.locator("h1").inner_text().strip() == HEADLINE
    page.get_by_role("link", name="查看原始文本（第 26–62 行）").click()
    assert page.url.endswith("/liaoyuan/2021/10/22/raw-1/index.html#L26-L62")
    page.get_by_role("navigation", name="面包屑").get_by_role("link", name="首页").click()
    assert page.url.endswith(disk_site.name + "/index.html")
    page.locator(".site-nav__script a").click()
    assert page.url.endswith("/zh-hant/index.html")
    assert errors == []


# --- serve: the parser's roles on the raw-text view (issue 14) ------------------------------------


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """The sample site as `serve` builds it (config.editor), served by its own request handler
    (no build loop)."""
    from newsarchive.serve import BuildState, make_handler

    site = make_site(tmp_path_factory.mktemp("preview"), {"002_0078cb0db730c42f.yaml": "page: 1\nedition: 要闻版\n"},
                     site_yaml=NO_BASE)
    _, out = build_site(site, editor=True)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(out, BuildState()))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def test_serve_marks_each_units_role_on_the_raw_text_view(context_factory, host, preview):
    raw = "liaoyuan/2021/10/22/raw-1/"
    badge = "(sel) => getComputedStyle(document.querySelector(sel), '::before').content"
    page, errors = context_factory(viewport={"width": 1280, "height": 900})
    page.goto(preview + raw)
    key = page.locator(".role-key")
    assert key.is_visible() and "标题" in key.inner_text() and "正文" in key.inner_text()
    assert page.evaluate(badge, '.role-key .u[data-role="B-head"]') == '"B-head"' 
    byline = '#L34 .u[data-role="byline"]'
    assert re.fullmatch(r'"byline [01]\.\d\d"', page.evaluate(badge, byline))  # the role and probability before the unit
    assert re.fullmatch(r"署名（byline，把握 [01]\.\d\d）", page.locator(byline).get_attribute("title"))
    head = '.u[data-role="B-head"]'
    assert page.evaluate("(sel) => getComputedStyle(document.querySelector(sel)).backgroundColor", head) != "rgba(0, 0, 0, 0)"
    unsure = page.evaluate("[...document.querySelectorAll('.raw .u[data-p]')].filter(u => +u.dataset.p < 0.6)"
                           ".map(u => u.classList.contains('u--unsure'))")
    sure = page.evaluate("[...document.querySelectorAll('.raw .u[data-p]')].filter(u => +u.dataset.p >= 0.6)"
                         ".map(u => u.classList.contains('u--unsure'))")
    assert sure and not any(sure) and all(unsure)  # boxed exactly where the model was unsure
    assert errors == []
    SHOTS.mkdir(exist_ok=True)
    page.goto(preview + raw + "#L26")
    page.wait_for_function("Math.abs(document.getElementById('L26').getBoundingClientRect().top) < 200")
    page.screenshot(path=str(SHOTS / "raw-serve-roles-1280.png"))
    # the published site carries no roles (issue 16: only serve's build has them)
    page.goto(host + raw)
    assert page.locator(".role-key").count() == 0 and page.locator("[data-role]").count() == 0
