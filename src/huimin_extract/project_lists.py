"""One clause of the project stage read as lists of names: its marks (cue verbs, boundary words, separators,
the group marker 等) on jieba's word edges, the segments between them, and the lists and groups they form
(see projects.py for the whole shape of a clause).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import accumulate

import regex

from .project_names import head_start
from .project_rules import Compiled, compiled_rules
from .values import parse_number
from .words import cut, runs


@dataclass(slots=True)
class Mark:
    start: int  # offsets into the clause
    end: int
    word: str
    kind: str  # bound / cue / sep / group


@dataclass(slots=True)
class Member:
    start: int  # offsets into the clause (stripped of spaces and quotes)
    end: int
    text: str
    joined_by: str = ""  # the separator after this member (、 和 及), "" for the last


@dataclass(slots=True)
class NameList:
    members: list[Member]
    before: Mark | None  # the mark right before the first member
    after: Mark | None  # the mark right after the last member (or after the group)
    group_start: int | None = None  # where 等 starts
    group_end: int | None = None
    group_count: int | None = None
    group_level: str | None = None
    group_is_projects: bool = False
    pre: list[Mark] = field(default_factory=list)  # the cue marks before the list in the clause


_OPEN = "(（[【“"
_CLOSE = ")）]】”"
_QUOTES = "“”\"‘’'《》〈〉 "
_SLOGAN = regex.compile(r"“[^”]{1,12}”")
_FOOTNOTE = regex.compile(r"\[[0-9]{1,3}\]")
_PAIRS = [("“", "”"), ("‘", "’"), ("《", "》"), ("(", ")"), ("（", "）")]
_CLAUSE_END = ",;:!?。，；：！？"
_OPENING = regex.compile(f"[{regex.escape(_OPEN)}]")
_CLAUSE_RUN = regex.compile(f"[^{regex.escape(_CLAUSE_END)}]+")
_STRUCTURE = regex.compile(f"[{regex.escape(_OPEN + _CLOSE + _CLAUSE_END)}]")
_PAIR_ENDS = (frozenset(o for o, _ in _PAIRS), frozenset(c for _, c in _PAIRS))
# what may follow a name in its segment: what `_member` strips (closing quotes and brackets, a footnote mark,
# spaces), after a line break that a regex `$` and `WordSet` read a name's end before
_AFTER_NAME = regex.compile(f"\n?[{regex.escape(''.join(c for _, c in _PAIRS))}]*(?:{_FOOTNOTE.pattern})? *")


def clauses(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause spans of one sentence (never split inside brackets)."""
    if _OPENING.search(norm, start, end) is None:  # no bracket: every clause break splits
        return [m.span() for m in _CLAUSE_RUN.finditer(norm, start, end)]
    spans = []
    depth = 0
    s = start
    for m in _STRUCTURE.finditer(norm, start, end):  # the brackets and breaks: nothing else counts
        i = m.start()
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


# A character outside jieba's runs (`words.runs`) that jieba-rs may cut otherwise: the characters allowed
# here, ASCII, whitespace, general and CJK punctuation and full-width forms, both cut one by one (\r\n as one
# word), while jieba-rs reads a wider range of Han characters into its runs than jieba (CJK extension A,
# U+9FD6-U+9FFF, …). A clause with one is cut run by run.
_CUT_UNLIKE = regex.compile(r"[^\u4e00-\u9fd5\s\x00-\x7f\u2000-\u206f\u3000-\u303f\uff00-\uffef]")


def _word_edges(clause: str) -> set[int]:
    """jieba's word edges in a clause (its start and end among them).

    jieba cuts each run of Han letters and digits (`words.runs`) on its own, and every other character is
    a word by itself (but `\r\n`, one word); jieba-rs cuts the same, so a clause without a `_CUT_UNLIKE`
    character is cut in one call (no clause is cut twice in a report: a memo of cuts across clauses would
    find nothing to reuse). Any other clause is cut run by run.
    """
    if _CUT_UNLIKE.search(clause) is None:
        return set(accumulate(map(len, cut(clause)), initial=0))
    edges = {p for p in range(len(clause) + 1) if clause[p - 1 : p + 1] != "\r\n"}
    for a, b in runs(clause):
        edges.difference_update(range(a + 1, b))
        edges.update(accumulate(map(len, cut(clause[a:b])), initial=a))
    return edges


def _candidates(clause: str, rc: Compiled) -> dict[int, int]:
    """Where a mark may start -> where it ends: at every place a mark word starts, the longest one (what an
    overlapped search of the marks' alternation, longest first, finds), from every match of an Aho-Corasick
    automaton."""
    return rc.mark_finder.longest_by_start(clause)


def _may_name(clause: str, candidates: dict[int, int], name_ends: list[int], rc: Compiled) -> bool:
    """Whether a list of the clause may hold a project, told before the marks are checked against jieba's
    word edges: a project is a member of a group (a group marker among the candidates) or a member that
    ends in a head, so one of `name_ends` (where a head may end) is where a segment may end (a candidate's
    start or the clause's end) but for what `_member` strips after a name.
    """
    n = len(clause)
    for p in name_ends:
        if p == n or p in candidates:
            return True  # most: nothing stripped
        q = _AFTER_NAME.match(clause, p).end()  # type: ignore[union-attr]  # it matches the empty string
        if q > p and (q == n or any(t in candidates for t in range(p + 1, q + 1))):
            return True
    return any(clause[s:e] in rc.group_markers for s, e in candidates.items())


