"""Heading structure checked against the role model: what the model's roles and marginals
say once a heading's shape is taken into account (``restack``), applied to every tagging.

The model labels each unit from its features and its neighbours'; these checks look at a whole
heading stack (the title-shaped units above a dateline or a story) and at the notes printed
after a story, where a convention of newspapers settles what one unit's neighbourhood cannot.
Each check is one function below, run in the order of ``CHECKS``; its docstring says what it
decides and how often the labelled pages bear it out, and each was kept only where
``benchmarks/parse_eval.py`` moved and no source fell (``benchmarks/RESULTS.md``, "Heading
structure checked against the model's marginals" and the sections after it). Every check gets
the units, the roles so far, the features (a set per unit) and ``marginal(role, i)`` (the
model's P(role) for unit ``i``), and changes roles in place.
"""

from __future__ import annotations

import re

from .features import FURNITURE, HAN, PAPER_NAME, WEEKDAY_DATE
from .features import titleish as _titleish
from .text import reading
from .bylines import JUMP_FROM
from .facts import PAGE_LINE, PAGE_NO
from .units import JUMP_NOTE, SPEAKER_VERBS, Unit, summary_label

HEAD_ROLES = ("B-head", "I-head")
STACK_ROLES = ("kicker", "B-head", "I-head", "subhead", "column")
ROLES_OTHER = ("body", "byline", "sign", "source", "jump", "credit", "caption", "furn", "summary", "closing", "other")
"""The roles outside a heading stack (the trained labels: captions and bodies are not split B-/I-)."""


def restack(units: list[Unit], roles: list[str], feats: list[list[str]], marginal,
            trace: list[str] | None = None) -> list[str]:
    """The model's roles after every check of ``CHECKS``, in order. With ``trace`` (a list as
    long as ``units``), each unit a check changed gets that check's name (the last one's)."""
    # the checks ask whether a unit has a feature many times a unit: a set answers that at once,
    # where a unit's list of some 60 features is scanned to its end for every feature it lacks
    feats = [frozenset(f) for f in feats]
    for check in CHECKS:
        before = list(roles) if trace is not None else None
        check(units, roles, feats, marginal)
        if trace is not None:
            for i, (a, b) in enumerate(zip(before, roles)):
                if a != b:
                    trace[i] = check.__name__.strip("_").replace("_", " ")
    return roles


def _likeliest(choices, i: int, marginal) -> str:
    """The role among ``choices`` the model gives unit ``i`` the most probability."""
    return max(choices, key=lambda r: marginal(r, i))


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


def _title_goes_on(units, roles, feats, k: int, read_as: tuple[str, ...]) -> None:
    """The title-shaped lines from ``k`` on, read as one of ``read_as``, are the title's next
    lines, down to the first that names its writer (its byline, as the writer- and
    officials-line checks read it)."""
    while k < len(roles) and roles[k] in read_as and _titleish(feats[k]) and not units[k].flat:
        if _a_writers_own_line(units[k]):
            roles[k] = "byline"
            return
        roles[k] = "I-head"
        k += 1


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


def _a_title_passes_the_title_rule(units, roles, feats, marginal) -> None:
    """A heading's main title is a line the title rule accepts: a unit labelled head that the
    rule rejects (two clauses, a full stop inside: a summary deck printed above a dateline)
    gives the head to the title-shaped unit of its heading stack (or the one right above it)
    that the model finds likeliest to be a head, and becomes its deck (or its kicker, when it
    stands above it)."""
    n = len(roles)
    for i in range(n):
        if roles[i] not in HEAD_ROLES or units[i].flat or "ts=-" not in feats[i]:
            continue
        a = i
        while a > 0 and roles[a - 1] in STACK_ROLES:
            a -= 1
        b = i
        while b + 1 < n and roles[b + 1] in STACK_ROLES:
            b += 1
        lo = a - 1 if a > 0 and a == i and roles[a - 1] not in ("body", "byline") else a
        cands = [k for k in range(max(lo, 0), b + 1) if k != i and _titleish(feats[k])]
        if not cands:
            continue
        k = max(cands, key=lambda k: marginal("B-head", k) + marginal("I-head", k))
        roles[k] = "B-head"
        roles[i] = "subhead" if i > k else "kicker"


