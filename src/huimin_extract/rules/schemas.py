"""The schemas of the rule files: one pydantic model per file in `rules/` (`RULE_FILES`), each key typed and
checked when the file is loaded (`rules.load`), unknown keys refused. docs/rules.md is generated from these models
(`rules/reference.py`); the stages read the loaded, validated rules through their own loaders (`unit_table()`,
`compiled_rules()`, …).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Literal

import regex
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from ..models import Bound, Measure, Status


class _Rules(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


How = Literal["absolute", "relative", "plan"]


def _compiles(pattern: str) -> str:
    try:
        regex.compile(pattern)
    except regex.error as err:
        raise ValueError(f"{pattern!r} is not a regular expression ({err})") from None
    return pattern


RegexText = Annotated[str, AfterValidator(_compiles)]
"""A pattern of the `regex` engine (the rule stages' engine), checked as the file is loaded."""


# --- sections.yaml (segment.py) -------------------------------------------------------------------


class FrameRule(_Rules):
    frame: str
    pattern: str


class SectionRules(_Rules):
    officials: list[Annotated[str, Field(min_length=1)]] = Field(min_length=1)
    boilerplate_lines: list[str]
    footer_starts: list[str] = []
    dateline: str
    part_heading: str
    glossary_heading: str
    frames: list[FrameRule]


# --- report.yaml (metadata.py) --------------------------------------------------------------------


class RegularTerms(_Rules):
    term: int = Field(ge=1)
    first_year: int
    sessions: int = Field(ge=1)


class CongressRules(_Rules):
    pattern: str
    session_years: dict[int, list[int]]
    regular: RegularTerms


class NationalRules(_Rules):
    region: str
    pattern: str


class ReportRules(_Rules):
    title_words: str
    title_max: int = Field(ge=1)
    title_not: str
    title_search_lines: int = Field(ge=1)
    dateline: str
    review: list[str]
    plan: list[str]
    in_year: str
    in_year_min: int = Field(ge=1)
    congress: CongressRules
    congress_votes: int = Field(ge=1)
    congress_within: int = Field(ge=0)
    filename_year: str
    region_in_dateline: str
    region_max: int = Field(ge=1)
    national: NationalRules


# --- numerals.yaml (numerals.py) ------------------------------------------------------------------


class NumeralRules(_Rules):
    """rules/numerals.yaml (each key is documented in the file)."""


    digits: dict[str, int]
    small_units: dict[str, int]
    big_units: dict[str, int]
    magnitudes: dict[str, int]
    decimal_point: str = Field(min_length=1, max_length=1)
    unknown_digit: str = Field(min_length=1, max_length=1)
    fraction_mark: str = Field(min_length=1)
    mixed_fraction_mark: str = Field(min_length=1, max_length=1)
    shares: dict[str, str] = Field(min_length=1)
    percent_unit: str = Field(min_length=1)
    tenths: list[str]
    half: str = Field(min_length=1, max_length=1)
    signs: dict[str, int]
    sign_after: list[str]
    range_pairs: list[str]
    variants: dict[str, str]
    financial: dict[str, str]
    financial_words: dict[str, str]
    zero_variants: dict[str, str]
    range_separators: list[str] = Field(min_length=1)
    not_a_count_alone: list[str]
    magnitude_alone: list[str]

    @model_validator(mode="after")
    def _consistent(self) -> NumeralRules:
        for table in (self.digits, self.small_units, self.big_units, self.signs):
            for ch in table:
                if len(ch) != 1:
                    raise ValueError(f"numeral {ch!r} must be one character")
        for name in ("variants", "financial", "financial_words", "zero_variants"):
            for old, new in getattr(self, name).items():
                if len(old) != 1 or len(new) != 1:
                    raise ValueError(f"{name}: {old!r} -> {new!r} must map one character to one (offsets stay exact)")
        numeral = set(self.digits) | set(self.small_units) | set(self.big_units)
        for name in ("financial", "financial_words", "zero_variants"):
            for old, new in getattr(self, name).items():
                if new not in numeral:
                    raise ValueError(f"{name}: {old!r} -> {new!r} is not a numeral")
        for pair in self.range_pairs:
            if len(pair) != 2 or any(c not in self.digits for c in pair) or self.digits[pair[0]] >= self.digits[pair[1]]:
                raise ValueError(f"range pair {pair!r} must be two digits, the smaller first")
        for prefix in self.shares:
            if not prefix.endswith(self.fraction_mark):
                raise ValueError(f"share {prefix!r} must end with the fraction mark {self.fraction_mark!r}")
        return self

    @property
    def units(self) -> dict[str, int]:
        return {**self.small_units, **self.big_units}


# --- units.yaml, qualifiers.yaml, nonquantities.yaml (quantity_rules.py) --------------------------


class UnitRule(_Rules):
    dimension: str
    base: str | None = None
    factor: str = "1"
    classifier: bool = False
    needs_classifier: bool = False
    arabic_only: bool = False

    @field_validator("factor")
    @classmethod
    def _factor(cls, value: str) -> str:
        try:
            f = Fraction(value)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"factor {value!r} is not a decimal or a fraction") from None
        if f <= 0:
            raise ValueError(f"factor {value!r} must be positive")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> UnitRule:
        if self.needs_classifier and not self.classifier:
            raise ValueError("needs_classifier requires classifier")
        if self.base is None and self.factor != "1":
            raise ValueError("a factor needs a base unit")
        return self

    @property
    def fraction(self) -> Fraction:
        return Fraction(self.factor)


