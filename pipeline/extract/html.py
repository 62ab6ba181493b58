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

from pipeline.extract.select import select, select_text

_DROP_TAGS = ("script", "style", "noscript", "iframe", "form", "button", "select", "svg", "template")
_FURNITURE_TAGS = ("nav", "header", "footer", "aside")
_FURNITURE_RE = re.compile(
    r"nav|menu|footer|header|breadcrumb|crumb|share|bdshare|related|comment|copyright|sidebar|"
    r"toolbar|pager|pagination|position|location|banner|advert|qrcode|weixin|recommend",
    re.I,
)
_BODY_HINTS = re.compile(r"TRS_Editor|article|content|detail|main|text|zoom|news_?body|conText|artibody", re.I)
_BOILERPLATE_RE = re.compile(
    r"^(责任编辑|编辑|责编|审核|校对|来源|分享到|扫描二维码|扫一扫|打印本页|关闭窗口|上一篇|下一篇|相关阅读|"
    r"相关新闻|【?字号|版权所有|Copyright|©|原标题)"
)
_META_DATE_NAMES = ("publishdate", "pubdate", "publish_date", "article:published_time", "og:published_time",
                    "datepublished", "ptime", "firstpublishedtime", "dc.date", "date")
_BYLINE_RE = re.compile(r"(来源|作者|记者|时间|发布|编辑|日期|通讯员)[:：]")
_NAMES = r"([\u4e00-\u9fff]{2,4}(?:[ 、，,]+(?!通讯员|编辑|摄影|来源|时间)[\u4e00-\u9fff]{2,4})*)"
_AUTHOR_RES = (
    re.compile(r"记者\s*[:：]?\s*" + _NAMES),
    re.compile(r"(?:作者|撰稿)\s*[:：]\s*" + _NAMES),
    re.compile(r"(?:作者|撰稿)\s*[:：]\s*([^\s　|｜]{2,20})"),
)
_ROLE_WORDS = re.compile(r"^(记者|通讯员|作者|编辑|实习生)\s*")
_OUTLET_RE = re.compile(r"来源[:：]\s*([^\s　|｜]{2,30})")
_TITLE_SPLIT_RE = re.compile(r"\s*[_｜|–—-]{1,2}\s*")


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


def parse_html(text: str, url: str = "") -> lhtml.HtmlElement:
    if text.startswith("<?xml"):
        text = re.sub(r"^<\?xml[^>]*>", "", text)
    root = lhtml.document_fromstring(text or "<html></html>", base_url=url or None)
    return root


def _clean(root: lhtml.HtmlElement) -> None:
    for el in root.iter(*_DROP_TAGS):
        el.drop_tree()
    for el in list(root.iter(etree.Comment)):
        el.drop_tree()


