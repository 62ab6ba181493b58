"""The ledger: exposures open problems, follow-ups move them, repeats attach, fixed ones reopen."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlmodel import Session, select

from pipeline.config import load_config
from pipeline.errors import LedgerError
from pipeline.store.db import get_engine
from pipeline.store.tables import Item, MentionRow, Problem, ProblemEvent, ReviewItem
from pipeline.timeutil import TZ
from pipeline.track import track_items
from pipeline.track.editor import decide_review, dismiss, merge, set_status, undo
from tests.conftest import write_config


@pytest.fixture
def env(tmp_path):
    config = load_config(write_config(tmp_path, extra="[deadlines]\ndefault_days = 7"))
    with Session(get_engine(config.database_url), expire_on_commit=False) as s:
        yield s, config


def add_item(s: Session, n: int, kind: str, day: int, mentions: list[dict], links: list[str] = ()) -> Item:
    item = Item(url=f"http://qf.example/{kind}/{n}.html", title=f"t{n}", body="…", kind=kind,
                published_at=datetime(2026, 11, day, 10, tzinfo=TZ), content_hash=f"h{n}", tagged_hash=f"h{n}:v",
                links=json.dumps(list(links)))
    s.add(item)
    s.flush()
    for i, m in enumerate(mentions):
        s.add(MentionRow(item_id=item.id, idx=i, text=m.pop("text", "某处问题"), category="environment", **m))
    s.commit()
    return item


def exposure(place: str, ptype: str = "street_vending", district: str = "张店区", **kw) -> dict:
    return {"place": place, "problem_type": ptype, "district": district, "text": f"{district}{place}存在{ptype}问题", **kw}


def status_of(s: Session, place: str) -> str:
    return s.exec(select(Problem).where(Problem.place == place)).one().status


def test_exposure_opens_followup_resolves(env):
    s, config = env
    add_item(s, 1, "exposure", 2, [exposure("华光路"), exposure("共青团路", "garbage", deadline=date(2026, 11, 5))])
    report = track_items(s, config)
    assert report.counts["opened"] == 2
    p = s.exec(select(Problem).where(Problem.place == "华光路")).one()
    assert p.deadline == date(2026, 11, 9)  # default 7 days
    assert p.title == "张店区华光路占道经营"
    assert s.exec(select(Problem).where(Problem.place == "共青团路")).one().deadline == date(2026, 11, 5)
    add_item(s, 2, "followup", 6, [exposure("华光路", status="resolved", evidence="华光路占道经营问题已整改到位。")])
    track_items(s, config)
    assert status_of(s, "华光路") == "resolved"
    ev = s.exec(select(ProblemEvent).where(ProblemEvent.problem_id == p.id, ProblemEvent.status_to == "resolved")).one()
    assert ev.by == "machine" and ev.score >= config.apply_threshold and ev.url.endswith("/followup/2.html")
    assert ev.sentence == "华光路占道经营问题已整改到位。"
    # re-running changes nothing
    n_events = len(s.exec(select(ProblemEvent)).all())
    track_items(s, config)
    assert len(s.exec(select(ProblemEvent)).all()) == n_events


def test_same_district_and_type_different_places_are_not_confused(env):
    s, config = env
    add_item(s, 1, "exposure", 2, [exposure("华光路"), exposure("柳泉路")])
    track_items(s, config)
    add_item(s, 2, "followup", 5, [exposure("柳泉路", status="in_progress")])
    track_items(s, config)
    assert status_of(s, "柳泉路") == "in_progress"
    assert status_of(s, "华光路") == "exposed"


def test_repeat_exposure_attaches_and_resolved_reopens(env):
    s, config = env
    add_item(s, 1, "exposure", 2, [exposure("华光路")])
    add_item(s, 2, "exposure", 4, [exposure("华光路")])
    track_items(s, config)
    p = s.exec(select(Problem)).one()
    assert p.exposure_count == 2 and p.status == "exposed"
    add_item(s, 3, "followup", 6, [exposure("华光路", status="resolved")])
    add_item(s, 4, "exposure", 12, [exposure("华光路")])
    track_items(s, config)
    s.refresh(p)
    assert p.status == "reopened" and p.exposure_count == 3
    assert [e.action for e in s.exec(select(ProblemEvent).order_by(ProblemEvent.at))] == \
        ["opened", "repeat", "status", "reopened"]


def test_weak_match_goes_to_review_not_forced(env):
    s, config = env
    add_item(s, 1, "exposure", 2, [exposure("华光路")])
    track_items(s, config)
    # same district and type, no place named: not enough to apply
    add_item(s, 2, "followup", 5, [exposure(None, status="resolved", text="张店区一处占道经营问题已整改")])
    report = track_items(s, config)
    assert report.counts["review"] == 1
    assert status_of(s, "华光路") == "exposed"
    r = s.exec(select(ReviewItem)).one()
    decide_review(s, r.id, accept=True, by="王编辑")
    assert status_of(s, "华光路") == "resolved"
    last = s.exec(select(ProblemEvent).order_by(ProblemEvent.id.desc())).first()
    assert last.by == "王编辑"
    with pytest.raises(LedgerError, match="already accepted"):
        decide_review(s, r.id, accept=False, by="李编辑")


def test_unmatched_followup_is_retried_when_its_exposure_arrives(env):
    s, config = env
    add_item(s, 2, "followup", 6, [exposure("华光路", status="resolved")])
    assert track_items(s, config).counts["unmatched"] == 1
    add_item(s, 1, "exposure", 2, [exposure("华光路")])
    track_items(s, config)
    assert status_of(s, "华光路") == "resolved"


def test_editor_override_is_appended(env):
    s, config = env
    add_item(s, 1, "exposure", 2, [exposure("华光路")])
    track_items(s, config)
    p = s.exec(select(Problem)).one()
    set_status(s, p.id, "dismissed", by="王编辑", note="重复线索")
    s.refresh(p)
    assert p.status == "dismissed"
    events = s.exec(select(ProblemEvent).where(ProblemEvent.problem_id == p.id).order_by(ProblemEvent.id)).all()
    assert [(e.action, e.by) for e in events] == [("opened", "machine"), ("override", "王编辑")]
    assert events[-1].note == "重复线索" and events[-1].status_from == "exposed"
    with pytest.raises(LedgerError):
        set_status(s, p.id, "fixed", by="王编辑")
    with pytest.raises(LedgerError):
        set_status(s, 999, "resolved", by="王编辑")


def test_syndicated_copy_does_not_count_as_a_repeat(env):
    s, config = env
    text = "张店区华光路人行道上停放着二十余辆私家车，行人只能走上机动车道，市民反映多次无人处理。"
    first = add_item(s, 1, "exposure", 2, [exposure("华光路", "illegal_parking", text=text)])
    copy = add_item(s, 2, "exposure", 3, [exposure("华光路", "illegal_parking", text="转载：" + text)])
    first.title = "张店区华光路：机动车占用人行道停车"
    copy.title = "张店区华光路：机动车占用人行道停车 行人被迫走上机动车道"
    s.add_all([first, copy])
    s.commit()
    report = track_items(s, config)
    p = s.exec(select(Problem)).one()
    assert report.counts["copy"] == 1 and p.exposure_count == 1 and p.priority == 0
    # a follow-up linking to the copy's URL still finds the problem
    add_item(s, 3, "followup", 8, [{"text": "违停问题已整改", "status": "resolved"}], links=[copy.url])
    track_items(s, config)
    s.refresh(p)
    assert p.status == "resolved"
    assert s.exec(select(MentionRow).where(MentionRow.item_id == 3)).one().problem_id == p.id


def test_repeat_raises_priority_and_undo_takes_it_back(env):
    s, config = env
    add_item(s, 1, "exposure", 2, [exposure("华光路")])
    add_item(s, 2, "exposure", 9, [exposure("华光路")])
    add_item(s, 3, "followup", 12, [exposure("华光路", status="resolved")])
    track_items(s, config)
    p = s.exec(select(Problem)).one()
    assert (p.priority, p.exposure_count, p.status) == (1, 2, "resolved")
    undo(s, p.id, by="王编辑", note="回访说的是另一处")
    s.refresh(p)
    assert p.status == "exposed" and p.resolved_at is None
    undo(s, p.id, by="王编辑")
    s.refresh(p)
    assert (p.priority, p.exposure_count) == (0, 1)
    with pytest.raises(LedgerError, match="nothing to undo"):
        undo(s, p.id, by="王编辑")
    events = s.exec(select(ProblemEvent).where(ProblemEvent.problem_id == p.id).order_by(ProblemEvent.id)).all()
    assert [e.action for e in events] == ["opened", "repeat", "status", "undo", "undo"]
    assert [e.reverts_id for e in events[-2:]] == [events[2].id, events[1].id]


def test_dismiss_needs_a_reason_and_merge_folds_a_duplicate(env):
    s, config = env
    add_item(s, 1, "exposure", 2, [exposure("华光路"), exposure("人民西路", "clutter")])
    add_item(s, 2, "exposure", 3, [exposure("华光路北侧人行道", "illegal_parking")])
    track_items(s, config)
    a = s.exec(select(Problem).where(Problem.place == "华光路")).one()
    b = s.exec(select(Problem).where(Problem.place == "人民西路")).one()
    dup = s.exec(select(Problem).where(Problem.place == "华光路北侧人行道")).one()
    with pytest.raises(LedgerError, match="reason"):
        dismiss(s, b.id, by="王编辑", reason=" ")
    dismiss(s, b.id, by="王编辑", reason="非创城范围")
    assert s.get(Problem, b.id).status == "dismissed"
    merge(s, dup.id, a.id, by="王编辑", note="同一路段")
    s.refresh(a)
    s.refresh(dup)
    assert dup.merged_into == a.id and dup.status == "dismissed" and a.exposure_count == 2
    with pytest.raises(LedgerError, match="already merged"):
        merge(s, dup.id, a.id, by="王编辑")
    # a follow-up linking to the duplicate's article reaches the problem it was merged into
    add_item(s, 3, "followup", 8, [{"text": "该处问题已整改到位", "status": "resolved"}],
             links=["http://qf.example/exposure/2.html"])
    track_items(s, config)
    s.refresh(a)
    assert a.status == "resolved"
    undo(s, dup.id, by="王编辑")
    s.refresh(dup)
    s.refresh(a)
    assert dup.merged_into is None and dup.status == "exposed" and a.exposure_count == 1


def test_retagging_links_new_mentions_again_without_new_events(env):
    from pipeline.models import Mention, TaggedItem
    from pipeline.tagging import store_tags

    s, config = env
    first = add_item(s, 1, "exposure", 2, [exposure("华光路")])
    add_item(s, 2, "exposure", 9, [exposure("华光路")])
    fu = add_item(s, 3, "followup", 12, [exposure("华光路", status="resolved")])
    add_item(s, 4, "exposure", 16, [exposure("华光路")])  # reopened
    track_items(s, config)
    before = [(e.problem_id, e.action, e.status_to) for e in s.exec(select(ProblemEvent).order_by(ProblemEvent.id))]
    # an editor's `wenming tag --force`: every item's mentions are replaced by fresh rows
    for item in s.exec(select(Item)).all():
        status = "resolved" if item.id == fu.id else None
        store_tags(s, item, TaggedItem(kind=item.kind, mentions=[Mention(
            index=0, text="张店区华光路存在street_vending问题", problem_type="street_vending", category="environment",
            district="张店区", place="华光路", status=status)]), "v2")
    s.commit()
    track_items(s, config)
    after = [(e.problem_id, e.action, e.status_to) for e in s.exec(select(ProblemEvent).order_by(ProblemEvent.id))]
    assert after == before
    p = s.exec(select(Problem)).one()
    assert p.status == "reopened" and p.exposure_count == 3
    assert all(m.problem_id == p.id for m in s.exec(select(MentionRow)))
    assert first.id == p.first_item_id
