"""Tests for newsarchive.sources: discovery, decoding, line splitting and sidecars."""

from __future__ import annotations

import codecs
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive.errors import InputError, Severity
from newsarchive.model import Line
from newsarchive.sources import (
    STRAY_NUL_MAX,
    Decoded,
    SourceFile,
    decode,
    discover,
    load_sidecar,
    read_source,
    split_lines,
)

# Real sentences from the seed pages (Simplified) and the same text in Traditional.
SIMPLIFIED = "辽源市委、市政府高度重视党史学习教育，下了真功夫，做了大量工作。"
TRADITIONAL = "遼源市委、市政府高度重視黨史學習教育，下了真功夫，做了大量工作。"
SIMPLIFIED_2 = (
    "白城市委统战部深入贯彻落实中央、省委和市委关于新的社会阶层人士统战工作各项决策部署，"
    "坚持把新的社会阶层人士统战工作作为统战工作的重要着力点和创新点。"
)
TRADITIONAL_2 = (
    "白城市委統戰部深入貫徹落實中央、省委和市委關於新的社會階層人士統戰工作各項決策部署，"
    "堅持把新的社會階層人士統戰工作作為統戰工作的重要著力點和創新點。"
)
TRADITIONAL_3 = (
    "雙遼市退役軍人事務局以開展“基層建設年”為契機，秉持“黨建+基層治理”為群眾解決急難愁盼問題的"
    "思路，積極探索新時代黨建引領社區治理新模式。"
)
PAGE = (
    "\n\n吉D微风\n\nLIAO YUAN RI BAO\n\n2021年10月22日 星期五\n辛丑年九月十七 九月十八日\n\n"
    "总第8381期 今日4版\n\n## 省政协调研组到我市就残疾人权益保护工作进行调研\n\n"
    "本报讯(记者 付晓娟 魏利军)5月17日,省政协副主席兰宏良率省政协调研组一行成员到我市,"
    "就残疾人权益保护工作进行调研。\n"
)


# ---------------------------------------------------------------------------- decode


def test_empty_input():
    assert decode(b"", "a.txt") == Decoded("", "utf-8", "strict")


def test_utf8():
    d = decode(PAGE.encode("utf-8"), "a.txt")
    assert d == Decoded(PAGE, "utf-8", "strict")


def test_utf8_bom_removed():
    d = decode(codecs.BOM_UTF8 + PAGE.encode("utf-8"), "a.txt")
    assert d == Decoded(PAGE, "utf-8-sig", "bom")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec):
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    d = decode(bom + PAGE.encode(codec), "a.txt")
    assert d == Decoded(PAGE, "utf-16", "bom")


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_utf32_with_bom(codec):
    bom = codecs.BOM_UTF32_LE if codec.endswith("le") else codecs.BOM_UTF32_BE
    d = decode(bom + PAGE.encode(codec), "a.txt")
    assert d == Decoded(PAGE, "utf-32", "bom")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_detected(codec):
    d = decode(PAGE.encode(codec), "a.txt")
    assert d.text == PAGE
    assert d.encoding == codec
    assert d.confidence == "detected"


@pytest.mark.parametrize("text", [PAGE, SIMPLIFIED, SIMPLIFIED_2])
@pytest.mark.parametrize("codec", ["gb18030", "gbk", "gb2312"])
def test_gb_family(text, codec):
    d = decode(text.encode(codec), "a.txt")
    assert d.text == text
    assert d.encoding == "gb18030"


def test_gb18030_four_byte_characters():
    text = SIMPLIFIED + "𠀀€"  # outside GBK: four-byte GB18030 sequences
    d = decode(text.encode("gb18030"), "a.txt")
    assert (d.text, d.encoding) == (text, "gb18030")


def test_gb_that_big5_rejects_is_strict():
    d = decode(PAGE.encode("gb18030"), "a.txt")
    assert d.confidence == "strict"


def test_short_gb_that_also_decodes_as_big5_is_not_big5_mojibake():
    data = SIMPLIFIED.encode("gb18030")
    data.decode("big5")  # really ambiguous bytes
    d = decode(data, "a.txt")
    assert (d.text, d.encoding, d.confidence) == (SIMPLIFIED, "gb18030", "detected")


