"""Section timing: durations against targets, share of the answer, pauses, the level's budget (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from mockint.library.schema import Scenario
from mockint.scoring.transcript import Word

PAUSE_SECONDS = 0.5  # a gap between words at least this long is not speaking time
LONG_PAUSE_SECONDS = 2.0  # a gap this long is reported as a long pause
TOLERANCE = 0.5  # a section is over target beyond target * (1 + TOLERANCE), under below target * (1 - TOLERANCE)
BUDGET_SLACK_LOW = 0.25  # too_short below min_seconds * (1 - slack)
BUDGET_SLACK_HIGH = 0.15  # too_long above max_seconds * (1 + slack)
ESTIMATED_WPM = 130.0  # used to estimate durations of a transcript without word times


@dataclass(frozen=True)
class SpanTiming:
    start: float | None
    end: float | None
    duration: float | None
    speaking_time: float | None


def span_timing(words: list[Word], start: int, end: int) -> SpanTiming:
    """Timing of words[start:end] from their word times (all None when the words are untimed)."""
    ws = words[start:end]
    if not ws or any(w.start is None or w.end is None for w in ws):
        return SpanTiming(None, None, None, None)
    t0, t1 = ws[0].start, ws[-1].end
    gaps = sum(max(0.0, b.start - a.end) for a, b in zip(ws, ws[1:]) if b.start - a.end >= PAUSE_SECONDS)
    return SpanTiming(t0, t1, max(0.0, t1 - t0), max(0.0, t1 - t0 - gaps))


def estimate_seconds(word_count: int) -> float:
    return word_count / ESTIMATED_WPM * 60.0


def target_verdict(duration: float, target: float, tolerance: float = TOLERANCE) -> str:
    """'over', 'under' or 'ok' against target within the tolerance band."""
    if duration > target * (1 + tolerance):
        return "over"
    if duration < target * (1 - tolerance):
        return "under"
    return "ok"


def long_pauses(words: list[Word], min_seconds: float = LONG_PAUSE_SECONDS) -> list[tuple[float, float, int]]:
    """(start, end, index of the word after the pause) for every gap of at least min_seconds."""
    out = []
    for i, (a, b) in enumerate(zip(words, words[1:]), start=1):
        if a.end is not None and b.start is not None and b.start - a.end >= min_seconds:
            out.append((a.end, b.start, i))
    return out


def budget_verdict(duration: float, min_seconds: float, max_seconds: float) -> str:
    if duration < min_seconds * (1 - BUDGET_SLACK_LOW):
        return "short"
    if duration > max_seconds * (1 + BUDGET_SLACK_HIGH):
        return "long"
    return "ok"


def level_targets(targets: dict[str, float], min_seconds: float, max_seconds: float) -> dict[str, float]:
    """Section targets that fit the level's budget: the scenario's targets keep their proportions and add
    up to the middle of the level's min..max seconds (the recording cap sits well above that), so a
    section is never judged against a target the whole answer could not afford."""
    total = sum(targets.values())
    if total <= 0:
        return dict(targets)
    scale = (min_seconds + max_seconds) / 2.0 / total
    return {k: round(v * scale, 1) for k, v in targets.items()}


def section_timing(duration: float | None, target: float, content: float, tolerance: float = TOLERANCE) -> str:
    """What happened to a section's time, as advice should read it: 'over', 'under' (short *and* thin),
    'concise' (short but its content is there: a strength, no advice), 'ok', or 'unknown' (untimed)."""
    if duration is None:
        return "unknown"
    verdict = target_verdict(duration, target, tolerance)
    if verdict == "under" and content >= CONCISE_CONTENT:
        return "concise"
    return verdict


CONCISE_CONTENT = 60.0  # a section scoring this much (0-100) is complete however short it was


def scenario_targets(scenario: Scenario, level: str) -> dict[str, float]:
    """The scenario's section targets at a level (see level_targets): what is said, shown and judged."""
    cal = scenario.calibration(level)
    return level_targets({s.key: s.target_seconds for s in scenario.sections}, cal.min_seconds, cal.max_seconds)
