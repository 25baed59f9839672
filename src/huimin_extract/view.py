"""A self-contained HTML page of a dataset: the report text with every extracted item highlighted.

`render_html(dataset, text)` returns one HTML document (inline CSS and a little JS, no network, system
fonts) that shows the report text with every quantity, period, indicator figure and project marked,
coloured by kind, with a legend whose buttons toggle each kind (also `?hide=quantity,period` in the URL),
a tooltip of the normalised values, the section outline as navigation, a sortable table of indicators,
a table of projects, and an inline SVG chart of the headline indicators (actual as a bar, target as a
marker). For a dataset from a PDF, every figure cites its page (tooltips and a page column in the tables)
and the text is marked where pages begin.

Highlights overlap (an indicator's figure is also a quantity; a project name may hold a quantity, a
period may cross a project). The text is cut at every span boundary and the pieces are nested: at each
boundary the spans that end are closed and the ones still open are reopened, so the markup is always
well formed and the text content of the report element is exactly the source text. The first element
of an item carries `data-kind` and `data-id` (and the HTML `id`); a continuation after a split carries
only `data-cont`, so every item has exactly one element with its `data-id`.

The output is deterministic: same dataset and text, same bytes.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from .errors import DatasetError
from .models import Dataset, Indicator, Project, Quantity, Sentence
from .quantity_rules import SHARE_DIMENSIONS, unit_table
from .tables import explain
from .values import format_number

if TYPE_CHECKING:
    from .compare import Diff, Figure

KINDS = ("quantity", "period", "indicator", "project")
KIND_LABEL = {"quantity": "数量", "period": "时间", "indicator": "指标", "project": "项目"}
INDICATOR_KIND = {"actual": "实际", "estimate": "预计", "target": "目标"}
MEASURE_LABEL = {"level": "总量", "growth": "增速", "avg_growth": "年均增速", "change": "增减"}
STATUS_LABEL = {
    "planned": "谋划",
    "started": "开工",
    "under_construction": "在建",
    "completed": "竣工",
    "operating": "运营",
}
PREFIX_APPROX = ("约", "近", "超", "超过", "逾")
INNER_APPROX = ("余", "多")
DIGIT_APPROX = ("几", "来")  # written where a digit would be, before the magnitude: 20几万, 10来万
CHART_ROWS = 8
NUM = ' class="num"'

# Nesting rank when two spans start and end at the same places: lower is outer.
_RANK = {
    "paragraph": 0,
    "heading": 0,
    "boilerplate": 1,
    "project": 2,
    "indicator": 3,
    "metric": 4,
    "quantity": 5,
    "period": 6,
}


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _num(value: float | int | None) -> str:
    """A number as written in the dataset, without float noise or exponent: 3.6 -> '3.6', 309e8 -> '30900000000'."""
    return "" if value is None else format_number(value)


def _is_share(unit: str | None) -> bool:
    """Whether `unit` measures a share (%, ‰, 百分点: its dimension in rules/units.yaml), which is shown as
    written, never in 万 or 亿."""
    rule = unit_table().units.get(unit) if unit else None
    return rule is not None and rule.dimension in SHARE_DIMENSIONS


def _friendly(value: float | int, unit: str | None) -> str:
    """The value in the report's own magnitudes: 30900000000 -> '309亿', 12000 -> '1.2万'."""
    if _is_share(unit) or abs(value) < 10000:
        return _num(value)
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    for size, name in ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万")):
        if abs(exact) >= size:
            return format((exact / size).normalize(), "f") + name
    return _num(value)


def format_value(value: float | int, value_max: float | int | None, unit: str | None, approx: str | None) -> str:
    """A value for people: `format_value(30900000000, None, '元', '约') == '约309亿元'`.

    >>> format_value(4.5, 5, "%", None)
    '4.5—5%'
    >>> format_value(350, None, "场次", "余")
    '350余场次'
    >>> format_value(200000, None, "人", "几"), format_value(10, None, "个", "来")
    ('20几万人', '10来个')
    """
    number = _friendly(value, unit)
    if value_max is not None:
        number += "—" + _friendly(value_max, unit)
    if approx in DIGIT_APPROX:
        head = number.rstrip("万亿")
        return f"{head}{approx}{number[len(head):]}{unit or ''}"
    prefix = approx if approx in PREFIX_APPROX else ""
    inner = approx if approx in INNER_APPROX else ""
    suffix = approx if approx and not prefix and not inner else ""
    return f"{prefix}{number}{inner}{unit or ''}{suffix}"


# --------------------------------------------------------------------------------------------------
# Marks and nesting


@dataclass
class _Mark:
    start: int
    end: int
    rank: int
    key: str
    tag: str
    attrs: dict[str, str]
    cont_attrs: dict[str, str] | None = None  # attributes of a continuation after a split

    def open(self, first: bool) -> str:
        attrs = self.attrs if first or self.cont_attrs is None else self.cont_attrs
        return f"<{self.tag}" + "".join(f' {k}="{_esc(v)}"' for k, v in attrs.items()) + ">"

    def close(self) -> str:
        return f"</{self.tag}>"


