"""The static site under output/site/: pages, relative links, incremental rebuilds."""

from __future__ import annotations

from datetime import datetime, timedelta
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


@pytest.mark.parametrize("size", [100, 3, 1])
def test_incremental_rebuild_equals_a_full_one(session: Session, tmp_path: Path, size: int) -> None:  # noqa: F811
    """Changes of every kind, then the incremental site against one built from scratch; with
    small pages too (rows shift across pages, lists grow and shrink)."""
    out = tmp_path / "out"
    run(session, out, week="2026-W47", site_page_size=size)
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
    res = run(session, out, week="2026-W47", now=NOW + timedelta(days=2), site_page_size=size)
    zhangdian, zichuan, zhoucun = (district_slug(n) for n in ("张店区", "淄川区", "周村区"))
    gaoqing, linzi = district_slug("高青县"), district_slug("临淄区")
    after = mtimes(site)
    assert [p for p in after if after[p] != before.get(p)] == sorted(
        res.site.written, key=list(after).index
    )  # nothing else was touched
    fresh = run(session, tmp_path / "fresh", week="2026-W47", now=NOW + timedelta(days=2),
                site_page_size=size)  # fmt: skip
    assert site_files(site) == site_files(tmp_path / "fresh" / "site")
    assert "&lt;b&gt;乱贴&lt;/b&gt;" in (site / f"districts/{gaoqing}.html").read_text("utf-8")
    if size == 1:  # environment: 8 4 3 7 1 -> 10 8 4 3 (1 moved, 7 merged): its last page went
        assert "categories/category-environment-5.html" in res.site.removed
        assert not (site / "categories/category-environment-5.html").exists()
        assert "categories/category-culture.html" not in res.site.written  # not touched
    if size != 100:
        return
    assert sorted(res.site.written) == sorted([
        "problems/1.html", "problems/3.html", "problems/10.html",
        f"districts/{zhangdian}.html", f"districts/{zhoucun}.html", f"districts/{gaoqing}.html",
        "categories/category-environment.html", "categories/category-traffic.html",
        "index.html",
        "bulletins/2026-W47.html",  # a corrected edition: problem 1 moved, problem 7 merged
    ])  # fmt: skip
    # problem 7 left the site, and with it the only problem of 临淄区
    assert sorted(res.site.removed) == [f"districts/{linzi}.html", "problems/7.html"]
    untouched = {"problems/2.html", f"districts/{zichuan}.html", "categories/category-culture.html"}
    assert all(after[p] == before[p] for p in untouched)
    assert len(fresh.site.written) > len(res.site.written)


@pytest.mark.parametrize("size", [100, 1])
def test_lost_rows_and_pages_are_rebuilt(session: Session, tmp_path: Path, size: int) -> None:  # noqa: F811
    out = tmp_path / "out"
    run(session, out, week="2026-W47", site_page_size=size)
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
    (site / "categories" / "category-traffic-7.html").write_text("stale", "utf-8")  # no such page
    res = run(session, out, week="2026-W47", now=NOW + timedelta(days=1), site_page_size=size)
    assert traffic in res.site.written and "problems/99.html" in res.site.removed
    assert "categories/category-traffic-7.html" in res.site.removed
    run(session, tmp_path / "fresh", week="2026-W47", now=NOW + timedelta(days=1),
        site_page_size=size)  # fmt: skip
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


# --- paginated district and category lists ------------------------------------------------


def list_ids(page: Path) -> list[int]:
    doc = html.fromstring(page.read_bytes())
    return [int(x) for x in doc.xpath("//section[@id='problems']//tbody/tr/td[1]/text()")]


def status_change(s: Session, pid: int, frm: str, to: str, at: datetime | None = None) -> None:
    at = at or utc(11, 24)
    s.add(ProblemEvent(problem_id=pid, at=at, action="status", status_from=frm, status_to=to,
                       item_id=3, by="machine", sentence="经回访。"))  # fmt: skip
    p = s.get(Problem, pid)
    p.status, p.updated_at = to, at
    s.add(p)
    s.commit()


