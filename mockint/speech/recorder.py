"""The microphone and replayed answers: record one answer to a WAV on disk, crash-safe, until it ends.

`Recorder.record(path, TakeSettings(...)) -> Recording`. Every implementation streams 16 kHz mono blocks
through the same `Take` (mockint.speech.take: the WAV written block by block, `on_block` for background
transcription, the end of the turn, the live line), so replayed answers (`--answer FILE`) behave like
the microphone. An answer ends at Enter, at the cap, at the end of a replayed file, or by the end of
turn: a short silence when the words read finished, a long one when they read unfinished
(`mockint.scoring.turn`; with no transcript to read, the `silence_seconds` window).

Ctrl-C (and SIGTERM/SIGHUP, which the CLI turns into Ctrl-C): the file is closed cleanly (a valid WAV
holding the audio so far) and `RecordingInterrupted` (a KeyboardInterrupt carrying the `Recording`,
`ended_by="interrupt"`) is raised, so callers that do nothing stop as usual, and the session can keep the
turn from `e.recording`.
"""

from __future__ import annotations

import dataclasses
import logging
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol, TextIO

import numpy as np

from mockint.defaults import MAX_ANSWER_SECONDS, SAMPLE_RATE, SILENCE_SECONDS
from mockint.errors import AudioError
from mockint.scoring.turn import Heard, TurnWindows
from mockint.speech.audio import load_audio
from mockint.speech.console import LevelMeter, enter_pressed
from mockint.speech.devices import Device, play, resolve_device
from mockint.speech.listener import AnswerListener
from mockint.speech.take import BLOCK_SECONDS, EndReason, Listening, Recording, RecordingInterrupted, Take, no_answer

logger = logging.getLogger(__name__)

HeardFn = Callable[[], Heard | None]


@dataclasses.dataclass(frozen=True)
class TakeSettings:
    """What one take is asked to do: how it ends, what it shows, who gets its blocks. With `heard` the answer
    ends by how it reads (`windows`); without it, after `silence_seconds` of silence following speech. Also
    at `max_seconds`, when `stop_event` is set, or at the end of a replayed file."""

    target_seconds: float | None = None  # the answer's time budget, shown on the live line
    silence_seconds: float = SILENCE_SECONDS  # the end-of-turn window when there are no words to read
    max_seconds: float = MAX_ANSWER_SECONDS  # the hard cap (ended_by="max")
    on_block: Callable[[np.ndarray], None] | None = None  # gets each float32 block as it is written
    stop_event: threading.Event | None = None  # once set, the answer ends as at the Enter key (ended_by="enter")
    show_meter: bool = True  # the live level line (only ever on a terminal)
    heard: HeardFn | None = None  # the streaming transcript so far: the answer ends by how it reads
    windows: TurnWindows | None = None  # the end-of-turn windows (None: TurnWindows())
    listener: AnswerListener | None = None  # a mock answer's live section cue and redirect

    def listening(self, use_silence: bool = True) -> Listening:
        """The end-of-turn settings of the take: `windows` with `silence_seconds` as the fallback window; a
        `listener` adds the live cue and the redirect (and is where the words come from if `heard` is None)."""
        w = self.windows or TurnWindows()
        if w.fallback != self.silence_seconds:
            w = dataclasses.replace(w, fallback=self.silence_seconds)
        if self.listener is None:
            return Listening(heard=self.heard, windows=w, use_silence=use_silence)
        return Listening(
            heard=self.heard or self.listener.heard,
            windows=w,
            use_silence=use_silence,
            cue=self.listener.label,
            on_pause=self.listener.on_pause,
        )


class Recorder(Protocol):
    """Records one answer to `path` (16 kHz mono WAV, written as it arrives) and says how it ended; `settings`
    say when it ends, what the live line shows and who gets each block."""

    def record(self, path: str | Path, settings: TakeSettings = TakeSettings()) -> Recording: ...


# -- the microphone ----------------------------------------------------------------------------------------


class MicrophoneRecorder:
    """Records from an input device with sounddevice (16 kHz mono), the callback only queueing blocks.

    `enter_to_stop`: end the answer when a line arrives on stdin (default: only when stdin is a terminal).
    """

    def __init__(
        self,
        device: str | int | Device | None = None,
        samplerate: int = SAMPLE_RATE,
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
        self, path: str | Path, settings: TakeSettings = TakeSettings(), *, end_event: threading.Event | None = None
    ) -> Recording:
        """Record one answer; `end_event` (internal, for loopback) ends it with ended_by="end_of_file"."""
        from mockint.speech.devices import open_input_stream

        q: queue.Queue[np.ndarray] = queue.Queue()

        def callback(indata, frames, time_info, status):  # PortAudio thread: hand the data over, nothing else
            q.put(indata.copy())

        stream = open_input_stream(self.device, self.samplerate, callback, int(self.samplerate * BLOCK_SECONDS))
        meter = LevelMeter(enter_hint=self.enter_to_stop) if settings.show_meter and sys.stderr.isatty() else None
        take = Take(path, self.samplerate, settings.listening(), settings.target_seconds, settings.on_block, meter)
        try:
            with stream:
                ended_by = self._listen(q, take, settings.max_seconds, settings.stop_event, end_event)
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

    def _listen(
        self,
        q: queue.Queue[np.ndarray],
        take: Take,
        max_seconds: float,
        stop_event: threading.Event | None,
        end_event: threading.Event | None,
    ) -> EndReason:
        """Take blocks from the queue until something ends the answer; how it ended."""
        last_data = time.monotonic()
        while True:
            try:
                block = q.get(timeout=0.25)
            except queue.Empty:
                if time.monotonic() - last_data > 3.0:
                    raise AudioError(f"microphone {self.device.label}: stopped delivering audio") from None
            else:
                last_data = time.monotonic()
                ended = take.add(block)
                if ended:
                    return ended
            if take.seconds >= max_seconds:
                return "max"
            if stop_event is not None and stop_event.is_set():
                return "enter"
            if end_event is not None and end_event.is_set():
                return "end_of_file"
            if self.enter_to_stop and enter_pressed(self.stdin):
                return "enter"


