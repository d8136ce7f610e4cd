"""One test per parsing rule, on real snippets copied from the seed pages.

Every literal below is copied from ``corpus/NNN_*.txt``; the comment ``# 002:26`` names the
seed (its three-digit prefix) and the raw line. Snippets that go through ``parse_lines``
keep their real line numbers (``parse_snippet``), so the asserted ``lines`` are the seed's.
"""

from __future__ import annotations

from datetime import date

import pytest

from newsarchive.model import Article, Paragraph
from newsarchive.parse import bylines
from newsarchive.parse.dates import date_from_path, infer_issue_date
from newsarchive.parse.kinds import classify_kind
from newsarchive.parse.lines import classify, title_shape
from newsarchive.parse.masthead import find_masthead, is_masthead_line
from newsarchive.parse.text import heading_level, is_table_rule, plain

from parsekit import by_headline, parse_snippet, parse_text, seed_lines, seed_text


def kind_of(text: str) -> str:
    """The line kind of one line standing alone (blank lines around it)."""
    (tok,) = classify([(1, text)], blank_separated=False)
    return tok.kind


def tok_of(text: str):
    (tok,) = classify([(1, text)], blank_separated=False)
    return tok


# --- markup: text.plain, headings, table rules ------------------------------------------------


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
    assert plain(raw) == text
    assert kind_of(raw) == ("heading" if level else "title")


def test_table_rule_row_is_layout():
    row = "--\t--\t--\t---\t----------------"  # 000:76
    assert is_table_rule(row)
    assert kind_of(row) == "rule"
    # An ordinary line with a dash inside is not a rule.
    assert not is_table_rule("7月4日0—24时,辽源市无新增确诊病例,无新增疑似病例。")  # 003:109


def test_b_tags_removed_and_qr_code_cell_dropped():
    raw = seed_lines("000", 75, 75)  # the boxed notice: <b> tags, tab-separated cells, a QR-code cell
    assert "\t" in raw and "<b>二维码</b>" in raw
    text = plain(raw)
    assert "<b>" not in text and "</b>" not in text
    assert text.startswith("全省扫黑除恶举报电话: 0431-12389")
    assert text.endswith("3596352193@qq.com")  # the "二维码" image label is gone
    assert "二维码" not in text
    assert "\t" not in text


def test_bold_marks_removed_inline_and_whole_line():
    raw = "**强化引导凝聚共识 为互联网业发展植入“红色基因”**"  # 000:110
    assert plain(raw) == "强化引导凝聚共识 为互联网业发展植入“红色基因”"
    assert kind_of(raw) == "bold"


def test_autolink_is_not_an_html_tag():
    assert plain("辽源信息港 <http://www.0437.com>") == "辽源信息港 <http://www.0437.com>"  # 002:24


# --- title shape -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, shape",
    [
        # strong: short, no sentence or clause punctuation
        ("凝聚红色力量 激发治理活力", 2),  # 001:3
        ("党史学习教育中央第二督导组到我市调研指导", 2),  # 002:26
        ("“领”出好导向 “推”出新动能", 2),  # 003:128
        ("快乐暑假", 2),  # 004:21
        # weak: a comma (or colon) inside, a title only when something confirms it
        ("弘扬红岩精神，赓续红色血脉", 1),  # 002:28 (full-width comma)
        ("“听听大家的想法,看看党委、政府还能做点儿啥?”", 1),  # 003:63
        ("保护环境,为城市添绿系列评论之一: 栽树是前提 活树是关键", 1),  # 000:57
        ("镇赉「南湖」: 一池荷花送清凉", 1),  # 004:59
        # not a title: a sentence with 。
        ("会议还研究了其他议题。", 0),  # 003:38
        ("特此公告。", 0),  # 003:103
        ("倾听民意,精准对接“传声筒”情为民所系,利为民所谋。", 0),  # 002:96
        # not a title: too long (77 characters, though it holds no full stop)
        ("检查组一行重点对辖区校园周边书店进行全覆盖检查,认真查验各经营单位相关证照、进货票据,仔细查看是否销售内容低俗、封建迷信、凶杀暴力的卡通画册、盗版书籍等各", 0),  # 001:45
        # not a title: ends with a clause mark (a column-break fragment)
        ("谁家遇到事,", 0),  # 003:143, the end of the line before the jump note
        ("围绕党建联建、弘扬新风正气、", 0),  # 001:17, cut after its second 、
        ("国网白城供电公司:", 0),  # 004:39 (a kicker, not a title)
        # not a title: contact details
        ("信访联系电话:0437-6998990", 0),  # 003:98
        # too short
        ("图", 0),
    ],
)
def test_title_shape(text, shape):
    assert title_shape(text) == shape


