"""The microphone: record one answer to a WAV on disk, crash-safe, until Enter, a silence window, or a cap.

`Recorder.record(path, ...) -> Recording`. Every implementation streams 16 kHz mono blocks through the
same `_Take` (the WAV written and flushed block by block, `on_block` for background transcription, the
end-of-answer detector, the live meter), so replayed answers (`--answer FILE`) behave like the microphone.

Crash safety: the WAV is written by `WavWriter`, which appends each block and then rewrites the RIFF and
data sizes in the header, so at any instant (even a `kill -9`) the file on disk is a valid WAV holding every
block but at most the one being written. `repair_wav` fixes the header of an older file that a crash left
saying 0 seconds (its samples are on disk); `mockint rescore` calls it.

Ctrl-C (and SIGTERM/SIGHUP, which the CLI turns into Ctrl-C): the file is closed cleanly (a valid WAV holding the audio so far) and `RecordingInterrupted`
(a KeyboardInterrupt carrying the `Recording`, `ended_by="interrupt"`) is raised, so callers that do
nothing stop as usual, and the session can keep the turn from `e.recording`.
"""

from __future__ import annotations

import logging
import math
import os
import queue
import select
import struct
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol, TextIO

import numpy as np

from mockint.speech.audio import load_audio
from mockint.speech.devices import APP_SAMPLE_RATE, Device, play, resolve_device
from mockint.errors import AudioError

logger = logging.getLogger(__name__)

EndReason = Literal["enter", "silence", "max", "interrupt", "end_of_file", "no_answer"]
BLOCK_SECONDS = 0.05  # 50 ms blocks: the VAD frame, the meter refresh, and what a crash can lose at most
DEFAULT_MAX_SECONDS = 600.0


@dataclass(frozen=True)
class Recording:
    """One recorded answer on disk."""

    path: Path
    duration: float  # seconds of audio in the file
    ended_by: EndReason
    speech_detected: bool
    ended_at: float = 0.0  # time.monotonic() when the end was detected: the latency clock starts here
    speech_end: float | None = None  # seconds into the file where the last speech ended (VAD)


class RecordingInterrupted(KeyboardInterrupt):
    """Ctrl-C during a recording; the WAV is closed and valid, `recording` describes it."""

    def __init__(self, recording: Recording):
        super().__init__(f"recording interrupted; audio so far kept in {recording.path}")
        self.recording = recording


class Recorder(Protocol):
    """Records one answer to `path` (16 kHz mono WAV, written as it arrives) and says how it ended.

    `target_seconds` is shown on the live line; the answer ends after `silence_seconds` of silence
    following speech, at `max_seconds`, when `stop_event` is set (ended_by="enter", as is the Enter
    key), or at the end of a replayed file. `on_block(block)` gets each float32 block as it is written.
    """

    def record(
        self,
        path: str | Path,
        *,
        target_seconds: float | None = None,
        silence_seconds: float = 3.0,
        max_seconds: float = DEFAULT_MAX_SECONDS,
        on_block: Callable[[np.ndarray], None] | None = None,
        stop_event: threading.Event | None = None,
        show_meter: bool = True,
    ) -> Recording: ...


# -- end of answer: energy VAD with an adaptive noise floor (pure) ----------------------------------


def level_db(block: np.ndarray) -> float:
    """RMS level of a block in dBFS (-100 for digital silence)."""
    if len(block) == 0:
        return -100.0
    rms = float(np.sqrt(np.mean(np.square(block, dtype=np.float64))))
    return max(-100.0, 20 * math.log10(rms)) if rms > 0 else -100.0


