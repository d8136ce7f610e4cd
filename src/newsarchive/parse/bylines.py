"""Bylines: who wrote an item, where it was taken from, and the notes around it.

The learned parser (``roles.py``) decides which lines are bylines, credits and notes; this
module reads them. What it knows holds across Chinese newspapers, in either script:

* a news lead opens with a dateline byline, ``本报讯(记者 王茵)`` or ``新华社北京5月1日电``,
  glued to the first sentence (``dateline``);
* a signed report gives the writer's post, then the name: ``…文联党组书记、主席 苏勃``
  (``post_byline``);
* a byline or credit names people: ``本报记者 许 晴 方 敏``, ``吴 浩摄（影像中国）``
  (``authors_of``);
* a reprint names its source: ``(转自《人民日报》)``, ``《吉林日报》记者``, ``据新华社…电``
  (``source_of``); a story continued from another page opens ``(上接第一版)`` (``JUMP_FROM``).
"""

from __future__ import annotations

import re

NAME = r"[\u4e00-\u9fff]{2,4}(?:·[\u4e00-\u9fff]{1,6})?"
# 本报讯(记者 王茵) / 本报讯 / 本报长春5月1日讯(记者 …) / 新华社北京5月1日电(记者 …) / 据新华社电
DATELINE = re.compile(
    r"^(?P<by>(?:本报讯(?!员)|本报[\u4e00-\u9fff\d]{0,12}?讯(?!员)|新华社[\u4e00-\u9fff\d]{0,14}电|"
    r"中新社[\u4e00-\u9fff\d]{0,14}电|人民网[\u4e00-\u9fff\d]{0,14}电|据新华社[\u4e00-\u9fff\d]{0,10}电|"
    r"央视网消息|新华网消息)"
    r"(?:\s*[(（][^()（）]{1,40}[)）])?)\s*(?P<rest>.*)$"
)
POSTS = (
    "书记|副书记|主席|副主席|主任|副主任|局长|副局长|部长|副部长|市长|副市长|县长|区长|院长|校长|"
    "厂长|经理|董事长|会长|教授|研究员|所长|处长|科长|站长|总编辑|社长|理事长|馆长|镇长|乡长|行长|主编"
)
POST_NAME = re.compile(rf"^(?P<post>\S.{{1,28}}(?:{POSTS}))\s+(?P<name>{NAME})$")
_POST_WORDS = ("长", "书记", "主席", "主任", "经理", "教授", "研究员", "编")
"""A word every one of ``POSTS`` holds (总编辑 and 主编 both hold 编)."""


def post_name(text: str) -> re.Match | None:
    """``POST_NAME.match(text)``, asked only of a text with white space inside it and one of
    ``_POST_WORDS`` (the pattern tries its posts after every one of its first 29 characters:
    most bylines have no space, or no post, for it to find)."""
    if len(text.split(None, 1)) < 2 or not any(w in text for w in _POST_WORDS):
        return None
    return POST_NAME.match(text)
# Decoration some papers print before a byline: □本报记者 王茵, ■ 文/图 …
BULLETS = "□■●◆◇○▲△★☆▶►•◎"
SECTION_JUMP = r"(?:下转|下轉|续见|續見)\s*[A-Za-z]\d{1,2}"
"""Where a story goes on, naming a page by its section letter as Hong Kong and Taiwan papers
number pages (下轉A4): one alternative of every jump-note pattern (units, features, project)."""
JUMP_FROM_NOTE = re.compile(r"[(（](?:(?:上接|紧接|接)第?\s*[A-Za-z]?[一二三四五六七八九十百\d]+\s*版|"
                            r"(?:上接|續自|续自)\s*[A-Za-z]\d{1,2})[)）]")
"""Where a story came from: (上接第一版), （上接A1）."""
JUMP_FROM = re.compile(r"^\s*(?P<note>" + JUMP_FROM_NOTE.pattern + r")\s*")
PAPER_IN_BYLINE = re.compile(r"《(?P<src>[^《》]{2,12}(?:报|刊|社|网))》")

