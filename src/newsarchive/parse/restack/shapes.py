"""What the heading checks ask of a unit and its neighbours: the roles of a heading stack, the
model's likeliest role among some, the shapes of a title, a byline's cues, a writer's own line,
whether two lines are of one column."""

from __future__ import annotations

import re

from ..features import titleish as _titleish
from ..units import Unit


HEAD_ROLES = ("B-head", "I-head")
STACK_ROLES = ("kicker", "B-head", "I-head", "subhead", "column")
ROLES_OTHER = ("body", "byline", "sign", "source", "jump", "credit", "caption", "furn", "summary", "closing", "other")
"""The roles outside a heading stack (the trained labels: captions and bodies are not split B-/I-)."""


def _likeliest(choices, i: int, marginal) -> str:
    """The role among ``choices`` the model gives unit ``i`` the most probability."""
    return max(choices, key=lambda r: marginal(r, i))


WRITER_LINE = re.compile(
    r"^(?:文|撰文|文字|作者|图|圖|摄影|攝影|图文|圖文|文图|文圖|摄|攝)\s*[/／:：]\s*[\u4e00-\u9fff·]{2,8}"
    r"(?:[\s\u3000、]+(?:(?:文|图|圖|摄影|攝影|摄|攝)\s*[/／:：]\s*)?[\u4e00-\u9fff·]{2,8})*\s*$|"
    r"^(?:本[报報])?(?:记者|記者)\s*[\u4e00-\u9fff·]{2,8}(?:[、\s][\u4e00-\u9fff·]{2,8})*\s*[/／]\s*"
    r"[\u4e00-\u9fff]{0,8}(?:报道|報導|报导)\s*$")
"""A writer's line as features and magazines print it: 文/张三 图/李四, 作者：王五, 摄影：赵六; and
a reporter's line as Taiwan's papers print it without brackets: 記者李大同／台北報導."""
_WRITER_FIRST = frozenset("文撰作图圖摄攝本记記")
"""The characters ``WRITER_LINE`` can open with (each of its alternatives is anchored at the start)."""


def _writer_line(text: str) -> bool:
    """``WRITER_LINE`` matches the stripped text (asked only where its first character allows)."""
    text = text.strip()
    return text[:1] in _WRITER_FIRST and WRITER_LINE.match(text) is not None


def _title_over_a_byline(units, roles, feats, i: int) -> None:
    """A title-shaped line right over the byline at ``i`` that no heading line precedes is its
    title (the title of an article whose byline the model did not know for one)."""
    if i > 0 and not units[i - 1].flat and _titleish(feats[i - 1]) and roles[i - 1] not in HEAD_ROLES:
        if not any(r in HEAD_ROLES for r in roles[max(0, i - 3):i - 1]):
            roles[i - 1] = "B-head"


OFFICE_LINE = re.compile(
    r"^[\u4e00-\u9fff、·（）()]{0,30}?(?:书记|書記|主席|主任|局长|局長|部长|部長|厅长|廳長|市长|市長|县长|縣長|区长|區長|"
    r"镇长|鎮長|乡长|鄉長|省长|省長|校长|校長|院长|院長|所长|所長|会长|會長|社长|社長|总编辑|總編輯|主编|主編|经理|經理|"
    r"董事长|董事長|总裁|總裁|理事长|理事長|秘书长|秘書長|处长|處長|科长|科長|委员|委員|教授|研究员|研究員|馆长|館長|"
    r"台长|台長|站长|站長)[\s\u3000\xa0]+[\u4e00-\u9fff·][\s\u3000\xa0]*[\u4e00-\u9fff·]{1,3}\s*$")
"""A signed article's writer as the paper prints them under its title: their office, then their
name set apart by a space (辽源市文联党组书记、主席 苏勃, 吉林大学教授 王小明)."""


def _office_line(text: str) -> bool:
    """``OFFICE_LINE.match(text)`` of a stripped text, asked only where white space stands
    between an office and a name (most short lines have none; the pattern tries its offices
    after every one of its first 31 characters)."""
    return len(text.split(None, 1)) == 2 and OFFICE_LINE.match(text) is not None


