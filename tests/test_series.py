"""Targets and outturns across years (series.py): attainment per region and year, one metric's series, its page."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from huimin_extract.errors import NotFoundError
from huimin_extract.evaluate import _fact_matches, read_gold
from huimin_extract.series import FLAT_FIELDS, YearRow, attainment, flat, series
from huimin_extract.seriesview import render_series_html

from .conftest import GOLDS, NATIONAL, PROVINCES, PROVINCES_2025, dataset_of
from .test_compare import dataset, huimin, ind


def rows_of(*datasets: Any) -> dict[tuple[str | None, str, str], YearRow]:
    rows, _ = attainment(datasets)
    keyed = {(r.metric_id or r.metric, r.measure, r.period): r for r in rows}
    assert len(keyed) == len(rows)  # one row per region, metric, measure and year
    return keyed


GDP = ("gdp", "地区生产总值")


def gdp(kind: str, value: float, period: str, **extra: Any) -> dict[str, Any]:
    return ind(*GDP, kind, "growth", value, period, **extra)


# --- attainment on hand-built reports ----------------------------------------------------------------------------


def test_a_target_meets_the_next_reports_outturn_else_a_later_ones() -> None:
    rows = rows_of(
        dataset(2023, [gdp("target", 6, "2023", approx="左右")]),
        dataset(2024, [gdp("actual", 6.3, "2023"), gdp("target", 5.5, "2024", approx="左右")]),
        dataset(2026, [gdp("actual", 4.8, "2024"), gdp("estimate", 5, "2025"), gdp("target", 5, "2026")]),
    )
    y2023, y2024 = rows[("gdp", "growth", "2023")], rows[("gdp", "growth", "2024")]
    assert (y2023.status, y2023.gap, y2023.figure.report_year, y2023.target.report_year) == ("met", 0.3, 2024, 2023)
    assert (y2024.status, y2024.gap, y2024.rule) == ("missed", -0.7, "approx ±0.5")
    assert y2024.figure.report == "minghu-2026.json"  # no 2025 report: the 2026 one gives 2024's growth
    assert rows[("gdp", "growth", "2026")].status == "no_figure"
    assert ("gdp", "growth", "2025") not in rows  # no report of 2025 set a target: nothing to judge, nothing to mark


def test_regions_are_matched_by_key_and_kept_apart() -> None:
    rows, _ = attainment([
        dataset(2025, [gdp("target", 5.5, "2025", approx="左右")], region="宁夏"),
        dataset(2026, [gdp("actual", 5.3, "2025")], region="宁夏回族自治区"),
        dataset(2026, [gdp("actual", 9, "2025")], region="湖北省", name="hubei-2026.json"),
    ])  # fmt: skip
    (row,) = rows
    assert (row.region, row.region_key, row.status, row.figure.value) == ("宁夏回族自治区", "宁夏", "met", 5.3)


def test_no_target_marks_a_year_between_the_first_and_the_last_target() -> None:
    rows = rows_of(
        dataset(2022, [gdp("target", 5.5, "2022")]),
        dataset(2023, [gdp("actual", 3, "2022")]),  # sets no target
        dataset(2024, [gdp("target", 5, "2024", approx="左右"), gdp("actual", 5.2, "2023")]),
        dataset(2025, [gdp("actual", 5, "2024")]),  # after the last target: cannot tell, no row
        dataset(2021, []),  # before the first: no row
    )
    gap = rows[("gdp", "growth", "2023")]
    assert (gap.status, gap.target, gap.figure.value, gap.figure.report_year) == ("no_target", None, 5.2, 2024)
    assert {k[2] for k in rows} == {"2022", "2023", "2024"}
    # only headline metrics are marked: a one-off target of another metric leaves no gap rows
    other = rows_of(dataset(2022, [ind(None, "道路机扫率", "target", "level", 90, "2022")]), dataset(2023, []),
                    dataset(2024, [ind(None, "道路机扫率", "target", "level", 92, "2024")]))  # fmt: skip
    assert {k[2] for k in other} == {"2022", "2024"}


def test_gnp_and_gdp_are_one_series_for_no_target_but_are_never_compared() -> None:
    gnp = ("gnp", "国民生产总值")
    rows = rows_of(
        dataset(1991, [ind(*gnp, "target", "growth", 4.5, "1991")], region="全国"),
        dataset(1992, [ind(*gnp, "actual", "growth", 7, "1991"), ind(*gnp, "target", "growth", 6, "1992")], region="全国"),
        dataset(1993, [], region="全国"),
        dataset(1994, [gdp("actual", 13.4, "1993"), gdp("actual", 14.2, "1992"), gdp("target", 9, "1994")], region="全国"),
    )  # fmt: skip
    assert rows[("gnp", "growth", "1991")].status == "met"
    assert rows[("gnp", "growth", "1992")].status == "no_figure"  # the 1994 report gives gdp's 1992, not gnp's
    assert rows[("gnp", "growth", "1993")].status == "no_target"  # the series' metric of the time: gnp
    assert ("gdp", "growth", "1992") not in rows and ("gdp", "growth", "1993") not in rows


def test_notes_duplicates_and_reports_without_a_year() -> None:
    twice = dataset(2025, [ind("urban_new_jobs", "城镇新增就业", "actual", "level", 13000, "2024", unit="人")])
    rows, unplaced = attainment([
        dataset(2024, [ind("urban_new_jobs", "城镇新增就业", "target", "level", 1.2, "2024", unit="万人")]),
        twice, twice,
        dataset(None, [gdp("target", 5, "2025")], name="undated.json"),
    ])  # fmt: skip
    (row,) = rows
    assert row.status == "no_figure" and "unit differs" in (row.note or "") and row.figure.value == 13000
    assert unplaced == ["undated.json"]


def test_two_reports_of_one_year_the_first_by_name_supplies_a_cell() -> None:
    rows = rows_of(
        dataset(2024, [gdp("target", 5, "2024")], name="b-2024.json"),
        dataset(2024, [gdp("target", 6, "2024"), ind("cpi", "居民消费价格", "target", "growth", 3, "2024")],
                name="a-2024.json"),
        dataset(2025, [gdp("actual", 5.5, "2024")]),
    )  # fmt: skip
    assert rows[("gdp", "growth", "2024")].target.report == "a-2024.json"
    assert rows[("cpi", "growth", "2024")].target.report == "a-2024.json"


def test_attainment_is_deterministic_and_flat_rows_have_every_column() -> None:
    reports = [dataset_of(p) for p in PROVINCES_2025[:3] + PROVINCES[:3]]
    first, second = attainment(reports)[0], attainment(list(reversed(reports)))[0]
    assert [r.model_dump() for r in first] == [r.model_dump() for r in second]
    assert all(list(flat(r)) == FLAT_FIELDS for r in first)


# --- the bundled reports ------------------------------------------------------------------------------------------


def test_every_provinces_2025_gdp_target_beside_its_2025_growth(dataset_dirs: dict[str, Path]) -> None:
    """The done-when of issue 15: `huimin attainment <2025> <2026> --json` gives all 25 provinces' 2025 GDP
    growth target (provinces-2025.gdp-targets.jsonl) beside the 2025 growth (provinces-2026.gdp.jsonl)."""
    result = huimin("attainment", str(dataset_dirs["provinces-2025"]), str(dataset_dirs["provinces-2026"]), "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    library = attainment([dataset_of(p) for p in PROVINCES_2025 + PROVINCES])[0]
    assert rows == [r.model_dump(mode="json") for r in library]
    targets = read_gold(GOLDS / "provinces-2025.gdp-targets.jsonl")
    growth = {g["report"]: g for g in read_gold(GOLDS / "provinces-2026.gdp.jsonl")
              if g.get("subject") == "region" and g["measure"] == "growth" and g["period"] == "2025"}  # fmt: skip
    assert len(targets) == len(growth) == 25
    for want in targets:
        later = want["report"].replace("-2025", "-2026")
        key = next(r["region_key"] for r in rows if r["target"] and r["target"]["report"] == f"{want['report']}.txt")
        (row,) = [r for r in rows if (r["region_key"], r["metric_id"], r["measure"], r["period"]) == (key, "gdp", "growth", "2025")]
        assert (row["target"]["value"], row["target"]["value_max"], row["target"]["approx"]) == (
            want["value"], want["value_max"], want["approx"]), want["report"]  # fmt: skip
        assert row["figure"]["value"] == growth[later]["value"] and row["figure"]["report"] == f"{later}.txt"
        assert row["status"] in ("met", "missed") and row["gap"] is not None


def test_national_attainment_pairs_each_gold_target_with_the_following_reports_outturn() -> None:
    """Every GDP (GNP) growth target of national-gdp-growth.jsonl whose following report is bundled, and whose
    facts the datasets hold, is paired with that report's outturn; a report without a target is no_target."""
    gold = read_gold(GOLDS / "national-gdp-growth.jsonl")
    datasets = {p.stem: dataset_of(p) for p in NATIONAL}
    rows = rows_of(*datasets.values())
    paired = []
    for t in (g for g in gold if g["kind"] == "target"):
        following = f"national-{int(t['period']) + 1}"
        outturn = next((g for g in gold if g["report"] == following and g["kind"] == "actual" and g["period"] == t["period"]), None)
        if outturn is None or following not in datasets:
            continue  # the following report is not bundled, or gives no growth
        if not any(_fact_matches(i, t) for i in datasets[t["report"]].indicators) or not any(
            _fact_matches(i, outturn) for i in datasets[following].indicators
        ):
            continue  # a fact the extraction does not hold (yet): nothing to pair
        row = rows[(t["metric"], "growth", t["period"])]
        assert (row.target.value, row.target.value_max, row.target.approx) == (t["value"], t["value_max"], t["approx"])
        assert row.target.report == f"{t['report']}.txt"
        assert (row.figure.value, row.figure.report) == (outturn["value"], f"{following}.txt"), t["period"]
        assert row.status in ("met", "missed")
        paired.append(t["period"])
    assert len(paired) >= 10 and {"1990", "1991", "2022", "2023"} <= set(paired)
    for none in (g for g in gold if g["kind"] == "none"):
        assert rows[("gdp", "growth", none["period"])].status == "no_target"  # 2000, 2002, 2020
    assert rows[("gdp", "growth", "2020")].target is None


