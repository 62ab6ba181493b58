"""Glue: each stage run against a config's database. The CLI calls these."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime

from sqlmodel import Session

from pipeline import tag as tag_package
from pipeline.config import Config
from pipeline.gazetteer import load_gazetteer
from pipeline.models import TaggedItem
from pipeline.publish import Editorial, PublishResult, publish
from pipeline.store.db import session as db_session
from pipeline.store.tables import Item
from pipeline.tag import Tagger
from pipeline.tag.cues import CUES_VERSION
from pipeline.tag.model import model_version
from pipeline.tag.parallel import TagPool
from pipeline.tagging import tag_stored_items
from pipeline.track import TrackReport, track_items

TAGGER_CODE_VERSION = "9"  # 9: a citizen's letter is never news


def open_db(config: Config) -> Session:
    return db_session(config.database_url)


def get_tagger(config: Config) -> Tagger:
    """The tagger for this config's taxonomy and gazetteer (cached by their versions)."""
    return tag_package.get_tagger(config.taxonomy, load_gazetteer(config.gazetteer))


def tagger_version(config: Config) -> str:
    """Changes when the tagger code, the cue words, the relevance model, the taxonomy or the gazetteer
    change: then items are re-tagged."""
    return (f"{TAGGER_CODE_VERSION}-{CUES_VERSION}-{model_version()}-{config.taxonomy.version}"
            f"-{load_gazetteer(config.gazetteer).version}")


def run_tag(config: Config, force: bool = False, progress: Callable[[int], None] | None = None,
            workers: int = 1) -> Counter:
    """Tag new or changed items (all with ``force``), in batches, on ``workers`` processes."""
    with TagPool(config.taxonomy, load_gazetteer(config.gazetteer), workers) as pool, open_db(config) as s:

        def submit(items: Sequence[Item]) -> Callable[[], list[TaggedItem]]:
            return pool.submit([(i.title, i.body, i.kind_hint, i.published_at) for i in items])

        return tag_stored_items(s, None, tagger_version(config), force=force, progress=progress,
                                submit_batch=submit)


def run_track(config: Config) -> TrackReport:
    with open_db(config) as s:
        return track_items(s, config)


def run_publish(config: Config, week: str | None = None, draft: bool = False,
                now: datetime | None = None, editorial: Editorial | None = None) -> PublishResult:

    with open_db(config) as s:
        return publish(s, taxonomy=config.taxonomy, output_dir=config.output_dir, templates_dir=config.templates_dir,
                       city=config.city, issuer=config.issuer, base_url=config.base_url,
                       feed_max_items=config.feed_max_items, site_page_size=config.site_page_size,
                       week=week, now=now, draft=draft, editorial=editorial)
