"""Named projects (projects.py): data-driven cases from real report sentences, invariants, and the gold score."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from huimin_extract import project_rules, projects
from huimin_extract.document import Doc
from huimin_extract.models import Paragraph, Project, Quantity, Sentence, record_data
from huimin_extract.normalise import normalise

CASES = Path(__file__).parent / "cases"
ROOT = Path(__file__).parent.parent
GOLD = ROOT / "tests" / "gold" / "huimin-2022.projects.jsonl"
REPORT = ROOT / "data" / "raw" / "huimin-2022.txt"


def _doc(text: str) -> Doc:
    """One paragraph, one sentence: enough for a stage that reads sentence by sentence."""
    par = Paragraph(id="par0001", start=0, end=len(text), text=text, section_id=None, boilerplate=False)
    sent = Sentence(
        id="s0001", start=0, end=len(text), text=text, paragraph_id="par0001", section_id=None, boilerplate=False
    )
    return Doc(text=text, norm=normalise(text), report_year=None, sections=[], paragraphs=[par], sentences=[sent])


def _quantities(text: str, given: list[dict[str, Any]]) -> list[Quantity]:
    out = []
    for n, q in enumerate(given, 1):
        start = text.index(q["text"])
        out.append(
            Quantity(
                id=f"q{n:04d}", start=start, end=start + len(q["text"]), text=q["text"], value=q["value"], unit="元"
            )
        )
    return sorted(out, key=lambda q: q.start)


def _load(name: str) -> list[Any]:
    cases = yaml.safe_load((CASES / name).read_text(encoding="utf-8"))
    params = []
    for case in cases:
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
        params.append(pytest.param(case, id=case["text"][:24], marks=marks))
    return params


def _check(case: dict[str, Any]) -> None:
    text = case["text"]
    doc = _doc(text)
    found = projects.find_projects(doc, _quantities(text, case.get("quantities", [])), [])
    assert [p.name for p in found] == [e["name"] for e in case["expect"]]
    for p, e in zip(found, case["expect"], strict=True):
        for key, want in e.items():
            if key == "name":
                continue
            if key.startswith("group_"):
                assert p.group is not None, (p.name, key)
                got = getattr(p.group, key.removeprefix("group_"))
            else:
                got = getattr(p, key)
            assert got == want, (p.name, key)


@pytest.mark.parametrize("case", _load("projects-huimin.yaml"))
def test_huimin_sentences(case: dict[str, Any]) -> None:
    _check(case)


@pytest.mark.parametrize("case", _load("projects-provinces.yaml"))
def test_province_sentences(case: dict[str, Any]) -> None:
    _check(case)


def test_spans_ids_and_order() -> None:
    text = REPORT.read_text(encoding="utf-8")
    lines = [line for line in text.split("\n") if "项目" in line or "工程" in line]
    doc = _doc("".join(lines))
    found = projects.find_projects(doc, [], [])
    assert found, "the report's project lines give projects"
    assert [p.id for p in found] == [f"j{n:04d}" for n in range(1, len(found) + 1)]
    assert [(p.start, p.end) for p in found] == sorted((p.start, p.end) for p in found)
    for p in found:
        assert p.text == doc.text[p.start : p.end]
        assert p.name == p.text


def test_clauses_dropped_early_name_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A clause dropped before its lists are read (no head word ends where a member may end, no group marker)
    and a list skipped for holding no member that ends in a head word give the same projects as read in full:
    the bundled report, and names that end before what `_member` strips (an unpaired quote, a footnote mark,
    spaces) or before a line break, and a numbered head (四十中)."""
    from huimin_extract import project_lists
    from huimin_extract.pipeline import extract_text

    texts = [
        "推进乌素图河道整治项目”[7] ,新建第四十中\n和五小,推进北京路改造工程\n建设。",
        "开工建设呼和浩特新机场(一期)、地铁2号线等12个重点项目。",
    ]
    report = REPORT.read_text(encoding="utf-8")

    def found() -> list[Any]:
        return [
            [(p.start, p.end, p.status, p.investment) for p in projects.find_projects(_doc(t), [], [])] for t in texts
        ] + [[record_data(p) for p in extract_text(report).projects]]

    pruned = found()
    assert all(pruned), "each text names a project"
    monkeypatch.setattr(project_lists, "_may_name", lambda *args: True)
    monkeypatch.setattr(projects, "_may_end_in_head", lambda *args: True)
    assert found() == pruned


def test_boilerplate_sentences_are_skipped() -> None:
    text = "启动实施回民区医院迁建项目。"
    doc = _doc(text)
    assert projects.find_projects(doc, [], [])  # a project, when the sentence is content
    boiler = [replace(s, boilerplate=True) for s in doc.sentences]
    doc = Doc(text=text, norm=doc.norm, report_year=None, sections=[], paragraphs=doc.paragraphs, sentences=boiler)
    assert projects.find_projects(doc, [], []) == []


