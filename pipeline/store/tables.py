"""SQLModel tables. SQLite by default, PostgreSQL by URL.

All datetimes are stored as UTC and come back timezone-aware (UTC); convert
with ``pipeline.timeutil.local`` for display in Asia/Shanghai. JSON-ish lists
are stored as JSON text so the schema is the same on every backend and can be
migrated later with Alembic (``SQLModel.metadata`` is the target metadata).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import DateTime, Index, Text, TypeDecorator, UniqueConstraint
from sqlmodel import Column, Field, SQLModel


class AwareDateTime(TypeDecorator):
    """Store UTC, return timezone-aware UTC datetimes on every backend."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to an AwareDateTime column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _dt(index: bool = False, nullable: bool = True) -> Column:
    return Column(AwareDateTime(), index=index, nullable=nullable)


class Item(SQLModel, table=True):
    """One article as crawled (exposure, follow-up, news …), keyed by canonical URL."""

    __tablename__ = "items"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(index=True, unique=True, max_length=2000)
    source: str = Field(default="", index=True)
    outlet: str | None = None
    column_name: str | None = None
    kind_hint: str = "mixed"
    title: str = Field(sa_column=Column(Text, nullable=False))
    body: str = Field(sa_column=Column(Text, nullable=False))
    author: str | None = None
    published_at: datetime | None = Field(default=None, sa_column=_dt(index=True))
    fetched_at: datetime | None = Field(default=None, sa_column=_dt())
    updated_at: datetime | None = Field(default=None, sa_column=_dt())
    images: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))
    links: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))
    encoding: str = "utf-8"
    decode_flagged: bool = False
    content_hash: str = Field(default="", index=True)
    previous_hashes: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))
    fingerprint: str = Field(default="", index=True)
    # where each field was found, as JSON: {"published": "meta", "author": "byline", "body": "trafilatura" …}
    field_sources: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))
    kind: str | None = Field(default=None, index=True)
    kind_confidence: float | None = None
    tagged_hash: str | None = None  # content_hash + taxonomy version when last tagged
    tracked_hash: str | None = None  # same, when last applied to the ledger


class ItemUrl(SQLModel, table=True):
    """Every URL under which an item was seen (syndicated copies, feed links)."""

    __tablename__ = "item_urls"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(index=True, unique=True, max_length=2000)
    item_id: int = Field(foreign_key="items.id", index=True)
    source: str = ""
    reason: str = "canonical"  # canonical | syndicated
    seen_at: datetime | None = Field(default=None, sa_column=_dt())


