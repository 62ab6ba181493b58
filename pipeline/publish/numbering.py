"""Bulletin numbers (第N期): one ``bulletins`` row per published week.

The first publish of a week takes max(number) + 1; publishing the week again
keeps its number and refreshes ``published_at`` / ``html_path``. Drafts only
peek at the number they would get and store nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from pipeline.store.tables import Bulletin


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
    now: datetime,
) -> Bulletin:
    """Insert or refresh the week's row and commit."""
    row = session.exec(select(Bulletin).where(Bulletin.week == week)).first()
    if row is None:
        row = Bulletin(week=week, number=number)
    row.title = title
    row.summary = summary
    row.html_path = html_path
    row.published_at = now
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def list_bulletins(session: Session) -> list[tuple[str, int, str, datetime | None]]:
    """(week, number, title, published_at) of every bulletin, newest number first."""
    rows = session.exec(select(Bulletin).order_by(col(Bulletin.number).desc())).all()
    return [(b.week, b.number, b.title, b.published_at) for b in rows]
