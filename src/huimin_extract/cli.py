"""The `huimin` command: a thin Typer client of the library.

Each command parses its arguments, calls one library function and renders the result. Library errors
(`HuiminError`) become one line on stderr and their exit code: 0 ok, 1 bad input or failed check,
2 usage. Heavy modules (jieba, the rules, rich) are imported inside the commands so `--help` is quick.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from . import __version__
from .errors import HuiminError, UsageError

if TYPE_CHECKING:
    from .models import Dataset

app = typer.Typer(
    name="huimin",
    help="Turn Chinese government work reports into validated, source-grounded datasets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

DEFAULT_OUT = Path("data/out")
OutDir = Annotated[Path, typer.Option("-o", "--out-dir", help="Directory for the datasets.")]
YearOpt = Annotated[int | None, typer.Option("--year", help="Report year, when the title does not give it.")]
EncodingOpt = Annotated[
    str | None, typer.Option("--encoding", help="Force a text encoding (default: detect UTF-8/UTF-16/GB18030).")
]
ReportsArg = Annotated[list[Path], typer.Argument(help="Report texts (.txt) or datasets (.json/.yaml).", show_default=False)]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"huimin {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Turn Chinese government work reports into validated, source-grounded datasets.

    Example: huimin extract data/raw/huimin-2022.txt
    """


def _err(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)


def _dataset(path: Path, year: int | None = None, encoding: str | None = None) -> Dataset:
    """A dataset file as it is, or a report text extracted on the fly."""
    from .pipeline import extract_file
    from .writers import load_dataset

    if path.suffix.lower() in (".json", ".yaml", ".yml"):
        return load_dataset(path)
    return extract_file(str(path), report_year=year, encoding=encoding)


def _console() -> Any:
    from rich.console import Console

    return Console(soft_wrap=False)


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Report texts to extract.", show_default=False)],
    out_dir: OutDir = DEFAULT_OUT,
    fmt: Annotated[str, typer.Option("--format", help="json, yaml or both.")] = "json",
    year: YearOpt = None,
    encoding: EncodingOpt = None,
) -> None:
    """Extract datasets from report texts into OUT_DIR/<stem>.json.

    Example: huimin extract data/raw/huimin-2022.txt -o data/out
    """
    from .pipeline import extract_file
    from .writers import write_dataset

    if fmt not in ("json", "yaml", "both"):
        raise UsageError(f"--format must be json, yaml or both, not {fmt!r}")
    failed = 0
    for path in files:
        try:
            dataset = extract_file(str(path), report_year=year, encoding=encoding)
            for written in write_dataset(dataset, out_dir, path.stem, fmt, inputs=(path,)):
                typer.echo(str(written))
        except HuiminError as err:
            _err(str(err))
            failed += 1
    if failed:
        raise typer.Exit(1)


@app.command()
def segment(
    file: Annotated[Path, typer.Argument(help="A report text.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the segmentation as JSON.")] = False,
    year: YearOpt = None,
    encoding: EncodingOpt = None,
) -> None:
    """Show how a report is segmented: its outline of sections, with paragraph and sentence counts.

    Example: huimin segment data/raw/huimin-2022.txt
    """
    from .pipeline import segment_file
    from .writers import to_json

    seg = segment_file(str(file), report_year=year, encoding=encoding)
    if as_json:
        sys.stdout.write(to_json(seg))
        return
    from rich.tree import Tree

    report = seg["report"]
    root = Tree(f"{report['title']}  (year {report['year']}, region {report['region']})")
    nodes: dict[str | None, Any] = {None: root}
    counts: dict[str | None, int] = {}
    for sentence in seg["sentences"]:
        counts[sentence["section_id"]] = counts.get(sentence["section_id"], 0) + 1
    for section in seg["sections"]:
        years = f"{section['from_year']}-{section['to_year']}" if section["from_year"] else "-"
        label = f"{section['text'] or '(名词解释)'}  [{section['frame']} {years}; {counts.get(section['id'], 0)} sentences]"
        nodes[section["id"]] = nodes[section["parent_id"]].add(label)
    _console().print(root)
    typer.echo(f"{len(seg['paragraphs'])} paragraphs, {len(seg['sentences'])} sentences, {len(seg['glossary'])} glossary entries")


@app.command()
def schema(
    out_dir: Annotated[Path, typer.Option("-o", "--out-dir", help="Directory for the JSON Schema.")] = Path("schemas"),
) -> None:
    """Write the dataset's JSON Schema (generated from the models) to OUT_DIR/dataset.schema.json.

    Example: huimin schema -o schemas
    """
    from .schema import write_schema

    typer.echo(str(write_schema(out_dir)))


@app.command()
def validate(
    datasets: Annotated[list[Path], typer.Argument(help="Dataset files (.json or .yaml).", show_default=False)],
    source: Annotated[
        Path | None, typer.Option("--source", help="The report text, to check every span against it.")
    ] = None,
) -> None:
    """Validate datasets against the models and check their spans; exit 1 on any problem.

    Example: huimin validate data/out/huimin-2022.json --source data/raw/huimin-2022.txt
    """
    from .check import problems
    from .reading import read_report
    from .writers import load_dataset

    text = read_report(str(source)).text if source else None
    bad = 0
    for path in datasets:
        try:
            found = problems(load_dataset(path), text if len(datasets) == 1 else None)
        except HuiminError as err:
            _err(str(err))
            bad += 1
            continue
        for problem in found:
            _err(f"{path}: {problem}")
        bad += bool(found)
        if not found:
            typer.echo(f"{path}: ok")
    if bad:
        raise typer.Exit(1)


