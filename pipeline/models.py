"""Typed objects handed from one stage to the next.

``FetchedPage`` (crawl) → ``Article`` (extract + normalize) → stored ``Item``
(``pipeline.store.tables``) → ``TaggedItem`` with ``Mention``s (tag) → ledger
rows (track) → bulletin and feed context (publish).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Kind = Literal["exposure", "followup", "news", "other"]
KindHint = Literal["exposure", "followup", "news", "mixed"]
MentionStatus = Literal["resolved", "in_progress", "unresolved"]

KINDS: tuple[str, ...] = ("exposure", "followup", "news", "other")
KIND_HINTS: tuple[str, ...] = ("exposure", "followup", "news", "mixed")
PROBLEM_STATUSES: tuple[str, ...] = ("exposed", "in_progress", "resolved", "reopened", "dismissed")
STATUS_ZH: dict[str, str] = {
    "exposed": "已曝光",
    "in_progress": "整改中",
    "resolved": "已整改",
    "reopened": "反弹",
    "dismissed": "不予处理",
}


@dataclass
class FetchedPage:
    """One HTTP response as the crawler got it, before any interpretation."""

    url: str
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    source: str = ""
    fetched_at: datetime | None = None


@dataclass
class SourceInfo:
    """What the source config says about the page's origin."""

    name: str
    outlet: str = ""
    column: str = ""
    kind_hint: str = "mixed"
    overrides: dict[str, str] = field(default_factory=dict)


@dataclass
class Article:
    """An extracted, normalized article, ready to store."""

    url: str
    title: str
    body: str  # paragraphs separated by "\n\n"
    source: str = ""
    outlet: str | None = None
    column: str | None = None
    kind_hint: str = "mixed"
    published_at: datetime | None = None  # timezone-aware
    author: str | None = None
    images: list[str] = field(default_factory=list)
    encoding: str = "utf-8"
    decode_flagged: bool = False
    content_hash: str = ""  # hash of title + body: "did this page change?"
    fingerprint: str = ""  # hash of the body alone: "is this the same article?"
    links: list[str] = field(default_factory=list)  # links found in the body
    fetched_at: datetime | None = None
    reporters: list[str] = field(default_factory=list)  # 记者
    correspondents: list[str] = field(default_factory=list)  # 通讯员
    editors: list[str] = field(default_factory=list)  # 编辑, 责任编辑
    # where each field came from: "override", "meta", "byline", "page_text", "url", "body", …
    field_sources: dict[str, str] = field(default_factory=dict)


@dataclass
class Mention:
    """One problem spoken of by an item (an item may carry several)."""

    index: int
    text: str
    span: tuple[int, int] = (0, 0)
    problem_type: str | None = None
    secondary_types: list[str] = field(default_factory=list)
    category: str | None = None
    site_type: str | None = None
    district: str | None = None
    street: str | None = None
    place: str | None = None
    unit: str | None = None
    deadline: date | None = None
    status: str | None = None  # for follow-ups: resolved / in_progress / unresolved
    confidence: float = 0.0
    evidence: str | None = None  # the cue sentence
    cues: list[str] = field(default_factory=list)


@dataclass
class TaggedItem:
    """The tagger's verdict on one item."""

    kind: str
    confidence: float = 0.0
    mentions: list[Mention] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)
