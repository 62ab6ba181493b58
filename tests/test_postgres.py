"""The demo end to end on the local PostgreSQL (a database of its own, dropped afterwards)."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from tests.conftest import run_cli


def test_demo_on_postgresql_matches_sqlite(throwaway_pg, demo_run, tmp_path):
    pg_database = throwaway_pg
    env = {"WENMING_DATABASE_URL": pg_database}
    for _ in range(2):  # twice: nothing is duplicated on PostgreSQL either
        proc = run_cli("demo", "--output", str(tmp_path / "out"), env=env)
        assert proc.returncode == 0, proc.stderr[-2000:]
    assert not (tmp_path / "out" / "wenming.db").exists()
    engine = create_engine(pg_database.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as c:
        pg = dict(c.execute(text("select status, count(*) from problems group by status")).all())
        items = c.execute(text("select count(*) from items")).scalar()
    engine.dispose()
    import sqlite3

    con = sqlite3.connect(demo_run[0] / "wenming.db")
    lite = dict(con.execute("select status, count(*) from problems group by status").fetchall())
    lite_items = con.execute("select count(*) from items").fetchone()[0]
    con.close()
    assert pg == lite and items == lite_items
