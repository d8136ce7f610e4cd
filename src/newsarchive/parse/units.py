"""Cut a page's lines into units: the pieces the role model labels.

A unit is a span of one raw line (``line``, ``start``, ``end``: character offsets into the
line's text) with its plain text (markup of the dump removed). Every non-white-space
character of the page is in exactly one unit; white space between units belongs to none.

Most units are whole lines. A line is cut further where one printed line holds pieces with
different roles (each cut is a property of newspaper text, not of one paper):

* a Markdown image ``![caption](url)`` is a caption unit and a URL unit;
* a line an HTML dump wraps in one block element (``<p>…</p>``, ``<h2>…</h2>``) is cut as the
  same line without its tags (``<hN>`` is a heading, as ``#`` is), and a line holding several
  blocks (an HTML page saved without line breaks) is cut at its block tags and ``<br>``;
* a dateline or byline glued to the first sentence (``本报讯(记者 王茵)10月…``,
  ``〔本報南京廿四日電〕政院…``) is a unit of its own, as is a bracketed attribution, credit,
  source or jump note that ends a paragraph (``…。（刘诗瑶）``, ``…。本报记者 夏景明 摄``);
* a flattened page (a line far longer than any printed paragraph) is cut at runs of spaces,
  after the ``○`` that separates a heading from its story, and around bracketed datelines.

Over-cutting is cheap (the decoder joins body units again); under-cutting would give one unit
two roles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Line
from .bylines import JUMP_FROM_NOTE, SECTION_JUMP
from .fields import crawl_form, pieces as field_pieces
from .text import BOLD_INLINE, HEADING, HTML_TAG, heading_level, markup, reading

import html

FLAT = 600
"""A line longer than this many characters is read as a flattened run of printed lines (a
printed paragraph is seldom this long; a whole page run together is thousands)."""

SPACE = re.compile(r"[ \t\xa0\u3000\u2002\u2003]+")
IMAGE = re.compile(r"!\[(?P<cap>[^\]\n]*)\](?P<url>\([^)\s]*(?:\s+\"[^\"]*\")?\))")
BOLD_WHOLE = re.compile(r"^\s*(?:\*\*.+\*\*|__.+__|<(?:b|strong)>.+</(?:b|strong)>)\s*$", re.IGNORECASE)
"""A piece printed wholly in bold (a section head in many dumps)."""
RULE = re.compile(r"^[\s\-—–=_*|:：+#]{3,}$")

AGENCY = r"(?:本[报報]|新[华華]社|中新社|中央社|人民网|人民網|央视网|央視網|合[众衆]社|路透社|美[联聯]社|法新社|共同社|塔斯社)"
AGENCY_DATELINE = (r"据?" + AGENCY + r"[\u4e00-\u9fff\d○〇零一二三四五六七八九十廿卅]{0,16}?"
                   r"(?:讯|訊|电|電|消息|专电|專電)(?![\u4e00-\u9fff]{0,1}[员員])")
"""A dateline naming its paper or agency: 本报讯, 本报北京2月9日电, 据新华社…电 (not 本报通讯员)."""
# A dateline: 本报讯 / 本报北京2月9日电 / 新华社北京5月1日电 / 据新华社… / 〔本報南京廿四日電〕 / 【本報訊】,
# optionally followed by a bracketed byline (记者 王茵), or by the reporter without brackets
# (本报讯 记者王茵报道：).
LEAD = re.compile(
    r"(?:"
    r"[〔【][^〔〕【】]{1,40}[〕】]"
    r"|[（(](?:记者|記者|通讯员|通訊員|特约记者|特約記者)[^（）()]{1,24}[）)]"
    r"|[（(][\u4e00-\u9fff]{2,8}(?:报道|報道|報導|专讯|專訊)[）)]"  # （星島日報報道）, （明報專訊）
    r"|" + AGENCY_DATELINE +
    r")(?:[ \xa0\u3000]*[（(][^（）()]{1,40}[）)]"
    # or the reporter named without brackets: 本报讯 记者王茵报道：
    r"|[ \xa0\u3000]+(?:记者|記者)[ \xa0\u3000]*[\u4e00-\u9fff·]{2,4}(?:[ \xa0\u3000、][\u4e00-\u9fff·]{2,4}){0,3}"
    r"[ \xa0\u3000]*(?:报道|報導|報道)[：:]?)?"
)
# A note that closes a paragraph: a bracketed group, or a photo credit ending in 摄/攝.
_TAIL_NOTE = r"[（(][^（）()]{1,60}[）)]"
_TAIL_CREDIT = r"[^。！？!?”」』（）()\s][^。！？!?”」』（）()]{0,24}[摄攝]"
TAIL = re.compile(f"(?:{_TAIL_NOTE}|{_TAIL_CREDIT})$")
TAIL_NOTE = re.compile(_TAIL_NOTE + "$")
TAIL_CREDIT = re.compile(_TAIL_CREDIT + "$")
"""``TAIL``'s two alternatives: a piece's last character says which one can match (a bracket
ends a note, 摄 a credit), and each is at most so long (62 and 26 characters)."""
MARK_NOTE = re.compile(r"[（(][\u4e00-\u9fff]{1,4}[）)]")
"""A correspondent's mark or name in brackets (``（孔）``, ``（刘诗瑶）``) closes a piece even
without a full stop before it (late-Qing text is unpunctuated)."""
LEAD_FIRST = set("〔【（(据據本新中人央合路美联聯法共塔")
TAIL_LAST = set("）)摄攝")
JUMP_NOTE = re.compile(r"[（(](?:(?:下转|下轉|转|轉|接)第?\s*\S{1,4}\s*版|" + SECTION_JUMP + r"版?)[）)]")
"""A jump note (``(下转第二版)``) ends a page's part of a story wherever it falls, mid-sentence too."""
SENTENCE_END = "。！？!?”」』…"
SPEAKER_VERBS = ("强调", "指出", "表示", "要求", "提出", "強調")
"""What a speaker's attribution printed over a title ends with (柴伟…调研时强调 / 加快“双升”步伐)."""
SERIES_COLON = re.compile(r"(?<=\S)(?:(?P<colon>[:：])|(?<=" + "|".join(SPEAKER_VERBS) + r"))[ \xa0\u3000]+(?=\S)")
"""A colon, or a speaker's 强调/指出/表示, followed by space inside a heading line: a series
label or a speaker's attribution printed before the title on the same line."""
BRACKET_DATELINE = re.compile(r"[〔【][^〔〕【】]{1,40}[〕】]")
DATELINE_WORD = re.compile(r"[电電讯訊報报社]")


