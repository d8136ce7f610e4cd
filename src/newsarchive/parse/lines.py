"""Classify each raw line by its shape, before any segmentation.

A table of small named rules; the first rule that matches gives the line its kind. Each
rule is one sentence about Chinese newspaper layout, in its docstring. The segmenter
(``segment.py``) then reads the kinds in order, with the context the rules cannot see.

Kinds:
``heading``  markdown heading (``## 标题``), always a title;
``rule``     a table rule row (layout only);
``sub``      a subheadline (``——…``);
``dateline`` a lead byline glued to the first sentence (``本报讯(记者 王茵)10月…``);
``byline``   a byline line of its own (``本报记者 王茵``);
``postby``   a post-and-name byline (``…主席 苏勃``), a byline only right after a title;
``credit``   a photo credit of its own (``本报通讯员 王新月 摄``);
``caption``  photo caption text (``图为…`` or ending in a photo credit);
``source``   a reprint note of its own (``(转自《人民日报》)``);
``jump``     a jump note of its own (``(下转第二版)``);
``kicker``   a short lead-in ending in a colon (``国网白城供电公司:``);
``bold``     a line that is wholly bold (``**…**``): a subhead inside an article;
``title``    a title-shaped line standing alone: short, no sentence punctuation;
``wtitle``   title-shaped but with a comma inside: a title only when something confirms it;
``body``     everything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import bylines
from .text import BOLD_LINE, SENTENCE_STOP, heading_level, is_table_rule, plain

MAX_TITLE = 64
SUBHEAD_DASH = re.compile(r"^\s*(?:——|--|—|－－|―――?)\s*(?P<t>\S.*)$")
CONTACT = re.compile(r"[:：]\s*[\d(（]|电话|热线|邮箱|@|https?://")


@dataclass(slots=True)
class Tok:
    """A non-blank line with its kind and layout context."""

    no: int
    raw: str
    text: str
    kind: str
    gap: int = 0
    """Blank lines between this line and the previous non-blank line."""
    alone: bool = True
    """True when blank lines (or the file's edges) surround the line: it is a block of its own."""
    level: int = 0
    data: dict = field(default_factory=dict)


def rule_heading(t: Tok) -> bool:
    """A markdown heading (``## 标题``) is a title set by the dump tool."""
    return t.level > 0


def rule_table(t: Tok) -> bool:
    """A row of dashes and bars is a table rule: layout, not text."""
    return is_table_rule(t.raw)


def rule_sub(t: Tok) -> bool:
    """A short line opening with a dash (``——我省…纪实``) is a subheadline (副题)."""
    m = SUBHEAD_DASH.match(t.text)
    if m and len(t.text) <= MAX_TITLE and not _has_stop(m.group("t")):
        t.data["sub"] = m.group("t").strip()
        return True
    return False


def rule_dateline(t: Tok) -> bool:
    """A lead opens with a dateline byline glued to its first sentence (``本报讯(…)``)."""
    found = bylines.dateline(t.text)
    if found:
        t.data["byline"], t.data["rest"] = found
        return True
    return False


def rule_credit(t: Tok) -> bool:
    """A short ``… 摄`` or ``摄影:…`` line credits a photo."""
    return bylines.photo_credit(t.text)


def rule_byline(t: Tok) -> bool:
    """A short line made only of roles and names (``本报记者 王茵``) is a byline."""
    return bylines.is_role_byline(t.text)


def rule_postby(t: Tok) -> bool:
    """A post followed by a 2-4 character name (``…主席 苏勃``) may be a signed byline."""
    return t.alone and bylines.post_byline(t.text)


def rule_source(t: Tok) -> bool:
    """A bracketed ``(转自《…》)`` on its own line names the paper a piece is reprinted from."""
    m = bylines.SOURCE_NOTE.fullmatch(t.text)
    if m:
        t.data["source"], t.data["note"] = m.group("src"), m.group("note")
        return True
    return False


def rule_jump(t: Tok) -> bool:
    """A bracketed ``(下转第二版)`` on its own line says the story jumps to another page."""
    return bool(bylines.JUMP_NOTE.fullmatch(t.text) or bylines.JUMP_FROM.fullmatch(t.text))


def rule_caption(t: Tok) -> bool:
    """Photo text says ``图为…`` or ends with a photo credit (``…。本报记者 夏景明 摄``)."""
    if len(t.text) > 300:
        return False
    split = bylines.split_tail_photo_credit(t.text)
    if split:
        t.data["caption"], t.data["credit"] = split
        return True
    if "图为" in t.text and t.alone:
        t.data["caption"], t.data["credit"] = t.text, None
        return True
    return False


def rule_kicker(t: Tok) -> bool:
    """A short lead-in ending with a colon (``国网白城供电公司:``) introduces a title."""
    return (
        t.alone
        and 2 <= len(t.text) <= 30
        and t.text[-1] in ":："
        and not _has_stop(t.text)
        and not CONTACT.search(t.text[:-1])
    )


def rule_bold(t: Tok) -> bool:
    """A line that is wholly bold is a subhead (or a title when no article is open)."""
    m = BOLD_LINE.match(t.raw)
    return bool(m) and title_shape(plain(t.raw)) > 0


def rule_title(t: Tok) -> bool:
    """A short line with no sentence punctuation that stands alone is shaped like a title."""
    if not t.alone:
        return False
    shape = title_shape(t.text)
    if shape == 2:
        return True
    if shape == 1:
        t.kind = "wtitle"
        return True
    return False


RULES = [
    ("heading", rule_heading),
    ("rule", rule_table),
    ("jump", rule_jump),
    ("source", rule_source),
    ("dateline", rule_dateline),
    ("credit", rule_credit),
    ("byline", rule_byline),
    ("sub", rule_sub),
    ("caption", rule_caption),
    ("postby", rule_postby),
    ("kicker", rule_kicker),
    ("bold", rule_bold),
    ("title", rule_title),
]


def _has_stop(text: str) -> bool:
    return any(c in SENTENCE_STOP for c in text[:-1]) or text.endswith("。")


_PAIRS = ("“”", "‘’", "《》", "「」", "『』", "（）", "()", "【】")


def _balanced(text: str) -> bool:
    """A title closes every quote and bracket it opens; a line that doesn't was cut mid-sentence."""
    return all(text.count(a) == text.count(b) for a, b in _PAIRS)


def title_shape(text: str) -> int:
    """2: shaped like a title; 1: like a title but with a comma inside; 0: not a title.

    A title is 2-64 characters, ends without a sentence or clause mark (``。，、;:``), holds
    no full stop inside and closes the quotes and brackets it opens; question and exclamation
    marks may close a quoted title.
    """
    n = len(text)
    if n < 2 or n > MAX_TITLE:
        return 0
    if not _balanced(text):
        return 0
    last = text[-1]
    if last in "。,，、;；:：":
        return 0
    if any(c in "。;；" for c in text):
        return 0
    core = text.rstrip("”’」』\"'").rstrip("!?！？")
    if any(c in "!?！？" for c in core):
        return 0
    if CONTACT.search(text):
        return 0
    commas = text.count(",") + text.count("，")
    if commas >= 2:  # a run of clauses is a sentence, not a title
        return 0
    if commas or ":" in text or "：" in text:
        return 1
    if last in "!?！？" and n > 30:
        return 1
    return 2


def classify(lines: list[tuple[int, str]], blank_separated: bool) -> list[Tok]:
    """Turn (number, raw text) pairs of one file into tokens, blank lines dropped.

    ``blank_separated`` tells whether the dump separates paragraphs by blank lines; when it
    does not, every line counts as standing alone.
    """
    toks: list[Tok] = []
    gap = 0
    prev_blank = True
    n = len(lines)
    for i, (no, raw) in enumerate(lines):
        if not raw.strip():
            gap += 1
            prev_blank = True
            continue
        next_blank = i + 1 >= n or not lines[i + 1][1].strip()
        alone = (prev_blank and next_blank) or not blank_separated
        t = Tok(no=no, raw=raw, text=plain(raw), kind="body", gap=gap, alone=alone, level=heading_level(raw))
        if not t.text:
            t.kind = "rule"
        else:
            for kind, rule in RULES:
                if rule(t):
                    if t.kind == "body":
                        t.kind = kind
                    break
        toks.append(t)
        gap = 0
        prev_blank = False
    if blank_separated:
        _broken_titles(toks)
    return toks


def _broken_titles(toks: list[Tok]) -> None:
    """A title broken over two or three short lines of one block, right above a byline or
    subheadline, is one title: its lines join with a space."""
    i = 0
    while i < len(toks):
        j = i + 1
        while j < len(toks) and toks[j].gap == 0:
            j += 1
        block = toks[i:j]
        after = toks[j] if j < len(toks) else None
        if (
            2 <= len(block) <= 3
            and after is not None
            and after.kind in ("dateline", "byline", "sub", "postby")
            and all(t.kind == "body" and len(t.text) <= 32 and title_shape(t.text) for t in block)
            and sum(len(t.text) for t in block) <= MAX_TITLE
        ):
            for k, t in enumerate(block):
                t.kind = "title"
                t.data["join"] = k > 0
        i = j
