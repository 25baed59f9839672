"""The bundled report against its hand-checked gold files, scored by `huimin eval`'s own evaluator.

Thresholds are the issues' acceptance bars; a change that drops below one is a regression.
"""

from __future__ import annotations

import json
import subprocess
import sys

from huimin_extract.evaluate import evaluate
from huimin_extract.models import Dataset

from .conftest import GOLD, HUIMIN


def test_gold_scores(huimin: Dataset) -> None:
    parts = evaluate(huimin, GOLD).parts
    assert parts["quantities"].f1 >= 0.97
    assert parts["indicators"].recall >= 0.90
    assert parts["indicators"].precision >= 0.85
    assert parts["indicators_strict"].recall >= 0.80
    assert parts["projects"].f1 >= 0.80
    investments = parts["project_investments"]
    assert investments.gold >= 1 and investments.hits == investments.gold  # every stated investment is right


def test_eval_json_equals_the_library(huimin: Dataset) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "huimin_extract.cli", "eval", str(HUIMIN), str(GOLD), "--json"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(json.dumps(evaluate(huimin, GOLD).as_dict(), ensure_ascii=False))


def test_evaluator_counts_misses_and_false_hits(huimin: Dataset) -> None:
    broken = huimin.model_copy(deep=True)
    broken.quantities = broken.quantities[10:]  # drop ten mentions
    broken.quantities[0].value = broken.quantities[0].value + 1  # and get one value wrong
    score = evaluate(broken, GOLD).parts["quantities"]
    full = evaluate(huimin, GOLD).parts["quantities"]
    assert score.hits <= full.hits - 10
    assert score.recall < full.recall
