"""Segmentation: report metadata, sections, paragraphs, sentences, glossary and boilerplate.

Works line by line on the matching copy (`norm`), so every offset is an offset into the source.

- A line is *boilerplate* when it is a web-page leftover (rules/sections.yaml).
- A *heading* is a short line (or the first short sentence of a line) that starts with a numbering mark
  (`一、` `(一)` `1.` `——`), or a short unnumbered line with no sentence punctuation. Headings nest by
  rank: unnumbered part < `一、` < `(一)`, `一是` < `1.` < `——` lead-in; an unnumbered line that does not name a
  part (`一年来,我们坚定不移稳增长,…`) ranks with `一、`.
- A *paragraph* is a line; a line that stops mid-sentence (`主要预期目标` / `是:…`) is joined with the next.
- *Sentences* split a paragraph after `。！？；!?;` (closing quotes stay with their sentence), never
  inside a matched `“…”` or `(…)`; they tile the paragraph exactly.
- The *glossary* is the numbered run of `N.term:definition` entries that closes a report.
- Every section gets a time *frame* (review / plan_year / plan_period / glossary / other) and default
  years, from its own heading or else its parent's: this is what later stages use to tell last year's
  outturn from this year's target.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import regex

from . import rules
from .metadata import find_report
from .models import GlossaryEntry, Paragraph, Report, Section, Sentence
from .rules.schemas import SectionRules
from .sentences import CLOSERS, SENTENCE_END, TERMINATOR, split_sentences


@dataclass(frozen=True)
class _Compiled:
    boilerplate: tuple[regex.Pattern[str], ...]  # a line is boilerplate when one of them matches it in full
    footer: regex.Pattern[str] | None  # a line it matches at its start, and every line after it, is boilerplate
    dateline: regex.Pattern[str]  # a line that dates or signs the speech is no heading
    part: regex.Pattern[str]
    glossary: regex.Pattern[str]
    frames: list[tuple[str, regex.Pattern[str]]]


@lru_cache(maxsize=1)
def _rules() -> _Compiled:
    data = rules.load("sections.yaml", SectionRules)
    officials = "(?:" + "|".join(regex.escape(o) for o in data.officials) + ")"
    return _Compiled(
        boilerplate=_boilerplate_patterns([p.replace("{officials}", officials) for p in data.boilerplate_lines]),
        footer=regex.compile("|".join(f"(?:{p})" for p in data.footer_starts)) if data.footer_starts else None,
        dateline=regex.compile(data.dateline.replace("{officials}", officials)),
        part=regex.compile(data.part_heading),
        glossary=regex.compile(data.glossary_heading),
        frames=[(f.frame, regex.compile(f.pattern)) for f in data.frames],
    )


def _boilerplate_patterns(lines: list[str]) -> tuple[regex.Pattern[str], ...]:
    """The boilerplate alternatives as a few patterns, to be tried in turn (a line matches one of them in
    full iff it matches their alternation in full).

    An alternative that opens with `.` (`.{0,20}(分享到|…)`) is compiled on its own: alone, `regex` first
    looks for the literal it needs and fails at once on an ordinary line, while inside one big alternation
    it would try every length of the `.{0,N}` prefix on every line (3x slower over a report). The others
    stay together in one alternation (one call instead of eight).
    """
    joined = [p for p in lines if not p.startswith(".")]
    alone = [p for p in lines if p.startswith(".")]
    patterns = [regex.compile("(?:" + ")|(?:".join(joined) + ")")] if joined else []
    return tuple(patterns + [regex.compile(p) for p in alone])


# --- heading shapes (hand-written, linear) -------------------------------------------------------------
_CN_DIGITS = "一二三四五六七八九十"
_NUMBERED = regex.compile(
    rf"""
    (?P<r2>[{_CN_DIGITS}]{{1,3}}[、.])           # 一、  十二、
    | (?P<r3>\([{_CN_DIGITS}]{{1,3}}\))          # (一)  (十一)
    | (?P<r3b>[{_CN_DIGITS}]{{1,3}}是(?=[^\d,]))   # 一是聚焦全方位扩大内需,…  (a task list under 一、 ranks with (一))
    | (?P<r4>\d{{1,2}}(?:[.、](?!\d)|\)))        # 1.  1、  1)   but not 1.5
    | (?P<r5>——(?=[^—\d]))                       # ——三大攻坚战成效明显。  (not a dateline ——2026年…)
    """,
    regex.VERBOSE,
)
_HEADING_MAX = 40  # a heading longer than this is a paragraph that happens to start with a number
_INTRO_MAX = 3000  # a part without a time in its heading: how far, and in how many of its opening paragraphs,
_INTRO_PARAGRAPHS = 3  # to look for a paragraph that opens with a time (福建 2025: the third)
_ADDRESS = regex.compile(r"各位代表|同志们")
# A line that starts like this continues the previous line's sentence (a scrape artefact).
_CONTINUATION_START = regex.compile(r"[,，、:;)”]|(?:是|的|了|和|及|与|为|等|在|对|把|被|将|或)(?![\u4e00-\u9fff]{0,1}[、。])")
_LINE = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
# 1.“两个屏障”:… (one line), or ［1］一降三减: with the definition on the next line
_GLOSSARY_ENTRY = regex.compile(r"\s*(?:(\d{1,3})\s*[.、]|\[(\d{1,3})\])\s*")
_DEFINES = regex.compile(r"[:]|指")


@dataclass(slots=True)
class _Line:
    start: int  # first non-space character
    end: int  # after the last non-space character
    boilerplate: bool


@dataclass(slots=True)
class _Heading:
    start: int
    end: int  # end of the heading text (the line, or its first sentence)
    rank: int
    numbering: str
    title: str


@dataclass
class Segmentation:
    report: Report
    sections: list[Section]
    paragraphs: list[Paragraph]
    sentences: list[Sentence]
    glossary: list[GlossaryEntry]


def segment(text: str, norm: str, report_year: int | None = None, name: str | None = None) -> Segmentation:
    """Segment a report. `report_year` overrides the year the text gives (metadata.find_report); `name`, the
    file name, gives it as a last resort."""
    lines = _lines(text, norm)
    report = find_report(text, norm, [(ln.start, ln.end) for ln in lines if not ln.boilerplate], report_year, name)
    year = report.year
    glossary_from = _glossary_start(norm, lines)
    body_lines = [ln for ln in lines if glossary_from is None or ln.start < glossary_from]
    glossary_lines = [ln for ln in lines if glossary_from is not None and ln.start >= glossary_from]

    headings = _headings(norm, body_lines, report)
    paragraphs_spans = _paragraph_spans(norm, body_lines + glossary_lines, headings)
    sections = _sections(text, norm, headings, glossary_from, glossary_lines, year)
    paragraphs, sentences = _paragraphs_and_sentences(text, norm, paragraphs_spans, sections)
    glossary = _glossary(text, norm, [ln for ln in glossary_lines if not ln.boilerplate])
    return Segmentation(report, sections, paragraphs, sentences, glossary)


# --- lines and metadata --------------------------------------------------------------------------------
def _lines(text: str, norm: str) -> list[_Line]:
    """The text's non-blank lines, trimmed; a line that joins paragraphs is split at their indents."""
    out: list[_Line] = []
    boilerplate = _rules().boilerplate
    # the joined indents of the whole text, found at once (a run of them holds no line break, so it lies
    # within one line): most texts have none
    indents = [m.span() for m in _JOINED_INDENT.finditer(text)]
    k = 0
    for m in _LINE.finditer(norm):
        line_end = m.start() + len(m.group().rstrip("\r\n"))
        piece_start = m.start()
        while k < len(indents) and indents[k][1] <= line_end:
            _add_line(out, norm, piece_start, indents[k][0], boilerplate)
            piece_start = indents[k][1]
            k += 1
        _add_line(out, norm, piece_start, line_end, boilerplate)
        if m.end() >= len(norm):
            break
    footer = _rules().footer
    if footer is not None:  # an archive's licence notice (本作品是中华人民共和国的法律…) closes the text
        start = next((n for n, ln in enumerate(out) if footer.match(norm, ln.start, ln.end)), len(out))
        out[start:] = [replace(ln, boilerplate=True) for ln in out[start:]]
    return out


