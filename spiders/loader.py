"""A spider loader that makes one spider per source in wenming.toml (Scrapy's SpiderLoaderProtocol)."""

from __future__ import annotations

from scrapy.settings import BaseSettings

from pipeline.config import Config, load_config
from spiders.source_spider import SourceSpider, spider_class_for


def config_from_settings(settings: BaseSettings) -> Config:
    cfg = settings.get("WENMING_CONFIG_OBJECT")
    return cfg if cfg is not None else load_config(settings.get("WENMING_CONFIG"))


class ConfigSpiderLoader:
    def __init__(self, settings: BaseSettings) -> None:
        self.config = config_from_settings(settings)
        self._spiders: dict[str, type[SourceSpider]] = {
            s.name: spider_class_for(s) for s in self.config.sources if s.enabled
        }

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> ConfigSpiderLoader:
        return cls(settings)

    def load(self, spider_name: str) -> type[SourceSpider]:
        try:
            return self._spiders[spider_name]
        except KeyError:
            raise KeyError(f"Spider not found: {spider_name} (sources in {self.config.path}: "
                           f"{', '.join(self._spiders) or 'none'})") from None

    def list(self) -> list[str]:
        return list(self._spiders)

    def find_by_request(self, request: object) -> list[str]:
        return []
