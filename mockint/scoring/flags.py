"""Red flags of one answer, read in context: the scenario library's red-flag patterns, 'we' language, a
hand-off, a platitude as the lesson, an outcome without a number, no scope boundary (pure core).
"""

from __future__ import annotations

from mockint.library.schema import SECTION_ORDER
from mockint.scoring.answer import WE, Answer, find_in, quote_match, scope_required
from mockint.scoring.handoff import drove_it, handed_back
from mockint.scoring.report import Flag, SignalHit


def red_flags(ans: Answer, ev, found: dict[str, SignalHit]) -> list[Flag]:
    """Every red flag of the answer, each quoting the words behind it when there are some."""
    return _we_flag(ans, ev, found) + _library_flags(ans, ev) + _missing_flags(ans, ev, found)


def _flag(code: str, section: str | None, message: str, quote=None) -> Flag:
    """A flag quoting an evidence `Quote` (text, start), or unquoted."""
    if quote is None:
        return Flag(code=code, section=section, message=message)
    return Flag(code=code, section=section, message=f'"{quote.text}": {message}', quote=quote.text, start=quote.start)


def _library_flags(ans: Answer, ev) -> list[Flag]:
    """The red-flag patterns of data/signals.toml read in context, a hand-off, a platitude as the lesson."""
    flags = []
    for rf in ans.book.red_flags:
        if rf.code == "generic_reflection":
            continue  # read from the evidence: a platitude offered as the lesson
        ms = find_in(rf.regexes, ans.full, red_flag=True)
        if rf.code == "escalation":  # routed, then drove it anyway ("... then wrote the change myself"), or it came back
            ms = [m for m in ms if not _taken_back(ans.full, m)]
        if ms:
            quote, start, end = quote_match(ms[0], ans.full)
            where = ans.section_at(ans.full.word_index(ms[0].start()))
            flags.append(Flag(code=rf.code, section=where, message=f'"{quote}": {rf.message}', quote=quote, start=start, end=end))
    message = {rf.code: rf.message for rf in ans.book.red_flags}
    if ev.handoff and not any(f.code == "escalation" for f in flags):
        q = ev.quotes["handoff"]
        flags.append(_flag("escalation", ans.section_at(q.word), message["escalation"], q))
    if ev.platitude:
        q = ev.quotes.get("platitude")
        flags.append(_flag("generic_reflection", ans.section_at(q.word) if q else "reflection", message["generic_reflection"], q))
    return flags


def _taken_back(text, m) -> bool:
    """After the routing words, the candidate drove it anyway, or it was handed back to them to drive."""
    after = text.sentence_end(m.end(), 1)
    return drove_it(text.text, m.end(), after) or handed_back(text.text, m.end(), after)


def _missing_flags(ans: Answer, ev, found: dict[str, SignalHit]) -> list[Flag]:
    """What a strong answer has and this one lacks: a number in the outcome, the scope boundary, ..."""
    flags = []
    if not found["quantified_result"].found:
        sig = ans.book.signal("quantified_result")
        message = sig.missing_message if "result" in ans.texts else "There is no Result: end with what changed, in numbers."
        flags.append(_flag("no_quantified_result", "result", message, ev.quotes.get("vague_outcome")))
    if scope_required(ans.scenario, ans.book) and not ev.scope and not found["scope_boundary"].found:
        flags.append(_flag("missing_scope_boundary", "task", ans.book.signal("scope_boundary").missing_message))
    for sig in ans.book.signals:
        if sig.id == "follow_through" and ev.outcome_number:
            continue  # a measured outcome shows it shipped
        wanted = sig.missing_flag in ("no_customer_impact", "no_follow_through") and sig.applies_to(ans.scenario.principles)
        if wanted and not found[sig.id].found:
            flags.append(_flag(sig.missing_flag, sig.sections[0], sig.missing_message or sig.label))
    return flags


def _we_flag(ans: Answer, ev, found: dict[str, SignalHit]) -> list[Flag]:
    """'We' where the actions should be 'I': more 'we' / 'the team' action clauses than 'I' ones."""
    if not (ev.action_we >= 3 and ev.action_we > ev.action_i or ev.action_we >= 2 and ev.action_we > 2 * ev.action_i):
        return []
    ms = list(WE.finditer(ans.full.text))[:3]
    quotes = "; ".join(f'"{quote_match(m, ans.full, pad=2)[0]}"' for m in ms)
    q0, s0, e0 = quote_match(ms[0], ans.full, pad=2) if ms else (None, None, None)
    found["first_person_actions"] = found["first_person_actions"].model_copy(update={"found": False})
    return [
        Flag(
            code="we_language",
            section="action" if "action" in ans.texts else None,
            message=f"You told {ev.action_we} actions with 'we' or 'the team' and {ev.action_i} with 'I' ({quotes}): say what you did, with 'I'.",
            quote=q0,
            start=s0,
            end=e0,
        )
    ]


def order_flags(flags: list[Flag]) -> list[Flag]:
    order = {k: i for i, k in enumerate((None, *SECTION_ORDER))}
    return sorted(flags, key=lambda f: order.get(f.section, 0))
