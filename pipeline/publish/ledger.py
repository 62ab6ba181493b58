"""Indexed queries for one week's bulletin and for the feeds (with snapshot.py and numbering.py,
the only modules of publish that query).

A bulletin needs figures over the whole ledger but text for a few hundred
problems, and a feed only its newest entries. So:

1. ``load_week`` reads one compact ``Fact`` per live problem, with its status
   at the week's start and end replayed in SQL (the last status change before
   the moment, over the events index ``ix_events_problem_at``), and the full
   rows (text, timeline, evidence) only of the problems the lists show;
2. ``load_feed_rows`` walks status changes newest first and stops once every
   feed holds ``max_items`` entries; full rows only for those entries.

Conventions are snapshot.py's: problems merged into another are left out; a
status change is an event other than ``review`` whose ``status_to`` differs
from its ``status_from``; a problem without status changes keeps its ledger
``status``; a problem's exposure time falls back to its first status change.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, text
from sqlmodel import Session

from pipeline.publish.facts import Fact, new_exposures, overdue_list
from pipeline.publish.sections import RepeatGroup, repeat_groups
from pipeline.publish.snapshot import (
    EventRow,
    ProblemRow,
    _day,
    _make,
    _when,
    load_problems,
    paused_gc,
)
from pipeline.publish.trend import trend_weeks
from pipeline.publish.weeks import week_bounds, week_days
from pipeline.store.tables import AwareDateTime
from pipeline.taxonomy import Taxonomy

# Queries over events join problems as ``problem_events e CROSS JOIN problems p WHERE p.id =
# e.problem_id``: on SQLite, CROSS JOIN keeps that order, so a time range or a newest-first walk
# uses the events' time index instead of sorting every event (PostgreSQL plans it itself).
CHANGE = "e.action <> 'review' AND (e.status_from IS NULL OR e.status_from <> e.status_to)"
EXPOSURE_ACTIONS = "('opened', 'repeat', 'reopened')"  # EventRow.is_exposure


@dataclass
class WeekLedger:
    """What one week's bulletin is built from (see ``load_week``)."""

    week: str
    facts: list[Fact]  # every live problem, exposed or not by the week's end
    resolutions: list[tuple[int, int, datetime]]  # (event id, problem id, at): each problem's
    # last resolution within the week, oldest first
    live: list[Fact] = field(default_factory=list)  # exposed by the week's end
    new: list[Fact] = field(default_factory=list)  # exposed within the week, in order
    overdue: list[Fact] = field(default_factory=list)  # oldest deadline first, the first ``limit``
    overdue_total: int = 0
    repeats: list[RepeatGroup] = field(default_factory=list)  # places reported most often
    problems: dict[int, ProblemRow] = field(default_factory=dict)  # full rows of listed problems
    resolved_weekly: dict[str, int] = field(default_factory=dict)  # trend: week → resolutions
    last_report: dict[int, datetime] = field(default_factory=dict)  # repeat places' problems


def _params(sql: str, **times: datetime) -> Any:
    """A text() query whose datetime parameters are bound as stored (UTC, per backend)."""
    stmt = text(sql)
    return stmt.bindparams(*(bindparam(k, type_=AwareDateTime()) for k in times))


def _rows(session: Session, sql: str, **params: Any) -> list[Any]:
    times = {k: v for k, v in params.items() if isinstance(v, datetime)}
    return list(session.connection().execute(_params(sql, **times), params).all())


def _chunks(ids: Iterable[int], n: int = 500) -> Iterator[str]:
    wanted = sorted({int(x) for x in ids})
    for i in range(0, len(wanted), n):
        yield ",".join(str(x) for x in wanted[i : i + n])


def latest_moment(session: Session) -> datetime | None:
    """The newest exposure or status change of a live problem (the data's 'current' week)."""
    ev = _rows(session, "SELECT e.at FROM problem_events e CROSS JOIN problems p"
               f" WHERE p.id = e.problem_id AND p.merged_into IS NULL AND {CHANGE} ORDER BY e.at DESC LIMIT 1")  # fmt: skip
    ex = _rows(session, "SELECT exposed_at FROM problems WHERE merged_into IS NULL"
               " AND exposed_at IS NOT NULL ORDER BY exposed_at DESC LIMIT 1")  # fmt: skip
    times = [t for t in (_when(r[0]) for r in ev + ex) if t is not None]
    return max(times, default=None)


