"""Comparing reports: what changed between two reports, whether targets were met, panels of many reports.

- `diff(old, new)` compares two datasets (two years of one region, or two regions) in four parts:
  1. *figures*: outturns (actual or estimate) for the same metric, measure and period whose value changed
     (预计增长8% in one report, 增长7.6% in the next); and figures that appeared or disappeared, for the
     periods both reports give outturns for (a report reviewing 2024 says nothing of 2022: no noise);
  2. *attainment*: each target of OLD for a period that has ended by NEW's report year, against NEW's
     outturn for that period: met, missed or no_figure, with the gap (rules/attainment.yaml: floors
     `以上`, ceilings `以内`, tolerances for `左右`, ranges, and the metric's direction);
  3. *targets*: OLD's plan-year targets beside NEW's plan-year targets, metric by metric;
  4. *projects*: projects that appeared, disappeared, or changed status or investment (by normalised name).
- `track(ds)`: each target of the report's plan year beside the latest outturn for that metric in the report.

Panels over many reports live in panels.py (one right figure per cell), attainment across years and the series
of one metric in series.py; all three judge a target with `attainment.judge` (rules/attainment.yaml).

Indicators are matched by `metric_id` (the metric's name when the lexicon does not know it), `measure` and
`period`. Values are compared exactly (decimal arithmetic). The module never prints: its tables and Markdown
are compare_tables.py, rendering for the terminal commands_compare.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .attainment import direction, judge, normalise_name
from .models import Dataset, Indicator, Kind, Measure, Number, Project, Quantity, Status
from .values import as_number, format_number


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- small helpers ---------------------------------------------------------------------------------------


def _dec(value: Number) -> Decimal:
    return Decimal(str(value))


def period_years(period: str | None) -> tuple[int, int] | None:
    """`"2021"` -> (2021, 2021); `"2018-2021"` -> (2018, 2021); anything else -> None."""
    if not period:
        return None
    left, _, right = period.partition("-")
    try:
        return int(left), int(right or left)
    except ValueError:
        return None


def metric_key(i: Indicator) -> str:
    """What identifies a metric across reports: its lexicon id, else its name."""
    return i.metric_id or i.metric


def plan_year(ds: Dataset) -> int | None:
    """The year a report plans for: its report year, else the latest one-year target period it states."""
    if ds.report.year is not None:
        return ds.report.year
    years = [y[1] for i in ds.indicators if i.kind == "target" and (y := period_years(i.period)) and y[0] == y[1]]
    return max(years) if years else None


_KIND_ORDER = {"actual": 0, "estimate": 1, "target": 2}


def _pick(indicators: Iterable[Indicator]) -> Indicator:
    """The representative of several mentions: an actual before an estimate, then the first stated."""
    return min(indicators, key=lambda i: (_KIND_ORDER[i.kind], i.start, i.end))


def _group(indicators: Iterable[Indicator]) -> dict[tuple[str, str, str], list[Indicator]]:
    groups: dict[tuple[str, str, str], list[Indicator]] = {}
    for i in indicators:
        if i.period is not None:
            groups.setdefault((metric_key(i), i.measure, i.period), []).append(i)
    return groups


# --- records ---------------------------------------------------------------------------------------------


class Figure(_Strict):
    """One side of a comparison: an indicator as stated in one report."""

    id: str
    kind: Kind
    value: Number
    value_max: Number | None = None
    unit: str | None = None
    approx: str | None = Field(default=None, description="the indicator's approx: a qualifier or a milestone")
    period: str | None = None
    measure: Measure
    metric_text: str
    shown: str = Field(description="the figure as written: 7%左右, 309亿元, 5%—5.5%")
    start: int
    end: int


class ReportRef(_Strict):
    source: str
    region: str | None
    year: int | None


class FigureChange(_Strict):
    change: Literal["changed", "appeared", "disappeared"]
    metric_id: str | None
    metric: str
    measure: Measure
    period: str
    old: Figure | None
    new: Figure | None
    delta: Number | None = Field(description="new value minus old value, when both are stated in the same unit")


class Attainment(_Strict):
    status: Literal["met", "missed", "no_figure"]
    metric_id: str | None
    metric: str
    measure: Measure
    period: str
    direction: Literal["higher", "lower"]
    rule: str = Field(description="how the target is read: floor, ceiling, approx ±tolerance, range, exact")
    tolerance: Number | None
    target: Figure
    figure: Figure | None
    gap: Number | None = Field(description="figure minus the target's binding end (the low end for higher-is-better)")
    note: str | None = None


class TargetPair(_Strict):
    change: Literal["same", "changed", "appeared", "disappeared"]
    metric_id: str | None
    metric: str
    measure: Measure
    old: Figure | None
    new: Figure | None
    delta: Number | None


class ProjectRef(_Strict):
    id: str
    name: str
    status: Status | None
    investment: Number | None
    period: str | None
    start: int
    end: int


class ProjectChange(_Strict):
    change: Literal["changed", "appeared", "disappeared"]
    key: str = Field(description="the normalised name both reports are matched on")
    name: str
    fields: list[str] = Field(description="for changed: which of status, investment differ")
    old: ProjectRef | None
    new: ProjectRef | None


class Diff(_Strict):
    old: ReportRef
    new: ReportRef
    old_plan_year: int | None
    new_plan_year: int | None
    figures: list[FigureChange]
    attainment: list[Attainment]
    targets: list[TargetPair]
    projects: list[ProjectChange]
    different_regions: bool = False
    """The reports are of two regions: a figure one states and the other does not is no change, and one's
    targets are not judged by the other's figures (attainment is left empty)."""

    @property
    def regions_note(self) -> str | None:
        """One line saying the reports are of different regions, or None."""
        if not self.different_regions:
            return None
        return (
            f"{self.old.source} is a report of {self.old.region} and {self.new.source} of {self.new.region}: "
            "different regions, so figures are side by side (only in old / only in new), not changes, "
            "and no target is judged"
        )

    @property
    def differences(self) -> int:
        """How many differences: figure and project changes and plan-year targets that are not the same.

        Attainment is a reading of OLD's targets, not a difference between the reports: it does not count
        (so a report compared with itself has no differences).
        """
        return len(self.figures) + len(self.projects) + sum(t.change != "same" for t in self.targets)

    def as_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json") | {"differences": self.differences}

    def rows(self) -> list[dict[str, Any]]:
        """The diff as one flat table (for CSV): one row per entry of every part, the part in column `part`."""
        rows: list[dict[str, Any]] = []
        for f in self.figures:
            rows.append(
                _row("figures", f.change, f.metric_id, f.metric, f.measure, f.period, f.old, f.new, delta=f.delta)
            )
        for a in self.attainment:
            rows.append(
                _row("attainment", a.status, a.metric_id, a.metric, a.measure, a.period, a.target, a.figure,
                     gap=a.gap, rule=a.rule, tolerance=a.tolerance, direction=a.direction, note=a.note)
            )  # fmt: skip
        for t in self.targets:
            rows.append(_row("targets", t.change, t.metric_id, t.metric, t.measure, None, t.old, t.new, delta=t.delta))
        for p in self.projects:
            row = _row(
                "projects", p.change, None, None, None, None, None, None, name=p.name, note=",".join(p.fields) or None
            )
            for side, ref in (("old", p.old), ("new", p.new)):
                row[f"{side}_status"] = ref.status if ref else None
                row[f"{side}_investment"] = ref.investment if ref else None
                row[f"{side}_period"] = ref.period if ref else None
            rows.append(row)
        return rows


