"""Pull title, time, author, outlet, body paragraphs and images out of an article page.

Order of attempts for each field: 1. the source's override selector; 2. page
metadata (meta tags); 3. the byline near the title (来源/作者/时间); 4. the URL
or the body's own dateline. A field that is not found is ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lhtml

from pipeline.extract.authors import (
    author_without_role,
    cited_authors,
    meta_author,
    page_authors,
    under_headline,
)
from pipeline.extract.body import body_paragraphs, find_body_parts, is_furniture
from pipeline.extract.dates import CN_MONTH_EN_DAY, EN_MONTH_DAY, YMD
from pipeline.extract.head import TITLE_SPLIT_RE, BodyHead, split_head, word_core
from pipeline.extract.nodes import is_hidden, labelled_value, text_of
from pipeline.extract.people import BYLINE_RE, People, looks_like_person, people_from_text
from pipeline.extract.select import select, select_text
from pipeline.extract.wechat import wechat_time

__all__ = [
    "RawArticle",
    "parse_html",
    "extract_raw",
    "find_body",
    "body_paragraphs",
    "is_furniture",
]

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "iframe",
    "button",
    "select",
    "svg",
    "template",
)
_META_DATE_NAMES = (
    "publishdate",
    "pubdate",
    "publish_date",
    "article:published_time",
    "og:published_time",
    "datepublished",
    "ptime",
    "firstpublishedtime",
    "dc.date",
    "date",
)
_FULL_DATE_RE = re.compile(
    YMD + r"|\d{1,2}/\d{1,2}/(?:19|20)\d{2}|" + CN_MONTH_EN_DAY + "|" + EN_MONTH_DAY
)
_PARTIAL_DATE_RE = re.compile(
    r"(?<!\d)(?:19|20)\d{2}\s*年\s*(?:\d{1,2}\s*月|第)|[〇○零一二三四五六七八九]{4}\s*年"
)
_CLOCK_RE = re.compile(r"\d{1,2}\s*[:：时]\s*\d{2}")
_OUTLET_RE = re.compile(r"来源\s*[:：丨｜]\s*([^\s　|｜丨]{2,30})")  # 来源：人民日报, 来源丨人民日报
_TRAILING_DECOR_RE = re.compile(r"\s*[-_—–~]+(?:\s*[-_—–~]+)*\s*$")


@dataclass
class RawArticle:
    title: str | None
    published_text: str | None
    author: str | None
    outlet: str | None
    paragraphs: list[str]
    images: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    byline: str | None = None
    people: People = field(default_factory=People)
    # short lines that may state the date to the month or year only (1998年3月号), best first
    partial_date_lines: list[str] = field(default_factory=list)
    field_sources: dict[str, str] = field(default_factory=dict)  # field -> where it was found


def parse_html(text: str, url: str = "") -> lhtml.HtmlElement:
    if text.startswith("<?xml"):
        text = re.sub(r"^<\?xml[^>]*>", "", text)
    root = lhtml.document_fromstring(text or "<html></html>", base_url=url or None)
    _rehome_after_body(root)
    return root


def _rehome_after_body(root: lhtml.HtmlElement) -> None:
    """Content after a stray ``</html>`` (a header include that closes the document) is left
    by the parser in a second top-level ``<html>`` beside the first; it goes back inside
    ``<body>``, in order."""
    body = root.find("body")
    if body is None:
        return
    for stray in list(root.itersiblings()):
        if not isinstance(stray.tag, str):
            continue
        for el in list(stray):
            if el.tag == "body":
                for child in list(el):
                    body.append(child)
            elif el.tag != "head":
                body.append(el)


def _clean(root: lhtml.HtmlElement) -> None:
    for el in list(root.iter(*_DROP_TAGS)):  # (a list: dropping while iterating skips siblings)
        el.drop_tree()
    # A <form> may wrap the whole page (ASP.NET): the tag goes, its content stays (a search
    # form's inputs, buttons and selects are gone already).
    for el in list(root.iter("form")):
        el.drop_tag()
    for el in list(root.iter(etree.Comment)):
        el.drop_tree()


def find_body(root: lhtml.HtmlElement) -> lhtml.HtmlElement | None:
    """The main element holding the article body (see ``pipeline.extract.body``)."""
    parts = find_body_parts(root)
    return parts[0] if parts else None


def _title(root: lhtml.HtmlElement, overrides: dict[str, str]) -> str | None:
    """The headline: 1. the override; 2. the longest heading the page ``<title>`` repeats (not
    a site name in an ``<h1>`` logo); 3. without a ``<title>``, the first heading that is not
    a link (a logo or a list); 4. ``og:title``; 5. the longest part of the ``<title>``."""
    if overrides.get("title"):
        return select_text(root, overrides["title"])
    page_title = " ".join((root.findtext(".//title") or "").split())
    headings = [
        _TRAILING_DECOR_RE.sub("", text_of(h)) for h in root.iter("h1", "h2") if not _all_link(h)
    ]
    headings = [t for t in headings if len(t) >= 4]
    if page_title:
        core = word_core(page_title)
        repeated = [t for t in headings if word_core(t) in core or page_title.startswith(t[:8])]
        if repeated:
            return max(repeated, key=lambda t: len(word_core(t)))
    elif headings:
        return headings[0]
    og = root.xpath("//meta[@property='og:title']/@content")
    if og and og[0].strip():
        return og[0].strip()
    if page_title:
        parts = [p for p in TITLE_SPLIT_RE.split(page_title) if p]
        return max(parts, key=len) if len(parts) > 1 else page_title
    h1 = root.find(".//h1")
    return text_of(h1) if h1 is not None else None


def _all_link(el: lhtml.HtmlElement) -> bool:
    """Every character of the element is inside a link (a site logo, a list item's title)."""
    total = len("".join(el.text_content().split()))
    return (
        bool(total) and sum(len("".join(a.text_content().split())) for a in el.iter("a")) >= total
    )


def _meta_content(
    root: lhtml.HtmlElement, names: tuple[str, ...], rx: re.Pattern[str] | None = None
) -> str | None:
    """The content of the first ``<meta>`` named (name, property or itemprop) one of ``names``
    whose content is not empty (and matches ``rx``, when given)."""
    for m in root.iter("meta"):
        name = (m.get("name") or m.get("property") or m.get("itemprop") or "").lower()
        content = m.get("content")
        if name in names and content and (rx is None or rx.search(content)):
            return content
    return None


def _meta_date(root: lhtml.HtmlElement) -> str | None:
    meta = _meta_content(root, _META_DATE_NAMES)
    if meta:
        return meta
    for t in root.iter("time"):
        if t.get("datetime"):
            return t.get("datetime")
    return None


def _bylines(root: lhtml.HtmlElement) -> list[str]:
    """Short elements holding 来源/作者/记者/时间 keys, in page order, without repeats."""
    found: dict[str, None] = {}
    for el in root.iter(
        "div", "p", "span", "td", "section", "font", "small", "em", "h3", "h4", "li"
    ):
        t = text_of(el)
        if 4 <= len(t) <= 160 and BYLINE_RE.search(t) and not is_furniture(el) and not is_hidden(el):
            found[t] = None
    return list(found)


def _dated_lines(
    root: lhtml.HtmlElement, rx: re.Pattern[str] | None = None, max_len: int = 200
) -> tuple[list[str], list[str]]:
    """Short texts holding a date with its year (``rx``, default a full date): (those after the
    headline, those before it)."""
    rx = rx or _FULL_DATE_RE
    h1 = root.find(".//h1")
    after_title = h1 is None
    before: list[str] = []
    after: list[str] = []
    for el in root.iter():
        if el is h1:
            after_title = True
        if not isinstance(el.tag, str) or el.tag in (
            "html",
            "body",
            "head",
            "title",
            "script",
            "style",
        ):
            continue
        own = " ".join(((el.text or "") + " ".join((c.tail or "") for c in el)).split())
        if own and len(own) <= max_len and rx.search(own) and not is_furniture(el):
            (after if after_title else before).append(own)
    return after, before


def _published(
    root: lhtml.HtmlElement,
    overrides: dict[str, str],
    bylines: list[str],
    head: BodyHead,
    scripted: str | None = None,
) -> tuple[str | None, str]:
    """(the text holding the publish time, where it came from); ``scripted``: the time a WeChat
    article's script sets (read before the scripts were dropped)."""
    datelines = head.datelines
    # 1. the source's override
    if overrides.get("published"):
        found = select_text(root, overrides["published"])
        if found:
            return found, "override"
    # 2. a government document's 成文日期 (the date under its seal; 发布日期 is when the site posted it)
    written = labelled_value(root, "成文日期", _WRITTEN_RE)
    if written:
        return written, "written"
    # 3. meta tags; a date without its time borrows the time of a line on the same day
    meta = _meta_date(root)
    after, before = _dated_lines(root)
    dated = [b for b in bylines if _FULL_DATE_RE.search(b)]
    lines = dated + after + before
    if meta:
        day = re.sub(r"\D", "", meta)[:8]
        meta_clock = _CLOCK_RE.search(meta.split("T")[-1] if "T" in meta else meta)
        # a meta date without its time borrows the time of a line on the same day; a meta time
        # loses to the time shown beside the headline on the same day when they differ (sina's
        # 2019年09月07日 04:04 under article:published_time 06:52:51, a later edit)
        for line in lines if meta_clock is None else dated[:1] + after[:1]:
            got = _day_and_clock(line)
            if not got or got[0] != day or got[1] is None:
                continue
            if meta_clock is None:
                return line, "meta+byline"
            if got[1] != _clock(meta_clock.group(0)):
                return line, "byline"
        return meta, "meta"
    # 3b. a WeChat article's time, set only by its script
    if scripted:
        return scripted, "script"
    # 4. the body's own dateline (a reposted article's date, not the reposting page's)
    if datelines:
        return datelines[0], "body_head"
    # 5. the byline near the title; then the body's own dateline to the month (a reposted report's
    #    2003年5月 under its authors: the report's date, not the reposting page's); then any short
    #    dated line after the headline, then before it
    if lines and bylines and lines[0] in bylines:
        return lines[0], "byline"
    if head.month_datelines:
        return head.month_datelines[0], "body_head"
    if lines:
        return lines[0], "page_text"
    # 6. a byline with a month and day only: a modified-time meta of the same day gives the
    #    year (发布时间：10-08 beside <meta itemprop="dateUpdate" content="2019-10-08 12:00:57">);
    #    else the year comes from the crawl date
    if bylines:
        updated = _meta_updated(root)
        if updated and any(_same_month_day(updated, b) for b in bylines):
            return updated, "meta_updated"
    return (bylines[0], "byline") if bylines else (None, "")


def _clock(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", text))


def _day_and_clock(line: str) -> tuple[str, tuple[int, ...] | None] | None:
    """The first full date of ``line`` as ``YYYYMMDD``, and the clock right after it (hours,
    minutes[, seconds]) or ``None``; ``None`` when the line has no year-first full date."""
    m = _FULL_DATE_RE.search(line)
    nums = re.findall(r"\d+", m.group(0)) if m else []
    if len(nums) != 3 or not nums[0].startswith(("19", "20")):
        return None
    clock = _CLOCK_RE.search(line[m.end() : m.end() + 12])
    day = f"{int(nums[0]):04d}{int(nums[1]):02d}{int(nums[2]):02d}"
    return day, _clock(clock.group(0)) if clock else None


_META_UPDATED_NAMES = (
    "dateupdate",
    "datemodified",
    "article:modified_time",
    "og:updated_time",
    "lastmodifiedtime",
)


def _meta_updated(root: lhtml.HtmlElement) -> str | None:
    return _meta_content(root, _META_UPDATED_NAMES, _FULL_DATE_RE)


def _same_month_day(full: str, line: str) -> bool:
    """``line`` names the month and day of the dated text ``full``."""
    m = _FULL_DATE_RE.search(full)
    nums = re.findall(r"\d+", m.group(0)) if m else []
    if len(nums) != 3:
        return False
    month, day = int(nums[1]), int(nums[2])
    rx = rf"(?<!\d)0?{month}\s*[-/.月]\s*0?{day}(?!\d)"
    return re.search(rx, line) is not None


def extract_raw(
    root: lhtml.HtmlElement, url: str, overrides: dict[str, str] | None = None
) -> RawArticle:
    """All raw fields of an article page; normalization is the caller's next step."""
    overrides = overrides or {}
    sources: dict[str, str] = {}
    cited = cited_authors(root)  # read first: cleaning drops a citation box as page furniture
    scripted = wechat_time(root)  # and scripts
    _clean(root)
    title = _title(root, overrides)
    if title:
        sources["title"] = "override" if overrides.get("title") else "page"
    bylines = _bylines(root)
    slots = page_authors(root)
    if not slots[1] and cited:
        slots = (slots[0], cited)
    # the byline: the innermost (shortest) element that still has the most byline keys
    byline = min(bylines, key=lambda t: (-len(BYLINE_RE.findall(t)), len(t))) if bylines else None
    headings = [text_of(h) for h in root.iter("h1", "h2", "h3")]
    page_title = " ".join((root.findtext(".//title") or "").split())
    # 1. outlet: the 来源 of the byline
    outlet_m = _OUTLET_RE.search(byline or "")
    outlet = outlet_m.group(1) if outlet_m else None
    if outlet and looks_like_person(outlet):
        outlet = None  # 来源: 尹娟 names the writer, not an outlet
    # 2. body: the override container, else the generic finder's parts
    parts: list = []
    if overrides.get("body"):
        parts = [e for e in select(root, overrides["body"]) if not isinstance(e, str)][:1]
    parts = parts or find_body_parts(root)
    paragraphs: list[str] = []
    images: list[str] = []
    links: list[str] = []
    for body_el in parts:
        for img in body_el.iter("img"):
            src = img.get("src") or img.get("data-src")
            if src and not src.startswith("data:"):
                images.append(urljoin(url, src))
        for a in body_el.iter("a"):
            href = a.get("href")
            if href and not href.startswith(("javascript:", "#", "mailto:")):
                links.append(urljoin(url, href))
        paragraphs += body_paragraphs(body_el)
    drop = {title, byline}
    paragraphs = [p for p in paragraphs if p not in drop and not (byline and p in byline)]
    # 3. the body's head (headline again, kicker, byline, dateline) leaves the body
    head, paragraphs = split_head(paragraphs, [t for t in (title, page_title, *headings) if t])
    # 4. time: override, meta tags, the body's own dateline, the byline, a dated line after the headline
    published, sources["published"] = _published(root, overrides, bylines, head, scripted)
    # 5. people: the body's head byline, the page's bylines, the body's first and last lines
    #    (本报讯（记者 张明）, （通讯员 李华）)
    head_people = people_from_text(*head.bylines)
    people = people_from_text(*head.bylines, *bylines, *paragraphs[:2], *paragraphs[-2:])
    if not (people.authors or people.reporters):
        # a credit line set apart a little further down (《棱镜》作者 周纯 after a 划重点 list)
        credits = people_from_text(*(p for p in paragraphs[2:8] if len(p) <= 20))
        people.add("authors", credits.authors)
        people.add("reporters", credits.reporters)
    author = select_text(root, overrides["author"]) if overrides.get("author") else None
    sources["author"] = "override" if author else ""
    if not author and head_people.byline_author:
        author, sources["author"] = head_people.byline_author, "body_head"
    if not author and head.names:
        author, sources["author"] = head.names[0], "body_head_name"
    if not author:
        meta = meta_author(root, page_title, people.editors)
        author, sources["author"] = (meta, "meta") if meta else (people.byline_author, "byline")
    if not author:
        author, where, paragraphs = author_without_role(
            slots, bylines, paragraphs, under_headline(root)
        )
        sources["author"] = where
    # 6. no headline anywhere: the body's first short line stands in, and says so
    if not title and paragraphs and len(paragraphs[0]) <= 40:
        title, sources["title"] = paragraphs[0], "body_first_line"
        paragraphs = paragraphs[1:]
    # 7. lines that may date the page to the month or year only, when nothing gives the day
    month_after, _ = _dated_lines(root, _PARTIAL_DATE_RE, 60)
    tail = [p for p in paragraphs[-2:] if len(p) <= 40]
    partial = [*bylines, *head.lines, *month_after, *tail]
    sources = {k: v for k, v in sources.items() if v}
    if not author:
        sources.pop("author", None)
    if not published:
        sources.pop("published", None)
    if outlet:
        sources["outlet"] = "byline"
    return RawArticle(
        title=title,
        published_text=published,
        author=author,
        outlet=outlet,
        paragraphs=paragraphs,
        images=images,
        links=links,
        byline=byline,
        people=people,
        field_sources=sources,
        partial_date_lines=partial,
    )


_WRITTEN_RE = re.compile(rf"成文日期\s*[:：]\s*({YMD})")
