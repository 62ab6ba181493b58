"""Finding articles: list pages, next-page links, feeds, sitemaps, HTML where a feed was expected."""

from __future__ import annotations

from pipeline.discover import article_links, feed_entries, next_page_link, sitemap_entries, sniff
from pipeline.extract.html import parse_html

LIST = """<html><body>
<div class="nav"><a href="/index.html">首页</a><a href="/bgt/index.html">创城曝光台</a></div>
<ul class="list">
<li><a href="/bgt/2026/11/t20261118_101.html">张店区华光路：机动车占用人行道停车问题突出</a><span>2026-11-18</span></li>
<li><a href="/bgt/2026/11/t20261117_100.html">淄川区般阳路农贸市场周边占道经营严重</a><span>2026-11-17</span></li>
<li><a href="http://other.example/a/2026/11/1.html">外站文章标题足够长足够长足够长</a></li>
<li><a href="/bgt/2026/11/t20261117_100.html#c">淄川区般阳路农贸市场周边占道经营严重</a></li>
</ul>
<div class="pages"><a href="/bgt/index.html">1</a><a href="/bgt/index_2.html">2</a><a href="/bgt/index_2.html">下一页</a></div>
<div class="footer"><a href="/about/2026/1.html">关于我们本网站的详细介绍页面</a></div>
</body></html>"""


def test_article_links_generic():
    root = parse_html(LIST, "http://qf.example/bgt/index.html")
    links = article_links(root, "http://qf.example/bgt/index.html", ["qf.example"])
    assert links == [
        "http://qf.example/bgt/2026/11/t20261118_101.html",
        "http://qf.example/bgt/2026/11/t20261117_100.html",
    ]


def test_article_links_override():
    root = parse_html(LIST, "http://qf.example/bgt/index.html")
    links = article_links(
        root,
        "http://qf.example/bgt/index.html",
        ["qf.example"],
        "xpath://div[@class='footer']//a/@href",
    )
    assert links == ["http://qf.example/about/2026/1.html"]


def test_next_page():
    root = parse_html(LIST, "http://qf.example/bgt/index.html")
    assert (
        next_page_link(root, "http://qf.example/bgt/index.html")
        == "http://qf.example/bgt/index_2.html"
    )
    last = parse_html(
        "<html><body><a href='/bgt/index.html'>1</a></body></html>",
        "http://qf.example/bgt/index_2.html",
    )
    assert next_page_link(last, "http://qf.example/bgt/index_2.html") is None
    numbered = parse_html(
        "<html><body><a href='index_3.html'>3</a></body></html>",
        "http://qf.example/bgt/index_2.html",
    )
    assert (
        next_page_link(numbered, "http://qf.example/bgt/index_2.html")
        == "http://qf.example/bgt/index_3.html"
    )


RSS = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>
<item><title>a</title><link>http://qf.example/a.html</link></item>
<item><title>b</title><guid>http://qf.example/b.html</guid></item></channel></rss>"""
ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>a</title><link rel="alternate" href="/x/1.html"/><id>1</id></entry></feed>"""
SITEMAP = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>http://qf.example/a.html</loc></url><url><loc>http://qf.example/b.html</loc></url></urlset>"""
INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://qf.example/s1.xml</loc></sitemap></sitemapindex>"""


def test_feeds_and_sitemaps():
    assert sniff(RSS) == sniff(ATOM) == "feed"
    assert feed_entries(RSS, "http://qf.example/rss.xml") == [
        "http://qf.example/a.html",
        "http://qf.example/b.html",
    ]
    assert feed_entries(ATOM, "http://qf.example/atom.xml") == ["http://qf.example/x/1.html"]
    assert sniff(SITEMAP) == "sitemap"
    assert sitemap_entries(SITEMAP, "http://qf.example/") == (
        ["http://qf.example/a.html", "http://qf.example/b.html"],
        [],
    )
    assert sitemap_entries(INDEX, "http://qf.example/") == ([], ["http://qf.example/s1.xml"])
    assert sniff(b"%PDF-1.4", "application/pdf") == "other"


def test_real_feeds_and_html_served_as_feed(shared):
    base = shared / "realdata" / "rssant_feeds"
    well = sorted((base / "parser" / "well").glob("*"))[:10]
    assert well
    for f in well:
        body = f.read_bytes()
        if sniff(body) == "feed":
            assert feed_entries(body, "http://example.com/"), f.name
    for f in sorted((base / "feed_type" / "html").glob("*")):
        assert sniff(f.read_bytes(), "text/html") == "html", f.name


