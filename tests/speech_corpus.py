"""Known-text speech for ASR tests and benchmarks, synthesized on the fly with the espeak-ng CLI.

Fillers are written `{um}`, `{uh}`, `{er}` and spoken with espeak phonemes, because espeak reads the
spelled words "um"/"uh" as letters or vowels Whisper does not hear as hesitations.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mockint.defaults import SAMPLE_RATE
from mockint.speech.audio import load_audio

VOICES = ("en-us", "en-gb")
# espeak-ng phoneme spellings that Whisper tiny.en hears as the filler (checked by hand).
FILLER_PHONEMES = {"um": "[[V:m]]", "uh": "[[V:]]", "er": "[[3:]]"}

# Normal answers (no fillers): the seed scenario's strong STAR answer, sentence groups.
NORMAL = (
    "While working as an SDE2, I noticed a webhook drop rate in the Platform team's payment notification "
    "service. This issue wasn't on my sprint, no ticket existed, and nobody had asked me to investigate.",
    "The drop caused delayed payment confirmations, impacting customer trust and revenue flow. "
    "I decided to act proactively to fix this cross-team problem.",
    "This webhook service belonged to the Platform team, not my team. I decided to take ownership and fix "
    "the drop rate issue to improve customer experience.",
    "I pulled the webhook delivery logs to analyze failure patterns. I traced the failure to a race "
    "condition in the retry logic. I reproduced the issue locally to confirm the root cause.",
    "I wrote a minimal fix to serialize retries properly. I added a dead letter queue alert to catch "
    "future drops early. I submitted a ready to merge pull request with detailed testing notes.",
    "The root cause was no shared webhook reliability target across teams. I recommended leadership "
    "create cross-team metrics.",
)

# Answers with hesitations: ground truth is the text without the markers; fillers = marker count.
WITH_FILLERS = (
    "So, {um}, I noticed the webhook drop rate in the payment service.",
    "{uh}, the issue was not on my sprint and nobody had asked me to look.",
    "I pulled the delivery logs and, {er}, traced the failure to the retry logic.",
    "Then I, {um}, wrote a minimal fix and, {uh}, added an alert for future drops.",
    "The result was, {er}, fewer failed payments every week.",
    "I think, {um}, the root cause was missing visibility across teams, {uh}, honestly.",
    "We shipped the change on a Friday and it worked.",
    "{um}, I would, {um}, measure the customer impact first next time.",
)


@dataclass(frozen=True)
class Utterance:
    marked: str  # text with {filler} markers
    voice: str

    @property
    def text(self) -> str:
        """What was said, fillers excluded."""
        return " ".join(re.sub(r"\{\w+\},?", "", self.marked).split())

    @property
    def fillers(self) -> int:
        return len(re.findall(r"\{\w+\}", self.marked))

    @property
    def spoken(self) -> str:
        return re.sub(r"\{(\w+)\}", lambda m: FILLER_PHONEMES[m.group(1)], self.marked)


def have_espeak() -> bool:
    return shutil.which("espeak-ng") is not None


def espeak(text: str, voice: str = "en-us", speed: int = 160) -> np.ndarray:
    """16 kHz mono float32 speech for `text` (espeak-ng writes 22.05 kHz; we resample)."""
    with tempfile.TemporaryDirectory() as d:
        wav = Path(d) / "s.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(wav), text], check=True)
        return load_audio(wav)


def corpus(texts: tuple[str, ...], voices: tuple[str, ...] = VOICES) -> list[Utterance]:
    return [Utterance(t, v) for v in voices for t in texts]


def speech_bounds(audio: np.ndarray, threshold: float = 0.01) -> tuple[float, float]:
    """First and last sample louder than `threshold`, in seconds (exact for clean synthetic speech)."""
    idx = np.flatnonzero(np.abs(audio) > threshold)
    return (idx[0] / SAMPLE_RATE, (idx[-1] + 1) / SAMPLE_RATE) if idx.size else (0.0, 0.0)


def with_pauses(parts: list[np.ndarray], pauses: list[float]) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """Concatenate speech parts with silences; returns the audio and each part's true speech span."""
    out, spans, t = [], [], 0.0
    for i, p in enumerate(parts):
        s, e = speech_bounds(p)
        spans.append((t + s, t + e))
        out.append(p)
        t += p.size / SAMPLE_RATE
        if i < len(pauses):
            n = int(pauses[i] * SAMPLE_RATE)
            out.append(np.zeros(n, np.float32))
            t += n / SAMPLE_RATE
    return np.concatenate(out), spans
