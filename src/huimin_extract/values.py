"""Exact values of numbers: `parse_number` reads one numeral (through `numerals.read`, the one reader) as a
`Decimal`; `as_number` and `format_number` write a value as the dataset holds it and as people read it.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from .numerals import Unreadable
from .numerals import read as read_numeral


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