class UnitTable(_Rules):
    classifier: str = Field(min_length=1)
    per: str = Field(min_length=1)
    dimensions: list[str] = Field(min_length=1)
    units: dict[str, UnitRule] = Field(min_length=1)

    @model_validator(mode="after")
    def _bases_consistent(self) -> UnitTable:
        for name, rule in self.units.items():
            if not name or any(c.isspace() for c in name):
                raise ValueError(f"unit {name!r}: empty or has spaces")
            if rule.dimension not in self.dimensions:
                raise ValueError(
                    f"unit {name}: unknown dimension {rule.dimension!r} (one of {', '.join(self.dimensions)}; "
                    "a new one goes in `dimensions`)"
                )
            if rule.base is not None and rule.base in self.units:
                base = self.units[rule.base]
                if base.dimension != rule.dimension:
                    raise ValueError(f"unit {name}: base {rule.base} has dimension {base.dimension}")
        return self


class Qualifier(_Rules):
    approx: str | None = None
    bound: Bound | None = None
    not_after: list[str] = []


class Qualifiers(_Rules):
    approx_words: list[str] = Field(min_length=1)
    prefix: dict[str, Qualifier]
    suffix: dict[str, Qualifier]
    inner: dict[str, Qualifier]

    @model_validator(mode="after")
    def _approx_known(self) -> Qualifiers:
        for side in ("prefix", "suffix", "inner"):
            for word, rule in getattr(self, side).items():
                if rule.approx is not None and rule.approx not in self.approx_words:
                    raise ValueError(f"{side}.{word}: approx {rule.approx!r} is not one of approx_words")
        return self

    @field_validator("inner")
    @classmethod
    def _one_char(cls, value: dict[str, Qualifier]) -> dict[str, Qualifier]:
        for k in value:
            if len(k) != 1:
                raise ValueError(f"inner qualifier {k!r} must be one character")
        return value


class NonQuantities(_Rules):
    unit_clashes: list[str]
    ordinal_before: list[str]
    name_after: list[str]
    spans: dict[str, RegexText]
    line_labels: str
    quotes: list[str]
    titles: list[str]
    formula_marks: str

    @field_validator("quotes", "titles")
    @classmethod
    def _pairs(cls, value: list[str]) -> list[str]:
        for pair in value:
            if len(pair) != 2:
                raise ValueError(f"{pair!r} must be an opening and a closing mark")
        return value