def nest(text: str, marks: Iterable[_Mark]) -> str:
    """The escaped `text` with every mark wrapped around its span, split where spans cross.

    >>> m = [_Mark(0, 3, 1, "a", "b", {}), _Mark(2, 5, 2, "b", "i", {})]
    >>> nest("x<yz&w", m)
    '<b>x&lt;<i>y</i></b><i>z&amp;</i>w'
    """
    ordered = sorted(marks, key=lambda m: (m.start, -m.end, m.rank, m.key))
    starts: dict[int, list[_Mark]] = {}
    for m in ordered:
        starts.setdefault(m.start, []).append(m)
    bounds = sorted({0, len(text), *(m.start for m in ordered), *(m.end for m in ordered)})
    out: list[str] = []
    stack: list[_Mark] = []
    pos = 0
    for bound in bounds:
        out.append(html.escape(text[pos:bound], quote=False))
        pos = bound
        lowest = next((i for i, m in enumerate(stack) if m.end <= bound), None)
        reopen: list[_Mark] = []
        if lowest is not None:
            above = stack[lowest:]
            out.extend(m.close() for m in reversed(above))
            del stack[lowest:]
            reopen = [m for m in above if m.end > bound]
        new = starts.get(bound, [])
        for m in new:
            if m.end == m.start:
                out.append(m.open(True) + m.close())
        to_open = [(m, False) for m in reopen] + [(m, True) for m in new if m.end > m.start]
        to_open.sort(key=lambda pair: (-pair[0].end, pair[0].rank, pair[0].start, pair[0].key))
        for m, first in to_open:
            out.append(m.open(first))
            stack.append(m)
    out.extend(m.close() for m in reversed(stack))
    return "".join(out)


def _item_mark(kind: str, rid: str, start: int, end: int, tip: str, extra: dict[str, str]) -> _Mark:
    attrs = {
        "class": f"hl k-{kind}",
        "id": rid,
        "data-kind": kind,
        "data-id": rid,
        **extra,
        "title": tip,
        "tabindex": "0",
    }
    return _Mark(start, end, _RANK[kind], rid, "span", attrs, {"class": f"hl k-{kind} cont", "data-cont": rid})


def _quantity_tip(q: Quantity) -> str:
    lines = [
        f"数量 quantity {q.id}",
        f"value: {_num(q.value)}" + (f"—{_num(q.value_max)}" if q.value_max is not None else ""),
    ]
    if abs(q.value) >= 10000 and not _is_share(q.unit):
        lines[-1] += f" ({format_value(q.value, q.value_max, None, None)})"
    lines.append(f"unit: {q.unit or '—'}")
    for name in ("approx", "bound", "dimension"):
        if getattr(q, name) is not None:
            lines.append(f"{name}: {getattr(q, name)}")
    if q.base_value is not None:
        lines.append(f"base: {_num(q.base_value)} {q.base_unit or ''}".rstrip())
    return "\n".join(lines)


def page_label(sentence: Sentence | None) -> str | None:
    """The page(s) of a PDF sentence as cited: `3`, or `3–4` when it runs onto the next page."""
    if sentence is None or sentence.page is None:
        return None
    return f"{sentence.page}–{sentence.page_end}" if sentence.page_end else str(sentence.page)


def _pages(dataset: Dataset) -> dict[str, str]:
    """Sentence id -> its page label, for a dataset from a PDF (empty otherwise)."""
    return {s.id: label for s in dataset.sentences if (label := page_label(s)) is not None}


def _indicator_tip(i: Indicator, page: str | None = None) -> str:
    metric = i.metric if i.metric_text == i.metric else f"{i.metric} ({i.metric_text})"
    value = _num(i.value) + (f"—{_num(i.value_max)}" if i.value_max is not None else "")
    shown = format_value(i.value, i.value_max, i.unit, i.approx)
    if shown != value + (i.unit or ""):
        value += f" {i.unit or ''}".rstrip() + f" ({shown})"
    else:
        value = shown
    return "\n".join(
        [
            f"指标 indicator {i.id}",
            f"metric: {metric}",
            f"kind: {i.kind} {INDICATOR_KIND.get(i.kind, '')}"
            + f" · measure: {i.measure} {MEASURE_LABEL.get(i.measure, '')}",
            f"value: {value}",
            f"period: {i.period or '—'}",
            *([f"subject: {i.subject}"] if i.subject else []),
            *([f"why this period: {explain(i.period_reason)}"] if i.period_reason else []),
            *([f"why this kind: {explain(i.kind_reason)}"] if i.kind_reason else []),
        ]
        + ([f"page: {page}"] if page else [])
    )


def _project_tip(p: Project, page: str | None = None) -> str:
    lines = [f"项目 project {p.id}", f"name: {p.name}"]
    if p.investment is not None:
        lines.append(f"investment: {_num(p.investment)} 元 ({format_value(p.investment, None, '元', None)})")
    if p.status:
        lines.append(f"status: {p.status} {STATUS_LABEL.get(p.status, '')}")
    if p.period:
        lines.append(f"period: {p.period}")
    if p.group is not None:
        lines.append(f"group: {_clip(p.group.text, 40)}")
    if page:
        lines.append(f"page: {page}")
    return "\n".join(lines)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _check(dataset: Dataset, text: str) -> None:
    if len(text) != dataset.source.length:
        raise DatasetError(
            f"{dataset.source.name}: the text has {len(text)} characters but the dataset's source has "
            f"{dataset.source.length}; pass the report the dataset was extracted from"
        )
    for name in ("sections", "paragraphs", "sentences", "quantities", "periods", "indicators", "projects"):
        for r in getattr(dataset, name):
            if text[r.start : r.end] != r.text:
                raise DatasetError(
                    f"{dataset.source.name}: {name} {r.id}: text {r.text!r}"
                    f" differs from the report at {r.start}-{r.end}"
                )
    for i in dataset.indicators:
        if not 0 <= i.metric_start <= i.metric_end <= len(text) or not 0 <= i.value_start <= i.value_end <= len(text):
            raise DatasetError(f"{dataset.source.name}: indicators {i.id}: metric or value span out of range")


