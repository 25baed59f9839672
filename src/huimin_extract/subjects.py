"""Whose figure it is: the subject of a figure that is not the whole region's (rules/subjects.yaml).

A region's report also states figures of its cities, sub-regions, city clusters and zones (海口经济圈经济总量
年均增长5.8%; 成渝地区双城经济圈建设走深走实,经济总量超9万亿元). Such a figure is not the region's indicator:
the indicator stage names its metric after the subject and gives it no lexicon id (the region-wide one).

- `in_name`: the metric's own words start with a subject (武汉都市圈经济总量 -> 武汉都市圈);
- `topic`: the sentence opens with a subject, and a metric written bare later in it is that subject's.

A subject that names the report's own region is the region (`is_region`).
"""

from __future__ import annotations

from functools import lru_cache

import regex

from . import rules
from .rules.schemas import SubjectRules

_REGION_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市", "区", "县", "州", "盟", "旗")


@lru_cache(maxsize=1)
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    r = rules.load("subjects.yaml", SubjectRules)
    heads = "|".join(regex.escape(h) for h in sorted(set(r.heads), key=lambda h: (-len(h), h)))
    name = rf"[^\P{{Han}}占的]{{1,16}}?(?:{heads})"  # not across a share (工业总产值占全省开发区的比重)
    return (
        regex.compile(rf"(?P<subject>{name})(?=.)"),  # at the start of a metric's name, something after it
        regex.compile(rf"{r.openings}(?P<subject>{name})"),  # at the start of a sentence
    )


def in_name(name: str) -> str | None:
    """The subject a metric's name starts with.

    >>> in_name("武汉都市圈经济总量"), in_name("地区生产总值")
    ('武汉都市圈', None)
    """
    m = _patterns()[0].match(name)
    return m["subject"] if m else None


def topic(norm: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the subject a sentence (norm[start:end]) opens with, if any.

    >>> s = "成渝地区双城经济圈建设走深走实,经济总量超9万亿元。"
    >>> a, b = topic(s, 0, len(s)); s[a:b]
    '成渝地区双城经济圈'
    """
    m = _patterns()[1].match(norm, start, end)
    return m.span("subject") if m else None


def is_region(subject: str, region: str | None) -> bool:
    """Whether `subject` names the report's own region (北京 in 北京市's report).

    >>> is_region("广西", "广西壮族自治区"), is_region("兰州新区", "甘肃省")
    (True, False)
    """
    if not region:
        return False
    return _core(subject) == _core(region)


def _core(name: str) -> str:
    for suffix in _REGION_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name
