"""``wenming demo``: the whole pipeline on the bundled demo city, offline.

1. generate the demo outlet's website from ``pipeline/demo/data``;
2. serve it on 127.0.0.1 (a free port), as the proxy for the demo host, so
   stored URLs stay the same from run to run whatever the port;
3. crawl it with the real spiders, then tag, track and publish;
4. stop the server and print a summary.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import col, func, select

from pipeline import DATA_DIR
from pipeline.config import Config, config_from_dict
from pipeline.models import PROBLEM_STATUSES, STATUS_ZH
from pipeline.runner import open_db, run_publish, run_tag, run_track
from pipeline.store.tables import Item, Problem
from pipeline.timeutil import local

DEMO_HOST = "http://qifeng.example"
DEMO_GAZETTEER = DATA_DIR / "cities" / "zibo.toml"


@dataclass
class DemoSummary:
    seconds: dict[str, float] = field(default_factory=dict)
    pages_per_second: float = 0.0
    responses: int = 0
    items_by_kind: dict[str, int] = field(default_factory=dict)
    problems_by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    bulletin: Path | None = None
    feeds_dir: Path | None = None
    dropped: dict[str, int] = field(default_factory=dict)
    publish: Any = None


def demo_config(output_dir: Path, base_url: str = DEMO_HOST) -> Config:
    from pipeline.demo.site import demo_config_sources

    output_dir = output_dir.resolve()
    data = {
        "city": {"name": "淄博市", "gazetteer": str(DEMO_GAZETTEER), "issuer": "淄博市文明办（演示）"},
        "output_dir": str(output_dir),
        "publish": {"base_url": "http://localhost:8000/"},
        "sources": [{**s, "delay": 0.0, "concurrency": 8} for s in demo_config_sources(base_url)],
    }
    return config_from_dict(data, output_dir / "demo.toml")


@contextmanager
def proxy_env(proxy: str):
    """Route the crawler's HTTP through the demo server (Scrapy reads these at start)."""
    saved = {k: os.environ.get(k) for k in ("http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY")}
    os.environ["http_proxy"] = os.environ["HTTP_PROXY"] = proxy
    os.environ.pop("no_proxy", None)
    os.environ.pop("NO_PROXY", None)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def run_demo(output_dir: Path, echo: Callable[[str], None] = print, log_level: str = "WARNING") -> DemoSummary:
    from pipeline.demo.server import DemoServer
    from pipeline.demo.site import build_site
    from spiders.run import run_crawl

    summary = DemoSummary()
    t0 = time.perf_counter()
    site_dir = output_dir / "demo-site"
    manifest = build_site(site_dir)
    config = demo_config(output_dir)
    echo(f"demo: generated {len(manifest.pages)} article pages of 齐风晚报 (demo) in {site_dir}")
    with DemoServer(site_dir) as server:
        echo(f"demo: serving {DEMO_HOST} from {server.base_url}; crawling {len(config.sources)} sources …")
        with proxy_env(server.base_url):
            report = run_crawl(config, log_level=log_level)
    summary.seconds["crawl"] = report.seconds
    summary.responses, summary.pages_per_second = report.responses, report.pages_per_second
    summary.dropped = report.dropped()
    echo(f"crawl: {report.responses} responses in {report.seconds:.1f}s ({report.pages_per_second:.1f} pages/s); "
         f"new items {report.total('wenming/items/new')}, unchanged {report.total('wenming/items/unchanged')}, "
         f"syndicated duplicates {report.total('wenming/items/duplicate')}"
         + (f", updated {n}" if (n := report.total("wenming/items/updated")) else ""))
    if summary.dropped:
        echo("crawl: dropped " + ", ".join(f"{k} {v}" for k, v in sorted(summary.dropped.items())))
    for stage, fn in (("tag", lambda: run_tag(config)), ("track", lambda: run_track(config)),
                      ("publish", lambda: run_publish(config))):
        t = time.perf_counter()
        result = fn()
        summary.seconds[stage] = time.perf_counter() - t
        if stage == "publish":
            summary.publish = result
        else:
            echo(f"{stage}: " + ((", ".join(f"{k} {v}" for k, v in sorted(result.items())) or "nothing new")
                                 if stage == "tag" else str(result)))
    with open_db(config) as s:
        summary.items_by_kind = dict(s.exec(select(Item.kind, func.count()).group_by(Item.kind)).all())  # type: ignore[arg-type]
        summary.problems_by_status = dict(s.exec(select(Problem.status, func.count()).group_by(Problem.status)).all())  # type: ignore[arg-type]
        week_end = summary.publish.week_end if hasattr(summary.publish, "week_end") else None
        today = week_end or local(s.exec(select(func.max(Problem.updated_at))).one()).date()  # type: ignore[arg-type, union-attr]
        summary.overdue = s.exec(select(func.count()).select_from(Problem).where(
            col(Problem.deadline) < today, col(Problem.status).not_in(["resolved", "dismissed"]))).one()
    summary.bulletin = summary.publish.bulletin_path
    summary.feeds_dir = config.output_dir / "feeds"
    summary.seconds["total"] = time.perf_counter() - t0
    echo("")
    echo("items: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.items_by_kind.items(), key=lambda kv: str(kv[0]))))
    echo("problems: " + ", ".join(f"{STATUS_ZH[s]} {s} {summary.problems_by_status.get(s, 0)}"
                                  for s in PROBLEM_STATUSES) + f"; overdue {summary.overdue}")
    pub = summary.publish
    frozen = "; unchanged, kept as published" if getattr(pub, "frozen", False) else ""
    echo(f"bulletin: {summary.bulletin}  (第{pub.number}期, {pub.week}{frozen})")
    if getattr(pub, "docx_path", None):
        echo(f"word:     {pub.docx_path}")
    if getattr(pub, "site", None) is not None:
        echo(f"site:     {config.output_dir / 'site' / 'index.html'}")
    echo(f"feeds:    {summary.feeds_dir}/exposures.rss, resolved.atom, … ({len(summary.publish.feed_paths)} files)")
    echo(f"database: {config.database_url}")
    echo(f"done in {summary.seconds['total']:.1f}s")
    return summary


def serve_forever(output_dir: Path, port: int) -> None:
    """Serve the demo website on 127.0.0.1:PORT until interrupted."""
    from pipeline.demo.server import DemoServer
    from pipeline.demo.site import build_site

    site_dir = output_dir / "demo-site"
    build_site(site_dir)
    with DemoServer(site_dir, port=port) as server:
        print(f"serving the demo site at {server.base_url}/ (Ctrl-C to stop)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
