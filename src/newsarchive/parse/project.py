"""Project gold labels (``shared/gold/SCHEMA.md``) onto a page's units: training targets.

Training only; never on the build path. Steps (as GROBID aligns its TEI to feature lines):

1. ``S`` is the page's unit text without white space (NFKC), each character mapped back to
   its unit; gold strings are matched the same way, so a headline printed over two lines
   matches as one string.
2. Short fields first (kicker, headline, subheadline, byline or photo credit, jump note), per
   article in gold order: the first unclaimed occurrence at or after the previous article's
   anchor, else any unclaimed one.
3. Then bodies and captions, shortest span first, so that a caption or another article's
   title block inside a body keeps its own role: ``body_start`` to the first ``body_end``
   that ends after it.
4. A unit takes the role that owns most of its characters; the first unit of each headline,
   body and caption is marked ``B-``.
5. Units no gold field covers get a role from what they are (``_uncovered``): masthead and
   furniture cues, source and jump notes, display text between an article's headings and its
   body (``summary``), short lines above an article (``column``), else ``other``.

Every decision is reported, so a reviewer can read the projection of a page
(``newsarchive project FILE GOLD --show``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .bylines import SECTION_JUMP
from .units import Unit

ROLES = (
    "furn", "column", "kicker", "B-head", "I-head", "subhead", "byline", "sign", "summary",
    "B-body", "I-body", "closing", "B-caption", "I-caption", "credit", "source", "jump", "other",
)
"""Every label the role model knows. ``B-``/``I-`` open and continue a headline, body or caption."""

FURNITURE = re.compile(
    r"版式设计|版式[:：]|制图[:：]|製圖|数据来源[:：]|資料來源|资料来源[:：]|稿件统筹|责任编辑|責任編輯|美术编辑|"
    r"原始網址|原文連結|原文链接|電子郵件|电子邮件|©|https?://|www\.|mailto:|^-{3,}$|^[\s\-—=*_]{3,}$|"
    r"图片说明[:：]|圖片說明|更多精彩|国内统一刊号|國內統一刊號|CN\s?\d{2}\s?[-－]|新闻热线|新聞熱線|主管主办|"
    r"总第\s*\d+\s*期|總第\s*\d+\s*期|今日\s*\d+\s*版|E-?mail"
)
SOURCE = re.compile(r"^[（(](?:转自|轉自|转载自|摘自|来源|來源|据|據)[^（）()]*[）)]$|^(?:譯|译)\S{1,8}[报報]$")
JUMP = re.compile(r"^[（(]?(?:下转|下轉|转|轉|上接|接|紧接)第?\s*\S{1,4}\s*版[）)]?$|^[（(]?(?:未完|待续|待續|未完待续)[）)]?$|"
                  r"^[（(]?" + SECTION_JUMP + r"版?[）)]?$")
MAST = re.compile(
    r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:星期|礼拜|禮拜|周|週)|"
    r"[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年|^[A-Z]{2,8}(?:\s+[A-Z]{2,8}){2,}$|[日晚][报報]社?$"
)
NAMES_NOTE = re.compile(r"^[（(][\u4e00-\u9fff\s\xa0\u3000、·]{1,20}[）)]$")
END_PUNCT = "。！？!?；;：:，,"


def norm_chars(text: str) -> list[str]:
    """The comparison characters of a text: NFKC, white space removed."""
    out = []
    for ch in text:
        for c in unicodedata.normalize("NFKC", ch):
            if not c.isspace():
                out.append(c)
    return out


def norm(text: str | None) -> str:
    return "".join(norm_chars(text or ""))


@dataclass
class Projection:
    roles: list[str]
    """One role per unit."""
    missing: list[str] = field(default_factory=list)
    """Gold fields that could not be placed (``article 3 body_end: …``)."""
    mixed: list[int] = field(default_factory=list)
    """Units whose characters belong to more than one role (a cut the unitiser missed)."""
    reasons: dict[int, str] = field(default_factory=dict)
    """For uncovered units: which rule gave the role."""


def project(units: list[Unit], gold: dict) -> Projection:
    chars: list[str] = []
    owner: list[int] = []
    for i, u in enumerate(units):
        for c in norm_chars(u.text):
            chars.append(c)
            owner.append(i)
    S = "".join(chars)
    claim: list[tuple[str, int] | None] = [None] * len(S)
    missing: list[str] = []
    articles = [a for a in gold.get("articles") or [] if isinstance(a, dict)]

    def occurrences(needle: str) -> list[int]:
        out, at = [], S.find(needle)
        while at >= 0:
            out.append(at)
            at = S.find(needle, at + 1)
        return out

    def free(a: int, b: int) -> bool:
        return all(claim[k] is None for k in range(a, b))

    def pick(needle: str, after: int) -> int | None:
        spots = [p for p in occurrences(needle) if free(p, p + len(needle))]
        for p in spots:
            if p >= after:
                return p
        return spots[0] if spots else None

    starts: dict[int, int] = {}  # article index -> position of its first own field
    after = 0
    short = (("kicker", "kicker"), ("headline", "head"), ("subheadline", "subhead"),
             ("byline", "byline"), ("continued", "jump"))
    found: dict[tuple[int, str], int] = {}
    # pass 1, in gold order: headings, bylines (or photo credits) and jump notes
    before: dict[int, int] = {}  # article index -> the anchor in force when it begins
    for ai, art in enumerate(articles):
        photo = art.get("kind") == "photo"
        first = None
        before[ai] = after
        for key, role in short:
            needle = norm(art.get(key))
            if not needle:
                continue
            p = pick(needle, after if key in ("kicker", "headline", "subheadline") or first is None else first)
            if p is None:
                missing.append(f"article {ai + 1} {key}: {art.get(key)}")
                continue
            if role == "byline" and photo:
                role = "credit"
            for k in range(p, p + len(needle)):
                claim[k] = (role, ai)
            found[(ai, key)] = p
            if key != "continued":
                first = p if first is None else min(first, p)
        starts[ai] = first if first is not None else after
        if first is not None:
            after = first
    # pass 2: where each body (or caption) starts; captions first, since a caption may repeat
    # the first words of the story it illustrates
    begins: dict[int, int] = {}
    order = sorted(range(len(articles)), key=lambda ai: (articles[ai].get("kind") != "photo", ai))
    for ai in order:
        art = articles[ai]
        bs = norm(art.get("body_start"))
        if not bs:
            continue
        # a caption is printed before its credit: look from where the item begins
        b0 = pick(bs, before[ai] if art.get("kind") == "photo" else starts[ai])
        if b0 is None:
            missing.append(f"article {ai + 1} body_start: {art.get('body_start')}")
            continue
        role = "caption" if art.get("kind") == "photo" else "body"
        for k in range(b0, b0 + len(bs)):
            claim[k] = (role, ai)
        begins[ai] = b0
    # pass 3: body spans, shortest first, so that what a body encloses keeps its own role
    spans: list[tuple[int, int, str, int]] = []
    for ai, b0 in begins.items():
        art = articles[ai]
        bs, be = norm(art.get("body_start")), norm(art.get("body_end"))
        end_at = None
        if be:
            for p in occurrences(be):
                if p + len(be) >= b0 + len(bs):
                    end_at = p + len(be)
                    break
            if end_at is None:
                missing.append(f"article {ai + 1} body_end: {art.get('body_end')}")
        spans.append((b0, end_at if end_at is not None else b0 + len(bs),
                      "caption" if art.get("kind") == "photo" else "body", ai))
        # a byline printed after the body's first words is an attribution at the end
        by = found.get((ai, "byline"))
        if by is not None and by > b0 and art.get("kind") != "photo":
            for k in range(by, by + len(norm(art.get("byline")))):
                claim[k] = ("sign", ai)
    for b0, b1, role, ai in sorted(spans, key=lambda s: s[1] - s[0]):
        for k in range(b0, b1):
            if claim[k] is None:
                claim[k] = (role, ai)

    # unit roles: the role owning most of a unit's characters
    roles: list[str] = []
    owners_of: list[tuple[str, int] | None] = []
    mixed: list[int] = []
    counts: list[dict] = [dict() for _ in units]
    for k, c in enumerate(claim):
        key = c if c is not None else ("", -1)
        counts[owner[k]][key] = counts[owner[k]].get(key, 0) + 1
    for i, u in enumerate(units):
        cnt = counts[i]
        if not cnt:
            owners_of.append(None)
            continue
        best = max(cnt.items(), key=lambda kv: kv[1])[0]
        if len([k for k, n in cnt.items() if n >= 2 and k[0]]) > 1:
            mixed.append(i)
        owners_of.append(None if best[0] == "" else best)
    seen: set[tuple[str, int]] = set()
    for i, o in enumerate(owners_of):
        if o is None:
            roles.append("")
            continue
        role, ai = o
        if role in ("head", "body", "caption"):
            # a new span of this role for this article starts with B-; a body broken by a
            # caption or a title block continues with I-
            tag = "I-" if (role, ai) in seen else "B-"
            roles.append(tag + role)
            seen.add((role, ai))
        else:
            roles.append(role)
    reasons: dict[int, str] = {}
    _uncovered(units, roles, owners_of, reasons)
    return Projection(roles=roles, missing=missing, mixed=mixed, reasons=reasons)


def _uncovered(units: list[Unit], roles: list[str], owners: list, reasons: dict[int, str]) -> None:
    """Give every unit no gold field covers a role from what it is (see module docstring)."""
    first_article = next((i for i, o in enumerate(owners) if o is not None), len(units))
    last_mast = max((i for i in range(first_article) if MAST.search(units[i].text) or FURNITURE.search(units[i].text)),
                    default=-1)
    # for each article: its first title unit, its first and last body unit
    heads: dict[int, int] = {}
    body_first: dict[int, int] = {}
    body_last: dict[int, int] = {}
    for i, o in enumerate(owners):
        if o is None:
            continue
        role, ai = o
        if role in ("kicker", "head", "subhead", "byline"):
            heads.setdefault(ai, i)
        if role == "body":
            body_first.setdefault(ai, i)
            body_last[ai] = i
    display, closing = set(), set()
    for ai, b in body_first.items():
        h = heads.get(ai)
        if h is not None and h < b:
            display.update(k for k in range(h + 1, b) if owners[k] is None)
        k = body_last[ai] + 1
        while k < len(units) and owners[k] is None and _closing_like(units[k].text):
            closing.add(k)
            k += 1
    for i, u in enumerate(units):
        if roles[i]:
            continue
        text = u.text
        if SOURCE.match(text):
            roles[i], why = "source", "source note"
        elif JUMP.match(text):
            roles[i], why = "jump", "jump note"
        elif u.mark in ("url", "rule", "code") or FURNITURE.search(text):
            roles[i], why = "furn", "furniture cue"
        elif u.mark == "image":
            roles[i], why = "B-caption", "a Markdown image's text"
        elif i <= last_mast:
            roles[i], why = "furn", "in the masthead"
        elif i in display:
            roles[i], why = "summary", "between an article's headings and its body"
        elif NAMES_NOTE.match(text) and i > 0 and roles[i - 1] in ("B-body", "I-body", "sign"):
            roles[i], why = "sign", "bracketed names after a body"
        elif _column_like(units, owners, i):
            roles[i], why = "column", "short line above an article"
        elif i in closing:
            roles[i], why = "closing", "signature or date after a body"
        else:
            roles[i], why = "other", "no rule"
        reasons[i] = why


def _closing_like(text: str) -> bool:
    """A signature or date line that closes a notice or letter: short, no sentence punctuation."""
    return len(text) <= 30 and not any(c in text for c in "。！？!?，,；;")


def _column_like(units: list[Unit], owners: list, i: int) -> bool:
    text = units[i].text
    if len(text) > 48 or (text and text[-1] in END_PUNCT):
        return False
    # the next covered unit opens an article (a title, kicker or byline)
    for k in range(i + 1, min(len(units), i + 6)):
        o = owners[k]
        if o is None:
            continue
        opens = ("kicker", "head", "byline", "caption", "credit")
        return o[0] in opens or o[0] == "body" and (i == 0 or owners[i - 1] is None or owners[i - 1][0] != "body")
    return False
