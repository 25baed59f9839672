"""Naming the metric of a figure: the lexicon metric written before it, else an unknown noun phrase ending in a
metric head whose left edge jieba finds (旅游收入, 机扫率), with what is no part of a name (cue words, side remarks,
a region prefix) cut off; and whether a figure inherits the metric of the one before it.
"""

from __future__ import annotations

import regex

from . import words
from .lexicon import Match, Rules, SentenceLexicon, compiled_rules
from .models import Quantity
from .periods import time_spans
from .statements import ARABIC, CUT_WINDOW, HAN, RATE_UNITS, UNKNOWN_MAX, Metric, ReadNames

GRADE_BOUNDS = ("以上", "以下")  # after 及 inside a name, a range of grades (二级及以上), no edge
STOCK_DIMENSIONS = ("count", "length", "area")  # a stock that grows by things added (新增, 认定)
_GAP = regex.compile(r"[\s,;:]")  # what `strip_tail` passes besides words: as `removable` reads it
_BRACKETED = regex.compile(r"\([^()]*\)")
_NAME_CHAR = regex.compile(r'[\p{Han}A-Za-z“”"]')  # what may end a name (a metric's left neighbour is not one)
_YEAR_PARTS = "底末初前"  # after 年: a time of the year (年底, 年末, 年初, 年底前)
_INHERIT_RESIDUE = 2  # at most this many non-cue characters between a figure and the metric it inherits


def last_mention(lexicon: SentenceLexicon, start: int, end: int) -> Metric | None:
    """The last lexicon metric written between `start` and `end` (a mention without a figure)."""
    last = lexicon.last(start, end) if end > start else None
    return _metric_of(last) if last is not None else None


def _metric_of(m: Match) -> Metric:
    surface = compiled_rules().surfaces[m.surface]
    return Metric(surface.entry.name, surface.entry.id, m.start, m.end, surface.growth)


def other_count_unit(r: Rules, before: Quantity, q: Quantity) -> bool:
    """Whether `q`, written right after `before`, counts the same things in another unit (20.9万户69.3万人)."""
    counts = [x.unit in r.thing_units and x.dimension == "count" for x in (before, q)]
    return all(counts) and before.unit != q.unit and not r.count_units.issuperset((before.unit, q.unit))


def may_inherit(left: str, q: Quantity, previous_unit: str | None) -> bool:
    """Whether a figure with only `left` before it continues the previous metric (实现309亿元,同比增长8%).

    Only verbs and connectors may stand between (at most a short verb such as 接种 besides), at least one
    verb must, and a level in another unit than the previous figure's is something else (…平方米,完成了4条…).
    Remarks cut off by 、 (稳居全国前十强, 迈上…台阶) do not count.
    """
    r = compiled_rules()
    left = _without_remarks(r, left)
    rest = r.removable.sub("", left)
    if len(rest) > _INHERIT_RESIDUE or _names_another(r, rest):
        return False
    if not r.measure_cue.search(left) and not r.cumulative.search(left):
        return False
    if previous_unit not in (None, *RATE_UNITS) and q.unit != previous_unit and q.unit not in RATE_UNITS:
        return False
    return True


def _names_another(r: Rules, rest: str) -> bool:
    """Whether `rest`, the words left between a figure and the metric it would inherit, name another thing:
    a noun that is no metric head (…,黄麻增长95%,烤烟增长28%: a list of things, each with its figure; but
    …,总额突破8000亿元 is the metric's total) nor a region (全省共增加)."""
    if not rest:
        return False
    word, tag = words.tagged(rest)[0]
    if not tag.startswith("n") or r.region_prefix.match(word):
        return False
    head = r.heads.ending(word)
    return head is None or head[0] > 0


def _without_remarks(r: Rules, text: str) -> str:
    """`text` without its parts (cut at 、) that are remarks (跨过两个万亿元大关, 稳居全国前十强: side_remarks)."""
    if "、" not in text:
        return text
    return "、".join(part for part in text.split("、") if not r.side_remark.search(part))


def residue(text: str) -> int:
    """How many characters of `text` are not cue words, connectors or punctuation."""
    return len(compiled_rules().removable.sub("", text))


def strip_tail(r: Rules, norm: str, start: int, end: int) -> int:
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


