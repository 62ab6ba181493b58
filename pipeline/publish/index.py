"""Build the bulletins/index.html context: every numbered bulletin and every feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pipeline.publish.context import FeedLink, bulletin_title
from pipeline.publish.text import clean_text
from pipeline.publish.weeks import date_zh, local, week_range_zh


@dataclass(frozen=True)
class BulletinLink:
    week: str
    number: int
    title: str
    href: str  # relative to bulletins/
    range_zh: str
    published: str


@dataclass(frozen=True)
class IndexContext:
    title: str
    city: str
    issuer: str
    bulletins: list[BulletinLink]
    feeds: list[FeedLink]  # autodiscovery (the main feeds)
    all_feeds: list[FeedLink]


def build_index_context(
    rows: list[tuple[str, int, str, datetime | None]],
    *,
    city: str,
    issuer: str,
    feeds: list[FeedLink],
    all_feeds: list[FeedLink],
) -> IndexContext:
    """The bulletins/index.html listing, from (week, number, title, published_at) rows."""
    links = [
        BulletinLink(
            week=week,
            number=number,
            title=clean_text(title) or bulletin_title(city, number),
            href=f"{week}.html",
            range_zh=week_range_zh(week),
            published=date_zh(local(at).date()) if at else "",
        )
        for week, number, title, at in rows
    ]
    return IndexContext(
        title=f"{clean_text(city)}创城曝光问题整改周报",
        city=clean_text(city),
        issuer=clean_text(issuer),
        bulletins=links,
        feeds=feeds,
        all_feeds=all_feeds,
    )
