"""``wenming stats``: rectification rate, counts, resolution times and repeat offenders."""

from __future__ import annotations

import json
import unicodedata
from datetime import date, datetime

import click

from pipeline.cli_common import with_config
from pipeline.config import Config
from pipeline.errors import WenmingError
from pipeline.track.stats import DIMENSIONS, Figures, Period


class StatsOptionError(WenmingError):
    """A period or date option that cannot be read."""


def period_from(week: str | None, first: str | None, last: str | None) -> Period:
    """The period the options name; all time when none is given."""
    try:
        if week:
            return Period.week(week)
        if first or last:
            start, end = (date.fromisoformat(first) if first else None), (date.fromisoformat(last) if last else None)
            if start and end and start > end:
                raise ValueError(f"--from {start} is after --to {end}")
            return Period.days(start, end)
    except ValueError as exc:
        raise StatsOptionError(f"bad period: {exc}") from None
    return Period(None, None, "all time")


def period_options(f: click.decorators.FC) -> click.decorators.FC:
    for opt in reversed([
        click.option("--week", help="ISO week, e.g. 2026-W47"),
        click.option("--from", "first", help="first day, e.g. 2026-11-01"),
        click.option("--to", "last", help="last day (inclusive), e.g. 2026-11-30"),
        click.option("--as-of", "as_of", help="status as it was at the end of this day (default: now)"),
        click.option("--by", "by", multiple=True, type=click.Choice(DIMENSIONS),
                     help="break down by this (repeatable); default district"),
    ]):
        f = opt(f)
    return f


def as_of_time(as_of: str | None) -> datetime | None:
    from pipeline.timeutil import TZ

    if not as_of:
        return None
    try:
        return datetime.combine(date.fromisoformat(as_of), datetime.max.time(), TZ)
    except ValueError as exc:
        raise StatsOptionError(f"bad --as-of: {exc}") from None


def _pad(text: str, width: int) -> str:
    """Left-align ``text`` in ``width`` terminal columns (CJK characters take two)."""
    out, used = "", 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > width:
            break
        out, used = out + ch, used + w
    return out + " " * (width - used)


def _line(f: Figures) -> str:
    rate = f"{f.rate:6.1%}" if f.rate is not None else "     -"
    times = f"{f.median_days if f.median_days is not None else '-':>6} {f.p90_days if f.p90_days is not None else '-':>6}"
    label = "全部 all" if f.dimension == "all" else (f.key or "（未填）")
    return (f"{_pad(label, 24)} {f.total:>6} {f.exposed:>6} {f.in_progress:>6} {f.resolved:>6} "
            f"{f.reopened:>6} {f.dismissed:>6} {f.overdue:>6} {rate} {times}")


HEADER = f"{'':<24} {'total':>6} {'exposd':>6} {'inprog':>6} {'resolv':>6} {'reopen':>6} {'dismis':>6} {'overdu':>6}   rate median    p90"


@click.command()
@period_options
@click.option("--repeats", default=10, show_default=True, help="repeat-offender places to list (0: none)")
@click.option("--json", "as_json", is_flag=True, help="one JSON object per row")
@with_config
def stats(config: Config, week: str | None, first: str | None, last: str | None, as_of: str | None,
          by: tuple[str, ...], repeats: int, as_json: bool) -> None:
    """Rectification rate (整改率) and counts of problems exposed in a period, broken down.

    Counts are of problems first exposed in the period, with their status now (or
    --as-of a day); overdue = past the deadline and not resolved; rate = resolved /
    (total - dismissed); median and p90 are days from exposure to resolution.

    \b
    Examples:  wenming stats --week 2026-W47
               wenming stats --from 2026-10-01 --to 2026-12-31 --by district --by unit
               wenming stats --by problem_type --json
    """
    from pipeline.runner import open_db
    from pipeline.track.stats import figures, repeat_offenders

    period = period_from(week, first, last)
    when = as_of_time(as_of)
    with open_db(config) as s:
        tables = [("all", figures(s, period, None, when))] + [(d, figures(s, period, d, when)) for d in (by or ("district",))]
        places = repeat_offenders(s, period, repeats) if repeats else []
    if as_json:
        for _, rows in tables:
            for f in rows:
                click.echo(json.dumps({"period": period.label, **f.as_dict()}, ensure_ascii=False))
        for d, p, n, k in places:
            click.echo(json.dumps({"period": period.label, "dimension": "repeat_place", "district": d, "place": p,
                                   "exposures": n, "problems": k}, ensure_ascii=False))
        return
    click.echo(f"{period.label}: problems first exposed in the period, status {'as of ' + as_of if as_of else 'now'}")
    for name, rows in tables:
        click.echo(f"\nby {name}:" if name != "all" else "")
        click.echo(HEADER)
        for f in rows:
            click.echo(_line(f))
    if places:
        click.echo("\nrepeat offenders (places exposed more than once):")
        for d, p, n, k in places:
            click.echo(f"  {d or ''}{p}: {n} exposures, {k} problem(s)")

