"""``load()``: discover -> decode -> parse, collecting every diagnostic; the report it makes.

Reads like a table of contents. Nothing here prints; the CLI does.
"""

from __future__ import annotations

import gc
import hashlib
import heapq
import os
import sqlite3
import time
from importlib import resources
from dataclasses import dataclass, field
from pathlib import Path

from . import cachedb, data, forks, hosts, reprints, urls
from .archive import Archive, build_archive, full_items
from .checks import archive_checks
from .config import SiteConfig
from .pages import Planner, robots_note, site_context
from .convert import Converter, prepare_cache
from .render import HANS, HANT, environment, in_every_edition, render_page, theme_dir
from .records import RecordCache, code_digests, content_key
from .write import SiteWriter, Stage, load_manifest, tidy

from .corrections import apply_corrections
from .errors import BuildError, Diagnostic, InputError, Severity, quote
from .safety import check_paths
from .model import ParsedFile
from .papers import Registry, load_registry
from .parse import parse_lines
from .parse.dates import date_from_path
from .sources import FOLDER_ERRORS, SourceFile, clean, decode, discover, load_sidecar, read_source
from . import sitemodel
from .labels import label_diagnostics
from .incremental import Loader, global_salt, input_stamp, record_salt, signature, stat_pair
from .resident import Resident


