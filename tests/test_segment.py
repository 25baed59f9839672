"""Segmentation of real reports: parts, numbered sub-headings, frames, paragraphs, sentences, glossary."""

from __future__ import annotations

import pytest

from huimin_extract import rules
from huimin_extract.normalise import normalise
from huimin_extract.rules.schemas import SectionRules
from huimin_extract.segment import segment, split_sentences

from .conftest import HUIMIN, RAW, read_text


def _seg(path):
    text = read_text(path)
    return text, segment(text, normalise(text))


def test_huimin_has_its_four_parts_with_numbered_subheadings() -> None:
    text, seg = _seg(HUIMIN)
    assert seg.report.title == "2022年回民区政府工作报告"
    assert (seg.report.year, seg.report.region) == (2022, "回民区")
    parts = [s for s in seg.sections if s.level == 1]
    assert [(p.text, p.frame) for p in parts] == [
        ("本届政府工作回顾", "review"),
        ("今后五年工作建议", "plan_period"),
        ("2022年工作建议", "plan_year"),
        ("", "glossary"),
    ]
    assert (parts[0].from_year, parts[0].to_year) == (2018, 2021)  # 过去四年
    assert (parts[1].from_year, parts[1].to_year) == (2022, 2026)  # 今后五年
    assert (parts[2].from_year, parts[2].to_year) == (2022, 2022)
    children = {p.text: [s.text for s in seg.sections if s.parent_id == p.id] for p in parts}
    assert children["今后五年工作建议"] == [
        "一、精心培育四大产业集群,推动经济高质量发展",
        "二、深入开展三大提升行动,建设绿色生态宜居环境",
        "三、健全完善三大服务体系,夯实共同富裕民生基础",
    ]
    assert [t[:2] for t in children["2022年工作建议"]] == ["一、", "二、", "三、", "四、", "五、", "六、", "七、"]
    # the review's yearly chapters (一年来,…) are a 2021 review inside the four-year review
    yearly = [s for s in seg.sections if s.parent_id == parts[0].id and s.text.startswith("一年来")]
    assert len(yearly) == 5 and all((s.frame, s.from_year, s.to_year) == ("review", 2021, 2021) for s in yearly)


def test_lead_in_bullets_are_headings_under_their_part() -> None:
    text, seg = _seg(HUIMIN)
    bullets = [s for s in seg.sections if s.level == 5]
    assert "——三大攻坚战成效明显。" in [b.text for b in bullets]
    review = next(s for s in seg.sections if s.text == "本届政府工作回顾")
    assert all(review.id in b.path for b in bullets if b.start < review.body_end)


def test_huimin_glossary_entries() -> None:
    text, seg = _seg(HUIMIN)
    assert len(seg.glossary) == 19
    first, second, last = seg.glossary[0], seg.glossary[1], seg.glossary[-1]
    assert first.term == "“两个屏障”“两个基地”“一个桥头堡”"
    assert first.definition.startswith("“两个屏障”指我国北方")
    assert second.term == "阳光招生、阳光分班、公民同招"  # no colon: the term ends where “…”指 begins
    assert last.term == "城市“十乱”"
    for g in seg.glossary:
        assert text[g.term_start : g.term_end] == g.term
        assert text[g.definition_start : g.definition_end] == g.definition


def test_boilerplate_is_marked_not_content() -> None:
    text, seg = _seg(HUIMIN)
    boiler = [p.text for p in seg.paragraphs if p.boilerplate]
    assert boiler == ["区政府文件 字体(    )  打印"]
    text, seg = _seg(RAW / "provinces-2026" / "anhui-2026.txt")
    boiler = {p.text for p in seg.paragraphs if p.boilerplate}
    assert {"下载", "打印", "【字号：", "加大", "还原", "减小", "】", "来源：安徽日报"} <= boiler
    assert all(s.boilerplate for s in seg.sentences if s.text in boiler)


