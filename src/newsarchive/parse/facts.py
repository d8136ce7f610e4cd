"""Issue facts: paper, city, date, issue number, from evidence on the page.

* The masthead (the furniture the role model finds above the first article) prints the
  paper's name, the date with its weekday, the lunar date, 总第N期 and 今日N版; a page header
  of an inner page prints the date beside the page number. Those are printed facts.
* The paper is the registry paper the masthead names (CN number, pinyin, publisher, name);
  a masthead that names a paper the registry does not know (``某某日报`` on a line of its own
  near the top) still names it, and a ``CN22-…`` number says the paper is from Jilin.
* Without a masthead, a page's city is the city whose places its own (not reprinted)
  articles name, well ahead of any other: a local paper writes about its own city in article
  after article. One place in one story among many (a national paper reporting
  吉林省四平市梨树县) is not the paper's city, nor is a place named with its province.
* Sidecar values are an editor's word and win; a date in the file's path is used when the
  page prints none; otherwise the date is inferred from the text as a range, never as a
  printed date (``dates.py``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date

from ..errors import Diagnostic, Severity
from ..model import Article, IssueFacts
from ..papers import Registry
from . import dates
from .bylines import AGENCIES

# What a masthead or page header prints: the date, the lunar date, the issue and page numbers.
PRINTED_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*"
    r"(?:(?P<wd>(?:星期|礼拜|周)[一二三四五六日天]))?"
)
LUNAR = re.compile(r"(?P<lunar>[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年\s*(?:闰)?[正一二三四五六七八九十冬腊]{1,2}月[初十廿卅一二三四五六七八九十]{1,3})")
ISSUE_NO = re.compile(r"(?:总|總)?第\s*(?P<n>\d{1,6})\s*期")
"""The issue's number as a masthead prints it: 总第8064期, 總第8064期, or 第8123期."""
PAGE_COUNT = re.compile(r"今日\s*(?P<n>\d{1,3})\s*版")
PAGE_NO = re.compile(r"第\s*(?P<n>\d{1,3})\s*版|(?<![A-Za-z\d])[A-D](?P<n2>\d{1,2})\s*版?(?!\d)|"
                     r"^\s*(?P<n3>\d{1,2})\s+(?=[\u4e00-\u9fff]{2,6}(?:\s|$))", re.MULTILINE)
"""A page's number as its header prints it: 第2版, A2, or the number before the page's name
at the start of the header (2 要闻 2021年10月22日 星期五)."""


PAGE_LINE = re.compile(r"^\s*(?:(?:[A-H](?P<a>\d{1,2})|第\s*(?P<b>\d{1,3})\s*版)\s*(?:[\u4e00-\u9fff]{0,6}|[（(][\u4e00-\u9fff]{1,6}[）)])|"
                       r"[\u4e00-\u9fff]{2,6}\s*(?:[A-H]?(?P<c>\d{1,2})|第\s*(?P<d>\d{1,3})\s*版))\s*$")
"""A page header's line that holds only the page's number and its name: A6 生活, 第3版 要闻,
城市新闻 3, and as the 人民日报 database prints it, 第4版(体育)."""


def page_number(m: re.Match) -> int:
    """The page number a ``PAGE_NO`` or ``PAGE_LINE`` match holds (whichever of its numbers matched)."""
    return int(next(g for g in m.groups() if g))

WEEKDAYS = "一二三四五六日"
PAPER_LINE = re.compile(
    r"^\s*(?:(?P<name>[\u4e00-\u9fff]{2,8}(?:日报|日報|晚报|晚報|时报|時報|商报|商報|都市报|都市報))\s*$|"
    r"(?P<dated>[\u4e00-\u9fff]{1,8}[报報])\s+(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)")
"""A masthead's line that names the paper: the name alone (辽源日报), or any name ending in 报 with
the issue's date after it on the same line (聯合報 2023年3月6日 星期一)."""
CN_NUMBER = re.compile(r"CN\s*(?P<prov>\d{2})\s*[-－]\s*\d{4}", re.IGNORECASE)
PROVINCE_OF_CN = {"22": "吉林"}
PRINTED_PAGE = re.compile(r"第\s*(?P<n>\d{1,3})\s*版")
"""The page number as a page's top block prints it (not 今日N版, the issue's page count)."""
HEADER_CUE = re.compile(r"版|\d{4}\s*年\s*\d{1,2}\s*月|日[报報]")
"""Furniture that may be a page header: a page number, a printed date or a paper's name."""
_HEADER_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月")
"""``HEADER_CUE``'s printed date, the one of its alternatives that is no plain word."""


