"""One test per parsing rule, on real text copied from the seed pages and the devset.

Every literal below is copied from ``corpus/NNN_*.txt`` or from the packaged labelled pages;
the comment ``# 002:26`` names the seed (its three-digit prefix) and the raw line. The parser
is a learned model (``parse/roles.py``) over rule features, so the rules are tested where
they live: the markup helpers, the features the model sees, the issue facts, dates and kinds,
and the whole-page behaviour a reader relies on (parsed as the pipeline parses a file).
"""

from __future__ import annotations

from datetime import date

import pytest

from newsarchive.model import Article, Line, Paragraph
from newsarchive.model import IssueFacts
from newsarchive.papers import load_registry
from newsarchive.parse.dates import date_from_path, infer_issue_date
from newsarchive.parse.facts import masthead_facts
from newsarchive.parse.features import page_features
from newsarchive.parse.kinds import classify_kind
from newsarchive.parse.text import heading_level
from newsarchive.parse.units import units_of

from parsekit import by_headline, parse_snippet, parse_text, seed_lines, seed_text


def features_of(text: str) -> set[str]:
    """The features the role model sees for one line standing alone."""
    (feats,) = page_features(units_of([Line(1, text)]))
    return set(feats)


# --- markup: what a unit's text keeps, headings, table rules ------------------------------------------------


@pytest.mark.parametrize(
    "raw, level, text",
    [
        ("## 省政协调研组到我市就残疾人权益保护工作进行调研", 2, "省政协调研组到我市就残疾人权益保护工作进行调研"),  # 000:5
        ("### 扫黑除恶 全民参与 重要线索 予以奖励", 3, "扫黑除恶 全民参与 重要线索 予以奖励"),  # 000:73
        ("党史学习教育中央第二督导组到我市调研指导", 0, "党史学习教育中央第二督导组到我市调研指导"),  # 002:26
    ],
)
def test_markdown_heading(raw, level, text):
    assert heading_level(raw) == level
    (unit,) = units_of([Line(1, raw)])
    assert unit.text == text and unit.mark == (f"h{level}" if level else "")


def test_table_rule_row_is_layout():
    row = "--\t--\t--\t---\t----------------"  # 000:76
    assert [u.mark for u in units_of([Line(1, row)])] == ["rule"]
    assert [u.mark for u in units_of([Line(1, "---")])] == ["rule"]
    # An ordinary line with a dash inside is not a rule.
    (unit,) = units_of([Line(1, "7月4日0—24时,辽源市无新增确诊病例,无新增疑似病例。")])  # 003:109
    assert unit.mark != "rule"


def test_b_tags_removed_from_text_and_qr_code_cell_dropped_from_display():
    raw = seed_lines("000", 75, 75)  # the boxed notice: <b> tags, tab-separated cells, a QR-code cell
    assert "\t" in raw and "<b>二维码</b>" in raw
    text = " ".join(u.text for u in units_of([Line(1, raw)]))
    assert "<b>" not in text and "</b>" not in text
    assert text.startswith("全省扫黑除恶举报电话: 0431-12389")
    assert "3596352193@qq.com" in text
    # the text keeps every printed character (lossless); the page shows the cells without the
    # "二维码" label that stands for the picture, and without the tabs
    shown = " ".join(u.markup for u in units_of([Line(1, raw)]))
    assert "二维码" not in shown and "\t" not in shown
    assert shown.rstrip().endswith("3596352193@qq.com")


def test_bold_marks_removed_inline_and_whole_line():
    raw = "**强化引导凝聚共识 为互联网业发展植入“红色基因”**"  # 000:110
    (unit,) = units_of([Line(1, raw)])
    assert (unit.text, unit.mark, unit.markup) == ("强化引导凝聚共识 为互联网业发展植入“红色基因”", "bold", raw)


def test_autolink_is_not_an_html_tag():
    (unit,) = units_of([Line(1, "辽源信息港 <http://www.0437.com>")])  # 002:24
    assert unit.text == "辽源信息港 <http://www.0437.com>"


# --- title shape -------------------------------------------------------------------------------


# --- what the model sees: features of real lines --------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("凝聚红色力量 激发治理活力", {"ts=t"}),  # 001:3, a title's shape
        ("弘扬红岩精神，赓续红色血脉", {"ts=w"}),  # 002:28, a title with a comma
        ("市领导台培青、杨光参加相关活动。", {"ts=-", "lc=S", "sn=1"}),  # 002:62, a sentence
        ("本报记者 刘红娟", {"rep"}),  # 000:59
        ("《人民日报》评论员", {"rep", "book"}),  # 002:32
        ("本报通讯员 王新月 摄", {"credit", "rep"}),  # 001:31
        ("摄影:潘晨昱 姜海涛", {"credit"}),  # 004:57
        ("（港台圖片）", {"credit", "inbr"}),  # tw-01
        ("〔本報南京廿四日電〕", {"dl"}),  # sb-01
        ("（据新华社华盛顿电  记者周舟）", {"dl", "dl_br", "rep"}),  # rmrb-07
        ("——论中国共产党人的精神谱系之二十六", {"subdash"}),  # 002:30
        ("连云港斯尔邦石化——", {"kickdash"}),  # rmrb-02
        ("(转自《人民日报》)", {"source", "inbr"}),  # 002:78
        ("(下转第二版)", {"jump"}),
        ("（刘诗瑶）", {"brnames"}),  # rmrb-09
        ("靳 博 马 坤", {"namelist"}),  # rmrb-02
        ("版式设计：蔡华伟", {"furn"}),  # rmrb-02
        ("微阅读", {"coltag"}),  # rmrb-07
    ],
)
def test_features_of_real_lines(text, expected):
    assert expected <= features_of(text)


