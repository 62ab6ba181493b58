"""Tests of the bundled demo site generator, its HTTP server and its truth."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from lxml import etree, html

from pipeline.demo import site, truth
from pipeline.demo.server import DemoServer
from pipeline.demo.site import SiteManifest

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> SiteManifest:
    return site.build_site(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def server(built: SiteManifest) -> Iterator[DemoServer]:
    with DemoServer(built.out_dir) as srv:
        yield srv


def fetch(srv: DemoServer, path: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(srv.url(path), timeout=5) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read()


def list_entries(srv: DemoServer, column: str) -> tuple[list[tuple[str, str]], list[str]]:
    """Follow 下一页 links from the first list page; return entries and pages seen."""
    path: str | None = f"/{column}/index.html"
    entries: list[tuple[str, str]] = []
    seen: list[str] = []
    while path:
        status, _, body = fetch(srv, path)
        assert status == 200, path
        seen.append(path)
        doc = html.fromstring(body.decode("utf-8"))
        for li in doc.xpath('//ul[@class="news-list"]/li'):
            assert li.xpath('./span[@class="date"]'), "each entry has a date span"
            entries.append((li.xpath("./a/@href")[0], li.xpath('./span[@class="date"]/text()')[0]))
        nxt = doc.xpath('//a[text()="下一页"]/@href')
        path = nxt[0] if nxt else None
    return entries, seen


# ------------------------------------------------------------------ the site


def test_manifest_numbers(built: SiteManifest) -> None:
    assert len(built.pages) >= 35
    assert built.latest_week == "2026-W47"
    assert len(built.gbk_pages) >= 4
    assert {built.articles[p].column for p in built.gbk_pages} >= {"bgt", "hf", "news"}
    assert built.lying_charset_pages and set(built.lying_charset_pages) <= set(built.gbk_pages)
    assert len(built.roundup_pages) >= 4 and built.batch_pages
    assert built.dead_link not in built.pages
    dates = sorted(a.published.date() for a in built.articles.values())
    assert dates[0].isocalendar()[:2] == (2026, 43)
    assert dates[-1].isocalendar()[:2] == (2026, 47)


def test_exposure_list_paginates(server: DemoServer, built: SiteManifest) -> None:
    entries, seen = list_entries(server, "bgt")
    assert seen == ["/bgt/index.html", "/bgt/index_2.html", "/bgt/index_3.html"]
    assert seen == built.list_pages["bgt"]
    dates = [d for _, d in entries]
    assert dates == sorted(dates, reverse=True), "newest first"
    hrefs = [h for h, _ in entries]
    assert len(hrefs) == len(set(hrefs))
    assert built.dead_link in hrefs
    exposures = {p for p, a in built.articles.items() if a.column == "bgt"}
    assert set(hrefs) == exposures | {built.dead_link}
    first = html.fromstring(fetch(server, "/bgt/index.html")[2].decode())
    assert len(first.xpath('//ul[@class="news-list"]/li')) == 8
    assert first.xpath('//a[@href="/bgt/index_3.html" and text()="3"]'), "page number links"


def test_followup_and_news_lists(server: DemoServer, built: SiteManifest) -> None:
    hf, seen = list_entries(server, "hf")
    assert len(seen) == 2 and len(hf) > 8
    news, _ = list_entries(server, "news")
    assert built.syndicated_pair[1] in [h for h, _ in news]


def test_article_furniture(server: DemoServer, built: SiteManifest) -> None:
    publishdate = 0
    for path in built.pages:
        status, _, body = fetch(server, path)
        assert status == 200
        info = built.articles[path]
        text = body.decode(info.encoding)
        if path == built.traditional_page:
            continue
        doc = html.fromstring(text)
        assert doc.xpath("//title/text()")[0] == info.title + "_齐风晚报"
        assert doc.xpath("//h1/text()")[0] == info.title
        assert "创城曝光台" in doc.xpath('string(//div[@class="nav"])')
        assert "正文" in doc.xpath('string(//div[@class="crumb"])')
        assert "责任编辑：" in text and "扫描二维码分享" in text and "齐风晚报社 版权所有" in text
        assert len(doc.xpath('//div[@class="related"]//a')) == 3
        body_nodes = doc.xpath('//div[@class="TRS_Editor"] | //div[@id="content"]')
        assert len(body_nodes) == 1 and len(body_nodes[0].xpath("./p")) >= 3
        publishdate += bool(doc.xpath('//meta[@name="publishdate"]'))
    assert 0 < publishdate < len(built.pages), "publishdate meta on some pages only"


def test_byline_date_styles(built: SiteManifest) -> None:
    bylines = []
    for path in built.pages:
        if path in (built.traditional_page, built.syndicated_pair[1]):
            continue
        info = built.articles[path]
        doc = html.fromstring((built.out_dir / path.lstrip("/")).read_bytes().decode(info.encoding))
        bylines.append(doc.xpath('string(//div[@class="info"])'))
    assert all("来源：齐风晚报" in b and "作者：记者" in b for b in bylines)
    styles = {
        "dt": r"2026-\d\d-\d\d \d\d:\d\d", "cn": r"2026年\d+月\d+日", "slash": r"2026/\d\d/\d\d",
        "md": r"时间：\d+月\d+日",
    }
    for name, pattern in styles.items():
        assert any(re.search(pattern, b) for b in bylines), name


def test_gbk_pages(server: DemoServer, built: SiteManifest) -> None:
    for path in built.gbk_pages:
        status, ctype, body = fetch(server, path)
        assert status == 200
        body.decode("gbk")
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")
        assert "创城" in body.decode("gbk")
        if path not in built.lying_charset_pages:
            assert b'<meta charset="gbk">' in body
            assert "utf-8" not in ctype


def test_lying_charset_page(server: DemoServer, built: SiteManifest) -> None:
    path = built.lying_charset_pages[0]
    _, ctype, body = fetch(server, path)
    assert ctype == "text/html; charset=utf-8"
    assert b'<meta charset="utf-8">' in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert "淄川区" in body.decode("gbk")


def test_traditional_page(server: DemoServer, built: SiteManifest) -> None:
    text = fetch(server, built.traditional_page)[2].decode("utf-8")
    assert "周村區" in text and "齊風晚報" in text and "創城曝光臺" in text
    assert "周村区" not in text and "齐风晚报" not in text


def test_pinyin_page(server: DemoServer, built: SiteManifest) -> None:
    text = fetch(server, built.pinyin_page)[2].decode("utf-8")
    assert "(chuàng)" in text
    assert len(re.findall(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔù]+\)", text)) >= 8


def test_syndicated_copy_has_identical_body(server: DemoServer, built: SiteManifest) -> None:
    orig, copy = built.syndicated_pair
    a = html.fromstring(fetch(server, orig)[2].decode())
    b = html.fromstring(fetch(server, copy)[2].decode())
    body_a = a.xpath('//div[@class="TRS_Editor"] | //div[@id="content"]')[0]
    body_b = b.xpath('//div[@id="content"]')[0]
    assert body_a.text_content().strip() == body_b.text_content().strip()
    assert "来源：齐风晚报" in b.text_content()
    assert a.xpath("//h1/text()") != b.xpath("//h1/text()")


def test_dead_link_is_404(server: DemoServer, built: SiteManifest) -> None:
    assert fetch(server, built.dead_link)[0] == 404
    assert fetch(server, "/no/such/page.html")[0] == 404
    assert fetch(server, "/../../etc/passwd")[0] == 404


def test_sitemap(server: DemoServer, built: SiteManifest) -> None:
    status, ctype, body = fetch(server, "/sitemap.xml")
    assert status == 200 and ctype == "application/xml"
    root = etree.fromstring(body)
    locs = root.xpath("//sm:url/sm:loc/text()", namespaces=SITEMAP_NS)
    assert len(root.xpath("//sm:url/sm:lastmod", namespaces=SITEMAP_NS)) == len(locs)
    assert sorted(locs) == sorted(server.base_url + p for p in built.pages)


def test_rss_and_robots(server: DemoServer, built: SiteManifest) -> None:
    status, ctype, body = fetch(server, "/rss.xml")
    assert status == 200 and ctype == "application/rss+xml; charset=utf-8"
    feed = feedparser.parse(body)
    assert not feed.bozo and len(feed.entries) == 20
    newest = sorted(built.articles.values(), key=lambda a: a.published, reverse=True)[:20]
    assert [e.link for e in feed.entries] == [server.base_url + a.path for a in newest]
    assert all(e.published_parsed and e.summary for e in feed.entries)
    robots = fetch(server, "/robots.txt")[2].decode()
    assert "User-agent: *" in robots and "Disallow: /admin/" in robots
    assert f"Sitemap: {server.base_url}/sitemap.xml" in robots


def test_home_and_sources(server: DemoServer) -> None:
    home = fetch(server, "/")[2].decode()
    for col in ("/bgt/index.html", "/hf/index.html", "/news/index.html"):
        assert f'href="{col}"' in home
    sources = site.demo_config_sources(server.base_url)
    assert {s["name"] for s in sources} >= {"qifeng-bgt", "qifeng-hf", "qifeng-news", "qifeng-rss"}
    assert {s["kind"] for s in sources} == {"exposure", "followup", "news", "mixed"}
    for s in sources:
        assert s["outlet"] == "齐风晚报" and s["allowed_domains"] == ["127.0.0.1"]
        for url in s["start_urls"]:
            assert url.startswith(server.base_url)
            assert fetch(server, url[len(server.base_url):])[0] == 200


def test_add_route(server: DemoServer) -> None:
    server.add_route("/boom.html", 500, b"oops", "text/html")
    server.add_route("/empty.html", 200, b"", "text/html; charset=utf-8")
    server.add_route("/doc.pdf", 200, b"%PDF-1.4\n%%EOF\n", "application/pdf")
    server.add_route("/bgt/index.html", 503, b"busy", "text/plain")
    try:
        assert fetch(server, "/boom.html")[:1] == (500,)
        assert fetch(server, "/empty.html") == (200, "text/html; charset=utf-8", b"")
        assert fetch(server, "/doc.pdf")[1:] == ("application/pdf", b"%PDF-1.4\n%%EOF\n")
        assert fetch(server, "/bgt/index.html")[0] == 503
    finally:
        server.remove_route("/bgt/index.html")
    assert fetch(server, "/bgt/index.html")[0] == 200
    assert "/doc.pdf" in server.hits


def test_server_stops(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("hi", encoding="utf-8")
    srv = DemoServer(tmp_path)
    assert fetch(srv, "/a.txt")[1:] == ("text/plain", b"hi")
    srv.stop()
    srv.stop()
    with pytest.raises(OSError):
        urllib.request.urlopen(srv.url("/a.txt"), timeout=2)


# ----------------------------------------------------------------- the truth


def test_truth_statuses() -> None:
    problems = truth.expected_problems()
    assert 30 <= len(problems) <= 50
    counts = truth.status_counts()
    assert all(counts[s] >= 2 for s in truth.FINAL_STATUSES), counts
    overdue = [p for p in problems if p.is_overdue()]
    assert len(overdue) >= 3
    assert {p.final_status for p in overdue} >= {"exposed", "in_progress"}
    assert len({p.problem_type for p in problems}) >= 18
    assert len({p.district for p in problems}) >= 6
    for p in problems:
        assert p.source_paths[0].startswith("/bgt/") and p.exposed_on.year == 2026
        if p.final_status == "reopened":
            assert [h[1] for h in p.history][-2:] == ["resolved", "reopened"]


def test_truth_matches_site(built: SiteManifest) -> None:
    problems = {p.key: p for p in truth.expected_problems()}
    on_pages = {k for a in built.articles.values() for k in a.problem_keys}
    assert on_pages == set(problems)
    for p in problems.values():
        assert all(path in built.pages for path in p.source_paths)
    syn_orig, syn_copy = built.syndicated_pair
    assert any(p.mirror_paths == [syn_copy] and syn_orig in p.source_paths
               for p in problems.values())


def test_every_problem_text_names_its_place() -> None:
    arts = site.load_articles()
    first: dict[str, site.Problem] = {}
    for a in arts:
        for p in a.problems:
            first.setdefault(p.key, p)
            assert p.place in "".join(p.text) and p.district in "".join(p.text), p.key
    for a in arts:
        for item in a.items:
            assert first[item.key].place in "".join(item.text), item.key


def test_place_disambiguation_pair() -> None:
    """Two open problems share district and type; only one gets a follow-up."""
    problems = truth.expected_problems()
    followed = {p.key for p in problems if len(p.source_paths) > 1}
    groups: dict[tuple[str, str], list[truth.ExpectedProblem]] = {}
    for p in problems:
        groups.setdefault((p.district, p.problem_type), []).append(p)
    pairs = [g for g in groups.values()
             if len({p.place for p in g}) > 1
             and any(p.key in followed for p in g) and any(p.key not in followed for p in g)]
    assert pairs


def test_server_as_proxy_keeps_demo_host(server: DemoServer, built: SiteManifest) -> None:
    """Used as an HTTP proxy for http://qifeng.example, URLs stay on that host."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": server.base_url}))
    with opener.open(site.BASE_PLACEHOLDER + "/rss.xml", timeout=5) as resp:
        feed = feedparser.parse(resp.read())
    assert feed.entries[0].link.startswith(site.BASE_PLACEHOLDER + "/")
    with opener.open(site.BASE_PLACEHOLDER + built.pages[0], timeout=5) as resp:
        assert resp.status == 200
    sources = site.demo_config_sources(site.BASE_PLACEHOLDER)
    assert all(s["allowed_domains"] == ["qifeng.example"] for s in sources)
