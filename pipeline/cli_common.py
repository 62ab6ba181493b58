"""Shared CLI pieces: one-line errors and the --config option."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
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
