"""Turn labelled units into records: articles, photo items and blocks.

One pass over the units in reading order, keeping the article whose headings are being read
(``title``), the articles whose headings are printed but whose body has not started yet
(``waiting``, oldest first: a page can print two title blocks before the first body), and
the article whose body is being read (``cur``):

* ``column`` lines label the next article (``Article.labels``); they belong to no headline;
* ``kicker``, ``head``, ``subhead`` build a title block; ``B-head`` (or a heading after a
  body) opens a new one; heading lines of one block are joined with one space;
* a ``byline`` right after a title block is its byline; one printed after a complete title
  block belongs to the oldest title block still waiting for one; after a body it opens an
  article of its own (a brief with a dateline and no heading);
* ``body`` text goes to the oldest waiting title block, else continues the current body
  (also after a caption cut into it); ``B-body`` after a body starts another article;
* ``sign`` (an attribution printed at the end) is the byline of an article that has none,
  else its credit; ``closing`` lines (a notice's signature and date) and ``summary`` text (a
  核心阅读 box) stay with their article but out of its body;
* ``caption`` text collects into a photo item that a ``credit`` closes; a credit printed
  before its caption opens the item;
* ``source`` and ``jump`` notes end the current article; ``furn`` is the masthead (before
  the first article) or page furniture, ``other`` an unclassified block.

Then one whole-page repair: a title block left without a body takes the trailing
paragraphs of the article before it that share more of its vocabulary than their own
(a body printed after another article's body, as seed pages interleave them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Article, Block, Paragraph
from . import bylines
from .text import ends_complete, reading
from .features import COLUMN_TAG
from .units import SPEAKER_VERBS, SEPARATORS, Unit

SUBDASH = ("——", "--", "—", "－－", "―")
_SEPARATOR_ENDS = tuple(SEPARATORS)  # (str.endswith takes a tuple of the marks, not the string of them)


@dataclass
class Decoded:
    articles: list[Article]
    blocks: list[Block]
    unit_owner: list[str] = field(default_factory=list)
    """For every unit, the record that owns it (``article[3]``, ``masthead[0]`` …)."""
    spans: dict[int, list[tuple[int, int, int]]] = field(default_factory=dict)
    """id(record) -> the (line, start, end) spans it owns, in reading order."""


class _State:
    def __init__(self) -> None:
        self.items: list[Article] = []
        self.blocks: list[Block] = []
        self.title: Article | None = None
        self.waiting: list[Article] = []
        self.cur: Article | None = None
        self.photo: Article | None = None
        self.photo_closed = True
        self.labels: list[Unit] = []
        self.owner: dict[int, object] = {}  # unit index -> record
        self.para_units: dict[int, list[int]] = {}  # id(paragraph) -> its unit indexes
        self._label_index: dict[int, int] = {}
        self.begun: dict[int, int] = {}  # id(article) -> the unit that opened it
        self.last_body: dict[int, int] = {}  # id(article) -> its last body unit so far
        self.unit_index = 0
        self.next_origin = ""
        self.prev_role = ""
        self.prev_unit: Unit | None = None
        self.parts: dict[int, dict] = {}  # id(article) -> {"head": [units], "kicker": unit, ...}


def decode(units: list[Unit], roles: list[str]) -> Decoded:
    roles = flat_headings(units, dash_roles(units, markup_roles(units, roles)))
    st = _State()
    n = len(units)
    for i, (u, role) in enumerate(zip(units, roles)):
        handler, base, begin = _DISPATCH.get(role) or _dispatch(role)
        st.unit_index = i
        st.next_origin = units[i + 1].origin if i + 1 < n else ""
        handler(st, i, u, begin)
        st.prev_role = base
        st.prev_unit = u
    _flush_labels(st)
    _titles_over_photos(st, units)
    _claim_orphan_bodies(st, roles)
    for art in st.items:
        _no_trailing_subheads(art)
    names: dict[int, str] = {}
    for k, a in enumerate(st.items):
        names[id(a)] = f"article[{k}]"
        a.lines = []
    for k, b in enumerate(st.blocks):
        names[id(b)] = f"{b.kind}[{k}]"
        b.lines = []
    spans: dict[int, list[tuple[int, int, int]]] = {}
    owner = []
    for i, u in enumerate(units):
        rec = st.owner.get(i)
        owner.append(names.get(id(rec), "") if rec is not None else "")
        if rec is None:
            continue
        # every record here is an article or a block, whose lines are sorted and made unique
        # below: a unit's lines are added as they are
        if u.spans:
            spans.setdefault(id(rec), []).extend(u.spans)
            rec.lines.extend([s[0] for s in u.spans])
        else:  # (most units: one piece of one line)
            spans.setdefault(id(rec), []).append((u.line, u.start, u.end))
            rec.lines.append(u.line)
    index = {id(a): k for k, a in enumerate(st.items)}
    for art in st.items:
        art.lines = sorted(set(art.lines))
        if art.lines:
            art.first_line = art.lines[0]
        art.figures = sorted({index[id(f)] for f in art.figures if id(f) in index})
    for blk in st.blocks:
        blk.lines = sorted(set(blk.lines))
    return Decoded(st.items, st.blocks, owner, spans)


def markup_roles(units: list[Unit], roles: list[str]) -> list[str]:
    """What the dump's markup says outright: a Markdown image's text is a caption and its
    address furniture, and so is an HTML page's code (its head, scripts, styles, lines of tags
    only); a Markdown heading or a rule is never running text; a crawl's labelled field is what
    its label says (``FIELD_ROLES``), and the lines after its text field (``正文：``) are running
    text, whatever the model read in a layout it has never seen."""
    out = list(roles)
    text = False  # inside a crawl's text field (after 正文：)
    for i, u in enumerate(units):
        r = out[i]
        if u.mark == "image" and r not in ("caption", "B-caption", "I-caption", "credit"):
            out[i] = "caption"
        elif u.mark in ("url", "rule", "code"):
            out[i] = "furn"
        elif u.mark.startswith("h") and r in ("body", "summary", "other", "closing"):
            out[i] = "B-head"
        elif u.mark in FIELD_ROLES:
            out[i] = FIELD_ROLES[u.mark]
            text = u.mark in ("ftext", "fbody")  # 正文： the lines after it are the text
            continue
        if text and not u.mark and out[i] in ("summary", "other", "closing", "column", "kicker", "B-head",
                                               "I-head", "subhead", "furn"):
            out[i] = "body"
        if u.mark == "sep":
            # 活埋竊犯○九江…: a heading run on into its story, so it heads that story (it is not a
            # column label), and what follows the ○ is the story, not another deck of the heading
            out[i] = "B-head"
            if i + 1 < len(units) and out[i + 1] in HEADING and out[i + 1] != "subhead":
                out[i + 1] = "B-body"
                k = i + 2
                while k < len(units) and out[k] == "I-head":  # the rest of that "deck" too
                    out[k] = "body"
                    k += 1
    return out


FIELD_ROLES = {"fhead": "B-head", "fkicker": "kicker", "fsub": "subhead", "fby": "byline", "fsum": "summary",
               "fbody": "body", "ftext": "furn", "ffurn": "furn"}
"""The role a crawl's labelled field says its value has (``units.FIELDS``)."""

