"""Narrow-column dumps: printed lines that run to the column's width joined back together
before the role model reads them (``parse/reflow.py``), on real snippets cut as a PDF or OCR
dump of narrow columns cuts them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive.model import Line
from newsarchive.parse.reflow import column_widths, joined_lines, page_units
from newsarchive.parse.train import labelled_pages, packaged_folder
from newsarchive.parse.units import units_of
from newsarchive.sources import decode, split_lines

from parsekit import (assert_placed_once, by_headline, lost_characters, parse_text, placed_exactly_once, seed_text,
                      set_in_column)


def wrapped(text: str, width: int) -> str:
    """Every line of running text cut every ``width`` characters, wherever that falls."""
    out = []
    for line in text.split("\n"):
        t = line.strip()
        if len(t) > width and any(c in t for c in "。，,；"):
            out.extend(t[k:k + width] for k in range(0, len(t), width))
        else:
            out.append(line)
    return "\n".join(out)


# seed 001: a slogan kicker, a title, a dateline lead and a paragraph, as printed
STORY = """互动选 双向挂 复合管

伊通满族自治县多举措促挂职干部全面发展

本报讯(通讯员 张健 徐天龙)伊通满族自治县紧紧围绕维护社会稳定、促进经济社会加快发展和干部培养成长需要,坚持选派优秀年轻科级干部到乡镇、县直部门挂职锻炼,多举措促进挂职干部全面发展。

变“单向派”为“互动选”。围绕任职经历、专业素养、工作实绩、发展潜力4个维度,对拟挂职干部进行逐个分析研判,实现人岗相适。

