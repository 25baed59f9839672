"""Indicators: a named metric of the region, a figure for it, its kind, measure and period.

`find_indicators(doc, quantities, periods)` links each quantity to the metric it is stated for, clause by
clause, on the matching copy `doc.norm`:

- The metric is the last lexicon metric (rules/metrics.yaml, aliases and region-prefixed forms, longest
  first) between the previous figure of the clause and this one; else an unknown noun phrase ending in a
  metric head (旅游收入, 机扫率), its left edge found with jieba; else, when only verbs stand between them,
  the metric of the previous figure or mention in the sentence (实现309亿元,同比增长8%).
- `分别` distributes a list of metrics over the list of figures that follows it; a collective metric
  (城乡居民人均可支配收入) stands for its parts.
- The measure comes from the verb nearest the figure (增长 -> growth, 年均增长 -> avg_growth, 达到 -> level).
- Kind and period come from cue words in the clause and the sentence first (预计, 力争, 2017年以来, 四年累计),
  then from a target paragraph's lead (主要预期目标是:), then from the section's frame and years, never from a
  position in one particular report.

Rule words live in rules/metrics.yaml and rules/cues.yaml; nothing here names a metric or a cue.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, model_validator

from . import rules, words
from .document import Doc
from .models import Indicator, Kind, Measure, Number, Paragraph, Period, Quantity, Sentence
from .wordsets import WordSet

# --- rule files ----------------------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MetricEntry(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    aliases: list[str] = []
    growth_aliases: list[str] = []
    dimension: str | None
    direction: Literal["higher", "lower"]
    headline: bool = False
    parts: list[str] = []
    units: list[str] = []


class MetricLexicon(_Strict):
    region_prefixes: list[str]
    heads: list[str]
    count_units: list[str]
    metrics: list[MetricEntry]

    @model_validator(mode="after")
    def _consistent(self) -> MetricLexicon:
        ids = [m.id for m in self.metrics]
        if len(ids) != len(set(ids)):
            raise ValueError(f"duplicate metric id: {sorted({i for i in ids if ids.count(i) > 1})}")
        seen: dict[str, str] = {}
        for m in self.metrics:
            for surface in [m.name, *m.aliases, *m.growth_aliases]:
                if surface in seen and seen[surface] != m.id:
                    raise ValueError(f"surface {surface!r} names both {seen[surface]} and {m.id}")
                seen[surface] = m.id
            for part in m.parts:
                if part not in ids:
                    raise ValueError(f"{m.id}: unknown part {part!r}")
        return self


class KindCues(_Strict):
    estimate: list[str]
    target: list[str]


class MeasureCues(_Strict):
    avg_growth: list[str]
    growth: list[str]
    level: list[str]
    negative: list[str]


class CueRules(_Strict):
    kind: KindCues
    target_leads: list[str]
    measure: MeasureCues
    comparison: list[str]
    comparison_markers: list[str]
    benchmark: list[str]
    benchmark_tail: list[str]
    distribute: list[str]
    list_separators: list[str]
    cumulative: list[str]
    cumulative_years: dict[str, int]
    share_links: list[str]
    share_heads: list[str]
    base: list[str]
    attributive: list[str]
    neutral_modifiers: list[str]
    connectors: list[str]
    edge_words: list[str]


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


def _alternation(surfaces: list[str] | set[str]) -> str:
    """A regex alternation of literal surfaces, longest first (so 年均增长 wins over 增长)."""
    ordered = sorted({s for s in surfaces if s}, key=lambda s: (-len(s), s))
    return "|".join(regex.escape(s) for s in ordered) or "(?!)"


@dataclass(frozen=True)
class _Surface:
    entry: MetricEntry
    growth: bool  # a growth alias: the name already says "the growth of"


@dataclass(frozen=True)
class _Rules:
    lexicon: MetricLexicon
    by_id: dict[str, MetricEntry]
    surfaces: dict[str, _Surface]
    surface_start: re.Pattern[str]  # a character a surface starts with
    surface_lengths: dict[str, list[int]]  # by first two characters (or the one of a one-character surface):
    # the lengths of the surfaces that start so, longest first
    surface_chars: frozenset[str]  # every character written in a surface
    longest_surface: int
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
    benchmark_tail: WordSet
    benchmark: regex.Pattern[str]
    strip_tail: WordSet  # and any run of [\s,;:] (_strip_tail)
    removable: regex.Pattern[str]
    distribute: regex.Pattern[str]
    separators: regex.Pattern[str]
    separator_tail: regex.Pattern[str]
    cumulative: regex.Pattern[str]
    cumulative_words: tuple[str, ...]  # the words `cumulative` cannot match without
    cumulative_years: dict[str, int]
    share_link_tail: WordSet
    share_head: regex.Pattern[str]
    comparison_markers: frozenset[str]
    edge_words: frozenset[str]
    edge_tail: WordSet  # and a last character that cannot be in a name (_edge_before)
    attributive: regex.Pattern[str]
    count_units: frozenset[str]
    neutral_modifiers: frozenset[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    lex = metric_lexicon()
    cues = cue_rules()
    surfaces: dict[str, _Surface] = {}
    for entry in lex.metrics:
        named = [(s, False) for s in [entry.name, *entry.aliases]] + [(s, True) for s in entry.growth_aliases]
        for surface, growth in named:
            surfaces.setdefault(surface, _Surface(entry, growth))
            for prefix in lex.region_prefixes:
                surfaces.setdefault(prefix + surface, _Surface(entry, growth))
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
    return _Rules(
        lexicon=lex,
        by_id={m.id: m for m in lex.metrics},
        surfaces=surfaces,
        surface_chars=frozenset("".join(surfaces)),
        longest_surface=max((len(s) for s in surfaces), default=0),
        surface_start=re.compile("[" + re.escape("".join(sorted({s[0] for s in surfaces if s}))) + "]"),
        surface_lengths=_lengths_by_start(surfaces),
        region_prefix=regex.compile("^(?:" + _alternation(lex.region_prefixes) + ")"),
        heads=WordSet(lex.heads),
        head_anywhere=regex.compile(_alternation(lex.heads)),
        base=frozenset(cues.base),
        cue_role=role,
        negative=frozenset(cues.measure.negative),
        measure_cue=regex.compile(_alternation(measure_words)),
        measure_tail=WordSet(measure_words),
        estimate=regex.compile(_alternation(cues.kind.estimate)),
        target=regex.compile(_alternation(cues.kind.target)),
        lead=regex.compile("(?:" + _alternation(cues.target_leads) + r") ?:"),
        benchmark_tail=WordSet(set(cues.benchmark_tail) | measure_words),
        benchmark=regex.compile(_alternation(cues.benchmark)),
        strip_tail=WordSet(trailing),
        removable=regex.compile(_alternation(trailing) + r"|[\s,;:“”\"]"),
        distribute=regex.compile(_alternation(cues.distribute)),
        separators=regex.compile(_alternation(cues.list_separators)),
        separator_tail=regex.compile("(?:" + _alternation(cues.list_separators) + ")$"),
        cumulative=regex.compile(
            "(?P<n>" + _alternation(cues.cumulative_years) + ")?(?:" + _alternation(cues.cumulative) + ")"
            "(?P<m>" + _alternation(cues.cumulative_years) + ")?"
        ),
        cumulative_words=tuple(w for w in cues.cumulative if w),
        cumulative_years=dict(cues.cumulative_years),
        share_link_tail=WordSet(cues.share_links),
        share_head=regex.compile(_alternation(cues.share_heads)),  # used with .match at a position
        comparison_markers=frozenset(cues.comparison_markers),
        edge_words=frozenset(edges),
        edge_tail=WordSet(edges),
        attributive=regex.compile(_alternation(cues.attributive)),
        count_units=frozenset(lex.count_units),
        neutral_modifiers=frozenset(cues.neutral_modifiers),
    )


# --- the stage -----------------------------------------------------------------------------------------

_CLAUSE_BREAKS = ",;:。!?"
_CLAUSE_BREAK = re.compile("[" + re.escape(_CLAUSE_BREAKS) + "]")
_ARABIC = regex.compile(r"[0-9０-９]")  # figures written in words (两轮, 五年) are not statistics
_RATE_UNITS = ("%", "百分点")
_FRAMED = ("review", "plan_year", "plan_period")  # frames whose years are a figure's default period
_UNKNOWN_MAX = 20  # an unknown metric longer than this is a clause, not a name
_HAN = regex.compile(r"\p{Han}")
_NAME_CHAR = regex.compile(r'[\p{Han}A-Za-z“”"]')  # what may end a name (a metric's left neighbour is not one)
_QUOTES = "“”‘’\"'《》"  # may stand between a comparison marker and its period (较“十三五”)
_PART_LEVEL = 2  # sections up to this level (parts, 一、) bound a running period (_running_topics)
_TOPIC_REACH = 2  # a period this close to a sentence's start is its topic (2021年是…, 过去一年,…)
_CUT_WINDOW = 40  # characters before a figure given to jieba to find a name's left edge
_INHERIT_RESIDUE = 2  # at most this many non-cue characters between a figure and the metric it inherits


@dataclass
class _Metric:
    """A metric as linked to a figure: its name, id and where it is written."""

    name: str
    id: str | None
    start: int
    end: int
    growth: bool = False


@dataclass
class _Context:
    doc: Doc
    sentence: Sentence
    scope: int  # start of the full sentence: sentences cut at ; are one statement for cue words (预计…;…)
    quantities: list[Quantity]
    periods: list[Period]
    # each of `periods`, whether it is the base of a comparison (_is_comparison) and whether a base word
    # (由, 从) is written right before it
    period_marks: list[tuple[Period, bool, bool]]
    clauses: list[tuple[int, int]]
    lexicon: _Lexicon  # the lexicon metrics written in the sentence
    lead_end: int | None  # end of a target lead (主要预期目标是:) earlier in the paragraph
    lead_period: tuple[int, int] | None
    topics: list[tuple[int, tuple[int, int]]]  # periods opening sentences of the paragraph (_topics)
    running: tuple[int, int] | None  # the period an earlier paragraph of the review part opened with
    frame: str | None  # _frame(doc, sentence)
    years: tuple[int, int] | None  # _section_years(doc, sentence)
    cumulative: bool | None = None  # whether a cumulative word (累计) is written in the sentence (_period)


def find_indicators(doc: Doc, quantities: list[Quantity], periods: list[Period]) -> list[Indicator]:
    """Every statement of a figure for a named metric of the region, in span order, ids i0001…"""
    by_sentence: dict[str, list[Quantity]] = {}
    sentences: dict[str, Sentence] = {}
    for q in sorted(quantities, key=lambda q: (q.start, q.end)):
        sentence = doc.sentence_at(q.start)
        if sentence is not None and not sentence.boilerplate and q.unit is not None and _ARABIC.search(q.text):
            by_sentence.setdefault(sentence.id, []).append(q)
            sentences[sentence.id] = sentence
    ordered_periods = sorted(periods, key=lambda p: (p.start, p.end))
    periods_by_sentence: dict[str, list[Period]] = {}
    period_sentences: list[Sentence] = []  # the sentences with a period, in text order
    for p in ordered_periods:
        sentence = doc.sentence_at(p.start)
        if sentence is not None:
            if sentence.id not in periods_by_sentence:
                periods_by_sentence[sentence.id] = []
                period_sentences.append(sentence)
            periods_by_sentence[sentence.id].append(p)
    leads = _target_leads(doc, periods_by_sentence)
    scopes = _scopes(doc)
    topics = _topics(period_sentences, periods_by_sentence)
    running = _running_topics(doc, period_sentences, periods_by_sentence)
    r = _rules()
    norm = doc.norm
    period_starts = [p.start for p in ordered_periods]
    # per section id: whether it is (within) a glossary, its frame and its years (_frame, _section_years)
    by_section: dict[str | None, tuple[bool, str | None, tuple[int, int] | None]] = {}

    found: list[dict[str, Any]] = []
    # the sentences with a figure, in text order (as doc.content_sentences(): by_sentence holds content only,
    # filled in the order of the sorted figures)
    for sentence_id, qs in by_sentence.items():
        sentence = sentences[sentence_id]
        if sentence.section_id not in by_section:
            by_section[sentence.section_id] = (
                any(s.frame == "glossary" for s in doc.section_chain(sentence.section_id)),
                _frame(doc, sentence),
                _section_years(doc, sentence),
            )
        in_glossary, frame, years = by_section[sentence.section_id]
        if in_glossary:
            continue  # a glossary defines terms (指年主营业务收入2000万元以上的企业), it reports nothing
        lead_end, lead_period = leads.get(sentence.paragraph_id, (None, None))
        if lead_end is not None and lead_end > qs[-1].start:
            lead_end, lead_period = None, None
        scope = scopes.get(sentence.id, sentence.start)
        in_scope = ordered_periods[bisect_left(period_starts, scope) : bisect_left(period_starts, sentence.end)]
        ctx = _Context(
            doc=doc,
            sentence=sentence,
            scope=scope,
            quantities=qs,
            periods=in_scope,
            period_marks=[(p, _is_comparison(norm, p), _marker_before(norm, p) in r.base) for p in in_scope],
            clauses=_clauses(norm, sentence),
            lexicon=_lexicon_of(r, norm, sentence),
            lead_end=lead_end,
            lead_period=lead_period,
            topics=topics.get(sentence.paragraph_id, []),
            running=running.get(sentence.paragraph_id),
            frame=frame,
            years=years,
        )
        found.extend(_sentence_indicators(ctx))
    found.sort(key=lambda i: (i["start"], i["end"], i["value_start"]))
    # the records are made once, with their ids (not made, then copied with one)
    return [Indicator(id=f"i{n:04d}", **fields) for n, fields in enumerate(found, 1)]


def _target_leads(
    doc: Doc, periods_by_sentence: dict[str, list[Period]]
) -> dict[str, tuple[int | None, tuple[int, int] | None]]:
    """Paragraphs with a target lead (主要预期目标是:): where the lead ends and the period it names."""
    r = _rules()
    leads: dict[str, tuple[int | None, tuple[int, int] | None]] = {}
    paragraphs: list[Paragraph] = doc.paragraphs
    for par in paragraphs:
        if doc.norm.find(":", par.start, par.end) < 0:
            continue  # every lead ends in a colon (r.lead): a plain find is much faster than the regex
        m = r.lead.search(doc.norm, par.start, par.end)
        if m is None:
            continue
        lead_sentence = doc.sentence_at(m.start())
        if _frame(doc, lead_sentence) == "review":
            continue  # a review that quotes last year's targets does not set new ones
        period: tuple[int, int] | None = None
        if lead_sentence is not None:
            before = [
                p
                for p in periods_by_sentence.get(lead_sentence.id, [])
                if p.end <= m.start() and not _is_comparison(doc.norm, p)
            ]
            if before:
                period = (before[-1].from_year, before[-1].to_year)
        if period is None:  # a single year named earlier in the paragraph (今年是…开局之年。主要预期目标是:)
            for sentence in doc.sentences:
                if par.start <= sentence.start < m.start():
                    for p in periods_by_sentence.get(sentence.id, []):
                        if p.end <= m.start() and p.from_year == p.to_year and not _is_comparison(doc.norm, p):
                            period = (p.from_year, p.to_year)
        if period is None:
            period = _section_years(doc, lead_sentence, prefer="plan_year")
        leads[par.id] = (m.end(), period)
    return leads


def _scopes(doc: Doc) -> dict[str, int]:
    """For each sentence, where its full sentence starts: sentences ending in `;` continue one statement."""
    scopes: dict[str, int] = {}
    previous: Sentence | None = None
    for sentence in doc.sentences:
        start = sentence.start
        if previous is not None and previous.paragraph_id == sentence.paragraph_id and previous.end > previous.start:
            last = doc.norm[previous.end - 1]  # the slice and strip only when the sentence ends in blanks
            if last == ";" or (last.isspace() and doc.norm[previous.start : previous.end].rstrip().endswith(";")):
                start = scopes[previous.id]
        scopes[sentence.id] = start
        previous = sentence
    return scopes


def _clauses(norm: str, sentence: Sentence) -> list[tuple[int, int]]:
    """Clause spans of a sentence: split after , ; : (a comma between digits is a thousands mark)."""
    spans: list[tuple[int, int]] = []
    start = sentence.start
    for m in _CLAUSE_BREAK.finditer(norm, sentence.start, sentence.end):  # the breaks only, not every character
        i = m.start()
        if norm[i] == "," and 0 < i < len(norm) - 1 and norm[i - 1].isdigit() and norm[i + 1].isdigit():
            continue
        spans.append((start, i + 1))
        start = i + 1
    if start < sentence.end:
        spans.append((start, sentence.end))
    return spans


def _clause_of(ctx: _Context, offset: int) -> tuple[int, int]:
    for span in ctx.clauses:
        if span[0] <= offset < span[1]:
            return span
    return (ctx.sentence.start, ctx.sentence.end)


def _figure_start(q: Quantity) -> int:
    """Where the figure starts, a prefix qualifier (超过, 近) included."""
    if q.approx_start is not None and q.approx_start < q.start:
        return q.approx_start
    return q.start


def _figure_end(q: Quantity) -> int:
    """Where the figure ends, a suffix qualifier (左右, 以上) included."""
    if q.approx_end is not None and q.approx_end > q.end:
        return q.approx_end
    return q.end


def _sentence_indicators(ctx: _Context) -> list[dict[str, Any]]:
    """The indicators of a sentence, as the fields of their records (find_indicators adds their ids)."""
    norm = ctx.doc.norm
    r = _rules()
    out: list[dict[str, Any]] = []
    assigned: dict[int, _Metric] = {}  # index of a quantity in a 分别 run -> its metric
    run_gap: dict[int, int] = {}  # index -> where the run's verb text starts (after 分别)
    runs: list[list[_Metric]] = []  # the metric lists of the 分别 runs so far in this sentence
    if r.distribute.search(norm, ctx.sentence.start, ctx.sentence.end):  # else no clause has a 分别
        for clause in ctx.clauses:
            _distribute(ctx, clause, assigned, run_gap, runs)
    previous: _Metric | None = None  # the metric of the previous figure or mention in this sentence
    previous_end = ctx.sentence.start
    previous_unit: str | None = None  # unit of the previous figure linked to `previous`
    for index, q in enumerate(ctx.quantities):
        clause = _clause_of(ctx, q.start)
        bound = clause[0]
        if index > 0 and _figure_end(ctx.quantities[index - 1]) > clause[0]:
            bound = max(bound, _figure_end(ctx.quantities[index - 1]))
        left_end = _figure_start(q)
        if bound > left_end:
            continue
        # a mention of a metric without a figure between the previous figure and this clause
        mention = _last_mention(ctx.lexicon, previous_end, bound)
        if mention is not None:
            previous, previous_unit = mention, None
        left = norm[bound:left_end]
        tail = r.benchmark_tail.find(norm, bound, left_end)
        if r.benchmark.search(norm, bound, left_end) or (
            tail is not None and norm[tail[0] : tail[1]] not in r.cue_role
        ):
            previous_end = _figure_end(q)
            continue  # 高于全国平均水平1.8个百分点, 比全国高1个百分点: a gap to a benchmark
        if r.attributive.match(norm, _figure_end(q)):
            continue  # 总投资7亿元的水乐园项目: the figure describes a thing
        metric: _Metric | None
        gap_start: int
        if index in assigned:
            metric, gap_start = assigned[index], run_gap[index]
        else:
            metric = _lexicon_metric(r, norm, ctx.lexicon, bound, left_end)
            if metric is None:
                metric = _unknown_metric(r, norm, bound, left_end, relaxed=ctx.lead_end is not None)
            if metric is None and previous is not None and _may_inherit(left, q, previous_unit):
                metric = previous
                gap_start = bound
            elif metric is not None:
                gap_start = metric.end
            else:
                previous, previous_end = None, _figure_end(q)  # an unlinked figure breaks the chain
                continue
        measure = _measure(r, norm, metric, gap_start, left_end, q)
        previous_end = _figure_end(q)
        if measure is None or not _fits(r, metric, measure, q):
            continue
        previous = metric
        previous_unit = q.unit
        kind, cued = _kind(ctx, clause, q, left_end)
        base = _is_base(r, norm, bound, left_end)
        period = _period(ctx, clause, q, left_end, kind, base=base, average=measure == "avg_growth")
        year = ctx.doc.report_year
        if period is not None and year is not None:
            if kind == "target" and period[1] < year:
                kind = "actual"  # a past year named in a plan part (去年…), or the base of a change
            elif kind == "actual" and not cued and period[0] >= year:
                kind = "target"  # a coming period named in a part the segmentation could not frame
        out.append(_indicator(ctx, q, metric, kind, measure, period))
    return out


def _fits(r: _Rules, metric: _Metric, measure: Measure, q: Quantity) -> bool:
    """Whether figure `q` can be a value of `metric`: a level in its dimension and units; no count of
    things for a metric the lexicon does not know (高标准完成51个老旧小区)."""
    if metric.id is None:
        return q.unit not in r.count_units
    entry = r.by_id[metric.id]
    if measure != "level":
        return True
    if entry.dimension and q.dimension and q.dimension != entry.dimension:
        return False
    return not entry.units or q.unit in entry.units


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    surface: str


class _Lexicon:
    """The lexicon metrics written in one sentence, as a scan of the whole text finds them (_lexicon_of)."""

    def __init__(self, found: list[_Match]) -> None:
        self.found = found
        self.starts = [m.start for m in found]
        self.ends = [m.end for m in found]

    def last(self, start: int, end: int) -> _Match | None:
        """The last lexicon metric written within `start`..`end` (a stretch of the sentence)."""
        first = bisect_left(self.starts, start)
        after = bisect_right(self.ends, end)  # the matches do not overlap: their ends grow with their starts
        if after <= first:
            return None
        return self.found[after - 1]


def _lexicon_of(r: _Rules, norm: str, sentence: Sentence) -> _Lexicon:
    """The lexicon metrics in `sentence`, the same as one scan of the whole text finds (the longest surface at
    the first place one starts, then on after it) without scanning the sentences that hold no figure.

    The scan starts after the last character before the sentence that is in no surface: no match of the
    whole text runs across that one, so the whole text's scan is at the same place there. It reads as far as
    the longest surface can reach from inside the sentence, so a match starting in it is the same as well.
    """
    start = sentence.start
    while start > 0 and norm[start - 1] in r.surface_chars:
        start -= 1
    reach = min(len(norm), sentence.end + r.longest_surface)
    return _Lexicon([m for m in _surfaces_in(r, norm, start, reach) if m.start < sentence.end])


def _lengths_by_start(surfaces: dict[str, _Surface]) -> dict[str, list[int]]:
    lengths: dict[str, set[int]] = {}
    for s in surfaces:
        if s:
            lengths.setdefault(s[:2], set()).add(len(s))
    return {start: sorted(ns, reverse=True) for start, ns in lengths.items()}


def _surfaces_in(r: _Rules, norm: str, start: int, end: int) -> list[_Match]:
    """The lexicon surfaces in norm[start:end] as a regex alternation of them finds them: the longest at the
    first place one starts, then on after it.

    Candidate places come from a class of the surfaces' first characters, each tried with the lengths of the
    surfaces that start with its first two characters (then with those of a one-character surface), longest
    first: built in no time, where a regex of the 4,000 surfaces takes 0.1 s to compile in every run.
    """
    found: list[_Match] = []
    surfaces, lengths = r.surfaces, r.surface_lengths
    after = start  # where the last match ended: matches do not overlap
    for m in r.surface_start.finditer(norm, start, end):
        i = m.start()
        if i < after:
            continue
        k = _longest_at(norm, i, end, surfaces, lengths)
        if k:
            found.append(_Match(i, i + k, norm[i : i + k]))
            after = i + k
    return found


def _longest_at(norm: str, i: int, end: int, surfaces: dict[str, _Surface], lengths: dict[str, list[int]]) -> int:
    """The length of the longest surface at norm[i:] that ends by `end`; 0 when none does."""
    for key in (norm[i : i + 2], norm[i]):
        for k in lengths.get(key, ()):
            if i + k <= end and norm[i : i + k] in surfaces:
                return k
    return 0


def _last_mention(lexicon: _Lexicon, start: int, end: int) -> _Metric | None:
    """The last lexicon metric written between `start` and `end` (a mention without a figure)."""
    last = lexicon.last(start, end) if end > start else None
    return _metric_of(last) if last is not None else None


def _metric_of(m: _Match) -> _Metric:
    surface = _rules().surfaces[m.surface]
    return _Metric(surface.entry.name, surface.entry.id, m.start, m.end, surface.growth)


def _may_inherit(left: str, q: Quantity, previous_unit: str | None) -> bool:
    """Whether a figure with only `left` before it continues the previous metric (实现309亿元,同比增长8%).

    Only verbs and connectors may stand between (at most a short verb such as 接种 besides), at least one
    verb must, and a level in another unit than the previous figure's is something else (…平方米,完成了4条…).
    """
    r = _rules()
    if _residue(left) > _INHERIT_RESIDUE:
        return False
    if not r.measure_cue.search(left) and not r.cumulative.search(left):
        return False
    if previous_unit not in (None, *_RATE_UNITS) and q.unit != previous_unit and q.unit not in _RATE_UNITS:
        return False
    return True


def _residue(text: str) -> int:
    """How many characters of `text` are not cue words, connectors or punctuation."""
    return len(_rules().removable.sub("", text))


def _strip_tail(r: _Rules, norm: str, start: int, end: int) -> int:
    """`end` moved left past trailing cue words, connectors and punctuation."""
    while end > start:
        # the leftmost of: a trailing word (r.strip_tail), a run of [\s,;:] (as the regex module's \s)
        word = r.strip_tail.find(norm, start, end)
        cut = word[0] if word is not None else end
        run = end
        while run > start and _is_gap(norm[run - 1]):
            run -= 1
        cut = min(cut, run)
        if cut == end:
            break
        end = cut
    return end


def _is_gap(ch: str) -> bool:
    r"""Whether `ch` is in `[\s,;:]` of the regex module, whose `\s` leaves out \x1c-\x1f (str.isspace does not)."""
    return ch in ",;:" or (ch.isspace() and ch not in "\x1c\x1d\x1e\x1f")


def _edge_before(r: _Rules, norm: str, start: int, end: int) -> bool:
    """Whether an edge word (r.edge_tail), or a character that cannot be in a name, ends `start`..`end`."""
    return end > start and (not _NAME_CHAR.match(norm, end - 1) or r.edge_tail.find(norm, start, end) is not None)


def _lexicon_metric(r: _Rules, norm: str, lexicon: _Lexicon, start: int, end: int) -> _Metric | None:
    """The last lexicon metric between `start` and `end` if it governs the figure at `end`."""
    last = lexicon.last(start, end)
    if last is None:
        return None
    metric = _metric_of(last)
    # a ratio: 民生投入占一般公共预算支出, 研发经费支出相当于全市生产总值的比例
    link = r.share_link_tail.find(norm, start, last.start)
    if link is not None:
        numerator = _unknown_metric(r, norm, start, link[0], relaxed=True, need_head=False)
        if numerator is not None:
            head = r.share_head.match(norm, last.end, end)
            stop = head.end() if head else last.end
            name = norm[numerator.start : stop]
            return _Metric(_strip_region(r, name), None, numerator.start, stop)
    rest = r.removable.sub("", norm[last.end : end])
    if len(rest) > 4 or r.head_anywhere.search(rest):
        return None  # more nominal words follow (经济增长贡献率): the lexicon name is part of another phrase
    # words in front that narrow it (东盟进出口, 脱贫地区农村居民人均可支配收入): another, smaller metric
    if last.start == start or _edge_before(r, norm, start, last.start):
        return metric  # nothing, or a verb or cue word, in front: no need for jieba
    phrase = _unknown_metric(r, norm, start, last.end, relaxed=True, need_head=False)
    if phrase is not None and phrase.start < last.start:
        modifier = _strip_region(r, norm[phrase.start : last.start].strip('“”"'))
        if (
            modifier
            and modifier not in r.neutral_modifiers
            and r.region_prefix.fullmatch(modifier) is None
            and not _ARABIC.search(modifier)
            and not r.separator_tail.search(modifier)
        ):
            name = _strip_region(r, norm[phrase.start : last.end])
            return _Metric(name, None, phrase.start, last.end, metric.growth)
    return metric


def _strip_region(r: _Rules, name: str) -> str:
    m = r.region_prefix.match(name)
    return name[m.end() :] if m and m.end() < len(name) else name


def _unknown_metric(
    r: _Rules, norm: str, start: int, end: int, *, relaxed: bool, need_head: bool = True
) -> _Metric | None:
    """The noun phrase right before a figure (jieba gives its left edge), if it names a metric."""
    end = _strip_tail(r, norm, start, end)
    start = max(start, end - _CUT_WINDOW)  # jieba sees a short stretch only: a name is at most _UNKNOWN_MAX long
    if end - start < 2:
        return None
    phrase = norm[start:end]
    if need_head and not relaxed and not r.heads.ending(phrase):
        return None  # the name would end where the phrase ends: without a head there is none
    tokens = words.cut(phrase)
    edge = len(phrase)
    for token in reversed(tokens):
        if token in r.edge_words or any(ch.isdigit() for ch in token) or _is_break(token):
            break
        edge -= len(token)
    name = phrase[edge:].lstrip("”’)")
    edge = len(phrase) - len(name)
    if name[:1] == "年" and edge > 0 and _ARABIC.match(phrase, edge - 1):
        name, edge = name[1:], edge + 1  # 2025年 | 粮食产量: the year is not part of the name
    if len(name) < 2 or len(name) > _UNKNOWN_MAX or not _HAN.search(name):
        return None
    head = r.heads.ending(name)
    if need_head and not relaxed and not head:
        return None
    if need_head and head is not None and head[0] == 0:
        return None  # a bare head (总额, 投资) names nothing by itself
    return _Metric(_strip_region(r, name), None, start + edge, end)


def _is_break(token: str) -> bool:
    return all(not (ch.isalnum() or ch in '“”"()（）') for ch in token)


def _measure(r: _Rules, norm: str, metric: _Metric, gap_start: int, end: int, q: Quantity) -> Measure | None:
    """level, growth or avg_growth from the verb nearest the figure; None when the figure cannot be it."""
    gap = norm[gap_start:end]
    found = [m.group() for m in r.measure_cue.finditer(gap)]
    role = r.cue_role[found[-1]] if found else None
    if metric.growth and role != "avg_growth":
        role = "growth"
    if role is None or role == "level":
        return "level"
    if q.unit not in _RATE_UNITS:
        return None  # 增加1.2万人: a change in an amount, not a rate
    if role == "growth" and any(r.cue_role[c] == "avg_growth" for c in found):
        role = "avg_growth"
    return "avg_growth" if role == "avg_growth" else "growth"


def _is_negative(norm: str, gap_start: int, end: int) -> bool:
    r = _rules()
    found = [m.group() for m in r.measure_cue.finditer(norm, gap_start, end)]
    return bool(found) and found[-1] in r.negative


def _is_base(r: _Rules, norm: str, start: int, end: int) -> bool:
    """A figure written as the starting point of a change (由12平方米增加到16平方米)."""
    tail = r.measure_tail.find(norm, start, end)
    return tail is not None and norm[tail[0] : end].strip() in r.base


def _kind(ctx: _Context, clause: tuple[int, int], q: Quantity, end: int) -> tuple[Kind, bool]:
    """The kind of a figure, and whether a cue word (rather than the section) says so."""
    r = _rules()
    norm = ctx.doc.norm
    if ctx.lead_end is not None and ctx.lead_end <= q.start:
        return "target", True
    if r.estimate.search(norm, ctx.scope, end):
        return "estimate", True
    frame = ctx.frame
    scope = ctx.scope if frame in ("plan_year", "plan_period") else clause[0]
    if r.target.search(norm, scope, end):
        return "target", True
    if frame in ("plan_year", "plan_period"):
        return "target", False
    return "actual", False


def _frame(doc: Doc, sentence: Sentence | None) -> str | None:
    if sentence is None:
        return None
    for section in doc.section_chain(sentence.section_id):
        if section.frame in ("review", "plan_year", "plan_period"):
            return section.frame
    return None


def _section_years(doc: Doc, sentence: Sentence | None, prefer: str | None = None) -> tuple[int, int] | None:
    if sentence is None:
        return None
    chain = doc.section_chain(sentence.section_id)
    if prefer is not None:
        for section in chain:
            if section.frame == prefer and section.from_year is not None and section.to_year is not None:
                return (section.from_year, section.to_year)
        if prefer == "plan_year" and doc.report_year is not None:
            return (doc.report_year, doc.report_year)
    for section in chain:
        if section.frame in _FRAMED and section.from_year is not None and section.to_year is not None:
            return (section.from_year, section.to_year)
    return None


def _marker_before(norm: str, p: Period) -> str:
    """The character written right before period `p`, quotes skipped (较“十三五” -> 较)."""
    i = p.start - 1
    while i >= 0 and norm[i] in _QUOTES:
        i -= 1
    return norm[i] if i >= 0 else ""


def _comparison_start(norm: str, p: Period) -> int | None:
    """Where the comparison starts if `p` is named as its base (比上年, 较“十三五”同期), else None."""
    marker = _marker_before(norm, p)
    if not marker or marker not in _rules().comparison_markers:
        return None
    i = p.start - 1
    while norm[i] in _QUOTES:
        i -= 1
    return i


def _is_comparison(norm: str, p: Period) -> bool:
    """比上年, 较2020年: a period named as the base of a comparison is not the figure's period."""
    return _comparison_start(norm, p) is not None


