"""Checks on the page itself: its furniture (production credits, folios, page names), a flattened
page's masthead, and titles between stories of a page set in unpunctuated text."""

from __future__ import annotations

import re

from ..facts import PAGE_LINE, PAGE_NO
from ..features import FURNITURE, HAN, PAPER_NAME, WEEKDAY_DATE, titleish as _titleish
from .shapes import _solid

UNPUNCTUATED_SHARE = 0.5
"""A flattened page is set in unpunctuated (classical) text when at least this share of its
long pieces of Han text holds no sentence mark: 申報 1906 0.83, 1887 1.00; every other labelled
page and flattened variant 0.33 or less (申報 1949 0.07, 人民日报 0 to 0.33, the seeds 0.04 to 0.11)."""


_HAN_RUN = re.compile(HAN.pattern + "+")


def _han_count(text: str) -> int:
    """``len(HAN.findall(text))``, the Han characters of a text, counted by their runs (a
    string a run instead of one a character: a flattened page's pieces are long Han text)."""
    return sum(map(len, _HAN_RUN.findall(text)))


def _a_short_piece_between_unpunctuated_stories_is_a_title(units, roles, feats, marginal) -> None:
    """On a flattened page of unpunctuated text (late-Qing papers: no 。 in the news, so every
    piece is title-shaped), a piece of 4-20 characters, not in brackets, less than half as long
    as the pieces on either side of it, is a title: so are the 9 such pieces of the two such
    labelled pages (申報 1906 and 1887), and held out the model read 1906's as running text
    (本館接各大臣人朝日期專電十八日申刻到, 練兵處因秋操事切電卾督武昌, 訪求小說)."""
    n = len(units)
    if not any(u.flat for u in units):
        return  # (most pages: no line was flattened)
    sizes = [_solid(u.text) for u in units]
    long = [i for i in range(n) if units[i].flat and sizes[i] > 30
            and _han_count(units[i].text) >= 0.8 * sizes[i]]
    if len(long) < 5:
        return
    bare = sum(1 for i in long if not any(m in units[i].text for m in "。！？!?"))
    if bare < UNPUNCTUATED_SHARE * len(long):
        return
    for i in range(1, n - 1):
        u = units[i]
        if (roles[i] != "body" or not u.flat or not 4 <= sizes[i] <= 20 or not _titleish(feats[i])
                or any(b in u.text for b in "（(〔【")):
            continue
        if sizes[i] * 2 < sizes[i - 1] and sizes[i] * 2 < sizes[i + 1]:
            roles[i] = "B-head"


def _page_furniture(units, roles, feats, marginal) -> None:
    """A printed line that opens with a page-production credit (版式设计：, 制图：, 数据来源：,
    稿件统筹：, 责任编辑：) is furniture: the 9 of the labelled pages (5 files) are, and held out
    the model read 版式设计：蔡华伟 as the last line of the story above it; so is a short line
    printing the issue's facts (总第8381期 今日4版, a date with its weekday, after the paper's name or
    not), in a masthead or an
    inner page's header (12 of 12 in the labelled pages; an inner page's header, 2021年2月27日
    星期六 第2版 时政 责任编辑:…, was read as the first story's column label); and so is any
    such line with a furniture cue (``features.FURNITURE``: a news site's 来源：… | 发布时间：…,
    a copyright, a web address) and not in brackets (（来源：吉林日报） after a story is its source
    note): 316 of 316 in the labelled pages (3 sources). A line that holds
    only a page's number and name (A6 生活, 城市新闻 3) next to such furniture is the page's
    header too, and one that says 版 (第4版(体育), as the 人民日报 database prints a page's head)
    wherever it stands (no labelled page prints either: test pages show them read as the first
    kicker or title)."""
    for i in range(len(roles)):
        if roles[i] == "furn" or not units[i].first or units[i].flat:
            continue
        f, text = feats[i], units[i].text
        if text[:1] in _PRODUCTION_FIRST and PRODUCTION.match(text) or (
                "sn=0" in f and len(text) <= 64
                and ("mast" in f or "wkdate" in f and _dated_header(text)
                     or "furn" in f and "inbr" not in f and FURNITURE.search(text))):
            roles[i] = "furn"
    for i in range(len(roles)):  # a page's number and name (A6 生活) beside its header or masthead
        if roles[i] == "furn" or not units[i].first or units[i].flat or len(units[i].text) > PAGE_LINE_MAX:
            continue  # (a page's number and name, or a folio, is a short line)
        text = units[i].text
        beside = i > 0 and roles[i - 1] == "furn" or i + 1 < len(roles) and roles[i + 1] == "furn"
        m = PAGE_LINE.match(text) if beside or "版" in text else None  # (asked only where it can count)
        if m and (beside or m.group("b") or m.group("d")):
            roles[i] = "furn"  # (第4版(体育) says what it is; A6 生活 needs the header beside it)
            k = i + 1  # the page's name in brackets, cut from the number as a note: 第4版 / (体育)
            while k < len(roles) and units[k].line == units[i].line and PAGE_NAME.match(units[k].text):
                roles[k] = "furn"
                k += 1
        elif text.lstrip()[:1] in _FOLIO_FIRST and FOLIO.match(text):  # - 2 -: a page's number at its head or foot
            roles[i] = "furn"