def test_long_line_is_not_title_even_without_stops():
    text = "检查组一行重点对辖区校园周边书店进行全覆盖检查,认真查验各经营单位相关证照、进货票据,仔细查看是否销售内容低俗、封建迷信、凶杀暴力的卡通画册、盗版书籍等各"  # 001:45
    assert len(text) > 64
    assert kind_of(text) == "body"


@pytest.mark.parametrize(
    "text, kind",
    [
        ("凝聚红色力量 激发治理活力", "title"),  # 001:3
        ("弘扬红岩精神，赓续红色血脉", "wtitle"),  # 002:28
        ("市领导台培青、杨光参加相关活动。", "body"),  # 002:62
        ("国网白城供电公司:", "kicker"),  # 004:39
        ("(转自《人民日报》)", "source"),  # 002:78
        ("(下转第二版)", "jump"),
    ],
)
def test_line_kinds(text, kind):
    assert kind_of(text) == kind


def test_title_shaped_line_inside_a_paragraph_run_is_body():
    # In a blank-separated dump a line with text directly above or below it is not alone:
    # 003:69-70 are two question lines printed one after the other.
    toks = classify([(69, "“咱们企业有多少台袜机?”"), (70, "“一双袜子能卖多少钱?园区内类似规模的企业多不多?”")],
                    blank_separated=True)
    assert [t.alone for t in toks] == [False, False]
    assert [t.kind for t in toks] == ["body", "body"]


# --- subheadline ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, sub",
    [
        ("——我省深入推进互联网业党建工作纪实", "我省深入推进互联网业党建工作纪实"),  # 000:80
        ("——论中国共产党人的精神谱系之二十六", "论中国共产党人的精神谱系之二十六"),  # 002:30
        ("——新时代文明实践的九台探索(一)", "新时代文明实践的九台探索(一)"),  # 003:130
    ],
)
def test_subheadline_dash(raw, sub):
    tok = tok_of(raw)
    assert tok.kind == "sub"
    assert tok.data["sub"] == sub


def test_dash_line_with_a_sentence_is_not_a_subheadline():
    assert kind_of("——广场大屏科普中国频道开播仪式在东丰县郎朗钢琴文化广场隆重举行。省、市、县相关部门领导参加。") == "body"


# --- bylines -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, byline, rest_start",
    [
        ("本报讯(记者 王茵)10月20日至21日,党史学习教育中央第二督导组副组长朱虹率队到我市调研指导工作。",
         "本报讯(记者 王茵)", "10月20日至21日,"),  # 002:34 (shortened)
        ("本报讯 5月14日,吉林省委基层科协行动计划示范项目——广场大屏科普中国频道开播仪式在东丰县郎朗钢琴文化广场隆重举行。",
         "本报讯", "5月14日,"),  # 000:63 (shortened), a bare dateline
        ("本报讯(记者张磊 尹雪)近年来,白城市委统战部深入贯彻落实中央、省委和市委关于新的社会阶层人士统战工作各项决策部署,",
         "本报讯(记者张磊 尹雪)", "近年来,"),  # 004:5 (shortened), role glued to the name
        ("本报讯(刘鑫宇)“亲爱的朋友们,吉林省首届青岛啤酒节暨‘洮南消夏夜’圆满落幕,",
         "本报讯(刘鑫宇)", "“亲爱的朋友们"),  # 004:43 (shortened), name only
        ("本报讯(通讯员 张健 徐天龙)伊通满族自治县紧紧围绕维护社会稳定、促进经济社会加快发展和干部培养成长需要,",
         "本报讯(通讯员 张健 徐天龙)", "伊通满族自治县"),  # 001:65 (shortened)
    ],
)
def test_dateline_byline_split(line, byline, rest_start):
    assert bylines.dateline(line)[0] == byline
    assert bylines.dateline(line)[1].startswith(rest_start)
    tok = tok_of(line)
    assert tok.kind == "dateline"
    assert tok.data["byline"] == byline
    assert line.startswith(byline) and line.endswith(tok.data["rest"])  # nothing lost but the space between


