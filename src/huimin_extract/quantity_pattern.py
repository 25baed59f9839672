"""The pattern of a quantity mention: one regular expression built from the rule files (numerals, units,
qualifiers) that matches a numeral with its magnitude, unit and qualifiers, the quick test that a sentence may
hold one, and the mask patterns of what is no quantity. The finder (numbers.py) runs them; `numerals.read`
decides a matched numeral's value.

Two engines, one per origin of a pattern: the patterns written in a rule file (nonquantities.yaml `spans` and
`line_labels`) are read by `regex`, the engine of every rule pattern (docs/architecture.md); the patterns this
module builds from escaped rule words and fixed syntax (every lookbehind of a fixed width, no class escape)
are compiled by the stdlib `re`, which scans them two to three times faster on the pipeline's hottest loop.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache

import regex

from .numerals import numeral_rules
from .quantity_rules import nonquantities, qualifiers, unit_table
from .rules.schemas import NumeralRules, UnitRule
from .wordsets import alternation


@dataclass(frozen=True)
class Matcher:
    # built here: `re`
    candidate: re.Pattern[str]
    term: re.Pattern[str]
    suffix: re.Pattern[str]  # a suffix qualifier (after a share, a tenths form or a fraction)
    range_sep: re.Pattern[str]
    # written in nonquantities.yaml: `regex`
    # mask patterns scanned once over all of a report's sentences, each with its top-level alternatives when
    # it has several (see `alternatives`)
    doc_masks: list[tuple[regex.Pattern[str], tuple[regex.Pattern[str], ...]]]
    masks: list[regex.Pattern[str]]  # mask patterns scanned sentence by sentence (see `joinable`)
    line_label: regex.Pattern[str]
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
    width, so the stdlib `re` compiles the pattern (see the module doc).
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
        (?P<share>(?<![{cn}]){alternation(n.shares)})?                        # 百分之 千分之 (五百分之二 is a fraction)
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
def matcher() -> Matcher:
    n = numeral_rules()
    q = qualifiers()
    nq = nonquantities()
    table = unit_table()
    units = table.units
    ge = regex.escape(table.classifier)
    per = regex.escape(table.per)
    all_units = alternation(list(units))
    cn = "".join([*n.digits, *n.small_units, *n.big_units])
    plain_units = alternation([u for u, r in units.items() if not r.needs_classifier])
    classifier_units = alternation([u for u, r in units.items() if r.classifier])
    unit_led = alternation([u for u in units if u[0] in n.small_units or u[0] in n.big_units])  # 千米 千瓦 百分点
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
        (?P<post>{alternation(q.suffix)})?                      # suffix qualifier: 左右 以上 …
    """
    first_candidate = "".join(sorted(set("0123456789") | starts | {n.fraction_mark[0]}))
    masks = [regex.compile(p) for p in nq.spans.values()]
    doc_masks = [p for p in masks if joinable(p.pattern)]
    tenths = regex.escape("".join(n.tenths))
    run = cn + regex.escape(n.decimal_point + n.unknown_digit) + inner  # what a run of numerals is made of
    return Matcher(
        # a quick test that a sentence may hold a quantity at all (most have no digit and no counted numeral)
        candidate=re.compile(
            rf"(?=[{regex.escape(first_candidate)}])"  # the first character again lets the scan skip ahead
            rf"(?:[0-9]|{regex.escape(n.fraction_mark)}"  # Arabic digits, shares and fractions
            rf"|(?<![{run}])[{cn}{regex.escape(n.unknown_digit)}][{run}]*"  # from the start of a run: linear
            rf"(?:[{tenths}]|[ ]?{ge}?(?:{plain_units}|{classifier_units})))"  # 十余轮, 八成
        ),
        term=re.compile(term, re.VERBOSE),
        suffix=re.compile(alternation(q.suffix)),
        doc_masks=[(p, tuple(regex.compile(a) for a in alternatives(p.pattern))) for p in doc_masks],
        masks=[p for p in masks if p not in doc_masks],
        line_label=regex.compile(nq.line_labels),
        range_sep=re.compile(alternation(n.range_separators)),
        plain_arabic=re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"),
        arabic_magnitude=re.compile(rf"((?:[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)(?:\.[0-9]+)?)({alternation(n.magnitudes)})?"),
        unit_rules=units,
        unit_clashes=tuple(nq.unit_clashes),
        ordinal_before=tuple(nq.ordinal_before),
        name_after=tuple(nq.name_after),
    )


# Sentences are joined with NUL to scan them with one call per mask pattern (rather than one per sentence).
SEP = "\x00"
_PUNCTUATION = set(string.punctuation)
_SAFE_GROUPS = ("(?:", "(?P<", "(?<!", "(?<=", "(?!", "(?=")
_QUANTIFIER = re.compile(r"\{[0-9]*(?:,[0-9]*)?\}")


def joinable(pattern: str) -> bool:
    r"""Whether `pattern` finds in `s1 NUL s2 NUL …` exactly the matches it finds in each `s` alone.

    It does when nothing in it can match NUL: then no match crosses a NUL, and a lookaround next to a NUL
    sees what it sees at the end of a string. Decided conservatively on the text of the pattern: no NUL, no
    `.`, no negated or nested set, no escape but escaped punctuation (`\d`, `\x00`, `\W`, `\p{L}` … are
    out), no anchors, no group but (?: (?P< and lookarounds (so no inline flags), no `{` but a counted repeat
    (so no fuzzy matching).

    >>> joinable(r"(?<![0-9.])[0-9]+/[0-9]+(?![0-9])"), joinable(r"\([0-9]{1,3}\)|【[0-9]{1,3}】")
    (True, True)
    >>> [joinable(p) for p in [r"[^0-9]", r"a.b", r"\W", r"(?i)a", r"^1", r"(?:ab){e<=1}", "a\x00"]]
    [False, False, False, False, False, False, False]
    """
    i, in_set = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == SEP:
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


def alternatives(pattern: str) -> list[str]:
    r"""The top-level alternatives of a `joinable` pattern, or [] when it has only one.

    `regex` scans an alternation whose branches open with a lookbehind by trying every branch at every
    position, but each branch alone by first looking for what it must hold (the `:` of a clock time): 0.05 s
    against 0.001 s over the bundled reports. A text where no branch matches holds no match of the whole, so
    the branches, scanned alone, tell which sentences the whole pattern needs to be run on.

    >>> alternatives(r"(?<![0-9])[0-9]{1,2}(?::[0-9]{2})+|[(|][0-9]\)|\|")
    ['(?<![0-9])[0-9]{1,2}(?::[0-9]{2})+', '[(|][0-9]\\)', '\\|']
    >>> alternatives("(?:a|b)c"), alternatives("a[|]")
    ([], [])
    """
    parts: list[str] = []
    depth, start, i, in_set = 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_set:
            in_set = ch != "]"
        elif ch == "[":
            in_set = True
            if pattern.startswith("]", i + 1):
                i += 1  # a `]` first in a set is the character itself
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*parts, pattern[start:]] if parts else []
