"""Web pages and PDFs in, the same dataset out: conversion, page numbers, encodings, errors.

The pages and PDFs are made in the test session from the bundled texts (tests/pages.py): a government-site
page around each text (three layouts, GBK and UTF-8) and a PDF printed from it by headless Chromium. The
PDF tests skip, saying why, where Chromium or a CJK font is missing; CI installs both (.ci/run).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from huimin_extract import extract_file
from huimin_extract.check import problems
from huimin_extract.models import Dataset
from huimin_extract.pdftext import _continues, _Line, pdf_text
from huimin_extract.reading import read_report
from huimin_extract.webpage import declared_encoding, page_text
from huimin_extract.writers import to_json

from . import pages
from .conftest import HUIMIN, PROVINCES, dataset_of, run_cli
from .pdfs import encrypted_pdf, scanned_pdf, simple_pdf
from .test_view import Page

# One report per page layout (pages.STYLES cycles by index): div/GBK, table/UTF-8, article/GBK.
SAMPLE = [HUIMIN, *PROVINCES[:2]]  # one report in each of the three page layouts (by position)
PRINTED = SAMPLE[:2]  # printing takes seconds a report: the first two layouts; `make bench` prints all
MISSING = pages.missing_tools()
needs_printing = pytest.mark.skipif(MISSING is not None, reason=f"cannot print PDFs: {MISSING}")
FURNITURE = ("当前位置", "版权所有", "分享到", "网友评论", "相关链接", "访问量", "主办：", "扫一扫", "上一篇", "浏览次数")


@pytest.fixture(scope="session")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's web pages, and PDFs printed from them where Chromium and a CJK font are installed."""
    out = tmp_path_factory.mktemp("inputs")
    for index, report in enumerate(SAMPLE):
        pages.make_inputs(report, out, index, pdf=MISSING is None and report in PRINTED)
    return out


def assert_same_dataset(converted: Dataset, text: Dataset) -> None:
    """>= 99 % of the text's indicators (metric, kind, measure, period, value) and the same GDP target."""
    kept, total = pages.kept_indicators(converted, text)
    assert kept >= 0.99 * total, f"kept {kept} of {total}"
    assert pages.plan_gdp_targets(converted) == pages.plan_gdp_targets(text)
    assert pages.plan_gdp_targets(text), "the sample's texts all state a GDP growth target"
    assert (converted.report.year, converted.report.region) == (text.report.year, text.report.region)


# --------------------------------------------------------------------------------------------------
# Web pages


@pytest.mark.parametrize("report", SAMPLE, ids=lambda p: p.stem)
def test_web_page_gives_the_texts_indicators(made: Path, report: Path) -> None:
    page = made / f"{report.stem}.html"
    ds = extract_file(str(page))
    assert_same_dataset(ds, dataset_of(report))
    assert ds.source.name == f"{report.stem}.txt" and ds.source.original is not None
    assert (ds.source.original.name, ds.source.original.type) == (page.name, "html")
    assert problems(ds, read_report(str(page)).text) == []


@pytest.mark.parametrize("report", SAMPLE, ids=lambda p: p.stem)
def test_web_page_keeps_the_body_whole_and_nothing_else(made: Path, report: Path) -> None:
    text = read_report(str(made / f"{report.stem}.html")).text
    lines = text.splitlines()
    body = [" ".join(line.split()) for line in report.read_text(encoding="utf-8").splitlines()]
    title = pages._title_index(body)
    expected = [line for line in body[title:] if line]
    assert Counter(expected) == Counter(lines)
    assert not [line for line in lines if any(f in line for f in FURNITURE)]
    assert lines[0] == body[title]


def test_gbk_page_is_read_by_its_declaration_and_utf8_alike(made: Path) -> None:
    gbk, utf8 = (read_report(str(made / f"{p.stem}.html")) for p in SAMPLE[:2])
    assert gbk.original is not None and gbk.original.encoding == "gb18030"  # declared gb2312, read as its superset
    assert utf8.original is not None and utf8.original.encoding == "utf-8"


