"""Full-text search: the reference client (search.Client: the algorithm of search.js, reading the
very files the browser reads) returns exactly what substring search over the same normalised
text returns; Traditional input, filters, sorting, paging, determinism, and the build switch."""

from __future__ import annotations

import html
import json
import random
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsarchive import search
from newsarchive.search import Client, SearchDoc, substring_search, write_index
from sitekit import build_site, make_site

FIXED = ["辽源", "遼源", "残疾人", "殘疾人", "王茵", "党史学习教育", "黨史學習教育", "茵", "调研", "調研",
         "残疾人 调研", "柴伟 王茵", "2021年", "CN22", "ｃｎ２２", "1", "市", "的", "xyzzy", "量子纠缠", "", "，。",
         "党史 学习 教育", "乾隆"]


# --------------------------------------------------------------------------- fixtures


def _planner(site):
    from newsarchive.archive import build_archive
    from newsarchive.config import load_config
    from newsarchive.pages import Planner, site_context
    from newsarchive.papers import load_registry
    from newsarchive.pipeline import load_paths

    config, _ = load_config(site)
    loaded = load_paths([config.corpus_dir], load_registry())
    return Planner(build_archive(loaded.files), site_context(config), search=True)


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("search"),
                     site_yaml="title: 测试档案\nbase_url: https://example.org/archive/\noutput: public\ntraditional: false\n")
    with pytest.MonkeyPatch.context() as mp:  # a segment per year: queries go through several
        mp.setattr(search.segments, "SEGMENT_DOCS", 1)
        result, out = build_site(site)
    docs = search.documents(_planner(site))
    return {"site": site, "out": out, "result": result, "docs": docs}


def _client(seed, **kw) -> Client:
    return Client.from_folder(seed["out"], **kw)


def _memory_index(docs, shards=None, segment_docs=1) -> dict[str, bytes]:
    """The index of ``docs`` in memory, by default a segment per year."""
    files: dict[str, bytes] = {}

    def write(path, data):
        assert path not in files, path
        files[path] = data if isinstance(data, bytes) else data.encode("utf-8")

    write_index(docs, write, shards=shards, segment_docs=segment_docs)
    for doc in docs:  # the article pages a results page reads its hits from
        write(doc.url + "index.html", _article_page(doc))
    return files


def _article_page(doc: SearchDoc) -> str:
    """The part of ``article.html`` search reads (``search.page_text``)."""
    e = html.escape
    return (f'<article><hgroup><p class="kicker story__kicker">{e(doc.kicker)}</p>'
            f'<h1 class="story__headline">{e(doc.title)}</h1><p class="subhead story__subhead">——{e(doc.subheadline)}</p>'
            f'</hgroup><p class="story__byline">{e(doc.byline)}</p><div class="story__body">'
            + "".join(f"<p>{e(line)}</p>" for line in doc.text.split("\n")) + "</div></article>")


def _terms_of(docs, rng: random.Random, n: int) -> list[str]:
    """Substrings of the documents' own text (1-6 characters), so most have hits."""
    out = []
    for _ in range(n):
        doc = rng.choice(docs)
        text = rng.choice([f for f in doc.fields if f] or [""])
        if not text:
            continue
        i = rng.randrange(len(text))
        out.append(text[i:i + rng.randint(1, 6)])
    return out


def _check(client: Client, docs, q: str, **filters) -> search.Result:
    res = client.search(q, **filters)
    truth = substring_search(docs, q)
    want = {d: n for d, n in truth.items() if _keep(docs[d], **filters)}
    assert set(res.ids) == set(want), q
    assert res.counts == want, q
    assert res.total == len(want)
    return res


def _keep(doc: SearchDoc, paper="", year="", kind="", **_) -> bool:
    return ((not paper or doc.paper == paper) and (not kind or doc.kind == kind)
            and (not year or (doc.date is not None and doc.date.year == int(year))))


# --------------------------------------------------------------------------- documents and files