KICKER_DASH = ("——", "—", "--", "－－")


def dash_roles(units: list[Unit], roles: list[str]) -> list[str]:
    """What the dashes of a heading say: a heading line that ends in a dash leads into the
    line below it (引题, the kicker), and one that opens with a dash follows the main title
    (副题, the subheadline). A heading line that ends in a speaker's verb (…调研时强调) leads
    into what was said, the main title, as a dash does."""
    out = list(roles)
    n = len(units)
    for i, u in enumerate(units):
        if out[i] not in HEADING or u.flat:
            continue
        text = u.text.rstrip()
        nxt = out[i + 1] if i + 1 < n else ""
        if text.endswith(KICKER_DASH) and not text.startswith(KICKER_DASH) and nxt in HEADING:
            out[i] = "kicker"
            if nxt in ("I-head", "kicker", "head", "column"):
                out[i + 1] = "B-head"
                if (nxt == "kicker" and i + 3 < n and out[i + 2] == "B-head" and out[i + 3] == "byline"
                        and not units[i + 2].flat):
                    # the model read two lead-in lines, then the title over its byline; the dash
                    # says the lead-in is one line, so the title starts a line early (有米科技—— /
                    # 在家办公 / 线上调研 / 本报记者 李 刚); a line the model read as a title with
                    # running text under it is left alone (核心阅读, a summary box's label)
                    out[i + 2] = "I-head"
        elif text.endswith(SPEAKER_VERBS) and nxt in HEADING and not units[i + 1].flat:
            out[i] = "kicker"
            if nxt != "column":  # what was said is the title, not a deck under it
                out[i + 1] = "B-head"
        elif text.startswith(KICKER_DASH) and i > 0 and out[i - 1] in ("B-head", "I-head", "head", "subhead"):
            out[i] = "subhead"
    return out


