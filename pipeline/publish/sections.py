"""Bulletin tables beyond the figures: districts ranked, categories × problem types, repeat places.

Pure functions of the week's ``Fact`` rows (statuses replayed to the week's end).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from pipeline.publish.facts import Fact
from pipeline.publish.stats import OPEN_STATUSES, Tally, summed, tally_by
from pipeline.publish.text import clean_text
from pipeline.publish.views import FIELD_LIMIT, UNKNOWN
from pipeline.publish.weeks import date_zh, local
from pipeline.taxonomy import Taxonomy


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


def district_table(live: list[Fact], *, start: datetime, last_day: date) -> list[RankedTally]:
    rows = tally_by(
        live,
        lambda p: clean_text(p.district, FIELD_LIMIT) or UNKNOWN,
        start=start,
        last_day=last_day,
    )
    return rank_by_rate(rows)


def category_table(
    live: list[Fact], taxonomy: Taxonomy, *, start: datetime, last_day: date
) -> list[CategoryGroup]:
    """Categories in taxonomy order (then unknown), each with its problem types, most exposed first."""
    by_cat: dict[str | None, list[Fact]] = {}
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
            last_day=last_day,
        )
        total = summed(label, types)  # the same rows, partitioned by type
        groups.append(CategoryGroup(total, tuple(types)))
    return groups


RepeatGroup = tuple[int, int, str, str, list[Fact]]  # (reports, open, district, place, problems)


def repeat_groups(live: Iterable[Fact], limit: int = 20) -> list[RepeatGroup]:
    """The ``limit`` places reported most often (more than once) by the moment of the statuses;
    ties: more still open first, then by district and place, then in ledger order."""
    raw: dict[tuple[str | None, str | None], list] = {}  # by the stored names: [reports, *facts]
    for p in live:
        if p.status is not None:
            key = (p.district, p.place or p.street)
            found = raw.get(key)
            if found is None:
                raw[key] = [p.reports, p]
            else:
                found[0] += p.reports
                found.append(p)
    groups: dict[tuple[str, str], list] = {}  # then by the names as shown
    for (district, where), (reports, *rows) in raw.items():
        place = clean_text(where, FIELD_LIMIT)
        if place:
            shown = (clean_text(district, FIELD_LIMIT), place)
            found = groups.get(shown)
            if found is None:
                groups[shown] = [reports, *rows]
            else:
                found[0] += reports
                found.extend(rows)
    candidates = [(g[0], key, g) for key, g in groups.items() if g[0] >= 2]
    if len(candidates) > limit:  # open counts only where they can decide the order
        floor = heapq.nlargest(limit, (c[0] for c in candidates))[-1]
        candidates = [c for c in candidates if c[0] >= floor]
    found_ = []
    for reports, (district, place), (_, *rows) in candidates:
        open_ = sum(p.status in OPEN_STATUSES for p in rows)
        found_.append((reports, open_, district or UNKNOWN, place, rows))
    found_.sort(key=lambda f: (-f[0], -f[1], f[2], f[3]))  # stable: ties keep the ledger order
    return found_[:limit]


def repeat_places(
    groups: list[RepeatGroup], last_report: Mapping[int, datetime]
) -> list[RepeatPlace]:
    """Rows of the repeat places table; ``last_report``: each problem's latest report."""
    return [
        RepeatPlace(
            district=district,
            place=place,
            exposures=n,
            problems=len(rows),
            last=date_zh(local(max(last_report[p.id] for p in rows if p.id in last_report)).date()),
            open=open_,
            problem_ids=tuple(sorted(p.id for p in rows)),
        )
        for n, open_, district, place, rows in groups
    ]
