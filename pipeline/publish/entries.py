"""Build feed contexts: which entries go in which feed, with stable ids and dates.

Ids and dates come from the ledger only, never from the publish clock, so a
regenerated feed carries the same entries and no entry reappears as new:

- exposures feed: one entry per problem, id ``{base}problems/{id}#exposed``,
  published = exposure time, updated = the latest of the problem's
  ``updated_at`` and its last status change; the title shows the current status;
- resolved, status, category-*, district-*, type-* feeds: one entry per
  status-change event, id ``{base}problems/{problem_id}#event-{event_id}``,
  published = updated = the event time; a later change is a new entry;
- bulletins feed: one entry per issue, id ``{base}bulletins/{week}``,
  published = first publication, updated = the current edition's publication.

Every problem entry links to the problem's page on the static site
(``{base}site/problems/{id}.html``); the source article is named in the summary.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime

from pipeline.models import STATUS_ZH
from pipeline.publish.ledger import ChangeRef
from pipeline.publish.snapshot import EventRow, ProblemRow
from pipeline.publish.text import clean_text, safe_url
from pipeline.publish.views import FIELD_LIMIT, SENTENCE_LIMIT, decided_by, display_title
from pipeline.publish.weeks import date_zh
from pipeline.taxonomy import Taxonomy

SUMMARY_LIMIT = 500
_SAFE_SLUG = re.compile(r"^[a-z0-9_-]{1,40}$")


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    link: str
    published: datetime
    updated: datetime
    summary: str
    categories: tuple[str, ...]
    enclosure: tuple[str, int, str] | None = None  # (url, length, MIME type)


@dataclass(frozen=True)
class FeedSpec:
    slug: str  # file stem: feeds/<slug>.rss and feeds/<slug>.atom
    title: str
    description: str
    entries: tuple[FeedEntry, ...]


def _taxonomy_slug(prefix: str, slug: str) -> str:
    """<prefix>-<taxonomy slug>, hashed like districts if the slug is not plain ASCII."""
    if _SAFE_SLUG.match(slug):
        return f"{prefix}-{slug}"
    return f"{prefix}-" + hashlib.sha1(slug.encode("utf-8")).hexdigest()[:8]


def type_slug(slug: str) -> str:
    """type-<taxonomy slug>, hashed like districts if the slug is not plain ASCII."""
    return _taxonomy_slug("type", slug)


def district_slug(name: str) -> str:
    """district-<first 8 hex of SHA-1 of the UTF-8 name>: ASCII, stable, no pinyin needed."""
    return "district-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def category_slug(slug: str) -> str:
    """category-<taxonomy slug>, hashed like districts if the slug is not plain ASCII."""
    return _taxonomy_slug("category", slug)


class EntryBuilder:
    """Turns ledger rows into feed entries for one base URL and taxonomy."""

    def __init__(
        self, problems: Mapping[int, ProblemRow], taxonomy: Taxonomy, base_url: str
    ) -> None:
        self.problems = problems
        self.taxonomy = taxonomy
        self.base_url = base_url

    def page(self, p: ProblemRow) -> str:
        return f"{self.base_url}site/problems/{p.id}.html"

    def _categories(self, p: ProblemRow) -> tuple[str, ...]:
        names = [clean_text(self.taxonomy.label(s)) for s in (p.category, p.problem_type)]
        return tuple(dict.fromkeys(n for n in names if n))

    def _facts(self, p: ProblemRow) -> list[str]:
        parts = [
            ("类型", clean_text(self.taxonomy.label(p.problem_type))),
            ("区县", clean_text(p.district, FIELD_LIMIT)),
            ("地点", clean_text(p.place or p.street, FIELD_LIMIT)),
            ("责任单位", clean_text(p.unit, FIELD_LIMIT)),
            ("整改期限", date_zh(p.deadline) if p.deadline else ""),
            ("来源", clean_text(p.outlet, FIELD_LIMIT)),
        ]
        return [f"{k}：{v}" for k, v in parts if v]

    def exposure(self, p: ProblemRow) -> FeedEntry:
        assert p.exposed_at is not None
        times = [p.exposed_at, *(e.at for e in p.changes[-1:])]
        if p.updated_at is not None:
            times.append(p.updated_at)
        status = STATUS_ZH.get(p.status, clean_text(p.status))
        facts = self._facts(p) + ([clean_text(p.summary, SUMMARY_LIMIT)] if p.summary else [])
        if safe_url(p.first_url):
            facts.append(f"原文：{safe_url(p.first_url)}")
        return FeedEntry(
            id=f"{self.base_url}problems/{p.id}#exposed",
            title=f"【{status}】{display_title(p, self.taxonomy)}",
            link=self.page(p),
            published=p.exposed_at,
            updated=max(times),
            summary="；".join(facts),
            categories=self._categories(p),
        )

    def event(self, e: EventRow) -> FeedEntry:
        p = self.problems[e.problem_id]
        before = STATUS_ZH.get(e.status_from or "", "")
        after = STATUS_ZH.get(e.status_to, clean_text(e.status_to))
        facts = [f"状态：{before} → {after}" if before else f"状态：{after}", *self._facts(p)]
        if e.sentence:
            facts.append(f"依据：{clean_text(e.sentence, SENTENCE_LIMIT)}")
        if safe_url(e.url):
            facts.append(f"原文：{safe_url(e.url)}")
        facts.append(f"判定：{decided_by(e.by)}")
        return FeedEntry(
            id=f"{self.base_url}problems/{p.id}#event-{e.id}",
            title=f"【{after}】{display_title(p, self.taxonomy)}",
            link=self.page(p),
            published=e.at,
            updated=e.at,
            summary="；".join(facts),
            categories=self._categories(p),
        )


GroupKey = tuple[str | None, str | None, str | None]  # (category, type, district if exposed)


class FeedSlugs:
    """Which event feeds a problem's changes go to (slugs cached per (category, type, district))."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._cache: dict[GroupKey, tuple[str, ...]] = {}

    def __call__(
        self, category: str | None, ptype: str | None, district: str | None
    ) -> tuple[str, ...]:
        raw = (category, ptype, district)
        keys = self._cache.get(raw)
        if keys is None:
            found = [category_slug(category)] if category in self.taxonomy.categories else []
            if ptype in self.taxonomy.types:
                found.append(type_slug(ptype))
            name = clean_text(district, FIELD_LIMIT)
            if name:
                found.append(district_slug(name))
            keys = self._cache[raw] = tuple(found)
        return keys


