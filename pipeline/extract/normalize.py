"""Text normalization: traditional → simplified, pinyin annotations out, tidy spacing."""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

_PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ"
# 創(chuàng)建, 文（wén）明: a hanzi followed by a bracketed pinyin syllable
_PINYIN_RE = re.compile(
    rf"([\u4e00-\u9fff])\s?[(（]\s?[{_PINYIN_LETTERS}]{{1,7}}[1-5]?\s?[)）]", re.I
)
_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF5B) if chr(c).isalnum()}
_SPACES = dict.fromkeys(map(ord, "\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff\t"), " ")
_CJK = r"[\u4e00-\u9fff]"
_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_ASCII_PUNCT_RE = re.compile(rf"(?<={_CJK})([,;:?!])(?={_CJK}|[“”\"]|$)")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


# a text is in traditional characters when t2s changes this share of its hanzi or more (a page in
# simplified characters: under 0.02, from variants such as 濛 in 魏其濛; in traditional: 0.15 and up)
TRADITIONAL_SHARE = 0.05
TRADITIONAL_SAMPLE = 600  # hanzi read to decide (t2s costs ~3 ms per 1,000 characters)


def is_traditional(text: str) -> bool:
    """Whether ``text`` is written in traditional characters (not merely holds a variant)."""
    hanzi = "".join(re.findall(_CJK, text[:4000]))[:TRADITIONAL_SAMPLE]
    if not hanzi:
        return False
    changed = sum(a != b for a, b in zip(hanzi, to_simplified(hanzi), strict=False))
    return changed >= TRADITIONAL_SHARE * len(hanzi)


def strip_pinyin(text: str) -> str:
    """Remove pinyin inserted after characters by copying sites: 創(chuàng)建 → 創建."""
    return _PINYIN_RE.sub(r"\1", text)


def normalize_title(text: str) -> str:
    """A headline: as ``normalize_text``, but a space between two clauses stays (one space):
    in a headline it separates clauses, as in 利益集团左右电力体制改革 华东上调超发电价."""
    return normalize_text(text, keep_cjk_spaces=True)


def normalize_text(text: str, keep_cjk_spaces: bool = False, simplify: bool = True) -> str:
    """One line or paragraph: pinyin out, simplified, full-width alnum to ASCII, tidy spaces.
    ``simplify=False`` keeps the characters as written (a person's name on a page in simplified
    characters: 魏其濛 is not 魏其蒙)."""
    text = _CONTROL_RE.sub("", text)
    text = strip_pinyin(text)
    if simplify:
        text = to_simplified(text)
    text = text.translate(_SPACES).translate(_FULLWIDTH_ALNUM)
    text = _ASCII_PUNCT_RE.sub(lambda m: _PUNCT[m.group(1)], text)
    text = re.sub(r" {2,}", " ", text)
    # spaces between two CJK characters are layout, not content
    if not keep_cjk_spaces:
        text = re.sub(rf"(?<={_CJK}) (?={_CJK})", "", text)
    return text.strip()


def normalize_body(paragraphs: list[str]) -> str:
    """Paragraphs normalized and joined with blank lines; empty ones dropped."""
    out = [normalize_text(p) for p in paragraphs]
    return "\n\n".join(p for p in out if p)