def _period(
    ctx: _Context,
    clause: tuple[int, int],
    q: Quantity,
    end: int,
    kind: Kind,
    *,
    base: bool,
    average: bool,
) -> tuple[int, int] | None:
    r = _rules()
    norm = ctx.doc.norm
    candidates = [
        p
        for p, comparison, after_base in ctx.period_marks
        if p.end <= end
        and not comparison
        and not (after_base and any(p.end <= o.start < q.start for o in ctx.quantities))
    ]  # 由2020年的7.2%提升至7.4%: a period after 由 dates the first figure only
    in_clause = [p for p in candidates if p.start >= clause[0]]
    span: tuple[int, int] | None = None
    if in_clause:
        span = (in_clause[-1].from_year, in_clause[-1].to_year)
    elif ctx.lead_end is not None and ctx.lead_end <= q.start:
        span = ctx.lead_period
    elif candidates:
        span = (candidates[-1].from_year, candidates[-1].to_year)
    if span is None:
        span = _topic_period(ctx)
    frame = ctx.years
    if span is None and ctx.running is not None:
        if frame is None or frame[0] <= ctx.running[0] <= ctx.running[1] <= frame[1]:
            span = ctx.running  # a stretch of the part's years (2025 of 2021-2025), never beyond them
    if span is None:
        span = frame
    if span is None and ctx.doc.report_year is not None:
        year = ctx.doc.report_year if kind == "target" else ctx.doc.report_year - 1
        span = (year, year)
    if span is None:
        return None
    # 四年累计: a total over the last N years of the period in force
    cumulative = None
    if ctx.cumulative is None:
        ctx.cumulative = any(norm.find(w, ctx.sentence.start, ctx.sentence.end) >= 0 for w in r.cumulative_words)
    if ctx.cumulative:  # else neither stretch (both in the sentence) holds a match
        for m in r.cumulative.finditer(norm, clause[0], end):
            cumulative = m
        if cumulative is None:
            for m in r.cumulative.finditer(norm, ctx.sentence.start, end):
                cumulative = m
    if cumulative is not None:
        n = cumulative.group("n") or cumulative.group("m")
        if n:
            years = r.cumulative_years[n]
            span = (span[1] - years + 1, span[1])
    if average and span[0] == span[1]:  # 到2027年…年均增长7%: an average over the plan's years up to then
        frame = ctx.years
        if frame is not None and frame[0] < frame[1] == span[1]:
            span = frame
    if base:
        span = (span[0] - 1, span[0] - 1)
    return span


