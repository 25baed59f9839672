"""One right figure per cell (panels.py): the selection rules, on real sentences and on the bundled reports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from huimin_extract import extract_text
from huimin_extract.models import Dataset, Indicator
from huimin_extract.panels import PANEL_FIELDS, Mention, choose, mentions, panel, panel_rows, precision, region_key

from .conftest import CASES, RAW, dataset_of
from .test_compare import dataset, huimin, ind


def _cases(name: str) -> list[Any]:
    return [pytest.param(c, id=c["origin"]) for c in yaml.safe_load((CASES / name).read_text(encoding="utf-8"))]


def cell_rows(ds: Dataset, metric: str, kind: str, measure: str, period: str) -> list[dict[str, Any]]:
    return [r for r in panel_rows(ds, all_mentions=True) if not r["absent"]
            and (r["metric_id"] or r["metric"], r["kind"], r["measure"], r["period"]) == (metric, kind, measure, period)]  # fmt: skip


# --- the rules on real sentences, through the whole pipeline ---------------------------------------------------


@pytest.mark.parametrize("case", _cases("panel-cells.yaml"))
def test_panel_reports_the_right_figure_of_a_cell(case: dict[str, Any]) -> None:
    expect = dict(case["expect"])
    key = [expect.pop(k) for k in ("metric", "kind", "measure", "period")]
    rows = cell_rows(extract_text(case["text"], name=case["origin"]), *key)
    chosen = [r for r in rows if r["chosen"]]
    assert len(chosen) == 1, rows
    assert {k: chosen[0][k] for k in expect} == expect
    assert chosen[0]["mentions"] == len(rows)
    assert all(r["pick"] is None and r["others"] is None for r in rows if not r["chosen"])


@pytest.mark.parametrize("case", _cases("part-of-year.yaml"))
def test_part_of_year_cues_govern_the_next_figure_only(case: dict[str, Any]) -> None:
    """Indicators placed on the figures of a real sentence (no extraction of metrics needed): each gets its cue."""
    ds = extract_text("2026年政府工作报告\n" + case["text"] + "\n", name=case["origin"])
    (sentence,) = [s for s in ds.sentences if case["text"] in s.text]
    quantities = {q.text: q for q in ds.quantities}
    placed = []
    for n, figure in enumerate(case["figures"], 1):
        q = quantities[figure]
        placed.append(Indicator(
            id=f"i{n:04d}", start=q.start, end=q.end, text=q.text, metric="x", metric_id=None, metric_text="x",
            metric_start=q.start, metric_end=q.start, kind="actual", measure="growth", value=q.value, unit=q.unit,
            period="2025", value_start=q.start, value_end=q.end, sentence_id=sentence.id, quantity_id=q.id,
        ))  # fmt: skip
    found = {m.shown: m.part_of_year for m in mentions(ds.model_copy(update={"indicators": placed}))}
    assert found == case["figures"]


# --- the rules one by one, on hand-made mentions ---------------------------------------------------------------


def mention(n: int, value: float, **fields: Any) -> Mention:
    base = dict(id=f"i{n:04d}", metric_id="gdp", metric="地区生产总值", metric_text="地区生产总值", subject=None,
                kind="actual", measure="growth", period="2025", value=value, value_max=None, unit="%", approx=None,
                shown=f"{value}%", start=n * 10, end=n * 10 + 5, value_start=n * 10, part_of_year=None, about=0)  # fmt: skip
    return Mention(**(base | fields))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("first", "second", "winner", "rule"),
    [
        ({"subject": "海口经济圈"}, {}, 2, "region"),
        ({"part_of_year": "上半年"}, {}, 2, "whole_year"),
        ({"approx": "突破"}, {}, 2, "exact"),
        ({"approx": "突破"}, {"approx": "超过"}, 2, "exact"),  # a bound says more than a milestone
        ({"approx": "以上"}, {"approx": "左右"}, 2, "exact"),
        ({"about": 2}, {"about": 1}, 2, "about"),  # a passing mention against the part about the period
        ({"about": 1}, {"about": 0}, 2, "about"),  # the 十四五 review against the 2025 review
        ({}, {}, 1, "first"),
        ({"part_of_year": "上半年"}, {"approx": "突破", "about": 2}, 2, "whole_year"),  # rules apply in order
    ],
)  # fmt: skip
def test_each_rule_decides_only_where_the_ones_before_tie(first: dict, second: dict, winner: int, rule: str) -> None:
    a, b = mention(1, 5.5, **first), mention(2, 5.3, **second)
    for group in ([a, b], [b, a]):
        cell = choose(group)
        assert (cell.chosen.id, cell.pick) == (f"i{winner:04d}", rule)
        assert [m.id for m in cell.others] == [f"i{3 - winner:04d}"]


def test_same_figure_everywhere_is_same_and_the_rival_is_the_best_other_figure() -> None:
    assert choose([mention(1, 5), mention(2, 5)]).pick == "same"
    assert choose([mention(1, 5)]).pick is None
    # two mentions of the exact figure and a milestone: the exact one wins by `exact`, not `first`
    cell = choose([mention(1, 6, approx="迈上"), mention(2, 6.27), mention(3, 6.27)])
    assert (cell.chosen.id, cell.pick, [m.id for m in cell.others]) == ("i0002", "exact", ["i0001", "i0003"])


def test_a_targets_own_qualifier_is_not_imprecision() -> None:
    """5%左右 in the target list beats a passing 5% elsewhere by `about`, not the other way round by `exact`."""
    listed = mention(1, 5, kind="target", approx="左右", about=0)
    passing = mention(2, 5.5, kind="target", about=2)
    assert (choose([passing, listed]).chosen.id, choose([passing, listed]).pick) == ("i0001", "about")
    assert precision("target", "以上") == precision("target", None) == 0 < precision("target", "突破")


@pytest.mark.parametrize(
    ("written", "key"),
    [("宁夏回族自治区", "宁夏"), ("宁夏", "宁夏"), ("广西壮族自治区", "广西"), ("新疆维吾尔自治区", "新疆"),
     ("内蒙古自治区", "内蒙古"), ("北京市", "北京"), ("湖北省", "湖北"), ("全国", "全国"), ("回民区", "回民区"),
     ("上海市", "上海")],
)  # fmt: skip
def test_region_key(written: str, key: str) -> None:
    assert region_key(written) == key


# --- the bundled reports --------------------------------------------------------------------------------------

# The cells the issue names: (report, metric, measure, the figure a careful analyst reports, the milestone or
# part-of-year figure it used to be)
NAMED_CELLS = [
    ("provinces-2026/hubei-2026.txt", "gdp", "level", 6266100000000, 6000000000000),
    ("provinces-2026/guizhou-2026.txt", "gdp", "level", 2356200000000, 2000000000000),
    ("provinces-2026/jiangxi-2026.txt", "gdp", "level", 3600000000000, 3000000000000),
    ("provinces-2026/xinjiang-2026.txt", "rural_disposable_income", "level", 20793, 20000),
    ("provinces-2026/hubei-2026.txt", "budget_revenue", "level", 421100000000, 400000000000),
    ("provinces-2026/guangxi-2026.txt", "surveyed_unemployment", "level", 5.3, 5.5),
]


@pytest.mark.parametrize(("report", "metric", "measure", "value", "other"), NAMED_CELLS, ids=[f"{c[0]}:{c[1]}" for c in NAMED_CELLS])
def test_the_named_cells_read_the_exact_whole_year_figure(report: str, metric: str, measure: str, value: float,
                                                          other: float) -> None:  # fmt: skip
    rows = [r for r in panel([dataset_of(RAW / report)])
            if (r["metric_id"], r["kind"], r["measure"], r["period"]) == (metric, "actual", measure, "2025")]  # fmt: skip
    assert len(rows) == 1
    (row,) = rows
    assert row["value"] == value and row["approx"] is None and row["part_of_year"] is None
    assert row["pick"] in ("exact", "whole_year") and row["mentions"] >= 2
    others = cell_rows(dataset_of(RAW / report), metric, "actual", measure, "2025")
    assert other in [r["value"] for r in others if not r["chosen"]]  # the other mention stays available


def test_panel_rows_are_one_per_cell_with_absent_headline_metrics() -> None:
    ds = dataset(2026, [ind("gdp", "地区生产总值", "target", "growth", 5, "2026", approx="左右"),
                        ind("gdp", "地区生产总值", "target", "growth", 5, "2026", approx="左右"),
                        ind("gdp", "地区生产总值", "actual", "growth", 5.4, "2025")], region="宁夏回族自治区")  # fmt: skip
    rows = panel([ds])
    assert all(list(r) == PANEL_FIELDS for r in rows)
    stated = [r for r in rows if not r["absent"]]
    assert [(r["kind"], r["period"], r["value"], r["mentions"], r["pick"], r["chosen"]) for r in stated] == [
        ("target", "2026", 5, 2, "same", True), ("actual", "2025", 5.4, 1, None, True)]  # fmt: skip
    assert stated[0]["region_key"] == "宁夏" and stated[0]["others"] == "i0002 5%左右"
    assert {r["metric_id"] for r in rows if r["absent"]} >= {"cpi", "surveyed_unemployment"}
    every = panel([ds], all_mentions=True)
    assert len(every) == len(rows) + 1 and [r["chosen"] for r in every if not r["absent"]] == [True, False, True]


def test_cli_panel_csv_is_the_library_panel(tmp_path: Path) -> None:
    from huimin_extract.writers import write_dataset

    reports = [RAW / "provinces-2026" / "hubei-2026.txt", RAW / "provinces-2026" / "guangxi-2026.txt"]
    for path in reports:
        write_dataset(dataset_of(path), tmp_path / "in", path.stem)
    for extra, every in (([], False), (["--all-mentions"], True)):
        out = tmp_path / "panel.csv"
        result = huimin("panel", str(tmp_path / "in"), "--csv", str(out), *extra)
        assert result.returncode == 0, result.stderr
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
        want = panel([dataset_of(p) for p in sorted(reports)], all_mentions=every)
        assert rows == [{k: "" if v is None else str(v) for k, v in r.items()} for r in want]
    table = huimin("panel", str(tmp_path / "in" / "hubei-2026.json"))
    assert table.returncode == 0 and "exact" in table.stdout
    assert json.loads(json.dumps(panel([dataset_of(reports[0])]), ensure_ascii=False))  # plain JSON values
