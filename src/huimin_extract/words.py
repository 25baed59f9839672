"""Word edges from jieba, loaded lazily once per process, with the user dictionaries in rules/.

jieba runs only on the short clauses where a rule needs word boundaries (a metric's or a project's
left edge), never over the whole report: that keeps the pipeline faster than `jieba.lcut` on the text.
Every `rules/userdict*.txt` is loaded (one word a line: `word [freq] [tag]`).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # jieba is imported on first use only: `huimin --help` must not pay for it
    import jieba


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    rules = resources.files("huimin_extract.rules")
    for entry in sorted(rules.iterdir(), key=lambda e: e.name):
        if entry.name.startswith("userdict") and entry.name.endswith(".txt"):
            with resources.as_file(entry) as path:
                tok.load_userdict(str(path))
    return tok


def cut(clause: str) -> list[str]:
    """Words of a short clause (precise mode, no HMM, so the result depends on the dictionaries only)."""
    return tokenizer().lcut(clause, HMM=False)
