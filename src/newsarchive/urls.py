"""The only place URLs and output paths are made.

URLs are ASCII, stable and readable, and never derived from headlines:

====================================  =============================================
``liaoyuan/``                         a city's paper
``liaoyuan/2021/``                    its year calendar
``liaoyuan/2021/10/22/``              an issue (one paper, one day)
``liaoyuan/2021/10/22/01/``           the issue's first article
``liaoyuan/2021/10/22/raw-1/``       the raw text of the issue's first page file (once: no ``.txt`` copy)
``liaoyuan/2021/10/22/raw-1/``        the same, as a page: numbered lines, ``#L26-L62`` anchors
``liaoyuan/undated/3f2a9c1e/``        an issue whose date is unknown (id from the file path)
``dates/2021/10/22/``                 every paper that day (also ``dates/2021/10/``, ``dates/2021/``)
``authors/wang-yin/``                 a reporter or photographer (pinyin of the name)
====================================  =============================================

All URLs here are root-relative folder paths without a leading slash (home is ``""``);
``output_path`` turns one into the file to write, ``relative`` into an href from a page.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from datetime import date

from pypinyin import lazy_pinyin

UNKNOWN = "unknown"

RESERVED = frozenset({
    "zh-hant",  # the Traditional edition (render.HANT.prefix)
    "dates", "authors", "undated", "search", "data", "static",  # the site's own sections and assets
    "on-this-day", "reprints", "random.json",  # ways in by calendar day, reprints (daypages, reprintpages)
    UNKNOWN,  # issues whose paper is not known
    "index.html", "404.html", "feed.xml", "sitemap.xml", "robots.txt",
})
"""Every top-level name the site writes besides the papers' folders: a paper's slug may be
none of them (``slug: zh-hant`` would replace the Traditional edition, ``slug: dates`` the
day pages). ``tests/test_safety.py`` checks it against a built site."""


def paper_url(slug: str | None) -> str:
    return f"{slug or UNKNOWN}/"


def year_url(slug: str | None, year: int) -> str:
    return f"{slug or UNKNOWN}/{year:04d}/"


def issue_url(slug: str | None, d: date | None, undated_id: str = "") -> str:
    if d is None:
        return f"{slug or UNKNOWN}/undated/{undated_id}/"
    return f"{slug or UNKNOWN}/{d.year:04d}/{d.month:02d}/{d.day:02d}/"


def article_url(issue: str, number: int, width: int = 2) -> str:
    return f"{issue}{number:0{width}d}/"


def raw_page_url(issue: str, page_index: int) -> str:
    """The raw-text page of an issue's page file: one page, in the script the text was
    printed in (no Traditional twin under ``zh-hant/``)."""
    return f"{issue}raw-{page_index}/"


_RAW_PAGE = re.compile(r"(?:^|/)raw-\d+/$")


def in_every_edition(url: str) -> bool:
    """Whether the page at ``url`` exists in every script edition (every HTML page but the
    raw-text views, which show the text as printed)."""
    return not _RAW_PAGE.search(url)


@lru_cache(maxsize=65536)  # (a 100k archive's date pages ask for 35,000 of them)
def dates_url(year: int | None = None, month: int | None = None, day: int | None = None) -> str:
    parts = ["dates"] + [f"{v:02d}" if i else f"{v:04d}" for i, v in enumerate(x for x in (year, month, day) if x)]
    return "/".join(parts) + "/"


def undated_id(rel_path: str) -> str:
    """A stable id for an undated page, from its corpus path (8 hex digits of SHA-1)."""
    return hashlib.sha1(rel_path.encode("utf-8")).hexdigest()[:8]


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def author_slug(name: str) -> str:
    """Pinyin of a name, ASCII: 王茵 -> wang-yin. Collisions are resolved by ``author_slugs``."""
    slug = _NON_SLUG.sub("-", "-".join(lazy_pinyin(name, errors="ignore")).lower()).strip("-")
    return slug or "a-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def author_slugs(names: list[str]) -> dict[str, str]:
    """Slugs for all names; names sharing a pinyin get a short hash suffix, all but the first
    in code-point order (so adding a name never renames the earliest holder)."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(set(names)):
        slug = author_slug(name)
        if slug in taken:
            slug = f"{slug}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:6]}"
        taken.add(slug)
        out[name] = slug
    return out


def author_url(slug: str) -> str:
    return f"authors/{slug}/"


def output_path(url: str) -> str:
    """The file written for a URL: folders get ``index.html``; files are themselves."""
    if url == "" or url.endswith("/"):
        return f"{url}index.html"
    return url


def relative(from_url: str, to_url: str) -> str:
    """An href from the page at ``from_url`` to ``to_url`` (both root-relative, normalised).

    Pure string work (no file system, no ``os.path``): it runs for every link of every page.
    """
    here = from_url.split("/")[:-1]  # the folders the page sits in
    there = to_url.split("/")
    name = there.pop()  # "" for a folder URL
    k = 0
    for a, b in zip(here, there):
        if a != b:
            break
        k += 1
    parts = [".."] * (len(here) - k) + there[k:]
    rel = "/".join(parts)
    if name:
        return f"{rel}/{name}" if rel else name
    return f"{rel}/" if rel else "./"
