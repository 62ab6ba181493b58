"""Find an article's main content in a Chinese news page and turn it into paragraphs.

Order of attempts (the caller tries a source's ``body`` override first):

1. a known CMS body container (``TRS_Editor`` and kin) that holds real text;
2. scoring in the manner of readability, tuned for Chinese: every text block
   scores by its CJK length and its punctuation, the score flows to its parent
   and grandparent, and each candidate is discounted by its link density;
3. siblings of the winner join it: a lead paragraph kept beside the body, or
   a body split over several containers of the same tag and class.

The chosen containers are then cleaned: page furniture (share bars, related
lists, pagers …), link lists, script text and boilerplate lines go.
"""

from __future__ import annotations

import re

from lxml import html as lhtml

_FURNITURE_TAGS = ("nav", "footer", "aside", "header")
_NEVER_FURNITURE = ("html", "body", "main", "article")
_FURNITURE_RE = re.compile(
    r"(?:^|[-_])(nav|navbar|menu|footer|foot|header|breadcrumbs?|crumbs?|share|bdshare|related|relate|"
    r"comments?|copyright|sidebar|side|toolbar|pager|pagination|paging|position|location|banner|"
    r"advert|ads?|qrcode|weixin|recommend|tuijian|hot|rank|login|search|tags?|keywords?|"
    r"print|subscribe)(?:$|[-_\d])",
    re.I,
)
_KNOWN_BODIES = re.compile(
    r"^(TRS_Editor|TRS_UEDITOR|trs_paper_default|Custom_UnionStyle|artibody|article_?content|"
    r"article-content|content_?text|contentText|con_?text|ozoom|endText|BodyLabel|rich_media_content|"
    r"post_content|news_?content|detail_?content|main_?text|zoom|text_?content|art_?context)$",
    re.I,
)
_BLOCKS = frozenset(
    (
        "p",
        "div",
        "td",
        "th",
        "li",
        "section",
        "article",
        "main",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "dd",
        "dt",
        "table",
        "tr",
        "tbody",
        "ul",
        "ol",
        "dl",
        "body",
        "center",
        "form",
        "figure",
        "figcaption",
        "header",
        "footer",
        "nav",
        "aside",
    )
)
_PARA_TAGS = frozenset(
    ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "pre", "figcaption", "blockquote")
)
_PUNCT = "，。；！？、：“”"
_BOILERPLATE_RE = re.compile(
    r"^[（(【\[]?\s*(责任编辑|编辑|责编|审核|校对|来源|分享到|分享至|扫描二维码|扫一扫|打印本页|打印本文|关闭窗口|"
    r"上一篇|下一篇|相关阅读|相关新闻|相关报道|相关链接|【?字号|版权所有|Copyright|©|原标题|返回页首|返回顶部|"
    r"发表评论|发送给朋友|推荐给朋友|我要评论|点击排行|热点推荐|延伸阅读|查看原文|阅读原文)"
)
# a related-articles list item: ``·标题 (2005-04-27 14:32PM)``, ``[2005-08-21] 标题``
_RELATED_LINE_RE = re.compile(
    r"^[·•●◆▪■□◇★]\s*\S.{1,80}[（(]\s*(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}[^)）]{0,20}[)）]$"
    r"|^[\[【]\s*(?:19|20)\d{2}-\d{1,2}-\d{1,2}\s*[\]】]\s*\S.{0,60}$"
)
_PAGER_RE = re.compile(r"^第\s*\d+\s*页\s*/\s*共\s*\d+\s*页$|上一页|下一页|^\d+(\s+\d+)+$")
_PAGER_MAX = 40
# where the article ends and readers' comments or trackbacks begin
_END_RE = re.compile(
    r"^(本文(?:通告)?引用|引用通告|Trackback|网友评论|读者评论|评论列表|相关评论|已有\d+条评论|共有\d+条评论|"
    r"相关专题$|我要留言|我要发表留言|发表留言$)",
    re.I,
)
# a style that hides an element from the reader (html.py reads it too)
HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
LINK_RUN = 3  # this many lines or more at the body's end, each a link's whole text: a related list
# a breadcrumb trail: 您所在的位置：首页 > 快讯 > 公司
_LOCATION_RE = re.compile(r"^\s*(您(?:现在)?(?:所在)?的?位置|当前位置|现在位置|所在位置)\s*[:：]")
_LOCATION_MAX = 80
# a site's disclaimer after the article: 声明：本网力求信息真实…
_DISCLAIMER_RE = re.compile(r"^[（(【\[]?\s*(?:特别|免责)?声明\s*[:：]")
# a closing line of credits only: 医技药剂党支部、药剂科供稿  摄影/张艳  编辑/苏芳
_CREDIT_RE = re.compile(
    r"供稿|(?:摄影|摄|编辑|责编|审核|校对|撰稿|制图|设计)\s*[/／:：｜|]|(?<![\u4e00-\u9fff])[文图]\s*[/／]"
)
_CREDIT_MAX = 60
# one production credit closing an opinion or feature page: 总监制：邹 明, 监 制：高明勇, 审 读：崔向升
_STAFF_LINE_RE = re.compile(
    r"^(?:总\s*)?(?:监\s*制|审\s*读|审\s*校|统\s*筹|策\s*划|出\s*品(?:\s*人)?|制\s*作|主\s*编|执\s*行\s*主\s*编|"
    r"责\s*任\s*编\s*辑)\s*[:：]\s*[\u4e00-\u9fff·\s]{2,12}$"
)


