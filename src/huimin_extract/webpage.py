"""Web pages to report text: the body of a saved government or newspaper page, one line per paragraph.

Decoding: a byte order mark, else the page's own declaration (`<meta charset=…>`, the older
`http-equiv="Content-Type"` form, or an XML declaration) in its first 4 KB, else the detection that text
files get (`reading.decode_bytes`). GB2312 and GBK labels decode as GB18030, their superset: sites that
declare gb2312 send GBK. A page that does not decode as it declares falls back to detection.

The body: the page is parsed by selectolax (the lexbor HTML5 engine). Scripts, styles, form controls,
navigation, headers, footers, asides and comments go first; then the smallest element that holds most of the remaining
text (`BODY_SHARE`) is the report's container — a report is long, a site's furniture short. Inside it,
blocks made mostly of links (tool bars, share buttons, related links) are dropped, and the rest becomes
lines: a block element or a `<br>` ends a line, table cells are joined by a tab. The page's title (the
heading the `<title>` names, else its first `<h1>`) comes first unless the container starts with it: the
report year and region are read from it.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

BODY_SHARE = 0.6
"""A child holding this share of its parent's text is descended into: the container is where none does."""

LINK_SHARE = 0.5
"""Blocks whose text is more than this share link text are navigation (tool bars, related links), not report."""

PRESCAN_BYTES = 4096
"""Where the encoding declaration must be (the HTML standard's prescan reads 1024 bytes; pages exceed that)."""

# Elements whose content is never report text. Not `<form>`: ASP.NET sites wrap the whole page in one.
_DROP = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "select",
    "button", "input", "textarea", "label", "nav", "header", "footer", "aside", "head", "title", "map",
)  # fmt: skip
# Elements that start and end a line of text.
_BLOCKS = frozenset(
    "address article blockquote center dd details dialog div dl dt fieldset figcaption figure h1 h2 h3 h4 h5 h6 "
    "hr li main ol p pre section summary table tbody thead tfoot tr ul caption".split()
)
_CELLS = frozenset(("td", "th"))
_CELL = "\x1f"  # stands for a tab between cells until whitespace is collapsed
_LINKISH = ("div", "ul", "ol", "dl", "table", "p", "span", "td", "li", "section")

_DECLARATION = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"""  # <meta charset=gbk>, http-equiv content=…charset=
    rb"""|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",  # <?xml version="1.0" encoding="gb2312"?>
    re.IGNORECASE,
)
_GB_LABELS = frozenset(("gb2312", "gbk", "x-gbk", "cp936", "ms936", "windows-936", "gb_2312-80", "csgb2312", "chinese"))
# Whitespace the HTML way (not U+00A0 or U+3000, which are text); a run holding a line break between two
# wide characters disappears, as CSS segment-break rules say, else it is one space.
_SPACE_RUN = re.compile(r"[ \t\n\r\f]+")
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\U00020000-\U0003134f]")


@dataclass(frozen=True)
class PageText:
    text: str
    encoding: str


def declared_encoding(data: bytes) -> str | None:
    """The codec a page declares in its first bytes, if Python knows it (GB labels as gb18030).

    >>> declared_encoding(b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    'gb18030'
    >>> declared_encoding(b"<meta charset='UTF-8'>"), declared_encoding(b"<p>no declaration</p>")
    ('utf-8', None)
    >>> declared_encoding(b'<meta charset="big5">')
    'cp950'
    """
    match = _DECLARATION.search(data[:PRESCAN_BYTES])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    if label in _GB_LABELS:
        return "gb18030"
    from .reading import codec_for

    try:
        return codec_for(label)  # big5 as cp950, the superset pages labelled so are written in
    except LookupError:
        return None


