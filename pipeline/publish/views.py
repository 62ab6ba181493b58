"""Plain views of problems for templates and documents: cleaned text, Beijing dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pipeline.models import STATUS_ZH
from pipeline.publish.snapshot import EventRow, ProblemRow
from pipeline.publish.stats import is_overdue
from pipeline.publish.text import clean_text, safe_url
from pipeline.publish.weeks import date_zh, local
from pipeline.taxonomy import Taxonomy

TITLE_LIMIT = 120
FIELD_LIMIT = 60
SENTENCE_LIMIT = 300
UNKNOWN = "未标注"
ACTION_ZH = {
    "opened": "曝光",
    "repeat": "再次曝光",
    "status": "状态变更",
    "reopened": "反弹",
    "override": "编辑更正",
    "review": "待人工核对",
}


@dataclass(frozen=True)
class FeedLink:
    slug: str
    title: str
    rss_url: str
    atom_url: str


@dataclass(frozen=True)
class ProblemView:
    id: int
    title: str
    place: str
    type_zh: str
    category_zh: str
    district: str
    outlet: str
    url: str | None  # the exposure article
    unit: str
    deadline: str
    exposed: str
    status_zh: str
    days_overdue: int | None = None

    @property
    def page(self) -> str:
        """The problem's page, relative to the site root."""
        return f"problems/{self.id}.html"


@dataclass(frozen=True)
class ResolutionView:
    problem: ProblemView
    at: str
    before_url: str | None  # the exposure article
    after_url: str | None  # the follow-up that reported it fixed
    sentence: str
    by: str

    @property
    def url(self) -> str | None:
        return self.after_url or self.before_url


@dataclass(frozen=True)
class EventView:
    at: str
    action_zh: str
    status_from_zh: str
    status_zh: str
    url: str | None
    sentence: str
    by: str


def display_title(p: ProblemRow, taxonomy: Taxonomy) -> str:
    """The ledger title, else district + place + type (e.g. 张店区华光路占道经营)."""
    raw = p.title or "".join(x or "" for x in (p.district, p.place, taxonomy.label(p.problem_type)))
    return clean_text(raw, TITLE_LIMIT) or f"问题 #{p.id}"


def moment(dt: datetime | None) -> str:
    return "" if dt is None else local(dt).strftime("%Y-%m-%d %H:%M")


def decided_by(by: str) -> str:
    return "机器识别" if by == "machine" else clean_text(by, FIELD_LIMIT)


def problem_view(
    p: ProblemRow, taxonomy: Taxonomy, *, status: str, last_day: date | None = None
) -> ProblemView:
    late = None
    if last_day is not None and is_overdue(status, p.deadline, last_day):
        assert p.deadline is not None
        late = (last_day - p.deadline).days + 1
    return ProblemView(
        id=p.id,
        title=display_title(p, taxonomy),
        place=clean_text(p.place or p.street, FIELD_LIMIT),
        type_zh=clean_text(taxonomy.label(p.problem_type)) or UNKNOWN,
        category_zh=clean_text(taxonomy.label(p.category)) or UNKNOWN,
        district=clean_text(p.district, FIELD_LIMIT) or UNKNOWN,
        outlet=clean_text(p.outlet, FIELD_LIMIT),
        url=safe_url(p.first_url),
        unit=clean_text(p.unit, FIELD_LIMIT),
        deadline=date_zh(p.deadline) if p.deadline else "",
        exposed=moment(p.exposed_at),
        status_zh=STATUS_ZH.get(status, clean_text(status)),
        days_overdue=late,
    )


def event_view(e: EventRow) -> EventView:
    return EventView(
        at=moment(e.at),
        action_zh=ACTION_ZH.get(e.action, clean_text(e.action, FIELD_LIMIT)),
        status_from_zh=STATUS_ZH.get(e.status_from or "", ""),
        status_zh=STATUS_ZH.get(e.status_to, clean_text(e.status_to, FIELD_LIMIT)),
        url=safe_url(e.url),
        sentence=clean_text(e.sentence, SENTENCE_LIMIT),
        by=decided_by(e.by),
    )
