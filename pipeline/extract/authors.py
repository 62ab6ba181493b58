"""Who wrote the page, where no role word in a byline says it: the page's own slots and marks.

A government notice's 发文机关, a link or element marked as the author's (``rel=author``,
``class="author-name"``, an account card), a WeChat article's meta list, the page's citation of
itself, the meta author, a blog's ``NAME 发表于``, a bare ``（姚峰 上海报道）``, ``石佳/中国青年报``
under the headline, a statement's signature, an essay's name line. ``html.extract_raw`` asks
these after the bylines' role words (``people.py``) and the body's head (``head.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import html as lhtml

from pipeline.extract.dates import YMD
from pipeline.extract.head import TITLE_SPLIT_RE
from pipeline.extract.nodes import is_hidden, labelled_value, text_of
from pipeline.extract.people import (
    BYLINE_RE,
    bare_byline,
    looks_like_office,
    looks_like_person,
    name_over_outlet,
    names_nobody,
    people_from_text,
    signed_by,
)
from pipeline.extract.wechat import wechat_credit

__all__ = [
    "author_without_role",
    "cited_authors",
    "meta_author",
    "page_authors",
    "under_headline",
]


_ISSUER_RE = re.compile(r"发文机关\s*[:：]\s*([\u4e00-\u9fff]{2,30})")
_POSTED_BY_RE = re.compile(
    r"(?<![A-Za-z0-9_\u4e00-\u9fff])(?:由\s*)?([\u4e00-\u9fff]{2,8}|[A-Za-z][\w.-]{2,24})\s*(?:发表于|发布于|张贴\s*@)\s*(?:19|20)\d{2}"
)
_AUTHOR_HREF_RE = re.compile(r"[?&]author=|/author/|/authors/")
_NAME_LINE_RE = re.compile(r"[\u4e00-\u9fff]{2,4}")


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
        if is_hidden(el) or any(
            a.tag == "aside"
            or _NOT_AUTHOR_SLOT_RE.search(" ".join((a.get("class") or "", a.get("id") or "")))
            for a in (el, *el.iterancestors())
        ):
            continue
        # the slot itself, else the name on an account or author card (avatar, 中国广州发布, 关注;
        # 谢若含 2017-03-01 14:27:02): a card holding nothing but the name, a follow button and
        # the time (not a column's card with its counts)
        whole = text_of(el)
        names = [
            text_of(d)
            for d in el.iterdescendants()
            if isinstance(d.tag, str) and _NAME_MARK_RE.search(d.get("class") or "")
        ]
        names = [n for n in names if n and not _FOLLOW_RE.sub("", whole.replace(n, "", 1))]
        for text in (*names, whole):
            if (
                _slot_name(text)
                and len(text) <= 16
                and not re.search(r"[\s()（）\d:：|｜、，,]", text)
                and not BYLINE_RE.search(text)
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


def under_headline(root: lhtml.HtmlElement, count: int = 2) -> list[str]:
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
        if isinstance(el.tag, str) and not is_hidden(el)
    ]


def page_authors(root: lhtml.HtmlElement) -> tuple[str | None, str | None]:
    """(a government notice's 发文机关, the text of a link or element marked as the author's),
    read before the body finder prunes the page."""
    issuer = labelled_value(root, "发文机关", _ISSUER_RE)
    for a in root.iter("a"):
        if a.get("rel") == "author" or _AUTHOR_HREF_RE.search(a.get("href") or ""):
            text = text_of(a)
            if _slot_name(text) and not re.search(r"[\s()（）\d]", text) and not is_hidden(a):
                return issuer, text
    return issuer, _wechat_writer(root) or _marked_author(root)


def _wechat_writer(root: lhtml.HtmlElement) -> str | None:
    """Who a WeChat article credits: the names after a role word in its meta list's writer
    entry (文丨张明), else that entry when it is a short name and not an outlet's or a team's;
    else, with no person named, the account itself (a platform post is its account's, as a
    头条号's or 百家号's is)."""
    writer, account = wechat_credit(root)
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
    return account if account and plausible_name(account) else None


# an academic page's "how to cite": 文章引用：赵培. 淘宝网物流配送存在的问题及对策研究[J]. …
_CITATION_RE = re.compile(
    r"(?:文章引用|引用本文|引用格式|引文格式)\s*[:：]\s*"
    r"([\u4e00-\u9fff]{2,4}(?:\s*[,，、]\s*[\u4e00-\u9fff]{2,4}){0,5})\s*[.．]"
)


def cited_authors(root: lhtml.HtmlElement) -> str | None:
    """The authors named first in the page's own citation of itself, every one a person's name."""
    cited = labelled_value(root, "引用", _CITATION_RE)
    names = re.split(r"\s*[,，、]\s*", cited) if cited else []
    return " ".join(names) if names and all(looks_like_person(n) for n in names) else None


def author_without_role(
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
        if m and not BYLINE_RE.search(m.group(1)):
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


def names_site(text: str, page_title: str) -> bool:
    """A meta author that is the site itself (证券时报网): a name ending like an outlet's, or a
    part of the page ``<title>`` other than its longest (the headline)."""
    if _SITE_SUFFIX_RE.search(text):
        return True
    parts = [p for p in TITLE_SPLIT_RE.split(page_title) if p]
    if len(parts) < 2:
        return False
    headline = max(parts, key=len)
    # the site's part of the title, or its brand at the start of it (网易 of 网易订阅; not 张明 of
    # 张明的博客, a person's own site)
    brand = len(text) >= 2 and not looks_like_person(text)
    return any(text == p or (brand and p.startswith(text)) for p in parts if p != headline)


def site_domain(root: lhtml.HtmlElement, text: str) -> bool:
    """A Latin meta author that is a domain name's label of the page's own links or copyright
    (``chinanews`` beside ``www.chinanews.com``): the site, not a person."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]{1,30}", text):
        return False
    label = re.compile(rf"(?:^|[/.]){re.escape(text)}\.(?:com|cn|net|org|gov)\b", re.IGNORECASE)
    return any(label.search(v) for v in root.xpath("//@href | //@src | //meta/@content"))


