"""Scoring a dataset against hand-checked gold files (format: tests/gold/README.md).

Matching rules, per part:
- quantities: same `start`/`end`, equal value (and value_max) and unit. Gold entries marked `optional`
  count neither way; predictions without an Arabic digit are out of the gold's scope and ignored.
- indicators: same value span and value, the metric equal to the gold metric or one of its aliases
  (our canonical `metric`, or `metric_text` without a region prefix such as 全区), and the same kind.
  *strict* additionally needs the same measure and a period among the gold's acceptable ones.
- projects: overlapping spans and the name equal to the gold name or one of its variants; the
  investment is scored separately over the gold projects that state one.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

import regex

from .errors import DatasetError
from .models import Dataset

_DIGIT = regex.compile(r"[0-9０-９]")


@dataclass
class Score:
    gold: int
    predicted: int
    hits: int

    @property
    def precision(self) -> float:
        return self.hits / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.hits / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = asdict(self)
        out.update(precision=round(self.precision, 4), recall=round(self.recall, 4), f1=round(self.f1, 4))
        return out


@dataclass
class Evaluation:
    parts: dict[str, Score]
    misses: dict[str, list[dict[str, Any]]]
    false_hits: dict[str, list[dict[str, Any]]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "scores": {name: score.as_dict() for name, score in self.parts.items()},
            "misses": self.misses,
            "false_hits": self.false_hits,
        }


def read_gold(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    try:
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except json.JSONDecodeError as err:
        raise DatasetError(f"{path}: not valid JSON Lines ({err})") from None


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def evaluate(dataset: Dataset, gold_prefix: str | Path) -> Evaluation:
    """Score `dataset` against `<gold_prefix>.quantities.jsonl`, `.indicators.jsonl`, `.projects.jsonl`."""
    prefix = str(gold_prefix)
    parts: dict[str, Score] = {}
    misses: dict[str, list[dict[str, Any]]] = {}
    false_hits: dict[str, list[dict[str, Any]]] = {}
    gold_q = read_gold(Path(prefix + ".quantities.jsonl"))
    if gold_q:
        parts["quantities"], misses["quantities"], false_hits["quantities"] = _quantities(dataset, gold_q)
    gold_i = read_gold(Path(prefix + ".indicators.jsonl"))
    if gold_i:
        lenient, strict, miss, false = _indicators(dataset, gold_i)
        parts["indicators"], parts["indicators_strict"] = lenient, strict
        misses["indicators"], false_hits["indicators"] = miss, false
    gold_p = read_gold(Path(prefix + ".projects.jsonl"))
    if gold_p:
        parts["projects"], parts["project_investments"], misses["projects"], false_hits["projects"] = _projects(
            dataset, gold_p
        )
    if not parts:
        raise DatasetError(f"{prefix}: no gold files (<prefix>.quantities.jsonl, .indicators.jsonl, .projects.jsonl)")
    return Evaluation(parts, misses, false_hits)


def _quantities(dataset: Dataset, gold: list[dict[str, Any]]) -> tuple[Score, list[dict[str, Any]], list[dict[str, Any]]]:
    optional = [(g["start"], g["end"]) for g in gold if g.get("optional")]
    required = [g for g in gold if not g.get("optional")]
    by_span = {(q.start, q.end): q for q in dataset.quantities}

    def in_optional(start: int, end: int) -> bool:
        return any(start < e and s < end for s, e in optional)

    predicted = [q for q in dataset.quantities if _DIGIT.search(q.text) and not in_optional(q.start, q.end)]
    hits = 0
    misses = []
    matched: set[tuple[int, int]] = set()
    for g in required:
        q = by_span.get((g["start"], g["end"]))
        if (
            q is not None
            and _same(q.value, g["value"])
            and _same(q.value_max, g.get("value_max"))
            and q.unit == g.get("unit")
        ):
            hits += 1
            matched.add((q.start, q.end))
        else:
            got = None if q is None else {"value": q.value, "value_max": q.value_max, "unit": q.unit}
            misses.append({"gold": g, "got": got})
    false = [
        {"start": q.start, "end": q.end, "text": q.text, "value": q.value, "unit": q.unit}
        for q in predicted
        if (q.start, q.end) not in matched
    ]
    return Score(len(required), len(predicted), hits), misses, false


@cache
def _region_prefix() -> regex.Pattern[str]:
    """全区, 全市, 我省…: the region prefixes of the metric lexicon (rules/metrics.yaml), longest first."""
    from .indicators import metric_lexicon

    prefixes = sorted(metric_lexicon().region_prefixes, key=len, reverse=True)
    return regex.compile("^(?:" + "|".join(map(regex.escape, prefixes)) + ")")


def _metric_names(ind: Any) -> set[str]:
    names = {ind.metric, ind.metric_text, _region_prefix().sub("", ind.metric_text)}
    return {n for n in names if n}


def _indicators(dataset: Dataset, gold: list[dict[str, Any]]) -> tuple[Score, Score, list[dict[str, Any]], list[dict[str, Any]]]:
    used: set[str] = set()
    hits = strict_hits = 0
    misses = []
    for g in gold:
        accepted = {g["metric"], *g.get("aliases", [])}
        candidates = [
            i
            for i in dataset.indicators
            if i.id not in used
            and i.value_start == g["value_start"]
            and i.value_end == g["value_end"]
            and _same(i.value, g["value"])
            and _metric_names(i) & accepted
            and i.kind == g["kind"]
        ]
        strict = [i for i in candidates if i.measure == g["measure"] and i.period in g["period"]]
        chosen = (strict or candidates or [None])[0]
        if chosen is None:
            near = [
                {k: getattr(i, k) for k in ("metric", "metric_text", "kind", "measure", "value", "period")}
                for i in dataset.indicators
                if i.value_start == g["value_start"]
            ]
            misses.append({"gold": g, "got": near})
            continue
        used.add(chosen.id)
        hits += 1
        strict_hits += bool(strict)
        if not strict:
            misses.append({"gold": g, "got": [{"strict_only": True, "measure": chosen.measure, "period": chosen.period}]})
    false = [
        {k: getattr(i, k) for k in ("id", "metric", "metric_text", "kind", "measure", "value", "unit", "period", "text")}
        for i in dataset.indicators
        if i.id not in used
    ]
    n = len(dataset.indicators)
    return Score(len(gold), n, hits), Score(len(gold), n, strict_hits), misses, false


def _projects(
    dataset: Dataset, gold: list[dict[str, Any]]
) -> tuple[Score, Score, list[dict[str, Any]], list[dict[str, Any]]]:
    used: set[str] = set()
    hits = 0
    invest_gold = invest_hits = 0
    misses = []
    for g in gold:
        accepted = {g["name"], *g.get("variants", [])}
        match = next(
            (
                p
                for p in dataset.projects
                if p.id not in used and p.start < g["end"] and g["start"] < p.end and (p.name in accepted or p.text in accepted)
            ),
            None,
        )
        if g.get("investment") is not None:
            invest_gold += 1
            invest_hits += match is not None and _same(match.investment, g["investment"])
        if match is None:
            misses.append({"gold": g})
            continue
        used.add(match.id)
        hits += 1
    false = [{"id": p.id, "name": p.name, "start": p.start, "end": p.end} for p in dataset.projects if p.id not in used]
    return (
        Score(len(gold), len(dataset.projects), hits),
        Score(invest_gold, invest_gold, invest_hits),
        misses,
        false,
    )
