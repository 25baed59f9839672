"""Quantities: every figure in the report with its exact value, unit and qualifier.

A mention is the number, its magnitude (万, 亿, 千) and its unit or measure word, plus an inner 余/多
(`350余场次`); prefix qualifiers (约 近 超过 …) and suffix qualifiers (左右 以上 …) stay outside the span and
are recorded in `approx`/`bound` with their own offsets (rules/qualifiers.yaml). A range (`4.5%—5%`,
`10至15个`) is one mention with `value` and `value_max`.

Values are exact: numbers are read as `decimal.Decimal` and the magnitude is folded in (`53.47万人次` is
534700 人次), then written as `int` when whole, else `float`. Units come from rules/units.yaml with their
dimension and the factor to a base unit (`122万平方米` -> 1220000 m², `1080亩` -> 720000 m²).

Not quantities: years and dates (they are periods: `periods.time_spans` masks them), clock times, ratios,
list labels (`1.`, `(一)`), codes and names (`G6高速公路`, `110国道`, `第19届`), numerals inside titles
(`《中国制造2025》`), and slogans written with Chinese numerals inside quotes (`“两个屏障”`, `“六个一”`).
Chinese numerals count only before a unit (`两轮`, `十余轮`, `近万名`) or as `百分之五`.
Rules: rules/units.yaml, rules/numerals.yaml, rules/qualifiers.yaml, rules/nonquantities.yaml.
"""

from __future__ import annotations

import math
import re
import string
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import cache, lru_cache

import regex
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from . import rules
from .document import Doc
from .models import Approx, Bound, Quantity
from .normalise import normalise
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
    units: dict[str, UnitRule] = Field(min_length=1)

    @model_validator(mode="after")
    def _bases_consistent(self) -> UnitTable:
        for name, rule in self.units.items():
            if not name or any(c.isspace() for c in name):
                raise ValueError(f"unit {name!r}: empty or has spaces")
            if rule.base is not None and rule.base in self.units:
                base = self.units[rule.base]
                if base.dimension != rule.dimension:
                    raise ValueError(f"unit {name}: base {rule.base} has dimension {base.dimension}")
        return self


class Numerals(_Rules):
    digits: dict[str, int]
    small_units: dict[str, int]
    big_units: dict[str, int]
    magnitudes: dict[str, int]
    percent_prefix: str
    percent_unit: str
    range_separators: list[str] = Field(min_length=1)
    not_a_count_alone: list[str]
    magnitude_alone: list[str]

    @model_validator(mode="after")
    def _single_chars(self) -> Numerals:
        for table in (self.digits, self.small_units, self.big_units):
            for ch in table:
                if len(ch) != 1:
                    raise ValueError(f"numeral {ch!r} must be one character")
        return self


class Qualifier(_Rules):
    approx: Approx | None = None
    bound: Bound | None = None
    not_after: list[str] = []


class Qualifiers(_Rules):
    prefix: dict[str, Qualifier]
    suffix: dict[str, Qualifier]
    inner: dict[str, Qualifier]

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


@lru_cache(maxsize=1)
def unit_table() -> UnitTable:
    """The loaded, validated rules/units.yaml (`unit_table().units["亩"].dimension == "area"`)."""
    return rules.load("units.yaml", UnitTable)


@lru_cache(maxsize=1)
def numerals() -> Numerals:
    return rules.load("numerals.yaml", Numerals)


@lru_cache(maxsize=1)
def qualifiers() -> Qualifiers:
    return rules.load("qualifiers.yaml", Qualifiers)


@lru_cache(maxsize=1)
def nonquantities() -> NonQuantities:
    return rules.load("nonquantities.yaml", NonQuantities)


# --- reading numbers -----------------------------------------------------------------------------------
_ARABIC = regex.compile(r"[+-]?(?:[0-9]+(?:,[0-9]{3})*)?(?:\.[0-9]+)?")


