"""Indicators: a named metric of the region, a figure for it, its kind, measure and period.

`find_indicators(doc, quantities, periods)` links each quantity to the metric it is stated for, clause by
clause, on the matching copy `doc.norm`:

- The metric is the last lexicon metric (rules/metrics.yaml, aliases and region-prefixed forms, longest
  first) between the previous figure of the clause and this one; else an unknown noun phrase ending in a
  metric head (旅游收入, 机扫率), its left edge found with jieba; else, when only verbs stand between them,
  the metric of the previous figure or mention in the sentence (实现309亿元,同比增长8%).
- A figure of a thing counted or sized without a metric head (counts of things done, issue 14): the thing after
  a count verb and the figure (改造1万户农村危房), the name before the figure (生猪出栏6248万头, 中欧班列开行超2000列),
  the thing after a figure that opens its clause and what happened to it (9所高职学校入选…); an addition (新增)
  to a lexicon stock of things is a count of the new ones; a bare number in 万 or 亿 is a headcount (450万困难群众).
- `分别` distributes a list of metrics over the list of figures that follows it; a collective metric
  (城乡居民人均可支配收入) stands for its parts.
- The measure comes from the verb nearest the figure (增长 -> growth, 年均增长 -> avg_growth, 达到 -> level).
- Kind and period come from cue words in the clause and the sentence first (预计, 力争, 2017年以来, 四年累计),
  then from a target paragraph's lead (主要预期目标是:), then from the section's frame and years, never from a
  position in one particular report.

Rule words live in rules/metrics.yaml and rules/cues.yaml; nothing here names a metric or a cue.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import regex

from . import subjects, thresholds, words
from .bases import before_time
from .document import Doc
from .lexicon import Rules, TextLexicon, compiled_rules, cue_rules, headline_metrics, metric_lexicon
from .metric_names import (
    STOCK_DIMENSIONS,
    is_base,
    last_mention,
    lexicon_metric,
    may_inherit,
    other_count_unit,
    stock_addition,
    strip_region,
    strip_tail,
    unknown_metric,
)
from .models import Indicator, Measure, Number, Period, Quantity, Sentence
from .respectively import distribute
from .rules.schemas import CueRules, MetricEntry, MetricLexicon
from .statements import (
    ARABIC,
    CLAUSE_BREAK,
    CUT_WINDOW,
    RATE_UNITS,
    Context,
    Metric,
    clause_of,
    figure_end,
    figure_start,
)
from .things import continues_list, counted, listed_count, names_on, owned_figure, share_of
from .timeline import Attribution, Timeline
from .wordsets import WordSet

# --- the stage -----------------------------------------------------------------------------------------

_LIST_GOES_ON = regex.compile(r"[、和及与至到—~-]?[0-9]")
_BARE_NUMBER_TAIL = regex.compile(r"[0-9０-９][0-9０-９.．]*$")


def find_indicators(
    doc: Doc, quantities: list[Quantity], periods: list[Period], timeline: Timeline | None = None
) -> list[Indicator]:
    """Every statement of a figure for a named metric, in span order, ids i0001…; its kind and period from the
    time model (built from `periods` unless the pipeline hands over its `timeline`)."""
    r = compiled_rules()
    by_sentence: dict[str, list[Quantity]] = {}
    sentences: dict[str, Sentence] = {}
    for q in sorted(quantities, key=lambda q: (q.start, q.end)):
        sentence = doc.sentence_at(q.start)
        if sentence is not None and not sentence.boilerplate and _is_statistic(r, q) and (
            q.unit is not None or is_headcount(doc.norm, q) or _is_ratio_level(r, doc.norm, q)
        ):
            by_sentence.setdefault(sentence.id, []).append(q)
            sentences[sentence.id] = sentence
    timeline = timeline or Timeline(doc, periods)
    norm = doc.norm
    lexicon = TextLexicon(r, norm, list(sentences.values()))  # their lexicon metrics, in one pass
    in_glossary: dict[str | None, bool] = {}  # per section id: whether it is (within) a glossary
    found: list[dict[str, Any]] = []
    # the sentences with a figure, in text order (as doc.content_sentences(): by_sentence holds content only,
    # filled in the order of the sorted figures)
    for sentence_id, qs in by_sentence.items():
        sentence = sentences[sentence_id]
        if sentence.section_id not in in_glossary:
            in_glossary[sentence.section_id] = any(s.frame == "glossary" for s in doc.section_chain(sentence.section_id))
        if in_glossary[sentence.section_id]:
            continue  # a glossary defines terms (指年主营业务收入2000万元以上的企业), it reports nothing
        time = timeline.sentence(sentence)
        bounds = thresholds.class_bounds(norm, qs, r.count_units)
        if bounds:  # 新开工10亿元以上制造业项目248个: the amount only says which projects are counted
            qs = [q for q in qs if q.id not in bounds]
            if not qs:
                continue
        ctx = Context(
            doc=doc,
            sentence=sentence,
            quantities=qs,
            clauses=_clauses(norm, sentence),
            lexicon=lexicon.sentence(sentence),
            timeline=timeline,
            time=time,
            led=time.lead is not None and time.lead[0] <= qs[-1].start,
            class_bounds={figure_end(q): figure_start(q) for q in by_sentence[sentence_id] if q.id in bounds},
        )
        found.extend(_sentence_indicators(ctx))
    found.sort(key=lambda i: (i["start"], i["end"], i["value_start"]))
    # the records are made once, with their ids (not made, then copied with one)
    return [Indicator(id=f"i{n:04d}", **fields) for n, fields in enumerate(found, 1)]


def _is_statistic(r: Rules, q: Quantity) -> bool:
    """A figure in Arabic digits, or in words when its unit measures something (百分之五, 一万七千四百亿元) rather
    than counting things or time (两轮, 五年, 三个方面)."""
    return ARABIC.search(q.text) is not None or (q.dimension is not None and q.dimension not in r.counted_dimensions)


def is_headcount(norm: str, q: Quantity) -> bool:
    """A bare number in 万 or 亿 (贫困人口由8500万减少到6500万, 450万困难群众): a count of people written without its
    measure word, which reports leave out for large counts; not an amount of money (1.28万亿), nor a figure of
    a list whose unit comes after its last item (分别净减少10.6万、3.8万、3.3万平方公里)."""
    text = q.text.rstrip("多余")
    if ARABIC.search(text) is None or text[-1:] not in ("万", "亿") or text.endswith("万亿"):
        return False
    return _LIST_GOES_ON.match(norm, q.end) is None


def _is_ratio_level(r: Rules, norm: str, q: Quantity) -> bool:
    """A bare number right after a lexicon metric that is a ratio, and cue words only (城乡居民收入比降至2.2,
    收入比值由3.27缩小至2.93): a ratio is written without a unit."""
    if ARABIC.search(q.text) is None:
        return False
    start = max(0, q.start - CUT_WINDOW)
    end = strip_tail(r, norm, start, figure_start(q))
    base = _BARE_NUMBER_TAIL.search(norm, start, end)
    if base is not None:  # …由3.27缩小至2.93: the end of a change its start names
        end = strip_tail(r, norm, start, base.start())
    found = r.ratio_tail.find(norm, start, end)
    return found is not None and found[1] == end


def _clauses(norm: str, sentence: Sentence) -> list[tuple[int, int]]:
    """Clause spans of a sentence: split after , ; : (a comma between digits is a thousands mark)."""
    spans: list[tuple[int, int]] = []
    start = sentence.start
    for m in CLAUSE_BREAK.finditer(norm, sentence.start, sentence.end):  # the breaks only, not every character
        i = m.start()
        if norm[i] == "," and 0 < i < len(norm) - 1 and norm[i - 1].isdigit() and norm[i + 1].isdigit():
            continue
        spans.append((start, i + 1))
        start = i + 1
    if start < sentence.end:
        spans.append((start, sentence.end))
    return spans


def _sentence_indicators(ctx: Context) -> list[dict[str, Any]]:
    """The indicators of a sentence, as the fields of their records (find_indicators adds their ids)."""
    norm = ctx.doc.norm
    r = compiled_rules()
    out: list[dict[str, Any]] = []
    assigned: dict[int, Metric] = {}  # index of a quantity in a 分别 run -> its metric
    run_gap: dict[int, int] = {}  # index -> where the run's verb text starts (after 分别)
    runs: list[list[Metric]] = []  # the metric lists of the 分别 runs so far in this sentence
    orphans: dict[int, tuple[int, int]] = {}  # index in a 分别 run with no list -> its place, the run's length
    stated: list[tuple[Metric, int]] = []  # the levels stated so far in this sentence, with their clause's start
    if r.distribute.search(norm, ctx.sentence.start, ctx.sentence.end):  # else no clause has a 分别
        for clause in ctx.clauses:
            distribute(ctx, clause, assigned, run_gap, runs, orphans)
    previous: Metric | None = None  # the metric of the previous figure or mention in this sentence
    previous_end = ctx.sentence.start
    previous_unit: str | None = None  # unit of the previous figure linked to `previous`
    added_to: Metric | None = None  # the stock the last count of new things added to (stock_addition)…
    added_end = ctx.sentence.start  # …and where that figure ends
    previous_base = False  # the previous figure starts a change (由12平方米增加到…)
    counting: tuple[str, int] | None = None  # a list of things done: its verb, where its last item ends
    for index, q in enumerate(ctx.quantities):
        clause = clause_of(ctx, q.start)
        bound = clause[0]
        before = _bounding_figure(r, norm, ctx.quantities, index)
        if before is not None and figure_end(before) > clause[0]:
            bound = max(bound, figure_end(before))
        left_end = figure_start(q)
        if bound > left_end:
            continue
        # a mention of a metric without a figure between the previous figure and this clause
        mention = last_mention(ctx.lexicon, previous_end, bound)
        if mention is not None:
            previous, previous_unit = mention, None
        tail = r.benchmark_tail.find(norm, bound, left_end)
        verbs = min(bound, run_gap[index]) if index in assigned else bound  # a 分别 run's verbs are before its list
        if r.benchmark.search(norm, verbs, left_end) or (
            tail is not None and norm[tail[0] : tail[1]] not in r.cue_role
        ):
            previous_end = figure_end(q)
            continue  # 高于全国平均水平1.8个百分点, 比全国高1个百分点: a gap to a benchmark
        if r.attributive.match(norm, figure_end(q)):
            continue  # 总投资7亿元的水乐园项目: the figure describes a thing
        if _ends_with(r.streak_tail, norm, bound, left_end):
            continue  # 增速连续30个月: the length of a streak
        if q.unit in r.count_units and _ends_with(r.list_count_tail, norm, bound, left_end):
            # 打通…西延段等6条断头路, 乌东德、白鹤滩等14座大中型水电站建成发电: the list's count of things done;
            # 等5个方面: the count of a list's items, no statement
            metric = listed_count(ctx, r, q, bound, left_end)
            if metric is not None:
                when = ctx.timeline.attribute(
                    ctx.time, clause, q, left_end, "level", base=False, others=ctx.quantities
                )
                out.append(_indicator(ctx, q, _with_subject(ctx, metric), "level", when))
            continue
        metric: Metric | None
        gap_start: int
        stock: Metric | None = None  # the lexicon metric a count of new things adds to
        if index in orphans and index not in assigned:
            listed = stated_list(ctx, stated, clause, orphans[index][1])
            if listed is not None:
                assigned[index] = listed[orphans[index][0]]
        name_end, dated = left_end, False  # where a name may end before the figure; whether a time dates it
        if index in assigned:
            metric, gap_start = assigned[index], run_gap[index]
        else:
            name_end, time_end = before_time(ctx, bound, left_end)
            dated = name_end < left_end  # the figure has its own time or base (比上年), written right before it
            metric = lexicon_metric(r, norm, ctx.lexicon, bound, name_end, ctx.names)
            if metric is not None and metric.id is not None:
                added = stock_addition(r, norm, metric, bound, left_end)
                if (
                    added is None
                    and r.by_id[metric.id].dimension in STOCK_DIMENSIONS
                    and continues_list(r, norm, counting, metric.start, metric.end, left_end)
                    and not CLAUSE_BREAK.search(norm, counting[1], metric.start)
                ):  # (实施17条…政策措施,|城镇新增就业43.4万人: a comma ends the list; the stock is named as it is)
                    added = counting[0]  # 新增科技型中小企业7227家、高新技术企业3200家: the list's verb
                if added is not None:  # 新增国家高新技术企业1200家, 铁路运营里程新增1700公里: the new ones
                    stock = metric  # what a later figure continues (…新增1700公里、突破7000公里)
                    name = strip_region(r, added + ctx.doc.text[metric.start : metric.end])
                    metric = Metric(name, None, metric.start, metric.end, named=True)
                    counting = (added, figure_end(q))
                elif not _fits(r, metric, "level", q) and names_on(r, norm[metric.end : left_end]):
                    metric = None  # 批准外商直接投资项目5779个: the lexicon name is part of a longer one
            if metric is None:
                metric = unknown_metric(r, norm, bound, name_end, relaxed=ctx.led, seen=ctx.names)
                if metric is not None and not _fits(r, metric, "level", q):
                    metric = None  # 高标准|完成51个老旧小区改造工程: a phrase that counts nothing; the thing follows
            if metric is None and index > 0:
                metric = owned_figure(ctx, r, ctx.quantities[index - 1], bound, name_end)
            if (
                metric is None
                and previous is not None
                and previous_unit is not None
                and norm[previous_end:bound] in ("", ",")  # (、占全国, ,其中…占: the figure before, a clause break)
            ):
                metric = share_of(r, norm, previous, q, bound, name_end)
            if metric is None and previous is not None and (
                # 安置17名退役军人…,为270名…: a new thing; …,2010年要控制在14亿以内: the same at another time
                (
                    (not previous.named or q.unit in RATE_UNITS or dated or previous_base or previous is added_to)
                    and may_inherit(norm[bound:name_end] + norm[time_end:left_end], q, previous_unit)
                )
                or (
                    figure_end(ctx.quantities[index - 1]) == left_end
                    and other_count_unit(r, ctx.quantities[index - 1], q)
                    and words.ends_with_noun(previous.name)  # things, not an action (建档立卡59户118人)
                )
            ):  # 识别监测对象20.9万户|69.3万人: the same things counted in another unit
                metric = previous
                gap_start = bound
            elif metric is not None:
                gap_start = metric.end
            else:
                metric, gap_start, counting = counted(ctx, r, q, bound, name_end, counting)
                if metric is not None and metric.stock is not None:
                    stock = metric.stock  # 进出川大通道新增16条、达到54条: what a later level is of
                if metric is None:
                    if q.unit is not None:  # a bare number that links to nothing may be anything: it leaves the chain
                        previous, previous_end = None, figure_end(q)  # an unlinked figure breaks the chain
                    continue
        metric = _with_subject(ctx, metric)
        measure = _measure(r, norm, metric, gap_start, left_end, q)
        if measure is not None and q.unit is None and not _fits(r, metric, measure, q):
            continue  # a bare number that fits nothing leaves the chain as it was
        previous_end = figure_end(q)
        if measure is None or not _fits(r, metric, measure, q):
            if metric.id is not None and previous is None:
                previous, previous_unit = metric, None  # 地区生产总值迈上4个万亿元台阶、达14.2万亿元: still its topic
            continue
        if stock is None and metric is added_to and clause[0] < added_end:
            # …新增1700公里、突破7000公里: the count of new ones before makes this level no count over the span
            clause = (added_end, clause[1])
        added_to, added_end = (stock, figure_end(q)) if stock is not None else (added_to, added_end)
        previous = stock or metric
        previous_unit = q.unit
        base = is_base(r, norm, bound, left_end)
        # 从11件提高到24件, 由“七五”末的8500万减少到…: the next figure ends the change this one starts (a base
        # with its own time, before_time, is dated by it: no base for the time model)
        previous_base = base or (dated and is_base(r, norm, bound, name_end))
        # a cue word inside a lexicon name (人均预期寿命) is none; an unknown name may hold a clause (五年计划规定…)
        name = (metric.start, metric.end) if metric.id is not None else None
        when = ctx.timeline.attribute(
            ctx.time, clause, q, left_end, measure, base=base, others=ctx.quantities, name=name
        )
        out.append(_indicator(ctx, q, metric, measure, when))
        if measure == "level":
            stated.append((metric, clause_of(ctx, q.start)[0]))
    return out


def stated_list(
    ctx: Context, stated: list[tuple[Metric, int]], clause: tuple[int, int], n: int
) -> list[Metric] | None:
    """The metrics of the last `n` levels stated, when they are `n` statements of the clause right before
    `clause` (签约金额1.15万亿元、到位资金7969.9亿元,分别增长13.1%、33.7%): what a 分别 with no list of its own
    distributes over."""
    last = stated[-n:]
    before = [c for c in ctx.clauses if c[1] <= clause[0]]
    if len(last) < n or not before or any(start != before[-1][0] for _, start in last):
        return None
    metrics = [metric for metric, _ in last]
    return metrics if len({m.name for m in metrics}) == n else None


def _bounding_figure(r: Rules, norm: str, quantities: list[Quantity], index: int) -> Quantity | None:
    """The figure before figure `index` that ends the text its name may take: not one in words that describes
    a thing in that name (经济总量超千亿元的县域达12个: the 千亿元 is part of what is counted; a name cut at a figure
    in digits, 超500亿元的|县域, keeps the figure out as before)."""
    for q in reversed(quantities[:index]):
        if ARABIC.search(q.text) or not r.attributive.match(norm, figure_end(q)):
            return q
    return None


def _with_subject(ctx: Context, metric: Metric) -> Metric:
    """`metric`, named after its subject when the figure is not the region's (subjects.py): a lexicon metric
    written bare in a sentence that opens with a sub-region (成渝地区双城经济圈建设…,经济总量超9万亿元) becomes
    that sub-region's (成渝地区双城经济圈经济总量, no lexicon id); a name that starts with one is its."""
    if metric.subject is not None:
        return metric
    doc, r = ctx.doc, compiled_rules()
    if metric.id is None:
        subject = subjects.in_name(metric.name)
        if subject is None or subjects.is_region(subject, doc.region):
            return metric
        return replace(metric, subject=subject)
    written = doc.norm[metric.start : metric.end]
    if r.region_prefix.match(written):
        return metric  # 全省地区生产总值: the region's own
    if ctx.topic is None:
        ctx.topic = subjects.topic(doc.norm, ctx.sentence.start, ctx.sentence.end) or (0, 0)
    start, end = ctx.topic
    if end == 0 or end > metric.start:
        return metric
    subject = doc.text[start:end]
    if subjects.is_region(subject, doc.region):
        return metric
    counts = r.by_id[metric.id].dimension == "count"  # still a count of things when no longer the lexicon's
    return Metric(
        subject + doc.text[metric.start : metric.end], None, metric.start, metric.end, metric.growth, subject, counts
    )


