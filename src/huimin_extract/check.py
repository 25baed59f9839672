"""Consistency checks on a dataset beyond its schema: spans, tiling, ids, references."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from .models import Dataset, Span


def _records(ds: Dataset) -> Iterator[tuple[str, Span]]:
    for name in ("sections", "paragraphs", "sentences", "glossary", "quantities", "periods", "indicators", "projects"):
        for record in getattr(ds, name):
            yield name, record


def problems(ds: Dataset, source_text: str | None = None) -> list[str]:
    """Every inconsistency found, as one line each (empty when the dataset is sound).

    With `source_text`, every span is checked against it: `source_text[start:end] == text`.
    """
    out: list[str] = []
    length = ds.source.length
    if source_text is not None and len(source_text) != length:
        out.append(f"source.length is {length} but the source text has {len(source_text)} characters")
    seen: set[str] = set()
    for name, r in _records(ds):
        if r.id in seen:
            out.append(f"{name} {r.id}: duplicate id")
        seen.add(r.id)
        if not 0 <= r.start <= r.end <= length:
            out.append(f"{name} {r.id}: span {r.start}-{r.end} out of range 0-{length}")
        elif len(r.text) != r.end - r.start:
            out.append(f"{name} {r.id}: text has {len(r.text)} characters but the span {r.end - r.start}")
        elif source_text is not None and source_text[r.start : r.end] != r.text:
            out.append(f"{name} {r.id}: text {r.text!r} differs from the source at {r.start}-{r.end}")
    by_paragraph: dict[str, list[Span]] = {}
    for s in ds.sentences:
        by_paragraph.setdefault(s.paragraph_id, []).append(s)
    for p in ds.paragraphs:
        sentences = by_paragraph.get(p.id, [])
        if not sentences:
            out.append(f"paragraph {p.id}: has no sentences")
            continue
        edges = [p.start] + [x for s in sentences for x in (s.start, s.end)] + [p.end]
        if any(a != b for a, b in zip(edges[::2], edges[1::2], strict=False)):
            out.append(f"paragraph {p.id}: sentences do not tile it")
    sentence_ids = {s.id for s in ds.sentences}
    quantity_ids = {q.id for q in ds.quantities}
    for name, r in _records(ds):
        sid = getattr(r, "sentence_id", None)
        if sid is not None and sid not in sentence_ids:
            out.append(f"{name} {r.id}: unknown sentence_id {sid}")
    out.extend(_unknown_qualifiers(ds))
    for i in ds.indicators:
        if i.quantity_id is not None and i.quantity_id not in quantity_ids:
            out.append(f"indicators {i.id}: unknown quantity_id {i.quantity_id}")
        if not i.start <= i.value_start <= i.value_end <= i.end:
            out.append(f"indicators {i.id}: value span {i.value_start}-{i.value_end} outside {i.start}-{i.end}")
    return out


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes (raises InputError when it cannot be read)."""
    from .reading import MAX_BYTES, _read_bytes

    return hashlib.sha256(_read_bytes(str(path), MAX_BYTES)).hexdigest()


def is_source_of(ds: Dataset, path: Path) -> bool:
    """True when `path` is the file `ds` was extracted from: the text itself, or the web page or PDF it came from
    (by sha256; a dataset that records none matches any file)."""
    digest = file_sha256(path)
    recorded = {ds.source.sha256, ds.source.original.sha256 if ds.source.original else None} - {None}
    return not recorded or digest in recorded


def source_mismatch(ds: Dataset, path: Path) -> str | None:
    """One line saying `path` is not the source of `ds`, or None when it is."""
    if is_source_of(ds, path):
        return None
    recorded = ds.source.original or ds.source
    return (
        f"{path} is not this dataset's source: the dataset records {recorded.name} with sha256 "
        f"{(recorded.sha256 or '')[:12]}…, this file has {file_sha256(path)[:12]}…"
    )


def source_text(ds: Dataset, path: Path) -> str:
    """The text of the source file `path` of `ds`, decoded as the dataset records (a web page or PDF converted)."""
    from .reading import read_report

    forced = ds.source.original is None and ds.source.encoding not in ("str", "utf-8", "utf-8-sig", "utf-16", "gb18030")
    return read_report(str(path), encoding=ds.source.encoding if forced else None).text


def _unknown_qualifiers(ds: Dataset) -> Iterator[str]:
    """Each `approx` that is no word of the rules in force (approx_words of rules/qualifiers.yaml, and for an
    indicator the milestones of rules/cues.yaml): the vocabulary is rule data, so a --rules file can add to it."""
    from .lexicon import cue_rules
    from .quantity_rules import qualifiers

    words = set(qualifiers().approx_words)
    words_or_milestones = words | set(cue_rules().milestones)
    for name, records, known in (("quantities", ds.quantities, words), ("indicators", ds.indicators, words_or_milestones)):
        for r in records:
            if r.approx is not None and r.approx not in known:
                yield (
                    f"{name} {r.id}: approx {r.approx!r} is not a qualifier of the rules in force "
                    "(approx_words of qualifiers.yaml; --rules adds to them)"
                )
