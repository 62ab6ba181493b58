"""An item's kind: exposure, followup, news or other.

Kind cues (``cues.KIND_CUES``) are matched leftmost-longest in the title
(double weight) and body; the source's kind hint adds a prior; evidence of
concrete problems (the problem-type score) lifts exposure and, when it has
cues of its own, followup; a numbered round-up leans towards exposure. Below
``THRESHOLD`` the item is "other". Cues of matters that are not campaign
problems (``[kind] other`` in cues.toml: housing sales, wages, fraud …) make
an item "other" when they outweigh its exposure and follow-up evidence.

A follow-up often reads like an exposure (it recalls the problem, "市民反映…")
and differs by stating what became of it. So when an item already has cues
of its own as a follow-up (at least ``STATUS_MIN_CUES``) but exposure is ahead, the body's status facts
(``pipeline.tag.status.status_hits``: 已交由, 正在采购中, 仍未解决 …; plans,
conditions and preventions not counted) add to the follow-up score, up to
``STATUS_CAP``. A citizen complaint has no follow-up cue, so it never gets this.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from pipeline.tag.cues import KIND_CUES
from pipeline.tag.status import status_hits

THRESHOLD = 2.5
HINT_PRIOR = 3.0
TITLE_FACTOR = 2.0
PROBLEM_FACTOR = 1.0
PROBLEM_CAP = 6.0
ROUNDUP_BONUS = 1.5
# Without problem cues, only strong exposure cues ("曝光台", "记者探访") make an
# exposure: a complaint about housing policy is not a campaign problem.
MIN_PROBLEM = 2.0
STRONG_EXPOSURE = 9.0
MAX_REPEAT = 3
OFF_TOPIC_CAP = 7.0
STATUS_FACTOR = 1.0  # follow-up evidence per unit of status-fact weight in the body
STATUS_CAP = 6.0
STATUS_MIN_CUES = 3.0  # follow-up cue score needed before status facts count (one weak cue is not enough)

_WORDS: dict[str, tuple[str, float]] = {
    word: (kind, float(weight)) for kind, cues in KIND_CUES.items() for word, weight in cues
}
_PATTERN = re.compile("|".join(map(re.escape, sorted(_WORDS, key=len, reverse=True))))


@dataclass
class KindVerdict:
    kind: str
    confidence: float
    cues: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)


def _cue_scores(texts: list[tuple[str, float]]) -> tuple[dict[str, float], dict[str, list[str]]]:
    scores = {k: 0.0 for k in KIND_CUES}
    found: dict[str, list[str]] = {k: [] for k in KIND_CUES}
    for text, factor in texts:
        seen: dict[str, int] = {}
        for m in _PATTERN.finditer(text or ""):
            word = m.group()
            seen[word] = seen.get(word, 0) + 1
            if seen[word] > MAX_REPEAT:
                continue
            kind, weight = _WORDS[word]
            scores[kind] += weight * factor * (1.0 if seen[word] == 1 else 0.5)
            if word not in found[kind]:
                found[kind].append(word)
    return scores, found


# A citizen's letter: a salutation or the writer's first person at its opening, or a title that
# petitions, reports or complains (请…, 举报…, 投诉…, 关于…的反映)
_LETTER_OPENING = re.compile(
    r"^\s*(?:尊敬的|您好|你们好|各位领导|领导您?好)|^.{0,40}?(?:本人|我是|我们是|我家|我们小区|我们村)"
)
_LETTER_TITLE = re.compile(r"^\s*(?:请|恳请|举报|投诉|关于.{0,30}?(?:反映|投诉|举报|请示|申请))")


def is_letter(title: str, body: str) -> bool:
    """The item reads as a citizen's letter to the authorities, not as a report about them."""
    return bool(_LETTER_TITLE.match(title or "") or _LETTER_OPENING.match(body or ""))


def classify_kind(
    title: str,
    body: str,
    kind_hint: str = "mixed",
    problem_score: float = 0.0,
    roundup: bool = False,
) -> KindVerdict:
    scores, found = _cue_scores([(title, TITLE_FACTOR), (body, 1.0)])
    off_topic = min(
        scores.pop("other", 0.0), OFF_TOPIC_CAP
    )  # not-campaign matters (cues.toml [kind] other)
    found.pop("other", None)
    if problem_score < MIN_PROBLEM and scores["exposure"] < STRONG_EXPOSURE:
        scores["exposure"] = 0.0
    if kind_hint in scores:
        scores[kind_hint] += HINT_PRIOR
    # Problem evidence says "a concrete problem", which exposures and follow-ups
    # share; follow-ups still need cues of their own, and exposure wins ties.
    evidence = PROBLEM_FACTOR * min(problem_score, PROBLEM_CAP)
    if scores["followup"] > 0:
        scores["followup"] += evidence
        if STATUS_MIN_CUES <= scores["followup"] - evidence <= scores["exposure"]:
            # Behind exposure: what became of the problem is the follow-up's own evidence.
            stated = sum(h.weight for h in status_hits(body or ""))
            scores["followup"] += STATUS_FACTOR * min(stated, STATUS_CAP)
    scores["exposure"] += evidence + 0.01
    if roundup:
        scores["exposure"] += ROUNDUP_BONUS
    if off_topic and off_topic >= max(scores["exposure"], scores["followup"]):
        scores["exposure"] = scores["followup"] = 0.0  # more about a matter outside the campaign
    if off_topic and off_topic >= scores["news"]:
        scores["news"] = 0.0  # a petition that mentions a meeting is no campaign news
    if kind_hint != "news" and is_letter(title, body):
        scores["news"] = 0.0  # a citizen's letter is not news, whatever meeting or training it names
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (kind, best), (_, second) = ranked[0], ranked[1]
    rounded = {k: round(v, 2) for k, v in scores.items()}
    if best < THRESHOLD:
        conf = round(max(0.1, 0.9 - 0.4 * best / THRESHOLD), 2)
        return KindVerdict("other", conf, [], rounded)
    strength = 1 - math.exp(-best / 5)
    margin = (best - second) / best
    cues = list(found[kind])
    if kind_hint == kind:
        cues.append(f"hint:{kind_hint}")
    if kind == "exposure" and problem_score > 0:
        cues.append("problem_cues")
    return KindVerdict(kind, round(0.5 * strength + 0.5 * margin, 2), cues, rounded)
