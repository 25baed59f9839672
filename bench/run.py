"""`make bench`: speed and memory of the pipeline on this machine, written to bench/RESULTS.md.

Not a test: it measures, prints and records. Figures:
- characters per second of the whole pipeline and of each stage over every text in data/raw/,
  against plain `jieba.lcut` over the same texts (the reference: the pipeline should not be slower);
- peak memory (RSS) of `huimin extract` on a 10 MB report;
- cold wall time of `huimin extract data/raw/huimin-2022.txt` and of `huimin --help` as new processes, beside
  their floor: a new process that only imports the libraries a run needs;
- throughput of a batch (8 copies of data/raw/, 208 files) with `--jobs 1` against `--jobs 2`;
- pathological inputs (1 MB of digits, 万万万…, a run of Chinese digits, ○ beside digits, nested brackets,
  one 5 MB line, 50,000 numbers): each must finish in time linear in its size;
- peak memory of `huimin panel --sqlite` loading the bundled datasets and 2,000 of them: it must not grow with
  their number;
- web pages and PDFs: every text in data/raw/ laid out as a government-site page and printed to PDF by
  headless Chromium (tests/pages.py); the share of the text dataset's indicators the page's and the PDF's
  datasets keep (target >= 99 % each, and the same plan-year GDP target), and the seconds to convert a PDF
  of 100+ pages (target < 2 s per 100 pages).

`python bench/run.py --only database` and `python bench/run.py inputs` measure one of the last two alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
OUT = ROOT / "data" / "out"  # the bundled datasets (`make data`; the tests fail when they are stale)
HUIMIN = [str(Path(sys.executable).with_name("huimin"))]


def texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(RAW.rglob("*.txt"))]


def timed(fn, *args, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - t0)
    return best


def stages(corpus: list[str]) -> dict[str, float]:
    """Seconds per stage over the corpus (best of 3) and of serialisation."""
    from huimin_extract.document import Doc
    from huimin_extract.indicators import find_indicators
    from huimin_extract.normalise import normalise
    from huimin_extract.numbers import find_quantities
    from huimin_extract.periods import find_periods
    from huimin_extract.pipeline import extract_text
    from huimin_extract.projects import find_projects
    from huimin_extract.segment import segment
    from huimin_extract.writers import to_json

    for text in corpus[:1]:
        extract_text(text)  # load rules and jieba once
    norms = [normalise(t) for t in corpus]
    segs = [segment(t, n) for t, n in zip(corpus, norms, strict=True)]
    docs = [
        Doc(text=t, norm=n, report_year=s.report.year, sections=s.sections, paragraphs=s.paragraphs, sentences=s.sentences)
        for t, n, s in zip(corpus, norms, segs, strict=True)
    ]
    quantities = [find_quantities(d) for d in docs]
    periods = [find_periods(d) for d in docs]
    datasets = [extract_text(t) for t in corpus]
    return {
        "normalise": timed(lambda: [normalise(t) for t in corpus]),
        "segment": timed(lambda: [segment(t, n) for t, n in zip(corpus, norms, strict=True)]),
        "numbers": timed(lambda: [find_quantities(d) for d in docs]),
        "periods": timed(lambda: [find_periods(d) for d in docs]),
        "indicators": timed(lambda: [find_indicators(d, q, p) for d, q, p in zip(docs, quantities, periods, strict=True)]),
        "projects": timed(lambda: [find_projects(d, q, p) for d, q, p in zip(docs, quantities, periods, strict=True)]),
        "JSON writer (to_json)": timed(lambda: [to_json(ds) for ds in datasets]),
    }


def reference_and_pipeline(corpus: list[str], repeat: int = 5) -> tuple[float, float]:
    """Seconds of plain `jieba.lcut` and of the whole pipeline over the corpus, text by text alternating.

    Each text is cut by jieba and extracted by the pipeline in turn, `repeat` times; each figure is the sum
    over the texts of the best of its runs. On a shared machine this keeps the two under the same load and
    lets a moment of contention spoil one run of one text rather than a whole pass over the corpus.
    """
    import jieba

    from huimin_extract.pipeline import extract_text

    jieba.setLogLevel(60)
    jieba.lcut("预热")
    for text in corpus:
        extract_text(text)  # load rules and the word buckets once
    reference = pipeline = 0.0
    for text in corpus:
        best_reference = best_pipeline = float("inf")
        for _ in range(repeat):
            best_reference = min(best_reference, timed(jieba.lcut, text, repeat=1))
            best_pipeline = min(best_pipeline, timed(extract_text, text, repeat=1))
        reference += best_reference
        pipeline += best_pipeline
    return reference, pipeline


def alternating_seconds(*commands: list[str], repeat: int = 5) -> list[float]:
    """The median wall time of each command as a new process, the commands run in turn `repeat` times."""
    runs: list[list[float]] = [[] for _ in commands]
    for _ in range(repeat):
        for args, times in zip(commands, runs, strict=True):
            t0 = time.perf_counter()
            subprocess.run(args, check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
    return [statistics.median(times) for times in runs]


def process_seconds(args: list[str], repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


# Runs a command and prints its peak RSS in KB. A child's peak counts the pages it shares with its parent
# between fork and exec, so the command is started from this small process, not from the benchmark (whose
# own few hundred MB would otherwise be the figure).
_PEAK_RSS = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(done.returncode)"
)


def peak_rss_mb(args: list[str]) -> float:
    """Peak RSS of one process running `args`, in MB."""
    done = subprocess.run([sys.executable, "-c", _PEAK_RSS, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(args)}: {done.stderr[:300]}")
    return int(done.stdout.split()[-1]) / 1024


def pathological() -> list[tuple[str, int, float]]:
    from huimin_extract.errors import HuiminError
    from huimin_extract.pipeline import extract_text

    cases = {
        "1 MB of digits": "2022年工作报告\n" + "1234567890" * 100_000,
        "万万万… (200,000)": "2022年工作报告\n增长" + "万" * 200_000,
        "一二三…九, a run of Chinese digits (180,000)": "2022年工作报告\n增长" + "一二三四五六七八九" * 20_000,
        "二○二○…, digits and zero variants (200,000)": "2022年工作报告\n" + "二○" * 100_000,
        "100,000 nested brackets": "2022年工作报告\n" + "（" * 100_000 + "增长5%" + "）" * 100_000,
        "one 5 MB line": "2022年工作报告\n" + ("地区生产总值增长5%左右，" * 420_000)[:5_000_000],
        "50,000 numbers joined by 、": "2022年工作报告\n" + "、".join(f"{i}个" for i in range(50_000)) + "。",
    }
    out = []
    for name, text in cases.items():
        t0 = time.perf_counter()
        try:
            extract_text(text, name=name)
        except HuiminError as err:  # a clear refusal is an acceptable outcome, a hang is not
            name += f" (refused: {err})"
        out.append((name, len(text), time.perf_counter() - t0))
    return out


def renamed_datasets(target: Path, count: int) -> int:
    """`count` datasets in `target`: the bundled ones (data/out/) repeated, each copy another report of another
    region (its source name, sha256 and region changed), so that a database load holds `count` distinct reports
    in many regions as a real panel does, rather than the same reports loaded once and then skipped."""
    bundled = sorted(OUT.rglob("*.json"))
    target.mkdir(parents=True)
    for n in range(count):
        copy, path = divmod(n, len(bundled))
        data = json.loads(bundled[path].read_text(encoding="utf-8"))
        source, report = data["source"], data["report"]
        source["name"] = f"c{copy:03d}-{source['name']}"
        source["sha256"] = hashlib.sha256(f"{copy}:{source['sha256']}".encode()).hexdigest()
        report["region"] = f"{report['region'] or '某地'}{copy:03d}"
        (target / f"c{copy:03d}-{bundled[path].stem}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return len(bundled)


def database_load() -> list[str]:
    """Peak RSS and time of `huimin panel DIR --sqlite DB` (a new database) on the bundled datasets and on 2,000."""
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        few = renamed_datasets(tmpdir / "few", len(list(OUT.rglob("*.json"))))
        many = 2_000
        renamed_datasets(tmpdir / "many", many)
        figures = {}
        for name, n in (("few", few), ("many", many)):
            db = tmpdir / f"{name}.db"
            t0 = time.perf_counter()
            rss = peak_rss_mb([*HUIMIN, "panel", str(tmpdir / name), "--sqlite", str(db)])
            figures[name] = (n, rss, time.perf_counter() - t0, db.stat().st_size / 1e6)
    (n_few, rss_few, s_few, mb_few), (n_many, rss_many, s_many, mb_many) = figures["few"], figures["many"]
    return [
        "## Database load (`huimin panel DIR --sqlite DB`, a new database; one run each)", "",
        "| datasets | peak RSS | seconds | database |", "| ---: | ---: | ---: | ---: |",
        f"| {n_few:,} (the bundled ones) | {rss_few:.0f} MB | {s_few:.1f} | {mb_few:.1f} MB |",
        f"| {n_many:,} (the bundled ones repeated as other reports of other regions) | {rss_many:.0f} MB | {s_many:.1f} | {mb_many:.1f} MB |",
        "",
        f"Peak RSS {n_many:,} / {n_few:,} datasets: **{rss_many / rss_few:.2f}** (target: no growth with their number).",
        "",
    ]  # fmt: skip


def only_database() -> None:
    """Measure the database load alone and replace its section of bench/RESULTS.md (the others stay as they were)."""
    section = database_load()
    print("\n".join(section))
    results = ROOT / "bench" / "RESULTS.md"
    lines = results.read_text(encoding="utf-8").splitlines() if results.exists() else ["# Benchmark results", ""]
    heading = next((n for n, line in enumerate(lines) if line.startswith("## Database load")), None)
    if heading is None:
        lines = [*lines, "", *section] if lines[-1] else [*lines, *section]
    else:
        end = next((n for n in range(heading + 1, len(lines)) if lines[n].startswith("## ")), len(lines))
        lines[heading:end] = section
    results.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")


INPUTS_HEADING = "## Web pages and PDFs"


def web_pages_and_pdfs(tmpdir: Path) -> list[str]:
    """The conversion figures of issue 18 (see the module doc), as Markdown lines."""
    sys.path.insert(0, str(ROOT / "tests"))
    import pages  # the tests' page and PDF maker
    from huimin_extract.pipeline import extract_file
    from huimin_extract.reading import read_report

    reports = sorted(RAW.rglob("*.txt"))  # every bundled text, each in the layout of its position
    missing = pages.missing_tools()
    made = tmpdir / "inputs"
    for index, report in enumerate(reports):
        pages.make_inputs(report, made, index, pdf=missing is None)
    kinds = ["html"] + (["pdf"] if missing is None else [])
    lines = [f"{INPUTS_HEADING} (tests/pages.py: 3 page layouts, GBK and UTF-8; PDFs printed by Chromium)", "",
             "| input | indicators kept | reports with >= 99 % | same plan-year GDP target | lowest report |",
             "| --- | ---: | ---: | ---: | --- |"]  # fmt: skip
    for kind in kinds:
        kept = total = whole = same_gdp = 0
        lowest = (2.0, "")
        for report in reports:
            text = extract_file(str(report))
            converted = extract_file(str(made / f"{report.stem}.{kind}"))
            k, n = pages.kept_indicators(converted, text)
            kept, total = kept + k, total + n
            whole += k >= 0.99 * n
            target = pages.plan_gdp_targets(text)
            same_gdp += bool(target) and pages.plan_gdp_targets(converted) == target  # a text without one does not count
            lowest = min(lowest, (k / n if n else 1.0, f"{report.stem} {k}/{n}"))
        lines.append(f"| {kind} | {kept}/{total} ({kept / total:.2%}) | {whole}/{len(reports)} | {same_gdp}/{len(reports)} | {lowest[1]} |")
    if missing is not None:
        lines += ["", f"PDFs not measured: {missing}.", ""]
        return lines
    html_seconds = timed(lambda: [read_report(str(made / f"{r.stem}.html")) for r in reports])
    # one long page of several reports, printed as one PDF of 100+ pages
    long_page, long_pdf = pages.make_long_inputs(reports[1:], tmpdir)
    decoded = read_report(str(long_pdf))
    count = decoded.original.pages if decoded.original else 0
    if count < 100:
        raise SystemExit(f"bench: the long PDF has {count} pages, not the 100+ the figure is about")
    pdf_seconds = timed(read_report, str(long_pdf))
    cpu = float("inf")  # processor time too: on a shared machine the wall clock also counts the neighbours
    for _ in range(3):
        started = time.process_time()
        read_report(str(long_pdf))
        cpu = min(cpu, time.process_time() - started)
    lines += [
        "",
        "| conversion (best of 3) | seconds | target |",
        "| --- | ---: | ---: |",
        f"| {len(reports)} web pages ({sum((made / f'{r.stem}.html').stat().st_size for r in reports) / 1e6:.1f} MB) to text | {html_seconds:.2f} | |",
        f"| a PDF of {count} pages ({long_pdf.stat().st_size / 1e6:.1f} MB) to text | {pdf_seconds:.2f} (processor {cpu:.2f}) | |",
        f"| the same, per 100 pages | {pdf_seconds * 100 / count:.2f} (processor {cpu * 100 / count:.2f}) | < 2 s |",
        "",
    ]
    return lines


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem_kb = int(next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")).split()[1])
        mem = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        mem = "?"
    cores = len(os.sched_getaffinity(0))
    return f"{platform.system()} {platform.machine()}, {cpu}, {cores} cores, {mem} RAM, Python {platform.python_version()}"


def inputs_only() -> None:
    """`python bench/run.py inputs`: only the web-page and PDF figures, put in place of that section of
    RESULTS.md (the other sections stay as the last full run wrote them)."""
    with tempfile.TemporaryDirectory() as tmp:
        section = "\n".join(web_pages_and_pdfs(Path(tmp)))
    print(section)
    results = ROOT / "bench" / "RESULTS.md"
    before = results.read_text(encoding="utf-8").split(INPUTS_HEADING)[0] if results.exists() else ""
    results.write_text(before + section, encoding="utf-8")


def main() -> None:
    if sys.argv[1:] == ["inputs"]:
        return inputs_only()
    corpus = texts()
    chars = sum(len(t) for t in corpus)
    lines: list[str] = ["# Benchmark results", "", f"Machine: {machine()}", "",
                        f"Corpus: {len(corpus)} texts in data/raw/, {chars:,} characters.", ""]  # fmt: skip

    reference, pipeline = reference_and_pipeline(corpus)
    timings = {"whole pipeline (extract_text)": pipeline, **stages(corpus)}
    lines += ["## Throughput (warm process; reference and pipeline: per text, best of 5 alternating runs; stages: best of 3)", "",
              "| what | seconds | characters/s | vs jieba.lcut |", "| --- | ---: | ---: | ---: |"]  # fmt: skip
    lines.append(f"| plain `jieba.lcut` (reference) | {reference:.3f} | {chars / reference:,.0f} | 1.00 |")
    for name, seconds in timings.items():
        lines.append(f"| {name} | {seconds:.3f} | {chars / seconds:,.0f} | {seconds / reference:.2f} |")
    lines += ["", f"Ratio pipeline / jieba.lcut: **{pipeline / reference:.2f}** (target <= 1.0).", ""]

    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        # the floor: a process that only imports the libraries a run needs (rjieba builds its dictionary on import),
        # timed in turn with the cold extract and --help so that all three see the machine in the same state;
        # 11 rounds, as a start-up's time varies by a fifth from one second to the next on a shared machine
        cold, floor, help_s = alternating_seconds(
            [*HUIMIN, "extract", str(RAW / "huimin-2022.txt"), "-o", str(tmpdir / "cold"), "--force", "-q"],
            [sys.executable, "-c", "import typer, pydantic, yaml, regex, rjieba"],
            [*HUIMIN, "--help"],
            repeat=11,
        )
        big = tmpdir / "big.txt"
        # the reports whose content runs to their end: an archive's licence notice (the national texts') makes
        # the rest of a text boilerplate, and a report made of them all would be mostly skipped
        block = "\n".join(p.read_text(encoding="utf-8") for p in sorted(RAW.rglob("*.txt")) if p.parent.name != "national")
        big.write_text((block * (10_000_000 // len(block) + 1))[:10_000_000 // 3], encoding="utf-8")  # ~10 MB of UTF-8
        size_mb = big.stat().st_size / 1e6
        rss = peak_rss_mb([*HUIMIN, "extract", str(big), "-o", str(tmpdir / "big"), "-q"])
        batch = tmpdir / "batch"
        copies = max(2, round(4_000_000 / chars))  # ~4 M characters: enough for throughput, not start-up, to dominate
        for copy in range(copies):
            for src in sorted(RAW.rglob("*.txt")):
                dst = batch / f"c{copy}" / src.relative_to(RAW)
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(src, dst)
        n_files = sum(1 for _ in batch.rglob("*.txt"))
        # memory must not grow with the number of files: the same tool over data/raw and over its copies
        rss_few = peak_rss_mb([*HUIMIN, "extract", str(RAW), "-o", str(tmpdir / "few"), "-q", "-j", "1"])
        rss_many = peak_rss_mb([*HUIMIN, "extract", str(batch), "-o", str(tmpdir / "many"), "-q", "-j", "1"])
        # alternating, best of 3 each: one slow run on a shared machine says nothing about scaling
        j1 = j2 = float("inf")
        for _ in range(3):
            j1 = min(j1, process_seconds([*HUIMIN, "extract", str(batch), "-o", str(tmpdir / "j1"), "--force", "-q", "-j", "1"], repeat=1))
            j2 = min(j2, process_seconds([*HUIMIN, "extract", str(batch), "-o", str(tmpdir / "j2"), "--force", "-q", "-j", "2"], repeat=1))
    lines += [
        "## Processes (warm disk cache; start-up: median of 11 runs, the first three rows in turn)", "",
        "| what | figure | target |", "| --- | ---: | ---: |",
        f"| cold `huimin extract data/raw/huimin-2022.txt` | {cold:.2f} s | < 1.0 s |",
        f"| its floor: a new process importing typer, pydantic, PyYAML, regex and rjieba | {floor:.2f} s | |",
        f"| `huimin --help` | {help_s:.2f} s | < 0.3 s |",
        f"| peak RSS of `huimin extract` on a {size_mb:.1f} MB report (the provincial reports, repeated) | {rss:.0f} MB | < 300 MB |",
        f"| peak RSS of a batch, `--jobs 1`: {len(corpus)} files / {n_files} files | {rss_few:.0f} MB / {rss_many:.0f} MB | no growth |",
        f"| batch of {n_files} files, `--jobs 1` (best of 3) | {j1:.2f} s | |",
        f"| same batch, `--jobs 2` (best of 3, alternating) | {j2:.2f} s ({j1 / j2:.2f}x) | >= 1.7x on 2 cores |",
        "",
        "## Pathological inputs (extract_text, one run)", "",
        "| input | characters | seconds |", "| --- | ---: | ---: |",
    ]  # fmt: skip
    for name, n, seconds in pathological():
        lines.append(f"| {name} | {n:,} | {seconds:.2f} |")
    lines += ["", *database_load()]
    with tempfile.TemporaryDirectory() as tmp:
        lines += web_pages_and_pdfs(Path(tmp))
    report = "\n".join(lines)
    print(report)
    (ROOT / "bench" / "RESULTS.md").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--only", "database"]:
        only_database()
    elif sys.argv[1:] and sys.argv[1:] != ["inputs"]:
        raise SystemExit("usage: bench/run.py [--only database | inputs]")
    else:
        main()
