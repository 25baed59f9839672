"""The panel as an SQLite database: tables `reports`, `indicators`, `projects` and `attainment`.

`write_sqlite(datasets, path)` loads datasets one at a time (none is kept once its rows are written, so
memory does not grow with their number) and then recomputes the `attainment` table over every report the
database holds, region by region. All of it is one transaction: an input that fails leaves the database as it
was, and a new database appears only when complete (it is built beside the target and renamed into place).

A report is keyed by `report_id`, the sha256 of its text: loading a report again replaces its rows (no
duplicates on re-runs; a report given twice in one load counts once, the first). `indicators` holds every
mention, `chosen` marking the panel's figure of each cell (panels.py) and `pick` the rule that chose it;
`projects` every project; `attainment` the rows `huimin attainment --json` gives, flattened (series.FLAT_FIELDS).
Foreign keys tie every row to its report(s); indexes cover region, year and metric.

The standard library's `sqlite3` rather than sqlite-utils: it ships with Python (no dependency), gives the
explicit keys, foreign keys and the single transaction this needs, and the schema is a few statements.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import OutputError
from .models import Dataset
from .panels import MENTION_FIELDS, Mention, mention_rows, region_key
from .series import FLAT_FIELDS, ReportCells, YearRow, attainment_rows, flat, report_id
from .tables import PROJECT_FIELDS, project_rows

FORMAT = "huimin-panel"
VERSION = "1"

_NUMERIC = {"value", "value_max", "investment", "group_investment", "gap", "tolerance", "target_value",
            "target_value_max", "figure_value", "figure_value_max"}  # fmt: skip
_INTEGER = {"report_year", "start", "end", "value_start", "value_end", "about", "mentions", "chosen", "group_count",
            "target_report_year", "figure_report_year", "year", "length"}  # fmt: skip

REPORT_FIELDS = ["report_id", "source", "region", "region_key", "year", "year_source", "title", "encoding", "length",
                 "tool_version", "schema_version"]  # fmt: skip
INDICATOR_FIELDS = ["report_id", *(f for f in MENTION_FIELDS if f != "absent")]
PROJECT_COLUMNS = ["report_id", "region_key", *PROJECT_FIELDS]
ATTAINMENT_FIELDS = ["metric_key", *FLAT_FIELDS]

_MENTION_COLUMNS = [f for f in Mention.__dataclass_fields__]  # the columns a Mention is rebuilt from


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(fields: Sequence[str], required: Sequence[str] = ()) -> str:
    def kind(f: str) -> str:
        return "NUMERIC" if f in _NUMERIC else "INTEGER" if f in _INTEGER else "TEXT"

    return ", ".join(f"{_q(f)} {kind(f)}" + (" NOT NULL" if f in required else "") for f in fields)


SCHEMA = [
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    f"CREATE TABLE reports ({_columns(REPORT_FIELDS, ['report_id', 'source', 'region_key'])}, PRIMARY KEY (report_id))",
    f"CREATE TABLE indicators ({_columns(INDICATOR_FIELDS, ['report_id', 'id', 'metric', 'kind', 'measure', 'value'])},"
    " PRIMARY KEY (report_id, id), FOREIGN KEY (report_id) REFERENCES reports (report_id) ON DELETE CASCADE)",
    f"CREATE TABLE projects ({_columns(PROJECT_COLUMNS, ['report_id', 'id', 'name'])},"
    " PRIMARY KEY (report_id, id), FOREIGN KEY (report_id) REFERENCES reports (report_id) ON DELETE CASCADE)",
    f"CREATE TABLE attainment ({_columns(ATTAINMENT_FIELDS, ['metric_key', 'region_key', 'measure', 'period'])},"
    " PRIMARY KEY (region_key, metric_key, measure, period),"
    " FOREIGN KEY (target_report_id) REFERENCES reports (report_id),"
    " FOREIGN KEY (figure_report_id) REFERENCES reports (report_id))",
    "CREATE INDEX reports_region_year ON reports (region_key, year)",
    "CREATE INDEX reports_year ON reports (year)",
    "CREATE INDEX indicators_region_year ON indicators (region_key, report_year)",
    "CREATE INDEX indicators_metric ON indicators (metric_id, measure, period)",
    "CREATE INDEX projects_region_year ON projects (region_key, report_year)",
    "CREATE INDEX attainment_metric ON attainment (metric_id, measure, period)",
    "CREATE INDEX attainment_target_report ON attainment (target_report_id)",
    "CREATE INDEX attainment_figure_report ON attainment (figure_report_id)",
]


def _insert(table: str, fields: Sequence[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(map(_q, fields))}) VALUES ({', '.join('?' * len(fields))})"


@dataclass(frozen=True)
class LoadSummary:
    """What a load did: reports read, replaced (already in the database), repeated (given twice), the sources
    loaded without a report year (in `reports`, `indicators` and `projects`, but not placed in `attainment`),
    and the tables' row counts after it."""

    loaded: int
    replaced: int
    repeated: int
    unplaced: tuple[str, ...]
    counts: dict[str, int]

    def line(self, path: Path) -> str:
        tables = ", ".join(f"{n} {t}" for t, n in self.counts.items())
        notes = [f"{self.replaced} replaced"] if self.replaced else []
        notes += [f"{self.repeated} given twice, loaded once"] if self.repeated else []
        extra = f" ({'; '.join(notes)})" if notes else ""
        return f"{path}: {self.loaded} report(s) loaded{extra}; now {tables}"