@pytest.mark.parametrize("text", [TRADITIONAL, TRADITIONAL_2, TRADITIONAL_3])
def test_big5_is_not_gbk_mojibake(text):
    data = text.encode("big5")
    data.decode("gb18030")  # GB18030 decodes these bytes too (to mojibake)
    d = decode(data, "a.txt")
    assert d.text == text
    assert d.encoding == "big5"


def test_big5_page_with_ascii_and_line_ends():
    text = "LIAO YUAN RI BAO\r\n\r\n2021年10月22日 星期五\r\n" + TRADITIONAL_2 + "\r\n"
    d = decode(text.encode("big5"), "a.txt")
    assert (d.text, d.encoding) == (text, "big5")


def test_binary_junk_raises_with_offset_and_name():
    junk = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
    with pytest.raises(InputError) as info:
        decode(junk, "pics/logo.txt")
    diag = info.value.diagnostic
    assert diag.severity is Severity.ERROR
    assert diag.file == "pics/logo.txt"
    assert "offset 0" in diag.message
    assert "UTF-8" in diag.hint
    assert diag.line == 1
    assert "pics/logo.txt" in str(info.value)


def test_undecodable_without_nul_names_offset_and_line():
    data = "第一行\n第二行\n".encode("utf-8") + b"ab\xff\xfe\x80\x80\xff" * 3
    with pytest.raises(InputError) as info:
        decode(data, "x.txt")
    diag = info.value.diagnostic
    bad = data.index(b"\xff")
    assert f"offset {bad}" in diag.message
    assert diag.line == 3


def test_nul_in_utf8_text_is_binary():
    # more than STRAY_NUL_MAX NULs: binary (a stray NUL or two is dropped: tests/test_safety.py)
    data = "正文\n正文\x00尾".encode("utf-8") + b"\x00" * STRAY_NUL_MAX
    with pytest.raises(InputError) as info:
        decode(data, "x.txt")
    nul = data.index(b"\x00")
    assert f"offset {nul}" in info.value.diagnostic.message
    assert info.value.diagnostic.line == 2


def test_odd_length_nul_data_is_binary():
    with pytest.raises(InputError):
        decode(b"abc\x00d" + b"\x00" * STRAY_NUL_MAX, "x.txt")


def test_bad_utf16_after_bom_raises():
    data = codecs.BOM_UTF16_LE + "ab\n".encode("utf-16-le") + b"\x00\xdc"  # lone low surrogate
    with pytest.raises(InputError) as info:
        decode(data, "x.txt")
    assert "offset 8" in info.value.diagnostic.message
    assert info.value.diagnostic.line == 2


# ---------------------------------------------------------------------------- lines


def test_split_lines_mixed_line_ends():
    assert split_lines("a\r\nb\rc\nd") == [Line(1, "a"), Line(2, "b"), Line(3, "c"), Line(4, "d")]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab\r\n\u2028\x85", max_size=30))
def test_split_lines_cuts_where_the_line_end_pattern_does(text):
    """``split_lines`` cuts with str.split (faster): where ``\\r\\n|\\r|\\n`` cuts, and nowhere else
    (not at U+2028 or NEL, as str.splitlines would)."""
    from newsarchive.sources import _LINE_END

    parts = _LINE_END.split(text) if text else []
    if parts and parts[-1] == "":
        parts.pop()
    assert [ln.text for ln in split_lines(text)] == parts


def test_split_lines_trailing_end_adds_no_line():
    assert split_lines("a\n") == [Line(1, "a")]
    assert split_lines("a\r\n\r\n") == [Line(1, "a"), Line(2, "")]
    assert split_lines("\n") == [Line(1, "")]
    assert split_lines("") == []


def test_split_lines_cr_then_lf_pairs():
    assert [ln.text for ln in split_lines("a\r\rb\n\rc")] == ["a", "", "b", "", "c"]


def test_split_lines_only_on_real_line_ends():
    text = "a\x0bb\x0cc\x85d\u2028e\u2029f\x1cg"
    assert split_lines(text) == [Line(1, text)]


def test_split_lines_keeps_nbsp_and_ideographic_space():
    lines = split_lines("\u00a0\u00a0\n\u3000\u3000正文\n \t\n")
    assert [ln.text for ln in lines] == ["\u00a0\u00a0", "\u3000\u3000正文", " \t"]
    assert lines[0].text.isspace() and lines[2].text.isspace()


# ---------------------------------------------------------------------------- read_source


