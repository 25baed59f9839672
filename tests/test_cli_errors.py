"""Every way input and output can go wrong: (input, exit code, message fragment), run through the real CLI.

Each case gets one line on stderr that names the file and the problem, the documented exit code, no
traceback, and no partial output. The CLI runs in-process (`cli.run`) so faults can be simulated.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from huimin_extract.errors import OutputError

from .conftest import HUIMIN, PROVINCES
from .conftest import run_cli as run
from .pdfs import encrypted_pdf, scanned_pdf, simple_pdf

REPORT = HUIMIN.read_bytes()


def _file(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(d: Path) -> Path:
        path = d / name
        path.write_bytes(data)
        return path

    return make


def _fifo(d: Path) -> Path:
    os.mkfifo(d / "pipe.txt")
    return d / "pipe.txt"


def _symlink_loop(d: Path) -> Path:
    os.symlink(d / "b.txt", d / "a.txt")
    os.symlink(d / "a.txt", d / "b.txt")
    return d / "a.txt"


def _empty_dir(d: Path) -> Path:
    (d / "empty").mkdir()
    return d / "empty"


CASES = [
    # (id, make input, exit code, fragment of the one-line message)
    ("missing", lambda d: d / "missing.txt", 1, "missing.txt: no such file"),
    ("empty", _file("empty.txt", b""), 1, "empty.txt: empty file"),
    ("whitespace", _file("blank.txt", "  \n\u3000\n\t".encode()), 1, "blank.txt: no text (whitespace only)"),
    ("binary", _file("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), 1, "image.txt: binary file"),
    ("undecodable", _file("bytes.txt", bytes(range(128, 256)) * 8), 1, "bytes.txt: undecodable"),
    ("big5", _file("big5.txt", "地區生產總值增長百分之五，經濟運行穩中向好，就業物價總體穩定。".encode("big5")), 1, "big5.txt: undecodable"),
    ("shift-jis", _file("sjis.txt", "地域総生産は前年比五パーセント増加し、経済は安定した。".encode("shift_jis")), 1, "sjis.txt: undecodable"),
    ("bad-utf16", _file("u16.txt", b"\xff\xfe" + b"\x00\xd8\x00\xd8"), 1, "u16.txt: not valid utf-16"),
    ("fifo", _fifo, 1, "pipe.txt: not a regular file"),
    ("symlink-loop", _symlink_loop, 1, "a.txt: Too many levels of symbolic links"),
    ("empty-directory", _empty_dir, 1, "empty: a directory with no report in it (*.txt"),
    ("glob-no-match", lambda d: Path(str(d / "*.nothing")), 1, "no file matches this pattern"),
    # web pages and PDFs: the same discipline
    ("html-missing", lambda d: d / "gone.html", 1, "gone.html: no such file"),
    ("html-empty", _file("page.html", b""), 1, "page.html: empty file"),
    ("html-head-only", _file("head.html", b"<html><head><title>2025\xe5\xb9\xb4</title></head></html>"), 1, "head.html: web page with no report text in its body"),
    ("html-frameset", _file("frames.htm", b"<html><frameset><frame src=a.html></frameset></html>"), 1, "frames.htm: web page with no body"),
    ("html-no-text", _file("app.html", b"<body><nav><a>\xe9\xa6\x96\xe9\xa1\xb5</a></nav><div id=app></div><script>render()</script></body>"), 1, "app.html: web page with no report text in its body"),
    ("pdf-missing", lambda d: d / "gone.pdf", 1, "gone.pdf: no such file"),
    ("pdf-empty", _file("empty.pdf", b""), 1, "empty.pdf: empty file"),
    ("pdf-not-a-pdf", _file("fake.pdf", b"<html>a saved page, misnamed</html>"), 1, "fake.pdf: not a PDF"),
    ("pdf-corrupt", _file("broken.pdf", simple_pdf(["2025年政府工作报告"])[:300]), 1, "broken.pdf: corrupt PDF (Data format error)"),
    ("pdf-encrypted", _file("locked.pdf", encrypted_pdf()), 1, "locked.pdf: encrypted PDF"),
    ("pdf-scanned", _file("scan.pdf", scanned_pdf()), 1, "scan.pdf: no text layer (0 characters on 1 pages): a scanned PDF? OCR it first"),
]


@pytest.mark.parametrize(("make", "code", "fragment"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input(tmp_path: Path, monkeypatch, capsys, make, code: int, fragment: str) -> None:
    source = make(tmp_path)
    out = tmp_path / "out"
    status, stdout, stderr = run(monkeypatch, capsys, "extract", str(source), "-o", str(out), "-j", "1")
    assert status == code
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and fragment in lines[0], stderr
    assert "Traceback" not in stderr
    assert not out.exists() or not list(out.rglob("*"))


@pytest.mark.parametrize("command", ["indicators", "projects", "numbers", "segment", "view"])
@pytest.mark.parametrize(
    ("make", "fragment"),
    [(_file("scan.pdf", scanned_pdf()), "scan.pdf: no text layer"), (_file("locked.pdf", encrypted_pdf()), "locked.pdf: encrypted PDF"),
     (_file("frames.htm", b"<frameset><frame src=a.html></frameset>"), "frames.htm: web page with no body")],
    ids=["scanned", "encrypted", "no-body"],
)  # fmt: skip
def test_every_command_refuses_a_bad_pdf_or_page_alike(tmp_path: Path, monkeypatch, capsys, command: str, make, fragment: str) -> None:
    source = make(tmp_path)
    extra = ["-o", str(tmp_path / "view.html")] if command == "view" else []
    status, stdout, stderr = run(monkeypatch, capsys, command, str(source), *extra)
    lines = stderr.strip().splitlines()
    assert status == 1 and len(lines) == 1 and lines[0].startswith("Error: ") and fragment in lines[0], stderr
    assert "Traceback" not in stderr and not (tmp_path / "view.html").exists()


def test_unreadable_file(tmp_path: Path, monkeypatch, capsys) -> None:
    # as root, chmod 000 does not stop reading: simulate the refusal the OS gives other users
    source = _file("locked.txt", REPORT)(tmp_path)
    real_open = open

    def deny(path, mode="r", *args, **kwargs):
        if str(path) == str(source):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", deny)
    status, _, stderr = run(monkeypatch, capsys, "extract", str(source), "-o", str(tmp_path / "out"), "-j", "1")
    assert status == 1 and stderr.strip() == f"Error: {source}: permission denied"


def test_output_directory_not_writable(tmp_path: Path, monkeypatch, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    status, _, stderr = run(monkeypatch, capsys, "extract", str(HUIMIN), "-o", str(blocker / "out"), "-j", "1")
    assert status == 1 and "cannot write output" in stderr and len(stderr.strip().splitlines()) == 1


def test_disk_full_leaves_no_partial_output(tmp_path: Path, monkeypatch, capsys) -> None:
    out = tmp_path / "out"
    out.mkdir()
    previous = out / "huimin-2022.json"
    previous.write_text("previous dataset")

    real_fdopen = os.fdopen

    class FullFile:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("os.fdopen", lambda fd, mode="r", *a, **k: FullFile(real_fdopen(fd, mode, *a, **k)))
    status, _, stderr = run(monkeypatch, capsys, "extract", str(HUIMIN), "-o", str(out), "-j", "1", "--force")
    assert status == 1 and "no space left on device" in stderr
    assert previous.read_text() == "previous dataset"
    assert sorted(p.name for p in out.iterdir()) == ["huimin-2022.json"]  # no temporary file left


def test_output_equal_to_input_is_refused(tmp_path: Path, monkeypatch, capsys) -> None:
    source = tmp_path / "report.json"
    source.write_bytes(REPORT)
    status, _, stderr = run(monkeypatch, capsys, "extract", str(source), "-o", str(tmp_path), "-j", "1")
    assert status == 1 and "report.json: a dataset, not a report" in stderr  # refused before any output is made
    assert source.read_bytes() == REPORT
    from huimin_extract.writers import write_atomic

    with pytest.raises(OutputError, match="output path is an input file"):
        write_atomic(source, "{}", inputs=(source,))
    assert source.read_bytes() == REPORT


def test_two_inputs_that_would_write_one_output_are_refused_before_anything_is_written(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    src = tmp_path / "in"
    for part in ("a", "b"):
        (src / part).mkdir(parents=True)
    first = _file("national-2019.txt", REPORT)(src / "a")
    second = _file("national-2019.txt", REPORT + b"\n")(src / "b")
    out = tmp_path / "out"
    # two files, a glob, two directories with the same tree: each time the second would overwrite the first
    for args in ([first, second], [src / "*" / "national-2019.txt"], [src / "a", src / "b"]):
        status, stdout, stderr = run(monkeypatch, capsys, "extract", *map(str, args), "-o", str(out), "-j", "1")
        lines = stderr.strip().splitlines()
        assert status == 1 and len(lines) == 1 and lines[0].startswith("Error: "), stderr
        assert str(first) in lines[0] and str(second) in lines[0] and "both would write" in lines[0]
        assert not out.exists() and stdout == ""
    # the same file named twice is one input; their parent directory mirrors its tree: no collision
    for args, written in (([first, first], ["national-2019.json"]), ([src], ["a/national-2019.json", "b/national-2019.json"])):
        status, _, stderr = run(monkeypatch, capsys, "extract", *map(str, args), "-o", str(out), "-j", "1", "-q")
        assert status == 0, stderr
        assert sorted(str(p.relative_to(out)) for p in out.rglob("*.json")) == written
        for p in out.rglob("*.json"):
            p.unlink()


def test_a_report_over_its_time_limit_fails_cleanly(tmp_path: Path, monkeypatch, capsys) -> None:
    # the backstop against pathological text: a clear error, no output, the batch goes on
    out = tmp_path / "out"
    status, _, stderr = run(monkeypatch, capsys, "extract", str(HUIMIN), "-o", str(out), "-j", "1", "--timeout", "0.001")
    assert status == 1 and "extraction took longer than 0.001 s" in stderr and len(stderr.strip().splitlines()) == 1
    assert not out.exists() or not list(out.iterdir())


def test_batch_goes_on_after_a_bad_file(tmp_path: Path, monkeypatch, capsys) -> None:
    good = _file("good.txt", REPORT)(tmp_path)
    bad = _file("bad.txt", b"")(tmp_path)
    out = tmp_path / "out"
    status, _, stderr = run(monkeypatch, capsys, "extract", str(bad), str(good), "-o", str(out), "-j", "1")
    assert status == 1 and "bad.txt: empty file" in stderr
    assert (out / "good.json").exists() and not (out / "bad.json").exists()
    status, _, stderr = run(monkeypatch, capsys, "extract", str(bad), str(good), "-o", str(tmp_path / "ff"), "-j", "1", "--fail-fast", "-q")
    assert status == 1 and not (tmp_path / "ff" / "good.json").exists()


def test_a_pool_of_two_writes_what_one_process_writes(tmp_path: Path, monkeypatch, capsys) -> None:
    """`-j 2` runs the process pool (largest files first): the same files, the same bytes, the same errors."""
    src = tmp_path / "in"
    (src / "provinces").mkdir(parents=True)
    _file("huimin.txt", REPORT)(src)
    for province in PROVINCES[:3]:
        _file(province.name, province.read_bytes())(src / "provinces")
    _file("bad.txt", b"\x00\x01binary")(src)
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        status, _, stderr = run(monkeypatch, capsys, "extract", str(src), "-o", str(out), "-j", jobs, "-q")
        assert status == 1 and stderr.count("bad.txt") == 1, stderr
        outputs[jobs] = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert len(outputs["1"]) == 4 and outputs["1"] == outputs["2"]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [(["extract"], "Missing argument"), (["extract", "x.txt", "--format", "xml"], "--format"), (["nope"], "No such command"), (["extract", "x.txt", "-j", "0"], "-j")],
)  # fmt: skip
def test_usage_errors_exit_2(monkeypatch, capsys, args: list[str], fragment: str) -> None:
    status, _, stderr = run(monkeypatch, capsys, *args)
    assert status == 2 and fragment in stderr
