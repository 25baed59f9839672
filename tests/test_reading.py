"""Reading: every supported encoding decodes to the same text; everything else is a one-line error."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from huimin_extract.errors import InputError
from huimin_extract.normalise import normalise
from huimin_extract.reading import decode_bytes, read_report

from .conftest import HUIMIN, read_text

TEXT = read_text(HUIMIN)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("gb18030"), "gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "gb18030"],
)
def test_supported_encodings_give_the_same_text(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data, "report.txt")
    assert decoded.text == TEXT
    assert decoded.encoding == encoding


@pytest.mark.parametrize("codec", ["big5", "shift_jis"])
def test_other_encodings_are_rejected_not_turned_into_mojibake(codec: str) -> None:
    data = TEXT.encode(codec, errors="replace")
    with pytest.raises(InputError, match=r"report\.txt: undecodable.*--encoding"):
        decode_bytes(data, "report.txt")


def test_gbk_is_read_as_gb18030() -> None:
    sample = "预计全区地区生产总值实现309亿元,同比增长8%。"
    assert decode_bytes(sample.encode("gbk"), "x").text == sample


def test_forced_encoding_is_used() -> None:
    data = "增長7%".encode("big5")
    assert decode_bytes(data, "x", encoding="big5").text == "增長7%"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n ", "whitespace only"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"\xff\xfe\xff" + b"\x00\xd8" * 3, "not valid utf-16"),
    ],
)
def test_bad_bytes_give_one_line_errors(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        decode_bytes(data, "bad.txt")
    assert str(info.value).startswith("bad.txt: ")
    assert "\n" not in str(info.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_report(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="is a directory"):
        read_report(str(tmp_path))


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_report(str(fifo))


def test_too_large_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2048)
    with pytest.raises(InputError, match="too large"):
        read_report(str(big), max_bytes=1024)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("３．６％，约１２３亿元", "3.6%,约123亿元"),
        ("4.5%－5%", "4.5%—5%"),
        ("a\u00a0b\u3000c\u2002d", "a b c d"),
        ("⻬鲁", "齐鲁"),
        ("\uf900", "豈"),
    ],
)
def test_normalise_keeps_length_and_folds(source: str, expected: str) -> None:
    folded = normalise(source)
    assert folded == expected
    assert len(folded) == len(source)