AGENCIES = ("新华社", "新華社", "中新社", "中央社", "路透社", "美联社", "美聯社", "法新社", "共同社", "塔斯社",
            "合众社", "合衆社", "联合社", "聯合社")
"""News agencies: a wire's name closing a story in brackets, （中央社）, is its source, no one's name."""
_NOT_NAMES = {"本报", "本刊", "记者", "通讯员", "评论员", "摄影", "报道", "实习生", "作者", *AGENCIES}
WIRE_CLOSE = re.compile(r"^[（(](?P<src>" + "|".join(AGENCIES) + r")[）)]$")
# Bracketed words that end a text but name no one: (试行) (待续) (全文完) …
STATUS_WORDS = {
    "试行", "暂行", "待续", "未完待续", "未完", "全文完", "续完", "完", "续", "草案", "节选", "摘要", "摘编",
    "有删节", "删节", "征求意见稿", "修订", "修订稿", "讨论稿", "送审稿", "全文", "图", "附图", "附表",
    "上", "中", "下", "之一", "之二", "之三", "一", "二", "三", "四", "五", "连载", "本报", "译文", "原文",
}


def dateline(text: str) -> tuple[str, str] | None:
    """``本报讯(记者 王茵)10月20日,…`` -> (``本报讯(记者 王茵)``, ``10月20日,…``)."""
    m = DATELINE.match(strip_bullet(text))
    if not m:
        return None
    return m.group("by").strip(), m.group("rest").strip()


def strip_bullet(text: str) -> str:
    """``□本报记者 王茵`` -> ``本报记者 王茵``: the box is decoration, not part of the byline."""
    return text.lstrip(BULLETS).lstrip()


def post_byline(text: str) -> bool:
    """A writer's post then a name: ``辽源市文联党组书记、主席 苏勃``."""
    return len(text) <= 36 and post_name(text) is not None and not any(c in text for c in "。,，;；")


# A reprint's source note, in either script: (转自《人民日报》), （來源：《申報》）
SOURCE_NOTE = re.compile(
    r"\s*(?P<note>[(（](?:转自|轉自|转载自|轉載自|摘自|来源|來源|据|據)[:：]?\s*"
    r"(?:《(?P<src>[^《》]{2,20})》|(?!本[报報刊社])(?P<bare>[\u4e00-\u9fff]{2,12}(?:报|報|社|网|網|刊)))[^()（）]{0,10}[)）])\s*$"
)
"""A reprint's note: (转自《人民日报》), （来源：吉林日报） (the paper's name with or without 《》)."""


def note_source(m: re.Match) -> str:
    """The paper or agency a ``SOURCE_NOTE`` (or ``TRANSLATED_FROM``) match names."""
    return m.group("src") or m.group("bare")
