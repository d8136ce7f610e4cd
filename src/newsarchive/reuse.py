"""Text reuse: which articles print the same text (reprints, 通稿), across papers and dates.

The method is the one passim and MOSS use, sized for a static build:

1. **Fingerprints** (``fingerprints``). An article's text is normalised (NFKC, white space
   and punctuation removed, so column breaks, re-breaking and full-width forms do not
   matter) and cut into overlapping character n-grams (``N`` characters). A content-defined
   sample of them is kept: the n-grams whose hash falls in one residue class of ``SAMPLE``.
   The same passage gives the same sample in every paper that prints it, whatever comes
   before or after it, so trimmed, retitled and reordered reprints keep the fingerprints of
   what they kept; an OCR error costs only the few n-grams that cover it.
2. **An inverted index** (``Index``, SQLite, so it is kept between builds and a new issue is
   matched against it without reading the archive again): fingerprint -> articles. A
   fingerprint printed by very many articles (a set phrase, a boilerplate line) says nothing
   about reuse and is ignored (``COMMON``).
3. **Pairs** (``Index.pairs``). Two articles are printings of one text when they share at
   least ``MIN_SHARED`` fingerprints and those cover at least ``MIN_CONTAINMENT`` of the
   shorter one's: containment, not Jaccard, because a reprint is often a trimmed copy.
4. **Clusters** (``clusters``): the connected groups of pairs; a cluster is named by its
   earliest printing.

Everything is deterministic: the hash is CRC-32 of the UTF-8 n-gram, the order of every
result is sorted.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

N = 8
"""Characters per n-gram: long enough that two unrelated texts rarely share one, short
enough that 1-3 % OCR errors leave most of a passage's n-grams intact."""
SAMPLE = 8
"""One n-gram in SAMPLE (by hash) is kept."""
MIN_SHARED = 4
"""Fewer shared fingerprints than this is a shared phrase, not a shared text."""
MIN_CONTAINMENT = 0.5
"""The share of one of the two texts (by characters) that must be in passages both print:
more than half of one of them, so a long quotation in a short piece is not a reprint."""
GAP = 64
"""Shared fingerprints this close (in characters) belong to one shared passage."""
SHIFT = 3
MIN_SHARED_SHARE = 0.2
"""Candidates: shared fingerprints over the smaller set's (the texts confirm them)."""
COMMON = 50
"""A fingerprint in more articles than this is a set phrase; it is not used to pair."""

_DROP = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """The characters reuse is judged on: NFKC, without white space or punctuation."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Prints:
    """A text's fingerprints, each with the position of its first n-gram in the normalised
    text (in order of position), and the normalised text's length."""

    at: dict[int, int]
    length: int


def fingerprints(text: str) -> Prints:
    """The fingerprints of a text (see the module's description)."""
    t = normalise(text)
    crc = zlib.crc32
    kept: dict[int, int] = {}
    for i in range(len(t) - N + 1):
        h = crc(t[i:i + N].encode("utf-8"))
        if h % SAMPLE == 0 and h not in kept:
            kept[h] = i
    return Prints(kept, len(t))


def _covered(shared: set[int], a: Prints, b: Prints) -> tuple[int, int]:
    """Characters of ``a`` and of ``b`` in passages both print: runs of shared fingerprints,
    each within ``GAP`` characters of the next and at the same distance in both texts (give
    or take ``SHIFT`` characters dropped or doubled by OCR). A set phrase, or two phrases
    that happen to be printed near each other, makes no run."""
    hits = sorted((a.at[h], b.at[h]) for h in shared)
    cov_a = cov_b = 0
    start = 0
    for i in range(1, len(hits) + 1):
        if (i < len(hits) and hits[i][0] - hits[i - 1][0] <= GAP
                and abs((hits[i][1] - hits[i][0]) - (hits[i - 1][1] - hits[i - 1][0])) <= SHIFT):
            continue
        if i - start >= 2:  # a run of two or more
            cov_a += hits[i - 1][0] - hits[start][0] + N
            cov_b += max(h[1] for h in hits[start:i]) - min(h[1] for h in hits[start:i]) + N
        start = i
    return min(cov_a, a.length), min(cov_b, b.length)