_FACT_SQL = f"""
SELECT p.id, p.district, p.category, p.problem_type, p.unit, p.place, p.street, p.deadline,
  p.exposed_at, p.status,
  (SELECT e.status_to FROM problem_events e WHERE e.problem_id = p.id AND e.at < :end
     AND {CHANGE} ORDER BY e.at DESC, e.id DESC LIMIT 1),
  (SELECT e.status_to FROM problem_events e WHERE e.problem_id = p.id AND e.at < :start
     AND {CHANGE} ORDER BY e.at DESC, e.id DESC LIMIT 1),
  (SELECT count(*) FROM problem_events e WHERE e.problem_id = p.id AND e.at < :end
     AND e.action IN {EXPOSURE_ACTIONS})
FROM problems p WHERE p.merged_into IS NULL ORDER BY p.id
"""


def _status_at(
    exposed: datetime | None, status: str, changes: list[tuple[datetime, str | None, str]],
    moment: datetime,
) -> str | None:  # fmt: skip
    """ProblemRow.status_at over (at, status_from, status_to) changes, oldest first."""
    if exposed is None or exposed >= moment:
        return None
    if not changes:
        return status
    before = [c for c in changes if c[0] < moment]
    return before[-1][2] if before else (changes[0][1] or "exposed")


def load_facts(session: Session, taxonomy: Taxonomy, week: str) -> list[Fact]:
    start, end = week_bounds(week)
    rows = _rows(session, _FACT_SQL, start=start, end=end)
    # the few problems SQL cannot settle alone: no exposure time, no status change before a
    # moment they were exposed by, no exposure event: replayed from their events
    odd = [r[0] for r in rows if r[8] is None or r[10] is None or r[11] is None or not r[12]]
    changes: dict[int, list[tuple[datetime, str | None, str]]] = {}
    has_events: set[int] = set()
    for chunk in _chunks(odd):
        for pid, at, action, frm, to in _rows(
            session,
            "SELECT problem_id, at, action, status_from, status_to FROM problem_events"
            f" WHERE problem_id IN ({chunk}) ORDER BY problem_id, at, id",
        ):
            has_events.add(pid)
            if action != "review" and frm != to:
                changes.setdefault(pid, []).append((_when(at), frm, to))  # type: ignore[arg-type]
    category_of = taxonomy.category_of
    facts = []
    with paused_gc():
        for (pid, district, cat, ptype, unit, place, street, deadline, exposed_at, status,
             end_to, start_to, reports) in rows:  # fmt: skip
            exposed = _when(exposed_at)
            mine = changes.get(pid)
            if mine is not None or pid in has_events or exposed is None:
                mine = mine or []
                exposed = exposed or (mine[0][0] if mine else None)
                at_end = _status_at(exposed, status, mine, end)
                at_start = _status_at(exposed, status, mine, start)
            else:  # exposed, and a status change before each moment it was exposed by
                at_end = end_to if exposed < end else None
                at_start = start_to if exposed < start else None
                if end_to is None and exposed < end:  # no events at all: the ledger's status
                    at_end = status
                if start_to is None and exposed < start:
                    at_start = status
            if not reports and pid not in has_events and exposed is not None:
                reports = 1  # no events at all: its exposure is the one report
            facts.append(_make(Fact, {
                "id": pid, "district": district, "category": cat or category_of(ptype),
                "problem_type": ptype, "unit": unit, "place": place, "street": street,
                "deadline": _day(deadline), "exposed_at": exposed, "status": at_end,
                "status_before": at_start, "reports": int(reports or 0),
            }))  # fmt: skip
    return facts


def load_resolutions(
    session: Session, start: datetime, end: datetime
) -> list[tuple[int, int, datetime]]:
    """(event id, problem id, at) of each live problem's last resolution in [start, end), oldest first."""
    rows = _rows(
        session,
        "SELECT e.id, e.problem_id, e.at FROM problem_events e CROSS JOIN problems p"
        f" WHERE p.id = e.problem_id AND p.merged_into IS NULL AND e.status_to = 'resolved' AND {CHANGE}"
        " AND e.at >= :start AND e.at < :end ORDER BY e.at, e.id",
        start=start, end=end,
    )  # fmt: skip
    last: dict[int, tuple[int, int, datetime]] = {}
    for eid, pid, at in rows:
        last[pid] = (eid, pid, _when(at))  # type: ignore[assignment]
    return sorted(last.values(), key=lambda r: (r[2], r[0]))


def count_resolutions(session: Session, weeks: list[str]) -> dict[str, int]:
    """Resolutions (status changes to resolved, live problems) per week, for the trend chart."""
    bounds = [week_bounds(w) for w in weeks]
    rows = _rows(
        session,
        "SELECT e.at FROM problem_events e CROSS JOIN problems p"
        f" WHERE p.id = e.problem_id AND p.merged_into IS NULL AND e.status_to = 'resolved' AND {CHANGE}"
        " AND e.at >= :start AND e.at < :end",
        start=bounds[0][0], end=bounds[-1][1],
    )  # fmt: skip
    starts = [b[0] for b in bounds]
    out = dict.fromkeys(weeks, 0)
    for (at,) in rows:
        i = bisect_right(starts, _when(at)) - 1
        if 0 <= i < len(weeks) and _when(at) < bounds[i][1]:  # type: ignore[operator]
            out[weeks[i]] += 1
    return out


