"""The tag stage over stored items: tag what changed since it was last tagged.

Items are read in batches by id (``batch_size`` at a time, the session
emptied after each), so re-tagging 100,000 items runs in constant memory;
an item is re-tagged when its content hash or the tagger version changed
(``tagged_hash``), so a second run does nothing. Mentions an editor set by
hand (``MentionRow.manual``) are never replaced: the machine's mention with
the same index is dropped instead.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence

from sqlalchemy import func
from sqlmodel import Session, col, delete, or_, select

from pipeline.errors import TagEditError
from pipeline.models import TaggedItem
from pipeline.store.tables import Item, MentionRow, ReviewItem, utcnow
from pipeline.taxonomy import Taxonomy

TagBatch = Callable[[Sequence[Item]], list[TaggedItem]]
# starts tagging a batch and returns at once; calling what it returns waits for the tags
SubmitBatch = Callable[[Sequence[Item]], Callable[[], list[TaggedItem]]]
BATCH_SIZE = 500


def tag_key(item: Item, version: str) -> str:
    return f"{item.content_hash}:{version}"


def store_tags(session: Session, item: Item, tagged: TaggedItem, version: str) -> None:
    """Replace the item's machine mentions with the tagger's verdict; an editor's mentions stay."""
    store_batch(session, [(item, tagged)], version)


def store_batch(session: Session, batch: Sequence[tuple[Item, TaggedItem]], version: str) -> None:
    """``store_tags`` for many items at once: one query each to find, unlink and delete old mentions."""
    ids = [item.id for item, _ in batch]
    manual = set(
        session.exec(
            select(MentionRow.item_id, MentionRow.idx).where(  # type: ignore[call-overload]
                col(MentionRow.item_id).in_(ids), col(MentionRow.manual).is_(True)
            )
        ).all()
    )
    machine = select(MentionRow.id).where(
        col(MentionRow.item_id).in_(ids), col(MentionRow.manual).is_not(True)
    )
    session.exec(delete(ReviewItem).where(col(ReviewItem.mention_id).in_(machine)))  # type: ignore[call-overload]
    session.exec(
        delete(MentionRow).where(
            col(MentionRow.item_id).in_(ids),  # type: ignore[call-overload]
            col(MentionRow.manual).is_not(True),
        )
    )
    for item, tagged in batch:
        for m in tagged.mentions:
            if (item.id, m.index) in manual:
                continue
            session.add(
                MentionRow(
                    item_id=item.id,
                    idx=m.index,
                    text=m.text,
                    span_start=m.span[0],
                    span_end=m.span[1],  # type: ignore[arg-type]
                    problem_type=m.problem_type,
                    secondary_types=json.dumps(m.secondary_types),
                    category=m.category,
                    site_type=m.site_type,
                    district=m.district,
                    street=m.street,
                    place=m.place,
                    unit=m.unit,
                    deadline=m.deadline,
                    status=m.status,
                    confidence=m.confidence,
                    evidence=m.evidence,
                    cues=json.dumps(m.cues, ensure_ascii=False),
                )
            )
        item.kind = tagged.kind
        item.kind_confidence = tagged.confidence
        item.tagged_hash = tag_key(item, version)
        item.tracked_hash = None  # new mention rows: the tracker links them again (idempotently)
        session.add(item)


def _stale(version: str):  # noqa: ANN202 (a SQL condition)
    """Items never tagged, or tagged for other text or by another tagger version (``tag_key``)."""
    return or_(
        col(Item.tagged_hash).is_(None),
        col(Item.tagged_hash) != Item.content_hash + f":{version}",
    )


def _pending(version: str, force: bool, after: int, limit: int):  # noqa: ANN202 (a select statement)
    q = select(Item).where(col(Item.id) > after).order_by(col(Item.id)).limit(limit)
    return q if force else q.where(_stale(version))


def count_pending(session: Session, version: str, force: bool = False) -> int:
    """How many items a run would tag (for a progress bar's total)."""
    q = select(func.count()).select_from(Item)
    if not force:
        q = q.where(_stale(version))
    return int(session.exec(q).one())  # type: ignore[call-overload]


