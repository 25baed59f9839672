"""Numerals: the one reader of a number as Chinese writes it — exactly, or not at all.

`read(surface)` decides the value of one numeral already found in a text (the finder is `numbers.py`):
Arabic digits (`1,234.5`, `１２３`, PDF text's `8 ．8`), Chinese numerals (`三千五百`, `一百零五`), both mixed
(`2万5000`, `1万3千`, `三点五亿`), and the forms built on them — shares (`百分之七点八` 7.8 %, `千分之五` 5 ‰),
tenths (`八成` 80 %, `三成半` 35 %, `八五折` 85 %), fractions (`三分之一`, `3分之1`, `一又二分之一`), a sign
(`负5`), ranges written as adjacent digits (`二三十` 20–30) and the qualifiers written inside a numeral
(`二十几万` 20万 with 几, `七千多万` 7000万 with 多). Conventions:

- an abbreviated last digit continues the unit below the last unit written: `一万三` 13000, `三千六百五` 3650,
  `一百五` 150 (after `零` a digit is what it says: `一百零五` 105);
- a big unit right after another multiplies: `万亿` 10^12, `四万万` 4×10^8;
- `几` is an unknown digit: after known digits it is a qualifier (`十几万` 10万, approx 几); first (`几十万`)
  it leaves the value unknown and the numeral unread.

Whatever does not follow these rules (`三五`, `一七二零`, `万三`, `几百`, `3点5`) raises `Unreadable`, a
`ValueError` saying why: the caller leaves the numeral out rather than guess a value.
Traditional and financial forms (`萬 億 點 兩 個`, `壹 贰 … 拾 佰 仟`) are folded by the same-length
normalisation (`normalise.py`) with the forms listed here, so spans stay exact.
Rules: rules/numerals.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from . import rules
from .normalise import normalise
from .quantity_rules import qualifiers
from .rules.schemas import NumeralRules


@lru_cache(maxsize=1)
def numeral_rules() -> NumeralRules:
    """The loaded, validated rules/numerals.yaml."""
    return rules.load("numerals.yaml", NumeralRules)


Exact = int | Fraction  # a whole number stays an int while it is read (fast); decimals and ratios are Fractions


class Unreadable(ValueError):
    """A numeral that cannot be read with certainty; the message says why."""


@dataclass(frozen=True)
class Numeral:
    """What a numeral says.

    `value` (and `value_max` for a range) is exact. `magnitude` is the factor written after the number itself
    (`万` of `10万`, `千` of `5千`, `亿` of `三点五亿`; 1 for `二十五`): the low end of a range written without
    one takes it from the high end (`5—10万`). `unit` is set by a share or tenths form (`%`, `‰`); `approx`
    is a qualifier written inside the numeral with its offsets in the surface.
    """

    value: Fraction
    value_max: Fraction | None = None
    magnitude: int = 1
    unit: str | None = None
    approx: str | None = None
    approx_span: tuple[int, int] | None = None
    fraction: bool = False


@lru_cache(maxsize=1)
def _inner() -> tuple[str, ...]:
    """The qualifiers written inside a numeral (七千多万, 十余万): rules/qualifiers.yaml `inner`, the list the
    finder uses."""
    return tuple(qualifiers().inner)


# --- tokens ------------------------------------------------------------------------------------------
# An Arabic number as a report writes it: 309, 1,234 (or 4，565: a full-width separator), PDF text's spaced
# digits 7 4 7 7 2, and a decimal part (3.6, 8 .8).
_ARABIC = re.compile(
    r"""
    (?:[0-9](?:[ ][0-9])+                        # 7 4 7 7 2: a space after every digit (PDF text)
      |[0-9]{1,3}(?:[,，][0-9]{3})+(?![0-9])      # 1,234  4，565
      |[0-9]+)                                   # 309
    (?:[ ]?\.(?:[0-9](?:[ ][0-9])+|[0-9]+))?     # .5  8 .8
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class _Tok:
    """One token of a numeral. Kinds: arabic (an Arabic number), digit (a Chinese digit 1-9), zero (零 〇),
    pair (two adjacent digits: a range), unit (十 百 千), big (万 亿), point (点), unknown (几), approx (余 多
    来 inside a numeral), frac (分之), mixed (又), share (百分之 千分之), tenths (成 折), half (半), sign."""

    kind: str
    value: Exact
    start: int
    end: int
    text: str
    high: int | None = None  # a pair's larger digit
    whole: bool = True  # an Arabic number without a decimal part
    digits: int = 1  # an Arabic number's count of digits


