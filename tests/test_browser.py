"""Bulletin and site pages rendered in a real headless Chromium; screenshots must not be blank.

Needs Debian's chromium (``.ci/run`` installs it with fonts-noto-cjk); skipped
with a reason on a machine without it. Save the screenshots somewhere with
``WENMING_SCREENSHOTS=docs/screenshots pytest tests/test_browser.py``.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest
from sqlmodel import Session

from tests.test_publish import run, session  # noqa: F401  (fixture)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not installed (apt-get install chromium fonts-noto-cjk)"
)


# the check decodes PNGs in pure Python: half-scale keeps it quick; full scale for saved ones
SCALE = "1" if os.environ.get("WENMING_SCREENSHOTS") else "0.5"


def screenshot(page: Path, png: Path, width: int = 1200, height: int = 1600) -> Path:
    """Render ``page`` from disk in headless Chromium into ``png`` (a 1200×1600 CSS-pixel window)."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile}", "--hide-scrollbars",
             f"--window-size={width},{height}", f"--force-device-scale-factor={SCALE}",
             f"--screenshot={png}", page.resolve().as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    return png


def pixels(png: Path) -> tuple[int, int, list[tuple[int, int, int]]]:
    """Decode an 8-bit RGB/RGBA, non-interlaced PNG (what Chromium writes) into RGB pixels."""
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and color in (2, 6) and interlace == 0, (depth, color, interlace)
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride, out, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        f, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += [tuple(line[x : x + 3]) for x in range(0, stride, bpp)]
        prev = line
    return width, height, out


def check_not_blank(png: Path) -> None:
    width, height, px = pixels(png)
    assert (width, height) == (1200 * float(SCALE), 1600 * float(SCALE))
    ink = sum(1 for r, g, b in px if r + g + b < 600)  # not white-ish
    red = sum(1 for r, g, b in px if r > 150 and g < 60 and b < 60)  # the masthead's accent
    assert ink > 0.01 * len(px), f"{png.name}: only {ink} dark pixels"
    assert red > 500, f"{png.name}: no red masthead ({red} red pixels)"
    assert len(set(px)) > 50, f"{png.name}: {len(set(px))} colours"


def keep(png: Path) -> None:
    dest = os.environ.get("WENMING_SCREENSHOTS")
    if dest:
        Path(dest).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(png, Path(dest) / png.name)


def test_bulletin_and_problem_page_render(session: Session, tmp_path: Path) -> None:  # noqa: F811
    res = run(session, tmp_path / "out", week="2026-W47")
    site = tmp_path / "out" / "site"
    for page, name in (
        (res.bulletin_path, "bulletin.png"),
        (site / "problems" / "8.html", "problem.png"),
    ):
        png = screenshot(page, tmp_path / name)
        check_not_blank(png)
        keep(png)


def test_blank_page_is_caught(tmp_path: Path) -> None:
    """The check itself: an empty page must fail it."""
    page = tmp_path / "blank.html"
    page.write_text("<!DOCTYPE html><html><body></body></html>", "utf-8")
    with pytest.raises(AssertionError):
        check_not_blank(screenshot(page, tmp_path / "blank.png"))