def test_a_page_that_lies_about_its_encoding_is_detected(tmp_path: Path) -> None:
    page = tmp_path / "lie.html"
    page.write_bytes('<meta charset="utf-8"><body><div><p>2022年政府工作报告</p><p>地区生产总值增长7%左右。</p></div>'.encode("gbk"))
    decoded = read_report(str(page))
    assert decoded.original is not None and decoded.original.encoding == "gb18030"
    assert "地区生产总值增长7%左右。" in decoded.text.splitlines()


def test_encoding_option_overrides_the_declaration(tmp_path: Path) -> None:
    page = tmp_path / "big5.html"
    page.write_bytes('<meta charset="gbk"><body><p>地區生產總值增長百分之五。</p></body>'.encode("big5"))
    assert "地區生產總值增長百分之五。" in read_report(str(page), encoding="big5").text


@pytest.mark.parametrize(
    ("markup", "lines"),
    [
        ("<body><p>地区生产总值\n  增长5%。</p></body>", ["地区生产总值增长5%。"]),  # a source line break between Chinese: none
        ("<body><p>GDP\ngrew</p></body>", ["GDP grew"]),  # between Latin words: a space
        ("<body><div>第一行<br>第二行<br/>&nbsp;&nbsp;第三行</div></body>", ["第一行", "第二行", "第三行"]),
        ("<body><table><tr><th>指标</th><th>2025年</th></tr><tr><td>增速</td><td>5%</td></tr><tr><td>总量</td><td>1万亿</td></tr></table></body>", ["指标\t2025年", "增速\t5%", "总量\t1万亿"]),
        ("<body><p>正文<!-- 注释 --><script>var a = 1;</script><style>p{}</style>继续</p></body>", ["正文继续"]),
        ("<body><p>正文&amp;附件&#x4E00;&#19968;</p></body>", ["正文&附件一一"]),
    ],
    ids=["cjk-newline", "latin-newline", "br", "table", "comments-scripts", "entities"],
)
def test_page_lines(markup: str, lines: list[str]) -> None:
    assert page_text(markup.encode(), "x.html").text.splitlines() == lines


def test_tool_bars_inside_the_body_are_dropped_and_the_title_leads() -> None:
    markup = (
        "<title>2024年政府工作报告_某市人民政府</title><body><div class=main><h1>2024年政府工作报告</h1>"
        "<div class=tools><a>打印</a> <a>关闭</a> 【字号：<a>大</a> <a>中</a> <a>小</a>】</div>"
        "<div class=content><p>各位代表：</p><p>地区生产总值增长5%。</p><p>城镇新增就业1万人。</p></div></div></body>"
    )
    assert page_text(markup.encode(), "x.html").text.splitlines() == [
        "2024年政府工作报告", "各位代表：", "地区生产总值增长5%。", "城镇新增就业1万人。",
    ]  # fmt: skip


def test_a_page_wrapped_in_one_form_keeps_its_body() -> None:
    """ASP.NET sites put the whole page in one `<form>`: only its controls go."""
    markup = (
        '<body><form id="form1"><input type="hidden" value="VIEWSTATE"><div class="nav"><a>首页</a> <a>政务公开</a></div>'
        "<div id=zoom><p>2024年政府工作报告</p><p>地区生产总值增长5%。</p><p>城镇新增就业1万人。</p></div>"
        "<select><option>友情链接</option></select></form></body>"
    )
    assert page_text(markup.encode(), "x.aspx.html").text.splitlines() == ["2024年政府工作报告", "地区生产总值增长5%。", "城镇新增就业1万人。"]


def test_declared_encodings() -> None:
    assert declared_encoding(b'<?xml version="1.0" encoding="GBK"?><html>') == "gb18030"
    assert declared_encoding(b"<meta charset=big5>") == "cp950"  # the superset Big5 pages are written in
    assert declared_encoding(b"<meta charset=no-such-codec>") is None


# --------------------------------------------------------------------------------------------------
# PDFs


