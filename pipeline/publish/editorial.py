"""Editor overrides for one week's bulletin: title, issuing unit, lead paragraph, note.

They live in ``<output_dir>/editorial/<week>.toml``, a file the editor may
edit by hand, e.g.::

    title = "淄博市创城媒体曝光问题整改周报"
    issuer = "淄博市创城办"
    lead = "本周……"
    note = "请各区县于11月30日前报送整改情况。"

``wenming publish --week W --title … --lead … --note …`` writes the given
values into that file (keeping the others) before publishing, so a later
re-publish keeps them. An empty value removes an override.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from pipeline.errors import WenmingError
from pipeline.publish.files import write_atomic

KEYS = ("title", "issuer", "lead", "note")


@dataclass(frozen=True)
class Editorial:
    title: str | None = None
    issuer: str | None = None
    lead: str | None = None
    note: str | None = None

    def merged(self, other: Editorial | None) -> Editorial:
        """``self`` with every value ``other`` sets ('' clears it)."""
        if other is None:
            return self
        changes = {f.name: getattr(other, f.name) for f in fields(other)}
        changes = {k: (v or None) for k, v in changes.items() if v is not None}
        return replace(self, **changes)

    def is_empty(self) -> bool:
        return all(getattr(self, k) is None for k in KEYS)


def editorial_path(output_dir: Path, week: str) -> Path:
    return Path(output_dir) / "editorial" / f"{week}.toml"


def load_editorial(path: Path) -> Editorial:
    """The file's overrides; an absent file means none. Unknown keys are an error."""
    if not path.is_file():
        return Editorial()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise WenmingError(f"{path}: {exc}") from exc
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise WenmingError(f"{path}: {unknown[0]}: unknown key (expected one of {', '.join(KEYS)})")
    bad = [k for k, v in data.items() if not isinstance(v, str)]
    if bad:
        raise WenmingError(f"{path}: {bad[0]}: must be a string")
    return Editorial(**{k: (v or None) for k, v in data.items()})


def _toml_string(s: str) -> str:
    # JSON escapes are valid TOML basic-string escapes; TOML also forbids a raw DEL
    return json.dumps(s, ensure_ascii=False).replace("\x7f", "\\u007f")


def save_editorial(path: Path, ed: Editorial) -> Path | None:
    """Write the overrides (or remove the file when there are none)."""
    if ed.is_empty():
        path.unlink(missing_ok=True)
        return None
    lines = ["# Editor overrides for this week's bulletin (wenming publish reads them).\n"]
    lines += [f"{k} = {_toml_string(getattr(ed, k))}\n" for k in KEYS if getattr(ed, k)]
    return write_atomic(path, "".join(lines))
