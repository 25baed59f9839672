"""The HTML view: one highlight element per extracted item, the text intact, toggles that work in a browser."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huimin_extract.display import format_value
from huimin_extract.errors import DatasetError
from huimin_extract.markup import Mark, nest
from huimin_extract.models import (
    Dataset,
    Indicator,
    Paragraph,
    Period,
    Project,
    ProjectGroup,
    Quantity,
    Report,
    Section,
    Sentence,
    Source,
)
from huimin_extract.reading import read_report
from huimin_extract.view import chart_rows, render_html

from .browser import colour_count, dump_dom, find_chromium, screenshot
from .conftest import HUIMIN, ROOT, dataset_of

KINDS = {"quantities": "quantity", "periods": "period", "indicators": "indicator", "projects": "project"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """Every start tag with its attributes, the text inside #report, and a check that tags nest properly."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.report_depth: int | None = None
        self.report_parts: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.elements.append((tag, found))
        if tag in VOID:
            return
        self.stack.append(tag)
        if found.get("id") == "report":
            self.report_depth = len(self.stack)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        if self.report_depth == len(self.stack):
            self.report_depth = None
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.report_depth is not None:
            self.report_parts.append(data)

    @property
    def report_text(self) -> str:
        return "".join(self.report_parts)

    def items(self) -> dict[str, list[dict[str, str | None]]]:
        """data-id -> the attributes of every element carrying it."""
        out: dict[str, list[dict[str, str | None]]] = {}
        for _, attrs in self.elements:
            if "data-id" in attrs:
                out.setdefault(str(attrs["data-id"]), []).append(attrs)
        return out


def _num(value: float | int) -> str:
    from huimin_extract.display import num

    return num(value)


def assert_one_highlight_per_item(page: Page, ds: Dataset) -> None:
    items = page.items()
    expected = {r.id: kind for name, kind in KINDS.items() for r in getattr(ds, name)}
    assert set(items) == set(expected)
    for rid, kind in expected.items():
        assert len(items[rid]) == 1, f"{rid}: {len(items[rid])} elements carry it"
        attrs = items[rid][0]
        assert attrs["data-kind"] == kind and attrs["id"] == rid
    for q in ds.quantities:
        attrs = items[q.id][0]
        assert attrs["data-value"] == _num(q.value) and attrs.get("data-unit") == q.unit
    for p in ds.periods:
        attrs = items[p.id][0]
        assert (attrs["data-from"], attrs["data-to"]) == (str(p.from_year), str(p.to_year))
    for i in ds.indicators:
        attrs = items[i.id][0]
        assert attrs["data-metric"] == i.metric and attrs["data-value"] == _num(i.value)
        assert attrs["data-indicator-kind"] == i.kind and attrs["data-measure"] == i.measure
        assert attrs.get("data-period") == i.period
    for j in ds.projects:
        assert items[j.id][0]["data-name"] == j.name


# ------------------------------------------------------------------------------------------------
# A small hand-built dataset: one record of each kind, overlapping, with characters that need escaping.

TEXT = (
    "2022年测试区政府工作报告\n下载 打印\n一、2021年工作回顾\n"
    '全区地区生产总值实现309亿元,增长8%。建设"A&B<x>"产业园项目,投资3亿元,2022年开工。\n'
)


def _at(surface: str, after: int = 0) -> tuple[int, int]:
    start = TEXT.index(surface, after)
    return start, start + len(surface)