def test_documents_cover_every_article_newest_first(seed):
    docs = seed["docs"]
    planner_articles = sum(len(v["articles"]) for v in _planner(seed["site"]).issue_views.values())
    assert len(docs) == planner_articles > 20
    assert [d.id for d in docs] == list(range(len(docs)))
    keys = [(d.date is None, -(d.date.toordinal() if d.date else 0)) for d in docs]
    assert keys == sorted(keys)
    assert any(d.kind == "photo" for d in docs)
    assert any(d.date is None for d in docs) and any(d.date for d in docs)
    first = next(d for d in docs if d.title == "党史学习教育中央第二督导组到我市调研指导")
    assert first.url == "liaoyuan/2021/10/22/01/" and "王茵" in first.byline and first.paper == "liaoyuan"


def test_index_files_and_build_stats(seed):
    out, stats = seed["out"], seed["result"].search
    manifest = json.loads((out / "search/index.json").read_text(encoding="utf-8"))
    assert manifest["format"] == search.FORMAT and manifest["page"] == 20
    # one segment per year, newest first, undated last; each a complete index of its own
    names = [name for name, _ in search.split(seed["docs"], 1)]
    assert manifest["segments"] == names and names[-1] == search.UNDATED and len(names) >= 3
    assert names[:-1] == sorted(names[:-1], reverse=True)
    assert sorted(p.name for p in (out / "search/s").iterdir()) == sorted(names)
    total = 0
    for name, docs in search.split(seed["docs"], 1):
        folder = out / search.segment_prefix(name)
        seg = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        assert seg["docs"] == len(docs) and [d.id for d in docs] == list(range(len(docs)))
        S = seg["shards"]
        assert S & (S - 1) == 0 and S <= stats["shards"]
        assert len(list((folder / "d").glob("*.bin"))) == len(list((folder / "p").glob("*.bin"))) == S
        assert not (folder / "t").exists()  # no copy of the texts (issue 16): hits are read from their pages
        assert search.decode_urls(json.loads((folder / "urls.json").read_bytes())) == [d.url for d in docs]
        total += seg["docs"]
    assert total == len(seed["docs"]) == stats["docs"] and stats["segments"] == len(names)
    for key in ("docs", "files", "bytes", "seconds", "shards", "keys", "postings", "positions", "peak_rss_mb"):
        assert key in stats
    index_files = [p for p in (out / "search").rglob("*") if p.is_file() and p.name != "index.html"]
    assert stats["files"] == len(index_files) and stats["bytes"] == sum(p.stat().st_size for p in index_files)
    # the search page loads the script with defer and knows where the index is
    html = (out / "search/index.html").read_text(encoding="utf-8")
    assert '<script defer src=../static/search.js></script>' in html  # unquoted (render.shorten)
    assert 'data-index=index.json ' in html and 'data-home=../' in html
    assert "<noscript>" in html and 'name=q ' in html and 'value=liaoyuan>' in html
    assert (out / "static/search.js").exists()


def test_hits_are_read_from_their_article_pages(seed):
    """A results page shows each hit's title, kicker, subheadline, byline and excerpt as its
    article page prints them: the index keeps no copy of the texts (issue 16)."""
    client = _client(seed)
    seen = 0
    for name, docs in search.split(seed["docs"], 1):
        for doc in docs:
            seg = next(g for g in client.segments if g.name == name)
            t = client.text(seg.offset + doc.id)
            assert t["u"] == doc.url
            assert (t["t"], t["k"], t["s"], t["b"]) == (doc.title, doc.kicker, doc.subheadline, doc.byline)
            # the body as the page renders it: every line of it is the record's text
            flat = "".join(search.normalise(doc.text).split())
            assert bool(t["x"]) == bool(doc.text) and all("".join(search.normalise(line).split()) in flat for line in t["x"].split("\n"))
            seen += 1
    assert seen == len(seed["docs"])
    res = _client(seed).search("王茵")
    assert res.page and all(res.texts[d]["u"] == seed["docs"][d].url for d in res.page)
    assert any(path.endswith("/index.html") for path, _ in res.fetched)


