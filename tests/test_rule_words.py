"""tests/cases/rule-words.yaml: a rule word and a real sentence that needs it, for any rule file.

Each case is checked twice: with the shipped rules the sentence gives what the case expects, and with the
case's word taken out of its rule file it does not, so the word is what does it. A newcomer who adds a unit,
a metric alias or a cue word adds a case here and runs this file (docs/rules.md, "Adding a rule").
Project words have their own file with the same check (tests/cases/projects-rules.yaml).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import yaml

from huimin_extract import extract_text, rules

from .conftest import CASES


def _cases() -> list[Any]:
    cases = yaml.safe_load((CASES / "rule-words.yaml").read_text(encoding="utf-8"))
    return [pytest.param(c, id=f"{c['rule']['file']}:{c['rule']['key']}:{c['rule']['word']}") for c in cases]


def _found(case: dict[str, Any]) -> list[dict[str, Any]]:
    """What the case's sentence gives, as the case's `expect` names it: the fields it lists, of the records of
    its `stage` (indicators, or quantities), run through the whole pipeline as a report of `year`."""
    head = f"{case['year']}年政府工作报告\n\n" + (case["section"] + "\n\n" if case.get("section") else "")
    dataset = extract_text(head + case["text"] + "\n", name="case", report_year=case["year"])
    records = getattr(dataset, case.get("stage", "indicators"))
    fields = {k for e in case["expect"] for k in e}
    return [{k: getattr(r, k) for k in fields} for r in records]


def _expected(case: dict[str, Any]) -> bool:
    """Whether every record the case expects is among those found (other records may come too)."""
    found = _found(case)
    return all(any(all(f.get(k) == v for k, v in e.items()) for f in found) for e in case["expect"])


def _without(data: Any, path: list[str], word: str) -> Any:
    """Rule file data with `word` taken out of the list (or mapping, or alternation) at `path`. A step through a
    list of mappings picks the one whose `id` is the step (metrics.gdp.aliases)."""
    if not path:
        if isinstance(data, dict):
            assert word in data, f"{word!r} is not a key there"
            return {k: v for k, v in data.items() if k != word}
        if isinstance(data, list):
            assert word in data, f"{word!r} is not in the list"
            return [w for w in data if w != word]
        assert isinstance(data, str) and word in data.split("|"), f"{word!r} is not in the alternation"
        return "|".join(w for w in data.split("|") if w != word)
    step, rest = path[0], path[1:]
    if isinstance(data, list):
        return [_without(d, rest, word) if d.get("id") == step else d for d in data]
    assert step in data, f"no key {step!r}"
    return {**data, step: _without(data[step], rest, word)}


def _clear_rule_caches() -> None:
    """Forget every rule a stage has loaded and compiled (they are cached per process: functools caches)."""
    for name, module in list(sys.modules.items()):
        if name.startswith("huimin_extract"):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


@contextmanager
def _rules_without(file: str, key: str, word: str) -> Iterator[None]:
    shipped, _ = rules._yaml(rules.read_text(file), file)
    data = _without(shipped, key.split("."), word)
    load = rules.load
    rules.load = lambda name, model: rules._validate(model, data, file) if name == file else load(name, model)  # type: ignore[assignment]
    _clear_rule_caches()
    try:
        yield
    finally:
        rules.load = load  # type: ignore[assignment]
        _clear_rule_caches()


@pytest.mark.parametrize("case", _cases())
def test_the_sentence_gives_what_the_case_expects(case: dict[str, Any]) -> None:
    assert _expected(case), _found(case)


@pytest.mark.parametrize("case", _cases())
def test_without_the_word_it_does_not(case: dict[str, Any]) -> None:
    rule = case["rule"]
    with _rules_without(rule["file"], rule["key"], rule["word"]):
        assert not _expected(case), f"the sentence gives the same without {rule['word']!r}: the case does not test it"


def test_a_word_taken_out_is_gone_and_the_rest_stays() -> None:
    data = {"units": {"标箱": {"dimension": "count"}, "艘": {}}, "metrics": [{"id": "gdp", "aliases": ["GDP", "生产总值"]}]}
    assert _without(data, ["units"], "标箱") == {"units": {"艘": {}}, "metrics": data["metrics"]}
    assert _without(data, ["metrics", "gdp", "aliases"], "GDP")["metrics"] == [{"id": "gdp", "aliases": ["生产总值"]}]
    assert _without({"p": "到|至|—"}, ["p"], "至") == {"p": "到|—"}
    with pytest.raises(AssertionError):
        _without(data, ["units"], "吨")
