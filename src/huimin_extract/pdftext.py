"""PDFs to report text: the text layer in reading order, one line per paragraph, with the page of every line.

pypdfium2 (PDFium, the engine of Chromium's PDF viewer) gives each page's text in content order with a line
break where the text moves to a new line, and the box of every character. From the boxes:

- Page furniture goes: a line at the top or bottom edge of a page (`EDGE_LINES`) that is a page number
  (`— 3 —`, `-3-`, `第3页`, `3/12`) or that repeats, digits aside, at the edges of many pages (`REPEATS`):
  a running header or footer. A repeat set larger than elsewhere (the title on the first page) stays.
- Lines are re-joined into paragraphs: a line continues the one before unless it starts indented (a first
  line indent, a centred heading), is set in another size (a heading), is a numbered heading (`一、`,
  `（一）`, `1.`) after a finished sentence, or the line before had room left for its first word (so it
  broke there on purpose: a paragraph's last line). A word is a character with the punctuation that may
  not start a line, or a run of Latin letters and digits such as `100%，`. Chinese is joined without a
  space; a space is put back only between two Latin letters or digits. This holds across a page break, so
  a sentence that runs onto the next page is one sentence.
- PDFium starts a new line at a glyph set higher on the same baseline (an opening quote); such pieces are
  put back together first.

A PDF with no text layer (a scan) is refused: this tool does no OCR. So are encrypted and corrupt files.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from .errors import InputError

EDGE_LINES = 2
"""Lines at each of a page's top and bottom edges that may be a running header, footer or page number."""

REPEATS = 0.3
"""Share of pages (and at least 3) whose edges must carry a line for it to be a running header or footer."""

INDENT_EM = 0.8
"""A line starting this many character widths right of the page's left margin begins a paragraph."""

ROOM_EM = 0.5
"""Slack, in character widths, when deciding whether the next line's first word would have fitted."""

MIN_CHARS_PER_PAGE = 20
"""Fewer text characters than this per page on average: a scan with at most a stamp of text, refused."""

_PAGE_NUMBER = re.compile(
    r"""^[\s\-—–－_·•.]*                  # a dash or dot before:  — 3 —, -3-, ·3·
        (?:第\s*)?\d{1,4}(?:\s*页)?          # the number: 3, 第3页
        (?:\s*(?:/|／|of|共)\s*\d{1,4}\s*页?)?  # of the total: 3/12, 第3页 共12页
        [\s\-—–－_·•.]*$""",
    re.VERBOSE,
)
_LATIN = re.compile(r"[A-Za-z0-9]")
_CONTROLS = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])  # unmapped glyphs come out as controls
_NUMERAL_CHARS = frozenset("〇零一二两三四五六七八九十百千万亿点0123456789０１２３４５６７８９.．")
_SENTENCE_GAP = re.compile(r"(?<=[。！？；：”])[ \u3000]+(?=[\u3400-\u9fff（(“一二三四五六七八九十—])")
_ASCII_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # runs collapse to one space; ideographic spaces (U+3000) are text: an
# archive separates joined paragraphs with them (segment splits there)
_SENTENCE_END = tuple("。！？；：!?;:")
# A heading or list number that starts a paragraph: 一、 （一） 1. 1、 第一，
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．](?!\d)|第[一二三四五六七八九十]+[,，、章节条部分])")
# The first word of a line: what a line breaker keeps together (Latin and digits with their signs, or one
# character), with the closing punctuation that may not begin a line.
_FIRST_WORD = re.compile(r"[（(［\[“‘《「『〔【〈]*(?:[A-Za-z0-9Ａ-Ｚａ-ｚ０-９.．%％‰°℃+\-−/:∶~～×,'’]+|.)[，。、；：！？”’）》」』〕】〉］,.;:!?)\]]*")


@dataclass(frozen=True)
class PdfText:
    text: str
    pages: int
    page_starts: tuple[tuple[int, int], ...]
    """(offset in `text`, page number) where each page's text begins, in order; pages without text are absent."""


@dataclass
class _Line:
    page: int
    text: str
    left: float
    right: float
    top: float
    bottom: float
    size: float  # the height of its first character's font box: about 1 em on the page
    font: float  # the font size of its first character (compared between lines only)
    first_word: float  # the width of its first word (see _FIRST_WORD)


