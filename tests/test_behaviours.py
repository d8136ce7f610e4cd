"""Behaviours a reader or an editor relies on, each written so that a one-line bug in the core
code that breaks it makes a test here fail (issue 12 planted such bugs, one at a time, and
shows the table in ``benchmarks/RESULTS.md``):

- a byline in full-width ``（记者 王茵）`` or half-width ``(记者 王茵)`` brackets names its authors;
- pages of two papers printed on the same day are two issues;
- a rebuild whose only change is a deleted corpus file unpublishes that file's pages, and leaves
  no empty folder behind;
- a caption, headline, body or byline holding ``&lt;img onerror=…&gt;`` is shown as text on every
  page type and never becomes a live element;
- the search postings format round-trips every value at every varint boundary, through the
  format and through the reference client;
- every incremental build after any sequence of edits (text, bylines, authors whose slugs
  collide, sidecars, templates, deletions) equals a clean build byte for byte;
- a split correction keeps each caption under its own article; a correction that only adds a
  note shows the note.

(A build killed while committing, followed by a build of *changed* input, is in
``test_incremental.py``.)
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsarchive import search, urls
from newsarchive.search.format import decode_postings, read_varint, varints

from parsekit import parse_text
from safekit import new_site, settle, snapshot
from sitekit import build_site

SITE_YAML = "title: 测试档案\nbase_url: https://example.org/archive/\noutput: public\n"
FAST = SITE_YAML + "search: false\ntraditional: false\n"


def page(paper: str, day: str, headline: str, byline: str, body: str = "正文第一段，记者走访了多家企业。") -> str:
    """One printed page: masthead (paper, date), a headline, a 本报讯 lead with its byline."""
    return f"{paper}\n{day} 星期六\n\n{headline}\n\n本报讯{byline}{body}\n\n第二段正文，会议要求抓住农时。\n"


def build(site: Path):
    result, out = build_site(site)
    settle()
    return result, out


def clean_copy_build(site: Path, scratch: Path) -> dict:
    """Copy ``site`` without its output and build state, build the copy from nothing, and
    snapshot its output (folders included)."""
    dest = scratch / f"clean-{len(list(scratch.glob('clean-*')))}"
    shutil.copytree(site, dest, ignore=lambda d, names: [n for n in names if Path(d) == site and n.startswith(
        ("public", ".public", ".cache"))])
    _, out = build(dest)
    snap = snapshot(out)
    shutil.rmtree(dest)
    return snap


def differences(a: dict, b: dict) -> str:
    only_a = sorted(set(a) - set(b))
    only_b = sorted(set(b) - set(a))
    changed = sorted(k for k in set(a) & set(b) if a[k] != b[k])
    return (f"only in the incremental build: {only_a[:8]}\nonly in the clean build: {only_b[:8]}\n"
            f"different bytes: {changed[:8]}")


# --------------------------------------------------------------------------- bylines


@pytest.mark.parametrize("open_, close", [("（", "）"), ("(", ")")], ids=["full-width", "half-width"])
def test_a_byline_in_either_kind_of_bracket_names_its_authors(open_, close):
    pf = parse_text(f"市里召开春耕生产调度会议\n\n本报讯{open_}记者 王茵 李雪{close}5日，市里召开春耕生产调度会议。\n")
    (art,) = [a for a in pf.articles if a.headline]
    assert art.headline == "市里召开春耕生产调度会议"
    assert art.authors == ["王茵", "李雪"]
    assert art.byline and "王茵" in art.byline
    assert art.paragraphs[0].text.startswith("5日"), art.paragraphs[0].text


# --------------------------------------------------------------------------- one built site


@pytest.fixture(scope="module")
def two_papers(tmp_path_factory):
    """Two papers printed on 2023-05-06 (full-width and half-width bylines), one more issue."""
    files = {
        "a.txt": page("辽源日报", "2023年5月6日", "辽源召开春耕生产调度会议", "（记者 王茵）"),
        "b.txt": page("白城日报", "2023年5月6日", "白城举办农民丰收节活动", "(记者 李雪)"),
        "c.txt": page("辽源日报", "2023年5月8日", "龙山区开展植树造林活动", "（记者 张磊）"),
    }
    site = new_site(tmp_path_factory.mktemp("behaviours"), site_yaml=FAST, files=files, seeds=False)
    result, out = build(site)
    return result, out


def test_bylines_in_either_bracket_give_author_pages(two_papers):
    _, out = two_papers
    for slug, headline in (("wang-yin", "辽源召开春耕生产调度会议"), ("li-xue", "白城举办农民丰收节活动")):
        author = out / "authors" / slug / "index.html"
        assert author.is_file(), sorted(p.name for p in (out / "authors").iterdir())
        assert headline in author.read_text(encoding="utf-8")


def test_two_papers_printed_on_one_day_are_two_issues(two_papers):
    result, out = two_papers
    assert result.issues == 3
    liaoyuan = (out / "liaoyuan/2023/05/06/index.html").read_text(encoding="utf-8")
    baicheng = (out / "baicheng/2023/05/06/index.html").read_text(encoding="utf-8")
    assert "辽源召开春耕生产调度会议" in liaoyuan and "白城举办农民丰收节活动" not in liaoyuan
    assert "白城举办农民丰收节活动" in baicheng and "辽源召开春耕生产调度会议" not in baicheng
    issue = json.loads((out / "baicheng/2023/05/06/issue.json").read_text(encoding="utf-8"))
    assert issue["paper"] == "白城日报"
    assert [a["headline"] for a in issue["articles"]] == ["白城举办农民丰收节活动"]
    day = (out / "dates/2023/05/06/index.html").read_text(encoding="utf-8")
    assert "liaoyuan/2023/05/06/" in day and "baicheng/2023/05/06/" in day


# --------------------------------------------------------------------------- author URLs


def test_reporters_whose_names_read_alike_get_an_author_page_each(tmp_path):
    """王茵 and 王因 both read wang-yin: the earlier name in code-point order (王因) keeps the
    plain slug, the other gets 6 hex digits of its SHA-1, and these URLs never change."""
    files = {"a.txt": page("辽源日报", "2023年5月6日", "辽源召开春耕生产调度会议", "（记者 王茵）"),
             "b.txt": page("辽源日报", "2023年5月8日", "龙山区开展植树造林活动", "（记者 王因）")}
    _, out = build(new_site(tmp_path, site_yaml=FAST, files=files, seeds=False))
    pages = {p.parent.name: p.read_text(encoding="utf-8") for p in (out / "authors").glob("*/index.html")}
    assert sorted(pages) == ["wang-yin", "wang-yin-c9dad5"]
    assert "龙山区开展植树造林活动" in pages["wang-yin"] and "辽源召开春耕生产调度会议" not in pages["wang-yin"]
    assert "辽源召开春耕生产调度会议" in pages["wang-yin-c9dad5"]


def test_a_name_without_any_pinyin_has_a_stable_author_url():
    """A name of symbols only gets ``a-`` and 8 hex digits of its SHA-1 (not a random or empty slug)."""
    assert urls.author_slug("★") == "a-43ca686a"
    assert urls.author_url(urls.author_slugs(["---", "王茵"])["---"]) == "authors/a-58b63e27/"


def test_a_citation_names_three_authors_and_then_et_al():
    """GB/T 7714: up to three authors in full; with more, the first three and 等."""
    from types import SimpleNamespace

    from newsarchive.pages import cite

    issue = {"date": date(2021, 10, 22), "paper": "辽源日报"}
    four = SimpleNamespace(authors=["王茵", "李雪", "张磊", "夏景明"])
    assert cite(four, issue, 1, "标题") == "王茵, 李雪, 张磊, 等. 标题[N]. 辽源日报, 2021-10-22(1)."
    three = SimpleNamespace(authors=["王茵", "李雪", "张磊"])
    assert cite(three, issue, None, "标题") == "王茵, 李雪, 张磊. 标题[N]. 辽源日报, 2021-10-22."


# --------------------------------------------------------------------------- deletion-only rebuild


@pytest.fixture
def old_files(monkeypatch):
    """Corpus files as a real site has them, written long before the build: their stat is
    trusted at once (the build may then find the site up to date without reading them)."""
    from newsarchive import records

    monkeypatch.setattr(records, "RACY_NS", 0)


def test_a_rebuild_whose_only_change_is_a_deletion_unpublishes_the_file(tmp_path, old_files):
    files = {
        "a.txt": page("辽源日报", "2023年5月6日", "辽源召开春耕生产调度会议", "（记者 王茵）"),
        "sub/deep/c.txt": page("辽源日报", "2023年5月8日", "龙山区开展植树造林活动", "（记者 张磊）"),
    }
    site = new_site(tmp_path, site_yaml=FAST, files=files, seeds=False)
    _, out = build(site)
    gone = "liaoyuan/2023/05/08/"
    assert (out / gone / "01" / "index.html").is_file()
    assert (out / "authors" / "zhang-lei" / "index.html").is_file()
    (site / "corpus" / "sub" / "deep" / "c.txt").unlink()  # nothing else changes
    result, out = build(site)
    assert result.load.article_count == 1 and result.issues == 1
    left = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and any(
        gone in p.as_posix() for gone in ("2023/05/08", "05-08", "zhang-lei"))]
    assert not left, f"pages of the deleted file are still published: {left}"
    everywhere = [p.relative_to(out).as_posix() for p in out.rglob("*.html")
                  if "龙山区开展植树造林活动" in p.read_text(encoding="utf-8")]
    assert not everywhere, f"the deleted article is still listed on {everywhere}"
    empty = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_dir() and not any(p.iterdir())]
    assert not empty, f"empty folders left behind: {empty}"
    assert snapshot(out) == clean_copy_build(site, tmp_path), differences(snapshot(out),
                                                                          clean_copy_build(site, tmp_path))


# --------------------------------------------------------------------------- hostile text on every page type


EVIL = "&lt;img src=x onerror=alert(1)&gt;"
"""Entity-encoded markup as web dumps hold it: the parser decodes it to ``<img …>`` text."""

HOSTILE_PAGE = f"""辽源日报
2023年5月6日 星期六

