"""Time helpers: everything is timezone-aware; local time is Asia/Shanghai."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    return datetime.now(UTC)


def local(dt: datetime | None) -> datetime | None:
    """The same instant in Asia/Shanghai (naive input is taken as Shanghai time)."""
    if dt is None:
        return None
    if dt.tzinfo is None:
        return dt.replace(tzinfo=TZ)
    return dt.astimezone(TZ)
