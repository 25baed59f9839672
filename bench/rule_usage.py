"""Which rule words change any output: an audit of rules/cues.yaml and the aliases of rules/metrics.yaml over the
bundled texts, written to bench/RULE_USAGE.md.

Not a test: it is run by hand when the rule lists are pruned (issue 17: "words that change no output on any text
removed"), in one process: about 50 minutes on a shared 2-core machine (the common words run over most texts):

    nice -n 10 .venv/bin/python bench/rule_usage.py                       # every list; writes bench/RULE_USAGE.md
    .venv/bin/python bench/rule_usage.py --only cues.yaml:milestones       # lists whose path starts so; prints
    .venv/bin/python bench/rule_usage.py --only metrics.yaml --out x.md    # the metric aliases, into x.md

A *word* is an item of a list of cues.yaml (every list, nested ones as `measure.growth`), a key of a mapping of
words (`cumulative_years`), or an alias or growth alias of a metric of metrics.yaml (`metrics.gdp.aliases`). For
each, the audit extracts the bundled texts (data/raw/) with that one word taken out of its list, exactly as if a
newcomer had deleted it from the YAML file, and compares every dataset with the one the shipped rules give. A word
that changes any dataset is *used*: the report gives how many texts and records change and one example sentence.
A word that changes none is *idle*: present in some text but deciding nothing there, or *absent* from every text.

What keeps it affordable: a rule word can only act on a text that holds it, so a word is ablated only over the
texts whose text or matching copy (`norm`) contains it, or whose quantities have it as unit or dimension (the
lists compared with those: `thing_units`, `counted_dimensions`); a word in no text is absent without any run.
The rules are swapped in-process: `rules.read_text` returns the edited file for the one rule file ablated and
every rule cache of the package is cleared (jieba's dictionary stays loaded), so the whole corpus is one process.
Two checks guard the method and are printed: the shipped rules re-read through the same path give every dataset
byte for byte, and all idle and absent words of a rule file taken out together change no dataset either (words
that only act together would show there).
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
FILES = ("cues.yaml", "metrics.yaml")
METRIC_LISTS = ("aliases", "growth_aliases")
KEEP_CACHES = ("huimin_extract.words",)  # jieba's dictionary: no rule file ablated here feeds it


@dataclass
class Text:
    name: str  # path under data/raw/
    decoded: Any
    norm: str
    values: set[str]  # units and dimensions of its quantities
    baseline: str  # its dataset as JSON under the shipped rules


@dataclass
class Word:
    file: str
    path: str  # the list, as `measure.growth` or `metrics.gdp.aliases`
    word: str
    texts: int = 0  # texts that hold it
    changed: list[str] = field(default_factory=list)  # texts whose dataset changes without it
    records: int = 0  # records added, removed or changed (once) over them
    example: str = ""

    @property
    def status(self) -> str:
        return "used" if self.changed else "idle" if self.texts else "absent"


# --- the rule files, as data to edit ------------------------------------------------------------------------


def shipped(name: str) -> Any:
    from huimin_extract import rules

    return yaml.load(rules.read_text(name), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def words_of(name: str, data: Any) -> Iterator[tuple[str, str]]:
    """(list path, word) of every word of rule file `name` that the audit takes out one at a time."""
    if name == "metrics.yaml":
        for metric in data["metrics"]:
            for key in METRIC_LISTS:
                for word in metric.get(key) or []:
                    yield f"metrics.{metric['id']}.{key}", word
        return

    def walk(node: Any, path: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, list) and all(isinstance(w, str) for w in node):
            yield from ((path, w) for w in node)
        elif isinstance(node, dict) and node and all(not isinstance(v, (dict, list)) for v in node.values()):
            yield from ((path, str(k)) for k in node)  # a mapping of words (cumulative_years: {三年: 3})
        elif isinstance(node, dict):
            for key, value in node.items():
                yield from walk(value, f"{path}.{key}" if path else str(key))

    yield from walk(data, "")


def without(name: str, data: Any, path: str, words: set[str]) -> Any:
    """A copy of rule file `name`'s data with `words` taken out of the list (or mapping) at `path`."""
    data = copy.deepcopy(data)
    if name == "metrics.yaml":
        _, metric_id, key = path.split(".")
        metric = next(m for m in data["metrics"] if m["id"] == metric_id)
        metric[key] = [w for w in metric[key] if w not in words]
        return data
    *parents, last = path.split(".")
    node = data
    for key in parents:
        node = node[key]
    value = node[last]
    node[last] = {k: v for k, v in value.items() if str(k) not in words} if isinstance(value, dict) else [
        w for w in value if w not in words
    ]
    return data


