"""Property tests and mutation fuzzing: no input crashes extraction or breaks a span.

For any text: `extract_text` returns a dataset that validates, every span is exact and in range,
sentences tile their paragraphs, and the same input gives the same output. Mutations of the real
reports (characters and lines inserted, deleted, duplicated, swapped) must keep all of that.
Anything that ever failed is kept under tests/regressions/ and replayed first.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huimin_extract import extract_text
from huimin_extract.check import problems
from huimin_extract.models import Dataset
from huimin_extract.writers import dataset_bytes, dataset_chunks

from .conftest import SAMPLE_REPORTS, read_text

REGRESSIONS = Path(__file__).parent / "regressions"

# Characters that matter to the rules, mixed with arbitrary Unicode (no surrogates: not valid in text).
REPORT_ALPHABET = "0123456789０１２３４５６７８９.,，。；;：:%％、—－-~～（）()“”\"《》【】\n\r \u3000\u00a0万亿千百十一二两三五年月日元个增长下降约近超左右以上预计目标十四五十五五今年去年"
text_strategy = st.text(
    alphabet=st.one_of(st.sampled_from(REPORT_ALPHABET), st.characters(blacklist_categories=("Cs",))),
    max_size=300,
)


def check(text: str) -> Dataset:
    ds = extract_text(text, name="fuzz")
    assert problems(Dataset.model_validate(ds.model_dump(mode="json")), text) == []
    assert extract_text(text, name="fuzz") == ds
    assert b"".join(dataset_chunks(ds)) == dataset_bytes(ds)  # the streaming writer writes the same bytes
    return ds


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy)
def test_any_text(text: str) -> None:
    check(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["2022年工作报告\n", "增长", "7%", "左右", "；", "。", "\n", "“", "）", "（", "1,234.5", "３．６％", "十四五", "近万名", "4.5%—5%", "10至15个"]), max_size=40))
def test_report_like_fragments(parts: list[str]) -> None:
    check("".join(parts))


def _mutate(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 20)):
        op = rng.choice(["insert", "delete", "duplicate", "swap", "line"])
        i = rng.randrange(len(chars)) if chars else 0
        if op == "insert":
            chars.insert(i, rng.choice(REPORT_ALPHABET))
        elif op == "delete" and chars:
            del chars[i]
        elif op == "duplicate" and chars:
            chars[i:i] = chars[i : i + rng.randint(1, 50)]
        elif op == "swap" and len(chars) > 1:
            j = rng.randrange(len(chars))
            chars[i], chars[j] = chars[j], chars[i]
        elif op == "line":
            lines = "".join(chars).split("\n")
            a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[a], lines[b] = lines[b], lines[a]
            chars = list("\n".join(lines))
    return "".join(chars)


@pytest.mark.parametrize("path", SAMPLE_REPORTS, ids=lambda p: p.name)
def test_mutated_reports(path: Path) -> None:
    text = read_text(path)
    rng = random.Random(path.name)  # seeded: the same mutations on every run
    for _ in range(2):
        mutated = _mutate(text, rng)
        try:
            check(mutated)
        except Exception:
            REGRESSIONS.mkdir(exist_ok=True)
            (REGRESSIONS / f"{path.stem}-{abs(hash(mutated)) % 10**8}.txt").write_text(mutated, encoding="utf-8")
            raise


@pytest.mark.parametrize("path", sorted(REGRESSIONS.glob("*.txt")), ids=lambda p: p.name)
def test_regressions(path: Path) -> None:
    check(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n\n",
        "（" * 5000 + "增长5%",
        "“" * 3000 + "。" * 3000,
        "万" * 5000,
        "1" * 20000,
        "、".join(str(i) for i in range(3000)),
        "1.\n2.\n3.\n",
        "一、\n（一）\n——\n",
        "\r\n".join(["2022年工作报告", "地区生产总值增长7%左右；", "是：", "1.术语：定义"]),
        "\x00\x01\x02",
        "\ufeff2022年",
        "𠀀𠀁𪚥 增长5%",
    ],
    ids=range(13),
)
def test_nasty_inputs(text: str) -> None:
    check(text)
