"""Search engine evaluation: exactness, bytes per query, indexing time and memory.

    python benchmarks/search_eval.py --articles 10000 --work /tmp/eval10k --build [--browser]
    python benchmarks/search_eval.py --articles 100000 --work /tmp/eval100k

Generates the synthetic corpus (benchmarks/generate.py, seed 1) into WORK/corpus unless it is
there, then either builds the whole site (``--build``: parse, render, write, search, with
``traditional: false`` so that "render" is the pages alone) or only the search index
(``documents()`` + ``write_index()`` into WORK/public/search). Then, for every query of
benchmarks/search_queries.txt, it compares the reference client (``newsarchive.search.Client``,
the algorithm of search.js reading the same files) with plain substring search over the same
normalised text, and counts the bytes the browser fetches for the first results page, with HTTP
Range and without (a host that answers 200: whole shard files). ``--browser`` also runs every
query in headless chromium through search.js against a Range-capable local server and checks
that its hits and fetched bytes equal the reference client's.

The index is timed once more in a child process (``--index-only``) so that its peak RSS is its
own (the kernel's high-water mark is reset just before ``write_index``).

Prints Markdown tables (pasted into benchmarks/SEARCH.md) and writes WORK/search_eval.json.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from newsarchive import search  # noqa: E402


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- corpus and build


def ensure_corpus(work: Path, articles: int) -> dict:
    corpus = work / "corpus"
    marker = work / "corpus.json"
    if (marker.exists() and json.loads(marker.read_text()).get("articles_requested") == articles
            and corpus.is_dir() and any(corpus.iterdir())):
        return json.loads(marker.read_text())
    import generate

    corpus.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    info = generate.generate(corpus, articles)
    info["articles_requested"] = articles
    info["seconds"] = round(time.perf_counter() - started, 1)
    marker.write_text(json.dumps(info))
    return info


def write_site_yaml(work: Path) -> None:
    (work / "site.yaml").write_text("title: 检索基准\noutput: public\ntraditional: false\n", encoding="utf-8")


def planner_for(work: Path):
    from newsarchive.archive import build_archive
    from newsarchive.config import load_config
    from newsarchive.pages import Planner, site_context
    from newsarchive.papers import load_registry
    from newsarchive.pipeline import load_paths

    config, _ = load_config(work)
    loaded = load_paths([config.corpus_dir], load_registry(extra=list(config.papers) or None))
    archive = build_archive(loaded.files)
    return Planner(archive, site_context(config), search=True)


def full_build(work: Path) -> dict:
    from newsarchive.config import load_config
    from newsarchive.pipeline import build

    import resource

    config, _ = load_config(work)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    cpu = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    result = build(config)
    after = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cpu_s = sum(a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime for a, b in zip(after, cpu))
    return {"seconds": round(time.perf_counter() - started, 1), "stages": result.stage_seconds,
            "cpu_seconds": round(cpu_s, 1), "load_before": load,
            "pages": result.pages, "files": result.files, "bytes": result.bytes, "search": result.search}


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024
    return 0


def index_only(work: Path, out: Path | None) -> dict:
    """documents() + write_index() into ``out`` (or nowhere); peak RSS measured from here on."""
    planner = planner_for(work)
    started = time.perf_counter()
    docs = search.documents(planner)
    doc_seconds = time.perf_counter() - started
    before = _status("VmRSS")
    try:  # reset the high-water mark so VmHWM is the indexer's own peak
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass

    def write(rel: str, data) -> None:
        if out is None:
            return
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))

    import resource

    def cpu() -> float:
        me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime

    cpu0 = cpu()
    stats = search.write_index(docs, write)
    stats["cpu_seconds"] = round(cpu() - cpu0, 2)  # parent and pass-1 workers
    stats["documents_seconds"] = round(doc_seconds, 2)
    stats["rss_before_mb"] = before
    stats["peak_rss_during_mb"] = _status("VmHWM")
    stats["peak_rss_delta_mb"] = stats["peak_rss_during_mb"] - before
    return stats


# --------------------------------------------------------------------------- ground truth


def docs_from_site(work: Path) -> list[search.SearchDoc]:
    """The indexed documents, numbered as the client numbers them (the index keeps no copy of
    the texts since issue 16: they are made again from the corpus, as the build made them)."""
    return search.documents(planner_for(work))


def read_queries(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


# --------------------------------------------------------------------------- evaluation


def evaluate(out: Path, docs, queries: list[str]) -> dict:
    fetch = lambda rel: (out / rel).read_bytes()  # noqa: E731

    def wire(path: str, n: int) -> int:
        """Bytes on the wire from a host that gzips JSON and HTML (GitHub Pages, Netlify,
        Cloudflare do); .bin files are application/octet-stream and travel as they are."""
        return len(gzip.compress(fetch(path), 6)) if path.endswith((".json", ".html")) else n

    ranged = search.Client(fetch, ranges=True)
    whole = search.Client(fetch, ranges=False)
    t2s = search.char_maps()[0]
    streams = [search.stream(d)[0] for d in docs]
    pages = (out / "index.html").exists()  # the hits' article pages (not after --index-only)
    rows = []
    for q in queries:
        started = time.perf_counter()
        truth = search.substring_search(docs, q, t2s, streams)
        truth_s = time.perf_counter() - started
        ranged.reset()
        whole.reset()
        r = ranged.search(q, fold=False, texts=pages)  # every printing: exactness is per document
        w = whole.search(q, fold=False, texts=pages)
        assert r.ids == w.ids, q
        got, want = set(r.ids), set(truth)
        inter = len(got & want)
        idx = lambda res: sum(n for path, n in res.fetched if not path.endswith(".html"))  # noqa: E731
        rows.append({
            "wire_range": sum(wire(path, n) for path, n in r.fetched),
            "index_range": idx(r), "index_whole": idx(w),
            "query": q, "terms": [v for t in r.terms for v in t], "truth": len(want), "hits": len(got),
            "recall": inter / len(want) if want else 1.0, "precision": inter / len(got) if got else 1.0,
            "counts_equal": all(r.counts[d] == truth[d] for d in got & want),
            "bytes_range": r.bytes, "requests_range": len(r.fetched),
            "bytes_whole": w.bytes, "requests_whole": len(w.fetched),
            "texts": len(r.page), "truth_seconds": round(truth_s, 3),
            "fetched": r.fetched,
        })
    init = {p: n for p, n in ranged.init_fetched}
    init["search/t2s.json"] = len(fetch("search/t2s.json"))
    init["search/s2t.json (zh-Hant only)"] = len(fetch("search/s2t.json"))
    return {"rows": rows, "init": init}


def index_sizes(out: Path) -> dict:
    groups: dict[str, list[int]] = {}
    for path in (out / "search").rglob("*"):
        if path.is_file():
            rel = path.relative_to(out / "search").as_posix()
            if rel.startswith("s/"):  # a segment's file: counted by kind over all segments
                rel = rel.split("/", 2)[2]
            kind = rel.split("/")[0] if "/" in rel else rel
            groups.setdefault(kind, []).append(path.stat().st_size)
    return {k: {"files": len(v), "bytes": sum(v), "max": max(v), "median": statistics.median(v)}
            for k, v in sorted(groups.items())}


def shard_sweep(docs, queries: list[str], counts: list[int]) -> list[dict]:
    """The same documents indexed with other shard counts (in memory): index bytes per query."""
    out = []
    for S in counts:
        files: dict[str, bytes] = {}
        search.write_index(docs, lambda p, d: files.__setitem__(p, d if isinstance(d, bytes) else d.encode()), shards=S)
        row = {"shards": S}
        for ranges in (True, False):
            c = search.Client(files.__getitem__, ranges=ranges)
            c.t2s()
            sizes = []
            for q in queries:
                c.reset()
                res = c.search(q, texts=False)
                sizes.append(res.bytes)
            row["range" if ranges else "whole"] = (statistics.median(sizes), max(sizes))
        d = [len(v) for k, v in files.items() if re.match(r"search/s/[^/]+/d/", k)]
        p = [len(v) for k, v in files.items() if re.match(r"search/s/[^/]+/p/", k)]
        row.update(dir_median=statistics.median(d), post_median=statistics.median(p), post_max=max(p), files=2 * S)
        out.append(row)
        log(f"  shards {S}: {row}")
    return out


# --------------------------------------------------------------------------- the browser check


class RangeHandler(SimpleHTTPRequestHandler):
    """http.server with single-range ``Range: bytes=a-b`` support (as GitHub Pages, S3, nginx)."""

    def log_message(self, *args):
        pass

    def send_head(self):
        rng = self.headers.get("Range")
        m = re.fullmatch(r"bytes=(\d+)-(\d+)", rng or "")
        path = self.translate_path(self.path)
        if not m or not os.path.isfile(path):
            return super().send_head()
        data = Path(path).read_bytes()
        a, b = int(m.group(1)), min(int(m.group(2)), len(data) - 1)
        if a > b:
            self.send_error(416)
            return None
        self.send_response(206)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Range", f"bytes {a}-{b}/{len(data)}")
        self.send_header("Content-Length", str(b - a + 1))
        self.end_headers()
        import io

        return io.BytesIO(data[a:b + 1])


def serve(folder: Path, handler=RangeHandler) -> tuple[ThreadingHTTPServer, str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def browser_check(out: Path, rows: list[dict]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    httpd, base = serve(out)
    results = []
    try:
        with sync_playwright() as pw:
            exe = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None
            b = pw.chromium.launch(executable_path=exe) if exe else pw.chromium.launch()
            for row in rows:
                ctx = b.new_context()  # a cold cache for every query
                page = ctx.new_page()
                page.goto(base + "search/")
                page.wait_for_function("window.newsarchiveSearch")
                res = page.evaluate("""async q => { await window.newsarchiveSearch.search({q: '测'});
                    window.newsarchiveSearch.reset(); const t = performance.now();
                    const r = await window.newsarchiveSearch.search({q, fold: false}); r.ms = performance.now() - t; return r; }""",
                                    row["query"])
                # the warm-up loaded index.json, meta.bin and t2s.json: compare the query's own fetches
                want = [f for f in row["fetched"]]
                results.append({"query": row["query"], "hits": res["total"], "bytes": res["bytes"], "ms": round(res["ms"], 1),
                                "same_hits": res["total"] == row["hits"],
                                "same_bytes": res["bytes"] == sum(n for _, n in want)})
                ctx.close()
            b.close()
    finally:
        httpd.shutdown()
    return results


# --------------------------------------------------------------------------- report


def kb(n: float) -> str:
    return f"{n / 1024:.1f}"


def report(info: dict) -> str:
    lines = []
    ev = info["eval"]
    rows = ev["rows"]
    lines.append(f"### {info['label']}\n")
    c = info["corpus"]
    lines.append(f"Corpus: {c.get('files')} page files, {c.get('articles')} articles + {c.get('photos')} photos, "
                 f"{c.get('bytes', 0) / 1e6:.1f} MB. Indexed documents: {info['index']['docs']}.\n")
    lines.append("| query | truth hits | engine hits | recall | precision | counts = | KB (Range) | of which index | req. | KB (no Range) | of which index | req. |")
    lines.append("|---|---:|---:|---:|---:|:-:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        lines.append(f"| {r['query']} | {r['truth']} | {r['hits']} | {r['recall']:.2f} | {r['precision']:.2f} | "
                     f"{'yes' if r['counts_equal'] else 'NO'} | {kb(r['bytes_range'])} | {kb(r['index_range'])} | "
                     f"{r['requests_range']} | {kb(r['bytes_whole'])} | {kb(r['index_whole'])} | {r['requests_whole']} |")
    tr = sum(r["truth"] for r in rows)
    hits = sum(r["hits"] for r in rows)
    br = [r["bytes_range"] for r in rows]
    bw = [r["bytes_whole"] for r in rows]
    ir = [r["index_range"] for r in rows]
    iw = [r["index_whole"] for r in rows]
    lines.append(f"| **total / median (max)** | {tr} | {hits} | {min(r['recall'] for r in rows):.2f} (min) | "
                 f"{min(r['precision'] for r in rows):.2f} (min) | {'yes' if all(r['counts_equal'] for r in rows) else 'NO'} | "
                 f"{kb(statistics.median(br))} ({kb(max(br))}) | {kb(statistics.median(ir))} ({kb(max(ir))}) | | "
                 f"{kb(statistics.median(bw))} ({kb(max(bw))}) | {kb(statistics.median(iw))} ({kb(max(iw))}) | |")
    wr = [r["wire_range"] for r in rows]
    lines.append("")
    lines.append(f"On the wire from a host that gzips JSON and HTML (the hits' article pages), with Range: median {kb(statistics.median(wr))} KB, "
                 f"max {kb(max(wr))} KB per query.")
    lines.append("")
    init = ev["init"]
    lines.append("Loaded once per page: " + ", ".join(f"`{k.replace('search/', '')}` {kb(v)} KB" for k, v in init.items()) + ".\n")
    idx = info["index"]
    lines.append("| index part | files | KB | median file | largest file |")
    lines.append("|---|---:|---:|---:|---:|")
    names = {"d": "shard directories `d/`", "p": "postings `p/`"}
    for k, v in info["sizes"].items():
        lines.append(f"| {names.get(k, '`' + k + '`')} | {v['files']} | {kb(v['bytes'])} | {v['median'] / 1024:.2f} KB | "
                     f"{kb(v['max'])} KB |")
    lines.append("")
    lines.append(f"Index: {idx['shards']} shards, {idx['keys']} keys, {idx['postings']} postings, "
                 f"{idx['positions']} positions.")
    io = info.get("index_only")
    if io:
        lines.append(f"Index only (child process, {io.get('workers', 1)} pass-1 process(es)): {io['seconds']} s wall, "
                     f"{io['cpu_seconds']} s CPU, pass 1 {io['pass1_seconds']} s; RSS before {io['rss_before_mb']} MB, "
                     f"peak during {io['peak_rss_during_mb']} MB (+{io['peak_rss_delta_mb']} MB), workers' peak "
                     f"{io.get('worker_peak_rss_mb', 0)} MB; documents() {io['documents_seconds']} s.")
    b = info.get("build")
    if b:
        st = b["stages"]
        lines.append(f"Full build: {b['seconds']} s, {b['pages']} pages, {b['files']} files; stages: "
                     + ", ".join(f"{k} {v:.1f} s" for k, v in st.items()) + ".")
    runs = info.get("build_runs")
    if runs and len(runs) > 1:
        lines.append("")
        lines.append("| build | load before | render (pages) s | search s | search / render | search CPU s | whole build s | whole build CPU s |")
        lines.append("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for n, r in enumerate(runs, 1):
            lines.append(f"| {n} | {r['load']:.1f} | {r['render']:.1f} | {r['search']:.1f} | {r['search'] / r['render']:.2f} | "
                         f"{r['search_cpu']} | {r['total']:.1f} | {r['cpu']} |")
        med = lambda k: statistics.median(r[k] for r in runs)  # noqa: E731
        lines.append(f"| median | | {med('render'):.1f} | {med('search'):.1f} | "
                     f"{statistics.median(r['search'] / r['render'] for r in runs):.2f} | {med('search_cpu')} | "
                     f"{med('total'):.1f} | {med('cpu')} |")
    sweep = info.get("sweep")
    if sweep:
        lines.append("")
        lines.append("Shard count (same documents; index bytes per query = directories + postings, texts excluded):\n")
        lines.append("| shards | files | median directory | median / largest postings file | KB/query with Range (median, max) | KB/query without Range (median, max) |")
        lines.append("|---:|---:|---:|---:|---:|---:|")
        for r in sweep:
            lines.append(f"| {r['shards']} | {r['files']} | {r['dir_median'] / 1024:.2f} KB | {kb(r['post_median'])} / "
                         f"{kb(r['post_max'])} KB | {kb(r['range'][0])}, {kb(r['range'][1])} | {kb(r['whole'][0])}, {kb(r['whole'][1])} |")
    br_rows = info.get("browser")
    if br_rows:
        lines.append("")
        lines.append("Browser (headless chromium, search.js, Range-capable server, cold cache after init): "
                     f"same hits {sum(r['same_hits'] for r in br_rows)}/{len(br_rows)}, same bytes as the "
                     f"reference client {sum(r['same_bytes'] for r in br_rows)}/{len(br_rows)}, "
                     f"median {statistics.median(r['ms'] for r in br_rows):.0f} ms, max {max(r['ms'] for r in br_rows):.0f} ms per query.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--queries", type=Path, default=HERE / "search_queries.txt")
    ap.add_argument("--build", action="store_true", help="build the whole site (render times), not just the index")
    ap.add_argument("--build-runs", type=int, default=1, help="with --build: build this many times (timing spread)")
    ap.add_argument("--browser", action="store_true", help="also run the queries through search.js in chromium")
    ap.add_argument("--reuse", action="store_true", help="reuse the index and timings of the previous run in WORK")
    ap.add_argument("--sweep", default="", help="also index with these shard counts (comma-separated) and compare")
    ap.add_argument("--index-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    if args.index_only:
        print(json.dumps(index_only(work, None)))
        return 0
    info = {"label": f"{args.articles:,} articles".replace(",", " ")}
    log(f"corpus: {work / 'corpus'}")
    info["corpus"] = ensure_corpus(work, args.articles)
    write_site_yaml(work)
    out = work / "public"
    previous = work / "search_eval.json"
    if args.reuse and previous.exists() and (out / "search/index.json").exists():
        log("reusing the index and timings of the previous run")
        old = json.loads(previous.read_text(encoding="utf-8"))
        for key in ("build", "index", "index_only"):
            if key in old:
                info[key] = old[key]
    elif args.build:
        runs = []
        for n in range(args.build_runs):
            log(f"building the whole site ({n + 1}/{args.build_runs}) ...")
            runs.append(full_build(work))
        info["build"] = runs[-1]
        info["build_runs"] = [{"render": r["stages"].get("render"), "search": r["stages"].get("search"),
                               "total": r["seconds"], "load": r["load_before"], "cpu": r["cpu_seconds"],
                               "search_cpu": r["search"].get("cpu_seconds"), "pass1": r["search"].get("pass1_seconds")}
                              for r in runs]
        info["index"] = info["build"]["search"]
    else:
        log("building the index only ...")
        import shutil

        shutil.rmtree(out, ignore_errors=True)
        info["index"] = index_only(work, out)
    if "index_only" not in info:
        log("index only, in a child process ...")
        child = subprocess.run([sys.executable, __file__, "--work", str(work), "--index-only"],
                               capture_output=True, text=True, check=True)
        info["index_only"] = json.loads(child.stdout.strip().splitlines()[-1])
    info["sizes"] = index_sizes(out)
    log("evaluating queries ...")
    docs = docs_from_site(work)
    info["eval"] = evaluate(out, docs, read_queries(args.queries))
    if args.sweep:
        log("shard sweep ...")
        info["sweep"] = shard_sweep(docs, read_queries(args.queries), [int(x) for x in args.sweep.split(",")])
    if args.browser:
        log("browser check ...")
        info["browser"] = browser_check(out, info["eval"]["rows"])
    (work / "search_eval.json").write_text(json.dumps(info, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(report(info))
    bad = [r["query"] for r in info["eval"]["rows"] if r["recall"] < 1 or r["precision"] < 1 or not r["counts_equal"]]
    if bad:
        log(f"NOT EXACT: {bad}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
