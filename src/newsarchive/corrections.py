"""Editors' corrections from a sidecar, applied after parsing.

A sidecar ``NAME.yaml`` may list corrections under ``articles:``. Each entry finds its article
by a raw line number the article owns (``line: 26``, stable across parser changes because it
points into the raw text) or by the parsed headline (``match: 党史学习教育…``), then sets any
of ``headline, kicker, subheadline, byline, authors, source, kind`` and adds an editor's
``note``. Two structural hints fix segmentation: ``split: true`` starts a new article at
``line``, and ``merge: true`` joins the article holding ``line`` to the one before it.

Corrections never touch the raw text; the article page shows what an editor changed. A
correction that matches nothing, or is malformed, is a warning naming the sidecar line, and
the rest of the page goes on.
"""

from __future__ import annotations

import math

from .errors import Diagnostic, Severity, quote
from .model import KINDS, Article, Paragraph, ParsedFile
from .parse.text import key

FIELDS = ("headline", "kicker", "subheadline", "byline", "source", "kind")
LABELS = {"headline": "标题", "kicker": "引题", "subheadline": "副题", "byline": "署名", "authors": "作者",
          "source": "来源", "kind": "体裁", "split": "拆分", "merge": "合并"}
KNOWN = set(FIELDS) | {"authors", "line", "match", "note", "split", "merge", "_line"}


def apply_corrections(pf: ParsedFile, entries: object, sidecar: str) -> list[Diagnostic]:
    """Apply the sidecar's ``articles:`` corrections to ``pf`` in place; return diagnostics."""
    diags: list[Diagnostic] = []
    if entries is None:
        return diags
    if not isinstance(entries, list):
        return [_warn(sidecar, 0, "`articles:` must be a list of corrections",
                      "write one `- line: N` (or `- match: 标题`) entry per article")]
    # structural hints first (by line number, which they never invalidate), then field fixes
    ordered = sorted(
        (e for e in entries if isinstance(e, dict)),
        key=lambda e: (0 if e.get("split") else 1 if e.get("merge") else 2, e.get("_line", 0)),
    )
    for entry in entries:
        if not isinstance(entry, dict):
            diags.append(_warn(sidecar, 0, f"a correction must be a mapping, not {quote(entry)}",
                               "write `- line: 26` and the fields to set, one per line"))
    for entry in ordered:
        diags.extend(_apply_one(pf, entry, sidecar))
    return diags


def _apply_one(pf: ParsedFile, entry: dict, sidecar: str) -> list[Diagnostic]:
    line = entry.get("_line", 0)
    unknown = sorted(str(k) for k in entry if k not in KNOWN)
    if unknown:
        shown = ", ".join(unknown)
        return [_warn(sidecar, line, f"unknown correction field(s): {shown[:80] + ('…' if len(shown) > 80 else '')}",
                      f"known: {', '.join(sorted(KNOWN - {'_line'}))}")]
    if "line" in entry and not isinstance(entry["line"], str) and line_number(entry["line"]) is None:
        return [_warn(sidecar, line, f"`line` must be a raw line number (a whole number from 1), not "
                      f"{_yaml_number(entry['line'])}", "write the number of the raw line, e.g. line: 26")]
    if entry.get("split"):
        return _split(pf, entry, sidecar, line)
    if entry.get("merge"):
        return _merge(pf, entry, sidecar, line)
    art = _find(pf, entry)
    if art is None:
        what = f"line {entry['line']}" if "line" in entry else f"headline {quote(entry.get('match'))}"
        return [_warn(sidecar, line, f"correction matches no article ({what})",
                      "the page changed or the parser now reads it differently: check the line number "
                      "or headline, or delete this correction")]
    return _set_fields(art, entry, sidecar, line)


def _find(pf: ParsedFile, entry: dict) -> Article | None:
    if "line" in entry:
        no = line_number(entry["line"])
        if no is None:
            return None
        for art in pf.articles:
            if no in art.lines:
                return art
        return None
    if "match" in entry:
        want = key(str(entry["match"]))
        for art in pf.articles:
            if want and key(art.headline) == want:
                return art
    return None


