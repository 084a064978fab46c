"""The scenario format: one behavioral question with everything needed to coach, score and probe it.

Pydantic models with `extra="forbid"`, frozen: a file that does not fit is refused at the boundary
(mockint.library.store reads the files; mockint.library.messages words the problems).
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from mockint import defaults
from mockint.errors import MockintError
from mockint.library.phrases import COMMON_WORDS, DROPPED_FILLERS

SectionKey = Literal["situation", "task", "action", "result", "reflection"]
Level = Literal["sde1", "sde2", "senior"]
Verdict = Literal["Strong Hire", "Hire", "Lean Hire", "Lean No Hire", "No Hire"]

SPOKEN_WORDS_PER_SECOND = 3.0  # a brisk speaker (180 words a minute): a key phrase must fit in its section's target
SECTION_ORDER: tuple[str, ...] = ("situation", "task", "action", "result", "reflection")
LEVELS: tuple[str, ...] = defaults.LEVELS
LEVEL_LABELS = {"sde1": "SDE 1", "sde2": "SDE 2", "senior": "Senior SDE"}
VERDICTS: tuple[str, ...] = ("Strong Hire", "Hire", "Lean Hire", "Lean No Hire", "No Hire")

LEADERSHIP_PRINCIPLES: tuple[str, ...] = (
    "Customer Obsession",
    "Ownership",
    "Invent and Simplify",
    "Are Right, A Lot",
    "Learn and Be Curious",
    "Hire and Develop the Best",
    "Insist on the Highest Standards",
    "Think Big",
    "Bias for Action",
    "Frugality",
    "Earn Trust",
    "Dive Deep",
    "Have Backbone; Disagree and Commit",
    "Deliver Results",
    "Strive to be Earth's Best Employer",
    "Success and Scale Bring Broad Responsibility",
)


def canonical_principle(name: str) -> str | None:
    """The official spelling of a Leadership Principle, matched loosely ("dive deep", "Are Right A Lot")."""
    squash = lambda s: "".join(ch for ch in s.lower() if ch.isalnum())  # noqa: E731
    wanted = squash(name)
    for lp in LEADERSHIP_PRINCIPLES:
        if squash(lp) == wanted:
            return lp
    return None


def principle_named(name: str, flag: str = "--lp") -> str:
    """The Leadership Principle `name` means, or a MockintError naming the flag (with the closest one)."""
    lp = canonical_principle(name)
    if lp is None:
        close = closest_principle(name)
        raise MockintError(f"{flag}: unknown Leadership Principle {name!r}" + (f" (did you mean {close!r}?)" if close else ""))
    return lp


def closest_principle(name: str) -> str | None:
    """The Leadership Principle a misspelt name most likely means ("Frugal" -> "Frugality"), or None."""
    lowered = [lp.lower() for lp in LEADERSHIP_PRINCIPLES]
    close = difflib.get_close_matches(" ".join(name.lower().split()), lowered, n=1, cutoff=0.6)
    return LEADERSHIP_PRINCIPLES[lowered.index(close[0])] if close else None


def official_principle(name: str) -> str:
    """A Leadership Principle as a scenario file names it, in its official spelling; else a ValueError
    (with the closest name, if one is close)."""
    lp = canonical_principle(name)
    if lp is None:
        raise ValueError(f"unknown Leadership Principle {name!r}{did_you_mean(name, set(LEADERSHIP_PRINCIPLES))}")
    return lp


Principle = Annotated[str, AfterValidator(official_principle)]  # a Leadership Principle field of a scenario file


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Section(_Model):
    """One STAR section: what a strong answer says in it, and how long it should take."""

    key: SectionKey
    target_seconds: float = Field(gt=0, le=600)  # the seed: 30/20/90/20/15
    strong_example: str = ""  # the seed's reflection section has only key ideas
    key_phrases: list[str] = Field(min_length=1)  # quoted phrases of the model answer / key ideas
    coaching: str = Field(min_length=1)
    common_mistake: str = Field(min_length=1)

    @property
    def title(self) -> str:
        return self.key.capitalize()

    @field_validator("key_phrases")
    @classmethod
    def _phrases_can_be_heard(cls, v: list[str]) -> list[str]:
        for i, p in enumerate(v):
            if not p.strip():
                raise ValueError(f"[{i}] must not be empty")
            words = re.findall(r"[^\W_]+", p.lower())
            if not words:
                raise ValueError(f"[{i}] {p!r} has no words (only punctuation or symbols), so it can never be heard")
            if all(w in DROPPED_FILLERS for w in words):
                raise ValueError(f"[{i}] {p!r} has only fillers that transcripts drop before matching, so it can never be heard")
            if all(w in COMMON_WORDS for w in words):
                raise ValueError(f"[{i}] {p!r} has only common words that every answer says; name what a strong answer says")
        return v

    @model_validator(mode="after")
    def _phrases_fit_the_section(self) -> Section:
        most = int(SPOKEN_WORDS_PER_SECOND * self.target_seconds)
        for i, p in enumerate(self.key_phrases):
            n = len(p.split())
            if n > most:
                raise ValueError(
                    f"key_phrases[{i}]: {n} words take longer to say than the section's target of {self.target_seconds:g}s "
                    f"(at most {most} words at a brisk {SPOKEN_WORDS_PER_SECOND * 60:g} words a minute); keep key phrases short"
                )
        return self


class LevelReflection(_Model):
    """A model reflection as a candidate at this level would say it."""

    level: Level
    text: str = Field(min_length=1)


class Probe(_Model):
    """A follow-up question with the weak and strong answers an interviewer hears."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    question: str = Field(min_length=1)
    probes: str = Field(min_length=1)  # what the interviewer is probing for
    weak_answer: str = Field(min_length=1)
    weak_why: str = Field(min_length=1)  # why the weak answer fails
    strong_answer: str = Field(min_length=1)
    strong_summary: str = Field(min_length=1)  # the one-line takeaway of the strong answer
    # Rubric signals whose absence in the main answer makes this probe worth asking
    # (ids from mockint/data/signals.toml, e.g. "follow_through", "quantified_result").
    triggers: list[str] = Field(default_factory=list)

    @field_validator("triggers")
    @classmethod
    def _known_triggers(cls, v: list[str]) -> list[str]:
        known = known_signal_ids()
        for i, sid in enumerate(v):
            if sid not in known:
                raise ValueError(f"[{i}] {sid!r} is not a signal id or flag code of mockint/data/signals.toml{did_you_mean(sid, known)}")
        return v


