"""One Jinja environment, and the body renderer (markdown-it-py, then nh3).

Templates come from the site's ``templates/`` first and the packaged theme second, so a site
overrides a template by writing one of the same name; the defaults exist once, in the package.
Autoescape is on for HTML and XML and undefined names fail loudly (``StrictUndefined``).
Corpus text only reaches a page escaped, or as body HTML that nh3 has cleaned with an
allowlist: ``<b>`` may stay bold, ``<script>`` and ``on*`` attributes never survive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2
import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_inline import emphasis
from markupsafe import Markup, escape

from . import urls

ALLOWED_TAGS = {"b", "strong", "em", "i", "br", "sub", "sup"}
THEME = "theme"


def theme_dir() -> Path:
    """The packaged theme folder (templates/ and static/)."""
    return Path(str(resources.files("newsarchive") / THEME))


def environment(site_templates: Path | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if site_templates is not None and site_templates.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(site_templates)))
    loaders.append(jinja2.FileSystemLoader(str(theme_dir() / "templates")))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one build = one set of templates: no stat() per page
    )
    env.finalize = _printable
    # JSON-LD as UTF-8, not \uXXXX escapes (half the bytes for Chinese text; issue 16); tojson
    # still escapes < > & ' so nothing can break out of the <script>
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False, "separators": (",", ":")}
    env.filters["date_zh"] = date_zh
    env.filters["month_zh"] = month_zh
    env.filters["iso"] = lambda d: d.isoformat() if d else ""
    env.filters["ascii_refs"] = lambda s: unconverted(s) if s else ""  # survives the Traditional conversion
    return env


# C0 controls other than tab/newline/CR, DEL, C1 controls, bidi overrides, surrogates and
# U+FFFE/U+FFFF: invalid in XML, parse errors in HTML, or a way to make text display reversed.
# (Those XML forbids are removed with a diagnostic where text enters the build, chars.py; this
# is the last line for anything else, such as a file name.)
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
                          "\ufffe\uffff]")


def _printable(value):
    """Jinja finalize: every value printed into a page loses unprintable characters."""
    if isinstance(value, str) and _UNPRINTABLE.search(value):
        cleaned = _UNPRINTABLE.sub("", value)
        return Markup(cleaned) if isinstance(value, Markup) else cleaned
    return value


def date_zh(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "日期未定"


def month_zh(d: date) -> str:
    return f"{d.year}年{d.month}月"


def _emphasis_by_asterisks(state, silent: bool) -> bool:
    """markdown-it's emphasis rule for ``*`` and ``**`` only: in a newspaper dump an
    underscore is a character of the text (``__class__``, ``___`` blanks to fill in), never
    emphasis, so ``_`` delimiters are not made and the underscores print as they are."""
    if state.src[state.pos] == "_":
        return False
    return emphasis.tokenize(state, silent)


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    # commonmark with raw HTML on: corpus <b> survives to nh3, which decides what stays.
    md = MarkdownIt("commonmark", {"html": True}).disable(["link", "image", "autolink"], ignoreInvalid=True)
    md.inline.ruler.at("emphasis", _emphasis_by_asterisks)
    return md


def inline_html(text: str, markup: str = "") -> Markup:
    """Render one paragraph: inline markup through markdown-it-py, then nh3 with an allowlist;
    plain text is just escaped."""
    if not markup:
        return escape(text)
    html = _md().renderInline(markup)
    # no attribute on any tag: {} alone would still let ammonia's generic `lang` and `title` through
    return Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes={"*": set()}, url_schemes=set(), strip_comments=True))


class Page:
    """One output file: its URL, the template that renders it and the template context."""

    __slots__ = ("url", "template", "context")

    def __init__(self, url: str, template: str, context: dict):
        self.url, self.template, self.context = url, template, context


@dataclass(frozen=True)
class Edition:
    """One script edition of the site: Simplified at the root, Traditional under a prefix."""

    code: str  # "zh-hans" | "zh-hant"
    lang: str  # the BCP 47 tag for <html lang>
    prefix: str  # "" or "zh-hant/"
    label: str  # how the switch names this edition


HANS = Edition("zh-hans", "zh-Hans", "", "简体")
HANT = Edition("zh-hant", "zh-Hant", "zh-hant/", "繁體")

VARIANTS = {
    # OpenCC conversion: (BCP 47 tag of the Traditional edition, how the switch names it)
    "s2t": ("zh-Hant", "繁體"),
    "s2tw": ("zh-Hant-TW", "繁體（臺灣字形）"),
    "s2twp": ("zh-Hant-TW", "繁體（臺灣用語）"),
    "s2hk": ("zh-Hant-HK", "繁體（香港字形）"),
}
"""The Traditional edition as each conversion makes it: ``lang`` tells browsers which glyphs
to use (Noto Sans CJK TC for Taiwan, HK for Hong Kong), the label tells readers which forms
they are reading."""


def edition_for(edition: Edition, site: dict) -> Edition:
    """``edition`` with the lang tag and label of the site's Traditional conversion."""
    if edition.code != HANT.code or site.get("variant") not in VARIANTS:
        return edition
    lang, label = VARIANTS[site["variant"]]
    return Edition(edition.code, lang, edition.prefix, label)


