"""The session folder: the one module that knows its file names, and its typed, versioned record.

Every session is a folder `<home>/sessions/<stamp>-<scenario>-<mode>/`:
  session.json      the `SessionRecord`, rewritten atomically after every turn; `complete` is false until the end
  turns/NN-KIND-KEY.wav   each recorded turn, streamed to disk while recording
  turns/NN-KIND-KEY.json  its transcript
  report.json (+ report.txt/.md/.html)  the report, rewritten after each scored turn
  scenario.toml     a copy of a scenario practised from a file (so `rescore` finds it)
  quiz.json         learn mode's quiz answers
Everything else reads and writes these through `SessionFolder` and the models below.
"""

from __future__ import annotations

import json
import logging
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mockint.defaults import LEVELS, MODES
from mockint.errors import MockintError
from mockint.paths import data_dir, write_atomic
from mockint.scoring.report import Report
from mockint.scoring.transcript import Transcript

log = logging.getLogger(__name__)

SESSIONS = "sessions"
SESSION_FILE = "session.json"
TURNS_DIR = "turns"
REPORT_FILE = "report.json"
SCENARIO_COPY = "scenario.toml"
QUIZ_FILE = "quiz.json"
RECORD_VERSION = 1  # version 0: written before the record had a `version` (turns kept `extra: {"redone": ...}`)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TurnRecord(_Record):
    """One recorded turn: the question asked and what was kept of the answer."""

    index: int = Field(ge=1)
    kind: Literal["answer", "section", "probe", "quiz"]
    key: str  # section key, probe id, quiz number, or "answer"
    prompt: str
    audio: str | None = None  # relative to the session folder
    transcript: str | None = None  # relative to the session folder
    duration: float | None = None  # seconds recorded
    ended_by: str | None = None  # silence | enter | max | no_answer | interrupt ...
    answered: bool = True
    latency_to_next_prompt: float | None = None  # seconds from the end of this turn to the next prompt's first sound
    redone: bool = False  # retaken: the candidate recorded this turn again; its audio stays, it is never scored


class SectionClip(_Record):
    """Where one guided section's speech sits in the joined answer the report is timed on."""

    key: str
    turn: int  # the TurnRecord.index of the take kept
    audio: str | None = None
    clip_start: float = 0.0  # seconds into the take where its speech starts
    clip_end: float = 0.0  # ... and ends
    start: float = 0.0  # where clip_start lands in the joined timeline

    @property
    def offset(self) -> float:
        """Joined time minus file time: a word at joined time t plays at t - offset in `audio`."""
        return round(self.start - self.clip_start, 3)


class QuizAnswer(_Record):
    question: str
    heard: str
    choice: int | None
    answer: int
    correct: bool


class QuizRecord(_Record):
    score: int
    total: int
    answers: list[QuizAnswer] = Field(default_factory=list)


class SessionRecord(_Record):
    """`session.json`: what the session was, and every turn it recorded."""

    version: int = RECORD_VERSION
    id: str
    scenario: str
    mode: Literal[MODES]  # one of defaults.MODES: a damaged value is one line naming the field, never a crash later
    level: Literal[LEVELS]
    started_at: str
    ended_at: str | None = None
    complete: bool = False
    interrupted: bool = False
    turns: list[TurnRecord] = Field(default_factory=list)
    scenario_path: str | None = None  # practised from a .toml path: that path ...
    scenario_file: str | None = None  # ... and its copy in the folder
    timeline: list[SectionClip] = Field(default_factory=list)  # guided: the sections as the report joins them
    quiz: QuizRecord | None = None
    rescored_at: str | None = None

    def answer_audio(self) -> str | None:
        return next((t.audio for t in self.scored_turns() if t.kind == "answer" and t.audio), None)

    def scored_turns(self) -> list[TurnRecord]:
        """The turns a report is built from: every turn but the takes the candidate retook."""
        return [t for t in self.turns if not t.redone]

    def retaken(self) -> list[TurnRecord]:
        """The takes discarded by a retake (still on disk, never scored), in order."""
        return [t for t in self.turns if t.redone]

    def retakes_before(self, turn: TurnRecord) -> int:
        """How many takes of the same question (same kind and key) were retaken before `turn`."""
        return sum(t.redone and (t.kind, t.key) == (turn.kind, turn.key) and t.index < turn.index for t in self.turns)

    def kept_sections(self) -> list[TurnRecord]:
        """Guided: the last take of each section (a redone take is replaced by the next one)."""
        last = {t.key: t for t in self.scored_turns() if t.kind == "section"}
        return list(last.values())