def tag_stored_items(
    session: Session,
    tag: Callable[[Item], TaggedItem] | None,
    version: str,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
    tag_batch: TagBatch | None = None,
    batch_size: int = BATCH_SIZE,
    submit_batch: SubmitBatch | None = None,
) -> Counter:
    """Tag every item whose text or tagger version changed since its last tagging (all with ``force``).

    ``tag`` tags one item; ``tag_batch`` (e.g. a pool of worker processes)
    tags a batch at once and wins when given; ``submit_batch`` (e.g.
    ``TagPool.submit``) wins over both: the next batch is being tagged while
    this one is stored. ``progress`` gets the running count after each item.
    """
    if submit_batch is not None:
        return _tag_overlapped(session, submit_batch, version, force, progress, batch_size)
    if tag_batch is None:
        if tag is None:
            raise ValueError("tag_stored_items needs tag or tag_batch")
        one = tag

        def tag_batch(items: Sequence[Item]) -> list[TaggedItem]:
            return [one(i) for i in items]

    counts: Counter = Counter()
    after, n = 0, 0
    while True:
        items = session.exec(_pending(version, force, after, batch_size)).all()
        if not items:
            break
        after = items[-1].id or after
        pairs = list(zip(items, tag_batch(items), strict=True))
        n = _store_and_count(session, pairs, version, counts, n, progress)
    return counts


def _store_and_count(
    session: Session,
    pairs: Sequence[tuple[Item, TaggedItem]],
    version: str,
    counts: Counter,
    n: int,
    progress: Callable[[int], None] | None,
) -> int:
    """Store one batch, commit, count it, and empty the session (constant memory); the new running count."""
    store_batch(session, pairs, version)
    session.commit()
    for _, tagged in pairs:
        counts[tagged.kind] += 1
        counts["mentions"] += len(tagged.mentions)
        n += 1
        if progress:
            progress(n)
    session.expunge_all()  # nothing of this batch stays in the session
    return n


def _tag_overlapped(
    session: Session,
    submit: SubmitBatch,
    version: str,
    force: bool,
    progress: Callable[[int], None] | None,
    batch_size: int,
) -> Counter:
    """``tag_stored_items`` with batch k+1 tagged on the workers while batch k is written.

    At most two batches are in flight, and between reads only their ids are
    kept (items are read again by id to be stored), so memory stays constant.
    """

    def start(after: int) -> tuple[list[int], Callable[[], list[TaggedItem]] | None]:
        items = session.exec(_pending(version, force, after, batch_size)).all()
        if not items:
            return [], None
        ids = [i.id for i in items]
        wait = submit(items)  # the jobs are built from the items now
        session.expunge_all()
        return ids, wait  # type: ignore[return-value]

    counts: Counter = Counter()
    n = 0
    ids, wait = start(0)
    while wait is not None:
        next_ids, next_wait = start(ids[-1])
        tagged = wait()
        by_id = {i.id: i for i in session.exec(select(Item).where(col(Item.id).in_(ids))).all()}
        pairs = [(by_id[i], t) for i, t in zip(ids, tagged, strict=True) if i in by_id]
        n = _store_and_count(session, pairs, version, counts, n, progress)
        ids, wait = next_ids, next_wait
    return counts


MENTION_STATUSES = ("resolved", "in_progress", "unresolved")
EDITABLE = ("problem_type", "category", "district", "street", "place", "unit", "status")


def set_mention_tags(
    session: Session, mention_id: int, by: str, taxonomy: Taxonomy, **values: str | None
) -> MentionRow:
    """An editor sets a mention's tags; the mention is marked manual and re-tagging never replaces it.

    ``values`` holds any of ``EDITABLE`` (``""`` clears a value). A new problem
    type brings its category unless one is given. Raises ``TagEditError``.
    """
    if not by.strip():
        raise TagEditError("--by: the editor's name is required")
    m = session.get(MentionRow, mention_id)
    if m is None:
        raise TagEditError(f"mention {mention_id}: not found")
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise TagEditError(f"cannot set {sorted(unknown)}; editable: {', '.join(EDITABLE)}")
    given = {
        k: (v.strip() or None) if isinstance(v, str) else v
        for k, v in values.items()
        if v is not None
    }
    slug = given.get("problem_type")
    if slug and slug not in taxonomy.types:
        raise TagEditError(f"--type: unknown problem type {slug!r} (see the taxonomy's [types])")
    if slug and "category" not in given:
        given["category"] = taxonomy.category_of(slug)
    if given.get("category") and given["category"] not in taxonomy.categories:
        raise TagEditError(f"--category: unknown category {given['category']!r}")
    if given.get("status") and given["status"] not in MENTION_STATUSES:
        raise TagEditError(f"--status: one of {', '.join(MENTION_STATUSES)}")
    for key, value in given.items():
        setattr(m, key, value)
    m.manual, m.manual_by, m.manual_at = True, by.strip(), utcnow()
    session.add(m)
    session.commit()
    session.refresh(m)
    return m