def small_dataset() -> Dataset:
    def span(surface: str, after: int = 0) -> dict[str, object]:
        start, end = _at(surface, after)
        return {"start": start, "end": end, "text": surface}

    title = span("2022年测试区政府工作报告")
    heading = span("一、2021年工作回顾")
    body = TEXT.index("全区")
    line_end = TEXT.index("\n", body)
    metric = _at("地区生产总值")
    sections = [
        Section(
            id="sec01",
            **title,
            level=0,
            parent_id=None,
            path=["sec01"],
            body_end=len(TEXT),
            frame="title",
            from_year=2022,
            to_year=2022,
        ),
        Section(
            id="sec02",
            **heading,
            level=2,
            parent_id="sec01",
            path=["sec01", "sec02"],
            body_end=len(TEXT),
            frame="review",
            from_year=2021,
            to_year=2021,
        ),
    ]
    paragraphs = [
        Paragraph(id="par0001", **span("下载 打印"), section_id="sec01", boilerplate=True),
        Paragraph(
            id="par0002", start=body, end=line_end, text=TEXT[body:line_end], section_id="sec02", boilerplate=False
        ),
    ]
    sentences = [
        Sentence(id="s00001", **span("下载 打印"), paragraph_id="par0001", section_id="sec01", boilerplate=True),
        Sentence(
            id="s00002",
            start=body,
            end=line_end,
            text=TEXT[body:line_end],
            paragraph_id="par0002",
            section_id="sec02",
            boilerplate=False,
        ),
    ]
    quantities = [
        Quantity(id="q0001", **span("309亿元"), value=30900000000, unit="元", sentence_id="s00002"),
        Quantity(id="q0002", **span("8%"), value=8, unit="%", sentence_id="s00002"),
        Quantity(id="q0003", **span("3亿元"), value=300000000, unit="元", sentence_id="s00002"),
    ]
    periods = [
        Period(id="p0001", **span("2022年"), from_year=2022, to_year=2022, how="absolute"),
        Period(id="p0002", **span("2021年"), from_year=2021, to_year=2021, how="absolute"),
        # deliberately crosses the end of the project j0001 to exercise splitting
        Period(id="p0003", **span("元,2022年", body), from_year=2022, to_year=2022, how="absolute"),
    ]

    def indicator(iid: str, quantity: Quantity, measure: str) -> Indicator:
        return Indicator(
            id=iid, start=metric[0], end=quantity.end, text=TEXT[metric[0] : quantity.end], metric="地区生产总值",
            metric_id="gdp", metric_text="地区生产总值", metric_start=metric[0], metric_end=metric[1], kind="actual",
            measure=measure, value=quantity.value, unit=quantity.unit, period="2021", value_start=quantity.start,
            value_end=quantity.end, sentence_id="s00002", quantity_id=quantity.id,
        )  # fmt: skip

    indicators = [indicator("i0001", quantities[0], "level"), indicator("i0002", quantities[1], "growth")]
    projects = [
        Project(
            id="j0001",
            **span('"A&B<x>"产业园项目,投资3亿元'),
            name="A&B<x>产业园",
            investment=300000000,
            group=ProjectGroup(text="建设", count=1),
            status="started",
            period="2022",
            sentence_id="s00002",
        )  # fmt: skip
    ]
    return Dataset(
        tool_version="test",
        source=Source(name="small.txt", encoding="utf-8", sha256=None, length=len(TEXT)),
        report=Report(title=title["text"], title_start=0, title_end=title["end"], year=2022, region="测试区"),  # type: ignore[arg-type]
        sections=sections,
        paragraphs=paragraphs,
        sentences=sentences,
        quantities=quantities,
        periods=periods,
        indicators=indicators,
        projects=projects,
    )


def test_small_dataset_one_highlight_per_item_and_text_intact() -> None:
    ds = small_dataset()
    page_html = render_html(ds, TEXT)
    page = Page(page_html)
    assert page.stack == []
    assert_one_highlight_per_item(page, ds)
    assert page.report_text == TEXT
    assert "A&amp;B&lt;x&gt;" in page_html and "<x>" not in page_html
    # the crossing period split the project: its continuation carries data-cont, never data-id
    conts = [a for _, a in page.elements if a.get("data-cont")]
    assert {a["data-cont"] for a in conts} == {"p0003"}
    assert all("data-id" not in a and "data-kind" not in a for a in conts)


def test_small_dataset_page_furniture() -> None:
    ds = small_dataset()
    page_html = render_html(ds, TEXT)
    page = Page(page_html)
    assert page_html.startswith('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">')
    by_attr = [(tag, a) for tag, a in page.elements]
    # metric link: one element names both indicators, and its text is the metric
    metric = [a for _, a in by_attr if a.get("data-metric-for")]
    assert [m["data-metric-for"] for m in metric] == ["i0001 i0002"]
    # toggles for the four kinds, all on
    toggles = {a["data-toggle"]: a["aria-pressed"] for _, a in by_attr if "data-toggle" in a}
    assert toggles == {"quantity": "true", "period": "true", "indicator": "true", "project": "true"}
    # tables: one row per indicator and project, each linking to its highlight
    refs = [a["data-ref"] for tag, a in by_attr if tag == "tr" and "data-ref" in a]
    assert refs == ["i0001", "i0002", "j0001"]
    hrefs = {a["href"] for tag, a in by_attr if tag == "a"}
    assert {"#i0001", "#i0002", "#j0001", "#sec02"} <= hrefs
    # boilerplate dimmed, headings anchored
    assert any(a.get("class") == "boilerplate" for _, a in by_attr)
    assert any(a.get("id") == "sec02" and "heading" in str(a.get("class")) for _, a in by_attr)
    # the chart: a bar for the actual level and a bar for the growth, no target
    assert page_html.count('class="bar actual"') == 2 and 'class="target"' not in page_html
    assert "约309亿元" not in page_html and "309亿元（2021）" in page_html


def test_self_contained_and_deterministic() -> None:
    ds = small_dataset()
    first = render_html(ds, TEXT)
    assert first == render_html(ds, TEXT)
    for needle in ("http:", "https:", "<link", " src=", "@import", "url("):
        assert needle not in first