@pytest.mark.parametrize("official", rules.load("sections.yaml", SectionRules).officials)
def test_the_byline_of_every_official_is_no_heading(official: str) -> None:
    """Every title in sections.yaml's `officials` is known both to the boilerplate and to the dateline check."""
    text = f"2026年政府工作报告\n某某自治{official} 张 三\n{official}张三作政府工作报告\n各位代表：\n一、2025年工作回顾\n经济增长5%。\n"
    seg = segment(text, normalise(text))
    assert [s.text for s in seg.sections if "张" in s.text] == []
    assert [p.text for p in seg.paragraphs if p.boilerplate] == [f"某某自治{official} 张 三"]


@pytest.mark.parametrize(
    ("name", "heading"),
    [("liaoning-2026.txt", "二、“十五五”时期目标任务和2026年工作安排"), ("fujian-2026.txt", "三、一鼓作气勇争先，全力推动“十五五”开好局、起好步")],
)  # fmt: skip
def test_a_part_of_the_plan_period_and_the_year_frames_the_year(name: str, heading: str) -> None:
    """Its tasks are the year's: 社会消费品零售总额增长4%左右 under it is a 2026 target, not one for 2026-2030."""
    text, seg = _seg(RAW / "provinces-2026" / name)
    part = next(s for s in seg.sections if s.text == heading)
    assert (part.frame, part.from_year, part.to_year) == ("plan_year", 2026, 2026)


def test_a_sentence_an_archive_broke_around_a_link_gives_no_heading() -> None:
    """national-2004 writes …《\n突发公共卫生事件应急条例\n》… on three lines: no heading, so the review part's
    sections keep their frame (2003 outturns were read as 2004 targets)."""
    text, seg = _seg(RAW / "national" / "national-2004.txt")
    assert not [s.text for s in seg.sections if "条例" in s.text or s.text.startswith("》")]
    assert next(s for s in seg.sections if s.text.startswith("（二）适时适度调控")).frame == "review"


def test_an_archive_licence_notice_is_boilerplate() -> None:
    """national-2018 ends with the archive's notice (本作品是中华人民共和国的\n法律\n、\n法规…): none of it is a
    heading or content."""
    text, seg = _seg(RAW / "national" / "national-2018.txt")
    notice = text.index("本作品是中华人民共和国的")
    assert not [s.text for s in seg.sections if s.start >= notice]
    assert all(p.boilerplate for p in seg.paragraphs if p.start >= notice)
    assert not any(p.boilerplate for p in seg.paragraphs if p.start < notice and "国内生产总值" in p.text)


def test_a_byline_with_a_name_of_parts_is_no_heading() -> None:
    """xinjiang-2025: 自治区主席 艾尔肯·吐尼亚孜, a name longer than the four characters of 龚 正."""
    text, seg = _seg(RAW / "provinces-2025" / "xinjiang-2025.txt")
    assert "自治区主席 艾尔肯·吐尼亚孜" in {p.text for p in seg.paragraphs if p.boilerplate}
    assert not [s.text for s in seg.sections if "艾尔肯" in s.text]


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("anhui-2026.txt", [("一、2025年工作和“十四五”发展回顾", "review"), ("二、“十五五”时期主要目标和重大任务", "plan_period"), ("三、2026年重点工作", "plan_year")]),
        ("guizhou-2026.txt", [("一、2025年和“十四五”时期工作回顾", "review"), ("二、“十五五”时期主要目标任务", "plan_period"), ("三、2026年工作安排", "plan_year")]),
        ("yunnan-2026.txt", [("一、“十四五”时期和2025年工作回顾", "review"), ("二、“十五五”时期主要目标任务", "plan_period"), ("三、2026年重点工作", "plan_year")]),
        ("jiangxi-2026.txt", [("一、2025年工作及“十四五”时期发展回顾", "review"), ("二、“十五五”时期发展的主要考虑", "plan_period"), ("三、2026年工作安排", "plan_year")]),
    ],
)  # fmt: skip
def test_provincial_parts(name: str, parts: list[tuple[str, str]]) -> None:
    text, seg = _seg(RAW / "provinces-2026" / name)
    top = [s for s in seg.sections if s.level == 2 and s.parent_id is not None]
    assert [(s.text, s.frame) for s in top][: len(parts)] == parts
    plan_period = next(s for s in top if s.frame == "plan_period")
    assert (plan_period.from_year, plan_period.to_year) == (2026, 2030)
    assert any(s.parent_id == top[-1].id or s.parent_id == top[2].id for s in seg.sections)  # （一） under the plan


