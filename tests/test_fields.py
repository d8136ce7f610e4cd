"""A crawl saved as labelled fields (``标题：…``, ``作者：…``, ``正文：``) read as its labels say
(``units.FIELDS``, ``decode.FIELD_ROLES``), on a real story (人民日报 2019-02-20, rmrb-08)."""

from __future__ import annotations

import json

import pytest

from newsarchive.model import Line
from newsarchive.parse.train import labelled_pages, packaged_folder
from newsarchive.parse.fields import crawl_form
from newsarchive.parse.units import units_of
from newsarchive.sources import decode, split_lines

from parsekit import assert_placed_once, by_headline, parse_text

CRAWL = """【标题】：首次央行票据互换操作开展
副标题：人民银行20日开展了首次央行票据互换（CBS）操作，费率为0.25%，操作量为15亿元，期限1年
作者：欧阳洁
来源：人民日报
发布时间：2019-02-21 05:35
版次：10
正文：
为提升银行永续债的市场流动性，支持银行发行永续债补充资本，人民银行20日开展了首次央行票据互换（CBS）操作，费率为0.25%，操作量为15亿元，期限1年。
本次操作采用数量招标方式，面向公开市场业务一级交易商进行公开招标。
央行票据互换

标题：人工智能创新发展试验区落户北京
引题：北京
作者：赵永新
来源：人民日报
正文：旨在打造全球人工智能学术思想、基础理论、顶尖人才、企业创新和发展政策源头的北京国家新一代人工智能创新发展试验区日前揭牌。
据介绍，试验区将以体制机制创新为突破口。
责任编辑：王娜
"""


def test_a_crawl_saved_as_fields_reads_as_its_labels_say():
    pf = parse_text(CRAWL)
    assert [a.headline for a in pf.articles] == ["首次央行票据互换操作开展", "人工智能创新发展试验区落户北京"]
    first = by_headline(pf, "首次央行票据互换操作开展")
    assert first.subheadline.startswith("人民银行20日开展了首次央行票据互换")
    assert first.byline == "作者：欧阳洁" and first.authors == ["欧阳洁"]
    # the text field's lines are the story, a short line among them too (read alone: a title)
    assert [p.text[:6] for p in first.paragraphs] == ["为提升银行永", "本次操作采用", "央行票据互换"]
    second = by_headline(pf, "人工智能创新发展试验区落户北京")
    assert second.kicker == "北京" and second.authors == ["赵永新"]
    assert [p.text[:6] for p in second.paragraphs] == ["旨在打造全球", "据介绍，试验"]
    furniture = "\n".join(b.text for b in pf.blocks)
    assert "来源：人民日报" in furniture and "版次：10" in furniture and "责任编辑：王娜" in furniture
    assert_placed_once(pf, CRAWL.split("\n"))


def test_field_labels_are_text_where_no_line_labels_a_title():
    # a notice's own 时间：/内容： lines (no 标题： anywhere) are its text, not a crawl's fields
    notice = ["关于召开年度股东大会的通知", "各位股东：", "时间：2023年3月20日上午9时", "内容：审议年度报告。"]
    lines = [Line(i + 1, t) for i, t in enumerate(notice)]
    assert not crawl_form(lines)
    assert not any(u.mark for u in units_of(lines))
    pf = parse_text("\n".join(notice))
    assert "时间：2023年3月20日上午9时" in "".join(p.text for a in pf.articles for p in a.paragraphs)
    # an empty title field labels nothing
    assert not crawl_form([Line(1, "标题："), Line(2, "时间：3月20日")])


def test_no_labelled_page_is_a_crawl_of_fields():
    for page in labelled_pages(packaged_folder()):
        text = decode(page.raw_path.read_bytes(), page.raw_path.name).text
        assert not crawl_form(split_lines(text)), page.name


STORY = {
    "title": "人工智能创新发展试验区落户北京",
    "subtitle": "这是我国首个国家新一代人工智能创新发展试验区",
    "author": "赵永新",
    "source": "人民日报",
    "date": "2019-02-21",
    "content": "旨在打造全球人工智能学术思想、基础理论、顶尖人才的“北京国家新一代人工智能创新发展试验区”日前揭牌。\n"
               "据介绍，试验区将以体制机制创新为突破口。\n\n北京智源行动计划同步启动。",
}


@pytest.mark.parametrize("dump", [
    lambda objs: json.dumps(objs[0], ensure_ascii=False, indent=2),  # one key to a line
    lambda objs: json.dumps(objs[0], ensure_ascii=False),  # the object on one line
    lambda objs: json.dumps(objs[0]),  # \\uXXXX escapes
    lambda objs: "\n".join(json.dumps(o, ensure_ascii=False) for o in objs),  # JSON Lines
    lambda objs: json.dumps(objs, ensure_ascii=False, indent=1),  # an array
])
def test_a_crawl_saved_as_json_reads_as_its_keys_say(dump):
    second = dict(STORY, title="香港与内地扩大航空运输安排", author="张庆波", subtitle="",
                  content="日前公布的《粤港澳大湾区发展规划纲要》指出，巩固提升香港国际航空枢纽地位。")
    text = dump([STORY, second])
    pf = parse_text(text)
    art = by_headline(pf, "人工智能创新发展试验区落户北京")
    assert art.subheadline == "这是我国首个国家新一代人工智能创新发展试验区"
    assert art.byline == "赵永新" and art.authors == ["赵永新"]
    assert [p.text for p in art.paragraphs] == [
        "旨在打造全球人工智能学术思想、基础理论、顶尖人才的“北京国家新一代人工智能创新发展试验区”日前揭牌。",
        "据介绍，试验区将以体制机制创新为突破口。", "北京智源行动计划同步启动。"]
    assert "source: 人民日报" in "\n".join(b.text for b in pf.blocks)
    if "香港" in text or "\\u9999" in text:
        assert [a.headline for a in pf.articles][-1] == "香港与内地扩大航空运输安排"
    assert_placed_once(pf, text.split("\n"))