def _marks(dataset: Dataset, text: str) -> list[_Mark]:
    marks: list[_Mark] = []
    dim_paragraphs = set()
    for p in dataset.paragraphs:
        if p.boilerplate:
            dim_paragraphs.add(p.id)
            marks.append(_Mark(p.start, p.end, _RANK["paragraph"], p.id, "span", {"class": "boilerplate"}))
    last_page = None
    for s in dataset.sentences:
        if s.boilerplate and s.paragraph_id not in dim_paragraphs:
            marks.append(_Mark(s.start, s.end, _RANK["boilerplate"], s.id, "span", {"class": "boilerplate"}))
        if s.page is not None and (s.page != last_page or s.page_end is not None):
            # an empty element: its label is CSS content, so the report's text stays exactly the source
            attrs = {"class": "page", "data-page": page_label(s) or ""}
            marks.append(_Mark(s.start, s.start, _RANK["paragraph"], f"page-{s.id}", "span", attrs))
        last_page = s.page_end or s.page
    pages = _pages(dataset)
    for sec in dataset.sections:
        attrs = {"class": f"heading lv{sec.level}", "id": sec.id}
        marks.append(
            _Mark(sec.start, sec.end, _RANK["heading"], sec.id, "span", attrs, {"class": f"heading lv{sec.level}"})
        )
    for q in dataset.quantities:
        extra = {"data-value": _num(q.value)}
        if q.unit is not None:
            extra["data-unit"] = q.unit
        marks.append(_item_mark("quantity", q.id, q.start, q.end, _quantity_tip(q), extra))
    for t in dataset.periods:
        tip = (
            f"时间 period {t.id}\nyears: {t.from_year}"
            + (f"-{t.to_year}" if t.to_year != t.from_year else "")
            + f"\nhow: {t.how}"
        )
        marks.append(
            _item_mark("period", t.id, t.start, t.end, tip, {"data-from": str(t.from_year), "data-to": str(t.to_year)})
        )
    metric_of: dict[tuple[int, int], list[str]] = {}
    for i in dataset.indicators:
        extra = {
            "data-metric": i.metric,
            "data-indicator-kind": i.kind,
            "data-measure": i.measure,
            "data-value": _num(i.value),
        }
        if i.unit is not None:
            extra["data-unit"] = i.unit
        if i.period is not None:
            extra["data-period"] = i.period
        tip = _indicator_tip(i, pages.get(i.sentence_id or ""))
        marks.append(_item_mark("indicator", i.id, i.value_start, i.value_end, tip, extra))
        if i.metric_end > i.metric_start:
            metric_of.setdefault((i.metric_start, i.metric_end), []).append(i.id)
    for (start, end), ids in sorted(metric_of.items()):
        attrs = {"class": "metric", "data-metric-for": " ".join(ids), "title": "指标名称 metric of " + ", ".join(ids)}
        marks.append(
            _Mark(
                start,
                end,
                _RANK["metric"],
                f"m{start}-{end}",
                "span",
                attrs,
                {"class": "metric cont", "data-metric-for": " ".join(ids)},
            )
        )
    for p in dataset.projects:
        extra = {"data-name": p.name}
        if p.investment is not None:
            extra["data-investment"] = _num(p.investment)
        marks.append(_item_mark("project", p.id, p.start, p.end, _project_tip(p, pages.get(p.sentence_id or "")), extra))
    return marks


# --------------------------------------------------------------------------------------------------
# Panels


def _outline(dataset: Dataset) -> str:
    items = []
    for sec in dataset.sections:
        if sec.level < 1 or sec.level > 3:
            continue
        label = sec.text.strip() or "(名词解释)"
        items.append(f'<li class="lv{sec.level}"><a href="#{_esc(sec.id)}">{_esc(_clip(label, 30))}</a></li>')
    if not items:
        return '<p class="none">没有识别到章节。</p>'
    return '<ul class="outline">' + "".join(items) + "</ul>"