def test_urls_are_runs_of_an_issues_articles():
    def doc(n, url):
        return SearchDoc(id=n, url=url, title="", kicker="", subheadline="", byline="", text="", paper="p",
                         paper_name="P", kind="news", kind_label="消息", date=None)
    urls = ["p/2021/01/02/01/", "p/2021/01/02/02/", "p/2021/01/01/001/", "odd/", "p/undated/ab/01/"]
    urls[2:2] = []
    docs = [doc(n, u) for n, u in enumerate(urls)]
    runs = json.loads(search.encode_urls(docs))
    assert runs[0] == ["p/2021/01/02/", 2] and ["odd/"] in runs and ["p/undated/ab/", 1] in runs
    assert search.decode_urls(runs) == urls
    many = [doc(n, f"p/2021/01/03/{n + 1:03d}/") for n in range(120)]
    assert json.loads(search.encode_urls(many)) == [["p/2021/01/03/", 120]]
    assert search.decode_urls(json.loads(search.encode_urls(many))) == [d.url for d in many]


def test_page_text_reads_the_article_template():
    html = ('<article><hgroup><p class="kicker story__kicker">引&amp;题</p><h1 class="story__headline">标<b>题</b></h1>'
            '<p class="subhead story__subhead">——副题</p></hgroup><p class="story__byline">本报记者 王茵</p>'
            '<div class="story__body"><p>第一段<br>续</p><h2>小标题</h2><p>第二段</p><figure><figcaption>图</figcaption>'
            '</figure><aside class="editor-note"><p>更正</p></aside><p class="jump">(下转第二版)</p></div></article>')
    assert search.page_text(html) == {"t": "标题", "k": "引&题", "s": "副题", "b": "本报记者 王茵",
                                      "x": "第一段续\n小标题\n第二段"}


def test_char_maps_from_opencc():
    t2s, s2t = search.char_maps()
    assert t2s["遼"] == "辽" and t2s["黨"] == "党" and t2s["會"] == "会" and s2t["辽"] == "遼" and s2t["党"] == "黨"
    assert all(len(k) == len(v) == 1 and k != v for m in (t2s, s2t) for k, v in m.items())
    files = _memory_index([])
    m = json.loads(files["search/t2s.json"])
    assert dict(zip(m["from"], m["to"])) == t2s


# --------------------------------------------------------------------------- exactness


@pytest.mark.parametrize("ranges", [True, False])
def test_reference_client_equals_substring_search_on_the_seed_corpus(seed, ranges):
    client = _client(seed, ranges=ranges)
    queries = FIXED + _terms_of(seed["docs"], random.Random(7), 150)
    for q in queries:
        client.reset()
        _check(client, seed["docs"], q)


def test_traditional_queries_find_simplified_text(seed):
    c = _client(seed)
    for trad, simp in [("遼源", "辽源"), ("黨史學習教育", "党史学习教育"), ("殘疾人", "残疾人"), ("調研", "调研"),
                       ("遼源 殘疾人", "辽源 残疾人")]:
        a, b = c.search(trad), c.search(simp)
        assert a.ids == b.ids and a.total > 0, trad
        assert a.terms[0][0] == b.terms[0][0]
    assert c.search("遼源").terms == [["辽源", "遼源"]]


def test_a_term_is_also_looked_up_as_typed():
    """乾 is Simplified too (乾隆), though OpenCC's first t2s candidate is 干: both forms are searched."""
    docs = [_doc(0, text="乾隆年间的古建筑"), _doc(1, text="干隆不是词"), _doc(2, text="无关")]
    c = Client(_memory_index(docs).__getitem__)
    assert sorted(c.search("乾隆").ids) == [0, 1]
    assert set(substring_search(docs, "乾隆")) == {0, 1}


def test_normalisation_fullwidth_and_case():
    docs = [_doc(0, text="国内统一刊号:CN22-0010"), _doc(1, text="ｃｎ２２在这里"), _doc(2, text="cn2")]
    c = Client(_memory_index(docs).__getitem__)
    for q in ("CN22", "cn22", "ＣＮ２２", "Cn22-"):
        assert sorted(c.search(q).ids) == [0, 1], q
    assert sorted(c.search("0010 cn").ids) == [0]
    assert c.search("cn22 0010").terms == [["cn22"], ["0010"]]


