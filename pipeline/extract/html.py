"""Pull title, time, author, outlet, body paragraphs and images out of an article page.

Order of attempts for each field: 1. the source's override selector; 2. page
metadata (meta tags); 3. the byline near the title (来源/作者/时间); 4. the URL
or the body's own dateline. A field that is not found is ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lhtml

from pipeline.extract.body import HIDDEN_STYLE_RE, body_paragraphs, find_body_parts, is_furniture
from pipeline.extract.dates import CN_MONTH_EN_DAY, YMD
from pipeline.extract.head import BodyHead, split_head, word_core
from pipeline.extract.people import (
    People,
    bare_byline,
    looks_like_office,
    looks_like_person,
    name_over_outlet,
    names_nobody,
    people_from_text,
    signed_by,
)
from pipeline.extract.select import select, select_text
from pipeline.extract.wechat import wechat_account, wechat_time, wechat_writer

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
_BYLINE_RE = re.compile(
    r"(来源|作者|(?<!告诉)(?<!对)记者|时间|发布|编辑|责编|日期|通讯员|采写|采编|撰文)[:：]|发表于|发布于|张贴\s*@"
    r"|记者\s*[\u4e00-\u9fff]{2,4}\s*[/／]\s*[\u4e00-\u9fff]{2,6}报[道导]"  # 记者王小明／台北报导
    r"|(?:来源|作者|记者|编辑|责编|撰文|(?<![\u4e00-\u9fff])文)\s*[丨｜|]\s*[\u4e00-\u9fff]{2}"  # 文丨张明, 来源｜人民日报
)
_FULL_DATE_RE = re.compile(YMD + r"|\d{1,2}/\d{1,2}/(?:19|20)\d{2}|" + CN_MONTH_EN_DAY)
_PARTIAL_DATE_RE = re.compile(
    r"(?<!\d)(?:19|20)\d{2}\s*年\s*(?:\d{1,2}\s*月|第)|[〇○零一二三四五六七八九]{4}\s*年"
)
_CLOCK_RE = re.compile(r"\d{1,2}\s*[:：时]\s*\d{2}")
_OUTLET_RE = re.compile(r"来源\s*[:：丨｜]\s*([^\s　|｜丨]{2,30})")  # 来源：人民日报, 来源丨人民日报
# 标题_频道_网站, 网站 » 标题, 标题 - 栏目 (a hyphen inside a word, China-Pub, does not split)
_TITLE_SPLIT_RE = re.compile(r"\s*(?:[_｜|–—»]{1,2}|--)\s*|\s+-\s+")
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


def _text(el: lhtml.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _hidden(el: lhtml.HtmlElement) -> bool:
    """``el`` or an ancestor is hidden from the reader (``style="display:none"``, ``hidden``): a
    block kept for search engines (作者：<the editor>) or a list of other writers."""
    return any(
        a.get("hidden") is not None or HIDDEN_STYLE_RE.search(a.get("style") or "")
        for a in (el, *el.iterancestors())
    )


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
        _TRAILING_DECOR_RE.sub("", _text(h)) for h in root.iter("h1", "h2") if not _all_link(h)
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
        parts = [p for p in _TITLE_SPLIT_RE.split(page_title) if p]
        return max(parts, key=len) if len(parts) > 1 else page_title
    h1 = root.find(".//h1")
    return _text(h1) if h1 is not None else None


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
        t = _text(el)
        if 4 <= len(t) <= 160 and _BYLINE_RE.search(t) and not is_furniture(el) and not _hidden(el):
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
    written = _labelled(root, "成文日期", _WRITTEN_RE)
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
    cited = _cited_authors(root)  # read first: cleaning drops a citation box as page furniture
    scripted = wechat_time(root)  # and scripts
    _clean(root)
    title = _title(root, overrides)
    if title:
        sources["title"] = "override" if overrides.get("title") else "page"
    bylines = _bylines(root)
    page_authors = _page_authors(root)
    if not page_authors[1] and cited:
        page_authors = (page_authors[0], cited)
    # the byline: the innermost (shortest) element that still has the most byline keys
    byline = min(bylines, key=lambda t: (-len(_BYLINE_RE.findall(t)), len(t))) if bylines else None
    headings = [_text(h) for h in root.iter("h1", "h2", "h3")]
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
        metas = [
            m
            for m in (c.strip() for c in root.xpath("//meta[@name='author']/@content"))
            if _plausible_name(m)
            and not _names_site(m, page_title)
            and not _site_domain(root, m)
            # (编辑：倪仕轩 on the page: the meta names the editor, also as 青网新闻杨逸凡)
            and not any(e in m for e in people.editors)
        ]
        author, sources["author"] = (
            (_meta_names(metas[0]), "meta") if metas else (people.byline_author, "byline")
        )
    if not author:
        author, where, paragraphs = _author_without_role(
            page_authors, bylines, paragraphs, _under_headline(root)
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
_ISSUER_RE = re.compile(r"发文机关\s*[:：]\s*([\u4e00-\u9fff]{2,30})")
_POSTED_BY_RE = re.compile(
    r"(?<![A-Za-z0-9_\u4e00-\u9fff])(?:由\s*)?([\u4e00-\u9fff]{2,8}|[A-Za-z][\w.-]{2,24})\s*(?:发表于|发布于|张贴\s*@)\s*(?:19|20)\d{2}"
)
_AUTHOR_HREF_RE = re.compile(r"[?&]author=|/author/|/authors/")
_NAME_LINE_RE = re.compile(r"[\u4e00-\u9fff]{2,4}")


def _labelled(root: lhtml.HtmlElement, key: str, rx: re.Pattern[str]) -> str | None:
    """The value after a label such as 发文机关： in a government page's metadata table, where
    label and value sit in one element, or in sibling cells or list items."""
    for el in root.xpath(f"//*[text()[contains(., '{key}')]]"):
        parent = el.getparent()
        for holder in (el, parent, parent.getparent() if parent is not None else None):
            m = rx.search(_text(holder)) if holder is not None else None
            if m:
                return m.group(1)
    return None


# a class/id/itemprop token naming the author's slot: author, author-name, post_author, byline,
# author_baidu (南方网's <span id="author_baidu">), auth (腾讯's <span class="auth">)
_AUTHOR_MARK_RE = re.compile(
    r"^(?:[a-z0-9]+[-_])*(?:(?:author|byline|writer)(?:name|[-_][a-z0-9]+)?|auth)$", re.I
)
# a slot in a comment, a sidebar (right bar, aside) or a list of other articles names someone else
_NOT_AUTHOR_SLOT_RE = re.compile(
    r"comment|reply|recent|related|recommend|avatar|icon|img|pic|side|(?:tool|nav|top|menu|share)bar|right|hot|"
    r"login|signin|register",  # (the reader's own name box in a comment form: 账号, 昵称)
    re.I,
)


def _marked_author(root: lhtml.HtmlElement) -> str | None:
    """The text of the first short element marked as the author's slot (``class="author-name"``,
    ``itemprop="author"``, ``id="byline"``) that holds a bare name: no role word, date, digits
    or spaces; not inside a comment, a sidebar or a list of other articles."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tokens = " ".join(el.get(a) or "" for a in ("class", "id", "itemprop", "rel")).split()
        if not any(_AUTHOR_MARK_RE.match(tok) for tok in tokens):
            continue
        if _hidden(el) or any(
            a.tag == "aside"
            or _NOT_AUTHOR_SLOT_RE.search(" ".join((a.get("class") or "", a.get("id") or "")))
            for a in (el, *el.iterancestors())
        ):
            continue
        # the slot itself, else the name on an account or author card (avatar, 中国广州发布, 关注;
        # 谢若含 2017-03-01 14:27:02): a card holding nothing but the name, a follow button and
        # the time (not a column's card with its counts)
        whole = _text(el)
        names = [
            _text(d)
            for d in el.iterdescendants()
            if isinstance(d.tag, str) and _NAME_MARK_RE.search(d.get("class") or "")
        ]
        names = [n for n in names if n and not _FOLLOW_RE.sub("", whole.replace(n, "", 1))]
        for text in (*names, whole):
            if (
                _slot_name(text)
                and len(text) <= 16
                and not re.search(r"[\s()（）\d:：|｜、，,]", text)
                and not _BYLINE_RE.search(text)
            ):
                return text
            listed = [n for n in re.split(r"[\s、，,]+", text) if n]
            if 2 <= len(listed) <= 4 and all(looks_like_person(n) for n in listed):
                return " ".join(listed)  # 张明 李华, 张明、李华: each a person's name
    return None


