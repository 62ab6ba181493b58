"""The bulletins listing: ``bulletins/index.html`` and the ``bulletins`` feed."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.publish.context import FeedLink, bulletin_title, default_title
from pipeline.publish.docx import MIME
from pipeline.publish.entries import FeedEntry, FeedSpec
from pipeline.publish.numbering import BulletinRecord
from pipeline.publish.text import clean_text
from pipeline.publish.weeks import date_zh, local, week_range_zh


@dataclass(frozen=True)
class BulletinLink:
    week: str
    number: int
    title: str
    href: str  # relative to bulletins/
    docx_href: str | None
    range_zh: str
    published: str
    edition: int


@dataclass(frozen=True)
class IndexContext:
    title: str
    city: str
    issuer: str
    bulletins: list[BulletinLink]
    feeds: list[FeedLink]  # autodiscovery (the main feeds)
    all_feeds: list[FeedLink]
    css_href: str = "style.css"


def bulletin_links(rows: list[BulletinRecord], city: str) -> list[BulletinLink]:
    return [
        BulletinLink(
            week=b.week,
            number=b.number,
            title=clean_text(b.title) or bulletin_title(city, b.number),
            href=f"{b.week}.html",
            docx_href=f"{b.week}.docx" if b.docx_path else None,
            range_zh=week_range_zh(b.week),
            published=date_zh(local(b.published_at).date()) if b.published_at else "",
            edition=b.edition,
        )
        for b in rows
    ]


def build_index_context(
    rows: list[BulletinRecord],
    *,
    city: str,
    issuer: str,
    feeds: list[FeedLink],
    all_feeds: list[FeedLink],
) -> IndexContext:
    """The bulletins/index.html listing, newest number first."""
    return IndexContext(
        title=default_title(city),
        city=clean_text(city),
        issuer=clean_text(issuer),
        bulletins=bulletin_links(rows, city),
        feeds=feeds,
        all_feeds=all_feeds,
    )


def build_bulletin_feed(
    rows: list[BulletinRecord],
    *,
    city: str,
    base_url: str,
    docx_sizes: dict[str, int],
    max_items: int,
) -> FeedSpec:
    """One entry per issue: stable id per week; a corrected edition updates it, marked 更正版."""
    entries = []
    for b in rows:
        if b.published_at is None:
            continue
        html = f"{base_url}bulletins/{b.week}.html"
        mark = f"【更正版·第{b.edition}版】" if b.edition > 1 else ""
        docx = f"{base_url}bulletins/{b.week}.docx"
        size = docx_sizes.get(b.week)
        summary = clean_text(b.summary)
        summary += f"（网页版：{html}" + (f"；Word 版：{docx}）" if size else "）")
        entries.append(
            FeedEntry(
                id=f"{base_url}bulletins/{b.week}",
                title=mark + (clean_text(b.title) or bulletin_title(city, b.number)),
                link=html,
                published=b.first_published_at or b.published_at,
                updated=b.published_at,
                summary=summary,
                categories=("周报",),
                enclosure=(docx, size, MIME) if size else None,
            )
        )
    entries.sort(key=lambda e: (e.published, e.id), reverse=True)
    return FeedSpec(
        "bulletins",
        f"{clean_text(city)}创城曝光问题 · 整改周报",
        "每期周报（第N期）的摘要，附网页版与 Word 版链接",
        tuple(entries[:max_items]),
    )
