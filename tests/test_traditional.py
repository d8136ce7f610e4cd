"""The Traditional-script edition: every page exists under zh-hant/, linked both ways."""

from __future__ import annotations

import html
import re

import pytest

from newsarchive.config import load_config
from newsarchive.convert import Converter, prepare_cache
from newsarchive.pipeline import build

from sitekit import broken_links, build_site, make_site, page_links

SITE = "title: 测试档案\nbase_url: https://example.org/archive/\noutput: public\nsearch: false\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("hant"), site_yaml=SITE)
    result, out = build_site(site)
    return site, result, out


def _html_pages(out):
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html") if not p.relative_to(out).as_posix().startswith("zh-hant/"))


def test_every_page_has_a_traditional_twin(built):
    _, _, out = built
    pages = [p for p in _html_pages(out) if p != "404.html"]
    assert len(pages) > 50
    raw = [p for p in pages if "/raw-" in p]
    assert raw
    for rel in pages:
        # the raw-text pages exist once, in the script the text was printed in
        assert (out / "zh-hant" / rel).is_file() != (rel in raw), rel


def test_traditional_text_and_lang(built):
    _, _, out = built
    html = (out / "zh-hant/liaoyuan/2021/10/22/01/index.html").read_text(encoding="utf-8")
    assert '<html lang=zh-Hant-TW ' in html  # s2tw by default: Taiwan's standard forms
    assert "黨史學習教育中央第二督導組到我市調研指導" in html
    assert "本報訊" in html
    assert '"inLanguage":"zh-Hant-TW"' in html  # JSON-LD, compact UTF-8 (issue 16)
    assert 'rel=canonical href=https://example.org/archive/zh-hant/liaoyuan/2021/10/22/01/>' in html
    simplified = (out / "liaoyuan/2021/10/22/01/index.html").read_text(encoding="utf-8")
    assert "党史学习教育中央第二督导组到我市调研指导" in simplified and "黨史" not in simplified


SWITCH = re.compile(r'<li class=site-nav__script><a href=([^ >]+) hreflang=([^ >]+)')  # unquoted (render.shorten)


@pytest.mark.parametrize("rel", [
    "index.html", "liaoyuan/index.html", "liaoyuan/2021/index.html", "dates/index.html", "dates/2021/index.html",
    "dates/2021/10/index.html", "dates/2021/10/22/index.html", "liaoyuan/2021/10/22/index.html",
    "liaoyuan/2021/10/22/01/index.html", "authors/index.html", "authors/wang-yin/index.html", "undated/index.html",
])
def test_script_switch_round_trips_on_every_page_type(built, rel):
    _, _, out = built
    here = out / rel
    href, lang = SWITCH.search(here.read_text(encoding="utf-8")).groups()
    assert lang == "zh-Hant-TW"
    twin = (here.parent / href / "index.html").resolve()
    assert twin == (out / "zh-hant" / rel).resolve()
    back, lang = SWITCH.search(twin.read_text(encoding="utf-8")).groups()
    assert lang == "zh-Hans"
    assert (twin.parent / back / "index.html").resolve() == here.resolve()
    html = here.read_text(encoding="utf-8")
    assert 'hreflang=zh-Hans ' in html and 'hreflang=zh-Hant-TW ' in html and 'hreflang=x-default ' in html


def test_switch_label_shows_the_other_script(built):
    _, _, out = built
    hant = (out / "zh-hant/index.html").read_text(encoding="utf-8")
    hans = (out / "index.html").read_text(encoding="utf-8")
    # written as character references (ASCII), so the conversion cannot touch it (issue 11)
    assert re.search(r'lang=zh-Hans[^>]*>简体</a>', html.unescape(hant))
    assert re.search(r'lang=zh-Hant-TW[^>]*>繁體（臺灣字形）</a>', hans)  # the switch says which forms


def test_traditional_tree_has_no_broken_links(built):
    _, _, out = built
    assert broken_links(out, prefix="/archive/") == []


def test_traditional_pages_link_within_their_edition(built):
    _, _, out = built
    page = out / "zh-hant/liaoyuan/2021/10/22/index.html"
    for link in page_links(page.read_text(encoding="utf-8")):
        target = (page.parent / link).resolve()
        if link.endswith("/") and "site-nav__script" not in link:
            rel = target.relative_to(out.resolve()).as_posix()
            assert rel.startswith("zh-hant") or rel == "liaoyuan/2021/10/22" or "/raw-" in rel, (link, rel)


