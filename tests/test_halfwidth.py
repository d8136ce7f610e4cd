"""Pages printed with half-width marks (``,.:;!?()`` for ``，。：；！？（）``, as some OCR engines
and PDF text layers give Chinese text) read as the same page printed full-width: the cues read a
sentence's ``.`` as ``。`` (``parse/text.reading``), and the records keep the text as printed."""

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
