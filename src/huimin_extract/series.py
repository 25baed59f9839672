"""Targets and outturns across years: attainment per region and year, and the series of one metric.

`attainment(datasets)` groups reports by region (`panels.region_key`: 宁夏 = 宁夏回族自治区), orders each
region's reports by report year, and for every target of year Y stated in the report of year Y finds the
outturn for Y in the report of year Y+1, else the next later report that gives it:

- `met` / `missed` — judged as `huimin diff` judges (`attainment.judge`, rules/attainment.yaml), with the gap;
- `no_figure` — no later report gives the figure (or gives it in another unit: the note says so);
- `no_target` — a headline metric the year's report sets no target for, in a year between the first and the
  last year the region set one for it (national GDP growth: 2000, 2002, 2020). Before the first and after the
  last, one cannot tell a target not set from a series not yet begun or ended: no row. The metrics of one
  series (`series_predecessors`: gnp before gdp) count as one: a year with a gnp target has a target of it.

Each cell is the figure panels.py chooses (one right figure per cell); an outturn is the year's actual figure,
else its estimate. Only one-year targets of the report's own year are judged here (a five-year target is
`huimin diff`'s). Two reports of the same region and year: the first by file name supplies a cell the other
also gives; the same report given twice (same source sha256) counts once.

`series(datasets, metric)` is one metric over the years, per region: each year's target and outturn, including
years no bundled report was delivered in but a later report gives the outturn for (`no_report`). A metric with
predecessors (gdp ← gnp) shows the predecessor's figure where a year has none of its own, labelled with the
predecessor's id; a target and an outturn of different metrics are not judged against each other.

The core works on `ReportCells` (a report's chosen cells), which database.py also builds from its tables, so
`huimin attainment --json` and the database's `attainment` table agree row for row. The module never prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .attainment import attainment_rules, direction, headline_metrics, judge
from .errors import NotFoundError
from .models import Dataset, Number
from .panels import Mention, cells, mentions, region_key
from .values import as_number

Status = Literal["met", "missed", "no_figure", "no_target", "no_report"]
_MEASURES = ("growth", "level", "avg_growth")  # the order a tie between measures is settled in


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Stated(_Strict):
    """One side of a year: a target or an outturn as one report states it."""

    metric_id: str | None
    metric: str
    kind: str
    value: Number
    value_max: Number | None = None
    unit: str | None = None
    approx: str | None = None
    shown: str = Field(description="the figure as written: 7%左右, 62661亿元, 5%—5.5%")
    period: str | None
    report: str = Field(description="the report's source file name (national-2024.txt)")
    report_year: int
    report_id: str = Field(description="the report's key: the sha256 of its text")
    id: str = Field(description="the indicator's id in that report's dataset")


class YearRow(_Strict):
    """A region's target for a year beside the outturn a later report gives for it."""

    region: str | None = Field(description="the region as its latest report spells it")
    region_key: str = Field(description="the name reports of the region are matched by (宁夏回族自治区 -> 宁夏)")
    metric_id: str | None
    metric: str
    measure: str
    period: str
    status: Status
    direction: Literal["higher", "lower"]
    rule: str | None = Field(description="how the target is read (floor, ceiling, approx ±0.5, range, exact)")
    tolerance: Number | None = None
    gap: Number | None = Field(description="outturn minus the target's binding end")
    target: Stated | None
    figure: Stated | None
    note: str | None = None


FLAT_FIELDS = [
    "region", "region_key", "metric_id", "metric", "measure", "period", "status", "direction", "rule", "tolerance",
    "gap",
    *(f"target_{name}" for name in Stated.model_fields),
    *(f"figure_{name}" for name in Stated.model_fields),
    "note",
]  # fmt: skip
"""The columns of a flat attainment row (CSV, the database's attainment table)."""


def flat(row: YearRow) -> dict[str, Any]:
    """A row as one flat mapping (FLAT_FIELDS): `target_value`, `figure_report`, …"""
    data = row.model_dump(mode="json")
    out = {k: data[k] for k in FLAT_FIELDS if k in data}
    for side in ("target", "figure"):
        for name in Stated.model_fields:
            out[f"{side}_{name}"] = data[side][name] if data[side] else None
    return {k: out[k] for k in FLAT_FIELDS}