# --- series ----------------------------------------------------------------------------------------------------------


def test_national_gdp_series_follows_gnp_before_1994_labelled() -> None:
    rows = series([dataset_of(p) for p in NATIONAL], "gdp")
    years = {int(r.period): r for r in rows}
    assert all(r.measure == "growth" and r.region == "全国" for r in rows)
    assert [int(r.period) for r in rows] == sorted(years) and min(years) <= 1990 and max(years) == 2024
    for year, r in years.items():
        stated = [s for s in (r.target, r.figure) if s]
        assert all(s.metric_id == ("gnp" if year < 1993 else "gdp") for s in stated if s is r.target), year
        assert r.metric_id == stated[0].metric_id if stated else r.metric_id == "gdp"
    assert years[1990].metric_id == "gnp" and years[1990].status == "met"
    assert years[2020].status == "no_target" and years[2021].status == "no_report"
    assert years[2021].figure.report == "national-2022.txt"
    assert years[2024].status == "no_figure"
    with pytest.raises(NotFoundError, match="nope"):
        series([dataset_of(NATIONAL[-1])], "nope")
    with pytest.raises(NotFoundError, match="region"):
        series([dataset_of(NATIONAL[-1])], "gdp", region="湖北")


def test_series_takes_a_measure_and_a_region() -> None:
    reports = [dataset_of(p) for p in PROVINCES_2025 + PROVINCES]
    rows = series(reports, "gdp", region="宁夏")
    assert {r.region_key for r in rows} == {"宁夏"} and [r.period for r in rows] == ["2024", "2025", "2026"]
    assert [r.status for r in rows] == ["no_report", "met", "no_figure"]
    levels = series(reports, "gdp", measure="level", region="湖北省")
    assert any(r.figure and r.figure.value == 6266100000000 for r in levels)  # the panel's chosen figure