# Two or more ideographic spaces inside a line: the indent of a paragraph in a text that joins its paragraphs
# on one line (as some archives keep older reports); a paragraph's own indent is at the start of its line.
_JOINED_INDENT = regex.compile("\u3000{2,}")


def _add_line(out: list[_Line], norm: str, start: int, end: int, boilerplate: tuple[regex.Pattern[str], ...]) -> None:
    raw = norm[start:end]
    if not raw.strip():
        return
    first = start + len(raw) - len(raw.lstrip())
    last = start + len(raw.rstrip())
    line = norm[first:last]
    out.append(_Line(first, last, any(p.fullmatch(line) for p in boilerplate)))


def _entry_number(norm: str, ln: _Line) -> int | None:
    m = _GLOSSARY_ENTRY.match(norm, ln.start, ln.end)
    return int(m.group(1) or m.group(2)) if m else None


def _opens_definition(norm: str, ln: _Line | None) -> bool:
    """An entry line that ends in a colon: its definition is on the lines below (［1］一降三减:)."""
    return ln is not None and _entry_number(norm, ln) is not None and norm[ln.end - 1] == ":"


def _glossary_start(norm: str, lines: list[_Line]) -> int | None:
    """Start of the closing glossary: a heading such as 名词解释, or a run of entries numbered from 1."""
    compiled = _rules()
    content = [ln for ln in lines if not ln.boilerplate]
    # walk back from the end over the numbered entries (and the definition lines under a `term:` line)
    expected_last = None
    first_entry = None
    for i in range(len(content) - 1, -1, -1):
        ln = content[i]
        number = _entry_number(norm, ln)
        if number is None:
            if _opens_definition(norm, content[i - 1] if i > 0 else None):
                continue  # the definition of the entry above it
            if first_entry is not None:
                break
            continue  # trailing non-entry lines (a closing remark) before any entry: keep looking
        if expected_last is not None and number != expected_last - 1:
            break
        expected_last = number
        first_entry = ln
        if number == 1:
            break
    if first_entry is None or expected_last != 1:
        return None
    # must read like definitions: most entries hold a colon or 指
    entries = [ln for ln in content if ln.start >= first_entry.start and _entry_number(norm, ln) is not None]
    defined = sum(1 for ln in entries if _DEFINES.search(norm[ln.start : ln.end]))
    if len(entries) < 2 or defined < 0.6 * len(entries):
        return None
    index = content.index(first_entry)
    if index > 0 and compiled.glossary.search(norm[content[index - 1].start : content[index - 1].end]):
        return content[index - 1].start  # the glossary's own heading
    return first_entry.start