def _topics(
    period_sentences: list[Sentence], periods_by_sentence: dict[str, list[Period]]
) -> dict[str, list[tuple[int, tuple[int, int]]]]:
    """Per paragraph, the periods that open a sentence (2021年是极不平凡的一年。…), with where they stand."""
    topics: dict[str, list[tuple[int, tuple[int, int]]]] = {}
    for sentence in period_sentences:
        for p in periods_by_sentence.get(sentence.id, []):
            if p.start - sentence.start <= _TOPIC_REACH:
                topics.setdefault(sentence.paragraph_id, []).append((sentence.start, (p.from_year, p.to_year)))
    return topics


def _running_topics(
    doc: Doc, period_sentences: list[Sentence], periods_by_sentence: dict[str, list[Period]]
) -> dict[str, tuple[int, int]]:
    """Per paragraph of a review, the period the last earlier paragraph of its part opened with.

    A review that covers last year and the five years before it (一、2025年工作和“十四五”发展回顾) says which
    it is talking about at the head of a sentence (过去一年,… / 2025年是“十四五”收官之年。五年来,…); the
    paragraphs after it, up to the next such sentence or the next part (一、 二、), keep the last one named.
    """
    opener: dict[str, tuple[int, int]] = {}  # the last period that opens a sentence of the paragraph
    for sentence in period_sentences:
        first = periods_by_sentence.get(sentence.id, [])[:1]
        if first and first[0].start - sentence.start <= _TOPIC_REACH:
            opener[sentence.paragraph_id] = (first[0].from_year, first[0].to_year)
    running: dict[str, tuple[int, int]] = {}
    part: str | None = None
    current: tuple[int, int] | None = None
    by_section: dict[str | None, tuple[str | None, bool]] = {}  # section id -> its part, whether in a review
    for par in doc.paragraphs:
        if par.boilerplate:
            continue
        if par.section_id not in by_section:
            chain = doc.section_chain(par.section_id)
            parts = [s.id for s in chain if s.level <= _PART_LEVEL and s.frame != "title"]
            by_section[par.section_id] = (parts[-1] if parts else None, any(s.frame == "review" for s in chain))
        here, in_review = by_section[par.section_id]
        if here != part:
            part, current = here, None
        if current is not None and in_review:
            running[par.id] = current
        if par.id in opener:
            current = opener[par.id]
    return running


