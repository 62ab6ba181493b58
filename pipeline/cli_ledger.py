"""Ledger commands: list and show problems, editor overrides, the review queue, exports."""

from __future__ import annotations

import json
import sys

import click
from sqlmodel import col, func, select

from pipeline.cli_common import WenmingGroup, with_config
from pipeline.cli_stats import as_of_time, period_from, period_options
from pipeline.config import Config
from pipeline.models import PROBLEM_STATUSES, STATUS_ZH
from pipeline.runner import open_db
from pipeline.store.tables import Problem, ProblemEvent
from pipeline.timeutil import local, now


@click.group(cls=WenmingGroup, invoke_without_command=True)
@click.option("--status", type=click.Choice(PROBLEM_STATUSES), help="only this status")
@click.option("--district", help="only this district, e.g. 张店区")
@click.option("--type", "problem_type", help="only this problem-type slug, e.g. street_vending")
@click.option("--category", help="only this category slug, e.g. environment")
@click.option("--overdue", is_flag=True, help="only problems past their deadline and not resolved")
@click.option("--limit", default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="one JSON object per line")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None, help="config file")
@click.pass_context
def problems(ctx: click.Context, status: str | None, district: str | None, problem_type: str | None,
             category: str | None, overdue: bool, limit: int, as_json: bool, config_path: str | None) -> None:
    """List the problem ledger, newest first, with filters.

    \b
    Examples:  wenming problems --status exposed --district 张店区
               wenming problems --overdue
               wenming problems show 12
               wenming problems set-status 12 resolved --by 王编辑 --note "现场核实已整改"
    """
    if ctx.invoked_subcommand:
        return
    from pipeline.config import load_config

    config = load_config(config_path)
    today = local(now()).date()  # type: ignore[union-attr]
    with open_db(config) as s:
        q = select(Problem)
        for column, value in ((Problem.status, status), (Problem.district, district),
                              (Problem.problem_type, problem_type), (Problem.category, category)):
            if value:
                q = q.where(column == value)
        if overdue:
            q = q.where(col(Problem.deadline) < today, col(Problem.status).not_in(["resolved", "dismissed"]))
        total = s.exec(select(func.count()).select_from(q.subquery())).one()
        rows = s.exec(q.order_by(col(Problem.exposed_at).desc(), col(Problem.id).desc()).limit(limit)).all()
        for p in rows:
            if as_json:
                click.echo(json.dumps({"id": p.id, "title": p.title, "status": p.status, "district": p.district,
                                       "place": p.place, "problem_type": p.problem_type,
                                       "deadline": p.deadline.isoformat() if p.deadline else None},
                                      ensure_ascii=False))
                continue
            late = " 逾期" if p.deadline and p.deadline < today and p.status not in ("resolved", "dismissed") else ""
            exposed = local(p.exposed_at).strftime("%Y-%m-%d") if p.exposed_at else "?"  # type: ignore[union-attr]
            click.echo(f"#{p.id:<5} {STATUS_ZH.get(p.status, p.status)}{late}  {exposed}  {p.title}")
        if not as_json:
            click.echo(f"{len(rows)} of {total} problems")


@problems.command("show")
@click.argument("problem_id", type=int)
@with_config
def show(config: Config, problem_id: int) -> None:
    """Show one problem with its timeline and evidence.

    \b
    Example:  wenming problems show 12
    """
    from pipeline.errors import LedgerError

    with open_db(config) as s:
        p = s.get(Problem, problem_id)
        if p is None:
            raise LedgerError(f"no problem #{problem_id}")
        click.echo(f"#{p.id} {p.title}  [{STATUS_ZH.get(p.status, p.status)}]")
        for label, value in (("类型", config.taxonomy.label(p.problem_type)), ("大类", config.taxonomy.label(p.category)),
                             ("区县", p.district), ("街道", p.street), ("地点", p.place), ("责任单位", p.unit),
                             ("期限", p.deadline), ("曝光次数", p.exposure_count), ("首次曝光", p.first_url)):
            if value:
                click.echo(f"  {label}: {value}")
        click.echo("  时间线:")
        events = s.exec(select(ProblemEvent).where(ProblemEvent.problem_id == problem_id)
                        .order_by(col(ProblemEvent.at), col(ProblemEvent.id))).all()
        for e in events:
            when = local(e.at).strftime("%Y-%m-%d %H:%M")  # type: ignore[union-attr]
            who = e.by + (f" ({e.score:.2f})" if e.score is not None and e.by == "machine" else "")
            click.echo(f"   {when}  {e.action:<8} → {STATUS_ZH.get(e.status_to, e.status_to)}  by {who}")
            for extra in (e.url, e.sentence, e.note):
                if extra:
                    click.echo(f"      {extra}")


@problems.command("set-status")
@click.argument("problem_id", type=int)
@click.argument("status", type=click.Choice(PROBLEM_STATUSES))
@click.option("--by", required=True, help="the editor's name (kept in the timeline)")
@click.option("--note", default=None, help="why")
@with_config
def set_status_cmd(config: Config, problem_id: int, status: str, by: str, note: str | None) -> None:
    """Override a problem's status; the override is appended to its timeline.

    \b
    Example:  wenming problems set-status 12 dismissed --by 王编辑 --note "重复线索"
    """
    from pipeline.track.editor import set_status

    with open_db(config) as s:
        set_status(s, problem_id, status, by, note)
    click.echo(f"#{problem_id} → {status} by {by}")