@pytest.mark.parametrize(
    "line",
    [
        "LIAO YUAN RI BAO",  # 002:7
        "2021年10月22日 星期五",  # 002:9
        "辛丑年九月十七 九月十八日",  # 002:10
        "总第8381期 今日4版",  # 002:12
        "国内统一刊号:CN22-0010 E-mail:jl_lyrb@126.com",  # 002:14
        "新闻热线:0437-3249118",  # 002:22
        "吉林日报",  # a two-line masthead's name line
    ],
)
def test_masthead_lines_look_like_furniture(line):
    # masthead cues also fire "furn", so a page's masthead is read like the web furniture and
    # the 版式设计 credits the model has seen on other kinds of page
    feats = features_of(line)
    assert "furn" in feats or "caps" in feats


def test_no_feature_names_a_word_of_the_text():
    # layout, not vocabulary: no feature carries text from the page
    feats = features_of("党史学习教育中央第二督导组到我市调研指导")
    assert not any(any("\u4e00" <= c <= "\u9fff" for c in f) for f in feats)


# --- masthead and issue facts ------------------------------------------------------------------------


def test_masthead_facts_seed_002():
    facts = IssueFacts()
    masthead_facts(facts, seed_lines("002", 5, 24), load_registry())
    assert (facts.paper, facts.city, facts.city_evidence) == ("辽源日报", "辽源", "masthead")
    assert (facts.date, facts.weekday) == (date(2021, 10, 22), "星期五")
    assert (facts.lunar_date, facts.issue_number, facts.page_count) == ("辛丑年九月十七", 8381, 4)


def test_masthead_in_the_parse_of_seed_002():
    pf = parse_text(seed_text("002"))
    (blk,) = [b for b in pf.blocks if b.kind == "masthead"]
    assert blk.lines == [5, 7, 9, 10, 12, 14, 18, 20, 22, 24]
    f = pf.facts
    assert (f.paper, f.city, f.city_evidence) == ("辽源日报", "辽源", "masthead")
    assert (f.date, f.date_evidence, f.weekday) == (date(2021, 10, 22), "masthead", "星期五")
    assert (f.lunar_date, f.issue_number, f.page_count) == ("辛丑年九月十七", 8381, 4)
    # The ear-box caption inside the masthead (line 18) is no article.
    assert all(18 not in a.lines for a in pf.articles)


def test_a_simple_masthead_names_the_paper_and_the_issue():
    # what a new editor brings: the paper's name and the date on two lines, the issue number
    # and page count on a third; none of it is an article's kicker
    pf = parse_text("吉林日报\n\n2023年3月6日 星期一\n\n总第12001期 今日8版\n\n" + seed_lines("002", 26, 62))
    f = pf.facts
    assert (f.paper, f.date, f.date_evidence, f.issue_number, f.page_count) == (
        "吉林日报", date(2023, 3, 6), "masthead", 12001, 8)
    assert pf.articles[0].headline == "党史学习教育中央第二督导组到我市调研指导"
    assert all(a.kicker is None for a in pf.articles)


@pytest.mark.parametrize("line", ["第8123期 今日8版", "總第8123期 今日8版", "总第 8123 期 今日8版"])
def test_a_mastheads_issue_number_with_or_without_zong(line):
    pf = parse_text("四平日报\n\n2022年6月15日 星期三\n\n" + line + "\n\n" + seed_lines("004", 69, 78))
    assert (pf.facts.issue_number, pf.facts.page_count) == (8123, 8)


def test_an_inner_page_header_gives_its_page_number():
    # an inner page's header (date, page, section, editor) printed where a masthead would be
    pf = parse_text("2021年2月27日 星期六 第2版 时政 责任编辑:王丽\n\n" + seed_lines("002", 26, 62))
    f = pf.facts
    assert (f.date, f.page, f.page_count) == (date(2021, 2, 27), 2, None)
    # the header is furniture: no article's column label or kicker (line 1 is in none)
    assert pf.articles and all(1 not in a.lines for a in pf.articles)
    assert [b.kind for b in pf.blocks if 1 in b.lines] == ["masthead"]
    # a front page's 今日8版 is the issue's page count, not its page
    front = parse_text("吉林日报\n\n2023年3月6日 星期一\n\n总第12001期 今日8版\n\n" + seed_lines("002", 26, 62))
    assert (front.facts.page, front.facts.page_count) == (1, 8)


@pytest.mark.parametrize("header, page", [
    ("2 要闻 2021年10月22日 星期五 责任编辑：王丽 美术编辑：李强", 2),
    ("要闻 2021年10月22日 星期五 责任编辑：王丽", None),
    ("A3 2021年10月22日 星期五 综合新闻", 3),
    ("综合新闻 第3版 2021年10月22日 星期五", 3),
])
def test_an_inner_page_header_in_any_order_is_furniture(header, page):
    # the page's number, its name, the date and the editors' credits, in the order the paper
    # prints them: the date not first, it was read as the first story's kicker
    pf = parse_text(header + "\n\n" + seed_lines("004", 69, 78))
    assert [a.headline for a in pf.articles] == ["白城公安“百日行动”取得阶段性成果", "白城市文化中心举办烫画展"]
    assert all(a.kicker is None and not a.labels and 1 not in a.lines for a in pf.articles)
    assert [b.kind for b in pf.blocks if 1 in b.lines] == ["masthead"]
    assert (pf.facts.date, pf.facts.date_evidence) == (date(2021, 10, 22), "masthead")
    if page:
        assert pf.facts.page == page


