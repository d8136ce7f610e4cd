"""Plant a one-line bug, run tests, restore: shows that a test can fail (issue 12).

    python tests/tools/plant.py FILE OLD NEW -- PYTEST-ARGS...

Replaces the one occurrence of OLD in FILE (a path in the repository) by NEW, runs
``python -m pytest -q -p no:cacheprovider PYTEST-ARGS`` with ``CI=true`` and this checkout's
``src`` first on ``PYTHONPATH``, prints the planted line and pytest's summary (and its FAILED
lines), and always puts the file back exactly as it was. Exits 0 when some test failed (the
bug was caught), 1 when every test passed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str]) -> int:
    if "--" not in argv or argv.index("--") != 3:
        print(__doc__, file=sys.stderr)
        return 2
    file, old, new = argv[:3]
    tests = argv[4:]
    path = ROOT / file
    original = path.read_bytes()
    text = original.decode("utf-8")
    if text.count(old) != 1:
        print(f"{file}: {old!r} occurs {text.count(old)} times, not once", file=sys.stderr)
        return 2
    line = text[: text.index(old)].count("\n") + 1
    path.write_bytes(text.replace(old, new).encode("utf-8"))
    try:
        env = {**os.environ, "CI": "true",
               "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests],
                             cwd=ROOT, env=env, capture_output=True, text=True)
    finally:
        path.write_bytes(original)
    lines = [ln for ln in run.stdout.splitlines() if ln.strip()]
    print(f"planted {file}:{line}: {old.strip()!r} -> {new.strip()!r}")
    print(f"  pytest {' '.join(tests)}")
    print(f"  => {lines[-1] if lines else run.stderr[-500:]}")
    for ln in lines:
        if ln.startswith("FAILED"):
            print("    " + ln[:220])
    return 0 if run.returncode == 1 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
