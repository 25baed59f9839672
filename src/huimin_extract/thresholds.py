"""Class bounds: an amount with 以上/以下 written in front of a noun defines a class of things, it states nothing.

`新开工10亿元以上制造业项目248个`, `实施亿元以上技改项目1200项`: `10亿元以上` says which projects are counted
(those of at least 10亿元); the statement is the count after the noun. Such a figure is no indicator, and the
count verb before it (新开工) still names the things the later count counts.

Only an amount (not a count of things: `实施10个以上省重大科技创新项目` counts the projects), and only when
the noun it qualifies is followed, in the same clause, by a count of things: `发放1000亿元以上补贴` could be
the amount given, `…以上项目248个` cannot.
"""

from __future__ import annotations

import regex

from .models import Quantity
from .statements import ITEM_BREAKS

_BOUNDS = ("以上", "以下")
_AMOUNT_DIMENSIONS = ("currency",)  # a class of projects or firms by size (亿元以上项目)
_NOUN_THEN_COUNT = regex.compile(r"[\p{Han}“”\"]{1,20}?(?=[0-9０-９])")


def class_bounds(norm: str, quantities: list[Quantity], count_units: frozenset[str]) -> set[str]:
    """The ids of the figures of `quantities` (one sentence's, in text order) that bound a class of things
    counted by the next figure (亿元以上|项目|248个)."""
    out: set[str] = set()
    for index, q in enumerate(quantities):
        if q.dimension not in _AMOUNT_DIMENSIONS or q.approx not in _BOUNDS:
            continue
        if q.approx_end is None or q.approx_end <= q.end:
            continue  # the bound is written after the figure (亿元以上), not before it
        noun = _NOUN_THEN_COUNT.match(norm, q.approx_end)
        if noun is None or noun.group().startswith("的"):
            continue  # …以上的: an attributive, handled as one
        later = quantities[index + 1] if index + 1 < len(quantities) else None
        if later is None or later.start != noun.end() or later.unit not in count_units:
            continue
        if any(ch in ITEM_BREAKS for ch in norm[q.approx_end : later.start]):
            continue
        out.add(q.id)
    return out