SHORT_LINE_MAX = 40
"""The longest printed line read as one that names a writer (``_a_short_printed_line``)."""


def _a_short_printed_line(u: Unit) -> bool:
    """A printed line of its own (not a piece of a flattened one) short enough to name a writer."""
    return not u.flat and u.first and len(u.text) <= SHORT_LINE_MAX


def _a_writers_own_line(u: Unit) -> bool:
    """A line that names a signed article's writer as the paper prints it under the title (a
    writer line, 文/张三; an office and a name, 辽源市文联党组书记、主席 苏勃)."""
    return _a_short_printed_line(u) and (_writer_line(u.text) or _office_line(u.text.strip()))


def _title_goes_on(units, roles, feats, k: int, read_as: tuple[str, ...], column: Unit | None = None) -> None:
    """The title-shaped lines from ``k`` on, read as one of ``read_as``, are the title's next
    lines, down to the first that names its writer (its byline, as the writer- and
    officials-line checks read it). With ``column`` (the stack's first line, read as running
    text with the rest), only lines that open where it does, before a break (more blank lines
    than the page's usual) or a column's tag, go on, and a line with a byline's cue is the
    byline too (靳 博 马 坤 under 天津滨海新区—— / 网上审批 / 不误生产)."""
    while k < len(roles) and roles[k] in read_as and _titleish(feats[k]) and not units[k].flat:
        if column is not None and (not _same_column(column, units[k]) or "gap=brk" in feats[k]
                                   or "coltag" in feats[k]):
            return
        if _a_writers_own_line(units[k]) or column is not None and _byline_cue(feats[k], units[k].text):
            roles[k] = "byline"
            return
        roles[k] = "I-head"
        k += 1


def _solid(text: str) -> int:
    """Characters of a text, white space not counted."""
    return len("".join(text.split()))
_OPENERS = tuple("［【〔（([")
"""A line opening with a bracket is a note, a number or a column's name, never a heading's
title: none of the 28 such title-shaped lines of the labelled pages is one."""
_CLAUSE = re.compile("[，,；;：:]")
"""Marks that join clauses: a line holding one is a sentence, not a one-clause title."""
_NAME_END = re.compile(r"[ \t\xa0\u3000][\u4e00-\u9fff]{2,4}\s*$")
_BYLINE_CUES = frozenset(("dl", "dl_pre", "rep", "spname", "namelist", "brnames", "credit", "source"))
_BRNAMES_ONLY = frozenset(("brnames",))
_DATELINE_CUES = frozenset(("dl", "dl_pre", "rep"))
"""A dateline's or a reporter's cue (本报讯, 本报北京2月11日电, 记者)."""
_NOTE_CUES = frozenset(("credit", "source", "jump"))


def _byline_cue(f: frozenset[str], text: str) -> bool:
    """A cue every byline of the labelled pages carries (104 of 104): a dateline, a reporter
    word, names set apart by spaces or brackets (not a column's name in brackets: (今日谈)), a
    credit or source note, or a name (two to four characters) set apart by spaces at its end
    (辽源市文联党组书记、主席 苏勃), or a writer's line as features print it (文/张三)."""
    cues = f & _BYLINE_CUES
    if _writer_line(text):
        return True  # 文/张三 图/李四, 作者：王五
    if cues:
        # a column's name in brackets ((今日谈)) is shaped like bracketed names, but names no one
        return cues != _BRNAMES_ONLY or "coltag" not in f
    return any(x.startswith("sp=") for x in f) and _NAME_END.search(text) is not None


def _same_column(a: Unit, b: Unit) -> bool:
    """Two printed lines that open at the same place, as the lines of one column do (a dump of
    two columns side by side interleaves lines that open at different places). Units that are
    no printed line of their own (a page saved as one line of HTML blocks) are not compared."""
    return a.origin != "line" or b.origin != "line" or a.start == b.start


def _title_shaped(f: frozenset[str]) -> bool:
    """The title rule's verdict in a unit's features (its one ``ts=``): a title, with a comma or
    without."""
    return "ts=t" in f or "ts=w" in f
