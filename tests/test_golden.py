"""Golden files: the full JSON record of each seed page, compared exactly.

``tests/golden/NAME.json`` holds ``parsed_json`` of ``corpus/NAME.txt`` as the pipeline
produces it (decode -> parse -> file checks), written with
``json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True)``. Any change to the parser's
output shows here; when the change is intended, regenerate on purpose and review the diff:

    PYTHONPATH=src python -m pytest tests/test_golden.py --update-goldens
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsarchive.pipeline import load_paths
from newsarchive.serialize import parsed_json

from parsekit import SEEDS, TESTS, registry

GOLDEN = TESTS / "golden"
REGENERATE = "PYTHONPATH=src python -m pytest tests/test_golden.py --update-goldens"

_MISSING = object()


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def first_difference(expected, actual, path: str = "$"):
    """The key path of the first place where two JSON values differ, with both values there;
    None when they are equal. Keys are visited in sorted order, list items in order."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(set(expected) | set(actual)):
            found = first_difference(expected.get(key, _MISSING), actual.get(key, _MISSING), f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(expected, list) and isinstance(actual, list):
        for i in range(max(len(expected), len(actual))):
            e = expected[i] if i < len(expected) else _MISSING
            a = actual[i] if i < len(actual) else _MISSING
            found = first_difference(e, a, f"{path}[{i}]")
            if found:
                return found
        return None
    if expected == actual and type(expected) is type(actual):
        return None
    return path, expected, actual


def _show(value) -> str:
    if value is _MISSING:
        return "(absent)"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 300 else text[:300] + "…"


def record_of(seed: Path) -> dict:
    result = load_paths([seed.resolve()], registry())
    (pf,) = result.files
    return parsed_json(pf)


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem for p in SEEDS])
def test_golden(seed: Path, update_goldens: bool):
    golden = GOLDEN / f"{seed.stem}.json"
    actual = record_of(seed)
    text = dumps(actual)
    if update_goldens:
        golden.parent.mkdir(exist_ok=True)
        if not golden.exists() or golden.read_text(encoding="utf-8") != text:
            golden.write_text(text, encoding="utf-8")
        return
    assert golden.exists(), f"no golden file {golden.relative_to(TESTS.parent)}; create it with: {REGENERATE}"
    expected = json.loads(golden.read_text(encoding="utf-8"))
    diff = first_difference(expected, actual)
    if diff is not None:
        path, want, got = diff
        pytest.fail(
            f"{seed.name}: parser output differs from {golden.name} first at {path}\n"
            f"  golden: {_show(want)}\n"
            f"  now:    {_show(got)}\n"
            f"If this change is intended, regenerate the goldens with\n    {REGENERATE}\n"
            f"and review the diff of tests/golden/ before committing.",
            pytrace=False,
        )
    # Same data; the file must also be byte-identical (formatting, key order, final newline).
    assert golden.read_text(encoding="utf-8") == text, f"{golden.name} is not in canonical form; run {REGENERATE}"


def test_every_golden_has_a_seed():
    stale = sorted(p.name for p in GOLDEN.glob("*.json") if not (SEEDS[0].parent / f"{p.stem}.txt").exists())
    assert not stale, f"golden files without a seed: {stale}; delete them"


@pytest.mark.parametrize(
    "expected, actual, where",
    [
        ({"a": 1}, {"a": 1}, None),
        ({"a": 1, "b": [1, 2]}, {"a": 1, "b": [1, 3]}, "$.b[1]"),
        ({"articles": [{"headline": "x", "kind": "news"}]}, {"articles": [{"headline": "x", "kind": "feature"}]},
         "$.articles[0].kind"),
        ({"a": [1]}, {"a": [1, 2]}, "$.a[1]"),
        ({"a": 1}, {"a": 1, "b": None}, "$.b"),
        ({"a": 1}, {"a": 1.0}, "$.a"),
        ({"z": 1, "b": 1}, {"z": 2, "b": 2}, "$.b"),  # sorted keys: the first in file order
    ],
)
def test_first_difference(expected, actual, where):
    found = first_difference(expected, actual)
    assert (found[0] if found else None) == where