DIFF_FIELDS = [
    "part", "change", "metric_id", "metric", "measure", "period",
    "old_period", "old_kind", "old_value", "old_value_max", "old_unit", "old_approx", "old_shown",
    "new_period", "new_kind", "new_value", "new_value_max", "new_unit", "new_approx", "new_shown",
    "delta", "gap", "rule", "tolerance", "direction", "name", "old_status", "new_status",
    "old_investment", "new_investment", "note",
]  # fmt: skip


def _row(
    part: str, change: str, metric_id: str | None, metric: str | None, measure: str | None, period: str | None,
    old: Figure | None, new: Figure | None, **extra: Any,
) -> dict[str, Any]:  # fmt: skip
    row: dict[str, Any] = dict.fromkeys(DIFF_FIELDS)
    row.update(part=part, change=change, metric_id=metric_id, metric=metric, measure=measure, period=period)
    for side, fig in (("old", old), ("new", new)):
        if fig is not None:
            for name in ("period", "kind", "value", "value_max", "unit", "approx", "shown"):
                row[f"{side}_{name}"] = getattr(fig, name)
    row.update(extra)
    return row


# --- building figures ------------------------------------------------------------------------------------


def shown(i: Indicator, quantities: dict[str, Quantity]) -> str:
    """The figure as the report writes it, qualifier included (`7%左右`, `约8000人`)."""
    q = quantities.get(i.quantity_id or "")
    if q is not None and i.value < 0 <= q.value:
        return _fall(i, q) + _shown_quantity(i, q)  # 下降35.9%: the cue that made the value negative
    if q is not None and i.approx and not q.approx:
        return i.approx + q.text  # a milestone: 突破6万亿元
    if q is not None:
        return _shown_quantity(i, q)
    value = format_number(i.value) + (f"—{format_number(i.value_max)}" if i.value_max is not None else "")
    return value + (i.unit or "") + (i.approx or "")