def test_text_that_is_not_the_source_is_refused() -> None:
    ds = small_dataset()
    with pytest.raises(DatasetError, match="characters"):
        render_html(ds, TEXT + "x")
    with pytest.raises(DatasetError, match="differs from the report"):
        render_html(ds, TEXT.replace("309", "310"))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((30900000000, None, "元", "约"), "约309亿元"),
        ((4.5, 5, "%", None), "4.5—5%"),
        ((350, None, "场次", "余"), "350余场次"),
        ((12000, None, "户", "以上"), "1.2万户以上"),
        ((0.5, None, "百分点", None), "0.5百分点"),
        ((534700, None, "人", None), "53.47万人"),
        # shares (dimension percent or percentage_point in units.yaml) stay as written
        ((12000, None, "‰", None), "12000‰"),
        ((15000, None, "百分点", None), "15000百分点"),
        ((12000, None, "元/人", None), "1.2万元/人"),
        # a milestone (cues.yaml) stands before the figure, as written: 地区生产总值突破100亿元 (huimin-2022)
        ((10000000000, None, "元", "突破"), "突破100亿元"),
        ((400000000000, None, "元", "迈上"), "迈上4000亿元"),
        # a word a --rules file adds and no rule places is written after the unit
        ((300, None, "万人次", "上下"), "300万人次上下"),
    ],
)
def test_format_value(args: tuple, expected: str) -> None:
    assert format_value(*args) == expected


def test_chart_rows_prefer_target_against_actual() -> None:
    ds = small_dataset()
    target = replace(ds.indicators[1], id="i0003", kind="target", value=7, period="2022")
    ds = ds.model_copy(update={"indicators": [*ds.indicators, target]})
    rows = chart_rows(ds)
    assert [(r.label, r.actual and r.actual.id, r.target and r.target.id) for r in rows] == [
        ("地区生产总值增速", "i0002", "i0003"),
        ("地区生产总值", "i0001", None),
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="ab<&\n年", min_size=0, max_size=30).flatmap(
        lambda text: st.tuples(
            st.just(text),
            st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))), max_size=8),
        )
    )
)
def test_nest_is_well_formed_keeps_text_and_marks_each_span_once(case: tuple[str, list[tuple[int, int]]]) -> None:
    text, spans = case
    marks = [
        Mark(min(a, b), max(a, b), n % 3, f"m{n}", "span", {"data-id": f"m{n}"}, {"data-cont": f"m{n}"})
        for n, (a, b) in enumerate(spans)
    ]
    page = Page(f'<div id="report">{nest(text, marks)}</div>')
    assert page.stack == [] and page.report_text == text
    assert sorted(page.items()) == sorted(f"m{n}" for n in range(len(spans)))
    assert all(len(v) == 1 for v in page.items().values())


# ------------------------------------------------------------------------------------------------
# The real bundled report


@cache
def huimin_page() -> tuple[Dataset, str, str]:
    ds = dataset_of(HUIMIN)
    text = read_report(str(HUIMIN)).text
    return ds, text, render_html(ds, text)


def test_real_report_one_highlight_per_item() -> None:
    ds, text, page_html = huimin_page()
    assert ds.quantities and ds.periods and ds.indicators and ds.projects
    page = Page(page_html)
    assert page.stack == []
    assert_one_highlight_per_item(page, ds)
    assert page.report_text == text


def test_real_report_metrics_outline_and_boilerplate() -> None:
    ds, text, page_html = huimin_page()
    page = Page(page_html)
    metric_for: dict[str, str] = {}
    for _, attrs in page.elements:
        if attrs.get("data-metric-for") and "cont" not in str(attrs.get("class")):
            for iid in str(attrs["data-metric-for"]).split():
                metric_for[iid] = iid
    assert set(metric_for) == {i.id for i in ds.indicators if i.metric_end > i.metric_start}
    ids = {a.get("id") for _, a in page.elements}
    hrefs = {a.get("href") for tag, a in page.elements if tag == "a"}
    for section in ds.sections:
        assert section.id in ids
        if 1 <= section.level <= 3:
            assert f"#{section.id}" in hrefs
    dimmed = sum(1 for _, a in page.elements if a.get("class") == "boilerplate")
    assert dimmed >= sum(p.boilerplate for p in ds.paragraphs) > 0