_FOLLOW_RE = re.compile(
    rf"(?:{YMD})(?:\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?(?:\s*[+-]\d{{4}})?|[\s+＋]|加?关注|订阅"
)
_NAME_MARK_RE = re.compile(r"(?:^|\s)(?:[a-z0-9]+[-_])*(?:nick)?name(?:$|\s)", re.I)


def _under_headline(root: lhtml.HtmlElement, count: int = 2) -> list[str]:
    """The texts of the first elements after the headline (``<h1>``): where a writer's credit
    without a role word sits (石佳/中国青年报 above the time)."""
    h1 = root.find(".//h1")
    if h1 is None:
        return []
    after = list(h1.itersiblings())[:count] or list(h1.getparent().itersiblings())[:count]
    # (the texts of its parts kept apart: 石佳/中国青年报</p><p>2019-09-24 runs on otherwise)
    return [
        " ".join(" ".join(el.itertext()).split())
        for el in after
        if isinstance(el.tag, str) and not _hidden(el)
    ]


def _page_authors(root: lhtml.HtmlElement) -> tuple[str | None, str | None]:
    """(a government notice's 发文机关, the text of a link or element marked as the author's),
    read before the body finder prunes the page."""
    issuer = _labelled(root, "发文机关", _ISSUER_RE)
    for a in root.iter("a"):
        if a.get("rel") == "author" or _AUTHOR_HREF_RE.search(a.get("href") or ""):
            text = _text(a)
            if _slot_name(text) and not re.search(r"[\s()（）\d]", text) and not _hidden(a):
                return issuer, text
    return issuer, _wechat_writer(root) or _marked_author(root)


