"""Quality gate for the ledger: the labelled scenario (tests/data/ledger_scenario.toml), tracked week by week.

Matching precision = follow-ups applied to their true problem / all applied;
recall = applied to their true problem / follow-ups that speak of a known
problem (a queued one counts as missed); status accuracy = problems whose final
status is the true one; "wrongly resolved" counts problems the ledger calls
resolved when they are not, the costliest mistake. Floors and ceilings are in
tests/data/ledger_quality_baseline.json: raise them when the tracker improves,
never lower them silently.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from pipeline.config import load_config
from pipeline.store.db import get_engine
from pipeline.store.tables import Item, MentionRow, Problem
from pipeline.track import track_items
from tests.conftest import write_config
from tests.ledger_scenario import Scenario

BASELINE = json.loads((Path(__file__).parent / "data" / "ledger_quality_baseline.json").read_text())


@pytest.fixture(scope="module")
def tracked(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ledger_quality")
    config = load_config(write_config(tmp, extra="[deadlines]\ndefault_days = 7"))
    articles, truth = Scenario().build()
    with Session(get_engine(config.database_url), expire_on_commit=False) as s:
        week_end = articles[0].when + timedelta(days=7)
        for i, a in enumerate(articles):
            if a.when >= week_end:  # the weekly run
                track_items(s, config)
                week_end += timedelta(days=7)
            item = Item(url=a.url, title=a.title, body="\n\n".join(m["text"] for m in a.mentions), kind=a.kind,
                        outlet=a.outlet, published_at=a.when, content_hash=f"h{i}", tagged_hash=f"h{i}:v",
                        links=json.dumps(a.links))
            s.add(item)
            s.flush()
            for j, m in enumerate(a.mentions):
                s.add(MentionRow(item_id=item.id, idx=j, **m))
            s.commit()
        track_items(s, config)
        yield s, articles, truth


def measure(s: Session, articles, truth) -> dict[str, float]:
    url_to_item = {i.url: i for i in s.exec(select(Item))}
    mentions = {(m.item_id, m.idx): m for m in s.exec(select(MentionRow))}
    key_of: dict[int, str] = {}  # problem id -> truth key, from the exposure that opened it
    for a in articles:
        for j, key in enumerate(a.truth):
            m = mentions[(url_to_item[a.url].id, j)]
            if a.kind == "exposure" and m.outcome == "opened":
                key_of[m.problem_id] = key
    applied = right = known = 0
    outcomes: Counter = Counter()
    for a in articles:
        if a.kind != "followup":
            continue
        for j, key in enumerate(a.truth):
            m = mentions[(url_to_item[a.url].id, j)]
            outcomes[m.outcome] += 1
            known += key is not None
            if m.outcome == "status":
                applied += 1
                right += key is not None and key_of.get(m.problem_id) == key
    problems = {p.id: p for p in s.exec(select(Problem))}
    opened = Counter(key_of.values())
    by_key = {k: problems[pid] for pid, k in key_of.items()}
    status_right = sum(1 for t in truth if t.key in by_key and by_key[t.key].status == t.status)
    wrong_resolved = sum(1 for t in truth if t.key in by_key and by_key[t.key].status == "resolved"
                         and t.status != "resolved")
    return {
        "problems": len(truth), "followups": sum(outcomes.values()), "known_followups": known,
        "precision": right / applied if applied else 1.0, "recall": right / known if known else 1.0,
        "status_accuracy": status_right / len(truth), "wrongly_resolved": wrong_resolved,
        "opened_once": sum(1 for t in truth if opened[t.key] == 1) / len(truth),
        "extra_problems": len(problems) - len(key_of),
        "review": outcomes["review"], "unmatched": outcomes["unmatched"],
    }


def test_scenario_is_big_and_hard_enough(tracked):
    _, articles, truth = tracked
    assert len(truth) >= 100
    kinds = Counter((t.district, t.ptype) for t in truth)
    assert sum(n for n in kinds.values() if n > 1) >= 40  # same district and type, different places
    assert sum(1 for a in articles if a.outlet != "齐风晚报") >= 5  # syndicated copies
    assert sum(1 for a in articles if a.truth == [None]) >= 10  # distractors
    assert sum(1 for t in truth if t.status == "reopened") >= 5


def test_matching_quality_gate(tracked):
    got = measure(*tracked)
    print("\nledger scenario:", json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in got.items()}))
    floors = BASELINE["floors"]
    for name in ("precision", "recall", "status_accuracy", "opened_once"):
        assert got[name] >= floors[name], (name, got[name], floors[name])
    for name in ("wrongly_resolved", "extra_problems"):
        assert got[name] <= BASELINE["ceilings"][name], (name, got[name])
