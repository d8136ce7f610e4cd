"""Diagnostics: problems found in the input, written for the editor who must fix them.

A diagnostic names the file, the line (1-based, or 0 when it concerns the whole file),
what is wrong and what to do about it. Stages collect diagnostics instead of raising, so
one bad file never stops the rest of the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    file: str
    line: int
    message: str
    hint: str = ""
    code: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
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


class InputError(Exception):
    """A file that cannot be read at all; carries the diagnostic to report."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic
