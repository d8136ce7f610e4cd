"""The list of pages to write: (url, template, context). Pure: no files, no Jinja.

The views built here are plain dicts shaped as ``docs/templates.md`` documents; templates
only format them.
"""

from __future__ import annotations

import calendar
import hashlib
from functools import lru_cache
from collections import defaultdict
from datetime import date
from functools import partial

from . import daypages, reprintpages, urls
from .archive import UNKNOWN_PAPER, Archive, Issue, Item
from .incremental import View, Views
from .config import SiteConfig
from . import sitemaps
from .render import Page, date_zh, inline_html
from .rawview import raw_view
from .titles import cited_title, display_title

KIND_LABELS = {"news": "消息", "commentary": "评论", "feature": "通讯", "notice": "公告", "photo": "图片", "other": "其他"}
WEEKDAYS = "一二三四五六日"
FEED_SIZE = 50
AUTHOR_PAGE_SIZE = 100


def site_context(config: SiteConfig) -> dict:
    base = config.base_url if config.base_url.endswith("/") else config.base_url + "/"
    path = base
    if "://" in base:
        path = "/" + base.split("://", 1)[1].partition("/")[2]
    return {
        "title": config.title,
        "base_url": base,
        "base_path": path,
        "lang": config.language,
        "description": f"{config.title}：地方报纸的版面、文章与作者，按城市、日期和期次浏览。",
        "licence": config.licence,
        "search": config.search,
        "data": config.data,
        "directory_urls": config.use_directory_urls,
        "variant": config.traditional or "",
        "absolute": "://" in base,
        "editor": config.editor,
    }


def robots_note(config: SiteConfig, site: dict):
    """Why a site published under a sub-path has no robots.txt, and where its sitemap goes."""
    from .errors import Diagnostic, Severity

    host = site["base_url"][: len(site["base_url"]) - len(site["base_path"]) + 1]
    return Diagnostic(Severity.INFO, config.source or "site.yaml", config.line_of("base_url"),
                      f"no robots.txt: the site is published under {site['base_path']} and crawlers read robots.txt "
                      f"only at {host}robots.txt",
                      f"add `Sitemap: {site['base_url']}sitemap.xml` to {host}robots.txt, or submit the sitemap "
                      "in Google Search Console or Bing Webmaster Tools", code="robots-subpath")


