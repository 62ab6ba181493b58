"""Rectification deadlines: "限期三日内整改", "7个工作日内整改到位", "11月30日前完成".

Relative deadlines count from the item's publication date (working days skip
weekends); a date without a year takes the publication year, or the next
year if it would otherwise fall well before publication. Without a
publication date only fully dated deadlines ("2024年11月30日前") are found.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from pipeline.tag.cues import DEADLINE_LEADS, DEADLINE_VERBS

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
NUM = r"[0-9０-９零〇一二两三四五六七八九十百]{1,4}"

_RELATIVE = re.compile(
    rf"(?P<lead>限期|限)?\s*(?P<n>{NUM})\s*个?\s*(?P<unit>工作日|日|天|周|星期|个月|月)\s*(?:之内|以内|内)?"
)
_ABSOLUTE = re.compile(
    rf"(?:(?P<y>\d{{4}})\s*年)?\s*(?P<m>{NUM})\s*月\s*(?:(?P<d>{NUM})\s*[日号]|(?P<end>底|末))\s*(?:之前|以前|前)"
)
_PERIOD = re.compile(r"(?P<what>本月底|月底|月末|本周内|本周末|年底|年末)(?:之前|以前|前)?")


def cn_number(text: str) -> int | None:
    """'3' → 3, '三' → 3, '十五' → 15, '二十' → 20, '两' → 2; None if not a number."""
    text = text.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if not text:
        return None
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def add_working_days(start: date, n: int) -> date:
    day = start
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def _is_deadline(text: str, start: int, end: int, lead: bool) -> bool:
    after = text[end : end + 12]
    before = text[max(0, start - 8) : start]
    return (
        lead or any(v in after for v in DEADLINE_VERBS) or any(w in before for w in DEADLINE_LEADS)
    )


def _relative(m: re.Match[str], published: date) -> date | None:
    n = cn_number(m.group("n"))
    if n is None or n <= 0 or n > 366:
        return None
    unit = m.group("unit")
    if unit == "工作日":
        return add_working_days(published, n)
    if unit in ("周", "星期"):
        return published + timedelta(days=7 * n)
    if unit in ("个月", "月"):
        month = published.month - 1 + n
        year, month = published.year + month // 12, month % 12 + 1
        return date(year, month, min(published.day, calendar.monthrange(year, month)[1]))
    return published + timedelta(days=n)


def _absolute(m: re.Match[str], published: date | None) -> date | None:
    month = cn_number(m.group("m"))
    if month is None or not 1 <= month <= 12:
        return None
    year = int(m.group("y")) if m.group("y") else (published.year if published else None)
    if year is None:
        return None
    last = calendar.monthrange(year, month)[1]
    day = last if m.group("end") else cn_number(m.group("d") or "")
    if day is None or not 1 <= day <= last:
        return None
    found = date(year, month, day)
    if not m.group("y") and published and found < published - timedelta(days=31):
        last = calendar.monthrange(year + 1, month)[1]
        found = date(year + 1, month, min(day, last))
    return found


def _period(what: str, published: date) -> date:
    if what in ("年底", "年末"):
        return date(published.year, 12, 31)
    if what.startswith("本周"):
        return published + timedelta(days=6 - published.weekday())
    return date(
        published.year, published.month, calendar.monthrange(published.year, published.month)[1]
    )


def find_deadline(text: str, published: date | None) -> tuple[date, str] | None:
    """The first rectification deadline in ``text`` and the phrase that set it."""
    found: list[tuple[int, date, str]] = []
    for m in _ABSOLUTE.finditer(text):
        d = _absolute(m, published)
        if d and _is_deadline(text, m.start(), m.end(), False):
            found.append((m.start(), d, m.group().strip()))
    if published is not None:
        for m in _RELATIVE.finditer(text):
            if m.group("unit") == "月" and not m.group(0).rstrip().endswith("内"):
                continue  # "3月" is a month name, not "3个月内"
            d = _relative(m, published)
            if d and _is_deadline(text, m.start(), m.end(), bool(m.group("lead"))):
                if m.group(0).rstrip().endswith("内") or m.group("lead"):
                    found.append((m.start(), d, m.group().strip()))
        for m in _PERIOD.finditer(text):
            if _is_deadline(text, m.start(), m.end(), False):
                found.append((m.start(), _period(m.group("what"), published), m.group()))
    if not found:
        return None
    _, d, phrase = min(found, key=lambda f: f[0])
    return d, phrase