def _shown_quantity(i: Indicator, q: Quantity) -> str:
    if i.approx and not q.approx:
        return i.approx + q.text  # a milestone: 突破6万亿元
    if not q.approx or q.approx_start is None or q.start <= q.approx_start < q.end:
        return q.text  # no qualifier, or one inside the mention (350余场次)
    return q.approx + q.text if q.approx_start < q.start else q.text + q.approx


def _fall(i: Indicator, q: Quantity) -> str:
    """The falling cue written before a negative figure's quantity (下降, 减少), else a minus sign."""
    from .lexicon import compiled_rules

    rules = compiled_rules()
    before = i.text[: max(0, q.start - i.start)]
    found = [m.group() for m in rules.measure_cue.finditer(before)]
    return found[-1] if found and found[-1] in rules.negative else "-"


class _Report:
    """A dataset with the lookups the comparisons need."""

    def __init__(self, ds: Dataset) -> None:
        self.ds = ds
        self.quantities = {q.id: q for q in ds.quantities}
        self.plan_year = plan_year(ds)
        self.ref = ReportRef(source=ds.source.name, region=ds.report.region, year=ds.report.year)

    def figure(self, i: Indicator) -> Figure:
        return Figure(
            id=i.id, kind=i.kind, value=i.value, value_max=i.value_max, unit=i.unit, approx=i.approx,
            period=i.period, measure=i.measure, metric_text=i.metric_text, shown=shown(i, self.quantities),
            start=i.start, end=i.end,
        )  # fmt: skip

    def outturns(self) -> dict[tuple[str, str, str], Indicator]:
        groups = _group(i for i in self.ds.indicators if i.kind != "target")
        return {key: _pick(group) for key, group in groups.items()}

    def plan_targets(self) -> dict[tuple[str, str], Indicator]:
        """The targets for the plan year, by (metric, measure); the first stated when there are several."""
        year = str(self.plan_year) if self.plan_year is not None else None
        found: dict[tuple[str, str], Indicator] = {}
        for i in sorted(self.ds.indicators, key=lambda i: (i.value_start, i.start, i.end)):
            if i.kind == "target" and year is not None and i.period == year:
                found.setdefault((metric_key(i), i.measure), i)
        return found


def _delta(old: Figure | Indicator, new: Figure | Indicator) -> Number | None:
    if old.unit != new.unit:
        return None
    return as_number(_dec(new.value) - _dec(old.value))


def _same(a: Figure | Indicator, b: Figure | Indicator) -> bool:
    return (a.value, a.value_max, a.unit, a.approx) == (b.value, b.value_max, b.unit, b.approx)


# --- the four parts ----------------------------------------------------------------------------------------