def test_dateline_needs_the_news_agency_mark():
    assert bylines.dateline("本报通讯员 周维维") is None  # 001:7 ("本报通讯员" is not 本报…讯)
    assert bylines.dateline("市委常委会召开2020年第十一次常委会议") is None  # 003:22


@pytest.mark.parametrize(
    "line",
    [
        "本报通讯员 周维维",  # 001:7
        "本报记者 刘红娟",  # 000:59
        "本报记者 王茵",  # 003:67
        "《人民日报》评论员",  # 002:32
        "《吉林日报》评论员",  # 003:149
        "《吉林日报》记者 董博 赵蓓蓓 庞智源",  # 002:84
        "《吉林日报》记者 孟凡明",  # 003:132
        "王小野《吉林日报》记者 潘锐 李抑楠",  # 000:82
    ],
)
def test_standalone_role_byline(line):
    assert bylines.is_role_byline(line)
    assert kind_of(line) == "byline"


@pytest.mark.parametrize("line", ["凝聚红色力量 激发治理活力", "新闻特写", "市领导台培青、杨光参加相关活动。"])  # 001:3, 003:89, 002:62
def test_not_a_role_byline(line):
    assert not bylines.is_role_byline(line)


def test_post_and_name_byline():
    line = "辽源市文联党组书记、主席 苏勃"  # 002:134
    assert bylines.post_byline(line)
    assert kind_of(line) == "postby"
    # Only when it stands alone: inside a run of text the same shape is body text.
    toks = classify([(1, "正文"), (2, line), (3, "正文")], blank_separated=True)
    assert toks[1].kind != "postby"


@pytest.mark.parametrize(
    "line",
    [
        "本报通讯员 王新月 摄",  # 001:31
        "本报通讯员 窦晶鸿 摄",  # 001:37
        "摄影:潘晨昱 姜海涛",  # 004:57
    ],
)
def test_photo_credit_line(line):
    assert bylines.photo_credit(line)
    assert kind_of(line) == "credit"


def test_caption_with_glued_credit():
    line = seed_lines("002", 44, 44)
    assert line.endswith("了解相关情况。本报记者 夏景明 摄")
    caption, credit = bylines.split_tail_photo_credit(line)
    assert credit == "本报记者 夏景明 摄"
    assert caption.endswith("了解相关情况。") and caption.startswith("10月20日至21日")
    tok = tok_of(line)
    assert tok.kind == "caption"
    assert tok.data == {"caption": caption, "credit": credit}


def test_caption_without_credit_says_tu_wei():
    line = seed_lines("003", 55, 55)  # "…运行情况。图为柴伟在东北袜业园星南袜业调研。"
    tok = tok_of(line)
    assert tok.kind == "caption"
    assert tok.data["credit"] is None


@pytest.mark.parametrize(
    "byline, authors",
    [
        ("本报讯(记者 王茵)", ["王茵"]),  # 002:34
        ("本报讯(记者 付晓娟 魏利军)", ["付晓娟", "魏利军"]),  # 000:7
        ("本报讯", []),  # 000:63
        ("本报讯(记者张磊 尹雪)", ["张磊", "尹雪"]),  # 004:5
        ("本报讯(记者尹雪)", ["尹雪"]),  # 004:65
        ("本报讯(刘鑫宇)", ["刘鑫宇"]),  # 004:43
        ("本报通讯员 周维维", ["周维维"]),  # 001:7
        ("本报记者 刘红娟", ["刘红娟"]),  # 000:59
        ("《吉林日报》记者 董博 赵蓓蓓 庞智源", ["董博", "赵蓓蓓", "庞智源"]),  # 002:84
        ("王小野《吉林日报》记者 潘锐 李抑楠", ["王小野", "潘锐", "李抑楠"]),  # 000:82
        ("《人民日报》评论员", []),  # 002:32
        ("《吉林日报》评论员", []),  # 003:149
        ("辽源市文联党组书记、主席 苏勃", ["苏勃"]),  # 002:134
        ("本报通讯员 王新月 摄", ["王新月"]),  # 001:31
        ("摄影:潘晨昱 姜海涛", ["潘晨昱", "姜海涛"]),  # 004:57
        ("本报记者 夏景明 摄", ["夏景明"]),  # 002:44
    ],
)
def test_byline_authors(byline, authors):
    assert bylines.byline_authors(byline) == authors


