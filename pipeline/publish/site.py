"""The static site under ``output/site/``: plan every page, render only the changed ones.

Layout (all links relative, so the folder works from any web server or from disk)::

    index.html                    latest bulletin, figures, districts, categories, feeds
    problems/<id>.html            one problem: facts, timeline, evidence
    bulletins/<week>.html         one page per published bulletin (written when published)
    districts/<sha1[:8]>.html     one district: its figures and problems
    categories/<slug>.html        one category: its figures and problems
    style.css

Incremental: each page has a *key* computed cheaply from the data it shows;
``.manifest.json`` remembers the key each page was written with, and a page
is rendered and written only when its key changed (or the file is missing).
A problem's key is its ledger ``status``, ``updated_at`` and the id and
number of its events (the ledger only changes a problem together with an
appended event); list pages hash their problems' keys; every key includes
a digest of the templates, the taxonomy version, the city and the base URL.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment

from pipeline.models import STATUS_ZH
from pipeline.publish.entries import category_slug, district_slug
from pipeline.publish.files import write_atomic
from pipeline.publish.snapshot import ProblemRow, Snapshot
from pipeline.publish.stats import OPEN_STATUSES, format_rate, rectification_rate
from pipeline.publish.text import clean_text
from pipeline.publish.views import (
    FIELD_LIMIT,
    UNKNOWN,
    EventView,
    FeedLink,
    ProblemView,
    display_title,
    event_view,
    problem_view,
)
from pipeline.taxonomy import Taxonomy

MANIFEST = ".manifest.json"


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
    root: str = "../"
    css_href: str = "../style.css"


@dataclass(frozen=True)
class ListPage:
    title: str
    kind: str  # 区县 | 测评大类
    group: Group
    rows: list[ListRow]
    feeds: list[FeedLink]
    root: str = "../"
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
    root: str = ""
    css_href: str = "style.css"


@dataclass
class SiteReport:
    written: list[str] = field(default_factory=list)  # paths relative to site/
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def templates_digest(templates_dir: Path) -> str:
    h = hashlib.sha1()
    for p in sorted(templates_dir.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(templates_dir).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:16]


def problem_key(p: ProblemRow) -> str:
    last = p.timeline[-1].id if p.timeline else 0
    stamp = p.updated_at.timestamp() if p.updated_at else 0
    return f"{p.status}:{stamp}:{last}:{len(p.timeline)}"


def _group_key(keys: Iterable[str]) -> str:
    return hashlib.sha1("\n".join(keys).encode()).hexdigest()


def _group(slug: str, label: str, rows: list[ProblemRow], href: str) -> Group:
    counts = Counter(p.status for p in rows)
    resolved, dismissed = counts["resolved"], counts["dismissed"]
    return Group(
        slug=slug,
        label=label,
        exposed=len(rows),
        resolved=resolved,
        open=sum(counts[s] for s in OPEN_STATUSES),
        rate_text=format_rate(rectification_rate(resolved, len(rows), dismissed)),
        href=href,
    )


class _Listing:
    """Which files exist under the site folder: one directory listing per folder, not a stat per page."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folders: dict[str, set[str]] = {}

    def has(self, path: str) -> bool:
        folder, _, name = path.rpartition("/")
        names = self.folders.get(folder)
        if names is None:
            names = self.folders[folder] = set()
            try:
                with os.scandir(self.root / folder if folder else self.root) as it:
                    names.update(e.name for e in it if e.is_file())
            except (FileNotFoundError, NotADirectoryError):
                pass
        return name in names


