"""Issue 15 without a browser: titles and counts, printed elements, the raw-text page, base_url,
use_directory_urls, the Traditional forms, serve's watcher and closed connections, the CLI."""

from __future__ import annotations

import hashlib
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from newsarchive.cli import main
from newsarchive.config import load_config
from newsarchive.model import Article
from newsarchive.pipeline import build
from newsarchive.rawview import script_lang
from newsarchive.titles import cited_title, display_title, first_sentence, short_sentence
from sitekit import ROOT, broken_links, build_site, make_site, page_links, text_of

# --- titles: nothing made up, nothing cut mid-word ------------------------------------------------

CAPTION = ("日前,梨树县融媒体中心举行“建功十四五、喜迎二十大”篮球赛,8支代表队16场比赛,"
           "历时3天,最终梨树镇代表队夺冠。图为比赛现场。")


def test_photo_title_is_the_designation_and_the_first_sentence_cut_at_punctuation():
    title = display_title(None, "photo", CAPTION)
    assert title == "图片：日前,梨树县融媒体中心举行“建功十四五、喜迎二十大”篮球赛…"
    # never inside the quotation (its 、 is not a place to cut), never mid-word
    assert "建功十四五…" not in title
    assert display_title("镇赉「南湖」: 一池荷花送清凉", "photo", CAPTION) == "镇赉「南湖」: 一池荷花送清凉"
    assert display_title(None, "photo", "") == "图片"
    assert display_title(None, "news", "短讯一则。后文") == "无题：短讯一则"


def test_cut_prefers_a_clause_mark_and_keeps_a_sentence_without_marks_whole():
    assert short_sentence("近年来,铁东区不断加强社会主义精神文明建设,扎实开展文明村镇、文明单位、文明家庭等文明创建活动") \
        == "近年来,铁东区不断加强社会主义精神文明建设…"
    unbroken = "一" * 60
    assert short_sentence(unbroken) == unbroken  # no mark to cut at: whole, not cut inside a word
    assert short_sentence("短句。") == "短句"
    assert first_sentence("他说：“好。走吧！”然后离开。再见") == "他说：“好。走吧！”然后离开"


def test_citation_uses_what_is_printed():
    assert cited_title(None, "photo", CAPTION) == "[图片]" + CAPTION.split("。")[0]
    assert cited_title("党史学习教育中央第二督导组到我市调研指导", "news", "…") == "党史学习教育中央第二督导组到我市调研指导"


def test_one_definition_of_an_article():
    assert Article(kind="news").is_article and Article(kind="notice").is_article
    assert not Article(kind="photo").is_article


# --- a built sample site ----------------------------------------------------------------------------

SIDE = {"002_0078cb0db730c42f.yaml": "page: 1\nedition: 要闻版\n"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("readers"), SIDE)
    result, out = build_site(site)
    return result, out


