"""Shared helpers for the parser tests: the seed corpus, a one-call parse of a text snippet,
a character-level losslessness check, and hypothesis strategies that compose realistic
newspaper-dump lines.

Imported by the test modules as ``parsekit`` (pytest puts ``tests/`` on ``sys.path``).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from hypothesis import strategies as st

from newsarchive.model import Line, ParsedFile
from newsarchive.papers import load_registry
from newsarchive.parse import parse_lines

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
CORPUS = ROOT / "corpus"
SEEDS = sorted(CORPUS.glob("*.txt"))
SEED_NAMES = [p.stem for p in SEEDS]

HYPOTHESIS_EXAMPLES = int(os.environ.get("NEWSARCHIVE_HYPOTHESIS_EXAMPLES", "500"))


@lru_cache(maxsize=1)
def registry():
    return load_registry()


def parse_text(text: str, path: str = "x.txt") -> ParsedFile:
    """Parse a text snippet exactly as the pipeline parses a decoded file (no hints)."""
    lines = [Line(i + 1, t) for i, t in enumerate(text.split("\n"))]
    return parse_lines(lines, path=path, registry=registry())


@lru_cache(maxsize=None)
def seed_text(prefix: str) -> str:
    """The text of the seed whose file name starts with ``prefix`` (``"002"``)."""
    (path,) = [p for p in SEEDS if p.name.startswith(prefix)]
    return path.read_text(encoding="utf-8")


def seed_lines(prefix: str, first: int, last: int) -> str:
    """Raw lines ``first..last`` (1-based, inclusive) of a seed, joined with newlines."""
    return "\n".join(seed_text(prefix).split("\n")[first - 1 : last])


def parse_snippet(prefix: str, *ranges: tuple[int, int]) -> ParsedFile:
    """Parse raw lines of one seed, keeping their real line numbers, from one or more
    inclusive ``(first, last)`` ranges laid end to end (the ranges should start or end with
    a blank line where the page has one, so the layout stays as printed)."""
    raw = seed_text(prefix).split("\n")
    lines = [Line(no, raw[no - 1]) for first, last in ranges for no in range(first, last + 1)]
    return parse_lines(lines, path=f"{prefix}.txt", registry=registry())


def parse_seed(prefix: str) -> ParsedFile:
    (path,) = [p for p in SEEDS if p.name.startswith(prefix)]
    return parse_text(path.read_text(encoding="utf-8"), path=f"corpus/{path.name}")


def by_headline(pf: ParsedFile, headline: str):
    found = [a for a in pf.articles if a.headline == headline]
    assert len(found) == 1, f"{headline!r} found {len(found)} times in {[a.headline for a in pf.articles]}"
    return found[0]


# --- losslessness ----------------------------------------------------------------------------


DROPPABLE = set(":：○◎")
"""Layout a record may leave out of its text: the colon between a series label and its title
(…系列评论之一: 栽树是前提), the ○ between an old paper's heading and its story."""
LEADING_DASH = re.compile(r"^\s*(?:——|--|—|－－|―――?)")
"""The dashes that open a subheadline ("——我省…纪实") are layout; the gold strings omit them."""


def record_texts(pf: ParsedFile) -> list[tuple[str, list, str]]:
    """(record name, owned spans, all text the record keeps) for every record."""
    out = []
    for i, art in enumerate(pf.articles):
        fields = [art.headline, art.kicker, art.subheadline, art.byline, art.credit, art.source_note,
                  art.continued, *art.labels, *(p.text for p in art.paragraphs)]
        out.append((f"article[{i}]", list(art.spans), "\n".join(f for f in fields if f)))
    for i, blk in enumerate(pf.blocks):
        out.append((f"{blk.kind}[{i}]", list(blk.spans), blk.text))
    return out


def unit_texts(raw_lines: list[str]) -> dict[tuple[int, int, int], str]:
    """(line, start, end) -> the unit's text, for every unit of a page (as the parser cuts
    them: with a narrow-column page's lines joined back together)."""
    from newsarchive.parse.reflow import page_units

    lines = [Line(i + 1, t) for i, t in enumerate(raw_lines)]
    out = {}
    for u in page_units(lines):
        if u.spans:  # printed lines joined back together: each piece is its raw text
            out.update({(ln, s, e): raw_lines[ln - 1][s:e] for ln, s, e in u.spans})
        else:
            out[(u.line, u.start, u.end)] = u.text
    return out


def lost_characters(pf: ParsedFile, raw_lines: list[str]) -> dict[str, Counter]:
    """For each record, the characters of the units it owns (their text: markup removed) that
    the record's text fields do not keep. Empty when nothing was lost."""
    texts = unit_texts(raw_lines)
    lost = {}
    for name, spans, text in record_texts(pf):
        wanted = Counter(c for (line, start, end, _) in spans
                         for c in LEADING_DASH.sub("", texts.get((line, start, end), "")) if not c.isspace())
        kept = Counter(c for c in text if not c.isspace())
        missing = wanted - kept
        for c in DROPPABLE:
            missing.pop(c, None)
        if missing:
            lost[name] = missing
    return lost


