"""What kind of item an article is: news, commentary, feature, notice, photo or other.

Each rule is a convention of the Chinese press, checked in order:
a notice has a notice title (…公告, …通报) or is a box of contact details with no byline;
a commentary is signed by a 评论员, sits in a 评论 series, or is an unsigned short reprint;
a feature carries a 纪实 / 侧记 / 探索 / 特写 subheadline or a signed post-and-name byline;
news opens with a dateline (本报讯 …).
"""

from __future__ import annotations

import re

from ..model import Article
from . import bylines

NOTICE_TITLE = re.compile(r"(?:公告|通告|通报|通知|启事|声明|公示|告知书|倡议书|公开信)$")
CONTACT = re.compile(r"电话|地址|邮箱|举报|热线|信箱")
COMMENT_MARK = re.compile(r"评论|短评|时评|社论|论坛|观察|随笔|漫谈|杂谈")
FEATURE_SUB = re.compile(r"(?:纪实|侧记|纪事|特写|专访|访谈|探索|见闻|巡礼|手记|记)(?:[(（][^()（）]{1,4}[)）])?$")


def classify_kind(art: Article) -> str:
    if art.kind == "photo":
        return "photo"
    headline = art.headline or ""
    body = "".join(art.body)
    if NOTICE_TITLE.search(headline):
        return "notice"
    if not art.byline and len(CONTACT.findall(body)) >= 2:
        return "notice"
    if art.byline and "评论员" in art.byline:
        return "commentary"
    if COMMENT_MARK.search(art.kicker or "") or (art.subheadline or "").startswith("论"):
        return "commentary"
    if FEATURE_SUB.search(art.subheadline or ""):
        return "feature"
    if art.byline and bylines.dateline(art.byline):
        return "news"
    if art.byline and bylines.post_byline(art.byline):
        return "feature"
    if art.source and not art.byline and len(body) < 1200:
        return "commentary"
    if art.byline and len(body) > 1500:
        return "feature"
    if headline and body:
        return "news"
    return "other"
