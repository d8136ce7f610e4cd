"""Full-text search for a static host: a positional character-bigram index in static files.

The build writes ``search/`` into the site; ``theme/static/search.js`` queries it in the browser
and :class:`Client` (``client.py``) is the same query algorithm in Python, reading the *same* files (the
tests and ``benchmarks/search_eval.py`` use it to prove exactness and to count the bytes the
browser fetches).

Text model (identical in Python and JS)
---------------------------------------
* Text is NFKC-normalised, then lowercased (``str.lower``; ``toLowerCase`` in JS).
* Indexable characters: ``0-9 a-z``, 〇 and the Han ideograph blocks (``HAN``). Everything else
  separates. A document's *stream* is its fields (display title, kicker, subheadline, byline,
  body) normalised and joined with ``"\\n"``, so no bigram spans two fields or two paragraphs.
* Every pair of adjacent indexable characters is a bigram at the position of its first
  character; every indexable character is a unigram (document level, with its count).
* A query is split into *terms* = maximal runs of indexable characters; every term must match
  (AND). A term is looked up in its Simplified form (character-level OpenCC t2s, first candidate)
  and, when that differs, also as typed (so 遼源 finds 辽源 and 乾隆 still finds 乾隆). A term of
  n >= 2 characters matches where bigrams at offsets covering all n characters occur at
  consecutive positions: exactly substring search over the stream (:func:`substring_search`).

Files (all deterministic; varints are LEB128, little end first)
---------------------------------------------------------------
``search/index.json`` (format 4) lists the segments (runs of whole years of publication,
newest first, ``undated`` last: ``segments.py``), with page size and head boost; beside it ``t2s.json`` and ``s2t.json``. Each segment ``search/s/<years>/`` is a complete
index of its documents, numbered from 0; a client numbers the archive's documents by adding
the documents of the segments before. A segment holds:

``index.json``   manifest: format, docs, shards, page size, head boost, papers, kinds, version ``v``
                 (a hash of the segment's other files, appended as ``?v=`` so caches never mix
                 builds)
``meta.bin``     fetched once: N, issue runs (date ordinal delta, paper, count), kinds (4 bits/doc),
                 then (format 2) the reprint groups: G, then G (doc delta, group) pairs, group =
                 the doc id of the text's earliest printing (of the first printing in this segment when
                 the earliest is in another year; docs not listed are their own group);
                 a search folds the printings of one text into one hit (``fold``)
``d/<s>.bin``    directory of shard s (fetched whole): key count, then per key sorted by code
                 points: a delta, b (delta within the same a; 0 for a unigram), docs, doc-section
                 bytes, position-section bytes; offsets are the running sum
``p/<s>.bin``    postings of shard s, read with one HTTP Range per query and shard (the whole
                 file when the host answers 200). Per key: the doc section (doc deltas; then
                 ``2*tf + in-head`` per doc; then the head count of each flagged doc), then for
                 bigrams the position section (each doc's tf positions, absolute)
``urls.json``    the documents' URLs (runs of an issue's articles 1..n: ``[issue URL, n]``), fetched
                 once; a results page fetches the article pages of the hits it shows and reads
                 their title, kicker, subheadline, byline and body from them (:func:`page_text`;
                 format 4, issue 16: the index keeps no second copy of every text)
``t2s.json``, ``s2t.json`` (top level)  ``{from, to}`` character maps from OpenCC's dictionaries (query
                 t2s; s2t for display on the zh-Hant edition)

A shard is ``murmur-style hash(a, b) & (shards - 1)`` (:func:`shard_of`); the shard count is a
power of two chosen from the index size (:func:`auto_shards`). A term of 2 characters reads only
its bigram's doc section; a longer term reads doc and position sections of the cheapest set of
its bigrams that covers every character (:func:`cover`); a 1-character term reads its unigram.

Documents are numbered newest first (date descending, then paper, issue, article number;
undated last), so "newer first" is "lower id first".

Modules, one noun each: ``documents`` (what is indexed), ``textmodel`` (normalisation, terms,
ground truth), ``charmap`` (OpenCC character maps), ``format`` (the files' bytes), ``segments``
(the cut into runs of years and the top manifest), ``indexer`` (the two-pass writer) and ``client`` (the
reference reader). This package re-exports their
public names, so ``from newsarchive import search; search.write_index(...)`` keeps working.
"""

from __future__ import annotations

from .charmap import char_maps, convert, maps_json
from .client import Client, Result, cover, fold_hits, page_text
from .documents import SearchDoc, documents
from .format import (
    FORMAT,
    HEAD_BOOST,
    PAGE_SIZE,
    decode_dir,
    decode_meta,
    decode_postings,
    decode_urls,
    encode_groups,
    encode_meta,
    encode_urls,
    key_code,
    read_varint,
    shard_of,
    varints,
)
from .indexer import (
    BUCKETS,
    CHUNK,
    MAX_SHARDS,
    MIN_SHARDS,
    PARALLEL_MIN,
    SPILL_BYTES,
    TARGET_KEYS,
    TARGET_POSTINGS,
    auto_shards,
    merge_stats,
    write_index,
    write_segment,
)
from .segments import SEGMENT_DOCS, UNDATED, cut, issues_by_segment, segment_prefix, split, write_manifest
from .textmodel import HAN, is_indexable, normalise, parse_query, stream, substring_search

__all__ = [
    "BUCKETS", "CHUNK", "FORMAT", "HAN", "HEAD_BOOST", "MAX_SHARDS", "MIN_SHARDS", "PAGE_SIZE",
    "PARALLEL_MIN", "SPILL_BYTES", "TARGET_KEYS", "TARGET_POSTINGS", "Client", "Result",
    "SearchDoc", "auto_shards", "char_maps", "convert", "cover", "decode_dir", "decode_meta",
    "decode_postings", "decode_urls", "documents", "encode_groups", "encode_meta", "encode_urls", "fold_hits",
    "is_indexable", "key_code", "maps_json", "normalise", "page_text", "parse_query", "read_varint", "shard_of",
    "stream", "substring_search", "varints", "write_index",
    "SEGMENT_DOCS", "UNDATED", "cut", "merge_stats", "issues_by_segment", "segment_prefix", "split",
    "write_manifest",
    "write_segment",
]
