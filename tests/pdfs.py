"""Small PDFs made byte by byte for the tests: text in a standard CJK font, a scan, an encrypted file."""

from __future__ import annotations


def minimal_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of `objects` (object 1 the catalog, 2 the page tree) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"


def _page(resources: bytes = b"<< >>", contents: bytes = b"") -> bytes:
    body = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + resources
    return body + (b" /Contents " + contents if contents else b"") + b" >>"


def simple_pdf(lines: list[str]) -> bytes:
    """One page of text in a CJK font of the standard set (no font file needed), one line each."""
    hexed = b"\n".join(
        b"1 0 0 1 72 %d Tm <%s> Tj" % (760 - 20 * n, text.encode("utf-16-be").hex().encode()) for n, text in enumerate(lines)
    )
    font = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> >>] >>"
    )
    return minimal_pdf([CATALOG, PAGES, _page(b"<< /Font << /F1 5 0 R >> >>", b"4 0 R"), _stream(b"BT /F1 12 Tf\n" + hexed + b"\nET"), font])


def scanned_pdf() -> bytes:
    """A page that is only an image: what a scanner makes."""
    image = _stream(b"\x80" * 16, b"/Type /XObject /Subtype /Image /Width 4 /Height 4 /ColorSpace /DeviceGray /BitsPerComponent 8 ")
    return minimal_pdf([CATALOG, PAGES, _page(b"<< /XObject << /Im1 5 0 R >> >>", b"4 0 R"), _stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q"), image])


def encrypted_pdf() -> bytes:
    """A PDF locked with a user password (the standard security handler)."""
    lock = b"<< /Filter /Standard /V 1 /R 2 /O <" + b"00" * 32 + b"> /U <" + b"11" * 32 + b"> /P -4 >>"
    ids = b"/Encrypt 4 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] "
    return minimal_pdf([CATALOG, PAGES, _page(), lock], ids)
