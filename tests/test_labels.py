"""Editors teach the parser their paper: labels beside the corpus, a site model trained on
them, check and build reporting what it learned (real commands on a copy of the corpus)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from newsarchive.cli import main
from newsarchive.config import load_config
from newsarchive.labels import article_lines, compare_parsed, label_yaml
from newsarchive import sitemodel

from parsekit import CORPUS, ROOT, by_headline, parse_text, seed_text

SHARED_GOLD = ROOT.parent / "shared" / "gold"
MISSED = "市政协调研组调研铁西城乡人居环境建设"  # 001:55, a kicker-headline pair the packaged model reads as body


@pytest.fixture
def site(tmp_path) -> Path:
    shutil.copytree(CORPUS, tmp_path / "corpus")
    (tmp_path / "site.yaml").write_text("title: 测试\n", encoding="utf-8")
    return tmp_path


def corrected(site: Path) -> Path:
    """What an editor does after `newsarchive label`: the labels, corrected (here: the page's gold)."""
    path = site / "labels" / "001_19937433ced9cdea.gold.yaml"
    head = path.read_text(encoding="utf-8").split("file:", 1)[0]
    gold = yaml.safe_load((CORPUS.parent / "src/newsarchive/data/labelled/seeds/001_19937433ced9cdea.gold.yaml")
                          .read_text(encoding="utf-8"))
    path.write_text(head + yaml.safe_dump(gold, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_label_writes_todays_parse_to_correct(site, capsys):
    assert main(["label", "--root", str(site), str(site / "corpus" / "001_19937433ced9cdea.txt")]) == 0
    path = site / "labels" / "001_19937433ced9cdea.gold.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Labels of 001_19937433ced9cdea.txt")
    data = yaml.safe_load(text)
    assert data["file"] == "001_19937433ced9cdea.txt" and data["city"] == "四平"
    first = data["articles"][0]
    assert (first["headline"], first["byline"], first["authors"]) == (
        "凝聚红色力量 激发治理活力", "本报通讯员 周维维", ["周维维"])
    assert first["body_start"].startswith("年初以来")
    # the labels agree with the parse they were written from
    pf = parse_text(seed_text("001"))
    assert compare_parsed(pf, data, article_lines(text)).disagreements == []
    # an editor's labels are never overwritten without --force
    assert main(["label", "--root", str(site), str(site / "corpus" / "001_19937433ced9cdea.txt")]) == 2
    assert "labels exist" in capsys.readouterr().err
    assert main(["label", "--root", str(site), str(ROOT / "README.md")]) == 2
    assert "not a page of the corpus" in capsys.readouterr().err


def test_label_folds_in_sidecar_corrections(site):
    (site / "corpus" / "004_f8edca899a2622ab.yaml").write_text(
        "articles:\n  - match: 快乐暑假\n    kicker: 快乐暑假\n    headline: 共青团白城市委组织留守儿童城市体验活动\n",
        encoding="utf-8")
    assert main(["label", "--root", str(site), str(site / "corpus" / "004_f8edca899a2622ab.txt")]) == 0
    data = yaml.safe_load((site / "labels" / "004_f8edca899a2622ab.gold.yaml").read_text(encoding="utf-8"))
    assert any(a["headline"] == "共青团白城市委组织留守儿童城市体验活动" and a["kicker"] == "快乐暑假"
               for a in data["articles"])


def test_a_labelled_page_teaches_the_site_model(site, capsys):
    pf = parse_text(seed_text("001"))
    assert MISSED not in [a.headline for a in pf.articles]  # the packaged model misses it
    main(["label", "--root", str(site), str(site / "corpus" / "001_19937433ced9cdea.txt")])
    corrected(site)
    assert main(["train", "--root", str(site)]) == 0
    out = capsys.readouterr().out
    assert "trained on 1 labelled page(s)" in out and "headline F1 1.000 on its own labels" in out
    config, _ = load_config(site)
    model = sitemodel.prepare(config)
    assert not model.trained  # from the cache: the labels did not change
    try:
        pf = parse_text(seed_text("001"))
        art = by_headline(pf, MISSED)
        assert art.kicker == "发挥自身优势 提升建设水平"
    finally:
        from newsarchive.parse import roles

        roles.use(None)


def test_build_trains_once_and_reports_the_model(site, capsys):
    main(["label", "--root", str(site), str(site / "corpus" / "001_19937433ced9cdea.txt")])
    corrected(site)
    assert main(["build", "--root", str(site)]) == 0
    out = capsys.readouterr().out
    assert "role model: trained now with 1 labelled page(s)" in out
    assert (site / "public" / "siping").is_dir()
    html = "".join(p.read_text(encoding="utf-8") for p in (site / "public").rglob("index.html"))
    assert MISSED in html
    # unchanged labels: not retrained (the stamp even makes the build a no-op)
    assert main(["build", "--root", str(site)]) == 0
    assert "trained now" not in capsys.readouterr().out
    # changed labels: retrained
    path = site / "labels" / "001_19937433ced9cdea.gold.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert main(["build", "--root", str(site)]) == 0
    assert "role model: trained now" in capsys.readouterr().out
    from newsarchive.parse import roles

    roles.use(None)


def test_check_warns_where_a_labelled_page_disagrees(site, capsys):
    main(["label", "--root", str(site), str(site / "corpus" / "004_f8edca899a2622ab.txt")])
    path = site / "labels" / "004_f8edca899a2622ab.gold.yaml"
    text = path.read_text(encoding="utf-8").replace("headline: 快乐暑假", "headline: 快乐的暑假")
    path.write_text(text, encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "快乐的暑假" in ln)
    assert main(["check", "--root", str(site)]) == 0
    out = capsys.readouterr().out
    assert f"labels/004_f8edca899a2622ab.gold.yaml:{line}: warning: parse and labels disagree: the parse misses " \
           f"the headline '快乐的暑假'" in out
    assert main(["check", "--root", str(site), "--strict"]) == 1
    from newsarchive.parse import roles

    roles.use(None)


def test_a_site_without_labels_uses_the_packaged_model(site):
    from newsarchive.parse import roles

    config, _ = load_config(site)
    model = sitemodel.prepare(config)
    assert model.roles is roles.packaged() and not model.labelled
    assert not (site / ".cache" / "model").exists()


def test_label_yaml_round_trips_through_the_gold_format():
    pf = parse_text(seed_text("002"))
    data = yaml.safe_load(label_yaml(pf, "002.txt"))
    assert set(data) == {"file", "paper", "city", "date", "date_evidence", "issue_number", "articles"}
    assert data["date"] == "2021-10-22" and data["issue_number"] == 8381
    assert compare_parsed(pf, data).disagreements == []


def test_a_site_model_that_reads_held_out_labels_worse_is_not_used(monkeypatch):
    # with two or more labelled pages the site model is checked on pages held out of its
    # training against the model without the site's labels; it must beat it to be used
    from newsarchive import labels as labels_mod
    from newsarchive.parse import roles, train

    packaged = roles.packaged()
    site_bytes = packaged.model + b""  # the "site model": same weights, its own metadata
    monkeypatch.setattr(train, "fit_site", lambda pk, site, params=None: (site_bytes, {"site_pages": ["a", "b"]}))
    monkeypatch.setattr(sitemodel, "_fresh", lambda p: p)

    def with_scores(held_out: float, baseline_hits: int):
        monkeypatch.setattr(sitemodel, "scores",
                            lambda pages, data, meta, pk=None: {"pages": 2, "own": 1.0, "held_out": held_out, "folds": 2})
        monkeypatch.setattr(labels_mod, "compare", lambda p, m: labels_mod.Comparison(
            matched=baseline_hits, gold=4, predicted=4))
        return sitemodel.select([], ["a", "b"], packaged)

    worse = with_scores(0.5, 3)  # the baseline finds 3 of 4 headlines: 0.75
    assert worse.meta["site_scores"]["used"] == "baseline" and worse.meta["site_scores"]["baseline"] == 0.75
    assert "site_key" not in worse.meta and worse.model == packaged.model
    tie = with_scores(0.75, 3)
    assert tie.meta["site_scores"]["used"] == "baseline"  # the site model must earn its place
    better = with_scores(0.9, 3)
    assert better.meta["site_scores"]["used"] == "site" and better.meta["site_pages"] == ["a", "b"]


def test_a_labelled_page_read_differently_says_what_to_do_whichever_model_the_site_uses(site):
    # with the site's own model, training again (with another page like it) is the way; where
    # the site parses with the packaged model because the site model read the held-out labels
    # worse, training again changes nothing, and the hint says what does
    from newsarchive.labels import label_diagnostics
    from newsarchive.parse import roles, train

    main(["label", "--root", str(site), str(site / "corpus" / "004_f8edca899a2622ab.txt")])
    path = site / "labels" / "004_f8edca899a2622ab.gold.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("headline: 快乐暑假", "headline: 快乐的暑假"),
                    encoding="utf-8")
    config, _ = load_config(site)
    pages = [train.load_page(site / "corpus" / "004_f8edca899a2622ab.txt", path)]
    packaged = roles.packaged()
    site_model = roles.Roles(packaged.model, {**packaged.meta, "site_scores": {"used": "site"}})
    kept = roles.Roles(packaged.model, {**packaged.meta, "site_scores": {"used": "baseline", "baseline": 0.9}})
    own = label_diagnostics(config, pages, site_model)
    base = label_diagnostics(config, pages, kept)
    assert any("快乐的暑假" in d.message for d in own) and [d.message for d in own] == [d.message for d in base]
    assert all("run `newsarchive train`" in d.hint for d in own)
    assert all("`newsarchive train`" not in d.hint and "label more pages of this layout" in d.hint and "sidecar" in d.hint
               for d in base)
