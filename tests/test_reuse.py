"""Text reuse (``newsarchive.reuse``): reprints are found whatever a paper did to the text,
and shared phrases or quotations are not taken for reprints.

The texts are real: the 人民日报 commentary that seed 002 reprints (``服务越到位 群众越满意``,
lines 126-130, ``(转自《人民日报》)``) and other articles of the seeds.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive import reuse

from parsekit import HYPOTHESIS_EXAMPLES, seed_lines

COMMENTARY = seed_lines("002", 126, 130)  # 服务越到位 群众越满意: three paragraphs, reprinted
OTHER = seed_lines("002", 132, 150)  # 以文艺活动为抓手…: another article of the same page
LEAD = seed_lines("002", 34, 42)  # 党史学习教育中央第二督导组到我市调研指导


def ocr(text: str, rate: float, seed: int) -> str:
    """``text`` with ``rate`` of its Han characters replaced by others, as OCR errs."""
    rng = random.Random(seed)
    pool = [c for c in OTHER if "\u4e00" <= c <= "\u9fff"]
    return "".join(rng.choice(pool) if "\u4e00" <= c <= "\u9fff" and rng.random() < rate else c for c in text)


def pair(a: str, b: str):
    index = reuse.Index()
    prints = {"a": reuse.fingerprints(a), "b": reuse.fingerprints(b)}
    index.add((k, p.at) for k, p in prints.items())
    return reuse.pairs(index, prints)


def test_the_texts_are_what_the_tests_say():
    assert "服务越到位" in COMMENTARY and "(转自《人民日报》)" in COMMENTARY
    assert OTHER.startswith("以文艺活动为抓手") and LEAD.startswith("本报讯")


def test_a_retitled_trimmed_rebroken_reprint_with_ocr_errors_is_found():
    paras = [p for p in COMMENTARY.split("\n") if p.strip()]
    # retitled, the last paragraph trimmed, a paragraph broken by a column break, 3 % OCR errors
    reprint = "社区养老暖人心\n\n" + ocr(paras[1][:60] + "\n\n" + paras[1][60:] + "\n" + paras[2], 0.03, 1)
    (p,) = pair(COMMENTARY, reprint)
    assert p.share_b >= 0.8  # nearly all of the reprint is the commentary's text
    assert 0.5 <= p.share_a < 1.0  # most of the commentary is in the reprint, not all of it


def test_reordered_paragraphs_are_the_same_text():
    paras = [p for p in COMMENTARY.split("\n") if p.strip()]
    (p,) = pair(COMMENTARY, "\n".join(reversed(paras)))
    assert p.share_a >= 0.9 and p.share_b >= 0.9


def test_different_articles_of_one_page_are_not_reprints():
    # same paper, same day, same set phrases (我为群众办实事, 党史学习教育 …), different texts
    assert pair(COMMENTARY, OTHER) == []
    assert pair(LEAD, OTHER) == []


def test_a_long_quotation_in_a_longer_article_is_not_a_reprint():
    quote = "习近平总书记强调:“满足老年人多方面需求,让老年人能有一个幸福美满的晚年,是各级党委和政府的重要责任。”"
    assert quote in COMMENTARY
    # the quotation is shared text, but it is far less than half of either article
    assert pair(OTHER + quote + LEAD, COMMENTARY) == []


def test_a_short_brief_that_is_a_trimmed_reprint_is_found():
    brief = COMMENTARY.split("\n")[0][:120]  # only the opening of the commentary
    (p,) = pair(COMMENTARY, brief)
    assert p.share_b >= 0.8  # the ends of a passage are counted only to its outer fingerprints


def test_fingerprints_ignore_white_space_punctuation_and_full_width_forms():
    a = reuse.fingerprints("家门口就能吃上可口饭菜,不仅品种丰富,价格还实惠……如今2021年")
    b = reuse.fingerprints("家门口就能吃上可口饭菜，不仅品种\n\n丰富，价格　还实惠……如今２０２１年")
    assert a == b


def test_clusters_join_chains_and_are_named_by_the_earliest_printing():
    pairs = [reuse.Pair("b", "c", 9, 0.9, 0.9), reuse.Pair("a", "b", 9, 0.9, 0.9), reuse.Pair("x", "y", 9, 1, 1)]
    order = {"a": (2021, 5), "b": (2021, 3), "c": (2021, 4), "x": (2020, 1), "y": (2019, 1)}
    assert reuse.clusters(pairs, order) == {"y": ["y", "x"], "b": ["b", "c", "a"]}


def test_matching_one_issue_equals_matching_everything():
    texts = {"commentary": COMMENTARY, "other": OTHER, "lead": LEAD,
             "reprint": ocr(COMMENTARY, 0.02, 3), "reprint2": ocr(COMMENTARY[40:], 0.01, 4)}
    prints = {k: reuse.fingerprints(t) for k, t in texts.items()}
    index = reuse.Index()
    index.add((k, p.at) for k, p in prints.items())
    everything = reuse.pairs(index, prints)
    assert {(p.a, p.b) for p in everything} == {("commentary", "reprint"), ("commentary", "reprint2"),
                                              ("reprint", "reprint2")}
    # a new issue: its articles are removed, added again and matched against the index alone
    index.remove(["reprint2"])
    index.add([("reprint2", prints["reprint2"].at)])
    assert reuse.pairs(index, prints, ["reprint2"]) == [p for p in everything if "reprint2" in (p.a, p.b)]


def test_the_index_is_kept_in_a_file_between_builds(tmp_path):
    db = tmp_path / "reuse.sqlite"
    prints = {"a": reuse.fingerprints(COMMENTARY), "b": reuse.fingerprints(ocr(COMMENTARY, 0.02, 5))}
    first = reuse.Index(db)
    first.add((k, p.at) for k, p in prints.items())
    found = reuse.pairs(first, prints)
    first.close()
    again = reuse.Index(db)
    assert again.keys() == {"a", "b"}
    assert reuse.pairs(again, prints) == found and len(found) == 1


@settings(max_examples=min(HYPOTHESIS_EXAMPLES, 60), deadline=None)
@given(st.integers(0, 10_000), st.floats(0.0, 0.03), st.integers(0, 2))
def test_any_noisy_copy_of_a_real_article_is_found(seed, rate, trim):
    paras = [p for p in (OTHER + "\n" + LEAD).split("\n") if p.strip()]
    kept = paras[trim:] if trim else paras  # up to two opening paragraphs trimmed
    rng = random.Random(seed)
    rng.shuffle(kept)  # paragraphs in another order
    copy = ocr("\n\n".join(kept), rate, seed)
    (p,) = pair("\n".join(paras), copy)
    assert p.share_b >= 0.5
