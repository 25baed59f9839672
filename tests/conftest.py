"""Shared fixtures: the bundled reports, extracted once per test session."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from huimin_extract import extract_file
from huimin_extract.models import Dataset

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
HUIMIN = RAW / "huimin-2022.txt"
PROVINCES = sorted((RAW / "provinces-2026").glob("*.txt"))
ALL_REPORTS = [HUIMIN, *PROVINCES]
GOLD = ROOT / "tests" / "gold" / "huimin-2022"


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@cache
def dataset_of(path: Path) -> Dataset:
    return extract_file(str(path))


@pytest.fixture(scope="session")
def huimin() -> Dataset:
    return dataset_of(HUIMIN)


@pytest.fixture(scope="session")
def huimin_text() -> str:
    return read_text(HUIMIN)