def pick_events(
    changes: Iterable[ChangeRef], groups: Iterable[GroupKey], taxonomy: Taxonomy, *,
    base_url: str, max_items: int,
) -> dict[str, list[int]]:  # fmt: skip
    """Event ids of every event feed, newest first, each feed stopping at ``max_items``.

    ``changes`` come newest first by time; ``groups`` are every live problem's
    (category, type, district if exposed): the feeds that can fill at all. The
    walk stops once every one of them is full.
    """
    feeds: dict[str, list[int]] = {}
    if max_items <= 0:
        return feeds
    slugs = FeedSlugs(taxonomy)
    possible = {"status", "resolved"}.union(*(slugs(*g) for g in groups))
    full: set[str] = set()  # feeds holding max_items entries already
    for e in _newest_events(changes, base_url):
        keys = slugs(e.category, e.problem_type, e.district)
        resolved = e.status_to == "resolved"
        if "status" in full and (not resolved or "resolved" in full) and full.issuperset(keys):
            continue
        wanted = ["status", *keys]
        if resolved:
            wanted.append("resolved")
        for w in wanted:
            if w in full:
                continue
            entries = feeds.setdefault(w, [])
            entries.append(e.id)
            if len(entries) >= max_items:
                full.add(w)
        if len(full) == len(possible):
            break
    return feeds


def _newest_events(changes: Iterable[ChangeRef], base_url: str) -> Iterator[ChangeRef]:
    """Changes newest first by (time, entry id), the feeds' order, from changes newest first
    by time: only changes sharing a time need sorting by their entry id (a string)."""

    def entry_key(e: ChangeRef) -> str:
        return f"{base_url}problems/{e.problem_id}#event-{e.id}"

    same: list[ChangeRef] = []
    for e in changes:
        if same and e.at != same[0].at:
            if same[0].at < e.at:
                raise ValueError("status changes must come newest first")
            yield from sorted(same, key=entry_key, reverse=True) if len(same) > 1 else same
            same = []
        same.append(e)
    yield from sorted(same, key=entry_key, reverse=True) if len(same) > 1 else same


def build_feed_specs(
    problems: Mapping[int, ProblemRow],
    events: Mapping[int, EventRow],
    picked: Mapping[str, list[int]],
    exposed: Iterable[ProblemRow],
    districts: Iterable[str | None],
    taxonomy: Taxonomy,
    *,
    city: str,
    base_url: str,
    max_items: int,
) -> list[FeedSpec]:
    """Every problem feed Wenming publishes, in a fixed order.

    ``problems``: the rows the entries show; ``events``: the picked events by id;
    ``exposed``: candidates for the exposures feed (at least its ``max_items``
    newest); ``districts``: the districts of every exposed live problem.
    """
    b = EntryBuilder(problems, taxonomy, base_url)
    city = clean_text(city)
    newest = sorted(exposed, key=lambda p: (p.exposed_at, f"{base_url}problems/{p.id}#exposed"))
    built: dict[int, FeedEntry] = {}

    def entry(eid: int) -> FeedEntry:
        found = built.get(eid)
        if found is None:
            found = built[eid] = b.event(events[eid])
        return found

    def spec(slug: str, title: str, description: str) -> FeedSpec:
        return FeedSpec(slug, f"{city}创城曝光问题 · {title}", description,
                        tuple(entry(i) for i in picked.get(slug, ())))  # fmt: skip

    specs = [
        FeedSpec(
            "exposures",
            f"{city}创城曝光问题 · 新曝光",
            "新曝光的问题，标题中为当前状态",
            tuple(b.exposure(p) for p in reversed(newest[-max_items:] if max_items else [])),
        ),
        spec("resolved", "已整改", "问题整改完成的记录及其依据"),
        spec("status", "状态变更", "每一次状态变更（曝光、整改中、已整改、反弹、不予处理）"),
    ]
    for slug, zh in taxonomy.categories.items():
        zh = clean_text(zh)
        specs.append(spec(category_slug(slug), zh, f"测评大类“{zh}”的问题状态变更"))
    for name in sorted({clean_text(d, FIELD_LIMIT) for d in districts} - {""}):
        fname = district_slug(name)
        specs.append(
            spec(
                fname,
                name,
                f"{name}的问题状态变更（文件名 {fname}：区县名 UTF-8 的 SHA-1 前 8 位）",
            )
        )
    for slug, ptype in taxonomy.types.items():
        zh = clean_text(ptype.zh)
        specs.append(spec(type_slug(slug), zh, f"问题类型“{zh}”的问题状态变更"))
    return specs
