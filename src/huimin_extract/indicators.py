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

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import regex

from . import subjects, words
from .document import Doc
from .lexicon import (
    CueRules,
    Match,
    MetricEntry,
    MetricLexicon,
    Rules,
    SentenceLexicon,
    TextLexicon,
    compiled_rules,
    cue_rules,
    headline_metrics,
    metric_lexicon,
)
from .models import Indicator, Measure, Number, Period, Quantity, Sentence
from .periods import time_spans
from .timeline import Attribution, SentenceTime, Timeline, comparison_start
from .wordsets import WordSet

# --- the stage -----------------------------------------------------------------------------------------

_CLAUSE_BREAKS = ",;:。!?"
_CLAUSE_BREAK = regex.compile("[" + regex.escape(_CLAUSE_BREAKS) + "]")
_ARABIC = regex.compile(r"[0-9０-９]")
_GRADE_BOUNDS = ("以上", "以下")  # after 及 inside a name, a range of grades (二级及以上), no edge
_STOCK_DIMENSIONS = ("count", "length", "area")  # a stock that grows by things added (新增, 认定)
_LIST_GOES_ON = regex.compile(r"[、和及与至到—~-]?[0-9]")
_NEXT_STATEMENT = regex.compile(r"、(?=[0-9０-９])")
_RATE_UNITS = ("%", "百分点", "倍")  # a growth is stated in these (增长2倍: a multiple)
_FRAMED = ("review", "plan_year", "plan_period")  # frames whose years are a figure's default period
_UNKNOWN_MAX = 20  # an unknown metric longer than this is a clause, not a name
_HAN = regex.compile(r"\p{Han}")
_GAP = regex.compile(r"[\s,;:]")  # what `_strip_tail` passes besides words: as `removable` reads it
_NAME_CHAR = regex.compile(r'[\p{Han}A-Za-z“”"]')  # what may end a name (a metric's left neighbour is not one)
_QUOTES = "“”‘’\"'《》"  # may stand between a comparison marker and its period (较“十三五”)
_PART_LEVEL = 2  # sections up to this level (parts, 一、) bound a running period (_running_topics)
_TOPIC_REACH = 2  # a period this close to a sentence's start is its topic (2021年是…, 过去一年,…)
_CUT_WINDOW = 40  # characters before a figure given to jieba to find a name's left edge
_GENERIC_MAX = 4  # a listed metric this short (死亡人数) says little without the list's qualifier
_INHERIT_RESIDUE = 2  # at most this many non-cue characters between a figure and the metric it inherits


@dataclass
class _Metric:
    """A metric as linked to a figure: its name, id and where it is written."""

    name: str
    id: str | None
    start: int
    end: int
    growth: bool = False
    subject: str | None = None  # whose figure it is when not the region's (subjects.py)
    named: bool = False  # a phrase without a metric head (生猪出栏, 新增规上工业企业): may count things


@dataclass
class _Context:
    doc: Doc
    sentence: Sentence
    quantities: list[Quantity]
    clauses: list[tuple[int, int]]
    lexicon: SentenceLexicon  # the lexicon metrics written in the sentence
    timeline: Timeline
    time: SentenceTime  # what the time model knows of the sentence
    led: bool  # a target lead (主要预期目标是:) stands before a figure of the sentence: names may lack a head
    topic: tuple[int, int] | None = None  # the subject the sentence opens with, once looked for ((0, 0): none)
    opened: dict[int, _Metric] = field(default_factory=dict)  # figure start -> thing counted (_opening_count)
    opened_until: int = 0  # where the last statement of such counts ends


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
            q.unit is not None or _is_headcount(doc.norm, q)
        ):
            by_sentence.setdefault(sentence.id, []).append(q)
            sentences[sentence.id] = sentence
    timeline = timeline or Timeline(doc, periods)
    norm = doc.norm
    lexicon = TextLexicon(r, norm)  # every lexicon metric of the report, in one pass
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
        ctx = _Context(
            doc=doc,
            sentence=sentence,
            quantities=qs,
            clauses=_clauses(norm, sentence),
            lexicon=lexicon.sentence(sentence),
            timeline=timeline,
            time=time,
            led=time.lead is not None and time.lead[0] <= qs[-1].start,
        )
        found.extend(_sentence_indicators(ctx))
    found.sort(key=lambda i: (i["start"], i["end"], i["value_start"]))
    # the records are made once, with their ids (not made, then copied with one)
    return [Indicator(id=f"i{n:04d}", **fields) for n, fields in enumerate(found, 1)]


def _is_statistic(r: Rules, q: Quantity) -> bool:
    """A figure in Arabic digits, or in words when its unit measures something (百分之五, 一万七千四百亿元) rather
    than counting things or time (两轮, 五年, 三个方面)."""
    return _ARABIC.search(q.text) is not None or (q.dimension is not None and q.dimension not in r.counted_dimensions)


