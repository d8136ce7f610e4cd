"""benchmarks/generate.py: the synthetic corpus is deterministic, laid out as documented, and
reads back through the real parser with the figures the generator claims.

Known parser misreads the generator deliberately keeps (a real paper prints the same):

* a column break that leaves a title-shaped fragment (short, no full stop) right next to
  another title-shaped line - an in-article subhead, or the other half of a question
  sentence - makes the parser open an extra article (about +0.5 % articles);
* an inner page whose only local article names no place (the rest being reprints, which
  the place vote ignores) gets no city (a warning; about 0.03 % of pages);
* on markdown pages a kicker line printed above a ``##`` heading is attached to the
  previous article as an in-article subhead (not measured here).
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import subprocess
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from newsarchive.errors import Severity
from newsarchive.pipeline import load_paths

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "generate.py"
ARTICLES = 200
PATH_RE = re.compile(r"^(?P<slug>[a-z0-9-]+)/(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})/p(?P<page>\d+)\.txt$")


def _load_module():
    spec = importlib.util.spec_from_file_location("newsarchive_bench_generate", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is made
    spec.loader.exec_module(module)
    return module


gen = _load_module()


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("gen") / "a"
    counts = gen.generate(out, ARTICLES, seed=1)
    return out, counts


@pytest.fixture(scope="module")
def loaded(corpus):
    out, _ = corpus
    return load_paths([out])


def _path_date(rel: str) -> date:
    m = PATH_RE.match(rel)
    assert m, f"unexpected generated path {rel!r}"
    return date(int(m["y"]), int(m["m"]), int(m["d"]))


# --- determinism -----------------------------------------------------------------------------


def test_same_seed_gives_identical_bytes(corpus, tmp_path):
    out, counts = corpus
    again = gen.generate(tmp_path / "b", ARTICLES, seed=1)
    assert again == counts
    assert _digest(tmp_path / "b") == _digest(out)


def test_different_seed_gives_different_corpus(corpus, tmp_path):
    out, _ = corpus
    gen.generate(tmp_path / "c", ARTICLES, seed=2)
    assert _digest(tmp_path / "c") != _digest(out)


# --- layout ----------------------------------------------------------------------------------


def test_counts_and_layout(corpus):
    out, counts = corpus
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.txt"))
    assert counts["files"] == len(files)
    assert counts["bytes"] == sum((out / f).stat().st_size for f in files)
    assert ARTICLES <= counts["articles"] <= ARTICLES + 3, "about N articles, never fewer"
    issues: dict[str, list[int]] = defaultdict(list)
    for f in files:
        m = PATH_RE.match(f)
        assert m, f"path not <slug>/<yyyy>/<mm>/<dd>/p<page>.txt: {f}"
        issues[f.rsplit("/", 1)[0]].append(int(m["page"]))
    assert counts["issues"] == len(issues)
    for issue, pages in issues.items():
        assert sorted(pages) == list(range(1, len(pages) + 1)), f"{issue}: pages {pages} not p1..pN"
        assert 1 <= len(pages) <= 4, f"{issue}: {len(pages)} pages"
    papers = [p.slug for p in gen.load_papers()[0][:5]]
    assert {f.split("/")[0] for f in files} <= set(papers)
    years = {int(f.split("/")[1]) for f in files}
    assert min(years) >= 2004 and max(years) <= 2023
    assert max(years) - min(years) >= 10, "issues are spread over the years, not bunched at the start"


def test_generated_text_is_utf8_with_blank_line_paragraphs(corpus):
    out, _ = corpus
    for f in sorted(out.rglob("*.txt"))[:20]:
        text = f.read_bytes().decode("utf-8")
        assert not text.startswith("\ufeff")
        assert "\r" not in text
        lines = text.split("\n")
        body = [i for i, t in enumerate(lines) if len(t) > 80]
        assert body, f"{f}: no paragraphs"
        for i in body:  # every paragraph line stands alone between blank lines (as in the seeds)
            assert not lines[i - 1].strip() and (i + 1 >= len(lines) or not lines[i + 1].strip()), f"{f}:{i + 1}"


def test_front_page_masthead(corpus):
    out, _ = corpus
    pinyin = {p.slug: p.pinyin for p in gen.load_papers()[0]}
    for f in sorted(out.rglob("p1.txt")):
        rel = f.relative_to(out).as_posix()
        slug, d = rel.split("/")[0], _path_date(rel)
        text = f.read_text(encoding="utf-8")
        head = text[:400]
        pages = len(list(f.parent.glob("p*.txt")))
        assert pinyin[slug] in head
        assert f"{d.year}年{d.month}月{d.day}日 星期{'一二三四五六日'[d.weekday()]}" in head
        assert re.search(rf"总第\d+期 今日{pages}版", head), rel
        assert re.search(r"[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年[正二三四五六七八九十冬腊]+月", head)
        assert "主管主办" in head and "社出版" in head
        if slug == "liaoyuan":
            assert "国内统一刊号:CN22-0010" in head


def test_lunar_date_is_plausible():
    assert gen.lunar_date(date(2021, 10, 22)) == "辛丑年九月十七"  # as printed on a real masthead
    assert gen.lunar_date(date(2021, 2, 12)) == "辛丑年正月初一"
    assert gen.lunar_date(date(2021, 2, 11)).startswith("庚子年腊月")


def test_inner_pages_have_a_page_header(corpus):
    out, _ = corpus
    inner = [f for f in sorted(out.rglob("p*.txt")) if f.name != "p1.txt"]
    assert inner
    for f in inner:
        first = f.read_text(encoding="utf-8").lstrip("\n").split("\n", 1)[0]
        assert re.fullmatch(rf"\d{{4}}年\d+月\d+日 星期. 第{f.stem[1:]}版 \S+ 责任编辑:\S+", first), first


# --- read back through the real parser ---------------------------------------------------------


def test_parser_reads_without_errors_and_places_every_line(loaded):
    errors = [d for d in loaded.diagnostics if d.severity == Severity.ERROR]
    assert not errors, errors[:5]
    assert not loaded.failed
    placed, total = loaded.coverage
    assert placed == total, f"{total - placed} non-blank lines not placed in exactly one record"


def test_parser_article_count_matches_the_generator(corpus, loaded):
    _, counts = corpus
    found = loaded.article_count
    assert abs(found - counts["articles"]) <= 0.15 * counts["articles"], (
        f"parser found {found} articles, the generator wrote {counts['articles']}. A few extra are "
        "known parser misreads (column-break fragments next to a title-shaped line open an extra "
        "article); more than 15% off means the generator or the parser broke")


def test_parser_city_from_masthead_or_places(loaded):
    files = loaded.files
    right = [pf for pf in files if pf.facts.city_slug == pf.path.split("/")[0]]
    wrong = [(pf.path, pf.facts.city_slug, pf.facts.city_evidence) for pf in files if pf not in right]
    assert len(right) >= 0.9 * len(files), (
        f"only {len(right)}/{len(files)} files got their paper's city; misread: {wrong[:5]}. Known: an "
        "inner page whose only local article names no place (the rest reprints) gets no city")
    # a wrong city (rather than none) is never expected: the places all belong to the paper
    assert not [w for w in wrong if w[1] is not None], wrong


def test_parser_front_page_date_from_masthead(loaded):
    fronts = [pf for pf in loaded.files if pf.path.endswith("/p1.txt")]
    assert fronts
    bad = [(pf.path, pf.facts.date, pf.facts.date_evidence) for pf in fronts
           if pf.facts.date != _path_date(pf.path) or pf.facts.date_evidence != "masthead"]
    assert not bad, f"front pages whose masthead date was not read: {bad[:5]}"


def test_parser_issue_numbers_rise_with_the_date(loaded):
    by_paper: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for pf in loaded.files:
        if pf.path.endswith("/p1.txt"):
            assert pf.facts.issue_number is not None, pf.path
            by_paper[pf.path.split("/")[0]].append((_path_date(pf.path), pf.facts.issue_number))
    for slug, seq in by_paper.items():
        numbers = [n for _, n in sorted(seq)]
        assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers), (slug, numbers)


def test_parser_sees_the_layout_features(loaded):
    arts = [a for pf in loaded.files for a in pf.articles]
    assert sum(a.kind == "photo" for a in arts) > 10
    assert any(a.source == "人民日报" or a.source == "吉林日报" for a in arts), "reprints"
    assert any(a.continued and "下转" in a.continued for a in arts), "jump notes"
    assert any(a.subheadline for a in arts)
    assert any(a.kicker for a in arts)
    assert any(a.byline and a.byline.startswith("本报记者") for a in arts)
    assert len({a.headline for a in arts if a.kind != "photo"}) >= 0.7 * sum(a.kind != "photo" for a in arts), \
        "most headlines are distinct"
    pages = {pf.path.split("/")[0] for pf in loaded.files}
    assert len(pages) >= 3, "issues of several papers"


# --- the command line ------------------------------------------------------------------------


def test_cli_summary_and_refuses_a_non_empty_folder(tmp_path):
    out = tmp_path / "cli"
    run = subprocess.run([sys.executable, str(SCRIPT), str(out), "--articles", "30", "--cities", "2",
                          "--years", "2", "--start-year", "2010"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    line = run.stdout.strip()
    assert "\n" not in line
    assert re.match(r"files=\d+ issues=\d+ articles=\d+ photos=\d+ bytes=\d+", line), line
    slugs = {p.name for p in out.iterdir()}
    assert slugs <= {"changchun", "jilin"}
    assert {int(p.name) for s in out.iterdir() for p in s.iterdir()} <= {2010, 2011}
    again = subprocess.run([sys.executable, str(SCRIPT), str(out), "--articles", "30"],
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 2 and "not empty" in again.stderr


# --- the archive's indexes, against their definitions -------------------------------------------


def test_archive_counts_match_their_definitions(loaded):
    """What ``build_archive`` counts once (and the planner reads instead of counting on every
    page) equals the definitions it replaces, on a corpus with many authors, photos and papers."""
    from newsarchive.archive import build_archive
    from newsarchive.daypages import front_count

    archive = build_archive(loaded.files)
    assert len(archive.authors) > 20
    issue_of = {id(it): i for i in archive.issues for it in i.items}
    for name, items in archive.authors.items():
        assert archive.author_articles[name] == sum(
            1 for it in items if it.article.is_article and name in it.article.authors)
        assert archive.author_papers[name] == list(dict.fromkeys(issue_of[id(it)].paper for it in items))
    assert sum(archive.author_articles.values()) > 0 and any(
        archive.author_articles[n] < len(v) for n, v in archive.authors.items())  # photographers too
    in_issue = {id(it): i for i in archive.issues for it in i.items}
    credited: dict[int, set] = defaultdict(set)
    for name, items in archive.authors.items():
        for it in items:
            credited[id(in_issue[id(it)])].add(name)
    for issue in archive.issues:
        assert issue.article_count == sum(1 for it in issue.items if it.article.is_article)
        assert issue.authors == sorted(credited[id(issue)])
        assert front_count(issue) == sum(1 for it in issue.items if it.page_index == 1)
    assert any(front_count(i) < len(i.items) for i in archive.issues)
