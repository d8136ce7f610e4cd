"""The sample site built from the seed corpus: its files, links, pages and build behaviour."""

from __future__ import annotations

import json
import re
import xml.dom.minidom
from pathlib import Path

import pytest

from newsarchive import pipeline
from newsarchive.config import load_config
from newsarchive.pipeline import build
from newsarchive.init import init_site
from newsarchive.urls import relative

from sitekit import broken_links, build_site, make_site, page_links, raw_lines, text_of

HOSTILE = (
    "<script>alert('x')</script>{{ 7*7 }}{% raw %}x{% endraw %}\n\n"
    "本报讯(记者 王茵)测试<img src=x onerror=alert(1)>正文<b onclick=alert(2)>加粗</b>,"
    "[点我](javascript:alert(3))与{{ config }}。\n"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("site"), {"hostile/inject.txt": HOSTILE})
    result, out = build_site(site)
    return site, result, out


def read(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def test_file_layout(built):
    _, result, out = built
    for rel in [
        "index.html", "404.html", "sitemap.xml", "feed.xml", "static/style.css",
        "liaoyuan/index.html", "liaoyuan/feed.xml", "liaoyuan/2021/index.html",
        "liaoyuan/2021/10/22/index.html", "liaoyuan/2021/10/22/01/index.html", "liaoyuan/2021/10/22/raw-1/index.html",
        "dates/index.html", "dates/2021/index.html", "dates/2021/10/index.html", "dates/2021/10/22/index.html",
        "authors/index.html", "authors/wang-yin/index.html", "undated/index.html",
        "siping/index.html", "baicheng/index.html",
    ]:
        assert (out / rel).is_file(), rel
    assert result.load.coverage[0] == result.load.coverage[1]
    # URLs are ASCII and never made from headlines
    for path in out.rglob("*"):
        assert path.relative_to(out).as_posix().isascii(), path


def test_no_broken_internal_links(built):
    _, _, out = built
    assert broken_links(out, prefix="/archive/") == []


def test_links_are_relative(built):
    _, _, out = built
    for page in ["index.html", "liaoyuan/2021/10/22/01/index.html", "dates/2021/10/22/index.html"]:
        for link in page_links(read(out, page)):
            assert not link.startswith("/"), (page, link)


def test_article_page(built):
    _, _, out = built
    html = read(out, "liaoyuan/2021/10/22/01/index.html")
    text = text_of(html)
    assert "党史学习教育中央第二督导组到我市调研指导" in text
    assert "本报讯(记者 王茵)" in text
    assert "王茵. 党史学习教育中央第二督导组到我市调研指导[N]. 辽源日报, 2021-10-22(1)." in text
    assert "市领导台培青、杨光参加相关活动。" in text
    assert "图为朱虹一行" in text  # the photo that cuts the body is a figure of this article
    assert '<html lang=zh-Hans ' in html  # values unquoted where HTML allows (render.shorten)
    assert 'rel=canonical href=https://example.org/archive/liaoyuan/2021/10/22/01/>' in html
    assert 'property=og:title ' in html
    ld = json.loads(re.search(r'<script type=application/ld\+json>(.*?)</script>', html, re.S).group(1))
    assert ld["@type"] == "NewsArticle" and ld["datePublished"] == "2021-10-22"
    assert "../raw-1/#L" in html and "../02/" in html  # raw text and next article
    assert "raw-1.txt" not in html  # the raw text once: its page (issue 16)
    assert 'href=../../../../../authors/wang-yin/>' in html


def test_commentary_reprint_and_subheads(built):
    _, _, out = built
    text = text_of(read(out, "liaoyuan/2021/10/22/02/index.html"))
    assert "弘扬红岩精神，赓续红色血脉" in text and "论中国共产党人的精神谱系之二十六" in text
    assert "人民日报" in text
    html = read(out, "liaoyuan/undated/" + _undated_id("000_888e485566627bab.txt") + "/07/index.html")
    assert "强化引导凝聚共识" in html and ("<h2" in html or "<h3" in html)


def _undated_id(name: str) -> str:
    from newsarchive.urls import undated_id

    return undated_id(name)


def test_issue_page_has_masthead_facts_and_articles_in_order(built):
    _, _, out = built
    html = read(out, "liaoyuan/2021/10/22/index.html")
    text = text_of(html)
    facts = re.search(r'<p class=masthead__facts>(.*?)(?:</p>|</header>)', html, re.S)  # </p> implied
    assert facts, "no masthead facts on the issue page"
    shown = [f.strip() for f in re.split(r"<[^>]+>", facts.group(1)) if f.strip()]
    # date, weekday, lunar date, the running number and the page count, each as printed
    assert shown == ["2021年10月22日", "星期五", "农历辛丑年九月十七", "总第8381期", "今日4版"], shown
    assert '<time datetime=2021-10-22>' in facts.group(1)
    order = [text.index(h) for h in ["党史学习教育中央第二督导组", "弘扬红岩精神", "厚植民生沃土", "服务越到位", "以文艺活动为抓手"]]
    assert order == sorted(order)


def test_undated_page_shows_inference(built):
    _, _, out = built
    text = text_of(read(out, "undated/index.html"))
    assert "2019年5月22日" in text or "2019-05-22" in text  # 000: on or after, inferred from the leads


def test_calendar_and_coverage(built):
    _, _, out = built
    year = read(out, "liaoyuan/2021/index.html")
    # the one day with an issue links it, and no other day does
    assert re.findall(r'<a href=(\d\d/\d\d/)[ >]', year) == ["10/22/"]
    home = read(out, "index.html")
    # the coverage grid: a row per year, a cell per month; exactly the months with issues say
    # how many and link the month, every other cell says 无
    cells = re.findall(r'<td class="lv lv(\d)" title=(\d{4})年(\d{1,2})月：([^ >]+)>(.*?)</td>', home)
    assert len(cells) == 12 * 2, len(cells)  # 2020 and 2021 (the hostile page has no date)
    filled = {(int(y), int(m)): (n, level) for level, y, m, n, _ in cells if n != "无"}
    assert filled == {(2020, 7): ("1期", "4"), (2021, 10): ("1期", "4")}, filled
    assert all(level == "0" and "<a " not in inner for level, _, _, n, inner in cells if n == "无")
    assert all(f'<a href=dates/{y}/{int(m):02d}/>' in inner for _, y, m, n, inner in cells if n != "无")
    years = re.findall(r'<th scope=row class=coverage__year><a href=dates/(\d{4})/>', home)
    assert years == ["2020", "2021"], years


def test_hostile_text_is_escaped(built):
    _, _, out = built
    pages = {p: p.read_text(encoding="utf-8") for p in out.rglob("*.html")}
    for page, html in pages.items():
        assert "<script>alert" not in html, page
        assert "<img" not in html, page
        assert not _event_attributes(html), page  # no event-handler attribute anywhere (the raw-text
        # pages show `<img onerror=…>` as escaped text: that is text, not an attribute)
        assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", html, re.I), page
    # template syntax from the corpus is shown as text, never evaluated
    assert any("{{ 7*7 }}" in html for html in pages.values())
    assert not any("alert('x')49" in html.replace("&#39;", "'") for html in pages.values())
    assert any("<b>加粗</b>" in html for html in pages.values())


def _event_attributes(html: str) -> list[str]:
    from html.parser import HTMLParser

    found: list[str] = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend(f"{tag} {k}" for k, _ in attrs if k.lower().startswith("on"))

    P().feed(html)
    return found


def test_feeds_and_sitemap_are_well_formed(built):
    _, _, out = built
    for rel in ["feed.xml", "liaoyuan/feed.xml", "sitemap.xml"]:
        xml.dom.minidom.parseString((out / rel).read_bytes())
    assert "https://example.org/archive/liaoyuan/2021/10/22/01/" in read(out, "sitemap.xml")
    # published under /archive/: a robots.txt there has no effect, so none is written, and the
    # build says where the sitemap line goes instead
    assert not (out / "robots.txt").exists()
    note = next(d for d in built[1].load.diagnostics if d.code == "robots-subpath")
    assert "https://example.org/robots.txt" in note.message
    assert note.hint == ("add `Sitemap: https://example.org/archive/sitemap.xml` to https://example.org/robots.txt, "
                         "or submit the sitemap in Google Search Console or Bing Webmaster Tools")


def test_raw_text_is_published_once(built):
    """The raw text is its page, line by line; no .txt copy beside it (issue 16)."""
    _, _, out = built
    lines = raw_lines((out / "liaoyuan/2021/10/22/raw-1/index.html").read_text(encoding="utf-8"))
    assert "LIAO YUAN RI BAO" in lines
    assert not list(out.rglob("raw-*.txt"))


def test_deterministic(tmp_path):
    site = make_site(tmp_path)
    _, out = build_site(site)
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    _, out = build_site(site)
    second = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert first == second


def test_failed_build_leaves_previous_site(tmp_path, monkeypatch):
    site = make_site(tmp_path)
    _, out = build_site(site)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    calls = {"n": 0}
    real = pipeline.render_page

    def boom(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] > 20:
            raise RuntimeError("killed half-way")
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "render_page", boom)
    config, _ = load_config(site)
    with pytest.raises(RuntimeError):
        build(config, clean=True)  # a full build into a new folder fails half-way
    one = sorted((site / "corpus").glob("*.txt"))[0]
    one.write_text(one.read_text(encoding="utf-8") + "\n补记一段新的正文，用来让这一期重新生成。\n", encoding="utf-8")
    calls["n"] = 20  # the next render fails
    with pytest.raises(RuntimeError):
        build(config)  # an incremental rebuild (one file changed) fails half-way
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".public.tmp")]


