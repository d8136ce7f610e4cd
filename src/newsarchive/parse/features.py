"""Features of a unit: what the role model sees.

The line rules of a rule-based parser become features here: shape (length, punctuation,
markup), position (where on the page, blank lines around it), cue patterns in Simplified and
Traditional script (datelines, reporter words, photo credits, masthead and furniture marks,
jump and source notes), and the same for the units around it. There is no open vocabulary:
no feature names a word of the text, so what the model learns is layout, not one paper's
headlines or one photographer's name.

``FEATURES_VERSION`` changes whenever a feature changes meaning; a model trained for another
version is refused.
"""

from __future__ import annotations

import re
from functools import lru_cache
from statistics import median

from .bylines import SECTION_JUMP
from .text import readings
from .units import LEAD, LEAD_FIRST, Unit

FEATURES_VERSION = "3"



_SENT = set("。！？!?")
_COMMA = set("，,、")
_COLON = set("：:；;")
_OPEN = set("“「『（(《【〔[‘\"")
_CLOSE = set("”」』）)》】〕]’\"")
_DASH = set("—-–―－")

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
CAPS = re.compile(r"^[A-Z]{2,}(?:[\s\xa0]+[A-Z]{2,})+$")
SPACE_RUN = re.compile(r"(?<=\S)[ \t\xa0\u3000]+(?=\S)")
_SPACE_RUN = re.compile(r"[ \t\xa0\u3000](?<=\S[ \t\xa0\u3000])[ \t\xa0\u3000]*(?=\S)")
"""``SPACE_RUN`` written to open with the space, its look-behind after it: the same matches,
but the regex engine skips from space to space instead of trying every position."""

REPORTER = re.compile(r"记者|記者|通讯员|通訊員|评论员|評論員|特约|特約|撰稿|编辑|編輯|主笔|主筆")
CREDIT = re.compile(r"[摄攝](?:影)?[)）]?$|^(?:摄影|攝影)|[（(][^（）()]*(?:图片|圖片|社发|社發|供图|供圖|提供|视觉|視覺|資料圖)[^（）()]*[)）]$|新华社发|新華社發")
_CREDIT_INSIDE = re.compile(r"[摄攝](?:影)?[)）]?$|[（(][^（）()]*(?:图片|圖片|社发|社發|供图|供圖|提供|视觉|視覺|資料圖)[^（）()]*[)）]$|新华社发|新華社發")
"""``CREDIT`` without its one alternative anchored at the start (``^(?:摄影|攝影)``, asked with
``startswith``): the rest all open with a character the regex engine can skip to (摄, 攝, a
bracket, 新), where the anchor made it try every alternative at every character."""
_CREDIT_OPENS = ("摄影", "攝影")
CAPTION_CUE = re.compile(r"^(?:图为|圖為|图爲|圖爲|上图|下图|中图|左图|右图|上圖|下圖|中圖|左圖|右圖|图[①-⑳\d]|圖[①-⑳\d])|图为|圖為")
MAST = re.compile(
    r"国内统一刊号|國內統一刊號|CN\s?\d{2}\s?[-－]\s?\d{4}|邮发代号|郵發代號|总第\s*\d+\s*期|總第\s*\d+\s*期|"
    r"今日\s*\d+\s*版|新闻热线|新聞熱線|广告热线|主管主办|主管\s*主辦|社出版|[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年"
)
WEEKDAY_DATE = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:星期|礼拜|禮拜|周|週)[一二三四五六日天]")
FULL_DATE = re.compile(r"(?:1[89]|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
DATE_ALONE = re.compile(r"^(?:(?:1[89]|20)\d{2}|[一二三四五六七八九十〇○零]{4})\s*年\s*\S{1,3}\s*月\s*\S{1,3}\s*日$")
PAPER_NAME = re.compile(r"^[\u4e00-\u9fff]{2,8}(?:日报|日報|晚报|晚報|时报|時報|商报|商報|都市报|都市報|报|報)$")
JUMP = re.compile(r"[上下]?[转轉接]第?\s*\S{1,3}\s*版|^[（(]?(?:未完|待续|待續|完)[）)]?$|" + SECTION_JUMP)
SOURCE = re.compile(r"^[（(](?:转自|轉自|转载自|轉載自|摘自|来源|來源|据|據)|^(?:譯|译)\S{1,8}[报報]$")
FURNITURE = re.compile(
    r"版式设计|版式[:：]|制图|製圖|数据来源|數據來源|资料来源|資料來源|稿件统筹|责任编辑|責任編輯|责编|美编|校对|校對|"
    r"原始網址|原始网址|原文連結|原文链接|電子郵件|电子邮件|©|https?://|www\.|mailto:|@|更多精彩|图片说明|圖片說明|"
    # a news site's page furniture: breadcrumbs, the source and time line, sharing and paging links
    r"当前位置|當前位置|您的位置|首页\s*[>＞|»›]|首頁\s*[>＞|»›]|来源[:：]|來源[:：]|发布时间|發布時間|發佈時間|"
    r"分享到|打印本页|列印本頁|关闭窗口|關閉視窗|返回顶部|返回頂部|上一篇|下一篇|相关新闻|相關新聞|扫一扫|掃一掃"
)
EDITOR = re.compile(r"编者按|編者按|编者的话|編者的話|——\s*编\s*者|——\s*編\s*者")
COLUMN_TAG = re.compile(
    r"社论|社論|今日谈|今日談|速览|速覽|简报|簡報|速递|速遞|微阅读|微閱讀|链接|鏈接|連結|数读|數讀|快讯|快訊|短讯|短訊|"
    r"要闻|要聞|综述|綜述|专栏|專欄|时评|時評|短评|短評|论坛|論壇|观察|觀察|特写|特寫|聚焦|专题|專題|图片报道|圖片報道|"
    r"核心阅读|核心閱讀|■|▲|●|◆"
)
NOTICE = re.compile(r"(?:公告|通告|通报|通報|通知|启事|啟事|声明|聲明|公示|倡议书|倡議書|公开信|公開信)$")
SPACED_NAME = re.compile(r"(?:^|\s)[\u4e00-\u9fff][ \xa0\u3000]+[\u4e00-\u9fff](?:\s|$)")
NAME_LIST = re.compile(r"^(?:[\u4e00-\u9fff]{1,3}[ \xa0\u3000、]+){1,5}[\u4e00-\u9fff]{1,3}$")
BRACKET_NAMES = re.compile(r"^[（(][\u4e00-\u9fff\s\xa0\u3000、·]{1,16}[）)]$")
SUB_DASH = re.compile(r"^(?:——|--|—|－－)")
KICK_DASH = re.compile(r"(?:——|--|—)$")
NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|[①-⑳])")

