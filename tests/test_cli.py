"""The command line, run in-process: ``parse`` (outline and ``--json``) and ``build``."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

import newsarchive
from newsarchive.write import wait_cleanup
from newsarchive.cli import main

from parsekit import SEEDS

SEED_002 = next(p for p in SEEDS if p.name.startswith("002"))
SEED_004 = next(p for p in SEEDS if p.name.startswith("004"))

CONTRACT_FILE = {"file", "paper", "city", "date", "issue_number", "articles"}
CONTRACT_ARTICLE = {"headline", "kicker", "subheadline", "byline", "authors", "source", "kind", "body", "continued"}


@pytest.fixture(autouse=True)
def _cwd(tmp_path, monkeypatch):
    """Run from an empty folder, so no site.yaml of the checkout is read."""
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)


def test_parse_outline_names_headline_byline_and_date(capsys):
    assert main(["parse", str(SEED_002)]) == 0
    out = capsys.readouterr().out
    assert SEED_002.name in out
    assert "date 2021-10-22 [masthead] 星期五" in out
    assert "总第8381期" in out and "今日4版" in out
    assert "[news] 党史学习教育中央第二督导组到我市调研指导" in out
    assert "byline: 本报讯(记者 王茵)   authors: 王茵" in out
    assert "[commentary] 弘扬红岩精神，赓续红色血脉" in out
    assert "1 files parsed, 0 failed" in out


def test_parse_json_has_the_contract_fields(capsys):
    assert main(["parse", "--json", str(SEED_002), str(SEED_004)]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["file"] for r in records] == [SEED_002.name, SEED_004.name]
    for rec in records:
        assert CONTRACT_FILE <= rec.keys()
        assert rec["articles"]
        for art in rec["articles"]:
            assert CONTRACT_ARTICLE <= art.keys()
            assert isinstance(art["authors"], list) and isinstance(art["body"], list)
            assert art["kind"] in {"news", "commentary", "feature", "notice", "photo", "other"}
    first = records[0]
    assert (first["paper"], first["city"], first["date"], first["issue_number"]) == ("辽源日报", "辽源", "2021-10-22", 8381)
    lead = first["articles"][0]
    assert (lead["headline"], lead["byline"], lead["authors"]) == ("党史学习教育中央第二督导组到我市调研指导", "本报讯(记者 王茵)", ["王茵"])
    assert records[1]["date"] is None and records[1]["city"] == "白城"


def test_parse_missing_path_exits_2(capsys, tmp_path):
    missing = tmp_path / "no-such-page.txt"
    assert main(["parse", str(missing)]) == 2
    err = capsys.readouterr().err
    assert "no-such-page.txt" in err
    assert "no such file or folder" in err


def test_parse_missing_path_does_not_stop_the_others(capsys, tmp_path):
    assert main(["parse", "--json", str(tmp_path / "gone.txt"), str(SEED_004)]) == 2
    captured = capsys.readouterr()
    assert [r["file"] for r in json.loads(captured.out)] == [SEED_004.name]
    assert "gone.txt" in captured.err


# --- build ------------------------------------------------------------------------------------------


def make_site(root: Path) -> Path:
    (root / "corpus").mkdir(parents=True)
    for seed in (SEED_002, SEED_004):
        shutil.copy(seed, root / "corpus" / seed.name)
    (root / "site.yaml").write_text("output: out\n", encoding="utf-8")
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_site_and_data(tmp_path, capsys):
    site = make_site(tmp_path / "site")
    assert main(["build", "--root", str(site)]) == 0
    out = site / "out"
    records = sorted(out.rglob("issue.json"))
    assert len(records) == 2
    loaded = [json.loads(p.read_text(encoding="utf-8")) for p in records]
    assert sorted(pg["file"] for r in loaded for pg in r["pages"]) == sorted([SEED_002.name, SEED_004.name])
    from sitekit import article_records

    assert article_records(out)
    for rec in article_records(out).values():
        assert {"headline", "kicker", "subheadline", "byline", "authors", "source", "kind", "body",
                "continued"} <= rec.keys()
    assert (out / "index.html").is_file()
    assert "2 files parsed, 0 failed" in capsys.readouterr().out


def test_build_twice_is_byte_identical(tmp_path):
    site = make_site(tmp_path / "site")
    assert main(["build", "--root", str(site)]) == 0
    first = snapshot(site / "out")
    assert main(["build", "--root", str(site)]) == 0
    second = snapshot(site / "out")
    assert sorted(first) == sorted(second)
    changed = [name for name in first if first[name] != second[name]]
    assert not changed, f"files differ between two builds of the same input: {changed[:10]}"
    # No temporary or old folders are left beside the output (old outputs go in the background).
    wait_cleanup()
    # .cache: parsed records and OpenCC; .out.manifest: what the output holds (for incremental rebuilds)
    assert sorted(p.name for p in site.iterdir()) == [".cache", ".out.manifest", "corpus", "out", "site.yaml"]


def _patch_everywhere(monkeypatch, name: str, original, replacement) -> int:
    """Replace ``name`` in every loaded newsarchive module that imported ``original``."""
    patched = 0
    for mod in list(sys.modules.values()):
        if getattr(mod, "__name__", "").startswith(newsarchive.__name__) and getattr(mod, name, None) is original:
            monkeypatch.setattr(mod, name, replacement)
            patched += 1
    return patched


def test_failing_build_leaves_the_previous_output_intact(tmp_path, monkeypatch):
    site = make_site(tmp_path / "site")
    assert main(["build", "--root", str(site)]) == 0
    before = snapshot(site / "out")

    calls = []
    from newsarchive import data

    original = data.article_record

    def fails_after_the_first_article(*args, **kwargs):
        calls.append(1)
        if len(calls) > 1:
            raise RuntimeError("disk full (simulated)")
        return original(*args, **kwargs)

    # article records are made with each issue's pages: a failure there is a build half-way
    # (without the cache, whose SQLite working copy would otherwise hold every row already)
    assert _patch_everywhere(monkeypatch, "article_record", original, fails_after_the_first_article) >= 1
    shutil.rmtree(site / ".cache")
    with pytest.raises(RuntimeError, match="simulated"):
        main(["build", "--clean", "--root", str(site)])
    assert len(calls) == 2
    assert snapshot(site / "out") == before
    wait_cleanup()
    leftovers = sorted(p.name for p in site.iterdir() if p.name not in {"corpus", "out", "site.yaml", ".cache", ".out.manifest"})
    assert not leftovers, f"temporary folders left behind: {leftovers}"