@lru_cache(maxsize=1)
def _pairs_and_shares() -> tuple[frozenset[str], tuple[str, ...]]:
    """The range pairs as a set and the share prefixes longest first, made once."""
    r = numeral_rules()
    return frozenset(r.range_pairs), tuple(sorted(r.shares, key=len, reverse=True))


def _tokens(s: str, r: NumeralRules, inner: tuple[str, ...]) -> list[_Tok]:
    """The tokens of `s` (normalised and folded); spaces are skipped; Unreadable on any other character."""
    out: list[_Tok] = []
    i, n = 0, len(s)
    pairs, shares = _pairs_and_shares()
    while i < n:
        ch = s[i]
        if ch == " ":
            i += 1
            continue
        if "0" <= ch <= "9":
            m = _ARABIC.match(s, i)
            assert m is not None  # a digit matches
            text = m[0]
            plain = text.replace(" ", "").replace(",", "").replace("，", "")
            whole, _, part = plain.partition(".")
            value: Exact = Fraction(int(whole + part), 10 ** len(part)) if part else int(whole)
            out.append(_Tok("arabic", value, i, m.end(), text, whole=not part, digits=len(whole)))
            i = m.end()
            continue
        value = 0
        size = 1
        share = next((p for p in shares if s.startswith(p, i)), None) if not out or out[-1].kind == "sign" else None
        if share is not None:  # 百分之 first; elsewhere 百 and 分之 (五百分之二: a fraction)
            kind, size = "share", len(share)
        elif s.startswith(r.fraction_mark, i):
            kind, size = "frac", len(r.fraction_mark)
        elif ch in r.digits:
            if s[i : i + 2] in pairs and not any(t.kind == "point" for t in out):  # 点三四 is 0.34
                out.append(_Tok("pair", r.digits[ch], i, i + 2, s[i : i + 2], high=r.digits[s[i + 1]]))
                i += 2
                continue
            value = r.digits[ch]
            kind = "digit" if value else "zero"
        elif ch in r.small_units:
            kind, value = "unit", r.small_units[ch]
        elif ch in r.big_units:
            kind, value = "big", r.big_units[ch]
        elif ch == r.decimal_point:
            kind = "point"
        elif ch == r.unknown_digit:
            kind = "unknown"
        elif ch in inner:
            kind = "approx"
        elif ch == r.mixed_fraction_mark:
            kind = "mixed"
        elif ch in r.tenths:
            kind = "tenths"
        elif ch == r.half:
            kind = "half"
        elif not out and (ch in r.signs or ch in "-+"):
            kind, value = "sign", r.signs.get(ch, -1 if ch == "-" else 1)
        else:
            raise Unreadable(f"{ch!r} is no part of a numeral")
        out.append(_Tok(kind, value, i, i + size, s[i : i + size]))
        i += size
    return out


# --- reading -----------------------------------------------------------------------------------------
_NUMBER = ("arabic", "digit", "pair", "unknown")


