"""Place and responsible-unit names.

A name is found from its suffix ("…路", "…小区", "…综合行政执法局") by walking
left over the jieba tokens (with part-of-speech flags) of a short window
before it, until a function word, a verb, punctuation or a length limit;
leading city/district/street names are stripped from places. Specificity:
a facility (小区, 社区, 市场, 广场, 公园 …) beats a road junction ("华光路与柳泉路
路口"), which beats a road; on ties the first one wins.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter

from pipeline.gazetteer import Gazetteer, GazMatch
from pipeline.tag.cues import (
    FACILITY_SUFFIXES,
    GENERIC_PREFIXES,
    GENERIC_ROAD_TAILS,
    JUNCTIONS,
    LEVEL_UNITS,
    PLACE_STOP_WORDS,
    ROAD_SUFFIXES,
    STOP_CHARS,
    UNIT_LEADS,
    UNIT_STOP_WORDS,
    UNIT_SUFFIXES,
    UNIT_VERBS,
)
from pipeline.tag.lexicon import NEVER_IN_NAMES, PLACE_STOP_FLAGS, STOP_FLAGS, Lexicon

_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·]+")
_ROAD_IN = re.compile("|".join(ROAD_SUFFIXES))
_ROAD_CUT = re.compile(f"(?:{'|'.join(ROAD_SUFFIXES)})(?:{'|'.join(JUNCTIONS)})?")
_ADMIN_HEAD = re.compile(r"^[\u4e00-\u9fff]{1,4}?(?:街道|镇|乡)(?=[\u4e00-\u9fffA-Za-z0-9]{3})")
_BUREAU = re.compile(
    r"(执法|管理|监管|监督管理|城管|住建|建设|交通运输|交通|公安|生态环境|环境|环保|自然资源|资源|水利|"
    r"水务|卫健|卫生健康|民政|教育|文旅|文化和旅游|商务|应急|税务|园林|环卫|市政|规划|分|农业农村|林业|"
    r"房管|房产|住房和城乡建设|城乡建设|市场监督管理|市场监管|公用事业|供电|体育|文化|服务|工商|国土|城市管理|"
    r"人力资源和社会保障|人社|财政|司法|信访|质监|公路)局$"
)
_EXPLICIT_UNIT = re.compile(
    r"(?:责任|处置|承办|办理|牵头)(?:单位|部门)\s*(?:[：:]|为|是)\s*([^，,。；;、\s（(|｜]{2,24})"
)
# a unit named by its level alone ("区交警大队", "镇环卫所"): the level, then the unit's own word
_LEVEL_ONLY = frozenset(("区", "县", "市", "镇", "乡", "街道"))
# a date before a unit ("9月2日执法局已立案") is not part of its name
_LEADING_DATE = re.compile(r"^(?:[0-9]+[年月日号])+")
# a unit's walk ends at these flags (right before its suffix, at the second set)
_UNIT_STOP_FLAGS = (*STOP_FLAGS, "d", "i")
_UNIT_NEVER = ("t", "r", "p", "c", "d", "i")
# jieba fuses a one-character verb with the level that follows ("方案|报县|交通运输局")
_VERB_LEVEL = re.compile(r"^[报交找请让到向给经]([县区市镇])$")
_UNIT_STOP_TAILS = tuple(sorted((w for w in UNIT_STOP_WORDS if len(w) >= 2), key=len, reverse=True))
_PLACE_STOP_TAILS = tuple(sorted((w for w in PLACE_STOP_WORDS if len(w) >= 2), key=len, reverse=True))
RANK_ROAD, RANK_JUNCTION, RANK_FACILITY = 1, 2, 3
_token_start, _token_end = itemgetter(1), itemgetter(2)
_DETERMINERS = "某该此这那各每"
# the words a town's own site may have between the town and the site's word are generic prefixes
_LONGEST_GENERIC = max(map(len, GENERIC_PREFIXES))
# what follows an estate's name when it has no suffix: a phase or a building ("2期", "d05栋", "3号楼")
_ESTATE_MARK = re.compile(
    r"(?:第?[0-9一二三四五六七八九]期|第?[0-9A-Za-z一二三四五六七八九十]{1,4}(?:栋|幢|号楼))"
)
_ROAD_AFTER = re.compile(r"[东西南北中]?(?:大道|路|大街|街|巷)(?!道)")
# characters that end a place's name even inside a word jieba made ("欧城|旁宏润|华府", "距怡海|小区")
_PLACE_STOP_CHARS = STOP_CHARS | frozenset("旁距")
# words that begin at a road's 路 and make it no road's ending ("健身|路径", "萌水镇|路边")
_NEVER_ROAD_WORDS = frozenset(("路径", "路线", "路过", "路人", "路费"))
_SIDE_WORDS = frozenset(("路边", "路面", "路段", "路旁", "路上", "路口"))
_DOOR_NUMBER = re.compile(r"^[0-9]+号")
_QUOTED = re.compile(r"[“「『\"][^“”「」『』\"，。；！？\s]{2,10}[”」』\"]$")
_COUNTED = re.compile(r"(?:[一两几数多]|[0-9]+)[处家条个座所片次]")


@dataclass(frozen=True)
class Found:
    text: str
    start: int
    end: int
    rank: int


def _ends_place(flag: str, i: int) -> bool:
    """Whether a word with jieba flag ``flag``, ``i`` words left of a place's suffix, ends its name:
    a verb may name a road ("建设路"), a time word or pronoun may not ("晚上路")."""
    return flag.startswith(PLACE_STOP_FLAGS) and (i > 0 or flag.startswith(NEVER_IN_NAMES))


def _ends_unit(piece: str, flag: str, i: int, verb_first: bool) -> bool:
    """The same for a unit's suffix: set phrases ("自然资源", "城乡建设") and the verbs of units' names
    ("市场监督管理局", "文化市场综合执法大队") stay in a unit's name; adverbs and idioms do not
    ("难道物业公司", "每天晚上城管局"), nor other verbs ("网上流传交警队")."""
    if piece in UNIT_VERBS:
        return False
    if i > 0:
        return flag.startswith(_UNIT_STOP_FLAGS)
    return flag.startswith(_UNIT_NEVER) or (flag.startswith("v") and not verb_first)


def _own_site_words(between: str) -> bool:
    """Whether the words between a town or county and a site's word leave the site the town's own:
    none ("桓台县汽车站") or descriptive ones ("鲁村镇文化广场", "果里镇综合文化站"); not a count or a
    determiner ("青城镇一饭店", "历山街道那个广场") nor a street or city word ("少海街道马路市场")."""
    return between == "" or (
        between in GENERIC_PREFIXES
        and not any(ch in _DETERMINERS + "一两几其多个半整全" for ch in between)
        and between not in ("城", "城市", "城乡", "社区", "小区", "街", "街道", "道", "道路", "马路", "路")
    )


def _landmark(text: str, f: Found, found: list[Found]) -> bool:
    """Whether ``f`` only locates the next site: "西地省电视大学旁延年酒店" is about the hotel."""
    return text[f.end : f.end + 1] == "旁" and any(
        g.rank >= f.rank and f.end < g.start <= f.end + 3 for g in found
    )


def _alternation(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


class NameExtractor:
    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon) -> None:
        self.gaz = gazetteer
        self.lex = lexicon
        self._facility = _alternation(FACILITY_SUFFIXES)
        self._road = _alternation(ROAD_SUFFIXES)
        self._unit = _alternation(UNIT_SUFFIXES)
        self._junction = _alternation(JUNCTIONS)

    # -- the left walk -----------------------------------------------------

    def _walk(
        self, text: str, start: int, max_len: int, road: bool, place: bool = True, verb_first: bool = False
    ) -> int:
        """Start of the name whose suffix begins at ``start`` (a place's, or a unit's: ``place=False``).
        A place's walk is the stricter: more stop words and flags, and some flags even right before
        the suffix ("晚上路"); a unit's keeps what a unit's name may hold ("城乡建设局", "市场监督管理局"),
        and a verb right before its suffix only where the suffix is a bare 局 (``verb_first``: "执法局")."""
        w0 = max(0, start - max_len - 4)
        pos = start
        stop_words, stop_tails, stop_chars = (
            (PLACE_STOP_WORDS, _PLACE_STOP_TAILS, _PLACE_STOP_CHARS)
            if place
            else (UNIT_STOP_WORDS, _UNIT_STOP_TAILS, STOP_CHARS)
        )
        for i, (piece, s, flag) in enumerate(self._left_tokens(text, w0, start)):
            if piece in stop_words or not _NAME.fullmatch(piece):
                break
            if piece.endswith(stop_tails):
                break
            if not place and _VERB_LEVEL.match(piece):
                return s + 1
            lead = max((piece.rfind(w) + len(w) for w in UNIT_LEADS if w in piece), default=-1)
            if lead > 0:
                return s + lead
            cut = max((k for k, ch in enumerate(piece) if ch in stop_chars), default=-1)
            if cut >= 0:
                return s + cut + 1
            if road and _ROAD_IN.search(piece):
                break
            if i > 0 and piece in ("物业", "小区", "社区"):
                break  # "小区物业|博山恒信物业管理有限公司"
            if len(piece) > 1 and (_ends_place(flag, i) if place else _ends_unit(piece, flag, i, verb_first)):
                break
            if start - s > max_len:
                break
            pos = s
        # A walk that stopped inside a word ("街|道红树湾", "A8|县医院"): drop the tail.
        while (
            pos < start
            and text[pos] in "道区县市镇乡"
            and pos > 0
            and text[pos - 1] not in STOP_CHARS
            and _NAME.fullmatch(text[pos - 1])
        ):
            pos += 1
        return pos

    def _left_tokens(self, text: str, w0: int, start: int) -> list[tuple[str, int, str]]:
        """(piece, start, flag) of the tokens of ``text`` in [w0, start), right to left.

        The text is segmented once (the lexicon keeps its tokens); a token that
        runs past ``start`` ("华光路" when the suffix is its "路") is cut there.
        """
        out = []
        tokens = self.lex.tokens(text)
        # the first token ending after w0 (a binary search: a walk looks at a short window of a long text)
        for word, s, e in islice(tokens, bisect_right(tokens, w0, key=_token_end), None):
            if s >= start:
                break
            if s < w0:
                continue
            if e > start:
                word = text[s:start]
            out.append((word, s, self.lex.flag(word)))
        out.reverse()
        return out

    # -- places --------------------------------------------------------------

    def _ok_prefix(self, prefix: str) -> bool:
        bare = prefix.lstrip("一" + _DETERMINERS)  # "一广场", "某老旧小区"
        return len(bare) >= 2 and bare not in GENERIC_PREFIXES and not bare.isdigit()

    def _clean_place(self, name: str) -> str:
        name = self.gaz.strip_prefix(name)
        m = _ADMIN_HEAD.match(name)
        name = name[m.end() :] if m else name
        counted = list(_COUNTED.finditer(name))  # "一处老旧小区", "南门外3家小超市": what follows a count
        return name[counted[-1].end() :] if counted else name

    def places(self, text: str) -> list[Found]:
        """Every place name in ``text`` with its rank, in text order."""
        named = self.gaz.find_all(text)
        admin = [m for m in named if m.level in ("street", "district", "city")]
        found: list[Found] = []
        roads: list[Found] = []
        for pattern, rank, road, max_len in (
            (self._facility, RANK_FACILITY, False, 10),
            (self._road, RANK_ROAD, True, 8),
        ):
            for m in pattern.finditer(text):
                if any(a.start <= m.start() < a.end for a in admin):
                    continue  # "马尚街道", "般阳路街道": a street, not a place
                if text[m.start() - 1 : m.start()] in _DETERMINERS and m.start() > 0:
                    continue  # "桓公路某医院", "该小区": no name
                if not road and text[m.end() : m.end() + 1] == "监":
                    continue  # "市场监管局": a bureau, not a market
                if not road and _ROAD_AFTER.match(text, m.end()):
                    continue  # "新村西路", "花园路": a site's word inside a road's name
                if (
                    road
                    and m.group() == "街"
                    and (
                        text[m.end() : m.end() + 1] == "道"
                        or text[m.start() - 1 : m.start()] == "背"
                    )
                ):
                    continue  # "街道" is an office, "背街小巷" a kind of site
                if road and self._not_a_road(text, m.start()):
                    continue
                quoted = None if road else _QUOTED.search(text, max(0, m.start() - 14), m.start())
                if quoted is not None:  # "“食在我家”饭店": a quoted name
                    found.append(Found(text[quoted.start() : m.end()], quoted.start(), m.end(), rank))
                    continue
                name = self._clean_place(text[self._walk(text, m.start(), max_len, road) : m.end()])
                prefix = name[: len(name) - len(m.group())]
                if not road:  # "华光路奥林社区" → "奥林社区"
                    cuts = list(_ROAD_CUT.finditer(prefix)) + list(self._facility.finditer(prefix))
                    cuts.sort(key=lambda c: c.end())
                    if cuts and len(prefix) - cuts[-1].end() >= 2:
                        name, prefix = name[cuts[-1].end() :], prefix[cuts[-1].end() :]
                if not road and not self._ok_prefix(prefix) and m.group() not in ("小区", "社区"):
                    # "燕崖镇集市", "鲁村镇文化广场", "桓台县汽车站": a town's or county's own market, square or
                    # station is named by the town or county, with the generic words between
                    town = next(
                        (
                            a
                            for a in admin
                            if 0 <= m.start() - a.end <= _LONGEST_GENERIC
                            and _own_site_words(text[a.end : m.start()])
                        ),
                        None,
                    )
                    if town is not None:
                        name, prefix = text[town.start : m.end()], text[town.start : m.start()]
                if not self._ok_prefix(prefix) or (road and name.endswith(GENERIC_ROAD_TAILS)):
                    continue
                f = Found(name, m.end() - len(name), m.end(), rank)
                (roads if road else found).append(f)
        for g in named:
            if g.level == "place":
                rank = RANK_ROAD if _ROAD_IN.search(g.text[-2:]) else RANK_FACILITY
                (roads if rank == RANK_ROAD else found).append(Found(g.text, g.start, g.end, rank))
        found.extend(self._estates(text, admin))
        found.extend(roads)
        found.extend(self._junctions(text, roads))  # the gazetteer's roads meet too ("桓公路与牛山路路口")
        return sorted(found, key=lambda f: (f.start, -f.rank))

    def _not_a_road(self, text: str, start: int) -> bool:
        """Whether the 路 at ``start`` begins a word that is no road's ending: "健身|路径", or a road's
        side after a town, a village or a verb ("萌水镇|路边", "一村口|路边", "加强|路面")."""
        tokens = self.lex.tokens(text)
        k = bisect_left(tokens, start, key=_token_start)
        if k == len(tokens) or tokens[k][1] != start or len(tokens[k][0]) < 2:
            return False
        if tokens[k][0] in _NEVER_ROAD_WORDS:
            return True
        if tokens[k][0] not in _SIDE_WORDS or k == 0:
            return False
        word = tokens[k - 1][0]
        return word.endswith(("镇", "乡", "村", "村口", "街道")) or self.lex.flag(word).startswith("v")

    def _estates(self, text: str, admin: list[GazMatch]) -> list[Found]:
        """Estates named without a suffix, told by what follows the name: a phase or a building
        ("欧莱雅郡2期", "楚绣城d05栋"); a name holding a verb, a count or a determiner is none
        ("住户可拨打", "购房时三期"). A building site (工地) is no mark: it follows descriptions far more
        often than names ("一处住宅工地", "多次找工地")."""
        out = []
        for m in _ESTATE_MARK.finditer(text):
            if any(a.start <= m.start() - 1 < a.end for a in admin):
                continue  # "马尚街道3号楼"
            name = self._clean_place(text[self._walk(text, m.start(), 8, False) : m.start()])
            name = _DOOR_NUMBER.sub("", name)  # "老虎塘路65号银杏嘉园9栋"
            cuts = list(_ROAD_CUT.finditer(name)) + list(self._facility.finditer(name))
            if cuts:  # "学丰路卓越千山里": after the road; "奥林小区3号楼": the estate is found already
                name = name[max(c.end() for c in cuts) :]
            # the name segmented on its own, past the lexicon's cache (which holds the item's texts)
            flags = [self.lex.flag(w) for w in self.lex.tokenizer.lcut(name) if len(w) > 1]
            if (
                len(name) >= 3
                and self._ok_prefix(name)
                and name[-1] not in "0123456789一二三四五六七八九十年月日号时"  # "卫固镇一…", "购房时三期"
                and not any(ch in _DETERMINERS for ch in name)  # "萌水镇某2号楼"; a count was cut off above
                and not any(f.startswith(PLACE_STOP_FLAGS) for f in flags)  # "住户可拨打"
            ):
                out.append(Found(name, m.start() - len(name), m.start(), RANK_FACILITY))
        return out

    def _junctions(self, text: str, roads: list[Found]) -> list[Found]:
        out = []
        by_start = {r.start: r for r in roads}
        for a in roads:
            link = text[a.end : a.end + 1]
            b = by_start.get(a.end + 1) if link in ("与", "和", "、", "跟", "同", "及") else None
            if b is None:
                continue
            j = self._junction.match(text, b.end)
            if j:
                out.append(Found(text[a.start : j.end()], a.start, j.end(), RANK_JUNCTION))
        return out

    def place(self, *texts: str | None) -> str | None:
        """The most specific place over the texts (first text first on ties)."""
        best: tuple[int, int, int, int, str] | None = None
        for i, text in enumerate(texts):
            found = self.places(text or "")
            for f in found:
                if _landmark(text or "", f, found):
                    continue
                key = (-f.rank, i, f.start, -len(f.text), f.text)
                if best is None or key < best:
                    best = key
        return best[4] if best else None

    # -- units ---------------------------------------------------------------

    def units(self, text: str) -> list[Found]:
        out = []
        for m in self._unit.finditer(text):
            start = self._walk(text, m.start(), 14, False, place=False, verb_first=m.group() == "局")
            name = _LEADING_DATE.sub("", text[start : m.end()]).lstrip("0123456789年")
            prefix = name[: len(name) - len(m.group())]
            by_level = (not prefix or prefix in _LEVEL_ONLY) and m.group() in LEVEL_UNITS  # "区交警大队"
            if not by_level and (len(prefix) < 2 or prefix in GENERIC_PREFIXES):
                continue
            if m.group() == "局" and not _BUREAU.search(name):
                continue
            out.append(Found(name, start, m.end(), 0))
        # "张店区公安分局" inside "张店区公安分局交警大队": keep the whole unit.
        return [
            u
            for u in out
            if not any(o is not u and o.start <= u.start and u.end <= o.end for o in out)
        ]

    def unit(self, *texts: str | None) -> str | None:
        """The responsible unit: an explicit 责任单位, one handed the problem, or the first."""
        for text in texts:
            m = _EXPLICIT_UNIT.search(text or "")
            if m:
                return m.group(1)
        for text in texts:
            units = self.units(text or "")
            for u in units:
                before = (text or "")[max(0, u.start - 8) : u.start]
                if any(lead in before for lead in UNIT_LEADS):
                    return u.text
            if units:
                return units[0].text
        return None
