"""The style sheet and script every HTML page inlines (`view`, `diffview`, `seriesview`): no network, system fonts.

The script toggles the highlighted kinds (the legend's buttons, `?hide=quantity,period` in the URL), shows a
tooltip of every highlight under the pointer on a report page, and sorts the tables (a row jumps to its place in
the text)."""

KINDS = ("quantity", "period", "indicator", "project")  # the highlighted kinds, in the legend's order

COLOURS = {
    # kind: (background, strong colour)
    "quantity": ("#cfe3ff", "#2563eb"),
    "period": ("#fde7a7", "#b45309"),
    "indicator": ("#ffe0cc", "#e4570f"),
    "project": ("#d3f5dc", "#15803d"),
}

CSS = (
    """
:root{--fg:#1f2328;--muted:#667085;--line:#e4e7ec;--bg:#fff;--panel:#f8fafc;
--font:system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei",
"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif}
*{box-sizing:border-box}
html{scroll-behavior:smooth}
body{margin:0;color:var(--fg);background:var(--bg);font:15px/1.6 var(--font)}
header{padding:14px 24px 10px;border-bottom:1px solid var(--line);background:var(--panel)}
h1{font-size:22px;margin:0 0 2px}
h2{font-size:14px;margin:14px 0 6px;color:var(--muted);font-weight:600;letter-spacing:.05em}
.meta{margin:0 0 8px;color:var(--muted);font-size:13px}
.legend{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
.toggle{font:inherit;font-size:13px;border:1px solid var(--line);background:#fff;border-radius:14px;
padding:2px 10px 2px 6px;cursor:pointer;display:inline-flex;align-items:center;gap:6px}
.toggle .swatch{width:14px;height:14px;border-radius:3px;display:inline-block}
.toggle[aria-pressed=false]{color:var(--muted);text-decoration:line-through}
.toggle[aria-pressed=false] .swatch{background:#eee !important;border-color:#bbb !important}
.hint{color:var(--muted);font-size:12px;margin-left:8px}
.layout{display:grid;grid-template-columns:200px minmax(0,1fr) 500px;gap:0}
.side{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;padding:4px 14px 24px}
nav.side{border-right:1px solid var(--line)}
aside.panel{border-left:1px solid var(--line);background:var(--panel)}
.outline{list-style:none;margin:0;padding:0;font-size:13px}
.outline li{margin:2px 0}
.outline a{color:var(--fg);text-decoration:none;display:block;padding:1px 4px;border-radius:4px}
.outline a:hover{background:#eef2f6}
.outline .lv1{font-weight:700;margin-top:8px}
.outline .lv2{padding-left:8px}
.outline .lv3{padding-left:20px;color:var(--muted);font-size:12px}
main{min-width:0;padding:8px 28px 40px}
.report{white-space:pre-wrap;overflow-wrap:anywhere;font-size:16px;line-height:2;max-width:46em;margin:0 auto}
.heading{font-weight:700;scroll-margin-top:30vh}
.heading.lv0{font-size:22px}.heading.lv1{font-size:19px}.heading.lv2{font-size:17px}
.boilerplate{opacity:.35}
.page::before{content:"第" attr(data-page) "页";font-size:11px;line-height:1;color:var(--muted);
border:1px solid var(--line);border-radius:8px;padding:1px 6px;margin-right:4px;vertical-align:2px}
.hl{border-radius:3px;scroll-margin-top:35vh;cursor:help}
.hl:focus{outline:2px solid #111;outline-offset:1px}
.hl:target{outline:3px solid #111;outline-offset:2px;animation:flash 1.6s ease-out}
@keyframes flash{from{box-shadow:0 0 0 8px #ffd54a}to{box-shadow:0 0 0 0 transparent}}
.k-quantity{background:QBG}
.k-period{background:PBG;box-shadow:inset 0 -2px 0 PFG}
.k-indicator{background:IBG;border:2px solid IFG;padding:0 1px}
.k-indicator.cont{border-left:0}
.k-project{background:JBG;border-bottom:3px solid JFG}
.metric{text-decoration:underline dashed IFG;text-decoration-thickness:2px;text-underline-offset:4px}
.metric.linked{background:#ffd0b0;border-radius:3px}
.hl.linked{outline:2px solid IFG;outline-offset:1px}
.hide-quantity .k-quantity,.hide-period .k-period,.hide-indicator .k-indicator,.hide-project .k-project{
background:none;border-color:transparent;box-shadow:none;cursor:auto}
.hide-indicator .metric{text-decoration:none}
.t-quantity .swatch{background:QBG;border:1px solid QFG}
.t-period .swatch{background:PBG;border:1px solid PFG}
.t-indicator .swatch{background:IBG;border:2px solid IFG}
.t-project .swatch{background:JBG;border-bottom:3px solid JFG}
.metric-sample{text-decoration:underline dashed IFG;text-decoration-thickness:2px;text-underline-offset:3px}
#tip{position:fixed;z-index:10;max-width:360px;background:#1f2328;color:#fff;font-size:12.5px;line-height:1.5;
padding:6px 9px;border-radius:6px;box-shadow:0 4px 16px rgba(0,0,0,.25);pointer-events:none;white-space:pre-line}
#tip div+div{border-top:1px solid #555;margin-top:4px;padding-top:4px}
#tip .tip-quantity{border-left:4px solid QFG;padding-left:6px}
#tip .tip-period{border-left:4px solid PFG;padding-left:6px}
#tip .tip-indicator{border-left:4px solid IFG;padding-left:6px}
#tip .tip-project{border-left:4px solid JFG;padding-left:6px}
table{border-collapse:collapse;width:100%;font-size:12.5px;background:#fff}
caption{text-align:left;color:var(--muted);font-size:12px;padding:2px 0 4px}
th,td{border-bottom:1px solid var(--line);padding:3px 5px;text-align:left;vertical-align:top}
th{position:sticky;top:0;background:#eef2f6}
th button{font:inherit;font-weight:600;border:0;background:none;padding:0;cursor:pointer;color:inherit}
th[aria-sort=ascending] button::after{content:" ▲"}
th[aria-sort=descending] button::after{content:" ▼"}
td{white-space:nowrap}td:first-child,td:last-child{white-space:normal}td:first-child{min-width:8em}
td.num,th.num{text-align:right}
tbody tr{cursor:pointer}
tbody tr:hover{background:#fff4e5}
td a{color:inherit;text-decoration:none}
.chart{display:block;max-width:100%;height:auto;font-family:var(--font)}
.chart .clabel{font-size:12px;fill:var(--fg)}
.chart .cnote{font-size:11px;fill:var(--muted)}
.chart .track{fill:#eef2f6}
.chart .bar{fill:IFG}.chart .bar.estimate{fill:#f59e6b}
.chart .target{fill:#111}.chart .range{fill:#11111122}
.chart .zero{stroke:#999;stroke-width:1}
.chart-key{font-size:11.5px;color:var(--muted);margin:2px 0 0}
.key-bar,.key-target{display:inline-block;vertical-align:middle;margin:0 4px 0 10px}
.key-bar{width:18px;height:8px;background:IFG}.key-target{width:3px;height:14px;background:#111}
.none{color:var(--muted);font-size:13px}
.diffpage{max-width:1100px;margin:0 auto}.diffpage section{margin:10px 0 22px}.diffpage table{font-size:13px}
.chip{display:inline-block;padding:0 7px;border-radius:9px;font-size:11.5px;background:#eef2f6;color:#444}
.c-met{background:#dcfce7;color:#166534}.c-missed{background:#fee2e2;color:#991b1b}
.c-changed{background:#fef3c7;color:#92400e}.c-appeared{background:#dbeafe;color:#1e40af}
.chart .bar.met{fill:#16a34a}.chart .bar.missed{fill:#dc2626}
.key-bar.met{background:#16a34a}.key-bar.missed{background:#dc2626}
footer{color:var(--muted);font-size:12px;padding:10px 24px;border-top:1px solid var(--line)}
@media (max-width:1100px){.layout{grid-template-columns:1fr}.side{position:static;max-height:none}
nav.side{border-right:0}}
@media print{.side,.legend,#tip{display:none}.layout{display:block}}
""".replace("QBG", COLOURS["quantity"][0])
    .replace("QFG", COLOURS["quantity"][1])
    .replace("PBG", COLOURS["period"][0])
    .replace("PFG", COLOURS["period"][1])
    .replace("IBG", COLOURS["indicator"][0])
    .replace("IFG", COLOURS["indicator"][1])
    .replace("JBG", COLOURS["project"][0])
    .replace("JFG", COLOURS["project"][1])
)

