"""Web pages and PDFs made from a report text, as users get them: the tests' and the benchmark's inputs.

    python tests/pages.py OUT_DIR REPORT.txt...   # writes OUT_DIR/<stem>.html and OUT_DIR/<stem>.pdf

`gov_page` lays a report text out the way government and newspaper sites do: the title in an `<h1>`, the
body in a `<div>` (or `<td>`, or `<article>`) among navigation, a breadcrumb, a tool bar (`【字号：大 中 小】`,
打印, 关闭), share buttons, related links, reader comments, a footer, scripts, styles and HTML comments —
everything a converter must leave out, much of it Chinese text with years and figures. Three layouts,
picked by `style`: `<p>` paragraphs in a TRS editor `<div>` (the usual provincial site), lines separated by
`<br>` in a table cell (older sites, often GBK), and an HTML5 `<article>` with `<h2>` headings (a newspaper).
The page declares its own encoding (`<meta charset>` or the older `http-equiv` form); characters the encoding
lacks are written as character references, as servers do.

`print_pdf` prints a page with headless Chromium: the page's print style hides the site around the report,
as government sites' print styles do, and puts a running header (the title) and a page number (`— 3 —`) in
the page margins, so the PDF has a real text layer with the furniture a converter must drop. Needs
Chromium and a CJK font (Debian: chromium, fonts-wqy-microhei); `missing_tools()` says what is absent.

Everything here is test scaffolding: the generated body is the report's own lines, so a dataset extracted
from the page or the PDF can be compared with the dataset of the text.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from huimin_extract.models import Dataset, Indicator

if __package__:
    from .browser import _run, find_chromium
else:  # run as a script
    from browser import _run, find_chromium  # type: ignore[no-redef]

STYLES = ("div", "table", "article")
ENCODINGS = ("gbk", "utf-8")

# A numbered heading (一、 / （一）) short enough to be set as a heading.
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
_NAV = ["首页", "机构概况", "政务公开", "政务服务", "互动交流", "数据发布", "专题专栏"]
_RELATED = [
    "2025年政府工作报告",
    "2024年国民经济和社会发展统计公报：地区生产总值增长5.2%",
    "图解：一图读懂今年政府工作报告（新增就业60万人以上）",
    "关于2025年预算执行情况与2026年预算草案的报告",
]
_COMMENTS = [
    ("网友甲", "报告里说地区生产总值增长6%左右，很振奋！"),
    ("网友乙", "希望城镇新增就业80万人的目标能实现。"),
]


def _title_index(lines: list[str]) -> int:
    """The line that is the report's title: the first that names a work report (within the first lines)."""
    for i, line in enumerate(lines[:20]):
        if "报告" in line and len(line.strip()) <= 40:
            return i
    return 0


def _short(title: str) -> str:
    """The title as a site's running header and window title show it: a text with no title line (an archive's
    joined paragraphs) would otherwise put the whole report in every printed page's header."""
    return title if len(title) <= _TITLE_MAX else title[:_TITLE_MAX] + "…"


_TITLE_MAX = 60


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _body(lines: list[str], style: str) -> str:
    out: list[str] = []
    for line in lines:
        text = line.strip()
        if not text:
            continue
        heading = bool(_HEADING.match(text)) and len(text) <= 40
        if style == "div":
            if heading:
                out.append(f'<p style="text-align: center;"><strong>{_esc(text)}</strong></p>')
            else:
                out.append(f'<p style="text-indent: 2em;">{_esc(text)}</p>')
        elif style == "table":
            out.append(("&nbsp;&nbsp;&nbsp;&nbsp;" if not heading else "") + f"{_esc(text)}<br>")
        else:
            out.append(f"<h2>{_esc(text)}</h2>" if heading else f"<p>{_esc(text)}</p>")
    return "\n".join(out)