def _upgrade(data: Any) -> Any:
    """A record of an earlier version as the current one (version 0: no `version`, turns with `extra`)."""
    if not isinstance(data, dict) or "version" in data:
        return data
    data = {**data, "version": RECORD_VERSION}
    if isinstance(data.get("turns"), list):
        turns = []
        for t in data["turns"]:
            if isinstance(t, dict) and isinstance(t.get("extra"), dict):
                t = {**t}
                extra = dict(t.pop("extra"))
                if extra.pop("redone", False):
                    t["redone"] = True
                if extra:
                    t["extra"] = extra  # unknown: reported as the field it is
            turns.append(t)
        data["turns"] = turns
    return data


def _validation_line(path: Path, e: ValidationError) -> str:
    first = e.errors()[0]
    loc = ".".join(f"[{x}]" if isinstance(x, int) else str(x) for x in first["loc"]).replace(".[", "[") or "(top level)"
    more = f" (and {len(e.errors()) - 1} more)" if len(e.errors()) > 1 else ""
    return f"{path}: {loc}: {first['msg']}{more}"


def read_record(path: Path) -> SessionRecord:
    """A `session.json`, validated; any problem is one MockintError line naming the file and the field."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MockintError(f"{path}: missing (not a session folder?)") from None
    except OSError as e:
        raise MockintError(f"{path}: cannot read: {e.strerror or e}") from None
    except ValueError as e:
        raise MockintError(f"{path}: not valid JSON: {e}") from None
    data = _upgrade(data)
    if isinstance(data, dict) and isinstance(data.get("version"), int) and data["version"] > RECORD_VERSION:
        raise MockintError(f"{path}: version: {data['version']} is newer than this mockint reads ({RECORD_VERSION}); upgrade mockint")
    try:
        return SessionRecord.model_validate(data)
    except ValidationError as e:
        raise MockintError(_validation_line(path, e)) from None


class SessionFolder:
    """One session's folder on disk."""

    def __init__(self, path: Path):
        self.path = Path(path)

    @classmethod
    def create(cls, home: Path, scenario_id: str, mode: str, now: datetime) -> SessionFolder:
        path = new_folder(sessions_dir(home) / f"{now:%Y%m%d-%H%M%S}-{scenario_id}-{mode}", "session")
        (path / TURNS_DIR).mkdir()
        return cls(path)

    def remove_if_empty(self) -> None:
        """Remove the folder when no file was written in it (only its empty sub-folders)."""
        if self.path.is_dir() and not any(p.is_file() or p.is_symlink() for p in self.path.rglob("*")):
            shutil.rmtree(self.path, ignore_errors=True)

    # -- names ----------------------------------------------------------------------------------
    @property
    def record_path(self) -> Path:
        return self.path / SESSION_FILE

    @property
    def report_path(self) -> Path:
        return self.path / REPORT_FILE

    @staticmethod
    def turn_audio(index: int, kind: str, key: str) -> str:
        """A turn's recording, relative to the folder."""
        return f"{TURNS_DIR}/{index:02d}-{kind}-{key}.wav"

    @classmethod
    def turn_transcript(cls, turn: TurnRecord) -> str:
        """A turn's transcript, relative to the folder (beside its recording)."""
        return (turn.audio or cls.turn_audio(turn.index, turn.kind, turn.key)).removesuffix(".wav") + ".json"

    def __truediv__(self, rel: str) -> Path:
        return self.path / rel

    # -- writing --------------------------------------------------------------------------------
    def write_text(self, name: str, text: str) -> Path:
        """Write a file atomically (a temporary beside it, then a rename); nothing half-written is left."""
        return write_atomic(self.path / name, text)

    def save(self, record: SessionRecord) -> None:
        self.write_text(SESSION_FILE, record.model_dump_json(indent=2) + "\n")

    def save_transcript(self, turn: TurnRecord, transcript: Transcript) -> None:
        turn.transcript = self.turn_transcript(turn)
        self.write_text(turn.transcript, transcript.model_dump_json(indent=2))

    def save_report(self, report: Report) -> Path:
        return self.write_text(REPORT_FILE, report.model_dump_json(indent=2) + "\n")

    def save_quiz(self, quiz: QuizRecord) -> Path:
        return self.write_text(QUIZ_FILE, quiz.model_dump_json(indent=2) + "\n")

    def keep_scenario(self, source: Path, record: SessionRecord) -> None:
        """A scenario practised from a file: keep its path and a copy, so `rescore` finds it."""
        record.scenario_path = str(Path(source).resolve())
        try:
            shutil.copyfile(source, self.path / SCENARIO_COPY)
            record.scenario_file = SCENARIO_COPY
        except OSError as e:
            log.warning("could not keep a copy of %s: %s", source, e)

    # -- reading --------------------------------------------------------------------------------
    def load(self) -> SessionRecord:
        return read_record(self.record_path)

    def scenario_candidates(self, record: SessionRecord) -> list[Path]:
        """Where the session's scenario file may be: the copy in the folder, then the original path."""
        out = [self.path / record.scenario_file] if record.scenario_file else []
        return out + ([Path(record.scenario_path)] if record.scenario_path else [])

    def section_audio(self, record: SessionRecord) -> dict[str, tuple[str, float]]:
        """Guided: each section's recording and its offset (joined time minus file time)."""
        if record.timeline:
            return {c.key: (c.audio, c.offset) for c in record.timeline if c.audio}
        out, offset = {}, 0.0  # before the timeline was kept: the takes laid end to end, as they were joined
        for turn in record.kept_sections():
            if turn.audio:
                out[turn.key] = (turn.audio, offset)
            offset += max(turn.duration or 0.0, self._transcript_duration(turn) or 0.0)
        return out

    def _transcript_duration(self, turn: TurnRecord) -> float | None:
        try:
            return json.loads((self.path / self.turn_transcript(turn)).read_text(encoding="utf-8")).get("duration")
        except (OSError, ValueError, AttributeError):
            return None