PAGE_LINE_MAX = 24
"""The longest line read as a page's number and name or as a folio (第 3 版 and a name of six
characters, with room for spaces)."""
PAGE_NAME = re.compile(r"^\s*[（(][\u4e00-\u9fff]{1,6}[）)]\s*$")
"""A page's name in brackets after its number: (体育)."""
FOLIO = re.compile(r"^\s*[-—–－]\s*\d{1,3}\s*[-—–－]\s*$")
"""A page's number alone between dashes, as a PDF's running head or foot prints it: - 2 -."""
_FOLIO_FIRST = "-—–－"
"""What ``FOLIO`` opens with after white space (a cheap test before the pattern)."""


def _bracketed(text: str) -> bool:
    """Whether ``JUMP_FROM`` or ``JUMP_NOTE`` can match ``text`` whole: each is a note in
    brackets (a cheap test before the patterns: most short units are titles and labels)."""
    return "（" in text or "(" in text


MAST_CUES = frozenset(("mast", "wkdate", "date", "datealone", "papername"))
"""Features that say a unit prints the issue's facts: a masthead's."""
FLAT_MASTHEAD_SPAN = 40
"""How many pieces from a flattened page's start its masthead may run to."""


def _a_flattened_pages_masthead(units, roles, feats, marginal) -> None:
    """A page flattened into one line keeps its masthead at its start, cut at its spaces into
    pieces (吉D微视 | LIAO | YUAN | RI | BAO | 2020年7月6日 | 星期一 | … | 总第8064期 | 今日4版 |
    国内统一刊号:CN22-0010 | … | <http://www.0437.com>): the pieces before the first running
    text or dateline, up to the last one with a masthead's or furniture's cue, are the masthead,
    when one of them prints the issue's facts (a date, 总第N期, 今日N版, the paper's name). Read one
    by one, its pinyin, weekday and site name were titles. (No flattened labelled page has a
    masthead: the 申報 pages open with a story; seeds 002 and 003 flattened show the case.)"""
    if not units or not units[0].flat:
        return
    last, facts = -1, False
    for i in range(min(len(units), FLAT_MASTHEAD_SPAN)):
        f = feats[i]
        if not units[i].flat or "dl" in f or "dl_pre" in f or "sn=0" not in f:
            break
        if MAST_CUES.intersection(f):
            facts, last = True, i
        elif roles[i] == "furn" or "furn" in f:
            last = i
    if facts:
        for i in range(last + 1):
            roles[i] = "furn"


def _dated(text: str) -> bool:
    """A line that opens with a date and its weekday, or with the paper's name and then them
    (聯合報 2023年3月6日 星期一)."""
    text = text.lstrip()
    m = WEEKDAY_DATE.search(text)
    return m is not None and (m.start() == 0 or PAPER_NAME.match(text[:m.start()].strip()) is not None)


def _dated_header(text: str) -> bool:
    """A date with its weekday that opens the line (``_dated``), or anywhere in a line that also
    holds a page's number or a production credit: an inner page's header in any order
    (2 要闻 2021年10月22日 星期五 责任编辑：王丽)."""
    return _dated(text) or PAGE_NO.search(text) is not None or PRODUCTION.search(text) is not None


PRODUCTION = re.compile(
    r"(?:版式设计|版式設計|版式|制图|製圖|数据来源|數據來源|资料来源|資料來源|稿件统筹|稿件統籌|责任编辑|責任編輯|责编|責編|"
    r"美编|美編|校对|校對)\s*[:：]"
)


"""A page's production credits: who laid it out, drew its charts, edited it, where its figures
come from. Furniture of the page, in no story: the 9 such lines of the labelled pages (5 files)
are all furniture."""
_PRODUCTION_FIRST = frozenset("版制製数數资資稿责責美校")
"""The characters ``PRODUCTION`` can open with (it is matched at a line's start)."""
