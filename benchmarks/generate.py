"""Deterministic synthetic corpus generator: realistic raw newspaper pages for benchmarks.

    python benchmarks/generate.py OUT_DIR --articles N [--seed 1] [--cities 5] [--years 20]
                                  [--start-year 2004] [--seeds DIR] [--force]

Writes raw page files ``OUT_DIR/<city_slug>/<yyyy>/<mm>/<dd>/p<page>.txt`` (UTF-8) until
about N articles (items with a headline; photos are extra) exist in total, and prints a
one-line summary (files, issues, articles, photos, bytes, seconds).

How the pages are made:

* Papers: the first ``--cities`` city papers of the packaged registry
  (``src/newsarchive/data/papers.yaml``), in registry order. Each paper publishes on most
  days of ``--years`` years from ``--start-year``: some papers skip Sundays or weekends, a
  few days and a few whole months are skipped, so coverage has visible gaps. Issues are
  drawn at random from that calendar (so a small corpus is still spread over all years;
  a request too big for the calendar at 1-4 pages an issue gets bigger issues, with a note);
  the issue number (``总第N期``) counts every publishing day, so it rises with the date.
* Issues hold 1-4 pages, pages 4-8 articles. The front page (p1) opens with a masthead
  (pinyin name, printed date and weekday, a lunar date, ``总第N期 今日N版``, the CN number
  when the registry knows it, ``中共X市委主管主办 X日报社出版``, a hot line); inner pages
  open with a page header (``2021年10月22日 星期五 第2版 综合新闻 责任编辑:李明``).
* Articles are recombined from the REAL seed pages (``corpus/*.txt``): body paragraphs,
  headlines, kickers, ``——`` subheadlines and photo captions are extracted with simple
  heuristics, place names in them become slots that are filled with the target city's own
  places (so an inner page's places point at its paper's city), and lead dates follow the
  issue date. Headlines are recombined from real headline parts, clauses of real
  paragraphs and the city's places, so most are distinct. Reporters come from a pool of
  ~200 generated names (each paper has its own staff).
* Layout features, each at a realistic rate: ``本报讯(记者 A B)`` datelines glued to the
  lead, standalone ``本报记者 A`` bylines, post-and-name bylines, a bare ``本报讯`` with a
  trailing ``(A B)`` credit, reprints with ``《吉林日报》记者 …`` / ``《人民日报》评论员`` and a
  ``(转自《人民日报》)`` note, kicker lines, ``——`` subheadlines, in-article subheads,
  jump notes ``(下转第二版)`` on front pages, column breaks that split a paragraph
  mid-sentence across a blank line, photo captions with ``本报记者 X 摄`` credits between
  articles or cutting a paragraph, and markdown ``##`` headings on some pages.

Deterministic: one ``random.Random(seed)``, sorted iteration everywhere; the same arguments
give byte-identical files. Importable: ``generate(out_dir, articles, ...) -> dict``.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = ROOT / "corpus"

# --------------------------------------------------------------------------- the registry

AREA_CODES = {
    "changchun": "0431", "jilin": "0432", "siping": "0434", "liaoyuan": "0437", "tonghua": "0435",
    "baishan": "0439", "songyuan": "0438", "baicheng": "0436", "yanbian": "0433",
}

# Place slot categories.
FULL, BARE, ADMIN, ADMIN_BARE, TOWN, OTHER = range(6)
FALLBACK = {
    FULL: (FULL,), BARE: (BARE, FULL), ADMIN: (ADMIN, FULL), ADMIN_BARE: (ADMIN_BARE, BARE, FULL),
    TOWN: (TOWN, ADMIN, FULL), OTHER: (OTHER, ADMIN, FULL),
}


def _registry_text() -> str:
    try:
        from importlib import resources

        return resources.files("newsarchive").joinpath("data/papers.yaml").read_text(encoding="utf-8")
    except (ImportError, FileNotFoundError, ModuleNotFoundError):
        return (ROOT / "src" / "newsarchive" / "data" / "papers.yaml").read_text(encoding="utf-8")


@dataclass
class CityPaper:
    name: str
    slug: str
    city: str
    pinyin: str
    cn: str | None
    publisher: str
    places: list[str]
    pools: dict[int, list[str]] = field(default_factory=dict)
    hotline: str = ""
    reporters: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    first_issue: int = 0

    def full(self) -> str:
        return self.pools[FULL][0]


def _categorise(place: str, city: str, places: list[str]) -> int:
    if place == city + "市" or (city + "市" not in places and place.startswith(city) and place.endswith("州")
                                and len(place) <= len(city) + 1):
        return FULL
    if place == city:
        return BARE
    if place[-1] in "镇乡街":
        return TOWN
    if place[-1] in "区县市州":
        return ADMIN
    if place + "市" in places or place + "县" in places:
        return ADMIN_BARE
    return OTHER


def load_papers() -> tuple[list[CityPaper], dict[str, int], list[str]]:
    """City papers in registry order, every city place's slot category, and not_places."""
    data = yaml.safe_load(_registry_text()) or {}
    papers: list[CityPaper] = []
    category: dict[str, int] = {}
    for entry in data.get("papers") or ():
        if entry.get("role") != "city":
            continue
        city = str(entry["city"]).removesuffix("市") if len(str(entry["city"])) > 1 else str(entry["city"])
        places = [str(p) for p in entry.get("places") or ()]
        paper = CityPaper(name=entry["name"], slug=entry["slug"], city=city,
                          pinyin=entry.get("pinyin") or "", cn=entry.get("cn"),
                          publisher=entry.get("publisher") or entry["name"] + "社", places=places)
        pools: dict[int, list[str]] = {c: [] for c in FALLBACK}
        for p in places:
            cat = _categorise(p, city, places)
            category[p] = cat
            pools[cat].append(p)
        if not pools[FULL]:
            pools[FULL] = [city + "市"]
        if not pools[BARE]:  # 吉林 is the province: the city is always 吉林市
            pools[BARE] = list(pools[FULL])
        for cat, chain in FALLBACK.items():
            if not pools[cat]:
                pools[cat] = next(pools[c] for c in chain if pools[c])
        paper.pools = pools
        papers.append(paper)
    return papers, category, [str(p) for p in data.get("not_places") or ()]


