"""The panel as an SQLite database (`--sqlite`): what users open with sqlite3, pandas or datasette.

Over every bundled dataset: the database opens and checks clean, its attainment table holds the rows
`huimin attainment --json` gives, loading again replaces rather than adds, and an input that fails leaves the
database as it was (or creates none).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from huimin_extract import cli
from huimin_extract.cliutil import expand_inputs, load_all
from huimin_extract.database import write_sqlite
from huimin_extract.errors import DatasetError, OutputError
from huimin_extract.series import YearRow, flat

from .conftest import run_cli as run

TABLES = ("reports", "indicators", "projects", "attainment")


def query(db: Path, sql: str, *params: Any) -> list[dict[str, Any]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute(sql, params)]
    finally:
        conn.close()


def counts(db: Path) -> dict[str, int]:
    return {t: query(db, f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in TABLES}


def contents(db: Path) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows in key order (not rowid order, which a reload changes)."""
    keys = {"reports": "report_id", "indicators": "report_id, id", "projects": "report_id, id",
            "attainment": "region_key, metric_key, measure, period"}  # fmt: skip
    return {t: query(db, f"SELECT * FROM {t} ORDER BY {keys[t]}") for t in TABLES}


@pytest.fixture(scope="module")
def panel_db(dataset_dirs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`huimin panel <every bundled dataset> --sqlite panel.db`, written once for the module (read-only use)."""
    db = tmp_path_factory.mktemp("db") / "panel.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.argv", ["huimin", "panel", str(dataset_dirs["root"]), "--sqlite", str(db)])
        with pytest.raises(SystemExit) as exit_info:
            cli.run()
    assert exit_info.value.code in (0, None)
    return db


def test_panel_db_of_every_bundled_dataset_opens_and_checks_clean(panel_db: Path, dataset_dirs: dict[str, Path]) -> None:
    datasets = expand_inputs([str(dataset_dirs["root"])])
    assert query(panel_db, "PRAGMA integrity_check") == [{"integrity_check": "ok"}]
    assert query(panel_db, "PRAGMA foreign_key_check") == []
    found = counts(panel_db)
    assert found["reports"] == len(datasets) and all(found.values())
    sources = {r["source"] for r in query(panel_db, "SELECT source FROM reports")}
    assert sources == {p.with_suffix(".txt").name for p in datasets}
    # every mention is a row, one chosen per cell; every project is a row
    loaded = list(load_all(datasets))
    assert found["indicators"] == sum(len(ds.indicators) for ds in loaded)
    assert found["projects"] == sum(len(ds.projects) for ds in loaded)
    hubei = query(panel_db, "SELECT value, shown, pick FROM indicators WHERE region_key = '湖北' AND report_year = 2026 "
                            "AND metric_id = 'gdp' AND measure = 'level' AND period = '2025' AND chosen = 1")  # fmt: skip
    assert [(r["value"], r["pick"]) for r in hubei] == [(6266100000000, "exact")]


def test_indexes_serve_region_year_and_metric_queries(panel_db: Path) -> None:
    def plan(sql: str) -> str:
        return " ".join(r["detail"] for r in query(panel_db, f"EXPLAIN QUERY PLAN {sql}"))

    assert "USING INDEX attainment_metric" in plan("SELECT * FROM attainment WHERE metric_id = 'gdp'")
    assert "USING INDEX indicators_metric" in plan("SELECT * FROM indicators WHERE metric_id = 'gdp'")
    assert "USING INDEX indicators_region_year" in plan("SELECT * FROM indicators WHERE region_key = '湖北'")
    assert "USING INDEX reports_year" in plan("SELECT * FROM reports WHERE year = 2025")
    assert "USING INDEX projects_region_year" in plan("SELECT * FROM projects WHERE region_key = '湖北'")
    foreign = {(r["table"], r["from"]) for t in ("indicators", "projects", "attainment")
               for r in query(panel_db, f"SELECT '{t}' AS \"table\", \"from\" FROM pragma_foreign_key_list('{t}')")}  # fmt: skip
    assert foreign == {("indicators", "report_id"), ("projects", "report_id"), ("attainment", "target_report_id"),
                       ("attainment", "figure_report_id")}  # fmt: skip


def test_attainment_table_holds_the_rows_attainment_json_gives(
    panel_db: Path, dataset_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(monkeypatch, capsys, "attainment", str(dataset_dirs["root"]), "--json")
    assert code == 0, err
    rows = [flat(YearRow.model_validate(r)) for r in json.loads(out)]
    gdp = [r for r in rows if r["metric_id"] == "gdp"]
    stored = query(panel_db, "SELECT * FROM attainment WHERE metric_id = 'gdp' ORDER BY rowid")
    assert len(gdp) >= 25 + 20  # every province's 2025 growth, and the national series
    assert [{k: v for k, v in r.items() if k != "metric_key"} for r in stored] == gdp
    everything = query(panel_db, "SELECT * FROM attainment ORDER BY rowid")
    assert [{k: v for k, v in r.items() if k != "metric_key"} for r in everything] == rows
    assert {r["status"] for r in everything} == {"met", "missed", "no_figure", "no_target"}


def test_attainment_sqlite_writes_the_same_database_and_prints_the_same_json(
    panel_db: Path, dataset_dirs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    db = tmp_path / "attainment.db"
    code, out, err = run(monkeypatch, capsys, "attainment", str(dataset_dirs["root"]), "--sqlite", str(db), "--json")
    assert code == 0, err
    n = len(expand_inputs([str(dataset_dirs["root"])]))
    assert err.startswith(f"{db}: {n} report(s) loaded; now {n} reports, ")
    assert contents(db) == contents(panel_db)
    assert db.read_bytes() == panel_db.read_bytes()  # same input, byte-identical database
    code, alone, _ = run(monkeypatch, capsys, "attainment", str(dataset_dirs["root"]), "--json")
    assert out == alone
    code, out, err = run(monkeypatch, capsys, "attainment", str(dataset_dirs["national"]), "--sqlite", str(db))
    national = len(expand_inputs([str(dataset_dirs["national"])]))
    assert code == 0 and out == "" and f"{national} report(s) loaded ({national} replaced)" in err


def test_loading_again_replaces_a_reports_rows(panel_db: Path, dataset_dirs: dict[str, Path], tmp_path: Path) -> None:
    db = tmp_path / "panel.db"
    shutil.copy(panel_db, db)
    before = contents(db)
    summary = write_sqlite(load_all(expand_inputs([str(dataset_dirs["root"])])), db)
    assert summary.replaced == summary.loaded == len(before["reports"])
    assert counts(db) == summary.counts == {t: len(rows) for t, rows in before.items()}
    assert contents(db) == before
    # a part loaded again: the same rows, attainment still over every report the database holds
    again = write_sqlite(load_all(expand_inputs([str(dataset_dirs["provinces-2026"])])), db)
    assert again.replaced == again.loaded == 25 and contents(db) == before
    assert query(db, "PRAGMA foreign_key_check") == []


def test_a_report_given_twice_under_two_names_is_loaded_once(dataset_dirs: dict[str, Path], tmp_path: Path) -> None:
    national = sorted(dataset_dirs["national"].glob("*.json"))[-2:]
    copy = tmp_path / "copy-of-the-last.json"
    shutil.copy(national[-1], copy)
    summary = write_sqlite(load_all([*national, copy]), tmp_path / "two.db")
    assert (summary.loaded, summary.repeated, summary.counts["reports"]) == (2, 1, 2)
    assert "1 given twice, loaded once" in summary.line(tmp_path / "two.db")


def _bad_dataset(d: Path) -> Path:
    bad = d / "broken.json"
    bad.write_text('{"schema_version": "1", "indicators": [}', encoding="utf-8")
    return bad


def test_a_bad_input_leaves_the_database_as_it_was(
    panel_db: Path, dataset_dirs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    db = tmp_path / "panel.db"
    shutil.copy(panel_db, db)
    before = db.read_bytes()
    (tmp_path / "in").mkdir()
    bad = _bad_dataset(tmp_path / "in")
    # the bad file comes after good ones: their rows were already written inside the transaction
    for command in ("panel", "attainment"):
        code, out, err = run(monkeypatch, capsys, command, str(dataset_dirs["national"]), str(bad), "--sqlite", str(db))
        lines = err.strip().splitlines()
        assert code == 1 and out == "" and len(lines) == 1 and lines[0].startswith(f"Error: {bad}: not valid JSON")
        assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "panel.db"]  # no journal or scratch file left
    # a new database: none is created
    fresh = tmp_path / "new" / "panel.db"
    code, _, err = run(monkeypatch, capsys, "panel", str(dataset_dirs["national"]), str(bad), "--sqlite", str(fresh))
    assert code == 1 and not fresh.exists() and list((tmp_path / "new").iterdir()) == []
    with pytest.raises(DatasetError):
        write_sqlite(load_all([*expand_inputs([str(dataset_dirs["national"])]), bad]), fresh)
    assert not fresh.exists()


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda d: (d / "notes.db").write_text("my notes\n" * 200, encoding="utf-8"), "not an SQLite database"),
        (lambda d: sqlite3.connect(d / "notes.db").execute("CREATE TABLE t (x)").connection.commit(),
         "another kind (no huimin panel tables)"),
    ],
    ids=["text file", "another database"],
)  # fmt: skip
def test_a_file_that_is_not_a_panel_database_is_refused_unchanged(
    make: Any, fragment: str, dataset_dirs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    make(tmp_path)
    target = tmp_path / "notes.db"
    before = target.read_bytes()
    code, _, err = run(monkeypatch, capsys, "panel", str(dataset_dirs["provinces-2026"]), "--sqlite", str(target))
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 1 and lines[0].startswith(f"Error: {target}: ") and fragment in lines[0]
    assert target.read_bytes() == before


def test_an_input_is_never_the_database(dataset_dirs: dict[str, Path], tmp_path: Path) -> None:
    dataset = tmp_path / "national-2024.json"
    shutil.copy(dataset_dirs["national"] / "national-2024.json", dataset)
    before = dataset.read_bytes()
    with pytest.raises(OutputError, match="output path is an input file"):
        write_sqlite(load_all([dataset]), dataset, inputs=[dataset])
    assert dataset.read_bytes() == before
    with pytest.raises(OutputError, match="is a directory"):
        write_sqlite(load_all([dataset]), tmp_path, inputs=[dataset])
