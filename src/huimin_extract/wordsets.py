"""Rule words in a text: `WordSet` looks them up at a place by slicing, instead of a regex alternation;
`WordFinder` and `EndFinder` find them all in one pass; `alternation` writes them as a regex where a rule
pattern is built around them.

A pattern such as `(?:项目|工程|…)$` is tried at every start position of a text before it fails; a stage that
asks "which rule word ends here?" thousands of times a report instead slices the text's last few
characters and looks them up in a set, with the same answer. Words hold no line break (rule words never do).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import regex


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first (so 年均增长 wins over 增长); `(?!)`, which matches
    nothing, when there is no word (an empty alternation would match everywhere)."""
    ordered = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "|".join(regex.escape(w) for w in ordered) or "(?!)"


class WordSet:
    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w for w in words if w)
        by_last: dict[str, set[int]] = {}
        for w in self.words:
            by_last.setdefault(w[-1], set()).add(len(w))
        # the lengths of the words that end in each character, longest first: most places are ruled out by
        # their last character alone
        self.lengths_by_last = {ch: sorted(ns, reverse=True) for ch, ns in by_last.items()}
        self.lengths = sorted({len(w) for w in self.words}, reverse=True)

    def __contains__(self, text: str) -> bool:
        return text in self.words

    def find(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """The span of the longest word that ends at `end` (or, as a regex `$` allows, right before a line
        break there) and starts at `start` or later; None when none does.

        >>> WordSet(["工程", "项目", "重点项目"]).find("建设重点项目", 0, 6), WordSet(["项目"]).find("项目", 1, 2)
        ((2, 6), None)
        """
        if end > start and text[end - 1] == "\n":
            end -= 1
        if end <= start:
            return None
        for k in self.lengths_by_last.get(text[end - 1], ()):
            if k <= end - start and text[end - k : end] in self.words:
                return (end - k, end)
        return None

    def ending(self, text: str) -> tuple[int, int] | None:
        """The span of the longest word that ends `text`, as `find` over the whole of it."""
        return self.find(text, 0, len(text))

    def starts(self, text: str, end: int) -> list[int]:
        """Where each word that ends at `end` in `text` starts, longest first."""
        if end <= 0:
            return []
        words = self.words
        return [
            end - k for k in self.lengths_by_last.get(text[end - 1], ()) if k <= end and text[end - k : end] in words
        ]

    def endings(self, text: str) -> list[int]:
        """Where each word that ends `text` (or right before a final line break) starts, longest first."""
        return self.starts(text, len(text) - 1 if text.endswith("\n") else len(text))

    def starting(self, text: str) -> bool:
        """Whether a word starts `text`."""
        for k in self.lengths:
            if text[:k] in self.words:
                return True
        return False


class WordFinder:
    """Every place of a list of rule words in a text, by an Aho-Corasick automaton (`pyahocorasick`).

    `find` gives every match, overlapping; `leftmost_longest` the longest word at the first place one starts,
    then on after it (what a regex alternation of the words, longest first, finds), chosen from every match
    in order of start, longest first. pyahocorasick's own `iter_long` is not used: it misses matches
    (pyahocorasick#133, #185). Measured against `ahocorasick-rs` on the 5,374 lexicon surfaces: built in
    2.6 ms and 0.8 MB instead of 10-16 ms and 3.6-4.2 MB, and it reads the str in place (ahocorasick-rs copies
    it into UTF-8 with an index per byte, 22 bytes a character); its scans are as fast within 25 %.

    The text is handed to the automaton in blocks of about `BLOCK` characters, each cut before a character
    that is in no word (so no match crosses a cut): pyahocorasick reads a text as 4-byte characters, and a
    copy of a whole 10 MB report would raise the pipeline's peak memory by 13 MB.

    >>> WordFinder(["项目", "重点项目"]).find("建设重点项目和项目")
    [(1, 2, 6), (0, 4, 6), (0, 7, 9)]
    >>> WordFinder(["项目", "重点项目"]).leftmost_longest("建设重点项目和项目")
    [(1, 2, 6), (0, 7, 9)]
    """

    BLOCK = 1 << 15

    def __init__(self, words: list[str]) -> None:
        import ahocorasick

        self.words = [w for w in words if w]
        self.chars = frozenset("".join(self.words))
        self.lengths = [len(w) for w in self.words]
        self.automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)  # a word's value: its index, a C int
        for index, word in enumerate(self.words):
            self.automaton.add_word(word, index)
        self.automaton.make_automaton()

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """(index of the word in `words`, start, end) of every match, by end (then longest first)."""
        n = self.lengths
        if not n:
            return []  # an automaton of no words cannot be run
        if len(text) <= self.BLOCK:
            return [(k, e + 1 - n[k], e + 1) for e, k in self.automaton.iter(text)]
        out: list[tuple[int, int, int]] = []
        for start, end in _blocks(text, self.chars, self.BLOCK):
            out += [(k, start + e + 1 - n[k], start + e + 1) for e, k in self.automaton.iter(text[start:end])]
        return out

    def longest_by_start(self, text: str) -> dict[int, int]:
        """Where a word starts -> where the longest word that starts there ends (what an overlapped search of
        the words' alternation, longest first, finds at each place), read off the automaton's matches
        without making a tuple of each.

        >>> WordFinder(["项目", "重点项目", "重点"]).longest_by_start("建设重点项目")
        {2: 6, 4: 6}
        """
        n = self.lengths
        longest: dict[int, int] = {}
        if not n:
            return longest
        if len(text) > self.BLOCK:
            for _, s, e in self.find(text):
                if e > longest.get(s, s):
                    longest[s] = e
            return longest
        for last, k in self.automaton.iter(text):
            s = last + 1 - n[k]
            if last >= longest.get(s, s):
                longest[s] = last + 1
        return longest

    def leftmost_longest(self, text: str) -> list[tuple[int, int, int]]:
        """(index, start, end) of the longest word at the first place one starts, then on after it."""
        out: list[tuple[int, int, int]] = []
        after = 0
        for start, negative_length, k in sorted((s, s - e, k) for k, s, e in self.find(text)):
            if start >= after:
                after = start - negative_length
                out.append((k, start, after))
        return out


