"""Build benchmark (issue 6): cold, no-op and incremental builds, and the same site in Hugo.

    python benchmarks/run.py --articles 10000 [--articles 1000 ...] [--runs 3] [--compare-hugo]
                             [--traditional] [--search] [--work DIR] [--scenarios cold,noop,file,template]
                             [--markdown FILE] [--timeout S] [--max-rss-gb G] [--profile]

Run it with the project's venv python (it imports ``newsarchive``; every build runs in a fresh
child process of the same interpreter). For each ``--articles N``:

* a corpus is made once with ``benchmarks/generate.py`` (seed 1) under ``WORK/corpus-N/`` and
  kept for later invocations; the site ``WORK/site-N/`` gets a fresh copy of it and a
  ``site.yaml`` with ``traditional: false`` and ``search: false`` (Simplified pages only);
* each of ``--runs`` rounds measures, in this order:
    cold      output folder and ``.cache`` removed first
    noop      the same build again, nothing changed
    file      one corpus page file got a paragraph appended (a new one each round)
    template  ``templates/article.html`` = the packaged one plus an HTML comment (new each round)
  (the corpus file and the template override are restored before each round's cold build);
  rounds are interleaved across the builds measured (ours, the full one, Hugo's), so a noisy
  machine weighs on all of them alike;
* ``--traditional`` / ``--search`` add a second site ``WORK/site-N-full/`` (``traditional: s2t``
  and/or ``search: true``) measured with the same scenarios;
* every build is ``python -c 'newsarchive.pipeline.build(...)'`` in a fresh process; the child
  prints the BuildResult as JSON. Measured per build: wall seconds of the child (interpreter
  start to exit; the time before and after ``build()`` is shown apart), CPU seconds (user+sys,
  workers included) and peak RSS from ``os.wait4``'s rusage, the stage
  seconds of ``BuildResult.stage_seconds``, HTML pages in the output folder (Simplified and
  ``zh-hant/`` counted apart), output files and bytes. pages/s = HTML pages / wall seconds.
* ``--compare-hugo`` installs Debian's ``hugo`` if missing, writes the same articles (the
  article pages of the plan: one markdown file each, front matter with title, date, paper,
  kicker/subheadline/byline, taxonomies months/days/issues/authors, one section per city) into
  ``WORK/hugo-N/`` with the minimal theme in ``benchmarks/hugo/``, and builds it with
  ``hugo --quiet`` (cold: ``public/`` and ``resources/`` removed first; warm: kept).

Medians of the runs are printed as a table and written as markdown (``--markdown``, default
``WORK/results.md``; raw runs in ``WORK/results.json``). With ``--compare-hugo`` the last line
printed is ``ratio_pages_per_s_vs_hugo=X``: our cold Simplified-only pages/s over Hugo's cold
pages/s for the largest size (X > 1: faster than Hugo). The ratio per CPU-second (which a busy
machine disturbs less) is printed on the line before.

The builds import a copy of ``src/newsarchive`` frozen at the start (``WORK/src-<fingerprint>/``,
put first on PYTHONPATH), so edits made to ``src/`` while it runs cannot mix code states into
the medians; ``--live`` imports the installed package instead. Peak memory is reported twice:
``ru_maxrss`` (the largest single process, render workers included once reaped) and the peak
sum of PSS over the child's process tree, sampled every 0.2 s (``--max-rss-gb`` applies to it).

``--profile`` samples one cold build of each size with ``py-spy`` (``pip install py-spy`` into
the venv; not a project dependency) and prints the top functions by own time and by total time.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
HUGO_SKELETON = HERE / "hugo"
PACKAGE = ROOT / "src" / "newsarchive"  # main() points this at the snapshot it measures
SCENARIOS = ("cold", "noop", "file", "template")
STAGES = ("parse", "plan", "render", "convert", "write", "search")
HANT_PREFIX = "zh-hant"

CHILD_CODE = """\
import json, sys, time
from pathlib import Path
from newsarchive.config import load_config
from newsarchive.pipeline import build
config, diags = load_config(Path(sys.argv[1]))
started = time.time()
result = build(config)
out = {k: v for k, v in vars(result).items() if k != "load"}
out["build_span"] = [started, time.time()]
out["articles"] = result.load.article_count
out["diagnostics"] = len(result.load.diagnostics)
print("BUILDRESULT " + json.dumps(out, default=str, ensure_ascii=False))
"""
# `python -c CHILD`: one line without ";", so py-spy's raw output (which names each process by its
# command line and joins frames with ";") keeps one stack a line
CHILD = f"exec({CHILD_CODE!r})"


# --------------------------------------------------------------------------- processes


class Measured(dict):
    """wall, cpu, user, sys, rss_mb, returncode, stdout, stderr (a dict, JSON-friendly)."""


def measure(cmd: list[str], cwd: Path | None = None, timeout: float | None = None,
            max_rss_gb: float | None = None, env: dict | None = None) -> Measured:
    """Run ``cmd`` as a child; wall time, and CPU and peak RSS from this child's rusage
    (``os.wait4``: the child plus the descendants it waited for, e.g. a worker pool, so earlier
    children do not count; ``ru_maxrss`` is the largest single process). ``tree_mb`` is the
    peak of the whole process tree's memory (sum of PSS, so pages that forked workers share
    count once), sampled from /proc every 0.2 s. Kills the tree past ``timeout`` seconds or
    ``max_rss_gb`` of tree memory."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        spawned = time.time()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env,
                                start_new_session=True)
        killed = ""
        peak_seen = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.2)
            rss = _tree_memory_kb(proc.pid)
            peak_seen = max(peak_seen, rss)
            if max_rss_gb is not None and rss > max_rss_gb * 1024 * 1024 and not killed:
                killed = f"killed: memory of the process tree {rss / 1024 / 1024:.2f} GB > {max_rss_gb} GB"
                _kill_tree(proc.pid)
            elif timeout is not None and time.perf_counter() - started > timeout and not killed:
                killed = f"killed: still running after {timeout:.0f} s"
                _kill_tree(proc.pid)
        wall = time.perf_counter() - started
        reaped = time.time()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measured(wall=wall, cpu=usage.ru_utime + usage.ru_stime, user=usage.ru_utime, sys=usage.ru_stime,
                        rss_mb=usage.ru_maxrss / 1024, tree_mb=peak_seen / 1024, returncode=proc.returncode,
                        killed=killed, spawned=spawned, reaped=reaped,
                        stdout=out.read().decode("utf-8", "replace"), stderr=err.read().decode("utf-8", "replace"))


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as fh:
                    stat = fh.read()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            children[ppid].append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, ()))
    return out