# --- periods.yaml (periods.py) --------------------------------------------------------------------


class PlanRules(_Rules):
    anchor_ordinal: int = Field(ge=1)
    anchor_first_year: int
    length: int = Field(ge=1)
    regular_from: int = Field(ge=1)
    early_first_years: dict[int, int]
    quoted_after: list[str]
    end_after: list[str]


class YearRange(_Rules):
    min: int
    max: int


class PeriodRules(_Rules):
    years: YearRange
    range_separators: list[str] = Field(min_length=1)
    until_before: list[str]
    until_not_after: list[str]
    since_after: list[str]
    year_parts: list[str]
    relative: dict[str, tuple[int, int]]
    not_after: list[str]
    section_year: list[str]
    previous_year: list[str] = []
    years_back_before: list[str]
    years_back_after: list[str]
    years_ahead_before: list[str]
    years_total_after: list[str]
    count: RegexText
    plan: PlanRules

    @field_validator("relative")
    @classmethod
    def _ordered(cls, value: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
        for surface, (lo, hi) in value.items():
            if lo > hi:
                raise ValueError(f"{surface}: from offset {lo} is after to offset {hi}")
        return value


# --- metrics.yaml, cues.yaml (lexicon.py) ---------------------------------------------------------


class MetricEntry(_Frozen):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    aliases: list[str] = []
    growth_aliases: list[str] = []
    dimension: str | None
    direction: Literal["higher", "lower"]
    headline: bool = False
    parts: list[str] = []
    units: list[str] = []


class MetricLexicon(_Frozen):
    region_prefixes: list[str]
    heads: list[str]
    count_units: list[str]
    metrics: list[MetricEntry]

    @model_validator(mode="after")
    def _consistent(self) -> MetricLexicon:
        ids = [m.id for m in self.metrics]
        if len(ids) != len(set(ids)):
            raise ValueError(f"duplicate metric id: {sorted({i for i in ids if ids.count(i) > 1})}")
        seen: dict[str, str] = {}
        for m in self.metrics:
            for surface in [m.name, *m.aliases, *m.growth_aliases]:
                if surface in seen and seen[surface] != m.id:
                    raise ValueError(f"surface {surface!r} names both {seen[surface]} and {m.id}")
                seen[surface] = m.id
            for part in m.parts:
                if part not in ids:
                    raise ValueError(f"{m.id}: unknown part {part!r}")
        return self


class KindCues(_Frozen):
    estimate: list[str]
    target: list[str]


class MeasureCues(_Frozen):
    avg_growth: list[str]
    growth: list[str]
    level: list[str]
    avg_words: list[str]
    negative: list[str]


class PlanExplanationCues(_Frozen):
    clause: list[str]
    sentence: list[str]


class CueRules(_Frozen):
    kind: KindCues
    target_leads: list[str]
    plan_explanation: PlanExplanationCues
    time_lead_openings: list[str]
    flow: list[str]
    span_level: list[str]
    reached: list[str]
    measure: MeasureCues
    comparison: list[str]
    comparison_markers: list[str]
    foundation: list[str]
    benchmark: list[str]
    benchmark_tail: list[str]
    distribute: list[str]
    each: list[str]
    list_separators: list[str]
    cumulative: list[str]
    cumulative_years: dict[str, int]
    share_links: list[str]
    share_heads: list[str]
    base: list[str]
    attributive: list[str]
    neutral_modifiers: list[str]
    counted_dimensions: list[str]
    streaks: list[str]
    list_counts: list[str]
    list_count_things: list[str]
    milestones: list[str]
    side_remarks: list[str]
    connectors: list[str]
    count_verbs: list[str]
    count_fillers: list[str]
    clause_count_verbs: list[str]
    thing_bad_ends: list[str]
    thing_bad_starts: list[str]
    thing_leads: list[str]
    thing_task_tails: list[str]
    thing_predicates: list[str]
    predicate_adverbs: list[str]
    generic_verbs: list[str]
    stock_additions: list[str]
    thing_units: list[str]
    edge_words: list[str]
    located: list[str]


# --- subjects.yaml (subjects.py) ------------------------------------------------------------------


class SubjectRules(_Rules):
    heads: list[str] = Field(min_length=1)
    openings: str


# --- projects.yaml (project_rules.py) -------------------------------------------------------------


class HeadRules(_Rules):
    """What a head word is: the end of a name that says what kind of thing it names (rules/projects.yaml `heads`)."""

    strong: list[str]
    context_free: list[str]
    facility: list[str]
    numbered: list[str]
    numerals: str
    look_alikes: list[str]
    group: list[str]
    apposition: list[str]


class GenericRules(_Rules):
    """What makes a name generic: a description, a kind, a programme or a role, not one undertaking (`generic`)."""

    starts: list[str]
    words: list[str]
    admin: list[str]
    set_words: list[str]
    kind_suffixes: str
    programme_ends: list[str]
    role_words: list[str]


class StopRules(_Rules):
    """What stops a match: the words that end a name or separate the names of a list (`stops`)."""

    boundaries: list[str]
    separators: list[str]
    joining: list[str]
    group_markers: list[str]
    name_verbs: list[str]


class ContextRules(_Rules):
    """What says a name is being built, and its status, investment and count (`context`)."""

    pre_cues: dict[str, Status | None]
    post_cues: dict[str, Status | None]
    works_words: list[str]
    investment_cues: list[str]
    approx_words: list[str]
    amount_suffixes: list[str]
    count_classifiers: list[str]
    vague_classifiers: list[str]


class ProjectRules(_Rules):
    """The schema of rules/projects.yaml: four categories, every key documented in the file."""

    heads: HeadRules
    generic: GenericRules
    stops: StopRules
    context: ContextRules


# --- attainment.yaml (attainment.py) --------------------------------------------------------------


class Tolerance(_Frozen):
    measure: Measure | None = None
    unit: str | None = None
    absolute: float | None = Field(default=None, ge=0)
    relative: float | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _one_amount(self) -> Tolerance:
        if (self.absolute is None) == (self.relative is None):
            raise ValueError("a tolerance gives exactly one of absolute and relative")
        return self


class AttainmentRules(_Frozen):
    """The schema of rules/attainment.yaml (every key documented in the file)."""

    floor_words: list[str]
    ceiling_words: list[str]
    approx_words: list[str]
    tolerances: list[Tolerance]
    lower_better_words: list[str]
    default_direction: Literal["higher", "lower"]
    project_name_suffixes: list[str]
    project_name_drop: str
    region_suffixes: list[str]
    part_of_year: list[RegexText]
    whole_year: list[str]
    series_predecessors: dict[str, list[str]]

    @model_validator(mode="after")
    def _qualifiers_known(self) -> AttainmentRules:
        from ..quantity_rules import qualifiers  # a rule file loaded through its stage (which imports this module)

        known = qualifiers().approx_words  # the vocabulary of `approx` (rules/qualifiers.yaml)
        for key in ("floor_words", "ceiling_words", "approx_words"):
            for word in getattr(self, key):
                if word not in known:
                    raise ValueError(f"{key}: {word!r} is not one of approx_words of qualifiers.yaml")
        return self


# Each shipped rule file and the model that validates it, in the pipeline's order.
RULE_FILES: dict[str, type[BaseModel]] = {
    "sections.yaml": SectionRules,
    "report.yaml": ReportRules,
    "numerals.yaml": NumeralRules,
    "units.yaml": UnitTable,
    "qualifiers.yaml": Qualifiers,
    "nonquantities.yaml": NonQuantities,
    "periods.yaml": PeriodRules,
    "metrics.yaml": MetricLexicon,
    "cues.yaml": CueRules,
    "subjects.yaml": SubjectRules,
    "projects.yaml": ProjectRules,
    "attainment.yaml": AttainmentRules,
}