def _marks(clause: str, longest: dict[int, int], rc: Compiled) -> list[Mark]:
    """Non-overlapping marks, left to right, each on jieba word edges (except 等 and separators 、), chosen
    from the `_candidates`."""
    edges: set[int] | None = None  # jieba's word edges, cut when a mark must first be checked against them
    depth_at: list[int] | None = None
    if _OPENING.search(clause) is not None:
        depth_at = []
        depth = 0
        for ch in clause:
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE and depth:
                depth -= 1
            depth_at.append(depth)
    marks: list[Mark] = []
    taken_to = 0
    name_verb = False  # whether a mark is a name verb, which `_inner_verbs` may drop
    for s in sorted(longest):
        e = longest[s]
        if s < taken_to or (depth_at is not None and depth_at[s] > 0):
            continue
        word = clause[s:e]
        kind = rc.kinds[word]
        if word in rc.aligned_marks:
            if edges is None:
                edges = _word_edges(clause)
            # one character: on both word edges (和 in 和平路 is none); longer: on one (开展 in 积极开展)
            aligned = (s in edges and e in edges) if e - s == 1 else (s in edges or e in edges)
            if not aligned:
                continue
        if kind == "group" and s == 0:
            continue
        marks.append(Mark(s, e, word, kind))
        taken_to = e
        name_verb = name_verb or word in rc.name_verbs
    return _inner_verbs(clause, marks, rc) if name_verb else marks  # most clauses hold no name verb


def _inner_verbs(clause: str, marks: list[Mark], rc: Compiled) -> list[Mark]:
    """Drop the verbs that belong to a name: 回民区医院迁建项目, 寄宿制学校建设提升工程.

    A name verb (rules: stops.name_verbs) right after a word of the name and followed, up to the next mark,
    by at most a few characters ending in 项目/工程 is part of the name, not a boundary.
    """
    kept: list[Mark] = []
    next_start = len(clause)
    for k in range(len(marks) - 1, -1, -1):
        mark = marks[k]
        if mark.word in rc.name_verbs:
            prev_end = marks[k - 1].end if k else 0
            tail = clause[mark.end : next_start]
            if mark.start > prev_end and len(tail) <= 6 and rc.strong_head.search(tail):
                continue
        kept.append(mark)
        next_start = mark.start
    kept.reverse()
    return kept


def _member(clause: str, s: int, e: int, appositions: bool = True, footnotes: bool = True) -> Member | None:
    """The segment clause[s:e] without spaces around it and without a quote mark left unpaired.

    An apposition such as `西部陆海新通道西线主通道重点工程隆泸叙铁路` keeps only the name after its
    `重点工程`/`重大项目` (rules: heads.apposition) when what follows is a name with a head.
    `appositions=False` says the clause holds no apposition head, `footnotes=False` no footnote mark (each
    found once per clause).
    """
    if appositions:
        rc = compiled_rules()
        for app in rc.apposition.finditer(clause, s, e):
            rest = clause[app.end() : e]
            if len(rest) >= 4 and head_start(rest, rc) is not None:
                s = app.end()
    while s < e and clause[s] == " ":
        s += 1
    while e > s and clause[e - 1] == " ":
        e -= 1
    foot = _FOOTNOTE.search(clause, s, e) if footnotes else None
    if foot is not None and foot.end() == e:
        e = foot.start()  # “山水工程”［7］: a footnote mark is no part of the name
    if e <= s:
        return None
    opens, closes = _PAIR_ENDS
    if clause[s] in opens or clause[e - 1] in closes:  # else no step below strips anything
        for open_, close_ in _PAIRS:
            if s < e and clause[s] == open_ and close_ not in clause[s + 1 : e]:
                s += 1
            if s < e and clause[e - 1] == close_ and open_ not in clause[s : e - 1]:
                e -= 1
        if e <= s:
            return None
    return Member(s, e, clause[s:e])


def clause_lists(clause: str, rc: Compiled, name_ends: list[int] | None = None) -> list[NameList]:
    """The lists of names of a clause. `name_ends`, when given, are where the words that let a clause name
    a project end in it (projects._name_words): a clause whose lists could hold no project gives none.
    """
    candidates = _candidates(clause, rc)
    if name_ends is not None and not _may_name(clause, candidates, name_ends, rc):
        return []
    marks = _marks(clause, candidates, rc)
    appositions = rc.apposition.search(clause) is not None
    footnotes = _FOOTNOTE.search(clause) is not None
    out: list[NameList] = []
    pos = 0
    current: list[Member] = []
    before: Mark | None = None
    cues_seen: list[Mark] = []
    i = 0

    def close(after: Mark | None) -> NameList | None:
        nonlocal current
        lst = NameList(current, before, after, pre=list(cues_seen)) if current else None
        current = []
        return lst

    while i <= len(marks):
        mark = marks[i] if i < len(marks) else None
        seg_end = mark.start if mark else len(clause)
        member = _member(clause, pos, seg_end, appositions, footnotes)
        if member is not None:
            current.append(member)
        if mark is None:
            lst = close(None)
            if lst:
                out.append(lst)
            break
        if mark.kind == "sep" and current:
            if mark.word in rc.data.stops.joining and head_start(current[-1].text, rc) is None:
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


def _group(clause: str, mark: Mark, marks: list[Mark], rc: Compiled) -> tuple[int, int | None, str] | None:
    """After 等: (end, count, level) when a count and a project group head follow (等30个市级以上重点项目).

    The group's noun must end where the clause ends or where a mark starts (等20个项目落地实施).
    """
    g = rc.group_np.match(clause, mark.end)
    if g is None:
        return None
    kinds = {m.start: m.kind for m in marks if mark.end <= m.start <= g.end()}  # the marks the noun may end at
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


def _work_on_places(level: str, rc: Compiled) -> bool:
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
