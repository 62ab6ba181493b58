"""ISO weeks in Asia/Shanghai: parse, format, and bound them in UTC.

A bulletin week runs Monday 00:00 to the next Monday 00:00 Beijing time.
Weeks are written ``2026-W47`` (ISO 8601).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from pipeline.timeutil import TZ, local, week_monday

__all__ = ["TZ", "date_zh", "local", "week_bounds", "week_days", "week_monday", "week_of", "week_range_zh"]


def week_of(dt: datetime) -> str:
    """The ISO week (Beijing time) that contains ``dt``."""
    year, week, _ = local(dt).isocalendar()
    return f"{year}-W{week:02d}"


def week_days(week: str) -> tuple[date, date]:
    """First (Monday) and last (Sunday) day of the week."""
    monday = week_monday(week)
    return monday, monday + timedelta(days=6)


def week_bounds(week: str) -> tuple[datetime, datetime]:
    """[start, end) of the week as UTC datetimes (Beijing Monday 00:00 to next Monday)."""
    monday = week_monday(week)
    start = datetime.combine(monday, time(0), tzinfo=TZ)
    end = datetime.combine(monday + timedelta(days=7), time(0), tzinfo=TZ)
    return start.astimezone(UTC), end.astimezone(UTC)


def date_zh(d: date, *, with_year: bool = True) -> str:
    """2026年11月16日 (or 11月16日)."""
    md = f"{d.month}月{d.day}日"
    return f"{d.year}年{md}" if with_year else md


def week_range_zh(week: str) -> str:
    """2026年11月16日—11月22日; the year is repeated only when the week spans two."""
    first, last = week_days(week)
    return f"{date_zh(first)}—{date_zh(last, with_year=last.year != first.year)}"
