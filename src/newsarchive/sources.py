"""Raw input files: finding them, decoding their bytes and reading their sidecars.

This module is the first stage of the pipeline and owns everything that happens before the
text of a page is looked at as a newspaper:

* ``discover`` finds the ``*.txt`` files of a corpus folder (recursively, deterministically,
  without following symlinked folders) and the optional ``NAME.yaml`` sidecar beside each;
* ``decode`` turns a file's bytes into text (BOM, strict UTF-8, GB18030 or Big5, then a
  detector as last resort) and says how sure it is;
* ``split_lines`` cuts the text into numbered raw ``Line`` records (``\\r\\n``, ``\\r``, ``\\n``);
* ``read_source`` does all three for one file;
* ``load_sidecar`` reads and validates the sidecar's metadata.

It never parses article structure. Problems are reported as ``Diagnostic`` records; a file
that cannot be read at all raises ``InputError``.
"""

from __future__ import annotations

import codecs
import difflib
import math
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path, PurePosixPath

import yaml

from . import yamlsafe
from .chars import XML_INVALID, describe, strip_invalid, strip_value
from .errors import Diagnostic, InputError, Severity, quote
from .model import Line

__all__ = [
    "SIDECAR_KEYS",
    "Decoded",
    "SourceFile",
    "decode",
    "discover",
    "load_sidecar",
    "read_source",
    "split_lines",
]

# --------------------------------------------------------------------------------------
# discovery
# --------------------------------------------------------------------------------------

SIDECAR_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One raw page file of the corpus."""

    path: Path
    """Absolute path (symlinks not resolved)."""
    rel: str
    """Path relative to the corpus root with ``/`` separators (for messages and URLs)."""
    sidecar: Path | None
    """``NAME.yaml`` (or ``NAME.yml``) beside ``NAME.txt``, if there is one."""

    @property
    def sidecar_rel(self) -> str | None:
        """The sidecar's path relative to the corpus root, for its diagnostics."""
        if self.sidecar is None:
            return None
        return str(PurePosixPath(self.rel).with_name(self.sidecar.name))


FOLDER_ERRORS = frozenset({"no-corpus", "unreadable-dir"})
"""Codes of diagnostics about the corpus folder itself (not one file): a build that has one
cannot know what the corpus holds, so it publishes nothing."""


def discover(root: Path) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Find every ``*.txt`` under ``root``, sorted by ``rel``; hidden entries are skipped.

    Corpus files are regular files under ``root``. Symlinked folders are not followed (so a
    symlink loop cannot hang the walk). A symlinked file or sidecar is read only when its
    target stays inside the corpus; a link that leads out of it (to ``/etc/passwd``, to
    ``../.git/config``) is an error and the file is skipped: nothing outside the corpus is
    ever read, and ``ignore:`` cannot silence an error. A folder that cannot be read is an
    error too (``FOLDER_ERRORS``): the build then publishes nothing.
    """
    root = Path(os.path.abspath(root))
    if not root.is_dir():
        return [], [_diag(Severity.ERROR, str(root), "corpus folder not found or not a folder",
                          "check `corpus:` in site.yaml: it names the folder that holds the raw .txt files "
                          "(the previous site is left as it was)", "no-corpus")]
    found: list[SourceFile] = []
    diags: list[Diagnostic] = []
    inside = _Inside(root)

    def on_error(err: OSError) -> None:
        where = _rel(root, Path(err.filename)) if err.filename else "."
        diags.append(_diag(Severity.ERROR, where, f"cannot read folder: {err.strerror or err}",
                           "check the folder's permissions (nothing is published until the whole corpus "
                           "can be read)", "unreadable-dir"))

    for here, prefix, dirnames, folders, files in _walk(root, "", on_error):
        dirnames[:] = sorted(_keep_dirs(root, here, dirnames, diags, inside, folders))
        for name in files:
            src = _source_file(root, here / name, diags, prefix + name, files, inside)
            if src is not None:
                found.append(src)
    found.sort(key=lambda s: s.rel)
    return found, diags


def _walk(here: Path, prefix: str, on_error):
    """``os.walk(root, followlinks=False)`` (top-down: the caller prunes ``dirnames`` in place),
    yielding (folder, its path from the root with a trailing ``/``, folder names, {folder name:
    ``os.DirEntry``}, {file name: ``os.DirEntry``}). The entries answer ``is_file`` and
    ``is_symlink`` from the folder listing itself, so a file costs no system call of its own
    (``os.walk`` kept only names: three stat calls a file and a relpath a folder were half a
    second at 100k articles)."""
    try:
        with os.scandir(here) as listing:
            entries = list(listing)
    except OSError as err:
        on_error(err)
        return
    folders, files = {}, {}
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        (folders if is_dir else files)[entry.name] = entry
    dirnames = list(folders)
    yield here, prefix, dirnames, folders, files
    for name in dirnames:  # (the caller may only remove names)
        if not folders[name].is_symlink():
            yield from _walk(here / name, prefix + name + "/", on_error)


class _Inside:
    """Whether a symlink's target stays inside the corpus folder (both fully resolved)."""

    def __init__(self, root: Path):
        self.real = os.path.realpath(root)

    def __call__(self, path: Path) -> bool:
        target = os.path.realpath(path)
        return target == self.real or target.startswith(self.real.rstrip(os.sep) + os.sep)