def test_no_bigram_spans_two_fields_or_paragraphs():
    docs = [_doc(0, title="辽源", text="市长\n说"), _doc(1, text="辽源市长说")]
    c = Client(_memory_index(docs).__getitem__)
    assert c.search("源市").ids == [1]
    assert c.search("长说").ids == [1]
    assert sorted(c.search("辽源").ids) == [0, 1]


# --------------------------------------------------------------------------- filters, sort, paging


def test_filters_narrow_exactly(seed):
    docs = seed["docs"]
    c = _client(seed)
    papers = sorted({d.paper for d in docs})
    years = sorted({d.date.year for d in docs if d.date})
    kinds = sorted({d.kind for d in docs})
    assert len(papers) >= 2 and len(years) >= 2
    for q in ["辽源", "市", "调研", "的"]:
        for paper in papers:
            _check(c, docs, q, paper=paper)
        for year in years:
            _check(c, docs, q, year=str(year))
        for kind in kinds:
            _check(c, docs, q, kind=kind)
        _check(c, docs, q, paper=papers[0], year=str(years[-1]), kind="news")
    everything = c.search("辽源").total
    assert c.search("辽源", paper="nowhere").total == c.search("辽源", kind="nothing").total == everything


def test_relevance_and_date_order(seed):
    docs = seed["docs"]
    c = _client(seed)
    res = c.search("残疾人")
    assert docs[res.ids[0]].title == "省政协调研组到我市就残疾人权益保护工作进行调研"  # the headline match first
    keys = [(-res.scores[d], d) for d in res.ids]
    assert keys == sorted(keys)
    res = c.search("市", sort="date")
    assert res.ids == sorted(res.ids)
    dates = [docs[d].date for d in res.ids]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True) and dates[len(dated):] == [None] * (len(dates) - len(dated))


def test_head_boost_counts_title_matches(seed):
    docs = [_doc(0, text="调研调研调研"), _doc(1, title="调研", text="正文"), _doc(2, kicker="调研")]
    c = Client(_memory_index(docs).__getitem__)
    res = c.search("调研")
    assert res.counts == {0: 3, 1: 1, 2: 1}
    assert res.ids == [1, 2, 0]  # 1 + boost beats 3; equal scores: newer (lower id) first
    assert res.scores[1] == 1 + search.HEAD_BOOST
    docs = [_doc(0, text="党史学习教育"), _doc(1, subheadline="党史学习教育")]
    assert Client(_memory_index(docs).__getitem__).search("党史学习教育").ids == [1, 0]


def test_paging(seed):
    c = _client(seed)
    full = c.search("的")
    assert full.total > 20
    assert full.page == full.ids[:20] and set(full.texts) == set(full.page)
    second = c.search("的", page=2)
    assert second.page == full.ids[20:40]
    assert [t["u"] for t in (second.texts[d] for d in second.page)] == [seed["docs"][d].url for d in second.page]


# --------------------------------------------------------------------------- determinism and layout


def test_index_bytes_are_deterministic(seed, monkeypatch):
    docs = seed["docs"]
    a = _memory_index(docs)
    b = _memory_index(docs)
    assert a == b
    monkeypatch.setattr(search.indexer, "SPILL_BYTES", 1)  # spill after every chunk of 8 documents: same bytes
    monkeypatch.setattr(search.indexer, "CHUNK", 8)
    assert _memory_index(docs) == a
    site_files = {p.relative_to(seed["out"]).as_posix(): p.read_bytes() for p in (seed["out"] / "search").rglob("*")
                  if p.is_file() and p.name != "index.html"}
    assert site_files == {k: v for k, v in a.items() if k.startswith("search/")}