def lexicon_metric(
    r: Rules,
    norm: str,
    lexicon: SentenceLexicon,
    start: int,
    end: int,
    seen: ReadNames | None = None,
) -> Metric | None:
    """The last lexicon metric between `start` and `end` if it governs the figure at `end` (`seen`: as for
    `unknown_metric`)."""
    last = lexicon.last(start, end)
    if last is None:
        return None
    metric = _metric_of(last)
    # a ratio: 民生投入占一般公共预算支出, 研发经费支出相当于全市生产总值的比例
    link = r.share_link_tail.find(norm, start, last.start)
    if link is not None:
        numerator = unknown_metric(r, norm, start, link[0], relaxed=True, need_head=False, seen=seen)
        if numerator is not None:
            head = r.share_head.match(norm, last.end, end)
            stop = head.end() if head else last.end
            name = norm[numerator.start : stop]
            return Metric(strip_region(r, name), None, numerator.start, stop)
    rest = r.removable.sub("", _without_remarks(r, norm[last.end : end]))
    if len(rest) > 4 or r.head_anywhere.search(rest):
        return None  # more nominal words follow (经济增长贡献率): the lexicon name is part of another phrase
    # words in front that narrow it (东盟进出口, 脱贫地区农村居民人均可支配收入): another, smaller metric
    if last.start == start or _edge_before(r, norm, start, last.start):
        return metric  # nothing, or a verb or cue word, in front: no need for jieba
    if stock_addition(r, norm, metric, start, last.end) is not None:
        return metric  # 新增国家高新技术企业: the caller names the count of new ones
    phrase = unknown_metric(r, norm, start, last.end, relaxed=True, need_head=False, seen=seen)
    if phrase is not None and phrase.start < last.start:
        modifier = strip_region(r, norm[phrase.start : last.start].strip('“”"'))
        if (
            modifier
            and modifier not in r.neutral_modifiers
            and modifier not in r.cumulative_years  # a count of years (五年零售物价年均上涨) narrows nothing
            and r.region_prefix.fullmatch(modifier) is None
            and not ARABIC.search(modifier)
            and not r.separator_tail.search(modifier)
        ):
            name = strip_region(r, norm[phrase.start : last.end])
            counts = r.by_id[metric.id].dimension == "count" if metric.id else False  # 规上高新技术企业达到1.8万家
            return Metric(name, None, phrase.start, last.end, metric.growth, named=counts)
    return metric


def strip_region(r: Rules, name: str) -> str:
    m = r.region_prefix.match(name)
    return name[m.end() :] if m and m.end() < len(name) else name


def unknown_metric(
    r: Rules,
    norm: str,
    start: int,
    end: int,
    *,
    relaxed: bool,
    need_head: bool = True,
    seen: ReadNames | None = None,
) -> Metric | None:
    """The noun phrase right before a figure (jieba gives its left edge), if it names a metric.

    `seen`: what was read in this sentence (`Context.names`); without it, nothing is shared."""
    if seen is None:
        seen = ReadNames()
    stripped = seen.ends.get((start, end))
    if stripped is None:
        stripped = seen.ends[(start, end)] = strip_tail(r, norm, start, end)
    end = stripped
    start = max(start, end - CUT_WINDOW)  # jieba sees a short stretch only: a name is at most UNKNOWN_MAX long
    if end - start < 2:
        return None
    if need_head and not relaxed and r.heads.find(norm, start, end) is None:
        return None  # the name would end where the phrase ends: without a head there is none
    named = seen.names.get((start, end), _UNREAD)
    if named is _UNREAD:
        named = seen.names[(start, end)] = _name_before(r, norm, start, end)
    if named is None:
        return None
    name_start, name, head = named
    if need_head and not relaxed and head is None:
        return None
    if need_head and head == 0:
        return None  # a bare head (总额, 投资) names nothing by itself
    return Metric(name, None, name_start, end)


_UNREAD = object()  # no name read yet for a span (None: read, and there is none)


def _name_before(r: Rules, norm: str, start: int, end: int) -> tuple[int, str, int | None] | None:
    """The name ending at `end` that jieba's cut of `start`..`end` gives: where it starts, the name without a
    region prefix, and where its metric head starts in it (None: it has none); None when it is no name."""
    phrase = norm[start:end]
    tokens = words.cut(phrase)
    edge = _left_edge(r, phrase, tokens, sheltered=True)
    if not _sheltered_ok(phrase[edge:]):
        edge = _left_edge(r, phrase, tokens, sheltered=False)
    name = phrase[edge:].lstrip("”’)的")  # …50万元以上的|行政村占比: no name starts with 的
    edge = len(phrase) - len(name)
    if name[:1] == "年" and edge > 0 and ARABIC.match(phrase, edge - 1):
        name = name[1:].lstrip("的")  # 2025年 | 粮食产量, 1957年的|工业总产值: the year is not part of the name
        edge = len(phrase) - len(name)
    if len(name) < 2 or not HAN.search(name):
        return None  # (cutting a time off below only shortens the name, to a part of it: no name either)
    spans = time_spans(name)
    if spans:  # 一九八一年国内财政收入: nor a year in words, or any time before the name
        cut = spans[-1][1]
        name, edge = name[cut:].lstrip("的"), edge + cut + (len(name[cut:]) - len(name[cut:].lstrip("的")))
    while name[:1] in _YEAR_PARTS and norm[start + edge - 1 : start + edge] in ("年", *_YEAR_PARTS):
        name, edge = name[1:], edge + 1  # 去年|底企业数量, 一九八五年|底前建成…: a time, not part of the name
    if len(name) < 2 or len(name) > UNKNOWN_MAX or not HAN.search(name):
        return None
    head = r.heads.ending(name)
    return start + edge, strip_region(r, name), head[0] if head is not None else None