@pytest.mark.parametrize("header, page", [
    ("聯合報 2023年3月6日 星期一\nA6 生活", 6),
    ("2022年6月15日 星期三 责任编辑：刘洋 版式：王蕾\n城市新闻 3", 3),
    ("吉林日报\n2023年3月6日 星期一\n第3版 要闻", 3),
])
def test_a_pages_number_and_name_under_its_header_is_furniture(header, page):
    pf = parse_text(header + "\n\n" + seed_lines("004", 69, 78))
    assert [a.headline for a in pf.articles] == ["白城公安“百日行动”取得阶段性成果", "白城市文化中心举办烫画展"]
    assert all(a.kicker is None and not a.labels for a in pf.articles)
    assert pf.facts.page == page
    # the same line with no header beside it is left to the model (a title may name a number)
    from newsarchive.parse.facts import PAGE_LINE
    assert PAGE_LINE.match(header.split("\n")[-1]) and not PAGE_LINE.match("白城公安“百日行动”取得阶段性成果")


@pytest.mark.parametrize("header", ["第4版(体育)\n专栏:", "第4版（体育）", "第 4 版 体育"])
def test_a_page_line_that_says_ban_is_furniture_wherever_it_stands(header):
    # the 人民日报 database prints a page's head so, with no masthead or header beside it; it was
    # read as the first title (第4版) and its name, cut off as a note, as a second one ((体育))
    pf = parse_text(header + "\n\n" + seed_lines("004", 69, 78))
    assert [a.headline for a in pf.articles] == ["白城公安“百日行动”取得阶段性成果", "白城市文化中心举办烫画展"]
    assert all(a.kicker is None and not a.labels and 1 not in a.lines for a in pf.articles)
    assert pf.facts.page == 4
    assert [b.kind for b in pf.blocks if 1 in b.lines] in (["masthead"], ["furniture"])  # the page's head


def test_a_dated_title_is_no_page_header():
    # a title that names a date and its weekday, with no page number or credit, is not a header
    from newsarchive.parse.restack.page import _dated_header
    assert not _dated_header("我市将于2021年10月22日星期五举行招聘会")
    assert _dated_header("2 要闻 2021年10月22日 星期五")


def test_a_masthead_names_a_paper_the_registry_does_not_know():
    pf = parse_text("松花江晚报\n\n2023年3月6日 星期一\n\n" + seed_lines("002", 26, 62))
    assert (pf.facts.paper, pf.facts.city, pf.facts.date) == ("松花江晚报", None, date(2023, 3, 6))


def test_a_one_line_masthead_names_the_paper_and_the_date():
    # the paper's name and the date on one line, over a story (a Taiwan daily, Traditional
    # script): the line is the masthead, not the first story's kicker
    story = ("北市公車將全面電動化\n〔記者王小明／台北報導〕台北市政府昨天宣布，市區公車將在二○三○年前全面電動化。\n"
             "交通局表示，將分階段汰換柴油公車。\n")
    pf = parse_text("聯合報 2023年3月6日 星期一\n\n" + story)
    assert (pf.facts.paper, pf.facts.date, pf.facts.date_evidence) == ("聯合報", date(2023, 3, 6), "masthead")
    (art,) = pf.articles
    assert art.kicker is None and art.headline == "北市公車將全面電動化" and art.authors == ["王小明"]
    # a name that is no paper's (no 报) before a date is no masthead's name
    assert parse_text("長春 2023年3月6日 星期一\n\n" + story).facts.paper is None


@pytest.mark.parametrize("prefix", ["000", "001", "004"])
def test_no_masthead_on_inside_or_plain_pages(prefix):
    pf = parse_text(seed_text(prefix))
    assert not [b for b in pf.blocks if b.kind == "masthead"]
    assert pf.facts.issue_number is None and pf.facts.date_evidence != "masthead"


def test_a_place_in_one_story_is_not_the_papers_city():
    # rmrb-03: a national paper's story names 吉林省四平市梨树县; the page is not 四平日报's
    from parsekit import labelled_text

    pf = parse_text(labelled_text("rmrb", "rmrb-03"))
    assert (pf.facts.city, pf.facts.paper) == (None, None)


def test_local_stories_decide_the_city_of_a_page_without_masthead():
    f = parse_text(seed_text("001")).facts
    assert (f.paper, f.city) == ("四平日报", "四平") and f.city_evidence.startswith("places")


def test_wire_stories_do_not_decide_the_city_of_a_page_without_masthead():
    # two 新华社 stories filed in 长春 (one about 公主岭市): the agency's places, not the page's own
    wire = ("春耕时节农事忙\n\n新华社长春3月6日电（记者 赵六）眼下正值春耕备耕关键期，长春市各地农民抢抓农时。\n\n"
            "在公主岭市，农机合作社的社员们正在检修农机具。\n\n"
            "长春冰雪节闭幕\n\n新华社长春3月5日电（记者 赵六）为期两个月的长春冰雪节5日在净月潭闭幕。\n\n"
            "本届冰雪节共接待游客逾百万人次。\n")
    f = parse_text(wire).facts
    assert (f.paper, f.city) == (None, None)
    # the same stories as the paper's own reporting decide it
    own = wire.replace("新华社长春3月6日电（记者 赵六）", "本报讯（记者 赵六）").replace("新华社长春3月5日电（记者 赵六）", "本报讯（记者 赵六）")
    f = parse_text(own).facts
    assert (f.paper, f.city) == ("长春日报", "长春")


# --- dates -------------------------------------------------------------------------------------------


