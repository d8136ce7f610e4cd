"""Units: how a page is cut before the role model labels it, on real snippets.

Every non-space character of a page is in exactly one unit (property-tested), and each cut
is a property of newspaper text: a dateline glued to a lead, a note closing a paragraph, a
Markdown image, and the pieces of a page flattened into one line.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive.model import Line
from newsarchive.parse.units import units_of

from parsekit import HYPOTHESIS_EXAMPLES


def cut(text: str) -> list[tuple[str, str]]:
    lines = [Line(i + 1, t) for i, t in enumerate(text.split("\n"))]
    return [(u.text, u.origin) for u in units_of(lines)]


def test_dateline_glued_to_the_lead_is_a_unit_of_its_own():
    # seed 002, line 34; 人民日报 (rmrb-03) with NBSP runs before the bracket
    assert cut("本报讯(记者 王茵)10月20日至21日,党史学习教育中央第二督导组副组长朱虹率队到我市调研。")[:2] == [
        ("本报讯(记者 王茵)", "line"), ("10月20日至21日,党史学习教育中央第二督导组副组长朱虹率队到我市调研。", "lead")]
    units = cut("\u3000\u3000本报北京2月25日电\xa0\xa0（记者王浩）正值全国各地春耕备耕之际，水利部抓好疫情防控。")
    assert units[0] == ("本报北京2月25日电\xa0\xa0（记者王浩）", "line")
    assert units[1][0].startswith("正值全国各地")


def test_traditional_and_bracketed_datelines():
    text = "〔本報南京廿四日電〕政院廿四日晨十時舉行次長會報，討論中央各機關加緊疏散問題。"
    assert cut(text)[0] == ("〔本報南京廿四日電〕", "line")
    assert cut("本報訊 市府昨日宣布新措施。")[0][0] == "本報訊"


def test_notes_that_close_a_paragraph_are_cut_off():
    # a writer's name at the end (rmrb-09), a photo credit after a caption (seed 002), a reprint note
    assert cut("本报电  日前，中国航天基金会向中国科技馆赠送模型。（刘诗瑶）")[-1] == ("（刘诗瑶）", "tail")
    assert cut("图为朱虹一行在东北沦陷时期辽源矿工墓陈列馆了解相关情况。本报记者 夏景明 摄")[-1] == (
        "本报记者 夏景明 摄", "tail")
    stacked = cut("这是评论的最后一句。(转自《人民日报》)(下转第二版)")
    assert [t for t, _ in stacked] == ["这是评论的最后一句。", "(转自《人民日报》)", "(下转第二版)"]
    # a bracket inside a sentence is not a note
    assert len(cut("会议通过了《条例》（试行）并决定实施")) == 1


def test_markdown_image_is_a_caption_a_credit_and_an_address():
    units = cut("![恒指較早時報21397點，升幅1.62%。（港台圖片）](https://example.org/a.jpg)")
    assert units == [("恒指較早時報21397點，升幅1.62%。", "image"), ("（港台圖片）", "tail"),
                     ("https://example.org/a.jpg", "url")]


def test_an_html_dump_s_blocks_are_lines_and_its_headings_headings():
    # a web crawl that kept its markup: the dateline inside <p> is cut off as on any line, an
    # <h2> is a heading like a Markdown one, a wholly bold paragraph a bold line; the tags are
    # in the first and last unit of their line
    lines = [Line(1, "<h2>全省粮食总产量再创新高</h2>"),
             Line(2, "<p>据新华社长春3月4日电（记者&nbsp;李华）记者从吉林省统计局获悉，去年全省粮食总产量再创新高。</p>"),
             Line(3, "<p><strong>新闻链接</strong></p>")]
    units = units_of(lines)
    assert [(u.text, u.mark) for u in units] == [
        ("全省粮食总产量再创新高", "h2"), ("据新华社长春3月4日电（记者\xa0李华）", ""),
        ("记者从吉林省统计局获悉，去年全省粮食总产量再创新高。", ""), ("新闻链接", "bold")]
    assert (units[0].start, units[0].end) == (0, len(lines[0].text))
    assert units[1].start == 0 and units[2].end == len(lines[1].text)
    # inline markup inside a block is stripped from the text
    (u,) = units_of([Line(1, "<p>甲<b>乙</b></p>")])
    assert u.text == "甲乙"


def test_an_html_page_saved_as_one_line_is_cut_at_its_blocks():
    # a crawl that saved the page without line breaks: each block (and each <br>) is a printed
    # line; the tags between two blocks belong to the unit after them, so the units tile the line
    raw = ("<h1>我市召开春季农业生产工作会议</h1><p>本报讯（记者&nbsp;王明）3月5日，我市召开春季农业生产工作会议。</p>"
           "<p>会议要求，各地要抓好农资供应。<br>确保不误农时。</p> <div></div><p>责任编辑：张三</p>")
    units = units_of([Line(1, raw)])
    assert [(u.text, u.origin, u.mark) for u in units] == [
        ("我市召开春季农业生产工作会议", "block", "h1"), ("本报讯（记者\xa0王明）", "block", ""),
        ("3月5日，我市召开春季农业生产工作会议。", "lead", ""), ("会议要求，各地要抓好农资供应。", "block", ""),
        ("确保不误农时。", "block", ""), ("责任编辑：张三", "block", "")]
    assert units[0].start == 0 and units[-1].end == len(raw)
    assert all(a.end <= b.start and raw[a.end:b.start].strip() == "" for a, b in zip(units, units[1:]))
    assert not any(u.flat for u in units)


def test_markdown_heading_keeps_its_text():
    lines = [Line(1, "# 香港迪士尼樂園20周年期間限定活動　6月28日展開橫跨一年")]
    (u,) = units_of(lines)
    assert u.mark == "h1" and u.text.startswith("香港迪士尼")


def test_flattened_page_is_cut_at_spaces_circles_and_datelines():
    # 申報 1949 (sb-01) and 1887 (sb-03): one line holds the whole page
    body = "政院廿四日晨十時舉行次長會報，討論中央各機關加緊疏散問題。" * 24
    text = f"中央各機關疏散 決於月底前竣事 〔本報南京廿四日電〕{body} 活埋竊犯○九江北岸封一鄉張家灣地方有張姓者"
    units = units_of([Line(1, text)])
    got = [u.text for u in units]
    assert got[:3] == ["中央各機關疏散", "決於月底前竣事", "〔本報南京廿四日電〕"]
    assert "活埋竊犯○" in got and "九江北岸封一鄉張家灣地方有張姓者" in got
    assert all(u.flat for u in units)


def test_a_heading_run_on_into_its_story_with_a_circle_is_marked_a_heading():
    # 申報 1887 (sb-03): 活埋竊犯○九江…; 申報 1906 (sb-02): a list whose items end in ○ is not
    # headings; a ○ between numerals is a zero (二○一九年), not a separator
    story = "九江北岸封一鄉張家灣地方有張姓者年已三十遊手好閒" * 30
    items = "（渡江日期順序如左）○十三日鎭司令處第十六協司令處○十四日炮隊第一營及第二營（欠各本署）○十五日步隊"
    text = f"活埋竊犯○{story} {items} 據統計二○一九年全省糧食產量創新高 饑民滋事○近日聞有逃荒難民數百人"
    units = units_of([Line(1, text)])
    heads = [u.text for u in units if u.mark == "sep"]
    assert heads == ["活埋竊犯○", "饑民滋事○"]
    assert "據統計二○一九年全省糧食產量創新高" in [u.text for u in units]
    assert all(u.flat for u in units)


def test_a_flattened_page_that_opens_with_a_markdown_heading_is_still_cut():
    # seed 000 run together into one line: its first title carries "## "; the whole page was
    # one heading unit
    body = "本报讯(记者 付晓娟 魏利军)5月17日,省政协副主席兰宏良率省政协调研组一行成员到我市。" * 16
    text = f"## 省政协调研组到我市就残疾人权益保护工作进行调研 {body} 孙弘检查指导农村人居环境整治工作"
    units = units_of([Line(1, text)])
    assert len(units) >= 4 and all(u.flat for u in units)
    assert units[0].start == 0 and units[0].text == "省政协调研组到我市就残疾人权益保护工作进行调研"
    assert units[1].text == "本报讯(记者 付晓娟 魏利军)"
    assert units[-1].text == "孙弘检查指导农村人居环境整治工作"


def test_blank_lines_are_counted_as_gaps():
    units = units_of([Line(1, "标题"), Line(2, ""), Line(3, "\u3000"), Line(4, "正文。")])
    assert [u.gap for u in units] == [0, 2]


def _solid(text: str) -> str:
    return "".join(c for c in text if not c.isspace())


PIECES = st.sampled_from([
    "本报讯(记者 王茵)", "〔本報南京廿四日電〕", "（刘诗瑶）", "本报记者 夏景明 摄", "![图", "](http://x/y)",
    "# ", "**", "<b>", "---", "○", "。", "，", " ", "\xa0\xa0", "\u3000", "\t", "标题", "正文内容很长", "A1",
    "(转自《人民日报》)", "——", "\u200b", "【本报讯】", "<p>", "</p>", "<h2>", "</h2>", "&nbsp;",
])


@settings(max_examples=HYPOTHESIS_EXAMPLES, deadline=None)
@given(st.lists(st.lists(PIECES, max_size=40).map("".join), min_size=1, max_size=8), st.integers(0, 900))
def test_every_character_is_in_exactly_one_unit(lines, pad):
    # pad one line past the flattening length now and then
    if pad > 600 and lines:
        lines[0] = lines[0] + "长" * pad + " 文"
    numbered = [Line(i + 1, t) for i, t in enumerate(lines)]
    units = units_of(numbered)
    for ln in numbered:
        spans = sorted((u.start, u.end) for u in units if u.line == ln.no)
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), spans
        covered = "".join(ln.text[s:e] for s, e in spans)
        assert _solid(covered) == _solid(ln.text)


def test_a_whole_html_page_on_one_line_keeps_its_head_and_scripts_out_of_the_text():
    # the head (title, metadata), scripts, styles, comments and doctype are markup between blocks:
    # in the units' spans (every character placed), in no unit's text
    raw = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>我市召开春季农业生产工作会议_辽源日报</title>'
           '<style>body{color:#333}</style><script>var a = "<p>不是正文</p>";</script></head><body>'
           '<!-- 正文开始 --><h1>我市召开春季农业生产工作会议</h1><p>本报讯（记者&nbsp;王明）3月5日，我市召开会议。</p>'
           '</body></html>')
    units = units_of([Line(1, raw)])
    assert [u.text for u in units] == ["我市召开春季农业生产工作会议", "本报讯（记者\xa0王明）", "3月5日，我市召开会议。"]
    assert units[0].mark == "h1" and all(u.first == (u.origin == "block") for u in units)
    assert units[0].start == 0 and units[-1].end == len(raw)


def test_an_html_page_s_code_on_lines_of_its_own_is_marked_code():
    # a crawl saved with line breaks: the head (over several lines), a script, lines of tags only
    # are page code (furniture whatever the model reads); the printed text is not
    lines = ["<!DOCTYPE html><html><head>", '<meta charset="utf-8">', "<title>我市召开春季农业生产工作会议_辽源日报</title>",
             "<script>", "var a = 1;", "</script>", "</head>", "<body>", "<!-- 正文", "开始 -->",
             "<h1>我市召开春季农业生产工作会议</h1>", "<p>本报讯（记者 王明）3月5日，我市召开会议。</p>", "</body></html>"]
    units = units_of([Line(i + 1, t) for i, t in enumerate(lines)])
    code = [u.line for u in units if u.mark == "code"]
    assert code == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13]
    assert [u.text for u in units if u.mark != "code"] == [
        "我市召开春季农业生产工作会议", "本报讯（记者 王明）", "3月5日，我市召开会议。"]


def test_a_tag_in_printed_text_is_no_page_code():
    units = units_of([Line(1, "<p>会议要求，各地要抓好农资供应。</p>"), Line(2, "小于号<不是标签，a<b 也不是。")])
    assert not any(u.mark == "code" for u in units)


def test_a_line_of_one_piece_keeps_the_units_defaults_first_and_last():
    """``units_of`` sets ``first`` and ``last`` only on the pieces of a line cut in several (a
    unit of a line of one piece keeps its defaults, which say it is both); a line cut in two,
    and an HTML page's blocks saved on one line, say where each printed line starts and ends."""
    lines = [Line(1, "一行到底的文字"), Line(2, "本报讯(记者 王茵)10月20日,朱虹到我市调研。"),
             Line(3, "<p>第一段。</p><p>第二段。</p>")]
    got = [(u.line, u.first, u.last) for u in units_of(lines)]
    assert got == [(1, True, True), (2, True, False), (2, False, True), (3, True, True), (3, True, True)]


def _bracketed_by_characters(raw: str, s: int, e: int) -> set[int]:
    """``units._bracketed`` as it was first written: a loop over every character."""
    from newsarchive.parse.units import OPENERS

    inside: set[int] = set()
    k = s
    while k < e:
        close = OPENERS.get(raw[k])
        if close is not None:
            end = raw.find(close, k + 1, min(e, k + 42))
            if end > 0:
                inside.update(range(k + 1, end))
                k = end
        k += 1
    return inside


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="（）()〔〕【】《》記者 王茵電", max_size=120), st.data())
def test_bracketed_positions_are_those_of_a_scan_of_every_character(raw, data):
    from newsarchive.parse.units import _bracketed

    s = data.draw(st.integers(min_value=0, max_value=len(raw)))
    e = data.draw(st.integers(min_value=s, max_value=len(raw)))
    assert _bracketed(raw, s, e) == _bracketed_by_characters(raw, s, e)