@dataclass(slots=True)
class Unit:
    line: int
    """1-based number of the raw line the unit is in."""
    start: int
    end: int
    """Character offsets of the unit in the raw line (``end`` exclusive)."""
    text: str
    """The unit's text with the dump's markup removed, as printed otherwise."""
    origin: str
    """How the unit was cut: ``line`` (a whole line), ``space``, ``lead``, ``tail``,
    ``bracket``, ``circle`` (heading○story), ``image`` (a Markdown image's caption), ``url``,
    ``block`` (a block of an HTML page saved as one line)."""
    gap: int = 0
    """Blank lines before the unit (0 for a unit that shares its line with the previous one)."""
    mark: str = ""
    """Markup of the dump: ``h1``…``h6`` (Markdown heading), ``bold``, ``rule``, ``image``, ``url``,
    ``code`` (an HTML page's head, scripts, styles, comments, or a line of tags only), ``sep`` (a heading run on into its story with a ○, as
    old papers print it: ``活埋竊犯○``), a crawl's labelled field (``fhead`` ``标题：…``,
    ``fkicker``, ``fsub``, ``fby``, ``fsum``, ``fbody``, ``ffurn``; ``ftext`` for a label over the
    text, ``正文：``: ``fields.py``)."""
    first: bool = True
    """The first unit of its printed line (of its raw line, or of its block of an HTML page
    saved as one line)."""
    last: bool = True
    """The last unit of its printed line."""
    flat: bool = False
    """Cut from a flattened line (a whole page run together): its line breaks are lost."""
    markup: str = ""
    """The unit's text with the dump's inline markup kept (``**bold**``, ``<b>``) for rendering;
    empty when it has none."""
    spans: list[tuple[int, int, int]] | None = None
    """For a unit cut from printed lines joined back together (``reflow.py``): the (line,
    start, end) of each raw piece it covers; ``line``/``start``/``end`` are the first's."""

    def raw_spans(self) -> list[tuple[int, int, int]]:
        """The (line, start, end) spans of raw text the unit covers."""
        return self.spans or [(self.line, self.start, self.end)]

    def lines(self) -> list[int]:
        """The raw lines the unit covers."""
        return [s[0] for s in self.spans] if self.spans else [self.line]


