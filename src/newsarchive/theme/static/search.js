/* newsarchive full-text search — the only script on the site; every other page works without it.
 *
 * Reads the static index in search/ (written by newsarchive/search.py, whose Client class is the
 * same algorithm in Python, used by the tests): a positional character-bigram index sharded by a
 * hash of the key. A query term of n >= 2 characters matches where bigrams covering all n
 * characters sit at consecutive positions, so results equal plain substring search.
 * Per query: the shard directories of the terms' keys (whole small files), then one HTTP Range read
 * per shard for the postings (the whole shard file when the host answers 200), then the article
 * pages of the 20 results shown, whose titles and excerpts it shows (the index keeps no copy of
 * the texts: each segment's urls.json gives the documents' URLs). Traditional input is looked up in Simplified (character map t2s); on the
 * zh-Hant edition titles and excerpts are shown converted character by character (s2t).
 */
(function () {
  "use strict";

  var form = document.getElementById("search-form");
  var resultsEl = document.getElementById("search-results");
  if (!form || !resultsEl) return;
  if (!window.fetch || !window.URLSearchParams || !String.prototype.normalize || !window.DOMParser) {
    resultsEl.hidden = false; // too old a browser: say so instead of failing silently
    document.getElementById("search-status").textContent = resultsEl.getAttribute("data-msg-old");
    return;
  }

  var HAN = [[0x3007, 0x3007], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xf900, 0xfaff], [0x20000, 0x3134f]];
  var HANT = /^zh-Hant\b/.test(document.documentElement.lang);
  var list = document.getElementById("search-list");
  var statusEl = document.getElementById("search-status");
  var pagesEl = document.getElementById("search-pages");
  var indexURL = new URL(form.getAttribute("data-index"), location.href);
  var home = form.getAttribute("data-home") || "../";
  var root = new URL(home, location.href); // the Simplified edition's root: the article pages search reads
  if (HANT && !/(^|\/)zh-hant\/$/.test(new URL(home, location.href).pathname)) home += "zh-hant/";
  var baseTitle = document.title;
  var indexHTML = form.hasAttribute("data-index-html"); // use_directory_urls: false -> links end in index.html

  /* ---------------------------------------------------------------- fetching */

  var versions = new Map(); // folder ("" or "s/<segment>/") -> version of its files
  var rangeOK = true;
  var whole = new Map(); // path -> Promise<Uint8Array>
  var log = []; // [path, bytes] of the current query (debug hook and tests)

  function fileURL(path) {
    var m = /^s\/[^/]+\//.exec(path), v = versions.get(m ? m[0] : "");
    return new URL(path + (v ? "?v=" + v : ""), indexURL).href;
  }
  function body(r, path) {
    if (!r.ok) throw new Error(path + ": HTTP " + r.status);
    return r.arrayBuffer().then(function (ab) { return new Uint8Array(ab); });
  }
  function getWhole(path) {
    if (!whole.has(path)) {
      whole.set(path, fetch(fileURL(path)).then(function (r) { return body(r, path); }).then(function (b) {
        log.push([path, b.length]);
        return b;
      }, function (err) {
        whole.delete(path); // a failed fetch is retried by the next query
        throw err;
      }));
    }
    return whole.get(path);
  }
  function getRange(path, start, end) {
    if (!rangeOK || whole.has(path)) {
      return getWhole(path).then(function (b) { return b.subarray(start, end); });
    }
    return fetch(fileURL(path), { headers: { Range: "bytes=" + start + "-" + (end - 1) } }).then(function (r) {
      if (r.status === 206) {
        return body(r, path).then(function (b) {
          if (b.length === end - start) {
            log.push([path + "#" + start + "-" + end, b.length]);
            return b;
          }
          rangeOK = false; // a host that ranges over compressed bytes: read whole files from now on
          return getRange(path, start, end);
        });
      }
      rangeOK = false; // 200: the host ignores Range; keep the whole shard
      var p = body(r, path).then(function (b) { log.push([path, b.length]); return b; });
      whole.set(path, p);
      return p.then(function (b) { return b.subarray(start, end); });
    });
  }
  function getJSON(path) {
    return getWhole(path).then(function (b) { return JSON.parse(new TextDecoder().decode(b)); });
  }

  // a hit's fields from its article page (the Simplified one, which the index was made from), as
  // search.page_text reads them: the index keeps no copy of the texts (issue 16)
  var pages = new Map(); // url -> Promise<{u, t, k, s, b, x}>
  function fieldText(doc, cls) {
    var el = doc.querySelector("." + cls);
    return el ? el.textContent : "";
  }
  function getText(url) {
    if (!pages.has(url)) {
      var path = url + (indexHTML && /\/$/.test(url) ? "index.html" : "");
      pages.set(url, fetch(new URL(path, root).href).then(function (r) { return body(r, path); }).then(function (b) {
        log.push([path, b.length]);
        var doc = new DOMParser().parseFromString(new TextDecoder().decode(b), "text/html"), lines = [];
        Array.prototype.forEach.call(doc.querySelectorAll(".story__body > p, .story__body > h2"), function (el) {
          if (!el.classList.contains("jump")) lines.push(el.textContent);
        });
        return { u: url, t: fieldText(doc, "story__headline"), k: fieldText(doc, "story__kicker"),
                 s: fieldText(doc, "story__subhead").replace(/^——/, ""), b: fieldText(doc, "story__byline"),
                 x: lines.join("\n") };
      }, function (err) { pages.delete(url); throw err; }));
    }
    return pages.get(url);
  }

  // a segment's document URLs (urls.json): runs [issue URL, n] of an issue's articles 1..n, or [URL]
  function decodeURLs(runs) {
    var out = [];
    runs.forEach(function (run) {
      if (run.length === 1) { out.push(run[0]); return; }
      var width = Math.max(2, String(run[1]).length);
      for (var k = 1; k <= run[1]; k++) out.push(run[0] + String(k).padStart(width, "0") + "/");
    });
    return out;
  }

  /* ---------------------------------------------------------------- decoding */

  function Reader(buf, pos) { this.b = buf; this.i = pos || 0; }
  Reader.prototype.next = function () {
    var v = 0, scale = 1, c;
    do { c = this.b[this.i++]; v += (c & 127) * scale; scale *= 128; } while (c >= 128);
    return v;
  };

  function ordinalToDate(o) { return new Date((o - 719163) * 86400000); } // Python date.toordinal()

  function decodeMeta(buf) {
    var r = new Reader(buf), n = r.next(), runs = r.next();
    var date = new Int32Array(n), paper = new Uint16Array(n), kind = new Uint8Array(n), year = new Int16Array(n);
    var d = 0, prev = -1;
    for (var k = 0; k < runs; k++) {
      var delta = r.next(), p = r.next(), c = r.next();
      var o = prev < 0 ? delta : prev - delta;
      prev = o;
      var y = o ? ordinalToDate(o).getUTCFullYear() : 0;
      for (var j = 0; j < c; j++, d++) { date[d] = o; paper[d] = p; year[d] = y; }
    }
    for (var doc = 0; doc < n; doc++) kind[doc] = (buf[r.i + (doc >> 1)] >> (4 * (doc & 1))) & 15;
    // format 2: the reprint groups (doc delta, group); a doc not listed is its own group
    var group = new Int32Array(n);
    for (doc = 0; doc < n; doc++) group[doc] = doc;
    var g = new Reader(buf, r.i + ((n + 1) >> 1));
    if (g.i < buf.length) {
      var count = g.next();
      for (var m = 0, at = 0; m < count; m++) { at += g.next(); group[at] = g.next(); }
    }
    return { date: date, paper: paper, kind: kind, year: year, group: group };
  }

  function keyCode(a, b) { return a * 0x110000 + b; }

  // (a, b) -> [offset, docs, doc section bytes, position section bytes]
  function decodeDir(buf) {
    var r = new Reader(buf), n = r.next(), map = new Map(), a = 0, b = 0, off = 0;
    for (var k = 0; k < n; k++) {
      var da = r.next(), db = r.next(), df = r.next(), dl = r.next(), pl = r.next();
      b = da === 0 ? b + db : db;
      a += da;
      map.set(keyCode(a, b), [off, df, dl, pl]);
      off += dl + pl;
    }
    return map;
  }

  // doc -> [tf, nhead, positions or null]. Doc section: doc deltas, 2*tf + in-head, head counts
  // of the flagged docs; then (bigrams) each doc's positions, absolute.
  function decodePostings(buf, df, withPositions) {
    var r = new Reader(buf), docs = new Array(df), codes = new Array(df), k, doc = 0;
    for (k = 0; k < df; k++) { doc += r.next(); docs[k] = doc; }
    for (k = 0; k < df; k++) codes[k] = r.next();
    var heads = codes.map(function (v) { return v % 2 ? r.next() : 0; });
    var out = new Map();
    for (k = 0; k < df; k++) {
      var tf = Math.floor(codes[k] / 2), pos = null;
      if (withPositions) {
        pos = new Array(tf);
        for (var j = 0; j < tf; j++) pos[j] = r.next();
      }
      out.set(docs[k], [tf, heads[k], pos]);
    }
    return out;
  }

  /* ---------------------------------------------------------------- text model (as search.py) */

  function indexable(cp) {
    if ((cp >= 48 && cp <= 57) || (cp >= 97 && cp <= 122)) return true;
    for (var k = 0; k < HAN.length; k++) if (cp >= HAN[k][0] && cp <= HAN[k][1]) return true;
    return false;
  }
  // the index is built from NFKC + lowercase text (search.normalise); a query gets the same
  function normalise(s) { return s.normalize("NFKC").toLowerCase(); }
  // per character, to map highlights back onto the original text
  var nfkc = new Map();
  function normChar(ch) {
    var cp = ch.codePointAt(0);
    if (cp < 128) return cp >= 65 && cp <= 90 ? String.fromCharCode(cp + 32) : ch;
    var n = nfkc.get(ch);
    if (n === undefined) { n = normalise(ch); nfkc.set(ch, n); }
    return n;
  }
  function runs(s) {
    var out = [], cur = [];
    for (var ch of s) {
      if (indexable(ch.codePointAt(0))) cur.push(ch);
      else if (cur.length) { out.push(cur); cur = []; }
    }
    if (cur.length) out.push(cur);
    return out;
  }
  function charMap(json) {
    var from = Array.from(json.from), to = Array.from(json.to), m = new Map();
    for (var k = 0; k < from.length; k++) m.set(from[k], to[k]);
    return m;
  }
  // the edition's own forms (s2tw: 為 where s2t gives 爲): data-variant-from/-to on the form
  function variant(m) {
    var from = Array.from(form.getAttribute("data-variant-from") || ""), to = Array.from(form.getAttribute("data-variant-to") || "");
    if (!from.length) return m;
    var v = new Map();
    for (var k = 0; k < from.length; k++) v.set(from[k], to[k]);
    m.forEach(function (t, s) { if (v.has(t)) m.set(s, v.get(t)); });
    return m;
  }
  function convert(chars, m) { return chars.map(function (c) { return m.get(c) || c; }); }
  function hash(a, b, shards) {
    var h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) >>> 0;
    h = (h ^ (h >>> 15)) >>> 0;
    h = Math.imul(h, 0x2c1b3c6d) >>> 0;
    h = (h ^ (h >>> 12)) >>> 0;
    return h & (shards - 1);
  }
  function keyOf(chars) {
    return { a: chars[0].codePointAt(0), b: chars.length > 1 ? chars[1].codePointAt(0) : 0 };
  }

  // cheapest set of bigram offsets covering every character (ties prefer fewer reads), as search.cover
  function cover(costs) {
    var n = costs.length, f = new Array(n), back = new Array(n);
    for (var j = 0; j < n; j++) {
      back[j] = -1;
      if (j === 0) f[j] = costs[0];
      else if (j === 1) { f[j] = costs[1] + f[0]; back[j] = 0; }
      else if (f[j - 2] <= f[j - 1]) { f[j] = costs[j] + f[j - 2]; back[j] = j - 2; }
      else { f[j] = costs[j] + f[j - 1]; back[j] = j - 1; }
    }
    var out = [];
    for (j = n - 1; j >= 0; j = back[j]) out.unshift(j);
    return out;
  }

  /* ---------------------------------------------------------------- the index */

  // the index is in segments, runs of whole years (newest first, undated last), each numbering its
  // documents from 0; the archive's numbering adds the documents of the segments before
  var state = null; // {manifest, segs, meta, papers, kinds, paperList, kindList, t2s, s2t}
  var segments = []; // [{name, prefix, offset, manifest, meta, dirs}]

  function byKey(x, y) { return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0; }

  function noCacheJSON(path) {
    return fetch(new URL(path, indexURL).href, { cache: "no-cache" })
      .then(function (r) { return body(r, path); })
      .then(function (b) { return JSON.parse(new TextDecoder().decode(b)); });
  }

  function loadSegment(name) {
    var prefix = "s/" + name + "/";
    return noCacheJSON(prefix + "index.json").then(function (m) {
      versions.set(prefix, m.v);
      return Promise.all([getWhole(prefix + "meta.bin"), getJSON(prefix + "urls.json")]).then(function (got) {
        return { name: name, prefix: prefix, manifest: m, meta: decodeMeta(got[0]), urls: decodeURLs(got[1]),
                 dirs: new Map(), offset: 0 };
      });
    });
  }

  // the segments' columns as one; papers and kinds numbered in the archive's sorted lists
  function joined(segs) {
    var papers = new Map(), kinds = new Map(), n = 0;
    segs.forEach(function (g) {
      g.manifest.papers.forEach(function (p) { papers.set(p[0], p[1]); });
      g.manifest.kinds.forEach(function (k) { kinds.set(k[0], k[1]); });
      g.offset = n;
      n += g.manifest.docs;
    });
    var paperList = Array.from(papers.entries()).sort(byKey), kindList = Array.from(kinds.entries()).sort(byKey);
    var pkeys = paperList.map(function (p) { return p[0]; }), kkeys = kindList.map(function (k) { return k[0]; });
    var meta = { date: new Int32Array(n), paper: new Uint16Array(n), kind: new Uint8Array(n), year: new Int16Array(n),
                 group: new Int32Array(n) };
    segs.forEach(function (g) {
      var pm = g.manifest.papers.map(function (p) { return pkeys.indexOf(p[0]); });
      var km = g.manifest.kinds.map(function (k) { return kkeys.indexOf(k[0]); });
      for (var d = 0, D = g.offset; d < g.manifest.docs; d++, D++) {
        meta.date[D] = g.meta.date[d];
        meta.paper[D] = pm[g.meta.paper[d]];
        meta.kind[D] = km[g.meta.kind[d]];
        meta.year[D] = g.meta.year[d];
        meta.group[D] = g.meta.group[d] + g.offset;
      }
    });
    return { meta: meta, papers: pkeys, kinds: kkeys, paperList: paperList, kindList: kindList, docs: n };
  }

  function init() {
    if (!state) {
      state = noCacheJSON("index.json").then(function (manifest) {
        if (manifest.format !== 4) throw new Error("unknown index format " + manifest.format);
        versions.set("", manifest.v);
        return Promise.all([Promise.all(manifest.segments.map(loadSegment)), HANT ? getJSON("s2t.json") : null])
          .then(function (got) {
            segments = got[0];
            var all = joined(segments);
            return { manifest: manifest, segs: segments, meta: all.meta, papers: all.papers, kinds: all.kinds,
                     paperList: all.paperList, kindList: all.kindList, docs: all.docs,
                     s2t: got[1] ? variant(charMap(got[1])) : null, t2s: null };
          });
      });
      state.catch(function () { state = null; });
    }
    return state;
  }
  function dir(seg, s) {
    if (!seg.dirs.has(s)) {
      seg.dirs.set(s, getWhole(seg.prefix + "d/" + s + ".bin").then(decodeDir, function (err) { seg.dirs.delete(s); throw err; }));
    }
    return seg.dirs.get(s);
  }
  function segmentOf(st, doc) {
    var k = st.segs.length - 1;
    while (k > 0 && st.segs[k].offset > doc) k--;
    return st.segs[k];
  }

  function parseQuery(q, st) {
    var norm = normalise(q), needMap = false;
    for (var ch of norm) { var cp = ch.codePointAt(0); if (cp >= 128 && indexable(cp)) { needMap = true; break; } }
    var ready = needMap && !st.t2s ? getJSON("t2s.json").then(function (m) { st.t2s = charMap(m); }) : Promise.resolve();
    return ready.then(function () {
      var terms = [], seen = new Set();
      runs(norm).forEach(function (run) {
        var simp = needMap ? convert(run, st.t2s) : run;
        var variants = simp.join("") === run.join("") ? [simp] : [simp, run];
        var key = variants.map(function (v) { return v.join(""); }).join("\u0001");
        if (!seen.has(key)) { seen.add(key); terms.push(variants); }
      });
      return terms;
    });
  }

  function keysOf(v) {
    if (v.length === 1) return [keyOf(v)];
    var out = [];
    for (var k = 0; k + 1 < v.length; k++) out.push(keyOf([v[k], v[k + 1]]));
    return out;
  }

  // -> Promise<Map doc -> [score, count]> for the docs of one segment (its own ids) matching every term
  function evaluate(terms, seg) {
    var S = seg.manifest.shards, boost = seg.manifest.boost;
    var rows = terms.map(function (variants) {
      return variants.map(function (v) {
        return { v: v, keys: keysOf(v).map(function (k) { k.s = hash(k.a, k.b, S); k.c = keyCode(k.a, k.b); return k; }) };
      });
    });
    var shards = [];
    rows.forEach(function (row) { row.forEach(function (x) { x.keys.forEach(function (k) { if (shards.indexOf(k.s) < 0) shards.push(k.s); }); }); });
    return Promise.all(shards.map(function (s) { return dir(seg, s); })).then(function (loaded) {
      var dmap = new Map();
      shards.forEach(function (s, k) { dmap.set(s, loaded[k]); });
      var reads = new Map(), plans = [], viable = true;
      rows.forEach(function (row) {
        var termPlans = [];
        row.forEach(function (x) {
          var ents = x.keys.map(function (k) { return dmap.get(k.s).get(k.c); });
          if (ents.some(function (e) { return !e; })) return;
          var use = x.v.length <= 2 ? [0] : cover(ents.map(function (e) { return e[2] + e[3]; }));
          use.forEach(function (j) {
            var k = x.keys[j], need = x.v.length <= 2 ? ents[j][2] : ents[j][2] + ents[j][3];
            if (!reads.has(k.s)) reads.set(k.s, new Map());
            var m = reads.get(k.s);
            m.set(k.c, Math.max(m.get(k.c) || 0, need));
          });
          termPlans.push({ v: x.v, use: use, keys: use.map(function (j) { return x.keys[j]; }), ents: use.map(function (j) { return ents[j]; }) });
        });
        if (!termPlans.length) viable = false;
        plans.push(termPlans);
      });
      if (!terms.length || !viable) return new Map();
      var blobs = new Map(), jobs = [];
      reads.forEach(function (m, s) {
        var d = dmap.get(s), lo = Infinity, hi = 0;
        m.forEach(function (n, c) { var off = d.get(c)[0]; lo = Math.min(lo, off); hi = Math.max(hi, off + n); });
        jobs.push(getRange(seg.prefix + "p/" + s + ".bin", lo, hi).then(function (chunk) {
          m.forEach(function (n, c) { var off = d.get(c)[0]; blobs.set(c, chunk.subarray(off - lo, off - lo + n)); });
        }));
      });
      return Promise.all(jobs).then(function () {
        var result = null;
        plans.forEach(function (termPlans) {
          var term = new Map();
          termPlans.forEach(function (p) {
            match(p, blobs).forEach(function (nh, doc) {
              var e = term.get(doc) || [0, 0];
              e[0] += nh[0] + boost * nh[1];
              e[1] += nh[0];
              term.set(doc, e);
            });
          });
          if (result === null) result = term;
          else {
            var next = new Map();
            result.forEach(function (e, doc) {
              var t = term.get(doc);
              if (t) next.set(doc, [e[0] + t[0], e[1] + t[1]]);
            });
            result = next;
          }
        });
        return result || new Map();
      });
    });
  }

  // doc -> [matches, matches in the head] for one variant
  function match(p, blobs) {
    var out = new Map();
    if (p.v.length <= 2) {
      decodePostings(blobs.get(p.keys[0].c), p.ents[0][1], false).forEach(function (e, doc) { out.set(doc, [e[0], e[1]]); });
      return out;
    }
    var lists = p.keys.map(function (k, j) { return decodePostings(blobs.get(k.c), p.ents[j][1], true); });
    lists[0].forEach(function (e0, doc) {
      var sets = [];
      for (var j = 1; j < lists.length; j++) {
        var e = lists[j].get(doc);
        if (!e) return;
        sets.push(new Set(e[2]));
      }
      var n = 0, head = 0;
      e0[2].forEach(function (pos, idx) {
        for (var j = 0; j < sets.length; j++) if (!sets[j].has(pos + p.use[j + 1])) return;
        n++;
        if (idx < e0[1]) head++;
      });
      if (n) out.set(doc, [n, head]);
    });
    return out;
  }

  // params: {q, paper, year, kind, sort, page}
  function search(params) {
    log = [];
    return init().then(function (st) {
      return parseQuery(params.q || "", st).then(function (terms) {
        return Promise.all(st.segs.map(function (g) { return evaluate(terms, g); })).then(function (parts) {
          var scores = new Map();
          parts.forEach(function (m, k) {
            var off = st.segs[k].offset;
            m.forEach(function (e, doc) { scores.set(doc + off, e); });
          });
          var meta = st.meta;
          // an unknown paper or kind (an old bookmark) filters nothing, as the form then shows "all"
          var pix = st.papers.indexOf(params.paper), kix = st.kinds.indexOf(params.kind);
          if (pix < 0) pix = null;
          if (kix < 0) kix = null;
          var yr = /^\s*\d+\s*$/.test(params.year || "") ? parseInt(params.year, 10) : null;
          var ids = [];
          scores.forEach(function (e, doc) {
            if ((pix === null || meta.paper[doc] === pix) && (kix === null || meta.kind[doc] === kix) &&
                (yr === null || meta.year[doc] === yr)) ids.push(doc);
          });
          if (params.sort === "date") ids.sort(function (a, b) { return a - b; });
          else ids.sort(function (a, b) { return scores.get(b)[0] - scores.get(a)[0] || a - b; });
          // the printings of one text (reprints, 通稿) are one hit: the first in display order
          var folds = new Map();
          if (params.fold !== false) {
            var first = new Map(), members = new Map(), kept = [];
            ids.forEach(function (doc) {
              var grp = meta.group[doc];
              if (first.has(grp)) { members.get(first.get(grp)).push(doc); return; }
              first.set(grp, doc);
              members.set(doc, [doc]);
              kept.push(doc);
            });
            members.forEach(function (m, doc) {
              if (m.length > 1) folds.set(doc, [m.length, new Set(m.map(function (x) { return meta.paper[x]; })).size]);
            });
            ids = kept;
          }
          var size = st.manifest.page, pages = Math.max(1, Math.ceil(ids.length / size));
          var page = Math.min(Math.max(1, parseInt(params.page, 10) || 1), pages);
          var shown = ids.slice((page - 1) * size, page * size);
          return Promise.all(shown.map(function (doc) {
            var g = segmentOf(st, doc);
            return getText(g.urls[doc - g.offset]);
          })).then(function (texts) {
            return { st: st, terms: terms, ids: ids, scores: scores, page: page, pages: pages, shown: shown, texts: texts,
                     fetched: log.slice(), folds: folds };
          });
        });
      });
    });
  }

  /* ---------------------------------------------------------------- rendering */

  var s2t = null;
  function t(s) { return s2t ? convert(Array.from(s), s2t).join("") : s; }
  // UI messages live in the template (data-msg-*), so the zh-Hant edition's page conversion covers them
  function msg(name, vars) {
    return (resultsEl.getAttribute("data-msg-" + name) || name).replace(/\{(\w+)\}/g, function (_, k) {
      return vars && k in vars ? vars[k] : "";
    });
  }

  // ranges [start, end) in code points of `chars` where any needle (normalised, arrays) occurs
  function findRanges(chars, needles) {
    var norm = [], origin = [];
    chars.forEach(function (ch, i) { for (var c of normChar(ch)) { norm.push(c); origin.push(i); } });
    var ranges = [];
    needles.forEach(function (nd) {
      var L = nd.length;
      for (var i = 0; i + L <= norm.length; i++) {
        var k = 0;
        while (k < L && norm[i + k] === nd[k]) k++;
        if (k === L) ranges.push([origin[i], origin[i + L - 1] + 1]);
      }
    });
    ranges.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  function fill(el, chars, start, end, ranges) {
    var at = start;
    function text(a, b) { if (b > a) el.appendChild(document.createTextNode(t(chars.slice(a, b).join("")))); }
    ranges.forEach(function (r) {
      var a = Math.max(r[0], start), b = Math.min(r[1], end);
      if (b <= a) return;
      text(at, a);
      var m = document.createElement("mark");
      m.textContent = t(chars.slice(a, b).join(""));
      el.appendChild(m);
      at = b;
    });
    text(at, end);
    return el;
  }

  function highlighted(tag, cls, s, needles) {
    var el = document.createElement(tag), chars = Array.from(s);
    if (cls) el.className = cls;
    return fill(el, chars, 0, chars.length, findRanges(chars, needles));
  }

  function excerpt(s, needles) {
    var chars = Array.from(s.replace(/\s+/g, " ")), ranges = findRanges(chars, needles);
    var start = ranges.length ? Math.max(0, ranges[0][0] - 30) : 0, end = Math.min(chars.length, start + 120);
    var p = document.createElement("p");
    p.className = "excerpt";
    if (start > 0) p.appendChild(document.createTextNode("…"));
    fill(p, chars, start, end, ranges);
    if (end < chars.length) p.appendChild(document.createTextNode("…"));
    return p;
  }

  function span(cls, text) {
    var el = document.createElement("span");
    if (cls) el.className = cls;
    el.textContent = text;
    return el;
  }

  function dateText(o) {
    if (!o) return msg("undated");
    var d = ordinalToDate(o);
    return d.getUTCFullYear() + "年" + (d.getUTCMonth() + 1) + "月" + d.getUTCDate() + "日";
  }

  function item(res, doc, text, needles) {
    var st = res.st, li = document.createElement("li"), art = document.createElement("article");
    var kind = st.kindList[st.meta.kind[doc]] || ["other", "其他"];
    if (kind[0] !== "news") li.className = "item--" + kind[0]; // the same markup as the pages' lists (_article_item.html)
    var issue = document.createElement("p");
    issue.appendChild(span("", t((st.paperList[st.meta.paper[doc]] || ["", ""])[1])));
    var o = st.meta.date[doc], time = document.createElement(o ? "time" : "span");
    if (o) time.setAttribute("datetime", ordinalToDate(o).toISOString().slice(0, 10));
    time.textContent = dateText(o);
    issue.appendChild(time);
    art.appendChild(issue);
    if (text.k) art.appendChild(highlighted("p", "kicker", text.k, needles));
    var h = document.createElement("h2"), a = highlighted("a", "", text.t, needles);
    a.href = home + text.u + (indexHTML && /\/$/.test(text.u) ? "index.html" : "");
    h.appendChild(a);
    art.appendChild(h);
    if (text.s) {
      var sub = highlighted("p", "subhead", text.s, needles);
      sub.insertBefore(document.createTextNode("——"), sub.firstChild);
      art.appendChild(sub);
    }
    var meta = document.createElement("p");
    meta.className = "meta";
    meta.appendChild(span("", t(kind[1])));
    if (text.b) meta.appendChild(highlighted("span", "byline", text.b, needles));
    var fold = res.folds && res.folds.get(doc);
    if (fold) meta.appendChild(span("folded", fold[1] > 1 ? msg("folded-papers", { n: fold[1] }) : msg("folded-times", { n: fold[0] })));
    art.appendChild(meta);
    if (text.x) art.appendChild(excerpt(text.x, needles));
    li.appendChild(art);
    return li;
  }

  function paramsFromURL() {
    var u = new URLSearchParams(location.search), p = {};
    ["q", "paper", "year", "kind", "sort", "page"].forEach(function (k) { p[k] = u.get(k) || ""; });
    return p;
  }
  function query(p, page) {
    var u = new URLSearchParams();
    ["q", "paper", "year", "kind", "sort"].forEach(function (k) { if (p[k]) u.set(k, p[k]); });
    if (page > 1) u.set("page", String(page));
    return "?" + u.toString();
  }
  function toForm(p) {
    ["q", "paper", "year", "kind", "sort"].forEach(function (k) {
      var el = form.elements[k];
      if (!el) return;
      if (el.tagName === "SELECT") {
        var ok = Array.prototype.some.call(el.options, function (o) { return o.value === p[k]; });
        el.value = ok ? p[k] : el.options[0].value;
      } else el.value = p[k];
    });
  }
  function fromForm() {
    var p = {};
    ["q", "paper", "year", "kind", "sort"].forEach(function (k) { p[k] = form.elements[k] ? form.elements[k].value.trim() : ""; });
    if (p.sort === "relevance") p.sort = "";
    return p;
  }

  function pager(res, p) {
    pagesEl.textContent = "";
    if (res.pages <= 1) return;
    var ul = document.createElement("ul");
    function add(n, label, rel) {
      var li = document.createElement("li");
      if (n === res.page && !rel) {
        li.appendChild(span("search-pages__here", label)).setAttribute("aria-current", "page");
      } else {
        var a = document.createElement("a");
        a.href = query(p, n);
        a.textContent = label;
        if (rel) a.rel = rel;
        a.setAttribute("data-page", String(n));
        li.appendChild(a);
      }
      ul.appendChild(li);
    }
    if (res.page > 1) add(res.page - 1, msg("prev"), "prev");
    var last = 0;
    for (var n = 1; n <= res.pages; n++) {
      if (n === 1 || n === res.pages || Math.abs(n - res.page) <= 2) {
        if (last && n - last > 1) ul.appendChild(document.createElement("li")).appendChild(span("search-pages__gap", "…"));
        add(n, String(n));
        last = n;
      }
    }
    if (res.page < res.pages) add(res.page + 1, msg("next"), "next");
    pagesEl.appendChild(ul);
  }

  var generation = 0;
  function run(p) {
    var mine = ++generation;
    toForm(p);
    list.textContent = "";
    pagesEl.textContent = "";
    if (!p.q.trim()) {
      resultsEl.hidden = true;
      document.title = baseTitle;
      return Promise.resolve();
    }
    resultsEl.hidden = false;
    resultsEl.setAttribute("aria-busy", "true");
    statusEl.textContent = msg("loading");
    return search(p).then(function (res) {
      if (mine !== generation) return;
      s2t = res.st.s2t;
      var needles = [];
      res.terms.forEach(function (vs) { vs.forEach(function (v) { needles.push(v); }); });
      document.title = p.q.trim() + " - " + baseTitle;
      var q = p.q.trim();
      if (!res.terms.length) statusEl.textContent = msg("empty");
      else if (!res.ids.length) statusEl.textContent = msg(p.paper || p.year || p.kind ? "none-filtered" : "none", { q: q });
      else {
        var size = res.st.manifest.page, from = (res.page - 1) * size + 1;
        statusEl.textContent = msg("found", { q: q, n: res.ids.length, from: from, to: from + res.shown.length - 1,
                                              order: msg(p.sort === "date" ? "by-date" : "by-relevance") });
      }
      var frag = document.createDocumentFragment();
      res.shown.forEach(function (doc, k) { frag.appendChild(item(res, doc, res.texts[k], needles)); });
      list.appendChild(frag);
      pager(res, p);
    }).catch(function (err) {
      if (mine !== generation) return;
      // opened from disk (file://), the browser may not read the index: say what to do instead
      statusEl.textContent = location.protocol === "file:" ? msg("disk") : msg("error") + " (" + err.message + ")";
    }).then(function () {
      if (mine === generation) resultsEl.removeAttribute("aria-busy");
    });
  }

  function go(p, page) {
    history.pushState(null, "", query(p, page));
    return run(Object.assign({}, p, { page: String(page || 1) }));
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    go(fromForm(), 1);
  });
  Array.prototype.forEach.call(form.querySelectorAll("select"), function (el) {
    el.addEventListener("change", function () { if (form.elements.q.value.trim()) go(fromForm(), 1); });
  });
  pagesEl.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[data-page]");
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button) return;
    e.preventDefault();
    go(fromForm(), parseInt(a.getAttribute("data-page"), 10)).then(function () {
      resultsEl.scrollIntoView({ block: "start" });
    });
  });
  window.addEventListener("popstate", function () { run(paramsFromURL()); });

  // for tests and the curious: the engine without the page
  window.newsarchiveSearch = {
    search: function (p) {
      return search(Object.assign({ q: "", paper: "", year: "", kind: "", sort: "", page: "1" }, p)).then(function (res) {
        return { total: res.ids.length, ids: res.ids, page: res.shown, fetched: res.fetched,
                 bytes: res.fetched.reduce(function (n, f) { return n + f[1]; }, 0),
                 counts: res.ids.map(function (d) { return res.scores.get(d)[1]; }),
                 folds: res.ids.filter(function (d) { return res.folds.has(d); }).map(function (d) { return [d].concat(res.folds.get(d)); }) };
      });
    },
    reset: function () { // forget shards and texts (the index stays loaded)
      whole.clear(); pages.clear();
      segments.forEach(function (g) { g.dirs.clear(); });
    },
    rangeSupported: function () { return rangeOK; },
  };

  run(paramsFromURL());
})();