def test_site_template_override(tmp_path):
    site = make_site(tmp_path)
    (site / "templates").mkdir()
    (site / "templates" / "404.html").write_text("<p>自定义 {{ site.title }}</p>", encoding="utf-8")
    _, out = build_site(site)
    assert read(out, "404.html") == "<p>自定义 测试档案</p>"


def test_init_creates_a_buildable_site(tmp_path):
    created = init_site(tmp_path / "new", title="新档案")
    assert (tmp_path / "new" / "site.yaml") in created
    for path in sorted(Path(__file__).resolve().parents[1].joinpath("corpus").glob("00[23]*.txt")):
        (tmp_path / "new" / "corpus" / path.name).write_bytes(path.read_bytes())
    _, out = build_site(tmp_path / "new")
    assert "新档案" in read(out, "index.html")
    assert init_site(tmp_path / "new") == []  # nothing overwritten


@pytest.mark.parametrize(
    "frm,to,expected",
    [
        ("", "liaoyuan/", "liaoyuan/"),
        ("liaoyuan/2021/10/22/", "", "../../../../"),
        ("liaoyuan/2021/10/22/01/", "liaoyuan/2021/10/22/raw-1/", "../raw-1/"),
        ("dates/2021/", "authors/wang-yin/", "../../authors/wang-yin/"),
        ("a/", "a/", "./"),
    ],
)
def test_relative(frm, to, expected):
    assert relative(frm, to) == expected