# closing lines that are the page's, not the article's: where the header picture came from (题图来自
# Hater, 图片来源：网络), a plea to install, follow or subscribe (去 App 商店搜…, 长按识别二维码) and a
# visitor counter (Today's Visitors: 0, 浏览次数：120)
_TAIL_FURNITURE_RE = re.compile(
    r"^(?:题图|头图|封面图?|配图|图片)\s*(?:来自|来源|[:：])"
    r"|App\s*(?:商店|Store)|应用商店|下载.{0,12}客户端|长按.{0,8}(?:二维码|识别)|扫码关注|点击.{0,4}关注|欢迎关注"
    r"|(?:Today'?s|Total)\s+Visitors|^(?:浏览|阅读|点击|访问)(?:次数|量|数)\s*[:：]?\s*\d",  # a visitor counter
    re.I,
)
_TAIL_FURNITURE_MAX = 60


def is_credit_line(text: str) -> bool:
    """A short line naming who supplied, shot or edited the piece (two credits or more, no
    sentence; or one production credit such as 监制：高明勇): furniture at the article's end."""
    return bool(_STAFF_LINE_RE.match(text)) or (
        len(text) <= _CREDIT_MAX
        and not re.search(r"[。！？；]", text)
        and len(_CREDIT_RE.findall(text)) >= 2
    )


_CODE_RE = re.compile(
    r"^\s*(var |function\s*\(|document\.|window\.|\$\(|if\s*\(|<\w+|//|/\*)|[{};]\s*$"
)


def cjk_len(s: str) -> int:
    return sum(1 for c in s if "\u4e00" <= c <= "\u9fff")


def _marker(el: lhtml.HtmlElement) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def is_furniture(el: lhtml.HtmlElement) -> bool:
    """Navigation, share bars, related lists, footers …: by tag, or by a class or id word."""
    if not isinstance(el.tag, str) or el.tag in _NEVER_FURNITURE:
        return False
    if el.tag not in _FURNITURE_TAGS and not any(
        _FURNITURE_RE.search(t) for t in _marker(el).split()
    ):
        return False
    # a marked element that holds a long, unlinked text is a wrapper of the page, not furniture
    return cjk_len(el.text_content()) < 300 or link_density(el) >= 0.3