def header_cue(text: str) -> bool:
    """Whether ``HEADER_CUE`` matches in ``text``: its words looked for with ``in`` and its
    date only where there is a 年 (the pattern, with no first character to skip to, is tried
    at every position of a furniture block: a tenth of a millisecond a page)."""
    return ("版" in text or "日报" in text or "日報" in text
            or "年" in text and _HEADER_DATE.search(text) is not None)


def masthead_facts(facts: IssueFacts, text: str, registry: Registry) -> None:
    """Fill the facts a masthead prints."""
    norm = unicodedata.normalize("NFKC", text)
    for line in norm.splitlines():
        m = PRINTED_DATE.search(line)
        if m and facts.date is None and (m.group("wd") or len(line.strip()) <= 20):
            try:
                facts.date = date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                continue
            facts.date_evidence = "masthead"
            facts.weekday = m.group("wd")
    m = LUNAR.search(norm)
    if m:
        facts.lunar_date = m.group("lunar").replace(" ", "")
    m = ISSUE_NO.search(norm)
    if m:
        facts.issue_number = int(m["n"])
    m = PAGE_COUNT.search(norm)
    if m:
        facts.page_count = int(m["n"])
    m = PRINTED_PAGE.search(norm)
    if m and facts.page is None:
        facts.page = int(m["n"])  # an inner page's header read as its masthead: 第2版
    for line in norm.splitlines() if facts.page is None else ():
        m = PAGE_NO.search(line) if PRINTED_DATE.search(line) else None
        if m:  # the header's number beside its date: 2 要闻 2021年10月22日 星期五
            facts.page = page_number(m)
            break
        m = PAGE_LINE.match(line)
        if m:  # or on a line of its own: A6 生活
            facts.page = page_number(m)
            break
    paper = registry.match_masthead(text)
    if paper is not None:
        facts.paper, facts.city = paper.name, paper.city
        facts.city_slug = paper.slug if paper.city else None
        facts.city_evidence = "masthead"
        return
    for line in text.splitlines():
        m = PAPER_LINE.match(line)
        if m:
            name = m.group("name") or m.group("dated")
            known = registry.by_name(name)
            facts.paper = name
            if known is not None and known.city:
                facts.city, facts.city_slug = known.city, known.slug
            facts.city_evidence = "masthead"
            return
    m = CN_NUMBER.search(norm)
    if m and m.group("prov") in PROVINCE_OF_CN:
        facts.city_evidence = f"masthead: CN{m.group('prov')} ({PROVINCE_OF_CN[m.group('prov')]})"


def header_facts(facts: IssueFacts, text: str, registry: Registry) -> None:
    """An inner page's header prints the date and the page number (and often the paper)."""
    norm = unicodedata.normalize("NFKC", text)
    if facts.page is None:
        m = PAGE_NO.search(norm)
        if m:
            facts.page = page_number(m)
    m = PRINTED_DATE.search(norm)
    if m and m.group("wd") and facts.date_evidence in ("unknown", "inferred", "path"):
        try:
            facts.date = date(int(m["y"]), int(m["m"]), int(m["d"]))
            facts.date_evidence, facts.weekday = "masthead", m.group("wd")
        except ValueError:
            pass
    if not facts.city:
        paper = registry.match_masthead(text)
        if paper is not None and paper.city:
            facts.paper, facts.city, facts.city_slug = paper.name, paper.city, paper.slug
            facts.city_evidence = "page header"


def city_from_places(facts: IssueFacts, articles: list[Article], registry: Registry) -> None:
    """The city the page's own articles write about (see the module docstring): its places
    are named at least twice, by at least half of the articles that name any place, and more
    than twice as often as any other city's."""
    votes: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    papers = {}
    naming = 0
    for art in articles:
        if art.source or art.kind == "photo" or _wire_copy(art.byline):
            continue
        text = "\n".join([art.kicker or "", art.headline or "", art.byline or "", *art.body])
        vote = registry.vote_city(_without_province_prefixed(text))
        if not vote:
            continue
        naming += 1
        top = vote[0]
        if len(vote) > 1 and vote[1].score * 2 > top.score:
            continue
        votes[top.paper.name] += 1
        papers[top.paper.name] = top.paper
        for place, n in top.hits:
            hits[place] += n
    if not votes:
        return
    (name, n), *rest = votes.most_common()
    paper = papers[name]
    named = sum(c for place, c in hits.items() if _city_of(registry, place) == name)
    if named < 2 or n * 2 < naming or (rest and rest[0][1] * 2 > n):
        return
    facts.paper, facts.city, facts.city_slug = paper.name, paper.city, paper.slug
    facts.city_evidence = "places: " + ", ".join(f"{p}×{c}" for p, c in hits.most_common(6))


