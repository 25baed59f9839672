"""Word edges: jieba's precise cut (no HMM) with the user dictionaries in rules/, by `rjieba`.

`rjieba` binds jieba-rs, the Rust port of jieba with jieba's dictionary built in: it loads in 0.1-0.3 s
(jieba: over a second) and cuts over ten times faster than jieba in Python, with the same words
(tests/test_words.py compares the two over the bundled reports). It is imported on first use, so
`huimin --help` does not pay for it. Every `rules/userdict*.txt` is loaded (one word a line: `word [freq] [tag]`, jieba's format).

jieba runs only on the short clauses where a rule needs word boundaries (a metric's or a project's left
edge), never over the whole report.

One difference, which no cut of the bundled reports shows: a user word already in the dictionary (产值, 力争)
adds its frequency to jieba's total, while jieba-rs replaces the old frequency in it; the totals differ by
about 34,000 in 60 million, so two readings of a run could rank otherwise only if their log probabilities
were within 0.0006 times the difference of their word counts.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

# jieba's `re_han_default`: the runs of Han characters, Latin letters, digits and `+#&._%-` it cuts each on
# its own (a test checks it is still jieba's).
_RUN = re.compile("[\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+")
# jieba's `re_userdict`: a word, then an optional frequency and part-of-speech tag
_USERDICT_LINE = re.compile("^(.+?)( [0-9]+)?( [a-z]+)?$")


def _user_words() -> list[tuple[str, int | None, str | None]]:
    """(word, frequency, tag) of every line of the shipped `rules/userdict*.txt`, files in name order."""
    out: list[tuple[str, int | None, str | None]] = []
    rules = resources.files("huimin_extract.rules")
    for entry in sorted(rules.iterdir(), key=lambda e: e.name):
        if entry.name.startswith("userdict") and entry.name.endswith(".txt"):
            for line in entry.read_text(encoding="utf-8-sig").splitlines():
                line = line.strip()
                if line:
                    word, freq, tag = _USERDICT_LINE.match(line).groups()  # type: ignore[union-attr]  # .+? matches any line
                    out.append((word, int(freq) if freq else None, tag.strip() if tag else None))
    return out


@cache
def tokenizer() -> Any:
    """The process's tokenizer: rjieba's default one (importing rjieba builds it; a second one would cost
    as much again) with the user words added."""
    import rjieba

    for word, freq, tag in _user_words():
        rjieba.add_word(word, freq, tag)
    return rjieba


def runs(text: str) -> list[tuple[int, int]]:
    """The spans of `text` that jieba cuts each on its own. Every other character is a word by itself
    (but `\\r\\n`, one word), so a word edge lies on each side of it, and the words of a run do not depend
    on what stands outside it."""
    return [m.span() for m in _RUN.finditer(text)]


def cut(clause: str) -> list[str]:
    """Words of a short clause (precise mode, no HMM, so the result depends on the dictionaries only).
    Not memoised: a cut costs less than a look-up in an LRU cache of clauses."""
    return tokenizer().cut(clause, False)


def tagged(phrase: str) -> list[tuple[str, str]]:
    """The words of `phrase` with the part of speech jieba's dictionary gives each (v: verb, n: noun, d: adverb).

    A run of characters the dictionary lacks as a word is one word, as jieba's HMM cuts it (烤姻, 托额, 零碳),
    and a compound is head-final: it takes the part of speech of its last character, a verbal noun when that
    is a verb (托育 vn, 排危 vn; 托额 n, 老旧 a). jieba's own tagger guesses these with a part-of-speech HMM
    whose model takes 8.5 MB the first time it runs (the cut's HMM: 0.2 MB), raising a batch's peak memory
    by as much; over the bundled reports both give the same records.
    """
    tokens = tokenizer()
    out: list[tuple[str, str]] = []
    for word in tokens.cut(phrase, True):
        tags = tokens.tag(word, False)
        if len(tags) == 1:
            out.append(tags[0])
        else:
            head = tags[-1][1]
            out.append((word, "vn" if head.startswith("v") else head))
    return out


def opens_with_verb(phrase: str) -> bool:
    """Whether jieba's dictionary tags the first word of `phrase` a verb (避免|因灾伤亡, not 炼铁|产能)."""
    words = tagged(phrase)
    return bool(words) and words[0][1] == "v"


def ends_with_noun(phrase: str) -> bool:
    """Whether jieba's dictionary tags the last word of `phrase` a noun (识别监测|对象, not 建档立卡)."""
    words = tagged(phrase)
    return bool(words) and words[-1][1].startswith("n")
