"""Agreement between two people's labels of the same items, and the adjudicated gold.

A labelled file (``pipeline.tag.evaluate``) is one annotator's reading. A second
annotator labels the same texts blind (never seeing the first labels or any tagger
output), into a file of ``id``, ``kind``, ``problem_type``, ``alt_types`` and
``category``. This module measures how far the two readings agree, lists the items
they disagree on for a third reading, and merges that adjudication into a new gold
file::

    python -m pipeline.tag.agreement FIRST SECOND                 # agreement figures
    python -m pipeline.tag.agreement FIRST SECOND --disagreements OUT.jsonl
    python -m pipeline.tag.agreement FIRST SECOND --merge ADJUDICATED.jsonl --output GOLD.jsonl

Figures: relevance (campaign problem or not) raw agreement and Cohen's kappa; the
second reading scored as if it were a tagger against the first (relevance F1, type
and category accuracy over the first's typed items, an alternative type counting as
right), which is the tagger's own scoring and so shows how far a careful human gets
under it; and the same the other way round.

Two readings disagree on an item when one calls it a problem and the other does not,
or when both do and neither's main type is among the other's types (main or
alternative), or likewise for categories. The disagreements file shows the two
readings as ``reading_x`` and ``reading_y`` in an order fixed per id by a hash
(``first_shown_second``), so the third reader cannot tell which came first.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

from pipeline.tag.evaluate import FIELDS, Report, load_labelled, score_case
from pipeline.taxonomy import Taxonomy, load_taxonomy

LABEL_FIELDS = ("kind", "problem_type", "alt_types", "category")
RELEVANT = ("exposure", "followup")


def _relevant(label: dict[str, Any]) -> bool:
    return label.get("kind") in RELEVANT


def _types(label: dict[str, Any]) -> set[str]:
    main = label.get("problem_type")
    return ({main} if main else set()) | set(label.get("alt_types") or [])


def _categories(label: dict[str, Any], taxonomy: Taxonomy) -> set[str]:
    cats = {taxonomy.category_of(t) for t in _types(label)}
    if label.get("category"):
        cats.add(label["category"])
    return {c for c in cats if c}


def disagree(a: dict[str, Any], b: dict[str, Any], taxonomy: Taxonomy) -> list[str]:
    """The fields on which two readings of one item disagree (empty when they agree)."""
    if _relevant(a) != _relevant(b):
        return ["relevance"]
    if not _relevant(a):
        return []
    out = []
    ta, tb = _types(a), _types(b)
    if ta and tb and a.get("problem_type") not in tb and b.get("problem_type") not in ta:
        out.append("problem_type")
    ca, cb = _categories(a, taxonomy), _categories(b, taxonomy)
    cat_a = a.get("category") or taxonomy.category_of(a.get("problem_type") or "")
    cat_b = b.get("category") or taxonomy.category_of(b.get("problem_type") or "")
    if ca and cb and cat_a not in cb and cat_b not in ca:
        out.append("category")
    return out


def score_as_tagger(
    gold: list[dict[str, Any]], other: dict[str, dict[str, Any]], taxonomy: Taxonomy
) -> dict[str, float]:
    """``other``'s labels scored against ``gold`` the way ``evaluate`` scores the tagger."""
    rep = Report()
    for g in gold:
        o = other.get(g["id"])
        if o is None:
            continue
        relevant = _relevant(o) and bool(o.get("problem_type"))
        got = dict.fromkeys(FIELDS)
        got["relevance"] = "problem" if relevant else "none"
        got["kind"] = o.get("kind")
        if relevant:
            got["problem_type"] = o["problem_type"]
            got["category"] = o.get("category") or taxonomy.category_of(o["problem_type"])
        score_case(rep, g, got, taxonomy)
    typ, cat = rep.fields["problem_type"], rep.fields["category"]
    return {
        "items": rep.fields["relevance"].total,
        "relevance_f1": round(rep.f1("relevance", "problem"), 4),
        "problem_type_accuracy": round(typ.accuracy, 4),
        "problem_type_right": typ.right,
        "category_accuracy": round(cat.accuracy, 4),
        "category_right": cat.right,
        "typed_items": typ.total,
    }


def first_shown_second(item_id: str) -> bool:
    """Whether the adjudicator is shown the second reading first (a fixed coin per id), so
    that the order does not tell which reading came first."""
    return hashlib.sha1(item_id.encode("utf-8")).digest()[0] % 2 == 1


