"""Bring your own story: turn a candidate's STAR notes into a complete, valid scenario.

The pure part is `build_scenario(notes) -> Scenario`: the candidate's own sentences become the strong
examples and their key phrases (mockint.library.phrases), and everything else (coaching, common mistakes,
probes, quiz, LP lenses, level calibration, a weak answer) comes from the chosen principle's templates in
data/principles.toml (mockint.library.templates). `save_scenario()` writes it as TOML (the one I/O edge).
The notes and the terminal interview that collects them are mockint.library.notes.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mockint.errors import FileError, MockintError
from mockint.library.notes import StoryNotes, split_numbers
from mockint.library.phrases import MAX_PHRASES, extract_key_phrases, story_id
from mockint.library.schema import LEVELS, SECTION_ORDER, Scenario, canonical_principle
from mockint.library.store import load_scenario, parse_scenario
from mockint.library.templates import PrincipleBook, PrincipleTemplate, load_principles
from mockint.library.toml_writer import scenario_toml
from mockint.paths import write_atomic

log = logging.getLogger(__name__)

# Target seconds per STAR section (the seed's split; the level budgets come from data/principles.toml).
SECTION_TARGETS = {"situation": 30, "task": 20, "action": 90, "result": 20, "reflection": 15}


def _fill(text: str, principle: str) -> str:
    return text.replace("{principle}", principle)


def _section_texts(notes: StoryNotes, numbers: list[str]) -> dict[str, str]:
    """Each STAR note on one line; the figures they want to land belong in the Result, in their words."""
    texts = {k: " ".join(getattr(notes, k).split()) for k in SECTION_ORDER}
    missing = [n for n in numbers if n.lower() not in texts["result"].lower()]
    if missing:
        texts["result"] = f"{texts['result'].rstrip(' .')}. In numbers: {'; '.join(missing)}."
    return texts


def _sections(texts: dict[str, str], numbers: list[str], tpl: PrincipleTemplate, book: PrincipleBook) -> list[dict]:
    sections = []
    for key in SECTION_ORDER:
        phrases = extract_key_phrases(texts[key])
        if key == "result":  # the figures they asked for first, then what else their Result says
            extra = [p for p in phrases if not any(p.lower() in n.lower() or n.lower() in p.lower() for n in numbers)]
            phrases = (numbers + extra)[:MAX_PHRASES]
        coach = tpl.sections.get(key) or book.defaults.sections[key]
        sections.append({
            "key": key,
            "target_seconds": SECTION_TARGETS[key],
            "strong_example": texts[key],
            "key_phrases": phrases,
            "coaching": coach.coaching,
            "common_mistake": coach.common_mistake,
        })
    return sections


def _lenses(lp: str, tpl: PrincipleTemplate, book: PrincipleBook) -> list[dict]:
    """The principle's own lens first, then those of the principles the story also shows."""
    return [{"principle": lp, **tpl.lens.model_dump()}] + [
        {"principle": other, **book.template(other).lens.model_dump()} for other in tpl.related
    ]


def _levels(notes: StoryNotes, reflection: str, tpl: PrincipleTemplate, book: PrincipleBook) -> list[dict]:
    """The calibration of every level; the candidate's own reflection at their level."""
    levels = []
    for lvl in LEVELS:
        ld = book.defaults.levels[lvl]
        levels.append({
            "level": lvl,
            "guidance": ld.guidance,
            "reflection": reflection if lvl == notes.level else ld.reflection,
            "bar": tpl.bar[lvl],
            "budget_text": ld.budget_text,
            "min_seconds": ld.min_seconds,
            "max_seconds": ld.max_seconds,
        })
    return levels


def _summary(lp: str, sections: list[dict], numbers: list[str], notes: StoryNotes, tpl: PrincipleTemplate) -> str:
    phrases = [p for s in sections for p in s["key_phrases"][:2]]
    return (
        f"Your own {lp} story, written by `mockint new` from your notes. Land these phrases: "
        + ", ".join(f"'{p}'" for p in phrases)
        + (f"; and these numbers: {'; '.join(numbers)}" if numbers else "")
        + f". The bar at {notes.level}: {tpl.bar[notes.level]}"
    )


def _weak_answer(lp: str, book: PrincipleBook) -> dict:
    weak = book.defaults.weak_answer
    return {
        "text": _fill(weak.text, lp),
        "verdict": weak.verdict,
        "bar_raiser_thinks": _fill(weak.bar_raiser_thinks, lp),
        "red_flags": [dict(f) for f in weak.red_flags],
    }


def build_scenario_data(notes: StoryNotes) -> dict:
    """The scenario as plain data (what the TOML file holds), from the notes and the principle's templates."""
    book = load_principles()
    lp = canonical_principle(notes.principle)
    if lp is None:
        raise MockintError(f"--principle: unknown Leadership Principle {notes.principle!r}")
    if notes.level not in LEVELS:
        raise MockintError(f"--level: must be one of {', '.join(LEVELS)}, got {notes.level!r}")
    tpl = book.template(lp)
    numbers = split_numbers(notes.numbers)
    texts = _section_texts(notes, numbers)
    sections = _sections(texts, numbers, tpl, book)
    question = " ".join(notes.question.split()) or tpl.question
    return {
        "id": notes.id or story_id(notes.situation, tpl.slug),
        "title": question.rstrip("?.! ") if len(question) <= 120 else question[:117].rstrip() + "...",
        "principles": [lp, *tpl.related],
        "question": question,
        "overview": f"{texts['situation']} {texts['task']}",
        "summary": _summary(lp, sections, numbers, notes, tpl),
        "sections": sections,
        "reflections": [{"level": notes.level, "text": texts["reflection"]}],
        "probes": [dict(p) for p in tpl.probes],
        "weak_answer": _weak_answer(lp, book),
        "quiz": [dict(q) for q in tpl.quiz] + [dict(q) for q in book.defaults.quiz],
        "lenses": _lenses(lp, tpl, book),
        "levels": _levels(notes, texts["reflection"], tpl, book),
        "modes": [dict(m) for m in book.defaults.modes],
    }


def build_scenario(notes: StoryNotes, source: str = "<mockint new>") -> tuple[Scenario, dict]:
    """The validated scenario and the data it was built from (raises ScenarioError if invalid)."""
    data = build_scenario_data(notes)
    return parse_scenario(data, source), data


def save_scenario(data: dict, path: Path, *, force: bool = False) -> Scenario:
    """Write the scenario file (atomically) and read it back through the validator."""
    if path.exists() and not force:
        raise MockintError(f"{path}: already exists (choose another --id or --output, or pass --force)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise FileError.from_os(e, e.filename or path.parent) from None
    header = "Written by `mockint new` from your own STAR notes. Edit freely; check with `mockint scenarios validate`."
    write_atomic(path, scenario_toml(data, header))
    log.info("wrote %s", path)
    return load_scenario(path)
