"""Quantities: every figure in the report with its exact value, unit and qualifier.

This module finds the figures; `numerals.read` (the one reader) decides their values. The rule files are
loaded by `quantity_rules`, the pattern of a mention is built by `quantity_pattern`, exact values are `values`.

A mention is the numeral with its magnitude (万, 亿, 千) and its unit or measure word, plus an inner 余/多/来 (`350余场次`);
prefix qualifiers (约 近 超过 …) and suffix qualifiers (左右 以上 …) stay outside the span and are recorded
in `approx`/`bound` with their own offsets (rules/qualifiers.yaml). A range (`4.5%—5%`, `10至15个`,
`百分之十到二十`, `二三十人`) is one mention with `value` and `value_max`.

Values are exact: plain Arabic numbers are read as `decimal.Decimal` and the magnitude is folded in
(`53.47万人次` is 534700 人次), every other numeral by `numerals.read` (`三点五亿`, `2万5000`, `二十几万`,
`八成` 80 %, `三分之一`), then written as `int` when whole, else `float`. A numeral the reader cannot read
with certainty is left out and listed by `scan_quantities` (`huimin numbers --stats`). Units come from
rules/units.yaml with their dimension and the factor to a base unit (`122万平方米` -> 1220000 m², `1080亩`
-> 720000 m²).

Not quantities: years and dates (they are periods: `periods.time_spans` masks them), clock times, ratios,
web addresses, list labels (`1.`, `(一)`), codes and names (`G6高速公路`, `110国道`, `第19届`), numerals
inside titles (`《中国制造2025》`), and slogans written with Chinese numerals inside quotes (`“两个屏障”`,
`“六个一”`). Chinese numerals count only before a unit (`两轮`, `十余轮`, `近万名`), as the low end of a range
(`三至五年`), or as a share, tenths or fraction (`百分之五`, `八成`, `三分之一`).
Rules: rules/units.yaml, rules/numerals.yaml, rules/qualifiers.yaml, rules/nonquantities.yaml.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache, lru_cache

import regex

from .document import Doc, joined_with_nul
from .models import Bound, Quantity, Sentence
from .normalise import normalise
from .numerals import Unreadable, numeral_rules
from .numerals import read as read_numeral
from .periods import TimeExpression, period_rules, scan_each
from .quantity_pattern import SEP, matcher
from .quantity_rules import nonquantities, qualifiers, unit_table
from .values import as_number

Value = Decimal | Fraction  # exact either way: Decimal for plain Arabic numbers (fast), Fraction from the reader


@dataclass(slots=True)
class _Term:
    start: int  # span start (a sign or the number), sentence-relative
    end: int  # span end (unit or inner qualifier), before any suffix qualifier
    num_start: int
    low: Value  # the number, unsigned (the low end of a range written in the numeral: 二三十)
    high: Value | None  # the high end of a range written in the numeral
    magnitude: int  # the factor written after the number itself (万 of 10万): a range's low end may take it
    negative: bool
    unit: str | None
    approx: str | None
    bound: Bound | None
    approx_span: tuple[int, int] | None
    pre: tuple[int, int, str] | None
    post: tuple[int, int, str] | None
    chinese: bool
    low_end: bool = False  # only the low end of a range (三 of 三至五年): dropped when no range follows
    share: bool = False  # a share (百分之五): a bare numeral after it and a range separator is its high end

    @property
    def value(self) -> Value:
        return -self.low if self.negative else self.low

    @property
    def raw(self) -> Value:
        """The number before its magnitude (10 of 10万)."""
        return self.low if self.magnitude == 1 else Fraction(self.low) / self.magnitude


@dataclass(frozen=True)
class Unread:
    """A numeral found in a sentence that could not be read with certainty, and why (`numerals.Unreadable`)."""

    start: int
    end: int
    text: str
    reason: str
    sentence_id: str | None = None


def _is_code(ch: str) -> bool:
    """A character that glues a number into a code: a Latin letter or an underscore (G6, PM_2.5)."""
    return bool(ch) and ch.isascii() and (ch.isalpha() or ch == "_")


def _is_year(n: int) -> bool:
    years = period_rules().years
    return years.min <= n <= years.max


def _enclosed(s: str, pairs: list[str]) -> list[tuple[int, int]]:
    """Spans (inside the marks) of every matched pair of marks in `s`."""
    spans: list[tuple[int, int]] = []
    for pair in pairs:
        open_, close = pair[0], pair[1]
        if open_ not in s:
            continue
        if open_ == close:
            idx = [m.start() for m in _mark_pattern(open_).finditer(s)]
            spans.extend((idx[k] + 1, idx[k + 1]) for k in range(0, len(idx) - 1, 2))
            continue
        stack: list[int] = []
        for m in _mark_pattern(pair).finditer(s):
            if m[0] == open_:
                stack.append(m.start())
            elif stack:
                spans.append((stack.pop() + 1, m.start()))
    return spans


@cache
def _mark_pattern(marks: str) -> regex.Pattern[str]:
    """Any one of `marks` (a pair of quote or title marks, or one mark)."""
    return regex.compile(f"[{regex.escape(marks)}]")


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return bool(spans) and any(a <= pos < b for a, b in spans)


_MASK = "\x00"
_DIGITS = frozenset("0123456789")
_HAN = regex.compile(r"\p{Han}")
_FULLWIDTH_COMMA = "，"
_SIGNS = {"-": -1, "−": -1, "－": -1, "﹣": -1, "+": 1, "＋": 1}


def _working_copies(sentences: list[str], sources: list[str], times: list[Sequence[TimeExpression]]) -> list[str]:
    r"""The working copy of each sentence (`sources`: the same stretches of the source): its time expressions
    (`times`, found by `periods.scan_each`) and what the mask patterns (nonquantities.yaml `spans`) find in
    it become NUL; a Chinese comma stays a comma (a clause break, or a thousands separator between digits:
    4，565).

    Built once per report: the sentences joined with NUL are masked in one pass and cut back into sentences.
    A mask pattern is scanned over the joined text, with one call per report rather than one per sentence,
    when `quantity_pattern.joinable` shows that no part of it can match NUL, so the joined scan finds in each
    sentence exactly what a scan of that sentence alone finds; the others sentence by sentence. An empty
    match masks nothing and is left out.
    """
    m_ = matcher()
    if not sentences:
        return []
    joined, starts = joined_with_nul(sentences)
    # (start, end, 0 for a mask or 1 for a comma): where a mask and a comma start and end alike, the mask wins
    cuts: list[tuple[int, int, int]] = []
    source = SEP.join(sources)
    i = source.find(_FULLWIDTH_COMMA)
    while i >= 0:
        cuts.append((i, i + 1, 1))
        i = source.find(_FULLWIDTH_COMMA, i + 1)
    for pat, branches in m_.doc_masks:
        if not branches:
            cuts += [(a, b, 0) for m in pat.finditer(joined) if (a := m.start()) < (b := m.end())]
            continue
        # only a sentence where one of its branches matches can hold a match of the whole pattern
        hits = sorted({bisect_right(starts, m.start()) - 1 for branch in branches for m in branch.finditer(joined)})
        for k in hits:
            start = starts[k]
            cuts += [(start + a, start + b, 0) for m in pat.finditer(sentences[k]) if (a := m.start()) < (b := m.end())]
    for start, found in zip(starts, times, strict=True):
        cuts += [(start + f.start, start + f.end, 0) for f in found if f.start < f.end]
    if m_.masks:
        for s, start in zip(sentences, starts, strict=True):
            for pat in m_.masks:
                cuts += [(start + m.start(), start + m.end(), 0) for m in pat.finditer(s) if m.end() > m.start()]
    pieces = []
    pos = 0
    for a, b, comma in sorted(cuts):
        if b <= pos:
            continue
        a = max(a, pos)
        pieces += [joined[pos:a], _FULLWIDTH_COMMA if comma else _MASK * (b - a)]
        pos = b
    pieces.append(joined[pos:])
    work = "".join(pieces)
    return [work[start : start + len(s)] for s, start in zip(sentences, starts, strict=True)]


def _terms(text: str, s: str, w: str, line_start: bool, unread: list[Unread] | None = None) -> list[_Term]:
    """Single mentions in sentence `s` (matching copy; `text` is the same stretch of the source, `w` its
    working copy from `_working_copies`). `s` has passed `matcher().candidate`. Numerals that would count but
    cannot be read with certainty are left out and added to `unread` (sentence-relative spans)."""
    m_ = matcher()
    n = numeral_rules()
    q = qualifiers()
    nq = nonquantities()
    if line_start:
        lead = len(s) - len(s.lstrip())
        m = m_.line_label.match(w, lead)
        if m:
            w = w[: m.start()] + _MASK * (m.end() - m.start()) + w[m.end() :]
    found = list(m_.term.finditer(w))
    if not found:
        return []
    quoted = _enclosed(s, nq.quotes)
    titled = _enclosed(s, nq.titles)
    marks = nq.formula_marks
    out: list[_Term] = []
    ordinal_end: int | None = None  # where the last ordinal ended: 七次、八次 continue it
    for m in found:
        ns, ne = m.span("num")
        num, share_word, ge, class_unit, plain_unit, per_unit, post_word, inner_word, pre_word, sign_word = m.group(
            "num", "share", "ge1", "cu1", "unit1", "per1", "post", "in1", "pre", "sign"
        )
        chinese = _DIGITS.isdisjoint(num)  # no Arabic digit
        share = bool(share_word)
        tenths = num[-1] in n.tenths or (num[-1] == n.half and len(num) > 1 and num[-2] in n.tenths)
        fraction = n.fraction_mark in num and not share
        unit = class_unit or plain_unit
        unit_start = m.start("ge1") if ge else m.start("unit1") if plain_unit else None
        end = m.start("post") if post_word else m.end()
        post_group = "post" if post_word else None
        inner_group = "in1" if inner_word else None
        if share or tenths or fraction:
            # the numeral says its unit (or, a fraction, has none): a unit word after it is the next word's
            # (八成人口, 三分之一人口), and only a suffix qualifier may follow it
            unit, per_unit, unit_start, end, inner_group = None, None, None, ne, None
            if inner_word and (share or tenths):
                inner_group, end = "in1", m.end("in1")  # 百分之五十多, 七成多
            sm = m_.suffix.match(w, end)
            post_group = "suffix" if sm else None
            post_span = sm.span() if sm else None
        else:
            post_span = m.span("post") if post_word else None
        if chinese and unit and m_.unit_rules[unit].arabic_only:
            continue  # 三方: three parties, not three cubic metres
        if unit_start is not None and w.startswith(m_.unit_clashes, unit_start):
            if chinese:
                continue  # 两位数, 三门峡, 零部件
            unit, end, post_group, post_span = None, unit_start, None, None  # 3万家庭: a bare figure before a word
            while end > ne and s[end - 1] == " ":
                end -= 1
        after = s[end] if end < len(s) else ""
        prev = s[ns - 1] if ns > 0 else ""
        # a sign: the source character is a minus or plus sign (or 负) and no digit, letter or % stands before it
        negative = False
        signed = False
        if sign_word:
            src = text[m.start("sign")]
            left = s[m.start("sign") - 1] if m.start("sign") > 0 else ""
            sign = _SIGNS.get(src)
            if sign is None and sign_word in n.signs and (not _HAN.match(left) or left in n.sign_after):
                sign = n.signs[sign_word]  # 负5, 为负0.5% (not 减负1000亿元: a word)
            signed = sign is not None and not (left.isdigit() or _is_code(left) or left == n.percent_unit)
            negative = signed and sign is not None and sign < 0
        # --- what is not a quantity
        if _inside(ns, titled):
            continue
        if s.endswith(m_.ordinal_before, 0, m.start()) or (
            ordinal_end is not None and m.start() == ordinal_end + 1 and s[ordinal_end] == "、"
        ):
            ordinal_end = end
            continue  # 第19届, 十一届十次全会, 十二届七次、八次全会
        low_end = False  # 三至五年: a Chinese numeral without a unit may open a range
        share_high: str | None = None  # 百分之十到二十: a bare numeral closing a share's range
        if chinese:
            if not (share or tenths or fraction):
                if unit is None and not _inside(ns, quoted):
                    sep = m_.range_sep.match(w, end)
                    low_end = bool(sep and sep.end() < len(w) and (w[sep.end()] in n.digits or w[sep.end()] in n.units))
                    if out and out[-1].share and out[-1].post is None:
                        gap = m_.range_sep.fullmatch(w, out[-1].end, m.start())
                        if gap is not None and not pre_word:
                            share_high = out[-1].unit
                if _inside(ns, quoted) or (unit is None and not low_end and share_high is None):
                    continue  # 十九大, “四个意识”
                if num in n.not_a_count_alone and not low_end:
                    continue  # 一批, 二次供水
                if all(c in n.magnitude_alone for c in num) and not (pre_word or post_group):
                    continue  # 万亩杏园, 千年白道川, 千亿县
            elif tenths and num[0] in n.not_a_count_alone and len(num) <= 2 and not (pre_word or post_group):
                continue  # 一成不变 (but 一成以上 is 10 %)
        else:
            if _is_code(prev) or _is_code(after):
                continue  # G6, 5G, PM2.5, 4A级: codes
            if (prev and prev in marks and not signed) or (after and after in marks and unit is None):
                continue  # “1+N”, 4×4
            if unit is None and not (share or tenths or fraction):
                if signed and sign_word not in n.signs:
                    continue  # 歼-35: a dash in a name, not a negative amount
                if _inside(ns, quoted):
                    continue  # “1188”, “2030启航计划”, “从0到1”: numbers as names
                if ne - ns == len(num) and m_.plain_arabic.fullmatch(num):
                    if s.startswith(m_.name_after, end):
                        continue  # 110国道, 1号线, 90后, 7大领域
                    if "." not in num and len(num) == 4 and _is_year(int(num)):
                        continue  # 2025全球工业互联网大会: a year as part of a name
                    if num.endswith(".0"):
                        continue  # 数字政府2.0: a version
        # --- value and unit
        high: Value | None = None
        magnitude = 1
        num_approx: tuple[str, tuple[int, int]] | None = None
        am = m_.arabic_magnitude.fullmatch(num)
        if am is not None:
            # 1,234.5, 309亿, 1.2万 (most figures): what the reader reads, without its general path
            magnitude = n.magnitudes[am[2]] if am[2] else 1
            low: Value = Decimal(am[1].replace(",", "")) * magnitude
        else:
            try:
                reading = read_numeral(w[ns:ne], normalised=True)
            except Unreadable as err:
                if unread is not None:
                    unread.append(Unread(start=ns, end=ne, text=text[ns:ne], reason=str(err)))
                continue
            low, high, magnitude = abs(reading.value), reading.value_max, reading.magnitude
            if reading.value < 0:
                negative = not negative  # 负百分之五 (a sign inside the numeral is the reader's)
            unit = reading.unit or unit
            if reading.approx is not None and reading.approx_span is not None:
                num_approx = (reading.approx, (ns + reading.approx_span[0], ns + reading.approx_span[1]))
        if share_high is not None:
            unit = share_high
        if unit and per_unit:
            unit = f"{unit}{unit_table().per}{per_unit}"
        approx: str | None = None
        bound: Bound | None = None
        approx_span: tuple[int, int] | None = None
        pre = post = None
        if pre_word:
            rule = q.prefix[pre_word]
            pre = (m.start("pre"), m.end("pre"), pre_word)
            approx, bound = rule.approx, rule.bound
            if rule.approx:
                approx_span = m.span("pre")
        if inner_group and not unit and magnitude == 1 and end < len(s) and _HAN.match(s[end]):
            end = m.start(inner_group)  # 2000多元化: the 多 starts the next word
            inner_group = None
        if approx is None and num_approx is not None:
            approx, approx_span = num_approx[0], num_approx[1]  # type: ignore[assignment]
        if inner_group and approx is None:
            approx = q.inner[m[inner_group]].approx
            approx_span = m.span(inner_group)
        if post_group and post_span is not None:
            word = w[post_span[0] : post_span[1]]
            rule = q.suffix[word]
            post = (post_span[0], post_span[1], word)
            if approx is None and rule.approx:
                approx, approx_span = rule.approx, post_span
            bound = bound or rule.bound
        out.append(
            _Term(
                start=m.start("sign") if signed else ns,
                end=end,
                num_start=ns,
                low=low,
                high=high,
                magnitude=magnitude,
                negative=negative,
                unit=unit,
                approx=approx,
                bound=bound,
                approx_span=approx_span,
                pre=pre,
                post=post,
                chinese=chinese,
                low_end=low_end,
                share=share,
            )
        )
    return out


def _join_ranges(s: str, terms: list[_Term]) -> list[tuple[_Term, _Term | None, Value, Value | None]]:
    """Pair `4.5%` and `5%` of `4.5%—5%` (also 5%-6%, 10至15个, 4.5%到5%, 百分之十到二十) into one mention.

    Returns (first, second or None, the value, the high end or None): in `5—10万元` the low end takes the
    high end's 万; a range written in one numeral (二三十) is its own.
    """
    m_ = matcher()
    out: list[tuple[_Term, _Term | None, Value, Value | None]] = []
    i = 0
    while i < len(terms):
        a = terms[i]
        b = terms[i + 1] if i + 1 < len(terms) else None
        if (
            b is not None
            and a.post is None
            and b.pre is None
            and a.chinese == b.chinese
            and not a.negative
            and a.high is None
            and b.high is None
        ):
            gap = s[a.end : b.num_start]
            if m_.range_sep.fullmatch(gap) and (a.unit is None or a.unit == b.unit) and b.unit is not None:
                low: Value = a.low
                if a.magnitude == 1 and b.magnitude > 1 and a.low < b.raw:
                    low = a.low * b.magnitude  # 5—10万元: both ends in 万
                if b.low > low:
                    b.negative = False
                    b.start = b.num_start
                    out.append((a, b, low, b.low))
                    i += 2
                    continue
        if not a.low_end:
            out.append((a, None, a.value, a.high))
        i += 1
    # 分别提高20.9、36.2、54个百分点: bare figures listed with 、 take the unit of the figure that ends the list
    for k in range(len(out) - 2, -1, -1):
        a, b, _, _ = out[k]
        nxt = out[k + 1][0]
        if b is None and a.unit is None and a.magnitude == 1 and nxt.unit and s[a.end : nxt.start] == "、":
            a.unit = nxt.unit
    return out


@lru_cache(maxsize=1)
def _unit_bases() -> dict[str, tuple[str, str | None, Fraction]]:
    """unit -> (dimension, base unit, factor to the base unit), read once."""
    return {name: (rule.dimension, rule.base, rule.fraction) for name, rule in unit_table().units.items()}


def _base(value: Value, number: int | float, unit: str | None) -> tuple[str | None, int | float | None, str | None]:
    """(dimension, base_value, base_unit) of a value in `unit`; `number` is `as_number(value)`."""
    if unit is None:
        return None, None, None
    rule = _unit_bases().get(unit)
    if rule is None:
        return None, None, None
    dimension, base, factor = rule
    if base is None:
        return dimension, None, None
    if factor == 1 and (isinstance(number, int) or math.isfinite(number)):
        # a value in the base unit itself (元, %): `number` is already it (a finite float is the nearest float
        # to the value either way; only an overflow would differ, so it keeps the Fraction path)
        return dimension, number, base
    return dimension, as_number(Fraction(value) * factor), base


def find_quantities(doc: Doc, scans: list[Sequence[TimeExpression]] | None = None) -> list[Quantity]:
    """Every quantity in the report's content sentences, ids q0001.. in span order, `sentence_id` set;
    `scans` are the time expressions of the content sentences (`periods.sentence_scans`), masked first."""
    return scan_quantities(doc, scans)[0]


def scan_quantities(doc: Doc, scans: list[Sequence[TimeExpression]] | None = None) -> tuple[list[Quantity], list[Unread]]:
    """`find_quantities` and the numerals it left unread because they cannot be read with certainty
    (`几十万`, `三五`, `万三`), in span order with offsets into the report."""
    found: list[dict[str, object]] = []  # each quantity's fields, made into a `Quantity` once its id is known
    unread: list[Unread] = []
    content = doc.content_sentences()
    work = [(k, content[k], doc.norm[content[k].start : content[k].end]) for k in _candidates(doc.norm, content)]
    times = scan_each([s for _, _, s in work]) if scans is None else [scans[k] for k, _, _ in work]
    sources = [doc.text[sent.start : sent.end] for _, sent, _ in work]
    copies = _working_copies([s for _, _, s in work], sources, times)
    for (_, sent, s), t, w in zip(work, sources, copies, strict=True):
        missed: list[Unread] = []
        terms = _terms(t, s, w, _starts_line(doc.norm, sent.start), missed)
        unread += [
            Unread(start=sent.start + u.start, end=sent.start + u.end, text=u.text, reason=u.reason, sentence_id=sent.id)
            for u in missed
        ]
        for a, b, value, high in _join_ranges(s, terms):
            last = b or a
            start, end = sent.start + a.start, sent.start + last.end
            unit = last.unit
            approx, bound, approx_span = a.approx, a.bound, a.approx_span
            if b is not None:
                if approx is None and b.approx is not None:
                    approx, approx_span = b.approx, b.approx_span
                bound = bound or b.bound
            number = as_number(value)
            dimension, base_value, base_unit = _base(value, number, unit)
            found.append(
                {
                    "start": start,
                    "end": end,
                    "text": doc.text[start:end],
                    "value": number,
                    "value_max": as_number(high) if high is not None else None,
                    "unit": unit,
                    "approx": approx,
                    "bound": bound,
                    "approx_start": sent.start + approx_span[0] if approx_span else None,
                    "approx_end": sent.start + approx_span[1] if approx_span else None,
                    "dimension": dimension,
                    "base_value": base_value,
                    "base_unit": base_unit,
                    "sentence_id": sent.id,
                }
            )
    found.sort(key=lambda x: (x["start"], x["end"]))
    # Quantity's own validator, called directly (as segment makes sentences): the same validation and the same
    # instance as Quantity(**fields), without the Python-level __init__, and no id set afterwards
    new_quantity = Quantity.__pydantic_validator__.validate_python
    quantities = [new_quantity({"id": f"q{i:04d}", **fields}) for i, fields in enumerate(found, 1)]
    unread.sort(key=lambda u: (u.start, u.end))
    return quantities, unread


@dataclass(frozen=True)
class NumeralStats:
    """How a report's numbers were read (`huimin numbers --stats`)."""

    quantities: int
    chinese: int  # quantities written without an Arabic digit (三千五百户, 百分之七点八, 八成)
    unread: list[Unread]  # numerals left out because they cannot be read with certainty

    def as_dict(self) -> dict[str, object]:
        return {
            "quantities": self.quantities,
            "chinese": self.chinese,
            "unread": [
                {"start": u.start, "end": u.end, "text": u.text, "reason": u.reason, "sentence_id": u.sentence_id}
                for u in self.unread
            ],
        }


