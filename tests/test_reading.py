"""The text as the parser's cues read it (``parse/text.reading``): pages printed with half-width
marks (``,.:;!?()`` for ``，。：；！？（）``) or full-width digits (``２０２１年``), as OCR engines and
PDF text layers give Chinese text, read as the same page printed the usual way; the records keep
the text as printed."""

from __future__ import annotations

import unicodedata

import pytest

from newsarchive.parse.text import reading

from parsekit import assert_placed_once, by_headline, parse_text, seed_text

HALF = str.maketrans("，。：；！？（）", ",.:;!?()")


def half_width(text: str) -> str:
    return text.translate(HALF)


def key(text: str | None) -> str | None:
    """A headline as score.py compares it (NFKC folds ，：（） to their half-width forms)."""
    return None if text is None else unicodedata.normalize("NFKC", text).replace("。", ".")


@pytest.mark.parametrize("text, read", [
    ("市领导台培青、杨光参加相关活动.", "市领导台培青、杨光参加相关活动。"),
    ("平稳.2月9日,全国铁路发送旅客", "平稳。2月9日,全国铁路发送旅客"),
    ("同比增长4.0%.", "同比增长4.0%。"),
    ("“亮身份”.全市设立党员先锋岗", "“亮身份”。全市设立党员先锋岗"),
])
def test_a_sentence_s_half_width_stop_reads_as_a_full_stop(text, read):
    assert reading(text) == read


def test_full_width_digits_and_letters_read_as_ascii_at_the_same_offsets():
    text = "２０２１年１０月２２日 星期五 国内统一刊号:ＣＮ２２-００１０"
    read = reading(text)
    assert read == "2021年10月22日 星期五 国内统一刊号:CN22-0010"
    assert len(read) == len(text)


@pytest.mark.parametrize("text", [
    "银联网络交易总金额达1.16万亿元",      # a decimal point
    "辽源信息港 <http://www.0437.com>",      # a URL's dots
    "E-mail:jl_lyrb@126.com",
    "他说……又是一年.......",                 # an ellipsis of dots
    "U.S. 总统",                             # an abbreviation
])
def test_other_dots_stay_dots(text):
    assert reading(text) == text


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_a_seed_page_printed_half_width_gives_the_same_articles(prefix):
    text = seed_text(prefix)
    full = parse_text(text)
    half = parse_text(half_width(text))
    assert [key(a.headline) for a in half.articles] == [key(a.headline) for a in full.articles]
    assert [key(a.byline) for a in half.articles] == [key(a.byline) for a in full.articles]
    assert [len(a.paragraphs) for a in half.articles] == [len(a.paragraphs) for a in full.articles]


def test_a_credit_after_a_half_width_stop_is_cut_from_the_paragraph():
    # seed 002: a caption whose credit follows the sentence on the same printed line
    text = ("党史学习教育中央第二督导组到我市调研指导\n\n本报讯(记者 王茵)10月20日至21日,党史学习教育中央第二督导组"
            "副组长朱虹率队到我市调研指导工作.\n\n"
            "10月20日至21日,党史学习教育中央第二督导组副组长朱虹率队到我市调研指导工作.图为朱虹一行在东北沦陷时期"
            "辽源矿工墓陈列馆参观.本报记者 夏景明 摄")
    pf = parse_text(text)
    assert_placed_once(pf, text.split("\n"))
    art = by_headline(pf, "党史学习教育中央第二督导组到我市调研指导")
    assert art.paragraphs[0].text.endswith("率队到我市调研指导工作.")  # the text as printed
    assert not any(p.text.endswith("摄") for a in pf.articles for p in a.paragraphs)


WIDE = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize("prefix", ["002", "003"])
def test_a_masthead_printed_with_full_width_digits_gives_the_date_and_issue(prefix):
    # seeds 002 and 003 have a masthead with the date and its weekday, and 总第N期
    text = seed_text(prefix)
    full = parse_text(text)
    wide = parse_text(text.translate(WIDE))
    assert full.facts.date is not None
    assert (wide.facts.date, wide.facts.issue_number) == (full.facts.date, full.facts.issue_number)
    assert [key(a.headline) for a in wide.articles] == [key(a.headline) for a in full.articles]


def test_a_two_line_masthead_with_full_width_digits_is_a_masthead():
    # a simple masthead as a new editor's paper prints it, with the digits an OCR engine gave
    text = ("吉林日报\n\n２０２３年３月６日 星期一\n\n总第１２００１期 今日８版\n\n"
            "全省春耕备耕工作会议召开\n\n本报讯（记者 王明）３月５日，全省春耕备耕工作会议在长春召开。\n\n"
            "会议要求，各地要抓好农资供应，确保不误农时。\n")
    pf = parse_text(text)
    assert (pf.facts.paper, str(pf.facts.date), pf.facts.issue_number) == ("吉林日报", "2023-03-06", 12001)
    (art,) = pf.articles
    assert art.headline == "全省春耕备耕工作会议召开" and art.kicker is None
    assert art.byline == "本报讯（记者 王明）"
