"""The tagger's own jieba tokenizer, with a user dictionary built at load time.

The dictionary holds the taxonomy's cue words, the gazetteer's names, the
cue file's words and the usual unit suffixes, so that "华光路", "乱停乱放" or
"综合行政执法局" come out as single tokens. The global ``jieba`` tokenizer is
never touched.

Loading jieba's dictionary and adding the user words takes about a second, so
the finished prefix dictionary and the part-of-speech table are cached on disk
(``marshal``, like jieba's own cache) under ``$WENMING_CACHE_DIR`` or
``~/.cache/wenming``, keyed by a hash of the word list and the jieba version.
A process loads it once (``get_tagger`` caches the tagger); worker processes
forked afterwards share it.

Each text is segmented once per tagging call: ``tokens`` keeps the last
texts it segmented, and round-up parts take their tokens from the body's
(``prime``). Part-of-speech flags come from jieba's dictionary tags of each
token (``flag``), not from a second HMM pass.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import jieba
import jieba.posseg

from pipeline.gazetteer import Gazetteer
from pipeline.tag.cues import KIND_CUES, STATUS_CUES, UNIT_SUFFIXES
from pipeline.taxonomy import Taxonomy

Token = tuple[str, int, int]

logging.getLogger("jieba").setLevel(logging.WARNING)
jieba.setLogLevel(logging.WARNING)

EXTRA_WORDS: tuple[str, ...] = (
    "综合行政执法局",
    "街道办事处",
    "物业公司",
    "物业服务中心",
    "管委会",
    "镇政府",
    "交警大队",
    "城管局",
    "住建局",
    "市场监管局",
    "生态环境局",
    "公安局",
    "交办",
    "责成",
    "限期整改",
    "整改到位",
    "回头看",
    "随手拍",
    "曝光台",
    "小摊小贩",
    "飞线充电",
)

_USER_FREQ = 20000
# Part-of-speech flags that end a place or unit name (verbs, prepositions,
# conjunctions, pronouns, time and position words, adverbial adjectives):
# only words with these flags keep their flag, the rest read as "x".
STOP_FLAGS: tuple[str, ...] = ("v", "p", "c", "r", "t", "f", "ad")
# A place's name also ends at an adverb, a time quantity or a set phrase ("必须谨慎选路", "四月份社区").
PLACE_STOP_FLAGS: tuple[str, ...] = (*STOP_FLAGS, "d", "mq", "l", "i")
# Flags of words that never stand right before a place's suffix either ("晚上路", "咱们社区", "南边路").
NEVER_IN_NAMES: tuple[str, ...] = ("t", "r", "p", "c", "d", "mq", "l", "i", "f")
_CACHE_FORMAT = "3"
_TOKEN_CACHE = 64  # texts whose tokens are kept (one item's title, body and parts)


def cache_dir() -> Path:
    """Where the built dictionary is cached: ``$WENMING_CACHE_DIR`` or ``~/.cache/wenming``."""
    env = os.environ.get("WENMING_CACHE_DIR")
    return Path(env) if env else Path.home() / ".cache" / "wenming"


@dataclass
class Lexicon:
    tokenizer: jieba.Tokenizer
    words: frozenset[str]
    tags: dict[str, str] = field(default_factory=dict)  # word → flag, for PLACE_STOP_FLAGS words
    loaded_from_cache: bool = False
    _cache: dict[str, list[Token]] = field(default_factory=dict, repr=False)

    def tokens(self, text: str) -> list[Token]:
        """Tokens of ``text`` as (word, start, end), offsets into ``text``."""
        if not text:
            return []
        found = self._cache.get(text)
        if found is None:
            if len(self._cache) >= _TOKEN_CACHE:
                self._cache.clear()
            found = self._cache[text] = list(self.tokenizer.tokenize(text))
        return found

    def prime(self, text: str, start: int, end: int) -> None:
        """Give ``text[start:end]`` the tokens of ``text`` that lie inside it (no new segmentation)."""
        part = text[start:end]
        if not part or part in self._cache:
            return
        inside = [
            (w, s - start, e - start) for w, s, e in self.tokens(text) if s >= start and e <= end
        ]
        if len(self._cache) >= _TOKEN_CACHE:
            self._cache.clear()
        self._cache[part] = inside

    def cut(self, text: str) -> list[str]:
        return [w for w, _, _ in self.tokens(text)]

    def flag(self, word: str) -> str:
        """jieba's dictionary part-of-speech flag of ``word`` if it is one of ``PLACE_STOP_FLAGS``, else "x"."""
        return self.tags.get(word, "x")


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


def _cache_file(words: list[str]) -> Path:
    h = hashlib.sha1(
        "\n".join([_CACHE_FORMAT, jieba.__version__, str(_USER_FREQ), *words]).encode("utf-8")
    )
    return cache_dir() / f"lexicon-{h.hexdigest()[:16]}.marshal"


def _load(path: Path) -> tuple[dict, int, dict] | None:
    try:
        with path.open("rb") as f:
            freq, total, words, flags = marshal.load(f)
        return freq, total, dict(zip(words.split("\n"), flags.split("\n"), strict=True))
    except (OSError, EOFError, ValueError, TypeError):
        return None


def _save(path: Path, freq: dict, total: int, tags: dict) -> None:
    """Write atomically; a cache that cannot be written is only slower next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:  # tags as two strings: far faster to load than a dict
            marshal.dump((freq, total, "\n".join(tags), "\n".join(tags.values())), f)
        os.replace(tmp, path)
    except OSError:
        logging.getLogger(__name__).warning("could not write the dictionary cache %s", path)


def build_lexicon(taxonomy: Taxonomy, gazetteer: Gazetteer) -> Lexicon:
    """A tokenizer whose user dictionary holds cues and place names (from the disk cache if built before)."""
    words = lexicon_words(taxonomy, gazetteer)
    tok = jieba.Tokenizer()
    path = _cache_file(words)
    cached = _load(path) if path.is_file() else None
    if cached is not None:
        tok.FREQ, tok.total, tags = cached
        tok.initialized = True
        return Lexicon(tokenizer=tok, words=frozenset(words), tags=tags, loaded_from_cache=True)
    tok.tmp_dir = (
        str(cache_dir()) if _writable(cache_dir()) else None
    )  # jieba's own cache of its main dictionary
    tok.initialize()
    for w in words:
        tok.add_word(w, freq=_USER_FREQ)
    tags = {
        w: f
        for w, f in jieba.posseg.POSTokenizer(tok).word_tag_tab.items()
        if f.startswith(PLACE_STOP_FLAGS)
    }
    _save(path, tok.FREQ, tok.total, tags)
    return Lexicon(tokenizer=tok, words=frozenset(words), tags=tags)


def _writable(path: Path) -> bool:
    try:
        path.mkdir(parents=True, exist_ok=True)
        return os.access(path, os.W_OK)
    except OSError:
        return False
