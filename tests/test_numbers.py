"""Quantities: number reading, the unit rules, real-sentence cases and the score against the gold file."""

from __future__ import annotations

import json
import math
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huimin_extract import numbers, numerals, quantity_rules, rules, values
from huimin_extract.document import Doc
from huimin_extract.errors import RulesError
from huimin_extract.models import Paragraph, Section, Sentence
from huimin_extract.normalise import normalise
from huimin_extract.quantity_pattern import joinable, matcher

from .conftest import HUIMIN, PROVINCES, ROOT, dataset_of, load_cases

CASES = ROOT / "tests" / "cases"
GOLD_QUANTITIES = ROOT / "tests" / "gold" / "huimin-2022.quantities.jsonl"


def one_sentence_doc(text: str, report_year: int | None = 2022, section: dict[str, Any] | None = None) -> Doc:
    """A Doc of one paragraph and one sentence, optionally inside one section with a time frame."""
    sections: list[Section] = []
    section_id = None
    if section is not None:
        section_id = "sec0001"
        sections.append(
            Section(
                id=section_id,
                start=0,
                end=0,
                text="",
                level=1,
                parent_id=None,
                path=[section_id],
                body_end=len(text),
                frame=section["frame"],
                from_year=section.get("from"),
                to_year=section.get("to"),
            )
        )
    par = Paragraph(id="par0001", start=0, end=len(text), text=text, section_id=section_id, boilerplate=False)
    sent = Sentence(
        id="s0001",
        start=0,
        end=len(text),
        text=text,
        paragraph_id="par0001",
        section_id=section_id,
        boilerplate=False,
    )
    return Doc(
        text=text,
        norm=normalise(text),
        report_year=report_year,
        sections=sections,
        paragraphs=[par],
        sentences=[sent],
    )




# --- reading numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("309", Decimal(309)),
        ("1,234.5", Decimal("1234.5")),
        ("１２３", Decimal(123)),
        ("３．６", Decimal("3.6")),
        ("-2.5", Decimal("-2.5")),
        ("1.2万", Decimal(12000)),
        ("53.47万", Decimal(534700)),
        ("1.4万亿", Decimal(1400000000000)),
        ("3千", Decimal(3000)),
        ("十一", Decimal(11)),
        ("二十五", Decimal(25)),
        ("一百二十", Decimal(120)),
        ("三千五百", Decimal(3500)),
        ("两", Decimal(2)),
        ("〇", Decimal(0)),
        ("零", Decimal(0)),
        ("万", Decimal(10000)),
        ("一百零五", Decimal(105)),
        ("十万", Decimal(100000)),
        ("三千五百万", Decimal(35000000)),
        ("一亿五千万", Decimal(150000000)),
        ("百分之五", Decimal(5)),
    ],
)
def test_parse_number(text: str, value: Decimal) -> None:
    assert values.parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1.2x", "万x", "+"])
def test_parse_number_rejects_what_is_no_number(text: str) -> None:
    with pytest.raises(ValueError):
        values.parse_number(text)


def test_as_number_is_exact() -> None:
    assert values.as_number(values.parse_number("53.47万")) == 534700
    assert isinstance(values.as_number(Decimal("534700.00")), int)
    assert values.as_number(Decimal("0.5")) == 0.5
    assert values.as_number(values.parse_number("1.1") * 3) == 3.3  # no 3.3000000000000003


# --- the rule files ------------------------------------------------------------------------------------


def test_unit_table_covers_the_issue_units() -> None:
    units = quantity_rules.unit_table().units
    for unit in [
        "元", "美元", "%", "百分点", "平方米", "平方公里", "亩", "公顷", "公里", "吨", "斤", "公斤", "立方米",
        "千瓦时", "千瓦", "微克/立方米", "年", "月", "天", "日", "小时", "工作日",
        "个", "户", "人", "人次", "家", "座", "所", "条", "处", "件", "项", "次", "场", "场次", "名", "套", "辆",
        "架", "台", "张", "批", "类", "轮", "村", "枚", "种", "起",
    ]:  # fmt: skip
        assert unit in units, unit
    assert units["%"].dimension != units["百分点"].dimension
    assert units["百分点"].classifier and units["工作日"].classifier and units["月"].needs_classifier
    for name, rule in units.items():
        assert rule.base is None or rule.fraction > 0, name
        if rule.base is not None and rule.base in units:
            assert units[rule.base].dimension == rule.dimension, name


