"""The per-principle templates of `mockint new` (data/principles.toml): question, lens, bars per level,
coaching, probes and quiz, and the defaults every principle shares."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Coaching(_Data):
    coaching: str
    common_mistake: str


class _LensText(_Data):
    guidance: str
    emphasize: str
    downplay: str


class _LevelDefault(_Data):
    guidance: str
    reflection: str
    budget_text: str
    min_seconds: float
    max_seconds: float


class _WeakDefault(_Data):
    text: str
    verdict: str
    bar_raiser_thinks: str
    red_flags: list[dict]


class _Defaults(_Data):
    sections: dict[str, _Coaching]
    weak_answer: _WeakDefault
    quiz: list[dict]
    levels: dict[str, _LevelDefault]
    modes: list[dict]


class PrincipleTemplate(_Data):
    slug: str
    question: str
    related: list[str] = Field(min_length=1)
    lens: _LensText
    bar: dict[str, str]
    sections: dict[str, _Coaching] = Field(default_factory=dict)
    probes: list[dict] = Field(min_length=3)
    quiz: list[dict] = Field(min_length=1)


class PrincipleBook(_Data):
    defaults: _Defaults
    principles: dict[str, PrincipleTemplate]

    def template(self, principle: str) -> PrincipleTemplate:
        return self.principles[principle]


@lru_cache(maxsize=1)
def load_principles() -> PrincipleBook:
    raw = resources.files("mockint").joinpath("data/principles.toml").read_text(encoding="utf-8")
    return PrincipleBook.model_validate(tomllib.loads(raw))
