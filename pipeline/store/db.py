"""Engines and sessions. The schema is created on first use."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, SQLModel, create_engine

from pipeline.errors import StoreError
from pipeline.store import tables  # noqa: F401  (registers the tables)


def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
    cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _check_schema(engine: Engine, where: str) -> None:
    """Refuse, with one clear line, a database made by an older version that lacks columns."""
    found = inspect(engine)
    for table in SQLModel.metadata.sorted_tables:
        have = {c["name"] for c in found.get_columns(table.name)}
        missing = [c.name for c in table.columns if c.name not in have]
        if missing:
            raise StoreError(f"database {where} was made by an older Wenming: table {table.name} lacks "
                             f"{', '.join(missing)}; publish into a fresh output folder or add the columns")


@lru_cache(maxsize=16)
def get_engine(url: str) -> Engine:
    """An engine for ``url`` with the schema in place (SQLite file dirs are created)."""
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise StoreError(f"bad database URL {url!r}: {exc}") from None
    if parsed.drivername.startswith("sqlite") and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        engine = create_engine(parsed)
        if parsed.drivername.startswith("sqlite"):
            event.listen(engine, "connect", _sqlite_pragmas)
        SQLModel.metadata.create_all(engine)
        _check_schema(engine, parsed.render_as_string(hide_password=True))
    except ModuleNotFoundError as exc:
        raise StoreError(f"database driver missing for {parsed.drivername}: pip install 'wenming[postgres]' ({exc.name})") from None
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open database {parsed.render_as_string(hide_password=True)}: {exc.__class__.__name__}: {str(exc).splitlines()[0]}") from None
    return engine


def session(url: str) -> Session:
    return Session(get_engine(url), expire_on_commit=False)
