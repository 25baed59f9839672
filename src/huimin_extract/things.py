"""Counts of things done (issue 14): a figure of a thing counted or sized without a metric head, named from the
verb and the thing: the thing after a count verb and the figure (改造1万户农村危房), the name before the figure
(生猪出栏6248万头), the thing after a figure that opens its clause (9所高职学校入选…), a later item of a list
named with the list's verb, and a share of the figure before (、占全国92.2%).
"""

from __future__ import annotations

import regex

from . import benefactive, words
from .bases import after_comparison
from .lexicon import Rules
from .metric_names import (
    GRADE_BOUNDS,
    before_fillers,
    is_base,
    is_break,
    is_figure_token,
    residue,
    strip_region,
    strip_tail,
    unknown_metric,
)
from .models import Quantity
from .statements import (
    ARABIC,
    CLAUSE_BREAK,
    CLAUSE_BREAKS,
    CUT_WINDOW,
    GENERIC_MAX,
    HAN,
    ITEM_BREAKS,
    RATE_UNITS,
    UNKNOWN_MAX,
    Context,
    Metric,
    ReadNames,
    clause_of,
    figure_end,
)

_NEXT_STATEMENT = regex.compile(r"、(?=[0-9０-９])")
# right after a figure: the share of a whole it is (、占全国, 、占全疆电力装机)
_SHARE_OF_WHOLE = regex.compile(r"[、,]?(?P<link>占)(?P<whole>全[\p{Han}]{1,10})")
# a clause after a figure: the share of that figure a part of it is (实际利用外资1600亿美元,其中外商直接投资占70%)
_SHARE_OF_FIGURE = regex.compile(r",?其中(?P<part>[\p{Han}“”]{2,14}?)(?P<link>占)")
_FIGURE_LIST = regex.compile(r"、[0-9０-９]")  # a figure followed by another: a list of figures
# after a figure: it describes what follows (2家5A级景区), unless that is another figure (59户118人)
_NAME_GOES_ON = regex.compile(r"[\p{Han}A-Za-z]|[0-9０-９.]+[A-Za-z]")
_THING_MIN = 3  # a thing counted is named by fewer characters only with its verb (新建|绿道)
_PUNCTUATION = regex.compile(r"[\s:“”\"]")  # what a list of counts may have between its items besides 、和


def _names_a_thing(r: Rules, q: Quantity) -> bool:
    """Whether figure `q` can state the count or size of a thing named without a metric head: a rate, an
    amount in a unit of measure, or a count in a unit of things (家, 户, 公里), not a span of time (8年, 75周年)."""
    if q.unit in RATE_UNITS:
        return True
    if q.unit is None:
        return True  # a headcount (is_headcount)
    if q.dimension is None or q.dimension in r.counted_dimensions:
        return q.unit in r.thing_units
    return True


def _thing_name_ok(r: Rules, thing: str, q: Quantity, *, shortest: int = 3) -> bool:
    """Whether `thing` reads as the name of what a figure counts: long enough to say what without a verb
    (not 就业, 高校: `shortest`), not cut inside a list or a phrase (城镇老旧小区和, 重大工程的, 就业“), not a
    comparison (比“七五”末)."""
    if q.unit in RATE_UNITS:
        shortest = 2
    if len(thing) < shortest or len(thing) > UNKNOWN_MAX or not HAN.search(thing):
        return False
    if r.thing_bad_ends.ending(thing) or thing[0] in r.thing_bad_starts:
        return False
    if ARABIC.search(thing) and any(is_figure_token(token) for token in words.cut(thing)):
        return False  # a figure in the name (1000千伏输电线路), unless a letter makes it a word (5G基站)
    if thing.count("“") != thing.count("”") or thing.count("(") != thing.count(")"):
        return False
    return thing not in r.count_verbs and not r.separator_tail.search(thing)