def test_list_pages_are_paginated(session: Session, tmp_path: Path) -> None:  # noqa: F811
    run(session, tmp_path / "out", week="2026-W47", site_page_size=2)
    site = tmp_path / "out" / "site"
    env = [site / "categories" / n for n in
           ("category-environment.html", "category-environment-2.html", "category-environment-3.html")]  # fmt: skip
    assert (
        all(p.is_file() for p in env)
        and not (site / "categories/category-environment-4.html").exists()
    )
    # newest first, whatever the status (so a status change never moves a row between pages)
    assert [list_ids(p) for p in env] == [[8, 7], [4, 3], [1]]
    zhangdian = district_slug("张店区")
    assert list_ids(site / f"districts/{zhangdian}.html") == [5, 3]
    assert list_ids(site / f"districts/{zhangdian}-2.html") == [1]
    docs = [html.fromstring(p.read_bytes()) for p in env]
    # the whole category's figures on the first page only; later pages link to it
    assert {td.get("data-figure"): td.text_content() for td in docs[0].xpath("//td[@data-figure]")} == {
        "exposed": "5", "resolved": "2", "open": "3", "rate": "40.00%"}  # fmt: skip
    assert not docs[1].xpath("//td[@data-figure]") and not docs[2].xpath("//td[@data-figure]")
    assert docs[1].xpath("//p[@id='figures-link']/a/@href") == ["category-environment.html"]
    # prev/next links and the page bar, relative, on top and at the bottom
    for i, doc in enumerate(docs, 1):
        bars = doc.xpath("//nav[@class='pager']")
        assert len(bars) == 2
        assert bars[0].xpath("string(span[@class='page-no'])") == f"第 {i} / 3 页"
        assert bars[0].xpath("span[@class='current']/text()") == [str(i)]
    assert docs[0].xpath("//nav[@id='pager-top']/a[@rel='next']/@href") == [
        "category-environment-2.html"
    ]
    assert not docs[0].xpath("//a[@rel='prev']")
    assert docs[1].xpath("//nav[@id='pager-top']/a[@rel='prev']/@href") == [
        "category-environment.html"
    ]
    assert docs[1].xpath("//nav[@id='pager-top']/a[@rel='next']/@href") == [
        "category-environment-3.html"
    ]
    assert not docs[2].xpath("//a[@rel='next']")
    assert docs[1].findtext(".//h1") == "淄博市市容环境卫生创城曝光问题（第2页）"
    # every link of every page resolves; links to a list go to its first page
    for page in site.rglob("*.html"):
        for href in local_links(page):
            assert (page.parent / href.split("#")[0]).resolve().is_file(), (page, href)
    problem = html.fromstring((site / "problems/1.html").read_bytes())
    assert "../categories/category-environment.html" in problem.xpath("//a/@href")
    # a hostile label or title stays escaped on a later page too
    assert not docs[1].xpath("//script") and not docs[1].xpath("//img")


def test_pager_window() -> None:
    from pipeline.publish.site_pages import page_count, page_path, pager

    assert page_path("districts/district-ab.html", 1) == "districts/district-ab.html"
    assert page_path("districts/district-ab.html", 12) == "districts/district-ab-12.html"
    assert [page_count(n, 100) for n in (0, 1, 100, 101, 250)] == [1, 1, 1, 2, 3]
    bar = pager("categories/category-x.html", 7, 20)
    assert [b.number for b in bar] == [1, None, 5, 6, 7, 8, 9, None, 20]
    assert [b.href for b in bar if b.current] == ["category-x-7.html"]
    assert [b.number for b in pager("categories/category-x.html", 1, 1)] == [1]
    assert [b.number for b in pager("categories/category-x.html", 2, 4)] == [1, 2, 3, 4]


def test_status_change_rewrites_only_changed_pages(session: Session, tmp_path: Path) -> None:  # noqa: F811
    out, site = tmp_path / "out", tmp_path / "out" / "site"
    run(session, out, week="2026-W47", site_page_size=1)
    # exposed -> in progress: open either way, so no row moves and no figure changes
    status_change(session, 4, "exposed", "in_progress")
    res = run(session, out, week="2026-W47", now=NOW + timedelta(days=1), site_page_size=1)
    assert sorted(res.site.written) == sorted([
        "problems/4.html",
        f"districts/{district_slug('博山区')}.html",  # its one page: the row and the figures
        "categories/category-environment-3.html",  # the page holding problem 4, nothing else
    ])  # fmt: skip
    fresh = run(
        session, tmp_path / "f1", week="2026-W47", now=NOW + timedelta(days=1), site_page_size=1
    )
    assert site_files(site) == site_files(tmp_path / "f1" / "site") and fresh.site.removed == []