_SENT_MARK = re.compile("[。！？!?]")
_KICK_ENDS = ("—", "--")
"""The ends ``KICK_DASH`` looks for (``——`` ends in ``—``)."""


_REPORTER_OR_FURNITURE = re.compile(f"{REPORTER.pattern}|{FURNITURE.pattern}")
"""Matches where ``REPORTER`` or ``FURNITURE`` does (a text it does not match holds neither)."""
_SUB_DASHES = ("——", "--", "—", "－－")
"""What ``SUB_DASH`` matches at a unit's start (``startswith`` instead of the regex)."""
_SUB_DASH_FIRST = "—-－"
"""The first characters of ``_SUB_DASHES`` (a cheap test before ``startswith``)."""
_SOURCE_FIRST = "（(譯译"
"""The characters ``SOURCE`` can match at (each of its patterns is anchored at the start)."""
_NUMBERED_FIRST = frozenset("一二三四五六七八九十（(" + "".join(chr(c) for c in range(0x2460, 0x2474)))
"""The characters ``NUMBERED`` can open with, besides digits (``str.isdigit``, a wider set than
``\\d``)."""
_NOTICE_LAST = frozenset("告报報知事明示书書信")
"""The last characters of the words ``NOTICE`` looks for at a unit's end."""
_MAST_NEEDS = ("年", "第", "刊", "代", "今日", "线", "線", "主管", "出版", "CN")
"""One of these is in every text ``MAST`` matches: a cheap test before its many alternatives."""


_MAST_NEED = re.compile("|".join(map(re.escape, _MAST_NEEDS)))


def _may_mast(text: str) -> bool:
    """Whether ``MAST`` can match at all (see ``_MAST_NEEDS``; one scan for all of them)."""
    return _MAST_NEED.search(text) is not None