@pytest.mark.parametrize(
    "byline, source",
    [
        ("《吉林日报》记者 董博 赵蓓蓓 庞智源", "吉林日报"),  # 002:84
        ("王小野《吉林日报》记者 潘锐 李抑楠", "吉林日报"),  # 000:82
        ("《人民日报》评论员", "人民日报"),  # 002:32
        ("本报讯(记者 王茵)", None),  # 002:34
        ("本报通讯员 周维维", None),  # 001:7
        (None, None),
    ],
)
def test_byline_source(byline, source):
    assert bylines.byline_source(byline) == source


# --- end notes: split_trailing ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, rest_end, notes",
    [
        ("全面提高全民科学素质,努力开创东丰科技事业繁荣发展新局面。(刘永来 孙碩琳)",  # 000:71 (tail)
         "繁荣发展新局面。", {"credit": "(刘永来 孙碩琳)"}),
        ("扎扎实实做好人大工作。(李文罡)",  # 003:126 (tail)
         "做好人大工作。", {"credit": "(李文罡)"}),
        ("奋力书写吉林互联网业党建新篇章。(转自《吉林日报》)",  # 000:140 (tail)
         "党建新篇章。", {"source_note": "(转自《吉林日报》)", "source": "吉林日报"}),
        ("区委书记、街道书记也总来我们这儿参加活动。谁家遇到事,(下转第二版)",  # 003:143 (tail), glued jump
         "谁家遇到事,", {"continued": "(下转第二版)"}),
        ("以实实在在的成效赢得人民群众的满意。(下转第二版)",  # 003:156 (tail)
         "人民群众的满意。", {"continued": "(下转第二版)"}),
    ],
)
def test_split_trailing(text, rest_end, notes):
    rest, found = bylines.split_trailing(text)
    assert rest.endswith(rest_end)
    assert found == notes


def test_split_trailing_stacked_notes():
    rest, found = bylines.split_trailing("让群众便利。(转自《吉林日报》)(下转第二版)")
    assert rest == "让群众便利。"
    assert found == {"continued": "(下转第二版)", "source_note": "(转自《吉林日报》)", "source": "吉林日报"}


@pytest.mark.parametrize(
    "text",
    [
        # 000:100: a bracketed (试行) inside a document title is not a writer's credit
        seed_lines("000", 100, 100),
        "联合印发《关于加强全省互联网业党建工作的实施意见(试行)》",  # 000:100 (cut after the title)
        "联合印发关于加强全省互联网业党建工作的实施意见(试行)",  # 000:100 without the book-title marks
        "在“奋斗百年路、启航新征程”——市直机关庆祝中国共产党成立100周年文艺作品大赛中",  # 002:142
    ],
)
def test_split_trailing_keeps_non_credits(text):
    rest, found = bylines.split_trailing(text)
    assert found == {}
    assert rest == text


@pytest.mark.parametrize("note", ["(试行)", "(待续)", "(未完待续)", "(全文完)"])
def test_split_trailing_bracketed_status_word_is_not_a_credit(note):
    # 000:100 with the document title's status note printed after the sentence.
    text = "联合印发《关于加强全省互联网业党建工作的实施意见》。" + note
    rest, found = bylines.split_trailing(text)
    assert "credit" not in found
    pf = parse_text("## 党旗飘扬“网”更红\n\n王小野《吉林日报》记者 潘锐 李抑楠\n\n" + text)  # 000:78, 82
    assert pf.articles[0].authors == ["王小野", "潘锐", "李抑楠"]


# --- masthead --------------------------------------------------------------------------------------