# --- a report's cells ----------------------------------------------------------------------------------------


@dataclass
class ReportCells:
    """What attainment reads of one report: its plan-year targets and its outturns for earlier years."""

    report_id: str
    source: str
    region: str | None
    region_key: str
    year: int
    targets: dict[tuple[str, str], Mention] = field(default_factory=dict)  # (metric, measure)
    outturns: dict[tuple[str, str, str], Mention] = field(default_factory=dict)  # (metric, measure, year)

    @classmethod
    def of(cls, report_id: str, source: str, region: str | None, year: int, chosen: Iterable[Mention]) -> ReportCells:
        """From a report's chosen mentions (one per cell): targets for `year`, outturns of one earlier year
        (an actual before an estimate)."""
        out = cls(report_id, source, region, region_key(region), year)
        for m in sorted(chosen, key=lambda m: (m.value_start, m.start, m.end)):
            one_year = m.period is not None and m.period.isdigit()
            if m.kind == "target" and m.period == str(year):
                out.targets.setdefault((m.metric_key, m.measure), m)
            elif m.kind != "target" and one_year and int(m.period or 0) < year:
                key = (m.metric_key, m.measure, m.period or "")
                have = out.outturns.get(key)
                if have is None or (have.kind == "estimate" and m.kind == "actual"):
                    out.outturns[key] = m
        return out

    def stated(self, m: Mention) -> Stated:
        return Stated(
            metric_id=m.metric_id, metric=m.metric, kind=m.kind, value=m.value, value_max=m.value_max, unit=m.unit,
            approx=m.approx, shown=m.shown, period=m.period, report=self.source, report_year=self.year,
            report_id=self.report_id, id=m.id,
        )  # fmt: skip


def report_id(ds: Dataset) -> str:
    """What identifies a report across files and loads: the sha256 of its text (its name when there is none)."""
    return ds.source.sha256 or f"name:{ds.source.name}"


def report_cells(ds: Dataset) -> ReportCells | None:
    """The cells attainment reads of a dataset; None for a report without a year (it cannot be placed)."""
    if ds.report.year is None:
        return None
    chosen = [c.chosen for c in cells(mentions(ds))]
    return ReportCells.of(report_id(ds), ds.source.name, ds.report.region, ds.report.year, chosen)


@dataclass
class Reports:
    """The reports of many datasets, grouped by region; `unplaced` are the sources that have no report year."""

    regions: dict[str, list[ReportCells]] = field(default_factory=dict)
    unplaced: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def add(self, ds: Dataset) -> None:
        found = report_cells(ds)
        if found is None:
            self.unplaced.append(ds.source.name)
        elif found.report_id not in self.seen:  # the same report given twice counts once
            self.seen.add(found.report_id)
            self.regions.setdefault(found.region_key, []).append(found)

    def attainment(self) -> list[YearRow]:
        """The attainment rows of the reports added, ordered by region key (see `attainment`)."""
        return attainment_rows(self.regions[k] for k in sorted(self.regions))


def gather(datasets: Iterable[Dataset]) -> Reports:
    """Reduce datasets to their cells, one at a time (a dataset is not kept once read)."""
    reports = Reports()
    for ds in datasets:
        reports.add(ds)
    return reports


# --- attainment ----------------------------------------------------------------------------------------------


def _families() -> dict[str, tuple[str, ...]]:
    """Each metric of a series mapped to the series' metrics, the series' own metric first (gnp -> gdp, gnp)."""
    out: dict[str, tuple[str, ...]] = {}
    for head, earlier in attainment_rules().series_predecessors.items():
        for member in (head, *earlier):
            out[member] = (head, *earlier)
    return out


