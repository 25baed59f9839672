"""The numeral reader (numerals.read): the rule cases, the rule file, and property tests against a small
Chinese numeral writer."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from huimin_extract import numbers, numerals, rules, values
from huimin_extract.errors import RulesError
from huimin_extract.normalise import normalise

from .conftest import CASES
from .test_numbers import one_sentence_doc


def reader_cases() -> list[Any]:
    """tests/cases/numerals-reader.yaml as pytest params, one per numeral, grouped by rule."""
    groups = yaml.safe_load((CASES / "numerals-reader.yaml").read_text(encoding="utf-8"))
    params = []
    for group in groups:
        for case in group["cases"]:
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
            params.append(pytest.param(case, id=f"{group['origin']}: {case['text']}", marks=marks))
    return params


def _exact(value: object) -> Fraction:
    return Fraction(str(value))


@pytest.mark.parametrize("case", reader_cases())
def test_reader_cases(case: dict[str, Any]) -> None:
    want = case["expect"]
    if want == "unread":
        with pytest.raises(numerals.Unreadable):
            numerals.read(case["text"])
        return
    got = numerals.read(case["text"])
    assert got.value == _exact(want["value"])
    assert got.value_max == (_exact(want["value_max"]) if "value_max" in want else None)
    assert got.unit == want.get("unit")
    assert got.approx == want.get("approx")
    if "magnitude" in want:
        assert got.magnitude == want["magnitude"]
    if got.approx_span is not None:
        a, b = got.approx_span
        assert normalise(case["text"])[a:b] == got.approx


def test_unreadable_is_a_value_error_that_says_why() -> None:
    with pytest.raises(ValueError, match="stands first"):
        numerals.read("几十万")
    with pytest.raises(ValueError, match="range"):
        values.parse_number("二三十")  # parse_number gives one number: a range has two


def test_parse_number_reads_through_the_reader() -> None:
    assert values.parse_number("三点五亿") == Decimal(350000000)
    assert values.parse_number("百分之七点八") == Decimal("7.8")
    assert values.parse_number("二十几万") == Decimal(200000)
    assert values.parse_number("一又二分之一") == Decimal("1.5")


# --- the rule file -------------------------------------------------------------------------------------
RULES = rules.read_text("numerals.yaml")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("variants: {萬: 万", "variants: {萬: 万万"), "one character to one"),
        (("financial: {壹: 一", "financial: {壹: 甲"), "not a numeral"),
        (("range_pairs: [一两,", "range_pairs: [两一,"), "the smaller first"),
        (("shares: {百分之: '%'", "shares: {百分: '%'"), "fraction mark"),
        (("half: 半", "half: 半个"), "half"),
    ],
)
def test_bad_numeral_rules_are_rejected(change: tuple[str, str], problem: str) -> None:
    old, new = change
    assert old in RULES
    with pytest.raises(RulesError, match=problem):
        rules.parse(RULES.replace(old, new), numerals.NumeralRules, origin="numerals.yaml")


# --- a small Chinese numeral writer, and what the reader makes of its numerals -------------------------
DIGITS = "零一二三四五六七八九"
FINANCIAL = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")
TRADITIONAL = str.maketrans("万亿点两", "萬億點兩")


def _below_ten_thousand(n: int) -> str:
    """0 < n < 10000 as written, with 零 for a gap: 1005 一千零五, 1050 一千零五十."""
    out, gap = "", False
    for place, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // place % 10
        if d == 0:
            gap = gap or bool(out)
            continue
        if gap:
            out, gap = out + "零", False
        out += DIGITS[d] + unit
    return out


def _write(n: int) -> str:
    for big, name in ((10**8, "亿"), (10**4, "万")):
        if n >= big:
            head, rest = divmod(n, big)
            out = _write(head) + name
            if rest:
                out += ("零" if rest < big // 10 else "") + _write(rest)
            return out
    return _below_ten_thousand(n)


def write(n: int) -> str:
    """A whole number n >= 0 as Chinese numerals in the standard form: 10 十, 100001 十万零一,
    1000010001 十亿零一万零一, 1.5*10^12 一万五千亿.

    >>> [write(n) for n in (0, 10, 15, 105, 1050, 100001, 1000010001, 1500000000000)]
    ['零', '十', '十五', '一百零五', '一千零五十', '十万零一', '十亿零一万零一', '一万五千亿']
    """
    if n == 0:
        return "零"
    s = _write(n)
    return s[1:] if s.startswith("一十") else s


def write_decimal(d: Decimal) -> str:
    """A decimal as Chinese numerals with 点: 3.14 三点一四."""
    whole, _, frac = format(d, "f").partition(".")
    return write(int(whole)) + ("点" + "".join(DIGITS[int(c)] for c in frac) if frac else "")


def with_liang(s: str) -> str:
    """两 for 二 before 百, 千, 万 and 亿, as reports write it (两千, 两万, but 二十)."""
    out = list(s)
    for i, ch in enumerate(s[:-1]):
        if ch == "二" and s[i + 1] in "百千万亿" and (i == 0 or s[i - 1] not in "一二三四五六七八九"):
            out[i] = "两"
    return "".join(out)


WHOLE = st.integers(min_value=0, max_value=10**16)
DECIMAL = st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False)


@settings(max_examples=400, deadline=None)
@given(WHOLE)
def test_written_whole_numbers_read_back(n: int) -> None:
    assert numerals.read(write(n)).value == n
    assert numerals.read(with_liang(write(n))).value == n
    assert numerals.read(write(n).translate(TRADITIONAL)).value == n


@settings(max_examples=300, deadline=None)
@given(DECIMAL)
def test_written_decimals_read_back(d: Decimal) -> None:
    assert numerals.read(write_decimal(d)).value == Fraction(d)
    assert numerals.read(f"百分之{write_decimal(d)}").value == Fraction(d)
    assert numerals.read(format(d, "f")).value == Fraction(d)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=99999), st.integers(min_value=0, max_value=9999), st.booleans())
def test_mixed_forms_read_back(head: int, rest: int, spaced: bool) -> None:
    """2万5000 (the places below 万 filled), 1万3千 (the next unit written), PDF text's spaced digits."""
    value = head * 10000 + rest
    if rest >= 1000:
        assert numerals.read(f"{head}万{rest}").value == value
    if rest % 1000 == 0 and rest:
        assert numerals.read(f"{head}万{rest // 1000}千").value == value
    if spaced:
        assert numerals.read(" ".join(str(value)) + " ").value == value


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=11, max_value=10**12))
def test_financial_forms_read_back_or_are_left_unread(n: int) -> None:
    """Financial forms read like the plain ones; where a form that is also a word (伍 陆 拾 肆) stands next
    to no other financial form (伍万), the numeral is left unread, never read wrong."""
    try:
        assert numerals.read(write(n).translate(FINANCIAL)).value == n
    except numerals.Unreadable:
        assert n >= 10000  # only a plain 万 or 亿 between financial forms leaves one alone


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=3, max_value=10**12), st.sampled_from(["个", "万元", "人"]))
def test_written_numerals_are_found_in_a_sentence(n: int, unit: str) -> None:
    numeral = with_liang(write(n))
    assume(unit != "万元" or not ("万" in numeral or "亿" in numeral))  # 一亿零五万元 is another number
    text = f"全年新增{numeral}{unit}，增长百分之{write(n % 100)}点五。"
    found = numbers.find_quantities(one_sentence_doc(text))
    want_value = n * 10000 if unit == "万元" else n
    assert [(q.text, q.value) for q in found][:1] == [(numeral + unit, want_value)]
    assert found[-1].value == Decimal(n % 100) + Decimal("0.5") and found[-1].unit == "%"


NUMERAL_ALPHABET = list("零〇一二两三四五六七八九十百千万亿点几多余来分之又成折半负百0123456789.,， 萬億點壹伍陆拾")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(NUMERAL_ALPHABET), min_size=1, max_size=12))
def test_the_reader_reads_or_says_why(text: str) -> None:
    """Any string of numeral characters is read or raises Unreadable: no other error, no crash."""
    try:
        got = numerals.read(text)
    except numerals.Unreadable as err:
        assert str(err)
        return
    assert got.value_max is None or got.value_max > got.value


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*NUMERAL_ALPHABET, "队", "大", "收", "○", "年", "个", "元"]), max_size=30))
def test_folding_numeral_forms_keeps_every_offset(text: str) -> None:
    folded = normalise(text)
    assert len(folded) == len(text)
    assert normalise(folded) == folded
