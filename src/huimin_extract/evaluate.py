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
from dataclasses import asdict, dataclass, field
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
    missing_reports: list[str] = field(default_factory=list)

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
    from .lexicon import metric_lexicon

    prefixes = sorted(metric_lexicon().region_prefixes, key=len, reverse=True)
    return regex.compile("^(?:" + "|".join(map(regex.escape, prefixes)) + ")")


def _metric_names(ind: Any) -> set[str]:
    names = {ind.metric, ind.metric_text, _region_prefix().sub("", ind.metric_text)}
    return {n for n in names if n}


def _indicators(dataset: Dataset, gold: list[dict[str, Any]]) -> tuple[Score, Score, list[dict[str, Any]], list[dict[str, Any]]]:
    """Lenient and strict scores. An `optional` gold entry counts neither way: it is not a miss, and the
    predictions at its figure are not false hits."""
    optional = {(g["value_start"], g["value_end"]) for g in gold if g.get("optional")}
    required = [g for g in gold if not g.get("optional")]
    scored = [i for i in dataset.indicators if (i.value_start, i.value_end) not in optional]
    used: set[str] = set()
    hits = strict_hits = 0
    misses = []
    for g in required:
        accepted = {g["metric"], *g.get("aliases", [])}
        candidates = [
            i
            for i in scored
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
                for i in scored
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
        for i in scored
        if i.id not in used
    ]
    n = len(scored)
    return Score(len(required), n, hits), Score(len(required), n, strict_hits), misses, false


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


# --- time series: one headline fact per line, many reports (no offsets) --------------------------------

_OUTTURN = ("actual", "estimate")  # for an outturn, a preliminary figure counts as well


def _fact_matches(ind: Any, g: dict[str, Any]) -> bool:
    """Whether indicator `ind` states the gold fact `g` (metric id, kind, measure, value, period…)."""
    if ind.metric_id != g.get("metric", "gdp"):
        return False
    kinds = _OUTTURN if g["kind"] in _OUTTURN else (g["kind"],)
    if ind.kind not in kinds or ind.measure != g["measure"] or ind.period != g["period"]:
        return False
    if not _same(ind.value, g["value"]):
        return False
    if "value_max" in g and not _same(ind.value_max, g["value_max"]):
        return False
    return "approx" not in g or ind.approx == g["approx"]


def _brief(ind: Any) -> dict[str, Any]:
    return {k: getattr(ind, k) for k in ("id", "metric", "metric_id", "kind", "measure", "value", "value_max", "approx", "period", "text")}


def evaluate_series(gold: list[dict[str, Any]], datasets: dict[str, Dataset]) -> Evaluation:
    """Score datasets (by report stem) against time-series gold lines (tests/gold/README.md, "Time series").

    A line is a hit when its report's dataset holds the fact; a `kind: none` line (a report that sets no
    target) when it holds no target of that metric, measure and period; a `subject: other` line (a figure of
    another subject) when no indicator of the region's metric has that measure and value. A line whose
    report is not among `datasets` is left out, and counted in `missing_reports`.
    """
    hits = 0
    misses: list[dict[str, Any]] = []
    false_hits: list[dict[str, Any]] = []
    scored = 0
    missing: list[str] = []
    for g in gold:
        ds = datasets.get(g["report"])
        if ds is None:
            missing.append(g["report"])
            continue
        scored += 1
        metric = g.get("metric", "gdp")
        if g.get("subject") == "other":
            wrong = [
                i for i in ds.indicators if i.metric_id == metric and i.measure == g["measure"] and _same(i.value, g["value"])
            ]
        elif g["kind"] == "none":
            wrong = [
                i
                for i in ds.indicators
                if i.metric_id == metric and i.kind == "target" and i.measure == g["measure"] and i.period == g["period"]
            ]
        else:
            found = any(_fact_matches(i, g) for i in ds.indicators)
            hits += found
            if not found:
                near = [
                    _brief(i)
                    for i in ds.indicators
                    if i.metric_id == metric and i.measure == g["measure"] and _same(i.value, g["value"])
                ]
                misses.append({"gold": g, "got": near})
            continue
        hits += not wrong
        if wrong:
            false_hits.append({"gold": g, "got": [_brief(i) for i in wrong]})
    score = Score(scored, scored, hits)
    return Evaluation({"facts": score}, {"facts": misses}, {"facts": false_hits}, sorted(set(missing)))


# --- the suite: every gold file of the bundled reports -------------------------------------------------


@dataclass
class SuiteRow:
    gold: str  # the gold prefix or file, as the suite names it
    part: str  # quantities, indicators, projects, project_investments, facts
    score: Score
    strict: Score | None = None  # indicators: measure and period right as well

    def as_dict(self) -> dict[str, Any]:
        # the file under `file`: a score's own `gold` is its count of gold entries
        out = {"file": self.gold, "part": self.part, **self.score.as_dict()}
        if self.strict is not None:
            out["strict_hits"] = self.strict.hits
            out["strict_recall"] = round(self.strict.recall, 4)
            out["strict_per_hit"] = round(self.strict.hits / self.score.hits, 4) if self.score.hits else 0.0
        return out


def load_datasets(directory: Path) -> dict[str, Dataset]:
    """Every dataset (*.json) below `directory`, by file stem."""
    from .writers import load_dataset

    return {p.stem: load_dataset(p) for p in sorted(directory.rglob("*.json"))}


def evaluate_suite(suite_path: str | Path, root: str | Path = ".") -> list[SuiteRow]:
    """Score every gold file a suite lists (tests/gold/suite.yaml) against the datasets it names."""
    import yaml

    from .writers import load_dataset

    root = Path(root)
    try:
        suite = yaml.safe_load(Path(suite_path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise DatasetError(f"{suite_path}: cannot be read as a suite ({str(err).splitlines()[0]})") from None
    rows: list[SuiteRow] = []
    for entry in suite.get("reports", []):
        result = evaluate(load_dataset(root / entry["dataset"]), root / entry["gold"])
        for part, score in result.parts.items():
            if part == "indicators_strict":
                continue
            strict = result.parts.get("indicators_strict") if part == "indicators" else None
            rows.append(SuiteRow(entry["gold"], part, score, strict))
    for entry in suite.get("series", []):
        gold = read_gold(root / entry["gold"])
        if not gold:
            raise DatasetError(f"{entry['gold']}: no gold lines")
        result = evaluate_series(gold, load_datasets(root / entry["datasets"]))
        if result.missing_reports:
            raise DatasetError(f"{entry['datasets']}: no dataset for {', '.join(result.missing_reports)}")
        rows.append(SuiteRow(entry["gold"], "facts", result.parts["facts"]))
    return rows