def test_masthead_facts_seed_002():
    top = seed_lines("002", 1, 24).split("\n")
    head = find_masthead(top)
    assert head is not None
    assert [i + 1 for i in head.indexes] == [5, 7, 9, 10, 12, 14, 18, 20, 22, 24]
    assert head.date == date(2021, 10, 22)
    assert head.weekday == "星期五"
    assert head.lunar_date == "辛丑年九月十七"
    assert head.issue_number == 8381
    assert head.page_count == 4


def test_masthead_in_the_parse_of_seed_002():
    pf = parse_snippet("002", (1, 36))
    (blk,) = [b for b in pf.blocks if b.kind == "masthead"]
    assert blk.lines == [5, 7, 9, 10, 12, 14, 18, 20, 22, 24]
    f = pf.facts
    assert (f.paper, f.city, f.city_evidence) == ("辽源日报", "辽源", "masthead")
    assert (f.date, f.date_evidence, f.weekday) == (date(2021, 10, 22), "masthead", "星期五")
    assert (f.lunar_date, f.issue_number, f.page_count) == ("辛丑年九月十七", 8381, 4)
    # The ear-box caption inside the masthead (line 18) is no article.
    assert all(18 not in a.lines for a in pf.articles)


@pytest.mark.parametrize(
    "line, yes",
    [
        ("LIAO YUAN RI BAO", True),  # 002:7
        ("2021年10月22日 星期五", True),  # 002:9
        ("辛丑年九月十七 九月十八日", True),  # 002:10
        ("总第8381期 今日4版", True),  # 002:12
        ("国内统一刊号:CN22-0010 E-mail:jl_lyrb@126.com", True),  # 002:14
        ("新闻热线:0437-3249118", True),  # 002:22
        ("党史学习教育中央第二督导组到我市调研指导", False),  # 002:26
        ("省委第九巡视组于2020年6月11日至7月24日", False),  # 003:93 (a date without weekday)
    ],
)
def test_masthead_line(line, yes):
    assert is_masthead_line(line) is yes


@pytest.mark.parametrize("prefix", ["000", "001", "004"])
def test_no_masthead_on_inside_or_plain_pages(prefix):
    assert find_masthead(seed_text(prefix).split("\n")) is None
    pf = parse_snippet(prefix, (1, 40))
    assert not [b for b in pf.blocks if b.kind == "masthead"]
    assert pf.facts.issue_number is None and pf.facts.date_evidence != "masthead"


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


# --- segmentation ------------------------------------------------------------------------------------


def test_column_break_join_seed_000():
    # 000:7-15: one lead paragraph cut into five raw lines at column breaks, mid-word
    # ("…并就调研情况" / "进行讨论", "残疾人权" / "益保护").
    pf = parse_snippet("000", (5, 16))
    (art,) = pf.articles
    assert len(art.paragraphs) == 1
    assert art.paragraphs[0].lines == [7, 9, 11, 13, 15]
    body = art.body[0]
    assert "并就调研情况进行讨论。" in body
    assert "残疾人权益保护工作体现" in body
    assert "\n" not in body and " " not in body.replace("5月17日", "")


def test_column_break_fragment_with_a_comma_joins():
    # 000:128 "一年后的同一天,“红网行动”在我省正式" is title-shaped (weak) but continues on 000:130.
    pf = parse_snippet("000", (124, 131))
    (art,) = pf.articles
    assert any("在我省正式启动,吉林省新媒体协会党支部同日成立" in p for p in art.body)


def test_column_break_fragment_without_comma_joins():
    pf = parse_snippet("004", (39, 54))
    (art,) = pf.articles
    assert [p.role for p in art.paragraphs] == ["p"] * len(art.paragraphs)
    assert any("用电需求高,加之开幕前几日突降暴雨" in p for p in art.body)


def test_caption_cuts_a_body_mid_word_seed_002():
    # 002:40 ends "询问党史学习", the photo caption 002:44 follows, and 002:46 goes on "教育具体做法".
    pf = parse_snippet("002", (25, 27), (33, 51))
    art, photo = pf.articles
    assert art.headline == "党史学习教育中央第二督导组到我市调研指导"
    assert any("询问党史学习教育具体做法" in p for p in art.body)
    assert art.figures == [1]
    assert photo.kind == "photo"
    assert photo.byline == "本报记者 夏景明 摄"
    assert photo.authors == ["夏景明"]
    assert photo.lines == [44]
    assert photo.body[0].endswith("了解相关情况。")
    assert 44 not in art.lines