def _src(tmp_path: Path, name: str, data: bytes) -> SourceFile:
    path = tmp_path / name
    path.write_bytes(data)
    return SourceFile(path=path, rel=name, sidecar=None)


def test_read_source_crlf_gb18030(tmp_path):
    text = "标题\r\n\r\n" + SIMPLIFIED_2 + "\r\n\u3000\u3000\r\n"
    lines, dec = read_source(_src(tmp_path, "p.txt", text.encode("gb18030")))
    assert dec.encoding == "gb18030"
    assert lines == [Line(1, "标题"), Line(2, ""), Line(3, SIMPLIFIED_2), Line(4, "\u3000\u3000")]


def test_read_source_lone_cr(tmp_path):
    lines, _ = read_source(_src(tmp_path, "p.txt", "甲\r乙\r丙".encode("utf-8")))
    assert [ln.text for ln in lines] == ["甲", "乙", "丙"]


def test_read_source_empty_and_whitespace_only(tmp_path):
    assert read_source(_src(tmp_path, "e.txt", b"")) == ([], Decoded("", "utf-8", "strict"))
    lines, dec = read_source(_src(tmp_path, "w.txt", " \n\t\n\u3000\n".encode("utf-8")))
    assert dec.encoding == "utf-8"
    assert len(lines) == 3 and all(ln.text.isspace() for ln in lines)


def test_read_source_missing_file(tmp_path):
    src = SourceFile(path=tmp_path / "gone.txt", rel="gone.txt", sidecar=None)
    with pytest.raises(InputError) as info:
        read_source(src)
    assert info.value.diagnostic.file == "gone.txt"
    assert "cannot read" in info.value.diagnostic.message


def test_read_source_binary(tmp_path):
    with pytest.raises(InputError) as info:
        read_source(_src(tmp_path, "bin.txt", bytes(range(256)) * 4))
    assert info.value.diagnostic.file == "bin.txt"
    assert "offset" in info.value.diagnostic.message


# ---------------------------------------------------------------------------- discover