SUMMARY_LABELS = frozenset(("核心阅读", "核心閱讀"))
"""The label of a summary box printed between a story's headings and its running text (人民日报's
核心阅读), in Simplified and Traditional script: a line of its own that opens the box."""


def summary_label(text: str) -> bool:
    """Whether ``text``, white space taken out, is one of ``SUMMARY_LABELS``: split and joined
    only where it holds 核, the first character of each (a paragraph is not copied twice to
    find out that it is none)."""
    return "核" in text and "".join(text.split()) in SUMMARY_LABELS


def units_of(lines: list[Line]) -> list[Unit]:
    """All units of a page, in reading order."""
    out: list[Unit] = []
    gap = 0
    hidden = ""  # the HTML element (head, script, style, a comment) a page's lines are inside
    form = crawl_form(lines)  # a crawl saved as fields (标题：…, JSON): "" for nearly every page
    for ln in lines:
        raw = ln.text
        if not raw.strip(WHITE):
            gap += 1
            continue
        pieces = _line_units(ln.no, raw, form)
        if not pieces:
            gap += 1
            continue
        if "<" in raw or hidden:
            code, hidden = _page_code(raw, hidden)
            if code:
                for u in pieces:
                    u.mark = "code"
        marked_line = "*" in raw or "<" in raw or "&" in raw or "_" in raw
        for u in pieces if marked_line else ():
            if u.origin in ("url",) or u.mark.startswith("h"):
                continue
            piece = raw[u.start:u.end]
            if "*" in piece or "<" in piece or "&" in piece or "_" in piece:
                marked = markup(piece)
                if marked and marked != u.text:
                    u.markup = marked
                    if not u.mark and BOLD_WHOLE.match(piece):
                        u.mark = "bold"
        pieces[0].gap = gap
        # a block of an HTML page saved as one line starts a printed line of its own (a line
        # of one piece keeps a unit's defaults: the first and the last of its line)
        for k, u in enumerate(pieces) if len(pieces) > 1 else ():
            u.first = k == 0 or u.origin == "block"
            u.last = k == len(pieces) - 1 or pieces[k + 1].origin == "block"
        out.extend(pieces)
        gap = 0
    return out


HIDDEN_TAGS = "script|style|head|noscript|template"
"""Elements of an HTML page whose content is no printed text (``NOT_TEXT``, ``_page_code``)."""


def _text_in(markup: str) -> str:
    """The printed text of a piece of HTML: without its tags and entities, trimmed."""
    return html.unescape(HTML_TAG.sub("", markup)).strip(WHITE)


_OPENS_HIDDEN = re.compile(rf"<({HIDDEN_TAGS})\b[^<>]*>|<!--", re.IGNORECASE)


def _page_code(raw: str, hidden: str) -> tuple[bool, str]:
    """Whether a line of an HTML page is page code rather than printed text (inside its head,
    a script, a style or a comment, or tags only), and what element the next line is inside."""
    rest = raw
    if hidden:  # inside since an earlier line: up to where it closes
        close = "-->" if hidden == "!--" else f"</{hidden}"
        at = raw.lower().find(close)
        if at < 0:
            return True, hidden
        end = raw.find(">", at)
        rest = raw[end + 1:] if end >= 0 else ""
        hidden = ""
    rest = NOT_TEXT.sub("", rest)
    m = _OPENS_HIDDEN.search(rest)
    if m:  # opens here, closes on a later line
        hidden = "!--" if m.group().startswith("<!--") else m.group(1).lower()
        rest = rest[:m.start()]
    return not _text_in(rest), hidden


