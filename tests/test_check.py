"""``newsarchive check``: load and check the corpus, write nothing, exit 0 / 1 (``--strict``) / 2.

Every warning kind of issue 5 is provoked once, in one site checked once with ``--json``.
"""

from __future__ import annotations

import json
import re
import os
import shutil
from pathlib import Path

import pytest

from newsarchive.cli import main

from sitekit import CORPUS, ROOT, make_site

SEEDS = sorted(p.name for p in CORPUS.glob("*.txt"))
SITE_YAML = "title: 检查\nbase_url: https://example.org/archive/\noutput: public\n"
ROW_KEYS = {"file", "paper", "city", "date", "date_evidence", "issue_number", "articles", "warnings"}


def copy_site(tmp: Path, drop: tuple[str, ...] = (), extra: dict[str, str | bytes] | None = None) -> Path:
    """The repo's corpus WITH its sidecars (``make_site`` copies only the .txt files)."""
    site = tmp / "site"
    shutil.copytree(CORPUS, site / "corpus")
    for name in drop:
        (site / "corpus" / name).unlink()
    for rel, data in (extra or {}).items():
        (site / "corpus" / rel).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    (site / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    return site


def listing(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))}


def check_json(capsys, site: Path, *flags: str) -> tuple[int, dict]:
    code = main(["check", "--root", str(site), "--json", *flags])
    return code, json.loads(capsys.readouterr().out)


# --- exit codes -------------------------------------------------------------------------------


PAGES = "https://example.github.io/newsarchive/"


@pytest.fixture
def published(monkeypatch):
    """As the Pages workflow runs check: the base URL comes from the Pages configuration."""
    monkeypatch.setenv("NEWSARCHIVE_BASE_URL", PAGES)


def test_repo_corpus_is_clean_under_strict(capsys, published):
    """The sidecars acknowledge every known warning (ignore: [no-date], [page-count], …)."""
    assert main(["check", "--root", str(ROOT), "--strict"]) == 0
    out = capsys.readouterr().out
    assert "exit code 0" in out
    for name in SEEDS:
        assert name in out  # one table row per file


def test_check_warns_when_base_url_is_not_absolute(capsys, monkeypatch):
    """site.yaml's `base_url: /` builds a site for local viewing; published, it would carry
    site-relative canonical links, feeds and sitemap: check warns, and --strict fails."""
    monkeypatch.delenv("NEWSARCHIVE_BASE_URL", raising=False)
    assert main(["check", "--root", str(ROOT), "--strict"]) == 1
    out = capsys.readouterr().out
    assert re.search(r"site\.yaml:\d+: warning: base_url '/' is not absolute", out), out
    assert "hint: set base_url to the published address" in out


def test_repo_corpus_json_summary(capsys, published):
    code, report = check_json(capsys, ROOT, "--strict")
    assert code == 0 and report["summary"]["exit_code"] == 0
    assert report["summary"]["warnings"] == 0 and report["summary"]["errors"] == 0
    assert report["summary"]["chars_placed"] == report["summary"]["chars"] > 0
    acknowledged = [d for d in report["diagnostics"] if d["severity"] == "info" and d["code"] in
                    ("no-date", "page-count", "jump-target")]
    assert {d["file"] for d in acknowledged} == set(SEEDS)
    assert all("reviewed by an editor" in d["message"] for d in acknowledged)


def test_unacknowledged_inferred_date_fails_only_under_strict(tmp_path, capsys):
    site = copy_site(tmp_path, drop=("000_888e485566627bab.yaml",))
    assert main(["check", "--root", str(site)]) == 0
    out = capsys.readouterr().out
    assert "000_888e485566627bab.txt: warning: issue date only inferred" in out
    assert "exit code 0" in out
    assert main(["check", "--root", str(site), "--strict"]) == 1
    assert "exit code 1 (warnings under --strict)" in capsys.readouterr().out
    code, report = check_json(capsys, site, "--strict")
    assert code == 1 and report["summary"]["exit_code"] == 1 and report["summary"]["warnings"] == 1
    (warning,) = [d for d in report["diagnostics"] if d["severity"] == "warning"]
    assert (warning["file"], warning["code"]) == ("000_888e485566627bab.txt", "no-date")
    (row,) = [r for r in report["files"] if r["file"] == "000_888e485566627bab.txt"]
    assert row["date"] is None and row["date_evidence"] == "inferred" and row["warnings"] == 1


