"""Bring your own story: turn a candidate's STAR notes into a complete, valid scenario.

The pure part is `build_scenario(notes) -> Scenario`: the candidate's own sentences become the strong
examples and their key phrases ('I <verb> ...' clauses, numbers with their units, named systems and
teams), and everything else (coaching, common mistakes, probes, quiz, LP lenses, level calibration,
a weak answer) comes from the chosen principle's templates in data/principles.toml.
`scenario_toml()` renders the scenario as TOML and `save_scenario()` writes it (the one I/O edge).
"""

from __future__ import annotations

import difflib
import json
import logging
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from mockint.errors import MockintError
from mockint.library.scenario import LEADERSHIP_PRINCIPLES, LEVELS, SECTION_ORDER, Scenario, canonical_principle, load_scenario, parse_scenario

log = logging.getLogger(__name__)

# Target seconds per STAR section (the seed's split; the level budgets come from data/principles.toml).
SECTION_TARGETS = {"situation": 30, "task": 20, "action": 90, "result": 20, "reflection": 15}
MAX_PHRASES = 6


# -- the notes -----------------------------------------------------------------------------


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
    level: str = "sde2"
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
            close = difflib.get_close_matches(value.lower(), [p.lower() for p in LEADERSHIP_PRINCIPLES], n=1, cutoff=0.6)
            hint = f"did you mean {LEADERSHIP_PRINCIPLES[[p.lower() for p in LEADERSHIP_PRINCIPLES].index(close[0])]!r}?" if close else "e.g. 'Ownership', 'Dive Deep', 'Bias for Action'"
            raise MockintError(f"--principle: unknown Leadership Principle {value!r} ({hint})")
        return lp
    if name == "level":
        value = value.lower().replace(" ", "") or "sde2"
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


# -- per-principle templates (data/principles.toml) ------------------------------------------


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


# -- key phrases from the candidate's own words ----------------------------------------------

_NOT_ACTIONS = {"was", "am", "had", "have", "would", "could", "should", "think", "guess", "mean", "felt", "feel", "were", "also", "then", "just", "really"}
_UNITS = (
    r"percent|x|ms|milliseconds?|seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|dollars?|k|m"
    r"|engineers?|customers?|users?|teams?|services?|tests?|requests?|orders?|pages?|tickets?|incidents?|endpoints?|people"
)
_QTY = rf"(?:(?:under|over|about|around|nearly|almost|roughly|just) )?(?<![A-Za-z])\$?\d[\d,]*(?:\.\d+)?(?:%|\s?(?:{_UNITS})\b)?(?:\s(?:a|per|each)\s(?:day|week|month|quarter|year)\b)?"
_NUMBER = re.compile(rf"(?:from\s)?{_QTY}(?:\s(?:to|down to|up to)\s{_QTY})?", re.IGNORECASE)
_I_CLAUSE = re.compile(r"\bI\s+((?:\w+ly\s+)?[A-Za-z][\w-]*)((?:\s+[\w$%'-]+){0,3})")
_NAMED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-zA-Z0-9]+(?:[ -][A-Z][a-zA-Z0-9]+)*|[A-Z]{2,}[a-z]?s?)\b")
_SCOPE = re.compile(
    r"\b(not (?:on |in |part of )?(?:my|our) (?:team|sprint|scope|roadmap|backlog|service|job|role|area)"
    r"|(?:was not|wasn't|isn't|is not) (?:on|in|part of) (?:my|our) \w+|no ticket|(?:nobody|no one) (?:had )?asked(?: me)?"
    r"|outside (?:my|our) \w+|(?:belonged|belongs) to (?:another|a different|the \w+) team)",
    re.IGNORECASE,
)
_BREAK = {"that", "which", "who", "and", "but", "so", "because", "for", "from", "with", "without", "at", "by", "into", "after", "before", "while", "when", "until"}
_STOP = {"the", "a", "an", "our", "my", "of", "in", "on", "for", "to", "and", "at", "was", "were", "is", "with", "that", "this", "it", "as", "we", "i", "when", "while", "after"}


