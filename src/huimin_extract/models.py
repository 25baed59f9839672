"""The dataset: Pydantic v2 models for everything `extract` produces.

Every record that points into the report carries `start`, `end` and `text` with
`text == source_text[start:end]` (offsets index the decoded text, see docs/architecture.md).
Field order here is the field order of the JSON and YAML output.

The records a report has by the thousand (spans of the text, the figures and what is said of them) are pydantic
dataclasses with slots, made by `record`: they validate as models do, and take about a tenth of a model's memory
(no `__dict__`, no set of the fields given per instance; a Sentence 0.1 KB against 1.1 KB). Copy one with
`dataclasses.replace`, dump it with `record_data`. The few records a dataset has once are models.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Literal, TypeVar, dataclass_transform

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
from pydantic.dataclasses import dataclass

SCHEMA_VERSION = "1.2"
"""1.1: `report.year_source`; indicators' `subject`, `period_reason` and `kind_reason`; measure `change`;
`source.original` (the web page or PDF a text was converted from), `sentences[].page` and `page_end`.
1.2: `options`, the options that shaped the dataset (absent when there were none)."""

Number = int | float
"""A value: an `int` when it is whole (`309亿元` -> 30900000000), else a `float` (`3.6`)."""

Frame = Literal["title", "review", "plan_year", "plan_period", "glossary", "other"]
Kind = Literal["actual", "estimate", "target"]
Measure = Literal["level", "growth", "avg_growth", "change"]
"""change: an absolute change in the figure's own unit (比上年增加1800亿元, 提高20元); a change in 百分点 is growth."""
Bound = Literal["min", "max"]
Basis = Literal["clause", "sentence", "paragraph", "part", "heading", "report"]
YearSource = Literal["option", "title", "dateline", "content", "filename"]
Status = Literal["planned", "started", "under_construction", "completed", "operating"]

_T = TypeVar("_T")
_NO_EXTRA = ConfigDict(extra="forbid")


class _Model(BaseModel):
    """What a dataset has once (its source, report, options): a model, with no extra fields."""

    model_config = _NO_EXTRA


@dataclass_transform(kw_only_default=True, field_specifiers=(Field,))
def record(cls: type[_T]) -> type[_T]:
    """A record of which a report has many: a pydantic dataclass with slots, keyword arguments only, no extra
    fields. (A field's description goes in `Annotated[type, Field(...)]`: a `Field` given as the default would
    make pydantic list the field among the positional ones, ahead of the others in the JSON Schema.)"""
    return dataclass(config=_NO_EXTRA, slots=True, kw_only=True)(cls)


@cache
def _adapter(kind: type) -> TypeAdapter[Any]:
    return TypeAdapter(kind)


def record_data(
    item: object, *, mode: Literal["python", "json"] = "python", include: set[str] | None = None
) -> dict[str, Any]:
    """A `record`'s fields as a dict, as the dataset writes them (`model_dump` for a model)."""
    data: dict[str, Any] = _adapter(type(item)).dump_python(item, mode=mode, include=include)
    return data


@record
class Span:
    """A piece of the report: `text == source_text[start:end]`."""

    id: str
    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]
    text: str


InputType = Literal["html", "pdf"]


def _absent(value: object) -> bool:
    return value is None


class Original(_Model):
    """The file a report's text was converted from: a web page or a PDF (the text itself is the `Source`)."""

    name: str = Field(description="file name of the web page or PDF")
    type: InputType = Field(description="html (a web page) or pdf")
    sha256: str = Field(description="sha256 of the file's bytes")
    encoding: str | None = Field(
        description="how a web page was decoded (its own declaration, else detected); null for a PDF"
    )
    pages: int | None = Field(description="number of pages of a PDF; null for a web page")


class Source(_Model):
    """The text that every offset indexes."""

    name: str = Field(
        description="file name of the text: the input itself, or `<stem>.txt` converted from a web page or PDF and"
        " written beside the dataset (or the name given to extract_text)"
    )
    encoding: str = Field(description="how the bytes were decoded: utf-8, utf-8-sig, utf-16, gb18030")
    sha256: str | None = Field(description="sha256 of the text's bytes (of the UTF-8 text for extract_text)")
    length: int = Field(ge=0, description="length of the decoded text in characters")
    original: Original | None = Field(
        default=None, description="the web page or PDF the text was converted from; null for a text input"
    )


class Report(_Model):
    title: str | None
    title_start: int | None
    title_end: int | None
    year: int | None = Field(description="the year the report is delivered in (its plan year)")
    year_source: YearSource | None = Field(
        default=None,
        description="how the year was found: option (--year), title, dateline, content (what the text says of "
        "itself: 一、2018年工作回顾 -> 2019), filename (a year in the file name, as a last resort); None: not found",
    )
    region: str | None


@record
class Section(Span):
    """A heading and the stretch of text it governs (`start`/`end` cover the heading line only)."""

    level: Annotated[int, Field(ge=0, description="0 report title, 1 part, 2 一、, 3 （一）, 4 1., 5 lead-in bullet")]
    parent_id: str | None
    path: Annotated[list[str], Field(description="ids of the enclosing sections, outermost first, this one last")]
    body_end: Annotated[int, Field(ge=0, description="end of the text the section governs")]
    frame: Annotated[
        Frame, Field(description="time frame of the section: review, plan_year, plan_period, glossary, other")
    ]
    from_year: int | None
    to_year: int | None


