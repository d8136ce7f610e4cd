"""Measure two static-host full-text search designs for Chinese articles, on the same documents.

    python benchmarks/search_alternatives.py --corpus /tmp/alt/gen10k --work /tmp/alt/work [--pagefind] [--fts5]

Results and the method are in ``benchmarks/SEARCH_ALTERNATIVES.md``. What this does:

* **Documents.** Parses the corpus with the project's own parser (``newsarchive.pipeline.load_paths``), in a
  subprocess run with ``--project-python`` (default ``.venv/bin/python`` of this repo). One document per
  article that is not a photo; its text is the headline, the byline line as printed and the body paragraphs,
  one per line, NFKC-normalised. (The parser moves bylines out of the body, so without the byline line no
  reporter name would be searchable at all.) Cached as ``WORK/docs.jsonl``.
* **Queries and ground truth.** A fixed list of 1-6 character queries (``QUERIES``). A query is NFKC-normalised
  and converted Traditional -> Simplified with OpenCC ``t2s``; its true hits are the documents whose text
  contains it as a plain substring.
* **Bigram tokens.** Every run of Han characters ``c1..cn`` becomes the tokens ``c1c2 c2c3 .. c(n-1)cn cn``
  (overlapping pairs plus the last character alone, so every occurrence of a character starts some token).
  Other letters/digits stay whole lower-cased words. A query becomes the same pairs (a phrase), or, for one
  character, a prefix of a token.
* ``--fts5``: SQLite FTS5 (``unicode61`` over the space-separated bigram tokens, contentless, ``detail=full``,
  optimized, VACUUMed) at page sizes 1024 and 4096, plus a ``trigram``-tokenizer table for comparison.
  Build time and peak RSS come from ``/usr/bin/time -v`` around a child process. Bytes per query = distinct
  database pages read (apsw VFS shim logging ``xRead``) x page size, with a fresh connection per query
  (that is, what HTTP range requests would have to fetch with no read-ahead and a cold cache).
* ``--pagefind``: the ``pagefind[extended]`` CLI (``--pagefind-python``) over one HTML page per document, in
  three variants (see ``PF_VARIANTS``); time and RSS from ``/usr/bin/time -v``; searched in Debian chromium
  through Playwright with ``pagefind.search()`` and ``data()`` on every result; bytes from Resource Timing.
* ``--sqljs``: the FTS5 database queried in chromium through the real ``sql.js-httpvfs`` (from npm, in
  ``--npm-dir``) over a local HTTP server with Range support, counting the bytes it actually fetched.

Every child process is watched: its process tree is killed past ``--rss-limit-gb`` (default 16).
Writes ``WORK/results.json`` (merged across runs) and ``WORK/tables.md``.
"""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------- queries

QUERIES: list[tuple[str, str]] = [
    # reporter names (they occur only in bylines)
    ("丁飞萍", "reporter"), ("郑洋文", "reporter"), ("侯然宇", "reporter"), ("汪竹", "reporter"),
    ("马英", "reporter"), ("熊飞", "reporter"),
    # people named in the text
    ("柴伟", "person"), ("朱虹", "person"), ("刘立新", "person"),
    # places
    ("白泉镇", "place"), ("东辽县", "place"), ("梨树县", "place"), ("洮南市", "place"), ("龙山区", "place"),
    ("梅河口", "place"), ("长春", "place"),
    # two-character words
    ("调研", "word2"), ("残疾", "word2"), ("会议", "word2"), ("发展", "word2"), ("人才", "word2"),
    # longer words and phrases
    ("党史学习教育", "phrase"), ("残疾人", "phrase"), ("人居环境", "phrase"), ("乡村振兴", "phrase"),
    ("高质量发展", "phrase"), ("疫情防控", "phrase"), ("市委书记", "phrase"),
    # single characters
    ("党", "char"), ("研", "char"), ("镇", "char"), ("议", "char"),
    # Traditional script: must find the Simplified articles
    ("遼源", "trad"), ("黨史學習教育", "trad"), ("殘疾人", "trad"), ("會議", "trad"), ("東遼縣", "trad"),
]

HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
TOKEN_RE = re.compile(f"([{HAN_CLASS}]+)|([^\\W_{HAN_CLASS}]+)")


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def bigram_tokens(text: str) -> list[str]:
    """Han runs -> overlapping pairs + the run's last character; other word runs -> lower-cased words."""
    out: list[str] = []
    for m in TOKEN_RE.finditer(text):
        han, other = m.group(1), m.group(2)
        if han:
            out.extend(han[i:i + 2] for i in range(len(han) - 1))
            out.append(han[-1])
        else:
            out.append(other.lower())
    return out


def query_tokens(q: str) -> tuple[list[str], bool]:
    """(tokens, is_prefix): a one-character Han query is a token prefix; longer ones a phrase of pairs."""
    runs = [m.group(0) for m in TOKEN_RE.finditer(q)]
    if len(runs) == 1 and len(runs[0]) == 1 and re.match(f"[{HAN_CLASS}]", runs[0]):
        return [runs[0]], True
    toks: list[str] = []
    for m in TOKEN_RE.finditer(q):
        han, other = m.group(1), m.group(2)
        if han and len(han) > 1:
            toks.extend(han[i:i + 2] for i in range(len(han) - 1))
        else:
            toks.append((han or other).lower())
    return toks, False