def continues_list(
    r: Rules, norm: str, counting: tuple[str, int] | None, name_start: int, name_end: int, figure_start: int
) -> bool:
    """Whether the thing named at `name_start`..`name_end` is a later item of the list of things done that
    `counting` (its verb, where its last item ends) states, so that the list's verb names it too (新增规上工业企业
    1494家、|国家级…企业81家): only list separators, cue words or punctuation between; a verb that reaches people
    (惠及) ends its list with its clause; and a level cue before the figure (工业百亿企业总数达53家, …产量突破5000台)
    states what the thing has reached, not how many were added."""
    if counting is None or counting[1] > name_start:
        return False
    if r.removable.sub("", r.separators.sub("", norm[counting[1] : name_start])):
        return False
    if counting[0] in r.clause_count_verbs and CLAUSE_BREAK.search(norm, counting[1], name_start):
        return False
    cues = [m.group() for m in r.measure_cue.finditer(norm, name_end, figure_start)]
    return not any(r.cue_role[c] == "level" and c not in r.count_verbs for c in cues)


def _named_thing(
    r: Rules,
    norm: str,
    start: int,
    end: int,
    q: Quantity,
    counting: tuple[str, int] | None,
    class_bounds: dict[int, int],
    *,
    opens: bool,
    seen: ReadNames | None = None,
) -> tuple[Metric, str | None] | None:
    """The name without a metric head right before a figure (生猪出栏6248万头, 新增规上工业企业1494家): the thing
    counted, named with the count verb in front of it (新增) or, for a later item of a list, the list's verb.
    Only when nothing follows the figure: `领域320个共建重点项目` counts what follows it. `opens`: `start` is
    where the clause starts (not the end of a figure before)."""
    after = figure_end(q)
    if after < len(norm) and _NAME_GOES_ON.match(norm, after) and not (
        r.measure_cue.match(norm, after) and is_base(r, norm, start, end)
    ):
        return None  # (由8500万减少到6500万: the start of a change is followed by its verb)
    if not _names_a_thing(r, q):
        return None
    found = unknown_metric(r, norm, start, end, relaxed=True, seen=seen)
    if found is None:
        return None
    thing_start = found.start
    verb: str | None = None
    if (
        counting is not None
        and q.unit not in RATE_UNITS  # 新增…企业3家,快递业务量增长20.8%: a rate counts no new things
        and continues_list(r, norm, counting, found.start, found.end, end)
        # across a clause break only to a name that needs it (…新线5944公里,复线4603公里); 建设…医共体172个,
        # …示范区达到34个 / 争取…资金: a name of its own
        and (found.end - found.start < _THING_MIN or not CLAUSE_BREAK.search(norm, counting[1], found.start))
    ):
        verb = counting[0]  # 新增规上工业企业1494家、|国家级…企业81家: the list's verb
        if words.opens_with_verb(norm[found.start : found.end]):
            verb = None  # 安置危房群众866户、|加固重建危房1312户: the item names its own action
    tokens = words.cut(norm[found.start : found.end])
    # the last count verb inside the phrase starts the name (因地制宜|建立|基层网格)…
    last = next((k for k in range(len(tokens) - 1, -1, -1) if tokens[k] in r.count_verbs), None)
    if last is not None and last < len(tokens) - 1:  # …but an action the name ends with is the thing's own
        verb = tokens[last]  # (国土生态修复治理, 大中型灌区现代化改造)
        thing_start = found.start + sum(len(t) for t in tokens[: last + 1])
    if thing_start == found.start:
        verb_end = before_fillers(r, norm, start, found.start)
        verb_end = before_fillers(r, norm, start, class_bounds.get(verb_end, verb_end))  # 新开工|10亿元以上|…项目
        before = r.count_verb_tail.find(norm, max(start, verb_end - 6), verb_end)
        if before is not None:
            verb = norm[before[0] : before[1]]
    quote = norm.find("“", thing_start, found.end)
    # 、 right after the previous figure opens another statement (…达到1.9万家、科技型中小企业达到2.9万家)
    listed = verb is None and thing_start > start + 1 and norm[thing_start - 1] == "、"
    if listed and quote > thing_start:
        thing_start = quote  # 电动汽车、锂电池、光伏产品“新三样”出口: the quoted name stands for the list
    elif listed:
        whole = _whole_list(r, norm, start, found.end, q) if opens else None  # A、B、C达到28条: the list as one
        return (whole, None) if whole is not None else None
    elif verb is None and q.unit in RATE_UNITS and not r.measure_cue.search(norm, found.end, end) and (
        thing_start == start + 1 and norm[start] == "、"
    ):
        return None  # …退出213户、压降81.3%: a rate after another statement states a change of it only with a verb
    lead = r.thing_leads.match(norm, thing_start, found.end)
    if lead is not None:
        thing_start = lead.end()
    thing = norm[thing_start : found.end]
    if not _thing_name_ok(r, thing, q, shortest=2 if verb else 3):
        return None
    if verb in r.generic_verbs and words.cut(thing)[-1] in r.count_verbs:
        verb = None  # 实施困难老年人家庭智能适老化改造3.6万户: the thing names its own action (改造)
    name = strip_region(r, (verb or "") + thing)
    return Metric(name, None, thing_start, found.end, named=True), verb