def _is_headcount(norm: str, q: Quantity) -> bool:
    """A bare number in 万 or 亿 (贫困人口由8500万减少到6500万, 450万困难群众): a count of people written without its
    measure word, which reports leave out for large counts; not an amount of money (1.28万亿), nor a figure of
    a list whose unit comes after its last item (分别净减少10.6万、3.8万、3.3万平方公里)."""
    text = q.text.rstrip("多余")
    if _ARABIC.search(text) is None or text[-1:] not in ("万", "亿") or text.endswith("万亿"):
        return False
    return _LIST_GOES_ON.match(norm, q.end) is None


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
    r = compiled_rules()
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
    added_to: _Metric | None = None  # the stock the last count of new things added to (_stock_addition)…
    added_end = ctx.sentence.start  # …and where that figure ends
    previous_base = False  # the previous figure starts a change (由12平方米增加到…)
    counting: tuple[str, int] | None = None  # a list of things done: its verb, where its last item ends
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
        tail = r.benchmark_tail.find(norm, bound, left_end)
        verbs = min(bound, run_gap[index]) if index in assigned else bound  # a 分别 run's verbs are before its list
        if r.benchmark.search(norm, verbs, left_end) or (
            tail is not None and norm[tail[0] : tail[1]] not in r.cue_role
        ):
            previous_end = _figure_end(q)
            continue  # 高于全国平均水平1.8个百分点, 比全国高1个百分点: a gap to a benchmark
        if r.attributive.match(norm, _figure_end(q)):
            continue  # 总投资7亿元的水乐园项目: the figure describes a thing
        if _ends_with(r.streak_tail, norm, bound, left_end):
            continue  # 增速连续30个月: the length of a streak
        if q.unit in r.count_units and _ends_with(r.list_count_tail, norm, bound, left_end):
            # 打通…西延段等6条断头路, 乌东德、白鹤滩等14座大中型水电站建成发电: the list's count of things done;
            # 等5个方面: the count of a list's items, no statement
            metric = _listed_count(ctx, r, q, bound, left_end)
            if metric is not None:
                when = ctx.timeline.attribute(
                    ctx.time, clause, q, left_end, "level", base=False, others=ctx.quantities
                )
                out.append(_indicator(ctx, q, _with_subject(ctx, metric), "level", when))
            continue
        metric: _Metric | None
        gap_start: int
        stock: _Metric | None = None  # the lexicon metric a count of new things adds to
        if index in assigned:
            metric, gap_start = assigned[index], run_gap[index]
        else:
            name_end, time_end = _before_time(ctx, bound, left_end)
            dated = name_end < left_end  # the figure has its own time, written right before it
            metric = _lexicon_metric(r, norm, ctx.lexicon, bound, name_end)
            if metric is not None and metric.id is not None:
                added = _stock_addition(r, norm, metric, bound, left_end)
                if (
                    added is None
                    and counting is not None
                    and r.by_id[metric.id].dimension in _STOCK_DIMENSIONS
                    and counting[1] <= metric.start
                    and not r.removable.sub("", r.separators.sub("", norm[counting[1] : metric.start]))
                ):
                    added = counting[0]  # 新增科技型中小企业7227家、高新技术企业3200家: the list's verb
                if added is not None:  # 新增国家高新技术企业1200家, 铁路运营里程新增1700公里: the new ones
                    stock = metric  # what a later figure continues (…新增1700公里、突破7000公里)
                    name = _strip_region(r, added + ctx.doc.text[metric.start : metric.end])
                    metric = _Metric(name, None, metric.start, metric.end, named=True)
                    counting = (added, _figure_end(q))
                elif not _fits(r, metric, "level", q) and _names_on(r, norm[metric.end : left_end]):
                    metric = None  # 批准外商直接投资项目5779个: the lexicon name is part of a longer one
            if metric is None:
                metric = _unknown_metric(r, norm, bound, name_end, relaxed=ctx.led)
            if metric is None and index > 0:
                metric = _owned_figure(ctx, r, ctx.quantities[index - 1], bound, name_end)
            if (
                metric is None
                and previous is not None
                # 安置17名退役军人…,为270名…: a new thing; …,2010年要控制在14亿以内: the same at another time
                and (not previous.named or q.unit in _RATE_UNITS or dated or previous_base)
                and _may_inherit(norm[bound:name_end] + norm[time_end:left_end], q, previous_unit)
            ):
                metric = previous
                gap_start = bound
            elif metric is not None:
                gap_start = metric.end
            else:
                metric, gap_start, counting = _counted(ctx, r, q, bound, name_end, counting)
                if metric is None:
                    if q.unit is not None:  # a bare number that links to nothing may be anything: it leaves the chain
                        previous, previous_end = None, _figure_end(q)  # an unlinked figure breaks the chain
                    continue
        metric = _with_subject(ctx, metric)
        measure = _measure(r, norm, metric, gap_start, left_end, q)
        if measure is not None and q.unit is None and not _fits(r, metric, measure, q):
            continue  # a bare number that fits nothing leaves the chain as it was
        previous_end = _figure_end(q)
        if measure is None or not _fits(r, metric, measure, q):
            if metric.id is not None and previous is None:
                previous, previous_unit = metric, None  # 地区生产总值迈上4个万亿元台阶、达14.2万亿元: still its topic
            continue
        if stock is None and metric is added_to and clause[0] < added_end:
            # …新增1700公里、突破7000公里: the count of new ones before makes this level no count over the span
            clause = (added_end, clause[1])
        added_to, added_end = (stock, _figure_end(q)) if stock is not None else (added_to, added_end)
        previous = stock or metric
        previous_unit = q.unit
        base = _is_base(r, norm, bound, left_end)
        previous_base = base  # 从11件提高到24件: the next figure ends the change this one starts
        when = ctx.timeline.attribute(ctx.time, clause, q, left_end, measure, base=base, others=ctx.quantities)
        out.append(_indicator(ctx, q, metric, measure, when))
    return out


