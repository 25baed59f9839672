"""The comparison commands `diff`, `track`, `panel`, `attainment` and `series`: thin clients of
`huimin_extract.compare`, `panels`, `series` and `database`.

`register(app)` adds them to the `huimin` app (cli.py calls it). Each argument may be a dataset
(.json/.yaml) or a report text, extracted on the fly. Heavy modules are imported inside the commands.
"""

# no `from __future__ import annotations`: Typer would evaluate the strings at every start (see cli.py)

import re
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from .cliutil import as_written, fmt, load_report, print_table
from .errors import HuiminError

FORMATS = ("table", "json", "csv", "markdown", "html")


DatasetsArg = Annotated[
    list[str],
    typer.Argument(help="Datasets (.json/.yaml) or report texts; directories (their datasets) and globs too.",
                   show_default=False),
]  # fmt: skip
SqliteOpt = Annotated[
    Path | None,
    typer.Option("--sqlite", help="Load into this SQLite database (created if missing; a report loaded again is replaced)."),
]
BomOpt = Annotated[bool, typer.Option("--bom", help="Start the CSV with a UTF-8 BOM (for Excel).")]


def _table(title: str, header: list[str], rows: list[list[str]]) -> Any:
    from rich.markup import escape
    from rich.table import Table

    # cells are text, not rich markup: `地区生产总值 [growth]` must not lose its `[growth]` as a style tag
    table = Table(title=escape(title), title_justify="left")
    for name in header:
        table.add_column(escape(name), overflow="fold")
    for row in rows:
        table.add_row(*(escape(cell) for cell in row))
    if not rows:
        table.add_row("(none)", *[""] * (len(header) - 1))
    return table


def diff_command(
    old: Annotated[
        Path, typer.Argument(help="The earlier report: a dataset (.json/.yaml) or a report text.", show_default=False)
    ],
    new: Annotated[
        Path, typer.Argument(help="The later report (or another region's): dataset or text.", show_default=False)
    ],
    fmt: Annotated[str, typer.Option("--format", help="table (terminal), json, csv, markdown or html (a page like `huimin view`).")] = "table",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing; only the exit code tells.")] = False,
) -> None:
    """Compare two reports: changed figures, target attainment, plan-year targets, projects.

    Exit code 0 when there are no differences, 1 when there are, 2 on error (like diff).

    Example: huimin diff tests/pairs/minghu-2024.txt tests/pairs/minghu-2025.txt --format markdown
    """
    try:
        if fmt not in FORMATS:
            raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
        from .compare import diff

        result = diff(load_report(old), load_report(new))
    except (HuiminError, typer.BadParameter) as err:
        typer.echo(f"Error: {err}", err=True)
        raise typer.Exit(2) from None
    if result.regions_note and not quiet:
        typer.echo(f"Note: {result.regions_note}", err=True)
    if not quiet:
        _show_diff(result, fmt)
    raise typer.Exit(1 if result.differences else 0)


def _show_diff(result: Any, fmt: str) -> None:
    from . import compare, compare_tables
    from .writers import to_json

    if fmt == "json":
        sys.stdout.write(to_json(result.as_dict()))
    elif fmt == "html":
        from .diffview import render_diff_html

        sys.stdout.write(render_diff_html(result))
    elif fmt == "markdown":
        sys.stdout.write(compare_tables.to_markdown(result))
    elif fmt == "csv":
        from .tables import write_csv

        rows = result.rows()
        if rows:
            write_csv(rows, Path("-"))
        else:
            sys.stdout.write(",".join(compare.DIFF_FIELDS) + "\n")
    else:
        for title, header, rows in compare_tables.diff_tables(result):
            print_table(title, header, rows, whole=("change", "period", "delta", "gap", "rule", "better", "status"))
            typer.echo()
        typer.echo(f"{result.differences} difference(s)")