def _no_full_stop_in_a_title(units, roles, feats, marginal) -> None:
    """A heading's line never ends with a full stop (none of the labelled pages' 290-odd
    heading lines does): a unit read as a head that does (据统计，…平稳。 over a dateline) is a
    sentence, and takes the likeliest role outside a heading."""
    n = len(roles)
    for i in range(n):
        if (roles[i] in HEAD_ROLES and not units[i].flat and reading(units[i].text).rstrip().endswith("。")
                and (i + 1 == n or roles[i + 1] != "I-head")):
            roles[i] = _likeliest(ROLES_OTHER, i, marginal)


def _a_kicker_needs_a_title(units, roles, feats, marginal) -> None:
    """A kicker stands over a title: one with none under it before the story begins (a dateline
    or running text after only decks, summaries or labels) is the title (rmrb-06's data briefs,
    152亿美元  1月份我国外汇储备增长, read as a kicker over their deck)."""
    n = len(roles)
    for i in range(n):
        if roles[i] != "kicker" or units[i].flat or not _titleish(feats[i]):
            continue
        j = i + 1
        while j < n and roles[j] in ("kicker", "column", "subhead", "summary"):
            j += 1
        if j < n and roles[j] not in HEAD_ROLES and roles[j] in ("byline", "body"):
            roles[i] = "B-head"


def _a_summary_before_the_dateline_is_a_deck(units, roles, feats, marginal) -> None:
    """One paragraph labelled summary between a title and its dateline is the title's deck: the
    labelled pages have decks there, never a summary box (those stand after a dateline or
    before running text)."""
    for i in range(1, len(roles) - 1):
        if roles[i] == "summary" and roles[i - 1] in HEAD_ROLES and roles[i + 1] == "byline":
            roles[i] = "subhead"


def _a_title_over_a_title_labels_it(units, roles, feats, marginal) -> None:
    """A one-line title does not stand right over the start of another title (once in the 62
    heading stacks of the labelled pages): unless the model gives it more than half its
    probability, it is the label of the title below (a column label such as 新闻速递) or its
    kicker, whichever the model finds likelier; so is one with a column's tag (数读, 新闻速递,
    社論) whatever the model's probability (8 of 8 such lines over a title in the labelled pages
    are labels or kickers)."""
    for i in range(len(roles) - 1):
        if (roles[i] == "B-head" and roles[i + 1] in ("B-head", "kicker") and not units[i].flat
                and (marginal("B-head", i) < 0.5 or "coltag" in feats[i])):
            roles[i] = _likeliest(("column", "kicker"), i, marginal)


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


def _a_one_clause_deck_is_the_title(units, roles, feats, marginal) -> None:
    """A deck printed without a dash right under a heading's one title line (nothing of the
    stack above it) is the title when it is one clause (no comma, semicolon or colon) and does
    not open with a bracket: the line above is its kicker or column label, whichever the model
    finds likelier. In the labelled pages such two-line stacks (not flattened) are a kicker or
    column label over the title 21 times and a title over a deck 4 times, each of those a
    summary of two clauses (rmrb-08); no title-shaped line that opens with a bracket is a
    heading's title (0 of 28: notes, numbers, column names). The two lines open at the same
    place, as one column's lines do (``_same_column``)."""
    for i in range(len(roles) - 1):
        _a_one_clause_deck_under(units, roles, feats, marginal, i)


def _a_one_clause_deck_under(units, roles, feats, marginal, i: int) -> bool:
    """``_a_one_clause_deck_is_the_title`` for the title line ``i``: whether it was the kicker
    or label of the deck under it, which is now the title."""
    nxt = units[i + 1]
    if (roles[i] == "B-head" and roles[i + 1] == "subhead" and (i == 0 or roles[i - 1] not in STACK_ROLES)
            and not units[i].flat and not nxt.flat and not nxt.mark and "subdash" not in feats[i + 1]
            and _same_column(units[i], nxt) and _titleish(feats[i + 1]) and not _CLAUSE.search(nxt.text)
            and not nxt.text.lstrip().startswith(_OPENERS)):
        roles[i] = _likeliest(("column", "kicker"), i, marginal)
        roles[i + 1] = "B-head"
        return True
    return False


