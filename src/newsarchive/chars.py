"""Which characters may reach the output: those XML 1.0 allows.

XML forbids the C0 controls other than tab, line feed and carriage return, the surrogates and
U+FFFE/U+FFFF; one of them in a headline makes a feed or the sitemap not well-formed. They
are not text (a damaged dump, a stray NUL byte), so they are removed where text enters the
build (decoded files, sidecar and site.yaml values), each time with a diagnostic naming the
line, and nothing else changes.
"""

from __future__ import annotations

import re

XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def describe(ch: str) -> str:
    """``U+0000`` for a character that has no glyph."""
    return f"U+{ord(ch):04X}"


def strip_invalid(text: str) -> tuple[str, list[int], set[str]]:
    """(``text`` without XML-invalid characters, the offsets of the first few removed,
    the distinct characters removed)."""
    first = XML_INVALID.search(text)
    if first is None:
        return text, [], set()
    offsets: list[int] = []
    found: set[str] = set()
    for m in XML_INVALID.finditer(text, first.start()):
        if len(offsets) < 3:
            offsets.append(m.start())
        found.add(m.group())
        if len(found) > 8 and len(offsets) >= 3:
            break
    return XML_INVALID.sub("", text), offsets, found


def strip_value(value: object) -> tuple[object, int]:
    """A YAML value (str, list, dict, scalars) with XML-invalid characters removed from
    every string in it; and how many strings changed. Iterative: no recursion limit."""
    changed = 0

    def clean(s: str) -> str:
        nonlocal changed
        if XML_INVALID.search(s) is None:
            return s
        changed += 1
        return XML_INVALID.sub("", s)

    if isinstance(value, str):
        return clean(value), changed
    root = [value]
    stack: list[tuple[object, object]] = [(root, 0)]
    while stack:
        holder, key = stack.pop()
        item = holder[key]
        if isinstance(item, str):
            holder[key] = clean(item)
        elif isinstance(item, list):
            stack.extend((item, i) for i in range(len(item)))
        elif isinstance(item, dict):
            for k in list(item):
                v = item.pop(k)
                nk = clean(k) if isinstance(k, str) else k
                item[nk] = v
                stack.append((item, nk))
    return root[0], changed