def _set_fields(art: Article, entry: dict, sidecar: str, line: int) -> list[Diagnostic]:
    diags: list[Diagnostic] = []
    changed: list[str] = []
    for name in FIELDS:
        if name not in entry:
            continue
        value = entry[name]
        if value is not None and not isinstance(value, str):
            diags.append(_warn(sidecar, line, f"`{name}` must be text", f"quote it: {name}: \"{quote(value)}\""))
            continue
        if name == "kind" and value not in KINDS:
            diags.append(_warn(sidecar, line, f"unknown kind {quote(value)}", f"use one of {', '.join(KINDS)}"))
            continue
        if getattr(art, name) != value:
            setattr(art, name, value)
            changed.append(LABELS[name])
    if "authors" in entry:
        value = entry["authors"]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            diags.append(_warn(sidecar, line, "`authors` must be a list of names", "write authors: [王茵, 夏景明]"))
        elif value != art.authors:
            art.authors = list(value)
            changed.append(LABELS["authors"])
    note = entry.get("note")
    text = "编者更正" + ("（" + "、".join(changed) + "）" if changed else "")
    if isinstance(note, str) and note.strip():
        text += "：" + note.strip()
    if changed or note:
        art.corrections.append(text)
    return diags


def _split(pf: ParsedFile, entry: dict, sidecar: str, line: int) -> list[Diagnostic]:
    no = line_number(entry.get("line"))
    if no is None:
        return [_warn(sidecar, line, "`split` needs the raw line where the new article starts", "add `line: N`")]
    for i, art in enumerate(pf.articles):
        k = next((j for j, p in enumerate(art.paragraphs) if p.lines and p.lines[0] == no), None)
        if k is None:
            continue
        if k == 0:
            return [_warn(sidecar, line, f"line {no} already starts an article's body", "delete this split")]
        new = Article(kind=art.kind, first_line=no)
        new.paragraphs, art.paragraphs = art.paragraphs[k:], art.paragraphs[:k]
        moved = {n for p in new.paragraphs for n in p.lines}
        tail = [n for n in art.lines if n > max(moved)]  # end notes printed after the moved text
        new.lines = sorted(moved | set(tail))
        art.lines = [n for n in art.lines if n not in new.lines]
        taken = set(new.lines)
        new.spans = [sp for sp in art.spans if sp[0] in taken]
        art.spans = [sp for sp in art.spans if sp[0] not in taken]
        for attr in ("continued", "source_note", "credit"):
            if getattr(art, attr) and tail:
                setattr(new, attr, getattr(art, attr))
                setattr(art, attr, None)
        pf.articles.insert(i + 1, new)
        for other in pf.articles:
            other.figures = [f + 1 if f > i else f for f in other.figures]
        new.corrections.append("编者更正（拆分）：此篇由编者从上一篇中分出")
        _set_fields(new, {k: v for k, v in entry.items() if k not in ("line", "split")}, sidecar, line)
        return []
    return [_warn(sidecar, line, f"`split` at line {no}: no body paragraph starts on that line",
                  "give the raw line number where the new article's first paragraph begins")]


def _merge(pf: ParsedFile, entry: dict, sidecar: str, line: int) -> list[Diagnostic]:
    art = _find(pf, entry)
    if art is None:
        return [_warn(sidecar, line, f"`merge`: no article holds line {quote(entry.get('line'))}",
                      "check the line number")]
    i = pf.articles.index(art)
    prev = next((pf.articles[j] for j in range(i - 1, -1, -1) if pf.articles[j].kind != "photo"), None)
    if prev is None:
        return [_warn(sidecar, line, "`merge`: there is no article before this one", "delete this merge")]
    if art.headline:  # printed where the merged story went on: a subhead inside the story
        prev.paragraphs.append(Paragraph(art.headline, [art.first_line or (art.lines or [0])[0]], role="subhead"))
    prev.paragraphs.extend(art.paragraphs)
    prev.lines = sorted(set(prev.lines) | set(art.lines))
    prev.spans = prev.spans + art.spans
    for attr in ("continued", "source_note", "credit", "source"):
        if getattr(art, attr) and not getattr(prev, attr):
            setattr(prev, attr, getattr(art, attr))
    prev.authors += [a for a in art.authors if a not in prev.authors]
    j = pf.articles.index(art)
    del pf.articles[j]
    for other in pf.articles:
        other.figures = [f - 1 if f > j else f for f in other.figures if f != j]
    prev.corrections.append("编者更正（合并）：下一篇被编者并入此篇")
    return []


def line_number(value: object) -> int | None:
    """A raw line number as a sidecar may write it (26, "26", 26.0); None for anything else
    (.inf, -3, true, a list)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            return None
        value = int(value)
    elif isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit() and len(text) <= 12):
            return None
        value = int(text)
    if not isinstance(value, int) or value < 1:
        return None
    return value


def _yaml_number(value: object) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
    return quote(value)


def _warn(sidecar: str, line: int, message: str, hint: str) -> Diagnostic:
    return Diagnostic(Severity.WARNING, sidecar, line, message, hint, code="correction")