def test_uncredited_caption_cuts_a_body_mid_word_seed_003():
    # 003:51 ends "大力实施生产", the 图为 caption 003:55 has no credit, 003:57 goes on "线智能化".
    pf = parse_snippet("003", (42, 62))
    art, photo = pf.articles
    assert art.kicker == "柴伟到经济开发区调研工业及商贸服务业运行情况时强调"
    assert art.headline == "加快“双升”步伐 推动“袜业+纺织产业”持续发展壮大"
    assert any("大力实施生产线智能化" in p for p in art.body)
    assert (photo.kind, photo.byline, photo.lines) == ("photo", None, [55])
    assert art.figures == [1]


def test_caption_set_apart_and_followed_by_credit_seed_001():
    # 001:29 and 001:35 are captions only because a layout break precedes them and a credit follows.
    pf = parse_snippet("001", (1, 8), (23, 38))
    art, p1, p2 = pf.articles
    assert art.body[-1].endswith("那是一件件好事、实事累积的获得感和幸福感。")
    assert (p1.kind, p1.byline, p1.authors, p1.lines) == ("photo", "本报通讯员 王新月 摄", ["王新月"], [29, 31])
    assert (p2.kind, p2.byline, p2.authors, p2.lines) == ("photo", "本报通讯员 窦晶鸿 摄", ["窦晶鸿"], [35, 37])
    assert p1.body[0].startswith("日前,梨树县融媒体中心举行")


def test_in_article_subhead_stays_in_the_article_seed_001():
    # 001:11 "精心打造党建品牌 让双拥更有生命力" has the shape of a kicker but is an in-body subhead.
    pf = parse_snippet("001", (1, 26))
    (art,) = pf.articles
    assert art.headline == "凝聚红色力量 激发治理活力"
    assert art.subheadline == "双辽市退役军人事务局党建引领基层治理侧记"
    subheads = [p.text for p in art.paragraphs if p.role == "subhead"]
    assert subheads == ["精心打造党建品牌 让双拥更有生命力", "有一份热爱一份光 让党建红利惠及群众",
                        "用真情传递党的声音 让红色精神熠熠发光"]
    assert [p.lines for p in art.paragraphs if p.role == "subhead"] == [[11], [15], [21]]


def test_kicker_headline_pair_starts_a_new_article_seed_001():
    # Two title lines in a row (001:53, 55) inside an open article start a new one, even though
    # this article lost its byline (its body opens mid-word, 001:57).
    pf = parse_snippet("001", (1, 26), (52, 60))
    first, second = pf.articles
    assert first.headline == "凝聚红色力量 激发治理活力"
    assert (second.kicker, second.headline) == ("发挥自身优势 提升建设水平", "市政协调研组调研铁西城乡人居环境建设")
    assert second.byline is None
    assert second.body[0] == "态感到十分满意。"
    assert second.lines == [53, 55, 57, 59]


def test_kicker_headline_pair_with_dateline_seed_001():
    pf = parse_snippet("001", (38, 52), (60, 66))
    first, second = pf.articles
    assert (first.kicker, first.headline) == ("规范市场秩序 净化文化环境", "铁东区新闻出版局开展“扫黄打非·护苗”专项检查")
    assert any("共同保护好青少年的身心健康。" in p for p in first.body)  # 001:47-49 joined
    assert (second.kicker, second.headline) == ("互动选 双向挂 复合管", "伊通满族自治县多举措促挂职干部全面发展")
    assert second.byline == "本报讯(通讯员 张健 徐天龙)"
    assert second.authors == ["张健", "徐天龙"]


def test_interleaved_title_blocks_seed_002():
    # 002:26 title, 002:28-32 another article's whole title block, 002:34 the first one's byline.
    pf = parse_snippet("002", (25, 37))
    lead, comment = pf.articles
    assert lead.headline == "党史学习教育中央第二督导组到我市调研指导"
    assert lead.byline == "本报讯(记者 王茵)"
    assert lead.authors == ["王茵"]
    assert lead.body[0].startswith("10月20日至21日,党史学习教育中央第二督导组副组长朱虹")
    assert lead.lines == [26, 34, 36]
    assert comment.headline == "弘扬红岩精神，赓续红色血脉"
    assert comment.subheadline == "论中国共产党人的精神谱系之二十六"
    assert comment.byline == "《人民日报》评论员"
    assert (comment.authors, comment.source, comment.kind) == ([], "人民日报", "commentary")
    assert comment.lines == [28, 30, 32]


