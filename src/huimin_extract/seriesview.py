"""The HTML page of a series (`huimin series --html`): per region, a chart of targets and outturns over the years
and the table beside it, self-contained (inline CSS, SVG and a little JS; no network), in the style of the report page (view.py).

The chart is drawn the way economists draw target attainment: the outturn as a line with a dot per year
(green met, red missed, grey where nothing was judged), each year's target as a black bar (a band for a
range such as 6.5%—7%, with a small upward tick for a floor 以上 and a downward one for a ceiling 以内).
A year whose figure is a predecessor metric's (gnp before gdp) has a hollow dot or bar and is named in the
note under the chart. The output is deterministic: same rows, same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from .attainment import attainment_rules
from .display import MEASURE_LABEL
from .markup import esc, table
from .pagestyle import CSS, JS
from .series import Stated, YearRow

_W, _H = 960, 340
_LEFT, _RIGHT, _TOP, _BOTTOM = 52, 16, 14, 38
_STEPS = (Decimal("0.1"), Decimal("0.2"), Decimal("0.5"), Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5))

_SERIES_CSS = """
.serieshead{max-width:1100px;margin:0 auto}
.series{max-width:1100px;margin:0 auto;padding:0 24px}
.series section{margin:10px 0 30px}
.series h2{font-size:17px;color:var(--fg);margin:18px 0 4px}
.chart .axis{stroke:#98a2b3;stroke-width:1}.chart .grid{stroke:#eef2f6;stroke-width:1}
.chart .tick{font-size:11px;fill:var(--muted)}
.chart .line{fill:none;stroke:#e4570f;stroke-width:2}
.chart .dot{stroke:#fff;stroke-width:1.5}.chart .dot.met{fill:#16a34a}.chart .dot.missed{fill:#dc2626}
.chart .dot.other{fill:#98a2b3}.chart .dot.alt{fill:#fff;stroke-width:2.5}.chart .dot.met.alt{stroke:#16a34a}
.chart .dot.missed.alt{stroke:#dc2626}.chart .dot.other.alt{stroke:#98a2b3}
.chart .tbar{fill:#111}.chart .tbar.alt{fill:#fff;stroke:#111;stroke-width:1.5}.chart .tband{fill:#11111126}
.key-dot{display:inline-block;width:9px;height:9px;border-radius:50%;vertical-align:middle;margin:0 4px 0 10px}
.key-dot.met{background:#16a34a}.key-dot.missed{background:#dc2626}.key-dot.other{background:#98a2b3}
.key-line{display:inline-block;width:18px;height:2px;background:#e4570f;vertical-align:middle;margin:0 4px 0 10px}
.key-band{display:inline-block;width:10px;height:14px;background:#11111126;vertical-align:middle;margin:0 4px 0 10px}
.c-no_figure,.c-no_target,.c-no_report{background:#eef2f6;color:#475467}
"""


def _num(value: Decimal | float | int) -> str:
    text = format(Decimal(str(value)).normalize(), "f")
    return text[:-2] if text.endswith(".0") else text


def _scale(values: list[float]) -> tuple[float, float, Decimal]:
    """The y range and tick step: from below the least value (0 when all are positive) to above the greatest."""
    lo, hi = min([0.0, *values]), max([0.0, *values])
    if hi == lo:
        hi = lo + 1
    raw = Decimal(str((hi - lo) / 6))
    magnitude = Decimal(10) ** (raw.adjusted())
    step = next((s * magnitude for s in _STEPS if s * magnitude >= raw), 10 * magnitude)
    low = (Decimal(str(lo)) / step).to_integral_value(rounding="ROUND_FLOOR") * step
    high = (Decimal(str(hi)) / step).to_integral_value(rounding="ROUND_CEILING") * step
    if high == Decimal(str(hi)):
        high += step
    return float(low), float(high), step


def _tip(label: str, side: Stated) -> str:
    return f"{label} {side.shown}（{side.period}，{side.kind}）\n{side.metric}\n{side.report}"


def _chart(rows: Sequence[YearRow], series_metric: str) -> str:
    years = [int(r.period) for r in rows]
    first, last = min(years), max(years)
    values = [float(v) for r in rows for s in (r.target, r.figure) if s for v in (s.value, s.value_max) if v is not None]
    if not values:
        return '<p class="none">没有可绘制的数值。</p>'
    lo, hi, step = _scale(values)
    width, height = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM
    span = max(1, last - first)
    pad = width / (span + 1) / 2

    def x(year: int) -> float:
        return round(_LEFT + pad + (year - first) / span * (width - 2 * pad), 1) if span else _LEFT + width / 2

    def y(value: float) -> float:
        return round(_TOP + (hi - value) / (hi - lo) * height, 1)

    unit = next((s.unit for r in rows for s in (r.target, r.figure) if s and s.unit), "")
    parts: list[str] = []
    tick = Decimal(str(lo))
    while float(tick) <= hi + 1e-9:
        ty = y(float(tick))
        parts.append(f'<line class="grid" x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{ty}" y2="{ty}"/>')
        parts.append(f'<text class="tick" x="{_LEFT - 6}" y="{round(ty + 4, 1)}" text-anchor="end">'
                     f"{esc(_num(tick))}{esc(unit if unit in ('%', '‰') else '')}</text>")  # fmt: skip
        tick += step
    parts.append(f'<line class="axis" x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y(0.0)}" y2="{y(0.0)}"/>')
    every = next(n for n in (1, 2, 5, 10, 20) if span / n <= 18)
    for year in range(first, last + 1):
        if (year - first) % every == 0:
            parts.append(f'<text class="tick" x="{x(year)}" y="{_H - _BOTTOM + 16}" text-anchor="middle">{year}</text>')
    # the outturn line joins consecutive years of one metric only (a missing year or a change of metric breaks it)
    points = sorted((int(r.period), float(r.figure.value), r.figure.metric_id or "") for r in rows if r.figure)
    run: list[tuple[int, float, str]] = []
    for point in [*points, (10**6, 0.0, "")]:
        if run and (point[0] != run[-1][0] + 1 or point[2] != run[-1][2]):
            if len(run) > 1:
                path = " ".join(f"{x(yr)},{y(v)}" for yr, v, _ in run)
                parts.append(f'<polyline class="line" points="{path}"/>')
            run = []
        run.append(point)
    for r in rows:
        cx = x(int(r.period))
        if (t := r.target) is not None:
            alt = " alt" if t.metric_id != series_metric else ""
            top, bottom = y(float(t.value_max if t.value_max is not None else t.value)), y(float(t.value))
            if t.value_max is not None:
                parts.append(f'<rect class="tband" x="{round(cx - 8, 1)}" y="{top}" width="16" '
                             f'height="{round(bottom - top, 1)}"/>')  # fmt: skip
            mark = (f'<rect class="tbar{alt}" x="{round(cx - 8, 1)}" y="{round(bottom - 1.5, 1)}" width="16" height="3">'
                    f"<title>{esc(_tip('目标', t))}</title></rect>")  # fmt: skip
            parts.append(mark)
            rules = attainment_rules()
            if t.approx in rules.floor_words:
                parts.append(f'<path class="tbar" d="M{cx - 4} {round(bottom - 2, 1)} l4 -6 l4 6 z"/>')
            elif t.approx in rules.ceiling_words:
                parts.append(f'<path class="tbar" d="M{cx - 4} {round(bottom + 2, 1)} l4 6 l4 -6 z"/>')
        if (f := r.figure) is not None:
            css = r.status if r.status in ("met", "missed") else "other"
            css += " alt" if f.metric_id != series_metric else ""
            parts.append(f'<circle class="dot {css}" cx="{cx}" cy="{y(float(f.value))}" r="4.5">'
                         f"<title>{esc(_tip('实际', f))}\n{esc(r.status)}</title></circle>")  # fmt: skip
    label = f"{rows[0].region or rows[0].region_key}: {series_metric} {first}–{last}"
    return (f'<svg class="chart" role="img" aria-label="{esc(label)}" viewBox="0 0 {_W} {_H}" width="{_W}" '
            f'height="{_H}">{"".join(parts)}</svg>')  # fmt: skip


def _side(s: Stated | None) -> tuple[str, str | None]:
    if s is None:
        return "", ""
    return esc(s.shown) + f'<br><small class="none">{esc(s.report)}</small>', _num(s.value)


def _rows_table(rows: Sequence[YearRow], series_metric: str) -> str:
    body = []
    for r in rows:
        stated = r.target or r.figure
        metric = esc(stated.metric_id or stated.metric) if stated else ""
        body.append(
            (None, [(esc(r.period), r.period), (metric, metric), _side(r.target), _side(r.figure),
                    (f'<span class="chip c-{esc(r.status)}">{esc(r.status)}</span>', r.status),
                    (esc("" if r.gap is None else _num(r.gap)), "" if r.gap is None else _num(r.gap)),
                    (esc(r.rule or ""), r.rule or ""), (esc(r.note or ""), r.note or "")])
        )  # fmt: skip
    headers = [("年份", False), ("指标", False), ("目标", True), ("实际", True), ("状态", False), ("差距", True),
               ("规则", False), ("说明", False)]  # fmt: skip
    return table(f"{len(rows)} 年（点击表头排序）", headers, body)


def render_series_html(rows: Sequence[YearRow], metric: str, measure: str) -> str:
    """One self-contained HTML page of `series` rows (several regions: a chart and a table each)."""
    regions: dict[str, list[YearRow]] = {}
    for r in rows:
        regions.setdefault(r.region_key, []).append(r)
    name = next((s.metric for r in rows for s in (r.target, r.figure) if s and s.metric_id == metric), metric)
    title = f"{name} {MEASURE_LABEL.get(measure, measure)}：目标与实际"
    key = ('<p class="chart-key"><span class="key-line"></span>实际<span class="key-dot met"></span>达成 met'
           '<span class="key-dot missed"></span>未达成 missed<span class="key-dot other"></span>未判定'
           '<span class="key-target"></span>目标<span class="key-band"></span>目标区间</p>')  # fmt: skip
    sections = []
    for group in regions.values():
        others = sorted({s.metric_id or s.metric for r in group for s in (r.target, r.figure) if s} - {metric})
        note = ""
        if others:
            years = sorted({r.period for r in group for s in (r.target, r.figure) if s and (s.metric_id or s.metric) in others})
            note = (f'<p class="none">空心标记：{esc(", ".join(others))} 代替 {esc(metric)}（{esc(years[0])}—'
                    f'{esc(years[-1])}；这些年份的报告没有 {esc(metric)} 的数值，取其前身指标，原样标注，未改名）</p>')  # fmt: skip
        region = group[-1].region or group[-1].region_key or "(未知地区)"
        sections.append(f"<section><h2>{esc(region)}</h2>{_chart(group, metric)}{key}{note}"
                        f"{_rows_table(group, metric)}</section>")  # fmt: skip
    return "".join(
        [
            "<!DOCTYPE html>\n",
            '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f"<title>{esc(title)}</title>\n<style>{CSS}{_SERIES_CSS}</style>\n</head>\n<body>\n",
            f'<header><div class="serieshead"><h1>{esc(title)}</h1><p class="meta">'
            f"{esc(f'{metric} · {measure} · {len(regions)} 个地区 · {len(rows)} 行')}</p></div></header>\n",
            f'<main class="series">{"".join(sections)}</main>\n',
            f"<script>{JS}</script>\n</body>\n</html>\n",
        ]
    )
