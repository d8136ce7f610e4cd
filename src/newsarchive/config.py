"""``site.yaml`` -> a frozen ``SiteConfig``; every bad key is reported at once, with file:line.

Missing file: defaults. Unknown keys, wrong types and bad values (a file that is not UTF-8,
anchors and aliases, a bad ``papers:`` entry, a slug the site uses itself, ``workers: 10**9``)
are diagnostics (with a hint), never exceptions, so an editor sees every problem in one run.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import yamlsafe
from .chars import strip_value
from .errors import Diagnostic, Severity, one_line, quote

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
    "traditional": "s2tw",
    "data": True,
    "reprints": True,
    "workers": 0,
    "use_directory_urls": True,
    "host": "none",
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
    "reprints": bool,
    "workers": int,
    "use_directory_urls": bool,
    "host": str,
}


TYPE_WORDS = {str: "text", int: "a whole number", bool: "true or false", list: "a list", dict: "a mapping",
              float: "a number", type(None): "empty"}
"""How a message names a YAML value's type (`workers` should be a whole number, not text)."""


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
    """Publish the open data: JSON per issue, bulk JSON Lines and SQLite per paper and year."""
    reprints: bool = True
    """Find the articles that print one text (reprints, 通稿): 同文另见 on article pages, the
    ``reprints/`` index, folded search hits, ``text_id`` in the open data (``reprints.py``)."""
    use_directory_urls: bool = True
    """Links to pages end in ``/`` (``liaoyuan/``), as on any web server; false: in
    ``index.html`` (``liaoyuan/index.html``), so the site also works opened from disk (as
    MkDocs' setting of the same name)."""
    host: str = "none"
    """Where the site is published (``hosts.py``): the build warns before the output passes that
    host's limits (site size, file count, file size). ``github-pages``, ``cloudflare-pages``,
    ``netlify``, ``s3`` or ``none``."""
    traditional: str | bool = "s2tw"
    """The Traditional edition's OpenCC conversion, or false for none. ``s2tw`` (Taiwan's
    standard character forms: 為 群 眾, not s2t's 爲 羣 衆) by default; ``s2hk`` for Hong Kong's;
    ``s2t`` for OpenCC's dictionary forms; ``s2twp`` also replaces words with Taiwan
    vocabulary (项目 -> 專案), which rewrites what the paper printed
    (``benchmarks/traditional_variants.py``)."""
    editor: bool = False
    """Not a site.yaml key: ``serve`` builds with it, so the raw-text pages carry the parser's
    role and probability on each unit and the key of roles (an editor's view). The published
    build leaves them out (issue 16: a tenth of a raw page's bytes that no reader saw). Part of
    the build's salt: pages built one way are rebuilt the other way."""
    source: str = ""
    extra: dict = field(default_factory=dict)
    lines: tuple = field(default=(), repr=False, compare=False)
    """(key, line in site.yaml) of every key given (for messages; not part of the build's salt)."""

    def line_of(self, key: str) -> int:
        return dict(self.lines).get(key, 0)

    @property
    def corpus_dir(self) -> Path:
        return (self.root / self.corpus).resolve()

    @property
    def output_dir(self) -> Path:
        return (self.root / self.output).resolve()


PATH_KEYS = ("corpus", "output", "templates", "static", "cache")
MAX_WORKERS = 256


