"""The static site under output/site/: pages, relative links, incremental rebuilds."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import html
from sqlmodel import Session, select

from pipeline.publish.entries import district_slug
from pipeline.store.tables import Problem, ProblemEvent
from tests.test_publish import NOW, run, session, utc  # noqa: F401  (fixture)


def local_links(page: Path) -> list[str]:
    doc = html.fromstring(page.read_bytes())
    hrefs = doc.xpath("//a/@href | //link[@rel='stylesheet']/@href")
    return [h for h in hrefs if not urlsplit(h).scheme]


def test_site_pages_and_relative_links(session: Session, tmp_path: Path) -> None:  # noqa: F811
    res = run(session, tmp_path / "out", week="2026-W47")
    site = tmp_path / "out" / "site"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert "index.html" in pages and "bulletins/2026-W47.html" in pages
    assert {f"problems/{i}.html" for i in range(1, 9)} <= set(pages)
    assert "problems/9.html" not in pages  # merged into 3
    assert f"districts/{district_slug('张店区')}.html" in pages
    assert "categories/category-environment.html" in pages
    assert len(res.site.written) == len(pages) and res.site.unchanged == 0
    # every relative link (pages, stylesheet, the .docx) resolves on disk
    for rel in pages:
        for href in local_links(site / rel):
            target = (site / rel).parent / href.split("#")[0]
            assert target.resolve().is_file(), (rel, href)
    # a problem page: facts, timeline with evidence, links to district and category
    doc = html.fromstring((site / "problems" / "8.html").read_bytes())
    assert doc.findtext(".//h1") == "桓台县少海路乱贴小广告"
    assert doc.xpath("//span[@id='status']/text()") == ["反弹"]
    timeline = [
        [td.text_content().strip() for td in tr]
        for tr in doc.xpath("//section[@id='timeline']//tbody/tr")
    ]
    assert [r[1] for r in timeline] == ["曝光", "状态变更", "反弹"]
    assert timeline[1][2] == "已曝光 → 已整改" and "经回访" in timeline[1][3]
    assert (
        doc.xpath("//section[@id='timeline']//a/@href")[-1] == "https://news.example.cn/zb/3.html"
    )
    # the index: latest bulletin, districts, feeds
    index = html.fromstring((site / "index.html").read_bytes())
    assert index.xpath("//section[@id='latest']//a/@href") == ["bulletins/2026-W47.html"]
    assert "https://wenming.example.cn/feeds/bulletins.atom" in index.xpath("//a/@href")
    # the site's bulletin page links problems within the site
    bulletin = html.fromstring((site / "bulletins" / "2026-W47.html").read_bytes())
    assert "../problems/1.html" in bulletin.xpath("//span[@class='ptitle']/a/@href")


def test_hostile_problem_page(session: Session, tmp_path: Path) -> None:  # noqa: F811
    run(session, tmp_path / "out", week="2026-W47")
    text = (tmp_path / "out" / "site" / "problems" / "4.html").read_text("utf-8")
    doc = html.fromstring(text)
    assert not doc.xpath("//script") and not doc.xpath("//img")
    assert not any(h.startswith("javascript") for h in doc.xpath("//a/@href"))
    assert "\u202e" not in text and "\x00" not in text


def test_incremental_rebuild_writes_only_changed_pages(session: Session, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "out"
    run(session, out, week="2026-W47")
    again = run(session, out, week="2026-W47", now=NOW + timedelta(hours=1))
    assert again.site.written == [] and again.site.unchanged > 10
    # one status change (in week 48: the week-47 issue stays frozen)
    at = utc(11, 24)
    session.add(ProblemEvent(problem_id=2, at=at, action="status", status_from="exposed",
                             status_to="resolved", item_id=3, by="machine", sentence="已清理。"))  # fmt: skip
    p = session.get(Problem, 2)
    p.status, p.updated_at = "resolved", at
    session.add(p)
    session.commit()
    before = (out / "site" / "problems" / "1.html").stat().st_mtime_ns
    third = run(session, out, week="2026-W47", now=NOW + timedelta(days=2))
    assert third.frozen
    assert sorted(third.site.written) == sorted([
        "problems/2.html",
        f"districts/{district_slug('淄川区')}.html",
        "categories/category-traffic.html",
        "index.html",  # the district and category totals on it changed
    ])  # fmt: skip
    assert (out / "site" / "problems" / "1.html").stat().st_mtime_ns == before
    assert "已整改" in (out / "site" / "problems" / "2.html").read_text("utf-8")
    # a deleted page is rewritten even though its data did not change
    (out / "site" / "problems" / "5.html").unlink()
    fourth = run(session, out, week="2026-W47", now=NOW + timedelta(days=2))
    assert fourth.site.written == ["problems/5.html"]


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of the site but the manifest (its stamp and keys are bookkeeping)."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name != ".manifest.json"
    }


def mtimes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def test_incremental_rebuild_equals_a_full_one(session: Session, tmp_path: Path) -> None:  # noqa: F811
    """Changes of every kind, then the incremental site against one built from scratch."""
    out = tmp_path / "out"
    run(session, out, week="2026-W47")
    site = out / "site"
    before = mtimes(site)
    at = utc(11, 24)
    # 1. a status change; 2. a problem moved to another district (and category);
    # 3. a new problem; 4. a problem merged into another (it leaves the site)
    session.add(ProblemEvent(problem_id=3, at=at, action="status", status_from="in_progress",
                             status_to="resolved", item_id=3, by="machine"))  # fmt: skip
    p3 = session.get(Problem, 3)
    p3.status, p3.updated_at = "resolved", at
    p1 = session.get(Problem, 1)
    p1.district, p1.category, p1.problem_type = "周村区", "traffic", "illegal_parking"
    p1.updated_at = at
    session.add(ProblemEvent(problem_id=1, at=at, action="override", status_from="resolved",
                             status_to="resolved", by="王编辑", note="改区县"))  # fmt: skip
    session.add(Problem(id=10, title="高青县芦湖路<b>乱贴</b>小广告", problem_type="illegal_ads",
                        category="environment", district="高青县", place="芦湖路", status="exposed",
                        exposed_at=at, updated_at=at, first_url="https://news.example.cn/zb/9.html"))  # fmt: skip
    session.add(
        ProblemEvent(problem_id=10, at=at, action="opened", status_to="exposed", by="machine")
    )
    p7 = session.get(Problem, 7)
    p7.merged_into, p7.status, p7.updated_at = 1, "dismissed", at
    session.add(ProblemEvent(problem_id=7, at=at, action="merged", status_from="resolved",
                             status_to="dismissed", by="王编辑"))  # fmt: skip
    session.add_all([p1, p3, p7])
    session.commit()
    res = run(session, out, week="2026-W47", now=NOW + timedelta(days=2))
    zhangdian, zichuan, zhoucun = (district_slug(n) for n in ("张店区", "淄川区", "周村区"))
    gaoqing, linzi = district_slug("高青县"), district_slug("临淄区")
    assert sorted(res.site.written) == sorted([
        "problems/1.html", "problems/3.html", "problems/10.html",
        f"districts/{zhangdian}.html", f"districts/{zhoucun}.html", f"districts/{gaoqing}.html",
        "categories/category-environment.html", "categories/category-traffic.html",
        "index.html",
        "bulletins/2026-W47.html",  # a corrected edition: problem 1 moved, problem 7 merged
    ])  # fmt: skip
    # problem 7 left the site, and with it the only problem of 临淄区
    assert sorted(res.site.removed) == [f"districts/{linzi}.html", "problems/7.html"]
    after = mtimes(site)
    untouched = {"problems/2.html", f"districts/{zichuan}.html", "categories/category-culture.html"}
    assert all(after[p] == before[p] for p in untouched)
    assert [p for p in after if after[p] != before.get(p)] == sorted(
        res.site.written, key=list(after).index
    )  # nothing else was touched
    # the same ledger built from scratch: the same bytes
    fresh = run(session, tmp_path / "fresh", week="2026-W47", now=NOW + timedelta(days=2))
    assert len(fresh.site.written) > len(res.site.written)
    assert site_files(site) == site_files(tmp_path / "fresh" / "site")
    assert "&lt;b&gt;乱贴&lt;/b&gt;" in (site / f"districts/{gaoqing}.html").read_text("utf-8")


def test_lost_rows_and_pages_are_rebuilt(session: Session, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "out"
    run(session, out, week="2026-W47")
    site = out / "site"
    full = site_files(site)
    traffic = "categories/category-traffic.html"
    (site / ".rows" / f"{traffic}.txt").write_text("garbage", "utf-8")
    (site / traffic).unlink()
    (site / "problems" / "99.html").write_text("stale", "utf-8")  # no such problem
    at = utc(11, 24)
    session.add(ProblemEvent(problem_id=5, at=at, action="status", status_from="exposed",
                             status_to="in_progress", item_id=3, by="machine"))  # fmt: skip
    p5 = session.get(Problem, 5)
    p5.status, p5.updated_at = "in_progress", at
    session.add(p5)
    session.commit()
    res = run(session, out, week="2026-W47", now=NOW + timedelta(days=1))
    assert traffic in res.site.written and "problems/99.html" in res.site.removed
    run(session, tmp_path / "fresh", week="2026-W47", now=NOW + timedelta(days=1))
    assert site_files(site) == site_files(tmp_path / "fresh" / "site")
    assert site_files(site) != full


def test_bulletin_page_links_to_the_site_index(session: Session, tmp_path: Path) -> None:  # noqa: F811
    res = run(session, tmp_path / "out", week="2026-W47")
    page = html.fromstring((tmp_path / "out" / "site" / "bulletins" / "2026-W47.html").read_bytes())
    assert page.xpath("//nav[@class='site-nav']/a/@href") == ["../index.html"]
    standalone = html.fromstring(res.bulletin_path.read_bytes())
    assert not standalone.xpath("//nav")  # the bulletin as sent stays as it was


def test_postgresql_publishes_what_sqlite_does(
    session: Session,  # noqa: F811
    throwaway_pg: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same ledger on PostgreSQL: the same bulletin, feeds and site, full and incremental."""
    from pipeline.store.db import get_engine
    from tests import test_publish

    # PostgreSQL text cannot hold NUL (publishing drops it anyway): the ledger without it
    no_nul = [tuple(x.replace("\x00", "") if isinstance(x, str) else x for x in row)
              for row in test_publish.PROBLEMS]  # fmt: skip
    monkeypatch.setattr(test_publish, "PROBLEMS", no_nul)
    for p in session.exec(select(Problem)).all():
        p.title, p.unit = (x.replace("\x00", "") if x else x for x in (p.title, p.unit))
        session.add(p)
    session.commit()

    def tree(out: Path) -> dict[str, bytes]:
        keep = ("bulletins/", "feeds/", "site/")
        return {
            p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != ".manifest.json"
            and p.relative_to(out).as_posix().startswith(keep)
        }  # fmt: skip

    def change(s: Session) -> None:
        at = utc(11, 24)
        s.add(ProblemEvent(id=19, problem_id=2, at=at, action="status", status_from="exposed",
                           status_to="resolved", item_id=3, by="machine"))  # fmt: skip
        p = s.get(Problem, 2)
        p.status, p.updated_at = "resolved", at
        s.add(p)
        s.commit()

    with Session(get_engine(throwaway_pg)) as pg:
        test_publish.seed(pg)
        for s, out in ((session, tmp_path / "lite"), (pg, tmp_path / "pg")):
            run(s, out, week="2026-W46")
            run(s, out, week="2026-W47")
            change(s)
            run(s, out, week="2026-W48", now=NOW + timedelta(days=7))
    assert tree(tmp_path / "pg") == tree(tmp_path / "lite")
    assert len(tree(tmp_path / "pg")) > 100