def confirm(a: Prints, b: Prints) -> tuple[int, float, float] | None:
    """Whether two texts share a passage, not only phrases: (shared fingerprints, share of
    ``a`` and share of ``b`` in shared passages, by characters), or None."""
    shared = a.at.keys() & b.at.keys()
    if len(shared) < MIN_SHARED:
        return None
    cov_a, cov_b = _covered(shared, a, b)
    share_a = cov_a / a.length if a.length else 0.0
    share_b = cov_b / b.length if b.length else 0.0
    if max(share_a, share_b) < MIN_CONTAINMENT:
        return None
    return len(shared), round(share_a, 3), round(share_b, 3)


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    shared: int
    """Fingerprints the two share."""
    share_a: float
    """How much of ``a`` (by characters) is in passages ``b`` prints too."""
    share_b: float


class Index:
    """Fingerprints of every article (with their positions), by article key, in a SQLite file
    (or in memory), the confirmed pairs a build keeps between builds (``pair``), and the keys
    of the page files the articles come from (``page``: kept by ``reprints``)."""

    TABLES = {"doc": ("id", "key", "size", "length"), "fp": ("h", "doc", "pos"),
              "pair": ("a", "b", "shared", "share_a", "share_b"), "page": ("key",)}
    INDEXES = frozenset({"fp_h", "fp_doc", "doc_key", "pair_a", "pair_b"})

    def __init__(self, path: Path | str = ":memory:"):
        self.db = sqlite3.connect(str(path), isolation_level=None)  # transactions are explicit (BEGIN)
        self.db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE IF NOT EXISTS doc (id INTEGER PRIMARY KEY, key TEXT NOT NULL, size INTEGER NOT NULL,"
            " length INTEGER NOT NULL DEFAULT 0);"
            "CREATE UNIQUE INDEX IF NOT EXISTS doc_key ON doc(key);"
            "CREATE TABLE IF NOT EXISTS fp (h INTEGER NOT NULL, doc INTEGER NOT NULL, pos INTEGER NOT NULL DEFAULT 0);"
            "CREATE TABLE IF NOT EXISTS pair (a TEXT NOT NULL, b TEXT NOT NULL, shared INTEGER NOT NULL,"
            " share_a REAL NOT NULL, share_b REAL NOT NULL);"
            "CREATE INDEX IF NOT EXISTS pair_a ON pair(a);"
            "CREATE INDEX IF NOT EXISTS pair_b ON pair(b);"
            "CREATE TABLE IF NOT EXISTS page (key TEXT PRIMARY KEY) WITHOUT ROWID;"
        )
        self._indexed = self._has_fp_index()

    def _has_fp_index(self) -> bool:
        return bool(self.db.execute("SELECT 1 FROM sqlite_master WHERE name='fp_h'").fetchone())

    def close(self) -> None:
        self.db.close()

    def keys(self) -> set[str]:
        return {k for (k,) in self.db.execute("SELECT key FROM doc")}

    def size(self) -> int:
        """How many articles the index holds."""
        return self.db.execute("SELECT count(*) FROM doc").fetchone()[0]

    def page_keys(self) -> set[str]:
        """The page files whose articles the index holds (kept by ``set_pages``)."""
        return {k for (k,) in self.db.execute("SELECT key FROM page")}

    def keys_of_page(self, page: str) -> list[str]:
        """The articles of one page file: the keys ``PAGE:N``."""
        return [k for (k,) in self.db.execute("SELECT key FROM doc WHERE key > ? AND key < ?", (page + ":", page + ";"))]

    def set_pages(self, gone: Iterable[str], new: Iterable[str]) -> None:
        self.db.executemany("DELETE FROM page WHERE key=?", [(k,) for k in gone])
        self.db.executemany("INSERT INTO page VALUES (?)", [(k,) for k in new])

    def add(self, docs: Iterable[tuple]) -> None:
        """Add (or replace) articles: (key, fingerprints) or (key, ``Prints``). Fingerprints
        given as a mapping keep their positions (``Prints.at``), so pairs can be confirmed
        later from the index alone (``prints``)."""
        cur = self.db.cursor()
        cur.execute("BEGIN")
        for key, fps in docs:
            length = 0
            if isinstance(fps, Prints):
                fps, length = fps.at, fps.length
            rows = sorted(fps.items()) if isinstance(fps, dict) else [(h, 0) for h in sorted(fps)]
            row = cur.execute("SELECT id FROM doc WHERE key=?", (key,)).fetchone()
            if row:
                cur.execute("DELETE FROM fp WHERE doc=?", row)
                cur.execute("UPDATE doc SET size=?, length=? WHERE id=?", (len(rows), length, row[0]))
                doc = row[0]
            else:
                doc = cur.execute("INSERT INTO doc (key, size, length) VALUES (?, ?, ?)",
                                  (key, len(rows), length)).lastrowid
            cur.executemany("INSERT INTO fp (h, doc, pos) VALUES (?, ?, ?)", [(h, doc, at) for h, at in rows])
        cur.execute("COMMIT")

    def remove(self, keys: Iterable[str]) -> None:
        cur = self.db.cursor()
        cur.execute("BEGIN")
        for key in keys:
            row = cur.execute("SELECT id FROM doc WHERE key=?", (key,)).fetchone()
            if row:
                cur.execute("DELETE FROM fp WHERE doc=?", row)
                cur.execute("DELETE FROM doc WHERE id=?", row)
            cur.execute("DELETE FROM pair WHERE a=? OR b=?", (key, key))
        cur.execute("COMMIT")

    def prints(self, keys: Iterable[str]) -> dict[str, Prints]:
        """The fingerprints (with positions) and lengths of articles, as ``add`` stored them."""
        self._ensure_index()
        out = {}
        for key in sorted(set(keys)):
            row = self.db.execute("SELECT id, length FROM doc WHERE key=?", (key,)).fetchone()
            if row:
                at = dict(self.db.execute("SELECT h, pos FROM fp WHERE doc=? ORDER BY pos, h", (row[0],)))
                out[key] = Prints(at, row[1])
        return out

    def counts(self, hashes: Iterable[int]) -> dict[int, int]:
        """How many articles print each of ``hashes``."""
        self._ensure_index()
        hs = sorted(set(hashes))
        out = {}
        for n in range(0, len(hs), 500):
            chunk = hs[n:n + 500]
            out.update(self.db.execute(
                f"SELECT h, count(*) FROM fp WHERE h IN ({','.join('?' * len(chunk))}) GROUP BY h", chunk))
        return out

    def keys_with(self, hashes: Iterable[int]) -> set[str]:
        """The articles that print any of ``hashes``."""
        self._ensure_index()
        hs = sorted(set(hashes))
        out: set[str] = set()
        for n in range(0, len(hs), 500):
            chunk = hs[n:n + 500]
            out.update(k for (k,) in self.db.execute(
                "SELECT DISTINCT d.key FROM fp JOIN doc d ON d.id = fp.doc "
                f"WHERE fp.h IN ({','.join('?' * len(chunk))})", chunk))
        return out

    def set_pairs(self, keys: Iterable[str], pairs: Iterable["Pair"]) -> None:
        """Replace the kept pairs that involve ``keys`` by ``pairs``."""
        cur = self.db.cursor()
        cur.execute("BEGIN")
        cur.executemany("DELETE FROM pair WHERE a=? OR b=?", [(k, k) for k in keys])
        cur.executemany("INSERT INTO pair VALUES (?, ?, ?, ?, ?)",
                        [(p.a, p.b, p.shared, p.share_a, p.share_b) for p in pairs])
        cur.execute("COMMIT")

    def kept_pairs(self) -> list["Pair"]:
        rows = self.db.execute("SELECT DISTINCT a, b, shared, share_a, share_b FROM pair ORDER BY a, b").fetchall()
        return [Pair(str(a), str(b), int(s), float(x), float(y)) for a, b, s, x, y in rows]

    def _ensure_index(self) -> None:
        if not self._indexed:
            self.db.executescript("CREATE INDEX IF NOT EXISTS fp_h ON fp(h, doc);"
                                  "CREATE INDEX IF NOT EXISTS fp_doc ON fp(doc);")
            self._indexed = True

    def candidates(self, keys: Iterable[str] | None = None) -> list[Pair]:
        """Pairs of articles that share enough fingerprints to be printings of one text: all
        of them, or those with an article of ``keys``. ``confirm`` them with the texts."""
        self._ensure_index()
        db = self.db
        db.execute("DROP TABLE IF EXISTS temp.common")
        if keys is None:
            db.execute("CREATE TEMP TABLE common AS SELECT h FROM fp GROUP BY h HAVING count(*) > ?", (COMMON,))
            db.execute("CREATE INDEX temp.common_h ON common(h)")
            rows = db.execute(
                "SELECT x.doc, y.doc, count(*) FROM fp x JOIN fp y ON x.h = y.h AND x.doc < y.doc "
                "WHERE x.h NOT IN (SELECT h FROM temp.common) GROUP BY x.doc, y.doc HAVING count(*) >= ?",
                (MIN_SHARED,)).fetchall()
        else:
            # only what the wanted articles print is looked up: fast whatever the index's size
            db.execute("DROP TABLE IF EXISTS temp.want")
            db.execute("CREATE TEMP TABLE want (id INTEGER PRIMARY KEY)")
            db.executemany("INSERT OR IGNORE INTO temp.want SELECT id FROM doc WHERE key=?", [(k,) for k in keys])
            db.execute("CREATE TEMP TABLE common AS SELECT h FROM fp WHERE h IN "
                       "(SELECT DISTINCT h FROM fp WHERE doc IN (SELECT id FROM temp.want)) "
                       "GROUP BY h HAVING count(*) > ?", (COMMON,))
            db.execute("CREATE INDEX temp.common_h ON common(h)")
            rows = db.execute(
                "SELECT min(x.doc, y.doc), max(x.doc, y.doc), count(*) FROM fp x "
                "JOIN fp y ON x.h = y.h AND x.doc <> y.doc "
                "WHERE x.doc IN (SELECT id FROM temp.want) AND x.h NOT IN (SELECT h FROM temp.common) "
                "AND (y.doc NOT IN (SELECT id FROM temp.want) OR x.doc < y.doc) "
                "GROUP BY x.doc, y.doc HAVING count(*) >= ?", (MIN_SHARED,)).fetchall()
        ids = sorted({d for x, y, _ in rows for d in (x, y)})
        info = {}
        for n in range(0, len(ids), 500):
            chunk = ids[n:n + 500]
            info.update((i, (k, s)) for i, k, s in db.execute(
                f"SELECT id, key, size FROM doc WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        out = []
        for x, y, shared in rows:
            (ka, na), (kb, nb) = info[x], info[y]
            if shared < MIN_SHARED_SHARE * min(na, nb):
                continue
            if kb < ka:
                ka, kb, na, nb = kb, ka, nb, na
            out.append(Pair(ka, kb, shared, round(shared / na, 3), round(shared / nb, 3)))
        return sorted(set(out), key=lambda p: (p.a, p.b))


def pairs(index: Index, prints: dict[str, Prints], keys: Iterable[str] | None = None) -> list[Pair]:
    """The index's candidates confirmed on the articles' fingerprints (``prints``, by key)."""
    out = []
    for c in index.candidates(keys):
        got = confirm(prints[c.a], prints[c.b])
        if got:
            out.append(Pair(c.a, c.b, *got))
    return out


def clusters(pairs: Iterable[Pair], order: dict[str, tuple] | None = None) -> dict[str, list[str]]:
    """Connected groups of paired articles: cluster name -> its keys, in printing order.

    ``order`` gives each key a sort key (date, paper, page …; by default the key itself); the
    cluster is named by its first member, the earliest printing."""
    parent: dict[str, str] = {}

    def find(k: str) -> str:
        root = k
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(k, k) != root:
            parent[k], k = root, parent[k]
        return root

    for p in pairs:
        ra, rb = find(p.a), find(p.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
        parent.setdefault(p.a, p.a)
        parent.setdefault(p.b, p.b)
    groups: dict[str, list[str]] = {}
    for k in parent:
        groups.setdefault(find(k), []).append(k)
    rank = (lambda k: (order[k], k)) if order else (lambda k: (k,))
    out = {}
    for members in groups.values():
        members.sort(key=rank)
        out[members[0]] = members
    return dict(sorted(out.items(), key=lambda kv: rank(kv[0])))