def test_every_rule_file_of_this_stage_loads() -> None:
    assert numerals.numeral_rules().digits["两"] == 2
    assert numerals.numeral_rules().percent_unit in quantity_rules.unit_table().units
    assert set(numerals.numeral_rules().shares.values()) <= set(quantity_rules.unit_table().units)
    assert quantity_rules.qualifiers().suffix["以上"].bound == "min"
    assert quantity_rules.nonquantities().ordinal_before


HEAD = "classifier: 个\nper: /\ndimensions: [currency, area, calendar]\nunits:\n"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (HEAD + "  元: {dimension: currency}\n  元: {dimension: currency}\n", "duplicate key"),
        (HEAD + "  亩: {dimension: area, base: 平方米, factor: x}\n", "factor"),
        (HEAD + "  亩: {dimension: area, factor: '2'}\n", "base"),
        (HEAD + "  亩: {dimension: area, colour: red}\n", "colour"),
        (HEAD + "  月: {dimension: calendar, needs_classifier: true}\n", "classifier"),
        ("per: /\nunits:\n  元: {dimension: currency}\n", "classifier"),
    ],
)
def test_bad_unit_rules_are_rejected(text: str, problem: str) -> None:
    with pytest.raises(RulesError, match=problem):
        rules.parse(text, quantity_rules.UnitTable, origin="units.yaml")


# --- real-sentence cases -------------------------------------------------------------------------------


def check_case(case: dict[str, Any]) -> None:
    doc = one_sentence_doc(case["text"])
    got = numbers.find_quantities(doc)
    want = case["expect"]
    assert [q.text for q in got] == [w["text"] for w in want]
    for q, w in zip(got, want, strict=True):
        assert q.text == doc.text[q.start : q.end]
        for key, value in w.items():
            if key == "text":
                continue
            if key == "approx_text":
                assert q.approx_start is not None and q.approx_end is not None
                assert doc.text[q.approx_start : q.approx_end] == value
                continue
            assert getattr(q, key) == value, (q.text, key)


@pytest.mark.parametrize("case", load_cases("quantities-huimin.yaml"))
def test_quantities_huimin(case: dict[str, Any]) -> None:
    check_case(case)


@pytest.mark.parametrize("case", load_cases("quantities-provinces.yaml"))
def test_quantities_provinces(case: dict[str, Any]) -> None:
    check_case(case)


@pytest.mark.parametrize("case", load_cases("quantities-forms.yaml"))
def test_quantities_forms(case: dict[str, Any]) -> None:
    check_case(case)


@pytest.mark.parametrize("case", load_cases("numerals-reports.yaml"))
def test_numerals_in_reports(case: dict[str, Any]) -> None:
    check_case(case)


def test_ids_order_sentence_and_boilerplate() -> None:
    text = "新增8128家。\n下载 打印 5\n建成42座。"
    norm = normalise(text)
    sents = [
        Sentence(id="s1", start=0, end=8, text=text[0:8], paragraph_id="p1", section_id=None, boilerplate=False),
        Sentence(id="s2", start=9, end=16, text=text[9:16], paragraph_id="p2", section_id=None, boilerplate=True),
        Sentence(id="s3", start=17, end=23, text=text[17:23], paragraph_id="p3", section_id=None, boilerplate=False),
    ]
    pars = [
        Paragraph(id=s.paragraph_id, start=s.start, end=s.end, text=s.text, section_id=None, boilerplate=s.boilerplate)
        for s in sents
    ]
    doc = Doc(text=text, norm=norm, report_year=2022, sections=[], paragraphs=pars, sentences=sents)
    got = numbers.find_quantities(doc)
    assert [(q.id, q.text, q.sentence_id) for q in got] == [("q0001", "8128家", "s1"), ("q0002", "42座", "s3")]


_SENTENCE = st.text(
    alphabet=st.sampled_from(list("0123456789０１.,，%—-:：12点时分秒个万千十一二三月日年“”《》()（）[]【】/·元人 ")), max_size=20
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_SENTENCE, min_size=1, max_size=6))
def test_a_report_reads_each_sentence_as_it_reads_it_alone(pieces: list[str]) -> None:
    """The stage scans a report's sentences joined with NUL (the quick test, the mask patterns and their
    branches, the working copies): what it finds in each is what it finds in that sentence alone."""
    text = "\n".join(pieces)
    sents, pars, pos = [], [], 0
    for k, piece in enumerate(pieces, 1):
        sents.append(Sentence(id=f"s{k}", start=pos, end=pos + len(piece), text=piece, paragraph_id=f"p{k}", section_id=None, boilerplate=False))
        pars.append(Paragraph(id=f"p{k}", start=pos, end=pos + len(piece), text=piece, section_id=None, boilerplate=False))
        pos += len(piece) + 1
    doc = Doc(text=text, norm=normalise(text), report_year=2022, sections=[], paragraphs=pars, sentences=sents)
    alone = []
    for sent in sents:
        alone += [(sent.start + q.start, sent.start + q.end, q.value, q.unit) for q in numbers.find_quantities(one_sentence_doc(sent.text))]
    assert [(q.start, q.end, q.value, q.unit) for q in numbers.find_quantities(doc)] == alone


