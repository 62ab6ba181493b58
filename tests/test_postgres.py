"""The demo end to end on the local PostgreSQL (a database of its own, dropped afterwards)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import run_cli

ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture
def pg_database():
    try:
        admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text("select 1"))
    except Exception as exc:  # no server, no driver
        pytest.skip(f"no PostgreSQL on 127.0.0.1:5432 ({exc.__class__.__name__})")
    name = f"wenming_{uuid.uuid4().hex[:10]}"
    with admin.connect() as c:
        c.execute(text(f'create database "{name}"'))
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as c:
            c.execute(text(f'drop database if exists "{name}" with (force)'))
        admin.dispose()


def test_demo_on_postgresql_matches_sqlite(pg_database, demo_run, tmp_path):
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
