"""The bundled reports against every hand-checked gold file, scored by `huimin eval`'s own evaluator.

Thresholds are the issues' acceptance bars; a change that drops below one is a regression. The datasets are
extracted by the code under test (not read from data/out).
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from huimin_extract.evaluate import evaluate, evaluate_series, evaluate_suite, read_gold
from huimin_extract.models import Dataset

from .conftest import GOLD, GOLDS, HUIMIN, NATIONAL, PROVINCES, PROVINCES_2025, RAW, ROOT, dataset_of


def test_gold_scores(huimin: Dataset) -> None:
    parts = evaluate(huimin, GOLD).parts
    assert parts["quantities"].f1 >= 0.97
    assert parts["indicators"].precision >= 0.95  # issue 13: it stays >= 0.95 as recall grows
    assert parts["projects"].f1 >= 0.80
    investments = parts["project_investments"]
    assert investments.gold >= 1 and investments.hits == investments.gold  # every stated investment is right


def test_every_entry_found_before_is_still_found_with_its_measure_and_period(huimin: Dataset) -> None:
    strict = evaluate(huimin, GOLDS / "huimin-2022.v42").parts["indicators_strict"]
    assert strict.hits == strict.gold == 42


WHOLE_REPORTS = {
    "national-2024": RAW / "national" / "national-2024.txt",
    "national-1996": RAW / "national" / "national-1996.txt",
    "sichuan-2026": RAW / "provinces-2026" / "sichuan-2026.txt",
}


# Whole-report indicator gold (every stated statistic, issue 14): floors a little below what is measured
# (`make eval`: recall, precision, strict recall). The aim is 0.90 / 0.90 / 0.85 on each.
WHOLE_REPORT_FLOORS = {  # name: (recall, precision, strict recall); issue 14's bars: 0.90, 0.90, 0.85 on each
    "huimin-2022": (0.90, 0.95, 0.85),  # precision 0.95 since issue 13
    "national-2024": (0.95, 0.95, 0.95),
    "national-1996": (0.90, 0.95, 0.85),
    "sichuan-2026": (0.90, 0.94, 0.85),
}


@pytest.mark.parametrize("name", sorted(WHOLE_REPORT_FLOORS))
def test_whole_report_indicator_scores(name: str) -> None:
    dataset = dataset_of(HUIMIN if name == "huimin-2022" else WHOLE_REPORTS[name])
    parts = evaluate(dataset, GOLDS / name).parts
    recall, precision, strict = WHOLE_REPORT_FLOORS[name]
    assert parts["indicators"].recall >= recall
    assert parts["indicators"].precision >= precision
    assert parts["indicators_strict"].recall >= strict


# Gold entries that contradict the gold's own conventions (tests/gold/README.md: `比上年增加1800亿元` is measure
# `change`, an absolute change in the figure's own unit), by report and value_start: they are left out of the
# strict ratio below and asserted, where found, to carry the measure the conventions give. Reported in the notes.
DISPUTED_MEASURE = {
    "national-1996": {
        1645: "change",  # 居民储蓄存款余额…比“七五”末增加两万多亿元 (gold: level)
        3160: "change",  # 人口将比１９８０年增长３亿左右 (gold: level)
        19003: "change",  # 储蓄存款余额增加８０００多亿元 (gold: level)
    },
}


@pytest.mark.parametrize("name", sorted(WHOLE_REPORTS))
def test_found_indicators_have_the_right_measure_and_period(name: str, tmp_path: Path) -> None:
    dataset = dataset_of(WHOLE_REPORTS[name])
    disputed = DISPUTED_MEASURE.get(name, {})
    gold = read_gold(GOLDS / f"{name}.indicators.jsonl")
    kept = [g for g in gold if g["value_start"] not in disputed]
    (tmp_path / f"{name}.indicators.jsonl").write_text(
        "".join(json.dumps(g, ensure_ascii=False) + "\n" for g in kept), encoding="utf-8"
    )
    parts = evaluate(dataset, tmp_path / name).parts
    lenient, strict = parts["indicators"], parts["indicators_strict"]
    assert lenient.hits > 0
    assert strict.hits / lenient.hits >= STRICT_PER_HIT, (strict.hits, lenient.hits)
    for start, measure in disputed.items():  # where found at all, found with the conventions' measure
        assert all(i.measure == measure for i in dataset.indicators if i.value_start == start), start


# of the gold entries found, the share with the right measure and period too (issue 13: >= 0.95; national-1996:
# 39/41 without the disputed entries; the misses are 实际利用外资超过1600亿美元, a sum over 八五 the text does not
# mark as one, read as the level at the span's end, and the share of it after 其中, dated as that level)
STRICT_PER_HIT = 0.95


def _datasets(paths: list[Path]) -> dict[str, Dataset]:
    return {p.stem: dataset_of(p) for p in paths}


def test_national_gdp_growth_series() -> None:
    result = evaluate_series(read_gold(GOLDS / "national-gdp-growth.jsonl"), _datasets(NATIONAL))
    assert result.missing_reports == []
    assert result.parts["facts"].recall >= 0.97, result.misses
    assert result.false_hits["facts"] == []  # no target in a year that sets none


def test_provinces_2026_gdp_facts() -> None:
    result = evaluate_series(read_gold(GOLDS / "provinces-2026.gdp.jsonl"), _datasets(PROVINCES))
    assert result.missing_reports == []
    assert result.parts["facts"].recall >= 0.98, result.misses
    assert result.false_hits["facts"] == []  # no figure of another subject as the province's gdp


def test_provinces_2025_gdp_targets() -> None:
    result = evaluate_series(read_gold(GOLDS / "provinces-2025.gdp-targets.jsonl"), _datasets(PROVINCES_2025))
    assert result.missing_reports == []
    assert result.parts["facts"].recall == 1.0, result.misses


# --- the evaluator itself ---------------------------------------------------------------------------------


def test_eval_json_equals_the_library(huimin: Dataset) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "huimin_extract.cli", "eval", str(HUIMIN), str(GOLD), "--json"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(json.dumps(evaluate(huimin, GOLD).as_dict(), ensure_ascii=False))


def test_evaluator_counts_misses_and_false_hits(huimin: Dataset) -> None:
    broken = huimin.model_copy(deep=True)
    broken.quantities = broken.quantities[10:]  # drop ten mentions
    broken.quantities[0].value = broken.quantities[0].value + 1  # and get one value wrong
    score = evaluate(broken, GOLD).parts["quantities"]
    full = evaluate(huimin, GOLD).parts["quantities"]
    assert score.hits <= full.hits - 10
    assert score.recall < full.recall


def test_optional_gold_entries_count_neither_way(tmp_path: Path, huimin: Dataset) -> None:
    gold = read_gold(GOLD.with_name("huimin-2022.indicators.jsonl"))
    # every entry optional: nothing to miss, and no prediction at one of their figures is a false hit
    (tmp_path / "all-optional.indicators.jsonl").write_text(
        "".join(json.dumps({**g, "optional": True}, ensure_ascii=False) + "\n" for g in gold), encoding="utf-8"
    )
    relaxed = evaluate(huimin, tmp_path / "all-optional").parts["indicators"]
    figures = {(g["value_start"], g["value_end"]) for g in gold}
    assert relaxed.gold == 0 and relaxed.hits == 0
    assert relaxed.predicted == sum((i.value_start, i.value_end) not in figures for i in huimin.indicators)


def _fact(ds: Dataset, **fields: object) -> Dataset:
    """`ds` with its indicators replaced by one whose fields are those given."""
    copy = ds.model_copy(deep=True)
    base = copy.indicators[0]
    copy.indicators = [replace(base, **fields)]
    return copy


def test_series_scorer_hits_misses_and_false_targets(huimin: Dataset) -> None:
    target = {"metric_id": "gdp", "kind": "target", "measure": "growth", "value": 5, "value_max": None,
              "approx": "左右", "period": "2024"}  # fmt: skip
    gold = [
        {"report": "a", "kind": "target", "metric": "gdp", "measure": "growth", "value": 5, "value_max": None,
         "approx": "左右", "period": "2024"},
        {"report": "b", "kind": "none", "metric": "gdp", "measure": "growth", "period": "2024"},
        {"report": "c", "subject": "other", "measure": "growth", "value": 5},
        {"report": "d", "kind": "actual", "measure": "growth", "value": 5, "period": "2023"},
    ]  # fmt: skip
    datasets = {name: _fact(huimin, **target) for name in "abc"}
    result = evaluate_series(gold, datasets)
    assert result.parts["facts"].gold == 3 and result.parts["facts"].hits == 1  # b and c hold a false figure
    assert result.missing_reports == ["d"]
    assert len(result.false_hits["facts"]) == 2
    # the same target without its 左右 is not the fact; the estimate of an outturn counts as its actual
    assert evaluate_series(gold[:1], {"a": _fact(huimin, **{**target, "approx": None})}).parts["facts"].hits == 0
    outturn = {**target, "kind": "estimate", "period": "2023", "approx": None}
    assert evaluate_series(gold[3:], {"d": _fact(huimin, **outturn)}).parts["facts"].hits == 1


def test_suite_lists_every_gold_file_and_scores_it() -> None:
    listed = {row.gold for row in evaluate_suite(GOLDS / "suite.yaml", ROOT)}
    on_disk = {str(p.relative_to(ROOT)).removesuffix(".jsonl") for p in GOLDS.glob("*.jsonl")}
    whole = {name.rsplit(".", 1)[0] for name in on_disk if name.endswith((".quantities", ".indicators", ".projects"))}
    series = {name + ".jsonl" for name in on_disk - {n for n in on_disk if n.rsplit(".", 1)[0] in whole}}
    assert listed == whole | series


def test_diff_of_each_province_gives_its_2025_target_and_growth() -> None:
    """huimin diff <prov>-2025 <prov>-2026: the attainment part pairs the 2025 GDP growth target of the 2025
    report (provinces-2025.gdp-targets.jsonl) with the 2025 growth the 2026 report gives (provinces-2026.gdp.jsonl)."""
    from huimin_extract.compare import diff

    targets = {g["report"].split("-")[0]: g for g in read_gold(GOLDS / "provinces-2025.gdp-targets.jsonl")}
    growth = {
        g["report"].split("-")[0]: g
        for g in read_gold(GOLDS / "provinces-2026.gdp.jsonl")
        if g.get("subject") == "region" and g["measure"] == "growth" and g["period"] == "2025"
    }
    assert len(targets) == len(growth) == 25
    for old, new in zip(PROVINCES_2025, PROVINCES, strict=True):
        province = old.stem.split("-")[0]
        rows = [
            a
            for a in diff(dataset_of(old), dataset_of(new)).attainment
            if a.metric_id == "gdp" and a.measure == "growth" and a.period == "2025"
        ]
        assert len(rows) == 1, province
        target, want = rows[0].target, targets[province]
        assert (target.value, target.value_max, target.approx) == (want["value"], want["value_max"], want["approx"])
        assert rows[0].figure is not None and rows[0].figure.value == growth[province]["value"], province


def test_suite_json_rows_name_their_gold_file() -> None:
    rows = [row.as_dict() for row in evaluate_suite(GOLDS / "suite.yaml", ROOT)]
    assert all(isinstance(r["file"], str) and isinstance(r["gold"], int) for r in rows)
    assert {r["file"] for r in rows} == {row.gold for row in evaluate_suite(GOLDS / "suite.yaml", ROOT)}
