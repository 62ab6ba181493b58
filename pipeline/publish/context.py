"""Build the bulletin context: plain dataclasses, all text cleaned, dates in Beijing time.

Pelican style: ``build_bulletin_context`` computes everything a template (or
the .docx writer) may show; they only lay it out. Nothing here touches the
database (the week's ``WeekLedger`` was read beforehand, see ledger.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime

from pipeline.publish.editorial import Editorial
from pipeline.publish.facts import Fact
from pipeline.publish.lead import write_lead
from pipeline.publish.ledger import WeekLedger
from pipeline.publish.sections import (
    CategoryGroup,
    RankedTally,
    RepeatPlace,
    category_table,
    district_table,
    repeat_places,
)
from pipeline.publish.stats import (
    Tally,
    format_rate,
    rectification_rate,
    status_counts,
    summed,
    tally,
    tally_by,
)
from pipeline.publish.text import clean_text, safe_url
from pipeline.publish.trend import TrendChart, build_trend
from pipeline.publish.views import (
    FIELD_LIMIT,
    SENTENCE_LIMIT,
    UNKNOWN,
    FeedLink,
    ProblemView,
    ResolutionView,
    decided_by,
    display_title,
    moment,
    problem_view,
)
from pipeline.publish.weeks import date_zh, local, week_bounds, week_days, week_range_zh
from pipeline.taxonomy import Taxonomy

__all__ = ["BulletinContext", "FeedLink", "Figures", "build_bulletin_context", "display_title"]
NOTE_LIMIT = 2000
LIST_LIMIT = 200  # rows per list in a bulletin; the rest are counted and left to the site


@dataclass(frozen=True)
class Figures:
    exposed_week: int
    resolved_week: int
    total: int
    resolved: int
    open: int
    overdue: int
    dismissed: int
    rate_text: str
    week_rate_text: str = "—"  # of this week's new exposures, fixed by the week's end


@dataclass(frozen=True)
class BulletinContext:
    city: str
    issuer: str
    week: str
    number: int
    title: str  # with the number: …周报 第N期
    range_zh: str
    published: str
    draft: bool
    figures: Figures
    lead: str = ""
    note: str = ""
    edition: int = 1  # 2, 3 … for corrected editions
    exposures: list[ProblemView] = field(default_factory=list)
    resolutions: list[ResolutionView] = field(default_factory=list)
    overdue: list[ProblemView] = field(default_factory=list)
    by_district: list[RankedTally] = field(default_factory=list)
    by_category: list[CategoryGroup] = field(default_factory=list)
    by_unit: list[Tally] = field(default_factory=list)
    repeats: list[RepeatPlace] = field(default_factory=list)
    trend: TrendChart | None = None
    feeds: list[FeedLink] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    more: dict[str, int] = field(default_factory=dict)  # list → rows not shown (over LIST_LIMIT)
    site_root: str = "../site/"  # where problem pages are, relative to the page
    docx_href: str = ""  # the Word edition, relative to the page
    css_href: str = "style.css"
    archive_href: str = "index.html"  # every issue and feed
    home_href: str = ""  # the site's front page, on the site's copy of the bulletin

    @property
    def corrected(self) -> bool:
        return self.edition > 1

    def content_hash(self) -> str:
        """SHA-256 of what the bulletin says (not when it was rendered, nor its edition)."""
        data = asdict(
            replace(
                self,
                published="",
                edition=1,
                draft=False,
                site_root="",
                docx_href="",
                css_href="",
                feeds=[],
            )
        )
        del data["home_href"]  # where it is shown, not what it says (older hashes stay valid)
        raw = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def default_title(city: str) -> str:
    return f"{clean_text(city)}创城曝光问题整改周报"


def bulletin_title(city: str, number: int, title: str | None = None) -> str:
    return f"{clean_text(title, 200) or default_title(city)} 第{number}期"


def published_text(now: datetime) -> str:
    return f"{date_zh(local(now).date())} {local(now):%H:%M}"


def build_bulletin_context(
    data: WeekLedger,
    taxonomy: Taxonomy,
    *,
    week: str,
    number: int,
    city: str,
    issuer: str,
    now: datetime,
    feeds: list[FeedLink],
    draft: bool = False,
    editorial: Editorial | None = None,
    edition: int = 1,
) -> BulletinContext:
    ed = editorial or Editorial()
    start, end = week_bounds(week)
    _, last_day = week_days(week)
    live = data.live
    at_end = {f.id: f.status for f in live}

    def view(pid: int) -> ProblemView:
        p = data.problems[pid]
        return problem_view(p, taxonomy, status=at_end.get(pid) or p.status, last_day=last_day)

    # 1. this week's new exposures, in the order they came
    new = data.new
    # 2. this week's resolutions with before (exposure) and after (follow-up) evidence
    resolutions = []
    events = {e.id: e for pid in data.problems for e in data.problems[pid].timeline}
    for eid, pid, _ in data.resolutions[:LIST_LIMIT]:
        p, e = data.problems[pid], events[eid]
        resolutions.append(
            ResolutionView(
                problem=view(pid),
                at=moment(e.at),
                before_url=safe_url(p.first_url),
                after_url=safe_url(e.url),
                sentence=clean_text(e.sentence, SENTENCE_LIMIT),
                by=decided_by(e.by),
            )
        )
    # 3. overdue as of the week's last day, oldest deadline first
    overdue = data.overdue
    # 4. figures and tables, cumulative up to the week's end
    week_new = tally("本周", new, start=start, last_day=last_day)
    before = status_counts(f.status_before for f in live)
    prev_rate = rectification_rate(before["resolved"], sum(before.values()), before["dismissed"])
    districts = district_table(live, start=start, last_day=last_day)
    total = summed("合计", (r.tally for r in districts))  # districts partition the live rows

    def by(key: Callable[[Fact], str]) -> list[Tally]:
        return tally_by(live, lambda p: key(p) or UNKNOWN, start=start, last_day=last_day)

    figures = Figures(
        exposed_week=total.new,
        resolved_week=len(data.resolutions),
        total=total.exposed,
        resolved=total.resolved,
        open=total.open,
        overdue=total.overdue,
        dismissed=total.dismissed,
        rate_text=format_rate(total.rate),
        week_rate_text=format_rate(week_new.rate),
    )
    worst = max(
        (r.tally for r in districts if r.tally.overdue), key=lambda t: t.overdue, default=None
    )
    range_zh = week_range_zh(week)
    lead = write_lead(
        range_zh=range_zh,
        exposed_week=figures.exposed_week,
        resolved_week=figures.resolved_week,
        week_rate=figures.week_rate_text,
        total=total,
        previous_rate=format_rate(prev_rate),
        worst_overdue=(worst.label, worst.overdue) if worst else None,
    )
    return BulletinContext(
        city=clean_text(city),
        issuer=clean_text(ed.issuer or issuer, FIELD_LIMIT),
        week=week,
        number=number,
        title=bulletin_title(city, number, ed.title),
        range_zh=range_zh,
        published=published_text(now),
        draft=draft,
        figures=figures,
        lead=clean_text(ed.lead, NOTE_LIMIT) or lead,
        note=clean_text(ed.note, NOTE_LIMIT),
        edition=edition,
        exposures=[view(p.id) for p in new[:LIST_LIMIT]],
        resolutions=resolutions,
        overdue=[view(p.id) for p in overdue[:LIST_LIMIT]],
        more={
            k: n - LIST_LIMIT
            for k, n in (
                ("exposures", len(new)),
                ("resolutions", len(data.resolutions)),
                ("overdue", data.overdue_total),
            )
            if n > LIST_LIMIT
        },  # fmt: skip
        by_district=districts,
        by_category=category_table(live, taxonomy, start=start, last_day=last_day),
        by_unit=by(lambda p: clean_text(p.unit, FIELD_LIMIT)),
        repeats=repeat_places(data.repeats, data.last_report),
        trend=build_trend(data.facts, data.resolved_weekly, week),
        feeds=feeds,
        counts=status_counts(at_end.values()),
    )