def counted(
    ctx: Context, r: Rules, q: Quantity, bound: int, left_end: int, counting: tuple[str, int] | None
) -> tuple[Metric | None, int, tuple[str, int] | None]:
    """The thing a figure counts when no metric is named for it: after the figure when a count verb stands
    right before it (改造1万户农村危房) or the figure continues such a list (、33处口袋公园), else the name
    without a head before it (生猪出栏6248万头). With the gap start for the measure, and the verb and end of
    the statement, for a list that goes on."""
    norm = ctx.doc.norm
    clause_end = clause_of(ctx, q.start)[1]
    head = before_fillers(r, norm, bound, left_end)
    span = r.count_verb_tail.find(norm, bound, head)
    verb: str | None = None
    if span is not None:
        verb = norm[span[0] : span[1]]
    elif counting is not None and counting[1] <= left_end and not _PUNCTUATION.sub(
        "", r.separators.sub("", norm[counting[1] : left_end].replace(",", ""))
    ):
        verb = counting[0]  # …、33处口袋公园: not over a clause's own verb (…,提升21个景区…)
    elif r.separator_tail.search(norm, bound, head) and q.unit in r.thing_units and q.dimension != "currency":
        verb = _leading_count_verb(r, norm, clause_of(ctx, q.start)[0], head)  # 重点打造A、B两个示范点和|16个…
    if verb is not None:
        after = _thing_after(r, norm, verb, q, clause_end)
        if after is not None and span is None and CLAUSE_BREAK.search(norm, counting[1] if counting else bound, left_end):
            # 建设24个群众滑冰场,26个户外健身中心: over a clause break only a clause that is the count and its thing
            alone = _thing_span(r, norm, q, clause_end)  # (stops before a predicate: 2部作品|获骏马奖)
            ends = not residue(norm[after.end : clause_end].rstrip(CLAUSE_BREAKS))
            after = after if ends and alone is not None and alone[1] == after.end else None
        if after is not None:
            return after, left_end, (verb, after.end)
        if span is not None:
            return _named_before_verb(r, norm, q, bound, span, ctx.names), left_end, None
    opens = bound == clause_of(ctx, q.start)[0]
    named = _named_thing(r, norm, bound, left_end, q, counting, ctx.class_bounds, opens=opens, seen=ctx.names)
    if named is not None and after_comparison(ctx, named[0].start):
        named = None  # 较“十三五”末|改善16.5%: what follows the base of a comparison is its verb, no thing
    if named is None:
        opened = opening_count(ctx, r, q, bound, left_end, clause_end)
        return opened, left_end, None
    metric, verb = named
    return metric, metric.end, ((verb, figure_end(q)) if verb is not None else None)


