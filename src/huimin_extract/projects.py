"""Named projects: `敕勒川万里茶道老街项目`, `碧桂园二期、天通堡等30个市级以上重点项目`, `四十中`.

The stage reads one clause at a time (the stretch of a sentence between `, ; : 。 ! ?`, never split
inside brackets) as

    [pre cue] [投资…元的] NAME (、|和 NAME)* [等 [count classifier] GROUP HEAD] [post cue]

1. *Marks*: cue verbs, boundary words, list separators and the group marker 等 are found with one
   alternation built from rules/projects.yaml (longest first); a word counts only where it falls on
   jieba word edges of the clause (so 和 in 和平路 is no separator). The text between marks are the
   *segments*; segments joined by separators form a *list*.
2. A list member is a project when it is
   - a member of a project group (`X、Y等30个市级以上重点项目`, `X、Y等6所校园`), or
   - named with a strong head (`…项目`, `…工程`; the head of the last member distributes over the list:
     `奇乐乐奇幻谷、奇乐鲜农项目`), or
   - named with a facility head (`…产业园`, `…小学`, `…路段`, `四十中`) in a construction context: a pre
     cue (`启动实施`, `新建`, `推进`), a post cue (`建成运营`, `投入使用`) or a stated investment;
   and it is specific (its first word is not a generic word such as 城市, 全市, 重点) and named (it does
   not start with a count: `5个重点产业扶贫项目` is a reference, not a name).
3. Status comes from the pre cue when that has one, else from the post cue. Investment comes from a 元
   quantity after 投资/总投资 followed by 的 (`总投资7亿元的水乐园项目`), or right after the name
   (`X项目,总投资50亿元`); for a group it is the group's total. The period is the sentence's own
   period, else its section's default.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

import regex
from pydantic import BaseModel, ConfigDict

from . import rules
from .document import Doc
from .errors import RulesError
from .models import Period, Project, ProjectGroup, Quantity, Sentence, Status
from .timeline import Timeline
from .values import parse_number
from .words import cut, runs
from .wordsets import WordSet


class HeadRules(BaseModel):
    """What a head word is: the end of a name that says what kind of thing it names (rules/projects.yaml `heads`)."""

    model_config = ConfigDict(extra="forbid")
    strong: list[str]
    context_free: list[str]
    facility: list[str]
    numbered: list[str]
    numerals: str
    look_alikes: list[str]
    group: list[str]
    apposition: list[str]


class GenericRules(BaseModel):
    """What makes a name generic: a description, a kind, a programme or a role, not one undertaking (`generic`)."""

    model_config = ConfigDict(extra="forbid")
    starts: list[str]
    words: list[str]
    admin: list[str]
    set_words: list[str]
    kind_suffixes: str
    programme_ends: list[str]
    role_words: list[str]


class StopRules(BaseModel):
    """What stops a match: the words that end a name or separate the names of a list (`stops`)."""

    model_config = ConfigDict(extra="forbid")
    boundaries: list[str]
    separators: list[str]
    joining: list[str]
    group_markers: list[str]
    name_verbs: list[str]


class ContextRules(BaseModel):
    """What says a name is being built, and its status, investment and count (`context`)."""

    model_config = ConfigDict(extra="forbid")
    pre_cues: dict[str, Status | None]
    post_cues: dict[str, Status | None]
    works_words: list[str]
    investment_cues: list[str]
    approx_words: list[str]
    amount_suffixes: list[str]
    count_classifiers: list[str]
    vague_classifiers: list[str]


class ProjectRules(BaseModel):
    """The schema of rules/projects.yaml: four categories, every key documented in the file."""

    model_config = ConfigDict(extra="forbid")
    heads: HeadRules
    generic: GenericRules
    stops: StopRules
    context: ContextRules


@dataclass(frozen=True)
class _Compiled:
    data: ProjectRules
    marks: regex.Pattern[str]
    kinds: dict[str, str]
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
    field_words: frozenset[str]  # generic.words
    longest_common: int
    common_ends: WordSet  # the words `_common` accepts besides those ending in a kind suffix
    joining: regex.Pattern[str]
    works: regex.Pattern[str]
    role: regex.Pattern[str]
    apposition: regex.Pattern[str]
    name_words: WordSet  # heads and group markers: a clause without one (or a numbered head) names nothing
    name_word_last: re.Pattern[str]  # the last characters of those words and of the numbered heads


def _alternation(words: list[str] | set[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


_ROLE_NAMES = {"bound": "boundary", "cue": "cue", "sep": "separator", "group": "group marker"}


@lru_cache(maxsize=1)
def _rules() -> _Compiled:
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
    name_word_last = {w[-1] for w in name_words} | ({w[-1] for w in data.heads.numbered} if data.heads.numerals else set())
    numbered = f"(?<=[{regex.escape(data.heads.numerals)}])(?:{_alternation(data.heads.numbered)})"
    numbered_re = regex.compile(f"{numbered}$")
    return _Compiled(
        data=data,
        marks=regex.compile(_alternation(kinds)),
        kinds=kinds,
        strong_head=regex.compile(f"(?:{_alternation(data.heads.strong)})$"),
        strong_word=regex.compile(_alternation(data.heads.strong)),
        numbered=numbered_re,
        free_head=regex.compile(f"(?:{_alternation(data.heads.context_free)})$"),
        heads=WordSet(data.heads.facility + data.heads.strong),
        numbered_heads=WordSet(data.heads.numbered),
        # after 等: an optional count and classifier, then the level (checked to end in a group head)
        group_np=regex.compile(
            rf"""(?:(?P<count>[0-9]+|[{regex.escape(data.heads.numerals)}]+)       # 30 / 六
                    (?:{_alternation(data.context.approx_words + ["余", "多"])})?      # 3500多个
                    (?P<cls>{_alternation(data.context.count_classifiers)})?)?        # 个 / 所
                 (?P<level>[^,;:、0-9的]{{1,16}})                           # 市级以上重点项目 (and what follows)
            """,
            regex.VERBOSE,
        ),
        group_head=regex.compile(f'(?:{_alternation(data.heads.group)})[”"’]?$'),
        # a count anywhere (签约66个项目) or a leading number or numeral count (5…, 两所…)
        unnamed=regex.compile(
            rf"""^[0-9.]+(?![0-9.号A-Za-z])   # 5…, 200亩… but not 7号线, 5G
                 |[0-9](?:{_alternation(data.context.count_classifiers)})
                 |(?<!第)[{regex.escape(data.heads.numerals)}]+(?:{_alternation(data.context.count_classifiers)})
                 |^[{regex.escape(data.heads.numerals)}万亿]+(?:{_alternation(data.generic.set_words)})
                 |(?<!第)[{regex.escape(data.heads.numerals)}]+[大轮](?!道|桥|街|厦|楼)   # 四大…基地, 新一轮""",
            regex.VERBOSE,
        ),
        investment_cue=regex.compile(
            rf"(?:{_alternation(data.context.investment_cues)})(?:{_alternation(data.context.approx_words)})?$"
        ),
        generic=WordSet(data.generic.starts + list(data.context.pre_cues)),
        programme=regex.compile(f"(?:{_alternation(data.generic.programme_ends)})$"),
        name_verbs=frozenset(data.stops.name_verbs),
        not_heads=WordSet(data.heads.look_alikes),
        field_words=frozenset(data.generic.words),
        longest_common=max(len(w) for w in data.generic.words + data.generic.starts),
        common_ends=WordSet(
            data.generic.starts + list(data.context.pre_cues) + data.generic.words + data.stops.joining
        ),
        role=regex.compile(f"(?:{_alternation(data.generic.role_words)})$"),
        apposition=regex.compile(_alternation(data.heads.apposition)),
        joining=regex.compile(_alternation(data.stops.joining)),
        works=regex.compile(_alternation(data.context.works_words)),
        # a clause names a project only through a member ending in a head (a numbered head right after a
        # numeral: 四十中) or through a group (等): without one of these, nothing in it can be accepted
        name_words=WordSet(name_words),
        name_word_last=re.compile(f"[{re.escape(''.join(sorted(name_word_last)))}]"),
    )


