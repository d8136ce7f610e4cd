"""README.md opens with the two commands that work on a fresh machine, and CI runs the second."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text, flags=re.S)[:2]


def test_readme_opens_with_setup_and_test_commands():
    setup, tests = _commands()
    assert "pip install -e ." in setup and "newsarchive serve" in setup  # build, then look at it
    assert "pytest" in tests and "[test]" in tests


def test_ci_runs_exactly_the_readme_test_command():
    _, tests = _commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert tests.strip() in [line.strip() for line in ci]
