"""The bulletin as a Word document (.docx), which is what offices edit and send.

Written with python-docx from the same ``BulletinContext`` as the HTML, with
the same tables. The file is byte-for-byte reproducible: document properties
and zip entry times are set to the publication time, not the clock.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from pipeline.publish.context import BulletinContext
from pipeline.publish.weeks import local

FONT = "SimSun"  # 宋体; Word substitutes a local CJK serif when missing
HEADING_FONT = "SimHei"
RED = RGBColor(0xB0, 0x00, 0x00)
MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _font(run, name: str, size: float | None = None, bold: bool = False) -> None:  # noqa: ANN001
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    run.bold = bold or None


def _heading(doc, text: str) -> None:  # noqa: ANN001
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(10)
    _font(p.add_run(text), HEADING_FONT, 14, bold=True)


def _table(doc, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:  # noqa: ANN001
    """One table, created in one piece (python-docx's add_row is slow on long tables).

    Body cells take the document's default font (set once in ``_styles``); only
    the header row gets its own runs.
    """
    table = doc.add_table(rows=len(rows) + 1, cols=len(header))
    table.style = "Table Grid"
    cells = table._cells  # row-major, computed once
    width = len(header)
    for i, text in enumerate(header):
        _font(cells[i].paragraphs[0].add_run(text), HEADING_FONT, 9, bold=True)
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row):
            if value not in (None, ""):
                cells[r * width + c].paragraphs[0].add_run(str(value))


def _styles(doc) -> None:  # noqa: ANN001
    """Default font for everything: SimSun 10.5pt (五号), also for East Asian text."""
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _empty(doc, text: str) -> None:  # noqa: ANN001
    _font(doc.add_paragraph().add_run(text), FONT, 10)


def _reproducible(raw: bytes, when: datetime) -> bytes:
    """Re-zip with fixed entry times so the same bulletin gives the same bytes."""
    stamp = local(when).timetuple()[:6]
    src, out = zipfile.ZipFile(io.BytesIO(raw)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, stamp), src.read(info.filename),
                         compress_type=zipfile.ZIP_DEFLATED)  # fmt: skip
    return out.getvalue()


def render_docx(ctx: BulletinContext, published_at: datetime) -> bytes:
    """The bulletin as .docx bytes (A4 landscape, so the wide tables fit)."""
    doc = Document()
    _styles(doc)
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Mm(15))
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = ctx.title, ctx.issuer, ctx.issuer
    props.created = props.modified = published_at.replace(tzinfo=None)
    props.revision = ctx.edition

    if ctx.draft or ctx.corrected:
        mark = (
            "草稿 · 未发布，期号为预留" if ctx.draft else f"更正版（第{ctx.edition}版）：以此版为准"
        )
        r = doc.add_paragraph().add_run(mark)
        _font(r, FONT, 10)
        r.font.color.rgb = RED
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = title.add_run(ctx.title)
    _font(r, HEADING_FONT, 20, bold=True)
    r.font.color.rgb = RED
    meta = doc.add_paragraph()
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(meta.add_run(f"{ctx.issuer}　　{ctx.range_zh}　　{ctx.published}"), FONT, 11)
    _font(doc.add_paragraph().add_run(ctx.lead), FONT, 12)
    if ctx.note:
        _font(doc.add_paragraph().add_run(f"编者按：{ctx.note}"), FONT, 12)

    f = ctx.figures
    _heading(doc, "概况")
    _table(doc, ["本周新曝光", "本周已整改", "曝光总数", "已整改", "未整改", "超期", "整改率"],
           [[f.exposed_week, f.resolved_week, f.total, f.resolved, f.open, f.overdue, f.rate_text]])  # fmt: skip

    _heading(doc, f"一、本周新曝光问题（{f.exposed_week}个）")
    if ctx.exposures:
        _table(doc, ["序号", "问题及地点", "问题类型", "区县", "曝光媒体", "责任单位", "整改期限", "状态"],
               [[i, f"{p.title}（{p.place}）" if p.place else p.title, p.type_zh, p.district,
                 p.outlet, p.unit, p.deadline, p.status_zh] for i, p in enumerate(ctx.exposures, 1)])  # fmt: skip
    else:
        _empty(doc, "本周无新曝光问题。")

    _heading(doc, f"二、本周整改完成问题（{f.resolved_week}个）")
    if ctx.resolutions:
        _table(doc, ["序号", "问题及地点", "区县", "责任单位", "整改时间", "整改依据", "整改前（曝光）", "整改后（回访）"],
               [[i, r.problem.title, r.problem.district, r.problem.unit, r.at, r.sentence,
                 r.before_url or "", r.after_url or ""] for i, r in enumerate(ctx.resolutions, 1)])  # fmt: skip
    else:
        _empty(doc, "本周无整改完成问题。")

    _heading(doc, f"三、超期未整改问题督办清单（{f.overdue}个，按期限先后）")
    if ctx.overdue:
        _table(doc, ["序号", "问题及地点", "区县", "责任单位", "整改期限", "超期天数", "状态"],
               [[i, p.title, p.district, p.unit, p.deadline, p.days_overdue, p.status_zh]
                for i, p in enumerate(ctx.overdue, 1)])  # fmt: skip
    else:
        _empty(doc, "无超期未整改问题。")

    for name, n in ctx.more.items():
        _empty(
            doc,
            f"（{ {'exposures': '新曝光', 'resolutions': '整改完成', 'overdue': '超期'}[name] }问题另有{n}个未列出，完整清单见网站。）",
        )
    cols = ["曝光总数", "本周新增", "已整改", "未整改", "超期", "整改率"]

    def nums(t) -> list[object]:  # noqa: ANN001
        return [t.exposed, t.new, t.resolved, t.open, t.overdue, t.rate_text]

    _heading(doc, "四、分区县整改情况（按整改率排名）")
    _table(doc, ["排名", "区县", *cols],
           [["—" if r.rank is None else r.rank, r.tally.label, *nums(r.tally)] for r in ctx.by_district])  # fmt: skip
    _heading(doc, "五、分测评大类及问题类型整改情况")
    rows: list[list[object]] = []
    for g in ctx.by_category:
        rows.append([g.total.label, "小计", *nums(g.total)])
        rows += [["", t.label, *nums(t)] for t in g.types]
    _table(doc, ["测评大类", "问题类型", *cols], rows)
    _heading(doc, "六、分责任单位整改情况")
    _table(doc, ["责任单位", *cols], [[t.label, *nums(t)] for t in ctx.by_unit])
    _heading(doc, f"七、重复曝光点位（{len(ctx.repeats)}处）")
    if ctx.repeats:
        _table(doc, ["序号", "区县", "点位", "曝光次数", "涉及问题", "未整改", "最近曝光"],
               [[i, r.district, r.place, r.exposures, " ".join(f"#{x}" for x in r.problem_ids),
                 r.open, r.last] for i, r in enumerate(ctx.repeats, 1)])  # fmt: skip
    else:
        _empty(doc, "本周无重复曝光点位。")
    if ctx.trend:
        _heading(doc, f"近{len(ctx.trend.weeks)}周曝光与整改趋势")
        _table(doc, ["周次", *(w.label for w in ctx.trend.weeks)],
               [["新曝光", *(w.exposed.value for w in ctx.trend.weeks)],
                ["整改完成", *(w.resolved.value for w in ctx.trend.weeks)]])  # fmt: skip
    buf = io.BytesIO()
    doc.save(buf)
    return _reproducible(buf.getvalue(), published_at)
