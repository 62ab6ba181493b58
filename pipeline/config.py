"""Load and validate ``wenming.toml``.

Precedence: ``--config PATH`` > ``$WENMING_CONFIG`` > ``./wenming.toml``;
``$WENMING_DATABASE_URL`` overrides ``database_url``. Any problem raises
``ConfigError`` naming the file and the key; the CLI prints it as one line.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from pipeline import REPO_DIR
from pipeline.errors import ConfigError, DataFileError
from pipeline.models import KIND_HINTS
from pipeline.settings import CITY, PUBLISH, SOURCE, TOP, TRACK, Setting
from pipeline.taxonomy import Taxonomy, load_taxonomy

OVERRIDE_KEYS = ("list_links", "next_page", "title", "published", "author", "body")


@dataclass
class SourceConfig:
    name: str
    start_urls: list[str]
    outlet: str = ""
    column: str = ""
    kind: str = "mixed"
    allowed_domains: list[str] = field(default_factory=list)
    overrides: dict[str, str] = field(default_factory=dict)
    max_pages: int = 20
    delay: float = 0.5
    concurrency: int = 2
    enabled: bool = True


@dataclass
class Config:
    path: Path
    city: str
    gazetteer: Path
    output_dir: Path
    database_url: str
    templates_dir: Path
    taxonomy_path: Path | None = None
    issuer: str = ""
    user_agent: str = "Wenming/0.1 (+civilized-city media monitor)"
    obey_robots: bool = True
    base_url: str = "http://localhost:8000/"
    feed_max_items: int = 50
    site_page_size: int = 100
    default_deadline_days: int = 7
    deadline_days: dict[str, int] = field(default_factory=dict)
    apply_threshold: float = 0.6
    review_threshold: float = 0.35
    sources: list[SourceConfig] = field(default_factory=list)

    @property
    def taxonomy(self) -> Taxonomy:
        return load_taxonomy(self.taxonomy_path)

    def source(self, name: str) -> SourceConfig:
        for s in self.sources:
            if s.name == name:
                return s
        raise ConfigError(self.path, f"sources.{name}", "no such source")

    def deadline_for(self, problem_type: str | None) -> int:
        return self.deadline_days.get(problem_type or "", self.default_deadline_days)


def find_config_path(explicit: str | Path | None = None) -> Path:
    if explicit:
        return Path(explicit)
    env = os.environ.get("WENMING_CONFIG")
    if env:
        return Path(env)
    return Path("wenming.toml")


def load_config(explicit: str | Path | None = None) -> Config:
    path = find_config_path(explicit)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, "-", "config file not found (pass --config PATH or run `wenming demo`)") from None
    except UnicodeDecodeError:
        raise ConfigError(path, "-", "config file is not UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, "-", f"not valid TOML: {exc}") from None
    return config_from_dict(data, path)


def _check_keys(path: Path, where: str, table: dict, allowed: list[Setting], extra: tuple = ()) -> None:
    names = [s.name for s in allowed] + list(extra)
    for key in table:
        if key not in names:
            hint = difflib.get_close_matches(key, names, n=1)
            more = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise ConfigError(path, f"{where}{key}", f"unknown key{more}")


def _typed(path: Path, key: str, value: Any, kind: type | tuple) -> Any:
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        name = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise ConfigError(path, key, f"expected {name}, got {value!r}")
    return value


def _ranged(path: Path, key: str, value: Any, kind: type, low: float, high: float | None = None) -> Any:
    """``_typed``, and within [low, high] (a threshold of 7 or a delay of -1 is a typo, not a setting)."""
    value = _typed(path, key, value, kind)
    if value < low or (high is not None and value > high):
        span = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
        raise ConfigError(path, key, f"must be {span}, not {value!r}")
    return value


def _url(path: Path, key: str, value: Any) -> str:
    value = _typed(path, key, value, str)
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(path, key, f"not an http(s) URL: {value!r}")
    return value


def _source(path: Path, i: int, raw: Any) -> SourceConfig:
    where = f"sources[{i}]"
    if not isinstance(raw, dict):
        raise ConfigError(path, where, "each source must be a table ([[sources]])")
    _check_keys(path, where + ".", raw, SOURCE)
    name = raw.get("name")
    if not name or not isinstance(name, str) or not name.replace("-", "").replace("_", "").isalnum():
        raise ConfigError(path, f"{where}.name", "required: a short ASCII id like 'luzhong-bgt'")
    where = f"sources[{i}] ({name})"
    urls = raw.get("start_urls")
    if isinstance(urls, str):
        urls = [urls]
    if not urls:
        raise ConfigError(path, f"{where}.start_urls", "required: at least one start URL")
    urls = [_url(path, f"{where}.start_urls", u) for u in _typed(path, f"{where}.start_urls", urls, list)]
    kind = raw.get("kind", "mixed")
    if kind not in KIND_HINTS:
        raise ConfigError(path, f"{where}.kind", f"must be one of {', '.join(KIND_HINTS)}, got {kind!r}")
    domains = raw.get("allowed_domains") or sorted({urlparse(u).hostname or "" for u in urls})
    _typed(path, f"{where}.allowed_domains", domains, list)
    overrides = {k: _typed(path, f"{where}.{k}", raw[k], str) for k in OVERRIDE_KEYS if raw.get(k)}
    return SourceConfig(
        name=name,
        start_urls=urls,
        outlet=_typed(path, f"{where}.outlet", raw.get("outlet", ""), str),
        column=_typed(path, f"{where}.column", raw.get("column", ""), str),
        kind=kind,
        allowed_domains=list(domains),
        overrides=overrides,
        max_pages=_ranged(path, f"{where}.max_pages", raw.get("max_pages", 20), int, 1),
        delay=_ranged(path, f"{where}.delay", raw.get("delay", 0.5), float, 0),
        concurrency=_ranged(path, f"{where}.concurrency", raw.get("concurrency", 2), int, 1),
        enabled=_typed(path, f"{where}.enabled", raw.get("enabled", True), bool),
    )


def _resolve(base: Path, value: str) -> Path:
    p = Path(value).expanduser()
    return p if p.is_absolute() else (base / p)


def config_from_dict(data: dict, path: Path) -> Config:
    """Validate a parsed config; relative paths are taken from the config file's folder."""
    path = Path(path)
    base = path.resolve().parent
    _check_keys(path, "", data, TOP, extra=("city", "publish", "deadlines", "track", "sources"))
    city = data.get("city")
    if not isinstance(city, dict):
        raise ConfigError(path, "city", "required table [city] with name and gazetteer")
    _check_keys(path, "city.", city, CITY)
    if not city.get("name"):
        raise ConfigError(path, "city.name", "required")
    if not city.get("gazetteer"):
        raise ConfigError(path, "city.gazetteer", "required: path to the city's gazetteer TOML")
    gazetteer = _resolve(base, _typed(path, "city.gazetteer", city["gazetteer"], str))
    if not gazetteer.is_file():
        raise ConfigError(path, "city.gazetteer", f"file not found: {gazetteer}")

    taxonomy_path = None
    if data.get("taxonomy"):
        taxonomy_path = _resolve(base, _typed(path, "taxonomy", data["taxonomy"], str))
    try:
        taxonomy = load_taxonomy(taxonomy_path)
    except DataFileError as exc:
        raise ConfigError(path, "taxonomy", str(exc)) from None

    output_dir = _resolve(base, _typed(path, "output_dir", data.get("output_dir", "output"), str))
    db_url = os.environ.get("WENMING_DATABASE_URL") or data.get("database_url")
    if db_url:
        db_url = _typed(path, "database_url", db_url, str)
        if "://" not in db_url:
            raise ConfigError(path, "database_url", f"not a database URL: {db_url!r}")
    else:
        db_url = f"sqlite:///{output_dir / 'wenming.db'}"
    templates = data.get("templates_dir")
    templates_dir = _resolve(base, templates) if templates else REPO_DIR / "templates"

    publish = data.get("publish", {})
    _check_keys(path, "publish.", publish, PUBLISH)
    base_url = _url(path, "publish.base_url", publish.get("base_url", "http://localhost:8000/"))
    if not base_url.endswith("/"):
        base_url += "/"
    page_size = _ranged(path, "publish.site_page_size", publish.get("site_page_size", 100), int, 1)

    deadlines = dict(data.get("deadlines", {}))
    default_days = _ranged(path, "deadlines.default_days", deadlines.pop("default_days", 7), int, 0)
    for slug, days in deadlines.items():
        if slug not in taxonomy.types:
            hint = difflib.get_close_matches(slug, list(taxonomy.types), n=1)
            more = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise ConfigError(path, f"deadlines.{slug}", f"unknown problem-type slug{more}")
        _ranged(path, f"deadlines.{slug}", days, int, 0)

    track = data.get("track", {})
    _check_keys(path, "track.", track, TRACK)
    apply_at = _ranged(path, "track.apply_threshold", track.get("apply_threshold", 0.6), float, 0, 1)
    review_at = _ranged(path, "track.review_threshold", track.get("review_threshold", 0.35), float, 0, 1)
    if review_at > apply_at:
        raise ConfigError(path, "track.review_threshold",
                          f"must not be above apply_threshold ({review_at:g} > {apply_at:g})")

    raw_sources = data.get("sources", [])
    if not isinstance(raw_sources, list):
        raise ConfigError(path, "sources", "must be an array of tables ([[sources]])")
    sources = [_source(path, i, s) for i, s in enumerate(raw_sources)]
    seen: set[str] = set()
    for s in sources:
        if s.name in seen:
            raise ConfigError(path, f"sources.{s.name}", "duplicate source name")
        seen.add(s.name)

    return Config(
        path=path,
        city=_typed(path, "city.name", city["name"], str),
        gazetteer=gazetteer,
        output_dir=output_dir,
        database_url=db_url,
        templates_dir=templates_dir,
        taxonomy_path=taxonomy_path,
        issuer=_typed(path, "city.issuer", city.get("issuer", ""), str) or f"{city['name']}文明办",
        user_agent=_typed(path, "user_agent", data.get("user_agent", TOP[4].default), str),
        obey_robots=_typed(path, "obey_robots", data.get("obey_robots", True), bool),
        base_url=base_url,
        feed_max_items=_ranged(path, "publish.feed_max_items", publish.get("feed_max_items", 50), int, 1),
        site_page_size=page_size,
        default_deadline_days=default_days,
        deadline_days=deadlines,
        apply_threshold=apply_at,
        review_threshold=review_at,
        sources=sources,
    )