def _left_edge(r: Rules, phrase: str, tokens: list[str], *, sheltered: bool) -> int:
    """Where the name ending `phrase` starts: after the last edge word, figure or break (`sheltered`: none
    inside parentheses, which may hold a list or a verb: 纺织(包括印染)工业, 通高速公路的县(市、区))."""
    edge = len(phrase)
    depth = 0
    after = ""  # the token after `token`: the first of the name so far
    for token in reversed(tokens):
        depth += (token == ")") - (token == "(")
        grade = token in GRADE_BOUNDS and phrase[: edge - len(token)].endswith("及")  # 二级及以上公立医疗机构
        # a word of letters only (most tokens) holds no figure and is no break: only the edge words are asked
        if (not sheltered or depth <= 0) and (
            (token in r.edge_words and not grade)
            or (not token.isalpha() and (is_figure_token(token) or is_break(token)))
        ):
            if token in r.located and _is_place(after) and edge < len(phrase) - 1:
                edge -= len(token)  # 在川|两院院士: located in a place, a name (the name goes no further left)
            break
        edge -= len(token)
        after = token
    return edge


_PLACE_TAGS = ("ns", "j", "nr", "n")  # jieba's tags of a one-character place (京 ns, 川 j, 鄂 nr) or post (岗 n)


def _is_place(token: str) -> bool:
    """Whether `token` is one Han character that names a place or post (川, 京, 岗), as jieba tags it."""
    return len(token) == 1 and HAN.match(token) is not None and words.tagged(token)[0][1] in _PLACE_TAGS


def _sheltered_ok(name: str) -> bool:
    """Whether a name read with parentheses sheltering what they hold is one: balanced, and a list in them
    only when they end it (县(市、区) at the end; 183个县(市、区)划分…学区 is a clause)."""
    if "(" not in name and ")" not in name:
        return True
    if name.count("(") != name.count(")"):
        return False
    inner = _BRACKETED.findall(name)
    return name.endswith(")") or not any("、" in part for part in inner)


def stock_addition(r: Rules, norm: str, metric: Metric, bound: int, left_end: int) -> str | None:
    """The verb of an addition to a stock (新增, 认定) written right before a lexicon metric of things or lengths,
    or between it and its figure: the figure counts the new ones, not the stock."""
    entry = r.by_id[metric.id] if metric.id is not None else None
    if entry is None or entry.dimension not in STOCK_DIMENSIONS:
        return None
    before = r.stock_addition_tail.find(norm, max(bound, metric.start - 6), before_fillers(r, norm, bound, metric.start))
    if before is not None and before[1] == before_fillers(r, norm, bound, metric.start):
        return norm[before[0] : before[1]]
    end = before_fillers(r, norm, metric.end, left_end)
    between = r.stock_addition_tail.find(norm, metric.end, end)
    if between is not None and between[1] == end:
        return norm[between[0] : between[1]]
    return None


def before_fillers(r: Rules, norm: str, start: int, end: int) -> int:
    """`end` moved left past filler words (了, 累计) that may stand between a count verb and what follows it."""
    m = r.count_fillers.search(norm, start, end)
    return m.start() if m is not None else end


def is_figure_token(token: str) -> bool:
    """A token with a figure in it ends a name, unless letters make it a name's part (5G用户普及率, PM2.5浓度)."""
    if token.isalpha():
        return False  # letters only (most words): no digit (no character is both)
    return any(ch.isdigit() for ch in token) and not any(ch.isascii() and ch.isalpha() for ch in token)


def is_break(token: str) -> bool:
    if token.isalpha():
        return False  # letters only (most words) are alphanumeric
    return all(not (ch.isalnum() or ch in '“”"()（）') for ch in token)


def is_base(r: Rules, norm: str, start: int, end: int) -> bool:
    """A figure written as the starting point of a change (由12平方米增加到16平方米)."""
    tail = r.measure_tail.find(norm, start, end)
    return tail is not None and norm[tail[0] : end].strip() in r.base
