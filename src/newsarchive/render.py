"""One Jinja environment, and the body renderer (markdown-it-py, then nh3).

Templates come from the site's ``templates/`` first and the packaged theme second, so a site
overrides a template by writing one of the same name; the defaults exist once, in the package.
Autoescape is on for HTML and XML and undefined names fail loudly (``StrictUndefined``).
Corpus text only reaches a page escaped, or as body HTML that nh3 has cleaned with an
allowlist: ``<b>`` may stay bold, ``<script>`` and ``on*`` attributes never survive.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2
import nh3
from markdown_it import MarkdownIt
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
    )
    env.filters["date_zh"] = date_zh
    env.filters["month_zh"] = month_zh
    env.filters["iso"] = lambda d: d.isoformat() if d else ""
    return env


def date_zh(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "日期未定"


def month_zh(d: date) -> str:
    return f"{d.year}年{d.month}月"


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    # commonmark with raw HTML on: corpus <b> survives to nh3, which decides what stays.
    return MarkdownIt("commonmark", {"html": True}).disable(["link", "image", "autolink"], ignoreInvalid=True)


def inline_html(text: str, markup: str = "") -> Markup:
    """Render one paragraph: inline markup through markdown-it-py, then nh3 with an allowlist;
    plain text is just escaped."""
    if not markup:
        return escape(text)
    html = _md().renderInline(markup)
    return Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes={}, url_schemes=set(), strip_comments=True))


class Page:
    """One output file: its URL, the template that renders it and the template context."""

    __slots__ = ("url", "template", "context")

    def __init__(self, url: str, template: str, context: dict):
        self.url, self.template, self.context = url, template, context


def render_page(env: jinja2.Environment, page: Page, site: dict) -> str:
    here = page.url if page.template != "404.html" else None

    def link(url: str) -> str:
        if here is None:  # the 404 page is served at any depth: use absolute links
            return site["base_path"] + url
        return urls.relative(here, url)

    def asset(name: str) -> str:
        return link(f"static/{name}")

    def absolute(url: str) -> str:
        return site["base_url"] + url

    template = env.get_template(page.template)
    return template.render(site=site, link=link, asset=asset, absolute=absolute, **page.context)
