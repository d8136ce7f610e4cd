"""A crawl saved as fields: what each field's label says its value is.

Crawled news is often saved as labelled fields rather than as the page printed it: lines of
``标题：…`` / ``作者：…`` / ``来源：…`` / ``正文：`` (with the text under it), or a JSON object
(``{"title": "…", "author": "…", "content": "…\\n…"}``, one key to a line or the whole object on
one). The labels say outright what each value is, as a Markdown ``#`` says a line is a heading,
so the parser takes them at their word (``decode.FIELD_ROLES``) instead of asking the role
model about a layout it has never seen.

A page is read as fields only where a field labels a title with a value (``crawl_form``): a
notice's own ``时间：3月20日`` / ``内容：…`` lines are its text. Each field gives the pieces of
its raw line (``pieces``): (start, end, text, mark), the label and the JSON quoting owned with
the value, so the lossless proof holds; a JSON value's escapes (``\\n``, ``\\"``, ``\\u4e2d``)
are read, and a text value is cut into its paragraphs at its ``\\n``.
"""

from __future__ import annotations

import json
import re

from ..model import Line

FIELDS = {
    "fhead": "标题|標題|题目|題目|主标题|主標題|大标题|大標題|title|headline",
    "fkicker": "引题|引題|肩题|肩題|kicker|overline",
    "fsub": "副标题|副標題|副题|副題|subtitle|subheadline|subhead",
    "fby": "作者|记者|記者|撰稿|撰文|通讯员|通訊員|author|authors|byline|reporter|writer",
    "fsum": "摘要|导语|導語|内容提要|內容提要|summary|abstract|description|lead",
    "fbody": "正文|内容|內容|content|text|body|article",
    "ffurn": "来源|來源|出处|出處|稿源|发布时间|發佈時間|發布時間|发表时间|發表時間|发布日期|發佈日期|发表日期|"
             "發表日期|日期|时间|時間|版次|版面|版名|栏目|欄目|频道|頻道|关键词|關鍵詞|责任编辑|責任編輯|编辑|編輯|"
             "责编|責編|链接|鏈接|网址|網址|url|source|date|time|published|publish_time|pubdate|page|section|"
             "category|channel|tags|keywords|editor|id|link",
}
"""The fields by the mark their value gets: a headline, a kicker, a deck, a byline, a summary,
running text, or the page's furniture (the source site, the time, the page, the editor). JSON
keys are matched without regard to case; a key not listed is furniture."""
_FIELD_OF = {k: mark for mark, keys in FIELDS.items() for k in keys.split("|")}
_CHINESE_KEYS = "|".join(sorted((k for k in _FIELD_OF if not k.isascii()), key=len, reverse=True))
LABELLED = re.compile(
    r"^[\s\u3000]*[【\[]?(?P<key>" + _CHINESE_KEYS + r")[】\]]?[ \t\u3000]*[:：][ \t\u3000]*(?P<value>.*?)\s*$")
"""A labelled line: ``标题：…``, ``【作者】：…``."""
JSON_PAIR = re.compile(r'"(?P<key>[^"\\\n]{1,40})"\s*:\s*(?:"(?P<value>(?:[^"\\\n]|\\.)*)"|(?P<other>[^,{}\[\]"\n]+))')
"""A JSON key with its value: a string (escapes kept) or a number, ``true``, ``null``."""
_TITLE_WORDS = ("标题", "標題", "题目", "題目", '"title"', '"headline"', '"Title"', '"Headline"')
_LABEL_FIRST = set("【[") | {k[0] for k in _FIELD_OF if not k.isascii()}
_ESCAPED_BREAK = re.compile(r"(?:\\r)?\\n")


def mark_of(key: str) -> str:
    """The mark a field's value gets (furniture for a key not listed)."""
    return _FIELD_OF.get(key.strip().lower(), "ffurn")


def crawl_form(lines: list[Line]) -> str:
    """``"labelled"`` (``标题：…`` lines) or ``"json"`` when a field of the page labels a title
    with a value; ``""`` for every other page."""
    page = "\n".join([ln.text for ln in lines])
    words = [w for w in _TITLE_WORDS if w in page]
    if not words:
        return ""  # nearly every page: no word of a title's label anywhere (one search a word)
    for ln in lines:
        t = ln.text
        if not any(w in t for w in words):
            continue
        m = LABELLED.match(t)
        if m and _FIELD_OF[m.group("key")] == "fhead" and m.group("value"):
            return "labelled"
        for p in JSON_PAIR.finditer(t) if '"' in t else ():
            if mark_of(p.group("key")) == "fhead" and p.group("value"):
                return "json"
    return ""


def _unescaped(value: str) -> str:
    try:
        return json.loads(f'"{value}"')
    except ValueError:
        return value


def pieces(raw: str, form: str) -> list[tuple[int, int, str, str]] | None:
    """A field line's pieces (start, end, text, mark), covering the line from its first to its
    last character that is not white space; ``None`` for a line that holds no field."""
    if form == "labelled":
        if raw.lstrip(" \t\u3000")[:1] not in _LABEL_FIRST:
            return None
        m = LABELLED.match(raw)
        if not m:
            return None
        s, e = _solid(raw, 0, len(raw))
        value = m.group("value").strip()
        mark = _FIELD_OF[m.group("key")]
        if not value:
            mark = "ftext" if mark in ("fbody", "fsum") else "ffurn"
        whole = mark in ("fby", "ffurn", "ftext")  # a byline and furniture as printed: 作者：张三
        return [(s, e, raw[s:e].strip() if whole else value, mark)]
    if form != "json":
        return None
    pairs = list(JSON_PAIR.finditer(raw))
    if not pairs:
        return None
    out: list[tuple[int, int, str, str]] = []
    first, last = _solid(raw, 0, len(raw))
    for k, p in enumerate(pairs):
        start = p.start() if k else first
        end = _solid(raw, start, pairs[k + 1].start() if k + 1 < len(pairs) else last)[1]
        mark = mark_of(p.group("key"))
        value = p.group("value")
        if value is None or not value.strip():
            out.append((start, end, raw[start:end], "ffurn" if mark != "fbody" else "ftext"))
            continue
        if mark in ("fby", "ffurn"):
            out.append((start, end, f"{p.group('key')}: {_unescaped(value)}" if mark == "ffurn" else
                        _unescaped(value), mark))
            continue
        # the value's paragraphs, at its escaped line breaks; the quoting goes with the first and last
        v0 = p.start("value")
        cuts = [v0] + [v0 + b.end() for b in _ESCAPED_BREAK.finditer(value)]
        for j, a in enumerate(cuts):
            b = cuts[j + 1] if j + 1 < len(cuts) else p.end("value")
            text = _unescaped(_ESCAPED_BREAK.sub("", raw[a:b])).strip()
            lo = start if j == 0 else a
            hi = end if j + 1 == len(cuts) else b
            if text:
                out.append((lo, hi, text, mark))
            elif out and out[-1][1] == lo:  # an empty paragraph's escapes go with the one before
                out[-1] = (out[-1][0], hi, out[-1][2], out[-1][3])
            else:
                out.append((lo, hi, raw[lo:hi], "ffurn"))
    return out


def _solid(raw: str, s: int, e: int) -> tuple[int, int]:
    """``raw[s:e]`` without the white space at its ends."""
    while s < e and raw[s].isspace():
        s += 1
    while e > s and raw[e - 1].isspace():
        e -= 1
    return s, e