def _topic_period(ctx: _Context) -> tuple[int, int] | None:
    """The period that opens the last earlier sentence of the paragraph that starts with one."""
    topic = None
    for start, span in ctx.topics:
        if start < ctx.sentence.start:
            topic = span
    return topic


def _indicator(
    ctx: _Context,
    q: Quantity,
    metric: _Metric,
    kind: Kind,
    measure: Measure,
    period: tuple[int, int] | None,
) -> dict[str, Any]:
    """The fields of an Indicator record but its id."""
    doc = ctx.doc
    value: Number = q.value
    value_max: Number | None = q.value_max
    if measure != "level" and _is_negative(doc.norm, metric.end, _figure_start(q)):
        value = _negate(value)
        value_max = _negate(value_max) if value_max is not None else None
    start = min(metric.start, q.start)
    end = max(_figure_end(q), q.end)
    if period is None:
        period_text = None
    elif period[0] == period[1]:
        period_text = str(period[0])
    else:
        period_text = f"{period[0]}-{period[1]}"
    return dict(
        start=start,
        end=end,
        text=doc.text[start:end],
        metric=metric.name,
        metric_id=metric.id,
        metric_text=doc.text[metric.start : metric.end],
        metric_start=metric.start,
        metric_end=metric.end,
        kind=kind,
        measure=measure,
        value=value,
        value_max=value_max,
        unit=q.unit,
        approx=q.approx,
        period=period_text,
        value_start=q.start,
        value_end=q.end,
        sentence_id=ctx.sentence.id,
        quantity_id=q.id,
    )