def unconverted(text: str) -> Markup:
    """``text`` as numeric character references (``&#31616;&#20307;`` for 简体): ASCII, so the
    Traditional conversion (which converts only non-ASCII runs) leaves it alone, and the
    browser shows the characters. The switch on a Traditional page names the Simplified
    edition in Simplified characters this way; no placeholder character is needed, so no
    corpus text can collide with one (a private-use U+E000 in a page used to become 简体)."""
    return Markup("".join(f"&#{ord(ch)};" for ch in text))


def _is_page(url: str) -> bool:
    """HTML pages exist in every edition; assets, feeds, raw texts and raw-text pages exist
    once, at the root."""
    return (url == "" or url.endswith(("/", ".html"))) and urls.in_every_edition(url)


def in_every_edition(page: Page) -> bool:
    """Whether ``page`` is rendered in the Traditional edition too."""
    return page.template.endswith(".html") and urls.in_every_edition(page.url)


def render_page(env: jinja2.Environment, page: Page, site: dict, edition: Edition = HANS,
                other: Edition | None = None) -> str:
    """Render one page in one edition. ``other`` is the edition the script switch leads to."""
    fixed = page.template == "404.html"  # served at any depth: root-absolute links (see 404.html)
    if not urls.in_every_edition(page.url):
        other = None  # a raw-text page exists once: no switch to another script
    edition = edition_for(edition, site)
    other = edition_for(other, site) if other is not None else None
    here = edition.prefix + page.url
    known = site.get("absolute", "://" in site["base_url"])
    files = not site.get("directory_urls", True)

    def href(target: str) -> str:
        """The href of a root-relative ``target`` (page, folder or file) from this page."""
        if files and (target == "" or target.endswith("/")):
            target += "index.html"  # use_directory_urls: false, so the site works from disk
        if fixed:
            return site["base_path"] + target
        return urls.relative(here, target)

    def link(url: str) -> str:
        url, hash_, fragment = url.partition("#")
        return href((edition.prefix + url) if _is_page(url) else url) + hash_ + fragment

    def asset(name: str) -> str:
        return link(f"static/{name}")

    def absolute(url: str) -> str:
        """The full address of ``url`` when ``base_url`` is absolute, else "" (a site-relative
        URL is not an address anyone can cite: the page's script shows the one it was read at)."""
        if not known and page.template.endswith(".html"):
            return ""  # (a feed or the sitemap keeps its site-relative URLs: `check` warns)
        url, hash_, fragment = url.partition("#")
        return site["base_url"] + ((edition.prefix + url) if _is_page(url) else url) + hash_ + fragment

    context = dict(page.context)
    meta = dict(context.get("page", {}))
    if meta:
        # without an absolute base_url, page-relative: right under any sub-path
        meta["canonical"] = site["base_url"] + here if known else (None if fixed else href(here))
        editions = [edition] + ([other] if other else [])
        meta["alternates"] = [
            {"hreflang": e.lang, "href": site["base_url"] + e.prefix + page.url if known else href(e.prefix + page.url)}
            for e in sorted(editions, key=lambda e: e.prefix)
        ] if known or not fixed else []  # (a 404 page served at any depth: no address is right)
        meta["absolute"] = known
        meta["switch"] = None
        if other is not None:
            label = unconverted(other.label) if edition.code == HANT.code else other.label
            meta["switch"] = {"href": href(other.prefix + page.url), "label": label, "lang": other.lang}
        if meta.get("jsonld") and "inLanguage" in meta["jsonld"]:
            meta["jsonld"] = {**meta["jsonld"], "inLanguage": edition.lang}
        context["page"] = meta
    site = {**site, "lang": edition.lang, "edition": edition.code}
    template = env.get_template(page.template)
    text = template.render(site=site, link=link, asset=asset, absolute=absolute, folder=lambda url: urls.relative(here, url),
                           **context)
    return tighten(text) if page.template.endswith(".html") else text


# A line break between two tags shows nothing when one of them is a block (a space at the start
# or end of a line is dropped) or when both sit in <head>; those are the template's own line
# breaks, about 100 a page (issue 16: 0.2 KB an article over both editions). Text, inline
# neighbours (a space between two links shows) and <pre> keep theirs.
_BLOCK = frozenset(("html head body header footer main nav section article aside div p ul ol li dl dt dd h1 h2 h3 h4 "
                    "h5 h6 hgroup figure figcaption form fieldset table caption thead tbody tfoot tr td th "
                    "blockquote hr details summary").split())
