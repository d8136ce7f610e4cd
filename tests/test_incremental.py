"""An incremental rebuild gives byte-identical output to a clean build.

Every scenario follows the same steps:

1. start from a *warm* site: built once, with its output folder, its ``.cache`` folder and
   whatever the build keeps beside the output (``.public.*``);
2. apply one edit an editor could make (a corpus page, a sidecar, a template, ``static/``,
   ``site.yaml``, or the output folder itself);
3. rebuild in place (the incremental build) and snapshot the output: ``{relpath: bytes}``;
4. build a copy of the edited site from nothing (no output, no cache, no hidden siblings of
   the output) and snapshot that: the two snapshots must be equal.

Each rebuild's ``BuildResult`` must also report what a clean build of the same input reports
(issues, pages, files, bytes, parsed files, articles, coverage, diagnostics), and its file and
byte counts must match the folder on disk: a rebuild that skips work still reports the whole site.

Two sites are used: the five seed pages (``corpus/``, with their sidecars), and the seed pages
mixed with a generated corpus (``benchmarks/generate.py``: 80 articles, eight issues of one paper
in 2021, under ``corpus/gen/``), so that a paper has a run of issues whose prev/next links and
calendars an edit can disturb, sharing the 2021 calendars with the seed pages. The seed site
builds the Traditional edition too; the mixed site is built without it (``traditional: false``),
which halves its build time and covers that configuration.
Each is built once per module and restored for each test at the *same absolute path* where it
was built (``shutil.copytree`` keeps modification times), so a test starts from a real warm
state. A clean build depends only on the bytes of the input files, so clean builds are
memoised by an input digest (the first build of each base site is itself a clean build).

About 63 builds in all: ~35 s with the temporary folders on a tmpfs, up to a minute on a slow
disk (``--basetemp=/dev/shm/...`` helps there); most of it is the builds themselves.

Rebuilds are incremental (``write.py``, ``pipeline.build``): unchanged page groups are not
rendered, unchanged files are not written, a no-op build does nothing; these tests are what
makes that safe. The last ones check that unchanged files keep their inode and mtime, that
a build killed after its commit point is completed by the next one, and that rendering in
several processes gives the same site.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsarchive import write
from newsarchive.config import load_config
from newsarchive.pipeline import build
from newsarchive.resident import Resident
from newsarchive.render import theme_dir

from sitekit import CORPUS, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402

SITE = {"title": "测试档案", "base_url": "https://example.org/archive/", "output": "public"}
GENERATED = dict(articles=80, seed=2, cities=1, years=1, start_year=2021)  # 8 issues of 长春日报 in 2021
MARK = "<!-- incremental-test override -->"

# seed pages (see corpus/*.yaml for what an editor reviewed in each)
UNDATED = "000_888e485566627bab"   # 辽源日报, no masthead: published under liaoyuan/undated/
FRONT_2021 = "002_0078cb0db730c42f"  # 辽源日报 2021-10-22, front page
FRONT_2020 = "003_a8efb6ccf2241e27"  # 辽源日报 2020-07-06, front page
BAICHENG = "004_f8edca899a2622ab"  # 白城日报, no masthead: city from its place names


# --------------------------------------------------------------------------- helpers


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``: {posix relpath: bytes}."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def stats(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder``: {posix relpath: (inode, mtime_ns)}."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            st = p.stat()
            out[p.relative_to(folder).as_posix()] = (st.st_ino, st.st_mtime_ns)
    return out


def site_yaml(**overrides) -> str:
    keys = {**SITE, **overrides}
    return "".join(f"{k}: {v}\n" for k, v in keys.items() if v is not None)


def write_site_yaml(site: Path, **overrides) -> None:
    (site / "site.yaml").write_text(site_yaml(**overrides), encoding="utf-8")


def config_of(site: Path):
    config, diags = load_config(site)
    assert not [d for d in diags if d.severity.value != "info"], diags
    return config


def build_state(site: Path) -> list[Path]:
    """What a build leaves in the site folder besides the output: the cache folder and any
    hidden sibling of the output folder (``.public.manifest``, ``.public.tmp-*`` ...)."""
    config = config_of(site)
    out = config.output_dir
    found = [config.root / config.cache]
    if out.parent.is_dir():
        found += [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
    return [p for p in found if p.exists() or p.is_symlink()]


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


@dataclass(frozen=True)
class Built:
    """A build's output and the parts of its ``BuildResult`` a user sees (the CLI prints them)."""

    files: dict[str, bytes]
    report: dict


def report_of(result) -> dict:
    load = result.load
    return {
        "issues": result.issues,
        "pages": result.pages,
        "files": result.files,
        "bytes": result.bytes,
        "largest": [tuple(x) for x in result.largest],
        "parsed files": load.file_count,  # (= len(load.files) when loaded; a replayed no-op keeps the count)
        "failed": list(load.failed),
        "articles": load.article_count,
        "coverage": tuple(load.coverage),
        "diagnostics": [(d.severity.value, d.file, d.line, d.message, d.code) for d in load.diagnostics],
    }


def settle() -> None:
    """Wait for what a build left running: the writer deletes a replaced output folder
    (``.public.old-*``) in a background thread, which would race the walks of the site folder."""
    getattr(write, "wait_cleanup", lambda: None)()


def run_build(site: Path, resident: Resident | None = None) -> Built:
    """Build ``site`` in place (with what a long-running process keeps in memory, when given a
    ``resident``); check the result's counts against the folder on disk."""
    config = config_of(site)
    result = build(config, resident=resident)
    settle()
    files = snapshot(config.output_dir)
    assert result.files == len(files), f"result.files={result.files} but the output holds {len(files)} files"
    assert result.bytes == sum(map(len, files.values())), "result.bytes is not the size of the output"
    return Built(files, report_of(result))