def _negate(value: Number) -> Number:
    if isinstance(value, int):
        return -value
    result = -Decimal(str(value))
    return int(result) if result == result.to_integral_value() else float(result)


# --- 分别: a list of metrics over a list of figures ------------------------------------------------------


def _distribute(
    ctx: _Context,
    clause: tuple[int, int],
    assigned: dict[int, _Metric],
    run_gap: dict[int, int],
    runs: list[list[_Metric]],
) -> None:
    """Pair the figures after each 分别 in `clause` with the metrics listed before it; a 分别 with no list of
    its own takes the previous run's (分别达到45230元和20135元,分别增长5.1%和7.2%)."""
    r = _rules()
    norm = ctx.doc.norm
    for cue in r.distribute.finditer(norm, clause[0], clause[1]):
        run = [i for i, q in enumerate(ctx.quantities) if cue.end() <= q.start < clause[1]]
        if not run:
            continue
        # the run: consecutive figures joined only by separators
        figures = [run[0]]
        for i in run[1:]:
            between = norm[_figure_end(ctx.quantities[figures[-1]]) : _figure_start(ctx.quantities[i])]
            if _residue(r.separators.sub("", between)) > 0:
                break
            figures.append(i)
        before = [q for q in ctx.quantities if _figure_end(q) <= cue.start() and q.start >= clause[0]]
        start = _figure_end(before[-1]) if before else clause[0]
        stop = cue.start()
        for p in ctx.periods:  # 死亡人数较“十三五”同期分别下降: the base of the comparison is no metric
            marker = _comparison_start(norm, p)
            if marker is not None and start <= marker < stop:
                stop = marker
        metrics = _metric_list(norm, ctx.lexicon, start, stop)
        if metrics is None and runs and _residue(norm[start:stop]) == 0:
            metrics = runs[-1]
        if metrics is None or len(metrics) != len(figures):
            continue
        runs.append(metrics)
        for i, metric in zip(figures, metrics, strict=True):
            assigned[i] = metric
            run_gap[i] = cue.end()


