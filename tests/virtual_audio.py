"""Helpers for tests through the virtual PulseAudio devices of scripts/audio-server.sh.

mockint_speaker (the agent's speaker, heard on mockint_speaker.monitor), mockint_mic_feed (tests play
the candidate into it) and mockint_mic (the microphone, on the feed's monitor), all 16 kHz mono.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time

import numpy as np
import pytest

SR = 16000


def pulse_available() -> bool:
    if not shutil.which("pactl"):
        return False
    out = subprocess.run(["pactl", "list", "short", "sources"], capture_output=True, text=True)
    return out.returncode == 0 and "mockint_mic" in out.stdout


requires_pulse = pytest.mark.skipif(
    not pulse_available(),
    reason="no PulseAudio server with the mockint virtual devices answers: `source scripts/audio-server.sh` (scripts/test.sh does)",
)


def espeak(text: str, rate: int = 165, voice: str = "en-us") -> np.ndarray:
    """Speech from the espeak-ng CLI, resampled to 16 kHz mono float32."""
    import io

    import soundfile as sf

    from mockint.speech.audio import resample

    wav = subprocess.run(["espeak-ng", "--stdout", "-s", str(rate), "-v", voice, text], capture_output=True, check=True).stdout
    audio, sr = sf.read(io.BytesIO(wav), dtype="float32")
    return resample(audio, sr, SR)


def active(x: np.ndarray, threshold: float = 0.01, sr: int = SR) -> tuple[float, float] | None:
    """(first, last) time in seconds where |x| exceeds the threshold; None when silent."""
    idx = np.flatnonzero(np.abs(x) > threshold)
    if idx.size == 0:
        return None
    return idx[0] / sr, idx[-1] / sr


def similarity(x: np.ndarray, ref: np.ndarray, sr: int = SR, window: float = 1.5) -> tuple[float, float]:
    """(lag in seconds of ref inside x, Pearson correlation of the aligned first `window` s of speech)."""
    start = int((active(ref) or (0, 0))[0] * sr)
    ref = ref[start : start + int(window * sr)]
    n = len(x) + len(ref)
    nfft = 1 << (n - 1).bit_length()
    c = np.fft.irfft(np.fft.rfft(x, nfft) * np.conj(np.fft.rfft(ref, nfft)), nfft)[: len(x)]
    lag = int(np.argmax(c))
    seg = x[lag : lag + len(ref)]
    if len(seg) < len(ref) // 2:
        return lag / sr, 0.0
    r = float(np.corrcoef(seg, ref[: len(seg)])[0, 1])
    return (lag - start) / sr, r


class Capture:
    """Records a PulseAudio source (e.g. mockint_speaker.monitor) with `parec` in the background, noting each
    20 ms block's arrival time. A native PulseAudio client, independent of the PortAudio path under test."""

    BLOCK = SR // 50

    def __init__(self, source: str):
        self.source = source
        self.blocks: list[tuple[float, np.ndarray]] = []
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._thread: threading.Thread | None = None

    def _read(self) -> None:
        assert self._proc and self._proc.stdout
        pending = b""
        while True:
            data = self._proc.stdout.read(self.BLOCK * 4)
            if not data:
                return
            pending += data
            whole = len(pending) - len(pending) % 4
            with self._lock:
                self.blocks.append((time.monotonic(), np.frombuffer(pending[:whole], dtype="<f4").copy()))
            pending = pending[whole:]

    def __enter__(self) -> Capture:
        cmd = ["parec", "-d", self.source, "--rate=16000", "--channels=1", "--format=float32le", "--raw", "--latency-msec=20"]
        self._proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, bufsize=0)
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        time.sleep(0.3)
        return self

    def __exit__(self, *exc) -> None:
        assert self._proc and self._thread
        self._proc.terminate()
        self._proc.wait(5)
        self._thread.join(5)

    @property
    def audio(self) -> np.ndarray:
        with self._lock:
            return np.concatenate([b for _, b in self.blocks]) if self.blocks else np.zeros(0, np.float32)

    def last_sound_arrival(self, threshold: float = 0.01) -> float | None:
        """Arrival time (monotonic) of the last block holding sound."""
        with self._lock:
            loud = [t for t, b in self.blocks if np.abs(b).max(initial=0) > threshold]
        return loud[-1] if loud else None

    def first_sound_arrival(self, threshold: float = 0.01) -> float | None:
        with self._lock:
            loud = [t for t, b in self.blocks if np.abs(b).max(initial=0) > threshold]
        return loud[0] if loud else None