def extract_key_phrases(text: str, limit: int = MAX_PHRASES) -> list[str]:
    """Salient phrases of one section, in the candidate's own words: scope boundaries, numbers with
    their units ('from 18% to 2%'), 'I <verb> ...' clauses, and named things (teams, systems)."""
    found: list[str] = []

    def add(p: str) -> None:
        p = p.strip(" ,.;:-")
        if len(p) >= 2 and not any(p.lower() in f.lower() or f.lower() in p.lower() for f in found):
            found.append(p)

    for m in _SCOPE.finditer(text):
        add(m.group(0))
    for m in _NUMBER.finditer(text):
        if re.search(r"\d", m.group(0)):
            add(m.group(0))
    for m in _I_CLAUSE.finditer(text):
        if m.group(1).lower() not in _NOT_ACTIONS:
            words = ["I", m.group(1)]
            for w in m.group(2).split():
                if w.lower() in _BREAK:  # "I wrote an autoscaler that ..." -> "I wrote an autoscaler"
                    break
                words.append(w)
            while len(words) > 2 and words[-1].lower() in _STOP:  # "I restarted the" -> "I restarted"
                words.pop()
            add(" ".join(words))
    for m in _NAMED.finditer(text):
        if m.group(1) not in ("I", "We", "The", "My", "Our") and not m.group(1).startswith("I "):
            add(m.group(1))
    if not found:  # a sentence without any of those: its first content words
        words = [w for w in re.findall(r"[\w$%'-]+", text)]
        content = [i for i, w in enumerate(words) if w.lower() not in _STOP]
        if content:
            add(" ".join(words[content[0] : content[0] + 4]))
    return found[:limit]


def story_id(notes: StoryNotes, slug: str) -> str:
    """'my-<principle slug>-<three content words of the situation>' unless the candidate chose one."""
    if notes.id:
        return notes.id
    words = [w.lower() for w in re.findall(r"[A-Za-z0-9]+", notes.situation) if w.lower() not in _STOP and len(w) > 2]
    return "-".join(["my", slug, *words[:3]])


# -- building the scenario ---------------------------------------------------------------------


def _fill(text: str, principle: str) -> str:
    return text.replace("{principle}", principle)