def _a_section_head_in_running_text(units, roles, feats, marginal) -> None:
    """A title-shaped line outside a heading stack right over a title-shaped line of running
    text is running text itself (12 of 12 in the labelled pages, 3 files: section heads of a
    story, 河  北 / 树立导向、强化激励，…, and a notice's contact lines): a one-line title there
    that the model gives less than half its probability is running text."""
    for i in range(len(roles) - 1):
        if (roles[i] == "B-head" and roles[i + 1] == "body" and not units[i].flat and _titleish(feats[i + 1])
                and (i == 0 or roles[i - 1] not in STACK_ROLES) and marginal("B-head", i) < 0.5):
            roles[i] = "body"


def _a_byline_is_followed_by_its_story(units, roles, feats, marginal) -> None:
    """What follows a byline is its story's running text (100 of the 101 units right after a
    byline in the labelled pages; the other is a summary box's label): a one-line title there,
    over running text, that the model gives less than half its probability is running text (a
    work report's first section label, 项目背景, under its writer's line)."""
    for i in range(1, len(roles) - 1):
        if (roles[i] == "B-head" and roles[i - 1] == "byline" and roles[i + 1] == "body" and not units[i].flat
                and marginal("B-head", i) < 0.5):
            roles[i] = "body"


SECTION_HEAD_MAX = 30
"""The longest line read as a section head inside a story (the labelled pages' are 4-25 characters)."""


def _section_heads_go_on(units, roles, feats, marginal) -> None:
    """A story that has section heads (title-shaped lines between paragraphs of its running
    text, read as running text) goes on under the next one: a one-line title the model reads
    after them, with running text under it and no byline, is the story's next section head. In
    the labelled pages 33 title-shaped lines sit between paragraphs of a story; of the titles
    printed after such a story, 6 open theirs with a byline or dateline and 1 does not (a
    notice), so a title there with no byline is another section head (seed 001's
    用真情传递党的声音 让红色精神熠熠发光, the third of three parallel heads, read as a title)."""
    n = len(roles)
    heads = False
    for i in range(1, n - 1):
        role = roles[i]
        if role == "byline":
            heads = False
        elif role == "body":
            if (roles[i - 1] == "body" and roles[i + 1] == "body" and not units[i].flat
                    and len(units[i].text) <= SECTION_HEAD_MAX and _titleish(feats[i])):
                heads = True
        elif role == "B-head":
            if (heads and roles[i + 1] == "body" and roles[i - 1] == "body" and not units[i].flat
                    and len(units[i].text) <= SECTION_HEAD_MAX):
                roles[i] = "body"
            else:
                heads = False
        elif role in STACK_ROLES:
            heads = False


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


def _a_title_shaped_line_under_a_title_is_its_deck(units, roles, feats, marginal) -> None:
    """A title-shaped printed line right under a title, read as the story's first paragraph,
    is the title's deck: none of the 77 title-shaped lines right under a title line in the
    labelled pages is running text (46 are bylines, 13 decks, 8 the title's next line), and held
    out 人民日报's decks (春节期间全国交通平稳有序，口岸…, a notice's number ［十三届］第五号)
    opened the stories they head. (Deck, not the title's next line: given the choice by the
    model's marginals, the held-out 人民日报 pages lost 0.037 of headline F1 to titles run on.)
    A deck so found under a shorter one-line title is the title when it is one clause
    (``_a_one_clause_deck_is_the_title``), the line over it a kicker or label, and the
    title-shaped line under it, if any, the deck (rmrb-20's 春节期间 / 银联网络交易超万亿 /
    消费升级特征显著): of the two-line stacks of the labelled pages whose second line is one
    clause with no dash and longer than the first, all 18 are a kicker or label over a title."""
    n = len(roles)
    for j in range(1, n):
        if (roles[j] != "body" or roles[j - 1] not in HEAD_ROLES or units[j].flat or not units[j].first
                or not _titleish(feats[j]) or j + 1 < n and roles[j + 1] in STACK_ROLES):
            continue
        roles[j] = "subhead"
        if _solid(units[j - 1].text) < _solid(units[j].text):
            _a_one_clause_deck_under(units, roles, feats, marginal, j - 1)


def _solid(text: str) -> int:
    """Characters of a text, white space not counted."""
    return len("".join(text.split()))


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


