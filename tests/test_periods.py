"""Periods: real-sentence cases, heading resolution, and every period of the 回民区 report."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huimin_extract import periods, rules
from huimin_extract.errors import RulesError
from huimin_extract.normalise import normalise

from .conftest import ALL_REPORTS, HUIMIN, ROOT, dataset_of, load_cases
from .test_numbers import one_sentence_doc

CASES = ROOT / "tests" / "cases"




@pytest.mark.parametrize(
    "case",
    load_cases("periods-huimin.yaml")
    + load_cases("periods-provinces.yaml")
    + load_cases("periods-forms.yaml")
    + load_cases("periods-national.yaml"),
)
def test_periods_cases(case: dict[str, Any]) -> None:
    doc = one_sentence_doc(case["text"], report_year=case["year"], section=case.get("section"))
    got = [(p.text, p.from_year, p.to_year, p.how) for p in periods.find_periods(doc)]
    want = [(w["text"], w["from"], w["to"], w["how"]) for w in case["expect"]]
    assert got == want


@pytest.mark.parametrize(
    ("heading", "year", "span"),
    [
        ("2022年工作建议", 2022, (2022, 2022)),
        ("今后五年工作建议", 2022, (2022, 2026)),
        ("“十五五”时期主要目标", 2026, (2026, 2030)),
        ("十四五时期主要成就", 2026, (2021, 2025)),
        ("2025年工作和“十四五”发展回顾", 2026, (2021, 2025)),
        ("一年来,我们坚定不移稳增长,动能转换取得明显进展", 2022, (2021, 2021)),
        ("过去四年,我们始终坚持以习近平新时代中国特色社会主义思想为指导", 2022, (2018, 2021)),
        ("2026年工作安排", None, (2026, 2026)),
        ("今年工作安排", None, None),
        ("本届政府工作回顾", 2022, None),
        ("《政府工作报告》有关内容名词注释", 2026, None),
    ],
)
def test_resolve_headings(heading: str, year: int | None, span: tuple[int, int] | None) -> None:
    assert periods.resolve(heading, year) == span


def test_plan_years_come_from_the_ordinal() -> None:
    got = {n: periods.resolve(f"“{n}”规划", 2022) for n in ["十一五", "十二五", "十三五", "十四五", "十五五", "十六五"]}
    assert got == {
        "十一五": (2006, 2010),
        "十二五": (2011, 2015),
        "十三五": (2016, 2020),
        "十四五": (2021, 2025),
        "十五五": (2026, 2030),
        "十六五": (2031, 2035),
    }


def test_bad_period_rules_are_rejected() -> None:
    text = rules.read_text("periods.yaml").replace("今年: [0, 0]", "今年: [1, 0]")
    with pytest.raises(RulesError, match="relative"):
        rules.parse(text, periods.PeriodRules, origin="periods.yaml")


# Every period of the 回民区 report, in span order: (text, from_year, to_year, how).
HUIMIN_PERIODS = [
    ("2022年", 2022, 2022, "absolute"),  # title
    ("2022年", 2022, 2022, "absolute"),  # title repeated on the page
    ("过去四年", 2018, 2021, "relative"),
    ("2017年以来", 2017, 2021, "absolute"),
    ("四年", 2018, 2021, "relative"),  # 四年累计完成固定资产投资220亿元
    ("十三五", 2016, 2020, "plan"),
    ("十四五", 2021, 2025, "plan"),
    ("四年", 2018, 2021, "relative"),  # 四年累计接待游客848万人次
    ("四年来", 2018, 2021, "relative"),
    ("2021年", 2021, 2021, "absolute"),
    ("这一年", 2021, 2021, "relative"),
    ("一年来", 2021, 2021, "relative"),
    ("一年来", 2021, 2021, "relative"),
    ("全年", 2021, 2021, "relative"),  # 全年共对接92家企业 (review of 2021)
    ("一年来", 2021, 2021, "relative"),
    ("一年来", 2021, 2021, "relative"),
    ("全年", 2021, 2021, "relative"),  # 全年未发生较大及以上安全生产事故
    ("一年来", 2021, 2021, "relative"),
    ("四年来", 2018, 2021, "relative"),
    ("过去四年", 2018, 2021, "relative"),
    ("今后五年", 2022, 2026, "relative"),  # heading
    ("今后五年", 2022, 2026, "relative"),
    ("到2026年", 2026, 2026, "absolute"),
    ("今后五年", 2022, 2026, "relative"),
    ("今后五年", 2022, 2026, "relative"),
    ("2022年", 2022, 2022, "absolute"),  # 2022年工作建议
    ("今年", 2022, 2022, "relative"),
    ("十四五", 2021, 2025, "plan"),
    ("全年", 2022, 2022, "relative"),  # 做好全年工作
    ("全年", 2022, 2022, "relative"),  # 全年经济社会发展主要预期目标
]


def test_huimin_periods() -> None:
    ds = dataset_of(HUIMIN)
    text = HUIMIN.read_text(encoding="utf-8")
    assert [(p.text, p.from_year, p.to_year, p.how) for p in ds.periods] == HUIMIN_PERIODS
    for p in ds.periods:
        assert p.text == text[p.start : p.end]
        assert p.sentence_id is not None
    assert [p.id for p in ds.periods] == [f"p{i:04d}" for i in range(1, len(ds.periods) + 1)]


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("0123456789２０年月日以来到至—-今去上明全过去近这来后五四十一二两三〇“”规划计划第个累计")
        ),
        max_size=30,
    ),
    st.one_of(st.none(), st.integers(min_value=1990, max_value=2040)),
)
def test_no_input_crashes_and_periods_are_well_formed(text: str, year: int | None) -> None:
    doc = one_sentence_doc(text, report_year=year)
    for p in periods.find_periods(doc):
        assert p.text == text[p.start : p.end]
        assert p.from_year <= p.to_year
    periods.resolve(text, year)


def test_time_spans_of_sentences_joined_with_nul_are_the_spans_of_each_sentence() -> None:
    """The quantity stage finds time expressions with one call over a report's sentences joined by NUL
    (periods.scan_each); that is exact only while no time pattern matches or borders on a NUL."""
    total = 0
    for path in ALL_REPORTS[:6]:
        norm = normalise(path.read_text(encoding="utf-8"))
        sentences = [norm[s.start : s.end] for s in dataset_of(path).sentences]
        expected = []
        offset = 0
        for s in sentences:
            expected += [(offset + a, offset + b) for a, b in periods.time_spans(s)]
            offset += len(s) + 1
        assert periods.time_spans("\x00".join(sentences)) == expected, path.name
        total += len(expected)
    assert total > 100