def test_rules_load_and_are_sane() -> None:
    rc = projects.compiled_rules()
    data = rc.data
    assert set(data.heads.context_free) <= set(data.heads.strong)
    assert not set(data.stops.separators) & set(data.stops.boundaries)
    for word in list(data.context.pre_cues) + list(data.context.post_cues) + data.stops.boundaries + data.heads.facility:
        assert word and word == word.strip(), word
    for category, keys in data.model_dump().items():
        for key, value in keys.items():
            if isinstance(value, list):
                assert len(value) == len(set(value)), f"projects.yaml: {category}.{key} lists a word twice"


def test_a_mark_word_has_one_role(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A word listed as a boundary and as a separator is an error, not a role decided by the order of the lists."""
    from huimin_extract import rules
    from huimin_extract.errors import RulesError

    mine = tmp_path / "mine.yaml"
    mine.write_text("projects.yaml:\n  stops:\n    boundaries: [与]\n", encoding="utf-8")
    monkeypatch.setenv(rules.USER_RULES_ENV, str(mine))
    projects.compiled_rules.cache_clear()
    try:
        with pytest.raises(RulesError, match="'与' is both a boundary and a separator"):
            projects.compiled_rules()
    finally:
        monkeypatch.delenv(rules.USER_RULES_ENV)
        projects.compiled_rules.cache_clear()


def test_investment_after_the_name() -> None:
    text = "开工建设乌素图河道整治工程,总投资3.5亿元。"
    found = projects.find_projects(_doc(text), _quantities(text, [{"text": "3.5亿元", "value": 350000000}]), [])
    assert [(p.name, p.investment) for p in found] == [("乌素图河道整治工程", 350000000)]


def test_gold_report_end_to_end() -> None:
    """Projects F1 >= 0.80 against the gold file, and every stated investment right (the real pipeline)."""
    from huimin_extract import extract_file

    dataset = extract_file(str(REPORT))
    predicted: list[Project] = dataset.projects
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    used: set[str] = set()
    hits = 0
    for g in gold:
        accepted = {g["name"], *g.get("variants", [])}
        match = next(
            (
                p
                for p in predicted
                if p.id not in used and p.start < g["end"] and g["start"] < p.end and p.name in accepted
            ),
            None,
        )
        if g.get("investment") is not None:
            assert match is not None and match.investment == g["investment"], g["name"]
        if match is not None:
            used.add(match.id)
            hits += 1
    precision = hits / len(predicted)
    recall = hits / len(gold)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.80, (precision, recall)


def _rule_params() -> list[Any]:
    cases = yaml.safe_load((CASES / "projects-rules.yaml").read_text(encoding="utf-8"))
    return [pytest.param(c, id=f"{c['rule']['key']}:{c['rule']['word']}") for c in cases]


@pytest.mark.parametrize("case", _rule_params())
def test_each_rule_has_a_real_sentence_that_needs_it(case: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """projects-rules.yaml: the sentence gives what it says with the shipped rules, and not without the word."""
    _check(case)
    category, key = case["rule"]["key"].split(".")
    word = case["rule"]["word"]
    data = projects.compiled_rules().data.model_copy(deep=True)
    section = getattr(data, category)
    value = getattr(section, key)
    assert word in value, f"{word!r} is not in projects.yaml {category}.{key}"
    if isinstance(value, dict):
        del value[word]
    elif isinstance(value, str):
        setattr(section, key, value.replace(word, ""))
    else:
        value.remove(word)
    load = project_rules.rules.load
    monkeypatch.setattr(project_rules.rules, "load", lambda name, model: data if name == "projects.yaml" else load(name, model))
    projects.compiled_rules.cache_clear()
    try:
        with pytest.raises(AssertionError):
            _check(case)
    finally:
        monkeypatch.undo()
        projects.compiled_rules.cache_clear()


def test_word_edges_of_a_clause_cut_in_one_call_are_jiebas_run_by_run() -> None:
    """`_word_edges` cuts a clause in one call unless it holds a character that jieba-rs may read into a run and
    jieba not: the edges are those of jieba's cut of each run, every other character a word (\\r\\n one)."""
    from itertools import accumulate

    from huimin_extract.project_lists import _word_edges
    from huimin_extract.words import cut, runs

    def reference(clause: str) -> set[int]:
        edges = set(range(len(clause) + 1)) - {i + 1 for i in range(len(clause) - 1) if clause[i : i + 2] == "\r\n"}
        for a, b in runs(clause):
            edges -= set(range(a + 1, b))
            edges |= set(accumulate(map(len, cut(clause[a:b])), initial=a))
        return edges

    for clause in [
        "推进中华人民共和国建设项目和平路改造工程",
        "启动“山水工程”[7] 建设, 5G基站(一期)",
        "a b\r\n项目 \t工程　x+y#z&w.v_u%t-s项目",
        "建设㐀项目、鿠工程和豈𠀀园区",
    ]:
        assert _word_edges(clause) == reference(clause), clause
