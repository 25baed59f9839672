"""The HTML page of a comparison (`huimin diff --format html`): a chart of target attainment and the comparison's
tables, self-contained in the style of the report page (`view`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .bulletchart import Bullet, End, bullet_chart
from .display import MEASURE_LABEL, num
from .markup import esc, table
from .pagestyle import CSS, JS

if TYPE_CHECKING:
    from .compare import Diff, Figure


def _figure_end(f: Figure, css: str, label: str) -> End:
    note = f"{label} {f.shown}" + (f"（{f.period}）" if f.period else "")
    tip = f"{label} {f.kind} {f.measure}\n{f.metric_text}: {f.shown}\nvalue: {num(f.value)} {f.unit or ''}".rstrip()
    value_max = None if f.value_max is None else float(f.value_max)
    return End(value=float(f.value), value_max=value_max, note=note, css=css, href=None, tip=tip)


def render_diff_html(d: Diff) -> str:
    """One self-contained HTML page of a comparison (`huimin_extract.compare.diff`): a chart of target
    attainment (the figure as a bar coloured met or missed, the target as a marker) and the four parts
    (changed figures, attainment, plan-year targets, projects) as sortable tables."""
    from .compare_tables import diff_tables

    title = f"{d.old.source} → {d.new.source}"
    bullets = [
        Bullet(
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
    chart = bullet_chart(bullets, "目标达成", key) if bullets else '<p class="none">没有可比较的目标与实际。</p>'
    tables = []
    for caption, header, rows in diff_tables(d):
        cells = [
            (
                None,
                [(f'<span class="chip c-{esc(row[0])}">{esc(row[0])}</span>', row[0])]
                + [(esc(c), c) for c in row[1:]],
            )
            for row in rows
        ]
        tables.append(f"<section>{table(caption, [(h, False) for h in header], cells)}</section>")
    meta = [f"{ref.source}: {ref.region or '?'} {ref.year or '?'}" for ref in (d.old, d.new)] + [
        f"{d.differences} difference(s)"
    ]
    return "".join(
        [
            "<!DOCTYPE html>\n",
            '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
            f'<header><h1>{esc(title)}</h1><p class="meta">{esc(" · ".join(meta))}</p></header>\n',
            f'<main class="diffpage"><section><h2>目标达成 attainment</h2>{chart}</section>',
            "".join(tables),
            "</main>\n",
            f"<script>{JS}</script>\n</body>\n</html>\n",
        ]
    )