def _may_jump(text: str) -> bool:
    """Whether ``JUMP`` can match at all: a jump note names a page (版), says where it goes on
    (转, 轉: 下轉A4) or that it goes on or ends (续, 續, 完)."""
    return "版" in text or "完" in text or "续" in text or "續" in text or "转" in text or "轉" in text


def _may_credit(cue: str) -> bool:
    """Whether ``CREDIT`` can match at all: each of its patterns needs 摄/攝, 社发/社發 or a
    closing bracket at the end (a cheap test first: most units are running text)."""
    return "摄" in cue or "攝" in cue or "社发" in cue or "社發" in cue or cue.endswith((")", "）"))


LINE_LIKE = {"space", "circle", "bracket", "image", "colon", "block"}
"""Pieces that stand for a printed line: cut from a flattened line, a Markdown image's text, or
a block of an HTML page saved as one line."""

# The features built from a part (an origin, a title shape, a character class, a count), each
# made once: a unit's feature is then the same string object as every other unit's, its hash
# worked out once, and looking its list up (``_handed``) or in a set (the heading checks) finds
# it by identity instead of building and comparing a new string.
_ORIGIN_FEATURE = {o: "o=" + o for o in ("line", "lead", "tail", "url")}
_SHAPE_FEATURE = {s: "ts=" + s for s in "tw-"}
SHAPE_FEATURES = frozenset(_SHAPE_FEATURE.values())
"""The title-shape features (a unit has one)."""
_FIRST_FEATURE = {c: "fc=" + c for c in "SCKOQDNHLX"}
_LAST_FEATURE = {c: "lc=" + c for c in "SCKOQDNHLX"}
_SENTS_FEATURE = ("sn=0", "sn=1", "sn=2", "sn=2", "sn=4")
_RUNS_FEATURE = (None, "sp=1", "sp=2", "sp=3")

_CLASS_CACHE: dict[str, str] = {}


def _cls(ch: str) -> str:
    c = _CLASS_CACHE.get(ch)
    if c is not None:
        return c
    if ch in _SENT:
        c = "S"
    elif ch in _COMMA:
        c = "C"
    elif ch in _COLON:
        c = "K"
    elif ch in _OPEN:
        c = "O"
    elif ch in _CLOSE:
        c = "Q"
    elif ch in _DASH:
        c = "D"
    elif ch.isdigit():
        c = "N"
    elif HAN.match(ch):
        c = "H"
    elif ch.isascii() and ch.isalpha():
        c = "L"
    else:
        c = "X"
    _CLASS_CACHE[ch] = c
    return c


def _title_shape(text: str, n: int) -> str:
    """The old title rule's verdict: ``t`` a title, ``w`` a title with a comma, ``-`` not one.

    A title is 2-64 characters, ends without a sentence or clause mark, holds no full stop
    inside, and asks or exclaims only at its very end."""
    if n < 2 or n > 64 or text[-1] in "。,，、;；:：":
        return "-"
    if "。" in text or ";" in text or "；" in text:
        return "-"
    core = text.rstrip("”’」』\"'").rstrip("!?！？")
    if "!" in core or "?" in core or "！" in core or "？" in core:
        return "-"
    commas = text.count(",") + text.count("，")
    if commas >= 2:
        return "-"
    if commas or ":" in text or "：" in text:
        return "w"
    return "t"


