"""The Traditional conversion is linear in its input, whatever the text (issue 11), and gives
exactly what opencc-python-reimplemented gives.

The library is quadratic on a long segment without punctuation (6 MB of one character took
75 s); ``convert.Converter`` hands segments longer than ``convert.LONG`` to ``_Linear``.
Here: byte-identical output on the seed pages and on random text dense in dictionary
phrases (every configuration), no segment longer than ``LONG`` ever reaches the library,
and time grows linearly on a run of one repeated character. The 20 MB figures are
``benchmarks/convert_linear.py`` (``benchmarks/RESULTS.md``).
"""

from __future__ import annotations

import random
import re

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive import convert
from newsarchive.convert import CONFIGS, Converter, _Linear

from safekit import SEEDS

RUNS = re.compile(r"[^\x00-\x7f]+")
LIBS = {c: opencc.OpenCC(c) for c in CONFIGS}
LINEAR = {c: _Linear(LIBS[c]._dict_chain_data) for c in CONFIGS}
KEYS = {c: sorted({k for group in LIBS[c]._dict_chain_data for _, _, table in group for k in table if len(k) > 1})
        for c in CONFIGS}


def unpunctuated(text: str, config: str) -> str:
    """``text`` without the library's separators: one long segment."""
    return "".join(LIBS[config].split_chars_re.split(text)[::2])


@pytest.mark.parametrize("config", CONFIGS)
def test_the_seed_pages_convert_byte_identically(config):
    conv = Converter(config)
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        assert conv.convert_text(text) == LIBS[config].convert(text), path.name
        segment = unpunctuated("".join(RUNS.findall(text)), config)  # thousands of characters, one segment
        assert len(segment) > convert.LONG
        assert LINEAR[config].convert(segment) == LIBS[config]._convert(segment, LIBS[config]._dict_chain_data)


@pytest.mark.parametrize("config", CONFIGS)
def test_random_phrase_dense_text_converts_byte_identically(config):
    """Overlapping dictionary phrases, cut and joined at random: the hard cases for a
    longest-match-first segmentation."""
    rng = random.Random(11)
    keys = KEYS[config]
    lib = LIBS[config]
    for _ in range(400):
        pieces = [rng.choice(keys) for _ in range(rng.randint(1, 60))]
        text = "".join(p[rng.randint(0, len(p) - 1):] if rng.random() < 0.4 else p for p in pieces)
        text = unpunctuated(text, config)
        assert LINEAR[config].convert(text) == lib._convert(text, lib._dict_chain_data), text


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(KEYS["s2twp"][:4000] + list("长发干后里面着的了")), max_size=80).map("".join))
def test_property_linear_equals_the_library(text):
    text = unpunctuated(text, "s2twp")
    for config in ("s2t", "s2twp"):
        lib = LIBS[config]
        assert LINEAR[config].convert(text) == lib._convert(text, lib._dict_chain_data)


def test_no_long_segment_reaches_the_library(monkeypatch):
    seen = []
    real = opencc.OpenCC._convert

    def recording(self, string, dictionary=()):
        seen.append(len(string))
        return real(self, string, dictionary)

    monkeypatch.setattr(opencc.OpenCC, "_convert", recording)
    conv = Converter("s2t")
    out = conv.convert_text("开头，" + "长" * 50_000 + "。结尾" + "发展" * 30_000)
    assert out == "開頭，" + "長" * 50_000 + "。結尾" + "發展" * 30_000
    assert seen and max(seen) <= convert.LONG


# ------------------------------------------------------------------ each distinct segment once (issue 16)


def _pages(config: str) -> list[str]:
    """Pages as the build converts them: HTML chrome repeated on every page, headlines and
    excerpts repeated across pages, bodies of the seeds and of random phrase-dense text."""
    rng = random.Random(16)
    keys = KEYS[config]
    chrome = '<header><a href="../">辽源日报 · 新闻档案</a><nav>首页 日期 作者 搜索</nav></header>'
    heads = ["党史学习教育中央第二督导组到我市调研指导", "弘扬红岩精神，赓续红色血脉", "发展才是硬道理"]
    bodies = [p.read_text(encoding="utf-8") for p in SEEDS]
    pages = []
    for n in range(40):
        dense = "".join(rng.choice(keys) for _ in range(rng.randint(5, 40)))
        pages.append(f"<html>{chrome}<h1>{heads[n % 3]}</h1><p>{bodies[n % len(bodies)]}</p><p>{dense}，{heads[(n + 1) % 3]}</p></html>")
    return pages


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("memo_chars", [convert.MEMO_CHARS, 64])
def test_memoised_segments_give_the_library_output_byte_for_byte(config, memo_chars, monkeypatch):
    """Converting pages with the segment memo (and with a memo so small it is cleared all the
    time) gives exactly what the library gives page by page."""
    monkeypatch.setattr(convert, "MEMO_CHARS", memo_chars)
    conv = Converter(config)
    for page in _pages(config):
        runs = RUNS.findall(page)
        want = RUNS.sub(lambda m, it=iter(LIBS[config].convert(r) for r in runs): next(it), page)
        assert conv.convert_text(page) == want
    assert conv.segment_hits > 0
    assert conv._memo_chars <= max(memo_chars, convert.LONG)


def test_a_single_character_page_converts_in_linear_time():
    """A 20-MB page of one repeated character (no separator: one segment) against one of
    half the size: the time at least roughly doubles, never quadruples (the library alone is
    quadratic here). Ratios, not absolute times, so a loaded machine does not fail it."""
    import time

    conv = Converter("s2t")
    conv.convert_text("长" * 1000)  # dictionaries loaded before timing
    times = {}
    for mb in (10, 20):
        text = "长" * (mb * 1_000_000 // 3)  # UTF-8: three bytes a character
        best = None
        for _ in range(2):
            started = time.process_time()
            out = conv.convert_text(text)
            spent = time.process_time() - started
            best = spent if best is None else min(best, spent)
        assert out == "長" * len(text)
        times[mb] = best
    ratio = times[20] / times[10]
    assert ratio < 3.0, times  # linear: about 2; quadratic: about 4