def read(text: str, *, normalised: bool = False) -> Numeral:
    """Read one numeral exactly, or raise `Unreadable` (a `ValueError`) saying why. `normalised`: the text
    is already a stretch of the matching copy (`normalise.normalise`), as the finder hands it over.

    >>> [float(read(x).value) for x in ["三点五亿", "一万三", "三千六百五", "2万5000", "十万万", "1,234.5"]]
    [350000000.0, 13000.0, 3650.0, 25000.0, 1000000000.0, 1234.5]
    >>> n = read("百分之十二点八"); (float(n.value), n.unit)
    (12.8, '%')
    >>> n = read("二三十万"); (int(n.value), int(n.value_max))
    (200000, 300000)
    >>> n = read("二十几万"); (int(n.value), n.approx, n.approx_span)
    (200000, '几', (2, 3))
    >>> read("三分之一").value, float(read("一又二分之一").value), read("三成半").value, read("负5").value
    (Fraction(1, 3), 1.5, Fraction(35, 1), Fraction(-5, 1))
    >>> read("几十万")
    Traceback (most recent call last):
    huimin_extract.numerals.Unreadable: '几' stands first: the value is unknown
    """
    return _read(text if normalised else normalise(text))


@lru_cache(maxsize=4096)
def _read(s: str) -> Numeral:
    """`read` of a stretch of the matching copy. Memoised: a report writes the same numerals again and again
    (两个, 三年, 百分之五), and a `Numeral` is immutable; an `Unreadable` is raised anew each time."""
    r = numeral_rules()
    toks = _tokens(s, r, _inner())
    if not toks:
        raise Unreadable("empty numeral")
    sign: Exact = 1
    if toks[0].kind == "sign":
        sign = toks[0].value
        toks = toks[1:]
    unit: str | None = None
    scale = 1
    if toks and toks[0].kind == "share":
        unit = r.shares[toks[0].text]
        toks = toks[1:]
    elif toks and (toks[-1].kind == "tenths" or (len(toks) > 1 and toks[-1].kind == "half" and toks[-2].kind == "tenths")):
        half = toks[-1].kind == "half"
        toks = toks[: -2 if half else -1]
        unit, scale = r.percent_unit, 10
        if len(toks) == 2 and all(t.kind == "digit" for t in toks) and not half:
            # 八五折: two digits before 折 are the percentage itself
            value = toks[0].value * 10 + toks[1].value
            return Numeral(value=Fraction(sign * value), unit=unit)
        tenths = _plain(toks, r)
        if max(tenths.value, tenths.high or 0) > 10:
            raise Unreadable("more than ten tenths")
        return _scaled(tenths, sign, scale, unit, plus=Fraction(1, 2) if half else 0)
    if any(t.kind in ("frac", "mixed") for t in toks):
        if unit is not None:
            raise Unreadable("a fraction inside a share or tenths form")
        return _fraction(toks, sign, r)
    for t in toks:
        if t.kind in ("share", "tenths", "half"):
            raise Unreadable(f"{t.text!r} out of place")
    return _scaled(_plain(toks, r), sign, scale, unit)


def _scaled(p: _Plain, sign: Exact, scale: int, unit: str | None, plus: Exact = 0) -> Numeral:
    if plus and (p.high is not None or p.approx is not None):
        raise Unreadable("a half after a range or a qualifier")
    value = Fraction(sign * (p.value + plus) * scale)
    high = Fraction(sign * p.high * scale) if p.high is not None else None
    if high is not None and sign < 0:
        raise Unreadable("a negative range")
    approx = p.approx
    return Numeral(
        value=value,
        value_max=high,
        magnitude=p.magnitude,
        unit=unit,
        approx=approx.text if approx else None,
        approx_span=(approx.start, approx.end) if approx else None,
    )