@needs_printing
@pytest.mark.parametrize("report", PRINTED, ids=lambda p: p.stem)
def test_pdf_gives_the_texts_indicators(made: Path, report: Path) -> None:
    pdf = made / f"{report.stem}.pdf"
    ds = extract_file(str(pdf))
    assert_same_dataset(ds, dataset_of(report))
    assert ds.source.original is not None and (ds.source.original.type, ds.source.original.encoding) == ("pdf", None)
    assert problems(ds, read_report(str(pdf)).text) == []


@needs_printing
@pytest.mark.parametrize("report", PRINTED, ids=lambda p: p.stem)
def test_every_pdf_sentence_cites_the_page_it_is_printed_on(made: Path, report: Path) -> None:
    import pypdfium2 as pdfium

    pdf = made / f"{report.stem}.pdf"
    ds = extract_file(str(pdf))
    document = pdfium.PdfDocument(str(pdf))
    printed = ["".join(page.get_textpage().get_text_range().split()) for page in document]
    assert ds.source.original is not None and ds.source.original.pages == len(printed) > 3
    last = 1
    for s in ds.sentences:
        assert s.page is not None and s.page >= last, s
        last = s.page_end or s.page
        text = "".join(s.text.split())
        if s.page_end is None:
            assert text in printed[s.page - 1], (s.page, s.text)
        else:  # the sentence runs from the end of one page onto the next
            assert s.page_end == s.page + 1, s
            assert any(text[:k] in printed[s.page - 1] and text[k:] in printed[s.page] for k in range(1, len(text))), s
    assert any(s.page_end for s in ds.sentences), "some sentence runs across a page break"


@needs_printing
@pytest.mark.parametrize("report", PRINTED, ids=lambda p: p.stem)
def test_pdf_furniture_is_dropped_and_lines_rejoined(made: Path, report: Path) -> None:
    text = read_report(str(made / f"{report.stem}.pdf")).text
    page_text_ = read_report(str(made / f"{report.stem}.html")).text
    assert not re.search(r"^[—\-\s]*\d+[—\-\s]*$", text, re.MULTILINE)  # no page numbers
    title = page_text_.splitlines()[0]
    assert text.count(title) == page_text_.count(title)  # no running header (the title on every page)
    pdf_lines, page_lines = Counter(text.splitlines()), Counter(page_text_.splitlines())
    differ = (pdf_lines - page_lines) + (page_lines - pdf_lines)
    assert sum(differ.values()) <= 0.01 * len(page_text_.splitlines()), differ  # paragraphs re-joined as the page had them


def test_same_pdf_same_bytes(tmp_path: Path) -> None:
    pdf = tmp_path / "one.pdf"
    pdf.write_bytes(simple_pdf(["2025年政府工作报告", "地区生产总值增长5%左右。城镇新增就业1万人以上。"]))
    first, second = extract_file(str(pdf)), extract_file(str(pdf))
    assert to_json(first) == to_json(second)
    assert [s.page for s in first.sentences] == [1, 1, 1]


# Joining lines: the decision between two lines, on made-up geometry (points; 12 pt characters).
def line(text: str, left: float = 57, right: float = 537, font: float = 12, first_word: float = 12) -> _Line:
    return _Line(1, text, left, right, 700, 688, 12, font, first_word)


@pytest.mark.parametrize(
    ("before", "after", "room", "joined"),
    [
        (line("深入落实中央一揽子政策措施，全面落实"), line("季度工作会议。"), 0, True),  # a full line runs on
        (line("深入落实中央一揽子政策措施。"), line("季度工作会议。"), 300, False),  # a short line ends its paragraph
        (line("行政机关负责人出庭应诉率保持"), line("100%，公共政策兑现率95.3%。", first_word=40), 30, True),  # 100%， did not fit
        (line("全面落实。"), line("季度工作会议。", left=81), 0, False),  # a first-line indent
        (line("并请省政协委"), line("一、2025年工作回顾", font=18), 10, False),  # a heading set larger
        (line("请予审议，并请省政协委员提出意见。"), line("一、2025年工作回顾"), 0, False),  # a numbered heading
        (line("糖料总产量七千"), line("一百八十万吨，增长３３．７％。", left=81), 200, True),  # a numeral runs on
    ],
    ids=["full-line", "short-line", "word-did-not-fit", "indent", "larger-font", "numbered-heading", "numeral"],
)
def test_line_joining(before: _Line, after: _Line, room: float, joined: bool) -> None:
    indented = after.left > 57 + 0.8 * 12
    assert _continues(before, after, room, indented) is joined