@dataclass
class SilenceDetector:
    """Decides, block by block, whether the candidate has spoken and then fallen silent for `silence_seconds`.

    A block is speech when it is `margin_db` above the noise floor and above `min_speech_db`. The noise
    floor is a low percentile of the levels of the last `floor_window` blocks (the gaps between words
    reach it), so a steady fan or hum raises the threshold instead of counting as speech. Speech counts
    once `min_speech_seconds` of it has been heard (a click is not an answer).
    """

    silence_seconds: float = 3.0
    margin_db: float = 12.0  # speech is this far above the noise floor
    min_speech_db: float = -50.0  # and at least this loud
    min_speech_seconds: float = 0.25
    floor_window: int = 200  # blocks (10 s of 50 ms blocks) the noise floor is estimated over
    floor_percentile: float = 5.0

    elapsed: float = 0.0
    speech_seconds: float = 0.0
    last_speech_end: float | None = None  # seconds into the recording
    floor_db: float = -100.0
    _levels: deque[float] = field(default_factory=deque)

    @property
    def speech_detected(self) -> bool:
        return self.speech_seconds >= self.min_speech_seconds

    @property
    def threshold_db(self) -> float:
        return max(self.floor_db + self.margin_db, self.min_speech_db)

    def add(self, db: float, seconds: float) -> bool:
        """Feed one block's level; True when the answer has ended (speech, then the silence window)."""
        self._levels.append(db)
        if len(self._levels) > self.floor_window:
            self._levels.popleft()
        self.floor_db = float(np.percentile(self._levels, self.floor_percentile))
        self.elapsed += seconds
        if db >= self.threshold_db:
            self.speech_seconds += seconds
            self.last_speech_end = self.elapsed
        return (
            self.speech_detected
            and self.last_speech_end is not None
            and self.elapsed - self.last_speech_end >= self.silence_seconds
        )


# -- display ------------------------------------------------------------------------------------------


def _clock(s: float) -> str:
    s = max(0, int(s))
    return f"{s // 60}:{s % 60:02d}"


class LevelMeter:
    """A live one-line display on a terminal: elapsed against target, and the input level."""

    def __init__(self, stream: TextIO | None = None, enter_hint: bool = True, width: int = 20):
        self.stream = stream or sys.stderr
        self.enter_hint = enter_hint
        self.width = width
        self._last = 0.0

    def update(self, elapsed: float, target: float | None, db: float, speaking: bool, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        filled = int(round(self.width * min(1.0, max(0.0, (db + 60) / 60))))
        bar = "#" * filled + "-" * (self.width - filled)
        t = _clock(elapsed) + (f" / {_clock(target)}" if target else "")
        over = " OVER" if target and elapsed > target else ""
        hint = "  Enter to finish" if self.enter_hint else ""
        self.stream.write(f"\r● REC {t}{over}  [{bar}] {'speech' if speaking else 'quiet '}{hint} ")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\r" + " " * 72 + "\r")
        self.stream.flush()


# -- a WAV whose header is right after every block ----------------------------------------------------


def _wav_header(samplerate: int, data_bytes: int) -> bytes:
    """The 44-byte header of a 16-bit PCM mono WAV holding `data_bytes` of samples."""
    return (
        b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVE"
        + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, samplerate, samplerate * 2, 2, 16)
        + b"data" + struct.pack("<I", data_bytes)
    )


class WavWriter:
    """A 16 kHz mono PCM_16 WAV written block by block; the header's sizes are rewritten after every block.

    Each `write` appends the samples (one `pwrite`), then updates the data size and the RIFF size. The OS
    holds what was written even if the process is killed, so the file is readable at any instant with all
    its samples but, at worst, the block being written when it died.
    """

    def __init__(self, path: str | Path, samplerate: int):
        self.path = Path(path)
        self.samplerate = samplerate
        self.frames = 0
        self._fd: int | None = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.pwrite(self._fd, _wav_header(samplerate, 0), 0)
        except OSError:
            self.close()
            raise

    @property
    def closed(self) -> bool:
        return self._fd is None

    def write(self, block: np.ndarray) -> None:
        if self._fd is None:
            raise ValueError(f"{self.path}: the recording is closed")
        x = np.asarray(block, dtype=np.float32).reshape(-1)
        if not x.size:
            return
        pcm = np.clip(np.rint(x * 32767.0), -32768, 32767).astype("<i2").tobytes()
        offset = 44 + self.frames * 2
        written = 0
        while written < len(pcm):
            written += os.pwrite(self._fd, pcm[written:], offset + written)
        self.frames += x.size
        data = self.frames * 2
        os.pwrite(self._fd, struct.pack("<I", data), 40)  # the data size first: it is what readers use
        os.pwrite(self._fd, struct.pack("<I", 36 + data), 4)

    def flush(self) -> None:  # every write already reached the OS
        pass

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)


