"""Find the way to articles: list pages, next-page links, feeds and sitemaps.

Plain functions over bytes and lxml trees; the Scrapy spider calls them.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lhtml

from pipeline.extract.html import is_furniture
from pipeline.extract.select import select

_NEXT_TEXT = re.compile(r"^\s*(下一页|下页|后一页|下一頁|next|›|»|>)\s*$", re.I)
_ARTICLE_PATH = re.compile(
    r"(\.s?html?|\.shtml|\.jhtml|/\d{4,}[^/]*/?)$|t20\d{6}|/20\d{2}[-/]?\d{2}", re.I
)
_LIST_PATH = re.compile(r"(index(_\d+)?|list(_\d+)?|node_\d+)\.s?html?$", re.I)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def sniff(body: bytes, content_type: str = "") -> str:
    """'feed', 'sitemap', 'html' or 'other': by content, not by what the URL promised."""
    head = body[:2048].lstrip().lower()
    ctype = content_type.lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]:
        return "html"
    if b"<urlset" in head or b"<sitemapindex" in head:
        return "sitemap"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    if "html" in ctype:
        return "html"
    if head.startswith(b"{") and b'"items"' in body[:4096] and "json" in ctype:
        return "feed"
    return "other"


def _xml_root(body: bytes) -> etree._Element | None:
    try:
        return etree.fromstring(
            body, parser=etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
        )
    except etree.XMLSyntaxError:
        return None


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def feed_entries(body: bytes, base_url: str) -> list[str]:
    """Article URLs of an RSS 2.0, RSS 1.0, Atom or JSON Feed document, in feed order."""
    if body.lstrip().startswith(b"{"):
        try:
            data = json.loads(body)
        except ValueError:
            return []
        return [
            urljoin(base_url, i.get("url") or i.get("external_url") or "")
            for i in data.get("items", [])
            if i.get("url") or i.get("external_url")
        ]
    root = _xml_root(body)
    if root is None:
        return []
    urls: list[str] = []
    for el in root.iter():
        name = _local(el.tag)
        if name not in ("item", "entry"):
            continue
        link = None
        for child in el:
            cname = _local(child.tag)
            if cname == "link":
                href = child.get("href")
                rel = child.get("rel", "alternate")
                if href and rel == "alternate":
                    link = href
                elif child.text and child.text.strip():
                    link = child.text.strip()
                if link:
                    break
        if not link:
            guid = next(
                (c for c in el if _local(c.tag) == "guid" and (c.text or "").startswith("http")),
                None,
            )
            link = guid.text.strip() if guid is not None else None
        if link:
            urls.append(urljoin(base_url, link))
    return urls


def sitemap_entries(body: bytes, base_url: str) -> tuple[list[str], list[str]]:
    """(page URLs, nested sitemap URLs) of a sitemap or sitemap index."""
    root = _xml_root(body)
    if root is None:
        return [], []
    pages, nested = [], []
    for el in root.iter():
        if _local(el.tag) != "loc" or not el.text:
            continue
        parent = _local(el.getparent().tag) if el.getparent() is not None else ""
        (nested if parent == "sitemap" else pages).append(urljoin(base_url, el.text.strip()))
    return pages, nested


def same_site(url: str, allowed_domains: list[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return (
        any(host == d or host.endswith("." + d) for d in allowed_domains)
        if allowed_domains
        else True
    )


def _href(a: lhtml.HtmlElement, base: str) -> str | None:
    href = (a.get("href") or "").strip()
    if not href or href.startswith(("javascript:", "mailto:", "#", "tel:")):
        return None
    return urljoin(base, href).split("#", 1)[0]


def article_links(
    root: lhtml.HtmlElement, url: str, allowed_domains: list[str], override: str | None = None
) -> list[str]:
    """Links from a list page to its articles, in page order, without duplicates.

    With an override selector, exactly what it selects. Otherwise: same-site
    anchors with a headline-length text (≥ 6 CJK characters) whose path looks
    like an article, not a list page, inside repeated list structures.
    """
    found: list[str] = []
    if override:
        for el in select(root, override):
            href = el if isinstance(el, str) else el.get("href")
            if href:
                found.append(urljoin(url, href.strip()))
    else:
        furniture: dict[lhtml.HtmlElement, bool] = {}  # links share ancestors: judge each once
        for a in root.iter("a"):
            link = _href(a, url)
            if not link or link == url:
                continue
            text = " ".join(a.text_content().split())
            path = urlsplit(link).path
            if (
                len(_CJK.findall(text)) < 6
                or _LIST_PATH.search(path)
                or not _ARTICLE_PATH.search(path)
            ):
                continue
            if any(_cached_furniture(anc, furniture) for anc in a.iterancestors()):
                continue
            found.append(link)
    return [u for u in dict.fromkeys(found) if same_site(u, allowed_domains)]


def _cached_furniture(el: lhtml.HtmlElement, cache: dict[lhtml.HtmlElement, bool]) -> bool:
    if el not in cache:
        cache[el] = is_furniture(el)
    return cache[el]


def next_page_link(root: lhtml.HtmlElement, url: str, override: str | None = None) -> str | None:
    """The next list page: override, rel=next, a 下一页 anchor, or index_N+1 of this URL."""
    if override:
        for el in select(root, override):
            href = el if isinstance(el, str) else el.get("href")
            if href:
                return urljoin(url, href.strip())
        return None
    for a in root.iter("a", "link"):
        if (a.get("rel") or "").lower() == "next" and a.get("href"):
            return urljoin(url, a.get("href"))
    for a in root.iter("a"):
        text = " ".join(a.text_content().split())
        if _NEXT_TEXT.match(text):
            link = _href(a, url)
            if link and link != url:
                return link
    # index.html -> index_2.html, index_2.html -> index_3.html, when linked from this page
    m = re.search(r"index(?:_(\d+))?\.(s?html?)$", url)
    if m:
        n = int(m.group(1) or 1) + 1
        guess = url[: m.start()] + f"index_{n}.{m.group(2)}"
        for a in root.iter("a"):
            if _href(a, url) == guess:
                return guess
    return None


def feed_rejection(body: bytes, content_type: str = "") -> str | None:
    """Why ``body`` is not a usable feed, in one line; ``None`` when it is one with entries."""
    kind = sniff(body, content_type)
    if kind == "html":
        return "an HTML page was served where a feed was expected"
    if body.lstrip().startswith(b"{"):
        try:
            data = json.loads(body)
        except ValueError as e:
            return f"invalid JSON: {e}"
        if not isinstance(data, dict) or "items" not in data:
            return "JSON without a feed's items"
        if not data.get("title"):
            return "JSON Feed without a title"
        return None if feed_entries(body, "") else "feed without entries"
    if kind != "feed":
        return "neither RSS, Atom nor a JSON Feed"
    return None if feed_entries(body, "http://invalid/") else "feed without entries"


# /feed, /rss/, rss.xml, atom.xml, index.rdf, feed.json, getrssresource.aspx (not feedback.html)
_FEED_NAME = re.compile(r"rss|atom|feed(?!back)|\.(xml|rdf)$", re.I)
_FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
)


def expects_feed(url: str, content_type: str = "") -> bool:
    """Whether a start URL promised a feed (``/feed``, ``rss.xml``, ``atom.xml``, ``feed.json``,
    or a feed content type), so that an HTML page or a broken feed served there is refused
    instead of being read as a list page. A sitemap URL does not promise a feed."""
    path = urlsplit(url).path
    if "sitemap" in path.lower():
        return False
    ctype = content_type.split(";")[0].strip().lower()
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return ctype in _FEED_TYPES or bool(_FEED_NAME.search(last))