def _touch(path: Path, text: str = "正文\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_discover_order_subfolders_hidden_sidecars(tmp_path):
    root = tmp_path / "corpus"
    for rel in ["b.txt", "a.txt", "2021/10/p1.txt", "2021/09/p4.txt", "z/notes.md",
                ".hidden.txt", ".git/x.txt", "sub/.cache/y.txt"]:
        _touch(root / rel)
    _touch(root / "a.yaml", "page: 1\n")
    _touch(root / "2021/10/p1.yml", "page: 2\n")
    files, diags = discover(root)
    assert diags == []
    assert [f.rel for f in files] == ["2021/09/p4.txt", "2021/10/p1.txt", "a.txt", "b.txt"]
    by_rel = {f.rel: f for f in files}
    assert by_rel["a.txt"].sidecar == root / "a.yaml"
    assert by_rel["a.txt"].sidecar_rel == "a.yaml"
    assert by_rel["2021/10/p1.txt"].sidecar == root / "2021/10/p1.yml"
    assert by_rel["2021/10/p1.txt"].sidecar_rel == "2021/10/p1.yml"
    assert by_rel["b.txt"].sidecar is None and by_rel["b.txt"].sidecar_rel is None
    assert all(f.path.is_absolute() and f.path.is_file() for f in files)


def test_discover_relative_root(tmp_path, monkeypatch):
    _touch(tmp_path / "c" / "a.txt")
    monkeypatch.chdir(tmp_path)
    files, _ = discover(Path("c"))
    assert files[0].path == tmp_path / "c" / "a.txt" and files[0].rel == "a.txt"


def test_discover_odd_names(tmp_path):
    names = ["with space.txt", "辽源日报 第1版.txt", "-leading-dash.txt", "a..b.txt", "UPPER.TXT"]
    for name in names:
        _touch(tmp_path / name)
    files, diags = discover(tmp_path)
    assert diags == []
    assert [f.rel for f in files] == sorted(names)
    lines, _ = read_source(files[0])
    assert lines == [Line(1, "正文")]


def test_discover_symlink_loop_and_symlinked_file(tmp_path):
    root = tmp_path / "corpus"
    _touch(root / "sub" / "a.txt")
    os.symlink(root, root / "sub" / "loop")  # folder loop: sub/loop -> corpus
    os.symlink(root / "sub" / "loop", root / "loop2")
    outside = _touch(tmp_path / "elsewhere" / "real.txt")
    os.symlink(outside, root / "linked.txt")
    os.symlink(tmp_path / "nowhere.txt", root / "broken.txt")
    os.symlink(root / "sub" / "a.txt", root / "inner.txt")
    files, diags = discover(root)
    # a link is followed only inside the corpus: one that leads out is an error, never read
    assert [f.rel for f in files] == ["inner.txt", "sub/a.txt"]
    assert read_source(files[0])[0] == [Line(1, "正文")]
    kinds = sorted((d.code, d.file) for d in diags)
    assert kinds == [("not-a-file", "broken.txt"), ("symlink-dir", "loop2"),
                     ("symlink-dir", "sub/loop"), ("symlink-outside", "linked.txt")]


def test_discover_unreadable_folder_warns_and_goes_on(tmp_path, monkeypatch):
    _touch(tmp_path / "ok" / "a.txt")
    _touch(tmp_path / "locked" / "b.txt")
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, diags = discover(tmp_path)
    assert [f.rel for f in files] == ["ok/a.txt"]
    assert [(d.severity, d.file, d.code) for d in diags] == [  # an error: nothing is published then
        (Severity.ERROR, "locked", "unreadable-dir")]
    assert "Permission denied" in diags[0].message


def test_discover_missing_root(tmp_path):
    files, diags = discover(tmp_path / "nope")
    assert files == [] and diags[0].severity is Severity.ERROR


def test_discover_non_utf8_file_name_skipped(tmp_path):
    _touch(tmp_path / "good.txt")
    fd = os.open(os.fsencode(tmp_path) + b"/bad\xff.txt", os.O_CREAT | os.O_WRONLY)
    os.close(fd)
    files, diags = discover(tmp_path)
    assert [f.rel for f in files] == ["good.txt"]
    assert [d.code for d in diags] == ["bad-filename"]


def test_discover_both_sidecars_warns(tmp_path):
    _touch(tmp_path / "a.txt")
    _touch(tmp_path / "a.yaml", "page: 1\n")
    _touch(tmp_path / "a.yml", "page: 2\n")
    files, diags = discover(tmp_path)
    assert files[0].sidecar == tmp_path / "a.yaml"
    assert [d.code for d in diags] == ["two-sidecars"]


def test_discover_reads_kinds_from_the_folder_listing(tmp_path):
    """The walk classifies entries from the folder listing (no stat per file): a folder named
    like a page is walked, not read; a hidden folder is skipped; an upper-case .TXT finds its
    .yml sidecar; a sidecar linked out of the corpus is an error and not used."""
    root = tmp_path / "corpus"
    _touch(root / "2021" / "p1.txt")
    _touch(root / "2021" / "p1.yml", "page: 1\n")
    _touch(root / "2021" / "B.TXT")
    _touch(root / "folder.txt" / "inner.txt")
    _touch(root / ".hidden" / "x.txt")
    _touch(root / "c.txt")
    secret = _touch(tmp_path / "secret.yaml", "city: 外\n")
    os.symlink(secret, root / "c.yaml")
    files, diags = discover(root)
    assert [(f.rel, f.sidecar and f.sidecar.name) for f in files] == [
        ("2021/B.TXT", None), ("2021/p1.txt", "p1.yml"), ("c.txt", None), ("folder.txt/inner.txt", None)]
    assert files[1].sidecar == root / "2021" / "p1.yml" and files[0].path == root / "2021" / "B.TXT"
    assert [(d.code, d.file) for d in diags] == [("symlink-outside", "c.yaml")]


# ---------------------------------------------------------------------------- sidecars


def _sidecar(tmp_path: Path, text: str) -> tuple[dict, list]:
    path = tmp_path / "p1.yaml"
    path.write_text(text, encoding="utf-8")
    return load_sidecar(path, "2021/p1.yaml")


def test_sidecar_happy_path(tmp_path):
    meta, diags = _sidecar(tmp_path, (
        "# sidecar for page 1\n"
        "paper: 辽源日报\n"
        "city: 辽源\n"
        "date: 2021-10-22\n"
        "page: 1\n"
        "edition: 要闻\n"
        "articles:\n"
        "  - headline: 弘扬红岩精神\n"
        "corrections: {12: 改正}\n"
    ))
    assert diags == []
    assert meta == {
        "paper": "辽源日报", "city": "辽源", "date": date(2021, 10, 22), "page": 1,
        "edition": "要闻", "articles": [{"headline": "弘扬红岩精神", "_line": 8}],  # _line: for messages
        "corrections": {12: "改正"},
    }


def test_sidecar_quoted_date_string(tmp_path):
    meta, diags = _sidecar(tmp_path, 'date: "2020-07-06"\n')
    assert meta == {"date": date(2020, 7, 6)} and diags == []


def test_sidecar_unknown_key_suggests_closest(tmp_path):
    meta, diags = _sidecar(tmp_path, "paper: 辽源日报\npgae: 3\ncolour: red\n")
    assert meta == {"paper": "辽源日报"}
    assert [(d.line, d.code, d.file) for d in diags] == [
        (2, "sidecar-unknown-key", "2021/p1.yaml"), (3, "sidecar-unknown-key", "2021/p1.yaml")]
    assert "'page'" in diags[0].hint
    assert "known keys" in diags[1].hint


@pytest.mark.parametrize("text, line, code", [
    ("paper: x\npage: three\n", 2, "sidecar-type"),
    ("paper: x\n\npage: '3'\n", 3, "sidecar-type"),
    ("page: true\n", 1, "sidecar-type"),
    ("page: 0\n", 1, "sidecar-range"),
    ("page: 1000\n", 1, "sidecar-range"),
    ("city: 辽源\npaper: [a, b]\n", 2, "sidecar-type"),
    ("edition: 3\n", 1, "sidecar-type"),
    ("paper: ''\n", 1, "sidecar-type"),
])
def test_sidecar_wrong_types(tmp_path, text, line, code):
    meta, diags = _sidecar(tmp_path, text)
    assert len(diags) == 1
    diag = diags[0]
    assert (diag.line, diag.code, diag.file, diag.severity) == (
        line, code, "2021/p1.yaml", Severity.ERROR)
    assert diag.hint
    assert "page" not in meta and "edition" not in meta


@pytest.mark.parametrize("text, line", [
    ("paper: x\ndate: 2021-02-30\n", 2),      # YAML date that does not exist
    ("date: '2021-02-30'\n", 1),              # quoted, does not exist
    ("paper: x\ncity: y\ndate: 2021年10月22日\n", 3),
    ("date: 2021-2-3\n", 1),
    ("date: 2021-10-22 08:00:00\n", 1),
    ("date: 20211022\n", 1),
])
def test_sidecar_bad_dates(tmp_path, text, line):
    meta, diags = _sidecar(tmp_path, text)
    assert "date" not in meta
    assert [(d.line, d.severity) for d in diags] == [(line, Severity.ERROR)]
    assert "YYYY-MM-DD" in diags[0].hint


def test_sidecar_syntax_error_line(tmp_path):
    meta, diags = _sidecar(tmp_path, "paper: 辽源日报\ncity: 辽源\ndate: [2021-10-22\npage: 1\n")
    assert meta == {}
    assert len(diags) == 1 and diags[0].code == "sidecar-syntax"
    assert diags[0].line >= 3
    assert diags[0].file == "2021/p1.yaml"


def test_sidecar_syntax_error_bad_indent(tmp_path):
    meta, diags = _sidecar(tmp_path, "paper: a\n  city: b\n")
    assert meta == {} and diags[0].code == "sidecar-syntax" and diags[0].line == 2


@pytest.mark.parametrize("text, line", [("- a\n- b\n", 1), ("\n\njust text\n", 3)])
def test_sidecar_top_level_not_mapping(tmp_path, text, line):
    meta, diags = _sidecar(tmp_path, text)
    assert meta == {}
    assert [(d.code, d.line) for d in diags] == [("sidecar-not-mapping", line)]


def test_sidecar_empty_file(tmp_path):
    assert _sidecar(tmp_path, "") == ({}, [])
    assert _sidecar(tmp_path, "# only a comment\n") == ({}, [])


def test_sidecar_duplicate_key_later_wins(tmp_path):
    meta, diags = _sidecar(tmp_path, "page: 1\npage: 2\n")
    assert meta == {"page": 2}
    assert [(d.code, d.line) for d in diags] == [("sidecar-duplicate-key", 2)]


def test_sidecar_non_scalar_key(tmp_path):
    meta, diags = _sidecar(tmp_path, "? [a, b]\n: 1\npage: 2\n")
    assert meta == {"page": 2}
    assert [(d.code, d.line) for d in diags] == [("sidecar-unknown-key", 1)]


def test_sidecar_missing_and_binary(tmp_path):
    meta, diags = load_sidecar(tmp_path / "none.yaml", "none.yaml")
    assert meta == {} and diags[0].code == "sidecar-unreadable"
    path = tmp_path / "bin.yaml"
    path.write_bytes(b"\x00\x01\x02\xff")
    meta, diags = load_sidecar(path, "bin.yaml")
    assert meta == {} and diags[0].file == "bin.yaml" and diags[0].severity is Severity.ERROR


def test_sidecar_unsafe_tag_does_not_execute(tmp_path):
    meta, diags = _sidecar(tmp_path, "paper: !!python/object/apply:os.system ['true']\n")
    assert meta == {}
    assert [(d.line, d.code) for d in diags] == [(1, "sidecar-value")]


# ---------------------------------------------------------------------------- properties

_GB_COMMON = [
    ch
    for hi in range(0xB0, 0xD8)
    for lo in range(0xA1, 0xFF)
    for ch in [bytes([hi, lo]).decode("gb2312", errors="ignore")]
    if ch
]
_PUNCT = list("，。、；：？！“”《》（）—…·\u3000")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                      blacklist_characters="\x00")))
def test_property_utf8_round_trip(text):
    # NUL makes a file binary by design; a leading U+FEFF is a BOM and is removed.
    assert decode(text.encode("utf-8"), "p.txt").text == text.removeprefix("\ufeff")