标题{EVIL}新闻

本报讯（记者 王茵{EVIL}）正文第一段有{EVIL}内容，记者走访了多家企业。

第二段正文继续。

图为{EVIL}市民在广场上锻炼。
本报记者 李雪 摄
"""


HOSTILE_SIDECAR = """\
articles:
  - line: 6
    byline: "记者 王茵<img src=x onerror=alert(3)>"
    authors: ["王茵<img src=x onerror=alert(4)>"]
"""
"""An editor's correction puts markup (not entity-encoded) in the byline and an author's name."""


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.lower().startswith("on") or tag == "img" and name == "src" and value == "x":
                self.live.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("hostile"), site_yaml=SITE_YAML, seeds=False,
                    files={"evil.txt": HOSTILE_PAGE, "evil.yaml": HOSTILE_SIDECAR})
    _, out = build(site)
    return out


PAGE_TYPES = {
    # page type: its file and the fields whose hostile text it shows
    "issue": ("liaoyuan/2023/05/06/index.html", ["标题<img", "有<img", "王茵<img src=x onerror=alert(3)>"]),
    "article": ("liaoyuan/2023/05/06/01/index.html", ["标题<img", "有<img", "图为<img", "alert(3)", "alert(4)"]),
    "article (Traditional)": ("zh-hant/liaoyuan/2023/05/06/01/index.html", ["有<img", "alert(3)", "alert(4)"]),
    "author": ("authors/AUTHOR/index.html", ["标题<img", "王茵<img src=x onerror=alert(4)>"]),
    "authors": ("authors/index.html", ["王茵<img src=x onerror=alert(4)>"]),
    "date": ("dates/2023/05/06/index.html", ["标题<img"]),
    "on this day": ("on-this-day/05-06/index.html", ["标题<img"]),
    "raw text": ("liaoyuan/2023/05/06/raw-1/index.html", ["标题&lt;img"]),
    "feed": ("feed.xml", ["标题<img"]),
    "paper feed": ("liaoyuan/feed.xml", ["标题<img"]),
}


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_hostile_text_is_shown_as_text_on_every_page_type(hostile_site, kind):
    rel, shown = PAGE_TYPES[kind]
    if "AUTHOR" in rel:
        (author,) = [p.name for p in (hostile_site / "authors").iterdir() if p.name.startswith("wang-yin")]
        rel = rel.replace("AUTHOR", author)
    raw = (hostile_site / rel).read_text(encoding="utf-8")
    tags = _Tags()
    tags.feed(raw)
    assert not tags.live, f"{rel}: live markup from the text: {tags.live}"
    assert "<img" not in raw.replace("&lt;img", ""), rel
    # not vacuous: the page does show the hostile text, as text
    text = _text(raw)
    for needle in shown:
        assert needle in text, f"{rel} does not show {needle!r}"


def _text(html: str) -> str:
    out: list[str] = []

    class P(HTMLParser):
        def handle_data(self, data):
            out.append(data)

    P(convert_charrefs=True).feed(html)
    return "".join(out)


def test_no_live_element_from_the_text_anywhere_in_the_output(hostile_site):
    found = []
    for path in sorted(hostile_site.rglob("*")):
        if path.suffix in (".html", ".xml", ".svg"):
            tags = _Tags()
            tags.feed(path.read_text(encoding="utf-8"))
            found += [(path.relative_to(hostile_site).as_posix(), t) for t in tags.live]
        elif path.suffix == ".json":  # data: the text as a string value, decoded once
            data = path.read_text(encoding="utf-8")
            json.loads(data)
    assert not found, found
    from sitekit import article_record

    art = article_record(hostile_site, "liaoyuan/2023/05/06/01")
    assert art["headline"] == "标题<img src=x onerror=alert(1)>新闻"
    assert art["figures"][0]["caption"].startswith("图为<img src=x onerror=alert(1)>")


def test_hostile_text_is_found_by_search_as_text(hostile_site):
    client = search.Client.from_folder(hostile_site)
    res = client.search("onerror")
    assert res.total == 1
    (doc,) = res.texts.values()
    assert any("<img src=x onerror=alert(1)>" in str(v) for v in doc.values()), doc


# --------------------------------------------------------------------------- search postings format


BOUNDARIES = [0, 1, 126, 127, 128, 129, 255, 256, 16383, 16384, 16385, 65535, 65536,
              2**21 - 1, 2**21, 2**28 - 1, 2**28, 2**32 - 1]
values = st.one_of(st.sampled_from(BOUNDARIES), st.integers(0, 2**32 - 1))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(values, max_size=40))
@example([128])
@example([127, 128])
@example([16384])
def test_varints_round_trip_at_every_boundary(vals):
    buf = varints(vals)
    i, back = 0, []
    for _ in vals:
        v, i = read_varint(buf, i)
        back.append(v)
    assert back == vals and i == len(buf)


@st.composite
def postings(draw):
    """A posting list as the indexer writes it: doc deltas, ``2*tf + in-head``, head counts,
    absolute positions; every value drawn near a varint boundary."""
    n = draw(st.integers(1, 6))
    near = st.sampled_from(BOUNDARIES[:13])
    deltas = [draw(near) for _ in range(n)]
    deltas = [deltas[0]] + [max(1, d) for d in deltas[1:]]
    docs = [sum(deltas[: k + 1]) for k in range(n)]
    tfs = [draw(st.sampled_from([1, 2, 63, 64, 65, 8191, 8192])) for _ in range(n)]
    heads = [draw(st.one_of(st.none(), near)) for _ in range(n)]
    positions = [sorted(draw(st.lists(near, min_size=min(tf, 3), max_size=min(tf, 3)))) for tf in tfs]
    return docs, tfs, heads, positions


@settings(max_examples=200, deadline=None, derandomize=True)
@given(postings())
def test_postings_round_trip_through_the_client_decoder(p):
    docs, tfs, heads, positions = p
    codes = [2 * tf + (h is not None) for tf, h in zip(tfs, heads)]
    dpart = varints([d - prev for d, prev in zip(docs, [0] + docs[:-1])]) + varints(codes) + varints(
        [h for h in heads if h is not None])
    # positions: as many as the tf says (a shorter list stands for the first ones)
    pos = [ps + [ps[-1] if ps else 0] * (tf - len(ps)) for ps, tf in zip(positions, tfs)]
    ppart = varints([x for ps in pos for x in ps])
    got = decode_postings(dpart + ppart, len(docs), len(dpart), True)
    assert got == {d: (tf, h or 0, ps) for d, tf, h, ps in zip(docs, tfs, heads, pos)}
    assert decode_postings(dpart, len(docs), len(dpart), False) == {
        d: (tf, h or 0, None) for d, tf, h in zip(docs, tfs, heads)}


def _doc(i: int, text: str, title: str = "") -> search.SearchDoc:
    from datetime import date

    return search.SearchDoc(id=i, url=f"p/{i}/", title=title, kicker="", subheadline="", byline="", text=text,
                            paper="p", paper_name="报", kind="news", kind_label="消息", date=date(2023, 5, 6))


def test_every_reprint_group_survives_the_meta_file():
    """Several texts printed more than once: each reprint decodes to its own earliest printing
    (search shows one result per text, so a wrong group hides or merges results)."""
    from dataclasses import replace

    from newsarchive.search.format import decode_meta, encode_meta

    docs = [_doc(i, f"正文{i}") for i in range(9)]
    for reprint, first in ((3, 0), (5, 1), (6, 0), (8, 2)):
        docs[reprint] = replace(docs[reprint], text_id=docs[first].url)
    meta = decode_meta(encode_meta(docs, {"p": 0}, {"news": 0}))
    assert meta["group"] == [0, 1, 2, 0, 4, 1, 0, 7, 2]


@pytest.mark.parametrize("case", ["tf-64", "doc-128", "position-16384"])
def test_search_finds_what_substring_search_finds_at_varint_boundaries(case):
    """Posting values of exactly 128 (``2*tf`` for a tf of 64, a doc gap of 128) and positions
    past 16383, through the index writer and the reference client."""
    filler = "的" * 3
    if case == "tf-64":
        docs = [_doc(0, "辽源" * 64), _doc(1, "辽源")]
    elif case == "doc-128":
        docs = [_doc(0, "辽源春耕")] + [_doc(i, f"{filler}{i}") for i in range(1, 128)] + [_doc(128, "辽源")]
    else:
        docs = [_doc(0, "天" * 16382 + "辽源" + "地" * 130 + "辽源"), _doc(1, "天地辽源")]
    files: dict[str, bytes] = {}
    search.write_index(docs, lambda path, data: files.__setitem__(
        path, data if isinstance(data, bytes) else data.encode("utf-8")))
    client = search.Client(lambda path: files[path])
    for q in ("辽源", "天辽", "地辽", "源春"):
        res = client.search(q, texts=False)  # no article pages here: hits and counts only
        truth = search.substring_search(docs, q)
        assert set(res.ids) == set(truth), (case, q)
        assert res.counts == truth, (case, q)


# --------------------------------------------------------------------------- corrections


SPLIT_PAGE = """辽源日报
2023年5月6日 星期六

