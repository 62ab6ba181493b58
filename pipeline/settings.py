"""Every configuration key, its default and its help, in one place.

``pipeline.config`` validates files against these tables; ``tests/test_docs.py``
checks that every key is documented in the README.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


TOP = [
    Setting("database_url", None, "SQLAlchemy URL; default: a SQLite file <output_dir>/wenming.db"),
    Setting("output_dir", "output", "where the database (by default), bulletins, feeds and logs go"),
    Setting("templates_dir", None, "a folder of Jinja templates to use instead of templates/"),
    Setting("taxonomy", None, "a taxonomy TOML to use instead of the shipped default"),
    Setting("user_agent", "Wenming/0.1 (+civilized-city media monitor)", "the crawler's User-Agent"),
    Setting("obey_robots", True, "respect robots.txt"),
]
CITY = [
    Setting("name", "", "the city's name, e.g. 淄博市 (required)"),
    Setting("gazetteer", "", "a gazetteer TOML: districts, streets, places (required)"),
    Setting("issuer", "", "the issuing unit printed on bulletins, e.g. 淄博市文明办"),
]
PUBLISH = [
    Setting("base_url", "http://localhost:8000/", "public URL where output/ is served (feed links)"),
    Setting("feed_max_items", 50, "newest entries kept in each feed"),
    Setting("site_page_size", 100, "problems per district or category page of the static site"),
]
DEADLINES = [
    Setting("default_days", 7, "days to fix a problem when no deadline is stated"),
    Setting("<problem_type>", None, "per problem-type override, e.g. garbage = 3"),
]
TRACK = [
    Setting("apply_threshold", 0.6, "match score at or above which a follow-up is applied"),
    Setting("review_threshold", 0.35, "match score at or above which it goes to review"),
]
SOURCE = [
    Setting("name", "", "a short ASCII id, used by `wenming crawl NAME` (required)"),
    Setting("outlet", "", "the media outlet, e.g. 鲁中晨报"),
    Setting("column", "", "the column, e.g. 创城曝光台"),
    Setting("kind", "mixed", "kind hint: exposure, followup, news or mixed"),
    Setting("start_urls", [], "list pages, a sitemap or an RSS/Atom feed (required)"),
    Setting("allowed_domains", [], "domains to stay on (default: those of start_urls)"),
    Setting("list_links", None, "CSS or XPath (prefix xpath:) for article links on list pages"),
    Setting("next_page", None, "CSS or XPath for the next-page link"),
    Setting("title", None, "CSS or XPath override for the article title"),
    Setting("published", None, "CSS or XPath override for the publish time text"),
    Setting("author", None, "CSS or XPath override for the author text"),
    Setting("body", None, "CSS or XPath override for the article body container"),
    Setting("max_pages", 20, "list pages to follow per start URL"),
    Setting("delay", 0.5, "seconds between requests to this source"),
    Setting("concurrency", 2, "parallel requests to this source"),
    Setting("enabled", True, "set false to skip a source without deleting it"),
]

SECTIONS: dict[str, list[Setting]] = {
    "": TOP,
    "city": CITY,
    "publish": PUBLISH,
    "deadlines": DEADLINES,
    "track": TRACK,
    "sources": SOURCE,
}