HEADING = ("kicker", "B-head", "I-head", "head", "subhead", "column")


def flat_headings(units: list[Unit], roles: list[str]) -> list[str]:
    """On a flattened page the printed decks of a heading are run together: which piece was
    the kicker, the main title or a deck cannot be told, so (as the labelling conventions
    say) the whole heading is the headline. A column tag standing first (社論) stays a label,
    and the dashes are still there to tell what they tell on a printed line: a piece that opens
    with one after the title is the deck, one that ends with one is the kicker over the title."""
    out = list(roles)
    i, n = 0, len(units)
    while i < n:
        if not (units[i].flat and out[i] in HEADING):
            i += 1
            continue
        j = i
        has_head = out[i] in ("B-head", "I-head", "head")
        while j + 1 < n and units[j + 1].flat and out[j + 1] in HEADING:
            if out[j + 1] == "B-head" and has_head:
                break  # a second heading printed right after a first one with no body
            if units[j].text.endswith(_SEPARATOR_ENDS):
                break  # 活埋竊犯○: the story starts after the ○
            has_head = has_head or out[j + 1] in ("B-head", "I-head", "head")
            j += 1
        block = list(range(i, j + 1))
        if out[block[0]] == "column" and (len(block) == 1 or COLUMN_TAG.search(units[block[0]].text)):
            block = block[1:]
        if block and any(out[k] in ("B-head", "I-head", "head", "kicker") for k in block):
            out[block[0]] = "B-head"
            for k in block[1:]:
                out[k] = "I-head"
            # the dashes survive the flattening: a piece that opens with one, after the title,
            # is the deck (——论中国共产党人的精神谱系之二十六), and the pieces after it go on with it
            deck = next((k for k in block[1:] if units[k].text.lstrip().startswith(KICKER_DASH)), None)
            if deck is not None:
                for k in range(deck, block[-1] + 1):
                    out[k] = "subhead"
            # and a piece that ends with one leads into the title (四川凉山三河村村民吉好也求——)
            head = [k for k in block if out[k] != "subhead"]
            lead = next((k for k in head[:-1] if units[k].text.rstrip().endswith(KICKER_DASH)
                         and not units[k].text.lstrip().startswith(KICKER_DASH)), None)
            if lead is not None:
                for k in head:
                    out[k] = "kicker" if k <= lead else "B-head" if k == lead + 1 else "I-head"
        i = j + 1
    return out


# --- ownership -----------------------------------------------------------------------


def _own(st: _State, rec, i: int, u: Unit, para: bool = False) -> None:
    """Record that unit ``i`` is ``rec``'s; ``para``: it went into rec's last paragraph."""
    st.owner[i] = rec
    if para:
        st.para_units.setdefault(id(rec.paragraphs[-1]), []).append(i)


def _new_article(st: _State, u: Unit) -> Article:
    art = Article(first_line=u.line)
    st.items.append(art)
    st.begun[id(art)] = st.unit_index
    st.parts[id(art)] = {"head": [], "kicker": [], "sub": []}
    if st.labels:
        _flush_labels(st, art)
    return art