def _fraction(toks: list[_Tok], sign: Exact, r: NumeralRules) -> Numeral:
    """三分之一, 3分之1, 一又二分之一 (the value is the ratio)."""
    whole: Exact = 0
    kinds = [t.kind for t in toks]
    if "mixed" in kinds:
        at = kinds.index("mixed")
        w = _plain(toks[:at], r)
        if w.high is not None or w.approx is not None or w.value != int(w.value):
            raise Unreadable("the whole part of a mixed fraction must be a whole number")
        whole = w.value
        toks = toks[at + 1 :]
        kinds = kinds[at + 1 :]
        if "frac" not in kinds:
            raise Unreadable("又 without a fraction after it")
    if kinds.count("frac") != 1:
        raise Unreadable("more than one 分之")
    at = kinds.index("frac")
    den, num = _plain(toks[:at], r), _plain(toks[at + 1 :], r)
    for part in (den, num):
        if part.high is not None or part.approx is not None:
            raise Unreadable("a range or a qualifier inside a fraction")
    if den.value == 0:
        raise Unreadable("a zero denominator")
    if whole and num.value >= den.value:
        raise Unreadable("a mixed fraction's fraction must be below one")
    return Numeral(value=sign * (whole + Fraction(num.value) / den.value), fraction=True)


@dataclass
class _Plain:
    value: Exact
    high: Exact | None  # the value with a pair's larger digit (二三十 -> 30)
    magnitude: int
    approx: _Tok | None


def _plain(toks: list[_Tok], r: NumeralRules) -> _Plain:
    """A number without sign, share, fraction or tenths: digits, Arabic numbers, units, 点, 几, 余/多."""
    if not toks:
        raise Unreadable("no number")
    if sum(t.kind == "pair" for t in toks) > 1:
        raise Unreadable("two ranges in one numeral")
    quals = [t for t in toks if t.kind in ("approx", "unknown")]
    if len(quals) > 1:
        raise Unreadable("two qualifiers in one numeral")
    if toks[0].kind == "unknown":
        raise Unreadable(f"{toks[0].text!r} stands first: the value is unknown")
    low = _number(toks, high=False)
    high = _number(toks, high=True) if any(t.kind == "pair" for t in toks) else None
    return _Plain(low, high, _magnitude(toks, r), quals[0] if quals else None)


def _number(toks: list[_Tok], *, high: bool) -> Exact:
    if any(t.kind == "point" or (t.kind == "arabic" and not t.whole) for t in toks):
        return _decimal(toks, high=high)
    # split into sections, each closed by a run of big units: 二十五|亿|七千多|万|
    total: Exact = 0
    last_big: int | None = None
    i = 0
    n = len(toks)
    while True:
        j = i
        while j < n and toks[j].kind != "big":
            j += 1
        section = toks[i:j]
        if j == n:  # the last section, with no big unit after it
            if not section:
                break
            single = len(section) == 1 and section[0].kind in ("digit", "pair", "unknown", "arabic")
            below = _below(toks, i) if i and single and (section[0].kind != "arabic" or section[0].digits == 1) else None
            tail = _section(section, high=high, below=below, first=i == 0)
            if last_big is not None and tail >= last_big:
                raise Unreadable(f"{_text(section)!r} is not below the unit written before it")
            if last_big is not None and single and section[0].kind == "arabic" and section[0].digits > 1:
                _fills(section[0], last_big)
            total += tail
            break
        k = j
        big = 1
        while k < n and toks[k].kind == "big":
            if k > j and toks[k].value < toks[k - 1].value:
                raise Unreadable(f"{_text(toks[j : k + 1])!r}: a smaller big unit after a larger one")
            big *= int(toks[k].value)
            k += 1
        if section:
            part = _section(section, high=high, below=None, first=i == 0)
        elif i == 0:
            part = 1  # 万, 亿 alone, 万亿
        else:
            raise Unreadable(f"{_text(toks[j:k])!r} without a number before it")
        if last_big is None or big > last_big:
            total = (total + part) * big  # 五万三千亿: what came before is counted in 亿 too
        elif big < last_big and part * big < last_big:
            total += part * big  # 一亿五千万
        else:
            raise Unreadable(f"{_text(toks[j:k])!r} out of order")
        last_big = big
        i = k
    return total


