"""The scenario format: one behavioral question with everything needed to coach, score and probe it.

Scenario files are TOML in `scenarios/`. They are validated here, at the boundary, with
`extra="forbid"`: every problem is reported as `FILE: field.path: message`.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from mockint.errors import MockintError, ScenarioError

SectionKey = Literal["situation", "task", "action", "result", "reflection"]
Level = Literal["sde1", "sde2", "senior"]
Verdict = Literal["Strong Hire", "Hire", "Lean Hire", "Lean No Hire", "No Hire"]

SECTION_ORDER: tuple[str, ...] = ("situation", "task", "action", "result", "reflection")
LEVELS: tuple[str, ...] = ("sde1", "sde2", "senior")
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
    def _phrases_not_blank(cls, v: list[str]) -> list[str]:
        for i, p in enumerate(v):
            if not p.strip():
                raise ValueError(f"phrase {i} is empty")
        return v


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


class RedFlagNote(_Model):
    """One red flag of the weak answer, as the scenario's author wrote it."""

    text: str = Field(min_length=1)
    code: str | None = None  # the rubric flag that detects it, when one does


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
            raise ValueError(f"answer: {self.answer} is not an index of options (0..{len(self.options) - 1})")
        return self


class Lens(_Model):
    """How to tell the same story when the interviewer is probing one Leadership Principle."""

    principle: str
    guidance: str = Field(min_length=1)
    emphasize: str = Field(min_length=1)
    downplay: str = Field(min_length=1)

    @field_validator("principle")
    @classmethod
    def _known_principle(cls, v: str) -> str:
        lp = canonical_principle(v)
        if lp is None:
            raise ValueError(f"unknown Leadership Principle {v!r}")
        return lp


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
            raise ValueError("min_seconds must be <= max_seconds")
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
        for name in v:
            lp = canonical_principle(name)
            if lp is None:
                raise ValueError(f"unknown Leadership Principle {name!r}")
            out.append(lp)
        return out

    @field_validator("sections")
    @classmethod
    def _star_order(cls, v: list[Section]) -> list[Section]:
        keys = [s.key for s in v]
        if keys != list(SECTION_ORDER):
            raise ValueError(f"sections must be {', '.join(SECTION_ORDER)} in that order; got {', '.join(keys) or 'none'}")
        return v

    @model_validator(mode="after")
    def _unique_ids(self) -> Scenario:
        ids = [p.id for p in self.probes]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"probes: duplicate id {sorted(dup)[0]!r}")
        for field, items in (("levels", [c.level for c in self.levels]), ("reflections", [r.level for r in self.reflections])):
            dup = {i for i in items if items.count(i) > 1}
            if dup:
                raise ValueError(f"{field}: level {sorted(dup)[0]!r} appears twice")
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


# -- loading -----------------------------------------------------------------------------

_MESSAGES = {
    "greater_than": "must be > {gt}",
    "greater_than_equal": "must be >= {ge}",
    "less_than_equal": "must be <= {le}",
    "missing": "required field is missing",
    "extra_forbidden": "unknown field (not part of the scenario format)",
    "too_short": "must have at least {min_length} item(s)",
    "string_too_short": "must not be empty",
}


def _format_loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def format_validation_error(err: ValidationError) -> list[str]:
    problems = []
    for e in err.errors():
        template = _MESSAGES.get(e["type"])
        msg = template.format(**(e.get("ctx") or {})) if template else e["msg"]
        msg = msg.removeprefix("Value error, ")
        problems.append(f"{_format_loc(e['loc'])}: {msg}")
    return problems


def parse_scenario(data: dict, source: str = "<scenario>") -> Scenario:
    try:
        return Scenario.model_validate(data)
    except ValidationError as e:
        raise ScenarioError(source, format_validation_error(e)) from None


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate one TOML scenario file."""
    path = Path(path)
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise ScenarioError(str(path), ["no such file"]) from None
    except OSError as e:
        raise ScenarioError(str(path), [f"cannot read: {e.strerror or e}"]) from None
    except tomllib.TOMLDecodeError as e:
        raise ScenarioError(str(path), [f"invalid TOML: {e}"]) from None
    except UnicodeDecodeError:
        raise ScenarioError(str(path), ["invalid TOML: not UTF-8 text"]) from None
    return parse_scenario(data, str(path))


def scenario_dirs() -> list[Path]:
    """Where scenarios are looked up by id: $MOCKINT_SCENARIOS (os.pathsep list), the user's own, the bundled."""
    dirs = [Path(p) for p in os.environ.get("MOCKINT_SCENARIOS", "").split(os.pathsep) if p]
    from mockint.paths import data_dir

    dirs.append(data_dir() / "scenarios")
    dirs.append(Path(__file__).resolve().parent.parent / "scenarios")
    return dirs


def scenario_files() -> list[Path]:
    seen: dict[str, Path] = {}
    for d in scenario_dirs():
        if d.is_dir():
            for p in sorted(d.glob("*.toml")):
                seen.setdefault(p.stem, p)
    return list(seen.values())


def find_scenario(ref: str) -> Scenario:
    """A scenario by path, or by id (the file stem or the `id` field) in `scenario_dirs()`."""
    p = Path(ref)
    if p.suffix == ".toml" or os.sep in ref or p.exists():
        return load_scenario(p)
    for f in scenario_files():
        if f.stem == ref:
            return load_scenario(f)
    for f in scenario_files():
        try:
            s = load_scenario(f)
        except ScenarioError:
            continue
        if s.id == ref:
            return s
    known = ", ".join(f.stem for f in scenario_files()) or "none"
    raise MockintError(f"scenario {ref!r}: not found (known: {known})")