def test_interleaved_commentary_gets_its_later_body_seed_002():
    pf = parse_text(seed_text("002"))
    comment = by_headline(pf, "弘扬红岩精神，赓续红色血脉")
    assert comment.body[0].startswith("重庆是一块英雄的土地")
    assert comment.body[-1].endswith("不断书写中华民族伟大复兴的壮丽篇章。")
    assert comment.source_note == "(转自《人民日报》)"
    assert 78 in comment.lines and 62 not in comment.lines


def test_body_printed_before_its_headline_seed_000():
    # 000:51-55 is the commentary's body; its title (000:57) and byline (000:59) come after it,
    # directly below the science-week article.
    pf = parse_snippet("000", (38, 60))
    science, comment = pf.articles
    assert science.headline == "我市举行2019年科技活动周暨青少年科普进校园启动仪式"
    assert science.body[-1].startswith("启动仪式后,与会人员参观了多寿路小学")
    assert comment.kicker == "保护环境,为城市添绿系列评论之一"
    assert comment.headline == "栽树是前提 活树是关键"
    assert comment.byline == "本报记者 刘红娟"
    assert comment.body[0].startswith("我市百万亩水源涵养林建设启动以来")
    assert comment.body[-1].endswith("一起为让家乡的生态环保工作贡献力量。")
    assert comment.lines == [51, 53, 55, 57, 59]
    assert comment.kind == "commentary"


def test_series_colon_title_split():
    pf = parse_text("保护环境,为城市添绿系列评论之一: 栽树是前提 活树是关键\n\n本报记者 刘红娟\n\n"  # 000:57, 59
                    "植树造林改善生态环境是一项长期工程。")  # 000:55 (first sentence)
    (art,) = pf.articles
    assert (art.kicker, art.headline) == ("保护环境,为城市添绿系列评论之一", "栽树是前提 活树是关键")


def test_attribution_title_split_seed_003():
    # 003:43: "…运行情况时强调 加快“双升”步伐 …": the 时强调 part is the kicker.
    pf = parse_snippet("003", (42, 46))
    (art,) = pf.articles
    assert art.kicker == "柴伟到经济开发区调研工业及商贸服务业运行情况时强调"
    assert art.headline == "加快“双升”步伐 推动“袜业+纺织产业”持续发展壮大"
    assert art.byline == "本报讯(记者 王茵)"


def test_column_banner_above_a_title_is_a_label_seed_003():
    pf = parse_snippet("003", (39, 46))
    (art,) = pf.articles
    assert art.labels == ["聚焦补齐思想观念短板 推动辽源高质量转型发展"]  # 003:40
    assert 40 in art.lines


def test_colon_kicker_seed_004():
    pf = parse_snippet("004", (38, 44))
    (art,) = pf.articles
    assert art.kicker == "国网白城供电公司:"
    assert art.headline == "主动服务保供电 点亮城市夜经济"
    assert art.byline == "本报讯(刘鑫宇)"
    assert art.authors == ["刘鑫宇"]
    assert art.lines == [39, 41, 43]


def test_photo_credit_before_its_photo_title_seed_004():
    pf = parse_snippet("004", (38, 43), (52, 68))
    power, photo, news = pf.articles
    assert power.body[-1].startswith("今年上半年,白城市港原、火车头、新景等夜市相继开市")
    assert photo.kind == "photo"
    assert photo.headline == "镇赉「南湖」: 一池荷花送清凉"
    assert photo.byline == "摄影:潘晨昱 姜海涛"
    assert photo.authors == ["潘晨昱", "姜海涛"]
    assert photo.lines == [57, 59]
    assert news.headline == "成来电气获国家第四批“专精特新”“小巨人”企业称号"
    assert news.byline == "本报讯(记者尹雪)"


