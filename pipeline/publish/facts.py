"""The week's compact rows (``Fact``, one per live problem) and the lists picked from them.

Read by ledger.py; counted by stats.py and sections.py; no text, no database.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

OPEN_STATUSES = ("exposed", "in_progress", "reopened")


@dataclass(frozen=True)
class Fact:
    """One live problem as the week's figures need it: no text, statuses as of the week."""

    id: int
    district: str | None
    category: str | None  # the taxonomy's category of its type when not set
    problem_type: str | None
    unit: str | None
    place: str | None
    street: str | None
    deadline: date | None
    exposed_at: datetime | None  # falls back to the first status change
    status: str | None  # at the week's end; None: not exposed by then
    status_before: str | None  # at the week's start
    reports: int  # exposure reports before the week's end (openings, repeats, reopenings)


def _exposed_key(p: Fact) -> tuple[datetime, int]:
    assert p.exposed_at is not None
    return (p.exposed_at, p.id)


def new_exposures(live: Iterable[Fact], start: datetime) -> list[Fact]:
    """Problems exposed since ``start``, in the order they came."""
    return sorted((p for p in live if p.exposed_at and p.exposed_at >= start), key=_exposed_key)


def overdue_list(live: Iterable[Fact], last_day: date, limit: int) -> tuple[list[Fact], int]:
    """The ``limit`` open problems whose deadline passed longest ago by the end of ``last_day``
    (oldest deadline first), and how many there are in all."""
    late = [
        p for p in live
        if p.status in OPEN_STATUSES and p.deadline is not None and p.deadline <= last_day
    ]  # fmt: skip
    first = heapq.nsmallest(limit, late, key=lambda p: (p.deadline, *_exposed_key(p)))
    return first, len(late)
