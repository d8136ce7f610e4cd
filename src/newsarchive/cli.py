"""Command line: ``newsarchive parse | build``. The only module that prints.

Exit codes: 0 clean, 1 warnings under ``--strict``, 2 errors.
"""

from __future__ import annotations

import argparse
import errno
import json
import sqlite3
import sys
import time
import unicodedata
from contextlib import contextmanager
from pathlib import Path

from . import __version__, failures
from .config import load_config
from .errors import BuildError, Diagnostic, Severity, one_line, shown_path
from .model import ParsedFile
from .init import init_site
from .papers import load_registry
from .pipeline import LoadResult, build, load_paths, load_site
from .safety import check_paths
from .serialize import parsed_json
from .serve import serve


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="newsarchive", description=__doc__.splitlines()[0])
    ap.add_argument("--version", action="version", version=f"newsarchive {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse raw page files and show what was found")
    p.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR")
    p.add_argument("--json", action="store_true", help="print the JSON records instead of an outline")

    b = sub.add_parser("build", help="build the static site from the corpus named in site.yaml")
    b.add_argument("--root", type=Path, default=Path("."), help="folder holding site.yaml (default: .)")
    b.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")
    b.add_argument("--clean", action="store_true",
                   help="rebuild everything into a new output folder (after editing the output by hand)")

    c = sub.add_parser("check", help="load and check the corpus; write nothing")
    c.add_argument("--root", type=Path, default=Path("."), help="folder holding site.yaml (default: .)")
    c.add_argument("--json", action="store_true", help="print the report as JSON")
    c.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")

    v = sub.add_parser("serve", help="build, serve on 127.0.0.1, rebuild on change and reload the browser")
    v.add_argument("--root", type=Path, default=Path("."), help="folder holding site.yaml (default: .)")
    v.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000; 0 picks a free one)")
    v.add_argument("--no-watch", action="store_true", help="serve without watching for changes")

    i = sub.add_parser("init", help="create a new archive folder (site.yaml, corpus/, README)")
    i.add_argument("dir", type=Path)
    i.add_argument("--title", default="报纸档案")

    args = ap.parse_args(argv)
    try:
        if args.command == "parse":
            return cmd_parse(args.paths, as_json=args.json)
        if args.command == "init":
            return cmd_init(args.dir, args.title)
        if args.command == "serve":
            return cmd_serve(args.root, args.port, watch=not args.no_watch)
        if args.command == "check":
            return cmd_check(args.root, as_json=args.json, strict=args.strict)
        return cmd_build(args.root, strict=args.strict, clean=args.clean)
    except BrokenPipeError:  # `newsarchive parse … | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("interrupted: nothing was published; the previous site is unchanged", file=sys.stderr)
        return 130
    except OSError as exc:  # init into a file, parse or check of a folder that vanished ...
        where = shown_path(str(exc.filename)) if exc.filename else "newsarchive"
        print(f"{where}: error: {exc.strerror or exc} (hint: check the path and its permissions)", file=sys.stderr)
        return 2


def _registry_for(root: Path):
    config, diags = load_config(root)
    return config, diags, load_registry(extra=list(config.papers) or None)


