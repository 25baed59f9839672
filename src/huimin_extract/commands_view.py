"""`huimin view`: write the self-contained HTML page of a report (see `huimin_extract.view`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

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
                help="The report text a dataset was extracted from (default: the text named in the dataset, beside it).",
            ),
        ] = None,
        year: Annotated[
            int | None, typer.Option("--year", help="Report year, when the title does not give it.")
        ] = None,
        encoding: Annotated[
            str | None, typer.Option("--encoding", help="Force a text encoding (default: detect UTF-8/UTF-16/GB18030).")
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
                beside = file.parent / dataset.source.name  # where `extract` writes a web page's or PDF's text
                if dataset.source.original is None or not beside.is_file():
                    raise UsageError(f"{file}: a dataset needs its report text to be shown: pass --source TEXT")
                source = beside
            text = read_report(str(source), encoding=encoding).text
            inputs = (file, source)
        else:
            from .pipeline import extract_decoded

            if source is not None:
                raise UsageError(f"{file}: --source is only for a dataset; a report text is its own source")
            decoded = read_report(str(file), encoding=encoding)
            dataset = extract_decoded(decoded, name=file.name, report_year=year)
            text = decoded.text
        write_atomic(output, render_html(dataset, text), inputs=inputs)
        typer.echo(str(output))