# --------------------------------------------------------------------------- templates

# A template is a tuple of parts: a str, or a slot tuple:
#   ("P", category, original)  a place name, filled with one of the target city's places
#   ("D", original)            the lead's event date (M月D日), filled from the issue date
#   ("Y", original)            a year in a headline (2019年), filled with the issue year
MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日(?:至\d{1,2}日)?")
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?=年)")


class Templater:
    def __init__(self, category: dict[str, int], not_places: list[str]) -> None:
        self.category = category
        alts = sorted(set(category) | set(not_places), key=lambda s: (-len(s), s))
        self.place_re = re.compile("|".join(map(re.escape, alts)))

    def compile(self, text: str, *, lead_date: bool = False, year: bool = False) -> tuple:
        marks: list[tuple[int, int, tuple]] = []
        for m in self.place_re.finditer(text):
            cat = self.category.get(m.group(0))
            if cat is not None:
                marks.append((m.start(), m.end(), ("P", cat, m.group(0))))
        if lead_date:
            m = MONTH_DAY.search(text)
            if m and m.start() <= 12:
                marks.append((m.start(), m.end(), ("D", m.group(0))))
        if year:
            for m in YEAR.finditer(text):
                marks.append((m.start(), m.end(), ("Y", m.group(0))))
        marks.sort(key=lambda x: x[0])
        parts: list = []
        pos = 0
        for start, end, slot in marks:
            if start < pos:
                continue
            if start > pos:
                parts.append(text[pos:start])
            parts.append(slot)
            pos = end
        if pos < len(text):
            parts.append(text[pos:])
        return tuple(parts)


# --------------------------------------------------------------------------- seed extraction

SEED_SKIP = re.compile(
    r"^[A-Z][A-Z\s]+$|总第\s*\d+\s*期|今日\s*\d+\s*版|国内统一刊号|主管主办|社出版|热线|信息港|E-?mail|https?://"
    r"|(?:19|20)\d{2}年\d{1,2}月\d{1,2}日\s*星期|[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年|<[a-zA-Z/]|\t|^[-|\s]+$"
)
SEED_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$")
SEED_BOLD = re.compile(r"^\*\*(.+)\*\*$")
SEED_DATELINE = re.compile(r"^本报讯(?:\s*[(（][^()（）]{0,40}[)）])?\s*(.*)$")
SEED_CREDIT = re.compile(r"^(?:(?:本报|《[^》]+》)?(?:记者|通讯员|摄影记者)?\s*[\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4})*\s*摄|摄影[:：].*)$")
SEED_TAIL_CREDIT = re.compile(r"^(?P<cap>.*[。”！？])\s*(?:本报|《[^》]+》)?\s*(?:记者|通讯员)?\s*[\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4})*\s*摄$")
SEED_BYLINE = re.compile(r"(?:记者|通讯员|评论员)")
SEED_POSTBY = re.compile(r"^(?P<post>\S.{1,26}(?:主席|书记|局长|主任|部长|会长|社长))\s+[\u4e00-\u9fff]{2,4}$")
SEED_SOURCE = re.compile(r"^[(（](?:转自|转载自|摘自)《(?P<src>[^《》]+)》[)）]$")
SEED_JUMP = re.compile(r"^[(（](?:下转|上接|转)第?[一二三四五六七八九十\d]+版[)）]$")
SIGNATURE_DATE = re.compile(r"^(?:19|20)\d{2}年\d{1,2}月\d{1,2}日$")
TRAIL_NOTES = re.compile(r"(?:[(（](?:转自|转载自|摘自)《[^《》]+》[)）]|[(（](?:下转|转)第?[一二三四五六七八九十\d]+版[)）]"
                         r"|[(（][\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4})*[)）])\s*$")
JUMP_END = re.compile(r"[(（](?:下转|转)第?[一二三四五六七八九十\d]+版[)）]\s*$")
LEAD_JUMP = re.compile(r"^[(（](?:上接|紧接|接)第?[一二三四五六七八九十\d]+版[)）]")
CLOSERS = "。！？!?”…"
CLAUSE_SPLIT = re.compile(r"[，,。；;：:！？!?、“”\"（）()《》「」·]")
VERBS = ("加快", "推进", "推动", "加强", "强化", "深化", "提升", "打造", "做好", "实施", "开展", "建设", "促进",
         "坚持", "落实", "完善", "健全", "聚焦", "围绕", "助力", "全力", "扎实", "持续", "积极", "不断", "着力",
         "大力", "切实", "全面", "优化", "弘扬", "守护", "筑牢", "凝聚", "激发", "服务", "传承", "夯实")