def _wire_copy(byline: str | None) -> bool:
    """Whether a byline opens with a news agency's dateline (新华社长春3月6日电, 〔中央社南京電〕):
    the agency's story, filed where its reporter was, not the page's own reporting."""
    return bool(byline) and byline.lstrip("〔【（([ \u3000").startswith(AGENCIES)


def _city_of(registry: Registry, place: str) -> str | None:
    """The paper whose city a place name votes for first (each place asked once), or None."""
    vote = registry.vote_city(place)
    return vote[0].paper.name if vote else None


def _without_province_prefixed(text: str) -> str:
    """Blank out place names written with their province (吉林省四平市): an outsider's way of
    naming a place, not a local paper's."""
    if "省" not in text or not _PROVINCE_SHENG.search(text):  # (every such name has a province's 省:
        return text                                               # most articles are spared the scan)
    return _PROVINCE_PREFIXED.sub(" ", text)


_PROVINCES = ("吉林", "辽宁", "黑龙江", "河北", "河南", "山东", "山西", "江苏", "浙江", "安徽", "福建", "江西", "湖北", "湖南",
              "广东", "广西", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "内蒙古", "新疆", "西藏", "宁夏")
_PROVINCE_PREFIXED = re.compile("(?:" + "|".join(_PROVINCES) + r")省[\u4e00-\u9fff]{2,12}")
_PROVINCE_SHENG = re.compile("省(?:(?<=" + "|".join(p + "省" for p in _PROVINCES if len(p) == 2) + ")|(?<="
                             + "|".join(p + "省" for p in _PROVINCES if len(p) == 3) + "))")
"""A province's 省 (吉林省): the regex engine skips from 省 to 省 and looks behind it for the
province, where ``_PROVINCE_PREFIXED``, opening with the names, is tried at every character of
an article that holds a 省 anywhere."""


def apply_hints(facts: IssueFacts, hints: dict, registry: Registry, path: str, has_masthead: bool,
                diags: list[Diagnostic]) -> None:
    """Sidecar values are an editor's word and win over what the text suggests."""
    if hints.get("paper"):
        paper = registry.by_name(hints["paper"])
        facts.paper = hints["paper"]
        if paper is not None and paper.city:
            facts.city, facts.city_slug = paper.city, paper.slug
        facts.city_evidence = "sidecar"
    if hints.get("city"):
        paper = registry.by_city(hints["city"])
        facts.city = hints["city"].removesuffix("市")
        facts.city_slug = paper.slug if paper else facts.city_slug
        if paper and not hints.get("paper"):
            facts.paper = paper.name
        facts.city_evidence = "sidecar"
    facts.page = hints.get("page") or facts.page or (1 if has_masthead else None)
    facts.edition = hints.get("edition")
    if hints.get("date"):
        if facts.date and facts.date != hints["date"]:
            diags.append(
                Diagnostic(Severity.WARNING, path, 0,
                           f"sidecar date {hints['date']} differs from the masthead date {facts.date}",
                           "fix the sidecar, or remove its date to use the masthead", code="date-conflict")
            )
        facts.date, facts.date_evidence = hints["date"], "sidecar"
        facts.weekday = None if facts.date_evidence == "sidecar" and facts.weekday and not has_masthead else facts.weekday
    elif facts.date is None and hints.get("path_date"):
        facts.date, facts.date_evidence = hints["path_date"], "path"


def settle_date(facts: IssueFacts, articles: list[Article], raw_text: str, printed_weekday: str | None,
                path: str, diags: list[Diagnostic]) -> None:
    if facts.date is None:
        leads = [a.body[0] for a in articles if a.body and a.kind != "photo" and not a.source]
        inferred = dates.infer_issue_date(leads, raw_text)
        if inferred is not None:
            facts.date_evidence = "inferred"
            facts.date_earliest, facts.date_latest = inferred.earliest, inferred.latest
            facts.date_note = inferred.note
    if facts.date is not None and facts.weekday is None:
        facts.weekday = "星期" + WEEKDAYS[facts.date.weekday()]
    if isinstance(facts.date, date) and printed_weekday:
        expected = "星期" + WEEKDAYS[facts.date.weekday()]
        printed = printed_weekday.replace("礼拜", "星期").replace("周", "星期").replace("天", "日")
        if printed != expected:
            diags.append(
                Diagnostic(Severity.WARNING, path, 0,
                           f"masthead weekday {printed_weekday} does not match {facts.date} ({expected})",
                           "check the printed date", code="weekday-mismatch")
            )
