"""The rubric's general signals, red-flag patterns, LP lens weights and level bars (data/signals.toml)."""

from __future__ import annotations

import re
import tomllib
from functools import cached_property, lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field

# Flags computed in code rather than by pattern (documented in the report contract).
COMPUTED_FLAGS = (
    "we_language",
    "missing_section",
    "section_over_target",
    "section_under_target",
    "too_short",
    "too_long",
    "no_speech",
    "not_english",
    "unclear_english",
)


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SignalDef(_Data):
    id: str
    label: str
    sections: list[str] = Field(min_length=1)  # the first is where it belongs
    weight: float = 1.0
    patterns: list[str] = Field(min_length=1)
    min_count: int = 1
    missing_flag: str | None = None
    missing_message: str | None = None
    # Empty: a general signal, scored for every story. Otherwise it only counts toward section
    # scores of scenarios under one of these Leadership Principles (it still feeds their lenses).
    principles: list[str] = Field(default_factory=list)

    def applies_to(self, principles: list[str]) -> bool:
        return not self.principles or bool(set(self.principles) & set(principles))

    @cached_property
    def regexes(self) -> list[re.Pattern]:
        return [re.compile(p) for p in self.patterns]


class RedFlagDef(_Data):
    code: str
    label: str
    sections: list[str] = Field(default_factory=list)  # empty: anywhere
    patterns: list[str] = Field(min_length=1)
    message: str

    @cached_property
    def regexes(self) -> list[re.Pattern]:
        return [re.compile(p) for p in self.patterns]


class LensWeights(_Data):
    signals: dict[str, float] = Field(default_factory=dict)
    flags: dict[str, float] = Field(default_factory=dict)


class LevelBar(_Data):
    shift: float = 0
    required: list[str] = Field(default_factory=list)
    # Of `required`, those that only apply when the scenario's lead principle's lens weighs them
    # (a scope boundary proves Ownership; it is not expected when earning trust after your own mistake).
    lens_scoped: list[str] = Field(default_factory=list)

    def required_for(self, lens: LensWeights) -> list[str]:
        return [r for r in self.required if r not in self.lens_scoped or r in lens.signals]


class SignalBook(_Data):
    signals: list[SignalDef]
    red_flags: list[RedFlagDef]
    lenses: dict[str, LensWeights]
    levels: dict[str, LevelBar]

    def signal(self, sid: str) -> SignalDef | None:
        return next((s for s in self.signals if s.id == sid), None)

    def lens(self, principle: str) -> LensWeights:
        return self.lenses.get(principle) or self.lenses["default"]

    def flag_codes(self) -> set[str]:
        codes = set(COMPUTED_FLAGS) | {f.code for f in self.red_flags}
        codes |= {s.missing_flag for s in self.signals if s.missing_flag}
        return codes

    def known_ids(self) -> set[str]:
        """Every id a scenario may name in a probe's `triggers`: signal ids and flag codes."""
        return {s.id for s in self.signals} | self.flag_codes()


@lru_cache(maxsize=1)
def load_signals() -> SignalBook:
    raw = resources.files("mockint").joinpath("data/signals.toml").read_text(encoding="utf-8")
    return SignalBook.model_validate(tomllib.loads(raw))
