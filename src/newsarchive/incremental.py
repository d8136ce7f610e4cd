"""Incremental bookkeeping: what a build depends on, and how a rebuild knows what changed.

* ``record_salt``: what every parsed record depends on besides its file (record cache key);
* ``global_salt``: what every page depends on (code, theme, libraries, config, templates);
* ``input_stamp``: a digest of every input's stat, so a build with nothing changed does nothing;
* ``signature``: the signature of a page group (or of the search index, the SQLite file) from
  its dependencies, views replaced by their tokens;
* ``Loader``: an issue's full records from the record cache (the archive holds summaries).

Nothing here writes output; ``write.py`` keeps or replaces files by these signatures.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from pathlib import Path

from .config import SiteConfig
from .errors import BuildError, Diagnostic, Severity
from .model import ParsedFile
from .papers import load_registry
from .parse import roles
from .records import RecordCache, code_digests, stat_sig
from .sources import SourceFile, discover
from .sources import _source_file as source_file


def stat_pair(src: SourceFile) -> str:
    """The stat signature of a file and its sidecar; "" when either cannot be trusted or read
    (the file is then judged by its bytes, and an unreadable one reported by ``parse_source``)."""
    try:
        a, b = stat_sig(src.path), stat_sig(src.sidecar)
    except OSError:
        return ""
    return f"{a}|{b}" if a and b else ""


def record_salt(config: SiteConfig, code: str | None = None) -> str:
    """What every parsed record depends on besides its file: the code (``code_digests()[0]``),
    the role model the site parses with, and the papers registry."""
    code = code or code_digests()[0]
    model = roles.digest_of(roles.active())
    return hashlib.sha256(f"{code}\0{model}\0{config.papers!r}".encode("utf-8")).hexdigest()


LIBRARIES = ("jinja2", "markupsafe", "markdown-it-py", "nh3", "opencc-python-reimplemented", "opencc", "pyyaml")


def global_salt(config: SiteConfig, package: str | None = None) -> str:
    """A digest of what every page depends on: newsarchive's code and theme (``package``:
    ``code_digests()[1]``), the libraries that shape the output, the site's configuration and
    its template overrides."""
    from importlib import metadata

    package = package or code_digests()[1]
    h = hashlib.sha256(f"{package}\0{config!r}".encode("utf-8"))
    for name in LIBRARIES:
        try:
            h.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=-\0".encode())
    h.update(tree_digest(config.root / config.templates).encode("ascii"))
    return h.hexdigest()


def tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                h.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def input_stamp(config: SiteConfig, salt: str, discovered: tuple | None = None, sigs: dict | None = None) -> str:
    """A digest of every input's stat (corpus files, sidecars, static files) and of ``salt``;
    "" when a file is too fresh for its stat to be trusted (then the build runs)."""
    h = hashlib.sha256(salt.encode("ascii"))
    h.update(str(config.output_dir).encode("utf-8"))
    sources, diags = discovered or discover(config.corpus_dir)
    if diags:
        return ""  # unreadable folders or odd names: let the build report them again
    for src in sources:
        sig = sigs[src.rel] if sigs is not None else stat_pair(src)
        if not sig:
            return ""
        h.update(f"{src.rel}\0{sig}\0".encode("utf-8"))
    static = config.root / config.static
    if static.is_dir():
        for path in sorted(static.rglob("*")):
            sig = stat_sig(path) if path.is_file() else "dir"
            if not sig:
                return ""
            h.update(f"{path}\0{sig}\0".encode("utf-8"))
    return h.hexdigest()


class View(dict):
    """A view (a dict templates read) made from nothing but what its ``token`` signs: a
    signature names it by that token instead of spelling it out (``signature``)."""

    __slots__ = ("token",)


class Views(list):
    """A list of ``View``s (the articles of an author's page, the issues of a day): a signature
    names it by its views' tokens in one step instead of one per view."""

    __slots__ = ()


def _view(token: str) -> None:
    """What a ``View`` stands for in a signature's bytes (never called: nothing is unpickled)."""


def _views(tokens: tuple) -> None:
    """What a ``Views`` list stands for in a signature's bytes (never called)."""


def signature(salt: str, key: str, deps, tokens: bool = False) -> str:
    """The signature of a page group: ``salt`` + its key + its deps (with ``tokens``, every
    ``View`` replaced by its token; without, deps must hold no view). pickle serves only as a
    fast byte encoding to hash here: nothing pickled is ever written or loaded."""
    buf = io.BytesIO()
    if tokens:
        pickler = TokenPickler(buf, protocol=4)
    else:
        pickler = pickle.Pickler(buf, protocol=4)  # all in C: no call back per object
    pickler.fast = True  # no memo: the bytes must not depend on which objects happen to be shared
    pickler.dump((key, deps))
    return hashlib.blake2b(salt.encode("ascii") + buf.getvalue(), digest_size=16).hexdigest()


class TokenPickler(pickle.Pickler):
    """Pickles a ``View`` as its token. ``reducer_override`` is called back only for objects
    that are not plain dicts, lists, strings, numbers ... (a ``persistent_id`` was called for
    every object: 2.8 million calls in a 100k archive's signatures); a ``Views`` list is
    one call for all its views (a call per view was half of a 100k archive's signing time)."""

    def reducer_override(self, obj):
        kind = type(obj)
        if kind is View:
            return _view, (obj.token,)
        if kind is Views:
            tokens = tuple([v.token for v in obj if type(v) is View])
            if len(tokens) == len(obj):
                return _views, (tokens,)
        return NotImplemented


class Loader:
    """Full records of one issue's pages, from the record cache (the archive holds summaries)."""

    def __init__(self, config: SiteConfig, salt: str):
        self.folder = config.root / config.cache
        self.salt = salt
        self.papers = config.papers
        self.corpus = config.corpus_dir
        self._cache: RecordCache | None = None
        self._pid = os.getpid()

    def pages(self, issue) -> list[ParsedFile]:
        if self._cache is None or self._pid != os.getpid():  # a forked worker opens its own
            self._cache, self._pid = RecordCache(self.folder, self.salt, readonly=True), os.getpid()
        out = []
        for pf in issue.pages:
            if not pf.summary_of:
                out.append(pf)
                continue
            full = self._cache.full(pf)
            if full is None:  # gone or damaged since the build read its summary: parse it again
                full = self._reparse(pf)
            out.append(full)
        return out

    def _reparse(self, pf: ParsedFile) -> ParsedFile:
        found: list[Diagnostic] = []
        src = source_file(self.corpus, Path(pf.source), found, pf.path)  # the corpus rules again (symlinks)
        from .pipeline import parse_source  # the one way a file is parsed

        full, diags = (None, found) if src is None else parse_source(src, load_registry(extra=list(self.papers) or None))
        if full is None:
            raise BuildError([d for d in diags if d.severity is Severity.ERROR][:1] or [Diagnostic(
                Severity.ERROR, pf.path, 0, "the file changed while the site was being built",
                "build again", code="changed")])
        full.key, full.source = pf.key, pf.source
        return full

    def close(self) -> None:
        if self._cache is not None and self._pid == os.getpid():
            self._cache.close()
            self._cache = None