def cmd_parse(paths: list[Path], as_json: bool) -> int:
    config, cdiags, registry = _registry_for(Path("."))
    result = load_paths(paths, registry)
    result.diagnostics[:0] = cdiags
    if as_json:
        json.dump([parsed_json(pf) for pf in result.files], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for pf in result.files:
            print(outline(pf))
        _report(result, sys.stdout)
    for d in result.diagnostics:
        if d.severity is Severity.ERROR:
            print(d, file=sys.stderr)
    return 2 if any(d.severity is Severity.ERROR for d in result.diagnostics) else 0


def cmd_serve(root: Path, port: int, watch: bool) -> int:
    config, cdiags = load_config(root)
    if any(d.severity is Severity.ERROR for d in cdiags):
        for d in cdiags:
            print(d, file=sys.stderr)
        return 2

    pending = {"search": False}

    def rebuild(search_later: bool = True) -> str:
        """Pages first: with ``search_later`` a changed search index is left for ``follow_up``.
        Returns "" or the error report (one diagnostic a line), which the open page shows."""
        started = time.perf_counter()
        fresh, fresh_diags = load_config(root)  # site.yaml may have changed
        errors = [d for d in fresh_diags if d.severity is Severity.ERROR]
        if not errors and fresh.output_dir != config.output_dir:
            errors = [Diagnostic(Severity.ERROR, fresh.source or "site.yaml", fresh.line_of("output"),
                                 "`output` changed while serving", "stop and start `newsarchive serve` again",
                                 code="serve-output")]
        if not errors:
            try:
                result = build(fresh, search_later=search_later)
            except BuildError as exc:
                errors = exc.diagnostics
            except (OSError, sqlite3.Error) as exc:
                diag = failures.describe(exc, fresh)
                if diag is None:
                    raise
                errors = [diag]
        if errors:
            report = "\n".join(str(d) for d in errors)
            print(f"build failed, still serving the previous site:\n{report}", file=sys.stderr)
            return report
        pending["search"] = result.search_pending
        n_warn = sum(1 for d in result.load.diagnostics if d.severity is Severity.WARNING)
        n_err = sum(1 for d in result.load.diagnostics if d.severity is Severity.ERROR)
        for d in result.load.diagnostics:
            if d.severity is Severity.ERROR:
                print(d, file=sys.stderr)
        print(f"rebuilt {result.pages} pages in {time.perf_counter() - started:.2f} s ({n_warn} warnings"
              + (f", {n_err} errors" if n_err else "") + ")"
              + ("; updating the search index now" if result.search_pending else ""))
        return ""

    def follow_up() -> str | None:
        if not pending["search"]:
            return None
        return rebuild(search_later=False)

    error = rebuild(search_later=False)  # a failed first build is shown in the page too
    try:
        serve(config, rebuild, port=port, watch=watch, follow_up=follow_up, error=error,
              ready=lambda url: print(f"serving {one_line(str(config.output_dir))} at {url} (Ctrl+C stops)"
                                      + ("; watching for changes" if watch else ""), flush=True))
    except OSError as exc:
        if exc.errno not in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            raise
        print(f"127.0.0.1:{port}: error: cannot listen: {exc.strerror or exc} "
              "(hint: choose another --port, or --port 0 for a free one)", file=sys.stderr)
        return 2
    return 0


def cmd_check(root: Path, as_json: bool, strict: bool) -> int:
    """Load everything, write nothing: a table per file, every diagnostic, a summary."""
    config, cdiags = load_config(root)
    loaded, archive = load_site(config)
    diags = cdiags + check_paths(config) + loaded.diagnostics
    errors = sum(1 for d in diags if d.severity is Severity.ERROR)
    warnings = sum(1 for d in diags if d.severity is Severity.WARNING)
    code = 2 if errors else (1 if strict and warnings else 0)
    if as_json:
        json.dump({"files": [check_row(pf, diags) for pf in loaded.files],
                   "failed": loaded.failed,
                   "issues": len(archive.issues),
                   "diagnostics": [d.to_json() for d in diags],
                   "summary": {"files": loaded.file_count + len(loaded.failed), "errors": errors,
                               "warnings": warnings, "articles": loaded.article_count,
                               "lines_placed": loaded.coverage[0], "lines": loaded.coverage[1],
                               "exit_code": code}},
                  sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return code
    print(check_table(loaded, diags))
    for d in diags:
        if d.severity is not Severity.INFO:
            print(d)
    _report(loaded, sys.stdout, diags)
    print(f"{len(archive.issues)} issues; exit code {code}"
          + (" (warnings under --strict)" if code == 1 else ""))
    return code


def check_row(pf: ParsedFile, diags) -> dict:
    f = pf.facts
    stem = pf.path[:-4] if pf.path.endswith(".txt") else pf.path
    mine = [d for d in diags if d.file in (pf.path, stem + ".yaml", stem + ".yml")]
    return {
        "file": pf.path, "paper": f.paper, "city": f.city,
        "date": f.date.isoformat() if f.date else None,
        "date_earliest": f.date_earliest.isoformat() if f.date_earliest else None,
        "date_evidence": f.date_evidence, "issue_number": f.issue_number, "page": f.page,
        "articles": sum(1 for a in pf.articles if a.kind != "photo"),
        "photos": sum(1 for a in pf.articles if a.kind == "photo"),
        "warnings": sum(1 for d in mine if d.severity is Severity.WARNING),
        "errors": sum(1 for d in mine if d.severity is Severity.ERROR),
    }


def check_table(loaded: LoadResult, diags) -> str:
    rows = [check_row(pf, diags) for pf in loaded.files]
    head = ["file", "paper", "city", "date (evidence)", "issue", "page", "articles", "warn"]
    body = []
    for r in rows:
        when = r["date"] or (f"≥{r['date_earliest']}" if r["date_earliest"] else "—")
        body.append([shown_path(r["file"]), one_line(r["paper"] or "?"), r["city"] or "?", f"{when} ({r['date_evidence']})",
                     str(r["issue_number"] or "—"), str(r["page"] or "—"), str(r["articles"]),
                     str(r["warnings"] + r["errors"])])
    for name in loaded.failed:
        body.append([shown_path(name), "—", "—", "—", "—", "—", "—", "error"])
    widths = [max(_width(x) for x in col) for col in zip(head, *body)]
    lines = ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in [head, *body]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def cmd_init(target: Path, title: str) -> int:
    created = init_site(target, title)
    for path in created:
        print(f"created {path}")
    if not created:
        print(f"{target} already holds an archive; nothing was changed")
    print(f"next: put raw page files in {target / 'corpus'} and run `newsarchive build --root {target}`")
    return 0


def cmd_build(root: Path, strict: bool, clean: bool = False) -> int:
    config, cdiags = load_config(root)
    if any(d.severity is Severity.ERROR for d in cdiags):
        for d in cdiags:
            print(d, file=sys.stderr)
        print("nothing was built: the previous site is unchanged", file=sys.stderr)
        return 2
    try:
        with _progress() as progress:
            result = build(config, progress=progress, clean=clean)
    except BuildError as exc:
        for d in cdiags + exc.diagnostics:
            print(d, file=sys.stderr)
        print("nothing was built: the previous site is unchanged", file=sys.stderr)
        return 2
    except (OSError, sqlite3.Error) as exc:
        diag = failures.describe(exc, config)
        if diag is None:
            raise
        print(diag, file=sys.stderr)
        return 2
    result.load.diagnostics[:0] = cdiags
    for d in result.load.diagnostics:
        print(d, file=sys.stderr)
    _report(result.load, sys.stdout)
    largest = ", ".join(f"{name} ({size / 1024:.1f} KB)" for name, size in result.largest[:3])
    print(f"built {result.issues} issues: {result.pages} pages, {result.files} files, {result.bytes / 1e6:.2f} MB "
          f"into {one_line(str(config.output_dir))} in {result.seconds:.2f} s; largest: {largest}")
    if result.mode == "up-to-date":
        print("up to date: no input changed since the last build (its report is above); nothing was written")
    elif result.mode == "incremental":
        print(f"incremental: rendered {result.rendered} of {result.groups} page groups; "
              f"{result.written} files written, {result.deleted} deleted, the rest unchanged")
    print("stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in result.stage_seconds.items()))
    if result.convert:
        c = result.convert
        print(f"traditional ({c['config']}): {c['pages']} pages, {c['converted']} converted, {c['cached']} from cache")
    if result.search:
        print(f"search: {result.search.get('docs', 0)} documents indexed into {result.search.get('files', 0)} files")
    errors = [d for d in result.load.diagnostics if d.severity is Severity.ERROR]
    warnings = [d for d in result.load.diagnostics if d.severity is Severity.WARNING]
    if errors:
        return 2
    return 1 if strict and warnings else 0


@contextmanager
def _progress():
    """A rich progress bar on an interactive terminal; nothing when output is piped (CI)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("rendering", total=None)

        def update(done: int, total: int) -> None:
            if done % 50 == 0 or done == total:
                bar.update(task, completed=done, total=total)

        yield update


def outline(pf: ParsedFile) -> str:
    """A readable outline of one parsed file."""
    f = pf.facts
    out = [shown_path(pf.path)]
    date = f.date.isoformat() if f.date else "—"
    if f.date is None and f.date_earliest:
        date = f"on or after {f.date_earliest}" + (f", by {f.date_latest}" if f.date_latest else "")
    out.append(f"  paper {f.paper or '?'} · city {f.city or '?'} ({f.city_evidence or 'no evidence'})")
    out.append(f"  date {date} [{f.date_evidence}]"
               + (f" {f.weekday}" if f.weekday else "")
               + (f" · lunar {f.lunar_date}" if f.lunar_date else "")
               + (f" · 总第{f.issue_number}期" if f.issue_number else "")
               + (f" · 今日{f.page_count}版" if f.page_count else "")
               + (f" · page {f.page}" if f.page else ""))
    if f.date_note:
        out.append(f"  ({f.date_note})")
    for i, art in enumerate(pf.articles, 1):
        title = art.headline or ("[photo]" if art.kind == "photo" else "[untitled]")
        out.append(f"  {i:>2}. [{art.kind}] {title}   (lines {art.lines[0]}-{art.lines[-1]})" if art.lines
                   else f"  {i:>2}. [{art.kind}] {title}")
        if art.kicker:
            out.append(f"        kicker: {art.kicker}")
        if art.subheadline:
            out.append(f"        sub: ——{art.subheadline}")
        if art.byline or art.authors:
            out.append(f"        byline: {art.byline or '—'}   authors: {', '.join(art.authors) or '—'}")
        if art.source:
            out.append(f"        source: {art.source}")
        body = "".join(art.body)
        if body:
            subheads = sum(1 for p in art.paragraphs if p.role == "subhead")
            out.append(f"        body: {len(art.paragraphs)} paragraphs, {len(body)} chars"
                       + (f", {subheads} subheads" if subheads else "")
                       + f": {body[:24]}…{body[-16:]}")
        if art.continued:
            out.append(f"        continued: {art.continued}")
    for blk in pf.blocks:
        out.append(f"  [{blk.kind}] lines {blk.lines[0]}-{blk.lines[-1]}: {blk.text[:30].replace(chr(10), ' / ')}")
    return "\n".join(out)


def _report(result: LoadResult, stream, diags=None) -> None:
    diags = result.diagnostics if diags is None else diags
    placed, total = result.coverage
    share = 100.0 * placed / total if total else 100.0
    n_err = sum(1 for d in diags if d.severity is Severity.ERROR)
    n_warn = sum(1 for d in diags if d.severity is Severity.WARNING)
    print(f"{result.file_count} files parsed, {len(result.failed)} failed; {result.article_count} articles; "
          f"{placed}/{total} non-blank lines placed in exactly one record ({share:.2f} %); "
          f"{n_err} errors, {n_warn} warnings", file=stream)


if __name__ == "__main__":
    sys.exit(main())
