"""Agreement of two readings of the same labelled items (pipeline.tag.agreement)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.tag.agreement import agreement, disagree, first_shown_second, kappa, main, merge
from pipeline.taxonomy import load_taxonomy

TAX = load_taxonomy()


def lab(i: str, kind: str, t: str | None = None, alts: tuple[str, ...] = ()) -> dict:
    return {
        "id": i,
        "kind": kind,
        "problem_type": t,
        "alt_types": list(alts),
        "category": TAX.category_of(t) if t else None,
    }


def test_kappa_of_perfect_chance_and_opposite_readings() -> None:
    assert kappa([(True, True), (False, False)]) == 1.0
    assert kappa([(True, False), (False, True)]) == -1.0
    # agreement no better than chance: both say yes half the time, independently
    pairs = [(True, True), (True, False), (False, True), (False, False)]
    assert kappa(pairs) == 0.0


def test_disagreement_by_field() -> None:
    assert disagree(lab("1", "exposure", "noise"), lab("1", "other"), TAX) == ["relevance"]
    assert disagree(lab("1", "other"), lab("1", "other"), TAX) == []
    # an alternative type on either side makes two readings agree
    assert disagree(lab("1", "exposure", "noise", ("street_vending",)), lab("1", "exposure", "street_vending"), TAX) == []
    assert disagree(lab("1", "exposure", "noise"), lab("1", "exposure", "garbage", ("noise",)), TAX) == []
    # same category, different type
    assert disagree(lab("1", "exposure", "noise"), lab("1", "exposure", "garbage"), TAX) == ["problem_type"]
    # different category too
    assert disagree(lab("1", "exposure", "noise"), lab("1", "exposure", "illegal_parking"), TAX) == [
        "problem_type",
        "category",
    ]


def test_second_reading_scored_like_the_tagger() -> None:
    first = [
        lab("a", "exposure", "noise"),
        lab("b", "exposure", "garbage", ("sanitation",)),
        lab("c", "other"),
        lab("d", "exposure", "illegal_parking"),
    ]
    second = {
        "a": lab("a", "exposure", "noise"),
        "b": lab("b", "exposure", "sanitation"),  # the first's alternative: right
        "c": lab("c", "exposure", "noise"),  # a false problem
        "d": lab("d", "other"),  # a missed problem: wrong type and category
    }
    rep = agreement(first, second, TAX)
    assert rep["items"] == 4
    assert rep["relevance_agreement"] == 0.5
    assert rep["disagree"] == {"relevance": 2, "problem_type": 0, "category": 0}
    s = rep["second_scored_against_first"]
    assert (s["problem_type_right"], s["category_right"], s["typed_items"]) == (2, 2, 3)
    assert s["relevance_f1"] == pytest.approx(2 * 2 / (3 + 3), abs=1e-4)


def test_merge_puts_the_third_reading_in_place() -> None:
    first = [dict(lab("a", "exposure", "noise"), title="t", body="b"), dict(lab("b", "other"), title="t2", body="b2")]
    out = merge(first, {"b": lab("b", "exposure", "garbage")})
    assert out[0] == first[0]
    assert out[1]["kind"] == "exposure" and out[1]["problem_type"] == "garbage"
    assert out[1]["category"] == "environment" and out[1]["adjudicated"] is True
    assert out[1]["body"] == "b2"
    assert first[1]["kind"] == "other"  # the input is not changed


def test_cli_writes_disagreements_in_a_random_order_and_merges(tmp_path: Path, capsys) -> None:
    first = tmp_path / "first.jsonl"
    rows = [dict(lab(f"c-{i}", "exposure", "noise"), title=f"标题{i}", body=f"正文{i}") for i in range(12)]
    first.write_text("# header line\n" + "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    second = tmp_path / "second.jsonl"
    second.write_text(
        "".join(json.dumps(lab(r["id"], "other" if i % 3 == 0 else "exposure", "noise" if i % 3 else None)) + "\n" for i, r in enumerate(rows)),
        encoding="utf-8",
    )
    out = tmp_path / "dis.jsonl"
    assert main([str(first), str(second), "--disagreements", str(out)]) == 0
    dis = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [d["id"] for d in dis] == ["c-0", "c-3", "c-6", "c-9"]
    for d in dis:
        shown = [d["reading_x"]["kind"], d["reading_y"]["kind"]]
        assert sorted(shown) == ["exposure", "other"]
        assert (shown[0] == "other") == first_shown_second(d["id"])
    adjudicated = tmp_path / "adj.jsonl"
    adjudicated.write_text(json.dumps(lab("c-3", "other")) + "\n", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    assert main([str(first), str(second), "--merge", str(adjudicated), "--output", str(gold)]) == 0
    text = gold.read_text(encoding="utf-8")
    assert text.startswith("# header line\n")
    merged = [json.loads(x) for x in text.splitlines()[1:]]
    assert [m["kind"] for m in merged].count("other") == 1 and merged[3]["kind"] == "other"
    assert "1 adjudicated" in capsys.readouterr().out


def test_an_id_labelled_twice_is_an_error(tmp_path: Path) -> None:
    second = tmp_path / "second.jsonl"
    second.write_text(json.dumps(lab("a", "other")) + "\n" + json.dumps(lab("a", "other")) + "\n", encoding="utf-8")
    first = tmp_path / "first.jsonl"
    first.write_text(json.dumps(lab("a", "other")) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="labelled twice"):
        main([str(first), str(second)])
