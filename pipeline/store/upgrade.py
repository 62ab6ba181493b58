"""Bring a database made by an older Wenming up to the current schema, in place.

Only additive changes exist so far (new tables, new columns, new indexes), so the
upgrade is: create what is missing, never drop or rewrite anything. Each new column
is added with its default filled in for the rows already stored. The whole upgrade
runs in one transaction on PostgreSQL; on SQLite each ALTER is its own statement,
and a re-run simply finds less to do.
"""

from __future__ import annotations

from sqlalchemy import Column, Table, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.schema import ScalarElementColumnDefault
from sqlmodel import SQLModel

from pipeline.errors import StoreError
from pipeline.store import tables  # noqa: F401  (registers the tables)


def missing_columns(engine: Engine) -> dict[str, list[Column]]:
    """The columns each existing table lacks, by table name (new tables are not listed)."""
    found = inspect(engine)
    have_tables = set(found.get_table_names())
    out: dict[str, list[Column]] = {}
    for table in SQLModel.metadata.sorted_tables:
        if table.name not in have_tables:
            continue
        have = {c["name"] for c in found.get_columns(table.name)}
        missing = [c for c in table.columns if c.name not in have]
        if missing:
            out[table.name] = missing
    return out


def _add_column_sql(con: Connection, table: Table, column: Column) -> str:
    dialect = con.dialect
    prep = dialect.identifier_preparer
    ddl = f"ALTER TABLE {prep.format_table(table)} ADD COLUMN {prep.format_column(column)} {column.type.compile(dialect)}"
    default = column.default
    if isinstance(default, ScalarElementColumnDefault):
        literal = column.type.literal_processor(dialect)
        value = literal(default.arg) if literal else repr(default.arg)
        ddl += f" DEFAULT {value}"
        if not column.nullable:
            ddl += " NOT NULL"
    elif not column.nullable:
        raise StoreError(f"cannot upgrade: new column {table.name}.{column.name} is NOT NULL without a default")
    return ddl


def upgrade(engine: Engine) -> list[str]:
    """Create missing tables, columns and indexes; return what was done, one line each."""
    done: list[str] = []
    before = set(inspect(engine).get_table_names())
    SQLModel.metadata.create_all(engine)  # new tables, with their indexes
    done += [f"created table {t.name}" for t in SQLModel.metadata.sorted_tables if t.name not in before]
    gaps = missing_columns(engine)
    with engine.begin() as con:
        for name, columns in gaps.items():
            table = SQLModel.metadata.tables[name]
            for column in columns:
                con.execute(text(_add_column_sql(con, table, column)))
                done.append(f"added column {name}.{column.name}")
    found = inspect(engine)
    with engine.begin() as con:
        for table in SQLModel.metadata.sorted_tables:
            have = {ix["name"] for ix in found.get_indexes(table.name)}
            for index in table.indexes:
                if index.name not in have:
                    index.create(con)
                    done.append(f"created index {index.name}")
    return done
