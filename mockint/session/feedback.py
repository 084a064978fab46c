"""What the interviewer says back: the feedback after a guided section, and the verdict at the end (pure)."""

from __future__ import annotations

from mockint.library.schema import LEVEL_LABELS, Scenario
from mockint.scoring.report import Report
from mockint.scoring.lesson import LessonReader
from mockint.scoring.rubric import score_answer
from mockint.scoring.segmentation import SectionSpan
from mockint.scoring.transcript import Transcript

_TIMING_CODES = ("section_over_target", "section_under_target")
WEAK_VERDICTS = ("Lean No Hire", "No Hire")  # verdicts a strong follow-up does not contradict, only qualify


def section_feedback(scenario: Scenario, level: str, key: str, t: Transcript, lessons: LessonReader | None = None) -> str:
    """Spoken feedback on one guided take: its time against the target, one thing done well, one to fix."""
    sec = scenario.section(key)
    if not t.text.strip():
        return f"I didn't hear a {sec.title}. {sec.coaching}"
    n = len(t.words) or len(t.text.split())
    r = score_answer(t, scenario, level, spans=[SectionSpan(key, 0, n)], lessons=lessons)
    res = r.section(key)
    parts = []
    if res.duration is not None:
        verdict = {"over": "too long", "under": "short", "concise": "short but complete"}.get(res.timing or "", "about right")
        parts.append(f"{res.duration:.0f} seconds against about {res.target:.0f}: {verdict}.")
    good = [s for s in res.signals if s.found]
    if res.matched_phrases:
        parts.append(f'Good: "{res.matched_phrases[0].heard}".')
    elif good:
        parts.append(f"Good: {good[0].label.lower()}.")
    own_flags = [f for f in r.flags if f.section == key and f.code not in _TIMING_CODES]
    missing = [s for s in res.signals if not s.found]
    if own_flags:
        parts.append("To fix: " + own_flags[0].message)
    elif missing:
        parts.append(f"To fix: add {missing[0].label.lower()}.")
    else:
        parts.append("Nothing major to fix.")
    return " ".join(parts)


def spoken_summary(r: Report) -> str:
    """The verdict at the end of a mock or guided session, as the interviewer says it."""
    parts = [f"That's the end of the interview. My verdict at {LEVEL_LABELS[r.level]}: {r.overall.verdict}, {r.overall.score:.0f} out of 100."]
    if r.fixes:
        parts.append("The most valuable thing to fix next: " + r.fixes[0])
    answered = [p for p in r.probes if p.answered]
    strong = sum(1 for p in answered if p.verdict == "strong")
    if strong and r.overall.verdict in WEAK_VERDICTS:
        parts.append(f"Your follow-up answers were stronger than the answer itself ({strong} of {len(answered)} strong): "
                     "next time, put that detail in the first telling.")
    elif answered:
        counts = [(sum(1 for p in answered if p.verdict == v), v) for v in ("strong", "mixed", "weak")]
        parts.append("Follow-ups: " + ", ".join(f"{n} {v}" for n, v in counts if n) + f", of {len(answered)}.")
    parts.append("Your full report is saved.")
    return " ".join(parts)