def _own(u: Unit, compact: str, text: str) -> list[str]:
    """The unit's own features (no context). ``compact`` is the text without spaces."""
    n = len(compact)
    # a piece of a flattened line is read as a printed line of its own: "o=line", with "cut="
    origin = "line" if u.origin in LINE_LIKE else u.origin
    f = [_ORIGIN_FEATURE.get(origin) or "o=" + origin, _SHAPE_FEATURE[_title_shape(compact, n)]]
    if u.origin != origin:
        f.append("cut=" + u.origin)
    if u.mark and u.mark != "sep":  # the ○ of a run-on heading is the "circle" feature already
        # h, bold, image, url, rule, code; a crawl's 标题：field is a marked heading too, and its
        # other fields are decided by the decoder (no labelled page has them)
        mark = "h" if u.mark[0] == "h" or u.mark == "fhead" else u.mark
        if mark[0] != "f":
            f.append("mk=" + mark)
    if not compact:
        f.append("empty")
        return f
    # the first and last characters, taken once (each index of a Han text makes a new string)
    first, last = compact[0], compact[-1]
    f.append(_FIRST_FEATURE[_CLASS_CACHE.get(first) or _cls(first)])
    f.append(_LAST_FEATURE[_CLASS_CACHE.get(last) or _cls(last)])
    # the count of sentence marks (``_SENT_MARK``), without a list of matches of a long paragraph;
    # four full stops already make the top bucket, and the other marks are not counted then
    sents = compact.count("。")
    if sents < 4:
        for mark in "！？!?":
            if mark in compact:  # (most units hold none: ``in`` is cheaper than ``count``)
                sents += compact.count(mark)
    f.append(_SENTS_FEATURE[min(sents, 4)])  # sn=0, sn=1, sn=2 (2 or 3), sn=4 (4 or more)
    # a space run needs a space, NBSP, U+3000 (what ``compact`` lacks) or a tab
    spaced = len(text) != n or "\t" in text
    runs = len(_SPACE_RUN.findall(text)) if n <= 64 and spaced else 0
    if runs:
        f.append(_RUNS_FEATURE[min(runs, 3)])
    # cues are looked for near the start and the end of a long unit: a word in the middle of
    # a paragraph says nothing about its role
    cue = compact if n <= 96 else compact[:48] + "\n" + compact[-48:]
    cue_text = text if n <= 96 else cue
    # one scan for the reporter words and the furniture marks where both are looked for in the
    # same text (a long unit; a short one with no spaces): most units hold neither
    neither = (n > 96 or len(text) == n) and not _REPORTER_OR_FURNITURE.search(cue)
    if "A" <= text[0] <= "Z" and CAPS.match(text):
        f.append("caps")
    if first in "（(" and last in "）)":
        f.append("inbr")
    if "《" in cue:
        f.append("book")
    if first in _SUB_DASH_FIRST and compact.startswith(_SUB_DASHES):  # SUB_DASH
        f.append("subdash")
    if last in "—-" and compact.endswith(_KICK_ENDS):  # KICK_DASH, without a regex scan of a long paragraph
        f.append("kickdash")
    m = LEAD.match(compact) if first in LEAD_FIRST else None
    if m:
        f.append("dl" if m.end() >= n - 1 else "dl_pre")
    elif first in "（(" and n <= 48 and LEAD.match(compact, 1):
        f.append("dl")  # an attribution printed after the story: （据新华社…电 记者X）
        f.append("dl_br")
    if not neither and REPORTER.search(cue):
        f.append("rep")
    if _may_credit(cue) and (cue.startswith(_CREDIT_OPENS) or _CREDIT_INSIDE.search(cue)):  # (CREDIT.search)
        f.append("credit")
    if ("图" in cue or "圖" in cue) and CAPTION_CUE.search(cue):
        f.append("capcue")
    # the masthead is furniture too: its cues also fire "furn", so that what is learned about
    # one kind of furniture (a web page's links, a 版式设计 credit) carries over to the other
    furn = False
    if n <= 96:
        if _may_mast(text) and MAST.search(text):
            f.append("mast")
            furn = True
        dated = "年" in compact  # each date pattern needs 年
        if dated and WEEKDAY_DATE.search(text):
            f.append("wkdate")
            furn = True
        elif dated and FULL_DATE.search(text):
            f.append("date")
        if dated and DATE_ALONE.match(compact):
            f.append("datealone")
        if last in "报報" and PAPER_NAME.match(compact):
            f.append("papername")
            furn = True
        if last in _NOTICE_LAST and NOTICE.search(compact):
            f.append("notice")
    if furn or not neither and FURNITURE.search(cue_text):
        f.append("furn")
    if n <= 16 and _may_jump(compact) and JUMP.search(compact):
        f.append("jump")
    if first in _SOURCE_FIRST and SOURCE.search(cue):  # (a cue opens as the compact text does)
        f.append("source")
    if ("编" in cue_text or "編" in cue_text) and EDITOR.search(cue_text):
        f.append("editor")
    if n <= 16 and COLUMN_TAG.search(compact):
        f.append("coltag")
    if (first in _NUMBERED_FIRST or first.isdigit()) and NUMBERED.match(compact):
        f.append("numbered")
    if n <= 24:
        # spaced names need a space, NBSP or U+3000 between them; a list of names one or a 、
        if spaced and SPACED_NAME.search(text):
            f.append("spname")
        if (spaced or "、" in text) and NAME_LIST.match(text.strip()):
            f.append("namelist")
    if n <= 24 and ("（" in text or "(" in text) and BRACKET_NAMES.match(text.strip()):
        f.append("brnames")
    if "○" in cue:
        f.append("circle")
    return f


