"""Pages set in columns side by side (``pdftotext -layout``) read column by column
(``parse/layout.py``), on real snippets."""

from __future__ import annotations

import pytest

from newsarchive.model import Line
from newsarchive.parse.layout import columns
from newsarchive.parse.reflow import page_units
from newsarchive.parse.train import labelled_pages, packaged_folder
from newsarchive.sources import decode, split_lines

from parsekit import assert_placed_once, by_headline, parse_text, seed_text, set_in_column

# seed 004: two stories, each a title, a dateline lead, and (the second) one more paragraph
LEAD1 = "本报讯(柏博)夏季治安打击整治“百日行动”开展以来,白城公安食药环侦部门坚持严打严治、以专对专,依法严厉打击食品药品、生态环境、知识产权领域违法犯罪。"
LEAD2 = "本报讯(记者张磊)近日,由白城市美术馆、白城市博物馆主办的“烫”出最美夕阳红——王继皋木板烫画展,在白城市文化中心拉开帷幕。"
MORE2 = "王继皋现年75岁,退休前是白城发电厂的一名工程师。20世纪70年代开始,他拿起电烙铁在木板上开始琢磨烫画。"


LEFT = "\n".join(["白城公安“百日行动”取得阶段性成果", "", *set_in_column(LEAD1, 13)])
RIGHT = "\n".join(["白城市文化中心举办烫画展", "", *set_in_column(LEAD2, 13), *set_in_column(MORE2, 13)])
TITLE = "政务之窗·微白城"


def side_by_side(left: str, right: str, gutter: int = 4) -> str:
    """Two columns as ``pdftotext -layout`` prints them: the left one padded with spaces."""
    a, b = left.split("\n"), right.split("\n")
    width = max(len(x) for x in a)
    rows = []
    for k in range(max(len(a), len(b))):
        x = a[k] if k < len(a) else ""
        y = b[k] if k < len(b) else ""
        rows.append((x.ljust(width) + " " * gutter + y).rstrip())
    return "\n".join(rows)


def test_no_labelled_page_is_read_as_columns():
    for page in labelled_pages(packaged_folder()):
        text = decode(page.raw_path.read_bytes(), page.raw_path.name).text
        assert columns(split_lines(text)) is None, page.name
        # nor with its blank lines removed, as many dumps print it
        assert columns(split_lines("\n".join(t for t in text.split("\n") if t.strip()))) is None, page.name


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_a_seed_page_as_printed_is_not_columns(prefix):
    assert columns(split_lines(seed_text(prefix))) is None


def test_a_page_set_side_by_side_is_read_as_its_columns_one_after_the_other():
    text = TITLE + "\n\n" + side_by_side(LEFT, RIGHT)
    assert any("本报讯(柏博)" in row and "本报讯(记者张磊)" in row for row in text.split("\n"))
    units = page_units(split_lines(text))
    stacked = page_units(split_lines(TITLE + "\n\n" + LEFT + "\n\n" + RIGHT))
    assert [u.text for u in units] == [u.text for u in stacked]
    texts = [u.text for u in units]
    assert texts[:4] == [TITLE, "白城公安“百日行动”取得阶段性成果", "本报讯(柏博)", LEAD1.removeprefix("本报讯(柏博)")]
    raw = text.split("\n")
    for u in units:  # every unit owns the raw characters it was made of
        got = "".join(raw[no - 1][s:e] for no, s, e in u.raw_spans())
        assert "".join(got.split()) == "".join(u.text.split())


def test_a_page_set_side_by_side_parses_into_its_stories():
    text = side_by_side(LEFT, RIGHT)
    pf = parse_text(text)
    first = by_headline(pf, "白城公安“百日行动”取得阶段性成果")
    assert first.byline == "本报讯(柏博)" and [p.text for p in first.paragraphs] == [LEAD1.removeprefix("本报讯(柏博)")]
    second = by_headline(pf, "白城市文化中心举办烫画展")
    assert second.byline == "本报讯(记者张磊)"
    assert "".join(p.text for p in second.paragraphs) == LEAD2.removeprefix("本报讯(记者张磊)") + MORE2
    assert_placed_once(pf, text.split("\n"))
    # read line by line, each unit held the ends of two stories: neither title was found
    assert len(pf.articles) == 2


def test_a_letter_spaced_page_in_columns_is_cut_at_its_gutter_only():
    # a PDF text layer that spaces every character, printed with -layout: inside a column a
    # single space follows every character, so only the gutter's run of spaces cuts a line
    spaced = "\n".join(" ".join(line) for line in side_by_side(LEFT, RIGHT).split("\n"))
    assert " ".join("本报讯(柏博)") in spaced
    units = page_units(split_lines(spaced))
    stacked = page_units(split_lines(LEFT + "\n\n" + RIGHT))
    assert ["".join(u.text.split()) for u in units] == ["".join(u.text.split()) for u in stacked]
    pf = parse_text(spaced)
    assert by_headline(pf, "白城公安“百日行动”取得阶段性成果").byline == "本报讯(柏博)"
    assert_placed_once(pf, spaced.split("\n"))


def test_a_title_over_both_columns_with_a_space_inside_stays_whole():
    # seed 000's title printed across the gutter: its word space falls where the columns'
    # gutter is; a single space is no gutter, so the title is one line, not two halves
    width = max(len(x) for x in LEFT.split("\n"))  # the gutter: the 4 positions after it
    title = " " * (width - 4) + "栽树是前提 活树是关键"
    text = title + "\n\n" + side_by_side(LEFT, RIGHT)
    assert title.index(" 活") == width + 1
    units = page_units(split_lines(text))
    assert units[0].text.strip() == "栽树是前提 活树是关键"


