"""Regenerate ``tests/golden/*.json`` from the parser as it is now: an explicit step, never a
test. Run it when a change to the parser's output is intended, then review the diff of
``tests/golden/`` before committing it (``tests/test_golden.py`` compares the parser with the
hand-made gold labels, and these files with the parser, record by record):

    PYTHONPATH=src python tests/tools/update_goldens.py

Prints the files it rewrote; exits 0.
"""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))

from test_golden import GOLDEN, dumps, record_of  # noqa: E402

from parsekit import SEEDS  # noqa: E402


def main() -> int:
    GOLDEN.mkdir(exist_ok=True)
    for seed in SEEDS:
        golden = GOLDEN / f"{seed.stem}.json"
        text = dumps(record_of(seed))
        if not golden.exists() or golden.read_text(encoding="utf-8") != text:
            golden.write_text(text, encoding="utf-8")
            print(f"rewrote {golden.relative_to(TESTS.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
