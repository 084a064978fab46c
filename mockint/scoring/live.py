"""Where the candidate seems to be while still speaking (pure: the streaming transcript in, a cue out).

The live line of a mock answer shows the STAR section the words so far point to and its time against
target; the same reading decides when a rambling Situation earns one short redirect.

The track moves forward only (STAR order) and only on clear signs, so a long Situation stays a
Situation: a Task or Result or Reflection opening cue (`mockint/data/cues.toml`), or an Action opening
said in the first person ("I pulled the logs", "so I traced it"). A Situation that has run past
`factor` times its target with none of those signs is rambling.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mockint.library.schema import SECTION_ORDER
from mockint.scoring.segmentation import _cues, split_units
from mockint.scoring.transcript import Word

REDIRECT_FACTOR = 2.0  # a Situation this many times its target, with no sign of what comes next, is rambling
REDIRECT = "Let me stop you there. What was the problem, and what did you do about it?"
_FIRST_PERSON = re.compile(r"\bi\b")


@dataclass(frozen=True)
class SectionStart:
    key: str
    start: float  # seconds into the recording


@dataclass(frozen=True)
class LiveCue:
    """The section the answer seems to be in, how long it has run, and its target (seconds)."""

    section: str
    elapsed: float
    target: float | None

    @property
    def over(self) -> bool:
        return self.target is not None and self.elapsed > self.target

    def label(self) -> str:
        """E.g. "Action 0:42 / 1:30" for the live line ("OVER" once past the target)."""
        target = f" / {clock(self.target)}" if self.target else ""
        return f"{self.section.capitalize()} {clock(self.elapsed)}{target}{' OVER' if self.over else ''}"


def clock(seconds: float) -> str:
    """m:ss"""
    s = max(0, int(seconds))
    return f"{s // 60}:{s % 60:02d}"


def _signs(text: str) -> list[str]:
    """Sections (after the Situation) whose opening cue this unit shows; an Action opening only in the first person."""
    cues = _cues()
    setting = any(rx.search(text) for rx in cues["situation"]["opening"])  # "I noticed ...", "I was working ..."
    out = []
    for key, kinds in cues.items():
        if key == "situation":
            continue
        for rx in kinds["opening"]:
            m = rx.search(text)
            if m and (key != "action" or (_FIRST_PERSON.search(m.group(0)) and not setting)):
                out.append(key)
                break
    return out


def track_sections(words: Sequence[Word]) -> list[SectionStart]:
    """Where each section seems to start, in STAR order; always begins with the Situation at the first word."""
    timed = [w for w in words if w.word.strip() and w.start is not None]
    if not timed:
        return []
    track = [SectionStart("situation", timed[0].start or 0.0)]
    rank = {k: i for i, k in enumerate(SECTION_ORDER)}
    for unit in split_units(timed):
        signs = [k for k in _signs(unit.text) if rank[k] > rank[track[-1].key]]
        if signs:
            track.append(SectionStart(min(signs, key=rank.__getitem__), unit.t0 or track[-1].start))
    return track


def live_cue(track: Sequence[SectionStart], now: float, targets: Mapping[str, float]) -> LiveCue | None:
    """The cue at `now` seconds into the recording, from a track (None before any word)."""
    if not track:
        return None
    current = track[-1]
    return LiveCue(current.key, max(0.0, now - current.start), targets.get(current.key))


def rambling(cue: LiveCue | None, factor: float = REDIRECT_FACTOR) -> bool:
    """True when the Situation has run past `factor` times its target with no sign of what comes next."""
    return bool(cue and cue.section == "situation" and cue.target and cue.elapsed > factor * cue.target)
