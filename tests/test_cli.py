"""The CLI is a thin wrapper: its output equals the library's, errors are one line with a documented code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from huimin_extract.writers import to_json

from .conftest import HUIMIN, PROVINCES, ROOT, dataset_of

COMMANDS = ["extract", "segment", "schema", "validate", "numbers", "eval", "indicators", "projects", "diff", "track", "panel",
            "attainment", "series", "view"]


def huimin(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "huimin_extract.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_extract_writes_what_the_library_returns(tmp_path: Path) -> None:
    result = huimin("extract", str(HUIMIN), "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = tmp_path / "huimin-2022.json"
    assert written.read_text(encoding="utf-8") == to_json(dataset_of(HUIMIN))
    assert huimin("validate", str(written), "--source", str(HUIMIN)).returncode == 0


def test_extract_yaml_and_both(tmp_path: Path) -> None:
    assert huimin("extract", str(HUIMIN), "-o", str(tmp_path), "--format", "both").returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["huimin-2022.json", "huimin-2022.yaml"]


@pytest.mark.parametrize(
    ("make", "code", "fragment"),
    [
        (lambda d: d / "missing.txt", 1, "missing.txt: no such file"),
        (lambda d: d, 1, "a directory with no report in it"),
        (lambda d: _write(d / "empty.txt", b""), 1, "empty.txt: empty file"),
        (lambda d: _write(d / "blank.txt", b" \n \n"), 1, "blank.txt: no text (whitespace only)"),
        (lambda d: _write(d / "bin.txt", b"\x00\x01\x02\x03PK\x03\x04"), 1, "bin.txt: binary file"),
        (lambda d: _write(d / "big5.txt", "地區生產總值增長百分之五，經濟運行穩中向好。".encode("big5")), 1, "big5.txt: undecodable"),
    ],
    ids=["missing", "directory", "empty", "whitespace", "binary", "big5"],
)
def test_bad_input_is_one_line_with_exit_code(tmp_path: Path, make, code: int, fragment: str) -> None:
    target = make(tmp_path)
    out = tmp_path / "out"
    result = huimin("extract", str(target), "-o", str(out))
    assert result.returncode == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0] and lines[0].startswith("Error: ")
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_usage_error_exits_2() -> None:
    result = huimin("extract", "--no-such-option")
    assert result.returncode == 2
    result = huimin("extract", str(HUIMIN), "--format", "xml")
    assert result.returncode == 2 and "--format" in result.stderr


def test_validate_reports_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    data = dataset_of(HUIMIN).model_dump(mode="json")
    first = data["sentences"][0]["text"]
    data["sentences"][0]["text"] = "X" * len(first)  # same length, other characters
    data["unexpected"] = 1
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = huimin("validate", str(bad))
    assert result.returncode == 1 and "unexpected" in result.stderr
    del data["unexpected"]
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = huimin("validate", str(bad), "--source", str(HUIMIN))
    assert result.returncode == 1 and "differs from the source" in result.stderr


def test_segment_json_matches_the_dataset() -> None:
    result = huimin("segment", str(HUIMIN), "--json")
    assert result.returncode == 0, result.stderr
    seg = json.loads(result.stdout)
    ds = dataset_of(HUIMIN).model_dump(mode="json")
    for key in ("report", "sections", "paragraphs", "sentences", "glossary"):
        assert seg[key] == ds[key]


def test_version_and_help() -> None:
    assert huimin("--version").stdout.strip().startswith("huimin ")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        result = huimin(command, "--help")
        assert result.returncode == 0
        assert "Example: huimin " + command in " ".join(result.stdout.split()), f"{command} --help has no example"
        assert f"huimin {command}" in readme, f"README does not document `huimin {command}`"


def test_help_does_not_import_jieba() -> None:
    code = "import sys; from huimin_extract.cli import app; sys.exit('rjieba' in sys.modules or 'jieba' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_indicators_and_projects_csv_are_flat_tables_of_the_datasets(tmp_path: Path) -> None:
    import csv

    from huimin_extract.tables import INDICATOR_FIELDS, PROJECT_FIELDS

    reports = [HUIMIN, *PROVINCES[:2]]
    out = tmp_path / "targets.csv"
    assert huimin("indicators", *map(str, reports), "--csv", str(out)).returncode == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == INDICATOR_FIELDS
    assert len(rows) == sum(len(dataset_of(p).indicators) for p in reports)
    assert {(r["region"], r["report_year"]) for r in rows} == {("回民区", "2022"), ("安徽省", "2026"), ("福建省", "2026")}
    projects = huimin("projects", str(HUIMIN), "--csv", "-")
    rows = list(csv.DictReader(projects.stdout.splitlines()))
    assert list(rows[0]) == PROJECT_FIELDS and len(rows) == len(dataset_of(HUIMIN).projects)
    empty = tmp_path / "empty.txt"
    empty.write_text("2022年工作报告\n没有数字。\n", encoding="utf-8")
    header = huimin("indicators", str(empty), "--csv", "-").stdout
    assert header.strip() == ",".join(INDICATOR_FIELDS)


def test_numbers_stats_is_the_library_result(tmp_path: Path) -> None:
    from huimin_extract.pipeline import numeral_stats_file

    report = tmp_path / "r.txt"
    report.write_text("2022年政府工作报告\n新建三千五百户，增长百分之七点八，几十万人受益，3个项目。\n", encoding="utf-8")
    result = huimin("numbers", str(report), "--stats", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data == numeral_stats_file(str(report)).as_dict()
    assert (data["quantities"], data["chinese"]) == (3, 2)
    assert [(u["text"], "几" in u["reason"]) for u in data["unread"]] == [("几十万", True)]
    text = huimin("numbers", str(report), "--stats")
    assert text.returncode == 0 and "1 numeral left unread" in text.stdout and "几十万" in text.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [(["--stats"], "--stats reads a report text"), (["--json"], "--json goes with --stats")],
)
def test_numbers_stats_misuse_exits_2(tmp_path: Path, args: list[str], fragment: str) -> None:
    dataset = tmp_path / "d.json"
    dataset.write_text(to_json(dataset_of(HUIMIN)), encoding="utf-8")
    result = huimin("numbers", str(dataset), *args)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("Error: ") and fragment in result.stderr


def test_readme_numbers_stats_example_is_what_the_command_prints() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "huimin numbers data/raw/provinces-2026/qinghai-2026.txt --stats"
    assert f"$ {command}" in readme
    result = huimin(*command.split()[1:], cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] in readme
