"""Figures from the database: a small ledger built by the tracker, checked by hand, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlmodel import Session, select

from pipeline.config import load_config
from pipeline.store.db import get_engine
from pipeline.store.tables import Problem
from pipeline.timeutil import TZ
from pipeline.track import track_items
from pipeline.track.editor import dismiss
from pipeline.track.stats import Period, figures, repeat_offenders
from tests.conftest import run_cli, write_config
from tests.test_track import add_item, exposure

AS_OF = datetime(2026, 11, 20, 23, 0, tzinfo=TZ)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'stats.db'}"
    return request.getfixturevalue("throwaway_pg")


@pytest.fixture
def ledger(url, tmp_path):
    """A: exposed 2 Nov, resolved 6 Nov, re-exposed 14 Nov (reopened). B: in progress, overdue.
    C (淄川区): resolved after 10 days. D: exposed in the next week, left alone."""
    config = load_config(write_config(tmp_path, extra="[deadlines]\ndefault_days = 7", db=url))
    with Session(get_engine(config.database_url), expire_on_commit=False) as s:
        add_item(s, 1, "exposure", 2, [exposure("华光路", unit="马尚街道办事处"), exposure("柳泉路"),
                                      exposure("般阳路", "garbage", "淄川区")])
        add_item(s, 2, "followup", 5, [exposure("柳泉路", status="in_progress")])
        add_item(s, 3, "followup", 6, [exposure("华光路", status="resolved")])
        add_item(s, 4, "followup", 12, [exposure("般阳路", "garbage", "淄川区", status="resolved")])
        add_item(s, 5, "exposure", 14, [exposure("华光路", unit="马尚街道办事处")])
        add_item(s, 6, "exposure", 10, [exposure("共青团路", "garbage")])
        track_items(s, config)
        yield s, config


def test_period_counts_rate_and_times(ledger):
    s, _ = ledger
    week = Period.week("2026-W45")  # 2–8 Nov
    (all_,) = figures(s, week, None, AS_OF)
    assert (all_.total, all_.exposed, all_.in_progress, all_.resolved, all_.reopened) == (3, 0, 1, 1, 1)
    assert all_.overdue == 1  # B: deadline 9 Nov passed, in progress; A's deadline moved with the reopening
    assert all_.rate == round(1 / 3, 4)
    assert all_.median_days == all_.p90_days == 10.0  # C: 2 Nov → 12 Nov
    by = {f.key: f for f in figures(s, week, "district", AS_OF)}
    assert by["淄川区"].rate == 1.0 and by["张店区"].total == 2 and by["张店区"].resolved == 0
    units = {f.key for f in figures(s, week, "unit", AS_OF)}
    assert "马尚街道办事处" in units
    # as it stood on 7 Nov: A resolved after 4 days, C still exposed
    (then,) = figures(s, week, None, datetime(2026, 11, 7, 23, tzinfo=TZ))
    assert (then.exposed, then.in_progress, then.resolved, then.reopened) == (1, 1, 1, 0)
    assert then.median_days == 4.0
    assert repeat_offenders(s, Period.days(None, None)) == [("张店区", "华光路", 2, 1)]
    assert repeat_offenders(s, week) == []  # the repeat came in the next week


def test_dismissed_leave_the_base(ledger):
    s, _ = ledger
    b = s.exec(select(Problem).where(Problem.place == "柳泉路")).one()
    dismiss(s, b.id, by="王编辑", reason="非创城范围")
    (all_,) = figures(s, Period.week("2026-W45"), None)
    assert all_.dismissed == 1 and all_.rate == 0.5
    assert [f.total for f in figures(s, Period.days(None, None), "problem_type")] == [2, 2]


def test_stats_and_export_commands(ledger, tmp_path):
    _, config = ledger
    env = {"WENMING_CONFIG": str(config.path)}
    proc = run_cli("stats", "--week", "2026-W45", "--by", "district", "--as-of", "2026-11-20", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "全部 all" in proc.stdout and "淄川区" in proc.stdout and "100.0%" in proc.stdout
    proc = run_cli("export", "stats", "--as-of", "2026-11-20", env=env)
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert {r["dimension"] for r in rows} >= {"all", "district", "street", "unit", "category", "problem_type",
                                               "outlet", "repeat_place"}
    assert next(r for r in rows if r["dimension"] == "all")["total"] == 4
    proc = run_cli("stats", "--week", "2026-W99", env=env)
    assert proc.returncode == 2 and "bad period" in proc.stderr
    proc = run_cli("stats", "--from", "2026-11-30", "--to", "2026-11-01", env=env)
    assert proc.returncode == 2 and "--from 2026-11-30 is after --to 2026-11-01" in proc.stderr


def test_editor_commands_merge_dismiss_undo(ledger):
    s, config = ledger
    env = {"WENMING_CONFIG": str(config.path)}
    ids = {p.place: p.id for p in s.exec(select(Problem))}
    a, b, c = ids["华光路"], ids["柳泉路"], ids["共青团路"]
    proc = run_cli("problems", "dismiss", str(c), "--by", "王编辑", env=env)
    assert proc.returncode == 2 and "--reason" in proc.stderr
    assert run_cli("problems", "dismiss", str(c), "--by", "王编辑", "--reason", "非创城范围", env=env).returncode == 0
    assert run_cli("problems", "merge", str(b), str(a), "--by", "王编辑", env=env).returncode == 0
    proc = run_cli("problems", "undo", str(b), "--by", "李编辑", "--note", "并错了", env=env)
    assert proc.returncode == 0 and "in_progress" in proc.stdout
    show = run_cli("problems", "show", str(b), env=env).stdout
    for word in ("merged", "undo", "王编辑", "李编辑", "并错了"):
        assert word in show, word
    s.expire_all()
    assert s.get(Problem, b).merged_into is None and s.get(Problem, c).status == "dismissed"


def test_week_option_is_read_loosely_and_bad_weeks_are_refused() -> None:
    from pipeline.timeutil import normalize_week

    assert Period.week("2026-w7").label == "2026-W07" == normalize_week(" 2026-W7 ")
    assert Period.week("2026-W45").start.date().isoformat() == "2026-11-02"
    for bad in ("2026-W60", "W45", "2026-45", ""):
        with pytest.raises(ValueError):
            Period.week(bad)
