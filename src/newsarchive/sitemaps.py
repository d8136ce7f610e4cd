"""The sitemap, within the protocol's limits (sitemaps.org): at most 50,000 URLs and 50 MiB
(52,428,800 bytes, uncompressed) per file.

A site whose URLs fit one file gets one ``sitemap.xml`` (a ``<urlset>``), as before. A larger
site gets ``sitemap-1.xml``, ``sitemap-2.xml``, … (each a ``<urlset>`` within both limits) and
``sitemap.xml`` becomes their **sitemap index** (``<sitemapindex>``), so ``robots.txt`` and
anything submitted to a search engine keep pointing at the same address. The parts lie at
the site's root: a sitemap may list only URLs at or below its own folder.
"""

from __future__ import annotations

from markupsafe import escape

from .render import Page

MAX_URLS = 50_000
MAX_BYTES = 52_428_800
_ENTRY = len("  <url><loc></loc></url>\n") + 2  # a line of sitemap.xml around a URL (+ slack)
_FRAME = 512  # the XML declaration, <urlset ...> and </urlset>, with room to spare


def chunks(urls: list[str], max_urls: int = MAX_URLS, max_bytes: int = MAX_BYTES) -> list[list[str]]:
    """``urls`` cut, in order, into runs of at most ``max_urls`` URLs whose sitemap file stays
    under ``max_bytes``."""
    out: list[list[str]] = [[]]
    size = _FRAME
    for u in urls:
        n = len(str(escape(u)).encode("utf-8")) + _ENTRY
        if out[-1] and (len(out[-1]) >= max_urls or size + n > max_bytes):
            out.append([])
            size = _FRAME
        out[-1].append(u)
        size += n
    return out


def sitemap_pages(urls: list[str], base_url: str, meta, max_urls: int = MAX_URLS,
                  max_bytes: int = MAX_BYTES) -> list[Page]:
    """The sitemap files for ``urls`` (absolute, or site-relative without a ``base_url``):
    one ``sitemap.xml``, or parts and an index. ``meta(url, title)`` makes a page's meta."""
    parts = chunks(urls, max_urls, max_bytes)
    if len(parts) == 1:
        return [Page("sitemap.xml", "sitemap.xml", {"urls": parts[0], "page": meta("sitemap.xml", "sitemap")})]
    pages = [Page(f"sitemap-{n}.xml", "sitemap.xml", {"urls": part, "page": meta(f"sitemap-{n}.xml", "sitemap")})
             for n, part in enumerate(parts, 1)]
    index = [f"{base_url}sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    pages.append(Page("sitemap.xml", "sitemapindex.xml", {"sitemaps": index, "page": meta("sitemap.xml", "sitemap")}))
    return pages