def pdf_text(data: bytes, name: str) -> PdfText:
    """The report text of the PDF `data` (named `name` in errors): see the module doc."""
    import pypdfium2 as pdfium

    if not data:
        raise InputError(name, "empty file")
    if b"%PDF-" not in data[:1024]:
        raise InputError(name, "not a PDF (no %PDF- header): corrupt or mislabelled")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        if "password" in str(err).lower():
            raise InputError(name, "encrypted PDF (it needs a password); save an unprotected copy first") from None
        raise InputError(name, f"corrupt PDF ({_reason(err)})") from None
    try:
        count = len(document)
        pages = [_page_lines(document, index) for index in range(count)]
    except pdfium.PdfiumError as err:
        raise InputError(name, f"corrupt PDF ({_reason(err)})") from None
    finally:
        document.close()
    if count == 0:
        raise InputError(name, "PDF with no pages")
    chars = sum(len(line.text) for lines in pages for line in lines)
    if chars < MIN_CHARS_PER_PAGE * count:
        raise InputError(
            name,
            f"no text layer ({chars} characters on {count} pages): a scanned PDF? OCR it first (this tool does no OCR)",
        )
    body = _drop_furniture(pages)
    return _join(body, count)


def _reason(err: Exception) -> str:
    """PDFium's own words: `Failed to load document (PDFium: Data format error).` -> `Data format error`."""
    found = re.search(r"PDFium: ([^)]*)", str(err))
    return found.group(1).strip() if found else "unreadable"


