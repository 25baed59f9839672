"""Comparing reports: diff (four parts), attainment rules, track and panel; and the diff/track/panel commands.

Most tests run on hand-built datasets (so they test the comparison, not extraction); the hand-written report
pair under tests/pairs/ and the real reports check the whole path from text to comparison.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from huimin_extract import attainment, compare, compare_tables, rules
from huimin_extract.attainment import judge, normalise_name
from huimin_extract.compare import diff, track
from huimin_extract.errors import RulesError
from huimin_extract.models import Dataset, Indicator, Project, Report, Sentence, Source
from huimin_extract.panels import PANEL_FIELDS, panel
from huimin_extract.rules import parse
from huimin_extract.values import as_number

from .conftest import HUIMIN, PROVINCES, ROOT, dataset_of

CASES = ROOT / "tests" / "cases"
PAIRS = ROOT / "tests" / "pairs"
OLD_TEXT = PAIRS / "minghu-2024.txt"
NEW_TEXT = PAIRS / "minghu-2025.txt"


# --- hand-built datasets ---------------------------------------------------------------------------------


def ind(
    metric_id: str | None, metric: str, kind: str, measure: str, value: float, period: str | None,
    unit: str | None = "%", approx: str | None = None, value_max: float | None = None, at: int = 0,
) -> dict[str, Any]:  # fmt: skip
    return dict(metric_id=metric_id, metric=metric, kind=kind, measure=measure, value=value, period=period,
                unit=unit, approx=approx, value_max=value_max, at=at)  # fmt: skip


def proj(name: str, status: str | None = None, investment: int | None = None, at: int = 0) -> dict[str, Any]:
    return dict(name=name, status=status, investment=investment, at=at)


def dataset(year: int | None, indicators: list[dict[str, Any]] = (), projects: list[dict[str, Any]] = (),
            region: str = "明湖区", name: str | None = None) -> Dataset:  # fmt: skip
    records = []
    for n, spec in enumerate(indicators, 1):
        at = spec["at"] or n * 20
        records.append(
            Indicator(
                id=f"i{n:04d}", start=at, end=at + 10, text="x" * 10, metric=spec["metric"],
                metric_id=spec["metric_id"], metric_text=spec["metric"], metric_start=at, metric_end=at + 4,
                kind=spec["kind"],
                measure=spec["measure"], value=spec["value"], value_max=spec["value_max"], unit=spec["unit"],
                approx=spec["approx"], period=spec["period"], value_start=at + 6, value_end=at + 10,
                sentence_id="s0001", quantity_id=None,
            )
        )  # fmt: skip
    project_records = [
        Project(id=f"j{n:04d}", start=(spec["at"] or n * 20), end=(spec["at"] or n * 20) + 5, text="y" * 5,
                name=spec["name"], status=spec["status"], investment=spec["investment"])
        for n, spec in enumerate(projects, 1)
    ]  # fmt: skip
    return Dataset(
        tool_version="test",
        source=Source(name=name or f"minghu-{year}.json", encoding="utf-8", sha256=None, length=1000),
        report=Report(title=None, title_start=None, title_end=None, year=year, region=region),
        sentences=[
            Sentence(
                id="s0001",
                start=0,
                end=1000,
                text="一句话。",
                paragraph_id="par0001",
                section_id=None,
                boilerplate=False,
            )
        ],  # fmt: skip
        indicators=records,
        projects=project_records,
    )


OLD = dataset(
    2024,
    [
        ind("gdp", "地区生产总值", "estimate", "growth", 8, "2023"),
        ind("retail_sales", "社会消费品零售总额", "estimate", "growth", 7, "2023"),
        ind("gdp", "地区生产总值", "estimate", "avg_growth", 6, "2021-2023"),
        ind("gdp", "地区生产总值", "target", "growth", 7, "2024", approx="左右"),
        ind("fixed_asset_investment", "固定资产投资", "target", "growth", 5, "2024", approx="以上"),
        ind("surveyed_unemployment", "城镇调查失业率", "target", "level", 5.5, "2024", approx="左右"),
        ind("urban_new_jobs", "城镇新增就业", "target", "level", 12000, "2024", unit="人", approx="以上"),
        ind("forest_coverage", "森林覆盖率", "target", "level", 40, "2021-2025"),
        ind("budget_revenue", "一般公共预算收入", "target", "growth", 5, "2024"),
    ],
    [
        proj("明湖医院迁建项目", "under_construction", 1200000000),
        proj("城市规划展览馆", "planned"),
        proj("滨河科技产业园二期", "started"),
    ],  # fmt: skip
)
NEW = dataset(
    2025,
    [
        ind("gdp", "地区生产总值", "actual", "growth", 6.9, "2024"),
        ind("fixed_asset_investment", "固定资产投资", "actual", "growth", 4.9, "2024"),
        ind("surveyed_unemployment", "城镇调查失业率", "actual", "level", 5.4, "2024"),
        ind("budget_revenue", "一般公共预算收入", "actual", "level", 3100000000, "2024", unit="元"),
        ind("gdp", "地区生产总值", "actual", "growth", 7.6, "2023"),
        ind("industrial_value_added", "规模以上工业增加值", "actual", "growth", 9, "2023"),
        ind("gdp", "地区生产总值", "target", "growth", 6, "2025", approx="左右"),
        ind("fixed_asset_investment", "固定资产投资", "target", "growth", 5, "2025", approx="左右"),
        ind("surveyed_unemployment", "城镇调查失业率", "target", "level", 5.5, "2025", approx="左右"),
        ind("cpi", "居民消费价格", "target", "growth", 2, "2025", approx="左右"),
    ],
    [
        proj("“明湖医院迁建”工程", "completed"),
        proj("城市更新项目", "started"),
        proj("滨河科技产业园二期项目", "started", 2000000000),
    ],  # fmt: skip
)


def by(items: list[Any], **match: Any) -> Any:
    found = [x for x in items if all(getattr(x, k) == v for k, v in match.items())]
    assert len(found) == 1, (match, items)
    return found[0]


# --- part 1: figures -------------------------------------------------------------------------------------


def test_figures_changed_appeared_disappeared_for_common_periods_only() -> None:
    d = diff(OLD, NEW)
    gdp = by(d.figures, metric_id="gdp", period="2023")
    assert (gdp.change, gdp.old.value, gdp.new.value, gdp.delta) == ("changed", 8, 7.6, -0.4)
    assert (gdp.old.kind, gdp.new.kind) == ("estimate", "actual")
    assert by(d.figures, metric_id="industrial_value_added").change == "appeared"
    assert by(d.figures, metric_id="retail_sales").change == "disappeared"
    # 2021-2023 is a period only OLD speaks of, 2024 one only NEW speaks of: no appeared/disappeared noise.
    assert {f.period for f in d.figures} == {"2023"}
    assert [f.change for f in d.figures] == ["changed", "disappeared", "appeared"]  # old's order, then new-only


def test_same_value_restated_is_no_change_and_units_must_agree_for_a_delta() -> None:
    a = dataset(2024, [ind("gdp", "地区生产总值", "estimate", "growth", 8, "2023")])
    b = dataset(2025, [ind("gdp", "地区生产总值", "actual", "growth", 8, "2023")])
    assert diff(a, b).figures == []
    c = dataset(2025, [ind("gdp", "地区生产总值", "actual", "growth", 8, "2023", unit="百分点")])
    (change,) = diff(a, c).figures
    assert change.change == "changed" and change.delta is None


def test_unknown_metrics_match_by_name() -> None:
    a = dataset(2024, [ind(None, "道路机扫率", "actual", "level", 85, "2023")])
    b = dataset(
        2025,
        [ind(None, "道路机扫率", "actual", "level", 88, "2023"), ind(None, "旅游收入", "actual", "level", 5, "2023")],
    )
    d = diff(a, b)
    assert [(f.metric, f.change) for f in d.figures] == [("道路机扫率", "changed"), ("旅游收入", "appeared")]


# --- part 2: attainment -----------------------------------------------------------------------------------


def test_attainment_of_old_targets_against_new_outturns() -> None:
    d = diff(OLD, NEW)
    status = {(a.metric_id, a.period): (a.status, a.gap) for a in d.attainment}
    assert status[("gdp", "2024")] == ("met", -0.1)  # 7%左右 met by 6.9 under the 0.5-point tolerance
    assert status[("fixed_asset_investment", "2024")] == ("missed", -0.1)  # 5%以上 not met by 4.9
    assert status[("surveyed_unemployment", "2024")] == ("met", -0.1)  # lower is better
    assert status[("urban_new_jobs", "2024")] == ("no_figure", None)
    # growth target, only a level figure in NEW: not the same measure, so no figure
    assert status[("budget_revenue", "2024")] == ("no_figure", None)
    # 2021-2025 had not ended when the 2025 report was written: not judged
    assert ("forest_coverage", "2021-2025") not in status


def test_attainment_unit_mismatch_is_no_figure_with_a_note() -> None:
    a = dataset(2024, [ind("urban_new_jobs", "城镇新增就业", "target", "level", 1.2, "2024", unit="万人")])
    b = dataset(2025, [ind("urban_new_jobs", "城镇新增就业", "actual", "level", 13000, "2024", unit="人")])
    (att,) = diff(a, b).attainment
    assert att.status == "no_figure" and att.figure is not None and "unit differs" in (att.note or "")


def _attainment_cases() -> list[Any]:
    data = yaml.safe_load((CASES / "attainment.yaml").read_text(encoding="utf-8"))
    return [pytest.param(c, id=c["origin"]) for c in data]


@pytest.mark.parametrize("case", _attainment_cases())
def test_attainment_rules(case: dict[str, Any]) -> None:
    t = case["target"]
    spec = ind(t["metric_id"], t["metric"], "target", t["measure"], t["value"], "2024",
               unit=t.get("unit"), approx=t.get("approx"), value_max=t.get("value_max"))  # fmt: skip
    target = dataset(2024, [spec]).indicators[0]
    met, gap, rule, _ = judge(target, case["figure"])
    expect = case["expect"]
    assert (met, as_number(gap), rule) == (expect["met"], expect["gap"], expect["rule"])


def test_attainment_rules_file_is_validated() -> None:
    text = rules.read_text("attainment.yaml")
    assert parse(text, attainment.AttainmentRules, "attainment.yaml").default_direction == "higher"
    with pytest.raises(RulesError, match="exactly one of absolute and relative"):
        parse(text.replace("{measure: level, unit: \"%\", absolute: 0.2}", "{measure: level, unit: \"%\"}"),
              attainment.AttainmentRules, "attainment.yaml")  # fmt: skip
    with pytest.raises(RulesError, match="duplicate key"):
        parse(text + "\ndefault_direction: lower\n", attainment.AttainmentRules, "attainment.yaml")


def test_direction_from_lexicon_and_words() -> None:
    assert attainment.direction("energy_intensity", "单位地区生产总值能耗") == "lower"
    assert attainment.direction("pm25", "细颗粒物(PM2.5)浓度") == "lower"
    assert attainment.direction("gdp", "地区生产总值") == "higher"
    assert attainment.direction(None, "年登记失业率") == "lower"
    assert attainment.direction(None, "“蒙冷链”赋码率") == "higher"


# --- part 3: plan-year targets side by side ------------------------------------------------------------------


def test_plan_year_targets_side_by_side() -> None:
    d = diff(OLD, NEW)
    assert (d.old_plan_year, d.new_plan_year) == (2024, 2025)
    pairs = {(t.metric_id, t.measure): t for t in d.targets}
    gdp = pairs[("gdp", "growth")]
    assert (gdp.change, gdp.old.value, gdp.old.period, gdp.new.value, gdp.new.period, gdp.delta) == (
        "changed",
        7,
        "2024",
        6,
        "2025",
        -1,
    )
    assert (
        pairs[("fixed_asset_investment", "growth")].change == "changed"
    )  # 5%以上 -> 5%左右: same value, new qualifier
    assert pairs[("surveyed_unemployment", "level")].change == "same"
    assert pairs[("urban_new_jobs", "level")].change == "disappeared"
    assert pairs[("cpi", "growth")].change == "appeared"
    assert ("forest_coverage", "level") not in pairs  # a five-year target is not a plan-year target


# --- part 4: projects -------------------------------------------------------------------------------------------


def test_projects_matched_by_normalised_name() -> None:
    d = diff(OLD, NEW)
    changes = {(p.change, p.name): p for p in d.projects}
    hospital = changes[("changed", "“明湖医院迁建”工程")]
    assert hospital.fields == ["status"] and (hospital.old.status, hospital.new.status) == (
        "under_construction",
        "completed",
    )
    park = changes[("changed", "滨河科技产业园二期项目")]
    assert park.fields == ["investment"] and park.new.investment == 2000000000
    assert ("disappeared", "城市规划展览馆") in changes and ("appeared", "城市更新项目") in changes
    assert len(d.projects) == 4


def test_normalise_name() -> None:
    assert normalise_name("“明湖医院迁建”工程") == normalise_name("明湖医院迁建项目") == "明湖医院迁建"
    assert normalise_name("ＡＢＣ产业园 二期") == "abc产业园二期"
    assert normalise_name("项目") == "项目"


# --- the whole diff ---------------------------------------------------------------------------------------


def test_a_report_against_itself_has_no_differences() -> None:
    d = diff(NEW, NEW)
    assert d.differences == 0 and d.figures == [] and d.projects == []
    assert all(t.change == "same" for t in d.targets)


def test_differences_count_and_flat_rows() -> None:
    d = diff(OLD, NEW)
    assert d.differences == len(d.figures) + len(d.projects) + sum(t.change != "same" for t in d.targets) > 0
    rows = d.rows()
    assert {r["part"] for r in rows} == {"figures", "attainment", "targets", "projects"}
    assert all(list(r) == compare.DIFF_FIELDS for r in rows)
    assert d.as_dict()["differences"] == d.differences
    markdown = compare_tables.to_markdown(d)
    assert markdown.count("\n## ") == 4 and "| met | 地区生产总值 [growth] | 2024 |" in markdown


def test_diff_is_deterministic() -> None:
    assert diff(OLD, NEW).model_dump_json() == diff(OLD, NEW).model_dump_json()


# --- track and panel on hand-built data ---------------------------------------------------------------------------


def test_track_pairs_each_plan_year_target_with_the_latest_figure() -> None:
    ds = dataset(
        2022,
        [
            ind("gdp", "地区生产总值", "estimate", "avg_growth", 3.6, "2017-2021"),
            ind("gdp", "地区生产总值", "estimate", "growth", 8, "2021"),
            ind("gdp", "地区生产总值", "actual", "growth", 6, "2020"),
            ind("budget_revenue", "一般公共预算收入", "actual", "level", 1292000000, "2021", unit="元"),
            ind("budget_revenue", "一般公共预算收入", "actual", "level", 6000000000, "2018-2021", unit="元"),
            ind("gdp", "地区生产总值", "target", "growth", 7, "2022", approx="左右"),
            ind("budget_revenue", "一般公共预算收入", "target", "growth", 7, "2022", approx="左右"),
            ind(None, "道路机扫率", "target", "level", 90, "2022"),
            ind("urban_new_jobs", "城镇新增就业", "target", "level", 40000, "2022-2026", unit="人"),
        ],
    )
    rows = track(ds)
    assert [r.metric for r in rows] == ["地区生产总值", "一般公共预算收入", "道路机扫率"]
    gdp, budget, sweep = rows
    assert (gdp.figure.value, gdp.figure.period, gdp.same_measure, gdp.difference) == (8, "2021", True, -1)
    assert (budget.figure.value, budget.figure.period, budget.same_measure, budget.difference) == (
        1292000000,
        "2021",
        False,
        None,
    )
    assert sweep.figure is None


def test_track_ignores_outturns_not_over_by_the_plan_year_and_compares_like_spans_only() -> None:
    ds = dataset(
        2026,
        [
            ind("urban_new_jobs", "城镇新增就业", "actual", "level", 2651500, "2021-2025", unit="人"),
            ind("urban_new_jobs", "城镇新增就业", "actual", "level", 545800, "2026", unit="人"),  # mislabelled
            ind("gdp", "地区生产总值", "actual", "avg_growth", 5, "2026-2030"),  # mislabelled
            ind("gdp", "地区生产总值", "estimate", "growth", 5, "2025"),
            ind("urban_new_jobs", "城镇新增就业", "target", "level", 500000, "2026", unit="人"),
            ind("gdp", "地区生产总值", "target", "growth", 5, "2026", approx="左右"),
        ],
    )
    jobs, gdp = track(ds)
    assert (jobs.figure.period, jobs.same_measure, jobs.difference) == ("2021-2025", True, None)
    assert (gdp.figure.period, gdp.figure.measure, gdp.difference) == ("2025", "growth", 0)


# --- the hand-written report pair, extracted ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pair_diff() -> compare.Diff:
    return diff(dataset_of(OLD_TEXT), dataset_of(NEW_TEXT))


def test_pair_diff_shows_all_four_parts(pair_diff: compare.Diff) -> None:
    d = pair_diff
    assert d.figures and d.attainment and d.targets and d.projects
    gdp = by(d.figures, metric_id="gdp", measure="growth", period="2023")
    assert (gdp.change, gdp.old.value, gdp.old.kind, gdp.new.value, gdp.new.kind) == (
        "changed",
        8,
        "estimate",
        7.6,
        "actual",
    )
    assert by(d.figures, metric_id="industrial_value_added").change == "appeared"
    attained = {(a.metric_id, a.measure): (a.status, a.gap) for a in d.attainment}
    assert attained[("gdp", "growth")] == ("met", -0.1)
    assert attained[("fixed_asset_investment", "growth")] == ("missed", -0.1)
    assert attained[("surveyed_unemployment", "level")] == ("met", -0.1)
    assert attained[("budget_revenue", "growth")] == ("missed", -1.7)
    assert attained[("disposable_income", "growth")] == ("met", -0.5)
    assert attained[("urban_new_jobs", "level")] == ("no_figure", None)
    pairs = {(t.metric_id, t.measure): t for t in d.targets}
    assert (pairs[("gdp", "growth")].old.shown, pairs[("gdp", "growth")].new.shown) == ("7%左右", "6%左右")
    assert pairs[("retail_sales", "growth")].change == "same"
    projects = {(p.change, normalise_name(p.name)): p for p in d.projects}
    assert projects[("changed", "明湖医院迁建")].new.status == "completed"
    assert ("appeared", "明湖湿地公园") in projects


# --- real reports ---------------------------------------------------------------------------------------

MAIN_TARGETS_2022 = {
    # metric_id: (target as written, 2021 figure beside it, the figure's measure)
    "gdp": ("7%左右", 8, "growth"),
    "fixed_asset_investment": ("5%左右", 8, "growth"),
    "retail_sales": ("6%左右", 7, "growth"),
    "budget_revenue": ("7%左右", 1292000000, "level"),  # the report gives only the 2021 level (12.92亿元)
    "disposable_income": ("7.5%左右", 7.7, "growth"),
}


def test_track_huimin_2022_lists_the_five_main_targets_beside_2021() -> None:
    rows = {r.metric_id: r for r in track(dataset_of(HUIMIN)) if r.measure == "growth"}
    for metric_id, (target, value, measure) in MAIN_TARGETS_2022.items():
        row = rows[metric_id]
        assert row.target.shown == target and row.target.period == "2022"
        assert row.figure is not None, metric_id
        assert (row.figure.value, row.figure.period, row.figure.measure) == (value, "2021", measure)


def _gdp_cases() -> list[Any]:
    data = yaml.safe_load((CASES / "gdp-targets-2026.yaml").read_text(encoding="utf-8"))
    return [pytest.param(c, id=c["report"]) for c in data]


def test_gdp_cases_cover_every_provincial_report() -> None:
    assert sorted(c.values[0]["report"] for c in _gdp_cases()) == sorted(p.name for p in PROVINCES)


@pytest.mark.parametrize("case", _gdp_cases())
def test_panel_gives_each_province_its_2026_gdp_growth_target(case: dict[str, Any]) -> None:
    path = next(p for p in PROVINCES if p.name == case["report"])
    rows = [
        r for r in panel([dataset_of(path)])
        if (r["metric_id"], r["kind"], r["measure"], r["period"]) == ("gdp", "target", "growth", "2026")
    ]  # fmt: skip
    assert len(rows) == 1
    (row,) = rows
    assert {k: row[k] for k in case["expect"]} == case["expect"]
    assert row["region"] and row["report_year"] == 2026
    assert case["text"].replace("％", "%") in row["sentence"].replace("％", "%")


# --- the commands ---------------------------------------------------------------------------------------


def huimin(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "huimin_extract.cli", *args], capture_output=True, text=True, timeout=300,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src")},
    )  # fmt: skip


@pytest.fixture(scope="module")
def pair_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from huimin_extract.writers import write_dataset

    out = tmp_path_factory.mktemp("pair")
    (old,) = write_dataset(dataset_of(OLD_TEXT), out, "minghu-2024")
    (new,) = write_dataset(dataset_of(NEW_TEXT), out, "minghu-2025")
    return old, new


def test_cli_diff_json_equals_the_library_and_exits_1(pair_files: tuple[Path, Path], pair_diff: compare.Diff) -> None:
    result = huimin("diff", *map(str, pair_files), "--format", "json")
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout) == json.loads(json.dumps(pair_diff.as_dict(), ensure_ascii=False))


def test_cli_diff_on_texts_table_markdown_csv(pair_files: tuple[Path, Path]) -> None:
    table = huimin("diff", str(OLD_TEXT), str(NEW_TEXT))
    assert table.returncode == 1, table.stderr
    for title in ("1. Figures", "2. Target attainment", "3. Plan-year targets", "4. Projects"):
        assert title in table.stdout
    markdown = huimin("diff", *map(str, pair_files), "--format", "markdown")
    assert markdown.returncode == 1 and markdown.stdout.count("\n## ") == 4
    rows = list(csv.DictReader(io.StringIO(huimin("diff", *map(str, pair_files), "--format", "csv").stdout)))
    assert {r["part"] for r in rows} == {"figures", "attainment", "targets", "projects"}


def test_cli_diff_exit_codes(pair_files: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = pair_files
    same = huimin("diff", str(old), str(old), "--quiet")
    assert (same.returncode, same.stdout) == (0, "")
    quiet = huimin("diff", str(old), str(new), "-q")
    assert (quiet.returncode, quiet.stdout) == (1, "")
    missing = huimin("diff", str(tmp_path / "missing.json"), str(new))
    assert missing.returncode == 2 and missing.stderr.startswith("Error: ") and "missing.json" in missing.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert huimin("diff", str(bad), str(new), "-q").returncode == 2
    assert huimin("diff", str(old), str(new), "--format", "xml").returncode == 2


def test_cli_diff_html_is_the_view_of_the_comparison(pair_files: tuple[Path, Path]) -> None:
    from huimin_extract.diffview import render_diff_html

    old, new = pair_files
    page = huimin("diff", str(old), str(new), "--format", "html")
    assert page.returncode == 1, page.stderr
    assert page.stdout == render_diff_html(diff(dataset_of(OLD_TEXT), dataset_of(NEW_TEXT)))
    assert page.stdout.startswith("<!DOCTYPE html>") and "missed" in page.stdout


def test_cli_track_and_panel(pair_files: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = pair_files
    tracked = huimin("track", str(new), "--json")
    assert tracked.returncode == 0, tracked.stderr
    assert json.loads(tracked.stdout) == [r.model_dump(mode="json") for r in track(dataset_of(NEW_TEXT))]
    table = huimin("track", str(NEW_TEXT))
    assert table.returncode == 0 and "6%左右" in table.stdout and "6.9%" in table.stdout
    out = tmp_path / "panel.csv"
    result = huimin("panel", str(old), str(new), "--csv", str(out), "--bom")
    assert result.returncode == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == PANEL_FIELDS
    assert rows == [
        {k: "" if v is None else str(v) for k, v in r.items()}
        for r in panel([dataset_of(OLD_TEXT), dataset_of(NEW_TEXT)])
    ]
    assert {r["report_year"] for r in rows} == {"2024", "2025"}


@pytest.mark.parametrize("command", ["diff", "track", "panel"])
def test_each_command_has_help_ending_with_an_example(command: str) -> None:
    result = huimin(command, "--help")
    assert result.returncode == 0
    assert f"Example: huimin {command} " in result.stdout
