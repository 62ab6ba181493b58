"""Publish: the weekly bulletin (第N期, HTML and .docx), the RSS/Atom feeds and the static site.

Pelican style, in steps (see ``publish``): read what the week's bulletin and
the feeds show with indexed queries (ledger.py); build plain contexts from it;
render and write files; bring the static site up to date (site.py: only the
pages of problems changed since it was last written).

Output layout under ``output_dir``::

    bulletins/2026-W47.html|.docx   the bulletin (draft: 2026-W47.draft.html|.docx)
    bulletins/2026-W47.e1.html|.docx  an earlier edition, kept when a corrected one replaces it
    bulletins/index.html            every numbered bulletin, and every feed
    bulletins/style.css             copied from templates/style.css
    editorial/2026-W47.toml         the editor's overrides for that week (see editorial.py)
    feeds/exposures.rss|.atom       new exposures (one entry per problem)
    feeds/resolved.rss|.atom        resolutions (one entry per event)
    feeds/status.rss|.atom          every status change
    feeds/bulletins.rss|.atom       every issue, linking its HTML and .docx
    feeds/category-<slug>.rss|.atom status changes per taxonomy category
    feeds/type-<slug>.rss|.atom     status changes per problem type
    feeds/district-<sha1[:8]>.rss|.atom  status changes per district
    site/                           the static site (see site.py)
"""

from __future__ import annotations

import gc
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session

from pipeline.errors import WenmingError
from pipeline.publish.bulletin import make_env, render_bulletin, render_index
from pipeline.publish.context import (
    LIST_LIMIT,
    BulletinContext,
    FeedLink,
    build_bulletin_context,
    published_text,
)
from pipeline.publish.docx import render_docx
from pipeline.publish.editorial import Editorial, editorial_path, load_editorial, save_editorial
from pipeline.publish.entries import FeedSpec, build_feed_specs, pick_events
from pipeline.publish.feeds import feed_urls, write_feed
from pipeline.publish.files import copy_stylesheet, remove_stale_feeds, write_if_changed
from pipeline.publish.index import build_bulletin_feed, build_index_context
from pipeline.publish.ledger import (
    event_rows,
    latest_moment,
    load_week,
    newest_changes,
    newest_exposed,
    problem_groups,
    problems_of_events,
)
from pipeline.publish.numbering import (
    BulletinRecord,
    find_bulletin,
    list_bulletins,
    number_for,
    record_bulletin,
)
from pipeline.publish.site import PAGE_SIZE, SiteBuilder, templates_digest
from pipeline.publish.site_index import build_site_index
from pipeline.publish.site_pages import SiteReport
from pipeline.publish.snapshot import (
    EventRow,
    ProblemRow,
    load_problems,
    paused_gc,
)
from pipeline.publish.text import clean_xml_text
from pipeline.publish.weeks import week_monday, week_of
from pipeline.taxonomy import Taxonomy

__all__ = ["Editorial", "PublishResult", "publish", "clean_xml_text"]

MAIN_FEEDS = ("exposures", "resolved", "status", "bulletins")


@dataclass
class PublishResult:
    week: str
    number: int  # for a draft: the number the week has or would get
    bulletin_path: Path
    feed_paths: list[Path] = field(default_factory=list)  # empty for a draft
    counts: dict[str, int] = field(default_factory=dict)  # status → problems, as of week end
    docx_path: Path | None = None
    edition: int = 1
    frozen: bool = False  # already published with this content: the issue was left as it was
    site: SiteReport | None = None  # None for a draft
    seconds: dict[str, float] = field(default_factory=dict)  # step → wall time


def _check_week(week: str) -> str:
    try:
        week_monday(week)
    except ValueError as exc:
        raise WenmingError(f"publish: {exc}") from exc
    return week


def _summary(ctx: BulletinContext) -> str:
    f = ctx.figures
    return (
        f"本周新曝光{f.exposed_week}个，整改{f.resolved_week}个；"
        f"累计曝光{f.total}个，已整改{f.resolved}个，未整改{f.open}个，"
        f"超期{f.overdue}个，整改率{f.rate_text}"
    )


FeedRows = tuple[
    dict[int, ProblemRow],
    dict[int, EventRow],
    dict[str, list[int]],
    list[ProblemRow],
    list[str | None],
]


