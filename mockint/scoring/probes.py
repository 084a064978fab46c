"""Choosing follow-up probes from what the answer lacked (pure core)."""

from __future__ import annotations

from dataclasses import dataclass

from mockint.scoring.report import Report
from mockint.library.scenario import Probe, Scenario
from mockint.library.signals import SignalBook, load_signals


@dataclass(frozen=True)
class ProbeChoice:
    probe: Probe
    reason: str  # what the answer lacked, in words a candidate understands
    need: float  # how much the answer needs this probe (higher first)


def choose_probes(report: Report, scenario: Scenario, max_probes: int = 3, book: SignalBook | None = None) -> list[ProbeChoice]:
    """The scenario's probes whose triggers match gaps in the answer, most needed first (1 to max_probes).

    A trigger is a signal id (it fires when the signal was not heard) or a flag code (it fires when the
    flag was raised). When the answer lacked nothing a probe covers, the first probe is still asked, as
    an interviewer would, to test depth.
    """
    book = book or load_signals()
    heard = {s.id: s.found for sec in report.sections for s in sec.signals}
    flags = {f.code: f for f in report.flags}
    choices = []
    for probe in scenario.probes:
        need, why = 0.0, []
        for trig in probe.triggers:
            if trig in flags:
                need += 1.5
                why.append(_flag_reason(trig, flags[trig].section))
            elif trig in heard and not heard[trig]:
                sig = book.signal(trig)
                need += sig.weight if sig else 1.0
                why.append(f"no {sig.label.lower() if sig else trig.replace('_', ' ')} in your answer")
        if need > 0:
            choices.append(ProbeChoice(probe, "; ".join(dict.fromkeys(why)), need))
    choices.sort(key=lambda c: -c.need)
    if not choices and scenario.probes:
        choices = [ProbeChoice(scenario.probes[0], "your answer covered the rubric: a probe for depth", 0.0)]
    return choices[:max_probes]


def _flag_reason(code: str, section: str | None) -> str:
    where = f" in the {section}" if section else ""
    return {
        "escalation": "the answer escalated rather than owned",
        "we_language": "'we' hid your own contribution",
        "missing_scope_boundary": "no scope boundary was stated",
        "no_quantified_result": "the result had no numbers",
        "generic_reflection": "the reflection was generic",
        "missing_section": f"a section was missing{where}",
    }.get(code, code.replace("_", " ") + where)
