"""WordSet answers what the regex alternation it replaces would: `(?:w1|w2|…)$` searched in text[start:end]."""

from __future__ import annotations

import re

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from huimin_extract.wordsets import EndFinder, WordSet, alternation

LETTERS = "项目工程区园中一二\n "
words_st = st.lists(st.text(alphabet=LETTERS.strip(), min_size=1, max_size=4), min_size=1, max_size=8)


def _regex_end(words: list[str], text: str, start: int, end: int) -> tuple[int, int] | None:
    alternation = "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
    m = re.compile(f"(?:{alternation})$").search(text, start, end)
    return m.span() if m else None


@settings(max_examples=400, deadline=None)
@given(words=words_st, text=st.text(alphabet=LETTERS, max_size=12), data=st.data())
def test_find_is_the_end_anchored_alternation(words: list[str], text: str, data: st.DataObject) -> None:
    end = data.draw(st.integers(0, len(text)))
    start = data.draw(st.integers(0, end))
    assert WordSet(words).find(text, start, end) == _regex_end(words, text, start, end)
    ending = WordSet(words).endings(text)
    assert (ending[0] if ending else None) == (_regex_end(words, text, 0, len(text)) or (None,))[0]


@settings(max_examples=200, deadline=None)
@given(words=words_st, text=st.text(alphabet=LETTERS, max_size=12))
def test_starting_is_the_alternation_matched_at_the_start(words: list[str], text: str) -> None:
    alternation = "|".join(re.escape(w) for w in words)
    assert WordSet(words).starting(text) == bool(re.match(f"(?:{alternation})", text))


@settings(max_examples=400, deadline=None)
@given(words=words_st, text=st.text(alphabet=LETTERS, max_size=40), block=st.integers(1, 8))
def test_end_finder_gives_each_end_the_latest_start_of_every_match(words: list[str], text: str, block: int) -> None:
    """Every place a word ends, overlapping or not, with the latest start of a word ending there, in blocks of
    any size (cut before a character in no word)."""
    latest: dict[int, int] = {}
    for w in set(words):
        for s in range(len(text) - len(w) + 1):
            if text.startswith(w, s):
                latest[s + len(w)] = max(latest.get(s + len(w), -1), s)
    finder = EndFinder(words)
    finder.BLOCK = block
    assert finder.ends(text) == (sorted(latest), [latest[e] for e in sorted(latest)])


def test_alternation_is_longest_first_and_matches_nothing_without_words() -> None:
    assert regex.compile(alternation(["增长", "年均增长", ""])).findall("年均增长和增长") == ["年均增长", "增长"]
    assert regex.compile(alternation([])).search("上年全年") is None  # not the empty match everywhere