def _below(toks: list[_Tok], i: int) -> int:
    """The unit below the run of big units that ends at toks[i - 1] (一万三: 1000, 一亿三: 10^7), which an
    abbreviated last digit continues; Unreadable when the run has no number of its own (万三: a share
    written short, or 10003?)."""
    run = 1
    k = i - 1
    while k >= 0 and toks[k].kind == "big":
        run *= int(toks[k].value)
        k -= 1
    if k < 0 or toks[k].kind == "approx":
        raise Unreadable(f"{_text(toks)!r}: a digit after a bare {_text(toks[k + 1 : i])!r}")
    return run // 10


def _section(toks: list[_Tok], *, high: bool, below: int | None, first: bool) -> Exact:
    """A number below a big unit: 三千五百, 一百零五, 二十几, 一百五 (abbreviated), 5000, 七千多.

    `below` is the unit an abbreviated single digit continues when the section is that digit alone (一万三);
    `first`: the section starts the numeral (a bare 百 or 千 may start it: 百万)."""
    value: Exact = 0
    last_unit: int | None = None  # the last unit written (the next part must be below it)
    bare = False  # the last unit was written without a digit (百万, 十五)
    pending: _Tok | None = None
    zero = False
    for idx, t in enumerate(toks):
        k = t.kind
        if k in _NUMBER:
            if pending is not None:
                raise Unreadable(f"{_text(toks)!r}: two numbers in a row (a digit string or a list?)")
            pending = t
        elif k == "zero":
            if len(toks) == 1 and first:
                return 0  # 零
            if pending is not None or zero or (last_unit is None and (first or idx != 0)):
                raise Unreadable(f"{_text(toks)!r}: {t.text!r} out of place")
            zero = True  # 一百零五, 一万零五: a placeholder
        elif k == "unit":
            u = int(t.value)
            if pending is None:
                if not (u == 10 or (first and idx == 0)):
                    raise Unreadable(f"{_text(toks)!r}: {t.text!r} without a digit before it")
                mult, bare = 1, True  # 十五, 一百十, 百万
            else:
                mult, bare = _digit(pending, high), False
            part = mult * u
            if last_unit is not None and (u >= last_unit or part >= last_unit):
                raise Unreadable(f"{_text(toks)!r}: {t.text!r} out of order")
            value += part
            last_unit = u
            pending, zero = None, False
        elif k == "approx":
            if idx != len(toks) - 1 or (pending is not None and pending.kind != "arabic"):
                raise Unreadable(f"{_text(toks)!r}: {t.text!r} out of place")
        else:
            raise Unreadable(f"{_text(toks)!r}: {t.text!r} out of place")
    if pending is None:
        if zero:
            raise Unreadable(f"{_text(toks)!r}: nothing after 零")
        return value
    d = _digit(pending, high)
    single = pending.kind in ("digit", "pair", "unknown") or (pending.kind == "arabic" and pending.digits == 1)
    if zero:
        if last_unit is not None and d * 10 >= last_unit:
            raise Unreadable(f"{_text(toks)!r}: {pending.text!r} after 零 is not below {last_unit // 10}")
        return value + d  # 一百零五: 105
    if last_unit is None:
        if below is not None and single and len(toks) == 1:
            return d * below  # 一万三: 13000
        return d  # 二十五's 五 alone, or 5000 of 2万5000 (checked against the unit above by the caller)
    if single:
        if bare and last_unit > 10:
            raise Unreadable(f"{_text(toks)!r}: a digit after a bare {last_unit} (百四: 104, 140 or 4 %?)")
        return value + d * (last_unit // 10)  # 三千六百五: 3650, 一百五: 150, 二十五: 25 (below 十 is 1)
    _fills(pending, last_unit)
    return value + d  # 3千500: an Arabic number written out


def _fills(t: _Tok, unit: int) -> None:
    """An Arabic number written after a unit must fill the places below it (2万5000, 3千500): 9万亿30 is
    9万亿 and 30 of something else, 3千50 may be 3050 or 3500."""
    if t.kind == "arabic" and t.digits != len(str(unit)) - 1:
        raise Unreadable(f"{t.text!r} does not fill the {len(str(unit)) - 1} places below the unit written before it")


def _digit(t: _Tok, high: bool) -> Exact:
    if t.kind == "unknown":
        return 0  # 二十几: 几 is the qualifier
    if t.kind == "pair" and high:
        assert t.high is not None
        return t.high
    return t.value


def _decimal(toks: list[_Tok], *, high: bool) -> Exact:
    """A decimal number and the units that multiply it: 3.5万, 1.4万亿, 三点五亿, 十二点八, 零点五."""
    kinds = [t.kind for t in toks]
    if "point" in kinds:
        at = kinds.index("point")
        j = at + 1
        while j < len(toks) and toks[j].kind in ("digit", "zero"):
            j += 1
        digits = toks[at + 1 : j]
        if not digits or at == 0:
            raise Unreadable(f"{_text(toks)!r}: a decimal point needs digits on both sides")
        whole_toks = toks[:at]
        if any(t.kind in ("arabic", "unknown", "approx") for t in whole_toks):
            raise Unreadable(f"{_text(toks)!r}: 点 after an Arabic number (a time? 3点5) or a qualifier")
        if len(whole_toks) > 1 and whole_toks[-1].kind in ("digit", "pair"):
            if whole_toks[-2].kind in ("unit", "big") and int(whole_toks[-2].value) > 10:
                raise Unreadable(f"{_text(toks)!r}: an abbreviated digit before 点 (一百五点五)")
        whole = _number(whole_toks, high=high)  # 三, 十二, 三百四十, 一万 (一万点五: 10000.5)
        value = whole + sum(Fraction(int(t.value), 10 ** (p + 1)) for p, t in enumerate(digits))
        rest = toks[j:]
        if rest and any(t.kind == "big" for t in whole_toks):
            raise Unreadable(f"{_text(toks)!r}: units after a decimal whose whole part has a big unit")
    else:
        at = next(i for i, t in enumerate(toks) if t.kind == "arabic" and not t.whole)
        if at != 0:
            raise Unreadable(f"{_text(toks)!r}: a decimal number after other parts")
        value = toks[0].value
        rest = toks[1:]
    last = 0
    for t in rest:
        if t.kind in ("unit", "big"):
            if int(t.value) < last:
                raise Unreadable(f"{_text(toks)!r}: units after a decimal number out of order")
            last = int(t.value)
            value *= t.value
        elif t.kind != "approx":
            raise Unreadable(f"{_text(toks)!r}: {t.text!r} after a decimal number")
    return value


def _magnitude(toks: list[_Tok], r: NumeralRules) -> int:
    """The factor written after the number itself: the units after its only number (10万, 5千, 五十万,
    三点五亿) when they make a magnitude, else the run of big units that ends it (十二万, 十万)."""
    numbers = [i for i, t in enumerate(toks) if t.kind in ("arabic", "digit", "pair", "zero", "point")]
    if numbers and toks[numbers[0]].kind == "arabic":
        after = toks[numbers[0] + 1 :]
        if all(t.kind in ("unit", "big", "approx") for t in after):
            units = "".join(t.text for t in after if t.kind != "approx")
            return r.magnitudes.get(units, 1) if units else 1
    if numbers and "point" in (toks[i].kind for i in numbers):
        last = max(numbers)
        while last + 1 < len(toks) and toks[last + 1].kind in ("digit", "zero"):
            last += 1
        units = "".join(t.text for t in toks[last + 1 :] if t.kind != "approx")
        return r.magnitudes.get(units, 1) if units else 1
    if len(numbers) == 1 and toks[numbers[0]].kind in ("digit", "pair") and numbers[0] == 0:
        units = "".join(t.text for t in toks[1:] if t.kind != "approx")
        if units in r.magnitudes:
            return r.magnitudes[units]
    factor = 1
    for t in reversed(toks):
        if t.kind == "big":
            factor *= int(t.value)
        elif t.kind != "approx":
            break
    return factor


def _text(toks: list[_Tok]) -> str:
    return "".join(t.text for t in toks)
