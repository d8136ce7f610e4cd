"""Bylines, photo credits, trailing credits, source notes and jump notes.

Each rule is a property of Chinese newspaper layout that holds across papers:

* a news lead opens with a dateline byline, ``本报讯(记者 王茵)`` or ``新华社北京5月1日电``,
  glued to the first sentence;
* a feature or commentary has a byline line of its own: ``本报记者 王茵``,
  ``《吉林日报》记者 董博 赵蓓蓓``, ``《人民日报》评论员``;
* a signed report gives the writer's post, then the name: ``…文联党组书记、主席 苏勃``;
* a photo is credited ``本报记者 夏景明 摄`` or ``摄影:潘晨昱 姜海涛``;
* writers can instead be credited at the very end, in brackets: ``…新局面。(刘永来 孙碩琳)``;
* a reprint ends with its source, ``(转自《人民日报》)``, and a story that jumps ends with
  ``(下转第二版)``.
"""

from __future__ import annotations

import re

NAME = r"[\u4e00-\u9fff]{2,4}(?:·[\u4e00-\u9fff]{1,6})?"
NAMES = rf"{NAME}(?:[\s、,，]+{NAME})*"
ROLE = r"(?:特约记者|首席记者|实习记者|见习记者|记者|通讯员|特约撰稿人|本报评论员|评论员|实习生|特约评论员|摄影记者)"
PAPER_REF = r"《[^《》\s]{2,12}》"

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
# "文/图 本报记者 夏景明", "文/本报记者 王茵", "图/…": who wrote and who photographed.
WORK = r"(?:文\s*[/／]\s*图|图\s*[/／]\s*文|文图|文|图)\s*[/／:：]\s*|文\s*[/／]\s*图\s+"
ROLE_LINE = re.compile(
    rf"^(?:{WORK})?(?:{NAME}\s*)?(?:{PAPER_REF}|本报|本刊)?\s*{ROLE}(?:\s*{NAMES})?"
    rf"(?:\s+(?:{WORK})?(?:{PAPER_REF}|本报)?\s*{ROLE}\s*{NAMES})*(?:\s*报道)?$"
)
# Decoration some papers print before a byline: □本报记者 王茵, ■ 文/图 …
BULLETS = "□■●◆◇○▲△★☆▶►•◎"
PHOTO_CREDIT = re.compile(
    rf"^(?:(?:{PAPER_REF}|本报|本刊|新华社|中新社)?\s*(?:{ROLE}|摄影记者)?\s*(?P<names>{NAMES})\s*摄(?:影报道)?"
    rf"|摄影\s*[:：]?\s*(?P<names2>{NAMES}))$"
)
# A photo credit glued to the end of a caption: "…了解相关情况。本报记者 夏景明 摄"
TAIL_PHOTO_CREDIT = re.compile(
    rf"(?<=[。！？!?”])\s*(?P<credit>[(（]?(?:(?:{PAPER_REF}|本报|本刊|新华社|中新社)?\s*{ROLE}\s*)?{NAMES}\s*摄[)）]?)\s*$"
)
TRAILING_CREDIT = re.compile(rf"(?<=[。！？!?”…])\s*(?P<credit>[(（](?P<names>{NAMES})[)）])\s*$")
SOURCE_NOTE = re.compile(
    r"\s*(?P<note>[(（](?:转自|转载自|摘自|来源[:：]?|据)\s*《(?P<src>[^《》]{2,20})》[^()（）]{0,10}[)）])\s*$"
)
JUMP_NOTE = re.compile(
    r"\s*(?P<note>[(（](?:下转|转)第?\s*[A-Za-z]?[一二三四五六七八九十百\d]+\s*版[)）])\s*$"
)
JUMP_FROM = re.compile(r"^\s*(?P<note>[(（](?:上接|紧接|接)第?\s*[A-Za-z]?[一二三四五六七八九十百\d]+\s*版[)）])\s*")
PAPER_IN_BYLINE = re.compile(r"《(?P<src>[^《》]{2,12}(?:报|刊|社|网))》")

TAIL = 80  # end notes are short: look only at a paragraph's last characters
_SPLIT = re.compile(r"[\s、,，]+")
_ROLE_RE = re.compile(ROLE)
_NOT_NAMES = {"本报", "本刊", "记者", "通讯员", "评论员", "摄影", "报道", "实习生"}
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


