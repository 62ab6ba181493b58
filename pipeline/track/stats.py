"""The figures the office reports, computed in the database (GROUP BY, window functions).

The cohort of a period is the problems first exposed in it (merged duplicates
left out). Their status is the current one, or, with ``as_of``, the status of
their last event before that moment (replayed by a correlated subquery on the
``(problem_id, at)`` index). Rectification rate (整改率) = resolved /
(cohort − dismissed). Time to resolution is resolved_at − exposed_at, in days,
with nearest-rank median and 90th percentile. Repeat offenders are places with
more than one exposure (opened, repeat, reopened events not undone) in the period.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from pipeline.store.tables import Problem, ProblemEvent
from pipeline.timeutil import TZ, normalize_week, now, week_monday

DIMENSIONS = ("district", "street", "unit", "category", "problem_type", "outlet")
COUNTED = ("exposed", "in_progress", "resolved", "reopened", "dismissed")


@dataclass(frozen=True)
class Period:
    """[start, end) as aware datetimes, with a label such as 2026-W47."""

    start: datetime | None
    end: datetime | None
    label: str

    @classmethod
    def week(cls, iso: str) -> Period:
        """The ISO week ``iso`` (``2026-W47``; ``2026-w7`` too); ValueError if it is none."""
        label = normalize_week(iso)
        monday = week_monday(label)
        return cls.days(monday, monday + timedelta(days=6), label=label)

    @classmethod
    def days(cls, first: date | None, last: date | None, label: str | None = None) -> Period:
        start = datetime.combine(first, datetime.min.time(), TZ) if first else None
        end = datetime.combine(last + timedelta(days=1), datetime.min.time(), TZ) if last else None
        return cls(start, end, label or f"{first or '…'} – {last or '…'}")


@dataclass
class Figures:
    """One row of the report: a dimension's value (or the whole period) and its counts."""

    dimension: str
    key: str | None
    total: int
    exposed: int
    in_progress: int
    resolved: int
    reopened: int
    dismissed: int
    overdue: int
    rate: float | None
    median_days: float | None = None
    p90_days: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _days(session: Session, a: Any, b: Any) -> Any:
    if session.get_bind().dialect.name == "sqlite":
        return func.julianday(b) - func.julianday(a)
    return func.extract("epoch", b - a) / 86400.0


def _cohort(period: Period, by: str | None, as_of: datetime | None) -> Any:
    status: Any = Problem.status
    resolved_at: Any = Problem.resolved_at
    if as_of is not None:  # the last event up to as_of says the status then, and when it was reached
        e, x = aliased(ProblemEvent), aliased(ProblemEvent)
        last = select(e.id).where(e.problem_id == Problem.id, e.at <= as_of).order_by(
            e.at.desc(), e.id.desc()).limit(1).correlate(Problem).scalar_subquery()  # type: ignore[attr-defined]
        status = select(x.status_to).where(x.id == last).correlate(Problem).scalar_subquery()
        resolved_at = select(x.at).where(x.id == last).correlate(Problem).scalar_subquery()
    key = getattr(Problem, by) if by else literal(None)
    q = select(key.label("g"), status.label("st"), col(Problem.deadline).label("deadline"),
               col(Problem.exposed_at).label("exposed_at"), resolved_at.label("resolved_at"))
    q = q.where(col(Problem.merged_into).is_(None))
    if period.start is not None:
        q = q.where(col(Problem.exposed_at) >= period.start)
    if period.end is not None:
        q = q.where(col(Problem.exposed_at) < period.end)
    return q.subquery()


def figures(session: Session, period: Period, by: str | None = None, as_of: datetime | None = None) -> list[Figures]:
    """Counts, rate and resolution times for the period, per value of ``by`` (or one row in all)."""
    if by is not None and by not in DIMENSIONS:
        raise ValueError(f"unknown dimension {by!r}; one of {', '.join(DIMENSIONS)}")
    when = as_of or now()
    today = when.astimezone(TZ).date()
    c = _cohort(period, by, as_of)
    counts = [func.sum(case((c.c.st == s, 1), else_=0)) for s in COUNTED]
    late = func.sum(case((and_(c.c.deadline < today, c.c.st.not_in(["resolved", "dismissed"])), 1), else_=0))
    rows = session.connection().execute(
        select(c.c.g, func.count(), *counts, late).group_by(c.c.g).order_by(func.count().desc(), c.c.g)).all()
    times = _percentiles(session, c)
    out = []
    for g, total, *rest in rows:
        exposed, in_progress, resolved, reopened, dismissed, overdue = (int(x or 0) for x in rest)
        base = total - dismissed
        med, p90 = times.get(g, (None, None))
        out.append(Figures(by or "all", g, int(total), exposed, in_progress, resolved, reopened, dismissed, overdue,
                           round(resolved / base, 4) if base else None, med, p90))
    return out


def _percentiles(session: Session, c: Any) -> dict[Any, tuple[float | None, float | None]]:
    d = _days(session, c.c.exposed_at, c.c.resolved_at)
    w = (select(c.c.g, d.label("d"), func.row_number().over(partition_by=c.c.g, order_by=d).label("rn"),
                func.count().over(partition_by=c.c.g).label("n"))
         .where(c.c.st == "resolved", c.c.resolved_at.is_not(None)).subquery())
    med_rank, p90_rank = (w.c.n * 50 + 99) // 100, (w.c.n * 90 + 99) // 100  # nearest rank: ceil(n·q)
    q = select(w.c.g, w.c.d, w.c.rn == med_rank, w.c.rn == p90_rank).where(or_(w.c.rn == med_rank, w.c.rn == p90_rank))
    out: dict[Any, list[float | None]] = {}
    for g, days, is_med, is_p90 in session.connection().execute(q):
        slot = out.setdefault(g, [None, None])
        if is_med:
            slot[0] = round(float(days), 2)
        if is_p90:
            slot[1] = round(float(days), 2)
    return {g: (v[0], v[1]) for g, v in out.items()}


def repeat_offenders(session: Session, period: Period, limit: int = 20) -> list[tuple[str | None, str, int, int]]:
    """Places exposed more than once in the period: (district, place, exposures, problems), most first."""
    u = aliased(ProblemEvent)
    e = ProblemEvent
    # 1. exposures in the period, per problem (the events' time index), undone ones left out
    per = (select(col(e.problem_id).label("pid"), func.count().label("n"))
           .where(col(e.action).in_(["opened", "repeat", "reopened"]),
                  col(e.id).not_in(select(u.reverts_id).where(u.reverts_id.is_not(None)))))  # type: ignore[union-attr]
    if period.start is not None:
        per = per.where(col(e.at) >= period.start)
    if period.end is not None:
        per = per.where(col(e.at) < period.end)
    sub = per.group_by(col(e.problem_id)).subquery()
    # 2. summed per place (the problems' primary key)
    n = func.sum(sub.c.n)
    q = (select(Problem.district, Problem.place, n, func.count()).join(Problem, col(Problem.id) == sub.c.pid)
         .where(col(Problem.place).is_not(None)).group_by(Problem.district, Problem.place).having(n > 1)
         .order_by(n.desc(), Problem.district, Problem.place).limit(limit))
    return [(d, p, int(k), int(m)) for d, p, k, m in session.connection().execute(q)]
