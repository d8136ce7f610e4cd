"""``load()``: discover -> decode -> parse, collecting every diagnostic; the report it makes.

Reads like a table of contents. Nothing here prints; the CLI does.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import time
from importlib import resources
from dataclasses import dataclass, field
from pathlib import Path

from . import urls
from .archive import Archive, build_archive
from .checks import archive_checks
from .config import SiteConfig
from .pages import Planner, site_context
from .convert import Converter
from .render import HANS, HANT, SWITCH_PLACEHOLDER, environment, render_page, theme_dir
from .write import SiteWriter

from .corrections import apply_corrections
from .data import write_data
from .errors import Diagnostic, InputError, Severity
from .model import ParsedFile
from .papers import Registry, load_registry
from .parse import parse_lines
from .parse.dates import date_from_path
from .sources import SourceFile, decode, discover, load_sidecar, read_source


@dataclass
class LoadResult:
    files: list[ParsedFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def article_count(self) -> int:
        return sum(1 for pf in self.files for a in pf.articles if a.kind != "photo")

    @property
    def coverage(self) -> tuple[int, int]:
        """(non-blank lines placed in exactly one record, non-blank lines) over all files."""
        placed = total = 0
        for pf in self.files:
            owned = pf.owners()
            total += len(pf.nonblank_lines)
            placed += sum(1 for no in pf.nonblank_lines if len(owned.get(no, ())) == 1)
        return placed, total


def parse_source(src: SourceFile, registry: Registry) -> tuple[ParsedFile | None, list[Diagnostic]]:
    """Decode and parse one file; a file that cannot be read yields a diagnostic, not an exception."""
    diags: list[Diagnostic] = []
    hints: dict = {}
    if src.sidecar is not None:
        values, side_diags = load_sidecar(src.sidecar, src.sidecar_rel or src.rel)
        hints.update(values)
        diags.extend(side_diags)
    path_date = date_from_path(src.rel)
    if path_date:
        hints["path_date"] = path_date
    try:
        lines, decoded = read_source(src)
    except InputError as exc:
        return None, diags + [exc.diagnostic]
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
    owned = pf.owners()
    lost = [no for no in pf.nonblank_lines if no not in owned]
    twice = [no for no in pf.nonblank_lines if len(owned.get(no, ())) > 1]
    if lost or twice:
        out.append(Diagnostic(Severity.ERROR, pf.path, (lost or twice)[0],
                              f"parser bug: {len(lost)} line(s) in no record, {len(twice)} in several",
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


def load_paths(paths: list[Path], registry: Registry | None = None) -> LoadResult:
    """Load files and folders given on the command line (folders are searched recursively)."""
    registry = registry or load_registry()
    result = LoadResult()
    for path in paths:
        if path.is_dir():
            sources, diags = discover(path)
            result.diagnostics.extend(diags)
        elif path.is_file():
            sources = [SourceFile(path=path.resolve(), rel=path.name if path.is_absolute() else path.as_posix(),
                                  sidecar=_sidecar_of(path))]
        else:
            result.diagnostics.append(Diagnostic(Severity.ERROR, str(path), 0, "no such file or folder",
                                                 "check the path", code="missing"))
            continue
        for src in sources:
            pf, diags = parse_source(src, registry)
            result.diagnostics.extend(diags)
            if pf is None:
                result.failed.append(src.rel)
            else:
                result.files.append(pf)
    return result


def _sidecar_of(path: Path) -> Path | None:
    for ext in (".yaml", ".yml"):
        side = path.with_suffix(ext)
        if side.exists():
            return side
    return None


def load_site(config: SiteConfig) -> tuple[LoadResult, Archive]:
    """Everything `check` needs and `build` starts from: parse the corpus, group it into
    issues, and run the checks across files. Writes nothing."""
    registry = load_registry(extra=list(config.papers) or None)
    loaded = load_paths([config.corpus_dir], registry)
    archive = build_archive(loaded.files)
    ignore = {pf.path: pf.ignore for pf in loaded.files}
    for d in archive_checks(archive, loaded.files):
        loaded.diagnostics.extend(acknowledge([d], ignore.get(d.file, frozenset())))
    return loaded, archive


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


def build(config: SiteConfig, progress=None) -> BuildResult:
    """load -> archive -> plan -> render (+ convert) -> write -> search, atomically into
    ``config.output_dir``. Each stage is timed in ``BuildResult.stage_seconds``.

    ``progress(done, total)`` is called while pages render (the CLI draws a bar with it).
    """
    started = time.perf_counter()
    clock = _Clock()
    loaded, archive = load_site(config)
    clock.lap("parse")
    site = site_context(config)
    planner = Planner(archive, site, search=config.search, traditional=bool(config.traditional), data=config.data)
    plan = planner.pages()
    env = environment(config.root / config.templates)
    clock.lap("plan")
    result = BuildResult(load=loaded, issues=len(archive.issues), pages=len(plan))
    with SiteWriter(config.output_dir) as out:
        _render_all(config, env, site, plan, out, result, progress)
        clock.lap("render")
        for issue in archive.issues:
            for i, pf in enumerate(issue.pages, 1):
                out.write(urls.raw_url(issue.url, i), _raw_text(pf))
        if config.data:
            result.data = write_data(archive, planner.item_views, site["base_url"], out.write)
            out.copy_tree(Path(str(resources.files("newsarchive") / "schemas")), "data/schema")
        out.write("robots.txt", f"User-agent: *\nAllow: /\nSitemap: {site['base_url']}sitemap.xml\n")
        out.copy_tree(theme_dir() / "static", "static", skip=_names(config.root / config.static))
        out.copy_tree(config.root / config.static, "static", skip={"README.txt"})
        clock.lap("write")
        if config.search:
            from . import search  # only a build with search loads the indexer

            result.search = search.write_index(search.documents(planner), out.write)
            clock.lap("search")
        result.files, result.bytes = out.count, out.bytes
        result.largest = sorted(out.sizes.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
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


def _render_all(config: SiteConfig, env, site: dict, plan, out: SiteWriter, result: BuildResult, progress) -> None:
    """Render every page in Simplified and, when configured, in Traditional (converted).

    Big sites render in several processes (``workers`` in site.yaml; 0 = one per core): each
    renders every n-th page straight into the temporary output folder. Every file is written
    by exactly one process from the same inputs, so the output does not depend on the split.
    """
    workers = _worker_count(config, len(plan))
    if workers <= 1:
        stats = _render_chunk(config, env, site, plan, out.write, progress)
    else:
        stats = _render_parallel(config, env, site, plan, out, workers)
        if progress is not None:
            progress(len(plan), len(plan))
    result.workers = workers
    if stats:
        result.convert = stats


PARALLEL_MIN_PAGES = 600


def _worker_count(config: SiteConfig, pages: int) -> int:
    wanted = config.workers or (os.cpu_count() or 1)
    if pages < PARALLEL_MIN_PAGES or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(wanted, pages // (PARALLEL_MIN_PAGES // 2)))


def _render_chunk(config: SiteConfig, env, site: dict, pages, write, progress) -> dict:
    converter = Converter(config.traditional, config.root / config.cache) if config.traditional else None
    other = HANT if converter else None
    try:
        for n, page in enumerate(pages, 1):
            write(urls.output_path(page.url), render_page(env, page, site, HANS, other))
            if converter is not None and page.template.endswith(".html"):
                html = render_page(env, page, site, HANT, HANS)
                html = converter.convert(html).replace(SWITCH_PLACEHOLDER, HANS.label)
                write(HANT.prefix + urls.output_path(page.url), html)
            if progress is not None:
                progress(n, len(pages))
    finally:
        if converter is not None:
            converter.close()
    if converter is None:
        return {}
    return {"config": converter.config, "pages": converter.hits + converter.misses, "cached": converter.hits,
            "converted": converter.misses, "chars": converter.chars, "seconds": round(converter.seconds, 3)}


# The job a forked render process works on: set just before the fork, read by the children
# (fork shares it copy-on-write, so the plan is not pickled), cleared right after.
_JOB: tuple | None = None


def _die_with_parent() -> None:
    """A render process must not outlive its build (a killed build leaves no writers behind)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the pool's own shutdown still ends the workers on a normal exit


