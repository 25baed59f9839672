"""Sentences: a paragraph split after `。！？；!?;`, never inside a matched pair of quotes or brackets, into
pieces that tile it; a stretch longer than `_MAX_SENTENCE` without a terminator is cut at a clause separator.

One engine, `re`: the patterns are character classes, which both engines read alike.
"""

from __future__ import annotations

import re

SENTENCE_END = "。！？；!?;"
CLOSERS = "”’」』)）]】"
TERMINATOR = re.compile(f"[{re.escape(SENTENCE_END)}][{re.escape(SENTENCE_END + CLOSERS)}]*")


def split_sentences(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split norm[start:end] (one paragraph) into sentences that tile it exactly.

    Line ends are not split points: a paragraph is a line, or lines joined because a line end cut a
    sentence in two.

    >>> s = "增长8%。“做到这样。”实现(约。)目标;完成"
    >>> [s[a:b] for a, b in split_sentences(s, 0, len(s))]
    ['增长8%。', '“做到这样。”', '实现(约。)目标;', '完成']
    """
    shields = _shielded(norm, start, end)
    if not shields:  # no quote or bracket (most paragraphs): every terminator ends a sentence
        cuts = [e for m in TERMINATOR.finditer(norm, start, end) if (e := m.end()) < end]
        pos = None
    else:
        cuts = []
        pos = start
    k = 0
    while pos is not None:
        # one finditer until a shielded terminator: after an unshielded one the next search starts at its
        # end, which is where finditer goes on anyway
        resume = None
        for m in TERMINATOR.finditer(norm, pos, end):
            i = m.start()
            while k < len(shields) and shields[k][1] <= i:
                k += 1
            if k < len(shields) and shields[k][0] <= i and (m.end() <= shields[k][1] or not shields[k][2]):
                resume = i + 1  # inside “…” or (…): not the end of a sentence (unless the quote closes right after: 。”)
                break
            if m.end() < end:
                cuts.append(m.end())
        pos = resume
    bounds = [start, *cuts, end]
    pieces: list[tuple[int, int]] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        if b - a > _MAX_SENTENCE:
            pieces += _capped(norm, a, b)
        elif b > a:
            pieces.append((a, b))
    return pieces


_MAX_SENTENCE = 1000
"""Longer stretches without a terminator (a scraped table, a run of digits) are cut at their last clause
separator within the limit: real sentences are far shorter, and the per-sentence work of later stages
stays bounded, so the pipeline stays linear in the length of the report."""
_CLAUSE_SEPARATOR = re.compile("[,，、:：]")


def _capped(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    while end - start > _MAX_SENTENCE:
        limit = start + _MAX_SENTENCE
        cut = limit
        for m in _CLAUSE_SEPARATOR.finditer(norm, start + _MAX_SENTENCE // 2, limit):
            cut = m.end()
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


_OPENERS = {"“": "”", "(": ")", "「": "」", "『": "』", "‘": "’", "《": "》", "[": "]", "【": "】"}
_CLOSER_SET = frozenset(_OPENERS.values())
_QUOTES = "“「『‘"
# Plain character classes, so stdlib `re` (faster than `regex` at stepping through many short matches).
_BRACKET = re.compile("[" + re.escape("".join(_OPENERS) + "".join(sorted(_CLOSER_SET))) + "]")
_MAX_BRACKET = 400  # a bracket still open this far on is unmatched: it no longer shields terminators


def _shielded(norm: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """The insides of the outermost matched quote and bracket pairs (shorter than _MAX_BRACKET), in order,
    each with whether it is a quotation (a quote closing right after 。 ends the sentence with it).

    Only bracket characters are visited, and each opener is pushed and popped once: linear time.
    """
    ranges: list[tuple[int, int, bool]] = []
    stack: list[tuple[str, int]] = []  # (the closer awaited, where the opener stands)
    for m in _BRACKET.finditer(norm, start, end):
        i = m.start()
        ch = norm[i]
        if stack and i - stack[0][1] > _MAX_BRACKET:
            stack.clear()
        if ch in _OPENERS:
            stack.append((_OPENERS[ch], i))
            continue
        while stack and stack[-1][0] != ch:  # a closer that skips unclosed openers closes them too
            stack.pop()
        if stack:
            _, opened = stack.pop()
            if not stack:
                ranges.append((opened + 1, i, norm[opened] in _QUOTES))
    return ranges