def test_undecodable_file_exits_2(tmp_path, capsys):
    site = copy_site(tmp_path, extra={"broken.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))})
    assert main(["check", "--root", str(site)]) == 2
    out = capsys.readouterr().out
    assert "broken.txt:1: error: looks like a binary file" in out
    code, report = check_json(capsys, site)
    assert code == 2 and report["summary"]["exit_code"] == 2 and report["summary"]["errors"] == 1
    assert report["failed"] == ["broken.txt"]
    assert report["summary"]["files"] == len(SEEDS) + 1
    assert sorted(r["file"] for r in report["files"]) == SEEDS  # the rest is still checked


def test_check_writes_nothing(tmp_path, capsys):
    site = copy_site(tmp_path, drop=("000_888e485566627bab.yaml",), extra={"x.txt": "一段没有标题的文字。\n"})
    before = listing(tmp_path)
    assert main(["check", "--root", str(site)]) == 0
    assert main(["check", "--root", str(site), "--json", "--strict"]) == 1
    capsys.readouterr()
    assert listing(tmp_path) == before
    assert not (site / "public").exists() and not (site / ".cache").exists()
    assert not [p for p in site.iterdir() if p.name.startswith(".")]


# --- every warning kind -----------------------------------------------------------------------

NO_BODY = "第二篇文章标题\n\n本报讯(记者 李明)辽源市正文内容在这里。\n\n辽源市召开会议标题\n\n本报记者 王茵\n"
LONG = "辽源市" + "很长的标题文字" * 7 + "\n\n本报讯(记者 王茵)辽源市正文内容在这里。\n"
CLAIM = "paper: 辽源日报\ndate: 2022-03-04\npage: 2\n"
PROVOKED = {
    "nodate.txt": "辽源市召开座谈会\n\n本报讯(记者 王茵)辽源市龙山区的正文在这里。\n",
    "nocity.txt": "标题测试一下\n\n本报讯(记者 王茵)一段没有地名的正文。\n",
    "nobody.txt": NO_BODY,
    "long.txt": LONG,
    "unclassified.txt": "一段没有标题的文字，也没有署名。\n",
    "claim-a.txt": "认领甲标题测试\n\n本报讯(记者 王茵)辽源市龙山区的正文一。\n",
    "claim-a.yaml": CLAIM,
    "claim-b.txt": "认领乙标题测试\n\n本报讯(记者 王茵)辽源市西安区的正文二。\n",
    "claim-b.yaml": CLAIM,
}


@pytest.fixture(scope="module")
def provoked(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("check"), PROVOKED, site_yaml=SITE_YAML)  # seeds without sidecars
    return site


@pytest.fixture
def report(provoked, capsys):
    code, data = check_json(capsys, provoked)
    assert code == 0 and data["summary"]["exit_code"] == 0
    return data


def _find(report, code, file, line=None):
    found = [d for d in report["diagnostics"] if d["code"] == code and d["file"] == file
             and (line is None or d["line"] == line)]
    assert found, f"no {code} warning for {file}:{line}; got " + json.dumps(
        [d for d in report["diagnostics"] if d["file"] == file], ensure_ascii=False)
    assert all(d["severity"] == "warning" and d["hint"] for d in found)
    return found


def test_json_rows_and_summary(report):
    rows = {r["file"]: r for r in report["files"]}
    assert set(rows) == set(SEEDS) | {n for n in PROVOKED if n.endswith(".txt")}
    for row in rows.values():
        assert ROW_KEYS <= row.keys()
    lead = rows["002_0078cb0db730c42f.txt"]
    assert (lead["paper"], lead["city"], lead["date"], lead["date_evidence"], lead["issue_number"]) == (
        "辽源日报", "辽源", "2021-10-22", "masthead", 8381)
    assert lead["articles"] == 5 and lead["warnings"] == 1  # page-count
    summary = report["summary"]
    assert {"files", "errors", "warnings", "articles", "exit_code"} <= summary.keys()
    assert summary["files"] == len(rows) and summary["errors"] == 0
    assert summary["warnings"] == sum(r["warnings"] for r in rows.values())
    assert summary["warnings"] == sum(1 for d in report["diagnostics"] if d["severity"] == "warning")


def test_no_date_unknown_and_only_inferred(report):
    (unknown,) = _find(report, "no-date", "nodate.txt")
    assert "unknown" in unknown["message"]
    (inferred,) = _find(report, "no-date", "000_888e485566627bab.txt")
    assert "only inferred" in inferred["message"]
    rows = {r["file"]: r for r in report["files"]}
    assert rows["nodate.txt"]["date_evidence"] == "unknown"
    assert rows["000_888e485566627bab.txt"]["date_evidence"] == "inferred"
    assert rows["000_888e485566627bab.txt"]["date_earliest"] == "2019-05-22"


def test_unknown_city(report):
    _find(report, "unknown-city", "nocity.txt")
    assert {r["file"]: r for r in report["files"]}["nocity.txt"]["city"] is None
    assert not [d for d in report["diagnostics"] if d["code"] == "unknown-city" and d["file"] == "nodate.txt"]


def test_article_without_body(report):
    (d,) = _find(report, "no-body", "nobody.txt", line=5)
    assert "辽源市召开会议标题" in d["message"]


def test_implausibly_long_headline(report):
    (d,) = _find(report, "long-headline", "long.txt", line=1)
    assert "52" in d["message"]


def test_unclassified_text(report):
    (d,) = _find(report, "unclassified", "unclassified.txt", line=1)
    assert "一段没有标题的文字" in d["message"]


def test_two_files_claim_the_same_page(report):
    found = [d for d in report["diagnostics"] if d["code"] == "duplicate" and "2022-03-04" in d["message"]]
    assert found and all(d["severity"] == "warning" for d in found)
    text = " ".join(d["file"] + " " + d["message"] for d in found)
    assert "claim-a.txt" in text and "claim-b.txt" in text and "page 2" in text


def test_page_count_disagrees(report):
    (d,) = _find(report, "page-count", "002_0078cb0db730c42f.txt")
    assert "今日4版" in d["message"] and "[2, 3, 4]" in d["message"]
    _find(report, "page-count", "003_a8efb6ccf2241e27.txt")


def test_jump_target_missing(report):
    found = _find(report, "jump-target", "003_a8efb6ccf2241e27.txt")
    assert sorted(d["line"] for d in found) == [143, 156]
    assert all("page 2" in d["message"] and "下转第二版" in d["message"] for d in found)


def test_text_report_lists_every_warning(provoked, capsys):
    assert main(["check", "--root", str(provoked)]) == 0
    out = capsys.readouterr().out
    for line in ("nobody.txt:5: warning: article without a body", "long.txt:1: warning: headline of 52 characters",
                 "unclassified.txt:1: warning: unclassified text", "nocity.txt: warning: no city",
                 "003_a8efb6ccf2241e27.txt:143: warning:", "nodate.txt: warning: issue date unknown"):
        assert line in out, line
    assert "exit code 0" in out
    assert main(["check", "--root", str(provoked), "--strict"]) == 1
    capsys.readouterr()


def test_ignore_acknowledges_a_provoked_warning(tmp_path, capsys):
    site = make_site(tmp_path, {"nocity.txt": PROVOKED["nocity.txt"], "nocity.yaml": "ignore: [unknown-city, no-date]\n"},
                     site_yaml=SITE_YAML)
    for seed in CORPUS.glob("*.yaml"):
        shutil.copy(seed, site / "corpus" / seed.name)
    code, data = check_json(capsys, site, "--strict")
    assert code == 0, [d for d in data["diagnostics"] if d["severity"] == "warning"]
    notes = [d for d in data["diagnostics"] if d["file"] == "nocity.txt"]
    assert {d["code"] for d in notes} == {"unknown-city", "no-date"}
    assert all(d["severity"] == "info" for d in notes)


def test_check_does_not_depend_on_the_working_directory(tmp_path, capsys, monkeypatch, published):
    monkeypatch.chdir(tmp_path)
    os.makedirs("empty")
    code, data = check_json(capsys, ROOT, "--strict")
    assert code == 0 and len(data["files"]) == len(SEEDS)
    assert os.listdir(tmp_path) == ["empty"]