def _fits(r: Rules, metric: Metric, measure: Measure, q: Quantity) -> bool:
    """Whether figure `q` can be a value of `metric`: a level in its dimension and units; no count of
    things for a metric the lexicon does not know (高标准完成51个老旧小区)."""
    if metric.id is None:
        if q.unit == "倍" and measure == "level" and metric.end >= figure_start(q):
            return False  # 提高到当地最低工资标准2倍: a multiple of the thing named, no level of it
        return metric.named or q.unit not in r.count_units
    entry = r.by_id[metric.id]
    if q.unit is None and entry.dimension not in ("count", "ratio"):
        return False  # 人均地区生产总值突破5万: the unit is left out, the figure is no headcount
    if measure != "level":
        return True
    if entry.dimension and q.dimension and q.dimension != entry.dimension:
        return False
    return not entry.units or q.unit in entry.units


def _measure(r: Rules, norm: str, metric: Metric, gap_start: int, end: int, q: Quantity) -> Measure | None:
    """level, growth, avg_growth or change from the verb nearest the figure; None when the figure cannot be it."""
    gap = norm[gap_start:end]
    found = [m.group() for m in r.measure_cue.finditer(gap)]
    role = r.cue_role[found[-1]] if found else None
    if metric.growth and role != "avg_growth":
        role = "growth"
    if role is None or role == "level":
        return "level"
    if q.unit not in RATE_UNITS:
        # 比上年增加1800亿元: a change in the figure's own unit; an average of one (年均增加) is left out
        return "change" if role == "growth" and not r.avg_word.search(gap) else None
    if role == "growth" and (
        any(r.cue_role[c] == "avg_growth" for c in found)
        or r.avg_word.search(gap)
        or r.avg_word_tail.find(norm, max(0, metric.start - 4), metric.start) is not None
    ):
        role = "avg_growth"  # 年均分别增长, 年均经济增长速度
    return "avg_growth" if role == "avg_growth" else "growth"


