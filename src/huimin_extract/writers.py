"""The one place datasets become bytes: deterministic JSON and YAML, written atomically.

Same dataset, same bytes: field order is the models' order, lists are already in span order, no
timestamps; UTF-8 with readable Chinese (no `\\u` escapes) and a trailing newline.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic_core import to_json as to_json_bytes

from .errors import OutputError
from .models import Dataset


def to_json(data: Dataset | Any) -> str:
    """The JSON text of a dataset (or any JSON-able value).

    A dataset is serialised by pydantic-core directly (no intermediate dict: a quarter of the time and
    far less memory on a large report); it writes non-ASCII as is, like `ensure_ascii=False`.
    """
    if isinstance(data, Dataset):
        return dataset_bytes(data).decode("utf-8")
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def dataset_bytes(dataset: Dataset) -> bytes:
    """The UTF-8 bytes `to_json` gives, made without a `str` copy."""
    return Dataset.__pydantic_serializer__.to_json(dataset, indent=2) + b"\n"


def dataset_chunks(dataset: Dataset) -> Iterator[bytes]:
    """`dataset_bytes(dataset)` in pieces, a record at a time (what the writer writes).

    The JSON of a large report never exists whole in memory: each record is serialised by pydantic-core
    on its own and indented to the depth it has in the dataset, which gives exactly the same bytes.
    """
    fields = Dataset.model_fields
    names = [n for n in fields if not (fields[n].exclude_if is not None and fields[n].exclude_if(getattr(dataset, n)))]
    yield b"{\n"
    for n, name in enumerate(names):
        value = getattr(dataset, name)
        key = b"  " + to_json_bytes(name) + b": "
        after = b",\n" if n < len(names) - 1 else b"\n"
        if isinstance(value, list) and value:
            yield key + b"[\n"
            last = len(value) - 1
            for i, record in enumerate(value):
                yield b"    " + to_json_bytes(record, indent=2).replace(b"\n", b"\n    ") + (b",\n" if i < last else b"\n")
            yield b"  ]" + after
        else:
            yield key + to_json_bytes(value, indent=2).replace(b"\n", b"\n  ") + after
    yield b"}\n"


def to_yaml(data: Dataset | Any) -> str:
    payload = data.model_dump(mode="json") if isinstance(data, Dataset) else data
    return yaml.safe_dump(payload, allow_unicode=True, sort_keys=False, width=1000)


def write_atomic(path: Path, content: str | bytes | Iterable[bytes], *, inputs: tuple[Path, ...] = ()) -> None:
    """Write `content` to `path` through a temporary file in the same directory and a rename.

    A reader never sees a half-written file, and a failure (disk full, no permission) leaves any
    previous file untouched. Refuses to overwrite one of `inputs`.
    """
    target = Path(path)
    for source in inputs:
        try:
            if target.exists() and target.resolve() == Path(source).resolve():
                raise OutputError(f"{target}: output path is an input file; refusing to overwrite it")
        except OSError:
            continue
    chunks = [content.encode("utf-8")] if isinstance(content, str) else [content] if isinstance(content, bytes) else content
    directory = target.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as err:
        raise OutputError(f"{directory}: cannot write output ({_reason(err)})") from None
    try:
        os.chmod(tmp, _file_mode())  # mkstemp makes 0600; a dataset is as readable as any file the user writes
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as err:
        _remove(tmp)
        raise OutputError(f"{target}: cannot write output ({_reason(err)})") from None
    except BaseException:
        _remove(tmp)
        raise


@lru_cache(maxsize=1)
def _file_mode() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _reason(err: OSError) -> str:
    if err.errno == errno.ENOSPC:
        return "no space left on device"
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied"
    return err.strerror or str(err)


def write_dataset(dataset: Dataset, out_dir: Path, stem: str, fmt: str = "json", *, inputs: tuple[Path, ...] = ()) -> list[Path]:
    """Write `<out_dir>/<stem>.json` and/or `.yaml` (`fmt`: json, yaml or both); return the paths written."""
    written: list[Path] = []
    if fmt in ("json", "both"):
        path = out_dir / f"{stem}.json"
        write_atomic(path, dataset_chunks(dataset), inputs=inputs)
        written.append(path)
    if fmt in ("yaml", "both"):
        path = out_dir / f"{stem}.yaml"
        write_atomic(path, to_yaml(dataset), inputs=inputs)
        written.append(path)
    return written


def load_dataset(path: Path) -> Dataset:
    """Read and validate a dataset file (.json or .yaml)."""
    from pydantic import ValidationError

    from .errors import DatasetError
    from .reading import DATASET_SUFFIXES

    if Path(path).suffix.lower() not in DATASET_SUFFIXES:
        raise DatasetError(f"{path}: not a dataset (.json or .yaml); a report? `huimin extract {path}` makes its dataset")
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DatasetError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise DatasetError(f"{path}: cannot be read ({err})") from None
    try:
        data = yaml.safe_load(raw) if str(path).endswith((".yaml", ".yml")) else json.loads(raw)
    except (json.JSONDecodeError, yaml.YAMLError) as err:
        raise DatasetError(f"{path}: not valid {'YAML' if str(path).endswith(('.yaml', '.yml')) else 'JSON'} ({str(err).splitlines()[0]})") from None
    try:
        return Dataset.model_validate(data)
    except ValidationError as err:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(top level)'}: {e['msg']}" for e in err.errors()[:5]
        )
        raise DatasetError(f"{path}: {err.error_count()} problem(s): {problems}") from None
