"""HTML building blocks shared by every page (`view`, `diffview`, `seriesview`): escaping, marks nested around
overlapping spans of a text, and the sortable table.

Highlights overlap (an indicator's figure is also a quantity; a project name may hold a quantity, a period may
cross a project). `nest` cuts the text at every span boundary and nests the pieces: at each boundary the spans
that end are closed and the ones still open are reopened, so the markup is always well formed and the text
content is exactly the source text. A mark's first element carries its `attrs`; a continuation after a split
carries its `cont_attrs`.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

NUM = ' class="num"'


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def linked(href: str | None, inner: str) -> str:
    return f'<a href="{esc(href)}">{inner}</a>' if href else inner


@dataclass
class Mark:
    start: int
    end: int
    rank: int
    key: str
    tag: str
    attrs: dict[str, str]
    cont_attrs: dict[str, str] | None = None  # attributes of a continuation after a split

    def open(self, first: bool) -> str:
        attrs = self.attrs if first or self.cont_attrs is None else self.cont_attrs
        return f"<{self.tag}" + "".join(f' {k}="{esc(v)}"' for k, v in attrs.items()) + ">"

    def close(self) -> str:
        return f"</{self.tag}>"


def nest(text: str, marks: Iterable[Mark]) -> str:
    """The escaped `text` with every mark wrapped around its span, split where spans cross.

    >>> m = [Mark(0, 3, 1, "a", "b", {}), Mark(2, 5, 2, "b", "i", {})]
    >>> nest("x<yz&w", m)
    '<b>x&lt;<i>y</i></b><i>z&amp;</i>w'
    """
    ordered = sorted(marks, key=lambda m: (m.start, -m.end, m.rank, m.key))
    starts: dict[int, list[Mark]] = {}
    for m in ordered:
        starts.setdefault(m.start, []).append(m)
    bounds = sorted({0, len(text), *(m.start for m in ordered), *(m.end for m in ordered)})
    out: list[str] = []
    stack: list[Mark] = []
    pos = 0
    for bound in bounds:
        out.append(html.escape(text[pos:bound], quote=False))
        pos = bound
        lowest = next((i for i, m in enumerate(stack) if m.end <= bound), None)
        reopen: list[Mark] = []
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


def table(
    caption: str, headers: list[tuple[str, bool]], rows: list[tuple[str | None, list[tuple[str, str | None]]]]
) -> str:
    """A sortable table: headers (label, numeric), rows (ref id, cells (html, sort key))."""
    if not rows:
        return f'<p class="none">{esc(caption)}：无</p>'
    head = "".join(
        f'<th scope="col"{NUM if numeric else ""}><button type="button">{esc(label)}</button></th>'
        for label, numeric in headers
    )
    body = []
    for order, (ref, cells) in enumerate(rows):
        tds = []
        for (content, key), (_, numeric) in zip(cells, headers, strict=True):
            key_attr = f' data-v="{esc(key)}"' if key is not None else ""
            tds.append(f"<td{NUM if numeric else ''}{key_attr}>{content}</td>")
        ref_attr = f' data-ref="{esc(ref)}"' if ref else ""
        body.append(f'<tr{ref_attr} data-order="{order}">' + "".join(tds) + "</tr>")
    return (
        f'<table class="sortable"><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )

