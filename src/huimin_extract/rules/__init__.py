"""Rule data (units, numerals, metrics, cues, jieba words) and the one loader they all go through.

Rule files are YAML read with `yaml.safe_load` semantics (no code runs), duplicate keys are an error,
and each file is validated by the Pydantic model of the stage that uses it (`extra="forbid"`).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import RulesError

M = TypeVar("M", bound=BaseModel)


class _UniqueKeyLoader(yaml.SafeLoader):
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


def parse(text: str, model: type[M], origin: str) -> M:
    """Parse YAML `text` into `model`; errors name the file, the key path and the problem."""
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except RulesError as err:
        raise RulesError(f"{origin}: {err}") from None
    except yaml.YAMLError as err:
        raise RulesError(f"{origin}: not valid YAML: {str(err).splitlines()[0]}") from None
    try:
        return model.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise RulesError(f"{origin}: {where}: {first['msg']} ({err.error_count()} problem(s))") from None


def load(name: str, model: type[M]) -> M:
    """Load and validate the shipped rule file `name`."""
    return parse(read_text(name), model, origin=f"rules/{name}")
