"""A second opinion from trafilatura where the generic extractor is unsure, picked per field.

Unsure means: a body shorter than ``SHORT_BODY`` characters (trafilatura's body is taken
when it is at least twice as long), no publish time (its date is taken when the page
states one: no extensive search), no author (its author is taken). The chosen source is
recorded in ``Article.field_sources`` as ``trafilatura``.

trafilatura is optional (``pip install -e '.[extract]'``): it is imported only when a page
needs it; without it ``second_opinion`` returns ``None`` and the page keeps what the
generic extractor found.

Which fields may be taken from it: ``$WENMING_SECOND_OPINION`` (``body,published,author``,
or ``all``); none by default, because on the tuned pages of ``benchmarks/extraction.py``
it changed no figure (body, date) or lowered one (author on the held-out pages): see
``docs/benchmarks.md``. ``benchmarks/extraction.py --second-opinion all`` measures it again.
"""

from __future__ import annotations

import functools
import logging
import os
from dataclasses import dataclass
from typing import Any

__all__ = [
    "SecondOpinion",
    "second_opinion",
    "available",
    "fields_from",
    "SECOND_OPINION_FIELDS",
    "SHORT_BODY",
]

SHORT_BODY = 200  # a body shorter than this (characters) is "unsure"
FIELDS = ("body", "published", "author")


def fields_from(spec: str | None) -> frozenset[str]:
    """``"body,published"`` → those fields; ``"all"`` → every field; unknown names are refused."""
    names = {n.strip() for n in (spec or "").split(",") if n.strip()}
    if "all" in names:
        return frozenset(FIELDS)
    unknown = names - set(FIELDS)
    if unknown:
        raise ValueError(
            f"second opinion: unknown field(s) {sorted(unknown)}; choose from {FIELDS} or 'all'"
        )
    return frozenset(names)


SECOND_OPINION_FIELDS: frozenset[str] = fields_from(os.environ.get("WENMING_SECOND_OPINION"))

log = logging.getLogger(__name__)


@dataclass
class SecondOpinion:
    body: str | None
    published_text: str | None
    author: str | None
    title: str | None


@functools.cache
def available() -> bool:
    """Whether trafilatura can be imported (checked once)."""
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        return False
    return True


def second_opinion(html_text: str, url: str | None = None) -> SecondOpinion | None:
    """trafilatura's reading of the page, or ``None`` when it is not installed or finds nothing.

    Dates only from what the page states (no extensive search: a copyright year or a
    link's date is a guess, not the publish time).
    """
    if not available():
        return None
    import trafilatura

    try:
        doc: Any = trafilatura.bare_extraction(
            html_text,
            url=url,
            with_metadata=True,
            include_comments=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
        if doc is not None and not isinstance(doc, dict):
            doc = doc.as_dict()  # trafilatura ≥ 1.9 returns a Document
    except Exception as e:  # a second opinion must never lose a page: log and go on without it
        log.debug("trafilatura failed on %s: %s", url, e)
        return None
    if not doc:
        return None
    return SecondOpinion(
        body=doc.get("text") or None,
        published_text=doc.get("date") or None,
        author=doc.get("author") or None,
        title=doc.get("title") or None,
    )
