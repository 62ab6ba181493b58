"""The ``wenming`` command. Each command is a few lines over ``pipeline.runner``."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from pipeline.cli_common import WenmingGroup, progress, with_config
from pipeline.config import Config, find_config_path, load_config


@click.group(cls=WenmingGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="wenming")
def main() -> None:
    """Wenming: crawl exposure columns, tag problems, track rectification, publish bulletins and feeds.

    \b
    Try it:  wenming demo
    """


@main.command()
@click.argument("sources", nargs=-1)
@click.option("--log-level", default="INFO", show_default=True, help="Scrapy log level")
@with_config
def crawl(config: Config, sources: tuple[str, ...], log_level: str) -> None:
    """Crawl sources (all enabled ones by default) and store their articles.

    \b
    Example:  wenming crawl luzhong-bgt --config wenming.toml
    """
    from spiders.run import run_crawl

    report = run_crawl(config, list(sources) or None, log_level=log_level)
    _print_crawl(report)


def _print_crawl(report: Any) -> None:
    click.echo(f"crawl: {report.responses} responses in {report.seconds:.1f}s "
               f"({report.pages_per_second:.1f} pages/s); items new {report.total('wenming/items/new')}, "
               f"updated {report.total('wenming/items/updated')}, unchanged {report.total('wenming/items/unchanged')}, "
               f"syndicated duplicates {report.total('wenming/items/duplicate')}")
    dropped = report.dropped()
    if dropped:
        click.echo("dropped: " + ", ".join(f"{k} {v}" for k, v in sorted(dropped.items())))


def _input_tagger(config_path: str | None) -> Any:
    """The tagger of the config, or, when no config was named and none is found, the built-in
    taxonomy's with the demo city's gazetteer (a file of items needs no city set up)."""
    from pipeline.runner import get_tagger

    path = find_config_path(config_path)
    if config_path or os.environ.get("WENMING_CONFIG") or path.exists():
        return get_tagger(load_config(config_path))
    from pipeline.gazetteer import load_gazetteer
    from pipeline.tag import get_tagger as tagger_for
    from pipeline.taxonomy import load_taxonomy

    click.echo(f"wenming: no {path}: tagging with the built-in taxonomy and the demo city's gazetteer "
               "(pass --config for a city's own)", err=True)
    return tagger_for(load_taxonomy(), load_gazetteer())


def _tag_file(tagger: Any, input_path: str, output_path: str | None) -> None:
    """Tag a JSON Lines file: a line that cannot be used is skipped with its reason on stderr and
    counted; the output is written to a temporary file and moved into place when done."""
    from pipeline.tag import tag_record
    from pipeline.tag.record import file_encoding, read_records

    encoding = file_encoding(input_path)
    if encoding == "gb18030":
        click.echo(f"wenming: {input_path} is not UTF-8: read as GB18030", err=True)
    tmp = Path(f"{output_path}.part") if output_path else None
    out = open(tmp, "w", encoding="utf-8") if tmp else sys.stdout
    n = bad = 0
    try:
        for lineno, record, reason in read_records(input_path, encoding):
            if record is None:
                bad += 1
                click.echo(f"wenming: {input_path}:{lineno}: skipped: {reason}", err=True)
                continue
            out.write(json.dumps(tag_record(tagger, record), ensure_ascii=False) + "\n")
            n += 1
    except BaseException:
        if tmp:
            out.close()
            tmp.unlink(missing_ok=True)
        raise
    if tmp and output_path:
        out.close()
        tmp.replace(output_path)
    click.echo(f"tagged {n} records" + (f", skipped {bad}" if bad else ""), err=True)


@main.command()
@click.option("--force", is_flag=True, help="re-tag every stored item, not only changed ones")
@click.option("--input", "input_path", type=click.Path(exists=True, dir_okay=False),
              help="tag a JSON Lines file (id, title, body, published_at?, url?) instead of the database")
@click.option("--output", "output_path", type=click.Path(dir_okay=False), help="where --input results go (default: stdout)")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="processes tagging stored items in parallel (e.g. the number of cores)")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="config file (default: $WENMING_CONFIG or ./wenming.toml)")
def tag(config_path: str | None, force: bool, input_path: str | None, output_path: str | None, workers: int) -> None:
    """Tag stored items (kind, problems, places, units), or a JSON Lines file.

    With --input and no config file, the built-in taxonomy and the demo
    city's gazetteer are used (said on stderr): an export tags anywhere.

    \b
    Examples:  wenming tag              # items new or changed since the last run
               wenming tag --force --workers 2   # after editing the taxonomy, on 2 cores
               wenming tag --input items.jsonl --output tagged.jsonl
    """
    from pipeline.runner import run_tag

    if input_path:
        _tag_file(_input_tagger(config_path), input_path, output_path)
        return
    config = load_config(config_path)
    with progress("tagging items") as tick:
        counts = run_tag(config, force=force, progress=tick, workers=workers)
    click.echo("tag: " + (", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing new"))


@main.command()
@with_config
def track(config: Config) -> None:
    """Apply tagged items to the problem ledger (open, match follow-ups, reopen).

    \b
    Example:  wenming track
    """
    from pipeline.runner import run_track

    click.echo(f"track: {run_track(config)}")


@main.command()
@click.option("--week", help="ISO week such as 2026-W47 (default: the latest week with events)")
@click.option("--draft", is_flag=True, help="render without assigning a bulletin number")
@click.option("--title", help="the bulletin's title instead of <city>创城曝光问题整改周报 ('' resets)")
@click.option("--issuer", help="the issuing unit for this week ('' resets to [city] issuer)")
@click.option("--lead", help="the lead paragraph instead of the one written from the numbers")
@click.option("--note", help="an editor's note (编者按) printed under the lead")
@with_config
def publish(config: Config, week: str | None, draft: bool, title: str | None, issuer: str | None,
            lead: str | None, note: str | None) -> None:
    """Write the weekly bulletin (HTML, .docx), the RSS/Atom feeds and the static site.

    --title/--issuer/--lead/--note are kept in <output_dir>/editorial/<week>.toml
    (editable by hand) and apply to every later publish of that week. A week
    already published is frozen: publishing it again with different content
    makes a corrected edition (更正版).

    \b
    Example:  wenming publish --week 2026-W47
              wenming publish --week 2026-W47 --draft --note "请各区县于周五前反馈"
    """
    from pipeline.publish import Editorial
    from pipeline.runner import run_publish

    edits = Editorial(title=title, issuer=issuer, lead=lead, note=note)
    _print_publish(run_publish(config, week=week, draft=draft,
                               editorial=None if edits == Editorial() else edits), config)


def _print_publish(result: Any, config: Config) -> None:
    edition = f", 更正版 第{result.edition}版" if getattr(result, "edition", 1) > 1 else ""
    frozen = " (unchanged: already published with this content)" if getattr(result, "frozen", False) else ""
    click.echo(f"publish: {result.week} 第{result.number}期{edition} -> {result.bulletin_path}{frozen}")
    if getattr(result, "docx_path", None):
        click.echo(f"word: {result.docx_path}")
    click.echo(f"feeds: {len(result.feed_paths)} files in {config.output_dir / 'feeds'}")
    site = getattr(result, "site", None)
    if site is not None:
        click.echo(f"site: {config.output_dir / 'site'} ({len(site.written)} pages written, "
                   f"{site.unchanged} unchanged)")


@main.command()
@click.argument("sources", nargs=-1)
@click.option("--week", help="bulletin week (default: the latest)")
@click.option("--log-level", default="WARNING", show_default=True)
@with_config
def run(config: Config, sources: tuple[str, ...], week: str | None, log_level: str) -> None:
    """Run every stage: crawl, tag, track, publish.

    \b
    Example:  wenming run --config wenming.toml
    """
    from pipeline.runner import run_publish, run_tag, run_track
    from spiders.run import run_crawl

    _print_crawl(run_crawl(config, list(sources) or None, log_level=log_level))
    with progress("tagging items") as tick:
        counts = run_tag(config, progress=tick)
    click.echo("tag: " + (", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing new"))
    click.echo(f"track: {run_track(config)}")
    _print_publish(run_publish(config, week=week), config)


@main.command()
@click.option("--output", "output_dir", type=click.Path(file_okay=False), default="output", show_default=True,
              help="where the database, bulletin and feeds go")
@click.option("--serve", "serve_port", type=int, default=None,
              help="only serve the demo website on this port (e.g. 8765) until Ctrl-C")
def demo(output_dir: str, serve_port: int | None) -> None:
    """Run the whole pipeline on the bundled demo city (offline, on a local HTTP server).

    \b
    Examples:  wenming demo                # crawl, tag, track, publish into output/
               wenming demo --serve 8765   # just serve the demo site (for wenming.toml / scrapy crawl)
    """
    from pipeline.demo.run import run_demo, serve_forever

    if serve_port is not None:
        serve_forever(Path(output_dir), serve_port)
        return
    run_demo(Path(output_dir), echo=click.echo)


from pipeline.cli_db import db  # noqa: E402
from pipeline.cli_ledger import export, problems, review  # noqa: E402
from pipeline.cli_stats import stats  # noqa: E402
from pipeline.cli_tag import mentions  # noqa: E402

for command in (problems, review, export, stats, mentions, db):
    main.add_command(command)

if __name__ == "__main__":
    main()
