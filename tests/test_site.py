"""The static site under output/site/: pages, relative links, incremental rebuilds."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from lxml import html
from sqlmodel import Session

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
