"""The generic list/detail spider, configured by one ``SourceConfig``.

Start URLs may be list pages, sitemaps or feeds (sniffed from the bytes, not
the URL; a URL that promised a feed but serves an HTML page or a broken feed is
refused and counted as ``dropped/bad_feed``). List pages yield article links and a next-page link; article pages
become ``PageItem``s for ``spiders.pipelines.StorePipeline``.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import scrapy
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from pipeline.config import SourceConfig
from pipeline.discover import (
    article_links,
    expects_feed,
    feed_entries,
    feed_rejection,
    next_page_link,
    sitemap_entries,
    sniff,
)
from pipeline.extract.decode import decode_bytes
from pipeline.extract.html import parse_html
from pipeline.timeutil import now
from spiders.items import PageItem


def spider_class_for(source: SourceConfig) -> type[SourceSpider]:
    """A SourceSpider subclass named after the source, with its politeness settings."""
    attrs = {
        "name": source.name,
        "source": source,
        "allowed_domains": source.allowed_domains,
        "custom_settings": {
            "DOWNLOAD_DELAY": source.delay,
            "AUTOTHROTTLE_START_DELAY": max(source.delay, 0.01),
            "CONCURRENT_REQUESTS_PER_DOMAIN": source.concurrency,
        },
    }
    return type(f"Spider_{source.name.replace('-', '_')}", (SourceSpider,), attrs)


_REASONS = (
    ("connectionrefused", "connection_refused"),
    ("dns", "dns_error"),
    ("timeout", "timeout"),
    ("timedout", "timeout"),
    ("connectionlost", "connection_lost"),
    ("ssl", "tls_error"),
)


def failure_reason(exc_name: str) -> str:
    """A short, stable reason slug for a download failure (Twisted's or Scrapy's names)."""
    low = exc_name.lower()
    for needle, reason in _REASONS:
        if needle in low:
            return reason
    return re.sub(r"(?<!^)(?=[A-Z])", "_", exc_name).lower()


def _headers(response: Response) -> dict[str, str]:
    return {
        k.decode("latin-1").lower(): b", ".join(v).decode("latin-1")
        for k, v in response.headers.items()
    }


class SourceSpider(scrapy.Spider):
    name = "source"
    source: SourceConfig

    async def start(self) -> AsyncIterator[Any]:
        for url in self.source.start_urls:
            yield scrapy.Request(
                url,
                callback=self.parse_start,
                errback=self.on_error,
                cb_kwargs={"depth": 1},
                dont_filter=True,
            )

    def count(self, key: str, n: int = 1) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"wenming/{key}", n)

    def parse_start(self, response: Response, depth: int) -> Any:
        ctype = _headers(response).get("content-type", "")
        kind = sniff(response.body, ctype)
        self.count(f"start/{kind}")
        if kind == "feed" or (kind != "sitemap" and expects_feed(response.url, ctype)):
            # a feed, or a URL that promised one: an HTML page or a broken feed there is refused
            reason = feed_rejection(response.body, ctype)
            if reason:
                self.logger.warning("start URL is not a usable feed (%s): %s", reason, response.url)
                self.count("dropped/bad_feed")
                return
            kind = "feed"
        if kind == "feed":
            for url in feed_entries(response.body, response.url):
                yield self.article_request(url)
        elif kind == "sitemap":
            pages, nested = sitemap_entries(response.body, response.url)
            for url in pages:
                yield self.article_request(url)
            for url in nested[: self.source.max_pages]:
                yield scrapy.Request(
                    url,
                    callback=self.parse_start,
                    errback=self.on_error,
                    cb_kwargs={"depth": depth},
                )
        elif kind == "html":
            yield from self.parse_list(response, depth)
        else:
            self.logger.warning(
                "start URL is neither a page, a feed nor a sitemap: %s", response.url
            )
            self.count("dropped/bad_start_url")

    def parse_list(self, response: Response, depth: int) -> Any:
        decoded = decode_bytes(response.body, _headers(response).get("content-type"))
        root = parse_html(decoded.text, response.url)
        links = article_links(
            root, response.url, self.source.allowed_domains, self.source.overrides.get("list_links")
        )
        self.count("list_pages")
        if not links:
            self.logger.warning("no article links found on list page %s", response.url)
            self.count("dropped/list_without_links")
        for url in links:
            yield self.article_request(url)
        nxt = next_page_link(root, response.url, self.source.overrides.get("next_page"))
        if nxt and depth < self.source.max_pages:
            yield scrapy.Request(
                nxt, callback=self.parse_list, errback=self.on_error, cb_kwargs={"depth": depth + 1}
            )

    def article_request(self, url: str) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_article, errback=self.on_error)

    def parse_article(self, response: Response) -> Any:
        self.count("article_pages")
        yield PageItem(
            url=response.url,
            status=response.status,
            headers=_headers(response),
            body=response.body,
            source=self.source.name,
            fetched_at=now(),
        )

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(HttpError):
            reason = f"http_{failure.value.response.status}"
        else:
            reason = failure_reason(failure.type.__name__ if failure.type else "error")
        self.count(f"dropped/{reason}")
        self.logger.warning("%s: %s", reason, request.url)
