"""Tagging: an item's kind and the problems it names, with type, place, unit,
deadline and follow-up status.

    tagger = get_tagger(load_taxonomy(), load_gazetteer())
    item = tagger.tag(title, body, kind_hint="exposure", published_at=when)
    row = tag_record(tagger, {"id": 1, "title": ..., "body": ...})
"""

from pipeline.tag.record import item_to_dict, mention_to_dict, parse_published, tag_record
from pipeline.tag.tagger import Tagger, get_tagger

__all__ = [
    "Tagger",
    "get_tagger",
    "item_to_dict",
    "mention_to_dict",
    "parse_published",
    "tag_record",
]