def _page_lines(document: object, index: int) -> list[_Line]:
    """The page's lines in content order, each with its box (PDF points, y upwards) and font size."""
    import pypdfium2.raw as pdfium_c

    page = document[index]  # type: ignore[index]
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        aligned = len(text) == textpage.count_chars()  # PDFium counts its generated breaks as characters
        lines: list[_Line] = []
        start = 0
        for raw in text.split("\r\n"):
            stripped = raw.strip().translate(_CONTROLS)
            if stripped:
                first = start + (len(raw) - len(raw.lstrip()))
                last = start + len(raw.rstrip()) - 1
                line = _Line(index + 1, _paragraph_gaps(_ASCII_SPACES.sub(" ", stripped)), 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
                if aligned:  # else no boxes to trust, and every line is its own paragraph
                    line.left, line.bottom, _, line.top = textpage.get_charbox(first, loose=True)
                    line.right = textpage.get_charbox(last, loose=True)[2]
                    line.size = line.top - line.bottom
                    line.font = pdfium_c.FPDFText_GetFontSize(textpage.raw, first)
                    word = _FIRST_WORD.match(stripped)
                    word_end = first + (word.end() if word else 1) - 1
                    line.first_word = textpage.get_charbox(word_end, loose=True)[2] - line.left
                if lines and _same_line(lines[-1], line):
                    _extend(lines[-1], line)
                else:
                    lines.append(line)
            start += len(raw) + 2
        return lines
    finally:
        textpage.close()
        page.close()


def _paragraph_gaps(text: str) -> str:
    """A blank after a Chinese sentence end, before Chinese text, as the two ideographic spaces an archive's
    joined paragraphs are separated by (PDFium gives the blank glyphs as one space): 请予审议。　　一、…"""
    return _SENTENCE_GAP.sub("\u3000\u3000", text)


def _same_line(before: _Line, after: _Line) -> bool:
    """PDFium starts a new line at a glyph set higher (an opening quote); on the same baseline, it is not one."""
    return (
        after.size > 0 < before.size
        and abs(after.bottom - before.bottom) < 0.2 * before.size
        and before.right - 0.5 * before.size <= after.left <= before.right + 2 * before.size
    )


def _extend(line: _Line, more: _Line) -> None:
    gap = more.left - line.right
    glue = ""
    if gap > 0.5 * line.size:
        # blank glyphs between Chinese text are ideographic spaces (an archive's　　between joined paragraphs,
        # which segmentation splits at); between Latin words, a space
        latin = _LATIN.match(line.text[-1]) or _LATIN.match(more.text[0])
        glue = " " if latin else "\u3000" * max(1, round(gap / line.size))
    line.text += glue + more.text
    line.right = more.right
    line.top = max(line.top, more.top)


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", "".join(text.split()))


def _edges(lines: list[_Line]) -> list[_Line]:
    by_height = sorted(lines, key=lambda line: -line.top)
    if len(by_height) <= 2 * EDGE_LINES:
        return by_height
    return by_height[:EDGE_LINES] + by_height[-EDGE_LINES:]


def _drop_furniture(pages: list[list[_Line]]) -> list[list[_Line]]:
    """The pages without their running headers, footers and page numbers."""
    edges = [_edges(lines) for lines in pages]
    seen = Counter(key for page_edges in edges for key in {_key(line.text) for line in page_edges})
    needed = max(3, REPEATS * len(pages))
    widths: dict[str, list[float]] = {}  # the same text set larger is wider: a title, not a running header
    for page_edges in edges:
        for line in page_edges:
            widths.setdefault(_key(line.text), []).append(line.right - line.left)
    out: list[list[_Line]] = []
    for lines, page_edges in zip(pages, edges, strict=True):
        furniture = set()
        for line in page_edges:
            key = _key(line.text)
            if _PAGE_NUMBER.match(line.text):
                furniture.add(id(line))
            elif seen[key] >= needed and line.right - line.left <= 1.2 * statistics.median(widths[key]):
                furniture.add(id(line))
        out.append([line for line in lines if id(line) not in furniture])
    return out


def _margins(lines: list[_Line], fallback: tuple[float, float]) -> tuple[float, float]:
    """The left margin (the leftmost line start that recurs) and the right margin (where full lines end).

    The leftmost, not the most common: on a page of short indented paragraphs most lines start indented.
    """
    starts = Counter(round(line.left) for line in lines if line.size > 0)
    recurring = [x for x, n in starts.items() if n >= max(2, 0.05 * len(lines))]
    if len(lines) < 5 or not recurring:
        return fallback
    rights = sorted(line.right for line in lines)
    return float(min(recurring)), rights[int(0.9 * (len(rights) - 1))]


def _continues(before: _Line, line: _Line, room: float, indented: bool) -> bool:
    """Whether `line` carries on the paragraph of the line `before` it, which ended `room` points short of
    its page's right margin (see the module doc)."""
    if line.size <= 0 or before.size <= 0:
        return False  # (no size: no boxes to trust, every line a paragraph)
    if before.text[-1] in _NUMERAL_CHARS and line.text[0] in _NUMERAL_CHARS:
        return True  # a numeral is never cut by a paragraph end: 七千|一百八十万吨 (at a page break)
    if indented:
        return False
    if before.font and line.font and abs(line.font - before.font) > 0.1 * before.font:
        return False  # a heading set larger, or a note set smaller
    if _NUMBERED.match(line.text) and before.text.endswith(_SENTENCE_END):
        return False  # a numbered heading after a finished sentence, even when that line ran full
    return room < line.first_word + ROOM_EM * line.size  # its first word did not fit on the line before


def _join(pages: list[list[_Line]], count: int) -> PdfText:
    everything = [line for lines in pages for line in lines]
    if not everything:
        return PdfText("", count, ())
    whole = _margins(everything, (0.0, 0.0))
    em = statistics.median([line.size for line in everything if line.size > 0] or [1.0])
    paragraphs: list[list[str]] = []
    starts: list[tuple[int, int]] = []
    offset = 0
    before: _Line | None = None
    room = 0.0
    for lines in pages:
        left, right = _margins(lines, whole)
        for line in lines:
            indented = line.left > left + INDENT_EM * em
            if before is not None and _continues(before, line, room, indented):
                glue = " " if _LATIN.match(before.text[-1]) and _LATIN.match(line.text[0]) else ""
                paragraphs[-1].append(glue + line.text)
                offset += len(glue)
            else:
                if paragraphs:
                    offset += 1  # the line break that ends the paragraph before
                paragraphs.append([line.text])
            if not starts or starts[-1][1] != line.page:
                starts.append((offset, line.page))
            offset += len(line.text)
            before, room = line, right - line.right
    text = "\n".join("".join(parts) for parts in paragraphs) + "\n"
    return PdfText(text, count, tuple(starts))
