"""docs/rules.md, the reference for `huimin --rules`, generated from the rule models and the shipped files.

Every key of every rule file comes from the pydantic model that validates the file (its type from the
annotation), its meaning from the comment above the key in the shipped YAML file (or the field's
description), and its example from the shipped value. `make docs` writes the page; a test fails when the
page is stale, so a new key or a changed comment reaches the reference.

    python -m huimin_extract.rules.reference docs/rules.md
"""

from __future__ import annotations

import sys
import types
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from . import read_text
from .schemas import RULE_FILES


def model_of(name: str) -> type[BaseModel]:
    """The model (rules/schemas.py) that validates the shipped rule file `name`."""
    return RULE_FILES[name]


def _type(tp: Any) -> str:
    """A reader's name for an annotation: `list of text`, `mapping of text to UnitRule`."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        return _type(args[0])
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if origin in (typing.Union, types.UnionType):
        kinds = [_type(a) for a in args if a is not type(None)]
        return " or ".join(kinds) + (" or null" if type(None) in args else "")
    if origin is list:
        return f"list of {_type(args[0])}"
    if origin is tuple:
        return "pair of " + " and ".join(_type(a) for a in args)
    if origin is dict:
        return f"mapping of {_type(args[0])} to {_type(args[1])}"
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return f"`{tp.__name__}`"
    return {str: "text", int: "integer", float: "number", bool: "true/false"}.get(tp, str(tp))


def _models_inside(tp: Any) -> list[type[BaseModel]]:
    """The models an annotation holds (a list of MetricEntry, a mapping to UnitRule)."""
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    return [m for a in typing.get_args(tp) for m in _models_inside(a)]


def _block(lines: list[str]) -> str:
    """Comment lines as Markdown: prose joined into one paragraph, a block with aligned columns kept as is."""
    texts = [line.lstrip()[1:] for line in lines]
    texts = [t[1:] if t.startswith(" ") else t for t in texts]
    if any(t.startswith("  ") or "   " in t.strip() for t in texts):
        return "\n```text\n" + "\n".join(t.rstrip() for t in texts).strip("\n") + "\n```"
    return " ".join(t.strip() for t in texts if t.strip())


def _comment_lines(lines: list[str], line: int) -> tuple[int, list[str]]:
    """The comment block right above 0-based `line` (no blank line between) and where it starts."""
    k = line
    while k > 0 and lines[k - 1].lstrip().startswith("#"):
        k -= 1
    return k, lines[k:line]


def _comments(lines: list[str], line: int) -> str:
    """The comment above a key; the file's opening comment, when it runs into the first key, is the file's."""
    start, block = _comment_lines(lines, line)
    return "" if start == 0 else _block(block)


def _header(lines: list[str]) -> str:
    """The file's opening comment block."""
    out = []
    for line in lines:
        if not line.lstrip().startswith("#"):
            break
        out.append(line)
    return _block(out)


def _example(value: Any) -> str:
    """The shipped value, shortened: a few items of a list or mapping and how many there are."""
    if isinstance(value, list):
        shown = ", ".join(_scalar(v) for v in value[:4])
        return f"{shown}{f', … ({len(value)} in all)' if len(value) > 4 else ''}" if value else "(empty)"
    if isinstance(value, dict):
        items = list(value.items())
        shown = "; ".join(f"{_scalar(k)}: {_scalar(v)}" for k, v in items[:3])
        return f"{shown}{f'; … ({len(items)} in all)' if len(items) > 3 else ''}" if items else "(empty)"
    return _scalar(value)


def _scalar(value: Any) -> str:
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip()
    text = text.removesuffix("...").strip()
    if len(text) > 60:
        text = text[:57] + "…"
    return f"``{text}``" if "`" in text else f"`{text}`"


