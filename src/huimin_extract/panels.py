"""One right figure per cell: the long panel over many reports, and which of several mentions it reports.

A cell is (region, report, metric, kind, measure, period). A report often states a cell's figure more than once
(地区生产总值迈上6万亿元台阶，达到62661亿元; 年末城镇调查失业率从上半年5.5%降到5.3%). The panel reports the figure a
careful analyst would pick, by these rules in order, each deciding only where the ones before it tie:

1. `region` — the region's own figure over a sub-region's (an indicator with a `subject`);
2. `whole_year` — the whole year's figure over one for part of it (上半年, 一季度, 1—11月: `part_of_year` in
   rules/attainment.yaml; a cue governs the first figure after it in its sentence, unless another figure or
   全年 stands between them);
3. `exact` — an exact figure over a qualified one: approximate (约, 左右) before a bound (以上, 超过) before a
   milestone (突破, 迈上…台阶, 跨越), which only says that a threshold was passed. A target's own qualifier
   (5%左右, 6%以上) is what the target is, so among targets only a milestone yields;
4. `about` — the statement in the part of the report about the cell's period (a section of the matching frame,
   a review for an outturn and a plan for a target, whose years are the period, then one whose years hold it)
   over a passing mention elsewhere;
5. `first` — the first stated.

`pick` names the rule that set the chosen figure apart from the best-ranked mention with another figure; `same`
when every mention gives the same figure. The other mentions stay available: `mentions` counts them, `others`
lists them (`i0001 迈上6万亿元`), and `panel(..., all_mentions=True)` gives a row for each, `chosen` marking the one.

Regions are matched across reports by `region_key` (宁夏 = 宁夏回族自治区: `region_suffixes` in
rules/attainment.yaml). The module never prints.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from .attainment import attainment_rules, headline_metrics, part_of_year_alternation
from .compare import period_years, shown
from .models import Dataset, Indicator, Number, Section, Sentence
from .tables import explain

RULES = ("region", "whole_year", "exact", "about", "first")
"""The selection rules in the order they apply (see the module docstring)."""

_OUTTURN_FRAMES = ("review",)
_TARGET_FRAMES = ("plan_year", "plan_period")


@dataclass(frozen=True, slots=True)
class Mention:
    """One indicator as the panel weighs it: the figure and what the selection rules read of it."""

    id: str
    metric_id: str | None
    metric: str
    metric_text: str
    subject: str | None
    kind: str
    measure: str
    period: str | None
    value: Number
    value_max: Number | None
    unit: str | None
    approx: str | None
    shown: str
    start: int
    end: int
    value_start: int
    part_of_year: str | None  # the cue (上半年) when the figure is for part of its year
    about: int  # 0 in the part about exactly its period, 1 in a part whose years hold it, 2 elsewhere

    @property
    def metric_key(self) -> str:
        """What identifies the metric across reports: its lexicon id, else its name."""
        return self.metric_id or self.metric

    @property
    def cell(self) -> tuple[str, str, str, str | None]:
        return (self.metric_key, self.measure, self.kind, self.period)

    @property
    def figure(self) -> tuple[Number, Number | None, str | None, str | None]:
        return (self.value, self.value_max, self.unit, self.approx)


@dataclass(frozen=True, slots=True)
class Cell:
    """The mentions of one cell: the chosen one, the rule that chose it, the others in the order stated."""

    chosen: Mention
    pick: str | None
    others: tuple[Mention, ...]

    @property
    def mentions(self) -> int:
        return 1 + len(self.others)


# --- regions -------------------------------------------------------------------------------------------------


def region_key(region: str | None) -> str:
    """The name a region is matched by across reports: without the ending of its administrative kind.

    >>> region_key("宁夏回族自治区"), region_key("宁夏"), region_key("北京市"), region_key("回民区")
    ('宁夏', '宁夏', '北京', '回民区')
    >>> region_key(None)
    ''
    """
    if not region:
        return ""
    for suffix in _region_suffixes():
        if region.endswith(suffix) and len(region) - len(suffix) >= 2:
            return region[: -len(suffix)]
    return region


@lru_cache(maxsize=1)
def _region_suffixes() -> tuple[str, ...]:
    return tuple(sorted(attainment_rules().region_suffixes, key=len, reverse=True))


# --- the selection rules -------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _part_of_year_cues() -> regex.Pattern[str]:
    """Part-of-year cues (group `part`) and whole-year words (group `whole`), one alternation, longest first."""
    r = attainment_rules()
    part = part_of_year_alternation()
    whole = "|".join(regex.escape(w) for w in sorted(r.whole_year, key=len, reverse=True))
    return regex.compile(f"(?P<part>{part})" + (f"|(?P<whole>{whole})" if whole else ""))


def precision(kind: str, approx: str | None) -> int:
    """How exactly a figure is stated: 0 exact, 1 approximate, 2 a bound, 3 a milestone (rule `exact`).

    >>> precision("actual", None), precision("actual", "左右"), precision("actual", "超过"), precision("actual", "突破")
    (0, 1, 2, 3)
    >>> precision("target", "左右"), precision("target", "迈上")
    (0, 3)
    """
    if approx is None:
        return 0
    from .lexicon import cue_rules  # the rules are read when a figure has a qualifier, not on import

    if approx in cue_rules().milestones:  # rules/cues.yaml: a --rules file may add one
        return 3
    if kind == "target":
        return 0
    r = attainment_rules()
    if approx in r.floor_words or approx in r.ceiling_words:
        return 2
    return 1


def _rank(m: Mention) -> tuple[bool, bool, int, int, tuple[int, int, int]]:
    """The sort key of the rules, in the order of RULES (lower is better)."""
    return (m.subject is not None, m.part_of_year is not None, precision(m.kind, m.approx), m.about,
            (m.value_start, m.start, m.end))  # fmt: skip


def choose(group: Sequence[Mention]) -> Cell:
    """The mention a panel reports for one cell, the rule that decided, and the other mentions."""
    ordered = sorted(group, key=_rank)
    best = ordered[0]
    others = tuple(sorted((m for m in group if m is not best), key=lambda m: (m.value_start, m.start, m.end)))
    if not others:
        return Cell(best, None, ())
    rival = next((m for m in ordered if m.figure != best.figure), None)
    if rival is None:
        return Cell(best, "same", others)
    mine, theirs = _rank(best), _rank(rival)
    rule = next(name for name, a, b in zip(RULES, mine, theirs, strict=True) if a != b)
    return Cell(best, rule, others)


# --- mentions of a dataset -----------------------------------------------------------------------------------


def _about(i: Indicator, section: Section | None) -> int:
    """Rule `about`: 0 the sentence stands in a part about exactly the figure's period (a review for an
    outturn, a plan for a target), 1 in such a part whose years hold the period, 2 anywhere else."""
    years = period_years(i.period)
    if section is None or years is None or section.from_year is None or section.to_year is None:
        return 2
    if section.frame not in (_TARGET_FRAMES if i.kind == "target" else _OUTTURN_FRAMES):
        return 2
    if (section.from_year, section.to_year) == years:
        return 0
    return 1 if section.from_year <= years[0] and years[1] <= section.to_year else 2


def _part_of_year(i: Indicator, sentence: Sentence | None, figure_starts: list[int]) -> str | None:
    """The part-of-year cue before the figure in its sentence, when no other figure and no whole-year word
    (全年) stands between them."""
    if sentence is None or not sentence.start <= i.value_start <= sentence.end:
        return None
    cue = None  # the last cue or whole-year word before the figure
    for found in _part_of_year_cues().finditer(sentence.text, 0, i.value_start - sentence.start):
        cue = found
    if cue is None or cue.group("part") is None:
        return None
    n = bisect_left(figure_starts, sentence.start + cue.end())
    if n < len(figure_starts) and figure_starts[n] < i.value_start:
        return None  # the cue is another figure's (从上半年5.5%降到5.3%: 5.5 is the half year's, 5.3 the year's)
    return cue.group()


def mentions(ds: Dataset) -> list[Mention]:
    """Every indicator of a dataset as a Mention, in the dataset's order."""
    sentences = {s.id: s for s in ds.sentences}
    sections = {s.id: s for s in ds.sections}
    quantities = {q.id: q for q in ds.quantities}
    figure_starts = sorted(q.start for q in ds.quantities)
    out = []
    for i in ds.indicators:
        sentence = sentences.get(i.sentence_id or "")
        section = sections.get(sentence.section_id or "") if sentence else None
        out.append(
            Mention(
                id=i.id, metric_id=i.metric_id, metric=i.metric, metric_text=i.metric_text, subject=i.subject,
                kind=i.kind, measure=i.measure, period=i.period, value=i.value, value_max=i.value_max, unit=i.unit,
                approx=i.approx, shown=shown(i, quantities), start=i.start, end=i.end, value_start=i.value_start,
                part_of_year=_part_of_year(i, sentence, figure_starts), about=_about(i, section),
            )
        )  # fmt: skip
    return out