FORKED = """
import os, pickle, sys
from newsarchive import search
docs = pickle.load(open(sys.argv[1], "rb"))
search.indexer.CHUNK, search.indexer.PARALLEL_MIN, search.indexer.SPILL_BYTES = 8, 1, int(sys.argv[2])
got = {}
for workers in ("1", "2"):
    os.environ["NEWSARCHIVE_SEARCH_WORKERS"] = workers
    files = {}
    stats = search.write_index(docs, files.__setitem__)
    got[workers] = (stats["workers"], files)
assert (got["1"][0], got["2"][0]) == (1, 2), (got["1"][0], got["2"][0])
assert got["1"][1] == got["2"][1]
print("same bytes")
"""


@pytest.mark.parametrize("spill", [1 << 30, 1])
def test_forked_workers_write_the_same_bytes(seed, tmp_path, spill):
    """In a fresh (single-threaded) interpreter, as in a build: 2 forked workers, chunks of 8
    documents, with and without spilling, write exactly the in-process bytes."""
    import pickle
    import subprocess
    import sys

    if sys.platform != "linux":
        pytest.skip("pass-1 workers fork only on Linux")
    path = tmp_path / "docs.pickle"
    path.write_bytes(pickle.dumps(seed["docs"]))
    done = subprocess.run([sys.executable, "-c", FORKED, str(path), str(spill)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and "same bytes" in done.stdout, done.stderr


@pytest.mark.parametrize("shards", [1, 2, 64, 256])
def test_any_shard_count_gives_the_same_results(seed, shards):
    docs = seed["docs"]
    files = _memory_index(docs, shards=shards)
    for name in json.loads(files["search/index.json"])["segments"]:
        assert json.loads(files[search.segment_prefix(name) + "index.json"])["shards"] == shards
    c = Client(files.__getitem__, ranges=shards % 2 == 0)
    for q in FIXED[:12]:
        _check(c, docs, q)


def test_range_reads_fetch_less_than_whole_shards(seed):
    r, w = _client(seed, ranges=True), _client(seed, ranges=False)
    for q in ["党史学习教育", "残疾人", "调研"]:
        r.reset()
        w.reset()
        a, b = r.search(q), w.search(q)
        assert a.ids == b.ids
        assert a.bytes <= b.bytes
        assert any("#" in path for path, _ in a.fetched) and not any("#" in path for path, _ in b.fetched)


def test_search_false_writes_no_index(tmp_path):
    site = make_site(tmp_path, site_yaml="title: 测试\noutput: public\nsearch: false\ntraditional: false\n")
    result, out = build_site(site)
    assert not (out / "search").exists()
    assert result.search == {}
    assert (out / "index.html").exists() and not (out / "static/search").exists()


# --------------------------------------------------------------------------- property test


def _doc(i, title="", kicker="", subheadline="", byline="", text="", paper="p", kind="news", day=None) -> SearchDoc:
    return SearchDoc(id=i, url=f"p/{i}/", title=title, kicker=kicker, subheadline=subheadline, byline=byline, text=text,
                     paper=paper, paper_name=paper, kind=kind, kind_label=kind, date=day)


ALPHABET = "辽源遼市残疾人殘党史學习学ab1Ａ乾干，。 \n\u3000"
texts = st.text(alphabet=ALPHABET, max_size=40)
field_docs = st.lists(
    st.tuples(texts, st.text(alphabet=ALPHABET, max_size=6), texts, st.sampled_from(["p", "q"]),
              st.sampled_from(["news", "photo"]), st.sampled_from([None, date(2020, 1, 2), date(2021, 5, 6)])),
    max_size=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=field_docs, queries=st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=6), min_size=1, max_size=4),
       shards=st.sampled_from([1, 2, 8, None]), ranges=st.booleans(), sort=st.sampled_from(["relevance", "date"]))
def test_property_engine_equals_substring_search(rows, queries, shards, ranges, sort):
    rows = sorted(rows, key=lambda r: (r[5] is None, -(r[5].toordinal() if r[5] else 0)))
    docs = [_doc(i, title=t, kicker=k, text=x, paper=p, kind=kd, day=d) for i, (x, k, t, p, kd, d) in enumerate(rows)]
    client = Client(_memory_index(docs, shards=shards).__getitem__, ranges=ranges)
    for q in queries:
        res = client.search(q, sort=sort)
        truth = substring_search(docs, q)
        assert set(res.ids) == set(truth)
        assert res.counts == truth
        if sort == "date":
            assert res.ids == sorted(res.ids)
        else:
            assert [(-res.scores[d], d) for d in res.ids] == sorted((-res.scores[d], d) for d in res.ids)
        year = res.ids and docs[res.ids[0]].date
        if year:
            assert set(client.search(q, year=str(year.year)).ids) == {d for d in truth if docs[d].date and docs[d].date.year == year.year}


