"""Bulletin tables beyond the figures: districts ranked, categories × problem types, repeat places.

Pure functions of the snapshot rows (statuses replayed to the week's end).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from pipeline.publish.snapshot import ProblemRow
from pipeline.publish.stats import OPEN_STATUSES, Statuses, Tally, summed, tally_by
from pipeline.publish.text import clean_text
from pipeline.publish.weeks import date_zh, local
from pipeline.taxonomy import Taxonomy

UNKNOWN = "未标注"
FIELD_LIMIT = 60


@dataclass(frozen=True)
class RankedTally:
    rank: int | None  # None: rate undefined (nothing countable), listed last
    tally: Tally


@dataclass(frozen=True)
class CategoryGroup:
    total: Tally  # the category's subtotal
    types: tuple[Tally, ...]  # one row per problem type in it


@dataclass(frozen=True)
class RepeatPlace:
    district: str
    place: str
    exposures: int  # reports at this place up to the week's end (openings, repeats, reopenings)
    problems: int  # distinct ledger entries at this place
    last: str  # date of the latest report
    open: int  # of which still open at the week's end
    problem_ids: tuple[int, ...]


def rank_by_rate(rows: Iterable[Tally]) -> list[RankedTally]:
    """Highest rectification rate first; ties share a rank (1, 2, 2, 4); undefined last."""
    defined = sorted(
        (t for t in rows if t.rate is not None), key=lambda t: (-(t.rate or 0), -t.exposed, t.label)
    )
    ranked: list[RankedTally] = []
    for i, t in enumerate(defined):
        same = ranked and ranked[-1].tally.rate == t.rate
        ranked.append(RankedTally(ranked[-1].rank if same else i + 1, t))
    undefined = sorted((t for t in rows if t.rate is None), key=lambda t: t.label)
    return ranked + [RankedTally(None, t) for t in undefined]


def district_table(
    live: list[ProblemRow],
    *,
    start: datetime,
    end: datetime,
    last_day: date,
    statuses: Statuses | None = None,
) -> list[RankedTally]:
    rows = tally_by(
        live,
        lambda p: clean_text(p.district, FIELD_LIMIT) or UNKNOWN,
        start=start,
        end=end,
        last_day=last_day,
        statuses=statuses,
    )
    return rank_by_rate(rows)


def category_table(
    live: list[ProblemRow],
    taxonomy: Taxonomy,
    *,
    start: datetime,
    end: datetime,
    last_day: date,
    statuses: Statuses | None = None,
) -> list[CategoryGroup]:
    """Categories in taxonomy order (then unknown), each with its problem types, most exposed first."""
    by_cat: dict[str | None, list[ProblemRow]] = {}
    for p in live:
        by_cat.setdefault(p.category if p.category in taxonomy.categories else None, []).append(p)
    order = [c for c in taxonomy.categories if c in by_cat] + ([None] if None in by_cat else [])
    groups = []
    for cat in order:
        rows = by_cat[cat]
        label = clean_text(taxonomy.label(cat)) or UNKNOWN
        types = tally_by(
            rows,
            lambda p: clean_text(taxonomy.label(p.problem_type)) or UNKNOWN,
            start=start,
            end=end,
            last_day=last_day,
            statuses=statuses,
        )
        total = summed(label, types)  # the same rows, partitioned by type
        groups.append(CategoryGroup(total, tuple(types)))
    return groups


def repeat_places(
    live: list[ProblemRow], *, end: datetime, limit: int = 20, statuses: Statuses | None = None
) -> list[RepeatPlace]:
    """Places reported more than once up to ``end``: most reports first."""
    groups: dict[tuple[str, str], list[ProblemRow]] = {}
    for p in live:
        place = clean_text(p.place or p.street, FIELD_LIMIT)
        if place:
            groups.setdefault((clean_text(p.district, FIELD_LIMIT), place), []).append(p)
    exposure = ("opened", "repeat", "reopened")  # EventRow.is_exposure
    found = []
    for (district, place), rows in groups.items():
        if len(rows) == 1 and len(rows[0].timeline) < 2:
            continue  # at most one report
        reports = [e.at for p in rows for e in p.timeline if e.action in exposure and e.at < end]
        reports += [p.exposed_at for p in rows if p.exposed_at and not p.timeline]
        if len(reports) < 2:
            continue
        open_ = sum(
            (statuses[p.id] if statuses is not None else p.status_at(end)) in OPEN_STATUSES
            for p in rows
        )
        found.append((len(reports), open_, district or UNKNOWN, place, rows, reports))
    found.sort(key=lambda f: (-f[0], -f[1], f[2], f[3]))  # stable: ties keep the ledger order
    return [
        RepeatPlace(
            district=district,
            place=place,
            exposures=n,
            problems=len(rows),
            last=date_zh(local(max(reports)).date()),
            open=open_,
            problem_ids=tuple(sorted(p.id for p in rows)),
        )
        for n, open_, district, place, rows, reports in found[:limit]
    ]
