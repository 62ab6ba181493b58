"""Benchmark: the demo end to end, and the crawl stage against a plain-urllib baseline.

    python benchmarks/demo_pipeline.py [--runs 3] [--json]

Baseline (same process, same server): fetch every page the crawler fetches,
one after another with urllib, and extract each with ``page_to_article``.
Then ``wenming demo`` runs in a subprocess (Scrapy's reactor starts once per
process) on a fresh output folder; its own timing lines are read back.
Ratios are printed because machines here are noisy.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.demo.server import DemoServer  # noqa: E402
from pipeline.demo.site import build_site  # noqa: E402
from pipeline.errors import PageError  # noqa: E402
from pipeline.extract import page_to_article  # noqa: E402
from pipeline.models import FetchedPage, SourceInfo  # noqa: E402


def baseline(tmp: Path) -> dict[str, float]:
    manifest = build_site(tmp / "site")
    paths = [p for col in manifest.list_pages.values() for p in col] + manifest.pages + ["/rss.xml"]
    with DemoServer(tmp / "site") as server:
        t0 = time.perf_counter()
        pages = []
        for p in paths:
            with urllib.request.urlopen(server.url(p)) as r:
                pages.append((p, r.read(), r.headers.get("content-type", "")))
        fetch = time.perf_counter() - t0
    t0 = time.perf_counter()
    for p, body, ctype in pages:
        try:
            page_to_article(FetchedPage(url="http://qifeng.example" + p, status=200, body=body,
                                        headers={"content-type": ctype}), SourceInfo(name="bench"))
        except PageError:
            pass
    extract = time.perf_counter() - t0
    return {"pages": len(paths), "urllib_pages_per_s": len(paths) / fetch, "extract_ms_per_page": 1000 * extract / len(paths)}


def demo_once(tmp: Path) -> dict[str, float]:
    out = tmp / f"out{time.monotonic_ns()}"
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "demo", "--output", str(out)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    wall = time.perf_counter() - t0
    m = re.search(r"crawl: (\d+) responses in ([\d.]+)s \(([\d.]+) pages/s\)", proc.stdout)
    done = re.search(r"done in ([\d.]+)s", proc.stdout)
    assert m and done, proc.stdout
    return {"wall_s": wall, "pipeline_s": float(done.group(1)), "crawl_s": float(m.group(2)),
            "responses": int(m.group(1)), "crawl_pages_per_s": float(m.group(3))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        base = baseline(tmp)
        runs = [demo_once(tmp) for _ in range(args.runs)]
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    result = {**base, **{f"demo_{k}": v for k, v in med.items()},
              "crawl_vs_urllib_ratio": med["crawl_pages_per_s"] / base["urllib_pages_per_s"]}
    if args.json:
        print(json.dumps(result))
        return
    print(f"demo end to end (median of {args.runs}): {med['wall_s']:.1f}s wall, {med['pipeline_s']:.1f}s inside wenming")
    print(f"crawl stage: {med['responses']:.0f} responses in {med['crawl_s']:.2f}s = {med['crawl_pages_per_s']:.1f} pages/s")
    print(f"baseline: sequential urllib {base['urllib_pages_per_s']:.1f} pages/s over {base['pages']} pages; "
          f"extract {base['extract_ms_per_page']:.1f} ms/page")
    print(f"ratio crawl/urllib: {result['crawl_vs_urllib_ratio']:.2f}")


if __name__ == "__main__":
    main()
