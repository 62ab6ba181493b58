"""The tagger's own jieba tokenizer, with a user dictionary built at load time.

The dictionary holds the taxonomy's cue words, the gazetteer's names and the
usual unit suffixes, so that "华光路", "乱停乱放" or "综合行政执法局" come out as
single tokens. The global ``jieba`` tokenizer is never touched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import jieba
import jieba.posseg

from pipeline.gazetteer import Gazetteer
from pipeline.tag.cues import KIND_CUES, STATUS_CUES, UNIT_SUFFIXES
from pipeline.taxonomy import Taxonomy

Token = tuple[str, int, int]
PosToken = tuple[str, int, int, str]  # word, start, end, part-of-speech flag

logging.getLogger("jieba").setLevel(logging.WARNING)
jieba.setLogLevel(logging.WARNING)

EXTRA_WORDS: tuple[str, ...] = (
    "综合行政执法局", "街道办事处", "物业公司", "物业服务中心", "管委会", "镇政府",
    "交警大队", "城管局", "住建局", "市场监管局", "生态环境局", "公安局", "交办", "责成",
    "限期整改", "整改到位", "回头看", "随手拍", "曝光台", "小摊小贩", "飞线充电",
)

_USER_FREQ = 20000


@dataclass
class Lexicon:
    tokenizer: jieba.Tokenizer
    words: frozenset[str]
    _pos: jieba.posseg.POSTokenizer | None = None

    def tokens(self, text: str) -> list[Token]:
        """Tokens of ``text`` as (word, start, end), offsets into ``text``."""
        if not text:
            return []
        return list(self.tokenizer.tokenize(text))

    def cut(self, text: str) -> list[str]:
        return [w for w, _, _ in self.tokens(text)]

    def pos_tokens(self, text: str) -> list[PosToken]:
        """Tokens with part-of-speech flags (slow: use on short windows only)."""
        if self._pos is None:
            self._pos = jieba.posseg.POSTokenizer(self.tokenizer)
        out, pos = [], 0
        for pair in self._pos.cut(text):
            out.append((pair.word, pos, pos + len(pair.word), pair.flag))
            pos += len(pair.word)
        return out


def lexicon_words(taxonomy: Taxonomy, gazetteer: Gazetteer) -> list[str]:
    words: list[str] = []
    for pt in taxonomy.types.values():
        words.extend(w for w, _ in pt.cues)
    for keywords in taxonomy.site_types.values():
        words.extend(keywords)
    words.extend(gazetteer.names())
    for cues in (*KIND_CUES.values(), *STATUS_CUES.values()):
        words.extend(w for w, _ in cues)
    words.extend(UNIT_SUFFIXES)
    words.extend(EXTRA_WORDS)
    seen: dict[str, None] = {}
    for w in words:
        if len(w) >= 2:
            seen.setdefault(w, None)
    return list(seen)


def build_lexicon(taxonomy: Taxonomy, gazetteer: Gazetteer) -> Lexicon:
    """A fresh tokenizer whose user dictionary holds cues and place names."""
    tok = jieba.Tokenizer()
    tok.initialize()
    words = lexicon_words(taxonomy, gazetteer)
    for w in words:
        tok.add_word(w, freq=_USER_FREQ)
    return Lexicon(tokenizer=tok, words=frozenset(words))
