"""Decode, normalize, dates and article extraction on realistic pages."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pipeline.errors import EmptyPageError, NotHtmlError, PageError
from pipeline.extract import canonical_url, page_to_article
from pipeline.extract.dates import date_from_url, parse_date
from pipeline.extract.decode import decode_bytes
from pipeline.extract.normalize import normalize_text, strip_pinyin
from pipeline.models import FetchedPage, SourceInfo
from pipeline.timeutil import TZ

PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}">
<title>张店区华光路：机动车占用人行道停车_齐风晚报</title>
<meta name="publishdate" content="2026-11-18 09:30"></head><body>
<div class="nav"><a href="/">首页</a> | <a href="/bgt/index.html">创城曝光台</a></div>
<div class="crumb">当前位置：首页 &gt; 创城曝光台 &gt; 正文</div>
<h1>张店区华光路：机动车占用人行道停车</h1>
<div class="info">来源：齐风晚报　作者：记者 张明 通讯员 李华　时间：2026-11-18 09:30</div>
<div class="TRS_Editor">
<p>11月17日上午，记者在张店区华光路与柳泉路路口看到，人行道上停满了私家车，行人被迫走上机动车道。</p>
<p>附近居民王女士说，这种情况已经持续了一个多月，早晚高峰尤其严重，带孩子上学很不安全。</p>
<p><img src="/images/hg1.jpg"></p><p>图为华光路人行道上停放的车辆。</p>
<p>记者随后将问题反映给马尚街道办事处，工作人员表示将联合交警部门限期三日内整改。</p>
</div>
<div class="share">分享到：微信 微博 扫描二维码分享</div>
<p>责任编辑：王五</p>
<div class="related"><h3>相关阅读</h3><ul><li><a href="/bgt/1.html">共青团路占道经营何时休</a></li></ul></div>
<div class="footer">Copyright © 齐风晚报 版权所有</div>
</body></html>"""

SRC = SourceInfo(name="t", outlet="齐风晚报", column="创城曝光台", kind_hint="exposure")


def page(
    body: bytes,
    ctype: str = "text/html; charset=utf-8",
    url: str = "http://qf.example/bgt/2026/11/t20261118_1.html",
    status: int = 200,
) -> FetchedPage:
    return FetchedPage(
        url=url,
        status=status,
        body=body,
        headers={"content-type": ctype},
        fetched_at=datetime(2026, 11, 20, tzinfo=TZ),
    )


def test_article_fields_and_furniture_removed():
    a = page_to_article(page(PAGE.format(charset="utf-8").encode()), SRC)
    assert a.title == "张店区华光路：机动车占用人行道停车"
    assert a.published_at == datetime(2026, 11, 18, 9, 30, tzinfo=TZ)
    assert a.author == "张明"
    assert a.outlet == "齐风晚报"
    paragraphs = a.body.split("\n\n")
    assert paragraphs[0].startswith("11月17日上午")
    assert "图为华光路人行道上停放的车辆。" in paragraphs
    for junk in ("分享到", "责任编辑", "相关阅读", "Copyright", "当前位置", "首页"):
        assert junk not in a.body
    assert a.images == ["http://qf.example/images/hg1.jpg"]
    assert a.content_hash and a.fingerprint


def test_gbk_page_with_lying_declaration_decodes():
    body = PAGE.format(charset="utf-8").encode(
        "gbk", "xmlcharrefreplace"
    )  # says utf-8 in meta and header, bytes are GBK
    d = decode_bytes(body, "text/html; charset=utf-8")
    assert d.encoding == "gb18030" and not d.flagged
    a = page_to_article(page(body), SRC)
    assert a.title == "张店区华光路：机动车占用人行道停车"
    assert "\ufffd" not in a.body


def test_utf8_bytes_win_over_gbk_declaration():
    body = PAGE.format(charset="gb2312").encode("utf-8")
    assert decode_bytes(body, "text/html; charset=gbk").encoding == "utf-8"


def test_mixed_bytes_are_flagged_not_dropped():
    body = (
        PAGE.format(charset="utf-8").encode("utf-8")
        + "<p>后面一段是GBK编码的文字内容</p>".encode("gbk")
        + b"\xff\xfe\xfa"
    )
    d = decode_bytes(body, "text/html")
    assert d.flagged and "张店区华光路" in d.text


def test_traditional_and_pinyin_normalized():
    assert (
        normalize_text("第七屆全國文明城市創(chuàng)建得開局之年")
        == "第七届全国文明城市创建得开局之年"
    )
    assert strip_pinyin("文（wén）明城(chéng)市") == "文明城市"
    assert normalize_text("ＡＢＣ１２３　全角") == "ABC123 全角"
    assert normalize_text("淄博,文明") == "淄博，文明"
    page_bytes = (
        PAGE.format(charset="utf-8")
        .replace("人行道上停满了私家车", "人行道上停滿了私家車")
        .encode()
    )
    assert "停满了私家车" in page_to_article(page(page_bytes), SRC).body


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-04-16 09:30", datetime(2026, 4, 16, 9, 30, tzinfo=TZ)),
        ("时间：2026年4月16日", datetime(2026, 4, 16, tzinfo=TZ)),
        ("2026/4/16", datetime(2026, 4, 16, tzinfo=TZ)),
        ("4月16日", datetime(2026, 4, 16, tzinfo=TZ)),
        ("12月30日", datetime(2025, 12, 30, tzinfo=TZ)),  # after the reference: last year
        ("Wed, 18 Nov 2026 09:30:00 +0800", datetime(2026, 11, 18, 9, 30, tzinfo=TZ)),
        ("近日", None),
        # the half of the day before the clock, a weekday between date and clock, 点 for 时
        ("2024年5月20日下午3:30", datetime(2024, 5, 20, 15, 30, tzinfo=TZ)),
        ("2024-5-20 上午 8:30", datetime(2024, 5, 20, 8, 30, tzinfo=TZ)),
        ("2024年5月20日中午1点05分", datetime(2024, 5, 20, 13, 5, tzinfo=TZ)),
        ("2024年05月20日 星期一 08:30", datetime(2024, 5, 20, 8, 30, tzinfo=TZ)),
        # a month and day with a clock and no year, as portals print this year's items
        ("发布时间：10-08 12:00", datetime(2026, 10, 8, 12, 0, tzinfo=TZ)),
        ("12-25 08:30", datetime(2025, 12, 25, 8, 30, tzinfo=TZ)),
        ("1-2-3 10:00", None),
        # an English blog template's date
        ("October 25, 2009 at 11:59 PM", datetime(2009, 10, 25, 23, 59, tzinfo=TZ)),
        ("25 Oct 2009, 10:30", datetime(2009, 10, 25, 10, 30, tzinfo=TZ)),
        ("May 2009 report", None),
    ],
)
def test_dates(text, expected):
    got = parse_date(text, date(2026, 11, 22))
    assert got == expected
    if got:
        assert got.tzinfo is not None


