"""Open data: the archive as JSON per issue and SQLite files per paper and year.

* ``…/issue.json`` for every issue: its facts, its pages and its articles (number, headline,
  kind, URL), and which SQLite file holds the articles' full records (schemas in
  ``schemas/``);
* ``data/<paper>/<year>.sqlite`` (``undated.sqlite`` for undated pages): every article of a
  paper and year in tables ``issues``, ``articles``, ``authors``, one file per paper and year
  (each opens in Datasette or any SQLite client; the same schema in every file), so no file
  comes near a static host's size limit (Cloudflare Pages: 25 MiB); ``data/index.json`` says
  which file holds which paper and year.

An article's full record (``article.schema.json``) is one row of its SQLite file, every field
a column (lists as JSON text) and its authors rows of ``authors``; :func:`read_records` gives
the records back as JSON objects. Issue 16: that row is the one machine-readable copy of a
record. There was an ``article.json`` per article (until schema 2) and a gzip JSON Lines file
beside each SQLite file (until schema 3), each a second copy of every record and body.

Records are built from the same article views the HTML pages use, so the data and the pages
cannot drift apart.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Callable

from . import cachedb, urls
from .archive import Archive, Issue, Item
from .serialize import article_fields
from .write import dump_json

SCHEMA_VERSION = 3
"""2 (issue 16): no ``json_url`` in article records (no ``article.json``); ``raw_url`` is the
raw-text page (no ``.txt``); issue records name their ``bulk`` and ``sqlite`` files.
3 (issue 16): no bulk JSON Lines files; the SQLite row holds every field of the record, and
issue records name their ``sqlite`` file only."""


def article_record(item: Item, issue: Issue, view: dict, base_url: str) -> dict:
    art = item.article
    facts = item.page.facts
    return {
        "schema": SCHEMA_VERSION,
        "id": item.url.rstrip("/"),
        "url": base_url + item.url,
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
        "raw_url": base_url + urls.raw_page_url(issue.url, item.page_index),
        "file": item.page.path,
        "lines": [art.lines[0], art.lines[-1]] if art.lines else None,
        "cite": view["cite"],
        "text_id": text_id(item, view),
    }


def text_id(item: Item, view: dict) -> str:
    """The id of the text an article prints: its earliest printing's id when it is printed
    more than once (``reprints``), else its own; equal ``text_id`` = one text."""
    rep = view.get("reprints")
    return (rep["text_id"] if rep else item.url).rstrip("/")


def bucket_of(issue: Issue) -> str:
    """The paper and year whose SQLite file holds an issue's articles: ``liaoyuan/2021``."""
    return f"{issue.slug}/{issue.date.year if issue.date else 'undated'}"


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
        "pages": [{"file": pf.path, "page": pf.facts.page, "raw_url": base_url + urls.raw_page_url(issue.url, i)}
                  for i, pf in enumerate(issue.pages, 1)],
        "articles": [{"number": it.number, "headline": it.article.headline, "kind": it.article.kind,
                      "id": it.url.rstrip("/"), "url": base_url + it.url}
                     for it in issue.items],
        "sqlite": base_url + f"data/{bucket_of(issue)}.sqlite",
    }


