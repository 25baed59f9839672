"""The time model: the years a figure is for, and whether it is an outturn, an estimate or a target.

Only this module decides a period or a kind; the indicator and project stages ask it (`Timeline`). Reports
mix three times in one part: the five-year review (这五年, “十四五”时期), last year (刚刚过去的2025年, 过去一年)
and the plan (今年, “十五五”时期, 到2030年). A figure takes its time from the nearest *anchor*
(tests/gold/README.md, "Which period, which kind"), and records which one (`Reason`):

1. *clause*: a time expression before the figure in its clause (2025年地区生产总值增长5.5%);
2. *paragraph*, a target lead earlier in the paragraph (今年…主要预期目标是:), which also governs the list that
   follows it in the next paragraphs;
3. *sentence*: a time expression earlier in the sentence (sentences cut at `;` are one statement);
4. *paragraph*: a time lead opening an earlier sentence of the paragraph (刚刚过去的2025年,… / 过去一年,… /
   这五年,…): it holds for the following sentences until another replaces it;
5. *part*: the time lead an earlier paragraph of the same review part opened with, within the part's years;
6. *heading*: the years of the sentence's section heading (一、2025年工作回顾), else of an enclosing one (*part*);
7. *report*: the report year for a target, the year before for an outturn.

Then the statement shapes the period within a span (`_shape`): a level in a span without a year of its own is
the level at the span's end (经济总量达到2.67万亿元 in the 2021-2025 review: 2025); a sum or a count of things
done over the span keeps it (累计新增就业700万人, 新增…, 建成…); `四年累计` the last four years; the starting
point of a change (由/从11.37万亿元提高到…) the year before the span; an average (年均) the span in force.

The kind: a target lead; an estimate cue in the sentence (预计, 初步统计); a plan explanation (《纲要》…主要指标,
提出…年均增长: a target for the five-year plan of the report year); a target cue in the clause, or anywhere in
the sentence in a plan part (力争, 预期目标, 计划要求, 调控目标); else the part's frame (a plan part's figures
are targets, the others outturns). A target for a year already past is an outturn unless a cue says target.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from .attainment import part_of_year_alternation
from .document import Doc
from .lexicon import Rules, compiled_rules
from .models import Basis, Kind, Measure, Period, Quantity, Reason, Section, Sentence
from .periods import period_rules, plan_containing
from .quantity_rules import SHARE_DIMENSIONS

_FRAMED = ("review", "plan_year", "plan_period")  # frames whose years are a figure's default period
_PLANS = ("plan_year", "plan_period")
_POINT_IN_TIME = "末底初"  # 1995年末, 2025年底, 2026年初: a moment of a year, no time lead for the sentences after it
_PART_OF_YEAR_REACH = 6  # how far after a year's name its part may be written (今年|上半年, 1980年|上半年)
_QUOTES = "“”‘’\"'《》"  # may stand between a comparison marker and its period (较“十三五”)
_PART_LEVEL = 2  # sections up to this level (parts, 一、) bound a running anchor (_running)

Years = tuple[int, int]


@dataclass(frozen=True)
class Anchor:
    """Years in force at a place of the text, and the cue that set them."""

    years: Years
    basis: Basis
    start: int | None = None
    end: int | None = None
    plan: bool = False  # named as a plan (十五五, 今后五年): its figures are targets


@dataclass(frozen=True)
class Attribution:
    kind: Kind
    period: Years | None
    kind_reason: Reason
    period_reason: Reason | None


@dataclass
class SentenceTime:
    """What the time model knows of one sentence before its figures are attributed."""

    sentence: Sentence
    scope: int  # start of the full sentence: sentences cut at ; are one statement for cue words (预计…;…)
    # the periods of the full sentence, each with where it stops dating figures (`_applies_until`) and whether
    # a base word (由, 从) is written right before it
    marks: list[tuple[Period, int | None, bool]]
    lead: tuple[int, Anchor] | None  # a target lead (主要预期目标是:) before the sentence's figures: its end
    topic: Anchor | None  # the time lead of the last earlier sentence of the paragraph that opens with one
    running: Anchor | None  # the time lead an earlier paragraph of the review part opened with
    frame: str | None
    heading: Anchor | None  # the years of the innermost framed section
    frame_section: Section | None
    _cumulative: bool | None = field(default=None, repr=False)


class Timeline:
    """The time model of one report: its anchors, computed once, asked figure by figure."""

    def __init__(self, doc: Doc, periods: list[Period]) -> None:
        self.doc = doc
        self.rules: Rules = compiled_rules()
        self.periods = sorted(periods, key=lambda p: (p.start, p.end))
        self._starts = [p.start for p in self.periods]
        by_sentence: dict[str, list[Period]] = {}
        for p in self.periods:
            sentence = doc.sentence_at(p.start)
            if sentence is not None:
                by_sentence.setdefault(sentence.id, []).append(p)
        self._by_sentence = by_sentence
        self._scopes = _scopes(doc)
        self._leads = self._target_leads()
        self._whole_year_words = frozenset(period_rules().section_year)  # 全年, 本年: the year of the context
        self._previous_year_words = frozenset(period_rules().previous_year)  # 上年: the year before it
        self._openers = self._time_leads()
        self._running = self._running_anchors()
        self._sections: dict[str | None, tuple[str | None, Anchor | None, Section | None]] = {}
        # per period (by index), what `sentence` marks it with: made once, not for each sentence of its scope
        self._marks: list[tuple[Period, int | None, bool] | None] = [None] * len(self.periods)
        self._reasons: dict[tuple[Basis, int | None, int | None, str | None], Reason] = {}

    # --- per sentence -------------------------------------------------------------------------------------

    def sentence(self, sentence: Sentence) -> SentenceTime:
        scope = self._scopes.get(sentence.id, sentence.start)
        marks = [
            self._mark(i) for i in range(bisect_left(self._starts, scope), bisect_left(self._starts, sentence.end))
        ]
        if sentence.section_id not in self._sections:
            self._sections[sentence.section_id] = self._section_anchor(sentence)
        frame, heading, frame_section = self._sections[sentence.section_id]
        topic = None
        for start, anchor in self._openers.get(sentence.paragraph_id, []):
            if start < sentence.start:
                topic = anchor
        return SentenceTime(
            sentence=sentence,
            scope=scope,
            marks=marks,
            lead=self._leads.get(sentence.paragraph_id),
            topic=topic,
            running=self._running.get(sentence.paragraph_id),
            frame=frame,
            heading=heading,
            frame_section=frame_section,
        )

    def _mark(self, index: int) -> tuple[Period, int | None, bool]:
        mark = self._marks[index]
        if mark is None:
            p, norm = self.periods[index], self.doc.norm
            mark = self._marks[index] = (p, _applies_until(norm, p), _marker_before(norm, p) in self.rules.base)
        return mark

    def _section_anchor(self, sentence: Sentence) -> tuple[str | None, Anchor | None, Section | None]:
        chain = self.doc.section_chain(sentence.section_id)
        frame = next((s.frame for s in chain if s.frame in _FRAMED), None)
        for depth, section in enumerate(chain):
            if section.frame in _FRAMED and section.from_year is not None and section.to_year is not None:
                basis: Basis = "heading" if depth == 0 else "part"
                anchor = Anchor((section.from_year, section.to_year), basis, section.start, section.end)
                return frame, anchor, section
        return frame, None, None

    def _reason(self, basis: Basis, start: int | None, end: int | None, rule: str | None = None) -> Reason:
        """The record of why, made once per report for each cue and rule: most figures share one (their
        section heading's), and records are never changed once made."""
        key = (basis, start, end, rule)
        if key not in self._reasons:
            cue = {} if start is None or end is None else {"cue": self.doc.text[start:end], "cue_start": start, "cue_end": end}
            self._reasons[key] = Reason(basis=basis, rule=rule, **cue)
        return self._reasons[key]

    # --- per figure ---------------------------------------------------------------------------------------

    def attribute(
        self,
        st: SentenceTime,
        clause: tuple[int, int],
        q: Quantity,
        end: int,
        measure: Measure,
        *,
        base: bool,
        others: list[Quantity],
        name: tuple[int, int] | None = None,
    ) -> Attribution:
        """The kind and period of figure `q`, written in `clause`, whose text before it ends at `end`.

        `base`: the figure is the starting point of a change (由12平方米增加到16平方米); `others`: the figures
        of the sentence (a period after 由 dates the first figure of a change only); `name`: where the metric's
        name is written (a cue word inside it, 人均预期寿命, is none).
        """
        kind, kind_reason, plan = self._kind(st, clause, q, end, measure, name)
        anchor = self._anchor(st, clause, q, end, kind, others)
        if plan is not None and (anchor is None or anchor.basis != "clause"):
            anchor = plan  # 《纲要》…主要指标: the plan's years, unless the clause names its own
        if anchor is None:
            return Attribution(kind, None, kind_reason, None)
        year = self.doc.report_year
        cued = kind_reason.basis in ("clause", "sentence", "paragraph")  # a cue word, not the section, says so
        if year is not None and not cued and self._past_part_of_year(anchor, year):
            # 今年上半年…比去年同期增长24.2%: an outturn of the months already past, in a report given late in the year
            kind, kind_reason = (
                "actual",
                self._reason(anchor.basis, anchor.start, anchor.end, "part of the year, past"),
            )
        elif year is not None and kind == "actual" and not cued and anchor.years[0] >= year:
            # a coming period named in a part the segmentation could not frame
            kind, kind_reason = "target", self._reason(anchor.basis, anchor.start, anchor.end, "a coming period")
        elif year is not None and kind == "estimate" and anchor.years[0] >= year:
            # 预计 of a period to come is a projection (“九五”时期…预计…年均增长5%左右): a target
            kind, kind_reason = "target", self._reason(
                kind_reason.basis, kind_reason.cue_start, kind_reason.cue_end, "a projection for a coming period"
            )
        span, rule = self._shape(st, clause, end, measure, anchor, kind, base=base, rate=q.dimension in SHARE_DIMENSIONS)
        period_reason = self._reason(anchor.basis, anchor.start, anchor.end, rule)
        if year is not None and kind == "target" and span[1] < year and plan is None:
            # a past year named in a plan part (去年…), or the base of a change
            kind, kind_reason = "actual", self._reason(anchor.basis, anchor.start, anchor.end, "a past period")
        return Attribution(kind, span, kind_reason, period_reason)

    def anchor_at(self, st: SentenceTime, offset: int) -> Anchor | None:
        """The years in force at `offset` of the sentence (for a name rather than a figure: projects)."""
        before = [p for p, until, _ in st.marks if p.end <= offset and (until is None or offset <= until)]
        if before:
            p = before[-1]
            return Anchor((p.from_year, p.to_year), "sentence", p.start, p.end)
        after = [p for p, until, _ in st.marks if until is None and p.start >= st.sentence.start]
        if after:
            p = after[0]
            return Anchor((p.from_year, p.to_year), "sentence", p.start, p.end)
        return st.topic or st.running or st.heading

    def _kind(
        self,
        st: SentenceTime,
        clause: tuple[int, int],
        q: Quantity,
        end: int,
        measure: Measure,
        name: tuple[int, int] | None = None,
    ) -> tuple[Kind, Reason, Anchor | None]:
        """The kind, why, and for a plan explanation the plan's years."""
        r, norm = self.rules, self.doc.norm
        if st.lead is not None and st.lead[0] <= q.start:
            lead = st.lead[1]
            return "target", self._reason("paragraph", lead.start, lead.end, "target lead"), None
        estimate = _last(r.estimate, norm, st.scope, end)
        if estimate is not None:
            return "estimate", self._reason("sentence", *estimate), None
        plan = self._plan_explanation(st, clause, end, measure)
        if plan is not None:
            cue, anchor = plan
            return "target", self._reason(cue[2], cue[0], cue[1], "plan explanation"), anchor
        scope = st.scope if st.frame in _PLANS else clause[0]
        target = _last(r.target, norm, scope, end, outside=name)
        if target is not None:
            return "target", self._reason("clause" if target[0] >= clause[0] else "sentence", *target), None
        if st.frame in _PLANS and st.heading is not None:
            return "target", self._reason(st.heading.basis, st.heading.start, st.heading.end, st.frame), None
        if st.frame is not None and st.heading is not None:
            return "actual", self._reason(st.heading.basis, st.heading.start, st.heading.end, st.frame), None
        return "actual", self._reason("report", None, None, "no cue: an outturn"), None

    def _plan_explanation(
        self, st: SentenceTime, clause: tuple[int, int], end: int, measure: Measure
    ) -> tuple[tuple[int, int, Basis], Anchor | None] | None:
        """A target explained before the figure: the cue, and the years of the five-year plan it explains, or
        None when it explains this year's (提出国内生产总值增长8%左右).

        《纲要》 or 主要指标 in the sentence explain the plan; 提出 in the clause explains a target, the plan's
        when the figure is an average over years (提出地区生产总值年均增长5%左右)."""
        r, norm = self.rules, self.doc.norm
        cue = _last(r.plan_in_sentence, norm, st.scope, end)
        basis: Basis = "sentence"
        if cue is None:
            cue = _last(r.plan_in_clause, norm, clause[0], end)
            basis = "clause"
            if cue is not None and measure != "avg_growth":
                return (cue[0], cue[1], basis), None
        if cue is None:
            return None
        year = self.doc.report_year
        named = [p for p, until, _ in st.marks if p.end <= end and (until is None or end <= until) and p.how == "plan"]
        if named:
            p = named[-1]
            if year is not None and p.to_year < year:
                return None  # “十四五”规划主要指标全面完成: a past plan's outturn
            return (cue[0], cue[1], basis), Anchor((p.from_year, p.to_year), "sentence", p.start, p.end, plan=True)
        years = plan_containing(year) if year is not None else None
        if years is None:
            return None
        return (cue[0], cue[1], basis), Anchor(years, basis, cue[0], cue[1], plan=True)

    def _anchor(
        self, st: SentenceTime, clause: tuple[int, int], q: Quantity, end: int, kind: Kind, others: list[Quantity]
    ) -> Anchor | None:
        candidates = [
            p
            for p, until, after_base in st.marks
            if p.end <= end
            and (until is None or end <= until)
            and not (after_base and any(p.end <= o.start < q.start for o in others))
            # 由上年的109天延长到127天;可比产品成本上升7%: the year before, as a base, dates no later clause
            and not (after_base and p.start < clause[0] and p.text in self._previous_year_words)
        ]  # 由2020年的7.2%提升至7.4%: a period after 由 dates the first figure only
        in_clause = [p for p in candidates if p.start >= clause[0]]
        if in_clause:
            return self._year_in_force(in_clause[-1], candidates) or Anchor(
                (in_clause[-1].from_year, in_clause[-1].to_year), "clause", in_clause[-1].start, in_clause[-1].end
            )
        if st.lead is not None and st.lead[0] <= q.start:
            return st.lead[1]
        if candidates:
            p = candidates[-1]
            return self._year_in_force(p, candidates) or Anchor((p.from_year, p.to_year), "sentence", p.start, p.end)
        if st.topic is not None:
            return st.topic
        frame = st.heading.years if st.heading is not None else None
        running = st.running
        if running is not None and (frame is None or frame[0] <= running.years[0] <= running.years[1] <= frame[1]):
            return running  # a stretch of the part's years (2025 of 2021-2025), never beyond them
        if st.heading is not None:
            return st.heading
        year = self.doc.report_year
        if year is None:
            return None
        year = year if kind == "target" else year - 1
        return Anchor((year, year), "report")

    def _past_part_of_year(self, anchor: Anchor, year: int) -> bool:
        """Whether `anchor` names part of the report year (今年上半年, 1980年上半年, 今年1至9月): months already past."""
        if anchor.years != (year, year) or anchor.start is None or anchor.end is None:
            return False
        return _part_of_year().match(self.doc.norm, anchor.start, anchor.end + _PART_OF_YEAR_REACH) is not None

    def _year_in_force(self, p: Period, candidates: list[Period]) -> Anchor | None:
        """For 全年 or 本年 (the whole of the year in force), the year the sentence named before it, if any:
        1955年国家决算的收支总数如下:…,全年收入总数… is 1955's, whatever the section's year."""
        if p.text not in self._whole_year_words:
            return None
        named = [c for c in candidates if c.end <= p.start and c.from_year == c.to_year]
        named = [c for c in named if c.text not in self._whole_year_words]
        named = [c for c in named if c.how == "absolute"] or named  # 1955年 over 上年 (结转收入)
        if not named:
            return None
        return Anchor((named[-1].from_year, named[-1].to_year), "sentence", named[-1].start, named[-1].end)

    def _shape(
        self,
        st: SentenceTime,
        clause: tuple[int, int],
        end: int,
        measure: Measure,
        anchor: Anchor,
        kind: Kind,
        *,
        base: bool,
        rate: bool = False,
    ) -> tuple[Years, str | None]:
        """The figure's period within the anchor's years, and the rule that shaped it (None: the anchor's)."""
        r, norm = self.rules, self.doc.norm
        span = anchor.years
        cumulative = self._cumulative(st, clause, end)
        if cumulative is not None:
            n = cumulative.group("n") or cumulative.group("m")
            if n:  # 四年累计: a total over the last N years of the period in force
                years = r.cumulative_years[n]
                return (span[1] - years + 1, span[1]), "a sum over the last years"
            return span, "a sum over the span"
        if measure == "avg_growth" and span[0] == span[1]:
            # 到2027年…年均增长7%: an average over the plan's years up to then
            frame = st.heading.years if st.heading is not None else None
            if frame is not None and frame[0] < frame[1] == span[1]:
                return frame, "an average over the plan's years"
            return span, None
        if base:
            return (span[0] - 1, span[0] - 1), "the starting point of a change"
        if measure == "level" and kind != "target" and span[0] < span[1]:
            if r.span_level.search(norm, clause[0], end) is not None:
                return span, "a level held or averaged over the span"  # 每年实施20项, 年均
            reached = r.reached_tail.find(norm, clause[0], end)
            if reached is not None and reached[1] == end:
                return (span[1], span[1]), "a level reached at the span's end"  # …设立领事机构增至24家
            flow = r.flow.search(norm, clause[0], clause[1])
            # a rate is no count (办结率100%); 年接待游客超过8亿人次 is a year's count, at the span's end (but
            # 五年取得…成果16万项 counts five years)
            if not rate and flow is not None and not _annual(norm, flow.start()):
                return span, "a count of things done over the span"
            return (span[1], span[1]), "a level at the span's end"
        return span, None

    def _cumulative(self, st: SentenceTime, clause: tuple[int, int], end: int):  # type: ignore[no-untyped-def]
        """The last cumulative cue (累计, 四年累计) before the figure, in its clause, else its sentence."""
        r, norm = self.rules, self.doc.norm
        if st._cumulative is None:
            st._cumulative = any(norm.find(w, st.sentence.start, st.sentence.end) >= 0 for w in r.cumulative_words)
        if not st._cumulative:
            return None
        found = None
        for m in r.cumulative.finditer(norm, clause[0], end):
            found = m
        if found is None:
            for m in r.cumulative.finditer(norm, st.sentence.start, end):
                found = m
        return found

    # --- anchors of paragraphs and parts ------------------------------------------------------------------

    def _target_leads(self) -> dict[str, tuple[int, Anchor]]:
        """Paragraphs governed by a target lead (主要预期目标是:): where the lead ends and the years it names.

        A lead that ends its paragraph governs the list in the paragraphs after it, up to the first that
        does not end in `;` (the list's last item ends in `。`), within the same section.
        """
        doc, r, norm = self.doc, self.rules, self.doc.norm
        leads: dict[str, tuple[int, Anchor]] = {}
        paragraphs = [p for p in doc.paragraphs if not p.boilerplate]
        for index, par in enumerate(paragraphs):
            if norm.find(":", par.start, par.end) < 0:
                continue  # every lead ends in a colon (r.lead): a plain find is much faster than the regex
            m = r.lead.search(norm, par.start, par.end)
            if m is None:
                continue
            lead_sentence = doc.sentence_at(m.start())
            if lead_sentence is None or self._frame_of(lead_sentence) == "review":
                continue  # a review that quotes last year's targets does not set new ones
            years = self._lead_years(par.start, lead_sentence, m.start())
            if years is None:
                continue
            anchor = Anchor(years, "paragraph", m.start(), m.end())
            leads[par.id] = (m.end(), anchor)
            if norm[m.end() : par.end].strip():
                continue
            for nxt in paragraphs[index + 1 :]:  # the list below a lead that ends its paragraph
                if nxt.section_id != par.section_id:
                    break
                leads[nxt.id] = (nxt.start, anchor)
                if not norm[nxt.start : nxt.end].rstrip().endswith(";"):
                    break
        return leads

    def _lead_years(self, paragraph_start: int, lead_sentence: Sentence, lead_start: int) -> Years | None:
        norm = self.doc.norm
        before = [
            p
            for p in self._by_sentence.get(lead_sentence.id, [])
            if p.end <= lead_start and not _is_comparison(norm, p)
        ]
        if before:
            return (before[-1].from_year, before[-1].to_year)
        # a single year named earlier in the paragraph (今年是…开局之年。主要预期目标是:)
        found = None
        for p in self.periods[bisect_left(self._starts, paragraph_start) : bisect_left(self._starts, lead_start)]:
            if p.end <= lead_start and p.from_year == p.to_year and not _is_comparison(norm, p):
                found = (p.from_year, p.to_year)
        if found is not None:
            return found
        for section in self.doc.section_chain(lead_sentence.section_id):
            if section.frame == "plan_year" and section.from_year is not None and section.to_year is not None:
                return (section.from_year, section.to_year)
        year = self.doc.report_year
        return (year, year) if year is not None else None

    def _time_leads(self) -> dict[str, list[tuple[int, Anchor]]]:
        """Per paragraph, the time leads of its sentences: a period that opens a sentence (2025年,… / 过去一年,… /
        刚刚过去的2025年,… / 2025年是…), with where the sentence starts."""
        doc, norm, r = self.doc, self.doc.norm, self.rules
        leads: dict[str, list[tuple[int, Anchor]]] = {}
        for periods in self._by_sentence.values():
            first = periods[0]
            sentence = doc.sentence_at(first.start)
            if sentence is None or sentence.boilerplate:
                continue
            if r.time_lead_opening.fullmatch(norm, sentence.start, first.start) is None:
                continue
            if _is_comparison(norm, first):
                continue
            if norm[first.end - 1] in _POINT_IN_TIME:
                continue  # １９９５年末居民储蓄存款余额…: a stock at a moment, not the time of what follows
            anchor = Anchor((first.from_year, first.to_year), "paragraph", first.start, first.end)
            leads.setdefault(sentence.paragraph_id, []).append((sentence.start, anchor))
        for found in leads.values():
            found.sort(key=lambda t: t[0])
        return leads

    def _running_anchors(self) -> dict[str, Anchor]:
        """Per paragraph of a review, the time lead the last earlier paragraph of its part opened with.

        A review that covers last year and the five years before it (一、2025年工作和“十四五”发展回顾) says which
        it is talking about at the head of a sentence (过去一年,… / 2025年是“十四五”收官之年。五年来,…); the
        paragraphs after it, up to the next such sentence or the next part (一、 二、), keep the last one named.
        """
        doc = self.doc
        last_lead = {par: found[-1][1] for par, found in self._openers.items()}
        running: dict[str, Anchor] = {}
        part: str | None = None
        current: Anchor | None = None
        by_section: dict[str | None, tuple[str | None, bool]] = {}  # section id -> its part, whether in a review
        for par in doc.paragraphs:
            if par.boilerplate:
                continue
            if par.section_id not in by_section:
                chain = doc.section_chain(par.section_id)
                parts = [s.id for s in chain if s.level <= _PART_LEVEL and s.frame != "title"]
                by_section[par.section_id] = (parts[-1] if parts else None, any(s.frame == "review" for s in chain))
            here, in_review = by_section[par.section_id]
            if here != part:
                part, current = here, None
            if current is not None and in_review:
                running[par.id] = Anchor(current.years, "part", current.start, current.end)
            if par.id in last_lead:
                current = last_lead[par.id]
        return running

    def _frame_of(self, sentence: Sentence) -> str | None:
        for section in self.doc.section_chain(sentence.section_id):
            if section.frame in _FRAMED:
                return section.frame
        return None


# --- helpers --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _part_of_year() -> regex.Pattern[str]:
    """Part of a year (上半年, 前三季度, 1—11月: attainment.yaml part_of_year) in the clause after a year's name."""
    return regex.compile(rf"[^,;。]*?(?:{part_of_year_alternation()})")


def _annual(norm: str, verb_start: int) -> bool:
    """Whether the verb at `verb_start` is said per year: 年接待, 年新增 (not 五年新增, 5年取得)."""
    if verb_start < 1 or norm[verb_start - 1] != "年":
        return False
    before = norm[verb_start - 2] if verb_start >= 2 else ""
    return not (before.isdigit() or before in "一二两三四五六七八九十几多")


def _last(  # type: ignore[no-untyped-def]
    pattern, norm: str, start: int, end: int, *, outside: tuple[int, int] | None = None
) -> tuple[int, int] | None:
    """The span of the last match of `pattern` in norm[start:end], if any; none inside `outside` (a name)."""
    found = None
    for m in pattern.finditer(norm, start, end):
        if outside is None or not (outside[0] <= m.start() and m.end() <= outside[1]):
            found = (m.start(), m.end())
    return found


def _scopes(doc: Doc) -> dict[str, int]:
    """For each sentence, where its full sentence starts: sentences ending in `;` continue one statement."""
    scopes: dict[str, int] = {}
    previous: Sentence | None = None
    for sentence in doc.sentences:
        start = sentence.start
        if previous is not None and previous.paragraph_id == sentence.paragraph_id and previous.end > previous.start:
            last = doc.norm[previous.end - 1]  # the slice and strip only when the sentence ends in blanks
            if last == ";" or (last.isspace() and doc.norm[previous.start : previous.end].rstrip().endswith(";")):
                start = scopes[previous.id]
        scopes[sentence.id] = start
        previous = sentence
    return scopes


def _marker_before(norm: str, p: Period) -> str:
    """The character written right before period `p`, quotes skipped (较“十三五” -> 较)."""
    i = p.start - 1
    while i >= 0 and norm[i] in _QUOTES:
        i -= 1
    return norm[i] if i >= 0 else ""


def comparison_start(norm: str, p: Period) -> int | None:
    """Where the comparison starts if `p` is named as its base (比上年, 较“十三五”同期), else None."""
    marker = _marker_before(norm, p)
    if not marker or marker not in compiled_rules().comparison_markers:
        return None
    i = p.start - 1
    while norm[i] in _QUOTES:
        i -= 1
    return i


def _applies_until(norm: str, p: Period) -> int | None:
    """Where period `p` stops dating figures: None when it dates every figure after it; its own start when it
    is the base of a comparison (比上年, 较2020年), which dates none; the end of the clause it opens as the
    ground built on (在1979到1983年平均每年递增7.9%的基础上,比上年增长14.2%: 7.9% only)."""
    if comparison_start(norm, p) is not None:
        return p.start
    founded = compiled_rules().foundation.match(norm, p.end)
    return founded.end() if founded is not None else None


def _is_comparison(norm: str, p: Period) -> bool:
    """A period that opens no time for what follows it (a comparison base, the ground built on)."""
    return _applies_until(norm, p) is not None
