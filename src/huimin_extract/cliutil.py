"""Small helpers shared by the CLI modules (cli.py and the commands_*.py it registers)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Dataset

DATASET_SUFFIXES = (".json", ".yaml", ".yml")


def load_report(path: Path, year: int | None = None, encoding: str | None = None) -> Dataset:
    """A dataset file as it is, or a report text extracted on the fly."""
    if path.suffix.lower() in DATASET_SUFFIXES:
        from .writers import load_dataset

        return load_dataset(path)
    import sys

    from .metadata import year_warning
    from .pipeline import extract_decoded
    from .reading import decoding_warning, read_report

    decoded = read_report(str(path), encoding=encoding)
    dataset = extract_decoded(decoded, name=path.name, report_year=year, encoding=encoding)
    for warning in (decoding_warning(decoded, str(path)), year_warning(dataset.report, str(path))):
        if warning:
            print(f"Warning: {warning}", file=sys.stderr)
    return dataset


def check_encoding(value: str | None) -> str | None:
    """`--encoding`: a bad name is a usage error (exit 2), found before any work (even when nothing is to do)."""
    if value is None:
        return None
    from .errors import UsageError
    from .reading import codec_for

    try:
        codec_for(value)
    except LookupError:
        raise UsageError(f"--encoding {value!r}: unknown encoding (e.g. utf-8, gb18030, gbk, big5, utf-16)") from None
    return value


def write_csv_file(rows: list[dict[str, Any]], path: Path, *, bom: bool = False, fields: list[str] | None = None) -> None:
    """Write `rows` as CSV to `path` (or stdout for `-`) and say on stderr where they went and how many."""
    import sys

    from .tables import write_csv

    write_csv(rows, path, bom=bom, fields=fields)
    if str(path) != "-":
        print(f"{path}: {len(rows)} row{'' if len(rows) == 1 else 's'}", file=sys.stderr)


def console() -> Any:
    """A rich console; when output goes to a file or pipe, wide enough for Chinese tables (not 80 columns)."""
    import os
    import sys

    from rich.console import Console

    width = None if sys.stdout.isatty() or "COLUMNS" in os.environ else 160
    return Console(soft_wrap=False, width=width)


def fmt(value: Any) -> str:
    """A cell: empty for None, numbers without float noise or exponent (`1234567.5`, not `1.23457e+06`)."""
    if value is None:
        return ""
    if isinstance(value, float):
        from .values import format_number

        return format_number(value)
    return str(value)


NUMBER_RUN = re.compile(r"[-+−]?[\d.,%‰]+")
"""A number as printed (`-40.06`, `5.4%`): a table column is never narrower than its widest one."""

def as_written(value: float | None, unit: str | None, like: str = "") -> str:
    """A base value in the unit and magnitude the report writes it in (see `compare_tables.as_written`)."""
    from .compare_tables import as_written as written

    return written(value, unit, like)


def print_table(title: str, columns: list[str], rows: list[list[str]], *, whole: tuple[str, ...] = ()) -> None:
    """A table that fits the terminal: names wrap within their column; `whole` columns (figures, periods) keep
    their width when the table fits, and when it cannot they wrap too, but never inside a number: no cell
    is ever cut, no column dropped."""
    from rich.markup import escape
    from rich.table import Table

    # cells are text, not rich markup: `地区生产总值 [growth]` must not lose its `[growth]` as a style tag;
    # no rules and one space between columns: the width goes to the text (80 columns hold most metric names)
    table = Table(title=escape(title), title_justify="left", box=None, padding=(0, 1, 0, 0))
    for n, name in enumerate(columns):
        cells = [row[n] for row in rows]
        if name in whole:  # wraps only when the table cannot fit otherwise, and never inside a number
            widest_number = max([len(n) for cell in cells for n in NUMBER_RUN.findall(cell)] or [1])
            table.add_column(escape(name), min_width=max(widest_number, min(_cells(name), 6)), overflow="fold")
        else:  # a name: wraps anywhere, but keeps a few characters' width (a column is never dropped)
            table.add_column(escape(name), min_width=min(8, max([_cells(c) for c in [name, *cells]])), overflow="fold")
    for row in rows:
        table.add_row(*(escape(cell) for cell in row))
    if not rows:
        table.add_row("(none)", *[""] * (len(columns) - 1))
    console().print(table)


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def expand_inputs(inputs: list[str]) -> list[Path]:
    """Dataset arguments as paths: a file as it is (a dataset, or a report text to extract), a directory's
    datasets (every *.json below it, and a *.yaml/*.yml with no .json of the same name), a glob's matches.

    A directory without datasets and a glob without matches are bad input (InputError).
    """
    import glob

    from .errors import InputError

    paths: list[Path] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DATASET_SUFFIXES)
            jsons = {p.with_suffix("") for p in found if p.suffix.lower() == ".json"}
            found = [p for p in found if p.suffix.lower() == ".json" or p.with_suffix("") not in jsons]
            if not found:
                raise InputError(raw, "a directory with no dataset (*.json, *.yaml) in it")
            paths.extend(found)
        elif not path.exists() and glob.has_magic(raw):
            matches = sorted(Path(m) for m in glob.glob(raw, recursive=True) if Path(m).is_file())
            if not matches:
                raise InputError(raw, "no file matches this pattern")
            paths.extend(matches)
        else:
            paths.append(path)  # a missing file fails when it is read, with a clear message
    return paths


def load_all(paths: list[Path]) -> Iterator[Dataset]:
    """The datasets of `paths`, read one at a time (for loads that must not hold them all)."""
    for path in paths:
        yield load_report(path)
