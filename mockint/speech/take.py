"""One recording in progress, whatever feeds it: the WAV written block by block, the callbacks, the live
line, and the end of the turn (the silence measured here, what it means read from the words by
`mockint.scoring.turn`). Every recorder streams its blocks through a `Take`, so replayed answers
(`--answer FILE`) behave like the microphone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from mockint.errors import AudioError
from mockint.scoring.turn import Heard, TurnDecision, TurnReading, TurnWindows, end_of_turn, read_turn
from mockint.speech.console import LevelMeter
from mockint.speech.vad import SilenceDetector, level_db
from mockint.speech.wavfile import WavWriter

# How an answer ended. "finished": it read finished and a short silence followed; "spoken_done": the
# candidate said "I'm done"; "silence": the long (or, with no transcript, the plain) silence window.
EndReason = Literal[
    "enter", "spoken_done", "finished", "silence", "max", "interrupt", "end_of_file", "no_answer"
]
BLOCK_SECONDS = 0.05  # 50 ms blocks: the VAD frame, the meter refresh, and what a crash can lose at most


@dataclass(frozen=True)
class Recording:
    """One recorded answer on disk."""

    path: Path
    duration: float  # seconds of audio in the file
    ended_by: EndReason
    speech_detected: bool
    ended_at: float = 0.0  # time.monotonic() when the end was detected: the latency clock starts here
    speech_end: float | None = None  # seconds into the file where the last speech ended (VAD)
    end_reason: str | None = None  # how the answer read when it ended ("closing phrase 'that is it'")
    end_window: float | None = None  # the silence window that ended it, seconds
    end_position: float | None = None  # seconds into the recording where the end was decided (blocks queued
    # meanwhile are still written to the file, so `duration` may be a little longer)


class RecordingInterrupted(KeyboardInterrupt):
    """Ctrl-C during a recording; the WAV is closed and valid, `recording` describes it."""

    def __init__(self, recording: Recording):
        super().__init__(f"recording interrupted; audio so far kept in {recording.path}")
        self.recording = recording


@dataclass(frozen=True)
class Listening:
    """How a take decides the end of the turn: the silence window, or the words read as they arrive."""

    heard: Callable[[], Heard | None] | None = None  # the streaming transcript so far (None: silence only)
    windows: TurnWindows = TurnWindows()
    use_silence: bool = True  # False: only Enter, the cap or the end of a replayed file end the answer
    cue: Callable[[float], str | None] | None = None  # the live line's section cue at a position (seconds)
    on_pause: Callable[[float, float], None] | None = None  # (position, silence) for each quiet block after speech


class Take:
    """The WAV being written, the detector, the meter and the callbacks of one recording."""

    def __init__(
        self,
        path: str | Path,
        samplerate: int,
        listening: Listening,
        target_seconds: float | None = None,
        on_block: Callable[[np.ndarray], None] | None = None,
        meter: LevelMeter | None = None,
    ):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.samplerate = samplerate
        self.frames = 0
        self.listening = listening
        self.detector = SilenceDetector(silence_seconds=listening.windows.fallback)
        self.target_seconds = target_seconds
        self.on_block = on_block
        self.meter = meter
        self.decision: TurnDecision | None = None
        self.end_position: float | None = None
        self._read: tuple[tuple[int, float], TurnReading] | None = None  # the last reading, by what it read
        try:
            self.file = WavWriter(self.path, samplerate)
        except OSError as e:
            raise AudioError(f"{self.path}: cannot write the recording: {e.strerror or e}") from e

    @property
    def seconds(self) -> float:
        return self.frames / self.samplerate

    def add(self, block: np.ndarray) -> EndReason | None:
        """Write one block (it reaches the OS at once); how the answer ended, if this block ended it."""
        block = np.asarray(block, dtype=np.float32).reshape(-1)
        self.file.write(block)
        self.frames = self.file.frames
        if self.on_block:
            self.on_block(block)
        db = level_db(block)
        self.detector.add(db, len(block) / self.samplerate)
        if self.meter:
            cue = self.listening.cue(self.seconds) if self.listening.cue else None
            self.meter.update(self.seconds, self.target_seconds, db, db >= self.detector.threshold_db, cue=cue)
        if not self.detector.speech_detected or self.end_position is not None:
            return None  # not started yet, or already ended (blocks queued meanwhile are kept, not re-decided)
        if self.listening.on_pause and self.detector.silence > 0:
            self.listening.on_pause(self.seconds, self.detector.silence)
        if not self.listening.use_silence:
            return None
        self.decision = self._decide()
        if self.decision is None:
            return None
        self.end_position = self.seconds
        return self.decision.ended_by

    def _decide(self) -> TurnDecision | None:
        silence = self.detector.silence
        windows = self.listening.windows
        if silence < min(windows.done, windows.finished, windows.result, windows.fallback):
            return None  # speaking, or too short a pause to mean anything: no need to read
        heard = self.listening.heard() if self.listening.heard else None
        reading = None
        if heard is not None:
            key = (len(heard.words), heard.covered)
            if self._read is None or self._read[0] != key:
                self._read = (key, read_turn(heard.words))
            reading = self._read[1]
        return end_of_turn(heard, self.detector.last_speech_end or 0.0, silence, windows, reading)

    def close(self, ended_by: EndReason) -> Recording:
        if not self.file.closed:
            self.frames = self.file.frames  # what is on disk, even if interrupted between two updates
            self.file.close()
        if self.meter:
            self.meter.close()
        decision = self.decision if ended_by in ("finished", "spoken_done", "silence") else None
        return Recording(
            path=self.path,
            duration=self.seconds,
            ended_by=ended_by,
            speech_detected=self.detector.speech_detected,
            ended_at=time.monotonic(),
            speech_end=self.detector.last_speech_end,
            end_reason=decision.reading.reason if decision and decision.reading else None,
            end_window=decision.window if decision else None,
            end_position=self.end_position if decision else self.seconds,
        )


def no_answer(path: str | Path, samplerate: int) -> Recording:
    """An empty (valid) WAV for a turn with no answer left to play."""
    return Take(path, samplerate, Listening()).close("no_answer")