def test_date_inferred_from_leads_seed_000():
    f = parse_text(seed_text("000")).facts
    assert f.date is None
    assert f.date_evidence == "inferred"
    assert f.date_earliest == date(2019, 5, 22)  # the day after 5月21日, the latest lead date
    assert f.date_latest is None
    assert "2019-05-21" in f.date_note


def test_date_inferred_year_range_seed_001():
    f = parse_text(seed_text("001")).facts
    assert f.date is None
    assert (f.date_evidence, f.date_earliest, f.date_latest) == ("inferred", date(2022, 1, 1), date(2022, 12, 31))


def test_date_inference_counts_only_the_first_date_of_a_lead():
    # 000:41 and 000:45: "从5月20日开始至5月26日结束" is a plan, not the event day.
    leads = ["为进一步普及科学知识、弘扬科学精神,5月20日上午,以“科技强国、科普惠民”为主题的2019年辽源市科技活动周",
             "本次科技活动周从5月20日开始至5月26日结束,"]
    inf = infer_issue_date(leads, "我市举行2019年科技活动周")
    assert inf.earliest == date(2019, 5, 21)


def test_no_date_inference_without_a_year():
    assert infer_issue_date(["5月17日,省政协副主席兰宏良率省政协调研组一行成员到我市"], "5月17日,省政协") is None  # 000:7
    f = parse_snippet("000", (17, 35)).facts  # 孙弘 article: 5月21日 but no year anywhere
    assert f.date is None and f.date_earliest is None and f.date_evidence == "unknown"


@pytest.mark.parametrize(
    "rel, expected",
    [
        ("liaoyuan/2021-10-22/1.txt", date(2021, 10, 22)),
        ("20211022_01.txt", date(2021, 10, 22)),
        ("2021/10/22/page1.txt", date(2021, 10, 22)),
        ("2019-05-22/2021-10-22.txt", date(2021, 10, 22)),  # the innermost date wins
        ("liaoyuan/2021-13-01.txt", None),  # no month 13
        ("a_20210230.txt", None),  # no 30 February
        ("002_0078cb0db730c42f.txt", None),  # a seed name: number and hash
        ("issue-8381.txt", None),
    ],
)
def test_date_from_path(rel, expected):
    assert date_from_path(rel) == expected


def test_date_from_path_ignores_digits_inside_a_hash():
    assert date_from_path("corpus/005_ab20190522cd3f41e7.txt") is None


# --- whole pages: what a reader relies on ------------------------------------------------------------


def test_column_break_join_seed_000():
    # 000:7-15: one lead paragraph cut into five raw lines at column breaks, mid-word
    # ("…并就调研情况" / "进行讨论", "残疾人权" / "益保护").
    art = by_headline(parse_text(seed_text("000")), "省政协调研组到我市就残疾人权益保护工作进行调研")
    assert len(art.paragraphs) == 1
    assert art.paragraphs[0].lines == [7, 9, 11, 13, 15]
    body = art.body[0]
    assert "并就调研情况进行讨论。" in body
    assert "残疾人权益保护工作体现" in body


def test_column_break_fragment_with_a_comma_joins():
    # 000:128 "一年后的同一天,“红网行动”在我省正式" continues on 000:130
    art = by_headline(parse_text(seed_text("000")), "党旗飘扬“网”更红")
    assert any("在我省正式启动,吉林省新媒体协会党支部同日成立" in p for p in art.body)


def test_bold_lines_are_section_heads_of_the_article_seed_000():
    art = by_headline(parse_text(seed_text("000")), "党旗飘扬“网”更红")
    assert [p.text for p in art.paragraphs if p.role == "subhead"] == [
        "强化引导凝聚共识 为互联网业发展植入“红色基因”", "创新载体履行职责 为互联网业发展积聚“红色力量”"]
    assert art.paragraphs[[p.role for p in art.paragraphs].index("subhead")].markup.startswith("**")


def test_caption_cuts_a_body_mid_word_seed_002():
    # 002:40 ends "询问党史学习", the photo caption 002:44 follows, and 002:46 goes on "教育具体做法".
    pf = parse_text(seed_text("002"))
    art = by_headline(pf, "党史学习教育中央第二督导组到我市调研指导")
    assert any("询问党史学习教育具体做法" in p for p in art.body)
    (photo,) = [a for a in pf.articles if a.kind == "photo"]
    assert art.figures == [pf.articles.index(photo)]
    assert (photo.byline, photo.authors, photo.lines) == ("本报记者 夏景明 摄", ["夏景明"], [44])
    assert photo.body[0].endswith("了解相关情况。")
    assert 44 not in art.lines


def test_interleaved_title_blocks_seed_002():
    # 002:26 title, 002:28-32 another article's whole title block, 002:34 the first one's byline;
    # the commentary's body comes after the first article's (002:64-76).
    pf = parse_text(seed_text("002"))
    lead = by_headline(pf, "党史学习教育中央第二督导组到我市调研指导")
    assert (lead.byline, lead.authors) == ("本报讯(记者 王茵)", ["王茵"])
    assert lead.body[0].startswith("10月20日至21日,党史学习教育中央第二督导组副组长朱虹")
    assert lead.body[-1].endswith("市领导台培青、杨光参加相关活动。")
    comment = by_headline(pf, "弘扬红岩精神，赓续红色血脉")
    assert comment.subheadline == "论中国共产党人的精神谱系之二十六"
    assert (comment.byline, comment.authors, comment.source, comment.kind) == (
        "《人民日报》评论员", [], "人民日报", "commentary")
    assert comment.body[0].startswith("重庆是一块英雄的土地")
    assert comment.body[-1].endswith("不断书写中华民族伟大复兴的壮丽篇章。")
    assert comment.source_note == "(转自《人民日报》)"
    assert 78 in comment.lines and 62 not in comment.lines


