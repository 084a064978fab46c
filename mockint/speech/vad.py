"""End of speech: an energy VAD with an adaptive noise floor, block by block (pure: levels in, decisions out).

It says when speech was last heard and how long the silence since has lasted; what that silence means
(an answer finished, or a thinking pause) is read from the words by `mockint.scoring.turn`.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from mockint.defaults import SILENCE_SECONDS


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

    silence_seconds: float = SILENCE_SECONDS
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
    def silence(self) -> float:
        """Seconds since speech was last heard (0 before any speech has been detected)."""
        if not self.speech_detected or self.last_speech_end is None:
            return 0.0
        return self.elapsed - self.last_speech_end

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
        return self.speech_detected and self.silence >= self.silence_seconds