JS = """
(function () {
  "use strict";
  var KINDS = KINDS_JSON;
  var root = document.documentElement, report = document.getElementById("report"), tip = document.getElementById("tip");
  function setKind(kind, on) {
    root.classList.toggle("hide-" + kind, !on);
    var button = document.querySelector('[data-toggle="' + kind + '"]');
    if (button) button.setAttribute("aria-pressed", on ? "true" : "false");
  }
  function hiddenKinds() { return KINDS.filter(function (k) { return root.classList.contains("hide-" + k); }); }
  var params = new URLSearchParams(location.search);
  (params.get("hide") || "").split(",").forEach(function (k) {
    k = k.trim();
    if (KINDS.indexOf(k) >= 0) setKind(k, false);
  });
  document.querySelectorAll("[data-toggle]").forEach(function (button) {
    button.addEventListener("click", function () {
      setKind(button.getAttribute("data-toggle"), button.getAttribute("aria-pressed") !== "true");
      var off = hiddenKinds(), url = new URL(location.href);
      if (off.length) url.searchParams.set("hide", off.join(",")); else url.searchParams.delete("hide");
      try { history.replaceState(null, "", url.toString()); } catch (e) { /* file: URLs may refuse */ }
    });
  });
  /* Titles become our tooltip, which shows every highlight the pointer is in (report pages only). */
  if (report && tip) (function () {
  report.querySelectorAll(".hl[title], .metric[title]").forEach(function (el) {
    el.setAttribute("data-tip", el.getAttribute("title"));
    el.removeAttribute("title");
  });
  function itemOf(el) {
    var id = el.getAttribute("data-id") || el.getAttribute("data-cont");
    return id ? document.getElementById(id) : null;
  }
  var linked = [];
  function unlink() { linked.forEach(function (el) { el.classList.remove("linked"); }); linked = []; }
  function link(el) { el.classList.add("linked"); linked.push(el); }
  function show(event) {
    var items = [], seen = {}, metricFor = null;
    for (var el = event.target; el && el !== report; el = el.parentElement) {
      if (!el.classList) continue;
      if (el.classList.contains("metric") && !metricFor) metricFor = el;
      if (!el.classList.contains("hl")) continue;
      var item = itemOf(el);
      if (!item || seen[item.id] || root.classList.contains("hide-" + item.getAttribute("data-kind"))) continue;
      seen[item.id] = true;
      items.push(item);
    }
    unlink();
    items.forEach(function (item) {
      if (item.getAttribute("data-kind") !== "indicator") return;
      link(item);
      report.querySelectorAll('[data-metric-for~="' + item.id + '"]').forEach(link);
    });
    if (metricFor && !root.classList.contains("hide-indicator")) {
      link(metricFor);
      metricFor.getAttribute("data-metric-for").split(" ").forEach(function (id) {
        var ind = document.getElementById(id);
        if (ind) { link(ind); items.push(ind); }
      });
    }
    if (!items.length) { tip.hidden = true; return; }
    tip.textContent = "";
    items.forEach(function (item) {
      var line = document.createElement("div");
      line.className = "tip-" + item.getAttribute("data-kind");
      line.textContent = item.getAttribute("data-tip") || "";
      tip.appendChild(line);
    });
    tip.hidden = false;
    var rect = event.target.getBoundingClientRect(), w = tip.offsetWidth, h = tip.offsetHeight;
    var top = rect.bottom + 6;
    if (top + h > window.innerHeight - 4) top = Math.max(4, rect.top - h - 6);
    tip.style.left = Math.max(4, Math.min(rect.left, window.innerWidth - w - 8)) + "px";
    tip.style.top = top + "px";
  }
  function hide() { tip.hidden = true; unlink(); }
  report.addEventListener("mouseover", show);
  report.addEventListener("focusin", show);
  report.addEventListener("mouseleave", hide);
  report.addEventListener("focusout", hide);
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
  window.addEventListener("scroll", function () { if (!tip.hidden) tip.hidden = true; }, { passive: true });
  })();
  /* Sortable tables; a row jumps to its place in the text. */
  function key(row, i) {
    var cell = row.cells[i], v = cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent;
    return v !== "" && isFinite(v) ? Number(v) : v;
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var ths = table.tHead.rows[0].cells, body = table.tBodies[0];
    Array.prototype.forEach.call(ths, function (th, i) {
      th.querySelector("button").addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(ths, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a, i), y = key(b, i), c;
          if (typeof x === "number" && typeof y === "number") c = x - y;
          else if (typeof x === "number") c = -1;
          else if (typeof y === "number") c = 1;
          else c = String(x).localeCompare(String(y), "zh-CN");
          if (!asc) c = -c;
          return c || a.getAttribute("data-order") - b.getAttribute("data-order");
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
    body.addEventListener("click", function (e) {
      var row = e.target.closest("tr[data-ref]");
      if (row && !e.target.closest("a")) location.hash = "#" + row.getAttribute("data-ref");
    });
  });
})();
""".replace("KINDS_JSON", "[" + ",".join(f'"{k}"' for k in KINDS) + "]")
