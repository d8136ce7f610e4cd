"""Real-browser tests of the search page: search.js reads the index of the sample site, served
from a sub-path, in chromium; results link to the articles; filters, paging, bookmarks, the
Traditional edition, HTTP Range reads, and the JS engine equal to the Python reference client."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from newsarchive import search
from sitekit import build_site, make_site, new_page

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from search_eval import RangeHandler, serve  # noqa: E402 - the benchmark's server, with Range support

DONE = """() => {
  const r = document.getElementById('search-results'), s = document.getElementById('search-status');
  return r && !r.hasAttribute('aria-busy') && s.textContent !== '' && s.textContent !== r.dataset.msgLoading;
}"""


@pytest.fixture(scope="module")
def site_out(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("search-browser"))  # default config: the zh-hant edition too
    _, out = build_site(site)
    return out


def _search(page, q: str) -> list[str]:
    page.fill("#search-q", q)
    page.press("#search-q", "Enter")
    return _titles(page)


def _titles(page) -> list[str]:
    page.wait_for_function(DONE)
    return [t.strip() for t in page.locator("#search-list article > h2").all_inner_texts()]


def test_search_finds_articles_and_a_result_opens_the_article(browser, serve, site_out):
    base = serve(site_out, "/archive/")
    context, page, errors, _ = new_page(browser)
    page.goto(base + "search/")
    assert page.locator("#search-results").is_hidden()
    titles = _search(page, "残疾人")
    assert titles[0] == "省政协调研组到我市就残疾人权益保护工作进行调研"  # the headline match ranks first
    assert "共找到 3 条" in page.locator("#search-status").inner_text()
    assert page.locator("#search-list mark").first.inner_text() == "残疾人"
    assert "q=%E6%AE%8B%E7%96%BE%E4%BA%BA" in page.url  # the address is a bookmark of the search
    link = page.locator("#search-list article > h2 a").first
    href = link.get_attribute("href")
    assert href.startswith("../") and not href.startswith("../../")
    link.click()
    page.wait_for_load_state()
    assert re.search(r"/archive/liaoyuan/[\w/]+/\d\d/$", page.url), page.url
    assert page.locator("h1").inner_text().strip() == "省政协调研组到我市就残疾人权益保护工作进行调研"
    page.go_back()
    assert _titles(page)[0] == "省政协调研组到我市就残疾人权益保护工作进行调研"
    assert errors == []
    context.close()


def test_names_places_phrases_and_traditional_input(browser, serve, site_out):
    base = serve(site_out, "/archive/")
    context, page, errors, _ = new_page(browser)
    page.goto(base + "search/")
    wang = _search(page, "王茵")
    assert "党史学习教育中央第二督导组到我市调研指导" in wang and "市委常委会召开2020年第十一次常委会议" in wang
    assert page.locator("#search-list mark", has_text="王茵").count() >= 2  # highlighted in the bylines
    party = _search(page, "党史学习教育")
    assert "党史学习教育中央第二督导组到我市调研指导" in party
    liaoyuan = _search(page, "辽源")
    assert len(liaoyuan) > 5
    assert _search(page, "遼源") == liaoyuan
    assert _search(page, "黨史學習教育") == party
    assert _search(page, "量子纠缠") == []
    assert "没有找到" in page.locator("#search-status").inner_text()
    assert errors == []
    context.close()


def test_bookmarked_filters_and_paging(browser, serve, site_out):
    base = serve(site_out, "/archive/")
    context, page, errors, _ = new_page(browser)
    page.goto(base + "search/?q=%E8%BE%BD%E6%BA%90")  # ?q=辽源, as a link or bookmark
    everything = _titles(page)
    assert page.input_value("#search-q") == "辽源"
    page.select_option("select[name=year]", "2021")  # a filter applies at once
    in_2021 = _titles(page)
    assert 0 < len(in_2021) < len(everything) and set(in_2021) <= set(everything)
    assert "year=2021" in page.url
    assert all("2021年" in t for t in page.locator("#search-list article > p:not([class])").all_inner_texts())
    page.goto(base + "search/?q=%E8%BE%BD%E6%BA%90&paper=nowhere-paper&sort=date")
    assert len(_titles(page)) == len(everything)  # an unknown paper in the URL is ignored, not "no results"
    page.goto(base + "search/?q=%E7%9A%84&sort=date")  # 的: more than one page
    first = _titles(page)
    assert len(first) == 20
    page.locator("#search-pages a[rel=next]").click()
    second = _titles(page)
    assert second and not set(second) & set(first) and "page=2" in page.url
    assert page.locator("#search-pages [aria-current=page]").inner_text() == "2"
    assert errors == []
    context.close()


def test_traditional_edition(browser, serve, site_out):
    if not (site_out / "zh-hant/search/index.html").exists():
        pytest.skip("this build has no zh-hant edition")
    base = serve(site_out, "/archive/")
    context, page, errors, _ = new_page(browser)
    page.goto(base + "zh-hant/search/")
    assert page.evaluate("document.documentElement.lang") == "zh-Hant-TW"
    titles = _search(page, "黨史學習教育")
    assert "黨史學習教育中央第二督導組到我市調研指導" in titles
    assert "共找到" in page.locator("#search-status").inner_text()
    assert _search(page, "王茵") and page.locator("#search-list mark", has_text="王茵").count() >= 1
    assert _search(page, "遼源") == _search(page, "辽源")
    _search(page, "党史学习教育")  # Simplified input on the Traditional page
    page.locator("#search-list article > h2 a", has_text="黨史學習教育中央第二督導組").first.click()
    page.wait_for_load_state()
    assert "/archive/zh-hant/liaoyuan/2021/10/22/01/" in page.url
    assert page.evaluate("document.documentElement.lang") == "zh-Hant-TW"
    assert errors == []
    context.close()


def test_without_javascript_the_page_says_so(browser, serve, site_out):
    base = serve(site_out, "/archive/")
    context, page, _, _ = new_page(browser, java_script_enabled=False)
    page.goto(base + "search/?q=%E8%BE%BD%E6%BA%90")
    assert "JavaScript" in page.locator("main").inner_text()
    assert page.locator("#search-list li").count() == 0
    context.close()


QUERIES = ["辽源", "遼源", "残疾人", "王茵", "党史学习教育", "茵", "调研 柴伟", "2021年", "cn22", "量子纠缠", "的"]
JS_SEARCH = """async ([q, f]) => {
  window.newsarchiveSearch.reset();
  return await window.newsarchiveSearch.search(Object.assign({q}, f));
}"""


def test_javascript_engine_equals_the_python_reference(browser, serve, site_out):
    """Same hits, order, counts and bytes fetched (whole files: the test server ignores Range)."""
    base = serve(site_out, "/archive/")
    context, page, errors, _ = new_page(browser)
    page.goto(base + "search/")
    page.evaluate("window.newsarchiveSearch.search({q: '测'})")  # load index.json, meta.bin, t2s.json
    ref = search.Client.from_folder(site_out, ranges=False)
    ref.t2s()
    filters = ({}, {"sort": "date"}, {"year": "2020"}, {"paper": "liaoyuan", "kind": "news"})
    for n, q in enumerate(QUERIES):
        for f in (filters[0], filters[1 + n % 3]):
            ref.reset()
            want = ref.search(q, **f)
            got = page.evaluate(JS_SEARCH, [q, f])
            assert got["ids"] == want.ids, (q, f)
            assert got["counts"] == [want.counts[d] for d in want.ids], (q, f)
            assert got["page"] == want.page
            assert got["bytes"] == want.bytes, (q, f, got["fetched"], want.fetched)
    assert page.evaluate("window.newsarchiveSearch.rangeSupported()") is False
    assert errors == []
    context.close()


class _RangeHandler(RangeHandler):
    """The benchmark's Range-capable server, noting which paths were asked for a range."""

    ranges: list[str] = []

    def send_head(self):
        if self.headers.get("Range"):
            self.ranges.append(self.path)
        return super().send_head()


def test_range_requests_when_the_host_supports_them(browser, site_out):
    httpd, base = serve(site_out, _RangeHandler)
    try:
        context, page, errors, _ = new_page(browser)
        page.goto(base + "search/")
        page.evaluate("window.newsarchiveSearch.search({q: '测'})")
        ref = search.Client.from_folder(site_out, ranges=True)
        ref.t2s()
        for q in ["党史学习教育", "残疾人", "辽源"]:
            ref.reset()
            want = ref.search(q)
            got = page.evaluate(JS_SEARCH, [q, {}])
            assert got["ids"] == want.ids and got["bytes"] == want.bytes, q
            assert any("#" in f[0] for f in got["fetched"])
        assert page.evaluate("window.newsarchiveSearch.rangeSupported()") is True
        assert _RangeHandler.ranges and all(re.match(r"/search/s/[^/]+/[pt]/", p) for p in _RangeHandler.ranges)
        assert errors == []
        context.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