def test_body_printed_before_its_headline_seed_000():
    # 000:51-55 is the commentary's body; its title (000:57) and byline (000:59) come after it,
    # directly below the science-week article.
    pf = parse_text(seed_text("000"))
    science = by_headline(pf, "我市举行2019年科技活动周暨青少年科普进校园启动仪式")
    assert science.body[-1].startswith("启动仪式后,与会人员参观了多寿路小学")
    comment = by_headline(pf, "栽树是前提 活树是关键")
    assert comment.kicker == "保护环境,为城市添绿系列评论之一"
    assert comment.byline == "本报记者 刘红娟"
    assert comment.body[0].startswith("我市百万亩水源涵养林建设启动以来")
    assert comment.body[-1].endswith("一起为让家乡的生态环保工作贡献力量。")
    assert comment.lines == [51, 53, 55, 57, 59]


def test_attribution_and_column_banner_seed_003():
    # 003:40 a column banner; 003:43 "…运行情况时强调 加快“双升”步伐 …": the 时强调 part is the kicker.
    art = by_headline(parse_text(seed_text("003")), "加快“双升”步伐 推动“袜业+纺织产业”持续发展壮大")
    assert art.kicker == "柴伟到经济开发区调研工业及商贸服务业运行情况时强调"
    assert art.labels == ["聚焦补齐思想观念短板 推动辽源高质量转型发展"]
    assert art.byline == "本报讯(记者 王茵)"


def test_colon_kicker_and_column_banner_seed_004():
    pf = parse_text(seed_text("004"))
    art = by_headline(pf, "主动服务保供电 点亮城市夜经济")
    assert (art.kicker, art.byline, art.authors) == ("国网白城供电公司:", "本报讯(刘鑫宇)", ["刘鑫宇"])
    news = by_headline(pf, "成来电气获国家第四批“专精特新”“小巨人”企业称号")
    assert news.kicker is None and "政务之窗·微白城" in news.labels


def test_photo_credit_before_its_photo_title_seed_004():
    pf = parse_text(seed_text("004"))
    photo = by_headline(pf, "镇赉「南湖」: 一池荷花送清凉")
    assert (photo.kind, photo.byline, photo.authors, photo.lines) == ("photo", "摄影:潘晨昱 姜海涛", ["潘晨昱", "姜海涛"], [57, 59])


def test_notice_keeps_its_signature_seed_003():
    art = by_headline(parse_text(seed_text("003")), "省委第九巡视组巡视辽源市公告")
    assert art.kind == "notice"
    texts = [p.text for p in art.paragraphs]
    assert texts[-2:] == ["特此公告。", "中共吉林省委第九巡视组2020年6月11日"]


def test_reprint_source_note_and_trailing_credit_seed_000():
    pf = parse_text(seed_text("000"))
    news = by_headline(pf, "东丰县举行“科普中国”频道开播仪式")
    assert (news.byline, news.credit, news.authors) == ("本报讯", "(刘永来 孙碩琳)", ["刘永来", "孙碩琳"])
    assert news.body[-1].endswith("努力开创东丰科技事业繁荣发展新局面。")
    feature = by_headline(pf, "党旗飘扬“网”更红")
    assert (feature.source, feature.source_note) == ("吉林日报", "(转自《吉林日报》)")
    assert feature.body[-1].endswith("奋力书写吉林互联网业党建新篇章。")


def test_jump_note_seed_003():
    art = by_headline(parse_text(seed_text("003")), "“领”旗帜方向 “推”创新实践")
    assert art.continued == "(下转第二版)"
    assert art.byline == "《吉林日报》评论员" and art.source == "吉林日报"


def test_brief_column_items_are_articles_and_the_column_label_is_none_rmrb_09():
    from parsekit import labelled_text

    pf = parse_text(labelled_text("rmrb", "rmrb-09"))
    assert [a.headline for a in pf.articles] == [
        "我国海上发射火箭模型入驻中国科技馆", "南昌经开区为创新提供“一站式”服务", "中国智慧城市科学发展大会举行"]
    assert all(a.byline == "本报电" for a in pf.articles)
    assert [a.authors for a in pf.articles] == [["刘诗瑶"], ["邓妍"], ["谷业凯"]]
    assert pf.articles[0].labels == ["新闻速递"]


def test_flattened_page_gives_articles_sb_01():
    from parsekit import labelled_text

    pf = parse_text(labelled_text("sb", "sb-01"))
    art = by_headline(pf, "中央各機關疏散 決於月底前竣事 外交部工作重心即移穗")
    assert art.byline == "〔本報南京廿四日電〕"
    assert art.body[0].startswith("政院廿四日晨十時舉行次長會報")
    assert len([a for a in pf.articles if a.headline]) >= 30


def test_markdown_feed_stories_and_captions_tw_01():
    from parsekit import labelled_text

    pf = parse_text(labelled_text("tw", "tw-01"))
    stories = [a for a in pf.articles if a.kind != "photo"]
    assert len(stories) == 60 and all(a.headline and a.body for a in stories)
    assert not any("rthk.hk" in "".join(a.body) for a in stories)  # furniture stays out of bodies
    photo = next(a for a in pf.articles if a.byline == "（梁禎祥攝）")
    assert photo.kind == "photo" and photo.authors == ["梁禎祥"]


# --- kinds --------------------------------------------------------------------------------------------