@app.command()
def numbers(
    file: Annotated[Path, typer.Argument(help="A report text or dataset.", show_default=False)],
    year: YearOpt = None,
    encoding: EncodingOpt = None,
) -> None:
    """List every quantity: text, value, unit, qualifier and its sentence.

    Example: huimin numbers data/raw/huimin-2022.txt
    """
    from rich.table import Table

    ds = _dataset(file, year, encoding)
    sentences = {s.id: s.text for s in ds.sentences}
    table = Table("id", "text", "value", "max", "unit", "qualifier", "sentence", title=f"{file.name}: {len(ds.quantities)} quantities")
    for q in ds.quantities:
        sentence = sentences.get(q.sentence_id or "", "")
        table.add_row(q.id, q.text, _fmt(q.value), _fmt(q.value_max), q.unit or "", q.approx or "", _clip(sentence, 40))
    _console().print(table)


@app.command("eval")
def eval_(
    dataset: Annotated[Path, typer.Argument(help="A dataset (or a report text, extracted first).", show_default=False)],
    gold_prefix: Annotated[
        str, typer.Argument(help="Gold files prefix: tests/gold/huimin-2022 reads tests/gold/huimin-2022.*.jsonl.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Scores, misses and false hits as JSON.")] = False,
) -> None:
    """Score a dataset against gold files: precision, recall and F1 per part.

    Example: huimin eval data/out/huimin-2022.json tests/gold/huimin-2022
    """
    from .evaluate import evaluate
    from .writers import to_json

    result = evaluate(_dataset(dataset), gold_prefix)
    if as_json:
        sys.stdout.write(to_json(result.as_dict()))
        return
    from rich.table import Table

    table = Table("part", "gold", "predicted", "hits", "precision", "recall", "F1", title=f"{dataset.name} vs {gold_prefix}")
    for name, s in result.parts.items():
        table.add_row(name, str(s.gold), str(s.predicted), str(s.hits), f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}")
    _console().print(table)


@app.command()
def indicators(
    files: ReportsArg,
    csv_path: Annotated[Path | None, typer.Option("--csv", help="Write one flat CSV of all reports ('-' for stdout).")] = None,
    year: YearOpt = None,
    encoding: EncodingOpt = None,
) -> None:
    """Show the indicators of each report (metric, kind, measure, value, period); --csv for a flat table.

    Example: huimin indicators data/raw/provinces-2026/*.txt --csv targets.csv
    """
    from .tables import indicator_rows, write_csv

    rows: list[dict[str, Any]] = []
    for path in files:
        ds = _dataset(path, year, encoding)
        report_rows = indicator_rows(ds)
        rows.extend(report_rows)
        if csv_path is None:
            _print_rows(report_rows, f"{path.name}: {len(report_rows)} indicators", INDICATOR_COLUMNS)
    if csv_path is not None:
        write_csv(rows, csv_path)


INDICATOR_COLUMNS = ["metric", "metric_text", "kind", "measure", "value", "value_max", "unit", "approx", "period"]
PROJECT_COLUMNS = ["name", "investment", "status", "period", "group_count", "group_level"]


@app.command()
def projects(
    files: ReportsArg,
    csv_path: Annotated[Path | None, typer.Option("--csv", help="Write one flat CSV of all reports ('-' for stdout).")] = None,
    year: YearOpt = None,
    encoding: EncodingOpt = None,
) -> None:
    """Show the named projects of each report with investment, status and group; --csv for a flat table.

    Example: huimin projects data/raw/huimin-2022.txt
    """
    from .tables import project_rows, write_csv

    rows: list[dict[str, Any]] = []
    for path in files:
        ds = _dataset(path, year, encoding)
        report_rows = project_rows(ds)
        rows.extend(report_rows)
        if csv_path is None:
            _print_rows(report_rows, f"{path.name}: {len(report_rows)} projects", PROJECT_COLUMNS)
    if csv_path is not None:
        write_csv(rows, csv_path)


def _print_rows(rows: list[dict[str, Any]], title: str, columns: list[str]) -> None:
    from rich.table import Table

    table = Table(*columns, title=title)
    for row in rows:
        table.add_row(*(_fmt(row[c]) for c in columns))
    _console().print(table)


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def main() -> None:
    """Entry point: run the app, turning library errors into one line and an exit code."""
    try:
        code = app(standalone_mode=False)
    except HuiminError as err:
        _err(str(err))
        sys.exit(err.exit_code)
    except typer.Exit as exit_:
        sys.exit(exit_.exit_code)
    except typer.Abort:
        _err("aborted")
        sys.exit(1)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
    except Exception as err:  # click's usage errors
        import click

        if isinstance(err, click.exceptions.ClickException):
            err.show()
            sys.exit(err.exit_code)
        raise
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
