"""Who wrote it: authors (作者), reporters (记者), correspondents (通讯员) and editors (编辑), kept apart.

Names are read only after a role word; a string that does not look like a name
(digits, markup, more than a few characters) is not taken. Nothing found: empty lists.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from types import ModuleType

_REPORTED = "报道|报导"  # "reported (from)"; 报导 is the Taiwan spelling
_ROLES = (
    ("editors", r"责任编辑|责编|编辑|审核|校对|选稿"),
    ("correspondents", r"通讯员|特约通讯员"),
    # (not 记者会, 记者节, 记者证, 记者站: a press conference, a holiday, a card, an office)
    ("reporters", r"(?:本报|本台|本网|新华社|中新社|实习)?记者(?![会节证站])|(?:本报|本台|本网)?实习生"),
    (
        "authors",
        r"作者|原创\s*(?=[:：])|执笔人?|撰稿人?|撰文(?=\s*[/／｜|])|(?<![\u4e00-\u9fff])(?:文\s*[/｜|]\s*图|图\s*[/｜|]\s*文|文\s*[｜|])|文\s*/|文\s*[:：]|文字",
    ),
)
_ANY_ROLE = (
    "|".join(f"(?:{rx})" for _, rx in _ROLES) + rf"|摄影|摄|来源|时间|发布|发表于|日期|图|{_REPORTED}"
)
_ROLE_RES = tuple((role, re.compile(rx)) for role, rx in _ROLES)
_ANY_ROLE_RE = re.compile(_ANY_ROLE)
# the rest of a production's crew, listed after the writers without a colon (记者 张明 视频 李华
# 海报 王五): each ends the list before it and is nobody's name
_CREW_RE = re.compile(
    r"(?:短?视频|海报|剪辑|制图|绘图|插图|插画|手绘|策划|设计|统筹|监制|出品|主编|美编|排版|配音|动画|"
    r"摄像|后期|美工|图片|翻译|特约|首席|主笔|制作|航拍|直播|主持|主播|视觉|数据)"
)
# 张明, 欧阳修; 安东尼·布林肯 (a transliterated name), 放飞&心情 (a screen name)
_CJK_NAME = r"[\u4e00-\u9fff]{2,4}(?:[·•・&][\u4e00-\u9fff]{1,6})*"
# the next labelled field of a byline (文章来源：, 提交日期：, 点击数：) ends the list of names
_NEXT_LABEL = re.compile(r"[\u4e00-\u9fff]{2,6}\s*[:：]")
_LATIN_NAME = r"[A-Za-z][A-Za-z0-9_.&-]{1,24}"
# one name of a list, ended by the list's end, a separator or the next role word
_LISTED_NAME = re.compile(
    rf"({_CJK_NAME}|{_LATIN_NAME})(?=$|[\s　、，,;；|｜(（)）】\]/／]|{_ANY_ROLE}|编译|整理)"
)
_STOP = re.compile(
    rf"^(本报|本台|本网|记者|通讯员|编辑|作者|{_REPORTED}|来源|时间|发布|日期|摄影|综合|整理|见习|实习|"
    r"报讯|电|讯|消息|联合|撰文|发表|发表于|发布于|提交|更新|点击|阅读|整合|编译|"
    r"网络|网络整理|网友|佚名|匿名|本站|转载|原创|互联网|"  # 作者：网络整理 names nobody
    r"收藏|收藏本文|分享|分享到|打印|关闭|举报|纠错|评论|返回|顶部|账号|帐号|登录|注册|密码|用户名|昵称|游客|"  # the page's buttons
    r"(?i:news|admin|administrator|editor|webmaster|system|guest|anonymous|unknown|root|user))$"  # accounts of nobody
)
# 记者获悉, 《每日经济新闻》记者表示: the reporter does something in a sentence; no name follows
_VERB_START = re.compile(
    r"^(表示|获悉|了解|注意|发现|看到|看见|得知|采访|专访|走访|探访|暗访|调查|询问|追问|问及|"
    r"致电|联系|拨打|来到|前往|赶到|查阅|查询|梳理|统计|观察|实地|核实|求证|咨询|介绍|提问|"
    r"连线|对话|跟随|跟踪|独家|随机|随后|再次|多次|一行|当天|当日|昨天|今天|昨日|今日|近日|日前|现场)"
)
# 163's 责任编辑：杜硕_NB12556: a staff code after the name is not part of it
_STAFF_CODE = re.compile(r"(?<=[\u4e00-\u9fff])_[A-Za-z]{0,4}\d{2,}")
_NOT_NAME_END = re.compile(rf"({_REPORTED}|摄影|报讯|综合|整理|整合|编译|发布|日期|时间|来源|通讯员|编辑|记者)$")
# after a first name, a word followed by (or ending in) 报道 is where it was reported from
_PLACE_OF_REPORT = re.compile(rf"({_REPORTED}|报讯|电|讯)")
_ENDS_REPORTED = re.compile(rf"({_REPORTED})$")
# a name never holds these (记者采访了原作者: a sentence, not a credit)
_NOT_IN_NAME = re.compile(r"[了的着过把被]")
# 记者 贾天勇 摄, （刘通摄）: a photographer's credit, not the writer's
# (but 记者 张明 摄影 王五: 摄影 is the next role, and 王五 took the pictures)
_PHOTO_AFTER = re.compile(r"^[\s　]*摄(?!影报道)(?![影像]\s*[:：/／|｜]?\s*[\u4e00-\u9fff]{2})")

# a line that is a byline: a role or 来源/时间 key with its colon, 发表于, 记者王小明／台北报导, 文丨张明
BYLINE_RE = re.compile(
    r"(来源|作者|(?<!告诉)(?<!对)记者|时间|发布|编辑|责编|日期|通讯员|采写|采编|撰文)[:：]|发表于|发布于|张贴\s*@"
    r"|记者\s*[\u4e00-\u9fff]{2,4}\s*[/／]\s*[\u4e00-\u9fff]{2,6}报[道导]"  # 记者王小明／台北报导
    r"|(?:来源|作者|记者|编辑|责编|撰文|(?<![\u4e00-\u9fff])文)\s*[丨｜|]\s*[\u4e00-\u9fff]{2}"  # 文丨张明, 来源｜人民日报
)


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
        if self.authors and set(self.authors) < set(self.reporters):
            names = self.reporters  # 作者：余毅菁 cut short where 记者 余毅菁 向雪妮 names both
        return " ".join(names) if names else None


_SPACED_NAME = re.compile(
    r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff])[ \u3000\xa0]+([\u4e00-\u9fff])(?![\u4e00-\u9fff])"
)


def join_spaced_name(text: str) -> str:
    """Two-character names set with a space between them, as typesetters do: ``王 燕`` → ``王燕``."""
    return _SPACED_NAME.sub(r"\1\2", text)


# the byline's usual next fields, found even when run on without a space (作者：张明时间：…)
_KNOWN_LABEL = re.compile(
    r"(?:责任编辑|网络编辑|文章来源|新闻来源|信息来源|稿件来源|发布时间|发表时间|更新时间|发布日期|"
    r"来源|时间|日期|发布|发表|更新|编辑|责编|浏览|点击|阅读|字号|摄影|记者|通讯员)\s*[:：]"
)
# an office named in the author slot (作者：医技药剂党支部, 作者：区文明办)
_ORG_AUTHOR = re.compile(
    r"[\u4e00-\u9fff]{2,12}?(?:党支部|支部|党委|党组|委员会|办公室|文明办|中心|分局|局|厅|处|科|室|所|站|队|"
    r"大队|支队|街道|社区|村委会|学校|小学|中学|大学|学院|医院|协会|学会|联合会|工会|团委|妇联)"
)


def _cut_at_next_label(rest: str) -> str:
    known = _KNOWN_LABEL.search(rest)
    if known:
        rest = rest[: known.start()]
    label = _NEXT_LABEL.search(rest)
    return rest[: label.start()] if label else rest


def org_after(text: str, start: int) -> str | None:
    """An office named right after 作者: the whole field, when it ends like an office's name."""
    rest = _cut_at_next_label(re.sub(r"^\s*[:：]\s*", "", text[start : start + 40])).strip()
    field_ = re.split(r"[\s　、，,;；|｜]", rest)[0] if rest else ""
    return field_ if _ORG_AUTHOR.fullmatch(field_) else None


