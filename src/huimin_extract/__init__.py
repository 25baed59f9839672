"""huimin-extract: Chinese government work reports to validated, source-grounded datasets.

    >>> from huimin_extract import extract_text
    >>> ds = extract_text("2022年政府工作报告\\n地区生产总值增长7%左右。", name="demo")
    >>> ds.report.year
    2022
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .models import Dataset

__all__ = ["__version__", "extract_text", "extract_file"]


def extract_text(text: str, *, name: str = "<text>", report_year: int | None = None) -> Dataset:
    """Extract a dataset from a report already decoded to `str`."""
    from .pipeline import extract_text as _extract_text

    return _extract_text(text, name=name, report_year=report_year)


def extract_file(path: str, *, report_year: int | None = None, encoding: str | None = None) -> Dataset:
    """Read `path` (UTF-8/UTF-16 with BOM/GB18030, detected) and extract its dataset."""
    from .pipeline import extract_file as _extract_file

    return _extract_file(path, report_year=report_year, encoding=encoding)
