"""Indicators: metric lexicon, linking rules on real sentences, and the score against the gold file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from huimin_extract import indicators, lexicon, rules
from huimin_extract.document import Doc
from huimin_extract.errors import RulesError
from huimin_extract.models import Paragraph, Period, Quantity, Section, Sentence
from huimin_extract.normalise import normalise

from .conftest import ALL_REPORTS, CASES, load_cases

ROOT = Path(__file__).resolve().parent.parent
HUIMIN = ROOT / "data" / "raw" / "huimin-2022.txt"


# --- the rule files ------------------------------------------------------------------------------------


def test_lexicon_loads_and_covers_the_headline_set() -> None:
    lex = indicators.metric_lexicon()
    names = {m.name for m in lex.metrics}
    for name in [
        "地区生产总值",
        "人均地区生产总值",
        "一般公共预算收入",
        "一般公共预算支出",
        "固定资产投资",
        "社会消费品零售总额",
        "规模以上工业增加值",
        "进出口总额",
        "实际使用外资",
        "城镇居民人均可支配收入",
        "农村居民人均可支配收入",
        "全体居民人均可支配收入",
        "城镇新增就业",
        "城镇调查失业率",
        "城镇登记失业率",
        "居民消费价格",
        "粮食产量",
        "单位地区生产总值能耗",
        "单位地区生产总值二氧化碳排放",
        "细颗粒物(PM2.5)浓度",
        "空气质量优良天数比率",
        "森林覆盖率",
    ]:
        assert name in names, name
    headline = indicators.HEADLINE_METRICS
    assert "gdp" in headline and "cpi" in headline and "tourist_arrivals" not in headline
    assert set(headline) <= {m.id for m in lex.metrics}


def test_every_surface_names_one_metric_and_prefixed_forms_are_generated() -> None:
    r = lexicon.compiled_rules()
    assert r.surfaces["全区地区生产总值"].entry.id == "gdp"
    assert r.surfaces["全市生产总值"].entry.id == "gdp"
    assert r.surfaces["全省一般公共预算收入"].entry.id == "budget_revenue"
    assert r.surfaces["经济增长"].growth
    for entry in indicators.metric_lexicon().metrics:
        assert r.surfaces[entry.name].entry.id == entry.id
        for alias in entry.aliases:
            assert r.surfaces[alias].entry.id == entry.id, alias


def test_lexicon_rejects_a_surface_shared_by_two_metrics() -> None:
    bad = """
region_prefixes: [全区]
heads: [率]
count_units: [个]
metrics:
  - {id: a, name: 甲, aliases: [乙], dimension: null, direction: higher}
  - {id: b, name: 乙, dimension: null, direction: higher}
