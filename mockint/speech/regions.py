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
    # A longer clip is split at the longest pause between its regions in the second half of each window of
    # this length (never inside a region), so clips last 60-120 s. faster-whisper computes the features of a
    # whole clip at once: one 20-minute clip of continuous speech peaked at 1.2 GB.
    clip_max_s: float = 120.0


# faster-whisper's Silero VAD pads and re-batches a copy of the whole array and runs ONNX on 320 s at a time:
# on a 20-minute file it peaked at 516 MB (the audio alone: 122 MB). In pieces this long: 359 MB, the same
# 215 regions, edges within 0.13 s of the whole-file run (the model's state starts afresh in each piece).
VAD_PIECE_S = 300


def detect_speech(audio: np.ndarray, vad: VadSettings | None = None) -> list[tuple[float, float]]:
    """Speech regions (seconds) found by the Silero VAD bundled with faster-whisper, `VAD_PIECE_S` at a time;
    a region cut by the end of a piece is joined to the one the next piece starts with."""
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
    regions: list[tuple[float, float]] = []
    step = VAD_PIECE_S * SAMPLE_RATE
    for offset in range(0, audio.size, step):
        piece = audio[offset : offset + step]
        if piece.size < SAMPLE_RATE // 10:
            break
        spans = [
            (round((offset + t["start"]) / SAMPLE_RATE, 3), round((offset + t["end"]) / SAMPLE_RATE, 3))
            for t in get_speech_timestamps(piece, opts, sampling_rate=SAMPLE_RATE)
        ]
        edge = offset / SAMPLE_RATE
        if spans and regions and regions[-1][1] >= edge - vad.min_silence_s and spans[0][0] <= edge + vad.min_silence_s:
            regions[-1] = (regions[-1][0], spans.pop(0)[1])  # one region, cut by the end of a piece
        regions.extend(spans)
    return regions



def clip_spans(regions: list[tuple[float, float]], duration: float, vad: VadSettings) -> list[tuple[float, float]]:
    """Padded spans to decode: speech regions merged across pauses shorter than `clip_merge_s` (plus the
    padding on both sides), a group longer than `clip_max_s` split at pauses (`split_at_pauses`). The
    padding of two pieces of one group stops at the middle of the pause between them."""
    spans: list[tuple[float, float]] = []
    for group in merged_groups(regions, vad.clip_merge_s + 2 * vad.clip_pad_s):
        pieces = split_at_pauses(group, vad.clip_max_s)
        for k, piece in enumerate(pieces):
            lo = (pieces[k - 1][-1][1] + piece[0][0]) / 2 if k else 0.0
            hi = (piece[-1][1] + pieces[k + 1][0][0]) / 2 if k + 1 < len(pieces) else duration
            spans.append((round(max(lo, piece[0][0] - vad.clip_pad_s), 3), round(min(hi, piece[-1][1] + vad.clip_pad_s), 3)))
    return spans


def merged_groups(regions: list[tuple[float, float]], max_gap_s: float) -> list[list[tuple[float, float]]]:
    """Consecutive regions, grouped while the pause between them is shorter than `max_gap_s`."""
    groups: list[list[tuple[float, float]]] = []
    for s, e in regions:
        if groups and s - groups[-1][-1][1] < max_gap_s:
            groups[-1].append((s, e))
        else:
            groups.append([(s, e)])
    return groups


def split_at_pauses(regions: list[tuple[float, float]], max_s: float) -> list[list[tuple[float, float]]]:
    """`regions` (one clip) cut into pieces of at most `max_s`, each cut at the longest pause between two
    regions in the second half of the window from the piece's start (in the first half when the second has
    none). A single region longer than `max_s` stays whole: speech is never cut."""
    pieces: list[list[tuple[float, float]]] = []
    first = 0
    while regions[-1][1] - regions[first][0] > max_s:
        start = regions[first][0]
        fits = [i for i in range(first, len(regions) - 1) if regions[i][1] - start <= max_s] or [first]
        late = [i for i in fits if regions[i][1] - start >= max_s / 2] or fits
        cut = max(late, key=lambda i: regions[i + 1][0] - regions[i][1])  # the piece ends with region `cut`
        pieces.append(regions[first : cut + 1])
        first = cut + 1
    pieces.append(regions[first:])
    return pieces
