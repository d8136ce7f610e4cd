"""Hostile input through a real ``newsarchive build`` process (issue 11): what a hostile
contributor or a careless editor can put in the corpus, its sidecars and site.yaml.

One corpus with every per-file attack is built once (Traditional edition on, so the
conversion sees it all) in a process with a 3 GB address-space limit, then each attack is
checked on its own: the build finishes, nothing outside the corpus is read, every problem is
a diagnostic naming its file and line (errors exit 2, never a traceback), and every output
file is well-formed. Attacks on site.yaml each get a process of their own.
"""

from __future__ import annotations

import os
import re
import resource
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from newsarchive.urls import RESERVED

from safekit import FAST, assert_person_error, new_site, run, snapshot, without_cache

SECRET = "SECRET-TOKEN-0b4f"  # what a CI checkout keeps in .git/config
OUTSIDE_SIDECAR = "paper: 泄露日报\nedition: SECRET-SIDECAR-77\n"


def page(headline: str, body: str = "辽源市龙山区的正文在这里，记者走访了多家企业。") -> str:
    return f"{headline}\n\n本报讯(记者 王茵){body}\n"


ALIAS_BOMB = ("a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
              + "".join(f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, "
                        f"*a{i - 1}, *a{i - 1}, *a{i - 1}]\n" for i in range(1, 10))
              + "date: *a9\n")
LONG_VALUE = "长" * 200_000

FILES: dict[str, str | bytes] = {
    "links/side.txt": page("符号链接旁注标题"),
    "links/ignored.yaml": "ignore: [symlink-outside]\n",
    "yaml/bomb.txt": page("别名炸弹标题测试"),
    "yaml/bomb.yaml": ALIAS_BOMB,
    "yaml/long.txt": page("超长取值标题测试"),
    "yaml/long.yaml": f'page: "{LONG_VALUE}"\nedition: "{LONG_VALUE}"\n',
    "dates/far.txt": page("遥远日期标题测试"),
    "dates/far.yaml": "paper: 辽源日报\ndate: 9999-12-31\n",
    "dates/early.txt": page("过早日期标题测试"),
    "dates/early.yaml": "paper: 辽源日报\ndate: 1799-12-31\n",
    "dates/first.txt": page("最早日期标题测试"),
    "dates/first.yaml": "paper: 辽源日报\ndate: 1800-01-01\n",
    "numbers/inf.txt": page("无穷行号标题测试"),
    "numbers/inf.yaml": "paper: 辽源日报\ndate: 2023-05-06\narticles:\n  - line: .inf\n    headline: 不会生效\n",
    "numbers/page.txt": page("无穷版次标题测试"),
    "numbers/page.yaml": "page: .inf\n",
    "paper/typo.txt": page("报名拼错标题测试"),
    "paper/typo.yaml": "paper: 辽原日报\ndate: 2023-05-07\n",
    "chars/xml.txt": page("非法\ufffe字符\uffff标题\x01测试", "辽源市正文里也有\ufffe非法字符\x02。"),
    "chars/xml.yaml": "paper: 辽源日报\ndate: 2023-05-08\n",
    "chars/side.txt": page("旁注非法字符标题测试"),
    "chars/side.yaml": 'paper: 辽源日报\ndate: 2023-05-09\nedition: "城市\\uFFFE版\\x00"\n',
    "chars/e000.txt": page("私用\ue000区字符标题测试"),
    "chars/e000.yaml": "paper: 辽源日报\ndate: 2023-05-10\n",
    "nul/stray.txt": "零字节标题测试\n\n本报讯(记者 王茵)辽源市正文第一段。\n第二段里有一个\x00空字符，其余照旧。\n".encode("utf-8"),
    "nul/stray.yaml": "paper: 辽源日报\ndate: 2023-05-11\n",
    "names/evil\n::error file=x,line=1::forged.txt": page("换行文件名标题测试"),
    "names/::warning::lead.txt": page("冒号文件名标题测试"),
    "names/bell\x07and\ufffe.txt": page("控制字符文件名标题测试"),
    "conv/long.txt": page("长串标题测试", "长" * 300_000),
}


