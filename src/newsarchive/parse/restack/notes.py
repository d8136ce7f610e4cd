"""Checks on what is printed around a story: credits and captions, closing notes and jump notes,
a notice's signature and date."""

from __future__ import annotations

import re

from ..bylines import JUMP_FROM
from ..features import titleish as _titleish
from ..units import JUMP_NOTE
from .page import _bracketed
from .shapes import ROLES_OTHER, STACK_ROLES, _NOTE_CUES, _likeliest, _title_goes_on


def _a_credit_is_a_credit(units, roles, feats, marginal) -> None:
    """A unit that reads as a photographer's credit (本报记者 X 摄, （港台圖片）) is a credit: the
    65 such units of the labelled pages (3 sources) all are. A Markdown image's text that does not
    read as one, nor as a bracketed note (（節目截圖）), is the photo's caption: so are the 60 such
    of the labelled pages (the other 44 are credits)."""
    for i in range(len(roles)):
        if roles[i] != "credit" and "credit" in feats[i] and not units[i].flat:
            roles[i] = "credit"
        elif roles[i] == "credit" and units[i].mark == "image" and "credit" not in feats[i] and "inbr" not in feats[i]:
            roles[i] = "B-caption"


def _running_text_over_a_credit_is_its_caption(units, roles, feats, marginal) -> None:
    """The unit of running text right above a photo credit (本报通讯员 王新月 摄, （港台圖片）),
    with no break in the page's spacing between them, is the photo's caption: so are all 65 such
    units of the labelled pages (3 sources); the one over a credit set off by a wider gap
    (摄影:潘晨昱 姜海涛, seed 004) is a story's last paragraph, the credit opening the next photo."""
    for i in range(1, len(roles)):
        if (roles[i] == "credit" and roles[i - 1] == "body" and "gap=brk" not in feats[i]
                and not units[i - 1].flat):
            roles[i - 1] = "caption"


_CLOSING_CUES = frozenset(("brnames", "source", "jump", "rep", "dl_br"))
"""The features one of which ``_closing_notes`` asks of a unit it changes or reads further."""
REPORTER_NAMES = re.compile(r"^\s*(?:本[报報])?(?:记者|記者)[\s\xa0\u3000]*[\u4e00-\u9fff·]{2,4}"
                            r"(?:[\s\xa0\u3000、]+[\u4e00-\u9fff·]{2,4}){0,3}\s*$")
"""A line naming a story's reporters and nothing else: 記者 陳大文, 本报记者 王茵 李明."""


def _closing_notes(units, roles, feats, marginal) -> None:
    """Names in brackets on a printed line of their own right after running text (（刘诗瑶）)
    close the story, whatever the model read (running text, a byline, or the next title's
    kicker, as held out it read rmrb-10's （丁怡婷  倪  弋）): the 6 such lines of the labelled
    pages (rmrb-07, -09, -10) are all signs;
    so does a dateline in brackets there (（本报首尔2月13日电）, （据新华社…电 记者…）: 4 of 4,
    rmrb-07 and -19), also when the model read it as the byline of what follows (after running
    text that is no title line: a byline opens a story under its heading, never after a
    paragraph; held out, a brief column dumped without blank lines lost its next title so), and
    a writer's mark in brackets cut from a flattened page (申報 1906's correspondents' marks,
    （孔）（訂）（户）: 4 of 4 are signs). ``sign`` covers every attribution printed after a story;
    one that reads as a source note (转自…) or a jump note (下转第X版), and is no dateline or reporter credit, is that note. A unit that reads as a
    source note (转自…, 据新华社…电 记者…) and is no byline is a closing note whatever the model
    read (kicker, furniture: the 7 such units of the labelled pages, in 3 files, are all source
    notes or signs). A bracketed note cut from the end of a paragraph's last line closes its
    story whatever the model read (11 of 11 such pieces in the labelled pages are signs, source
    or jump notes; held out, one was read as the kicker of the next title). So does a line naming
    only reporters (記者 陳大文) printed after a story's running text and before the next title
    or the page's end, as Hong Kong and Taiwan papers name the reporter (no labelled page has
    the case either way)."""
    for i in range(len(roles)):
        f = feats[i]
        if _CLOSING_CUES.isdisjoint(f):
            continue  # (most units: with none of these cues, nothing below applies)
        u = units[i]
        if (i and u.origin == "tail" and roles[i - 1] == "body" and roles[i] not in ("sign", "source", "jump", "credit")
                and ("brnames" in f or "source" in f or "jump" in f)):
            roles[i] = "sign"  # cut from the end of a paragraph's last line: …群众参与。（王强）
        elif (i and roles[i] in ("body", "kicker", "column") and roles[i - 1] == "body" and u.first and not u.flat
              and "rep" in f and REPORTER_NAMES.match(u.text)
              and (i + 1 == len(roles) or roles[i + 1] in STACK_ROLES or _titleish(feats[i + 1]))):
            roles[i] = "sign"  # the reporter named after the story, before the next title: 記者 陳大文
        if (i and roles[i] in ("body", "byline", "kicker") and roles[i - 1] == "body" and ("brnames" in f or "dl_br" in f)
                and (roles[i] != "byline" or not _titleish(feats[i - 1]))
                and "coltag" not in f and (u.origin == "line" and not u.flat or u.flat and "brnames" in f)):
            roles[i] = "sign"
        if roles[i] not in ("sign", "byline") and "source" in f and not u.flat:
            roles[i] = "sign"
        if roles[i] == "sign":
            if "source" in f and "dl" not in f and "rep" not in f:
                roles[i] = "source"
            elif "jump" in f:
                roles[i] = "jump"


