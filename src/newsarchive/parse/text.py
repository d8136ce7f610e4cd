"""Small text helpers shared by the line rules: markup removal and comparison keys.

The original characters are never changed in place: ``plain()`` only removes markup that a
dump tool added (markdown heading marks, ``**`` bold, HTML tags, table tabs), and ``key()``
builds a normalised comparison key that is used for matching, never for display.
"""

from __future__ import annotations

import html
import re
import unicodedata

HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)(.+?)(?:\*\*|__)\s*$")
BOLD_INLINE = re.compile(r"\*\*(.+?)\*\*")
# An HTML tag: a name made of letters/digits, then attributes; `<http://…>` autolinks don't match.
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
TABLE_RULE = re.compile(r"^[\s|:：\-—–=+]*$")
_WS = re.compile(r"\s+")
# A table cell holding only the label of a picture (a QR code, a photo) stands for the image.
IMAGE_LABEL = re.compile(r"^(?:二维码|扫码关注|图片|照片|图|插图|【图】|\[图\])$")

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# Characters after which a paragraph is complete. A line ending in anything else was cut.
CLOSERS = set("。！？!?…”」』）)】〕》;；:：.")
SENTENCE_STOP = set("。！？!?；;")


def heading_level(raw: str) -> int:
    """A markdown heading line (``## 标题``) has a level from 1 to 6; other lines have 0."""
    m = HEADING.match(raw)
    return len(m.group(1)) if m and m.group(2) else 0


def is_table_rule(raw: str) -> bool:
    """A table rule such as ``--\\t--\\t---`` is layout, not text: only dashes, bars and spaces."""
    return raw.count("-") + raw.count("—") >= 3 and bool(TABLE_RULE.match(raw))


def plain(raw: str) -> str:
    """The text of a line with dump markup removed and outer space trimmed.

    Markdown heading marks, ``**bold**`` marks and HTML tags go; their inner text stays.
    Tabs (table cells) become single spaces. Everything else is kept as printed.
    """
    text = raw
    m = HEADING.match(text)
    if m:
        text = m.group(2)
    text = BOLD_INLINE.sub(r"\1", text)
    if "<" in text:
        text = HTML_TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    if "\t" in text:
        cells = [cell.strip() for cell in text.split("\t")]
        text = " ".join(c for c in cells if c and not IMAGE_LABEL.match(c))
    return text.strip().strip("\u3000\xa0").strip()


def markup(raw: str) -> str:
    """The line as inline markup for rendering: heading marks and image-label cells removed,
    ``**bold**`` and HTML tags kept (the renderer sanitises them), tabs turned into spaces.
    Returns "" when the line has no inline markup at all."""
    if "*" not in raw and "<" not in raw and "&" not in raw:
        return ""
    text = raw
    m = HEADING.match(text)
    if m:
        text = m.group(2)
    if "\t" in text:
        cells = [cell.strip() for cell in text.split("\t")]
        text = " ".join(c for c in cells if c and not IMAGE_LABEL.match(HTML_TAG.sub("", c).strip()))
    return text.strip().strip("\u3000\xa0").strip()


def key(text: str | None) -> str:
    """A comparison key: NFKC (full-width -> ASCII punctuation) with all white space removed."""
    if not text:
        return ""
    return _WS.sub("", unicodedata.normalize("NFKC", text))


def squash(text: str) -> str:
    """Collapse runs of white space to one space (NBSP and ideographic spaces included)."""
    return _WS.sub(" ", text).strip()


def ends_complete(text: str) -> bool:
    """A paragraph is complete when it ends with a closing mark (。！？” …); otherwise it was cut."""
    t = text.rstrip()
    return bool(t) and t[-1] in CLOSERS


def cjk_count(text: str) -> int:
    return len(CJK.findall(text))