def is_role_byline(text: str) -> bool:
    """A line of roles and names only: ``本报记者 王茵``, ``《人民日报》评论员``."""
    text = strip_bullet(text)
    return len(text) <= 48 and bool(ROLE_LINE.match(text))


def post_byline(text: str) -> bool:
    """A writer's post then a name: ``辽源市文联党组书记、主席 苏勃``."""
    return len(text) <= 36 and bool(POST_NAME.match(text)) and not any(c in text for c in "。,，;；")


def photo_credit(text: str) -> bool:
    """A credit line for a photo: ``本报通讯员 王新月 摄``, ``摄影:潘晨昱 姜海涛``."""
    text = strip_bullet(text)
    return len(text) <= 40 and bool(PHOTO_CREDIT.match(text))


def split_tail_photo_credit(text: str) -> tuple[str, str] | None:
    """``…情况。本报记者 夏景明 摄`` -> (caption text, credit)."""
    if not text.endswith(("摄", "摄)", "摄）")):
        return None
    m = TAIL_PHOTO_CREDIT.search(text, max(0, len(text) - TAIL))
    if not m or m.start() == 0:
        return None
    return text[: m.start()].rstrip(), m.group("credit").strip()


def split_trailing(text: str) -> tuple[str, dict]:
    """Strip end-of-article notes off a paragraph: jump note, source note, bracketed credit.

    Returns the remaining text and a dict with any of ``continued``, ``source_note``,
    ``source``, ``credit``. Notes can stack (``…。(转自《X》)(下转第二版)``), so repeat.
    """
    found: dict = {}
    if not text.endswith((")", "）")):
        return text, found
    while True:
        m = JUMP_NOTE.search(text, max(0, len(text) - TAIL))
        if m and "continued" not in found:
            found["continued"] = m.group("note")
            text = text[: m.start()].rstrip()
            continue
        m = SOURCE_NOTE.search(text, max(0, len(text) - TAIL))
        if m and "source_note" not in found:
            found["source_note"] = m.group("note")
            found["source"] = m.group("src")
            text = text[: m.start()].rstrip()
            continue
        m = TRAILING_CREDIT.search(text, max(0, len(text) - TAIL))
        if m and "credit" not in found and m.start() > 0:
            names = names_in(m.group("names"))
            if names:
                found["credit"] = m.group("credit")
                text = text[: m.start()].rstrip()
                continue
        return text, found


def names_in(text: str) -> list[str]:
    """Person names in a credit: tokens of 2-4 Han characters (or ``A·B``) once roles are removed."""
    text = re.sub(r"《[^《》]*》", " ", text)
    text = _ROLE_RE.sub(" ", text)
    text = re.sub(r"本报|本刊|摄影报道|摄影|摄|报道", " ", text)
    text = re.sub(WORK, " ", text)
    out = []
    for tok in _SPLIT.split(text):
        tok = tok.strip(":：()（）")
        if tok and tok not in _NOT_NAMES and tok not in STATUS_WORDS and re.fullmatch(NAME, tok) and tok not in out:
            out.append(tok)
    return out


def byline_authors(byline: str) -> list[str]:
    byline = strip_bullet(byline)
    return _byline_authors(byline)


def _byline_authors(byline: str) -> list[str]:
    """The writers a byline credits.

    ``本报讯(记者 付晓娟 魏利军)`` -> both names; ``本报讯(记者张磊 尹雪)`` -> 张磊, 尹雪
    (a role glued to a name is split off); ``《人民日报》评论员`` -> none (a pen role);
    ``辽源市文联党组书记、主席 苏勃`` -> 苏勃.
    """
    m = DATELINE.match(byline)
    if m:
        inner = re.search(r"[(（]([^()（）]*)[)）]", m.group("by"))
        return names_in(inner.group(1)) if inner else []
    m = POST_NAME.match(byline)
    if m and not ROLE_LINE.match(byline):
        return [m.group("name")]
    m = PHOTO_CREDIT.match(byline)
    if m:
        return names_in(m.group("names") or m.group("names2") or "")
    return names_in(byline)


def byline_source(byline: str | None) -> str | None:
    """A reprint's source named in its byline: ``《吉林日报》记者 …`` -> 吉林日报."""
    if not byline:
        return None
    m = PAPER_IN_BYLINE.search(byline)
    return m.group("src") if m else None


# --- writers credited by a byline, in either script ----------------------------------------

