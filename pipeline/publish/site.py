"""The static site under ``output/site/``: every page on a full build, then only changed ones.

Layout (all links relative, so the folder works from any web server or from disk)::

    index.html                    latest bulletin, figures, districts, categories, feeds
    problems/<id>.html            one problem: facts, timeline, evidence
    bulletins/<week>.html         one page per published bulletin (written when published)
    districts/<sha1[:8]>.html     one district: its figures and its first page of problems
    districts/<sha1[:8]>-2.html   its second page of problems, and so on
    categories/<slug>.html        one category, paginated the same way
    style.css

District and category lists are split into pages of ``page_size`` problems,
newest first whatever the status (``site_pages.py`` cuts them). The
first page keeps the list's plain name (links to it stay valid) and alone
shows the list's figures; every page shows its number, the number of pages
and prev/next links, so a later page changes only when its rows or the
number of pages do.

Incremental, without reading the whole ledger: ``.manifest.json`` keeps the
ledger's ``Stamp`` when the site was written (newest event id, problem id and
``updated_at``), the page size, the members of every district and category
list, a hash of every list page's HTML, and a key for the index and bulletin
pages; ``.rows/<first page>.txt`` keeps each list's rows as rendered HTML. The ledger changes a problem only together with
an appended event, so one indexed query names the problems changed since the
stamp: their pages are rewritten, and the list pages that list (or listed)
them are joined again from the kept rows with theirs re-rendered, paginated,
and only the pages whose HTML differs from the hash kept are written; pages
past a list's new end are removed. Figures come from one GROUP BY. A missing page is written again (one directory
listing per folder); a page of a problem no longer on the site is removed.
A full build (first run, a new manifest format, or a change of templates,
taxonomy, city, issuer or base URL: the *global key*) renders everything from
a full snapshot. Both ways write the same bytes.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup
from sqlmodel import Session

from pipeline.models import STATUS_ZH
from pipeline.publish.entries import category_slug, district_slug
from pipeline.publish.files import write_atomic
from pipeline.publish.ledger import (
    Stamp,
    changed_since,
    ledger_stamp,
    site_counts,
)
from pipeline.publish.site_pages import (
    Group,
    IndexPage,
    ListPage,
    ListRow,
    ProblemPage,
    SiteReport,
    group_figures,
    list_page_paths,
    page_count,
    page_path,
    pager,
)
from pipeline.publish.snapshot import ProblemRow, load_problems, load_snapshot
from pipeline.publish.stats import OPEN_STATUSES
from pipeline.publish.text import clean_text
from pipeline.publish.views import (
    FIELD_LIMIT,
    UNKNOWN,
    FeedLink,
    display_title,
    event_view,
    problem_view,
)
from pipeline.taxonomy import Taxonomy

MANIFEST = ".manifest.json"
ROWS = ".rows"  # each list page's rendered rows
FORMAT = 4  # of the manifest; another (or none) means a full build
PAGE_SIZE = 100  # problems per district or category page (setting ``[publish] site_page_size``)


def templates_digest(templates_dir: Path) -> str:
    h = hashlib.sha1()
    for p in sorted(templates_dir.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(templates_dir).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:16]


def _digest(html: str) -> str:
    return hashlib.sha1(html.encode("utf-8")).hexdigest()


class _Listing:
    """Which files exist under the site folder: one directory listing per folder, not a stat per page."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folders: dict[str, set[str]] = {}

    def names(self, folder: str) -> set[str]:
        names = self.folders.get(folder)
        if names is None:
            names = self.folders[folder] = set()
            try:
                with os.scandir(self.root / folder if folder else self.root) as it:
                    names.update(e.name for e in it if e.is_file())
            except (FileNotFoundError, NotADirectoryError):
                pass
        return names

    def has(self, path: str) -> bool:
        folder, _, name = path.rpartition("/")
        return name in self.names(folder)


Row = tuple[int, str, str]  # (problem id, its status, the row's HTML)


def _ordered(rows: Iterable[Row]) -> list[Row]:
    """Newest (highest id) first, whatever the status (each row shows it): a status change then
    rewrites only the page holding the row (and the first page's figures), never the pages a
    row would cross if open problems came first (hundreds at 100k problems)."""
    return sorted(rows, key=lambda r: -r[0])