# --- extraction under edited rules -----------------------------------------------------------------------------


class Rules:
    """The rule files as read by the package, with one of them replaced by edited data."""

    def __init__(self) -> None:
        from huimin_extract import rules

        self._rules = rules
        self._read_text = rules.read_text
        self._edited: dict[str, str] = {}
        rules.read_text = self._text  # every stage loads its rule files through rules.load -> read_text

    def _text(self, name: str) -> str:
        return self._edited[name] if name in self._edited else self._read_text(name)

    def use(self, name: str | None = None, data: Any = None) -> None:
        """Extract from now on with rule file `name` replaced by `data` (None: the shipped files)."""
        self._edited = {} if name is None else {name: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)}
        for module_name, module in list(sys.modules.items()):
            if not module_name.startswith("huimin_extract") or module_name.startswith(KEEP_CACHES):
                continue
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", None) == module_name:
                    value.cache_clear()


def extract(text: Text) -> str:
    from huimin_extract.pipeline import extract_decoded
    from huimin_extract.writers import to_json

    return to_json(extract_decoded(text.decoded, name=Path(text.name).name))


def load_texts() -> list[Text]:
    from huimin_extract.normalise import normalise
    from huimin_extract.reading import read_report

    texts = []
    for path in sorted(RAW.rglob("*.txt")):
        decoded = read_report(str(path))
        text = Text(str(path.relative_to(RAW)), decoded, normalise(decoded.text), set(), "")
        text.baseline = extract(text)
        data = json.loads(text.baseline)
        text.values = {q[k] for q in data["quantities"] for k in ("unit", "dimension") if q.get(k)}
        texts.append(text)
    return texts


def holds(text: Text, word: str) -> bool:
    return word in text.norm or word in text.decoded.text or word in text.values


# --- what changed ----------------------------------------------------------------------------------------------


def _records(data: dict[str, Any]) -> Counter[str]:
    """Every record of a dataset as a comparable string, ids left out (they renumber when one record goes)."""
    out: Counter[str] = Counter()
    for key, value in data.items():
        if isinstance(value, list) and value and isinstance(value[0], dict) and "start" in value[0]:
            for r in value:
                kept = {k: v for k, v in r.items() if k != "id" and not (k.endswith("_id") and k != "metric_id")}
                out[f"{key}\t{json.dumps(kept, ensure_ascii=False, sort_keys=True)}"] += 1
        elif key not in ("source", "tool_version", "schema_version"):
            out[f"{key}\t{json.dumps(value, ensure_ascii=False, sort_keys=True)}"] += 1
    return out


