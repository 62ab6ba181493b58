"""A learned relevance signal: is an item a campaign problem (exposure or follow-up) or not?

A logistic regression over the item's tokens: character bigrams of its
Chinese text (title bigrams as separate features, "T:" + bigram). Single characters as well were
tried in session 22 (cross-validated log-loss 0.206 -> 0.189 on dev) and not kept, nor in session 24
on a fresh held-out set: see docs/benchmarks.md. Bigrams, not
jieba words: segmenting the body of every item the rules reject would cost
about half again the tagging time (measured: 2.3 s instead of 1.25 s for 1,500
messages), and on 5-fold cross-validation over dev the two did equally well
(blend relevance F1 0.966 with jieba words, 0.965 with bigrams). Weights live in ``pipeline/data/relevance_model.json``,
trained by ``python -m pipeline.tag.train`` from the DEV labelled files only
(see that module and the file's ``_about``); nothing is downloaded.

The rules still decide first: the model only overturns their exposure/other
call when it is sure (probability below ``lo`` or above ``hi``, both chosen by
cross-validation on dev), and never against the source's own kind hint. Cue
words in ``cues.toml`` and the taxonomy keep working as before; an editor who
adds a cue changes the rules' call, and the model only speaks at the extremes.

A second, smaller signal (``CategoryModel``, ``pipeline/data/category_model.json``,
trained by the same command): one logistic regression per assessment category
over the same features. It only gives a category to a mention the rules found no
problem type for (an exposure whose problem has no cue word), and only when its
probability reaches the threshold chosen by cross-validation on dev; the rules'
types and categories are never overturned.

A third (``pipeline/data/type_model.json``, same command, same form): one regression per
problem type. Where the rules found a problem but no type cue (a terse record: "单元门禁坏了一个月")
it names the type when sure (threshold chosen by cross-validation on dev); below it the
category model may still name the category.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import repeat
from pathlib import Path
from typing import TypeVar

from pipeline import DATA_DIR
from pipeline.errors import DataFileError

MODEL_FILE = DATA_DIR / "relevance_model.json"
CATEGORY_MODEL_FILE = DATA_DIR / "category_model.json"
TYPE_MODEL_FILE = DATA_DIR / "type_model.json"
TITLE_PREFIX = "T:"


_CJK = re.compile(r"[\u4e00-\u9fff]+")


@lru_cache(maxsize=16)
def bigrams(text: str) -> frozenset[str]:
    """Character bigrams inside runs of Chinese characters. Cached: the relevance, type and
    category models and the follow-up model all read the same body's bigrams."""
    out: set[str] = set()
    for run in _CJK.findall(text or ""):
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(out)


def feature_set(title: str, body: str) -> set[str]:
    """The binary features of an item: body bigrams, and title bigrams marked ``T:``."""
    out = set(bigrams(body))
    out.update(TITLE_PREFIX + b for b in bigrams(title))
    return out


def features(title: str, body: str) -> list[str]:
    """``feature_set``, sorted (training reads them in this order; scoring sums exactly, in any order)."""
    return sorted(feature_set(title, body))


def _logistic(z: float) -> float:
    z = max(-30.0, min(30.0, z))
    return 1.0 / (1.0 + math.exp(-z))


@dataclass
class RelevanceModel:
    bias: float
    weights: dict[str, float]
    lo: float = 0.0  # below: not a problem, whatever the rules said
    hi: float = 1.0  # above: a problem, whatever the rules said
    version: str = ""
    meta: dict = field(default_factory=dict)

    def score(self, feats: Iterable[str]) -> float:
        """The log-odds of "campaign problem"; features are scaled by 1/sqrt(count)."""
        feats = feats if isinstance(feats, Collection) else list(feats)
        if not feats:
            return self.bias
        # fsum is exact, so the features' order does not matter: the tagger need not sort them
        return self.bias + math.fsum(map(self.weights.get, feats, repeat(0.0))) / math.sqrt(len(feats))

    def prob(self, feats: Iterable[str]) -> float:
        return _logistic(self.score(feats))

    def to_json(self) -> str:
        """Deterministic JSON (sorted keys, rounded weights): retraining gives the same file."""
        data = {
            "_about": self.meta.get("_about", []),
            "cv": self.meta.get("cv", {}),
            "blend": {"lo": self.lo, "hi": self.hi},
            "bias": round(self.bias, 4),
            "weights": {k: round(v, 4) for k, v in sorted(self.weights.items())},
        }
        return json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False) + "\n"