def last_reports(session: Session, ids: Iterable[int], end: datetime) -> dict[int, datetime]:
    """The latest exposure report before ``end`` of each problem (its exposure time if none)."""
    found: dict[int, datetime] = {}
    for chunk in _chunks(ids):
        for pid, at in _rows(
            session,
            f"SELECT e.problem_id, max(e.at) FROM problem_events e WHERE e.problem_id IN ({chunk})"
            f" AND e.at < :end AND e.action IN {EXPOSURE_ACTIONS} GROUP BY e.problem_id",
            end=end,
        ):
            found[pid] = _when(at)  # type: ignore[assignment]
    return found


def load_week(session: Session, taxonomy: Taxonomy, week: str, limit: int) -> WeekLedger:
    """Everything one week's bulletin shows; ``limit``: rows per list (the rest are counted)."""
    start, end = week_bounds(week)
    _, last_day = week_days(week)
    facts = load_facts(session, taxonomy, week)
    live = [f for f in facts if f.status is not None]
    data = WeekLedger(week, facts, load_resolutions(session, start, end), live=live)
    data.new = new_exposures(live, start)
    data.overdue, data.overdue_total = overdue_list(live, last_day, limit)
    data.repeats = repeat_groups(live)
    listed = [f.id for f in data.new[:limit]] + [f.id for f in data.overdue[:limit]]
    listed += [pid for _, pid, _ in data.resolutions[:limit]]
    data.problems = load_problems(session, taxonomy, listed)
    data.resolved_weekly = count_resolutions(session, trend_weeks(week))
    repeats = [p for g in data.repeats for p in g[4]]
    data.last_report = last_reports(session, (p.id for p in repeats), end)
    for p in repeats:  # a problem without events: its exposure is its one report
        if p.id not in data.last_report and p.reports and p.exposed_at is not None:
            data.last_report[p.id] = p.exposed_at
    return data


# --- feeds -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeRef:
    """A status change as the feeds pick it: which feeds it may go to, not yet its text."""

    id: int
    problem_id: int
    at: datetime
    status_to: str
    category: str | None  # the taxonomy's category of its type when not set
    problem_type: str | None
    district: str | None


def newest_changes(session: Session, taxonomy: Taxonomy, batch: int = 2000) -> Iterator[ChangeRef]:
    """Status changes of live problems, newest first by time (ties in no set order)."""
    result = session.connection().execute(
        text(
            "SELECT e.id, e.problem_id, e.at, e.status_to, p.category, p.problem_type, p.district"
            " FROM problem_events e CROSS JOIN problems p"
            f" WHERE p.id = e.problem_id AND p.merged_into IS NULL AND {CHANGE} ORDER BY e.at DESC"
        ).execution_options(stream_results=True, yield_per=batch)
    )
    category_of = taxonomy.category_of
    try:
        for part in result.partitions(batch):
            for eid, pid, at, to, cat, ptype, district in part:
                yield _make(ChangeRef, {
                    "id": eid, "problem_id": pid, "at": _when(at), "status_to": to,
                    "category": cat or category_of(ptype), "problem_type": ptype,
                    "district": district,
                })  # fmt: skip
    finally:
        result.close()


def newest_exposed(session: Session, limit: int) -> list[tuple[int, datetime]]:
    """(problem id, exposure time) of at least the ``limit`` newest exposures (all ties at the
    cut included), plus every live problem exposed only through a status change."""
    if limit <= 0:
        return []
    rows = _rows(session, "SELECT id, exposed_at FROM problems WHERE merged_into IS NULL"
                 " AND exposed_at IS NOT NULL ORDER BY exposed_at DESC LIMIT :n", n=limit)  # fmt: skip
    found = [(pid, _when(at)) for pid, at in rows]
    if len(found) == limit:  # ties at the cut
        cut = found[-1][1]
        more = _rows(session, "SELECT id, exposed_at FROM problems WHERE merged_into IS NULL"
                     " AND exposed_at = :cut", cut=cut)  # fmt: skip
        found += [(pid, _when(at)) for pid, at in more]
    lost = _rows(
        session,
        "SELECT e.problem_id, min(e.at) FROM problems p JOIN problem_events e ON e.problem_id = p.id"
        f" WHERE p.exposed_at IS NULL AND p.merged_into IS NULL AND {CHANGE} GROUP BY e.problem_id",
    )
    found += [(pid, _when(at)) for pid, at in lost]
    return list({pid: (pid, at) for pid, at in found}.values())  # type: ignore[misc]


