"""Run the configured spiders in this process (Scrapy's reactor starts once per process)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from pipeline.config import Config
from pipeline.errors import ConfigError


@dataclass
class CrawlReport:
    seconds: float = 0.0
    per_source: dict[str, dict[str, int]] = field(default_factory=dict)

    def total(self, key: str) -> int:
        return sum(s.get(key, 0) for s in self.per_source.values())

    @property
    def responses(self) -> int:
        return self.total("downloader/response_count")

    @property
    def pages_per_second(self) -> float:
        return self.responses / self.seconds if self.seconds else 0.0

    def dropped(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for stats in self.per_source.values():
            for k, v in stats.items():
                if k.startswith("wenming/dropped/"):
                    reason = k.rsplit("/", 1)[1]
                    out[reason] = out.get(reason, 0) + v
        return out


def crawl_settings(config: Config, log_level: str = "INFO") -> Settings:
    settings = Settings()
    settings.setmodule("spiders.settings", priority="project")
    settings.set("WENMING_CONFIG_OBJECT", config, priority="cmdline")
    settings.set("USER_AGENT", config.user_agent, priority="cmdline")
    settings.set("ROBOTSTXT_OBEY", config.obey_robots, priority="cmdline")
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    return settings


def run_crawl(config: Config, names: list[str] | None = None, log_level: str = "INFO") -> CrawlReport:
    """Crawl the named sources (default: all enabled ones) and store what they find."""
    wanted = names or [s.name for s in config.sources if s.enabled]
    for n in wanted:
        config.source(n)  # raises ConfigError for an unknown name
    if not wanted:
        raise ConfigError(config.path, "sources", "no sources configured")
    logging.getLogger("scrapy").setLevel(log_level)
    process = CrawlerProcess(crawl_settings(config, log_level))
    crawlers = []
    for n in wanted:
        crawler = process.create_crawler(n)
        crawlers.append(crawler)
        process.crawl(crawler)
    t0 = time.perf_counter()
    process.start()
    report = CrawlReport(seconds=time.perf_counter() - t0)
    for c in crawlers:
        stats = c.stats.get_stats() if c.stats else {}
        report.per_source[c.spider.name if c.spider else "?"] = {
            k: v for k, v in stats.items() if isinstance(v, int) and not isinstance(v, bool)}
    return report
