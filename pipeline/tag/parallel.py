"""Tagging on several cores: a pool of worker processes, each with its own tagger.

Workers are forked where the platform allows it, after the parent has built
its tagger, so they start with the dictionary already in memory; elsewhere
(spawn) each worker builds the tagger once from the same taxonomy and
gazetteer, reading the dictionary from the disk cache (``pipeline.tag.lexicon``).
Either way a worker loads the dictionary once and then tags for the pool's
whole life. Jobs travel as plain (title, body, kind_hint, published_at)
tuples in large chunks (a list of jobs is cut into about ``CHUNKS_PER_WORKER``
chunks per worker, at most ``MAX_CHUNK`` jobs each), so the per-chunk cost of
inter-process messages is paid rarely; pickling jobs and results costs under
1% of the tagging time (measured: 2,000 messages tag in ~2.2 s CPU, their
results pickle and unpickle in ~0.015 s). Results come back in input order.

    with TagPool(taxonomy, gazetteer, workers=2) as pool:
        for tagged in pool.map(records):   # records: (title, body, kind_hint, published_at)
            ...
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
from collections.abc import Callable, Iterable, Iterator, Sized
from datetime import datetime
from types import TracebackType

from pipeline.gazetteer import Gazetteer
from pipeline.models import TaggedItem
from pipeline.tag.tagger import Tagger, get_tagger
from pipeline.taxonomy import Taxonomy

Job = tuple[str, str, str, datetime | None]  # title, body, kind_hint, published_at

CHUNKS_PER_WORKER = (
    4  # chunks per worker for a list of jobs: few messages, still balanced at the end
)
MAX_CHUNK = 256

_WORKER: Tagger | None = None


def _init(taxonomy: Taxonomy, gazetteer: Gazetteer, deadlines: dict[str, int]) -> None:
    global _WORKER
    if _WORKER is None:  # spawned: build it here (forked workers inherit the parent's)
        _WORKER = get_tagger(taxonomy, gazetteer, deadlines)


def _tag(job: Job) -> TaggedItem:
    assert _WORKER is not None
    title, body, hint, published = job
    return _WORKER.tag(title, body, kind_hint=hint, published_at=published)


def default_workers() -> int:
    return (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )


class TagPool:
    """``workers`` processes tagging jobs; ``workers=1`` tags in this process.

    ``chunksize`` (jobs per inter-process message) defaults to a size chosen
    per call of ``map`` (see ``chunk_for``).
    """

    def __init__(
        self,
        taxonomy: Taxonomy,
        gazetteer: Gazetteer,
        workers: int = 1,
        default_deadline_days: dict[str, int] | None = None,
        chunksize: int | None = None,
    ) -> None:
        global _WORKER
        self.workers = max(1, workers)
        self.chunksize = chunksize
        self.tagger = get_tagger(taxonomy, gazetteer, default_deadline_days)
        self._pool = None
        if self.workers > 1:
            methods = mp.get_all_start_methods()
            ctx = mp.get_context("fork" if "fork" in methods else "spawn")
            _WORKER = self.tagger if ctx.get_start_method() == "fork" else None
            gc.freeze()  # forked workers share the dictionary; keep gc from touching (copying) its pages
            self._pool = ctx.Pool(
                self.workers,
                initializer=_init,
                initargs=(taxonomy, gazetteer, dict(default_deadline_days or {})),
            )

    def chunk_for(self, jobs: Iterable[Job]) -> int:
        """Jobs per message: ``chunksize`` if given, else sized from a list of jobs (16 for a stream)."""
        if self.chunksize:
            return self.chunksize
        if isinstance(jobs, Sized):
            per = -(-len(jobs) // (self.workers * CHUNKS_PER_WORKER))
            return max(1, min(MAX_CHUNK, per))
        return 16

    def map(self, jobs: Iterable[Job]) -> Iterator[TaggedItem]:
        if self._pool is None:
            for title, body, hint, published in jobs:
                yield self.tagger.tag(title, body, kind_hint=hint, published_at=published)
            return
        yield from self._pool.imap(_tag, jobs, chunksize=self.chunk_for(jobs))

    def submit(self, jobs: list[Job]) -> Callable[[], list[TaggedItem]]:
        """Start tagging ``jobs`` on the workers and return at once; call the result to wait for the tags.

        The caller can store the previous batch meanwhile (``tag_stored_items``
        with ``submit_batch``), so the workers are not idle while it writes.
        With one worker the jobs are tagged when the result is called.
        """
        if self._pool is None:
            return lambda: list(self.map(jobs))
        pending = self._pool.map_async(_tag, jobs, chunksize=self.chunk_for(jobs))
        return pending.get

    def worker_pids(self) -> list[int]:
        """Process ids of the workers ([] when tagging in this process), e.g. to read their CPU time."""
        procs = getattr(self._pool, "_pool", None) or []
        return [p.pid for p in procs if p.pid is not None]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> TagPool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is not None and self._pool is not None:
            self._pool.terminate()
            self._pool = None
        self.close()