CLAUSE_BAD_END = set("的了从在把对为和与将向以等及于让是被给着过中其也就都而并")
NOT_TITLE_CHARS = set("。！？!?;；")
CONTACT = re.compile(r"电话|热线|邮箱|地址|地点|时间|信箱|@|[:：]\s*\d")
ORGS = ("教育局", "卫健委", "文旅局", "农业农村局", "市场监管局", "总工会", "团委", "妇联", "公安局", "税务局",
        "生态环境局", "住建局", "民政局", "人社局", "科协", "文联", "残联", "融媒体中心", "检察院", "法院",
        "统计局", "交通运输局", "应急管理局", "医保局", "退役军人事务局")
FEATURE_ENDINGS = ("纪实", "侧记", "工作综述", "见闻", "探索")


def _title_like(s: str) -> bool:
    """Short, no sentence marks, no digits-and-colon contact data; a comma only in a short
    line (a longer line with a comma is a paragraph cut by a column break)."""
    return (5 <= len(s) <= 60 and not any(c in NOT_TITLE_CHARS for c in s) and s[-1] not in ",，、:："
            and (len(s) <= 16 or not any(c in s for c in ",，、") or "系列" in s)
            and not re.search(r"[A-Za-z]", s) and not CONTACT.search(s) and not SIGNATURE_DATE.match(s)
            and not s.startswith(("(", "（")))


@dataclass
class Seeds:
    paragraphs: list[tuple] = field(default_factory=list)   # lead-date slot allowed
    headlines: list[tuple] = field(default_factory=list)
    tails: list[tuple] = field(default_factory=list)        # headline after its leading subject
    kickers: list[tuple] = field(default_factory=list)
    phrases: list[tuple] = field(default_factory=list)      # halves of two-part headlines
    clauses: list[tuple] = field(default_factory=list)      # verb clauses from paragraphs
    subs: list[tuple] = field(default_factory=list)         # —— subheadlines (without the dashes)
    subheads: list[tuple] = field(default_factory=list)     # in-article subheads
    captions: list[tuple] = field(default_factory=list)
    posts: list[tuple] = field(default_factory=list)        # posts of post-and-name bylines


def _seed_items(text: str) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for raw in text.splitlines():
        s = raw.strip().strip("\u3000\xa0").strip()
        if not s:
            items.append(("blank", ""))
            continue
        m = SEED_HEADING.match(s)
        if m:
            items.append(("head", re.sub(r"\*\*|<[^>]+>", "", m.group(1)).strip()))
            continue
        m = SEED_BOLD.match(s)
        if m:
            items.append(("subhead", m.group(1).strip()))
            continue
        if SEED_SKIP.search(s):
            items.append(("skip", s))
            continue
        if s.startswith(("——", "--")):
            items.append(("sub", s.lstrip("—-").strip()))
            continue
        m = SEED_DATELINE.match(s)
        if m:
            items.append(("text", m.group(1).strip()) if m.group(1).strip() else ("skip", s))
            continue
        if len(s) <= 40 and SEED_CREDIT.match(s):
            items.append(("credit", s))
            continue
        m = SEED_TAIL_CREDIT.match(s)
        if m and len(s) <= 300:
            items.append(("caption", m.group("cap")))
            continue
        if SEED_SOURCE.match(s) or SEED_JUMP.match(s):
            items.append(("skip", s))
            continue
        if len(s) <= 40 and SEED_BYLINE.search(s) and not any(c in s for c in "。,，"):
            items.append(("skip", s))
            continue
        m = SEED_POSTBY.match(s)
        if m and not any(c in s for c in "。,，"):
            items.append(("postby", m.group("post")))
            continue
        if "图为" in s:
            items.append(("caption", s))
            continue
        items.append(("line", s))
    return items


def _complete(text: str) -> bool:
    """A paragraph is complete when it ends with a closing mark, once end notes such as
    ``(李文罡)`` or ``(转自《人民日报》)`` are set aside; otherwise a column break cut it."""
    if JUMP_END.search(text):
        return True
    text = TRAIL_NOTES.sub("", text).rstrip()
    return bool(text) and text[-1] in CLOSERS


