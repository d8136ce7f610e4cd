"""The ``reprints/`` index: every text printed more than once (``reprints.Reprints``).

``reprints/`` lists the texts by how many printings they have, ``reprints/by-date/`` by the
date of their earliest printing; ``reprints/2021/`` and ``reprints/papers/liaoyuan/`` keep
the texts with a printing in that year or paper. Each list is cut into pages of
``PAGE_SIZE`` (``reprints/page-2/`` …). The contexts are plain data (no views): the page's
signature is the page itself.
"""

from __future__ import annotations

from datetime import date

from .archive import UNKNOWN_PAPER
from .render import Page, date_zh

INDEX = "reprints/"
PAGE_SIZE = 100


def _clusters(planner) -> list[dict]:
    rep = planner.reprints
    where = {it.url: (issue, it) for issue in planner.archive.issues for it in issue.items}
    out = []
    for text_id, members in rep.clusters.items():
        printings = []
        for n, url in enumerate(members):
            issue, item = where[url]
            view = planner.item_views[id(item)]
            printings.append({"url": url, "paper": issue.paper or UNKNOWN_PAPER, "slug": issue.slug, "date": issue.date,
                              "title": view["display_title"], "earliest": n == 0})
        out.append({"text_id": text_id, "title": printings[0]["title"], "count": len(members),
                    "first_date": printings[0]["date"], "printings": printings})
    return out


def pages(planner) -> list[Page]:
    clusters = _clusters(planner)
    first = lambda c: (c["first_date"] or date.max, c["text_id"])  # noqa: E731
    by_size = sorted(clusters, key=lambda c: (-c["count"], *first(c)))
    by_date = sorted(clusters, key=first)
    years = sorted({p["date"].year for c in clusters for p in c["printings"] if p["date"]})
    papers = {}
    for c in clusters:
        for p in c["printings"]:
            papers.setdefault(p["slug"], p["paper"])
    papers = dict(sorted(papers.items()))
    filters = {"years": [{"year": y, "url": f"{INDEX}{y}/"} for y in years],
               "papers": [{"slug": s, "name": n, "url": f"{INDEX}papers/{s}/"} for s, n in papers.items()]}
    out = _listing(planner, INDEX, "同文刊载", "按刊载次数", by_size, filters, "size")
    out += _listing(planner, f"{INDEX}by-date/", "同文刊载：按首次刊载日期", "按首次刊载日期", by_date, filters, "date")
    for y in years:
        chosen = [c for c in by_size if any(p["date"] and p["date"].year == y for p in c["printings"])]
        out += _listing(planner, f"{INDEX}{y}/", f"同文刊载：{y}年", f"{y}年", chosen, filters, "year")
    for slug, name in papers.items():
        chosen = [c for c in by_size if any(p["slug"] == slug for p in c["printings"])]
        out += _listing(planner, f"{INDEX}papers/{slug}/", f"同文刊载：{name}", name, chosen, filters, "paper")
    return out


def _listing(planner, url: str, title: str, label: str, clusters: list[dict], filters: dict, kind: str) -> list[Page]:
    count = max(1, -(-len(clusters) // PAGE_SIZE))
    page_urls = [url if k == 0 else f"{url}page-{k + 1}/" for k in range(count)]
    crumbs = [("同文刊载", INDEX)] + ([(label, url)] if url != INDEX else [])
    out = []
    for k, page_url in enumerate(page_urls):
        heading = title + (f"（第{k + 1}页）" if k else "")
        out.append(Page(page_url, "reprints.html", {
            "clusters": clusters[k * PAGE_SIZE:(k + 1) * PAGE_SIZE], "total": len(clusters),
            "first": k * PAGE_SIZE + 1, "kind": kind, "filters": filters, "here": url,
            "pager": {"number": k + 1, "count": count,
                      "prev_url": page_urls[k - 1] if k else None,
                      "next_url": page_urls[k + 1] if k + 1 < count else None,
                      "pages": [{"number": n + 1, "url": u} for n, u in enumerate(page_urls)]},
            "page": planner._meta(page_url, heading, crumbs + ([(f"第{k + 1}页", page_url)] if k else []),
                                  description=f"{title}：同一篇文字在不同报纸、不同日期的刊载，最早的一次在前。"),
        }))
    return out


__all__ = ["pages", "INDEX", "PAGE_SIZE", "date_zh"]
