"""Scale (issue 16): the sitemap within the protocol's limits, and more as it comes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from newsarchive import sitemaps

from sitekit import build_site, make_site

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _locs(path, tag):
    root = ET.parse(path).getroot()
    return root.tag, [e.find(f"{NS}loc").text for e in root.findall(f"{NS}{tag}")]


def test_chunks_keep_both_limits_and_the_order():
    urls = [f"https://example.org/a/{n:05d}/" for n in range(1000)]
    parts = sitemaps.chunks(urls, max_urls=300)
    assert [len(p) for p in parts] == [300, 300, 300, 100]
    assert sum(parts, []) == urls
    parts = sitemaps.chunks(urls, max_bytes=4096)  # about 70 entries of 56 bytes
    assert sum(parts, []) == urls and len(parts) > 10
    for p in parts:
        assert 512 + sum(len(u) + 27 for u in p) <= 4096
    assert sitemaps.chunks([], max_urls=5) == [[]]


def test_a_large_sitemap_becomes_an_index_of_parts(tmp_path, monkeypatch):
    site = make_site(tmp_path / "one")
    _, out = build_site(site)
    tag, every = _locs(out / "sitemap.xml", "url")
    assert tag == f"{NS}urlset" and len(every) > 100
    assert not list(out.glob("sitemap-*.xml"))

    monkeypatch.setattr(sitemaps, "MAX_URLS", 40)
    site2 = make_site(tmp_path / "many")
    _, out2 = build_site(site2)
    tag, index = _locs(out2 / "sitemap.xml", "sitemap")
    assert tag == f"{NS}sitemapindex"
    n = -(-len(every) // 40)
    assert index == [f"https://example.org/archive/sitemap-{k}.xml" for k in range(1, n + 1)]
    listed = []
    for k in range(1, n + 1):
        tag, part = _locs(out2 / f"sitemap-{k}.xml", "url")
        assert tag == f"{NS}urlset" and 0 < len(part) <= 40
        listed += part
    assert listed == every  # the same URLs, in the same order

    # an incremental rebuild back to one file equals a clean build (no stale parts left)
    monkeypatch.setattr(sitemaps, "MAX_URLS", 50_000)
    build_site(site2)
    assert not list(out2.glob("sitemap-*.xml"))
    assert (out2 / "sitemap.xml").read_bytes() == (out / "sitemap.xml").read_bytes()