def names_nobody(text: str) -> bool:
    """A word that stands where a name would and names nobody: a role (记者), an outlet word
    (本站, 网络整理), a page's button or form label (收藏, 账号), an account of nobody (admin)."""
    return bool(_STOP.match(text))


def _split_joined(name: str) -> list[str]:
    """``胡一刀&李小飞刀`` is two people when the first part is a person's name; ``放飞&心情``
    (a screen name) is one."""
    first, amp, other = name.partition("&")
    return [first, other] if amp and looks_like_person(first) and other else [name]


# 作者：方敏北京大学经济学院教授: a name run into the writer's post, which ends the field
_POST = re.compile(
    r"[\u4e00-\u9fff]{4,30}?(?:副?教授|副?研究员|讲师|博士生?|硕士|研究生|主任|院长|所长|学者|专家|分析师|"
    r"特约评论员|评论员|研究人员)[)）]?\s*$"
)


def _jieba() -> ModuleType:
    """jieba, imported quietly on first need: most bylines never need it."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def _name_before_post(rest: str) -> str | None:
    """The person in a field where their name runs straight into their post and institution,
    split as jieba's dictionary splits it (方敏 | 北京大学 | 经济 | 学院 | 教授)."""
    field_ = re.split(r"[\s　、，,;；|｜]", rest, maxsplit=1)[0]
    if not _POST.fullmatch(field_):
        return None
    first = _jieba().lcut(field_)[0]
    return first if looks_like_person(first) else None


