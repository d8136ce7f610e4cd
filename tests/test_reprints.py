"""Reprints across papers in a built site (``newsarchive.reprints``): 同文另见 on both
printings in both editions, the earliest marked, and a rebuild after a reprint is added or
deleted byte for byte a clean build.

The corpus: the seeds, whose 辽源日报 of 2021-10-22 prints the 人民日报 commentary
``服务越到位 群众越满意`` (seed 002, lines 126-130), and a 四平日报 page of three days later
that prints it again under another headline (``reprint_page``).
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

from newsarchive import reprints
from newsarchive.config import load_config
from newsarchive.pipeline import build, load_site

from parsekit import seed_lines
from sitekit import make_site
from test_incremental import assert_same_site, clean_build, run_build, snapshot

COMMENTARY = seed_lines("002", 126, 130)
ORIGINAL = "liaoyuan/2021/10/22/04/"  # 服务越到位 群众越满意 in the 辽源日报
REPRINT = "siping/2021/10/25/01/"
SIDECAR = "paper: 四平日报\ncity: 四平\ndate: 2021-10-25\npage: 1\n"


def reprint_page(title: str = "社区食堂暖人心", text: str = COMMENTARY) -> str:
    return f"四平日报\n\n2021年10月25日 星期一\n\n{title}\n\n{text}\n\n(转自《人民日报》)\n"


def with_reprint(tmp: Path) -> Path:
    return make_site(tmp, {"siping/2021-10-25/01.txt": reprint_page(), "siping/2021-10-25/01.yaml": SIDECAR})


def section(html: str) -> str:
    m = re.search(r'<section class="?reprints"?[ >].*?</section>', html, re.S)
    return m.group(0) if m else ""


def test_a_reprint_in_another_paper_is_found_and_linked_both_ways(tmp_path):
    site = with_reprint(tmp_path)
    built = run_build(site)
    first = built.files[ORIGINAL + "index.html"].decode()
    later = built.files[REPRINT + "index.html"].decode()
    assert "同文另见" in section(first) and "../../../../../siping/2021/10/25/01/" in section(first)
    assert "四平日报" in section(first) and "社区食堂暖人心" in section(first)
    assert "本篇是档案中最早的一次刊载" in section(first)
    assert "../../../../../liaoyuan/2021/10/22/04/" in section(later)
    assert "最早刊载（可能的出处）" in section(later) and "辽源日报" in section(later)
    assert re.search(r"同文 (9\d|100)%", section(later))
    assert "转自《人民日报》" in section(later)  # the source each printing states
    assert '"isBasedOn":"https://example.org/archive/liaoyuan/2021/10/22/04/"' in later  # compact JSON-LD (issue 16)
    assert "isBasedOn" not in first
    # the Traditional edition: converted, links inside the edition
    hant = built.files["zh-hant/" + REPRINT + "index.html"].decode()
    assert "同文另見" in section(hant) and "最早刊載" in section(hant)
    assert "../../../../../liaoyuan/2021/10/22/04/" in section(hant)  # from zh-hant/siping/…: zh-hant/liaoyuan/…


def test_articles_without_another_printing_have_no_section(tmp_path):
    built = run_build(make_site(tmp_path))
    pages = [k for k in built.files if re.fullmatch(r"[a-z]+/\d{4}/\d\d/\d\d/\d\d/index\.html", k)]
    assert pages and not any("同文另见" in built.files[k].decode() for k in pages)


def test_the_stage_result(tmp_path):
    site = with_reprint(tmp_path)
    config, _ = load_config(site)
    loaded, archive = load_site(config)
    found = reprints.for_build(config, archive, lambda issue: issue.pages)
    assert found.clusters == {ORIGINAL: [ORIGINAL, REPRINT]}
    assert found.text_id(REPRINT) == ORIGINAL and found.text_id(ORIGINAL) == ORIGINAL
    assert found.of[ORIGINAL]["earliest"] and not found.of[REPRINT]["earliest"]
    assert found.stats["added"] == found.stats["articles"] > 30 and found.stats["pairs"] == 1
    again = reprints.for_build(config, archive, lambda issue: issue.pages)  # nothing new: nothing matched
    assert again.stats["added"] == 0 and again.clusters == found.clusters and again.of == found.of


def test_adding_and_deleting_a_reprint_rebuilds_as_a_clean_build(tmp_path):
    site = make_site(tmp_path)
    run_build(site)
    page = site / "corpus" / "siping" / "2021-10-25" / "01.txt"
    page.parent.mkdir(parents=True)
    page.with_suffix(".yaml").write_text(SIDECAR, encoding="utf-8")
    page.write_text(reprint_page(), encoding="utf-8")
    added = run_build(site)
    assert "同文另见" in added.files[ORIGINAL + "index.html"].decode()
    assert_same_site(added, clean_build(site, tmp_path / "scratch"), "after a reprint was added")
    # the reprint edited into another text: the original's section goes
    page.write_text(reprint_page("另一篇", seed_lines("002", 132, 150)), encoding="utf-8")
    edited = run_build(site)
    assert "同文另见" not in edited.files[ORIGINAL + "index.html"].decode()
    assert_same_site(edited, clean_build(site, tmp_path / "scratch"), "after the reprint was edited away")
    page.write_text(reprint_page(), encoding="utf-8")
    run_build(site)
    page.unlink()
    page.with_suffix(".yaml").unlink()
    deleted = run_build(site)
    assert "同文另见" not in deleted.files[ORIGINAL + "index.html"].decode()
    assert_same_site(deleted, clean_build(site, tmp_path / "scratch"), "after the reprint was deleted")


def test_two_builds_are_identical(tmp_path):
    a = run_build(with_reprint(tmp_path / "a"))
    b = run_build(with_reprint(tmp_path / "b"))
    assert a.files == b.files


def test_a_damaged_or_foreign_index_is_discarded(tmp_path):
    site = with_reprint(tmp_path)
    first = run_build(site)
    config, _ = load_config(site)
    db = site / ".cache" / reprints.DB_NAME
    assert db.is_file()
    con = sqlite3.connect(db)
    con.execute("CREATE VIEW v AS SELECT 1")
    con.commit()
    con.close()
    result = build(config, clean=True)
    assert any(d.code == "cache-discarded" and "reprint" in d.message for d in result.load.diagnostics)
    assert snapshot(config.output_dir) == first.files
    db.write_bytes(b"not a database at all" * 10)
    result = build(config, clean=True)
    assert any(d.code == "cache-discarded" for d in result.load.diagnostics)
    assert snapshot(config.output_dir) == first.files
    (site / ".cache" / (reprints.DB_NAME + "-dirty")).touch()  # a sync that was killed half-way
    build(config, clean=True)
    assert snapshot(config.output_dir) == first.files


def test_reprints_false_builds_without_them(tmp_path):
    site = with_reprint(tmp_path)
    (site / "site.yaml").write_text("title: 测试档案\nbase_url: https://example.org/archive/\noutput: public\n"
                                    "reprints: false\n", encoding="utf-8")
    built = run_build(site)
    assert "同文另见" not in built.files[ORIGINAL + "index.html"].decode()
    assert not (site / ".cache" / reprints.DB_NAME).exists()
    shutil.rmtree(site / "public")


def test_open_data_carries_the_text_id(tmp_path):
    import json

    from sitekit import records_in

    site = with_reprint(tmp_path)
    built = run_build(site)
    recs = records_in(built.files)
    first, later, other = recs[ORIGINAL.rstrip("/")], recs[REPRINT.rstrip("/")], recs["liaoyuan/2021/10/22/01"]
    assert first["text_id"] == later["text_id"] == "liaoyuan/2021/10/22/04"
    assert other["text_id"] == other["id"]
    siping = [r for i, r in sorted(recs.items()) if i.startswith("siping/2021/")]
    assert siping[0]["text_id"] == "liaoyuan/2021/10/22/04"
    rows = []
    for shard in sorted((site / "public" / "data").glob("*/*.sqlite")):  # one file per paper and year
        con = sqlite3.connect(shard)
        rows += con.execute("SELECT id FROM articles WHERE text_id = ?", ("liaoyuan/2021/10/22/04",)).fetchall()
        assert con.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles_text'").fetchone()
        con.close()
    assert rows == [("liaoyuan/2021/10/22/04",), ("siping/2021/10/25/01",)]
    schema = json.loads(built.files["data/schema/article.schema.json"])
    assert "text_id" in schema["required"]


def test_a_sync_equals_a_fresh_index_when_fingerprints_become_and_stop_being_common(tmp_path, monkeypatch):
    """With ``COMMON`` at 1 a third printing makes every fingerprint of the text a "set
    phrase" (no pairs at all), and deleting it brings the pairs back: the kept index must
    re-match the old printings both times, as a fresh index would."""
    import dataclasses

    from newsarchive import reuse

    monkeypatch.setattr(reuse, "COMMON", 2)
    site = with_reprint(tmp_path)
    config, _ = load_config(site)

    def both():
        _, archive = load_site(config)
        kept = reprints.for_build(config, archive, lambda issue: issue.pages)
        fresh = reprints.for_build(dataclasses.replace(config, cache=f".fresh-{len(list(site.glob('.fresh-*')))}"),
                                   archive, lambda issue: issue.pages)
        assert kept.of == fresh.of and kept.clusters == fresh.clusters
        return kept

    assert both().clusters == {ORIGINAL: [ORIGINAL, REPRINT]}
    third = site / "corpus" / "baicheng" / "2021-10-26" / "01.txt"
    third.parent.mkdir(parents=True)
    third.with_suffix(".yaml").write_text(SIDECAR.replace("四平", "白城").replace("25", "26"), encoding="utf-8")
    third.write_text(reprint_page("又一家转载"), encoding="utf-8")
    assert both().clusters == {}  # three printings: every fingerprint of the text is in more than COMMON
    third.unlink()
    assert both().clusters == {ORIGINAL: [ORIGINAL, REPRINT]}


def test_fingerprints_made_in_forked_processes_find_what_one_process_finds(tmp_path, monkeypatch):
    """With ``workers`` the new articles' fingerprints are made in forked processes (issues
    spread over them); the pairs, clusters and index are those of the in-process stage, and
    the caller's SQLite handles are released before the fork."""
    import dataclasses

    from newsarchive import forks

    if not forks.can_fork():
        import pytest

        pytest.skip("this platform does not fork")
    site = with_reprint(tmp_path)
    config, _ = load_config(site)
    _, archive = load_site(config)
    one = reprints.for_build(config, archive, lambda issue: issue.pages)
    monkeypatch.setattr(reprints, "PARALLEL_MIN_ISSUES", 1)
    released = []
    forked = reprints.for_build(dataclasses.replace(config, cache=".forked"), archive, lambda issue: issue.pages,
                                release=lambda: released.append(True), workers=2)
    assert released == [True]
    assert forked.of == one.of and forked.clusters == one.clusters == {ORIGINAL: [ORIGINAL, REPRINT]}
    assert {k: v for k, v in forked.stats.items() if k != "seconds"} == {k: v for k, v in one.stats.items()
                                                                         if k != "seconds"}
    dumps = [sqlite3.connect(site / folder / reprints.DB_NAME).execute(
        "SELECT d.key, f.h, f.pos FROM fp f JOIN doc d ON d.id = f.doc ORDER BY 1, 2").fetchall()
        for folder in (config.cache, ".forked")]
    assert dumps[0] == dumps[1] and len(dumps[0]) > 100


def test_fingerprints_go_into_the_index_as_they_are_made(tmp_path, monkeypatch):
    """The stage does not hold every new article's fingerprints (100k articles' were 0.9 GB):
    each batch is added to the index before the next issue is fingerprinted."""
    from newsarchive import reuse

    site = with_reprint(tmp_path)
    config, _ = load_config(site)
    _, archive = load_site(config)
    events = []
    made = reprints._issue_prints

    def issue_prints(*args):
        events.append("made")
        return made(*args)

    add = reuse.Index.add

    def added(self, docs):
        docs = list(docs)
        if docs:
            events.append("added")
        return add(self, docs)

    monkeypatch.setattr(reprints, "_issue_prints", issue_prints)
    monkeypatch.setattr(reuse.Index, "add", added)
    monkeypatch.setattr(reprints, "ADD_BATCH", 1)
    found = reprints.for_build(config, archive, lambda issue: issue.pages)
    assert found.clusters == {ORIGINAL: [ORIGINAL, REPRINT]}
    assert events.count("made") > 2 and events[:4] == ["made", "added", "made", "added"]
