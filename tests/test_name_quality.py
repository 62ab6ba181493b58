"""Quality gate for the names a mention carries (place, responsible unit, deadline), on text
labelled by reading (``tests/data/tag_names_*.jsonl``, brief in ``docs/names-labelling.md``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.gazetteer import load_gazetteer
from pipeline.tag import get_tagger
from pipeline.tag.evaluate import load_labelled
from pipeline.tag.names_eval import NameReport, evaluate_names, format_names
from pipeline.taxonomy import load_taxonomy

DATA = Path(__file__).parent / "data"
BASELINE = DATA / "name_quality_baseline.json"
SETS = {
    "names_dev": DATA / "tag_names_dev.jsonl",  # tuned on
    "names_heldout": DATA / "tag_names_heldout.jsonl",  # frozen: never tune on it
    "names_heldout2": DATA / "tag_names_heldout2.jsonl",  # frozen: never tune on it
    "names_heldout3": DATA / "tag_names_heldout3.jsonl",  # frozen: never tune on it
    "names_heldout4": DATA / "tag_names_heldout4.jsonl",  # frozen: never tune on it
    "names_heldout5": DATA / "tag_names_heldout5.jsonl",  # frozen, written texts: never tune on it
    "names_heldout6": DATA / "tag_names_heldout6.jsonl",  # frozen, written freely: never tune on it
}


@pytest.fixture(scope="module")
def reports() -> dict[str, NameReport]:
    tagger = get_tagger(load_taxonomy(), load_gazetteer())
    out = {}
    for name, path in SETS.items():
        out[name] = evaluate_names(tagger, load_labelled(path))
        print("\n" + format_names(out[name], name, mistakes=False))
    return out


@pytest.mark.parametrize("name", SETS)
def test_names_not_below_pinned_floors(reports: dict[str, NameReport], name: str) -> None:
    floors = json.loads(BASELINE.read_text(encoding="utf-8"))[name]
    got = reports[name].summary()
    assert set(floors) == set(got), f"{name}: every measured figure needs a floor"
    low = {k: (got[k], v) for k, v in floors.items() if got[k] < v}
    assert not low, f"{name}: below the pinned floor (measured, floor): {low}"


def test_name_sets_are_apart_and_labelled() -> None:
    sets = {name: load_labelled(p) for name, p in SETS.items()}
    assert all(len(cases) == 200 for cases in sets.values())
    ids = [{c["id"] for c in cases} for cases in sets.values()]
    assert sum(map(len, ids)) == len(set().union(*ids)), "an item is in two name sets"
    for name in [n for n in SETS if n != "names_dev"]:
        header = SETS[name].read_text(encoding="utf-8").split("\n", 1)[0]
        assert "HELD-OUT" in header and "Never tune on this file" in header
    for c in [c for cases in sets.values() for c in cases]:
        for key in ("place", "unit"):  # a label is a name the text holds, as written
            for value in [c[key], *c[f"alt_{key}s"]]:
                assert value is None or value in c["title"] + c["body"], (c["id"], value)


def test_scorer_cells() -> None:
    """right / wrong / missed / spurious, and accepted alternatives."""
    from pipeline.tag.names_eval import NameScore

    s = NameScore()
    s.add("a", "华光路", [], "华光路")
    s.add("b", "奥林社区", ["奥林"], "奥林")
    s.add("c", None, [], None)
    s.add("d", "华光路", [], "柳泉路")
    s.add("e", "华光路", [], None)
    s.add("f", None, [], "柳泉路")
    assert (s.right, s.wrong, s.missed, s.spurious) == (3, 1, 1, 1)
    assert s.accuracy == 0.5