def _a_dash_lead_in_inside_a_story_heads_a_section(units, roles, feats, marginal) -> None:
    """Inside a story, a line ending in a dash over a title-shaped line that running text
    follows, with no dateline or byline (规模春耕—— / 全程机械化补上农业生产重要短板 / “社员分红…),
    is a section of that story, not a kicker over a new story's title: so are the 3 such pairs in
    the labelled pages, and all 9 dash kickers over a title after running text have a byline or
    the title's next line under the title."""
    n = len(roles)
    for i in range(1, n - 2):
        if not (roles[i - 1] == "body" and "kickdash" in feats[i] and not units[i].flat
                and roles[i] in ("kicker", "B-head", "body") and roles[i + 1] in ("B-head", "I-head", "body")
                and (roles[i], roles[i + 1]) != ("body", "body") and _titleish(feats[i + 1])
                and not units[i + 1].flat and roles[i + 2] == "body" and "dl" not in feats[i + 2]
                and "dl_pre" not in feats[i + 2]):
            continue
        roles[i] = roles[i + 1] = "body"


def _a_summary_boxs_label_and_its_paragraph(units, roles, feats, marginal) -> None:
    """A summary box's label on a line of its own (核心阅读) and the paragraph under it are the
    box, display text outside the story's running text, whatever the model reads them as (it
    has never been trained on a box: held out, it read the label as running text or a byline).
    Both boxes of the labelled pages are so (rmrb-03, -04); rmrb-03's holds a second paragraph
    that nothing in the text sets apart from the story under it (no break, no mark), so only
    the first is read as the box. Heading lines right under the box, over running text with no
    dateline, are the story's first section head (rmrb-04's 河  北 / 树立导向、强化激励，…)."""
    n = len(roles)
    for i in range(n - 1):
        u = units[i]
        if u.flat or not u.first or not summary_label(u.text):
            continue
        roles[i] = "summary"
        k = i + 1
        if roles[k] in ("body", "byline") and not _titleish(feats[k]) and "dl" not in feats[k]:
            roles[k] = "summary"
            k += 1
        # the box stands between a story's headings and its running text: heading-shaped lines
        # right under it (河  北 / 树立导向、强化激励，…) open a section of that story, unless a
        # dateline or byline under them opens a story of their own
        j = k
        while j < n and roles[j] in STACK_ROLES and not units[j].flat:
            j += 1
        if j > k and j < n and roles[j] == "body" and "dl" not in feats[j] and "dl_pre" not in feats[j]:
            for m in range(k, j):
                roles[m] = "body"


COUPLET = re.compile(r"^([\u4e00-\u9fff“”「」‘’]{2,12})[\s\u3000\xa0]+([\u4e00-\u9fff“”「」‘’]{2,12})$")
"""A line of two phrases set apart by white space (轻松种田 科学种田, 规范市场秩序 净化文化环境)."""


def _a_couplet_over_a_title_line_is_its_kicker(units, roles, feats, marginal) -> None:
    """A couplet (two phrases of as many characters, set apart by a space: 轻松种田 科学种田) read
    as a title's first line, over a title-shaped line read as its second that opens with no
    dash or bracket, is the kicker over the title: a couplet is a whole line of verse, which a
    title does not break off to go on. In the labelled pages, of the couplets over another
    heading line, the 4 over a title-shaped line are kickers (rmrb-03, seed 001's three); the
    others stand over a dash deck (3) or a column's tag in brackets (2)."""
    for i in range(len(roles) - 1):
        u, nxt = units[i], units[i + 1]
        if (roles[i] != "B-head" or roles[i + 1] != "I-head" or u.flat or nxt.flat
                or not _same_column(u, nxt) or not _titleish(feats[i + 1])
                or nxt.text.lstrip().startswith(_OPENERS) or "subdash" in feats[i + 1]):
            continue
        m = COUPLET.match(u.text.strip())
        if m and len(m[1]) == len(m[2]):
            roles[i], roles[i + 1] = "kicker", "B-head"


def _a_one_clause_line_over_a_dateline_is_the_title(units, roles, feats, marginal) -> None:
    """A line read as a deck right over a story's dateline or reporter's line, under a title
    line, is the title when it is one clause with no dash (成来电气获国家第四批“专精特新”“小巨人”
    企业称号 over 本报讯(记者尹雪)), the line over it a column's label or kicker: of the 13 decks
    right over a byline in the labelled pages, 6 open with a dash and 6 are sentences of two
    clauses or more; the 13th, one clause, is the title (seed 004, under its column's label)."""
    for i in range(1, len(roles) - 1):
        u = units[i]
        if (roles[i] != "subhead" or roles[i + 1] != "byline" or roles[i - 1] not in HEAD_ROLES or u.flat
                or "subdash" in feats[i] or not _titleish(feats[i]) or _CLAUSE.search(u.text)
                or u.text.lstrip().startswith(_OPENERS) or not _same_column(units[i - 1], u)
                or not feats[i + 1] & _DATELINE_CUES):
            continue
        roles[i] = "B-head"
        roles[i - 1] = _likeliest(("column", "kicker"), i - 1, marginal)


