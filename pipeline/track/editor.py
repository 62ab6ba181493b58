"""What editors do to the ledger: override a status, dismiss, merge duplicates,
undo, decide the review queue.

Every decision is appended to the problem's timeline with the editor's name;
nothing earlier is rewritten. An undo is itself an event (``reverts_id`` names
the event it takes back), so the timeline shows both.
"""

from __future__ import annotations

import json

from sqlmodel import Session, col, select

from pipeline.errors import LedgerError
from pipeline.models import PROBLEM_STATUSES
from pipeline.store.tables import Item, MentionRow, Problem, ProblemEvent, ReviewItem
from pipeline.timeutil import now
from pipeline.track.index import index_problem
from pipeline.track.ledger import add_event, apply_status


def _signed(by: str) -> str:
    if not by.strip():
        raise LedgerError("--by NAME is required: every editor decision is signed")
    return by.strip()


def _problem(session: Session, problem_id: int) -> Problem:
    p = session.get(Problem, problem_id)
    if p is None:
        raise LedgerError(f"no problem #{problem_id}")
    return p


def set_status(session: Session, problem_id: int, status: str, by: str, note: str | None = None) -> ProblemEvent:
    if status not in PROBLEM_STATUSES:
        raise LedgerError(f"unknown status {status!r}; one of {', '.join(PROBLEM_STATUSES)}")
    by = _signed(by)
    p = _problem(session, problem_id)
    ev = add_event(session, p, at=now(), action="override", status_to=status, by=by, note=note)
    session.commit()
    return ev


def dismiss(session: Session, problem_id: int, by: str, reason: str) -> ProblemEvent:
    """Mark a problem invalid (不予处理); the reason is required and kept in the timeline."""
    by = _signed(by)
    if not reason or not reason.strip():
        raise LedgerError("--reason is required to dismiss a problem")
    p = _problem(session, problem_id)
    ev = add_event(session, p, at=now(), action="dismissed", status_to="dismissed", by=by, note=reason.strip())
    session.commit()
    return ev


def merge(session: Session, duplicate_id: int, into_id: int, by: str, note: str | None = None) -> ProblemEvent:
    """Fold a duplicate into another problem: the duplicate is dismissed and points at the other,
    whose exposure count and index absorb it (follow-ups naming the duplicate's articles find it)."""
    by = _signed(by)
    if duplicate_id == into_id:
        raise LedgerError("cannot merge a problem into itself")
    dup, into = _problem(session, duplicate_id), _problem(session, into_id)
    if dup.merged_into is not None:
        raise LedgerError(f"#{duplicate_id} was already merged into #{dup.merged_into}")
    if into.merged_into is not None:
        raise LedgerError(f"#{into_id} was itself merged into #{into.merged_into}; merge into that one")
    at = now()
    ev = add_event(session, dup, at=at, action="merged", status_to="dismissed", by=by,
                   note=f"重复，合并至 #{into_id}" + (f"; {note}" if note else ""))
    dup.merged_into = into_id
    add_event(session, into, at=at, action="merge", status_to=into.status, by=by,
              note=f"并入重复问题 #{duplicate_id}" + (f"; {note}" if note else ""))
    into.exposure_count += dup.exposure_count
    urls = session.exec(select(ProblemEvent.url).where(ProblemEvent.problem_id == dup.id,
                                                       col(ProblemEvent.url).is_not(None))).all()
    index_problem(session, into, [u for u in urls if u])
    session.commit()
    return ev


def undo(session: Session, problem_id: int, by: str, note: str | None = None) -> ProblemEvent:
    """Take back the latest change not yet taken back (machine or editor): an appended ``undo`` event."""
    by = _signed(by)
    p = _problem(session, problem_id)
    events = session.exec(select(ProblemEvent).where(ProblemEvent.problem_id == p.id).order_by(col(ProblemEvent.id))).all()
    undone = {e.reverts_id for e in events if e.action == "undo"}
    live = [e for e in events if e.action not in ("opened", "undo") and e.id not in undone]
    if not live:
        raise LedgerError(f"#{problem_id}: nothing to undo")
    last = live[-1]
    if last.action == "merge":
        raise LedgerError(f"#{problem_id}: the latest change is a merge; undo it on the duplicate ({last.note})")
    target = last.status_from or p.status
    ev = add_event(session, p, at=now(), action="undo", status_to=target, by=by,
                   note=f"撤销 #{last.id} {last.action} → {last.status_to}" + (f"; {note}" if note else ""))
    ev.reverts_id = last.id
    if target == "resolved":  # back to the fix that stood before
        fixes = [e.at for e in live[:-1] if e.status_to == "resolved"]
        p.resolved_at = fixes[-1] if fixes else p.resolved_at
    if last.action in ("repeat", "reopened"):
        p.exposure_count = max(1, p.exposure_count - 1)
        p.priority = max(0, p.priority - 1)
    if last.action == "merged" and p.merged_into is not None:
        into = _problem(session, p.merged_into)
        add_event(session, into, at=ev.at, action="unmerge", status_to=into.status, by=by,
                  note=f"撤销合并 #{p.id}")
        into.exposure_count = max(1, into.exposure_count - p.exposure_count)
        p.merged_into = None
    if last.item_id is not None:
        for m in session.exec(select(MentionRow).where(MentionRow.item_id == last.item_id,
                                                       MentionRow.problem_id == p.id)):
            m.outcome = "undone"
            session.add(m)
    session.add(p)
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
    by = _signed(by)
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