# --------------------------------------------------------------------------------------------------
# Bad PDFs and pages (see also tests/test_cli_errors.py, which runs them through the CLI)


def test_blank_after_a_sentence_end_is_the_archives_paragraph_gap() -> None:
    # national-1991 joins its paragraphs on one line with 　　; PDFium gives the blank glyphs as one space
    from huimin_extract.pdftext import _paragraph_gaps

    assert _paragraph_gaps("请予审议。 一、１９９０年计划的执行情况") == "请予审议。\u3000\u3000一、１９９０年计划的执行情况"
    assert _paragraph_gaps("增长 5%") == "增长 5%" and _paragraph_gaps("GDP. The") == "GDP. The"


def test_simple_pdf_reads() -> None:
    lines = ["2025年政府工作报告", "全年地区生产总值增长5%左右，城镇新增就业1万人以上。"]
    assert pdf_text(simple_pdf(lines), "x.pdf").text == "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (scanned_pdf(), "no text layer (0 characters on 1 pages): a scanned PDF? OCR it first"),
        (encrypted_pdf(), "encrypted PDF"),
        (simple_pdf(["2025年政府工作报告"])[:300], "corrupt PDF (Data format error)"),
        (simple_pdf(["第1页"]), "no text layer (3 characters on 1 pages)"),  # a scan with a stamped page number
        (b"Just text, not a PDF", "not a PDF (no %PDF- header)"),
        (b"", "empty file"),
    ],
    ids=["scanned", "encrypted", "truncated", "stamp-only", "not-a-pdf", "empty"],
)
def test_bad_pdfs_are_refused_with_a_reason(data: bytes, problem: str) -> None:
    from huimin_extract.errors import InputError

    with pytest.raises(InputError) as info:
        pdf_text(data, "bad.pdf")
    assert str(info.value).startswith("bad.pdf: ") and problem in str(info.value)


# --------------------------------------------------------------------------------------------------
# Through the CLI: the text beside the dataset, skipping, view and validate, collisions


PDF_LINES = ["2025年某市政府工作报告", "过去一年，全市地区生产总值增长5.2%。", "今年地区生产总值预期增长5%左右，城镇新增就业1万人以上。"]


