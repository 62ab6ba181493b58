"""Engines and sessions. The schema is created on first use."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, SQLModel, create_engine

from pipeline.errors import StoreError
from pipeline.store import tables  # noqa: F401  (registers the tables)
from pipeline.store.upgrade import missing_columns, upgrade


def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
    cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _check_schema(engine: Engine, where: str) -> None:
    """Refuse, with one clear line, a database made by an older version that lacks columns."""
    for name, columns in missing_columns(engine).items():
        raise StoreError(f"database {where} was made by an older Wenming: table {name} lacks "
                         f"{', '.join(c.name for c in columns)}; run `wenming db upgrade` to add them")


@lru_cache(maxsize=16)
def get_engine(url: str) -> Engine:
    """An engine for ``url`` with the schema in place (SQLite file dirs are created)."""
    return _open(url, check=True)


def upgrade_database(url: str) -> list[str]:
    """Add what an older Wenming's database lacks (see ``pipeline.store.upgrade``); one line per change."""
    engine = _open(url, check=False)
    try:
        return upgrade(engine)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot upgrade database: {exc.__class__.__name__}: {str(exc).splitlines()[0]}") from None
    finally:
        engine.dispose()
        get_engine.cache_clear()


def _open(url: str, check: bool) -> Engine:
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
        if check:  # an older database is refused before anything is created in it
            _check_schema(engine, parsed.render_as_string(hide_password=True))
            SQLModel.metadata.create_all(engine)
    except ModuleNotFoundError as exc:
        raise StoreError(f"database driver missing for {parsed.drivername}: pip install 'wenming[postgres]' ({exc.name})") from None
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open database {parsed.render_as_string(hide_password=True)}: {exc.__class__.__name__}: {str(exc).splitlines()[0]}") from None
    return engine


def session(url: str) -> Session:
    return Session(get_engine(url), expire_on_commit=False)
