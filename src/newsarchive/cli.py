"""Command line: ``newsarchive serve | build | check | init | parse | label | train | project``.
The only module that prints.

Exit codes: 0 clean, 1 warnings under ``--strict``, 2 errors.
"""

from __future__ import annotations

import argparse
import dataclasses
import errno
import json
import re
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
from .resident import Resident
from .serve import serve


DESCRIPTION = "newsarchive: turn raw newspaper page text into a browsable, searchable static archive."
EXAMPLES = """\
examples:
  newsarchive init my-archive          start a new archive (site.yaml, corpus/, README)
  newsarchive serve                    build, serve at http://127.0.0.1:8000/, rebuild on change
  newsarchive check --strict           check the corpus, write nothing (what CI runs)
  newsarchive build                    build the site into public/ (only what changed)
  newsarchive parse corpus/page.txt    show how one page is read

Run 'newsarchive COMMAND --help' for a command's options and examples.
"""


class _Help(argparse.RawDescriptionHelpFormatter):
    """One line per command, without argparse's line for the COMMAND placeholder."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=22, width=100)

    def _format_action(self, action):
        text = super()._format_action(action)
        if action.nargs == argparse.PARSER:
            text = "\n".join(text.split("\n")[1:])
        return text


def _command(sub, name: str, summary: str, examples: str = "", detail: str = ""):
    """A subcommand with its one-line summary (the command list), the summary and ``detail``
    as its description, and ``examples`` under its options (as Hugo and MkDocs show them)."""
    return sub.add_parser(name, help=summary, description=summary[:1].upper() + summary[1:] + "." + (
        "\n\n" + detail if detail else ""), epilog=("examples:\n" + examples) if examples else None,
        formatter_class=_Help)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="newsarchive", description=DESCRIPTION, epilog=EXAMPLES, formatter_class=_Help)
    ap.add_argument("--version", action="version", version=f"newsarchive {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, title="commands", metavar="COMMAND")

    v = _command(sub, "serve", "build, serve on 127.0.0.1, rebuild and reload on every change", """\
  newsarchive serve                 http://127.0.0.1:8000/
  newsarchive serve --port 0        any free port
  newsarchive serve --root my-archive --open""",
                 "Open pages reload themselves after a rebuild; a failed rebuild is shown over them and the previous\n"
                 "site is kept. Watches corpus/, templates/, static/, labels/ and site.yaml.")
    v.add_argument("--root", type=Path, default=Path("."), help="folder holding site.yaml (default: .)")
    v.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000; 0 picks a free one)")
    v.add_argument("--open", action="store_true", help="open the site in the web browser once it is served")
    v.add_argument("--no-watch", action="store_true", help="serve without watching for changes")

    b = _command(sub, "build", "build the static site into the output folder", """\
  newsarchive build                 rebuild only what changed (= python build.py)
  newsarchive build --clean         everything again, into a new folder
  newsarchive build --strict        exit 1 when there are warnings""",
                 "Writes the output folder (public/) atomically: a failed build leaves the previous site.")
    b.add_argument("--root", type=Path, default=Path("."), help="folder holding site.yaml (default: .)")
    b.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")
    b.add_argument("--clean", action="store_true",
                   help="rebuild everything into a new output folder (after editing the output by hand)")

    c = _command(sub, "check", "check the corpus and site.yaml; write nothing", """\
  newsarchive check                 a table of every page file, then every problem with file:line
  newsarchive check --strict        exit 1 on warnings (for CI)
  newsarchive check --json          the same report for scripts""",
                 "Exit codes: 0 clean, 1 warnings under --strict, 2 errors.")
    c.add_argument("--root", type=Path, default=Path("."), help="folder holding site.yaml (default: .)")
    c.add_argument("--json", action="store_true", help="print the report as JSON")
    c.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")

    i = _command(sub, "init", "create a new archive folder (site.yaml, corpus/, README)", """\
  newsarchive init my-archive --base-url https://example.org/archive/
  newsarchive init my-archive --title 某某日报档案""", "Existing files are never overwritten.")
    i.add_argument("dir", type=Path)
    i.add_argument("--title", default="报纸档案", help="the archive's name (default: 报纸档案)")
    i.add_argument("--base-url", default="", metavar="URL",
                   help="the address the site will be published at, e.g. https://example.org/archive/")

    p = _command(sub, "parse", "show how raw page files are read", """\
  newsarchive parse corpus/002_0078cb0db730c42f.txt       a readable outline
  newsarchive parse --json corpus/ > parsed.json          the JSON records
  newsarchive parse --explain corpus/page.txt             every unit, its role and why""")
    p.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR")
    p.add_argument("--json", action="store_true", help="print the JSON records instead of an outline")
    p.add_argument("--explain", action="store_true",
                   help="print every unit with its role, its probability and the features that decided it")

    lb = _command(sub, "label", "write a page's labels from today's parse, to correct", """\
  newsarchive label corpus/page.txt    writes labels/page.gold.yaml: correct it, then `newsarchive train`""")
    lb.add_argument("files", nargs="+", type=Path, metavar="CORPUS_FILE")
    lb.add_argument("--root", type=Path, default=Path("."), help="folder holding site.yaml (default: .)")
    lb.add_argument("--force", action="store_true", help="overwrite labels that exist (an editor's work!)")

    t = _command(sub, "train", "train the role model on labelled pages", """\
  newsarchive train                 this site's model: packaged pages and the site's labels, into .cache/
  newsarchive train --package       retrain the model shipped with newsarchive""")
    t.add_argument("--package", action="store_true",
                   help="retrain the model shipped with newsarchive from its packaged labelled pages")
    t.add_argument("--labels", type=Path, action="append", default=[],
                   help="a folder of labelled pages (NAME.txt beside NAME.gold.yaml; one sub-folder per source)")
    t.add_argument("--out", type=Path, help="write the model here (a folder; default: the package with --package)")
    t.add_argument("--root", type=Path, default=Path("."),
                   help="the site whose labels to train on (default: .): packaged pages plus the site's labels")

    j = _command(sub, "project", "show how a page's labels fall on its units", """\
  newsarchive project src/newsarchive/data/labelled/rmrb/rmrb-03.txt""")
    j.add_argument("file", type=Path, metavar="FILE.txt")
    j.add_argument("gold", type=Path, nargs="?", metavar="FILE.gold.yaml")

    args = ap.parse_args(argv)
    try:
        if args.command == "parse":
            if args.explain:
                return cmd_explain(args.paths)
            return cmd_parse(args.paths, as_json=args.json)
        if args.command == "train":
            if not args.package and not args.labels:
                return cmd_train_site(args.root)
            return cmd_train(args.labels, args.out, package=args.package)
        if args.command == "label":
            return cmd_label(args.root, args.files, force=args.force)
        if args.command == "project":
            return cmd_project(args.file, args.gold)
        if args.command == "init":
            return cmd_init(args.dir, args.title, args.base_url)
        if args.command == "serve":
            return cmd_serve(args.root, args.port, watch=not args.no_watch, open_browser=args.open)
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
    _site_model(config)
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


def cmd_explain(paths: list[Path]) -> int:
    """Each unit of each file: where it is, its role and probability, the runner-up, the
    features that weigh most for the role against the runner-up, and the text."""
    from .parse.roles import ModelError, active
    from .parse.reflow import page_units
    from .sources import SourceFile, discover, read_source
    from .errors import InputError

    try:
        config, _ = load_config(Path("."))
        _site_model(config)
        model = active()
    except ModelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    status = 0
    for path in paths:
        files = [path] if path.is_file() else [s.path for s in discover(path)[0]]
        for f in files:
            try:
                lines, _ = read_source(SourceFile(path=f, rel=str(f), sidecar=None))
            except InputError as exc:
                print(exc.diagnostic, file=sys.stderr)
                status = 2
                continue
            units = page_units(lines)
            print(f"{f}  ({len(units)} units)")
            for u, e in zip(units, model.explain(units)):
                feats = " ".join(f"{name}{w:+.2f}" for name, w in e["features"])
                flag = "?" if e["p"] < 0.6 else " "
                print(f"{u.line:5d}:{u.start:<4d}{flag}{e['role']:9s} {e['p']:.2f}  "
                      f"(vs {e['runner_up']} {e['p_runner_up']:.2f})  {_clip(u.text, 36)}")
                if e["model"] != e["role"]:
                    why = f" ({e['check']})" if e.get("check") else ""
                    print(f"{'':15s}the model read {e['model']}; the heading checks made it {e['role']}{why}")
                if feats:
                    print(f"{'':15s}{feats}")
    return status


def _site_model(config) -> None:
    """Parse as this site parses: with the model trained on its labels, when it has some (from
    the cache, or trained now without writing)."""
    from . import sitemodel

    sitemodel.prepare(config, write=False)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def cmd_train(labels: list[Path], out: Path | None, package: bool) -> int:
    """Train the role model. ``--package``: from the packaged labelled pages into the package."""
    import json as _json
    from importlib import resources
    from .parse.roles import META, MODEL
    from .parse.train import TrainingError, fit, labelled_pages, packaged_folder

    folders = list(labels) or ([packaged_folder()] if package or not labels else [])
    pages = []
    for folder in folders:
        if not folder.is_dir():
            print(f"{folder}: error: not a folder of labelled pages (hint: give a folder holding NAME.txt "
                  f"beside NAME.gold.yaml)", file=sys.stderr)
            return 2
        pages.extend(labelled_pages(folder))
    if not pages:
        print("error: no labelled pages found (hint: NAME.txt beside NAME.gold.yaml)", file=sys.stderr)
        return 2
    for p in pages:
        for problem in p.problems:
            print(f"{p.raw_path}: warning: {problem}", file=sys.stderr)
    started = time.perf_counter()
    try:
        model, meta = fit(pages)
    except TrainingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    target = out or (Path(str(resources.files("newsarchive") / "data")) if package else None)
    if target is None:
        print("error: say where the model goes: --out FOLDER, or --package", file=sys.stderr)
        return 2
    target.mkdir(parents=True, exist_ok=True)
    (target / MODEL).write_bytes(model)
    (target / META).write_text(_json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                               encoding="utf-8")
    sources = sorted({p.source for p in pages})
    print(f"trained on {len(pages)} pages ({', '.join(sources)}), {meta['units']} units with variants, "
          f"{meta['iterations']} iterations, {time.perf_counter() - started:.1f} s -> {target / MODEL} "
          f"({len(model) // 1024} KB)")
    return 0


def cmd_train_site(root: Path) -> int:
    """Train this site's role model on the packaged pages and the site's labels, into the cache."""
    from . import sitemodel

    config, cdiags = load_config(root)
    if any(d.severity is Severity.ERROR for d in cdiags):
        for d in cdiags:
            print(d, file=sys.stderr)
        return 2
    pages, orphans = sitemodel.site_pages(config)
    for o in orphans:
        print(f"{o}: warning: labels of a page the corpus does not hold (hint: the corpus file was moved or "
              f"deleted: move or delete the labels too)", file=sys.stderr)
    if not pages:
        print(f"no labelled pages in {sitemodel.labels_dir(config)}: this site parses with the packaged model "
              f"(hint: `newsarchive label corpus/FILE.txt` writes labels to correct)")
        return 0
    for p in pages:
        for problem in p.problems:
            print(f"{p.gold_path}: warning: {problem}", file=sys.stderr)
    started = time.perf_counter()
    model = sitemodel.prepare(config, write=True, force=True)
    m = {"pages": len(pages), "trained": True, **model.meta.get("site_scores", {})}
    print(f"trained on {len(pages)} labelled page(s) and the packaged ones in {model.meta.get('seconds', 0):.1f} s, "
          f"checked in {time.perf_counter() - started - model.meta.get('seconds', 0):.1f} s; "
          f"saved in {config.root / config.cache / 'model'}")
    print(_model_line(m))
    return 0


def cmd_label(root: Path, files: list[Path], force: bool) -> int:
    """Write labels for corpus pages, prefilled from today's parse (sidecar corrections folded
    in), where ``labels:`` says; never over an editor's labels without ``--force``."""
    from . import sitemodel
    from .labels import label_yaml
    from .pipeline import parse_source
    from .sources import discover

    config, cdiags = load_config(root)
    if any(d.severity is Severity.ERROR for d in cdiags):
        for d in cdiags:
            print(d, file=sys.stderr)
        return 2
    sources = {s.path.resolve(): s for s in discover(config.corpus_dir)[0]}
    registry = load_registry(extra=list(config.papers) or None)
    sitemodel.prepare(config, write=True)
    status = 0
    for f in files:
        src = sources.get(f.resolve())
        if src is None:
            print(f"{f}: error: not a page of the corpus ({config.corpus_dir}) (hint: label files under the corpus "
                  f"folder site.yaml names)", file=sys.stderr)
            status = 2
            continue
        target = sitemodel.label_path(config, src.rel)
        if target.exists() and not force:
            print(f"{target}: error: labels exist (hint: edit them, or give --force to start again from today's "
                  f"parse)", file=sys.stderr)
            status = 2
            continue
        pf, diags = parse_source(src, registry)
        if pf is None:
            for d in diags:
                print(d, file=sys.stderr)
            status = 2
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(label_yaml(pf, src.path.name), encoding="utf-8")
        items = len(pf.articles)
        print(f"{target.relative_to(config.root)}: {items} items from today's parse; correct them, then "
              f"`newsarchive train`")
    return status