市里召开春耕生产调度会议

本报讯（记者 王茵）5日，市里召开春耕生产调度会议，部署当前各项农业生产工作。

会议要求，各地要抓住农时，确保种子化肥供应充足。

另一则消息：龙山区举办农民丰收节，展示了当地特色农产品。

图为农民在田间查看秧苗长势。
本报记者 李雪 摄
"""
SPLIT_SIDECAR = """\
articles:
  - line: 10
    split: true
    headline: 龙山区举办农民丰收节
  - match: 市里召开春耕生产调度会议
    note: 原稿会议日期有误
"""


@pytest.fixture(scope="module")
def corrected(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("corrected"), site_yaml=FAST, seeds=False,
                    files={"a.txt": SPLIT_PAGE, "a.yaml": SPLIT_SIDECAR})
    _, out = build(site)
    issue = out / "liaoyuan/2023/05/06"
    from sitekit import article_record

    return {n: (article_record(out, f"liaoyuan/2023/05/06/{n}"),
                _text((issue / n / "index.html").read_text(encoding="utf-8")))
            for n in ("01", "02")}


def test_a_split_keeps_each_caption_under_its_own_article(corrected):
    (lead, lead_page), (split, split_page) = corrected["01"], corrected["02"]
    assert lead["headline"] == "市里召开春耕生产调度会议" and split["headline"] == "龙山区举办农民丰收节"
    assert split["body"] == ["另一则消息：龙山区举办农民丰收节，展示了当地特色农产品。"]
    assert not any("龙山区" in p for p in lead["body"])
    # the photo printed under the lead story stays its figure, with its own caption and credit
    assert lead["figures"] == [{"caption": "图为农民在田间查看秧苗长势。", "credit": "本报记者 李雪 摄",
                                "photographers": ["李雪"]}]
    assert "图片说明图为农民在田间查看秧苗长势。本报记者 李雪 摄" in lead_page.replace("\n", "")
    assert split["figures"] == [] and "图片说明" not in split_page
    assert "此篇由编者从上一篇中分出" in split_page


def test_a_correction_that_only_adds_a_note_shows_the_note(corrected):
    lead, lead_page = corrected["01"]
    assert lead["corrections"] == ["编者更正：原稿会议日期有误"]
    assert "原稿会议日期有误" in lead_page


# --------------------------------------------------------------------------- incremental = clean, any edits


def _pages() -> dict[str, str]:
    return {
        "a.txt": page("辽源日报", "2023年5月6日", "辽源召开春耕生产调度会议", "（记者 王茵）"),
        "b.txt": page("白城日报", "2023年5月6日", "白城举办农民丰收节活动", "(记者 李雪)"),
        "c/c.txt": page("辽源日报", "2023年5月8日", "龙山区开展植树造林活动", "（记者 张磊）"),
    }


NAMES = ["王茵", "王因", "王音", "李雪", "张磊"]  # 王茵, 王因 and 王音 all read wang-yin
TEMPLATES = ["article.html", "issue.html", "author.html"]
edits = st.one_of(
    st.tuples(st.just("text"), st.sampled_from(sorted(_pages()))),
    st.tuples(st.just("byline"), st.sampled_from(sorted(_pages())), st.sampled_from(NAMES)),
    st.tuples(st.just("sidecar"), st.sampled_from(sorted(_pages())),
              st.sampled_from(["date: 2023-05-07\n", "paper: 白城日报\n",
                               "articles:\n  - line: 4\n    note: 编者注\n    authors: [王因]\n", None])),
    st.tuples(st.just("template"), st.sampled_from(TEMPLATES)),
    st.tuples(st.just("delete"), st.sampled_from(sorted(_pages()))),
)


def _apply(site: Path, edit: tuple) -> None:
    corpus = site / "corpus"
    kind, *args = edit
    if kind == "template":
        from newsarchive.render import theme_dir

        target = site / "templates" / args[0]
        if target.exists():
            target.unlink()
        else:
            target.parent.mkdir(exist_ok=True)
            text = (theme_dir() / "templates" / args[0]).read_text(encoding="utf-8")
            anchor = "{% block content %}\n"
            assert anchor in text, args[0]
            target.write_text(text.replace(anchor, anchor + "<p>本站模板已改</p>\n", 1), encoding="utf-8")
        return
    path = corpus / args[0]
    if kind == "delete":
        if path.exists():
            path.unlink()
        else:  # deleted before: it comes back
            path.write_text(_pages()[args[0]], encoding="utf-8")
        return
    if not path.exists():
        return
    if kind == "text":
        path.write_text(path.read_text(encoding="utf-8") + "\n补录的一段正文。\n", encoding="utf-8")
    elif kind == "byline":
        text = path.read_text(encoding="utf-8")
        start = text.index("记者 ") + 3
        end = next(i for i in range(start, len(text)) if text[i] in "）)")
        path.write_text(text[:start] + args[1] + text[end:], encoding="utf-8")
    elif kind == "sidecar":
        side = path.with_suffix(".yaml")
        if args[1] is None:
            side.unlink(missing_ok=True)
        else:
            side.write_text(args[1], encoding="utf-8")


@pytest.fixture(scope="module")
def warm_small(tmp_path_factory):
    """A small site (three pages, two papers, search on; the Traditional edition is covered by
    test_incremental.py), built once and kept as a stash: every example starts from this warm
    state."""
    root = tmp_path_factory.mktemp("signatures")
    site = new_site(root, site_yaml=SITE_YAML + "traditional: false\n", seeds=False, files=_pages())
    build(site)
    stash = root / "stash"
    shutil.copytree(site, stash, symlinks=True)
    return root, site, stash


def test_search_on_a_site_without_a_traditional_edition_maps_no_characters(warm_small):
    """Without a Traditional edition the search page's character map is empty, so the client
    converts nothing (a stray value would be read as characters to convert)."""
    _, _, stash = warm_small
    search_page = (stash / "public" / "search" / "index.html").read_text(encoding="utf-8")
    assert 'data-variant-from="" data-variant-to=""' in search_page


@settings(max_examples=5, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(edits, min_size=1, max_size=3))
# a new 王因 takes the plain slug wang-yin from 王茵, whose pages did not change
@example([("byline", "b.txt", "王因")])
@example([("sidecar", "c/c.txt", "articles:\n  - line: 4\n    note: 编者注\n    authors: [王因]\n")])
@example([("template", "author.html"), ("delete", "a.txt"), ("byline", "c/c.txt", "王茵")])
def test_every_incremental_build_equals_a_clean_build(warm_small, tmp_path_factory, old_files, sequence):
    root, site, stash = warm_small
    shutil.rmtree(site)
    shutil.copytree(stash, site, symlinks=True)  # keeps mtimes: the warm state as built
    scratch = Path(tmp_path_factory.mktemp("clean"))
    for n, step in enumerate(sequence, 1):
        _apply(site, step)
        _, out = build(site)
        rebuilt = snapshot(out)
        clean = clean_copy_build(site, scratch)
        assert rebuilt == clean, f"after edit {n} of {sequence}:\n{differences(rebuilt, clean)}"


def test_underscores_in_a_paragraph_with_markup_print_as_they_are():
    # a dump's Markdown bold and italics are kept; its underscores are text (``__class__``,
    # ``___`` blanks), never emphasis: no character of the paragraph is lost to markup
    from newsarchive.render import inline_html

    text = "**粗体** 与 *斜体*，填空 ___ 与 config.__class__ 与 _x_"
    html = str(inline_html(text, text))
    assert "<strong>粗体</strong>" in html and "<em>斜体</em>" in html
    assert "填空 ___ 与 config.__class__ 与 _x_" in html


def test_raw_tags_in_a_paragraph_keep_no_attributes():
    """A dump's ``<b title=… lang=…>`` prints bold, and nothing of the tag that a reader does
    not see (a tooltip, a language tag) is published with it."""
    from newsarchive.render import inline_html

    text = '前<b title="提示" lang="en" class="c" onclick="x()">粗</b>后<sub style="color:red" dir="rtl">2</sub>'
    assert str(inline_html(text, text)) == "前<b>粗</b>后<sub>2</sub>"