_LEAD_WORDS_MAX = 2  # 妥善|处置, 启动|实施: the words that may come before a list's count verb


def listed_count(ctx: Context, r: Rules, q: Quantity, bound: int, left_end: int) -> Metric | None:
    """The things a figure after a list and 等 counts (打通车站西街西延段等6条断头路, 富丽华庭、慧谷臻园等18个精品
    住宅项目建成入住): named with the count verb that opens the clause before the list, else with what happened
    to them after (as a count that opens its clause); None for a list of tasks (等5个方面), which states nothing."""
    norm = ctx.doc.norm
    clause_end = clause_of(ctx, q.start)[1]
    if r.list_count_things.starting(norm[figure_end(q) : clause_end]):
        return None  # 等5个方面: the items of a list of tasks
    clause_start = clause_of(ctx, q.start)[0]
    lead = _leading_count_verb(r, norm, clause_start, left_end)
    if lead is not None:
        return _thing_after(r, norm, lead, q, clause_end)
    return opening_count(ctx, r, q, left_end, left_end, clause_end)


def _leading_count_verb(r: Rules, norm: str, start: int, end: int) -> str | None:
    """The count verb that opens the text from `start` to `end` (打通了…, 妥善处置…, 启动实施…): after at most
    a short adverb or filler; None when another word comes first."""
    before = 0
    for token in words.cut(norm[start:end]):
        for k in range(len(token)):  # jieba writes 妥善处置, 启动实施 as one word: the count verb ends it
            if before + k <= _LEAD_WORDS_MAX and token[k:] in r.count_verbs:
                return token[k:]
        before += len(token)
        if before > _LEAD_WORDS_MAX or is_figure_token(token) or is_break(token):
            return None
    return None


def _count_verbs_only(r: Rules, text: str) -> bool:
    """Whether `text` is one count verb or several written together (化解, 落地实施, 开工建设)."""
    if not text:
        return False
    return any(
        text[:k] in r.count_verbs and (k == len(text) or _count_verbs_only(r, text[k:])) for k in range(len(text), 0, -1)
    )


def share_of(r: Rules, norm: str, previous: Metric, q: Quantity, bound: int, end: int) -> Metric | None:
    """The share of the whole that the figure before is, stated right after it (棉花总产568.6万吨、占全国92.2%,
    中欧班列累计开行超2.6万列、占全国23.9%): named as the previous metric's share of the whole (…占全国比重); or the
    share of the figure before that a part of it is (实际利用外资超过1600亿美元,其中外商直接投资占70%)."""
    if q.unit != "%":
        return None
    part = _SHARE_OF_FIGURE.fullmatch(norm, bound, end)
    if part is not None:  # …,其中外商直接投资占70%: 外商直接投资占实际利用外资比重
        name = f"{part.group('part')}占{strip_region(r, norm[previous.start : previous.end])}比重"
        return Metric(strip_region(r, name), None, part.start("part"), part.end(), subject=previous.subject)
    m = _SHARE_OF_WHOLE.fullmatch(norm, bound, strip_tail(r, norm, bound, end))
    if m is None:
        return None
    whole = m.group("whole")
    name = f"{previous.name}占{whole}" + ("" if r.share_head.search(whole) else "比重")
    return Metric(name, None, m.start("link"), m.end(), subject=previous.subject)


def owned_figure(ctx: Context, r: Rules, count: Quantity, bound: int, end: int) -> Metric | None:
    """The figure of the things a count right before it counts (810个省重点项目完成投资10428.6亿元): named by the
    things, the verb and the head written between them (省重点项目完成投资); None unless that is all there is."""
    norm = ctx.doc.norm
    if figure_end(count) != bound or count.unit not in r.thing_units or count.dimension != "count":
        return None
    text = norm[bound:end]
    head = r.heads.ending(text)
    if head is None or len(text) > UNKNOWN_MAX or not HAN.match(text) or any(c in ITEM_BREAKS for c in text):
        return None  # a name, not a clause or a list
    verb = r.count_verb_tail.find(text, 0, head[0])
    if verb is None or verb[0] < 2:
        return None  # the things, then what was done for them: 重点项目|完成|投资
    return Metric(strip_region(r, text), None, bound, end, named=True)


