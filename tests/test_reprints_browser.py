"""Issue 17 in a real browser (Debian's chromium): 同文另见 links both ways, the reprints
index and its paper filter, an on-this-day page, the home page's "历史上的今天" link on a day
that has a page (and on one that has none), and "随便翻一期" with and without JavaScript.

The site: the seeds plus a 四平日报 page that reprints the 辽源日报's 人民日报 commentary
(``test_reprints.with_reprint``), built as a new user builds it (no base_url), served under
a sub-path; a second build with ``use_directory_urls: false`` for the links' index.html form.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from sitekit import build_site, make_site, new_page
from test_reprints import ORIGINAL, REPRINT, SIDECAR, reprint_page

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
NO_BASE = "title: 测试档案\noutput: public\n"
ISSUES = {"liaoyuan/2020/07/06/", "liaoyuan/2021/10/22/", "siping/2021/10/25/"}


def _site(tmp: Path, yaml: str) -> Path:
    site = make_site(tmp, {"siping/2021-10-25/01.txt": reprint_page(), "siping/2021-10-25/01.yaml": SIDECAR},
                     site_yaml=yaml)
    return build_site(site)[1]


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return _site(tmp_path_factory.mktemp("reprints-browser"), NO_BASE)


@pytest.fixture(scope="module")
def host(out, browser):
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    root = out.parent / "served"
    root.mkdir()
    (root / "archive").symlink_to(out, target_is_directory=True)

    class Quiet(SimpleHTTPRequestHandler):
        extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".html": "text/html; charset=utf-8",
                          ".json": "application/json"}

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/archive/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def open_page(browser):
    made = []

    def make(**kwargs):
        context, page, errors, _ = new_page(browser, **kwargs)
        made.append(context)
        return page, errors

    yield make
    for c in made:
        c.close()


def test_reprint_links_go_both_ways(open_page, host):
    page, errors = open_page()
    for edition in ("", "zh-hant/"):
        page.goto(host + edition + ORIGINAL)
        section = page.locator("section.reprints")
        assert section.locator("h2").inner_text() in ("同文另见", "同文另見")
        section.locator("li a").first.click()
        page.wait_for_url(host + edition + REPRINT)
        later = page.locator("section.reprints")
        assert "最早刊" in later.inner_text() and re.search(r"同文 (9\d|100)%", later.inner_text())
        later.locator("li a").first.click()
        page.wait_for_url(host + edition + ORIGINAL)
    assert errors == []


def test_the_reprints_index_and_its_paper_filter(open_page, host):
    page, errors = open_page()
    page.goto(host)
    page.get_by_role("link", name=re.compile("同文刊载")).first.click()
    page.wait_for_url(host + "reprints/")
    clusters = page.locator(".cluster")
    assert clusters.count() == 1 and "2 家/次刊登" in clusters.first.inner_text()
    assert clusters.first.locator("ol li").count() == 2
    page.locator("nav.filters").get_by_role("link", name="四平日报").click()
    page.wait_for_url(host + "reprints/papers/siping/")
    assert page.locator(".cluster").count() == 1
    assert page.locator("nav.filters [aria-current=page]").inner_text() == "四平日报"
    page.locator(".cluster ol li a").last.click()
    page.wait_for_url(host + REPRINT)
    assert errors == []


def test_an_on_this_day_page(open_page, host):
    page, errors = open_page()
    page.goto(host + "on-this-day/")
    page.get_by_role("link", name=re.compile("10月22日")).click()
    page.wait_for_url(host + "on-this-day/10-22/")
    assert page.locator("h1").inner_text() == "历史上的今天：10月22日"
    body = page.locator("main").inner_text() if page.locator("main").count() else page.inner_text("body")
    assert "2021年" in body and "辽源日报" in body and "党史学习教育中央第二督导组到我市调研指导" in body
    assert errors == []


def test_the_today_link_opens_todays_page_or_the_index(open_page, host):
    page, errors = open_page()
    page.clock.set_fixed_time(datetime(2030, 10, 22, 9, 30))  # a 22 October: the archive has one
    page.goto(host)
    page.locator("#on-this-day-link").click()
    page.wait_for_url(host + "on-this-day/10-22/")
    page.clock.set_fixed_time(datetime(2030, 1, 1, 9, 30))  # no issue was printed on any 1 January
    page.goto(host)
    page.locator("#on-this-day-link").click()
    page.wait_for_url(host + "on-this-day/")
    assert errors == []


def test_the_random_link_with_and_without_javascript(open_page, host):
    page, errors = open_page()
    seen = set()
    for _ in range(3):
        page.goto(host)
        page.locator("#random-link").click()
        page.wait_for_url(re.compile(r"/archive/[a-z]+/\d{4}/\d\d/\d\d/$"))
        seen.add(page.url[len(host):])
        assert page.locator("body.page-issue").count() == 1
    assert seen <= ISSUES
    page.goto(host + "zh-hant/")  # the Traditional edition stays in its edition
    page.locator("#random-link").click()
    page.wait_for_url(re.compile(r"/archive/zh-hant/[a-z]+/\d{4}/\d\d/\d\d/$"))
    assert errors == []
    still, _ = open_page(java_script_enabled=False)
    still.goto(host)
    still.locator("#random-link").click()
    still.wait_for_url(host + "dates/")
    still.goto(host)
    still.locator("#on-this-day-link").click()
    still.wait_for_url(host + "on-this-day/")


def test_links_with_index_html_from_disk(open_page, tmp_path):
    out = _site(tmp_path, NO_BASE + "use_directory_urls: false\n")
    page, errors = open_page()
    page.clock.set_fixed_time(datetime(2030, 10, 22, 9, 30))
    page.goto(out.joinpath("index.html").as_uri())
    assert page.locator("#on-this-day-link").get_attribute("href").endswith("on-this-day/10-22/index.html")
    page.locator("#random-link").click()  # from disk the list cannot be fetched: the date index
    page.wait_for_url(re.compile(r"/dates/index\.html$"))
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_on_the_new_page_types(open_page, host, scheme):
    page, _ = open_page(color_scheme=scheme)
    found = {}
    for path in [ORIGINAL, REPRINT, "reprints/", "reprints/papers/siping/", "reprints/by-date/", "on-this-day/",
                 "on-this-day/10-22/", "zh-hant/" + REPRINT]:
        page.goto(host + path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
               if v["impact"] in ("serious", "critical") or v["id"] == "landmark-unique"]
        if bad:
            found[path] = bad
    assert found == {}


JS_SEARCH = """async ([q, f]) => {
  window.newsarchiveSearch.reset();
  return await window.newsarchiveSearch.search(Object.assign({q}, f));
}"""


def test_search_folds_the_printings_of_one_text_as_the_python_reference_does(open_page, host, out):
    from newsarchive import search

    page, errors = open_page()
    page.goto(host + "search/?q=" + "社区小食堂")
    page.wait_for_function("document.querySelectorAll('#search-list > li').length > 0")
    items = page.locator("#search-list > li")
    assert items.count() == 1 and "同文 2 家报纸刊登" in items.first.inner_text()
    ref = search.Client.from_folder(out, ranges=False)
    ref.t2s()
    for q in ["社区小食堂", "老年人", "党史学习教育", "服务越到位 群众越满意", "辽源"]:
        for f in ({}, {"fold": False}, {"sort": "date"}, {"paper": "siping"}):
            ref.reset()
            want = ref.search(q, **f)
            got = page.evaluate(JS_SEARCH, [q, f])
            assert got["ids"] == want.ids, (q, f)
            assert got["bytes"] == want.bytes, (q, f)
            assert got["folds"] == [[d, *want.folds[d]] for d in want.ids if d in (want.folds or {})], (q, f)
    folded, flat = ref.search("社区小食堂"), ref.search("社区小食堂", fold=False)
    assert folded.total == 1 and flat.total == 2 and list(folded.folds.values()) == [(2, 2)]
    assert errors == []