def _read(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def _n(pattern: str, html: str) -> list[int]:
    return [int(x) for x in re.findall(pattern, text_of(html))]


def test_every_count_uses_the_same_definition(built):
    result, out = built
    home = _read(out, "index.html")
    cards = dict(re.findall(r'card__title><a href=([a-z]+)/>.*?<span>\d+ 期</span><span>(\d+) 篇</span>', home, re.S))
    assert cards
    total = 0
    for slug, n in cards.items():
        issues = [p for p in (out / slug).rglob("index.html") if re.fullmatch(r"(\d{4}/\d\d/\d\d|undated/[0-9a-f]{8})",
                                                                               p.parent.relative_to(out / slug).as_posix())]
        counted = 0
        for page in issues:
            html = page.read_text(encoding="utf-8")
            shown = re.search(r"本期目录 (\d+) 篇文章(?:、(\d+) 幅图片)?", text_of(html))
            articles, photos = int(shown.group(1)), int(shown.group(2) or 0)
            # an item's kind is on its li, none for news (the usual kind: issue 16)
            listed = [k or "news" for k in re.findall(r'<li(?: class=item--(\w+))?><article>', html)]
            assert len(listed) == articles + photos, page  # what the table of contents says it lists
            assert photos == listed.count("photo"), page
            counted += articles
        assert counted == int(n), slug  # the paper's card counts the same articles
        total += counted
    stats = re.search(r"<dt>文章</dt><dd><strong>(\d+)</strong>", home)
    assert int(stats.group(1)) == total == result.load.article_count  # and the build report
    day = text_of(_read(out, "dates/2021/10/22/index.html"))
    assert "收录 5 篇文章" in day


def test_untitled_photo_page_title_and_citation(built):
    _, out = built
    photo = next(p for p in out.rglob("[0-9][0-9]/index.html")
                 if "story--photo" in p.read_text(encoding="utf-8") and "图片：" in p.read_text(encoding="utf-8"))
    html = photo.read_text(encoding="utf-8")
    h1 = re.search(r'<h1 class=story__headline>([^<]+)</h1>', html).group(1)
    assert h1.startswith("图片：") and (h1.endswith("…") or "。" not in h1)
    assert re.search(r"<title>" + re.escape(h1), html)
    cite = re.search(r'cite__text>([^<]+)<', html).group(1)
    assert "[图片]" in cite and "…" not in cite
    assert "原报没有印出图片标题" in html


def test_labels_and_banners_above_their_articles_and_the_edition(built):
    _, out = built
    issue = _read(out, "liaoyuan/2020/07/06/index.html")
    assert re.search(r'<p class=column-label><span>新闻特写</span>\s*<h3><a [^>]*>省委第九巡视组巡视辽源市公告', issue)  # </p> implied
    assert re.search(r'<span>聚焦补齐思想观念短板 推动辽源高质量转型发展</span>\s*(<p class=kicker>[^<]*\s*)?<h3', issue, re.S)
    article = next(p for p in (out / "baicheng").rglob("index.html") if "成来电气" in p.read_text(encoding="utf-8")
                   and "story__headline" in p.read_text(encoding="utf-8"))
    assert 'story__label"><span>政务之窗·微白城</span>' in article.read_text(encoding="utf-8")
    first = _read(out, "liaoyuan/2021/10/22/01/index.html")
    assert "<span>第1版 · 要闻版</span>" in first  # the sidecar's edition beside the page number
    assert "第1版 · 要闻版" in text_of(_read(out, "liaoyuan/2021/10/22/index.html"))


def test_raw_text_page_numbers_every_line_once_in_its_own_script(built):
    _, out = built
    raw = _read(out, "liaoyuan/2021/10/22/raw-1/index.html")
    source = (ROOT / "corpus/002_0078cb0db730c42f.txt").read_text(encoding="utf-8").splitlines()
    ids = re.findall(r'<p id=L(\d+)>', raw)
    assert [int(i) for i in ids] == list(range(1, len(source) + 1))
    # a line with text is a link to itself; an empty line is its anchor alone, numbered by the
    # stylesheet's counter of the lines (issue 16: half a page's lines are empty)
    linked = re.findall(r'<p id=L(\d+)><a href=#L\1>\1</a>', raw)
    assert [int(i) for i in linked] == [n for n, line in enumerate(source, 1) if line]
    assert [int(i) for i in re.findall(r'<p id=L(\d+)>(?=<p |</p>|</div>)', raw)] == [
        n for n, line in enumerate(source, 1) if not line]
    view = raw[raw.index('<div class=raw '):raw.index("</main>")]  # a line is closed only before a range's anchor
    assert view.count("</p>") == view.count('</p><span class=raw__range') == 5
    css = (ROOT / "src/newsarchive/theme/static/style.css").read_text(encoding="utf-8")
    assert ".raw { counter-reset: ln; }" in css and "counter-increment: ln;" in css
    assert ".raw > p:empty::before { content: counter(ln); }" in css
    assert 'id=L26-L62>' in raw and 'id=L28-L78>' in raw  # each article's range is an anchor
    assert re.search(r'<span data-item=1>本报讯\(记者 王茵\)10月20日', raw)  # the item's text, marked
    # the parser's roles are for editors: only the pages `serve` builds carry them (issue 16)
    assert "data-role" not in raw and "data-p=" not in raw and "role-key" not in raw
    assert 'class=u--masthead>' in raw
    body = raw[raw.index('<div class=raw '):raw.index("</main>")]
    body = re.sub(r"<[^>]+>", "", re.sub(r'<a href=#L\d+>\d+</a>', "", body))
    import html as _html
    assert "".join(_html.unescape(body).split()) == "".join("".join(source).split())  # all of it, as printed
    assert not (out / "zh-hant/liaoyuan/2021/10/22/raw-1").exists()  # once, never converted
    article = _read(out, "zh-hant/liaoyuan/2021/10/22/01/index.html")
    assert 'href=../../../../../../liaoyuan/2021/10/22/raw-1/#L26-L62>' in article
    assert script_lang("本報訊 這是國會的說明") == "zh-Hant" and script_lang("本报讯 这是国会的说明") == "zh-Hans"


@pytest.fixture(scope="module")
def editor_built(tmp_path_factory):
    """The site as `serve` builds it (config.editor)."""
    site = make_site(tmp_path_factory.mktemp("editor"), SIDE)
    return build_site(site, editor=True)


def test_raw_text_units_carry_the_parsers_role_and_probability(editor_built):
    """Issue 14: in the pages `serve` builds every unit of the raw view names the role the
    parser gave it and the model's probability, exactly as `parse --explain` reads the page;
    the key lists the roles used and is hidden (serve's script shows it). Issue 16: the
    published build leaves both out (test above)."""
    import html as _h

    from parsekit import parse_text

    _, out = editor_built
    raw = _read(out, "liaoyuan/2021/10/22/raw-1/index.html")
    text = (ROOT / "corpus/002_0078cb0db730c42f.txt").read_text(encoding="utf-8")
    pf = parse_text(text, "002_0078cb0db730c42f.txt")
    shown: dict[tuple[int, int], tuple[str, str]] = {}  # (line, character) -> (role, p) as shown
    for no, body in re.findall(r'<p id=L(\d+)>(?:<a href=#L\1>\d+</a>)?(?:<span>(.*?)</span>)?(?=</p>|<p id=L|</div>)', raw):
        at = 0
        for attrs, inner, bare in re.findall(r'<span class=(?:u|"u[^"]*")([^>]*)>([^<]*)</span>|([^<]+)', body):
            piece = _h.unescape(inner or bare)
            role = re.search(r'data-role=([^ >]+) data-p=([^ >]+)', attrs or "")
            for k in range(len(piece)):
                shown[(int(no), at + k)] = role.groups() if role else ("", "")
            at += len(piece)
    assert pf.roles
    for line, start, end, role, p in pf.roles:
        assert {shown[(line, k)] for k in range(start, end)} == {(role, f"{p:.2f}")}, (line, start, end, role)
    key = re.search(r'<aside class=role-key aria-labelledby=role-key-title hidden>(.*?)</aside>', raw, re.S)
    assert key, "the key of roles is on the page, hidden"
    listed = re.findall(r'data-role=([^ >]+)>([^<]+)<', key.group(1))
    assert {r for r, _ in listed} == {r[3] for r in pf.roles}
    assert ("B-head", "标题") in listed and ("body", "正文") in listed


def test_raw_text_page_escapes_the_corpus(tmp_path):
    site = make_site(tmp_path, {"x.txt": "<script>alert(1)</script>标题\n\n本报讯 正文<img src=x onerror=alert(2)>。\n"})
    _, out = build_site(site)
    page = next(p for p in out.rglob("raw-1/index.html") if "alert(2)" in p.read_text(encoding="utf-8"))
    html = page.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;标题" in html


def test_header_search_form_on_every_page(built):
    _, out = built
    pages = [p for p in out.rglob("*.html")]
    assert len(pages) > 100
    for p in pages:
        html = p.read_text(encoding="utf-8")
        form = re.search(r'<form class=site-search role=search aria-label=全站(?:检索|檢索) action=([^ >]+)>',
                         html)
        assert form, p
        target = (p.parent / form.group(1)).resolve() if not form.group(1).startswith("/") else out / form.group(1)[len("/archive/"):]
        assert (target / "index.html").is_file(), (p, form.group(1))


# --- base_url ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def no_base(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("nobase"), site_yaml="title: 测试档案\noutput: public\nsearch: false\n")
    result, out = build_site(site)
    return result, out


def test_without_base_url_no_page_shows_a_site_relative_url(no_base):
    _, out = no_base
    for p in out.rglob("*.html"):
        html = p.read_text(encoding="utf-8")
        visible = text_of(re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S))
        assert not re.search(r"(网址|本页地址)：\s*/", visible), p
        assert not re.search(r'rel=canonical href=/', html) and not re.search(r'hreflang=[^ >]+ href=/', html), p
        assert "og:url" not in html
    article = _read(out, "liaoyuan/2021/10/22/01/index.html")
    assert '<link rel=canonical href=./>' in article
    # both editions are still alternates of each other, by page-relative address
    assert re.findall(r'<link rel=alternate hreflang=([^ >]+) href=([^ >]+)>', article) == [
        ("zh-Hans", "./"), ("zh-Hant-TW", "../../../../../zh-hant/liaoyuan/2021/10/22/01/"), ("x-default", "./")]
    assert re.search(r'<p class=cite__url>网址：<span class="url needs-url" data-href=\./></span>', article)
    # the 404 page finds its root itself (it is served at any depth)
    notfound = _read(out, "404.html")
    assert 'fetch(tried[k] + "404.html"' in notfound and 'href=/static/style.css>' in notfound
    assert broken_links(out, prefix="/") == []


