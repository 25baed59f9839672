"""A self-contained HTML page of a dataset: the report text with every extracted item highlighted.

`render_html(dataset, text)` returns one HTML document (inline CSS and a little JS, no network, system
fonts) that shows the report text with every quantity, period, indicator figure and project marked,
coloured by kind, with a legend whose buttons toggle each kind (also `?hide=quantity,period` in the URL),
a tooltip of the normalised values, the section outline as navigation, a sortable table of indicators,
a table of projects, and an inline SVG chart of the headline indicators (actual as a bar, target as a
marker). For a dataset from a PDF, every figure cites its page (tooltips and a page column in the tables)
and the text is marked where pages begin.

Highlights overlap; `markup.nest` keeps the markup well formed and the text content of the report element
exactly the source text. The first element of an item carries `data-kind` and `data-id` (and the HTML `id`);
a continuation after a split carries only `data-cont`, so every item has exactly one element with its
`data-id`. Values are shown by `display`, the chart drawn by `bulletchart`, the style and script are
`pagestyle`'s.

The output is deterministic: same dataset and text, same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .bulletchart import Bullet, End, bullet_chart
from .display import INDICATOR_KIND, MEASURE_LABEL, STATUS_LABEL, format_value, is_share, num, page_label
from .errors import DatasetError
from .markup import Mark, clip, esc, nest, table
from .models import Dataset, Indicator, Project, Quantity
from .pagestyle import CSS, JS, KINDS
from .tables import explain

KIND_LABEL = {"quantity": "数量", "period": "时间", "indicator": "指标", "project": "项目"}
CHART_ROWS = 8

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


def _item_mark(kind: str, rid: str, start: int, end: int, tip: str, extra: dict[str, str]) -> Mark:
    attrs = {
        "class": f"hl k-{kind}",
        "id": rid,
        "data-kind": kind,
        "data-id": rid,
        **extra,
        "title": tip,
        "tabindex": "0",
    }
    return Mark(start, end, _RANK[kind], rid, "span", attrs, {"class": f"hl k-{kind} cont", "data-cont": rid})


def _quantity_tip(q: Quantity) -> str:
    lines = [
        f"数量 quantity {q.id}",
        f"value: {num(q.value)}" + (f"—{num(q.value_max)}" if q.value_max is not None else ""),
    ]
    if abs(q.value) >= 10000 and not is_share(q.unit):
        lines[-1] += f" ({format_value(q.value, q.value_max, None, None)})"
    lines.append(f"unit: {q.unit or '—'}")
    for name in ("approx", "bound", "dimension"):
        if getattr(q, name) is not None:
            lines.append(f"{name}: {getattr(q, name)}")
    if q.base_value is not None:
        lines.append(f"base: {num(q.base_value)} {q.base_unit or ''}".rstrip())
    return "\n".join(lines)


def _pages(dataset: Dataset) -> dict[str, str]:
    """Sentence id -> its page label, for a dataset from a PDF (empty otherwise)."""
    return {s.id: label for s in dataset.sentences if (label := page_label(s)) is not None}


def _indicator_tip(i: Indicator, page: str | None = None) -> str:
    metric = i.metric if i.metric_text == i.metric else f"{i.metric} ({i.metric_text})"
    value = num(i.value) + (f"—{num(i.value_max)}" if i.value_max is not None else "")
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
        lines.append(f"investment: {num(p.investment)} 元 ({format_value(p.investment, None, '元', None)})")
    if p.status:
        lines.append(f"status: {p.status} {STATUS_LABEL.get(p.status, '')}")
    if p.period:
        lines.append(f"period: {p.period}")
    if p.group is not None:
        lines.append(f"group: {clip(p.group.text, 40)}")
    if page:
        lines.append(f"page: {page}")
    return "\n".join(lines)


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


def _marks(dataset: Dataset, text: str) -> list[Mark]:
    marks: list[Mark] = []
    dim_paragraphs = set()
    for p in dataset.paragraphs:
        if p.boilerplate:
            dim_paragraphs.add(p.id)
            marks.append(Mark(p.start, p.end, _RANK["paragraph"], p.id, "span", {"class": "boilerplate"}))
    last_page = None
    for s in dataset.sentences:
        if s.boilerplate and s.paragraph_id not in dim_paragraphs:
            marks.append(Mark(s.start, s.end, _RANK["boilerplate"], s.id, "span", {"class": "boilerplate"}))
        if s.page is not None and (s.page != last_page or s.page_end is not None):
            # an empty element: its label is CSS content, so the report's text stays exactly the source
            attrs = {"class": "page", "data-page": page_label(s) or ""}
            marks.append(Mark(s.start, s.start, _RANK["paragraph"], f"page-{s.id}", "span", attrs))
        last_page = s.page_end or s.page
    pages = _pages(dataset)
    for sec in dataset.sections:
        attrs = {"class": f"heading lv{sec.level}", "id": sec.id}
        marks.append(
            Mark(sec.start, sec.end, _RANK["heading"], sec.id, "span", attrs, {"class": f"heading lv{sec.level}"})
        )
    for q in dataset.quantities:
        extra = {"data-value": num(q.value)}
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
            "data-value": num(i.value),
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
            Mark(
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
            extra["data-investment"] = num(p.investment)
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
        items.append(f'<li class="lv{sec.level}"><a href="#{esc(sec.id)}">{esc(clip(label, 30))}</a></li>')
    if not items:
        return '<p class="none">没有识别到章节。</p>'
    return '<ul class="outline">' + "".join(items) + "</ul>"


def _page_cell(pages: dict[str, str], sentence_id: str | None) -> tuple[str, str | None]:
    label = pages.get(sentence_id or "", "")
    return esc(label), label.split("–")[0]


def _indicator_table(dataset: Dataset) -> str:
    pages = _pages(dataset)
    rows = []
    for i in dataset.indicators:
        metric = f'<a href="#{esc(i.id)}">{esc(i.metric)}</a>'
        cells: list[tuple[str, str | None]] = [
            (metric, i.metric),
            (esc(INDICATOR_KIND.get(i.kind, i.kind)), i.kind),
            (esc(MEASURE_LABEL.get(i.measure, i.measure)), i.measure),
            (esc(format_value(i.value, i.value_max, i.unit, i.approx)), num(i.value)),
            (esc(i.period or ""), i.period or ""),
        ]
        rows.append((i.id, cells + ([_page_cell(pages, i.sentence_id)] if pages else [])))
    headers = [("指标", False), ("类型", False), ("口径", False), ("数值", True), ("时间", False)]
    headers += [("页", True)] if pages else []
    return table(f"指标 {len(rows)} 项（点击表头排序，点击行跳到原文）", headers, rows)


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
            group = " ".join(b for b in bits if b) or clip(p.group.text, 12)
        cells: list[tuple[str, str | None]] = [
            (f'<a href="#{esc(p.id)}">{esc(p.name)}</a>', p.name),
            (esc(invest), num(p.investment) if p.investment is not None else ""),
            (esc(STATUS_LABEL.get(p.status, p.status) if p.status else ""), p.status or ""),
            (esc(p.period or ""), p.period or ""),
            (esc(group), group),
        ]
        rows.append((p.id, cells + ([_page_cell(pages, p.sentence_id)] if pages else [])))
    headers = [("项目", False), ("投资", True), ("状态", False), ("时间", False), ("所属", False)]
    headers += [("页", True)] if pages else []
    return table(f"项目 {len(rows)} 个", headers, rows)


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


def _indicator_end(i: Indicator, label: str) -> End:
    note = f"{label} {format_value(i.value, i.value_max, i.unit, i.approx)}" + (f"（{i.period}）" if i.period else "")
    return End(
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
        Bullet(
            label=row.label,
            unit=row.unit,
            actual=_indicator_end(row.actual, INDICATOR_KIND[row.actual.kind]) if row.actual else None,
            target=_indicator_end(row.target, "目标") if row.target else None,
        )
        for row in rows
    ]
    key = '<span class="key-bar"></span>实际/预计<span class="key-target"></span>目标'
    return bullet_chart(bullets, "主要指标：实际与目标", key)


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
            f'<meta name="generator" content="huimin-extract {esc(dataset.tool_version)}">\n',
            f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
            f'<header><h1>{esc(title)}</h1><p class="meta">{esc(" · ".join(meta))}</p>',
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
            f"<footer>huimin-extract {esc(dataset.tool_version)} · schema {esc(dataset.schema_version)}</footer>\n",
            '<div id="tip" role="tooltip" hidden></div>\n',
            f"<script>{JS}</script>\n</body>\n</html>\n",
        ]
    )
