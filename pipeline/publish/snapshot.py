"""Read the ledger once into plain, frozen rows (with numbering.py, the only modules that query).

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
    def is_exposure(self) -> bool:
        """The problem was reported (again) at this event: opened, a repeat, a reopening."""
        return self.action in ("opened", "repeat", "reopened")

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
    timeline: tuple[EventRow, ...] = ()  # every event (repeats, reviews too), oldest first

    def status_at(self, moment: datetime) -> str | None:
        """Status just before ``moment``; None if not yet exposed then."""
        if self.exposed_at is None or self.exposed_at >= moment:
            return None
        changes = self.changes
        if not changes:
            return self.status
        if changes[-1].at < moment:  # the common case: nothing after the moment
            return changes[-1].status_to
        before = [e for e in changes if e.at < moment]
        if before:
            return before[-1].status_to
        return changes[0].status_from or "exposed"


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


_PROBLEM_COLS = (
    Problem.id, Problem.title, Problem.summary, Problem.problem_type, Problem.category,
    Problem.district, Problem.street, Problem.place, Problem.unit, Problem.deadline,
    Problem.status, Problem.exposed_at, Problem.updated_at, Problem.first_item_id,
    Problem.first_url, Problem.outlet,
)  # fmt: skip
_EVENT_COLS = (
    ProblemEvent.id, ProblemEvent.problem_id, ProblemEvent.at, ProblemEvent.action,
    ProblemEvent.status_from, ProblemEvent.status_to, ProblemEvent.item_id, ProblemEvent.url,
    ProblemEvent.sentence, ProblemEvent.by,
)  # fmt: skip


def load_snapshot(session: Session, taxonomy: Taxonomy) -> Snapshot:
    """All live problems and their events, as plain rows (column selects, no ORM objects)."""
    problems = session.exec(
        select(*_PROBLEM_COLS).where(col(Problem.merged_into).is_(None)).order_by(col(Problem.id))
    ).all()
    live = {p[0] for p in problems}
    events = [
        e
        for e in session.exec(
            select(*_EVENT_COLS).order_by(col(ProblemEvent.at), col(ProblemEvent.id))
        ).all()
        if e[1] in live
    ]
    items = _items(session, [p[13] for p in problems if p[13]] + [e[6] for e in events if e[6]])

    changes: dict[int, list[EventRow]] = defaultdict(list)
    timeline: dict[int, list[EventRow]] = defaultdict(list)
    rows: list[EventRow] = []
    for eid, pid, at, action, frm, to, item_id, url, sentence, by in events:
        item = items.get(item_id) if item_id else None
        row = EventRow(eid or 0, pid, at, action, frm, to, url or (item.url if item else None),
                       sentence, by)  # fmt: skip
        timeline[pid].append(row)
        if row.is_status_change:
            rows.append(row)
            changes[pid].append(row)

    snap = Snapshot(events=rows)
    for (pid, title, summary, ptype, cat, district, street, place, unit, deadline, status,
         exposed_at, updated_at, first_item_id, first_url, outlet) in problems:  # fmt: skip
        first = items.get(first_item_id) if first_item_id else None
        mine = tuple(changes.get(pid, ()))
        snap.problems[pid] = ProblemRow(
            id=pid,
            title=title,
            summary=summary,
            problem_type=ptype,
            category=cat or taxonomy.category_of(ptype),
            district=district,
            street=street,
            place=place,
            unit=unit,
            deadline=deadline,
            status=status,
            exposed_at=exposed_at or (mine[0].at if mine else None),
            updated_at=updated_at,
            first_url=first_url or (first.url if first else None),
            outlet=outlet or (first.outlet if first else None),
            changes=mine,
            timeline=tuple(timeline.get(pid, ())),
        )
    return snap