def opening_count(
    ctx: Context, r: Rules, q: Quantity, bound: int, left_end: int, clause_end: int
) -> Metric | None:
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
        done_for = benefactive.benefactive_count(r, norm, q, r.count_fillers.sub("", left), clause_end)
        if done_for is not None:  # 为270名退役军人解决就业: those it was done for
            return Metric(strip_region(r, done_for[0]), None, done_for[1], done_for[2], named=True)
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
        current = next((x for x in ctx.quantities if x.start == after and ARABIC.match(norm, after)), None)
        if current is None and r.thing_predicate.starting(norm[pos:clause_end]):
            tail = norm[pos:clause_end].rstrip(CLAUSE_BREAKS)
            more = _NEXT_STATEMENT.search(tail)  # …推广、83项案例入选…: another statement of the same kind
            if more is not None:
                tail = tail[: more.start()]
            ctx.opened_until = pos + len(tail)
            if ARABIC.search(tail):
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
        elif 0 < len(predicate) <= UNKNOWN_MAX:
            name = f"{predicate}的{thing}"
        elif len(thing) >= 4:
            name = thing
        else:
            continue  # 3部作品…(a long clause): a short thing says nothing without what happened to it
        ctx.opened[figure.start] = Metric(strip_region(r, name), None, start, end, named=True)
    return ctx.opened.get(q.start)


def _thing_span(r: Rules, norm: str, q: Quantity, clause_end: int) -> tuple[int, int] | None:
    """Where the thing written right after figure `q` starts and ends: up to a predicate (r.thing_predicate),
    a list separator or the next figure."""
    headcount = q.unit is None  # 450万困难群众纳入… (is_headcount)
    if (not headcount and (q.unit not in r.thing_units or q.dimension != "count")) or not ARABIC.search(q.text):
        return None  # 50万吨甲醇制乙醇项目建成投产: a size describes one thing, it counts none
    start = figure_end(q)
    if r.attributive.match(norm, start):
        return None
    lead = r.thing_leads.match(norm, start, clause_end)
    if lead is not None:
        start = lead.end()
    stretch = norm[start : min(clause_end, start + CUT_WINDOW)]
    length = 0
    for token in words.cut(stretch):
        if length and r.thing_predicate.starting(stretch[length:]):
            break
        joined = r.separators.fullmatch(token) and not ARABIC.match(stretch, length + len(token))
        if is_figure_token(token) or is_break(token) or (r.separators.fullmatch(token) and not joined) or token in (
            "的",
            "了",
        ):
            break  # …了: a verb was in the stretch, which is no name; 、5个…: the next item of a list
        length += len(token)  # 275项行政权力和公共服务事项进驻…: two nouns joined name one set of things
    thing = stretch[:length]
    if not _thing_name_ok(r, thing, q, shortest=2):
        return None
    return start, start + length


def names_on(r: Rules, rest: str) -> bool:
    """Whether `rest`, between a lexicon metric and a figure that does not fit it, goes on naming something
    (…投资|项目) rather than remarking on the metric (连续迈上4个万亿元台阶) or linking a figure to it (增长)."""
    return (
        residue(rest) > 0
        and not r.side_remark.search(rest)
        and not r.measure_cue.search(rest)
        and not any(word in rest for word in r.milestone_tail.words)
    )


