"""Text hygiene for everything that reaches HTML or XML.

Titles and places come from scraped pages and editors; they may carry control
characters, bidi overrides, markup or absurd lengths. Escaping is the
templates' (Jinja autoescape) and lxml's job; this module removes what no
escaping can make safe and keeps links to http(s) only.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

# XML 1.0 Char production: everything below U+0020 except \t \n \r, lone
# surrogates, and U+FFFE/U+FFFF are illegal and make lxml refuse the string.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Bidi embedding/override/isolate controls let one field reverse the text
# that follows it on screen (U+202E "RTL override" spoofing).
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


def clean_xml_text(s: str | None) -> str:
    """Drop characters XML 1.0 forbids (keeps \\t, \\n, \\r). ``None`` → ''."""
    if not s:
        return ""
    return _XML_ILLEGAL.sub("", s)


@lru_cache(maxsize=1 << 16)  # districts, units, types repeat on every row
def clean_text(s: str | None, limit: int | None = None) -> str:
    """XML-clean, bidi-control-free, whitespace-collapsed; cut to ``limit`` chars with '…'."""
    out = _SPACES.sub(" ", _BIDI.sub("", clean_xml_text(s))).strip()
    if limit is not None and len(out) > limit:
        out = out[: limit - 1].rstrip() + "…"
    return out


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) link, else None (no javascript:, data: …)."""
    url = clean_text(url)
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url
