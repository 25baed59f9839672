"""How a value, a code or a page is shown to a reader of the HTML pages: values in the report's own magnitudes
with their qualifier where the report writes it (`约309亿元`, `350余场次`, `20几万人`), and Chinese labels of
the dataset's codes."""

from __future__ import annotations

from decimal import Decimal

from .models import Sentence
from .quantity_rules import SHARE_DIMENSIONS, qualifiers, unit_table
from .values import format_number

INDICATOR_KIND = {"actual": "实际", "estimate": "预计", "target": "目标"}
MEASURE_LABEL = {"level": "总量", "growth": "增速", "avg_growth": "年均增速", "change": "增减"}
STATUS_LABEL = {
    "planned": "谋划",
    "started": "开工",
    "under_construction": "在建",
    "completed": "竣工",
    "operating": "运营",
}
DIGIT_APPROX = ("几", "来")  # written where a digit would be, before the magnitude: 20几万, 10来万 (not 10万来)


def num(value: float | int | None) -> str:
    """A number as written in the dataset, without float noise or exponent: 3.6 -> '3.6', 309e8 -> '30900000000'."""
    return "" if value is None else format_number(value)


def is_share(unit: str | None) -> bool:
    """Whether `unit` measures a share (%, ‰, 百分点: its dimension in rules/units.yaml), which is shown as
    written, never in 万 or 亿."""
    rule = unit_table().units.get(unit) if unit else None
    return rule is not None and rule.dimension in SHARE_DIMENSIONS


def _friendly(value: float | int, unit: str | None) -> str:
    """The value in the report's own magnitudes: 30900000000 -> '309亿', 12000 -> '1.2万'."""
    if is_share(unit) or abs(value) < 10000:
        return num(value)
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    for size, name in ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万")):
        if abs(exact) >= size:
            return format((exact / size).normalize(), "f") + name
    return num(value)


def _approx_place(approx: str) -> str:
    """Where the report writes an `approx` word, by the rules in force: before the number (a prefix qualifier of
    rules/qualifiers.yaml, or a milestone of rules/cues.yaml: 突破6万亿元), between the number and its unit
    (an inner one: 350余场次), in place of a digit (DIGIT_APPROX), else after the unit (4.5%左右)."""
    from .lexicon import cue_rules  # the cue rules are read only when a value has a qualifier

    if approx in DIGIT_APPROX:
        return "digit"
    q = qualifiers()
    if approx in cue_rules().milestones or any(rule.approx == approx for rule in q.prefix.values()):
        return "prefix"
    if any(rule.approx == approx for rule in q.inner.values()):
        return "inner"
    return "suffix"


def format_value(value: float | int, value_max: float | int | None, unit: str | None, approx: str | None) -> str:
    """A value for people: `format_value(30900000000, None, '元', '约') == '约309亿元'`.

    >>> format_value(4.5, 5, "%", None)
    '4.5—5%'
    >>> format_value(350, None, "场次", "余")
    '350余场次'
    >>> format_value(200000, None, "人", "几"), format_value(10, None, "个", "来")
    ('20几万人', '10来个')
    >>> format_value(6000000000000, None, "元", "突破"), format_value(83, None, "%", "以上")
    ('突破60000亿元', '83%以上')
    """
    number = _friendly(value, unit)
    if value_max is not None:
        number += "—" + _friendly(value_max, unit)
    place = _approx_place(approx) if approx else None
    if place == "digit":
        head = number.rstrip("万亿")
        return f"{head}{approx}{number[len(head):]}{unit or ''}"
    prefix = approx if place == "prefix" else ""
    inner = approx if place == "inner" else ""
    suffix = approx if place == "suffix" else ""
    return f"{prefix}{number}{inner}{unit or ''}{suffix}"


def page_label(sentence: Sentence | None) -> str | None:
    """The page(s) of a PDF sentence as cited: `3`, or `3–4` when it runs onto the next page."""
    if sentence is None or sentence.page is None:
        return None
    return f"{sentence.page}–{sentence.page_end}" if sentence.page_end else str(sentence.page)
