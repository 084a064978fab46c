"""Transcribing an answer while it is being recorded: completed chunks go to a worker thread, so the
transcript is (nearly) ready when the answer ends; and joining transcripts of pieces laid end to end."""

from __future__ import annotations

import queue
import threading

import numpy as np

from mockint.defaults import SAMPLE_RATE
from mockint.scoring.transcript import Segment, Transcript, Word
from mockint.scoring.turn import Heard

CHUNK_SECONDS = 12.0  # transcribe completed chunks of about this length while the candidate speaks


class StreamingTranscriber:
    """Transcribes completed chunks of a recording in a background thread while it is still going.

    `feed(block)` is called from the recorder with each block. A chunk is handed to the worker when the
    candidate pauses (`pause_seconds` of quiet after at least `min_seconds` of audio), or at the quietest
    100 ms near every `chunk_seconds` of continuous speech. Since an answer ends with a silence window,
    everything said has usually been transcribed by the time it ends; `finish()` transcribes the rest and
    returns the whole transcript with word times relative to the start of the recording.
    """

    def __init__(
        self,
        transcriber,
        sample_rate: int = SAMPLE_RATE,
        chunk_seconds: float = CHUNK_SECONDS,
        pause_seconds: float = 0.6,
        min_seconds: float = 2.0,
    ):
        self.transcriber = transcriber
        self.sr = sample_rate
        self.chunk = int(chunk_seconds * sample_rate)
        self.pause = int(pause_seconds * sample_rate)
        self.min_len = int(min_seconds * sample_rate)
        self._pending: list[np.ndarray] = []
        self._pending_len = 0
        self._quiet = 0  # samples of quiet at the end of what is pending
        self._loud = 0.0  # loudest block RMS heard so far
        self._offset = 0  # samples already handed to the worker
        self._jobs: queue.Queue = queue.Queue()
        self._parts: list[tuple[float, Transcript]] = []
        self._done = 0.0  # seconds of the recording transcribed so far (the jobs run in order)
        self._heard: tuple[tuple[int, float], Heard] | None = None  # the last `heard()`, by what it joined
        self._error: BaseException | None = None
        self._worker = threading.Thread(target=self._run, name="mockint-asr", daemon=True)
        self._worker.start()

    def feed(self, block: np.ndarray) -> None:
        block = np.asarray(block, dtype=np.float32).reshape(-1)
        if not block.size:
            return
        rms = float(np.sqrt(np.mean(block**2)))
        self._loud = max(self._loud, rms)
        quiet = rms < max(1e-4, self._loud * 0.1)  # 20 dB below the loudest speech
        self._quiet = self._quiet + len(block) if quiet else 0
        self._pending.append(block)
        self._pending_len += len(block)
        if self._quiet >= self.pause and self._pending_len - self._quiet >= self.min_len:
            audio = np.concatenate(self._pending)
            self._submit(audio)  # a pause: everything said so far goes to the worker
            self._pending, self._pending_len, self._quiet = [], 0, 0
        elif self._pending_len >= self.chunk + self.sr:  # long speech without a pause: cut at a quiet moment
            audio = np.concatenate(self._pending)
            cut = _quiet_cut(audio, self.chunk, self.sr)
            self._submit(audio[:cut])
            rest = audio[cut:]
            self._pending, self._pending_len = [rest], len(rest)

    @property
    def _idle(self) -> bool:
        """Every chunk handed over has been transcribed."""
        return self._done * self.sr >= self._offset - 1

    def _submit(self, audio: np.ndarray) -> None:
        self._jobs.put((self._offset / self.sr, audio))
        self._offset += len(audio)

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            offset, audio = job
            try:
                self._parts.append((offset, self.transcriber.transcribe(audio, self.sr)))
            except BaseException as e:  # reported by finish()
                self._error = e
            finally:
                self._done = offset + len(audio) / self.sr
                self._jobs.task_done()

    def heard(
        self, wait: bool = False, flush_seconds: float = 0.6, idle_flush_seconds: float = 0.3, idle_min_seconds: float = 1.0
    ) -> Heard:
        """The words transcribed so far and how much of the recording they cover, for the end of turn
        (`mockint.scoring.turn`). Called from the recorder's thread, like `feed`.

        In a pause, what is pending goes to the worker even when shorter than a chunk, so the last sentence
        is read while the candidate is quiet: after `idle_flush_seconds` when the worker is idle and at least
        `idle_min_seconds` are pending (the end of the turn then waits on the words as little as it can),
        otherwise after `flush_seconds` (at least as long of speech when the worker is busy).
        Not at every short pause regardless: each model call costs a 30 s window of encoder time whatever its
        length, so short chunks queued behind each other would make a loaded machine fall minutes behind.
        `wait`: only once the worker has caught up.
        """
        idle = self._idle
        speech = self._pending_len - self._quiet
        early = idle and self._quiet >= idle_flush_seconds * self.sr and speech >= idle_min_seconds * self.sr
        # after `flush_seconds`, an idle worker also takes a short remainder (a word's soft end after an early flush)
        if early or (self._quiet >= flush_seconds * self.sr and speech >= (1 if idle else flush_seconds * self.sr)):
            self._submit(np.concatenate(self._pending))
            self._pending, self._pending_len, self._quiet = [], 0, 0
        if wait:
            self._jobs.join()
        done = self._done  # read before the parts: the worker adds a part, then moves `_done` past it
        parts = list(self._parts)
        covered = done
        if self._idle and self._pending_len == self._quiet:
            # all transcribed, and what is pending is quiet (20 dB under the speech): nothing there to read.
            # The recorder's own detector may still count a soft word end as speech a few blocks longer.
            covered = done + self._pending_len / self.sr
        if self._heard is None or self._heard[0] != (len(parts), covered):
            self._heard = ((len(parts), covered), Heard(merge_transcripts(parts).words, covered))
        return self._heard[1]

    def abandon(self) -> None:
        """Stop without transcribing what is left (the audio is on disk; `rescore` can transcribe it)."""
        self._pending, self._pending_len = [], 0
        while not self._jobs.empty():
            try:
                self._jobs.get_nowait()
            except queue.Empty:
                break
        self._jobs.put(None)
        self._worker.join()  # a native model call must not be running while the interpreter exits

    def finish(self) -> Transcript:
        if self._pending_len > self._quiet:  # trailing silence alone is not worth a model call
            self._submit(np.concatenate(self._pending))
        else:
            self._offset += self._pending_len
        self._pending, self._pending_len = [], 0
        self._jobs.put(None)
        self._worker.join()
        if self._error:
            raise self._error
        return merge_transcripts(self._parts, duration=self._offset / self.sr)


