"""JSON-ready records for the CLI: ``wenming tag --input items.jsonl``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pipeline.models import Mention, TaggedItem
from pipeline.tag.tagger import Tagger


def parse_published(value: object) -> datetime | None:
    """A datetime from a datetime, a date or an ISO string; None if unusable."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str) and value.strip():
        text = value.strip().replace("Z", "+00:00")
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            try:
                return datetime.fromisoformat(text[:10])
            except ValueError:
                return None
    return None


def mention_to_dict(m: Mention) -> dict[str, Any]:
    return {
        "index": m.index,
        "problem_type": m.problem_type,
        "secondary_types": list(m.secondary_types),
        "category": m.category,
        "site_type": m.site_type,
        "district": m.district,
        "street": m.street,
        "place": m.place,
        "unit": m.unit,
        "deadline": m.deadline.isoformat() if m.deadline else None,
        "status": m.status,
        "confidence": m.confidence,
        "evidence": m.evidence,
        "cues": list(m.cues),
        "text": m.text,
        "span": [m.span[0], m.span[1]],
    }


def item_to_dict(record_id: object, item: TaggedItem) -> dict[str, Any]:
    return {
        "id": record_id,
        "kind": item.kind,
        "confidence": item.confidence,
        "cues": list(item.cues),
        "mentions": [mention_to_dict(m) for m in item.mentions],
    }


def tag_record(tagger: Tagger, record: dict[str, Any]) -> dict[str, Any]:
    """Tag one {"id", "title", "body", "published_at"?, "url"?, "kind_hint"?} record."""
    item = tagger.tag(
        str(record.get("title") or ""),
        str(record.get("body") or ""),
        kind_hint=str(record.get("kind_hint") or "mixed"),
        published_at=parse_published(record.get("published_at")),
    )
    out = item_to_dict(record.get("id"), item)
    if record.get("url"):
        out["url"] = record["url"]
    return out


def file_encoding(path: Path | str) -> str | None:
    """How to read a file of records: ``utf-8`` when every line is UTF-8 (a BOM is dropped);
    ``gb18030`` when most lines with non-ASCII bytes are not UTF-8 and every line decodes as GB18030
    (an export saved by a Chinese Windows program); else None: the file is UTF-8 with some lines
    spoilt, and those lines are skipped (never read as GB18030, which would garble the rest). Streams."""
    good = bad = 0
    gb_ok = True
    with open(path, "rb") as fh:
        for raw in fh:
            if raw.isascii():
                continue
            try:
                raw.decode("utf-8")
                good += 1
            except UnicodeDecodeError:
                bad += 1
            if gb_ok:
                try:
                    raw.decode("gb18030")
                except UnicodeDecodeError:
                    gb_ok = False
    if not bad:
        return "utf-8"
    return "gb18030" if gb_ok and bad > good else None


def read_records(path: Path | str, encoding: str | None) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    """(line number, record, "") for each usable line of a JSON Lines file, or (line number, None,
    reason) for a line that is skipped: not decodable, not JSON, not an object, or without an ``id``.
    Blank lines are passed over silently."""
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            try:
                line = raw.decode(encoding or "utf-8")
            except UnicodeDecodeError as exc:
                yield lineno, None, f"not {encoding or 'UTF-8'} ({exc.reason} at byte {exc.start})"
                continue
            if lineno == 1:
                line = line.lstrip("\ufeff")
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as exc:
                yield lineno, None, f"not JSON: {exc}"
                continue
            if not isinstance(record, dict):
                yield lineno, None, f"not a JSON object but {type(record).__name__}"
            elif record.get("id") in (None, ""):
                yield lineno, None, "no id"
            else:
                yield lineno, record, ""
