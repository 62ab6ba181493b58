"""Reading the data files editors change (taxonomy, gazetteers): TOML, UTF-8, versioned."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

from pipeline.errors import DataFileError


def read_toml(path: Path, what: str) -> tuple[dict, str]:
    """(parsed data, content version) of a data file; ``DataFileError`` names the file and the fault."""
    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except FileNotFoundError as exc:
        raise DataFileError(f"{path}: {what} file not found") from exc
    except IsADirectoryError as exc:
        raise DataFileError(f"{path}: is a directory, not a {what} file") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: {exc}") from exc
    return data, hashlib.sha1(raw).hexdigest()[:12]
