"""Letter-spaced pages (a space after every character, as some PDF text layers give them)
closed up before the role model reads them (``parse/spacing.py``), on real snippets."""

from __future__ import annotations

import pytest

from newsarchive.model import Line
from newsarchive.parse.reflow import page_units
from newsarchive.parse.spacing import closed_up, letter_spaced
from newsarchive.parse.train import labelled_pages, packaged_folder
from newsarchive.sources import decode, split_lines

from parsekit import assert_placed_once, by_headline, parse_text, seed_text


def spaced(text: str) -> str:
    """Every line's characters one space apart (a printed gap of one space becomes three)."""
    return "\n".join(" ".join(line) for line in text.split("\n"))


# seed 001: a slogan kicker, a title, a dateline lead and a paragraph
STORY = """互动选 双向挂 复合管

伊通满族自治县多举措促挂职干部全面发展

本报讯(通讯员 张健 徐天龙)伊通满族自治县紧紧围绕维护社会稳定、促进经济社会加快发展和干部培养成长需要,坚持选派优秀年轻科级干部到乡镇、县直部门挂职锻炼,多举措促进挂职干部全面发展。

变“单向派”为“互动选”。围绕任职经历、专业素养、工作实绩、发展潜力4个维度,对拟挂职干部进行逐个分析研判,实现人岗相适。"""


def test_no_labelled_page_as_printed_is_letter_spaced():
    for page in labelled_pages(packaged_folder()):
        lines = split_lines(decode(page.raw_path.read_bytes(), page.raw_path.name).text)
        assert not letter_spaced(lines), page.name


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_a_seed_page_letter_spaced_is_read_as_printed(prefix):
    text = seed_text(prefix)
    lines = split_lines(spaced(text))
    assert letter_spaced(lines)
    printed = [u.text for u in page_units(split_lines(text))]
    assert [u.text for u in page_units(lines)] == printed


def test_a_letter_spaced_story_keeps_its_dateline_and_names():
    text = spaced(STORY)
    assert text.startswith("互 动 选   双 向 挂")
    art = by_headline(parse_text(text), "伊通满族自治县多举措促挂职干部全面发展")
    assert art.kicker == "互动选 双向挂 复合管"
    assert art.byline == "本报讯(通讯员 张健 徐天龙)"
    assert art.authors == ["张健", "徐天龙"]
    assert art.paragraphs[0].text.startswith("伊通满族自治县紧紧围绕")


def test_closed_up_units_own_their_raw_spans():
    text = spaced(STORY)
    raw = text.split("\n")
    pf = parse_text(text)
    assert_placed_once(pf, raw)
    byline = next(u for u in page_units([Line(i + 1, t) for i, t in enumerate(raw)])
                  if u.text.startswith("本报讯"))
    assert raw[byline.line - 1][byline.start:byline.end] == "本 报 讯 ( 通 讯 员   张 健   徐 天 龙 )"
    assert byline.text == "本报讯(通讯员 张健 徐天龙)"


def test_closing_up_keeps_wider_gaps_and_maps_offsets():
    (line,), maps = closed_up([Line(3, "本 报 讯   王 茵")])
    assert line.text == "本报讯 王茵"
    assert [maps[3][k] for k in range(len(line.text))] == [0, 2, 4, 6, 8, 10]
    (line,), _ = closed_up([Line(4, "\u3000 \u3000 本 报 讯 \xa0 \xa0 （ 记 者 ）")])
    assert line.text == "\u3000\u3000本报讯\xa0\xa0（记者）"


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_letter_spaced_seed_pages_are_lossless(prefix):
    text = spaced(seed_text(prefix))
    raw = text.split("\n")
    pf = parse_text(text)
    assert_placed_once(pf, raw)


import re  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from newsarchive.parse import spacing  # noqa: E402


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="本报 讯\xa0\u3000\t\n\r\u2003a1", max_size=40))
def test_the_fast_counts_are_the_patterns(text):
    """``letter_spaced`` counts single spaces with a regex that opens with the space, and
    characters with ``str.split``: the same counts as the look-behind and ``\\s`` they stand for."""
    assert len(spacing._SINGLE.findall(text)) == len(re.findall(r"(?<=\S) (?=\S)", text))
    assert len("".join(text.split())) == len(re.sub(r"\s+", "", text))
