"""Follow-up questions from the candidate's own words (pure core).

A Bar Raiser drills into what was said: "You said 'we traced it to the retry logic'. What did you do
yourself?" `follow_ups(report)` turns the answer's red flags and missing evidence into such questions, each
quoting the words that caused it; `probes.choose_probes` ranks them together with the scenario's own
probes by what the answer needs most. `deeper(result)` is the one further question an interviewer asks
when a probe's answer stays vague ("Can you be more specific about what you changed?").

Every question is a `Probe` like the scenario's (so it is asked, scored and saved the same way); its id
starts with `followup-` and names the gap, and `probe_for(scenario, id, question)` rebuilds it from a saved
session.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mockint.library.scenario import Probe, Scenario
from mockint.scoring.report import ProbeResult, Report

PREFIX = "followup-"
MAX_QUOTE_WORDS = 12  # a quote said aloud stays short enough to follow


@dataclass(frozen=True)
class _Ask:
    quoted: str  # the question, with {quote}: the candidate's words
    plain: str  # the question when nothing quotable was said
    probes: str  # what the interviewer is probing for
    strong_summary: str
    strong_answer: str
    weak_answer: str
    weak_why: str
    triggers: tuple[str, ...]  # signals a good answer to it shows (see rubric.score_probe)
    need: float  # how much an answer with this gap needs the question (scenario probes: 1.0-2.0 per trigger)


ASKS: dict[str, _Ask] = {
    "we_language": _Ask(
        quoted='You said "{quote}". What did you do yourself, step by step?',
        plain="You said 'we' a lot. What did you do yourself, step by step?",
        probes="Your own contribution, told apart from the team's.",
        strong_summary="I did these steps myself, in this order, and here is why",
        strong_answer="I pulled the logs myself, found the failing retries, wrote the fix and its test, and rolled it out behind a flag.",
        weak_answer="We all worked on it together as a team.",
        weak_why="It still hides who did what.",
        triggers=("first_person_actions", "technical_depth"),
        need=2.5,
    ),
    "escalation": _Ask(
        quoted='You said "{quote}". What happened next, and what did you do yourself to get it fixed?',
        plain="After you raised it, what did you do yourself to get it fixed?",
        probes="Whether you drove the fix or handed it off.",
        strong_summary="I kept ownership: I drove the fix and followed it through to the outcome",
        strong_answer="I did not wait: I reproduced it, wrote the patch, got it reviewed by the owning team and watched the metric until it recovered.",
        weak_answer="They took care of it after that.",
        weak_why="The problem was handed off, not owned.",
        triggers=("ownership_decision", "follow_through", "first_person_actions"),
        need=2.5,
    ),
    "vague": _Ask(
        quoted='You said "{quote}". What exactly did you change yourself?',
        plain="What exactly did you change yourself?",
        probes="The concrete actions behind a vague phrase.",
        strong_summary="Exactly what I changed, how, and how I checked it",
        strong_answer="I rewrote the retry loop to use exponential backoff, added an idempotency key, and load-tested it at twice the peak.",
        weak_answer="I helped out where I could.",
        weak_why="Still no concrete action.",
        triggers=("technical_depth", "first_person_actions"),
        need=2.0,
    ),
    "no_quantified_result": _Ask(
        quoted='You said "{quote}". By how much, and how did you measure it?',
        plain="How did you know it worked? What number changed, and by how much?",
        probes="A measured outcome.",
        strong_summary="The number before and after, and where I measured it",
        strong_answer="The failure rate went from 0.3% to under 0.01% on the dashboard, which was about 2,000 orders a day.",
        weak_answer="It got a lot better.",
        weak_why="Still no number.",
        triggers=("quantified_result", "metric_delta"),
        need=2.0,
    ),
    "missing_scope_boundary": _Ask(
        quoted="Whose job was this originally, and who asked you to take it on?",
        plain="Whose job was this originally, and who asked you to take it on?",
        probes="Whether you acted beyond your own remit.",
        strong_summary="It was not mine to fix; nobody asked me, and I took it on anyway",
        strong_answer="It belonged to the platform team and it was not on my sprint; nobody had asked me to, but customers were affected.",
        weak_answer="It was part of my normal work.",
        weak_why="No boundary crossed: no ownership shown.",
        triggers=("scope_boundary",),
        need=1.8,
    ),
    "generic_reflection": _Ask(
        quoted='You said "{quote}". What will you do differently on your next project because of this one?',
        plain="What will you do differently on your next project because of this one?",
        probes="A lesson specific to this story.",
        strong_summary="A specific change I made afterwards, and why",
        strong_answer="I now add a synthetic check for every integration I ship, because this failure was silent for weeks.",
        weak_answer="I learned that communication is important.",
        weak_why="Still a platitude.",
        triggers=("systemic_reflection",),
        need=1.2,
    ),
}

DEEPER = _Ask(
    quoted='You said "{quote}". Can you be more specific about what you did?',
    plain="Can you be more specific about what you changed?",
    probes="Specifics behind the previous answer.",
    strong_summary="The specific change, how I did it and what it changed",
    strong_answer="Concretely, I changed the timeout from 30 to 5 seconds in the client and added a circuit breaker; errors dropped by half.",
    weak_answer="I just did what was needed.",
    weak_why="Still no specifics.",
    triggers=("technical_depth", "first_person_actions", "quantified_result"),
    need=0.0,
)


@dataclass(frozen=True)
class FollowUp:
    probe: Probe
    reason: str  # what the answer lacked, in words a candidate understands
    need: float
    quote: str | None = None  # the candidate's words it drills into


def gap_of(probe_id: str) -> str:
    """The gap a follow-up's id names ("followup-no-quantified-result" -> "no_quantified_result")."""
    return probe_id.removeprefix(PREFIX).replace("-", "_")