def _limit_memory() -> None:
    """The build runs with 3 GB of address space: an alias bomb expanding to gigabytes fails."""
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile11")
    site = new_site(tmp, FAST.replace("traditional: false", "traditional: s2t"), FILES)
    corpus = site / "corpus"
    (site / ".git").mkdir()
    (site / ".git" / "config").write_text(f"[remote]\n\turl = https://x:{SECRET}@example.org/r.git\n")
    (tmp / "secret.yaml").write_text(OUTSIDE_SIDECAR, encoding="utf-8")
    (tmp / "outside").mkdir()
    (tmp / "outside" / "page.txt").write_text(page("外部目录标题测试"), encoding="utf-8")
    os.symlink("/etc/passwd", corpus / "links" / "passwd.txt")
    os.symlink("../../.git/config", corpus / "links" / "gitconfig.txt")
    os.symlink("/etc/passwd", corpus / "links" / "ignored.txt")  # its sidecar says ignore: [symlink-outside]
    os.symlink("side.txt", corpus / "links" / "inside.txt")  # stays inside the corpus: followed
    os.symlink(tmp / "secret.yaml", corpus / "links" / "side.yaml")  # a sidecar leading out
    os.symlink(tmp / "outside", corpus / "links" / "outdir")  # a folder leading out
    before = snapshot(corpus)
    proc = run(site, preexec_fn=_limit_memory, timeout=600)
    check = run(site, "--strict", command="check", preexec_fn=_limit_memory, timeout=600)
    return {"site": site, "proc": proc, "check": check, "out": site / "public", "corpus_before": before}


def errors_of(run_, name: str) -> list[str]:
    return [line for line in run_["proc"].stderr.splitlines() if line.startswith(name) and ": error: " in line]


def warnings_of(run_, name: str) -> list[str]:
    return [line for line in run_["proc"].stderr.splitlines() if line.startswith(name) and ": warning: " in line]


def published(out: Path) -> str:
    """Every text file of the site, concatenated."""
    parts = []
    for path in sorted(out.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt", ".js"):
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


def test_the_build_finishes_with_errors_and_no_traceback(hostile):
    proc = hostile["proc"]
    assert_person_error(proc)  # exit 2: there are errors (symlinks out, bad sidecar values) ...
    assert (hostile["out"] / "index.html").is_file()  # ... and the rest of the corpus is built
    assert (hostile["out"] / "liaoyuan/2021/10/22/01/index.html").is_file()
    assert snapshot(hostile["site"] / "corpus") == hostile["corpus_before"]  # the corpus is never written


# --- symlinks ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["links/passwd.txt", "links/gitconfig.txt", "links/side.yaml", "links/outdir"])
def test_a_symlink_out_of_the_corpus_is_an_error_and_never_read(hostile, name):
    (line,) = errors_of(hostile, name)
    assert "leads outside the corpus" in line and "(hint:" in line
    text = published(hostile["out"])
    assert "root:x:0:0" not in text and SECRET not in text and "SECRET-SIDECAR" not in text
    assert "泄露日报" not in text and "外部目录标题测试" not in text
    everything = hostile["proc"].stdout + hostile["proc"].stderr
    assert "root:x:0:0" not in everything and SECRET not in everything and "SECRET-SIDECAR" not in everything


def test_ignore_in_a_sidecar_cannot_silence_a_symlink_out(hostile):
    assert errors_of(hostile, "links/ignored.txt")
    check = hostile["check"]
    assert check.returncode == 2, check.stdout[-1500:]
    assert "links/ignored.txt: error: symlinked file leads outside the corpus" in check.stdout


def test_a_symlink_inside_the_corpus_is_followed(hostile):
    assert not errors_of(hostile, "links/inside.txt")
    assert published(hostile["out"]).count("符号链接旁注标题") >= 2  # the file and the link to it


# --- YAML ------------------------------------------------------------------------------------------


def test_an_alias_bomb_in_a_sidecar_is_refused_at_its_line(hostile):
    (line,) = errors_of(hostile, "yaml/bomb.yaml")
    assert line.startswith("yaml/bomb.yaml:1: error: YAML anchor &a0 found") and "hint:" in line


def test_messages_quote_at_most_about_80_characters(hostile):
    lines = errors_of(hostile, "yaml/long.yaml")  # page: a 200,000-character string
    assert len(lines) == 1 and "'page': expected a page number, got str '长长长" in lines[0]
    assert all(len(line) < 400 for line in lines), [len(x) for x in lines]
    assert max(len(line) for line in hostile["proc"].stderr.splitlines()) < 1000


# --- validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, day", [("dates/far.yaml", "9999-12-31"), ("dates/early.yaml", "1799-12-31")])
def test_a_date_outside_1800_2100_is_an_error_at_its_sidecar_line(hostile, name, day):
    (line,) = errors_of(hostile, name)
    assert line.startswith(f"{name}:2: error: 'date': date {day} is outside 1800–2100"), line


def test_the_first_allowed_date_is_built(hostile):
    assert (hostile["out"] / "liaoyuan/1800/01/01/01/index.html").is_file()


def test_non_finite_numbers_are_diagnostics_not_tracebacks(hostile):
    (warn,) = warnings_of(hostile, "numbers/inf.yaml")
    assert warn.startswith("numbers/inf.yaml:4: warning: `line` must be a raw line number") and ".inf" in warn
    (err,) = errors_of(hostile, "numbers/page.yaml")
    assert err.startswith("numbers/page.yaml:1: error: 'page': the number .inf is not finite")


def test_a_misspelt_paper_is_warned_with_did_you_mean(hostile):
    (warn,) = warnings_of(hostile, "paper/typo.yaml")
    assert warn.startswith("paper/typo.yaml:1: warning: unknown paper '辽原日报'; did you mean 辽源日报?")


XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def test_xml_invalid_characters_are_removed_from_every_output_with_a_diagnostic(hostile):
    out = hostile["out"]
    (warn,) = warnings_of(hostile, "chars/xml.txt")
    assert warn.startswith("chars/xml.txt:1: warning: 5 character(s) that are not text removed "
                           "(U+0001, U+0002, U+FFFE, U+FFFF), on lines 1, 3"), warn
    assert warnings_of(hostile, "chars/side.yaml:3: warning: 'edition': characters that are not text removed")
    bad = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.suffix != ".gz"
           and p.suffix != ".sqlite" and XML_INVALID.search(p.read_bytes().decode("utf-8", "replace"))]
    assert not bad, bad[:10]
    for feed in sorted(out.rglob("*.xml")):
        ET.parse(feed)  # well-formed
    assert "非法字符标题测试" in (out / "liaoyuan/2023/05/08/01/index.html").read_text(encoding="utf-8")


