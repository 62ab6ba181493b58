"""Publish: bulletin HTML, feeds, numbering, golden files.

A real SQLite file, a fixed ledger, a frozen clock. Regenerate the golden
files with ``UPDATE_GOLDEN=1 pytest tests/test_publish.py``.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from lxml import etree, html
from sqlmodel import Session, SQLModel, create_engine, select

from pipeline import REPO_DIR
from pipeline.publish import PublishResult, clean_xml_text, publish
from pipeline.publish.entries import district_slug
from pipeline.publish.weeks import week_bounds, week_of, week_range_zh
from pipeline.store.tables import Bulletin, Item, Problem, ProblemEvent
from pipeline.taxonomy import load_taxonomy

GOLDEN = Path(__file__).parent / "golden"
TEMPLATES = REPO_DIR / "templates"
BASE = "https://wenming.example.cn/"
NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)  # Monday 09:00 Beijing time
HOSTILE = "<script>alert(1)</script>]]>\x00\x0b\u202e华光路"
LONG = "超长标题" * 2500  # 10,000 characters


def utc(month: int, day: int, hour: int = 2, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def item(i: int, outlet: str, when: datetime, title: str = "曝光") -> Item:
    return Item(
        id=i,
        url=f"https://news.example.cn/zb/{i}.html",
        source="zbnews",
        outlet=outlet,
        title=title,
        body="……",
        published_at=when,
        kind="exposure",
    )


# fmt: off
# (id, title, type, category, district, place, unit, deadline, exposed, first item, url, merged)
PROBLEMS = [
    (1, "张店区华光路占道经营", "street_vending", "environment", "张店区", "华光路",
     "马尚街道办事处", date(2026, 11, 14), utc(11, 10), 1, None, None),
    (2, "淄川区松龄路机动车乱停乱放", "illegal_parking", "traffic", "淄川区", "松龄路",
     "淄川区交警大队", date(2026, 11, 13), utc(11, 11), 1, None, None),
    (3, "张店区奥林社区垃圾堆积", "garbage", "environment", "张店区", "奥林社区",
     "科苑街道办事处", date(2026, 11, 20), utc(11, 17), 2, None, None),
    # exposed 00:30 Beijing time on Monday 16 Nov: week 47 there, still week 46 in UTC
    (4, HOSTILE, "sanitation", "environment", "博山区", "<img src=x onerror=alert(1)>",
     "博山区\x00城管局", None, utc(11, 15, 16, 30), 2, "javascript:alert(1)", None),
    (5, LONG, "bike_parking", "traffic", "张店区", "人民西路", None, None, utc(11, 19), 2,
     None, None),
    (6, "周村区古商城随地吐痰", "uncivil_behavior", "culture", "周村区", "古商城",
     "周村区文明办", None, utc(11, 5), 4, None, None),
    (7, "临淄区桓公路垃圾清运不及时", "garbage", "environment", "临淄区", "桓公路",
     "临淄区环卫中心", date(2026, 11, 12), utc(11, 3), 4, None, None),
    (8, "桓台县少海路乱贴小广告", "illegal_ads", "environment", "桓台县", "少海路",
     "索镇街道", date(2026, 11, 15), utc(11, 2), 4, None, None),
    (9, "高青县重复问题", "garbage", "environment", "高青县", "芦湖路", None, None,
     utc(11, 18), 2, None, 3),
]
# (id, problem, at, action, from, to, item, by)
EVENTS = [
    (1, 1, utc(11, 10), "opened", None, "exposed", 1, "machine"),
    (2, 1, utc(11, 12), "status", "exposed", "in_progress", 3, "machine"),
    (3, 1, utc(11, 18, 6), "status", "in_progress", "resolved", 3, "machine"),
    (4, 2, utc(11, 11), "opened", None, "exposed", 1, "machine"),
    (5, 2, utc(11, 19), "repeat", "exposed", "exposed", 2, "machine"),
    (6, 2, utc(11, 20), "review", "exposed", "exposed", 3, "machine"),
    (7, 3, utc(11, 17), "opened", None, "exposed", 2, "machine"),
    (8, 3, utc(11, 18), "status", "exposed", "in_progress", 3, "machine"),
    (9, 4, utc(11, 15, 16, 30), "opened", None, "exposed", 2, "machine"),
    (10, 5, utc(11, 19), "opened", None, "exposed", 2, "machine"),
    (11, 6, utc(11, 5), "opened", None, "exposed", 4, "machine"),
    (12, 6, utc(11, 6), "override", "exposed", "dismissed", None, "李编辑"),
    (13, 7, utc(11, 3), "opened", None, "exposed", 4, "machine"),
    (14, 7, utc(11, 12, 3), "override", "exposed", "resolved", 3, "王编辑"),
    (15, 8, utc(11, 2), "opened", None, "exposed", 4, "machine"),
    (16, 8, utc(11, 6), "status", "exposed", "resolved", 4, "machine"),
    (17, 8, utc(11, 20), "reopened", "resolved", "reopened", 3, "machine"),
    (18, 9, utc(11, 18), "opened", None, "exposed", 2, "machine"),
]
STATUS_NOW = {1: "resolved", 2: "exposed", 3: "in_progress", 4: "exposed", 5: "exposed",
              6: "dismissed", 7: "resolved", 8: "reopened", 9: "exposed"}
# fmt: on


def seed(session: Session) -> None:
    session.add(item(1, "淄博日报", utc(11, 10)))
    session.add(item(2, "淄博电视台", utc(11, 17)))
    session.add(item(3, "淄博晚报", utc(11, 18), title="整改情况回访"))
    session.add(item(4, "齐鲁晚报", utc(11, 2)))
    for pid, title, ptype, cat, dist, place, unit, dl, exp, first, url, merged in PROBLEMS:
        last = max(e[2] for e in EVENTS if e[1] == pid)
        session.add(
            Problem(
                id=pid,
                title=title,
                summary=f"{place}存在问题",
                problem_type=ptype,
                category=cat,
                district=dist,
                place=place,
                unit=unit,
                deadline=dl,
                status=STATUS_NOW[pid],
                exposed_at=exp,
                updated_at=last,
                first_item_id=first,
                first_url=url or f"https://news.example.cn/zb/{first}.html",
                outlet=None if pid == 5 else "淄博日报",
                merged_into=merged,
            )
        )
    for eid, pid, at, action, frm, to, item_id, by in EVENTS:
        session.add(
            ProblemEvent(
                id=eid,
                problem_id=pid,
                at=at,
                action=action,
                status_from=frm,
                status_to=to,
                item_id=item_id,
                by=by,
                sentence=f"经回访，{to}。" if frm else None,
                recorded_at=at,
            )
        )
    session.commit()


@pytest.fixture
def session(tmp_path: Path):
    engine = create_engine(f"sqlite:///{tmp_path / 'wenming.db'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as s:
        seed(s)
        yield s
    engine.dispose()


def run(session: Session, out: Path, **kw) -> PublishResult:
    args = {
        "taxonomy": load_taxonomy(),
        "output_dir": out,
        "templates_dir": TEMPLATES,
        "city": "淄博市",
        "issuer": "淄博市文明办",
        "base_url": BASE,
        "now": NOW,
    }
    args.update(kw)
    return publish(session, **args)


def figures(doc: html.HtmlElement) -> dict[str, str]:
    return {
        td.get("data-figure"): td.text_content().strip() for td in doc.xpath("//td[@data-figure]")
    }


def section_titles(doc: html.HtmlElement, section: str) -> list[str]:
    return [
        s.text_content() for s in doc.xpath(f"//section[@id='{section}']//span[@class='ptitle']")
    ]


# --- weeks ---------------------------------------------------------------------------


def test_week_helpers() -> None:
    assert week_range_zh("2026-W47") == "2026年11月16日—11月22日"
    assert week_range_zh("2026-W01") == "2025年12月29日—2026年1月4日"
    assert week_of(utc(11, 15, 16, 30)) == "2026-W47"  # Monday 00:30 in Beijing
    start, end = week_bounds("2026-W47")
    assert start == datetime(2026, 11, 15, 16, tzinfo=UTC)
    assert end - start == timedelta(days=7)


def test_clean_xml_text() -> None:
    assert clean_xml_text("a\x00b\x0bc\x1f\td\ne\rf\ufffe") == "abc\td\ne\rf"
    assert clean_xml_text(None) == ""


# --- bulletin ------------------------------------------------------------------------


def test_bulletin_week_47(session: Session, tmp_path: Path) -> None:
    res = run(session, tmp_path / "out", week="2026-W47")
    assert res.bulletin_path == tmp_path / "out" / "bulletins" / "2026-W47.html"
    assert res.counts == {
        "exposed": 3,
        "in_progress": 1,
        "resolved": 2,
        "reopened": 1,
        "dismissed": 1,
    }
    doc = html.fromstring(res.bulletin_path.read_text("utf-8"))
    assert doc.findtext(".//h1") == "淄博市创城曝光问题整改周报 第1期"
    assert "2026年11月16日—11月22日" in doc.text_content()
    assert figures(doc) == {
        "exposed_week": "3",
        "resolved_week": "1",
        "total": "8",
        "resolved": "2",
        "open": "5",
        "overdue": "3",
        "rate": "28.57%",
    }
    # new exposures, in order, with the Monday-00:30 one counted in this week
    new = section_titles(doc, "exposures")
    assert new[0] == HOSTILE.replace("\x00", "").replace("\x0b", "").replace("\u202e", "")
    assert new[1] == "张店区奥林社区垃圾堆积" and new[2].startswith("超长标题")
    # resolutions carry before (exposure) and after (follow-up) evidence links
    assert section_titles(doc, "resolutions") == ["张店区华光路占道经营"]
    links = doc.xpath("//section[@id='resolutions']//td[@class='links']")[0]
    assert links.xpath("a[@class='before']/@href") == ["https://news.example.cn/zb/1.html"]
    assert links.xpath("a[@class='after']/@href") == ["https://news.example.cn/zb/3.html"]
    # problem titles link to the problem's page on the static site
    assert doc.xpath("//section[@id='resolutions']//span[@class='ptitle']/a/@href") == [
        "../site/problems/1.html"
    ]
    # overdue: oldest deadline first; resolved/dismissed/no-deadline left out
    assert section_titles(doc, "overdue") == [
        "淄川区松龄路机动车乱停乱放",
        "桓台县少海路乱贴小广告",
        "张店区奥林社区垃圾堆积",
    ]
    # autodiscovery
    feeds = doc.xpath("//head/link[@rel='alternate']/@href")
    assert f"{BASE}feeds/exposures.rss" in feeds and f"{BASE}feeds/status.atom" in feeds
    assert doc.xpath("//head/link[@type='application/atom+xml']")
    # district table, ranked by rate: 张店区 has 3 problems, 1 resolved → 33.33%
    rows = [
        [td.text_content() for td in tr] for tr in doc.xpath("//section[@id='districts']//tbody/tr")
    ]
    assert [r[:2] for r in rows] == [
        ["1", "临淄区"], ["2", "张店区"], ["3", "博山区"], ["3", "桓台县"], ["3", "淄川区"],
        ["—", "周村区"],  # only a dismissed problem: rate undefined, listed last
    ]  # fmt: skip
    assert rows[1][2:] == ["3", "2", "1", "2", "1", "33.33%"]
    # categories with their problem types and subtotals
    cats = [
        [td.text_content() for td in tr]
        for tr in doc.xpath("//section[@id='categories']//tbody/tr")
    ]
    assert cats[0][:3] == ["城市交通秩序", "小计", "2"]
    assert ["", "非机动车乱停放", "1", "1", "0", "1", "0", "0.00%"] in cats
    assert ["市容环境卫生", "小计", "5", "2", "2", "3", "2", "40.00%"] in cats
    # lead paragraph from the numbers
    lead = doc.xpath("//section[@id='lead']/p")[0].text_content()
    assert lead.startswith("2026年11月16日—11月22日，各媒体新曝光问题3个，本周整改完成1个")
    assert "累计整改率28.57%，较上周下降21.43个百分点" in lead and "超期未整改问题3个" in lead
    # trend chart: inline SVG, 8 weeks, this week's bars last
    assert len(doc.xpath("//svg//rect[@class='bar-exposed']")) == 8
    assert doc.xpath("//table[@class='trend-data']//tr[1]/td/text()")[-3:] == ["3", "2", "3"]
    assert (tmp_path / "out" / "bulletins" / "style.css").is_file()
    assert "第1期" in (tmp_path / "out" / "bulletins" / "index.html").read_text("utf-8")


def test_bulletin_replays_status_as_of_week_end(session: Session, tmp_path: Path) -> None:
    res = run(session, tmp_path / "out", week="2026-W46")
    doc = html.fromstring(res.bulletin_path.read_text("utf-8"))
    # problem 1 was still in progress (and overdue) at the end of week 46
    assert figures(doc) == {
        "exposed_week": "2",
        "resolved_week": "1",
        "total": "5",
        "resolved": "2",
        "open": "2",
        "overdue": "2",
        "rate": "50.00%",
    }
    assert section_titles(doc, "overdue") == ["淄川区松龄路机动车乱停乱放", "张店区华光路占道经营"]
    assert res.counts["in_progress"] == 1 and res.counts["resolved"] == 2


def test_default_week_is_the_datas_latest(session: Session, tmp_path: Path) -> None:
    res = run(session, tmp_path / "out", now=datetime(2027, 3, 1, tzinfo=UTC))
    assert res.week == "2026-W47"


def test_hostile_text_stays_escaped(session: Session, tmp_path: Path) -> None:
    res = run(session, tmp_path / "out", week="2026-W47")
    text = res.bulletin_path.read_text("utf-8")
    doc = html.fromstring(text)
    assert not doc.xpath("//script") and not doc.xpath("//img")
    assert not any(a.startswith("javascript") for a in doc.xpath("//a/@href"))
    for bad in ("\x00", "\x0b", "\u202e", "<script>", "超长标题" * 40):
        assert bad not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;]]&gt;" in text
    assert "<img src=x onerror=alert(1)>" in doc.text_content()  # shown as text
    for path in res.feed_paths:
        etree.parse(str(path), etree.XMLParser(recover=False))  # well-formed or raises
        assert b"\x00" not in path.read_bytes() and "\u202e" not in path.read_text("utf-8")


# --- feeds ---------------------------------------------------------------------------


def parse(out: Path, name: str) -> feedparser.FeedParserDict:
    feed = feedparser.parse((out / "feeds" / name).read_bytes())
    assert feed.bozo == 0, (name, feed.get("bozo_exception"))
    return feed


def test_feeds_parse_and_count(session: Session, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = run(session, out, week="2026-W47")
    names = sorted(p.name for p in res.feed_paths)
    types = len(load_taxonomy().types)
    # main + bulletins, 5 categories, 6 districts (merged 高青县 has none), every problem type
    assert len(names) == 2 * (4 + 5 + 6 + types)
    assert f"{district_slug('张店区')}.rss" in names
    expected = {
        "exposures": 8,
        "resolved": 3,
        "status": 15,
        "category-environment": 11,
        "category-traffic": 2,
        "category-culture": 2,
        "category-service": 0,
        district_slug("张店区"): 6,
        "type-garbage": 4,
        "type-street_vending": 3,
        "type-noise": 0,
        "bulletins": 1,
    }
    for slug, n in expected.items():
        for ext in ("rss", "atom"):
            assert len(parse(out, f"{slug}.{ext}").entries) == n, (slug, ext)
    exposures = parse(out, "exposures.atom")
    first = exposures.entries[0]  # newest exposure first
    assert first.id == f"{BASE}problems/5#exposed" and first.title.startswith("【已曝光】超长标题")
    resolved = parse(out, "resolved.rss").entries
    assert resolved[0].title == "【已整改】张店区华光路占道经营"
    assert resolved[0].id == f"{BASE}problems/1#event-3"
    assert resolved[0].link == f"{BASE}site/problems/1.html"  # the problem's page
    assert "原文：https://news.example.cn/zb/3.html" in resolved[0].summary
    assert {t.term for t in resolved[0].tags} == {"市容环境卫生", "占道经营"}
    district = parse(out, f"{district_slug('张店区')}.atom")
    assert "张店区" in district.feed.title


def test_feeds_stable_across_publishes(session: Session, tmp_path: Path) -> None:
    run(session, tmp_path / "a", week="2026-W47")
    run(session, tmp_path / "b", week="2026-W47", now=NOW + timedelta(days=3))
    for name in ("exposures.rss", "exposures.atom", "status.rss", "resolved.atom"):
        a, b = parse(tmp_path / "a", name), parse(tmp_path / "b", name)
        assert [e.id for e in a.entries] == [e.id for e in b.entries]
        assert [e.published for e in a.entries] == [e.published for e in b.entries]
        if name.endswith(".atom"):
            assert [e.updated for e in a.entries] == [e.updated for e in b.entries]
    ex = parse(tmp_path / "a", "exposures.atom").entries
    p1 = next(e for e in ex if e.id.endswith("problems/1#exposed"))
    assert p1.published_parsed != p1.updated_parsed  # exposure time vs last change


def test_feed_max_items(session: Session, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(session, out, feed_max_items=2)
    entries = parse(out, "status.rss").entries
    assert [e.id for e in entries] == [f"{BASE}problems/8#event-17", f"{BASE}problems/5#event-10"]


# --- numbering -----------------------------------------------------------------------


def test_numbering_and_drafts(session: Session, tmp_path: Path) -> None:
    out = tmp_path / "out"
    draft = run(session, out, week="2026-W46", draft=True)
    assert draft.number == 1 and draft.bulletin_path.name == "2026-W46.draft.html"
    assert draft.feed_paths == [] and session.exec(select(Bulletin)).all() == []
    assert "草稿" in draft.bulletin_path.read_text("utf-8")
    assert run(session, out, week="2026-W46").number == 1
    assert run(session, out, week="2026-W47").number == 2
    later = NOW + timedelta(hours=5)
    again = run(session, out, week="2026-W47", now=later)
    assert again.number == 2 and again.frozen and again.edition == 1
    assert run(session, out, week="2026-W47", draft=True).number == 2
    rows = {b.week: b for b in session.exec(select(Bulletin)).all()}
    assert {w: b.number for w, b in rows.items()} == {"2026-W46": 1, "2026-W47": 2}
    assert rows["2026-W47"].published_at == NOW  # frozen: same content, same issue
    assert rows["2026-W47"].html_path == "bulletins/2026-W47.html"
    index = html.fromstring((out / "bulletins" / "index.html").read_text("utf-8"))
    hrefs = index.xpath("//section[@id='bulletins']//a/@href")
    assert hrefs == ["2026-W47.html", "2026-W47.docx", "2026-W46.html", "2026-W46.docx"]


# --- golden files --------------------------------------------------------------------


@pytest.mark.parametrize("rel", ["bulletins/2026-W47.html", "feeds/exposures.rss"])
def test_golden(session: Session, tmp_path: Path, rel: str) -> None:
    out = tmp_path / "out"
    run(session, out, week="2026-W47")
    got = (out / rel).read_text("utf-8")
    golden = GOLDEN / {"bulletins/2026-W47.html": "bulletin.html"}.get(rel, Path(rel).name)
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(got, "utf-8")
    assert got == golden.read_text("utf-8"), f"{rel} differs; UPDATE_GOLDEN=1 to accept"


def test_empty_ledger_publishes_empty_bulletin_and_feeds(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as s:
        res = run(s, tmp_path / "out")
    engine.dispose()
    assert res.week == "2026-W48" and res.number == 1  # the week of `now`
    doc = html.fromstring(res.bulletin_path.read_text("utf-8"))
    assert figures(doc)["rate"] == "—" and figures(doc)["total"] == "0"
    assert len(res.feed_paths) == 2 * (4 + 5 + len(load_taxonomy().types))  # no district feeds
    assert parse(tmp_path / "out", "exposures.atom").entries == []


def test_events_exactly_at_a_week_boundary(tmp_path: Path) -> None:
    """Written through the app (AwareDateTime), times are stored as UTC text with microseconds,
    as the bound week boundaries are, so SQLite's text comparison orders them as times: a
    problem exposed at Monday 00:00 Beijing time belongs to that week, and one resolved at the
    next Monday 00:00 to the next week."""
    from pipeline.publish.ledger import count_resolutions, load_facts, load_resolutions

    start, end = week_bounds("2026-W47")  # Beijing Monday 00:00 = Sunday 16:00 UTC
    engine = create_engine(f"sqlite:///{tmp_path / 'edge.db'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as s:
        for pid, exposed in ((1, start), (2, start - timedelta(microseconds=1))):
            s.add(Problem(id=pid, title=f"问题{pid}", problem_type="garbage", category="environment",
                          district="张店区", status="resolved", exposed_at=exposed, updated_at=end))  # fmt: skip
            s.add(ProblemEvent(problem_id=pid, at=exposed, action="opened", status_to="exposed",
                               by="machine"))  # fmt: skip
        s.add(ProblemEvent(problem_id=1, at=end, action="status", status_from="exposed",
                           status_to="resolved", by="machine"))  # fmt: skip
        s.add(ProblemEvent(problem_id=2, at=end - timedelta(microseconds=1), action="status",
                           status_from="exposed", status_to="resolved", by="machine"))  # fmt: skip
        s.commit()
        stored = s.connection().exec_driver_sql("SELECT at FROM problem_events ORDER BY id").all()
        assert stored[0][0] == "2026-11-15 16:00:00.000000"  # what the boundaries compare with
        tax = load_taxonomy()
        w46 = {f.id: f for f in load_facts(s, tax, "2026-W46")}
        w47 = {f.id: f for f in load_facts(s, tax, "2026-W47")}
        assert w46[1].status is None and w46[2].status == "exposed"  # 1: not yet exposed
        assert w47[1].status == "exposed" and w47[1].status_before is None
        assert w47[2].status == "resolved" and w47[2].status_before == "exposed"
        assert [r[1] for r in load_resolutions(s, start, end)] == [2]
        assert [r[1] for r in load_resolutions(s, *week_bounds("2026-W48"))] == [1]
        assert count_resolutions(s, ["2026-W47", "2026-W48"]) == {"2026-W47": 1, "2026-W48": 1}
        res = run(s, tmp_path / "out", week="2026-W47")
        doc = html.fromstring(res.bulletin_path.read_text("utf-8"))
        assert figures(doc)["exposed_week"] == "1" and figures(doc)["resolved_week"] == "1"
        assert section_titles(doc, "exposures") == ["问题1"]
        assert section_titles(doc, "resolutions") == ["问题2"]
    engine.dispose()


# --- editions and editor overrides ---------------------------------------------------


def test_corrected_edition_and_editor_overrides(session: Session, tmp_path: Path) -> None:
    from pipeline.publish import Editorial

    out = tmp_path / "out"
    first = run(session, out, week="2026-W47")
    assert first.edition == 1 and not first.frozen
    frozen_html = first.bulletin_path.read_bytes()
    # the editor changes title, lead and adds a note: a corrected edition
    later = NOW + timedelta(days=1)
    edits = Editorial(
        title="淄博市创城媒体曝光问题整改通报",
        lead="本周<b>重点</b>……",
        note="请于周五前反馈。\u202e",
    )
    second = run(session, out, week="2026-W47", now=later, editorial=edits)
    assert second.edition == 2 and second.number == 1 and not second.frozen
    doc = html.fromstring(second.bulletin_path.read_text("utf-8"))
    assert doc.findtext(".//h1") == "淄博市创城媒体曝光问题整改通报 第1期"
    assert "更正版（第2版）" in doc.xpath("//p[@id='edition']")[0].text_content()
    assert doc.xpath("//section[@id='lead']/p")[0].text_content() == "本周<b>重点</b>……"
    assert doc.xpath("//p[@id='note']")[0].text_content() == "编者按：请于周五前反馈。"
    # the first edition is kept as it was
    assert (out / "bulletins" / "2026-W47.e1.html").read_bytes() == frozen_html
    assert (out / "bulletins" / "2026-W47.e1.docx").is_file()
    # the overrides are kept in the week's file and apply to later publishes
    saved = (out / "editorial" / "2026-W47.toml").read_text("utf-8")
    assert 'note = "请于周五前反馈。\u202e"' in saved
    third = run(session, out, week="2026-W47", now=later + timedelta(hours=1))
    assert third.frozen and third.edition == 2
    # '' removes an override: back to the written lead → edition 3
    fourth = run(session, out, week="2026-W47", now=later + timedelta(hours=2),
                 editorial=Editorial(lead=""))  # fmt: skip
    assert fourth.edition == 3
    assert "lead" not in (out / "editorial" / "2026-W47.toml").read_text("utf-8")
    row = session.exec(select(Bulletin)).one()
    assert (row.edition, row.number, row.first_published_at) == (3, 1, NOW)
    # the bulletins feed: one entry per issue, same id, marked corrected, updated moved
    feed = parse(out, "bulletins.atom")
    assert [e.id for e in feed.entries] == [f"{BASE}bulletins/2026-W47"]
    entry = feed.entries[0]
    assert entry.title == "【更正版·第3版】淄博市创城媒体曝光问题整改通报 第1期"
    assert entry.published_parsed < entry.updated_parsed
    assert any(link.href.endswith("2026-W47.docx") for link in entry.links)
    rss = parse(out, "bulletins.rss").entries[0]
    assert rss.enclosures[0].href == f"{BASE}bulletins/2026-W47.docx"


def test_late_event_makes_a_corrected_edition(session: Session, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(session, out, week="2026-W46")
    # a follow-up dated inside week 46 arrives after the issue was published
    session.add(ProblemEvent(problem_id=2, at=utc(11, 13), action="status", status_from="exposed",
                             status_to="in_progress", item_id=3, by="machine"))  # fmt: skip
    session.commit()
    res = run(session, out, week="2026-W46", now=NOW + timedelta(days=1))
    assert res.edition == 2 and res.number == 1


def test_bad_editorial_file_is_one_clear_error(session: Session, tmp_path: Path) -> None:
    from pipeline.errors import WenmingError

    f = tmp_path / "out" / "editorial" / "2026-W47.toml"
    f.parent.mkdir(parents=True)
    f.write_text('titel = "x"\n', "utf-8")
    with pytest.raises(WenmingError, match="titel: unknown key"):
        run(session, tmp_path / "out", week="2026-W47")


def test_hostile_input_in_every_feed(session: Session, tmp_path: Path) -> None:
    """Control characters, ]]>, <script>, RTL marks and 10,000-character fields everywhere."""
    evil = "\u200f\u202b" + LONG + "]]><script>x</script>\x01\x1f\u2067"
    for p in session.exec(select(Problem)).all():
        p.title, p.place, p.unit, p.outlet = evil, evil, evil, evil
        session.add(p)
    for e in session.exec(select(ProblemEvent)).all():
        e.sentence, e.by = evil, evil if e.by != "machine" else e.by
        session.add(e)
    session.commit()
    res = run(session, tmp_path / "out", week="2026-W47")
    for path in res.feed_paths:
        tree = etree.parse(str(path), etree.XMLParser(recover=False))  # well-formed or raises
        assert not list(tree.iter("{*}script", "script"))  # markup stayed text
        feed = parse(tmp_path / "out", path.name)
        for e in feed.entries:
            assert "\x01" not in e.title and "\u202b" not in e.title and "\u2067" not in e.title
            if "bulletins" not in path.name:
                assert len(e.title) < 200 and "<script>x</script>" not in e.title
    page = html.fromstring(res.bulletin_path.read_bytes())
    assert not page.xpath("//script")
