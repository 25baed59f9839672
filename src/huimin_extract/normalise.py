"""The matching copy: a normalised text of exactly the same length as the source.

Rules match on this copy, so every span found in it is the same span in the source.
Each character is mapped to one character (never more, never fewer):

- full-width ASCII (U+FF01-FF5E) to ASCII: `１２３` -> `123`, `，` -> `,`, `％` -> `%`;
- NBSP, EN/EM and the other Unicode spaces, and the ideographic space to a plain space;
- CJK radicals (`⻬`) and compatibility ideographs to their unified ideograph where NFKC gives one;
- dashes between the ends of a range to `—`, wave dashes to `~`;
- traditional and financial forms of numerals to the plain ones (`萬` -> `万`, `點` -> `点`, `個` -> `个`,
  `壹佰` -> `一百`), as rules/numerals.yaml lists them: forms that are also common characters (`伍` of `队伍`,
  `陆` of `大陆`, `○` as a bullet) only inside a numeral (`伍佰`, `陆拾`, `二○三五年`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

# Dashes written between the ends of a range (4.5%—5%, 5%-6%) all become EM DASH in the copy.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII block
        table[code] = chr(code - 0xFEE0)
    for ch in _SPACES:
        table[ord(ch)] = " "
    for ch in _DASHES:
        table[ord(ch)] = "—"
    table[ord("\uff5e")] = "~"  # FULLWIDTH TILDE is in the block above; WAVE DASH is not
    table[ord("\u301c")] = "~"
    # CJK radicals supplement, Kangxi radicals and compatibility ideographs: keep only one-to-one NFKC mappings.
    ranges = [(0x2E80, 0x2FE0), (0xF900, 0xFB00), (0x2F800, 0x2FA20)]
    for lo, hi in ranges:
        for code in range(lo, hi):
            ch = chr(code)
            folded = unicodedata.normalize("NFKC", ch)
            if len(folded) == 1 and folded != ch:
                table[code] = folded
    # Radicals that NFKC leaves alone but that stand for one common ideograph in scraped text.
    table.update({ord("⻬"): "齐", ord("⻓"): "长", ord("⻔"): "门", ord("⻩"): "黄", ord("⻛"): "风", ord("⻋"): "车"})
    forms = _numeral_forms()
    table.update({ord(k): v for k, v in forms.everywhere.items()})
    return table


@dataclass(frozen=True)
class _NumeralForms:
    everywhere: dict[str, str]  # traditional and financial forms that are never anything but numerals
    in_numerals: dict[str, str]  # financial forms that are also common characters (伍 陆 拾)
    zeros: dict[str, str]  # ○ for 〇
    numeral: frozenset[str]  # every numeral character in any form (a run around a financial word)
    digits: frozenset[str]  # plain Chinese digits (a zero variant beside one is a zero)
    financial: frozenset[str]
    context: re.Pattern[str]  # any character of `in_numerals` or `zeros` (most texts hold few: 队伍, 大陆)


@lru_cache(maxsize=1)
def _numeral_forms() -> _NumeralForms:
    from .numerals import numeral_rules  # numerals reads through this module

    r = numeral_rules()
    plain = [*r.digits, *r.small_units, *r.big_units]
    context = "".join([*r.financial_words, *r.zero_variants])
    return _NumeralForms(
        everywhere={**r.variants, **r.financial},
        in_numerals=dict(r.financial_words),
        zeros=dict(r.zero_variants),
        numeral=frozenset([*plain, *r.variants, *r.financial, *r.financial_words]),
        digits=frozenset(r.digits),
        financial=frozenset(r.financial),
        context=re.compile(f"[{re.escape(context)}]" if context else "(?!)"),
    )


def _run(s: Sequence[str], i: int, chars: frozenset[str]) -> tuple[int, int]:
    """The run of `chars` around s[i] (s[i] is one of them)."""
    a, b = i, i + 1
    while a > 0 and s[a - 1] in chars:
        a -= 1
    while b < len(s) and s[b] in chars:
        b += 1
    return a, b


def _fold_in_numerals(text: str, folded: str) -> str:
    """Fold the forms that are also common characters where they stand inside a numeral (see the module doc).

    A financial word (伍 陆 拾) counts in a run of numeral characters that holds a form used only for numerals
    (伍佰, 伍亿柒仟万) or another financial word right beside it (陆拾); runs are read in `text`, where a
    folded form still says it was financial. Then ○ counts next to a Chinese digit of the folded copy
    (二○三五, and 伍○ once 伍 is 五).
    """
    forms = _numeral_forms()
    words = forms.in_numerals
    changes: dict[int, str] = {}
    done = -1
    for m in forms.context.finditer(text):
        i = m.start()
        if i < done or text[i] not in words:
            continue
        a, done = _run(text, i, forms.numeral)
        run = text[a:done]
        beside = any(x in words and y in words for x, y in zip(run, run[1:], strict=False))
        if beside or any(c in forms.financial for c in run):
            changes.update((k, words[text[k]]) for k in range(a, done) if text[k] in words)
    folded = _replaced(folded, changes)
    zero_chars = forms.digits | frozenset(forms.zeros)
    zeros: dict[int, str] = {}
    done = -1
    for m in forms.context.finditer(text):
        i = m.start()
        if i < done or text[i] not in forms.zeros:
            continue
        a, done = _run(folded, i, zero_chars)  # each run once: ○○○… stays linear
        if any(folded[k] in forms.digits for k in range(a, done)):
            zeros.update((k, forms.zeros[folded[k]]) for k in range(a, done) if folded[k] in forms.zeros)
    return _replaced(folded, zeros)


def _replaced(s: str, changes: dict[int, str]) -> str:
    """`s` with the characters at the given offsets replaced, one by one (no list of the whole text: a
    list of a report's characters holds one str object per ideograph, 25 times the text's size).

    >>> _replaced("abcde", {1: "X", 3: "Y"})
    'aXcYe'
    """
    if not changes:
        return s
    pieces = []
    pos = 0
    for k in sorted(changes):
        pieces += [s[pos:k], changes[k]]
        pos = k + 1
    pieces.append(s[pos:])
    return "".join(pieces)


@lru_cache(maxsize=1)
def _mapped() -> re.Pattern[str]:
    """One character the table maps, as a class of the table's keys (contiguous keys as ranges).

    Most of a report's characters are not in the table, and `str.translate` pays a failed dict lookup
    for each of them; finding the few mapped ones with this class and substituting only those is about
    three times faster, with the same result on every input. (Stdlib `re`: measured faster than `regex`
    for this one class.)
    """
    runs: list[list[int]] = []
    for code in sorted(_table()):
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return re.compile(
        "[" + "".join(re.escape(chr(lo)) + ("-" + re.escape(chr(hi)) if hi > lo else "") for lo, hi in runs) + "]"
    )


def _fold(m: re.Match[str]) -> str:
    return _table()[ord(m.group())]


def normalise(text: str) -> str:
    """Return the matching copy of `text`: same length, same offsets.

    >>> normalise("３．６％，约１２３亿元")
    '3.6%,约123亿元'
    >>> normalise("4.5%－5%")
    '4.5%—5%'
    >>> len(normalise("⻬\u3000x")) == 3
    True
    >>> normalise("4.5萬億，十二個百分點，壹佰伍拾元，干部队伍，二○三五年，○○公司")
    '4.5万亿,十二个百分点,一百五十元,干部队伍,二〇三五年,○○公司'
    """
    folded = _mapped().sub(_fold, text)  # == text.translate(_table()), see _mapped
    if _numeral_forms().context.search(text):
        folded = _fold_in_numerals(text, folded)
    if len(folded) != len(text):  # pragma: no cover - the table maps one character to one
        raise AssertionError("normalisation changed the length of the text")
    return folded
