"""Accuracy of the names a mention carries: place, responsible unit and deadline.

A name-labelled file is JSON Lines like the other labelled files (``id``, ``title``, ``body``,
optional ``published_at`` and ``kind_hint``) with, for the first problem the item raises:
``place`` and ``alt_places`` (the most specific named place, as written, and other forms an
editor accepts), ``unit`` and ``alt_units`` (the responsible unit named), ``deadline_stated`` and
``deadline`` (an ISO date, or null when none is stated or it cannot be dated). ``null`` means
"none named". An item is compared through its first mention; an item the tagger gives no mention
has none of the three.

Per field, each item falls in one of four cells: ``right`` (the tagger's value is the label or an
accepted alternative, ``null`` = ``null`` included), ``wrong`` (both named, different), ``missed``
(a label, the tagger none) and ``spurious`` (no label, the tagger named one). Accuracy is right over
all items; precision and recall are over the named values only (what an editor sees, and what the
text holds). ``deadline`` is scored on items whose deadline could be dated or that state none.

``python -m pipeline.tag.names_eval FILE...`` prints the report with every mistake.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.tag.evaluate import load_labelled, tag_case
from pipeline.tag.tagger import Tagger

NAME_FIELDS = ("place", "unit", "deadline")


@dataclass
class NameScore:
    right: int = 0
    wrong: int = 0
    missed: int = 0
    spurious: int = 0
    named_right: int = 0  # right where the label names a value (not null = null)
    mistakes: list[tuple[str, str | None, str | None]] = field(default_factory=list)

    def add(self, case_id: str, gold: str | None, accept: Iterable[str], got: str | None) -> None:
        ok = got == gold or (got is not None and got in set(accept))
        if ok:
            self.right += 1
            self.named_right += gold is not None
            return
        if gold is None:
            self.spurious += 1
        elif got is None:
            self.missed += 1
        else:
            self.wrong += 1
        self.mistakes.append((case_id, gold, got))

    @property
    def total(self) -> int:
        return self.right + self.wrong + self.missed + self.spurious

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    def precision_recall(self) -> tuple[float, float]:
        """Over named values: right named / tagger named, right named / labelled named."""
        named_pred = self.named_right + self.wrong + self.spurious
        named_gold = self.named_right + self.wrong + self.missed
        return (
            self.named_right / named_pred if named_pred else 0.0,
            self.named_right / named_gold if named_gold else 0.0,
        )


@dataclass
class NameReport:
    fields: dict[str, NameScore] = field(default_factory=lambda: {f: NameScore() for f in NAME_FIELDS})

    def summary(self) -> dict[str, float]:
        """The gated figures: accuracy per field (items with a label for it)."""
        return {
            f"{name}_accuracy": round(s.accuracy, 4) for name, s in self.fields.items() if s.total
        }


def _gold(case: dict[str, Any], name: str) -> tuple[bool, str | None, list[str]]:
    """(scored, label, accepted alternatives) of one field of one case."""
    if name == "deadline":
        dated = case.get("deadline")
        scored = dated is not None or not case.get("deadline_stated")
        return scored, dated, []
    return name in case, case.get(name), list(case.get(f"alt_{name}s") or [])


def evaluate_names(tagger: Tagger, cases: list[dict[str, Any]]) -> NameReport:
    """Tag every name-labelled item and score its first mention's place, unit and deadline."""
    rep = NameReport()
    for c in cases:
        item = tag_case(tagger, c)
        first = item.mentions[0] if item.mentions else None
        got = {
            "place": first.place if first else None,
            "unit": first.unit if first else None,
            "deadline": first.deadline.isoformat() if first and first.deadline else None,
        }
        for name in NAME_FIELDS:
            scored, gold, accept = _gold(c, name)
            if scored:
                rep.fields[name].add(str(c.get("id")), gold, accept, got[name])
    return rep


def format_names(rep: NameReport, title: str = "", mistakes: bool = True) -> str:
    lines = [f"== {title}" if title else "== names"]
    for name, s in rep.fields.items():
        if not s.total:
            continue
        p, r = s.precision_recall()
        lines.append(
            f"{name:9} accuracy {s.right}/{s.total} = {s.accuracy:.3f}  named: precision {p:.3f} "
            f"recall {r:.3f}  (wrong {s.wrong}, missed {s.missed}, spurious {s.spurious})"
        )
    if mistakes:
        for name, s in rep.fields.items():
            for case_id, gold, got in s.mistakes:
                lines.append(f"   {name}: {case_id}: {gold} → {got}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m pipeline.tag.names_eval FILE... [--summary]``: score name-labelled files."""
    import argparse

    from pipeline.gazetteer import load_gazetteer
    from pipeline.tag import get_tagger
    from pipeline.taxonomy import load_taxonomy

    parser = argparse.ArgumentParser(prog="python -m pipeline.tag.names_eval", description=main.__doc__)
    parser.add_argument("files", nargs="+", type=Path, help="name-labelled JSONL files, scored together")
    parser.add_argument("--summary", action="store_true", help="only the gated figures")
    args = parser.parse_args(argv)
    tagger = get_tagger(load_taxonomy(), load_gazetteer())
    rep = evaluate_names(tagger, [c for p in args.files for c in load_labelled(p)])
    title = " + ".join(p.name for p in args.files)
    print(json.dumps(rep.summary(), ensure_ascii=False) if args.summary else format_names(rep, title))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