# --- headings ------------------------------------------------------------------------------------------
def _headings(norm: str, lines: list[_Line], report: Report) -> list[_Heading]:
    compiled = _rules()
    out: list[_Heading] = []
    content = [ln for ln in lines if not ln.boilerplate]
    title = norm[report.title_start : report.title_end] if report.title_start is not None else None
    for i, ln in enumerate(content):
        if report.title_start is not None and ln.start <= report.title_start:
            if ln.start == report.title_start:
                out.append(_Heading(ln.start, ln.end, 0, "", title or ""))
            continue
        line = norm[ln.start : ln.end]
        if line == title:
            continue  # the title repeated by the web page
        numbered = _NUMBERED.match(line)
        if numbered:
            rank = int(numbered.lastgroup[1])
            mark_end = numbered.end()
            cut = _first_sentence_end(line, mark_end)
            if cut is None or cut > _HEADING_MAX:
                if len(line) > _HEADING_MAX or rank == 5:
                    continue  # a long numbered paragraph, or a dash that opens no heading
                cut = len(line)
            title = line[mark_end:cut].rstrip(SENTENCE_END + "。,，:").strip()
            if not title or _looks_like_dateline(title):
                continue
            end = ln.start + cut
            out.append(_Heading(ln.start, end, rank, line[:mark_end], title))
            continue
        if len(line) > _HEADING_MAX or any(ch in line for ch in SENTENCE_END + ":") or _ADDRESS.match(line):
            continue
        nxt = content[i + 1] if i + 1 < len(content) else None
        if nxt is not None and _CONTINUATION_START.match(norm, nxt.start):
            continue  # a sentence broken by a line end, not a heading
        if i > 0 and _cut_mid_sentence(norm, content[i - 1]):
            continue  # the rest of a sentence the line before broke off
        if (
            line[0] in _FRAGMENT_START
            or line[-1] in _FRAGMENT_END
            or (nxt is not None and norm[nxt.start] in _FRAGMENT_START)
            or (i > 0 and norm[content[i - 1].end - 1] in _FRAGMENT_END)
        ):
            continue  # a piece of a sentence an archive broke around a link (…通过的《\n决定\n》和《\n条例\n》下达…)
        if line.startswith("——") or line.startswith("(") or _looks_like_dateline(line):
            continue  # a dateline (——2026年2月5日在…) or a bracketed note under the title
        rank = 1 if compiled.part.search(line) else 2
        out.append(_Heading(ln.start, ln.end, rank, "", line.strip()))
    return out