def _flush_labels(st: _State, art: Article | None = None) -> None:
    """Column lines label the article that follows them; at the end of a page, a block."""
    if not st.labels:
        return
    labels, st.labels = st.labels, []
    if art is None:
        blk = Block("unclassified", "\n".join(u.text for u in labels), [], reason="column heading with no article")
        st.blocks.append(blk)
        for u in labels:
            _own(st, blk, st._label_index[id(u)], u)
        return
    for u in labels:
        art.labels.append(u.text)
        _own(st, art, st._label_index[id(u)], u)


def _block(st: _State, kind: str, i: int, u: Unit, reason: str) -> None:
    last = st.blocks[-1] if st.blocks else None
    if last is not None and last.kind == kind and st.prev_role in ("furn", "other") and last.reason == reason:
        last.text += "\n" + u.text
        _own(st, last, i, u)
        return
    blk = Block(kind, u.text, [], reason=reason)
    st.blocks.append(blk)
    _own(st, blk, i, u)


# --- roles ---------------------------------------------------------------------------


def _furn(st: _State, i: int, u: Unit, begin: bool) -> None:
    if not st.items:
        _block(st, "masthead", i, u, "")
    else:
        _block(st, "furniture", i, u, "page furniture")


def _other(st: _State, i: int, u: Unit, begin: bool) -> None:
    _block(st, "unclassified", i, u, "text the parser could not place")


def _column(st: _State, i: int, u: Unit, begin: bool) -> None:
    st._label_index[id(u)] = i
    st.labels.append(u)


def _title_open(st: _State) -> Article | None:
    """The title block being read, if the previous unit was part of it."""
    t = st.title
    if t is None or t.paragraphs or st.prev_role not in ("kicker", "head", "subhead", "column"):
        return None
    return t


def _kicker(st: _State, i: int, u: Unit, begin: bool) -> None:
    if _photo_title(st, i, u):
        return
    t = _title_open(st)
    # a crawl's 引题：field may come after its 标题： (the fields' order is the site's, not the print's)
    late = u.mark == "fkicker" and t is not None and not st.parts[id(t)]["kicker"]
    if t is None or t.headline is not None and not late or st.parts[id(t)]["sub"] and not late:
        t = _start_title(st, u)
    parts = st.parts[id(t)]
    text = u.text
    if u.origin == "line" and st.next_origin == "colon":
        text = text.rstrip(":：")  # 系列评论之一: 栽树是前提: the colon only separates the two
    parts["kicker"].append(text)
    t.kicker = " ".join(parts["kicker"])
    _own(st, t, i, u)


def _photo_title(st: _State, i: int, u: Unit) -> bool:
    """A title printed right after a credit that came before its photo's caption is that
    photo's title (摄影:潘晨昱 姜海涛 / 镇赉「南湖」: 一池荷花送清凉)."""
    photo = st.photo
    if (photo is not None and photo.headline and st.owner.get(i - 1) is photo and st.prev_unit is not None
            and st.prev_unit.line == u.line):
        photo.headline = f"{photo.headline} {u.text}"  # the rest of the same printed line
        _own(st, photo, i, u)
        return True
    if st.prev_role != "credit" or photo is None or photo.paragraphs or photo.headline or st.photo_closed:
        return False
    photo.headline = u.text
    _own(st, photo, i, u)
    st.photo_closed = True
    return True


def _head(st: _State, i: int, u: Unit, begin: bool) -> None:
    if _photo_title(st, i, u):
        return
    t = _title_open(st)
    parts = st.parts.get(id(t)) if t is not None else None
    if t is not None and not begin and parts["sub"] and not t.byline and not u.flat:
        _subhead(st, i, u, begin)  # a title's next line after its deck goes on with the deck: (一)
        return
    if t is None or (begin and parts["head"]) or parts["sub"] or t.byline:
        t = _start_title(st, u)
        parts = st.parts[id(t)]
    parts["head"].append(u.text.rstrip(SEPARATORS) or u.text)
    t.headline = " ".join(parts["head"])
    _own(st, t, i, u)


MAX_WAITING = 4
"""Title blocks kept waiting for a body: a page interleaves two or three at most; older ones
stay without a body (the whole-page repair may still find it)."""


def _wait(st: _State, art: Article) -> None:
    st.waiting.append(art)
    if len(st.waiting) > MAX_WAITING:
        del st.waiting[0]