def cells(found: Iterable[Mention]) -> list[Cell]:
    """The cells of one report, in the order their first mention is stated."""
    groups: dict[tuple[str, str, str, str | None], list[Mention]] = {}
    for m in sorted(found, key=lambda m: (m.value_start, m.start, m.end)):
        groups.setdefault(m.cell, []).append(m)
    return [choose(group) for group in groups.values()]


# --- the panel -----------------------------------------------------------------------------------------------

PANEL_FIELDS = [
    "region", "region_key", "report_year", "metric_id", "metric", "metric_text", "subject", "kind", "measure",
    "period", "value", "value_max", "unit", "approx", "shown", "part_of_year", "absent", "mentions", "chosen",
    "pick", "others", "source", "id", "start", "end", "sentence",
]  # fmt: skip

MENTION_FIELDS = [
    *PANEL_FIELDS[:-1], "value_start", "value_end", "about", "why_period", "why_kind", "sentence",
]  # fmt: skip
"""The fields of every mention (the database's indicators table): the panel's and what the rules read."""


def mention_rows(ds: Dataset) -> list[dict[str, Any]]:
    """One row per indicator (MENTION_FIELDS), cell by cell: the chosen mention, then the others as stated."""
    meta = {"region": ds.report.region, "region_key": region_key(ds.report.region), "report_year": ds.report.year,
            "source": ds.source.name}  # fmt: skip
    sentences = {s.id: s.text for s in ds.sentences}
    indicators = {i.id: i for i in ds.indicators}
    rows: list[dict[str, Any]] = []
    for cell in cells(mentions(ds)):
        for m in (cell.chosen, *cell.others):
            i = indicators[m.id]
            chosen = m is cell.chosen
            row = meta | {
                "metric_id": m.metric_id, "metric": m.metric, "metric_text": m.metric_text, "subject": m.subject,
                "kind": m.kind, "measure": m.measure, "period": m.period, "value": m.value, "value_max": m.value_max,
                "unit": m.unit, "approx": m.approx, "shown": m.shown, "part_of_year": m.part_of_year, "absent": False,
                "mentions": cell.mentions, "chosen": chosen, "pick": cell.pick if chosen else None,
                "others": ("; ".join(f"{o.id} {o.shown}" for o in cell.others) or None) if chosen else None,
                "id": m.id, "start": m.start, "end": m.end, "value_start": m.value_start, "value_end": i.value_end,
                "about": m.about, "why_period": explain(i.period_reason), "why_kind": explain(i.kind_reason),
                "sentence": sentences.get(i.sentence_id or "", ""),
            }  # fmt: skip
            rows.append({k: row[k] for k in MENTION_FIELDS})
    return rows


