"""``wenming db``: look after the database itself."""

from __future__ import annotations

import click

from pipeline.cli_common import with_config
from pipeline.config import Config


@click.group()
def db() -> None:
    """The database: bring one made by an older Wenming up to date.

    \b
    Example:  wenming db upgrade
    """


@db.command("upgrade")
@with_config
def upgrade_cmd(config: Config) -> None:
    """Add the tables, columns and indexes an older database lacks (nothing is dropped or rewritten).

    \b
    Example:  wenming db upgrade --config wenming.toml
    """
    from pipeline.store.db import upgrade_database

    done = upgrade_database(config.database_url)
    for line in done:
        click.echo(line)
    click.echo(f"database is up to date ({len(done)} change{'s' if len(done) != 1 else ''})")