@record
class Paragraph(Span):
    section_id: str | None
    boilerplate: Annotated[
        bool, Field(description="web-page leftovers (下载, 打印, 字号, photo captions), not report content")
    ]


@record
class Sentence(Span):
    paragraph_id: str
    section_id: str | None
    boilerplate: bool
    page: Annotated[
        int | None,
        Field(
            ge=1, exclude_if=_absent, description="PDF page the sentence starts on (1 = the first page); only for a PDF"
        ),
    ] = None
    page_end: Annotated[
        int | None,
        Field(ge=1, exclude_if=_absent, description="PDF page the sentence ends on, when it runs onto a later page"),
    ] = None


@record
class GlossaryEntry(Span):
    term: str
    term_start: int
    term_end: int
    definition: str
    definition_start: int
    definition_end: int


@record
class Quantity(Span):
    value: Number
    value_max: Number | None = None
    unit: str | None = None
    approx: Annotated[
        str | None,
        Field(
            description="the figure's qualifier as written: one of `approx_words` of rules/qualifiers.yaml (约 近 超 超过 逾 "
            "余 多 几 来 左右 以上 以内 以下, or a word a --rules file adds); `huimin validate` checks it",
        ),
    ] = None
    bound: Annotated[Bound | None, Field(description="min for 以上/不低于/超过…, max for 以内/以下/不超过…")] = None
    approx_start: int | None = None
    approx_end: int | None = None
    dimension: str | None = None
    base_value: Number | None = None
    base_unit: str | None = None
    sentence_id: str | None = None


@record
class Period(Span):
    from_year: int
    to_year: int
    how: Annotated[
        Literal["absolute", "relative", "plan"],
        Field(description="absolute (2021年), relative to the report year (去年), plan (十四五)"),
    ]
    sentence_id: str | None = None


@record
class Reason:
    """Why a figure got its period or its kind: where the deciding cue stands and what it says."""

    basis: Annotated[
        Basis,
        Field(
            description="where the cue stands: the figure's clause, its sentence, its paragraph (a time lead, a target "
            "lead), its part (a time lead of an earlier paragraph), its heading (the section's years and frame), or "
            "the report (its year)"
        ),
    ]
    cue: Annotated[str | None, Field(description="the cue as written (2025年, 预计, 主要预期目标是:, a heading)")] = (
        None
    )
    cue_start: int | None = None
    cue_end: int | None = None
    rule: Annotated[
        str | None, Field(description="the rule applied to it (a level at the span's end, a sum over the span, …)")
    ] = None


@record
class Indicator(Span):
    metric: str
    metric_id: str | None
    metric_text: str
    metric_start: int
    metric_end: int
    kind: Kind
    measure: Measure
    value: Number
    value_max: Number | None = None
    unit: str | None
    approx: Annotated[
        str | None,
        Field(
            description="the figure's qualifier (`approx_words` of rules/qualifiers.yaml) or the milestone written "
            "before it (`milestones` of rules/cues.yaml: 突破6万亿元); `huimin validate` checks it",
        ),
    ] = None
    period: Annotated[str | None, Field(description='"2021" or "2018-2021"')]
    value_start: int
    value_end: int
    sentence_id: str | None
    quantity_id: str | None
    subject: Annotated[
        str | None,
        Field(
            description="whose figure it is when not the region's: a city, sub-region, city cluster or zone "
            "(海口经济圈); the metric then names it and has no metric_id",
        ),
    ] = None
    period_reason: Reason | None = None
    kind_reason: Reason | None = None


@record
class ProjectGroup:
    count: int | None = None
    investment: Number | None = None
    level: str | None = None
    text: str


@record
class Project(Span):
    name: str
    investment: Number | None = None
    group: ProjectGroup | None = None
    status: Status | None = None
    period: str | None = None
    sentence_id: str | None = None


class RuleFile(_Model):
    name: str = Field(description="file name of a user rule file (--rules)")
    sha256: str = Field(description="sha256 of its bytes")


class Options(_Model):
    """The options that shaped a dataset: what a re-run must repeat to give the same dataset."""

    encoding: str | None = Field(default=None, description="the codec forced by --encoding (big5 recorded as cp950)")
    year: int | None = Field(default=None, description="the report year given by --year")
    rules: list[RuleFile] = Field(
        default=[], description="user rule files added to the shipped ones (--rules), in order"
    )


class Dataset(_Model):
    schema_version: str = SCHEMA_VERSION
    tool_version: str
    options: Options | None = Field(
        default=None, exclude_if=_absent, description="the options that shaped the dataset; absent: none (the defaults)"
    )
    source: Source
    report: Report
    sections: list[Section] = []
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    glossary: list[GlossaryEntry] = []
    quantities: list[Quantity] = []
    periods: list[Period] = []
    indicators: list[Indicator] = []
    projects: list[Project] = []
