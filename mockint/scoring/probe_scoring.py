"""A follow-up probe's answer scored against the probe's weak and strong exemplars and the red flags
(pure core).
"""

from __future__ import annotations

from rapidfuzz import fuzz

from mockint.library.schema import Probe
from mockint.library.signals import SignalBook, load_signals
from mockint.scoring.answer import FIRST_PERSON, WE, find_in, quote_match
from mockint.scoring.normalize import (
    normalize,
)
from mockint.scoring.report import (
    Flag,
    ProbeResult,
)
from mockint.scoring.text import Text as _Text
from mockint.scoring.transcript import Transcript


def score_probe(transcript: Transcript, probe: Probe, *, reason: str = "", book: SignalBook | None = None) -> ProbeResult:
    """Score a probe's answer against the scenario's weak and strong exemplars and the red flags."""
    book = book or load_signals()
    words = [w for w in transcript.words if w.word.strip(" .,!?-")] or Transcript.from_text(transcript.text).words
    if not [w for w in words if w.word.strip(" .,!?-")]:
        return ProbeResult(probe_id=probe.id, question=probe.question, reason=reason, answered=False, transcript=transcript,
                           score=0.0, verdict="unanswered", feedback="No answer was heard.")
    text = _Text(words, 0)
    said = text.text
    sim_strong = fuzz.token_set_ratio(said, normalize(probe.strong_answer))
    sim_weak = fuzz.token_set_ratio(said, normalize(probe.weak_answer))
    flags = _probe_flags(text, book)
    # Evidence of the probe's own triggers counts in its favour.
    trig = [book.signal(t) for t in probe.triggers if book.signal(t)]
    trig_hits = [s for s in trig if find_in(s.regexes, text)]
    evidence = len(trig_hits) / len(trig) if trig else 0.5
    length = min(1.0, len(words) / 35.0)  # a one-liner is not an answer to a probe
    score = 100.0 * (0.35 * (sim_strong / 100.0) + 0.35 * evidence + 0.3 * length)
    score -= 20.0 * sum(1 for f in flags if f.code in ("escalation", "we_language"))
    if sim_weak > sim_strong + 10:
        score -= 15.0
    score = round(max(0.0, min(100.0, score)), 1)
    verdict = "strong" if score >= 65 else "mixed" if score >= 45 else "weak"
    if sim_strong >= 85 and sim_strong > sim_weak + 10 and not flags:
        verdict = "strong"  # it says what the strong answer says, however short: not "mixed"
    if any(f.code == "escalation" for f in flags):
        verdict = "weak"
    closer = "strong" if sim_strong >= sim_weak else "weak"
    if verdict == "strong":
        feedback = f'Good: that lands "{probe.strong_summary}"'
    else:
        feedback = f'The interviewer is probing {probe.probes[0].lower() + probe.probes[1:]} A strong answer: "{probe.strong_summary}"'
        if flags:
            feedback += " " + flags[0].message
    return ProbeResult(
        probe_id=probe.id,
        question=probe.question,
        reason=reason,
        transcript=transcript,
        score=score,
        verdict=verdict,
        closer_to=closer,
        similarity_strong=round(sim_strong, 1),
        similarity_weak=round(sim_weak, 1),
        flags=flags,
        feedback=feedback,
    )


def _probe_flags(text: _Text, book: SignalBook) -> list[Flag]:
    """The red flags of a probe's answer: the library's patterns in context, and 'we' outnumbering 'I'."""
    flags: list[Flag] = []
    for rf in book.red_flags:
        ms = find_in(rf.regexes, text, red_flag=True)
        if ms:
            quote, start, end = quote_match(ms[0], text)
            flags.append(Flag(code=rf.code, section=None, message=f'"{quote}": {rf.message}', quote=quote, start=start, end=end))
    n_i, n_we = len(FIRST_PERSON.findall(text.text)), len(WE.findall(text.text))
    if n_we >= 2 and n_we >= n_i:
        flags.append(Flag(code="we_language", message=f"You said 'we' {n_we} times and 'I' {n_i} times: say what you did."))
    return flags
