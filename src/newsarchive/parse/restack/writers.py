"""Checks on who wrote a story: datelines and reporters' lines under a title, writers' lines
(文/张三), officials' lines, a byline's cues, and more dispatches under one title."""

from __future__ import annotations

from ..features import titleish as _titleish
from .shapes import (
    HEAD_ROLES, SHORT_LINE_MAX, STACK_ROLES, _a_short_printed_line, _byline_cue, _office_line,
    _title_over_a_byline, _title_shaped, _writer_line,
)


def _titles_over_a_dateline(units, roles, feats, marginal) -> None:
    """Title-shaped lines read as running text right over a dateline (〔本報青島廿四日電〕), or
    over a line that names a reporter set apart by spaces with no sentence mark (本报记者 王茵),
    are its heading, and that line its byline: so they are in 89 of the 90 cases in the
    labelled pages (the 90th a summary line), and a dateline inside a story follows its running
    text. (Spaces, not mere shortness: running text broken at a column's width puts 记者 in
    short pieces too.) The same over a deck that opens with a dash and that the model reads as
    a deck: such a deck follows a title line in 7 of 7 cases (5 files)."""
    n = len(roles)
    for j in range(1, n):
        if roles[j - 1] != "body" or roles[j] not in ("body", "byline", "B-head", "I-head", "subhead"):
            continue
        if not _title_shaped(feats[j - 1]):
            continue  # running text: most units
        f = feats[j]
        deck = roles[j] == "subhead" and "subdash" in f and not units[j].flat
        if not (deck or "dl" in f or "rep" in f and "sn=0" in f and any(x.startswith("sp=") for x in f)):
            continue
        a = j
        while a > 0 and roles[a - 1] == "body" and _titleish(feats[a - 1]):
            a -= 1
        if a == j:
            continue
        roles[a] = "B-head"
        for k in range(a + 1, j):
            roles[k] = "I-head"
        if not deck:
            roles[j] = "byline"


def _a_writer_line_is_a_byline(units, roles, feats, marginal) -> None:
    """A line that credits the writer as features print it (文/张三 图/李四, 作者：王五) is the
    byline of the title over it, not a title or running text: the model, which learned bylines
    from datelines and reporter words (记者, 通讯员), has no cue in it (no labelled page prints
    one). A title-shaped line right over it that no heading line precedes is its title."""
    for i, u in enumerate(units):
        # (``_a_short_printed_line``, written out: it is asked of every unit of the page)
        if u.flat or not u.first or len(u.text) > SHORT_LINE_MAX or not _writer_line(u.text):
            continue
        roles[i] = "byline"
        _title_over_a_byline(units, roles, feats, i)


def _an_officials_line_is_a_byline(units, roles, feats, marginal) -> None:
    """A line that names its writer by office and name (辽源市文联党组书记、主席 苏勃), printed
    under a title, is the byline of a signed article (署名文章), as a reporter's line is: the
    model, which learned bylines from datelines and reporter words, has no cue in it (the one
    such line of the labelled pages, seed 002's, was read as running text or as a second
    kicker). A title-shaped line right over it that no heading line precedes is its title."""
    for i in range(1, len(roles)):
        # (the role over it first: most units are not under a heading line, and asking that
        # needs no call)
        if roles[i - 1] not in STACK_ROLES or roles[i] in ("byline", "furn"):
            continue
        u = units[i]
        if not _a_short_printed_line(u) or not _office_line(u.text.strip()):
            continue
        roles[i] = "byline"
        _title_over_a_byline(units, roles, feats, i)


def _a_dateline_opens_its_story(units, roles, feats, marginal) -> None:
    """What follows a dateline that opens a story (本报北京2月20日电, 中央社南京電, 本报讯(记者
    X)) is that story's running text, never a heading: so it is after all 105 such units of the
    labelled pages (3 sources; a dateline printed in brackets after its story, （据新华社…电）,
    is not one of them). A unit read as a heading there is running text (申報 1949's brief
    column: 中央社南京電 / 總統…公佈之, with no full stop, read as a title), and a line of the
    heading it seemed to begin is the heading of the next story."""
    n = len(roles)
    for i in range(n - 1):
        f = feats[i]
        if "dl" not in f or "dl_br" in f or roles[i + 1] not in STACK_ROLES:
            continue
        roles[i + 1] = "body"
        if i + 2 < n and roles[i + 2] == "I-head":
            roles[i + 2] = "B-head"


def _a_byline_is_followed_by_its_story(units, roles, feats, marginal) -> None:
    """What follows a byline is its story's running text (100 of the 101 units right after a
    byline in the labelled pages; the other is a summary box's label): a one-line title there,
    over running text, that the model gives less than half its probability is running text (a
    work report's first section label, 项目背景, under its writer's line)."""
    for i in range(1, len(roles) - 1):
        if (roles[i] == "B-head" and roles[i - 1] == "byline" and roles[i + 1] == "body" and not units[i].flat
                and marginal("B-head", i) < 0.5):
            roles[i] = "body"


def _a_byline_needs_a_cue(units, roles, feats, marginal) -> None:
    """A byline carries a cue (a dateline, a reporter word, names set apart by spaces or
    brackets, a credit or source note: all 104 in the labelled pages do); a title-shaped line
    labelled byline with none, right under a head line, is a line of that title: under a
    one-line title, the title under a kicker or its second line, whichever the model finds
    likelier (P(kicker) of the line above against P(I-head) of this one); a line in brackets
    (a column's name: (今日谈), (来信综述…)) is always the title's next line."""
    for i in range(len(roles)):
        if (roles[i] != "byline" or i == 0 or roles[i - 1] not in HEAD_ROLES or units[i].flat
                or not _titleish(feats[i]) or _byline_cue(feats[i], units[i].text)):
            continue
        if roles[i - 1] == "B-head" and (i < 2 or roles[i - 2] not in STACK_ROLES) and "inbr" not in feats[i] and (
                marginal("kicker", i - 1) >= marginal("I-head", i)):
            roles[i - 1], roles[i] = "kicker", "B-head"
        else:
            roles[i] = "I-head"


def _another_dispatch_under_the_same_title(units, roles, feats, marginal) -> None:
    """A dateline that opens a dispatch right after the running text of a story under a title
    (本报北京2月10日电 （记者陆娅楠） after the first dispatch under 春运迎来返程客流高峰) is
    another dispatch under that title, as the papers print an umbrella heading: 22 of the 22
    such datelines in the labelled pages (人民日报 5, 申報 17), while under a column's label
    with no title (申報's 要聞簡報) each dateline opens a brief of its own (2 of 2). Read as a
    byline, it opened a headless story; as running text, its reporters join the story's
    authors (``parse._finish``). The story's first dateline stays its byline, also under a
    lead paragraph read as running text (rmrb-20's summary before 本报北京2月11日电)."""
    for i in range(1, len(roles)):
        if roles[i] != "byline" or roles[i - 1] != "body" or "dl" not in feats[i]:
            continue
        k = i - 1
        dispatched = False  # a dispatch's dateline already under the title: this is another
        while k >= 0 and roles[k] in ("body", "byline", "summary"):
            dispatched = dispatched or roles[k] == "byline"
            k -= 1
        if dispatched and k >= 0 and roles[k] in ("B-head", "I-head", "subhead"):
            roles[i] = "body"
