"""Accuracy of the tagger on labelled items: per-field accuracy, per-label
precision/recall/F1 and confusion.

A labelled file is JSON Lines (lines starting with "#" are its header):
``id``, ``title``, ``body``, optional ``published_at`` and ``kind_hint``, and
the expected ``kind``, ``problem_type`` (with ``alt_types`` that count as
right too), ``category``, ``district`` and, for follow-ups, ``status``.
An item is compared through its first mention.

Fields and what they are measured over:

- relevance: all items; a campaign problem (exposure or follow-up with a
  mention) or not; F1 of "problem".
- kind: all items with a kind.
- problem_type, category: items labelled with a type; a missed item counts
  wrong (the figures include relevance errors).
- district: problem items (labelled exposure or followup) labelled with a district
  ("where stated": the district of a problem mention; a news or off-topic item has no
  mention, and missing it counts under relevance and kind); ``district_spurious``
  counts items labelled without one where the tagger named one anyway.
- status: follow-ups labelled with a status.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.tag.record import parse_published
from pipeline.tag.tagger import TaggedItem, Tagger
from pipeline.taxonomy import Taxonomy

FIELDS = ("relevance", "kind", "problem_type", "category", "district", "status")
NONE = "∅"  # label shown for "no value"


def load_labelled(path: Path | str) -> list[dict[str, Any]]:
    """The labelled items of a JSONL file, header lines skipped."""
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            out.append(json.loads(line))
    return out


@dataclass
class FieldScore:
    """Gold/predicted pairs of one field, and what follows from them."""

    pairs: list[tuple[str, str]] = field(default_factory=list)

    def add(self, gold: str | None, pred: str | None, accept: Iterable[str] = ()) -> None:
        g, p = gold or NONE, pred or NONE
        if p in set(accept):
            p = g  # an accepted alternative is the gold label
        self.pairs.append((g, p))

    @property
    def total(self) -> int:
        return len(self.pairs)

    @property
    def right(self) -> int:
        return sum(g == p for g, p in self.pairs)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    def per_label(self) -> dict[str, tuple[float, float, float, int]]:
        """label → (precision, recall, F1, support)."""
        gold = Counter(g for g, _ in self.pairs)
        pred = Counter(p for _, p in self.pairs)
        hit = Counter(g for g, p in self.pairs if g == p)
        out = {}
        for label in sorted(set(gold) | set(pred)):
            p = hit[label] / pred[label] if pred[label] else 0.0
            r = hit[label] / gold[label] if gold[label] else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            out[label] = (p, r, f, gold[label])
        return out

    def confusion(self) -> Counter:
        """(gold, predicted) → count, mistakes only."""
        return Counter((g, p) for g, p in self.pairs if g != p)


@dataclass
class Report:
    fields: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in FIELDS})
    district_spurious: int = 0
    district_unstated: int = 0
    mistakes: list[dict[str, Any]] = field(default_factory=list)

    def f1(self, name: str, label: str) -> float:
        return self.fields[name].per_label().get(label, (0.0, 0.0, 0.0, 0))[2]

    def summary(self) -> dict[str, float]:
        """The gated figures: relevance F1 and the accuracy of every other field."""
        out = {"relevance_f1": round(self.f1("relevance", "problem"), 4)}
        for name in FIELDS[1:]:
            if self.fields[name].total:
                out[f"{name}_accuracy"] = round(self.fields[name].accuracy, 4)
        return out


def tag_case(tagger: Tagger, case: dict[str, Any]) -> TaggedItem:
    """Tag one labelled item as the pipeline would (title, body, kind hint, publish date)."""
    return tagger.tag(
        case.get("title") or "",
        case.get("body") or "",
        kind_hint=case.get("kind_hint") or "mixed",
        published_at=parse_published(case.get("published_at")),
    )


def evaluate(tagger: Tagger, cases: list[dict[str, Any]]) -> Report:
    """Tag every labelled item and score it field by field."""
    rep = Report()
    for c in cases:
        item = tag_case(tagger, c)
        first = item.mentions[0] if item.mentions else None
        relevant = item.kind in ("exposure", "followup") and first is not None
        got = {
            "relevance": "problem" if relevant else "none",
            "kind": item.kind,
            "problem_type": first.problem_type if first else None,
            "category": first.category if first else None,
            "district": first.district if first else None,
            "status": first.status if first else None,
        }
        score_case(rep, c, got, tagger.taxonomy)
    return rep


def score_case(rep: Report, c: dict[str, Any], got: dict[str, Any], taxonomy: Taxonomy) -> None:
    """Score one labelled item ``c`` against ``got`` (a value for every name in ``FIELDS``): the
    tagger's reading, or another person's (``pipeline.tag.agreement``)."""
    gold_relevant = c.get("kind") in ("exposure", "followup")
    alts = list(c.get("alt_types") or [])
    wrong = []
    f = rep.fields
    if "kind" in c:
        f["relevance"].add("problem" if gold_relevant else "none", got["relevance"])
        f["kind"].add(c["kind"], got["kind"])
    if c.get("problem_type"):
        f["problem_type"].add(c["problem_type"], got["problem_type"], alts)
        cats = [taxonomy.category_of(t) for t in alts]
        f["category"].add(
            c.get("category") or taxonomy.category_of(c["problem_type"]),
            got["category"],
            [x for x in cats if x],
        )
    if c.get("district") and gold_relevant:
        f["district"].add(c["district"], got["district"])
    elif "district" in c and not c.get("district"):
        rep.district_unstated += 1
        rep.district_spurious += got["district"] is not None
    if c.get("status"):
        f["status"].add(c["status"], got["status"])
    for name, score in f.items():
        if score.pairs and score.pairs[-1][0] != score.pairs[-1][1] and _added(c, name):
            wrong.append(f"{name}: {score.pairs[-1][0]} → {score.pairs[-1][1]}")
    if wrong:
        rep.mistakes.append({"id": c.get("id"), "wrong": wrong})


def _added(case: dict[str, Any], name: str) -> bool:
    """Whether ``evaluate`` scored ``name`` for this case (so the last pair is its own)."""
    if name in ("relevance", "kind"):
        return "kind" in case
    if name == "category":
        return bool(case.get("problem_type"))
    if name == "district":
        return bool(case.get(name)) and case.get("kind") in ("exposure", "followup")
    return bool(case.get(name))


def format_report(rep: Report, title: str = "", per_label: bool = True) -> str:
    """A plain-text report: summary, per-label P/R/F1 and the most common confusions."""
    lines = [f"== {title}" if title else "== tagging accuracy"]
    for name in FIELDS:
        s = rep.fields[name]
        if not s.total:
            continue
        extra = ""
        if name == "relevance":
            extra = f"  F1(problem) {rep.f1('relevance', 'problem'):.3f}"
        if name == "district" and rep.district_unstated:
            extra = f"  (named where none stated: {rep.district_spurious}/{rep.district_unstated})"
        lines.append(f"{name:13} accuracy {s.right}/{s.total} = {s.accuracy:.3f}{extra}")
    if per_label:
        for name in FIELDS:
            s = rep.fields[name]
            if not s.total:
                continue
            lines.append(f"-- {name}: label  P  R  F1  support")
            for label, (p, r, f1, n) in s.per_label().items():
                lines.append(f"   {label:22} {p:.2f} {r:.2f} {f1:.2f} {n:4d}")
            conf = s.confusion().most_common(8)
            if conf:
                lines.append(
                    "   confusion (gold → predicted): "
                    + ", ".join(f"{g}→{p} ×{n}" for (g, p), n in conf)
                )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m pipeline.tag.evaluate FILE... [--summary]``: score labelled files with the default tagger."""
    import argparse

    from pipeline.gazetteer import load_gazetteer
    from pipeline.tag import get_tagger
    from pipeline.taxonomy import load_taxonomy

    parser = argparse.ArgumentParser(
        prog="python -m pipeline.tag.evaluate", description=main.__doc__
    )
    parser.add_argument("files", nargs="+", type=Path, help="labelled JSONL files, scored together")
    parser.add_argument(
        "--summary", action="store_true", help="only the gated figures (no per-label table)"
    )
    args = parser.parse_args(argv)
    tagger = get_tagger(load_taxonomy(), load_gazetteer())
    rep = evaluate(tagger, [c for p in args.files for c in load_labelled(p)])
    title = " + ".join(p.name for p in args.files)
    if args.summary:
        print(f"== {title}")
        print(json.dumps(rep.summary(), ensure_ascii=False))
    else:
        print(format_report(rep, title))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
