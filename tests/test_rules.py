"""Rule files: every shipped file validates; user rule files extend them safely, with errors naming key and line."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from huimin_extract import rules

SHIPPED = sorted(e.name for e in resources.files("huimin_extract.rules").iterdir() if e.name.endswith(".yaml"))


def test_every_shipped_rule_file_is_loaded_by_a_stage() -> None:
    sources = "".join(p.read_text(encoding="utf-8") for p in Path(rules.__file__).parent.parent.glob("*.py"))
    for name in SHIPPED:
        assert f'"{name}"' in sources, f"rules/{name} is not loaded by any module"


def test_duplicate_keys_are_rejected() -> None:
    from huimin_extract.errors import RulesError
    from huimin_extract.rules.schemas import SectionRules

    text = "part_heading: a\npart_heading: b\n"
    with pytest.raises(RulesError, match="duplicate key 'part_heading' at line 2"):
        rules.parse(text, SectionRules, "x.yaml")


def huimin(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "huimin_extract.cli", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture()
def report(tmp_path: Path) -> Path:
    path = tmp_path / "r.txt"
    path.write_text("2022年政府工作报告\n新开垦耕地300垧，冷链覆盖率达到90%。\n", encoding="utf-8")
    return path


def test_user_rules_extend_units_and_metrics(tmp_path: Path, report: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(
        "units.yaml:\n  units:\n    垧: {dimension: area, base: 平方米, factor: '10000'}\n"
        "metrics.yaml:\n  metrics:\n    - {id: cold_chain, name: 冷链覆盖率, aliases: [], dimension: percent, direction: higher}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    plain = huimin("extract", str(report), "-o", str(tmp_path / "plain"))
    assert plain.returncode == 0
    result = huimin("--rules", str(user), "extract", str(report), "-o", str(out))
    assert result.returncode == 0, result.stderr
    from huimin_extract.writers import load_dataset

    ds = load_dataset(out / "r.json")
    q = next(q for q in ds.quantities if q.text == "300垧")
    assert (q.unit, q.dimension, q.base_value, q.base_unit) == ("垧", "area", 3000000, "平方米")
    assert any(i.metric_id == "cold_chain" and i.value == 90 for i in ds.indicators)
    assert not any(q.text == "300垧" for q in load_dataset(tmp_path / "plain" / "r.json").quantities)


def test_user_rules_add_an_approx_word(tmp_path: Path) -> None:
    """A qualifier that rules/qualifiers.yaml lacks (上下) is added by a --rules file alone; the dataset then
    validates under those rules, and not under the shipped ones."""
    report = tmp_path / "r.txt"
    report.write_text("2022年政府工作报告\n全年接待游客300万人次上下，粮食产量增长5%上下。\n", encoding="utf-8")
    user = tmp_path / "mine.yaml"
    user.write_text("qualifiers.yaml:\n  approx_words: [上下]\n  suffix:\n    上下: {approx: 上下}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = huimin("--rules", str(user), "extract", str(report), "-o", str(out))
    assert result.returncode == 0, result.stderr
    from huimin_extract.writers import load_dataset

    ds = load_dataset(out / "r.json")
    q = next(q for q in ds.quantities if q.text == "300万人次")
    assert (q.approx, report.read_text(encoding="utf-8")[q.approx_start : q.approx_end]) == ("上下", "上下")
    assert any(i.approx == "上下" and i.value == 5 for i in ds.indicators)
    ok = huimin("--rules", str(user), "validate", str(out / "r.json"), "--source", str(report))
    assert ok.returncode == 0, ok.stderr
    shipped = huimin("validate", str(out / "r.json"), "--source", str(report))
    assert shipped.returncode == 1 and "approx '上下' is not a qualifier of the rules in force" in shipped.stderr



def test_user_rules_add_a_milestone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A milestone word that rules/cues.yaml lacks (攀上, as 跃上 in liaoning-2026 was) is added by a --rules file alone: the
    figure takes it as its approx, the dataset validates under those rules, and a panel ranks it as a milestone."""
    from huimin_extract import lexicon, panels
    from huimin_extract.writers import load_dataset

    report = tmp_path / "r.txt"
    report.write_text("2025年政府工作报告\n粮食产量攀上500亿斤台阶。\n", encoding="utf-8")
    user = tmp_path / "mine.yaml"
    user.write_text("cues.yaml:\n  milestones: [攀上]\n", encoding="utf-8")
    assert huimin("extract", str(report), "-o", str(tmp_path / "plain")).returncode == 0
    plain = load_dataset(tmp_path / "plain" / "r.json")
    assert [(i.metric, i.value, i.approx) for i in plain.indicators] == [("粮食产量", 50000000000, None)]
    result = huimin("--rules", str(user), "extract", str(report), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    ds = load_dataset(tmp_path / "out" / "r.json")
    assert [(i.metric, i.value, i.approx) for i in ds.indicators] == [("粮食产量", 50000000000, "攀上")]
    ok = huimin("--rules", str(user), "validate", str(tmp_path / "out" / "r.json"), "--source", str(report))
    assert ok.returncode == 0, ok.stderr
    shipped = huimin("validate", str(tmp_path / "out" / "r.json"), "--source", str(report))
    assert shipped.returncode == 1 and "approx '攀上' is not a qualifier of the rules in force" in shipped.stderr
    assert panels.precision("actual", "攀上") == 1  # the shipped rules: an approximate figure
    monkeypatch.setenv(rules.USER_RULES_ENV, str(user))
    lexicon.cue_rules.cache_clear()
    try:
        assert panels.precision("actual", "攀上") == 3  # a milestone: the exact figure beside it is preferred
    finally:
        monkeypatch.delenv(rules.USER_RULES_ENV)
        lexicon.cue_rules.cache_clear()

@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("units.yaml:\n  units:\n    垧: {dimension: area, bsae: 平方米}\n", "line 3: units.垧.bsae: Extra inputs are not permitted"),
        ("unit.yaml:\n  x: 1\n", "line 1: 'unit.yaml' is not a rule file"),
        ("units.yaml: !!python/object/apply:os.system ['touch PWNED']\n", "not valid YAML: could not determine a constructor"),
        ("units.yaml:\n  classifier: 个\n  classifier: 只\n", "duplicate key 'classifier' at line 3"),
        ("[1, 2]\n", "a rule file is a mapping of rule file names"),
        ("units.yaml: {units: [\n", "not valid YAML"),
        (
            "qualifiers.yaml:\n  suffix:\n    上下: {approx: 上下}\n",
            "suffix.上下: approx '上下' is not one of approx_words",
        ),
        ("attainment.yaml:\n  floor_words: [之上]\n", "floor_words: '之上' is not one of approx_words"),
        ("periods.yaml:\n  count: '[0-9'\n", "count: Value error, '[0-9' is not a regular expression"),
    ],
    ids=["unknown-key", "unknown-file", "python-tag", "duplicate", "not-a-mapping", "syntax", "approx-unknown",
         "attainment-unknown", "pattern"],
)
def test_bad_user_rules_fail_before_work(tmp_path: Path, report: Path, content: str, fragment: str) -> None:
    user = tmp_path / "bad.yaml"
    user.write_text(content, encoding="utf-8")
    result = huimin("--rules", str(user), "extract", str(report), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(user) in lines[0] and fragment in lines[0], result.stderr
    assert not (tmp_path / "out").exists()
    assert not Path("PWNED").exists()


def test_missing_user_rule_file(tmp_path: Path, report: Path) -> None:
    result = huimin("--rules", str(tmp_path / "nope.yaml"), "extract", str(report), "-o", str(tmp_path / "out"))
    assert result.returncode == 1 and "nope.yaml: cannot read rule file" in result.stderr