def write_sqlite(datasets: Iterable[Dataset], path: Path, *, inputs: Sequence[Path] = ()) -> LoadSummary:
    """Load `datasets` into the SQLite database at `path` (created if missing) and recompute its attainment.

    Raises OutputError when `path` is an input, a directory, not an SQLite database or one of another
    kind, or cannot be written; any error leaves an existing database as it was and creates none.
    """
    path = Path(path)
    for source in inputs:
        if path.exists() and Path(source).exists() and path.resolve() == Path(source).resolve():
            raise OutputError(f"{path}: output path is an input file; refusing to overwrite it")
    if path.is_dir():
        raise OutputError(f"{path}: is a directory, not a database file")
    fresh = not path.exists() or path.stat().st_size == 0
    target = _scratch(path) if fresh else path
    try:
        conn = sqlite3.connect(target, isolation_level=None)
    except sqlite3.Error as err:
        _discard(target, fresh)
        raise OutputError(f"{path}: cannot open the database ({err})") from None
    try:
        summary = _load(conn, datasets, path, fresh)
    except sqlite3.Error as err:
        conn.close()
        _discard(target, fresh)
        raise OutputError(f"{path}: {_reason(err)}") from None
    except BaseException:
        conn.close()
        _discard(target, fresh)
        raise
    conn.close()
    if fresh:
        try:
            os.replace(target, path)
        except OSError as err:
            _discard(target, fresh)
            raise OutputError(f"{path}: cannot write output ({err.strerror or err})") from None
    return summary


def _scratch(path: Path) -> Path:
    """A new empty file beside `path` to build a fresh database in (renamed into place when complete)."""
    from .writers import _file_mode

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        os.chmod(name, _file_mode())
    except OSError as err:
        raise OutputError(f"{path.parent}: cannot write output ({err.strerror or err})") from None
    return Path(name)


def _discard(target: Path, fresh: bool) -> None:
    if fresh:
        for leftover in (target, target.with_name(target.name + "-journal")):
            try:
                leftover.unlink()
            except OSError:
                pass


def _reason(err: sqlite3.Error) -> str:
    text = str(err)
    if "file is not a database" in text:
        return "not an SQLite database; refusing to change it"
    if "readonly" in text or "unable to open" in text:
        return "cannot write the database (permission denied)"
    if "disk" in text and "full" in text:
        return "cannot write the database (no space left on device)"
    return f"database error ({text})"


