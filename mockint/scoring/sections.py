"""Each STAR section scored: its key phrases, its signals, its time against target, its flags (pure core)."""

from __future__ import annotations

from mockint.scoring import timing
from mockint.scoring.answer import Answer
from mockint.scoring.delivery import _r
from mockint.scoring.phrases import match_elsewhere, match_phrase
from mockint.scoring.report import (
    Flag,
    SectionResult,
    SignalHit,
)

SECTION_WEIGHTS = {
    "situation": 0.15,
    "task": 0.15,
    "action": 0.35,
    "result": 0.2,
    "reflection": 0.15,
}


PHRASE_SHARE = 0.3  # of a section's content score; the rest comes from the general signals


FLAG_PENALTY = {
    "escalation": 12,
    "we_language": 10,
    "passive_handoff": 4,
    "generic_reflection": 6,
    "too_short": 10,
    "too_long": 5,
    "section_over_target": 3,
    "section_under_target": 2,
}


def score_sections(ans: Answer, found: dict[str, SignalHit], flags: list[Flag], ev) -> tuple[list[SectionResult], float]:
    """Per-section feedback (phrases, signals, timing) and the share of key phrases heard anywhere."""
    targets = timing.scenario_targets(ans.scenario, ans.level)
    total_target = sum(targets.values())
    answer_len = timing.span_timing(ans.words, 0, len(ans.words)).duration
    by_key = {s.key: s for s in ans.spans}
    sections: list[SectionResult] = []
    n_phrases = n_hits = 0
    for sec in ans.scenario.sections:
        own = [s for s in ans.book.signals if s.sections[0] == sec.key and s.applies_to(ans.scenario.principles)]
        text = ans.texts.get(sec.key)
        hits, missed = [], []
        for p in sec.key_phrases:
            h = (match_phrase(p, text) if text else None) or match_elsewhere(p, ans.full)
            (hits.append(h) if h else missed.append(p))
        n_phrases += len(sec.key_phrases)
        n_hits += len(hits)
        span = by_key.get(sec.key)
        if span is None:
            if not _heard_elsewhere(sec.key, ev):
                flags.append(
                    Flag(
                        code="missing_section",
                        section=sec.key,
                        message=f"No {sec.title} heard. {sec.coaching}",
                    )
                )
            sections.append(
                SectionResult(
                    key=sec.key,
                    title=sec.title,
                    present=False,
                    target=targets[sec.key],
                    target_share=round(targets[sec.key] / total_target, 3),
                    score=0.0,
                    matched_phrases=hits,
                    missed_phrases=missed,
                    signals=[found[s.id] for s in own],
                )
            )
            continue
        weight = sum(s.weight for s in own) or 1.0
        signal_cov = sum(s.weight for s in own if found[s.id].found) / weight if own else 1.0
        score = 100.0 * (PHRASE_SHARE * len(hits) / max(1, len(sec.key_phrases)) + (1 - PHRASE_SHARE) * signal_cov)
        t = timing.span_timing(ans.words, span.start, span.end)
        how = timing.section_timing(t.duration, targets[sec.key], score)
        timing_flag = _section_timing_flag(sec, how, t, targets[sec.key], answer_len, total_target, missed)
        if timing_flag:
            flags.append(timing_flag)
        score -= sum(FLAG_PENALTY.get(f.code, 0) for f in flags if f.section == sec.key)
        sections.append(
            SectionResult(
                key=sec.key,
                title=sec.title,
                start=_r(t.start),
                end=_r(t.end),
                duration=_r(t.duration),
                speaking_time=_r(t.speaking_time),
                target=targets[sec.key],
                timing=how,
                share=round(t.duration / answer_len, 3) if t.duration is not None and answer_len else None,
                target_share=round(targets[sec.key] / total_target, 3),
                confidence=round(span.confidence, 2),
                text=" ".join(w.word.strip() for w in text.words),
                word_range=(span.start, span.end),
                score=round(max(0.0, min(100.0, score)), 1),
                matched_phrases=hits,
                missed_phrases=missed,
                signals=[found[s.id] for s in own],
            )
        )
    return sections, (n_hits / n_phrases if n_phrases else 0.0)


def _heard_elsewhere(key: str, ev) -> bool:
    """A Result folded into the Action, or a lesson said in passing, is not a missing section."""
    return (key == "result" and ev.outcome_number) or (key == "reflection" and ev.reflection)


def _section_timing_flag(sec, how: str, t: timing.SpanTiming, target: float, answer_len: float | None, total_target: float, missed: list[str]) -> Flag | None:
    """Advice by what happened: too long (the section's own common mistake), or short *and* thin (what a
    strong one says). A short section whose content is there gets no advice: concise is a strength."""
    if how not in ("over", "under"):
        return None
    share = f"{t.duration / answer_len:.0%} of your answer" if answer_len else ""
    aim = f"about {target / total_target:.0%}"
    said = f"{sec.title} took {t.duration:.0f} seconds against about {target:.0f} ({share}; {aim} is the aim). "
    if how == "over":
        advice = sec.common_mistake
    else:
        advice = "Say more of what a strong one holds" + (": " + "; ".join(missed[:2]) + "." if missed else ".")
    return Flag(code=f"section_{how}_target", section=sec.key, message=said + advice, start=t.start, end=t.end)