def decode_page(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """The page as `str` and the codec used: `encoding` if given, else BOM, declaration, detection."""
    from .reading import decode_bytes

    if encoding or data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        decoded = decode_bytes(data, name, encoding)
        return decoded.text, decoded.encoding
    declared = declared_encoding(data)
    if declared:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass  # a page that lies about its encoding: detect it like a text file
    decoded = decode_bytes(data, name)
    return decoded.text, decoded.encoding


def page_text(data: bytes, name: str, encoding: str | None = None) -> PageText:
    """The report text of the web page `data` (named `name` in errors), one line per paragraph."""
    from selectolax.lexbor import LexborHTMLParser

    if not data.strip():
        raise InputError(name, "empty file")
    markup, used = decode_page(data, name, encoding)
    tree = LexborHTMLParser(markup)
    title = _title(tree)
    body = tree.body
    if body is None:
        raise InputError(name, "web page with no body")
    for node in body.css(", ".join(_DROP)):
        node.decompose()
    container = _container(body)
    lines = [line for line in _lines(container) if line]
    if not lines:
        raise InputError(name, "web page with no report text in its body (only navigation, scripts or markup)")
    if title and lines[0] != title:
        lines.insert(0, title)
    return PageText("\n".join(lines) + "\n", used)


def _clean(text: str) -> str:
    """Whitespace as a browser shows it: runs collapsed, none at the ends."""

    def space(match: re.Match[str]) -> str:
        run, start, end = match.group(), match.start(), match.end()
        if ("\n" in run or "\r" in run) and 0 < start and end < len(text):
            if _WIDE.match(text[start - 1]) and _WIDE.match(text[end]):
                return ""
        return " "

    return _SPACE_RUN.sub(space, text).strip(" \u00a0\u3000")


def _title(tree: LexborHTMLParser) -> str | None:
    """The page's heading: the `<h1>`/`<h2>` that the `<title>` names, else the first non-empty `<h1>`."""
    title_node = tree.css_first("title")
    named = _clean(title_node.text(deep=True)) if title_node is not None else ""
    first_h1 = None
    for node in tree.css("h1, h2"):
        text = _clean(node.text(deep=True, separator=""))
        if not text:
            continue
        if named and text in named:
            return text
        if first_h1 is None and node.tag == "h1":
            first_h1 = text
    return first_h1


def _own_text_length(node: LexborNode) -> int:
    """Characters of text below `node`, whitespace aside."""
    return len(_SPACE_RUN.sub("", node.text(deep=True, separator="")))


def _container(body: LexborNode) -> LexborNode:
    """The smallest element holding most of the text below `body` (see BODY_SHARE)."""
    node = body
    while True:
        total = _own_text_length(node)
        best, best_len = None, 0
        for child in _element_children(node):
            length = _own_text_length(child)
            if length > best_len:
                best, best_len = child, length
        if best is None or total == 0 or best_len < BODY_SHARE * total:
            return node
        node = best


def _element_children(node: LexborNode) -> Iterator[LexborNode]:
    child = node.child
    while child is not None:
        if child.is_element_node:
            yield child
        child = child.next


def _link_share(node: LexborNode) -> float:
    total = _own_text_length(node)
    if total == 0:
        return 0.0
    links = sum(_own_text_length(a) for a in node.css("a"))
    return links / total


def _lines(container: LexborNode) -> list[str]:
    """The text of `container` as lines: blocks and `<br>` break lines, cells are tab-separated."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            lines.append(_clean("".join(current)))
            current.clear()

    def walk(node: LexborNode) -> None:
        child = node.child
        while child is not None:
            tag = child.tag
            if tag == "-text":
                current.append(child.text_content or "")
            elif child.is_element_node:
                if tag == "br":
                    flush()
                elif tag in _BLOCKS:
                    if tag in _LINKISH and _link_share(child) > LINK_SHARE:
                        child = child.next
                        continue
                    flush()
                    walk(child)
                    flush()
                elif tag in _CELLS:
                    if current:
                        current.append(_CELL)
                    walk(child)
                else:
                    walk(child)
            child = child.next

    walk(container)
    flush()
    return [line.replace(_CELL, "\t") for line in lines]
