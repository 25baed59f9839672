"""The project stage's rules (rules/projects.yaml: four categories, validated by `ProjectRules` in rules/schemas.py)
and `compiled_rules`, the rules compiled once per process (alternations longest first, word sets, the patterns of
a group and a count).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from . import rules
from .errors import RulesError
from .rules.schemas import ProjectRules
from .wordsets import EndFinder, WordFinder, WordSet, alternation


@dataclass(frozen=True)
class Compiled:
    data: ProjectRules
    mark_finder: WordFinder  # every mark word (the keys of `kinds`), all their places (overlapping)
    kinds: dict[str, str]
    # the mark words that count only on jieba's word edges: all but the group markers (等) and the separators
    # of one character that is no letter (、)
    aligned_marks: frozenset[str]
    group_markers: frozenset[str]
    strong_head: regex.Pattern[str]
    strong_word: regex.Pattern[str]
    free_head: regex.Pattern[str]
    numbered: regex.Pattern[str]
    heads: WordSet  # heads and strong heads
    numbered_heads: WordSet  # heads that follow a numeral (四十中)
    group_np: regex.Pattern[str]
    group_head: regex.Pattern[str]
    unnamed: regex.Pattern[str]
    investment_cue: regex.Pattern[str]
    generic: WordSet
    programme: regex.Pattern[str]
    name_verbs: frozenset[str]
    not_heads: WordSet
    longest_common: int
    common_ends: WordSet  # the words `common` accepts besides those ending in a kind suffix
    joining: regex.Pattern[str]
    works: regex.Pattern[str]
    role: regex.Pattern[str]
    apposition: regex.Pattern[str]
    # heads and group markers, and each numbered head after each numeral (四十中's 十中): a clause without one
    # of these names nothing. Where each ends, with the latest start of one ending there:
    name_word_finder: EndFinder


_ROLE_NAMES = {"bound": "boundary", "cue": "cue", "sep": "separator", "group": "group marker"}


@lru_cache(maxsize=1)
def compiled_rules() -> Compiled:
    data = rules.load("projects.yaml", ProjectRules)
    # every mark word has one role, whatever the order of the lists: a word listed under two roles is an error
    kinds: dict[str, str] = {}
    roles = [
        ("bound", data.stops.boundaries),
        ("cue", list(data.context.pre_cues) + list(data.context.post_cues)),  # a cue may be both pre and post
        ("sep", data.stops.separators),
        ("group", data.stops.group_markers),
    ]
    for kind, words in roles:
        for w in words:
            if kinds.setdefault(w, kind) != kind:
                raise RulesError(f"rules/projects.yaml: {w!r} is both a {_ROLE_NAMES[kinds[w]]} and a {_ROLE_NAMES[kind]}")
    name_words = data.heads.strong + data.heads.facility + data.heads.context_free + data.stops.group_markers
    # a numbered head counts only right after a numeral: one word of the two, so a head such as 中 is not
    # found wherever it stands
    numbered_words = {n + w for n in data.heads.numerals for w in data.heads.numbered if w}
    name_word_list = sorted({w for w in [*name_words, *numbered_words] if w})
    numbered = f"(?<=[{regex.escape(data.heads.numerals)}])(?:{alternation(data.heads.numbered)})"
    numbered_re = regex.compile(f"{numbered}$")
    return Compiled(
        data=data,
        mark_finder=WordFinder(list(kinds)),
        kinds=kinds,
        aligned_marks=frozenset(
            w
            for w, kind in kinds.items()
            if kind != "group" and not (kind == "sep" and len(w) == 1 and not w.isalpha())
        ),
        group_markers=frozenset(data.stops.group_markers),
        strong_head=regex.compile(f"(?:{alternation(data.heads.strong)})$"),
        strong_word=regex.compile(alternation(data.heads.strong)),
        numbered=numbered_re,
        free_head=regex.compile(f"(?:{alternation(data.heads.context_free)})$"),
        heads=WordSet(data.heads.facility + data.heads.strong),
        numbered_heads=WordSet(data.heads.numbered),
        # after 等: an optional count and classifier, then the level (checked to end in a group head)
        group_np=regex.compile(
            rf"""(?:(?P<count>[0-9]+|[{regex.escape(data.heads.numerals)}]+)       # 30 / 六
                    (?:{alternation(data.context.approx_words + ["余", "多"])})?      # 3500多个
                    (?P<cls>{alternation(data.context.count_classifiers)})?)?        # 个 / 所
                 (?P<level>[^,;:、0-9的]{{1,16}})                           # 市级以上重点项目 (and what follows)
            """,
            regex.VERBOSE,
        ),
        group_head=regex.compile(f'(?:{alternation(data.heads.group)})[”"’]?$'),
        # a count anywhere (签约66个项目) or a leading number or numeral count (5…, 两所…)
        unnamed=regex.compile(
            rf"""^[0-9.]+(?![0-9.号A-Za-z])   # 5…, 200亩… but not 7号线, 5G
                 |[0-9](?:{alternation(data.context.count_classifiers)})
                 |(?<!第)[{regex.escape(data.heads.numerals)}]+(?:{alternation(data.context.count_classifiers)})
                 |^[{regex.escape(data.heads.numerals)}万亿]+(?:{alternation(data.generic.set_words)})
                 |(?<!第)[{regex.escape(data.heads.numerals)}]+[大轮](?!道|桥|街|厦|楼)   # 四大…基地, 新一轮""",
            regex.VERBOSE,
        ),
        investment_cue=regex.compile(
            rf"(?:{alternation(data.context.investment_cues)})(?:{alternation(data.context.approx_words)})?$"
        ),
        generic=WordSet(data.generic.starts + list(data.context.pre_cues)),
        programme=regex.compile(f"(?:{alternation(data.generic.programme_ends)})$"),
        name_verbs=frozenset(data.stops.name_verbs),
        not_heads=WordSet(data.heads.look_alikes),
        longest_common=max(len(w) for w in data.generic.words + data.generic.starts),
        common_ends=WordSet(
            data.generic.starts + list(data.context.pre_cues) + data.generic.words + data.stops.joining
        ),
        role=regex.compile(f"(?:{alternation(data.generic.role_words)})$"),
        apposition=regex.compile(alternation(data.heads.apposition)),
        joining=regex.compile(alternation(data.stops.joining)),
        works=regex.compile(alternation(data.context.works_words)),
        # a clause names a project only through a member ending in a head (a numbered head right after a
        # numeral: 四十中) or through a group (等): without one of these, nothing in it can be accepted
        name_word_finder=EndFinder(name_word_list),
    )
