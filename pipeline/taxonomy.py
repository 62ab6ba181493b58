"""The taxonomy: categories, problem types with their cue words, site types.

Shipped as ``pipeline/data/taxonomy.toml``; a city may point its config at its
own copy. Every consumer (tagger, config validation, bulletins, feeds) reads it
through ``load_taxonomy``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline import DATA_DIR
from pipeline.datafiles import read_toml
from pipeline.errors import DataFileError

DEFAULT_TAXONOMY = DATA_DIR / "taxonomy.toml"


@dataclass(frozen=True)
class ProblemType:
    slug: str
    zh: str
    category: str
    cues: tuple[tuple[str, float], ...] = ()


@dataclass
class Taxonomy:
    categories: dict[str, str]
    types: dict[str, ProblemType]
    site_types: dict[str, list[str]] = field(default_factory=dict)
    version: str = ""  # content hash; changes when editors change the file

    def label(self, slug: str | None) -> str:
        """The Chinese name of a category or problem-type slug ('' for None)."""
        if slug is None:
            return ""
        if slug in self.types:
            return self.types[slug].zh
        return self.categories.get(slug, slug)

    def category_of(self, type_slug: str | None) -> str | None:
        pt = self.types.get(type_slug or "")
        return pt.category if pt else None


def _parse_cue(raw: object, where: str) -> tuple[str, float]:
    if not isinstance(raw, str):
        raise DataFileError(f"{where}: a cue is a string \"word\" or \"word:weight\", not {raw!r}")
    word, _, weight = raw.partition(":")
    try:
        value = float(weight) if weight else 1.0
    except ValueError as exc:
        raise DataFileError(f"{where}: bad cue weight in {raw!r}") from exc
    if not word.strip():
        raise DataFileError(f"{where}: a cue with no word in {raw!r}")
    if not (0 <= value < math.inf):  # also NaN
        raise DataFileError(f"{where}: a cue weight is a number 0 or more, not {weight!r} in {raw!r}")
    return word.strip(), value


def parse_taxonomy(data: dict, where: str = "taxonomy") -> Taxonomy:
    categories = data.get("categories") or {}
    if not categories:
        raise DataFileError(f"{where}: no [categories]")
    types: dict[str, ProblemType] = {}
    for name, zh in categories.items():
        if not isinstance(zh, str) or not zh.strip():
            raise DataFileError(f"{where}: categories.{name}: the category's Chinese name, a string, not {zh!r}")
    for slug, spec in (data.get("types") or {}).items():
        if not isinstance(spec, dict):
            raise DataFileError(f"{where}: types.{slug}: a table with zh, category and cues, not {spec!r}")
        cat = spec.get("category")
        if cat not in categories:
            raise DataFileError(f"{where}: types.{slug}.category: unknown category {cat!r}")
        zh = spec.get("zh", slug)
        if not isinstance(zh, str) or not zh.strip():
            raise DataFileError(f"{where}: types.{slug}.zh: the type's Chinese name, a string, not {zh!r}")
        raw_cues = spec.get("cues", [])
        if not isinstance(raw_cues, list):
            raise DataFileError(f"{where}: types.{slug}.cues: a list of strings, not {raw_cues!r}")
        cues = tuple(_parse_cue(c, f"{where}: types.{slug}.cues") for c in raw_cues)
        types[slug] = ProblemType(slug=slug, zh=zh, category=cat, cues=cues)
    site_types = data.get("site_types") or {}
    for name, words in site_types.items():
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise DataFileError(f"{where}: site_types.{name}: a list of words, not {words!r}")
    return Taxonomy(
        categories=dict(categories),
        types=types,
        site_types={k: list(v) for k, v in site_types.items()},
    )


@lru_cache(maxsize=8)
def load_taxonomy(path: Path | str | None = None) -> Taxonomy:
    """Load a taxonomy file (default: the shipped one). Cached per path."""
    p = Path(path) if path else DEFAULT_TAXONOMY
    data, version = read_toml(p, "taxonomy")
    tax = parse_taxonomy(data, str(p))
    tax.version = version
    return tax
