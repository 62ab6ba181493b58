"""The bulletin as .docx, opened back with python-docx: the same tables as the HTML."""

from __future__ import annotations

from pathlib import Path

import docx
from lxml import html
from sqlmodel import Session

from tests.test_publish import NOW, run, session  # noqa: F401  (fixture)


def tables(path: Path) -> list[list[list[str]]]:
    d = docx.Document(str(path))
    return [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]


def test_docx_has_the_bulletins_tables(session: Session, tmp_path: Path) -> None:  # noqa: F811
    res = run(session, tmp_path / "out", week="2026-W47")
    assert res.docx_path == tmp_path / "out" / "bulletins" / "2026-W47.docx"
    d = docx.Document(str(res.docx_path))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "淄博市创城曝光问题整改周报 第1期" in text and "淄博市文明办" in text
    assert "累计整改率28.57%" in text  # the lead paragraph
    assert d.core_properties.title == "淄博市创城曝光问题整改周报 第1期"
    t = tables(res.docx_path)
    figures, exposures, resolutions, overdue, districts, categories = t[:6]
    assert figures[1] == ["3", "1", "8", "2", "5", "3", "28.57%"]
    assert [r[0] for r in exposures[1:]] == ["1", "2", "3"]
    assert exposures[2][1] == "张店区奥林社区垃圾堆积（奥林社区）"
    assert resolutions[1][-2:] == [
        "https://news.example.cn/zb/1.html",
        "https://news.example.cn/zb/3.html",
    ]
    assert [r[1] for r in overdue[1:]] == [
        "淄川区松龄路机动车乱停乱放",
        "桓台县少海路乱贴小广告",
        "张店区奥林社区垃圾堆积",
    ]
    # the same district table as the HTML page, row for row
    page = html.fromstring(res.bulletin_path.read_text("utf-8"))
    html_rows = [
        [td.text_content() for td in tr]
        for tr in page.xpath("//section[@id='districts']//tbody/tr")
    ]
    assert districts[1:] == html_rows
    html_cats = [
        [td.text_content() for td in tr]
        for tr in page.xpath("//section[@id='categories']//tbody/tr")
    ]
    assert categories[1:] == html_cats
    # hostile text arrives cleaned, as text
    assert "<script>alert(1)</script>]]>华光路" in exposures[1][1]
    assert not any("\u202e" in c or "\x00" in c for row in exposures for c in row)


def test_docx_is_reproducible_and_frozen(session: Session, tmp_path: Path) -> None:  # noqa: F811
    a = run(session, tmp_path / "a", week="2026-W47")
    b = run(session, tmp_path / "b", week="2026-W47")  # same content: the frozen edition again
    assert b.frozen and a.docx_path.read_bytes() == b.docx_path.read_bytes()
    assert a.bulletin_path.read_bytes() == b.bulletin_path.read_bytes()
