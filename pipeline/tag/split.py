"""Split round-ups into numbered parts, and texts into sentences.

A weekly exposure column or a follow-up notice lists its problems as
"1." "1、" "（1）" "一、" "（一）" "第一处" "①" at paragraph starts. The most
frequent numbering style (at least two items) marks the items; lines numbered
in another style before or between them are section headers ("一、张店区"),
kept as context for the items below them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN = "一二三四五六七八九十"
MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("arabic", re.compile(r"\s*(\d{1,2})\s*[\.．、](?![\d])\s*")),
    # rows of a table flattened into text: "1 周村区某小区… 丝绸路街道 整改中"
    ("arabic_space", re.compile(r"\s*(\d{1,2})[ \t\u3000]+(?=[\u4e00-\u9fff])")),
    ("paren_arabic", re.compile(r"\s*[（(]\s*(\d{1,2})\s*[)）]\s*")),
    ("circled", re.compile(r"\s*([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮])\s*")),
    ("di_chu", re.compile(rf"\s*第\s*([{_CN}\d]{{1,3}})\s*处\s*[：:，,]?\s*")),
    ("paren_cn", re.compile(rf"\s*[（(]\s*([{_CN}]{{1,3}})\s*[)）]\s*")),
    ("cn", re.compile(rf"\s*([{_CN}]{{1,3}})\s*[、\.．]\s*")),
)
_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")


@dataclass(frozen=True)
class Part:
    """One numbered part of a round-up: its text is ``body[span[0]:span[1]]``."""

    index: int
    text: str
    span: tuple[int, int]
    header: str = ""


@dataclass(frozen=True)
class _Line:
    start: int  # offset of the text after the marker
    end: int
    style: str | None


def _lines(body: str) -> list[_Line]:
    out = []
    for m in re.finditer(r"[^\n]+", body):
        line = m.group()
        if not line.strip():
            continue
        style, start = None, m.start() + len(line) - len(line.lstrip())
        for name, pattern in MARKERS:
            mm = pattern.match(line)
            if mm and mm.end() < len(line.rstrip()):
                style, start = name, m.start() + mm.end()
                break
        out.append(_Line(start, m.start() + len(line.rstrip()), style))
    return out


def split_parts(body: str) -> list[Part]:
    """The numbered parts of a round-up; [] when there are fewer than two."""
    lines = _lines(body)
    counts: dict[str, int] = {}
    for ln in lines:
        if ln.style:
            counts[ln.style] = counts.get(ln.style, 0) + 1
    if not counts:
        return []
    order = [name for name, _ in MARKERS]
    item_style = max(counts, key=lambda s: (counts[s], -order.index(s)))
    if counts[item_style] < 2:
        return []
    parts: list[Part] = []
    header = ""
    current: list[_Line] = []

    def close(last: bool = False) -> None:
        if not current:
            return
        lines_used = current[:1] if last else current
        start, end = lines_used[0].start, lines_used[-1].end
        parts.append(Part(len(parts), body[start:end], (start, end), header))
        current.clear()

    for ln in lines:
        if ln.style == item_style:
            close()
            current.append(ln)
        elif ln.style is not None:
            close()
            header = body[ln.start : ln.end]
        elif current:
            current.append(ln)
    close(last=True)
    return parts if len(parts) >= 2 else []


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, split at 。！？； and line breaks."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[start : m.start()].strip():
            out.append((start, m.end()))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def sentence_at(text: str, pos: int) -> str:
    """The sentence of ``text`` holding character ``pos``, trimmed."""
    for start, end in sentences(text):
        if start <= pos < end:
            return text[start:end].strip()
    return text.strip()