@problems.command("dismiss")
@click.argument("problem_id", type=int)
@click.option("--by", required=True, help="the editor's name (kept in the timeline)")
@click.option("--reason", required=True, help="why it is not a problem to handle (kept in the timeline)")
@with_config
def dismiss_cmd(config: Config, problem_id: int, by: str, reason: str) -> None:
    """Dismiss a problem (不予处理) with a reason; it leaves the rectification rate's base.

    \b
    Example:  wenming problems dismiss 12 --by 王编辑 --reason "非创城范围"
    """
    from pipeline.track.editor import dismiss

    with open_db(config) as s:
        dismiss(s, problem_id, by, reason)
    click.echo(f"#{problem_id} dismissed by {by}: {reason}")


@problems.command("merge")
@click.argument("duplicate_id", type=int)
@click.argument("into_id", type=int)
@click.option("--by", required=True, help="the editor's name (kept in both timelines)")
@click.option("--note", default=None, help="why")
@with_config
def merge_cmd(config: Config, duplicate_id: int, into_id: int, by: str, note: str | None) -> None:
    """Merge a duplicate problem into another (the duplicate is dismissed and points at it).

    \b
    Example:  wenming problems merge 15 12 --by 王编辑 --note "同一摊点"
    """
    from pipeline.track.editor import merge

    with open_db(config) as s:
        merge(s, duplicate_id, into_id, by, note)
    click.echo(f"#{duplicate_id} merged into #{into_id} by {by}")


@problems.command("undo")
@click.argument("problem_id", type=int)
@click.option("--by", required=True, help="the editor's name (kept in the timeline)")
@click.option("--note", default=None, help="why")
@with_config
def undo_cmd(config: Config, problem_id: int, by: str, note: str | None) -> None:
    """Take back a problem's latest change (machine or editor); the undo is appended, nothing is erased.

    \b
    Example:  wenming problems undo 12 --by 王编辑 --note "回访对象弄错"
    """
    from pipeline.track.editor import undo

    with open_db(config) as s:
        ev = undo(s, problem_id, by, note)
    click.echo(f"#{problem_id} → {ev.status_to} by {by} ({ev.note})")


@click.group(cls=WenmingGroup, invoke_without_command=True)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None, help="config file")
@click.pass_context
def review(ctx: click.Context, config_path: str | None) -> None:
    """List follow-ups whose match was not confident enough to apply.

    \b
    Examples:  wenming review
               wenming review accept 3 --by 王编辑
               wenming review reject 4 --by 王编辑
    """
    if ctx.invoked_subcommand:
        return
    from pipeline.config import load_config
    from pipeline.track.editor import pending_reviews

    with open_db(load_config(config_path)) as s:
        rows = pending_reviews(s)
        for r, m, p, item in rows:
            click.echo(f"review #{r.id}  score {r.score:.2f}  says {m.status or '?'}: {m.text[:60]}")
            click.echo(f"    from {item.url if item else '?'}")
            click.echo(f"    best match #{p.id if p else '-'} {p.title if p else ''}: {', '.join(json.loads(r.reasons))}")
        click.echo(f"{len(rows)} pending")


def _decide(accept: bool) -> click.Command:
    @click.command("accept" if accept else "reject")
    @click.argument("review_id", type=int)
    @click.option("--by", required=True, help="the editor's name")
    @click.option("--problem", "problem_id", type=int, default=None, help="apply to this problem instead")
    @with_config
    def cmd(config: Config, review_id: int, by: str, problem_id: int | None) -> None:
        from pipeline.track.editor import decide_review

        with open_db(config) as s:
            r = decide_review(s, review_id, accept, by, problem_id)
        click.echo(f"review #{r.id} {r.state} by {by}")

    cmd.help = ("Accept a queued match: apply the follow-up to the problem." if accept
                else "Reject a queued match: leave the follow-up unmatched.") + f"\n\n\b\nExample:  wenming review {'accept' if accept else 'reject'} 3 --by 王编辑"
    return cmd


review.add_command(_decide(True))
review.add_command(_decide(False))


@click.command()
@click.argument("what", type=click.Choice(["problems", "items", "stats"]))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--output", "output_path", type=click.Path(dir_okay=False), default=None, help="file (default: stdout)")
@period_options
@with_config
def export(config: Config, what: str, fmt: str, output_path: str | None, week: str | None, first: str | None,
           last: str | None, as_of: str | None, by: tuple[str, ...]) -> None:
    """Export the ledger (with evidence), the items, or the stats as JSON Lines or CSV.

    The period options (--week, --from, --to, --as-of, --by) apply to stats
    (default: all time, every dimension).

    \b
    Examples:  wenming export problems --format csv --output ledger.csv
               wenming export items > items.jsonl
               wenming export stats --week 2026-W47 --format csv --output 2026-W47.csv
    """
    from pipeline import export as ex
    from pipeline.track.stats import DIMENSIONS

    period, when = period_from(week, first, last), as_of_time(as_of)
    out = open(output_path, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") \
        if output_path else sys.stdout
    with open_db(config) as s:
        if what == "stats":
            n = ex.write_rows(ex.iter_stats(s, period, by or DIMENSIONS, when), out, fmt, ex.STATS_FIELDS)
        else:
            rows = ex.iter_problems(s) if what == "problems" else ex.iter_items(s)
            n = ex.write_rows(rows, out, fmt, ex.PROBLEM_FIELDS if what == "problems" else ex.ITEM_FIELDS)
    if output_path:
        out.close()
    click.echo(f"exported {n} {what if what != 'stats' else 'stats rows'}", err=True)
