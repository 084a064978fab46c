"""Realistic `Report` objects for the writer and history tests, built from the seed scenario's texts.

`scored_report()` uses the real rubric (mockint.scoring.rubric.score_answer) when it is importable and a
hand-built report (timed words, five sections, flags, lenses, probes, delivery) otherwise.
"""

from __future__ import annotations

import re
from pathlib import Path

from mockint.scoring.report import Delivery, Flag, LensVerdict, Overall, Pause, PhraseHit, ProbeResult, Report, SectionResult
from mockint.library.schema import Scenario
from mockint.library.store import load_scenario
from mockint.scoring.transcript import Transcript, Word

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "scenarios" / "customer-obsession-webhook.toml"
WPS = 2.5  # words per second of the synthetic timing


def seed() -> Scenario:
    return load_scenario(SEED)


def strong_texts(sc: Scenario, level: str = "sde2") -> dict[str, str]:
    """The strong answer, section by section (the reflection is the level's model reflection)."""
    return {s.key: (sc.reflection_for(level) if s.key == "reflection" else s.strong_example) for s in sc.sections}


def strong_transcript_text(sc: Scenario, level: str = "sde2") -> str:
    return " ".join(strong_texts(sc, level).values())


def timed_words(text: str, start: float = 0.0, wps: float = WPS) -> list[Word]:
    words, t = [], start
    for w in text.split():
        d = (0.6 + len(w) / 10) / wps * 1.1
        words.append(Word(word=w, start=round(t, 2), end=round(t + d * 0.85, 2), probability=0.9))
        t += d
    return words


def _norm(w: str) -> str:
    return re.sub(r"[^\w%$']", "", w.lower())


def hand_report(sc: Scenario, texts: dict[str, str], *, level: str = "sde2", gap: float = 1.2, long_pause_after: str | None = "task",
                flags: list[Flag] | None = None, score: float = 85.0, verdict: str = "Hire", probes: list[ProbeResult] | None = None,
                fixes: list[str] | None = None, created_at: str = "2026-11-27T10:00:00", audio: str | None = None) -> Report:
    """A report with timed words and five sections, as the rubric would produce it."""
    words: list[Word] = []
    sections: list[SectionResult] = []
    pauses: list[Pause] = []
    t = 0.4
    for s in sc.sections:
        text = texts.get(s.key, "")
        if not text:
            sections.append(SectionResult(key=s.key, title=s.title, present=False, target=s.target_seconds, score=0.0,
                                          missed_phrases=list(s.key_phrases)))
            continue
        ws = timed_words(text, t)
        first = len(words)
        words += ws
        start, end = ws[0].start, ws[-1].end
        hits, missed = [], []
        norms = [_norm(w.word) for w in ws]
        for p in s.key_phrases:
            pn = [_norm(x) for x in p.split()]
            at = next((i for i in range(len(norms) - len(pn) + 1) if norms[i : i + len(pn)] == pn), None)
            if at is None:
                missed.append(p)
            else:
                hits.append(PhraseHit(phrase=p, heard=" ".join(w.word for w in ws[at : at + len(pn)]), score=100.0,
                                      start=ws[at].start, end=ws[at + len(pn) - 1].end))
        sec_score = 100.0 * len(hits) / len(s.key_phrases)
        sections.append(SectionResult(
            key=s.key, title=s.title, start=start, end=end, duration=round(end - start, 2), speaking_time=round(end - start, 2),
            target=s.target_seconds, text=text, word_range=(first, len(words)), score=round(sec_score, 1),
            matched_phrases=hits, missed_phrases=missed, confidence=0.9,
        ))
        t = end + gap
        if s.key == long_pause_after:
            pauses.append(Pause(start=end, end=end + 3.1, duration=3.1, section=s.key))
            t = end + 3.1
    duration = round(words[-1].end + 0.5, 2) if words else 0.0
    cal = sc.calibration(level)
    fillers = [w.word.strip(",.").lower() for w in words if _norm(w.word) in {"um", "uh"}]
    transcript = Transcript.from_words(words, duration=duration)
    return Report(
        scenario=sc.id, scenario_title=sc.title, question=sc.question, level=level, mode="mock",
        overall=Overall(score=score, verdict=verdict, summary=f"{verdict}: scored {score:.0f}/100 against the {level} bar."),
        sections=sections,
        flags=flags or [],
        lenses=[
            LensVerdict(principle="Customer Obsession", verdict=verdict, score=score, reasons=["Customer impact named: customer trust, revenue flow"]),
            LensVerdict(principle="Ownership", verdict=verdict, score=score - 3, reasons=["Scope boundary stated: not my team"]),
            LensVerdict(principle="Dive Deep", verdict=verdict, score=score - 5, reasons=["Root cause traced: race condition"]),
        ],
        delivery=Delivery(duration=duration, speaking_time=duration - 4, word_count=len(words), wpm=round(len(words) / duration * 60, 1) if duration else None,
                          filler_count=len(fillers), fillers_per_minute=round(len(fillers) / duration * 60, 2) if duration else None,
                          fillers=fillers, long_pauses=pauses, budget_min=cal.min_seconds, budget_max=cal.max_seconds, budget_text=cal.budget_text),
        transcript=transcript,
        probes=probes or [],
        fixes=fixes or [],
        created_at=created_at,
        audio=audio,
        engine="fake",
    )


