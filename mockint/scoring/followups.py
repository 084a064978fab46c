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
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from mockint.library.schema import Probe, Scenario
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


@lru_cache(maxsize=1)
def asks() -> dict[str, _Ask]:
    """The questions of data/followups.toml by gap ("deeper": the one further question)."""
    raw = tomllib.loads(resources.files("mockint").joinpath("data/followups.toml").read_text(encoding="utf-8"))
    return {code: _Ask(**{**v, "triggers": tuple(v["triggers"])}) for code, v in raw.items()}


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
    ask = asks()["deeper"]
    return FollowUp(_probe("deeper", ask, quote), "the answer to the last question stayed general", ask.need, quote)


def probe_for(scenario: Scenario, probe_id: str, question: str) -> Probe | None:
    """The probe a saved turn answered: the scenario's own, or a follow-up rebuilt from its id and question."""
    own = next((p for p in scenario.probes if p.id == probe_id), None)
    if own or not probe_id.startswith(PREFIX):
        return own
    code = probe_id[len(PREFIX) :].replace("-", "_")
    ask = asks().get(code)
    return _probe(code, ask, None).model_copy(update={"question": question}) if ask else None


def _follow_up(code: str, quote: str | None) -> FollowUp:
    ask = asks()[code]
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
