"""The inverted index behind match candidates (table ``problem_terms``).

Each problem is indexed under a few terms:

* ``pl:<place>`` its place, and ``pp:<prefix>`` every prefix of it (2+ chars),
  so "般阳路农贸市场" finds "般阳路农贸市场东侧" and the reverse, by equality;
* ``mh:<band>:<hash>`` MinHash/LSH bands over the jieba tokens of its text
  (``BANDS`` bands of ``ROWS`` rows: texts sharing about half their tokens meet);
* ``u:<url>`` every article that exposed it (first, repeats, syndicated copies),
  so a follow-up linking to any of them finds it.

A lookup reads at most ``per_term`` newest problems per term from the primary
key, so its cost does not grow with the ledger.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterable
from functools import lru_cache

import jieba
from sqlalchemy import select, text
from sqlmodel import Session

from pipeline.store.tables import MentionRow, Problem, ProblemTerm

BANDS, ROWS = 8, 2
_PRIME = (1 << 61) - 1
_COEFFS = [((i * 0x9E3779B97F4A7C15 + 12345) % _PRIME | 1, (i * 0xC2B2AE3D27D4EB4F + 777) % _PRIME)
           for i in range(BANDS * ROWS)]
# Words of the genre, not of a problem: they would make unrelated texts look alike.
STOP = frozenset("""问题 整改 记者 近日 市民 反映 现场 看到 发现 情况 相关 部门 工作 进行 已经 目前 表示
存在 进一步 本报 报道 回访 曝光 要求 责任 单位 日前 期间 一些 部分 同时 以及 通过 对于 他们 我们 这里 那里
没有 可以 已经 正在 仍然 仍未 已经 随后 街道 社区 区县 处理 情况 整治 到位""".split())


# A plain jieba tokenizer, not the tagger's (whose user dictionary joins cue words such as
# 飞线充电): every stored band key was made with these tokens, so a change of tokenizer would
# need every ledger's problem_terms rebuilt.
@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


def tokens(text: str) -> set[str]:
    """Content tokens of ``text``: jieba words of 2+ Chinese characters, genre words removed."""
    out = set()
    for w in _tokenizer().lcut(text or ""):
        if len(w) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in w) and w not in STOP:
            out.add(w)
    return out


@lru_cache(maxsize=200_000)
def _signature(word: str) -> tuple[int, ...]:
    x = zlib.crc32(word.encode("utf-8"))
    return tuple((a * x + b) % _PRIME for a, b in _COEFFS)


def minhash_bands(words: Iterable[str]) -> list[str]:
    """LSH band keys of a token set (empty for an empty set)."""
    sigs = [_signature(w) for w in words]
    if not sigs:
        return []
    mins = [min(col) for col in zip(*sigs, strict=True)]
    return [f"mh:{i}:{zlib.crc32(repr(mins[i * ROWS:(i + 1) * ROWS]).encode()):x}" for i in range(BANDS)]


def place_terms(place: str | None) -> list[str]:
    if not place:
        return []
    return [f"pl:{place}"] + [f"pp:{place[:k]}" for k in range(2, len(place) + 1)]


def problem_terms(p: Problem, urls: Iterable[str] = ()) -> set[str]:
    terms = set(place_terms(p.place)) | set(minhash_bands(tokens(p.summary)))
    terms |= {f"u:{u}"[:400] for u in urls if u}
    return {t[:400] for t in terms}


def index_problem(session: Session, p: Problem, urls: Iterable[str] = ()) -> None:
    """Add the problem's terms (and the given article URLs) that are not indexed yet."""
    want = problem_terms(p, urls)
    if not want:
        return
    q = select(ProblemTerm.problem_id, ProblemTerm.term).where(  # type: ignore[call-overload]
        ProblemTerm.problem_id == p.id, ProblemTerm.term.in_(want))  # type: ignore[attr-defined]
    session.flush()
    have = {row[1] for row in session.connection().execute(q)}
    for t in sorted(want - have):
        session.add(ProblemTerm(term=t, problem_id=p.id))  # type: ignore[arg-type]


def mention_terms(m: MentionRow, links: Iterable[str]) -> list[str]:
    """Terms under which the problem a mention speaks of would be indexed."""
    terms: list[str] = []
    if m.place:
        terms.append(f"pp:{m.place}")  # problems whose place starts with (or is) the mention's place
        terms += [f"pl:{m.place[:k]}" for k in range(2, len(m.place))]  # problems whose place the mention's extends
    terms += minhash_bands(tokens(m.text))
    terms += [f"u:{u}" for u in links]
    return list(dict.fromkeys(t[:400] for t in terms))


def lookup(session: Session, terms: list[str], per_term: int = 30) -> set[int]:
    """Problem ids indexed under any of ``terms``, the newest ``per_term`` of each (one statement)."""
    if not terms:
        return set()
    parts = [f"SELECT pid FROM (SELECT problem_id AS pid FROM problem_terms WHERE term = :t{i} "
             f"ORDER BY problem_id DESC LIMIT :k) AS s{i}" for i in range(len(terms))]
    params: dict[str, object] = {f"t{i}": t for i, t in enumerate(terms)}
    params["k"] = per_term
    session.flush()
    return {row[0] for row in session.connection().execute(text(" UNION ALL ".join(parts)), params)}