def follow_ups(report: Report) -> list[FollowUp]:
    """A question per gap of the answer (flags, vague actions, an unmeasured outcome), quoting the words
    that caused it, most needed first."""
    flags = {f.code: f for f in report.flags}
    parts = {p.feature: p for p in report.overall.breakdown}
    quotes: dict[str, str | None] = {}
    for code in ("escalation", "we_language", "missing_scope_boundary", "generic_reflection", "no_quantified_result"):
        if code in flags:
            quotes[code] = flags[code].quote
    vague = parts.get("vague")
    if vague and vague.quote and "escalation" not in quotes:
        quotes["vague"] = vague.quote
    out = [_follow_up(code, quote) for code, quote in quotes.items()]
    return sorted(out, key=lambda f: -f.need)


def deeper(result: ProbeResult, used: set[str]) -> FollowUp | None:
    """One further question when a probe's answer stayed vague or weak (never for an unanswered one, never twice)."""
    if not result.answered or result.verdict != "weak" or "deeper" in used or not result.transcript:
        return None
    quote = _short(_last_clause(result.transcript.text)) if result.transcript.text.strip() else None
    probe = _probe("deeper", DEEPER, quote)
    return FollowUp(probe, "the answer to the last question stayed general", DEEPER.need, quote)


def probe_for(scenario: Scenario, probe_id: str, question: str) -> Probe | None:
    """The probe a saved turn answered: the scenario's own, or a follow-up rebuilt from its id and question."""
    own = next((p for p in scenario.probes if p.id == probe_id), None)
    if own or not probe_id.startswith(PREFIX):
        return own
    code = probe_id[len(PREFIX) :].replace("-", "_")
    ask = DEEPER if code == "deeper" else ASKS.get(code)
    return _probe(code, ask, None).model_copy(update={"question": question}) if ask else None


def _follow_up(code: str, quote: str | None) -> FollowUp:
    ask = ASKS[code]
    quote = _short(quote)
    reason = {
        "escalation": "the answer handed the problem off",
        "we_language": "'we' hid your own contribution",
        "vague": "an action was vague",
        "no_quantified_result": "the outcome had no number",
        "missing_scope_boundary": "no scope boundary was stated",
        "generic_reflection": "the reflection was generic",
    }[code]
    # a question that quotes the candidate is worth a little more than the same gap asked in general
    return FollowUp(_probe(code, ask, quote), reason, ask.need + (0.3 if quote else 0.0), quote)


def _probe(code: str, ask: _Ask, quote: str | None) -> Probe:
    question = ask.quoted.format(quote=quote) if quote else ask.plain
    return Probe(
        id=PREFIX + code.replace("_", "-"),
        question=question,
        probes=ask.probes,
        weak_answer=ask.weak_answer,
        weak_why=ask.weak_why,
        strong_answer=ask.strong_answer,
        strong_summary=ask.strong_summary,
        triggers=list(ask.triggers),
    )


def _short(quote: str | None) -> str | None:
    """The quote as the interviewer says it back: no trailing punctuation, at most MAX_QUOTE_WORDS words."""
    if not quote:
        return None
    words = quote.strip().rstrip(".!?,;:").split()
    if len(words) < 2:
        return None
    return " ".join(words[:MAX_QUOTE_WORDS]) + ("..." if len(words) > MAX_QUOTE_WORDS else "")


def _last_clause(text: str) -> str:
    parts = [p.strip() for p in re.split(r"[.?!]", text) if len(p.split()) >= 3]
    return parts[-1] if parts else text