def _own_text(el: lhtml.HtmlElement) -> tuple[str, int]:
    """(text of ``el`` outside its block children, characters of it inside links)."""
    parts = [el.text or ""]
    link = 0
    for child in el:
        if isinstance(child.tag, str) and child.tag not in _BLOCKS:
            t = child.text_content()
            parts.append(t)
            if child.tag == "a":
                link += len(t.strip())
            else:
                link += sum(len(a.text_content().strip()) for a in child.iter("a"))
        parts.append(child.tail or "")
    return "".join(parts), link


def link_density(el: lhtml.HtmlElement) -> float:
    text = el.text_content()
    total = len("".join(text.split()))
    if not total:
        return 1.0
    links = sum(len("".join(a.text_content().split())) for a in el.iter("a"))
    return min(1.0, links / total)


def _near_furniture(el: lhtml.HtmlElement, cache: dict, levels: int = 4) -> bool:
    """``el`` or one of its nearest ancestors is furniture (far wrappers are not held against it)."""
    for _ in range(levels):
        if el is None:
            return False
        if el not in cache:
            cache[el] = is_furniture(el)
        if cache[el]:
            return True
        el = el.getparent()
    return False


def score_blocks(root: lhtml.HtmlElement) -> dict[lhtml.HtmlElement, float]:
    """Readability-style content scores of the containers of a page."""
    scores: dict[lhtml.HtmlElement, float] = {}
    furniture: dict = {}
    for el in root.iter(*_BLOCKS):
        text, link = _own_text(el)
        text = "".join(text.split())
        cjk = cjk_len(text)
        if cjk < 8 or link > 0.5 * len(text) or _near_furniture(el, furniture):
            continue
        score = 1 + sum(text.count(p) for p in _PUNCT) + min(cjk / 40, 6)
        targets = (
            [] if el.tag in _PARA_TAGS else [(el, 1.0)]
        )  # a div or td holding text is a container too
        parent = el.getparent()
        for weight in (1.0, 0.5, 1 / 3):
            if parent is None:
                break
            targets.append((parent, weight))
            parent = parent.getparent()
        for target, weight in targets:
            scores[target] = scores.get(target, 0.0) + score * weight
    return scores


def _known_body(root: lhtml.HtmlElement) -> lhtml.HtmlElement | None:
    for el in root.iter("div", "td", "section", "article"):
        if any(_KNOWN_BODIES.match(t) for t in _marker(el).split()):
            if cjk_len(el.text_content()) >= 50 and link_density(el) < 0.3:
                return el
    return None


def find_body_parts(root: lhtml.HtmlElement) -> list[lhtml.HtmlElement]:
    """The element(s) holding the article body, in page order; empty when there is none."""
    # 1. a known CMS container
    known = _known_body(root)
    if known is not None:
        return [known]
    # 2. the best-scoring container, discounted by its link density
    scores = score_blocks(root)
    if not scores:
        return []
    adjusted = {el: s * (1 - link_density(el)) for el, s in scores.items()}
    # the page itself is the last resort: any real container holding a fair share beats it
    inner = {el: s for el, s in adjusted.items() if el.tag not in ("html", "body")}
    best_page = max((s for el, s in adjusted.items() if el.tag in ("html", "body")), default=0.0)
    pool = inner if inner and max(inner.values()) >= 0.25 * best_page else adjusted
    top = max(pool, key=lambda el: pool[el])
    # 3. siblings that score well join the winner
    parent = top.getparent()
    if parent is None:
        return [top]
    threshold = max(3.0, adjusted[top] * 0.2)
    parts = []
    for sib in parent:
        if sib is top:
            parts.append(sib)
        elif isinstance(sib.tag, str) and not is_furniture(sib):
            same_kind = sib.tag == top.tag and sib.get("class") == top.get("class")
            if same_kind and adjusted.get(sib, 0.0) >= threshold and link_density(sib) < 0.3:
                parts.append(sib)
            elif sib.tag == "p" and link_density(sib) < 0.2:
                text = sib.text_content()
                if cjk_len(text) >= 30 and any(p in text for p in "。！？"):
                    parts.append(sib)
    return parts