def extract_seeds(seed_dir: Path, templater: Templater) -> Seeds:
    """Pull the reusable pieces out of the real seed pages (simple shape heuristics)."""
    raw_paras: list[str] = []
    heads: list[str] = []
    kickers: list[str] = []
    subs: list[str] = []
    subheads: list[str] = []
    captions: list[str] = []
    posts: list[str] = []
    files = sorted(seed_dir.glob("*.txt"))
    if not files:
        raise SystemExit(f"no seed pages (*.txt) in {seed_dir}")
    for path in files:
        items = [it for it in _seed_items(path.read_text(encoding="utf-8-sig")) if it[0] != "blank"]
        pending = ""  # a paragraph cut by a column break, waiting for its rest
        for i, (kind, s) in enumerate(items):
            nxt = items[i + 1] if i + 1 < len(items) else ("end", "")
            if kind in ("line", "text") and pending:
                pending += s
            elif kind == "line" and nxt[0] == "credit" and _complete(s):
                captions.append(s)
                continue
            elif kind == "line" and (_title_like(s) or (len(s) <= 20 and s[-1] in ":：")):
                if SIGNATURE_DATE.match(nxt[1]) or nxt[0] == "credit":
                    continue
                if nxt[0] in ("line", "head") and _title_like(nxt[1]) or s[-1] in ":：":
                    kickers.append(s)
                else:
                    heads.append(s)
                continue
            elif kind == "line" and len(s) < 20 and not _complete(s):
                continue  # a label such as 新闻特写 or 吉D微风: not a paragraph start
            elif kind in ("line", "text"):
                pending = s
            else:
                if kind == "head":
                    heads.append(s)
                elif kind == "sub":
                    subs.append(s)
                elif kind == "subhead":
                    subheads.append(s)
                elif kind == "caption":
                    captions.append(s)
                elif kind == "postby":
                    posts.append(s)
                continue  # captions and credits may interrupt a cut paragraph: keep it pending
            if pending and _complete(pending):
                raw_paras.append(pending)
                pending = ""
        if pending:
            raw_paras.append(pending)

    seeds = Seeds()
    seen: set[str] = set()
    for p in raw_paras:
        p = LEAD_JUMP.sub("", p)
        while True:
            q = TRAIL_NOTES.sub("", p).rstrip()
            if q == p:
                break
            p = q
        if (len(p) < 30 or p[-1] not in CLOSERS or "图为" in p or p.endswith("摄") or "\t" in p
                or p.startswith(("——", "本报", "(", "（")) or p in seen):
            continue
        seen.add(p)
        seeds.paragraphs.append(templater.compile(p, lead_date=True))
        # the first sentence of a paragraph makes a plausible photo caption
        first = p.split("。", 1)[0] + "。"
        if 20 <= len(first) <= 90 and "“" not in first and "”" not in first:
            captions.append(first)
        for clause in CLAUSE_SPLIT.split(p):
            if (6 <= len(clause) <= 14 and clause.startswith(VERBS) and clause[-1] not in CLAUSE_BAD_END
                    and not re.search(r"[\dA-Za-z我他她你]|时期", clause)):
                seeds.clauses.append(clause)
    seeds.clauses = [templater.compile(c) for c in sorted(set(seeds.clauses))]

    subject_re = re.compile("^(?:我市|全市)")
    for h in _unique(heads):
        t = templater.compile(h, year=True)
        seeds.headlines.append(t)
        if (t and isinstance(t[0], tuple) and t[0][0] == "P" and len(t) > 1 and isinstance(t[1], str)
                and len(t[1]) >= 4 and not t[1].startswith("委")):
            seeds.tails.append(t[1:])
        elif subject_re.match(h) and len(h) >= 8:
            seeds.tails.append(templater.compile(h[2:], year=True))
        for half in re.split(r"\s+", h):
            if 4 <= len(half) <= 14 and half not in heads:
                seeds.phrases.append(templater.compile(half, year=True))
    for k in _unique(kickers):
        seeds.kickers.append(templater.compile(k))
        for half in re.split(r"\s+", k):
            if 3 <= len(half) <= 14 and half[-1] not in ":：":
                seeds.phrases.append(templater.compile(half))
    seeds.phrases = _unique(seeds.phrases)
    seeds.subs = [templater.compile(s) for s in _unique(subs)]
    seeds.subheads = [templater.compile(s) for s in _unique(subheads)]
    seeds.captions = [templater.compile(c, lead_date=True) for c in _unique(captions)]
    seeds.posts = [templater.compile(p) for p in _unique(posts)]
    for name in ("paragraphs", "headlines", "clauses", "captions"):
        if not getattr(seeds, name):
            raise SystemExit(f"the seed pages in {seed_dir} yield no {name}")
    return seeds


def _unique(values: list) -> list:
    out, seen = [], set()
    for v in values:
        if v not in seen:
            seen.add(v)
            out.append(v)
    return out


# --------------------------------------------------------------------------- names

SURNAMES = ("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶"
            "阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔崔康毛邱秦江史顾侯邵孟万段钱汤尹黎常武乔贺赖龚付兰柏")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红宇鹏辉晶博欣蕾颖琳彤雪浩宁斌峰波晨阳慧婷倩"
         "帆楠琦瑶茵蓓丹怡鑫昊然轩楠琪凯旭亮飞健松岩冰梅兰菊竹林森海涛野铭哲瑞佳悦嘉文武毅志国庆春秋")