def _render_worker(index: int) -> tuple[dict, dict]:
    config, env, site, plan, tmp, n = _JOB
    sizes: dict[str, int] = {}

    def write(rel: str, data: str) -> None:
        raw = data.encode("utf-8")
        target = tmp / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(raw)
        sizes[rel] = len(raw)

    stats = _render_chunk(config, env, site, plan[index::n], write, None)
    return sizes, stats


def _render_parallel(config: SiteConfig, env, site: dict, plan, out: SiteWriter, workers: int) -> dict:
    global _JOB
    for page in plan:  # make sure every output path is legal before handing out the work
        out.check(urls.output_path(page.url))
    _JOB = (config, env, site, plan, out.tmp, workers)
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_die_with_parent) as pool:
            parts = pool.map(_render_worker, range(workers))
    finally:
        _JOB = None
    total: dict = {}
    for sizes, stats in parts:
        out.adopt(sizes)
        for k, v in stats.items():
            total[k] = v if k == "config" else round(total.get(k, 0) + v, 3)
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


def _raw_text(pf: ParsedFile) -> bytes:
    """The page's raw text as UTF-8 with a BOM (so browsers pick the right encoding even
    from hosts that send text/plain without a charset)."""
    try:
        data = Path(pf.source).read_bytes()
        text = decode(data, pf.path).text
    except (OSError, InputError):
        text = ""
    return ("\ufeff" + text).encode("utf-8")
