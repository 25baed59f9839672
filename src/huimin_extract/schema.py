"""The dataset's JSON Schema, generated from the models (schemas/ is never edited by hand)."""

from __future__ import annotations

import json
from pathlib import Path

from .models import Dataset
from .writers import write_atomic

SCHEMA_FILE = "dataset.schema.json"


def dataset_schema() -> str:
    """The JSON Schema text of a dataset, byte-stable."""
    schema = Dataset.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://huimin-extract/schemas/dataset.schema.json"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schema(out_dir: Path) -> Path:
    path = Path(out_dir) / SCHEMA_FILE
    write_atomic(path, dataset_schema())
    return path