def test_date_from_url():
    assert date_from_url("http://x/bgt/2026/11/t20261118_1234.html") == datetime(
        2026, 11, 18, tzinfo=TZ
    )
    assert date_from_url("http://x/bgt/list.html") is None


def test_bad_pages_raise_page_errors():
    with pytest.raises(NotHtmlError):
        page_to_article(page(b"%PDF-1.4 ...", "application/pdf"), SRC)
    with pytest.raises(EmptyPageError):
        page_to_article(page(b""), SRC)
    with pytest.raises(EmptyPageError):
        page_to_article(page("<html><body><div class='nav'>首页</div></body></html>".encode()), SRC)
    with pytest.raises(PageError, match="HTTP 500"):
        page_to_article(page(b"oops", status=500), SRC)


def test_canonical_url():
    assert (
        canonical_url("HTTP://Qf.Example:80/a.html?utm_source=x&id=3#top")
        == "http://qf.example/a.html?id=3"
    )


def test_override_selectors_win():
    src = SourceInfo(
        name="t",
        overrides={
            "title": "div.crumb",
            "body": "div.share",
            "author": "xpath://p[starts-with(., '责任编辑')]/text()",
        },
    )
    html = PAGE.format(charset="utf-8").replace(
        "分享到：微信 微博 扫描二维码分享",
        "这是一个很长的正文段落，用来测试覆盖选择器能否胜过通用抽取器的判断。",
    )
    a = page_to_article(page(html.encode()), src)
    assert a.title.startswith("当前位置")
    assert a.body.startswith("这是一个很长的正文段落")
    assert a.author == "责任编辑：王五"


def test_real_gbk_page_from_cwced(shared):
    """A real GB2312 page from the CWCED set decodes and yields its body."""
    import json

    root = shared / "realdata" / "cwced"
    inv = {
        p["id"]: p for p in json.loads((root / "pages_inventory.json").read_text(encoding="utf-8"))
    }
    pid = "7c6d2080-5ab9-4385-9c0e-e1c8ed06efd3"
    a = page_to_article(page((root / "original" / f"{pid}.html").read_bytes(), "text/html"), SRC)
    gold = (root / "cleaned" / f"{pid}.txt").read_text(encoding="utf-8")
    assert inv[pid]["actual_decodes_as"] in ("gb18030", "gbk", "gb2312") and a.encoding == "gb18030"
    common = set(gold.split()[0][:30]) & set(a.body)
    assert len(common) > 10


# --- authors named without a role word ---------------------------------------------------------


def _bare(
    inner: str, title: str = "张店区华光路机动车占用人行道", url: str = "http://qf.example/a/1.html"
):
    html = (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><h1>{title}</h1>"
        f"{inner}</body></html>"
    )
    return page_to_article(page(html.encode(), url=url), SourceInfo(name="t"))


LONG = (
    "<p>"
    + "记者在张店区华光路与柳泉路路口看到，人行道上停满了私家车，行人被迫走上机动车道。" * 3
    + "</p>"
)


@pytest.mark.parametrize(
    "inner, author, where",
    [
        (LONG + "<p>这样的说法没有道理。（姚峰 上海报道）</p>", "姚峰", "byline"),
        (LONG + "<p>　　来源: 尹娟 </p>", "尹娟", "byline"),
        (
            "<table><tr><td>发文机关：</td><td>吉林省人民政府</td></tr></table>" + LONG,
            "吉林省人民政府",
            "issuer",
        ),
        (
            "<div>[随笔]陈天华《警世钟》<a href='b.asp?name=ggjjzhzz'>ggjjzhzz</a> 发表于 2005-9-15 11:46:00</div>"
            + LONG,
            "ggjjzhzz",
            "byline",
        ),
        (
            "<div><a href='/?author=102' title='[太小心]的博客'>太小心</a></div>" + LONG,
            "太小心",
            "author_link",
        ),
        # writers credited in brackets at the very end of the text
        (LONG + "<p>大家剪出了“廉洁”两字，过一个廉洁的新春佳节。（常书香 马丹阳 ）</p>", "常书香 马丹阳", "byline"),
        # a name in square brackets beside the byline's time
        ("<div>2004年7月16日08:19 [ 黄宇 ]  来源：[ 国际金融报 ]</div>" + LONG, "黄宇", "byline"),
        # a blog's "posted by NAME @ time" footer
        (LONG + "<div><em>由海姑娘张贴 @ <a href='p?id=1'>2005-06-14 03:25:55</a></em></div>", "海姑娘", "byline"),
        # an academic page's citation of itself, even in a box the cleaner drops
        (LONG + "<form><div><b>文章引用：</b>赵培. 淘宝网物流配送存在的问题及对策研究[J]. 现代市场营销, 2018.</div>"
         "<button>复制</button></form>", "赵培", "author_link"),
    ],
)
def test_author_without_role_word(inner, author, where):
    a = _bare(inner)
    assert a.author == author
    assert a.field_sources["author"] == where


def test_source_line_naming_a_person_is_not_the_outlet():
    a = _bare(LONG + "<p>来源: 尹娟</p>")
    assert a.outlet is None and a.author == "尹娟"
    assert _bare("<div class='info'>来源：新华社 2026-11-18</div>" + LONG).outlet == "新华社"


@pytest.mark.parametrize(
    "inner",
    [
        LONG + "<p>（新华社报道）</p>",  # an outlet reported it, not a person
        LONG + "<p>来源: 人民日报</p>",  # an outlet
        LONG + "<p>（综合报道）</p>",
    ],
)
def test_no_author_stays_none(inner):
    assert _bare(inner).author is None


def test_no_name_in_a_closing_bracket_of_words_or_outlets():
    assert _bare(LONG + "<p>这是一次成功的活动。（来源 人民日报）</p>").author is None
    assert _bare(LONG + "<p>活动取得圆满成功。（完）</p>").author is None


def test_writer_role_执笔人_and_a_page_wrapped_in_a_form():
    """执笔人 names the writers (not the page's 编辑); an ASP.NET page's <form> wraps the whole
    page: its content stays, while every <script> in it goes (none is read as body)."""
    a = _bare(
        "<form id='f1'>" + LONG + "<p>执笔人：闵乐夫 赵兰波</p><div>编辑：吕峥</div>"
        "<script>var a = 1; function StranText(txt) { return txt }</script>"
        "<script>var b = 2;</script></form>"
    )
    assert a.author == "闵乐夫 赵兰波"
    assert "人行道上停满了私家车" in a.body and "StranText" not in a.body and "var b" not in a.body


