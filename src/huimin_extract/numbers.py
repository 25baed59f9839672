"""Quantities: every figure in the report with its exact value, unit and qualifier.

This module finds the figures; `numerals.read` (the one reader) decides their values. A mention is the
numeral with its magnitude (万, 亿, 千) and its unit or measure word, plus an inner 余/多/来 (`350余场次`);
prefix qualifiers (约 近 超过 …) and suffix qualifiers (左右 以上 …) stay outside the span and are recorded
in `approx`/`bound` with their own offsets (rules/qualifiers.yaml). A range (`4.5%—5%`, `10至15个`,
`百分之十到二十`, `二三十人`) is one mention with `value` and `value_max`.

Values are exact: plain Arabic numbers are read as `decimal.Decimal` and the magnitude is folded in
(`53.47万人次` is 534700 人次), every other numeral by `numerals.read` (`三点五亿`, `2万5000`, `二十几万`,
`八成` 80 %, `三分之一`), then written as `int` when whole, else `float`. A numeral the reader cannot read
with certainty is left out and listed by `scan_quantities` (`huimin numbers --stats`). Units come from
rules/units.yaml with their dimension and the factor to a base unit (`122万平方米` -> 1220000 m², `1080亩`
-> 720000 m²).

Not quantities: years and dates (they are periods: `periods.time_spans` masks them), clock times, ratios,
web addresses, list labels (`1.`, `(一)`), codes and names (`G6高速公路`, `110国道`, `第19届`), numerals
inside titles (`《中国制造2025》`), and slogans written with Chinese numerals inside quotes (`“两个屏障”`,
`“六个一”`). Chinese numerals count only before a unit (`两轮`, `十余轮`, `近万名`), as the low end of a range
(`三至五年`), or as a share, tenths or fraction (`百分之五`, `八成`, `三分之一`).
Rules: rules/units.yaml, rules/numerals.yaml, rules/qualifiers.yaml, rules/nonquantities.yaml.
"""

from __future__ import annotations

import math
import re
import string
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache, lru_cache

import regex
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from . import rules
from .document import Doc
from .models import Bound, Quantity
from .normalise import normalise
from .numerals import NumeralRules, Unreadable, numeral_rules
from .numerals import read as read_numeral
from .periods import period_rules, time_spans


# --- rule files ----------------------------------------------------------------------------------------
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


# --- reading numbers -----------------------------------------------------------------------------------
def parse_number(s: str) -> Decimal:
    """Read an Arabic, Chinese or mixed number exactly (`numerals.read`), as a `Decimal`.

    A share reads as its number of hundredths (or thousandths), a fraction as its quotient (to 28 digits when
    it has no exact decimal); a range, or a numeral that cannot be read with certainty, raises ValueError.

    >>> parse_number("1,234.5"), parse_number("３．６"), parse_number("-2.5"), parse_number("53.47万")
    (Decimal('1234.5'), Decimal('3.6'), Decimal('-2.5'), Decimal('534700'))
    >>> parse_number("1.4万亿"), parse_number("3千"), parse_number("三点五亿"), parse_number("百分之五")
    (Decimal('1400000000000'), Decimal('3000'), Decimal('350000000'), Decimal('5'))
    >>> [int(parse_number(x)) for x in ["十一", "二十五", "一百二十", "三千五百", "两", "一百零五", "万", "一万三"]]
    [11, 25, 120, 3500, 2, 105, 10000, 13000]
    >>> int(parse_number("三千五百万")), int(parse_number("一亿五千万")), int(parse_number("三万亿"))
    (35000000, 150000000, 3000000000000)
    >>> parse_number("三分之一")
    Decimal('0.3333333333333333333333333333')
    """
    reading = read_numeral(s.strip())
    if reading.value_max is not None:
        raise Unreadable(f"{s!r} is a range, not one number")
    return _decimal(reading.value)