def enc_token(tok: str) -> str:
    """An ASCII spelling of a token for Pagefind's non-CJK path: 'z' + 6 decimal digits per character.

    Digits only, so the English stemmer leaves it alone; fixed width, so the code of one character is a
    prefix of every pair that starts with it."""
    return "z" + "".join(f"{ord(c):06d}" for c in tok)


def t2s_converter():
    import opencc  # opencc-python-reimplemented, like the project; the official wheel has the same API

    return opencc.OpenCC("t2s")


# --------------------------------------------------------------------------- measured child processes


def _tree_rss_kb(root_pid: int) -> int:
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                parts = fh.read().rsplit(")", 1)[1].split()
            ppid = int(parts[1])
            rss[int(d)] = int(parts[21]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
            children.setdefault(ppid, []).append(int(d))
        except (OSError, ValueError, IndexError):
            continue
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run_measured(cmd: list[str], log: Path, rss_limit_gb: float, env: dict | None = None) -> dict:
    """Run cmd under /usr/bin/time -v; kill its process group past rss_limit_gb. Returns time and RSS."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as out:
        start = time.monotonic()
        p = subprocess.Popen(["/usr/bin/time", "-v", *cmd], stdout=out, stderr=subprocess.STDOUT,
                             start_new_session=True, env=env)
        killed = False
        while p.poll() is None:
            if _tree_rss_kb(p.pid) > rss_limit_gb * 1024 * 1024:
                os.killpg(p.pid, signal.SIGKILL)
                killed = True
            time.sleep(0.5)
        wall = time.monotonic() - start
    text = log.read_text(errors="replace")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    res = {"cmd": " ".join(cmd), "returncode": p.returncode, "wall_s": round(wall, 2),
           "peak_rss_mb": round(int(m.group(1)) / 1024, 1) if m else None, "killed_over_rss": killed,
           "log": str(log)}
    if p.returncode != 0:
        res["tail"] = text[-1500:]
    return res


def dir_stats(path: Path) -> dict:
    files = [f for f in path.rglob("*") if f.is_file()]
    by_ext: dict[str, list[int]] = {}
    for f in files:
        by_ext.setdefault(f.suffix or f.name, []).append(f.stat().st_size)
    return {"files": len(files), "bytes": sum(sum(v) for v in by_ext.values()),
            "by_ext": {k: {"files": len(v), "bytes": sum(v)} for k, v in sorted(by_ext.items())}}


# --------------------------------------------------------------------------- documents


def extract_docs(corpus: Path, out: Path) -> None:
    """Runs under the project's Python: parse the corpus and write one JSON line per article."""
    import types

    try:
        import newsarchive.pipeline  # noqa: F401
    except ImportError as exc:  # the tree is being edited by others; only load_paths is needed here
        if "search" not in str(exc):
            raise
        print(f"note: stubbing newsarchive.search ({exc})", file=sys.stderr)
        sys.modules["newsarchive.search"] = types.ModuleType("newsarchive.search")
    from newsarchive.pipeline import load_paths

    t0 = time.monotonic()
    r = load_paths([corpus])
    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        for pf in r.files:
            for i, a in enumerate(pf.articles):
                if a.kind == "photo":
                    continue
                lines = [a.headline or ""]
                if a.byline:
                    lines.append(a.byline)
                lines.extend(a.body)
                fh.write(json.dumps({
                    "id": n, "src": f"{pf.path}#{i}", "title": a.headline or "",
                    "paper": pf.facts.paper, "date": pf.facts.date.isoformat() if pf.facts.date else None,
                    "text": normalize("\n".join(lines)),
                }, ensure_ascii=False) + "\n")
                n += 1
    print(json.dumps({"files": len(r.files), "docs": n, "parse_s": round(time.monotonic() - t0, 1)}))


def load_docs(args) -> list[dict]:
    path = args.work / "docs.jsonl"
    if not path.exists() or args.force:
        proc = subprocess.run([args.project_python, __file__, "--extract-only", str(args.corpus), str(path)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit(f"document extraction failed:\n{proc.stderr[-3000:]}")
        print("extract:", proc.stdout.strip(), proc.stderr.strip()[:200])
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def ground_truth(docs: list[dict]) -> dict[str, dict]:
    conv = t2s_converter()
    truth = {}
    for q, kind in QUERIES:
        qs = conv.convert(normalize(q))
        truth[q] = {"kind": kind, "simplified": qs, "ids": [d["id"] for d in docs if qs in d["text"]]}
    return truth


def score(found: set[int], true: set[int]) -> dict:
    tp = len(found & true)
    return {"hits": len(found), "true": len(true), "tp": tp,
            "recall": round(tp / len(true), 4) if true else None,
            "precision": round(tp / len(found), 4) if found else (None if true else 1.0)}


# --------------------------------------------------------------------------- FTS5


FTS5_VARIANTS = {
    # name: (tokenize, page_size, pre-segmented?)
    "bigram-1k": ("unicode61", 1024, True),
    "bigram-4k": ("unicode61", 4096, True),
    "trigram-4k": ("trigram", 4096, False),
}


def build_fts5(docs_path: Path, db: Path, variant: str) -> None:
    """Child process: build one FTS5 database (measured from outside)."""
    import sqlite3

    tokenize, page_size, preseg = FTS5_VARIANTS[variant]
    if db.exists():
        db.unlink()
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA page_size={page_size}")
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("CREATE TABLE docs(id INTEGER PRIMARY KEY, title TEXT, paper TEXT, date TEXT, src TEXT)")
    con.execute(f"CREATE VIRTUAL TABLE fts USING fts5(body, content='', columnsize=0, "
                f"tokenize='{tokenize}')")
    # FTS5 leaf pages sized to fit one database page (the default pgsz is 1000 bytes).
    con.execute("INSERT INTO fts(fts, rank) VALUES('pgsz', ?)", (page_size - 64,))
    t0 = time.monotonic()
    with open(docs_path, encoding="utf-8") as fh:
        batch = []
        for line in fh:
            d = json.loads(line)
            body = " ".join(bigram_tokens(d["text"])) if preseg else d["text"]
            batch.append((d["id"], d["title"], d["paper"], d["date"], d["src"], body))
            if len(batch) >= 2000:
                _flush(con, batch)
                batch = []
        _flush(con, batch)
    con.commit()
    t1 = time.monotonic()
    con.execute("INSERT INTO fts(fts) VALUES('optimize')")
    con.commit()
    con.execute("VACUUM")
    con.close()
    print(json.dumps({"insert_s": round(t1 - t0, 1), "optimize_vacuum_s": round(time.monotonic() - t1, 1)}))


def _flush(con, batch) -> None:
    con.executemany("INSERT INTO docs VALUES (?,?,?,?,?)", [b[:5] for b in batch])
    con.executemany("INSERT INTO fts(rowid, body) VALUES (?,?)", [(b[0], b[5]) for b in batch])


def fts5_match(q_simplified: str, variant: str) -> str | None:
    tokenize = FTS5_VARIANTS[variant][0]
    if tokenize == "trigram":
        if len(q_simplified) < 3:
            return None  # the trigram tokenizer cannot answer 1-2 character MATCH queries
        return '"' + q_simplified.replace('"', '""') + '"'
    toks, prefix = query_tokens(q_simplified)
    if prefix:
        return f'"{toks[0]}"*'
    return '"' + " ".join(toks) + '"'


class _PageLog:
    def __init__(self):
        self.reads: list[tuple[int, int]] = []


def fts5_measure(db: Path, truth: dict, variant: str) -> dict:
    import apsw

    page_size = FTS5_VARIANTS[variant][1]
    log = _PageLog()

    class LogFile(apsw.VFSFile):
        def __init__(self, name, flags):
            self.main = bool(flags[0] & apsw.SQLITE_OPEN_MAIN_DB)
            super().__init__("", name, flags)

        def xRead(self, amount, offset):  # noqa: N802 (apsw's name)
            if self.main:
                log.reads.append((offset, amount))
            return super().xRead(amount, offset)

    class LogVFS(apsw.VFS):
        def __init__(self):
            super().__init__("pagelog", "")

        def xOpen(self, name, flags):  # noqa: N802
            return LogFile(name, flags)

    vfs = LogVFS()  # noqa: F841 (must stay referenced while connections use it)
    uri = f"file:{db}?immutable=1"

    def pages_of(sql: str, params=()) -> tuple[set[int], list, float]:
        log.reads.clear()
        con = apsw.Connection(uri, flags=apsw.SQLITE_OPEN_READONLY | apsw.SQLITE_OPEN_URI, vfs="pagelog")
        t0 = time.perf_counter()
        rows = list(con.execute(sql, params))
        dt = time.perf_counter() - t0
        con.close()
        pages = set()
        for off, amount in log.reads:
            pages.update(range(off // page_size, (off + max(amount, 1) - 1) // page_size + 1))
        return pages, rows, dt

    init_pages, _, _ = pages_of("SELECT rowid FROM fts WHERE fts MATCH '\"qqqqqqqq\"'")
    out = {"variant": variant, "page_size": page_size, "init_pages": len(init_pages),
           "init_bytes": len(init_pages) * page_size, "queries": {}}
    for q, t in truth.items():
        match = fts5_match(t["simplified"], variant)
        if match is None:
            out["queries"][q] = {"match": None, "note": "not answerable by this tokenizer"}
            continue
        p_all, rows, dt = pages_of("SELECT rowid FROM fts WHERE fts MATCH ?", (match,))
        p_20, rows20, dt20 = pages_of("SELECT f.rowid, d.title, d.date FROM fts f JOIN docs d ON d.id = f.rowid "
                                      "WHERE fts MATCH ? LIMIT 20", (match,))
        found = {r[0] for r in rows}
        out["queries"][q] = {
            "match": match, **score(found, set(t["ids"])),
            "all_pages": len(p_all), "all_bytes": len(p_all) * page_size,
            "all_bytes_beyond_init": len(p_all - init_pages) * page_size,
            "first20_pages": len(p_20), "first20_bytes": len(p_20) * page_size,
            "first20_bytes_beyond_init": len(p_20 - init_pages) * page_size,
            "ms_all": round(dt * 1000, 1), "ms_first20": round(dt20 * 1000, 1),
        }
    return out


def run_fts5(args, docs, truth) -> dict:
    res = {}
    for variant in args.fts5_variants:
        db = args.work / "fts5" / f"{variant}.db"
        db.parent.mkdir(parents=True, exist_ok=True)
        build = run_measured([sys.executable, __file__, "--_build-fts5", str(args.work / "docs.jsonl"), str(db),
                              variant], args.work / "fts5" / f"{variant}.build.log", args.rss_limit_gb)
        print(f"fts5 {variant} build: {build['wall_s']} s, {build['peak_rss_mb']} MB", flush=True)
        if build["returncode"] != 0:
            res[variant] = {"build": build}
            continue
        meas = fts5_measure(db, truth, variant)
        meas["build"] = build
        meas["db_bytes"] = db.stat().st_size
        res[variant] = meas
        print(f"fts5 {variant}: {db.stat().st_size / 1e6:.1f} MB", flush=True)
    return res


# --------------------------------------------------------------------------- Pagefind


PF_VARIANTS = {
    # baseline: readable text only, Pagefind's own segmentation on both sides, raw query
    "baseline": {"lang": "zh-CN"},
    # readable text + a hidden element of space-separated Han bigrams, zh index, bigram query
    "zh-bigram": {"lang": "zh-CN"},
    # hidden elements of ASCII-encoded bigram tokens plus one word per distinct character, en index (no
    # segmenter anywhere); title and a short excerpt as metadata. Queries are quoted (exact phrase).
    "enc-bigram": {"lang": "en"},
}

SEARCH_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>search</title></head>
<body><p>search harness</p></body></html>"""


def page_html(d: dict, variant: str) -> str:
    lang = PF_VARIANTS[variant]["lang"]
    lines = d["text"].split("\n")
    title = html.escape(lines[0])
    if variant == "enc-bigram":
        toks = " ".join(enc_token(t) for t in bigram_tokens(d["text"]))
        # Every distinct Han character once more as its own word ('y' + code), after the pair stream so
        # pair positions stay adjacent: a one-character query is then an exact word, not a prefix.
        chars = sorted(set(re.findall(f"[{HAN_CLASS}]", d["text"])))
        uni = " ".join("y" + enc_token(c)[1:] for c in chars)
        excerpt = html.escape(" ".join(lines[1:])[:80])
        body = (f'<h1 data-pagefind-ignore="index" data-pagefind-meta="title">{title}</h1>'
                f'<p data-pagefind-ignore="index" data-pagefind-meta="excerpt">{excerpt}</p>'
                f'<div hidden>{toks}</div><div hidden>{uni}</div>')
    else:
        body = f"<h1>{title}</h1>" + "".join(f"<p>{html.escape(s)}</p>" for s in lines[1:])
        if variant == "zh-bigram":
            body += f'<div hidden>{" ".join(bigram_tokens(d["text"]))}</div>'
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>'
            f'<body><header data-pagefind-ignore>newsarchive</header><main data-pagefind-body>{body}</main>'
            f'</body></html>')


def pf_query(variant: str, qs: str, phrase: bool = False) -> str:
    if variant == "baseline":
        return qs
    toks, prefix = query_tokens(qs)
    if variant == "enc-bigram":
        toks = ["y" + enc_token(t)[1:] if prefix else enc_token(t) for t in toks]
    s = " ".join(toks)
    # Quote even a single pair: unquoted, a pair that is absent from a shard falls back to shorter indexed
    # words that are a prefix of it (a run-final single character), which adds false hits (seen at 100k).
    return f'"{s}"' if phrase and not prefix else s


def shard_of(doc_id: int, shard_size: int) -> int:
    return doc_id // shard_size if shard_size else 0


def build_pagefind(args, docs, variant: str) -> dict:
    site = args.work / "pf" / variant
    if args.pf_reuse and (site / "pagefind_s0").exists():
        prev = json.loads((args.work / "results.json").read_text())["pagefind"][variant]["build"]
        print(f"pagefind {variant}: reusing the bundle built before", flush=True)
        return prev
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    (site / "index.html").write_text(SEARCH_PAGE, encoding="utf-8")
    shards = sorted({shard_of(d["id"], args.shard_size) for d in docs})
    t0 = time.monotonic()
    for d in docs:
        p = site / f"s{shard_of(d['id'], args.shard_size)}" / f"{d['id']}.html"
        p.parent.mkdir(exist_ok=True)
        p.write_text(page_html(d, variant), encoding="utf-8")
    html_stats = {"write_s": round(time.monotonic() - t0, 1), **dir_stats(site)}
    builds = []
    for k in shards:
        cmd = [args.pagefind_python, "-m", "pagefind", "--site", str(site), "--glob", f"s{k}/**/*.html",
               "--output-subdir", f"pagefind_s{k}"]
        if PF_VARIANTS[variant]["lang"] == "en":
            cmd += ["--force-language", "en"]
        b = run_measured(cmd, args.work / "pf" / f"{variant}.s{k}.log", args.rss_limit_gb)
        text = Path(b["log"]).read_text(errors="replace")
        m = re.search(r"Indexed ([\d,]+) words", text)
        b["words"] = int(m.group(1).replace(",", "")) if m else None
        b["warnings"] = sorted(set(re.findall(r"(?m)^.*(?:WARN|Warning|Note:|Error).*$", text)))[:5]
        print(f"pagefind {variant} shard {k}: {b['wall_s']} s, {b['peak_rss_mb']} MB, rc={b['returncode']}",
              flush=True)
        builds.append(b)
        if b["returncode"] != 0:
            break
    bundles = [dir_stats(site / f"pagefind_s{k}") for k in shards if (site / f"pagefind_s{k}").exists()]
    return {"html": html_stats, "shards": shards, "builds": builds,
            "bundle": {"files": sum(b["files"] for b in bundles), "bytes": sum(b["bytes"] for b in bundles),
                       "per_shard": bundles}}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass


def serve(directory: Path, handler=_Quiet):
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]

PF_INIT_JS = """
async (shards) => {
  const t0 = performance.now();
  const pf = await import(`/pagefind_s${shards[0]}/pagefind.js`);
  await pf.options({basePath: `/pagefind_s${shards[0]}/`});
  for (const k of shards.slice(1)) await pf.mergeIndex(`/pagefind_s${k}/`);
  await pf.init();
  window.pf = pf;
  return performance.now() - t0;
}
"""

PF_SEARCH_JS = """
async (q) => {
  const t0 = performance.now();
  window.res = await window.pf.search(q);
  return {count: window.res.results.length, unfiltered: window.res.unfilteredResultCount,
          ids: window.res.results.slice(0, 20).map(r => r.id), ms: performance.now() - t0};
}
"""

PF_DATA_JS = """
async ([from, to]) => {
  const t0 = performance.now();
  const d = await Promise.all(window.res.results.slice(from, to).map(r => r.data()));
  return {urls: d.map(x => x.url), ms: performance.now() - t0,
          first_title: d.length ? (d[0].meta || {}).title : null};
}
"""


def _pf_kind(url: str) -> str:
    if url.endswith(".pf_fragment"):
        return "fragment"
    if url.endswith((".pf_index", ".pf_filter")):
        return "search"
    if "/pagefind_s" in url:
        return "init"  # pagefind.js, pagefind-entry.json, wasm, .pf_meta
    return "page"


def pf_search(args, variant: str, shards: list[int], truth: dict, forms: list[str], all_data: bool) -> dict:
    """One fresh browser context per query (cold cache). Bytes = Content-Length of every response the
    context saw, classified by URL (Pagefind 1.5 fetches from a Web Worker, which Resource Timing on the
    page does not see): init = pagefind.js + entry + wasm + .pf_meta; search = .pf_index/.pf_filter chunks;
    fragments of the first 20 results (by result id) and of all the others."""
    from playwright.sync_api import sync_playwright

    site = args.work / "pf" / variant
    srv = serve(site)
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    out = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            for q, t in truth.items():
                for form in forms:
                    query = t["simplified"] if form == "raw-simplified" else (
                        q if form == "raw" else pf_query(variant, t["simplified"], phrase=(form == "phrase")))
                    if form == "phrase" and not query.startswith('"'):
                        continue  # one token: same as the AND form
                    if form == "raw-simplified" and query == q:
                        continue  # same string as the raw form
                    ctx = browser.new_context()  # fresh cache per query
                    seen: list[tuple[str, int]] = []
                    ctx.on("response", lambda r: seen.append((r.url, int(r.headers.get("content-length") or 0))))
                    page = ctx.new_page()
                    page.goto(base + "/index.html")
                    try:
                        ms_init = page.evaluate(PF_INIT_JS, shards)
                        s = page.evaluate(PF_SEARCH_JS, query)
                        d20 = page.evaluate(PF_DATA_JS, [0, 20])
                        urls = d20["urls"]
                        ms_rest = 0.0
                        if all_data and s["count"] > 20:
                            dr = page.evaluate(PF_DATA_JS, [20, s["count"]])
                            ms_rest = dr["ms"]
                            urls += dr["urls"]
                        page.wait_for_timeout(300)  # let the last response events reach us
                    except Exception as exc:  # record, go on
                        out.setdefault(form, {})[q] = {"query": query, "error": str(exc)[:500]}
                        ctx.close()
                        continue
                    ctx.close()
                    first_ids = set(s["ids"])
                    acc = {"init": [0, 0], "search": [0, 0], "first20": [0, 0], "rest": [0, 0], "page": [0, 0]}
                    for url, n in seen:
                        kind = _pf_kind(url)
                        if kind == "fragment":
                            kind = "first20" if url.rsplit("/", 1)[-1].split(".")[0] in first_ids else "rest"
                        acc[kind][0] += n
                        acc[kind][1] += 1
                    found = {int(m.group(1)) for u in urls if (m := re.search(r"/(\d+)(?:\.html)?$", u))}
                    rec = {"query": query, "count": s["count"], "unfiltered": s["unfiltered"],
                           "init": acc["init"], "search": acc["search"], "first20": acc["first20"],
                           "rest": acc["rest"],
                           "ms_init": round(ms_init), "ms_search": round(s["ms"]), "ms_first20": round(d20["ms"]),
                           "ms_rest": round(ms_rest), "first_title": d20["first_title"]}
                    if all_data:
                        rec.update(score(found, set(t["ids"])))
                    else:
                        rec["first20_tp"] = len(found & set(t["ids"]))
                    out.setdefault(form, {})[q] = rec
                    print(f"  pf {variant} {form} {q}: {s['count']} hits, init {acc['init']}, search "
                          f"{acc['search']}, first20 {acc['first20']}", flush=True)
            browser.close()
    finally:
        srv.shutdown()
    return out


def run_pagefind(args, docs, truth) -> dict:
    res = {}
    for variant in args.pf_variants:
        built = build_pagefind(args, docs, variant)
        res[variant] = {"build": built}
        if any(b["returncode"] != 0 for b in built["builds"]):
            continue
        forms = {"baseline": ["raw-simplified", "raw"], "zh-bigram": ["bigram"],
                 "enc-bigram": ["bigram", "phrase"]}[variant]
        if args.pf_forms:
            forms = [f for f in forms if f in args.pf_forms]
        res[variant]["search"] = pf_search(args, variant, built["shards"], truth, forms, not args.no_all_data)
    return res


# --------------------------------------------------------------------------- sql.js-httpvfs in the browser


class RangeHandler(_Quiet):
    """http.server with single-range support (what a static host gives sql.js-httpvfs)."""

    def send_head(self):
        rng = self.headers.get("Range")
        path = self.translate_path(self.path)
        if not rng or not os.path.isfile(path):
            return super().send_head()
        m = re.match(r"bytes=(\d+)-(\d*)", rng)
        size = os.path.getsize(path)
        start = int(m.group(1))
        end = min(int(m.group(2)) if m.group(2) else size - 1, size - 1)
        f = open(path, "rb")
        f.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        self._range_left = end - start + 1
        return f

    def copyfile(self, source, outputfile):
        left = getattr(self, "_range_left", None)
        if left is None:
            return super().copyfile(source, outputfile)
        outputfile.write(source.read(left))
        self._range_left = None


SQLJS_PAGE = """<!doctype html><html><head><meta charset="utf-8"></head><body>
<script src="/js/index.js"></script></body></html>"""

SQLJS_JS = """
async ([db, q, limit, chunk]) => {
  const reqs = () => performance.getEntriesByType('resource');
  const worker = await window.createDbWorker(
    [{from: 'inline', config: {serverMode: 'full', url: '/' + db, requestChunkSize: chunk}}],
    '/js/sqlite.worker.js', '/js/sql-wasm.wasm');
  const t0 = performance.now();
  const sql = limit
    ? 'SELECT f.rowid, d.title FROM fts f JOIN docs d ON d.id = f.rowid WHERE fts MATCH ? LIMIT ' + limit
    : 'SELECT rowid FROM fts WHERE fts MATCH ?';
  const rows = await worker.db.query(sql, [q]);
  const t1 = performance.now();
  const st = await worker.worker.getStats();
  return {rows: rows.length, ms: t1 - t0, bytes: st.totalFetchedBytes, requests: st.totalRequests};
}
"""


def run_sqljs(args, truth) -> dict:
    from playwright.sync_api import sync_playwright

    js = Path(args.npm_dir) / "node_modules" / "sql.js-httpvfs" / "dist"
    if not js.exists():
        return {"error": f"{js} missing: npm install sql.js-httpvfs in --npm-dir"}
    root = args.work / "sqljs"
    if root.exists():
        shutil.rmtree(root)
    (root / "js").mkdir(parents=True)
    for f in ("index.js", "sqlite.worker.js", "sql-wasm.wasm"):
        shutil.copy(js / f, root / "js" / f)
    (root / "index.html").write_text(SQLJS_PAGE, encoding="utf-8")
    out = {"js": {f: (root / "js" / f).stat().st_size for f in ("index.js", "sqlite.worker.js", "sql-wasm.wasm")}}
    variants = [v for v in args.fts5_variants if FTS5_VARIANTS[v][0] != "trigram"]
    for v in variants:
        db = args.work / "fts5" / f"{v}.db"
        if not db.exists():
            continue
        os.link(db, root / f"{v}.db") if not (root / f"{v}.db").exists() else None
    srv = serve(root, RangeHandler)
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            for v in variants:
                ps = FTS5_VARIANTS[v][1]
                res = out.setdefault(v, {})
                for q, t in truth.items():
                    match = fts5_match(t["simplified"], v)
                    for limit in (0, 20):
                        ctx = browser.new_context()
                        page = ctx.new_page()
                        page.goto(base + "/index.html")
                        try:
                            r = page.evaluate(SQLJS_JS, [f"{v}.db", match, limit, ps])
                        except Exception as exc:
                            r = {"error": str(exc)[:500]}
                        ctx.close()
                        res.setdefault(q, {})["first20" if limit else "all"] = r
                    print(f"  sqljs {v} {q}: {res[q]}", flush=True)
            browser.close()
    finally:
        srv.shutdown()
    return out


# --------------------------------------------------------------------------- report


def _fmt_bytes(n) -> str:
    if n is None:
        return "–"
    return f"{n / 1e6:.2f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


def _overall(rows: list[dict]) -> tuple[float | None, float | None]:
    tp = sum(r.get("tp", 0) for r in rows)
    true = sum(r.get("true", 0) for r in rows)
    hits = sum(r.get("hits", 0) for r in rows)
    return (round(tp / true, 4) if true else None, round(tp / hits, 4) if hits else None)


def tables(results: dict, label: str) -> str:
    out = [f"## {label}\n"]
    truth = results.get("truth", {})
    fts = results.get("fts5", {})
    for v, r in fts.items():
        b = r["build"]
        out.append(f"### FTS5 {v}\n\nbuild {b['wall_s']} s, peak RSS {b['peak_rss_mb']} MB, "
                   f"DB {_fmt_bytes(r.get('db_bytes'))}, init pages {r.get('init_pages')} "
                   f"({_fmt_bytes(r.get('init_bytes'))})\n")
        out.append("| query | true | hits | recall | precision | all ids: bytes | first 20 + titles: bytes | ms |")
        out.append("|---|---|---|---|---|---|---|---|")
        rows = []
        for q, m in r.get("queries", {}).items():
            if m.get("match") is None:
                out.append(f"| {q} | {len(truth.get(q, {}).get('ids', []))} | n/a | | | | | |")
                continue
            rows.append(m)
            out.append(f"| {q} | {m['true']} | {m['hits']} | {m['recall']} | {m['precision']} | "
                       f"{_fmt_bytes(m['all_bytes'])} | {_fmt_bytes(m['first20_bytes'])} | {m['ms_all']} |")
        rec, prec = _overall(rows)
        if rows:
            med = statistics.median(m["all_bytes"] for m in rows)
            mx = max(m["all_bytes"] for m in rows)
            med20 = statistics.median(m["first20_bytes"] for m in rows)
            out.append(f"\noverall (pooled) recall {rec}, precision {prec}; bytes all ids median "
                       f"{_fmt_bytes(med)}, max {_fmt_bytes(mx)}; first 20 median {_fmt_bytes(med20)}\n")
    pf = results.get("pagefind", {})
    for v, r in pf.items():
        bl = r["build"]["builds"]
        out.append(f"### Pagefind {v}\n\nindex {sum(b['wall_s'] for b in bl):.1f} s over {len(bl)} shard(s), "
                   f"peak RSS {max((b['peak_rss_mb'] or 0) for b in bl)} MB, words "
                   f"{[b.get('words') for b in bl]}, bundle {_fmt_bytes(r['build']['bundle']['bytes'])} in "
                   f"{r['build']['bundle']['files']} files; HTML {_fmt_bytes(r['build']['html']['bytes'])}"
                   + "".join(f"; rc={b['returncode']} {b.get('tail', '')[-300:]!r}" for b in bl
                             if b["returncode"] != 0) + "\n")
        for form, qs in r.get("search", {}).items():
            out.append(f"form `{form}`\n")
            out.append("| query | sent | true | hits | recall | precision | init | search | first 20 data() | "
                       "all data() | ms search |")
            out.append("|---|---|---|---|---|---|---|---|---|---|---|")
            rows = []
            for q, m in qs.items():
                if "error" in m:
                    out.append(f"| {q} | `{m['query'][:40]}` | error: {m['error'][:80]} |")
                    continue
                rows.append(m)
                out.append(f"| {q} | `{m['query'][:40]}` | {m.get('true', '')} | {m['count']} | "
                           f"{m.get('recall', '')} | {m.get('precision', '')} | {_fmt_bytes(m['init'][0])} | "
                           f"{_fmt_bytes(m['search'][0])} | {_fmt_bytes(m['first20'][0])} | "
                           f"{_fmt_bytes(m['rest'][0] + m['first20'][0])} | {m['ms_search']:.0f} |")
            if rows:
                rec, prec = _overall(rows)
                med = statistics.median(m["search"][0] for m in rows)
                mx = max(m["search"][0] for m in rows)
                med20 = statistics.median(m["search"][0] + m["first20"][0] for m in rows)
                out.append(f"\noverall (pooled) recall {rec}, precision {prec}; search bytes median "
                           f"{_fmt_bytes(med)}, max {_fmt_bytes(mx)}; search + first 20 median "
                           f"{_fmt_bytes(med20)}\n")
        srch = r.get("search", {})
        if v == "baseline" and "raw" in srch:
            rows = [srch.get("raw-simplified", {}).get(q) or m for q, m in srch["raw"].items()]
            rows = [m for m in rows if "error" not in m]
            rec, prec = _overall(rows)
            out.append(f"baseline with the query converted t2s first (raw-simplified where it differs, else raw): "
                       f"pooled recall {rec}, precision {prec}\n")
    sj = results.get("sqljs")
    if sj:
        out.append(f"### sql.js-httpvfs in chromium\n\nJS payload {sj.get('js')}\n")
        for v, qs in sj.items():
            if v == "js" or not isinstance(qs, dict):
                continue
            out.append(f"{v}\n\n| query | rows | all: bytes / requests | first 20: bytes / requests |")
            out.append("|---|---|---|---|")
            for q, m in qs.items():
                a, f = m.get("all", {}), m.get("first20", {})
                out.append(f"| {q} | {a.get('rows', a.get('error', ''))} | {_fmt_bytes(a.get('bytes'))} / "
                           f"{a.get('requests')} | {_fmt_bytes(f.get('bytes'))} / {f.get('requests')} |")
            out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------- main


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--work", type=Path)
    ap.add_argument("--pagefind", action="store_true")
    ap.add_argument("--fts5", action="store_true")
    ap.add_argument("--sqljs", action="store_true")
    ap.add_argument("--fts5-variants", nargs="+", default=list(FTS5_VARIANTS), choices=list(FTS5_VARIANTS))
    ap.add_argument("--pf-variants", nargs="+", default=list(PF_VARIANTS), choices=list(PF_VARIANTS))
    ap.add_argument("--shard-size", type=int, default=0, help="Pagefind: documents per separately built index")
    ap.add_argument("--pf-forms", nargs="+", help="Pagefind: only these query forms (raw, raw-simplified, "
                    "bigram, phrase)")
    ap.add_argument("--pf-reuse", action="store_true", help="Pagefind: search the bundles already built")
    ap.add_argument("--no-all-data", action="store_true", help="Pagefind: only data() of the first 20 results")
    ap.add_argument("--project-python", default=str(ROOT / ".venv" / "bin" / "python"))
    ap.add_argument("--pagefind-python", default=sys.executable)
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--npm-dir", default="/tmp/alt/npm")
    ap.add_argument("--rss-limit-gb", type=float, default=16.0)
    ap.add_argument("--label", default="")
    ap.add_argument("--force", action="store_true", help="re-extract the documents")
    ap.add_argument("--extract-only", nargs=2, metavar=("CORPUS", "OUT"), help=argparse.SUPPRESS)
    ap.add_argument("--_build-fts5", nargs=3, dest="build_fts5", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.extract_only:
        extract_docs(Path(args.extract_only[0]), Path(args.extract_only[1]))
        return 0
    if args.build_fts5:
        build_fts5(Path(args.build_fts5[0]), Path(args.build_fts5[1]), args.build_fts5[2])
        return 0
    if not args.corpus or not args.work:
        ap.error("--corpus and --work are required")
    args.work.mkdir(parents=True, exist_ok=True)
    docs = load_docs(args)
    truth = ground_truth(docs)
    res_path = args.work / "results.json"
    results = json.loads(res_path.read_text()) if res_path.exists() else {}
    results["docs"] = {"count": len(docs), "chars": sum(len(d["text"]) for d in docs)}
    results["truth"] = truth
    results["versions"] = versions(args)
    print(f"{len(docs)} documents; truth: " + ", ".join(f"{q}={len(t['ids'])}" for q, t in truth.items()))
    if args.fts5:
        results.setdefault("fts5", {}).update(run_fts5(args, docs, truth))
        res_path.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    if args.pagefind:
        results.setdefault("pagefind", {}).update(run_pagefind(args, docs, truth))
        res_path.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    if args.sqljs:
        results["sqljs"] = run_sqljs(args, truth)
    res_path.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    (args.work / "tables.md").write_text(tables(results, args.label or str(args.corpus)), encoding="utf-8")
    print(f"wrote {res_path} and {args.work / 'tables.md'}")
    return 0


def versions(args) -> dict:
    import sqlite3

    v = {"python": sys.version.split()[0], "sqlite3 (build)": sqlite3.sqlite_version}
    for mod in ("apsw", "playwright", "pagefind"):
        try:
            from importlib.metadata import version

            v[mod] = version(mod)
        except Exception:  # noqa: BLE001
            v[mod] = None
    try:
        v["pagefind binary"] = subprocess.run([args.pagefind_python, "-m", "pagefind", "--version"],
                                              capture_output=True, text=True).stdout.strip()
    except OSError:
        pass
    try:
        import apsw

        v["apsw sqlite"] = apsw.sqlite_lib_version()
    except ImportError:
        pass
    return v


if __name__ == "__main__":
    sys.exit(main())
