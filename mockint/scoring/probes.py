"""Choosing follow-up probes from what the answer lacked (pure core): the scenario's own probes and the
questions that quote the candidate's words (`followups`), ranked together by what the answer needs most,
one question per gap."""

from __future__ import annotations

from dataclasses import dataclass

from mockint.library.schema import Probe, Scenario
from mockint.library.signals import SignalBook, load_signals
from mockint.scoring.followups import follow_ups, gap_of
from mockint.scoring.report import Report

# The gap a missing signal stands for, so one gap is asked about once (a scenario probe or a follow-up).
_GAP = {
    "quantified_result": "no_quantified_result",
    "metric_delta": "no_quantified_result",
    "scope_boundary": "missing_scope_boundary",
    "first_person_actions": "we_language",
    "systemic_reflection": "generic_reflection",
}


@dataclass(frozen=True)
class ProbeChoice:
    probe: Probe
    reason: str  # what the answer lacked, in words a candidate understands
    need: float  # how much the answer needs this probe (higher first)
    gaps: frozenset[str] = frozenset()  # the gaps it asks about


def choose_probes(report: Report, scenario: Scenario, max_probes: int = 3, book: SignalBook | None = None) -> list[ProbeChoice]:
    """The probes the answer needs most (1 to max_probes), never two on the same gap.

    Candidates: the scenario's probes whose triggers match gaps in the answer (a trigger is a signal id,
    which fires when the signal was not heard, or a flag code, which fires when the flag was raised), and
    the follow-ups that quote the candidate's own words (`followups.follow_ups`). When the answer lacked
    nothing, the scenario's first probe is still asked, as an interviewer would, to test depth.
    """
    candidates = _scenario_choices(report, scenario, book or load_signals())
    candidates += [ProbeChoice(f.probe, f.reason, f.need, frozenset({gap_of(f.probe.id)})) for f in follow_ups(report)]
    candidates.sort(key=lambda c: -c.need)
    chosen: list[ProbeChoice] = []
    asked: set[str] = set()
    for c in candidates:
        if c.gaps and c.gaps <= asked:
            continue
        chosen.append(c)
        asked |= c.gaps
        if len(chosen) == max_probes:
            break
    if not chosen and scenario.probes:
        chosen = [ProbeChoice(scenario.probes[0], "your answer covered the rubric: a probe for depth", 0.0)]
    return chosen


def _scenario_choices(report: Report, scenario: Scenario, book: SignalBook) -> list[ProbeChoice]:
    heard = {s.id: s.found for sec in report.sections for s in sec.signals}
    flags = {f.code: f for f in report.flags}
    choices = []
    for probe in scenario.probes:
        need, why, gaps = 0.0, [], set()
        for trig in probe.triggers:
            if trig in flags:
                need += 1.5
                why.append(_flag_reason(trig, flags[trig].section))
                gaps.add(trig)
            elif trig in heard and not heard[trig]:
                sig = book.signal(trig)
                need += sig.weight if sig else 1.0
                why.append(f"no {sig.label.lower() if sig else trig.replace('_', ' ')} in your answer")
                gaps.add(_GAP.get(trig, trig))
        if need > 0:
            choices.append(ProbeChoice(probe, "; ".join(dict.fromkeys(why)), need, frozenset(gaps)))
    return choices


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
