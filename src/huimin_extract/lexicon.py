"""The rules of the indicator stages, loaded once: the metric lexicon (rules/metrics.yaml) and the cue words
(rules/cues.yaml), validated by their models (rules/schemas.py) and compiled into `Rules`; and the scan that
finds the lexicon's metrics in a text (`TextLexicon`).

The linking stage (indicators.py) and the time model (timeline.py) read the same compiled rules.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from . import rules
from .document import joined_with_nul
from .models import Sentence
from .rules.schemas import CueRules, MetricEntry, MetricLexicon
from .wordsets import WordFinder, WordSet, alternation


@lru_cache(maxsize=1)
def metric_lexicon() -> MetricLexicon:
    """The metric lexicon (rules/metrics.yaml), loaded and validated once per process."""
    return rules.load("metrics.yaml", MetricLexicon)


@lru_cache(maxsize=1)
def cue_rules() -> CueRules:
    """The cue words (rules/cues.yaml), loaded and validated once per process."""
    return rules.load("cues.yaml", CueRules)


def headline_metrics() -> tuple[str, ...]:
    """Ids of the headline metrics, in lexicon order (`gdp`, `budget_revenue`, …)."""
    return tuple(m.id for m in metric_lexicon().metrics if m.headline)


def __getattr__(name: str) -> Any:  # PEP 562: HEADLINE_METRICS is computed on first use, not at import
    if name == "HEADLINE_METRICS":
        return headline_metrics()
    raise AttributeError(name)


# --- compiled rules ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Surface:
    entry: MetricEntry
    growth: bool  # a growth alias: the name already says "the growth of"


@dataclass(frozen=True)
class Rules:
    lexicon: MetricLexicon
    by_id: dict[str, MetricEntry]
    surfaces: dict[str, Surface]
    surface_finder: WordFinder  # the surfaces (its `words` index the matches)
    region_prefix: regex.Pattern[str]
    heads: WordSet
    head_anywhere: regex.Pattern[str]
    base: frozenset[str]
    cue_role: dict[str, str]  # cue surface -> estimate/target/avg_growth/growth/level
    negative: frozenset[str]
    measure_cue: regex.Pattern[str]
    measure_tail: WordSet
    estimate: regex.Pattern[str]
    target: regex.Pattern[str]
    lead: regex.Pattern[str]
    plan_in_clause: regex.Pattern[str]  # a plan explanation in the figure's clause (提出…年均增长5%)
    plan_in_sentence: regex.Pattern[str]  # …in its sentence (《纲要》…设置了29项主要指标,包括:…)
    time_lead_opening: regex.Pattern[str]  # what may open a sentence before its time lead (刚刚过去的2025年)
    flow: regex.Pattern[str]  # a count of things done over a span (新增, 建成)
    avg_word: regex.Pattern[str]  # a growth with this between metric and figure is an average (年均分别增长)
    avg_word_tail: WordSet  # …or with it right before the metric (年均经济增长速度)
    side_remark: regex.Pattern[str]  # a remark between two figures of one metric (稳居全国前十强)
    counted_dimensions: frozenset[str]  # a figure in words in one of these is no statistic (两轮, 五年)
    milestone_tail: WordSet  # a threshold passed right before a figure (突破6万亿元): its approx
    streak_tail: WordSet  # right before a figure: it counts a streak (连续30个月)
    list_count_tail: WordSet  # right before a figure: it counts a list's items (等16个)
    list_count_things: WordSet  # right after such a figure: the items are tasks, not things (等5个方面)
    span_level: regex.Pattern[str]  # a level held or averaged over a span (稳定在, 年均)
    reached_tail: WordSet  # right before a figure: a level reached (增至), at the span's end
    benchmark_tail: WordSet
    benchmark: regex.Pattern[str]
    strip_tail: WordSet  # and any run of [\s,;:] (_strip_tail)
    removable: regex.Pattern[str]
    distribute: regex.Pattern[str]
    each: regex.Pattern[str]  # after a list of names: the figure holds for each item (A、B均增至9个)
    separators: regex.Pattern[str]
    separator_tail: regex.Pattern[str]
    cumulative: regex.Pattern[str]
    cumulative_words: tuple[str, ...]  # the words `cumulative` cannot match without
    cumulative_years: dict[str, int]
    share_link_tail: WordSet
    share_head: regex.Pattern[str]
    comparison_markers: frozenset[str]
    foundation: regex.Pattern[str]  # a clause ending so names its period as a base (在…的基础上)
    count_verbs: frozenset[str]
    count_verb_tail: WordSet  # a count verb right before a figure (改造|1万户农村危房), fillers allowed
    count_fillers: regex.Pattern[str]
    clause_count_verbs: frozenset[str]  # count verbs whose list ends with their clause (惠及)
    thing_bad_ends: WordSet
    thing_bad_starts: frozenset[str]
    thing_leads: regex.Pattern[str]
    thing_task_tails: tuple[str, ...]
    thing_predicate: WordSet  # what happens to a thing counted after its figure (…在川布局, …入选)
    predicate_adverbs: regex.Pattern[str]  # at the start of a predicate (全部化解): no part of a name
    generic_verbs: frozenset[str]  # 实施, 完成: give way to an action the thing names
    stock_addition_tail: WordSet  # right before a lexicon metric of things, or its figure: the new ones (新增)
    thing_units: frozenset[str]
    edge_words: frozenset[str]
    located: frozenset[str]  # 在: before a one-character place it opens a name (在川两院院士)
    edge_tail: WordSet  # and a last character that cannot be in a name (_edge_before)
    attributive: regex.Pattern[str]
    count_units: frozenset[str]
    neutral_modifiers: frozenset[str]
    ratio_tail: WordSet  # a ratio metric (dimension ratio) right before a figure: a bare number is its level


@lru_cache(maxsize=1)
def compiled_rules() -> Rules:
    lex = metric_lexicon()
    cues = cue_rules()
    surfaces: dict[str, Surface] = {}
    for entry in lex.metrics:
        named = [(s, False) for s in [entry.name, *entry.aliases]] + [(s, True) for s in entry.growth_aliases]
        for surface, growth in named:
            meaning = Surface(entry, growth)  # one object for the surface and its prefixed forms
            surfaces.setdefault(surface, meaning)
            for prefix in lex.region_prefixes:
                surfaces.setdefault(prefix + surface, meaning)
    role: dict[str, str] = {}
    for name, cue_list in [
        ("level", cues.measure.level),
        ("growth", cues.measure.growth),
        ("avg_growth", cues.measure.avg_growth),
    ]:
        for cue in cue_list:
            role[cue] = name
    measure_words = set(role)
    kind_words = set(cues.kind.estimate) | set(cues.kind.target)
    trailing = (
        measure_words
        | kind_words
        | set(cues.comparison)
        | set(cues.connectors)
        | set(cues.cumulative)
        | set(cues.distribute)
        | set(cues.cumulative_years)
    )
    edges = set(cues.edge_words) | measure_words | kind_words | set(cues.cumulative) | set(cues.distribute)
    return Rules(
        lexicon=lex,
        by_id={m.id: m for m in lex.metrics},
        surfaces=surfaces,
        surface_finder=WordFinder(list(surfaces)),
        region_prefix=regex.compile("^(?:" + alternation(lex.region_prefixes) + ")"),
        heads=WordSet(lex.heads),
        head_anywhere=regex.compile(alternation(lex.heads)),
        base=frozenset(cues.base),
        cue_role=role,
        negative=frozenset(cues.measure.negative),
        measure_cue=regex.compile(alternation(measure_words)),
        measure_tail=WordSet(measure_words),
        estimate=regex.compile(alternation(cues.kind.estimate)),
        target=regex.compile(alternation(cues.kind.target)),
        lead=regex.compile("(?:" + alternation(cues.target_leads) + r") ?:"),
        plan_in_clause=regex.compile(alternation(cues.plan_explanation.clause)),
        plan_in_sentence=regex.compile(alternation(cues.plan_explanation.sentence)),
        time_lead_opening=regex.compile(r"(?:" + alternation(cues.time_lead_openings) + r"|[\s,:、“”\"《》()—])*"),
        flow=regex.compile(alternation(set(cues.flow) | set(cues.count_verbs))),  # a count of things done
        avg_word=regex.compile(alternation(cues.measure.avg_words)),
        avg_word_tail=WordSet(cues.measure.avg_words),
        side_remark=regex.compile(alternation(cues.side_remarks)),
        counted_dimensions=frozenset(cues.counted_dimensions),
        milestone_tail=WordSet(cues.milestones),
        streak_tail=WordSet(cues.streaks),
        list_count_tail=WordSet(cues.list_counts),
        list_count_things=WordSet(cues.list_count_things),
        span_level=regex.compile(alternation(cues.span_level)),
        reached_tail=WordSet(cues.reached),
        benchmark_tail=WordSet(set(cues.benchmark_tail) | measure_words),
        benchmark=regex.compile(alternation(cues.benchmark)),
        strip_tail=WordSet(trailing),
        removable=regex.compile(alternation(trailing) + r"|[\s,;:“”\"]"),
        distribute=regex.compile(alternation(cues.distribute)),
        each=regex.compile(alternation(cues.each)),  # used with .match at a position
        separators=regex.compile(alternation(cues.list_separators)),
        separator_tail=regex.compile("(?:" + alternation(cues.list_separators) + ")$"),
        cumulative=regex.compile(
            "(?P<n>" + alternation(cues.cumulative_years) + ")?(?:" + alternation(cues.cumulative) + ")"
            "(?P<m>" + alternation(cues.cumulative_years) + ")?"
        ),
        cumulative_words=tuple(w for w in cues.cumulative if w),
        cumulative_years=dict(cues.cumulative_years),
        share_link_tail=WordSet(cues.share_links),
        share_head=regex.compile(alternation(cues.share_heads)),  # used with .match at a position
        comparison_markers=frozenset(cues.comparison_markers),
        foundation=regex.compile(r"[^,;:。!?]*?(?:" + alternation(cues.foundation) + r")(?=[,;:。!?]|$)"),
        count_verbs=frozenset(cues.count_verbs),
        count_verb_tail=WordSet(cues.count_verbs),
        clause_count_verbs=frozenset(cues.clause_count_verbs),
        count_fillers=regex.compile("(?:" + alternation(cues.count_fillers) + ")+$"),
        thing_bad_ends=WordSet(cues.thing_bad_ends),
        thing_bad_starts=frozenset(cues.thing_bad_starts),
        thing_task_tails=tuple(cues.thing_task_tails),
        thing_leads=regex.compile(r"(?:\((?:[^()]{1,3})\)|" + alternation(cues.thing_leads) + ")+"),
        thing_predicate=WordSet(cues.thing_predicates),
        predicate_adverbs=regex.compile("^(?:" + alternation(cues.predicate_adverbs) + ")+"),
        generic_verbs=frozenset(cues.generic_verbs),
        stock_addition_tail=WordSet(cues.stock_additions),
        thing_units=frozenset(cues.thing_units),
        edge_words=frozenset(edges),
        located=frozenset(cues.located),
        edge_tail=WordSet(edges),
        attributive=regex.compile(alternation(cues.attributive)),
        count_units=frozenset(lex.count_units),
        neutral_modifiers=frozenset(cues.neutral_modifiers),
        ratio_tail=WordSet({s for s, v in surfaces.items() if v.entry.dimension == "ratio"}),
    )


# --- the lexicon metrics of a sentence ---------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    surface: str


class SentenceLexicon:
    """The lexicon metrics written in one sentence, as the scan of the whole text finds them (`TextLexicon`)."""

    def __init__(self, found: list[Match]) -> None:
        self.found = found
        self.starts = [m.start for m in found]
        self.ends = [m.end for m in found]

    def last(self, start: int, end: int) -> Match | None:
        """The last lexicon metric written within `start`..`end` (a stretch of the sentence)."""
        first = bisect_left(self.starts, start)
        after = bisect_right(self.ends, end)  # the matches do not overlap: their ends grow with their starts
        if after <= first:
            return None
        return self.found[after - 1]


class TextLexicon:
    """The lexicon metrics written in a text (its matching copy): the longest surface at the first place one
    starts, then on after it, as a regex alternation of the surfaces longest first would find them.

    One pass of an Aho-Corasick automaton (`wordsets.WordFinder`, leftmost-longest) over the whole report, built
    once per process with the rules; each sentence then takes its matches by bisection.

    `sentences`: the only sentences that will be asked (those with figures, in text order). When no surface
    can run across the edge of any of them (the characters on one side of it are in no surface), a match of
    the whole text lies within one sentence or outside them all, and leftmost-longest chooses within each
    sentence as if it stood alone: these sentences alone are scanned, joined by a NUL (in no surface), a
    quarter of the report's text. Otherwise the whole text is.
    """

    def __init__(self, r: Rules, norm: str, sentences: list[Sentence] | None = None) -> None:
        finder = r.surface_finder
        surface = finder.words
        self._only: set[str] | None = None  # the ids of the sentences scanned, when not the whole text
        if (
            sentences is not None
            and "\x00" not in finder.chars
            and all(
                _edge_apart(finder.chars, norm, s.start) and _edge_apart(finder.chars, norm, s.end) for s in sentences
            )
        ):
            joined, offsets = joined_with_nul([norm[s.start : s.end] for s in sentences])
            shifts = [s.start - at for s, at in zip(sentences, offsets, strict=True)]  # joined offset -> norm's
            self.found = []
            for k, a, b in finder.leftmost_longest(joined):
                shift = shifts[bisect_right(offsets, a) - 1]
                self.found.append(Match(a + shift, b + shift, surface[k]))
            self._only = {s.id for s in sentences}
        else:
            self.found = [Match(a, b, surface[k]) for k, a, b in finder.leftmost_longest(norm)]
        self.starts = [m.start for m in self.found]

    def sentence(self, sentence: Sentence) -> SentenceLexicon:
        """The matches that start in `sentence`."""
        if self._only is not None and sentence.id not in self._only:
            raise ValueError(f"sentence {sentence.id} was not scanned")
        return SentenceLexicon(
            self.found[bisect_left(self.starts, sentence.start) : bisect_left(self.starts, sentence.end)]
        )


def _edge_apart(chars: frozenset[str], norm: str, edge: int) -> bool:
    """Whether no word of `chars` can run across `edge` of `norm`: a character on one side is in none."""
    return edge <= 0 or edge >= len(norm) or norm[edge - 1] not in chars or norm[edge] not in chars
