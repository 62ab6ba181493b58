"""Time helpers: everything is timezone-aware; local time is Asia/Shanghai."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import overload
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")
_WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")
_LOOSE_WEEK_RE = re.compile(r"^\s*(\d{4})-[Ww](\d{1,2})\s*$")


def now() -> datetime:
    return datetime.now(UTC)


@overload
def local(dt: datetime) -> datetime: ...
@overload
def local(dt: None) -> None: ...
def local(dt: datetime | None) -> datetime | None:
    """The same instant in Asia/Shanghai (naive input is taken as Shanghai time; the store
    never returns one: its columns come back aware, in UTC). The one conversion to local time."""
    if dt is None:
        return None
    if dt.tzinfo is None:
        return dt.replace(tzinfo=TZ)
    return dt.astimezone(TZ)


def week_monday(week: str) -> date:
    """The Monday of an ISO week written ``2026-W47``; ValueError if it is not one."""
    m = _WEEK_RE.match(week)
    if not m:
        raise ValueError(f"not an ISO week like 2026-W47: {week!r}")
    return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)


def normalize_week(text: str) -> str:
    """A week as a user may type it (``2026-w7``) written the one way (``2026-W07``);
    ValueError if it is no ISO week."""
    m = _LOOSE_WEEK_RE.match(text or "")
    if not m:
        raise ValueError(f"not an ISO week like 2026-W47: {text!r}")
    week = f"{m.group(1)}-W{int(m.group(2)):02d}"
    week_monday(week)  # a week number the year does not have raises here
    return week