_CONTEXT2_KEYS = ("lc=", "ts=", "mk=", "gap=", "dl", "rep", "credit", "furn", "subdash", "kickdash")
"""The features of the units two away that are copied (fewer than of the next ones)."""

# features of a neighbour, copied with the neighbour's offset as prefix
_CONTEXT_KEYS = ("lc=", "fc=", "ts=", "mk=", "o=", "sn=", "gap=", "dl", "rep", "credit", "capcue",
                 "mast", "furn", "subdash", "kickdash", "inbr", "brnames", "jump", "source", "coltag", "empty",
                 "namelist", "spname", "wkdate", "papername", "editor")


def page_features(units: list[Unit]) -> list[list[str]]:
    """Feature lists for every unit of a page, in order."""
    return page_features_and_own(units)[0]


def page_features_and_own(units: list[Unit]) -> tuple[list[list[str]], list[frozenset[str]]]:
    """``page_features(units)``, and each unit's own features (those of ``_own`` and its gap,
    without its neighbours' or the comparisons with them) as a set: what the heading checks
    (``restack/``) ask about, one set per distinct feature list (``_handed``)."""
    n = len(units)
    if n == 0:
        return [], []
    texts = readings([u.text for u in units])
    compacts = [t.replace(" ", "").replace("\xa0", "").replace("\u3000", "") for t in texts]
    lengths = [len(c) for c in compacts]
    line_gaps = [u.gap for u in units if u.first]
    usual_gap = median(line_gaps[1:]) if len(line_gaps) > 1 else 0
    base: list[list[str]] = []
    for i, u in enumerate(units):
        f = _own(u, compacts[i], texts[i])
        # blank lines before the unit, against the page's usual spacing (some dumps put a blank
        # line between all lines, some none): "in" a line, a "norm"al break, a "brk" (more space)
        if not u.first and u.origin not in LINE_LIKE:
            f.append("gap=in")
        elif not u.first or u.gap <= usual_gap:
            f.append("gap=norm")
        else:
            f.append("gap=brk")
        base.append(f)
    # runs of title-shaped units (a heading deck): where a unit stands in its run, and what
    # comes right before and after the run (a dateline after it makes it a heading)
    derived = [_handed(tuple(b)) for b in base]
    titleish = [d[0] for d in derived]
    run_start = [0] * n
    run_end = [0] * n
    i = 0
    while i < n:
        if not titleish[i]:
            run_start[i] = run_end[i] = i
            i += 1
            continue
        j = i
        while j + 1 < n and titleish[j + 1]:
            j += 1
        for k in range(i, j + 1):
            run_start[k], run_end[k] = i, j
        i = j + 1
    # what each unit hands its neighbours, already with their offsets as prefixes (in the
    # order the features were always listed: -2, -1, +1, +2)
    # (each two neighbours' lengths compared once: unit i against i+1 is i+1 against i mirrored)
    sizes = [_cmp(a, b) for a, b in zip(lengths, lengths[1:])]
    # each unit's features in one list display (the order as always: its own, the next unit's
    # gap and the lengths against its neighbours', its run's, then -2, -1, +1, +2), from lists
    # of what each position gets, not appended one by one
    last = n - 1
    minus2 = [("-2:edge",)] * min(n, 2) + [d[4] for d in derived[:-2]]
    minus1 = [("-1:edge",)] + [d[5] for d in derived[:-1]]
    plus1 = [d[6] for d in derived[1:]] + [("+1:edge",)]
    plus2 = [d[7] for d in derived[2:]] + [("+2:edge",)] * min(n, 2)
    near = [(_AFTER[base[i + 1][-1]], _VS_NEXT[sizes[i]], _VS_PREV[sizes[i - 1]]) for i in range(1, last)]
    near = [(_AFTER[base[1][-1]], _VS_NEXT[sizes[0]]), *near, (_VS_PREV[sizes[-1]],)] if n > 1 else [()]
    out: list[list[str]] = []
    for i, (own, titled, nr, w, x, y, z) in enumerate(zip(base, titleish, near, minus2, minus1, plus1, plus2)):
        if titled:
            a, b = run_start[i], run_end[i]
            size = b - a + 1
            out.append(["bias", *own, *nr,
                        "run=" + ("1" if size == 1 else "first" if i == a else "last" if i == b else "mid"),
                        "runlen=" + str(min(size, 4)),
                        *(derived[b + 1][8] if b + 1 < n else ("ra:edge",)),
                        *(derived[a - 1][9] if a > 0 else ("rb:edge",)),
                        *w, *x, *y, *z])
        else:
            out.append(["bias", *own, *nr, *w, *x, *y, *z])
    return out, [d[10] for d in derived]