def problem_groups(
    session: Session, taxonomy: Taxonomy
) -> set[tuple[str | None, str | None, str | None]]:
    """Distinct (category, type, district or None when unexposed) of live problems."""
    rows = _rows(
        session,
        "SELECT DISTINCT category, problem_type, district, exposed_at IS NULL FROM problems"
        " WHERE merged_into IS NULL",
    )
    out = set()
    for cat, ptype, district, unexposed in rows:
        out.add((cat or taxonomy.category_of(ptype), ptype, None if unexposed else district))
    if any(g[2] is None for g in out):  # exposed only through a status change: maybe a district
        more = _rows(
            session,
            "SELECT DISTINCT p.category, p.problem_type, p.district FROM problems p"
            " WHERE p.merged_into IS NULL AND p.exposed_at IS NULL AND EXISTS (SELECT 1 FROM"
            f" problem_events e WHERE e.problem_id = p.id AND {CHANGE})",
        )
        out |= {(c or taxonomy.category_of(t), t, d) for c, t, d in more}
    return out


def problems_of_events(session: Session, event_ids: Iterable[int]) -> set[int]:
    """The problems these events belong to."""
    found: set[int] = set()
    for chunk in _chunks(event_ids):
        sql = f"SELECT problem_id FROM problem_events WHERE id IN ({chunk})"
        found.update(pid for (pid,) in _rows(session, sql))
    return found


def event_rows(problems: dict[int, ProblemRow], ids: Iterable[int]) -> dict[int, EventRow]:
    """The EventRows with these ids from the problems' timelines."""
    wanted = set(ids)
    return {e.id: e for p in problems.values() for e in p.timeline if e.id in wanted}


# --- the static site ---------------------------------------------------------------------

# a live problem the site shows: exposed (its exposure time, else a status change)
_ON_SITE = (
    f"p.merged_into IS NULL AND (p.exposed_at IS NOT NULL OR EXISTS (SELECT 1 FROM problem_events e"
    f" WHERE e.problem_id = p.id AND {CHANGE}))"
)


@dataclass(frozen=True)
class Stamp:
    """How far the ledger had got when the site was last written: every change to a problem
    appends an event (track/ledger.py ``add_event``), so newer events name the changed ones."""

    event: int  # the newest event id
    problem: int  # the newest problem id
    updated: str | None  # the newest ``updated_at`` (ISO), a second guard

    def as_json(self) -> dict[str, Any]:
        return {"event": self.event, "problem": self.problem, "updated": self.updated}


def ledger_stamp(session: Session) -> Stamp:
    ((event,),) = _rows(session, "SELECT max(id) FROM problem_events")
    ((problem, updated),) = _rows(session, "SELECT max(id), max(updated_at) FROM problems")
    when = _when(updated)
    return Stamp(int(event or 0), int(problem or 0), when.isoformat() if when else None)


def changed_since(session: Session, stamp: Stamp) -> set[int]:
    """Problems (live or not) changed after ``stamp``: an event, a new id, a later ``updated_at``."""
    found = {r[0] for r in _rows(session, "SELECT DISTINCT problem_id FROM problem_events"
                                 " WHERE id > :e", e=stamp.event)}  # fmt: skip
    found |= {
        r[0] for r in _rows(session, "SELECT id FROM problems WHERE id > :p", p=stamp.problem)
    }
    if stamp.updated:
        since = datetime.fromisoformat(stamp.updated)
        found |= {r[0] for r in _rows(session, "SELECT id FROM problems WHERE updated_at > :u",
                                      u=since)}  # fmt: skip
    return found


def site_counts(
    session: Session, taxonomy: Taxonomy
) -> list[tuple[str | None, str | None, str, int]]:
    """(district, category, current status, problems) over the site's problems; the category
    is the taxonomy's category of the problem type when not set."""
    group = " GROUP BY p.district, p.category, p.problem_type, p.status"
    rows = _rows(
        session,
        "SELECT p.district, p.category, p.problem_type, p.status, count(*) FROM problems p"
        " WHERE p.exposed_at IS NOT NULL AND p.merged_into IS NULL" + group,
    )
    rows += _rows(  # exposed only through a status change
        session,
        "SELECT p.district, p.category, p.problem_type, p.status, count(*) FROM problems p"
        f" WHERE p.exposed_at IS NULL AND {_ON_SITE}" + group,
    )
    return [(d, c or taxonomy.category_of(t), s, int(n)) for d, c, t, s, n in rows]
