"""Wenming: media monitoring for the civilized-city campaign (全国文明城市创建).

Stages, each a plain module taking and returning typed objects:
crawl (``spiders/``) → decode/extract/normalize (``pipeline.extract``) →
store (``pipeline.store``) → tag (``pipeline.tag``) → track (``pipeline.track``)
→ publish (``pipeline.publish``).
"""

from pathlib import Path

__version__ = "0.1.0"

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
REPO_DIR = PACKAGE_DIR.parent
