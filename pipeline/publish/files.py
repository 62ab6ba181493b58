"""Output files: atomic writes, the stylesheet copy, stale feed cleanup."""

from __future__ import annotations

import os
import shutil
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


def copy_stylesheet(templates_dir: Path, dest_dir: Path) -> Path | None:
    """Copy templates/style.css into ``dest_dir`` (pages link it as ``style.css``)."""
    src = templates_dir / STYLESHEET
    if not src.is_file():
        return None
    dest_dir.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(src, dest_dir / STYLESHEET))


def remove_stale_feeds(feeds_dir: Path, keep: Iterable[Path]) -> list[Path]:
    """Delete category-*/district-* feed files not written this time (e.g. a merged district)."""
    kept = {p.resolve() for p in keep}
    removed = []
    for pattern in ("category-*.rss", "category-*.atom", "district-*.rss", "district-*.atom"):
        for p in feeds_dir.glob(pattern):
            if p.resolve() not in kept:
                p.unlink()
                removed.append(p)
    return removed