_FRAGMENT_START = "》」』”’)、,;。"  # a line that starts so continues a sentence
_FRAGMENT_END = "《「『“‘(、,了的和与及把被将"  # a line that ends so (a bracket, a particle) is continued by the next


def _looks_like_dateline(line: str) -> bool:
    return bool(_rules().dateline.search(line))


def _first_sentence_end(line: str, start: int) -> int | None:
    """Index just after the first sentence terminator at or after `start`, or None."""
    for j in range(start, min(len(line), _HEADING_MAX + 1)):
        if line[j] in SENTENCE_END:
            return j + 1
    return None


# --- sections ------------------------------------------------------------------------------------------
def _sections(
    text: str,
    norm: str,
    headings: list[_Heading],
    glossary_from: int | None,
    glossary_lines: list[_Line],
    year: int | None,
) -> list[Section]:
    body_end_all = glossary_from if glossary_from is not None else len(text)
    sections: list[Section] = []
    stack: list[tuple[int, Section]] = []  # (rank, section)
    after_plan: dict[str | None, bool] = {}  # per parent: whether an earlier child is a plan part
    for n, h in enumerate(headings, start=1):
        while stack and stack[-1][0] >= h.rank:
            stack.pop()
        parent = stack[-1][1] if stack else None
        sid = f"sec{n:04d}"
        frame, from_year, to_year = _frame(norm, h, parent, year, headings, n)
        if frame == "other" and h.rank > 0 and year is not None and after_plan.get(parent.id if parent else None):
            # a part without a time of its own after the plan began (四、加强政府自身建设): still the plan
            frame, from_year, to_year = "plan_year", year, year
        if frame in ("plan_year", "plan_period"):
            after_plan[parent.id if parent else None] = True
        section = Section(
            id=sid,
            start=h.start,
            end=h.end,
            text=text[h.start : h.end],
            level=h.rank,
            parent_id=parent.id if parent else None,
            path=[*(parent.path if parent else []), sid],
            body_end=body_end_all,
            frame=frame,  # type: ignore[arg-type]
            from_year=from_year,
            to_year=to_year,
        )
        sections.append(section)
        stack.append((h.rank, section))
    # body_end: the start of the next heading of the same or a higher rank. One pass with a stack of the
    # sections still open (levels strictly rising from bottom to top): a heading closes every open
    # section of its level or deeper.
    open_sections: list[Section] = []
    for later in sections:
        while open_sections and open_sections[-1].level >= later.level:
            open_sections.pop().body_end = later.start
        open_sections.append(later)
    if glossary_from is not None and glossary_lines:
        first = next((ln for ln in glossary_lines if not ln.boilerplate), glossary_lines[0])
        has_heading = _GLOSSARY_ENTRY.match(norm, first.start, first.end) is None
        start, end = (first.start, first.end) if has_heading else (glossary_from, glossary_from)
        sid = f"sec{len(sections) + 1:04d}"
        sections.append(
            Section(
                id=sid,
                start=start,
                end=end,
                text=text[start:end],
                level=1,
                parent_id=None,
                path=[sid],
                body_end=len(text),
                frame="glossary",
                from_year=None,
                to_year=None,
            )
        )
    return sections


