"""Headless Chromium for the HTML view's tests, and to regenerate the README's screenshot.

    python tests/browser.py data/raw/huimin-2022.txt docs/screenshot.png

`find_chromium()` is None when no browser is installed (tests then skip). `dump_dom` returns the DOM after
the page's scripts ran; `screenshot` writes a PNG; `colour_count` counts the pixels of one exact colour in a
PNG (decoded here with zlib, no imaging library), which lets a test see that a toggle removed a colour.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

NAMES = ("chromium", "chromium-browser")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)
HANG_GUARD = 180  # seconds; only to stop a wedged browser, not a timing assertion


def find_chromium() -> str | None:
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    browser = find_chromium()
    if browser is None:
        raise RuntimeError("chromium is not installed")
    with tempfile.TemporaryDirectory(prefix="huimin-chromium-") as profile:
        result = subprocess.run(
            [browser, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=HANG_GUARD,
            check=False,
        )
    if result.returncode != 0:
        raise RuntimeError(f"chromium exited {result.returncode}: {result.stderr[-2000:]}")
    return result


def dump_dom(url: str) -> str:
    """The serialised DOM of `url` after its scripts ran."""
    return _run(["--dump-dom", url]).stdout


def screenshot(url: str, png: Path, width: int = 1400, height: int = 1000) -> Path:
    png = Path(png).resolve()
    _run([f"--screenshot={png}", f"--window-size={width},{height}", url])
    if not png.exists():
        raise RuntimeError(f"chromium wrote no screenshot to {png}")
    return png


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def png_rows(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, channels (3 or 4) and the unfiltered pixel rows of an 8-bit, non-interlaced RGB(A) PNG."""
    data = Path(path).read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"{path}: unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    channels = 3 if colour == 2 else 4
    stride = width * channels
    raw = zlib.decompress(idat)
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        line = raw[y * (stride + 1) : (y + 1) * (stride + 1)]
        kind, row = line[0], bytearray(line[1:])
        for i in range(stride):
            left = row[i - channels] if i >= channels else 0
            up = prev[i]
            if kind == 1:
                row[i] = (row[i] + left) & 0xFF
            elif kind == 2:
                row[i] = (row[i] + up) & 0xFF
            elif kind == 3:
                row[i] = (row[i] + ((left + up) >> 1)) & 0xFF
            elif kind == 4:
                upleft = prev[i - channels] if i >= channels else 0
                row[i] = (row[i] + _paeth(left, up, upleft)) & 0xFF
        rows.append(bytes(row))
        prev = row
    return width, channels, rows


def colour_count(path: Path, rgb: tuple[int, int, int]) -> int:
    """How many pixels of `path` have exactly the colour `rgb`."""
    width, channels, rows = png_rows(path)
    wanted = bytes(rgb)
    return sum(1 for row in rows for x in range(width) if row[x * channels : x * channels + 3] == wanted)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python tests/browser.py REPORT.txt OUT.png", file=sys.stderr)
        return 2
    from huimin_extract import extract_file
    from huimin_extract.reading import read_report
    from huimin_extract.view import render_html

    report, out = argv
    page = render_html(extract_file(report), read_report(report).text)
    with tempfile.TemporaryDirectory(prefix="huimin-view-") as tmp:
        html_path = Path(tmp) / "report.html"
        html_path.write_text(page, encoding="utf-8")
        print(screenshot(html_path.as_uri(), Path(out)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