def _a_dash_kicker_after_a_break_opens_a_story(units, roles, feats, marginal) -> None:
    """A printed line of Han text ending in a dash (天津滨海新区——, 在疫情防控工作中，各地多措并举
    激励担当作为——) that opens the page or stands after a break (more blank lines than the
    page's usual), over a title-shaped line, is a story's kicker and that line its title, even
    where the model reads both as running text: so are all 12 such lines of the labelled pages
    (11 kickers and an umbrella's label; the 3 dash lead-ins read as running text, section
    heads of a story, follow its running text without a break). The title's next title-shaped
    lines in the same column before a break, a column's tag or a summary box (网上审批 / 不误生产)
    go on with it. (Each line opens where the kicker's does: a line of the next column, as a
    dump of columns side by side interleaves them, is not the title's.)"""
    n = len(roles)
    for i in range(n - 1):
        u, f = units[i], feats[i]
        if (roles[i] != "body" or "kickdash" not in f or u.flat or not u.first or not u.last
                or i and "gap=brk" not in f or roles[i + 1] != "body" or units[i + 1].flat
                or not _titleish(feats[i + 1]) or not _same_column(u, units[i + 1])
                or not HAN.search(u.text.rstrip().rstrip("—-–")[-1:] or "")):
            continue
        roles[i], roles[i + 1] = "kicker", "B-head"
        k = i + 2
        while (k < n and roles[k] == "body" and _titleish(feats[k]) and not units[k].flat
               and _same_column(u, units[k]) and "gap=brk" not in feats[k] and "coltag" not in feats[k]):
            if _a_writers_own_line(units[k]) or _byline_cue(feats[k], units[k].text):
                roles[k] = "byline"  # 靳 博 马 坤: the story's writers under its title
                break
            roles[k] = "I-head"
            k += 1


def _a_title_over_a_kicker_labels_a_column(units, roles, feats, marginal) -> None:
    """A one-line title right over a kicker that stands over a title is the label of the column
    or page the story is in, not a title of its own (聚焦补齐思想观念短板 推动辽源高质量转型发展 /
    柴伟到经济开发区调研…时强调 / 加快“双升”步伐…): every heading line right over a kicker in the
    labelled pages is a column's label (5 of 5; 3 of them over a kicker over a title). A kicker
    leads into the title under it; nothing leads into a kicker."""
    n = len(roles)
    for i in range(n - 2):
        if roles[i] != "B-head" or roles[i + 2] != "B-head" or i and roles[i - 1] in STACK_ROLES:
            continue
        # a kicker as the model reads it, or as its typography says (a speaker's verb or a dash
        # at its end: ``decode.dash_roles`` makes it the kicker)
        lead_in = roles[i + 1] == "kicker" or roles[i + 1] == "I-head" and (
            "kickdash" in feats[i + 1] or units[i + 1].text.rstrip().endswith(SPEAKER_VERBS))
        if lead_in:
            roles[i] = "column"


UNPUNCTUATED_SHARE = 0.5
"""A flattened page is set in unpunctuated (classical) text when at least this share of its
long pieces of Han text holds no sentence mark: 申報 1906 0.83, 1887 1.00; every other labelled
page and flattened variant 0.33 or less (申報 1949 0.07, 人民日报 0 to 0.33, the seeds 0.04 to 0.11)."""


_HAN_RUN = re.compile(HAN.pattern + "+")


def _han_count(text: str) -> int:
    """``len(HAN.findall(text))``, the Han characters of a text, counted by their runs (a
    string a run instead of one a character: a flattened page's pieces are long Han text)."""
    return sum(map(len, _HAN_RUN.findall(text)))