def _decimal(value: Fraction) -> Decimal:
    """The exact decimal of `value` when it has one (a denominator of twos and fives), else the quotient
    to the context's precision.

    >>> _decimal(Fraction(2469, 2)), _decimal(Fraction(534700)), _decimal(Fraction(1, 3))
    (Decimal('1234.5'), Decimal('534700'), Decimal('0.3333333333333333333333333333'))
    """
    den = value.denominator
    twos = (den & -den).bit_length() - 1
    fives = 0
    rest = den >> twos
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    if rest != 1:
        return Decimal(value.numerator) / Decimal(den)
    k = max(twos, fives)
    return Decimal(value.numerator * (10**k // den)).scaleb(-k)


def as_number(d: Decimal | Fraction) -> int | float:
    """`int` when whole, else the nearest `float` (for a `Decimal` and a `Fraction` alike: both are exact).

    >>> as_number(Decimal("534700.00")), as_number(Decimal("3.60")), as_number(Fraction(2000, 3))
    (534700, 3.6, 666.6666666666666)
    """
    if d == int(d):
        return int(d)
    return float(d)


def format_number(value: int | float) -> str:
    """A dataset number for people: no float noise, no exponent.

    >>> format_number(3.6), format_number(30900000000), format_number(1234567.5), format_number(-0.2)
    ('3.6', '30900000000', '1234567.5', '-0.2')
    """
    if isinstance(value, int):
        return str(value)
    return format(Decimal(repr(value)).normalize(), "f")


# --- the matcher ---------------------------------------------------------------------------------------
def _alt(words: list[str] | set[str] | dict[str, object]) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _fast(pattern: str, *, verbose: bool = False) -> regex.Pattern[str]:
    """Compile with `re` (built from escaped literals, these patterns mean the same in `re` and `regex`,
    and `re` scans them two to three times faster); with `regex` when `re` cannot read the pattern or it
    holds a class escape (\\s \\w \\d \\b \\p, which `re` and `regex` may read differently)."""
    if not re.search(r"\\[swdbSWDBpPNX]", pattern):
        try:
            return re.compile(pattern, re.VERBOSE if verbose else 0)  # type: ignore[return-value]
        except re.error:
            pass
    return regex.compile(pattern, regex.VERBOSE if verbose else 0)


@dataclass(frozen=True)
class _Matcher:
    candidate: regex.Pattern[str]
    term: regex.Pattern[str]
    suffix: regex.Pattern[str]  # a suffix qualifier (after a share, a tenths form or a fraction)
    doc_masks: list[regex.Pattern[str]]  # mask patterns scanned once over all of a report's sentences
    masks: list[regex.Pattern[str]]  # mask patterns scanned sentence by sentence (see `_joinable`)
    line_label: regex.Pattern[str]
    range_sep: regex.Pattern[str]
    plain_arabic: re.Pattern[str]  # an Arabic number (309, 1,234.5)
    arabic_magnitude: re.Pattern[str]  # an Arabic number and its magnitude, read without the reader (309亿)
    unit_rules: dict[str, UnitRule]
    # word lists of nonquantities.yaml as tuples: one str.startswith/endswith call tests them all
    unit_clashes: tuple[str, ...]
    ordinal_before: tuple[str, ...]
    name_after: tuple[str, ...]


# An Arabic number: the same forms numerals.read reads (a space after every digit is PDF text: 7 4 7 7 2,
# 8 .8); it starts after no digit and no decimal point.
_ARABIC = r"""(?<![0-9])(?<![0-9]\.)
    (?:[0-9](?:[ ][0-9])+|[0-9]{1,3}(?:[,，][0-9]{3})+(?![0-9])|[0-9]+)(?:[ ]?\.(?:[0-9](?:[ ][0-9])+|[0-9]+))?"""


def _numeral(n: NumeralRules, inner: str, unit_led: str, unit_first: str) -> str:
    """The pattern of one numeral as the reader reads it (numerals.read decides whether it is well formed).

    A run led by an Arabic number (309, 1.2万, 2万5000, 3分之1) or by Chinese numerals (三千五百, 三点五亿,
    三分之一, 一又二分之一, 二十几万, 七千多万), after a share prefix (百分之) and before a tenths mark after a
    Chinese digit (八成, 三成半; after Arabic digits 成 starts a word in the reports: E3000成功首飞). A Chinese digit never continues an Arabic-led run (9万亿三个台阶 is 9万亿 and 三个); Arabic
    digits follow a unit character (2万5000, 7 万5 千, PDF text's space after a digit) or 分之; a unit
    character that starts a unit is the unit's (3千米 is 3 千米). A single digit after a unit above 十 and
    before a measure word (`unit_first`: the first characters of units) is the next number's, not an
    abbreviated last digit (一万三 is 13000, 九万亿三个 is 九万亿 and 三个). Every lookbehind has a fixed
    width, so the stdlib `re` compiles the pattern (see `_fast`).
    """
    digits = regex.escape("".join(n.digits))
    units = regex.escape("".join([*n.small_units, *n.big_units]))
    big = regex.escape("".join(n.big_units))
    cn = digits + units
    point = regex.escape(n.decimal_point)
    frac = regex.escape(n.fraction_mark)
    frac_end = regex.escape(n.fraction_mark[-1])
    unknown = regex.escape(n.unknown_digit)
    zeros = regex.escape("".join(d for d, v in n.digits.items() if v == 0))
    nonzero = regex.escape("".join(d for d, v in n.digits.items() if v))
    unit_char = rf"(?!{unit_led})[{units}]" if unit_led else f"[{units}]"
    above_ten = regex.escape("".join(u for u, v in {**n.small_units, **n.big_units}.items() if v > 10))
    then_unit = rf"(?![ ]?[{unit_first}])" if unit_first else ""  # not followed by a measure word
    space_unit = rf"(?:[ ](?=[{units}]))?"  # 7 万: a space after a digit (PDF text)

    def after(chars: str) -> str:  # right after one of `chars`, or after it and a space
        return rf"(?:(?<=[{chars}])|(?<=[{chars}][ ]))"

    # Arabic digits after a unit: the next section (1万3千, 1亿5000万), the places below the unit filled
    # (2万5000, 3千500), or one abbreviated digit (1万5); 9万亿30个 is two numbers
    places = "|".join(
        rf"{after(regex.escape(u))}[0-9]{{{len(str(v)) - 1}}}(?![0-9.])"
        for u, v in {**n.small_units, **n.big_units}.items()
        if v > 10
    )
    after_unit = (
        rf"(?:{after(units)}{_ARABIC}(?=[ ]?[{units}])"
        rf"|{places}"
        rf"|{after(above_ten)}[0-9](?![ ]?[0-9.]){then_unit}"
        rf"|(?<={frac_end}){_ARABIC}){space_unit}"
    )
    inner_big = rf"[{inner}](?=[{big}])"  # 七千多万  十余万  10余万
    return rf"""
        (?P<share>(?<![{cn}]){_alt(n.shares)})?                        # 百分之 千分之 (五百分之二 is a fraction)
        (?:
            {_ARABIC}{space_unit}                                       # 309  1.2  7 4 7 7 2
            (?:{after_unit}|{unit_char}|{frac}(?=[0-9])|{inner_big})*    # 1.2万  2万5000  3分之1  10余万
          |
            (?:(?<![{nonzero}{unknown}])(?![{zeros}][{digits}])[{digits}]   # 三 (not 零三: 一年零三个月)
              | {unknown}(?=[{units}])                                  # 几十万, 几百: left unread
              | (?<![{cn}{unknown}0-9]){unit_char})                     # 十五  万
            (?:
                {after_unit}                                            # 三万5000
              | (?<![0-9])(?<![0-9][ ])(?<![{above_ten}])[{digits}]     # 三千五  二三十 (not 5三)
              | (?<![0-9])(?<![0-9][ ])[{digits}]{then_unit}            # 一万三 (not 一万三个: 三个)
              | {unit_char}                                             # 三千  十万万
              | (?<=[{cn}]){point}(?=[{digits}])                        # 三点五  (not 3点5: a time)
              | {frac}(?=[0-9{cn}])                                     # 三分之一
              | {regex.escape(n.mixed_fraction_mark)}(?=[0-9{cn}]+{frac})   # 一又二分之一
              | (?<=[{cn}]){unknown}                                    # 二十几
              | {inner_big}
            )*
        )
        (?:(?<=[{digits}])[{regex.escape("".join(n.tenths))}]{regex.escape(n.half)}?)?   # 八成  三成半 (not 3成: 成功)
    """


@lru_cache(maxsize=1)
def _matcher() -> _Matcher:
    n = numeral_rules()
    q = qualifiers()
    nq = nonquantities()
    table = unit_table()
    units = table.units
    ge = regex.escape(table.classifier)
    per = regex.escape(table.per)
    all_units = _alt(list(units))
    cn = "".join([*n.digits, *n.small_units, *n.big_units])
    plain_units = _alt([u for u, r in units.items() if not r.needs_classifier])
    classifier_units = _alt([u for u, r in units.items() if r.classifier])
    unit_led = _alt([u for u in units if u[0] in n.small_units or u[0] in n.big_units])  # 千米 千瓦 百分点
    numeral_chars = set(cn) | {n.decimal_point, n.unknown_digit, n.half, *n.tenths, *q.inner}
    unit_first = regex.escape("".join(sorted(({u[0] for u in units} | {table.classifier}) - numeral_chars)))
    inner = regex.escape("".join(q.inner))

    def unit_part(k: int) -> str:
        # 个 + a unit that takes it (65个工作日 -> 工作日), else a unit as written (59个 -> 个); one space may
        # stand before it (以全省 100 个县)
        return (
            rf"(?:[ ]?(?:(?P<ge{k}>{ge})(?P<cu{k}>{classifier_units})"
            rf"|(?P<unit{k}>{plain_units})(?:{per}(?P<per{k}>{all_units}))?))"  # 796元/月
        )

    prefixes = "|".join(
        "".join(f"(?<!{regex.escape(c)})" for c in q.prefix[p].not_after) + regex.escape(p)
        for p in sorted(q.prefix, key=lambda w: (-len(w), w))
    )
    signs = "".join(n.signs)
    # every mention starts with a prefix qualifier, a sign, a digit or a numeral: a lookahead on that one
    # character lets the scan skip every other position at once (the matches are the same)
    starts = set(cn) | {n.unknown_digit} | {p[0] for p in n.shares}
    first = "".join(sorted({p[0] for p in q.prefix} | set("-+—0123456789") | set(signs) | starts))
    term = rf"""
        (?=[{regex.escape(first)}])
        (?P<pre>{prefixes})?                             # prefix qualifier: 近 约 超过 … (not 节约, 最近)
        (?P<sign>[-+—{regex.escape(signs)}])?            # a sign (checked against the source character)
        (?P<num>{_numeral(n, inner, unit_led, unit_first)})          # 1,234.5  三千五百  2万5000  百分之七点八  三分之一
        (?:(?<=[0-9])[ ](?=[{inner}]))?                   # 3 0 0 多个: PDF text's space after a digit
        (?P<in1>[{inner}])?                              # 350余场次, 十余轮
        {unit_part(1)}?                                  # a unit: 3千米 is 千米, not 3000 米
        (?P<post>{_alt(q.suffix)})?                      # suffix qualifier: 左右 以上 …
    """
    first_candidate = "".join(sorted(set("0123456789") | starts | {n.fraction_mark[0]}))
    masks = [regex.compile(p) for p in nq.spans.values()]
    doc_masks = [p for p in masks if _joinable(p.pattern)]
    tenths = regex.escape("".join(n.tenths))
    run = cn + regex.escape(n.decimal_point + n.unknown_digit) + inner  # what a run of numerals is made of
    return _Matcher(
        # a quick test that a sentence may hold a quantity at all (most have no digit and no counted numeral)
        candidate=_fast(
            rf"(?=[{regex.escape(first_candidate)}])"  # the first character again lets the scan skip ahead
            rf"(?:[0-9]|{regex.escape(n.fraction_mark)}"  # Arabic digits, shares and fractions
            rf"|(?<![{run}])[{cn}{regex.escape(n.unknown_digit)}][{run}]*"  # from the start of a run: linear
            rf"(?:[{tenths}]|[ ]?{ge}?(?:{plain_units}|{classifier_units})))"  # 十余轮, 八成
        ),
        term=_fast(term, verbose=True),
        suffix=regex.compile(_alt(q.suffix)),
        doc_masks=doc_masks,
        masks=[p for p in masks if p not in doc_masks],
        line_label=regex.compile(nq.line_labels),
        range_sep=regex.compile(_alt(n.range_separators)),
        plain_arabic=re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"),
        arabic_magnitude=re.compile(rf"((?:[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)(?:\.[0-9]+)?)({_alt(n.magnitudes)})?"),
        unit_rules=units,
        unit_clashes=tuple(nq.unit_clashes),
        ordinal_before=tuple(nq.ordinal_before),
        name_after=tuple(nq.name_after),
    )


# Sentences are joined with NUL to scan them with one call per mask pattern (rather than one per sentence).
_SEP = "\x00"
_PUNCTUATION = set(string.punctuation)
_SAFE_GROUPS = ("(?:", "(?P<", "(?<!", "(?<=", "(?!", "(?=")
_QUANTIFIER = re.compile(r"\{[0-9]*(?:,[0-9]*)?\}")


def _joinable(pattern: str) -> bool:
    r"""Whether `pattern` finds in `s1 NUL s2 NUL …` exactly the matches it finds in each `s` alone.

    It does when nothing in it can match NUL: then no match crosses a NUL, and a lookaround next to a NUL
    sees what it sees at the end of a string. Decided conservatively on the text of the pattern: no NUL, no
    `.`, no negated or nested set, no escape but escaped punctuation (`\d`, `\x00`, `\W`, `\p{L}` … are
    out), no anchors, no group but (?: (?P< and lookarounds (so no inline flags), no `{` but a counted repeat
    (so no fuzzy matching).

    >>> _joinable(r"(?<![0-9.])[0-9]+/[0-9]+(?![0-9])"), _joinable(r"\([0-9]{1,3}\)|【[0-9]{1,3}】")
    (True, True)
    >>> [_joinable(p) for p in [r"[^0-9]", r"a.b", r"\W", r"(?i)a", r"^1", r"(?:ab){e<=1}", "a\x00"]]
    [False, False, False, False, False, False, False]
    """
    i, in_set = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == _SEP:
            return False
        if ch == "\\":
            if pattern[i + 1 : i + 2] not in _PUNCTUATION:
                return False
            i += 2
            continue
        if in_set:
            if ch == "[":
                return False
            in_set = ch != "]"
        elif ch == "[":
            if pattern.startswith("^", i + 1):
                return False
            in_set = True
            if pattern.startswith("]", i + 1):
                i += 1  # a `]` first in a set is the character itself
        elif ch in ".^$":
            return False
        elif ch == "(" and pattern.startswith("?", i + 1):
            if not pattern.startswith(_SAFE_GROUPS, i):
                return False
        elif ch == "{":
            m = _QUANTIFIER.match(pattern, i)
            if m is None:
                return False
            i = m.end()
            continue
        i += 1
    return not in_set


Value = Decimal | Fraction  # exact either way: Decimal for plain Arabic numbers (fast), Fraction from the reader


@dataclass
class _Term:
    start: int  # span start (a sign or the number), sentence-relative
    end: int  # span end (unit or inner qualifier), before any suffix qualifier
    num_start: int
    low: Value  # the number, unsigned (the low end of a range written in the numeral: 二三十)
    high: Value | None  # the high end of a range written in the numeral
    magnitude: int  # the factor written after the number itself (万 of 10万): a range's low end may take it
    negative: bool
    unit: str | None
    approx: str | None
    bound: Bound | None
    approx_span: tuple[int, int] | None
    pre: tuple[int, int, str] | None
    post: tuple[int, int, str] | None
    chinese: bool
    low_end: bool = False  # only the low end of a range (三 of 三至五年): dropped when no range follows
    share: bool = False  # a share (百分之五): a bare numeral after it and a range separator is its high end

    @property
    def value(self) -> Value:
        return -self.low if self.negative else self.low

    @property
    def raw(self) -> Value:
        """The number before its magnitude (10 of 10万)."""
        return self.low if self.magnitude == 1 else Fraction(self.low) / self.magnitude


@dataclass(frozen=True)
class Unread:
    """A numeral found in a sentence that could not be read with certainty, and why (`numerals.Unreadable`)."""

    start: int
    end: int
    text: str
    reason: str
    sentence_id: str | None = None


def _is_code(ch: str) -> bool:
    """A character that glues a number into a code: a Latin letter or an underscore (G6, PM_2.5)."""
    return bool(ch) and ch.isascii() and (ch.isalpha() or ch == "_")


def _is_year(n: int) -> bool:
    years = period_rules().years
    return years.min <= n <= years.max


def _enclosed(s: str, pairs: list[str]) -> list[tuple[int, int]]:
    """Spans (inside the marks) of every matched pair of marks in `s`."""
    spans: list[tuple[int, int]] = []
    for pair in pairs:
        open_, close = pair[0], pair[1]
        if open_ not in s:
            continue
        if open_ == close:
            idx = [m.start() for m in _mark_pattern(open_).finditer(s)]
            spans.extend((idx[k] + 1, idx[k + 1]) for k in range(0, len(idx) - 1, 2))
            continue
        stack: list[int] = []
        for m in _mark_pattern(pair).finditer(s):
            if m[0] == open_:
                stack.append(m.start())
            elif stack:
                spans.append((stack.pop() + 1, m.start()))
    return spans


@cache
def _mark_pattern(marks: str) -> re.Pattern[str]:
    """Any one of `marks` (a pair of quote or title marks, or one mark); a set of escaped characters means
    the same in `re`, which scans it faster."""
    return re.compile(f"[{re.escape(marks)}]")


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return bool(spans) and any(a <= pos < b for a, b in spans)


_MASK = "\x00"
_HAN = regex.compile(r"\p{Han}")
_FULLWIDTH_COMMA = "，"
_SIGNS = {"-": -1, "−": -1, "－": -1, "﹣": -1, "+": 1, "＋": 1}


def _masked_spans(sentences: list[str]) -> list[list[tuple[int, int]]]:
    r"""For each sentence, the spans masked before numbers are read: its time expressions (`periods.time_spans`)
    and what the mask patterns (nonquantities.yaml `spans`) find in it.

    The sentences are scanned together, joined with NUL, with one call per report rather than one per
    sentence; the joined scan finds in each sentence exactly what a scan of that sentence alone finds:
    - a mask pattern is scanned so only when `_joinable` shows that no part of it can match NUL;
    - no time expression holds or borders on a NUL: `time_spans` is made of digits, numerals and words, `\s`
      (not NUL), and lookarounds that fail or pass at a NUL as at the end of a string, and it resolves
      overlaps among spans that then never cross a NUL; so `time_spans(a + NUL + b)` is `time_spans(a)`
      followed by `time_spans(b)` moved by `len(a) + 1`.
    An empty match masks nothing and is left out.
    """
    m_ = _matcher()
    out: list[list[tuple[int, int]]] = [[] for _ in sentences]
    if not sentences:
        return out
    starts = []
    pos = 0
    for s in sentences:
        starts.append(pos)
        pos += len(s) + len(_SEP)
    joined = _SEP.join(sentences)
    for pat in m_.doc_masks:
        for m in pat.finditer(joined):
            a, b = m.span()
            if a < b:
                k = bisect_right(starts, a) - 1
                out[k].append((a - starts[k], b - starts[k]))
    for a, b in time_spans(joined):
        if a < b:
            k = bisect_right(starts, a) - 1
            out[k].append((a - starts[k], b - starts[k]))
    if m_.masks:
        for s, spans in zip(sentences, out, strict=True):
            for pat in m_.masks:
                spans += [m.span() for m in pat.finditer(s) if m.end() > m.start()]
    return out


def _terms(
    text: str, s: str, line_start: bool, masked: list[tuple[int, int]], unread: list[Unread] | None = None
) -> list[_Term]:
    """Single mentions in sentence `s` (matching copy; `text` is the same stretch of the source; `masked` the
    spans to mask in `s`, from `_masked_spans`). `s` has passed `_matcher().candidate`. Numerals that would
    count but cannot be read with certainty are left out and added to `unread` (sentence-relative spans)."""
    m_ = _matcher()
    n = numeral_rules()
    q = qualifiers()
    nq = nonquantities()
    # the working copy: masked stretches become NUL; a Chinese comma stays a comma (a clause break, or a
    # thousands separator between digits: 4，565)
    cuts: list[tuple[int, int, str]] = []
    i = text.find(_FULLWIDTH_COMMA)
    while i >= 0:
        cuts.append((i, i + 1, _FULLWIDTH_COMMA))
        i = text.find(_FULLWIDTH_COMMA, i + 1)
    cuts += [(a, b, _MASK * (b - a)) for a, b in masked]
    w = s
    if cuts:
        pieces = []
        pos = 0
        for a, b, fill in sorted(cuts):
            if b <= pos:
                continue
            a = max(a, pos)
            pieces += [s[pos:a], fill[len(fill) - (b - a) :]]
            pos = b
        pieces.append(s[pos:])
        w = "".join(pieces)
    if line_start:
        lead = len(s) - len(s.lstrip())
        m = m_.line_label.match(w, lead)
        if m:
            w = w[: m.start()] + _MASK * (m.end() - m.start()) + w[m.end() :]
    found = list(m_.term.finditer(w))
    if not found:
        return []
    quoted = _enclosed(s, nq.quotes)
    titled = _enclosed(s, nq.titles)
    marks = nq.formula_marks
    out: list[_Term] = []
    ordinal_end: int | None = None  # where the last ordinal ended: 七次、八次 continue it
    for m in found:
        ns, ne = m.span("num")
        num = m["num"]
        chinese = not any("0" <= c <= "9" for c in num)
        share = bool(m["share"])
        tenths = num[-1] in n.tenths or (num[-1] == n.half and len(num) > 1 and num[-2] in n.tenths)
        fraction = n.fraction_mark in num and not share
        unit = m["cu1"] or m["unit1"]
        per_unit = m["per1"]
        unit_start = m.start("ge1") if m["ge1"] else m.start("unit1") if m["unit1"] else None
        end = m.start("post") if m["post"] else m.end()
        post_group = "post" if m["post"] else None
        inner_group = "in1" if m["in1"] else None
        if share or tenths or fraction:
            # the numeral says its unit (or, a fraction, has none): a unit word after it is the next word's
            # (八成人口, 三分之一人口), and only a suffix qualifier may follow it
            unit, per_unit, unit_start, end, inner_group = None, None, None, ne, None
            if m["in1"] and (share or tenths):
                inner_group, end = "in1", m.end("in1")  # 百分之五十多, 七成多
            sm = m_.suffix.match(w, end)
            post_group = "suffix" if sm else None
            post_span = sm.span() if sm else None
        else:
            post_span = m.span("post") if m["post"] else None
        if chinese and unit and m_.unit_rules[unit].arabic_only:
            continue  # 三方: three parties, not three cubic metres
        if unit_start is not None and w.startswith(m_.unit_clashes, unit_start):
            if chinese:
                continue  # 两位数, 三门峡, 零部件
            unit, end, post_group, post_span = None, unit_start, None, None  # 3万家庭: a bare figure before a word
            while end > ne and s[end - 1] == " ":
                end -= 1
        after = s[end] if end < len(s) else ""
        prev = s[ns - 1] if ns > 0 else ""
        # a sign: the source character is a minus or plus sign (or 负) and no digit, letter or % stands before it
        negative = False
        signed = False
        if m["sign"]:
            src = text[m.start("sign")]
            left = s[m.start("sign") - 1] if m.start("sign") > 0 else ""
            sign = _SIGNS.get(src)
            if sign is None and m["sign"] in n.signs and (not _HAN.match(left) or left in n.sign_after):
                sign = n.signs[m["sign"]]  # 负5, 为负0.5% (not 减负1000亿元: a word)
            signed = sign is not None and not (left.isdigit() or _is_code(left) or left == n.percent_unit)
            negative = signed and sign is not None and sign < 0
        # --- what is not a quantity
        if _inside(ns, titled):
            continue
        if s.endswith(m_.ordinal_before, 0, m.start()) or (
            ordinal_end is not None and m.start() == ordinal_end + 1 and s[ordinal_end] == "、"
        ):
            ordinal_end = end
            continue  # 第19届, 十一届十次全会, 十二届七次、八次全会
        low_end = False  # 三至五年: a Chinese numeral without a unit may open a range
        share_high: str | None = None  # 百分之十到二十: a bare numeral closing a share's range
        if chinese:
            if not (share or tenths or fraction):
                if unit is None and not _inside(ns, quoted):
                    sep = m_.range_sep.match(w, end)
                    low_end = bool(sep and sep.end() < len(w) and (w[sep.end()] in n.digits or w[sep.end()] in n.units))
                    if out and out[-1].share and out[-1].post is None:
                        gap = m_.range_sep.fullmatch(w, out[-1].end, m.start())
                        if gap is not None and not m["pre"]:
                            share_high = out[-1].unit
                if _inside(ns, quoted) or (unit is None and not low_end and share_high is None):
                    continue  # 十九大, “四个意识”
                if num in n.not_a_count_alone and not low_end:
                    continue  # 一批, 二次供水
                if all(c in n.magnitude_alone for c in num) and not (m["pre"] or post_group):
                    continue  # 万亩杏园, 千年白道川, 千亿县
            elif tenths and num[0] in n.not_a_count_alone and len(num) <= 2 and not (m["pre"] or post_group):
                continue  # 一成不变 (but 一成以上 is 10 %)
        else:
            if _is_code(prev) or _is_code(after):
                continue  # G6, 5G, PM2.5, 4A级: codes
            if (prev and prev in marks and not signed) or (after and after in marks and unit is None):
                continue  # “1+N”, 4×4
            if unit is None and not (share or tenths or fraction):
                if signed and m["sign"] not in n.signs:
                    continue  # 歼-35: a dash in a name, not a negative amount
                if _inside(ns, quoted):
                    continue  # “1188”, “2030启航计划”, “从0到1”: numbers as names
                if ne - ns == len(num) and m_.plain_arabic.fullmatch(num):
                    if s.startswith(m_.name_after, end):
                        continue  # 110国道, 1号线, 90后, 7大领域
                    if "." not in num and len(num) == 4 and _is_year(int(num)):
                        continue  # 2025全球工业互联网大会: a year as part of a name
                    if num.endswith(".0"):
                        continue  # 数字政府2.0: a version
        # --- value and unit
        high: Value | None = None
        magnitude = 1
        num_approx: tuple[str, tuple[int, int]] | None = None
        am = m_.arabic_magnitude.fullmatch(num)
        if am is not None:
            # 1,234.5, 309亿, 1.2万 (most figures): what the reader reads, without its general path
            magnitude = n.magnitudes[am[2]] if am[2] else 1
            low: Value = Decimal(am[1].replace(",", "")) * magnitude
        else:
            try:
                reading = read_numeral(w[ns:ne], normalised=True)
            except Unreadable as err:
                if unread is not None:
                    unread.append(Unread(start=ns, end=ne, text=text[ns:ne], reason=str(err)))
                continue
            low, high, magnitude = abs(reading.value), reading.value_max, reading.magnitude
            if reading.value < 0:
                negative = not negative  # 负百分之五 (a sign inside the numeral is the reader's)
            unit = reading.unit or unit
            if reading.approx is not None and reading.approx_span is not None:
                num_approx = (reading.approx, (ns + reading.approx_span[0], ns + reading.approx_span[1]))
        if share_high is not None:
            unit = share_high
        if unit and per_unit:
            unit = f"{unit}{unit_table().per}{per_unit}"
        approx: str | None = None
        bound: Bound | None = None
        approx_span: tuple[int, int] | None = None
        pre = post = None
        if m["pre"]:
            rule = q.prefix[m["pre"]]
            pre = (m.start("pre"), m.end("pre"), m["pre"])
            approx, bound = rule.approx, rule.bound
            if rule.approx:
                approx_span = m.span("pre")
        if inner_group and not unit and magnitude == 1 and end < len(s) and _HAN.match(s[end]):
            end = m.start(inner_group)  # 2000多元化: the 多 starts the next word
            inner_group = None
        if approx is None and num_approx is not None:
            approx, approx_span = num_approx[0], num_approx[1]  # type: ignore[assignment]
        if inner_group and approx is None:
            approx = q.inner[m[inner_group]].approx
            approx_span = m.span(inner_group)
        if post_group and post_span is not None:
            word = w[post_span[0] : post_span[1]]
            rule = q.suffix[word]
            post = (post_span[0], post_span[1], word)
            if approx is None and rule.approx:
                approx, approx_span = rule.approx, post_span
            bound = bound or rule.bound
        out.append(
            _Term(
                start=m.start("sign") if signed else ns,
                end=end,
                num_start=ns,
                low=low,
                high=high,
                magnitude=magnitude,
                negative=negative,
                unit=unit,
                approx=approx,
                bound=bound,
                approx_span=approx_span,
                pre=pre,
                post=post,
                chinese=chinese,
                low_end=low_end,
                share=share,
            )
        )
    return out


def _join_ranges(s: str, terms: list[_Term]) -> list[tuple[_Term, _Term | None, Value, Value | None]]:
    """Pair `4.5%` and `5%` of `4.5%—5%` (also 5%-6%, 10至15个, 4.5%到5%, 百分之十到二十) into one mention.

    Returns (first, second or None, the value, the high end or None): in `5—10万元` the low end takes the
    high end's 万; a range written in one numeral (二三十) is its own.
    """
    m_ = _matcher()
    out: list[tuple[_Term, _Term | None, Value, Value | None]] = []
    i = 0
    while i < len(terms):
        a = terms[i]
        b = terms[i + 1] if i + 1 < len(terms) else None
        if (
            b is not None
            and a.post is None
            and b.pre is None
            and a.chinese == b.chinese
            and not a.negative
            and a.high is None
            and b.high is None
        ):
            gap = s[a.end : b.num_start]
            if m_.range_sep.fullmatch(gap) and (a.unit is None or a.unit == b.unit) and b.unit is not None:
                low: Value = a.low
                if a.magnitude == 1 and b.magnitude > 1 and a.low < b.raw:
                    low = a.low * b.magnitude  # 5—10万元: both ends in 万
                if b.low > low:
                    b.negative = False
                    b.start = b.num_start
                    out.append((a, b, low, b.low))
                    i += 2
                    continue
        if not a.low_end:
            out.append((a, None, a.value, a.high))
        i += 1
    # 分别提高20.9、36.2、54个百分点: bare figures listed with 、 take the unit of the figure that ends the list
    for k in range(len(out) - 2, -1, -1):
        a, b, _, _ = out[k]
        nxt = out[k + 1][0]
        if b is None and a.unit is None and a.magnitude == 1 and nxt.unit and s[a.end : nxt.start] == "、":
            a.unit = nxt.unit
    return out


@lru_cache(maxsize=1)
def _unit_bases() -> dict[str, tuple[str, str | None, Fraction]]:
    """unit -> (dimension, base unit, factor to the base unit), read once."""
    return {name: (rule.dimension, rule.base, rule.fraction) for name, rule in unit_table().units.items()}


def _base(value: Value, number: int | float, unit: str | None) -> tuple[str | None, int | float | None, str | None]:
    """(dimension, base_value, base_unit) of a value in `unit`; `number` is `as_number(value)`."""
    if unit is None:
        return None, None, None
    rule = _unit_bases().get(unit)
    if rule is None:
        return None, None, None
    dimension, base, factor = rule
    if base is None:
        return dimension, None, None
    if factor == 1 and (isinstance(number, int) or math.isfinite(number)):
        # a value in the base unit itself (元, %): `number` is already it (a finite float is the nearest float
        # to the value either way; only an overflow would differ, so it keeps the Fraction path)
        return dimension, number, base
    return dimension, as_number(Fraction(value) * factor), base


def find_quantities(doc: Doc) -> list[Quantity]:
    """Every quantity in the report's content sentences, ids q0001.. in span order, `sentence_id` set."""
    return scan_quantities(doc)[0]


def scan_quantities(doc: Doc) -> tuple[list[Quantity], list[Unread]]:
    """`find_quantities` and the numerals it left unread because they cannot be read with certainty
    (`几十万`, `三五`, `万三`), in span order with offsets into the report."""
    m_ = _matcher()
    found: list[Quantity] = []
    unread: list[Unread] = []
    # most sentences hold no digit and no counted numeral: they are dropped before any other work
    work = [(sent, s) for sent in doc.content_sentences() if m_.candidate.search(s := doc.norm[sent.start : sent.end])]
    for (sent, s), masked in zip(work, _masked_spans([s for _, s in work]), strict=True):
        t = doc.text[sent.start : sent.end]
        missed: list[Unread] = []
        terms = _terms(t, s, _starts_line(doc.norm, sent.start), masked, missed)
        unread += [
            Unread(start=sent.start + u.start, end=sent.start + u.end, text=u.text, reason=u.reason, sentence_id=sent.id)
            for u in missed
        ]
        for a, b, value, high in _join_ranges(s, terms):
            last = b or a
            start, end = sent.start + a.start, sent.start + last.end
            unit = last.unit
            approx, bound, approx_span = a.approx, a.bound, a.approx_span
            if b is not None:
                if approx is None and b.approx is not None:
                    approx, approx_span = b.approx, b.approx_span
                bound = bound or b.bound
            number = as_number(value)
            dimension, base_value, base_unit = _base(value, number, unit)
            found.append(
                Quantity(
                    id="",
                    start=start,
                    end=end,
                    text=doc.text[start:end],
                    value=number,
                    value_max=as_number(high) if high is not None else None,
                    unit=unit,
                    approx=approx,
                    bound=bound,
                    approx_start=sent.start + approx_span[0] if approx_span else None,
                    approx_end=sent.start + approx_span[1] if approx_span else None,
                    dimension=dimension,
                    base_value=base_value,
                    base_unit=base_unit,
                    sentence_id=sent.id,
                )
            )
    found.sort(key=lambda x: (x.start, x.end))
    for i, qty in enumerate(found, 1):
        qty.id = f"q{i:04d}"
    unread.sort(key=lambda u: (u.start, u.end))
    return found, unread


@dataclass(frozen=True)
class NumeralStats:
    """How a report's numbers were read (`huimin numbers --stats`)."""

    quantities: int
    chinese: int  # quantities written without an Arabic digit (三千五百户, 百分之七点八, 八成)
    unread: list[Unread]  # numerals left out because they cannot be read with certainty

    def as_dict(self) -> dict[str, object]:
        return {
            "quantities": self.quantities,
            "chinese": self.chinese,
            "unread": [
                {"start": u.start, "end": u.end, "text": u.text, "reason": u.reason, "sentence_id": u.sentence_id}
                for u in self.unread
            ],
        }


def numeral_stats(doc: Doc) -> NumeralStats:
    """Count the report's quantities, those in Chinese numerals, and the numerals left unread."""
    found, unread = scan_quantities(doc)
    chinese = sum(not any("0" <= c <= "9" for c in normalise(q.text)) for q in found)
    return NumeralStats(quantities=len(found), chinese=chinese, unread=unread)


def _starts_line(norm: str, offset: int) -> bool:
    """Whether only spaces stand between the last line break before `offset` and `offset`."""
    i = offset - 1
    while i >= 0 and norm[i] in " \t":
        i -= 1
    return i < 0 or norm[i] in "\n\r"
