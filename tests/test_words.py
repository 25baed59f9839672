"""Word edges: rjieba with our user dictionaries must cut exactly as jieba with the same dictionaries."""

from __future__ import annotations

import logging
from functools import cache
from importlib import resources

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huimin_extract import words

from .conftest import ALL_REPORTS, read_text

# characters at the edges of jieba's runs: outside the Han range it cuts (㐀, 鿖, 𠀀, 豈), letters, digits and
# the symbols it keeps in a run, whitespace of every kind, full-width forms
EDGE_CASES = [
    "a㐀b", "中国鿖人民", "5𠀀个", "豈更", "ab\u3000cd", "x\x1cy z", "\xa0中国\r\n人民\n\n", "中\u200b国", "\ufeff中国",
    "PM2.5浓度下降到30微克/立方米", "G6高速公路 京藏段", "5G基站1.2万个", "ABC公司与XYZ集团签约", "“十四五”规划",
    "C++语言", "e.g.人民%", "100%以上", "Ａ股市场", "①②", "a1b2", "五-六", "",
]  # fmt: skip


@cache
def _reference() -> jieba.Tokenizer:
    """jieba itself, with its whole dictionary and the user dictionaries loaded by its own `load_userdict`."""
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    rules = resources.files("huimin_extract.rules")
    dicts = sorted(
        (e for e in rules.iterdir() if e.name.startswith("userdict") and e.name.endswith(".txt")), key=lambda e: e.name
    )
    assert dicts, "no user dictionary found"
    for entry in dicts:
        with resources.as_file(entry) as path:
            tok.load_userdict(str(path))
    return tok


@pytest.fixture(scope="module")
def reference() -> jieba.Tokenizer:
    return _reference()


def test_cuts_equal_jieba_over_every_line_of_the_corpus(reference: jieba.Tokenizer) -> None:
    lines = [line for path in ALL_REPORTS for line in read_text(path).splitlines(keepends=True)]
    assert len(lines) > 10_000
    for line in lines:
        assert words.cut(line) == reference.lcut(line, HMM=False), line


@pytest.mark.parametrize("text", EDGE_CASES)
def test_cuts_equal_jieba_at_the_edges_of_runs(reference: jieba.Tokenizer, text: str) -> None:
    assert words.cut(text) == reference.lcut(text, HMM=False)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("经济增长机扫率开工建设中国人民产值 \r\n\t.%-+#&_aZ09㐀鿖豈，。、（")),
        max_size=30,
    )
)
def test_cuts_equal_jieba_on_any_mix(text: str) -> None:
    assert words.cut(text) == _reference().lcut(text, HMM=False)


def test_user_words_are_in_effect(reference: jieba.Tokenizer) -> None:
    """Each user word on its own comes out whole, as in jieba: the dictionaries were found and loaded."""
    user_words = [w for w, _, _ in words._user_words()]
    assert len(user_words) >= 50
    for word in user_words:
        assert words.cut(word) == reference.lcut(word, HMM=False) == [word]
    assert jieba.lcut("道路机扫率", HMM=False) != words.cut("道路机扫率") == ["道路", "机扫率"]


def test_runs_are_jiebas() -> None:
    assert words._RUN.pattern == jieba.re_han_default.pattern[1:-1]  # jieba's, without its capture group
    for path in ALL_REPORTS[:10]:
        text = read_text(path)
        assert words.runs(text) == [m.span() for m in jieba.re_han_default.finditer(text)]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("烤姻增长", [("烤姻", "n"), ("增长", "v")]),  # a misprint of 烤烟 (national-1958): one word, a noun
        ("托育机构托额", [("托育", "vn"), ("机构", "n"), ("托额", "n")]),  # shanghai-2026: coined words
        ("老旧小区", [("老旧", "a"), ("小区", "n")]),
        ("避免因灾伤亡", [("避免", "v"), ("因灾", "n"), ("伤亡", "v")]),  # 避免, 伤亡: the dictionary's tags
    ],
)
def test_a_word_the_dictionary_lacks_is_tagged_by_its_head(phrase: str, expected: list[tuple[str, str]]) -> None:
    """A run jieba's HMM joins into one word takes its last character's part of speech (a verb's: vn)."""
    assert words.tagged(phrase) == expected