def test_column_banner_is_not_a_kicker_seed_004():
    pf = parse_text(seed_text("004"))
    art = by_headline(pf, "成来电气获国家第四批“专精特新”“小巨人”企业称号")
    assert art.kicker is None
    assert "政务之窗·微白城" in art.labels


def test_column_tag_after_a_body_is_not_the_next_kicker_seed_003():
    pf = parse_text(seed_text("003"))
    art = by_headline(pf, "省委第九巡视组巡视辽源市公告")
    assert art.kicker is None


def test_notice_closed_by_its_signature_date_seed_003():
    pf = parse_snippet("003", (90, 122))
    notice, report, news = pf.articles
    assert notice.headline == "省委第九巡视组巡视辽源市公告"
    assert notice.kind == "notice"
    assert notice.body[-2:] == ["特此公告。", "中共吉林省委第九巡视组2020年6月11日"]
    assert notice.lines[-1] == 105
    assert report.headline == "辽源市新型冠状病毒肺炎疫情情况通报"
    assert report.kind == "notice"
    assert report.body[-1] == "辽源市新型冠状病毒肺炎疫情防控工作领导小组办公室2020年7月5日"
    assert news.headline == "市领导为市人大常委会机关党员干部上党课"


def test_signature_date_closes_the_notice_for_a_bare_title():
    # After the signature date (003:115) a lone title followed by text is a new article;
    # without the signature it would be read as an in-article subhead.
    tail = "\n\n白城市文化中心举办烫画展\n\n" + seed_lines("004", 77, 77)  # 004:73, 77 (no byline)
    signed = parse_text(seed_lines("003", 107, 115) + tail)
    assert [a.headline for a in signed.articles] == ["辽源市新型冠状病毒肺炎疫情情况通报", "白城市文化中心举办烫画展"]
    unsigned = parse_text(seed_lines("003", 107, 112) + tail)
    (only,) = unsigned.articles
    assert "白城市文化中心举办烫画展" in [p.text for p in only.paragraphs if p.role == "subhead"]


def test_reprint_source_note_and_trailing_credit_seed_000():
    pf = parse_text(seed_text("000"))
    news = by_headline(pf, "东丰县举行“科普中国”频道开播仪式")
    assert (news.byline, news.credit, news.authors) == ("本报讯", "(刘永来 孙碩琳)", ["刘永来", "孙碩琳"])
    assert news.body[-1].endswith("努力开创东丰科技事业繁荣发展新局面。")
    feature = by_headline(pf, "党旗飘扬“网”更红")
    assert (feature.source, feature.source_note) == ("吉林日报", "(转自《吉林日报》)")
    assert feature.body[-1].endswith("奋力书写吉林互联网业党建新篇章。")
    assert [feature.paragraphs[i].text for i, p in enumerate(feature.paragraphs) if p.role == "subhead"] == [
        "强化引导凝聚共识 为互联网业发展植入“红色基因”", "创新载体履行职责 为互联网业发展积聚“红色力量”"]


def test_jump_note_glued_seed_003():
    pf = parse_text(seed_text("003"))
    art = by_headline(pf, "“领”出好导向 “推”出新动能")
    assert art.continued == "(下转第二版)"
    assert art.body[-1].endswith("谁家遇到事,")
    assert art.source == "吉林日报"


def test_body_before_headline_keeps_its_source_note():
    # 002:126-130 (body ending in "(转自《人民日报》)") printed before its title 002:124.
    pf = parse_text(seed_lines("002", 126, 130) + "\n\n" + seed_lines("002", 124, 124))
    (art,) = pf.articles
    assert art.headline == "服务越到位 群众越满意"
    assert art.source_note == "(转自《人民日报》)"
    assert art.source == "人民日报"
    assert art.kind == "commentary"


def test_body_before_headline_keeps_its_credit():
    # 000:63-71 (bare 本报讯 lead, credit at the end) printed before its heading 000:61.
    pf = parse_text(seed_lines("000", 63, 71) + "\n\n" + seed_lines("000", 61, 61))
    (art,) = pf.articles
    assert art.headline == "东丰县举行“科普中国”频道开播仪式"
    assert art.credit == "(刘永来 孙碩琳)"
    assert art.authors == ["刘永来", "孙碩琳"]


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
