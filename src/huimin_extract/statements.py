"""What the linking of figures to metrics shares: the metric linked to a figure (`Metric`), the sentence
being read (`Context`), its clauses, and where a figure starts and ends with its qualifiers.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

import regex

from .document import Doc
from .lexicon import SentenceLexicon
from .models import Quantity, Sentence
from .timeline import SentenceTime, Timeline

CLAUSE_BREAKS = ",;:。!?"
ITEM_BREAKS = CLAUSE_BREAKS + "、"  # and the enumeration comma between the items of a list
CLAUSE_BREAK = regex.compile("[" + regex.escape(CLAUSE_BREAKS) + "]")
ARABIC = regex.compile(r"[0-9０-９]")
RATE_UNITS = ("%", "百分点", "倍")  # a growth is stated in these (增长2倍: a multiple)
UNKNOWN_MAX = 20  # an unknown metric longer than this is a clause, not a name
HAN = regex.compile(r"\p{Han}")
CUT_WINDOW = 40  # characters before a figure given to jieba to find a name's left edge
GENERIC_MAX = 4  # a listed metric this short (死亡人数) says little without the list's qualifier


@dataclass
class Metric:
    """A metric as linked to a figure: its name, id and where it is written."""

    name: str
    id: str | None
    start: int
    end: int
    growth: bool = False
    subject: str | None = None  # whose figure it is when not the region's (subjects.py)
    named: bool = False  # a phrase without a metric head (生猪出栏, 新增规上工业企业): may count things
    stock: Metric | None = None  # for a count of new things (…新增16条), the things counted as a whole


@dataclass
class ReadNames:
    """What `unknown_metric` read in one sentence, by span: the stages ask for the same span again with other
    flags (a lexicon name's modifier, a thing counted), and only the flags differ."""

    ends: dict[tuple[int, int], int] = field(default_factory=dict)  # a span -> its end past cue words (strip_tail)
    names: dict[tuple[int, int], Any] = field(default_factory=dict)  # that stretch -> the name read (None: none)


@dataclass
class Context:
    doc: Doc
    sentence: Sentence
    quantities: list[Quantity]
    clauses: list[tuple[int, int]]
    lexicon: SentenceLexicon  # the lexicon metrics written in the sentence
    timeline: Timeline
    time: SentenceTime  # what the time model knows of the sentence
    led: bool  # a target lead (主要预期目标是:) stands before a figure of the sentence: names may lack a head
    topic: tuple[int, int] | None = None  # the subject the sentence opens with, once looked for ((0, 0): none)
    opened: dict[int, Metric] = field(default_factory=dict)  # figure start -> thing counted (opening_count)
    opened_until: int = 0  # where the last statement of such counts ends
    class_bounds: dict[int, int] = field(default_factory=dict)  # end -> start of 亿元以上 before a noun (thresholds)
    names: ReadNames = field(default_factory=ReadNames)  # what unknown_metric read in the sentence
    clause_starts: list[int] = field(init=False, repr=False)  # where each clause starts, for bisection

    def __post_init__(self) -> None:
        self.clause_starts = [start for start, _ in self.clauses]


def clause_of(ctx: Context, offset: int) -> tuple[int, int]:
    """The clause that holds `offset` (clauses are in order and do not overlap: the last one starting at or
    before it, if it reaches past it); else the whole sentence. Asked several times for each figure."""
    i = bisect_right(ctx.clause_starts, offset) - 1
    if i >= 0 and offset < ctx.clauses[i][1]:
        return ctx.clauses[i]
    return (ctx.sentence.start, ctx.sentence.end)


def figure_start(q: Quantity) -> int:
    """Where the figure starts, a prefix qualifier (超过, 近) included."""
    if q.approx_start is not None and q.approx_start < q.start:
        return q.approx_start
    return q.start


def figure_end(q: Quantity) -> int:
    """Where the figure ends, a suffix qualifier (左右, 以上) included."""
    if q.approx_end is not None and q.approx_end > q.end:
        return q.approx_end
    return q.end