def _drop_noise(body: lhtml.HtmlElement) -> None:
    for el in list(body.iter()):
        if el is body or not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if is_furniture(el) or HIDDEN_STYLE_RE.search(el.get("style") or ""):
            el.drop_tree()  # (a block hidden from readers: 1001|||10339009|||标题 kept for scripts)
            continue
        content = el.text_content()
        if _LOCATION_RE.match(content) and len(content) <= _LOCATION_MAX:
            el.drop_tree()
        elif el.tag in ("ul", "ol", "div", "table", "dl", "td", "p", "span"):
            text = "".join(content.split())
            if text and link_density(el) > 0.5 and cjk_len(text) - _link_cjk(el) < 20:
                el.drop_tree()


def _link_cjk(el: lhtml.HtmlElement) -> int:
    return sum(cjk_len(a.text_content()) for a in el.iter("a"))


def body_paragraphs(body: lhtml.HtmlElement) -> list[str]:
    """Paragraph texts of a body element: furniture, link lists, script text and boilerplate removed."""
    _drop_noise(body)
    for br in body.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.extend("".join(current).split("\n"))
            current.clear()

    def walk(el: lhtml.HtmlElement) -> None:
        if el.tag in _BLOCKS:
            flush()
        if el.text:
            current.append(el.text)
        for child in el:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                current.append(child.tail)
        if el.tag in _BLOCKS:
            flush()

    walk(body)
    flush()
    out: list[str] = []
    for b in blocks:
        b = " ".join(b.split())
        if not b or _BOILERPLATE_RE.match(b) or _RELATED_LINE_RE.match(b):
            continue
        if len(b) <= _PAGER_MAX and _PAGER_RE.search(b):
            continue
        if out and _END_RE.match(b):
            break  # comments and trackbacks follow: the article is over
        if _CODE_RE.search(b) and cjk_len(b) < len(b) * 0.3:
            continue  # script text that escaped its <script> tag
        out.append(b)
    while len(out) > 1 and (
        _DISCLAIMER_RE.match(out[-1])
        or is_credit_line(out[-1])
        or (len(out[-1]) <= _TAIL_FURNITURE_MAX and _TAIL_FURNITURE_RE.search(out[-1]))
    ):
        out.pop()  # the site's disclaimer, a credits line or a plea to subscribe closes the page
    return drop_repeats(_without_link_run(out, body))


def _without_link_run(lines: list[str], body: lhtml.HtmlElement) -> list[str]:
    """``lines`` without a closing run of ``LINK_RUN`` or more lines that are each the whole text
    of a link (other articles' headlines listed under the text, one per line)."""
    links = {" ".join(a.text_content().split()) for a in body.iter("a")}
    n = 0
    while n < len(lines) - 1 and lines[-1 - n] in links:
        n += 1
    return lines[:-n] if n >= LINK_RUN else lines


def drop_repeats(paragraphs: list[str], run: int = 3) -> list[str]:
    """A run of ``run`` or more lines repeated verbatim further down (a print or mobile copy of
    a metadata table, a body given twice) is kept once."""
    if len(set(paragraphs)) == len(paragraphs):
        return paragraphs  # nothing repeats: the common case, no search
    out: list[str] = []
    at: dict[str, list[int]] = {}  # line -> its positions in ``out``: a run can start only there
    i = 0
    while i < len(paragraphs):
        n = 0
        for j in at.get(paragraphs[i], ()):
            k = 1
            while i + k < len(paragraphs) and j + k < len(out) and paragraphs[i + k] == out[j + k]:
                k += 1
            n = max(n, k)
        if n >= run:
            i += n
        else:
            at.setdefault(paragraphs[i], []).append(len(out))
            out.append(paragraphs[i])
            i += 1
    return out
