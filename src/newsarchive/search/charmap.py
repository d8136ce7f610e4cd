"""Character maps from OpenCC's dictionaries: t2s for queries, s2t for display on the zh-Hant edition."""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path


def _opencc_dir() -> Path | None:
    spec = importlib.util.find_spec("opencc")
    if spec is None or not spec.submodule_search_locations:
        return None
    for loc in spec.submodule_search_locations:
        d = Path(loc) / "dictionary"
        if (d / "TSCharacters.txt").is_file() and (d / "STCharacters.txt").is_file():
            return d
    return None


def _read_char_dict(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" not in line:
            continue
        src, _, dst = line.partition("\t")
        first = dst.split(" ")[0]
        if len(src) == 1 and len(first) == 1 and first != src:
            out[src] = first
    return out


@lru_cache(maxsize=1)
def char_maps() -> tuple[dict[str, str], dict[str, str]]:
    """(t2s, s2t): single characters, OpenCC's first candidate, only characters that change.

    From the dictionaries shipped in ``opencc-python-reimplemented``; with another OpenCC
    binding (no text dictionaries), from converting each Han character on its own.
    """
    folder = _opencc_dir()
    if folder is not None:
        return _read_char_dict(folder / "TSCharacters.txt"), _read_char_dict(folder / "STCharacters.txt")
    import opencc  # pragma: no cover - only with the official binding

    from .textmodel import HAN  # pragma: no cover

    maps = []
    for cfg in ("t2s", "s2t"):  # pragma: no cover
        conv = opencc.OpenCC(cfg)
        m = {}
        for a, b in HAN:
            for cp in range(a, b + 1):
                ch = chr(cp)
                out = conv.convert(ch)
                if len(out) == 1 and out != ch:
                    m[ch] = out
        maps.append(m)
    return maps[0], maps[1]  # pragma: no cover


def _map_json(m: dict[str, str]) -> bytes:
    keys = sorted(m)
    return json.dumps({"from": "".join(keys), "to": "".join(m[k] for k in keys)},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@lru_cache(maxsize=1)
def maps_json() -> tuple[bytes, bytes]:
    """``search/t2s.json`` and ``search/s2t.json``."""
    t2s, s2t = char_maps()
    return _map_json(t2s), _map_json(s2t)


def convert(text: str, m: dict[str, str]) -> str:
    return "".join(m.get(c, c) for c in text)
