"""The tagger: an item's kind and the problems (mentions) it speaks of."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from pipeline.gazetteer import Gazetteer, Location
from pipeline.models import Mention, TaggedItem
from pipeline.tag.cues import ROAD_SITE_TYPES
from pipeline.tag.deadline import find_deadline
from pipeline.tag.extract import NameExtractor
from pipeline.tag.followup import (
    blend_followup,
    blend_status,
    default_followup_model,
    default_status_model,
    followup_model_features,
    handed_on_only,
    status_features,
)
from pipeline.tag.kinds import KindVerdict, classify_kind
from pipeline.tag.lexicon import Lexicon, build_lexicon
from pipeline.tag.model import (
    CategoryModel,
    RelevanceModel,
    blend_kind,
    default_category_model,
    default_model,
    default_type_model,
    feature_set,
)
from pipeline.tag.scoring import TypeScorer, TypeScores, site_type_of
from pipeline.tag.split import sentence_at, split_parts
from pipeline.tag.status import find_status, status_hits
from pipeline.taxonomy import Taxonomy
from pipeline.timeutil import local

TITLE_FACTOR = 2.0  # title cues of a single-problem item count double
MIN_PART_SCORE = 1.0  # a round-up part needs this much problem evidence (or a status)
# Close calls between cue scores: types scoring at least TIE_RATIO of the top one are weighed
# again, each by its share of the top score plus TIE_WEIGHT times the type model's probability
# (chosen on dev11 and dev12, which the type model never learned from).
TIE_RATIO, TIE_WEIGHT = 0.5, 1.0


@lru_cache(maxsize=8)
def _features(title: str, text: str) -> frozenset[str]:
    """The bigram features of a text, computed once for the relevance, type and category models
    (a single-problem item's mention is the whole item); unsorted: the models sum exactly."""
    return frozenset(feature_set(title, text))

_LEXICONS: dict[tuple[str, str], Lexicon] = {}


def _lexicon(taxonomy: Taxonomy, gazetteer: Gazetteer) -> Lexicon:
    key = (taxonomy.version or str(id(taxonomy)), gazetteer.version or str(id(gazetteer)))
    if key not in _LEXICONS:
        _LEXICONS[key] = build_lexicon(taxonomy, gazetteer)
    return _LEXICONS[key]


@dataclass
class _Context:
    """What a mention may fall back on besides its own text."""

    kind: str
    title: str  # scored and searched only for single-problem items
    header: str  # section header of a round-up part ("一、张店区")
    fallback: Location  # district/street when the mention names none
    published: date | None


class Tagger:
    """Tags items with kind and problem mentions; build once, reuse (see ``get_tagger``)."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        gazetteer: Gazetteer,
        default_deadline_days: dict[str, int] | None = None,
        relevance: RelevanceModel | None | bool = True,
        category_model: CategoryModel | None | bool = True,
        followup_model: RelevanceModel | None | bool = True,
        status_model: CategoryModel | None | bool = True,
        type_model: CategoryModel | None | bool = True,
    ) -> None:
        """``relevance``: the learned relevance model (True: the shipped one; None/False: rules only);
        ``category_model``: the category model for mentions without a type (likewise);
        ``followup_model``, ``status_model``: the follow-up and status models
        (``pipeline.tag.followup``; likewise); ``type_model``: the problem-type model for
        mentions without a type cue (likewise)."""
        self.taxonomy = taxonomy
        self.relevance: RelevanceModel | None = (
            default_model() if relevance is True else (relevance or None)
        )
        self.category_model: CategoryModel | None = (
            default_category_model() if category_model is True else (category_model or None)
        )
        self.followup_model: RelevanceModel | None = (
            default_followup_model() if followup_model is True else (followup_model or None)
        )
        self.status_model: CategoryModel | None = (
            default_status_model() if status_model is True else (status_model or None)
        )
        self.type_model: CategoryModel | None = (
            default_type_model() if type_model is True else (type_model or None)
        )
        self.gazetteer = gazetteer
        self.default_deadline_days = dict(default_deadline_days or {})
        self.lexicon = _lexicon(taxonomy, gazetteer)
        self.scorer = TypeScorer(taxonomy, self.lexicon)
        self.names = NameExtractor(gazetteer, self.lexicon)

    def tag(
        self,
        title: str,
        body: str,
        kind_hint: str = "mixed",
        published_at: datetime | None = None,
    ) -> TaggedItem:
        title, body = title or "", body or ""
        parts = split_parts(body)
        # Laid out as a single mention's texts (title, no header, body), so the
        # whole-item mention below reuses these scores instead of scanning again.
        whole = self.scorer.score([(title, TITLE_FACTOR), ("", 1.0), (body, 1.0)])
        verdict = classify_kind(title, body, kind_hint, whole.top[1], roundup=bool(parts))
        verdict = self._blend(verdict, title, body, kind_hint)
        verdict = self._blend_followup(verdict, title, body, kind_hint, whole.top[1])
        item = TaggedItem(kind=verdict.kind, confidence=verdict.confidence, cues=verdict.cues)
        if verdict.kind not in ("exposure", "followup"):
            return item
        # Deadlines count in local (Asia/Shanghai) days, whatever zone the caller used.
        published = local(published_at).date() if published_at else None
        if parts:
            fallback = self._item_location(title, body)
            for part in parts:
                self.lexicon.prime(body, *part.span)  # a part's tokens are the body's
                ctx = _Context(verdict.kind, "", part.header, fallback, published)
                m = self._mention(len(item.mentions), part.text, part.span, ctx)
                if m is not None:
                    item.mentions.append(m)
        if not item.mentions:
            ctx = _Context(verdict.kind, title, "", Location(), published)
            m = self._mention(0, body, (0, len(body)), ctx, keep=True, scores=whole)
            if m is not None:
                item.mentions.append(m)
        return item

    def relevance_prob(self, title: str, body: str) -> float | None:
        """The model's probability that the item is a campaign problem (None without a model)."""
        if self.relevance is None:
            return None
        return self.relevance.prob(_features(title, body))

    def _blend(self, verdict: KindVerdict, title: str, body: str, hint: str) -> KindVerdict:
        """The rules' kind, overturned by the model only where it is sure (see ``pipeline.tag.model``)."""
        m = self.relevance
        if m is None or verdict.kind not in ("exposure", "other") or verdict.kind == hint:
            return verdict
        p = self.relevance_prob(title, body)
        kind, cue = blend_kind(verdict.kind, verdict.scores, p, hint, m.lo, m.hi)
        if cue is None or p is None:
            return verdict
        conf = round(p if kind != "other" else 1 - p, 2)
        return KindVerdict(kind, conf, [cue], verdict.scores)

    def followup_prob(
        self, title: str, body: str, scores: dict[str, float], problem: float
    ) -> float | None:
        """The follow-up model's probability that a campaign item is a follow-up (None without a
        model); ``scores``: the rules' kind scores, ``problem``: the problem-type evidence."""
        if self.followup_model is None:
            return None
        return self.followup_model.prob(followup_model_features(title, body, scores, problem))

    def _blend_followup(
        self, verdict: KindVerdict, title: str, body: str, hint: str, problem: float
    ) -> KindVerdict:
        """Exposure or follow-up, overturned by the follow-up model only where it is sure."""
        m = self.followup_model
        if m is None or verdict.kind not in ("exposure", "followup") or hint in ("exposure", "followup"):
            return verdict
        p = self.followup_prob(title, body, verdict.scores, problem)
        # the guard is read only where the model would turn an exposure into a follow-up
        handed_on = verdict.kind == "exposure" and p is not None and p > m.hi and handed_on_only(body, verdict.scores)
        kind, cue = blend_followup(verdict.kind, p, hint, m.lo, m.hi, handed_on)
        if cue is None or p is None:
            return verdict
        conf = round(p if kind == "followup" else 1 - p, 2)
        return KindVerdict(kind, conf, [*verdict.cues, cue], verdict.scores)

    # -- one mention ---------------------------------------------------------

    def _item_location(self, title: str, body: str) -> Location:
        """A round-up's district, when title and body name exactly one."""
        districts = set()
        for m in self.gazetteer.find_all(f"{title}\n{body}"):
            if len(m.districts) == 1:
                districts.add(m.districts[0])
        if len(districts) == 1:
            return Location(district=districts.pop())
        return Location()

    def _break_tie(self, scores: TypeScores, title: str, text: str) -> tuple[TypeScores, bool]:
        """Where cue scores are close, the type model helps choose: (scores with the chosen
        type on top, whether the model changed it)."""
        ranked = scores.ranked()
        if self.type_model is None or len(ranked) < 2 or ranked[0][1] <= 0:
            return scores, False
        best = ranked[0][1]
        close = [(s, v) for s, v in ranked if v > 0 and v >= TIE_RATIO * best]
        if len(close) < 2:
            return scores, False
        probs = self.type_model.probs(_features(title, text))
        choice = max(close, key=lambda sv: sv[1] / best + TIE_WEIGHT * probs.get(sv[0], 0.0))[0]
        if choice == ranked[0][0]:
            return scores, False
        return scores.prefer(choice), True

    def _mention(
        self,
        index: int,
        text: str,
        span: tuple[int, int],
        ctx: _Context,
        keep: bool = False,
        scores: TypeScores | None = None,
    ) -> Mention | None:
        """``scores``: those of (ctx.title, ctx.header, text) when already computed."""
        if scores is None:
            scores = self.scorer.score([(ctx.title, TITLE_FACTOR), (ctx.header, 1.0), (text, 1.0)])
        scores, tie_broken = self._break_tie(scores, ctx.title, text)
        slug, top = scores.top
        status, status_hit, status_sentence = (None, None, None)
        by_model = False
        if ctx.kind == "followup":
            status, status_hit, status_sentence = find_status(text)
            if status is None and ctx.title:
                status, status_hit, status_sentence = find_status(ctx.title)
        if not keep and top < MIN_PART_SCORE and status is None:
            return None  # (decided by the rules: the status model never makes a part a mention)
        # No type cue: the type model may name the type where it is sure, else the category
        # model the category (never a type); both read the same bigram features.
        feats = _features(ctx.title, text) if slug is None else ()
        typed_by_model = False
        if slug is None and self.type_model is not None:
            guess, _ = self.type_model.predict(feats)
            if guess in self.taxonomy.types:
                slug, typed_by_model = guess, True
        if ctx.kind == "followup" and self.status_model is not None:
            probs = self.status_model.probs(status_features(ctx.title, text))
            status, by_model = blend_status(status, probs, self.status_model.threshold)
            if by_model:  # the evidence: the last sentence stating the model's status, if any
                same = [h for h in status_hits(text) if h.status == status]
                status_sentence = sentence_at(text, same[-1].start) if same else None
        where = self._locate(text, ctx)
        place = self.names.place(ctx.title, text)
        unit = self.names.unit(text, ctx.header)
        deadline = self._deadline(text, ctx, slug, status)
        cues = scores.cues_of(slug)
        category = self.taxonomy.category_of(slug)
        if typed_by_model:
            cues.append("model:type")
        elif tie_broken:
            cues.append("model:type-tiebreak")
        elif slug is None and self.category_model is not None:
            guess, _ = self.category_model.predict(feats)
            if guess in self.taxonomy.categories:
                category = guess
                cues.append("model:category")
        if status_hit is not None:
            cues.append(status_hit.cue)
        if by_model:
            cues.append(f"model:status:{status}")
        return Mention(
            index=index,
            text=text,
            span=span,
            problem_type=slug,
            secondary_types=scores.secondary() if slug else [],
            category=category,
            site_type=self._site_type(place, ctx.title, text),
            district=where.district,
            street=where.street,
            place=place,
            unit=unit,
            deadline=deadline,
            status=status,
            confidence=self._confidence(scores, status),
            evidence=status_sentence or self._evidence(scores, slug, ctx, text),
            cues=cues,
        )

    def _site_type(self, place: str | None, title: str, text: str) -> str | None:
        """From the place name first, then the texts with admin names masked out."""
        site_types = self.taxonomy.site_types
        found = site_type_of(site_types, place)
        if found is None and place:
            found = next(
                (st for tail, st in ROAD_SITE_TYPES if place.endswith(tail) and st in site_types),
                None,
            )
        return found or site_type_of(site_types, self._mask_admin(title), self._mask_admin(text))

    def _mask_admin(self, text: str) -> str:
        """``text`` with city/district/street names blanked ("车站街道" is no 车站)."""
        chars = list(text)
        for m in self.gazetteer.find_all(text):
            if m.level != "place":
                chars[m.start : m.end] = " " * (m.end - m.start)
        return "".join(chars)

    def _locate(self, text: str, ctx: _Context) -> Location:
        for candidate in (f"{ctx.title}\n{text}" if ctx.title else text, ctx.header):
            loc = self.gazetteer.locate(candidate) if candidate else Location()
            if loc.district or loc.street:
                return loc
        return ctx.fallback

    def _deadline(
        self, text: str, ctx: _Context, slug: str | None, status: str | None
    ) -> date | None:
        found = find_deadline(text, ctx.published)
        if found:
            return found[0]
        days = self.default_deadline_days
        if not days or ctx.published is None or status in ("resolved", "unresolved"):
            return None
        category = self.taxonomy.category_of(slug)
        for key in (slug, category, "default", "*"):
            if key and key in days:
                return ctx.published + timedelta(days=int(days[key]))
        return None

    @staticmethod
    def _confidence(scores: TypeScores, status: str | None) -> float:
        conf = scores.confidence()
        if status is not None:
            conf = max(conf, 0.3) if conf else 0.3
        return round(min(conf, 1.0), 2)

    @staticmethod
    def _evidence(scores: TypeScores, slug: str | None, ctx: _Context, text: str) -> str | None:
        hit = scores.best_hit(slug, prefer_after=0 if text else -1)
        if hit is None:
            return None
        source = [ctx.title, ctx.header, text][hit.part]
        return sentence_at(source, hit.start)


_TAGGERS: dict[tuple, Tagger] = {}


def get_tagger(
    taxonomy: Taxonomy,
    gazetteer: Gazetteer,
    default_deadline_days: dict[str, int] | None = None,
) -> Tagger:
    """A cached Tagger per (taxonomy version, gazetteer file, deadline defaults)."""
    key = (
        taxonomy.version or id(taxonomy),
        gazetteer.path or gazetteer.version or id(gazetteer),
        gazetteer.version,
        tuple(sorted((default_deadline_days or {}).items())),
    )
    if key not in _TAGGERS:
        _TAGGERS[key] = Tagger(taxonomy, gazetteer, default_deadline_days)
    return _TAGGERS[key]
