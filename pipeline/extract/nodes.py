"""What an element of a parsed page says: its text, whether the reader sees it, a labelled value."""

from __future__ import annotations

import re

from lxml import html as lhtml

from pipeline.extract.body import HIDDEN_STYLE_RE


def text_of(el: lhtml.HtmlElement) -> str:
    """The element's text, its whitespace runs made single spaces."""
    return " ".join(el.text_content().split())


def is_hidden(el: lhtml.HtmlElement) -> bool:
    """``el`` or an ancestor is hidden from the reader (``style="display:none"``, ``hidden``): a
    block kept for search engines (作者：<the editor>) or a list of other writers."""
    return any(
        a.get("hidden") is not None or HIDDEN_STYLE_RE.search(a.get("style") or "")
        for a in (el, *el.iterancestors())
    )


def labelled_value(root: lhtml.HtmlElement, key: str, rx: re.Pattern[str]) -> str | None:
    """The value after a label such as 发文机关： in a government page's metadata table, where
    label and value sit in one element, or in sibling cells or list items."""
    for el in root.xpath(f"//*[text()[contains(., '{key}')]]"):
        parent = el.getparent()
        for holder in (el, parent, parent.getparent() if parent is not None else None):
            m = rx.search(text_of(holder)) if holder is not None else None
            if m:
                return m.group(1)
    return None