def strong_hand_report(sc: Scenario, **kw) -> Report:
    p = sc.probes[0]
    probe = ProbeResult(probe_id=p.id, question=p.question, reason="The answer never said how the fix was merged (follow-through).",
                        transcript=Transcript.from_words(timed_words(p.strong_answer)), score=88.0, verdict="strong", closer_to="strong",
                        similarity_strong=0.81, similarity_weak=0.2, feedback=p.strong_summary, audio="turns/02-probe.wav")
    kw.setdefault("fixes", ["Say the reflection in one systemic sentence: the missing shared SLO.",
                            "Trim the Action to 90 seconds.", "Name the follow-through: how the PR got merged."])
    return hand_report(sc, strong_texts(sc), probes=[probe], **kw)


def weak_hand_report(sc: Scenario, **kw) -> Report:
    text = sc.weak_answer.text
    sentences = re.split(r"(?<=\.)\s+", text)
    texts = {"situation": sentences[0], "action": sentences[1], "result": sentences[2], "reflection": sentences[3]}
    flags = [
        Flag(code="escalation", section="situation", message="Escalating is routing the problem, not owning it: say what you did.", quote="I escalated it to the Platform team"),
        Flag(code="escalation", section="action", message="A Slack message hands the problem off.", quote="I sent them a Slack message"),
        Flag(code="missing_scope_boundary", section="task", message="Say whose service it was and that nobody asked you."),
        Flag(code="no_quantified_result", section="result", message="Give the metric delta and what it meant for customers.", quote="The drop rate improved, and the team was happy."),
        Flag(code="missing_section", section="task", message="No Task: state the scope boundary and what you decided to own."),
    ]
    p = sc.probes[3]
    probe = ProbeResult(probe_id=p.id, question=p.question, reason="No quantified result.",
                        transcript=Transcript.from_words(timed_words(p.weak_answer)), score=22.0, verdict="weak", closer_to="weak",
                        similarity_strong=0.2, similarity_weak=0.8, feedback=p.weak_why)
    kw.setdefault("fixes", ["State the scope boundary: not my team, no ticket, nobody asked.",
                            "Replace 'I escalated' with what you did yourself: I pulled, I traced, I wrote.",
                            "Quantify the result: 0.3% to zero, $8K a week."])
    return hand_report(sc, texts, flags=flags, score=38.0, verdict="Lean No Hire", probes=[probe], long_pause_after=None, **kw)


def scored_report(sc: Scenario, which: str, level: str = "sde2") -> Report:
    """The real rubric's report of the strong or weak answer when the rubric exists, else a hand-built one."""
    try:
        from mockint.scoring.rubric import score_answer
    except ImportError:
        return strong_hand_report(sc, level=level) if which == "strong" else weak_hand_report(sc, level=level)
    text = strong_transcript_text(sc, level) if which == "strong" else sc.weak_answer.text
    return score_answer(Transcript.from_words(timed_words(text), duration=None), sc, level)
