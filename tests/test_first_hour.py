"""A new user's first hour (issue 16): the installed `huimin` script, run as a user runs it.

Each test runs the console script `make install` puts beside the interpreter (.venv/bin/huimin), not the
module, so what is checked is what a user types.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import HUIMIN, RAW, ROOT

SCRIPT = Path(sys.executable).parent / "huimin"
ZHEJIANG = RAW / "provinces-2026" / "zhejiang-2026.txt"
SICHUAN = RAW / "provinces-2026" / "sichuan-2026.txt"


def huimin(*args: str, cwd: Path = ROOT, columns: int | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    if columns is not None:
        env["COLUMNS"] = str(columns)
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=180)


def one_error(result: subprocess.CompletedProcess[str], code: int, *fragments: str) -> str:
    """The one line of stderr of a failed run, checked: its exit code, `Error: `, the fragments, no traceback."""
    lines = result.stderr.strip().splitlines()
    assert result.returncode == code, result.stderr
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def test_the_script_is_installed() -> None:
    assert SCRIPT.is_file(), f"{SCRIPT}: run `make install`"


# --- 5: options that shape a dataset ---------------------------------------------------------------------


def test_a_dataset_made_with_a_wrong_encoding_is_redone_without_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    wrong = huimin("extract", str(HUIMIN), "-o", str(out), "--encoding", "latin-1")
    assert wrong.returncode == 0
    assert "Warning: " in wrong.stderr and "Chinese" in wrong.stderr  # a Chinese report read as latin-1
    recorded = json.loads((out / "huimin-2022.json").read_text(encoding="utf-8"))
    assert recorded["options"] == {"encoding": "iso8859-1", "year": None, "rules": []}
    again = huimin("extract", str(HUIMIN), "-o", str(out))
    assert again.returncode == 0 and "up to date" not in again.stderr
    dataset = json.loads((out / "huimin-2022.json").read_text(encoding="utf-8"))
    assert "options" not in dataset and dataset["report"]["title"] == "2022年回民区政府工作报告"
    assert dataset == json.loads((ROOT / "data" / "out" / "huimin-2022.json").read_text(encoding="utf-8"))
    assert "up to date" in huimin("extract", str(HUIMIN), "-o", str(out)).stderr


def test_year_and_rules_are_recorded_and_a_change_redoes_the_dataset(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert huimin("extract", str(HUIMIN), "-o", str(out), "--year", "2021").returncode == 0
    assert json.loads((out / "huimin-2022.json").read_text(encoding="utf-8"))["report"]["year"] == 2021
    assert "up to date" in huimin("extract", str(HUIMIN), "-o", str(out), "--year", "2021").stderr
    assert "up to date" not in huimin("extract", str(HUIMIN), "-o", str(out), "--year", "2022").stderr
    rules = tmp_path / "mine.yaml"
    rules.write_text("units.yaml:\n  units:\n    垧: {dimension: area, base: 平方米, factor: '10000'}\n", encoding="utf-8")
    with_rules = huimin("--rules", str(rules), "extract", str(HUIMIN), "-o", str(out), "--year", "2022")
    assert with_rules.returncode == 0 and "up to date" not in with_rules.stderr
    options = json.loads((out / "huimin-2022.json").read_text(encoding="utf-8"))["options"]
    assert options["year"] == 2022 and [r["name"] for r in options["rules"]] == ["mine.yaml"]
    rules.write_text(rules.read_text(encoding="utf-8") + "    坰: {dimension: area, base: 平方米, factor: '10000'}\n", encoding="utf-8")
    edited = huimin("--rules", str(rules), "extract", str(HUIMIN), "-o", str(out), "--year", "2022")
    assert edited.returncode == 0 and "up to date" not in edited.stderr  # the rule file changed


# --- 6: wrong kinds of input -----------------------------------------------------------------------------


def test_a_dataset_given_as_a_report_is_refused() -> None:
    one_error(huimin("segment", "data/out/huimin-2022.json"), 1, "data/out/huimin-2022.json: a dataset, not a report")


def test_a_report_given_to_validate_is_refused() -> None:
    one_error(huimin("validate", "data/raw/huimin-2022.txt"), 1, "not a dataset", "huimin extract data/raw/huimin-2022.txt")


def test_validate_with_another_reports_source_says_so_in_one_line() -> None:
    line = one_error(
        huimin("validate", "data/out/provinces-2026/zhejiang-2026.json", "--source", str(SICHUAN)), 1,
        "is not this dataset's source", "zhejiang-2026.txt", "sha256",
    )  # fmt: skip
    assert "sichuan-2026.txt" in line


def test_an_unknown_encoding_is_a_usage_error_even_when_up_to_date(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert huimin("extract", str(HUIMIN), "-o", str(out)).returncode == 0
    one_error(huimin("extract", str(HUIMIN), "-o", str(out), "--encoding", "nosuch"), 2, "--encoding", "nosuch")
    one_error(huimin("indicators", str(HUIMIN), "--encoding", "nosuch"), 2, "nosuch")


def test_big5_reads_as_its_windows_superset(tmp_path: Path) -> None:
    report = tmp_path / "taipei.txt"  # 裏 and 碁 are in cp950, the Big5 of Windows, not in strict Big5
    report.write_bytes("2022年政府工作報告\n一年來，地區生產總值增長5%，裏外碁局。\n".encode("cp950"))
    result = huimin("segment", str(report), "--encoding", "big5", "--json")
    assert result.returncode == 0, result.stderr
    assert "裏外碁局" in result.stdout


def test_a_rule_file_with_an_unknown_unit_dimension_is_refused(tmp_path: Path) -> None:
    rules = tmp_path / "typo.yaml"
    rules.write_text("units.yaml:\n  units:\n    垧: {dimension: aera}\n", encoding="utf-8")
    one_error(huimin("--rules", str(rules), "extract", str(HUIMIN), "-o", str(tmp_path / "out")), 1, "typo.yaml", "aera")
    assert not (tmp_path / "out").exists()


# --- 7: `view DATASET` finds its source --------------------------------------------------------------------


def test_view_finds_the_source_of_a_dataset_under_data_raw(tmp_path: Path) -> None:
    page = tmp_path / "zhejiang.html"
    result = huimin("view", "data/out/provinces-2026/zhejiang-2026.json", "-o", str(page))
    assert result.returncode == 0, result.stderr
    assert "浙江" in page.read_text(encoding="utf-8")


def test_view_finds_the_source_beside_the_dataset_and_checks_its_sha256(tmp_path: Path) -> None:
    (tmp_path / "huimin-2022.json").write_bytes((ROOT / "data" / "out" / "huimin-2022.json").read_bytes())
    (tmp_path / "huimin-2022.txt").write_bytes(HUIMIN.read_bytes())
    result = huimin("view", "huimin-2022.json", "-o", "page.html", cwd=tmp_path)
    assert result.returncode == 0, result.stderr and (tmp_path / "page.html").is_file()
    (tmp_path / "huimin-2022.txt").write_text("2022年政府工作报告\n另一份文本。\n", encoding="utf-8")
    one_error(huimin("view", "huimin-2022.json", "-o", "other.html", cwd=tmp_path), 2, "sha256", "--source")
    assert not (tmp_path / "other.html").exists()
    (tmp_path / "huimin-2022.txt").unlink()
    one_error(huimin("view", "huimin-2022.json", "-o", "other.html", cwd=tmp_path), 2, "huimin-2022.txt", "--source")


def test_view_refuses_a_source_that_is_not_the_datasets(tmp_path: Path) -> None:
    result = huimin("view", "data/out/provinces-2026/zhejiang-2026.json", "--source", str(SICHUAN), "-o", str(tmp_path / "p.html"))
    one_error(result, 1, "is not this dataset's source")


# --- 4: --csv says what it wrote, --bom wherever a CSV is written ------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["indicators", "data/out/huimin-2022.json"],
        ["projects", "data/out/huimin-2022.json"],
        ["track", "data/out/huimin-2022.json"],
        ["panel", "data/out/provinces-2026"],
        ["attainment", "data/out/provinces-2025", "data/out/provinces-2026"],
        ["series", "data/out/national", "--metric", "gdp"],
    ],
    ids=lambda args: args[0],
)
def test_csv_confirms_what_it_wrote_and_takes_bom(tmp_path: Path, args: list[str]) -> None:
    import csv

    out = tmp_path / "table.csv"
    result = huimin(*args, "--csv", str(out), "--bom")
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(data.decode("utf-8-sig").splitlines()))
    assert rows and result.stderr.strip() == f"{out}: {len(rows)} rows"
    assert result.stdout == ""


# --- 3: tables fit 80 columns, figures as the report writes them --------------------------------------------


def test_indicators_at_80_columns_show_every_metric_and_figure_whole() -> None:
    import csv

    from rich.cells import cell_len

    table = huimin("indicators", str(ZHEJIANG), columns=80)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    flat = huimin("indicators", str(ZHEJIANG), "--csv", "-")
    rows = list(csv.DictReader(flat.stdout.splitlines()))
    assert len(rows) > 100
    for row in rows:
        assert any(row["metric"] in line and row["shown"] in line for line in lines), (row["metric"], row["shown"])
    gdp = next(r for r in rows if r["shown"] == "7232亿元")  # the table shows what the report writes ...
    assert (gdp["value"], gdp["unit"]) == ("723200000000", "元")  # ... the CSV keeps the base value
    assert "7232亿元" in table.stdout and "723200000000" not in table.stdout


def test_track_gaps_are_in_the_targets_unit_as_written() -> None:
    result = huimin("track", "data/out/provinces-2026/heilongjiang-2026.json", columns=80)
    assert result.returncode == 0, result.stderr
    grain = next(line for line in result.stdout.splitlines() if line.startswith("粮食产量"))
    assert grain.split()[1:] == ["1600亿斤以上", "1640.06亿斤", "2025", "actual", "-40.06亿斤"]
    assert "-4006000000" not in result.stdout


# --- 1 and 2: `make run`, then the README's next command in a new shell ---------------------------------------


def test_make_run_shows_its_work_and_the_readmes_next_command_works_in_a_new_shell(tmp_path: Path) -> None:
    import re
    import shutil

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## ", 1)[0]
    next_command = next(line.strip() for line in quick_start.splitlines() if line.startswith("    .venv/bin/huimin "))
    # a checkout of the project's files, with the environment `make install` made (not remade: -o)
    for name in ("Makefile", "README.md", "pyproject.toml", "data/raw/huimin-2022.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / ".venv").symlink_to(Path(sys.executable).parent.parent)
    run = subprocess.run(
        ["make", "-s", "-o", ".venv/.installed", "run"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    assert "data/out/huimin-2022.json: 2022年回民区政府工作报告 (回民区, 2022)" in run.stdout
    counts = re.search(r"(\d+) sections, \d+ sentences, (\d+) figures, (\d+) indicators, (\d+) projects", run.stdout)
    dataset = json.loads((tmp_path / "data" / "out" / "huimin-2022.json").read_text(encoding="utf-8"))
    assert counts and [int(n) for n in counts.groups()] == [
        len(dataset[k]) for k in ("sections", "quantities", "indicators", "projects")
    ]
    assert "2022 targets:" in run.stdout and "地区生产总值 增长 7%左右" in run.stdout
    assert "data/out/huimin-2022.json: ok" in run.stdout
    assert next_command in run.stdout  # make run names the next step, as the README does
    new_shell = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", next_command], cwd=tmp_path, capture_output=True, text=True,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(tmp_path)}, timeout=120,
    )  # fmt: skip
    assert new_shell.returncode == 0, new_shell.stderr
    assert "城镇新增就业" in new_shell.stdout


# --- 8: diff across regions, falls as written -------------------------------------------------------------


def test_diff_of_two_regions_says_so() -> None:
    result = huimin("diff", "data/out/provinces-2026/zhejiang-2026.json", "data/out/provinces-2026/sichuan-2026.json",
                    "--format", "markdown")  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith("Note: ") and "浙江省" in result.stderr and "different regions" in result.stderr
    part1 = result.stdout.split("## 2.")[0]
    assert "only in old" in part1 and "| appeared |" not in part1 and "| disappeared |" not in part1
    assert "different regions" in result.stdout.splitlines()[2]
    attainment = result.stdout.split("## 2.")[1].split("## 3.")[0]
    assert "(none)" in attainment  # one region's targets are not judged by another's figures
    same_region = huimin("diff", "tests/pairs/minghu-2024.txt", "tests/pairs/minghu-2025.txt")
    assert "different regions" not in same_region.stdout + same_region.stderr


def test_a_fall_is_shown_as_written(tmp_path: Path) -> None:
    import csv

    rows = list(csv.DictReader(huimin("indicators", str(ZHEJIANG), "--csv", "-").stdout.splitlines()))
    crime = next(r for r in rows if r["metric"] == "刑事案件总量")
    assert (crime["shown"], crime["value"]) == ("下降35.9%", "-35.9")  # shown as written, the value signed
    old, new = tmp_path / "minghu-2024.txt", tmp_path / "minghu-2025.txt"
    old.write_text("2024年明湖区政府工作报告\n2023年工作回顾\n预计全区规模以上工业增加值下降2.5%。\n", encoding="utf-8")
    new.write_text("2025年明湖区政府工作报告\n2024年工作回顾\n2023年全区规模以上工业增加值下降3.1%。\n", encoding="utf-8")
    result = huimin("diff", str(old), str(new), "--format", "markdown")
    assert "| 下降2.5% (estimate 2023) | 下降3.1% (actual 2023) | -0.6 |" in result.stdout, result.stdout
