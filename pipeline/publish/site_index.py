"""The site's front page: the latest bulletin, this week's figures, districts, categories, feeds."""

from __future__ import annotations

from pipeline.publish.context import BulletinContext
from pipeline.publish.index import bulletin_links
from pipeline.publish.numbering import BulletinRecord
from pipeline.publish.site import SiteBuilder
from pipeline.publish.site_pages import BulletinRef, IndexPage
from pipeline.publish.text import clean_text
from pipeline.publish.views import FeedLink


def build_site_index(
    builder: SiteBuilder,
    ctx: BulletinContext,
    rows: list[BulletinRecord],
    *,
    issuer: str,
    feeds: list[FeedLink],
    all_feeds: list[FeedLink],
) -> IndexPage:
    refs = [
        BulletinRef(
            b.week,
            b.number,
            b.title + (f"（更正版·第{b.edition}版）" if b.edition > 1 else ""),
            f"bulletins/{b.href}",
            b.published,
        )  # fmt: skip
        for b in bulletin_links(rows, ctx.city)
    ]
    latest = refs[0] if refs else None
    f = ctx.figures
    return IndexPage(
        title=f"{ctx.city}创城曝光问题整改",
        issuer=clean_text(issuer),
        latest=latest,
        lead=ctx.lead if latest and latest.week == ctx.week else (rows[0].summary if rows else ""),
        figures={
            f"{ctx.week} 新曝光": str(f.exposed_week),
            "本周整改": str(f.resolved_week),
            "累计曝光": str(f.total),
            "已整改": str(f.resolved),
            "超期": str(f.overdue),
            "整改率": f.rate_text,
        },
        bulletins=refs,
        districts=builder.district_groups(),
        categories=builder.category_groups(),
        feeds=feeds,
        all_feeds=all_feeds,
    )
