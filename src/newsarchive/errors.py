"""Diagnostics: problems found in the input, written for the editor who must fix them.

A diagnostic names the file, the line (1-based, or 0 when it concerns the whole file),
what is wrong and what to do about it. Stages collect diagnostics instead of raising, so
one bad file never stops the rest of the corpus.

A diagnostic is always printed as one line: control, line-break and bidi characters in a file
name, a message or a hint (a file may be called ``a\\nb.txt``) are shown escaped, and a name
that would start the line with ``::`` (a CI workflow command) is shown as ``./::…``. Values
quoted in messages are cut to about 80 characters (``quote``): a message never grows with
the input.
"""

from __future__ import annotations

import re
import reprlib
from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


# C0 and C1 controls, line and paragraph separators, bidi embeddings/overrides/isolates, BOM,
# surrogates and the non-characters U+FFFE/U+FFFF
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff"
                         "\ud800-\udfff\ufffe\uffff]")


def one_line(text: str) -> str:
    """``text`` with every character that could break or reorder a terminal line escaped
    (``\\n``, ``\\x1b``, ``\\u202e``), the rest as it is."""
    return _UNSHOWABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def shown_path(name: str) -> str:
    """A file name as a diagnostic shows it: on one line, never starting a line with ``::``
    or white space (which CI log parsers would read as a command)."""
    text = one_line(name)
    if text[:1] == ":" or text[:1].isspace():
        text = "./" + text
    return text


QUOTE_LIMIT = 80
_REPR = reprlib.Repr()
_REPR.maxstring = QUOTE_LIMIT
_REPR.maxother = QUOTE_LIMIT
_REPR.maxlevel = 3
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxdict = 6


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``repr(value)`` cut to about ``limit`` characters, in time and memory bounded by
    ``limit`` (never the size of the value: a value may be megabytes, or a structure that
    expands)."""
    if isinstance(value, str):
        text = repr(value[:limit])
        return text + "…" if len(value) > limit else text
    text = _REPR.repr(value)
    return text if len(text) <= limit + 2 else text[:limit] + "…"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    file: str
    line: int
    message: str
    hint: str = ""
    code: str = ""

    def __str__(self) -> str:
        name = shown_path(self.file)
        where = f"{name}:{self.line}" if self.line else name
        text = f"{where}: {self.severity.value}: {one_line(self.message)}"
        if self.hint:
            text += f" (hint: {one_line(self.hint)})"
        return text

    def to_json(self) -> dict:
        return {
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "message": self.message,
            "hint": self.hint,
            "code": self.code,
        }

    @classmethod
    def from_json(cls, data: object) -> "Diagnostic":
        """The inverse of ``to_json``, checked: ``ValueError`` for anything else."""
        if not isinstance(data, dict) or set(data) != {"severity", "file", "line", "message", "hint", "code"}:
            raise ValueError("not a diagnostic")
        line = data["line"]
        if not isinstance(line, int) or isinstance(line, bool) or line < 0:
            raise ValueError("bad diagnostic line")
        if not all(isinstance(data[k], str) for k in ("file", "message", "hint", "code")):
            raise ValueError("bad diagnostic text")
        return cls(Severity(data["severity"]), data["file"], line, data["message"], data["hint"], data["code"])


class InputError(Exception):
    """A file that cannot be read at all; carries the diagnostic to report."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


@dataclass
class BuildError(Exception):
    """The build was refused or stopped before anything was published (bad configuration,
    an unsafe output folder, a corpus folder that cannot be read, a full disk ...): the
    previous site is left exactly as it was. Carries the diagnostics to report."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(d) for d in self.diagnostics)