def cmd_project(file: Path, gold: Path | None) -> int:
    """How a page's gold labels fall on its units, and the rule behind every unit no gold field
    covers: what the model is trained on, for review."""
    from .parse.train import load_page

    gold = gold or file.with_name(file.name.removesuffix(".txt") + ".gold.yaml")
    if not file.is_file() or not gold.is_file():
        print(f"{file}: error: need the raw file and its gold labels ({gold}) (hint: newsarchive project FILE.txt "
              f"FILE.gold.yaml)", file=sys.stderr)
        return 2
    page = load_page(file, gold)
    from .parse.project import project

    reasons = project(page.units, page.gold).reasons
    for i, (u, role) in enumerate(zip(page.units, page.roles)):
        print(f"{u.line:5d}:{u.start:<4d} {role:9s} {u.origin:7s} {_clip(reasons.get(i, ''), 24):24s} | {_clip(u.text, 40)}")
    for problem in page.problems:
        print(f"{file}: warning: {problem}")
    return 0


def cmd_serve(root: Path, port: int, watch: bool, open_browser: bool = False) -> int:
    config, cdiags = load_config(root)
    if any(d.severity is Severity.ERROR for d in cdiags):
        for d in cdiags:
            print(d, file=sys.stderr)
        return 2

    pending = {"search": False}
    resident = Resident()  # records, views and the manifest kept between rebuilds (resident.py)

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
                # the editor's build: raw-text pages with the parser's roles (config.editor)
                result = build(dataclasses.replace(fresh, editor=True), search_later=search_later, resident=resident)
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
        def ready(url: str) -> None:
            print(f"serving {one_line(str(config.output_dir))} at {url} (Ctrl+C stops)"
                  + ("; watching for changes" if watch else ""), flush=True)
            if open_browser:
                import webbrowser

                webbrowser.open(url)

        serve(config, rebuild, port=port, watch=watch, follow_up=follow_up, error=error, ready=ready)
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
    # what is a note for a local build is a warning for a site about to be published
    cdiags = [Diagnostic(Severity.WARNING, d.file, d.line, d.message, d.hint, d.code)
              if d.code == "config-base-url" else d for d in cdiags]
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
                               "chars_placed": loaded.coverage[0], "chars": loaded.coverage[1],
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
        "articles": sum(1 for a in pf.articles if a.is_article),
        "photos": sum(1 for a in pf.articles if not a.is_article),
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