@dataclass
class LoadResult:
    files: list[ParsedFile] = field(default_factory=list)
    """Parsed files; summaries (``ParsedFile.summary()``) when loaded for a build."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    article_count: int = 0
    coverage: tuple[int, int] = (0, 0)
    """(non-space characters placed in exactly one record, non-space characters) over all files."""
    file_count: int = 0
    cache: dict = field(default_factory=dict)
    """Record cache use: ``{"hits": n, "parsed": n}``."""
    cache_at: tuple | None = None
    """(folder, salt) of the record cache the full records are in, when ``files`` are summaries."""

    def record(self, path: str) -> ParsedFile | None:
        """The full record of the file at ``path`` (loaded from the record cache for a summary)."""
        pf = next((f for f in self.files if f.path == path), None)
        if pf is None or not pf.summary_of or self.cache_at is None:
            return pf
        cache = RecordCache(*self.cache_at, readonly=True)
        try:
            return cache.full(pf)
        finally:
            cache.close()

    def add(self, pf: ParsedFile, counts: tuple[int, int, int]) -> None:
        """Keep a record (or its summary) with its counts: (lines placed once, non-blank lines, articles)."""
        placed, total, articles = counts
        self.coverage = (self.coverage[0] + placed, self.coverage[1] + total)
        self.article_count += articles
        self.file_count += 1
        self.files.append(pf)


def counts_of(pf: ParsedFile) -> tuple[int, int, int]:
    """(non-space characters placed in exactly one record, non-space characters, articles) of a
    full record."""
    placed, total, _, _ = pf.placement()
    return placed, total, sum(1 for a in pf.articles if a.is_article)


def parse_source(src: SourceFile, registry: Registry) -> tuple[ParsedFile | None, list[Diagnostic]]:
    """Decode and parse one file; a file that cannot be read yields a diagnostic, not an exception."""
    diags: list[Diagnostic] = []
    hints: dict = {}
    if src.sidecar is not None:
        values, side_diags = load_sidecar(src.sidecar, src.sidecar_rel or src.rel, papers=registry.names())
        hints.update(values)
        diags.extend(side_diags)
    path_date = date_from_path(src.rel)
    if path_date:
        hints["path_date"] = path_date
    try:
        lines, decoded = read_source(src)
    except InputError as exc:
        return None, diags + [exc.diagnostic]
    diags.extend(decoded.notes)
    pf = parse_lines(lines, path=src.rel, registry=registry, hints=hints)
    pf.encoding = decoded.encoding
    pf.source = str(src.path)
    pf.digest = hashlib.sha256("".join(decoded.text.split()).encode("utf-8")).hexdigest()
    side = src.sidecar_rel or src.rel
    diags.extend(apply_corrections(pf, hints.get("articles"), side))
    pf.ignore = _ignore_codes(hints.get("ignore"), side, diags)
    diags.extend(pf.diagnostics)
    diags.extend(_file_checks(pf))
    diags = acknowledge(diags, pf.ignore)
    pf.diagnostics = diags
    return pf, diags


def _ignore_codes(value, sidecar: str, diags: list[Diagnostic]) -> frozenset:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        diags.append(Diagnostic(Severity.WARNING, sidecar, 0, "`ignore:` must be a list of warning codes",
                                "write ignore: [no-date, page-count]", code="sidecar-ignore"))
        return frozenset()
    return frozenset(value)


def acknowledge(diags: list[Diagnostic], codes: frozenset) -> list[Diagnostic]:
    """Warnings whose code an editor listed under ``ignore:`` become notes (info), still shown."""
    if not codes:
        return diags
    return [Diagnostic(Severity.INFO, d.file, d.line, d.message + " (reviewed by an editor)", d.hint, d.code)
            if d.severity is Severity.WARNING and d.code in codes else d for d in diags]


MAX_HEADLINE = 48


def _file_checks(pf: ParsedFile) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    if not pf.nonblank_lines:
        return [Diagnostic(Severity.WARNING, pf.path, 0, "the file holds no text (empty or only white space)",
                           "remove it, or put the page's text in it", code="empty")]
    placed, total, lost, twice = pf.placement()
    if lost or twice:
        out.append(Diagnostic(Severity.ERROR, pf.path, (lost or twice)[0],
                              f"parser bug: {total - placed} character(s) not placed exactly once: "
                              f"{len(lost)} line(s) with text in no record, {len(twice)} with text in two",
                              "report this file to the newsarchive developers", code="lossless"))
    if pf.facts.city is None:
        out.append(Diagnostic(Severity.WARNING, pf.path, 0, "no city: no masthead and no place names decide it",
                              "add `city:` (or `paper:`) to a sidecar NAME.yaml", code="unknown-city"))
    if pf.facts.date is None:
        what = "only inferred" if pf.facts.date_evidence == "inferred" else "unknown"
        out.append(Diagnostic(Severity.WARNING, pf.path, 0, f"issue date {what}",
                              "add `date: YYYY-MM-DD` to a sidecar NAME.yaml", code="no-date"))
    for art in pf.articles:
        if art.kind != "photo" and art.headline and not art.paragraphs:
            out.append(Diagnostic(Severity.WARNING, pf.path, art.first_line, f"article without a body: {art.headline[:30]!r}",
                                  "a title with no text: check the layout, or merge it with a sidecar correction",
                                  code="no-body"))
        if art.headline and len(art.headline) > MAX_HEADLINE:
            out.append(Diagnostic(Severity.WARNING, pf.path, art.first_line,
                                  f"headline of {len(art.headline)} characters: {art.headline[:24]!r}…",
                                  "probably body text read as a title; correct it in a sidecar", code="long-headline"))
    for blk in pf.blocks:
        if blk.kind == "unclassified":
            out.append(Diagnostic(Severity.WARNING, pf.path, blk.lines[0] if blk.lines else 0,
                                  f"unclassified text ({blk.reason}): {blk.text[:30]!r}",
                                  "check the layout here; a sidecar can name the article", code="unclassified"))
    return out


def load_paths(paths: list[Path], registry: Registry | None = None, cache: RecordCache | None = None,
               summarize: bool = False, workers: int = 1) -> LoadResult:
    """Load files and folders given on the command line (folders are searched recursively).

    With a ``cache``, unchanged files come from the record cache and new ones are parsed (in
    ``workers`` processes when there are many); with ``summarize`` the result keeps summaries
    of the records (the full ones stay in the cache)."""
    registry = registry or load_registry()
    result = LoadResult()
    sources: list[SourceFile] = []
    for path in paths:
        if path.is_dir():
            found, diags = discover(path)
            sources.extend(found)
            result.diagnostics.extend(diags)
        elif path.is_file():
            sources.append(SourceFile(path=path.resolve(), rel=path.name if path.is_absolute() else path.as_posix(),
                                      sidecar=_sidecar_of(path)))
        else:
            result.diagnostics.append(Diagnostic(Severity.ERROR, str(path), 0, "no such file or folder",
                                                 "check the path", code="missing"))
    return load_sources(sources, result, registry, cache, summarize, workers)


def load_sources(sources: list[SourceFile], result: LoadResult, registry: Registry,
                 cache: RecordCache | None = None, summarize: bool = False, workers: int = 1,
                 sigs: dict | None = None, resident: Resident | None = None) -> LoadResult:
    """Parse (or take from the cache) every source into ``result``; ``sigs``: their stat
    signatures when the caller has them already; ``resident``: summaries kept in memory by a
    long-running process (taken and left there)."""
    parsed = _parse_all(sources, registry, cache, workers, summarize, sigs, resident)
    for src, (pf, diags, counts) in zip(sources, parsed):
        result.diagnostics.extend(diags)
        if pf is None:
            result.failed.append(src.rel)
            continue
        pf.source = str(src.path)
        result.add(pf, counts)
    if cache is not None:
        result.cache = {"hits": cache.hits, "parsed": cache.misses}
        result.cache_at = (cache.folder, cache.salt) if summarize else None
    return result


def _parse_all(sources: list[SourceFile], registry: Registry, cache: RecordCache | None, workers: int,
               summarize: bool, sigs: dict | None = None, resident: Resident | None = None) -> list[tuple]:
    """(record or None, diagnostics, counts) for every source, in order: from memory (a
    ``resident`` summary whose file's stat is unchanged), else from the cache when it has the
    record, else parsed (and put in the cache). Records are summaries with ``summarize``."""
    out: list = [None] * len(sources)
    todo: list[tuple[int, str, str]] = []  # (index, stat signature, key) of files to parse
    held: dict[str, tuple[str, str, tuple]] = {}  # what a resident keeps for the next build
    resident = resident if cache is not None and summarize else None
    for n, src in enumerate(sources):
        if cache is None:
            todo.append((n, "", ""))
            continue
        sig = sigs[src.rel] if sigs is not None else stat_pair(src)
        kept = resident.record(src.rel, sig) if resident is not None else None
        if kept is not None:
            cache.keep(src.rel, kept[0])  # used: the cache's pruning must not drop its rows
            out[n] = kept[1]
            held[src.rel] = (sig, *kept)
            continue
        key = cache.known(src.rel, sig)
        value = cache.get(key, summary=summarize) if key else None
        if value is None:
            try:
                data = src.path.read_bytes()
                side = src.sidecar.read_bytes() if src.sidecar is not None else None
            except OSError:
                todo.append((n, "", ""))
                continue
            key = content_key(cache.salt, src.rel, data, side)
            value = cache.get(key, summary=summarize)
            if value is not None:
                cache.remember(src.rel, sig, key)
        if value is None:
            todo.append((n, sig, key))
        else:
            out[n] = value
            if sig and key:
                held[src.rel] = (sig, key, value)
    for (n, sig, key), (pf, diags) in zip(todo, _parse_many([sources[n] for n, _, _ in todo], registry, workers)):
        if pf is None:
            out[n] = (None, diags, (0, 0, 0))
            continue
        pf.key = key
        counts = counts_of(pf)
        full, small = (pf, diags, counts), (pf.summary(), diags, counts)
        if cache is not None and key:
            cache.put(sources[n].rel, sig, key, full, small)
            if sig:
                held[sources[n].rel] = (sig, key, small)
        out[n] = small if summarize else full
    if resident is not None:
        resident.hold_records(held)
    return out



PARALLEL_MIN_FILES = 64


def _parse_many(sources: list[SourceFile], registry: Registry, workers: int):
    """(ParsedFile or None, diagnostics) for each source, in order, as they are parsed (a
    generator: the caller keeps a summary of each and lets the full record go)."""
    if workers <= 1 or len(sources) < PARALLEL_MIN_FILES or not forks.can_fork():
        yield from (parse_source(src, registry) for src in sources)
        return
    with forks.pool(workers, (sources, registry)) as pool:
        yield from pool.imap(_parse_worker, range(len(sources)), chunksize=8)


def _parse_worker(n: int):
    sources, registry = forks.job()
    return parse_source(sources[n], registry)


def _sidecar_of(path: Path) -> Path | None:
    for ext in (".yaml", ".yml"):
        side = path.with_suffix(ext)
        if side.exists():
            return side
    return None


def load_site(config: SiteConfig, summarize: bool = False, cached: bool = False,
              salt: str | None = None, discovered: tuple | None = None,
              sigs: dict | None = None, resident: Resident | None = None) -> tuple[LoadResult, Archive]:
    """Everything `check` needs and `build` starts from: parse the corpus, group it into
    issues, and run the checks across files. Writes nothing, unless ``cached``: then records
    come from (and go to) the record cache, which a build keeps under ``cache:``."""
    registry = load_registry(extra=list(config.papers) or None)
    site_model = sitemodel.prepare(config, write=cached)
    cache = RecordCache(config.root / config.cache, salt or record_salt(config)) if cached else None
    try:
        if discovered is None:
            loaded = load_paths([config.corpus_dir], registry, cache=cache, summarize=summarize,
                                workers=_workers(config))
        else:  # the build has walked the corpus already (for its stamp)
            sources, diags = discovered
            loaded = load_sources(sources, LoadResult(diagnostics=list(diags)), registry, cache, summarize,
                                  _workers(config), sigs, resident)
    finally:
        if cache is not None:
            cache.close(prune=True)
    if cache is not None:
        loaded.diagnostics[:0] = cache.notes
    if site_model.labelled:
        loaded.diagnostics.extend(label_diagnostics(config, site_model.labelled, site_model.roles))
    loaded.diagnostics = [_on_config_line(config, d) for d in loaded.diagnostics]
    archive = build_archive(loaded.files, resident.issues if resident is not None else None)
    if resident is not None:
        resident.issues = archive.made
    ignore = {pf.path: pf.ignore for pf in loaded.files}
    for d in archive_checks(archive, loaded.files):
        loaded.diagnostics.extend(acknowledge([d], ignore.get(d.file, frozenset())))
    return loaded, archive


def _on_config_line(config: SiteConfig, d: Diagnostic) -> Diagnostic:
    """A missing corpus folder is told on the site.yaml line that names it."""
    if d.code not in ("no-corpus", "missing") or d.file not in (str(config.corpus_dir), config.corpus):
        return d
    return Diagnostic(Severity.ERROR, config.source or "site.yaml", config.line_of("corpus"),
                      f"the corpus folder {d.file} does not exist or is not a folder",
                      "check `corpus:` in site.yaml (the previous site is left as it was)", code="no-corpus")



def _workers(config: SiteConfig) -> int:
    return config.workers or (os.cpu_count() or 1)


@dataclass
class BuildResult:
    load: LoadResult
    issues: int = 0
    pages: int = 0
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    largest: list[tuple[str, int]] = field(default_factory=list)
    search: dict = field(default_factory=dict)
    convert: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)
    workers: int = 1
    stage_seconds: dict = field(default_factory=dict)
    mode: str = "full"
    """``full`` (a whole new output folder), ``incremental`` (only changed files written) or
    ``up-to-date`` (nothing changed since the last build: nothing done)."""
    rendered: int = 0
    """Page groups rendered (the others were unchanged and kept)."""
    groups: int = 0
    written: int = 0
    """Files whose bytes changed (written), and files deleted (``deleted``)."""
    deleted: int = 0
    search_pending: bool = False
    """True when ``search_later`` kept the previous search index although articles changed:
    build again (without it) to bring the index up to date."""
    model: dict = field(default_factory=dict)
    """The site's role model, when it has labelled pages: pages, trained now or cached, and its
    headline F1 on its own labels and on held-out labelled pages (``sitemodel.scores``)."""


def build(config: SiteConfig, progress=None, clean: bool = False, search_later: bool = False,
          resident: Resident | None = None) -> BuildResult:
    """Build the site (``_build``) with Python's cycle collector paused while the archive's
    long-lived objects are made: with hundreds of thousands of them, its repeated full scans
    cost more than the loading itself (measured: 2.7x on the record summaries). Before pages
    are rendered those objects are frozen out of its sight and it runs again for the garbage
    rendering makes (and forked render workers do not touch, so copy, the frozen objects' pages).
    ``resident``: what a long-running process keeps between builds (``resident.py``)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        try:
            return _build(config, progress, clean, search_later, resident)
        except sqlite3.DatabaseError as exc:
            # a cache file damaged half-way through (the checks on opening passed): nothing was
            # published; throw the caches away and build once more from the corpus
            if not cachedb.is_corruption(exc):
                raise
            folder = config.root / config.cache
            cachedb.discard_all(folder)
            if resident is not None:
                resident.clear()
            result = _build(config, progress, clean, search_later, resident)
            result.load.diagnostics.insert(0, cachedb.discarded(folder, quote(str(exc)), "build"))
            return result
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _resume_gc() -> None:
    """Called once everything long-lived exists: freeze it, collect only what comes after."""
    gc.freeze()
    gc.enable()


def _build(config: SiteConfig, progress=None, clean: bool = False, search_later: bool = False,
           resident: Resident | None = None) -> BuildResult:
    """load -> archive -> plan -> render (+ convert) -> write -> search, atomically into
    ``config.output_dir``. Each stage is timed in ``BuildResult.stage_seconds``.

    A rebuild is incremental (``write.py``): page groups whose inputs did not change are not
    rendered, files whose bytes did not change are not written, and when no input changed at
    all (``stamp``) nothing is done. ``clean`` builds everything into a new folder.
    ``search_later`` (the preview server): when articles changed, keep the previous search
    index for now (``BuildResult.search_pending``) so pages are published without waiting for
    the indexer; the next build without it brings the index up to date.
    ``progress(done, total)`` is called while pages render (the CLI draws a bar with it).
    """
    started = time.perf_counter()
    clock = _Clock()
    refused = check_paths(config)  # an output that would destroy or expose what the build did not make
    if refused:
        raise BuildError(refused)
    code, package = code_digests()  # once: code edited during a build must not mix two states
    site_model = sitemodel.prepare(config)  # trains when the site's labels changed
    salt = global_salt(config, package + site_model.digest)
    discovered = discover(config.corpus_dir)
    unreadable = [d for d in discovered[1] if d.code in FOLDER_ERRORS and d.severity is Severity.ERROR]
    if unreadable:  # the corpus cannot be known: publish nothing rather than a site without it
        raise BuildError([_on_config_line(config, d) for d in unreadable])
    sigs = {src.rel: stat_pair(src) for src in discovered[0]}  # stat once, for the stamp and the cache
    stamp = input_stamp(config, salt, discovered, sigs)
    records_salt = record_salt(config, code)
    if resident is not None:
        resident.settle(salt, records_salt)
    if stamp and not clean and (resident is None or resident.primed):  # (an empty resident is filled)
        tidy(config.output_dir)  # a killed build's leftovers go (or its commit completes) first
        man = load_manifest(config.output_dir, head_only=True)
        if man is not None and man.stamp == stamp and man.report:
            replayed = _replay(man.report, started)
            if replayed is not None:
                replayed.model = _model_report(site_model)  # trained now (to the same weights) or cached
                return replayed
    clock.lap("check")
    loaded, archive = load_site(config, summarize=True, cached=True, salt=records_salt,
                                discovered=discovered, sigs=sigs, resident=resident)
    clock.lap("parse")
    loader = Loader(config, records_salt)
    found = None
    if config.reprints:
        found = reprints.for_build(config, archive, loader.pages, release=loader.close, workers=_workers(config))
        loaded.diagnostics.extend(found.notes)
        clock.lap("reprints")
    site = site_context(config)
    planner = Planner(archive, site, search=config.search, traditional=bool(config.traditional), data=config.data,
                      reprints=found, views=resident.views if resident is not None else None)
    groups = planner.groups()
    env = resident.env if resident is not None and resident.env is not None else environment(
        config.root / config.templates)
    if resident is not None:
        resident.views, resident.env = planner.views_by_token(), env
    clock.lap("plan")
    result = BuildResult(load=loaded, issues=len(archive.issues), groups=len(groups),
                         pages=sum(g.size for g in groups), model=_model_report(site_model))
    with SiteWriter(config.output_dir, incremental=not clean,
                    held=resident.manifest if resident is not None else None) as out:
        _resume_gc()
        out.stamp = stamp
        _render_all(config, env, site, planner, groups, salt, loader, out, result, progress)
        clock.lap("render")
        if config.data:
            result.data = data.write_bulk(archive, lambda i: _export_issue(planner, loader, i), site["base_url"],
                                          out, salt, planner.issue_tokens, config.root / config.cache,
                                          notes=result.load.diagnostics)
            out.copy_tree(Path(str(resources.files("newsarchive") / "schemas")), "data/schema")
        if site["base_path"] == "/":  # crawlers read robots.txt at a host's root only
            out.write("robots.txt", f"User-agent: *\nAllow: /\nSitemap: {site['base_url']}sitemap.xml\n")
        else:
            result.load.diagnostics.append(robots_note(config, site))
        out.copy_tree(theme_dir() / "static", "static", skip=_names(config.root / config.static))
        out.copy_tree(config.root / config.static, "static", skip={"README.txt"})
        clock.lap("write")
        if config.search:
            result.search, result.search_pending = _index_search(planner, loader, out, salt, search_later)
            if result.search_pending:
                out.stamp = ""  # not up to date: the next build must index
            clock.lap("search")
        result.files, result.bytes = out.count, out.bytes
        sizes = out.sizes
        # the five largest files (what sorting 142,584 of them at 100k took: 0.19 s of every rebuild)
        result.largest = heapq.nsmallest(5, sizes.items(), key=lambda kv: (-kv[1], kv[0]))
        result.load.diagnostics.extend(hosts.check(config.host, sizes, config.source or "site.yaml",
                                                   config.line_of("host")))
        result.mode = "incremental" if out.incremental else "full"
        out.report = _report_of(result)
    loader.close()
    if resident is not None:
        resident.hold_manifest(out.committed, out.committed_at)
    result.written, result.deleted = out.changed, out.deleted
    clock.lap("write")
    result.stage_seconds = clock.laps
    if result.convert:
        # conversion ran inside the render loop: report it as its own stage
        # (with several render processes: their summed conversion time shared over the processes)
        share = round(result.convert["seconds"] / max(result.workers, 1), 3)
        result.stage_seconds["convert"] = share
        result.stage_seconds["render"] = round(max(0.0, result.stage_seconds["render"] - share), 3)
    result.seconds = time.perf_counter() - started
    return result


_REPORT_INTS = ("issues", "pages", "files", "bytes", "workers", "groups")


def _report_of(result: BuildResult) -> dict:
    """What a no-op build reports again: the last build's diagnostics and counts (JSON data,
    kept in the manifest)."""
    load = result.load
    kept = [d.to_json() for d in load.diagnostics if d.code != "cache-discarded"]  # this build's news only
    return {"load": {"diagnostics": kept, "failed": list(load.failed),
                     "article_count": load.article_count, "coverage": list(load.coverage),
                     "file_count": load.file_count},
            "largest": [list(x) for x in result.largest], "search": result.search, "data": result.data,
            "model": result.model, **{k: getattr(result, k) for k in _REPORT_INTS}}


def _model_report(site_model) -> dict:
    if not site_model.labelled:
        return {}
    return {"pages": len(site_model.labelled), "trained": site_model.trained,
            **site_model.meta.get("site_scores", {})}


def _report_from(report: dict) -> BuildResult:
    """The inverse of ``_report_of``, checked: ``ValueError`` (or ``KeyError``, ``TypeError``)
    for anything else."""
    load = report["load"]
    counts = [load["article_count"], load["file_count"], *load["coverage"], *(report[k] for k in _REPORT_INTS)]
    if len(load["coverage"]) != 2 or not all(type(n) is int and n >= 0 for n in counts):
        raise ValueError("bad counts")
    if not all(isinstance(f, str) for f in load["failed"]):
        raise ValueError("bad failed list")
    largest = [(name, size) for name, size in report["largest"]]
    if not all(isinstance(n, str) and type(s) is int for n, s in largest):
        raise ValueError("bad largest list")
    if not isinstance(report["search"], dict) or not isinstance(report["data"], dict):
        raise ValueError("bad statistics")
    model = report.get("model", {})
    if not isinstance(model, dict) or not all(isinstance(v, (int, float, bool)) for v in model.values()):
        raise ValueError("bad model report")
    loaded = LoadResult(diagnostics=[Diagnostic.from_json(d) for d in load["diagnostics"]],
                        failed=list(load["failed"]), article_count=load["article_count"],
                        coverage=tuple(load["coverage"]), file_count=load["file_count"])
    return BuildResult(load=loaded, largest=largest, search=report["search"], data=report["data"],
                       model=model, **{k: report[k] for k in _REPORT_INTS})


def _replay(report: dict, started: float) -> BuildResult | None:
    """The last build's result again, or None when its report cannot be read (then the build runs)."""
    try:
        result = _report_from(report)
    except (ValueError, KeyError, TypeError):
        return None
    result.mode = "up-to-date"
    result.seconds = time.perf_counter() - started
    result.stage_seconds = {"check": round(result.seconds, 3)}
    return result



def _index_search(planner: Planner, loader: Loader, out: SiteWriter, salt: str, later: bool) -> tuple[dict, bool]:
    """The search index in segments of whole years (``search/segments.py``): a segment whose issues
    did not change keeps its files; ``later`` (the preview server) keeps a changed segment's
    previous files for now. Returns (statistics of the segments indexed, whether any was kept
    out of date)."""
    from . import search  # only a build with search loads the indexer

    plan = search.issues_by_segment(planner)
    todo, pending = [], False
    for name, issues in plan:
        key = search.segment_prefix(name).rstrip("/")  # a group per segment, named for its folder
        sig = signature(salt, "search", [name, *(planner.issue_tokens[id(i)] for i in issues)])
        if out.keep(key, sig):
            continue
        if later and out.keep_stale(key):
            pending = True
            continue
        todo.append((name, key, sig, search.documents(planner, lambda i: _export_issue(planner, loader, i)[1], issues)))
    loader.close()  # the indexer may fork: no SQLite handle crosses a fork
    stats = []
    for name, key, sig, docs in todo:
        out.begin(key, sig)
        stats.append(search.write_segment(docs, out.write, None, search.segment_prefix(name)))
        out.end()
    names = [name for name, _ in plan]
    out.begin("search/index.json", signature(salt, "search", names))
    top = search.write_manifest(names, out.write)
    out.end()
    return (search.merge_stats(stats, top) if stats else {}), pending


def _export_issue(planner: Planner, loader: Loader, issue) -> tuple[list, dict]:
    """(items with bodies, full Issue view without HTML) of one issue, for the exports."""
    items = full_items(issue, loader.pages(issue))
    return items, planner.full_issue(issue, items, html=False)


def _render_all(config: SiteConfig, env, site: dict, planner: Planner, groups, salt: str, loader: Loader,
                out: SiteWriter, result: BuildResult, progress) -> None:
    """Render every changed page group in Simplified and, when configured, in Traditional.

    Big sites render in several processes (``workers`` in site.yaml; 0 = one per core): each
    renders every n-th group straight into the staging folder. Every file is written by exactly
    one process from the same inputs, so the output does not depend on the split.
    """
    todo = []  # (group, signature) of the groups whose inputs changed since the previous build
    for group in groups:
        sig = signature(salt, group.key, group.deps, tokens=not group.plain)
        if not out.keep(group.key, sig):
            todo.append((group, sig))
    if config.traditional and todo:  # checked (and made) once, before any render process is forked
        result.load.diagnostics[:0] = prepare_cache(config.traditional, config.root / config.cache)
    job = _Job(config, env, site, planner, todo, salt, loader)
    workers = _worker_count(config, sum(g.size for g, _ in todo))
    if workers <= 1:
        stats = _render_chunk(job, todo, out, progress)
    else:
        stats = _render_parallel(job, out, workers)
        if progress is not None:
            progress(len(todo), len(todo))
    result.workers = workers
    result.rendered = len(todo)
    if stats:
        result.convert = stats


@dataclass
class _Job:
    config: SiteConfig
    env: object
    site: dict
    planner: Planner
    groups: list
    salt: str
    loader: Loader


PARALLEL_MIN_PAGES = 600


def _worker_count(config: SiteConfig, pages: int) -> int:
    wanted = _workers(config)
    if pages < PARALLEL_MIN_PAGES or not forks.can_fork():
        return 1
    return max(1, min(wanted, pages // (PARALLEL_MIN_PAGES // 2)))


def _render_chunk(job: _Job, groups, stage: Stage, progress) -> dict:
    """Render ``groups`` ((group, signature) pairs) into ``stage``; conversion statistics."""
    config, env, site = job.config, job.env, job.site
    converter = None
    other = HANT if config.traditional else None
    try:
        for n, (group, sig) in enumerate(groups, 1):
            stage.begin(group.key, sig)
            if group.issue is not None:
                files = job.loader.pages(group.issue)
                items = full_items(group.issue, files)
                texts = [_raw_text(pf) for pf in files]
                pages = group.make(items) + job.planner.raw_pages(group.issue, files, texts, items)
                if config.data:
                    for rel, blob in data.issue_files(group.issue, site["base_url"]):
                        stage.write(rel, blob)
            else:
                pages = group.make()
            for page in pages:
                stage.write(urls.output_path(page.url), render_page(env, page, site, HANS, other))
                if other is not None and in_every_edition(page):
                    if converter is None:
                        converter = Converter(config.traditional, config.root / config.cache)
                    html = converter.convert(render_page(env, page, site, HANT, HANS))
                    stage.write(HANT.prefix + urls.output_path(page.url), html)
            stage.end()
            if progress is not None:
                progress(n, len(groups))
    finally:
        if converter is not None:
            converter.close()
    if converter is None:
        return {}
    return {"config": converter.config, "pages": converter.hits + converter.misses,
                      "cached": converter.hits, "converted": converter.misses, "chars": converter.chars,
                      "segments_reused": converter.segment_hits, "seconds": round(converter.seconds, 3)}


def _render_worker(index: int):
    job, tmp, previous, n = forks.job()
    stage = Stage(tmp, previous)
    stats = _render_chunk(job, job.groups[index::n], stage, None)
    job.loader.close()
    return stage.files, stage.staged, stage.groups, stats


def _render_parallel(job: _Job, out: SiteWriter, workers: int) -> dict:
    """The changed groups in ``workers`` shares: this process renders the first itself and
    ``workers - 1`` forked processes the others. A forked process copies the pages of the
    archive and plan it touches (reference counts), so each one forked holds most of a copy
    (at 100k the render stage was the build's peak: three processes, 1.4 GB): this one, which
    holds them already, works instead of waiting."""
    job.loader.close()  # the reprints stage may have opened the record cache: no SQLite handle crosses a fork
    with forks.pool(workers - 1, (job, out.tmp, out.previous, workers)) as pool:
        others = pool.map_async(_render_worker, range(1, workers))
        own = _render_chunk(job, job.groups[0::workers], out, None)
        parts = others.get()
    total: dict = {}
    for stats in [own] + [part[3] for part in parts]:
        for k, v in stats.items():
            total[k] = v if k == "config" else round(total.get(k, 0) + v, 3)
    for files, staged, groups, _ in parts:
        out.adopt(files, staged, groups)
    return total


class _Clock:
    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(self.laps.get(name, 0.0) + now - self.last, 3)
        self.last = now


def _names(folder: Path) -> set[str]:
    if not folder.is_dir():
        return set()
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def _raw_text(pf: ParsedFile) -> str:
    """The page's raw text, decoded and cleaned as the parser read it (written as UTF-8 with a
    BOM, so browsers pick the right encoding even from hosts that send text/plain without a
    charset, and shown line by line on the raw-text page)."""
    try:
        data = Path(pf.source).read_bytes()
        return clean(decode(data, pf.path), pf.path)[0].text
    except (OSError, InputError):
        return ""
