"""Scrapy settings for Wenming. Per-source politeness comes from wenming.toml."""

import os

BOT_NAME = "wenming"
SPIDER_MODULES: list[str] = []
SPIDER_LOADER_CLASS = "spiders.loader.ConfigSpiderLoader"
ITEM_PIPELINES = {"spiders.pipelines.StorePipeline": 300}

# Where the sources and the database come from (the CLI sets these too).
WENMING_CONFIG = os.environ.get("WENMING_CONFIG", "wenming.toml")

USER_AGENT = "Wenming/0.1 (+civilized-city media monitor)"
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
DOWNLOAD_TIMEOUT = 20
RETRY_TIMES = 1
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
LOGSTATS_INTERVAL = 15.0
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