def test_a_private_use_character_in_text_stays_itself_on_traditional_pages(hostile):
    hant = (hostile["out"] / "zh-hant/liaoyuan/2023/05/10/01/index.html").read_text(encoding="utf-8")
    assert "私用\ue000區字符標題測試" in hant  # converted around it, not replaced by 简体
    assert ">&#31616;&#20307;</a>" in hant  # the script switch still names the Simplified edition


def test_one_stray_nul_byte_is_dropped_with_a_warning_naming_its_line(hostile):
    (warn,) = warnings_of(hostile, "nul/stray.txt")
    assert warn.startswith("nul/stray.txt:4: warning: 1 character(s) that are not text removed (U+0000 (NUL))")
    html = (hostile["out"] / "liaoyuan/2023/05/11/01/index.html").read_text(encoding="utf-8")
    assert "第二段里有一个空字符，其余照旧。" in html and "辽源市正文第一段" in html
    raw = (hostile["out"] / "liaoyuan/2023/05/11/raw-1/index.html").read_text(encoding="utf-8")
    assert "\x00" not in raw and "其余照旧" in raw


def test_file_names_are_shown_escaped_and_cannot_forge_lines_or_ci_annotations(hostile):
    for stream in (hostile["proc"].stderr, hostile["proc"].stdout, hostile["check"].stdout):
        lines = stream.splitlines()
        assert not [x for x in lines if x.lstrip().startswith("::")], [x for x in lines if "::" in x][:5]
        assert not [x for x in lines if x.startswith(" file=x,line=1::forged")]
    assert any(line.startswith("names/evil\\n::error file=x,line=1::forged.txt: warning:")
               for line in hostile["proc"].stderr.splitlines())
    assert any(line.startswith("./::warning::lead.txt") or "names/::warning::lead.txt" in line
               for line in hostile["proc"].stderr.splitlines())


def test_a_file_name_with_characters_that_are_not_text_is_skipped_with_a_warning(hostile):
    (warn,) = warnings_of(hostile, "names/bell\\x07and\\ufffe.txt")  # shown escaped
    assert "the file name holds characters that are not text" in warn and "file skipped" in warn
    assert "控制字符文件名标题测试" not in published(hostile["out"])


