"""What every mode's flow shares: the options, the engines, the session folder and its record, the report so far.

Engines come in through small interfaces (`Speaker.say`, `Recorder.record`, `Transcriber.transcribe`), so the
flows are tested with fakes and the product runs with real devices, `--answer` recordings or the demo.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from mockint.defaults import LEVEL, MAX_ANSWER_SECONDS, MAX_PROBES, MODE, SILENCE_SECONDS
from mockint.library.schema import Scenario
from mockint.scoring.lesson import LessonReader
from mockint.scoring.report import Report
from mockint.scoring.rubric import score_answer
from mockint.scoring.transcript import Transcript
from mockint.scoring.turn import TurnWindows
from mockint.speech.tts import PrintSpeaker
from mockint.store.folder import SessionFolder, SessionRecord

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SessionOptions:
    mode: str = MODE  # learn | guided | mock
    level: str = LEVEL
    max_probes: int = MAX_PROBES  # follow-up probes in a mock (0 to 3)
    silence_seconds: float = SILENCE_SECONDS  # silence after speech that ends an answer
    max_answer_seconds: float = MAX_ANSWER_SECONDS  # hard cap on one answer
    allow_retake: bool = False  # mock, guided: offer to retake an answer before it is scored (a terminal on stdin only)
    formats: tuple[str, ...] = ("all",)  # report files written into the session folder
    streaming: bool = True  # transcribe completed chunks while the candidate is still speaking
    turn_windows: TurnWindows = TurnWindows()  # silence that ends an answer by how it reads (mockint.scoring.turn)
    interrupt: bool = True  # mock: one short redirect when the Situation rambles (--no-interrupt: never)


class SessionContext:
    """The state of one session as the flows see it; every change to the record is saved at once."""

    def __init__(
        self,
        scenario: Scenario,
        options: SessionOptions,
        *,
        speaker,
        recorder,
        transcriber,
        folder: SessionFolder,
        record: SessionRecord,
        home: Path,
        clock: Callable[[], datetime] = datetime.now,
        ask: Callable[[str], str] | None = None,
        progress: Callable[[str], None] | None = None,
        lessons: LessonReader | None = None,
    ):
        self.scenario = scenario
        self.options = options
        self.speaker = speaker
        self.recorder = recorder
        self.transcriber = transcriber
        self.lessons = lessons  # reads a reflection by its meaning (mockint.meaning.lessons), or None: its words
        self.folder = folder
        self.record = record
        self.home = home
        self.clock = clock
        self.ask = ask  # reads a typed reply (interactive sessions only)
        self.progress = progress or (lambda msg: log.info(msg))
        self.report: Report | None = None
        self.partial = None  # (turn, transcript) of a turn cut short by Ctrl-C, once transcribed
        self.turn_ended_at: float | None = None  # time.monotonic() at the end of the last recorded turn
        self.answer_end: dict = {}  # how the mock answer ended, and its interruptions (Report fields)

    def score(self, transcript: Transcript, **how) -> Report:
        """The answer's report at this session's scenario and level (`how`: spans, mode)."""
        return score_answer(transcript, self.scenario, self.options.level, lessons=self.lessons, **how)

    def save(self) -> None:
        self.folder.save(self.record)

    def say(self, text: str, shown: str | None = None) -> None:
        """Say the next prompt, and show it (`shown`, else the same words) unless the speaker prints it already;
        note how long after the end of the last turn its first sound came."""
        t_end = self.turn_ended_at
        if not isinstance(self.speaker, PrintSpeaker):  # nothing is only spoken
            self.progress(f"Interviewer: {shown or text}")
        self.speaker.say(text)
        started = getattr(self.speaker, "last_sound_started_at", None)
        if t_end is not None and self.record.turns:
            first = started if started is not None else time.monotonic()
            self.record.turns[-1].latency_to_next_prompt = round(max(0.0, first - t_end), 3)
            self.turn_ended_at = None
            self.save()

    def engine_name(self) -> str:
        return getattr(self.transcriber, "name", None) or type(self.transcriber).__name__

    def with_meta(self, report: Report, audio: str | None) -> Report:
        return report.model_copy(
            update={"audio": audio, "engine": self.engine_name(), "created_at": self.record.started_at, **self.answer_end}
        )

    def write_reports(self, *, final: bool = False) -> None:
        """report.json and the chosen report files; `final` adds the trend of earlier attempts and records this
        one in the history. A report writer must never cost the candidate their session: failures are warned."""
        if self.report is None:
            return
        self.folder.save_report(self.report)
        try:
            from mockint.output.writers import write_report, write_session_report

            formats = list(self.options.formats)
            if final:
                write_session_report(self.folder.path, formats, report=self.report, scenario=self.scenario, home=self.home)
            else:
                write_report(self.report, self.folder.path, formats, scenario=self.scenario)
        except Exception as e:
            log.warning("could not write the report files: %s", e)
