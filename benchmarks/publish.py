"""Publishing at scale: a week's bulletin and all feeds for a ledger of N problems (default 100k),
and the static site rebuilt after one status change.

Ratios are against baselines measured in the same run (the machine is shared and noisy):
- bulletin + feeds (``publish(site=False)``: its indexed reads, contexts, HTML, .docx and every
  feed) vs. the floor cost of reading every problem and event row with sqlite3 and writing
  them as CSV;
- the incremental site step (its own reads included: ledger stamp, changed problems, group
  figures, the kept rows of the lists it touches) vs. the full site build it follows
  (which reads the whole ledger into a snapshot and renders every page). District and category
  lists are paginated (100 problems a page): the status change rewrites page 1 of its district
  and category (their figures) and the pages its row leaves, enters or shifts.

Targets (issue 6, at 100k): bulletin + feeds < 5 s; incremental site step < 1 s.

    python benchmarks/publish.py [--problems 100000]
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import Session, SQLModel, create_engine

from pipeline import REPO_DIR
from pipeline.publish import publish
from pipeline.publish.snapshot import load_snapshot
from pipeline.store.tables import Problem, ProblemEvent
from pipeline.taxonomy import load_taxonomy

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
DISTRICTS = ["张店区", "淄川区", "博山区", "临淄区", "周村区", "桓台县", "高青县", "沂源县"]


def make_ledger(path: Path, n: int, seed: int = 7) -> None:
    """n problems over 26 weeks, ~2.3 events each, written with core inserts."""
    rnd = random.Random(seed)
    tax = load_taxonomy()
    types = list(tax.types)
    engine = create_engine(f"sqlite:///{path}")
    SQLModel.metadata.create_all(engine)
    start = NOW - timedelta(weeks=26)
    problems, events = [], []
    for i in range(1, n + 1):
        t = rnd.choice(types)
        d = rnd.choice(DISTRICTS)
        at = start + timedelta(seconds=rnd.randrange(26 * 7 * 86400))
        place = f"{rnd.choice('华光人民共青团柳泉新村西五')}路{rnd.randrange(300)}号"
        status = rnd.choices(["exposed", "in_progress", "resolved", "dismissed"], [3, 2, 6, 1])[0]
        evs = [(at, "opened", None, "exposed")]
        if status != "exposed":
            later = at + timedelta(hours=rnd.randrange(1, 400))
            if status == "resolved" and rnd.random() < 0.5:
                evs.append((later, "status", "exposed", "in_progress"))
                later += timedelta(hours=rnd.randrange(1, 200))
                evs.append((later, "status", "in_progress", "resolved"))
            else:
                evs.append((later, "status", "exposed", status))
        evs = [e for e in evs if e[0] < NOW]
        last = evs[-1]
        problems.append(dict(
            id=i, title=f"{d}{place}{tax.label(t)}", summary=f"{place}存在问题", problem_type=t,
            category=tax.category_of(t), district=d, place=place, unit=f"{d}第{i % 40}街道办事处",
            deadline=(at + timedelta(days=7)).date(), status=last[3], exposed_at=at, updated_at=last[0],
            first_url=f"https://news.example.cn/{i}.html", outlet="淄博日报",
        ))  # fmt: skip
        for at_, action, frm, to in evs:
            events.append(dict(problem_id=i, at=at_, action=action, status_from=frm, status_to=to,
                               url=f"https://news.example.cn/{i}-{action}.html", by="machine",
                               sentence="经回访，已整改到位。" if to == "resolved" else None))  # fmt: skip
    with engine.begin() as con:
        con.execute(Problem.__table__.insert(), problems)
        con.execute(ProblemEvent.__table__.insert(), events)
    engine.dispose()


def baseline_dump(db: Path, out: Path) -> None:
    con = sqlite3.connect(db)
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        for table in ("problems", "problem_events"):
            for row in con.execute(f"select * from {table}"):
                w.writerow(row)
    con.close()


def _pages(written: list[str]) -> list[str]:
    """Written pages, each list's pages as one entry: ``categories/x.html pages 1, 40-70``."""
    out, lists = [], {}
    for path in written:
        stem, _, n = path[:-5].rpartition("-")
        if path.startswith(("districts/", "categories/")) and n.isdigit() and stem:
            lists.setdefault(stem + ".html", []).append(int(n))
        elif path.startswith(("districts/", "categories/")):
            lists.setdefault(path, []).append(1)
        else:
            out.append(path)
    for path, nums in lists.items():
        nums.sort()
        runs, first = [], nums[0]
        for a, b in zip(nums, nums[1:] + [None], strict=True):
            if b != a + 1:
                runs.append(str(first) if first == a else f"{first}-{a}")
                first = b
        out.append(f"{path} pages {', '.join(runs)}")
    return out


