"""The rules of quantities, loaded once: units and measure words (rules/units.yaml), the qualifiers of a
figure (rules/qualifiers.yaml) and the numbers that are not quantities (rules/nonquantities.yaml), validated by
the models below. The finder (numbers.py), the reader (numerals.py) and the stages after them read them here.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

import regex
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from . import rules
from .models import Bound


class _Rules(BaseModel):
    model_config = ConfigDict(extra="forbid")


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
    spans: dict[str, str]
    line_labels: str
    quotes: list[str]
    titles: list[str]
    formula_marks: str

    @field_validator("spans")
    @classmethod
    def _compile(cls, value: dict[str, str]) -> dict[str, str]:
        for name, pattern in value.items():
            try:
                regex.compile(pattern)
            except regex.error as err:
                raise ValueError(f"{name}: {err}") from None
        return value

    @field_validator("quotes", "titles")
    @classmethod
    def _pairs(cls, value: list[str]) -> list[str]:
        for pair in value:
            if len(pair) != 2:
                raise ValueError(f"{pair!r} must be an opening and a closing mark")
        return value


SHARE_DIMENSIONS = ("percent", "percentage_point")  # dimensions of rules/units.yaml that are shares and rates


@lru_cache(maxsize=1)
def unit_table() -> UnitTable:
    """The loaded, validated rules/units.yaml (`unit_table().units["亩"].dimension == "area"`)."""
    return rules.load("units.yaml", UnitTable)


@lru_cache(maxsize=1)
def qualifiers() -> Qualifiers:
    return rules.load("qualifiers.yaml", Qualifiers)


@lru_cache(maxsize=1)
def nonquantities() -> NonQuantities:
    return rules.load("nonquantities.yaml", NonQuantities)
