"""Group parsed pages into issues and index them by paper, date and author.

An issue is one paper on one day: every page file with the same paper and date. A page with
no date is an issue of its own (undated). Articles are numbered in print order across the
issue's pages (page number, then file path, then reading order). Photos that interrupt an
article's body are figures of that article, not items of their own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from . import urls
from .model import Article, ParsedFile

UNKNOWN_PAPER = "未知报纸"
"""What pages call the paper of an issue whose masthead no rule or sidecar names."""


@dataclass(eq=False)  # identity: compared field by field, two pages' items could be "equal"
class Item:
    """One numbered item of an issue: an article, or a photo standing on its own."""

    article: Article
    page: ParsedFile
    page_index: int
    number: int = 0
    url: str = ""
    figures: list[Article] = field(default_factory=list)


@dataclass(eq=False)
class Issue:
    slug: str
    paper: str | None
    city: str | None
    date: date | None
    pages: list[ParsedFile]
    url: str = ""
    undated_id: str = ""
    items: list[Item] = field(default_factory=list)
    article_count: int = 0
    """Of ``items``, how many are articles (``Article.is_article``; the others are photos)."""
    authors: list[str] = field(default_factory=list)
    """Every name credited on the issue's items (articles, photos, figures), sorted."""

    @property
    def facts(self):
        return self.pages[0].facts

    def first(self, attr: str):
        """The first page that prints a fact (the front page usually carries the masthead)."""
        for pf in self.pages:
            value = getattr(pf.facts, attr)
            if value:
                return value
        return None


@dataclass
class Archive:
    issues: list[Issue]
    by_slug: dict[str, list[Issue]]
    by_date: dict[date, list[Issue]]
    undated: list[Issue]
    authors: dict[str, list[Item]]
    author_slugs: dict[str, str]
    author_articles: dict[str, int] = field(default_factory=dict)
    """Of each author's items (``authors``), how many are articles that credit the name (the
    others are pictures: a photo item, or a figure inside an article)."""
    author_papers: dict[str, list[str | None]] = field(default_factory=dict)
    """The papers (``Issue.paper``, None when unknown) each author's items are in, in the order
    of their first item."""
    made: dict[tuple, Issue] = field(default_factory=dict)
    """Every issue by its pages' identities (what a later ``build_archive`` may take over)."""

    @property
    def dated(self) -> list[Issue]:
        return [i for i in self.issues if i.date is not None]

    @property
    def items(self) -> list[Item]:
        return [it for iss in self.issues for it in iss.items]


def _page_key(pf: ParsedFile):
    return (pf.facts.page or 0, pf.path)


def build_archive(files: list[ParsedFile], earlier: dict[tuple, Issue] | None = None) -> Archive:
    """``earlier``: the issues of a previous archive (``Archive.made``) of a long-running process
    (``serve``), whose unchanged files' records are the very same objects build after build: an
    issue whose pages are those same objects is taken over (an issue is made from nothing but
    its pages), the others are made."""
    groups: dict[tuple, list[ParsedFile]] = defaultdict(list)
    for pf in files:
        if not pf.nonblank_lines:
            continue  # an empty page has nothing to publish (check reports it)
        slug = pf.facts.city_slug or urls.UNKNOWN
        if pf.facts.date is None:
            groups[(slug, None, pf.path)].append(pf)
        else:
            groups[(slug, pf.facts.date, "")].append(pf)
    issues: list[Issue] = []
    made: dict[tuple, Issue] = {}
    for (slug, day, path), pages in groups.items():
        pages.sort(key=_page_key)
        key = tuple(map(id, pages))  # (an earlier issue holds its pages: their ids are not reused)
        issue = earlier.get(key) if earlier else None
        if issue is None:
            issue = _issue(slug, day, path, pages)
        made[key] = issue
        issues.append(issue)
    issues.sort(key=lambda i: (i.date or date.max, i.slug, i.undated_id))

    by_slug: dict[str, list[Issue]] = defaultdict(list)
    by_date: dict[date, list[Issue]] = defaultdict(list)
    authors: dict[str, list[Item]] = defaultdict(list)
    articles: dict[str, int] = defaultdict(int)
    papers: dict[str, dict] = defaultdict(dict)
    for issue in issues:
        by_slug[issue.slug].append(issue)
        if issue.date is not None:
            by_date[issue.date].append(issue)
        for item in issue.items:
            credited = item.article.is_article
            for name in item.article.authors:
                authors[name].append(item)
                if credited:
                    articles[name] += 1
            for fig in item.figures:
                for name in fig.authors:
                    listed = authors[name]
                    if not listed or listed[-1] is not item:  # items come in order: only the last can be it
                        listed.append(item)
        for name in issue.authors:
            papers[name][issue.paper] = None
    return Archive(
        issues=issues,
        by_slug=dict(sorted(by_slug.items())),
        by_date=dict(sorted(by_date.items())),
        undated=[i for i in issues if i.date is None],
        authors=dict(sorted(authors.items())),
        author_slugs=urls.author_slugs(list(authors)),
        author_articles={name: articles.get(name, 0) for name in sorted(authors)},
        author_papers={name: list(papers[name]) for name in sorted(authors)},
        made=made,
    )


def _issue(slug: str, day: date | None, path: str, pages: list[ParsedFile]) -> Issue:
    issue = Issue(slug=slug, paper=pages[0].facts.paper, city=pages[0].facts.city, date=day, pages=pages)
    issue.undated_id = urls.undated_id(path) if day is None else ""
    issue.url = urls.issue_url(slug, day, issue.undated_id)
    issue.items = _items(issue)
    issue.article_count = sum(1 for it in issue.items if it.article.is_article)
    issue.authors = sorted({n for it in issue.items for a in [it.article, *it.figures] for n in a.authors})
    return issue


def full_items(issue: Issue, pages: list[ParsedFile]) -> list[Item]:
    """The issue's items made again from full records of its pages (``pages`` in the issue's
    page order): the same numbers and URLs as ``issue.items``, with bodies."""
    if all(a is b for a, b in zip(pages, issue.pages)):
        return issue.items
    twin = Issue(slug=issue.slug, paper=issue.paper, city=issue.city, date=issue.date, pages=pages,
                 url=issue.url, undated_id=issue.undated_id)
    return _items(twin)


def _items(issue: Issue) -> list[Item]:
    items: list[Item] = []
    for page_index, pf in enumerate(issue.pages, 1):
        figure_ids = {f for art in pf.articles for f in art.figures}
        for i, art in enumerate(pf.articles):
            if i in figure_ids and art.kind == "photo":
                continue
            item = Item(article=art, page=pf, page_index=page_index)
            item.figures = [pf.articles[f] for f in art.figures if 0 <= f < len(pf.articles)]
            items.append(item)
    width = max(2, len(str(len(items))))
    for n, item in enumerate(items, 1):
        item.number = n
        item.url = urls.article_url(issue.url, n, width)
    return items