class RedFlagNote(_Model):
    """One red flag of the weak answer, as the scenario's author wrote it."""

    text: str = Field(min_length=1)
    code: str | None = None  # the rubric flag that detects it, when one does

    @field_validator("code")
    @classmethod
    def _known_code(cls, v: str | None) -> str | None:
        if v is not None and v not in known_flag_codes():
            raise ValueError(f"{v!r} is not a rubric flag code{did_you_mean(v, known_flag_codes())}")
        return v


class WeakAnswer(_Model):
    text: str = Field(min_length=1)
    red_flags: list[RedFlagNote] = Field(min_length=1)
    verdict: Verdict  # the Bar Raiser's rating
    bar_raiser_thinks: str = Field(min_length=1)


class QuizQuestion(_Model):
    question: str = Field(min_length=1)
    options: list[str] = Field(min_length=2, max_length=6)
    answer: int = Field(ge=0)  # index into options of the correct one
    explanation: str = Field(min_length=1)

    @model_validator(mode="after")
    def _answer_in_range(self) -> QuizQuestion:
        if self.answer >= len(self.options):
            raise ValueError(f"answer: {self.answer} is not an index of options (0 to {len(self.options) - 1}; the first option is 0)")
        return self


class Lens(_Model):
    """How to tell the same story when the interviewer is probing one Leadership Principle."""

    principle: Principle
    guidance: str = Field(min_length=1)
    emphasize: str = Field(min_length=1)
    downplay: str = Field(min_length=1)