def test_with_base_url_addresses_are_absolute_and_the_404_needs_no_script(built):
    _, out = built
    article = _read(out, "liaoyuan/2021/10/22/01/index.html")
    assert "网址：<span class=url>https://example.org/archive/liaoyuan/2021/10/22/01/</span>" in article
    notfound = _read(out, "404.html")
    assert "<script>" not in notfound and 'href=/archive/static/style.css>' in notfound


def test_robots_txt_only_at_a_domain_root(tmp_path):
    site = make_site(tmp_path, site_yaml="title: t\nbase_url: https://archive.example.org/\noutput: public\n"
                                         "search: false\ntraditional: false\ndata: false\n")
    result, out = build_site(site)
    assert _read(out, "robots.txt") == "User-agent: *\nAllow: /\nSitemap: https://archive.example.org/sitemap.xml\n"
    assert not [d for d in result.load.diagnostics if d.code == "robots-subpath"]


def test_a_site_under_a_sub_path_is_told_where_its_sitemap_line_goes(tmp_path):
    from newsarchive.pages import robots_note

    (tmp_path / "site.yaml").write_text("title: t\nbase_url: https://example.org/archive/\n", encoding="utf-8")
    config, _ = load_config(tmp_path)
    note = robots_note(config, {"base_url": "https://example.org/archive/", "base_path": "/archive/"})
    assert (note.code, note.line) == ("robots-subpath", 2)
    assert note.message == ("no robots.txt: the site is published under /archive/ and crawlers read robots.txt "
                            "only at https://example.org/robots.txt")
    assert note.hint == ("add `Sitemap: https://example.org/archive/sitemap.xml` to https://example.org/robots.txt, "
                         "or submit the sitemap in Google Search Console or Bing Webmaster Tools")


