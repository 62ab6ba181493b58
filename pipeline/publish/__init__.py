"""Publish: the weekly bulletin (第N期) and the RSS/Atom feeds.

Pelican style, in three steps (see ``publish``): read the ledger once into a
``Snapshot``; build plain contexts from it; render and write files.

Output layout under ``output_dir``::

    bulletins/2026-W47.html         the bulletin (draft: 2026-W47.draft.html)
    bulletins/index.html            every numbered bulletin, and every feed
    bulletins/style.css             copied from templates/style.css
    feeds/exposures.rss|.atom       new exposures (one entry per problem)
    feeds/resolved.rss|.atom        resolutions (one entry per event)
    feeds/status.rss|.atom          every status change
    feeds/category-<slug>.rss|.atom status changes per taxonomy category
    feeds/district-<sha1[:8]>.rss|.atom  status changes per district
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session

from pipeline.errors import WenmingError
from pipeline.publish.bulletin import make_env, render_bulletin, render_index
from pipeline.publish.context import BulletinContext, FeedLink, build_bulletin_context
from pipeline.publish.entries import FeedSpec, build_feed_specs
from pipeline.publish.feeds import feed_urls, write_feed
from pipeline.publish.files import copy_stylesheet, remove_stale_feeds, write_atomic
from pipeline.publish.index import build_index_context
from pipeline.publish.numbering import list_bulletins, number_for, record_bulletin
from pipeline.publish.snapshot import load_snapshot
from pipeline.publish.text import clean_xml_text
from pipeline.publish.weeks import week_monday, week_of
from pipeline.taxonomy import Taxonomy

__all__ = ["PublishResult", "publish", "clean_xml_text"]

MAIN_FEEDS = ("exposures", "resolved", "status")


@dataclass
class PublishResult:
    week: str
    number: int  # for a draft: the number the week has or would get
    bulletin_path: Path
    feed_paths: list[Path] = field(default_factory=list)  # empty for a draft
    counts: dict[str, int] = field(default_factory=dict)  # status → problems, as of week end


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


def _links(specs: list[FeedSpec], base_url: str) -> list[FeedLink]:
    return [FeedLink(s.slug, s.title, *feed_urls(base_url, s.slug)) for s in specs]


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
    week: str | None = None,
    now: datetime | None = None,
    draft: bool = False,
) -> PublishResult:
    """Render the bulletin for ``week`` (default: the data's latest week) and all feeds."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    base_url = base_url if base_url.endswith("/") else base_url + "/"
    output_dir, templates_dir = Path(output_dir), Path(templates_dir)
    bulletins_dir, feeds_dir = output_dir / "bulletins", output_dir / "feeds"

    # 1. read the ledger once
    snap = load_snapshot(session, taxonomy)
    week = _check_week(week or week_of(snap.latest or now))
    number = number_for(session, week)

    # 2. build contexts
    specs = build_feed_specs(snap, taxonomy, city=city, base_url=base_url, max_items=feed_max_items)
    links = _links(specs, base_url)
    main = [link for link in links if link.slug in MAIN_FEEDS]
    ctx = build_bulletin_context(
        snap,
        taxonomy,
        week=week,
        number=number,
        city=city,
        issuer=issuer,
        now=now,
        feeds=main,
        draft=draft,
    )

    # 3. render and write
    env = make_env(templates_dir)
    name = f"{week}.draft.html" if draft else f"{week}.html"
    path = write_atomic(bulletins_dir / name, render_bulletin(env, ctx))
    copy_stylesheet(templates_dir, bulletins_dir)
    result = PublishResult(week, number, path, [], ctx.counts)
    if draft:
        return result

    record_bulletin(
        session,
        week=week,
        number=number,
        title=ctx.title,
        summary=_summary(ctx),
        html_path=f"bulletins/{name}",
        now=now,
    )
    index = build_index_context(
        list_bulletins(session), city=city, issuer=issuer, feeds=main, all_feeds=links
    )
    write_atomic(bulletins_dir / "index.html", render_index(env, index))
    for spec in specs:
        result.feed_paths += write_feed(spec, feeds_dir, base_url=base_url, issuer=issuer, now=now)
    remove_stale_feeds(feeds_dir, result.feed_paths)
    return result
