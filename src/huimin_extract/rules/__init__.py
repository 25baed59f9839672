"""Rule data (units, numerals, metrics, cues, jieba words) and the one loader they all go through.

Rule files are YAML read with `yaml.safe_load` semantics (no code runs), duplicate keys are an error,
and each file is validated by the Pydantic model of the stage that uses it (`extra="forbid"`).
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import RulesError

M = TypeVar("M", bound=BaseModel)


# libyaml's parser when PyYAML has it (several times faster: rules load at every process start-up);
# either way only the safe constructors run.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    """SafeLoader that rejects a mapping with the same key twice (a silent overwrite in plain YAML)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise RulesError(f"duplicate key {key!r} at line {key_node.start_mark.line + 1}")
        seen[key] = loader.construct_object(value_node, deep=deep)
    return seen


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_text(name: str) -> str:
    """The text of a rule file shipped in this package (`units.yaml`, `userdict.txt`)."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def path_of(name: str) -> Path:
    """The file system path of a shipped rule file (jieba wants a path for its user dictionary)."""
    return Path(str(resources.files(__package__).joinpath(name)))


USER_RULES_ENV = "HUIMIN_RULES"
"""Environment variable naming user rule files (separated by os.pathsep); `huimin --rules FILE` sets it.

An environment variable rather than a module switch: the worker processes of a batch inherit it, and
rules are loaded once per process, before any extraction."""


def _yaml(text: str, origin: str) -> tuple[Any, yaml.Node | None]:
    """The data and the node tree (for line numbers) of a YAML text, parsed once, safely."""
    loader = _UniqueKeyLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except RulesError as err:
        raise RulesError(f"{origin}: {err}") from None
    except yaml.YAMLError as err:
        raise RulesError(f"{origin}: not valid YAML: {' '.join(str(err).split())}") from None
    finally:
        loader.dispose()
    return data, node


def _validate(model: type[M], data: Any, origin: str, where_line: Any = None) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        line = where_line(first["loc"]) if where_line else None
        at = f"line {line}: " if line else ""
        raise RulesError(f"{origin}: {at}{where}: {first['msg']} ({err.error_count()} problem(s))") from None


def parse(text: str, model: type[M], origin: str) -> M:
    """Parse YAML `text` into `model`; errors name the file, the line, the key path and the problem."""
    data, node = _yaml(text, origin)
    return _validate(model, data, origin, lambda loc: _line(node, loc))


def _line(node: yaml.Node | None, loc: tuple[Any, ...], base: Any = None) -> int | None:
    """1-based line of the deepest node on the key path `loc` (list indices shifted by `base` lists)."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == str(key)), None)
            base = base.get(key) if isinstance(base, dict) else None
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            index = key - (len(base) if isinstance(base, list) else 0)  # merged lists: user items come last
            node = node.value[index] if 0 <= index < len(node.value) else None
            base = None
        else:
            break
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def merge(base: Any, extra: Any) -> Any:
    """User rules on top of shipped ones: mappings merge key by key, lists are extended, scalars replaced.

    >>> merge({"a": [1], "b": {"x": 1}}, {"a": [2], "b": {"y": 2}, "c": 3})
    {'a': [1, 2], 'b': {'x': 1, 'y': 2}, 'c': 3}
    """
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = merge(base[key], value) if key in base else value
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return base + [item for item in extra if item not in base]
    return extra


def user_rule_files() -> list[str]:
    return [p for p in os.environ.get(USER_RULES_ENV, "").split(os.pathsep) if p]


@cache
def _user_rules(path: str) -> tuple[dict[str, Any], yaml.Node | None]:
    """A user rule file: a mapping from shipped rule file names (`units.yaml`) to additions."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise RulesError(f"{path}: cannot read rule file ({getattr(err, 'strerror', None) or err})") from None
    data, node = _yaml(text, path)
    if data is None:
        return {}, node
    if not isinstance(data, dict):
        raise RulesError(f"{path}: a rule file is a mapping of rule file names (units.yaml, metrics.yaml, ...) to additions")
    shipped = {entry.name for entry in resources.files(__package__).iterdir() if entry.name.endswith(".yaml")}
    keys = {k.value: k.start_mark.line + 1 for k, _ in node.value} if isinstance(node, yaml.MappingNode) else {}
    for key in data:
        if key not in shipped:
            raise RulesError(
                f"{path}: line {keys.get(key)}: {key!r} is not a rule file (one of {', '.join(sorted(shipped))})"
            )
    return data, node


def check_user_rules(paths: list[str]) -> None:
    """Read every user rule file now, and validate each rule file it adds to with its model, so a bad one
    fails before any work starts (a stage loads its rules only when it first needs them). `paths` must be
    the files in force (HUIMIN_RULES)."""
    from .schemas import RULE_FILES

    names = sorted({name for path in paths for name in _user_rules(path)[0]})
    for name in names:
        load(name, RULE_FILES[name])


def load(name: str, model: type[M]) -> M:
    """Load and validate the shipped rule file `name`, with the user's additions (HUIMIN_RULES) merged in."""
    origin = f"rules/{name}"
    data, node = _yaml(read_text(name), origin)
    where_line = lambda loc: _line(node, loc)  # noqa: E731
    for path in user_rule_files():
        extra, extra_node = _user_rules(path)
        if name in extra:
            shipped, data = data, merge(data, extra[name])
            origin = f"{path} ({name})"  # the shipped rules are valid: a problem now is the user's
            user_node = _line_node(extra_node, name)
            where_line = lambda loc, n=user_node, b=shipped: _line(n, loc, b)  # noqa: E731
    return _validate(model, data, origin, where_line)


def _line_node(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        return next((v for k, v in node.value if k.value == key), None)
    return None
