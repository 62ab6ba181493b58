"""The trend chart: weekly new exposures vs resolutions, as plain SVG geometry.

Computed here, drawn by ``templates/partials/trend.html`` as inline SVG (no
JavaScript, prints as vectors, readable without CSS).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from pipeline.publish.facts import Fact
from pipeline.publish.weeks import week_bounds, week_monday, week_of

WEEKS = 8
WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 20, 40


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int


@dataclass(frozen=True)
class TrendWeek:
    week: str
    label: str  # e.g. 11/16
    label_x: float
    exposed: Bar
    resolved: Bar


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    left: int
    baseline: float
    weeks: tuple[TrendWeek, ...]
    ticks: tuple[Tick, ...]
    max_value: int


def _weeks_ending(week: str, n: int) -> list[str]:
    monday = week_monday(week)
    return [week_of_monday(monday - timedelta(weeks=k)) for k in range(n - 1, -1, -1)]


def week_of_monday(monday: date) -> str:
    year, wk, _ = monday.isocalendar()
    return f"{year}-W{wk:02d}"


def trend_weeks(week: str, n: int = WEEKS) -> list[str]:
    """The ``n`` weeks the chart shows, ending with ``week``."""
    return _weeks_ending(week, n)


def weekly_counts(
    facts: Iterable[Fact], resolved: Mapping[str, int], weeks: list[str]
) -> list[tuple[int, int]]:
    """(new exposures, resolutions) per week: exposures from the facts, resolutions counted in SQL."""
    index = {w: i for i, w in enumerate(weeks)}
    counts = [[0, resolved.get(w, 0)] for w in weeks]
    first, _ = week_bounds(weeks[0])
    _, last = week_bounds(weeks[-1])
    for p in facts:
        if p.exposed_at is not None and first <= p.exposed_at < last:
            i = index.get(week_of(p.exposed_at))
            if i is not None:
                counts[i][0] += 1
    return [(a, b) for a, b in counts]


def _nice_max(value: int) -> int:
    """A round axis maximum ≥ value that divides into 5 ticks: 5, 10, 25, 50, 100, 250 …"""
    scale = 1
    while True:
        for m in (5, 10, 25):
            if m * scale >= value:
                return m * scale
        scale *= 10


def build_trend(
    facts: Iterable[Fact], resolved: Mapping[str, int], week: str, n: int = WEEKS
) -> TrendChart:
    weeks = _weeks_ending(week, n)
    counts = weekly_counts(facts, resolved, weeks)
    top = _nice_max(max((max(c) for c in counts), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_h
    slot = plot_w / n
    bar_w = slot * 0.35

    def bar(x: float, v: int) -> Bar:
        h = round(plot_h * v / top, 1)
        return Bar(round(x, 1), round(baseline - h, 1), round(bar_w, 1), h, v)

    rows = []
    for i, (w, (exp, res)) in enumerate(zip(weeks, counts, strict=True)):
        x0 = LEFT + i * slot + slot * 0.15
        monday = week_monday(w)
        rows.append(
            TrendWeek(
                week=w,
                label=f"{monday.month}/{monday.day}",
                label_x=round(LEFT + i * slot + slot / 2, 1),
                exposed=bar(x0, exp),
                resolved=bar(x0 + bar_w, res),
            )
        )
    ticks = tuple(Tick(round(baseline - plot_h * k / 5, 1), top * k // 5) for k in range(6))
    return TrendChart(WIDTH, HEIGHT, LEFT, baseline, tuple(rows), ticks, top)
