"""Counts of the people or firms something was done for: `为270名退役军人解决就业`, `为138万残疾人发放生活补贴`.

The clause opens with 为, the figure and who it counts follow, then what was done for them (a count verb
starts it). The figure counts those people, named as the convention for counts that open their clause names
them: what happened to them, 的, who (`发放生活补贴和护理补贴的残疾人`). 为 inside a clause is something
else (`增速为5%`: a level's verb), and so is a clause where more figures follow (`为2万名老人提供1万张床位`:
the count of beds is the statement).
"""

from __future__ import annotations

from . import words
from .lexicon import Rules
from .models import Quantity
from .statements import ARABIC, ITEM_BREAKS

_LEADS = ("为",)  # the preposition that opens such a clause
_WHO_MAX = 10  # who is counted: a short noun phrase (退役军人, 困难群众)
_WHAT_MAX = 20  # what was done for them: a short verb phrase
_NOT_WHO = ("v", "d", "p")  # jieba's tags of a verb, an adverb, a preposition: what was done begins


def benefactive_count(
    r: Rules, norm: str, q: Quantity, lead: str, clause_end: int
) -> tuple[str, int, int] | None:
    """(name, start, end of who is counted) for figure `q` when `lead` (the text between the clause's start or the
    previous figure and `q`, fillers removed) is 为 and the clause goes on with who, then a count verb and what
    was done; else None."""
    if lead not in _LEADS or not ARABIC.search(q.text):
        return None
    if q.unit is not None and (q.unit not in r.thing_units or q.dimension != "count"):
        return None  # 为企业减负1000亿元: an amount, not a count of those it was for
    start = q.approx_end if q.approx_end is not None and q.approx_end > q.end else q.end
    text = norm[start:clause_end].rstrip(ITEM_BREAKS)
    if not text or any(ch in ITEM_BREAKS for ch in text) or ARABIC.search(text):
        return None
    tagged = words.tagged(text)
    if tagged[0][0] in r.edge_words or tagged[0][0] in r.count_verbs:
        return None  # 为1万人|提供…: the unit names who, nothing after the figure does
    length = 0
    for token, tag in tagged:
        if length and (token in r.count_verbs or tag[:1] in _NOT_WHO):
            break  # 为10323名低保困难老年人|免费实施…, 为80万重点群体|提供就业帮扶
        length += len(token)
    who, what = text[:length], text[length:]
    if not (2 <= len(who) <= _WHO_MAX) or not (2 <= len(what) <= _WHAT_MAX) or who.endswith("的"):
        return None
    return f"{what}的{who}", start, start + length