def test_blog_posted_by_line_gives_the_date():
    a = _bare(
        "<div>陈天华《警世钟》<a href='b.asp'>ggjjzhzz</a> 发表于 2005-9-15 11:46:00</div>"
        "<div>建立于:2004年10月6日</div>" + LONG
    )
    assert a.published_at == datetime(2005, 9, 15, 11, 46, tzinfo=TZ)


def test_essay_name_line_under_the_heading_is_the_author_and_leaves_the_body():
    a = _bare(
        "<div><p>我是怎样卷入八九民运的</p><p>茉莉</p>" + LONG * 2 + "</div>", title="谢谢您访问"
    )
    assert a.author == "茉莉"
    assert a.field_sources["author"] == "body_first_line"
    assert "茉莉" not in a.body


# --- the second opinion (trafilatura, optional) ---------------------------------------------------


def test_second_opinion_fields_spec():
    from pipeline.extract.second import FIELDS, fields_from

    assert fields_from(None) == frozenset()
    assert fields_from("all") == frozenset(FIELDS)
    assert fields_from("body, published") == {"body", "published"}
    with pytest.raises(ValueError, match="unknown field"):
        fields_from("bodyy")


def test_second_opinion_off_by_default_takes_nothing():
    from pipeline.extract import second

    assert "trafilatura" not in _bare(LONG).field_sources.values()
    if not second.available():
        assert second.second_opinion("<html><body><p>x</p></body></html>") is None


def test_second_opinion_fills_only_the_unsure_fields(monkeypatch):
    """A page with a headline, a long body and no date: trafilatura is asked for the date only."""
    from pipeline.extract import second

    if not second.available():
        pytest.skip("trafilatura not installed (pip install -e '.[extract]')")
    monkeypatch.setattr(second, "SECOND_OPINION_FIELDS", frozenset({"body", "published"}))
    html = (
        "<html><head><meta charset='utf-8'><title>华光路人行道停车问题</title>"
        "<meta property='article:published_time' content='2026-11-18T09:30:00+08:00'></head><body>"
        "<h1>华光路人行道停车问题</h1>" + LONG + "</body></html>"
    )
    # our own reader takes the meta date itself: nothing to ask
    a = page_to_article(page(html.encode(), url="http://qf.example/a/1.html"), SourceInfo(name="t"))
    assert a.field_sources["published"] == "meta"
    # a date only trafilatura finds (JSON-LD), none of ours
    html2 = html.replace(
        "<meta property='article:published_time' content='2026-11-18T09:30:00+08:00'>",
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2026-11-18T09:30:00+08:00", "headline": "华光路人行道停车问题"}</script>',
    )
    b = page_to_article(
        page(html2.encode(), url="http://qf.example/a/1.html"), SourceInfo(name="t")
    )
    assert b.published_at is not None and b.published_at.date() == date(2026, 11, 18)
    assert b.field_sources["published"] == "trafilatura"
    assert b.body == a.body  # the body was long enough: ours stays


@pytest.mark.parametrize(
    "text, role, names",
    [
        ("文/图 张三 李四 编辑：王五", "authors", ["张三", "李四"]),
        ("图/文：李四", "authors", ["李四"]),
        ("文｜张三", "authors", ["张三"]),
        ("本报实习生 刘国栋 周炜", "reporters", ["刘国栋", "周炜"]),
        ("长江网10月4日讯（记者陈智 整合）", "reporters", ["陈智"]),  # 整合: a role, not a name
        ("文/叨叨姐 胡一刀&李小飞刀", "authors", ["叨叨姐", "胡一刀", "李小飞刀"]),
        ("作者：放飞&心情", "authors", ["放飞&心情"]),  # a screen name stays whole
        ("作者：网络整理 阅读：1644", "authors", []),  # names nobody
        ("资料图：市民在寒冷天气中出行。中新社记者 贾天勇 摄", "reporters", []),  # took the picture
        ("本报记者 李在山 摄影报道", "reporters", ["李在山"]),
        ("扬子晚报记者采访了原作者的家人。", "reporters", []),  # a sentence, not a credit
        ("作者：李向东", "authors", ["李向东"]),
        # the reporter does something in a sentence: no name follows
        ("记者获悉，本月伴随苹果新机发售的A13预计还是4G芯片", "reporters", []),
        ("张严对《每日经济新闻》记者表示，目前商用的5G手机", "reporters", []),
        ("责任编辑：杜硕_NB12556", "editors", ["杜硕"]),  # 163's staff code is not the name
        ("责任编辑：biaoffeng 收藏本文", "editors", ["biaoffeng"]),  # a button, not a name
        ("医院管理局高级行政经理龚泽民在记者会上表示", "reporters", []),  # 记者会: a press conference
        ("原创： 路闻卓立编译 人民币交易与研究", "authors", ["路闻卓立"]),  # 编译 follows the name
        ("本报记者 王小明 北京报道", "reporters", ["王小明"]),  # 北京 is where it was reported from
        ("本报记者 王小明 李华 北京报道", "reporters", ["王小明", "李华"]),
        ("联合报 记者王小明／台北报导", "reporters", ["王小明"]),  # Taiwan's 报导 and full-width slash
        # the name runs straight into the place of the report: split where the place is a word
        ("（中央社记者王小明台北20日电）台湾今天", "reporters", ["王小明"]),
        ("（中央社记者陈家伦东京20日专电）日本", "reporters", ["陈家伦"]),
        ("本报记者张伟杭州3日电", "reporters", ["张伟"]),
        ("记者王小明北京报道", "reporters", ["王小明"]),
        ("记者深入一线报道", "reporters", []),  # no name before the place
        # the stroke 丨 (U+4E28) that WeChat and portals set for a bar
        ("文丨张三 图丨李四", "authors", ["张三"]),
        ("作者丨张三", "authors", ["张三"]),
        ("记者丨王小明 编辑丨李华", "reporters", ["王小明"]),
        ("文丨张三丨编辑丨李华", "editors", ["李华"]),
        ("撰文 | 张三", "authors", ["张三"]),
        # a bracket after a person's name holds their post or outlet
        ("作者：张三（北京大学教授）", "authors", ["张三"]),
        ("文/张三（湖北日报）", "authors", ["张三"]),
        ("作者：放飞&心情 振威将军(从一品)", "authors", ["放飞&心情"]),  # a forum rank, not a name
        # 摄影 followed by a name is the next role, not a photo credit of the reporters
        ("记者 张三 李四 摄影 王五", "reporters", ["张三", "李四"]),
        ("记者 张三 摄像：王五", "reporters", ["张三"]),
        # the rest of the crew, listed without a colon, is nobody's name
        ("记者 张三 李四 视频 王五 海报 赵六", "reporters", ["张三", "李四"]),
        ("文丨张三 设计丨李四", "authors", ["张三"]),
        ("记者 张三 首席记者 李四", "reporters", ["张三", "李四"]),
    ],
)
def test_byline_role_forms(text, role, names):
    from pipeline.extract.people import people_from_text

    assert getattr(people_from_text(text), role) == names