def test_resolution_rewrites_its_row_and_the_figures_only(session: Session, tmp_path: Path) -> None:  # noqa: F811
    out, site = tmp_path / "out", tmp_path / "out" / "site"
    run(session, out, week="2026-W47", site_page_size=2)
    zhangdian = district_slug("张店区")
    before = mtimes(site)
    # environment [8 7] [4 3] [1] and 张店区 [5 3] [1]: no row moves
    status_change(session, 3, "in_progress", "resolved")
    res = run(session, out, week="2026-W47", now=NOW + timedelta(days=1), site_page_size=2)
    assert sorted(res.site.written) == sorted([
        "problems/3.html",
        f"districts/{zhangdian}.html",  # figures and problem 3's row
        "categories/category-environment.html",  # figures only
        "categories/category-environment-2.html",  # problem 3's row
        "index.html",  # district and category figures
    ])  # fmt: skip
    after = mtimes(site)
    for same in ("categories/category-environment-3.html", f"districts/{zhangdian}-2.html"):
        assert after[same] == before[same]
    assert list_ids(site / "categories/category-environment-2.html") == [4, 3]
    run(session, tmp_path / "f", week="2026-W47", now=NOW + timedelta(days=1), site_page_size=2)
    assert site_files(site) == site_files(tmp_path / "f" / "site")


def test_shrinking_list_loses_its_last_pages(session: Session, tmp_path: Path) -> None:  # noqa: F811
    out, site = tmp_path / "out", tmp_path / "out" / "site"
    run(session, out, week="2026-W47", site_page_size=2)
    # environment [8 7] [4 3] [1]: 7 merged into 1, 8 moved to culture -> [4 3] [1]
    at = utc(11, 24)
    p7, p8 = session.get(Problem, 7), session.get(Problem, 8)
    p7.merged_into, p7.status, p7.updated_at = 1, "dismissed", at
    p8.category, p8.updated_at = "culture", at
    session.add(ProblemEvent(problem_id=7, at=at, action="merged", status_from="resolved",
                             status_to="dismissed", by="王编辑"))  # fmt: skip
    session.add(ProblemEvent(problem_id=8, at=at, action="override", status_from="reopened",
                             status_to="reopened", by="王编辑"))  # fmt: skip
    session.add_all([p7, p8])
    session.commit()
    res = run(session, out, week="2026-W47", now=NOW + timedelta(days=1), site_page_size=2)
    assert "categories/category-environment-3.html" in res.site.removed
    assert not (site / "categories/category-environment-3.html").exists()
    assert list_ids(site / "categories/category-environment.html") == [4, 3]
    assert list_ids(site / "categories/category-environment-2.html") == [1]
    assert list_ids(site / "categories/category-culture.html") == [8, 6]
    run(session, tmp_path / "f", week="2026-W47", now=NOW + timedelta(days=1), site_page_size=2)
    assert site_files(site) == site_files(tmp_path / "f" / "site")
    # a later page deleted by hand is written again, alone
    (site / "categories/category-environment-2.html").unlink()
    again = run(session, out, week="2026-W47", now=NOW + timedelta(days=1), site_page_size=2)
    assert again.site.written == ["categories/category-environment-2.html"]


def test_new_page_size_repaginates_lists_only(session: Session, tmp_path: Path) -> None:  # noqa: F811
    out, site = tmp_path / "out", tmp_path / "out" / "site"
    run(session, out, week="2026-W47", site_page_size=1)
    res = run(session, out, week="2026-W47", now=NOW + timedelta(hours=1), site_page_size=3)
    assert res.site.written and not [p for p in res.site.written if p.startswith("problems/")]
    assert "categories/category-environment-5.html" in res.site.removed
    run(session, tmp_path / "f", week="2026-W47", now=NOW + timedelta(hours=1), site_page_size=3)
    assert site_files(site) == site_files(tmp_path / "f" / "site")
    assert sorted(p.name for p in (site / "categories").iterdir()) == [
        "category-culture.html", "category-environment-2.html", "category-environment.html",
        "category-traffic.html",
    ]  # fmt: skip


def test_site_page_size_setting(tmp_path: Path) -> None:
    from pipeline.config import load_config
    from pipeline.errors import ConfigError
    from tests.conftest import write_config

    assert load_config(write_config(tmp_path, "")).site_page_size == 100
    path = write_config(tmp_path, "", extra="[publish]\nsite_page_size = 25")
    assert load_config(path).site_page_size == 25
    for bad, words in (("0", "at least 1"), ('"many"', "expected int"), ("true", "expected int")):
        path = write_config(tmp_path, "", extra=f"[publish]\nsite_page_size = {bad}")
        with pytest.raises(ConfigError) as info:
            load_config(path)
        assert info.value.key == "publish.site_page_size" and words in str(info.value)