def test_the_quick_test_may_scan_sentences_joined_with_nul() -> None:
    assert joinable(matcher().candidate.pattern)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list(
                "0123456789０１２.,，%％—-~至到个万亿千百十一二两三余多近约超以上左右年月日第“”《》()（）:∶/+×G号元亩人次"
                "点分之几来成折半负又萬億點壹伍○ "
            )
        ),
        max_size=40,
    )
)
def test_no_input_crashes_and_spans_are_exact(text: str) -> None:
    doc = one_sentence_doc(text)
    for q in numbers.find_quantities(doc):
        assert q.text == text[q.start : q.end]
        assert 0 <= q.start < q.end <= len(text)
        assert math.isfinite(q.value)
        if q.approx_start is not None:
            assert q.approx_end is not None and 0 <= q.approx_start < q.approx_end <= len(text)


# --- the whole pipeline on the real reports ------------------------------------------------------------


def score(predicted: list[Any], gold: list[dict[str, Any]]) -> tuple[float, float, float, list[str]]:
    """Precision, recall, F1 as issue 3 defines them, and what went wrong (for the assertion message)."""
    optional = [(g["start"], g["end"]) for g in gold if g.get("optional")]
    required = {(g["start"], g["end"]): g for g in gold if not g.get("optional")}
    scored = [
        q
        for q in predicted
        if any(c.isdigit() for c in normalise(q.text)) and not any(q.start < e and s < q.end for s, e in optional)
    ]
    by_span = {(q.start, q.end): q for q in scored}
    problems = []
    hits = 0
    for span, g in required.items():
        q = by_span.get(span)
        ok = (
            q is not None
            and math.isclose(q.value, g["value"], rel_tol=1e-9)
            and (q.value_max == g.get("value_max") or math.isclose(q.value_max or 0, g.get("value_max") or 0))
            and q.unit == g.get("unit")
        )
        if ok:
            hits += 1
        else:
            problems.append(f"missed {g['text']} at {g['start']}: got {q and (q.text, q.value, q.unit)}")
    problems += [f"false {q.text} at {q.start}" for q in scored if (q.start, q.end) not in required]
    p = hits / len(scored) if scored else 0.0
    r = hits / len(required) if required else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1, problems


def test_quantities_f1_against_gold() -> None:
    ds = dataset_of(HUIMIN)
    gold = [json.loads(line) for line in GOLD_QUANTITIES.read_text(encoding="utf-8").splitlines() if line.strip()]
    p, r, f1, problems = score(ds.quantities, gold)
    assert f1 >= 0.97, (p, r, f1, problems[:20])


@pytest.mark.parametrize("path", PROVINCES, ids=[p.stem for p in PROVINCES])
def test_provincial_reports_spans_are_exact(path: Path) -> None:
    ds = dataset_of(path)
    text = path.read_text(encoding="utf-8")
    assert ds.quantities, path.name
    for q in ds.quantities:
        assert q.text == text[q.start : q.end], q
        assert any(c.isdigit() for c in normalise(q.text)) or q.unit is not None, q
    assert [q.id for q in ds.quantities] == [f"q{i:04d}" for i in range(1, len(ds.quantities) + 1)]
    assert [(q.start, q.end) for q in ds.quantities] == sorted((q.start, q.end) for q in ds.quantities)
    for p in ds.periods:
        assert p.text == text[p.start : p.end], p
        assert p.from_year <= p.to_year, p


@pytest.mark.parametrize(
    "text",
    ["务实办好西博会、项目签约3543亿元。", "签约66个项目。", "履约3个合同。"],
    ids=["sichuan-2026", "huimin-2022", "made-up"],
)
def test_a_word_ending_in_约_is_no_qualifier(text: str) -> None:
    """签约, 履约, 节约: 约 is part of the verb, not 'about' (rules/qualifiers.yaml not_after)."""
    from huimin_extract import extract_text

    assert [q.approx for q in extract_text(text).quantities] == [None]
