"""Small text helpers: the dump's markup, comparison keys, complete sentences.

The original characters are never changed in place: ``markup()`` gives a line's inline markup
for display (heading marks and picture-label cells removed, the rest sanitised later by the
renderer), and ``key()`` builds a normalised comparison key that is used for matching, never
for display.
"""

from __future__ import annotations

import re
import unicodedata

HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
BOLD_INLINE = re.compile(r"\*\*(.+?)\*\*")
# An HTML tag: a name made of letters/digits, then attributes; `<http://…>` autolinks don't match.
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_WS = re.compile(r"\s+")
# A table cell holding only the label of a picture (a QR code, a photo) stands for the image.
IMAGE_LABEL = re.compile(r"^(?:二维码|扫码关注|图片|照片|图|插图|【图】|\[图\])$")

_HALF_STOP = re.compile(r"\.(?<=[\u3400-\u9fff\uf900-\ufaff”’」』）)%％]\.)(?![A-Za-z.．])")
"""A half-width full stop that ends a Chinese sentence (as some OCR engines and PDF text layers
print every mark half-width): after a Han character, a closing mark or a per cent sign (so not
a decimal point), and not followed by a Latin letter or another dot (so not a domain name,
an abbreviation or an ellipsis). (The look-behind stands after the dot, so the regex engine
skips from dot to dot instead of trying every position.)"""


_WIDE_ALNUM = str.maketrans(
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ",
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_WIDE_ANY = re.compile("[０-９Ａ-Ｚａ-ｚ]")


def reading(text: str) -> str:
    """The text as the parser's cues read it, character for character (same length, same
    offsets): full-width digits and Latin letters as ASCII ones (``２０２１年`` is a year, as
    OCR engines often print it), and a sentence's half-width full stop as ``。`` (a page
    printed with half-width marks has the same cues as one printed with full-width ones; the
    other half-width marks are in the cue sets already). Only the cues read this; the records
    keep the text as printed."""
    if _WIDE_ANY.search(text):
        text = text.translate(_WIDE_ALNUM)
    return _stops(text)


def _stops(text: str) -> str:
    """The text with a sentence's half-width full stop read as ``。`` (see ``reading``)."""
    return _HALF_STOP.sub("。", text) if "." in text else text


def readings(texts: list[str]) -> list[str]:
    """``[reading(t) for t in texts]``, the full-width test made once for all of them (a
    page's units, most of which hold no full-width digit or letter: one scan of the page
    instead of a call and a scan per unit)."""
    if _WIDE_ANY.search("\n".join(texts)):
        return [reading(t) for t in texts]
    return [_stops(t) for t in texts]


# Characters after which a paragraph is complete. A line ending in anything else was cut.
CLOSERS = set("。！？!?…”」』）)】〕》;；:：.")


def heading_level(raw: str) -> int:
    """A markdown heading line (``## 标题``) has a level from 1 to 6; other lines have 0."""
    m = HEADING.match(raw)
    return len(m.group(1)) if m and m.group(2) else 0


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


def ends_complete(text: str) -> bool:
    """A paragraph is complete when it ends with a closing mark (。！？” …); otherwise it was cut."""
    t = text.rstrip()
    return bool(t) and t[-1] in CLOSERS
