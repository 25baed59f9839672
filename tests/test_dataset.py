"""The dataset as a whole: exact spans on every real report, determinism, encodings, schema, data/out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from huimin_extract import extract_text
from huimin_extract.check import problems
from huimin_extract.models import Dataset
from huimin_extract.pipeline import extract_file
from huimin_extract.schema import SCHEMA_FILE, dataset_schema
from huimin_extract.writers import to_json, to_yaml, write_dataset

from .conftest import ALL_REPORTS, HUIMIN, ROOT, dataset_of, read_text


@pytest.mark.parametrize("path", ALL_REPORTS, ids=lambda p: p.name)
def test_every_span_is_exact_and_sentences_tile_paragraphs(path: Path) -> None:
    ds = dataset_of(path)
    assert problems(ds, read_text(path)) == []
    assert ds.report.year is not None and ds.report.region


def test_same_input_same_bytes(huimin: Dataset) -> None:
    again = extract_file(str(HUIMIN))
    assert to_json(again) == to_json(huimin)
    assert to_yaml(again) == to_yaml(huimin)


def test_json_is_readable_chinese_and_equals_model_dump(huimin: Dataset) -> None:
    text = to_json(huimin)
    assert "回民区" in text and "\\u" not in text
    assert json.loads(text) == huimin.model_dump(mode="json")
    assert Dataset.model_validate_json(text) == huimin


def test_gb18030_copy_gives_the_same_dataset_but_source(tmp_path: Path, huimin: Dataset) -> None:
    copy = tmp_path / "huimin-2022.txt"
    copy.write_bytes(read_text(HUIMIN).encode("gb18030"))
    other = extract_file(str(copy))
    assert other.source.encoding == "gb18030"
    assert other.model_dump(exclude={"source"}) == huimin.model_dump(exclude={"source"})


def test_extract_text_takes_the_year_when_the_title_has_none() -> None:
    ds = extract_text("政府工作报告\n今年地区生产总值增长5%左右。", name="demo", report_year=2024)
    assert ds.report.year == 2024
    assert ds.source.name == "demo"


def test_writes_are_atomic_and_leave_no_temporary_files(tmp_path: Path, huimin: Dataset) -> None:
    written = write_dataset(huimin, tmp_path, "huimin-2022", "both")
    assert [p.name for p in written] == ["huimin-2022.json", "huimin-2022.yaml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["huimin-2022.json", "huimin-2022.yaml"]


def test_schema_is_fresh() -> None:
    committed = ROOT / "schemas" / SCHEMA_FILE
    assert committed.read_text(encoding="utf-8") == dataset_schema(), "schemas/ is stale: run `make schemas`"


@pytest.mark.parametrize("path", ALL_REPORTS, ids=lambda p: p.name)
def test_data_out_is_fresh(path: Path) -> None:
    relative = path.relative_to(ROOT / "data" / "raw").with_suffix(".json")
    committed = ROOT / "data" / "out" / relative
    assert committed.exists(), f"{committed} is missing: run `make data`"
    assert committed.read_text(encoding="utf-8") == to_json(dataset_of(path)), f"{committed} is stale: run `make data`"