@pytest.mark.parametrize(
    "text, name",
    [
        ("（姚峰 上海报道）", "姚峰"),
        ("（王小明 台北报导）", "王小明"),  # Taiwan's spelling of 报道
        ("来源: 尹娟", "尹娟"),
    ],
)
def test_bare_byline_forms(text, name):
    from pipeline.extract.people import bare_byline

    assert bare_byline(text) == name


def test_pipe_after_a_word_ending_in_wen_is_not_a_byline():
    from pipeline.extract.people import people_from_text

    assert people_from_text("全文 | 打印 | 关闭").authors == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("吉林省人民政府　二〇二二年一月二十七日", date(2022, 1, 27)),
        ("二○二一年十月十日", date(2021, 10, 10)),
        ("二〇二六年十二月三十一日印发", date(2026, 12, 31)),
    ],
)
def test_chinese_numeral_dateline(text, expected):
    assert parse_date(text).date() == expected


def test_impossible_chinese_numeral_date_is_none():
    assert parse_date("二〇二一年二月三十日") is None


# --- the body's head, its tail, repeats ---------------------------------------------------------


def test_reposted_article_keeps_its_own_byline_and_dateline():
    """A blog reposting a newspaper article: the article's own byline and dateline at the top of
    the body name its reporters and date, not the blog's 作者 and posting date; they leave the body."""
    a = _bare(
        "<div class='entity'><h2>谁来为无序拆房埋单？</h2><p>拆房屡出命案 管理形同虚设</p>"
        "<p>谁来为无序拆房埋单？</p><p>本报实习生 刘国栋 周炜</p><p>本报记者 王燕平 方云凤</p>"
        "<p>2003-7-24 钱江晚报</p>" + LONG * 2 + "</div>"
        "<p class='foot'>- 作者： 流泉 2005年08月30日 13:22</p>",
        title="谁来为无序拆房埋单？",
    )
    assert a.author == "刘国栋 周炜 王燕平 方云凤"
    assert a.field_sources["author"] == "body_head"
    assert a.published_at == datetime(2003, 7, 24, tzinfo=TZ)
    assert a.body.startswith("记者在张店区华光路")


def test_short_first_lines_without_a_byline_stay_in_the_body():
    a = _bare("<div><p>个人简介：</p>" + LONG * 2 + "</div>")
    assert a.body.startswith("个人简介：")


def test_written_date_of_a_government_document_wins():
    a = _bare(
        "<table><tr><td>成文日期：</td><td>2022年01月27日</td></tr>"
        "<tr><td>发布日期：</td><td>2022年01月28日</td></tr></table>" + LONG
    )
    assert a.published_at == datetime(2022, 1, 27, tzinfo=TZ)
    assert a.field_sources["published"] == "written"


def test_comments_pagers_related_lines_and_repeats_leave_the_body():
    from pipeline.extract.body import body_paragraphs
    from pipeline.extract.html import parse_html

    root = parse_html(
        "<div><p>正文第一段。</p><p>索引号：</p><p>1122/2022</p><p>分类：</p><p>通告</p>"
        "<p>索引号：</p><p>1122/2022</p><p>分类：</p><p>通告</p><p>正文第二段。</p>"
        "<p>第1页/共1页</p><p>&lt;&lt; 上一页 | 下一页 &gt;&gt;</p>"
        "<p>·娱乐圈明星挨打事件回顾 (2005-04-27 14:32PM)</p>"
        "<p>本文通告引用(Trackback)链接: /wp-trackback.php?p=1700</p><p>网友的评论很长很长。</p></div>"
    )
    assert body_paragraphs(root.find(".//div")) == [
        "正文第一段。",
        "索引号：",
        "1122/2022",
        "分类：",
        "通告",
        "正文第二段。",
    ]


@pytest.mark.parametrize(
    "inner, author",
    [
        ("<div>作者：海姑娘 提交日期：2005-6-14 3:25:55</div>" + LONG, "海姑娘"),
        ("<div>作者：黄宇 文章来源：新华网 点击数：123</div>" + LONG, "黄宇"),
        ("<div>记者 | 张三 王五</div>" + LONG, "张三 王五"),
        (
            "<div>作者： <a href='/u/1'>放飞&amp;心情</a> 发表于 2005-06-14</div>" + LONG,
            "放飞&心情",
        ),
        ("<div>【作者】胡平 【来源】北京之春</div>" + LONG, "胡平"),
        ("<div>撰稿人：张三</div>" + LONG, "张三"),
        ("<div class='info'>文丨张三</div>" + LONG, "张三"),  # a byline outside the body, 丨 for a bar
        ("<div class='content'><p>作者丨李四</p>" + LONG * 2 + "</div>", "李四"),
        ("<div>本报记者 王 燕 李 华</div>" + LONG, "王燕 李华"),
        ("<div class='content'><p>胡 平</p>" + LONG * 2 + "</div>", "胡平"),
        ("<div class='content'><p>王府井</p>" + LONG * 2 + "</div>", None),
        ("<div class='content'><p>□张 明</p>" + LONG * 2 + "</div>", "张明"),  # a newspaper's box mark
        ("<div class='content'><p>各区县人民政府：</p>" + LONG * 2 + "</div>", None),
    ],
)
def test_byline_forms_on_pages(inner, author):
    assert _bare(inner).author == author


@pytest.mark.parametrize(
    "text, expected, precision",
    [
        ("《北京之春》1998年3月号", date(1998, 3, 1), "month"),
        ("一九九六年六月于纽约", date(1996, 6, 1), "month"),
        ("2018年第5期", date(2018, 1, 1), "year"),
        ("2026年11月18日", None, None),
        ("2005年1月至5月", None, None),
    ],
)
def test_dates_stated_to_the_month_or_year(text, expected, precision):
    from pipeline.extract.dates import parse_partial_date

    got = parse_partial_date(text)
    assert (got[0].date(), got[1]) == (expected, precision) if expected else got is None


def test_page_dated_to_the_month_only_says_so():
    a = _bare("<div>《北京之春》1998年3月号</div>" + LONG)
    assert a.published_at == datetime(1998, 3, 1, tzinfo=TZ)
    assert a.field_sources["published"] == "body_head_month"  # the body's own first line
    a = _bare(LONG + "<p>一九九六年六月于纽约</p>")
    assert a.published_at == datetime(1996, 6, 1, tzinfo=TZ)
    assert a.field_sources["published"] == "partial_month"  # an essay's closing line
    assert _bare(LONG).published_at is None