def difference(before: str, after: str, name: str) -> tuple[int, str]:
    """How many records differ between two datasets of text `name`, and the first as one line with its sentence."""
    old, new = json.loads(before), json.loads(after)
    a, b = _records(old), _records(new)
    gone, came = list((a - b).elements()), list((b - a).elements())
    if not gone and not came:
        return 0, ""

    def parse(line: str) -> tuple[str, dict[str, Any]]:
        key, body = line.split("\t", 1)
        record = json.loads(body)
        return key, record if isinstance(record, dict) else {"value": record}

    changes = [("-", *parse(x)) for x in gone] + [("+", *parse(x)) for x in came]
    changes.sort(key=lambda c: (c[2].get("start", -1), c[1], c[0] == "+"))
    spans = Counter((c[0], c[1], c[2].get("start"), c[2].get("end")) for c in changes)
    paired = sum(min(n, spans[("+", *key[1:])]) for key, n in spans.items() if key[0] == "-")
    sign, key, record = changes[0]
    twin = next((c for c in changes[1:] if c[1] == key and c[2].get("start") == record.get("start")
                 and c[2].get("end") == record.get("end") and c[0] != sign), None)  # fmt: skip
    what = _describe(key, record)
    if twin is not None:
        fields = sorted(k for k in record.keys() | twin[2].keys() if record.get(k) != twin[2].get(k))
        shown = ", ".join(f"{k} {_short(record.get(k))}→{_short(twin[2].get(k))}" for k in fields[:3])
        what = f"{what}: {shown}"
    else:
        what = f"{'lost' if sign == '-' else 'new'} {what}"
    sentence = _sentence(old, record.get("start"))
    return len(changes) - paired, f"{name}: {what} · 「{sentence}」"  # a record changed in place counts once


def _describe(key: str, record: dict[str, Any]) -> str:
    if key == "indicators":
        return f"indicator {record.get('metric')} {record.get('text')!r}"
    if key == "projects":
        return f"project {record.get('name')}"
    return f"{key.rstrip('s')} {_short(record.get('text', record.get('value')))}"


def _short(value: Any, width: int = 24) -> str:
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _sentence(data: dict[str, Any], start: int | None, width: int = 90) -> str:
    sentences = data.get("sentences") or []
    if start is None or not sentences:
        return ""
    i = max(0, bisect_right([s["start"] for s in sentences], start) - 1)
    text = " ".join(sentences[i]["text"].split())
    return text if len(text) <= width else text[: width - 1] + "…"


# --- the audit -------------------------------------------------------------------------------------------------


def audit(texts: list[Text], rules: Rules, only: str | None) -> tuple[list[Word], list[str]]:
    words: list[Word] = []
    checks: list[str] = []
    rules.use()
    same = sum(extract(t) == t.baseline for t in texts)
    checks.append(f"the shipped rules re-read through the edit path: {same} of {len(texts)} datasets identical")
    if same != len(texts):
        raise SystemExit("the edit path does not reproduce the shipped datasets: the audit would be wrong")
    for name in FILES:
        data = shipped(name)
        todo = [Word(name, path, w) for path, w in words_of(name, data)]
        todo = [w for w in todo if only is None or f"{name}:{w.path}".startswith(only)]
        started = time.perf_counter()
        for n, entry in enumerate(todo, 1):
            held = [t for t in texts if holds(t, entry.word)]
            entry.texts = len(held)
            if held:
                rules.use(name, without(name, data, entry.path, {entry.word}))
                for t in held:
                    count, example = difference(t.baseline, extract(t), t.name)
                    if count:
                        entry.changed.append(t.name)
                        entry.records += count
                        entry.example = entry.example or example
            words.append(entry)
            print(f"\r{name} {n}/{len(todo)} {time.perf_counter() - started:.0f}s {entry.path} {entry.word}"
                  f" {entry.status}            ", end="", file=sys.stderr, flush=True)  # fmt: skip
        print(file=sys.stderr)
        idle = [w for w in todo if w.status != "used"]
        if idle:
            edited = data
            for path in sorted({w.path for w in idle}):
                edited = without(name, edited, path, {w.word for w in idle if w.path == path})
            rules.use(name, edited)
            changed = [t.name for t in texts if extract(t) != t.baseline]
            checks.append(
                f"{name}: its {len(idle)} idle and absent words taken out together change "
                + (f"{len(changed)} dataset(s): {', '.join(changed[:5])}" if changed else "no dataset")
            )
    rules.use()
    return words, checks