def _outside(root: Path, path: Path, what: str) -> Diagnostic:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return _diag(Severity.ERROR, _rel(root, path),
                 f"symlinked {what} leads outside the corpus (to {quote(target)}); not read",
                 "copy the file into the corpus if it belongs there; a link may only point inside the corpus",
                 "symlink-outside")


def _keep_dirs(root: Path, here: Path, names: list[str], diags: list[Diagnostic],
               inside: _Inside | None = None, listed: dict[str, os.DirEntry] | None = None) -> list[str]:
    keep = []
    for name in names:
        if name.startswith("."):
            continue
        if _listed(here / name, listed).is_symlink():
            if inside is not None and not inside(here / name):
                diags.append(_outside(root, here / name, "folder"))
                continue
            diags.append(_diag(Severity.INFO, _rel(root, here / name),
                               "symlinked folder not followed",
                               "copy the folder into the corpus if its files belong there",
                               "symlink-dir"))
            continue
        keep.append(name)
    return keep


def _source_file(root: Path, path: Path, diags: list[Diagnostic], rel: str | None = None,
                 siblings: dict[str, os.DirEntry] | None = None, inside: _Inside | None = None) -> SourceFile | None:
    """``rel`` and ``siblings`` (the folder's files by name, as ``_walk`` lists them) spare a
    walk of many files a relpath and the stat calls of each file."""
    name = path.name
    if name.startswith(".") or not name.lower().endswith(".txt"):
        return None
    rel = rel if rel is not None else _rel(root, path)
    if not _utf8_name(rel):
        diags.append(_diag(Severity.WARNING, rel.encode("utf-8", "replace").decode("utf-8"),
                           "file name is not valid UTF-8; file skipped",
                           "rename the file with a UTF-8 name", "bad-filename"))
        return None
    if XML_INVALID.search(rel):  # it would be published in the open data, and no page may hold one
        diags.append(_diag(Severity.WARNING, rel, "the file name holds characters that are not text "
                           "(control characters, U+FFFE or U+FFFF); file skipped",
                           "rename the file", "bad-filename"))
        return None
    entry = _listed(path, siblings)
    if not entry.is_file():
        diags.append(_diag(Severity.WARNING, rel, "not a readable file (broken symlink?); skipped",
                           "fix or remove the link", "not-a-file"))
        return None
    inside = inside or _Inside(root)
    if entry.is_symlink() and not inside(path):
        diags.append(_outside(root, path, "file"))
        return None
    return SourceFile(path=path, rel=rel, sidecar=_find_sidecar(path, rel, diags, siblings, inside, root))


