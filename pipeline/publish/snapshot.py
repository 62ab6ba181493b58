"""Read the ledger once into plain, frozen rows (the only module that queries).

Everything after this (bulletin context, feed entries) is pure computation on
a ``Snapshot``; no ORM object reaches a template or a feed writer.

Conventions:
- problems merged into another (``merged_into``) are left out;
- a status change is an event whose ``status_to`` differs from its
  ``status_from`` (``opened`` has ``status_from`` None), ``review`` events excluded;
- a problem's status at a moment is replayed from its status changes; a
  problem with no events at all falls back to its ledger ``status``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session, col, select

from pipeline.store.tables import Item, Problem, ProblemEvent
from pipeline.taxonomy import Taxonomy


@dataclass(frozen=True)
class ItemRef:
    id: int
    url: str
    outlet: str | None


@dataclass(frozen=True)
class EventRow:
    id: int
    problem_id: int
    at: datetime
    action: str
    status_from: str | None
    status_to: str
    url: str | None  # the evidence: the event's URL, else its item's URL
    sentence: str | None
    by: str

    @property
    def is_status_change(self) -> bool:
        return self.action != "review" and self.status_from != self.status_to


@dataclass(frozen=True)
class ProblemRow:
    id: int
    title: str
    summary: str
    problem_type: str | None
    category: str | None
    district: str | None
    street: str | None
    place: str | None
    unit: str | None
    deadline: date | None
    status: str  # the ledger's current status
    exposed_at: datetime | None  # falls back to the first event's time
    updated_at: datetime | None
    first_url: str | None
    outlet: str | None
    changes: tuple[EventRow, ...] = ()  # status changes, oldest first

    def status_at(self, moment: datetime) -> str | None:
        """Status just before ``moment``; None if not yet exposed then."""
        if self.exposed_at is None or self.exposed_at >= moment:
            return None
        if not self.changes:
            return self.status
        before = [e for e in self.changes if e.at < moment]
        if before:
            return before[-1].status_to
        return self.changes[0].status_from or "exposed"


@dataclass
class Snapshot:
    problems: dict[int, ProblemRow] = field(default_factory=dict)
    events: list[EventRow] = field(default_factory=list)  # status changes, oldest first

    @property
    def latest(self) -> datetime | None:
        """The newest exposure or status change (the 'current' week of the data)."""
        times = [e.at for e in self.events]
        times += [p.exposed_at for p in self.problems.values() if p.exposed_at]
        return max(times, default=None)


def _items(session: Session, ids: Iterable[int]) -> dict[int, ItemRef]:
    wanted = sorted(set(ids))
    found: dict[int, ItemRef] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        stmt = select(Item.id, Item.url, Item.outlet).where(col(Item.id).in_(chunk))
        for item_id, url, outlet in session.exec(stmt):
            found[item_id] = ItemRef(item_id, url, outlet)
    return found


def load_snapshot(session: Session, taxonomy: Taxonomy) -> Snapshot:
    """All live problems and their status changes, as plain rows."""
    problems = session.exec(
        select(Problem).where(col(Problem.merged_into).is_(None)).order_by(col(Problem.id))
    ).all()
    events = session.exec(
        select(ProblemEvent).order_by(col(ProblemEvent.at), col(ProblemEvent.id))
    ).all()
    live = {p.id for p in problems}
    events = [e for e in events if e.problem_id in live]
    items = _items(
        session,
        [p.first_item_id for p in problems if p.first_item_id]
        + [e.item_id for e in events if e.item_id],
    )

    by_problem: dict[int, list[EventRow]] = defaultdict(list)
    rows: list[EventRow] = []
    for e in events:
        item = items.get(e.item_id) if e.item_id else None
        row = EventRow(
            id=e.id or 0,
            problem_id=e.problem_id,
            at=e.at,
            action=e.action,
            status_from=e.status_from,
            status_to=e.status_to,
            url=e.url or (item.url if item else None),
            sentence=e.sentence,
            by=e.by,
        )
        if row.is_status_change:
            rows.append(row)
            by_problem[e.problem_id].append(row)

    snap = Snapshot(events=rows)
    for p in problems:
        assert p.id is not None
        first = items.get(p.first_item_id) if p.first_item_id else None
        changes = tuple(by_problem.get(p.id, ()))
        snap.problems[p.id] = ProblemRow(
            id=p.id,
            title=p.title,
            summary=p.summary,
            problem_type=p.problem_type,
            category=p.category or taxonomy.category_of(p.problem_type),
            district=p.district,
            street=p.street,
            place=p.place,
            unit=p.unit,
            deadline=p.deadline,
            status=p.status,
            exposed_at=p.exposed_at or (changes[0].at if changes else None),
            updated_at=p.updated_at,
            first_url=p.first_url or (first.url if first else None),
            outlet=p.outlet or (first.outlet if first else None),
            changes=changes,
        )
    return snap