def test_diff_page_shows_every_part() -> None:
    from huimin_extract.compare import diff
    from huimin_extract.compare_tables import diff_tables
    from huimin_extract.diffview import render_diff_html

    pairs = ROOT / "tests" / "pairs"
    d = diff(dataset_of(pairs / "minghu-2024.txt"), dataset_of(pairs / "minghu-2025.txt"))
    page_html = render_diff_html(d)
    assert page_html == render_diff_html(d)
    page = Page(page_html)
    assert page.stack == []
    chips = [a["class"] for tag, a in page.elements if tag == "span" and str(a.get("class")).startswith("chip ")]
    tables = diff_tables(d)
    assert len(chips) == sum(len(rows) for _, _, rows in tables)
    drawn = [a for a in d.attainment if a.figure is not None and a.figure.unit == a.target.unit]
    assert drawn, "the minghu pair has targets with figures"
    bars = [a["class"] for tag, a in page.elements if tag == "rect" and str(a.get("class")).startswith("bar ")]
    assert bars == [f"bar {a.status}" for a in drawn]
    for needle in ("http:", "https:", "<link", " src="):
        assert needle not in page_html


# ------------------------------------------------------------------------------------------------
# The command


def huimin(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "huimin_extract.cli", *args], capture_output=True, text=True, timeout=300, cwd=cwd
    )


def test_view_command_writes_the_library_page(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = huimin("view", str(HUIMIN), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    assert out.read_text(encoding="utf-8") == huimin_page()[2]


def test_view_command_dataset_needs_its_source(tmp_path: Path) -> None:
    dataset = tmp_path / "huimin-2022.json"
    assert huimin("extract", str(HUIMIN), "-o", str(tmp_path)).returncode == 0
    missing = huimin("view", str(dataset), "-o", str(tmp_path / "a.html"), cwd=tmp_path)  # no data/raw/ here
    assert missing.returncode == 2
    assert missing.stderr.startswith("Error: ") and len(missing.stderr.strip().splitlines()) == 1
    assert "--source" in missing.stderr
    wrong = huimin("view", str(dataset), "-o", str(tmp_path / "b.html"), "--source", str(ROOT / "README.md"))
    assert wrong.returncode == 1 and len(wrong.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "a.html").exists() and not (tmp_path / "b.html").exists()
    good = huimin("view", str(dataset), "-o", str(tmp_path / "c.html"), "--source", str(HUIMIN))
    assert good.returncode == 0, good.stderr
    assert (tmp_path / "c.html").read_text(encoding="utf-8") == huimin_page()[2]


def test_view_help_ends_with_an_example() -> None:
    result = huimin("view", "--help")
    assert result.returncode == 0
    assert "Example: huimin view " in result.stdout


# ------------------------------------------------------------------------------------------------
# In a real browser (skipped, with the reason, where chromium is not installed; CI installs it)

needs_chromium = pytest.mark.skipif(
    find_chromium() is None, reason="chromium (or chromium-browser) is not on PATH; .ci/run installs it"
)


@needs_chromium
def test_browser_dom_after_scripts_holds_every_highlight(tmp_path: Path) -> None:
    ds, _, page_html = huimin_page()
    path = tmp_path / "report.html"
    path.write_text(page_html, encoding="utf-8")
    page = Page(dump_dom(path.as_uri()))
    assert_one_highlight_per_item(page, ds)
    highlights = [a for _, a in page.elements if "data-id" in a]
    # the script ran: every title became the tooltip's data-tip
    assert all(a.get("data-tip") and "title" not in a for a in highlights)
    toggles = {a["data-toggle"]: a["aria-pressed"] for _, a in page.elements if "data-toggle" in a}
    assert set(toggles.values()) == {"true"}

    hidden = Page(dump_dom(path.as_uri() + "?hide=quantity,nonsense"))
    root = next(a for tag, a in hidden.elements if tag == "html")
    assert "hide-quantity" in str(root.get("class")).split()
    toggles = {a["data-toggle"]: a["aria-pressed"] for _, a in hidden.elements if "data-toggle" in a}
    assert toggles == {"quantity": "false", "period": "true", "indicator": "true", "project": "true"}
    assert_one_highlight_per_item(hidden, ds)  # hiding removes the colour, never the text or the element


@needs_chromium
def test_browser_toggle_removes_the_colour_from_the_screen(tmp_path: Path) -> None:
    from huimin_extract.pagestyle import COLOURS

    def rgb(hex_colour: str) -> tuple[int, int, int]:
        return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)

    quantity, period = rgb(COLOURS["quantity"][0]), rgb(COLOURS["period"][0])
    path = tmp_path / "small.html"
    path.write_text(render_html(small_dataset(), TEXT), encoding="utf-8")
    shown = screenshot(path.as_uri(), tmp_path / "shown.png", 900, 500)
    hidden = screenshot(path.as_uri() + "?hide=quantity", tmp_path / "hidden.png", 900, 500)
    assert colour_count(shown, quantity) > 100 and colour_count(shown, period) > 100
    assert colour_count(hidden, quantity) == 0 and colour_count(hidden, period) > 100