def test_init_writes_base_url(tmp_path, capsys):
    assert main(["init", str(tmp_path / "a"), "--base-url", "https://example.org/archive"]) == 0
    config, diags = load_config(tmp_path / "a")
    assert config.base_url == "https://example.org/archive/" and not diags
    assert main(["init", str(tmp_path / "b")]) == 0
    out = capsys.readouterr().out
    assert "set base_url in" in out and "newsarchive serve" in out
    assert main(["check", "--root", str(tmp_path / "b")]) == 0
    assert "warning: base_url '/' is not absolute" in capsys.readouterr().out
    assert main(["init", str(tmp_path / "c"), "--base-url", "/archive/"]) == 2
    assert "is not an absolute address" in capsys.readouterr().err


# --- use_directory_urls: false ------------------------------------------------------------------------


def test_use_directory_urls_false_links_every_page_by_its_index_html(tmp_path):
    site = make_site(tmp_path, site_yaml="title: t\noutput: public\nuse_directory_urls: false\n")
    _, out = build_site(site)
    for p in list(out.rglob("*.html"))[:400]:
        for link in page_links(p.read_text(encoding="utf-8")):
            if "://" in link or link.startswith(("#", "mailto:")):
                continue
            path = link.split("#")[0].split("?")[0]
            assert not path.endswith("/") and path != "", (p, link)
    assert broken_links(out, prefix="/") == []  # (the 404 page's links start at the root)
    # a folder link leads to that folder's index.html, not to any index.html that exists
    article = out / "liaoyuan/2021/10/22/01/index.html"
    targets = {(article.parent / link.split("#")[0]).resolve() for link in page_links(article.read_text(encoding="utf-8"))
               if "://" not in link and not link.startswith(("#", "mailto:"))}
    for folder in ("liaoyuan/2021/10/22", "liaoyuan", "dates", "authors/wang-yin", "zh-hant/liaoyuan/2021/10/22/01"):
        assert (out / folder / "index.html").resolve() in targets, folder
    search = _read(out, "search/index.html")
    assert "data-index-html" in search