def new_folder(base: Path, what: str) -> Path:
    """Create `base` (or `base-2`, `base-3`... when one started in the same second); one line when it cannot be."""
    path, n = base, 1
    while path.exists():
        n += 1
        path = base.with_name(f"{base.name}-{n}")
    try:
        path.mkdir(parents=True)
    except OSError as e:
        raise MockintError(f"{path}: cannot create the {what} folder: {e.strerror or e}") from None
    return path


def parse_turn_audio(path: Path) -> tuple[int, str, str]:
    """(index, kind, key) of a turn's recording, from its name as `SessionFolder.turn_audio` makes it."""
    index, kind, key = Path(path).stem.split("-", 2)
    return int(index), kind, key


# -- finding session folders -----------------------------------------------------------------------


def sessions_dir(home: Path | None = None) -> Path:
    return (home or data_dir()) / SESSIONS


def session_folders(home: Path | None = None) -> list[Path]:
    """Session folders, oldest first (their names start with a timestamp)."""
    d = sessions_dir(home)
    return sorted((p for p in d.iterdir() if p.is_dir()), key=lambda p: p.name) if d.is_dir() else []


def find_session(ref: str, home: Path | None = None) -> Path:
    """A session folder by path, by its id (folder name) or a unique part of it, or `latest`."""
    p = Path(ref).expanduser()
    if p.is_dir():
        return p
    folders = session_folders(home)
    if ref == "latest":
        scored = [f for f in folders if (f / REPORT_FILE).is_file()]
        if not (scored or folders):
            raise MockintError(f"{sessions_dir(home)}: no sessions yet (run `mockint practice`)")
        return (scored or folders)[-1]
    exact = [f for f in folders if f.name == ref]
    if exact:
        return exact[0]
    partial = [f for f in folders if ref in f.name]
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        names = ", ".join(f.name for f in partial[:5])
        raise MockintError(f"session {ref!r}: ambiguous, matches {len(partial)} sessions ({names}...)")
    raise MockintError(f"session {ref!r}: not found (not a folder, and no session id in {sessions_dir(home)} matches)")


def has_report(folder: Path) -> bool:
    return (Path(folder) / REPORT_FILE).is_file()


def load_session_report(folder: Path) -> Report:
    """The Report saved in a session folder."""
    path = Path(folder) / REPORT_FILE
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MockintError(f"{path}: no report in this session (incomplete? try `mockint rescore {Path(folder).name}`)") from None
    except OSError as e:
        raise MockintError(f"{path}: cannot read: {e.strerror or e}") from None
    try:
        return Report.model_validate_json(raw)
    except ValidationError as e:
        first = e.errors()[0]
        loc = ".".join(str(x) for x in first["loc"]) or "(top level)"
        raise MockintError(f"{path}: {loc}: {first['msg']}") from None


def load_session_record(folder: Path) -> SessionRecord | None:
    """The record of a session folder, or None when it is missing or unreadable (warned: it only adds details)."""
    path = Path(folder) / SESSION_FILE
    if not path.exists():
        return None
    try:
        return read_record(path)
    except MockintError as e:
        log.warning("%s (ignored)", e)
        return None


def folder_time(folder: Path) -> str:
    """When a session started, from its folder name (else the folder's modification time)."""
    try:
        return datetime.strptime(folder.name[:15], "%Y%m%d-%H%M%S").isoformat()
    except ValueError:
        return datetime.fromtimestamp(folder.stat().st_mtime).isoformat(timespec="seconds")