class _Region:
    """One region's reports in year order, with the lookups both attainment and series need."""

    def __init__(self, reports: Sequence[ReportCells]) -> None:
        self.reports = sorted(reports, key=lambda r: (r.year, r.source, r.report_id))
        self.region = self.reports[-1].region
        self.key = self.reports[-1].region_key
        self.years = sorted({r.year for r in self.reports})

    def target(self, metric: str, measure: str, year: int) -> tuple[Mention, ReportCells] | None:
        """The target for `year` in the report(s) of `year`; the first by file name when several give it."""
        for r in self.reports:
            if r.year == year and (m := r.targets.get((metric, measure))) is not None:
                return m, r
        return None

    def outturn(self, metric: str, measure: str, year: int) -> tuple[Mention, ReportCells] | None:
        """The outturn for `year` from the first later report that gives it (Y+1, else later)."""
        for r in self.reports:
            if r.year > year and (m := r.outturns.get((metric, measure, str(year)))) is not None:
                return m, r
        return None

    def row(self, metric_id: str | None, metric: str, measure: str, year: int,
            target: tuple[Mention, ReportCells] | None, figure: tuple[Mention, ReportCells] | None,
            status: Status | None = None) -> YearRow:  # fmt: skip
        """A year's row; judged when target and figure are of one metric and unit."""
        base: dict[str, Any] = dict(
            region=self.region, region_key=self.key, metric_id=metric_id, metric=metric, measure=measure,
            period=str(year), direction=direction(metric_id, metric), rule=None, tolerance=None, gap=None,
            target=target[1].stated(target[0]) if target else None,
            figure=figure[1].stated(figure[0]) if figure else None,
        )  # fmt: skip
        if status is not None or target is None:
            return YearRow(status=status or "no_target", **base)
        t = target[0]
        if figure is None:
            return YearRow(status="no_figure", **base | {"rule": "-"})
        f = figure[0]
        if f.metric_key != t.metric_key:
            note = f"the outturn is {f.metric_key}'s, the target {t.metric_key}'s: not compared"
            return YearRow(status="no_figure", **base | {"rule": "-", "note": note})
        if f.unit != t.unit:
            note = f"unit differs: target in {t.unit}, figure in {f.unit}"
            return YearRow(status="no_figure", **base | {"rule": "-", "note": note})
        met, gap, rule, tol = judge(t, f.value)
        return YearRow(
            status="met" if met else "missed", **base | {"rule": rule, "gap": as_number(gap),
                                                         "tolerance": None if tol is None else as_number(tol)}
        )  # fmt: skip


def _region_attainment(region: _Region, headline: dict[str, str], families: dict[str, tuple[str, ...]]) -> list[YearRow]:
    targeted: dict[tuple[str, str], list[int]] = {}  # (series head, measure) -> years with a target of the series
    for r in region.reports:
        for metric, measure in r.targets:
            if metric in headline:
                head = families.get(metric, (metric,))[0]
                targeted.setdefault((head, measure), []).append(r.year)
    order = {metric: n for n, metric in enumerate(headline)}
    rows: list[YearRow] = []
    for year in region.years:
        seen: set[tuple[str, str]] = set()
        for r in (r for r in region.reports if r.year == year):
            for (metric, measure), t in r.targets.items():
                if (metric, measure) in seen:
                    continue  # another report of the same year gave it first
                seen.add((metric, measure))
                rows.append(region.row(t.metric_id, t.metric, measure, year, (t, r),
                                       region.outturn(metric, measure, year)))  # fmt: skip
        for (head, measure), years in sorted(targeted.items(), key=lambda kv: (order.get(kv[0][0], 0), kv[0])):
            members = families.get(head, (head,))
            if not min(years) < year < max(years) or any((m, measure) in seen for m in members):
                continue
            # the series' metric the region last set a target for: gnp in 1993, gdp in 2000
            metric = max(((y, m) for m in members for y in _target_years(region, m, measure) if y <= year),
                         default=(0, head))[1]  # fmt: skip
            rows.append(region.row(metric, headline.get(metric, metric), measure, year, None,
                                   region.outturn(metric, measure, year), status="no_target"))  # fmt: skip
    return rows


def _target_years(region: _Region, metric: str, measure: str) -> list[int]:
    return [r.year for r in region.reports if (metric, measure) in r.targets]