class SiteBuilder:
    """Plans and writes the site for one snapshot; templates come from ``env``."""

    def __init__(
        self,
        snap: Snapshot,
        taxonomy: Taxonomy,
        env: Environment,
        *,
        site_dir: Path,
        city: str,
        global_key: str,
        feeds: list[FeedLink],
        district_feeds: dict[str, FeedLink],
        category_feeds: dict[str, FeedLink],
    ) -> None:
        self.snap, self.taxonomy, self.env = snap, taxonomy, env
        self.site_dir, self.city, self.global_key = site_dir, clean_text(city), global_key
        self.feeds, self.district_feeds, self.category_feeds = feeds, district_feeds, category_feeds
        self.problems = [p for p in snap.problems.values() if p.exposed_at is not None]
        self._district_groups: list[Group] | None = None
        self._category_groups: list[Group] | None = None
        self._list_rows: dict[int, ListRow] = {}  # a problem's row, shared by its two list pages
        self.keys = {p.id: problem_key(p) for p in self.problems}
        self.districts: dict[str, list[ProblemRow]] = {}
        self.categories: dict[str, list[ProblemRow]] = {}
        for p in self.problems:
            name = clean_text(p.district, FIELD_LIMIT) or UNKNOWN
            self.districts.setdefault(name, []).append(p)
            self.categories.setdefault(p.category or "", []).append(p)

    # --- groups ------------------------------------------------------------------------

    def district_groups(self) -> list[Group]:
        if self._district_groups is None:
            out = [
                _group(district_slug(n), n, rows, f"districts/{district_slug(n)}.html")
                for n, rows in self.districts.items()
            ]
            self._district_groups = sorted(out, key=lambda g: (-g.exposed, g.label))
        return list(self._district_groups)

    def category_groups(self) -> list[Group]:
        if self._category_groups is None:
            self._category_groups = self._make_category_groups()
        return list(self._category_groups)

    def _make_category_groups(self) -> list[Group]:
        out = []
        for c in self._category_order():
            slug = category_slug(c) if c else "category-unknown"
            label = clean_text(self.taxonomy.label(c)) if c else UNKNOWN
            out.append(
                _group(slug, label or UNKNOWN, self.categories[c], f"categories/{slug}.html")
            )
        return out

    # --- pages -------------------------------------------------------------------------

    def problem_page(self, p: ProblemRow) -> ProblemPage:
        view = problem_view(p, self.taxonomy, status=p.status)
        district = clean_text(p.district, FIELD_LIMIT) or UNKNOWN
        cat = category_slug(p.category) if p.category else "category-unknown"
        return ProblemPage(
            title=display_title(p, self.taxonomy),
            problem=view,
            summary=clean_text(p.summary, 1000),
            timeline=[event_view(e) for e in p.timeline],
            district_href=f"../districts/{district_slug(district)}.html",
            category_href=f"../categories/{cat}.html",
            feeds=self.feeds,
        )

    def _rows(self, rows: list[ProblemRow]) -> list[ListRow]:
        ordered = sorted(rows, key=lambda p: (p.status not in OPEN_STATUSES, -p.id))
        cache = self._list_rows
        out = []
        for p in ordered:
            row = cache.get(p.id)
            if row is None:
                row = cache[p.id] = ListRow(
                    id=p.id,
                    title=display_title(p, self.taxonomy),
                    place=clean_text(p.place or p.street, FIELD_LIMIT),
                    type_zh=self.taxonomy.label(p.problem_type) or UNKNOWN,
                    status_zh=STATUS_ZH.get(p.status, clean_text(p.status, FIELD_LIMIT)),
                    open=p.status in OPEN_STATUSES,
                    exposed=p.exposed_at.strftime("%Y-%m-%d") if p.exposed_at else "",
                )
            out.append(row)
        return out

    def list_page(
        self, kind: str, group: Group, rows: list[ProblemRow], feed: FeedLink | None
    ) -> ListPage:
        return ListPage(
            title=f"{self.city}{group.label}创城曝光问题",
            kind=kind,
            group=group,
            rows=self._rows(rows),
            feeds=[feed] if feed else self.feeds,
        )

    # --- planning and writing ------------------------------------------------------------

    def plan(self, index: IndexPage) -> Iterator[tuple[str, str, str, Callable[[], object]]]:
        """(path, template, key, context builder) of every page, one at a time (a list of
        100k tuples and closures would only feed the cyclic garbage collector)."""
        g = self.global_key
        for p in self.problems:
            yield (f"problems/{p.id}.html", "site/problem.html", f"{g}:{self.keys[p.id]}",
                   lambda p=p: self.problem_page(p))  # fmt: skip
        for grp in self.district_groups():
            rows = self.districts[grp.label]
            key = f"{g}:{_group_key(self.keys[p.id] for p in rows)}"
            feed = self.district_feeds.get(grp.label)
            yield (grp.href, "site/list.html", key,
                   lambda grp=grp, rows=rows, feed=feed: self.list_page("区县", grp, rows, feed))  # fmt: skip
        for grp, cat in zip(self.category_groups(), self._category_order(), strict=True):
            rows = self.categories[cat]
            key = f"{g}:{_group_key(self.keys[p.id] for p in rows)}"
            feed = self.category_feeds.get(cat)
            yield (grp.href, "site/list.html", key,
                   lambda grp=grp, rows=rows, feed=feed: self.list_page("测评大类", grp, rows, feed))  # fmt: skip
        index_key = hashlib.sha1(repr(index).encode()).hexdigest()
        yield ("index.html", "site/index.html", f"{g}:{index_key}", lambda: index)

    def _category_order(self) -> list[str]:
        order = [c for c in self.taxonomy.categories if c in self.categories]
        return order + sorted(c for c in self.categories if c not in self.taxonomy.categories)

    def write(
        self, index: IndexPage, extra: dict[str, tuple[str, Callable[[], str]]] | None = None
    ) -> SiteReport:
        """Write changed pages; ``extra`` maps more paths to (key, a function giving the HTML)."""
        manifest_path = self.site_dir / MANIFEST
        try:
            old: dict[str, str] = json.loads(manifest_path.read_text("utf-8"))
        except (FileNotFoundError, ValueError):
            old = {}
        new: dict[str, str] = {}
        report = SiteReport()
        files = _Listing(self.site_dir)
        for path, template, key, build in self.plan(index):
            new[path] = key
            if old.get(path) == key and files.has(path):
                report.unchanged += 1
                continue
            html = self.env.get_template(template).render(ctx=build())
            write_atomic(self.site_dir / path, html)
            report.written.append(path)
        for path, (key, render) in (extra or {}).items():
            new[path] = key
            if old.get(path) == key and files.has(path):
                report.unchanged += 1
                continue
            write_atomic(self.site_dir / path, render())
            report.written.append(path)
        for path in sorted(set(old) - set(new)):
            if not path.startswith("bulletins/"):  # bulletin pages stay once published
                (self.site_dir / path).unlink(missing_ok=True)
                report.removed.append(path)
            else:
                new[path] = old[path]
        write_atomic(manifest_path, json.dumps(new, ensure_ascii=False, sort_keys=True))
        return report
