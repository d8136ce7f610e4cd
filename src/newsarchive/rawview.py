"""The raw-text view of one page file: its lines, numbered and anchored, with each piece of
text marked by the item that owns it. Pure: the caller gives the decoded text.

The page (``raw.html``) shows every line as printed, in the script it was printed in (the
view exists once, never converted); line ``n`` has the anchor ``#Ln`` and an article's range
``#L26-L62`` is an anchor too, so an article links to exactly its lines, as a code host
does. Each unit of a line (what the parser read as one thing: a headline, a dateline, a
paragraph) is an element of its own, carrying the number of the item it belongs to; the
text between units is left bare. So a stylesheet can mark an article's own text inside
lines it shares with others. Each unit also carries the role the parser gave it and the
model's probability for that role (``data-role``, ``data-p``: what ``parse --explain``
prints) in the pages ``serve`` builds, which show them; the published site leaves them out (an editor sees why a page was
cut where it was, and which cuts the model was unsure of).
"""

from __future__ import annotations

import re

from .model import ParsedFile
from .sources import split_lines

# Characters common in running text that exist in one script only (the pairs of each other):
# enough to tell a page printed in Traditional characters (申報) from a Simplified one.
_HANT_ONLY = set("們這個來為國會說時對後過發學實現當從點與體長開問關應經將進種動員區業義議書記黨")
_HANS_ONLY = set("们这个来为国会说时对后过发学实现当从点与体长开问关应经将进种动员区业义议书记党")


_HANT_CHAR = re.compile("[" + "".join(sorted(_HANT_ONLY)) + "]")
_HANS_CHAR = re.compile("[" + "".join(sorted(_HANS_ONLY)) + "]")


def script_lang(text: str) -> str:
    """``zh-Hant`` when the text is mostly printed in Traditional characters, else ``zh-Hans``
    (counted by the regex engine: a Python loop over every character of every page file cost
    a tenth of rendering its raw view)."""
    hant = len(_HANT_CHAR.findall(text))
    hans = len(_HANS_CHAR.findall(text))
    return "zh-Hant" if hant > hans else "zh-Hans"


ROLE_NAMES = {
    "B-head": "标题", "I-head": "标题（续行）", "kicker": "引题", "subhead": "小标题", "column": "栏目",
    "summary": "提要", "byline": "署名", "body": "正文", "sign": "落款", "closing": "文末说明",
    "source": "来源", "jump": "转版说明", "caption": "图片说明", "credit": "图片署名",
    "furn": "版面杂项（报头、页眉）", "other": "其他",
}
"""What the raw view's key calls each role of the role model (``parse/roles.py``); a role a
retrained model adds and this table lacks is shown by its own name."""


def role_key(roles: list[str]) -> list[dict]:
    """The key of the roles used on a page, in the order of ``ROLE_NAMES``."""
    order = list(ROLE_NAMES)
    used = sorted(set(roles), key=lambda r: (order.index(r) if r in order else len(order), r))
    return [{"role": r, "name": ROLE_NAMES.get(r, r)} for r in used]


def raw_view(pf: ParsedFile, text: str, owners: dict[int, int], roles: bool = True) -> dict:
    """The view ``raw.html`` renders. ``owners`` maps ``id(record)`` of each article of ``pf``
    (figures included) to the number of the item it is shown in; blocks (masthead, page
    furniture, text the parser could not place) are marked by their kind.

    Returns ``{lang, lines: [{no, anchors, parts}], ranges: [{id, first, last, numbers}]}``: a
    part is ``{text, unit, item, block}`` (``unit`` False for the text between units), a range
    is an item's first and last line (``#L26-L62``) and the items that have exactly that
    range; ``anchors`` are the ids of the ranges that start on the line. A unit's part also
    has ``role`` and ``p`` (the parser's role for the unit holding it, and its probability).
    With ``roles`` false (the published build; ``serve`` passes true) units are not cut where
    the parser's roles change, ``role`` and ``p`` are empty and there is no key of roles."""
    marks: dict[int, list[tuple[int, int, int, str]]] = {}  # line -> (start, end, item, block)
    ranges: dict[tuple[int, int], list[int]] = {}
    figures = {f for art in pf.articles for f in art.figures}
    for i, art in enumerate(pf.articles):
        number = owners.get(id(art), 0)
        for line, start, end, _n in art.spans:
            marks.setdefault(line, []).append((start, end, number, ""))
        if number and art.lines and i not in figures:
            ranges.setdefault((art.lines[0], art.lines[-1]), []).append(number)
    for blk in pf.blocks:
        for line, start, end, _n in blk.spans:
            marks.setdefault(line, []).append((start, end, 0, blk.kind))
    cuts: dict[int, set[int]] = {}
    by_line: dict[int, list[tuple[int, int, str, float]]] = {}
    for line, start, end, role, p in (pf.roles if roles else ()):
        cuts.setdefault(line, set()).update((start, end))
        by_line.setdefault(line, []).append((start, end, role, p))
    spans = [{"id": f"L{a}-L{b}", "first": a, "last": b, "numbers": items} for (a, b), items in sorted(ranges.items())]
    starts: dict[int, list[str]] = {}
    for r in spans:
        starts.setdefault(r["first"], []).append(r["id"])
    lines = [{"no": ln.no, "anchors": starts.get(ln.no, []),
              "parts": _parts(ln.text, marks.get(ln.no, []), cuts.get(ln.no, set()), by_line.get(ln.no, []),
                              merge=not roles)}
             for ln in split_lines(text)]
    return {"lang": script_lang(text), "lines": lines, "ranges": spans,
            "roles": role_key([r[3] for r in pf.roles]) if roles else []}


def _parts(text: str, marks: list[tuple[int, int, int, str]], cuts: set[int],
           roles: list[tuple[int, int, str, float]] = (), merge: bool = False) -> list[dict]:
    """The line cut into pieces: one for each unit (cut again where a record's span ends
    inside it), and one for the text between units. ``merge``: adjacent units of one item (or
    one block) are one piece (the published view marks items, not units)."""
    if not marks:
        return [{"text": text, "unit": False, "item": 0, "block": "", "role": "", "p": ""}] if text else []
    n = len(text)
    edges = {0, n} | {x for s, e, _, _ in marks for x in (s, e)} | cuts
    points = sorted(e for e in edges if 0 <= e <= n)
    out: list[dict] = []
    for a, b in zip(points, points[1:]):
        owner = next(((item, blk) for s, e, item, blk in marks if s <= a and b <= e), None)
        if owner is None:
            if out and not out[-1]["unit"]:
                out[-1]["text"] += text[a:b]
            else:
                out.append({"text": text[a:b], "unit": False, "item": 0, "block": "", "role": "", "p": ""})
        elif merge and out and out[-1]["unit"] and (out[-1]["item"], out[-1]["block"]) == owner:
            out[-1]["text"] += text[a:b]
        else:
            role, p = next(((r, q) for s, e, r, q in roles if s <= a and b <= e), ("", None))
            out.append({"text": text[a:b], "unit": True, "item": owner[0], "block": owner[1],
                        "role": role, "p": "" if p is None else f"{p:.2f}"})
    return out