def _is_negative(norm: str, gap_start: int, end: int) -> bool:
    r = compiled_rules()
    found = [m.group() for m in r.measure_cue.finditer(norm, gap_start, end)]
    return bool(found) and found[-1] in r.negative


def _indicator(ctx: Context, q: Quantity, metric: Metric, measure: Measure, when: Attribution) -> dict[str, Any]:
    """The fields of an Indicator record but its id."""
    doc = ctx.doc
    value: Number = q.value
    value_max: Number | None = q.value_max
    if measure != "level" and _is_negative(doc.norm, metric.end, figure_start(q)):
        value = _negate(value)
        value_max = _negate(value_max) if value_max is not None else None
    start = min(metric.start, q.start)
    end = max(figure_end(q), q.end, metric.end)  # a thing named after its figure (新建4所中小学)
    period = when.period
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
        kind=when.kind,
        measure=measure,
        value=value,
        value_max=value_max,
        unit=q.unit,
        approx=q.approx or _milestone(doc.norm, metric.end, figure_start(q)),
        period=period_text,
        value_start=q.start,
        value_end=q.end,
        sentence_id=ctx.sentence.id,
        quantity_id=q.id,
        subject=metric.subject,
        period_reason=when.period_reason,
        kind_reason=when.kind_reason,
    )


def _ends_with(words: WordSet, norm: str, start: int, end: int) -> bool:
    """Whether one of `words` ends right at `end` (and starts at `start` or later)."""
    found = words.find(norm, start, end)
    return found is not None and found[1] == end


def _milestone(norm: str, gap_start: int, figure_start: int) -> str | None:
    """The milestone word right before the figure (突破6万亿元, 迈上6万亿元台阶), as its approx."""
    tail = compiled_rules().milestone_tail
    found = tail.find(norm, max(gap_start, figure_start - 4), figure_start)
    return norm[found[0] : found[1]] if found is not None and found[1] == figure_start else None


def _negate(value: Number) -> Number:
    if isinstance(value, int):
        return -value
    result = -Decimal(str(value))
    return int(result) if result == result.to_integral_value() else float(result)


def __getattr__(name: str) -> Any:  # PEP 562: HEADLINE_METRICS is computed on first use, not at import
    if name == "HEADLINE_METRICS":
        return headline_metrics()
    raise AttributeError(name)


__all__ = ["CueRules", "MetricEntry", "MetricLexicon", "cue_rules", "find_indicators", "headline_metrics", "metric_lexicon"]
