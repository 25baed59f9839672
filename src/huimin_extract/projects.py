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

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .document import Doc
from .models import Period, Project, ProjectGroup, Quantity, Sentence, Status
from .project_lists import Mark, Member, NameList, clause_lists, clauses
from .project_names import facility_named, head_start, joined_ok, names_works, specific
from .project_rules import Compiled, compiled_rules
from .rules.schemas import ProjectRules
from .timeline import Timeline

__all__ = ["ProjectRules", "compiled_rules", "find_projects"]

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
    rc = compiled_rules()
    money = sorted((q for q in quantities if q.unit == "元"), key=lambda q: q.start)
    money_starts = [q.start for q in money]
    # where a member could end in a head or a group starts: a clause without one of these names nothing.
    # One scan of the report (the words hold no clause break, so each lies inside one clause).
    name_ends, name_starts = _name_words(doc.norm, rc)
    found: list[_Found] = []
    glossary: dict[str | None, bool] = {}  # section id -> whether it is in a glossary
    # name -> `specific(name)`: a list's last member is asked twice, and a quarter of the names asked in a
    # report are asked again (a project named in several sentences)
    specific_of: dict[str, bool] = {}
    for sentence, k, k_end in _named_sentences(doc, name_ends, name_starts):
        in_glossary = glossary.get(sentence.section_id)
        if in_glossary is None:
            in_glossary = any(sec.frame == "glossary" for sec in doc.section_chain(sentence.section_id))
            glossary[sentence.section_id] = in_glossary
        if in_glossary:
            continue
        # only the sentence's own amounts: keeps the stage linear in the length of the report
        own_money = money[bisect_left(money_starts, sentence.start) : bisect_left(money_starts, sentence.end)]
        # the sentence's words (k…k_end, by end) taken clause by clause: a word lies within one clause
        for cs, ce in clauses(doc.norm, sentence.start, sentence.end):
            if k == k_end:
                break  # the clauses after the last word name nothing
            if name_ends[k] > ce:
                continue  # most clauses: no word ends in them
            ends = []
            while k < k_end and name_ends[k] <= ce:
                if name_starts[k] >= cs:
                    ends.append(name_ends[k] - cs)
                k += 1
            if ends:
                found.extend(_clause_projects(doc, cs, ce, ends, sentence, own_money, rc, specific_of))
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


def _name_words(norm: str, rc: Compiled) -> tuple[list[int], list[int]]:
    """Where a word ends that lets a clause name a project (a head, a group marker, a numbered head right
    after a numeral: 四十中), with the latest start of such a word ending there (a numbered head's numeral's);
    in order.

    One pass over the report (`wordsets.EndFinder`).
    """
    return rc.name_word_finder.ends(norm)


def _named_sentences(doc: Doc, ends: list[int], starts: list[int]) -> list[tuple[Sentence, int, int]]:
    """The content sentences that hold one of the words found by `_name_words`, in order, each with the
    range of those words (k, k_end) that lie in it: each word looked up among the sentences (most sentences
    hold none, and are never visited)."""
    sentences = doc.content_sentences()
    sentence_starts = [s.start for s in sentences]
    out: list[tuple[Sentence, int, int]] = []
    last = -1
    for k, (end, start) in enumerate(zip(ends, starts, strict=True)):
        i = bisect_right(sentence_starts, start) - 1
        if i < last or i < 0 or end > sentences[i].end:
            continue  # outside the content sentences (or, starting before the last one taken, outside it)
        # sentences do not overlap and words come by end: the words in a sentence follow one another (but for
        # a word that starts in an earlier sentence, which the walk over the clauses drops by its start)
        if i > last:
            out.append((sentences[i], k, k + 1))
            last = i
        else:
            out[-1] = (sentences[i], out[-1][1], k + 1)
    return out


def _clause_projects(
    doc: Doc,
    cs: int,
    ce: int,
    name_ends: list[int],
    sentence: Sentence,
    money: list[Quantity],
    rc: Compiled,
    specific_of: dict[str, bool],
) -> list[_Found]:
    clause = doc.norm[cs:ce]
    out: list[_Found] = []
    head_ends = set(name_ends)
    for lst in clause_lists(clause, rc, name_ends):
        if lst.group_start is not None and not lst.group_is_projects:
            continue
        if not lst.group_is_projects and not any(_may_end_in_head(m, head_ends) for m in lst.members):
            # most lists: below, a member outside a group is accepted by its own head or, listed, by the
            # last member's; with no member ending in a head word, none is
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
            and _specific(last, rc, specific_of)
        )
        members = lst.members
        accepted: list[Member] = []
        for k, m in enumerate(members):
            listed = distributes and k < len(members) - 1 and len(m.text) >= 3 and _enumerated(members, k)
            if not (lst.group_is_projects or listed or (_may_end_in_head(m, head_ends) and _has_head(m.text, rc))):
                continue  # most members (checked before the costlier `specific`): no branch below accepts them
            if len(m.text) > 30 or not _specific(m.text, rc, specific_of) or not joined_ok(m.text, rc):
                continue
            if lst.group_is_projects:
                accepted.append(m)
            elif rc.free_head.search(m.text):
                accepted.append(m)
            elif context and rc.strong_head.search(m.text) and (strong_context or names_works(m.text, rc)):
                accepted.append(m)
            elif listed:
                accepted.append(m)
            elif (
                context
                and not rc.strong_head.search(m.text)
                and head_start(m.text, rc) is not None
                and facility_named(m.text, rc)
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


def _specific(name: str, rc: Compiled, specific_of: dict[str, bool]) -> bool:
    """`specific(name)`, asked once per report (`specific_of`: the answers so far)."""
    known = specific_of.get(name)
    if known is None:
        known = specific_of[name] = specific(name, rc)
    return known


def _may_end_in_head(m: Member, head_ends: set[int]) -> bool:
    """Whether a head (one of `head_ends`, where a name word ends in the clause) may end the member: what
    `_has_head` asks, told by a look-up (a head may end a name before its final line break, as a regex `$`)."""
    return m.end in head_ends or (m.text[-1] == "\n" and m.end - 1 in head_ends)


def _has_head(name: str, rc: Compiled) -> bool:
    """Whether the name holds a head one of the ways a member is accepted asks for (all but a project group
    and a list that its last member names)."""
    if rc.free_head.search(name) is not None or rc.strong_head.search(name) is not None:
        return True
    return head_start(name, rc) is not None


def _enumerated(members: list[Member], k: int) -> bool:
    """Members k… are joined by 、 (an enumeration of names), not by 和/及 (保护和修复工程)."""
    return all(m.joined_by == "、" for m in members[k:-1])


def _pre_status(lst: NameList, rc: Compiled) -> Status | None:
    """The status of the last cue before the list, if the list follows it (directly or after 的)."""
    cue = _pre_cue(lst, rc)
    return rc.data.context.pre_cues.get(cue.word) if cue else None


def _pre_cue(lst: NameList, rc: Compiled) -> Mark | None:
    if lst.before is None:
        return None
    if lst.before.kind == "cue" and lst.before.word in rc.data.context.pre_cues:
        return lst.before
    if lst.before.word == "的" and lst.pre:
        cue = lst.pre[-1]
        return cue if cue.word in rc.data.context.pre_cues else None
    return None


def _investment_before(
    doc: Doc, cs: int, lst: NameList, money: list[Quantity], rc: Compiled
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


def _investments_after(doc: Doc, found: list[_Found], money: list[Quantity], rc: Compiled) -> None:
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