def cmd_init(target: Path, title: str, base_url: str = "") -> int:
    if base_url and not re.fullmatch(r"https?://[^/\s]+(/\S*)?", base_url):
        print(f"--base-url: error: {base_url!r} is not an absolute address (hint: give the address the site will "
              f"be published at, e.g. https://example.org/archive/)", file=sys.stderr)
        return 2
    created = init_site(target, title, base_url)
    for path in created:
        print(f"created {path}")
    if not created:
        print(f"{target} already holds an archive; nothing was changed")
    if not base_url:
        print(f"set base_url in {target / 'site.yaml'} to the address the site will be published at "
              f"(`newsarchive check` warns until then)")
    print(f"next: put raw page files in {target / 'corpus'} and run `newsarchive serve --root {target}`")
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
    if result.model:
        print(_model_line(result.model))
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


def _model_line(m: dict) -> str:
    held = (f", {m['held_out']:.3f} on labelled pages held out of training ({m['folds']}-fold)"
            if "held_out" in m else "")
    line = (f"role model: {'trained now' if m.get('trained') else 'from the cache'} with {m['pages']} labelled "
            f"page(s) of this site; headline F1 {m.get('own', 0):.3f} on its own labels{held}")
    if m.get("used") == "baseline":
        line += (f"; the packaged model reads those pages better ({m['baseline']:.3f}), so the site parses with it "
                 f"(hint: label pages the packaged model gets wrong, of the layouts the paper prints most)")
    return line


def _report(result: LoadResult, stream, diags=None) -> None:
    diags = result.diagnostics if diags is None else diags
    placed, total = result.coverage
    share = 100.0 * placed / total if total else 100.0
    n_err = sum(1 for d in diags if d.severity is Severity.ERROR)
    n_warn = sum(1 for d in diags if d.severity is Severity.WARNING)
    print(f"{result.file_count} files parsed, {len(result.failed)} failed; {result.article_count} articles; "
          f"{placed}/{total} characters placed in exactly one record ({share:.2f} %); "
          f"{n_err} errors, {n_warn} warnings", file=stream)


if __name__ == "__main__":
    sys.exit(main())