# --- the Traditional edition -----------------------------------------------------------------------


def test_traditional_edition_prints_taiwan_forms_by_default(built):
    _, out = built
    html = _read(out, "zh-hant/liaoyuan/2021/10/22/index.html")
    assert "為群眾辦實事" in html and "爲羣衆" not in html
    assert '<html lang=zh-Hant-TW ' in html
    search = _read(out, "zh-hant/search/index.html")
    frm = re.search(r'data-variant-from=([^ >]*) data-variant-to=([^ >]*)', search)
    import html as _html
    pairs = dict(zip(_html.unescape(frm.group(1)), _html.unescape(frm.group(2))))
    assert pairs["爲"] == "為" and pairs["羣"] == "群" and pairs["衆"] == "眾"  # search results in the same forms


# --- serve: folders, not file handles; closed connections ------------------------------------------


def test_serve_sees_every_atomic_save_of_site_yaml(tmp_path):
    from newsarchive.serve import serve

    site = make_site(tmp_path, site_yaml="title: 一\noutput: public\nsearch: false\ntraditional: false\ndata: false\n")
    config, _ = load_config(site)
    titles: list[str] = []

    def rebuild() -> str:
        fresh, _ = load_config(site)
        build(fresh)
        titles.append(fresh.title)
        return ""

    rebuild()
    stop, ready = threading.Event(), threading.Event()
    thread = threading.Thread(target=serve, kwargs=dict(config=config, rebuild=rebuild, port=0, stop=stop,
                                                        ready=lambda url: ready.set()), daemon=True)
    thread.start()
    assert ready.wait(10)
    time.sleep(0.5)
    try:
        for title in ("二", "三", "四"):  # as editors save: write a temporary file, rename it over
            tmp = site / ".site.yaml.swp"
            tmp.write_text(f"title: {title}\noutput: public\nsearch: false\ntraditional: false\ndata: false\n",
                           encoding="utf-8")
            os.replace(tmp, site / "site.yaml")
            end = time.time() + 20
            while titles[-1] != title and time.time() < end:
                time.sleep(0.1)
            assert titles[-1] == title, titles
    finally:
        stop.set()
        thread.join(10)