def repair_wav(path: str | Path) -> bool:
    """Rewrite the sizes in a WAV header that a crash left short (e.g. "0 seconds") from the bytes on disk.

    Only a RIFF/WAVE file whose `data` chunk is the last one is touched; returns True when it was repaired.
    """
    path = Path(path)
    try:
        with open(path, "r+b") as f:
            head = f.read(12)
            if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
                return False
            size = f.seek(0, os.SEEK_END)
            pos, align = 12, 2
            while pos + 8 <= size:
                f.seek(pos)
                cid, clen = struct.unpack("<4sI", f.read(8))
                if cid == b"fmt " and clen >= 14:
                    align = max(1, struct.unpack("<H", f.read(14)[12:14])[0])
                if cid == b"data":
                    actual = (size - pos - 8) // align * align
                    if clen == actual:
                        return False
                    if 0 < clen < actual:  # a chunk after the samples (e.g. LIST) is not a crash
                        f.seek(pos + 8 + clen + (clen & 1))
                        after = f.read(4)
                        if len(after) == 4 and all(32 <= b < 127 for b in after):
                            return False
                    f.seek(pos + 4)
                    f.write(struct.pack("<I", actual))
                    f.seek(4)
                    f.write(struct.pack("<I", min(0xFFFFFFFF, pos + actual)))
                    logger.info("%s: repaired the WAV header (%d bytes of samples)", path, actual)
                    return True
                pos += 8 + clen + (clen & 1)
    except (OSError, struct.error):
        return False
    return False


# -- one recording in progress ----------------------------------------------------------------------------


class _Take:
    """The WAV being written, the detector, the meter and the callbacks of one recording."""

    def __init__(
        self,
        path: str | Path,
        samplerate: int,
        silence_seconds: float,
        target_seconds: float | None,
        on_block: Callable[[np.ndarray], None] | None,
        meter: LevelMeter | None,
        use_silence: bool = True,
    ):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.samplerate = samplerate
        self.frames = 0
        self.detector = SilenceDetector(silence_seconds=silence_seconds)
        self.target_seconds = target_seconds
        self.on_block = on_block
        self.meter = meter
        self.use_silence = use_silence
        try:
            self.file = WavWriter(self.path, samplerate)
        except OSError as e:
            raise AudioError(f"{self.path}: cannot write the recording: {e.strerror or e}") from e

    @property
    def seconds(self) -> float:
        return self.frames / self.samplerate

    def add(self, block: np.ndarray) -> bool:
        """Write one block (flushed at once); True when the silence window has ended the answer."""
        block = np.asarray(block, dtype=np.float32).reshape(-1)
        self.file.write(block)
        self.file.flush()
        self.frames = self.file.frames
        if self.on_block:
            self.on_block(block)
        db = level_db(block)
        ended = self.detector.add(db, len(block) / self.samplerate)
        if self.meter:
            self.meter.update(self.seconds, self.target_seconds, db, db >= self.detector.threshold_db)
        return ended and self.use_silence

    def close(self, ended_by: EndReason) -> Recording:
        if not self.file.closed:
            self.frames = self.file.frames  # what is on disk, even if interrupted between two updates
            self.file.close()
        if self.meter:
            self.meter.close()
        return Recording(
            path=self.path,
            duration=self.seconds,
            ended_by=ended_by,
            speech_detected=self.detector.speech_detected,
            ended_at=time.monotonic(),
            speech_end=self.detector.last_speech_end,
        )


def _enter_pressed(stream: TextIO) -> bool:
    """True when a line is waiting on the (terminal) stream; consumes it."""
    try:
        if os.name == "nt":  # pragma: no cover
            import msvcrt

            if msvcrt.kbhit() and msvcrt.getwch() in "\r\n":
                return True
            return False
        ready, _, _ = select.select([stream], [], [], 0)
    except (OSError, ValueError):
        return False
    if ready:
        stream.readline()
        return True
    return False


# -- the microphone ----------------------------------------------------------------------------------------


