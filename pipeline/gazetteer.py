"""A city's gazetteer: districts/counties, their streets/towns and known places.

Shipped per city as ``pipeline/data/cities/<city>.toml``::

    name = "淄博市"
    aliases = ["淄博"]

    [districts."张店区"]
    aliases = ["张店"]
    streets = ["马尚街道", "中埠镇"]
    places = ["华光路", "奥林社区"]

``Gazetteer.locate(text)`` finds the district and street a text speaks of,
most specific first: a street implies its district; then a district name or
alias; then a known place listed under a single district.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import DATA_DIR
from pipeline.datafiles import read_toml
from pipeline.errors import DataFileError

DEFAULT_GAZETTEER = DATA_DIR / "cities" / "zibo.toml"

# Anonymised or foreign admin prefixes such as "A市", "A3区", "K9县".
_ANON_ADMIN = re.compile(r"^[A-Z]\d{0,2}[市区县]")


@dataclass(frozen=True)
class District:
    name: str
    aliases: tuple[str, ...] = ()
    streets: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


@dataclass(frozen=True)
class GazMatch:
    """One gazetteer name found in a text."""

    start: int
    end: int
    text: str
    level: str  # city | district | street | place
    districts: tuple[str, ...]  # the districts the name implies (empty for the city)


@dataclass(frozen=True)
class Location:
    district: str | None = None
    street: str | None = None
    place: str | None = None


@dataclass
class Gazetteer:
    name: str
    districts: dict[str, District]
    aliases: tuple[str, ...] = ()
    path: str = ""
    version: str = ""
    _index: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict, repr=False)
    _pattern: re.Pattern[str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        index: dict[str, tuple[str, list[str]]] = {}
        rank = {"city": 0, "place": 1, "district": 2, "street": 3}

        def put(word: str, level: str, district: str | None) -> None:
            old = index.get(word)
            if old is None or rank[level] > rank[old[0]]:
                index[word] = (level, [district] if district else [])
            elif old[0] == level and district and district not in old[1]:
                old[1].append(district)

        for word in (self.name, *self.aliases):
            put(word, "city", None)
        for d in self.districts.values():
            for word in (d.name, *d.aliases):
                put(word, "district", d.name)
            for word in d.streets:
                put(word, "street", d.name)
            for word in d.places:
                put(word, "place", d.name)
        self._index = {w: (lv, tuple(ds)) for w, (lv, ds) in index.items() if w}
        words = sorted(self._index, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, words))) if words else None

    # -- lookups -------------------------------------------------------------

    def names(self) -> list[str]:
        """Every name in the gazetteer (for a tokenizer's user dictionary)."""
        return list(self._index)

    def level_of(self, word: str) -> str | None:
        entry = self._index.get(word)
        return entry[0] if entry else None

    def district_of(self, word: str) -> str | None:
        """The single district a street, place or district name implies."""
        entry = self._index.get(word)
        if entry and len(entry[1]) == 1:
            return entry[1][0]
        return None

    def find_all(self, text: str) -> list[GazMatch]:
        """Every gazetteer name in ``text``, leftmost-longest, in order."""
        if not text or self._pattern is None:
            return []
        out = []
        for m in self._pattern.finditer(text):
            level, districts = self._index[m.group()]
            out.append(GazMatch(m.start(), m.end(), m.group(), level, districts))
        return out

    def find_street(self, text: str) -> GazMatch | None:
        return next((m for m in self.find_all(text) if m.level == "street"), None)

    def find_district(self, text: str) -> str | None:
        return self.locate(text).district

    def locate(self, text: str) -> Location:
        """District, street and known place of a text, most specific first."""
        matches = self.find_all(text)
        named = [m.districts[0] for m in matches if m.level == "district"]
        street = next((m for m in matches if m.level == "street"), None)
        place = next((m for m in matches if m.level == "place"), None)
        district: str | None = None
        if street is not None:
            if len(street.districts) == 1:
                district = street.districts[0]
            else:
                district = next((d for d in named if d in street.districts), None)
        if district is None and named:
            district = named[0]
        if district is None and place is not None and len(place.districts) == 1:
            district = place.districts[0]
        return Location(
            district=district,
            street=street.text if street else None,
            place=place.text if place else None,
        )

    def strip_prefix(self, name: str, min_rest: int = 2) -> str:
        """Drop leading city/district/street names ("张店区华光路" → "华光路")."""
        changed = True
        while changed:
            changed = False
            m = self._pattern.match(name) if self._pattern else None
            if m and m.group() != name and self._index[m.group()][0] != "place":
                if len(name) - m.end() >= min_rest:
                    name, changed = name[m.end():], True
                    continue
            a = _ANON_ADMIN.match(name)
            if a and len(name) - a.end() >= min_rest:
                name, changed = name[a.end():], True
        return name


def _str_list(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(f"{where}: expected a list of non-empty strings")
    return tuple(v.strip() for v in value)


def parse_gazetteer(data: dict, where: str = "gazetteer") -> Gazetteer:
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise DataFileError(f"{where}: name: missing or not a string")
    raw = data.get("districts")
    if not isinstance(raw, dict) or not raw:
        raise DataFileError(f"{where}: no [districts.\"<name>\"] tables")
    districts: dict[str, District] = {}
    for dname, spec in raw.items():
        key = f"{where}: districts.{dname}"
        if not isinstance(spec, dict):
            raise DataFileError(f"{key}: expected a table")
        unknown = set(spec) - {"aliases", "streets", "places"}
        if unknown:
            raise DataFileError(f"{key}: unknown key(s) {sorted(unknown)}")
        districts[dname] = District(
            name=dname,
            aliases=_str_list(spec.get("aliases"), f"{key}.aliases"),
            streets=_str_list(spec.get("streets"), f"{key}.streets"),
            places=_str_list(spec.get("places"), f"{key}.places"),
        )
    return Gazetteer(
        name=name.strip(),
        districts=districts,
        aliases=_str_list(data.get("aliases"), f"{where}: aliases"),
    )


def load_gazetteer(path: Path | str | None = None) -> Gazetteer:
    """Load a gazetteer file (default: the demo city's). Raises DataFileError."""
    p = Path(path) if path else DEFAULT_GAZETTEER
    data, version = read_toml(p, "gazetteer")
    gaz = parse_gazetteer(data, str(p))
    gaz.path = str(p.resolve())
    gaz.version = version
    return gaz
