"""``site.yaml`` -> a frozen ``SiteConfig``; every bad key is reported at once, with file:line.

Missing file: defaults. Unknown keys and wrong types are diagnostics (with the closest known
key as a hint), never exceptions, so an editor sees every problem in one run.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import Diagnostic, Severity

BASE_URL_ENV = "NEWSARCHIVE_BASE_URL"
DEFAULTS = {
    "title": "报纸档案",
    "base_url": "/",
    "language": "zh-Hans",
    "corpus": "corpus",
    "output": "public",
    "templates": "templates",
    "static": "static",
    "cache": ".cache",
    "labels": "labels",
    "papers": [],
    "licence": "",
    "search": True,
    "traditional": "s2t",
    "data": True,
    "workers": 0,
}
TYPES = {
    "title": str,
    "base_url": str,
    "language": str,
    "corpus": str,
    "output": str,
    "templates": str,
    "static": str,
    "cache": str,
    "labels": str,
    "papers": list,
    "licence": str,
    "search": bool,
    "traditional": (str, bool),
    "data": bool,
    "workers": int,
}


@dataclass(frozen=True)
class SiteConfig:
    root: Path
    title: str = DEFAULTS["title"]
    base_url: str = DEFAULTS["base_url"]
    language: str = DEFAULTS["language"]
    corpus: str = DEFAULTS["corpus"]
    output: str = DEFAULTS["output"]
    templates: str = DEFAULTS["templates"]
    static: str = DEFAULTS["static"]
    cache: str = DEFAULTS["cache"]
    labels: str = DEFAULTS["labels"]
    """An editor's labelled pages (``labels/<path>.gold.yaml`` labels ``corpus/<path>.txt``):
    the site's role model is trained on them too (``sitemodel.py``)."""
    papers: tuple = ()
    licence: str = ""
    search: bool = True
    """Build the full-text search index and page (``search: false`` switches it off)."""
    workers: int = 0
    """Render processes for big sites; 0 = one per core."""
    data: bool = True
    """Publish the open data: JSON per article and issue, bulk JSON Lines, one SQLite file."""
    traditional: str | bool = "s2t"
    """The Traditional edition's OpenCC conversion (s2t, s2tw, s2hk, s2twp), or false for none."""
    source: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def corpus_dir(self) -> Path:
        return (self.root / self.corpus).resolve()

    @property
    def output_dir(self) -> Path:
        return (self.root / self.output).resolve()


def load_config(root: Path, name: str = "site.yaml") -> tuple[SiteConfig, list[Diagnostic]]:
    """Read ``root/site.yaml`` (absent -> defaults) and validate every key."""
    path = root / name
    diags: list[Diagnostic] = []
    if not path.exists():
        return SiteConfig(root=root.resolve()), diags
    text = path.read_text(encoding="utf-8-sig")
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        diags.append(Diagnostic(Severity.ERROR, name, line, f"site.yaml is not valid YAML: {getattr(exc, 'problem', exc)}",
                                "fix the YAML syntax (indentation, a missing colon or quote)", code="config-yaml"))
        return SiteConfig(root=root.resolve(), source=name), diags
    if not isinstance(data, dict):
        diags.append(Diagnostic(Severity.ERROR, name, 1, "site.yaml must hold a mapping of keys", "write `title: …` etc.",
                                code="config-type"))
        return SiteConfig(root=root.resolve(), source=name), diags
    lines = {}
    if node is not None and hasattr(node, "value") and isinstance(node.value, list):
        for k, _v in node.value:
            lines[getattr(k, "value", None)] = k.start_mark.line + 1
    values: dict = {}
    for key, value in data.items():
        line = lines.get(key, 0)
        if key not in TYPES:
            close = difflib.get_close_matches(str(key), TYPES, n=1)
            hint = f"did you mean `{close[0]}`?" if close else f"known keys: {', '.join(sorted(TYPES))}"
            diags.append(Diagnostic(Severity.WARNING, name, line, f"unknown key `{key}`", hint, code="config-key"))
            continue
        if not isinstance(value, TYPES[key]):
            want = " or ".join(t.__name__ for t in TYPES[key]) if isinstance(TYPES[key], tuple) else TYPES[key].__name__
            diags.append(Diagnostic(Severity.ERROR, name, line,
                                    f"`{key}` should be a {want}, not {type(value).__name__}",
                                    f"default is {DEFAULTS[key]!r}", code="config-type"))
            continue
        if key == "traditional" and value is True:
            value = "s2t"
        if key == "traditional" and isinstance(value, str) and value not in ("s2t", "s2tw", "s2hk", "s2twp"):
            diags.append(Diagnostic(Severity.ERROR, name, line, f"unknown conversion `{value}` for `traditional`",
                                    "use s2t, s2tw, s2hk or s2twp, or false for no Traditional edition",
                                    code="config-value"))
            continue
        values[key] = tuple(value) if isinstance(value, list) else value
    if os.environ.get(BASE_URL_ENV):
        values["base_url"] = os.environ[BASE_URL_ENV]  # CI publishing: the host decides the address
    base = values.get("base_url", DEFAULTS["base_url"])
    if "://" not in base:
        diags.append(Diagnostic(Severity.INFO, name, lines.get("base_url", 0),
                                f"base_url {base!r} is not absolute: canonical links, feeds and the sitemap "
                                "will carry site-relative URLs",
                                "set base_url to the published address, e.g. https://example.org/archive/",
                                code="config-base-url"))
    return SiteConfig(root=root.resolve(), source=name, **values), diags
