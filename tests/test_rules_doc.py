"""docs/rules.md, the reference for `huimin --rules`: generated from the rule models, never stale."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from huimin_extract import projects, quantity_rules, rules
from huimin_extract.document import Doc
from huimin_extract.models import Paragraph, Sentence
from huimin_extract.normalise import normalise
from huimin_extract.rules import reference

DOC = Path(__file__).parent.parent / "docs" / "rules.md"


def test_the_page_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == reference.render(), "docs/rules.md is stale: run `make docs`"


def test_every_shipped_rule_file_is_documented() -> None:
    shipped = {e.name for e in resources.files(rules.__name__).iterdir() if e.name.endswith(".yaml")}
    assert shipped == set(reference.RULE_FILES)
    for name in reference.RULE_FILES:  # the model named is the one that validates the file
        rules.load(name, reference.model_of(name))


def test_every_key_is_on_the_page() -> None:
    page = DOC.read_text(encoding="utf-8")
    for name in reference.RULE_FILES:
        for key in reference.model_of(name).model_fields:
            assert f"`{key}`" in page, (name, key)


def _one_sentence(text: str) -> Doc:
    par = Paragraph(id="par0001", start=0, end=len(text), text=text, section_id=None, boilerplate=False)
    sent = Sentence(
        id="s0001", start=0, end=len(text), text=text, paragraph_id="par0001", section_id=None, boilerplate=False
    )
    return Doc(text=text, norm=normalise(text), report_year=None, sections=[], paragraphs=[par], sentences=[sent])


def test_the_example_on_the_page_works(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The user rule file shown on the page loads and does what its comments say."""
    block = re.search(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert block is not None
    mine = tmp_path / "mine.yaml"
    mine.write_text(block.group(1), encoding="utf-8")
    sentence = "临沂机场航站楼投用。"  # shandong-2026
    assert projects.find_projects(_one_sentence(sentence), [], []) == []
    monkeypatch.setenv(rules.USER_RULES_ENV, str(mine))
    for cached in (projects.compiled_rules, quantity_rules.unit_table):
        cached.cache_clear()
    try:
        assert [p.name for p in projects.find_projects(_one_sentence(sentence), [], [])] == ["临沂机场航站楼"]
        assert "艘次" in quantity_rules.unit_table().units
    finally:
        monkeypatch.delenv(rules.USER_RULES_ENV)
        for cached in (projects.compiled_rules, quantity_rules.unit_table):
            cached.cache_clear()
