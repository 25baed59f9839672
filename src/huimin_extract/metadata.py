"""The report's title, year and region, and how the year was found (rules/report.yaml).

The report year is what every relative time word (今年, 去年, 过去五年) is resolved against, so a wrong one
puts every such figure in the wrong year. It is taken from `--year`, else the title, else the dateline, else
what the text says of itself (a review of 2018 is made in 2019; a plan for 1998 in 1998; the session of the
National People's Congress it is made to), and only then from a year in the file name. `Report.year_source`
records which. When nothing decides, the year stays `None` and periods that depend on it stay unresolved.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex

from . import rules
from .models import Report, YearSource
from .rules.schemas import CongressRules, ReportRules

# A year as written: Arabic digits, spaced or not (2018, 1 9 9 8), or Chinese digits (一九八九, 二〇二五).
_YEAR = r"(?P<year>(?:1 ?9|2 ?0) ?[0-9] ?[0-9]|[一二][九〇零○][〇零○一二三四五六七八九]{2}) ?"
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}
_CN_COUNT = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}


@dataclass(frozen=True)
class _Compiled:
    rules: ReportRules
    title_words: regex.Pattern[str]
    title_not: regex.Pattern[str]
    title_year: regex.Pattern[str]
    dateline: regex.Pattern[str]
    review: regex.Pattern[str]
    plan: regex.Pattern[str]
    in_year: regex.Pattern[str]
    congress: regex.Pattern[str]
    filename_year: regex.Pattern[str]
    region_in_dateline: regex.Pattern[str]
    national: regex.Pattern[str]


def _with_year(pattern: str) -> str:
    return pattern.replace("{year}", _YEAR)


def _any(patterns: list[str]) -> regex.Pattern[str]:
    # each alternative keeps its own `year` group (regex allows a name to repeat across alternatives)
    return regex.compile("|".join(f"(?:{_with_year(p)})" for p in patterns) or "(?!)")


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    r = rules.load("report.yaml", ReportRules)
    return _Compiled(
        rules=r,
        title_words=regex.compile(r.title_words),
        title_not=regex.compile(r.title_not),
        title_year=regex.compile(_with_year("{year}年")),
        dateline=regex.compile(_with_year(r.dateline)),
        review=_any(r.review),
        plan=_any(r.plan),
        in_year=regex.compile(r.in_year),
        congress=regex.compile(r.congress.pattern),
        filename_year=regex.compile(r.filename_year),
        region_in_dateline=regex.compile(r.region_in_dateline),
        national=regex.compile(r.national.pattern),
    )


def read_year(written: str) -> int:
    """A year as written in Arabic or Chinese digits.

    >>> read_year("1 9 9 8"), read_year("一九九○"), read_year("二〇二五"), read_year("2018")
    (1998, 1990, 2025, 2018)
    """
    digits = written.replace(" ", "")
    if digits.isdigit() and digits.isascii():
        return int(digits)
    return int("".join(str(_CN_DIGITS[c]) for c in digits))


def _count(written: str) -> int:
    """一 .. 十九 (a congress's term or session)."""
    if len(written) == 1:
        return _CN_COUNT[written]
    tens = _CN_COUNT[written[0]] if written[0] != "十" else 1
    ones = _CN_COUNT.get(written[-1], 0) if written[-1] != "十" else 0
    return tens * 10 + ones


def congress_year(term: int, session: int, r: CongressRules) -> int | None:
    """The year of session `session` of the `term`-th National People's Congress, if the rules know it."""
    if term in r.session_years:
        years = r.session_years[term]
        return years[session - 1] if session <= len(years) else None
    if term >= r.regular.term and session <= r.regular.sessions:
        return r.regular.first_year + r.regular.sessions * (term - r.regular.term) + session - 1
    return None


def find_report(
    text: str, norm: str, lines: Sequence[tuple[int, int]], report_year: int | None, name: str | None
) -> Report:
    """The report's metadata. `lines` are the (start, end) of the content lines, in order."""
    c = _compiled()
    head = lines[: c.rules.title_search_lines]
    title_line = next(
        (
            (a, b)
            for a, b in head
            if b - a <= c.rules.title_max and c.title_words.search(norm, a, b) and not c.title_not.search(norm, a, b)
        ),
        None,
    )
    year, source = (report_year, "option") if report_year is not None else (None, None)
    region = None
    if title_line is not None:
        ntitle = norm[title_line[0] : title_line[1]]
        if year is None and (m := c.title_year.search(ntitle)):
            year, source = read_year(m["year"]), "title"
        words = c.title_words.search(ntitle)
        before = c.title_year.sub("", ntitle[: words.start()] if words else ntitle).strip(" 《》")
        region = before if 0 < len(before) <= c.rules.region_max else None
    if year is None:
        for a, b in head:
            if m := c.dateline.search(norm, a, b):
                year, source = read_year(m["year"]), "dateline"
                break
    if year is None and (found := content_year(norm)) is not None:
        year, source = found, "content"
    if year is None and name and (found := filename_year(name)) is not None:
        year, source = found, "filename"
    if region is None:
        for a, b in head:
            if m := c.region_in_dateline.search(norm, a, b):
                region = m.group(1)
                break
    if region is None and c.national.search(norm):
        region = c.rules.national.region
    return Report(
        title=text[title_line[0] : title_line[1]] if title_line else None,
        title_start=title_line[0] if title_line else None,
        title_end=title_line[1] if title_line else None,
        year=year,
        year_source=source,  # type: ignore[arg-type]
        region=region,
    )


def content_year(norm: str) -> int | None:
    """The report year the text states of itself: the year with most votes (see rules/report.yaml), or None.

    >>> content_year("各位代表:\\n一、2018年工作回顾\\n…\\n二、2019年经济社会发展总体要求和政策取向")
    2019
    >>> content_year("我代表国务院,向第五届全国人民代表大会作政府工作报告。")
    1978
    >>> content_year("今年经济增长6%。") is None
    True
    """
    c = _compiled()
    votes: Counter[int] = Counter()
    for m in c.review.finditer(norm):
        votes[read_year(m["year"]) + 1] += 1
    # a report given late in its year (今年上半年…, 今年1至9月…) plans the next year: its plan is for year + 1
    late = sum(1 for _ in c.in_year.finditer(norm)) >= c.rules.in_year_min
    for m in c.plan.finditer(norm):
        votes[read_year(m["year"]) - (1 if late else 0)] += 1
    for m in c.congress.finditer(norm, 0, c.rules.congress_within):
        year = congress_year(_count(m["term"]), _count(m["session"]) if m["session"] else 1, c.rules.congress)
        if year is not None:
            votes[year] += c.rules.congress_votes
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None  # nothing said, or a tie: undecided
    return ranked[0][0]


def filename_year(name: str) -> int | None:
    """The one year written in a file name (`national-2019.txt` -> 2019); None when there is none or several."""
    stem = os.path.splitext(os.path.basename(name))[0]
    found = {int(m.group()) for m in _compiled().filename_year.finditer(stem)}
    return found.pop() if len(found) == 1 else None


def year_warning(report: Report, source: str) -> str | None:
    """What to tell the user when no report year was found (the library never prints; the CLI does)."""
    if report.year is not None:
        return None
    return (
        f"{source}: no report year found (no title, dateline, statement in the text or year in the file name); "
        "periods relative to it (今年, 去年) are left unresolved: give --year"
    )


__all__ = ["YearSource", "content_year", "filename_year", "find_report", "read_year", "year_warning"]