def numeral_stats(doc: Doc) -> NumeralStats:
    """Count the report's quantities, those in Chinese numerals, and the numerals left unread."""
    found, unread = scan_quantities(doc)
    chinese = sum(not any("0" <= c <= "9" for c in normalise(q.text)) for q in found)
    return NumeralStats(quantities=len(found), chinese=chinese, unread=unread)


def _candidates(norm: str, sentences: list[Sentence]) -> list[int]:
    """The indexes of the sentences that pass `matcher().candidate`: most sentences hold no digit and no
    counted numeral, and are dropped before any other work.

    One scan of the sentences joined with NUL, which skips to the next sentence after each hit: the pattern
    holds no NUL and a lookaround that sees a NUL sees what it sees at the end of a string, so it finds a
    match in the joined text inside exactly the sentences where it finds one alone.
    """
    candidate = matcher().candidate
    joined, starts = joined_with_nul([norm[sent.start : sent.end] for sent in sentences])
    out: list[int] = []
    pos = 0
    while (m := candidate.search(joined, pos)) is not None:
        k = bisect_right(starts, m.start()) - 1
        out.append(k)
        if k + 1 == len(starts):
            break
        pos = starts[k + 1]
    return out


def _starts_line(norm: str, offset: int) -> bool:
    """Whether only spaces stand between the last line break before `offset` and `offset`."""
    i = offset - 1
    while i >= 0 and norm[i] in " \t":
        i -= 1
    return i < 0 or norm[i] in "\n\r"
