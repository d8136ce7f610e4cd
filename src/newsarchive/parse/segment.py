"""Segment classified lines into articles, photo items and unclassified text.

The segmenter reads tokens in order and keeps one open article. Titles are collected on a
stack until the next non-title line decides what they are:

* a stack followed by a byline or subheadline, a stack of two or more titles, a markdown
  heading, a notice title (…公告, …通报) or a stack with no open article starts a new article:
  the last title is the headline, the one before it the kicker, earlier ones are labels;
* otherwise a lone title inside an open article is an in-article subhead.

Then a few repairs that need the whole page:

* a byline that follows a complete title block belongs to an earlier title still waiting
  for its byline (interleaved title blocks);
* a title block with no body takes the untitled text printed just before it, or the trailing
  paragraphs of the previous article that share more words with it than with their own title
  (a body printed before its headline; a title block printed before another's body).
"""

from __future__ import annotations

import re

from ..model import Article, Block, Paragraph
from . import bylines
from .lines import Tok, title_shape
from .text import ends_complete, markup

TITLE_KINDS = {"heading", "title", "wtitle", "kicker", "bold"}
BYLINE_KINDS = {"byline", "dateline", "postby"}
NOTICE_TITLE = re.compile(r"(?:公告|通告|通报|通知|启事|声明|公示|告知书|倡议书|公开信)$")
SIGNATURE_DATE = re.compile(r"^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
SERIES_COLON = re.compile(r"^(?P<k>.{2,30}?(?:之[一二三四五六七八九十百]+|系列[^\s:：]{0,6}))\s*[:：]\s*(?P<h>\S.*)$")
ATTRIBUTION = re.compile(r"^(?P<k>\S{4,40}?(?:时|上)?(?:强调|指出|表示|要求|提出))\s+(?P<h>\S.{3,})$")
MIN_GAIN = 0.2
STOP_CHARS = set("的一是在了和与为市我县区省年月日中对及等有将把")


class _State:
    def __init__(self) -> None:
        self.items: list[Article] = []
        self.blocks: list[Block] = []
        self.cur: Article | None = None
        self.closed = False
        self.stack: list[Tok] = []
        self.photo_waiting: Article | None = None
        self.status: dict[int, str] = {}  # id(article) -> "title" | "byline" | "body"
        self.parts: dict[int, dict] = {}  # id(article) -> line numbers of headline, kicker, labels


def segment(toks: list[Tok]) -> tuple[list[Article], list[Block]]:
    st = _State()
    for i, t in enumerate(toks):
        if t.kind == "consumed":
            continue
        if t.kind == "rule":
            _attach_decor(st, t)
            continue
        if t.kind in TITLE_KINDS and not _is_caption_text(toks, i):
            if st.photo_waiting is not None and not st.stack and t.kind in ("title", "wtitle"):
                st.photo_waiting.headline = t.text
                st.photo_waiting.lines.append(t.no)
                st.photo_waiting = None
                continue
            if t.data.get("join") and st.stack:
                head = st.stack[-1]
                head.text = f"{head.text} {t.text}"
                head.data.setdefault("extra_lines", []).append(t.no)
                continue
            st.stack.append(t)
            continue
        _resolve_stack(st, t)
        _take(st, toks, i)
    _resolve_stack(st, None)
    _claim_orphan_bodies(st.items)
    index = {id(a): i for i, a in enumerate(st.items)}
    for art in st.items:
        art.lines = sorted(set(art.lines))
        art.figures = sorted(index[id(f)] for f in art.figures if id(f) in index)
    return st.items, st.blocks


# --- the title stack -------------------------------------------------------------------


def _resolve_stack(st: _State, nxt: Tok | None) -> None:
    if not st.stack:
        return
    stack, st.stack = st.stack, []
    confirmed = nxt is not None and nxt.kind in BYLINE_KINDS | {"sub"}
    open_article = st.cur is not None and not st.closed
    if open_article and not confirmed and stack[-1].kind == "wtitle" and not any(t.kind == "heading" for t in stack):
        # A comma-bearing line needs a byline or subheadline to confirm it as a title; without
        # one, inside an open article, it is a column-break fragment of the body.
        tail = stack.pop()
        if stack:
            st.stack = stack
            _resolve_stack(st, tail)
        _add_text(st, tail, tail.text)
        return
    strong = [t for t in stack if t.kind != "wtitle"]
    starts = (
        any(t.kind == "heading" for t in stack)
        or confirmed
        or not open_article
        or len(stack) >= 2 and not all(t.kind == "bold" for t in stack)
        or bool(NOTICE_TITLE.search(stack[-1].text))
    )
    last = st.cur.paragraphs[-1] if st.cur is not None and st.cur.paragraphs else None
    if not starts and last is not None and last.role == "p" and not ends_complete(last.text):
        # A title never follows a cut sentence: the line continues the paragraph.
        for t in stack:
            _add_text(st, t, t.text)
        return
    if not starts:
        for t in stack:
            role = "subhead" if t.kind in ("title", "bold", "kicker", "heading") else "p"
            _add_text(st, t, t.text, role=role)
        return
    if not strong and not confirmed and open_article:
        for t in stack:
            _add_text(st, t, t.text)
        return
    _new_article(st, stack)


def _new_article(st: _State, stack: list[Tok]) -> None:
    # A markdown heading starts the title block; of the lines above it, the one right above is
    # its kicker and any earlier ones stay with what came before.
    heads = [i for i, t in enumerate(stack) if t.kind == "heading"]
    if heads and heads[-1] > 1 and st.cur is not None and not st.closed:
        for t in stack[: heads[-1] - 1]:
            _add_text(st, t, t.text, role="subhead")
        stack = stack[heads[-1] - 1:]
    art = Article(first_line=stack[0].no)
    head = stack[-1]
    parts = {"headline": head.no, "kicker": None, "labels": []}
    if head.kind == "kicker" and len(stack) == 1:
        art.kicker = head.text
        parts["kicker"], parts["headline"] = head.no, None
    else:
        art.headline = head.text
        rest = stack[:-1]
        if rest and not is_rubric(rest[-1].text):
            art.kicker, parts["kicker"] = rest[-1].text, rest[-1].no
            rest = rest[:-1]
        art.labels = [t.text for t in rest]
        parts["labels"] = [t.no for t in rest]
        if _split_title(art):  # kicker and headline were printed on one line
            if parts["kicker"] is not None:
                parts["labels"].append(parts["kicker"])
            parts["kicker"] = head.no
    st.parts[id(art)] = parts
    art.lines.extend(t.no for t in stack)
    art.lines.extend(no for t in stack for no in t.data.get("extra_lines", ()))
    st.items.append(art)
    st.cur, st.closed = art, False
    st.status[id(art)] = "title"


RUBRICS = {
    "新闻特写", "特写", "快讯", "简讯", "短讯", "图片新闻", "图片报道", "新闻速递", "本报评论", "社论",
    "评论员文章", "时评", "短评", "编者按", "新闻链接", "链接", "相关新闻", "延伸阅读", "记者手记",
    "热点关注", "关注", "视点", "聚焦", "专题", "头条", "要闻", "综合新闻", "地方新闻", "国内新闻",
    "国际新闻", "新闻观察", "新闻背景", "背景链接", "一线采访", "基层传真", "走基层", "记者调查",
}


def is_rubric(text: str) -> bool:
    """A column rubric printed over items (``新闻特写``, ``政务之窗·微白城``) labels a column,
    not one story: a standard rubric name, or a column and sub-column joined by ``·``."""
    t = text.strip()
    if t in RUBRICS:
        return True
    left, sep, right = t.partition("·")
    return bool(sep) and 2 <= len(left) <= 6 and 2 <= len(right) <= 6 and " " not in t


def _split_title(art: Article) -> bool:
    """One printed line can hold kicker and headline together.

    A series label ending in 之N or 系列… then a colon (``…系列评论之一: 栽树是前提``) is
    the kicker; a speaker's attribution ending in 强调/指出/表示 then a space
    (``柴伟到…时强调 加快“双升”步伐``) is the kicker of the demand that follows.
    """
    for pattern in (SERIES_COLON, ATTRIBUTION):
        m = pattern.match(art.headline or "")
        if m and title_shape(m.group("h")) > 0:
            if art.kicker:
                art.labels.append(art.kicker)
            art.kicker, art.headline = m.group("k").strip(), m.group("h").strip()
            return True
    return False


# --- everything that is not a title ----------------------------------------------------


def _take(st: _State, toks: list[Tok], i: int) -> None:
    t = toks[i]
    kind = t.kind
    if kind == "sub":
        cur = st.cur
        if cur is not None and st.status.get(id(cur)) == "title" and cur.subheadline is None and not st.closed:
            cur.subheadline = t.data["sub"]
            cur.lines.append(t.no)
        else:
            _add_text(st, t, t.text)
        return
    if kind in ("byline", "dateline", "postby"):
        target = _byline_target(st)
        if target is None:
            if kind == "dateline":
                art = _untitled(st, t)
                art.byline = t.data["byline"]
                st.status[id(art)] = "byline"
                if t.data["rest"]:
                    _add_text(st, t, t.data["rest"])
                return
            if kind == "byline" and st.cur is not None and not st.closed:
                # A byline printed after a body credits that body's writers.
                if st.cur.byline is None:
                    st.cur.byline = bylines.strip_bullet(t.text)
                elif st.cur.credit is None and st.cur.paragraphs:
                    st.cur.credit = bylines.strip_bullet(t.text)
                    st.closed = True
                else:
                    _add_text(st, t, t.text)
                    return
                st.cur.lines.append(t.no)
                return
            _add_text(st, t, t.text)
            return
        target.byline = t.data.get("byline", bylines.strip_bullet(t.text))
        target.lines.append(t.no)
        st.cur, st.closed = target, False
        st.status[id(target)] = "byline"
        if kind == "dateline" and t.data["rest"]:
            _add_text(st, t, t.data["rest"])
        return
    if kind == "caption" or (kind == "body" and _is_caption_text(toks, i)):
        _caption(st, toks, i)
        return
    if kind == "credit":
        photo = Article(kind="photo", byline=t.text, first_line=t.no)
        photo.lines.append(t.no)
        st.items.append(photo)
        st.photo_waiting = photo
        return
    if kind == "source":
        target = st.cur if st.cur is not None else _last_titled(st)
        if target is None:
            st.blocks.append(Block("unclassified", t.raw, [t.no], reason="source note with no article"))
            return
        if target.source_note is None:
            target.source_note, target.source = t.data["note"], t.data["source"]
        else:  # a second note: keep the first as the source, the rest as labels
            target.labels.append(t.text)
        target.lines.append(t.no)
        st.closed = True
        return
    if kind == "jump":
        target = st.cur if st.cur is not None else _last_titled(st)
        if target is None:
            st.blocks.append(Block("unclassified", t.raw, [t.no], reason="jump note with no article"))
            return
        if bylines.JUMP_FROM.fullmatch(t.text):
            target.lines.append(t.no)
            target.labels.append(t.text)
        else:
            target.continued = t.text
            target.lines.append(t.no)
            st.closed = True
        return
    # body text (and the tail of a dateline line)
    _add_text(st, t, t.text)
    if SIGNATURE_DATE.match(t.text) and (i + 1 >= len(toks) or toks[i + 1].gap > 0):
        st.closed = True


def _byline_target(st: _State) -> Article | None:
    """The article a byline belongs to: the newest title block still without a byline."""
    cur = st.cur
    if cur is not None and st.status.get(id(cur)) == "title" and cur.byline is None and not cur.paragraphs:
        return cur
    if cur is not None and cur.byline is not None and not cur.paragraphs and cur.headline:
        if cur.kicker and not cur.paragraphs:
            split = _split_off_kicker(st, cur)
            if split is not None:
                return split
        for art in reversed(st.items[:-1]):
            if art.kind == "photo":
                continue
            if st.status.get(id(art)) == "title" and art.byline is None and not art.paragraphs and art.headline:
                return art
            break
    return None


def _split_off_kicker(st: _State, cur: Article) -> Article | None:
    """A second byline after a complete title block means the line read as that block's
    kicker was the headline of another article printed above it (interleaved blocks); the
    lines above that one go with it."""
    parts = st.parts.get(id(cur), {})
    kicker_line = parts.get("kicker")
    if kicker_line is None or kicker_line == parts.get("headline"):
        return None  # the kicker shares the headline's line: nothing printed above to split off
    art = Article(headline=cur.kicker, first_line=min([kicker_line, *parts.get("labels", [])]))
    if cur.labels:
        art.kicker, art.labels = cur.labels[-1], cur.labels[:-1]
    moved = {kicker_line, *parts.get("labels", [])}
    art.lines.extend(sorted(moved))
    cur.lines = [no for no in cur.lines if no not in moved]
    cur.kicker, cur.labels = None, []
    cur.first_line = min(cur.lines) if cur.lines else cur.first_line
    st.parts[id(cur)] = {"headline": parts.get("headline"), "kicker": None, "labels": []}
    # cur is the newest article: look for it from the end (figures hold photo objects until
    # segmentation ends, so nothing needs renumbering here)
    at = next(i for i in range(len(st.items) - 1, -1, -1) if st.items[i] is cur)
    st.items.insert(at, art)
    st.status[id(art)] = "title"
    return art


def _untitled(st: _State, t: Tok) -> Article:
    art = Article(first_line=t.no)
    st.items.append(art)
    st.cur, st.closed = art, False
    st.status[id(art)] = "body"
    return art


def _last_titled(st: _State) -> Article | None:
    for art in reversed(st.items):
        if art.kind != "photo":
            return art
    return None


def _attach_decor(st: _State, t: Tok) -> None:
    target = st.cur or (st.items[-1] if st.items else None)
    if target is None:
        st.blocks.append(Block("unclassified", t.raw, [t.no], reason="layout rule"))
    else:
        target.lines.append(t.no)


def _add_text(st: _State, t: Tok, text: str, role: str = "p") -> None:
    """Append text to the open article's body, joining column-break fragments."""
    if st.cur is None or st.closed:
        _untitled(st, t)
    art = st.cur
    assert art is not None
    art.lines.append(t.no)
    art.lines.extend(t.data.get("extra_lines", ()))
    st.status[id(art)] = "body"
    if role == "p" and (m := bylines.JUMP_FROM.match(text)):
        art.labels.append(m.group("note"))
        text = text[m.end():]
        if not text:
            return
    marked = _markup_for(t, text)
    if role == "p":
        text, notes = bylines.split_trailing(text)
        if marked:
            marked = bylines.split_trailing(marked)[0]
    else:
        notes = {}
    if text:
        last = art.paragraphs[-1] if art.paragraphs else None
        if last is not None and last.role == "p" and role == "p" and not ends_complete(last.text):
            if marked or last.markup:
                last.markup = (last.markup or last.text) + (marked or text)
            last.text += text
            last.lines.append(t.no)
        else:
            art.paragraphs.append(Paragraph(text=text, lines=[t.no], role=role, markup=marked))
    if notes:
        if "continued" in notes:
            art.continued = notes["continued"]
        if "source_note" in notes:
            art.source_note, art.source = notes["source_note"], notes["source"]
        if "credit" in notes:
            art.credit = notes["credit"]
        st.closed = True


def _markup_for(t: Tok, text: str) -> str:
    """The inline markup of the text taken from this line ("" when it has none)."""
    marked = markup(t.raw)
    if not marked:
        return ""
    if text == t.text:
        return marked
    # the tail of a dateline line: drop the byline printed before it
    byline = t.data.get("byline")
    if byline and (at := marked.find(byline)) >= 0:
        return marked[at + len(byline):].strip()
    start = marked.find(text[:4]) if len(text) >= 4 else -1
    return marked[start:] if start >= 0 else ""


# --- photos ------------------------------------------------------------------------------


def _is_caption_text(toks: list[Tok], i: int) -> bool:
    """Text set apart by a layout break (two or more blank lines) and followed directly by a
    photo credit is that photo's caption."""
    t = toks[i]
    if t.gap < 2 or len(t.text) > 300 or i + 1 >= len(toks):
        return False
    return toks[i + 1].kind == "credit" and t.kind in ("body", "title", "wtitle")


def _caption(st: _State, toks: list[Tok], i: int) -> None:
    t = toks[i]
    photo = Article(kind="photo", first_line=t.no)
    text = t.data.get("caption", t.text)
    credit = t.data.get("credit")
    photo.lines.append(t.no)
    if credit is None and i + 1 < len(toks) and toks[i + 1].kind == "credit":
        credit = toks[i + 1].text
        photo.lines.append(toks[i + 1].no)
        toks[i + 1].kind = "consumed"
    photo.byline = credit
    photo.paragraphs.append(Paragraph(text=text, lines=[t.no]))
    st.items.append(photo)
    if st.cur is not None and not st.closed and _belongs_to(photo, st.cur):
        st.cur.figures.append(photo)  # an object until the end of segment(), then an index


def _belongs_to(photo: Article, art: Article) -> bool:
    """A photo is a figure of the article whose body it cuts mid-sentence, or whose titles
    it echoes; a photo between complete articles is photo news of its own."""
    last = art.paragraphs[-1] if art.paragraphs else None
    if last is not None and last.role == "p" and not ends_complete(last.text):
        return True
    title = _title_text(art)
    return bool(title) and _affinity(photo.body[0] if photo.body else "", _chars(title), _bigrams(title)) >= 0.8


# --- whole-page repairs ------------------------------------------------------------------


def _chars(text: str) -> set[str]:
    return {c for c in text if "\u4e00" <= c <= "\u9fff" and c not in STOP_CHARS}


def _bigrams(text: str) -> set[str]:
    return {a + b for a, b in zip(text, text[1:]) if "\u4e00" <= a <= "\u9fff" and "\u4e00" <= b <= "\u9fff"}


def _affinity(text: str, chars: set[str], grams: set[str]) -> float:
    """How much of a title's vocabulary (characters and character pairs) a paragraph uses."""
    return len(_chars(text) & chars) / max(len(chars), 1) + len(_bigrams(text) & grams) / max(len(grams), 1)


def _title_text(art: Article) -> str:
    return " ".join(x for x in (art.kicker, art.headline, art.subheadline) if x)


def _claim_orphan_bodies(items: list[Article]) -> None:
    """Give a title block with no body the text that belongs to it (see module docstring)."""
    i = 0
    while i < len(items):
        art = items[i]
        if art.kind == "photo" or art.paragraphs or not art.headline:
            i += 1
            continue
        prev_i = _previous_text_item(items, i)
        if prev_i is None:
            i += 1
            continue
        prev = items[prev_i]
        if prev.headline is None and prev.kicker is None:
            _move_paragraphs(prev, art, 0)
            if prev.byline and not art.byline:
                art.byline = prev.byline
            for attr in ("source", "source_note", "credit", "continued"):
                if getattr(prev, attr) and not getattr(art, attr):
                    setattr(art, attr, getattr(prev, attr))
            art.labels = prev.labels + art.labels
            art.figures = prev.figures + [f for f in art.figures if f not in prev.figures]
            art.lines.extend(prev.lines)
            prev.lines = []
            del items[prev_i]
            continue
        k = _best_split(prev, art)
        if k is not None:
            _move_paragraphs(prev, art, k)
        i += 1


def _previous_text_item(items: list[Article], i: int) -> int | None:
    for j in range(i - 1, -1, -1):
        if items[j].kind != "photo":
            return j if items[j].paragraphs else None
    return None


def _best_split(prev: Article, art: Article) -> int | None:
    """The paragraph index from which prev's body reads as art's rather than prev's own."""
    paras = prev.paragraphs
    if len(paras) < 2:
        return None
    own_t, other_t = _title_text(prev), _title_text(art)
    own, other = (_chars(own_t), _bigrams(own_t)), (_chars(other_t), _bigrams(other_t))
    if not other[0]:
        return None
    margins = [_affinity(p.text, *other) - _affinity(p.text, *own) for p in paras]
    best_k, best = None, MIN_GAIN
    for k in range(1, len(paras)):
        gain = sum(margins[k:])
        if gain >= best:  # on a tie, move as little as possible
            best_k, best = k, gain
    return best_k


def _move_paragraphs(src: Article, dst: Article, k: int) -> None:
    moved = src.paragraphs[k:]
    src.paragraphs = src.paragraphs[:k]
    dst.paragraphs = moved + dst.paragraphs
    moved_lines = {no for p in moved for no in p.lines}
    last_moved = max(moved_lines) if moved_lines else 0
    src.lines = [no for no in src.lines if no not in moved_lines]
    dst.lines.extend(moved_lines)
    # End notes printed after the moved paragraphs belong with them.
    if k > 0 and last_moved:
        for attr in ("source_note", "continued", "credit"):
            val = getattr(src, attr)
            if val and getattr(dst, attr) is None:
                setattr(dst, attr, val)
                setattr(src, attr, None)
                if attr == "source_note":
                    dst.source, src.source = src.source, None
        tail = [no for no in src.lines if no > last_moved]
        src.lines = [no for no in src.lines if no <= last_moved]
        dst.lines.extend(tail)
    src.lines.sort()


