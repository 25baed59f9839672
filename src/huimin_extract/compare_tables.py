"""Reports of a comparison as tables: `diff_tables` and `to_markdown` for `huimin diff`, `track_rows` for
`huimin track`, `summary_lines` for `huimin extract --summary`, and `as_written` (a value in the unit and
magnitude a report writes it in). Nothing here prints.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from .attainment import headline_metrics
from .compare import Diff, Figure, ProjectRef, TrackRow, plan_year, track
from .models import Dataset
from .values import format_number


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _side(f: Figure | None) -> str:
    if f is None:
        return ""
    return f"{f.shown} ({f.kind} {f.period})" if f.period else f"{f.shown} ({f.kind})"


def _name(metric: str, measure: str) -> str:
    return metric if measure == "level" else f"{metric} [{measure}]"


def _shown_delta(value: float | None, like: Figure | None) -> str:
    """A difference in the unit and magnitude of the figure `like` (`5亿元`, not `500000000`)."""
    return as_written(value, like.unit if like else None, like.shown if like else "")


def diff_tables(d: Diff) -> list[tuple[str, list[str], list[list[str]]]]:
    """The four parts as (title, header, rows) of text cells, for the terminal and markdown."""
    o = d.old.source
    n = d.new.source
    one_only = {"appeared": "only in new", "disappeared": "only in old"} if d.different_regions else {}
    figures = [
        [
            one_only.get(f.change, f.change),
            _name(f.metric, f.measure),
            f.period,
            _side(f.old),
            _side(f.new),
            _shown_delta(f.delta, f.new or f.old),
        ]
        for f in d.figures
    ]
    attainment = [
        [a.status, _name(a.metric, a.measure), a.period, _side(a.target), _side(a.figure),
         _shown_delta(a.gap, a.target), a.rule, a.direction, a.note or ""]
        for a in d.attainment
    ]  # fmt: skip
    targets = [
        [one_only.get(t.change, t.change), _name(t.metric, t.measure), _side(t.old), _side(t.new),
         _shown_delta(t.delta, t.new or t.old)]
        for t in d.targets
    ]
    projects = [
        [one_only.get(p.change, p.change), p.name, _project_side(p.old), _project_side(p.new), ", ".join(p.fields)]
        for p in d.projects
    ]
    return [
        (f"1. Figures of each report, different regions ({o} → {n})" if d.different_regions else
         f"1. Figures changed, appeared, disappeared ({o} → {n})",
         ["change", "metric", "period", "old", "new", "delta"], figures),
        (f"2. Target attainment: {o} targets against {n} figures",
         ["status", "metric", "period", "target", "figure", "gap", "rule", "better", "note"], attainment),
        (f"3. Plan-year targets side by side ({d.old_plan_year} → {d.new_plan_year})",
         ["change", "metric", "old target", "new target", "delta"], targets),
        ("4. Projects appeared, disappeared, changed", ["change", "project", "old", "new", "changed"], projects),
    ]  # fmt: skip


MAGNITUDES = {"万亿": 10**12, "亿": 10**8, "万": 10**4, "千": 10**3}


def as_written(value: float | None, unit: str | None, like: str = "") -> str:
    """A base value (a gap, an investment) in the unit and magnitude the report writes a figure of it in,
    `like` (`1600亿斤以上`): -4006000000 斤 is `-40.06亿斤`. A change in % is in percentage points: `-0.2`.
    With no magnitude in `like`, 亿 or 万 for a large amount of money (`5亿元`).

    >>> as_written(-4006000000, "斤", "1600亿斤以上"), as_written(-785, "人", "8000人以上"), as_written(-0.2, "%")
    ('-40.06亿斤', '-785人', '-0.2')
    >>> as_written(1130000, "标箱", "150万标箱"), as_written(500000000, "元"), as_written(None, "元")
    ('113万标箱', '5亿元', '')
    """
    if value is None:
        return ""
    if not unit or unit in ("%", "‰", "百分点") or value == 0:
        return format_number(value)
    found = re.search(r"\d(万亿|亿|万|千)" + re.escape(unit), like)
    magnitude = found.group(1) if found else ""
    if not found and unit.endswith("元"):
        magnitude = next((m for m in ("亿", "万") if abs(value) >= MAGNITUDES[m]), "")
    scaled = Decimal(repr(value)) / MAGNITUDES[magnitude] if magnitude else Decimal(repr(value))
    return format(scaled.normalize(), "f") + magnitude + unit


def _project_side(p: ProjectRef | None) -> str:
    if p is None:
        return ""
    bits = [p.status or "-"]
    if p.investment is not None:
        bits.append(f"investment {as_written(p.investment, '元')}")
    return ", ".join(bits)


def to_markdown(d: Diff) -> str:
    """The diff as Markdown: a heading and a table for each part (an empty part says so)."""
    head = f"# {d.old.source} → {d.new.source}: {d.differences} difference(s)\n"
    parts = [head + (f"\n{d.regions_note}\n" if d.regions_note else "")]
    for title, header, rows in diff_tables(d):
        parts.append(f"## {title}\n\n" + (_md_table(header, rows) if rows else "(none)") + "\n")
    return "\n".join(parts)


def track_rows(rows: list[TrackRow]) -> list[dict[str, Any]]:
    """Track rows flattened (for CSV and JSON consumers that want a table)."""
    flat = []
    for t in rows:
        row: dict[str, Any] = {
            "metric_id": t.metric_id, "metric": t.metric, "measure": t.measure, "target_period": t.target.period,
            "target": t.target.shown, "target_value": t.target.value, "target_value_max": t.target.value_max,
            "target_approx": t.target.approx, "unit": t.target.unit,
        }  # fmt: skip
        for name in ("period", "kind", "measure", "shown", "value", "unit"):
            row[f"figure_{name}"] = getattr(t.figure, name) if t.figure else None
        row.update(same_measure=t.same_measure, difference=t.difference)
        flat.append(row)
    return flat


def summary_lines(ds: Dataset, path: str, most: int = 6) -> list[str]:
    """A few lines saying what a dataset holds: where it is, its report, its counts, the plan year's headline
    targets (the lexicon's headline metrics first, then the others, up to `most`)."""
    report = ds.report
    lines = [
        f"{path}: {report.title or ds.source.name} ({report.region or 'region unknown'}, {report.year or 'year unknown'})",
        f"  {len(ds.sections)} sections, {len(ds.sentences)} sentences, {len(ds.quantities)} figures, "
        f"{len(ds.indicators)} indicators, {len(ds.projects)} projects",
    ]
    rows = track(ds)
    headline = [metric_id for metric_id, _ in headline_metrics()]
    rows.sort(key=lambda r: headline.index(r.metric_id) if r.metric_id in headline else len(headline))
    if rows:
        lines.append(f"  {plan_year(ds)} targets:")
        for r in rows[:most]:
            measure = "" if r.measure == "level" else " " + _MEASURE_WORDS.get(r.measure, r.measure)
            lines.append(f"    {r.metric}{measure} {r.target.shown}")
        if len(rows) > most:
            lines.append(f"    … {len(rows) - most} more: huimin track {path}")
    return lines


_MEASURE_WORDS = {"growth": "增长", "avg_growth": "年均增长", "change": "增加"}
