"""Generate the labelled ledger scenario from tests/data/ledger_scenario.toml (see its header).

``build()`` returns the articles in publication order, each with the mentions a
tagger would hand over and, per mention, the key of the problem it truly speaks
of (None for a distractor), plus each problem's true final status.
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from pipeline.timeutil import TZ

DATA = Path(__file__).resolve().parent / "data" / "ledger_scenario.toml"
SHORTEN = ("东侧", "北段", "东门", "小区", "社区", "广场", "菜市场", "市场", "集市")


@dataclass
class Article:
    url: str
    title: str
    kind: str
    when: datetime
    outlet: str = "齐风晚报"
    links: list[str] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)
    truth: list[str | None] = field(default_factory=list)  # per mention: the problem key, or None


@dataclass
class Truth:
    key: str
    district: str
    street: str
    place: str
    ptype: str
    category: str
    unit: str
    day: int
    life: list[str]
    status: str = "exposed"
    url: str = ""


class Scenario:
    def __init__(self, path: Path = DATA) -> None:
        self.d = tomllib.loads(path.read_text(encoding="utf-8"))
        self.rng = random.Random(self.d["seed"])
        self.types = {t["slug"]: t for t in self.d["type"]}
        self.start: date = self.d["start"]
        self.articles: list[Article] = []
        self.problems: list[Truth] = []
        self._n = 0

    # -- helpers
    def _pick(self, rows: list[dict]) -> dict:
        return self.rng.choices(rows, weights=[r["weight"] for r in rows])[0]

    def _when(self, day: int, hour: int = 9) -> datetime:
        return datetime.combine(self.start + timedelta(days=day), time(hour, self._n % 60), TZ)

    def _url(self, kind: str) -> str:
        self._n += 1
        return f"http://qf.example/{kind}/{self._n:04d}.html"

    def _exposure_mention(self, t: Truth) -> dict:
        text = self.rng.choice(self.types[t.ptype]["exposure"]).format(place=t.place)
        return {"district": t.district, "street": t.street, "place": t.place, "problem_type": t.ptype,
                "category": t.category, "unit": t.unit, "text": f"{t.district}{text}", "evidence": text}

    # 1. problems: district, type, a place not yet used for that type; some share district and type
    def _draw_problems(self) -> None:
        used: set[tuple[str, str, str]] = set()
        districts = self.d["district"]
        span = self.d["weeks"] * 7 - 21
        prev: Truth | None = None
        while len(self.problems) < self.d["problems"]:
            if prev is not None and self.rng.random() < 0.3:
                dist = next(x for x in districts if x["name"] == prev.district)
                ptype, day = prev.ptype, prev.day  # same district and type, same day, another place
            else:
                dist, ptype, day = self.rng.choice(districts), self.rng.choice(list(self.types)), self.rng.randrange(span)
            free = [p for p in dist["places"] if (dist["name"], p, ptype) not in used]
            if not free:
                prev = None
                continue
            place = self.rng.choice(free)
            used.add((dist["name"], place, ptype))
            t = self.types[ptype]
            unit = f"{dist['name']}{t['unit']}" if not t["unit"].startswith("社区") else f"{place}{t['unit']}"
            prev = Truth(f"K{len(self.problems):03d}", dist["name"], self.rng.choice(dist["streets"]), place, ptype,
                         t["category"], unit, day, list(self._pick(self.d["life"])["steps"]))
            self.problems.append(prev)

    # 2. exposure articles: singles and round-ups (problems of one day), some carried by another outlet
    def _exposures(self) -> None:
        by_day: dict[int, list[Truth]] = {}
        for t in self.problems:
            by_day.setdefault(t.day, []).append(t)
        for day in sorted(by_day):
            batch = by_day[day]
            while batch:
                k = min(len(batch), self.rng.randint(2, 4)) if self.rng.random() < self.d["roundup_share"] else 1
                group, batch = batch[:k], batch[k:]
                a = Article(self._url("bgt"), "创城曝光台：" + "、".join(g.place for g in group), "exposure", self._when(day))
                for g in group:
                    a.mentions.append(self._exposure_mention(g))
                    a.truth.append(g.key)
                    g.url = a.url
                self.articles.append(a)
                if k == 1 and self.rng.random() < self.d["copy_share"]:
                    copy = Article(self._url("copy"), a.title + "（转载）", "exposure",
                                   self._when(day + self.rng.randint(0, 1), 15), outlet="鲁中网")
                    copy.mentions = [{**a.mentions[0], "text": "来源：齐风晚报 " + a.mentions[0]["text"]}]
                    copy.truth = [group[0].key]
                    self.articles.append(copy)

    # 3. follow-ups and re-exposures, each in its own article, reworded, in a tagger's variant
    def _lives(self) -> None:
        fu = self.d["followup"]
        for t in self.problems:
            day = t.day
            for step in t.life:
                day += self.rng.randint(3, 12)
                if step == "reexpose":
                    a = Article(self._url("bgt"), f"问题反弹：{t.place}", "exposure", self._when(day, 10))
                    a.mentions, a.truth = [self._exposure_mention(t)], [t.key]
                    self.articles.append(a)
                    continue
                variant = self._pick(self.d["variant"])["name"]
                m = {"district": t.district, "street": t.street, "place": t.place, "problem_type": t.ptype,
                     "category": t.category, "unit": t.unit, "status": step}
                link = [t.url] if self.rng.random() < 0.5 else []
                if variant == "short_place":
                    m["place"] = next((t.place[: -len(s)] for s in SHORTEN if t.place.endswith(s)), t.place)
                elif variant == "no_district":
                    m["district"] = m["street"] = None
                elif variant == "link_only" and step != "unresolved":
                    m["place"], m["street"], link = None, None, [t.url]
                elif variant == "sibling_type":
                    sib = [s for s, x in self.types.items() if x["category"] == t.category and s != t.ptype]
                    m["problem_type"] = self.rng.choice(sib) if sib else t.ptype
                if m["place"] is None:  # link_only phrases: [0] says fixed, [1] says being fixed
                    text = fu["link_only"][0 if step == "resolved" else 1].format(unit=t.unit)
                else:
                    text = self.rng.choice(fu[step]).format(place=m["place"], what=self.types[t.ptype]["what"],
                                                            unit=t.unit)
                m["text"] = m["evidence"] = text
                a = Article(self._url("hf"), f"回访｜{m['place'] or '此前曝光问题'}", "followup", self._when(day, 11),
                            links=link, mentions=[m], truth=[t.key])
                self.articles.append(a)

    # 4. distractors: follow-ups about places never exposed for that type
    def _distractors(self) -> None:
        exposed = {(t.district, t.place) for t in self.problems}
        for _ in range(self.d["distractors"]):
            dist = self.rng.choice(self.d["district"])
            free = [p for p in dist["places"] + dist["spare"] if (dist["name"], p) not in exposed]
            ptype = self.rng.choice(list(self.types))
            place = self.rng.choice(free)
            text = self.rng.choice(self.d["followup"]["resolved"]).format(
                place=place, what=self.types[ptype]["what"], unit=f"{dist['name']}{self.types[ptype]['unit']}")
            m = {"district": dist["name"], "place": place, "problem_type": ptype,
                 "category": self.types[ptype]["category"], "status": "resolved", "text": text, "evidence": text}
            day = self.rng.randrange(self.d["weeks"] * 7)
            self.articles.append(Article(self._url("hf"), f"回访｜{place}", "followup", self._when(day, 16),
                                         mentions=[m], truth=[None]))

    # 5. the truth: replay each problem's life
    def _replay(self) -> None:
        for t in self.problems:
            status = "exposed"
            for step in t.life:
                if step in ("resolved", "in_progress"):
                    status = step
                elif step == "reexpose" and status == "resolved":
                    status = "reopened"
            t.status = status

    def build(self) -> tuple[list[Article], list[Truth]]:
        self._draw_problems()
        self._exposures()
        self._lives()
        self._distractors()
        self._replay()
        return sorted(self.articles, key=lambda a: (a.when, a.url)), self.problems