def _text(el: lhtml.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def is_furniture(el: lhtml.HtmlElement) -> bool:
    if el.tag in _FURNITURE_TAGS:
        return True
    marker = f"{el.get('class', '')} {el.get('id', '')}"
    return bool(marker.strip()) and bool(_FURNITURE_RE.search(marker))


def _cjk_len(s: str) -> int:
    return sum(1 for c in s if "\u4e00" <= c <= "\u9fff")


def _score(el: lhtml.HtmlElement) -> float:
    text = _text(el)
    if not text:
        return 0.0
    link_chars = sum(len(_text(a)) for a in el.iter("a"))
    density = 1.0 - min(1.0, link_chars / max(1, len(text)))
    punct = sum(text.count(p) for p in "，。；！？、")
    paras = sum(1 for p in el.iter("p") if _cjk_len(_text(p)) > 10)
    bonus = 1.5 if _BODY_HINTS.search(f"{el.get('class', '')} {el.get('id', '')}") else 1.0
    return (_cjk_len(text) + 10 * punct + 20 * paras) * density**2 * bonus


def find_body(root: lhtml.HtmlElement) -> lhtml.HtmlElement | None:
    """The element most likely to hold the article body (text and punctuation dense, few links)."""
    best, best_score = None, 0.0
    for el in root.iter("div", "article", "section", "td", "main", "body"):
        if is_furniture(el) or any(is_furniture(a) for a in el.iterancestors()):
            continue
        s = _score(el)
        if s > best_score:
            best, best_score = el, s
    return best


def body_paragraphs(body: lhtml.HtmlElement) -> list[str]:
    """Paragraph texts of a body element, with page furniture lines removed."""
    for el in list(body.iter()):
        if el is not body and isinstance(el.tag, str) and is_furniture(el):
            el.drop_tree()
    for br in body.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks: list[str] = []
    block_tags = {"p", "div", "h2", "h3", "h4", "li", "section", "blockquote", "td", "tr", "figcaption"}
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.extend("".join(current).split("\n"))
            current.clear()

    def walk(el: lhtml.HtmlElement) -> None:
        if el.tag in block_tags:
            flush()
        if el.text:
            current.append(el.text)
        for child in el:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                current.append(child.tail)
        if el.tag in block_tags:
            flush()

    walk(body)
    flush()
    out = []
    for b in blocks:
        b = " ".join(b.split())
        if b and not _BOILERPLATE_RE.match(b):
            out.append(b)
    return out


def _title(root: lhtml.HtmlElement, overrides: dict[str, str]) -> str | None:
    if overrides.get("title"):
        return select_text(root, overrides["title"])
    page_title = " ".join((root.findtext(".//title") or "").split())
    for h in root.iter("h1", "h2"):
        t = _text(h)
        if t and len(t) >= 4 and (not page_title or t in page_title or page_title.startswith(t[:8])):
            return t
    og = root.xpath("//meta[@property='og:title']/@content")
    if og and og[0].strip():
        return og[0].strip()
    if page_title:
        parts = _TITLE_SPLIT_RE.split(page_title)
        return max(parts, key=len) if len(parts) > 1 else page_title
    h1 = root.find(".//h1")
    return _text(h1) if h1 is not None else None


def _byline(root: lhtml.HtmlElement) -> str | None:
    """The short element near the title holding 来源/作者/时间."""
    candidates = []
    for el in root.iter("div", "p", "span", "td", "section"):
        t = _text(el)
        if 6 <= len(t) <= 160 and len(_BYLINE_RE.findall(t)) >= 1 and not is_furniture(el):
            candidates.append(t)
    if not candidates:
        return None
    # the innermost (shortest) element that still has the most byline keys
    return min(candidates, key=lambda t: (-len(_BYLINE_RE.findall(t)), len(t)))


def _meta_date(root: lhtml.HtmlElement) -> str | None:
    for m in root.iter("meta"):
        name = (m.get("name") or m.get("property") or m.get("itemprop") or "").lower()
        if name in _META_DATE_NAMES and m.get("content"):
            return m.get("content")
    for t in root.iter("time"):
        if t.get("datetime"):
            return t.get("datetime")
    return None


def extract_author(text: str | None) -> str | None:
    if not text:
        return None
    for rx in _AUTHOR_RES:
        m = rx.search(text)
        if m:
            names = [_ROLE_WORDS.sub("", n) for n in re.split(r"[ 、，,]+", m.group(1))]
            names = [n for n in names if n and n not in ("通讯员", "编辑")]
            return " ".join(names) or None
    return None


def extract_raw(root: lhtml.HtmlElement, url: str, overrides: dict[str, str] | None = None) -> RawArticle:
    """All raw fields of an article page; normalization is the caller's next step."""
    overrides = overrides or {}
    _clean(root)
    title = _title(root, overrides)
    byline = _byline(root)
    # 1. time: override, meta tags, byline
    published = select_text(root, overrides["published"]) if overrides.get("published") else None
    published = published or _meta_date(root) or byline
    # 2. author and outlet: override, meta, byline
    author = select_text(root, overrides["author"]) if overrides.get("author") else None
    if not author:
        metas = root.xpath("//meta[@name='author']/@content")
        author = metas[0].strip() if metas and metas[0].strip() else extract_author(byline)
    outlet_m = _OUTLET_RE.search(byline or "")
    outlet = outlet_m.group(1) if outlet_m else None
    # 3. body: override container, else the densest container
    body_el = None
    if overrides.get("body"):
        found = [e for e in select(root, overrides["body"]) if not isinstance(e, str)]
        body_el = found[0] if found else None
    body_el = body_el if body_el is not None else find_body(root)
    paragraphs: list[str] = []
    images: list[str] = []
    links: list[str] = []
    if body_el is not None:
        for img in body_el.iter("img"):
            src = img.get("src") or img.get("data-src")
            if src and not src.startswith("data:"):
                images.append(urljoin(url, src))
        for a in body_el.iter("a"):
            href = a.get("href")
            if href and not href.startswith(("javascript:", "#", "mailto:")):
                links.append(urljoin(url, href))
        paragraphs = body_paragraphs(body_el)
        drop = {title, byline}
        paragraphs = [p for p in paragraphs if p not in drop and not (byline and p in byline)]
    return RawArticle(title=title, published_text=published, author=author, outlet=outlet,
                      paragraphs=paragraphs, images=images, links=links, byline=byline)