def test_reposted_report_keeps_its_own_month_over_the_reposting_page_date():
    """A report reposted with its own 2003年5月 under its authors is dated by that line, to the
    month; the reposting page's date line stands only when the body has none."""
    page_date = "<div class='info'>2005-03-06 16:17:00</div>"
    head = "<div><p>市儿童心理调研课题组</p><p>2003年5月</p>" + LONG + "</div>"
    a = _bare(page_date + head)
    assert a.published_at == datetime(2003, 5, 1, tzinfo=TZ)
    assert a.field_sources["published"] == "body_head_month"
    assert "2003年5月" in a.body  # kept apart for the date, not cut from the text
    b = _bare(page_date + "<div><p>市儿童心理调研课题组</p>" + LONG + "</div>")
    assert b.published_at == datetime(2005, 3, 6, 16, 17, tzinfo=TZ)
    # a byline's full date still beats a month line
    c = _bare("<div class='info'>发布时间：2005-03-06 16:17</div>" + head)
    assert c.published_at == datetime(2005, 3, 6, 16, 17, tzinfo=TZ)


def test_headline_keeps_the_space_between_its_clauses():
    a = _bare(LONG, title="利益集团左右电力体制改革 华东上调超发电价")
    assert a.title == "利益集团左右电力体制改革 华东上调超发电价"
    assert (
        normalize_text("利益集团左右电力体制改革 华东上调超发电价")
        == "利益集团左右电力体制改革华东上调超发电价"
    )


def test_field_sources_reach_the_stored_item(tmp_path):
    """Where each field came from (meta, byline, body_head, trafilatura …) is kept on the item."""
    import json

    from sqlmodel import Session

    from pipeline.store.db import get_engine
    from pipeline.store.items import upsert_article
    from pipeline.store.tables import Item

    a = page_to_article(page(PAGE.format(charset="utf-8").encode()), SRC)
    with Session(get_engine(f"sqlite:///{tmp_path / 'w.db'}")) as s:
        item = s.get(Item, upsert_article(s, a).item_id)
        assert json.loads(item.field_sources) == a.field_sources
    assert a.field_sources["published"] == "meta" and a.field_sources["author"] == "byline"


def test_article_after_a_stray_closing_html_tag_is_kept():
    """A header include that ends with ``</html>``: the parser puts the rest of the page in a
    second document root; the article there is still found."""
    html = """<html><head><title>关于批准特别国债的决议_中国政府网</title></head><body>
<div class="header"><a href="/">首页</a></div><script>var x = "//繁体和简体相互转换";</script>
</html>
<div class="content"><div id="UCAP-CONTENT">
<p>第十届全国人民代表大会常务委员会第二十八次会议，听取了财政部部长代表国务院作的说明，并对议案进行了审议。</p>
<p>会议决定：批准发行15500亿元特别国债购买外汇，批准2007年末国债余额限额调整为53365.53亿元。</p>
</div></div><div class="footer">版权所有：中国政府网</div></body></html>"""
    a = page_to_article(page(html.encode("utf-8")), SRC)
    assert "特别国债购买外汇" in a.body and "繁体" not in a.body


def test_photographer_credit_and_site_brand_are_not_the_author():
    """（刘通摄） under a picture credits a photographer: the writer is the closing （张巨峰）;
    a meta author that is the brand of the title's site part (网易 of 网易订阅) names nobody."""
    a = _bare("<p>图为启动仪式现场。（刘通摄）</p>" + LONG + "<p>活动将在三国举行。（张巨峰）</p>")
    assert a.author == "张巨峰"
    html = (
        "<html><head><meta name='author' content='网易'><title>京沪高速无锡段封闭_网易订阅</title>"
        "</head><body><h1>京沪高速无锡段封闭</h1>" + LONG + "</body></html>"
    )
    assert page_to_article(page(html.encode("utf-8")), SRC).author is None
    blog = html.replace("'网易'", "'张明'").replace("网易订阅", "张明的博客")
    assert page_to_article(page(blog.encode("utf-8")), SRC).author == "张明"  # a person's own site


def test_a_name_run_into_the_writers_post_and_a_domain_meta_author():
    """(作者：方敏北京大学经济学院教授): the name is split off its post; a Latin meta author that
    is the label of the page's own domain (chinanews of www.chinanews.com) names the site."""
    from pipeline.extract.people import people_from_text

    assert people_from_text("(作者：方敏北京大学经济学院教授)").authors == ["方敏"]
    assert people_from_text("作者：张晓明清华大学教授").authors == ["张晓明"]
    assert people_from_text("作者：北京大学经济学院教授").authors == []  # no person named
    html = (
        "<html><head><meta name='author' content='chinanews'><title>坚定实施扩大内需战略</title>"
        "<link rel='stylesheet' href='//www.chinanews.com/share.css'></head><body>"
        "<h1>坚定实施扩大内需战略</h1>" + LONG + "<p>(作者：方敏北京大学经济学院教授)</p></body></html>"
    )
    assert page_to_article(page(html.encode("utf-8")), SRC).author == "方敏"
    person = html.replace("'chinanews'", "'fangmin'")  # no domain of the page: a screen name
    assert page_to_article(page(person.encode("utf-8")), SRC).author == "fangmin"


def test_wordpress_dates_and_signatures_and_accounts_of_nobody():
    """十一月 6th, 2009 (WordPress in a Chinese locale) is a date; 责任编辑：news names nobody; the
    观点 of 本文仅为作者观点 is no name; a statement signed 新闻发言人 武平 names its writer; a slot
    marked ``auth`` inside a title bar (``titBar``) holds the writer."""
    assert parse_date("十一月 6th, 2009") == datetime(2009, 11, 6, tzinfo=TZ)
    assert parse_date("十一月 6th, 2009 at 12:40 下午") == datetime(2009, 11, 6, 12, 40, tzinfo=TZ)
    assert parse_date("二十一月 6, 2009") is None
    wp = _bare("<span class='post-calendar'>十一月 6th, 2009</span>" + LONG)
    assert wp.published_at == datetime(2009, 11, 6, tzinfo=TZ)
    from pipeline.extract.people import people_from_text

    assert people_from_text("（责任编辑：news）").editors == []
    assert people_from_text("本文仅为作者观点，不代表本网立场。").authors == []
    assert people_from_text("（记者钱伟）").reporters == ["钱伟"]
    signed = _bare("<p>2012年6月24日</p><p>中国载人航天工程新闻发言人 武平</p>" + LONG)
    assert signed.author == "武平"
    qq = _bare("<div class='titBar'><span class='pubTime'>2012年07月07日09:47</span>"
               "<span class='auth'>单仁平</span></div>" + LONG)
    assert qq.author == "单仁平"
    side = _bare("<div class='navbar'><span class='auth'>登录</span></div>" + LONG)
    assert side.author is None


