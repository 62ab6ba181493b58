"""The head of a body: headline repeats, kickers, bylines and datelines above the first paragraph.

A body container often starts with what a newspaper prints above the text: the
kicker (引题, ``【新春走基层】``), the headline again, a subtitle, the byline
(``本报实习生 刘国栋 周炜``, ``新华网黑龙江频道记者 伊琳 李清芬``) and a dateline
(``2003-7-24 钱江晚报``, ``2005-04-27 14:32 更新 来源：千龙新闻网``).

1. the head is the run of short lines at the top that are not sentences;
2. a head line is *marked* when it repeats a headline, names people after a role
   word, carries a 来源/作者/发布 key, is a date with little else, or holds only a
   person's name (an essay's author line, ``胡 平``); a line that is a month with little else
   (``2003年5月`` under a report's authors: the report's own date) is kept apart but not marked;
3. everything up to the last marked line leaves the body; its bylines and
   datelines are kept apart, since they describe the article itself (on a
   reposted article they beat the reposting page's own 作者 and date).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.extract.dates import YMD, find_partial_date
from pipeline.extract.people import join_spaced_name, looks_like_person, people_from_text

__all__ = ["TITLE_SPLIT_RE", "BodyHead", "split_head"]

# 标题_频道_网站, 网站 » 标题, 标题 - 栏目 (a hyphen inside a word, China-Pub, does not split)
TITLE_SPLIT_RE = re.compile(r"\s*(?:[_｜|–—»]{1,2}|--)\s*|\s+-\s+")
_MAX_HEAD_LINES = 8
_MAX_HEAD_CHARS = 80
_SENTENCE = re.compile(r"[。！!；;]|，.*，")
_KEYS = re.compile(r"(来源|作者|撰稿|发布|更新|日期|出处)\s*[:：]|发表于|发布于|更新来源")
_DATE = re.compile(YMD)
# a dateline holds a date and at most this many other word characters (an outlet)
_DATELINE_REST = 12
_PLACE_END = re.compile(r"[路街村区县市镇乡省湖桥园楼门寺庙店场站港湾岛井坊巷苑馆所厂]$")
_NAME_LINES = 4  # a line holding only a name counts among the first few lines only


@dataclass
class BodyHead:
    """What was taken off the top of a body."""

    lines: list[str] = field(default_factory=list)  # every line removed
    bylines: list[str] = field(default_factory=list)  # those naming people or carrying byline keys
    datelines: list[str] = field(default_factory=list)  # those that are a date (and an outlet)
    month_datelines: list[str] = field(default_factory=list)  # those that are a month only
    names: list[str] = field(
        default_factory=list
    )  # lines holding only a person's name (an essay's author)


def word_core(text: str) -> str:
    """The text's word characters only: a line compared with a headline, whatever its punctuation."""
    return "".join(re.findall(r"\w+", text))


def _is_title(line: str, titles: list[str]) -> bool:
    core = word_core(line)
    if len(core) < 4:
        return False
    for t in titles:
        other = word_core(t)
        if core == other or (len(core) >= 6 and core in other):
            return True
    return False


def is_dateline(line: str) -> bool:
    """A line that is a date, perhaps with its time and an outlet, unlabelled: ``2003-7-24 钱江晚报``."""
    rest = re.sub(r"\d{1,2}[:：]\d{2}(?:[:：]\d{2})?", "", line)  # clock times
    if not _DATE.search(rest) or re.search(r"[:：]", rest):
        return False  # no date, or a labelled one (建立于: 2004年10月6日, 来源：…)
    rest = re.sub(r"[日时分秒号]|星期.|周.", "", _DATE.sub("", rest))
    return len(word_core(rest)) <= _DATELINE_REST


def is_month_dateline(line: str) -> bool:
    """A line that is a month and at most a short outlet, unlabelled: ``2003年5月``."""
    found = find_partial_date(line)
    if not found or found[1] != "month" or re.search(r"[:：]", line) or _DATE.search(line):
        return False
    m = found[2]
    return len(word_core(line[: m.start()] + line[m.end() :])) <= _DATELINE_REST


def name_of_line(line: str) -> str:
    """A line's text as a name: set-apart characters joined (``胡 平``), and the box or bullet a
    newspaper sets before a writer's name (``□张明``, ``■ 张明``) dropped."""
    return join_spaced_name(_NAME_MARK.sub("", line.strip()))


_NAME_MARK = re.compile(r"^[□■◎●○▲◆★☆•·]+\s*")


def _is_name_line(line: str) -> bool:
    """Only a person's name (``胡 平``, ``□张明``), not a place with a surname's first character (王府井)."""
    name = name_of_line(line)
    return looks_like_person(name) and not _PLACE_END.search(name)


def _is_byline(line: str) -> bool:
    if _KEYS.search(line):
        return True
    people = people_from_text(line)
    return bool(people.authors or people.reporters or people.correspondents)


def split_head(paragraphs: list[str], titles: list[str]) -> tuple[BodyHead, list[str]]:
    """(the head taken off, the paragraphs left) — see the module docstring."""
    head = BodyHead()
    last_marked = -1
    for i, line in enumerate(paragraphs[:_MAX_HEAD_LINES]):
        if len(line) > _MAX_HEAD_CHARS or _SENTENCE.search(line):
            break
        if is_dateline(line):
            head.datelines.append(line)
            last_marked = i
        elif is_month_dateline(line):
            head.month_datelines.append(line)  # kept apart, not marked: it may be the body's own
        elif _is_byline(line):
            head.bylines.append(line)
            last_marked = i
        elif _is_title(line, titles):
            last_marked = i
        elif i < _NAME_LINES and _is_name_line(line):
            head.names.append(name_of_line(line))
            last_marked = i
    if last_marked < 0 or last_marked + 1 >= len(paragraphs):
        # nothing marked, or nothing would be left: only a month dateline is kept apart
        return BodyHead(month_datelines=head.month_datelines), paragraphs
    head.lines = paragraphs[: last_marked + 1]
    return head, paragraphs[last_marked + 1 :]
