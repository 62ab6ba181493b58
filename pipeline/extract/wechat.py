"""A WeChat official account's article page (mp.weixin.qq.com, and copies of one saved as HTML).

Many cities' exposure columns are 公众号 posts. Their pages show the publish time only through
script (``<em id="publish_time">`` is empty until ``var ct = "1716170000"`` or
``var createTime = '2024-05-20 08:30'`` fills it) and give the writer in the article's meta list
(``<div id="meta_content">``: ``<span class="rich_media_meta rich_media_meta_text">张明</span>``
beside the account's own name, ``<a id="js_name">``). Nothing else on the page says either.
"""

from __future__ import annotations

import re
from datetime import datetime

from lxml import html as lhtml

from pipeline.extract.nodes import text_of
from pipeline.timeutil import TZ

# the publish time as the page's script sets it: seconds since 1970 (var ct), or the time as text
_SCRIPT_TIME_RE = re.compile(
    r"""\bvar\s+(ct|createTime|publish_time)\s*=\s*(?:JsDecode\()?\s*['"]([^'"\n]{4,30})['"]"""
)
_ORDER = ("ct", "createTime", "publish_time")  # most precise first
_TEXT_TIME_RE = re.compile(r"(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_META_LIST = "//*[@id='meta_content' or contains(concat(' ', normalize-space(@class), ' '), ' rich_media_meta_list ')]"


def is_wechat_article(root: lhtml.HtmlElement) -> bool:
    """The page is laid out as a WeChat article: its body in ``#js_content`` or its meta list in
    ``#meta_content`` (one pass over the page, by id: this runs on every page)."""
    return bool(root.xpath("//*[@id='js_content' or @id='meta_content']"))


def wechat_time(root: lhtml.HtmlElement) -> str | None:
    """The publish time the page's script sets, as ``YYYY-MM-DD HH:MM:SS`` (China time) or as
    written; ``None`` on a page not laid out as a WeChat article, or without such a script."""
    if not is_wechat_article(root):
        return None
    found: dict[str, str] = {}
    for script in root.iter("script"):
        for name, value in _SCRIPT_TIME_RE.findall(script.text or ""):
            found.setdefault(name, value.strip())
    for name in _ORDER:
        value = found.get(name)
        if not value:
            continue
        if name == "ct":
            if re.fullmatch(r"\d{9,10}", value):
                when = datetime.fromtimestamp(int(value), tz=TZ)
                if 2000 <= when.year <= 2100:
                    return when.strftime("%Y-%m-%d %H:%M:%S")
            continue
        m = _TEXT_TIME_RE.search(value)
        if m:
            return m.group(0)
    return None


def wechat_credit(root: lhtml.HtmlElement) -> tuple[str | None, str | None]:
    """(the writer named in a WeChat article's meta list, the official account's own name);
    both ``None`` on a page not laid out as a WeChat article. The writer is ``#js_author_name``,
    else the ``rich_media_meta_text`` entry that is neither a time nor the account (``#js_name``,
    ``rich_media_meta_nickname``); the account is ``<a id="js_name">``, which the labels credit a
    platform post to when no person wrote it."""
    if not is_wechat_article(root):
        return None, None
    return _writer(root), _first_text(root.xpath("//*[@id='js_name']"))


def _first_text(elements: list) -> str | None:
    return next((t for t in (text_of(el) for el in elements) if t), None)


def _writer(root: lhtml.HtmlElement) -> str | None:
    own = _first_text(root.xpath("//*[@id='js_author_name']"))
    if own:
        return own
    for meta_list in root.xpath(_META_LIST):
        for el in meta_list.iter():
            if not isinstance(el.tag, str) or el.get("id") or el.get("style"):
                continue  # (the time and the IP line have ids, and are filled or shown by script)
            classes = (el.get("class") or "").split()
            if "rich_media_meta_text" not in classes or "rich_media_meta_nickname" in classes:
                continue
            if el.xpath(".//*[@id='js_name']"):
                continue
            text = text_of(el)
            if text and not _TEXT_TIME_RE.search(text):
                return text
    return None
