"""Shared CLI pieces: one-line errors and the --config option."""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator
from typing import Any

import click

from pipeline.config import load_config
from pipeline.errors import WenmingError


class WenmingGroup(click.Group):
    """Turn any WenmingError into one line on stderr and exit code 2 (no traceback)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WenmingError as exc:
            click.echo(f"wenming: error: {exc}", err=True)
            sys.exit(2)


def with_config(f: Callable) -> Callable:
    """Add --config to a command and pass the loaded Config as the first argument."""

    @click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
                  help="config file (default: $WENMING_CONFIG or ./wenming.toml)")
    @functools.wraps(f)
    def wrapper(config_path: str | None, **kwargs: Any) -> Any:
        return f(load_config(config_path), **kwargs)

    return wrapper


@contextlib.contextmanager
def progress(label: str) -> Iterator[Callable[[int], None] | None]:
    """A live counter on stderr for long stages (only on a terminal; logs stay clean)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description} {task.completed}"), TimeElapsedColumn(),
                  transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda n: bar.update(task, completed=n)
