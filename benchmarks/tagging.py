"""Benchmark: full tagging against plain ``jieba.lcut`` over the same texts, workers, re-tagging a store.

    python benchmarks/tagging.py [--limit 4246] [--runs 3] [--workers 2] [--repeat 3] [--store 100000] [--speed-only] [--json]

1. Dictionary load: jieba's own (``jieba.initialize``) and the tagger's
   (jieba + user dictionary, from the disk cache when built before).
2. Texts: the 4,246 real citizen messages of ../shared/realdata/complaints
   (title + details). The baseline segments each title and body with the
   global ``jieba.lcut``; the tagger tags the same texts; both in this process,
   alternating, median of ``--runs``. Ratios are printed because the machine is noisy.
3. Workers: the same texts, ``--repeat`` times over (12,738 items by default),
   through ``TagPool(workers=1)`` and ``workers=N``, pools started and warmed
   before timing; wall seconds, and CPU seconds of the parent and of each
   worker (from /proc), so a loaded machine can be told apart: the CPU-based
   speed-up is what N idle cores would give.
4. Store (``--store N``, 0 to skip): N items in a fresh SQLite file, tagged by
   ``run_tag`` in batches with progress, RSS sampled along the way; then run
   again (it must tag nothing).
5. Accuracy on the labelled sets (held-out and dev), per field.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
COMPLAINTS = ROOT.parent / "shared" / "realdata" / "complaints" / "messages.csv"
if not COMPLAINTS.exists():
    COMPLAINTS = Path("/work/shared/realdata/complaints/messages.csv")

import jieba  # noqa: E402

from pipeline.gazetteer import load_gazetteer  # noqa: E402
from pipeline.tag import get_tagger  # noqa: E402
from pipeline.tag.evaluate import evaluate, load_labelled  # noqa: E402
from pipeline.tag.parallel import TagPool, default_workers  # noqa: E402
from pipeline.taxonomy import load_taxonomy  # noqa: E402

jieba.setLogLevel(logging.WARNING)


def rss_mb() -> float:
    """Current resident set size of this process, in MB (Linux /proc)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_texts(limit: int) -> list[tuple[str, str]]:
    with COMPLAINTS.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    return [(r["留言主题"].strip(), r["留言详情"].strip()) for r in rows[:limit]]


def timed(fn) -> float:  # noqa: ANN001
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def bench_speed(texts: list[tuple[str, str]], runs: int) -> dict[str, float]:
    tagger = get_tagger(load_taxonomy(), load_gazetteer())

    def plain() -> None:
        for title, body in texts:
            jieba.lcut(title)
            jieba.lcut(body)

    def full() -> None:
        for title, body in texts:
            tagger.tag(title, body)

    base, tag = [], []
    for _ in range(runs):
        base.append(timed(plain))
        tag.append(timed(full))
    b, t = statistics.median(base), statistics.median(tag)
    return {
        "texts": len(texts),
        "chars": sum(len(a) + len(b) for a, b in texts),
        "lcut_s": round(b, 3),
        "tag_s": round(t, 3),
        "lcut_items_per_s": round(len(texts) / b, 1),
        "tag_items_per_s": round(len(texts) / t, 1),
        "ratio_tag_to_lcut": round(t / b, 2),
    }