def _with_subject(ctx: _Context, metric: _Metric) -> _Metric:
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
    return _Metric(
        subject + doc.text[metric.start : metric.end], None, metric.start, metric.end, metric.growth, subject, counts
    )


def _fits(r: Rules, metric: _Metric, measure: Measure, q: Quantity) -> bool:
    """Whether figure `q` can be a value of `metric`: a level in its dimension and units; no count of
    things for a metric the lexicon does not know (高标准完成51个老旧小区)."""
    if metric.id is None:
        return metric.named or q.unit not in r.count_units
    entry = r.by_id[metric.id]
    if q.unit is None and entry.dimension != "count":
        return False  # 人均地区生产总值突破5万: the unit is left out, the figure is no headcount
    if measure != "level":
        return True
    if entry.dimension and q.dimension and q.dimension != entry.dimension:
        return False
    return not entry.units or q.unit in entry.units


def _last_mention(lexicon: SentenceLexicon, start: int, end: int) -> _Metric | None:
    """The last lexicon metric written between `start` and `end` (a mention without a figure)."""
    last = lexicon.last(start, end) if end > start else None
    return _metric_of(last) if last is not None else None


def _metric_of(m: Match) -> _Metric:
    surface = compiled_rules().surfaces[m.surface]
    return _Metric(surface.entry.name, surface.entry.id, m.start, m.end, surface.growth)


def _may_inherit(left: str, q: Quantity, previous_unit: str | None) -> bool:
    """Whether a figure with only `left` before it continues the previous metric (实现309亿元,同比增长8%).

    Only verbs and connectors may stand between (at most a short verb such as 接种 besides), at least one
    verb must, and a level in another unit than the previous figure's is something else (…平方米,完成了4条…).
    Remarks cut off by 、 (稳居全国前十强, 迈上…台阶) do not count.
    """
    r = compiled_rules()
    left = _without_remarks(r, left)
    if _residue(left) > _INHERIT_RESIDUE:
        return False
    if not r.measure_cue.search(left) and not r.cumulative.search(left):
        return False
    if previous_unit not in (None, *_RATE_UNITS) and q.unit != previous_unit and q.unit not in _RATE_UNITS:
        return False
    return True


def _without_remarks(r: Rules, text: str) -> str:
    """`text` without its parts (cut at 、) that are remarks (跨过两个万亿元大关, 稳居全国前十强: side_remarks)."""
    if "、" not in text:
        return text
    return "、".join(part for part in text.split("、") if not r.side_remark.search(part))


def _residue(text: str) -> int:
    """How many characters of `text` are not cue words, connectors or punctuation."""
    return len(compiled_rules().removable.sub("", text))


def _strip_tail(r: Rules, norm: str, start: int, end: int) -> int:
    """`end` moved left past trailing cue words, connectors and punctuation."""
    while end > start:
        # the leftmost of: a trailing word (r.strip_tail), a run of [\s,;:] (as the regex module's \s)
        word = r.strip_tail.find(norm, start, end)
        cut = word[0] if word is not None else end
        run = end
        while run > start and _GAP.match(norm, run - 1):
            run -= 1
        cut = min(cut, run)
        if cut == end:
            break
        end = cut
    return end


def _edge_before(r: Rules, norm: str, start: int, end: int) -> bool:
    """Whether an edge word (r.edge_tail), or a character that cannot be in a name, ends `start`..`end`."""
    return end > start and (not _NAME_CHAR.match(norm, end - 1) or r.edge_tail.find(norm, start, end) is not None)


def _lexicon_metric(r: Rules, norm: str, lexicon: SentenceLexicon, start: int, end: int) -> _Metric | None:
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
    rest = r.removable.sub("", _without_remarks(r, norm[last.end : end]))
    if len(rest) > 4 or r.head_anywhere.search(rest):
        return None  # more nominal words follow (经济增长贡献率): the lexicon name is part of another phrase
    # words in front that narrow it (东盟进出口, 脱贫地区农村居民人均可支配收入): another, smaller metric
    if last.start == start or _edge_before(r, norm, start, last.start):
        return metric  # nothing, or a verb or cue word, in front: no need for jieba
    if _stock_addition(r, norm, metric, start, last.end) is not None:
        return metric  # 新增国家高新技术企业: the caller names the count of new ones
    phrase = _unknown_metric(r, norm, start, last.end, relaxed=True, need_head=False)
    if phrase is not None and phrase.start < last.start:
        modifier = _strip_region(r, norm[phrase.start : last.start].strip('“”"'))
        if (
            modifier
            and modifier not in r.neutral_modifiers
            and modifier not in r.cumulative_years  # a count of years (五年零售物价年均上涨) narrows nothing
            and r.region_prefix.fullmatch(modifier) is None
            and not _ARABIC.search(modifier)
            and not r.separator_tail.search(modifier)
        ):
            name = _strip_region(r, norm[phrase.start : last.end])
            counts = r.by_id[metric.id].dimension == "count" if metric.id else False  # 规上高新技术企业达到1.8万家
            return _Metric(name, None, phrase.start, last.end, metric.growth, named=counts)
    return metric


def _strip_region(r: Rules, name: str) -> str:
    m = r.region_prefix.match(name)
    return name[m.end() :] if m and m.end() < len(name) else name


