"""The result of scoring one answer (and its probes): the `Report` model and its parts.

This is the JSON contract (`mockint score --json`, `report.json` in a session folder). Extend it,
never break it: fields are only added. Times are seconds in the answer's audio, `None` where unknown.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from mockint.scoring.transcript import Transcript


class _Result(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PhraseHit(_Result):
    """A key phrase of the scenario found in the answer."""

    phrase: str  # as written in the scenario
    heard: str  # the words that matched, as transcribed
    score: float  # fuzzy similarity 0-100
    start: float | None = None
    end: float | None = None


class SignalHit(_Result):
    """A general rubric signal (data/signals.toml) found or missed in a section."""

    id: str
    label: str
    found: bool
    quote: str | None = None  # what was said that shows it
    start: float | None = None


# Flags that say the answer may not have been heard as said (nothing heard, not English, unclear English): a
# notice about the recording, not a fault of the answer; reports show them apart and trends skip them
NOTICE_CODES = frozenset({"no_speech", "not_english", "unclear_english"})


class Flag(_Result):
    """A red flag a candidate can act on. `code` is one of the documented strings."""

    code: str
    section: str | None = None  # the STAR section it concerns, or None for the whole answer
    message: str
    quote: str | None = None
    start: float | None = None
    end: float | None = None

    @property
    def notice(self) -> bool:
        """A notice about the recording (NOTICE_CODES), not a red flag of the answer."""
        return self.code in NOTICE_CODES


class SectionResult(_Result):
    key: str  # situation | task | action | result | reflection
    title: str
    present: bool = True
    start: float | None = None
    end: float | None = None
    duration: float | None = None  # end - start
    speaking_time: float | None = None  # duration less pauses
    target: float  # target seconds at the answer's level (timing.level_targets)
    timing: str | None = None  # over | under | concise | ok | unknown (timing.section_timing), None: missing
    share: float | None = None  # fraction of the whole answer's time
    target_share: float | None = None  # target / sum of targets
    confidence: float | None = None  # of the segmentation, 0-1 (1 when the section was recorded alone)
    retakes: int = 0  # guided: takes of this section the candidate retook before the one scored (kept on disk)
    text: str = ""
    word_range: tuple[int, int] | None = None  # [first, last+1) indices into transcript.words
    score: float  # 0-100
    matched_phrases: list[PhraseHit] = Field(default_factory=list)
    missed_phrases: list[str] = Field(default_factory=list)
    signals: list[SignalHit] = Field(default_factory=list)


class Pause(_Result):
    start: float
    end: float
    duration: float
    section: str | None = None


class Delivery(_Result):
    duration: float | None = None  # whole answer, seconds
    speaking_time: float | None = None
    word_count: int = 0
    wpm: float | None = None
    filler_count: int = 0
    fillers_per_minute: float | None = None
    fillers: list[str] = Field(default_factory=list)  # the filler words heard, in order
    long_pauses: list[Pause] = Field(default_factory=list)
    long_pause_seconds: float = 2.0  # what counted as a long pause
    budget_min: float  # the level's budget for the whole answer, seconds
    budget_max: float
    budget_text: str = ""


class LensVerdict(_Result):
    principle: str
    verdict: str  # Strong Hire | Hire | Lean Hire | Lean No Hire | No Hire
    score: float
    reasons: list[str] = Field(default_factory=list)


class GradePart(_Result):
    """One piece of evidence and what it was worth in the grade (mockint/scoring/grading.py)."""

    feature: str  # e.g. own_actions, outcome_number, vague
    value: float  # 0..1 (counts saturate)
    points: float  # value x weight, in grade points
    quote: str | None = None  # the words that earned or lost it
    start: float | None = None


class Overall(_Result):
    score: float  # 0-100
    verdict: str
    summary: str = ""
    breakdown: list[GradePart] = Field(default_factory=list)  # how the score was reached, largest first
    caps: list[str] = Field(default_factory=list)  # rules that bound the score, listed whenever they hold ("escalation", "escalation_unseen", "over_budget")


class ProbeResult(_Result):
    """A follow-up probe asked after the main answer, and how its answer did."""

    probe_id: str
    question: str
    reason: str  # why it was chosen: what the main answer lacked
    answered: bool = True
    transcript: Transcript | None = None
    score: float | None = None  # 0-100
    verdict: str | None = None  # "strong" | "mixed" | "weak" | "unanswered"
    closer_to: str | None = None  # "strong" | "weak": which exemplar it resembles
    similarity_strong: float | None = None
    similarity_weak: float | None = None
    flags: list[Flag] = Field(default_factory=list)
    feedback: str = ""
    audio: str | None = None  # path relative to the session folder
    retakes: int = 0  # takes of this answer the candidate retook before the one scored (kept on disk)


class Interruption(_Result):
    """The interviewer cutting in during the answer (a rambling Situation): when, what was said, and why."""

    at: float  # seconds into the answer's audio
    text: str
    reason: str


class Report(_Result):
    scenario: str  # scenario id
    scenario_title: str = ""
    question: str = ""
    level: str
    mode: str | None = None  # learn | guided | mock, or None for `mockint score`
    overall: Overall
    sections: list[SectionResult]
    flags: list[Flag] = Field(default_factory=list)
    lenses: list[LensVerdict] = Field(default_factory=list)
    delivery: Delivery
    transcript: Transcript
    probes: list[ProbeResult] = Field(default_factory=list)
    fixes: list[str] = Field(default_factory=list)  # the most valuable things to fix next, best first
    timing_tolerance: float = 0.5  # a section is over/under target beyond target*(1±tolerance)
    segmentation: str = "auto"  # "auto" (one continuous answer) | "guided" (one recording per section)
    audio: str | None = None  # the answer's audio, relative to the report's folder
    engine: str | None = None  # which transcriber produced the transcript
    created_at: str | None = None  # ISO time, set by the caller (the core has no clock)
    ended_by: str | None = None  # how the answer ended: finished | spoken_done | silence | enter | max | end_of_file ...
    end_reason: str | None = None  # how it read when it ended ("Reflection heard and the last sentence complete")
    interruptions: list[Interruption] = Field(default_factory=list)  # redirects said during the answer
    retakes: int = 0  # mock: takes of the main answer the candidate retook before the one scored (kept on disk)

    def section(self, key: str) -> SectionResult | None:
        return next((s for s in self.sections if s.key == key), None)

    def flag_codes(self) -> list[str]:
        return [f.code for f in self.flags]

    @property
    def notices(self) -> list[Flag]:
        """The flags that are notices about the recording (see NOTICE_CODES)."""
        return [f for f in self.flags if f.notice]

    @property
    def red_flags(self) -> list[Flag]:
        """The flags that are faults of the answer."""
        return [f for f in self.flags if not f.notice]
