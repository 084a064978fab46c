"""Transcript data: what a `Transcriber` returns and what the pure core consumes.

Times are seconds from the start of the audio; `None` where unknown (a text transcript).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from mockint.errors import MockintError
from mockint.scoring.normalize import join_words


class Word(BaseModel):
    model_config = ConfigDict(extra="forbid")

    word: str  # as the engine wrote it, without surrounding spaces
    start: float | None = None
    end: float | None = None
    probability: float | None = None


class Segment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    start: float | None = None
    end: float | None = None
    words: list[Word] = Field(default_factory=list)


class Transcript(BaseModel):
    """Text plus (when known) word times and the speech regions found by VAD."""

    model_config = ConfigDict(extra="forbid")

    text: str
    words: list[Word] = Field(default_factory=list)
    segments: list[Segment] = Field(default_factory=list)
    language: str | None = "en"
    duration: float | None = None  # length of the audio, seconds
    speech_regions: list[tuple[float, float]] = Field(default_factory=list)
    filler_count: int | None = None  # fillers heard, when the engine measured them

    @property
    def speech_seconds(self) -> float:
        """Seconds of speech the voice detector heard (0 for a typed answer)."""
        return sum(e - s for s, e in self.speech_regions)

    @property
    def timed(self) -> bool:
        return bool(self.words) and all(w.start is not None and w.end is not None for w in self.words)

    @classmethod
    def from_text(cls, text: str) -> Transcript:
        """A transcript with no times: words are split on white space."""
        text = " ".join(text.split())
        return cls(text=text, words=[Word(word=w) for w in text.split()])

    @classmethod
    def from_words(cls, words: list[Word], **kwargs) -> Transcript:
        return cls(text=join_words([w.word for w in words]), words=words, **kwargs)


MAX_TIME_SECONDS = 24 * 3600.0  # no answer is a day long: a later time is a unit or clock error (ms, epoch)


def word_time_problem(t: Transcript) -> str | None:
    """The first impossible time in a transcript, as `field: what is wrong`, or None when they are all possible.

    Times must be finite, non-negative and under a day (MAX_TIME_SECONDS), each word must end no earlier than
    it starts, and words must be in order (each starts no earlier than the one before).
    """
    prev_start: float | None = None
    for i, w in enumerate(t.words):
        for name in ("start", "end"):
            v = getattr(w, name)
            if v is not None and not math.isfinite(v):
                return f"words[{i}].{name}: time is {v}, not a finite number of seconds"
            if v is not None and v < 0:
                return f"words[{i}].{name}: time is negative ({v:g} s)"
            if v is not None and v > MAX_TIME_SECONDS:
                return f"words[{i}].{name}: time is {v:g} s, more than a day: word times are seconds from the start of the answer"
        if w.start is not None and w.end is not None and w.end < w.start:
            return f"words[{i}].end: ends ({w.end:g} s) before it starts ({w.start:g} s)"
        if w.start is not None:
            if prev_start is not None and w.start < prev_start:
                return f"words[{i}].start: {w.start:g} s is before the previous word's start ({prev_start:g} s); words must be in order"
            prev_start = w.start
    if t.duration is not None and (not math.isfinite(t.duration) or not 0 <= t.duration <= MAX_TIME_SECONDS):
        return f"duration: {t.duration} is not a number of seconds between 0 and a day"
    return None


def load_transcript(path: str | Path) -> Transcript:
    """Read a `.txt` (plain text) or `.json` (a Transcript, or {"text", "words"}) file."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as e:
        raise MockintError(f"{path}: cannot read: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise MockintError(f"{path}: not a UTF-8 text file") from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as e:
            raise MockintError(f"{path}: invalid JSON at line {e.lineno}: {e.msg}") from None
        if isinstance(data, dict) and "transcript" in data and isinstance(data["transcript"], dict):
            data = data["transcript"]  # a saved report
        if not isinstance(data, dict) or "text" not in data:
            raise MockintError(f'{path}: expected a JSON object with "text" (and optional "words")')
        data = {k: v for k, v in data.items() if k in Transcript.model_fields}
        try:
            t = Transcript.model_validate(data)
        except Exception as e:  # pydantic.ValidationError
            first = e.errors()[0] if hasattr(e, "errors") else {"loc": (), "msg": str(e)}
            loc = ".".join(str(p) for p in first["loc"])
            raise MockintError(f"{path}: {loc}: {first['msg']}") from None
        problem = word_time_problem(t)
        if problem:
            raise MockintError(f"{path}: {problem}")
        if not t.words and t.text.strip():
            t = Transcript.from_text(t.text)
        return t
    return Transcript.from_text(raw)
