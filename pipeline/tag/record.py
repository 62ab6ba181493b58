"""JSON-ready records for the CLI: ``wenming tag --input items.jsonl``."""

from __future__ import annotations

from datetime import date, datetime
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