def test_conversion_is_cached_by_content(built, tmp_path):
    site, result, _ = built
    assert result.convert["converted"] > 0
    config, _ = load_config(site)
    again = build(config, clean=True)  # the same site again, rendered again: every page from the cache
    assert again.convert["converted"] == 0
    assert again.convert["cached"] == result.convert["pages"]


VARIANT_PAGE = ("辽源日报\n2023年5月6日 星期六\n\n软件企业走进社区\n\n"
                "本报讯（记者 王茵）软件和网络信息服务走进社区，居民学会使用鼠标。\n")


@pytest.mark.parametrize("config, want, not_want", [
    # Taiwan phrases: 软件 -> 軟體, 网络 -> 網路, 信息 -> 資訊, 鼠标 -> 滑鼠
    ("s2twp", ["軟體企業走進", "軟體和網路資訊服務", "滑鼠"], ["軟件", "網絡", "信息", "鼠標"]),
    # characters only, no phrases
    ("s2t", ["軟件企業走進社區", "軟件和網絡信息服務", "鼠標"], ["軟體", "網路", "資訊", "滑鼠", "社群"]),
])
def test_variants_can_be_chosen(tmp_path, config, want, not_want):
    """The conversion named in site.yaml is the one the site's Traditional pages are made with."""
    site = make_site(tmp_path, {"variant.txt": VARIANT_PAGE}, site_yaml=SITE + f"traditional: {config}\n")
    result, out = build_site(site)
    assert result.convert["config"] == config
    issue = "zh-hant/liaoyuan/2023/05/06/"
    for rel in (issue + "index.html", issue + "01/index.html"):
        page = html.unescape((out / rel).read_text(encoding="utf-8"))
        for text in want:
            assert text in page, (config, rel, text)
        for text in not_want:
            assert text not in page, (config, rel, text)
    assert "软件企业走进社区" in (out / "liaoyuan/2023/05/06/01/index.html").read_text(encoding="utf-8")


def test_traditional_can_be_switched_off(tmp_path):
    site = make_site(tmp_path, site_yaml=SITE + "traditional: false\n")
    result, out = build_site(site)
    assert not (out / "zh-hant").exists()
    assert "site-nav__script" not in (out / "index.html").read_text(encoding="utf-8")


def test_converter_leaves_markup_alone():
    conv = Converter("s2t")
    html = '<a href="../liaoyuan/" class="x">辽源日报</a> 2021年 <b>发展</b>'
    assert conv.convert(html) == '<a href="../liaoyuan/" class="x">遼源日報</a> 2021年 <b>發展</b>'


def _convert_many(folder, worker, barrier, results):
    try:
        import opencc  # noqa: F401 - loaded before the barrier, so all processes open the cache together

        barrier.wait(timeout=60)
        conv = Converter("s2t", folder)
        try:
            out = [conv.convert(f"第{worker}号进程转换的第{i}段简体文字：发展与改革") for i in range(400)]
        finally:
            conv.close()
        results.put((worker, all("發展與改革" in t for t in out)))
    except Exception as exc:  # noqa: BLE001 - reported to the test
        results.put((worker, repr(exc)))


def test_render_processes_share_a_new_conversion_cache(tmp_path):
    """Render workers open the same cache at the same moment and write to it at the same time
    (in batches, each its own BEGIN IMMEDIATE transaction): none fails with "database is
    locked", and every result ends up in the cache."""
    import multiprocessing
    import sqlite3

    ctx = multiprocessing.get_context("fork")
    folder = tmp_path / "cache"
    prepare_cache("s2t", folder)  # as the build does before it forks its render processes
    barrier, results = ctx.Barrier(6), ctx.Queue()
    procs = [ctx.Process(target=_convert_many, args=(folder, w, barrier, results)) for w in range(6)]
    for p in procs:
        p.start()
    got = dict(results.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(timeout=30)
    assert got == {w: True for w in range(6)}, got
    db = sqlite3.connect(str(folder / "opencc-s2t.sqlite"))
    assert db.execute("SELECT count(*) FROM conv").fetchone()[0] == 6 * 400
    db.close()