def _keys(
    model: type[BaseModel],
    data: Any,
    node: yaml.Node | None,
    lines: list[str],
    prefix: str,
    out: list[str],
    parent_line: int = -1,
) -> None:
    """One bullet per field of `model`; a field that is a section of keys lists them under it."""
    by_key = {k.value: (k, v) for k, v in node.value} if isinstance(node, yaml.MappingNode) else {}
    for key, field in model.model_fields.items():
        key_node, value_node = by_key.get(key, (None, None))
        own_line = key_node is not None and key_node.start_mark.line != parent_line  # {a: 1, b: 2} share one
        meaning = field.description or (_comments(lines, key_node.start_mark.line) if own_line else "")
        value = data.get(key) if isinstance(data, dict) else None
        path = f"{prefix}{key}"
        inner = _models_inside(field.annotation)
        if isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel):
            doc = (field.annotation.__doc__ or "").strip().split("\n\n")[0]
            out.append(f"- `{path}`: a section. {meaning or doc}".rstrip().replace("\n", "\n  "))
            _keys(field.annotation, value, value_node, lines, f"{path}.", out, key_node.start_mark.line if key_node else -1)
            continue
        required = "" if field.is_required() else " (optional)"
        line = f"- `{path}` ({_type(field.annotation)}){required}: {meaning or '(no comment in the file)'}"
        out.append(line.replace("\n", "\n  "))
        if value is not None:
            out.append(f"  Shipped: {_example(value)}")
        for sub in inner:
            doc = " ".join((sub.__doc__ or "").split())
            out.append(f"  Each `{sub.__name__}`{': ' + doc if doc else ''}")
            for sub_key, sub_field in sub.model_fields.items():
                desc = f": {sub_field.description}" if sub_field.description else ""
                opt = "" if sub_field.is_required() else ", optional"
                out.append(f"  - `{sub_key}` ({_type(sub_field.annotation)}{opt}){desc}")


def render() -> str:
    out = [
        "# Rule files: the reference for `huimin --rules`",
        "",
        "<!-- Generated by `make docs` (python -m huimin_extract.rules.reference docs/rules.md) from the rule",
        "     models and the shipped files in src/huimin_extract/rules/; edit those, not this page. -->",
        "",
        "The tool's rules are data: the YAML files in `src/huimin_extract/rules/`, each validated by a pydantic",
        "model (unknown keys are an error). `huimin --rules mine.yaml COMMAND …` adds your rules to the shipped",
        "ones. A rule file of yours maps shipped file names to additions; mappings merge key by key, lists are",
        "extended, single values replaced:",
        "",
        "```yaml",
        "projects.yaml:",
        "  heads:",
        "    facility: [航站楼]  # a new head word: 临沂机场航站楼投用 names a project",
        "units.yaml:",
        "  units:",
        "    艘次: {dimension: count}  # a new measure word: 300艘次",
        "```",
        "",
        "A problem in your file is one line naming the file, the line and the key (exit code 1). Every key of",
        "every file is listed below: its type, what it means (the comment above it in the shipped file) and",
        "the shipped value.",
        "",
        "## Adding a rule, and a test that tells you it worked",
        "",
        "1. Try it on your text first: put the addition in a file of yours and run",
        "   `huimin --rules mine.yaml indicators report.txt` (or `numbers`, `projects`) and compare with the",
        "   same command without `--rules`.",
        "2. To ship it, add the word to the file in `src/huimin_extract/rules/` (a unit to `units.yaml`, an alias",
        "   to its metric in `metrics.yaml`, a cue word to its list in `cues.yaml`, a project head word to",
        "   `projects.yaml`).",
        "3. Add a case: the sentence from a real report that needs the word, and what it must give.",
        "   `tests/cases/rule-words.yaml` takes a word of any rule file (`rule: {file: cues.yaml, key:",
        "   count_verbs, word: 建设}`); project words go to `tests/cases/projects-rules.yaml`.",
        "4. `make test` (or `.venv/bin/python -m pytest tests/test_rule_words.py`) checks that the sentence gives",
        "   what the case says with the shipped rules, and that it does not once the word is taken out: a case",
        "   that passes without your word tests nothing, and the test says so. `make data` then shows in",
        "   `git diff data/out` what the word changes in the bundled reports.",
        "",
    ]
    for name in RULE_FILES:
        text = read_text(name)
        lines = text.splitlines()
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
        model = model_of(name)
        out += [f"## {name}", ""]
        header = _header(lines)
        if header:
            out += [header.strip("\n"), ""]
        out += [f"Model: `{model.__module__}.{model.__name__}`.", ""]
        _keys(model, data, node, lines, "", out)
        out.append("")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    page = render()
    if argv:
        Path(argv[0]).write_text(page, encoding="utf-8")
    else:
        sys.stdout.write(page)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
