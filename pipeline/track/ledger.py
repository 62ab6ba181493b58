"""Apply tagged items to the ledger, oldest first. Idempotent: re-running adds nothing.

Exposure mention → open a problem, or attach a repeat to the open one at the
same place, or reopen (反弹) the resolved one. Follow-up mention → matched to
a problem (``match``): applied above ``apply_threshold``, queued for review
above ``review_threshold``, otherwise left unmatched and retried next run.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, or_, select

from pipeline.config import Config
from pipeline.models import STATUS_ZH
from pipeline.store.tables import Item, MentionRow, Problem, ProblemEvent, ReviewItem, utcnow
from pipeline.taxonomy import Taxonomy
from pipeline.timeutil import local
from pipeline.track.index import index_problem, lookup, place_terms
from pipeline.track.match import OPEN, best_matches, same_place, similarity

FOLLOWUP_TO_STATUS = {"resolved": "resolved", "in_progress": "in_progress"}
MAX_PRIORITY = 3  # each repeat exposure or reopening raises priority by one, up to this
COPY_SIMILARITY, COPY_DAYS = 0.6, 3


@dataclass
class TrackReport:
    counts: Counter = field(default_factory=Counter)

    def __str__(self) -> str:
        return ", ".join(f"{k} {v}" for k, v in sorted(self.counts.items())) or "nothing to do"


def problem_title(p: Problem, taxonomy: Taxonomy) -> str:
    what = taxonomy.label(p.problem_type) or "问题"
    where = f"{p.district or ''}{p.place or ''}"
    return f"{where}{what}" if where else what


def add_event(session: Session, p: Problem, *, at: datetime, action: str, status_to: str, item: Item | None = None,
              sentence: str | None = None, by: str = "machine", score: float | None = None,
              note: str | None = None) -> ProblemEvent:
    ev = ProblemEvent(problem_id=p.id, at=at, action=action, status_from=p.status, status_to=status_to,  # type: ignore[arg-type]
                      item_id=item.id if item else None, url=item.url if item else None, sentence=sentence,
                      by=by, score=score, note=note, recorded_at=utcnow())
    session.add(ev)
    if status_to != p.status:
        p.status = status_to
        if status_to == "resolved":
            p.resolved_at = at
        elif status_to in OPEN:
            p.resolved_at = None
    p.updated_at = at
    session.add(p)
    return ev


def _when(item: Item) -> datetime:
    return item.published_at or item.fetched_at or utcnow()


def _deadline(m: MentionRow, at: datetime, config: Config) -> date:
    if m.deadline:
        return m.deadline
    return (local(at) + timedelta(days=config.deadline_for(m.problem_type))).date()  # type: ignore[operator]


def _open_problem(session: Session, m: MentionRow, item: Item, config: Config) -> Problem:
    at = _when(item)
    p = Problem(problem_type=m.problem_type, category=m.category, site_type=m.site_type, district=m.district,
                street=m.street, place=m.place, unit=m.unit, deadline=_deadline(m, at, config), status="exposed",
                exposed_at=at, updated_at=at, first_item_id=item.id, first_url=item.url, outlet=item.outlet,
                summary=m.text[:500])
    p.title = problem_title(p, config.taxonomy)
    session.add(p)
    session.flush()
    index_problem(session, p, [item.url])
    session.add(ProblemEvent(problem_id=p.id, at=at, action="opened", status_from=None, status_to="exposed",  # type: ignore[arg-type]
                             item_id=item.id, url=item.url, sentence=m.evidence or m.text[:200], by="machine",
                             score=m.confidence, recorded_at=utcnow()))
    return p


def _same_problem(session: Session, m: MentionRow) -> Problem | None:
    """An earlier problem of the same type at exactly the same place (an exposure seen again), via the
    place index. 华光路 and 华光路农贸市场东侧 are different places: a duplicate opened by a loose
    place name can be merged by an editor, a wrong attachment would hide a problem."""
    if not m.place or not m.problem_type:
        return None
    ids = lookup(session, place_terms(m.place)[:1], per_term=50)
    if not ids:
        return None
    q = select(Problem).where(col(Problem.id).in_(ids), Problem.problem_type == m.problem_type,
                              Problem.status != "dismissed", col(Problem.merged_into).is_(None))
    for p in session.exec(q.order_by(col(Problem.id).desc())):
        if same_place(p.place, m.place) == 1.0 and (not m.district or not p.district or p.district == m.district):
            return p
    return None


def _is_copy(session: Session, p: Problem, m: MentionRow, item: Item, at: datetime) -> bool:
    """A syndicated copy: an article with nearly the same title and text as one that exposed ``p``,
    within COPY_DAYS (a store-level duplicate never gets here; this catches copies edited on the way)."""
    if similarity(p.summary, m.text) < COPY_SIMILARITY:
        return False
    q = (select(ProblemEvent.at, Item.title).join(Item, col(Item.id) == col(ProblemEvent.item_id))
         .where(ProblemEvent.problem_id == p.id, col(ProblemEvent.action).in_(["opened", "repeat", "reopened"])))
    return any(abs(at - t) <= timedelta(days=COPY_DAYS) and similarity(title, item.title) >= COPY_SIMILARITY
               for t, title in session.exec(q))


def _already_applied(session: Session, p: Problem, item: Item) -> bool:
    """Has this item already left an event on this problem? (tracking the same item twice adds nothing)"""
    q = select(ProblemEvent.id).where(ProblemEvent.problem_id == p.id, ProblemEvent.item_id == item.id)
    return session.exec(q.limit(1)).first() is not None


def apply_exposure(session: Session, m: MentionRow, item: Item, config: Config, report: TrackReport) -> None:
    if m.problem_type is None:
        m.outcome = "untyped"
        report.counts["untyped"] += 1
        return
    p = _same_problem(session, m)
    at = _when(item)
    if p is None:
        p = _open_problem(session, m, item, config)  # indexed there, with this item's URL
        m.outcome = "opened"
    elif p.first_item_id == item.id or (p.exposed_at and at < p.exposed_at) or _already_applied(session, p, item):
        m.outcome = "attached"  # the same article again (e.g. re-tagged), or an older report: nothing new
    elif _is_copy(session, p, m, item, at):
        m.outcome = "copy"  # a syndicated copy under another URL: no new exposure, but its URL finds the problem
    elif p.status == "resolved":
        add_event(session, p, at=at, action="reopened", status_to="reopened", item=item,
                  sentence=m.evidence or m.text[:200], score=m.confidence, note="同一地点再次曝光（反弹）")
        p.exposure_count += 1
        p.priority = min(MAX_PRIORITY, p.priority + 1)
        p.deadline = _deadline(m, at, config)
        m.outcome = "reopened"
    else:
        add_event(session, p, at=at, action="repeat", status_to=p.status, item=item,
                  sentence=m.evidence or m.text[:200], score=m.confidence, note="重复曝光，优先级提高")
        p.exposure_count += 1
        p.priority = min(MAX_PRIORITY, p.priority + 1)
        m.outcome = "attached"
    if m.outcome != "opened":
        index_problem(session, p, [item.url])  # this URL (and any term an older problem lacks)
    m.problem_id = p.id
    report.counts[m.outcome] += 1


def apply_followup(session: Session, m: MentionRow, item: Item, config: Config, report: TrackReport) -> None:
    links = json.loads(item.links or "[]")
    matches = best_matches(session, m, links, item.published_at)
    if not matches:
        m.outcome = "unmatched"
        report.counts["unmatched"] += 1
        return
    best = matches[0]
    runner_up = matches[1].raw if len(matches) > 1 else 0.0
    clear = best.raw - runner_up >= 0.1
    m.match_score = best.score
    if best.score >= config.apply_threshold and clear:
        apply_status(session, best.problem, m, item, best.score, "; ".join(best.reasons))
        m.problem_id = best.problem.id
        m.outcome = "status"
    elif best.score >= config.review_threshold:
        existing = session.exec(select(ReviewItem).where(ReviewItem.mention_id == m.id)).first()
        if existing is None:
            session.add(ReviewItem(mention_id=m.id, problem_id=best.problem.id, score=best.score,  # type: ignore[arg-type]
                                   reasons=json.dumps(best.reasons, ensure_ascii=False), created_at=utcnow()))
        m.outcome = "review"
    else:
        m.outcome = "unmatched"
    report.counts[m.outcome] += 1


def apply_status(session: Session, p: Problem, m: MentionRow, item: Item, score: float | None,
                 note: str | None, by: str = "machine") -> None:
    """Move a problem as a follow-up says; a status it already has is recorded, not repeated."""
    at = _when(item)
    said = m.status or "unresolved"
    target = FOLLOWUP_TO_STATUS.get(said, p.status)
    if p.status == "resolved" and target == "in_progress":
        target = "resolved"  # a stale "being fixed" report does not undo a fix
    done = session.exec(select(ProblemEvent).where(ProblemEvent.problem_id == p.id, ProblemEvent.item_id == item.id,
                                                   ProblemEvent.status_to == target)).first()
    if done is not None:
        return
    add_event(session, p, at=at, action="status", status_to=target, item=item, sentence=m.evidence,
              by=by, score=score, note=note if said != "unresolved" else f"回访称{STATUS_ZH.get(p.status)}仍未整改; {note}")


def track_items(session: Session, config: Config) -> TrackReport:
    """Apply every tagged, not yet tracked item, and retry unmatched follow-up mentions."""
    report = TrackReport()
    stale = or_(col(Item.tracked_hash).is_(None), col(Item.tracked_hash) != col(Item.tagged_hash))
    retry = col(Item.id).in_(select(MentionRow.item_id).where(MentionRow.outcome == "unmatched"))
    q = (select(Item).where(col(Item.kind).in_(["exposure", "followup"]), col(Item.tagged_hash).is_not(None),
                            or_(stale, retry))
         .order_by(col(Item.published_at).asc().nulls_last(), col(Item.id)))
    for item in session.exec(q).all():
        mentions = session.exec(select(MentionRow).where(MentionRow.item_id == item.id).order_by(MentionRow.idx)).all()
        for m in mentions:
            if m.outcome is None and item.kind == "exposure":
                apply_exposure(session, m, item, config, report)
            elif m.outcome in (None, "unmatched") and item.kind == "followup":
                apply_followup(session, m, item, config, report)
            session.add(m)
        item.tracked_hash = item.tagged_hash
        session.add(item)
        session.commit()
    return report
