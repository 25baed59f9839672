"""The rules of report comparison (rules/attainment.yaml) and the judge of a target: `judge(target, value)` says
whether a figure meets a target (floors, ceilings, tolerances for approximate targets, ranges) by the metric's
`direction` (the metric lexicon first, then the name words of the rules). `huimin diff` (compare.py), panels
(panels.py) and series (series.py) all judge with it; `normalise_name` is the key projects are matched by.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from functools import lru_cache
from typing import Literal, Protocol

from . import rules
from .models import Number
from .rules.schemas import AttainmentRules
from .values import as_number, format_number


@lru_cache(maxsize=1)
def attainment_rules() -> AttainmentRules:
    """rules/attainment.yaml, loaded and validated once per process."""
    return rules.load("attainment.yaml", AttainmentRules)


def part_of_year_alternation() -> str:
    """The `part_of_year` patterns as one regex alternation, longest first (上半年, 前三季度, 1—11月)."""
    return "|".join(f"(?:{p})" for p in sorted(attainment_rules().part_of_year, key=len, reverse=True))


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """(direction by metric id, headline metrics as (id, name)) from the metric lexicon, if there is one."""
    try:
        from .lexicon import metric_lexicon
    except ImportError:  # pragma: no cover - the indicator stage ships with the package
        return {}, ()
    metrics = metric_lexicon().metrics
    return {m.id: m.direction for m in metrics}, tuple((m.id, m.name) for m in metrics if m.headline)


def headline_metrics() -> tuple[tuple[str, str], ...]:
    """The lexicon's headline metrics as (id, name), in lexicon order (panels mark them absent, attainment
    marks a year without a target for them `no_target`)."""
    return _lexicon()[1]


def direction(metric_id: str | None, metric: str) -> Literal["higher", "lower"]:
    """Whether a higher or a lower figure is better for a metric (lexicon first, then name words).

    >>> direction("surveyed_unemployment", "城镇调查失业率"), direction(None, "工程建设项目审批时间")
    ('lower', 'lower')
    >>> direction(None, "旅游收入")
    'higher'
    """
    known = _lexicon()[0].get(metric_id or "")
    if known in ("higher", "lower"):
        return known  # type: ignore[return-value]
    r = attainment_rules()
    if any(word in metric for word in r.lower_better_words):
        return "lower"
    return r.default_direction


def normalise_name(name: str) -> str:
    """The matching key of a project name: NFKC, no spaces, quotes, brackets or 项目/工程 ending.

    >>> normalise_name("“敕勒川”万里茶道老街项目") == normalise_name("敕勒川万里茶道老街")
    True
    """
    r = attainment_rules()
    key = unicodedata.normalize("NFKC", name)
    key = "".join(ch for ch in key if ch not in r.project_name_drop and not ch.isspace()).lower()
    for suffix in sorted(r.project_name_suffixes, key=len, reverse=True):
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)]
    return key


def _dec(value: Number) -> Decimal:
    return Decimal(str(value))


class TargetLike(Protocol):
    """What `judge` reads of a target: an Indicator, or a panel mention (panels.Mention)."""

    @property
    def metric_id(self) -> str | None: ...
    @property
    def metric(self) -> str: ...
    @property
    def measure(self) -> str: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def value(self) -> Number: ...
    @property
    def value_max(self) -> Number | None: ...
    @property
    def approx(self) -> str | None: ...


def _tolerance(t: TargetLike) -> Decimal | None:
    for rule in attainment_rules().tolerances:
        if rule.measure not in (None, t.measure) or rule.unit not in (None, t.unit):
            continue
        if rule.absolute is not None:
            return _dec(rule.absolute)
        if rule.relative is not None:
            return abs(_dec(t.value)) * _dec(rule.relative)
    return None


def judge(target: TargetLike, value: Number) -> tuple[bool, Decimal, str, Decimal | None]:
    """Whether `value` meets `target`: (met, gap, rule, tolerance) under rules/attainment.yaml.

    The gap is `value` minus the target's binding end: the low end of a range for a higher-is-better
    metric or a floor, the high end for a lower-is-better metric or a ceiling.
    """
    r = attainment_rules()
    better = direction(target.metric_id, target.metric)
    x = _dec(value)
    lo = _dec(target.value)
    hi = _dec(target.value_max) if target.value_max is not None else lo
    if target.approx in r.floor_words:
        return x >= lo, x - lo, "floor", None
    if target.approx in r.ceiling_words:
        return x <= hi, x - hi, "ceiling", None
    tol = _tolerance(target) if target.approx in r.approx_words else None
    slack = tol or Decimal(0)
    rule = f"approx ±{format_number(as_number(tol))}" if tol is not None else ("range" if hi != lo else "exact")
    if better == "higher":
        return x >= lo - slack, x - lo, rule, tol
    return x <= hi + slack, x - hi, rule, tol
