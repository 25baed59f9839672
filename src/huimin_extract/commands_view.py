"""`huimin view`: write the self-contained HTML page of a report (see `huimin_extract.view`)."""

# no `from __future__ import annotations`: Typer would evaluate the strings at every start (see cli.py)

from pathlib import Path
from typing import Annotated, Any

import typer

from .cliutil import check_encoding

DATASET_SUFFIXES = (".json", ".yaml", ".yml")


def register(app: typer.Typer) -> None:
    """Add the `view` command to `app`."""

    @app.command("view")
    def view(
        file: Annotated[
            Path,
            typer.Argument(
                help="A report (.txt, .html or .pdf, extracted on the fly) or a dataset (.json/.yaml).",
                metavar="DATASET_OR_TEXT",
                show_default=False,
            ),
        ],
        output: Annotated[Path, typer.Option("-o", "--output", help="The HTML file to write.", show_default=False)],
        source: Annotated[
            Path | None,
            typer.Option(
                "--source",
                help="The report text a dataset was extracted from (default: the file the dataset names, with the "
                "sha256 it records, beside the dataset, at its recorded name, or under data/raw/).",
            ),
        ] = None,
        year: Annotated[
            int | None, typer.Option("--year", help="Report year, when the title does not give it.")
        ] = None,
        encoding: Annotated[
            str | None,
            typer.Option(
                "--encoding", help="Force a text encoding (default: detect UTF-8/UTF-16/GB18030).", callback=check_encoding
            ),
        ] = None,
    ) -> None:
        """Write one self-contained HTML page that highlights every extracted item in the report text.

        Quantities, periods, indicator figures and projects are coloured by kind (toggle them in the legend
        or with ?hide=quantity,period in the URL), with tables of indicators and projects, the outline and
        a chart of the headline indicators. No network is needed to open it. For a PDF, every figure cites
        its page.

        Example: huimin view data/raw/huimin-2022.txt -o report.html
        """
        from .errors import UsageError
        from .reading import read_report
        from .view import render_html
        from .writers import write_atomic

        inputs: tuple[Path, ...] = (file,)
        if file.suffix.lower() in DATASET_SUFFIXES:
            from .writers import load_dataset

            dataset = load_dataset(file)
            if source is None:
                source = find_source(dataset, file)
            else:
                from .check import source_mismatch
                from .errors import DatasetError

                if mismatch := source_mismatch(dataset, source):
                    raise DatasetError(f"{file}: {mismatch}")
            from .check import source_text

            text = source_text(dataset, source)
            inputs = (file, source)
        else:
            from .pipeline import extract_decoded

            if source is not None:
                raise UsageError(f"{file}: --source is only for a dataset; a report text is its own source")
            decoded = read_report(str(file), encoding=encoding)
            dataset = extract_decoded(decoded, name=file.name, report_year=year, encoding=encoding)
            text = decoded.text
        write_atomic(output, render_html(dataset, text), inputs=inputs)
        typer.echo(str(output))


def source_candidates(dataset_path: Path, names: list[str]) -> list[Path]:
    """Where the source of the dataset at `dataset_path` may be, in order: beside the dataset, at the name it
    records (relative to the working directory), in the tree mirrored under a `raw` directory beside an `out`
    one (data/out/provinces-2026/x.json: data/raw/provinces-2026/), and anywhere under ./data/raw/."""
    here = dataset_path.parent
    places: list[Path] = [here / name for name in names] + [Path(name) for name in names]
    for ancestor in [here, *here.parents]:
        if ancestor.name == "out" and (ancestor.parent / "raw").is_dir():
            mirror = ancestor.parent / "raw" / here.relative_to(ancestor)
            places += [mirror / name for name in names]
            break
    raw = Path("data/raw")
    if raw.is_dir():
        places += sorted(p for name in names for p in raw.rglob(Path(name).name))
    seen: set[Path] = set()
    found = []
    for place in places:
        key = place.resolve()
        if key not in seen and place.is_file():
            seen.add(key)
            found.append(place)
    return found


def find_source(dataset: Any, dataset_path: Path) -> Path:
    """The report a dataset was extracted from, found by name and checked by sha256 (UsageError: none found)."""
    from .check import is_source_of
    from .errors import UsageError

    names = [dataset.source.name] + ([dataset.source.original.name] if dataset.source.original else [])
    candidates = source_candidates(dataset_path, names)
    for candidate in candidates:
        if is_source_of(dataset, candidate):
            return candidate
    if candidates:
        raise UsageError(
            f"{dataset_path}: found {', '.join(map(str, candidates))}, but not with the sha256 this dataset records "
            f"({(dataset.source.sha256 or '')[:12]}…): the report changed? pass --source TEXT"
        )
    raise UsageError(
        f"{dataset_path}: {dataset.source.name} is not beside the dataset, in the working directory or under "
        "data/raw/: pass --source TEXT"
    )