def _parse_chinese(s: str) -> Decimal:
    n = numerals()
    total = Decimal(0)  # sections closed by 亿
    section = Decimal(0)  # sections closed by 万 (below the last 亿)
    small = Decimal(0)  # the part below 万
    digit: Decimal | None = None
    for ch in s:
        if ch in n.digits:
            digit = Decimal(n.digits[ch])
        elif ch in n.small_units:
            small += (digit if digit is not None else Decimal(1)) * n.small_units[ch]
            digit = None
        elif ch in n.big_units:
            value = n.big_units[ch]
            part = small + (digit or 0)
            if value >= 100000000:
                total = (total + section + part) * value if (total + section + part) else Decimal(value)
                section = Decimal(0)
            else:
                section += part * value if part else Decimal(value)
            small, digit = Decimal(0), None
        else:
            raise ValueError(f"not a Chinese numeral: {s!r}")
    return total + section + small + (digit or 0)


def parse_number(s: str) -> Decimal:
    """Read an Arabic, Chinese or mixed number exactly.

    >>> parse_number("1,234.5")
    Decimal('1234.5')
    >>> parse_number("３．６")
    Decimal('3.6')
    >>> parse_number("-2.5")
    Decimal('-2.5')
    >>> parse_number("53.47万")
    Decimal('534700.00')
    >>> parse_number("1.4万亿")
    Decimal('1400000000000.0')
    >>> parse_number("3千")
    Decimal('3000')
    >>> [int(parse_number(x)) for x in ["十一", "二十五", "一百二十", "三千五百", "两", "一百零五", "万"]]
    [11, 25, 120, 3500, 2, 105, 10000]
    >>> int(parse_number("三千五百万")), int(parse_number("一亿五千万")), int(parse_number("三万亿"))
    (35000000, 150000000, 3000000000000)
    >>> parse_number("百分之五")
    Decimal('5')
    """
    n = numerals()
    t = normalise(s).strip()
    if t.startswith(n.percent_prefix):
        t = t[len(n.percent_prefix) :]
    if not t:
        raise ValueError("empty number")
    m = _ARABIC.match(t)
    head = m[0] if m else ""
    if head and head not in "+-":
        try:
            value = Decimal(head.replace(",", ""))
        except InvalidOperation:
            raise ValueError(f"not a number: {s!r}") from None
        rest = t[len(head) :]
        if rest:
            magnitude = _magnitude(rest)
            if magnitude is None:
                raise ValueError(f"not a number: {s!r}")
            value *= magnitude
        return value
    sign = Decimal(-1) if t[0] == "-" else Decimal(1)
    body = t[1:] if t[0] in "+-" else t
    if not body:
        raise ValueError(f"not a number: {s!r}")
    return sign * _parse_chinese(body)


def _magnitude(s: str) -> int | None:
    """The factor of a run of magnitude characters after Arabic digits (万亿 -> 10^12), or None."""
    mags = numerals().magnitudes
    factor = 1
    while s:
        for k in sorted(mags, key=len, reverse=True):
            if s.startswith(k):
                factor *= mags[k]
                s = s[len(k) :]
                break
        else:
            return None
    return factor