def test_real_feeds_well_failed_and_legacy_encodings(shared):
    """rssant's captured feeds: the good ones yield entries, the broken ones are refused with a reason."""
    from pipeline.discover import feed_rejection
    from pipeline.extract.decode import decode_bytes

    base = shared / "realdata" / "rssant_feeds"
    for f in sorted((base / "parser" / "well").iterdir()):
        body = f.read_bytes()
        assert feed_rejection(body) is None, f.name
        assert feed_entries(body, "http://example.com/"), f.name
    reasons = {
        f.name: feed_rejection(f.read_bytes())
        for f in sorted((base / "parser" / "failed").iterdir())
    }
    assert all(reasons.values()), [n for n, r in reasons.items() if not r]
    assert (
        reasons["http-www-yuming-in-feed.xml"]
        == "an HTML page was served where a feed was expected"
    )
    assert reasons["jsonfeed-failed-syntax.json"].startswith("invalid JSON")
    # legacy Chinese encodings without any declaration decode as what they are
    chardet = base / "encoding" / "chardet"
    for name, enc in (
        ("big5.xml", "big5"),
        ("gb2312+gb18030.xml", "gb18030"),
        ("gbk+gb18030.json", "gb18030"),
        ("utf-8.xml", "utf-8"),
    ):
        body = (chardet / name).read_bytes()
        decoded = decode_bytes(body)
        assert (decoded.encoding, decoded.text) == (enc, body.decode(enc)), name


def test_feed_urls_are_recognised():
    from pipeline.discover import expects_feed

    for url in (
        "http://x.example/feed",
        "http://x.example/rss.xml",
        "http://x.example/atom.xml",
        "http://x.example/feed.json",
        "http://blog.x.example/group/getrssresouce.aspx?classid=74",
    ):
        assert expects_feed(url), url
    for url in (
        "http://x.example/bgt/index.html",
        "http://x.example/sitemap.xml",
        "http://x.example/feedback.html",
    ):
        assert not expects_feed(url), url
    assert expects_feed("http://x.example/a", "application/rss+xml; charset=utf-8")


def _start(url: str, body: bytes, ctype: str = "text/html") -> tuple[list, dict]:
    """Run the spider's start callback on one response: (requests made, crawl stats)."""
    from scrapy.http import Request, TextResponse
    from scrapy.statscollectors import MemoryStatsCollector
    from scrapy.utils.test import get_crawler

    from pipeline.config import SourceConfig
    from spiders.source_spider import spider_class_for

    cls = spider_class_for(SourceConfig(name="t", start_urls=[url], allowed_domains=["x.example"]))
    crawler = get_crawler(cls)
    crawler.stats = MemoryStatsCollector(crawler)
    spider = cls.from_crawler(crawler)
    response = TextResponse(url, body=body, headers={"Content-Type": ctype}, request=Request(url))
    return list(spider.parse_start(response, depth=1)), crawler.stats.get_stats()


def test_spider_refuses_an_html_page_or_a_broken_feed_served_as_a_feed(shared):
    """A start URL that promised a feed but serves an HTML page (rssant feed_type/html) or a
    broken feed (parser/failed) is dropped with a logged, counted reason, not read as a list."""
    base = shared / "realdata" / "rssant_feeds"
    html_page = next(iter(sorted((base / "feed_type" / "html").glob("*"))))
    requests, stats = _start("http://x.example/feed", html_page.read_bytes())
    assert requests == [] and stats["wenming/dropped/bad_feed"] == 1
    failed = base / "parser" / "failed" / "jsonfeed-failed-no-title-items.json"
    requests, stats = _start("http://x.example/feed.json", failed.read_bytes(), "application/json")
    assert requests == [] and stats["wenming/dropped/bad_feed"] == 1
    good = next(iter(sorted((base / "parser" / "well").iterdir())))
    requests, stats = _start("http://x.example/feed", good.read_bytes(), "application/xml")
    assert requests and "wenming/dropped/bad_feed" not in stats
    # a list page at an ordinary URL is still read as a list page
    requests, stats = _start("http://x.example/bgt/index.html", LIST.encode())
    assert "wenming/dropped/bad_feed" not in stats and stats["wenming/list_pages"] == 1
