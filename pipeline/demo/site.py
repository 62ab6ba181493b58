"""Generator of the bundled demo website (齐风晚报, a fictional Zibo outlet).

Everything the site says comes from the TOML files in ``data/``; this module
only loads them and renders the pages: three columns (创城曝光台 /bgt/,
整改回访 /hf/, 工作动态 /news/) with paginated list pages, article pages with
realistic furniture, a syndicated copy under /zhuanzai/, sitemap.xml, rss.xml
and robots.txt.  ``build_site`` writes the files (bytes in their encodings)
and ``_headers.json`` with the Content-Type each URL path is served with.

Links inside HTML pages are root-relative.  sitemap.xml, rss.xml and
robots.txt need absolute URLs: they use ``base_url`` when given, otherwise the
placeholder origin ``BASE_PLACEHOLDER`` which ``server.DemoServer`` rewrites to
its own address when serving.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import struct
import tomllib
import zlib
from dataclasses import dataclass, field
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

DATA_DIR = Path(__file__).parent / "data"
BASE_PLACEHOLDER = "http://qifeng.example"
TZ = dt.timezone(dt.timedelta(hours=8))
HEADERS_FILE = "_headers.json"

NUMERALS = "一二三四五六七八九十"
PINYIN = {
    "报": "bào", "道": "dào", "卫": "wèi", "生": "shēng", "整": "zhěng",
    "改": "gǎi", "境": "jìng", "文": "wén", "明": "míng", "城": "chéng",
    "创": "chuàng",
}
PINYIN_LIMIT = 12
DATE_STYLES = ("dt", "cn", "slash")


# --------------------------------------------------------------------- data


@dataclass(frozen=True)
class Problem:
    """One problem at one place inside an exposure article."""

    key: str
    district: str
    street: str
    place: str
    problem_type: str
    text: tuple[str, ...]
    unit: str | None = None
    deadline_days: int | None = None
    reexposure: bool = False


@dataclass(frozen=True)
class FollowupItem:
    """The status of one earlier problem reported by a follow-up article."""

    key: str
    status: str  # resolved / in_progress / unresolved
    text: tuple[str, ...]


@dataclass
class Article:
    """One article page of the demo site, as loaded from the data files."""

    column: str  # bgt / hf / news / zhuanzai
    id: int
    date: dt.date
    time: str
    kind: str  # single / roundup (bgt); single / batch (hf); news; syndicated
    title: str
    author: str
    editor: str
    intro: tuple[str, ...] = ()
    outro: tuple[str, ...] = ()
    text: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    items: tuple[FollowupItem, ...] = ()
    issue: int | None = None
    numbering: str = "arabic"
    image: str | None = None
    caption: str | None = None
    encoding: str = "utf-8"
    meta_charset: str = "utf-8"
    header_charset: str = "utf-8"
    variant: str | None = None  # traditional / pinyin
    date_style: str | None = None
    copy_of: Article | None = None

    @property
    def path(self) -> str:
        d = self.date
        return f"/{self.column}/{d:%Y}/{d:%m}/t{d:%Y%m%d}_{self.id}.html"

    @property
    def published(self) -> dt.datetime:
        hour, minute = (int(x) for x in self.time.split(":"))
        return dt.datetime.combine(self.date, dt.time(hour, minute), tzinfo=TZ)

    @property
    def problem_keys(self) -> list[str]:
        if self.copy_of is not None:
            return self.copy_of.problem_keys
        return [p.key for p in self.problems] + [i.key for i in self.items]


def _load(name: str) -> dict[str, Any]:
    with open(DATA_DIR / name, "rb") as fh:
        return tomllib.load(fh)


def site_info() -> dict[str, Any]:
    """The parsed ``site.toml``."""
    return _load("site.toml")


def _common(column: str, raw: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "date", "time", "kind", "title", "author", "editor", "issue",
            "numbering", "image", "caption", "encoding", "meta_charset",
            "header_charset", "variant", "date_style")
    out: dict[str, Any] = {k: raw[k] for k in keys if k in raw}
    out["column"] = column
    for k in ("intro", "outro", "text"):
        out[k] = tuple(raw.get(k, ()))
    return out


def load_articles() -> list[Article]:
    """All article pages (syndicated copy included), oldest first."""
    arts: list[Article] = []
    for raw in _load("exposures.toml")["article"]:
        probs = tuple(
            Problem(**{**p, "text": tuple(p["text"])}) for p in raw["problem"]
        )
        arts.append(Article(problems=probs, **_common("bgt", raw)))
    for raw in _load("followups.toml")["article"]:
        items = tuple(
            FollowupItem(i["key"], i["status"], tuple(i["text"])) for i in raw["item"]
        )
        arts.append(Article(items=items, **_common("hf", raw)))
    for raw in _load("news.toml")["article"]:
        arts.append(Article(**{**_common("news", raw), "kind": "news"}))
    syn = site_info()["syndication"]
    orig = next(a for a in arts if a.id == syn["original"])
    arts.append(Article(
        column="zhuanzai", id=syn["id"], date=syn["date"], time=syn["time"],
        kind="syndicated", title=syn["title_prefix"] + orig.title,
        author=orig.author, editor="赵敏", copy_of=orig,
    ))
    arts.sort(key=lambda a: (a.published, a.id))
    return arts


# ------------------------------------------------------------------ helpers


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _number(i: int, style: str) -> str:
    if style == "chinese":
        return f"{NUMERALS[i]}、"
    if style == "paren":
        return f"（{NUMERALS[i]}）"
    return f"{i + 1}. "


def _add_pinyin(paragraphs: list[str]) -> list[str]:
    done: set[str] = set()
    out = []
    for para in paragraphs:
        buf = []
        for ch in para:
            buf.append(ch)
            if ch in PINYIN and ch not in done and len(done) < PINYIN_LIMIT:
                done.add(ch)
                buf.append(f"({PINYIN[ch]})")
        out.append("".join(buf))
    return out


def body_texts(art: Article) -> list[str]:
    """Plain-text paragraphs of an article body ([[Pxx]] markers kept)."""
    if art.copy_of is not None:
        return body_texts(art.copy_of)
    paras = list(art.intro)
    if art.kind in ("roundup", "batch"):
        entries = art.problems or art.items
        paras += [_number(i, art.numbering) + e.text[0] for i, e in enumerate(entries)]
    elif art.problems:
        paras += list(art.problems[0].text)
    elif art.items:
        paras += list(art.items[0].text)
    paras += list(art.text) + list(art.outro)
    if art.variant == "pinyin":
        paras = _add_pinyin(paras)
    return paras


def _first_exposure(arts: list[Article]) -> dict[str, Article]:
    first: dict[str, Article] = {}
    for a in arts:
        for p in a.problems:
            first.setdefault(p.key, a)
    return first


MARKER = re.compile(r"\[\[(P\d+)\]\]")


def _link_markers(text: str, links: dict[str, Article], as_html: bool) -> str:
    """Replace ``[[P01]]`` markers by the title (and link) of the original article."""
    def repl(m: re.Match[str]) -> str:
        target = links[m.group(1)]
        if as_html:
            return f'《<a href="{target.path}">{_esc(target.title)}</a>》'
        return f"《{target.title}》"
    return MARKER.sub(repl, text)


def body_html(art: Article, links: dict[str, Article]) -> str:
    """Inner HTML of the body container (identical for a syndicated copy)."""
    src = art.copy_of or art
    paras = [f"<p>{_link_markers(_esc(t), links, True)}</p>" for t in body_texts(src)]
    if src.image:
        pic = (f'<p style="text-align: center"><img src="/images/{src.image}" '
               f'alt="" border="0"></p>\n<p class="pic-note" style="text-align: center">'
               f"{_esc(src.caption or '')}</p>")
        paras.insert(1, pic)
    return "\n".join(paras)


def plain_summary(art: Article, links: dict[str, Article], size: int = 110) -> str:
    text = "".join(_link_markers(t, links, False) for t in body_texts(art))
    return text if len(text) <= size else text[:size] + "……"


def format_date(art: Article, style: str) -> str:
    d = art.date
    if style == "cn":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "slash":
        return f"{d:%Y/%m/%d}"
    if style == "md":
        return f"{d.month}月{d.day}日"
    return f"{d:%Y-%m-%d} {art.time}"


def png_bytes(width: int = 12, height: int = 8, rgb: tuple[int, int, int] = (180, 180, 170)) -> bytes:
    """A tiny valid PNG (solid colour) for the article illustrations."""
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


# ---------------------------------------------------------------- templates

CSS = """body{font:14px/1.8 "Microsoft YaHei",SimSun,sans-serif;margin:0;color:#333}
.header{background:#b71c1c;color:#fff;padding:12px 40px}.header .logo{font-size:28px;color:#fff}
.nav{background:#8e0000;padding:6px 40px}.nav a{color:#fff;margin:0 8px}
.crumb,.main,.footer{width:1000px;margin:10px auto}.article h1{font-size:24px;text-align:center}
.info{color:#888;text-align:center;border-bottom:1px solid #ddd}.date{float:right;color:#999}
.footer{border-top:2px solid #b71c1c;text-align:center;color:#777;font-size:12px}
"""

NAV = ('<div class="nav"><a href="/index.html">首页</a> | <a href="/bgt/index.html">创城曝光台</a> | '
       '<a href="/hf/index.html">整改回访</a> | <a href="/news/index.html">工作动态</a> | '
       '<a href="/index.html#ssp">爱淄博·随手拍</a> | <a href="/index.html#gyg">公益广告</a></div>')


def _head(title: str, charset: str, extra: str = "") -> str:
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="{charset}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n{extra}'
            f"<title>{_esc(title)}</title>\n"
            '<link rel="stylesheet" href="/css/style.css">\n</head>\n<body>\n'
            '<div class="topbar">欢迎访问齐风晚报网　<a href="/index.html">设为首页</a>　'
            '<a href="/index.html">加入收藏</a></div>\n'
            '<div class="header"><a class="logo" href="/index.html">齐风晚报</a> '
            '<span class="slogan">淄博本地新闻 · 创城进行时</span></div>\n' + NAV + "\n")


def _footer(site: dict[str, Any]) -> str:
    return (f'<div class="footer"><p>{site["copyright"]}</p><p>{_esc(site["address"])}</p>'
            f'<p>{_esc(site["icp"])}</p></div>\n</body>\n</html>\n')


def _related(art: Article, same_column: list[Article]) -> str:
    others = [a for a in same_column if a is not art]
    idx = next((i for i, a in enumerate(same_column) if a is art), 0)
    # the three nearest neighbours in time, older ones first
    others.sort(key=lambda a: abs(same_column.index(a) - idx))
    lis = "".join(f'<li><a href="{a.path}">{_esc(a.title)}</a></li>' for a in others[:3])
    return f'<div class="related"><h3>相关阅读</h3><ul>{lis}</ul></div>\n'


def render_article(art: Article, ctx: dict[str, Any]) -> str:
    """Full HTML of one article page (still a str; encoded by the caller)."""
    site, cols = ctx["site"], ctx["columns"]
    style = art.date_style or DATE_STYLES[ctx["order"][art.path] % 3]
    extra = f'<meta name="keywords" content="创城,文明城市,淄博,{_esc(site["name"])}">\n'
    if style == "cn":
        extra += (f'<meta name="publishdate" content="{art.date:%Y-%m-%d} '
                  f'{art.time}:00">\n')
    charset = art.meta_charset
    body = body_html(art, ctx["links"])
    share = '<div class="share">分享到：微信 微博 QQ空间　扫描二维码分享</div>\n'
    editor = f'<div class="editor">责任编辑：{_esc(art.editor)}</div>\n'
    if art.copy_of is not None:
        head = _head(f"{art.title}_{site['name']}", charset, extra)
        return (head
                + '<div class="crumb">您的位置：<a href="/index.html">首页</a> &gt; '
                '<a href="/news/index.html">工作动态</a> &gt; 转载 &gt; 正文</div>\n'
                '<div class="zz-wrap">\n'
                f'<h1 class="zz-title">{_esc(art.title)}</h1>\n'
                f'<div class="zz-source">{_esc(ctx["syndication"]["origin_note"])}　'
                f'原作者：{_esc(art.author)}　转载时间：{format_date(art, style)}</div>\n'
                f'<div id="content">\n{body}\n</div>\n'
                '<div class="zz-statement">声明：本文转载自齐风晚报，版权归原作者所有。</div>\n'
                + editor + share + "</div>\n"
                + _related(art, ctx["by_column"]["news"]) + _footer(site))
    col = cols[art.column]
    label = "发布时间" if art.column == "hf" else "时间"
    info = (f'<div class="info">来源：{_esc(site["name"])}　作者：{_esc(art.author)}　'
            f"{label}：{format_date(art, style)}</div>\n")
    container = ('<div class="TRS_Editor">' if col["body"] == "trs"
                 else '<div id="content">')
    return (_head(f"{art.title}_{site['name']}", charset, extra)
            + f'<div class="crumb">当前位置：<a href="/index.html">首页</a> &gt; '
            f'<a href="/{art.column}/index.html">{_esc(col["name"])}</a> &gt; 正文</div>\n'
            f'<div class="main article">\n<h1>{_esc(art.title)}</h1>\n{info}'
            f"{container}\n{body}\n</div>\n{share}{editor}</div>\n"
            + _related(art, ctx["by_column"][art.column]) + _footer(site))


def _list_url(column: str, page: int) -> str:
    return f"/{column}/index.html" if page == 1 else f"/{column}/index_{page}.html"


def render_list_pages(column: str, name: str, entries: list[tuple[str, str, dt.date]],
                      site: dict[str, Any]) -> dict[str, str]:
    """Paginated list pages of one column: {url path: html}."""
    per = int(site["per_page"])
    pages = max(1, -(-len(entries) // per))
    out = {}
    for n in range(1, pages + 1):
        chunk = entries[(n - 1) * per:n * per]
        lis = "\n".join(f'<li><a href="{p}" target="_blank">{_esc(t)}</a>'
                        f'<span class="date">{d:%Y-%m-%d}</span></li>' for p, t, d in chunk)
        nav = [f"共{len(entries)}条　{n}/{pages}页", f'<a href="{_list_url(column, 1)}">首页</a>']
        if n > 1:
            nav.append(f'<a href="{_list_url(column, n - 1)}" class="prev">上一页</a>')
        for k in range(1, pages + 1):
            nav.append(f'<span class="current">{k}</span>' if k == n
                       else f'<a href="{_list_url(column, k)}">{k}</a>')
        if n < pages:
            nav.append(f'<a href="{_list_url(column, n + 1)}" class="next">下一页</a>')
        nav.append(f'<a href="{_list_url(column, pages)}">尾页</a>')
        out[_list_url(column, n)] = (
            _head(f"{name}_{site['name']}", "utf-8")
            + f'<div class="crumb">当前位置：<a href="/index.html">首页</a> &gt; {_esc(name)}</div>\n'
            f'<div class="main list-box">\n<h2>{_esc(name)}</h2>\n<ul class="news-list">\n{lis}\n</ul>\n'
            f'<div class="pagination">{" ".join(nav)}</div>\n</div>\n' + _footer(site))
    return out


def render_home(site: dict[str, Any], lists: dict[str, list[tuple[str, str, dt.date]]],
                columns: dict[str, Any]) -> str:
    boxes = []
    for key, col in columns.items():
        lis = "".join(f'<li><a href="{p}">{_esc(t)}</a><span class="date">{d:%m-%d}</span></li>'
                      for p, t, d in lists[key][:6])
        boxes.append(f'<div class="box"><h2><a href="/{key}/index.html">{_esc(col["name"])}</a>'
                     f'<a class="more" href="/{key}/index.html">更多&gt;&gt;</a></h2><ul>{lis}</ul></div>')
    return (_head(f"{site['name']}_淄博本地新闻门户", "utf-8")
            + '<div class="main home">\n' + "\n".join(boxes)
            + '\n<div class="box" id="ssp"><h2>爱淄博·随手拍</h2><p>发现身边不文明现象，'
            '随手拍一拍，上传“爱淄博”小程序。</p></div>\n'
            '<div class="box" id="gyg"><h2>公益广告</h2><p>讲文明 树新风　文明淄博 你我共建</p></div>\n'
            '<p class="feeds"><a href="/rss.xml">RSS订阅</a> | <a href="/sitemap.xml">网站地图</a></p>\n'
            "</div>\n" + _footer(site))


def render_sitemap(arts: list[Article], base: str) -> str:
    urls = "".join(f"<url><loc>{base}{a.path}</loc><lastmod>{a.published.isoformat()}</lastmod>"
                   "<changefreq>never</changefreq></url>\n" for a in arts)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n')


def render_rss(arts: list[Article], base: str, site: dict[str, Any],
               links: dict[str, Article], names: dict[str, str]) -> str:
    newest = sorted(arts, key=lambda a: a.published, reverse=True)[:20]
    items = []
    for a in newest:
        items.append(
            f"<item><title>{_esc(a.title)}</title><link>{base}{a.path}</link>"
            f'<guid isPermaLink="true">{base}{a.path}</guid>'
            f"<category>{_esc(names.get(a.column, '转载'))}</category>"
            f"<pubDate>{format_datetime(a.published)}</pubDate>"
            f"<description>{_esc(plain_summary(a, links))}</description></item>")
    built = format_datetime(newest[0].published)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n<channel>\n'
            f"<title>{_esc(site['name'])}</title><link>{base}/</link>"
            f"<description>{_esc(site['tagline'])}</description><language>zh-cn</language>"
            f"<lastBuildDate>{built}</lastBuildDate>\n" + "\n".join(items)
            + "\n</channel>\n</rss>\n")


# -------------------------------------------------------------------- build


@dataclass
class ArticleInfo:
    """What a test needs to know about one generated article page."""

    path: str
    column: str
    kind: str
    title: str
    published: dt.datetime
    encoding: str
    content_type: str
    problem_keys: list[str]


@dataclass
class SiteManifest:
    """Where the interesting pages of a built demo site are."""

    out_dir: Path
    pages: list[str]
    list_pages: dict[str, list[str]]
    gbk_pages: list[str]
    lying_charset_pages: list[str]
    traditional_page: str
    pinyin_page: str
    syndicated_pair: tuple[str, str]
    dead_link: str
    roundup_pages: list[str]
    batch_pages: list[str]
    latest_week: str
    articles: dict[str, ArticleInfo] = field(default_factory=dict)


def _content_type(art: Article) -> str:
    return f"text/html; charset={art.header_charset}" if art.header_charset else "text/html"


def build_site(out_dir: Path, base_url: str | None = None) -> SiteManifest:
    """Write every file of the demo site into ``out_dir``; return its manifest."""
    out_dir = Path(out_dir)
    base = (base_url or BASE_PLACEHOLDER).rstrip("/")
    site_doc = site_info()
    site, columns = site_doc["site"], site_doc["columns"]
    arts = load_articles()
    by_column: dict[str, list[Article]] = {k: [] for k in (*columns, "zhuanzai")}
    for a in arts:
        by_column[a.column].append(a)
    by_column["news"] = sorted(by_column["news"] + by_column.pop("zhuanzai"),
                               key=lambda a: a.published)
    ctx = {"site": site, "columns": columns, "links": _first_exposure(arts),
           "order": {a.path: i for i, a in enumerate(arts)}, "by_column": by_column,
           "syndication": site_doc["syndication"]}

    files: dict[str, bytes] = {}
    headers: dict[str, str] = {}

    def put(path: str, data: bytes, ctype: str) -> None:
        files[path], headers[path] = data, ctype

    converter = None
    for a in arts:
        text = render_article(a, ctx)
        if a.variant == "traditional":
            import opencc  # slow to load; only needed for one page

            converter = converter or opencc.OpenCC("s2t")
            text = converter.convert(text)
        put(a.path, text.encode(a.encoding, errors="xmlcharrefreplace"), _content_type(a))

    dead = site_doc["dead_link"]
    day = dead["date"]
    dead_path = f"/{dead['column']}/{day:%Y}/{day:%m}/t{day:%Y%m%d}_{dead['id']}.html"
    lists: dict[str, list[tuple[str, str, dt.date]]] = {}
    list_pages: dict[str, list[str]] = {}
    for key, col in columns.items():
        entries = [(a.path, a.title, a.date, a.published) for a in by_column[key]]
        if key == dead["column"]:
            entries.append((dead_path, dead["title"], dead["date"],
                            dt.datetime.combine(dead["date"], dt.time(10, 0), tzinfo=TZ)))
        entries.sort(key=lambda e: e[3], reverse=True)
        lists[key] = [(p, t, d) for p, t, d, _ in entries]
        rendered = render_list_pages(key, col["name"], lists[key], site)
        list_pages[key] = list(rendered)
        for path, text in rendered.items():
            put(path, text.encode("utf-8"), "text/html; charset=utf-8")

    put("/index.html", render_home(site, lists, columns).encode(), "text/html; charset=utf-8")
    put("/sitemap.xml", render_sitemap(arts, base).encode(), "application/xml")
    names = {k: c["name"] for k, c in columns.items()}
    put("/rss.xml", render_rss(arts, base, site, ctx["links"], names).encode(),
        "application/rss+xml; charset=utf-8")
    robots = f"User-agent: *\nDisallow: /admin/\n\nSitemap: {base}/sitemap.xml\n"
    put("/robots.txt", robots.encode(), "text/plain; charset=utf-8")
    put("/css/style.css", CSS.encode(), "text/css; charset=utf-8")
    for i, a in enumerate(x for x in arts if x.image):
        put(f"/images/{a.image}", png_bytes(rgb=(150 + 10 * i, 160, 170)), "image/png")

    for path, data in files.items():
        target = out_dir / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (out_dir / HEADERS_FILE).write_text(json.dumps(headers, ensure_ascii=False, indent=1),
                                        encoding="utf-8")

    syn = next(a for a in arts if a.copy_of is not None)
    infos = {a.path: ArticleInfo(a.path, a.column, a.kind, a.title, a.published, a.encoding,
                                 headers[a.path], a.problem_keys) for a in arts}
    return SiteManifest(
        out_dir=out_dir,
        pages=[a.path for a in arts],
        list_pages=list_pages,
        gbk_pages=[a.path for a in arts if a.encoding == "gbk"],
        lying_charset_pages=[a.path for a in arts
                             if a.encoding == "gbk" and a.meta_charset != a.encoding],
        traditional_page=next(a.path for a in arts if a.variant == "traditional"),
        pinyin_page=next(a.path for a in arts if a.variant == "pinyin"),
        syndicated_pair=(syn.copy_of.path if syn.copy_of else "", syn.path),
        dead_link=dead_path,
        roundup_pages=[a.path for a in arts if a.kind == "roundup"],
        batch_pages=[a.path for a in arts if a.kind == "batch"],
        latest_week=site["latest_week"],
        articles=infos,
    )


def demo_config_sources(base_url: str) -> list[dict[str, Any]]:
    """Source definitions (plain dicts) for crawling the demo site at ``base_url``.

    ``allowed_domains`` is the host of ``base_url`` (["127.0.0.1"] for the
    server's own address, ["qifeng.example"] when it is used as a proxy).
    """
    base = base_url.rstrip("/")
    outlet = site_info()["site"]["name"]
    domains = [urlsplit(base).hostname or "127.0.0.1"]

    def src(name: str, column: str, kind: str, path: str) -> dict[str, Any]:
        return {"name": name, "outlet": outlet, "column": column, "kind": kind,
                "start_urls": [base + path], "allowed_domains": list(domains)}

    return [
        src("qifeng-bgt", "创城曝光台", "exposure", "/bgt/index.html"),
        src("qifeng-hf", "整改回访", "followup", "/hf/index.html"),
        src("qifeng-news", "工作动态", "news", "/news/index.html"),
        src("qifeng-rss", "RSS", "mixed", "/rss.xml"),
    ]