def _named_before_verb(
    r: Rules, norm: str, q: Quantity, bound: int, verb: tuple[int, int], seen: ReadNames
) -> Metric | None:
    """The thing named before a count verb that stands right before its figure, when nothing follows the figure
    (中欧班列开行超2000列, 中欧班列(成渝)累计开行…, 农村户厕改造完成3686座): named with the verb, unless the name
    ends with an action of its own (改造), which a generic verb (完成) only completes."""
    after = figure_end(q)
    if (after < len(norm) and HAN.match(norm, after)) or not _names_a_thing(r, q) or q.unit in RATE_UNITS:
        return None  # 钢材完成95%: how much of a plan was done, a rate of no thing
    end = before_fillers(r, norm, bound, verb[0])
    found = unknown_metric(r, norm, bound, end, relaxed=True, need_head=False, seen=seen)
    if found is None or found.end != end or (found.start > bound + 1 and norm[found.start - 1] == "、"):
        return None  # A、B、C建成…: the list as a whole (、 right after the previous figure opens a statement)
    start = found.start
    first = words.cut(norm[start:end])[0]
    if first in r.generic_verbs:
        start += len(first)  # 实施|困难老年人家庭智能适老化|改造3.6万户: the action named is enough
    thing = norm[start:end]
    if not _thing_name_ok(r, thing, q) or r.heads.ending(thing):
        return None
    written = norm[verb[0] : verb[1]]
    if words.cut(thing)[-1] in r.count_verbs and written in r.generic_verbs:
        return Metric(strip_region(r, thing), None, start, end, named=True)  # 农村户厕改造|完成 (草地修复治理: both)
    if written in r.stock_addition_tail:  # “五上”企业新增5331家: the new ones, named as 新增“五上”企业
        stock = Metric(strip_region(r, thing), None, start, end, named=True)  # (…、达到54条: all of them)
        return Metric(strip_region(r, written + thing), None, start, verb[1], named=True, stock=stock)
    return Metric(strip_region(r, norm[start : verb[1]]), None, start, verb[1], named=True)


def _whole_list(r: Rules, norm: str, start: int, end: int, q: Quantity) -> Metric | None:
    """A list of things that opens its statement and is counted as one (川渝省际铁路、高速公路、水路通道达到28条,
    国家级跨境电商综合试验区、服务贸易平台均增至9个): named as written, when every item is a name."""
    start = _list_start(r, norm, start, end)
    text = norm[start:end]
    if len(text) > 2 * UNKNOWN_MAX or r.separators.search(text) is None or _FIGURE_LIST.match(norm, figure_end(q)):
        return None  # …管网800公里、600公里: each item has its figure
    if q.dimension != "count" and not r.each.match(norm, end):
        return None  # 农业、林业和水利部门为32亿元: an amount of the list's things, not named as such (A、B均增长8%: each)
    if not all(_thing_name_ok(r, item, q, shortest=2) for item in r.separators.split(text)):
        return None
    for token in words.cut(text.replace("、", "")):
        if token in r.edge_words or is_figure_token(token) or is_break(token) or r.measure_cue.search(token):
            return None  # a verb or a figure in the list: a clause, not a list of names
        if any(verb in token for verb in r.count_verbs if len(verb) > 1):
            return None  # 个人养老金制度全面实施、开户: an action in it
    return Metric(strip_region(r, text), None, start, end, named=True)


def _list_start(r: Rules, norm: str, start: int, end: int) -> int:
    """`start` moved past a region prefix and punctuation that may open a statement."""
    while start < end and norm[start] in " 、,;:":
        start += 1
    prefix = r.region_prefix.match(norm, start, end)
    return prefix.end() if prefix is not None else start


