"""Batch extraction: many files, a process pool, skipping what is already up to date.

Inputs are files, directories (searched recursively for texts, web pages and PDFs: `reading.INPUT_SUFFIXES`)
and glob patterns. A file named directly writes `<out_dir>/<stem>.json`; files found under a directory
mirror their path below it. A web page or PDF also writes the text it was converted to, `<stem>.txt`, the
text the dataset's offsets index. Two inputs that would write the same outputs are refused before any work
(`refuse_collisions`).
Each worker reads, extracts and writes one file and returns only a small `Outcome`, so memory does
not grow with the number of files. An output whose recorded source sha256 and tool version match the
input is skipped unless `force` is set.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import ExtractionTimeout, HuiminError, InputError, OutputError

if TYPE_CHECKING:
    from concurrent.futures import Future


@dataclass(frozen=True)
class Job:
    source: Path
    stem: Path  # output path below out_dir, without suffix


@dataclass(frozen=True)
class Outcome:
    source: str
    status: str  # "written", "skipped" or "failed"
    chars: int = 0
    message: str = ""
    outputs: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def collect(inputs: Iterable[str], out_dir: Path | None = None) -> list[Job]:
    """Expand files, directories and globs into jobs, in a stable order, without duplicates.

    A directory's files below `out_dir` are left out: they are outputs (the texts of web pages and PDFs).
    """
    from .reading import INPUT_SUFFIXES

    jobs: list[Job] = []
    seen: set[Path] = set()
    skip = out_dir.resolve() if out_dir is not None else None

    def add(path: Path, stem: Path) -> None:
        key = path.resolve() if path.exists() else path
        if key in seen:
            return
        seen.add(key)
        jobs.append(Job(path, stem))

    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found_any = False
            for found in sorted(path.rglob("*")):
                if found.suffix.lower() not in INPUT_SUFFIXES or not found.is_file():
                    continue
                if skip is not None and found.resolve().is_relative_to(skip):
                    continue
                found_any = True
                add(found, found.relative_to(path).with_suffix(""))
            if not found_any:
                raise InputError(raw, f"a directory with no report in it ({', '.join('*' + s for s in INPUT_SUFFIXES)})")
        elif not path.exists() and glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                raise InputError(raw, "no file matches this pattern")
            for match in matches:
                if Path(match).is_file():
                    add(Path(match), Path(Path(match).stem))
        else:
            add(path, Path(path.stem))  # a missing or odd file fails in its worker with a clear message
    refuse_collisions(jobs)
    return jobs


def refuse_collisions(jobs: list[Job]) -> None:
    """Refuse two inputs that would write the same output (a/national-2019.txt and b/national-2019.txt given
    together both write national-2019.json), before anything is written: the second would overwrite the first."""
    first: dict[Path, Path] = {}
    for job in jobs:
        other = first.setdefault(job.stem, job.source)
        if other != job.source:
            raise InputError(
                f"{other} and {job.source}",
                f"both would write the dataset {job.stem} in the output directory; give them in separate runs with "
                "different -o, or give their directory (its tree is mirrored)",
            )


def _up_to_date(source: Path, outputs: list[Path], options: Options | None = None) -> bool:
    """True when every output exists and records this source's sha256, this tool version and the options that
    shape a dataset (`--encoding`, `--year`, `--rules`: `pipeline.shaping_options`)."""
    from .pipeline import shaping_options

    wanted = shaping_options(options.encoding, options.year) if options else None
    expected = wanted.model_dump(mode="json") if wanted else None
    if not outputs or not all(out.is_file() for out in outputs) or not source.is_file():
        return False  # (a FIFO is never read here: reading it would block)
    try:
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
    except OSError:
        return False
    for out in outputs:
        try:
            with open(out, encoding="utf-8") as handle:
                head = handle.read(4096) if out.suffix == ".json" else ""
        except OSError:
            return False
        if out.suffix != ".json":
            continue
        if f'"tool_version": {json.dumps(__version__)}' not in head or f'"sha256": "{digest}"' not in head:
            return False
        if _recorded_options(head) != expected:
            return False
    return True


def _recorded_options(head: str) -> object:
    """The `options` a dataset's first characters record (None when it records none)."""
    key = '\n  "options": '
    at = head.find(key)
    if at < 0:
        return None
    try:
        return json.JSONDecoder().raw_decode(head, at + len(key))[0]
    except json.JSONDecodeError:
        return "unreadable"  # never equal to what is wanted: the dataset is redone


def _outputs(job: Job, out_dir: Path, options: Options) -> list[Path]:
    from .reading import converted_type

    suffixes = {"json": [".json"], "yaml": [".yaml"], "both": [".json", ".yaml"]}[options.fmt]
    suffixes += [".html"] if options.html else []
    suffixes += [".txt"] if converted_type(str(job.source)) else []
    return [out_dir / job.stem.with_suffix(s) for s in suffixes]


@dataclass(frozen=True)
class Options:
    fmt: str = "json"
    force: bool = False
    html: bool = False
    year: int | None = None
    encoding: str | None = None
    timeout: float | None = None  # seconds per report; None: time_limit(characters)