def _tree_memory_kb(root: int) -> int:
    """Sum of PSS (RSS where smaps_rollup is missing) over ``root`` and its descendants."""
    total = 0
    for pid in _descendants(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            try:
                with open(f"/proc/{pid}/statm") as fh:
                    total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
            except OSError:
                pass
    return total


def _kill_tree(root: int) -> None:
    """SIGKILL the child's session (it was started in a new one), i.e. the child and its workers."""
    try:
        os.killpg(root, signal.SIGKILL)
    except OSError:
        os.kill(root, signal.SIGKILL)


def walk_output(folder: Path) -> dict:
    """HTML pages (Simplified / Traditional), files and bytes actually in an output folder."""
    hans = hant = files = nbytes = 0
    for dirpath, _dirs, names in os.walk(folder):
        rel = os.path.relpath(dirpath, folder)
        traditional = rel == HANT_PREFIX or rel.startswith(HANT_PREFIX + os.sep)
        for name in names:
            files += 1
            nbytes += os.path.getsize(os.path.join(dirpath, name))
            if name.endswith(".html"):
                if traditional:
                    hant += 1
                else:
                    hans += 1
    return {"html_hans": hans, "html_hant": hant, "html": hans + hant, "out_files": files, "out_bytes": nbytes}


# --------------------------------------------------------------------------- the corpus and sites


def ensure_corpus(work: Path, articles: int, seed: int) -> Path:
    """WORK/corpus-N made once by benchmarks/generate.py (kept: same arguments, same bytes)."""
    folder = work / f"corpus-{articles}-seed{seed}"
    marker = folder.with_name(folder.name + ".json")
    if marker.exists() and folder.is_dir():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    sys.path.insert(0, str(HERE))
    from generate import generate  # benchmarks/generate.py

    started = time.perf_counter()
    counts = generate(folder, articles, seed=seed)
    counts["seconds"] = round(time.perf_counter() - started, 1)
    marker.write_text(json.dumps(counts) + "\n", encoding="utf-8")
    log(f"generated {folder}: {counts}")
    return folder


def make_site(folder: Path, corpus: Path, traditional: bool, search: bool) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copytree(corpus, folder / "corpus")
    conv = "s2t" if traditional else "false"
    (folder / "site.yaml").write_text(
        "# written by benchmarks/run.py\n"
        f"title: 吉林地方报纸档案\nbase_url: https://example.org/\ntraditional: {conv}\n"
        f"search: {str(search).lower()}\noutput: public\ncache: .cache\n", encoding="utf-8")
    return folder


class Site:
    """One benchmark site and the edits the rebuild scenarios make to it."""

    def __init__(self, folder: Path, label: str):
        self.folder = folder
        self.label = label
        files = sorted(p for p in (folder / "corpus").rglob("*.txt"))
        self.target = files[len(files) // 2]  # the one corpus file the `file` scenario edits
        self.original = self.target.read_bytes()
        self.template = folder / "templates" / "article.html"

    def restore(self) -> None:
        self.target.write_bytes(self.original)
        if self.template.exists():
            self.template.unlink()
        # newsarchive trusts a file's stat only once it is 2 s old (a same-tick edit could hide
        # behind it); without this pause the cold build could not record the stamp that makes
        # the next, unchanged, build a no-op, and "noop" would measure the incremental path
        time.sleep(2.1)

    def clean(self) -> None:
        for name in ("public", ".cache"):
            shutil.rmtree(self.folder / name, ignore_errors=True)
        for stale in self.folder.glob(".public.*"):
            shutil.rmtree(stale, ignore_errors=True)

    def edit_corpus(self, round_no: int) -> None:
        with open(self.target, "ab") as fh:
            fh.write(f"\n基准测试追加段落第{round_no + 1}次：记者在现场看到，群众对此反响热烈，纷纷表示支持。\n"
                     .encode("utf-8"))

    def edit_template(self, round_no: int) -> None:
        text = (PACKAGE / "theme" / "templates" / "article.html").read_text(encoding="utf-8")
        head, sep, tail = text.rpartition("{% endblock %}")
        self.template.parent.mkdir(parents=True, exist_ok=True)
        self.template.write_text(f"{head}<!-- benchmark edit {round_no + 1} -->\n{sep}{tail}", encoding="utf-8")


def build_once(python: str, site: Site, args) -> dict:
    m = measure([python, "-c", CHILD, str(site.folder)], cwd=site.folder, timeout=args.timeout,
                max_rss_gb=args.max_rss_gb, env=args.child_env)
    row = {k: m[k] for k in ("wall", "cpu", "user", "sys", "rss_mb", "tree_mb", "returncode", "killed")}
    row["load1"] = os.getloadavg()[0]
    line = next((ln for ln in reversed(m["stdout"].splitlines()) if ln.startswith("BUILDRESULT ")), None)
    if m["returncode"] != 0 or line is None:
        row["error"] = (m["killed"] or f"exit {m['returncode']}") + ": " + m["stderr"][-2000:]
        return row
    result = json.loads(line[len("BUILDRESULT "):])
    row["result"] = {k: result.get(k) for k in ("pages", "files", "bytes", "seconds", "issues", "articles",
                                                "stage_seconds", "convert", "search", "diagnostics", "workers",
                                                "mode", "rendered", "groups", "written", "deleted")}
    row.update(walk_output(site.folder / "public"))
    row["stages"] = result.get("stage_seconds") or {}
    row["build_seconds"] = result.get("seconds")
    span = result.get("build_span")
    if span:
        # interpreter start + imports before build(); after it: the child's exit, which waits for
        # the previous output folder's deletion (write.py deletes it in a thread, joined at exit)
        row["startup_s"], row["exit_s"] = span[0] - m["spawned"], m["reaped"] - span[1]
    row["workers"] = result.get("workers")
    return row


def site_round(python: str, site: Site, scenarios: list[str], args, r: int, runs: dict) -> bool:
    """Round ``r`` of every scenario on one site; False when a build failed."""
    site.restore()
    try:
        for scenario in scenarios:
            if scenario == "cold":
                site.clean()
            elif scenario == "file":
                site.edit_corpus(r)
            elif scenario == "template":
                site.edit_template(r)
            row = build_once(python, site, args)
            runs[scenario].append(row)
            log(f"  {site.label} {scenario} run {r + 1}/{args.runs}: " + short(row))
            if "error" in row:
                log(f"  build failed, no more rounds for this site: {row['error'][:600]}")
                return False
        return True
    finally:
        site.restore()


def short(row: dict) -> str:
    if "error" in row:
        return f"FAILED after {row['wall']:.1f} s ({row['error'][:120]})"
    stages = " ".join(f"{k}={v:.2f}" for k, v in row["stages"].items())
    return (f"wall {row['wall']:.2f} s, cpu {row['cpu']:.2f} s, rss {row['rss_mb']:.0f} MB, "
            f"tree {row['tree_mb']:.0f} MB, workers {row.get('workers')}, "
            f"{row['html_hans']}+{row['html_hant']} html, {row['out_bytes'] / 1e6:.1f} MB [{stages}]")


# --------------------------------------------------------------------------- Hugo


def ensure_hugo() -> str:
    found = shutil.which("hugo")
    if found:
        return found
    log("hugo not found: apt-get install -y hugo")
    if subprocess.run(["apt-get", "install", "-y", "hugo"], stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run(["apt-get", "update"], stdout=subprocess.DEVNULL, check=False)
        subprocess.run(["apt-get", "install", "-y", "hugo"], stdout=subprocess.DEVNULL, check=True)
    found = shutil.which("hugo")
    if not found:
        raise SystemExit("could not install hugo")
    return found


def _q(value) -> str:
    """A YAML scalar: JSON strings are valid YAML double-quoted strings."""
    return json.dumps(value, ensure_ascii=False)


def _plain(html) -> str:
    return str(html).replace("\n", " ").strip()


def write_hugo_site(folder: Path, site: Site) -> dict:
    """The same articles as markdown content in a copy of benchmarks/hugo/ (from our own plan:
    every page rendered with article.html becomes one content file)."""
    from newsarchive.config import load_config
    from newsarchive.pages import Planner, site_context
    from newsarchive.pipeline import load_site

    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(HUGO_SKELETON, folder)
    (folder / "static").mkdir(exist_ok=True)
    for name in ("style.css", "favicon.svg"):
        shutil.copy(PACKAGE / "theme" / "static" / name, folder / "static" / name)
    site.restore()
    config, _ = load_config(site.folder)
    _loaded, archive = load_site(config)
    planner = Planner(archive, site_context(config), search=False, traditional=False)
    content = folder / "content"
    sections: dict[str, str] = {}
    count = 0
    for page in planner.pages():
        if page.template != "article.html":
            continue
        art, issue = page.context["article"], page.context["issue"]
        slug = issue["slug"] or "unknown"
        sections.setdefault(slug, issue["paper"])
        d = issue["date"]
        fm = ["---", f"title: {_q(art['display_title'])}"]
        if d:
            fm.append(f"date: {d.isoformat()}")
        fm += [f"url: {_q('/' + art['url'])}", f"paper: {_q(issue['paper'])}", f"number: {art['number']}",
               f"kind: {_q(art['kind'])}", f"kind_label: {_q(art['kind_label'])}"]
        for key in ("kicker", "subheadline", "byline", "page_label", "excerpt", "cite"):
            if art.get(key):
                fm.append(f"{key}: {_q(art[key])}")
        if d:
            fm.append(f"months: [{_q(d.strftime('%Y-%m'))}]")
            fm.append(f"days: [{_q(d.isoformat())}]")
        fm.append(f"issues: [{_q(issue['url'].strip('/').replace('/', '-'))}]")
        if art["authors"]:
            fm.append("authors: [" + ", ".join(_q(a["name"]) for a in art["authors"]) + "]")
        fm.append("---")
        body = []
        for b in art["body_html"]:
            text = _plain(b["html"])
            body.append(("## " + text) if b["role"] == "subhead" else text)
        for f in art["figures"]:
            body.append("图片说明：" + _plain(f["caption_html"]) + (f" {f['credit']}" if f["credit"] else ""))
        name = art["url"].strip("/").split("/", 1)[-1].replace("/", "-") + ".md"
        target = content / slug / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(fm) + "\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
        count += 1
    for slug, paper in sections.items():
        (content / slug / "_index.md").write_text(f"---\ntitle: {_q(paper)}\n---\n", encoding="utf-8")
    return {"articles": count, "sections": len(sections)}


def hugo_version(hugo: str) -> str:
    return subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip()


def hugo_round(hugo: str, folder: Path, args, r: int, runs: dict) -> bool:
    """Round ``r`` of Hugo: a cold build (public/ and resources/ removed) and a warm one."""
    for scenario in ("cold", "warm"):
        if scenario == "cold":
            for name in ("public", "resources"):
                shutil.rmtree(folder / name, ignore_errors=True)
        m = measure([hugo, "--quiet", "--source", str(folder)], cwd=folder, timeout=args.timeout,
                    max_rss_gb=args.max_rss_gb)
        row = {k: m[k] for k in ("wall", "cpu", "user", "sys", "rss_mb", "tree_mb", "returncode", "killed")}
        row["load1"] = os.getloadavg()[0]
        if m["returncode"] != 0:
            row["error"] = (m["killed"] or f"exit {m['returncode']}") + ": " + (m["stderr"] + m["stdout"])[-2000:]
            log(f"  hugo {scenario} failed: {row['error'][:600]}")
            runs[scenario].append(row)
            return False
        row.update(walk_output(folder / "public"))
        row["stages"] = {}
        runs[scenario].append(row)
        log(f"  hugo {scenario} run {r + 1}/{args.runs}: " + short(row))
    return True


# --------------------------------------------------------------------------- summaries


def median_row(rows: list[dict]) -> dict | None:
    ok = [r for r in rows if "error" not in r]
    if not ok:
        return None
    med = lambda key: statistics.median(r[key] for r in ok)  # noqa: E731
    out = {k: med(k) for k in ("wall", "cpu", "rss_mb", "tree_mb", "html_hans", "html_hant", "html", "out_files", "out_bytes")}
    out["n"] = len(ok)
    inner = [r["build_seconds"] for r in ok if r.get("build_seconds") is not None]
    out["build_s"] = statistics.median(inner) if inner else None
    for key in ("startup_s", "exit_s"):
        vals = [r[key] for r in ok if r.get(key) is not None]
        out[key] = statistics.median(vals) if vals else None
    out["workers"] = "/".join(sorted({str(r["workers"]) for r in ok if r.get("workers") is not None}))
    out["wall_min"], out["wall_max"] = min(r["wall"] for r in ok), max(r["wall"] for r in ok)
    out["pages_per_s"] = statistics.median(r["html"] / r["wall"] for r in ok)
    out["hans_per_s"] = statistics.median(r["html_hans"] / r["wall"] for r in ok)
    out["hans_per_cpu_s"] = statistics.median(r["html_hans"] / max(r["cpu"], 1e-9) for r in ok)
    out["html_per_cpu_s"] = statistics.median(r["html"] / max(r["cpu"], 1e-9) for r in ok)
    keys = [k for k in STAGES if any(k in r["stages"] for r in ok)]
    keys += sorted({k for r in ok for k in r["stages"]} - set(keys))
    out["stages"] = {k: statistics.median(r["stages"].get(k, 0.0) for r in ok) for k in keys}
    return out


LEGEND = ("wall s: the child process from start to exit (interpreter start and imports included), median "
          "(min–max of the runs); build() s: `BuildResult.seconds` inside it; start / exit s: the child's time "
          "before build() (interpreter, imports) and after it (exit, which waits for the deletion of the "
          "previous output folder); CPU s: user+sys of the child; "
          "CPU s includes worker processes; workers: `BuildResult.workers` (render processes); "
          "peak RSS: `ru_maxrss` of the child and its reaped workers (the largest single process); "
          "peak memory (process tree): the largest sum of PSS over the child and its workers, sampled every 0.2 s; "
          "pages/s: HTML pages in the output folder ÷ wall s; "
          "hans: Simplified pages only (Traditional ones are under `zh-hant/`); stages: `BuildResult.stage_seconds`. "
          "A noop/file/template row rebuilds on top of the previous build's output and `.cache`; its wall "
          "includes deleting the previous output at exit. Hugo is one multi-threaded process.")


COLUMNS = ["build", "scenario", "runs", "wall s (min–max)", "build() s", "start / exit s", "CPU s", "workers", "peak RSS MB (largest process)",
           "peak memory MB (process tree)", "HTML pages (hans+hant)",
           "pages/s", "hans pages/s", "hans pages/CPU-s", "output MB", "stages s (median)"]


def table_rows(size: int, label: str, runs: dict[str, list[dict]]) -> list[list[str]]:
    out = []
    for scenario, rows in runs.items():
        m = median_row(rows)
        if m is None:
            out.append([label, scenario, f"0/{len(rows)}", "FAILED: " + rows[-1].get("error", "")[:80].replace("|", "/"),
                        *[""] * (len(COLUMNS) - 4)])
            continue
        stages = ", ".join(f"{k} {v:.2f}" for k, v in m["stages"].items())
        out.append([label, scenario, str(m["n"]), f"{m['wall']:.2f} ({m['wall_min']:.1f}–{m['wall_max']:.1f})",
                    "" if m["build_s"] is None else f"{m['build_s']:.2f}",
                    "" if m["startup_s"] is None else f"{m['startup_s']:.1f} / {m['exit_s']:.1f}", f"{m['cpu']:.2f}", m["workers"],
                    f"{m['rss_mb']:.0f}", f"{m['tree_mb']:.0f}", f"{m['html_hans']:.0f}+{m['html_hant']:.0f}",
                    f"{m['pages_per_s']:.0f}", f"{m['hans_per_s']:.0f}", f"{m['hans_per_cpu_s']:.0f}",
                    f"{m['out_bytes'] / 1e6:.1f}", stages])
    return out


def markdown_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def text_table(rows: list[list[str]]) -> str:
    cols = [COLUMNS] + rows
    widths = [max(len(r[i]) for r in cols) for i in range(len(COLUMNS) - 1)]
    fmt = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[-1]  # noqa: E731
    return "\n".join(fmt(r) for r in cols)


def machine_note() -> str:
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            mem = f"{int(fh.readline().split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} cores, {mem}, {platform.platform(terse=True)}, CPython {platform.python_version()}; "
            f"load average {load}")


def source_fingerprint(src: Path) -> str:
    """SHA-256 (12 hex) over a newsarchive package folder's files: which state of the code was measured."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(p for p in src.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(src).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def log(msg: str) -> None:
    print(msg, flush=True)


# --------------------------------------------------------------------------- profile


def profile(python: str, site: Site, work: Path, env: dict | None) -> str:
    spy = shutil.which("py-spy") or str(Path(python).parent / "py-spy")
    if not Path(spy).exists():
        return "py-spy not found: `pip install py-spy` into the venv to profile"
    site.restore()
    site.clean()
    raw = work / f"profile-{site.label}.txt"
    m = measure([spy, "record", "--subprocesses", "--rate", "100", "--format", "raw", "--output", str(raw), "--",
                 python, "-c", CHILD, str(site.folder)], cwd=site.folder, env=env)
    if m["returncode"] != 0 or not raw.exists():
        return f"py-spy failed: {m['stderr'][-1000:]}"
    own: Counter = Counter()
    total: Counter = Counter()
    samples = 0
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, n = line.rpartition(" ")
        if not stack or not n.isdigit():
            continue
        n = int(n)
        samples += n
        frames = [_frame_name(f) for f in stack.split(";") if not f.startswith("process ")]
        if not frames:
            continue
        own[frames[-1]] += n
        for f in set(frames):
            total[f] += n
    lines = [f"py-spy, {samples} samples at 100 Hz over a {m['wall']:.1f} s cold build of {site.label} ({raw})",
             "", "% of all samples (every process of the build); inclusive column without multiprocessing/threading plumbing",
             "", "| own time (self) | % | | total time (inclusive) | % |", "|---|---|---|---|---|"]
    top_own = own.most_common(25)
    plumbing = ("<module>", "(multiprocessing/", "(threading.py", "(<frozen", "(concurrent/")
    top_total = [kv for kv in total.most_common(200) if not any(p in kv[0] for p in plumbing)][:25]
    for i in range(25):
        a = top_own[i] if i < len(top_own) else ("", 0)
        b = top_total[i] if i < len(top_total) else ("", 0)
        lines.append(f"| `{a[0]}` | {100 * a[1] / samples:.1f} | | `{b[0]}` | {100 * b[1] / samples:.1f} |")
    by_file: Counter = Counter()
    for f, n in own.items():
        by_file[f.rsplit(" ", 1)[-1].split(":")[0].strip("()")] += n
    lines += ["", "own time by file: " + ", ".join(f"{k} {100 * v / samples:.1f}%" for k, v in by_file.most_common(12))]
    return "\n".join(lines)


def _frame_name(frame: str) -> str:
    """`render_page (newsarchive/render.py:144)` -> `render_page (newsarchive/render.py)`; template
    frames (`root (article.html:22)`) keep the template name."""
    name, _, where = frame.partition(" (")
    where = where.rstrip(")")
    path = where.rsplit(":", 1)[0]
    path = path.split("site-packages/")[-1]
    return f"{name} ({path})"


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, action="append", required=True, help="corpus size (repeatable)")
    ap.add_argument("--runs", type=int, default=3, help="rounds per scenario; medians are reported")
    ap.add_argument("--compare-hugo", action="store_true", help="also build the same articles with Hugo")
    ap.add_argument("--traditional", action="store_true", help="also measure a build with traditional: s2t")
    ap.add_argument("--search", action="store_true", help="also measure a build with search: true")
    ap.add_argument("--scenarios", default=",".join(SCENARIOS), help="comma list of " + ",".join(SCENARIOS))
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "newsarchive-bench")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--markdown", type=Path, help="write the markdown tables here (default WORK/results.md)")
    ap.add_argument("--timeout", type=float, help="kill a build after this many seconds")
    ap.add_argument("--max-rss-gb", type=float, help="kill a build whose resident memory passes this")
    ap.add_argument("--profile", action="store_true", help="also profile one cold build per size with py-spy")
    ap.add_argument("--python", default=sys.executable, help="interpreter for the builds (default: this one)")
    ap.add_argument("--live", action="store_true",
                    help="import the installed newsarchive as it is at each build (default: a snapshot of "
                         "src/newsarchive taken at the start, so concurrent edits cannot mix into the runs)")
    args = ap.parse_args(argv)
    scenarios = [s for s in args.scenarios.split(",") if s]
    if bad := [s for s in scenarios if s not in SCENARIOS]:
        ap.error(f"unknown scenario(s) {bad}; choose from {SCENARIOS}")
    probe = subprocess.run([args.python, "-c", "import newsarchive"], capture_output=True)
    if probe.returncode != 0:
        ap.error(f"{args.python} cannot import newsarchive: run this with the project's venv python")
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    sizes = sorted(set(args.articles))
    started = _dt.datetime.now().astimezone()
    command = "python benchmarks/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
    log(f"# {command}")
    global PACKAGE
    args.child_env = None
    if args.live:
        fingerprint = source_fingerprint(PACKAGE) + " (live tree)"
    else:
        # others may edit src/ while this runs: every build of this invocation imports one frozen copy
        staging = Path(tempfile.mkdtemp(prefix="src-", dir=work))
        shutil.copytree(PACKAGE, staging / "newsarchive", ignore=shutil.ignore_patterns("__pycache__"))
        fingerprint = source_fingerprint(staging / "newsarchive")
        snapshot = work / f"src-{fingerprint}"
        if snapshot.exists():
            shutil.rmtree(staging)
        else:
            staging.rename(snapshot)
        PACKAGE = snapshot / "newsarchive"
        sys.path.insert(0, str(snapshot))
        args.child_env = {**os.environ, "PYTHONPATH": str(snapshot)}
        check = subprocess.run([args.python, "-c", "import newsarchive; print(newsarchive.__file__)"],
                               env=args.child_env, capture_output=True, text=True)
        if not check.stdout.strip().startswith(str(snapshot)):
            ap.error(f"the snapshot {snapshot} does not shadow the installed newsarchive: {check.stdout}{check.stderr}")
    log(f"# {started:%Y-%m-%d %H:%M %Z}; {machine_note()}; {args.runs} run(s) per scenario, medians")
    log(f"# src/newsarchive fingerprint {fingerprint}" + ("" if args.live else f", builds import the snapshot {PACKAGE}"))
    hugo = ensure_hugo() if args.compare_hugo else None
    if hugo:
        log(f"# {hugo_version(hugo)}")

    report: dict = {"command": command, "date": started.isoformat(timespec="minutes"), "machine": machine_note(),
                    "src_fingerprint": fingerprint, "sizes": {}}
    sections: list[str] = []
    ratios: dict[int, tuple[float, float]] = {}
    for size in sizes:
        corpus = ensure_corpus(work, size, args.seed)
        counts = json.loads((corpus.with_name(corpus.name + ".json")).read_text())
        log(f"\n## {size} articles: corpus {counts['files']} files, {counts['bytes'] / 1e6:.1f} MB, "
            f"{counts['issues']} issues, {counts['articles']} articles + {counts['photos']} photos")
        entry: dict = {"corpus": counts, "builds": {}}
        rows: list[list[str]] = []
        site = Site(make_site(work / f"site-{size}", corpus, traditional=False, search=False), "simplified")
        # (name, table label, one round); rounds are interleaved (round 1 of each, then round 2 ...)
        # so that a noisy machine weighs on every build alike
        jobs = [("simplified", "simplified only",
                 lambda r, out, s=site: site_round(args.python, s, scenarios, args, r, out))]
        if args.traditional or args.search:
            label = "+".join(x for x, on in (("traditional", args.traditional), ("search", args.search)) if on)
            full = Site(make_site(work / f"site-{size}-full", corpus, args.traditional, args.search), label)
            jobs.append(("full", f"full ({label})",
                         lambda r, out, s=full: site_round(args.python, s, scenarios, args, r, out)))
        if hugo:
            hsite = work / f"hugo-{size}"
            exported = write_hugo_site(hsite, site)
            log(f"  hugo content: {exported['articles']} articles in {exported['sections']} sections ({hsite})")
            entry["hugo_content"] = exported
            jobs.append(("hugo", "hugo", lambda r, out, h=hsite: hugo_round(hugo, h, args, r, out)))
        failed: set[str] = set()
        for r in range(args.runs):
            for name, _label, one_round in jobs:
                if name not in failed and not one_round(r, entry["builds"].setdefault(name, defaultdict(list))):
                    failed.add(name)
        for name, label, _ in jobs:
            rows += table_rows(size, label, entry["builds"][name])
        if hugo:
            ours = median_row(entry["builds"]["simplified"].get("cold", []))
            theirs = median_row(entry["builds"]["hugo"].get("cold", []))
            if ours and theirs:
                ratios[size] = (ours["hans_per_s"] / theirs["pages_per_s"],
                                ours["hans_per_cpu_s"] / theirs["html_per_cpu_s"])
                entry["ratio_pages_per_s_vs_hugo"], entry["ratio_pages_per_cpu_s_vs_hugo"] = ratios[size]
        report["sizes"][size] = entry
        title = f"{size:,} articles ({counts['files']:,} page files, {counts['bytes'] / 1e6:.1f} MB of raw text)"
        log("\n" + title + "\n" + text_table(rows))
        section = f"### {title}\n\n" + markdown_table(rows)
        if size in ratios:
            section += (f"\n\nOur cold Simplified-only pages/s ÷ Hugo's cold pages/s: **{ratios[size][0]:.2f}** "
                        f"(per CPU-second: {ratios[size][1]:.2f}).")
        if args.profile:
            prof = profile(args.python, site, work, args.child_env)
            log("\n" + prof)
            section += f"\n\nProfile of one cold build:\n\n{prof}"
        sections.append(section)

    report["machine_after"] = machine_note()
    (work / "results.json").write_text(json.dumps(report, indent=1, default=str, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
    md = (f"```sh\n{command}\n```\n\n{started:%Y-%m-%d %H:%M %Z}. Machine: {report['machine']} at the start, "
          f"{report['machine_after'].split('; ')[-1]} at the end. Medians of {args.runs} run(s) per scenario. "
          f"Code measured: src/newsarchive fingerprint `{fingerprint}` (SHA-256 of its files).\n\n"
          + LEGEND + "\n\n"
          + "\n\n".join(sections) + "\n")
    target = args.markdown or work / "results.md"
    target.write_text(md, encoding="utf-8")
    log(f"\nwrote {target} and {work / 'results.json'}")
    if ratios:
        largest = max(ratios)
        for size, (wall, cpu) in sorted(ratios.items()):
            log(f"articles={size} ratio_pages_per_s_vs_hugo={wall:.3f} ratio_pages_per_cpu_s_vs_hugo={cpu:.3f}")
        log(f"ratio_pages_per_cpu_s_vs_hugo={ratios[largest][1]:.3f}")
        log(f"ratio_pages_per_s_vs_hugo={ratios[largest][0]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