# 中央社記者王小明台北20日電, 记者王小明北京报道: the name run into the place of the report
_DATELINE = re.compile(rf"([\u4e00-\u9fff]{{4,10}}?)\s*(?:\d{{1,2}}日(?:专|综合)?电|{_REPORTED})")


def _name_before_dateline(rest: str) -> str | None:
    """The reporter of a dateline whose name runs straight into the place (王小明台北20日电,
    王小明北京报道): the split where the name looks like a person's and the place is a word of
    jieba's dictionary."""
    m = _DATELINE.match(rest)
    if not m:
        return None
    run = m.group(1)
    words = _jieba().dt
    words.check_initialized()
    for n in (3, 2, 4):
        name, place = run[:n], run[n:]
        if len(place) >= 2 and looks_like_person(name) and words.FREQ.get(place):
            return name
    return None


_NAME_IS = re.compile(r"([\u4e00-\u9fff]{2,4}?)系(?=[\u4e00-\u9fff])")


def _names_after(text: str, start: int) -> list[str]:
    """Names listed right after a role word: ``张明 李华``, ``张明、李华``, ``张明,李华``."""
    rest = text[start : start + 60]
    # 记者钱伟 (no colon or space): what follows is a name only if it looks like one, so the
    # 观点 of 本文仅为作者观点 is nobody
    tight = bool(re.match(r"[\u4e00-\u9fff]", rest) and start and re.match(r"[\u4e00-\u9fff]", text[start - 1]))
    rest = re.sub(r"^\s*[:：/|｜】\]]?\s*", "", rest)
    rest = join_spaced_name(_cut_at_next_label(_STAFF_CODE.sub("", rest)))
    # （作者韩涵系政邦智库研究员）: the writer, then 系 and their post
    if (is_ := _NAME_IS.match(rest)) and looks_like_person(is_.group(1)):
        return [is_.group(1)]
    if not _LISTED_NAME.match(rest) and (posted := _name_before_post(rest)):
        return [posted]
    if dated := _name_before_dateline(rest):
        return [dated]
    names: list[str] = []
    while rest:
        m = _LISTED_NAME.match(rest)
        if not m:
            break
        name = _NOT_NAME_END.sub("", m.group(1))
        if names and (_PLACE_OF_REPORT.match(rest[m.end() :]) or _ENDS_REPORTED.search(m.group(1))):
            break  # 彭冲 山东冠县报道, 王小明 北京报道: the second word is the place of the report
        if (
            len(name) < 2
            or names_nobody(name)
            or _NOT_IN_NAME.search(name)
            or _VERB_START.match(name)
            or (tight and not names and not looks_like_person(name))
            # 作者：张明（北京大学教授）: a bracket after a person's name holds their post; after
            # anything else (a forum rank, 振威将军(从一品)) the list is over
            or (rest[m.end() : m.end() + 1] in ("（", "(") and not looks_like_person(name))
        ):
            break
        names.extend(_split_joined(name))
        rest = rest[m.end() :]
        if _PHOTO_AFTER.match(rest):
            return []  # 中新社记者 贾天勇 摄: the names took the pictures
        sep = re.match(r"^[\s　、，,;；]+", rest)
        if not sep:
            break
        rest = rest[sep.end() :]
        if _ANY_ROLE_RE.match(rest) or _CREW_RE.match(rest):
            break
    return names