def test_series_page_is_self_contained_and_draws_targets_and_outturns() -> None:
    rows = series([dataset_of(p) for p in NATIONAL], "gdp")
    page = render_series_html(rows, "gdp", "growth")
    assert page == render_series_html(rows, "gdp", "growth")
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") == 1 and "http" not in page.replace("http-equiv", "")
    assert page.count('class="dot ') == sum(r.figure is not None for r in rows)
    assert page.count('class="tbar') >= sum(r.target is not None for r in rows)
    assert 'class="tband"' in page  # 2016: 6.5%—7%, a range
    assert "dot met alt" in page and "gnp 代替 gdp" in page  # 1990: a gnp year, labelled


def test_cli_series_and_attainment_outputs(dataset_dirs: dict[str, Path], tmp_path: Path) -> None:
    national = dataset_dirs["national"]
    page = tmp_path / "gdp.html"
    result = huimin("series", str(national), "--metric", "gdp", "--html", str(page), "--json")
    assert result.returncode == 0, result.stderr
    rows = series([dataset_of(p) for p in NATIONAL], "gdp")
    assert json.loads(result.stdout) == [r.model_dump(mode="json") for r in rows]
    assert page.read_text(encoding="utf-8") == render_series_html(rows, "gdp", "growth")
    table = huimin("series", str(national / "*.json"), "--metric", "gdp", "--region", "全国")
    assert table.returncode == 0 and "no_target" in table.stdout and "国民生产总值 [growth]" in table.stdout
    out = tmp_path / "attainment.csv"
    assert huimin("attainment", str(dataset_dirs["provinces-2026"]), "--csv", str(out)).returncode == 0
    assert list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))).fieldnames or []) == FLAT_FIELDS
    shown = huimin("attainment", str(dataset_dirs["provinces-2025"]), str(dataset_dirs["provinces-2026"]))
    assert shown.returncode == 0 and "地区生产总值 [growth]" in shown.stdout and "met" in shown.stdout


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["series", "{national}", "--metric", "nope"], 1, "no report gives a target or an outturn of 'nope'"),
        (["series", "{national}", "--metric", "gdp", "--region", "火星"], 1, "no report of region '火星'"),
        (["series", "{national}", "--metric", "gdp", "--measure", "speed"], 2, "--measure"),
        (["series", "{national}"], 2, "--metric"),
        (["attainment", "{empty}"], 1, "a directory with no dataset"),
        (["attainment", "{missing}"], 1, "no such file"),
        (["attainment", "{glob}"], 1, "no file matches this pattern"),
    ],
)  # fmt: skip
def test_cli_errors_are_one_line_with_their_exit_code(dataset_dirs: dict[str, Path], tmp_path: Path, args: list[str],
                                                     code: int, fragment: str) -> None:  # fmt: skip
    (tmp_path / "empty").mkdir()
    places = {"national": str(dataset_dirs["national"]), "empty": str(tmp_path / "empty"),
              "missing": str(tmp_path / "missing.json"), "glob": str(tmp_path / "*.nothing")}  # fmt: skip
    result = huimin(*(a.format(**places) for a in args))
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr and fragment in result.stderr
    assert code == 2 or (len(lines) == 1 and lines[0].startswith("Error: "))


def test_series_predecessors_name_lexicon_metrics() -> None:
    from huimin_extract.attainment import attainment_rules
    from huimin_extract.lexicon import metric_lexicon

    ids = {m.id for m in metric_lexicon().metrics}
    for head, earlier in attainment_rules().series_predecessors.items():
        assert head in ids and set(earlier) <= ids and head not in earlier