# --------------------------------------------------------------------------- segments


def test_each_year_is_a_segment_and_the_client_numbers_them_as_one():
    """Documents of three years and undated ones: one segment each, newest first; the
    client's ids are the archive's, and filters, paging and texts reach every segment."""
    days = [date(2023, 5, 6), date(2023, 1, 2), date(2021, 7, 1), date(2020, 3, 3), None, None]
    docs = [_doc(i, title=f"辽源新闻{i}", text="残疾人" * (i + 1), paper="p" if i % 2 else "q", day=d)
            for i, d in enumerate(days)]
    files = _memory_index(docs)
    assert json.loads(files["search/index.json"])["segments"] == ["2023", "2021", "2020", search.UNDATED]
    assert json.loads(files["search/s/2023/index.json"])["docs"] == 2
    client = Client(files.__getitem__)
    res = client.search("残疾人", sort="date")
    assert res.ids == [0, 1, 2, 3, 4, 5] and res.counts == substring_search(docs, "残疾人")
    assert [res.texts[d]["t"] for d in res.ids] == [f"辽源新闻{i}" for i in range(6)]
    assert client.search("辽源", year=2021).ids == [2]
    assert client.search("辽源", paper="p").ids == [1, 3, 5]
    with pytest.raises(ValueError):
        search.split([docs[2], docs[0]], 1)  # a year again after an older one: not the archive's order


def test_reprints_fold_within_a_year_when_the_first_printing_is_in_another():
    """A text first printed in 2020 and reprinted twice in 2021: the 2021 printings fold into
    one hit; the 2020 one stays a hit of its own (a segment sees only its own year)."""
    from dataclasses import replace
    docs = [_doc(0, "社区小食堂", day=date(2021, 6, 2)), _doc(1, "社区小食堂", day=date(2021, 6, 1)),
            _doc(2, "社区小食堂", day=date(2020, 5, 1)), _doc(3, "别的新闻", day=date(2020, 4, 1))]
    docs = [replace(d, text_id=docs[2].url) if d.id < 3 else d for d in docs]
    res = Client(_memory_index(docs).__getitem__).search("小食堂")
    assert res.ids == [0, 2] and res.folds == {0: (2, 1)}
    # all in one year, the earliest printing is the group, as before segments
    same = [replace(d, date=date(2021, 6, 9 - d.id)) for d in docs]
    res = Client(_memory_index(same).__getitem__).search("小食堂")
    assert res.ids == [0] and res.folds == {0: (3, 1)}


def test_segments_are_whole_years_of_at_least_segment_docs_counted_from_the_oldest():
    """Years are gathered from the oldest until a segment holds SEGMENT_DOCS documents; the
    newest segment holds the rest, undated documents their own. A small archive is one
    segment; new documents in the newest year leave older segments as they are."""
    counts = {2004: 8000, 2005: 9000, 2006: 4000, 2007: 12000, 2008: 500, None: 30}
    assert search.cut(counts, 20_000) == {2004: "2004-2006", 2005: "2004-2006", 2006: "2004-2006",
                                          2007: "2007-2008", 2008: "2007-2008", None: search.UNDATED}
    assert search.cut({**counts, 2008: 90_000}, 20_000) == search.cut(counts, 20_000)
    assert set(search.cut({2020: 300, 2021: 900}, 20_000).values()) == {"2020-2021"}
    assert search.cut({2021: 1, 2020: 1}, 1) == {2020: "2020", 2021: "2021"}
    assert search.segments.order(["2007-2008", search.UNDATED, "2004-2006"]) == ["2007-2008", "2004-2006",
                                                                                   search.UNDATED]