def diff(old: Dataset, new: Dataset) -> Diff:
    """Compare two reports: changed figures, attainment of OLD's targets, plan-year targets, projects."""
    from .panels import region_key

    a, b = _Report(old), _Report(new)
    keys = (region_key(old.report.region), region_key(new.report.region))
    different = bool(all(keys) and keys[0] != keys[1])
    return Diff(
        old=a.ref,
        new=b.ref,
        old_plan_year=a.plan_year,
        new_plan_year=b.plan_year,
        figures=_figures(a, b),
        attainment=[] if different else _attainment(a, b),
        different_regions=different,
        targets=_targets(a, b),
        projects=_projects(a, b),
    )


def _figures(a: _Report, b: _Report) -> list[FigureChange]:
    old, new = a.outturns(), b.outturns()
    common = {k[2] for k in old} & {k[2] for k in new}
    out: list[FigureChange] = []

    def order(k: tuple[str, str, str]) -> tuple[tuple[int, int], int, int, tuple[str, str, str]]:
        o, n = old.get(k), new.get(k)  # the old report's order first, then figures only the new one states
        return (period_years(k[2]) or (0, 0), 0 if o else 1, o.value_start if o else n.value_start if n else 0, k)

    for key in sorted(set(old) | set(new), key=order):
        o, n = old.get(key), new.get(key)
        if o is not None and n is not None:
            if _same(o, n):
                continue
            change: Literal["changed", "appeared", "disappeared"] = "changed"
        elif key[2] not in common:
            continue
        else:
            change = "appeared" if o is None else "disappeared"
        some = n or o
        assert some is not None
        out.append(
            FigureChange(
                change=change, metric_id=some.metric_id, metric=some.metric, measure=some.measure, period=key[2],
                old=a.figure(o) if o else None, new=b.figure(n) if n else None,
                delta=_delta(o, n) if o and n else None,
            )
        )  # fmt: skip
    return out


def _attainment(a: _Report, b: _Report) -> list[Attainment]:
    outturns = b.outturns()
    out: list[Attainment] = []
    targets = _group(i for i in a.ds.indicators if i.kind == "target")
    for key in sorted(targets, key=lambda k: (period_years(k[2]) or (0, 0), min(i.value_start for i in targets[k]), k)):
        years = period_years(key[2])
        if b.plan_year is not None and (years is None or years[1] >= b.plan_year):
            continue  # not over yet when NEW was written: nothing to judge
        t = min(targets[key], key=lambda i: (i.value_start, i.start, i.end))
        better = direction(t.metric_id, t.metric)
        n = outturns.get(key)
        base = dict(
            metric_id=t.metric_id, metric=t.metric, measure=t.measure, period=key[2], direction=better,
            target=a.figure(t),
        )  # fmt: skip
        if n is None:
            out.append(Attainment(status="no_figure", rule="-", tolerance=None, figure=None, gap=None, **base))
            continue
        if n.unit != t.unit:
            out.append(
                Attainment(status="no_figure", rule="-", tolerance=None, figure=b.figure(n), gap=None,
                           note=f"unit differs: target in {t.unit}, figure in {n.unit}", **base)
            )  # fmt: skip
            continue
        met, gap, rule, tol = judge(t, n.value)
        out.append(
            Attainment(status="met" if met else "missed", rule=rule, tolerance=as_number(tol) if tol is not None else None,
                       figure=b.figure(n), gap=as_number(gap), **base)
        )  # fmt: skip
    return out


def _targets(a: _Report, b: _Report) -> list[TargetPair]:
    old, new = a.plan_targets(), b.plan_targets()
    order = list(old) + [k for k in new if k not in old]
    out: list[TargetPair] = []
    for key in order:
        o, n = old.get(key), new.get(key)
        some = n or o
        assert some is not None
        if o is not None and n is not None:
            change: Literal["same", "changed", "appeared", "disappeared"] = "same" if _same(o, n) else "changed"
        else:
            change = "appeared" if o is None else "disappeared"
        out.append(
            TargetPair(
                change=change, metric_id=some.metric_id, metric=some.metric, measure=some.measure,
                old=a.figure(o) if o else None, new=b.figure(n) if n else None,
                delta=_delta(o, n) if o and n else None,
            )
        )  # fmt: skip
    return out