def placed_exactly_once(pf: ParsedFile, raw_lines: list[str]) -> list[str]:
    """The lossless proof, checked against the raw text itself: every non-space character of
    every line lies in exactly one record's span. Returns the problems (empty when it holds)."""
    problems = []
    cover: dict[int, list[tuple[int, int, str]]] = {}
    for name, spans, _ in record_texts(pf):
        for line, start, end, _n in spans:
            cover.setdefault(line, []).append((start, end, name))
    for no, raw in enumerate(raw_lines, 1):
        spans = sorted(cover.get(no, []))
        for a, b in zip(spans, spans[1:]):
            if a[1] > b[0]:
                problems.append(f"line {no}: {a[2]} and {b[2]} both hold [{b[0]}, {a[1]})")
        held = [False] * len(raw)
        for start, end, _ in spans:
            for k in range(start, min(end, len(raw))):
                held[k] = True
        lost = "".join(c for k, c in enumerate(raw) if not held[k] and not c.isspace() and c != "\ufeff")
        if lost:
            problems.append(f"line {no}: in no record: {lost!r}")
    return problems


def assert_placed_once(pf: ParsedFile, raw_lines: list[str]) -> None:
    """The lossless proof on one parsed page: every non-space character in exactly one
    record's span (checked against the raw text, and by ``ParsedFile.placement``), and every
    record keeps the characters of the units it owns."""
    assert placed_exactly_once(pf, raw_lines) == []
    assert lost_characters(pf, raw_lines) == {}
    placed, total, lost, twice = pf.placement()
    assert (placed, lost, twice) == (total, [], [])


@lru_cache(maxsize=1)
def corpus_lines() -> list[str]:
    """Every non-blank line of the five seeds."""
    return [ln for p in SEEDS for ln in p.read_text(encoding="utf-8").split("\n") if ln.strip()]


@lru_cache(maxsize=1)
def corpus_chars() -> str:
    return "".join(sorted({c for ln in corpus_lines() for c in ln if not c.isspace()}))


PUNCT = "。,，、:：;；!?！？“”‘’《》()（）「」——…·- "
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文柏"
GIVEN = "茵磊雪伟强博蓓晨昱涛鑫宇新月维维晶鸿健龙凡明勃红娟蕾景弘立军利娟永来琳锐楠智源"

name_st = st.builds(
    lambda s, g: s + g,
    st.sampled_from(SURNAMES),
    st.text(alphabet=GIVEN, min_size=1, max_size=2),
)
names_st = st.lists(name_st, min_size=1, max_size=3).map(" ".join)

cjk_text = st.text(alphabet=st.sampled_from(corpus_chars()), min_size=1, max_size=60)
mixed_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(corpus_chars()),
        st.sampled_from(PUNCT),
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    ),
    min_size=1,
    max_size=80,
)
sentence = st.builds(lambda t, end: t + end, cjk_text, st.sampled_from(["。", "。", "!", "?", ",", "", "”"]))

composed_line = st.one_of(
    st.sampled_from(corpus_lines()),
    st.sampled_from(corpus_lines()),
    st.just(""),
    st.just(""),
    mixed_text,
    sentence,
    st.builds(lambda n, t: "#" * n + " " + t, st.integers(1, 4), cjk_text),
    st.builds(lambda t: f"**{t}**", cjk_text),
    st.builds(lambda a, b: f"<b>{a}</b>{b}", cjk_text, mixed_text),
    st.builds(lambda n, t: f"本报讯(记者 {n}){t}", names_st, sentence),
    st.builds(lambda n, t: f"本报讯(记者{n}){t}", names_st, sentence),
    st.builds(lambda t: "——" + t, cjk_text),
    st.builds(lambda t, j: t + j, sentence, st.sampled_from(["(下转第二版)", "(转自《人民日报》)", "(上接第一版)"])),
    st.builds(lambda t: "(上接第一版)" + t, sentence),
    st.sampled_from(["(下转第二版)", "(转自《吉林日报》)", "特此公告。", "2020年7月5日", "--\t--\t---", "新闻特写"]),
    st.builds(lambda n: f"{n} 摄", names_st),
    st.builds(lambda n: f"本报记者 {n} 摄", names_st),
    st.builds(lambda n: f"摄影:{n}", names_st),
    st.builds(lambda n: f"本报记者 {n}", names_st),
    st.builds(lambda t, n: f"{t}。本报通讯员 {n} 摄", cjk_text, names_st),
    st.builds(lambda t: f"图为{t}。", cjk_text),
    st.builds(lambda t: t[:28] + ":", cjk_text),
    st.builds(lambda t, n: f"{t[:20]}主席 {n}", cjk_text, name_st),
    st.builds(lambda t, n: f"{t}。({n})", sentence, names_st),
    # a writer's name alone in brackets after the text, one or more lines of them (credits)
    st.builds(lambda n: f"({n})", names_st),
    st.builds(lambda n: f"（{n}）", names_st),
)

composed_text = st.lists(composed_line, min_size=0, max_size=40).map("\n".join)
"""Realistic page dumps: seed lines, blank lines, random text and every layout device the
line rules know, in random order."""


def labelled_text(source: str, name: str) -> str:
    """The raw text of a packaged labelled page (``src/newsarchive/data/labelled/SOURCE/NAME.txt``)."""
    from newsarchive.parse.train import packaged_folder
    from newsarchive.sources import decode

    path = packaged_folder() / source / f"{name}.txt"
    return decode(path.read_bytes(), path.name).text.replace("\r\n", "\n")


def set_in_column(paragraph: str, width: int) -> list[str]:
    """A paragraph as a printed column sets it: indented two cells, digits, Latin letters and
    ASCII marks half a cell wide, each line as many characters as fill ``width`` cells."""
    from unicodedata import east_asian_width

    lines, cur, used = [], "", 0.0
    for c in "\u3000\u3000" + paragraph:
        w = 1.0 if east_asian_width(c) in "FWA" else 0.5
        if used + w > width:
            lines.append(cur)
            cur, used = "", 0.0
        cur += c
        used += w
    return lines + [cur]
