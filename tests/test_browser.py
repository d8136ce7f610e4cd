"""Real-browser tests: the sample site served from a sub-path, clicked through in chromium."""

from __future__ import annotations

import pytest

from sitekit import build_site, make_site, new_page

HOSTILE = (
    "<script>alert('corpus')</script>危险标题\n\n"
    "本报讯(记者 王茵)正文<img src=x onerror=alert(1)><b onmouseover=alert(2)>加粗</b>"
    "<svg onload=alert(3)></svg>[链接](javascript:alert(4))。\n"
)


@pytest.fixture(scope="module")
def site_out(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("browser"), {"hostile.txt": HOSTILE})
    _, out = build_site(site)
    return out


def test_click_through_from_home_to_article(browser, serve, site_out):
    base = serve(site_out, "/archive/")
    context, page, errors, _ = new_page(browser, viewport={"width": 1280, "height": 900})
    page.goto(base)
    assert "测试档案" in page.title()
    page.get_by_role("link", name="辽源日报").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/archive/liaoyuan/")
    page.locator('a[href="2021/"]').first.click()
    page.wait_for_load_state()
    page.locator('a[href="10/22/"]').first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/archive/liaoyuan/2021/10/22/")
    page.get_by_role("link", name="党史学习教育中央第二督导组到我市调研指导").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/archive/liaoyuan/2021/10/22/01/")
    assert page.locator("h1").inner_text().strip() == "党史学习教育中央第二督导组到我市调研指导"
    assert "王茵" in page.locator("body").inner_text()
    # breadcrumbs lead back up
    page.get_by_role("navigation", name="面包屑").get_by_role("link", name="首页").click()
    page.wait_for_load_state()
    assert page.url.rstrip("/").endswith("/archive")
    # the 404 page works at depth (absolute links under the sub-path)
    page.goto(base + "404.html")
    assert page.locator('link[rel="stylesheet"]').count() == 1
    assert errors == []
    context.close()


def test_readable_on_a_phone_without_javascript(browser, serve, site_out):
    base = serve(site_out, "/archive/")
    context, page, errors, _ = new_page(browser, viewport={"width": 360, "height": 800}, java_script_enabled=False)
    for path in ["", "liaoyuan/", "liaoyuan/2021/", "liaoyuan/2021/10/22/", "liaoyuan/2021/10/22/01/",
                 "dates/2021/10/22/", "authors/", "undated/"]:
        page.goto(base + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, (path, overflow)
        assert page.locator("main").inner_text().strip(), path
    context.close()


def test_dark_mode_and_cjk_font(browser, serve, site_out):
    base = serve(site_out, "/archive/")
    context, page, _, _ = new_page(browser, color_scheme="dark")
    page.goto(base + "liaoyuan/2021/10/22/01/")
    bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    channels = [int(x) for x in bg[bg.index("(") + 1: bg.index(")")].split(",")[:3]]
    assert sum(channels) / 3 < 80, bg
    line_height = page.evaluate(
        "(() => { const p = document.querySelector('article p'); const s = getComputedStyle(p);"
        " return parseFloat(s.lineHeight) / parseFloat(s.fontSize); })()")
    assert 1.6 <= line_height <= 2.0
    # the fonts chromium really draws the text with (not only what the stylesheet asks for):
    # the story's text and headline in the CJK serif, the page's furniture in the CJK sans
    # (Debian's fonts-noto-cjk)
    cdp = context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]

    def drawn_with(selector: str) -> dict[str, int]:
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, selector
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        return {f["familyName"]: f["glyphCount"] for f in fonts}

    body = drawn_with(".story__body p")
    assert set(body) == {"Noto Serif CJK SC"} and sum(body.values()) > 20, body
    assert set(drawn_with("h1")) == {"Noto Serif CJK SC"}, drawn_with("h1")
    assert set(drawn_with(".story__issue")) == {"Noto Sans CJK SC"}, drawn_with(".story__issue")
    # a CJK glyph of the body text is exactly as wide as the font is large (full width)
    width, size = page.evaluate(
        "(() => { const s = document.createElement('span'); s.textContent = '国'.repeat(10);"
        " const p = document.querySelector('.story__body p'); p.appendChild(s);"
        " const r = [s.getBoundingClientRect().width, parseFloat(getComputedStyle(s).fontSize)];"
        " s.remove(); return r; })()")
    assert size >= 16 and abs(width - 10 * size) <= 0.02 * 10 * size, (width, size)
    context.close()


def test_hostile_corpus_text_renders_inert(browser, serve, site_out):
    base = serve(site_out, "/archive/")
    context, page, errors, dialogs = new_page(browser)
    visited = 0
    for path in _pages_mentioning(site_out, "危险标题"):
        page.goto(base + path)
        page.mouse.move(200, 200)
        # no script but JSON-LD and the site's own files (static/site.js, static/raw.js)
        scripts = page.evaluate(
            "Array.from(document.scripts).filter(s => s.type !== 'application/ld+json'"
            " && !/\\/static\\/(site|raw)\\.js$/.test(s.src)).map(s => s.outerHTML)")
        assert scripts == [], path
        assert page.locator("img").count() == 0
        assert page.locator("svg[onload]").count() == 0
        visited += 1
    assert visited
    assert dialogs == []
    context.close()


def _pages_mentioning(out, needle: str) -> list[str]:
    found = []
    for path in sorted(out.rglob("*.html")):
        if needle in path.read_text(encoding="utf-8"):
            rel = path.relative_to(out).as_posix()
            found.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return found
