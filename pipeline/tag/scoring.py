"""Weighted cue scoring: problem types from the taxonomy, and site types.

Cues are matched leftmost-longest over the text, so "非机动车停放无序" counts
once for bike_parking and not again for "机动车停放". Cues of one or two
characters must also coincide with whole jieba tokens, so "垃圾" does not
count inside "乱扔垃圾" or "垃圾桶".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from pipeline.tag.lexicon import Lexicon
from pipeline.taxonomy import Taxonomy

MAX_REPEAT = 3  # occurrences of one cue that still add to a score


@dataclass(frozen=True)
class Hit:
    cue: str
    slug: str
    weight: float
    part: int  # index of the scored text the cue was found in
    start: int
    end: int


@dataclass
class TypeScores:
    scores: dict[str, float] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    order: dict[str, int] = field(default_factory=dict)  # taxonomy order breaks ties

    def ranked(self) -> list[tuple[str, float]]:
        return sorted(self.scores.items(), key=lambda kv: (-kv[1], self.order.get(kv[0], 0), kv[0]))

    @property
    def top(self) -> tuple[str | None, float]:
        r = self.ranked()
        return r[0] if r else (None, 0.0)

    def prefer(self, slug: str) -> TypeScores:
        """The same scores with ``slug`` on top: it and the top type trade their scores."""
        top = self.ranked()[0][0]
        scores = dict(self.scores)
        scores[slug], scores[top] = scores[top], scores[slug]
        return TypeScores(scores=scores, hits=self.hits, order=self.order)

    def secondary(self, ratio: float = 0.4, floor: float = 2.0) -> list[str]:
        """Other types scoring at least ``floor`` and ``ratio`` of the top."""
        ranked = self.ranked()
        if not ranked:
            return []
        best = ranked[0][1]
        return [s for s, v in ranked[1:] if v >= floor and v >= ratio * best]

    def confidence(self) -> float:
        ranked = self.ranked()
        if not ranked:
            return 0.0
        best = ranked[0][1]
        if best <= 0:
            return 0.0
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        strength = 1 - math.exp(-best / 4)
        margin = best / (best + second)
        return round(strength * (0.4 + 0.6 * margin), 2)

    def cues_of(self, slug: str | None) -> list[str]:
        return list(dict.fromkeys(h.cue for h in self.hits if h.slug == slug))

    def best_hit(self, slug: str | None, prefer_after: int = -1) -> Hit | None:
        """The heaviest hit of ``slug``, preferring texts numbered above ``prefer_after``."""
        hits = [h for h in self.hits if h.slug == slug]
        preferred = [h for h in hits if h.part > prefer_after]
        hits = preferred or hits
        return max(hits, key=lambda h: (h.weight, -h.part, -h.start)) if hits else None


class TypeScorer:
    def __init__(self, taxonomy: Taxonomy, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.order = {slug: i for i, slug in enumerate(taxonomy.types)}
        self.cues: dict[str, list[tuple[str, float]]] = {}
        for pt in taxonomy.types.values():
            for word, weight in pt.cues:
                if word:
                    self.cues.setdefault(word, []).append((pt.slug, weight))
        words = sorted(self.cues, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, words))) if words else None

    def score(self, texts: list[tuple[str, float]]) -> TypeScores:
        """Score (text, factor) pairs, e.g. [(title, 2.0), (body, 1.0)]."""
        out = TypeScores(order=self.order)
        if self.pattern is None:
            return out
        for part, (text, factor) in enumerate(texts):
            if not text or factor <= 0:
                continue
            bounds: tuple[set[int], set[int]] | None = None
            seen: dict[str, int] = {}
            for m in self.pattern.finditer(text):
                word = m.group()
                if len(word) <= 2:
                    if bounds is None:
                        toks = self.lexicon.tokens(text)
                        bounds = ({s for _, s, _ in toks}, {e for _, _, e in toks})
                    if m.start() not in bounds[0] or m.end() not in bounds[1]:
                        continue
                seen[word] = seen.get(word, 0) + 1
                if seen[word] > MAX_REPEAT:
                    continue
                decay = 1.0 if seen[word] == 1 else 0.5
                for slug, weight in self.cues[word]:
                    if weight <= 0:
                        continue  # a weight-0 cue only shadows the shorter cues inside it
                    out.scores[slug] = out.scores.get(slug, 0.0) + weight * factor * decay
                    out.hits.append(Hit(word, slug, weight * factor, part, m.start(), m.end()))
        return out


def site_type_of(site_types: dict[str, list[str]], *texts: str | None) -> str | None:
    """The site type whose keyword occurs first (longest on ties) in the first text with one."""
    for text in texts:
        if not text:
            continue
        best: tuple[int, int, str] | None = None
        for name, keywords in site_types.items():
            for kw in keywords:
                pos = text.find(kw) if kw else -1
                if pos >= 0:
                    key = (pos, -len(kw), name)
                    if best is None or key < best:
                        best = key
        if best is not None:
            return best[2]
    return None