def meta_names(text: str) -> str:
    """A meta author as names: a role word read as in a byline (``记者 张明``, ``作者：张明``), a
    list's separators as spaces (``张明,李华``, ``张明、李华``)."""
    credited = people_from_text(text).byline_author
    if credited:
        return credited
    names = [n for n in re.split(r"\s*[,，、;；]\s*", text) if n]
    return " ".join(names) if len(names) > 1 and all(plausible_name(n) for n in names) else text


def _slot_name(text: str) -> bool:
    """A name in an author's slot or link worth taking: plausible, not a word that names nobody
    (a form's 账号, 匿名) and not an outlet's own account (经济日报, 某某网)."""
    return plausible_name(text) and not names_nobody(text) and not _SITE_SUFFIX_RE.search(text)


def plausible_name(text: str) -> bool:
    """A meta author worth taking: short, no markup or URL, not a site name with a domain."""
    text = text.strip()
    return 2 <= len(text) <= 30 and not re.search(
        r"[=<>/@]|https?:|\.(com|cn|net)|\d{3}", text, re.IGNORECASE
    )


def meta_author(root: lhtml.HtmlElement, page_title: str, editors: Sequence[str]) -> str | None:
    """The page's ``<meta name="author">`` read as names, unless it names the site (证券时报网,
    a part of the ``<title>``, the domain's label) or the page's editor (编辑：倪仕轩 on the page:
    the meta names the editor, also as 青网新闻杨逸凡)."""
    for m in (c.strip() for c in root.xpath("//meta[@name='author']/@content")):
        if (
            plausible_name(m)
            and not names_site(m, page_title)
            and not site_domain(root, m)
            and not any(e in m for e in editors)
        ):
            return meta_names(m)
    return None
