"""Issue 16: every page is written with its attribute values unquoted where HTML allows and the
end tags HTML implies (</p>, </li>) left out (``render.shorten``). A browser builds the same
document from those bytes; these tests hold it to that."""

from __future__ import annotations

from html.parser import HTMLParser

from sitekit import build_site, make_site

from newsarchive import render
from newsarchive.render import shorten


def test_values_lose_their_quotes_only_where_html_allows():
    assert shorten('<a href="../" class="x y" title="">t</a>') == '<a href=../ class="x y" title="">t</a>'
    # a space, quote, =, <, > or ` keeps the quotes; so does an empty value
    for value in ("a b", "a=b", "&#34;x", "a'b", "`a", "a&gt;b"):
        tag = f'<p title="{value}">'
        assert shorten(tag + "x</p>").startswith(tag if any(c in value for c in " ='`") else f"<p title={value}>")
    assert shorten('<span title="&lt;img&gt;">x</span>') == "<span title=&lt;img&gt;>x</span>"
    assert shorten('<input data-x=\'a="b"\' hidden>') == '<input data-x=\'a="b"\' hidden>'  # never inside a value
    assert shorten('<path d="M0 0"/>') == '<path d="M0 0"/>'  # a self-closing tag keeps its last value whole
    # text is never touched: not in script, style or comments, not text that looks like a tag's
    keep = ('<script type="application/ld+json">{"a":"b"}</script><style>a[href="x"]{}</style>'
            '<!-- <a href="x"> --><p>a="b" &lt;i class="c"&gt;</p>')
    assert shorten(keep) == ('<script type=application/ld+json>{"a":"b"}</script><style>a[href="x"]{}</style>'
                             '<!-- <a href="x"> --><p>a="b" &lt;i class="c"&gt;</p>')


def test_only_the_end_tags_html_implies_are_left_out():
    assert shorten("<ul><li>a</li><li>b</li></ul>") == "<ul><li>a<li>b</ul>"
    assert shorten("<div><p>a</p><p>b</p><h2>c</h2><p>d</p></div>") == "<div><p>a<p>b<h2>c</h2><p>d</div>"
    assert shorten("<ol><li><p>a</p></li></ol>") == "<ol><li><p>a</ol>"
    # kept: before text or an inline element, inside a link, before </body>, across a space
    for html in ("<p>a</p>b", "<p>a</p><span>b</span>", "<a href=x><p>a</p></a>", "<p>a</p></body>",
                 "<p>a</p> <p>b</p>", "<li>a</li> <li>b</li>"):
        assert shorten(html) == html, html


class _Events(HTMLParser):
    """Start tags with their attributes, text, and end tags, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.starts: list[tuple[str, list]] = []
        self.text: list[str] = []
        self.ends: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.starts.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)

    def handle_endtag(self, tag):
        self.ends.append(tag)


def _events(html: str) -> _Events:
    e = _Events()
    e.feed(html)
    e.close()
    return e


def test_every_page_is_the_document_it_was_before_shortening(tmp_path, monkeypatch):
    """Every tag, attribute value and piece of text of every page is the same as the page
    written whole; only </p> and </li> are fewer."""
    _, short = build_site(make_site(tmp_path / "short"))
    monkeypatch.setattr(render, "shorten", lambda html: html)
    _, whole = build_site(make_site(tmp_path / "whole"))
    pages = sorted(whole.rglob("*.html"))
    assert len(pages) > 100
    saved = 0
    for page in pages:
        rel = page.relative_to(whole)
        before, after = page.read_text(encoding="utf-8"), (short / rel).read_text(encoding="utf-8")
        a, b = _events(before), _events(after)
        assert b.starts == a.starts and "".join(b.text) == "".join(a.text), rel
        dropped = list(a.ends)
        for tag in b.ends:
            dropped.remove(tag)
        assert set(dropped) <= {"p", "li"}, (rel, set(dropped))
        saved += len(before.encode()) - len(after.encode())
        assert len(after) < len(before), rel
    assert saved > 0.04 * sum(p.stat().st_size for p in pages)


def test_a_start_tag_is_shortened_once_and_the_memory_stays_bounded(monkeypatch):
    """``_short_tag`` remembers each start tag's short form (a page repeats its template's tags);
    what it gives is what ``_unquote_tag`` gives, and it never holds more than its bound."""
    monkeypatch.setattr(render, "_SHORT_TAGS", {})
    monkeypatch.setattr(render, "_SHORT_TAGS_MAX", 8)
    tags = [f'<a href="../{n % 13}/" class="x{n % 5}">' for n in range(60)]
    for tag in tags + tags:
        expected = render._unquote_tag(render._STARTTAG.fullmatch(tag))
        assert render._short_tag(render._STARTTAG.fullmatch(tag)) == expected
        assert len(render._SHORT_TAGS) <= 8
    assert shorten("".join(tags)) == "".join(render._unquote_tag(render._STARTTAG.fullmatch(t)) for t in tags)


def test_raw_text_elements_are_found_whatever_the_case_of_their_tags():
    html = '<SCRIPT type="a">x="1"</Script><p class="c">a</p><TextArea name="t">b="2"</textarea>'
    assert shorten(html) == '<SCRIPT type=a>x="1"</Script><p class=c>a</p><TextArea name=t>b="2"</textarea>'
