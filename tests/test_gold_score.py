"""The parser against the hand-made gold labels: run ``shared/gold/score.py`` on the JSON of
the seed pages and hold it to minimum figures (its ``--min`` flags set the exit status)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsarchive.pipeline import load_paths
from newsarchive.serialize import parsed_json

from parsekit import SEEDS, registry

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"
SCORER = GOLD / "score.py"

MINIMUM = {
    "headline_f1": 0.95,
    "byline": 0.95,
    "authors": 0.90,
    "body_start": 0.95,
    "body_end": 0.90,
    "city": 1.0,
    "date": 1.0,
}


@pytest.fixture(scope="module")
def gold_dir() -> Path:
    if not SCORER.is_file() or not list(GOLD.glob("*.gold.yaml")):
        pytest.skip(f"gold labels or scorer not found at {GOLD} (a checkout without the shared/ folder)")
    return GOLD


def test_gold_score_meets_minimums(gold_dir: Path, tmp_path: Path):
    result = load_paths([p.resolve() for p in SEEDS], registry())
    assert len(result.files) == len(SEEDS), result.diagnostics
    parsed = tmp_path / "parsed.json"
    parsed.write_text(json.dumps([parsed_json(pf) for pf in result.files], ensure_ascii=False), encoding="utf-8")

    flags = [arg for name, value in MINIMUM.items() for arg in ("--min", f"{name}={value}")]
    run = subprocess.run(
        [sys.executable, str(SCORER), str(parsed), str(gold_dir), *flags, "--show"],
        capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    report = f"score.py exit {run.returncode}\n--- stdout\n{run.stdout}\n--- stderr\n{run.stderr}"
    assert run.returncode == 0, report
    summary = run.stdout.strip().splitlines()[-1]
    assert summary.startswith("score: "), report
    # Every gold file was paired with a parsed record.
    assert "no parsed record" not in run.stdout, report