def load_model(path: Path | str = MODEL_FILE, what: str = "relevance model") -> RelevanceModel | None:
    """The shipped model, or None when the file is absent (the rules then decide alone); ``what``
    names it in errors (the follow-up model is stored the same way)."""
    def build(data: dict, version: str) -> RelevanceModel:
        blend = data.get("blend") or {}
        return RelevanceModel(
            bias=float(data["bias"]),
            weights={str(k): float(v) for k, v in data["weights"].items()},
            lo=float(blend.get("lo", 0.0)),
            hi=float(blend.get("hi", 1.0)),
            version=version,
            meta={"_about": data.get("_about", []), "cv": data.get("cv", {})},
        )

    return _load(path, what, build)


_M = TypeVar("_M")


def _load(path: Path | str, what: str, build: Callable[[dict, str], _M]) -> _M | None:
    """``build(data, version)`` from the JSON file at ``path`` (None when absent); the version is
    a hash of the file's bytes; a file that is not such a model is a ``DataFileError``."""
    p = Path(path)
    if not p.is_file():
        return None
    raw = p.read_bytes()
    try:
        return build(json.loads(raw.decode("utf-8")), hashlib.sha1(raw).hexdigest()[:12])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DataFileError(f"{p}: not a {what} ({exc})") from exc


@cache
def default_model() -> RelevanceModel | None:
    """The shipped model, loaded once per process."""
    return load_model()


def model_version() -> str:
    """The shipped models' hashes (part of the tagger version)."""
    from pipeline.tag.followup import (  # they build on this module
        default_followup_model,
        default_status_model,
    )

    m, c, f, s = default_model(), default_category_model(), default_followup_model(), default_status_model()
    out = m.version if m else "none"
    for extra in (c, f, s, default_type_model()):
        out = f"{out}.{extra.version}" if extra else out
    return out


@dataclass
class CategoryModel:
    """One-vs-rest logistic regressions, one per category; probabilities normalised to sum 1."""

    models: dict[str, RelevanceModel]
    threshold: float = 1.0  # a category is given only at or above this probability
    version: str = ""
    meta: dict = field(default_factory=dict)

    def probs(self, feats: Iterable[str]) -> dict[str, float]:
        feats = feats if isinstance(feats, Collection) else list(feats)
        raw = {c: m.prob(feats) for c, m in self.models.items()}
        total = sum(raw.values()) or 1.0
        return {c: p / total for c, p in raw.items()}

    def predict(self, feats: Iterable[str]) -> tuple[str | None, float]:
        """(category, probability), or (None, probability) below the threshold."""
        probs = self.probs(feats)
        if not probs:
            return None, 0.0
        best = max(sorted(probs), key=lambda c: probs[c])
        return (best if probs[best] >= self.threshold else None), probs[best]

    def to_json(self) -> str:
        data = {
            "_about": self.meta.get("_about", []),
            "cv": self.meta.get("cv", {}),
            "threshold": self.threshold,
            "categories": {
                c: {
                    "bias": round(m.bias, 4),
                    "weights": {k: round(v, 4) for k, v in sorted(m.weights.items())},
                }
                for c, m in sorted(self.models.items())
            },
        }
        return json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False) + "\n"


def load_category_model(
    path: Path | str = CATEGORY_MODEL_FILE, what: str = "category model"
) -> CategoryModel | None:
    """The shipped category model, or None when the file is absent; ``what`` names it in errors
    (the status and type models are stored the same way, one regression per status or type)."""
    def build(data: dict, version: str) -> CategoryModel:
        models = {
            str(c): RelevanceModel(
                bias=float(v["bias"]), weights={str(k): float(w) for k, w in v["weights"].items()}
            )
            for c, v in data["categories"].items()
        }
        return CategoryModel(
            models=models,
            threshold=float(data.get("threshold", 1.0)),
            version=version,
            meta={"_about": data.get("_about", []), "cv": data.get("cv", {})},
        )

    return _load(path, what, build)


@cache
def default_category_model() -> CategoryModel | None:
    """The shipped category model, loaded once per process."""
    return load_category_model()


@cache
def default_type_model() -> CategoryModel | None:
    """The shipped problem-type model (stored like the category model, one regression per type),
    loaded once per process."""
    return load_category_model(TYPE_MODEL_FILE, "type model")


def blend_kind(
    kind: str, scores: dict[str, float], p: float | None, hint: str, lo: float, hi: float
) -> tuple[str, str | None]:
    """(kind, cue) after the model's say: it turns exposure into other below ``lo`` and other
    into exposure (or followup, when follow-up cues outweigh exposure ones) above ``hi``;
    never against the source's hint, never for news or follow-ups the rules found. An exposure the
    model overturns in a news column is that column's news (campaign news), not other."""
    if p is None or kind == hint:
        return kind, None
    if kind == "exposure" and p < lo:
        return ("news" if hint == "news" else "other"), "model:not_problem"
    if kind == "other" and p > hi and hint != "news":
        better = "followup" if scores.get("followup", 0.0) > scores.get("exposure", 0.0) else "exposure"
        return better, "model:problem"
    return kind, None