class LevelCalibration(_Model):
    """What the bar is at one level, and how long the whole answer should take."""

    level: Level
    guidance: str = Field(min_length=1)
    reflection: str = Field(min_length=1)
    bar: str = Field(min_length=1)
    budget_text: str = Field(min_length=1)  # as said to the candidate: "Keep to 2 minutes."
    min_seconds: float = Field(gt=0)
    max_seconds: float = Field(gt=0)

    @model_validator(mode="after")
    def _budget_order(self) -> LevelCalibration:
        if self.min_seconds > self.max_seconds:
            raise ValueError(f"min_seconds: {self.min_seconds:g} must be <= max_seconds ({self.max_seconds:g})")
        return self


class Mode(_Model):
    key: Literal["learn", "guided", "mock"]
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)


class Scenario(_Model):
    """A complete behavioral scenario (see scenarios/customer-obsession-webhook.toml)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    principles: list[str] = Field(min_length=1)
    question: str = Field(min_length=1)  # as the agent asks it aloud
    overview: str = Field(min_length=1)  # the story in the candidate's words
    summary: str = Field(min_length=1)  # why the story works: the key takeaways
    sections: list[Section]
    reflections: list[LevelReflection] = Field(min_length=1)
    probes: list[Probe] = Field(min_length=1)
    weak_answer: WeakAnswer
    quiz: list[QuizQuestion] = Field(min_length=1)
    lenses: list[Lens] = Field(min_length=1)
    levels: list[LevelCalibration] = Field(min_length=1)
    modes: list[Mode] = Field(min_length=1)

    @field_validator("principles")
    @classmethod
    def _known_principles(cls, v: list[str]) -> list[str]:
        out = []
        for i, name in enumerate(v):
            try:
                out.append(official_principle(name))
            except ValueError as e:
                raise ValueError(f"[{i}] {e}") from None
        return out

    @field_validator("sections")
    @classmethod
    def _star_order(cls, v: list[Section]) -> list[Section]:
        keys = [s.key for s in v]
        if keys != list(SECTION_ORDER):
            where = next((f"; sections[{i}] is {k!r}, expected {e!r}" for i, (k, e) in enumerate(zip(keys, SECTION_ORDER)) if k != e), "")
            raise ValueError(f"must be {', '.join(SECTION_ORDER)} in that order; got {', '.join(keys) or 'none'}{where}")
        return v

    @model_validator(mode="after")
    def _unique_ids(self) -> Scenario:
        for field, attr, items in (
            ("probes", "id", [p.id for p in self.probes]),
            ("levels", "level", [c.level for c in self.levels]),
            ("reflections", "level", [r.level for r in self.reflections]),
            ("modes", "key", [m.key for m in self.modes]),
        ):
            for j, item in enumerate(items):
                if item in items[:j]:
                    raise ValueError(f"{field}[{j}].{attr}: duplicate {attr} {item!r} (already used by {field}[{items.index(item)}])")
        return self

    # -- lookups used by the core --------------------------------------------------------
    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def calibration(self, level: str) -> LevelCalibration:
        """The level's calibration; a level the file lacks is interpolated from its neighbours."""
        for c in self.levels:
            if c.level == level:
                return c
        return min(self.levels, key=lambda c: abs(LEVELS.index(c.level) - LEVELS.index(level)))

    def reflection_for(self, level: str) -> str:
        for r in self.reflections:
            if r.level == level:
                return r.text
        return self.calibration(level).reflection

    @property
    def total_target_seconds(self) -> float:
        return sum(s.target_seconds for s in self.sections)


def did_you_mean(word: str, choices: set[str] | frozenset[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


@lru_cache(maxsize=1)
def known_flag_codes() -> frozenset[str]:
    """Flag codes the rubric can raise (data/signals.toml red flags and missing-signal flags, plus computed ones)."""
    from mockint.library.signals import load_signals  # data only: no device, file or model beyond the package's own data

    return frozenset(load_signals().flag_codes())


@lru_cache(maxsize=1)
def known_signal_ids() -> frozenset[str]:
    """Ids a probe may name in `triggers`: the rubric's signal ids and flag codes."""
    from mockint.library.signals import load_signals

    return frozenset(load_signals().known_ids())