def test_comment_forms_outlet_accounts_and_picking_editors():
    """A comment form's 账号 box is not the author's slot; a newspaper's own account in the
    author's link (经济日报) is an outlet; 选稿： names the editor who picked the piece."""
    form = _bare(LONG + "<div class='tie-postform'><div class='js-unlogin'><div class='author-name'>"
                 "账号</div></div></div>")
    assert form.author is None
    outlet = _bare("<a href='https://news.qq.com/omn/author/8QMc'><p class='media-name'>经济日报</p></a>"
                   + LONG)
    assert outlet.author is None
    person = _bare("<a href='https://news.qq.com/omn/author/8QMc'>八卦大相公</a>" + LONG)
    assert person.author == "八卦大相公"
    from pipeline.extract.people import people_from_text

    assert people_from_text("选稿：许文杰").editors == ["许文杰"]


def test_a_meta_author_who_is_the_pages_editor_gives_way():
    """<meta name=author content=倪仕轩> where the page credits 编辑：倪仕轩: the meta names the
    editor, so the visible slot (<span id="author_baidu">王帆</span>) or the lead's 记者 credit wins."""
    head = "<html><head><meta name='author' content='倪仕轩'><title>美联储维持利率不变</title></head><body>"
    tail = "<div class='m-editor'>编辑：倪仕轩 责任编辑：杨格</div></body></html>"
    slot = head + "<h1>美联储维持利率不变</h1><span id='author_baidu'>王帆</span>" + LONG + tail
    assert page_to_article(page(slot.encode("utf-8")), SRC).author == "王帆"
    lead = head + "<h1>美联储维持利率不变</h1><p>新华社深圳5月12日电（记者戴小河、印朋）" + LONG[3:] + tail
    assert page_to_article(page(lead.encode("utf-8")), SRC).author == "戴小河 印朋"
    alone = head + "<h1>美联储维持利率不变</h1>" + LONG + "</body></html>"  # no editor credit shown
    assert page_to_article(page(alone.encode("utf-8")), SRC).author == "倪仕轩"


def test_an_outlet_prefixed_editor_meta_a_writer_who_is_and_closing_production_credits():
    """<meta name=author content=青网新闻杨逸凡> where the page credits 责任编辑：杨逸凡 names the editor;
    （作者韩涵系政邦智库研究员） credits the writer; 监 制：高明勇 and 审 读：崔向升 closing the text
    are credits, not body; a name keeps its variant character (魏其濛) on a page in simplified
    characters, while a page in traditional characters is made simplified, names too."""
    head = "<html><head><meta name='author' content='青网新闻杨逸凡'><title>首届养老专业本科生毕业</title></head><body>"
    tail = "<div><span id='editor_baidu'>责任编辑：杨逸凡</span></div></body></html>"
    youth = head + "<h1>首届养老专业本科生毕业</h1>" + LONG + "<p>中青报·中青网记者 魏其濛 来源：中国青年报</p>" + tail
    assert page_to_article(page(youth.encode("utf-8")), SRC).author == "魏其濛"
    opinion = _bare(
        "<div class='text'>" + LONG + "<p>政策实施效果好不好，民众的感受最真切。（作者韩涵系政邦智库研究员）</p>"
        "<p>总监制：邹 明</p><p>监 制：高明勇</p><p>审 读：崔向升</p></div>"
    )
    assert opinion.author == "韩涵"
    assert "高明勇" not in opinion.body and "崔向升" not in opinion.body and "民众的感受" in opinion.body
    from pipeline.extract.people import people_from_text

    assert people_from_text("（作者系北京大学教授）").authors == []  # no name: nobody
    trad = _bare("<div class='text'><p>作者：魏其濛</p><p>" + "這條人行道上停滿了私家車，行人只能走到機動車道上。" * 6 + "</p></div>")
    assert trad.author == "魏其蒙" and "人行道上停满了私家车" in trad.body


def test_hidden_blocks_forms_and_closing_link_lists_leave_the_body():
    links = "".join(f"<br><br><a href='/a/{i}.html'>其他文章的标题第{i}篇</a>" for i in range(4))
    html = _bare(
        "<div class='text'>" + LONG + links + "<span style='display:none'>1001|||10339009|||标题</span>"
        "<p>相关专题</p><p>反腐总动员</p><p>我要发表留言</p><p>用户名： 密码：</p></div>"
    )
    assert "其他文章" not in html.body and "|||" not in html.body and "留言" not in html.body
    assert "人行道上停满了私家车" in html.body
    two = _bare("<div class='text'>" + LONG + "".join(links.split("<br><br>")[:3]) + "</div>")
    assert "其他文章的标题第1篇" in two.body  # two closing links are not a list


def test_a_font_size_control_is_not_an_author_line():
    a = _bare("<div><p>超大</p><p>大</p><p>标准</p><p>小</p>" + LONG + "</div>")
    assert a.author is None


def test_site_name_in_meta_author_breadcrumb_and_disclaimer_are_not_article():
    html = """<html><head><meta name="author" content="证券时报网">
<title>午间公告：天奇股份中标广汽丰田项目_证券时报网</title></head><body>
<div class="website">您所在的位置：<a href="/">首页</a> &gt;
<a href="/kx/">快讯</a> &gt; <a href="/gs/">公司</a></div>
<h2>午间公告：天奇股份中标广汽丰田项目</h2>
<div class="info">2019-09-26 12:11<span>来源：证券时报网</span><span>作者：李在山</span></div>
<div class="txt_con">证券时报e公司讯，当升科技：9614.5万元竞得常州市工业用地，将为公司常州锂电新材料产业基地提供用地。
天奇股份：确认中标广汽丰田公司涂装车间工程内搬送设备等项目，中标额6962万元。
<p>声明：证券时报力求信息真实、准确，文章提及内容仅供参考，不构成实质性投资建议。</p></div>
</body></html>"""
    a = page_to_article(page(html.encode("utf-8")), SRC)
    assert a.author == "李在山"
    assert "位置" not in a.body and "快讯" not in a.body and "声明" not in a.body
    assert "天奇股份" in a.body


