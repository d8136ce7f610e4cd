"""The text model shared by the indexer, the reference client and search.js: normalisation,
indexable characters, a document's stream, query terms, and plain substring search (the ground truth)."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from .charmap import char_maps, convert

if TYPE_CHECKING:
    from .documents import SearchDoc


HAN = (
    (0x3007, 0x3007), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F),
)
_RUN = re.compile("[0-9a-z" + "".join(f"{chr(a)}-{chr(b)}" for a, b in HAN) + "]+")


def normalise(text: str) -> str:
    """NFKC, then lowercase: ``text.normalize("NFKC").toLowerCase()`` in the browser."""
    return unicodedata.normalize("NFKC", text).lower()


def is_indexable(ch: str) -> bool:
    return bool(_RUN.fullmatch(ch))


def stream(doc: SearchDoc) -> tuple[str, int]:
    """The normalised fields joined by newlines, and where the head (title, kicker, subheadline) ends."""
    head = normalise(f"{doc.title}\n{doc.kicker}\n{doc.subheadline}")
    return f"{head}\n{normalise(doc.byline)}\n{normalise(doc.text)}", len(head)


def parse_query(q: str, t2s: dict[str, str]) -> list[list[str]]:
    """Terms of a query, each as its variants: [simplified] or [simplified, as typed]; duplicates dropped."""
    terms: list[list[str]] = []
    seen = set()
    for run in _RUN.findall(normalise(q)):
        simp = convert(run, t2s)
        variants = [simp] if simp == run else [simp, run]
        key = tuple(variants)
        if key not in seen:
            seen.add(key)
            terms.append(variants)
    return terms


def _count_overlapping(hay: str, needle: str) -> int:
    n, i = 0, hay.find(needle)
    while i >= 0:
        n += 1
        i = hay.find(needle, i + 1)
    return n


def substring_search(docs: list[SearchDoc], q: str, t2s: dict[str, str] | None = None,
                     streams: list[str] | None = None) -> dict[int, int]:
    """Ground truth: doc id -> number of (overlapping) occurrences of all term variants, for the
    docs whose stream contains every term (some variant of it) as a substring.
    ``streams`` may hold the docs' precomputed ``stream(doc)[0]``."""
    t2s = char_maps()[0] if t2s is None else t2s
    terms = parse_query(q, t2s)
    out: dict[int, int] = {}
    if not terms:
        return out
    for n, doc in enumerate(docs):
        s = streams[n] if streams is not None else stream(doc)[0]
        total = 0
        for variants in terms:
            k = sum(_count_overlapping(s, v) for v in variants)
            if not k:
                break
            total += k
        else:
            out[doc.id] = total
    return out
