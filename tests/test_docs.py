"""Docs as tests: every command has help with an example and a README entry; every setting is documented."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from pipeline.cli import main
from pipeline.settings import SECTIONS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    for name, cmd in group.commands.items():
        out.append((prefix + name, cmd))
        if isinstance(cmd, click.Group):
            out.extend(_commands(cmd, prefix + name + " "))
    return out


@pytest.mark.parametrize("name, cmd", _commands(main))
def test_command_has_help_example_and_readme_entry(name, cmd):
    assert cmd.help and "Example" in cmd.help, name
    assert f"wenming {name}" in README or f"`{name}" in README, name


@pytest.mark.parametrize("section, setting", [(s, x) for s, xs in SECTIONS.items() for x in xs
                                               if not x.name.startswith("<")])
def test_every_setting_is_documented(section, setting):
    assert setting.help
    assert f"`{setting.name}`" in README or f"`[{section}] {setting.name}`" in README, (section, setting.name)
