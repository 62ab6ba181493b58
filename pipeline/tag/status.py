"""Follow-up status of one problem: resolved, in_progress or unresolved.

Status cues are matched leftmost-longest, so "仍未整改" is one unresolved cue
and never "整改" plus something. A resolved or in-progress cue right after a
negator ("没有整改到位", "还没恢复正常") counts as unresolved. The strongest
cue decides; later cues weigh more than earlier ones (a report recalls the
problem first and ends with its current state), and cues in sentences about
an earlier state ("此前…") weigh half. Plans ("直至问题整改到位"),
preventions ("防止反弹") and conditions ("逾期未整改将…") are not facts and do
not count; a fix only claimed ("答复称已整改") weighs half. A status stated as
a notice's field ("整改情况：部分整改。") weighs double. A "not yet" cue
("尚未", "还没有…") after a fix or progress in the same item means partly
fixed: in progress ("保洁已恢复，照明尚未修好"), where "仍未" stays unresolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.tag.cues import (
    CLAIM_MARKERS,
    DONE_PATTERN,
    INTENT_MARKERS,
    NEGATORS,
    PARTIAL_PATTERN,
    PAST_MARKERS,
    PENDING_CUES,
    PREPARATORY_PATTERN,
    PREVENT_MARKERS,
    RELAPSE_PATTERN,
    RESOLVED_PATTERN,
    STATUS_CUES,
    UNDERWAY_PATTERN,
    VERDICT_LABELS,
)
from pipeline.tag.split import sentences

_WORDS: dict[str, tuple[str, float]] = {
    word: (status, weight) for status, cues in STATUS_CUES.items() for word, weight in cues
}
_PATTERN = re.compile("|".join(map(re.escape, sorted(_WORDS, key=len, reverse=True))))
_RESOLVED = re.compile(RESOLVED_PATTERN)
_RELAPSE = re.compile(RELAPSE_PATTERN)
_DONE = re.compile(DONE_PATTERN)
_PARTIAL = re.compile(PARTIAL_PATTERN)
_PREPARATORY = re.compile(PREPARATORY_PATTERN)
_UNDERWAY = re.compile(UNDERWAY_PATTERN)
_SENTENCE_BREAK = re.compile(r"[。；;！？!?\n]")
_BREAK = re.compile(r"[，,。；;！？!?、\s]")
_VERDICT = re.compile("(?:" + "|".join(map(re.escape, VERDICT_LABELS)) + r")\s*[：:]\s*$")
CLAIM_FACTOR = 0.5  # a fix someone only claims
VERDICT_FACTOR = 2.0  # a status stated as a notice's field
PARTIAL_ENABLER = 1.5  # weight of a fix or progress that makes a later "not yet" a partial fix
CLAIM_REACH = 40  # characters back within the sentence where a claim marker of two or more characters counts


@dataclass(frozen=True)
class StatusHit:
    status: str
    cue: str
    start: int
    end: int
    weight: float
    pending: bool = False  # a "not yet" (尚未…, 还没有 + fix), not a "still not"


def _clause_before(text: str, start: int, size: int) -> str:
    return _BREAK.split(text[max(0, start - size) : start])[-1]


def _negated(text: str, start: int) -> bool:
    """A negator just before the cue: two-character ones within 4 characters, one-character
    ones within 2 ("未能整改到位"), so the 不 of "遛狗不拴绳已有改观" negates nothing."""
    before = _clause_before(text, start, 4)
    return any(n in (before if len(n) > 1 else before[-2:]) for n in NEGATORS)


def _pending(text: str, start: int, cue: str) -> bool:
    return cue in PENDING_CUES or any(p in _clause_before(text, start, 4) for p in PENDING_CUES)


def _claimed(text: str, start: int) -> bool:
    """A claim marker before the cue: one-character ones ("称") in its clause, longer ones
    ("回复称", "答复") anywhere earlier in its sentence ("回复称该件已办结，路灯已维修")."""
    clause = _clause_before(text, start, 8)
    sentence = _SENTENCE_BREAK.split(text[max(0, start - CLAIM_REACH) : start])[-1]
    return any(m in (sentence if len(m) > 1 else clause) for m in CLAIM_MARKERS)


def _factor(status: str, text: str, start: int) -> float:
    """Claimed fixes weigh half; a notice's field verdict ("整改情况：已整改") double."""
    factor = 1.0
    if status == "resolved" and _claimed(text, start):
        factor *= CLAIM_FACTOR
    if _VERDICT.search(text, max(0, start - 12), start):
        factor *= VERDICT_FACTOR
    return factor