class MentionRow(SQLModel, table=True):
    """A problem mention found by the tagger in one item."""

    __tablename__ = "mentions"
    __table_args__ = (UniqueConstraint("item_id", "idx"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="items.id", index=True)
    idx: int = 0
    text: str = Field(sa_column=Column(Text, nullable=False))
    span_start: int = 0
    span_end: int = 0
    problem_type: str | None = Field(default=None, index=True)
    secondary_types: str = "[]"
    category: str | None = None
    site_type: str | None = None
    district: str | None = Field(default=None, index=True)
    street: str | None = None
    place: str | None = Field(default=None, index=True)
    unit: str | None = None
    deadline: date | None = None
    status: str | None = None
    confidence: float = 0.0
    evidence: str | None = Field(default=None, sa_column=Column(Text))
    cues: str = "[]"
    problem_id: int | None = Field(default=None, foreign_key="problems.id", index=True)
    match_score: float | None = None
    outcome: str | None = None  # opened | attached | reopened | status | review | unmatched
    manual: bool = False  # tags set by an editor (``wenming mentions set``): re-tagging keeps them
    manual_by: str | None = None
    manual_at: datetime | None = Field(default=None, sa_column=_dt())


class Problem(SQLModel, table=True):
    """One entry in the problem ledger (问题台账)."""

    __tablename__ = "problems"
    __table_args__ = (
        Index("ix_problems_match", "district", "problem_type", "status"),
        Index("ix_problems_place", "place", "problem_type"),
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = ""  # what and where, e.g. 张店区华光路占道经营
    summary: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    problem_type: str | None = Field(default=None, index=True)
    category: str | None = Field(default=None, index=True)
    site_type: str | None = None
    district: str | None = None
    street: str | None = None
    place: str | None = None
    unit: str | None = None
    deadline: date | None = Field(default=None, index=True)
    status: str = Field(default="exposed", index=True)
    exposed_at: datetime | None = Field(default=None, sa_column=_dt(index=True))
    resolved_at: datetime | None = Field(default=None, sa_column=_dt(index=True))
    updated_at: datetime | None = Field(default=None, sa_column=_dt())
    first_item_id: int | None = Field(default=None, foreign_key="items.id")
    first_url: str | None = None
    outlet: str | None = None
    exposure_count: int = 1
    priority: int = Field(default=0, index=True)  # 0 normal; raised by repeat exposures and reopenings
    merged_into: int | None = Field(default=None, index=True)


class ProblemEvent(SQLModel, table=True):
    """One change in a problem's life. Appended, never rewritten."""

    __tablename__ = "problem_events"
    __table_args__ = (Index("ix_events_problem_at", "problem_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    problem_id: int = Field(foreign_key="problems.id", index=True)
    at: datetime = Field(sa_column=_dt(index=True, nullable=False))
    action: str = "status"  # opened | repeat | status | reopened | override | review
    status_from: str | None = None
    status_to: str = "exposed"
    item_id: int | None = Field(default=None, foreign_key="items.id")
    url: str | None = None
    sentence: str | None = Field(default=None, sa_column=Column(Text))
    by: str = "machine"
    score: float | None = None
    note: str | None = Field(default=None, sa_column=Column(Text))
    recorded_at: datetime | None = Field(default=None, sa_column=_dt())
    reverts_id: int | None = Field(default=None, index=True)  # for action "undo": the event it takes back


class ProblemTerm(SQLModel, table=True):
    """Inverted index for match candidates: place prefixes, MinHash/LSH bands, article URLs.

    One row per (term, problem); lookups read the newest ``limit`` problems of a
    term from the primary key, so a candidate query costs the same at 10k or 1M
    problems (see ``pipeline.track.index``).
    """

    __tablename__ = "problem_terms"

    term: str = Field(primary_key=True, max_length=400)
    problem_id: int = Field(primary_key=True, foreign_key="problems.id", index=True)


class ReviewItem(SQLModel, table=True):
    """A follow-up mention whose best match was not confident enough to apply."""

    __tablename__ = "review_queue"

    id: int | None = Field(default=None, primary_key=True)
    mention_id: int = Field(foreign_key="mentions.id", index=True, unique=True)
    problem_id: int | None = Field(default=None, foreign_key="problems.id")
    score: float = 0.0
    reasons: str = "[]"
    state: str = Field(default="pending", index=True)  # pending | accepted | rejected
    decided_by: str | None = None
    created_at: datetime | None = Field(default=None, sa_column=_dt())


class Bulletin(SQLModel, table=True):
    """A published weekly bulletin (简报 第N期)."""

    __tablename__ = "bulletins"

    id: int | None = Field(default=None, primary_key=True)
    week: str = Field(index=True, unique=True)  # ISO week, e.g. 2026-W47
    number: int = 0
    title: str = ""
    published_at: datetime | None = Field(default=None, sa_column=_dt())
    html_path: str | None = None
    summary: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # a published issue is frozen: re-publishing with other content makes edition 2, 3 …
    edition: int = 1
    content_hash: str = ""  # SHA-256 of what the current edition says
    first_published_at: datetime | None = Field(default=None, sa_column=_dt())
    docx_path: str | None = None


class CrawlRun(SQLModel, table=True):
    """One crawl of one source, with its counted outcomes."""

    __tablename__ = "crawl_runs"

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(index=True)
    started_at: datetime | None = Field(default=None, sa_column=_dt())
    finished_at: datetime | None = Field(default=None, sa_column=_dt())
    stats: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))