def _is_waiting(st: _State, art: Article) -> bool:
    for w in st.waiting:
        if w is art:
            return True
    return False


def _start_title(st: _State, u: Unit) -> Article:
    art = _new_article(st, u)
    st.title = art
    if u.mark.startswith("h") or u.mark in ("sep", "fhead"):
        # a heading the dump marks (Markdown #, HTML <hN>, 活埋竊犯○) opens a section of its own: the text
        # after it is its story, so a title block still waiting for a body gets none of it
        st.waiting = []
    _wait(st, art)
    return art


def _subhead(st: _State, i: int, u: Unit, begin: bool) -> None:
    t = _title_open(st)
    if t is None:
        t = st.title if st.title is not None and not st.title.paragraphs and not st.title.byline else None
    if t is None:
        _body(st, i, u, False)
        return
    text = u.text
    for d in SUBDASH:
        if text.startswith(d):
            text = text[len(d):].lstrip()
            break
    parts = st.parts[id(t)]
    parts["sub"].append(text)
    t.subheadline = " ".join(parts["sub"])
    _own(st, t, i, u)


def _byline(st: _State, i: int, u: Unit, begin: bool) -> None:
    target = None
    t = st.title
    if t is not None and _no_story_yet(t) and t.byline is None and st.prev_role in (
            "kicker", "head", "subhead", "summary", "column"):
        target = t
    else:
        # an earlier title block still waiting for its byline (title blocks printed interleaved)
        for art in st.waiting:
            if art.byline is None and not art.paragraphs and art.headline:
                target = art
                break
        prev = st.owner.get(i - 1)
        if target is None and st.prev_role == "byline" and isinstance(prev, Article) and not prev.paragraphs:
            # a byline printed over two lines (a dateline, then the reporters)
            prev.byline = f"{prev.byline} {u.text}"
            _own(st, prev, i, u)
            return
    if target is None:
        target = _new_article(st, u)
        st.title = None
        _wait(st, target)
    target.byline = bylines.strip_bullet(u.text)
    _own(st, target, i, u)


def _body(st: _State, i: int, u: Unit, begin: bool, role: str = "p") -> None:
    prev = st.owner.get(i - 1)
    cur = st.cur
    if isinstance(prev, Article) and _is_waiting(st, prev) and st.prev_role != "column":
        art = prev  # the story under the title block or byline just read
    elif (cur is not None and cur.paragraphs and not _closed(cur) and not begin
          and st.prev_role in ("body", "caption", "credit", "summary", "furn", "other")
          and not any(st.begun[id(w)] > st.last_body.get(id(cur), -1) for w in st.waiting)):
        art = cur  # the story goes on (also after a caption or furniture cut into it)
    elif st.waiting:
        art = st.waiting[0]
    else:
        art = _new_article(st, u)
    if _is_waiting(st, art):
        st.waiting = [w for w in st.waiting if w is not art]
    st.cur = art
    st.last_body[id(art)] = i
    if st.title is art:
        st.title = None
    _add_paragraph(art, u, role)
    _own(st, art, i, u, para=True)


def _no_story_yet(art: Article) -> bool:
    """Nothing of the story read yet: at most a summary under the title (13.95亿人次 …) before
    its dateline."""
    return all(p.role == "summary" for p in art.paragraphs)


def _closed(art: Article) -> bool:
    return bool(art.continued or art.source_note or art.credit)


def _add_paragraph(art: Article, u: Unit, role: str) -> None:
    text = u.text
    last = art.paragraphs[-1] if art.paragraphs else None
    if role == "p" and (u.mark == "bold" or _subhead_shaped(text)) and (
            last is None or last.role != "p" or ends_complete(last.text)):
        role = "subhead"  # a short title line (or a bold one) between complete paragraphs heads a section
    if (last is not None and last.role == role == "p" and not ends_complete(last.text)
            and u.origin not in ("lead",)):
        if u.markup or last.markup:
            last.markup = (last.markup or last.text) + (u.markup or text)
        last.text += text
        last.lines.extend(u.lines())
        return
    art.paragraphs.append(Paragraph(text=text, lines=u.lines(), role=role, markup=u.markup))


