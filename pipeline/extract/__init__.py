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
from pipeline.extract import second
from pipeline.extract.dates import date_from_url, parse_date, parse_partial_date
from pipeline.extract.decode import decode_bytes
from pipeline.extract.html import extract_raw, parse_html
from pipeline.extract.normalize import (
    is_traditional,
    normalize_body,
    normalize_text,
    normalize_title,
    to_simplified,
)
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
    if (parts.scheme == "http" and netloc.endswith(":80")) or (
        parts.scheme == "https" and netloc.endswith(":443")
    ):
        netloc = netloc.rsplit(":", 1)[0]
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(("utm_", "spm", "from", "share"))
    ]
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


class _Opinion:
    """trafilatura's reading of the page, asked at most once and only when a field needs it."""

    def __init__(self, html_text: str, url: str) -> None:
        self._args = (html_text, url)
        self._asked = False
        self._value: second.SecondOpinion | None = None

    def get(self) -> second.SecondOpinion | None:
        if not self._asked:
            self._asked = True
            self._value = second.second_opinion(*self._args)
        return self._value


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
    traditional = is_traditional(" ".join(raw.paragraphs))
    if traditional:
        # read again in simplified characters: the role words and labels the extractor knows
        # (记者, 责任编辑, 来源 as 記者, 責任編輯, 來源) then match; names come out simplified
        simplified = parse_html(to_simplified(decoded.text), page.url)
        raw = extract_raw(simplified, page.url, source.overrides)
    # 4. normalize
    title = normalize_title(raw.title or "")
    body = normalize_body(raw.paragraphs)
    sources = dict(raw.field_sources)
    opinion = _Opinion(decoded.text, page.url)
    # 5. a short body: trafilatura's, when it found clearly more
    if len(body) < second.SHORT_BODY and "body" in second.SECOND_OPINION_FIELDS and opinion.get():
        other = normalize_body((opinion.get().body or "").split("\n"))  # type: ignore[union-attr]
        if len(other) >= max(_MIN_BODY_CHARS, 2 * len(body)):
            body, sources["body"] = other, "trafilatura"
    if not title or len(body) < _MIN_BODY_CHARS:
        raise EmptyPageError(page.url, "no title" if not title else f"body of {len(body)} chars")
    fetched = page.fetched_at or now()
    published = parse_date(normalize_text(raw.published_text or ""), fetched)
    if published is None and sources.get("published") == "body_head":
        # the body's own dateline states the month only (a reposted report's 2003年5月): its
        # first day, and says so; it beats the URL, which dates the reposting page
        partial = parse_partial_date(normalize_text(raw.published_text or ""))
        if partial:
            published, sources["published"] = partial[0], f"body_head_{partial[1]}"
    if published is None:
        sources.pop("published", None)
        published = date_from_url(page.url)
        if published is not None:
            sources["published"] = "url"
    if published is None and body:
        published = parse_date(body[:200], fetched)  # the body's own dateline
        if published is not None:
            sources["published"] = "body"
    if published is None:
        # a date stated to the month or year only (1998年3月号): its first day, and says so
        for line in raw.partial_date_lines:
            found = parse_partial_date(normalize_text(line))
            if found:
                published, precision = found
                sources["published"] = f"partial_{precision}"
                break
    if published is None and "published" in second.SECOND_OPINION_FIELDS and opinion.get():
        published = parse_date(opinion.get().published_text, fetched)  # type: ignore[union-attr]
        if published is not None:
            sources["published"] = "trafilatura"
    # names one by one: normalize_text would glue 王建宏 张文攀 together; a name is made
    # simplified only on a page in traditional characters (魏其濛 stays as its page writes it)
    def name(n: str) -> str:
        return normalize_text(n, simplify=traditional)

    author = " ".join(name(n) for n in raw.author.split()) if raw.author else None
    if not author and "author" in second.SECOND_OPINION_FIELDS and opinion.get():
        names = re.split(r"[;；,，、\s]+", opinion.get().author or "")  # type: ignore[union-attr]
        author = " ".join(name(n) for n in names if n) or None
        if author:
            sources["author"] = "trafilatura"
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
        reporters=[name(n) for n in raw.people.reporters],
        correspondents=[name(n) for n in raw.people.correspondents],
        editors=[name(n) for n in raw.people.editors],
        field_sources=sources,
    )