def _frame(
    norm: str, h: _Heading, parent: Section | None, year: int | None, headings: list[_Heading], n: int
) -> tuple[str, int | None, int | None]:
    """The time frame and default years a heading announces, else its first sentence's, else its parent's."""
    from .periods import resolve

    inherited: tuple[str, int | None, int | None] = ("other", None, None)
    if parent is not None and parent.frame != "title":
        inherited = (parent.frame, parent.from_year, parent.to_year)
    if h.rank == 0:
        return "title", year, year
    following = headings[n].start if n < len(headings) else len(norm)
    opening = norm[h.end : min(following, h.end + 120)]  # the start of the section's own text
    for frame, pattern in _rules().frames:
        found = pattern.search(h.title)
        if found is None:
            continue
        if frame == "glossary":
            return frame, None, None
        # a plan year is the year the matched words name (“十五五”时期目标任务和2026年工作安排: 2026), else the report's
        span = resolve(found.group(), year) if frame == "plan_year" else resolve(h.title, year)
        if span is None and frame == "review":
            span = resolve(opening, year)  # 本届政府工作回顾: the years are in its first sentence (过去四年,…)
        if span is None:
            if frame == "plan_year" and year is not None:
                span = (year, year)
            elif frame == "review" and inherited[0] == "review" and inherited[1] is not None:
                span = (inherited[1], inherited[2])
            elif frame == "review" and year is not None:
                span = (year - 1, year - 1)
        if span is not None and frame == "review" and year is not None and span[1] >= year:
            span = (span[0], year - 1)  # a review ends before the report year
        return frame, span[0] if span else None, span[1] if span else None
    if inherited[0] == "other" and year is not None:
        # A part whose heading names no time (一、一年接着一年干，…): the first of its opening paragraphs (before
        # its first sub-heading) that opens with a time tells. (2025年是“十四五”收官之年 → review 2025;
        # 2026年是… → plan_year; “十五五”时期是… → plan_period)
        span = None
        lines = [ln.strip() for ln in norm[h.end : min(following, h.end + _INTRO_MAX)].splitlines() if ln.strip()]
        for line in lines[:_INTRO_PARAGRAPHS]:
            # only a statement of what the time is (2025年是…) names the part's time, not a look back
            # (一九八○年,也就是第五个五年计划的最后一年,…; 从一九五三年到一九八○年的二十八年中,…)
            span = _first_time_reference(line, year)
            if span is not None:
                break
        if span is not None:
            if span[1] < year:
                return "review", span[0], span[1]
            if span == (year, year):
                return "plan_year", year, year
            if span[0] >= year:
                return "plan_period", span[0], span[1]
    return inherited


def _first_time_reference(text: str, year: int) -> tuple[int, int] | None:
    from .periods import resolve, time_spans

    spans = time_spans(text)
    if not spans or spans[0][0] > 2:  # only a sentence that opens with its time: 2025年是…, “十五五”时期是…
        return None
    start, end = spans[0]
    if not text.startswith("是", end):
        return None
    return resolve(text[start:end], year)


# --- paragraphs and sentences --------------------------------------------------------------------------
_LINE_END = SENTENCE_END + CLOSERS + ":：…"  # what a line that ends its paragraph (or a heading) ends with


def _cut_mid_sentence(norm: str, ln: _Line) -> bool:
    """A line that holds a sentence end but does not end with one: a paragraph cut at a line end in the middle
    of a sentence (archives break lines around linked terms: …推动\n区域全面经济伙伴关系协定\n（RCEP）生效…)."""
    return norm[ln.end - 1] not in _LINE_END and TERMINATOR.search(norm, ln.start, ln.end) is not None


def _paragraph_spans(norm: str, lines: list[_Line], headings: list[_Heading]) -> list[tuple[int, int, bool]]:
    """(start, end, boilerplate) of every paragraph; a line cut mid-sentence is joined with the next, and so
    are the lines after it until one ends its sentence."""
    heading_starts = {h.start for h in headings}
    spans: list[tuple[int, int, bool]] = []
    open_span: tuple[int, int] | None = None
    for i, ln in enumerate(lines):
        if ln.boilerplate:
            if open_span:
                spans.append((*open_span, False))
                open_span = None
            spans.append((ln.start, ln.end, True))
            continue
        if open_span is None:
            open_span = (ln.start, ln.end)
        else:
            open_span = (open_span[0], ln.end)
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        joins = (
            nxt is not None
            and not nxt.boilerplate
            and ln.start not in heading_starts
            and nxt.start not in heading_starts
            and norm[ln.end - 1] not in _LINE_END
            and (
                _CONTINUATION_START.match(norm, nxt.start) is not None
                # cut mid-sentence (推动\n区域…协定), unless the next line opens the speech (各位代表:)
                or (TERMINATOR.search(norm, open_span[0], ln.end) is not None and not _ADDRESS.match(norm, nxt.start))
            )
        )
        if not joins:
            spans.append((*open_span, False))
            open_span = None
    if open_span:
        spans.append((*open_span, False))
    return spans


