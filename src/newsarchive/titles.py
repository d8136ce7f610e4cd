"""What the site calls an item that prints no headline, and how long a shown title may be.

A headline is shown as printed, whole. An item without one gets no made-up headline: a photo
is called 图片 and an untitled article 无题, followed by the first sentence of its caption or
body, cut (if it is long) only at a punctuation mark outside quotes and brackets, never
inside a word or a quotation. A citation uses only printed text: the headline, or the whole
first sentence with the designation in brackets (``[图片]…``), as catalogues mark what they
supply.
"""

from __future__ import annotations

SENTENCE_END = set("。！？!?")
CLAUSE_END = set("，,、；;：:")
OPENING = set("“‘「『《〈（(【〔[")
CLOSING = set("”’」』》〉）)】〕]")
TITLE_LIMIT = 36
"""Characters of a first sentence shown as a title before it is cut at a clause mark."""


def _marks(text: str):
    """(index, character) of every punctuation mark outside quotes and brackets."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in OPENING:
            depth += 1
        elif ch in CLOSING:
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in SENTENCE_END or ch in CLAUSE_END):
            yield i, ch


def first_sentence(text: str) -> str:
    """The text up to its first full stop (。！？) outside quotes, without it; all of it when
    there is none."""
    text = " ".join(text.split())
    for i, ch in _marks(text):
        if ch in SENTENCE_END:
            return text[:i]
    return text


def short_sentence(text: str, limit: int = TITLE_LIMIT) -> str:
    """The first sentence, cut after ``limit`` characters at the last clause mark (，；：, or
    、 where there is none) before the limit, or else the first one after it, and marked
    ``…`` when cut. A sentence
    with no mark to cut at is kept whole: a cut inside a word would change what it says."""
    sentence = first_sentence(text).rstrip("，,、；;：: ")
    if len(sentence) <= limit:
        return sentence
    found = [(i, ch) for i, ch in _marks(sentence) if i > 0]
    # a clause mark (，；：) ends a phrase; an enumeration comma (、) only when there is none
    for marks in ([i for i, ch in found if ch != "、"], [i for i, _ in found]):
        before = [i for i in marks if i <= limit]
        cut = before[-1] if before else None
        if cut is not None:
            break
    if cut is None:
        cut = found[0][0] if found else None
    if cut is None:
        return sentence
    return sentence[:cut] + "…"


DESIGNATION = {"photo": "图片"}


def display_title(headline: str | None, kind: str, text: str) -> str:
    """What pages, lists, feeds and the ``<title>`` call an item: its printed headline, or
    ``图片：`` / ``无题：`` and the short first sentence of its caption or body."""
    if headline:
        return headline
    designation = DESIGNATION.get(kind, "无题")
    sentence = short_sentence(text)
    return f"{designation}：{sentence}" if sentence else designation


def cited_title(headline: str | None, kind: str, text: str) -> str:
    """The title a citation gives: the printed headline, or ``[图片]`` / ``[无题]`` and the
    whole first sentence as printed."""
    if headline:
        return headline
    sentence = first_sentence(text)
    return f"[{DESIGNATION.get(kind, '无题')}]{sentence}"
