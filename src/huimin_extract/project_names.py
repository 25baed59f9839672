"""What makes a list member a project's name: the head it ends in, and whether it is specific (a name, not a
description, a kind, a programme or a role), read off the rule words of rules/projects.yaml.
"""

from __future__ import annotations

import regex

from .project_rules import Compiled, compiled_rules  # noqa: F401 (compiled_rules: for the doctests)
from .words import cut

_SLOGAN = regex.compile(r"“[^”]{1,12}”")


def head_start(name: str, rc: Compiled) -> int | None:
    """Where the head the name ends in starts (项目, 产业园, 四十中's 中), unless it ends in a look-alike
    (阶段, 手段); None when it has none."""
    if rc.not_heads.ending(name) is not None:
        return None
    head = rc.heads.ending(name)
    start = head[0] if head is not None else None
    for numbered in rc.numbered_heads.endings(name):
        if numbered > 0 and name[numbered - 1] in rc.data.heads.numerals:  # 四十中, not 集中
            return numbered if start is None else min(start, numbered)
    return start


def common(word: str, rc: Compiled) -> bool:
    """A word that says a field, a kind or a level (能源, 重点, 基地型, 战略性), no name."""
    return word in rc.common_ends.words or (len(word) > 1 and word[-1] in rc.data.generic.kind_suffixes)


def joined_ok(name: str, rc: Compiled) -> bool:
    """A name joined by 和/与/及 is one name (京杭运河与小清河航道连通工程, 中创新航动力电池及储能), not two
    things of which the first is a programme or the second a mere kind (票根经济和数字文旅项目,
    内生项目增资扩产和重大外资项目, 省属高校“双一流”和交叉学科中心).
    """
    joins = list(rc.joining.finditer(name))
    if not joins:
        return True
    last = joins[-1]
    left, right = name[: last.start()], name[last.end() :]
    if rc.strong_word.search(left) or left[-1:] in '”’"':
        return False
    if specific(right, rc):
        return True
    return not (rc.programme.search(left) or rc.generic.starting(left) or covered(left, rc))


def names_works(name: str, rc: Compiled) -> bool:
    """Whether a 工程 name names physical works (水库, 铁路, 电网 …: rules context.works_words), as a programme
    (规上工业企业倍增工程, 黄梅戏曲本典藏工程) does not. Only asked when nothing but a verb before it
    (推进, 启动) says the 工程 is being built.
    """
    return rc.works.search(name) is not None


def covered(text: str, rc: Compiled) -> bool:
    """Whether `text` is made entirely of common, level and generic words (算力基础设施, 文旅大数据).

    This reads the words off the rule lists, so it does not depend on how jieba cuts `文旅` or `算力`.

    >>> covered("文旅大数据", compiled_rules()), covered("乌素图河道", compiled_rules())
    (True, False)
    """
    n = len(text)
    if n == 0:
        return False
    ok = [True] + [False] * n  # ok[i]: text[:i] is covered
    for i in range(n):
        if not ok[i]:
            continue
        for j in range(i + 1, min(n, i + rc.longest_common) + 1):
            if not ok[j] and common(text[i:j], rc):  # a place already covered needs no second word
                ok[j] = True
    return ok[n]


def facility_named(name: str, rc: Compiled) -> bool:
    """A facility by its name, not by its kind: the first word is no common word, and a role such as
    配置中心 or 开放枢纽 (a city's function) is no facility.

    >>> facility_named("横沙新洲现代农业产业园", compiled_rules()), facility_named("高端食品生产基地", compiled_rules())
    (True, False)
    """
    head = head_start(name, rc)
    core = name[:head] if head is not None else name
    if rc.role.search(core):
        return False
    words = [w for w in cut(core) if w.strip()]
    if len(words) == 1 and words[0] in rc.data.generic.admin:
        return True
    return bool(words) and not common(words[0], rc)


def specific(name: str, rc: Compiled) -> bool:
    """A name, not a description: no count (5个…项目), no generic start (城市…, 重点…), more than its head.

    >>> specific("乌素图河道整治工程", compiled_rules()), specific("城市共同配送工程", compiled_rules())
    (True, False)
    >>> specific("重点项目", compiled_rules()), specific("5个重点产业扶贫项目", compiled_rules())
    (False, False)
    """
    if rc.unnamed.search(name) or rc.generic.starting(name):
        return False
    if len(name) < 3 and not rc.numbered.search(name):
        return False  # 储能, 中船: too short to tell a name from a word (but 六幼)
    head = head_start(name, rc)
    core = name[:head] if head is not None else name
    # “尖刀”技术攻关工程, 算力“四网融合”工程: a slogan in quotes says a programme, the rest is what counts
    unquoted = _SLOGAN.sub(" ", core).strip()
    # jieba's words are needed only when the core may be one admin word or may end in a common word
    # (every word common then needs its last one common); most cores are neither, and skip the cut
    if (
        unquoted in rc.data.generic.admin
        or (unquoted and unquoted[-1] in rc.data.generic.kind_suffixes)
        or rc.common_ends.ending(unquoted) is not None
    ):
        words = [w for w in cut(unquoted) if w.strip()]
    else:
        words = []
    if len(words) == 1 and words[0] in rc.data.generic.admin and not rc.strong_head.search(name):
        return True  # 省美术馆, 市图书馆: the province's or the city's own
    if (words and all(common(w, rc) for w in words)) or covered(_SLOGAN.sub("", core), rc):
        return False  # 省重大项目, 算力基础设施项目, 新材料: only level and common words before the head
    if rc.programme.search(core) or (core[-1:] and core[-1] in rc.data.generic.kind_suffixes):
        return False  # 文艺精品工程 (a programme), 链主型项目 (a kind)
    if len(core) < 2 and not (rc.numbered.search(name) or core in rc.data.generic.admin):
        return False  # 中小学: 中 is no name
    if core[:1] in '“‘"' and core[-1:] in '”’"':
        return False  # “东数西算”工程: a slogan in quotes names a programme
    return any(ch.isalnum() for ch in core)