def _art(**kw) -> Article:
    body = kw.pop("body", "")
    art = Article(**kw)
    if body:
        art.paragraphs = [Paragraph(body, [1])]
    return art


LONG = "为" * 1600


@pytest.mark.parametrize(
    "art, kind",
    [
        (_art(headline="省委第九巡视组巡视辽源市公告", body="按照省委部署。"), "notice"),  # 003:91
        (_art(headline="辽源市新型冠状病毒肺炎疫情情况通报", body="7月4日0—24时。"), "notice"),  # 003:107
        (_art(headline="扫黑除恶 全民参与 重要线索 予以奖励",
              body="全省扫黑除恶举报电话: 0431-12389 举报地址: 长春市工农大路605号"), "notice"),  # 000:73-75
        (_art(headline="弘扬红岩精神，赓续红色血脉", byline="《人民日报》评论员", body="重庆是一块英雄的土地。"), "commentary"),  # 002:28
        (_art(headline="栽树是前提 活树是关键", kicker="保护环境,为城市添绿系列评论之一", byline="本报记者 刘红娟",
              body="我市百万亩水源涵养林建设启动以来。"), "commentary"),  # 000:57
        (_art(headline="弘扬红岩精神，赓续红色血脉", subheadline="论中国共产党人的精神谱系之二十六", body="x。"), "commentary"),
        (_art(headline="服务越到位 群众越满意", source="人民日报", body="家门口就能吃上可口饭菜。"), "commentary"),  # 002:124
        (_art(headline="凝聚红色力量 激发治理活力", subheadline="双辽市退役军人事务局党建引领基层治理侧记",
              byline="本报通讯员 周维维", body="年初以来。"), "feature"),  # 001:3-7
        (_art(headline="党旗飘扬“网”更红", subheadline="我省深入推进互联网业党建工作纪实", body="这是一片特殊的阵地。"), "feature"),
        (_art(headline="“领”出好导向 “推”出新动能", subheadline="新时代文明实践的九台探索(一)",
              byline="《吉林日报》记者 孟凡明", body="7月3日。"), "feature"),  # 003:128-132
        (_art(headline="以文艺活动为抓手 深化“我为群众办实事”实践活动", byline="辽源市文联党组书记、主席 苏勃",
              body="项目背景"), "feature"),  # 002:132-136
        (_art(headline="快乐暑假", byline="本报讯(记者张磊 尹雪)", body="近日,共青团白城市委组织开展。"), "news"),  # 004:21-23
        (_art(headline="长文", byline="本报记者 王茵", body=LONG), "feature"),
        (_art(headline="市政协调研组调研铁西城乡人居环境建设", body="态感到十分满意。"), "news"),  # 001:55-57
        (_art(headline="新闻特写"), "other"),
        (_art(kind="photo", byline="本报通讯员 王新月 摄", body="日前。"), "photo"),
    ],
)
def test_classify_kind(art, kind):
    assert classify_kind(art) == kind


def test_a_page_dumped_as_html_reads_like_the_same_page_as_text():
    html = ("<h1>我市召开春季农业生产工作会议</h1>\n"
            "<p>本报讯（记者&nbsp;王明）3月5日，我市召开春季农业生产工作会议，部署今年春耕生产工作。</p>\n"
            "<p>会议要求，各地要抓好种子、化肥等农资供应，确保不误农时。</p>\n"
            "<h2>全省粮食总产量再创新高</h2>\n"
            "<p>据新华社长春3月4日电（记者&nbsp;李华）记者从吉林省统计局获悉，去年全省粮食总产量再创新高。</p>\n"
            "<p>责任编辑：张三</p>\n")
    pf = parse_text(html)
    got = [(a.headline, a.byline, a.authors, a.source) for a in pf.articles]
    assert got == [("我市召开春季农业生产工作会议", "本报讯（记者\xa0王明）", ["王明"], None),
                   ("全省粮食总产量再创新高", "据新华社长春3月4日电（记者\xa0李华）", ["李华"], "新华社")]
    assert pf.articles[0].body[0].startswith("3月5日") and "责任编辑" not in "".join(pf.articles[1].body)
    # the same page with its head and a script on lines of their own: page code, in no article
    page = ('<!DOCTYPE html>\n<html><head>\n<meta charset="utf-8">\n<title>我市召开春季农业生产工作会议_辽源日报</title>\n'
            '<script>\nvar a = 1;\n</script>\n</head>\n<body>\n' + html + '</body></html>\n')
    full = parse_text(page)
    assert [(a.headline, a.byline, a.authors, a.source) for a in full.articles] == got
    assert [a.body for a in full.articles] == [a.body for a in pf.articles]
    assert not [b for b in full.blocks if b.kind == "unclassified"]
    # the same page saved without line breaks (a crawl's one-line HTML) reads the same
    one_line = parse_text(html.replace("\n", ""))
    assert [(a.headline, a.byline, a.authors, a.source) for a in one_line.articles] == got
    assert [a.body for a in one_line.articles] == [a.body for a in pf.articles]


def test_a_wire_s_name_closing_a_story_is_its_source_not_a_jump_or_an_author():
    # （中央社） after the last sentence: the model read it as a jump note (no 转, 版, 续 or 完 in it)
    pf = parse_text("聯合報 2023年3月6日 星期一\n\n高雄捷運黃線動工\n【本報訊】高雄捷運黃線昨日舉行動工典禮，預計二○二八年通車。\n"
                    "市長表示，黃線將串連十個行政區。（中央社）\n")
    (art,) = pf.articles
    assert art.continued is None and art.source == "中央社" and art.authors == []
    assert "（中央社）" in (art.byline or "") + (art.credit or "")