def _not_a_fact(status: str, text: str, start: int) -> bool:
    before = _clause_before(text, start, 8)
    markers = PREVENT_MARKERS if status == "unresolved" else INTENT_MARKERS
    return status != "in_progress" and any(m in before for m in markers)


@lru_cache(maxsize=16)
def status_hits(text: str) -> tuple[StatusHit, ...]:
    """The status facts of ``text``, in order. Kept for the last few texts: the kind rules,
    the follow-up and status models and the mention's own status all read the same body."""
    hits: list[StatusHit] = []
    taken: list[tuple[int, int]] = []
    # "正在施划中" is one cue, not the bare "正在" inside it.
    underway = [(m.start(), m.end()) for m in _UNDERWAY.finditer(text)]
    for m in _PATTERN.finditer(text):
        if any(s <= m.start() and m.end() <= e and m.end() - m.start() < e - s for s, e in underway):
            continue
        status, weight = _WORDS[m.group()]
        taken.append((m.start(), m.end()))
        if _not_a_fact(status, text, m.start()):
            continue
        pending = status == "unresolved" and m.group() in PENDING_CUES
        if status != "unresolved" and _negated(text, m.start()):
            status, pending = "unresolved", _pending(text, m.start(), m.group())
        weight *= _factor(status, text, m.start())
        hits.append(StatusHit(status, m.group(), m.start(), m.end(), weight, pending))
    for pattern, weight, found in (
        (_UNDERWAY, 2.5, "in_progress"),
        (_RESOLVED, 2.5, "resolved"),
        (_DONE, 2.0, "resolved"),
        (_RELAPSE, 2.5, "unresolved"),
    ):
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            if not _not_a_fact(found, text, m.start()):
                negated = _negated(text, m.start())
                status = "unresolved" if negated else found
                pending = negated and _pending(text, m.start(), m.group())
                w = weight * _factor(status, text, m.start())
                hits.append(StatusHit(status, m.group(), m.start(), m.end(), w, pending))
    # "已完成约七成": a resolved cue followed by a share of the work is partial;
    # "已完成现场勘查": preparatory work done is progress, not the fix.
    hits = [
        StatusHit("in_progress", h.cue, h.start, h.end, h.weight, h.pending)
        if h.status == "resolved"
        and (_PARTIAL.match(text, h.end) or (h.cue.endswith("完成") and _PREPARATORY.match(text, h.end)))
        else h
        for h in hits
    ]
    return tuple(sorted(hits, key=lambda h: h.start))


def find_status(text: str) -> tuple[str | None, StatusHit | None, str | None]:
    """(status, decisive hit, evidence sentence) for one problem's text."""
    hits = status_hits(text)
    if not hits:
        return None, None, None
    spans = sentences(text) or [(0, len(text))]

    def sentence_of(pos: int) -> tuple[int, int]:
        return next((s for s in spans if s[0] <= pos < s[1]), (0, len(text)))

    def past(pos: int) -> bool:
        s, e = sentence_of(pos)
        return any(p in text[s:e] for p in PAST_MARKERS)

    best: tuple[float, StatusHit] | None = None
    for h in hits:
        value = h.weight * (0.6 + 0.8 * h.start / max(len(text), 1))
        if past(h.start):
            value *= 0.5
        if best is None or value >= best[0]:
            best = (value, h)
    assert best is not None
    hit = best[1]
    status = hit.status
    if hit.pending and any(
        h.start < hit.start
        and h.status != "unresolved"
        and h.weight >= PARTIAL_ENABLER
        and not past(h.start)
        for h in hits
    ):
        status = "in_progress"  # part fixed or under way, the rest not yet
    s, e = sentence_of(hit.start)
    return status, hit, text[s:e].strip()