SOURCE_NOTE_T = re.compile(
    r"\s*(?P<note>[(（](?:转自|轉自|转载自|轉載自|摘自|来源|來源|据|據)[:：]?\s*《(?P<src>[^《》]{2,20})》[^()（）]{0,10}[)）])\s*$"
)
TRANSLATED_FROM = re.compile(r"^(?:譯|译)(?P<src>\S{1,8}[报報])$")
WIRE = re.compile(r"据\s*(?P<src>新华社|新華社|中新社|中央社|人民网|人民網)")
PHOTO_AGENCY = re.compile(r"[（(](?P<src>新华社|新華社|中新社)发[)）]|[（(](?P<src2>新华社|新華社)發[)）]")
_ROLES_ANY = re.compile(
    r"(?:《[^《》]{1,12}》|本报|本報|本刊|人民网|人民網|新华社|新華社|中新社|中央社)?\s*"
    r"(?:特约记者|特約記者|首席记者|首席記者|实习记者|實習記者|见习记者|見習記者|摄影记者|攝影記者|记者|記者|"
    r"通讯员|通訊員|特约撰稿人|评论员|評論員|实习生|實習生)"
)
_DATELINE_PART = re.compile(
    r"^[（(]?\s*据?(?:本[报報]|新[华華]社|中新社|中央社|人民网|人民網|合[众衆]社|联合社|聯合社)[\u4e00-\u9fff\d]{0,16}?"
    r"(?:讯|訊|电|電|专电|專電|航訊|航讯)"
)
_ORG_WORDS = re.compile(
    r"图片|圖片|提供|资料|資料|视觉|視覺|影像|中国|中國|新闻|新聞|截图|截圖|网页|網頁|社交|基金|公司|政府|部门|部門|"
    r"编者|編者|港台|本报|本報|记者|記者|报道|報道|摄影|攝影|通讯|通訊"
)


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
    m = POST_NAME.match(text)
    if m and not _ROLES_ANY.search(text):
        return [m.group("name")]
    # a dateline names no one; the bracket after it may
    text = re.sub(r"[〔【][^〔〕【】]*[〕】]", " ", text)
    m = _DATELINE_PART.match(text)
    if m:
        text = text[m.end():]
    text = re.sub(r"[（(](?:[^（）()]*(?:社发|社發|视觉|視覺|影像|资料|資料|图片|圖片|提供)[^（）()]*)[)）]", " ", text)
    text = re.sub(r"[（）()]", " ", text)
    text = _ROLES_ANY.sub(" ", text)
    text = re.sub(r"《[^《》]*》", " ", text)
    text = re.sub(r"(?:文\s*[/／]\s*图|图\s*[/／]\s*文|文图|摄影报道|摄影|攝影|報道|报道)\s*[/／:：]?", " ", text)
    text = re.sub(r"[摄攝](?=\s|$|[、,，])", " ", text)
    text = re.sub(r"稿$", " ", text.strip())
    tokens = [t for t in re.split(r"[\s\xa0\u3000、,，:：;；]+", text) if t]
    # two-character names printed with a space between the characters: pair single characters
    names: list[str] = []
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        if len(tok) == 1 and k + 1 < len(tokens) and len(tokens[k + 1]) == 1:
            tok = tok + tokens[k + 1]
            k += 1
        k += 1
        if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}(?:·[\u4e00-\u9fff]{1,6})?", tok):
            continue
        if _ORG_WORDS.search(tok) or tok in _NOT_NAMES or tok in STATUS_WORDS or tok in names:
            continue
        names.append(tok)
    return names


def source_of(byline: str | None, note: str | None = None) -> str | None:
    """The paper or agency an item is taken from, where the text says so: a reprint note
    (``(转自《人民日报》)``, ``譯字林報``), a paper named in the byline (``《吉林日报》记者``), a wire
    attribution (``据新华社…电``) or an agency's photo (``（新华社发）``)."""
    for text in (note, byline):
        if not text:
            continue
        m = SOURCE_NOTE_T.fullmatch(text) or TRANSLATED_FROM.match(text.strip())
        if m:
            return m.group("src")
    if byline:
        m = PAPER_IN_BYLINE.search(byline) or WIRE.search(byline)
        if m:
            return m.group("src")
        m = PHOTO_AGENCY.search(byline)
        if m:
            return m.group("src") or m.group("src2")
    return None
