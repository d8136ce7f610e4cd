"""Helpers for the safety and hostile-input tests (issue 11): sites on disk, real
``newsarchive`` processes, snapshots of whole folders, and the shape of an error a person
caused (``FILE:LINE: error: … (hint: …)``, exit 2, never a traceback)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))
FAST = ("title: 测试档案\nbase_url: https://example.org/archive/\noutput: public\n"
        "search: false\ntraditional: false\n")
"""A site.yaml for builds that need neither search nor the Traditional edition (faster)."""

ERROR_LINE = re.compile(r"^(?!::)\S.*?(?::\d+)?: error: .+ \(hint: .+\)$")
"""One diagnostic line for an error a person caused: FILE[:LINE]: error: what (hint: ...)."""


def new_site(tmp: Path, site_yaml: str = FAST, files: dict[str, str | bytes] | None = None,
             seeds: bool = True, name: str = "site") -> Path:
    """A site folder: site.yaml, corpus/ with the seed pages (and their sidecars) and ``files``."""
    site = tmp / name
    corpus = site / "corpus"
    corpus.mkdir(parents=True)
    if seeds:
        for path in SEEDS:
            shutil.copy(path, corpus / path.name)
            side = path.with_suffix(".yaml")
            if side.exists():
                shutil.copy(side, corpus / side.name)
    for rel, data in (files or {}).items():
        target = corpus / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    (site / "site.yaml").write_text(site_yaml, encoding="utf-8")
    return site


def run(site: Path, *args: str, timeout: float = 300, preexec_fn=None, env: dict | None = None,
        command: str = "build") -> subprocess.CompletedProcess:
    """``newsarchive COMMAND --root site ARGS`` in a process of its own."""
    return subprocess.run([sys.executable, "-m", "newsarchive.cli", command, "--root", str(site), *args],
                          capture_output=True, text=True, timeout=timeout, preexec_fn=preexec_fn,
                          env={**os.environ, **(env or {})}, cwd=site)


def python(code: str, *args: str, timeout: float = 300, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``python -c code args`` (a build with something patched, in a process of its own)."""
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=timeout,
                          cwd=cwd)


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder`` (hidden ones too): file bytes, ``->target`` for a symlink,
    ``<dir>`` for a folder."""
    out: dict[str, bytes | str] = {}
    if not folder.exists():
        return out
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            out[rel] = "->" + os.readlink(path)
        elif path.is_dir():
            out[rel] = "<dir>"
        else:
            out[rel] = path.read_bytes()
    return out


def without_cache(snap: dict, cache: str = ".cache") -> dict:
    return {k: v for k, v in snap.items() if k != cache and not k.startswith(cache + "/")}


def assert_person_error(proc: subprocess.CompletedProcess, *needles: str) -> list[str]:
    """Exit 2, no traceback, at least one ``FILE:LINE: error: … (hint: …)`` line, and every
    needle in it; the error lines."""
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode == 2, (proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    errors = [line for line in proc.stderr.splitlines() if ERROR_LINE.match(line)]
    assert errors, proc.stderr[-2000:]
    for needle in needles:
        assert any(needle in line for line in errors), (needle, errors)
    return errors


def settle() -> None:
    """Wait for a replaced output folder to be deleted (in-process builds)."""
    from newsarchive import write

    write.wait_cleanup()