# WenQuanYi Micro Hei claims letterlike symbols and number forms (℃, Ⅴ) but draws some of them blank in
# justified lines, so the printed PDF would show nothing there: those two blocks come from DejaVu Sans.
_CSS = """
@font-face { font-family: "Symbols"; src: local("DejaVu Sans"); unicode-range: U+2100-218F; }
body { font-family: "Symbols", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; margin: 0; color: #222; }
nav.menu a { margin: 0 1em; } .crumb, .tools, .share, .related, .comments, footer { font-size: 12px; }
.content p, article p { text-indent: 2em; line-height: 1.8; margin: 0.4em 0; text-align: justify; }
h1 { text-align: center; font-size: 22px; }
@page { size: A4; margin: 22mm 20mm;
  @top-center { content: "%(title)s"; font-family: "WenQuanYi Micro Hei", sans-serif; font-size: 9pt; color: #666; }
  @bottom-center { content: "— " counter(page) " —"; font-family: "WenQuanYi Micro Hei", sans-serif; font-size: 10pt; }
}
@media print {
  .head, nav, .crumb, .tools, .share, .related, .comments, footer, .info, .qr, .pager { display: none; }
  h1 { margin-top: 0; }
}
"""


def gov_page(text: str, *, style: str = "div", charset: str = "utf-8") -> str:
    """An HTML page (as `str`) that carries the report `text` among a site's furniture; see the module doc."""
    lines = text.splitlines()
    at = _title_index(lines)
    title = lines[at].strip()
    before = [line.strip() for line in lines[:at] if line.strip()]
    tools = "".join(f'<a href="javascript:void(0)">{_esc(t)}</a> ' for t in before)
    nav = "".join(f'<a href="/col/{i}/">{name}</a>' for i, name in enumerate(_NAV))
    related = "".join(f'<li><a href="/art/{i}.html">{_esc(r)}</a><span>2026-01-{10 + i}</span></li>' for i, r in enumerate(_RELATED))
    comments = "".join(f'<div class="comment"><b>{who}</b>：{_esc(said)}</div>' for who, said in _COMMENTS)
    declaration = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        if style == "table"
        else f'<meta charset="{charset}">'
    )
    head = (
        f"<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n{declaration}\n<title>{_esc(_short(title))}_政府门户网站</title>\n"
        '<meta name="keywords" content="政府工作报告,地区生产总值,增长7%">\n'
        f"<style>{_CSS % {'title': _short(title).replace(chr(34), '')}}</style>\n"
        '<script>var _hmt = _hmt || []; var shareTitle = "2025年全市地区生产总值增长5.8%";'
        ' var hits = "访问量：12345";</script>\n</head>\n'
    )
    top = (
        '<body>\n<!-- 页头开始 -->\n<div class="head"><img src="/img/logo.png" alt="人民政府门户网站">'
        '<div class="search"><input type="text" value="请输入关键字"><button>搜索</button></div></div>\n'
        f'<nav class="menu">{nav}</nav>\n'
        '<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/col/2/">政务公开</a> &gt; 政府工作报告</div>\n'
        "<!-- 页头结束 -->\n"
    )
    info = (
        '<div class="info">发布时间：2026-01-28 09:30 来源：本网 浏览次数：<span id="hits">2678</span> '
        '【字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】 '
        '<a href="javascript:window.print()">【打印】</a> <a href="javascript:window.close()">【关闭】</a></div>\n'
    )
    share = '<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>\n'
    tail = (
        '<div class="qr">扫一扫在手机打开当前页</div>\n'
        '<div class="pager">上一篇：<a href="/art/9.html">关于2025年国民经济和社会发展计划执行情况的报告</a></div>\n'
        f'<div class="related"><h3>相关链接</h3><ul>{related}</ul></div>\n'
        f'<div class="comments"><h3>网友评论</h3>{comments}</div>\n'
        "<!-- 页脚 -->\n"
        '<footer><p>主办：人民政府办公厅 承办：大数据中心</p><p>版权所有 网站标识码：3400000001 '
        "备案号：皖ICP备05001234号-1</p><p>联系电话：0551-62601234</p></footer>\n"
        '<script>document.getElementById("hits").innerText = "2679"; /* 统计代码 */</script>\n'
        "</body>\n</html>\n"
    )
    body = _body(lines[at + 1 :], style)
    if style == "div":
        main = (
            f'<div class="main"><div class="tools">{tools}</div>\n<h1>{_esc(title)}</h1>\n{info}{share}'
            '<!-- 正文开始 -->\n<div class="content" id="zoom"><div class="TRS_Editor">\n'
            f"{body}\n</div></div>\n<!-- 正文结束 -->\n</div>\n"
        )
    elif style == "table":
        main = (
            '<table width="100%" class="main"><tr><td class="tools" width="20%">'
            f'{tools}<ul class="left"><li>政府文件</li><li>政策解读</li></ul></td>\n'
            f'<td><table><tr><td class="title"><h1>{_esc(title)}</h1></td></tr><tr><td>{info}</td></tr>\n'
            f'<tr><td class="bt_content" id="Zoom">\n{body}\n</td></tr></table></td></tr></table>\n'
        )
    else:
        main = (
            f'<main><article><header><h1>{_esc(title)}</h1>{info}</header>\n<div class="tools">{tools}</div>\n'
            f"{body}\n</article>\n<aside>{share}</aside></main>\n"
        )
    return head + top + main + tail