def test_broken_line_does_not_break_the_sentence() -> None:
    text = "2026年工作安排\n今年经济社会发展主要预期目标\n是：地区生产总值增长5%左右；城镇新增就业50万人以上。\n"
    seg = segment(text, normalise(text))
    assert [s.text for s in seg.sentences] == [
        "2026年工作安排",
        "今年经济社会发展主要预期目标\n是：地区生产总值增长5%左右；",
        "城镇新增就业50万人以上。",
    ]
    assert [s.text for s in seg.sections] == ["2026年工作安排"]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("增长8%。完成目标!好", ["增长8%。", "完成目标!", "好"]),
        ("他说:“做到这样。要那样。”然后完成。", ["他说:“做到这样。要那样。”", "然后完成。"]),
        ("确保“应保尽保”。坚持“房住不炒”,稳步推进。", ["确保“应保尽保”。", "坚持“房住不炒”,稳步推进。"]),
        ("实现“两个屏障(生态。安全)”目标。", ["实现“两个屏障(生态。安全)”目标。"]),
        ("建设项目(一期。二期)开工;投产。", ["建设项目(一期。二期)开工;", "投产。"]),
        ("没有闭合“引号。继续。", ["没有闭合“引号。", "继续。"]),
        ("结尾。”多余", ["结尾。”", "多余"]),
    ],
)
def test_sentence_splitting(text: str, sentences: list[str]) -> None:
    assert [text[a:b] for a, b in split_sentences(text, 0, len(text))] == sentences


def test_footnote_style_glossary_with_definitions_on_the_next_line() -> None:
    text, seg = _seg(RAW / "provinces-2026" / "hainan-2026.txt")
    assert len(seg.glossary) == 28
    first = seg.glossary[0]
    assert (first.term, first.definition) == ("一降三减", "全年火灾起数总体下降，火灾亡人数、伤人数减少，财产损失数减少。")
    assert text[first.start : first.end] == first.text and "\n" in first.text
    glossary = next(s for s in seg.sections if s.frame == "glossary")
    assert glossary.text == "注释"


def test_task_list_items_nest_under_their_part_and_parts_after_the_plan_stay_in_it() -> None:
    # gansu-2025 numbers its tasks 一是…/二是… as headings under 三、2025年重点工作 (before: siblings of 三、)
    text, seg = _seg(RAW / "provinces-2025" / "gansu-2025.txt")
    plan = next(s for s in seg.sections if s.text == "三、2025年重点工作")
    tasks = [s for s in seg.sections if s.parent_id == plan.id]
    assert [s.text[:2] for s in tasks] == ["一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是"]
    assert all((s.frame, s.from_year, s.to_year) == ("plan_year", 2025, 2025) for s in tasks)
    # yunnan-2025 calls its plan part 重点任务; hubei-2025's part on the government itself follows the plan
    text, seg = _seg(RAW / "provinces-2025" / "yunnan-2025.txt")
    assert next(s for s in seg.sections if s.text == "三、2025年重点任务").frame == "plan_year"
    text, seg = _seg(RAW / "provinces-2025" / "hubei-2025.txt")
    own = next(s for s in seg.sections if s.text == "三、全面加强政府自身建设")
    assert (own.frame, own.from_year, own.to_year) == ("plan_year", 2025, 2025)
    # parts whose headings name no time take it from the first of their paragraphs that opens with one
    # (fujian-2025: 一、牢记殷殷嘱托,… / 2024年是… ; 二、牢记历史使命,… / two paragraphs, then 2025年是…)
    text, seg = _seg(RAW / "provinces-2025" / "fujian-2025.txt")
    top = [s for s in seg.sections if s.level == 2]
    assert [(s.text[:6], s.frame, s.from_year) for s in top] == [
        ("一、牢记殷殷", "review", 2024), ("二、牢记历史", "plan_year", 2025), ("三、牢记人民", "plan_year", 2025)
    ]