TRANSLATED_FROM = re.compile(r"^(?:譯|译)(?P<src>\S{1,8}[报報])$")
WIRE = re.compile(r"据\s*(?P<src>新华社|新華社|中新社|中央社|人民网|人民網)")
PHOTO_AGENCY = re.compile(r"[（(](?P<src>新华社|新華社|中新社)发[)）]|[（(](?P<src2>新华社|新華社)發[)）]")
_ROLES_ANY = re.compile(
    r"(?:《[^《》]{1,12}》|本报|本報|本刊|人民网|人民網|新华社|新華社|中新社|中央社)?\s*"
    # a newsroom's title for its reporters: 全媒体记者, 融媒体见习记者, 新媒体记者, 视频记者
    r"(?:全媒体|全媒體|融媒体|融媒體|新媒体|新媒體|视频|視頻|特派)?"
    r"(?:特约记者|特約記者|首席记者|首席記者|实习记者|實習記者|见习记者|見習記者|摄影记者|攝影記者|记者|記者|"
    r"特约通讯员|特約通訊員|通讯员|通訊員|特约撰稿人|评论员|評論員|实习生|實習生)"
)
_DATELINE_PART = re.compile(
    r"^[（(]?\s*据?(?:本[报報]|新[华華]社|中新社|中央社|人民网|人民網|合[众衆]社|联合社|聯合社)[\u4e00-\u9fff\d]{0,16}?"
    r"(?:讯|訊|电|電|专电|專電|航訊|航讯)"
)
REPORTED_FROM = re.compile(r"[／/]\s*[\u4e00-\u9fff]{1,10}?(?:連線報導|连线报道|報導|报道|報道|專電|专电)")
"""Where a reporter filed from, after the name (Taiwan's papers): ``記者王小明／台北報導``."""
_ORG_WORDS = re.compile(
    r"图片|圖片|提供|资料|資料|视觉|視覺|影像|中国|中國|新闻|新聞|截图|截圖|网页|網頁|社交|基金|公司|政府|部门|部門|"
    r"编者|編者|港台|本报|本報|记者|記者|报道|報道|摄影|攝影|通讯|通訊"
)


_NOT_A_PERSON = re.compile(
    r"^[驻駐]|.[报報]$|(?:局|厅|廳|中心|大队|大隊|支队|支隊|派出所|法院|检察院|檢察院|医院|醫院|学校|學校|银行|銀行|"
    r"集团|集團|协会|協會|委员会|委員會|办公室|辦公室)$"
)
"""What a byline prints beside its people but is none: a paper (辽源日报全媒体记者), a reporter's
posting (驻长春记者), an office (通讯员 市公安局)."""
_DATELINE_BRACKET = re.compile(r"[〔【](?![^〔〕【】]*(?:记者|記者|通讯员|通訊員))[^〔〕【】]*[〕】]")
_SQUARE_BRACKETS = re.compile(r"[〔【〕】]")
_AGENCY_PHOTO_NOTE = re.compile(r"[（(](?:[^（）()]*(?:社发|社發|视觉|視覺|影像|资料|資料|图片|圖片|提供)[^（）()]*)[)）]")
_ROUND_BRACKETS = re.compile(r"[（）()]")
_BOOK_TITLE = re.compile(r"《[^《》]*》")
_WRITER_MARK = re.compile(r"(?:^|(?<=\s))(?:图文|圖文|文图|文圖|文|图|圖|文字|作者)\s*[/／:：]")
_WRITER_SUFFIX = re.compile(r"\s*[/／]\s*(?:图文|圖文|文图|文圖|文|图|圖|摄|攝)(?=\s|$)")
_WRITING_WORD = re.compile(r"(?:文\s*[/／]\s*[图圖]|[图圖]\s*[/／]\s*文|文[图圖]|摄影报道|摄影|攝影|報道|报道|報導|撰文|撰稿|整理)"
                           r"\s*[/／:：]?")
_SHOT_BY = re.compile(r"[摄攝](?=\s|$|[、,，])")
_MANUSCRIPT = re.compile(r"稿$")
_NAME_SEPARATORS = re.compile(r"[\s\xa0\u3000、,，:：;；]+")
_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}(?:·[\u4e00-\u9fff]{1,6})?")
"""The patterns ``authors_of`` strips a byline with, in its order (compiled once, not looked up
in ``re``'s cache at every call)."""


