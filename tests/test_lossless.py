"""Lossless: every non-space character of the input lands in exactly one record, and its
record keeps it.

Records keep the spans of raw text they were made from (line, start, end), so the proof is on
characters: the spans of all records cover every non-space character of every line, and no
two spans overlap (``placed_exactly_once``, checked against the raw text, independently of
``ParsedFile.placement`` which the build reports). Then, record by record, every character of
the units a record owns (markup removed) is in the record's text fields (``lost_characters``):
headline, kicker, subheadline, byline, credit, notes, labels, paragraphs.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from newsarchive.model import Line
from newsarchive.parse.units import units_of

from parsekit import (
    HYPOTHESIS_EXAMPLES,
    assert_placed_once,
    SEED_NAMES,
    composed_text,
    labelled_text,
    lost_characters,
    parse_text,
    placed_exactly_once,
    seed_lines,
    seed_text,
)

# At least 300 random pages in the normal run; NEWSARCHIVE_HYPOTHESIS_EXAMPLES raises it.
EXAMPLES = max(300, HYPOTHESIS_EXAMPLES)


def raw_lines(text: str) -> list[str]:
    return text.split("\n")


def assert_lossless(text: str):
    pf = parse_text(text)
    lines = raw_lines(text)
    assert pf.line_count == len(lines)
    assert pf.nonblank_lines == [i for i, t in enumerate(lines, 1) if t.strip()]
    assert_placed_once(pf, lines)
    return pf


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_pages_are_lossless(name):
    assert_lossless(seed_text(name[:3]))


@pytest.mark.parametrize("source, name", [("rmrb", "rmrb-03"), ("rmrb", "rmrb-12"), ("sb", "sb-01"),
                                          ("sb", "sb-03"), ("tw", "tw-01")])
def test_other_kinds_of_page_are_lossless(source, name):
    # web pages with NBSP runs, a whole page flattened into one line, a Markdown feed
    assert_lossless(labelled_text(source, name))


def test_character_check_sees_a_loss():
    """The checkers themselves: a record that drops text, or a span given to two records, is
    reported."""
    text = seed_lines("004", 73, 77)  # a title, a dateline lead and a paragraph
    pf = parse_text(text)
    pf.articles[0].paragraphs.pop()
    lost = lost_characters(pf, raw_lines(text))
    assert list(lost) == ["article[0]"]
    assert lost["article[0]"]["烫"] >= 1
    pf = parse_text(text)
    span = pf.articles[0].spans.pop()
    assert placed_exactly_once(pf, raw_lines(text))
    assert pf.placement()[2] == [span[0]]
    pf.articles[0].spans.extend([span, span])
    assert any("both hold" in p for p in placed_exactly_once(pf, raw_lines(text)))
    assert pf.placement()[3] == [span[0]]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(composed_text)
def test_random_pages_are_lossless(text):
    # every character, bylines, credits and notes included
    assert_lossless(text)


@pytest.mark.parametrize("text", [
    # untitled text with a jump-from note and a credit (003:126)
    "(上接第一版)" + seed_lines("003", 126, 126),
    # a body printed before its title (002:126-130, then 002:124), with its source note
    seed_lines("002", 126, 130) + "\n\n" + seed_lines("002", 124, 124),
    # a column banner above interleaved title blocks
    seed_lines("003", 40, 41) + "\n" + seed_lines("002", 26, 36),
    # two standalone notes after a sentence: the second is kept as a label, not dropped
    "以实实在在的成效赢得人民群众的满意。\n\n(转自《吉林日报》)\n\n(转自《人民日报》)",
    # hypothesis found this once: a bare 本报讯 line, a heading, then a post-and-name line
    "本报讯0\n## …\n00主席 一一",
    # a dateline byline, then two bracketed names after the text: the second credit line too
    "市里召开春耕生产调度会议\n\n本报讯(记者 王茵)5日，市里召开会议。\n\n(李雪)\n\n(张磊)",
    # hypothesis found this: an HTML heading with no text was no unit, and its line in no record
    "<h2>&nbsp;</h2>\n\n本报讯(记者 王茵)5日，市里召开会议。",
])
def test_pages_that_lost_text_before(text):
    assert_lossless(text)


def test_unit_text_removes_only_markup():
    # 000:75: the tags go, every cell's text stays, in order.
    raw = seed_lines("000", 75, 75)
    text = " ".join(u.text for u in units_of([Line(1, raw)]))
    for cell in ("全省扫黑除恶举报电话:", "0431-12389", "市委组织部:3313266", "3596352193@qq.com"):
        assert cell in text
