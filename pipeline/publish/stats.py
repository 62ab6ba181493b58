"""Counting problems and the rectification rate (整改率).

整改率 = resolved / (all exposed − dismissed), over the problems counted.
Every count here is "as of" a moment: each ``Fact``'s ``status`` is its status
then (replayed by ledger.py), None when it was not yet exposed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from pipeline.models import PROBLEM_STATUSES
from pipeline.publish.facts import OPEN_STATUSES, Fact

CLOSED_STATUSES = ("resolved", "dismissed")


def rectification_rate(resolved: int, exposed: int, dismissed: int) -> float | None:
    """resolved / (exposed − dismissed), None when nothing countable."""
    base = exposed - dismissed
    return resolved / base if base > 0 else None


def format_rate(rate: float | None) -> str:
    """94.51% (two decimals, as offices publish it) or — when undefined."""
    return "—" if rate is None else f"{rate * 100:.2f}%"


def is_overdue(status: str | None, deadline: date | None, last_day: date) -> bool:
    """Open, with a deadline that has passed by the end of ``last_day``."""
    return status in OPEN_STATUSES and deadline is not None and deadline <= last_day


@dataclass(frozen=True)
class Tally:
    label: str
    exposed: int = 0
    new: int = 0  # exposed within the week
    resolved: int = 0
    open: int = 0
    overdue: int = 0
    dismissed: int = 0

    @property
    def rate(self) -> float | None:
        return rectification_rate(self.resolved, self.exposed, self.dismissed)

    @property
    def rate_text(self) -> str:
        return format_rate(self.rate)


def tally(label: str, facts: Iterable[Fact], *, start: datetime, last_day: date) -> Tally:
    """Count the problems exposed by the moment their statuses are as of (``new``: since ``start``)."""
    (row,) = tally_by(facts, lambda f: label, start=start, last_day=last_day) or [Tally(label)]
    return row


def summed(label: str, parts: Iterable[Tally]) -> Tally:
    """The Tally of a union of disjoint groups (e.g. a category from its problem types)."""
    c = [0, 0, 0, 0, 0, 0]
    for t in parts:
        for i, v in enumerate((t.exposed, t.new, t.resolved, t.open, t.overdue, t.dismissed)):
            c[i] += v
    return Tally(label, *c)


def tally_by(
    facts: Iterable[Fact], key: Callable[[Fact], str], *, start: datetime, last_day: date
) -> list[Tally]:
    """One Tally per key value, most exposed first, then by label (one pass over the rows)."""
    groups: dict[str, list[int]] = {}  # label → [exposed, new, resolved, open, overdue, dismissed]
    for p in facts:
        status = p.status
        if status is None:
            continue
        k = key(p)
        c = groups.get(k)
        if c is None:
            c = groups[k] = [0, 0, 0, 0, 0, 0]
        c[0] += 1
        if p.exposed_at is not None and p.exposed_at >= start:
            c[1] += 1
        if status in OPEN_STATUSES:
            c[3] += 1
            if p.deadline is not None and p.deadline <= last_day:
                c[4] += 1
        elif status == "resolved":
            c[2] += 1
        elif status == "dismissed":
            c[5] += 1
    rows = [Tally(k, *c) for k, c in groups.items()]
    return sorted(rows, key=lambda t: (-t.exposed, t.label))


def status_counts(statuses: Iterable[str | None]) -> dict[str, int]:
    """Problems per status (every known status present, zeros included); None: not counted."""
    counts = dict.fromkeys(PROBLEM_STATUSES, 0)
    for status in statuses:
        if status is not None:
            counts[status] = counts.get(status, 0) + 1
    return counts