def build_scenario_data(notes: StoryNotes) -> dict:
    """The scenario as plain data (what the TOML file holds), from the notes and the principle's templates."""
    book = load_principles()
    lp = canonical_principle(notes.principle)
    if lp is None:
        raise MockintError(f"--principle: unknown Leadership Principle {notes.principle!r}")
    if notes.level not in LEVELS:
        raise MockintError(f"--level: must be one of {', '.join(LEVELS)}, got {notes.level!r}")
    tpl = book.template(lp)
    d = book.defaults
    texts = {k: " ".join(getattr(notes, k).split()) for k in SECTION_ORDER}

    numbers = split_numbers(notes.numbers)
    missing = [n for n in numbers if n.lower() not in texts["result"].lower()]
    if missing:  # the figures they want to land belong in the Result, in their words
        texts["result"] = f"{texts['result'].rstrip(' .')}. In numbers: {'; '.join(missing)}."

    sections = []
    for key in SECTION_ORDER:
        phrases = extract_key_phrases(texts[key])
        if key == "result":  # the figures they asked for first, then what else their Result says
            extra = [p for p in phrases if not any(p.lower() in n.lower() or n.lower() in p.lower() for n in numbers)]
            phrases = (numbers + extra)[:MAX_PHRASES]
        coach = tpl.sections.get(key) or d.sections[key]
        sections.append(
            {
                "key": key,
                "target_seconds": SECTION_TARGETS[key],
                "strong_example": texts[key],
                "key_phrases": phrases,
                "coaching": coach.coaching,
                "common_mistake": coach.common_mistake,
            }
        )

    lenses = [{"principle": lp, **tpl.lens.model_dump()}]
    for other in tpl.related:
        lenses.append({"principle": other, **book.template(other).lens.model_dump()})

    levels = []
    for lvl in LEVELS:
        ld = d.levels[lvl]
        levels.append(
            {
                "level": lvl,
                "guidance": ld.guidance,
                "reflection": texts["reflection"] if lvl == notes.level else ld.reflection,
                "bar": tpl.bar[lvl],
                "budget_text": ld.budget_text,
                "min_seconds": ld.min_seconds,
                "max_seconds": ld.max_seconds,
            }
        )

    all_phrases = [p for s in sections for p in s["key_phrases"][:2]]
    weak = d.weak_answer
    question = " ".join(notes.question.split()) or tpl.question
    return {
        "id": story_id(notes, tpl.slug),
        "title": question.rstrip("?.! ") if len(question) <= 120 else question[:117].rstrip() + "...",
        "principles": [lp, *tpl.related],
        "question": question,
        "overview": f"{texts['situation']} {texts['task']}",
        "summary": (
            f"Your own {lp} story, written by `mockint new` from your notes. Land these phrases: "
            + ", ".join(f"'{p}'" for p in all_phrases)
            + (f"; and these numbers: {'; '.join(numbers)}" if numbers else "")
            + f". The bar at {notes.level}: {tpl.bar[notes.level]}"
        ),
        "sections": sections,
        "reflections": [{"level": notes.level, "text": texts["reflection"]}],
        "probes": [dict(p) for p in tpl.probes],
        "weak_answer": {
            "text": _fill(weak.text, lp),
            "verdict": weak.verdict,
            "bar_raiser_thinks": _fill(weak.bar_raiser_thinks, lp),
            "red_flags": [dict(f) for f in weak.red_flags],
        },
        "quiz": [dict(q) for q in tpl.quiz] + [dict(q) for q in d.quiz],
        "lenses": lenses,
        "levels": levels,
        "modes": [dict(m) for m in d.modes],
    }


def build_scenario(notes: StoryNotes, source: str = "<mockint new>") -> tuple[Scenario, dict]:
    """The validated scenario and the data it was built from (raises ScenarioError if invalid)."""
    data = build_scenario_data(notes)
    return parse_scenario(data, source), data


# -- TOML ------------------------------------------------------------------------------------


def _toml_value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return f"{v:g}" if isinstance(v, float) else str(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # a valid TOML basic string
    if isinstance(v, list) and all(not isinstance(x, dict) for x in v):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} as a TOML value")


def _toml_table(data: dict, prefix: str, out: list[str]) -> None:
    for k, v in data.items():
        if not isinstance(v, dict) and not (isinstance(v, list) and v and isinstance(v[0], dict)):
            out.append(f"{k} = {_toml_value(v)}")
    for k, v in data.items():
        name = f"{prefix}.{k}" if prefix else k
        if isinstance(v, dict):
            out.append(f"\n[{name}]")
            _toml_table(v, name, out)
        elif isinstance(v, list) and v and isinstance(v[0], dict):
            for item in v:
                out.append(f"\n[[{name}]]")
                _toml_table(item, name, out)


def scenario_toml(data: dict, header: str = "") -> str:
    """Scenario data as a TOML file that `load_scenario` reads back to the same scenario."""
    out = [f"# {line}" if line else "#" for line in header.splitlines()]
    _toml_table(data, "", out)
    return "\n".join(out).lstrip("\n") + "\n"


def save_scenario(data: dict, path: Path, *, force: bool = False) -> Scenario:
    """Write the scenario file (atomically) and read it back through the validator."""
    if path.exists() and not force:
        raise MockintError(f"{path}: already exists (choose another --id or --output, or pass --force)")
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "Written by `mockint new` from your own STAR notes. Edit freely; check with `mockint scenarios validate`."
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(scenario_toml(data, header), encoding="utf-8")
    tmp.replace(path)
    log.info("wrote %s", path)
    return load_scenario(path)


# -- the interview -----------------------------------------------------------------------------


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