def authors_of(byline: str | None) -> list[str]:
    """The people a byline or credit names, in either script.

    ``本报北京2月9日电 （记者申琳、姚雪青）`` -> 申琳, 姚雪青; ``本报记者 许 晴 方 敏`` -> 许晴, 方敏
    (two-character names are spaced to the width of three); ``吴 浩摄（影像中国）`` -> 吴浩;
    ``（梁禎祥攝）`` -> 梁禎祥; ``〔本報南京廿四日電〕`` and ``（港台圖片）`` -> none;
    ``辽源市文联党组书记、主席 苏勃`` -> 苏勃.
    """
    if not byline:
        return []
    text = strip_bullet(byline.strip())
    m = post_name(text)
    if m and not _ROLES_ANY.search(text):
        return [m.group("name")]
    text = _stripped(text, _BEFORE_DATELINE)
    m = _DATELINE_PART.match(text)  # a dateline names no one
    if m:
        text = text[m.end():]
    text = _stripped(text, _AFTER_DATELINE).strip()
    if text.endswith("稿"):
        text = _MANUSCRIPT.sub(" ", text)
    return _names_in(text)


_BEFORE_DATELINE = (
    (REPORTED_FROM, frozenset("/／")),  # a reporter's place of filing names no one: 〔記者王小明／台北報導〕
    (_DATELINE_BRACKET, frozenset("〔【")),  # nor does a dateline (〔本報南京廿四日電〕); a bracket naming a reporter does
    (_SQUARE_BRACKETS, frozenset("〔【〕】")),
)
_AFTER_DATELINE = (
    (_AGENCY_PHOTO_NOTE, frozenset("（(")),
    (_ROUND_BRACKETS, frozenset("（()）")),
    (_ROLES_ANY, frozenset("者员員人生")),
    (_BOOK_TITLE, frozenset("《")),
    (_WRITER_MARK, frozenset("/／:：")),  # 文/张三 图/李四, 作者：王五
    (_WRITER_SUFFIX, frozenset("/／")),  # 王茵/文 李明/图
    (_WRITING_WORD, frozenset("文影报報撰整")),
    (_SHOT_BY, frozenset("摄攝")),
)
"""What ``authors_of`` strips from a byline, in order, before and after its dateline: each
pattern with the characters every match of it holds, so that it is asked only where the text
holds one (a byline holds few of them, and a pattern that cannot match changes nothing)."""


def _stripped(text: str, patterns) -> str:
    for pattern, needs in patterns:
        if not needs.isdisjoint(text):
            text = pattern.sub(" ", text)
    return text


def _names_in(text: str) -> list[str]:
    """The people's names among a stripped byline's words."""
    tokens = [t for t in _NAME_SEPARATORS.split(text) if t]
    # two-character names printed with a space between the characters: pair single characters
    names: list[str] = []
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        if len(tok) == 1 and k + 1 < len(tokens) and len(tokens[k + 1]) == 1:
            tok = tok + tokens[k + 1]
            k += 1
        k += 1
        if not _NAME.fullmatch(tok):
            continue
        if (_ORG_WORDS.search(tok) or _NOT_A_PERSON.search(tok) or tok in _NOT_NAMES or tok in STATUS_WORDS
                or tok in names):
            continue
        names.append(tok)
    return names


def source_of(byline: str | None, note: str | None = None) -> str | None:
    """The paper or agency an item is taken from, where the text says so: a reprint note
    (``(转自《人民日报》)``, ``譯字林報``), a paper named in the byline (``《吉林日报》记者``), a wire
    attribution (``据新华社…电``), an agency's photo (``（新华社发）``) or a wire's name closing a story
    (``（中央社）``)."""
    for text in (note, byline):
        if not text:
            continue
        m = SOURCE_NOTE.fullmatch(text)
        if m:
            return note_source(m)
        m = TRANSLATED_FROM.match(text.strip())
        if m:
            return m.group("src")
    if byline:
        m = PAPER_IN_BYLINE.search(byline) or WIRE.search(byline)
        if m:
            return m.group("src")
        m = PHOTO_AGENCY.search(byline)
        if m:
            return m.group("src") or m.group("src2")
        return wire_closing(byline)
    return None


def wire_closing(text: str | None) -> str | None:
    """The agency a wire's name closing a story names (（中央社） -> 中央社), else None."""
    m = WIRE_CLOSE.match(text.strip()) if text else None
    return m.group("src") if m else None
