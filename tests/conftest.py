"""Shared fixtures: the bundled reports, extracted once per test session."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from huimin_extract import extract_file
from huimin_extract.models import Dataset

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
HUIMIN = RAW / "huimin-2022.txt"
PROVINCES = sorted((RAW / "provinces-2026").glob("*.txt"))
PROVINCES_2025 = sorted((RAW / "provinces-2025").glob("*.txt"))
NATIONAL = sorted((RAW / "national").glob("*.txt"))
ALL_REPORTS = sorted(RAW.rglob("*.txt"))
# the reports the costlier tests (mutations, jieba comparisons) run on: the one the rules were first written
# on, the provincial reports of one year, and national reports of every decade
SAMPLE_REPORTS = [HUIMIN, *PROVINCES, *(p for p in NATIONAL if p.stem.endswith(("4", "8")))]
GOLDS = ROOT / "tests" / "gold"
GOLD = GOLDS / "huimin-2022"
CASES = ROOT / "tests" / "cases"


def load_cases(name: str) -> list[Any]:
    """The cases of tests/cases/<name> as pytest params: id from `origin`, strict xfail when `xfail` says why."""
    cases = yaml.safe_load((CASES / name).read_text(encoding="utf-8"))
    params = []
    for case in cases:
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
        params.append(pytest.param(case, id=case["origin"], marks=marks))
    return params


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@cache
def dataset_of(path: Path) -> Dataset:
    return extract_file(str(path))


@pytest.fixture(scope="session")
def dataset_dirs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every bundled report's dataset (extracted by this code), written as `make data` writes data/out/:
    "root" (the whole tree), and its parts "national", "provinces-2025", "provinces-2026"."""
    from huimin_extract.writers import write_dataset

    root = tmp_path_factory.mktemp("out")
    for text in ALL_REPORTS:
        rel = text.relative_to(RAW)
        write_dataset(dataset_of(text), root / rel.parent, rel.stem)
    return {"root": root, **{name: root / name for name in ("national", "provinces-2025", "provinces-2026")}}


@pytest.fixture(scope="session")
def huimin() -> Dataset:
    return dataset_of(HUIMIN)


@pytest.fixture(scope="session")
def huimin_text() -> str:
    return read_text(HUIMIN)


def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`huimin ARGS…` in this process: (exit code, stdout, stderr)."""
    from huimin_extract import cli

    monkeypatch.setattr("sys.argv", ["huimin", *args])
    with pytest.raises(SystemExit) as exit_info:
        cli.run()
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out, captured.err