class MicrophoneRecorder:
    """Records from an input device with sounddevice (16 kHz mono), the callback only queueing blocks.

    `enter_to_stop`: end the answer when a line arrives on stdin (default: only when stdin is a terminal).
    """

    def __init__(
        self,
        device: str | int | Device | None = None,
        samplerate: int = APP_SAMPLE_RATE,
        enter_to_stop: bool | None = None,
        stdin: TextIO | None = None,
    ):
        self.device = resolve_device(device, "input")
        self.samplerate = samplerate
        self.stdin = stdin or sys.stdin
        if enter_to_stop is None:
            enter_to_stop = bool(getattr(self.stdin, "isatty", lambda: False)())
        self.enter_to_stop = enter_to_stop

    def record(
        self,
        path: str | Path,
        *,
        target_seconds: float | None = None,
        silence_seconds: float = 3.0,
        max_seconds: float = DEFAULT_MAX_SECONDS,
        on_block: Callable[[np.ndarray], None] | None = None,
        stop_event: threading.Event | None = None,
        show_meter: bool = True,
        end_event: threading.Event | None = None,
    ) -> Recording:
        """Record one answer; `end_event` (internal, for loopback) ends it with ended_by="end_of_file"."""
        from mockint.speech.devices import open_input_stream

        q: queue.Queue[np.ndarray] = queue.Queue()

        def callback(indata, frames, time_info, status):  # PortAudio thread: hand the data over, nothing else
            q.put(indata.copy())

        stream = open_input_stream(self.device, self.samplerate, callback, int(self.samplerate * BLOCK_SECONDS))
        meter = LevelMeter(enter_hint=self.enter_to_stop) if show_meter and sys.stderr.isatty() else None
        take = _Take(path, self.samplerate, silence_seconds, target_seconds, on_block, meter)
        ended_by: EndReason | None = None
        try:
            with stream:
                last_data = time.monotonic()
                while ended_by is None:
                    try:
                        block = q.get(timeout=0.25)
                    except queue.Empty:
                        if time.monotonic() - last_data > 3.0:
                            raise AudioError(f"microphone {self.device.label}: stopped delivering audio") from None
                    else:
                        last_data = time.monotonic()
                        if take.add(block):
                            ended_by = "silence"
                    if take.seconds >= max_seconds:
                        ended_by = "max"
                    elif stop_event is not None and stop_event.is_set():
                        ended_by = "enter"
                    elif end_event is not None and end_event.is_set():
                        ended_by = "end_of_file"
                    elif self.enter_to_stop and _enter_pressed(self.stdin):
                        ended_by = "enter"
            while not q.empty():  # blocks queued before the stream stopped
                take.add(q.get_nowait())
        except KeyboardInterrupt:
            while not q.empty():  # keep what was captured up to the interrupt
                take.file.write(q.get_nowait().reshape(-1))
            raise RecordingInterrupted(take.close("interrupt")) from None
        except BaseException:
            take.close("interrupt")
            raise
        return take.close(ended_by)


# -- replayed answers -----------------------------------------------------------------------------------------


class _AnswerFiles:
    """The `--answer FILE` queue: every file is found and decoded up front (a bad one is an error before the
    session starts: no question asked, no folder created), then consumed in order."""

    def __init__(self, files: Iterable[str | Path], samplerate: int = APP_SAMPLE_RATE):
        self.files = [Path(f) for f in files]
        for f in self.files:
            if not f.is_file():
                raise AudioError(f"{f}: no such answer file")
        self._audio = [load_audio(f, samplerate) for f in self.files]  # AudioError: one line naming the file
        self._next = 0

    def pop(self) -> tuple[Path, np.ndarray] | None:
        """The next answer file and its decoded audio, or None when they have run out."""
        if self._next >= len(self.files):
            return None
        self._next += 1
        i = self._next - 1
        audio, self._audio[i] = self._audio[i], np.zeros(0, np.float32)  # released once used
        return self.files[i], audio

    def leftover(self) -> list[Path]:
        return self.files[self._next :]


def _no_answer(path: str | Path, samplerate: int) -> Recording:
    """An empty (valid) WAV for a turn with no answer left to play."""
    take = _Take(path, samplerate, 3.0, None, None, None)
    return take.close("no_answer")