# ---------------------------------------------------------------------------------------------------------
# One clause


@dataclass
class _Mark:
    start: int  # offsets into the clause
    end: int
    word: str
    kind: str  # bound / cue / sep / group


@dataclass
class _Member:
    start: int  # offsets into the clause (stripped of spaces and quotes)
    end: int
    text: str
    joined_by: str = ""  # the separator after this member (、 和 及), "" for the last


@dataclass
class _List:
    members: list[_Member]
    before: _Mark | None  # the mark right before the first member
    after: _Mark | None  # the mark right after the last member (or after the group)
    group_start: int | None = None  # where 等 starts
    group_end: int | None = None
    group_count: int | None = None
    group_level: str | None = None
    group_is_projects: bool = False
    pre: list[_Mark] = field(default_factory=list)  # the cue marks before the list in the clause


_OPEN = "(（[【“"
_CLOSE = ")）]】”"
_QUOTES = "“”\"‘’'《》〈〉 "
_SLOGAN = regex.compile(r"“[^”]{1,12}”")
_FOOTNOTE = regex.compile(r"\[[0-9]{1,3}\]")
_PAIRS = [("“", "”"), ("‘", "’"), ("《", "》"), ("(", ")"), ("（", "）")]
_CLAUSE_END = ",;:!?。，；：！？"
_OPENING = re.compile(f"[{re.escape(_OPEN)}]")
_CLAUSE_RUN = re.compile(f"[^{re.escape(_CLAUSE_END)}]+")


