"""Parse the date styles of Chinese news pages into aware Asia/Shanghai datetimes.

Handles ``2026-04-16 09:30``, ``2026/4/16``, ``2026.04.16``, ``2026年4月16日 9时30分``,
``2026年4月16日下午3:30``, ``二〇二六年十一月十八日``, ``4月16日`` and ``04-16 09:30`` (year from the
reference date: the latest such date not after it),
ISO 8601 with offsets, ``7/5/2005 9:23:57 PM``, ``十一月 6th, 2009`` (WordPress in a Chinese locale),
``October 25, 2009 at 11:59 PM`` and ``25 Oct 2009`` (English blog templates),
RFC 822 (feeds), and ``t20260416`` style URL paths.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime

from pipeline.timeutil import TZ

# the half of the day before a clock: 下午3:30 is 15:30, 凌晨2时 is 2:00
_HALF = r"上午|下午|早上|早晨|晚上|傍晚|夜间|凌晨|中午"
_FULL = re.compile(
    r"(?<!\d)(20\d{2}|19\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*(?:星期|周)[一二三四五六日天])?"  # 2024年05月20日 星期一 08:30
    rf"(?:\s*[T ]?\s*({_HALF})?\s*(\d{{1,2}})\s*[:：时点]\s*(\d{{1,2}})(?:\s*[:：分]\s*(\d{{1,2}}))?)?"
)
# 05-20 08:30: a month and day with a clock and no year, as portals print this year's items
_MD_CLOCK = re.compile(r"(?<![\d\-/.])(1[0-2]|0?[1-9])-(3[01]|[12]\d|0?[1-9])\s+(\d{1,2}):(\d{2})(?![\d:-])")
_MONTH_DAY = re.compile(
    r"(?<![\d年])(\d{1,2})月(\d{1,2})[日号](?:\s*(\d{1,2})[:：时](\d{1,2})分?)?"
)
# a full date, year first, to locate one in a line (parse_date reads it): 2005-04-27, 2003.7.24,
# 2026年4月16 (the 日 is not needed to find it)
YMD = r"(?<!\d)(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}"
_URL_DATE = re.compile(r"(?<!\d)(20\d{2})[-/_]?(0[1-9]|1[0-2])[-/_]?(0[1-9]|[12]\d|3[01])(?!\d)")
# 7/5/2005 9:23:57 PM: month/day/year, as US-configured servers print it
_US = re.compile(
    r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?",
    re.I,
)
# 二〇二六年十一月十八日: the dateline of government notices (通报, 通告)
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "O": 0,
}
_CN_FULL = re.compile(
    r"([〇○零Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"
)
# 十一月 6th, 2009 (at 12:02 下午): WordPress's English date format in a Chinese locale (the date
# alone locates one in a line: html.py)
CN_MONTH_EN_DAY = (
    r"(?<![一二三四五六七八九十])(十[一二]?|[一二三四五六七八九])月\s*(\d{1,2})(?:st|nd|rd|th)?\s*,\s*((?:19|20)\d{2})"
)
# October 25, 2009 (at 11:59 PM), Oct. 25, 2009, 25 October 2009: an English blog template's date
_EN_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        ("jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
         "aug august", "sep sept september", "oct october", "nov november", "dec december")
    )
    for m in names.split()
}
_EN_MONTH = r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
EN_MONTH_DAY = (
    rf"(?<![A-Za-z])(?:({_EN_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{{2}})"
    rf"|(\d{{1,2}})\s+({_EN_MONTH})\.?,?\s+((?:19|20)\d{{2}}))(?![A-Za-z\d])"
)
_EN_DATE = re.compile(
    EN_MONTH_DAY + r"(?:,?\s*(?:at\s*)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?"
)
_CN_MONTH_EN = re.compile(CN_MONTH_EN_DAY + r"(?:\s*at\s*(\d{1,2}):(\d{2})\s*(上午|下午|[AaPp][Mm])?)?")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?")


def _mk(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime | None:
    try:
        return datetime(y, mo, d, h, mi, s, tzinfo=TZ)
    except ValueError:
        return None


def _int(v: str | None) -> int:
    return int(v) if v else 0


def _hour(h: str | None, half: str | None) -> int:
    """The 24-hour hour of a clock read with its half of the day (PM, 下午, 晚上), if it gives one."""
    if not half:
        return _int(h)
    if half == "中午":  # 中午12:30 is 12:30, 中午1点 is 13:00
        return _int(h) if _int(h) >= 11 else _int(h) + 12
    return _int(h) % 12 + (12 if half.lower() in ("pm", "下午", "晚上", "傍晚", "夜间") else 0)


def _cn_number(text: str) -> int:
    """一 → 1, 十 → 10, 十八 → 18, 二十七 → 27, 三十一 → 31."""
    if "十" not in text:
        return _CN_DIGITS[text]
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def parse_date(text: str | None, reference: datetime | date | None = None) -> datetime | None:
    """The first date in ``text``; ``None`` when there is none (never a guess)."""
    if not text:
        return None
    text = text.strip()
    m = _ISO.search(text)
    if m:
        try:
            dt = datetime.fromisoformat(m.group(0).replace("Z", "+00:00"))
            return dt.replace(tzinfo=TZ) if dt.tzinfo is None else dt
        except ValueError:
            pass
    m = _FULL.search(text)
    if m:
        y, mo, d, half, h, mi, s = m.groups()
        dt = _mk(int(y), int(mo), int(d), _hour(h, half), _int(mi), _int(s))
        if dt:
            return dt
    m = _CN_FULL.search(text)
    if m:
        year = int("".join(str(_CN_DIGITS[c]) for c in m.group(1)))
        dt = _mk(year, _cn_number(m.group(2)), _cn_number(m.group(3)))
        if dt:
            return dt
    m = _CN_MONTH_EN.search(text)
    if m:
        mo, d, y, h, mi, half = m.groups()
        dt = _mk(int(y), _cn_number(mo), int(d), _hour(h, half), _int(mi))
        if dt:
            return dt
    m = _US.search(text)
    if m:
        mo, d, y, h, mi, s, half = m.groups()
        dt = _mk(int(y), int(mo), int(d), _hour(h, half), _int(mi), _int(s))
        if dt:
            return dt
    if "," in text and re.search(r"[A-Z][a-z]{2} \d{4}", text):
        try:
            dt = parsedate_to_datetime(text)
            return dt.replace(tzinfo=TZ) if dt.tzinfo is None else dt
        except (TypeError, ValueError):
            pass
    m = _EN_DATE.search(text)
    if m:
        mon1, d1, y1, d2, mon2, y2, h, mi, sec, half = m.groups()
        month = _EN_MONTHS[(mon1 or mon2).lower()]
        dt = _mk(int(y1 or y2), month, int(d1 or d2), _hour(h, half), _int(mi), _int(sec))
        if dt:
            return dt
    m = _MONTH_DAY.search(text) or _MD_CLOCK.search(text)
    if m and reference is not None:
        ref = (
            reference
            if isinstance(reference, datetime)
            else datetime(reference.year, reference.month, reference.day, tzinfo=TZ)
        )
        mo, d, h, mi = m.groups()
        dt = _mk(ref.year, int(mo), int(d), _int(h), _int(mi))
        # a month-day after the reference (plus slack) belongs to the year before
        if dt and dt.date() > (ref + timedelta(days=2)).date():
            dt = _mk(ref.year - 1, int(mo), int(d), _int(h), _int(mi))
        return dt
    return None


def date_from_url(url: str) -> datetime | None:
    """A date encoded in a URL path such as ``/2026/11/t20261118_1234.html``."""
    m = _URL_DATE.search(url)
    if not m:
        return None
    return _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))


# --- dates stated to the month or the year only ---------------------------------------------
# 1998年3月号, 1996年6月, 1996-06, 一九九六年六月 (a periodical's issue, an essay's closing line):
# the first of that month; 2018年第5期: the first of that year. Never a day that is not stated.
_MONTH_ONLY = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:年\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*[日号]|\s*[至到—－~～])|[-/.](\d{1,2})(?![-/.\d]))"
)
_CN_MONTH_ONLY = re.compile(
    r"([〇○零Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月(?!\s*[一二三四五六七八九十]{1,3}\s*日)"
)
_ISSUE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*第\s*\d{1,3}\s*期")


def parse_partial_date(text: str | None) -> tuple[datetime, str] | None:
    """A date given to the month or the year only: (its first day, ``"month"`` or ``"year"``)."""
    found = find_partial_date(text)
    return (found[0], found[1]) if found else None


def find_partial_date(text: str | None) -> tuple[datetime, str, re.Match[str]] | None:
    """``parse_partial_date`` with the match that stated it (where the date stands in ``text``)."""
    if not text:
        return None
    m = _MONTH_ONLY.search(text)
    if m:
        dt = _mk(int(m.group(1)), int(m.group(2) or m.group(3)), 1)
        if dt:
            return dt, "month", m
    m = _CN_MONTH_ONLY.search(text)
    if m:
        dt = _mk(int("".join(str(_CN_DIGITS[c]) for c in m.group(1))), _cn_number(m.group(2)), 1)
        if dt:
            return dt, "month", m
    m = _ISSUE_YEAR.search(text)
    if m:
        dt = _mk(int(m.group(1)), 1, 1)
        if dt:
            return dt, "year", m
    return None