def _find_sidecar(path: Path, rel: str, diags: list[Diagnostic], siblings: dict[str, os.DirEntry] | None = None,
                  inside: _Inside | None = None, root: Path | None = None) -> Path | None:
    if siblings is not None:  # by name first: most files have no sidecar (no Path made for it)
        stem = path.name[: -len(path.suffix)] if path.suffix else path.name
        candidates = [path.with_name(stem + s) for s in SIDECAR_SUFFIXES if stem + s in siblings]
    else:
        candidates = [path.with_suffix(s) for s in SIDECAR_SUFFIXES]
    present = [c for c in candidates if _listed(c, siblings).is_file()]
    if inside is not None and root is not None:
        for c in [c for c in present if _listed(c, siblings).is_symlink() and not inside(c)]:
            diags.append(_outside(root, c, "sidecar"))
            present.remove(c)
    if len(present) > 1:
        diags.append(_diag(Severity.WARNING, rel,
                           f"both {present[0].name} and {present[1].name} exist; "
                           f"using {present[0].name}",
                           f"merge them into {present[0].name} and delete the other",
                           "two-sidecars"))
    return present[0] if present else None


def _listed(path: Path, listed: dict[str, os.DirEntry] | None):
    """What answers ``is_file()`` and ``is_symlink()`` for ``path``: its folder listing's entry
    when there is one (no system call but for a symlink's target), else the path."""
    return listed.get(path.name, path) if listed is not None else path