"""
    with pytest.raises(RulesError, match="乙"):
        rules.parse(bad, indicators.MetricLexicon, origin="test")


def test_cues_load() -> None:
    cues = indicators.cue_rules()
    assert "预计" in cues.kind.estimate and "力争" in cues.kind.target
    assert "年均增长" in cues.measure.avg_growth and "下降" in cues.measure.negative


# --- one sentence, stages built by hand -----------------------------------------------------------------


def _doc(text: str, year: int, frame: str) -> Doc:
    norm = normalise(text)
    section = Section(
        id="s0001",
        start=0,
        end=0,
        text="",
        level=1,
        parent_id=None,
        path=["s0001"],
        body_end=len(text),
        frame=frame,
        from_year=year - 1 if frame == "review" else year,
        to_year=year - 1 if frame == "review" else year,
    )
    par = Paragraph(id="par0001", start=0, end=len(text), text=text, section_id="s0001", boilerplate=False)
    sentences = []
    start = 0
    for i, ch in enumerate(norm):
        if ch in "。;":
            sentences.append((start, i + 1))
            start = i + 1
    if start < len(text):
        sentences.append((start, len(text)))
    sents = [
        Sentence(
            id=f"t{n:04d}",
            start=a,
            end=b,
            text=text[a:b],
            paragraph_id="par0001",
            section_id="s0001",
            boilerplate=False,
        )
        for n, (a, b) in enumerate(sentences, 1)
    ]
    return Doc(text=text, norm=norm, report_year=year, sections=[section], paragraphs=[par], sentences=sents)


def _q(text: str, surface: str, value: Any, unit: str, n: int = 1, approx: str | None = None) -> Quantity:
    start = -1
    for _ in range(n):
        start = text.index(surface, start + 1)
    end = start + len(surface)
    kwargs: dict[str, Any] = {}
    if approx:
        kwargs = {"approx": approx, "approx_start": end, "approx_end": end + len(approx)}
    return Quantity(id=f"q{start:04d}", start=start, end=end, text=surface, value=value, unit=unit, **kwargs)


def test_hand_built_sentence_level_and_growth_and_fall() -> None:
    text = "预计全区地区生产总值实现309亿元,同比增长8%。城镇调查失业率5.5%左右,单位地区生产总值能耗下降3%。"
    doc = _doc(text, 2022, "review")
    qs = [
        _q(text, "309亿元", 30900000000, "元"),
        _q(text, "8%", 8, "%"),
        _q(text, "5.5%", 5.5, "%", approx="左右"),
        _q(text, "3%", 3, "%"),
    ]
    got = indicators.find_indicators(doc, qs, [])
    assert [(i.id, i.metric_id, i.kind, i.measure, i.value, i.period) for i in got] == [
        ("i0001", "gdp", "estimate", "level", 30900000000, "2021"),
        ("i0002", "gdp", "estimate", "growth", 8, "2021"),
        ("i0003", "surveyed_unemployment", "actual", "level", 5.5, "2021"),
        ("i0004", "energy_intensity", "actual", "growth", -3, "2021"),
    ]
    for i in got:
        assert i.text == text[i.start : i.end]
        assert i.metric_text == text[i.metric_start : i.metric_end]
    assert got[0].metric_text == "全区地区生产总值" and got[0].text == "全区地区生产总值实现309亿元"
    assert got[2].end == text.index("左右") + 2  # the span takes the qualifier, the value span does not
    assert (got[2].value_start, got[2].value_end) == (text.index("5.5%"), text.index("5.5%") + 4)


def test_hand_built_period_mention_decides_over_the_section() -> None:
    text = "今后五年,地区生产总值年均增长5%左右,2022年地区生产总值增长7%左右。"
    doc = _doc(text, 2022, "plan_year")
    periods = [
        Period(id="p0001", start=0, end=4, text="今后五年", from_year=2022, to_year=2026, how="relative"),
        Period(
            id="p0002",
            start=text.index("2022年"),
            end=text.index("2022年") + 5,
            text="2022年",
            from_year=2022,
            to_year=2022,
            how="absolute",
        ),
    ]
    qs = [_q(text, "5%", 5, "%", approx="左右"), _q(text, "7%", 7, "%", approx="左右")]
    got = indicators.find_indicators(doc, qs, periods)
    assert [(i.measure, i.kind, i.period) for i in got] == [
        ("avg_growth", "target", "2022-2026"),
        ("growth", "target", "2022"),
    ]


# --- real sentences through the whole pipeline ----------------------------------------------------------




def _extract(case: dict[str, Any]) -> list[Any]:
    from huimin_extract import extract_text

    head = f"{case['year']}年政府工作报告\n\n"
    if case.get("section"):
        head += case["section"] + "\n\n"
    text = head + case["text"] + "\n"
    return extract_text(text, name="case", report_year=case["year"]).indicators


@pytest.mark.parametrize("case", load_cases("indicators.yaml"))
def test_real_sentences(case: dict[str, Any]) -> None:
    got = _extract(case)
    want = case["expect"]
    assert [{k: getattr(i, k) for k in w} for i, w in zip(got, want, strict=False)] == want
    assert len(got) == len(want), [(i.metric, i.value) for i in got[len(want) :]]


@pytest.mark.parametrize("path", ALL_REPORTS, ids=lambda p: p.name)
def test_records_slice_back_to_the_source(path: Path) -> None:
    from .conftest import dataset_of

    dataset = dataset_of(path)
    text = path.read_bytes().decode("utf-8")
    assert dataset.indicators or path.parent.name == "national"  # the oldest write their figures in words
    assert [(i.start, i.end) for i in dataset.indicators] == sorted((i.start, i.end) for i in dataset.indicators)
    for n, i in enumerate(dataset.indicators, 1):
        assert i.id == f"i{n:04d}"
        assert i.text == text[i.start : i.end]
        assert i.metric_text == text[i.metric_start : i.metric_end]
        assert i.start <= i.value_start < i.value_end <= i.end


# --- the main-targets paragraph of every provincial report ----------------------------------------------


def _province_cases() -> list[Any]:
    data = yaml.safe_load((CASES / "indicators_provinces.yaml").read_text(encoding="utf-8"))
    out = []
    for case in data:
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
        out.append(pytest.param(case, id=case["file"], marks=marks))
    return out


@pytest.mark.parametrize("case", _province_cases())
def test_provincial_main_targets(case: dict[str, Any]) -> None:
    from .conftest import dataset_of

    dataset = dataset_of(ROOT / "data" / "raw" / "provinces-2026" / case["file"])
    text = (ROOT / "data" / "raw" / "provinces-2026" / case["file"]).read_bytes().decode("utf-8")
    par = next(p for p in dataset.paragraphs if case["lead"] in p.text)
    lead_end = text.index(case["lead"], par.start) + len(case["lead"])
    got = [i for i in dataset.indicators if lead_end <= i.value_start < par.end]
    assert all(i.kind == "target" and i.period == case["period"] for i in got)
    want = case["expect"]
    assert [{k: getattr(i, k) for k in w} for i, w in zip(got, want, strict=False)] == want
    assert len(got) == len(want), [(i.metric, i.value) for i in got[len(want) :]]
