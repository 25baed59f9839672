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
    word_run: re.Pattern[str] | None  # a run of numeral characters around one of `in_numerals`
    zero_run: re.Pattern[str] | None  # a run of (folded) Chinese digits and zero variants
    financial: frozenset[str]


@lru_cache(maxsize=1)
def _numeral_forms() -> _NumeralForms:
    from .numerals import numeral_rules  # numerals reads through this module

    r = numeral_rules()
    plain = "".join([*r.digits, *r.small_units, *r.big_units])
    words = "".join(r.financial_words)
    zeros = "".join(r.zero_variants)
    numeral = re.escape(plain + "".join(r.variants) + "".join(r.financial) + words)
    digits = re.escape("".join(r.digits))
    return _NumeralForms(
        everywhere={**r.variants, **r.financial},
        in_numerals=dict(r.financial_words),
        zeros=dict(r.zero_variants),
        word_run=re.compile(f"[{numeral}]*[{re.escape(words)}][{numeral}]*") if words else None,
        zero_run=re.compile(f"[{digits}{re.escape(zeros)}]*[{re.escape(zeros)}][{digits}{re.escape(zeros)}]*") if zeros else None,
        financial=frozenset(r.financial),
    )


def _fold_in_numerals(text: str, folded: str) -> str:
    """Fold the forms that are also common characters where they stand inside a numeral (see the module doc).

    A financial word (伍 陆 拾) counts in a run of numeral characters that holds a form used only for numerals
    (伍佰, 伍亿柒仟万) or another financial word right beside it (陆拾); ○ counts next to a Chinese digit (二○三五).
    Runs are found in `text` (so a folded form still says it was financial); `folded` gets the changes.
    """
    forms = _numeral_forms()
    changes: list[tuple[int, str]] = []
    if forms.word_run is not None:
        words = forms.in_numerals
        for m in forms.word_run.finditer(text):
            run = m[0]
            if len(run) < 2:
                continue
            beside = any(a in words and b in words for a, b in zip(run, run[1:], strict=False))
            if beside or any(c in forms.financial for c in run):
                changes += [(m.start() + k, words[c]) for k, c in enumerate(run) if c in words]
    if changes:
        chars = list(folded)
        for pos, ch in changes:
            chars[pos] = ch
        folded = "".join(chars)
    if forms.zero_run is not None:  # on the folded copy: 伍○ is 五〇 once 伍 is folded
        chars = []
        for m in forms.zero_run.finditer(folded):
            run = m[0]
            if any(c not in forms.zeros for c in run):  # at least one digit beside the zeros
                chars += [(m.start() + k, forms.zeros[c]) for k, c in enumerate(run) if c in forms.zeros]
        if chars:
            out = list(folded)
            for pos, ch in chars:
                out[pos] = ch
            folded = "".join(out)
    return folded


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


@lru_cache(maxsize=1)
def _context_forms() -> re.Pattern[str]:
    """Any character folded only inside a numeral (most texts hold few: 队伍, 大陆)."""
    forms = _numeral_forms()
    chars = "".join([*forms.in_numerals, *forms.zeros])
    return re.compile(f"[{re.escape(chars)}]" if chars else "(?!)")


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
    if _context_forms().search(text):
        folded = _fold_in_numerals(text, folded)
    if len(folded) != len(text):  # pragma: no cover - the table maps one character to one
        raise AssertionError("normalisation changed the length of the text")
    return folded
