"""Word edges: our lazily loaded, bucketed dictionary must cut exactly as jieba with its whole dictionary."""

from __future__ import annotations

import random

import regex

from huimin_extract import words

from .conftest import SAMPLE_REPORTS, read_text


def _clauses(n: int) -> list[str]:
    pieces = [p for path in SAMPLE_REPORTS for p in regex.split(r"[，,。；;：:！？!?\n]", read_text(path)) if p.strip()]
    rng = random.Random(7)
    sample = rng.sample(pieces, n)
    # and some that mix Latin letters, digits, spaces and punctuation
    sample += ["PM2.5浓度下降到30微克/立方米", "G6高速公路 京藏段", "5G基站1.2万个", "ABC公司与XYZ集团签约", "“十四五”规划"]
    return sample


def test_cut_equals_jieba_with_the_whole_dictionary() -> None:
    reference = words._full_tokenizer()
    for clause in _clauses(1500):
        assert words.cut(clause) == reference.lcut(clause, HMM=False), clause


def test_fast_tokenizer_over_the_whole_dictionary_agrees_too() -> None:
    fast = words._fast_full_tokenizer()
    reference = words._full_tokenizer()
    for clause in _clauses(300):
        assert fast.words(clause) == reference.lcut(clause, HMM=False), clause