def attainment_rows(regions: Iterable[Sequence[ReportCells]]) -> list[YearRow]:
    """Attainment of every region given as its reports' cells (the core of `attainment` and the database's)."""
    headline = dict(headline_metrics())
    families = _families()
    rows: list[YearRow] = []
    for reports in regions:
        if reports:
            rows.extend(_region_attainment(_Region(reports), headline, families))
    return rows


def attainment(datasets: Iterable[Dataset]) -> tuple[list[YearRow], list[str]]:
    """Every region's targets beside the outturns later reports give, year by year; and the sources left out
    because they have no report year. Rows are ordered by region key, year, then as the targets are stated."""
    reports = gather(datasets)
    return reports.attainment(), reports.unplaced


# --- one metric over the years -------------------------------------------------------------------------------


def series_measure(reports: Reports, metric: str) -> str:
    """The measure a metric is most often targeted in (else stated in), ties settled growth, level, avg_growth."""
    members = _families().get(metric, (metric,))
    counts = dict.fromkeys(_MEASURES, 0)
    for group in reports.regions.values():
        for r in group:
            for m, measure in r.targets:
                if m in members and measure in counts:
                    counts[measure] += 1000  # a target outweighs any number of outturns
            for m, measure, _ in r.outturns:
                if m in members and measure in counts:
                    counts[measure] += 1
    best = max(_MEASURES, key=lambda k: (counts[k], -_MEASURES.index(k)))
    if counts[best] == 0:
        raise NotFoundError(f"no report gives a target or an outturn of {metric!r}")
    return best


def _region_series(region: _Region, members: tuple[str, ...], measure: str) -> list[YearRow]:
    years = set(region.years)
    for r in region.reports:
        years.update(int(p) for m, ms, p in r.outturns if m in members and ms == measure)
    known = [y for y in sorted(years) if any(region.target(m, measure, y) or region.outturn(m, measure, y)
                                            for m in members)]  # fmt: skip
    if not known:
        return []
    rows = []
    for year in sorted(y for y in years if known[0] <= y <= known[-1]):
        target = next((t for m in members if (t := region.target(m, measure, year))), None)
        # the outturn of the target's own metric first, then the series' other metrics
        order = sorted(members, key=lambda m: target is None or m != target[0].metric_key)
        figure = next((f for m in order if (f := region.outturn(m, measure, year))), None)
        stated = target or figure
        metric_id = stated[0].metric_id if stated else members[0]
        metric = stated[0].metric if stated else dict(headline_metrics()).get(members[0], members[0])
        has_report = year in region.years
        if target is None and figure is None and has_report:
            rows.append(region.row(metric_id, metric, measure, year, None, None, status="no_target"))
        elif target is None and figure is not None:
            rows.append(region.row(metric_id, metric, measure, year, None, figure,
                                   status="no_target" if has_report else "no_report"))  # fmt: skip
        elif target is not None:
            rows.append(region.row(metric_id, metric, measure, year, target, figure))
    return rows


def series(
    datasets: Iterable[Dataset] | Reports, metric: str, *, measure: str | None = None, region: str | None = None
) -> list[YearRow]:
    """One metric's targets and outturns over the years, per region (in region-key order), year by year.

    `metric` is a lexicon id or a metric name; its predecessors (rules/attainment.yaml) stand in where a year
    has no figure of its own. `measure` defaults to the one the metric is most often targeted in. `region`
    keeps one region (matched by region key). Raises NotFoundError when nothing is found.
    """
    reports = datasets if isinstance(datasets, Reports) else gather(datasets)
    measure = measure or series_measure(reports, metric)
    members = _families().get(metric, (metric,))
    keys = sorted(reports.regions)
    if region is not None:
        keys = [k for k in keys if k == region_key(region)]
        if not keys:
            raise NotFoundError(f"no report of region {region!r}")
    rows = [row for k in keys for row in _region_series(_Region(reports.regions[k]), members, measure)]
    if not rows:
        raise NotFoundError(f"no report gives a target or an outturn of {metric!r} ({measure})")
    return rows
