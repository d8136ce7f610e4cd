"""Atomic output: build into a sibling temporary folder, then swap it in.

A failed or killed build leaves the previous output folder untouched. Files are written
with sorted keys and fixed formatting so the same input gives byte-identical output.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from .model import ParsedFile
from .serialize import parsed_json


def _dump(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def write_records(files: list[ParsedFile], out: Path) -> int:
    """Write one JSON record per parsed file under ``out/records/`` plus an index; atomically."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        records = tmp / "records"
        records.mkdir()
        index = []
        for pf in sorted(files, key=lambda p: p.path):
            name = pf.path.replace("/", "__")
            name = name[:-4] if name.endswith(".txt") else name
            (records / f"{name}.json").write_bytes(_dump(parsed_json(pf)))
            index.append({"file": pf.path, "record": f"records/{name}.json",
                          "paper": pf.facts.paper, "date": pf.facts.date.isoformat() if pf.facts.date else None,
                          "articles": sum(1 for a in pf.articles if a.kind != "photo")})
        (tmp / "records.json").write_bytes(_dump(index))
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return len(index) + 1


def _swap(new: Path, out: Path) -> None:
    """Replace ``out`` by ``new`` with two renames; the old folder is removed afterwards."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old")
        if old.exists():
            shutil.rmtree(old)
        os.rename(out, old)
    os.rename(new, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
