"""The measurement behind the choice of the web-page and PDF libraries (README: Input). Not part of `make bench`.

    .venv/bin/pip install trafilatura readability-lxml justext resiliparse boilerpy3 inscriptis \
        pypdf pdfminer.six pymupdf        # the candidates (not dependencies of the project)
    make inputs                           # build/inputs/: the 26 bundled texts as web pages and PDFs
    .venv/bin/python bench/converters.py build/inputs

Web pages: for each extractor, over the 26 pages (tests/pages.py: three government-site layouts, GBK and
UTF-8), the share of the report's lines (by characters) that come out as whole lines, the characters of
lines that are not the report's (navigation, tool bars, related links, comments, footers), whether the
title leads, on how many pages the report came out whole, and the time.

PDFs: for each library, the time to get the text of a PDF of 100+ pages (the 26 PDFs joined in one page
order would be too long: the PDF printed from one page of six reports) and the share of the page's
characters (whitespace aside) found in the text.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import pages  # noqa: E402  (the tests' page maker)
from huimin_extract.webpage import decode_page, page_text  # noqa: E402

RAW = ROOT / "data" / "raw"
REPORTS = [RAW / "huimin-2022.txt", *sorted((RAW / "provinces-2026").glob("*.txt"))]


def _norm(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip(" \u00a0\u3000")


def _expected(report: Path) -> list[str]:
    lines = report.read_text(encoding="utf-8").splitlines()
    return [n for n in (_norm(line) for line in lines[pages._title_index(lines) :]) if n]


def _fragment_lines(markup: str) -> list[str]:
    """Lines of an HTML fragment (what readability returns): one per block element."""
    import lxml.html

    out: list[str] = []
    current: list[str] = []
    blocks = {"p", "div", "h1", "h2", "h3", "h4", "li", "tr", "br", "article", "section", "table", "td"}

    def flush() -> None:
        if current:
            out.append("".join(current))
            current.clear()

    def walk(element) -> None:  # type: ignore[no-untyped-def]
        if element.tag in blocks:
            flush()
        current.append(element.text or "")
        for child in element:
            if isinstance(child.tag, str):
                walk(child)
            current.append(child.tail or "")
        if element.tag in blocks:
            flush()

    walk(lxml.html.fromstring(markup))
    flush()
    return out


def trafilatura(markup: str, data: bytes) -> list[str]:
    import trafilatura as t

    return (t.extract(markup, include_comments=False, include_tables=True, favor_recall=True) or "").splitlines()


def readability(markup: str, data: bytes) -> list[str]:
    from readability import Document

    document = Document(markup)
    return [document.short_title(), *_fragment_lines(document.summary(html_partial=True))]


def justext(markup: str, data: bytes) -> list[str]:
    import justext as j  # no Chinese stop list exists: length and link density only

    return [p.text for p in j.justext(data, frozenset(), stopwords_low=0, stopwords_high=0) if not p.is_boilerplate]


def resiliparse(markup: str, data: bytes) -> list[str]:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    return extract_plain_text(HTMLTree.parse(markup), main_content=True).splitlines()


def boilerpy3(markup: str, data: bytes) -> list[str]:
    from boilerpy3 import extractors

    return extractors.ArticleExtractor().get_content(markup).splitlines()


def inscriptis(markup: str, data: bytes) -> list[str]:
    import inscriptis as i  # the whole page as text: the noise floor

    return i.get_text(markup).splitlines()


def selectolax_huimin(markup: str, data: bytes) -> list[str]:
    return page_text(data, "page.html").text.splitlines()


HTML_CANDIDATES: list[Callable[[str, bytes], list[str]]] = [
    trafilatura, readability, justext, resiliparse, boilerpy3, inscriptis, selectolax_huimin,
]  # fmt: skip


def web_pages(made: Path) -> None:
    print("| extractor | report lines kept | noise (characters) | title first | whole | seconds |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for candidate in HTML_CANDIDATES:
        kept = total = noise = titles = whole = 0
        seconds = 0.0
        for report in REPORTS:
            data = (made / f"{report.stem}.html").read_bytes()
            markup, _ = decode_page(data, "page.html")
            expected = _expected(report)
            started = time.perf_counter()
            got = [n for n in (_norm(line) for line in candidate(markup, data)) if n]
            seconds += time.perf_counter() - started
            want, have = Counter(expected), Counter(got)
            report_kept = sum(min(have[line], n) * len(line) for line, n in want.items())
            kept += report_kept
            total += sum(len(line) for line in expected)
            noise += sum(n * len(line) for line, n in (have - want).items())
            titles += bool(got) and got[0] == expected[0]
            whole += report_kept == sum(len(line) for line in expected)
        name = candidate.__name__.replace("_", " + ")
        print(f"| {name} | {kept / total:.2%} | {noise:,} | {titles}/{len(REPORTS)} | {whole}/{len(REPORTS)} | {seconds:.2f} |")


def _pypdfium2(path: Path) -> str:
    import pypdfium2 as pdfium

    return "".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(str(path)))


def _pymupdf(path: Path) -> str:
    import pymupdf

    return "".join(page.get_text() for page in pymupdf.open(str(path)))


def _pypdf(path: Path) -> str:
    import pypdf

    return "".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)


def _pdfminer(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(str(path))


PDF_CANDIDATES = {
    "pypdfium2 (Apache-2.0/BSD-3)": _pypdfium2,
    "pymupdf (AGPL-3.0)": _pymupdf,
    "pypdf (BSD-3, pure Python)": _pypdf,
    "pdfminer.six (MIT, pure Python; pdfplumber is built on it)": _pdfminer,
}


def pdfs(made: Path) -> None:
    page, pdf = pages.make_long_inputs(REPORTS[1:], made)
    import pypdfium2 as pdfium

    count = len(pdfium.PdfDocument(str(pdf)))
    shown = page_text(page.read_bytes(), "long.html").text
    want = Counter("".join(shown.split()))
    print(f"\nA PDF of {count} pages printed from one page of {len(shown):,} characters:\n")
    print("| library | seconds | per 100 pages | page characters found |")
    print("| --- | ---: | ---: | ---: |")
    for name, extract in PDF_CANDIDATES.items():
        started = time.perf_counter()
        got = Counter("".join(extract(pdf).split()))
        seconds = time.perf_counter() - started
        found = sum((want & got).values()) / sum(want.values())
        print(f"| {name} | {seconds:.2f} | {seconds * 100 / count:.2f} | {found:.2%} |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python bench/converters.py DIR_OF_PAGES_AND_PDFS (make inputs writes build/inputs)")
    web_pages(Path(sys.argv[1]))
    pdfs(Path(sys.argv[1]))