def _thing_after(r: Rules, norm: str, verb: str, q: Quantity, clause_end: int) -> Metric | None:
    """The thing a figure counts, written after it (改造|1万户|农村危房, 新建|20公里|绿道): named with the verb."""
    if q.unit not in r.thing_units and q.unit is not None:  # None: a headcount (妥善安置1.6万…受灾群众)
        return None  # 新增1000千伏输电线路: a figure in the thing's name
    start = figure_end(q)
    if r.attributive.match(norm, start):
        return None
    lead = r.thing_leads.match(norm, start, clause_end)  # 2.5万套(间)城市危旧房, 350余场次各类…
    if lead is not None:
        start = lead.end()
    start = _after_attributes(r, norm, start, clause_end)
    stretch = norm[start : min(clause_end, start + CUT_WINDOW)]
    length = 0
    tokens = words.cut(stretch)
    quoted = False  # inside “…”: a name (“我为群众办实事”项目), whatever its words
    joined = _joined_actions(r, stretch)
    for index, token in enumerate(tokens):
        quoted = quoted or "“" in token
        if joined and length >= joined:
            break  # …集中隔离和转运|任务: the task word is no part of the thing
        if quoted or joined:
            length += len(token)
            quoted = quoted and "”" not in token
            continue
        before_count_verb = index + 1 < len(tokens) and tokens[index + 1] in r.count_verbs
        grade = token in GRADE_BOUNDS and stretch[:length].endswith(("级", "及"))  # 市级以上重点项目
        if (
            # 校园开工建设, 居民清洁取暖改造, 街巷提升改造: still the thing
            (token in r.edge_words and token not in r.count_verbs and not before_count_verb and not grade)
            or is_figure_token(token)
            or is_break(token)
            or r.separators.fullmatch(token)
            or token == "的"
        ):
            break
        length += len(token)
    if q.unit is None and residue(stretch[length:].rstrip(CLAUSE_BREAKS)) > 0:
        return None  # 10.62万群众远离…: a headcount names the people only when nothing else follows them
    thing = _without_task_tail(r, stretch[:length])
    if not _thing_name_ok(r, thing, q, shortest=2):  # named with its verb: 新建|绿道
        return None
    shared = _shared_action(r, norm, start + length, clause_end)
    if shared and not any(word in r.count_verbs for word in words.cut(thing)):
        return Metric(strip_region(r, thing + shared), None, start, start + length, named=True)
    if any(word in r.count_verbs for word in words.cut(thing)):
        return Metric(strip_region(r, thing), None, start, start + length, named=True)  # 居民清洁取暖改造
    return Metric(strip_region(r, verb + thing), None, start, start + length, named=True)


def _after_attributes(r: Rules, norm: str, start: int, clause_end: int) -> int:
    """Where the thing starts when attributes joined by 的 come first (40个|吸引力强、带动面广的|消费场景): after
    the last 的 of the clause, when a short name ends the clause there; else `start`."""
    text = norm[start:clause_end].rstrip(CLAUSE_BREAKS)
    de = text.rfind("的")
    if de <= 0 or ARABIC.search(text) or not 2 <= len(text) - de - 1 <= GENERIC_MAX + 2:
        return start
    if r.list_count_things.ending(text) or any(text.endswith(tail) for tail in r.thing_task_tails):
        return start  # 5911名分流旅客的应急保障任务: the job done for the things counted, no thing
    if any(token in r.edge_words or is_break(token) for token in words.cut(text[de + 1 :])):
        return start
    return start + de + 1


def _joined_actions(r: Rules, stretch: str) -> int:
    """Where the second of two actions joined by 和 ends, when a task word after it names one job of both
    (133名…患者集中隔离和转运任务: the count is of the whole job); else 0."""
    clause = CLAUSE_BREAK.split(stretch, maxsplit=1)[0]
    for tail in r.thing_task_tails:
        if clause.endswith(tail) and not ARABIC.search(clause):
            sep = max((m.start() for m in r.separators.finditer(clause)), default=-1)
            if sep > 0:
                return len(clause) - len(tail)
    return 0


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
    if sep is None or not ARABIC.match(norm, sep.end()):
        return ""
    tokens = words.cut(norm[sep.end() : min(clause_end, sep.end() + CUT_WINDOW)])
    last = ""
    for token in tokens:
        if is_break(token) or r.separators.fullmatch(token) or (token in r.edge_words and token not in r.count_verbs):
            break
        last = token
    return last if last in r.count_verbs else ""
