"""Build the bulletin context: plain dataclasses, all text cleaned, dates in Beijing time.

Pelican style: ``build_bulletin_context`` computes everything a template may
show; templates only lay it out. Nothing here touches the database (the
``Snapshot`` was read beforehand).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from pipeline.models import STATUS_ZH
from pipeline.publish.snapshot import EventRow, ProblemRow, Snapshot
from pipeline.publish.stats import Tally, format_rate, is_overdue, status_counts, tally, tally_by
from pipeline.publish.text import clean_text, safe_url
from pipeline.publish.weeks import date_zh, local, week_bounds, week_days, week_range_zh
from pipeline.taxonomy import Taxonomy

TITLE_LIMIT = 120
FIELD_LIMIT = 60
SENTENCE_LIMIT = 300
UNKNOWN = "未标注"


@dataclass(frozen=True)
class FeedLink:
    slug: str
    title: str
    rss_url: str
    atom_url: str


@dataclass(frozen=True)
class ProblemView:
    id: int
    title: str
    place: str
    type_zh: str
    category_zh: str
    district: str
    outlet: str
    url: str | None
    unit: str
    deadline: str
    exposed: str
    status_zh: str
    days_overdue: int | None = None


@dataclass(frozen=True)
class ResolutionView:
    problem: ProblemView
    at: str
    url: str | None
    sentence: str
    by: str


@dataclass(frozen=True)
class Figures:
    exposed_week: int
    resolved_week: int
    total: int
    resolved: int
    open: int
    overdue: int
    dismissed: int
    rate_text: str


@dataclass(frozen=True)
class BulletinContext:
    city: str
    issuer: str
    week: str
    number: int
    title: str
    range_zh: str
    published: str
    draft: bool
    figures: Figures
    exposures: list[ProblemView] = field(default_factory=list)
    resolutions: list[ResolutionView] = field(default_factory=list)
    overdue: list[ProblemView] = field(default_factory=list)
    by_district: list[Tally] = field(default_factory=list)
    by_category: list[Tally] = field(default_factory=list)
    by_unit: list[Tally] = field(default_factory=list)
    feeds: list[FeedLink] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def bulletin_title(city: str, number: int) -> str:
    return f"{clean_text(city)}创城曝光问题整改周报 第{number}期"


def display_title(p: ProblemRow, taxonomy: Taxonomy) -> str:
    """The ledger title, else district + place + type (e.g. 张店区华光路占道经营)."""
    raw = p.title or "".join(x or "" for x in (p.district, p.place, taxonomy.label(p.problem_type)))
    return clean_text(raw, TITLE_LIMIT) or f"问题 #{p.id}"


def _moment(dt: datetime | None) -> str:
    return "" if dt is None else local(dt).strftime("%Y-%m-%d %H:%M")


def problem_view(
    p: ProblemRow, taxonomy: Taxonomy, *, status: str, last_day: date | None = None
) -> ProblemView:
    late = None
    if last_day is not None and is_overdue(status, p.deadline, last_day):
        assert p.deadline is not None
        late = (last_day - p.deadline).days + 1
    return ProblemView(
        id=p.id,
        title=display_title(p, taxonomy),
        place=clean_text(p.place or p.street, FIELD_LIMIT),
        type_zh=clean_text(taxonomy.label(p.problem_type)) or UNKNOWN,
        category_zh=clean_text(taxonomy.label(p.category)) or UNKNOWN,
        district=clean_text(p.district, FIELD_LIMIT) or UNKNOWN,
        outlet=clean_text(p.outlet, FIELD_LIMIT),
        url=safe_url(p.first_url),
        unit=clean_text(p.unit, FIELD_LIMIT),
        deadline=date_zh(p.deadline) if p.deadline else "",
        exposed=_moment(p.exposed_at),
        status_zh=STATUS_ZH.get(status, clean_text(status)),
        days_overdue=late,
    )


def _resolutions(snap: Snapshot, start: datetime, end: datetime) -> list[EventRow]:
    """The last resolution event of each problem resolved within [start, end)."""
    last: dict[int, EventRow] = {}
    for e in snap.events:
        if e.status_to == "resolved" and start <= e.at < end:
            last[e.problem_id] = e
    return sorted(last.values(), key=lambda e: (e.at, e.id))


def build_bulletin_context(
    snap: Snapshot,
    taxonomy: Taxonomy,
    *,
    week: str,
    number: int,
    city: str,
    issuer: str,
    now: datetime,
    feeds: list[FeedLink],
    draft: bool = False,
) -> BulletinContext:
    start, end = week_bounds(week)
    _, last_day = week_days(week)
    live = [p for p in snap.problems.values() if p.status_at(end) is not None]

    def view(p: ProblemRow) -> ProblemView:
        return problem_view(p, taxonomy, status=p.status_at(end) or p.status, last_day=last_day)

    # 1. this week's new exposures, in the order they came
    new = sorted((p for p in live if p.exposed_at and p.exposed_at >= start), key=_exposed_key)
    # 2. this week's resolutions with their evidence
    resolutions = [
        ResolutionView(
            problem=view(snap.problems[e.problem_id]),
            at=_moment(e.at),
            url=safe_url(e.url) or safe_url(snap.problems[e.problem_id].first_url),
            sentence=clean_text(e.sentence, SENTENCE_LIMIT),
            by="机器识别" if e.by == "machine" else clean_text(e.by, FIELD_LIMIT),
        )
        for e in _resolutions(snap, start, end)
    ]
    # 3. overdue as of the week's last day, oldest deadline first
    overdue = sorted(
        (p for p in live if is_overdue(p.status_at(end), p.deadline, last_day)),
        key=lambda p: (p.deadline, *_exposed_key(p)),
    )
    # 4. figures and tables, cumulative up to the week's end
    total = tally("合计", live, start=start, end=end, last_day=last_day)

    def by(key: Callable[[ProblemRow], str]) -> list[Tally]:
        return tally_by(live, lambda p: key(p) or UNKNOWN, start=start, end=end, last_day=last_day)

    return BulletinContext(
        city=clean_text(city),
        issuer=clean_text(issuer),
        week=week,
        number=number,
        title=bulletin_title(city, number),
        range_zh=week_range_zh(week),
        published=f"{date_zh(local(now).date())} {local(now):%H:%M}",
        draft=draft,
        figures=Figures(
            exposed_week=total.new,
            resolved_week=len(resolutions),
            total=total.exposed,
            resolved=total.resolved,
            open=total.open,
            overdue=total.overdue,
            dismissed=total.dismissed,
            rate_text=format_rate(total.rate),
        ),
        exposures=[view(p) for p in new],
        resolutions=resolutions,
        overdue=[view(p) for p in overdue],
        by_district=by(lambda p: clean_text(p.district, FIELD_LIMIT)),
        by_category=by(lambda p: clean_text(taxonomy.label(p.category))),
        by_unit=by(lambda p: clean_text(p.unit, FIELD_LIMIT)),
        feeds=feeds,
        counts=status_counts(live, end),
    )


def _exposed_key(p: ProblemRow) -> tuple[datetime, int]:
    assert p.exposed_at is not None
    return (p.exposed_at, p.id)
