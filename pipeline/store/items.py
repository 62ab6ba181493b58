"""Store articles as items: upsert by canonical URL, syndicated copies by fingerprint."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlmodel import Session, select

from pipeline.models import Article
from pipeline.store.tables import Item, ItemUrl, utcnow

MIN_FINGERPRINT_BODY = 80  # shorter bodies are too generic to call two pages the same article


@dataclass
class StoreOutcome:
    item_id: int
    outcome: str  # new | unchanged | updated | duplicate


def _fill(item: Item, a: Article) -> None:
    item.source = a.source
    item.outlet = a.outlet
    item.column_name = a.column
    item.kind_hint = a.kind_hint
    item.title = a.title
    item.body = a.body
    item.author = a.author
    item.published_at = a.published_at
    item.fetched_at = a.fetched_at or utcnow()
    item.images = json.dumps(a.images, ensure_ascii=False)
    item.links = json.dumps(a.links, ensure_ascii=False)
    item.encoding = a.encoding
    item.decode_flagged = a.decode_flagged
    item.content_hash = a.content_hash
    item.fingerprint = a.fingerprint
    item.field_sources = json.dumps(a.field_sources, ensure_ascii=False, sort_keys=True)


def _sharper_hint(item: Item, a: Article) -> bool:
    """Does ``a`` come from a column with a kind hint where ``item`` came from a mixed source?"""
    return item.kind_hint == "mixed" and a.kind_hint not in ("mixed", "", None)


def _is_original(a: Article, twin: Item) -> bool:
    """Is the newly seen page the original of an item stored from a copy? (published earlier)"""
    if a.published_at is None or twin.published_at is None:
        return False
    return a.published_at < twin.published_at and twin.tracked_hash is None


def upsert_article(session: Session, a: Article) -> StoreOutcome:
    """Insert or update one article; commit. Re-running with the same page changes nothing."""
    link = session.exec(select(ItemUrl).where(ItemUrl.url == a.url)).first()
    if link is not None:
        item = session.get(Item, link.item_id)
        assert item is not None
        if link.reason == "syndicated":
            return StoreOutcome(item.id, "unchanged")  # type: ignore[arg-type]
        if item.content_hash == a.content_hash:
            if not _sharper_hint(item, a):
                return StoreOutcome(item.id, "unchanged")  # type: ignore[arg-type]
            # the same page, first stored from a mixed source (a feed, a sitemap), now seen in its
            # own column: the column's kind hint holds whichever source the crawl reached first
            item.kind_hint, item.source, item.column_name = a.kind_hint, a.source, a.column
            item.updated_at = utcnow()
            item.tagged_hash = None  # the hint counts in tagging
            session.add(item)
            session.commit()
            return StoreOutcome(item.id, "updated")  # type: ignore[arg-type]
        history = json.loads(item.previous_hashes or "[]")
        history.append(item.content_hash)
        _fill(item, a)
        item.previous_hashes = json.dumps(history)
        item.updated_at = utcnow()
        item.tagged_hash = None  # changed text must be tagged again
        session.add(item)
        session.commit()
        return StoreOutcome(item.id, "updated")  # type: ignore[arg-type]
    if len(a.body) >= MIN_FINGERPRINT_BODY:
        twin = session.exec(select(Item).where(Item.fingerprint == a.fingerprint).order_by(Item.id)).first()
        if twin is not None:
            if _is_original(a, twin):
                # the copy was crawled first: the earlier publication becomes the item's own URL
                for link in session.exec(select(ItemUrl).where(ItemUrl.item_id == twin.id)).all():
                    link.reason = "syndicated"
                    session.add(link)
                _fill(twin, a)
                twin.url = a.url
                twin.updated_at = utcnow()
                twin.tagged_hash = None
                session.add(twin)
                reason = "canonical"
            else:
                reason = "syndicated"
            session.add(ItemUrl(url=a.url, item_id=twin.id, source=a.source, reason=reason, seen_at=utcnow()))
            session.commit()
            return StoreOutcome(twin.id, "duplicate")  # type: ignore[arg-type]
    item = Item(url=a.url, title=a.title, body=a.body)
    _fill(item, a)
    session.add(item)
    session.flush()
    session.add(ItemUrl(url=a.url, item_id=item.id, source=a.source, reason="canonical", seen_at=utcnow()))
    session.commit()
    return StoreOutcome(item.id, "new")  # type: ignore[arg-type]