变“单一派”为“双向挂”。突破行业界限,创新推行县直部门(单位)与乡镇机关互派、乡镇到县直单位上派“跨区域”挂职。"""


def test_no_labelled_page_as_printed_has_a_column_width():
    # so the join never touches a page printed one paragraph to a line: those pages parse as
    # they did before it, and the model is trained on the units it always was
    for page in labelled_pages(packaged_folder()):
        lines = split_lines(decode(page.raw_path.read_bytes(), page.raw_path.name).text)
        assert column_widths(lines) == set(), page.name


@pytest.mark.parametrize("width", [14, 18, 24])
def test_every_labelled_page_cut_in_columns_has_its_width(width):
    for page in labelled_pages(packaged_folder()):
        text = decode(page.raw_path.read_bytes(), page.raw_path.name).text
        if page.source in ("sb",) or page.name == "rmrb-14":
            continue  # one flattened line per page; a photo page with too little running text
        assert column_widths(split_lines(wrapped(text, width))) == {width}, page.name


def test_a_dateline_cut_inside_its_bracket_is_a_byline_again():
    text = wrapped(STORY, 13)
    assert "本报讯(通讯员 张健 徐天\n龙)伊通" in text
    art = by_headline(parse_text(text), "伊通满族自治县多举措促挂职干部全面发展")
    assert art.kicker == "互动选 双向挂 复合管"
    assert art.byline == "本报讯(通讯员 张健 徐天龙)"
    assert art.authors == ["张健", "徐天龙"]
    assert art.paragraphs[0].text.startswith("伊通满族自治县紧紧围绕")
    assert art.paragraphs[0].text.endswith("多举措促进挂职干部全面发展。")
    # a column-width line that ends a sentence is left as the end of a paragraph (变“单向派”为
    # “互动选”。 fills 13 characters): a split paragraph rather than a title run into a story
    assert [p.text[:6] for p in art.paragraphs] == ["伊通满族自治", "变“单向派”", "围绕任职经历", "变“单一派”", "突破行业界限"]


def test_joined_units_keep_the_raw_spans_they_cover():
    text = wrapped(STORY, 13)
    raw = text.split("\n")
    lines = [Line(i + 1, t) for i, t in enumerate(raw)]
    units = page_units(lines)
    byline = next(u for u in units if u.text.startswith("本报讯"))
    assert byline.text == "本报讯(通讯员 张健 徐天龙)"
    assert [raw[ln - 1][s:e] for ln, s, e in byline.raw_spans()] == ["本报讯(通讯员 张健 徐天", "龙)"]
    pf = parse_text(text)
    assert placed_exactly_once(pf, raw) == []
    assert lost_characters(pf, raw) == {}
    # the raw-text view's roles cover every piece, each on its own line
    assert {(ln, s, e) for ln, s, e, _, _ in pf.roles} >= set(byline.raw_spans())


@pytest.mark.parametrize("before, after, joined", [
    # a full-width line that ends a sentence: the next is a paragraph of its own
    ("今年以来,双辽市开展了各项工作,取得成效。", "变“单向派”为“互动选”。围绕任职经历", False),
    # the next line indented as a new paragraph
    ("今年以来,双辽市开展了各项工作,取得了成效", "\u3000\u3000变“单向派”为“互动选”。围绕任职经历", False),
    # the next line is markup of a Markdown dump
    ("今年以来,双辽市开展了各项工作,取得了成效", "![图片说明](https://example.org/a.jpg)", False),
    ("今年以来,双辽市开展了各项工作,取得了成效", "变“单向派”为“互动选”。围绕任职经历", True),
    # one character over the width: only punctuation hangs in the margin
    ("今年以来,双辽市开展了各项工作,取得了成效，", "变“单向派”为“互动选”。围绕任职经历", True),
    ("今年以来，双辽市开展了各项工作，取得了成效好", "变“单向派”为“互动选”。围绕任职经历", False),
    # as wide as the column in cells with half-width digits: a column's line
    ("今年以来,双辽市开展了2022年各项工作,取得了", "变“单向派”为“互动选”。围绕任职经历", True),
    # only spaces narrow: a spaced byline, not a column's line (人民日报 rmrb-03)
    ("本报记者\xa0\xa0庞革平\xa0\xa0本报通讯员\xa0\xa0陆华勇\xa0\xa0黄丽", "广西崇左市江州区驮卢镇逐盎村贫困户黄", False),
    # a summary box's label opens the box (人民日报's 核心阅读, here under a line as wide as the
    # column): joined, it was read as the end of that line (of a title cut at the column's width)
    ("今年以来,双辽市开展了各项工作,取得了成效", "核心阅读", False),
    ("今年以来,双辽市开展了各项工作,取得了成效", "核心阅读的内容", True),
])
def test_what_is_joined_and_what_is_not(before, after, joined):
    # five more column-width lines of running text make 21 the page's column width
    filler = ["为进一步规范辖区出版物市场经营秩序,净化文"] * 5
    raw = [*filler, "", before, after]
    lines = [Line(i + 1, t) for i, t in enumerate(raw)]
    assert column_widths(lines) == {21}
    out, pieces = joined_lines(lines)
    assert sorted(pieces) == ([1, 7] if joined else [1])  # the five filler lines join too
    assert [ln.no for ln in out] == ([1, 6, 7] if joined else [1, 6, 7, 8])


def test_a_blank_line_stops_a_join():
    raw = ["为进一步规范辖区出版物市场经营秩序,净化文"] * 5 + ["", "市政协调研组调研铁西城乡人居环境建设"]
    lines = [Line(i + 1, t) for i, t in enumerate(raw)]
    out, _ = joined_lines(lines)
    assert [ln.no for ln in out] == [1, 6, 7]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["000", "001", "002", "003", "004"]), st.integers(min_value=8, max_value=40))
def test_seed_pages_cut_in_columns_stay_lossless(prefix, width):
    text = wrapped(seed_text(prefix), width)
    raw = text.split("\n")
    pf = parse_text(text)
    assert_placed_once(pf, raw)


def test_units_of_alone_does_not_join():
    # training cuts units with units_of: the narrow-column training variant stays as it was
    text = wrapped(STORY, 13)
    lines = [Line(i + 1, t) for i, t in enumerate(text.split("\n"))]
    assert not any(u.text == "本报讯(通讯员 张健 徐天龙)" for u in units_of(lines))
    assert any(u.text == "本报讯(通讯员 张健 徐天龙)" for u in page_units(lines))


def test_a_printed_column_with_indents_and_half_width_digits_joins_back():
    # 人民日报 (rmrb-11) set in a 16-cell column: the dateline's digits make its lines longer
    paragraphs = [
        "本报上海2月10日电  （记者沈文敏）“这算是跟行李有关的最大技术创新了。”东航相关负责人说，"
        "今年春运，东航在上海虹桥机场推出行李全流程跟踪服务。",
        "该技术最直接的好处，是让行李运输数据的记录更加及时、准确，旅客可以通过手机随时查询。",
        "今年，东航还计划在北京大兴国际机场枢纽站点实现基于RFID技术的行李全流程跟踪。",
    ]
    raw = ["新技术", "航班行李可全程追踪"] + [ln for p in paragraphs for ln in set_in_column(p, 16)]
    assert len(raw) > 10
    lines = [Line(i + 1, t) for i, t in enumerate(raw)]
    out, _ = joined_lines(lines)
    assert [ln.text.replace("\u3000", "") for ln in out] == ["新技术", "航班行李可全程追踪", *paragraphs]
    art = by_headline(parse_text("\n".join(raw)), "航班行李可全程追踪")
    assert art.byline.replace(" ", "") == "本报上海2月10日电（记者沈文敏）"
    assert art.authors == ["沈文敏"]
    assert len(art.paragraphs) == 3


def test_a_paragraph_keeps_to_its_column_s_width():
    # two stories set in columns of 18 and 14 characters: the first story's last line is 14
    # characters long, which is the other column's width; the title after it stays a line
    first = ("近日,梨树县小宽镇围绕“网络安全为人民,网络安全靠人民”主题,多维度、立体化、系统性开展"
             "“2022年国家网络安全宣传周”活动,筑牢安全“防火墙”,扣紧安全“责任链”,织密安全“防护网”,"
             "提升广大群众对网络诈骗的防范意识和能力,营造安全健康文明的网络环境")[:18 * 5 + 14]
    second = ("伊通满族自治县紧紧围绕维护社会稳定、促进经济社会加快发展和干部培养成长需要,坚持选派优秀"
              "年轻科级干部到乡镇、县直部门挂职锻炼,多举措促进挂职干部全面发展,实现人岗相适")
    a = [first[k:k + 18] for k in range(0, len(first), 18)]
    b = [second[k:k + 14] for k in range(0, len(second), 14)]
    assert len(a[-1]) == 14 and not a[-1].endswith("。")
    title = "伊通满族自治县多举措促挂职干部全面发展"
    raw = [*a, title, *b]
    lines = [Line(i + 1, t) for i, t in enumerate(raw)]
    assert column_widths(lines) == {14, 18}
    out, _ = joined_lines(lines)
    assert [ln.text for ln in out] == [first, title, second]


@pytest.mark.parametrize("dateline", ["本报电\xa0\xa0记者从应急管理部消防救援局获悉",
                                      "【本報訊】記者從應急管理部消防救援局獲悉",
                                      "〔本報南京廿四日電〕政院廿四日晨十時舉"])
def test_a_dateline_starts_a_line_of_its_own(dateline):
    # a title that happens to be a column wide, right over its story's dateline (人民日报's
    # briefs, 本报电  记者…): the dateline opens the story, the title is not run into it
    raw = ["为进一步规范辖区出版物市场经营秩序,净化文"] * 5 + [
        "", "湖北消防主动服务医疗物资企业复工复产保供应", dateline]
    lines = [Line(i + 1, t) for i, t in enumerate(raw)]
    assert column_widths(lines) == {21} and len(raw[6]) == 21 and len(dateline) <= 21
    out, _ = joined_lines(lines)
    assert [ln.no for ln in out] == [1, 6, 7, 8]


def test_a_line_wider_than_the_column_is_set_in_another():
    # a title exactly one column (14) wide over a story set 18 wide: the story's first line is
    # wider than the title's column, so the title does not go on into it
    running = ("近日,梨树县小宽镇围绕“网络安全为人民,网络安全靠人民”主题,多维度、立体化、系统性开展"
               "“2022年国家网络安全宣传周”活动,筑牢安全“防火墙”,扣紧安全“责任链”,织密安全“防护网”,"
               "提升广大群众对网络诈骗的防范意识和能力,营造安全健康文明的网络环境")
    narrow = [running[k:k + 14] for k in range(0, 84, 14)]
    wide = [running[k:k + 18] for k in range(0, 108, 18)]
    title = "湖北消防主动服务医疗物资企业"
    raw = [*narrow, "", title, *wide]
    lines = [Line(i + 1, t) for i, t in enumerate(raw)]
    assert {14, 18} <= column_widths(lines) and len(title) == 14
    out, _ = joined_lines(lines)
    assert [ln.text for ln in out][1:3] == ["", title]
