"""Score how well a mention speaks of a known problem, with the reasons.

Candidates come from indexed queries (the term index of ``pipeline.track.index``:
place, text bands, linked articles; and the newest open problems of the same
district and type), never from scanning every problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from pipeline.store.tables import MentionRow, Problem
from pipeline.track.index import lookup, mention_terms

OPEN = ("exposed", "in_progress", "reopened")
SCORED = ("id", "first_url", "place", "district", "problem_type", "category", "street", "unit", "summary",
          "exposed_at")  # the columns ``score`` reads
KEEP = 5  # matches returned by ``best_matches``, best first
TEXT_PER_BAND = 10  # newest problems read per LSH band: text alone is weak evidence, place and links are not


@dataclass
class Match:
    problem: Problem
    score: float  # clamped to [0, 1]: what thresholds see and events record
    reasons: list[str] = field(default_factory=list)
    raw: float = 0.0  # unclamped: ranks candidates, so two "1.0"s can still be told apart


def _bigrams(text: str) -> set[str]:
    chars = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}


def similarity(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    return len(x & y) / len(x | y) if x and y else 0.0


def same_place(a: str | None, b: str | None) -> float:
    """1.0 for the same place, 0.6 when one name contains the other, else 0."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if a in b or b in a:
        return 0.6
    return 0.0


def candidates(session: Session, m: MentionRow, links: list[str], published: datetime | None = None,
               limit: int = 30) -> list[Any]:
    """Problems the mention may speak of: from the term index (place, text, links) and,
    by the (district, type, status) index, the newest open problems of its district and type."""
    terms = mention_terms(m, links)
    ids = lookup(session, [t for t in terms if not t.startswith("mh:")], per_term=limit)
    ids |= lookup(session, [t for t in terms if t.startswith("mh:")], per_term=TEXT_PER_BAND)
    if m.district and m.problem_type:
        q = select(Problem.id).where(Problem.district == m.district, Problem.problem_type == m.problem_type,
                                     col(Problem.status).in_(OPEN))
        if published is not None:
            q = q.where(col(Problem.exposed_at) <= published)
        ids.update(i for i in session.exec(q.order_by(col(Problem.exposed_at).desc()).limit(limit)) if i)
    if not ids:
        return []
    q2 = select(*[getattr(Problem, c) for c in SCORED]).where(  # plain rows: scoring many costs little
        col(Problem.id).in_(ids), Problem.status != "dismissed", col(Problem.merged_into).is_(None))
    return list(session.connection().execute(q2))  # type: ignore[arg-type]


def score(p: Any, m: MentionRow, links: list[str], published: datetime | None,
          linked: frozenset[int] = frozenset()) -> Match:
    s, why = 0.0, []
    if (p.first_url and p.first_url in links) or p.id in linked:
        s += 0.5
        why.append("links to the exposure article")
        if linked == {p.id}:
            s += 0.2
            why.append("the only open problem of the linked article(s)")
    place = same_place(p.place, m.place)
    if place:
        s += 0.4 * place
        why.append(f"same place {m.place}" if place == 1 else f"place {m.place} ~ {p.place}")
    elif p.place and m.place:
        s -= 0.3
        why.append(f"different place {m.place} ≠ {p.place}")
    if p.district and m.district:
        if p.district == m.district:
            s += 0.1
            why.append(f"same district {m.district}")
        else:
            s -= 0.4
            why.append(f"different district {m.district} ≠ {p.district}")
    if p.problem_type and m.problem_type:
        if p.problem_type == m.problem_type:
            s += 0.25
            why.append(f"same type {m.problem_type}")
        elif p.category == m.category:
            s += 0.05
            why.append(f"same category {m.category}")
        else:
            s -= 0.3
            why.append(f"different type {m.problem_type} ≠ {p.problem_type}")
    if p.street and m.street and p.street == m.street:
        s += 0.05
        why.append(f"same street {m.street}")
    if p.unit and m.unit and (p.unit in m.unit or m.unit in p.unit):
        s += 0.05
        why.append(f"same unit {m.unit}")
    sim = similarity(p.summary, m.text)
    s += 0.2 * sim
    if sim > 0.05:
        why.append(f"text similarity {sim:.2f}")
    if published and p.exposed_at and published < p.exposed_at:
        s -= 0.5
        why.append("follow-up dated before the exposure")
    return Match(problem=p, score=round(max(0.0, min(1.0, s)), 3), reasons=why, raw=round(s, 3))


def best_matches(session: Session, m: MentionRow, links: list[str], published: datetime | None) -> list[Match]:
    cands = candidates(session, m, links, published)
    linked = lookup(session, [f"u:{u}"[:400] for u in links], per_term=5) if links else set()
    live = frozenset(linked & {p.id for p in cands})  # merged or dismissed problems do not count
    found = sorted((score(p, m, links, published, live) for p in cands), key=lambda x: (-x.raw, x.problem.id or 0))
    top = found[:KEEP]
    for x in top:  # the few that may be applied or queued become ORM objects
        x.problem = session.get(Problem, x.problem.id)  # type: ignore[assignment]
    return top
