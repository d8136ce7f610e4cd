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
import shutil
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Callable

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


def issue_files(issue: Issue, items: list[Item], view: dict, base_url: str) -> list[tuple[str, bytes]]:
    """``issue.json`` and every ``article.json`` of one issue (``view``: its full Issue view)."""
    out = [(issue.url + "issue.json", dump_json(issue_record(issue, base_url)))]
    for item, art_view in zip(items, view["articles"]):
        rec = article_record(item, issue, art_view, base_url)
        out.append((rec["id"] + "/article.json", dump_json(rec)))
    return out


def write_bulk(archive: Archive, load: Callable[[Issue], tuple[list[Item], dict]], base_url: str, out,
               sig: str) -> dict:
    """The bulk files (``data/<paper>/<year>.jsonl.gz``), the SQLite file and ``data/index.json``.

    ``load(issue)`` gives an issue's items with bodies and its full view; issues are loaded one
    at a time, one bulk file at a time, so memory holds one paper-year. ``out`` is the build's
    writer: when ``sig`` (the digest of every issue's inputs) is unchanged the files are kept."""
    buckets: dict[str, list[Issue]] = defaultdict(list)
    for issue in archive.issues:
        buckets[f"{issue.slug}/{issue.date.year if issue.date else 'undated'}"].append(issue)
    counts = {b: sum(len(i.items) for i in iss) for b, iss in buckets.items()}
    n_articles = sum(counts.values())
    if not out.keep("data", sig):
        out.begin("data", sig)
        tmp = out.scratch()
        try:
            db = _open_db(tmp / "archive.sqlite")
            for bucket in sorted(buckets):
                lines = io.BytesIO()
                with gzip.GzipFile(filename="", mode="wb", fileobj=lines, mtime=0, compresslevel=9) as gz:
                    for issue in buckets[bucket]:
                        items, view = load(issue)
                        irec = issue_record(issue, base_url)
                        _insert_issue(db, irec)
                        for item, art_view in zip(items, view["articles"]):
                            rec = article_record(item, issue, art_view, base_url)
                            gz.write((json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
                            _insert_article(db, rec)
                out.write(f"data/{bucket}.jsonl.gz", lines.getvalue())
            db.commit()
            db.execute("VACUUM")
            db.close()
            out.write("data/archive.sqlite", (tmp / "archive.sqlite").read_bytes())
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        out.end()
    index = [{"file": f"data/{b}.jsonl.gz", "paper": b.split("/")[0], "year": b.split("/")[1],
              "articles": counts[b]} for b in sorted(buckets)]
    out.write("data/index.json", dump_json({"schema": SCHEMA_VERSION, "bulk": index, "sqlite": "data/archive.sqlite",
                                            "articles": n_articles, "issues": len(archive.issues)}))
    return {"articles": n_articles, "issues": len(archive.issues), "bulk_files": len(buckets), "bulk": index}


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