def _feed_rows(session: Session, taxonomy: Taxonomy, base_url: str, max_items: int) -> FeedRows:
    """What the problem feeds show: (rows, picked events by id, event ids per feed, exposure
    candidates, districts of exposed problems), read newest first with indexed queries."""
    groups = problem_groups(session, taxonomy)
    picked = pick_events(newest_changes(session, taxonomy), groups, taxonomy,
                         base_url=base_url, max_items=max_items)  # fmt: skip
    exposed = newest_exposed(session, max_items)
    wanted = {eid for ids in picked.values() for eid in ids}
    rows = load_problems(session, taxonomy, [pid for pid, _ in exposed])
    events = event_rows(rows, wanted)
    missing = wanted - set(events)
    if missing:  # the picked events' problems not read yet
        more = load_problems(session, taxonomy, problems_of_events(session, missing))
        rows.update(more)
        events.update(event_rows(more, missing))
    candidates = [rows[pid] for pid, _ in exposed if pid in rows]
    districts = [g[2] for g in groups if g[2] is not None]
    return rows, events, picked, candidates, districts


def _links(specs: list[FeedSpec], base_url: str) -> list[FeedLink]:
    return [FeedLink(s.slug, s.title, *feed_urls(base_url, s.slug)) for s in specs]


def _archive(bulletins_dir: Path, week: str, edition: int) -> None:
    """Keep the frozen files of ``edition`` beside the corrected one (2026-W47.e1.html)."""
    for ext in ("html", "docx"):
        src = bulletins_dir / f"{week}.{ext}"
        if src.is_file():
            shutil.copyfile(src, bulletins_dir / f"{week}.e{edition}.{ext}")


def _edition(
    existing: BulletinRecord | None, digest: str, now: datetime
) -> tuple[int, datetime, bool]:
    """(edition, its publication time, frozen) for content with this digest."""
    if existing is None or existing.published_at is None:
        return 1, now, False
    if existing.content_hash == digest:
        return existing.edition, existing.published_at, True
    return existing.edition + 1, now, False


@contextmanager
def _owned_gc_freeze() -> Iterator[bool]:
    """Yields whether the body may gc.freeze() (the rows once read, so collections while pages
    render need not scan them): only when no caller's own freeze is on; unfrozen on the way out."""
    owns = gc.get_freeze_count() == 0
    try:
        yield owns
    finally:
        if owns:
            gc.unfreeze()


