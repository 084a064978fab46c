"""Fakes of the engines for flow unit tests (never the only test of a capability: the real engines have theirs).

`FakeTranscriber` returns scripted transcripts, `FakeSpeaker` records what it was asked to say,
`FakeRecorder` writes scripted clips through the real recording pipeline (`mockint.speech.take.Take`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from mockint.defaults import SAMPLE_RATE
from mockint.scoring.transcript import Segment, Transcript
from mockint.speech.recorder import TakeSettings
from mockint.speech.take import BLOCK_SECONDS, EndReason, Recording, Take, no_answer
from mockint.speech.transcriber import Transcriber


class FakeTranscriber(Transcriber):
    """Returns the given transcripts in turn (the last one repeats); records each call's audio length."""

    name = "fake"

    def __init__(self, transcripts: list[Transcript | str] | Transcript | str):
        super().__init__()
        items = transcripts if isinstance(transcripts, list) else [transcripts]
        self.transcripts = [Transcript.from_text(t) if isinstance(t, str) else t for t in items]
        self.calls: list[float] = []  # duration in seconds of each transcribed audio

    def transcribe(self, audio: np.ndarray, sample_rate: int = SAMPLE_RATE) -> Transcript:
        duration = round(len(audio) / sample_rate, 3)
        i = min(len(self.calls), len(self.transcripts) - 1)
        self.calls.append(duration)
        t = self.transcripts[i] if self.transcripts else Transcript(text="")
        return t.model_copy(update={"duration": duration})

    def _decode(self, audio: np.ndarray, speech_end: float | None = None, options=None) -> list[Segment]:
        raise NotImplementedError


class FakeSpeaker:
    """Records what it was asked to say; `seconds_per_word` simulates speaking time."""

    def __init__(self, seconds_per_word: float = 0.0):
        self.said: list[str] = []
        self.seconds_per_word = seconds_per_word
        self.last_sound_started_at: float | None = None
        self.on_sound_start: Callable[[float], None] | None = None

    def say(self, text: str) -> None:
        self.last_sound_started_at = t = time.monotonic()
        if self.on_sound_start:
            self.on_sound_start(t)
        self.said.append(text)
        if self.seconds_per_word:
            time.sleep(self.seconds_per_word * len(text.split()))


class FakeRecorder:
    """Each `record()` writes the next scripted clip (or an empty WAV once they run out)."""

    def __init__(self, clips: Iterable[np.ndarray], ended_by: EndReason = "silence", samplerate: int = SAMPLE_RATE):
        self.clips = list(clips)
        self.ended_by: EndReason = ended_by
        self.samplerate = samplerate
        self.calls: list[dict] = []

    def record(self, path: str | Path, settings: TakeSettings = TakeSettings()) -> Recording:
        self.calls.append({"path": Path(path), **vars(settings)})
        if not self.clips:
            return no_answer(path, self.samplerate)
        how = TakeSettings(silence_seconds=settings.silence_seconds).listening(use_silence=False)
        take = Take(path, self.samplerate, how, None, settings.on_block)
        clip = self.clips.pop(0)
        step = int(self.samplerate * BLOCK_SECONDS)
        for i in range(0, len(clip), step):
            take.add(clip[i : i + step])
        return take.close(self.ended_by)