def test_serve_prints_no_traceback_when_a_browser_closes_the_connection(tmp_path):
    site = make_site(tmp_path, {"big.txt": ("本报讯 " + "很长的正文。" * 20000 + "\n")},
                     site_yaml="title: t\noutput: public\nsearch: false\ntraditional: false\ndata: false\n")
    code = (
        "import sys\n"
        "from newsarchive.cli import main\n"
        f"sys.exit(main(['serve', '--root', {str(site)!r}, '--port', '0', '--no-watch']))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        end = time.time() + 60
        while "serving" not in line and time.time() < end:
            line = proc.stdout.readline()
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", line).group(1))
        big = next(p for p in (site / "public").rglob("raw-1/index.html") if p.stat().st_size > 100_000)
        rel = big.relative_to(site / "public").as_posix()
        for _ in range(5):  # ask for a big file and hang up at once, as a closed tab does
            s = socket.create_connection(("127.0.0.1", port))
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            s.sendall(f"GET /{rel} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            s.recv(100)
            s.close()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as r:  # noqa: S310 - still serving
            assert r.status == 200
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert "Traceback" not in err and "BrokenPipe" not in err and "ConnectionReset" not in err, err


# --- the command line ------------------------------------------------------------------------------


def test_help_lists_one_line_per_command_with_examples(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "The only module that prints" not in out and "``" not in out
    commands = re.findall(r"^    (\w+) +(\S.*)$", out, re.M)
    assert [c for c, _ in commands] == ["serve", "build", "check", "init", "parse", "label", "train", "project"]
    assert all(len(line) <= 100 for line in out.splitlines())
    assert "examples:" in out and "newsarchive serve" in out
    for command in ("serve", "build", "check", "init", "parse"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        sub = capsys.readouterr().out
        assert "examples:" in sub and f"newsarchive {command}" in sub.split("examples:")[1], command


def test_type_errors_name_the_type_in_words(tmp_path, capsys):
    (tmp_path / "site.yaml").write_text("workers: many\nsearch: 3\n", encoding="utf-8")
    assert main(["check", "--root", str(tmp_path)]) == 2
    out = capsys.readouterr().out
    assert "site.yaml:1: error: `workers` should be a whole number, not text" in out
    assert "site.yaml:2: error: `search` should be true or false, not a whole number" in out
    assert "a int" not in out


# --- the vendored accessibility engine ---------------------------------------------------------------


def test_vendored_axe_core_is_the_pinned_release():
    axe = ROOT / "tests/vendor/axe-core/axe.min.js"
    assert hashlib.sha256(axe.read_bytes()).hexdigest() == \
        "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
    assert axe.read_text(encoding="utf-8").startswith("/*! axe v4.14.1")


def test_a_build_after_serve_equals_a_clean_build(tmp_path):
    """Issue 16: `serve` builds with the parser's roles (config.editor), `build` without; a
    build over what serve left is byte for byte the clean build, and serve's pages differ only
    in the raw-text views."""
    site = make_site(tmp_path / "a", SIDE)
    _, out = build_site(site, editor=True)
    served = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    _, out = build_site(site)
    after = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    clean_site = make_site(tmp_path / "b", SIDE)
    _, clean_out = build_site(clean_site)
    clean = {p.relative_to(clean_out).as_posix(): p.read_bytes() for p in clean_out.rglob("*") if p.is_file()}
    assert after == clean
    differ = {rel for rel in clean if served.get(rel) != clean[rel]}
    assert differ and all(re.search(r"/raw-\d+/index\.html$", rel) for rel in differ), sorted(differ)[:5]


def test_script_lang_counts_what_a_loop_over_the_characters_counts():
    """``script_lang`` counts with the regex engine; the count is the plain loop's."""
    import random

    from newsarchive import rawview

    rng = random.Random(16)
    pool = sorted(rawview._HANT_ONLY | rawview._HANS_ONLY) + list("的了在是报讯 \n①Ａa-[]^\\")
    for _ in range(300):
        text = "".join(rng.choice(pool) for _ in range(rng.randrange(0, 40)))
        hant = sum(1 for ch in text if ch in rawview._HANT_ONLY)
        hans = sum(1 for ch in text if ch in rawview._HANS_ONLY)
        assert script_lang(text) == ("zh-Hant" if hant > hans else "zh-Hans"), text