def _clauses(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause spans of one sentence (never split inside brackets)."""
    if _OPENING.search(norm, start, end) is None:  # no bracket: every clause break splits
        return [m.span() for m in _CLAUSE_RUN.finditer(norm, start, end)]
    spans = []
    depth = 0
    s = start
    for i in range(start, end):
        ch = norm[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        elif ch in _CLAUSE_END and depth == 0:
            if i > s:
                spans.append((s, i))
            s = i + 1
    if end > s:
        spans.append((s, end))
    return spans


class _Edges:
    """jieba's word edges in a clause, cut run by run as they are asked for.

    jieba cuts each run of Han letters and digits (`words.runs`) on its own, and every other character is
    a word by itself; so only the runs with a mark inside them are cut, and the same run in another clause
    (a name, a verb phrase) is cut once.
    """

    def __init__(self, clause: str) -> None:
        self.clause = clause
        self.runs: list[tuple[int, int]] | None = None  # found on the first question
        self.cut: dict[int, set[int]] = {}  # run start -> the edges inside it

    def __contains__(self, pos: int) -> bool:
        if self.runs is None:
            self.runs = runs(self.clause)
        for a, b in self.runs:
            if a < pos < b:
                edges = self.cut.get(a)
                if edges is None:
                    edges = set()
                    end = a
                    for word in cut(self.clause[a:b]):
                        end += len(word)
                        edges.add(end)
                    self.cut[a] = edges
                return pos in edges
        return self.clause[pos - 1 : pos + 1] != "\r\n"  # outside the runs only \r\n is one word


def _marks(clause: str, rc: _Compiled) -> list[_Mark]:
    """Non-overlapping marks, left to right, each on jieba word edges (except 等 and separators 、)."""
    edges = _Edges(clause)  # jieba's word edges, cut only where a mark must be checked against them
    depth_at: list[int] | None = None
    if any(ch in clause for ch in _OPEN):
        depth_at = []
        depth = 0
        for ch in clause:
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE and depth:
                depth -= 1
            depth_at.append(depth)
    marks: list[_Mark] = []
    taken_to = 0
    for m in rc.marks.finditer(clause, overlapped=True):
        s, e = m.span()
        if s < taken_to or (depth_at is not None and depth_at[s] > 0):
            continue
        kind = rc.kinds[m.group()]
        single_char_list_mark = kind in ("group", "sep") and len(m.group()) == 1 and not m.group().isalpha()
        if kind != "group" and not single_char_list_mark:
            # one character: on both word edges (和 in 和平路 is none); longer: on one (开展 in 积极开展)
            aligned = (s in edges and e in edges) if e - s == 1 else (s in edges or e in edges)
            if not aligned:
                continue
        if kind == "group" and s == 0:
            continue
        marks.append(_Mark(s, e, m.group(), kind))
        taken_to = e
    return _inner_verbs(clause, marks, rc)


def _inner_verbs(clause: str, marks: list[_Mark], rc: _Compiled) -> list[_Mark]:
    """Drop the verbs that belong to a name: 回民区医院迁建项目, 寄宿制学校建设提升工程.

    A name verb (rules: stops.name_verbs) right after a word of the name and followed, up to the next mark,
    by at most a few characters ending in 项目/工程 is part of the name, not a boundary.
    """
    kept: list[_Mark] = []
    next_start = len(clause)
    for k in range(len(marks) - 1, -1, -1):
        mark = marks[k]
        prev_end = marks[k - 1].end if k else 0
        tail = clause[mark.end : next_start]
        if mark.word in rc.name_verbs and mark.start > prev_end and len(tail) <= 6 and rc.strong_head.search(tail):
            continue
        kept.append(mark)
        next_start = mark.start
    kept.reverse()
    return kept


def _member(clause: str, s: int, e: int, appositions: bool = True) -> _Member | None:
    """The segment clause[s:e] without spaces around it and without a quote mark left unpaired.

    An apposition such as `西部陆海新通道西线主通道重点工程隆泸叙铁路` keeps only the name after its
    `重点工程`/`重大项目` (rules: heads.apposition) when what follows is a name with a head.
    `appositions=False` says the clause holds no apposition head (found once per clause).
    """
    rc = _rules()
    for app in rc.apposition.finditer(clause, s, e) if appositions else ():
        rest = clause[app.end() : e]
        if len(rest) >= 4 and _head(rest, rc) is not None:
            s = app.end()
    while s < e and clause[s] == " ":
        s += 1
    while e > s and clause[e - 1] == " ":
        e -= 1
    foot = _FOOTNOTE.search(clause, s, e)
    if foot is not None and foot.end() == e:
        e = foot.start()  # “山水工程”［7］: a footnote mark is no part of the name
    for open_, close_ in _PAIRS:
        if s < e and clause[s] == open_ and close_ not in clause[s + 1 : e]:
            s += 1
        if s < e and clause[e - 1] == close_ and open_ not in clause[s : e - 1]:
            e -= 1
    if e <= s:
        return None
    return _Member(s, e, clause[s:e])


def _lists(clause: str, rc: _Compiled) -> list[_List]:
    marks = _marks(clause, rc)
    appositions = rc.apposition.search(clause) is not None
    out: list[_List] = []
    pos = 0
    current: list[_Member] = []
    before: _Mark | None = None
    cues_seen: list[_Mark] = []
    i = 0

    def close(after: _Mark | None) -> _List | None:
        nonlocal current
        lst = _List(current, before, after, pre=list(cues_seen)) if current else None
        current = []
        return lst

    while i <= len(marks):
        mark = marks[i] if i < len(marks) else None
        seg_end = mark.start if mark else len(clause)
        member = _member(clause, pos, seg_end, appositions)
        if member is not None:
            current.append(member)
        if mark is None:
            lst = close(None)
            if lst:
                out.append(lst)
            break
        if mark.kind == "sep" and current:
            if mark.word in rc.data.stops.joining and _head(current[-1].text, rc) is None:
                # 京杭运河与小清河航道连通工程, 中创新航动力电池及储能: 和/与/及 after a word that is no
                # name's end joins two words of one name
                pos = current.pop().start
            else:
                current[-1].joined_by = mark.word
                pos = mark.end
            i += 1
            continue
        if mark.kind == "group" and current:
            g = _group(clause, mark, marks, rc)
            lst = close(None)
            assert lst is not None
            if g is not None and _work_on_places(g[2], rc):
                g = None  # 毛乌素沙化土地、…等综合治理工程: the members are the places a work treats
            if g is not None:
                g_end, count, level = g
                lst.group_start = mark.start
                lst.group_end = g_end
                lst.group_count = count
                lst.group_level = level
                lst.group_is_projects = True
                # the post cue is the mark that starts at the group's end
                while i < len(marks) and marks[i].start < g_end:
                    i += 1
                if i < len(marks) and marks[i].start == g_end and marks[i].kind == "cue":
                    lst.after = marks[i]
                out.append(lst)
                pos = g_end
                before = None
                continue
            # 等 not followed by a project group head (等6条断头路, 等企业): the list is no project list
            lst.group_start = mark.start
            out.append(lst)
            # skip to the next clause-level mark after the group's noun
            pos = mark.end
            i += 1
            while i < len(marks) and marks[i].kind not in ("cue",):
                i += 1
            if i < len(marks):
                pos = marks[i].start
            before = None
            continue
        lst = close(mark)
        if lst:
            out.append(lst)
        if mark.kind == "cue":
            cues_seen.append(mark)
        before = mark
        pos = mark.end
        i += 1
    return out


def _group(clause: str, mark: _Mark, marks: list[_Mark], rc: _Compiled) -> tuple[int, int | None, str] | None:
    """After 等: (end, count, level) when a count and a project group head follow (等30个市级以上重点项目).

    The group's noun must end where the clause ends or where a mark starts (等20个项目落地实施).
    """
    g = rc.group_np.match(clause, mark.end)
    if g is None:
        return None
    kinds = {m.start: m.kind for m in marks if m.start >= mark.end}
    kinds[len(clause)] = "end"
    lo = g.start("level")
    for end in range(lo + 1, g.end() + 1):
        if end not in kinds:
            continue
        level = clause[lo:end]
        if rc.group_head.search(level):
            vague = g.group("cls") in rc.data.context.vague_classifiers  # 一批: one batch, not one project
            return end, None if vague else _count(g.group("count")), level.strip(_QUOTES)
        if kinds[end] != "bound":
            return None  # a cue, a separator or the clause's end closes the group's noun
    return None


def _work_on_places(level: str, rc: _Compiled) -> bool:
    """A group level such as 综合治理工程 or 生态保护修复工程: a kind of work done on the places listed."""
    head = rc.group_head.search(level)
    core = level[: head.start()] if head is not None else level
    return any(core.endswith(v) for v in rc.data.stops.name_verbs)


def _count(text: str | None) -> int | None:
    """30 -> 30, 六 -> 6, 十二 -> 12; None when absent or not a whole number."""
    if not text:
        return None
    try:
        value = parse_number(text)
    except ValueError:
        return None
    return int(value) if value == value.to_integral_value() else None


def _head(name: str, rc: _Compiled) -> int | None:
    """Where the head the name ends in starts (项目, 产业园, 四十中's 中), unless it ends in a look-alike
    (阶段, 手段); None when it has none."""
    if rc.not_heads.ending(name) is not None:
        return None
    head = rc.heads.ending(name)
    start = head[0] if head is not None else None
    for numbered in rc.numbered_heads.endings(name):
        if numbered > 0 and name[numbered - 1] in rc.data.heads.numerals:  # 四十中, not 集中
            return numbered if start is None else min(start, numbered)
    return start


def _common(word: str, rc: _Compiled) -> bool:
    """A word that says a field, a kind or a level (能源, 重点, 基地型, 战略性), no name."""
    if word in rc.generic or word in rc.field_words or word in rc.data.stops.joining:
        return True
    return len(word) > 1 and word[-1] in rc.data.generic.kind_suffixes


def _joined_ok(name: str, rc: _Compiled) -> bool:
    """A name joined by 和/与/及 is one name (京杭运河与小清河航道连通工程, 中创新航动力电池及储能), not two
    things of which the first is a programme or the second a mere kind (票根经济和数字文旅项目,
    内生项目增资扩产和重大外资项目, 省属高校“双一流”和交叉学科中心).
    """
    joins = list(rc.joining.finditer(name))
    if not joins:
        return True
    last = joins[-1]
    left, right = name[: last.start()], name[last.end() :]
    if rc.strong_word.search(left) or left[-1:] in '”’"':
        return False
    if _specific(right, rc):
        return True
    return not (rc.programme.search(left) or rc.generic.starting(left) or _covered(left, rc))


def _works(name: str, rc: _Compiled) -> bool:
    """Whether a 工程 name names physical works (水库, 铁路, 电网 …: rules context.works_words), as a programme
    (规上工业企业倍增工程, 黄梅戏曲本典藏工程) does not. Only asked when nothing but a verb before it
    (推进, 启动) says the 工程 is being built.
    """
    return rc.works.search(name) is not None


def _covered(text: str, rc: _Compiled) -> bool:
    """Whether `text` is made entirely of common, level and generic words (算力基础设施, 文旅大数据).

    This reads the words off the rule lists, so it does not depend on how jieba cuts `文旅` or `算力`.

    >>> _covered("文旅大数据", _rules()), _covered("乌素图河道", _rules())
    (True, False)
    """
    n = len(text)
    if n == 0:
        return False
    ok = [True] + [False] * n  # ok[i]: text[:i] is covered
    for i in range(n):
        if not ok[i]:
            continue
        for j in range(i + 1, min(n, i + rc.longest_common) + 1):
            if _common(text[i:j], rc):
                ok[j] = True
    return ok[n]


def _facility_named(name: str, rc: _Compiled) -> bool:
    """A facility by its name, not by its kind: the first word is no common word, and a role such as
    配置中心 or 开放枢纽 (a city's function) is no facility.

    >>> _facility_named("横沙新洲现代农业产业园", _rules()), _facility_named("高端食品生产基地", _rules())
    (True, False)
    """
    head = _head(name, rc)
    core = name[:head] if head is not None else name
    if rc.role.search(core):
        return False
    words = [w for w in cut(core) if w.strip()]
    if len(words) == 1 and words[0] in rc.data.generic.admin:
        return True
    return bool(words) and not _common(words[0], rc)


def _specific(name: str, rc: _Compiled) -> bool:
    """A name, not a description: no count (5个…项目), no generic start (城市…, 重点…), more than its head.

    >>> _specific("乌素图河道整治工程", _rules()), _specific("城市共同配送工程", _rules())
    (True, False)
    >>> _specific("重点项目", _rules()), _specific("5个重点产业扶贫项目", _rules())
    (False, False)
    """
    if rc.unnamed.search(name) or rc.generic.starting(name):
        return False
    if len(name) < 3 and not rc.numbered.search(name):
        return False  # 储能, 中船: too short to tell a name from a word (but 六幼)
    head = _head(name, rc)
    core = name[:head] if head is not None else name
    # “尖刀”技术攻关工程, 算力“四网融合”工程: a slogan in quotes says a programme, the rest is what counts
    unquoted = _SLOGAN.sub(" ", core).strip()
    # jieba's words are needed only when the core may be one admin word or may end in a common word
    # (every word common then needs its last one common); most cores are neither, and skip the cut
    if (
        unquoted in rc.data.generic.admin
        or (unquoted and unquoted[-1] in rc.data.generic.kind_suffixes)
        or rc.common_ends.ending(unquoted) is not None
    ):
        words = [w for w in cut(unquoted) if w.strip()]
    else:
        words = []
    if len(words) == 1 and words[0] in rc.data.generic.admin and not rc.strong_head.search(name):
        return True  # 省美术馆, 市图书馆: the province's or the city's own
    if (words and all(_common(w, rc) for w in words)) or _covered(_SLOGAN.sub("", core), rc):
        return False  # 省重大项目, 算力基础设施项目, 新材料: only level and common words before the head
    if rc.programme.search(core) or (core[-1:] and core[-1] in rc.data.generic.kind_suffixes):
        return False  # 文艺精品工程 (a programme), 链主型项目 (a kind)
    if len(core) < 2 and not (rc.numbered.search(name) or core in rc.data.generic.admin):
        return False  # 中小学: 中 is no name
    if core[:1] in '“‘"' and core[-1:] in '”’"':
        return False  # “东数西算”工程: a slogan in quotes names a programme
    return any(ch.isalnum() for ch in core)


# ---------------------------------------------------------------------------------------------------------
# The stage


@dataclass
class _Found:
    start: int
    end: int
    investment: int | float | None
    group: ProjectGroup | None
    status: Status | None
    sentence: Sentence
    alone: bool  # the only name of its list (an investment stated after it is its own)


def find_projects(
    doc: Doc, quantities: list[Quantity], periods: list[Period], timeline: Timeline | None = None
) -> list[Project]:
    """Named projects of the report, ids `j0001`… in span order.

    `quantities` give the investments (`总投资7亿元` with value 700000000, unit 元); the time model (built from
    `periods` unless the pipeline hands over its `timeline`) gives a project the years in force where it is named.
    """
    timeline = timeline or Timeline(doc, periods)
    rc = _rules()
    money = sorted((q for q in quantities if q.unit == "元"), key=lambda q: q.start)
    money_starts = [q.start for q in money]
    # where a member could end in a head or a group starts: a clause without one of these names nothing.
    # One scan of the report (the words hold no clause break, so each lies inside one clause).
    name_ends, name_starts = _name_words(doc.norm, rc)
    found: list[_Found] = []
    for sentence in doc.content_sentences():
        if any(sec.frame == "glossary" for sec in doc.section_chain(sentence.section_id)):
            continue
        # only the sentence's own amounts: keeps the stage linear in the length of the report
        own_money = money[bisect_left(money_starts, sentence.start) : bisect_left(money_starts, sentence.end)]
        if not _has_name_word(name_ends, name_starts, sentence.start, sentence.end):
            continue
        for cs, ce in _clauses(doc.norm, sentence.start, sentence.end):
            if _has_name_word(name_ends, name_starts, cs, ce):
                found.extend(_clause_projects(doc, cs, ce, sentence, own_money, rc))
    _investments_after(doc, found, money, rc)
    found.sort(key=lambda f: (f.start, f.end))
    projects = []
    seen: set[tuple[int, int]] = set()
    for f in found:
        if (f.start, f.end) in seen:
            continue
        seen.add((f.start, f.end))
        text = doc.text[f.start : f.end]
        projects.append(
            Project(
                id=f"j{len(projects) + 1:04d}",
                start=f.start,
                end=f.end,
                text=text,
                name=text,
                investment=f.investment,
                group=f.group,
                status=f.status,
                period=_period(doc, timeline, f.sentence, f.start),
                sentence_id=f.sentence.id,
            )
        )
    return projects


def _name_words(norm: str, rc: _Compiled) -> tuple[list[int], list[int]]:
    """Where a word ends that lets a clause name a project (a head, a group marker, a numbered head right
    after a numeral: 四十中), with the latest start of such a word ending there; in order.

    Found from the words' last characters, each then looked up by slicing: one pass over the report,
    five times cheaper than a regex alternation of the words.
    """
    ends: list[int] = []
    starts: list[int] = []
    numerals = rc.data.heads.numerals
    for m in rc.name_word_last.finditer(norm):
        end = m.end()
        starts_here = rc.name_words.starts(norm, end)
        latest = starts_here[-1] if starts_here else -1
        for s in rc.numbered_heads.starts(norm, end):
            if s > 0 and norm[s - 1] in numerals:
                latest = max(latest, s - 1)
        if latest >= 0:
            ends.append(end)
            starts.append(latest)
    return ends, starts


def _has_name_word(ends: list[int], starts: list[int], lo: int, hi: int) -> bool:
    """Whether one of the words found by `_name_words` lies within norm[lo:hi]."""
    k = bisect_right(ends, lo)
    while k < len(ends) and ends[k] <= hi:
        if starts[k] >= lo:
            return True
        k += 1
    return False


def _clause_projects(
    doc: Doc, cs: int, ce: int, sentence: Sentence, money: list[Quantity], rc: _Compiled
) -> list[_Found]:
    clause = doc.norm[cs:ce]
    out: list[_Found] = []
    for lst in _lists(clause, rc):
        if lst.group_start is not None and not lst.group_is_projects:
            continue
        pre_status = _pre_status(lst, rc)
        post_status = rc.data.context.post_cues.get(lst.after.word) if lst.after and lst.after.kind == "cue" else None
        has_post = lst.after is not None and lst.after.word in rc.data.context.post_cues
        investment, inv_start = _investment_before(doc, cs, lst, money, rc)
        strong_context = lst.group_is_projects or has_post or investment is not None
        context = strong_context or _pre_cue(lst, rc) is not None
        if rc.unnamed.search(lst.members[0].text) or rc.generic.starting(lst.members[0].text):
            if not lst.group_is_projects:
                continue  # 新建一批水产原良种场和种苗繁育基地: the count or quantifier covers the whole list
        last = lst.members[-1].text
        # 奇乐乐奇幻谷、奇乐鲜农项目: the last member's 项目 names the others too
        distributes = (
            rc.strong_head.search(last) is not None
            and len(rc.strong_word.findall(last)) == 1
            and not any(w in last for w in rc.data.stops.joining)
            and _specific(last, rc)
        )
        members = lst.members
        accepted: list[_Member] = []
        for k, m in enumerate(members):
            if len(m.text) > 30 or not _specific(m.text, rc) or not _joined_ok(m.text, rc):
                continue
            if lst.group_is_projects:
                accepted.append(m)
            elif rc.free_head.search(m.text):
                accepted.append(m)
            elif context and rc.strong_head.search(m.text) and (strong_context or _works(m.text, rc)):
                accepted.append(m)
            elif distributes and k < len(members) - 1 and len(m.text) >= 3 and _enumerated(members, k):
                accepted.append(m)
            elif (
                context
                and not rc.strong_head.search(m.text)
                and _head(m.text, rc) is not None
                and _facility_named(m.text, rc)
            ):
                accepted.append(m)
        if not accepted:
            continue
        if lst.group_is_projects and 2 * len(accepted) < len(members):
            continue  # 畜禽、水产…、中药材等…工程: most members are kinds, so the group lists kinds
        group = None
        if lst.group_is_projects:
            assert lst.group_end is not None
            gstart = inv_start if inv_start is not None else members[0].start
            group = ProjectGroup(
                count=lst.group_count,
                investment=investment,
                level=lst.group_level,
                text=doc.text[cs + gstart : cs + lst.group_end],
            )
        direct = lst.before is not None and lst.before.kind == "cue"
        status = (pre_status or post_status) if direct else (post_status or pre_status)
        for m in accepted:
            out.append(
                _Found(
                    start=cs + m.start,
                    end=cs + m.end,
                    investment=investment if group is None and len(members) == 1 else None,
                    group=group,
                    status=status,
                    sentence=sentence,
                    alone=len(members) == 1,
                )
            )
    return out


def _enumerated(members: list[_Member], k: int) -> bool:
    """Members k… are joined by 、 (an enumeration of names), not by 和/及 (保护和修复工程)."""
    return all(m.joined_by == "、" for m in members[k:-1])


def _pre_status(lst: _List, rc: _Compiled) -> Status | None:
    """The status of the last cue before the list, if the list follows it (directly or after 的)."""
    cue = _pre_cue(lst, rc)
    return rc.data.context.pre_cues.get(cue.word) if cue else None


def _pre_cue(lst: _List, rc: _Compiled) -> _Mark | None:
    if lst.before is None:
        return None
    if lst.before.kind == "cue" and lst.before.word in rc.data.context.pre_cues:
        return lst.before
    if lst.before.word == "的" and lst.pre:
        cue = lst.pre[-1]
        return cue if cue.word in rc.data.context.pre_cues else None
    return None


def _investment_before(
    doc: Doc, cs: int, lst: _List, money: list[Quantity], rc: _Compiled
) -> tuple[int | float | None, int | None]:
    """`投资1.2亿元的X`: the 元 quantity after an investment cue, ending (with 的) right before the list."""
    if lst.before is None or lst.before.word != "的":
        return None, None
    de = cs + lst.before.start
    for q in money:
        if q.end > de:
            break
        if doc.norm[q.end : de].strip() not in ("", *rc.data.context.amount_suffixes):
            continue
        cue = rc.investment_cue.search(doc.norm, max(cs, q.start - 12), q.start)
        if cue is not None:
            return q.value, cue.start() - cs
    return None, None


def _investments_after(doc: Doc, found: list[_Found], money: list[Quantity], rc: _Compiled) -> None:
    """`X项目,总投资50亿元` / `X项目(总投资50亿元)`: an investment stated right after a lone project."""
    by_end = {f.end: f for f in found if f.investment is None and f.group is None and f.alone}
    for q in money:
        # the investment cue (and any approximate word) right before the quantity
        cue = rc.investment_cue.search(doc.norm, max(0, q.start - 12), q.start)
        if cue is None:
            continue
        for gap in range(0, 2):
            f = by_end.get(cue.start() - gap)
            if f is None:
                continue
            between = doc.norm[f.end : cue.start()]
            if between in ("", ",", "(", "（") and f.sentence.start <= q.start < f.sentence.end:
                f.investment = q.value
            break


def _period(doc: Doc, timeline: Timeline, sentence: Sentence, start: int) -> str | None:
    """The years in force where the project is named (timeline.anchor_at), else the report year."""
    anchor = timeline.anchor_at(timeline.sentence(sentence), start)
    if anchor is not None:
        return _fmt(*anchor.years)
    return _fmt(doc.report_year, doc.report_year) if doc.report_year is not None else None


def _fmt(a: int, b: int) -> str:
    return str(a) if a == b else f"{a}-{b}"