def test_time_shown_under_the_headline_wins_over_a_later_meta_time_of_that_day():
    html = """<html><head><title>芯片之战</title>
<meta property="article:published_time" content="2019-09-07T06:52:51+08:00"></head><body>
<h1>芯片之战</h1><div class="date-source"><span class="date">2019年09月07日 04:04</span></div>
<div class="article"><p>无止境的追求，让芯片领域迎来了巅峰对决。华为推出了多项指标世界领先的芯片。</p>
<p>记者获悉，本月伴随新机发售的芯片预计还是4G芯片，5G集成芯片可能到明年才会上市。</p></div>
<p class="show_author">责任编辑：张申 </p></body></html>"""
    a = page_to_article(page(html.encode("utf-8")), SRC)
    assert a.published_at == datetime(2019, 9, 7, 4, 4, tzinfo=TZ)
    assert a.author is None and a.editors == ["张申"]  # 获悉 is not a reporter's name
    same = html.replace("04:04", "06:52")  # the same time: the meta's seconds stay
    assert page_to_article(page(same.encode("utf-8")), SRC).published_at.second == 51


def test_hidden_blocks_and_sidebar_lists_name_no_author():
    """A block hidden from readers (display:none, kept for search engines) and a hidden list of
    other columnists' links are no author source; the visible credit is."""
    html = """<html><head><title>坚定实施扩大内需战略</title></head><body>
<h1>坚定实施扩大内需战略</h1>
<div id="BaiduSpider" style="display:none"><span>作者：陈海峰</span></div>
<div class="left-t">2020年07月04日 12:10　来源：求是网</div>
<div class="left_zw"><p>扩大内需是构建完整内需体系的战略基点，是满足人民日益增长的美好生活需要的根本要求。</p>
<p>坚定实施扩大内需战略，要着力补齐民生短板，增加公共消费，培育新型消费，扩大有效投资。</p>
<p>（作者：方敏）</p></div>
<div style="display:none!important" class="seo_data_list">
<li><a href="http://zhuanlan.sina.com.cn/author/lianping/index.shtml">连平</a>：MLF操作利率下调可期待</li>
</div></body></html>"""
    assert page_to_article(page(html.encode("utf-8")), SRC).author == "方敏"
    no_credit = html.replace("<p>（作者：方敏）</p>", "")
    assert page_to_article(page(no_credit.encode("utf-8")), SRC).author is None


def test_a_writer_over_an_outlet_under_the_headline_and_a_fuller_reporter_credit():
    a = _bare(
        "<div class='news_about'><p>石佳/中国青年报</p>"
        "<p>2019-09-24 09:10</p></div>" + LONG
    )
    assert a.author == "石佳"
    assert _bare("<div><p>商讯/中国青年报</p></div>" + LONG).author is None  # 商讯: no person
    b = _bare(LONG + "<p>采写：南都记者 余毅菁 向雪妮</p><p>作者：余毅菁 向雪妮<a href='/'>返回首页</a></p>")
    assert b.author == "余毅菁 向雪妮"  # the 作者 line runs into a link; 采写 names both


def test_a_credit_line_below_a_summary_list_names_the_author():
    a = _bare(
        "<div><p>划重点：</p><p>监管方从年初就在酝酿整顿清理。</p><p>数据成本普遍在2元至10元之间。</p>"
        "<p>《棱镜》作者 周纯</p>" + LONG + "</div>"
    )
    assert a.author == "周纯"


def test_month_day_byline_takes_its_year_from_a_same_day_update_meta():
    html = """<html><head><title>日本最后一家传呼机公司停止服务</title>
<meta itemprop="dateUpdate" content="2019-09-30 22:46:13"></head><body>
<h2>日本最后一家传呼机公司停止服务</h2>
<div class="article-source"><span class="date">发布时间：09-30</span><span class="time">22:46</span></div>
<div class="article-content"><p>据外媒报道，9月30日，日本现存的唯一一家提供传呼机服务的营运商将正式终止服务。</p>
<p>据悉，随着手机的普及，传呼机渐渐失去市场，另一家公司也在2017年结束业务。</p></div>
</body></html>"""
    a = page_to_article(page(html.encode("utf-8")), SRC)
    assert a.published_at == datetime(2019, 9, 30, 22, 46, 13, tzinfo=TZ)


@pytest.mark.parametrize(
    "inner, author",
    [
        # an author slot marked by its class, holding a bare account or person name
        (
            "<div class='article-desc'><p class='author-name'>体育教科书</p></div>" + LONG,
            "体育教科书",
        ),
        ("<div><span itemprop='author'>IT之家</span></div>" + LONG, "IT之家"),
        ("<div id='byline'>张明</div>" + LONG, "张明"),
        # the same class in a sidebar, a comment or holding more than a name: not the author
        ("<div id='article-rightbar'><a class='author-name'>行情实时播报</a></div>" + LONG, None),
        ("<aside><span class='author'>李华</span></aside>" + LONG, None),
        ("<div class='comment'><span class='comment-author'>网友甲</span></div>" + LONG, None),
        ("<div class='author'>作者简介：资深记者 2019年</div>" + LONG, None),
        ("<span class='author'>张明、李华</span>" + LONG, "张明 李华"),  # two people, each a person's name
        ("<span class='author'>张明 李华</span>" + LONG, "张明 李华"),
        ("<span class='author'>新华社 北京</span>" + LONG, None),
        # an account card: avatar, the name, a follow button; a column's card with counts is not
        (
            "<div class='news_author'><a href='gov_44871'><img src='a.jpg'>"
            "<div class='name'>中国广州发布</div></a><div class='link'>关注</div></div>" + LONG,
            "中国广州发布",
        ),
        (
            "<div class='article-author'><div class='author-meta'><a class='author-meta-name'>"
            "股市行情</a><div>总篇数<span>919</span>篇</div></div></div>" + LONG,
            None,
        ),
    ],
)
def test_author_from_an_element_marked_as_the_authors_slot(inner, author):
    assert _bare(inner).author == author


@pytest.mark.parametrize(
    "byline, author",
    [
        # an office in the 作者 slot, run on into the next field without a space
        ("来源：本站原创  作者：医技药剂党支部<br>时间：2019年10月31日 23:00", "医技药剂党支部"),
        ("作者：区文明办 来源：本站 2026-11-18", "区文明办"),
        ("作者：张明 责任编辑：李华 2026-11-18", "张明"),  # 责任 is not a second name
    ],
)
def test_author_slot_holding_an_office_or_running_on(byline, author):
    assert _bare(f"<div class='title_blow'>{byline}</div>" + LONG).author == author


def test_an_author_card_with_the_time_names_the_writer():
    card = (
        "<div class='author'><a class='avatar'><img src='/face.jpg'></a><span class='name'>谢若含</span>"
        "<span class='date'>2017-03-01 14:27:02</span></div>"
    )
    assert _bare(card + LONG).author == "谢若含"
    counts = "<div class='author'><span class='name'>谢若含</span><span>文章 120 粉丝 3万</span></div>"
    assert _bare(counts + LONG).author is None  # a column's card with its counts