def publish(
    session: Session,
    *,
    taxonomy: Taxonomy,
    output_dir: Path,
    templates_dir: Path,
    city: str,
    issuer: str,
    base_url: str,
    feed_max_items: int = 50,
    site_page_size: int = PAGE_SIZE,
    week: str | None = None,
    now: datetime | None = None,
    draft: bool = False,
    editorial: Editorial | None = None,
    site: bool = True,
) -> PublishResult:
    """Render the bulletin for ``week`` (default: the data's latest week), all feeds and the site.

    ``editorial`` overrides are merged into ``editorial/<week>.toml`` first and kept there;
    ``site=False`` skips the static site (benchmarks time it separately); ``site_page_size``:
    problems per district or category page of the site.
    """
    with _owned_gc_freeze() as freeze:
        now = now or datetime.now(UTC)
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        base_url = base_url if base_url.endswith("/") else base_url + "/"
        output_dir, templates_dir = Path(output_dir), Path(templates_dir)
        bulletins_dir, feeds_dir = output_dir / "bulletins", output_dir / "feeds"

        # 1. read what the week's bulletin and the feeds show (and the editor's overrides)
        clock = time.perf_counter()
        seconds: dict[str, float] = {}
        week = _check_week(week or week_of(latest_moment(session) or now))
        data = load_week(session, taxonomy, week, LIST_LIMIT)
        feed_rows = _feed_rows(session, taxonomy, base_url, feed_max_items)
        if freeze:
            gc.freeze()  # later collections (site pages render many objects) need not scan the rows
        seconds["read"] = time.perf_counter() - clock
        existing = find_bulletin(session, week)
        number = existing.number if existing else number_for(session, week)
        ed_file = editorial_path(output_dir, week)
        edits = load_editorial(ed_file)
        if editorial is not None:
            edits = edits.merged(editorial)
            save_editorial(ed_file, edits)

        # 2. build contexts
        with paused_gc():  # the context's rows are acyclic; see paused_gc
            specs = build_feed_specs(*feed_rows, taxonomy, city=city, base_url=base_url,
                                     max_items=feed_max_items)  # fmt: skip
        links = _links(specs, base_url)
        bulletin_link = FeedLink(
            "bulletins", f"{city}创城曝光问题 · 整改周报", *feed_urls(base_url, "bulletins")
        )
        links.insert(3, bulletin_link)
        main = [link for link in links if link.slug in MAIN_FEEDS]
        with paused_gc():
            ctx = build_bulletin_context(
                data, taxonomy, week=week, number=number, city=city, issuer=issuer, now=now,
                feeds=main, draft=draft, editorial=edits,
            )  # fmt: skip
        seconds["context"] = time.perf_counter() - clock - seconds["read"]
        digest = ctx.content_hash()
        edition, published_at, frozen = _edition(existing, digest, now)
        stem = f"{week}.draft" if draft else week
        ctx = replace(ctx, edition=edition, published=published_text(published_at),
                      docx_href=f"{stem}.docx")  # fmt: skip

        # 3. render and write
        env = make_env(templates_dir)
        if not draft and existing and not frozen:
            _archive(bulletins_dir, week, existing.edition)
        path, docx_path = bulletins_dir / f"{stem}.html", bulletins_dir / f"{stem}.docx"
        # a frozen issue stays as written
        if not (frozen and path.is_file() and docx_path.is_file()):
            write_if_changed(path, render_bulletin(env, ctx))
            write_if_changed(docx_path, render_docx(ctx, published_at))
        copy_stylesheet(templates_dir, bulletins_dir)
        result = PublishResult(week, number, path, [], ctx.counts, docx_path, edition, frozen)
        result.seconds = seconds
        seconds["bulletin"] = time.perf_counter() - clock - seconds["read"] - seconds["context"]
        if draft:
            return result

        if not frozen:
            record_bulletin(
                session, week=week, number=number, title=ctx.title, summary=_summary(ctx),
                html_path=f"bulletins/{path.name}", docx_path=f"bulletins/{docx_path.name}",
                content_hash=digest, edition=edition, now=published_at,
            )  # fmt: skip
        rows = list_bulletins(session)
        index = build_index_context(rows, city=city, issuer=issuer, feeds=main, all_feeds=links)
        write_if_changed(bulletins_dir / "index.html", render_index(env, index))
        sizes = {r.week: (bulletins_dir / f"{r.week}.docx").stat().st_size
                 for r in rows if (bulletins_dir / f"{r.week}.docx").is_file()}  # fmt: skip
        specs.insert(3, build_bulletin_feed(rows, city=city, base_url=base_url, docx_sizes=sizes,
                                            max_items=feed_max_items))  # fmt: skip
        for spec in specs:
            result.feed_paths += write_feed(
                spec, feeds_dir, base_url=base_url, issuer=issuer, now=now
            )
        remove_stale_feeds(feeds_dir, result.feed_paths)
        seconds["feeds"] = time.perf_counter() - clock - sum(seconds.values())

        # 4. the static site: only pages whose data changed are rewritten
        if not site:
            return result
        t = time.perf_counter()
        result.site = _write_site(session, taxonomy, env, output_dir / "site", templates_dir, ctx, rows,
                                  digest=digest, freeze=freeze, links=links, main=main, city=city, issuer=issuer, base_url=base_url,
                                  page_size=site_page_size)  # fmt: skip
        result.seconds["site"] = time.perf_counter() - t
        return result


def _write_site(
    session: Session,
    taxonomy: Taxonomy,
    env: object,
    site_dir: Path,
    templates_dir: Path,
    ctx: BulletinContext,
    rows: list[BulletinRecord],
    *,
    digest: str,
    freeze: bool,
    links: list[FeedLink],
    main: list[FeedLink],
    city: str,
    issuer: str,
    base_url: str,
    page_size: int,
) -> SiteReport:
    """Bring the site up to date; ``digest``: the bulletin's ``content_hash``."""
    builder = SiteBuilder(
        session, taxonomy, env,  # type: ignore[arg-type]
        site_dir=site_dir,
        city=city,
        global_key="|".join((templates_digest(templates_dir), taxonomy.version, base_url, city, issuer)),
        feeds=main,
        feed_by_slug={link.slug: link for link in links},
        freeze=freeze,
        page_size=page_size,
    )  # fmt: skip
    page = replace(ctx, site_root="../", css_href="../style.css", archive_href="../index.html",
                   docx_href=f"../../bulletins/{ctx.week}.docx", home_href="../index.html")  # fmt: skip
    key = f"{builder.global_key}:{digest}:{ctx.edition}"
    index = build_site_index(builder, ctx, rows, issuer=issuer, feeds=main, all_feeds=links)
    html = {f"bulletins/{ctx.week}.html": (key, lambda: render_bulletin(env, page))}  # type: ignore[arg-type]
    report = builder.write(index, html)
    copy_stylesheet(templates_dir, site_dir)
    return report
