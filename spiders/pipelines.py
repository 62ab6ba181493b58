"""Thin Scrapy item pipeline: extract + normalize + store, by calling ``pipeline/``."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from pipeline.errors import PageError
from pipeline.extract import page_to_article
from pipeline.models import FetchedPage, SourceInfo
from pipeline.store.db import session as db_session
from pipeline.store.items import upsert_article
from pipeline.store.tables import CrawlRun
from pipeline.timeutil import now
from spiders.loader import config_from_settings

log = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.config = config_from_settings(crawler.settings)
        self.session = db_session(self.config.database_url)
        self.started: datetime = now()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def _inc(self, key: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"wenming/{key}")

    def process_item(self, item: Any) -> Any:
        src = self.config.source(item["source"])
        page = FetchedPage(url=item["url"], status=item["status"], body=item["body"],
                           headers=item["headers"], source=src.name, fetched_at=item["fetched_at"])
        info = SourceInfo(name=src.name, outlet=src.outlet, column=src.column, kind_hint=src.kind,
                          overrides=src.overrides)
        try:
            article = page_to_article(page, info)
        except PageError as exc:
            self._inc(f"dropped/{exc.reason}")
            log.warning("dropped %s", exc)
            raise DropItem(exc.reason) from None
        if article.decode_flagged:
            self._inc("decode_flagged")
            log.warning("mixed bytes, decoded with replacement: %s", article.url)
        outcome = upsert_article(self.session, article)
        self._inc(f"items/{outcome.outcome}")
        return {"url": article.url, "item_id": outcome.item_id, "outcome": outcome.outcome}

    def close_spider(self) -> None:
        assert self.crawler.stats is not None
        spider = self.crawler.spider
        stats = {k: v for k, v in self.crawler.stats.get_stats().items() if isinstance(v, int | float)}
        self.session.add(CrawlRun(source=spider.name if spider else "?", started_at=self.started,
                                  finished_at=now(), stats=json.dumps(stats, sort_keys=True)))
        self.session.commit()
        self.session.close()