def timed(fn):  # noqa: ANN001, ANN201
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--problems", type=int, default=100_000)
    args = ap.parse_args()
    tax = load_taxonomy()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db, out = tmp / "wenming.db", tmp / "out"
        secs, _ = timed(lambda: make_ledger(db, args.problems))
        print(f"ledger: {args.problems:,} problems generated in {secs:.1f}s")
        engine = create_engine(f"sqlite:///{db}")
        kw = dict(taxonomy=tax, output_dir=out, templates_dir=REPO_DIR / "templates", city="淄博市",
                  issuer="淄博市文明办", base_url="https://wenming.example.cn/", week="2026-W47")  # fmt: skip

        base, _ = timed(lambda: baseline_dump(db, tmp / "dump.csv"))
        with Session(engine) as s:
            load, _ = timed(lambda: load_snapshot(s, tax))
        with Session(engine) as s:
            pub, res = timed(lambda: publish(s, now=NOW, site=False, **kw))
        print(f"baseline: sqlite3 → CSV of every problem and event row: {base:.2f}s")
        print(f"  reading the whole ledger into a snapshot (a full site build does): {load:.2f}s")
        print(f"bulletin (HTML + .docx) + {len(res.feed_paths)} feed files: {pub:.2f}s "
              f"(target < 5 s; ratio to baseline {pub / base:.1f}x)")  # fmt: skip
        print("  steps: " + ", ".join(f"{k} {v:.2f}s" for k, v in res.seconds.items()))

        with Session(engine) as s:
            full, full_res = timed(lambda: publish(s, now=NOW + timedelta(hours=1), **kw))
        print(
            f"full publish incl. site ({len(full_res.site.written):,} pages written): {full:.2f}s"
        )
        # one status change, then publish again
        con = sqlite3.connect(db)
        pid = con.execute("select id from problems where status = 'exposed' limit 1").fetchone()[0]
        # stored as the app stores times (AwareDateTime: naive UTC text with microseconds), so
        # SQLite's text comparisons with bound times order it as a time
        at = (NOW + timedelta(hours=2)).replace(tzinfo=None).isoformat(" ", timespec="microseconds")
        con.execute("insert into problem_events (problem_id, at, action, status_from, status_to, by) "
                    "values (?, ?, 'status', 'exposed', 'resolved', 'machine')", (pid, at))  # fmt: skip
        con.execute(
            "update problems set status = 'resolved', updated_at = ? where id = ?", (at, pid)
        )
        con.commit()
        con.close()
        with Session(engine) as s:
            inc_total, res = timed(lambda: publish(s, now=NOW + timedelta(hours=3), **kw))
        print(f"after one status change: publish again {inc_total:.2f}s, "
              f"{len(res.site.written)} pages rewritten, {res.site.unchanged:,} unchanged")  # fmt: skip
        print("  rewritten: " + ", ".join(_pages(res.site.written)))
        lists = [p for p in full_res.site.written if p.startswith(("districts/", "categories/"))]
        print(f"  list pages on the site: {len(lists):,} (biggest "
              f"{max((out / 'site' / p).stat().st_size for p in lists) / 1024:.0f} KB)")  # fmt: skip
        site_full = full_res.seconds["site"]
        print(f"  site step alone: {res.seconds['site']:.2f}s vs. the full site build {site_full:.2f}s: "
              f"ratio {res.seconds['site'] / site_full:.3f} (target < 1 s)")  # fmt: skip
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
