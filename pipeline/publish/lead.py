"""The lead paragraph (导语): the week's figures in one paragraph, written from the numbers."""

from __future__ import annotations

from pipeline.publish.stats import Tally


def _change(now: str, before: str) -> str:
    if now == before or "—" in (now, before):
        return ""
    a, b = float(now.rstrip("%")), float(before.rstrip("%"))
    return f"，较上周{'提高' if a > b else '下降'}{abs(a - b):.2f}个百分点"


def write_lead(
    *,
    range_zh: str,
    exposed_week: int,
    resolved_week: int,
    week_rate: str,
    total: Tally,
    previous_rate: str,
    worst_overdue: tuple[str, int] | None,
) -> str:
    """E.g. 11月16日—11月22日，各媒体新曝光问题3个，本周整改完成1个……"""
    parts = [f"{range_zh}，各媒体新曝光问题{exposed_week}个，本周整改完成{resolved_week}个"]
    if week_rate != "—":
        parts.append(f"本周新曝光问题整改率{week_rate}")
    parts.append(
        f"截至本周末，累计曝光问题{total.exposed}个，已整改{total.resolved}个，"
        f"累计整改率{total.rate_text}{_change(total.rate_text, previous_rate)}"
    )
    if total.overdue:
        tail = f"超期未整改问题{total.overdue}个"
        if worst_overdue:
            tail += f"，其中{worst_overdue[0]}最多（{worst_overdue[1]}个）"
        parts.append(tail + "，请相关责任单位抓紧整改")
    else:
        parts.append("无超期未整改问题")
    return "；".join(parts) + "。"