def report(words: list[Word], checks: list[str], texts: int, seconds: float, command: str) -> str:
    lines = [
        "# Rule words that change no output",
        "",
        f"Made by `{command}` (bench/rule_usage.py: what it does and why it can be trusted is in its docstring), over",
        f"the {texts} bundled texts of data/raw/, in {seconds / 60:.0f} minutes. Each word was taken out of its list",
        "alone. *used*: some dataset changes; *idle*: it is in some text but no dataset changes; *absent*: it is in",
        "no text. An idle or absent word may still be general vocabulary a report not bundled needs: this is a list",
        "to decide on, not a list to delete. Idle alone is not idle together: a word is often idle because another",
        "list or a shorter word covers it (`flow` is matched with `count_verbs`; 年均增长 is 年均 and 增长), so the",
        "check below takes all of a file's idle words out at once.",
        "",
        "Checks: " + "; ".join(checks) + ".",
        "",
        "## Counts per list",
        "",
        "| file | list | words | used | idle | absent |",
        "|---|---|---:|---:|---:|---:|",
    ]
    by_list: dict[tuple[str, str], list[Word]] = {}
    for w in words:
        key = (w.file, "metrics.*.aliases" if w.path.endswith(".aliases") else
               "metrics.*.growth_aliases" if w.path.endswith(".growth_aliases") else w.path)  # fmt: skip
        by_list.setdefault(key, []).append(w)
    total = Counter(w.status for w in words)
    for (file, path), group in by_list.items():
        c = Counter(w.status for w in group)
        lines.append(f"| {file} | `{path}` | {len(group)} | {c['used']} | {c['idle']} | {c['absent']} |")
    lines.append(f"| all | | {len(words)} | {total['used']} | {total['idle']} | {total['absent']} |")
    for status, title, note in (
        ("idle", "Idle words", "in some text, yet taking it out changes no dataset (texts that hold it)"),
        ("absent", "Absent words", "in no bundled text"),
    ):
        lines += ["", f"## {title}", "", f"Per list: {note}.", ""]
        for (file, path), group in by_list.items():
            chosen = [w for w in group if w.status == status]
            if not chosen:
                continue
            if path.startswith("metrics.*"):
                shown = ", ".join(f"{w.word} ({w.path.split('.')[1]}{f', {w.texts}' if status == 'idle' else ''})"
                                  for w in chosen)  # fmt: skip
            else:
                shown = ", ".join(w.word + (f" ({w.texts})" if status == "idle" else "") for w in chosen)
            lines.append(f"- {file} `{path}`: {shown}")
    lines += [
        "",
        "## Used words",
        "",
        "Texts and records that change when the word alone is taken out, and the first change with its sentence.",
        "A word that changes one record in one text is a candidate for a rule fitted to one sentence.",
        "",
        "| file | list | word | texts | records | first change |",
        "|---|---|---|---:|---:|---|",
    ]
    for w in sorted((w for w in words if w.status == "used"), key=lambda w: (w.file, w.path, w.records, w.word)):
        example = w.example.replace("|", "\\|")
        lines.append(f"| {w.file} | `{w.path}` | {w.word} | {len(w.changed)} | {w.records} | {example} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--only", help="audit only the lists whose FILE:PATH starts so (cues.yaml:measure)")
    parser.add_argument("--out", type=Path, help="write the report here (default: bench/RULE_USAGE.md, or stdout "
                        "with --only)")  # fmt: skip
    args = parser.parse_args()
    started = time.perf_counter()
    rules = Rules()
    texts = load_texts()
    words, checks = audit(texts, rules, args.only)
    command = "python bench/rule_usage.py" + (f" --only {args.only}" if args.only else "")
    page = report(words, checks, len(texts), time.perf_counter() - started, command)
    out = args.out or (None if args.only else ROOT / "bench" / "RULE_USAGE.md")
    if out is None:
        sys.stdout.write(page)
    else:
        out.write_text(page, encoding="utf-8")
        print(out, file=sys.stderr)
    for line in checks:
        print(line, file=sys.stderr)


if __name__ == "__main__":
    main()
