"""Quality gate for tagging: accuracy on labelled data, floors pinned in a baseline file.

tests/data/tag_heldout.jsonl was labelled by reading and frozen before the
tagger was run on it; it is never used for tuning. tests/data/tag_heldout2.jsonl
("heldout2") is a second, fresher held-out set made the same way (2026-11-22,
150 real messages and 30 written follow-ups); its floors start at its first,
untuned measurement. Neither is ever trained on (``python -m pipeline.tag.train``
refuses them). tests/data/tag_dev.jsonl,
tests/data/tag_dev2.jsonl, tests/data/tag_dev3.jsonl, tests/data/tag_dev4.jsonl,
tests/data/tag_dev5.jsonl, tests/data/tag_dev6.jsonl and tests/data/tag_cases.jsonl are the tuning data (and the relevance and category models'
training data, ``python -m pipeline.tag.train``). The floors in
tests/data/tag_quality_baseline.json may only be raised (a change that lowers
accuracy fails here; lowering a floor is a visible edit to that file, and
``test_floors_never_below_the_recorded_minimum`` stops it going below the
figures first recorded). The issue's targets on the held-out part are checked
separately; a target not yet met is an expected failure (strict), so meeting
it later is noticed.

Run ``pytest tests/test_tag_quality.py -s`` to see the per-label report.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.gazetteer import load_gazetteer
from pipeline.tag import Tagger, get_tagger
from pipeline.tag.evaluate import Report, evaluate, format_report, load_labelled
from pipeline.taxonomy import load_taxonomy

DATA = Path(__file__).parent / "data"
SETS = {
    "heldout": [DATA / "tag_heldout.jsonl"],
    # Second held-out set, frozen 2026-11-22; floors from its first (untuned) measurement up.
    "heldout2": [DATA / "tag_heldout2.jsonl"],
    "dev": [DATA / "tag_dev.jsonl", DATA / "tag_dev2.jsonl", DATA / "tag_cases.jsonl"],
    # Dev too (tuned on, trained on), kept apart so the older dev floors keep their meaning:
    # its first, untuned score is recorded in the baseline's notes.
    "dev3": [DATA / "tag_dev3.jsonl"],
    # Dev too: 34 written follow-ups (hard negation, mixed states); first, untuned score in the notes.
    "dev4": [DATA / "tag_dev4.jsonl"],
    # Dev too: 118 real messages (2026-11-22, drawn with heldout2); first, untuned score in the notes.
    "dev5": [DATA / "tag_dev5.jsonl"],
    # Dev too: 63 written follow-ups in new voices (replies, 工单, 督办 forms, 问政 scripts, posts, flattened
    # tables) and 16 look-alikes; tuned on (rules and cues), not trained on; first, untuned score in the notes.
    "dev6": [DATA / "tag_dev6.jsonl"],
    # Dev too: 192 real messages (2026-11-22, 88 exposure, 104 other), labelled before tagging; floors at its
    # untuned score (its first round of cues and a retrain with it cost a held-out figure and were reverted).
    "dev7": [DATA / "tag_dev7.jsonl"],
    # Third held-out set, frozen 2026-11-22: 110 written items, 60 follow-ups in eight voices unlike any dev
    # data (written by a helper who never saw the tagger's cues); floors from its first (untuned) measurement up.
    "heldout3": [DATA / "tag_heldout3.jsonl"],
    # Dev too: 90 written follow-ups in eight other new voices, 45 look-alikes; never tuned on by the rules,
    # the follow-up model's blend is chosen on it and its weights learn from it (python -m pipeline.tag.train).
    "dev8": [DATA / "tag_dev8.jsonl"],
    # Dev too: 160 written items (96 follow-ups in eight voices, 44 exposures, 20 look-alikes); cue words were
    # tuned on it and the models trained on it; first, untuned score in the notes.
    "dev9": [DATA / "tag_dev9.jsonl"],
    # Dev too: 160 written items (90 follow-ups, 50 mostly terse exposures, 20 look-alikes); the cue words were
    # never tuned on it: the model blends are chosen on it (train.VALIDATION_FILES), then trained on it.
    "dev10": [DATA / "tag_dev10.jsonl"],
    # Fourth held-out set, frozen 2026-11-22: 180 written items (80 follow-ups, 70 exposures, a third of them
    # terse one-liners, 30 look-alikes) in a realistic mix of voices; floors from its first (untuned) measurement up.
    "heldout4": [DATA / "tag_heldout4.jsonl"],
    # Dev: 170 written items with 120 follow-ups in social-media, video, forum and chat voices; since round
    # eleven a validation file of the follow-up and status models (train.FOLLOWUP_ONLY_FILES), so in-sample there.
    "dev11": [DATA / "tag_dev11.jsonl"],
    # 220 real messages labelled by reading (109 exposure, 111 other); floors at the untuned score until
    # session 16, when cue words were first tuned on it (not trained on).
    "dev12": [DATA / "tag_dev12.jsonl"],
    # Fifth held-out set, frozen 2026-11-22 (session 11): 200 written items (90 follow-ups in many voices, 70
    # exposures, 40 look-alikes); floors from its first (untuned) measurement up.
    "heldout5": [DATA / "tag_heldout5.jsonl"],
    # Dev: 200 written items (150 follow-ups in letters, diaries, broadcasts, voice messages and other new
    # voices, 50 of each status; 30 exposures, 20 look-alikes); first, untuned score: kind 0.785, status
    # 0.573. Since session 12 a validation file of the follow-up and status models, so in-sample there.
    "dev13": [DATA / "tag_dev13.jsonl"],
    # Sixth held-out set, frozen 2026-11-22 (session 14): 200 real messages (117 exposure, 83 other; a third
    # about noise), sampled from messages no labelled file holds nor nearly copies; floors from its first
    # (untuned) measurement up.
    "heldout6": [DATA / "tag_heldout6.jsonl"],
    # Dev: 220 real messages (119 exposure, 101 other) from a pool disjoint from heldout6's; floors at its
    # untuned score until session 16, when cue words were first tuned on it (not trained on).
    "dev14": [DATA / "tag_dev14.jsonl"],
    # The first and sixth held-out sets' adjudicated gold (session 16): the first reading, with a third
    # reader's labels where a blind second reading disagreed (tests/data/agreement/README.md); the same
    # items as heldout and heldout6, so never tuned on either. Floors from their first measurement.
    "heldout_adjudicated": [DATA / "agreement" / "tag_heldout_adjudicated.jsonl"],
    "heldout6_adjudicated": [DATA / "agreement" / "tag_heldout6_adjudicated.jsonl"],
    # Dev (session 18): 388 real messages labelled by reading (dev15 43 exposure / 151 other, dev16 37 / 157),
    # mostly letters whose titles name no topic; the relevance, type and category models train on them.
    # Untuned first scores in the baseline's notes (relevance_f1 0.705 and 0.750).
    "dev15": [DATA / "tag_dev15.jsonl"],
    "dev16": [DATA / "tag_dev16.jsonl"],
    # Dev (session 18): 480 written items, 120 follow-ups each in government-platform, citizens' and
    # institutional voices; validation files of the follow-up and status models (train.FOLLOWUP_ONLY_FILES),
    # so in-sample there. Untuned first status: 0.658, 0.550, 0.700.
    "dev17": [DATA / "tag_dev17.jsonl"],
    "dev18": [DATA / "tag_dev18.jsonl"],
    "dev19": [DATA / "tag_dev19.jsonl"],
    # Dev (session 19): 400 real messages drawn without strata (dev20 38 exposure / 162 other, dev21 28 / 172);
    # no model trains on them (a retrain with them lost held-out relevance calls and was reverted). Untuned
    # first scores in the baseline's notes (relevance_f1 0.642 and 0.618: the hardest real text the tagger meets).
    "dev20": [DATA / "tag_dev20.jsonl"],
    "dev21": [DATA / "tag_dev21.jsonl"],
    # Dev (session 20): 400 real messages the tagger was least sure of (active learning; dev22 76 exposure / 124
    # other, dev23 60 / 1 follow-up / 139); no model trains on them (a retrain with them lost 2 held-out relevance
    # calls and was reverted). A sample of hard cases: untuned relevance_f1 0.675 and 0.580.
    "dev22": [DATA / "tag_dev22.jsonl"],
    "dev23": [DATA / "tag_dev23.jsonl"],
    # Seventh held-out set, frozen 2026-11-23 (session 19): 199 real messages drawn WITHOUT strata (48 exposure,
    # 151 other), the stream of letters as it comes; floors from its first (untuned) measurement up.
    "heldout7": [DATA / "tag_heldout7.jsonl"],
    # Eighth held-out set, frozen 2026-11-23 (session 24): 195 real messages drawn WITHOUT strata from what the
    # earlier draws left (21 exposure, 174 other); floors from its first (untuned) measurement up.
    "heldout8": [DATA / "tag_heldout8.jsonl"],
}
BASELINE = DATA / "tag_quality_baseline.json"
# The issue's targets on the part never tuned on.
TARGETS = {
    "relevance_f1": 0.95,
    "problem_type_accuracy": 0.90,
    "category_accuracy": 0.95,
    "district_accuracy": 0.98,
    "status_accuracy": 0.95,
}
# Targets met on the held-out part: plain assertions from now on (no xfail), so
# falling below one again fails.
# Status was met (0.955) from round ten until the follow-up marks of round eleven (0.932), and met
# again (0.955) once the status model read what a report observes now (session 13).
# Session 18: the models retrained on more dev data gained 27 right calls over the six held-out sets
# (kept by a rule fixed before the look), but on this first set relevance F1 fell 0.951 -> 0.945 and
# status 42 -> 41 of 44 (0.932): both were unmet again. The second round (the status model reads the
# bigrams of a report's second half) brought status back to 42 of 44 (0.955): met again.
MET = {"problem_type_accuracy", "district_accuracy", "status_accuracy"}
# The lowest floors ever accepted; floors may never go below these. First
# recorded 2026-11-22 before tuning on the new dev set; type and category were
# then lowered once, on purpose, from 0.89 to 0.88 (tuning on dev raised the
# held-out status 0.84 -> 0.90 and cost one held-out item's type; see "_notes"
# in the baseline file).
FIRST_RECORDED = {
    "heldout": {
        "relevance_f1": 0.90,
        "kind_accuracy": 0.85,
        "problem_type_accuracy": 0.88,
        "category_accuracy": 0.88,
        "district_accuracy": 1.0,
        "status_accuracy": 0.84,
    },
    # First measurement of tag_heldout2.jsonl (2026-11-22, committed before the tagger ran on it).
    "heldout2": {
        "relevance_f1": 0.90,
        "kind_accuracy": 0.81,
        "problem_type_accuracy": 0.91,
        "category_accuracy": 0.92,
        "district_accuracy": 1.0,
        "status_accuracy": 0.43,
    },
    # First measurement of tag_heldout3.jsonl (2026-11-22, committed before the tagger ran on it, commit c8ab0ff).
    "heldout3": {
        "relevance_f1": 0.91,
        "kind_accuracy": 0.60,
        "problem_type_accuracy": 0.76,
        "category_accuracy": 0.81,
        "district_accuracy": 0.87,
        "status_accuracy": 0.40,
    },
    # First measurement of tag_heldout4.jsonl (2026-11-22, committed before the tagger ran on it, commit 88804c3).
    "heldout4": {
        "relevance_f1": 0.88,
        "kind_accuracy": 0.73,
        "problem_type_accuracy": 0.71,
        "category_accuracy": 0.75,
        "district_accuracy": 0.82,  # 0.74 before district was scored on problem items only (see the notes)
        "status_accuracy": 0.51,
    },
    # First measurement of tag_heldout5.jsonl (2026-11-22, committed before the tagger ran on it, commit b176b7f).
    "heldout5": {
        "relevance_f1": 0.95,
        "kind_accuracy": 0.78,
        "problem_type_accuracy": 0.81,
        "category_accuracy": 0.85,
        "district_accuracy": 0.94,
        "status_accuracy": 0.56,
    },
    # First measurement of tag_heldout6.jsonl (2026-11-22, committed before the tagger ran on it, commit f10ad6b).
    "heldout6": {
        "relevance_f1": 0.95,
        "kind_accuracy": 0.92,
        "problem_type_accuracy": 0.88,
        "category_accuracy": 0.93,
    },
    # First measurement of tag_heldout7.jsonl (2026-11-23, committed before the tagger ran on it, commit 0bfb359).
    "heldout7": {
        "relevance_f1": 0.83,
        "kind_accuracy": 0.91,
        "problem_type_accuracy": 0.58,
        "category_accuracy": 0.72,
    },
    # First measurement of tag_heldout8.jsonl (2026-11-23, committed before the tagger ran on it, commit f8140b6).
    "heldout8": {
        "relevance_f1": 0.92,
        "kind_accuracy": 0.97,
        "problem_type_accuracy": 0.76,
        "category_accuracy": 0.85,
    },
}


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return get_tagger(load_taxonomy(), load_gazetteer())


@pytest.fixture(scope="module")
def reports(tagger: Tagger) -> dict[str, Report]:
    out = {}
    for name, paths in SETS.items():
        cases = [c for p in paths for c in load_labelled(p)]
        out[name] = evaluate(tagger, cases)
        print("\n" + format_report(out[name], name))
    return out


def _baseline() -> dict[str, dict[str, float]]:
    data = json.loads(BASELINE.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def test_labelled_data_is_big_enough() -> None:
    held = load_labelled(DATA / "tag_heldout.jsonl")
    dev = [c for name in ("dev", "dev3", "dev4", "dev5", "dev6", "dev7") for p in SETS[name] for c in load_labelled(p)]
    assert len(held) + len(dev) >= 400
    assert sum(1 for c in held if c.get("problem_type")) >= 100  # held-out mentions with a type
    assert sum(1 for c in held if c.get("status")) >= 40
    assert sum(1 for c in held if c.get("kind") == "other") >= 50
    header = (DATA / "tag_heldout.jsonl").read_text(encoding="utf-8").split("\n", 3)[:3]
    assert "Never tune on this file" in header[0] and "before the tagger was run" in header[1]
    assert not {c["id"] for c in held} & {c["id"] for c in dev}, (
        "held-out items leaked into the dev data"
    )


def _assert_apart(name: str, held: list[dict]) -> None:
    """No item of the held-out set ``name`` is in any other labelled set, by id or by the first 60
    characters of its text."""
    others = [
        c
        for n, paths in SETS.items()
        if n != name and not n.endswith("_adjudicated")  # the same items, read again
        for p in paths
        for c in load_labelled(p)
    ]
    assert not {c["id"] for c in held} & {c["id"] for c in others}
    texts = {(c.get("body") or "")[:60] for c in others}
    assert not [c["id"] for c in held if (c.get("body") or "")[:60] in texts]


def test_second_heldout_is_frozen_and_apart() -> None:
    held2 = load_labelled(DATA / "tag_heldout2.jsonl")
    assert len(held2) >= 150
    assert sum(1 for c in held2 if c.get("kind") == "other") >= 50
    assert sum(1 for c in held2 if c.get("status")) >= 30
    header = (DATA / "tag_heldout2.jsonl").read_text(encoding="utf-8").split("\n", 3)[:3]
    assert "Never tune on this file" in header[0] and "before the tagger was run" in header[1]
    _assert_apart("heldout2", held2)


@pytest.mark.parametrize("name", ["heldout3", "heldout4", "heldout5"])
def test_written_heldout_is_frozen_and_apart(name: str) -> None:
    path = DATA / f"tag_{name}.jsonl"
    held = load_labelled(path)
    assert len(held) >= 100 and sum(1 for c in held if c.get("status")) >= 60
    header = path.read_text(encoding="utf-8").split("\n", 3)[:3]
    assert "HELD-OUT" in header[0] and "frozen" in header[0] and "Never tune on this file" in header[0]
    assert "before the tagger was run" in header[1]
    _assert_apart(name, held)


def test_real_message_heldout_is_frozen_and_apart() -> None:
    path = DATA / "tag_heldout6.jsonl"
    held = load_labelled(path)
    assert len(held) >= 150 and sum(1 for c in held if c.get("kind") == "other") >= 50
    assert all(c.get("source", "").startswith("realdata/complaints/messages.csv#") for c in held)
    header = path.read_text(encoding="utf-8").split("\n", 3)[:3]
    assert "FROZEN HELD-OUT" in header[0] and "never tune on it" in header[0]
    assert "Committed before the tagger was run" in header[2]
    _assert_apart("heldout6", held)


@pytest.mark.parametrize("name", ["heldout7", "heldout8"])
def test_unstratified_heldout_is_frozen_and_apart(name: str) -> None:
    path = DATA / f"tag_{name}.jsonl"
    held = load_labelled(path)
    assert len(held) >= 190 and sum(1 for c in held if c.get("kind") == "exposure") >= 20
    assert all(c.get("source", "").startswith("realdata/complaints/messages.csv#") for c in held)
    header = path.read_text(encoding="utf-8").split("\n", 2)[:2]
    assert "FROZEN HELD-OUT" in header[0] and "Never tuned or trained on" in header[0]
    assert "WITHOUT strata" in header[1]
    _assert_apart(name, held)


def test_training_refuses_the_heldout_sets() -> None:
    from pipeline.tag.train import DEV_FILES, HELDOUT_FILES, refuse_heldout

    assert {p.name for p in HELDOUT_FILES} == {
        "tag_heldout.jsonl",
        "tag_heldout2.jsonl",
        "tag_heldout3.jsonl",
        "tag_heldout4.jsonl",
        "tag_heldout5.jsonl",
        "tag_heldout6.jsonl",
        "tag_heldout7.jsonl",
        "tag_heldout8.jsonl",
    }
    assert not {p.resolve() for p in HELDOUT_FILES} & {p.resolve() for p in DEV_FILES}
    refuse_heldout(DEV_FILES)
    for held in HELDOUT_FILES:
        with pytest.raises(SystemExit):
            refuse_heldout((*DEV_FILES, held))


@pytest.mark.parametrize("name", SETS)
def test_accuracy_not_below_pinned_floors(reports: dict[str, Report], name: str) -> None:
    floors = _baseline()[name]
    got = reports[name].summary()
    assert set(floors) == set(got), (
        f"{name}: every measured figure needs a floor in {BASELINE.name}"
    )
    low = {k: (got[k], floors[k]) for k in floors if got[k] < floors[k]}
    assert not low, f"{name}: below the pinned floor (measured, floor): {low}"


def test_floors_never_below_the_recorded_minimum() -> None:
    base = _baseline()
    for name, firsts in FIRST_RECORDED.items():
        for key, first in firsts.items():
            assert base[name][key] >= first, f"{name}.{key}: floor lowered below its first record"


def test_district_is_not_invented(reports: dict[str, Report]) -> None:
    rep = reports["heldout"]
    assert rep.district_unstated >= 100
    assert rep.district_spurious / rep.district_unstated <= 0.03


def test_met_targets_are_targets() -> None:
    assert MET <= set(TARGETS)


@pytest.mark.parametrize("key", TARGETS)
def test_heldout_meets_the_issue_target(
    reports: dict[str, Report], key: str, request: pytest.FixtureRequest
) -> None:
    got = reports["heldout"].summary()[key]
    if key not in MET and got < TARGETS[key]:
        request.applymarker(
            pytest.mark.xfail(strict=True, reason=f"{key} {got:.3f} < target {TARGETS[key]}")
        )
    assert got >= TARGETS[key]