def _no_trailing_subheads(art: Article) -> None:
    """A section head heads a section: a short line with no running text after it (a notice's
    signature, a closing date) is a paragraph, joined to what follows it on the page. Running
    text is a long paragraph or a complete sentence (项目背景 / 今年以来,…狠抓落实。)."""
    paras = art.paragraphs
    for k in range(len(paras) - 1, -1, -1):
        p = paras[k]
        if p.role != "subhead":
            continue
        after = [q for q in paras[k + 1:] if q.role == "p"]
        if any(len(q.text) > 40 or ends_complete(q.text) for q in after):
            break
        p.role = "p"
        nxt = paras[k + 1] if k + 1 < len(paras) else None
        if nxt is not None and nxt.role == "p" and not ends_complete(p.text):
            p.text += nxt.text
            p.lines.extend(nxt.lines)
            if p.markup or nxt.markup:
                p.markup = (p.markup or p.text[: len(p.text) - len(nxt.text)]) + (nxt.markup or nxt.text)
            del paras[k + 1]


def _subhead_shaped(text: str) -> bool:
    """Short, and no sentence or clause punctuation at its end: the shape of a section title."""
    t = text.strip()
    if not 2 <= len(t) <= 30:
        return False
    t = reading(t)  # same length: only a short line is read
    if t[-1] in "。！？!?：:…”’」』)）" or any(c in t for c in "。，,、；;:："):
        return False
    han = sum(map(len, _HAN_RUN.findall(t)))  # (the Han characters, by their runs: no loop in Python)
    return han >= 4 and han >= 0.7 * len(t.replace(" ", ""))


def _summary(st: _State, i: int, u: Unit, begin: bool) -> None:
    t = st.title if st.title is not None and not st.title.paragraphs else (st.waiting[0] if st.waiting else None)
    if t is None:
        _body(st, i, u, begin)
        return
    t.paragraphs.append(Paragraph(text=u.text, lines=u.lines(), role="summary"))
    _own(st, t, i, u, para=True)


def _after_body(st: _State) -> Article | None:
    """The article an end note belongs to: the one whose body was read last."""
    if st.cur is not None:
        return st.cur
    return st.items[-1] if st.items else None


def _sign(st: _State, i: int, u: Unit, begin: bool) -> None:
    t = st.title
    if t is not None and not t.paragraphs and t.byline is None and st.prev_role in ("kicker", "head", "subhead"):
        t.byline = u.text  # a byline printed under a heading whose story came before it
        _own(st, t, i, u)
        return
    art = _after_body(st)
    if art is None:
        _other(st, i, u, begin)
        return
    if art.byline is None:
        art.byline = u.text
    elif art.credit is None:
        art.credit = u.text
    else:
        art.credit = f"{art.credit} {u.text}"
    _own(st, art, i, u)


def _closing(st: _State, i: int, u: Unit, begin: bool) -> None:
    art = _after_body(st)
    if art is None:
        _other(st, i, u, begin)
        return
    art.paragraphs.append(Paragraph(text=u.text, lines=u.lines(), role="closing"))
    _own(st, art, i, u, para=True)


def _source(st: _State, i: int, u: Unit, begin: bool) -> None:
    art = _after_body(st)
    if art is None:
        _other(st, i, u, begin)
        return
    m = bylines.SOURCE_NOTE.fullmatch(u.text)
    if art.source_note is None:
        art.source_note = u.text
        art.source = bylines.note_source(m) if m else None
    else:
        art.labels.append(u.text)
    _own(st, art, i, u)


def _jump(st: _State, i: int, u: Unit, begin: bool) -> None:
    if bylines.JUMP_FROM.fullmatch(u.text):
        # where a story came from (上接第一版): a label of the title just read, or else of the
        # story it opens, the rest of one begun on another page (a page's first lines)
        t = st.title
        if t is not None and not t.paragraphs:
            t.labels.append(u.text)
            _own(st, t, i, u)
        else:
            _column(st, i, u, begin)
        return
    art = _after_body(st)
    if art is None:
        _other(st, i, u, begin)
        return
    art.continued = u.text if art.continued is None else f"{art.continued} {u.text}"
    _own(st, art, i, u)


