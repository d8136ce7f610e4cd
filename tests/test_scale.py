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


# ------------------------------------------------------------------ host limits


def test_host_checks_warn_before_and_past_each_limit():
    from newsarchive import hosts

    MiB = 1 << 20
    assert hosts.check("none", {"a": 10 ** 12}) == []
    assert hosts.check("cloudflare-pages", {"a": 20 * MiB}) == []
    near = hosts.check("cloudflare-pages", {"data/x/2020.sqlite": 23 * MiB}, "site.yaml", 7)
    assert [(d.file, d.line, d.severity.value) for d in near] == [("site.yaml", 7, "warning")]
    assert "is close to Cloudflare Pages's limit" in near[0].message and "data/x/2020.sqlite" in near[0].message
    assert "docs/scaling.md" in near[0].hint
    past = hosts.check("cloudflare-pages", {"big": 26 * MiB})
    assert "exceeds" in past[0].message
    files = hosts.check("cloudflare-pages", {f"f{n}": 1 for n in range(18_500)})
    assert len(files) == 1 and "18,500 files" in files[0].message
    site = hosts.check("github-pages", {f"f{n}": 10 * MiB for n in range(95)})
    assert len(site) == 1 and "the site" in site[0].message and "is close to" in site[0].message


def test_host_key_in_site_yaml(tmp_path, monkeypatch):
    from newsarchive import hosts
    from newsarchive.config import load_config

    site = make_site(tmp_path / "bad", site_yaml="title: t\nhost: cloudflare\n")
    _, diags = load_config(site)
    assert [(d.line, d.severity.value) for d in diags if d.code == "config-value"] == [(2, "error")]
    assert "cloudflare-pages" in [d for d in diags if d.code == "config-value"][0].hint

    # a build on a host whose file limit the seed site passes warns on the host: line
    monkeypatch.setitem(hosts.HOSTS, "cloudflare-pages", hosts.Limits("Cloudflare Pages", files=100))
    site = make_site(tmp_path / "ok", site_yaml="title: t\nbase_url: https://example.org/\nhost: cloudflare-pages\n")
    from newsarchive.config import load_config as load
    from newsarchive.pipeline import build

    config, _ = load(site)
    result = build(config)
    warned = [d for d in result.load.diagnostics if d.code == "host-limit"]
    assert len(warned) == 1 and warned[0].line == 3 and "exceeds" in warned[0].message
    again = build(config)  # up to date: the warning is reported again
    assert [d.message for d in again.load.diagnostics if d.code == "host-limit"] == [warned[0].message]


# ------------------------------------------------------------------ sharded SQLite


def test_one_changed_issue_rewrites_one_sqlite_shard_and_equals_a_clean_build(tmp_path):
    site = make_site(tmp_path / "a")
    result, out = build_site(site)
    shards = sorted(p.relative_to(out) for p in (out / "data").rglob("*.sqlite"))
    assert result.data["sqlite_written"] == len(shards) > 1
    page = site / "corpus" / "002_0078cb0db730c42f.txt"
    page.write_text(page.read_text(encoding="utf-8") + "\n新增的一段文字。\n", encoding="utf-8")
    import os
    import time
    os.utime(page, (time.time() - 10, time.time() - 10))  # a stat old enough to be trusted
    again, _ = build_site(site)
    assert again.data["sqlite_written"] == 1
    clean_site = make_site(tmp_path / "b")
    (clean_site / "corpus" / page.name).write_bytes(page.read_bytes())
    _, clean = build_site(clean_site)
    for rel in shards:
        assert (out / rel).read_bytes() == (clean / rel).read_bytes(), rel
    assert (out / "data/index.json").read_bytes() == (clean / "data/index.json").read_bytes()