def issue_files(issue: Issue, base_url: str) -> list[tuple[str, bytes]]:
    """``issue.json`` of one issue (its articles' records are rows of its SQLite file)."""
    # one line, without indentation (14 % of its bytes on the seed issue: issue 16); a JSON viewer indents it
    text = json.dumps(issue_record(issue, base_url), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return [(issue.url + "issue.json", (text + "\n").encode("utf-8"))]


def write_bulk(archive: Archive, load: Callable[[Issue], tuple[list[Item], dict]], base_url: str, out,
               salt: str, tokens: dict[int, str], work: Path, notes: list | None = None) -> dict:
    """The SQLite files (``data/<paper>/<year>.sqlite``) and ``data/index.json``.

    ``load(issue)`` gives an issue's items with bodies and its full view; issues are loaded one
    at a time, so memory holds one issue, and only issues whose rows must be written again.
    ``out`` is the build's writer: a SQLite file whose issues did not change (``tokens``:
    id(issue) -> digest of its inputs) is kept as it is. The working SQLite copy of everything
    is kept up to date in ``work`` (the cache folder) issue by issue, and each changed
    paper-year is exported from it (``_WorkingCopy.export``)."""
    buckets: dict[str, list[Issue]] = defaultdict(list)
    for issue in archive.issues:
        buckets[bucket_of(issue)].append(issue)
    counts = {b: sum(len(i.items) for i in iss) for b, iss in buckets.items()}
    n_articles = sum(counts.values())
    # one SQLite file per paper and year (no file near a static host's size limit), each kept
    # when its issues did not change; the working copy holds them all and is opened only when
    # one must be written again
    shard_sigs = {b: _digest(salt, f"data/{b}.sqlite", [tokens[id(i)] for i in buckets[b]]) for b in buckets}
    stale = sorted(b for b in buckets if not out.keep(f"data/{b}.sqlite", shard_sigs[b]))
    db = _WorkingCopy(work / "archive-work.sqlite", salt, archive, tokens) if stale else None
    if db is not None and notes is not None:
        notes.extend(db.notes)  # a working copy that was not ours, discarded
    try:
        if db is not None:
            for bucket in sorted(buckets):
                for issue in buckets[bucket]:
                    if db.needs(issue):
                        db.add(issue, _article_records(issue, load, base_url), base_url)
            db.commit()
            scratch = out.scratch()
            for bucket in stale:
                key = f"data/{bucket}.sqlite"
                published = scratch / (bucket.replace("/", "-") + ".sqlite")
                db.export([i.url.rstrip("/") for i in buckets[bucket]], published)
                out.begin(key, shard_sigs[bucket])
                out.write_path(key, published, shard_sigs[bucket])
                out.end()
    finally:
        if db is not None:
            db.close()
    index = [{"sqlite": f"data/{b}.sqlite", "paper": b.split("/")[0], "year": b.split("/")[1],
              "articles": counts[b]} for b in sorted(buckets)]
    out.write("data/index.json", dump_json({"schema": SCHEMA_VERSION, "bulk": index,
                                            "articles": n_articles, "issues": len(archive.issues)}))
    return {"articles": n_articles, "issues": len(archive.issues), "sqlite_files": len(buckets),
            "sqlite_written": len(stale), "bulk": index}


def _article_records(issue: Issue, load, base_url: str) -> list[dict]:
    items, view = load(issue)
    return [article_record(item, issue, art_view, base_url) for item, art_view in zip(items, view["articles"])]


def _digest(salt: str, key: str, tokens: list[str]) -> str:
    h = hashlib.blake2b(f"{salt}\0{key}".encode("utf-8"), digest_size=16)
    for t in tokens:
        h.update(b"\0" + t.encode("ascii"))
    return h.hexdigest()


class _WorkingCopy:
    """The working copy of the SQLite file, brought up to date in one transaction: rows of
    issues that changed or went away are deleted at once, rows of new or changed issues are
    ``add``-ed, together with the table of which issue it holds at which token (in a second
    file, never published). ``commit``, then ``export`` writes the published files."""

    def __init__(self, path: Path, salt: str, archive: Archive, tokens: dict[int, str]):
        state = path.with_name(path.name + ".state")
        self.notes: list = []
        """The info line when a working copy that was not this code's was discarded."""
        try:
            self.db = _connect(path, state, salt)
            problem = (cachedb.schema_problem(self.db, MAIN_TABLES, MAIN_INDEXES)
                       or cachedb.schema_problem(self.db, STATE_TABLES, schema="state"))
        except sqlite3.DatabaseError as exc:
            if not cachedb.is_corruption(exc):
                raise
            problem = str(exc)
        if problem:  # damaged, or tables this code did not make (views, triggers ...): start again
            try:
                self.db.close()
            except (AttributeError, sqlite3.Error):
                pass
            for p in (path, state):
                cachedb.remove(p)
            self.notes.append(cachedb.discarded(path, problem, "open data"))
            self.db = _connect(path, state, salt)
        self.tokens = tokens
        self.have = dict(self.db.execute("SELECT id, token FROM state.issues"))
        want = {issue.url.rstrip("/"): tokens[id(issue)] for issue in archive.issues}
        self.db.execute("BEGIN")
        for issue_id, token in self.have.items():
            if want.get(issue_id) != token:
                self.db.execute("DELETE FROM authors WHERE article_id IN "
                                "(SELECT id FROM articles WHERE issue_id = ?)", (issue_id,))
                self.db.execute("DELETE FROM articles WHERE issue_id = ?", (issue_id,))
                self.db.execute("DELETE FROM issues WHERE id = ?", (issue_id,))
                self.db.execute("DELETE FROM state.issues WHERE id = ?", (issue_id,))
        self.open = True

    def needs(self, issue: Issue) -> bool:
        return self.have.get(issue.url.rstrip("/")) != self.tokens[id(issue)]

    def add(self, issue: Issue, recs: list[dict], base_url: str) -> None:
        _insert_issue(self.db, issue_record(issue, base_url))
        for rec in recs:
            _insert_article(self.db, rec)
        self.db.execute("INSERT INTO state.issues VALUES (?, ?)", (issue.url.rstrip("/"), self.tokens[id(issue)]))

    def commit(self) -> None:
        self.db.execute("COMMIT")
        self.open = False

    def export(self, issue_ids: list[str], path: Path) -> None:
        """One shard: the rows of ``issue_ids`` (and their articles and authors) in a new file
        of the same schema, written with ``VACUUM INTO``, which gives the same bytes for the
        same rows however the working copy got them: a rebuild after one change equals a clean
        build."""
        work = path.with_name(path.name + ".work")
        self.db.execute("ATTACH DATABASE ? AS shard", (str(work),))
        try:
            self.db.execute("BEGIN")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self.db.execute(statement.replace("main.", "shard."))
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (id TEXT PRIMARY KEY)")
            self.db.execute("DELETE FROM temp.wanted")
            self.db.executemany("INSERT INTO temp.wanted VALUES (?)", [(i,) for i in issue_ids])
            self.db.execute("INSERT INTO shard.issues SELECT * FROM main.issues WHERE id IN temp.wanted ORDER BY id")
            self.db.execute("INSERT INTO shard.articles SELECT * FROM main.articles "
                            "WHERE issue_id IN temp.wanted ORDER BY id")
            self.db.execute("INSERT INTO shard.authors SELECT w.* FROM main.authors w JOIN shard.articles a "
                            "ON a.id = w.article_id ORDER BY w.article_id, w.position")
            self.db.execute("COMMIT")
        finally:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            self.db.execute("DETACH DATABASE shard")
        shard = sqlite3.connect(str(work), isolation_level=None)
        try:
            # 512-byte pages: a shard holds a few hundred rows, and each of its tables and
            # indexes takes at least one page; at 4 KiB that floor and the half-empty last pages
            # cost 0.7 KB an article on the 10k corpus, and 512 bytes save another 0.1 against
            # 1 KiB (a body spills into overflow pages that are full but the last; issue 16).
            # VACUUM INTO takes the size.
            shard.execute(f"PRAGMA page_size = {SHARD_PAGE_SIZE}")
            shard.execute("VACUUM INTO ?", (str(path),))
        finally:
            shard.close()
        work.unlink()

    def close(self) -> None:
        if self.open and self.db.in_transaction:  # failed half-way: the working copy stays as it was
            self.db.execute("ROLLBACK")
        self.db.close()


def _connect(path: Path, state: Path, salt: str) -> sqlite3.Connection:
    """The working copy, or a new one when it was made by other code or settings (``salt``).

    A new one is a new file, never tables dropped and made again: the schema cookie (bytes
    40-43 of the file) counts schema changes, and ``VACUUM INTO`` copies it."""
    mark = f"{SCHEMA_VERSION}:{salt}"
    db = _open_work(path, state)
    row = db.execute("SELECT value FROM state.meta WHERE name = 'salt'").fetchone()
    if row is not None and row[0] == mark:
        return db
    db.close()
    for p in (path, state):
        p.unlink(missing_ok=True)
    db = _open_work(path, state)
    db.execute("BEGIN")
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute("INSERT INTO state.meta VALUES ('salt', ?)", (mark,))
    db.execute("COMMIT")
    return db


def _open_work(path: Path, state: Path) -> sqlite3.Connection:
    db = sqlite3.connect(str(path), isolation_level=None, timeout=120)
    db.execute("PRAGMA journal_mode = DELETE")  # a transaction over two files is atomic only without WAL
    db.execute("ATTACH DATABASE ? AS state", (str(state),))
    db.execute("CREATE TABLE IF NOT EXISTS state.meta (name TEXT PRIMARY KEY, value TEXT)")
    db.execute("CREATE TABLE IF NOT EXISTS state.issues (id TEXT PRIMARY KEY, token TEXT)")
    return db


ARTICLE_COLUMNS = (
    "id", "issue_id", "number", "url", "paper", "city", "date", "date_evidence", "page", "kind", "kicker",
    "headline", "subheadline", "byline", "source", "body", "subheads", "continued", "credit", "source_note",
    "labels", "corrections", "figures", "file", "first_line", "last_line", "raw_url", "cite", "text_id")
"""The ``articles`` table: every field of an article record but ``schema``, ``authors`` (the
``authors`` table) and ``issue_url`` (the issue's ``url``); ``body`` is the paragraphs one a
line, ``lines`` is ``first_line`` and ``last_line``, and the lists (``subheads``, ``labels``,
``corrections``, ``figures``) are JSON text."""
_JSON_COLUMNS = ("subheads", "labels", "corrections", "figures")

SHARD_PAGE_SIZE = 512
"""The page size of the published SQLite files (the working copy keeps SQLite's default)."""

MAIN_TABLES = {
    "issues": ("id", "url", "paper", "city", "date", "date_evidence", "weekday", "lunar_date", "issue_number",
               "page_count", "pages"),
    "articles": ARTICLE_COLUMNS,
    "authors": ("article_id", "name", "position"),
}
MAIN_INDEXES = frozenset({"articles_issue", "articles_date", "articles_text", "authors_name"})
STATE_TABLES = {"meta": ("name", "value"), "issues": ("id", "token")}
"""What the working copy (``_SCHEMA``) and its state file hold: anything else is not ours."""

# Issues and authors are WITHOUT ROWID (small rows stored in key order). Articles are a rowid
# table: a WITHOUT ROWID row keeps at most about a quarter of a page in the tree and spills the
# rest of a body to overflow pages, which left 45 % of the table's pages empty (issue 16). Each
# shard is filled in id order (``export``), so its rowids, and its bytes, depend only on the rows.
_SCHEMA = """
    CREATE TABLE main.issues (
        id TEXT PRIMARY KEY, url TEXT, paper TEXT, city TEXT, date TEXT, date_evidence TEXT,
        weekday TEXT, lunar_date TEXT, issue_number INTEGER, page_count INTEGER, pages INTEGER) WITHOUT ROWID;
    CREATE TABLE main.articles (
        id TEXT PRIMARY KEY, issue_id TEXT REFERENCES issues(id), number INTEGER, url TEXT,
        paper TEXT, city TEXT, date TEXT, date_evidence TEXT, page INTEGER, kind TEXT, kicker TEXT,
        headline TEXT, subheadline TEXT, byline TEXT, source TEXT, body TEXT, subheads TEXT,
        continued TEXT, credit TEXT, source_note TEXT, labels TEXT, corrections TEXT, figures TEXT,
        file TEXT, first_line INTEGER, last_line INTEGER, raw_url TEXT, cite TEXT, text_id TEXT);
    CREATE TABLE main.authors (
        article_id TEXT REFERENCES articles(id), name TEXT, position INTEGER,
        PRIMARY KEY (article_id, position)) WITHOUT ROWID;
    CREATE INDEX main.articles_issue ON articles(issue_id);
    CREATE INDEX main.articles_date ON articles(date);
    CREATE INDEX main.articles_text ON articles(text_id);
    CREATE INDEX main.authors_name ON authors(name)
"""


def _insert_issue(db: sqlite3.Connection, r: dict) -> None:
    db.execute("INSERT INTO issues VALUES (?,?,?,?,?,?,?,?,?,?,?)",
               (r["id"], r["url"], r["paper"], r["city"], r["date"], r["date_evidence"], r["weekday"],
                r["lunar_date"], r["issue_number"], r["page_count"], len(r["pages"])))


def _insert_article(db: sqlite3.Connection, r: dict) -> None:
    # a paragraph is one raw line, so the body one paragraph a line reads back exactly (read_records)
    row = {**r, "issue_id": r["id"].rsplit("/", 1)[0], "body": "\n".join(r["body"]) if r["body"] else None,
           "first_line": r["lines"][0] if r["lines"] else None, "last_line": r["lines"][1] if r["lines"] else None}
    for c in _JSON_COLUMNS:
        row[c] = json.dumps(r[c], ensure_ascii=False, separators=(",", ":"))
    db.execute(f"INSERT INTO articles VALUES ({','.join('?' * len(ARTICLE_COLUMNS))})",
               [row[c] for c in ARTICLE_COLUMNS])
    db.executemany("INSERT INTO authors VALUES (?,?,?)", [(r["id"], name, i) for i, name in enumerate(r["authors"])])


def read_records(path: Path) -> list[dict]:
    """The article records (``article.schema.json``) a published SQLite file holds, in id
    order: what each row says, as the JSON object the build made it from."""
    db = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        authors: dict[str, list[str]] = defaultdict(list)
        for art, name in db.execute("SELECT article_id, name FROM authors ORDER BY article_id, position"):
            authors[art].append(name)
        cols = ", ".join(f"a.{c}" for c in ARTICLE_COLUMNS)
        out = []
        for values in db.execute(f"SELECT {cols}, i.url FROM articles a JOIN issues i ON i.id = a.issue_id "
                                 "ORDER BY a.id"):
            row = dict(zip(ARTICLE_COLUMNS, values))
            for c in _JSON_COLUMNS:
                row[c] = json.loads(row[c])
            first, last = row.pop("first_line"), row.pop("last_line")
            row.pop("issue_id")
            rec = {"schema": SCHEMA_VERSION, **row, "authors": authors.get(row["id"], []),
                   "body": row["body"].split("\n") if row["body"] is not None else [],
                   "lines": [first, last] if first is not None else None, "issue_url": values[-1]}
            out.append(rec)
        return out
    finally:
        db.close()