@settings(max_examples=200, deadline=None)
@given(st.lists(
    st.one_of(st.sampled_from(_GB_COMMON), st.sampled_from(_PUNCT),
              st.sampled_from(list("abcXYZ0189 \n\r\t,.()"))),
    min_size=20, max_size=300,
).filter(lambda chars: sum(ch in _GB_COMMON for ch in chars) >= 20).map("".join))
def test_property_gb18030_round_trip(text):
    dec = decode(text.encode("gb18030"), "p.txt")
    assert dec.text == text
    assert dec.encoding == "gb18030"


def test_gb18030_with_one_bad_byte_names_both_offsets():
    head = (SIMPLIFIED_2 + "\n").encode("gb18030")
    data = head + b"\xff" + SIMPLIFIED.encode("gb18030")
    with pytest.raises(InputError) as info:
        decode(data, "x.txt")
    diag = info.value.diagnostic
    assert "offset 0" in diag.message and diag.line == 1
    assert f"GB18030 it breaks at offset {len(head)}, line 2" in diag.message


def test_nul_free_random_junk_is_rejected():
    import random

    rng = random.Random(7)
    for size in (50, 500, 5000):
        junk = bytes(rng.randrange(1, 256) for _ in range(size))
        with pytest.raises(InputError):
            decode(junk, "junk.txt")


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF16_BE, "utf-16-be"),
                                        (codecs.BOM_UTF8, "utf-8")])
