"""Export items and the problem ledger as JSON Lines or CSV (streamed, not loaded at once)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import IO, Any

from sqlmodel import Session, col, select

from pipeline.store.tables import Item, Problem, ProblemEvent

ITEM_FIELDS = ["id", "url", "source", "outlet", "column_name", "kind", "title", "author", "published_at",
               "fetched_at", "encoding", "decode_flagged", "content_hash", "body"]
PROBLEM_FIELDS = ["id", "title", "status", "problem_type", "category", "district", "street", "place", "unit",
                  "site_type", "deadline", "exposed_at", "resolved_at", "exposure_count", "outlet", "first_url"]


def _plain(v: Any) -> Any:
    if isinstance(v, datetime | date):
        return v.isoformat()
    return v


def iter_items(session: Session, batch: int = 500) -> Iterator[dict]:
    for item in session.exec(select(Item).order_by(col(Item.id)).execution_options(yield_per=batch)):
        yield {f: _plain(getattr(item, f)) for f in ITEM_FIELDS}


def iter_problems(session: Session, batch: int = 500) -> Iterator[dict]:
    for p in session.exec(select(Problem).order_by(col(Problem.id)).execution_options(yield_per=batch)):
        row = {f: _plain(getattr(p, f)) for f in PROBLEM_FIELDS}
        events = session.exec(select(ProblemEvent).where(ProblemEvent.problem_id == p.id)
                              .order_by(col(ProblemEvent.at), col(ProblemEvent.id))).all()
        row["evidence"] = [{"url": e.url, "status": e.status_to, "at": _plain(e.at), "by": e.by, "score": e.score,
                            "action": e.action, "sentence": e.sentence, "note": e.note} for e in events]
        yield row


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
