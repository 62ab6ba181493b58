"""CSS or XPath selectors from the source config (``xpath:`` prefix selects XPath)."""

from __future__ import annotations

from lxml import html as lhtml
from lxml.cssselect import CSSSelector
from lxml.etree import XPathError


def select(root: lhtml.HtmlElement, selector: str) -> list:
    """Elements (or strings, for XPath text()/@attr) matched by a configured selector."""
    selector = selector.strip()
    if selector.startswith("xpath:"):
        try:
            return list(root.xpath(selector[6:].strip()))
        except XPathError:
            return []
    try:
        return CSSSelector(selector)(root)
    except Exception:  # cssselect raises several unrelated types for bad syntax
        return []


def select_text(root: lhtml.HtmlElement, selector: str) -> str | None:
    found = select(root, selector)
    if not found:
        return None
    first = found[0]
    text = first if isinstance(first, str) else first.text_content()
    text = " ".join(str(text).split())
    return text or None
