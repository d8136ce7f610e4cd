"""Checks on a heading stack: which of its lines is the kicker, the title, its next line or the
deck, and which is a column's label."""

from __future__ import annotations

import re

from ..features import HAN, titleish as _titleish
from ..text import reading
from ..units import SPEAKER_VERBS, Unit
from .shapes import (
    HEAD_ROLES, ROLES_OTHER, STACK_ROLES, _CLAUSE, _DATELINE_CUES, _OPENERS, _likeliest, _same_column,
    _solid, _title_goes_on,
)


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


def _one_clause_title_line(u: Unit, f: frozenset[str]) -> bool:
    """A printed title-shaped line of one clause (no comma, semicolon or colon) that opens with
    no dash and no bracket: what a main title looks like where a deck would not (the decks of
    the labelled pages open with a dash or are sentences of two clauses)."""
    return (not u.flat and "subdash" not in f and _titleish(f) and not _CLAUSE.search(u.text)
            and not u.text.lstrip().startswith(_OPENERS))


def _a_one_clause_deck_under(units, roles, feats, marginal, i: int) -> bool:
    """``_a_one_clause_deck_is_the_title`` for the title line ``i``: whether it was the kicker
    or label of the deck under it, which is now the title."""
    nxt = units[i + 1]
    if (roles[i] == "B-head" and roles[i + 1] == "subhead" and (i == 0 or roles[i - 1] not in STACK_ROLES)
            and not units[i].flat and not nxt.mark and _one_clause_title_line(nxt, feats[i + 1])
            and _same_column(units[i], nxt)):
        roles[i] = _likeliest(("column", "kicker"), i, marginal)
        roles[i + 1] = "B-head"
        return True
    return False


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
        if (roles[i] != "subhead" or roles[i + 1] != "byline" or roles[i - 1] not in HEAD_ROLES
                or not _one_clause_title_line(u, feats[i]) or not _same_column(units[i - 1], u)
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
        _title_goes_on(units, roles, feats, i + 2, ("body",), column=u)


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