def input_digest(site: Path) -> str:
    """Digest of every input file of ``site`` (all but the output and the build state)."""
    config = config_of(site)
    skip = [config.output_dir, *build_state(site)]
    h = hashlib.sha256()
    for folder, dirs, names in os.walk(site):
        dirs[:] = sorted(d for d in dirs if Path(folder, d) not in skip)
        for name in sorted(names):
            p = Path(folder, name)
            if p not in skip:
                h.update(p.relative_to(site).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


_CLEAN: dict[str, Built] = {}


def clean_build(site: Path, scratch: Path) -> Built:
    """Copy ``site`` without its output and build state to a fresh folder, build it there.
    Memoised by the input digest: a clean build depends on nothing else."""
    key = input_digest(site)
    if key not in _CLEAN:
        config = config_of(site)
        skip = {config.output_dir, *build_state(site)}
        dest = Path(scratch) / f"clean-{key[:12]}" / site.name
        shutil.copytree(site, dest, symlinks=True,
                        ignore=lambda d, names: [n for n in names if Path(d, n).resolve() in skip])
        assert not build_state(dest) and not config_of(dest).output_dir.exists()
        _CLEAN[key] = run_build(dest)
        shutil.rmtree(dest.parent)
    return _CLEAN[key]


def first_difference(x: bytes, y: bytes) -> str:
    at = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
    return f"{len(x)} vs {len(y)} bytes, first difference at byte {at}: {x[at:at + 40]!r} vs {y[at:at + 40]!r}"


def diff(a: dict[str, bytes], b: dict[str, bytes], limit: int = 8) -> str:
    """A short account of how two snapshots differ (empty when they are equal)."""
    only_a = sorted(set(a) - set(b))
    only_b = sorted(set(b) - set(a))
    changed = sorted(k for k in set(a) & set(b) if a[k] != b[k])
    lines = []
    for label, names in (("only in the rebuild", only_a), ("only in the clean build", only_b),
                         ("different bytes", changed)):
        if names:
            more = f" (+{len(names) - limit} more)" if len(names) > limit else ""
            lines.append(f"{label}: {len(names)}: {', '.join(names[:limit])}{more}")
    lines += [f"  {name}: {first_difference(a[name], b[name])}" for name in changed[:3]]
    return "\n".join(lines)


def assert_same_site(rebuilt: Built, clean: Built, what: str = "") -> None:
    problems = diff(rebuilt.files, clean.files)
    if problems:
        pytest.fail(f"incremental rebuild {what} differs from a clean build:\n{problems}", pytrace=False)
    for key, value in clean.report.items():
        assert rebuilt.report[key] == value, f"rebuild {what} reports {key}={rebuilt.report[key]!r}, " \
                                             f"a clean build {value!r}"


def changed_paths(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {k for k in set(before) | set(after) if before.get(k) != after.get(k)}


@dataclass
class Warm:
    """A warm site restored for one test: its folder, its output before the edit, a scratch
    folder for clean builds."""

    site: Path
    before: Built
    scratch: Path
    held_out: Path | None = None  # mixed site: an issue kept out of the corpus (see mixed_base)
    resident: Resident | None = None  # the preview server's memory, when the test builds as serve does

    @property
    def corpus(self) -> Path:
        return self.site / "corpus"

    @property
    def out(self) -> Path:
        return config_of(self.site).output_dir

    def rebuild_and_compare(self, what: str = "", expect_change: bool = True) -> Built:
        """Rebuild in place, compare with a clean build of the same input; return the rebuild."""
        rebuilt = run_build(self.site, self.resident)
        assert_same_site(rebuilt, clean_build(self.site, self.scratch), what)
        if expect_change:
            assert rebuilt.files != self.before.files, f"the edit {what} changed no output file: the test is vacuous"
        return rebuilt


class Base:
    """A site built once per module, stashed, and restored for each test at the path where it
    was built."""

    def __init__(self, root: Path, populate, held_out: Path | None = None) -> None:
        self.site = root / "work" / "site"
        self.stash = root / "stash"
        self.held_out = held_out
        self.site.mkdir(parents=True)
        populate(self.site)
        built = run_build(self.site)
        _CLEAN.setdefault(input_digest(self.site), built)  # the first build of a site is a clean build
        self.built = built
        self.site.rename(self.stash)

    def restore(self, scratch: Path) -> Warm:
        if self.site.exists():
            shutil.rmtree(self.site)
        shutil.copytree(self.stash, self.site, symlinks=True)
        return Warm(self.site, self.built, scratch, self.held_out)


def search_segment(files: dict[str, bytes], year: int) -> str | None:
    """The search segment of a site that holds ``year`` (``2021`` or ``2004-2022``), or None."""
    for name in json.loads(files["search/index.json"])["segments"]:
        first, _, last = name.partition("-")
        if first.isdigit() and int(first) <= year <= int(last or first):
            return name
    return None


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count if count else -1), encoding="utf-8")


def published(files: dict[str, bytes], key: str) -> list[str]:
    """Output files (Simplified edition) whose text contains ``key``."""
    needle = key.encode("utf-8")
    return sorted(rel for rel, data in files.items() if needle in data and not rel.startswith("zh-hant/"))


def under(files: dict[str, bytes], prefix: str) -> list[str]:
    """Output files under the URL folder ``prefix``, in either edition."""
    return sorted(rel for rel in files if rel.startswith((prefix, "zh-hant/" + prefix)))


# --------------------------------------------------------------------------- the two sites