def _rel(root: Path, path: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()


def _utf8_name(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _diag(sev: Severity, file: str, message: str, hint: str = "", code: str = "",
          line: int = 0) -> Diagnostic:
    return Diagnostic(sev, file, line, message, hint, code)


# --------------------------------------------------------------------------------------
# decoding
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text and how it was obtained."""

    text: str
    """Decoded text, BOM removed, line ends not yet normalised."""
    encoding: str
    """Lowercase Python codec name: ``utf-8``, ``utf-8-sig``, ``gb18030``, ``big5``, ..."""
    confidence: str
    """``bom`` (declared), ``strict`` (only one codec fits) or ``detected`` (a guess)."""
    notes: tuple = ()
    """Diagnostics about the text (characters ``clean`` removed), set by ``read_source``."""


# Order matters: the UTF-32 LE BOM starts with the UTF-16 LE BOM.
# Each entry: BOM, codec reported (and used to decode), codec of the bytes after the BOM.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)
_CJK_CODECS = ("gb18030", "big5", "cp950")  # cp950 (Windows Big5) only if big5 fails
_MIN_CJK_SCORE = 0.5
_MIN_UTF16_SCORE = 0.9
_SCORE_SAMPLE = 50_000
_REHINT = "re-save the file as UTF-8"


STRAY_NUL_MAX = 8
"""At most this many NUL bytes (characters, after a UTF-16/32 BOM) in otherwise valid text
are strays: the text is kept and ``clean`` drops them with a warning naming the line. More
make the file binary."""


def decode(data: bytes, name: str) -> Decoded:
    """Decode raw bytes; raise ``InputError`` (naming ``name``) when they are not text.

    The text may still hold characters that are not text (a stray NUL, other C0 controls,
    U+FFFE): ``clean`` removes them, with a diagnostic."""
    if not data:
        return Decoded("", "utf-8", "strict")
    by_bom = _decode_bom(data, name)
    if by_bom is not None:
        return by_bom
    if b"\x00" in data:
        return _decode_nul(data, name)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "strict")
    except UnicodeDecodeError:
        pass
    cjk, score = _decode_cjk(data)
    if cjk is not None and score >= _MIN_CJK_SCORE:
        return cjk
    found = _decode_detected(data) or cjk  # a poor CJK reading beats none at all
    if found is None:
        raise _undecodable(data, name)
    return found


def _decode_bom(data: bytes, name: str) -> Decoded | None:
    for bom, codec, body_codec in _BOMS:
        if not data.startswith(bom):
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as err:
            if codec == "utf-32":
                continue  # FF FE 00 00 may be a UTF-16 LE BOM followed by U+0000
            raise _bad_bom(data, name, codec, err) from None
        if text.count("\x00") > STRAY_NUL_MAX:
            raise _nul_after_bom(data, name, text, body_codec)
        return Decoded(text, codec, "bom")
    return None


def _decode_nul(data: bytes, name: str) -> Decoded:
    """Bytes with NULs and no BOM: BOM-less UTF-16 if it reads as such, else binary."""
    best: tuple[float, str, str] | None = None
    if len(data) % 2 == 0:
        for codec in ("utf-16-le", "utf-16-be"):  # LE first: it wins ties
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            score = _utf16_score(text)
            if best is None or score > best[0]:
                best = (score, codec, text)
    if best is not None and best[0] >= _MIN_UTF16_SCORE:
        return Decoded(best[2], best[1], "detected")
    if data.count(b"\x00") <= STRAY_NUL_MAX:  # otherwise valid text with a stray NUL or two
        try:
            return Decoded(data.decode("utf-8"), "utf-8", "strict")
        except UnicodeDecodeError:
            pass
        cjk, score = _decode_cjk(data)
        if cjk is not None and score >= _MIN_CJK_SCORE:
            return cjk
    raise _binary(data, name, data.index(b"\x00"))


def _utf16_score(text: str) -> float:
    """Share of characters that are plain ASCII text, common CJK or CJK punctuation."""
    good = sum(1 for ch in text if _plain_ascii(ch) or _cjk_like(ch))
    return good / len(text)


def _plain_ascii(ch: str) -> bool:
    return " " <= ch <= "~" or ch in "\t\n\r"


def _cjk_like(ch: str) -> bool:
    cp = ord(ch)
    return 0x4E00 <= cp <= 0x9FFF or _cjk_punct(cp)


def _cjk_punct(cp: int) -> bool:
    return (0x3000 <= cp <= 0x303F or 0xFF01 <= cp <= 0xFF5E or 0x2010 <= cp <= 0x2027
            or cp in (0x00A0, 0x00B7))


def _decode_cjk(data: bytes) -> tuple[Decoded | None, float]:
    """Strict GB18030 and Big5; when both fit, the one that reads as common Chinese wins."""
    fits: list[tuple[float, str, str]] = []
    for codec in _CJK_CODECS:
        if codec == "cp950" and any(c == "big5" for _, c, _ in fits):
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        fits.append((_cjk_score(text, codec), codec, text))
    if not fits:
        return None, 0.0
    score, codec, text = max(fits, key=lambda f: f[0])  # max keeps the first (gb18030) on ties
    sure = len(fits) == 1 and score >= _MIN_CJK_SCORE
    return Decoded(text, codec, "strict" if sure else "detected"), score


def _cjk_score(text: str, codec: str) -> float:
    """Weighted share of non-ASCII characters that a writer in ``codec`` would commonly use.

    Han characters count 1 when they are in the codec's common set (GB2312 level 1 for
    GB18030, Big5 "frequently used" for Big5), 0.5 in the secondary set (GB2312 level 2,
    Big5 "less frequently used"), else 0; CJK punctuation counts 1; anything else (kana,
    Greek, box drawing, private use ... the debris of a wrong guess) counts 0.
    """
    counts = Counter(ch for ch in text[:_SCORE_SAMPLE] if ord(ch) >= 0x80)
    total = sum(counts.values())
    if not total:
        return 1.0
    family = "gb" if codec == "gb18030" else "big5"
    good = sum(n * _char_weight(ch, family) for ch, n in counts.items())
    return good / total


@lru_cache(maxsize=65_536)
def _char_weight(ch: str, family: str) -> float:
    cp = ord(ch)
    if _cjk_punct(cp):
        return 1.0
    if not 0x4E00 <= cp <= 0x9FFF:
        return 0.0
    try:
        raw = ch.encode("gb2312" if family == "gb" else "big5")
    except UnicodeEncodeError:
        return 0.0
    code = raw[0] << 8 | raw[1]
    if family == "gb":
        return 1.0 if raw[0] <= 0xD7 else 0.5  # level 1: B0A1-D7F9, level 2: D8A1-F7FE
    return 1.0 if 0xA440 <= code <= 0xC67E else 0.5  # Big5 common: A440-C67E


def _decode_detected(data: bytes) -> Decoded | None:
    """Last resort: charset_normalizer, accepted only for clean, NUL-free text."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - installed with the project
        return None
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    text = str(best)
    if "\x00" in text or any(unicodedata.category(ch) == "Co" for ch in text):
        return None
    return Decoded(text, codecs.lookup(best.encoding).name.lower(), "detected")


def _first_bad(data: bytes, codec: str = "utf-8") -> int:
    try:
        data.decode(codec)
    except UnicodeDecodeError as err:
        return err.start
    return -1


def _first_bad_utf8(data: bytes) -> int:
    return _first_bad(data, "utf-8")


def _undecodable(data: bytes, name: str) -> InputError:
    offset = _first_bad_utf8(data)
    line = data.count(b"\n", 0, offset) + 1
    msg = (f"cannot decode the file: byte 0x{data[offset]:02x} at offset {offset} is not "
           f"valid UTF-8, and the file is not GB18030 or Big5 either")
    gb_offset = _first_bad(data, "gb18030")
    if gb_offset > offset:  # mostly GB18030: say where that reading breaks, too
        gb_line = data.count(b"\n", 0, gb_offset) + 1
        msg += f" (read as GB18030 it breaks at offset {gb_offset}, line {gb_line})"
    return InputError(_diag(Severity.ERROR, name, msg, _REHINT, "undecodable", line))


def _binary(data: bytes, name: str, nul_offset: int) -> InputError:
    offset = _first_bad_utf8(data)
    if offset < 0 or nul_offset < offset:
        offset = nul_offset
    line = data.count(b"\n", 0, offset) + 1
    msg = (f"looks like a binary file, not text: NUL bytes (first at offset {nul_offset}); "
           f"first bad byte 0x{data[offset]:02x} at offset {offset}")
    return InputError(_diag(Severity.ERROR, name, msg,
                            f"check that this is a text dump; {_REHINT}", "binary", line))


def _nul_after_bom(data: bytes, name: str, text: str, body_codec: str) -> InputError:
    index = text.index("\x00")
    offset = len(data) - len(text[index:].encode(body_codec))
    msg = (f"looks like a binary file, not text: NUL character at offset {offset} "
           f"after a {body_codec.upper()} byte-order mark")
    return InputError(_diag(Severity.ERROR, name, msg, f"check that this is a text dump; {_REHINT}",
                            "binary", text.count("\n", 0, index) + 1))


def _bad_bom(data: bytes, name: str, codec: str, err: UnicodeDecodeError) -> InputError:
    # utf-8-sig reports positions after the 3-byte BOM it strips; report them from the file start
    start = err.start + (3 if codec == "utf-8-sig" else 0)
    line = data[:start].count(b"\n") + 1 if codec == "utf-8-sig" else \
        data[: err.start].decode(codec, errors="ignore").count("\n") + 1
    msg = (f"the file starts with a {codec.upper()} byte-order mark, but byte "
           f"0x{data[start]:02x} at offset {start} is invalid in {codec.upper()}")
    return InputError(_diag(Severity.ERROR, name, msg, _REHINT, "undecodable", line))


# --------------------------------------------------------------------------------------
# lines and reading
# --------------------------------------------------------------------------------------

_LINE_END = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[Line]:
    """Split on ``\\r\\n``, ``\\r`` and ``\\n`` only; 1-based; no trailing empty line."""
    if not text:
        return []
    # (the same cuts as ``_LINE_END.split``: ``\r\n`` first, then a lone ``\r``; str.split is
    # several times faster than the regex on a page)
    parts = (text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text).split("\n")
    if parts[-1] == "":
        parts.pop()
    new, set_no, set_text = object.__new__, _SET_LINE_NO, _SET_LINE_TEXT
    out = []
    for no, part in enumerate(parts, start=1):  # Line(no, part), field by field (``_SET_LINE_NO``)
        line = new(Line)
        set_no(line, no)
        set_text(line, part)
        out.append(line)
    return out


_SET_LINE_NO, _SET_LINE_TEXT = Line.no.__set__, Line.text.__set__
"""The slots of a ``Line``, set directly: a frozen dataclass's ``__init__`` sets each field
through ``object.__setattr__`` (looked up and called per field), which is most of the cost of
splitting a page into its lines. The same objects as ``Line(no, text)`` (a test holds them)."""


def clean(decoded: Decoded, name: str) -> tuple[Decoded, list[Diagnostic]]:
    """``decoded`` without the characters XML forbids (NUL and the other C0 controls but tab,
    line feed and carriage return; U+FFFE, U+FFFF): they are not text, and one of them in a
    headline would make a feed unreadable. A warning names the first line(s) and what was
    removed; the rest of the text, its line numbers included, is unchanged."""
    text, offsets, found = strip_invalid(decoded.text)
    if not offsets:
        return decoded, []
    lines: list[int] = []  # the first few lines that had one
    line, at = 1, 0
    for m in XML_INVALID.finditer(decoded.text):
        line += len(_LINE_END.findall(decoded.text, at, m.start()))
        at = m.start()
        if not lines or lines[-1] != line:
            lines.append(line)
            if len(lines) > 3:
                break
    where = ", ".join(str(n) for n in lines[:3]) + (" and later" if len(lines) > 3 else "")
    what = ", ".join(describe(ch) + (" (NUL)" if ch == "\x00" else "") for ch in sorted(found)[:4])
    count = len(decoded.text) - len(text)
    diag = _diag(Severity.WARNING, name,
                 f"{count} character(s) that are not text removed ({what}), on line{'s' if len(lines) > 1 else ''} "
                 f"{where}",
                 "a damaged dump or a stray byte: the rest of the file is kept; re-save the file without them "
                 "to silence this", "invalid-char", lines[0])
    return Decoded(text, decoded.encoding, decoded.confidence), [diag]


def read_source(src: SourceFile) -> tuple[list[Line], Decoded]:
    """Read, decode, clean and split one file; ``InputError`` if it cannot be read or decoded.
    What ``clean`` removed is reported in ``Decoded.notes``."""
    try:
        data = src.path.read_bytes()
    except OSError as err:
        raise InputError(_diag(Severity.ERROR, src.rel,
                               f"cannot read the file: {err.strerror or err}",
                               "check that the file exists and is readable", "unreadable")) from err
    decoded, notes = clean(decode(data, src.rel), src.rel)
    if notes:
        decoded = Decoded(decoded.text, decoded.encoding, decoded.confidence, tuple(notes))
    return split_lines(decoded.text), decoded


# --------------------------------------------------------------------------------------
# sidecars
# --------------------------------------------------------------------------------------

SIDECAR_KEYS: dict[str, object] = {
    "paper": str,
    "city": str,
    "date": "YYYY-MM-DD",
    "page": int,
    "edition": str,
}
PASS_THROUGH_KEYS = ("articles", "corrections", "ignore")
"""Keys owned by later features: accepted and returned as parsed, without validation."""

_KNOWN_KEYS = (*SIDECAR_KEYS, *PASS_THROUGH_KEYS)
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PAGE_RANGE = (1, 999)


class _Bad(Exception):
    """A sidecar value that fails validation: message, hint, diagnostic code."""

    def __init__(self, message: str, hint: str, code: str):
        super().__init__(message)
        self.message, self.hint, self.code = message, hint, code


DATE_RANGE = (date(1800, 1, 1), date(2100, 12, 31))
"""Issue dates a sidecar may give: anything else is a typo (and year 9999 breaks calendars)."""


def load_sidecar(path: Path, rel: str, papers: frozenset[str] | None = None) -> tuple[dict, list[Diagnostic]]:
    """Read a sidecar; return its known, valid keys and a diagnostic for every problem.

    ``rel`` is the sidecar's own path relative to the corpus root (see
    ``SourceFile.sidecar_rel``); it names the file in the diagnostics. Never raises on bad
    content: a bad value is left out of the result and reported with its line. With
    ``papers`` (the names the registry knows), a ``paper:`` not among them is a warning that
    suggests the closest known name.
    """
    diags: list[Diagnostic] = []
    text = _sidecar_text(path, rel, diags)
    if text is None:
        return {}, diags
    node = _compose(text, rel, diags)
    if node is None:
        return {}, diags
    if not isinstance(node, yaml.MappingNode):
        diags.append(_diag(Severity.ERROR, rel, "the sidecar is not a mapping of keys to values",
                           "write one 'key: value' per line, e.g. 'date: 2021-10-22'",
                           "sidecar-not-mapping", _line(node)))
        return {}, diags
    result: dict = {}
    for key_node, value_node in node.value:
        _take_pair(key_node, value_node, rel, result, diags)
        if papers is not None and isinstance(key_node, yaml.ScalarNode) and key_node.value == "paper" \
                and isinstance(result.get("paper"), str) and result["paper"] not in papers:
            diags.append(_unknown_paper(result["paper"], papers, rel, _line(key_node)))
    return result, diags


def _unknown_paper(name: str, papers: frozenset[str], rel: str, line: int) -> Diagnostic:
    close = difflib.get_close_matches(name, sorted(papers), n=1, cutoff=0.5)
    message = f"unknown paper {quote(name)}" + (f"; did you mean {close[0]}?" if close else "")
    hint = (f"write paper: {close[0]}, or add {quote(name)} under `papers:` in site.yaml if it is a new paper"
            if close else "use a name from the papers registry, or add the paper under `papers:` in site.yaml")
    return _diag(Severity.WARNING, rel, message, hint, "unknown-paper", line)


def _sidecar_text(path: Path, rel: str, diags: list[Diagnostic]) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as err:
        diags.append(_diag(Severity.ERROR, rel, f"cannot read the sidecar: {err.strerror or err}",
                           "check that the file exists and is readable", "sidecar-unreadable"))
        return None
    try:
        decoded, notes = clean(decode(data, rel), rel)
    except InputError as err:
        diags.append(err.diagnostic)
        return None
    diags.extend(notes)
    return decoded.text


def _compose(text: str, rel: str, diags: list[Diagnostic]) -> yaml.Node | None:
    try:
        return yamlsafe.compose(text)
    except yamlsafe.AnchorError as err:
        diags.append(_diag(Severity.ERROR, rel, f"YAML {yamlsafe.error_text(err)}", yamlsafe.ANCHOR_HINT,
                           "sidecar-syntax", yamlsafe.error_line(err)))
    except yaml.YAMLError as err:
        diags.append(_diag(Severity.ERROR, rel, f"YAML syntax error: {yamlsafe.error_text(err)}",
                           "fix the YAML at that line (one 'key: value' per line; quote values "
                           "that contain ':' or '#')", "sidecar-syntax", yamlsafe.error_line(err)))
    except (RecursionError, ValueError) as err:
        diags.append(_diag(Severity.ERROR, rel, f"cannot read the sidecar: {quote(str(err))}",
                           "simplify the sidecar (it is nested too deeply)", "sidecar-syntax"))
    return None


def _take_pair(key_node: yaml.Node, value_node: yaml.Node, rel: str, result: dict,
               diags: list[Diagnostic]) -> None:
    line = _line(key_node)
    key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
    if key not in _KNOWN_KEYS:
        diags.append(_unknown_key(key, rel, line))
        return
    if key in result:
        diags.append(_diag(Severity.WARNING, rel, f"key '{key}' given twice; the later value wins",
                           "keep only one", "sidecar-duplicate-key", line))
    try:
        value, cleaned = _construct(value_node, key)
        if cleaned:
            diags.append(_diag(Severity.WARNING, rel, f"'{key}': characters that are not text removed "
                               "(NUL, other control characters, U+FFFE or U+FFFF)",
                               "remove the escape sequences that produce them", "invalid-char", line))
        result[key] = _validate(key, value)
        if key in ("articles", "corrections") and isinstance(value_node, yaml.SequenceNode):
            # each correction remembers its sidecar line, for messages about it
            for item, entry in zip(value_node.value, result[key]):
                if isinstance(entry, dict):
                    entry.setdefault("_line", _line(item))
    except _Bad as bad:
        diags.append(_diag(Severity.ERROR, rel, f"'{key}': {bad.message}", bad.hint, bad.code,
                           line))


def _unknown_key(key: str | None, rel: str, line: int) -> Diagnostic:
    close = difflib.get_close_matches(key, _KNOWN_KEYS, n=1, cutoff=0.6) if key and len(key) < 100 else []
    hint = (f"did you mean '{close[0]}'?" if close
            else "known keys: " + ", ".join(_KNOWN_KEYS))
    shown = quote(key) if key is not None else "(not a plain key)"
    return _diag(Severity.WARNING, rel, f"unknown key {shown}; ignored", hint,
                 "sidecar-unknown-key", line)


def _construct(node: yaml.Node, node_key: str = "") -> tuple[object, int]:
    """The node's value, with XML-invalid characters removed (and how many strings lost
    some); ``_Bad`` for a value that cannot be read or holds a number that is not finite."""
    try:
        value = yamlsafe.construct(node)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as err:
        raise _Bad(f"value cannot be read: {quote(str(err))}",
                   "write the date as YYYY-MM-DD, numbers as digits, text as plain text",
                   "sidecar-value") from None
    bad = _non_finite(value) if node_key not in PASS_THROUGH_KEYS else None  # corrections check their own
    if bad is not None:
        raise _Bad(f"the number {bad} is not finite",
                   "write a whole number such as 26 (.inf and .nan are not numbers here)", "sidecar-value")
    return strip_value(value)


def _non_finite(value: object) -> str | None:
    """How YAML writes the first infinite or NaN float in ``value`` (None if there is none)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return ".nan" if math.isnan(item) else (".inf" if item > 0 else "-.inf")
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
    return None


def _validate(key: str, value: object) -> object:
    if key in PASS_THROUGH_KEYS:
        return value
    if key == "date":
        return _valid_date(value)
    if key == "page":
        return _valid_page(value)
    return _valid_str(value, key)


def _valid_str(value: object, key: str) -> str:
    if isinstance(value, (int, float, date)) and not isinstance(value, bool):
        raise _Bad(f"expected text, got {type(value).__name__} {quote(value)}",
                   f"quote the value: {key}: \"{quote(str(value))[1:-1]}\"", "sidecar-type")
    if not isinstance(value, str):
        raise _Bad(f"expected text, got {_kind(value)}", f"write it as {key}: some text",
                   "sidecar-type")
    if not value.strip():
        raise _Bad("empty value", f"fill in the {key} or delete the line", "sidecar-type")
    return value.strip()


def _valid_date(value: object) -> date:
    hint = "write the date as YYYY-MM-DD, e.g. date: 2021-10-22"
    if isinstance(value, datetime):
        raise _Bad(f"expected a day, got a date and time {value.isoformat()}",
                   "write only the day: " + hint, "sidecar-date")
    if isinstance(value, str) and _DATE_RE.fullmatch(value.strip()):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError as err:
            raise _Bad(f"no such date {quote(value)} ({err})", hint, "sidecar-date") from None
    if isinstance(value, date):
        low, high = DATE_RANGE
        if not low <= value <= high:
            raise _Bad(f"date {value.isoformat()} is outside {low.year}–{high.year}",
                       "check the year: " + hint, "sidecar-date")
        return value
    raise _Bad(f"not a date: {quote(value)}", hint, "sidecar-date")


def _valid_page(value: object) -> int:
    low, high = _PAGE_RANGE
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(f"expected a page number, got {_kind(value)} {quote(value)}",
                   "write a whole number without quotes, e.g. page: 3", "sidecar-type")
    if not low <= value <= high:
        raise _Bad(f"page {value} out of range {low}..{high}",
                   f"use the printed page number ({low}..{high})", "sidecar-range")
    return value


def _kind(value: object) -> str:
    names = {list: "a list", dict: "a mapping", type(None): "nothing"}
    return names.get(type(value), type(value).__name__)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1
