"""Cue words of the tagger that are not part of the taxonomy, read from
``pipeline/data/cues.toml`` (editors extend them there, not here).

Problem-type cues live in the taxonomy (``pipeline/data/taxonomy.toml``); the
words here decide an item's kind, a follow-up's status, deadlines and the
shape of place and unit names. A cue is ``(word, weight)``.
"""

from __future__ import annotations

from pipeline import DATA_DIR
from pipeline.datafiles import read_toml
from pipeline.errors import DataFileError

Cue = tuple[str, float]

CUES_FILE = DATA_DIR / "cues.toml"
_DATA, CUES_VERSION = read_toml(CUES_FILE, "cue words")


def _section(name: str) -> dict:
    value = _DATA.get(name)
    if not isinstance(value, dict):
        raise DataFileError(f"{CUES_FILE}: [{name}]: missing table")
    return value


def _words(section: str, key: str) -> tuple[str, ...]:
    value = _section(section).get(key)
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise DataFileError(f"{CUES_FILE}: {section}.{key}: expected a list of non-empty strings")
    return tuple(value)


def _weighted(section: str, key: str) -> tuple[Cue, ...]:
    out = []
    for raw in _words(section, key):
        word, _, weight = raw.partition(":")
        try:
            out.append((word.strip(), float(weight) if weight else 1.0))
        except ValueError as exc:
            raise DataFileError(f"{CUES_FILE}: {section}.{key}: bad weight in {raw!r}") from exc
    return tuple(out)


KIND_CUES: dict[str, tuple[Cue, ...]] = {
    kind: _weighted("kind", kind) for kind in ("exposure", "followup", "news", "other")
}

# Follow-up status. A resolved or in-progress cue preceded by a negator
# ("仍未清理", "没有整改到位") counts as unresolved.
STATUS_CUES: dict[str, tuple[Cue, ...]] = {
    status: _weighted("status", status) for status in ("resolved", "in_progress", "unresolved")
}
NEGATORS = _words("status", "negators")
# A resolved cue after an intention ("直至问题整改到位", "预计近日拆除完毕") is a
# plan, not a fact; an unresolved cue after a prevention ("防止反弹") is no fact
# either. Both are ignored.
INTENT_MARKERS = _words("status", "intent_markers")
PREVENT_MARKERS = _words("status", "prevent_markers")
# Sentences about an earlier state weigh less for the current status.
PAST_MARKERS = _words("status", "past_markers")
# A fix someone only claims ("答复称已整改") weighs half.
CLAIM_MARKERS = _words("status", "claim_markers")
# "Not yet" cues: after a fix or progress in the same item, the problem is partly fixed (in progress).
PENDING_CUES = _words("status", "pending")
# Field labels of a notice ("整改情况：…"): a status right after one is the notice's verdict.
VERDICT_LABELS = _words("status", "verdict_labels")

# "已经清理", "已全部拆除", "已被取缔" …: resolved, weight 2.5.
# "已于11月8日全部清离": a date after 已 ("已于…") may stand between it and the verb.
RESOLVED_PATTERN = r"已(?:经|全部|基本|被|彻底|及时|于[^，,。；;]{1,10}?)*(?:清理|拆除|整改|规范|修复|清除|恢复|取缔|清运|解决|疏通|更换|整治|撤除|完成|安装|覆盖|开放|清空|拖离|点亮|复绿|维修|换上|装上|拉走|清走|清离|移除|修好|补装|补种|收回|接通)"
# "正在施划中", "正在完善中": work under way, in progress, weight 2.5.
UNDERWAY_PATTERN = r"正在[^，,。；;、\s]{1,6}?中"
# "已完成现场勘查", "已完成方案设计": preparatory work done is progress, not the fix (in progress).
PREPARATORY_PATTERN = r"[^，,。；;]{0,4}?(?:勘查|勘察|调查|摸排|核查|核实|设计|方案|招标|审批|采购|立项|前期|测量|评估|检测|定制|选址)"

# "垃圾又堆起来了", "灯又灭了", "摊子又摆回来": the problem came back after a fix, unresolved, weight 2.5.
# (Cue words such as 又堆满 or 又被 are read first; this catches the rest. "又去了", "又打了" are no relapse.)
RELAPSE_PATTERN = r"又(?:有人)?(?:堆|贴|停|摆|种|搭|盖|挂|拉|倒|搬|围|占|冒|长|积|漏|坏|灭|黑|脏|乱|臭|满|多|出现|回|返|开始|不亮|不灵|不通)[^，,。；;！？!?\s]{0,3}?(?:起来|回来|上来|起了|上了|满了|了(?=[，,。；;！？!?\s~～…]|$))"
# "覆盖了防尘网", "换下了故障控制机": a fixing verb in the perfective, resolved, weight 2.
DONE_PATTERN = r"(?:全部|均)?(?:清理|拆除|修复|清除|清运|疏通|更换|撤除|覆盖|清空|拖离|点亮|复绿|维修|换下|抢修|拆掉|清走|移走|补齐|补种|铺设|划设|增设)了"
# A fix followed by a share of the work ("已完成约七成", "已清运60%", "已拆除一半") is partial: in progress.
PARTIAL_PATTERN = r"[^，,。；;]{0,3}?(?:[一二三四五六七八九]成|\d+(?:\.\d+)?\s*[%％]|百分之|一半|过半|大部分|部分|多数|大半)"

# Verbs that make a date or a day count a rectification deadline.
DEADLINE_VERBS = _words("deadline", "verbs")
DEADLINE_LEADS = _words("deadline", "leads")

# Place names end in one of these; roads may not contain another road in their prefix.
ROAD_SUFFIXES = _words("places", "road_suffixes")
FACILITY_SUFFIXES = _words("places", "facility_suffixes")
# Site type of a place that is a road, when the taxonomy has that site type.
ROAD_SITE_TYPES: tuple[tuple[str, str], ...] = tuple(
    (str(a), str(b)) for a, b in _section("places").get("road_site_types", [])
)
# Road names ending so are common nouns ("道路", "城际铁路"), not places.
GENERIC_ROAD_TAILS = _words("places", "generic_road_tails")
JUNCTIONS = _words("places", "junctions")

# Units end in one of these (longest first when matching).
UNIT_SUFFIXES = _words("units", "suffixes")
UNIT_LEADS = _words("units", "leads")
LEVEL_UNITS: frozenset[str] = frozenset(_words("units", "level_suffixes"))
UNIT_VERBS: frozenset[str] = frozenset(_words("units", "verbs"))

# Words that end a left-walk over tokens when building a place or unit name.
STOP_WORDS: frozenset[str] = frozenset(_words("places", "stop_words"))
PLACE_STOP_WORDS: frozenset[str] = STOP_WORDS | frozenset(_words("places", "place_stop_words"))
UNIT_STOP_WORDS: frozenset[str] = STOP_WORDS | frozenset(_words("units", "stop_words"))
STOP_CHARS: frozenset[str] = frozenset(str(_section("places").get("stop_chars", "")))

# Prefixes that make a place name generic ("该小区", "老旧小区", "道路").
GENERIC_PREFIXES: frozenset[str] = frozenset(_words("places", "generic_prefixes"))