class SiteBuilder:
    """Writes the site from the ledger; templates come from ``env``."""

    def __init__(
        self,
        session: Session,
        taxonomy: Taxonomy,
        env: Environment,
        *,
        site_dir: Path,
        city: str,
        global_key: str,
        feeds: list[FeedLink],
        feed_by_slug: dict[str, FeedLink],
        freeze: bool = False,
        page_size: int = PAGE_SIZE,
    ) -> None:
        """``freeze``: gc.freeze() the full snapshot once read (the caller unfreezes);
        ``page_size``: problems per district or category page."""
        if page_size < 1:
            raise ValueError(f"page_size must be at least 1, not {page_size}")
        self.session, self.taxonomy, self.env = session, taxonomy, env
        self.freeze, self.page_size = freeze, page_size
        self.site_dir, self.city, self.global_key = site_dir, clean_text(city), global_key
        self.feeds, self.feed_by_slug = feeds, feed_by_slug
        self.counts = site_counts(session, taxonomy)
        self._row_template = env.get_template("site/list_row.html")
        self._groups: dict[str, tuple[str, Group, FeedLink | None]] | None = None

    # --- groups ------------------------------------------------------------------------

    def district_path(self, district: str | None) -> str:
        return f"districts/{district_slug(clean_text(district, FIELD_LIMIT) or UNKNOWN)}.html"

    def category_path(self, category: str | None) -> str:
        return f"categories/{category_slug(category) if category else 'category-unknown'}.html"

    def groups(self) -> dict[str, tuple[str, Group, FeedLink | None]]:
        """List page path → (kind, its Group, its feed), districts then categories, in order."""
        if self._groups is None:
            self._groups = self._make_groups()
        return self._groups

    def _make_groups(self) -> dict[str, tuple[str, Group, FeedLink | None]]:
        districts: dict[str, dict[str, int]] = {}
        raw_names: dict[str, set[str]] = {}
        categories: dict[str, dict[str, int]] = {}
        for district, category, status, n in self.counts:
            name = clean_text(district, FIELD_LIMIT) or UNKNOWN
            c = districts.setdefault(name, {})
            c[status] = c.get(status, 0) + n
            if district:
                raw_names.setdefault(name, set()).add(district)
            c = categories.setdefault(category or "", {})
            c[status] = c.get(status, 0) + n
        out: dict[str, tuple[str, Group, FeedLink | None]] = {}
        found = [group_figures(district_slug(n), n, c, f"districts/{district_slug(n)}.html")
                 for n, c in districts.items()]  # fmt: skip
        for g in sorted(found, key=lambda g: (-g.exposed, g.label)):
            # a district's own feed when one of its raw names is its shown name (else the main ones)
            feed = (
                self.feed_by_slug.get(district_slug(g.label))
                if g.label in raw_names.get(g.label, ())
                else None
            )
            out[g.href] = ("区县", g, feed)
        order = [c for c in self.taxonomy.categories if c in categories]
        order += sorted(c for c in categories if c not in self.taxonomy.categories)
        for c in order:
            slug = category_slug(c) if c else "category-unknown"
            label = (clean_text(self.taxonomy.label(c)) if c else UNKNOWN) or UNKNOWN
            feed = (
                self.feed_by_slug.get(category_slug(c)) if c in self.taxonomy.categories else None
            )
            out[f"categories/{slug}.html"] = (
                "测评大类", group_figures(slug, label, categories[c], f"categories/{slug}.html"), feed
            )  # fmt: skip
        return out

    def district_groups(self) -> list[Group]:
        return [g for kind, g, _ in self.groups().values() if kind == "区县"]

    def category_groups(self) -> list[Group]:
        return [g for kind, g, _ in self.groups().values() if kind == "测评大类"]

    # --- pages -------------------------------------------------------------------------

    def problem_page(self, p: ProblemRow) -> ProblemPage:
        view = problem_view(p, self.taxonomy, status=p.status)
        return ProblemPage(
            title=display_title(p, self.taxonomy),
            problem=view,
            summary=clean_text(p.summary, 1000),
            timeline=[event_view(e) for e in p.timeline],
            district_href=f"../{self.district_path(p.district)}",
            category_href=f"../{self.category_path(p.category)}",
            feeds=self.feeds,
        )

    def row(self, p: ProblemRow) -> Row:
        r = ListRow(
            id=p.id,
            title=display_title(p, self.taxonomy),
            place=clean_text(p.place or p.street, FIELD_LIMIT),
            type_zh=self.taxonomy.label(p.problem_type) or UNKNOWN,
            status_zh=STATUS_ZH.get(p.status, clean_text(p.status, FIELD_LIMIT)),
            open=p.status in OPEN_STATUSES,
            exposed=p.exposed_at.strftime("%Y-%m-%d") if p.exposed_at else "",
        )
        return (p.id, p.status, self._row_template.render(r=r))

    def list_page(self, path: str, rows_html: str, number: int = 1, pages: int = 1) -> ListPage:
        """Page ``number`` of ``pages`` of the list whose first page is ``path``; only the first
        shows the list's figures (a later page does not change with them)."""
        kind, group, feed = self.groups()[path]

        def href(n: int) -> str:
            return page_path(path, n).rpartition("/")[2]

        title = f"{self.city}{group.label}创城曝光问题"
        return ListPage(
            title=title if number == 1 else f"{title}（第{number}页）",
            kind=kind,
            label=group.label,
            group=group if number == 1 else None,
            rows_html=Markup(rows_html),  # rendered (and escaped) by site/list_row.html
            feeds=[feed] if feed else self.feeds,
            number=number,
            pages=pages,
            first_href=href(1),
            prev_href=href(number - 1) if number > 1 else None,
            next_href=href(number + 1) if number < pages else None,
            pager=pager(path, number, pages),
        )

    # --- writing -------------------------------------------------------------------------

    def write(
        self, index: IndexPage, extra: dict[str, tuple[str, Callable[[], str]]] | None = None
    ) -> SiteReport:
        """Write changed pages; ``extra`` maps more paths to (key, a function giving the HTML)."""
        stamp = ledger_stamp(self.session)
        old = self._manifest()
        report = SiteReport()
        fresh = old is None or old["global"] != self.global_key or _newer(old["stamp"], stamp)
        files = _Listing(self.site_dir)
        built = None if fresh else self._incremental(old, report, files)  # type: ignore[arg-type]
        if built is None:
            built = self._full(report)
        lists, list_pages = built
        old_pages: dict[str, str] = (old or {}).get("pages", {})
        pages: dict[str, str] = {}
        index_key = f"{self.global_key}:{hashlib.sha1(repr(index).encode()).hexdigest()}"
        renders: dict[str, tuple[str, Callable[[], str]]] = {
            "index.html": (index_key, lambda: self._render("site/index.html", index)),
            **(extra or {}),
        }
        for path, (key, render) in renders.items():
            pages[path] = key
            if old_pages.get(path) == key and files.has(path):
                report.unchanged += 1
                continue
            write_atomic(self.site_dir / path, render())
            report.written.append(path)
        for path, key in old_pages.items():  # bulletin pages stay once published
            if path.startswith("bulletins/") and path not in pages:
                pages[path] = key
        manifest = {"format": FORMAT, "global": self.global_key, "stamp": stamp.as_json(),
                    "page_size": self.page_size, "pages": pages, "lists": lists,
                    "list_pages": list_pages}  # fmt: skip
        write_atomic(
            self.site_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, sort_keys=True)
        )
        return report

    def _render(self, template: str, ctx: object) -> str:
        return self.env.get_template(template).render(ctx=ctx)

    def _write_problem(self, p: ProblemRow, report: SiteReport) -> None:
        path = f"problems/{p.id}.html"
        write_atomic(self.site_dir / path, self._render("site/problem.html", self.problem_page(p)))
        report.written.append(path)

    def _manifest(self) -> dict | None:
        try:
            data = json.loads((self.site_dir / MANIFEST).read_text("utf-8"))
        except (FileNotFoundError, ValueError):
            return None
        return data if isinstance(data, dict) and data.get("format") == FORMAT else None

    def _write_rows(self, path: str, rows: list[Row], html: str) -> None:
        """Keep a list page's rows: a JSON header line (ids, statuses, sizes), then their HTML."""
        head = {"global": self.global_key, "ids": [r[0] for r in rows],
                "status": [r[1] for r in rows], "sizes": [len(r[2]) for r in rows]}  # fmt: skip
        write_atomic(self.site_dir / ROWS / f"{path}.txt", json.dumps(head) + "\n" + html)

    def _read_rows(self, path: str) -> list[Row] | None:
        try:
            text = (self.site_dir / ROWS / f"{path}.txt").read_text("utf-8")
            cut = text.index("\n")
            head = json.loads(text[:cut])
        except (FileNotFoundError, ValueError):
            return None
        if head.get("global") != self.global_key or sum(head["sizes"]) != len(text) - cut - 1:
            return None
        rows, at = [], cut + 1
        for pid, status, size in zip(head["ids"], head["status"], head["sizes"], strict=True):
            rows.append((pid, status, text[at : at + size]))
            at += size
        return rows

    def _write_list(
        self,
        path: str,
        rows: list[Row],
        report: SiteReport,
        keys: dict[str, str],
        old: tuple[dict[str, str], _Listing, list[int] | None, set[int]] | None = None,
    ) -> None:
        """Keep the list's rows and write its pages; every page's hash goes to ``keys``.

        ``old``: (the hashes kept, the files, the list's members when those pages were written
        (None: another page size), the changed problems). A page is written unless the hash
        kept is its HTML's and its file is there; a later page (no figures) holding the same
        unchanged problems as before among as many pages is not even rendered."""
        size = self.page_size
        pages = page_count(len(rows), size)
        old_keys, files, old_ids, changed = old or ({}, None, None, set())
        same_count = old_ids is not None and page_count(len(old_ids), size) == pages
        for n in range(1, pages + 1):
            page = page_path(path, n)
            part = rows[(n - 1) * size : n * size]
            if files is not None and n > 1 and same_count and page in old_keys:
                assert old_ids is not None
                ids = [r[0] for r in part]
                if ids == old_ids[(n - 1) * size : n * size] and changed.isdisjoint(ids):
                    if files.has(page):
                        keys[page] = old_keys[page]
                        report.unchanged += 1
                        continue
            text = self._render(
                "site/list.html", self.list_page(path, "".join(r[2] for r in part), n, pages)
            )
            keys[page] = key = _digest(text)
            if files is not None and old_keys.get(page) == key and files.has(page):
                report.unchanged += 1
                continue
            write_atomic(self.site_dir / page, text)
            report.written.append(page)
        self._write_rows(path, rows, "".join(r[2] for r in rows))

    def _full(self, report: SiteReport) -> tuple[dict[str, list[int]], dict[str, str]]:
        """Every problem and list page, from a full snapshot; returns each list's members and
        each list page's hash."""
        snap = load_snapshot(self.session, self.taxonomy)
        if self.freeze:  # acyclic rows: collections while rendering need not scan them
            gc.freeze()
        members: dict[str, list[Row]] = {path: [] for path in self.groups()}
        on_site = set()
        for p in snap.problems.values():
            if p.exposed_at is None:
                continue
            on_site.add(p.id)
            self._write_problem(p, report)
            row = self.row(p)
            members[self.district_path(p.district)].append(row)
            members[self.category_path(p.category)].append(row)
        lists, keys = {}, {}
        for path, rows in members.items():
            ordered = _ordered(rows)
            self._write_list(path, ordered, report, keys)
            lists[path] = [r[0] for r in ordered]
        self._remove_stale(on_site, set(keys), report)
        return lists, keys

    def _incremental(
        self, old: dict, report: SiteReport, files: _Listing
    ) -> tuple[dict[str, list[int]], dict[str, str]] | None:
        """Pages of problems changed since the stamp, or missing, and the lists they are (or were)
        on; None when the manifest does not account for every list page (then build all)."""
        lists: dict[str, list[int]] = old["lists"]
        old_keys: dict[str, str] = old["list_pages"]
        changed = changed_since(self.session, Stamp(**old["stamp"]))
        rows = {
            pid: p
            for pid, p in load_problems(self.session, self.taxonomy, changed).items()
            if p.exposed_at is not None
        }
        # the site's problems: each is on exactly one district list
        listed = {
            pid for path, ids in lists.items() if path.startswith("districts/") for pid in ids
        }
        on_site = (listed - changed) | set(rows)
        on_disk = _problem_pages(self.site_dir)
        missing = [pid for pid in on_site if f"{pid}.html" not in on_disk]
        if missing:
            rows.update(load_problems(self.session, self.taxonomy, missing))
        # 1. the lists that list a changed problem now, or did (all of them for a new page size)
        resized = old.get("page_size") != self.page_size
        touched: dict[str, list[Row]] = {
            path: [] for path, ids in lists.items() if resized or not changed.isdisjoint(ids)
        }
        for p in rows.values():
            if p.id in changed:
                row = self.row(p)
                for path in (self.district_path(p.district), self.category_path(p.category)):
                    touched.setdefault(path, []).append(row)
        if not set(self.groups()) <= set(lists) | set(touched):
            return None
        # 2. problem pages
        for p in sorted(rows.values(), key=lambda p: p.id):
            self._write_problem(p, report)
        report.unchanged += len(on_site) - len(rows)
        # 3. lists: the kept rows without the changed problems, plus theirs; of their pages,
        # those whose HTML changed (or that are missing) are written
        new_lists: dict[str, list[int]] = {}
        keys: dict[str, str] = {}
        for path in self.groups():
            if path not in touched:
                paths = list_page_paths(path, len(lists[path]), self.page_size)
                if all(p in old_keys and files.has(p) for p in paths):
                    new_lists[path] = lists[path]
                    keys.update((p, old_keys[p]) for p in paths)
                    report.unchanged += len(paths)
                    continue
            kept = self._read_rows(path) if path in lists else []
            if kept is None:  # its rows were lost: render them again from the ledger
                found = load_problems(self.session, self.taxonomy, lists[path])
                kept = [self.row(p) for p in found.values()]
            merged = [r for r in kept if r[0] not in changed] + touched.get(path, [])
            ordered = _ordered(merged)
            before = None if resized or path not in lists else lists[path]
            self._write_list(path, ordered, report, keys, (old_keys, files, before, changed))
            new_lists[path] = [r[0] for r in ordered]
        stale = len(on_disk) - (len(on_site) - len(missing))  # pages of problems not on the site
        self._remove_stale(on_site if stale else None, set(keys), report, old=old_keys)
        return new_lists, keys

    def _remove_stale(
        self, on_site: set[int] | None, list_pages: set[str], report: SiteReport,
        old: Iterable[str] = (),
    ) -> None:  # fmt: skip
        """Remove pages of problems not ``on_site`` (None: there are none) and list pages not in
        ``list_pages`` (on disk, or ``old`` ones), with the rows kept of a list no longer listed."""
        if on_site is not None:
            on_disk = {int(n[:-5]) for n in _problem_pages(self.site_dir) if n[:-5].isdigit()}
            for pid in sorted(on_disk - on_site):
                (self.site_dir / f"problems/{pid}.html").unlink(missing_ok=True)
                report.removed.append(f"problems/{pid}.html")
        listing = _Listing(self.site_dir)
        stale = {f"{folder}/{n}" for folder in ("districts", "categories")
                 for n in listing.names(folder) if n.endswith(".html")} - list_pages  # fmt: skip
        for path in sorted(stale | (set(old) - list_pages)):
            (self.site_dir / path).unlink(missing_ok=True)
            (self.site_dir / ROWS / f"{path}.txt").unlink(missing_ok=True)
            report.removed.append(path)


def _problem_pages(site_dir: Path) -> set[str]:
    """File names in problems/ (one listing; the folder holds only problem pages)."""
    try:
        return {n for n in os.listdir(site_dir / "problems") if n.endswith(".html")}
    except FileNotFoundError:
        return set()


def _newer(old: dict, now: Stamp) -> bool:
    """The ledger went back (another database, a restore): the stamp says nothing, build all."""
    return now.event < int(old.get("event", 0)) or now.problem < int(old.get("problem", 0))