def _paragraphs_and_sentences(
    text: str, norm: str, spans: list[tuple[int, int, bool]], sections: list[Section]
) -> tuple[list[Paragraph], list[Sentence]]:
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    by_start = sorted(sections, key=lambda s: s.start)
    section_starts = [s.start for s in by_start]
    section_ids = [s.id for s in by_start]
    n_sections = len(by_start)
    # Sentence(**fields) is Sentence's core validator behind a Python-level __init__; with 10k+ sentences
    # a report, calling the validator directly (same validation, same instance) saves a third of the cost
    new_sentence = Sentence.__pydantic_validator__.validate_python
    new_paragraph = Paragraph.__pydantic_validator__.validate_python
    k = -1
    for start, end, boiler in spans:
        while k + 1 < n_sections and section_starts[k + 1] <= start:
            k += 1
        section_id = section_ids[k] if k >= 0 else None
        pid = f"par{len(paragraphs) + 1:04d}"
        paragraphs.append(
            new_paragraph(
                {"id": pid, "start": start, "end": end, "text": text[start:end], "section_id": section_id, "boilerplate": boiler}
            )
        )
        j = k
        for s_start, s_end in split_sentences(norm, start, end):
            # a heading that is the first sentence of its line governs the rest of the line
            while j + 1 < n_sections and section_starts[j + 1] <= s_start:
                j += 1
            sentences.append(
                new_sentence(
                    {
                        "id": f"s{len(sentences) + 1:05d}",
                        "start": s_start,
                        "end": s_end,
                        "text": text[s_start:s_end],
                        "paragraph_id": pid,
                        "section_id": section_ids[j] if j >= 0 else None,
                        "boilerplate": boiler,
                    }
                )
            )
    return paragraphs, sentences


# --- glossary ------------------------------------------------------------------------------------------
def _glossary(text: str, norm: str, lines: list[_Line]) -> list[GlossaryEntry]:
    entries: list[GlossaryEntry] = []
    for i, ln in enumerate(lines):
        m = _GLOSSARY_ENTRY.match(norm, ln.start, ln.end)
        if m is None:
            continue
        end = ln.end
        if _opens_definition(norm, ln):  # ［1］一降三减: / definition lines / ［2］…
            for nxt in lines[i + 1 :]:
                if _entry_number(norm, nxt) is not None:
                    break
                end = nxt.end
        term_start = m.end()
        colon = norm.find(":", term_start, ln.end)
        if colon != -1 and colon - term_start <= 60:
            term_end, def_start = colon, colon + 1
        else:  # 2.阳光招生、阳光分班、公民同招“阳光招生”指…: the term ends where the first quoted definition begins
            quoted = _QUOTED_DEFINITION.search(norm, term_start, ln.end)
            point = norm.find("指", term_start, ln.end)
            if quoted is not None and quoted.start() > term_start:
                term_end = def_start = quoted.start()
            elif point != -1:
                term_end = def_start = point
            else:
                continue
        term_start, term_end = _trimmed(norm, term_start, term_end)
        def_start, def_end = _trimmed(norm, def_start, end)
        entries.append(
            GlossaryEntry(
                id=f"g{len(entries) + 1:04d}",
                start=ln.start,
                end=end,
                text=text[ln.start : end],
                term=text[term_start:term_end],
                term_start=term_start,
                term_end=term_end,
                definition=text[def_start:def_end],
                definition_start=def_start,
                definition_end=def_end,
            )
        )
    return entries


_QUOTED_DEFINITION = regex.compile(r"“[^”]{1,20}”指")


def _trimmed(norm: str, start: int, end: int) -> tuple[int, int]:
    while start < end and norm[start].isspace():
        start += 1
    while end > start and norm[end - 1].isspace():
        end -= 1
    return start, end