def _load(conn: sqlite3.Connection, datasets: Iterable[Dataset], path: Path, fresh: bool) -> LoadSummary:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN IMMEDIATE")
    try:
        if fresh:
            for statement in SCHEMA:
                conn.execute(statement)
            conn.executemany("INSERT INTO meta VALUES (?, ?)", [("format", FORMAT), ("version", VERSION)])
        else:
            _check_kind(conn, path)
        conn.execute("DELETE FROM attainment")  # recomputed below over every report the database holds
        loaded = replaced = repeated = 0
        seen: set[str] = set()
        unplaced: list[str] = []
        for ds in datasets:
            rid = report_id(ds)
            if rid in seen:
                repeated += 1
                continue
            seen.add(rid)
            if ds.report.year is None:
                unplaced.append(ds.source.name)
            replaced += conn.execute("DELETE FROM reports WHERE report_id = ?", (rid,)).rowcount > 0
            _add_report(conn, ds, rid)
            loaded += 1
        for rows in _attainment(conn):
            conn.executemany(_insert("attainment", ATTAINMENT_FIELDS), ([_sql(v) for v in row] for row in rows))
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("reports", "indicators", "projects", "attainment")}  # fmt: skip
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return LoadSummary(loaded, replaced, repeated, tuple(unplaced), counts)


def _check_kind(conn: sqlite3.Connection, path: Path) -> None:
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.OperationalError:
        meta = {}
    if meta.get("format") != FORMAT:
        raise OutputError(f"{path}: an SQLite database of another kind (no huimin panel tables); refusing to change it")
    if meta.get("version") != VERSION:
        raise OutputError(f"{path}: a huimin panel database of version {meta.get('version')}, not {VERSION}; "
                          "write a new one")  # fmt: skip


def _add_report(conn: sqlite3.Connection, ds: Dataset, rid: str) -> None:
    r, s = ds.report, ds.source
    conn.execute(
        _insert("reports", REPORT_FIELDS),
        (rid, s.name, r.region, region_key(r.region), r.year, r.year_source, r.title, s.encoding, s.length,
         ds.tool_version, ds.schema_version),
    )  # fmt: skip
    conn.executemany(
        _insert("indicators", INDICATOR_FIELDS),
        ([rid, *(_sql(row[f]) for f in INDICATOR_FIELDS[1:])] for row in mention_rows(ds)),
    )
    key = region_key(r.region)
    conn.executemany(
        _insert("projects", PROJECT_COLUMNS), ([rid, key, *(_sql(row[f]) for f in PROJECT_FIELDS)] for row in project_rows(ds))
    )


def _sql(value: Any) -> Any:
    """A value SQLite can bind: an integer beyond its 64 bits (10.36百亿亿次/秒 is 1.036e19) as a REAL."""
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        return float(value)
    return value


def _attainment(conn: sqlite3.Connection) -> Iterator[list[tuple[Any, ...]]]:
    """The attainment rows of the database's reports, one region at a time (only one region is in memory)."""
    keys = [k for (k,) in conn.execute("SELECT DISTINCT region_key FROM reports WHERE year IS NOT NULL ORDER BY 1")]
    columns = ", ".join(f"i.{_q(c)}" for c in _MENTION_COLUMNS)
    for key in keys:
        reports = conn.execute(
            "SELECT report_id, source, region, year FROM reports WHERE region_key = ? AND year IS NOT NULL", (key,)
        ).fetchall()
        chosen: dict[str, list[Mention]] = {}
        for rid, *values in conn.execute(
            f"SELECT i.report_id, {columns} FROM indicators i JOIN reports r ON r.report_id = i.report_id "
            "WHERE r.region_key = ? AND r.year IS NOT NULL AND i.chosen = 1 ORDER BY i.rowid",
            (key,),
        ):
            chosen.setdefault(rid, []).append(Mention(*values))
        cells = [ReportCells.of(rid, source, region, year, chosen.get(rid, [])) for rid, source, region, year in reports]
        yield [_attainment_values(row) for row in attainment_rows([cells])]


def _attainment_values(row: YearRow) -> tuple[Any, ...]:
    values = flat(row) | {"metric_key": row.metric_id or row.metric}
    return tuple(values[f] for f in ATTAINMENT_FIELDS)