def load_config(root: Path, name: str = "site.yaml") -> tuple[SiteConfig, list[Diagnostic]]:
    """Read ``root/site.yaml`` (absent -> defaults) and validate every key."""
    path = root / name
    diags: list[Diagnostic] = []
    if not path.exists():
        return SiteConfig(root=root.resolve()), diags
    fallback = SiteConfig(root=root.resolve(), source=name)
    text = _read(path, name, diags)
    if text is None:
        return fallback, diags
    try:
        node = yamlsafe.compose(text)
        data = {} if node is None else yamlsafe.construct(node)
    except yamlsafe.AnchorError as exc:
        diags.append(Diagnostic(Severity.ERROR, name, yamlsafe.error_line(exc), f"site.yaml: {yamlsafe.error_text(exc)}",
                                yamlsafe.ANCHOR_HINT, code="config-yaml"))
        return fallback, diags
    except yaml.YAMLError as exc:
        diags.append(Diagnostic(Severity.ERROR, name, yamlsafe.error_line(exc),
                                f"site.yaml is not valid YAML: {yamlsafe.error_text(exc)}",
                                "fix the YAML syntax (indentation, a missing colon or quote)", code="config-yaml"))
        return fallback, diags
    except (RecursionError, ValueError, TypeError, OverflowError) as exc:
        diags.append(Diagnostic(Severity.ERROR, name, 0, f"site.yaml cannot be read: {quote(str(exc))}",
                                "simplify it: one `key: value` per line", code="config-yaml"))
        return fallback, diags
    if not isinstance(data, dict):
        diags.append(Diagnostic(Severity.ERROR, name, 1, "site.yaml must hold a mapping of keys", "write `title: …` etc.",
                                code="config-type"))
        return fallback, diags
    lines: dict = {}
    items: dict = {}  # key -> the node of its value
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode):
                lines.setdefault(k.value, k.start_mark.line + 1)
                items[k.value] = v
    values: dict = {}
    for key, value in data.items():
        line = lines.get(key, 0) if isinstance(key, str) else 0
        if key not in TYPES:
            shown = str(key)
            close = difflib.get_close_matches(shown, TYPES, n=1) if len(shown) < 100 else []
            hint = f"did you mean `{close[0]}`?" if close else f"known keys: {', '.join(sorted(TYPES))}"
            diags.append(Diagnostic(Severity.WARNING, name, line, f"unknown key `{one_line(shown[:80])}`" + ("…" if len(shown) > 80 else ""), hint, code="config-key"))
            continue
        if not isinstance(value, TYPES[key]) or (TYPES[key] is int and isinstance(value, bool)):
            types = TYPES[key] if isinstance(TYPES[key], tuple) else (TYPES[key],)
            want = " or ".join(TYPE_WORDS.get(t, t.__name__) for t in types)
            diags.append(Diagnostic(Severity.ERROR, name, line,
                                    f"`{key}` should be {want}, not {TYPE_WORDS.get(type(value), type(value).__name__)}",
                                    f"default is {DEFAULTS[key]!r}", code="config-type"))
            continue
        value, cleaned = strip_value(value)
        if cleaned:
            diags.append(Diagnostic(Severity.WARNING, name, line, f"`{key}`: characters that are not text removed "
                                    "(NUL, other control characters, U+FFFE or U+FFFF)",
                                    "remove the escape sequences that produce them", code="config-value"))
        problem = _bad_value(key, value)
        if problem:
            diags.append(Diagnostic(Severity.ERROR, name, line, problem[0], problem[1], code="config-value"))
            continue
        if key == "traditional" and value is True:
            value = DEFAULTS["traditional"]
        if key == "papers":
            bad = _bad_papers(value, items.get("papers"), name, line)
            if bad is not None:
                diags.append(bad)
                continue
        values[key] = tuple(value) if isinstance(value, list) else value
    if os.environ.get(BASE_URL_ENV):
        values["base_url"] = os.environ[BASE_URL_ENV]  # CI publishing: the host decides the address
    base = values.get("base_url", DEFAULTS["base_url"])
    if "://" not in base:
        diags.append(Diagnostic(Severity.INFO, name, lines.get("base_url", 0),
                                f"base_url {quote(base)} is not absolute: canonical links, feeds and the sitemap "
                                "will carry site-relative URLs",
                                "set base_url to the published address, e.g. https://example.org/archive/",
                                code="config-base-url"))
    return SiteConfig(root=root.resolve(), source=name, lines=tuple(sorted(lines.items())), **values), diags


def _read(path: Path, name: str, diags: list[Diagnostic]) -> str | None:
    """site.yaml's text (UTF-8, with or without BOM); None and an error when it cannot be had."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        diags.append(Diagnostic(Severity.ERROR, name, 0, f"cannot read site.yaml: {exc.strerror or exc}",
                                "check that site.yaml is a readable file", code="config-read"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        diags.append(Diagnostic(Severity.ERROR, name, line,
                                f"site.yaml is not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}",
                                "save site.yaml as UTF-8 (your editor's 'save with encoding')", code="config-encoding"))
        return None


def _bad_value(key: str, value) -> tuple[str, str] | None:
    """(message, hint) when a value of the right type cannot be used."""
    if key in PATH_KEYS:
        if not value.strip():
            return f"`{key}` is empty", f"name a folder, e.g. {key}: {DEFAULTS[key]}"
        if "\x00" in value:
            return f"`{key}` holds a NUL character", f"name a folder, e.g. {key}: {DEFAULTS[key]}"
    if key == "workers" and not 0 <= value <= MAX_WORKERS:
        return (f"`workers: {value}` is out of range 0..{MAX_WORKERS}",
                "use 0 (one process per core) or a small number such as 2")
    if key == "traditional" and isinstance(value, str) and value not in ("s2t", "s2tw", "s2hk", "s2twp"):
        return (f"unknown conversion {quote(value)} for `traditional`",
                "use s2t, s2tw, s2hk or s2twp, or false for no Traditional edition")
    if key == "host":
        from .hosts import HOSTS

        if value not in HOSTS:
            close = difflib.get_close_matches(value, HOSTS, n=1)
            return (f"unknown host {quote(value)}",
                    f"did you mean {close[0]}?" if close else f"use one of {', '.join(HOSTS)}")
    return None


def _bad_papers(entries: list, node, name: str, line: int) -> Diagnostic | None:
    """An error naming the ``papers:`` entry (and its line) the registry cannot take, or None."""
    from .papers import RegistryError, load_registry

    try:
        load_registry(extra=entries)
    except RegistryError as exc:
        at = line
        if exc.entry is not None and isinstance(node, yaml.SequenceNode) and exc.entry < len(node.value):
            at = node.value[exc.entry].start_mark.line + 1
        return Diagnostic(Severity.ERROR, name, at, str(exc).removeprefix("papers registry: "),
                          "fix this entry under `papers:` (fields: name, slug, city, role, pinyin, cn, publisher, "
                          "markers, places)", code="config-papers")
    return None
