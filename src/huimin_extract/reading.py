"""Reading a report: bytes from disk to a decoded `str`, or a one-line `InputError`.

A web page (`.html`, `.htm`, …) or a PDF (a `.pdf` file, or any file that starts as one) is converted to text
first, by `webpage.page_text` or `pdftext.pdf_text`; the `Decoded` then carries that text (the one offsets
index, encoded as UTF-8 for its sha256), the `Original` file's name, type and sha256, and for a PDF the
offset where each page begins.

Detection order of a text file: a BOM (UTF-8, UTF-16 LE/BE), then strict UTF-8, then GB18030 (a superset of GBK and
GB2312, the usual encodings of Chinese government files). GB18030 decodes almost any byte string, so its
result is accepted only when it reads as Chinese: most of its ideographs must be common ones (GB2312
level 1). A Big5 or Shift-JIS file fails that test and is rejected with a hint to pass `--encoding`.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import stat
from dataclasses import dataclass
from functools import lru_cache

from .errors import InputError
from .models import InputType, Original

MAX_BYTES = 200 * 1024 * 1024
"""Larger files are refused: a work report is well under 1 MB; 200 MB is a corpus dumped into one file."""

MIN_COMMON_SHARE = 0.80
"""Share of common ideographs a GB18030 decoding needs to be believed (real reports: above 0.95)."""


WEB_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
PDF_SUFFIXES = (".pdf",)
TEXT_SUFFIXES = (".txt",)
INPUT_SUFFIXES = TEXT_SUFFIXES + WEB_SUFFIXES + PDF_SUFFIXES
"""What a directory given to `extract` is searched for."""

PDF_MAGIC = b"%PDF-"

DATASET_SUFFIXES = (".json", ".yaml", ".yml")
"""A dataset, never read as a report (a command that reads reports refuses it with a hint)."""

ENCODING_SUPERSETS = {"big5": "cp950", "big5hkscs": "big5hkscs", "gb2312": "gb18030", "gbk": "gb18030",
                      "shift_jis": "cp932", "euc_kr": "cp949"}  # fmt: skip
"""The codec used for a common encoding name: the superset files labelled so are really written in (a Big5
file from Windows uses cp950's extra characters such as 碁 and €; GBK and GB2312 are subsets of GB18030)."""


def codec_for(encoding: str) -> str:
    """The Python codec that decodes text labelled `encoding` (raises LookupError for an unknown name).

    >>> codec_for("BIG5"), codec_for("big-5"), codec_for("GBK"), codec_for("latin-1")
    ('cp950', 'cp950', 'gb18030', 'iso8859-1')
    """
    name = codecs.lookup(encoding).name
    return ENCODING_SUPERSETS.get(name, name)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    sha256: str
    original: Original | None = None
    """The web page or PDF the text was converted from (None for a text file)."""
    page_starts: tuple[tuple[int, int], ...] = ()
    """For a PDF: (offset in `text`, page number) where each page's text begins."""


def input_type(path: str, head: bytes = b"") -> InputType | None:
    """What the file at `path` is to be converted from (None: a text), by its first bytes, else its suffix.

    >>> input_type("report.htm"), input_type("scan.dat", b"%PDF-1.7"), input_type("report.txt")
    ('html', 'pdf', None)
    """
    suffix = os.path.splitext(path)[1].lower()
    if PDF_MAGIC in head[:1024] or suffix in PDF_SUFFIXES:
        return "pdf"
    if suffix in WEB_SUFFIXES:
        return "html"
    return None


def converted_type(path: str) -> InputType | None:
    """`input_type` of a file on disk, reading only its first bytes (None when it cannot be read)."""
    head = b""
    try:
        if os.path.isfile(path):  # (never open a FIFO: it would block)
            with open(path, "rb") as handle:
                head = handle.read(1024)
    except OSError:
        pass
    return input_type(path, head)


def read_report(path: str, encoding: str | None = None, max_bytes: int = MAX_BYTES) -> Decoded:
    """Read and decode the report at `path`; `encoding` forces a codec instead of detecting one.

    A web page or a PDF is converted to text (see the module doc); `encoding` then applies to a web page only.
    """
    if os.path.splitext(path)[1].lower() in DATASET_SUFFIXES:
        raise InputError(path, "a dataset, not a report; give the report (.txt, .html, .pdf) it was extracted from")
    data = _read_bytes(path, max_bytes)
    kind = input_type(path, data[:1024])
    if kind is None:
        return decode_bytes(data, path, encoding)
    return convert_bytes(data, path, kind, encoding)


def convert_bytes(data: bytes, name: str, kind: InputType, encoding: str | None = None) -> Decoded:
    """The text of a web page or PDF `data` (named `name` in errors), with its `Original`."""
    page_encoding: str | None = None
    pages: int | None = None
    starts: tuple[tuple[int, int], ...] = ()
    if kind == "html":
        from .webpage import page_text

        page = page_text(data, name, encoding)
        text, page_encoding = page.text, page.encoding
    else:
        from .pdftext import pdf_text

        converted = pdf_text(data, name)
        text, pages, starts = converted.text, converted.pages, converted.page_starts
    original = Original(
        name=os.path.basename(name),
        type=kind,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=page_encoding,
        pages=pages,
    )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Decoded(text=text, encoding="utf-8", sha256=digest, original=original, page_starts=starts)


def text_name(name: str) -> str:
    """The name of the text converted from the web page or PDF `name`: `<stem>.txt`.

    >>> text_name("reports/anhui-2026.pdf")
    'anhui-2026.txt'
    """
    return os.path.splitext(os.path.basename(name))[0] + ".txt"


def _read_bytes(path: str, max_bytes: int) -> bytes:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as err:  # a symlink loop, a name too long, ...
        raise InputError(path, err.strerror or "cannot be read") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, "is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(path, "not a regular file (a FIFO, socket or device)")
    if info.st_size > max_bytes:
        raise InputError(path, f"too large ({info.st_size} bytes; the limit is {max_bytes})")
    try:
        with open(path, "rb") as handle:
            return handle.read(max_bytes + 1)
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as err:
        raise InputError(path, err.strerror or "cannot be read") from None


def decode_bytes(data: bytes, name: str, encoding: str | None = None) -> Decoded:
    """Decode `data` (named `name` in errors) by BOM, strict UTF-8 or believable GB18030.

    >>> decode_bytes("增长7%".encode("gb18030"), "x").encoding
    'gb18030'
    >>> decode_bytes(codecs.BOM_UTF8 + "增长".encode(), "x").text
    '增长'
    """
    digest = hashlib.sha256(data).hexdigest()
    if not data:
        raise InputError(name, "empty file")
    if encoding:
        used = _codec(name, encoding)
        text = _decode_forced(data, name, used)
    else:
        text, used = _detect(data, name)
    if not text.strip():
        raise InputError(name, "no text (whitespace only)")
    if "\x00" in text:
        raise InputError(name, "binary file (NUL characters)")
    return Decoded(text=text, encoding=used, sha256=digest)


def _codec(name: str, encoding: str) -> str:
    try:
        return codec_for(encoding)
    except LookupError:
        raise InputError(name, f"unknown encoding {encoding!r}") from None


def _decode_forced(data: bytes, name: str, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(name, f"not valid {encoding} (byte {err.start})") from None
    return text[1:] if text.startswith("\ufeff") else text


def _detect(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", name), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name), "utf-16"
    if b"\x00" in data:
        raise InputError(name, "binary file (NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as err:
        raise InputError(name, f"undecodable: neither UTF-8 nor GB18030 (byte {err.start})") from None
    share = common_ideograph_share(text)
    if share < MIN_COMMON_SHARE:
        raise InputError(
            name,
            f"undecodable: not UTF-8, and as GB18030 only {share:.0%} of its characters are common Chinese"
            " (Big5? Shift-JIS?); pass --encoding to force one",
        )
    return text, "gb18030"


def _strict(data: bytes, codec: str, name: str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as err:
        raise InputError(name, f"not valid {codec} despite its byte order mark (byte {err.start})") from None
    return text[1:] if text.startswith("\ufeff") else text


@lru_cache(maxsize=1)
def _common_ideographs() -> frozenset[str]:
    """The 3,755 level-1 characters of GB2312: the common ones every Chinese text is mostly made of."""
    chars = set()
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return frozenset(chars)


def common_ideograph_share(text: str) -> float:
    """Share of CJK ideographs in `text` that are common ones (1.0 when there are no ideographs)."""
    common = _common_ideographs()
    total = hits = 0
    for ch in text:
        if "\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0003134f":
            total += 1
            hits += ch in common
    return hits / total if total else 1.0


MIN_CHINESE_SHARE = 0.5
"""Share of Chinese characters among the non-ASCII ones below which a decoding is suspect (real reports: >0.95)."""


def decoding_warning(decoded: Decoded, name: str, sample: int = 50_000) -> str | None:
    """A warning when the decoded text is mostly not Chinese: a wrong --encoding (latin-1 reads any bytes) or
    a file that is not a Chinese report. Judged on the non-ASCII characters of the first `sample` ones."""
    chinese = other = 0
    for ch in decoded.text[:sample]:
        if ch < "\x80" or ch.isspace():
            continue
        if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or "\U00020000" <= ch <= "\U0003134f":
            chinese += 1  # CJK punctuation, ideographs, full-width forms
        else:
            other += 1
    total = chinese + other
    if total < 20 or chinese / total >= MIN_CHINESE_SHARE:
        return None
    return (
        f"{name}: decoded as {decoded.encoding}, only {chinese / total:.0%} of its non-ASCII characters are Chinese;"
        " is this a Chinese report, and is --encoding right?"
    )