def _line_units(no: int, raw: str, form: str = "") -> list[Unit]:
    head = raw.lstrip(WHITE)[:1]
    if "<" in raw:
        run = _html_run(no, raw)
        if run:
            return run
    if head == "<":
        m = HTML_BLOCK.match(raw)
        if m and m.group("inner").strip(WHITE):
            return _html_block(no, raw, m)
    if head == "#" and len(raw) <= FLAT:  # a whole page run together after a heading is no heading
        level = heading_level(raw)
        if level:
            s, e = _trim(raw, 0, len(raw))
            return [Unit(no, s, e, _plain(raw[s:e]), "line", mark=f"h{level}")]
    if head in RULE_FIRST and RULE.match(raw):
        s, e = _trim(raw, 0, len(raw))
        return [Unit(no, s, e, raw[s:e], "line", mark="rule")]
    if form:
        units = _field_units(no, raw, form)
        if units:
            return units
    return _image_units(no, raw, 0, len(raw), len(raw))


_JSON_PUNCT = re.compile(r"^[\s{}\[\],:]+$")


def _field_units(no: int, raw: str, form: str) -> list[Unit] | None:
    """The units of a crawl's field line (``fields.py``): each piece a unit marked by its field;
    a JSON page's lines of braces and brackets only are markup. ``None`` for a line that holds
    no field."""
    if form == "json" and _JSON_PUNCT.match(raw):
        s, e = _trim(raw, 0, len(raw))
        return [Unit(no, s, e, raw[s:e], "line", mark="code")]
    got = field_pieces(raw, form)
    if got is None:
        return None
    return [Unit(no, s, e, _plain(text) if text else raw[s:e], "line", mark=mark) for s, e, text, mark in got]


def _image_units(no: int, raw: str, s: int, e: int, line_len: int) -> list[Unit]:
    """The units of ``raw[s:e]``: each Markdown image in it a caption unit and a URL unit, the
    text around them cut as any line's text."""
    if raw.find("![", s, e) < 0:  # (``"![" in raw[s:e]`` without a copy of the piece)
        return _text_units(no, raw, s, e, line_len)
    out: list[Unit] = []
    pos = s
    for m in IMAGE.finditer(raw, s, e):
        out.extend(_text_units(no, raw, pos, m.start(), line_len))
        caption = _lead_tail(no, raw, m.start("cap"), m.end("cap"), "image")
        if caption:  # the caption unit also holds the "![" before it
            caption[0].start = m.start()
        else:
            caption = [Unit(no, m.start(), m.end("cap"), "", "image")]
        for u in caption:
            u.mark = "image"
        out.extend(caption)
        out.append(Unit(no, m.end("cap"), m.end(), m.group("url")[1:-1], "url", mark="url"))
        pos = m.end()
    out.extend(_text_units(no, raw, pos, e, line_len))
    return [u for u in out if u.end > u.start]


HTML_BLOCK = re.compile(
    r"^\s*<(?P<tag>p|h[1-6]|div|li|td|th|dd|dt|blockquote|section|article|header|footer)(?:\s[^<>]*)?>"
    r"(?P<inner>.*)</(?P=tag)\s*>\s*$", re.IGNORECASE | re.DOTALL)
"""A printed line as an HTML dump holds it: one block element around the line's text."""


BLOCK_EDGE = re.compile(
    r"<(?:/?(?:p|h[1-6]|div|li|ul|ol|tr|td|th|dd|dt|dl|table|tbody|thead|blockquote|section|article|"
    r"header|footer|figure|figcaption)|br)(?:\s[^<>]*)?/?>", re.IGNORECASE)
"""A tag that starts or ends a block of an HTML page (or breaks its line: ``<br>``)."""
_HEADING_TAG = re.compile(r"<h([1-6])\b", re.IGNORECASE)
NOT_TEXT = re.compile(rf"<({HIDDEN_TAGS})\b[^<>]*>.*?</\1\s*>|<!--.*?-->|<![A-Za-z][^<>]*>",
                      re.IGNORECASE | re.DOTALL)