def track_command(
    dataset: Annotated[Path, typer.Argument(help="A dataset (.json/.yaml) or a report text.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the rows as JSON.")] = False,
    csv_path: Annotated[Path | None, typer.Option("--csv", help="Write the rows as CSV ('-' for stdout).")] = None,
    bom: BomOpt = False,
) -> None:
    """Each target of the report's plan year beside the latest actual or estimate of the same metric.

    Example: huimin track data/out/huimin-2022.json
    """
    from .compare import plan_year, track
    from .compare_tables import track_rows

    ds = load_report(dataset)
    rows = track(ds)
    if as_json:
        from .writers import to_json

        sys.stdout.write(to_json([r.model_dump(mode="json") for r in rows]))
        return
    if csv_path is not None:
        from .cliutil import write_csv_file

        write_csv_file(track_rows(rows), csv_path, bom=bom)
        return
    table_rows = []
    for r in rows:
        name = r.metric if r.measure == "level" else f"{r.metric} [{r.measure}]"
        fig = r.figure
        table_rows.append(
            [name, r.target.shown, fig.shown if fig else "(no figure)", (fig.period or "") if fig else "",
             (fig.kind + ("" if r.same_measure else f", {fig.measure}")) if fig else "",
             as_written(r.difference, r.target.unit, r.target.shown)]
        )  # fmt: skip
    title = f"{dataset.name}: {len(rows)} targets for {plan_year(ds)} beside the latest figures"
    header = ["metric", "target", "latest figure", "period", "kind", "gap"]  # gap: target − figure
    print_table(title, header, table_rows, whole=("target", "latest figure", "period", "kind", "gap"))


def panel_command(
    inputs: DatasetsArg,
    csv_path: Annotated[
        Path | None, typer.Option("--csv", help="Write the long table as CSV ('-' for stdout).")
    ] = None,
    bom: BomOpt = False,
    all_mentions: Annotated[
        bool, typer.Option("--all-mentions", help="A row for every mention, `chosen` marking the panel's figure.")
    ] = False,
    sqlite_path: SqliteOpt = None,
) -> None:
    """One long table over many reports: a row per region, report year, metric, kind, measure and period.

    Where a report states a cell more than once, the row is the figure the documented rules choose (exact over a
    milestone, the region's own, the whole year, the part about the period; column `pick`); the others are in
    `others`. Headline metrics a report gives no figure for are rows with absent=True. --sqlite loads the reports
    into an SQLite database instead (tables reports, indicators, projects, attainment; a report loaded again is
    replaced), printing no table.

    Example: huimin panel data/out/provinces-2026/*.json --csv panel.csv --bom
    """
    from .cliutil import expand_inputs, load_all
    from .panels import panel_rows

    paths = expand_inputs(inputs)
    rows: list[dict[str, Any]] = []
    want_rows = csv_path is not None or sqlite_path is None

    def read() -> Any:  # one pass over the inputs: a report text given is extracted once, for both uses
        for ds in load_all(paths):
            if want_rows:
                rows.extend(panel_rows(ds, all_mentions))
            yield ds

    if sqlite_path is not None:
        from .database import write_sqlite

        typer.echo(write_sqlite(read(), sqlite_path, inputs=paths).line(sqlite_path), err=True)
    else:
        for _ in read():
            pass
    if csv_path is not None:
        from .cliutil import write_csv_file
        from .panels import PANEL_FIELDS

        write_csv_file(rows, csv_path, bom=bom, fields=PANEL_FIELDS)
    elif sqlite_path is None:
        header = ["region", "year", "metric", "kind", "measure", "period", "figure", "pick"]
        table_rows = [
            [fmt(row["region"]), fmt(row["report_year"]), fmt(row["metric"]), fmt(row["kind"]), fmt(row["measure"]),
             fmt(row["period"]), "(absent)" if row["absent"] else fmt(row["shown"]), fmt(row["pick"])]
            for row in rows
        ]  # fmt: skip
        print_table(f"{len(paths)} report(s): {len(rows)} rows", header, table_rows,
                    whole=("year", "kind", "measure", "period", "figure"))  # fmt: skip


def attainment_command(
    inputs: DatasetsArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print the rows as JSON.")] = False,
    csv_path: Annotated[Path | None, typer.Option("--csv", help="Write the rows as CSV ('-' for stdout).")] = None,
    bom: BomOpt = False,
    sqlite_path: SqliteOpt = None,
) -> None:
    """Target attainment across years: every region's target for each year beside the outturn a later report gives.

    Reports are grouped by region (宁夏 = 宁夏回族自治区) and ordered by year; the target of year Y (from the report
    of Y) meets the outturn for Y from the report of Y+1, else a later one: met, missed, no_figure, no_target.
    --sqlite loads the datasets into a database and recomputes its attainment table over all its reports.

    Example: huimin attainment data/out/provinces-2025 data/out/provinces-2026 --json
    """
    from .cliutil import expand_inputs, load_all
    from .series import Reports

    paths = expand_inputs(inputs)
    reports = Reports()
    want_rows = as_json or csv_path is not None or sqlite_path is None

    def read() -> Any:  # one pass over the inputs: a report text given is extracted once, for both uses
        for ds in load_all(paths):
            if want_rows:
                reports.add(ds)
            yield ds

    if sqlite_path is not None:
        from .database import write_sqlite

        summary = write_sqlite(read(), sqlite_path, inputs=paths)
        typer.echo(summary.line(sqlite_path), err=True)
        unplaced = list(summary.unplaced)
    else:
        for _ in read():
            pass
        unplaced = reports.unplaced
    for source in unplaced:
        typer.echo(f"Warning: {source}: no report year; left out of attainment (extract it with --year)", err=True)
    if not want_rows:
        return
    rows = reports.attainment()
    _emit_years(rows, as_json, csv_path, bom, f"{len(paths)} report(s): {len(rows)} targets and years")