class EndFinder:
    """Where the words of a list end in a text, each end with the latest start of a word ending there (the
    shortest word's), by one regex of the words reversed, shortest first, searched over the text reversed.

    An Aho-Corasick automaton reads every character of the text; the regex engine skips to the characters
    that start a reversed word (the words' last characters: few, for rule words such as heads, 项目's 目,
    工程's 程), about half the time over the bundled reports. The text is reversed in blocks of about
    `BLOCK` characters, each cut before a character that is in no word (so no word crosses a cut), so
    no copy of a whole report is made.

    >>> EndFinder(["项目", "重点项目", "十中"]).ends("建设重点项目和十中")
    ([6, 9], [4, 7])
    """

    BLOCK = 1 << 15

    def __init__(self, words: Iterable[str]) -> None:
        self.words = sorted({w for w in words if w}, key=lambda w: (len(w), w))
        self.chars = frozenset("".join(self.words))
        # at each place, the first word of the alternation that matches: the shortest
        self.pattern = re.compile("|".join(re.escape(w[::-1]) for w in self.words)) if self.words else None

    def ends(self, text: str) -> tuple[list[int], list[int]]:
        """(ends, starts): where a word ends, in order, and the latest start of a word ending there."""
        ends: list[int] = []
        starts: list[int] = []
        if self.pattern is None:
            return ends, starts
        search = self.pattern.search
        for start, end in _blocks(text, self.chars, self.BLOCK):
            backwards = text[start:end][::-1]
            block_ends: list[int] = []
            block_starts: list[int] = []
            m = search(backwards)
            while m is not None:
                # every place a reversed word starts, one after another: the words may overlap
                block_ends.append(end - m.start())
                block_starts.append(end - m.end())
                m = search(backwards, m.start() + 1)
            ends += reversed(block_ends)
            starts += reversed(block_starts)
        return ends, starts


def _blocks(text: str, chars: frozenset[str], size: int) -> Iterator[tuple[int, int]]:
    """(start, end) of the blocks of about `size` characters that cover `text`, each cut before a character
    not in `chars` (in no word), so that no word crosses a cut."""
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        while end < len(text) and text[end] in chars:
            end += 1
        yield start, end
        start = end
