"""The rules of quantities, loaded once: units and measure words (rules/units.yaml), the qualifiers of a
figure (rules/qualifiers.yaml) and the numbers that are not quantities (rules/nonquantities.yaml), validated by
their models in rules/schemas.py. The finder (numbers.py), the reader (numerals.py) and the stages after them
read them here.
"""

from __future__ import annotations

from functools import lru_cache

from . import rules
from .rules.schemas import NonQuantities, Qualifiers, UnitTable

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