def test_a_jump_note_may_name_a_page_by_its_section_letter():
    # Hong Kong and Taiwan papers number pages A1, A4, B12: (下轉A4) is a jump note as (下转第二版) is
    pf = parse_text("政府推電子消費券\n【明報專訊】政府昨日公布新一輪電子消費券計劃，合資格市民可獲五千元。\n（下轉A4）\n")
    (art,) = pf.articles
    assert art.continued == "（下轉A4）" and art.byline == "【明報專訊】"
    assert [p.text for p in art.paragraphs] == ["政府昨日公布新一輪電子消費券計劃，合資格市民可獲五千元。"]


@pytest.mark.parametrize("writer, authors", [("文/张三 图/李四", ["张三", "李四"]), ("作者：王五", ["王五"]),
                                              ("文／赵六", ["赵六"]), ("图文/李四", ["李四"])])
def test_a_writer_s_line_as_features_print_it_is_the_byline_under_the_title(writer, authors):
    # a feature's credit line (no 记者, no dateline): it was read as the title, the real title a kicker
    pf = parse_text(f"春日里的长白山\n{writer}\n\n四月的长白山，冰雪尚未消融，山脚下的村庄已经迎来了第一批游客。\n"
                    "清晨，薄雾笼罩着山谷，远处传来阵阵鸟鸣。\n")
    (art,) = pf.articles
    assert (art.headline, art.kicker, art.byline, art.authors) == ("春日里的长白山", None, writer, authors)
    assert len(art.paragraphs) == 2


@pytest.mark.parametrize("writer, authors", [("記者李大同／台北報導", ["李大同"]), ("記者王小明、陳美玲／綜合報導", ["王小明", "陳美玲"]),
                                              ("记者 张三/北京报道", ["张三"])])
def test_a_reporters_line_without_brackets_opens_its_story(writer, authors):
    # Taiwan's papers and sites print the reporter's line on its own, without 〔〕: it was read as
    # running text, and the story ran on into the one above
    story = "勞動部今天說明，颱風假並非法定假日，雇主不得強迫勞工出勤。"
    for title in ("勞動部說明颱風假規定", "颱風假如何放？ 勞動部說明"):
        pf = parse_text("北市推動老屋更新 今年補助加碼\n\n〔記者王小明／台北報導〕台北市政府今天宣布，今年老屋更新補助金額將提高。\n\n"
                        f"市府都發局表示，更新需求迫切。\n\n{title}\n\n{writer}\n\n{story}\n")
        first, second = pf.articles
        assert (second.byline, second.authors, [p.text for p in second.paragraphs]) == (writer, authors, [story])
        assert story not in [p.text for p in first.paragraphs]


def test_a_writers_name_cut_from_a_briefs_last_line_closes_it():
    # a brief column: the writer's name printed at the end of the brief's one paragraph, the next
    # column's label under it; the name was read as that label's kicker
    pf = parse_text("西安区开展消防演练\n本报讯 6月13日，西安区在辖区商场开展消防应急疏散演练，300余名群众参与。（王强）\n\n"
                    "读者来信\n\n小区路灯何时能修好？\n\n编辑同志：我是龙山区某小区居民，小区内的路灯已经坏了一个多月。\n")
    first = pf.articles[0]
    assert first.headline == "西安区开展消防演练" and first.credit == "（王强）" and first.authors == ["王强"]
    assert all(a.kicker != "（王强）" for a in pf.articles)


def test_a_page_that_opens_with_the_rest_of_a_story_keeps_it_as_an_article():
    # an inner page: its running head (- 2 -), then the rest of a front-page story, then its own
    text = ("- 2 -\n\n（上接第一版）要坚持问题导向，聚焦群众急难愁盼，推动各项政策措施落地见效。\n\n"
            "会议强调，各级党组织要切实扛起政治责任，确保各项任务落到实处。\n\n" + seed_lines("004", 69, 78))
    pf = parse_text(text)
    rest, *stories = pf.articles
    assert rest.headline is None and rest.labels == ["（上接第一版）"]
    assert [p.text for p in rest.paragraphs] == ["要坚持问题导向，聚焦群众急难愁盼，推动各项政策措施落地见效。",
                                                 "会议强调，各级党组织要切实扛起政治责任，确保各项任务落到实处。"]
    assert [a.headline for a in stories] == ["白城公安“百日行动”取得阶段性成果", "白城市文化中心举办烫画展"]
    assert [b.kind for b in pf.blocks] == ["masthead"] and pf.blocks[0].text == "- 2 -"


@pytest.mark.parametrize("lead, byline, authors", [
    ("本报讯(全媒体记者 王茵)近日，", "本报讯(全媒体记者 王茵)", ["王茵"]),
    ("本报讯（融媒体记者 王茵 见习记者 李明）近日，", "本报讯（融媒体记者 王茵 见习记者 李明）", ["王茵", "李明"]),
    ("本报讯（记者 王茵 特约通讯员 李明）近日，", "本报讯（记者 王茵 特约通讯员 李明）", ["王茵", "李明"]),
    ("本报讯 记者王茵报道：近日，", "本报讯 记者王茵报道：", ["王茵"]),
    ("本报讯 记者 王茵 李明 报道 近日，", "本报讯 记者 王茵 李明 报道", ["王茵", "李明"]),
])
def test_a_newsrooms_titles_for_its_reporters_name_no_one(lead, byline, authors):
    # city papers' converged newsrooms title their reporters 全媒体记者, 融媒体记者; some leads
    # name the reporter without brackets (本报讯 记者王茵报道：): the title is no author, the
    # reporter's line is the byline, not the story's first words
    pf = parse_text(f"我市举办消防演练\n\n{lead}我市举办消防演练，300余名群众参与。\n")
    (art,) = pf.articles
    assert (art.byline, art.authors) == (byline, authors)
    assert [p.text for p in art.paragraphs] == ["近日，我市举办消防演练，300余名群众参与。"]


