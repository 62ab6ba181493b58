"""Who wrote it: authors (作者), reporters (记者), correspondents (通讯员) and editors (编辑), kept apart.

Names are read only after a role word; a string that does not look like a name
(digits, markup, more than a few characters) is not taken. Nothing found: empty lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ROLES = (
    ("editors", r"责任编辑|责编|编辑|审核|校对"),
    ("correspondents", r"通讯员|特约通讯员"),
    ("reporters", r"(?:本报|本台|本网|新华社|中新社|实习)?记者"),
    ("authors", r"作者|撰稿|文\s*/|文\s*[:：]|文字"),
)
_ANY_ROLE = "|".join(f"(?:{rx})" for _, rx in _ROLES) + r"|摄影|摄|来源|时间|发布|日期|图|报道"
_CJK_NAME = r"[\u4e00-\u9fff]{2,4}"
_LATIN_NAME = r"[A-Za-z][A-Za-z0-9_.&-]{1,24}"
_STOP = re.compile(r"^(本报|本台|本网|记者|通讯员|编辑|作者|报道|来源|时间|发布|日期|摄影|综合|整理|见习|实习|"
                   r"报讯|电|讯|消息|联合|撰文|发表|点击|阅读)$")
_NOT_NAME_END = re.compile(r"(报道|摄影|报讯|综合|整理|发布|日期|时间|来源|通讯员|编辑|记者)$")


@dataclass
class People:
    authors: list[str] = field(default_factory=list)
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)

    def add(self, role: str, names: list[str]) -> None:
        have = getattr(self, role)
        have.extend(n for n in names if n not in have)

    @property
    def byline_author(self) -> str | None:
        """The article's author as one string: 作者 names, else 记者 names; ``None`` when neither."""
        names = self.authors or self.reporters
        return " ".join(names) if names else None


def _names_after(text: str, start: int) -> list[str]:
    """Names listed right after a role word: ``张明 李华``, ``张明、李华``, ``张明,李华``."""
    rest = text[start:start + 60]
    rest = re.sub(r"^\s*[:：/]?\s*", "", rest)
    names: list[str] = []
    while rest:
        m = re.match(rf"({_CJK_NAME}|{_LATIN_NAME})(?=$|[\s　、，,;；|｜)）】\]/]|{_ANY_ROLE})", rest)
        if not m:
            break
        name = _NOT_NAME_END.sub("", m.group(1))
        if re.match(r"(报道|报讯|电|讯)", rest[m.end():]) and names:
            break  # 彭冲 山东冠县报道: the second word is the place of the report
        if len(name) < 2 or _STOP.match(name):
            break
        names.append(name)
        rest = rest[m.end():]
        sep = re.match(r"^[\s　、，,;；]+", rest)
        if not sep:
            break
        rest = rest[sep.end():]
        if re.match(_ANY_ROLE, rest):
            break
    return names


def people_from_text(*texts: str | None) -> People:
    """Every role word followed by names, in the given texts (bylines, first and last paragraphs)."""
    people = People()
    for text in texts:
        if not text:
            continue
        for role, rx in _ROLES:
            for m in re.finditer(rf"(?:{rx})", text):
                if role == "reporters" and text[max(0, m.start() - 2):m.start()].endswith(("告诉", "对", "向")):
                    continue  # 告诉记者: the reporter is spoken to, not named
                people.add(role, _names_after(text, m.end()))
    # a name is one role only: the most specific wins
    for role in ("authors", "reporters", "correspondents"):
        setattr(people, role, [n for n in getattr(people, role) if n not in people.editors or role == "authors"])
    return people
