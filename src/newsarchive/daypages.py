"""Ways into the archive by calendar day: "on this day" and a random front page.

``on-this-day/`` lists the calendar days (MM-DD) that have issues; ``on-this-day/10-22/``
shows what every paper printed on 22 October in every year, front pages first. The home
page's link goes to the index, and a few lines of ``site.js`` point it at today's page when
there is one. ``random.json`` holds a sample of issue URLs that ``site.js`` picks one from
for "随便翻一期" (without JavaScript the link goes to the date index).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from .incremental import Views
from .render import Page

INDEX = "on-this-day/"
RANDOM = "random.json"
RANDOM_SIZE = 400
"""Issues listed in ``random.json``: a sample spread evenly over the archive when it holds
more (the file stays small; the choice among them is the reader's browser's)."""


def day_url(month: int, day: int) -> str:
    return f"{INDEX}{month:02d}-{day:02d}/"


def days_with_issues(planner) -> dict[tuple[int, int], list]:
    """(month, day) -> the issues of that calendar day, oldest year first."""
    out: dict[tuple[int, int], list] = defaultdict(list)
    for d, issues in planner.archive.by_date.items():
        out[(d.month, d.day)].extend(issues)
    return dict(sorted(out.items()))


def home_links(planner) -> dict:
    """What the home page's two links need: the calendar days that have a page."""
    return {"days": [f"{m:02d}-{d:02d}" for m, d in days_with_issues(planner)],
            "on_this_day": INDEX, "random": RANDOM}


def pages(planner) -> list[Page]:
    days = days_with_issues(planner)
    crumbs = [("历史上的今天", INDEX)]
    months = []
    for m in range(1, 13):
        listed = [{"day": d, "url": day_url(m, d), "count": len(iss)} for (mm, d), iss in days.items() if mm == m]
        if listed:
            months.append({"month": m, "days": listed})
    out = [Page(INDEX, "onthisday_index.html", {
        "months": months, "count": len(days),
        "page": planner._meta(INDEX, "历史上的今天", crumbs,
                              description="按月日浏览：每一天在往年各报刊登了什么。"),
    })]
    keys = list(days)
    for n, (m, d) in enumerate(keys):
        url = day_url(m, d)
        years: dict[int, list] = defaultdict(list)
        for issue in days[(m, d)]:
            view = planner.issue_views[id(issue)]
            front = Views(view["articles"][:front_count(issue)])
            years[issue.date.year].append({"issue": view, "front": front,
                                           "more": len(view["articles"]) - len(front)})
        near = lambda k: {"label": f"{keys[k][0]}月{keys[k][1]}日", "url": day_url(*keys[k])}  # noqa: E731
        label = f"{m}月{d}日"
        out.append(Page(url, "onthisday.html", {
            "month": m, "day": d, "label": label,
            "years": [{"year": y, "issues": v, "url": None} for y, v in sorted(years.items(), reverse=True)],
            "prev": near(n - 1) if n else None,
            "next": near(n + 1) if n + 1 < len(keys) else None,
            "page": planner._meta(url, f"历史上的今天：{label}", crumbs + [(label, url)],
                                  description=f"往年{label}各报刊登的文章，头版在前。"),
        }))
    return out


def front_count(issue) -> int:
    """How many of the issue's items are on its first page file (items come in page order)."""
    for n, it in enumerate(issue.items):
        if it.page_index != 1:
            return n
    return len(issue.items)


def random_page(planner) -> Page:
    """``random.json``: issue URLs to pick a random front page from."""
    dated = planner.archive.dated
    if len(dated) > RANDOM_SIZE:
        step = len(dated) / RANDOM_SIZE
        dated = [dated[int(k * step)] for k in range(RANDOM_SIZE)]
    return Page(RANDOM, "random.json", {"issues": [i.url for i in dated],
                                        "page": planner._meta(RANDOM, "random", [])})


def today(d: date) -> str:
    """The MM-DD of a date (as the script computes it in the reader's time zone)."""
    return f"{d.month:02d}-{d.day:02d}"
