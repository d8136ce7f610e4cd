"""Open data: JSON per issue and article records (valid against the schemas), SQLite files per
paper and year whose rows are the full records and read back as them."""

from __future__ import annotations

import json
import re
import sqlite3
from importlib import resources

import pytest
from jsonschema import Draft202012Validator

from sitekit import article_record, article_records, build_site, make_site

SITE = "title: 测试档案\nbase_url: https://example.org/archive/\noutput: public\nsearch: false\ntraditional: false\n"


def _schema(name: str) -> Draft202012Validator:
    schema = json.loads((resources.files("newsarchive") / "schemas" / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("data"), site_yaml=SITE)
    result, out = build_site(site)
    return result, out


def test_every_json_record_validates(built):
    result, out = built
    articles, issues = _schema("article.schema.json"), _schema("issue.schema.json")
    arts = article_records(out)
    iss = sorted(out.rglob("issue.json"))
    assert len(arts) == result.data["articles"] and len(iss) == result.data["issues"] == result.issues
    assert not list(out.rglob("article.json"))  # one copy of a record fewer (issue 16)
    for art_id, rec in arts.items():
        errors = list(articles.iter_errors(rec))
        assert not errors, (art_id, [e.message for e in errors[:3]])
    for path in iss:
        errors = list(issues.iter_errors(json.loads(path.read_text(encoding="utf-8"))))
        assert not errors, (path, [e.message for e in errors[:3]])


def test_article_record_has_parse_fields_and_urls(built):
    _, out = built
    rec = article_record(out, "liaoyuan/2021/10/22/01")
    assert rec["headline"] == "党史学习教育中央第二督导组到我市调研指导"
    assert rec["byline"] == "本报讯(记者 王茵)" and rec["authors"] == ["王茵"]
    assert rec["url"] == "https://example.org/archive/liaoyuan/2021/10/22/01/"
    assert rec["date"] == "2021-10-22" and rec["date_evidence"] == "masthead"
    assert rec["body"][-1].endswith("市领导台培青、杨光参加相关活动。")
    html = (out / "liaoyuan/2021/10/22/01/index.html").read_text(encoding="utf-8")
    assert "application/json" not in html  # no article.json: the record is a row of the SQLite file
    assert rec["raw_url"] == "https://example.org/archive/liaoyuan/2021/10/22/raw-1/"  # the raw-text page (no .txt)
    html = (out / "liaoyuan/2021/10/22/index.html").read_text(encoding="utf-8")
    assert '<link rel=alternate type=application/json href=issue.json>' in html  # unquoted (render.shorten)
    issue = json.loads((out / "liaoyuan/2021/10/22/issue.json").read_text(encoding="utf-8"))
    # the issue names its articles by id and the files that hold their records
    assert issue["articles"][0]["id"] == "liaoyuan/2021/10/22/01"
    assert "bulk" not in issue and issue["sqlite"] == "https://example.org/archive/data/liaoyuan/2021.sqlite"
    assert (out / "data/liaoyuan/2021.sqlite").is_file()
    assert not list(out.rglob("*.jsonl.gz"))  # one copy of a record: its SQLite row (issue 16)


def test_sqlite_rows_are_the_records(built, tmp_path):
    """Every record the build makes (``data.article_record``) reads back from its SQLite row as
    the same JSON object, every field of it."""
    from newsarchive.data import read_records

    result, out = built
    from_rows = {}
    for entry in result.data["bulk"]:
        recs = read_records(out / entry["sqlite"])
        assert len(recs) == entry["articles"]
        for rec in recs:
            from_rows[rec["id"]] = rec
    listed = {a["id"] for p in out.rglob("issue.json") for a in json.loads(p.read_text(encoding="utf-8"))["articles"]}
    assert set(from_rows) == listed  # every article an issue.json lists has its record in a SQLite file
    made = _made_records(tmp_path)
    assert made.keys() == from_rows.keys()
    for art_id, rec in made.items():
        assert from_rows[art_id] == rec, art_id
    assert any(r["figures"] for r in made.values()) and any(r["subheads"] for r in made.values())


def _made_records(tmp_path) -> dict[str, dict]:
    """The records as the build makes them before they become rows (``data.article_record``)."""
    from newsarchive import data, pipeline

    made: dict[str, dict] = {}
    original = data._insert_article

    def spy(db, rec):
        made[rec["id"]] = json.loads(json.dumps(rec))
        original(db, rec)

    site = make_site(tmp_path / "again", site_yaml=SITE)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(data, "_insert_article", spy)
        build_site(site)
    assert pipeline  # the build went through data.write_bulk
    return made


def test_open_data_is_deterministic(built, tmp_path):
    _, out = built
    site = make_site(tmp_path, site_yaml=SITE)
    _, again = build_site(site)
    for path in sorted((out / "data").rglob("*")):
        if path.is_file() and path.suffix in (".gz", ".sqlite", ".json"):
            assert path.read_bytes() == (again / path.relative_to(out)).read_bytes(), path


def test_sqlite_shards_hold_every_article(built):
    """One SQLite file per paper and year, each with the same schema, listed in data/index.json."""
    result, out = built
    index = json.loads((out / "data/index.json").read_text(encoding="utf-8"))
    shards = [b["sqlite"] for b in index["bulk"]]
    assert sorted(str(p.relative_to(out)) for p in (out / "data").rglob("*.sqlite")) == sorted(shards)
    assert not (out / "data/archive.sqlite").exists()
    ids, issues, rows, schemas = set(), 0, [], set()
    for rel, b in zip(shards, index["bulk"]):
        db = sqlite3.connect(out / rel)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        schemas.add(tuple(db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name")))
        n = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert n == b["articles"]
        ids |= {r[0] for r in db.execute("SELECT id FROM articles")}
        issues += db.execute("SELECT count(*) FROM issues").fetchone()[0]
        rows += db.execute("SELECT a.headline FROM articles a JOIN authors w ON w.article_id = a.id "
                           "WHERE w.name = '王茵' ORDER BY a.date").fetchall()
        assert db.execute("SELECT count(*) FROM authors w LEFT JOIN articles a ON a.id = w.article_id "
                          "WHERE a.id IS NULL").fetchone()[0] == 0
        db.close()
    assert len(schemas) == 1
    assert len(ids) == result.data["articles"] and issues == result.issues
    assert ids == set(article_records(out))
    assert ("党史学习教育中央第二督导组到我市调研指导",) in rows


def test_data_page_documents_fields_and_links_downloads(built):
    _, out = built
    html = (out / "data/index.html").read_text(encoding="utf-8")
    for needle in ["headline", "date_evidence", "2021.sqlite", "datasette", "sqlite3 -json", "article.schema.json"]:
        assert needle in html
    for href in re.findall(r'href="([^"]+)"', html):
        if "://" in href or href.startswith("#"):
            continue
        target = (out / "data" / href).resolve()
        if href.endswith("/"):
            target = target / "index.html"
        assert target.exists(), href


def test_sqlite_shards_are_small_pages_and_a_rowid_articles_table(built):
    """Issue 16: the published shards use 512-byte pages and keep article rows in a rowid table
    (a WITHOUT ROWID table spilled bodies to overflow pages and left them half empty), and
    still open in any SQLite client with every article found by id."""
    result, out = built
    index = json.loads((out / "data/index.json").read_text(encoding="utf-8"))
    for b in index["bulk"]:
        db = sqlite3.connect(out / b["sqlite"])
        assert db.execute("PRAGMA page_size").fetchone()[0] == 512
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'articles'").fetchone()[0]
        assert "WITHOUT ROWID" not in sql.upper()
        # rowids follow ids: the file depends on its rows only
        ids = [r[0] for r in db.execute("SELECT id FROM articles ORDER BY rowid")]
        assert ids == sorted(ids) and len(ids) == b["articles"]
        db.close()