def _caption(st: _State, i: int, u: Unit, begin: bool) -> None:
    photo = st.photo
    if photo is None or st.photo_closed and photo.paragraphs or st.prev_role not in ("caption", "credit"):
        if photo is None or photo.paragraphs or st.prev_role != "credit":
            photo = Article(kind="photo", first_line=u.line)
            st.items.append(photo)
            st.parts[id(photo)] = {"head": [], "kicker": [], "sub": []}
            st.photo = photo
            cur = st.cur
            if cur is not None and cur.paragraphs and not _closed(cur) and not ends_complete(cur.paragraphs[-1].text):
                cur.figures.append(photo)
            elif cur is not None and cur.paragraphs and st.prev_role == "body":
                cur.figures.append(photo)
    st.photo_closed = False
    photo.paragraphs.append(Paragraph(text=u.text, lines=u.lines()))
    _own(st, photo, i, u)


def _credit(st: _State, i: int, u: Unit, begin: bool) -> None:
    photo = st.photo
    if (photo is not None and st.prev_role == "credit" and st.owner.get(i - 1) is photo
            and st.prev_unit is not None and st.prev_unit.line == u.line):
        photo.byline = f"{photo.byline}{u.text}" if photo.byline else u.text  # 黄晓海摄|（新华社发）
        _own(st, photo, i, u)
        return
    if photo is None or st.photo_closed:
        photo = Article(kind="photo", first_line=u.line)
        st.items.append(photo)
        st.parts[id(photo)] = {"head": [], "kicker": [], "sub": []}
        st.photo = photo
        photo.byline = u.text
        st.photo_closed = False  # a credit printed before its caption: the caption follows
        _own(st, photo, i, u)
        return
    photo.byline = u.text if photo.byline is None else f"{photo.byline}{u.text}"
    st.photo_closed = True
    _own(st, photo, i, u)


_HANDLERS = {
    "furn": _furn,
    "other": _other,
    "column": _column,
    "kicker": _kicker,
    "head": _head,
    "subhead": _subhead,
    "byline": _byline,
    "body": _body,
    "summary": _summary,
    "sign": _sign,
    "closing": _closing,
    "source": _source,
    "jump": _jump,
    "caption": _caption,
    "credit": _credit,
}

_DISPATCH: dict[str, tuple] = {}
"""role -> (its handler, its role without ``B-``/``I-``, whether it begins a heading), worked
out once per role (``_dispatch``), not per unit."""


def _dispatch(role: str) -> tuple:
    base = role[2:] if role[:2] in ("B-", "I-") else role
    got = _DISPATCH[role] = (_HANDLERS.get(base, _other), base, role.startswith("B-"))
    return got


# --- whole page ----------------------------------------------------------------------


STOP_CHARS = set("的一是在了和与为市我县区省年月日中对及等有将把")
MIN_GAIN = 0.2
MAX_MOVED = 12


_HAN_RUN = re.compile("[\u4e00-\u9fff]+")
"""A run of Han characters (the characters ``_chars`` and ``_bigrams`` read: found by the regex
engine rather than character by character in Python)."""


def _chars(text: str) -> set[str]:
    """The Han characters of a text but the commonest (``STOP_CHARS``)."""
    return set("".join(_HAN_RUN.findall(text))) - STOP_CHARS


def _bigrams(text: str) -> set[str]:
    """The pairs of adjacent Han characters of a text."""
    return {run[k:k + 2] for run in _HAN_RUN.findall(text) for k in range(len(run) - 1)}


def _affinity(opening: str, chars: set[str], grams: set[str]) -> float:
    """The share of a title's characters (``_chars``) and of its bigrams that a paragraph's
    opening (``AFFINITY_CHARS``) holds, summed. A title's character or bigram is Han, so the
    opening holds it exactly where the opening's own ``_chars`` or ``_bigrams`` do: it is looked
    for in the text, without building the opening's sets."""
    holds = opening.__contains__
    return sum(map(holds, chars)) / max(len(chars), 1) + sum(map(holds, grams)) / max(len(grams), 1)


