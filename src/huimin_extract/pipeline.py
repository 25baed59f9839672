"""The pipeline: wires the stages into a `Dataset`. No stage prints, exits or knows about the CLI."""

from __future__ import annotations

import hashlib
import os
from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import __version__
from .document import Doc
from .models import Dataset, Options, RuleFile, Sentence, Source, record_data
from .normalise import normalise
from .reading import Decoded, read_report, text_name
from .segment import Segmentation, segment

if TYPE_CHECKING:
    from .numbers import NumeralStats


def extract_file(path: str, *, report_year: int | None = None, encoding: str | None = None) -> Dataset:
    """Read, decode and extract the report at `path` (a text, a web page or a PDF)."""
    decoded = read_report(path, encoding=encoding)
    return extract_decoded(decoded, name=os.path.basename(path), report_year=report_year, encoding=encoding)


def extract_text(text: str, *, name: str = "<text>", report_year: int | None = None) -> Dataset:
    """Extract a report given as `str` (its `source.sha256` is that of the text encoded as UTF-8)."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return extract_decoded(Decoded(text=text, encoding="str", sha256=digest), name=name, report_year=report_year)


def shaping_options(encoding: str | None = None, report_year: int | None = None) -> Options | None:
    """The options that shape a dataset, as it records them: a forced encoding (as the codec used), a given
    year, the user rule files in force (HUIMIN_RULES, by name and sha256); None when there are none."""
    from .check import file_sha256
    from .reading import codec_for
    from .rules import user_rule_files

    rules = [RuleFile(name=os.path.basename(p), sha256=file_sha256(p)) for p in user_rule_files()]
    if encoding is None and report_year is None and not rules:
        return None
    return Options(encoding=codec_for(encoding) if encoding else None, year=report_year, rules=rules)


def extract_decoded(
    decoded: Decoded, *, name: str, report_year: int | None = None, encoding: str | None = None
) -> Dataset:
    """Extract the dataset of `decoded`, the report read from the file `name` (see `reading.read_report`),
    `encoding` being the one forced when it was read (recorded in `options`, with the year and rule files).

    For a web page or PDF, the source is the converted text, named `<stem>.txt` (see `reading.text_name`).
    """
    from .indicators import find_indicators
    from .numbers import find_quantities
    from .periods import find_periods, sentence_scans
    from .projects import find_projects
    from .timeline import Timeline

    text = decoded.text
    seg, doc = _segmented(text, report_year, name)
    if decoded.page_starts:
        set_pages(seg.sentences, decoded.page_starts)
    scans = sentence_scans(doc)  # the time expressions: masked by the quantity stage, resolved by the periods'
    quantities = find_quantities(doc, scans)
    periods = find_periods(doc, scans)
    del scans  # not held through the later stages: the peak is theirs
    timeline = Timeline(doc, periods)  # the time model both stages ask
    indicators = find_indicators(doc, quantities, periods, timeline)
    projects = find_projects(doc, quantities, periods, timeline)
    return Dataset(
        tool_version=__version__,
        options=shaping_options(encoding, report_year),
        source=Source(
            name=text_name(name) if decoded.original else name,
            encoding=decoded.encoding,
            sha256=decoded.sha256,
            length=len(text),
            original=decoded.original,
        ),
        report=seg.report,
        sections=seg.sections,
        paragraphs=seg.paragraphs,
        sentences=seg.sentences,
        glossary=seg.glossary,
        quantities=quantities,
        periods=periods,
        indicators=indicators,
        projects=projects,
    )


def _segmented(text: str, report_year: int | None, name: str | None = None) -> tuple[Segmentation, Doc]:
    """The segmentation of `text` (named `name`, whose file name may give the report year) and the `Doc`
    every stage reads."""
    norm = normalise(text)
    seg = segment(text, norm, report_year=report_year, name=name)
    doc = Doc(
        text=text,
        norm=norm,
        report_year=seg.report.year,
        sections=seg.sections,
        paragraphs=seg.paragraphs,
        sentences=seg.sentences,
        region=seg.report.region,
    )
    return seg, doc


def numeral_stats_file(path: str, *, report_year: int | None = None, encoding: str | None = None) -> NumeralStats:
    """How the numbers of the report at `path` were read: quantities, those in Chinese numerals, and the
    numerals left unread because they cannot be read with certainty (what `huimin numbers --stats` shows)."""
    from .numbers import numeral_stats

    return numeral_stats(_segmented(read_report(path, encoding=encoding).text, report_year, os.path.basename(path))[1])


def set_pages(sentences: list[Sentence], page_starts: Sequence[tuple[int, int]]) -> None:
    """Give each sentence the page it starts on, and `page_end` when it ends on a later one.

    `page_starts` holds (offset, page number) where each page's text begins, in order.

    >>> s = Sentence(id="s1", start=5, end=12, text="x" * 7, paragraph_id="p1", section_id=None, boilerplate=False)
    >>> set_pages([s], [(0, 1), (10, 2)]); (s.page, s.page_end)
    (1, 2)
    """
    offsets = [offset for offset, _ in page_starts]
    numbers = [number for _, number in page_starts]

    def page_at(offset: int) -> int:
        return numbers[max(0, bisect_right(offsets, offset) - 1)]

    for sentence in sentences:
        sentence.page = page_at(sentence.start)
        last = page_at(max(sentence.start, sentence.end - 1))
        sentence.page_end = last if last != sentence.page else None


def segment_file(path: str, *, report_year: int | None = None, encoding: str | None = None) -> dict[str, object]:
    """Only the segmentation of the report at `path`, as JSON-able data (what `huimin segment --json` prints)."""
    text = read_report(path, encoding=encoding).text
    seg = segment(text, normalise(text), report_year=report_year, name=os.path.basename(path))
    return {
        "report": seg.report.model_dump(mode="json"),
        "sections": [record_data(s, mode="json") for s in seg.sections],
        "paragraphs": [record_data(p, mode="json") for p in seg.paragraphs],
        "sentences": [record_data(s, mode="json") for s in seg.sentences],
        "glossary": [record_data(g, mode="json") for g in seg.glossary],
    }