def test_extract_writes_the_text_beside_the_dataset(tmp_path: Path, monkeypatch, capsys) -> None:
    source = tmp_path / "report.pdf"
    source.write_bytes(simple_pdf(PDF_LINES))
    out = tmp_path / "out"
    status, stdout, _ = run_cli(monkeypatch, capsys, "extract", str(source), "-o", str(out), "-j", "1")
    assert status == 0 and stdout.split() == [str(out / "report.json"), str(out / "report.txt")]
    text = (out / "report.txt").read_text(encoding="utf-8")
    assert text == "\n".join(PDF_LINES) + "\n"
    dataset = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert dataset["source"]["sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert dataset["source"]["original"]["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert [s["page"] for s in dataset["sentences"]] == [1, 1, 1]
    # up to date the second time; validate and view find the text beside the dataset
    status, _, stderr = run_cli(monkeypatch, capsys, "extract", str(source), "-o", str(out), "-j", "1")
    assert status == 0 and "up to date" in stderr
    assert run_cli(monkeypatch, capsys, "validate", str(out / "report.json"), "--source", str(out / "report.txt"))[0] == 0
    assert run_cli(monkeypatch, capsys, "validate", str(out / "report.json"), "--source", str(source))[0] == 0
    status, _, _ = run_cli(monkeypatch, capsys, "view", str(out / "report.json"), "-o", str(tmp_path / "view.html"))
    page = (tmp_path / "view.html").read_text(encoding="utf-8")
    assert status == 0 and 'class="page" data-page="1"' in page and "page: 1" in page and "report.pdf → report.txt" in page
    assert Page(page).report_text == text  # the page marks add no text: the report shown is the source


@needs_printing
def test_view_of_a_printed_report_marks_every_page(made: Path) -> None:
    from huimin_extract.view import render_html

    pdf = made / f"{PRINTED[0].stem}.pdf"
    decoded = read_report(str(pdf))
    ds = extract_file(str(pdf))
    page = Page(render_html(ds, decoded.text))
    marked = [attrs["data-page"] for tag, attrs in page.elements if attrs.get("class") == "page"]
    assert ds.source.original is not None and len(marked) >= ds.source.original.pages - 1  # (a page may hold no sentence start)
    assert page.report_text == decoded.text


def test_csv_cites_pdf_pages(tmp_path: Path, monkeypatch, capsys) -> None:
    source = tmp_path / "report.pdf"
    source.write_bytes(simple_pdf(PDF_LINES))
    status, stdout, _ = run_cli(monkeypatch, capsys, "indicators", str(source), "--csv", "-")
    rows = list(csv.DictReader(io.StringIO(stdout)))
    assert status == 0 and rows and {row["page"] for row in rows} == {"1"}


def test_a_page_and_a_text_of_one_name_are_refused(tmp_path: Path, monkeypatch, capsys) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "report.txt").write_text("\n".join(PDF_LINES), encoding="utf-8")
    (tmp_path / "in" / "report.html").write_text("<body><p>" + "</p><p>".join(PDF_LINES) + "</p></body>", encoding="utf-8")
    status, _, stderr = run_cli(monkeypatch, capsys, "extract", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert status == 1 and "both would write the dataset" in stderr and not (tmp_path / "out").exists()


def test_a_text_of_the_users_is_never_replaced(tmp_path: Path, monkeypatch, capsys) -> None:
    page = tmp_path / "report.html"
    page.write_text("<body><p>" + "</p><p>".join(PDF_LINES) + "</p></body>", encoding="utf-8")
    mine = tmp_path / "report.txt"
    mine.write_text("my own notes", encoding="utf-8")
    status, _, stderr = run_cli(monkeypatch, capsys, "extract", str(page), "-o", str(tmp_path), "-j", "1")
    assert status == 1 and "report.txt: exists and is not a text converted by huimin" in stderr
    assert mine.read_text(encoding="utf-8") == "my own notes" and not (tmp_path / "report.json").exists()


def test_no_text_is_left_without_its_dataset(tmp_path: Path, monkeypatch, capsys) -> None:
    from huimin_extract.errors import OutputError

    def fail(*args, **kwargs):
        raise OutputError("out/report.json: cannot write output (no space left on device)")

    monkeypatch.setattr("huimin_extract.writers.write_dataset", fail)
    source = tmp_path / "report.pdf"
    source.write_bytes(simple_pdf(PDF_LINES))
    status, _, stderr = run_cli(monkeypatch, capsys, "extract", str(source), "-o", str(tmp_path / "out"), "-j", "1")
    assert status == 1 and "no space left" in stderr
    assert not list((tmp_path / "out").iterdir())


def test_a_directory_gives_its_pages_and_pdfs_but_not_the_outputs_below_it(tmp_path: Path, monkeypatch, capsys) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.PDF").write_bytes(simple_pdf(PDF_LINES))
    (tmp_path / "in" / "sub" / "b.htm").write_text("<body><p>" + "</p><p>".join(PDF_LINES) + "</p></body>", encoding="utf-8")
    for _ in range(2):  # the second run must not take the texts written below the input directory for inputs
        status, _, _ = run_cli(monkeypatch, capsys, "extract", str(tmp_path / "in"), "-o", str(tmp_path / "in" / "out"), "-j", "1", "-q")
        assert status == 0
    written = sorted(str(p.relative_to(tmp_path / "in" / "out")) for p in (tmp_path / "in" / "out").rglob("*.*"))
    assert written == ["a.json", "a.txt", "sub/b.json", "sub/b.txt"]