def _project_index(r: _Report) -> dict[str, ProjectRef]:
    """Projects by normalised name; several mentions merge (first status and investment stated win)."""
    merged: dict[str, ProjectRef] = {}
    for p in sorted(r.ds.projects, key=lambda p: (p.start, p.end)):
        key = normalise_name(p.name)
        ref = _project_ref(p)
        if key not in merged:
            merged[key] = ref
            continue
        have = merged[key]
        merged[key] = have.model_copy(
            update={
                "status": have.status or ref.status,
                "investment": have.investment if have.investment is not None else ref.investment,
            }
        )
    return merged


def _project_ref(p: Project) -> ProjectRef:
    return ProjectRef(
        id=p.id, name=p.name, status=p.status, investment=p.investment, period=p.period, start=p.start, end=p.end
    )


def _projects(a: _Report, b: _Report) -> list[ProjectChange]:
    old, new = _project_index(a), _project_index(b)
    out: list[ProjectChange] = []
    keys = sorted(old, key=lambda k: (old[k].start, k)) + sorted(
        (k for k in new if k not in old), key=lambda k: (new[k].start, k)
    )
    for key in keys:
        o, n = old.get(key), new.get(key)
        if o is not None and n is not None:
            fields = [
                f for f in ("status", "investment") if getattr(o, f) != getattr(n, f) and getattr(n, f) is not None
            ]
            if fields:
                out.append(ProjectChange(change="changed", key=key, name=n.name, fields=fields, old=o, new=n))
        elif o is None:
            assert n is not None
            out.append(ProjectChange(change="appeared", key=key, name=n.name, fields=[], old=None, new=n))
        else:
            out.append(ProjectChange(change="disappeared", key=key, name=o.name, fields=[], old=o, new=None))
    return out


# --- track ---------------------------------------------------------------------------------------------------


class TrackRow(_Strict):
    metric_id: str | None
    metric: str
    measure: Measure
    target: Figure
    figure: Figure | None = Field(description="the latest outturn for the metric in the same report")
    same_measure: bool = Field(description="whether the figure has the target's measure (growth beside growth)")
    difference: Number | None = Field(description="target minus figure, when measure, unit and span agree")


def track(ds: Dataset) -> list[TrackRow]:
    """Each target of the plan year beside the latest actual or estimate for the same metric in the report.

    The latest figure is the one whose period ends last (before the plan year); among those, one with the
    target's measure, then the narrowest period, then an actual before an estimate, then the first stated.
    """
    r = _Report(ds)
    outturns: dict[str, list[Indicator]] = {}
    for i in ds.indicators:
        years = period_years(i.period)
        if i.kind == "target" or years is None or (r.plan_year is not None and years[1] >= r.plan_year):
            continue  # an outturn is for a period over before the plan year; anything else is no outturn
        outturns.setdefault(metric_key(i), []).append(i)
    rows: list[TrackRow] = []
    for (key, measure), t in sorted(r.plan_targets().items(), key=lambda kv: (kv[1].value_start, kv[1].start, kv[0])):
        candidates = outturns.get(key, [])
        best = None
        if candidates:
            best = min(candidates, key=lambda i: _latest_order(i, measure))
        same = best is not None and best.measure == measure
        rows.append(
            TrackRow(
                metric_id=t.metric_id, metric=t.metric, measure=measure, target=r.figure(t),
                figure=r.figure(best) if best else None, same_measure=same,
                difference=_delta(best, t) if best is not None and same and _span(best) == _span(t) else None,
            )
        )  # fmt: skip
    return rows


def _span(i: Indicator) -> int | None:
    """How many years a figure's period covers (a one-year target is not compared with a five-year total)."""
    years = period_years(i.period)
    return years[1] - years[0] if years else None


def _latest_order(i: Indicator, measure: str) -> tuple[int, int, int, int, int, int]:
    years = period_years(i.period) or (0, 0)
    return (-years[1], i.measure != measure, -years[0], _KIND_ORDER[i.kind], i.start, i.end)