def page_bytes(text: str, *, style: str = "div", encoding: str = "utf-8") -> bytes:
    """`gov_page` encoded as the page declares (GBK pages say gb2312, as many sites do while sending GBK)."""
    charset = "gb2312" if encoding == "gbk" else encoding
    return gov_page(text, style=style, charset=charset).encode(encoding, "xmlcharrefreplace")


def missing_tools() -> str | None:
    """Why PDFs cannot be printed here (no Chromium, no CJK font), or None when they can."""
    if find_chromium() is None:
        return "chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)"
    fc_list = shutil.which("fc-list")
    fonts = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True).stdout if fc_list else ""
    if not fonts.strip():
        return "no CJK font for Chromium to print with (Debian: apt-get install fonts-wqy-microhei; .ci/run installs it)"
    return None


def print_pdf(page: Path, pdf: Path) -> Path:
    """Print the web page `page` to `pdf` with headless Chromium (A4, the page's own margin boxes)."""
    pdf = Path(pdf).resolve()
    _run(["--no-pdf-header-footer", f"--print-to-pdf={pdf}", Path(page).resolve().as_uri()])
    if not pdf.exists() or pdf.stat().st_size == 0:
        raise RuntimeError(f"chromium wrote no PDF to {pdf}")
    return pdf


def make_long_inputs(reports: list[Path], out_dir: Path, chars: int = 130_000) -> tuple[Path, Path]:
    """One web page of several reports, at least `chars` characters (about 100+ printed pages), and its PDF:
    `long.html` and `long.pdf` in `out_dir` (the bench's measure of PDF speed)."""
    text = ""
    for report in reports:
        text += report.read_text(encoding="utf-8") + "\n"
        if len(text) > chars:
            break
    page = out_dir / "long.html"
    page.write_bytes(page_bytes(text))
    return page, print_pdf(page, out_dir / "long.pdf")


def make_inputs(report: Path, out_dir: Path, index: int = 0, pdf: bool = True) -> tuple[Path, Path | None]:
    """Write `<stem>.html` (layout and encoding chosen by `index`, so a set of reports covers all) and,
    when `pdf`, `<stem>.pdf` printed from it; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    text = report.read_text(encoding="utf-8")
    style = STYLES[index % len(STYLES)]
    encoding = ENCODINGS[index % len(ENCODINGS)]
    page = out_dir / f"{report.stem}.html"
    page.write_bytes(page_bytes(text, style=style, encoding=encoding))
    printed = print_pdf(page, out_dir / f"{report.stem}.pdf") if pdf else None
    return page, printed


def indicator_key(i: Indicator) -> tuple[object, ...]:
    """What must agree between the datasets of a text and of its page or PDF (offsets may not)."""
    return (i.metric_id or i.metric, i.kind, i.measure, i.period, i.value, i.value_max)


def kept_indicators(converted: Dataset, text: Dataset) -> tuple[int, int]:
    """How many of the text dataset's indicators the converted dataset has too, and how many there are."""
    expected, got = Counter(map(indicator_key, text.indicators)), Counter(map(indicator_key, converted.indicators))
    return sum((expected & got).values()), sum(expected.values())


def plan_gdp_targets(ds: Dataset) -> list[tuple[object, ...]]:
    """The report's GDP growth targets for its plan year (value, upper value, qualifier)."""
    year = str(ds.report.year)
    return sorted(
        (i.value, i.value_max, i.approx)
        for i in ds.indicators
        if i.metric_id == "gdp" and i.kind == "target" and i.measure == "growth" and i.period == year
    )


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: python tests/pages.py OUT_DIR REPORT.txt...", file=sys.stderr)
        return 2
    out = Path(argv[0])
    for index, report in enumerate(argv[1:]):
        for path in make_inputs(Path(report), out, index):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