def _emit_years(rows: list[Any], as_json: bool, csv_path: Path | None, bom: bool, title: str) -> None:
    """Attainment or series rows as JSON on stdout, as CSV, or (neither asked for) as a table."""
    from .series import FLAT_FIELDS, flat

    if as_json:
        from .writers import to_json

        sys.stdout.write(to_json([r.model_dump(mode="json") for r in rows]))
    if csv_path is not None:
        from .cliutil import write_csv_file

        write_csv_file([flat(r) for r in rows], csv_path, bom=bom, fields=FLAT_FIELDS)
    if not as_json and csv_path is None:
        _print_years(rows, title)


def _print_years(rows: list[Any], title: str) -> None:
    """Targets beside outturns; the report an outturn comes from is named by its year (its file is in JSON/CSV)."""
    header = ["region", "year", "metric", "target", "outturn (kind, report)", "status", "gap", "rule"]
    cells = [
        [r.region or "", r.period, _metric_name(r), r.target.shown if r.target else "",
         f"{r.figure.shown} ({r.figure.kind}, {r.figure.report_year})" if r.figure else "", r.status,
         as_written(r.gap, r.target.unit if r.target else None, r.target.shown if r.target else ""), _rule(r)]
        for r in rows
    ]  # fmt: skip
    print_table(title, header, cells, whole=("year", "target", header[4], "status", "gap", "rule"))


def _rule(row: Any) -> str:
    """The rule with its tolerance as the target writes it (`approx ±5亿元`, not `approx ±500000000`)."""
    rule = row.rule or ""
    if row.target is not None and (found := re.fullmatch(r"approx ±([\d.]+)", rule)):
        return "approx ±" + as_written(float(found.group(1)), row.target.unit, row.target.shown)
    return rule


def _metric_name(row: Any) -> str:
    return row.metric if row.measure == "level" else f"{row.metric} [{row.measure}]"


def series_command(
    inputs: DatasetsArg,
    metric: Annotated[str, typer.Option("--metric", help="The metric: a lexicon id (gdp, cpi…) or a metric name.")],
    measure: Annotated[
        str | None,
        typer.Option("--measure", help="growth, level or avg_growth (default: the one the metric is most often targeted in)."),
    ] = None,
    region: Annotated[str | None, typer.Option("--region", help="Only this region (全国, 湖北, 宁夏回族自治区…).")] = None,
    html_path: Annotated[Path | None, typer.Option("--html", help="Write a page with a chart per region.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the rows as JSON.")] = False,
    csv_path: Annotated[Path | None, typer.Option("--csv", help="Write the rows as CSV ('-' for stdout).")] = None,
    bom: BomOpt = False,
) -> None:
    """One metric's targets and outturns over the years, per region: a table, and with --html a chart.

    A metric with a predecessor (gdp: gnp, the national headline output before 1994) shows the predecessor's
    figure where a year has none of its own, labelled with the predecessor's id.

    Example: huimin series data/out/national --metric gdp --html national-gdp.html
    """
    from .cliutil import expand_inputs, load_all
    from .series import series

    if measure is not None and measure not in ("growth", "level", "avg_growth"):
        raise typer.BadParameter(f"--measure must be growth, level or avg_growth, not {measure!r}")
    rows = series(load_all(expand_inputs(inputs)), metric, measure=measure, region=region)
    if html_path is not None:
        from .seriesview import render_series_html
        from .writers import write_atomic

        write_atomic(html_path, render_series_html(rows, metric, rows[0].measure))
        typer.echo(str(html_path), err=True)
    _emit_years(rows, as_json, csv_path, bom, f"{metric} [{rows[0].measure}]: {len(rows)} years")


def register(app: typer.Typer) -> None:
    """Add `diff`, `track`, `panel`, `attainment` and `series` to the `huimin` app."""
    app.command("diff")(diff_command)
    app.command("track")(track_command)
    app.command("panel")(panel_command)
    app.command("attainment")(attainment_command)
    app.command("series")(series_command)