def _wechat_writer(root: lhtml.HtmlElement) -> str | None:
    """Who a WeChat article credits: the names after a role word in its meta list's writer
    entry (文丨张明), else that entry when it is a short name and not an outlet's or a team's;
    else, with no person named, the account itself (a platform post is its account's, as a
    头条号's or 百家号's is)."""
    writer = wechat_writer(root)
    if writer:
        credited = people_from_text(writer).byline_author
        if credited:
            return credited
        names = writer.split()
        if (
            len(writer) <= 16
            and all(_slot_name(n) and not looks_like_office(n) for n in names)
            and not re.search(r"[()（）\d:：|｜]", writer)
        ):
            return " ".join(names)
    account = wechat_account(root)
    return account if account and _plausible_name(account) else None


# an academic page's "how to cite": 文章引用：赵培. 淘宝网物流配送存在的问题及对策研究[J]. …
_CITATION_RE = re.compile(
    r"(?:文章引用|引用本文|引用格式|引文格式)\s*[:：]\s*"
    r"([\u4e00-\u9fff]{2,4}(?:\s*[,，、]\s*[\u4e00-\u9fff]{2,4}){0,5})\s*[.．]"
)


def _cited_authors(root: lhtml.HtmlElement) -> str | None:
    """The authors named first in the page's own citation of itself, every one a person's name."""
    cited = _labelled(root, "引用", _CITATION_RE)
    names = re.split(r"\s*[,，、]\s*", cited) if cited else []
    return " ".join(names) if names and all(looks_like_person(n) for n in names) else None