_BREAK = re.compile(r"(<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*>)\n(?=</?([a-zA-Z][a-zA-Z0-9]*))")
_HEAD = re.compile(r"<head>.*?</head>", re.S)
_PRE = re.compile(r"(<pre[\s>].*?</pre>)", re.S)


def tighten(html: str) -> str:
    """``html`` without the line breaks between tags that show nothing (see ``_BREAK``), its
    attribute values unquoted where HTML allows and the end tags HTML implies left out (see
    ``shorten``)."""
    html = _HEAD.sub(lambda m: m.group(0).replace(">\n<", "><"), html, count=1)
    parts = _PRE.split(html)
    return shorten("".join(part if k % 2 else _tighten_part(part) for k, part in enumerate(parts)))


# The same document in fewer bytes (issue 16: 0.7 KB an article over both editions): a
# browser builds the same DOM from it. An attribute value is written without quotes when HTML
# allows (not empty; no space, quote, =, <, >, `), and the end tags HTML lets a page leave out
# are left out: </p> before a block's start tag or its parent's end tag (not </a>, which may
# hold paragraphs, nor </body>, after which the page's last line break would move into the
# paragraph), </li> before another <li> or the list's end. Only tags are touched, never
# text: the text of script, style and textarea elements and comments are kept as they are
# (corpus text reaches a page escaped, so every other < opens a tag).
# One "<" then the alternatives: the engine tries the pattern only where a "<" is (written as two
# alternatives each starting with "<", it tried both at every character: a quarter of tighten).
_RAWTEXT = re.compile(r"<(?:(?P<name>script|style|textarea)\b[^>]*>(?P<body>.*?)</(?P=name)>|!--.*?-->)", re.S | re.I)
_STARTTAG = re.compile(r"""<[a-zA-Z][a-zA-Z0-9-]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*>""")
_ATTR = re.compile(r"""(\s+[^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_BARE = re.compile(r"""[^\s"'=<>`]+""")


def _unquoted(m: re.Match) -> str:
    name, value = m.group(1), m.group(2)
    if value is None:
        return name
    if value[0] in "\"'" and _BARE.fullmatch(value[1:-1]):
        value = value[1:-1]
    return name + "=" + value


def _unquote_tag(m: re.Match) -> str:
    tag = m.group(0)
    name = _TAGNAME.match(tag).end()
    return tag[:name] + _ATTR.sub(_unquoted, tag[name:-1]) + ">"

_TAGNAME = re.compile(r"<[a-zA-Z][a-zA-Z0-9-]*")
_LI_END = re.compile(r"</li>(?=<li[\s>]|</(?:ul|ol|menu)>)")
_P_END = re.compile(r"</p>(?=<(?:address|article|aside|blockquote|details|div|dl|fieldset|figcaption|figure|footer|form"
                    r"|h[1-6]|header|hgroup|hr|main|menu|nav|ol|p|pre|search|section|table|ul)[\s>]"
                    r"|</(?!(?:a|audio|del|ins|map|noscript|video|body|html)>)[a-zA-Z][a-zA-Z0-9-]*>)")


def shorten(html: str) -> str:
    out = []
    at = 0
    for m in _RAWTEXT.finditer(html):
        out.append(_shorten_part(html[at:m.start()]))
        if m.group("name"):  # the start tag is shortened, the text and the end tag kept
            body = m.start("body")
            out.append(_shorten_part(html[m.start():body]) + html[body:m.end()])
        else:
            out.append(m.group(0))
        at = m.end()
    out.append(_shorten_part(html[at:]))
    return "".join(out)


_SHORT_TAGS: dict[str, str] = {}
"""Start tag -> the tag shortened. A page repeats its template's tags (one start tag in 14 of a
10k site's is new), so each is shortened once (half of ``shorten``'s time); emptied when
it holds ``_SHORT_TAGS_MAX``, so a big build's memory stays bounded."""
_SHORT_TAGS_MAX = 1 << 16


def _short_tag(m: re.Match) -> str:
    tag = m.group(0)
    short = _SHORT_TAGS.get(tag)
    if short is None:
        if len(_SHORT_TAGS) >= _SHORT_TAGS_MAX:
            _SHORT_TAGS.clear()
        short = _SHORT_TAGS[tag] = _unquote_tag(m)
    return short


def _shorten_part(html: str) -> str:
    html = _STARTTAG.sub(_short_tag, html)
    return _LI_END.sub("", _P_END.sub("", html))


def _tighten_part(html: str) -> str:
    return _BREAK.sub(lambda m: m.group(1) if m.group(3).lower() in _BLOCK or m.group(4).lower() in _BLOCK
                      else m.group(0), html)