def _a_short_piece_between_unpunctuated_stories_is_a_title(units, roles, feats, marginal) -> None:
    """On a flattened page of unpunctuated text (late-Qing papers: no 。 in the news, so every
    piece is title-shaped), a piece of 4-20 characters, not in brackets, less than half as long
    as the pieces on either side of it, is a title: so are the 9 such pieces of the two such
    labelled pages (申報 1906 and 1887), and held out the model read 1906's as running text
    (本館接各大臣人朝日期專電十八日申刻到, 練兵處因秋操事切電卾督武昌, 訪求小說)."""
    n = len(units)
    if not any(u.flat for u in units):
        return  # (most pages: no line was flattened)
    sizes = [len("".join(u.text.split())) for u in units]
    long = [i for i in range(n) if units[i].flat and sizes[i] > 30
            and _han_count(units[i].text) >= 0.8 * sizes[i]]
    if len(long) < 5:
        return
    bare = sum(1 for i in long if not any(m in units[i].text for m in "。！？!?"))
    if bare < UNPUNCTUATED_SHARE * len(long):
        return
    for i in range(1, n - 1):
        u = units[i]
        if (roles[i] != "body" or not u.flat or not 4 <= sizes[i] <= 20 or not _titleish(feats[i])
                or any(b in u.text for b in "（(〔【")):
            continue
        if sizes[i] * 2 < sizes[i - 1] and sizes[i] * 2 < sizes[i + 1]:
            roles[i] = "B-head"


def _a_series_label_is_a_heading_line(units, roles, feats, marginal) -> None:
    """The piece of a heading line before a series label's colon (保护环境,为城市添绿系列评论之一:
    / 栽树是前提 活树是关键, cut apart as ``origin="colon"``), read as running text while the
    piece after it is read as a heading line (a title or a kicker), is a heading line too, the
    kicker: so it is in 3 of the 3 such lines of the labelled pages (2 kickers over the title;
    a photo's place label that begins its title, 镇赉「南湖」: / 一池荷花送清凉, which the
    decoder joins into the photo's title as it does kicker lines over a credit), and held out
    it was read as the last words of the story above, which then ended with the next story's
    label. (Made the title when the piece after it is read as a kicker, the photo's title
    came out as its second piece alone.)"""
    for i in range(len(roles) - 1):
        if (roles[i] in ("body", "summary") and units[i + 1].origin == "colon"
                and units[i + 1].line == units[i].line and roles[i + 1] in ("B-head", "I-head", "kicker")):
            roles[i] = "kicker"


def _a_colon_line_is_a_kicker(units, roles, feats, marginal) -> None:
    """A short printed line ending with a colon between running text and a title-shaped line
    is that title's kicker (国网白城供电公司: / 主动服务保供电 点亮城市夜经济): so are the 3 such
    lines of the labelled pages (seeds 000 and 004; the 3 over a caption cue, 图片说明：, are
    furniture, and a caption cue is no title line), and held out they were read as running
    text, so the story above ran on into the next one's heading."""
    n = len(roles)
    for i in range(1, n - 1):
        if roles[i] != "body" or roles[i - 1] != "body":
            continue
        t = units[i].text.rstrip()
        if (t.endswith((":", "：")) and len(t) <= 24
                and not units[i].flat and units[i].first and units[i].last and _titleish(feats[i + 1])
                and "capcue" not in feats[i + 1] and not units[i + 1].flat
                and roles[i + 1] in ("body", "B-head", "I-head", "kicker", "subhead")):
            roles[i] = "kicker"
            roles[i + 1] = "B-head"
            _title_goes_on(units, roles, feats, i + 2, ("body", "I-head"))