def as_number(d: Decimal | Fraction) -> int | float:
    """`int` when whole, else the nearest `float`.

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
    unit: regex.Pattern[str]
    doc_masks: list[regex.Pattern[str]]  # mask patterns scanned once over all of a report's sentences
    masks: list[regex.Pattern[str]]  # mask patterns scanned sentence by sentence (see `_joinable`)
    line_label: regex.Pattern[str]
    range_sep: regex.Pattern[str]
    unit_rules: dict[str, UnitRule]
    # word lists of nonquantities.yaml as tuples: one str.startswith/endswith call tests them all
    unit_clashes: tuple[str, ...]
    ordinal_before: tuple[str, ...]
    name_after: tuple[str, ...]


@lru_cache(maxsize=1)
def _matcher() -> _Matcher:
    n = numerals()
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
    inner = "[" + regex.escape("".join(q.inner)) + "]"

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
    # every mention starts with a prefix qualifier, a sign, a digit or a numeral: a lookahead on that one
    # character lets the scan skip every other position at once (the matches are the same)
    first = "".join(sorted({p[0] for p in q.prefix} | set("-+—0123456789") | {n.percent_prefix[0]} | set(cn)))
    term = rf"""
        (?=[{regex.escape(first)}])
        (?P<pre>{prefixes})?                             # prefix qualifier: 近 约 超过 … (not 节约, 最近)
        (?P<sign>[-+—])?                                 # a sign (checked against the source character)
        (?P<num>
            (?<![0-9])(?<![0-9]\.)
            (?:[0-9]{{1,3}}(?:,[0-9]{{3}})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?   # 1,234.5  309  3.6
          | (?P<pct>{regex.escape(n.percent_prefix)})[{cn}]+              # 百分之五
          | (?<![{cn}])[{cn}]+                                            # 二十五 两 近万
        )
        (?P<in1>{inner})?                                # 350余场次, 十余轮
        (?:
            {unit_part(1)}                               # a unit first: 3千米 is 千米, not 3000 米
          | (?P<mag>{_alt(n.magnitudes)})(?P<in2>{inner})?{unit_part(2)}?   # 1.2万户, 10万余人, 43万
        )?
        (?P<post>{_alt(q.suffix)})?                      # suffix qualifier: 左右 以上 …
    """
    first_candidate = "".join(sorted(set("0123456789") | {n.percent_prefix[0]} | set(cn)))
    masks = [regex.compile(p) for p in nq.spans.values()]
    doc_masks = [p for p in masks if _joinable(p.pattern)]
    return _Matcher(
        # a quick test that a sentence may hold a quantity at all (most have no digit and no counted numeral)
        candidate=_fast(
            rf"(?=[{regex.escape(first_candidate)}])"  # the first character again lets the scan skip ahead
            rf"(?:[0-9]|{regex.escape(n.percent_prefix)}"
            rf"|(?<![{cn}])[{cn}]+(?:{inner})?[ ]?{ge}?(?:{plain_units}|{classifier_units}))"
        ),
        term=_fast(term, verbose=True),
        unit=regex.compile(unit_part(0)),
        doc_masks=doc_masks,
        masks=[p for p in masks if p not in doc_masks],
        line_label=regex.compile(nq.line_labels),
        range_sep=regex.compile(_alt(n.range_separators)),
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


@dataclass
class _Term:
    start: int  # span start (a sign or the number), sentence-relative
    end: int  # span end (unit or inner qualifier), before any suffix qualifier
    num_start: int
    raw: Decimal  # the number alone, unsigned
    magnitude: int
    has_mag: bool
    negative: bool
    unit: str | None
    approx: Approx | None
    bound: Bound | None
    approx_span: tuple[int, int] | None
    pre: tuple[int, int, str] | None
    post: tuple[int, int, str] | None
    chinese: bool
    low_end: bool = False  # only the low end of a range (三 of 三至五年): dropped when no range follows

    @property
    def value(self) -> Decimal:
        v = self.raw * self.magnitude
        return -v if self.negative else v


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
_UNIT_GROUPS = ("ge1", "unit1", "ge2", "unit2")
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


def _terms(text: str, s: str, line_start: bool, masked: list[tuple[int, int]]) -> list[_Term]:
    """Single mentions in sentence `s` (matching copy; `text` is the same stretch of the source; `masked` the
    spans to mask in `s`, from `_masked_spans`). `s` has passed `_matcher().candidate`."""
    m_ = _matcher()
    n = numerals()
    q = qualifiers()
    nq = nonquantities()
    # the working copy: masked stretches become NUL; a Chinese comma stays a comma that no number contains
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
        chinese = not num[0].isdigit()
        unit = m["cu1"] or m["unit1"] or m["cu2"] or m["unit2"]
        per_unit = m["per1"] or m["per2"]
        unit_start = None
        for g in _UNIT_GROUPS:
            if m[g]:
                unit_start = m.start(g)
                break
        end = m.start("post") if m["post"] else m.end()
        post_group = "post" if m["post"] else None
        if chinese and unit and unit_start == ne and len(num) > 1:
            # 千万千瓦: the run of numerals took the 千 of 千瓦
            longer = m_.unit.match(w, ne - 1)
            if longer and longer.end() > ne - 1 + len(unit) and m_.unit_rules.get(longer["cu0"] or longer["unit0"]):
                num, ne, unit_start = num[:-1], ne - 1, ne - 1
                unit = longer["cu0"] or longer["unit0"]
        if chinese and unit and m_.unit_rules[unit].arabic_only:
            continue  # 三方: three parties, not three cubic metres
        if unit_start is not None and w.startswith(m_.unit_clashes, unit_start):
            if chinese:
                continue  # 两位数, 三门峡, 零部件
            unit, end, post_group = None, unit_start, None  # 3万家庭: a bare figure before a word
            while end > ne and s[end - 1] == " ":
                end -= 1
        after = s[end] if end < len(s) else ""
        prev = s[ns - 1] if ns > 0 else ""
        # a sign: the source character is a minus or plus sign and no digit, letter or % stands before it
        negative = False
        signed = False
        if m["sign"]:
            src = text[m.start("sign")]
            left = s[m.start("sign") - 1] if m.start("sign") > 0 else ""
            signed = src in _SIGNS and not (left.isdigit() or _is_code(left) or left == n.percent_unit)
            negative = signed and _SIGNS[src] < 0
        # --- what is not a quantity
        if _inside(ns, titled):
            continue
        if s.endswith(m_.ordinal_before, 0, m.start()) or (
            ordinal_end is not None and m.start() == ordinal_end + 1 and s[ordinal_end] == "、"
        ):
            ordinal_end = end
            continue  # 第19届, 十一届十次全会, 十二届七次、八次全会
        low_end = False  # 三至五年: a Chinese numeral without a unit may open a range
        if chinese:
            core = num[len(n.percent_prefix) :] if m["pct"] else num
            if not m["pct"]:
                if unit is None and not _inside(ns, quoted):
                    sep = m_.range_sep.match(w, end)
                    low_end = bool(sep and sep.end() < len(w) and w[sep.end()] in n.digits)
                if _inside(ns, quoted) or (unit is None and not low_end):
                    continue  # 十九大, “四个意识”
                if core in n.not_a_count_alone and not low_end:
                    continue  # 一批, 二次供水
                if all(c in n.magnitude_alone for c in core) and not (m["pre"] or m["post"]):
                    continue  # 万亩杏园, 千年白道川, 千亿县
        else:
            if _is_code(prev) or _is_code(after):
                continue  # G6, 5G, PM2.5, 4A级: codes
            if (prev and prev in marks and not signed) or (after and after in marks and unit is None):
                continue  # “1+N”, 4×4
            if unit is None:
                if signed:
                    continue  # 歼-35: a dash in a name, not a negative amount
                if _inside(ns, quoted):
                    continue  # “1188”, “2030启航计划”, “从0到1”: numbers as names
                if not m["mag"]:
                    if s.startswith(m_.name_after, end):
                        continue  # 110国道, 1号线, 90后, 7大领域
                    if "." not in num and len(num) == 4 and _is_year(int(num)):
                        continue  # 2025全球工业互联网大会: a year as part of a name
                    if num.endswith(".0"):
                        continue  # 数字政府2.0: a version
        # --- value and unit
        if "0" <= num[0] <= "9":
            # the term's Arabic number (1,234.5): what parse_number reads from it, without its general path
            raw = Decimal(num.replace(",", ""))
        else:
            try:
                raw = parse_number(num)
            except ValueError:
                continue
        magnitude = n.magnitudes[m["mag"]] if m["mag"] else 1
        if m["pct"]:
            unit = n.percent_unit
        elif unit and per_unit:
            unit = f"{unit}{unit_table().per}{per_unit}"
        approx: Approx | None = None
        bound: Bound | None = None
        approx_span: tuple[int, int] | None = None
        pre = post = None
        if m["pre"]:
            rule = q.prefix[m["pre"]]
            pre = (m.start("pre"), m.end("pre"), m["pre"])
            approx, bound = rule.approx, rule.bound
            if rule.approx:
                approx_span = m.span("pre")
        inner_group = "in1" if m["in1"] else "in2" if m["in2"] else None
        if inner_group and not (m["mag"] or unit) and end < len(s) and _HAN.match(s[end]):
            end = m.start(inner_group)  # 2000多元化: the 多 starts the next word
            inner_group = None
        if inner_group and approx is None:
            approx = q.inner[m[inner_group]].approx
            approx_span = m.span(inner_group)
        if post_group:
            rule = q.suffix[m[post_group]]
            post = (m.start(post_group), m.end(post_group), m[post_group])
            if approx is None and rule.approx:
                approx, approx_span = rule.approx, m.span(post_group)
            bound = bound or rule.bound
        out.append(
            _Term(
                start=m.start("sign") if signed else ns,
                end=end,
                num_start=ns,
                raw=raw,
                magnitude=magnitude,
                has_mag=bool(m["mag"]),
                negative=negative,
                unit=unit,
                approx=approx,
                bound=bound,
                approx_span=approx_span,
                pre=pre,
                post=post,
                chinese=chinese,
                low_end=low_end,
            )
        )
    return out


def _join_ranges(s: str, terms: list[_Term]) -> list[tuple[_Term, _Term | None, Decimal]]:
    """Pair `4.5%` and `5%` of `4.5%—5%` (also 5%-6%, 10至15个, 4.5%到5%) into one mention.

    Returns (first, second or None, value of the first); in `5—10万元` the low end takes the high end's 万.
    """
    m_ = _matcher()
    out: list[tuple[_Term, _Term | None, Decimal]] = []
    i = 0
    while i < len(terms):
        a = terms[i]
        b = terms[i + 1] if i + 1 < len(terms) else None
        if b is not None and a.post is None and b.pre is None and a.chinese == b.chinese and not a.negative:
            gap = s[a.end : b.num_start]
            if m_.range_sep.fullmatch(gap) and (a.unit is None or a.unit == b.unit) and b.unit is not None:
                low = a.raw * a.magnitude
                if not a.has_mag and b.has_mag and a.raw < b.raw:
                    low = a.raw * b.magnitude  # 5—10万元: both ends in 万
                high = b.raw * b.magnitude
                if high > low:
                    b.negative = False
                    b.start = b.num_start
                    out.append((a, b, low))
                    i += 2
                    continue
        if not a.low_end:
            out.append((a, None, a.value))
        i += 1
    # 分别提高20.9、36.2、54个百分点: bare figures listed with 、 take the unit of the figure that ends the list
    for k in range(len(out) - 2, -1, -1):
        a, b, value = out[k]
        nxt = out[k + 1][0]
        if b is None and a.unit is None and not a.has_mag and nxt.unit and s[a.end : nxt.start] == "、":
            a.unit = nxt.unit
    return out


@lru_cache(maxsize=1)
def _unit_bases() -> dict[str, tuple[str, str | None, Fraction]]:
    """unit -> (dimension, base unit, factor to the base unit), read once."""
    return {name: (rule.dimension, rule.base, rule.fraction) for name, rule in unit_table().units.items()}


def _base(value: Decimal, number: int | float, unit: str | None) -> tuple[str | None, int | float | None, str | None]:
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
    m_ = _matcher()
    found: list[Quantity] = []
    # most sentences hold no digit and no counted numeral: they are dropped before any other work
    work = [(sent, s) for sent in doc.content_sentences() if m_.candidate.search(s := doc.norm[sent.start : sent.end])]
    for (sent, s), masked in zip(work, _masked_spans([s for _, s in work]), strict=True):
        t = doc.text[sent.start : sent.end]
        terms = _terms(t, s, _starts_line(doc.norm, sent.start), masked)
        for a, b, value in _join_ranges(s, terms):
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
                    value_max=as_number(b.value) if b is not None else None,
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
    return found


def _starts_line(norm: str, offset: int) -> bool:
    """Whether only spaces stand between the last line break before `offset` and `offset`."""
    i = offset - 1
    while i >= 0 and norm[i] in " \t":
        i -= 1
    return i < 0 or norm[i] in "\n\r"
