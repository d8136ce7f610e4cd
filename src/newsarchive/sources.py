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
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path, PurePosixPath

import yaml

from .errors import Diagnostic, InputError, Severity
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


def discover(root: Path) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Find every ``*.txt`` under ``root``, sorted by ``rel``; hidden entries are skipped.

    Symlinked folders are not followed (so a symlink loop cannot hang the walk); symlinked
    files are taken as they are. Unreadable folders give a warning and the walk goes on.
    """
    root = Path(os.path.abspath(root))
    if not root.is_dir():
        return [], [_diag(Severity.ERROR, str(root), "corpus folder not found or not a folder",
                          "pass the folder that holds the raw .txt files", "no-corpus")]
    found: list[SourceFile] = []
    diags: list[Diagnostic] = []

    def on_error(err: OSError) -> None:
        where = _rel(root, Path(err.filename)) if err.filename else "."
        diags.append(_diag(Severity.WARNING, where, f"cannot read folder: {err.strerror or err}",
                           "check the folder's permissions", "unreadable-dir"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=False):
        here = Path(dirpath)
        dirnames[:] = sorted(_keep_dirs(root, here, dirnames, diags))
        prefix = _rel(root, here) + "/" if here != root else ""
        names = set(filenames)
        for name in filenames:
            src = _source_file(root, here / name, diags, prefix + name, names)
            if src is not None:
                found.append(src)
    found.sort(key=lambda s: s.rel)
    return found, diags


def _keep_dirs(root: Path, here: Path, names: list[str], diags: list[Diagnostic]) -> list[str]:
    keep = []
    for name in names:
        if name.startswith("."):
            continue
        if (here / name).is_symlink():
            diags.append(_diag(Severity.INFO, _rel(root, here / name),
                               "symlinked folder not followed",
                               "copy the folder into the corpus if its files belong there",
                               "symlink-dir"))
            continue
        keep.append(name)
    return keep


def _source_file(root: Path, path: Path, diags: list[Diagnostic], rel: str | None = None,
                 siblings: set[str] | None = None) -> SourceFile | None:
    """``rel`` and ``siblings`` (the names in the file's folder) spare a walk of many files
    two stat calls and a relpath per file."""
    name = path.name
    if name.startswith(".") or not name.lower().endswith(".txt"):
        return None
    rel = rel if rel is not None else _rel(root, path)
    if not _utf8_name(rel):
        diags.append(_diag(Severity.WARNING, rel.encode("utf-8", "replace").decode("utf-8"),
                           "file name is not valid UTF-8; file skipped",
                           "rename the file with a UTF-8 name", "bad-filename"))
        return None
    if not path.is_file():
        diags.append(_diag(Severity.WARNING, rel, "not a readable file (broken symlink?); skipped",
                           "fix or remove the link", "not-a-file"))
        return None
    return SourceFile(path=path, rel=rel, sidecar=_find_sidecar(path, rel, diags, siblings))


def _find_sidecar(path: Path, rel: str, diags: list[Diagnostic], siblings: set[str] | None = None) -> Path | None:
    candidates = [path.with_suffix(s) for s in SIDECAR_SUFFIXES]
    if siblings is not None:
        candidates = [c for c in candidates if c.name in siblings]
    present = [c for c in candidates if c.is_file()]
    if len(present) > 1:
        diags.append(_diag(Severity.WARNING, rel,
                           f"both {present[0].name} and {present[1].name} exist; "
                           f"using {present[0].name}",
                           f"merge them into {present[0].name} and delete the other",
                           "two-sidecars"))
    return present[0] if present else None


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


def decode(data: bytes, name: str) -> Decoded:
    """Decode raw bytes; raise ``InputError`` (naming ``name``) when they are not text."""
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
        if "\x00" in text:
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
    parts = _LINE_END.split(text)
    if parts[-1] == "":
        parts.pop()
    return [Line(no, part) for no, part in enumerate(parts, start=1)]


def read_source(src: SourceFile) -> tuple[list[Line], Decoded]:
    """Read, decode and split one file; ``InputError`` if it cannot be read or decoded."""
    try:
        data = src.path.read_bytes()
    except OSError as err:
        raise InputError(_diag(Severity.ERROR, src.rel,
                               f"cannot read the file: {err.strerror or err}",
                               "check that the file exists and is readable", "unreadable")) from err
    decoded = decode(data, src.rel)
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


def load_sidecar(path: Path, rel: str) -> tuple[dict, list[Diagnostic]]:
    """Read a sidecar; return its known, valid keys and a diagnostic for every problem.

    ``rel`` is the sidecar's own path relative to the corpus root (see
    ``SourceFile.sidecar_rel``); it names the file in the diagnostics. Never raises on bad
    content: a bad value is left out of the result and reported with its line.
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
    return result, diags


def _sidecar_text(path: Path, rel: str, diags: list[Diagnostic]) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as err:
        diags.append(_diag(Severity.ERROR, rel, f"cannot read the sidecar: {err.strerror or err}",
                           "check that the file exists and is readable", "sidecar-unreadable"))
        return None
    try:
        return decode(data, rel).text
    except InputError as err:
        diags.append(err.diagnostic)
        return None


def _compose(text: str, rel: str, diags: list[Diagnostic]) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        diags.append(_diag(Severity.ERROR, rel, f"YAML syntax error: {problem}",
                           "fix the YAML at that line (one 'key: value' per line; quote values "
                           "that contain ':' or '#')", "sidecar-syntax",
                           mark.line + 1 if mark else 0))
    except (RecursionError, ValueError) as err:
        diags.append(_diag(Severity.ERROR, rel, f"cannot read the sidecar: {err}",
                           "simplify the sidecar", "sidecar-syntax"))
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
        result[key] = _validate(key, _construct(value_node))
        if key in ("articles", "corrections") and isinstance(value_node, yaml.SequenceNode):
            # each correction remembers its sidecar line, for messages about it
            for item, entry in zip(value_node.value, result[key]):
                if isinstance(entry, dict):
                    entry.setdefault("_line", _line(item))
    except _Bad as bad:
        diags.append(_diag(Severity.ERROR, rel, f"'{key}': {bad.message}", bad.hint, bad.code,
                           line))


def _unknown_key(key: str | None, rel: str, line: int) -> Diagnostic:
    close = difflib.get_close_matches(key, _KNOWN_KEYS, n=1, cutoff=0.6) if key else []
    hint = (f"did you mean '{close[0]}'?" if close
            else "known keys: " + ", ".join(_KNOWN_KEYS))
    shown = f"'{key}'" if key is not None else "(not a plain key)"
    return _diag(Severity.WARNING, rel, f"unknown key {shown}; ignored", hint,
                 "sidecar-unknown-key", line)


def _construct(node: yaml.Node) -> object:
    try:
        return yaml.constructor.SafeConstructor().construct_document(node)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as err:
        raise _Bad(f"value cannot be read: {err}",
                   "write the date as YYYY-MM-DD, numbers as digits, text as plain text",
                   "sidecar-value") from None


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
        raise _Bad(f"expected text, got {type(value).__name__} {value!r}",
                   f"quote the value: {key}: \"{value}\"", "sidecar-type")
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
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE_RE.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError as err:
            raise _Bad(f"no such date {value!r} ({err})", hint, "sidecar-date") from None
    raise _Bad(f"not a date: {value!r}", hint, "sidecar-date")


def _valid_page(value: object) -> int:
    low, high = _PAGE_RANGE
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(f"expected a page number, got {_kind(value)} {value!r}",
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
