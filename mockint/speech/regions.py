"""Where the speech is: Silero VAD regions (bundled with faster-whisper) and the padded clips decoded around them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mockint.defaults import SAMPLE_RATE
from mockint.errors import MockintError


@dataclass(frozen=True)
class VadSettings:
    """Silero VAD settings for `speech_regions` and the decoded clips."""

    threshold: float = 0.5  # speech probability above which a 32 ms frame is speech
    min_silence_s: float = 0.25  # a pause shorter than this does not split a region
    pad_s: float = 0.05  # each region is widened by this much on both sides
    clip_merge_s: float = 2.0  # regions closer than this are decoded as one clip
    clip_pad_s: float = 0.5  # context around each decoded clip


def detect_speech(audio: np.ndarray, vad: VadSettings | None = None) -> list[tuple[float, float]]:
    """Speech regions (seconds) found by the Silero VAD bundled with faster-whisper."""
    vad = vad or VadSettings()
    if audio.size < SAMPLE_RATE // 10:
        return []
    try:
        from faster_whisper.vad import VadOptions, get_speech_timestamps
    except ImportError:
        raise MockintError("faster-whisper is not installed (it provides the VAD): pip install faster-whisper") from None
    opts = VadOptions(
        threshold=vad.threshold,
        min_silence_duration_ms=int(vad.min_silence_s * 1000),
        speech_pad_ms=int(vad.pad_s * 1000),
    )
    spans = get_speech_timestamps(audio, opts, sampling_rate=SAMPLE_RATE)
    return [(round(s["start"] / SAMPLE_RATE, 3), round(s["end"] / SAMPLE_RATE, 3)) for s in spans]



def clip_spans(regions: list[tuple[float, float]], duration: float, vad: VadSettings) -> list[tuple[float, float]]:
    """Padded spans to decode: speech regions merged across pauses shorter than `clip_merge_s`."""
    clips: list[list[float]] = []
    for s, e in regions:
        s, e = max(0.0, s - vad.clip_pad_s), min(duration, e + vad.clip_pad_s)
        if clips and s - clips[-1][1] < vad.clip_merge_s:
            clips[-1][1] = max(clips[-1][1], e)
        else:
            clips.append([s, e])
    return [(round(s, 3), round(e, 3)) for s, e in clips]