def panel_rows(ds: Dataset, all_mentions: bool = False) -> list[dict[str, Any]]:
    """The panel rows of one report (PANEL_FIELDS): one per cell (every mention with `all_mentions`), then a
    row marked `absent` for each headline metric the report gives no figure for."""
    rows = [{k: row[k] for k in PANEL_FIELDS} for row in mention_rows(ds) if all_mentions or row["chosen"]]
    stated = {i.metric_id for i in ds.indicators}
    meta = {"region": ds.report.region, "region_key": region_key(ds.report.region), "report_year": ds.report.year,
            "source": ds.source.name}  # fmt: skip
    for metric_id, name in headline_metrics():
        if metric_id not in stated:
            row = dict.fromkeys(PANEL_FIELDS) | meta
            row.update(metric_id=metric_id, metric=name, absent=True, mentions=0, chosen=False)
            rows.append({k: row[k] for k in PANEL_FIELDS})
    return rows


def panel(datasets: Iterable[Dataset], all_mentions: bool = False) -> list[dict[str, Any]]:
    """The long table over many reports: one row per (region, report, metric, kind, measure, period), the
    figure chosen by the rules above (`all_mentions`: a row for every mention, `chosen` marking the one), and
    one row marked `absent` for each headline metric a report gives no figure for."""
    return [row for ds in datasets for row in panel_rows(ds, all_mentions)]
