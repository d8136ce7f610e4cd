"""The Traditional-script edition: every page exists under zh-hant/, linked both ways."""

from __future__ import annotations

import re

import pytest

from newsarchive.config import load_config
from newsarchive.convert import Converter
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
    for rel in pages:
        assert (out / "zh-hant" / rel).is_file(), rel


def test_traditional_text_and_lang(built):
    _, _, out = built
    html = (out / "zh-hant/liaoyuan/2021/10/22/01/index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hant"' in html
    assert "黨史學習教育中央第二督導組到我市調研指導" in html
    assert "本報訊" in html
    assert '"inLanguage": "zh-Hant"' in html
    assert 'rel="canonical" href="https://example.org/archive/zh-hant/liaoyuan/2021/10/22/01/"' in html
    simplified = (out / "liaoyuan/2021/10/22/01/index.html").read_text(encoding="utf-8")
    assert "党史学习教育中央第二督导组到我市调研指导" in simplified and "黨史" not in simplified


SWITCH = re.compile(r'<li class="site-nav__script"><a href="([^"]+)" hreflang="([^"]+)"')


@pytest.mark.parametrize("rel", [
    "index.html", "liaoyuan/index.html", "liaoyuan/2021/index.html", "dates/index.html", "dates/2021/index.html",
    "dates/2021/10/index.html", "dates/2021/10/22/index.html", "liaoyuan/2021/10/22/index.html",
    "liaoyuan/2021/10/22/01/index.html", "authors/index.html", "authors/wang-yin/index.html", "undated/index.html",
])
def test_script_switch_round_trips_on_every_page_type(built, rel):
    _, _, out = built
    here = out / rel
    href, lang = SWITCH.search(here.read_text(encoding="utf-8")).groups()
    assert lang == "zh-Hant"
    twin = (here.parent / href / "index.html").resolve()
    assert twin == (out / "zh-hant" / rel).resolve()
    back, lang = SWITCH.search(twin.read_text(encoding="utf-8")).groups()
    assert lang == "zh-Hans"
    assert (twin.parent / back / "index.html").resolve() == here.resolve()
    html = here.read_text(encoding="utf-8")
    assert 'hreflang="zh-Hans"' in html and 'hreflang="zh-Hant"' in html and 'hreflang="x-default"' in html


def test_switch_label_shows_the_other_script(built):
    _, _, out = built
    hant = (out / "zh-hant/index.html").read_text(encoding="utf-8")
    hans = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(r'lang="zh-Hans"[^>]*>简体</a>', hant)
    assert re.search(r'lang="zh-Hant"[^>]*>繁體</a>', hans)


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
            assert rel.startswith("zh-hant") or rel == "liaoyuan/2021/10/22", (link, rel)


def test_conversion_is_cached_by_content(built, tmp_path):
    site, result, _ = built
    assert result.convert["converted"] > 0
    config, _ = load_config(site)
    again = build(config, clean=True)  # the same site again, rendered again: every page from the cache
    assert again.convert["converted"] == 0
    assert again.convert["cached"] == result.convert["pages"]


def test_variants_can_be_chosen(tmp_path):
    site = make_site(tmp_path, site_yaml=SITE + "traditional: s2twp\n")
    result, out = build_site(site)
    assert result.convert["config"] == "s2twp"
    assert "軟體" in Converter("s2twp").convert("软件")


def test_traditional_can_be_switched_off(tmp_path):
    site = make_site(tmp_path, site_yaml=SITE + "traditional: false\n")
    result, out = build_site(site)
    assert not (out / "zh-hant").exists()
    assert "site-nav__script" not in (out / "index.html").read_text(encoding="utf-8")


def test_converter_leaves_markup_alone():
    conv = Converter("s2t")
    html = '<a href="../liaoyuan/" class="x">辽源日报</a> 2021年 <b>发展</b>'
    assert conv.convert(html) == '<a href="../liaoyuan/" class="x">遼源日報</a> 2021年 <b>發展</b>'