# -- replayed answers -----------------------------------------------------------------------------------------


class AnswerFiles:
    """The `--answer FILE` queue: every file is found and decoded up front (a bad one is an error before the
    session starts: no question asked, no folder created), then consumed in order."""

    def __init__(self, files: Iterable[str | Path], samplerate: int = SAMPLE_RATE):
        self.files = [Path(f) for f in files]
        for f in self.files:
            if not f.exists() and not f.is_symlink():  # a link that leads nowhere or loops: load_audio says which
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


class AnswerFileRecorder:
    """What the two recorders of `--answer FILE` share: the answer files, one consumed by each `record()`, and
    `tail_seconds` of what follows each file (silence, or the microphone still listening)."""

    def __init__(self, files: Iterable[str | Path], samplerate: int, tail_seconds: float):
        self.answers = AnswerFiles(files, samplerate)
        self.samplerate = samplerate
        self.tail_seconds = tail_seconds

    def leftover(self) -> list[Path]:
        """Answer files not used (yet)."""
        return self.answers.leftover()


class FileRecorder(AnswerFileRecorder):
    """`--answer FILE`: each `record()` replays the next file through the recording pipeline.

    `realtime`: deliver blocks at the pace of speech (for latency measurements), else as fast as possible.
    By default the whole file is the answer (`ended_by="end_of_file"`); with `listen=True` it is heard as a
    microphone would hear it: the end of turn applies during the file, and after it the replay goes on
    as silence (up to `tail_seconds`) until the end of turn ends the answer. When the files run out,
    `record()` writes an empty WAV and returns `ended_by="no_answer"`.
    """

    def __init__(
        self,
        files: Iterable[str | Path],
        realtime: bool = False,
        samplerate: int = SAMPLE_RATE,
        listen: bool = False,
        tail_seconds: float = 10.0,
    ):
        super().__init__(files, samplerate, tail_seconds)
        self.realtime = realtime
        self.listen = listen

    def record(self, path: str | Path, settings: TakeSettings = TakeSettings()) -> Recording:
        answer = self.answers.pop()
        if answer is None:
            return no_answer(path, self.samplerate)
        _, audio = answer
        if self.listen:
            audio = np.concatenate([audio, np.zeros(int(self.tail_seconds * self.samplerate), np.float32)])
        live = settings.show_meter and self.realtime and sys.stderr.isatty()
        meter = LevelMeter(enter_hint=False) if live else None
        how = settings.listening(use_silence=self.listen)
        take = Take(path, self.samplerate, how, settings.target_seconds, settings.on_block, meter)
        try:
            ended_by = self._replay(audio, take, settings.max_seconds, settings.stop_event)
        except KeyboardInterrupt:
            raise RecordingInterrupted(take.close("interrupt")) from None
        except BaseException:
            take.close("interrupt")
            raise
        return take.close(ended_by)

    def _replay(self, audio: np.ndarray, take: Take, max_seconds: float, stop_event: threading.Event | None) -> EndReason:
        step = int(self.samplerate * BLOCK_SECONDS)
        t0 = time.monotonic()
        for i in range(0, len(audio), step):
            if take.seconds >= max_seconds:
                return "max"
            if stop_event is not None and stop_event.is_set():
                return "enter"
            if self.realtime:  # the block is "recorded" once its last sample has been spoken
                delay = t0 + (i + step) / self.samplerate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            ended = take.add(audio[i : i + step])
            if ended:
                return ended
        return "end_of_file"


class LoopbackRecorder(AnswerFileRecorder):
    """`--answer FILE --answer-through DEVICE`: plays each answer into an output device (in tests, the virtual
    mic feed) while a `MicrophoneRecorder` records the input device: the real microphone path, unattended.

    The answer ends `tail_seconds` after playback ends (`ended_by="end_of_file"`), or earlier by the end
    of turn, Enter or the cap, which also stop the playback.
    """

    def __init__(
        self,
        files: Iterable[str | Path],
        play_device: str | int | Device | None,
        input_device: str | int | Device | None = None,
        samplerate: int = SAMPLE_RATE,
        tail_seconds: float = 0.5,
    ):
        super().__init__(files, samplerate, tail_seconds)
        self.play_device = resolve_device(play_device, "output")
        self.mic = MicrophoneRecorder(input_device, samplerate, enter_to_stop=False)

    def record(self, path: str | Path, settings: TakeSettings = TakeSettings()) -> Recording:
        """Play the next answer file and record it from the microphone."""
        answer = self.answers.pop()
        if answer is None:
            return no_answer(path, self.samplerate)
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
            rec = self.mic.record(path, settings, end_event=played)
        finally:
            stop_playing.set()
            thread.join(timeout=5)
        if errors and isinstance(errors[0], AudioError):
            raise errors[0]
        return rec
