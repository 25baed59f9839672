"""The matching copy: a normalised text of exactly the same length as the source.

Rules match on this copy, so every span found in it is the same span in the source.
Each character is mapped to one character (never more, never fewer):

- full-width ASCII (U+FF01-FF5E) to ASCII: `１２３` -> `123`, `，` -> `,`, `％` -> `%`;
- NBSP, EN/EM and the other Unicode spaces, and the ideographic space to a plain space;
- CJK radicals (`⻬`) and compatibility ideographs to their unified ideograph where NFKC gives one;
- dashes between the ends of a range to `—`, wave dashes to `~`.
"""

from __future__ import annotations

import re
import unicodedata
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
    return table


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
    """
    folded = _mapped().sub(_fold, text)  # == text.translate(_table()), see _mapped
    if len(folded) != len(text):  # pragma: no cover - the table maps one character to one
        raise AssertionError("normalisation changed the length of the text")
    return folded