def test_three_columns_and_a_narrow_gutter():
    third = "\n".join(["快乐暑假", "", *set_in_column(
        "近日,共青团白城市委组织开展农村留守儿童和困境儿童城市体验活动,来自洮北区平台镇农家村、"
        "洮南市黑水镇的20余名孩子走进城市,参观了广播电台直播间、制作间和新闻中心高清演播室。", 13)])
    text = side_by_side(side_by_side(LEFT, RIGHT, gutter=2), third, gutter=3)
    lines = split_lines(text)
    read, back = columns(lines)
    pieces = [ln.text.strip() for ln in read if ln.text.strip()]
    assert pieces[0] == "白城公安“百日行动”取得阶段性成果"
    assert pieces.index("白城市文化中心举办烫画展") < pieces.index("快乐暑假")
    for ln in read:  # each piece is where ``back`` says in its raw line
        no, start = back[ln.no]
        assert lines[no - 1].text[start:start + len(ln.text)] == ln.text


def test_names_and_heading_phrases_set_apart_by_spaces_are_no_gutter():
    # rmrb: NBSP runs between a dateline and its bracket, spaced names, two-phrase titles
    text = "\n".join([
        "住上新房子  干出新样子",
        "本报记者  许  晴  方  敏",
        "本报北京2月20日电  （记者欧阳洁）  为提升银行永续债的市场流动性，支持银行发行永续债补充资本。",
        "村民一条心  守护一条河",
        "本报记者  王  锐",
        "人民银行20日开展了首次央行票据互换操作，费率为0.25%，操作量为15亿元，期限1年。",
    ] * 2)
    assert columns([Line(i + 1, t) for i, t in enumerate(text.split("\n"))]) is None


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ROW = st.text(alphabet="本报讯记者王茵。，(（）) \u3000\xa01a", min_size=2, max_size=14)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_ROW, st.integers(0, 9), _ROW | st.just("")), min_size=5, max_size=14),
       st.integers(1, 6))
def test_every_character_of_a_page_in_columns_is_in_exactly_one_unit(rows, gutter):
    """Whatever the rows (columns of any width, gutters of any size, a line now and then
    across the gutter), each character that is not white space is in exactly one unit, at its
    place."""
    width = max((len(a) for a, _, _ in rows), default=0)
    raw = [(a + b if across == 0 else a.ljust(width) + " " * gutter + b).rstrip() for a, across, b in rows]
    seen: dict[tuple[int, int], int] = {}
    for u in page_units([Line(i + 1, t) for i, t in enumerate(raw)]):
        for no, s, e in u.raw_spans():
            for k in range(s, e):
                if not raw[no - 1][k].isspace():
                    seen[(no, k)] = seen.get((no, k), 0) + 1
    solid = {(i + 1, k) for i, t in enumerate(raw) for k, c in enumerate(t) if not c.isspace()}
    assert set(seen) == solid and all(v == 1 for v in seen.values())


def test_a_page_of_several_layouts_is_cut_block_by_block():
    # a story over two columns at the top, its title right over them (no blank row), then a row
    # of three narrower columns lower down, their gutters elsewhere (recursive X-Y cut)
    third = "\n".join(["快乐暑假", "", *set_in_column(
        "近日,共青团白城市委组织开展农村留守儿童和困境儿童城市体验活动,来自洮北区平台镇农家村、"
        "洮南市黑水镇的20余名孩子走进城市,参观了广播电台直播间、制作间和新闻中心高清演播室。", 9)])
    first = "\n".join(["白城市委统战部坚持“五抓五到位”", *side_by_side(
        "\n".join(set_in_column(LEAD1, 11)), "\n".join(set_in_column(MORE2, 11)), gutter=3).split("\n")])
    narrow = side_by_side(side_by_side("\n".join(["白城公安“百日行动”", "", *set_in_column(LEAD1, 9)]),
                                       "\n".join(["白城市文化中心", "", *set_in_column(LEAD2, 9)]), gutter=2),
                          third, gutter=2)
    text = first + "\n\n" + narrow
    lines = split_lines(text)
    read, back = columns(lines)
    pieces = [ln.text.strip() for ln in read if ln.text.strip()]
    order = [pieces.index(t) for t in ("白城市委统战部坚持“五抓五到位”", "白城公安“百日行动”", "白城市文化中心", "快乐暑假")]
    assert order == sorted(order)
    assert "".join(pieces[1:pieces.index("白城公安“百日行动”")]) == LEAD1 + MORE2  # (pieces stripped)
    assert "白城公安“百日行动”" in pieces and "白城市文化中心" in pieces  # the row of titles cut too
    for ln in read:
        no, start = back[ln.no]
        assert lines[no - 1].text[start:start + len(ln.text)] == ln.text


def test_a_table_aligned_with_spaces_is_read_row_by_row():
    # rmrb-12's figures set as a table: names and numbers, no running text in its columns
    rows = ["春运前20天    发送旅客    13.95亿人次", "铁路          发送旅客    1.86亿人次", "道路          发送旅客    11.53亿人次",
            "水路          发送旅客    2119.3万人次", "民航          发送旅客    3543.18万人次", "邮政          业务总量    12.7亿件"]
    assert columns([Line(i + 1, t) for i, t in enumerate(rows)]) is None