def _author_without_role(
    page_authors: tuple[str | None, str | None],
    bylines: list[str],
    paragraphs: list[str],
    under_headline: Sequence[str] = (),
) -> tuple[str | None, str, list[str]]:
    """An author given without 作者/记者: (name, where found, paragraphs without the name line).

    Only forms that say who wrote the page: a government notice's 发文机关; a blog's
    ``NAME 发表于 2005-9-15``; ``（姚峰 上海报道）`` or ``来源: 尹娟`` with a person's name; a
    link marked as the author's (``rel=author``, ``?author=``); a heading repeated at the top
    of the body followed by a line holding only a name (the essay's 作者 line).
    """
    issuer, link_author = page_authors
    if issuer:
        return issuer, "issuer", paragraphs
    for line in bylines:
        m = _POSTED_BY_RE.search(line)
        if m and not _BYLINE_RE.search(m.group(1)):
            return m.group(1), "byline", paragraphs
    name = bare_byline(*bylines, *paragraphs[:2], *paragraphs[-2:])
    if name:
        return name, "byline", paragraphs
    for line in under_headline:
        name = name_over_outlet(line)
        if name:
            return name, "byline", paragraphs
    if link_author:
        return link_author, "author_link", paragraphs
    for line in (*bylines, *under_headline, *paragraphs[:2], *paragraphs[-1:]):
        if signer := signed_by(line):
            return signer, "signed", paragraphs
    for i in range(min(2, len(paragraphs) - 1)):
        head, line = paragraphs[i], paragraphs[i + 1]
        if (
            4 <= len(head) <= 30  # a heading, not the 大 of a 字号 超大 大 标准 小 control
            and not re.search(r"[。，！？；]$", head)
            and _NAME_LINE_RE.fullmatch(line)
            and len(paragraphs) > i + 2
        ):
            return line, "body_first_line", paragraphs[:i] + paragraphs[i + 2 :]
    return None, "", paragraphs


_SITE_SUFFIX_RE = re.compile(r"(网|网站|在线|报社|日报|晚报|时报|电视台|杂志社?)$")


def _names_site(text: str, page_title: str) -> bool:
    """A meta author that is the site itself (证券时报网): a name ending like an outlet's, or a
    part of the page ``<title>`` other than its longest (the headline)."""
    if _SITE_SUFFIX_RE.search(text):
        return True
    parts = [p for p in _TITLE_SPLIT_RE.split(page_title) if p]
    if len(parts) < 2:
        return False
    headline = max(parts, key=len)
    # the site's part of the title, or its brand at the start of it (网易 of 网易订阅; not 张明 of
    # 张明的博客, a person's own site)
    brand = len(text) >= 2 and not looks_like_person(text)
    return any(text == p or (brand and p.startswith(text)) for p in parts if p != headline)


def _site_domain(root: lhtml.HtmlElement, text: str) -> bool:
    """A Latin meta author that is a domain name's label of the page's own links or copyright
    (``chinanews`` beside ``www.chinanews.com``): the site, not a person."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]{1,30}", text):
        return False
    label = re.compile(rf"(?:^|[/.]){re.escape(text)}\.(?:com|cn|net|org|gov)\b", re.IGNORECASE)
    return any(label.search(v) for v in root.xpath("//@href | //@src | //meta/@content"))


def _meta_names(text: str) -> str:
    """A meta author as names: a role word read as in a byline (``记者 张明``, ``作者：张明``), a
    list's separators as spaces (``张明,李华``, ``张明、李华``)."""
    credited = people_from_text(text).byline_author
    if credited:
        return credited
    names = [n for n in re.split(r"\s*[,，、;；]\s*", text) if n]
    return " ".join(names) if len(names) > 1 and all(_plausible_name(n) for n in names) else text


def _slot_name(text: str) -> bool:
    """A name in an author's slot or link worth taking: plausible, not a word that names nobody
    (a form's 账号, 匿名) and not an outlet's own account (经济日报, 某某网)."""
    return _plausible_name(text) and not names_nobody(text) and not _SITE_SUFFIX_RE.search(text)


def _plausible_name(text: str) -> bool:
    """A meta author worth taking: short, no markup or URL, not a site name with a domain."""
    text = text.strip()
    return 2 <= len(text) <= 30 and not re.search(
        r"[=<>/@]|https?:|\.(com|cn|net)|\d{3}", text, re.IGNORECASE
    )