def with_plain_bars(text: str) -> str:
    """``文丨张明``: the stroke 丨 (U+4E28), which WeChat and many portals set between a role
    and a name, as the bar ｜ it stands for (being a CJK character, it would pass for part of a name)."""
    return text.replace("丨", "｜")


def people_from_text(*texts: str | None) -> People:
    """Every role word followed by names, in the given texts (bylines, first and last paragraphs)."""
    people = People()
    for text in texts:
        if not text:
            continue
        text = with_plain_bars(text)
        for role, rx in _ROLE_RES:
            for m in rx.finditer(text):
                if role == "reporters" and text[max(0, m.start() - 2) : m.start()].endswith(
                    ("告诉", "对", "向")
                ):
                    continue  # 告诉记者: the reporter is spoken to, not named
                names = _names_after(text, m.end())
                if not names and role == "authors" and text[m.start() : m.end()] == "作者":
                    org = org_after(text, m.end())
                    names = [org] if org else []
                people.add(role, names)
    # a name is one role only: the most specific wins
    for role in ("authors", "reporters", "correspondents"):
        setattr(
            people,
            role,
            [n for n in getattr(people, role) if n not in people.editors or role == "authors"],
        )
    return people


# --- bylines without a role word -----------------------------------------------------------
# The common surnames (百家姓's most frequent ~130 and the common two-character ones): a bare
# 2–3 character string is taken for a person's name only when it starts with one of them.
_SURNAMES_2 = (
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "慕容",
    "尉迟",
    "令狐",
    "公孙",
    "夏侯",
    "长孙",
    "宇文",
)
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施"
    "文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷"
    "盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷"
    "晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池乐匡钮"
)
_ORG_END = re.compile(
    r"(报|网|社|台|站|刊|讯|局|厅|部|委|办|院|会|处|所|中心|频道|在线|新闻|日报|晚报|集团|公司|政府|杂志)$"
)


def looks_like_office(name: str) -> bool:
    """A name that ends like an outlet's, an office's or an account team's (人民日报, 区文明办,
    长沙发布, 融媒体中心, 编辑部): not a person's."""
    return bool(_ORG_END.search(name) or _TEAM_END.search(name) or _ORG_AUTHOR.fullmatch(name))


_TEAM_END = re.compile(r"(发布|融媒体?|编辑部|小编|团队|工作室|官微|微信|公众号)$")