def time_limit(chars: int) -> float:
    """Seconds a report may take before it is abandoned with an error.

    A backstop, not a budget: real reports take well under a second per 100,000 characters, and every
    pattern is linear, so only a defect or a pathological text can come near it.
    """
    return 60 + chars / 5_000


@contextmanager
def deadline(seconds: float, source: str) -> Iterator[None]:
    """Raise ExtractionTimeout in the block after `seconds` (POSIX main thread; elsewhere no limit)."""
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise ExtractionTimeout(f"{source}: extraction took longer than {seconds:g} s; gave up (pathological text?)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_one(job: Job, out_dir: Path, options: Options) -> Outcome:
    """Extract and write one file (runs in a worker process)."""
    from .metadata import year_warning
    from .pipeline import extract_decoded
    from .reading import decoding_warning, read_report
    from .writers import write_atomic, write_dataset

    outputs = _outputs(job, out_dir, options)
    if not options.force and options.fmt != "yaml" and _up_to_date(job.source, outputs, options):
        return Outcome(str(job.source), "skipped")
    try:
        decoded = read_report(str(job.source), encoding=options.encoding)
        limit = options.timeout if options.timeout is not None else time_limit(len(decoded.text))
        with deadline(limit, str(job.source)):
            dataset = extract_decoded(decoded, name=job.source.name, report_year=options.year, encoding=options.encoding)
        target = out_dir / job.stem.parent
        text_path = target / f"{job.stem.name}.txt"
        new_text = not text_path.exists()
        if decoded.original is not None:  # the text the offsets index, first: a dataset never lacks its text
            _check_text_output(text_path, target / f"{job.stem.name}.json")
            write_atomic(text_path, decoded.text, inputs=(job.source,))
        try:
            written = write_dataset(dataset, target, job.stem.name, options.fmt, inputs=(job.source,))
        except HuiminError:
            if decoded.original is not None and new_text:
                text_path.unlink(missing_ok=True)  # no partial output: no text without its dataset
            raise
        if decoded.original is not None:
            written.append(text_path)
        if options.html:
            from .view import render_html

            page = target / f"{job.stem.name}.html"
            write_atomic(page, render_html(dataset, decoded.text), inputs=(job.source,))
            written.append(page)
    except HuiminError as err:
        return Outcome(str(job.source), "failed", message=str(err))
    except RecursionError:
        return Outcome(str(job.source), "failed", message=f"{job.source}: text too deeply nested to process")
    except MemoryError:
        return Outcome(str(job.source), "failed", message=f"{job.source}: out of memory")
    return Outcome(
        str(job.source),
        "written",
        dataset.source.length,
        outputs=tuple(str(p) for p in written),
        warnings=tuple(w for w in [decoding_warning(decoded, str(job.source)), year_warning(dataset.report, str(job.source))] if w),
    )


def _check_text_output(text_path: Path, dataset_path: Path) -> None:
    """Refuse to replace a `.txt` that is not one this tool converted (its dataset beside it says so)."""
    if not text_path.exists():
        return
    try:
        with open(dataset_path, encoding="utf-8") as handle:
            converted = '"original": {' in handle.read(4096)
    except (OSError, UnicodeDecodeError):
        converted = False
    if not converted:
        raise OutputError(f"{text_path}: exists and is not a text converted by huimin; refusing to overwrite it")


def run(
    jobs: list[Job],
    out_dir: Path,
    options: Options,
    *,
    workers: int = 1,
    fail_fast: bool = False,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Run `jobs`, in `workers` processes when more than one; outcomes come back in job order."""
    results: dict[int, Outcome] = {}
    for index, outcome in _execute(jobs, out_dir, options, workers):
        results[index] = outcome
        if on_done:
            on_done(outcome)
        if fail_fast and outcome.status == "failed":
            break
    return [results[i] for i in sorted(results)]


def _execute(jobs: list[Job], out_dir: Path, options: Options, workers: int) -> Iterator[tuple[int, Outcome]]:
    if workers <= 1 or len(jobs) <= 1:
        for index, job in enumerate(jobs):
            yield index, run_one(job, out_dir, options)
        return
    # here: concurrent.futures and multiprocessing cost a one-file run 5-10 ms of imports
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    from .pipeline import extract_text

    extract_text("2022年政府工作报告\n一年来,地区生产总值增长5%。加快推进示范园项目建设。")  # load rules and
    # word cuts once before forking: the workers share them instead of each loading them
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: dict[Future[Outcome], int] = {}
        # largest files first: the batch then ends on small files, and no worker idles long at its end
        queue = iter(sorted(enumerate(jobs), key=lambda item: -_size(item[1].source)))

        def submit() -> bool:
            nxt = next(queue, None)
            if nxt is not None:
                pending[pool.submit(run_one, nxt[1], out_dir, options)] = nxt[0]
            return nxt is not None

        try:
            while len(pending) < 2 * workers and submit():  # at most 2 jobs per worker in flight: bounded memory
                pass
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    index = pending.pop(future)
                    yield index, future.result()
                    submit()
        finally:
            for future in pending:
                future.cancel()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # a missing or unreadable file fails in its worker with a clear message


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
