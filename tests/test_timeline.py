"""The time model (timeline.py), kind and subject on real sentences: tests/cases/time.yaml."""

from __future__ import annotations

from typing import Any

import pytest

from huimin_extract import extract_text
from huimin_extract.models import Indicator, record_data

from .conftest import load_cases


def _extract(case: dict[str, Any]) -> list[Indicator]:
    head = f"{case['year']}年政府工作报告\n\n" + "".join(f"{s}\n\n" for s in case.get("sections", []))
    return extract_text(head + case["text"] + "\n", name="case", report_year=case["year"]).indicators


def _fields(i: Indicator) -> dict[str, Any]:
    return record_data(i) | {
        "period_basis": i.period_reason.basis if i.period_reason else None,
        "kind_basis": i.kind_reason.basis if i.kind_reason else None,
    }


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(a - b) <= 1e-9 * max(1, abs(a), abs(b))
    return a == b


@pytest.mark.parametrize("case", load_cases("time.yaml"))
def test_time_kind_and_subject(case: dict[str, Any]) -> None:
    found = [_fields(i) for i in _extract(case)]
    for want in case.get("expect", []):
        at_value = [f for f in found if _same(f["value"], want["value"])]
        assert any(all(_same(f[k], v) for k, v in want.items()) for f in at_value), (want, at_value)
    for never in case.get("absent", []):
        assert not [f for f in found if all(_same(f[k], v) for k, v in never.items())], never
