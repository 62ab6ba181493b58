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

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlmodel import Session

from pipeline.taxonomy import Taxonomy

_T = TypeVar("_T")


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


def _items(cursor: Any, ids: Iterable[int]) -> dict[int, ItemRef]:
    wanted = sorted(set(ids))
    found: dict[int, ItemRef] = {}
    for i in range(0, len(wanted), 500):
        chunk = ",".join(str(int(x)) for x in wanted[i : i + 500])
        cursor.execute(f"SELECT id, url, outlet FROM items WHERE id IN ({chunk})")
        for item_id, url, outlet in cursor.fetchall():
            found[item_id] = ItemRef(item_id, url, outlet)
    return found


_PROBLEM_SQL = (
    "SELECT id, title, summary, problem_type, category, district, street, place, unit, deadline,"
    " status, exposed_at, updated_at, first_item_id, first_url, outlet"
    " FROM problems WHERE merged_into IS NULL ORDER BY id"
)
_EVENT_SQL = (
    "SELECT id, problem_id, at, action, status_from, status_to, item_id, url, sentence, by"
    " FROM problem_events ORDER BY at, id"
)


def _when(value: Any) -> datetime | None:
    """A stored timestamp as an aware UTC datetime (SQLite gives naive UTC text, others datetimes)."""
    if value is None:
        return None
    if isinstance(value, str):
        return datetime.fromisoformat(value + "+00:00" if len(value) <= 26 else value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _day(value: Any) -> date | None:
    if value is None or type(value) is date:
        return value
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value.date() if isinstance(value, datetime) else value


def _make(cls: type[_T], values: dict[str, Any]) -> _T:
    """A frozen row built without its per-field ``object.__setattr__`` (hot path: 100k+ rows)."""
    obj = object.__new__(cls)
    obj.__dict__.update(values)
    return obj


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside: building 100k+ acyclic rows otherwise triggers
    repeated full collections that scan every row built so far (half the load time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_snapshot(session: Session, taxonomy: Taxonomy) -> Snapshot:
    with paused_gc():
        return _load_snapshot(session, taxonomy)


def load_problems(
    session: Session, taxonomy: Taxonomy, ids: Iterable[int]
) -> dict[int, ProblemRow]:
    """The live problems among ``ids``, with their timelines (the lists and feeds show only a few)."""
    wanted = sorted({int(x) for x in ids})
    found: dict[int, ProblemRow] = {}
    with paused_gc():
        for i in range(0, len(wanted), 500):
            found.update(_load_snapshot(session, taxonomy, wanted[i : i + 500]).problems)
    return found


def _load_snapshot(session: Session, taxonomy: Taxonomy, ids: list[int] | None = None) -> Snapshot:
    """Live problems (all, or those in ``ids``) and their events, as plain rows (driver cursors,
    no ORM row processing)."""
    cursor = session.connection().connection.cursor()
    try:
        if ids is None:
            cursor.execute(_PROBLEM_SQL)
        else:
            chunk = ",".join(str(int(x)) for x in ids) or "NULL"
            cursor.execute(_PROBLEM_SQL.replace(" ORDER BY", f" AND id IN ({chunk}) ORDER BY"))
        problems = cursor.fetchall()
        live = {p[0] for p in problems}
        if ids is None:
            cursor.execute(_EVENT_SQL)
        else:
            chunk = ",".join(str(x) for x in sorted(live)) or "NULL"
            cursor.execute(
                _EVENT_SQL.replace(" ORDER BY", f" WHERE problem_id IN ({chunk}) ORDER BY")
            )
        events = [e for e in cursor.fetchall() if e[1] in live]
        items = _items(cursor, [p[13] for p in problems if p[13]] + [e[6] for e in events if e[6]])
    finally:
        cursor.close()

    changes: dict[int, list[EventRow]] = defaultdict(list)
    timeline: dict[int, list[EventRow]] = defaultdict(list)
    rows: list[EventRow] = []
    for eid, pid, at, action, frm, to, item_id, url, sentence, by in events:
        if not url:  # the evidence: the event's URL, else its item's URL
            item = items.get(item_id) if item_id else None
            url = item.url if item else None
        row = _make(EventRow, {
            "id": eid or 0, "problem_id": pid, "at": _when(at), "action": action,
            "status_from": frm, "status_to": to, "url": url, "sentence": sentence,
            "by": by,
        })  # fmt: skip
        timeline[pid].append(row)
        if action != "review" and frm != to:  # EventRow.is_status_change
            rows.append(row)
            changes[pid].append(row)

    snap = Snapshot(events=rows)
    category_of = taxonomy.category_of
    for (pid, title, summary, ptype, cat, district, street, place, unit, deadline, status,
         exposed_at, updated_at, first_item_id, first_url, outlet) in problems:  # fmt: skip
        first = items.get(first_item_id) if first_item_id else None
        mine = tuple(changes.get(pid, ()))
        exposed = _when(exposed_at)
        snap.problems[pid] = _make(ProblemRow, {
            "id": pid, "title": title, "summary": summary, "problem_type": ptype,
            "category": cat or category_of(ptype), "district": district, "street": street,
            "place": place, "unit": unit, "deadline": _day(deadline), "status": status,
            "exposed_at": exposed or (mine[0].at if mine else None),
            "updated_at": _when(updated_at),
            "first_url": first_url or (first.url if first else None),
            "outlet": outlet or (first.outlet if first else None),
            "changes": mine, "timeline": tuple(timeline.get(pid, ())),
        })  # fmt: skip
    return snap
