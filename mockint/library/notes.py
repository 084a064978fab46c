"""The candidate's STAR notes for `mockint new`: what each answer must be, and the terminal interview that
asks for whatever the flags did not give."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from mockint import defaults
from mockint.errors import MockintError
from mockint.library.schema import LEVELS, canonical_principle, closest_principle


@dataclass(frozen=True)
class StoryNotes:
    """What the candidate tells `mockint new`: a sentence or two per STAR section."""

    principle: str
    situation: str
    task: str
    action: str
    result: str
    reflection: str
    question: str = ""  # the question they expect; the principle's usual one when empty
    numbers: list[str] = field(default_factory=list)  # the figures they want to land ("18% to 2%")
    level: str = defaults.LEVEL
    id: str = ""  # file stem and scenario id; derived from the principle and the situation when empty


@dataclass(frozen=True)
class Prompt:
    """One question of the terminal interview (`mockint new` without flags)."""

    field: str  # StoryNotes field
    text: str
    required: bool = True


INTERVIEW: tuple[Prompt, ...] = (
    Prompt("principle", "Which Leadership Principle is this story for (e.g. Ownership, Dive Deep)?"),
    Prompt("question", "The question you expect, as the interviewer would ask it (Enter for the usual one):", required=False),
    Prompt("situation", "Situation, in a sentence or two: where you were, what was wrong, who it hurt:"),
    Prompt("task", "Task: what you set out to do, and why it was yours (not your team? no ticket?):"),
    Prompt("action", "Action: what YOU did, step by step ('I pulled...', 'I wrote...'):"),
    Prompt("result", "Result: what changed, in numbers (before and after, money, time, customers):"),
    Prompt("reflection", "Reflection: the systemic lesson, what you changed or now do by default:"),
    Prompt("numbers", "Numbers you want to land, separated by ';' (Enter for none):", required=False),
    Prompt("level", "Level: sde1, sde2 or senior (Enter for sde2):", required=False),
)


def split_numbers(raw: str | list[str] | None) -> list[str]:
    """'18% to 2%; $300K a year' -> ['18% to 2%', '$300K a year'] (';', '|' or new lines separate)."""
    items = raw if isinstance(raw, list) else [raw or ""]
    out: list[str] = []
    for item in items:
        out += [p.strip(" .") for p in re.split(r"[;|\n]", item) if p.strip(" .")]
    return out


def check_field(name: str, value: str) -> str:
    """The cleaned value of one answer, or a MockintError naming the flag."""
    value = " ".join(value.split())
    if name == "principle":
        lp = canonical_principle(value)
        if lp is None:
            close = closest_principle(value)
            hint = f"did you mean {close!r}?" if close else "e.g. 'Ownership', 'Dive Deep', 'Bias for Action'"
            raise MockintError(f"--principle: unknown Leadership Principle {value!r} ({hint})")
        return lp
    if name == "level":
        value = value.lower().replace(" ", "") or defaults.LEVEL
        if value not in LEVELS:
            raise MockintError(f"--level: must be one of {', '.join(LEVELS)}, got {value!r}")
        return value
    if name == "id":
        if value and not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
            raise MockintError(f"--id: must be lowercase letters, digits and dashes (like 'my-ci-story'), got {value!r}")
        return value
    if name in ("situation", "task", "action", "result", "reflection") and len(value) < 8:
        raise MockintError(f"--{name}: write a sentence or two (got {value!r})")
    return value


def collect_notes(
    given: dict[str, str | list[str] | None],
    ask: Callable[[str], str | None] | None = None,
    tell: Callable[[str], None] = lambda text: None,
) -> StoryNotes:
    """StoryNotes from the flags given, asking `ask(prompt) -> str | None` for what is missing.

    Without `ask` every required field must be given. With it, the interview runs only when a
    required field is missing, and then asks every field not given. `ask` returns None when input
    has ended; an invalid answer is explained through `tell` and asked again, up to three times.
    """
    values: dict[str, object] = {}
    for name in ("principle", "level", "id"):
        if given.get(name):
            values[name] = check_field(name, str(given[name]))
    for name in ("question", "situation", "task", "action", "result", "reflection"):
        if given.get(name):
            values[name] = check_field(name, str(given[name]))
    if given.get("numbers"):
        values["numbers"] = split_numbers(given["numbers"])  # type: ignore[arg-type]
    interactive = ask is not None and any(p.field not in values for p in INTERVIEW if p.required)
    for prompt in INTERVIEW:
        if prompt.field in values:
            continue
        if not interactive:
            if prompt.required:
                raise MockintError(f"--{prompt.field}: required (pass it, or run `mockint new` without flags to be asked)")
            continue
        for attempt in range(3):
            answer = ask(prompt.text if attempt == 0 else f"Please try again. {prompt.text}")
            if answer is None:
                raise MockintError(f"mockint new: input ended before {prompt.field!r} was answered (answer each prompt on its own line, or pass --{prompt.field})")
            answer = answer.strip()
            if not answer and not prompt.required:
                break
            try:
                values[prompt.field] = split_numbers(answer) if prompt.field == "numbers" else check_field(prompt.field, answer)
                break
            except MockintError as e:
                if attempt == 2:
                    raise
                tell(str(e))
    return StoryNotes(**values)  # type: ignore[arg-type]