class Planner:
    """Builds every page of one archive. Views are made once and shared between pages."""

    def __init__(self, archive: Archive, site: dict, search: bool = True, traditional: bool = False,
                 data: bool = False, sitemap_urls: int | None = None, reprints=None, views: dict | None = None):
        """``views``: issue views of an earlier plan by issue token (``views_by_token``); an issue
        whose token is among them keeps its view (a view is made from nothing but what its token
        signs)."""
        self.data = data
        self.sitemap_urls = sitemap_urls or sitemaps.MAX_URLS
        self.reprints = reprints
        """``reprints.Reprints`` of the archive, or None (``reprints: false``)."""
        self.archive = archive
        self.site = site
        self.search = search
        self.traditional = traditional
        self.issue_views: dict[int, dict] = {}
        self.item_views: dict[int, dict] = {}
        self.issue_tokens: dict[int, str] = {id(i): issue_token(i, archive.author_slugs) for i in archive.issues}
        if reprints is not None:  # an issue's pages show its articles' other printings
            for i in archive.issues:
                extra = reprints.digest(i)
                if extra:
                    self.issue_tokens[id(i)] = hashlib.sha256(
                        f"{self.issue_tokens[id(i)]}\0{extra}".encode("ascii")).hexdigest()[:32]
        self._author_links = {n: {"name": n, "url": urls.author_url(s)} for n, s in archive.author_slugs.items()}
        # issue and article views are ``View``s carrying the token of what they are made from: a
        # page's signature names a listed issue by its token instead of spelling out the view
        # (see ``Group``)
        for issue in archive.issues:
            token = self.issue_tokens[id(issue)]
            view = views.get(token) if views else None
            if view is None or len(view["articles"]) != len(issue.items):
                view = self._issue_view(issue)
            else:
                self._adopt(issue, view)
            self.issue_views[id(issue)] = view

    def views_by_token(self) -> dict[str, dict]:
        """Every issue's view by its token (what a later plan may take over)."""
        return {self.issue_tokens[id(i)]: self.issue_views[id(i)] for i in self.archive.issues}

    def _views_of(self, issues) -> Views:
        """The views of ``issues``, as a list a signature names by their tokens at once."""
        return Views(map(self.issue_views.__getitem__, map(id, issues)))

    def _adopt(self, issue: Issue, view: dict) -> None:
        """Take over an earlier plan's view of an issue with the same token: its article views
        stand for this archive's items."""
        for item, art in zip(issue.items, view["articles"]):
            self.item_views[id(item)] = art

    # --- views ------------------------------------------------------------------------

    def _issue_summary(self, issue: Issue) -> dict:
        paper = issue.paper or UNKNOWN_PAPER
        evidence = issue.facts.date_evidence
        if issue.date:
            label = f"{paper} {date_zh(issue.date)}"
        elif issue.facts.date_earliest:
            label = f"{paper}（日期未定，约在 {issue.facts.date_earliest.isoformat()} 之后）"
        else:
            label = f"{paper}（日期未定）"
        return {
            "paper": paper,
            "city": issue.city,
            "slug": issue.slug,
            "url": issue.url,
            "date": issue.date,
            "weekday": issue.first("weekday"),
            "lunar_date": issue.first("lunar_date"),
            "issue_number": issue.first("issue_number"),
            "page_count": issue.first("page_count"),
            "date_evidence": evidence,
            "date_earliest": issue.facts.date_earliest,
            "date_latest": issue.facts.date_latest,
            "date_note": issue.facts.date_note,
            "label": label,
            "paper_url": urls.paper_url(issue.slug),
            "article_count": issue.article_count,
            "photo_count": len(issue.items) - issue.article_count,
            "pages": [
                {"number": pf.facts.page, "edition": pf.facts.edition,
                 "label": page_label(pf.facts.page, pf.facts.edition) or f"文件 {i}",
                 "raw_url": raw, "raw_page": raw, "file": pf.path}  # raw_url = raw_page: no .txt since issue 16
                for i, pf in enumerate(issue.pages, 1) for raw in [urls.raw_page_url(issue.url, i)]
            ],
        }

    def _issue_view(self, issue: Issue) -> View:
        view = View(self._issue_summary(issue))
        view.token = self.issue_tokens[id(issue)]
        view["articles"] = [self._item_summary(it, issue, view) for it in issue.items]
        return view

    def _item_summary(self, item: Item, issue: Issue, issue_view: dict) -> dict:
        """What lists show of an article (ArticleSummary): no body."""
        art = item.article
        body = art.summary_text()
        display = display_title(art.headline, art.kind, body)
        links = self._author_links
        authors = [links[n] for n in art.authors if n in links]
        facts = item.page.facts
        raw = urls.raw_page_url(issue.url, item.page_index)
        view = View({
            "number": item.number,
            "url": item.url,
            "headline": art.headline,
            "display_title": display,
            "kicker": art.kicker,
            "labels": list(art.labels),
            "subheadline": art.subheadline,
            "byline": art.byline,
            "authors": authors,
            "source": art.source,
            "kind": art.kind,
            "kind_label": KIND_LABELS.get(art.kind, "其他"),
            "excerpt": body[:80] + ("…" if len(body) > 80 else ""),
            "continued": art.continued,
            "raw_url": raw,  # = raw_page: no .txt since issue 16 (kept for themes that use it)
            "raw_page": raw,
            "raw_anchor": f"L{art.lines[0]}-L{art.lines[-1]}" if art.lines else "",
            "issue": issue_view,
            "page_label": page_label(facts.page, facts.edition),
            "reprints": self.reprints.of.get(item.url) if self.reprints is not None else None,
        })
        view.token = f"{self.issue_tokens[id(issue)]}#{item.number}"
        self.item_views[id(item)] = view
        return view

    def full_issue(self, issue: Issue, items: list[Item] | None = None, html: bool = True) -> dict:
        """The Issue view with full ArticleViews (bodies, figures, citation) for the issue's own
        pages. ``items`` are the issue's items with their bodies, when the archive holds summaries.
        ``html=False`` (the exports: open data, search) skips the Markdown/HTML of bodies and
        captions, which only pages show: ``body_html`` and ``figures`` are then empty."""
        view = dict(self.issue_views[id(issue)])
        items = issue.items if items is None else items
        view["articles"] = [self._item_view(it, summary, view, html)
                            for it, summary in zip(items, self.issue_views[id(issue)]["articles"])]
        return view

    @staticmethod
    def _item_view(item: Item, summary: dict, issue_view: dict, html: bool = True) -> dict:
        art = item.article
        page_no = item.page.facts.page
        view = dict(summary)
        view.update({
            "issue": issue_view,
            "text": "\n".join(art.body),
            "body_html": [
                {"role": p.role, "html": inline_html(p.text, p.markup)} for p in art.paragraphs
            ] if html else [],
            "figures": [
                {"caption_html": inline_html("".join(f.body)), "credit": f.byline,
                 "photographers": list(f.authors)}
                for f in item.figures
            ] if html else [],
            "corrections": list(art.corrections),
            "cite": cite(art, issue_view, page_no, cited_title(art.headline, art.kind, art.summary_text(400))),
            "line_range": f"{art.lines[0]}–{art.lines[-1]}" if art.lines else "",
        })
        return view

    # --- the page list ----------------------------------------------------------------

    def all_tokens(self) -> list[str]:
        """The token of every issue, in archive order (what the whole-archive files depend on)."""
        return [self.issue_tokens[id(i)] for i in self.archive.issues]

    def groups(self) -> list["Group"]:
        """Every page, in groups that are rendered (or skipped) together. An issue's group holds
        its issue page and its article pages; every other page is a group of its own."""
        one = Group.of
        out: list[Group] = [one(self._home())]
        out.extend(map(one, self._paper_pages()))
        out.extend(map(one, self._date_pages()))
        out.extend(self._issue_groups())
        out.extend(map(one, self._author_pages()))
        out.append(one(self._undated()))
        out.extend(map(one, daypages.pages(self)))
        out.append(one(daypages.random_page(self)))
        if self.reprints is not None:
            out.extend(map(one, reprintpages.pages(self)))
        if self.search:
            out.append(one(self._search_page()))
        if self.data:
            out.append(one(self._data_page()))
        out.append(one(Page("404.html", "404.html", {"page": self._meta("404.html", "页面不存在", [])})))
        out.extend(map(one, self._feeds()))
        html = []
        for g in out:
            if g.issue is not None:
                html.append(g.issue.url)
                html.extend(it.url for it in g.issue.items)
            elif g.page.template.endswith(".html") and g.page.template != "404.html":
                html.append(g.page.url)
        if self.traditional:
            html += ["zh-hant/" + u for u in html]
        out.extend(map(one, sitemaps.sitemap_pages([self.site["base_url"] + u for u in html], self.site["base_url"],
                                                   lambda url, title: self._meta(url, title, []),
                                                   self.sitemap_urls)))
        return out

    def pages(self) -> list[Page]:
        return [p for g in self.groups() for p in g.make()]

    def _meta(self, url: str, title: str, crumbs: list[tuple[str, str]], description: str = "",
              jsonld: dict | None = None, og_type: str = "website") -> dict:
        full = title if url == "" else f"{title} - {self.site['title']}"
        return {
            "url": url,
            "title": full,
            "heading": title,
            "description": description or self.site["description"],
            "canonical": self.site["base_url"] + url,
            "breadcrumbs": [{"label": "首页", "url": ""}] + [{"label": l, "url": u} for l, u in crumbs],
            "jsonld": jsonld,
            "og_type": og_type,
            "json": None,
        }

    def _home(self) -> Page:
        a = self.archive
        dated = a.dated
        ctx = {
            "stats": {
                "papers": len(a.by_slug),
                "cities": len({i.city for i in a.issues if i.city}),
                "issues": len(a.issues),
                "articles": sum(i.article_count for i in a.issues),
                "first_date": dated[0].date if dated else None,
                "last_date": dated[-1].date if dated else None,
                "undated": len(a.undated),
            },
            "papers": [self._paper_summary(slug, iss) for slug, iss in a.by_slug.items()],
            "latest": self._views_of(reversed(dated[-10:])),
            "coverage": coverage(dated, self._year_link_all),
            "years": self._years(dated, urls.dates_url),
            "ways": daypages.home_links(self),
            "reprints": self.reprints is not None,
        }
        ctx["page"] = self._meta("", self.site["title"], [], jsonld={
            "@context": "https://schema.org", "@type": "WebSite", "name": self.site["title"],
            "url": self.site["base_url"], "inLanguage": self.site["lang"]})
        return Page("", "home.html", ctx)

    @staticmethod
    def _year_link_all(year: int) -> str:
        return urls.dates_url(year)

    def _years(self, issues: list[Issue], make_url) -> list[dict]:
        counts: dict[int, int] = defaultdict(int)
        for i in issues:
            counts[i.date.year] += 1
        return [{"year": y, "url": make_url(y), "count": n} for y, n in sorted(counts.items())]

    def _paper_summary(self, slug: str, issues: list[Issue]) -> dict:
        dated = [i for i in issues if i.date]
        return {
            "name": issues[0].paper or UNKNOWN_PAPER,
            "slug": slug,
            "city": issues[0].city,
            "url": urls.paper_url(slug),
            "feed_url": f"{slug}/feed.xml",
            "issue_count": len(issues),
            "article_count": sum(i.article_count for i in issues),
            "first_date": dated[0].date if dated else None,
            "last_date": dated[-1].date if dated else None,
            "undated_count": len(issues) - len(dated),
        }

    def _paper_pages(self) -> list[Page]:
        out = []
        for slug, issues in self.archive.by_slug.items():
            paper = self._paper_summary(slug, issues)
            dated = [i for i in issues if i.date]
            title = paper["name"] + (f"（{paper['city']}）" if paper["city"] else "")
            ctx = {
                "paper": paper,
                "coverage": coverage(dated, lambda y, s=slug: urls.year_url(s, y)),
                "years": self._years(dated, lambda y, s=slug: urls.year_url(s, y)),
                "latest": self._views_of(reversed(dated[-10:])),
                "undated": self._views_of(i for i in issues if i.date is None),
                "page": self._meta(paper["url"], title, [(title, paper["url"])]),
            }
            out.append(Page(paper["url"], "paper.html", ctx))
            by_year: dict[int, list[Issue]] = defaultdict(list)
            for i in dated:
                by_year[i.date.year].append(i)
            years = sorted(by_year)
            for n, year in enumerate(years):
                in_year = by_year[year]
                url = urls.year_url(slug, year)
                links = self._day_links(in_year, by_issue=True)  # once a year, not once a month
                out.append(Page(url, "year.html", {
                    "paper": paper,
                    "year": year,
                    "count": len(in_year),
                    "months": [month_calendar(year, m, links, unit="篇") for m in range(1, 13)],
                    "prev_url": urls.year_url(slug, years[n - 1]) if n else None,
                    "next_url": urls.year_url(slug, years[n + 1]) if n + 1 < len(years) else None,
                    "prev_label": f"{years[n - 1]}年" if n else None,
                    "next_label": f"{years[n + 1]}年" if n + 1 < len(years) else None,
                    "page": self._meta(url, f"{paper['name']} {year}年", [(title, paper["url"]), (f"{year}年", url)]),
                }))
        return out

    @staticmethod
    def _day_links(issues: list[Issue], by_issue: bool) -> dict[date, tuple[str, int]]:
        links: dict[date, tuple[str, int]] = {}
        for i in issues:
            if by_issue:
                links[i.date] = (i.url, i.article_count)
            else:
                prev = links.get(i.date, ("", 0))
                links[i.date] = (urls.dates_url(i.date.year, i.date.month, i.date.day), prev[1] + 1)
        return links

    def _date_pages(self) -> list[Page]:
        a = self.archive
        dated = a.dated
        out = []
        links = self._day_links(dated, by_issue=False)
        years = sorted({d.year for d in a.by_date})
        ctx = {"coverage": coverage(dated, self._year_link_all), "years": self._years(dated, urls.dates_url),
               "page": self._meta("dates/", "按日期浏览", [("按日期", "dates/")])}
        out.append(Page("dates/", "dates.html", ctx))
        for n, year in enumerate(years):
            url = urls.dates_url(year)
            out.append(Page(url, "year.html", {
                "paper": None,
                "year": year,
                "count": sum(1 for i in dated if i.date.year == year),
                "months": [month_calendar(year, m, links) for m in range(1, 13)],
                "prev_url": urls.dates_url(years[n - 1]) if n else None,
                "next_url": urls.dates_url(years[n + 1]) if n + 1 < len(years) else None,
                "prev_label": f"{years[n - 1]}年" if n else None,
                "next_label": f"{years[n + 1]}年" if n + 1 < len(years) else None,
                "page": self._meta(url, f"{year}年", [("按日期", "dates/"), (f"{year}年", url)]),
            }))
        by_month: dict[tuple[int, int], list[dict]] = defaultdict(list)
        for d, iss in a.by_date.items():
            by_month[(d.year, d.month)].append({"date": d, "url": urls.dates_url(d.year, d.month, d.day),
                                                "issues": self._views_of(iss)})
        months = sorted(by_month)
        for n, (year, month) in enumerate(months):
            url = urls.dates_url(year, month)
            days = by_month[(year, month)]
            out.append(Page(url, "month.html", {
                "calendar": month_calendar(year, month, links),
                "days": days,
                "prev_url": urls.dates_url(*months[n - 1]) if n else None,
                "next_url": urls.dates_url(*months[n + 1]) if n + 1 < len(months) else None,
                "prev_label": "{}年{}月".format(*months[n - 1]) if n else None,
                "next_label": "{}年{}月".format(*months[n + 1]) if n + 1 < len(months) else None,
                "page": self._meta(url, f"{year}年{month}月", [("按日期", "dates/"), (f"{year}年", urls.dates_url(year)),
                                                           (f"{month}月", url)]),
            }))
        days = list(a.by_date)
        for n, d in enumerate(days):
            url = urls.dates_url(d.year, d.month, d.day)
            near = lambda k: {"date": days[k], "url": urls.dates_url(days[k].year, days[k].month, days[k].day)}  # noqa: E731
            out.append(Page(url, "day.html", {
                "date": d,
                "weekday": "星期" + WEEKDAYS[d.weekday()],
                "issues": self._views_of(a.by_date[d]),
                "prev": near(n - 1) if n else None,
                "next": near(n + 1) if n + 1 < len(days) else None,
                "page": self._meta(url, date_zh(d), [("按日期", "dates/"), (f"{d.year}年", urls.dates_url(d.year)),
                                                    (f"{d.month}月", urls.dates_url(d.year, d.month)),
                                                    (f"{d.day}日", url)]),
            }))
        return out

    def _issue_crumbs(self, issue: Issue, view: dict) -> list[tuple[str, str]]:
        paper = view["paper"] + (f"（{issue.city}）" if issue.city else "")
        crumbs = [(paper, urls.paper_url(issue.slug))]
        if issue.date:
            d = issue.date
            crumbs.append((date_zh(d), urls.dates_url(d.year, d.month, d.day)))
            crumbs.append((f"{view['paper']} {d.month}月{d.day}日", issue.url))
        else:
            crumbs.append(("日期未定", "undated/"))
            crumbs.append((view["label"], issue.url))
        return crumbs

    def _issue_groups(self) -> list["Group"]:
        out = []
        tok = self.issue_tokens
        for slug, issues in self.archive.by_slug.items():
            dated = [i for i in issues if i.date]
            for k, issue in enumerate(dated):
                prev = dated[k - 1] if k else None
                nxt = dated[k + 1] if k + 1 < len(dated) else None
                out.append(Group(issue.url, ("issue", tok[id(issue)], prev and tok[id(prev)], nxt and tok[id(nxt)]),
                                 issue=issue, make=partial(self.issue_pages, issue, prev, nxt)))
            for issue in issues:
                if issue.date is None:
                    out.append(Group(issue.url, ("issue", tok[id(issue)], None, None),
                                     issue=issue, make=partial(self.issue_pages, issue, None, None)))
        return out

    def issue_pages(self, issue: Issue, prev: Issue | None, nxt: Issue | None,
                    items: list[Item] | None = None) -> list[Page]:
        """The issue page and its article pages (full views, made when rendered)."""
        view = self.full_issue(issue, items)
        crumbs = self._issue_crumbs(issue, view)
        desc = "；".join(a["display_title"] for a in view["articles"][:6])
        jsonld = {"@context": "https://schema.org", "@type": "PublicationIssue",
                  "name": view["label"],  # no "url": the canonical link and og:url give it
                  "isPartOf": {"@type": "Periodical", "name": view["paper"]}}
        if issue.date:
            jsonld["datePublished"] = issue.date.isoformat()
        if view["issue_number"]:
            jsonld["issueNumber"] = str(view["issue_number"])
        meta = self._meta(issue.url, view["label"], crumbs, description=desc, jsonld=jsonld)
        meta["json"] = issue.url + "issue.json" if self.data else None
        summary = self.issue_views
        out = [Page(issue.url, "issue.html", {"issue": view, "prev": prev and summary[id(prev)],
                                              "next": nxt and summary[id(nxt)], "page": meta})]
        articles = view["articles"]
        for j, art in enumerate(articles):
            out.append(self._article_page(art, view, crumbs,
                                          articles[j - 1] if j else None,
                                          articles[j + 1] if j + 1 < len(articles) else None))
        return out

    def raw_pages(self, issue: Issue, files: list, texts: list[str], items: list[Item]) -> list[Page]:
        """The raw-text page of each of the issue's page files (``files``: full records, in the
        issue's page order; ``texts``: their decoded text; ``items``: the issue's full items)."""
        view = self.issue_views[id(issue)]
        crumbs = self._issue_crumbs(issue, view)
        summaries = {it["number"]: it for it in view["articles"]}
        out = []
        for i, (pf, text) in enumerate(zip(files, texts), 1):
            owners = {}
            for it in items:
                if it.page_index == i:
                    owners[id(it.article)] = it.number
                    owners.update((id(f), it.number) for f in it.figures)
            raw = raw_view(pf, text, owners, roles=self.site["editor"])
            for r in raw["ranges"]:
                r["articles"] = [summaries[n] for n in r["numbers"] if n in summaries]
            info = view["pages"][i - 1]
            url = urls.raw_page_url(issue.url, i)
            title = f"原始文本：{view['label']} {info['label']}"
            meta = self._meta(url, title, crumbs + [(f"原始文本（{info['label']}）", url)],
                              description=f"{view['label']} {info['label']}的原始文字，逐行编号，可核对每篇文章。")
            out.append(Page(url, "raw.html", {"raw": raw, "issue": view, "file": info, "page": meta}))
        return out

    def _article_page(self, art: dict, issue: dict, crumbs, prev, nxt) -> Page:
        title = art["display_title"]
        jsonld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title[:110],  # no "url": the canonical link and og:url give it (issue 16)
            "inLanguage": self.site["lang"],
            "articleSection": art["kind_label"],
            "author": [{"@type": "Person", "name": a["name"]} for a in art["authors"]],
            "publisher": {"@type": "Organization", "name": issue["paper"]},
            # no isPartOf {PublicationIssue, name}: its name was the publisher's name and the
            # date again ("辽源日报 2021年2月27日"), with no address of its own (issue 16)
        }
        if issue["date"]:
            jsonld["datePublished"] = issue["date"].isoformat()
        rep = art["reprints"]
        if rep and not rep["earliest"]:  # a later printing: based on the earliest one
            jsonld["isBasedOn"] = self.site["base_url"] + rep["text_id"]
        if art["kicker"] or art["subheadline"]:
            jsonld["alternativeHeadline"] = " ".join(x for x in (art["kicker"], art["subheadline"]) if x)
        meta = self._meta(art["url"], f"{title} - {issue['label']}", crumbs + [(title, art["url"])],
                          description=art["excerpt"], jsonld=jsonld, og_type="article")
        meta["heading"] = title  # no "json" link: no article.json since issue 16 (``_meta`` leaves it None)
        return Page(art["url"], "article.html", {"article": art, "issue": issue, "prev": prev, "next": nxt,
                                                  "page": meta})

    def _author_pages(self) -> list[Page]:
        """An author's works, oldest first, AUTHOR_PAGE_SIZE to a page: ``authors/<slug>/``,
        then ``authors/<slug>/2/`` … (a new article changes the last page, not every page)."""
        a = self.archive
        index = []
        out = []
        item_views = self.item_views
        for name, items in a.authors.items():
            url = urls.author_url(a.author_slugs[name])
            views = list(map(item_views.__getitem__, map(id, items)))  # every item has its view
            # a work is an article when the name is credited on it, else a picture (a photo item,
            # or a figure inside an article)
            n_articles = a.author_articles[name]
            counts = {"count": len(views), "article_count": n_articles, "photo_count": len(views) - n_articles}
            index.append({"name": name, "url": url, **counts})
            papers = list(dict.fromkeys(p or UNKNOWN_PAPER for p in a.author_papers[name]))
            count = max(1, -(-len(views) // AUTHOR_PAGE_SIZE))
            page_urls = [url if k == 0 else f"{url}{k + 1}/" for k in range(count)]
            for k, page_url in enumerate(page_urls):
                title = f"{name}的作品" + (f"（第{k + 1}页）" if k else "")
                crumbs = [("作者", "authors/"), (name, url)] + ([(f"第{k + 1}页", page_url)] if k else [])
                out.append(Page(page_url, "author.html", {
                    "author": {"name": name, "url": url, **counts, "papers": papers,
                               "articles": Views(views[k * AUTHOR_PAGE_SIZE:(k + 1) * AUTHOR_PAGE_SIZE]),
                               "first": k * AUTHOR_PAGE_SIZE + 1},
                    "pager": {"number": k + 1, "count": count,
                              "prev_url": page_urls[k - 1] if k else None,
                              "next_url": page_urls[k + 1] if k + 1 < count else None,
                              "pages": [{"number": n + 1, "url": u} for n, u in enumerate(page_urls)]},
                    "page": self._meta(page_url, title, crumbs,
                                       jsonld={"@context": "https://schema.org", "@type": "Person", "name": name}),
                }))
        index.sort(key=lambda x: (urls.author_slug(x["name"]), x["name"]))
        out.insert(0, Page("authors/", "authors.html", {
            "authors": index, "page": self._meta("authors/", "作者", [("作者", "authors/")])}))
        return out

    def _undated(self) -> Page:
        return Page("undated/", "undated.html", {
            "issues": self._views_of(self.archive.undated),
            "page": self._meta("undated/", "日期未定的版面", [("日期未定", "undated/")]),
        })

    def _data_page(self) -> Page:
        a = self.archive
        buckets: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        for issue in a.issues:
            year = str(issue.date.year) if issue.date else "undated"
            counts = buckets[(issue.slug, year)]
            counts[0] += issue.article_count
            counts[1] += len(issue.items) - issue.article_count
        papers = {slug: (iss[0].paper or slug) for slug, iss in a.by_slug.items()}
        bulk = [{"sqlite": f"data/{slug}/{year}.sqlite", "paper": papers[slug],
                 "year": year, "articles": n, "photos": m} for (slug, year), (n, m) in sorted(buckets.items())]
        example = next((it for i in a.issues for it in i.items if it.article.headline), None)
        return Page("data/", "data.html", {
            "bulk": bulk,
            "sqlite": "data/index.json",
            "reprints": self.reprints is not None,
            "example_issue": example.url.rsplit("/", 2)[0] + "/issue.json" if example else None,
            "page": self._meta("data/", "开放数据", [("开放数据", "data/")]),
        })

    def _search_page(self) -> Page:
        a = self.archive
        papers = [{"slug": slug, "name": iss[0].paper or slug, "city": iss[0].city} for slug, iss in a.by_slug.items()]
        years = sorted({i.date.year for i in a.dated})
        present = {it.article.kind for i in a.issues for it in i.items}
        kinds = [{"kind": k, "label": v} for k, v in KIND_LABELS.items() if k in present]
        variant = variant_map(self.site.get("variant", "")) if self.traditional else {}
        return Page("search/", "search.html", {
            "filters": {"papers": papers, "years": years, "kinds": kinds},
            "variant": {"from": "".join(variant), "to": "".join(variant.values())},
            "page": self._meta("search/", "全文检索", [("全文检索", "search/")]),
        })

    def _feeds(self) -> list[Page]:
        out = [self._feed("feed.xml", self.site["title"], self.archive.dated)]
        for slug, issues in self.archive.by_slug.items():
            dated = [i for i in issues if i.date]
            out.append(self._feed(f"{slug}/feed.xml", f"{issues[0].paper or slug} - {self.site['title']}", dated))
        return out

    def _feed(self, url: str, title: str, issues: list[Issue]) -> Page:
        entries = []
        for issue in reversed(issues):
            for art in self.issue_views[id(issue)]["articles"]:
                if len(entries) >= FEED_SIZE:
                    break
                stamp = f"{issue.date.isoformat()}T00:00:00Z"
                entries.append({"title": art["display_title"], "url": self.site["base_url"] + art["url"],
                                "id": self.site["base_url"] + art["url"], "updated": stamp,
                                "summary": art["excerpt"], "authors": [x["name"] for x in art["authors"]]})
        updated = f"{issues[-1].date.isoformat()}T00:00:00Z" if issues else "1970-01-01T00:00:00Z"
        feed = {"title": title, "url": self.site["base_url"] + url, "id": self.site["base_url"] + url,
                "updated": updated, "entries": entries, "home": self.site["base_url"]}
        return Page(url, "feed.xml", {"feed": feed, "page": self._meta(url, title, [])})


@lru_cache(maxsize=4)
def variant_map(variant: str) -> dict[str, str]:
    """Characters the site's Traditional conversion writes differently from OpenCC's standard
    forms (s2t's 爲 -> 為 for s2tw): the search page's script shows titles in the edition's
    own forms with it (its character map is s2t's)."""
    if variant not in ("s2tw", "s2twp", "s2hk"):
        return {}
    import opencc

    from .search import char_maps

    targets = sorted(set(char_maps()[1].values()))
    converted = opencc.OpenCC("t2hk" if variant == "s2hk" else "t2tw").convert("\n".join(targets)).split("\n")
    return {a: b for a, b in zip(targets, converted) if a != b and len(b) == 1}


def page_label(page: int | None, edition: str | None) -> str:
    """The page as printed, with its edition beside it: ``第1版 · 要闻版``."""
    return " · ".join(x for x in (f"第{page}版" if page else "", edition or "") if x)


def cite(art, issue: dict, page_no: int | None, title: str) -> str:
    """A GB/T 7714 citation of a newspaper article:
    ``王茵. 党史学习教育中央第二督导组到我市调研指导[N]. 辽源日报, 2021-10-22(1).``"""
    names = list(art.authors)
    who = ", ".join(names[:3]) + (", 等" if len(names) > 3 else "")
    when = issue["date"].isoformat() if issue["date"] else "出版日期不详"
    page = f"({page_no})" if page_no else ""
    head = f"{who}. " if who else ""
    return f"{head}{title}[N]. {issue['paper']}, {when}{page}."


def coverage(issues: list[Issue], year_url) -> dict:
    """Year x month counts of issues, shaded in five levels relative to the busiest month."""
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for i in issues:
        counts[(i.date.year, i.date.month)] += 1
    if not counts:
        return {"years": [], "unit": "期", "max": 0}
    top = max(counts.values())
    first, last = min(counts)[0], max(counts)[0]
    years = []
    for y in range(first, last + 1):
        months = []
        for m in range(1, 13):
            n = counts.get((y, m), 0)
            level = 0 if n == 0 else 1 + min(3, (n * 4 - 1) // top)
            months.append({"month": m, "count": n, "level": level,
                           "url": urls.dates_url(y, m) if n else None})
        total = sum(x["count"] for x in months)
        years.append({"year": y, "url": year_url(y) if total else None, "total": total, "months": months})
    return {"years": years, "unit": "期", "max": top}


def month_calendar(year: int, month: int, links: dict[date, tuple[str, int]], unit: str = "期") -> dict:
    """A Monday-first month grid; days with an issue carry its url and count."""
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row = []
        for d in week:
            if d.month != month:
                row.append(None)
                continue
            url, count = links.get(d, (None, 0))
            row.append({"day": d.day, "date": d, "url": url, "count": count})
        weeks.append(row)
    has_any = any(c and c["url"] for w in weeks for c in w)
    return {"year": year, "month": month, "label": f"{year}年{month}月", "unit": unit,
            "url": urls.dates_url(year, month) if has_any else None, "weeks": weeks}


class Group:
    """Pages rendered (or skipped) together, and what they are made from.

    ``deps`` is hashed into the group's signature: when it is unchanged since the previous
    build, the group's files are kept without rendering. An issue group's deps are the tokens
    of the issue and of its neighbours; a single page's deps are the page itself, with every
    listed issue or article replaced by its token (a ``View``'s)."""

    __slots__ = ("key", "deps", "make", "issue", "page", "plain")

    def __init__(self, key: str, deps, make, issue: Issue | None = None, page: Page | None = None,
                 plain: bool = False):
        self.key, self.deps, self.make, self.issue, self.page = key, deps, make, issue, page
        self.plain = plain
        """True when ``deps`` holds no view (nothing to replace by a token): hashed faster."""

    @property
    def size(self) -> int:
        """Pages in the group: an issue page and its article pages, or the one page."""
        return 1 + len(self.issue.items) if self.issue is not None else 1

    @classmethod
    def of(cls, page: Page) -> "Group":
        return cls(page.url, page, lambda items=None: [page], page=page, plain=page.template in VIEW_FREE)


VIEW_FREE = {"year.html", "dates.html", "authors.html", "search.html", "data.html", "404.html", "feed.xml",
             "sitemap.xml", "sitemapindex.xml", "onthisday_index.html", "random.json", "reprints.html"}
"""Templates whose context the planner makes without issue or article views (plain data)."""


def issue_token(issue: Issue, author_slugs: dict[str, str]) -> str:
    """A digest of everything an issue's views are made from: its URL, the records of its
    page files (``ParsedFile.key``: their bytes, sidecars and the parser) and the URLs of its
    authors (an author's slug can change when another author with a similar name appears)."""
    h = hashlib.sha256(issue.url.encode("utf-8"))
    for pf in issue.pages:
        h.update(b"\0" + (pf.key or record_digest(pf)).encode("ascii"))
    for n in issue.authors:
        h.update(f"\0{n}={author_slugs.get(n)}".encode("utf-8"))
    return h.hexdigest()[:32]


def record_digest(pf) -> str:
    """For records made without the cache (no key): a digest of the record itself (pickle as a
    byte encoding to hash, never stored or loaded)."""
    import pickle

    return hashlib.sha256(pickle.dumps(pf, protocol=4)).hexdigest()
