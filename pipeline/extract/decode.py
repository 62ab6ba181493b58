"""Turn response bytes into text, weighing BOM, HTTP header, meta tag and the bytes.

A declaration the bytes contradict loses: UTF-8 that decodes strictly wins over
a page claiming GBK, and GBK bytes win over a page claiming UTF-8. GB2312 and
GBK are decoded as their superset GB18030. Bytes that decode cleanly under no
candidate (a page pasted together from UTF-8 and GBK parts) are decoded line by
line, each line in the encoding that fits it, with replacement characters
where none does, and flagged (``encoding == "mixed"``), never dropped.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

_META_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_RE = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-]+)""", re.I)
_HEADER_RE = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "hz-gb-2312": "gb18030",
    "utf8": "utf-8",
    "big5-hkscs": "big5hkscs",
}


@dataclass
class Decoded:
    text: str
    encoding: str  # the codec actually used
    declared: str | None  # what the header or meta claimed
    flagged: bool = False  # True when replacement characters had to be used
    reason: str = ""  # how the encoding was chosen


def normalize_encoding(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charsets(
    body: bytes, content_type: str | None = None
) -> tuple[str | None, str | None]:
    """(header charset, in-document charset) as declared, normalized, or None."""
    header = None
    if content_type:
        m = _HEADER_RE.search(content_type)
        header = normalize_encoding(m.group(1)) if m else None
    head = body[:4096]
    m = _META_RE.search(head) or _XML_RE.search(head)
    meta = normalize_encoding(m.group(1).decode("ascii", "ignore")) if m else None
    return header, meta


def _strict(body: bytes, enc: str) -> str | None:
    try:
        return body.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode a page's bytes; see the module docstring for the rules."""
    header, meta = declared_charsets(body, content_type)
    declared = header or meta
    # 1. a byte-order mark is the strongest evidence there is
    for bom, enc in _BOMS:
        if body.startswith(bom):
            return Decoded(body[len(bom) :].decode(enc, "replace"), enc, declared, reason="bom")
    # 2. bytes that are valid UTF-8 (and not plain ASCII) are UTF-8, whatever is declared
    text = _strict(body, "utf-8")
    if text is not None:
        return Decoded(
            text,
            "utf-8",
            declared,
            reason="utf-8 valid" if declared in (None, "utf-8") else "declaration contradicted",
        )
    # 3. the declarations, header first, if the bytes agree with them
    for enc in (header, meta):
        if enc and enc != "utf-8":
            text = _strict(body, enc)
            if text is not None:
                return Decoded(text, enc, declared, reason="declared")
    # 4. Chinese pages: GB18030 covers GB2312 and GBK
    text = _strict(body, "gb18030")
    if text is not None:
        # undeclared Big5 is often valid GB18030 too: let a detector choose between the two only
        if declared is None and _strict(body, "big5") is not None:
            best = from_bytes(body, cp_isolation=["gb18030", "big5"]).best()
            if best is not None and best.encoding == "big5":
                return Decoded(body.decode("big5"), "big5", declared, reason="big5 detected")
        return Decoded(text, "gb18030", declared, reason="gb18030 valid")
    # 5. UTF-8 or GB18030 spoilt by a few stray bytes: that one, with replacement, flagged
    #    (a detector would call such a page Cyrillic or Latin and garble all of it)
    for enc in ("utf-8", "gb18030"):
        text = body.decode(enc, "replace")
        if text.count("\ufffd") <= max(8, len(body) // 1000):
            return Decoded(text, enc, declared, flagged=True, reason="nearly clean")
    # 6. a detector's best guess, if it decodes cleanly
    best = from_bytes(body).best()
    if best is not None and best.encoding:
        enc = normalize_encoding(best.encoding) or "utf-8"
        text = _strict(body, enc)
        if text is not None:
            return Decoded(text, enc, declared, reason="detected")
    # 7. mixed bytes: each line in the encoding that suits it, the rest with replacement; flagged
    candidates = [e for e in dict.fromkeys([header, meta, "utf-8", "gb18030"]) if e]
    return Decoded(
        decode_mixed(body, candidates), "mixed", declared, flagged=True, reason="mixed bytes"
    )


def decode_mixed(body: bytes, candidates: list[str]) -> str:
    """Line by line: the first candidate that decodes a line strictly, else the one with fewest U+FFFD."""
    lines = []
    for line in body.split(b"\n"):
        text = next((t for t in (_strict(line, e) for e in candidates) if t is not None), None)
        if text is None:
            text = min(
                (line.decode(e, "replace") for e in candidates), key=lambda t: t.count("\ufffd")
            )
        lines.append(text)
    return "\n".join(lines)
