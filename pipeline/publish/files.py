"""Output files: atomic writes, the stylesheet copy, stale feed cleanup."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

STYLESHEET = "style.css"


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write via a temp file and rename, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_if_changed(path: Path, data: bytes | str) -> bool:
    """Write only when the bytes differ from the file's (keeps mtimes of unchanged files)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if path.read_bytes() == raw:
            return False
    except FileNotFoundError:
        pass
    write_atomic(path, raw)
    return True


def copy_stylesheet(templates_dir: Path, dest_dir: Path) -> Path | None:
    """Copy templates/style.css into ``dest_dir`` (pages link it as ``style.css``)."""
    src = templates_dir / STYLESHEET
    if not src.is_file():
        return None
    dest = dest_dir / STYLESHEET
    write_if_changed(dest, src.read_bytes())
    return dest


def remove_stale_feeds(feeds_dir: Path, keep: Iterable[Path]) -> list[Path]:
    """Delete category-*/district-*/type-* feed files not written this time (e.g. a merged district)."""
    kept = {p.resolve() for p in keep}
    removed = []
    for pattern in ("category-*", "district-*", "type-*"):
        for p in feeds_dir.glob(pattern):
            if p.resolve() not in kept:
                p.unlink()
                removed.append(p)
    return removed