def looks_like_person(name: str) -> bool:
    """A bare 2–3 character (or compound-surname 3–4 character) Chinese name: 尹娟, 姚峰, 欧阳修."""
    if (
        _ORG_END.search(name)
        or names_nobody(name)
        or not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", name)
    ):
        return False
    if name[:2] in _SURNAMES_2:
        return len(name) in (3, 4)
    return len(name) in (2, 3) and name[0] in _SURNAMES


_BRACKET_REPORT = re.compile(
    rf"[（(]\s*([\u4e00-\u9fff]{{2,4}})(?:[\s　]+[\u4e00-\u9fff]{{1,8}}?)?\s*(?:{_REPORTED})\s*[)）]"
)
_SOURCE_PERSON = re.compile(r"来源\s*[:：]\s*([\u4e00-\u9fff]{2,4})(?=$|[\s　|｜])")
# Writers credited in brackets at the end of the text, "……新春佳节。（常书香 马丹阳 ）", "(文/图 刘玺东 易赛楠)"
_CREDIT = re.compile(
    r"[（(]\s*(?:(?:文字?|图|摄影?|文/图|文／图|图/文|图／文)\s*[/／:：]?\s*)?"
    r"([\u4e00-\u9fff]{2,4}(?:[\s　、]+[\u4e00-\u9fff]{2,4}){0,4})(?<!摄)\s*[)）]\s*$"
)  # （刘通摄） credits a photographer, not a writer
# A name in square brackets beside a byline's time: "2004年7月16日08:19 [ 黄宇 ]  来源：[ 国际金融报 ]"
_BRACKETED = re.compile(r"\d{1,2}[:：]\d{2}(?:[:：]\d{2})?\s*[\[［【]\s*([\u4e00-\u9fff]{2,4})\s*[\]］】]")


# A writer and an outlet under a headline: "石佳/中国青年报", "张明｜澎湃新闻"
_NAME_OUTLET = re.compile(
    r"(?:^|\s)([\u4e00-\u9fff]{2,4})\s*[/／|｜]\s*"
    r"[\u4e00-\u9fff]{1,12}?(?:报|网|社|台|周刊|新闻|杂志|客户端)(?=\s|$)"
)


def name_over_outlet(text: str | None) -> str | None:
    """The writer of a ``NAME/OUTLET`` credit (``石佳/中国青年报``), when NAME is a person's name."""
    m = _NAME_OUTLET.search(text or "")
    return m.group(1) if m and looks_like_person(m.group(1)) else None


# A statement signed at its end by a post and a name: "中国载人航天工程新闻发言人 武平"
_SIGNED = re.compile(
    r"^[\u4e00-\u9fff]{0,20}(?:发言人|负责人|主任|局长|部长|院长|所长|校长|主席|会长|书记|教授|研究员)"
    r"[\s　]+([\u4e00-\u9fff]{2,4})$"
)


def signed_by(text: str | None) -> str | None:
    """The signatory of a line holding only a post and a person's name (``…新闻发言人 武平``)."""
    m = _SIGNED.match((text or "").strip())
    return m.group(1) if m and looks_like_person(m.group(1)) else None


def bare_byline(*texts: str | None) -> str | None:
    """A reporter named without a role word: ``（姚峰 上海报道）``, a person given as ``来源: 尹娟``,
    a name in brackets beside a byline's time (``08:19 [ 黄宇 ]``), or writers credited in
    brackets at the very end of a text (``……佳节。（常书香 马丹阳）``; every name a person's)."""
    for text in texts:
        if not text:
            continue
        text = with_plain_bars(text)
        for rx in (_BRACKET_REPORT, _SOURCE_PERSON, _BRACKETED):
            m = rx.search(text)
            if m and looks_like_person(m.group(1)):
                return m.group(1)
        m = _CREDIT.search(text)
        if m:
            names = re.split(r"[\s　、]+", m.group(1).strip())
            if all(looks_like_person(n) for n in names):
                return " ".join(names)
    return None
