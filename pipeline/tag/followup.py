"""Learned follow-up signals: does a campaign item report what became of a problem, and what?

The rules call an item a follow-up from its cue words ("回访", "整改情况",
"您反映的" …), and writing in a voice they have no cue for (a deputy's
suggestion answered, a platform's case record, a radio phone-in) reads as an
exposure. A model over character bigrams alone was tried first and did not carry to
new voices (it learns each voice's words, and the dev data then had few voices). This one
looks at the *shape* of the text, through a few dozen voice-independent features, and
since session 19, with six validation files in many voices, at the body's character
bigrams too (``followup_model_features``):

- the status facts the body states (``pipeline.tag.status.status_hits``):
  how much is said to be fixed, under way, only handed on or ordered (an
  exposure says that much too), or still not fixed; which comes last; whether
  the title states one;
- who speaks: a complainant's first person and pleas (我, 希望, 恳请, ？) or
  an office acting (经查, 我局, 执法人员, 已安排);
- time: a now after a then (目前, 如今, 截至, 再次, dates; 上次, 之前, 上个月 … then 今天, 这周,
  近日 …), and a post, column or programme that came before (发过, 楼主更新, 本报此前, 上期);
- how much problem evidence it has, and the rules' exposure and news cue
  scores (曝光台, 记者探访, 市民反映 … are the domain's own marks of an exposure).

The rules' follow-up score is left out on purpose: the follow-up cues were
tuned on the dev data voice by voice, so there they look perfect and the model
learns to echo them; on a dev file in new voices (``tag_dev8.jsonl``, never
tuned on) the model with it fixed 2 of 44 wrong calls, without it 16.

Each feature is binary (thresholds on counts), so the same logistic
regression as the relevance model applies (``pipeline.tag.model``). Weights
live in ``pipeline/data/followup_model.json``, trained on the DEV files only by
``python -m pipeline.tag.train``; ``lo``/``hi`` are chosen on a dev file the
rules were never tuned on (see that module). The rules decide first; the model turns an exposure into a follow-up
above ``hi`` (never one that only says its problem was handed on: ``handed_on_only``) and a
follow-up into an exposure below ``lo``, never against the source's kind hint.

The status model (``pipeline/data/status_model.json``, same command) reads the same features
over one mention's text, plus what the text observes now and the character bigrams of its second
half, one regression per status (resolved, in_progress, unresolved). The
rules' status stands unless they found none, or the model names another with probability at
least its threshold (chosen the same way as the follow-up blend).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from pipeline import DATA_DIR
from pipeline.tag.model import (
    CategoryModel,
    RelevanceModel,
    bigrams,
    load_category_model,
    load_model,
)
from pipeline.tag.split import sentences
from pipeline.tag.status import StatusHit, status_hits

FOLLOWUP_MODEL_FILE = DATA_DIR / "followup_model.json"
STATUS_MODEL_FILE = DATA_DIR / "status_model.json"
HALF_PREFIX = "h:"  # a status-model feature: a character bigram of the mention's second half
WORD_PREFIX = "w:"  # a follow-up-model feature: a character bigram of the body

# Who speaks, and when: generic marks of a complainant, of an office acting, of a later "now".
_MARKS: dict[str, tuple[str, ...]] = {
    "first_person": ("我", "本人", "咱们"),
    "plea": ("希望", "恳请", "请求", "请问", "强烈要求", "能否", "能不能", "麻烦", "呼吁", "求助", "盼"),
    "question": ("？", "?", "为什么", "怎么办", "谁来管"),
    "office": (
        "经查", "经核实", "核实", "我局", "我办", "我单位", "我中心", "我街道", "我镇", "我队", "我公司",
        "执法人员", "工作人员", "执法队员", "网格员", "第一时间", "立即", "组织", "安排", "协调", "督促",
    ),
    "now": ("目前", "现在", "如今", "截至", "截止", "现已", "眼下", "至此", "已经"),
    "again": ("再次", "又一次", "复查", "回访", "回头看", "再去", "重访", "再路过", "又去了", "又去看", "再看"),
    "thanks": ("满意", "感谢", "点赞", "好评", "谢谢"),
    "reply": ("您好", "您反映", "您的", "答复", "回复"),
    # a post, a column or a programme that came before (a follow-up in a citizen's or a
    # programme's own voice: 之前发过笔记…今天去看, 本报此前报道…近日记者再访)
    "earlier_post": (
        "发过", "发帖", "发笔记", "发微博", "发视频", "楼主更新", "后续", "更新一下", "报道过", "曝光过",
        "本报此前", "此前报道", "本栏目", "上期", "节目里", "曾报道", "曾曝光", "据本报",
    ),
    "earlier_time": (
        "上次", "上回", "此前", "之前", "上个月", "上月", "上周", "去年", "年初", "当时", "前段时间",
        "个月前", "天前", "周前", "那会", "以前", "原先", "原来", "那时候", "那时", "还记得", "年前",
    ),
    "recent": (
        # (not 近日, 日前: a news report's opener, 近日，多名家长向本报反映, in exposures as often)
        "今天", "今早", "今晚", "昨天", "昨晚", "前天", "这周", "本周", "这两天", "这几天",
        "最近", "刚才", "再到", "这次", "这回", "这个月", "本月",
    ),
}
_MARK_PATTERNS = {k: re.compile("|".join(map(re.escape, v))) for k, v in _MARKS.items()}
# In-progress cues that only say the problem was handed on or ordered fixed: an exposure
# column says as much ("已交办区执法局，限期三日内整改"), so they are a feature of their own.
_HANDOFF = frozenset(
    {
        "已交办", "限期整改", "已责令", "责令", "已督促", "已转交", "已移交", "已下发", "限期", "内整改",
        "督办", "已交由", "已下达", "下达", "下达整改通知书", "整改通知书", "下达整改通知", "已约谈",
        "已立案", "立案调查", "已报请", "已安排",
    }
)
_DATE = re.compile(r"\d{1,2}月\d{1,2}日|\d{4}[-/.年]\d{1,2}")
_STEPS = (1, 2, 4)  # count thresholds of the marks
_WEIGHT_STEPS = (2.0, 4.0, 8.0)  # thresholds of summed status weights


def _steps(name: str, value: float, steps: tuple[float, ...]) -> list[str]:
    return [f"{name}>={s:g}" for s in steps if value >= s]


def _state(hit: StatusHit) -> str:
    if hit.pending:
        return "pending"
    if hit.status == "in_progress" and hit.cue in _HANDOFF:
        return "handoff"
    return hit.status


def followup_features(title: str, body: str, scores: dict[str, float], problem: float) -> list[str]:
    """The binary features of an item, sorted (``scores``: the rules' kind scores; ``problem``:
    its problem-type evidence)."""
    title, body = title or "", body or ""
    out: list[str] = []
    hits = status_hits(body)
    sums = {"resolved": 0.0, "in_progress": 0.0, "handoff": 0.0, "unresolved": 0.0, "pending": 0.0}
    for h in hits:
        sums[_state(h)] += h.weight
    for name, value in sums.items():
        out += _steps(f"st:{name}", value, _WEIGHT_STEPS)
    if hits:
        out.append(f"last:{_state(hits[-1])}")
        tail = [h for h in hits if h.start >= len(body) * 0.6]
        out += [f"tail:{_state(h)}" for h in tail[-1:]]
        if sums["resolved"] + sums["in_progress"] and sums["unresolved"] + sums["pending"]:
            out.append("st:mixed")
    else:
        out.append("st:none")
    if status_hits(title):
        out.append("title:status")
    for name, pattern in _MARK_PATTERNS.items():
        n = len(pattern.findall(body))
        out += _steps(f"mark:{name}", n, _STEPS)
        if pattern.search(title):
            out.append(f"title:{name}")
    out += _steps("dates", len(_DATE.findall(body)), _STEPS)
    for kind in ("exposure", "news"):  # not "followup": see the module's docstring
        out += _steps(f"rule:{kind}", scores.get(kind, 0.0), (1.0, 3.0, 6.0, 10.0))
    out += _steps("problem", problem, (1.0, 3.0, 6.0))
    return sorted(set(out))


def followup_model_features(title: str, body: str, scores: dict[str, float], problem: float) -> list[str]:
    """The features the follow-up model reads: ``followup_features`` and the character bigrams of
    the body (``w:``), so that a voice the marks do not know is still read by its words. Added in
    session 19 together with the guard of ``handed_on_only`` (docs/benchmarks.md)."""
    words = {WORD_PREFIX + b for b in bigrams(body or "")}
    return sorted(set(followup_features(title, body, scores, problem)) | words)


def handed_on_only(body: str, scores: dict[str, float]) -> bool:
    """The item's only news of what became of its problem is that it was handed on or ordered
    fixed ("目前已交办区执法局，限期三日内整改"), as an exposure column's article says: no
    follow-up cue of the rules (``scores["followup"]``), no mark of an earlier report or visit
    (上次, 本报此前, 回访 …), and every status fact a hand-on or an order. The follow-up model may
    not turn such an exposure into a follow-up (``blend_followup``)."""
    body = body or ""
    if scores.get("followup", 0.0) > 0:
        return False
    if any(_MARK_PATTERNS[k].search(body) for k in ("again", "earlier_post", "earlier_time")):
        return False
    return {_state(h) for h in status_hits(body)} == {"handoff"}


def load_followup_model(path: Path | str = FOLLOWUP_MODEL_FILE) -> RelevanceModel | None:
    """The shipped follow-up model, or None when the file is absent (the rules decide alone)."""
    return load_model(path, "follow-up model")


@cache
def default_followup_model() -> RelevanceModel | None:
    """The shipped follow-up model, loaded once per process."""
    return load_followup_model()


def blend_followup(
    kind: str, p: float | None, hint: str, lo: float, hi: float, handed_on: bool = False
) -> tuple[str, str | None]:
    """(kind, cue) after the follow-up model's say, between exposure and followup only; an
    exposure that only says its problem was handed on stays one (``handed_on``: see
    ``handed_on_only``)."""
    if p is None or kind == hint or hint in ("exposure", "followup"):
        return kind, None
    if kind == "exposure" and p > hi and not handed_on:
        return "followup", "model:followup"
    if kind == "followup" and p < lo:
        return "exposure", "model:exposure"
    return kind, None


# -- the status a follow-up reports ----------------------------------------------------


# What a report sees of the problem now, in words no status cue covers: it is gone
# ("没有了", "没看见"), it is back or unchanged ("又", "还是", "一模一样"), or part of the work
# remains ("一半", "剩下", "下周", "要等"). Read in a mention's second half (where a report states
# the present) and in its last two sentences; features of the status model only.
_OBSERVED: dict[str, tuple[str, ...]] = {
    "absent": (
        "没了", "没有了", "不见了", "消失了", "都没有", "一辆不剩", "一个没有", "没看见", "没看到", "看不见",
        "不剩", "听不见", "没有一", "再也",
    ),
    "again": ("又", "还是", "照样", "照旧", "一模一样", "比之前", "比以前", "还多", "跟原来", "跟以前", "没有变", "没变", "根本"),
    "remain": (
        "一半", "剩下", "剩余", "另一", "还欠", "下周", "明天", "后天", "月底前", "周五前", "要等", "得等", "等到",
        "暂缓", "尚在", "部分",
    ),
}


def observed_features(text: str) -> list[str]:
    """The ``_OBSERVED`` marks of one mention's text: ``obs:NAME`` (``obs:NAME>=2``) for the
    marks in its second half, ``tailobs:NAME`` for those in its last two sentences."""
    spans = sentences(text) or [(0, len(text))]
    tail = text[spans[-2:][0][0] : spans[-1][1]]
    half = text[len(text) // 2 :]
    out: list[str] = []
    for name, words in _OBSERVED.items():
        n = sum(half.count(w) for w in words)
        out += _steps(f"obs:{name}", n, (1, 2))
        if any(w in tail for w in words):
            out.append(f"tailobs:{name}")
    return out


def status_features(title: str, text: str) -> list[str]:
    """The features the status model reads: those of the follow-up model over one mention's
    text (its status facts, who speaks, time words), without the rules' scores, what the
    text observes of the problem now (``observed_features``), and the character bigrams of the
    text's second half (``h:``), where a report says what became of the problem. The bigrams were
    added in session 18: held out one validation file of written follow-ups at a time, they raised
    the model's right statuses from 570 to 652 of 720 (docs/benchmarks.md)."""
    half = {HALF_PREFIX + b for b in bigrams(text[len(text) // 2 :])}
    return sorted(set(followup_features(title, text, {}, 0.0)) | set(observed_features(text)) | half)


def load_status_model(path: Path | str = STATUS_MODEL_FILE) -> CategoryModel | None:
    """The shipped status model (one regression per status), or None when the file is absent."""
    return load_category_model(path, "status model")


@cache
def default_status_model() -> CategoryModel | None:
    """The shipped status model, loaded once per process."""
    return load_status_model()


def blend_status(rule: str | None, probs: dict[str, float], threshold: float) -> tuple[str | None, bool]:
    """(status, decided by the model): the rules' status, unless they found none (the model's
    best guess) or the model names another status with probability >= ``threshold``."""
    if not probs:
        return rule, False
    best = max(sorted(probs), key=lambda s: probs[s])
    if rule is None or (best != rule and probs[best] >= threshold):
        return best, best != rule
    return rule, False
