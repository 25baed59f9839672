"""Bases: the time a figure states, or the base of the change or comparison it states, written right before it
(人口自然增长率由1990年的14.39‰下降到…, 贫困人口由“七五”末的8500万减少到…, 比“七五”末增加2万亿元, 比去年预算赤字减少
500亿元): where a metric's name ends before them, and what may not be named after them.
"""

from __future__ import annotations

from .lexicon import Rules, compiled_rules
from .statements import CLAUSE_BREAK, Context
from .timeline import comparison_start


def before_time(ctx: Context, bound: int, left_end: int) -> tuple[int, int]:
    """Where a metric's name may end before a figure, and where the text after it goes on: before a time that
    dates the figure, followed by 的 or cue words only (人口自然增长率由1990年的14.39‰下降到1995年的10.55‰,
    全国人口2000年要控制在13亿以内: the name ends before the time); before the base of a change, a time after
    a comparison marker and what it names up to the verb (比“七五”末增加2万亿元, 比去年预算赤字减少500亿元), which
    is no part of a name; else `left_end` twice."""
    norm, r = ctx.doc.norm, compiled_rules()
    for p, _, _ in ctx.time.marks:
        if not (bound <= p.start and p.end <= left_end):
            continue
        between = r.removable.sub("", norm[p.end : left_end].replace("的", ""))
        start = p.start - 1 if norm[p.start - 1] in '“"' else p.start  # 由“七五”末的8500万: the quote opens it
        if norm[start - 1] in r.comparison_markers:
            verb = _change_verb(r, norm, p.end, left_end)
            if verb is not None:
                # nor is the figure's own time right before it (一九八一年比一九八○年增长9.8%)
                dated = [
                    o
                    for o, _, _ in ctx.time.marks
                    if bound <= o.start and o.end <= start - 1 and not r.removable.sub("", norm[o.end : start - 1])
                ]
                return (dated[0].start if dated else start - 1), verb
            if len(between) <= 1:
                return left_end, left_end  # 比1958年的2050亿元: the base of a comparison, no figure of its own
        elif len(between) <= 1:  # (要)控制在, 的: one filler at most
            return start, p.end
    return left_end, left_end


def _change_verb(r: Rules, norm: str, start: int, end: int) -> int | None:
    """Where the verb of a change starts that the figure at `end` follows (…减少|500亿元), when no clause
    break comes between `start` and it; else None."""
    if CLAUSE_BREAK.search(norm, start, end):
        return None
    last = None
    for m in r.measure_cue.finditer(norm, start, end):
        last = m
    if last is None or len(r.removable.sub("", norm[last.end() : end])) > 1:
        return None  # (增长了, 提高到: one filler at most)
    return last.start()


def after_comparison(ctx: Context, start: int) -> bool:
    """Whether `start` is right after a time named as the base of a comparison (较“十三五”末, 比2020年)."""
    norm = ctx.doc.norm
    return any(p.end == start and comparison_start(norm, p) is not None for p, _, _ in ctx.time.marks)
