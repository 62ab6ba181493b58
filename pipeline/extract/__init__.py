"""Extract and normalize: a fetched page becomes an ``Article`` or a ``PageError``.

    page_to_article(FetchedPage, SourceInfo) -> Article

1. refuse what is not an HTML page (status, content type, empty body);
2. decode the bytes (``decode``), weighing declarations against the bytes;
3. pull the raw fields out of the HTML (``html``, ``body``, ``people``), overrides
   first, recording where each field was found (``Article.field_sources``);
4. normalize text (``normalize``) and dates (``dates``), hash body and page.
"""

from __future__ import annotations

import hashlib
import re

from pipeline.errors import EmptyPageError, NotHtmlError, PageError
from pipeline.extract.dates import date_from_url, parse_date
from pipeline.extract.decode import decode_bytes
from pipeline.extract.html import extract_raw, parse_html
from pipeline.extract.normalize import normalize_body, normalize_text
from pipeline.models import Article, FetchedPage, SourceInfo
from pipeline.timeutil import now

__all__ = ["page_to_article", "canonical_url", "fingerprint", "is_html_response"]

_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
_MIN_BODY_CHARS = 20


def canonical_url(url: str) -> str:
    """The URL used as the item key: no fragment, no tracking parameters, no default port."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url.strip())
    netloc = parts.netloc.lower()
    if (parts.scheme == "http" and netloc.endswith(":80")) or (parts.scheme == "https" and netloc.endswith(":443")):
        netloc = netloc.rsplit(":", 1)[0]
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(("utm_", "spm", "from", "share"))]
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", urlencode(query), ""))


def fingerprint(body: str) -> str:
    """Same article, whatever the page around it: a hash of the body's letters only."""
    core = re.sub(r"[^\w]", "", body)
    return hashlib.sha1(core.encode("utf-8")).hexdigest()


def is_html_response(page: FetchedPage) -> bool:
    ctype = page.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype in _HTML_TYPES:
        return True
    return False


def page_to_article(page: FetchedPage, source: SourceInfo) -> Article:
    """Turn one fetched page into a normalized Article, or raise a ``PageError``."""
    # 1. refuse what is not an article page
    if page.status >= 400:
        raise PageError(page.url, f"HTTP {page.status}")
    if not is_html_response(page):
        raise NotHtmlError(page.url, page.headers.get("content-type", "?"))
    if not page.body.strip():
        raise EmptyPageError(page.url, "empty response")
    # 2. decode
    decoded = decode_bytes(page.body, page.headers.get("content-type"))
    # 3. raw fields
    raw = extract_raw(parse_html(decoded.text, page.url), page.url, source.overrides)
    # 4. normalize
    title = normalize_text(raw.title or "")
    body = normalize_body(raw.paragraphs)
    if not title or len(body) < _MIN_BODY_CHARS:
        raise EmptyPageError(page.url, "no title" if not title else f"body of {len(body)} chars")
    fetched = page.fetched_at or now()
    sources = dict(raw.field_sources)
    published = parse_date(normalize_text(raw.published_text or ""), fetched)
    if published is None:
        sources.pop("published", None)
        published = date_from_url(page.url)
        if published is not None:
            sources["published"] = "url"
    if published is None and body:
        published = parse_date(body[:200], fetched)  # the body's own dateline
        if published is not None:
            sources["published"] = "body"
    # names one by one: normalize_text would glue 王建宏 张文攀 together
    author = " ".join(normalize_text(n) for n in raw.author.split()) if raw.author else None
    outlet = normalize_text(raw.outlet) if raw.outlet else None
    if not outlet and source.outlet:
        sources["outlet"] = "config"
    return Article(
        url=canonical_url(page.url),
        title=title,
        body=body,
        source=source.name,
        outlet=outlet or source.outlet or None,
        column=source.column or None,
        kind_hint=source.kind_hint,
        published_at=published,
        author=author or None,
        images=raw.images,
        links=raw.links,
        encoding=decoded.encoding,
        decode_flagged=decoded.flagged,
        content_hash=hashlib.sha1(f"{title}\n{body}".encode()).hexdigest(),
        fingerprint=fingerprint(body),
        fetched_at=fetched,
        reporters=[normalize_text(n) for n in raw.people.reporters],
        correspondents=[normalize_text(n) for n in raw.people.correspondents],
        editors=[normalize_text(n) for n in raw.people.editors],
        field_sources=sources,
    )