def test_a_title_over_a_photos_caption_and_no_story_is_the_photos_title():
    # a photo news item: its title, then the caption with the credit at its end; the title was
    # an item of its own with nothing under it, the photo untitled
    pf = parse_text("荷花盛开引客来\n\n6月14日，市民在南湖公园观赏荷花。连日来，南湖公园的荷花竞相开放。 本报记者 张华 摄\n\n"
                    + seed_lines("004", 69, 72))
    photo, story = pf.articles
    assert (photo.kind, photo.headline, photo.byline, photo.authors) == ("photo", "荷花盛开引客来", "本报记者 张华 摄", ["张华"])
    assert photo.lines == [1, 3] and story.headline == "白城公安“百日行动”取得阶段性成果"
    # a feed's title over its picture and then its story keeps the story (RTHK: title, image, text)
    feed = parse_text("恒指午市初段升逾300點\n\n![恒指較早時報21397點，升幅1.62%。（港台圖片）](https://example.org/a.webp)\n\n"
                      "港股高開，恒指較早時報21397點，升幅1.62%。\n")
    story = next(a for a in feed.articles if a.headline == "恒指午市初段升逾300點")
    assert story.kind != "photo" and [p.text for p in story.paragraphs] == ["港股高開，恒指較早時報21397點，升幅1.62%。"]


def test_a_hong_kong_page_reporter_after_the_story_and_a_bracketed_paper_dateline():
    # Hong Kong papers name the reporter after the story, and open a lead with the paper's
    # report in brackets: the reporter was the next title's kicker, and （星島日報報道） running text
    pf = parse_text("港鐵新綫下月通車 市民期待\n\n【明報專訊】港鐵東涌綫延綫將於下月通車，港鐵公司昨日表示，新綫每日可載客逾10萬人次。\n\n"
                    "記者 陳大文\n\n政府推電子消費券\n\n（星島日報報道）政府昨日公布新一輪電子消費券計劃，合資格市民可獲五千元。\n\n"
                    "財政司司長表示，計劃可刺激本地消費。\n")
    first, second = pf.articles
    assert (first.headline, first.byline, first.authors) == ("港鐵新綫下月通車 市民期待", "【明報專訊】", ["陳大文"])
    assert "記者 陳大文" in (first.credit or "")
    assert (second.headline, second.kicker, second.byline) == ("政府推電子消費券", None, "（星島日報報道）")
    assert [p.text for p in second.paragraphs][0] == "政府昨日公布新一輪電子消費券計劃，合資格市民可獲五千元。"


def test_a_flattened_pages_masthead_is_furniture_and_gives_the_date():
    # seed 003's front page flattened into one line, as a library's full text gives a page:
    # read piece by piece, its pinyin, weekday and site name were titles, and the date was lost
    lines = [t.strip() for t in seed_lines("003", 1, 40).split("\n") if t.strip()]
    flat = " ".join(lines)
    assert flat.startswith("吉D微视 LIAO YUAN RI BAO 2020年7月6日 星期一")
    pf = parse_text(flat)
    assert (pf.facts.date, pf.facts.issue_number) == (date(2020, 7, 6), 8064)
    assert [b.kind for b in pf.blocks][:1] == ["masthead"] and "辽源信息港" in pf.blocks[0].text
    assert pf.facts.paper == "辽源日报"  # its pinyin, LIAO YUAN RI BAO
    assert pf.articles[0].headline.startswith("市委常委会召开2020年第十一次常委会议")
    assert not any(a.headline in ("星期一", "辽源信息港", "BAO") for a in pf.articles)
    # a flattened page that opens with its first story has no masthead to find (申報)
    story = " ".join(lines[lines.index("市委常委会召开2020年第十一次常委会议"):])
    assert not [b for b in parse_text(story).blocks if b.kind == "masthead"]
    # the check itself, on the roles a model that has seen no flattened masthead gave (the seeds
    # held out): titles, kickers and bylines for its pieces
    from newsarchive.parse.features import page_features
    from newsarchive.parse.restack import restack
    from newsarchive.parse.units import units_of
    units = units_of([Line(1, flat)])
    held_out = ["B-head", "I-head", "I-head", "I-head", "column", "kicker", "B-head", "byline", "byline",
                "byline", "byline", "furn", "furn", "furn", "furn", "furn", "B-head", "furn", "B-head", "byline"]
    assert [u.text for u in units[16:20]] == ["辽源信息港", "<http://www.0437.com>", "市委常委会召开2020年第十一次常委会议",
                                              "本报讯(记者 王茵)"]
    roles = held_out + ["body"] * (len(units) - len(held_out))
    read = restack(units, roles, page_features(units), lambda r, i: 0.5)
    assert read[:18] == ["furn"] * 18 and read[18:20] == ["B-head", "byline"]


@pytest.mark.parametrize("note", ["(上接第一版)", "（上接A1）"])
def test_where_a_story_came_from_glued_to_its_first_sentence_is_a_label_not_text(note):
    pf = parse_text(f"港鐵新綫通車\n{note}市民普遍歡迎新綫開通，認為出行更方便。\n")
    (art,) = pf.articles
    assert art.labels == [note] and [p.text for p in art.paragraphs] == ["市民普遍歡迎新綫開通，認為出行更方便。"]
