"""The tag stage over stored items: tag what changed since it was last tagged."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable

from sqlmodel import Session, col, delete, or_, select

from pipeline.models import TaggedItem
from pipeline.store.tables import Item, MentionRow, ReviewItem


def tag_key(item: Item, version: str) -> str:
    return f"{item.content_hash}:{version}"


def store_tags(session: Session, item: Item, tagged: TaggedItem, version: str) -> None:
    """Replace the item's mentions with the tagger's verdict (the ledger keeps its own history)."""
    old = select(MentionRow.id).where(MentionRow.item_id == item.id)
    session.exec(delete(ReviewItem).where(col(ReviewItem.mention_id).in_(old)))  # type: ignore[call-overload]
    session.exec(delete(MentionRow).where(col(MentionRow.item_id) == item.id))  # type: ignore[call-overload]
    for m in tagged.mentions:
        session.add(MentionRow(
            item_id=item.id, idx=m.index, text=m.text, span_start=m.span[0], span_end=m.span[1],  # type: ignore[arg-type]
            problem_type=m.problem_type, secondary_types=json.dumps(m.secondary_types), category=m.category,
            site_type=m.site_type, district=m.district, street=m.street, place=m.place, unit=m.unit,
            deadline=m.deadline, status=m.status, confidence=m.confidence, evidence=m.evidence,
            cues=json.dumps(m.cues, ensure_ascii=False)))
    item.kind = tagged.kind
    item.kind_confidence = tagged.confidence
    item.tagged_hash = tag_key(item, version)
    session.add(item)


def tag_stored_items(session: Session, tag: Callable[[Item], TaggedItem], version: str, force: bool = False,
                     progress: Callable[[int], None] | None = None) -> Counter:
    """Tag every item whose text or taxonomy changed since its last tagging (all with ``force``)."""
    counts: Counter = Counter()
    q = select(Item).order_by(col(Item.id))
    if not force:
        q = q.where(or_(col(Item.tagged_hash).is_(None), ~col(Item.tagged_hash).endswith(f":{version}")))
    items = session.exec(q).all()
    for n, item in enumerate(items, 1):
        if not force and item.tagged_hash == tag_key(item, version):
            continue
        tagged = tag(item)
        store_tags(session, item, tagged, version)
        counts[tagged.kind] += 1
        counts["mentions"] += len(tagged.mentions)
        if n % 200 == 0:
            session.commit()
        if progress:
            progress(n)
    session.commit()
    return counts