def _metric_list(norm: str, lexicon: _Lexicon, start: int, end: int) -> list[_Metric] | None:
    """The metrics listed before 分别: 固定资产投资、社会消费品零售总额 / 城镇、农村常住居民人均可支配收入."""
    r = _rules()
    end = _strip_tail(r, norm, start, end)
    whole = lexicon.last(start, end)
    if whole is not None and whole.end == end and r.surfaces[whole.surface].entry.parts:
        entry = r.surfaces[whole.surface].entry
        return [_Metric(r.by_id[p].name, p, whole.start, whole.end) for p in entry.parts]
    items: list[tuple[int, int]] = []
    cursor = start
    for sep in r.separators.finditer(norm, start, end):
        items.append((cursor, sep.start()))
        cursor = sep.end()
    items.append((cursor, end))
    last = _lexicon_metric(r, norm, lexicon, items[-1][0], items[-1][1]) or _unknown_metric(
        r, norm, items[-1][0], items[-1][1], relaxed=True
    )
    if last is None:
        return None
    if len(items) == 1:
        return [last]
    # the first item may carry words before the list (今年全区城镇、农村…): keep its last noun phrase
    first = _unknown_metric(r, norm, items[0][0], items[0][1], relaxed=True, need_head=False)
    if first is not None:
        items[0] = (first.start, first.end)
    out: list[_Metric] = []
    last_text = norm[last.start : last.end]
    for a, b in items[:-1]:
        item = norm[a:b].strip()
        if not item:
            return None
        full = r.surfaces.get(item)
        if full is not None:
            out.append(_Metric(full.entry.name, full.entry.id, a, b, full.growth))
            continue
        # a modifier parallel to the last item's first one: 城镇 + (农村)常住居民人均可支配收入
        completed = None
        cuts = {len(item)}
        first_word = words.cut(last_text)[:1]
        if first_word:
            cuts.add(len(first_word[0]))
        for k in sorted(cuts):
            candidate = item + last_text[k:]
            if candidate in r.surfaces:
                s = r.surfaces[candidate]
                completed = _Metric(s.entry.name, s.entry.id, a, b, s.growth)
                break
        if completed is None:
            # parallel nouns sharing the last item's head: 汽车用锂电池、太阳能电池、工业机器人产量
            head = r.heads.ending(last_text)
            shared = last_text[head[0] :] if head and not r.heads.ending(item) else ""
            if len(shared) == 1 or (not shared and not r.heads.ending(item)):
                shared = words.cut(last_text)[-1]  # the last word (余额, 业务量) is what the items share
            if item.endswith(shared):
                shared = ""
            completed = _Metric(_strip_region(r, item + shared), None, a, b)
        out.append(completed)
    out.append(last)
    return out
