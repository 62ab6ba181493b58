"""Bulletin numbers (第N期) and editions: one ``bulletins`` row per published week.

The first publish of a week takes max(number) + 1 and is edition 1. A
published issue is frozen: publishing the week again with the same content
changes nothing; with different content (a late follow-up, an editor's
correction) it becomes edition 2, 3 … under the same number. Drafts only
peek at the number they would get and store nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from pipeline.store.tables import Bulletin


@dataclass(frozen=True)
class BulletinRecord:
    week: str
    number: int
    title: str
    summary: str
    edition: int
    content_hash: str
    published_at: datetime | None  # the current edition's
    first_published_at: datetime | None
    html_path: str | None
    docx_path: str | None


def _record(b: Bulletin) -> BulletinRecord:
    return BulletinRecord(
        week=b.week,
        number=b.number,
        title=b.title,
        summary=b.summary,
        edition=b.edition or 1,
        content_hash=b.content_hash or "",
        published_at=b.published_at,
        first_published_at=b.first_published_at or b.published_at,
        html_path=b.html_path,
        docx_path=b.docx_path,
    )


def find_bulletin(session: Session, week: str) -> BulletinRecord | None:
    row = session.exec(select(Bulletin).where(Bulletin.week == week)).first()
    return _record(row) if row else None


def number_for(session: Session, week: str) -> int:
    """The week's number if it was published, else the next free one."""
    found = session.exec(select(Bulletin.number).where(Bulletin.week == week)).first()
    if found is not None:
        return found
    top = session.exec(select(func.max(col(Bulletin.number)))).one()
    return (top or 0) + 1


def record_bulletin(
    session: Session,
    *,
    week: str,
    number: int,
    title: str,
    summary: str,
    html_path: str,
    docx_path: str | None,
    content_hash: str,
    edition: int,
    now: datetime,
) -> BulletinRecord:
    """Insert the week's row or store a new edition of it, and commit."""
    row = session.exec(select(Bulletin).where(Bulletin.week == week)).first()
    if row is None:
        row = Bulletin(week=week, number=number, first_published_at=now)
    row.first_published_at = row.first_published_at or row.published_at or now
    row.title = title
    row.summary = summary
    row.html_path = html_path
    row.docx_path = docx_path
    row.content_hash = content_hash
    row.edition = edition
    row.published_at = now
    session.add(row)
    session.commit()
    session.refresh(row)
    return _record(row)


def list_bulletins(session: Session) -> list[BulletinRecord]:
    """Every bulletin, newest number first."""
    rows = session.exec(select(Bulletin).order_by(col(Bulletin.number).desc())).all()
    return [_record(b) for b in rows]
