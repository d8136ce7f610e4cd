"""The reference client: the query algorithm of search.js in Python, reading the same files."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable

from .segments import segment_prefix
from .format import decode_dir, decode_meta, decode_postings, decode_urls, key_code, shard_of
from .textmodel import is_indexable, normalise, parse_query


def cover(costs: list[int]) -> list[int]:
    """Cheapest set of bigram offsets covering every character of a term of len(costs)+1 chars.

    f[j] = costs[j] + min(f[j-1], f[j-2]); ties prefer j-2 (fewer requests). Same in search.js.
    """
    n = len(costs)
    f = [0] * n
    back = [-1] * n
    for j in range(n):
        if j == 0:
            f[j] = costs[0]
        elif j == 1:
            f[j] = costs[1] + f[0]
            back[j] = 0
        else:
            if f[j - 2] <= f[j - 1]:
                f[j], back[j] = costs[j] + f[j - 2], j - 2
            else:
                f[j], back[j] = costs[j] + f[j - 1], j - 1
    out = []
    j = n - 1
    while j >= 0:
        out.append(j)
        j = back[j]
    return out[::-1]


@dataclass
class Result:
    total: int
    ids: list[int]
    """All matching doc ids after filters, in display order."""
    scores: dict[int, int]
    counts: dict[int, int]
    """doc -> number of matches (all terms, all variants), unweighted."""
    page: list[int]
    texts: dict[int, dict]
    """Shown hit -> ``{u, t, k, s, b, x}`` (URL, display title, kicker, subheadline, byline,
    body), read from its article page (:func:`page_text`)."""
    terms: list[list[str]]
    fetched: list[tuple[str, int]]
    """(path or path#start-end, bytes) in fetch order, for this query (init files excluded)."""
    folds: dict[int, tuple[int, int]] | None = None
    """With ``fold``: hit -> (printings of its text among the matches, papers they are in),
    for the hits that stand for more than one printing."""

    @property
    def bytes(self) -> int:
        return sum(n for _, n in self.fetched)


class Client:
    """The query algorithm of search.js, reading the same files.

    ``fetch(path)`` returns a whole file of the site (root-relative path); ``ranges`` says
    whether the host honours HTTP Range (else every postings read downloads its whole shard,
    as the browser does after a 200). Call :meth:`reset` to forget cached files (a cold page).

    The index is in segments (``segments.py``); the client numbers the documents of all of
    them as one list (a segment's ids plus the documents of the segments before it), so ids,
    filters and paging are the archive's.
    """

    def __init__(self, fetch: Callable[[str], bytes], ranges: bool = True, traditional: bool = False):
        self._fetch = fetch
        self.ranges = ranges
        self.traditional = traditional
        self.init_fetched: list[tuple[str, int]] = []
        self.manifest = json.loads(self._get_init("search/index.json"))
        self.segments: list[_Segment] = []
        offset = 0
        papers: set[str] = set()
        kinds: set[str] = set()
        for name in self.manifest["segments"]:
            prefix = segment_prefix(name)
            seg = _Segment(self, name, prefix, offset, json.loads(self._get_init(prefix + "index.json")),
                           decode_meta(self._get_init(prefix + "meta.bin")))
            self.segments.append(seg)
            offset += seg.docs
            papers.update(p for p, _ in seg.manifest["papers"])
            kinds.update(k for k, _ in seg.manifest["kinds"])
        self.papers = sorted(papers)
        self.kinds = sorted(kinds)
        self._offsets = [seg.offset for seg in self.segments]
        self.meta = self._global_meta()
        self._t2s: dict[str, str] | None = None
        if traditional:
            self._get_init("search/s2t.json")
        self.reset()

    def _global_meta(self) -> dict:
        """The segments' columns as one, papers and kinds numbered in the archive's lists."""
        meta: dict[str, list[int]] = {"date": [], "paper": [], "kind": [], "year": [], "group": []}
        for seg in self.segments:
            pmap = [self.papers.index(p) for p, _ in seg.manifest["papers"]]
            kmap = [self.kinds.index(k) for k, _ in seg.manifest["kinds"]]
            m = seg.meta
            meta["date"] += m["date"]
            meta["year"] += m["year"]
            meta["paper"] += [pmap[p] for p in m["paper"]]
            meta["kind"] += [kmap[k] for k in m["kind"]]
            meta["group"] += [g + seg.offset for g in m["group"]]
        return meta

    @classmethod
    def from_folder(cls, out: Path, **kw) -> "Client":
        return cls(lambda rel: (Path(out) / rel).read_bytes(), **kw)

    def _get_init(self, path: str) -> bytes:
        data = self._fetch(path)
        self.init_fetched.append((path, len(data)))
        return data

    def reset(self) -> None:
        for seg in self.segments:
            seg.dirs = {}
        self._whole: dict[str, bytes] = {}
        self._log: list[tuple[str, int]] = []

    def _get(self, path: str) -> bytes:
        if path in self._whole:
            return self._whole[path]
        data = self._fetch(path)
        self._whole[path] = data
        self._log.append((path, len(data)))
        return data

    def _range(self, path: str, start: int, end: int) -> bytes:
        if not self.ranges or path in self._whole:
            return self._get(path)[start:end]
        data = self._fetch(path)[start:end]
        self._log.append((f"{path}#{start}-{end}", len(data)))
        return data

    def urls(self, seg: "_Segment") -> list[str]:
        """A segment's document URLs (``urls.json``, fetched once, as search.js does)."""
        if seg.urls is None:
            seg.urls = decode_urls(json.loads(self._get_init(seg.prefix + "urls.json")))
        return seg.urls

    def text(self, doc: int) -> dict:
        """A hit's fields, from its (Simplified) article page, as search.js reads them."""
        seg = self._segment_of(doc)
        url = self.urls(seg)[doc - seg.offset]
        return {"u": url, **page_text(self._get(url + "index.html").decode("utf-8"))}

    def t2s(self) -> dict[str, str]:
        if self._t2s is None:
            m = json.loads(self._get_init("search/t2s.json"))
            self._t2s = dict(zip(m["from"], m["to"]))
        return self._t2s

    def terms(self, q: str) -> list[list[str]]:
        norm = normalise(q)
        t2s = self.t2s() if any(ord(c) >= 0x80 and is_indexable(c) for c in norm) else {}
        return parse_query(q, t2s)

    def search(self, q: str, paper: str = "", year: int | str = "", kind: str = "", sort: str = "relevance",
               page: int = 1, texts: bool = True, fold: bool = True) -> Result:
        """``fold``: the printings of one text (reprints, 通稿) are one hit, the first in
        display order, which says how many printings and papers it stands for (``Result.folds``)."""
        self._fold = fold
        self._log = []
        terms = self.terms(q)
        scores: dict[int, int] = {}
        counts: dict[int, int] = {}
        if terms:
            for seg in self.segments:
                got = seg.evaluate(terms)
                if got is not None:
                    scores.update((d + seg.offset, v) for d, v in got[0].items())
                    counts.update((d + seg.offset, v) for d, v in got[1].items())
        return self._finish(terms, scores, counts, paper, year, kind, sort, page, texts)

    def _segment_of(self, doc: int) -> "_Segment":
        k = bisect_right(self._offsets, doc) - 1
        return self.segments[k]

    def _finish(self, terms, scores, counts, paper, year, kind, sort, page, texts) -> Result:
        meta = self.meta
        # an unknown paper or kind filters nothing (the form shows "all" for it), as in search.js
        pix = self.papers.index(paper) if paper in self.papers else None
        kix = self.kinds.index(kind) if kind in self.kinds else None
        yr = int(year) if str(year).strip().isdigit() else None
        ids = [d for d in scores
               if (pix is None or meta["paper"][d] == pix) and (kix is None or meta["kind"][d] == kix)
               and (yr is None or meta["year"][d] == yr)]
        if sort == "date":
            ids.sort()
        else:
            ids.sort(key=lambda d: (-scores[d], d))
        folds = None
        if getattr(self, "_fold", True):
            ids, folds = fold_hits(ids, meta["group"], meta["paper"])
        size = self.manifest["page"]
        page = max(1, int(page))
        shown = ids[(page - 1) * size: page * size]
        got = {d: self.text(d) for d in shown} if texts else {}
        return Result(total=len(ids), ids=ids, scores={d: scores[d] for d in ids},
                      counts={d: counts[d] for d in ids}, page=shown, texts=got, terms=terms,
                      fetched=list(self._log), folds=folds)


class _Segment:
    """One segment's index (``search/s/<years>/``): its manifest, columns and shard directories,
    and the query evaluated on it (document ids of the segment)."""

    def __init__(self, client: Client, name: str, prefix: str, offset: int, manifest: dict, meta: dict):
        self.client, self.name, self.prefix, self.offset = client, name, prefix, offset
        self.manifest, self.meta = manifest, meta
        self.docs = manifest["docs"]
        self.dirs: dict[int, dict] = {}
        self.urls: list[str] | None = None

    def _dir(self, s: int) -> dict:
        if s not in self.dirs:
            self.dirs[s] = decode_dir(self.client._get(f"{self.prefix}d/{s}.bin"))
        return self.dirs[s]

    def evaluate(self, terms: list[list[str]]) -> tuple[dict[int, int], dict[int, int]] | None:
        """(doc -> score, doc -> matches) of the documents matching every term, or None when a
        term has no key in this segment."""
        S = self.manifest["shards"]
        # phase 1: every directory the query's keys live in (all fetched in parallel by the browser)
        wanted: list[list[tuple[str, list[str]]]] = []
        shards_needed: list[int] = []
        for variants in terms:
            row = []
            for v in variants:
                ks = [v] if len(v) == 1 else [v[i:i + 2] for i in range(len(v) - 1)]
                row.append((v, ks))
                for k in ks:
                    s = shard_of(k, S)
                    if s not in shards_needed:
                        shards_needed.append(s)
            wanted.append(row)
        for s in shards_needed:
            self._dir(s)
        # plan: per variant, the keys to read and whether positions are needed
        plans = []
        reads: dict[int, dict[tuple[int, int], int]] = defaultdict(dict)  # shard -> key -> bytes to read
        for row in wanted:
            term_plans = []
            for v, ks in row:
                ents = [self._dir(shard_of(k, S)).get(key_code(k)) for k in ks]
                if any(e is None for e in ents):
                    continue
                if len(v) <= 2:
                    use = [0]
                    need = [ents[0][2]]
                else:
                    use = cover([e[2] + e[3] for e in ents])
                    need = [ents[j][2] + ents[j][3] for j in use]
                term_plans.append((v, [ks[j] for j in use], use))
                for j, n in zip(use, need):
                    k = ks[j]
                    s, kc = shard_of(k, S), key_code(k)
                    reads[s][kc] = max(reads[s].get(kc, 0), n)
            if not term_plans:
                return None
            plans.append(term_plans)
        # phase 2: one read per shard covering its keys (a Range request, or the whole file)
        blobs: dict[tuple[int, int], bytes] = {}
        for s in sorted(reads):
            d = self._dir(s)
            spans = [(d[kc][0], d[kc][0] + n, kc) for kc, n in reads[s].items()]
            lo = min(a for a, _, _ in spans)
            hi = max(b for _, b, _ in spans)
            chunk = self.client._range(f"{self.prefix}p/{s}.bin", lo, hi)
            for a, b, kc in spans:
                blobs[kc] = chunk[a - lo:b - lo]
        # evaluate
        scores: dict[int, int] | None = None
        counts: dict[int, int] = {}
        boost = self.manifest["boost"]
        for term_plans in plans:
            term_score: dict[int, int] = defaultdict(int)
            term_count: dict[int, int] = defaultdict(int)
            for v, use_keys, offsets in term_plans:
                for doc, (n, head) in self._match(v, use_keys, offsets, blobs).items():
                    term_score[doc] += n + boost * head
                    term_count[doc] += n
            if scores is None:
                scores = dict(term_score)
                counts = dict(term_count)
            else:
                scores = {d: sc + term_score[d] for d, sc in scores.items() if d in term_score}
                counts = {d: counts[d] + term_count[d] for d in scores}
        return scores or {}, counts

    def _match(self, v: str, use_keys: list[str], offsets: list[int], blobs) -> dict[int, tuple[int, int]]:
        """doc -> (matches, matches in the head) of one variant."""
        S = self.manifest["shards"]
        if len(v) <= 2:
            k = use_keys[0]
            ent = self._dir(shard_of(k, S))[key_code(k)]
            post = decode_postings(blobs[key_code(k)], ent[1], ent[2], False)
            return {doc: (tf, nh) for doc, (tf, nh, _) in post.items()}
        lists = []
        for k in use_keys:
            ent = self._dir(shard_of(k, S))[key_code(k)]
            lists.append(decode_postings(blobs[key_code(k)], ent[1], ent[2], True))
        out = {}
        first = lists[0]
        for doc, (_, nhead, p0) in first.items():
            others = []
            for lst in lists[1:]:
                e = lst.get(doc)
                if e is None:
                    break
                others.append(set(e[2]))
            else:
                n = head = 0
                for idx, p in enumerate(p0):
                    if all(p + off in st for off, st in zip(offsets[1:], others)):
                        n += 1
                        if idx < nhead:
                            head += 1
                if n:
                    out[doc] = (n, head)
        return out

def fold_hits(ids: list[int], group: list[int], paper: list[int]) -> tuple[list[int], dict[int, tuple[int, int]]]:
    """Keep the first hit (in display order) of each reprint group: (kept ids, kept id ->
    (printings among the hits, distinct papers)) for the kept ids that stand for several."""
    first: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    kept = []
    for d in ids:
        g = group[d]
        if g in first:
            members[first[g]].append(d)
            continue
        first[g] = d
        members[d] = [d]
        kept.append(d)
    folds = {d: (len(m), len({paper[x] for x in m})) for d, m in members.items() if len(m) > 1}
    return kept, folds


_FIELDS = {"story__kicker": "k", "story__headline": "t", "story__subhead": "s", "story__byline": "b"}


class _PageText(HTMLParser):
    """The fields search shows, from an article page (``article.html``): the text of the
    elements of class ``story__kicker``, ``story__headline``, ``story__subhead`` (without its
    leading ——) and ``story__byline``, and the body: the paragraphs and subheads that are
    children of ``story__body`` (not its figures, editor's notes or jump note), one a line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = {"t": "", "k": "", "s": "", "b": ""}
        self.body: list[str] = []
        self.stack: list[tuple[str, str | None]] = []  # (tag, field being read or "x" or None)
        self.in_body = 0  # depth of the story__body element, 0 outside

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        if self.stack and self.stack[-1][0] == "p" and tag in _CLOSES_P:
            self.handle_endtag("p")  # the page leaves out the </p> a block's start implies (render.shorten)
        classes = (dict(attrs).get("class") or "").split()
        field = next((_FIELDS[c] for c in classes if c in _FIELDS), None)
        parent = self.stack[-1][1] if self.stack else None
        if "story__body" in classes:
            self.in_body = len(self.stack) + 1
        elif self.in_body and len(self.stack) == self.in_body and tag in ("p", "h2") and "jump" not in classes:
            field = "x"
            self.body.append("")
        self.stack.append((tag, field or parent))

    def handle_endtag(self, tag):
        if tag in _VOID or all(t != tag for t, _ in self.stack):
            return
        while self.stack:
            t, _ = self.stack.pop()
            if len(self.stack) + 1 == self.in_body:
                self.in_body = 0
            if t == tag:
                break

    def handle_data(self, data):
        field = self.stack[-1][1] if self.stack else None
        if field == "x":
            self.body[-1] += data
        elif field:
            self.out[field] += data


_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_CLOSES_P = frozenset(("address article aside blockquote details div dl fieldset figcaption figure footer form h1 h2 h3 "
                       "h4 h5 h6 header hgroup hr main menu nav ol p pre search section table ul").split())


def page_text(html: str) -> dict:
    """``{t, k, s, b, x}`` of an article page: display title, kicker, subheadline, byline and
    body (paragraphs one a line), as search.js reads them for a results page (issue 16: the
    index keeps no copy of the texts)."""
    p = _PageText()
    p.feed(html)
    p.close()
    out = p.out
    if out["s"].startswith("——"):
        out["s"] = out["s"][2:]
    out["x"] = "\n".join(p.body)
    return out