JUMP_NOTE_MAX = 24
"""The longest unit read as a jump note whatever the model read (（下转第十二版） is 8 characters)."""


def _a_jump_note_names_a_page(units, roles, feats, marginal) -> None:
    """A jump note says where the story goes on or that it ends (下转第二版, 未完, 完): one read as
    a jump note without such words (a wire's name closing a story, （中央社）) takes the likeliest
    role of a note or of running text (every jump note of the labelled pages has the words);
    a note of where the story came from (``(上接第一版)``) or goes on (``（下转第四版）``), printed
    as a unit of its own, is one whatever the model read (2 of 2 in the labelled pages; held
    out, with no jump note among the other sources, the model read one as the next title's
    kicker)."""
    for i in range(len(roles)):
        if roles[i] == "jump" and "jump" not in feats[i]:
            roles[i] = _likeliest(("sign", "source", "byline", "body", "closing"), i, marginal)
        elif roles[i] != "jump" and len(units[i].text) <= JUMP_NOTE_MAX and _bracketed(units[i].text) and (
                JUMP_FROM.fullmatch(units[i].text) or JUMP_NOTE.fullmatch(units[i].text.strip())):
            # (上接第一版): where the story came from, cut from its first line; (下转第四版):
            # where it goes on, never the kicker of the title printed under it
            roles[i] = "jump"


def _a_caption_cue_is_a_caption(units, roles, feats, marginal) -> None:
    """A line that opens with a caption cue (图②：, 下图：, 图为) is a caption, not a heading line:
    the 20 such lines of the labelled pages (6 files: 人民日报 and seeds) are all captions."""
    for i in range(len(roles)):
        if roles[i] in STACK_ROLES and "capcue" in feats[i] and not units[i].flat:
            roles[i] = "caption"


def _a_cut_tail_opens_no_heading(units, roles, feats, marginal) -> None:
    """A piece cut from the end of a printed line (``tail``: a bracketed note after a deck,
    ——新时代文明实践的九台探索(一)) opens no heading: labelled head, it goes on with the head or
    deck line it is cut from (no tail piece of the labelled pages is a heading's first line;
    the 4 after a head or deck line, rmrb-1x and seed 003, go on with it); after anything else
    (（影像中国） after a photo credit) it takes the likeliest role outside a heading. Read as
    running text after the head or deck line it is cut from (a title's column tag,
    （来信综述·面对疫情，我们怎么做③）, in a dump without blank lines), it goes on with that line
    too, unless it reads as a credit, a source or a jump note."""
    for i in range(1, len(roles)):
        u = units[i]
        if u.origin != "tail":
            continue
        if roles[i] == "B-head":
            if roles[i - 1] in ("B-head", "I-head", "subhead"):
                roles[i] = "subhead" if roles[i - 1] == "subhead" else "I-head"
            else:
                roles[i] = _likeliest(ROLES_OTHER, i, marginal)
        elif (roles[i] == "body" and roles[i - 1] in ("B-head", "I-head", "subhead") and u.line == units[i - 1].line
              and not u.flat and not feats[i] & _NOTE_CUES):
            roles[i] = "subhead" if roles[i - 1] == "subhead" else "I-head"


def _a_notice_is_signed_and_dated(units, roles, feats, marginal) -> None:
    """A notice (公告, 通报, 启事) is signed and dated at its end: a line that is a date alone
    closes it (the 3 of the labelled pages: rmrb-16, seed 003), and the signature right above
    it and the date are no heading lines (read as a title over a deck held out)."""
    for i in range(1, len(roles)):
        if "datealone" not in feats[i] or units[i].flat:
            continue
        for k in (i - 1, i):
            if roles[k] in STACK_ROLES:
                roles[k] = _likeliest(("body", "closing"), k, marginal)


FLAT_NOTE_TITLE_MAX = 20
"""The longest piece of a flattened page that a writer's mark makes a title: the 3 titles after
one in the labelled pages are of 9-13 characters, the editor's note that goes on with its story
(按此係京師友人十二日所發函…情形云) of 41; no title piece of the unpunctuated pages is longer
than 18."""


def _a_closing_note_ends_a_story(units, roles, feats, marginal) -> None:
    """A story's closing note (a sign, a source or jump note, a notice's date) ends it:
    title-shaped lines right after it that the model read as running text open the next story
    (14 of the 14 title-shaped lines after a note in the labelled pages are a heading's first
    line, and 2 of 2 after a notice's date; in a flattened page, after a writer's mark, 3 of 4,
    the fourth an editor's note)."""
    n = len(roles)
    for i in range(1, n):
        closing = roles[i - 1] in ("sign", "source", "jump") or "datealone" in feats[i - 1]
        if not closing or roles[i] not in ("body", "summary") or units[i].flat and (
                roles[i - 1] != "sign" or len("".join(units[i].text.split())) > FLAT_NOTE_TITLE_MAX):
            continue
        if not _titleish(feats[i]):
            continue
        roles[i] = "B-head"
        _title_goes_on(units, roles, feats, i + 1, ("body",))