def _derived(own: list[str]) -> tuple[bool, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(title-shaped, features copied to the next units, to the units two away, to a run's
    neighbours) of a unit's own feature list. Cached: most units of a page (its running text)
    share one of a few lists, so this is worked out once per list, not per unit."""
    return _derived_of(tuple(own))


@lru_cache(maxsize=50_000)
def _derived_of(own: tuple[str, ...]) -> tuple[bool, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    return (titleish(own),
            tuple(x for x in own if x.startswith(_CONTEXT_KEYS)),
            tuple(x for x in own if x.startswith(_CONTEXT2_KEYS)),
            tuple(x for x in own if x.startswith(_RUN_KEYS)))


@lru_cache(maxsize=50_000)
def _handed(own: tuple[str, ...]) -> tuple:
    """``_derived_of(own)`` with what the unit hands each neighbour already prefixed, by
    content (worked out once per feature list): (title-shaped, the three filters as in
    ``_derived``, then the features as unit ``i+2`` sees them (``-2:``), as ``i+1`` (``-1:``),
    ``i-1`` (``+1:``), ``i-2`` (``+2:``), as the run before it (``ra:``) and the run after it
    (``rb:``), and last the features as a set)."""
    titled, ctx, ctx2, run = _derived_of(own)
    return (titled, ctx, ctx2, run,
            tuple("-2:" + x for x in ctx2), tuple("-1:" + x for x in ctx),
            tuple("+1:" + x for x in ctx), tuple("+2:" + x for x in ctx2),
            tuple("ra:" + x for x in run), tuple("rb:" + x for x in run),
            frozenset(own))


_RUN_KEYS = ("lc=", "dl", "rep", "credit", "capcue", "subdash", "brnames", "namelist", "spname", "mk=",
             "furn", "mast", "gap=", "sn=")


NOT_TITLE = frozenset(("dl", "dl_pre", "rep", "credit", "furn", "empty", "mk=rule", "mk=url"))
"""The features that keep a title-shaped unit from being a line of a heading."""


def titleish(f) -> bool:
    """Shaped like a line of a heading: the old title rule says so, it is short, and it is not
    a dateline, byline or credit. ``f``: a unit's features, as a list or (as the heading checks
    hold them) a set."""
    return ("ts=t" in f or "ts=w" in f) and NOT_TITLE.isdisjoint(f)


_AFTER = {g: "after" + g[3:] for g in ("gap=in", "gap=norm", "gap=brk")}
"""The next unit's gap feature as a unit sees it (``after=in``, …)."""
_VS_NEXT = {c: "vs_next=" + c for c in "sl="}
"""``vs_next=`` and ``_cmp`` of a unit's length and the next one's."""
_VS_PREV = {"s": "vs_prev=l", "l": "vs_prev=s", "=": "vs_prev=="}
"""``vs_prev=`` and ``_cmp`` of a unit's length and the one before it, by ``_cmp`` of the one
before and this one's (mirrored: at most one of two lengths is less than half the other)."""


def _cmp(a: int, b: int) -> str:
    if a * 2 < b:
        return "s"
    if b * 2 < a:
        return "l"
    return "="
