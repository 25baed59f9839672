"""分别: a list of metrics over the list of figures that follows it (…收入分别增长5%、6%); a collective metric
(城乡居民人均可支配收入) stands for its parts.
"""

from __future__ import annotations

from dataclasses import replace

from . import words
from .lexicon import SentenceLexicon, compiled_rules
from .metric_names import lexicon_metric, residue, strip_region, strip_tail, unknown_metric
from .statements import GENERIC_MAX, Context, Metric, ReadNames, figure_end, figure_start
from .timeline import comparison_start


def distribute(
    ctx: Context,
    clause: tuple[int, int],
    assigned: dict[int, Metric],
    run_gap: dict[int, int],
    runs: list[list[Metric]],
    orphans: dict[int, tuple[int, int]],
) -> None:
    """Pair the figures after each 分别 in `clause` with the metrics listed before it; a 分别 with no list of
    its own takes the previous run's (分别达到45230元和20135元,分别增长5.1%和7.2%); one that opens its clause
    with no run before is an orphan, which the statements before it may take (stated_list)."""
    r = compiled_rules()
    norm = ctx.doc.norm
    for cue in r.distribute.finditer(norm, clause[0], clause[1]):
        run = [i for i, q in enumerate(ctx.quantities) if cue.end() <= q.start < clause[1]]
        if not run:
            continue
        # the run: consecutive figures joined only by separators
        figures = [run[0]]
        for i in run[1:]:
            between = norm[figure_end(ctx.quantities[figures[-1]]) : figure_start(ctx.quantities[i])]
            if residue(r.separators.sub("", between)) > 0:
                break
            figures.append(i)
        before = [q for q in ctx.quantities if figure_end(q) <= cue.start() and q.start >= clause[0]]
        start = figure_end(before[-1]) if before else clause[0]
        stop = cue.start()
        for p, _, _ in ctx.time.marks:  # 死亡人数较“十三五”同期分别下降: the base of the comparison is no metric
            marker = comparison_start(norm, p)
            if marker is not None and start <= marker < stop:
                stop = marker
        metrics = _metric_list(norm, ctx.lexicon, start, stop, ctx.names)
        if metrics is None and runs and residue(norm[start:stop]) == 0:
            metrics = runs[-1]
        elif metrics is None and start == clause[0] and residue(norm[start:stop]) == 0:
            for k, i in enumerate(figures):
                orphans[i] = (k, len(figures))
                run_gap[i] = stop
        if metrics is None or len(metrics) != len(figures):
            continue
        runs.append(metrics)
        # the verbs start where this run's own list ends (城乡居民人均可支配收入|年均分别增长), or at 分别
        verbs = max(m.end for m in metrics) if all(start <= m.start for m in metrics) else stop
        for i, metric in zip(figures, metrics, strict=True):
            assigned[i] = metric
            run_gap[i] = verbs


def _metric_list(
    norm: str, lexicon: SentenceLexicon, start: int, end: int, seen: ReadNames
) -> list[Metric] | None:
    """The metrics listed before 分别: 固定资产投资、社会消费品零售总额 / 城镇、农村常住居民人均可支配收入."""
    r = compiled_rules()
    end = strip_tail(r, norm, start, end)
    whole = lexicon.last(start, end)
    if whole is not None and whole.end == end and r.surfaces[whole.surface].entry.parts:
        entry = r.surfaces[whole.surface].entry
        return [Metric(r.by_id[p].name, p, whole.start, whole.end) for p in entry.parts]
    items: list[tuple[int, int]] = []
    cursor = start
    for sep in r.separators.finditer(norm, start, end):
        items.append((cursor, sep.start()))
        cursor = sep.end()
    items.append((cursor, end))
    last = lexicon_metric(r, norm, lexicon, items[-1][0], items[-1][1], seen) or unknown_metric(
        r, norm, items[-1][0], items[-1][1], relaxed=True, seen=seen
    )
    if last is None:
        return None
    if len(items) == 1:
        return [last]
    # the first item may carry words before the list (今年全区城镇、农村…): keep its last noun phrase
    first = unknown_metric(r, norm, items[0][0], items[0][1], relaxed=True, need_head=False, seen=seen)
    if first is not None:
        items[0] = (first.start, first.end)
    out: list[Metric] = []
    last_text = norm[last.start : last.end]
    for a, b in items[:-1]:
        item = norm[a:b].strip()
        if not item:
            return None
        full = r.surfaces.get(item)
        if full is not None:
            out.append(Metric(full.entry.name, full.entry.id, a, b, full.growth))
            continue
        # a modifier parallel to the last item's first one: 城镇 + (农村)常住居民人均可支配收入
        completed = None
        cuts = {len(item)}
        first_word = words.cut(last_text)[:1]
        if first_word:
            cuts.add(len(first_word[0]))
        for k in sorted(cuts):
            candidate = item + last_text[k:]
            if candidate in r.surfaces:
                s = r.surfaces[candidate]
                completed = Metric(s.entry.name, s.entry.id, a, b, s.growth)
                break
        if completed is None:
            # parallel nouns sharing the last item's head: 汽车用锂电池、太阳能电池、工业机器人产量
            head = r.heads.ending(last_text)
            shared = last_text[head[0] :] if head and not r.heads.ending(item) else ""
            if len(shared) == 1 or (not shared and not r.heads.ending(item)):
                shared = words.cut(last_text)[-1]  # the last word (余额, 业务量) is what the items share
                if shared == last_text and len(item) < len(shared):
                    shared = shared[len(item) :]  # one word: the item stands for its first characters (刑事、治安案件)
            if item.endswith(shared):
                shared = ""
            completed = Metric(strip_region(r, item + shared), None, a, b)
        out.append(completed)
    if last.id is None and out and out[0].id is None:
        last = _with_qualifier(out[0], last)
    out.append(last)
    return out


def _with_qualifier(first: Metric, last: Metric) -> Metric:
    """The last item of a list, named with the first item's qualifier when it has none of its own: 生产安全事故
    起数、死亡人数 -> 生产安全事故死亡人数 (a bare 死亡人数 would say nothing of what died)."""
    r = compiled_rules()
    head = r.heads.ending(first.name)
    if head is None or head[0] == 0 or r.heads.ending(last.name) is None:
        return last
    qualifier = "".join(words.cut(first.name)[:-1])  # 生产|安全事故|起数 -> 生产安全事故
    if not qualifier or last.name.startswith(qualifier) or len(last.name) > GENERIC_MAX:
        return last
    return replace(last, name=qualifier + last.name)