def test_a_header_pictures_source_and_an_app_plea_close_no_article():
    a = _bare(
        LONG + "<p>题图来自 Hater</p><p>喜欢这篇文章？去 App 商店搜 好奇心日报 ，每天看点不一样的。</p>"
        "<p>Today's Visitors: 0 Total Visitors: 10</p>"
    )
    assert "题图" not in a.body and "App" not in a.body and "Visitors" not in a.body
    assert "记者在张店区" in a.body


def test_closing_credits_line_leaves_the_body():
    a = _bare(LONG + "<p>医技药剂党支部、药剂科供稿&nbsp; 摄影/张艳&nbsp; 编辑/苏芳</p>")
    assert "供稿" not in a.body and "记者在张店区" in a.body
    from pipeline.extract.body import is_credit_line

    assert is_credit_line("文/张明 图/李华")
    assert not is_credit_line("摄影/张艳")  # one credit alone may be a caption
    assert not is_credit_line("活动由区文明办供稿，摄影/编辑部门配合完成。")  # a sentence


def test_a_page_in_traditional_characters_has_its_bylines_read():
    """記者, 責任編輯 and 撰文 on a Taiwan or Hong Kong page credit people as their simplified forms do;
    the names come out simplified, as the rest of the page."""
    body = "<div class='article'>" + "".join(
        f"<p>台北市多處人行道長期遭機車違規停放，行人被迫走到車道上，民眾第{i}次向市府陳情，希望能改善步行環境。</p>"
        for i in range(3)
    ) + "</div>"
    tw = (
        "<html><head><title>北市人行道違停嚴重 市府將加強取締</title></head><body><h1>北市人行道違停嚴重 市府將加強取締</h1>"
        "<div class='meta'>2024-05-20 10:30 聯合報 記者王小明／台北報導</div>" + body
        + "<div class='editor'>責任編輯：陳大華</div></body></html>"
    )
    a = page_to_article(page(tw.encode("utf-8")), SRC)
    assert (a.author, a.reporters, a.editors) == ("王小明", ["王小明"], ["陈大华"])
    assert a.title == "北市人行道违停严重 市府将加强取缔" and "人行道长期遭机车" in a.body
    hk = tw.replace("2024-05-20 10:30 聯合報 記者王小明／台北報導", "2024年5月20日 撰文：李美玲")
    assert page_to_article(page(hk.encode("utf-8")), SRC).author == "李美玲"


WECHAT = (
    "<html><head><meta charset='utf-8'><title>华光路人行道停满私家车</title></head>"
    "<body id='activity-detail'><div id='js_article' class='rich_media'><div class='rich_media_inner'>"
    "<h1 class='rich_media_title' id='activity-name'>华光路人行道停满私家车</h1>"
    "<div id='meta_content' class='rich_media_meta_list'>"
    "<span id='copyright_logo' class='rich_media_meta icon_appmsg_tag'>原创</span>"
    "<span class='rich_media_meta rich_media_meta_text'>{writer}</span>"
    "<span class='rich_media_meta rich_media_meta_nickname' id='profileBt'>"
    "<a href='javascript:void(0);' id='js_name'>齐风晚报</a></span>"
    "<span id='meta_content_hide_info'><em id='publish_time' class='rich_media_meta rich_media_meta_text'></em></span>"
    "</div><div class='rich_media_content' id='js_content' style='visibility: hidden;'>"
    "<section><p>" + "记者在张店区华光路与柳泉路路口看到，人行道上停满了私家车，行人被迫走上机动车道。" * 3
    + "</p><p>附近居民说，这种情况已经持续了两个多月，希望有关部门尽快整治。</p></section></div>"
    "</div></div><script>var nickname = '齐风晚报';\n{script}</script></body></html>"
)


@pytest.mark.parametrize(
    "writer, script, author, published",
    [
        # seconds since 1970 (China time), the most precise of the page's times
        ("王小明", 'var ct = "1794965400";\nvar createTime = \'2026-11-18 09:30\';', "王小明", "2026-11-18 09:30:00"),
        ("文丨李华", "var createTime = '2026-11-18 09:30';", "李华", "2026-11-18 09:30:00"),
        # a team in the writer's entry, or none: the post is credited to its account, as a
        # 头条号's or 百家号's is
        ("齐风发布", 'var publish_time = "2026-11-18" || "";', "齐风晚报", "2026-11-18"),
        ("", 'var ct = "abc";', "齐风晚报", None),  # and no usable time
    ],
)
def test_a_wechat_article_gives_its_writer_and_scripted_time(writer, script, author, published):
    html = WECHAT.format(writer=writer, script=script)
    a = page_to_article(page(html.encode("utf-8"), url="https://mp.weixin.qq.com/s/abc"), SRC)
    assert a.author == author
    shown = a.published_at.strftime("%Y-%m-%d %H:%M:%S")[: len(published)] if a.published_at else None
    assert shown == published
    assert "人行道上停满了私家车" in a.body and "齐风晚报" not in a.body


def test_an_outlet_after_a_stroke():
    a = _bare("<div class='info'>文丨张明 来源丨人民日报</div>" + LONG)
    assert (a.author, a.outlet) == ("张明", "人民日报")


def test_a_wechat_writer_slot_with_its_own_id():
    html = WECHAT.format(writer="", script="").replace(
        "<span id='copyright_logo'", "<span id='js_author_name' class='rich_media_meta_link'>赵六</span><span id='copyright_logo'"
    )
    assert page_to_article(page(html.encode("utf-8")), SRC).author == "赵六"


def test_script_times_count_only_on_a_wechat_page():
    from pipeline.extract.html import parse_html
    from pipeline.extract.wechat import wechat_time

    plain = "<html><body><p>正文</p><script>var ct = \"1794965400\";</script></body></html>"
    assert wechat_time(parse_html(plain)) is None


@pytest.mark.parametrize(
    "meta, author",
    [
        ("张明,李华", "张明 李华"),  # a list's separators
        ("张明、李华", "张明 李华"),
        ("记者 张明", "张明"),  # a role word, read as in a byline
        ("作者：张明", "张明"),
        ("放飞&心情", "放飞&心情"),  # a screen name stays whole
    ],
)
def test_a_meta_author_is_read_as_names(meta, author):
    html = (
        f"<html><head><meta charset='utf-8'><meta name='author' content='{meta}'><title>华光路人行道停满私家车</title>"
        f"</head><body><h1>华光路人行道停满私家车</h1><div class='content'>{LONG * 2}</div></body></html>"
    )
    assert page_to_article(page(html.encode("utf-8")), SRC).author == author