def _quiet_cut(audio: np.ndarray, around: int, sr: int) -> int:
    """The sample index of the quietest 100 ms frame within a second after `around`."""
    frame = sr // 10
    lo, hi = around, min(len(audio) - frame, around + sr)
    if hi <= lo:
        return around
    energies = [(float(np.mean(audio[i : i + frame] ** 2)), i) for i in range(lo, hi, frame // 2)]
    return min(energies)[1] + frame // 2


def merge_transcripts(parts: list[tuple[float, Transcript]], duration: float | None = None) -> Transcript:
    """One transcript from pieces that start at the given offsets (seconds)."""
    words: list[Word] = []
    segments: list[Segment] = []
    regions: list[tuple[float, float]] = []
    fillers: int | None = None

    def sh(t: float | None, off: float) -> float | None:
        return None if t is None else round(t + off, 3)

    for off, t in sorted(parts, key=lambda p: p[0]):
        words += [w.model_copy(update={"start": sh(w.start, off), "end": sh(w.end, off)}) for w in t.words]
        for s in t.segments:
            segments.append(
                s.model_copy(
                    update={
                        "start": sh(s.start, off),
                        "end": sh(s.end, off),
                        "words": [w.model_copy(update={"start": sh(w.start, off), "end": sh(w.end, off)}) for w in s.words],
                    }
                )
            )
        regions += [(a + off, b + off) for a, b in t.speech_regions]
        if t.filler_count is not None:
            fillers = (fillers or 0) + t.filler_count
    text = " ".join(s.text.strip() for s in segments) if segments else " ".join(w.word.strip() for w in words)
    return Transcript(text=text.strip(), words=words, segments=segments, duration=duration, speech_regions=regions, filler_count=fillers)
