"""What editors do to the ledger: override a status, decide the review queue.

Every decision is appended to the problem's timeline with the editor's name;
nothing earlier is rewritten.
"""

from __future__ import annotations

import json

from sqlmodel import Session, col, select

from pipeline.errors import LedgerError
from pipeline.models import PROBLEM_STATUSES
from pipeline.store.tables import Item, MentionRow, Problem, ProblemEvent, ReviewItem
from pipeline.timeutil import now
from pipeline.track.ledger import add_event, apply_status


def set_status(session: Session, problem_id: int, status: str, by: str, note: str | None = None) -> ProblemEvent:
    if status not in PROBLEM_STATUSES:
        raise LedgerError(f"unknown status {status!r}; one of {', '.join(PROBLEM_STATUSES)}")
    if not by.strip():
        raise LedgerError("--by NAME is required: every editor decision is signed")
    p = session.get(Problem, problem_id)
    if p is None:
        raise LedgerError(f"no problem #{problem_id}")
    ev = add_event(session, p, at=now(), action="override", status_to=status, by=by.strip(), note=note)
    session.commit()
    return ev


def pending_reviews(session: Session) -> list[tuple[ReviewItem, MentionRow, Problem | None, Item | None]]:
    rows = session.exec(select(ReviewItem).where(ReviewItem.state == "pending").order_by(col(ReviewItem.id))).all()
    out = []
    for r in rows:
        m = session.get(MentionRow, r.mention_id)
        if m is None:
            continue
        out.append((r, m, session.get(Problem, r.problem_id) if r.problem_id else None, session.get(Item, m.item_id)))
    return out


def decide_review(session: Session, review_id: int, accept: bool, by: str, problem_id: int | None = None) -> ReviewItem:
    """Accept (apply the follow-up to the proposed or given problem) or reject a queued match."""
    if not by.strip():
        raise LedgerError("--by NAME is required: every editor decision is signed")
    r = session.get(ReviewItem, review_id)
    if r is None:
        raise LedgerError(f"no review #{review_id}")
    if r.state != "pending":
        raise LedgerError(f"review #{review_id} was already {r.state} by {r.decided_by}")
    m = session.get(MentionRow, r.mention_id)
    assert m is not None
    if accept:
        p = session.get(Problem, problem_id or r.problem_id or 0)
        if p is None:
            raise LedgerError(f"no problem #{problem_id or r.problem_id}")
        item = session.get(Item, m.item_id)
        assert item is not None
        apply_status(session, p, m, item, r.score, "editor accepted: " + "; ".join(json.loads(r.reasons)), by=by)
        m.problem_id, m.outcome = p.id, "status"
    else:
        m.outcome = "rejected"
    r.state, r.decided_by = ("accepted" if accept else "rejected"), by
    session.add(m)
    session.add(r)
    session.commit()
    return r