def test_parallel_render_gives_the_same_site(tmp_path, monkeypatch):
    from newsarchive import pipeline as pl

    monkeypatch.setattr(pl, "PARALLEL_MIN_PAGES", 10)
    one = make_site(tmp_path / "one", site_yaml="base_url: https://e.org/\nsearch: false\nworkers: 1\n")
    two = make_site(tmp_path / "two", site_yaml="base_url: https://e.org/\nsearch: false\nworkers: 2\n")
    r1, out1 = build_site(one)
    r2, out2 = build_site(two)
    assert (r1.workers, r2.workers) == (1, 2)
    files1 = {p.relative_to(out1): p.read_bytes() for p in out1.rglob("*") if p.is_file()}
    files2 = {p.relative_to(out2): p.read_bytes() for p in out2.rglob("*") if p.is_file()}
    assert files1 == files2
    assert r1.files == r2.files and r1.bytes == r2.bytes


def test_author_pages_are_paginated(tmp_path, monkeypatch):
    """An author with more works than a page holds gets numbered pages: every work on exactly
    one of them, oldest first, each page linking to the others, none broken."""
    from newsarchive import pages

    monkeypatch.setattr(pages, "AUTHOR_PAGE_SIZE", 2)
    site = make_site(tmp_path)
    _, out = build_site(site)
    firsts = sorted(p.parent for p in out.glob("authors/*/index.html"))
    counts = {}
    for folder in firsts:
        lead = re.search(r"收录署名作品 <strong>(\d+)</strong>", folder.joinpath("index.html").read_text("utf-8"))
        counts[folder.name] = int(lead.group(1))
    slug, total = max(counts.items(), key=lambda kv: kv[1])
    assert total >= 3, counts
    n_pages = -(-total // 2)
    seen = []
    for k in range(1, n_pages + 1):
        page = out / "authors" / slug / ("" if k == 1 else f"{k}/") / "index.html"
        html = page.read_text("utf-8")
        seen += re.findall(r'<h2><a href=([^ >]+)>', html)
        assert f'aria-current=page>{k}</strong>' in html
    assert not (out / "authors" / slug / f"{n_pages + 1}").exists()
    assert len(seen) == total and len(set(seen)) == total  # each work once
    assert broken_links(out, prefix="/archive/") == []


def test_the_report_names_the_five_largest_files(built):
    """The build report's largest files: the five biggest on disk, by size then name."""
    _, result, out = built
    on_disk = sorted(((p.relative_to(out).as_posix(), p.stat().st_size) for p in out.rglob("*") if p.is_file()),
                     key=lambda kv: (-kv[1], kv[0]))
    assert result.largest == on_disk[:5] and len(result.largest) == 5
