"""Editor commands on problem mentions: show one, set its tags by hand (kept through re-tagging)."""

from __future__ import annotations

import json

import click

from pipeline.cli_common import WenmingGroup, with_config
from pipeline.config import Config
from pipeline.runner import open_db
from pipeline.store.tables import Item, MentionRow
from pipeline.tagging import MENTION_STATUSES, TagEditError, set_mention_tags


@click.group(cls=WenmingGroup)
def mentions() -> None:
    """Problem mentions found by the tagger; an editor can correct their tags.

    \b
    Examples:  wenming mentions show 42
               wenming mentions set 42 --type street_vending --district 张店区 --by 王编辑
    """


def _describe(m: MentionRow, item: Item | None) -> dict:
    return {
        "id": m.id,
        "item_id": m.item_id,
        "index": m.idx,
        "title": item.title if item else None,
        "url": item.url if item else None,
        "problem_type": m.problem_type,
        "category": m.category,
        "district": m.district,
        "street": m.street,
        "place": m.place,
        "unit": m.unit,
        "status": m.status,
        "confidence": m.confidence,
        "cues": json.loads(m.cues or "[]"),
        "manual": m.manual,
        "manual_by": m.manual_by,
        "text": m.text,
    }


@mentions.command("show")
@click.argument("mention_id", type=int)
@with_config
def show_cmd(config: Config, mention_id: int) -> None:
    """Show one mention's tags, cue words and text (JSON).

    \b
    Example:  wenming mentions show 42
    """
    with open_db(config) as s:
        m = s.get(MentionRow, mention_id)
        if m is None:
            raise TagEditError(f"mention {mention_id}: not found")
        click.echo(json.dumps(_describe(m, s.get(Item, m.item_id)), ensure_ascii=False, indent=2))


@mentions.command("set")
@click.argument("mention_id", type=int)
@click.option(
    "--type", "problem_type", help="problem-type slug, e.g. street_vending (brings its category)"
)
@click.option("--category", help="category slug, e.g. environment")
@click.option("--district", help="district, e.g. 张店区 ('' clears it)")
@click.option("--street", help="street or town, e.g. 马尚街道")
@click.option("--place", help="the place named, e.g. 华光路")
@click.option("--unit", help="responsible unit")
@click.option("--status", type=click.Choice(MENTION_STATUSES), help="a follow-up's reported status")
@click.option("--by", required=True, help="the editor's name (kept with the mention)")
@with_config
def set_cmd(config: Config, mention_id: int, by: str, **values: str | None) -> None:
    """Set a mention's tags by hand; re-tagging (even --force) never overwrites them.

    \b
    Example:  wenming mentions set 42 --type street_vending --district 张店区 --by 王编辑
    """
    from pipeline.tagging import EDITABLE

    fields = {k: v for k, v in values.items() if k in EDITABLE}
    if not any(v is not None for v in fields.values()):
        raise click.UsageError(
            "give at least one of --type --category --district --street --place --unit --status"
        )
    with open_db(config) as s:
        m = set_mention_tags(s, mention_id, by, config.taxonomy, **fields)
        click.echo(
            f"mention #{m.id}: type {m.problem_type}, category {m.category}, district {m.district}, "
            f"status {m.status} (manual, by {m.manual_by})"
        )
