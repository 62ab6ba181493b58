"""Export items and the problem ledger as JSON Lines or CSV (streamed, not loaded at once)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import IO, Any

from sqlmodel import Session, col, select

from pipeline.store.tables import Item, Problem, ProblemEvent
from pipeline.track.stats import DIMENSIONS, Period, figures, repeat_offenders

ITEM_FIELDS = ["id", "url", "source", "outlet", "column_name", "kind", "title", "author", "published_at",
               "fetched_at", "encoding", "decode_flagged", "content_hash", "body"]
PROBLEM_FIELDS = ["id", "title", "status", "problem_type", "category", "district", "street", "place", "unit",
                  "site_type", "deadline", "exposed_at", "resolved_at", "exposure_count", "priority", "merged_into",
                  "outlet", "first_url"]
STATS_FIELDS = ["period", "dimension", "key", "total", "exposed", "in_progress", "resolved", "reopened", "dismissed",
                "overdue", "rate", "median_days", "p90_days", "place", "exposures", "problems"]


def _plain(v: Any) -> Any:
    if isinstance(v, datetime | date):
        return v.isoformat()
    return v


def iter_items(session: Session, batch: int = 500) -> Iterator[dict]:
    for item in session.exec(select(Item).order_by(col(Item.id)).execution_options(yield_per=batch)):
        yield {f: _plain(getattr(item, f)) for f in ITEM_FIELDS}


def iter_problems(session: Session, batch: int = 500) -> Iterator[dict]:
    """One row per problem with its evidence (every event), events fetched per batch of problems."""
    last = 0
    while True:
        ps = session.exec(select(Problem).where(col(Problem.id) > last).order_by(col(Problem.id)).limit(batch)).all()
        if not ps:
            return
        last = ps[-1].id or last
        events: dict[int, list[ProblemEvent]] = {}
        for e in session.exec(select(ProblemEvent).where(col(ProblemEvent.problem_id).in_([p.id for p in ps]))
                              .order_by(col(ProblemEvent.at), col(ProblemEvent.id))):
            events.setdefault(e.problem_id, []).append(e)
        for p in ps:
            row = {f: _plain(getattr(p, f)) for f in PROBLEM_FIELDS}
            row["evidence"] = [{"url": e.url, "status": e.status_to, "at": _plain(e.at), "by": e.by, "score": e.score,
                                "action": e.action, "sentence": e.sentence, "note": e.note}
                               for e in events.get(p.id or 0, [])]
            yield row


def iter_stats(session: Session, period: Period, dimensions: tuple[str, ...] = DIMENSIONS,
               as_of: datetime | None = None) -> Iterator[dict]:
    """The figures of ``wenming stats``: the whole period, each dimension, then repeat-offender places."""
    for by in (None, *dimensions):
        for f in figures(session, period, by, as_of):
            yield {"period": period.label, **f.as_dict()}
    for district, place, n, k in repeat_offenders(session, period, limit=1000):
        yield {"period": period.label, "dimension": "repeat_place", "key": district, "place": place,
               "exposures": n, "problems": k}


def write_rows(rows: Iterator[dict], out: IO[str], fmt: str, fields: list[str]) -> int:
    n = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=fields + (["evidence"] if fields is PROBLEM_FIELDS else []),
                                extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            if "evidence" in row:
                row = {**row, "evidence": json.dumps(row["evidence"], ensure_ascii=False)}
            writer.writerow(row)
            n += 1
    else:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n