class FileRecorder:
    """`--answer FILE`: each `record()` replays the next file through the recording pipeline.

    `realtime`: deliver blocks at the pace of speech (for latency measurements), else as fast as possible.
    The whole file is the answer (`ended_by="end_of_file"`); the silence window does not cut it short.
    When the files run out, `record()` writes an empty WAV and returns `ended_by="no_answer"`.
    """

    def __init__(self, files: Iterable[str | Path], realtime: bool = False, samplerate: int = APP_SAMPLE_RATE):
        self.answers = _AnswerFiles(files, samplerate)
        self.realtime = realtime
        self.samplerate = samplerate

    def leftover(self) -> list[Path]:
        """Answer files not used (yet)."""
        return self.answers.leftover()

    def record(
        self,
        path: str | Path,
        *,
        target_seconds: float | None = None,
        silence_seconds: float = 3.0,
        max_seconds: float = DEFAULT_MAX_SECONDS,
        on_block: Callable[[np.ndarray], None] | None = None,
        stop_event: threading.Event | None = None,
        show_meter: bool = True,
    ) -> Recording:
        answer = self.answers.pop()
        if answer is None:
            return _no_answer(path, self.samplerate)
        _, audio = answer
        meter = LevelMeter(enter_hint=False) if show_meter and self.realtime and sys.stderr.isatty() else None
        take = _Take(path, self.samplerate, silence_seconds, target_seconds, on_block, meter, use_silence=False)
        step = int(self.samplerate * BLOCK_SECONDS)
        ended_by: EndReason = "end_of_file"
        t0 = time.monotonic()
        try:
            for i in range(0, len(audio), step):
                if take.seconds >= max_seconds:
                    ended_by = "max"
                    break
                if stop_event is not None and stop_event.is_set():
                    ended_by = "enter"
                    break
                if self.realtime:  # the block is "recorded" once its last sample has been spoken
                    delay = t0 + (i + step) / self.samplerate - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                take.add(audio[i : i + step])
        except KeyboardInterrupt:
            raise RecordingInterrupted(take.close("interrupt")) from None
        except BaseException:
            take.close("interrupt")
            raise
        return take.close(ended_by)


class LoopbackRecorder:
    """`--answer FILE --answer-through DEVICE`: plays each answer into an output device (in tests, the virtual
    mic feed) while a `MicrophoneRecorder` records the input device: the real microphone path, unattended.

    The answer ends `tail_seconds` after playback ends (`ended_by="end_of_file"`), or earlier by the
    silence window, Enter or the cap, which also stop the playback.
    """

    def __init__(
        self,
        files: Iterable[str | Path],
        play_device: str | int | Device | None,
        input_device: str | int | Device | None = None,
        samplerate: int = APP_SAMPLE_RATE,
        tail_seconds: float = 0.5,
    ):
        self.answers = _AnswerFiles(files, samplerate)
        self.play_device = resolve_device(play_device, "output")
        self.mic = MicrophoneRecorder(input_device, samplerate, enter_to_stop=False)
        self.samplerate = samplerate
        self.tail_seconds = tail_seconds

    def leftover(self) -> list[Path]:
        return self.answers.leftover()

    def record(self, path: str | Path, **options) -> Recording:
        """Play the next answer file and record it from the microphone; options as `MicrophoneRecorder.record`."""
        answer = self.answers.pop()
        if answer is None:
            return _no_answer(path, self.samplerate)
        _, audio = answer
        played = threading.Event()
        stop_playing = threading.Event()
        errors: list[BaseException] = []

        def player() -> None:
            try:
                time.sleep(0.2)  # let the input stream start first
                play(audio, self.samplerate, self.play_device, stop_event=stop_playing)
                stop_playing.wait(self.tail_seconds)
            except BaseException as e:  # noqa: BLE001 - reported by the recording thread
                errors.append(e)
            finally:
                played.set()

        thread = threading.Thread(target=player, name="mockint-loopback", daemon=True)
        thread.start()
        try:
            rec = self.mic.record(path, **options, end_event=played)
        finally:
            stop_playing.set()
            thread.join(timeout=5)
        if errors and isinstance(errors[0], AudioError):
            raise errors[0]
        return rec


class FakeRecorder:
    """For unit tests: each `record()` writes the next scripted clip (or an empty WAV once they run out)."""

    def __init__(
        self, clips: Iterable[np.ndarray], ended_by: EndReason = "silence", samplerate: int = APP_SAMPLE_RATE
    ):
        self.clips = list(clips)
        self.ended_by: EndReason = ended_by
        self.samplerate = samplerate
        self.calls: list[dict] = []

    def record(self, path: str | Path, **options) -> Recording:
        self.calls.append({"path": Path(path), **options})
        if not self.clips:
            return _no_answer(path, self.samplerate)
        take = _Take(path, self.samplerate, options.get("silence_seconds", 3.0), None, options.get("on_block"), None)
        clip = self.clips.pop(0)
        step = int(self.samplerate * BLOCK_SECONDS)
        for i in range(0, len(clip), step):
            take.add(clip[i : i + step])
        return take.close(self.ended_by)
