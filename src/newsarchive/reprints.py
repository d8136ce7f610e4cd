"""The reprints stage of a build: which articles of the archive print one text (``reuse``).

``for_build`` keeps the fingerprint index in the cache (``reuse.sqlite``) between builds and
brings it up to date with the archive: only articles that are new or changed (their page
file's record key changed) are fingerprinted and matched against the index, deleted ones are
dropped with their pairs. The confirmed pairs are kept in the index too, so the result is the
same set of pairs a build from nothing finds (``tests/test_reprints.py`` checks it byte for
byte on the site). A fingerprint that becomes common (``reuse.COMMON``), or stops being
common, because of the change re-matches every article that prints it, for the same reason.

The result (``Reprints``) says, for every printed article, the other printings of its text
(paper, date, headline, how much of this text the other prints), which is the earliest, and
the text's id: the URL of its earliest printing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import cachedb, forks, reuse
from .archive import UNKNOWN_PAPER, Archive, Issue, full_items

DB_NAME = "reuse.sqlite"
MIN_CHARS = 60
"""Texts shorter than this (normalised characters) are not matched: a brief or a caption
shares too little to tell a reprint from a set phrase."""


@dataclass
class Reprints:
    clusters: dict[str, list[str]] = field(default_factory=dict)
    """Text id (the earliest printing's URL) -> the URLs of its printings, earliest first."""
    of: dict[str, dict] = field(default_factory=dict)
    """Article URL -> ``{"text_id", "count", "earliest", "others": [...]}`` (only articles
    with another printing)."""
    stats: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    def text_id(self, url: str) -> str | None:
        info = self.of.get(url)
        return info["text_id"] if info else None

    def digest(self, issue: Issue) -> str:
        """A digest of the reprint relations the issue's pages show ("" when there are none)."""
        rel = [(it.url, self.of[it.url]) for it in issue.items if it.url in self.of]
        if not rel:
            return ""
        blob = json.dumps(rel, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def _page_key(pf) -> str:
    """A page file's key in the index: its record key (bytes, sidecar, path and parser). An
    article's key is its page's and its place in the file, ``PAGE:N``."""
    if not pf.key:
        from .pages import record_digest

        pf.key = record_digest(pf)
    return pf.key


class _Current:
    """The archive's articles by index key, found through their page file (so a rebuild
    looks at the pages, not at every article, to know what changed)."""

    def __init__(self, archive: Archive):
        self.pages: dict[str, Issue] = {}
        for issue in archive.issues:
            for pf in issue.pages:
                self.pages[_page_key(pf)] = issue
        self._by_issue: dict[int, dict[str, tuple[Issue, object]]] = {}

    def of_issue(self, issue: Issue) -> dict[str, tuple[Issue, object]]:
        """key -> (issue, item) of the issue's articles."""
        got = self._by_issue.get(id(issue))
        if got is None:
            places = {id(a): f"{_page_key(pf)}:{i}" for pf in issue.pages for i, a in enumerate(pf.articles)}
            got = {places[id(it.article)]: (issue, it) for it in issue.items if it.article.is_article}
            self._by_issue[id(issue)] = got
        return got

    def of_page(self, page_key: str) -> list[str]:
        return sorted(k for k in self.of_issue(self.pages[page_key]) if k.rpartition(":")[0] == page_key)

    def get(self, key: str):
        issue = self.pages.get(key.rpartition(":")[0])
        return None if issue is None else self.of_issue(issue).get(key)

    def __getitem__(self, key: str):
        return self.of_issue(self.pages[key.rpartition(":")[0]])[key]

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None


def _order(issue: Issue, url: str) -> tuple:
    return (issue.date or date.max, issue.slug, url)


def for_build(config, archive: Archive, pages_of, release=None, workers: int = 1) -> Reprints:
    """Sync the cached index with ``archive`` and find its reprints. ``pages_of(issue)`` gives
    the full records of an issue's page files (the archive holds summaries). With ``workers``
    above 1, the new articles of many issues are read and fingerprinted in that many forked
    processes; ``release()`` closes the caller's SQLite handles first (none may cross a fork)."""
    started = time.perf_counter()
    folder = config.root / config.cache
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / DB_NAME
    notes = _check(path)
    current = _Current(archive)
    dirty = Path(str(path) + "-dirty")  # a sync killed half-way leaves this: the index is not trusted
    if dirty.exists():
        cachedb.remove(path)
        dirty.unlink()
    index = reuse.Index(path)
    try:
        stored = index.page_keys()
        if stored and not stored & current.pages.keys():  # nothing kept (the parser changed): start afresh
            index.close()
            cachedb.remove(path)
            index = reuse.Index(path)
            stored = set()
        gone = sorted(k for pk in sorted(stored - current.pages.keys()) for k in index.keys_of_page(pk))
        new = sorted(k for pk in current.pages.keys() - stored for k in current.of_page(pk))
    finally:
        index.close()  # closed while the new articles are fingerprinted (that may fork)
    stats = {"added": len(new), "removed": len(gone)}
    with _fingerprinted(current, new, pages_of, release, workers) as made:  # forks before the index opens
        index = reuse.Index(path)
        try:
            if gone or new:
                dirty.touch()
                _sync(index, current, gone, made, cold=not stored)
                index.set_pages(sorted(stored - current.pages.keys()), sorted(current.pages.keys() - stored))
                dirty.unlink()
            pairs = index.kept_pairs()
            result = _result(current, pairs)
            stats["articles"] = index.size()
        finally:
            index.close()
    result.notes = notes
    stats.update(pairs=len(pairs), clusters=len(result.clusters), seconds=round(time.perf_counter() - started, 3))
    result.stats = stats
    return result


PARALLEL_MIN_ISSUES = 64
"""Fewer issues with new articles than this are fingerprinted in-process (a fork costs more)."""


@contextlib.contextmanager
def _fingerprinted(current: _Current, new: list[str], pages_of, release, workers: int):
    """The fingerprints of the ``new`` articles, from their issues' full records: an iterator
    of one list of (key, ``Prints``) per issue, consumed as they are made (so memory holds a
    few issues' fingerprints, not the archive's: 100k articles' were 0.9 GB)."""
    wanted = set(new)
    by_issue: dict[int, Issue] = {}
    for k in new:
        issue = current[k][0]
        by_issue.setdefault(id(issue), issue)
    issues = list(by_issue.values())
    if workers > 1 and len(issues) >= PARALLEL_MIN_ISSUES and forks.can_fork():
        if release is not None:
            release()
        with forks.pool(workers, (issues, current, wanted, pages_of)) as pool:  # forked before the caller opens the index
            yield pool.imap(_prints_worker, range(len(issues)), chunksize=max(1, min(16, len(issues) // (workers * 8))))
    else:
        yield (_issue_prints(issue, current, wanted, pages_of) for issue in issues)


def _prints_worker(n: int) -> list:
    issues, current, wanted, pages_of = forks.job()
    return _issue_prints(issues[n], current, wanted, pages_of)


def _issue_prints(issue: Issue, current: _Current, wanted: set[str], pages_of) -> list[tuple[str, reuse.Prints]]:
    """(key, fingerprints) of the wanted articles of one issue; a text shorter than
    ``MIN_CHARS`` has none (it is too short to tell a reprint from a set phrase)."""
    items = full_items(issue, pages_of(issue))
    keys = {id(it): k for k, (_, it) in current.of_issue(issue).items()}
    out = []
    for summary, full in zip(issue.items, items):
        key = keys.get(id(summary))
        if key in wanted:
            p = reuse.fingerprints("\n".join(full.article.body))
            out.append((key, p if p.length >= MIN_CHARS else reuse.Prints({}, p.length)))
    return out


def _check(path: Path) -> list:
    """Discard an index file this code did not make (the cache is trusted for speed only)."""
    if not path.exists():
        return []
    try:
        db = sqlite3.connect(str(path))
        try:
            problem = cachedb.schema_problem(db, reuse.Index.TABLES, reuse.Index.INDEXES)
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        problem = str(exc)
    if not problem:
        return []
    cachedb.remove(path)
    return [cachedb.discarded(path, problem, "reprint")]


ADD_BATCH = 512
"""Articles added to the index in one transaction."""


def _sync(index: reuse.Index, current: _Current, gone: list[str], made, cold: bool) -> None:
    """Drop the ``gone`` articles, add the new ones as ``made`` gives them (lists of (key,
    ``Prints``)), and match what the change can have paired or unpaired."""
    delta: dict[int, int] = {}  # how many more articles print each fingerprint after the sync
    if gone:
        for p in index.prints(gone).values():
            for h in p.at:
                delta[h] = delta.get(h, 0) - 1
    index.remove(gone)
    new: list[str] = []
    batch: list[tuple[str, reuse.Prints]] = []
    for part in made:
        for key, p in part:
            new.append(key)
            if not cold:  # a cold index is matched whole: which fingerprints became common does not matter
                for h in p.at:
                    delta[h] = delta.get(h, 0) + 1
        batch.extend(part)
        if len(batch) >= ADD_BATCH:
            index.add(batch)
            batch = []
    index.add(batch)
    if cold:
        candidates = index.candidates()
        redo: set[str] = set(new)
    else:
        after = index.counts(h for h, d in delta.items() if d)
        crossed = [h for h, d in sorted(delta.items())
                   if d and (after.get(h, 0) - d > reuse.COMMON) != (after.get(h, 0) > reuse.COMMON)]
        redo = set(new) | (index.keys_with(crossed) if crossed else set())
        candidates = index.candidates(redo)
    prints = index.prints({k for c in candidates for k in (c.a, c.b)})
    confirmed = []
    for c in candidates:
        got = reuse.confirm(prints[c.a], prints[c.b])
        if got:
            confirmed.append(reuse.Pair(c.a, c.b, *got))
    index.set_pairs(redo, confirmed)


def _result(current: _Current, pairs: list[reuse.Pair]) -> Reprints:
    pairs = [p for p in pairs if p.a in current and p.b in current]
    order = {k: _order(current[k][0], current[k][1].url) for p in pairs for k in (p.a, p.b)}
    groups = reuse.clusters(pairs, order)
    share: dict[tuple[str, str], float] = {}
    for p in pairs:
        share[(p.a, p.b)], share[(p.b, p.a)] = p.share_a, p.share_b
    out = Reprints()
    for members in groups.values():
        urls_ = [current[k][1].url for k in members]
        text_id = urls_[0]
        out.clusters[text_id] = urls_
        for k in members:
            issue, item = current[k]
            others = []
            for j, m in enumerate(members):
                if m == k:
                    continue
                o_issue, o_item = current[m]
                s = share.get((k, m))  # None: printings of one text joined through a third
                others.append({
                    "url": o_item.url, "paper": o_issue.paper or UNKNOWN_PAPER, "slug": o_issue.slug,
                    "date": o_issue.date, "title": _title(o_item), "source": o_item.article.source,
                    "share": None if s is None else round(s * 100), "earliest": j == 0,
                })
            out.of[item.url] = {"text_id": text_id, "count": len(members), "earliest": k == members[0],
                                "others": others}
    return out


def _title(item) -> str:
    from .titles import display_title

    art = item.article
    return display_title(art.headline, art.kind, art.summary_text())
