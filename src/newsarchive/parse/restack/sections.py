"""Checks on section heads inside a story and on a summary box between a story's headings and its
running text."""

from __future__ import annotations

from ..features import titleish as _titleish
from ..units import summary_label
from .shapes import STACK_ROLES


def _a_section_head_in_running_text(units, roles, feats, marginal) -> None:
    """A title-shaped line outside a heading stack right over a title-shaped line of running
    text is running text itself (12 of 12 in the labelled pages, 3 files: section heads of a
    story, 河  北 / 树立导向、强化激励，…, and a notice's contact lines): a one-line title there
    that the model gives less than half its probability is running text."""
    for i in range(len(roles) - 1):
        if (roles[i] == "B-head" and roles[i + 1] == "body" and not units[i].flat and _titleish(feats[i + 1])
                and (i == 0 or roles[i - 1] not in STACK_ROLES) and marginal("B-head", i) < 0.5):
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