AFFINITY_CHARS = 160
"""How much of a paragraph is read for its vocabulary (its opening says what it is about)."""


def _title_text(art: Article) -> str:
    return " ".join(x for x in (art.kicker, art.headline, art.subheadline) if x)


def _base(role: str) -> str:
    return role[2:] if role[:2] in ("B-", "I-") else role


def _titles_over_photos(st: _State, units: list[Unit]) -> None:
    """A title block that got no story, printed right over a photo's caption (荷花盛开引客来 /
    6月14日，市民在南湖公园观赏荷花。 本报记者 张华 摄), is that photo's title, as one printed
    right after its credit is (``_photo_title``). A title whose story follows the photo (a web
    page's title, image, text) got that story as its body and is left alone, and so is one on a
    flattened page, where what reads as a caption may be its story (an RTHK feed run into one
    line: title, picture text, credit, story)."""
    if not any(a.kind == "photo" for a in st.items):
        return
    units_of: dict[int, list[int]] = {}
    for i, rec in st.owner.items():
        units_of.setdefault(id(rec), []).append(i)
    for art in list(st.items):
        if (art.kind == "photo" or not art.headline or art.paragraphs or art.byline or art.credit or art.continued
                or art.source_note):
            continue  # only a heading: anything else read under it is its story's
        mine = units_of.get(id(art), [])
        if not mine or units[mine[0]].flat:
            continue
        photo = st.owner.get(max(mine) + 1)
        if not isinstance(photo, Article) or photo.kind != "photo" or photo.headline or photo is art:
            continue
        photo.headline, photo.kicker, photo.subheadline = art.headline, art.kicker, art.subheadline
        photo.labels[:0] = art.labels
        photo.first_line = art.first_line
        for i in mine:
            st.owner[i] = photo
        st.items.remove(art)
        st.waiting = [w for w in st.waiting if w is not art]


def _claim_orphan_bodies(st: _State, roles: list[str]) -> None:
    """A title block with no body takes the trailing paragraphs of the article before it that
    read as its own (more of its title's vocabulary than of their own article's title)."""
    items = st.items
    for k, art in enumerate(items):
        if art.kind == "photo" or art.body or not art.headline:
            continue
        prev = next((items[j] for j in range(k - 1, -1, -1) if items[j].kind != "photo"), None)
        if prev is None or len(prev.paragraphs) < 2 or not prev.headline:
            continue
        paras = prev.paragraphs
        own, other = _title_text(prev), _title_text(art)
        own_f, other_f = (_chars(own), _bigrams(own)), (_chars(other), _bigrams(other))
        if not other_f[0]:
            continue
        lo = max(1, len(paras) - MAX_MOVED)  # a story printed before its heading is a few paragraphs
        margins = [0.0] * len(paras)
        for k in range(lo, len(paras)):
            p = paras[k]
            if p.role == "p":
                opening = p.text[:AFFINITY_CHARS]
                margins[k] = _affinity(opening, *other_f) - _affinity(opening, *own_f)
        best_k, best = None, MIN_GAIN
        for cut in range(lo, len(paras)):
            gain = sum(margins[cut:])
            if gain >= best:
                best_k, best = cut, gain
        if best_k is None:
            continue
        moved = paras[best_k:]
        prev.paragraphs = paras[:best_k]
        art.paragraphs = moved + art.paragraphs
        moved_units = {i for p in moved for i in st.para_units.get(id(p), [])}
        if not moved_units:
            continue
        first = min(moved_units)
        # the moved paragraphs take the end notes printed after them (not a byline: it stays)
        taken = set()
        for attr, role in (("source_note", "source"), ("continued", "jump"), ("credit", "sign")):
            val = getattr(prev, attr)
            if val and getattr(art, attr) is None:
                setattr(art, attr, val)
                setattr(prev, attr, None)
                taken.add(role)
                if attr == "source_note":
                    art.source, prev.source = prev.source, None
        for i, rec in list(st.owner.items()):
            if rec is prev and (i in moved_units or i >= first and _base(roles[i]) in taken):
                st.owner[i] = art