def test_nul_after_bom_is_binary_with_byte_offset(bom, codec):
    body = ("第一行\n第二\x00行\n" + "\x00" * STRAY_NUL_MAX).encode(codec)
    data = bom + body
    with pytest.raises(InputError) as info:
        decode(data, "x.txt")
    offset = len(bom) + len("第一行\n第二".encode(codec))
    assert f"offset {offset}" in info.value.diagnostic.message
    assert info.value.diagnostic.line == 2


def test_split_lines_makes_the_lines_line_would():
    """``split_lines`` sets each ``Line``'s slots directly (not through the frozen dataclass's
    ``__init__``): the lines are those ``Line(no, text)`` makes, equal, hashed alike and frozen."""
    import dataclasses

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from newsarchive.model import Line
    from newsarchive.sources import split_lines

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet="本报a \r\n\t\u3000", max_size=40))
    def same(text):
        got = split_lines(text)
        parts = text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if text else []
        if parts and parts[-1] == "":
            parts.pop()
        want = [Line(no, part) for no, part in enumerate(parts, start=1)]
        assert got == want
        assert [hash(x) for x in got] == [hash(x) for x in want]
        assert all(type(x) is Line and (x.no, x.text) == (y.no, y.text) for x, y in zip(got, want))
        for x in got:
            try:
                x.text = ""
            except dataclasses.FrozenInstanceError:
                pass
            else:
                raise AssertionError("a line is frozen")

    same()
