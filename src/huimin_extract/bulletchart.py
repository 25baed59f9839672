"""Bullet rows in inline SVG, the chart of figures against targets on the report page and the comparison page: the
figure as a bar, the target as a black marker (a band for a range)."""

from __future__ import annotations

from dataclasses import dataclass

from .markup import clip, esc, linked


@dataclass
class End:
    """One end of a bullet row: the figure (a bar) or the target (a marker)."""

    value: float
    value_max: float | None
    note: str
    css: str
    href: str | None
    tip: str


@dataclass
class Bullet:
    label: str
    unit: str | None
    actual: End | None
    target: End | None

    def values(self) -> list[float]:
        out = [0.0]
        for end in (self.actual, self.target):
            if end is not None:
                out += [end.value] + ([end.value_max] if end.value_max is not None else [])
        return out


def bullet_chart(rows: list[Bullet], label: str, key: str) -> str:
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

        parts.append(f'<text class="clabel" x="{left}" y="{top + 12}">{esc(clip(row.label, 34))}</text>')
        parts.append(f'<rect class="track" x="{left}" y="{top + 17}" width="{bar_w}" height="12"/>')
        notes = []
        if (a := row.actual) is not None:
            x0, x1 = sorted((x(0.0), x(a.value)))
            bar = (
                f'<rect class="bar {esc(a.css)}" x="{x0}" y="{top + 19}" width="{round(max(x1 - x0, 1.5), 1)}" '
                f'height="8"><title>{esc(a.tip)}</title></rect>'
            )
            parts.append(linked(a.href, bar))
            notes.append(a.note)
        if (t := row.target) is not None:
            tx = x(t.value)
            if t.value_max is not None:
                parts.append(
                    f'<rect class="range" x="{tx}" y="{top + 15}" width="{round(x(t.value_max) - tx, 1)}" height="16"/>'
                )
            marker = (
                f'<rect class="target" x="{round(tx - 1.5, 1)}" y="{top + 14}" width="3" height="18">'
                f"<title>{esc(t.tip)}</title></rect>"
            )
            parts.append(linked(t.href, marker))
            notes.append(t.note)
        if lo < 0:
            parts.append(f'<line class="zero" x1="{x(0.0)}" x2="{x(0.0)}" y1="{top + 15}" y2="{top + 31}"/>')
        parts.append(f'<text class="cnote" x="{left}" y="{top + 42}">{esc(" · ".join(notes))}</text>')
    height = 4 + len(rows) * row_h
    return (
        f'<svg class="chart" role="img" aria-label="{esc(label)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">{"".join(parts)}</svg>'
        f'<p class="chart-key">{key}（百分比各行同一刻度，其他各行自有刻度）</p>'
    )
