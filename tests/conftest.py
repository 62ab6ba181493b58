"""Shared fixtures: config files in tmp dirs, the wenming CLI as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
ZIBO = REPO / "pipeline" / "data" / "cities" / "zibo.toml"


def write_config(tmp: Path, sources: str = "", extra: str = "", db: str | None = None) -> Path:
    """A config file in ``tmp`` using the shipped Zibo gazetteer and a SQLite file in tmp."""
    db_line = f'database_url = "{db}"\n' if db else ""
    text = textwrap.dedent(f"""\
        output_dir = "out"
        {db_line}
        [city]
        name = "淄博市"
        gazetteer = "{ZIBO}"
        {extra}
        """) + textwrap.dedent(sources)
    path = tmp / "wenming.toml"
    path.write_text(text, encoding="utf-8")
    return path


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run ``wenming`` in a fresh process (Scrapy's reactor starts once per process)."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("WENMING_CONFIG", None) if env is None or "WENMING_CONFIG" not in env else None
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=cwd or REPO, env=full_env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


def db_counts(db: Path) -> dict[str, int]:
    import sqlite3

    con = sqlite3.connect(db)
    try:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0]
                for t in ("items", "item_urls", "mentions", "problems", "problem_events", "bulletins")}
    finally:
        con.close()


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory):
    """`wenming demo` run twice into one output folder: (output, first run, second run, counts after the first)."""
    out = tmp_path_factory.mktemp("demo") / "output"
    first = run_cli("demo", "--output", str(out))
    assert first.returncode == 0, first.stderr[-3000:]
    after_first = db_counts(out / "wenming.db")
    second = run_cli("demo", "--output", str(out))
    assert second.returncode == 0, second.stderr[-3000:]
    return out, first, second, after_first


PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture
def throwaway_pg():
    """The URL of a fresh PostgreSQL database on 127.0.0.1:5432, dropped afterwards (skip when none runs)."""
    import uuid

    from sqlalchemy import create_engine, text

    try:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text("select 1"))
    except Exception as exc:  # no server, or no driver
        pytest.skip(f"no PostgreSQL on 127.0.0.1:5432 ({exc.__class__.__name__})")
    name = f"wenming_{uuid.uuid4().hex[:10]}"
    with admin.connect() as c:
        c.execute(text(f'create database "{name}"'))
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    try:
        yield url
    finally:
        from pipeline.store.db import get_engine

        get_engine(url).dispose()
        with admin.connect() as c:
            c.execute(text(f'drop database if exists "{name}" with (force)'))
        admin.dispose()
