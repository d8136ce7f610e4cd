"""Checks across files, after grouping pages into issues: what no single page can show.

* two files claiming the same paper, date and page (or holding the same text);
* an issue whose printed page count (今日N版) disagrees with the page files present;
* a jump note (下转第N版) whose continuation page is not in the corpus.

Each warning names a file and tells the editor what to do; a code listed under a sidecar's
``ignore:`` turns the warning into a note for that file.
"""

from __future__ import annotations

import re
from collections import defaultdict

from .archive import Archive
from .errors import Diagnostic, Severity
from .model import ParsedFile

CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
JUMP_PAGE = re.compile(r"第?\s*(?:[A-Za-z])?(\d+|[一二三四五六七八九十]+)\s*版")


def page_from_jump(note: str) -> int | None:
    m = JUMP_PAGE.search(note)
    if not m:
        return None
    token = m.group(1)
    if token.isdigit():
        return int(token)
    if token == "十":
        return 10
    if token.startswith("十"):
        return 10 + CN_DIGITS.get(token[1:], 0)
    if token.endswith("十"):
        return CN_DIGITS.get(token[0], 0) * 10
    if "十" in token:
        a, b = token.split("十", 1)
        return CN_DIGITS.get(a, 0) * 10 + CN_DIGITS.get(b, 0)
    return CN_DIGITS.get(token)


def archive_checks(archive: Archive, files: list[ParsedFile]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    out.extend(_duplicates(archive))
    out.extend(_same_text(files))
    for issue in archive.dated:
        out.extend(_page_count(issue))
        out.extend(_jumps(issue))
    return out


def _duplicates(archive: Archive) -> list[Diagnostic]:
    out = []
    for issue in archive.dated:
        by_page: dict[int, list[ParsedFile]] = defaultdict(list)
        for pf in issue.pages:
            if pf.facts.page is not None:
                by_page[pf.facts.page].append(pf)
        for page, files in sorted(by_page.items()):
            if len(files) > 1:
                names = ", ".join(p.path for p in files)
                for pf in files[1:]:
                    out.append(Diagnostic(
                        Severity.WARNING, pf.path, 0,
                        f"two files claim {issue.paper} {issue.date} page {page}: {names}",
                        "remove the duplicate, or fix `page:`/`date:` in a sidecar", code="duplicate"))
    return out


def _same_text(files: list[ParsedFile]) -> list[Diagnostic]:
    seen: dict[str, str] = {}
    out = []
    for pf in sorted(files, key=lambda p: p.path):
        if not pf.digest or not pf.nonblank_lines:
            continue
        if pf.digest in seen:
            out.append(Diagnostic(Severity.WARNING, pf.path, 0, f"same text as {seen[pf.digest]}",
                                  "a copy of the same page: remove one of the two files", code="duplicate"))
        else:
            seen[pf.digest] = pf.path
    return out


def _page_count(issue) -> list[Diagnostic]:
    count = issue.first("page_count")
    if not count:
        return []
    present = {pf.facts.page for pf in issue.pages if pf.facts.page}
    first = issue.pages[0]
    if len(issue.pages) > count or any(p > count for p in present):
        return [Diagnostic(Severity.WARNING, first.path, 0,
                           f"{issue.paper} {issue.date} prints 今日{count}版 but the corpus has "
                           f"{len(issue.pages)} page files (pages {sorted(present) or '?'})",
                           "check the page numbers in the sidecars", code="page-count")]
    if len(issue.pages) < count:
        missing = sorted(set(range(1, count + 1)) - present)
        return [Diagnostic(Severity.WARNING, first.path, 0,
                           f"{issue.paper} {issue.date} prints 今日{count}版 but only {len(issue.pages)} "
                           f"page file(s) are in the corpus (missing pages {missing})",
                           "add the missing pages, or list `page-count` under `ignore:` in the sidecar",
                           code="page-count")]
    return []


def _jumps(issue) -> list[Diagnostic]:
    present = {pf.facts.page for pf in issue.pages if pf.facts.page}
    out = []
    for pf in issue.pages:
        for art in pf.articles:
            if not art.continued:
                continue
            target = page_from_jump(art.continued)
            if target is not None and target not in present:
                out.append(Diagnostic(
                    Severity.WARNING, pf.path, art.lines[-1] if art.lines else 0,
                    f"{art.headline or '(untitled)'} continues on page {target} ({art.continued}), "
                    "which is not in the corpus",
                    "add that page (a sidecar `page:` tells which page a file is), or list `jump-target` "
                    "under `ignore:`", code="jump-target"))
    return out