"""Parts of an HTML page that are no printed text: its head (title, metadata), scripts, styles
comments and doctype. In a page saved as one line they are markup between blocks, like a tag."""


def _html_run(no: int, raw: str) -> list[Unit]:
    """A line that holds several blocks of an HTML page (``<p>…</p><p>…</p>``, ``…<br>…``, a
    page saved without line breaks): each block is cut as a printed line of its own (origin
    ``block``), an ``<hN>`` block as a heading. The tags between two blocks belong to the unit
    after them, so every character of the line is in one unit. Empty when the line holds fewer
    than two blocks with text."""
    tags = list(BLOCK_EDGE.finditer(raw))
    if len(tags) < 2:
        return []
    hidden = list(NOT_TEXT.finditer(raw)) if "<!" in raw or "</" in raw else []
    if hidden:
        tags = sorted([*hidden, *(t for t in tags if not any(h.start() <= t.start() < h.end() for h in hidden))],
                      key=lambda t: t.start())
    blocks = []  # (start, end, heading level) of each stretch of text between two tags
    pos, level = 0, ""
    for m in [*tags, None]:
        a, b = _trim(raw, pos, m.start() if m else len(raw))
        if a < b and _text_in(raw[a:b]):
            blocks.append((a, b, level))
        if m:
            h = _HEADING_TAG.match(m.group())
            level = h.group(1) if h else ""
            pos = m.end()
    if len(blocks) < 2:
        return []
    out: list[Unit] = []
    for a, b, level in blocks:
        if level:
            units = [Unit(no, a, b, _plain(raw[a:b]).strip(WHITE), "block", mark=f"h{level}")]
        else:
            units = _image_units(no, raw, a, b, b - a)
            if units and units[0].origin == "line":
                units[0].origin = "block"
        out.extend(units)
    out[0].start, out[-1].end = _trim(raw, 0, len(raw))
    for left, right in zip(out, out[1:]):
        gap = _trim(raw, left.end, right.start)
        if gap[0] < gap[1]:
            right.start = gap[0]
    return out


def _html_block(no: int, raw: str, m: re.Match) -> list[Unit]:
    """A line wrapped in one block element (``<p>…</p>``, ``<h2>…</h2>``): its text is cut as
    any line's is (a dateline glued to the first sentence is its own unit); ``<hN>`` is a
    heading, as a Markdown heading is, and a paragraph that is wholly bold is a bold line. The
    tags belong to the first and last unit, so every character of the line is in one unit."""
    a, b = m.start("inner"), m.end("inner")
    s, e = _trim(raw, 0, len(raw))
    tag = m.group("tag").lower()
    inner = raw[a:b]
    if tag[0] == "h" and tag[1:].isdigit():
        units = [Unit(no, s, e, _plain(inner).strip(WHITE), "line", mark=tag)]
        if units[0].text:
            return units
        units = []
    else:
        units = _text_units(no, raw, a, b, len(raw))
    if not units:  # a block with no text (<h2>&nbsp;</h2>): the line is cut as any other line
        return _text_units(no, raw, 0, len(raw), len(raw))
    if len(units) == 1 and BOLD_WHOLE.match(inner):
        units[0].mark = "bold"  # (its markup is taken in ``units_of``, as any marked line's)
    units[0].start = s
    units[-1].end = e
    return units


WHITE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + "\ufeff"
"""Every white-space character (and the byte-order mark): what separates units."""
RULE_FIRST = set("-—–=_*|:：+#")


def _trim(raw: str, s: int, e: int) -> tuple[int, int]:
    if s >= e:
        return s, e
    if raw[s] in WHITE:
        piece = raw[s:e]
        s += len(piece) - len(piece.lstrip(WHITE))
    if s < e and raw[e - 1] in WHITE:
        piece = raw[s:e]
        e -= len(piece) - len(piece.rstrip(WHITE))
    return s, e