def _page_furniture(units, roles, feats, marginal) -> None:
    """A printed line that opens with a page-production credit (版式设计：, 制图：, 数据来源：,
    稿件统筹：, 责任编辑：) is furniture: the 9 of the labelled pages (5 files) are, and held out
    the model read 版式设计：蔡华伟 as the last line of the story above it; so is a short line
    printing the issue's facts (总第8381期 今日4版, a date with its weekday, after the paper's name or
    not), in a masthead or an
    inner page's header (12 of 12 in the labelled pages; an inner page's header, 2021年2月27日
    星期六 第2版 时政 责任编辑:…, was read as the first story's column label); and so is any
    such line with a furniture cue (``features.FURNITURE``: a news site's 来源：… | 发布时间：…,
    a copyright, a web address) and not in brackets (（来源：吉林日报） after a story is its source
    note): 316 of 316 in the labelled pages (3 sources). A line that holds
    only a page's number and name (A6 生活, 城市新闻 3) next to such furniture is the page's
    header too, and one that says 版 (第4版(体育), as the 人民日报 database prints a page's head)
    wherever it stands (no labelled page prints either: test pages show them read as the first
    kicker or title)."""
    for i in range(len(roles)):
        if roles[i] == "furn" or not units[i].first or units[i].flat:
            continue
        f, text = feats[i], units[i].text
        if text[:1] in _PRODUCTION_FIRST and PRODUCTION.match(text) or (
                "sn=0" in f and len(text) <= 64
                and ("mast" in f or "wkdate" in f and _dated_header(text)
                     or "furn" in f and "inbr" not in f and FURNITURE.search(text))):
            roles[i] = "furn"
    for i in range(len(roles)):  # a page's number and name (A6 生活) beside its header or masthead
        if roles[i] == "furn" or not units[i].first or units[i].flat or len(units[i].text) > PAGE_LINE_MAX:
            continue  # (a page's number and name, or a folio, is a short line)
        text = units[i].text
        beside = i > 0 and roles[i - 1] == "furn" or i + 1 < len(roles) and roles[i + 1] == "furn"
        m = PAGE_LINE.match(text) if beside or "版" in text else None  # (asked only where it can count)
        if m and (beside or m.group("b") or m.group("d")):
            roles[i] = "furn"  # (第4版(体育) says what it is; A6 生活 needs the header beside it)
            k = i + 1  # the page's name in brackets, cut from the number as a note: 第4版 / (体育)
            while k < len(roles) and units[k].line == units[i].line and PAGE_NAME.match(units[k].text):
                roles[k] = "furn"
                k += 1
        elif text.lstrip()[:1] in _FOLIO_FIRST and FOLIO.match(text):  # - 2 -: a page's number at its head or foot
            roles[i] = "furn"


PAGE_LINE_MAX = 24
"""The longest line read as a page's number and name or as a folio (第 3 版 and a name of six
characters, with room for spaces)."""
PAGE_NAME = re.compile(r"^\s*[（(][\u4e00-\u9fff]{1,6}[）)]\s*$")
"""A page's name in brackets after its number: (体育)."""
FOLIO = re.compile(r"^\s*[-—–－]\s*\d{1,3}\s*[-—–－]\s*$")
"""A page's number alone between dashes, as a PDF's running head or foot prints it: - 2 -."""
_FOLIO_FIRST = "-—–－"
"""What ``FOLIO`` opens with after white space (a cheap test before the pattern)."""


def _bracketed(text: str) -> bool:
    """Whether ``JUMP_FROM`` or ``JUMP_NOTE`` can match ``text`` whole: each is a note in
    brackets (a cheap test before the patterns: most short units are titles and labels)."""
    return "（" in text or "(" in text


MAST_CUES = frozenset(("mast", "wkdate", "date", "datealone", "papername"))
"""Features that say a unit prints the issue's facts: a masthead's."""
FLAT_MASTHEAD_SPAN = 40
"""How many pieces from a flattened page's start its masthead may run to."""


def _a_flattened_pages_masthead(units, roles, feats, marginal) -> None:
    """A page flattened into one line keeps its masthead at its start, cut at its spaces into
    pieces (吉D微视 | LIAO | YUAN | RI | BAO | 2020年7月6日 | 星期一 | … | 总第8064期 | 今日4版 |
    国内统一刊号:CN22-0010 | … | <http://www.0437.com>): the pieces before the first running
    text or dateline, up to the last one with a masthead's or furniture's cue, are the masthead,
    when one of them prints the issue's facts (a date, 总第N期, 今日N版, the paper's name). Read one
    by one, its pinyin, weekday and site name were titles. (No flattened labelled page has a
    masthead: the 申報 pages open with a story; seeds 002 and 003 flattened show the case.)"""
    if not units or not units[0].flat:
        return
    last, facts = -1, False
    for i in range(min(len(units), FLAT_MASTHEAD_SPAN)):
        f = feats[i]
        if not units[i].flat or "dl" in f or "dl_pre" in f or "sn=0" not in f:
            break
        if MAST_CUES.intersection(f):
            facts, last = True, i
        elif roles[i] == "furn" or "furn" in f:
            last = i
    if facts:
        for i in range(last + 1):
            roles[i] = "furn"


def _dated(text: str) -> bool:
    """A line that opens with a date and its weekday, or with the paper's name and then them
    (聯合報 2023年3月6日 星期一)."""
    text = text.lstrip()
    m = WEEKDAY_DATE.search(text)
    return m is not None and (m.start() == 0 or PAPER_NAME.match(text[:m.start()].strip()) is not None)