def kappa(pairs: list[tuple[bool, bool]]) -> float:
    """Cohen's kappa of two yes/no readings."""
    n = len(pairs)
    if not n:
        return 0.0
    observed = sum(a == b for a, b in pairs) / n
    pa = sum(a for a, _ in pairs) / n
    pb = sum(b for _, b in pairs) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def agreement(
    first: list[dict[str, Any]], second: dict[str, dict[str, Any]], taxonomy: Taxonomy
) -> dict[str, Any]:
    """Agreement figures of two readings over the items both labelled."""
    both = [g for g in first if g["id"] in second]
    rel_pairs = [(_relevant(g), _relevant(second[g["id"]])) for g in both]
    split = {"relevance": 0, "problem_type": 0, "category": 0}
    both_problem = 0
    for g in both:
        fields = disagree(g, second[g["id"]], taxonomy)
        for name in fields:
            split[name] += 1
        both_problem += _relevant(g) and _relevant(second[g["id"]])
    first_by_id = {g["id"]: g for g in both}
    return {
        "items": len(both),
        "relevance_agreement": round(sum(a == b for a, b in rel_pairs) / len(both), 4)
        if both
        else 0.0,
        "relevance_kappa": round(kappa(rel_pairs), 4),
        "both_problem": both_problem,
        "disagree": split,
        "second_scored_against_first": score_as_tagger(both, second, taxonomy),
        "first_scored_against_second": score_as_tagger(
            [second[i] for i in first_by_id], first_by_id, taxonomy
        ),
    }


def load_second(path: Path | str) -> dict[str, dict[str, Any]]:
    """A second reading: id → labels. An id given twice is an error."""
    out: dict[str, dict[str, Any]] = {}
    for row in load_labelled(path):
        if row["id"] in out:
            raise ValueError(f"{path}: id {row['id']} labelled twice")
        out[row["id"]] = row
    return out


def merge(
    first: list[dict[str, Any]], adjudicated: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """The first reading with the adjudicated labels in place where a third reading decided."""
    out = []
    for row in first:
        row = dict(row)
        adj = adjudicated.get(row["id"])
        if adj is not None:
            for name in LABEL_FIELDS:
                row[name] = adj.get(name) if name != "alt_types" else list(adj.get(name) or [])
            row["adjudicated"] = True
        out.append(row)
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m pipeline.tag.agreement FIRST SECOND``: agreement of two readings."""
    parser = argparse.ArgumentParser(prog="python -m pipeline.tag.agreement", description=main.__doc__)
    parser.add_argument("first", type=Path, help="labelled JSONL file (the first reading, with texts)")
    parser.add_argument("second", type=Path, help="second reading: JSONL of id and labels")
    parser.add_argument("--disagreements", type=Path, help="write the items to adjudicate here")
    parser.add_argument("--merge", type=Path, help="adjudicated labels (JSONL of id and labels)")
    parser.add_argument("--output", type=Path, help="with --merge: the adjudicated gold file")
    args = parser.parse_args(argv)
    taxonomy = load_taxonomy()
    first = [r for r in load_labelled(args.first) if r["id"]]
    second = load_second(args.second)
    if args.merge:
        if not args.output:
            parser.error("--merge needs --output")
        rows = merge(first, load_second(args.merge))
        header = [ln for ln in args.first.read_text(encoding="utf-8").splitlines() if ln.startswith("#")]
        body = [json.dumps(r, ensure_ascii=False) for r in rows]
        args.output.write_text("\n".join(header + body) + "\n", encoding="utf-8")
        print(f"wrote {args.output}: {len(rows)} items, {sum(bool(r.get('adjudicated')) for r in rows)} adjudicated")
        return 0
    print(json.dumps(agreement(first, second, taxonomy), ensure_ascii=False, indent=1))
    if args.disagreements:
        lines = []
        for g in first:
            s = second.get(g["id"])
            if s is None:
                continue
            fields = disagree(g, s, taxonomy)
            if fields:
                readings = [{k: g.get(k) for k in LABEL_FIELDS}, {k: s.get(k) for k in LABEL_FIELDS}]
                if first_shown_second(g["id"]):
                    readings.reverse()
                lines.append(
                    {
                        "id": g["id"],
                        "title": g.get("title"),
                        "body": g.get("body"),
                        "disagree": fields,
                        "reading_x": readings[0],
                        "reading_y": readings[1],
                    }
                )
        args.disagreements.write_text(
            "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8"
        )
        print(f"wrote {args.disagreements}: {len(lines)} items to adjudicate")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
