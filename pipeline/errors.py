"""All Wenming exceptions, in one tree.

WenmingError                 base of everything raised on purpose
├── ConfigError              a bad config file, key or value (names file and key)
├── DataFileError            a broken taxonomy, gazetteer or demo data file
├── PageError                one fetched page cannot be used (the crawl goes on)
│   ├── DecodeError          bytes that decode to nothing usable
│   ├── NotHtmlError         a response that is not an HTML page (PDF, image …)
│   └── EmptyPageError       a page with no title or body worth storing
├── StoreError               the database refused an operation
├── LedgerError              an invalid ledger operation (unknown problem, bad status)
└── TagEditError             an editor's tag change that cannot be made (unknown mention, type, status)

The CLI turns any ``WenmingError`` into one line on stderr and exit code 2;
``PageError`` subclasses carry a short ``reason`` slug that is counted in the
crawl statistics (``pages_dropped/<reason>``).
"""

from __future__ import annotations


class WenmingError(Exception):
    """Base class for every error Wenming raises on purpose."""


class ConfigError(WenmingError):
    """A configuration problem; the message names the file and the key."""

    def __init__(self, path: object, key: str, message: str) -> None:
        self.path = str(path)
        self.key = key
        self.message = message
        super().__init__(f"{self.path}: {key}: {message}")


class DataFileError(WenmingError):
    """A data file (taxonomy, gazetteer, demo data) is missing or malformed."""


class PageError(WenmingError):
    """A fetched page cannot be turned into an item."""

    reason = "page_error"

    def __init__(self, url: str, detail: str = "") -> None:
        self.url = url
        self.detail = detail
        super().__init__(f"{self.reason}: {url}" + (f" ({detail})" if detail else ""))


class DecodeError(PageError):
    reason = "undecodable"


class NotHtmlError(PageError):
    reason = "not_html"


class EmptyPageError(PageError):
    reason = "empty_page"


class StoreError(WenmingError):
    """The database refused an operation."""


class LedgerError(WenmingError):
    """An invalid ledger operation, such as an unknown problem or status."""


class TagEditError(WenmingError):
    """An editor's tag change that cannot be made (unknown mention, type or status)."""
