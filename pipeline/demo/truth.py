"""The problem ledger the pipeline should reach after crawling the demo site.

Computed from the data files by replaying the articles in publication order:

* first exposure of a key            -> ``exposed`` (exposed_on = article date)
* follow-up ``in_progress``          -> ``in_progress``
* follow-up ``resolved``             -> ``resolved``
* follow-up ``unresolved`` (仍未整改) -> no change (stays ``exposed``)
* re-exposure of a resolved problem  -> ``reopened`` (反弹)

``deadline`` = exposure date + ``deadline_days`` (限期N日内整改).
``source_paths`` lists the original articles that mention the problem
(exposures, follow-ups, re-exposures), not the syndicated copy, which is in
``mirror_paths``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from pipeline.demo.site import load_articles

AS_OF = dt.date(2026, 11, 22)  # Sunday of the latest week, 2026-W47
FINAL_STATUSES = ("exposed", "in_progress", "resolved", "reopened")


@dataclass
class ExpectedProblem:
    """One row of the expected ledger."""

    key: str
    district: str
    street: str
    place: str
    problem_type: str
    exposed_on: dt.date
    final_status: str
    deadline: dt.date | None
    source_paths: list[str]
    unit: str | None = None
    mirror_paths: list[str] = field(default_factory=list)
    history: list[tuple[dt.date, str, str]] = field(default_factory=list)  # (date, status, path)

    def is_overdue(self, as_of: dt.date = AS_OF) -> bool:
        """Deadline passed before ``as_of`` and the problem is not resolved."""
        return (self.deadline is not None and self.deadline < as_of
                and self.final_status != "resolved")


def expected_problems() -> list[ExpectedProblem]:
    """The expected final ledger, ordered by key."""
    rows: dict[str, ExpectedProblem] = {}
    for art in load_articles():
        if art.copy_of is not None:
            for key in art.problem_keys:
                rows[key].mirror_paths.append(art.path)
            continue
        for p in art.problems:
            row = rows.get(p.key)
            if row is None:
                if p.reexposure:
                    raise ValueError(f"{p.key}: re-exposed before being exposed")
                deadline = (art.date + dt.timedelta(days=p.deadline_days)
                            if p.deadline_days else None)
                row = rows[p.key] = ExpectedProblem(
                    p.key, p.district, p.street, p.place, p.problem_type, art.date,
                    "exposed", deadline, [], p.unit)
            elif not p.reexposure:
                raise ValueError(f"{p.key}: exposed twice without reexposure = true")
            elif row.final_status == "resolved":
                row.final_status = "reopened"
            _touch(row, art.date, art.path)
        for item in art.items:
            row = rows[item.key]
            if item.status in ("resolved", "in_progress"):
                row.final_status = item.status
            elif item.status != "unresolved":
                raise ValueError(f"{item.key}: unknown status {item.status!r}")
            _touch(row, art.date, art.path)
    return [rows[k] for k in sorted(rows)]


def _touch(row: ExpectedProblem, date: dt.date, path: str) -> None:
    row.history.append((date, row.final_status, path))
    if path not in row.source_paths:
        row.source_paths.append(path)


def status_counts() -> dict[str, int]:
    """Number of expected problems per final status."""
    counts = Counter(p.final_status for p in expected_problems())
    return {s: counts.get(s, 0) for s in FINAL_STATUSES}
