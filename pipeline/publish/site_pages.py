"""What the site's pages show (plain dataclasses handed to the templates) and how a list is cut
into pages: ``page_path``, ``page_count``, ``pager``. No I/O here; ``site.py`` writes the pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from pipeline.publish.stats import OPEN_STATUSES, format_rate, rectification_rate
from pipeline.publish.views import EventView, FeedLink, ProblemView


@dataclass(frozen=True)
class ListRow:
    id: int
    title: str
    place: str
    type_zh: str
    status_zh: str
    open: bool
    exposed: str


@dataclass(frozen=True)
class Group:
    slug: str  # file stem
    label: str
    exposed: int
    resolved: int
    open: int
    rate_text: str
    href: str  # relative to the site root


@dataclass(frozen=True)
class ProblemPage:
    title: str
    problem: ProblemView
    summary: str
    timeline: list[EventView]
    district_href: str | None
    category_href: str | None
    feeds: list[FeedLink]
    home_href: str = "../index.html"  # the site's front page
    css_href: str = "../style.css"


@dataclass(frozen=True)
class PageLink:
    """One entry of a list's page bar: a page (``href`` relative to the page) or a gap."""

    number: int | None  # None: a gap (…)
    href: str = ""
    current: bool = False


@dataclass(frozen=True)
class ListPage:
    title: str
    kind: str  # 区县 | 测评大类
    label: str  # the district or category
    group: Group | None  # its figures: on the first page only
    rows_html: Markup  # the rows, each rendered by site/list_row.html
    feeds: list[FeedLink]
    number: int = 1  # this page, from 1
    pages: int = 1  # the list's number of pages
    first_href: str = ""  # relative to the page
    prev_href: str | None = None
    next_href: str | None = None
    pager: tuple[PageLink, ...] = ()
    home_href: str = "../index.html"  # the site's front page
    css_href: str = "../style.css"


@dataclass(frozen=True)
class BulletinRef:
    week: str
    number: int
    title: str
    href: str  # relative to the site root
    published: str


@dataclass(frozen=True)
class IndexPage:
    title: str
    issuer: str
    latest: BulletinRef | None
    lead: str
    figures: dict[str, str]
    bulletins: list[BulletinRef]
    districts: list[Group]
    categories: list[Group]
    feeds: list[FeedLink]  # autodiscovery
    all_feeds: list[FeedLink]
    home_href: str = "index.html"
    css_href: str = "style.css"


@dataclass
class SiteReport:
    written: list[str] = field(default_factory=list)  # paths relative to site/
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def page_path(path: str, number: int) -> str:
    """Page ``number`` (from 1) of the list whose first page is ``path``:
    ``categories/category-environment.html``, ``categories/category-environment-2.html`` …"""
    return path if number == 1 else f"{path[:-5]}-{number}.html"


def page_count(rows: int, size: int) -> int:
    """Pages of a list of ``rows`` problems (an empty list still has its first page)."""
    return max(1, -(-rows // size))


def list_page_paths(path: str, rows: int, size: int) -> list[str]:
    return [page_path(path, n) for n in range(1, page_count(rows, size) + 1)]


def pager(path: str, number: int, pages: int, around: int = 2) -> tuple[PageLink, ...]:
    """The page bar: the first and last pages, those within ``around`` of this one, gaps."""
    shown = sorted({1, pages, *range(max(1, number - around), min(pages, number + around) + 1)})
    out: list[PageLink] = []
    for i, n in enumerate(shown):
        if i and n - shown[i - 1] > 1:
            out.append(PageLink(None))
        out.append(PageLink(n, page_path(path, n).rpartition("/")[2], n == number))
    return tuple(out)


def group_figures(slug: str, label: str, counts: dict[str, int], href: str) -> Group:
    exposed = sum(counts.values())
    resolved, dismissed = counts.get("resolved", 0), counts.get("dismissed", 0)
    return Group(
        slug=slug,
        label=label,
        exposed=exposed,
        resolved=resolved,
        open=sum(counts.get(s, 0) for s in OPEN_STATUSES),
        rate_text=format_rate(rectification_rate(resolved, exposed, dismissed)),
        href=href,
    )