def _table(
    caption: str, headers: list[tuple[str, bool]], rows: list[tuple[str | None, list[tuple[str, str | None]]]]
) -> str:
    """A sortable table: headers (label, numeric), rows (ref id, cells (html, sort key))."""
    if not rows:
        return f'<p class="none">{_esc(caption)}：无</p>'
    head = "".join(
        f'<th scope="col"{NUM if numeric else ""}><button type="button">{_esc(label)}</button></th>'
        for label, numeric in headers
    )
    body = []
    for order, (ref, cells) in enumerate(rows):
        tds = []
        for (content, key), (_, numeric) in zip(cells, headers, strict=True):
            key_attr = f' data-v="{_esc(key)}"' if key is not None else ""
            tds.append(f"<td{NUM if numeric else ''}{key_attr}>{content}</td>")
        ref_attr = f' data-ref="{_esc(ref)}"' if ref else ""
        body.append(f'<tr{ref_attr} data-order="{order}">' + "".join(tds) + "</tr>")
    return (
        f'<table class="sortable"><caption>{_esc(caption)}</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _page_cell(pages: dict[str, str], sentence_id: str | None) -> tuple[str, str | None]:
    label = pages.get(sentence_id or "", "")
    return _esc(label), label.split("–")[0]


def _indicator_table(dataset: Dataset) -> str:
    pages = _pages(dataset)
    rows = []
    for i in dataset.indicators:
        metric = f'<a href="#{_esc(i.id)}">{_esc(i.metric)}</a>'
        cells: list[tuple[str, str | None]] = [
            (metric, i.metric),
            (_esc(INDICATOR_KIND.get(i.kind, i.kind)), i.kind),
            (_esc(MEASURE_LABEL.get(i.measure, i.measure)), i.measure),
            (_esc(format_value(i.value, i.value_max, i.unit, i.approx)), _num(i.value)),
            (_esc(i.period or ""), i.period or ""),
        ]
        rows.append((i.id, cells + ([_page_cell(pages, i.sentence_id)] if pages else [])))
    headers = [("指标", False), ("类型", False), ("口径", False), ("数值", True), ("时间", False)]
    headers += [("页", True)] if pages else []
    return _table(f"指标 {len(rows)} 项（点击表头排序，点击行跳到原文）", headers, rows)


def _project_table(dataset: Dataset) -> str:
    pages = _pages(dataset)
    rows = []
    for p in dataset.projects:
        invest = format_value(p.investment, None, "元", None) if p.investment is not None else ""
        group = ""
        if p.group is not None:
            bits = [f"{p.group.count}个" if p.group.count is not None else "", p.group.level or ""]
            if p.group.investment is not None:
                bits.append("总投资" + format_value(p.group.investment, None, "元", None))
            group = " ".join(b for b in bits if b) or _clip(p.group.text, 12)
        cells: list[tuple[str, str | None]] = [
            (f'<a href="#{_esc(p.id)}">{_esc(p.name)}</a>', p.name),
            (_esc(invest), _num(p.investment) if p.investment is not None else ""),
            (_esc(STATUS_LABEL.get(p.status, p.status) if p.status else ""), p.status or ""),
            (_esc(p.period or ""), p.period or ""),
            (_esc(group), group),
        ]
        rows.append((p.id, cells + ([_page_cell(pages, p.sentence_id)] if pages else [])))
    headers = [("项目", False), ("投资", True), ("状态", False), ("时间", False), ("所属", False)]
    headers += [("页", True)] if pages else []
    return _table(f"项目 {len(rows)} 个", headers, rows)


@dataclass
class _ChartRow:
    label: str
    unit: str | None
    first: int
    actual: Indicator | None = None
    target: Indicator | None = None
    members: list[Indicator] = field(default_factory=list)


def _period_end(i: Indicator) -> int:
    if not i.period:
        return 0
    try:
        return int(i.period.split("-")[-1])
    except ValueError:
        return 0


def _target_rank(i: Indicator) -> tuple[bool, int]:
    return ("-" not in (i.period or ""), _period_end(i))


def chart_rows(dataset: Dataset, limit: int = CHART_ROWS) -> list[_ChartRow]:
    """The headline indicators: one row per (metric, measure, unit), with the latest actual or estimate
    and the latest target. Rows with both come first, then the others, each in text order."""
    groups: dict[tuple[str, str, str | None], _ChartRow] = {}
    for i in dataset.indicators:
        key = (i.metric_id or i.metric, i.measure, i.unit)
        label = i.metric + ("" if i.measure == "level" else MEASURE_LABEL[i.measure])
        row = groups.setdefault(key, _ChartRow(label=label, unit=i.unit, first=i.start))
        row.members.append(i)
        if i.kind == "target":
            # the plan year's own target beats a five-year one (8000人以上 in 2022, not 4万人 over 2022-2026)
            if row.target is None or _target_rank(i) > _target_rank(row.target):
                row.target = i
        elif row.actual is None or _period_end(i) > _period_end(row.actual):
            row.actual = i
    rows = sorted(groups.values(), key=lambda r: (not (r.actual and r.target), r.first))
    return rows[:limit]


@dataclass
class _End:
    """One end of a bullet row: the figure (a bar) or the target (a marker)."""

    value: float
    value_max: float | None
    note: str
    css: str
    href: str | None
    tip: str


@dataclass
class _Bullet:
    label: str
    unit: str | None
    actual: _End | None
    target: _End | None

    def values(self) -> list[float]:
        out = [0.0]
        for end in (self.actual, self.target):
            if end is not None:
                out += [end.value] + ([end.value_max] if end.value_max is not None else [])
        return out


def _linked(href: str | None, inner: str) -> str:
    return f'<a href="{_esc(href)}">{inner}</a>' if href else inner


def _bullets(rows: list[_Bullet], label: str, key: str) -> str:
    """Bullet rows in inline SVG: the figure as a bar, the target as a black marker (a band for a range).

    Rows in % share one scale; any other row has a scale of its own."""
    width, left, row_h = 450, 4, 48
    bar_w = width - 2 * left
    percent = [v for row in rows if row.unit == "%" for v in row.values()]
    parts = []
    for n, row in enumerate(rows):
        top = 4 + n * row_h
        values = percent if row.unit == "%" else row.values()
        lo, hi = min(values), max(values)
        if hi == lo:
            hi = lo + 1
        hi += (hi - lo) * 0.06

        def x(v: float, lo: float = lo, hi: float = hi) -> float:
            return round(left + (v - lo) / (hi - lo) * bar_w, 1)

        parts.append(f'<text class="clabel" x="{left}" y="{top + 12}">{_esc(_clip(row.label, 34))}</text>')
        parts.append(f'<rect class="track" x="{left}" y="{top + 17}" width="{bar_w}" height="12"/>')
        notes = []
        if (a := row.actual) is not None:
            x0, x1 = sorted((x(0.0), x(a.value)))
            bar = (
                f'<rect class="bar {_esc(a.css)}" x="{x0}" y="{top + 19}" width="{round(max(x1 - x0, 1.5), 1)}" '
                f'height="8"><title>{_esc(a.tip)}</title></rect>'
            )
            parts.append(_linked(a.href, bar))
            notes.append(a.note)
        if (t := row.target) is not None:
            tx = x(t.value)
            if t.value_max is not None:
                parts.append(
                    f'<rect class="range" x="{tx}" y="{top + 15}" width="{round(x(t.value_max) - tx, 1)}" height="16"/>'
                )
            marker = (
                f'<rect class="target" x="{round(tx - 1.5, 1)}" y="{top + 14}" width="3" height="18">'
                f"<title>{_esc(t.tip)}</title></rect>"
            )
            parts.append(_linked(t.href, marker))
            notes.append(t.note)
        if lo < 0:
            parts.append(f'<line class="zero" x1="{x(0.0)}" x2="{x(0.0)}" y1="{top + 15}" y2="{top + 31}"/>')
        parts.append(f'<text class="cnote" x="{left}" y="{top + 42}">{_esc(" · ".join(notes))}</text>')
    height = 4 + len(rows) * row_h
    return (
        f'<svg class="chart" role="img" aria-label="{_esc(label)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">{"".join(parts)}</svg>'
        f'<p class="chart-key">{key}（百分比各行同一刻度，其他各行自有刻度）</p>'
    )


def _indicator_end(i: Indicator, label: str) -> _End:
    note = f"{label} {format_value(i.value, i.value_max, i.unit, i.approx)}" + (f"（{i.period}）" if i.period else "")
    return _End(
        value=float(i.value),
        value_max=None if i.value_max is None else float(i.value_max),
        note=note,
        css=i.kind,
        href=f"#{i.id}",
        tip=_indicator_tip(i),
    )


def _chart(dataset: Dataset) -> str:
    rows = chart_rows(dataset)
    if not rows:
        return '<p class="none">没有可绘制的指标。</p>'
    bullets = [
        _Bullet(
            label=row.label,
            unit=row.unit,
            actual=_indicator_end(row.actual, INDICATOR_KIND[row.actual.kind]) if row.actual else None,
            target=_indicator_end(row.target, "目标") if row.target else None,
        )
        for row in rows
    ]
    key = '<span class="key-bar"></span>实际/预计<span class="key-target"></span>目标'
    return _bullets(bullets, "主要指标：实际与目标", key)


# --------------------------------------------------------------------------------------------------
# The page


def render_html(dataset: Dataset, text: str) -> str:
    """One self-contained HTML page showing `dataset` over its report `text` (the text it was extracted from).

    Raises `DatasetError` when the text is not the dataset's source (a span does not match).
    """
    _check(dataset, text)
    counts = {
        "quantity": len(dataset.quantities),
        "period": len(dataset.periods),
        "indicator": len(dataset.indicators),
        "project": len(dataset.projects),
    }
    report = dataset.report
    title = report.title or dataset.source.name
    original = dataset.source.original
    meta = [f"{original.name} → {dataset.source.name}" if original else dataset.source.name]
    if original is not None and original.pages:
        meta.append(f"PDF {original.pages}页")
    if report.year:
        meta.append(f"{report.year}年")
    if report.region:
        meta.append(report.region)
    meta.append(f"{dataset.source.length}字")
    if dataset.source.sha256:
        meta.append(f"sha256 {dataset.source.sha256[:12]}")
    toggles = "".join(
        f'<button type="button" class="toggle t-{k}" data-toggle="{k}" aria-pressed="true">'
        f'<span class="swatch"></span>{KIND_LABEL[k]} {k} <b>{counts[k]}</b></button>'
        for k in KINDS
    )
    body = nest(text, _marks(dataset, text))
    return "".join(
        [
            "<!DOCTYPE html>\n",
            '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f'<meta name="generator" content="huimin-extract {_esc(dataset.tool_version)}">\n',
            f"<title>{_esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n",
            f'<header><h1>{_esc(title)}</h1><p class="meta">{_esc(" · ".join(meta))}</p>',
            f'<div class="legend" role="group" aria-label="显示或隐藏各类标注">{toggles}'
            '<span class="hint">悬停或聚焦标注查看归一化取值；'
            '<span class="metric-sample">虚线</span>为指标名称</span></div></header>\n',
            '<div class="layout">\n',
            f'<nav class="side" aria-label="目录"><h2>目录</h2>{_outline(dataset)}</nav>\n',
            f'<main><article id="report" class="report" lang="zh-CN">{body}</article></main>\n',
            '<aside class="side panel">',
            f"<section><h2>主要指标</h2>{_chart(dataset)}</section>",
            f"<section><h2>指标</h2>{_indicator_table(dataset)}</section>",
            f"<section><h2>项目</h2>{_project_table(dataset)}</section>",
            "</aside>\n</div>\n",
            f"<footer>huimin-extract {_esc(dataset.tool_version)} · schema {_esc(dataset.schema_version)}</footer>\n",
            '<div id="tip" role="tooltip" hidden></div>\n',
            f"<script>{_JS}</script>\n</body>\n</html>\n",
        ]
    )


def _figure_end(f: Figure, css: str, label: str) -> _End:
    note = f"{label} {f.shown}" + (f"（{f.period}）" if f.period else "")
    tip = f"{label} {f.kind} {f.measure}\n{f.metric_text}: {f.shown}\nvalue: {_num(f.value)} {f.unit or ''}".rstrip()
    value_max = None if f.value_max is None else float(f.value_max)
    return _End(value=float(f.value), value_max=value_max, note=note, css=css, href=None, tip=tip)


def render_diff_html(d: Diff) -> str:
    """One self-contained HTML page of a comparison (`huimin_extract.compare.diff`): a chart of target
    attainment (the figure as a bar coloured met or missed, the target as a marker) and the four parts
    (changed figures, attainment, plan-year targets, projects) as sortable tables."""
    from .compare_tables import diff_tables

    title = f"{d.old.source} → {d.new.source}"
    bullets = [
        _Bullet(
            label=a.metric + ("" if a.measure == "level" else MEASURE_LABEL.get(a.measure, a.measure)) + f" {a.period}",
            unit=a.target.unit,
            actual=_figure_end(a.figure, a.status, "实际"),
            target=_figure_end(a.target, "target", "目标"),
        )
        for a in d.attainment
        if a.figure is not None and a.figure.unit == a.target.unit
    ]
    key = (
        '<span class="key-bar met"></span>达成 met<span class="key-bar missed"></span>未达成 missed'
        '<span class="key-target"></span>目标'
    )
    chart = _bullets(bullets, "目标达成", key) if bullets else '<p class="none">没有可比较的目标与实际。</p>'
    tables = []
    for caption, header, rows in diff_tables(d):
        cells = [
            (
                None,
                [(f'<span class="chip c-{_esc(row[0])}">{_esc(row[0])}</span>', row[0])]
                + [(_esc(c), c) for c in row[1:]],
            )
            for row in rows
        ]
        tables.append(f"<section>{_table(caption, [(h, False) for h in header], cells)}</section>")
    meta = [f"{ref.source}: {ref.region or '?'} {ref.year or '?'}" for ref in (d.old, d.new)] + [
        f"{d.differences} difference(s)"
    ]
    return "".join(
        [
            "<!DOCTYPE html>\n",
            '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f"<title>{_esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n",
            f'<header><h1>{_esc(title)}</h1><p class="meta">{_esc(" · ".join(meta))}</p></header>\n',
            f'<main class="diffpage"><section><h2>目标达成 attainment</h2>{chart}</section>',
            "".join(tables),
            "</main>\n",
            f"<script>{_JS}</script>\n</body>\n</html>\n",
        ]
    )


_COLOURS = {
    # kind: (background, strong colour)
    "quantity": ("#cfe3ff", "#2563eb"),
    "period": ("#fde7a7", "#b45309"),
    "indicator": ("#ffe0cc", "#e4570f"),
    "project": ("#d3f5dc", "#15803d"),
}

_CSS = (
    """
:root{--fg:#1f2328;--muted:#667085;--line:#e4e7ec;--bg:#fff;--panel:#f8fafc;
--font:system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei",
"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif}
*{box-sizing:border-box}
html{scroll-behavior:smooth}
body{margin:0;color:var(--fg);background:var(--bg);font:15px/1.6 var(--font)}
header{padding:14px 24px 10px;border-bottom:1px solid var(--line);background:var(--panel)}
h1{font-size:22px;margin:0 0 2px}
h2{font-size:14px;margin:14px 0 6px;color:var(--muted);font-weight:600;letter-spacing:.05em}
.meta{margin:0 0 8px;color:var(--muted);font-size:13px}
.legend{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
.toggle{font:inherit;font-size:13px;border:1px solid var(--line);background:#fff;border-radius:14px;
padding:2px 10px 2px 6px;cursor:pointer;display:inline-flex;align-items:center;gap:6px}
.toggle .swatch{width:14px;height:14px;border-radius:3px;display:inline-block}
.toggle[aria-pressed=false]{color:var(--muted);text-decoration:line-through}
.toggle[aria-pressed=false] .swatch{background:#eee !important;border-color:#bbb !important}
.hint{color:var(--muted);font-size:12px;margin-left:8px}
.layout{display:grid;grid-template-columns:200px minmax(0,1fr) 500px;gap:0}
.side{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;padding:4px 14px 24px}
nav.side{border-right:1px solid var(--line)}
aside.panel{border-left:1px solid var(--line);background:var(--panel)}
.outline{list-style:none;margin:0;padding:0;font-size:13px}
.outline li{margin:2px 0}
.outline a{color:var(--fg);text-decoration:none;display:block;padding:1px 4px;border-radius:4px}
.outline a:hover{background:#eef2f6}
.outline .lv1{font-weight:700;margin-top:8px}
.outline .lv2{padding-left:8px}
.outline .lv3{padding-left:20px;color:var(--muted);font-size:12px}
main{min-width:0;padding:8px 28px 40px}
.report{white-space:pre-wrap;overflow-wrap:anywhere;font-size:16px;line-height:2;max-width:46em;margin:0 auto}
.heading{font-weight:700;scroll-margin-top:30vh}
.heading.lv0{font-size:22px}.heading.lv1{font-size:19px}.heading.lv2{font-size:17px}
.boilerplate{opacity:.35}
.page::before{content:"第" attr(data-page) "页";font-size:11px;line-height:1;color:var(--muted);
border:1px solid var(--line);border-radius:8px;padding:1px 6px;margin-right:4px;vertical-align:2px}
.hl{border-radius:3px;scroll-margin-top:35vh;cursor:help}
.hl:focus{outline:2px solid #111;outline-offset:1px}
.hl:target{outline:3px solid #111;outline-offset:2px;animation:flash 1.6s ease-out}
@keyframes flash{from{box-shadow:0 0 0 8px #ffd54a}to{box-shadow:0 0 0 0 transparent}}
.k-quantity{background:QBG}
.k-period{background:PBG;box-shadow:inset 0 -2px 0 PFG}
.k-indicator{background:IBG;border:2px solid IFG;padding:0 1px}
.k-indicator.cont{border-left:0}
.k-project{background:JBG;border-bottom:3px solid JFG}
.metric{text-decoration:underline dashed IFG;text-decoration-thickness:2px;text-underline-offset:4px}
.metric.linked{background:#ffd0b0;border-radius:3px}
.hl.linked{outline:2px solid IFG;outline-offset:1px}
.hide-quantity .k-quantity,.hide-period .k-period,.hide-indicator .k-indicator,.hide-project .k-project{
background:none;border-color:transparent;box-shadow:none;cursor:auto}
.hide-indicator .metric{text-decoration:none}
.t-quantity .swatch{background:QBG;border:1px solid QFG}
.t-period .swatch{background:PBG;border:1px solid PFG}
.t-indicator .swatch{background:IBG;border:2px solid IFG}
.t-project .swatch{background:JBG;border-bottom:3px solid JFG}
.metric-sample{text-decoration:underline dashed IFG;text-decoration-thickness:2px;text-underline-offset:3px}
#tip{position:fixed;z-index:10;max-width:360px;background:#1f2328;color:#fff;font-size:12.5px;line-height:1.5;
padding:6px 9px;border-radius:6px;box-shadow:0 4px 16px rgba(0,0,0,.25);pointer-events:none;white-space:pre-line}
#tip div+div{border-top:1px solid #555;margin-top:4px;padding-top:4px}
#tip .tip-quantity{border-left:4px solid QFG;padding-left:6px}
#tip .tip-period{border-left:4px solid PFG;padding-left:6px}
#tip .tip-indicator{border-left:4px solid IFG;padding-left:6px}
#tip .tip-project{border-left:4px solid JFG;padding-left:6px}
table{border-collapse:collapse;width:100%;font-size:12.5px;background:#fff}
caption{text-align:left;color:var(--muted);font-size:12px;padding:2px 0 4px}
th,td{border-bottom:1px solid var(--line);padding:3px 5px;text-align:left;vertical-align:top}
th{position:sticky;top:0;background:#eef2f6}
th button{font:inherit;font-weight:600;border:0;background:none;padding:0;cursor:pointer;color:inherit}
th[aria-sort=ascending] button::after{content:" ▲"}
th[aria-sort=descending] button::after{content:" ▼"}
td{white-space:nowrap}td:first-child,td:last-child{white-space:normal}td:first-child{min-width:8em}
td.num,th.num{text-align:right}
tbody tr{cursor:pointer}
tbody tr:hover{background:#fff4e5}
td a{color:inherit;text-decoration:none}
.chart{display:block;max-width:100%;height:auto;font-family:var(--font)}
.chart .clabel{font-size:12px;fill:var(--fg)}
.chart .cnote{font-size:11px;fill:var(--muted)}
.chart .track{fill:#eef2f6}
.chart .bar{fill:IFG}.chart .bar.estimate{fill:#f59e6b}
.chart .target{fill:#111}.chart .range{fill:#11111122}
.chart .zero{stroke:#999;stroke-width:1}
.chart-key{font-size:11.5px;color:var(--muted);margin:2px 0 0}
.key-bar,.key-target{display:inline-block;vertical-align:middle;margin:0 4px 0 10px}
.key-bar{width:18px;height:8px;background:IFG}.key-target{width:3px;height:14px;background:#111}
.none{color:var(--muted);font-size:13px}
.diffpage{max-width:1100px;margin:0 auto}.diffpage section{margin:10px 0 22px}.diffpage table{font-size:13px}
.chip{display:inline-block;padding:0 7px;border-radius:9px;font-size:11.5px;background:#eef2f6;color:#444}
.c-met{background:#dcfce7;color:#166534}.c-missed{background:#fee2e2;color:#991b1b}
.c-changed{background:#fef3c7;color:#92400e}.c-appeared{background:#dbeafe;color:#1e40af}
.chart .bar.met{fill:#16a34a}.chart .bar.missed{fill:#dc2626}
.key-bar.met{background:#16a34a}.key-bar.missed{background:#dc2626}
footer{color:var(--muted);font-size:12px;padding:10px 24px;border-top:1px solid var(--line)}
@media (max-width:1100px){.layout{grid-template-columns:1fr}.side{position:static;max-height:none}
nav.side{border-right:0}}
@media print{.side,.legend,#tip{display:none}.layout{display:block}}
""".replace("QBG", _COLOURS["quantity"][0])
    .replace("QFG", _COLOURS["quantity"][1])
    .replace("PBG", _COLOURS["period"][0])
    .replace("PFG", _COLOURS["period"][1])
    .replace("IBG", _COLOURS["indicator"][0])
    .replace("IFG", _COLOURS["indicator"][1])
    .replace("JBG", _COLOURS["project"][0])
    .replace("JFG", _COLOURS["project"][1])
)

_JS = """
(function () {
  "use strict";
  var KINDS = KINDS_JSON;
  var root = document.documentElement, report = document.getElementById("report"), tip = document.getElementById("tip");
  function setKind(kind, on) {
    root.classList.toggle("hide-" + kind, !on);
    var button = document.querySelector('[data-toggle="' + kind + '"]');
    if (button) button.setAttribute("aria-pressed", on ? "true" : "false");
  }
  function hiddenKinds() { return KINDS.filter(function (k) { return root.classList.contains("hide-" + k); }); }
  var params = new URLSearchParams(location.search);
  (params.get("hide") || "").split(",").forEach(function (k) {
    k = k.trim();
    if (KINDS.indexOf(k) >= 0) setKind(k, false);
  });
  document.querySelectorAll("[data-toggle]").forEach(function (button) {
    button.addEventListener("click", function () {
      setKind(button.getAttribute("data-toggle"), button.getAttribute("aria-pressed") !== "true");
      var off = hiddenKinds(), url = new URL(location.href);
      if (off.length) url.searchParams.set("hide", off.join(",")); else url.searchParams.delete("hide");
      try { history.replaceState(null, "", url.toString()); } catch (e) { /* file: URLs may refuse */ }
    });
  });
  /* Titles become our tooltip, which shows every highlight the pointer is in (report pages only). */
  if (report && tip) (function () {
  report.querySelectorAll(".hl[title], .metric[title]").forEach(function (el) {
    el.setAttribute("data-tip", el.getAttribute("title"));
    el.removeAttribute("title");
  });
  function itemOf(el) {
    var id = el.getAttribute("data-id") || el.getAttribute("data-cont");
    return id ? document.getElementById(id) : null;
  }
  var linked = [];
  function unlink() { linked.forEach(function (el) { el.classList.remove("linked"); }); linked = []; }
  function link(el) { el.classList.add("linked"); linked.push(el); }
  function show(event) {
    var items = [], seen = {}, metricFor = null;
    for (var el = event.target; el && el !== report; el = el.parentElement) {
      if (!el.classList) continue;
      if (el.classList.contains("metric") && !metricFor) metricFor = el;
      if (!el.classList.contains("hl")) continue;
      var item = itemOf(el);
      if (!item || seen[item.id] || root.classList.contains("hide-" + item.getAttribute("data-kind"))) continue;
      seen[item.id] = true;
      items.push(item);
    }
    unlink();
    items.forEach(function (item) {
      if (item.getAttribute("data-kind") !== "indicator") return;
      link(item);
      report.querySelectorAll('[data-metric-for~="' + item.id + '"]').forEach(link);
    });
    if (metricFor && !root.classList.contains("hide-indicator")) {
      link(metricFor);
      metricFor.getAttribute("data-metric-for").split(" ").forEach(function (id) {
        var ind = document.getElementById(id);
        if (ind) { link(ind); items.push(ind); }
      });
    }
    if (!items.length) { tip.hidden = true; return; }
    tip.textContent = "";
    items.forEach(function (item) {
      var line = document.createElement("div");
      line.className = "tip-" + item.getAttribute("data-kind");
      line.textContent = item.getAttribute("data-tip") || "";
      tip.appendChild(line);
    });
    tip.hidden = false;
    var rect = event.target.getBoundingClientRect(), w = tip.offsetWidth, h = tip.offsetHeight;
    var top = rect.bottom + 6;
    if (top + h > window.innerHeight - 4) top = Math.max(4, rect.top - h - 6);
    tip.style.left = Math.max(4, Math.min(rect.left, window.innerWidth - w - 8)) + "px";
    tip.style.top = top + "px";
  }
  function hide() { tip.hidden = true; unlink(); }
  report.addEventListener("mouseover", show);
  report.addEventListener("focusin", show);
  report.addEventListener("mouseleave", hide);
  report.addEventListener("focusout", hide);
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
  window.addEventListener("scroll", function () { if (!tip.hidden) tip.hidden = true; }, { passive: true });
  })();
  /* Sortable tables; a row jumps to its place in the text. */
  function key(row, i) {
    var cell = row.cells[i], v = cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent;
    return v !== "" && isFinite(v) ? Number(v) : v;
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var ths = table.tHead.rows[0].cells, body = table.tBodies[0];
    Array.prototype.forEach.call(ths, function (th, i) {
      th.querySelector("button").addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(ths, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a, i), y = key(b, i), c;
          if (typeof x === "number" && typeof y === "number") c = x - y;
          else if (typeof x === "number") c = -1;
          else if (typeof y === "number") c = 1;
          else c = String(x).localeCompare(String(y), "zh-CN");
          if (!asc) c = -c;
          return c || a.getAttribute("data-order") - b.getAttribute("data-order");
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
    body.addEventListener("click", function (e) {
      var row = e.target.closest("tr[data-ref]");
      if (row && !e.target.closest("a")) location.hash = "#" + row.getAttribute("data-ref");
    });
  });
})();
""".replace("KINDS_JSON", "[" + ",".join(f'"{k}"' for k in KINDS) + "]")