def test_a_long_run_of_one_character_is_converted(hostile):
    pages = [p.read_text(encoding="utf-8") for p in (hostile["out"] / "zh-hant").rglob("index.html")]
    assert any("長" * 300_000 in html for html in pages), "the 300,000-character run was not converted"


# --- site.yaml ---------------------------------------------------------------------------------------


def _config_case(tmp: Path, extra: str, *needles: str) -> None:
    site = new_site(tmp, FAST, seeds=False, files={"a.txt": page("配置测试标题")})
    (site / "site.yaml").write_text(FAST + extra, encoding="utf-8")
    proc = run(site, preexec_fn=_limit_memory, timeout=120)
    assert_person_error(proc, *needles)
    assert not (site / "public").exists()  # nothing was built


@pytest.mark.parametrize("slug", sorted(s for s in RESERVED if "." not in s))
def test_a_reserved_slug_is_refused(tmp_path, slug):
    _config_case(tmp_path, f"papers:\n  - name: 新报\n    slug: {slug}\n    role: city\n    city: 新城\n",
                 f"site.yaml:7: error: extra entry 1 (新报): slug '{slug}' is taken by the site's own pages")


def test_a_slug_with_a_trailing_newline_is_refused(tmp_path):
    _config_case(tmp_path, 'papers:\n  - name: 新报\n    slug: "xin\\n"\n    role: city\n    city: 新城\n',
                 "site.yaml:7: error: extra entry 1 (新报): slug 'xin\\n' is invalid")


@pytest.mark.parametrize("papers, needle", [
    ("papers: [1, 2]\n", "site.yaml:6: error: extra entry 1 must be a mapping"),
    ("papers:\n  - name: 新报\n    slug: xin\n    role: mayor\n", "site.yaml:7: error: extra entry 1 (新报): role 'mayor'"),
    ("papers:\n  - name: 新报\n    slug: xin\n    role: city\n    city: 新城\n    colour: red\n",
     "unknown field(s) 'colour'"),
    ("papers:\n  - name: [a, b]\n    slug: xin\n", "name must be text"),
    ("papers:\n  - {name: 新报, slug: xin, role: city, city: 新城}\n  - {name: 旧报, slug: xin, role: national}\n",
     "site.yaml:8: error: slug 'xin' is used by both 新报 and 旧报"),
    ("papers: &p [*p]\n", "site.yaml:6: error: site.yaml: anchor &p found"),
])
def test_a_bad_papers_entry_is_an_error_on_its_line(tmp_path, papers, needle):
    _config_case(tmp_path, papers, needle)


def test_an_alias_bomb_in_site_yaml_is_refused(tmp_path):
    bomb = ALIAS_BOMB.replace("date: *a9", "papers: *a9")
    _config_case(tmp_path, bomb, "site.yaml:6: error: site.yaml: anchor &a0 found")


def test_a_site_yaml_that_is_not_utf8_is_an_error_on_its_line(tmp_path):
    site = new_site(tmp_path, FAST, seeds=False, files={"a.txt": page("配置测试标题")})
    (site / "site.yaml").write_bytes(FAST.encode("utf-8") + "licence: 版权所有\n".encode("gb18030"))
    assert_person_error(run(site), "site.yaml:6: error: site.yaml is not UTF-8")


def test_workers_out_of_range_is_an_error(tmp_path):
    _config_case(tmp_path, "workers: 100000000\n", "site.yaml:6: error: `workers: 100000000` is out of range")


def test_a_sidecar_date_of_9999_fails_check_and_build_alike(tmp_path):
    """It passed `check` and then killed `build` (year 10000)."""
    site = new_site(tmp_path, files={"far.txt": page("远期日期"), "far.yaml": "date: 9999-12-31\n"})
    for command in ("check", "build"):
        proc = run(site, command=command)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
        assert "far.yaml:1: error: 'date': date 9999-12-31 is outside 1800–2100" in proc.stdout + proc.stderr
    assert (site / "public" / "index.html").is_file()  # the rest is built


def test_the_site_folder_is_untouched_by_a_refused_config(tmp_path):
    site = new_site(tmp_path)
    assert run(site).returncode == 0
    before = without_cache(snapshot(site))
    (site / "site.yaml").write_text(FAST + "papers: [oops]\n", encoding="utf-8")
    assert_person_error(run(site), "site.yaml:6: error")
    after = without_cache(snapshot(site))
    assert {k: v for k, v in after.items() if k != "site.yaml"} == {k: v for k, v in before.items() if k != "site.yaml"}