def _cpu(who: int) -> float:
    import resource

    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def _proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by process ``pid`` (Linux /proc; 0.0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def bench_workers(
    texts: list[tuple[str, str]], workers: int, runs: int, repeat: int
) -> dict[str, float]:
    """Wall and CPU time of tagging the texts (``repeat`` times over) with 1 and N workers.

    The pool is started and warmed before timing (workers load the dictionary
    once, at start), so the figures are steady-state throughput. On a machine
    whose cores other processes hold, wall time cannot show the speed-up, so
    the CPU seconds of the parent and of each worker are read too:
    ``cpu_speedup_if_idle`` = CPU seconds of one worker / those of the busiest
    of the N workers (or of the parent, if it is busier), i.e. the speed-up the
    same run would show on N idle cores; ``worker_core_share`` = worker CPU
    seconds / (N x wall seconds), how much of N cores the workers actually got.
    """
    import resource

    jobs = [(title, body, "mixed", None) for title, body in texts] * repeat
    out: dict[str, float] = {
        "items": len(jobs),
        "load_average_before": round(os.getloadavg()[0], 2),
    }
    for n in (1, workers):
        with TagPool(load_taxonomy(), load_gazetteer(), workers=n) as pool:
            list(pool.map(jobs[: 64 * n]))  # warm the workers
            pids = pool.worker_pids()
            me, kids = _cpu(resource.RUSAGE_SELF), [_proc_cpu(p) for p in pids]
            secs = statistics.median(timed(lambda p=pool: list(p.map(jobs))) for _ in range(runs))
            parent_cpu = (_cpu(resource.RUSAGE_SELF) - me) / runs
            kids = [(_proc_cpu(p) - k) / runs for p, k in zip(pids, kids, strict=True)]
            out[f"chunksize_{n}"] = pool.chunk_for(jobs) if n > 1 else 0
        out[f"workers_{n}_s"] = round(secs, 3)
        out[f"workers_{n}_cpu_s"] = round(parent_cpu + sum(kids), 3)
        if n > 1:
            out["parent_cpu_s"] = round(parent_cpu, 3)
            out["worker_cpu_s"] = [round(k, 3) for k in kids]
            out["worker_core_share"] = round(sum(kids) / (n * secs), 2) if kids and secs else 0.0
            busiest = max([*kids, parent_cpu])
            out["cpu_speedup_if_idle"] = (
                round(out["workers_1_cpu_s"] / busiest, 2) if busiest else 0.0
            )
    out["workers"] = workers
    out["speedup"] = round(out["workers_1_s"] / out[f"workers_{workers}_s"], 2)
    out["load_average_after"] = round(os.getloadavg()[0], 2)
    return out


def bench_store(n: int, texts: list[tuple[str, str]], workers: int) -> dict[str, float]:
    from pipeline.config import load_config
    from pipeline.runner import open_db, run_tag
    from pipeline.store.tables import Item

    tmp = Path(tempfile.mkdtemp(prefix="wenming-bench-"))
    cfg = tmp / "wenming.toml"
    cfg.write_text(
        f'output_dir = "out"\n[city]\nname = "淄博市"\ngazetteer = "{ROOT / "pipeline/data/cities/zibo.toml"}"\n',
        encoding="utf-8",
    )
    config = load_config(str(cfg))
    with open_db(config) as s:
        for i in range(n):
            title, body = texts[i % len(texts)]
            s.add(
                Item(
                    url=f"http://bench.test/{i}",
                    title=title,
                    body=f"{body}\n（编号{i}）",
                    content_hash=f"h{i}",
                )
            )
            if i % 5000 == 4999:
                s.commit()
                s.expunge_all()
        s.commit()
    samples: list[tuple[int, float]] = []
    start_rss = rss_mb()

    def progress(k: int) -> None:
        if k % max(1, n // 10) == 0:
            samples.append((k, round(rss_mb(), 1)))
            print(f"  re-tag {k}/{n}  RSS {samples[-1][1]:.0f} MB", flush=True)

    t0 = time.perf_counter()
    counts = run_tag(config, force=True, progress=progress, workers=workers)
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = run_tag(config, workers=workers)
    second = time.perf_counter() - t0
    rss = [r for _, r in samples]
    return {
        "items": n,
        "workers": workers,
        "seconds": round(first, 1),
        "items_per_s": round(n / first, 1),
        "rss_start_mb": round(start_rss, 1),
        "rss_at_10pct_mb": rss[0] if rss else 0.0,
        "rss_end_mb": rss[-1] if rss else 0.0,
        "tagged": sum(counts[k] for k in ("exposure", "followup", "news", "other")),
        "second_run_tagged": sum(again.values()),
        "second_run_s": round(second, 2),
    }


def bench_accuracy() -> dict[str, dict[str, float]]:
    tagger = get_tagger(load_taxonomy(), load_gazetteer())
    from pipeline.tag.train import DEV_FILES, HELDOUT_FILES, VALIDATION_FILES

    # every held-out file on its own; the dev files (all that any model or cue learned from) together
    sets = {p.stem.removeprefix("tag_"): [p] for p in HELDOUT_FILES}
    sets["dev"] = [*DEV_FILES, *VALIDATION_FILES]
    out = {}
    for name, files in sets.items():
        rep = evaluate(tagger, [c for f in files for c in load_labelled(f)])
        out[name] = {
            **rep.summary(),
            "items": rep.fields["relevance"].total,
            "typed": rep.fields["problem_type"].total,
            "with_status": rep.fields["status"].total,
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=4246, help="texts from the complaints file")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=max(2, default_workers()))
    ap.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="tag the texts this many times over in the worker test",
    )
    ap.add_argument(
        "--store", type=int, default=20000, help="items to re-tag in a SQLite store (0: skip)"
    )
    ap.add_argument(
        "--speed-only",
        action="store_true",
        help="only the dictionary load and tagging vs jieba.lcut (no workers, store or accuracy; "
        "the accuracy part scores the held-out file, which is measured once per tuning round)",
    )
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    result: dict[str, object] = {
        "cores": default_workers(),
        "pid_rss_start_mb": round(rss_mb(), 1),
        "load_average_at_start": round(os.getloadavg()[0], 2),
    }
    result["jieba_initialize_s"] = round(timed(jieba.initialize), 3)
    t0 = time.perf_counter()
    tagger = get_tagger(load_taxonomy(), load_gazetteer())
    result["tagger_load_s"] = round(time.perf_counter() - t0, 3)
    result["tagger_dictionary_from_disk_cache"] = tagger.lexicon.loaded_from_cache
    result["rss_after_load_mb"] = round(rss_mb(), 1)
    texts = load_texts(args.limit)
    result["speed"] = bench_speed(texts, args.runs)
    result["rss_after_speed_mb"] = round(rss_mb(), 1)
    if args.speed_only:
        sp = result["speed"]
        print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else
              f"plain jieba.lcut: {sp['lcut_items_per_s']} items/s; full tagging: {sp['tag_items_per_s']} "
              f"items/s over {sp['texts']} real messages; ratio tag/lcut {sp['ratio_tag_to_lcut']}x")
        return
    result["pool"] = bench_workers(texts, args.workers, args.runs, args.repeat)
    if args.store:
        result["store"] = bench_store(args.store, texts, args.workers)
    result["accuracy"] = bench_accuracy()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    sp, pool = result["speed"], result["pool"]
    print(
        f"cores {result['cores']} (load average at start {result['load_average_at_start']}: other processes "
        f"take cores from the workers); jieba.initialize {result['jieba_initialize_s']} s; tagger load "
        f"{result['tagger_load_s']} s (dictionary from disk cache: {result['tagger_dictionary_from_disk_cache']}); "
        f"RSS after load {result['rss_after_load_mb']} MB"
    )
    print(
        f"plain jieba.lcut: {sp['lcut_items_per_s']} items/s; full tagging: {sp['tag_items_per_s']} items/s "
        f"over {sp['texts']} real messages ({sp['chars']} chars); ratio tag/lcut {sp['ratio_tag_to_lcut']}x"
    )
    n = pool["workers"]
    print(
        f"TagPool over {pool['items']} items (chunks of {pool[f'chunksize_{n}']}): 1 worker "
        f"{pool['workers_1_s']} s, {n} workers {pool[f'workers_{n}_s']} s: wall speed-up {pool['speedup']}x "
        f"(load average {pool['load_average_before']} before, {pool['load_average_after']} after; the "
        f"workers got {pool['worker_core_share']:.0%} of {n} cores)"
    )
    print(
        f"  CPU seconds: 1 worker {pool['workers_1_cpu_s']}; {n} workers {pool['worker_cpu_s']} + parent "
        f"{pool['parent_cpu_s']}; expected speed-up on {n} idle cores (CPU-time based) "
        f"{pool['cpu_speedup_if_idle']}x"
    )
    if "store" in result:
        st = result["store"]
        print(
            f"store: re-tagged {st['tagged']} items in {st['seconds']} s ({st['items_per_s']}/s, "
            f"{st['workers']} workers); RSS {st['rss_start_mb']} → {st['rss_at_10pct_mb']} (10%) → "
            f"{st['rss_end_mb']} MB (end); second run tagged {st['second_run_tagged']} in {st['second_run_s']} s"
        )
    for name, acc in result["accuracy"].items():
        print(f"accuracy {name}: " + ", ".join(f"{k} {v}" for k, v in acc.items()))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
