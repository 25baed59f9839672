"""The dataset as a whole: exact spans on every real report, determinism, encodings, schema, data/out."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
import regex
from pydantic import ValidationError

from huimin_extract import extract_text
from huimin_extract.check import problems
from huimin_extract.models import Dataset, Sentence, record_data
from huimin_extract.normalise import normalise
from huimin_extract.pipeline import extract_file
from huimin_extract.schema import SCHEMA_FILE, dataset_schema
from huimin_extract.segment import segment
from huimin_extract.writers import to_json, to_yaml, write_dataset

from .conftest import ALL_REPORTS, HUIMIN, NATIONAL, ROOT, dataset_of, read_text


@pytest.mark.parametrize("path", ALL_REPORTS, ids=lambda p: p.name)
def test_every_span_is_exact_and_sentences_tile_paragraphs(path: Path) -> None:
    ds = dataset_of(path)
    assert problems(ds, read_text(path)) == []
    assert ds.report.year is not None
    assert ds.report.region or path.stem in TEXTS_NAMING_NO_REGION


TEXTS_NAMING_NO_REGION = {"national-1985"}  # no title or dateline, and no phrase only the State Council says


# Reports made at the end of a year for the next, whose text names only the plan year: the 1964 report (given
# in December) plans 1965 and says nothing of its own year's progress. (The 1980 report, given in September,
# states this year's outturns, 今年上半年…, and so is read as 1980's: rules/report.yaml in_year.)
PLAN_YEAR_OF_YEAR_END_REPORTS = {"national-1964": 1965}


@pytest.mark.parametrize("path", ALL_REPORTS, ids=lambda p: p.name)
def test_report_year(path: Path) -> None:
    named = int(regex.search(r"\d{4}", path.stem).group())
    assert dataset_of(path).report.year == PLAN_YEAR_OF_YEAR_END_REPORTS.get(path.stem, named)


def test_report_year_from_the_text_alone() -> None:
    """Without the file name the text itself gives the year of all but a few national reports (which state no
    year of their own: no title, dateline, dated review or plan heading, or session of the congress)."""
    found = {}
    for path in NATIONAL:
        text = read_text(path)
        report = segment(text, normalise(text)).report
        found[path.stem] = report.year
        assert report.year_source in ("title", "dateline", "content", None)
    undecided = sorted(stem for stem, year in found.items() if year is None)
    assert undecided == ["national-1960", "national-1982", "national-1984", "national-1987", "national-2002",
                         "national-2006", "national-2011"]  # fmt: skip
    wrong = {s: y for s, y in found.items() if y is not None and y != int(s[-4:])}
    assert wrong == PLAN_YEAR_OF_YEAR_END_REPORTS


def test_year_source_is_recorded(tmp_path: Path) -> None:
    text = "各位代表:\n一、2018年工作回顾\n经济增长6.9%。\n"
    assert extract_text(text).report.year_source == "content"
    assert extract_text(text, report_year=2019).report.year_source == "option"
    assert extract_text("2019年政府工作报告\n" + text).report.year_source == "title"
    (tmp_path / "report-2019.txt").write_text("各位代表:\n经济增长6.9%。\n", encoding="utf-8")
    ds = extract_file(str(tmp_path / "report-2019.txt"))
    assert (ds.report.year, ds.report.year_source) == (2019, "filename")
    assert extract_text("各位代表:\n经济增长6.9%。\n").report.year is None


def test_same_input_same_bytes(huimin: Dataset) -> None:
    again = extract_file(str(HUIMIN))
    assert to_json(again) == to_json(huimin)
    assert to_yaml(again) == to_yaml(huimin)


def test_json_is_readable_chinese_and_equals_model_dump(huimin: Dataset) -> None:
    text = to_json(huimin)
    assert "回民区" in text and "\\u" not in text
    assert json.loads(text) == huimin.model_dump(mode="json")
    assert Dataset.model_validate_json(text) == huimin


def test_records_are_slotted_and_dump_as_the_dataset_writes_them(huimin: Dataset) -> None:
    # a report has records by the thousand: no per-instance __dict__ or fields set (models.record)
    lists = {
        name: getattr(huimin, name)
        for name in ("sections", "sentences", "quantities", "periods", "indicators", "projects")
    }
    assert all(lists.values())
    written = json.loads(to_json(huimin))
    for name, records in lists.items():
        assert not hasattr(records[0], "__dict__"), name
        assert [record_data(r, mode="json") for r in records] == written[name], name
    with pytest.raises(ValidationError, match="bogus"):
        Sentence(id="s1", start=0, end=1, text="x", paragraph_id="p1", section_id=None, boilerplate=False, bogus=1)  # type: ignore[call-arg]


def test_an_extraction_makes_no_reference_cycles(huimin: Dataset) -> None:
    # what cli.main's collector settings rely on: the cyclic collector has nothing to find in a run
    gc.collect()
    gc.disable()
    try:
        to_json(extract_file(str(HUIMIN)))
        assert gc.collect() == 0
    finally:
        gc.enable()


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