def make_names(rng: random.Random, count: int, banned: list[str]) -> list[str]:
    """~count distinct plausible names (surname + 1-2 given characters), none containing a place."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        name = rng.choice(SURNAMES) + given
        if name in seen or any(b in name for b in banned) or len(set(name)) < len(name):
            continue
        seen.add(name)
        names.append(name)
    return names


# --------------------------------------------------------------------------- dates

WEEKDAYS = "一二三四五六日"
STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
LUNAR_MONTHS = ("正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊")
DIGITS = "零一二三四五六七八九十"
_NM_EPOCH = date(2000, 1, 7)   # mean new moon 2000-01-06 18:14 UTC = 01-07 02:14 China time
_NM_FRAC = 0.093
_SYNODIC = 29.530588853


def _new_moon_day(k: int) -> int:
    return math.floor(_NM_FRAC + k * _SYNODIC)


def _lunar_new_year_k(year: int) -> int:
    """Index of the first (mean) new moon on or after 21 January: the Spring Festival."""
    d = (date(year, 1, 21) - _NM_EPOCH).days
    k = math.ceil((d - _NM_FRAC) / _SYNODIC) - 1
    while _new_moon_day(k) < d:
        k += 1
    return k


def lunar_date(d: date) -> str:
    """A plausible lunar date (mean-moon arithmetic, leap months ignored): ``辛丑年九月十七``."""
    day = (d - _NM_EPOCH).days
    k = math.floor((day + 1 - _NM_FRAC) / _SYNODIC)
    while _new_moon_day(k) > day:
        k -= 1
    while _new_moon_day(k + 1) <= day:
        k += 1
    lday = day - _new_moon_day(k) + 1
    year = d.year
    k0 = _lunar_new_year_k(year)
    if k < k0:
        year -= 1
        k0 = _lunar_new_year_k(year)
    month = min(k - k0 + 1, 12)
    if lday <= 10:
        dname = "初" + DIGITS[lday]
    elif lday < 20:
        dname = "十" + DIGITS[lday - 10]
    elif lday == 20:
        dname = "二十"
    elif lday < 30:
        dname = "廿" + DIGITS[lday - 20]
    else:
        dname = "三十"
    return f"{STEMS[(year - 4) % 10]}{BRANCHES[(year - 4) % 12]}年{LUNAR_MONTHS[month - 1]}月{dname}"


def cn_number(n: int) -> str:
    if n <= 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n - 10] if n > 10 else "")
    tens, ones = divmod(n, 10)
    return DIGITS[tens] + "十" + (DIGITS[ones] if ones else "")


def printed_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日 星期{WEEKDAYS[d.weekday()]}"


# --------------------------------------------------------------------------- the calendar


@dataclass(order=True)
class Slot:
    day: date
    paper: int
    number: int  # 总第N期


def build_calendar(rng: random.Random, papers: list[CityPaper], start_year: int, years: int) -> list[Slot]:
    """Every publishing day of every paper: most days, with skipped days and whole months."""
    slots: list[Slot] = []
    end = date(start_year + years, 1, 1)
    for pi, paper in enumerate(papers):
        rest_days = rng.choice(((), (), (6,), (6,), (5, 6)))
        skipped_months = {(y, m) for y in range(start_year, start_year + years) for m in range(1, 13)
                          if rng.random() < 0.04}
        day = date(start_year, 1, 1) + timedelta(days=rng.randint(0, 60) if pi else 0)
        number = paper.first_issue
        while day < end:
            if (day.weekday() not in rest_days and (day.year, day.month) not in skipped_months
                    and not (day.month == 1 and day.day == 1) and rng.random() >= 0.03):
                number += 1
                slots.append(Slot(day, pi, number))
            day += timedelta(days=1)
    slots.sort()
    return slots


def plan_issues(rng: random.Random, slots: list[Slot], articles: int) -> tuple[list[tuple[Slot, list[int]]], int]:
    """Draw issues at random from the calendar until about ``articles`` are planned.

    Returns (slot, articles per page) in date order, and the pages-per-issue maximum used
    (4, unless the calendar is too short for the request at 1-4 pages an issue)."""
    max_pages = 4
    while len(slots) * (max_pages + 1) / 2 * 6 < articles * 1.05:
        max_pages += 2
    order = list(range(len(slots)))
    rng.shuffle(order)
    plan: list[tuple[Slot, list[int]]] = []
    total = 0
    for idx in order:
        if total >= articles:
            break
        remaining = articles - total
        pages = [rng.randint(4, 8) for _ in range(rng.randint(1, max_pages))]
        if sum(pages) > remaining:  # the last issue: just enough articles to reach the target
            while len(pages) > 1 and sum(pages) - pages[-1] >= remaining:
                pages.pop()
            pages[-1] = max(4, remaining - sum(pages[:-1]))
        plan.append((slots[idx], pages))
        total += sum(pages)
    plan.sort(key=lambda sp: sp[0])
    return plan, max_pages


# --------------------------------------------------------------------------- page writing

INNER_PAGES = {
    2: ("要闻", "综合新闻", "时政"),
    3: ("经济", "县区新闻", "社会", "民生"),
    4: ("文化", "专版", "副刊", "综合"),
}
LATER_PAGES = ("综合新闻", "社会", "专版", "文化", "体育", "广告", "县区新闻", "理论")
REPRINT_PAPERS = ("吉林日报", "人民日报")


class _Article:
    """The state of one article while it is rendered: its place mapping and dates."""

    __slots__ = ("paper", "rng", "places", "event", "year")

    def __init__(self, paper: CityPaper, rng: random.Random, issue_day: date) -> None:
        self.paper = paper
        self.rng = rng
        self.places: dict[str, str] = {}
        ev = issue_day - timedelta(days=rng.choice((0, 1, 1, 1, 2, 2, 3)))
        self.event = f"{ev.month}月{ev.day}日"
        self.year = str(issue_day.year)

    def render(self, parts: tuple, lead: bool = False) -> str:
        out = []
        for p in parts:
            if p.__class__ is str:
                out.append(p)
            elif p[0] == "P":
                got = self.places.get(p[2])
                if got is None:
                    got = self.rng.choice(self.paper.pools[p[1]])
                    self.places[p[2]] = got
                out.append(got)
            elif p[0] == "D":
                out.append(self.event if lead else p[1])
            else:
                out.append(self.year)
        return "".join(out)


class _Page:
    __slots__ = ("buf",)

    def __init__(self) -> None:
        self.buf: list[str] = []

    def emit(self, line: str, gap: int = 1) -> None:
        if self.buf:
            self.buf.extend([""] * gap)
        self.buf.append(line)


class Generator:
    def __init__(self, rng: random.Random, papers: list[CityPaper], seeds: Seeds) -> None:
        self.rng = rng
        self.papers = papers
        self.seeds = seeds
        self.articles = 0
        self.photos = 0

    # -- pieces ---------------------------------------------------------------------------

    def subject(self, a: _Article) -> str:
        r = self.rng.random()
        pools = a.paper.pools
        if r < 0.35:
            return self.rng.choice(pools[ADMIN] + pools[FULL])
        if r < 0.45:
            return self.rng.choice(pools[TOWN] + pools[OTHER])
        if r < 0.8:
            return self.rng.choice(pools[ADMIN] + pools[FULL]) + self.rng.choice(ORGS)
        return self.rng.choice(("我市", "全市", "市委", "市政府", "市政协", "市人大常委会"))

    def headline(self, a: _Article) -> str:
        s, rng = self.seeds, self.rng
        for _ in range(8):
            r = rng.random()
            if r < 0.42:  # subject + a clause of a real paragraph: 集安市扎实推进农村人居环境整治
                h = self.subject(a) + a.render(rng.choice(s.clauses))
            elif r < 0.72:  # a two-part headline: 加快产业升级 着力改善民生
                x, y = rng.sample(s.clauses, 2) if len(s.clauses) > 1 else (s.clauses[0], s.clauses[0])
                h = a.render(x) + " " + a.render(y)
            elif r < 0.80 and s.tails:  # a real headline's predicate after another place
                pools = a.paper.pools
                h = rng.choice(pools[ADMIN] + pools[FULL] + pools[TOWN]) + a.render(rng.choice(s.tails))
            elif r < 0.90 and len(s.phrases) > 1:  # halves of real two-part headlines, recombined
                x, y = rng.sample(s.phrases, 2)
                h = a.render(x) + " " + a.render(y)
            else:
                h = a.render(rng.choice(s.headlines))
            if len(h) <= 48:
                return h
        return h[:48].rstrip()

    def kicker(self, a: _Article) -> str:
        s, rng = self.seeds, self.rng
        r = rng.random()
        if r < 0.4 and s.kickers:
            return a.render(rng.choice(s.kickers))
        if r < 0.85:
            x, y = rng.sample(s.clauses, 2) if len(s.clauses) > 1 else (s.clauses[0], s.clauses[0])
            return a.render(x) + " " + a.render(y)
        return rng.choice(a.paper.pools[FULL] + a.paper.pools[ADMIN]) + rng.choice(ORGS) + ":"

    def subheadline(self, a: _Article) -> str:
        s, rng = self.seeds, self.rng
        if s.subs and rng.random() < 0.4:
            return "——" + a.render(rng.choice(s.subs))
        return "——" + self.subject(a) + a.render(rng.choice(s.clauses)) + rng.choice(FEATURE_ENDINGS)

    def in_article_subhead(self, a: _Article) -> str:
        s, rng = self.seeds, self.rng
        if s.subheads and rng.random() < 0.3:
            return a.render(rng.choice(s.subheads))
        x, y = rng.sample(s.clauses, 2) if len(s.clauses) > 1 else (s.clauses[0], s.clauses[0])
        return a.render(x) + " " + a.render(y)

    def names(self, paper: CityPaper, k: int) -> list[str]:
        return self.rng.sample(paper.reporters, k)

    def photo(self, page: _Page, a: _Article, gap_after: list[int]) -> None:
        """A caption with its credit, set apart by a layout break (two or more blank lines)."""
        rng = self.rng
        self.photos += 1
        names = self.names(a.paper, 2)
        r = rng.random()
        if r < 0.05:  # a picture with only a credit and a title (摄影:X Y, then the title)
            page.emit(f"摄影:{names[0]} {names[1]}", gap=3)
            page.emit(self.headline(a), gap=1)
            gap_after[0] = 3
            return
        caption = a.render(rng.choice(self.seeds.captions), lead=True)
        role = rng.choice(("本报记者", "本报记者", "本报通讯员", "记者"))
        credit = f"{role} {names[0]} 摄" if rng.random() < 0.85 else f"摄影:{names[0]} {names[1]}"
        if r < 0.55 and not credit.startswith("摄影"):
            page.emit(f"{caption}{rng.choice(('', ' '))}{credit}", gap=rng.choice((2, 3)))
        else:
            page.emit(caption, gap=rng.choice((2, 3)))
            page.emit(credit, gap=1)
        gap_after[0] = rng.choice((2, 3))

    @staticmethod
    def split_point(rng: random.Random, text: str, head: int = 0, tail: int = 0) -> int:
        """Where a column break (or a jump) cuts ``text``: anywhere in the running text, but
        not inside a dateline glued to its start (``head``) or a note glued to its end (``tail``)."""
        lo = head + min(8, (len(text) - head) // 3)
        hi = len(text) - tail - 4
        return rng.randint(lo, max(lo, hi))

    # -- one article --------------------------------------------------------------------

    def article(self, page: _Page, paper: CityPaper, day: date, *, markdown: bool, jump_to: int | None,
                gap: int) -> int:
        """Write one article; returns the blank lines to put before whatever comes next."""
        rng, s = self.rng, self.seeds
        a = _Article(paper, rng, day)
        self.articles += 1

        kicker = self.kicker(a) if rng.random() < 0.2 else None
        headline = self.headline(a)
        style = rng.choices(("dateline", "bare", "standalone", "reprint", "post"), (62, 7, 20, 8, 3))[0]
        if jump_to is not None and style == "reprint":
            style = "dateline"
        sub = None
        if rng.random() < (0.45 if style in ("standalone", "reprint", "post") else 0.08):
            sub = self.subheadline(a)

        # the paragraphs: a run of consecutive seed paragraphs, or a mix
        n = rng.randint(2, 8)
        paras_t = s.paragraphs
        if rng.random() < 0.6:
            start = rng.randrange(len(paras_t))
            picks = [paras_t[(start + i) % len(paras_t)] for i in range(n)]
        else:
            picks = [rng.choice(paras_t) for _ in range(n)]
        paras = [a.render(p, lead=(i == 0)) for i, p in enumerate(picks)]

        byline_line = None
        end_note = None
        head = tail = 0  # lengths of the dateline glued to the lead, of a note glued to the end
        if style == "dateline":
            k = rng.choices((1, 2, 3), (45, 45, 10))[0]
            names = self.names(paper, k)
            role = rng.choices(("记者 ", "记者", "通讯员 ", ""), (75, 8, 12, 5))[0]
            inner = role + " ".join(names)
            if rng.random() < 0.1 and k >= 2:
                inner = f"记者 {names[0]} 通讯员 {' '.join(names[1:])}"
            lp, rp = ("(", ")") if rng.random() < 0.85 else ("（", "）")
            paras[0] = f"本报讯{lp}{inner}{rp}{paras[0]}"
            head = len(inner) + 5
        elif style == "bare":
            paras[0] = "本报讯 " + paras[0]
            head = 4
            credit = "(" + " ".join(self.names(paper, rng.choice((1, 2)))) + ")"
            paras[-1] += credit
            tail = len(credit)
        elif style == "standalone":
            names = self.names(paper, rng.choice((1, 1, 2)))
            role = rng.choice(("本报记者", "本报记者", "本报通讯员"))
            byline_line = f"{role} {' '.join(names)}"
        elif style == "post":
            post = a.render(rng.choice(s.posts)) if s.posts else a.paper.full() + "文联主席"
            byline_line = f"{post} {self.names(paper, 1)[0]}"
        else:  # reprint
            src = rng.choice(REPRINT_PAPERS)
            if src == "人民日报" or rng.random() < 0.2:
                byline_line = f"《{src}》评论员"
            else:
                byline_line = f"《{src}》记者 {' '.join(self.names(paper, rng.choice((1, 2, 3))))}"
            end_note = f"(转自《{src}》)"

        if kicker:
            page.emit(kicker, gap=gap)
            gap = 1
        page.emit(("## " if markdown else "") + headline, gap=gap)
        if sub:
            page.emit(sub)
        if byline_line:
            page.emit(byline_line)

        # end notes: a jump (front page), or the reprint source, glued or on a line of their own
        own_line_note = None
        if jump_to is not None:
            note = f"(下转第{cn_number(jump_to)}版)"
            if rng.random() < 0.5:
                last = paras[-1]
                paras[-1] = last[: self.split_point(rng, last, head if len(paras) == 1 else 0, tail)] + note
                tail = len(note)
            else:
                own_line_note = note
        elif end_note:
            if rng.random() < 0.5:
                paras[-1] += end_note
                tail = len(end_note)
            else:
                own_line_note = end_note

        subhead_at = -1
        if len(paras) >= 4 and style in ("standalone", "reprint", "post") and rng.random() < 0.3:
            subhead_at = rng.randint(2, len(paras) - 1)
        photo_at = rng.randrange(len(paras)) if rng.random() < 0.05 else -1
        after = [1]
        last_i = len(paras) - 1
        for i, text in enumerate(paras):
            cut_head, cut_tail = (head if i == 0 else 0), (tail if i == last_i else 0)
            if i == subhead_at:
                sh = self.in_article_subhead(a)
                page.emit(f"**{sh}**" if markdown else sh)
            if i == photo_at and len(text) >= 30 + cut_head + cut_tail:
                cut = self.split_point(rng, text, cut_head, cut_tail)
                page.emit(text[:cut])
                self.photo(page, a, after)
                page.emit(text[cut:], gap=after[0])
                continue
            if len(text) >= 30 + cut_head + cut_tail and rng.random() < 0.12:  # a column break
                cut = self.split_point(rng, text, cut_head, cut_tail)
                page.emit(text[:cut])
                page.emit(text[cut:])
                continue
            page.emit(text)
        if own_line_note:
            page.emit(own_line_note)
        if rng.random() < 0.12:
            self.photo(page, a, after)
            return after[0]
        return rng.choice((1, 1, 1, 3))

    # -- pages and issues ---------------------------------------------------------------

    def masthead(self, page: _Page, paper: CityPaper, slot: Slot, pages: int) -> None:
        rng = self.rng
        page.emit(paper.pinyin, gap=0)
        page.emit(printed_date(slot.day), gap=1)
        page.emit(lunar_date(slot.day), gap=0)
        page.emit(f"总第{slot.number}期 今日{pages}版")
        if paper.cn:
            page.emit(f"国内统一刊号:{paper.cn}")
        page.emit(f"中共{paper.full()}委主管主办 {paper.publisher}出版", gap=rng.choice((1, 1, 3)))
        page.emit(f"新闻热线:{paper.hotline}")

    def page_header(self, page: _Page, paper: CityPaper, slot: Slot, pno: int) -> None:
        rng = self.rng
        name = rng.choice(INNER_PAGES.get(pno, LATER_PAGES))
        editor = rng.choice(paper.editors)
        page.emit(f"{printed_date(slot.day)} 第{pno}版 {name} 责任编辑:{editor}", gap=0)

    def page(self, paper: CityPaper, slot: Slot, pno: int, pages: int, n_articles: int) -> str:
        rng = self.rng
        page = _Page()
        if pno == 1:
            self.masthead(page, paper, slot, pages)
        else:
            self.page_header(page, paper, slot, pno)
        markdown = rng.random() < 0.1
        jumps = rng.choice((0, 1, 1, 2)) if pno == 1 and pages > 1 else 0
        jumpers = set(rng.sample(range(n_articles), min(jumps, n_articles)))
        gap = rng.choice((1, 3))
        for k in range(n_articles):
            if k and rng.random() < 0.04:  # a photo of its own between articles
                after = [gap]
                dummy = _Article(paper, rng, slot.day)
                self.photo(page, dummy, after)
                gap = after[0]
            jump_to = rng.randint(2, pages) if k in jumpers else None
            gap = self.article(page, paper, slot.day, markdown=markdown, jump_to=jump_to, gap=gap)
        lead = "\n" * rng.choice((0, 0, 1, 2, 4))
        return lead + "\n".join(page.buf) + "\n"


# --------------------------------------------------------------------------- entry points


def generate(out_dir: Path, articles: int, seed: int = 1, cities: int = 5, years: int = 20,
             start_year: int = 2004, seeds_dir: Path | None = None) -> dict:
    """Write about ``articles`` articles of raw pages under ``out_dir``; returns the counts
    (files, issues, articles, photos, bytes). Same arguments -> byte-identical files."""
    if articles < 1 or cities < 1 or years < 1:
        raise ValueError("articles, cities and years must be at least 1")
    rng = random.Random(seed)
    all_papers, category, not_places = load_papers()
    if cities > len(all_papers):
        raise ValueError(f"--cities {cities}: the registry has only {len(all_papers)} city papers")
    papers = all_papers[:cities]
    templater = Templater(category, not_places)
    seeds = extract_seeds(Path(seeds_dir) if seeds_dir else DEFAULT_SEEDS, templater)

    banned = sorted(set(category) | set(not_places))
    pool = make_names(rng, 200, banned)
    for paper in papers:
        paper.reporters = rng.sample(pool, 40)
        paper.editors = rng.sample(pool, 6)
        paper.first_issue = rng.randint(1500, 6000)
        paper.hotline = f"{AREA_CODES.get(paper.slug, '0431')}-{rng.randint(2000000, 8999999)}"

    slots = build_calendar(rng, papers, start_year, years)
    if not slots:
        raise ValueError("the calendar has no publishing days")
    plan, max_pages = plan_issues(rng, slots, articles)
    if max_pages > 4:
        print(f"note: {len(slots)} publishing days are too few for {articles} articles at 1-4 pages an "
              f"issue; issues get up to {max_pages} pages", file=sys.stderr)

    gen = Generator(rng, papers, seeds)
    out_dir = Path(out_dir)
    files = nbytes = 0
    for slot, page_counts in plan:
        paper = papers[slot.paper]
        folder = out_dir / paper.slug / f"{slot.day.year:04d}" / f"{slot.day.month:02d}" / f"{slot.day.day:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        for pno, n in enumerate(page_counts, 1):
            data = gen.page(paper, slot, pno, len(page_counts), n).encode("utf-8")
            (folder / f"p{pno}.txt").write_bytes(data)
            files += 1
            nbytes += len(data)
    return {"files": files, "issues": len(plan), "articles": gen.articles, "photos": gen.photos,
            "bytes": nbytes}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    ap.add_argument("--articles", type=int, required=True, help="about how many articles to write")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cities", type=int, default=5, help="how many city papers (registry order)")
    ap.add_argument("--years", type=int, default=20)
    ap.add_argument("--start-year", type=int, default=2004)
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder of real seed pages (*.txt)")
    ap.add_argument("--force", action="store_true", help="write into OUT_DIR even if it is not empty")
    args = ap.parse_args(argv)
    if args.out_dir.exists() and any(args.out_dir.iterdir()) and not args.force:
        print(f"{args.out_dir} is not empty; pass --force to write into it anyway "
              f"(same-named files are overwritten, others are left as they are)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        counts = generate(args.out_dir, args.articles, seed=args.seed, cities=args.cities, years=args.years,
                          start_year=args.start_year, seeds_dir=args.seeds)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"files={counts['files']} issues={counts['issues']} articles={counts['articles']} "
          f"photos={counts['photos']} bytes={counts['bytes']} seconds={time.perf_counter() - started:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
