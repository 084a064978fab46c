"""Delivery: the whole answer against its level's time budget, pace, fillers and pauses (pure core)."""

from __future__ import annotations

import re

from mockint.library.schema import LEVEL_LABELS
from mockint.scoring import timing
from mockint.scoring.answer import Answer
from mockint.scoring.normalize import (
    FILLER_PHRASES,
    is_filler,
)
from mockint.scoring.report import (
    Delivery,
    Flag,
    Pause,
)
from mockint.scoring.transcript import Transcript, Word


def budget(ans: Answer, cal) -> tuple[float, Flag | None]:
    """The answer's duration (estimated from its words when untimed) and its budget flag, if any."""
    n_words = len([w for w in ans.words if w.word.strip(" .,!?-")])
    measured = timing.span_timing(ans.words, 0, len(ans.words)).duration
    duration = measured if measured is not None else timing.estimate_seconds(n_words)
    how = "" if ans.transcript.timed else f" (estimated at {timing.ESTIMATED_WPM:.0f} words per minute)"
    budget = timing.budget_verdict(duration, cal.min_seconds, cal.max_seconds)
    label = LEVEL_LABELS[ans.level]
    if budget == "short":
        return duration, Flag(
            code="too_short",
            message=f"Your answer took {duration:.0f} seconds{how}; at {label} a full answer takes {cal.min_seconds:.0f} to {cal.max_seconds:.0f} seconds. {cal.budget_text}",
        )
    if budget == "long":
        return duration, Flag(
            code="too_long",
            message=f"Your answer took {duration:.0f} seconds{how}; at {label} keep it within {cal.max_seconds:.0f} seconds. {cal.budget_text}",
        )
    return duration, None


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def measure_delivery(words: list[Word], transcript: Transcript, cal) -> Delivery:
    spoken = [w for w in words if w.word.strip(" .,!?-")]
    fillers = [w.word.strip(" .,!?").lower() for w in spoken if is_filler(w.word)]
    lower = " ".join(w.word.lower().strip(" .,!?") for w in spoken)
    for phrase in FILLER_PHRASES:
        fillers += [phrase] * len(re.findall(rf"\b{phrase}\b", lower))
    if transcript.filler_count is not None:
        count = max(transcript.filler_count, len(fillers))
    else:
        count = len(fillers)
    t = timing.span_timing(words, 0, len(words))
    minutes = (t.duration / 60.0) if t.duration else None
    pauses = [Pause(start=round(a, 2), end=round(b, 2), duration=round(b - a, 2)) for a, b, _ in timing.long_pauses(words)]
    return Delivery(
        duration=_r(t.duration),
        speaking_time=_r(t.speaking_time),
        word_count=len(spoken),
        wpm=round(len(spoken) / minutes, 1) if minutes else None,
        filler_count=count,
        fillers_per_minute=round(count / minutes, 2) if minutes else None,
        fillers=fillers,
        long_pauses=pauses,
        long_pause_seconds=timing.LONG_PAUSE_SECONDS,
        budget_min=cal.min_seconds,
        budget_max=cal.max_seconds,
        budget_text=cal.budget_text,
    )