def _seed_site(site: Path) -> None:
    shutil.copytree(CORPUS, site / "corpus")  # the .txt pages with their sidecars
    write_site_yaml(site)


def _issues(corpus: Path) -> dict[str, list[Path]]:
    """Generated issues, {'<slug>/<yyyy>/<mm>/<dd>': [p1.txt, ...]}, in path (= date) order."""
    out: dict[str, list[Path]] = {}
    for page in sorted(corpus.rglob("p*.txt")):
        out.setdefault(page.parent.relative_to(corpus).as_posix(), []).append(page)
    return out


def _middle_issue(corpus: Path) -> str:
    """An issue of the paper with the most issues, with issues before and after it."""
    issues = sorted(_issues(corpus))
    by_paper: dict[str, list[str]] = {}
    for key in issues:
        by_paper.setdefault(key.split("/")[0], []).append(key)
    runs = max(by_paper.values(), key=len)
    assert len(runs) >= 3, by_paper
    return runs[len(runs) // 2]


@pytest.fixture(scope="module", autouse=True)
def _no_base_url_override():
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("NEWSARCHIVE_BASE_URL", raising=False)
        yield


@pytest.fixture(scope="module")
def seed_base(tmp_path_factory, _no_base_url_override) -> Base:
    return Base(tmp_path_factory.mktemp("seed"), _seed_site)


@pytest.fixture(scope="module")
def mixed_base(tmp_path_factory, _no_base_url_override) -> Base:
    root = tmp_path_factory.mktemp("mixed")
    held_out = root / "held-out"

    def populate(site: Path) -> None:
        _seed_site(site)
        write_site_yaml(site, traditional="false")  # the seed site covers the Traditional edition
        gen = site / "corpus" / "gen"
        generate(gen, **GENERATED)
        # one issue with neighbours on both sides is kept back for the "new issue" test
        key = _middle_issue(gen)
        (held_out / key).parent.mkdir(parents=True)
        (gen / key).rename(held_out / key)

    return Base(root, populate, held_out)


@pytest.fixture
def seed(seed_base, tmp_path) -> Warm:
    return seed_base.restore(tmp_path)


@pytest.fixture
def mixed(mixed_base, tmp_path) -> Warm:
    return mixed_base.restore(tmp_path)


def as_served(warm: Warm) -> Warm:
    """The warm site as ``serve`` builds it: a ``Resident`` filled by one build (of the unchanged
    site, once its files are older than the stat window, so their summaries are held)."""
    time.sleep(2.1)
    warm.resident = Resident()
    run_build(warm.site, warm.resident)
    assert warm.resident.primed and warm.resident.views
    return warm


@pytest.fixture
def seed_served(seed) -> Warm:
    return as_served(seed)


@pytest.fixture
def mixed_served(mixed) -> Warm:
    return as_served(mixed)


@pytest.fixture(params=["seed", "mixed", "seed_served", "mixed_served"])
def warm(request) -> Warm:
    """Each site rebuilt as the CLI does (from disk) and as ``serve`` does (``*_served``: from memory)."""
    return request.getfixturevalue(request.param)


def gen_articles(warm: Warm) -> list[dict]:
    """The generated corpus's articles as the warm build published them (the SQLite files)."""
    from sitekit import records_in

    found = [art for _, art in sorted(records_in(warm.before.files).items())
             if art["file"].startswith("gen/") and art["kind"] != "photo" and art.get("headline")]
    assert found
    return found


# --------------------------------------------------------------------------- 1. no change


def test_noop_rebuild(warm):
    rebuilt = warm.rebuild_and_compare("with nothing changed", expect_change=False)
    assert rebuilt.files == warm.before.files
    assert rebuilt.report == warm.before.report


# --------------------------------------------------------------------------- 2. body text


PARAGRAPH = "编辑补录的一段正文：增量构建须与全量构建逐字节相同。"


def append_paragraph(warm: Warm) -> str:
    """Add a paragraph to one page's body; return the URL of the issue that page belongs to."""
    if warm.corpus.joinpath("gen").is_dir():  # at the end of a generated page
        articles = gen_articles(warm)
        art = articles[len(articles) // 2]
        page = warm.corpus / art["file"]
        page.write_text(page.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{PARAGRAPH}\n", encoding="utf-8")
        return art["id"].rsplit("/", 1)[0] + "/"
    last = "市领导台培青、杨光参加相关活动。"  # the last paragraph of the front page's first article
    edit(warm.corpus / f"{FRONT_2021}.txt", last, f"{last}\n\n{PARAGRAPH}")
    return "liaoyuan/2021/10/22/"


def test_paragraph_appended(warm):
    issue = append_paragraph(warm)
    rebuilt = warm.rebuild_and_compare("after a paragraph was appended")
    shown = published(rebuilt.files, PARAGRAPH)
    assert shown and all(rel.startswith((issue, "data/")) for rel in shown), shown


# --------------------------------------------------------------------------- 3. headline


def test_headline_changed(warm):
    if warm.site.joinpath("corpus", "gen").is_dir():
        art = next(a for a in gen_articles(warm) if a["authors"]
                   and (warm.corpus / a["file"]).read_text(encoding="utf-8").count(a["headline"]) == 1)
        file, old = art["file"], art["headline"]
        issue = art["id"].rsplit("/", 1)[0] + "/"
    else:
        file, old, issue = f"{FRONT_2021}.txt", "党史学习教育中央第二督导组到我市调研指导", "liaoyuan/2021/10/22/"
    new = old[: max(2, len(old) // 2)] + "修订稿"
    assert new not in warm.corpus.joinpath(file).read_text(encoding="utf-8")
    edit(warm.corpus / file, old, new)
    rebuilt = warm.rebuild_and_compare("after a headline changed")
    # every file that showed the old headline (the article, its issue's table of contents, the
    # day page, the feed, the authors' pages, the open data) shows the new one
    shown = published(rebuilt.files, new)
    missing = sorted(set(published(warm.before.files, old)) - set(shown))
    assert not missing, f"still without the new headline: {missing}"
    day = "dates/" + "/".join(issue.split("/")[1:4]) + "/index.html"
    assert {issue + "index.html", day} <= set(shown), shown
    assert any(rel.startswith("authors/") for rel in shown), shown
    # search is cut into segments of years: only the segment holding the edited issue is indexed again
    segment = search_segment(rebuilt.files, int(issue.split("/")[1]))
    search = {rel for rel in changed_paths(warm.before.files, rebuilt.files) if rel.startswith("search/")}
    assert search and all(rel.startswith(f"search/s/{segment}/") for rel in search), sorted(search)
    assert len(json.loads(rebuilt.files["search/index.json"])["segments"]) >= 2  # others were kept


# --------------------------------------------------------------------------- 4. new issue


def test_new_issue_added(warm):
    if warm.site.joinpath("corpus", "gen").is_dir():
        key = next(iter(_issues(warm.held_out)))
        shutil.copytree(warm.held_out / key, warm.corpus / "gen" / key)
        issue = key + "/"
    else:
        # a copy of the 2021-10-22 front page dated 2021-01-15 (also a Friday): a liaoyuan issue
        # between the 2020-07-06 and the 2021-10-22 ones
        text = (warm.corpus / f"{FRONT_2021}.txt").read_text(encoding="utf-8")
        assert "2021年10月22日 星期五" in text and "总第8381期" in text
        text = text.replace("2021年10月22日 星期五", "2021年1月15日 星期五").replace("总第8381期", "总第8200期")
        (warm.corpus / "005_new_issue.txt").write_text(text, encoding="utf-8")
        issue = "liaoyuan/2021/01/15/"
    assert not under(warm.before.files, issue)
    rebuilt = warm.rebuild_and_compare("after a new issue was added")
    assert issue + "index.html" in rebuilt.files
    changed = changed_paths(warm.before.files, rebuilt.files)
    # the neighbours' prev/next links and the calendars change, not only the new pages
    assert any(rel.startswith(issue.split("/")[0] + "/") and not rel.startswith(issue) for rel in changed)
    assert any(rel.startswith("dates/") for rel in changed)


# --------------------------------------------------------------------------- 5. deletions


@pytest.mark.parametrize("case", ["seed-issue", "mixed-page"])
def test_corpus_file_deleted(case, request):
    warm = request.getfixturevalue(case.split("-")[0])
    if case == "seed-issue":
        # the only page of the 2020-07-06 issue; its sidecar stays behind, orphaned. The issue goes,
        # and with it the 2021-10-22 issue's link to the previous one.
        (warm.corpus / f"{FRONT_2020}.txt").unlink()
        gone = ["liaoyuan/2020/07/06/"]
    else:  # the last page of a generated issue of several pages: the issue stays, shorter
        issue, pages = next((k, v) for k, v in _issues(warm.corpus / "gen").items() if len(v) >= 2)
        pages[-1].unlink()
        gone = [f"{issue}/raw-{len(pages)}/"]  # its raw-text page (no .txt since issue 16)
    for prefix in gone:
        assert under(warm.before.files, prefix)
    rebuilt = warm.rebuild_and_compare(f"after a corpus file was deleted ({case})")
    for prefix in gone:
        left = under(rebuilt.files, prefix)
        assert not left, f"pages of the deleted file are still published: {left[:5]}"
    if case == "seed-issue":  # the only issue of 2020: no search segment holds 2020 any more
        assert search_segment(warm.before.files, 2020) and not search_segment(rebuilt.files, 2020)
        left = json.loads(rebuilt.files["search/index.json"])["segments"]
        assert all(under(rebuilt.files, f"search/s/{name}/") for name in left)
        assert {rel.split("/")[2] for rel in under(rebuilt.files, "search/s/")} == set(left)


# --------------------------------------------------------------------------- 6. sidecars


@pytest.mark.parametrize("case", ["seed-date-added", "seed-sidecar-removed", "mixed-new-sidecar"])
def test_sidecar_changed(case, request):
    warm = request.getfixturevalue(case.split("-")[0])
    expect_change = True
    if case == "seed-date-added":  # an undated page gets its day: it moves out of undated/
        with (warm.corpus / f"{UNDATED}.yaml").open("a", encoding="utf-8") as f:
            f.write("date: 2019-05-22\n")
        moved_from, moved_to = "liaoyuan/undated/", "liaoyuan/2019/05/22/"
    elif case == "seed-sidecar-removed":  # only the acknowledged warnings change (info -> warning)
        (warm.corpus / f"{UNDATED}.yaml").unlink()
        moved_from = moved_to = None
        expect_change = False
    else:  # a new sidecar beside a generated front page overrides its masthead: a new year
        issue, pages = next((k, v) for k, v in _issues(warm.corpus / "gen").items() if len(v) == 1)
        pages[0].with_suffix(".yaml").write_text("date: 1999-12-31\n", encoding="utf-8")
        moved_from, moved_to = issue + "/", issue.split("/")[0] + "/1999/12/31/"
    before_report = warm.before.report
    rebuilt = warm.rebuild_and_compare(f"after a sidecar changed ({case})", expect_change=expect_change)
    if moved_to:
        assert moved_to + "index.html" in rebuilt.files
        assert len(under(rebuilt.files, moved_from)) < len(under(warm.before.files, moved_from))
    else:
        assert rebuilt.report["diagnostics"] != before_report["diagnostics"]


# --------------------------------------------------------------------------- 7. bylines


@pytest.mark.parametrize("case", ["renamed-everywhere", "homophone"])
def test_byline_changed(seed, case):
    # 王茵 (wang-yin) signs articles on both liaoyuan front pages. Renamed everywhere, her page
    # goes; renamed to 王音 on one page only, two authors share the pinyin and the slugs split.
    files = [FRONT_2021, FRONT_2020] if case == "renamed-everywhere" else [FRONT_2021]
    new = "王莹" if case == "renamed-everywhere" else "王音"
    for name in files:
        edit(seed.corpus / f"{name}.txt", "王茵", new, count=0)
    rebuilt = seed.rebuild_and_compare(f"after a byline changed ({case})")
    assert "authors/index.html" in changed_paths(seed.before.files, rebuilt.files)
    assert published(rebuilt.files, new)
    if case == "renamed-everywhere":
        assert "authors/wang-yin/index.html" not in rebuilt.files
        assert "authors/wang-ying/index.html" in rebuilt.files
    else:
        slugs = {rel.split("/")[1] for rel in rebuilt.files if rel.startswith("authors/wang-yin")}
        assert len(slugs) == 2, slugs


# --------------------------------------------------------------------------- 8. templates


def _override(template: str) -> str:
    """The theme's template with an HTML comment placed where it reaches the output."""
    text = (theme_dir() / "templates" / template).read_text(encoding="utf-8")
    if template == "_calendar.html":  # inside the macro
        anchor = re.search(r"\{% macro calendar\(.*?%\}\n", text).group(0)
    else:  # inside the block a child template fills (text outside blocks is never output)
        anchor = "{% block content %}\n"
    assert anchor in text, (template, anchor)
    return text.replace(anchor, anchor + MARK + "\n", 1)


@pytest.mark.parametrize("template", ["article.html", "_calendar.html"])  # a page's own; an imported macro
def test_template_override_added_then_removed(seed, template):
    folder = seed.site / "templates"
    folder.mkdir(exist_ok=True)
    (folder / template).write_text(_override(template), encoding="utf-8")
    rebuilt = seed.rebuild_and_compare(f"after templates/{template} was added")
    marked = published(rebuilt.files, MARK)
    assert marked
    if template == "article.html":
        article_page = r"[a-z]+/(\d{4}/\d\d/\d\d|undated/\w+)/\d\d/index\.html"
        assert all(re.fullmatch(article_page, rel) for rel in marked), marked

    (folder / template).unlink()
    again = seed.rebuild_and_compare(f"after templates/{template} was removed", expect_change=False)
    assert not published(again.files, MARK)
    assert again.files == seed.before.files


# --------------------------------------------------------------------------- 9. site.yaml


SITE_CHANGES = {
    # name: (site.yaml keys of the warm build, keys after the edit)
    "title": ({}, {"title": "另一个档案"}),
    "traditional-off": ({}, {"traditional": "false"}),
    # another conversion (s2tw is the default): zh-hant/ changes, and the Simplified pages' script
    # switch, which names the forms it leads to (繁體（香港字形）); no data, feed or index file
    "traditional-s2hk": ({}, {"traditional": "s2hk"}),
    "search-off": ({}, {"search": "false"}),
    "search-on": ({"search": "false"}, {}),
    # the papers registry decides how pages parse: 004 loses the place names that gave it a city
    "papers": ({}, {"papers": "\n  - name: 白城日报\n    places: [不存在的地方]"}),
}


@pytest.mark.parametrize("change", SITE_CHANGES)
def test_site_yaml_changed(seed, change):
    first, then = SITE_CHANGES[change]
    if first:
        write_site_yaml(seed.site, **first)
        seed.before = run_build(seed.site)  # the warm build of this starting point
    write_site_yaml(seed.site, **then)
    rebuilt = seed.rebuild_and_compare(f"after site.yaml changed ({change})")
    if change == "traditional-off":
        assert not under(rebuilt.files, "zh-hant/") and under(seed.before.files, "zh-hant/")
    if change == "traditional-s2hk":
        changed = changed_paths(seed.before.files, rebuilt.files)
        assert any(rel.startswith("zh-hant/") for rel in changed)
        assert all(rel.startswith("zh-hant/") or rel.endswith(".html") for rel in changed), changed
    if change == "search-off":
        assert not under(rebuilt.files, "search/")
    if change == "papers":
        found = [(d[0], d[1], d[4]) for d in rebuilt.report["diagnostics"]]
        assert ("warning", f"{BAICHENG}.txt", "unknown-city") in found


# --------------------------------------------------------------------------- 10. static/


def test_static_files_added_then_removed(seed):
    folder = seed.site / "static"
    folder.mkdir(exist_ok=True)
    names = ["extra.css", "style.css"]  # a new file; one that shadows the theme's
    for name in names:
        (folder / name).write_text(f"/* the site's own {name} */\nbody {{ color: #123; }}\n", encoding="utf-8")
    rebuilt = seed.rebuild_and_compare("after files were added to static/")
    for name in names:
        assert rebuilt.files[f"static/{name}"] == (folder / name).read_bytes()

    for name in names:
        (folder / name).unlink()
    again = seed.rebuild_and_compare("after the files were removed from static/", expect_change=False)
    assert again.files == seed.before.files
    assert again.files["static/style.css"] == (theme_dir() / "static" / "style.css").read_bytes()


# --------------------------------------------------------------------------- 11. edit and back


def test_edit_then_edit_back(seed):
    page = seed.corpus / f"{FRONT_2021}.txt"
    original = seed.scratch / "original.txt"
    shutil.copy2(page, original)
    edit(page, "党史学习教育中央第二督导组到我市调研指导", "中央督导组来我市")
    edit(page, "市领导台培青、杨光参加相关活动。", "市领导台培青、杨光参加相关活动。\n\n又一段。")
    seed.rebuild_and_compare("after the first edit")
    shutil.copy2(original, page)  # back to the original bytes *and* the original mtime (cp -p)
    again = seed.rebuild_and_compare("after the edit was undone", expect_change=False)
    assert again.files == seed.before.files
    assert again.report == seed.before.report


def test_same_size_edit_with_old_mtime_restored(seed):
    """A same-size edit whose mtime is then set back (``cp -p``, ``rsync -t``, ``tar x``, ``touch -r``)
    must still be seen: size, mtime and inode all match the last build, only the bytes (and the
    ctime, which no tool can set back; git compares it for this reason) differ."""
    page = seed.corpus / f"{FRONT_2021}.txt"
    old = time.time() - 3600  # well outside any "modified just now, don't trust stat" window
    os.utime(page, (old, old))
    seed.before = run_build(seed.site)  # the build that records the page's stat
    st = page.stat()
    with page.open("r+b") as f:  # in place: the inode stays
        data = f.read()
        new = data.replace("调研指导".encode(), "视察指导".encode(), 1)
        assert len(new) == len(data) and new != data
        f.seek(0)
        f.write(new)
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (page.stat().st_size, page.stat().st_mtime_ns, page.stat().st_ino) == (st.st_size, st.st_mtime_ns, st.st_ino)
    rebuilt = seed.rebuild_and_compare("after a same-size edit with the old mtime restored")
    assert published(rebuilt.files, "中央第二督导组到我市视察指导")


# --------------------------------------------------------------------------- 12. output and state removed by hand


@pytest.mark.parametrize("removed", ["output", "cache", "state-beside-output"])
def test_build_state_removed_by_hand(seed, removed):
    """``rm -rf public`` (or the cache, or the manifest beside the output) between builds: the
    rebuild recreates the whole site, identical to a clean build."""
    config = config_of(seed.site)
    targets = {
        "output": [config.output_dir],
        "cache": [config.root / config.cache],
        "state-beside-output": [p for p in build_state(seed.site) if p != config.root / config.cache],
    }[removed]
    for path in targets:
        _remove(path)
    if removed == "state-beside-output":
        # without its manifest the output folder is not known to be the build's own: the build
        # refuses to replace it (naming both paths) and leaves it as it is; once it is gone too,
        # the build makes everything again (tests/test_safety.py has the other refusals)
        from newsarchive.errors import BuildError

        with pytest.raises(BuildError, match="not made by newsarchive") as refused:
            build(config)
        assert "output folder public" in str(refused.value) and ".public.manifest" in str(refused.value)
        assert snapshot(config.output_dir) == seed.before.files
        _remove(config.output_dir)
    rebuilt = seed.rebuild_and_compare(f"after {removed} was removed by hand", expect_change=False)
    assert rebuilt.files == seed.before.files


def test_one_output_file_removed_by_hand(seed):
    """The output folder belongs to the build. A file deleted from it by hand is not noticed by
    a plain incremental rebuild (the manifest says it is there; checking every output file would
    cost a stat per file): it comes back with a clean build (``build --clean``) or when its page
    is rendered again. Whatever happens, a rebuild never publishes *wrong* bytes: every file
    it leaves is the clean build's, and the deleted one is either back, identical, or absent."""
    gone = "liaoyuan/2021/10/22/01/index.html"
    (seed.out / gone).unlink()
    config = config_of(seed.site)
    build(config)
    settle()
    rebuilt = snapshot(config.output_dir)
    clean = clean_build(seed.site, seed.scratch)
    assert rebuilt.get(gone, clean.files[gone]) == clean.files[gone]
    rebuilt.setdefault(gone, clean.files[gone])
    assert not diff(rebuilt, clean.files), diff(rebuilt, clean.files)
    if "clean" in inspect.signature(build).parameters:  # the clean option restores it
        build(config, clean=True)
        settle()
        assert snapshot(config.output_dir) == clean.files


# --------------------------------------------------------------------------- unchanged files are not rewritten


def test_unchanged_files_are_not_rewritten(mixed):
    """After a one-paragraph change to one page, every output file whose bytes did not change
    keeps its inode and mtime (so rsync and Pages uploads send only what changed); in particular
    the article pages of every other issue are not touched."""
    mixed.before = run_build(mixed.site)  # a warm build in place, so the build's own records are current
    before = stats(mixed.out)
    edited_issue = append_paragraph(mixed)
    rebuilt = mixed.rebuild_and_compare("after one paragraph was appended")
    after = stats(mixed.out)

    changed = changed_paths(mixed.before.files, rebuilt.files)
    assert changed and len(changed) < len(rebuilt.files) / 4, f"{len(changed)} of {len(rebuilt.files)} files changed"
    article_pages = [rel for rel in after if re.fullmatch(r"(zh-hant/)?[a-z]+/\d{4}/\d\d/\d\d/\d\d/index\.html", rel)
                     and not rel.removeprefix("zh-hant/").startswith(edited_issue)]
    assert len(article_pages) > 50
    touched = [rel for rel in article_pages if after[rel] != before[rel]]
    assert not touched, f"{len(touched)} of {len(article_pages)} article pages of other issues rewritten: {touched[:5]}"
    rewritten = sorted(rel for rel in after if rel in before and rel not in changed and after[rel] != before[rel])
    assert not rewritten, f"{len(rewritten)} unchanged files rewritten (new inode or mtime): {rewritten[:8]}"


# --------------------------------------------------------------------------- killed after the commit point


def test_build_killed_while_committing_is_completed_by_the_next_build(seed, monkeypatch):
    """A rebuild that dies after its commit point (half its files moved into the site) leaves a
    ``.public.commit-*`` folder with its journal; the next build moves the rest in first (it
    rolls the journal forward), and the site is then exactly the clean build's. The next build
    is of *changed* input: the edit undone and another one made. Files the killed build had
    moved in are then stale against the previous manifest's signatures, so a build that threw
    the journal away (and kept the old manifest) would keep them; a rebuild of the same input
    could not tell."""
    page = seed.corpus / f"{FRONT_2021}.txt"
    original = seed.scratch / "original.txt"
    shutil.copy2(page, original)
    append_paragraph(seed)
    real = os.replace
    moved = {"n": 0}

    def dies_half_way(src, dst, *args, **kwargs):
        if ".commit-" in str(src):
            moved["n"] += 1
            if moved["n"] > 2:
                raise KeyboardInterrupt("killed while committing (simulated)")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(write.os, "replace", dies_half_way)
    with pytest.raises(KeyboardInterrupt):
        build(config_of(seed.site))
    monkeypatch.setattr(write.os, "replace", real)
    assert moved["n"] > 2, "the rebuild had fewer than 3 files to move: the test is vacuous"
    config = config_of(seed.site)
    assert list(config.output_dir.parent.glob(f".{config.output_dir.name}.commit-*")), "no journal left behind"
    half = snapshot(config.output_dir)
    assert half != seed.before.files, "the killed build moved nothing in: the test is vacuous"
    shutil.copy2(original, page)  # the edit undone (bytes and mtime), and another edit made
    edit(seed.corpus / f"{FRONT_2020}.txt", "王茵", "王莹", count=0)
    rebuilt = seed.rebuild_and_compare("of changed input after a build killed while committing")
    assert not published(rebuilt.files, PARAGRAPH) and published(rebuilt.files, "王莹")
    assert not list(config.output_dir.parent.glob(f".{config.output_dir.name}.commit-*"))
    assert not list(config.output_dir.parent.glob(f".{config.output_dir.name}.tmp-*"))


# --------------------------------------------------------------------------- several render processes


def test_parallel_incremental_rebuild_is_the_clean_build(mixed, monkeypatch):
    """With render workers (forked processes, each staging its share of the changed groups),
    a rebuild is still the clean build, and kept groups are never rendered."""
    from newsarchive import pipeline

    monkeypatch.setattr(pipeline, "PARALLEL_MIN_PAGES", 4)
    mixed.before = run_build(mixed.site)
    write_site_yaml(mixed.site, traditional="false", workers="2")  # every page group changes
    rebuilt = run_build(mixed.site)
    assert_same_site(rebuilt, clean_build(mixed.site, mixed.scratch), "after site.yaml gained workers: 2")
    append_paragraph(mixed)
    result = build(config_of(mixed.site))
    settle()
    assert result.workers == 2
    assert 0 < result.rendered < result.groups / 2, (result.rendered, result.groups)
    assert snapshot(config_of(mixed.site).output_dir) == clean_build(mixed.site, mixed.scratch).files


def test_the_build_process_renders_a_share_itself(mixed, monkeypatch):
    """With ``workers: 2`` one render process is forked and the build's own process renders
    the other share (a forked process copies the archive's pages it touches: one copy fewer);
    the site is the one-process build's."""
    from newsarchive import forks, pipeline

    monkeypatch.setattr(pipeline, "PARALLEL_MIN_PAGES", 4)
    sizes: list[int] = []
    real = forks.pool

    def pool(workers, job=None):
        sizes.append(workers)
        return real(workers, job)

    monkeypatch.setattr(forks, "pool", pool)
    write_site_yaml(mixed.site, traditional="false", workers="2")
    result = build(config_of(mixed.site))
    settle()
    assert result.workers == 2 and sizes[-1] == 1, sizes
    write_site_yaml(mixed.site, traditional="false", workers="1")
    assert snapshot(config_of(mixed.site).output_dir) == clean_build(mixed.site, mixed.scratch).files


# --------------------------------------------------------------------------- the preview server's deferred search


def test_search_later_publishes_pages_first_and_the_next_build_catches_up(seed):
    """``build(search_later=True)`` (what ``serve`` does on a change) publishes every page of
    the edit at once but keeps the previous search index; it reports that the index is stale,
    the build after it is not a no-op, and that build leaves exactly the clean build."""
    old, new = "党史学习教育中央第二督导组到我市调研指导", "党史学习教育督导组修订稿"
    edit(seed.corpus / f"{FRONT_2021}.txt", old, new)
    time.sleep(2.1)  # older than the stat window: a plain build could record its stamp
    config = config_of(seed.site)
    result = build(config, search_later=True)
    settle()
    assert result.search_pending
    now = snapshot(config.output_dir)
    clean = clean_build(seed.site, seed.scratch)
    search = {rel for rel in set(now) | set(clean.files) if rel.startswith("search/")}
    assert {rel: now.get(rel) for rel in search} == {rel: seed.before.files.get(rel) for rel in search}
    assert {rel: b for rel, b in now.items() if rel not in search} == \
        {rel: b for rel, b in clean.files.items() if rel not in search}
    assert any(now.get(rel) != clean.files.get(rel) for rel in search), "the edit changed no search file"
    caught_up = build(config)
    settle()
    assert caught_up.mode == "incremental" and not caught_up.search_pending and caught_up.search
    assert snapshot(config.output_dir) == clean.files
    assert build(config).mode == "up-to-date"


def test_code_digests_tell_parser_changes_from_theme_changes(tmp_path):
    """Records depend on the parser (``.py``, ``.yaml``); pages also on the packaged theme: a
    changed packaged template re-renders pages but keeps every parsed record."""
    from newsarchive.records import code_digests
    from newsarchive.render import theme_dir

    package = tmp_path / "newsarchive"
    shutil.copytree(theme_dir().parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    code, whole = code_digests(package)
    article = package / "theme" / "templates" / "article.html"
    article.write_text(article.read_text(encoding="utf-8") + "<!-- edited -->\n", encoding="utf-8")
    code2, whole2 = code_digests(package)
    assert code2 == code and whole2 != whole
    (package / "urls.py").write_text((package / "urls.py").read_text(encoding="utf-8") + "\n# edited\n",
                                     encoding="utf-8")
    code3, whole3 = code_digests(package)
    assert code3 != code and whole3 != whole2


# --------------------------------------------------------------------------- the preview server's memory


def test_served_edits_in_a_row_are_each_the_clean_build(mixed_served, monkeypatch):
    """``serve`` keeps records, views and the manifest in memory (``resident.py``): edit after
    edit, each rebuild from memory is the clean build, and reads from the record cache only the
    summaries of the files that changed."""
    from newsarchive.records import RecordCache

    warm = mixed_served
    looked_up: list[str] = []
    get = RecordCache.get

    def counted(self, key, summary=False):
        if summary:
            looked_up.append(key)
        return get(self, key, summary)

    monkeypatch.setattr(RecordCache, "get", counted)
    issues = _issues(warm.corpus / "gen")
    first, second = sorted(issues)[0], sorted(issues)[-1]
    page = issues[first][0]
    original = page.read_text(encoding="utf-8")
    steps = [("a paragraph appended to the first issue", lambda: page.write_text(
                  original.rstrip("\n") + f"\n\n{PARAGRAPH}\n", encoding="utf-8")),
             ("the last issue's last page deleted", lambda: issues[second][-1].unlink()),
             ("the first edit undone", lambda: page.write_text(original, encoding="utf-8"))]
    for what, change in steps:
        time.sleep(2.1)  # every file the step does not touch is older than the stat window
        change()
        looked_up.clear()
        views, made = dict(warm.resident.views), dict(warm.resident.issues)
        rebuilt = run_build(warm.site, warm.resident)
        assert len(looked_up) <= 1, f"{len(looked_up)} summaries read back after {what}"
        kept = [t for t, v in warm.resident.views.items() if views.get(t) is v]
        # (a deleted page can change other issues' tokens: their reprint relations, authors' URLs)
        least = len(views) - 2 if what.startswith("a paragraph") else 1
        assert len(kept) >= least, f"only {len(kept)} of {len(views)} issue views kept after {what}"
        # every issue is taken over, not made again, but the changed one and the one changed by
        # the step before (its file was too fresh to be held by its stat then)
        taken = [k for k, issue in warm.resident.issues.items() if made.get(k) is issue]
        assert len(taken) >= len(warm.resident.issues) - 2 and len(taken) >= 8, f"{len(taken)} taken after {what}"
        assert_same_site(rebuilt, clean_build(warm.site, warm.scratch), f"from memory, after {what}")


def test_served_rebuild_notices_another_build_in_between(seed_served):
    """A build by another process (the CLI) writes a new manifest: the resident's copy is not
    used, the manifest is read from disk, and the next served rebuild is still the clean build."""
    warm = seed_served
    line = "市领导台培青、杨光参加相关活动。"
    edit(warm.corpus / f"{FRONT_2021}.txt", line, f"{line}\n\n{PARAGRAPH}")
    run_build(warm.site)  # the CLI: from disk, without the resident
    config = config_of(warm.site)
    assert warm.resident.manifest(write.manifest_stamp(config.output_dir)) is None
    edit(warm.corpus / f"{FRONT_2021}.txt", PARAGRAPH, PARAGRAPH[::-1])
    warm.rebuild_and_compare("from memory, after the CLI had built in between")
    assert warm.resident.manifest(write.manifest_stamp(config.output_dir)) is not None


def test_served_rebuild_after_site_yaml_changed_forgets_what_it_held(seed_served):
    """A change to what every page depends on (site.yaml) drops the resident's records, views
    and manifest; the rebuild is the clean build of the new configuration."""
    warm = seed_served
    views, issues = warm.resident.views, list(warm.resident.issues.values())
    write_site_yaml(warm.site, title="另一个标题")
    warm.rebuild_and_compare("from memory, after site.yaml changed")
    assert warm.resident.views and warm.resident.views is not views
    assert not set(map(id, warm.resident.views.values())) & set(map(id, views.values()))
    assert issues and not {id(i) for i in issues} & set(map(id, warm.resident.issues.values()))


def test_a_list_of_views_is_signed_by_its_views_tokens():
    """``Views`` (an author page's articles, a day's issues) is signed by its views' tokens in
    one step: the signature changes when a token, the order or the length changes, not when a
    view's body does (its token stands for it), and a list holding anything else is signed by
    its content."""
    from newsarchive.incremental import View, Views, signature

    def view(token, body):
        v = View({"headline": body})
        v.token = token
        return v

    def sign(items):
        return signature("salt", "authors/x/", {"articles": Views(items)}, tokens=True)

    a, b = view("t1", "甲"), view("t2", "乙")
    base = sign([a, b])
    assert sign([view("t1", "别的"), view("t2", "乙")]) == base
    assert sign([a, view("t3", "乙")]) != base
    assert sign([b, a]) != base and sign([a]) != base and sign([a, b, a]) != base
    mixed = [a, {"headline": "乙"}]
    assert sign(mixed) != sign([a, {"headline": "丙"}])  # a plain dict in it: signed by content
