"""The masthead: the cluster of nameplate lines at the top of a front page.

Rule: a front page opens with a cluster of nameplate lines (paper name or its pinyin,
``2021年10月22日 星期五``, the lunar date, ``总第8381期 今日4版``, ``国内统一刊号``, hot-line and
web address); every line from the top of the page to the last such line belongs to the
masthead, including ear-box labels printed between them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from .text import plain

PRINTED_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*"
    r"(?:(?P<wd>(?:星期|礼拜|周)[一二三四五六日天]))?"
)
LUNAR = re.compile(r"(?P<lunar>[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年\s*(?:闰)?[正一二三四五六七八九十冬腊]{1,2}月[初十廿卅一二三四五六七八九十]{1,3})")
ISSUE_NO = re.compile(r"总第\s*(?P<n>\d{1,6})\s*期")
PAGE_COUNT = re.compile(r"今日\s*(?P<n>\d{1,3})\s*版")
PINYIN = re.compile(r"^[A-Z]{2,8}(?:\s+[A-Z]{2,8}){2,}$")
MARKERS = re.compile(
    r"国内统一刊号|CN\s?\d{2}\s?[-－]\s?\d{4}|邮发代号|新闻热线|广告热线|发行热线|主管主办|主管\s*主办|"
    r"社出版|E-?mail\s*[:：]|投稿邮箱|https?://|www\.|总第\s*\d+\s*期|今日\s*\d+\s*版"
)
FURNITURE = re.compile(
    r"(?:责任编辑|责编|美术编辑|美编|版式设计|版面设计|值班编辑|责任校对|校对|组版|照排|图片编辑)\s*[:：]"
)
PAGE_NO = re.compile(r"第\s*(?P<n>\d{1,3})\s*版|(?<![A-Za-z\d])[A-D](?P<n2>\d{1,2})\s*版?(?!\d)")
MAX_SCAN = 40
MAX_GAP = 8


@dataclass(slots=True)
class Masthead:
    """The masthead lines (by index into the file's line list) and the facts they print."""

    indexes: list[int]
    text: str
    date: date | None = None
    weekday: str | None = None
    lunar_date: str | None = None
    issue_number: int | None = None
    page_count: int | None = None


def is_masthead_line(text: str) -> bool:
    """A nameplate line: pinyin of the name, a printed date with weekday, a lunar date,
    an issue number, a page count, the CN number, a hot line or a web address."""
    t = unicodedata.normalize("NFKC", plain(text))
    if not t or len(t) > 80:
        return False
    if PINYIN.match(t) or MARKERS.search(t) or LUNAR.search(t):
        return True
    m = PRINTED_DATE.search(t)
    return bool(m and m.group("wd") and len(t) <= 30)


def is_page_header(text: str) -> bool:
    """A page header or footer of an inner page: the editors' credits (``责任编辑:…``), or the
    printed date with weekday beside a page number (``2021年10月22日 星期五 第2版``)."""
    if len(text) > 200 or not any(c in text for c in "编校版排"):
        return False
    t = unicodedata.normalize("NFKC", plain(text))
    if not t or len(t) > 100 or "。" in t:
        return False
    if FURNITURE.search(t):
        return True
    m = PRINTED_DATE.search(t)
    return bool(m and m.group("wd") and PAGE_NO.search(t))


def page_number(text: str) -> int | None:
    m = PAGE_NO.search(unicodedata.normalize("NFKC", plain(text)))
    if not m:
        return None
    return int(m.group("n") or m.group("n2"))


def find_masthead(lines: list[str]) -> Masthead | None:
    """Find the masthead cluster at the top of a page, or None when the page has none.

    The cluster needs at least three nameplate lines, may not contain a sentence (``。``),
    and ends at the last nameplate line before a run of ``MAX_GAP`` other lines.
    """
    hits: list[int] = []
    others = 0
    for i, raw in enumerate(lines[: MAX_SCAN * 3]):
        t = plain(raw)
        if not t:
            continue
        if is_masthead_line(raw):
            hits.append(i)
            others = 0
        else:
            if "。" in t or len(t) > 60:
                break
            others += 1
            if others > MAX_GAP or (not hits and others > 3):
                break
    if len(hits) < 3:
        return None
    last = hits[-1]
    indexes = [i for i in range(0, last + 1) if plain(lines[i])]
    text = "\n".join(lines[i] for i in indexes)
    head = Masthead(indexes=indexes, text=text)
    for i in indexes:
        t = unicodedata.normalize("NFKC", plain(lines[i]))
        m = PRINTED_DATE.search(t)
        if m and head.date is None and (m.group("wd") or len(t) <= 20):
            try:
                head.date = date(int(m["y"]), int(m["m"]), int(m["d"]))
                head.weekday = m.group("wd")
            except ValueError:
                pass
        m = LUNAR.search(t)
        if m and head.lunar_date is None:
            head.lunar_date = m.group("lunar").replace(" ", "")
        m = ISSUE_NO.search(t)
        if m and head.issue_number is None:
            head.issue_number = int(m["n"])
        m = PAGE_COUNT.search(t)
        if m and head.page_count is None:
            head.page_count = int(m["n"])
    return head