def _text_units(no: int, raw: str, s: int, e: int, line_len: int) -> list[Unit]:
    s, e = _trim(raw, s, e)
    if s >= e:
        return []
    spans = [(s, e, "line")]
    flat = line_len > FLAT
    if flat:
        spans = _flat_cuts(raw, s, e)
    elif e - s <= 64 and _may_be_series(raw[s:e]):
        m = SERIES_COLON.search(raw, s, e)
        if m:  # 保护环境,为城市添绿系列评论之一: 栽树是前提 活树是关键
            spans = [(s, m.end("colon") if m.group("colon") else m.start(), "line"),
                     (_trim(raw, m.end(), e)[0], e, "colon")]
    if len(spans) == 1 and not flat:  # (most lines: one piece, cut only at its lead and tails)
        return _lead_tail(no, raw, s, e, "line")
    out: list[Unit] = []
    for a, b, origin in spans:
        out.extend(_lead_tail(no, raw, a, b, origin))
    if flat and len(out) > 1:
        for k, u in enumerate(out):
            u.flat = True
            if (u.origin in ("line", "space") and k + 1 < len(out) and out[k + 1].origin == "circle"
                    and out[k + 1].start == u.end and SEPARATED_HEADING.fullmatch(u.text)):
                u.mark = "sep"  # 活埋竊犯○九江…: the ○ marks a heading, as a Markdown # does
    return out


def _may_be_series(piece: str) -> bool:
    """Whether ``SERIES_COLON`` is looked for in a short piece: one with no sentence mark, and
    with a space for the pattern's run of spaces (most title lines have none: the pattern,
    with no first character to skip to, is tried at every position)."""
    return ((" " in piece or "\xa0" in piece or "\u3000" in piece)
            and not _has_sentence_mark(piece))


def _has_sentence_mark(piece: str) -> bool:
    """Whether the piece as the cues read it holds 。, ！ or ？ (``reading`` makes a 。 only of a
    half-width stop, so it is read only when the piece holds one)."""
    if "。" in piece or "！" in piece or "？" in piece:
        return True
    return "." in piece and "。" in reading(piece)


HEADING_MARKS = re.compile("#{1,6}")
SEPARATORS = "○◎"
"""The mark between a heading and its story in old papers (活埋竊犯○九江…, 申報 of the 1880s):
printed, owned by the heading's unit, but not part of the headline."""
SEPARATOR = re.compile("○")
"""Where a flattened page is cut: after ○ (◎, also printed as a bullet before an item, is no cut)."""
NUMERALS = "〇○零一二三四五六七八九十百千"
"""Digits a ○ stands between when it is a zero (二○一九年)."""
SEPARATED_HEADING = re.compile("[\\u3400-\\u9fff\\uf900-\\ufaff]{2,64}○")
"""A heading run on into its story, as the old papers printed it: a title's length of Han
characters (no mark, no bracket: a list item ``十四日…（欠各本署）○`` is not one), then the
separator, with the story right after it."""


def _flat_cuts(raw: str, s: int, e: int) -> list[tuple[int, int, str]]:
    """Cut a flattened run of printed lines at space runs, after ○, around bracketed datelines."""
    cuts: list[tuple[int, str]] = []  # (position, origin of the piece that starts there)
    inside = _bracketed(raw, s, e)
    after = s
    for m in SPACE.finditer(raw, s, e):
        if m.start() in inside:
            continue  # a space inside brackets: （记者 王茵） is one piece
        if HEADING_MARKS.fullmatch(raw, after, m.start()):
            continue  # "## " stays with the title it marks
        after = m.end()
        cuts.append((m.start(), "-"))  # end of a piece
        cuts.append((m.end(), "space"))
    for m in SEPARATOR.finditer(raw, s, e):
        if raw[m.start() - 1:m.start()] in NUMERALS and raw[m.end():m.end() + 1] in NUMERALS + "年":
            continue  # 二○一九年: a zero, not a separator
        at = m.end()  # the ○ stays with the heading before it
        cuts.append((at, "-"))
        cuts.append((at, "circle"))
    for m in BRACKET_DATELINE.finditer(raw, s, e):
        if DATELINE_WORD.search(m.group()):
            cuts.append((m.start(), "-"))
            cuts.append((m.start(), "bracket"))
            cuts.append((m.end(), "-"))
            cuts.append((m.end(), "space"))
    pieces: list[tuple[int, int, str]] = []
    bounds = sorted({p for p, _ in cuts} | {s, e})
    origin_at = {}
    for p, o in cuts:
        if o != "-":
            origin_at[p] = o if origin_at.get(p) in (None, "space") else origin_at[p]
    for a, b in zip(bounds, bounds[1:]):
        a2, b2 = _trim(raw, a, b)
        if a2 < b2:
            pieces.append((a2, b2, "line" if a == s else origin_at.get(a, "space")))
    return pieces


