"""The metric lexicon's scan (`lexicon.TextLexicon`, an Aho-Corasick automaton) finds what a regex alternation
of the surfaces, longest first, finds: the longest surface at the first place one starts, then on after it."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from huimin_extract.lexicon import TextLexicon, alternation, compiled_rules
from huimin_extract.normalise import normalise
from huimin_extract.wordsets import WordFinder

from .conftest import ALL_REPORTS

LETTERS = "地区生产总值全市增长"


def _alternation_scan(surfaces: list[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in regex.compile(alternation(surfaces)).finditer(text)]


def test_the_scan_of_bundled_reports_is_the_alternation_s() -> None:
    r = compiled_rules()
    pattern = regex.compile(alternation(list(r.surfaces)))
    for path in ALL_REPORTS[::4]:  # a quarter of them: the alternation takes 10 s over all
        norm = normalise(path.read_text(encoding="utf-8"))
        found = [(m.start, m.end) for m in TextLexicon(r, norm).found]
        assert found == [m.span() for m in pattern.finditer(norm)], path.name


@settings(max_examples=500, deadline=None)
@given(
    surfaces=st.lists(st.text(alphabet=LETTERS, min_size=1, max_size=5), min_size=1, max_size=8, unique=True),
    text=st.text(alphabet=LETTERS + "。", max_size=40),
    block=st.integers(1, 8),
)
def test_leftmost_longest_as_the_alternation_block_by_block(surfaces: list[str], text: str, block: int) -> None:
    finder = WordFinder(surfaces)
    finder.BLOCK = block  # blocks cut before a character in no word: the matches are the whole text's
    found = finder.leftmost_longest(text)
    assert [(a, b) for _, a, b in found] == _alternation_scan(surfaces, text)
    assert all(text[a:b] == surfaces[k] for k, a, b in found)


@settings(max_examples=500, deadline=None)
@given(
    words=st.lists(st.text(alphabet=LETTERS, min_size=1, max_size=4), min_size=1, max_size=8, unique=True),
    text=st.text(alphabet=LETTERS + "。", max_size=40),
    block=st.integers(1, 8),
)
def test_every_match_block_by_block(words: list[str], text: str, block: int) -> None:
    finder = WordFinder(words)
    finder.BLOCK = block
    found = finder.find(text)
    assert len(found) == len(set(found))
    assert {(words[k], a, b) for k, a, b in found} == {
        (w, i, i + len(w)) for w in words for i in range(len(text)) if text.startswith(w, i)
    }


@settings(max_examples=500, deadline=None)
@given(
    surfaces=st.lists(st.text(alphabet=LETTERS[:4], min_size=1, max_size=4), min_size=1, max_size=6, unique=True),
    data=st.data(),
    keep=st.lists(st.booleans(), min_size=8, max_size=8),
)
def test_the_scan_of_some_sentences_is_the_whole_text_s(surfaces: list[str], data: st.DataObject, keep: list[bool]) -> None:
    """Scanning only the sentences asked (TextLexicon(..., sentences)) gives each of them the matches the scan of
    the whole text gives it, whether the sentences' edges let it scan them alone or not (a text of surfaces, so
    that some run across an edge)."""
    text = "".join(data.draw(st.lists(st.sampled_from([*surfaces, "。"]), min_size=1, max_size=10)))
    cuts = data.draw(st.lists(st.integers(1, len(text)), max_size=6))
    r = SimpleNamespace(surface_finder=WordFinder(surfaces))
    edges = sorted({0, len(text), *cuts})
    sentences = [SimpleNamespace(id=f"s{i}", start=a, end=b) for i, (a, b) in enumerate(itertools.pairwise(edges))]
    asked = [s for s, k in zip(sentences, keep, strict=False) if k]
    whole, some = TextLexicon(r, text), TextLexicon(r, text, asked)  # type: ignore[arg-type]
    for s in asked:
        assert some.sentence(s).found == whole.sentence(s).found  # type: ignore[arg-type]
