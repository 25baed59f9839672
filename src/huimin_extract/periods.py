"""Periods: every time reference in the report, resolved to a span of years.

Three ways a reference is resolved (`Period.how`):

- *absolute*: a year written out. `2021年` is 2021; `2026年2月4日` is 2026; `2021—2025年` is 2021-2025;
  `到2026年` (a deadline) is 2026; `2017年以来` runs from 2017 to the year before the report (a report is
  delivered early in its year, so "since 2017" covers the finished years 2017..report_year-1).
- *relative* to `doc.report_year`: `今年` (the report year), `去年`/`上年`, `明年`, `一年来`/`过去一年`
  (the year before), `过去四年`/`四年来` (the four years before), `今后五年` (five years from the report year on),
  `全年` (the year of the section it stands in: 2021 in a review of 2021, 2022 in the plan for 2022).
- *plan*: five-year plans, `十三五` 2016-2020, `十四五` 2021-2025, `十五五` 2026-2030, with or without quotes;
  the years come from the ordinal (rules/periods.yaml), never from a list. `“十四五”以来` in a report of 2025
  runs from the plan's first year to the year before the report (2021-2024); `“七五”末`, `“十三五”期末` is the
  plan's last year (1990, 2020).

Spans cover the whole expression with its cue: `2017年以来`, `到2026年`, `过去四年`, `四年来`.
Matching runs on the matching copy sentence by sentence; rules live in rules/periods.yaml.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex

from . import rules
from .document import Doc, joined_with_nul
from .models import Period, Section
from .normalise import normalise
from .rules.schemas import How, PeriodRules
from .wordsets import alternation


@lru_cache(maxsize=1)
def period_rules() -> PeriodRules:
    """The loaded, validated rules/periods.yaml."""
    return rules.load("periods.yaml", PeriodRules)


_CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"


@dataclass(frozen=True)
class _Patterns:
    year_range: regex.Pattern[str]
    year: regex.Pattern[str]
    cn_year: regex.Pattern[str]
    iso_date: regex.Pattern[str]
    plan: regex.Pattern[str]
    plan_since: regex.Pattern[str]
    plan_end: regex.Pattern[str]
    relative: regex.Pattern[str]
    section_year: regex.Pattern[str]
    previous_year: regex.Pattern[str]
    years_back: regex.Pattern[str]
    years_back_after: regex.Pattern[str]
    years_ahead: regex.Pattern[str]
    years_total: regex.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    r = period_rules()
    # a year (checked against years.min/max afterwards), also as PDF text writes it, a space after every digit
    # (1 9 9 8 年); `_year` reads both
    year = (
        r"(?:(?<![0-9])(?:1[0-9]{3}|20[0-9]{2}|2100)(?![0-9])"
        r"|(?<![0-9][ ]?)(?:1(?:[ ][0-9]){3}|2[ ]0(?:[ ][0-9]){2}|2[ ]1[ ]0[ ]0)(?![ ]?[0-9]))"
    )
    parts = alternation(r.year_parts)
    count = f"(?:{r.count})"
    no_num_before = f"(?<![0-9{_CN_NUMERAL}])"
    not_after = "".join(f"(?<!{regex.escape(c)})" for c in r.not_after)
    until_ok = "".join(f"(?<!{regex.escape(c)})" for c in r.until_not_after)
    return _Patterns(
        year_range=regex.compile(
            rf"(?P<y1>{year})(?:[ ]?年)?\s?(?:{alternation(r.range_separators)})\s?(?P<y2>{year})(?:[ ]?年(?:{parts})?)?"
        ),
        year=regex.compile(
            rf"(?:{until_ok}(?P<until>{alternation(r.until_before)}))?(?P<y>{year})[ ]?年"
            rf"(?:(?P<m>[0-9][ ]?[0-9]?)[ ]?月(?:(?P<d>[0-9][ ]?[0-9]?)[ ]?日)?)?"
            rf"(?:(?P<since>{alternation(r.since_after)})|(?:{parts}))?"
        ),
        cn_year=regex.compile(rf"(?<![{_CN_NUMERAL}])(?P<cy>[〇零一二三四五六七八九]{{4}})年"),
        iso_date=regex.compile(rf"(?P<y>{year})[-—./](?:0?[1-9]|1[0-2])[-—./](?:0?[1-9]|[12][0-9]|3[01])(?![0-9])"),
        plan=regex.compile(
            rf"(?<![{_CN_NUMERAL}])(?P<pn>十[一二三四五六七八九])五(?![{_CN_NUMERAL}个])"
            rf"|(?<=“)(?P<qn>[一二三四五六七八九十]{{1,2}})五(?=”(?:{alternation(r.plan.quoted_after + r.plan.end_after)}))"
            rf"|第(?P<fn>[一二三四五六七八九十]{{1,3}})个五年(?:规划|计划)"
        ),
        plan_since=regex.compile(rf"[”\"]?(?:时期|期间)?(?:{alternation(r.since_after)})"),
        plan_end=regex.compile(rf"[”\"]?(?:{alternation(r.plan.end_after)})"),
        relative=regex.compile(rf"{no_num_before}{not_after}(?:{alternation(r.relative)})"),
        section_year=regex.compile(alternation(r.section_year)),
        previous_year=regex.compile(rf"{no_num_before}{not_after}(?:{alternation(r.previous_year)})"),
        years_back=regex.compile(rf"(?:{alternation(r.years_back_before)})(?P<n>{count})年(?:{alternation(r.years_back_after)})?"),
        years_back_after=regex.compile(rf"{no_num_before}(?P<n>{count})年(?:{alternation(r.years_back_after)})"),
        years_ahead=regex.compile(rf"(?:{alternation(r.years_ahead_before)})(?P<n>{count})年"),
        years_total=regex.compile(rf"{no_num_before}(?P<n>{count})年(?=(?:{alternation(r.years_total_after)}))"),
    )


@dataclass(frozen=True, slots=True)
class TimeExpression:
    start: int
    end: int
    kind: str
    how: How
    a: int  # a year, an ordinal or a count, by kind
    b: int = 0


def _count(s: str) -> int:
    """A count or a digit written in Arabic or Chinese numerals (四, 十五, 12), read by `numerals.read`;
    0 when it is no one whole number (三五, 两三: every caller checks the range of what it reads)."""
    from .numerals import Unreadable, numeral_rules, read

    if len(s) == 1 and s in numeral_rules().digits:
        return numeral_rules().digits[s]  # a digit of 一九五四年 (read alone: the common case)
    try:
        n = read(s)
    except Unreadable:
        return 0
    if n.value_max is not None or n.approx is not None or n.value != int(n.value):
        return 0  # 两三年, 十几年: no count of years
    return int(n.value)


def _year(s: str) -> int:
    """An Arabic year, plain or spaced as PDF text writes it (1 9 9 8)."""
    return int(s.replace(" ", ""))


def _plan_years(ordinal: int) -> tuple[int, int] | None:
    p = period_rules().plan
    if ordinal >= p.regular_from:
        first = p.anchor_first_year + p.length * (ordinal - p.anchor_ordinal)
    elif ordinal in p.early_first_years:
        first = p.early_first_years[ordinal]
    else:
        return None
    return first, first + p.length - 1


def plan_containing(year: int) -> tuple[int, int] | None:
    """The years of the five-year plan that `year` falls in (2026 -> 2026-2030), from the plan rules.

    >>> plan_containing(2026), plan_containing(2025), plan_containing(1996)
    ((2026, 2030), (2021, 2025), (1996, 2000))
    """
    for ordinal in range(1, 100):
        years = _plan_years(ordinal)
        if years is not None and years[0] <= year <= years[1]:
            return years
    return None


def _scan(s: str) -> list[TimeExpression]:
    """Every time expression in `s`, leftmost-longest, without overlaps (offsets into `s`).

    Every pattern runs on every sentence: no pre-check on characters a rule's words happen to share, which a
    rule change would silently break (measured: 0.22 s more over the 97 bundled texts, 46,582 sentences).
    """
    pats = _patterns()
    r = period_rules()
    found: list[TimeExpression] = []

    def ok_year(y: int) -> bool:
        return r.years.min <= y <= r.years.max

    for m in pats.year_range.finditer(s):
        y1, y2 = _year(m["y1"]), _year(m["y2"])
        if ok_year(y1) and ok_year(y2) and y1 < y2 <= y1 + 30:
            found.append(TimeExpression(m.start(), m.end(), "range", "absolute", y1, y2))
    for m in pats.year.finditer(s):
        y = _year(m["y"])
        if ok_year(y):
            kind = "since" if m["since"] else "year"
            found.append(TimeExpression(m.start(), m.end(), kind, "absolute", y))
    for m in pats.cn_year.finditer(s):
        y = int("".join(str(_count(c)) for c in m["cy"]))
        if ok_year(y):
            found.append(TimeExpression(m.start(), m.end(), "year", "absolute", y))
    for m in pats.iso_date.finditer(s):
        y = _year(m["y"])
        if ok_year(y):
            found.append(TimeExpression(m.start(), m.end(), "year", "absolute", y))
    for m in pats.plan.finditer(s):
        ordinal = _count(m["pn"] or m["qn"] or m["fn"])
        since = pats.plan_since.match(s, m.end())  # “十四五”以来: the plan's years so far
        end = pats.plan_end.match(s, m.end())  # “七五”末: the plan's last year
        if since is not None:
            found.append(TimeExpression(m.start(), since.end(), "plan_since", "plan", ordinal))
        elif end is not None:
            found.append(TimeExpression(m.start(), end.end(), "plan_end", "plan", ordinal))
        else:
            found.append(TimeExpression(m.start(), m.end(), "plan", "plan", ordinal))
    for m in pats.relative.finditer(s):
        lo, hi = r.relative[m[0]]
        found.append(TimeExpression(m.start(), m.end(), "relative", "relative", lo, hi))
    for m in pats.section_year.finditer(s):
        found.append(TimeExpression(m.start(), m.end(), "section_year", "relative", 0))
    for m in pats.previous_year.finditer(s):
        found.append(TimeExpression(m.start(), m.end(), "section_year", "relative", -1))  # the year before it
    for pat, kind in (
        (pats.years_back, "back"),
        (pats.years_back_after, "back"),
        (pats.years_ahead, "ahead"),
        (pats.years_total, "total"),
    ):
        for m in pat.finditer(s):
            n = _count(m["n"])
            if 1 <= n <= 100:
                found.append(TimeExpression(m.start(), m.end(), kind, "relative", n))
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[TimeExpression] = []
    for f in found:
        if kept and f.start < kept[-1].end:
            continue
        kept.append(f)
    return kept


def scan_each(sentences: list[str]) -> list[Sequence[TimeExpression]]:
    """`_scan` of each sentence, by one scan of them all joined with NUL (offsets into each sentence).

    A time expression neither holds nor borders on a NUL (see `time_spans`; tests/test_periods.py checks it
    over the bundled reports), so the joined scan finds in each sentence what a scan of it alone finds, with
    one pass over the report instead of every pattern set up again for each of its sentences. Most
    sentences hold none: they share one empty tuple rather than a list each.
    """
    found: dict[int, list[TimeExpression]] = {}
    joined, starts = joined_with_nul(sentences)
    for f in _scan(joined):
        k = bisect_right(starts, f.start) - 1
        start = starts[k]
        found.setdefault(k, []).append(TimeExpression(f.start - start, f.end - start, f.kind, f.how, f.a, f.b))
    return [found.get(k, ()) for k in range(len(sentences))]


def sentence_scans(doc: Doc) -> list[Sequence[TimeExpression]]:
    """The time expressions of each of the report's content sentences (`scan_each`): made once by the pipeline
    and handed to the quantity stage (which masks them) and to `find_periods` (which resolves them)."""
    return scan_each([doc.norm[s.start : s.end] for s in doc.content_sentences()])


def time_spans(s: str) -> list[tuple[int, int]]:
    """Offsets in `s` (a stretch of the matching copy) of every time expression, resolvable or not.

    The quantity stage masks these: years and dates are periods, not amounts.

    >>> s = "2017年以来,过去四年累计完成220亿元,连续8年"
    >>> [s[a:b] for a, b in time_spans(s)]
    ['2017年以来', '过去四年']
    """
    return [(f.start, f.end) for f in _scan(s)]


def _frame_years(sections: list[Section]) -> tuple[str, int | None, int | None]:
    """The innermost section with a time frame and years: (frame, from_year, to_year)."""
    for sec in sections:
        if sec.frame in ("review", "plan_year", "plan_period") and sec.from_year is not None:
            return sec.frame, sec.from_year, sec.to_year
    return "other", None, None


def _years(f: TimeExpression, report_year: int | None, frame: tuple[str, int | None, int | None]) -> tuple[int, int] | None:
    ry = report_year
    kind = f.kind
    if kind == "year":
        return f.a, f.a
    if kind == "range":
        return f.a, f.b
    if kind == "since":
        if ry is not None and ry - 1 > f.a:
            return f.a, ry - 1
        return f.a, f.a
    if kind == "plan":
        return _plan_years(f.a)
    if kind == "plan_end":  # “七五”末, “十三五”期末: the level at the plan's end is that of its last year
        plan = _plan_years(f.a)
        return (plan[1], plan[1]) if plan is not None else None
    if kind == "plan_since":  # from the plan's first year to the year before the report, within the plan
        plan = _plan_years(f.a)
        if plan is None or ry is None:
            return plan
        return plan[0], max(plan[0], min(plan[1], ry - 1))
    if kind == "section_year":  # f.a: 0 the year in force (全年), -1 the year before it (上年)
        name, lo, hi = frame
        if name == "review" and hi is not None:
            return hi + f.a, hi + f.a
        if name == "plan_year" and lo is not None:
            return lo + f.a, lo + f.a
        return (ry + f.a, ry + f.a) if ry is not None else None
    if ry is None:
        return None
    if kind == "relative":
        return ry + f.a, ry + f.b
    if kind == "back":
        return ry - f.a, ry - 1
    if kind == "ahead":
        return ry, ry + f.a - 1
    if kind == "total":
        if frame[0] in ("plan_year", "plan_period"):
            return ry, ry + f.a - 1
        return ry - f.a, ry - 1
    return None  # pragma: no cover - every kind is handled above


def find_periods(doc: Doc, scans: list[Sequence[TimeExpression]] | None = None) -> list[Period]:
    """Every time reference in the report's content sentences, ids p0001.. in span order; `scans` are
    `sentence_scans(doc)` when the pipeline has them already."""
    out: list[tuple[int, int, int, int, How, str]] = []
    sentences = doc.content_sentences()
    for sent, found in zip(sentences, scans if scans is not None else sentence_scans(doc), strict=True):
        if not found:
            continue  # most sentences: no need for their section's frame
        frame = _frame_years(doc.section_chain(sent.section_id))
        for f in found:
            years = _years(f, doc.report_year, frame)
            if years is None:
                continue
            out.append((sent.start + f.start, sent.start + f.end, years[0], years[1], f.how, sent.id))
    out.sort(key=lambda t: (t[0], t[1]))
    new_period = Period.__pydantic_validator__.validate_python  # as Period(**fields), without its Python __init__
    return [
        new_period(
            {
                "id": f"p{i:04d}",
                "start": start,
                "end": end,
                "text": doc.text[start:end],
                "from_year": lo,
                "to_year": hi,
                "how": how,
                "sentence_id": sid,
            }
        )
        for i, (start, end, lo, hi, how, sid) in enumerate(out, 1)
    ]


def resolve(norm_text: str, report_year: int | None) -> tuple[int, int] | None:
    """The years a short phrase (a heading) refers to: the union of its time references, else None.

    >>> resolve("2022年工作建议", 2022)
    (2022, 2022)
    >>> resolve("今后五年工作建议", 2022)
    (2022, 2026)
    >>> resolve("“十五五”时期主要目标", 2026)
    (2026, 2030)
    >>> resolve("2025年工作和“十四五”发展回顾", 2026)
    (2021, 2025)
    >>> resolve("一年来,我们坚定不移稳增长", 2022)
    (2021, 2021)
    >>> resolve("本届政府工作回顾", 2022) is None
    True
    """
    spans = [y for f in _scan(normalise(norm_text)) if (y := _years(f, report_year, ("other", None, None))) is not None]
    if not spans:
        return None
    return min(lo for lo, _ in spans), max(hi for _, hi in spans)