def _dated_header(text: str) -> bool:
    """A date with its weekday that opens the line (``_dated``), or anywhere in a line that also
    holds a page's number or a production credit: an inner page's header in any order
    (2 要闻 2021年10月22日 星期五 责任编辑：王丽)."""
    return _dated(text) or PAGE_NO.search(text) is not None or PRODUCTION.search(text) is not None


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


def _a_notice_title_is_a_heading(units, roles, feats, marginal) -> None:
    """A title-shaped printed line that names a notice (…公告, …通报) is a heading (3 of 3,
    rmrb-16 and seed 003; held out seed 003's two were read as running text). Notices are a
    genre of every Chinese paper, but the labelled pages hold only these, and the gain held out
    is one file's (seed 003)."""
    for i in range(len(roles)):
        if (roles[i] == "body" and "notice" in feats[i] and _titleish(feats[i]) and not units[i].flat
                and units[i].first and units[i].last):
            roles[i] = "B-head"


def _a_column_tag_over_a_title_labels_it(units, roles, feats, marginal) -> None:
    """A title-shaped printed line with a column's tag (新闻特写, 数读, 速览, 社論) right over a
    title line is that title's column label or kicker: the 8 such lines of the labelled pages
    (rmrb-04, -06 to -10, 申報 1949, seed 003) all are; read as running text, it ended the story
    above it. (Read as a title, the check over a title labels it, above, decides.)"""
    for i in range(len(roles) - 1):
        if (roles[i] == "body" and "coltag" in feats[i] and _titleish(feats[i]) and not units[i].flat
                and units[i].first and units[i].last and roles[i + 1] in ("B-head", "kicker")):
            roles[i] = _likeliest(("column", "kicker"), i, marginal)


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


CHECKS = (
    _titles_over_a_dateline,
    _a_writer_line_is_a_byline,
    _an_officials_line_is_a_byline,
    _a_dateline_opens_its_story,
    _a_title_passes_the_title_rule,
    _no_full_stop_in_a_title,
    _a_kicker_needs_a_title,
    _a_summary_before_the_dateline_is_a_deck,
    _a_title_over_a_title_labels_it,
    _a_credit_is_a_credit,
    _running_text_over_a_credit_is_its_caption,
    _a_one_clause_deck_is_the_title,
    _a_section_head_in_running_text,
    _a_byline_is_followed_by_its_story,
    _section_heads_go_on,
    _a_byline_needs_a_cue,
    _closing_notes,
    _a_colon_line_is_a_kicker,
    _a_series_label_is_a_heading_line,
    _a_title_shaped_line_under_a_title_is_its_deck,
    _another_dispatch_under_the_same_title,
    _a_short_piece_between_unpunctuated_stories_is_a_title,
    _a_dash_lead_in_inside_a_story_heads_a_section,
    _a_summary_boxs_label_and_its_paragraph,
    _a_dash_kicker_after_a_break_opens_a_story,
    _a_couplet_over_a_title_line_is_its_kicker,
    _a_one_clause_line_over_a_dateline_is_the_title,
    _a_title_over_a_kicker_labels_a_column,
    _page_furniture,
    _a_flattened_pages_masthead,
    _a_jump_note_names_a_page,
    _a_caption_cue_is_a_caption,
    _a_cut_tail_opens_no_heading,
    _a_notice_is_signed_and_dated,
    _a_notice_title_is_a_heading,
    _a_column_tag_over_a_title_labels_it,
    _a_closing_note_ends_a_story,
)
"""The checks, in the order they run (a later one sees what the earlier ones decided)."""


PRODUCTION = re.compile(
    r"(?:版式设计|版式設計|版式|制图|製圖|数据来源|數據來源|资料来源|資料來源|稿件统筹|稿件統籌|责任编辑|責任編輯|责编|責編|"
    r"美编|美編|校对|校對)\s*[:：]"
)
"""A page's production credits: who laid it out, drew its charts, edited it, where its figures
come from. Furniture of the page, in no story: the 9 such lines of the labelled pages (5 files)
are all furniture."""
_PRODUCTION_FIRST = frozenset("版制製数數资資稿责責美校")
"""The characters ``PRODUCTION`` can open with (it is matched at a line's start)."""
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

