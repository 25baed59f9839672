"""Flat rows of a dataset (indicators, projects) and the CSV writer, for analysts and panels."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import Any

from .models import Dataset, Reason, Sentence, record_data
from .writers import write_atomic

INDICATOR_FIELDS = [
    "region", "report_year", "source", "id", "metric_id", "metric", "metric_text", "subject", "kind", "measure",
    "period", "value", "value_max", "unit", "approx", "shown", "start", "end", "value_start", "value_end", "page",
    "why_period", "why_kind", "sentence",
]  # fmt: skip
PROJECT_FIELDS = [
    "region", "report_year", "source", "id", "name", "investment", "status", "period",
    "group_count", "group_investment", "group_level", "start", "end", "page", "sentence",
]  # fmt: skip
"""`page`: the PDF page the record's sentence starts on (empty for a text or web page)."""


def _meta(ds: Dataset) -> dict[str, Any]:
    return {"region": ds.report.region, "report_year": ds.report.year, "source": ds.source.name}


def indicator_rows(ds: Dataset) -> list[dict[str, Any]]:
    """A row per indicator: `value` in base units (`723200000000`, unit 元), `shown` as written (`7232亿元`)."""
    from .compare import shown

    sentences = {s.id: s for s in ds.sentences}
    quantities = {q.id: q for q in ds.quantities}
    rows = []
    for i in ds.indicators:
        row = _meta(ds) | record_data(i, include=set(INDICATOR_FIELDS))
        row["shown"] = shown(i, quantities)
        row["why_period"] = explain(i.period_reason)
        row["why_kind"] = explain(i.kind_reason)
        row |= _sentence_fields(sentences.get(i.sentence_id or ""))
        rows.append({k: row.get(k) for k in INDICATOR_FIELDS})
    return rows


def explain(reason: Reason | None) -> str:
    """One line saying why: where the cue stands, what it says and the rule applied.

    >>> explain(Reason(basis="paragraph", cue="刚刚过去的2025年", cue_start=0, cue_end=11))
    'paragraph: 刚刚过去的2025年'
    >>> explain(Reason(basis="heading", cue="一、“十四五”发展回顾", cue_start=0, cue_end=11, rule="a level at the span's end"))
    "heading: 一、“十四五”发展回顾 → a level at the span's end"
    """
    if reason is None:
        return ""
    text = reason.basis
    if reason.cue:
        text += f": {reason.cue}"
    if reason.rule:
        text += f" → {reason.rule}"
    return text


def project_rows(ds: Dataset) -> list[dict[str, Any]]:
    sentences = {s.id: s for s in ds.sentences}
    rows = []
    for p in ds.projects:
        row = _meta(ds) | record_data(p, include=set(PROJECT_FIELDS))
        row["group_count"] = p.group.count if p.group else None
        row["group_investment"] = p.group.investment if p.group else None
        row["group_level"] = p.group.level if p.group else None
        row |= _sentence_fields(sentences.get(p.sentence_id or ""))
        rows.append({k: row.get(k) for k in PROJECT_FIELDS})
    return rows


def _sentence_fields(sentence: Sentence | None) -> dict[str, Any]:
    return {"page": sentence.page if sentence else None, "sentence": sentence.text if sentence else ""}


def to_csv(rows: list[dict[str, Any]], bom: bool = False, fields: list[str] | None = None) -> str:
    """CSV text of `rows` (columns: `fields`, else the first row's keys); a header even when there are no rows."""
    buffer = io.StringIO()
    fields = fields or (list(rows[0]) if rows else [])
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return ("\ufeff" if bom else "") + buffer.getvalue()


def write_csv(rows: list[dict[str, Any]], path: Path, bom: bool = False, fields: list[str] | None = None) -> None:
    """Write rows as CSV to `path` atomically, or to stdout when `path` is `-`."""
    text = to_csv(rows, bom, fields)
    if str(path) == "-":
        sys.stdout.write(text)
    else:
        write_atomic(Path(path), text)