def _unknown_metric(
    r: Rules, norm: str, start: int, end: int, *, relaxed: bool, need_head: bool = True
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
        grade = token in _GRADE_BOUNDS and phrase[: edge - len(token)].endswith("及")  # 二级及以上公立医疗机构
        if (token in r.edge_words and not grade) or _is_figure_token(token) or _is_break(token):
            break
        edge -= len(token)
    name = phrase[edge:].lstrip("”’)的")  # …50万元以上的|行政村占比: no name starts with 的
    edge = len(phrase) - len(name)
    if name[:1] == "年" and edge > 0 and _ARABIC.match(phrase, edge - 1):
        name, edge = name[1:], edge + 1  # 2025年 | 粮食产量: the year is not part of the name
    spans = time_spans(name)
    if spans:  # 一九八一年国内财政收入: nor a year in words, or any time before the name
        cut = spans[-1][1]
        name, edge = name[cut:].lstrip("的"), edge + cut + (len(name[cut:]) - len(name[cut:].lstrip("的")))
    if len(name) < 2 or len(name) > _UNKNOWN_MAX or not _HAN.search(name):
        return None
    head = r.heads.ending(name)
    if need_head and not relaxed and not head:
        return None
    if need_head and head is not None and head[0] == 0:
        return None  # a bare head (总额, 投资) names nothing by itself
    return _Metric(_strip_region(r, name), None, start + edge, end)


def _names_a_thing(r: Rules, q: Quantity) -> bool:
    """Whether figure `q` can state the count or size of a thing named without a metric head: a rate, an
    amount in a unit of measure, or a count in a unit of things (家, 户, 公里), not a span of time (8年, 75周年)."""
    if q.unit in _RATE_UNITS:
        return True
    if q.unit is None:
        return True  # a headcount (_is_headcount)
    if q.dimension is None or q.dimension in r.counted_dimensions:
        return q.unit in r.thing_units
    return True


def _thing_name_ok(r: Rules, thing: str, q: Quantity, *, shortest: int = 3) -> bool:
    """Whether `thing` reads as the name of what a figure counts: long enough to say what without a verb
    (not 就业, 高校: `shortest`), not cut inside a list or a phrase (城镇老旧小区和, 重大工程的, 就业“), not a
    comparison (比“七五”末)."""
    if q.unit in _RATE_UNITS:
        shortest = 2
    if len(thing) < shortest or len(thing) > _UNKNOWN_MAX or not _HAN.search(thing):
        return False
    if r.thing_bad_ends.ending(thing) or thing[0] in r.thing_bad_starts:
        return False
    if _ARABIC.search(thing) and any(_is_figure_token(token) for token in words.cut(thing)):
        return False  # a figure in the name (1000千伏输电线路), unless a letter makes it a word (5G基站)
    if thing.count("“") != thing.count("”") or thing.count("(") != thing.count(")"):
        return False
    return thing not in r.count_verbs and not r.separator_tail.search(thing)


def _named_thing(
    r: Rules, norm: str, start: int, end: int, q: Quantity, counting: tuple[str, int] | None
) -> tuple[_Metric, str | None] | None:
    """The name without a metric head right before a figure (生猪出栏6248万头, 新增规上工业企业1494家): the thing
    counted, named with the count verb in front of it (新增) or, for a later item of a list, the list's verb.
    Only when nothing follows the figure: `领域320个共建重点项目` counts what follows it."""
    after = _figure_end(q)
    if after < len(norm) and _HAN.match(norm, after) and not (
        r.measure_cue.match(norm, after) and _is_base(r, norm, start, end)
    ):
        return None  # (由8500万减少到6500万: the start of a change is followed by its verb)
    if not _names_a_thing(r, q):
        return None
    found = _unknown_metric(r, norm, start, end, relaxed=True)
    if found is None:
        return None
    thing_start = found.start
    verb: str | None = None
    if (
        counting is not None
        and q.unit not in _RATE_UNITS  # 新增…企业3家,快递业务量增长20.8%: a rate counts no new things
        and not r.removable.sub("", r.separators.sub("", norm[counting[1] : found.start]))
        and (counting[0] not in r.clause_count_verbs or not _CLAUSE_BREAK.search(norm, counting[1], found.start))
    ):
        verb = counting[0]  # 新增规上工业企业1494家、|国家级…企业81家: the list's verb
    tokens = words.cut(norm[found.start : found.end])
    offset = 0
    for k, token in enumerate(tokens):  # the last count verb inside the phrase starts the name (因地制宜|建立|基层网格)
        offset += len(token)
        rest = tokens[k + 1 :]
        if token in r.count_verbs and rest and not any(t in r.count_verbs for t in rest):
            verb, thing_start = token, found.start + offset
        # …but an action the name ends with is the thing's own (国土生态修复治理, 大中型灌区现代化改造)
    if thing_start == found.start:
        before = r.count_verb_tail.find(norm, max(start, found.start - 6), _before_fillers(r, norm, start, found.start))
        if before is not None:
            verb = norm[before[0] : before[1]]
    quote = norm.find("“", thing_start, found.end)
    if verb is None and thing_start > start and norm[thing_start - 1] in "、" and quote > thing_start:
        thing_start = quote  # 电动汽车、锂电池、光伏产品“新三样”出口: the quoted name stands for the list
    elif verb is None and thing_start > start and norm[thing_start - 1] in "、":
        return None  # A、B、C达到28条: the figure counts the whole list, not its last item
    lead = r.thing_leads.match(norm, thing_start, found.end)
    if lead is not None:
        thing_start = lead.end()
    thing = norm[thing_start : found.end]
    if not _thing_name_ok(r, thing, q, shortest=2 if verb else 3):
        return None
    if verb in r.generic_verbs and words.cut(thing)[-1] in r.count_verbs:
        verb = None  # 实施困难老年人家庭智能适老化改造3.6万户: the thing names its own action (改造)
    name = _strip_region(r, (verb or "") + thing)
    return _Metric(name, None, thing_start, found.end, named=True), verb


def _counted(
    ctx: _Context, r: Rules, q: Quantity, bound: int, left_end: int, counting: tuple[str, int] | None
) -> tuple[_Metric | None, int, tuple[str, int] | None]:
    """The thing a figure counts when no metric is named for it: after the figure when a count verb stands
    right before it (改造1万户农村危房) or the figure continues such a list (、33处口袋公园), else the name
    without a head before it (生猪出栏6248万头). With the gap start for the measure, and the verb and end of
    the statement, for a list that goes on."""
    norm = ctx.doc.norm
    clause_end = _clause_of(ctx, q.start)[1]
    head = _before_fillers(r, norm, bound, left_end)
    span = r.count_verb_tail.find(norm, bound, head)
    verb: str | None = None
    if span is not None:
        verb = norm[span[0] : span[1]]
    elif counting is not None and counting[1] <= left_end and not r.removable.sub(
        "", r.separators.sub("", norm[counting[1] : left_end])
    ):
        verb = counting[0]
    if verb is not None:
        after = _thing_after(r, norm, verb, q, clause_end)
        if after is not None:
            return after, left_end, (verb, after.end)
        if span is not None:
            return _named_before_verb(r, norm, q, bound, span), left_end, None
    named = _named_thing(r, norm, bound, left_end, q, counting)
    if named is None:
        opened = _opening_count(ctx, r, q, bound, left_end, clause_end)
        return opened, left_end, None
    metric, verb = named
    return metric, metric.end, ((verb, _figure_end(q)) if verb is not None else None)


_LEAD_WORDS_MAX = 2  # 妥善|处置, 启动|实施: the words that may come before a list's count verb


def _listed_count(ctx: _Context, r: Rules, q: Quantity, bound: int, left_end: int) -> _Metric | None:
    """The things a figure after a list and 等 counts (打通车站西街西延段等6条断头路, 富丽华庭、慧谷臻园等18个精品
    住宅项目建成入住): named with the count verb that opens the clause before the list, else with what happened
    to them after (as a count that opens its clause); None for a list of tasks (等5个方面), which states nothing."""
    norm = ctx.doc.norm
    clause_end = _clause_of(ctx, q.start)[1]
    if r.list_count_things.starting(norm[_figure_end(q) : clause_end]):
        return None  # 等5个方面: the items of a list of tasks
    clause_start = _clause_of(ctx, q.start)[0]
    lead = _leading_count_verb(r, norm, clause_start, left_end)
    if lead is not None:
        return _thing_after(r, norm, lead, q, clause_end)
    return _opening_count(ctx, r, q, left_end, left_end, clause_end)


def _leading_count_verb(r: Rules, norm: str, start: int, end: int) -> str | None:
    """The count verb that opens the text from `start` to `end` (打通了…, 妥善处置…, 启动实施…): after at most
    a short adverb or filler; None when another word comes first."""
    before = 0
    for token in words.cut(norm[start:end]):
        if token in r.count_verbs:
            return token
        before += len(token)
        if before > _LEAD_WORDS_MAX or _is_figure_token(token) or _is_break(token):
            return None
    return None


def _count_verbs_only(r: Rules, text: str) -> bool:
    """Whether `text` is one count verb or several written together (化解, 落地实施, 开工建设)."""
    if not text:
        return False
    return any(
        text[:k] in r.count_verbs and (k == len(text) or _count_verbs_only(r, text[k:])) for k in range(len(text), 0, -1)
    )


def _owned_figure(ctx: _Context, r: Rules, count: Quantity, bound: int, end: int) -> _Metric | None:
    """The figure of the things a count right before it counts (810个省重点项目完成投资10428.6亿元): named by the
    things, the verb and the head written between them (省重点项目完成投资); None unless that is all there is."""
    norm = ctx.doc.norm
    if _figure_end(count) != bound or count.unit not in r.thing_units or count.dimension != "count":
        return None
    text = norm[bound:end]
    head = r.heads.ending(text)
    if head is None or len(text) > _UNKNOWN_MAX or not _HAN.match(text) or any(c in _CLAUSE_BREAKS + "、" for c in text):
        return None  # a name, not a clause or a list
    verb = r.count_verb_tail.find(text, 0, head[0])
    if verb is None or verb[0] < 2:
        return None  # the things, then what was done for them: 重点项目|完成|投资
    return _Metric(_strip_region(r, text), None, bound, end, named=True)


def _opening_count(
    ctx: _Context, r: Rules, q: Quantity, bound: int, left_end: int, clause_end: int
) -> _Metric | None:
    """The thing a figure counts when the figure opens its clause and the thing follows it, then what happened
    to it (10个国家大科学装置、5个国家技术创新中心…在川布局, 9所高职学校入选…): named with that predicate, its text
    the thing. A later item of such a list was found with the first (ctx.opened)."""
    if q.start in ctx.opened:
        return ctx.opened[q.start]
    norm = ctx.doc.norm
    if ctx.opened_until > bound:
        bound = ctx.opened_until  # the statement before is one too (25项…获…推广、83项案例入选…)
    left = r.region_prefix.sub("", r.separators.sub("", norm[bound:left_end].strip(" ,;:“”\"")))
    if r.count_fillers.sub("", left):
        return None  # words before the figure: it is not what the clause is about
    items: list[tuple[Quantity, int, int]] = []  # figure, its thing's start and end
    current: Quantity | None = q
    while current is not None:
        thing = _thing_span(r, norm, current, clause_end)
        if thing is None:
            return None
        items.append((current, *thing))
        pos = thing[1]
        sep = r.separators.match(norm, pos, clause_end)
        after = sep.end() if sep is not None else pos
        current = next((x for x in ctx.quantities if x.start == after and _ARABIC.match(norm, after)), None)
        if current is None and r.thing_predicate.starting(norm[pos:clause_end]):
            tail = norm[pos:clause_end].rstrip(_CLAUSE_BREAKS)
            more = _NEXT_STATEMENT.search(tail)  # …推广、83项案例入选…: another statement of the same kind
            if more is not None:
                tail = tail[: more.start()]
            ctx.opened_until = pos + len(tail)
            if _ARABIC.search(tail):
                return None  # 320个重点项目完成投资5332亿元: the count says whose figure the next one is
            break
    else:
        return None  # the list ended without a predicate: no statement of what happened to the things
    predicate = r.predicate_adverbs.sub("", tail)  # 全部化解, 均已落地: the adverb is no part of the name
    for figure, start, end in items:
        # named as the set counted: 入选国家“双高计划”的高职学校, 在川布局的国家大科学装置
        thing = norm[start:end]
        if _count_verbs_only(r, predicate):
            # …积案全部化解, 20个项目落地实施: 化解…积案, 落地实施项目, as count verbs before their thing name it
            name = predicate + thing
        elif predicate.endswith(thing):
            name = predicate  # 37家单位被评为…示范单位: the predicate names the set already
        elif 0 < len(predicate) <= _UNKNOWN_MAX:
            name = f"{predicate}的{thing}"
        elif len(thing) >= 4:
            name = thing
        else:
            continue  # 3部作品…(a long clause): a short thing says nothing without what happened to it
        ctx.opened[figure.start] = _Metric(_strip_region(r, name), None, start, end, named=True)
    return ctx.opened.get(q.start)


def _thing_span(r: Rules, norm: str, q: Quantity, clause_end: int) -> tuple[int, int] | None:
    """Where the thing written right after figure `q` starts and ends: up to a predicate (r.thing_predicate),
    a list separator or the next figure."""
    headcount = q.unit is None  # 450万困难群众纳入… (_is_headcount)
    if (not headcount and (q.unit not in r.thing_units or q.dimension != "count")) or not _ARABIC.search(q.text):
        return None  # 50万吨甲醇制乙醇项目建成投产: a size describes one thing, it counts none
    start = _figure_end(q)
    if r.attributive.match(norm, start):
        return None
    lead = r.thing_leads.match(norm, start, clause_end)
    if lead is not None:
        start = lead.end()
    stretch = norm[start : min(clause_end, start + _CUT_WINDOW)]
    length = 0
    for token in words.cut(stretch):
        if length and r.thing_predicate.starting(stretch[length:]):
            break
        if _is_figure_token(token) or _is_break(token) or r.separators.fullmatch(token) or token in ("的", "了"):
            break  # …了: a verb was in the stretch, which is no name
        length += len(token)
    thing = stretch[:length]
    if not _thing_name_ok(r, thing, q, shortest=2):
        return None
    return start, start + length


def _before_time(ctx: _Context, bound: int, left_end: int) -> tuple[int, int]:
    """Where a metric's name may end before a figure, and where the text after it goes on: before a time that
    dates the figure, followed by 的 or cue words only (人口自然增长率由1990年的14.39‰下降到1995年的10.55‰,
    全国人口2000年要控制在13亿以内: the name ends before the time); else `left_end` twice."""
    norm, r = ctx.doc.norm, compiled_rules()
    for p, _, _ in ctx.time.marks:
        between = r.removable.sub("", norm[p.end : left_end].replace("的", ""))
        if bound <= p.start and p.end <= left_end and len(between) <= 1:  # (要)控制在, 的: one filler at most
            if norm[p.start - 1] in r.comparison_markers:
                return left_end, left_end  # 比1958年的2050亿元: the base of a comparison, no figure of its own here
            return p.start, p.end
    return left_end, left_end


def _names_on(r: Rules, rest: str) -> bool:
    """Whether `rest`, between a lexicon metric and a figure that does not fit it, goes on naming something
    (…投资|项目) rather than remarking on the metric (连续迈上4个万亿元台阶) or linking a figure to it (增长)."""
    return (
        _residue(rest) > 0
        and not r.side_remark.search(rest)
        and not r.measure_cue.search(rest)
        and not any(word in rest for word in r.milestone_tail.words)
    )


def _stock_addition(r: Rules, norm: str, metric: _Metric, bound: int, left_end: int) -> str | None:
    """The verb of an addition to a stock (新增, 认定) written right before a lexicon metric of things or lengths,
    or between it and its figure: the figure counts the new ones, not the stock."""
    entry = r.by_id[metric.id] if metric.id is not None else None
    if entry is None or entry.dimension not in _STOCK_DIMENSIONS:
        return None
    before = r.stock_addition_tail.find(norm, max(bound, metric.start - 6), _before_fillers(r, norm, bound, metric.start))
    if before is not None and before[1] == _before_fillers(r, norm, bound, metric.start):
        return norm[before[0] : before[1]]
    end = _before_fillers(r, norm, metric.end, left_end)
    between = r.stock_addition_tail.find(norm, metric.end, end)
    if between is not None and between[1] == end:
        return norm[between[0] : between[1]]
    return None


def _named_before_verb(r: Rules, norm: str, q: Quantity, bound: int, verb: tuple[int, int]) -> _Metric | None:
    """The thing named before a count verb that stands right before its figure, when nothing follows the figure
    (中欧班列开行超2000列, 中欧班列(成渝)累计开行…, 农村户厕改造完成3686座): named with the verb, unless the name
    ends with an action of its own (改造), which the verb (完成) only completes."""
    after = _figure_end(q)
    if (after < len(norm) and _HAN.match(norm, after)) or not _names_a_thing(r, q) or q.unit in _RATE_UNITS:
        return None  # 钢材完成95%: how much of a plan was done, a rate of no thing
    end = _before_fillers(r, norm, bound, verb[0])
    found = _unknown_metric(r, norm, bound, end, relaxed=True, need_head=False)
    if found is None or found.end != end or (found.start > bound and norm[found.start - 1] == "、"):
        return None  # A、B、C建成…: the list as a whole
    start = found.start
    first = words.cut(norm[start:end])[0]
    if first in r.generic_verbs:
        start += len(first)  # 实施|困难老年人家庭智能适老化|改造3.6万户: the action named is enough
    thing = norm[start:end]
    if not _thing_name_ok(r, thing, q) or r.heads.ending(thing):
        return None
    if words.cut(thing)[-1] in r.count_verbs:
        return _Metric(_strip_region(r, thing), None, start, end, named=True)
    written = norm[verb[0] : verb[1]]
    if written in r.stock_addition_tail:  # “五上”企业新增5331家: the new ones, named as 新增“五上”企业
        return _Metric(_strip_region(r, written + thing), None, start, verb[1], named=True)
    return _Metric(_strip_region(r, norm[start : verb[1]]), None, start, verb[1], named=True)


def _before_fillers(r: Rules, norm: str, start: int, end: int) -> int:
    """`end` moved left past filler words (了, 累计) that may stand between a count verb and what follows it."""
    m = r.count_fillers.search(norm, start, end)
    return m.start() if m is not None else end


def _thing_after(r: Rules, norm: str, verb: str, q: Quantity, clause_end: int) -> _Metric | None:
    """The thing a figure counts, written after it (改造|1万户|农村危房, 新建|20公里|绿道): named with the verb."""
    if q.unit not in r.thing_units and q.unit is not None:  # None: a headcount (妥善安置1.6万…受灾群众)
        return None  # 新增1000千伏输电线路: a figure in the thing's name
    start = _figure_end(q)
    if r.attributive.match(norm, start):
        return None
    lead = r.thing_leads.match(norm, start, clause_end)  # 2.5万套(间)城市危旧房, 350余场次各类…
    if lead is not None:
        start = lead.end()
    stretch = norm[start : min(clause_end, start + _CUT_WINDOW)]
    length = 0
    tokens = words.cut(stretch)
    for index, token in enumerate(tokens):
        before_count_verb = index + 1 < len(tokens) and tokens[index + 1] in r.count_verbs
        if (
            # 校园开工建设, 居民清洁取暖改造, 街巷提升改造: still the thing
            (token in r.edge_words and token not in r.count_verbs and not before_count_verb)
            or _is_figure_token(token)
            or _is_break(token)
            or r.separators.fullmatch(token)
            or token == "的"
        ):
            break
        length += len(token)
    if q.unit is None and _residue(stretch[length:].rstrip(_CLAUSE_BREAKS)) > 0:
        return None  # 10.62万群众远离…: a headcount names the people only when nothing else follows them
    thing = _without_task_tail(r, stretch[:length])
    if not _thing_name_ok(r, thing, q, shortest=2):  # named with its verb: 新建|绿道
        return None
    shared = _shared_action(r, norm, start + length, clause_end)
    if shared and not any(word in r.count_verbs for word in words.cut(thing)):
        return _Metric(_strip_region(r, thing + shared), None, start, start + length, named=True)
    if any(word in r.count_verbs for word in words.cut(thing)):
        return _Metric(_strip_region(r, thing), None, start, start + length, named=True)  # 居民清洁取暖改造
    return _Metric(_strip_region(r, verb + thing), None, start, start + length, named=True)


def _without_task_tail(r: Rules, thing: str) -> str:
    """`thing` without a word naming the job (任务, 工程) after its action: 老旧小区改造任务 -> 老旧小区改造."""
    for tail in r.thing_task_tails:
        rest = thing[: -len(tail)]
        if thing.endswith(tail) and rest and words.cut(rest)[-1] in r.count_verbs:
            return rest
    return thing


def _shared_action(r: Rules, norm: str, start: int, clause_end: int) -> str:
    """The action the last item of a list of counted things names for all (54个老旧小区和3个棚户区改造 -> 改造),
    when a separator and another figure follow `start`; else ''."""
    sep = r.separators.match(norm, start, clause_end)
    if sep is None or not _ARABIC.match(norm, sep.end()):
        return ""
    tokens = words.cut(norm[sep.end() : min(clause_end, sep.end() + _CUT_WINDOW)])
    last = ""
    for token in tokens:
        if _is_break(token) or r.separators.fullmatch(token) or (token in r.edge_words and token not in r.count_verbs):
            break
        last = token
    return last if last in r.count_verbs else ""


def _is_figure_token(token: str) -> bool:
    """A token with a figure in it ends a name, unless letters make it a name's part (5G用户普及率, PM2.5浓度)."""
    return any(ch.isdigit() for ch in token) and not any(ch.isascii() and ch.isalpha() for ch in token)


def _is_break(token: str) -> bool:
    return all(not (ch.isalnum() or ch in '“”"()（）') for ch in token)


def _measure(r: Rules, norm: str, metric: _Metric, gap_start: int, end: int, q: Quantity) -> Measure | None:
    """level, growth, avg_growth or change from the verb nearest the figure; None when the figure cannot be it."""
    gap = norm[gap_start:end]
    found = [m.group() for m in r.measure_cue.finditer(gap)]
    role = r.cue_role[found[-1]] if found else None
    if metric.growth and role != "avg_growth":
        role = "growth"
    if role is None or role == "level":
        return "level"
    if q.unit not in _RATE_UNITS:
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


def _is_base(r: Rules, norm: str, start: int, end: int) -> bool:
    """A figure written as the starting point of a change (由12平方米增加到16平方米)."""
    tail = r.measure_tail.find(norm, start, end)
    return tail is not None and norm[tail[0] : end].strip() in r.base


def _indicator(ctx: _Context, q: Quantity, metric: _Metric, measure: Measure, when: Attribution) -> dict[str, Any]:
    """The fields of an Indicator record but its id."""
    doc = ctx.doc
    value: Number = q.value
    value_max: Number | None = q.value_max
    if measure != "level" and _is_negative(doc.norm, metric.end, _figure_start(q)):
        value = _negate(value)
        value_max = _negate(value_max) if value_max is not None else None
    start = min(metric.start, q.start)
    end = max(_figure_end(q), q.end, metric.end)  # a thing named after its figure (新建4所中小学)
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
        approx=q.approx or _milestone(doc.norm, metric.end, _figure_start(q)),
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
    r = compiled_rules()
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
        for p, _, _ in ctx.time.marks:  # 死亡人数较“十三五”同期分别下降: the base of the comparison is no metric
            marker = comparison_start(norm, p)
            if marker is not None and start <= marker < stop:
                stop = marker
        metrics = _metric_list(norm, ctx.lexicon, start, stop)
        if metrics is None and runs and _residue(norm[start:stop]) == 0:
            metrics = runs[-1]
        if metrics is None or len(metrics) != len(figures):
            continue
        runs.append(metrics)
        # the verbs start where this run's own list ends (城乡居民人均可支配收入|年均分别增长), or at 分别
        verbs = max(m.end for m in metrics) if all(start <= m.start for m in metrics) else stop
        for i, metric in zip(figures, metrics, strict=True):
            assigned[i] = metric
            run_gap[i] = verbs


def _metric_list(norm: str, lexicon: SentenceLexicon, start: int, end: int) -> list[_Metric] | None:
    """The metrics listed before 分别: 固定资产投资、社会消费品零售总额 / 城镇、农村常住居民人均可支配收入."""
    r = compiled_rules()
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
                if shared == last_text and len(item) < len(shared):
                    shared = shared[len(item) :]  # one word: the item stands for its first characters (刑事、治安案件)
            if item.endswith(shared):
                shared = ""
            completed = _Metric(_strip_region(r, item + shared), None, a, b)
        out.append(completed)
    if last.id is None and out and out[0].id is None:
        last = _with_qualifier(out[0], last)
    out.append(last)
    return out


def _with_qualifier(first: _Metric, last: _Metric) -> _Metric:
    """The last item of a list, named with the first item's qualifier when it has none of its own: 生产安全事故
    起数、死亡人数 -> 生产安全事故死亡人数 (a bare 死亡人数 would say nothing of what died)."""
    r = compiled_rules()
    head = r.heads.ending(first.name)
    if head is None or head[0] == 0 or r.heads.ending(last.name) is None:
        return last
    qualifier = "".join(words.cut(first.name)[:-1])  # 生产|安全事故|起数 -> 生产安全事故
    if not qualifier or last.name.startswith(qualifier) or len(last.name) > _GENERIC_MAX:
        return last
    return replace(last, name=qualifier + last.name)


def __getattr__(name: str) -> Any:  # PEP 562: HEADLINE_METRICS is computed on first use, not at import
    if name == "HEADLINE_METRICS":
        return headline_metrics()
    raise AttributeError(name)


__all__ = ["CueRules", "MetricEntry", "MetricLexicon", "cue_rules", "find_indicators", "headline_metrics", "metric_lexicon"]
