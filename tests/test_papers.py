"""Tests for the papers registry (newsarchive.papers and data/papers.yaml)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsarchive.papers import CityVote, Paper, Registry, load_registry

SEEDS = Path(__file__).resolve().parents[1] / "corpus"
"""The seed pages, in the repository (the same bytes as shared/seeds): never absent."""

JILIN_CITIES = {
    "长春": "长春日报",
    "吉林": "江城日报",
    "四平": "四平日报",
    "辽源": "辽源日报",
    "通化": "通化日报",
    "白山": "白山日报",
    "松原": "松原日报",
    "白城": "白城日报",
    "延边": "延边日报",
}

LIAOYUAN_MASTHEAD = (
    "吉D微风\n\nLIAO YUAN RI BAO\n\n2021年10月22日 星期五\n辛丑年九月十七 九月十八日\n\n"
    "总第8381期 今日4版\n\n国内统一刊号:CN22-0010 E-mail:jl_lyrb@126.com\n\n"
    "中共辽源市委主管主办 辽源日报社出版"
)

BODY = (
    "本报讯(记者 王茵)10月20日至21日,党史学习教育中央第二督导组副组长朱虹率队到我市调研指导工作。\n"
    "调研期间,朱虹一行与市委党史学习教育领导小组办公室相关负责同志座谈交流。"
)


@pytest.fixture(scope="module")
def reg() -> Registry:
    return load_registry()


# -- the data ------------------------------------------------------------------------------------


def test_every_jilin_city_has_exactly_one_city_paper(reg):
    for city, name in JILIN_CITIES.items():
        papers = [p for p in reg.papers if p.role == "city" and p.city == city]
        assert [p.name for p in papers] == [name], city
        assert reg.by_city(city) is papers[0]
        assert reg.by_city(city + "市") is papers[0]


def test_reprint_sources_exist(reg):
    assert reg.by_name("吉林日报").role == "provincial"
    assert reg.by_name("吉林日报").city is None
    assert reg.by_name("人民日报").role == "national"


def test_slugs_are_ascii_and_unique(reg):
    slugs = [p.slug for p in reg.papers]
    assert len(slugs) == len(set(slugs))
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", s) for s in slugs)
    assert reg.by_slug("liaoyuan").name == "辽源日报"


def test_city_papers_have_places_including_the_city_name(reg):
    for p in reg.papers:
        if p.role != "city":
            continue
        assert p.places, p.name
        if p.city != "吉林":
            assert p.city in p.places, p.name
    assert "吉林" not in reg.by_city("吉林").places
    assert "吉林市" in reg.by_city("吉林").places


def test_places_are_not_shared_between_cities(reg):
    seen: dict[str, str] = {}
    for p in reg.papers:
        for place in p.places:
            assert seen.setdefault(place, p.name) == p.name, place


def test_by_name_accepts_name_or_publisher(reg):
    assert reg.by_name("辽源日报").slug == "liaoyuan"
    assert reg.by_name("辽源日报社").slug == "liaoyuan"
    assert reg.by_name("辽源") is None


def test_registry_is_immutable(reg):
    with pytest.raises(AttributeError):
        reg.papers = ()
    with pytest.raises((AttributeError, TypeError)):
        reg.papers[0].name = "x"  # type: ignore[misc]


# -- masthead ------------------------------------------------------------------------------------


def test_match_masthead_on_real_liaoyuan_masthead(reg):
    assert reg.match_masthead(LIAOYUAN_MASTHEAD).name == "辽源日报"


def test_match_masthead_on_body_text_is_none(reg):
    assert reg.match_masthead(BODY) is None
    assert reg.match_masthead("") is None


@pytest.mark.parametrize("text", [
    "国内统一刊号:CN 22-0010",
    "国内统一刊号：ＣＮ２２－００１０",  # full-width
    "cn22-0010",
])
def test_match_masthead_by_cn_number_variants(reg, text):
    assert reg.match_masthead(text).name == "辽源日报"


def test_match_masthead_by_pinyin_publisher_and_name(reg):
    assert reg.match_masthead("Liao-Yuan Ri Bao\n2021年").name == "辽源日报"
    assert reg.match_masthead("白城日报社出版").name == "白城日报"
    assert reg.match_masthead("四平日报\n2021年5月1日").name == "四平日报"


def test_match_masthead_byline_of_reprint_does_not_name_the_paper(reg):
    assert reg.match_masthead("《人民日报》评论员\n" + BODY) is None


def test_match_masthead_cn_beats_a_weaker_match(reg):
    assert reg.match_masthead(LIAOYUAN_MASTHEAD + "\n吉林日报社").name == "辽源日报"


def test_match_masthead_tie_is_none(reg):
    assert reg.match_masthead("辽源日报社 白城日报社") is None


# -- city votes ----------------------------------------------------------------------------------


def test_longer_place_wins_over_its_substring(reg):
    votes = reg.vote_city("辽源市 辽源市 辽源")
    assert [v.paper.name for v in votes] == ["辽源日报"]
    assert votes[0].score == 3
    assert dict(votes[0].hits) == {"辽源市": 2, "辽源": 1}


def test_jilin_province_gives_no_vote_for_jilin_city(reg):
    text = "吉林省委 吉林省政府 据吉林日报报道 吉林日报社 吉林省 全省 吉林 打开吉林市场"
    assert all(v.paper.city != "吉林" for v in reg.vote_city(text))
    assert reg.vote_city(text) == []
    assert reg.best_city(text) is None
    assert reg.vote_city("吉林市船营区")[0].paper.name == "江城日报"


def test_not_places_are_not_counted(reg):
    assert reg.vote_city("长白山 白山松水 四平八稳") == []


def test_vote_order_is_deterministic(reg):
    votes = reg.vote_city("白城 四平 辽源市 辽源")
    assert [v.paper.name for v in votes] == ["辽源日报", "四平日报", "白城日报"]
    assert all(isinstance(v, CityVote) and v.score > 0 for v in votes)


def test_best_city_needs_score_and_margin(reg):
    assert reg.best_city("辽源") is None  # score 1 < 2
    assert reg.best_city("辽源 辽源 白城 白城") is None  # no margin
    assert reg.best_city("辽源 辽源 辽源 白城 白城").paper.city == "辽源"  # 3 >= 1.5 * 2
    assert reg.best_city("辽源 辽源 辽源 白城 白城", min_margin=2) is None
    assert reg.best_city("无关的文字") is None


@pytest.mark.parametrize("prefix, city", [
    ("000_", "辽源"),  # reprints a 吉林日报 article naming 通化 and 长春市
    ("001_", "四平"),
    ("002_", "辽源"),
    ("003_", "辽源"),
    ("004_", "白城"),
])
def test_best_city_on_seed_files(reg, prefix, city):
    files = sorted(SEEDS.glob(f"{prefix}*.txt"))
    assert len(files) == 1, f"seed {prefix}*.txt missing from {SEEDS}"
    best = reg.best_city(files[0].read_text(encoding="utf-8"))
    assert best is not None and best.paper.city == city


# -- loading -------------------------------------------------------------------------------------


def test_load_registry_is_stable_and_packaged(reg, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the packaged file is found without the cwd
    again = load_registry()
    assert again.papers == reg.papers
    assert reg.by_name("辽源日报").cn == "CN22-0010"


def test_load_registry_extra_adds_and_overrides():
    reg = load_registry(extra=[
        {"name": "梅河口日报", "slug": "meihekou", "city": "梅河口市", "role": "city",
         "places": ["梅河口新区"]},
        {"name": "白城日报", "cn": "cn 22-0099"},
    ])
    added = reg.by_name("梅河口日报")
    assert isinstance(added, Paper)
    assert added.slug == "meihekou" and added.city == "梅河口"
    assert reg.papers[-1] is added
    assert reg.by_city("梅河口市") is added
    assert reg.vote_city("梅河口新区 梅河口新区")[0].paper is added
    baicheng = reg.by_name("白城日报")
    assert baicheng.cn == "CN22-0099"
    assert baicheng.slug == "baicheng" and "洮南市" in baicheng.places  # untouched fields kept
    # the packaged registry itself is unchanged
    assert load_registry().by_name("白城日报").cn is None
    assert load_registry().by_name("梅河口日报") is None


def test_load_registry_extra_adds_a_non_city_paper():
    reg = load_registry(extra=[{"name": "新文化报", "slug": "xinwenhua", "role": "provincial"}])
    assert reg.by_slug("xinwenhua").name == "新文化报"


@pytest.mark.parametrize("entry, fragment", [
    ({"name": "坏报", "slug": "Bad Slug", "role": "national"}, "slug"),
    ({"name": "坏报", "slug": "-bad", "role": "national"}, "slug"),
    ({"name": "坏报", "role": "national"}, "slug"),
    ({"name": "坏报", "slug": "huaibao", "role": "weekly"}, "role"),
    ({"name": "坏报", "slug": "liaoyuan", "role": "national"}, "liaoyuan"),
    ({"name": "坏报", "slug": "huaibao", "role": "city"}, "city"),
    ({"name": "坏报", "slug": "huaibao", "city": "通化", "role": "city"}, "通化"),
    ({"name": "坏报", "slug": "huaibao", "role": "national", "cn": "22-10"}, "cn"),
    ({"name": "坏报", "slug": "huaibao", "role": "national", "marker": ["x"]}, "marker"),
    ({"name": "坏报", "slug": "huaibao", "role": "national", "markers": "x"}, "markers"),
    ({"name": "坏报", "slug": "huaibao", "city": "梅河口", "role": "city", "places": ["辽源"]}, "辽源"),
])
def test_load_registry_rejects_bad_entries(entry, fragment):
    with pytest.raises(ValueError) as err:
        load_registry(extra=[entry])
    assert "坏报" in str(err.value)
    assert fragment in str(err.value)


def test_load_registry_bad_slug_override_names_the_entry():
    with pytest.raises(ValueError, match="辽源日报.*slug"):
        load_registry(extra=[{"name": "辽源日报", "slug": "Liao Yuan"}])


def test_load_registry_entry_without_name():
    with pytest.raises(ValueError, match="extra entry 1.*name"):
        load_registry(extra=[{"slug": "noname", "role": "national"}])


def _flat_place_pattern(alternatives):
    return "|".join(map(re.escape, alternatives))


def test_the_place_pattern_grouped_by_first_character_matches_as_the_flat_alternation():
    """``_place_pattern`` groups the place names by their first character; what it matches,
    and where, is what the flat alternation of the names (longest first) matches."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from newsarchive.papers import _place_pattern

    reg = load_registry()
    names = sorted({p for paper in reg.papers for p in paper.places}, key=lambda s: (-len(s), s))
    synthetic = sorted({"辽源市", "辽源", "辽", "东丰", "东丰县", "东", "a.b", "a+b", "(x)", "x"}, key=lambda s: (-len(s), s))
    assert reg._place_re.pattern == _place_pattern(sorted(set(reg._place_of) | set(reg._not_places),
                                                          key=lambda s: (-len(s), s)))
    for alts in (names, synthetic):
        grouped, flat = re.compile(_place_pattern(alts)), re.compile(_flat_place_pattern(alts))
        chars = "".join(sorted(set("".join(alts)))) + "的市县 "

        @settings(max_examples=400, deadline=None)
        @given(st.lists(st.one_of(st.sampled_from(alts), st.text(alphabet=chars, max_size=3)), max_size=12))
        def same(parts):
            text = "".join(parts)
            assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in flat.finditer(text)]

        same()
