"""Word edges from jieba, loaded lazily once per process, with the user dictionaries in rules/.

jieba runs only on the short clauses where a rule needs word boundaries (a metric's or a project's
left edge), never over the whole report: that keeps the pipeline faster than `jieba.lcut` on the text.
Every `rules/userdict*.txt` is loaded (one word a line: `word [freq] [tag]`).

Loading jieba's whole prefix dictionary (half a million entries) costs a second and 100 MB per
process, yet a report's clauses look up only a small part of it. So the dictionary (jieba's own, with
the user dictionaries added by jieba itself) is written once to a disk cache split into buckets by
the first two characters of each entry, and a process loads only the buckets of the characters and
character pairs its clauses hold. Cutting a clause looks up only substrings of that clause (`get_DAG`,
`calc`), and every such substring lies in a loaded bucket, so the words are exactly those of the full
dictionary. (Buckets by first character alone would be cheaper to check but load 40 % of the
dictionary for one report, which a single run pays for.)
If the cache cannot be written, the full dictionary is used in memory.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import mmap
import os
import sys
import tempfile
from array import array
from functools import lru_cache
from importlib import resources
from math import log
from operator import add
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # jieba is imported on first use only: `huimin --help` must not pay for it
    import jieba

_FORMAT = b"huimin-jieba-buckets-3\n"
_RE_HAN: Any = None  # set with the classes (jieba is imported lazily)
_RE_SKIP: Any = None
_RE_ENG: Any = None
_BUCKETS = 1 << 16


def _import_jieba() -> Any:
    """jieba, imported without `pkg_resources`.

    jieba's `_compat` imports setuptools' `pkg_resources` (80 ms, most of jieba's import time) only to
    open its own data files, and opens them with plain `open` when that import fails; so the import is
    made to fail while jieba loads, and `pkg_resources` stays importable for anyone else.
    """
    if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # `import` raises ImportError
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]
    import jieba

    return jieba


def _bucket(key: str) -> int:
    """The bucket of a dictionary entry (or of a looked-up fragment): by its first two characters."""
    h = ord(key[0]) * 65599
    if len(key) > 1:
        h += ord(key[1])
    return h & (_BUCKETS - 1)


def _userdicts() -> list[tuple[str, bytes]]:
    out = []
    rules = resources.files("huimin_extract.rules")
    for entry in sorted(rules.iterdir(), key=lambda e: e.name):
        if entry.name.startswith("userdict") and entry.name.endswith(".txt"):
            out.append((entry.name, entry.read_bytes()))
    return out


def _cache_key() -> str:
    jieba = _import_jieba()

    h = hashlib.sha256(_FORMAT)
    h.update(jieba.__version__.encode())
    dict_path = os.path.join(os.path.dirname(os.path.abspath(jieba.__file__)), jieba.DEFAULT_DICT_NAME)
    st = os.stat(dict_path)
    h.update(f"{dict_path}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    for name, data in _userdicts():
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def _cache_dirs() -> list[Path]:
    """Where the dictionary cache may live: $HUIMIN_CACHE_DIR, else the user's cache, else the temp dir."""
    if os.environ.get("HUIMIN_CACHE_DIR"):
        return [Path(os.environ["HUIMIN_CACHE_DIR"])]
    xdg = os.environ.get("XDG_CACHE_HOME")
    user = Path(xdg) if xdg else Path.home() / ".cache"
    return [user / "huimin-extract", Path(tempfile.gettempdir()) / f"huimin-extract-{os.getuid() if hasattr(os, 'getuid') else 0}"]


def _write_cache(path: Path, key: str, freq: dict[str, int], total: int) -> None:
    buckets: list[dict[str, int]] = [{} for _ in range(_BUCKETS)]
    for word, f in freq.items():
        buckets[_bucket(word)][word] = f
    blobs = [marshal.dumps(b) if b else b"" for b in buckets]
    header = marshal.dumps((key, total))
    offsets = array("q", [0] * (_BUCKETS + 1))
    pos = 0
    for i, blob in enumerate(blobs):
        offsets[i] = pos
        pos += len(blob)
    offsets[_BUCKETS] = pos
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(_FORMAT)
            out.write(len(header).to_bytes(8, "little"))
            out.write(header)
            out.write(offsets.tobytes())
            for blob in blobs:
                out.write(blob)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


@lru_cache(maxsize=1)
def _classes() -> tuple[type, type]:
    jieba = _import_jieba()

    global _RE_HAN, _RE_SKIP, _RE_ENG
    # jieba's own block, skip and letter patterns
    _RE_HAN, _RE_SKIP, _RE_ENG = jieba.re_han_default, jieba.re_skip_default, jieba.re_eng

    class FastTokenizer(jieba.Tokenizer):
        """jieba's tokenizer with `words`: `lcut(sentence, HMM=False)` written with local lookups, the same
        arithmetic in the same order, so the same words in about half the time."""

        def _load(self, sentence: str) -> None:
            pass

        def get_DAG(self, sentence: str) -> dict[int, list[int]]:  # noqa: N802 (jieba's name)
            """jieba's own, after the dictionary buckets the sentence needs are loaded (any jieba entry
            point, such as `lcut`, then sees the same dictionary as `words`)."""
            self.check_initialized()
            self._load(sentence)
            return super().get_DAG(sentence)

        def words(self, sentence: str) -> list[str]:
            """`lcut(sentence, HMM=False)` in one function: the same blocks, dictionary path and
            buffering of single Latin letters and digits as jieba, without its generators."""
            self.check_initialized()
            self._load(sentence)
            out: list[str] = []
            append = out.append
            get = self.FREQ.get
            logtotal = log(self.total)
            for blk in _RE_HAN.split(sentence):
                if not blk:
                    continue
                if not _RE_HAN.match(blk):
                    for x in _RE_SKIP.split(blk):
                        if _RE_SKIP.match(x):
                            append(x)
                        else:
                            out.extend(x)
                    continue
                n = len(blk)
                prob: list[float] = [0.0] * (n + 1)
                prob[n] = 0  # jieba's route[N] = (0, 0)
                nxt = [0] * (n + 1)
                for idx in range(n - 1, -1, -1):
                    # jieba keeps max((logprob, end)) over the words starting here; ends grow in this loop,
                    # so a later word wins a tie, which is what `>=` does without building tuples
                    best_p = None
                    best_i = idx
                    i = idx
                    frag = blk[idx]
                    while i < n:
                        f = get(frag)
                        if f is None:
                            break
                        if f:
                            p = log(f) - logtotal + prob[i + 1]
                            if best_p is None or p >= best_p:
                                best_p, best_i = p, i
                        i += 1
                        frag = blk[idx : i + 1]
                    if best_p is None:
                        best_p = log(get(blk[idx]) or 1) - logtotal + prob[idx + 1]
                    prob[idx] = best_p
                    nxt[idx] = best_i
                x = 0
                buf = ""
                while x < n:
                    y = nxt[x] + 1
                    word = blk[x:y]
                    if y - x == 1 and _RE_ENG.match(word):
                        buf += word
                    else:
                        if buf:
                            append(buf)
                            buf = ""
                        append(word)
                    x = y
                if buf:
                    append(buf)
            return out

    class LazyTokenizer(FastTokenizer):
        """A tokenizer whose prefix dictionary is read bucket by bucket from the disk cache.

        Every cut (`get_DAG` is where each one starts) first loads the buckets of the sentence's
        characters and character pairs; jieba's own code then runs unchanged.
        """

        def __init__(self, path: Path, key: str) -> None:
            super().__init__()
            with open(path, "rb") as fh:
                self._mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            mm = self._mm
            if mm[: len(_FORMAT)] != _FORMAT:
                raise ValueError("not a dictionary cache")
            pos = len(_FORMAT)
            size = int.from_bytes(mm[pos : pos + 8], "little")
            pos += 8
            stored_key, total = marshal.loads(mm[pos : pos + size])
            if stored_key != key:
                raise ValueError("stale dictionary cache")
            pos += size
            self._offsets = array("q")
            self._offsets.frombytes(mm[pos : pos + 8 * (_BUCKETS + 1)])
            self._base = pos + 8 * (_BUCKETS + 1)
            if self._base + self._offsets[_BUCKETS] != len(mm):
                raise ValueError("truncated dictionary cache")
            self._loaded = bytearray(_BUCKETS)
            self._seen: set[str] = set()  # characters and pairs whose buckets are loaded
            self.FREQ = {}
            self.total = total
            self.initialized = True

        def _load(self, sentence: str) -> None:
            seen = self._seen
            if seen.issuperset(sentence) and seen.issuperset(map(add, sentence, sentence[1:])):
                return  # all loaded: the common case once a process has cut a few reports
            new = set(sentence)
            new.update(map(add, sentence, sentence[1:]))  # the pairs, without a slice each
            new -= seen
            if not new:
                return
            self._seen |= new
            loaded, offsets, base, mm, freq = self._loaded, self._offsets, self._base, self._mm, self.FREQ
            for b in sorted({_bucket(frag) for frag in new}):
                if loaded[b]:
                    continue
                loaded[b] = 1
                start, end = offsets[b], offsets[b + 1]
                if end > start:
                    freq.update(marshal.loads(mm[base + start : base + end]))

    return FastTokenizer, LazyTokenizer


def _full_tokenizer() -> jieba.Tokenizer:
    """jieba's tokenizer with its whole dictionary and the user dictionaries (the reference)."""
    jieba = _import_jieba()

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    rules = resources.files("huimin_extract.rules")
    for entry in sorted(rules.iterdir(), key=lambda e: e.name):
        if entry.name.startswith("userdict") and entry.name.endswith(".txt"):
            with resources.as_file(entry) as path:
                tok.load_userdict(str(path))
    return tok


def _fast_full_tokenizer(full: jieba.Tokenizer | None = None) -> jieba.Tokenizer:
    """The fast tokenizer over the whole dictionary in memory (no disk cache)."""
    full = full or _full_tokenizer()
    fast = _classes()[0]()
    fast.FREQ, fast.total, fast.initialized = full.FREQ, full.total, True
    return fast


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """The process's tokenizer: lazy over the disk cache when there is one (built on first use)."""
    jieba = _import_jieba()

    jieba.setLogLevel(logging.WARNING)
    cls = _classes()[1]
    try:
        key = _cache_key()
        paths = [d / f"jieba-{key[:24]}.bin" for d in _cache_dirs()]
    except (OSError, RuntimeError):
        return _fast_full_tokenizer()
    for path in paths:
        try:
            return cls(path, key)
        except (OSError, ValueError, EOFError, TypeError):
            pass
    full = _full_tokenizer()
    for path in paths:
        try:
            _write_cache(path, key, full.FREQ, full.total)
            return cls(path, key)
        except (OSError, ValueError, EOFError, TypeError):
            continue
    return _fast_full_tokenizer(full)  # no writable cache: the whole dictionary in memory, same words


def runs(text: str) -> list[tuple[int, int]]:
    """The spans of `text` that jieba cuts each on its own: runs of Han characters, Latin letters, digits
    and `+#&._%-`. Every other character is a word by itself (but `\r\n`, one word), so a word edge lies
    on each side of it, and the words of a run do not depend on what stands outside it."""
    _classes()
    return [m.span() for m in _RE_HAN.finditer(text)]


@lru_cache(maxsize=4096)
def _cut(clause: str) -> tuple[str, ...]:
    return tuple(tokenizer().words(clause))


def cut(clause: str) -> list[str]:
    """Words of a short clause (precise mode, no HMM, so the result depends on the dictionaries only)."""
    return list(_cut(clause))
