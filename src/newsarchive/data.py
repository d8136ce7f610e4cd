"""Open data: the archive as JSON, bulk JSON Lines and one SQLite file.

* ``…/01/article.json`` for every article and ``…/issue.json`` for every issue: the fields of
  ``newsarchive parse --json`` plus URLs (schemas in ``schemas/``);
* ``data/<paper>/<year>.jsonl.gz`` (``undated.jsonl.gz`` for undated pages): every article of a
  paper and year, one JSON object a line, gzip written deterministically (no timestamp);
* ``data/archive.sqlite``: tables ``issues``, ``articles``, ``authors`` — opens in Datasette or
  any SQLite client.

Records are built from the same article views the HTML pages use, so the data and the pages
cannot drift apart.
"""

from __future__ import annotations

import gzip
import io
import json
import sqlite3
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Callable, Iterable

from . import urls
from .archive import Archive, Issue, Item
from .serialize import article_fields
from .write import dump_json

SCHEMA_VERSION = 1


def article_record(item: Item, issue: Issue, view: dict, base_url: str) -> dict:
    art = item.article
    facts = item.page.facts
    return {
        "schema": SCHEMA_VERSION,
        "id": item.url.rstrip("/"),
        "url": base_url + item.url,
        "json_url": base_url + item.url + "article.json",
        "number": item.number,
        **article_fields(art),
        "figures": [{"caption": "".join(f.body), "credit": f.byline, "photographers": list(f.authors)}
                    for f in item.figures],
        "paper": issue.paper,
        "city": issue.city,
        "date": issue.date.isoformat() if issue.date else None,
        "date_evidence": facts.date_evidence,
        "page": facts.page,
        "issue_url": base_url + issue.url,
        "raw_url": base_url + urls.raw_url(issue.url, item.page_index),
        "file": item.page.path,
        "lines": [art.lines[0], art.lines[-1]] if art.lines else None,
        "cite": view["cite"],
    }


def issue_record(issue: Issue, base_url: str) -> dict:
    f = issue.facts
    return {
        "schema": SCHEMA_VERSION,
        "id": issue.url.rstrip("/"),
        "url": base_url + issue.url,
        "json_url": base_url + issue.url + "issue.json",
        "paper": issue.paper,
        "city": issue.city,
        "slug": issue.slug,
        "date": issue.date.isoformat() if issue.date else None,
        "date_evidence": f.date_evidence,
        "date_earliest": f.date_earliest.isoformat() if f.date_earliest else None,
        "date_latest": f.date_latest.isoformat() if f.date_latest else None,
        "date_note": f.date_note or None,
        "weekday": issue.first("weekday"),
        "lunar_date": issue.first("lunar_date"),
        "issue_number": issue.first("issue_number"),
        "page_count": issue.first("page_count"),
        "pages": [{"file": pf.path, "page": pf.facts.page, "raw_url": base_url + urls.raw_url(issue.url, i)}
                  for i, pf in enumerate(issue.pages, 1)],
        "articles": [{"number": it.number, "headline": it.article.headline, "kind": it.article.kind,
                      "url": base_url + it.url, "json_url": base_url + it.url + "article.json"}
                     for it in issue.items],
    }


def records(archive: Archive, item_views: dict[int, dict], base_url: str) -> Iterable[tuple[Issue, dict, list[dict]]]:
    for issue in archive.issues:
        arts = [article_record(it, issue, item_views[id(it)], base_url) for it in issue.items]
        yield issue, issue_record(issue, base_url), arts


def write_data(archive: Archive, item_views: dict[int, dict], base_url: str,
               write: Callable[[str, bytes], None]) -> dict:
    """Write every JSON record, the bulk files and the SQLite file; return counts."""
    bulk: dict[str, list[dict]] = defaultdict(list)
    n_articles = 0
    db_path = Path(tempfile.mkdtemp(prefix="newsarchive-db-")) / "archive.sqlite"
    db = _open_db(db_path)
    for issue, irec, arts in records(archive, item_views, base_url):
        write(issue.url + "issue.json", dump_json(irec))
        _insert_issue(db, irec)
        for rec in arts:
            write(rec["id"] + "/article.json", dump_json(rec))
            bucket = f"{issue.slug}/{issue.date.year if issue.date else 'undated'}"
            bulk[bucket].append(rec)
            _insert_article(db, rec)
            n_articles += 1
    for bucket in sorted(bulk):
        write(f"data/{bucket}.jsonl.gz", _gzip_lines(bulk[bucket]))
    db.commit()
    db.execute("VACUUM")
    db.close()
    write("data/archive.sqlite", db_path.read_bytes())
    db_path.unlink()
    db_path.parent.rmdir()
    index = [{"file": f"data/{b}.jsonl.gz", "paper": b.split("/")[0], "year": b.split("/")[1],
              "articles": len(bulk[b])} for b in sorted(bulk)]
    write("data/index.json", dump_json({"schema": SCHEMA_VERSION, "bulk": index, "sqlite": "data/archive.sqlite",
                                        "articles": n_articles, "issues": len(archive.issues)}))
    return {"articles": n_articles, "issues": len(archive.issues), "bulk_files": len(bulk), "bulk": index}


def _gzip_lines(recs: list[dict]) -> bytes:
    raw = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in recs).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    return buf.getvalue()


def _open_db(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(str(path))
    db.executescript("""
        PRAGMA page_size = 4096;
        PRAGMA journal_mode = OFF;
        CREATE TABLE issues (
            id TEXT PRIMARY KEY, url TEXT, paper TEXT, city TEXT, date TEXT, date_evidence TEXT,
            weekday TEXT, lunar_date TEXT, issue_number INTEGER, page_count INTEGER, pages INTEGER);
        CREATE TABLE articles (
            id TEXT PRIMARY KEY, issue_id TEXT REFERENCES issues(id), number INTEGER, url TEXT,
            paper TEXT, city TEXT, date TEXT, page INTEGER, kind TEXT, kicker TEXT, headline TEXT,
            subheadline TEXT, byline TEXT, source TEXT, body TEXT, continued TEXT, file TEXT, cite TEXT);
        CREATE TABLE authors (article_id TEXT REFERENCES articles(id), name TEXT, position INTEGER);
        CREATE INDEX articles_date ON articles(date);
        CREATE INDEX articles_paper ON articles(paper, date);
        CREATE INDEX authors_name ON authors(name);
    """)
    return db


def _insert_issue(db: sqlite3.Connection, r: dict) -> None:
    db.execute("INSERT INTO issues VALUES (?,?,?,?,?,?,?,?,?,?,?)",
               (r["id"], r["url"], r["paper"], r["city"], r["date"], r["date_evidence"], r["weekday"],
                r["lunar_date"], r["issue_number"], r["page_count"], len(r["pages"])))


def _insert_article(db: sqlite3.Connection, r: dict) -> None:
    db.execute("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
               (r["id"], r["id"].rsplit("/", 1)[0], r["number"], r["url"], r["paper"],
                r["city"], r["date"], r["page"], r["kind"], r["kicker"], r["headline"], r["subheadline"],
                r["byline"], r["source"], "\n".join(r["body"]), r["continued"], r["file"], r["cite"]))
    db.executemany("INSERT INTO authors VALUES (?,?,?)", [(r["id"], name, i) for i, name in enumerate(r["authors"])])
