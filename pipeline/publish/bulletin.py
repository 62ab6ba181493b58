"""Render bulletin and index pages from their contexts with Jinja2 (autoescape on).

Templates see one variable, ``ctx`` (a frozen dataclass); they never query.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from pipeline.publish.context import BulletinContext
from pipeline.publish.index import IndexContext


def make_env(templates_dir: Path) -> Environment:
    """Templates are read once per run (no stat of the file at every render: the site renders
    thousands of pages, and its incremental key is the templates' digest taken at the start)."""
    return Environment(
        loader=FileSystemLoader(str(templates_dir)),
        auto_reload=False,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_bulletin(env: Environment, ctx: BulletinContext) -> str:
    return env.get_template("bulletin.html").render(ctx=ctx)


def render_index(env: Environment, ctx: IndexContext) -> str:
    return env.get_template("partials/bulletin_index.html").render(ctx=ctx)