OPENERS = {"（": "）", "(": ")", "〔": "〕", "【": "】", "《": "》"}
_OPENER = re.compile("[" + re.escape("".join(OPENERS)) + "]")
"""Any of ``OPENERS`` (the regex engine finds the next one; a loop in Python over every
character of a flattened page cost a tenth of its parse)."""


def _bracketed(raw: str, s: int, e: int) -> set[int]:
    """Positions between an opening bracket and its closing one (at most 40 characters on)."""
    inside: set[int] = set()
    k = s
    while (m := _OPENER.search(raw, k, e)) is not None:
        k = m.start()
        end = raw.find(OPENERS[raw[k]], k + 1, min(e, k + 42))
        if end > 0:
            inside.update(range(k + 1, end))
            k = end
        k += 1
    return inside


def _lead_tail(no: int, raw: str, s: int, e: int, origin: str) -> list[Unit]:
    """Split a leading dateline and trailing notes off one piece of text."""
    head: list[Unit] = []
    tail: list[Unit] = []
    m = JUMP_FROM_NOTE.match(raw, s, e) if raw[s] in "(（" else None
    if m and _trim(raw, m.end(), e)[0] < e:  # (上接第一版)市民…: where the story came from, a unit of its own
        head.append(Unit(no, s, m.end(), raw[s:m.end()], origin))
        s, _ = _trim(raw, m.end(), e)
        origin = "lead"
    m = LEAD.match(raw, s, e) if raw[s] in LEAD_FIRST else None
    if m and m.end() < e and _trim(raw, m.end(), e)[0] < e:
        head.append(Unit(no, s, m.end(), _plain(raw[s:m.end()]), origin))
        s, _ = _trim(raw, m.end(), e)
        origin = "lead"
    read = None
    while e - s > 1 and raw[e - 1] in TAIL_LAST:
        if read is None:  # the piece as the cues read it (a half-width stop ends a sentence too)
            read = reading(raw[s:e])
        # TAIL, from as far back as a match can start (see TAIL_NOTE)
        if raw[e - 1] in "）)":
            m = TAIL_NOTE.search(read, max(0, e - 62 - s), e - s)
        else:
            m = TAIL_CREDIT.search(read, max(0, e - 26 - s), e - s)
        if not m or m.end() != e - s or m.start() <= 0:
            break
        before = read[:m.start()].rstrip()
        if not before:
            break
        if (before[-1] not in SENTENCE_END + "）)" and not MARK_NOTE.fullmatch(m.group())
                and not JUMP_NOTE.fullmatch(m.group())):
            break
        at = s + m.start()
        tail.insert(0, Unit(no, at, e, _plain(raw[at:e]), "tail"))
        e = _trim(raw, s, at)[1]
    body = [Unit(no, s, e, _plain(raw[s:e]), origin)] if e > s else []
    return head + body + tail if head or tail else body


def _plain(text: str) -> str:
    """The text of a unit without the dump's markup: heading marks, ``**``, HTML tags, entities."""
    if "#" in text:
        m = HEADING.match(text)
        if m:
            text = m.group(2)
    if "*" in text:
        text = BOLD_INLINE.sub(r"\1", text)
    if "<" in text:
        stripped = HTML_TAG.sub("", text)
        text = stripped if stripped.strip() else text
    if "&" in text:
        text = html.unescape(text)
    return text.strip(" \t\xa0\u3000\ufeff")
