"""An interview round (`mockint practice --loop N`): several mock sessions in one sitting and the debrief across
them. The one module that knows a round folder's file names, and its typed, versioned record.

Every round is a folder `<home>/rounds/<stamp>-loop/`:
  debrief.json   the `Debrief`: each question (its session folder, principle, verdict), the principles strong and
                 weak across the round, the stories told twice
  debrief.txt    the same for a terminal
The questions' own sessions stay in `sessions/` (each a mock attempt in the history); the round only points at them.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mockint.errors import MockintError
from mockint.paths import data_dir, write_atomic
from mockint.store.folder import new_folder

log = logging.getLogger(__name__)

ROUNDS = "rounds"
DEBRIEF_FILE = "debrief.json"
DEBRIEF_TEXT = "debrief.txt"
DEBRIEF_VERSION = 1


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RoundQuestion(_Record):
    """One question of the round, as its mock session scored it."""

    number: int = Field(ge=1)
    session_id: str  # the question's session folder under sessions/
    scenario: str
    principle: str  # the Leadership Principle the question was asked for (the scenario's lead principle)
    question: str
    score: float
    verdict: str
    lens_verdict: str | None = None  # the verdict of the asked principle's lens
    flags: list[str] = Field(default_factory=list)
    answered: bool = True  # speech was heard


class PrincipleStanding(_Record):
    """One principle across the round: every lens verdict it got, and where it stands."""

    principle: str
    score: float  # mean lens score over the questions that judged it
    verdict: str  # the verdict of that mean score
    standing: str  # strong | mixed | weak
    questions: list[int] = Field(default_factory=list)  # question numbers whose lenses judged it


class ReusedStory(_Record):
    """The same story told for two questions: found by the overlap of the transcripts' content words."""

    questions: tuple[int, int]
    overlap: float  # shared content words / the smaller answer's content words, 0-1
    shared: list[str] = Field(default_factory=list)  # the most telling shared words


class Debrief(_Record):
    """`debrief.json`: the round and what it says across its questions."""

    version: int = DEBRIEF_VERSION
    id: str  # the round folder's name
    level: str
    started_at: str
    complete: bool = True  # every question was asked
    questions: list[RoundQuestion] = Field(default_factory=list)
    principles: list[PrincipleStanding] = Field(default_factory=list)
    reused_stories: list[ReusedStory] = Field(default_factory=list)
    summary: str = ""

    @property
    def strong(self) -> list[str]:
        return [p.principle for p in self.principles if p.standing == "strong"]

    @property
    def weak(self) -> list[str]:
        return [p.principle for p in self.principles if p.standing == "weak"]


def rounds_dir(home: Path | None = None) -> Path:
    return (Path(home) if home else data_dir()) / ROUNDS


def create_round_folder(home: Path, now: datetime) -> Path:
    """A new, empty round folder (a second round in the same second gets a suffix)."""
    return new_folder(rounds_dir(home) / f"{now:%Y%m%d-%H%M%S}-loop", "round")


def save_debrief(folder: Path, debrief: Debrief, text: str | None = None) -> list[Path]:
    """debrief.json (and debrief.txt when `text` is given), each written atomically."""
    paths = [write_atomic(folder / DEBRIEF_FILE, debrief.model_dump_json(indent=2) + "\n")]
    if text is not None:
        paths.append(write_atomic(folder / DEBRIEF_TEXT, text))
    return paths


def load_debrief(folder: Path) -> Debrief:
    path = Path(folder) / DEBRIEF_FILE
    try:
        return Debrief.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise MockintError(f"{path}: cannot read it: {e.strerror or e}") from None
    except ValidationError as e:
        first = e.errors()[0]
        loc = ".".join(str(x) for x in first["loc"]) or "(top level)"
        raise MockintError(f"{path}: {loc}: {first['msg']}") from None


def round_debriefs(home: Path | None = None) -> list[Debrief]:
    """Every round's debrief, oldest first; unreadable ones are skipped with a warning."""
    out = []
    d = rounds_dir(home)
    for folder in sorted(p for p in d.iterdir() if p.is_dir()) if d.is_dir() else []:
        if not (folder / DEBRIEF_FILE).exists():
            continue
        try:
            out.append(load_debrief(folder))
        except MockintError as e:
            log.warning("skipped %s", e)
    return out
