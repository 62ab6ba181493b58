"""Benchmark: the ledger at city and province scale, on SQLite and PostgreSQL.

    python benchmarks/tracking.py [--sizes 10000,100000] [--backends sqlite,postgresql] [--followups 300]
    python benchmarks/tracking.py --sizes 10000,1000000     # the province-scale run (minutes)

For each size a synthetic ledger is bulk-loaded (a province of 16 cities × 8
districts, 300 places per district with Zipf popularity, 28 problem types with
Zipf frequency, one year of exposures, older problems mostly resolved), with
the same term index the tracker writes (``pipeline.track.index``). Then:

* match: ``best_matches`` for follow-ups about random open problems, reworded,
  some without district or with a shortened place (median, p99 ms);
* ingest: ``apply_followup`` + commit per follow-up (follow-ups per second);
* weekly stats: ``figures`` for one week by total and each of the six
  dimensions, plus repeat offenders (seconds for the lot).

Memory: the loader streams in chunks of 20,000 problems; the peak RSS of the
process is printed. Ratios against the smallest size are printed side by side.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, insert, text  # noqa: E402
from sqlmodel import Session  # noqa: E402

from pipeline.config import load_config  # noqa: E402
from pipeline.store.db import get_engine  # noqa: E402
from pipeline.store.tables import Item, MentionRow, Problem, ProblemEvent  # noqa: E402
from pipeline.track.index import minhash_bands, place_terms, tokens  # noqa: E402
from pipeline.track.ledger import TrackReport, apply_followup  # noqa: E402
from pipeline.track.match import best_matches  # noqa: E402
from pipeline.track.stats import DIMENSIONS, Period, figures, repeat_offenders  # noqa: E402

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TYPES = ["illegal_parking", "bike_parking", "traffic_violation", "traffic_facility", "garbage", "sanitation",
         "street_vending", "illegal_ads", "clutter", "illegal_construction", "dust_pollution", "sewage_odor",
         "noise", "public_toilet", "greening_damage", "municipal_facility", "public_ads_missing",
         "uncivil_behavior", "minors_environment", "cultural_facility", "service_attitude", "accessibility",
         "market_order", "property_management", "flying_wire", "dog_nuisance", "fire_passage", "community_facility"]
PHRASE = ["占道经营严重", "垃圾堆积无人清运", "车辆乱停乱放", "小广告随处可见", "路面坑洼井盖缺失", "飞线充电隐患大",
          "消防通道被堵", "油污积水蚊蝇多", "工地扬尘弥漫", "电动车乱停", "噪音扰民", "公厕脏乱"]
SYL = "华光柳泉共青团人民金晶和平新村西五联通兰雁般阳松龄钟楼北关洪山丝绸正阳青年永安桓公齐兴闻韶雪宫稷下牛山太公晏婴"
SUFFIX = ["路", "街", "大道", "社区", "小区", "农贸市场", "广场", "公园", "汽车站", "菜市场"]
START = datetime(2025, 11, 24, tzinfo=UTC)  # a Monday; one year of exposures
CHUNK = 20_000


def _zipf(n: int, s: float = 1.1) -> list[float]:
    return [1 / (k + 1) ** s for k in range(n)]


class Province:
    """Deterministic synthetic places and texts; token sets cached per part (jieba runs once per part)."""

    def __init__(self, seed: int = 5) -> None:
        self.rng = random.Random(seed)
        self.districts = [f"{self.rng.choice(SYL)}{self.rng.choice(SYL)}{c}区" for c in range(128)]
        self.places = {d: list(dict.fromkeys(f"{self.rng.choice(SYL)}{self.rng.choice(SYL)}{self.rng.choice(SUFFIX)}"
                                             for _ in range(400)))[:300] for d in self.districts}
        self.place_cw = list(accumulate(_zipf(300)))
        self.type_cw = list(accumulate(_zipf(len(TYPES), 0.8)))
        self._tok: dict[str, set[str]] = {}

    def toks(self, part: str) -> set[str]:
        if part not in self._tok:
            self._tok[part] = tokens(part)
        return self._tok[part]

    def problem(self, i: int, n: int) -> dict:
        r = self.rng
        d = r.choice(self.districts)
        places = self.places[d]
        place = r.choices(places, cum_weights=self.place_cw[:len(places)])[0]
        ptype = r.choices(TYPES, cum_weights=self.type_cw)[0]
        exposed = START + timedelta(seconds=int(365 * 86400 * i / n))  # ids in time order, like a real ledger
        age = (START + timedelta(days=365) - exposed).days
        u = r.random()
        if age > 60:
            status = "resolved" if u < 0.85 else "dismissed" if u < 0.9 else "reopened" if u < 0.95 else "in_progress"
        else:
            status = "exposed" if u < 0.4 else "in_progress" if u < 0.7 else "resolved"
        resolved = exposed + timedelta(days=r.lognormvariate(2.0, 0.6)) if status == "resolved" else None
        phrase = r.choice(PHRASE)
        return {"id": i + 1, "title": f"{d}{place}", "summary": f"{d}{place}{phrase}", "problem_type": ptype,
                "category": "environment", "district": d, "street": None, "place": place, "unit": f"{d}执法局",
                "deadline": (exposed + timedelta(days=7)).date(), "status": status, "exposed_at": exposed,
                "resolved_at": resolved, "updated_at": resolved or exposed, "first_url": f"http://x.example/e/{i + 1}",
                "outlet": "某报", "exposure_count": 1, "priority": 0, "_phrase": phrase}

    def terms(self, p: dict) -> list[str]:
        words = self.toks(p["district"]) | self.toks(p["place"]) | self.toks(p["_phrase"])
        return list(dict.fromkeys(place_terms(p["place"]) + minhash_bands(words) + [f"u:{p['first_url']}"]))


def load(engine, n: int, prov: Province) -> float:
    """Bulk-load ``n`` problems with their opened/resolved events and index terms; returns seconds."""
    t0 = time.perf_counter()
    pg = engine.dialect.name == "postgresql"
    for lo in range(0, n, CHUNK):
        ps = [prov.problem(i, n) for i in range(lo, min(n, lo + CHUNK))]
        terms = [(t, p["id"]) for p in ps for t in prov.terms(p)]
        events = [{"problem_id": p["id"], "at": p["exposed_at"], "action": "opened", "status_from": None,
                   "status_to": "exposed", "url": p["first_url"], "by": "machine"} for p in ps]
        events += [{"problem_id": p["id"], "at": p["resolved_at"] or p["updated_at"], "action": "status",
                    "status_from": "exposed", "status_to": p["status"], "url": None, "by": "machine"}
                   for p in ps if p["status"] != "exposed"]
        for p in ps:
            del p["_phrase"]
        with engine.begin() as c:
            c.execute(insert(Problem), ps)
            c.execute(insert(ProblemEvent), events)
            if pg:
                with c.connection.driver_connection.cursor().copy(
                        "COPY problem_terms (term, problem_id) FROM STDIN") as cp:
                    for row in terms:
                        cp.write_row(row)
            else:
                c.exec_driver_sql("INSERT OR IGNORE INTO problem_terms (term, problem_id) VALUES (?, ?)", terms)
    with engine.begin() as c:
        c.execute(text("ANALYZE"))
        if pg:
            c.execute(text("SELECT setval(pg_get_serial_sequence('problems', 'id'), (SELECT max(id) FROM problems))"))
    return time.perf_counter() - t0


def followups(s: Session, n_problems: int, k: int, seed: int = 7) -> list[tuple[MentionRow, Item, int]]:
    """``k`` follow-ups about random open problems: reworded; a third without district, a fifth with a shorter place."""
    r = random.Random(seed)
    out = []
    while len(out) < k:
        p = s.get(Problem, r.randrange(1, n_problems + 1))
        if p is None or p.status not in ("exposed", "in_progress", "reopened"):
            continue
        place = p.place[:-1] if r.random() < 0.2 and len(p.place or "") > 3 else p.place
        m = MentionRow(item_id=0, idx=0, text=f"记者回访看到，{place}的问题已整改到位，现场干净整洁。", problem_type=p.problem_type,
                       district=None if r.random() < 0.33 else p.district, place=place, status="resolved",
                       evidence=f"{place}已整改到位")
        item = Item(url=f"http://x.example/f/{uuid.uuid4().hex}", title="回访", body=m.text, kind="followup",
                    published_at=(p.exposed_at or START) + timedelta(days=5), content_hash="h", tagged_hash="h")
        out.append((m, item, p.id or 0))
    return out


def run_one(url: str, n: int, k: int, prov: Province) -> dict:
    engine = get_engine(url)
    load_s = load(engine, n, prov)
    with Session(engine, expire_on_commit=False) as s:
        fus = followups(s, n, k)
        times, right = [], 0
        for m, item, pid in fus:
            t0 = time.perf_counter()
            ms = best_matches(s, m, [], item.published_at)
            times.append((time.perf_counter() - t0) * 1000)
            right += bool(ms) and ms[0].problem.id == pid
        config = load_config(_config(url))
        t0 = time.perf_counter()
        report = TrackReport()
        for m, item, _ in fus:
            s.add(item)
            s.flush()
            m.item_id = item.id  # type: ignore[assignment]
            s.add(m)
            s.flush()
            apply_followup(s, m, item, config, report)
            s.commit()
        ingest = len(fus) / (time.perf_counter() - t0)
        week = Period.week("2026-W20")
        t0 = time.perf_counter()
        rows = sum(len(figures(s, week, by)) for by in (None, *DIMENSIONS))
        repeat_offenders(s, week)
        stats_s = time.perf_counter() - t0
        (total,) = figures(s, week)
    engine.dispose()
    times.sort()
    return {"size": n, "load_s": round(load_s, 1), "match_median_ms": round(statistics.median(times), 2),
            "match_p99_ms": round(times[int(0.99 * (len(times) - 1))], 2), "match_top1": round(right / len(fus), 3),
            "ingest_per_s": round(ingest, 1), "weekly_stats_s": round(stats_s, 3), "week_cohort": total.total,
            "stats_rows": rows, "applied": report.counts["status"], "review": report.counts["review"]}


_tmp = Path(tempfile.mkdtemp(prefix="wenming-bench-"))


def _config(url: str) -> Path:
    path = _tmp / "wenming.toml"
    path.write_text(f'output_dir = "{_tmp}"\ndatabase_url = "{url}"\n[city]\nname = "淄博市"\n'
                    f'gazetteer = "{ROOT / "pipeline/data/cities/zibo.toml"}"\n', encoding="utf-8")
    return path


def sqlite_url(n: int) -> tuple[str, callable]:
    path = _tmp / f"bench-{n}.db"
    return f"sqlite:///{path}", lambda: path.unlink(missing_ok=True)


def pg_url(n: int) -> tuple[str, callable]:
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"wenming_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as c:
        c.execute(text(f'create database "{name}"'))
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"

    def drop() -> None:
        get_engine(url).dispose()
        with admin.connect() as c:
            c.execute(text(f'drop database if exists "{name}" with (force)'))
        admin.dispose()

    return url, drop


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000", help="ledger sizes, e.g. 10000,100000,1000000")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--followups", type=int, default=300)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    results = []
    for backend in args.backends.split(","):
        for n in (int(x) for x in args.sizes.split(",")):
            try:
                url, cleanup = (sqlite_url if backend == "sqlite" else pg_url)(n)
            except Exception as exc:  # no PostgreSQL here
                print(f"{backend}: skipped ({exc.__class__.__name__})", flush=True)
                break
            try:
                r = {"backend": backend, **run_one(url, n, args.followups, Province())}
            finally:
                cleanup()
            r["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
            results.append(r)
            print(json.dumps(r) if args.json else _fmt(r), flush=True)
    shutil.rmtree(_tmp, ignore_errors=True)
    for backend in {r["backend"] for r in results}:
        rows = [r for r in results if r["backend"] == backend]
        if len(rows) > 1:
            a, b = rows[0], rows[-1]
            print(f"{backend}: {a['size']:,} → {b['size']:,} problems: match median ×"
                  f"{b['match_median_ms'] / a['match_median_ms']:.2f}, p99 ×{b['match_p99_ms'] / a['match_p99_ms']:.2f}, "
                  f"ingest ×{b['ingest_per_s'] / a['ingest_per_s']:.2f}, weekly stats ×"
                  f"{b['weekly_stats_s'] / a['weekly_stats_s']:.2f}", flush=True)


def _fmt(r: dict) -> str:
    return (f"{r['backend']:<10} {r['size']:>9,} problems: load {r['load_s']}s; match median {r['match_median_ms']} ms, "
            f"p99 {r['match_p99_ms']} ms (top-1 right {r['match_top1']:.0%}); ingest {r['ingest_per_s']}/s "
            f"(applied {r['applied']}, review {r['review']}); weekly stats {r['weekly_stats_s']} s over "
            f"{r['week_cohort']:,} problems ({r['stats_rows']} rows); peak RSS {r['peak_rss_mb']} MB")


if __name__ == "__main__":
    main()
