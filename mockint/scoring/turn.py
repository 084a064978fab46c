"""End of turn that reads the answer, not only the silence (pure: words and a silence length in, a decision out).

While the candidate speaks, the streaming transcript is already there. `read_turn(words)` says how the
answer reads so far:
- **done**: a spoken "I'm done" / "that's my answer" closes it: the answer ends at the first quiet moment.
- **finished**: a closing phrase ("that's it", "so that was the outcome"), or a Reflection heard and the
  last sentence complete: a short silence (`TurnWindows.finished`, about 1 s) ends it.
- **result**: a Result (after an Action) heard and the last sentence complete, but no Reflection yet: candidates often
  pause about a second before reflecting, so a slightly longer silence (`TurnWindows.result`, 1.5 s) ends it.
- **unfinished**: a sentence cut off, a last word that leads on ("and", "so", "then"), a filler, or no
  Result or Reflection yet: the candidate is thinking, so only a long silence (`TurnWindows.unfinished`) ends it.

`end_of_turn(heard, speech_end, silence, windows)` applies the windows. When the words do not reach the
end of the speech yet (a slow machine is still transcribing the last piece), or there is no transcript at
all (streaming off), the plain silence window (`TurnWindows.fallback`, `--silence`) decides, as it did
before the words were read.
Sections are found by the same cue phrases the segmenter uses (`mockint/data/cues.toml`), so this holds for
any story, not only a scenario's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from mockint.defaults import (
    END_DONE_SECONDS,
    END_FINISHED_SECONDS,
    END_RESULT_SECONDS,
    END_UNFINISHED_SECONDS,
    SILENCE_SECONDS,
)
from mockint.scoring.evidence import I_ACTION, WE_ACTION
from mockint.scoring.normalize import is_filler, normalize
from mockint.scoring.segmentation import Unit, _cues, split_units
from mockint.scoring.transcript import Word

TurnState = Literal["done", "finished", "result", "unfinished"]
TurnEnd = Literal["spoken_done", "finished", "silence"]

# Said at the very end of the answer (normalized text: "that's" -> "that is", "I'm" -> "i am").
_DONE = re.compile(
    r"\b(i am (done|finished)|that is (my|the end of my) answer|that is all i (have|got)|end of (my )?answer)( thank you)?$"
)
_CLOSING = re.compile(
    r"(\bthat is (it|about it|the story|all|what happened|how \w+ (ended|went|turned out))"
    r"|\b(and )?(so )?that (was|is|is basically|was basically) (the|my) (outcome|result|story|answer|takeaway|lesson)"
    r"|\b(and )?(so )?that is how (i|we) \w+)( thank you)?$"
)
# A last word that leads on to more: the candidate is mid-thought even if Whisper wrote a full stop.
_LEADS_ON = frozenset(
    "and so but then because or which that who where when while since although though like the a an to of "
    "with for from by in on at my our also plus if as than until unless whether".split()
)
_SENTENCE_END = re.compile(r"[.?!]['\")\]]*$")
# Cue families that show a Result or a Reflection was heard (openings, and the reflection's own words).
_REFLECTION_WORDS = re.compile(
    r"\b(learned|lesson|hindsight|going forward|next time|in retrospect|looking back|root cause (was|is))\b"
    # a judgement of one's own part is a reflection whatever opens it ("which limited my impact", "I should
    # have"): through a real microphone the opening word is the one most often misheard ("However" -> "Hi everyone")
    r"|\b(i should(n't| not)? have|limited my (impact|influence|role)|i would do \w+ differently|differently next time)\b"
)


@dataclass(frozen=True)
class TurnWindows:
    """How long a silence ends the answer, by how the answer reads (seconds)."""

    finished: float = END_FINISHED_SECONDS  # the answer reads finished (a Reflection, a closing phrase)
    result: float = END_RESULT_SECONDS  # a Result heard, no Reflection yet
    unfinished: float = END_UNFINISHED_SECONDS  # it reads unfinished: a thinking pause is waited out
    done: float = END_DONE_SECONDS  # after a spoken "I'm done": just enough not to cut the last word
    fallback: float = SILENCE_SECONDS  # no words to read (no streaming transcript)


@dataclass(frozen=True)
class Heard:
    """What the streaming transcript holds so far: its words and how much of the recording they cover."""

    words: Sequence[Word]
    covered: float  # seconds of the recording transcribed so far (the words come from audio before this)


@dataclass(frozen=True)
class TurnReading:
    """How the answer reads so far, and why."""

    state: TurnState
    reason: str  # e.g. "closing phrase 'that is it'", "last word 'and' leads on", "no Result or Reflection yet"
    sections: tuple[str, ...] = ()  # STAR sections whose cues were heard, in order of first appearance


@dataclass(frozen=True)
class TurnDecision:
    """The answer ends now: how (`ended_by`) and what was read."""

    ended_by: TurnEnd
    reading: TurnReading | None
    window: float  # the silence window that applied, seconds


def sections_heard(units: Sequence[Unit]) -> tuple[str, ...]:
    """STAR sections whose opening cues open a unit (and the Reflection's own words anywhere), in order.

    A Result or a Reflection counts only once an Action has been heard (in that unit or before: a deed of "I"
    or "we" in the words of an Action, so neither "I learned" nor a misheard "I won a mobile engineer"):
    STAR runs in that order, and a Result cue in the Situation ("After the release, 2% of users...") or a
    Reflection word in it ("I learned of the outage from a customer") would end a half-told answer after a
    short pause. Read unfinished instead, a misread costs only a longer wait.
    """
    cues = _cues()
    action_cues = [*cues["action"]["opening"], *cues["action"]["inside"]]
    seen: list[str] = []
    acted = False
    for u in units:
        deed = I_ACTION.search(u.text) or WE_ACTION.search(u.text)
        acted = acted or bool(deed and any(rx.search(u.text) for rx in action_cues))
        for key, kinds in cues.items():
            hit = any(rx.search(u.text) for rx in kinds["opening"])
            if key == "reflection":
                hit = hit or bool(_REFLECTION_WORDS.search(u.text))
            if key in ("result", "reflection") and not acted:
                continue
            if hit and key not in seen:
                seen.append(key)
    return tuple(seen)


def _bare(word: str) -> str:
    return re.sub(r"[^a-z']", "", word.lower())


def read_turn(words: Sequence[Word]) -> TurnReading:
    """How the answer reads after `words` (the transcript so far, with Whisper's punctuation)."""
    spoken = [w for w in words if w.word.strip()]
    if not spoken:
        return TurnReading("unfinished", "nothing said yet")
    units = split_units(list(spoken))
    sections = sections_heard(units)
    last_text = units[-1].text if units else ""
    tail = normalize(" ".join(w.word for w in spoken[-12:]))
    if _DONE.search(tail):
        return TurnReading("done", f"said '{_DONE.search(tail).group(0)}'", sections)
    last = spoken[-1].word.strip()
    if is_filler(_bare(last)):
        return TurnReading("unfinished", f"a filler ('{last}') at the end", sections)
    # Whisper also ends a chunk's last sentence with "..." when the audio simply stopped there ("before it
    # ships..."): an ellipsis is a cut-off only on a short fragment or a word that leads on (checked next)
    trailing = last.endswith(("...", "…"))
    if (trailing and len(last_text.split()) < 4) or last.endswith((",", ";", ":", "-")) or not (trailing or _SENTENCE_END.search(last)):
        return TurnReading("unfinished", f"the last sentence is cut off ('{last}')", sections)
    if _bare(last) in _LEADS_ON:
        return TurnReading("unfinished", f"the last word ('{last}') leads on", sections)
    closing = _CLOSING.search(last_text) or _CLOSING.search(tail)
    if closing:
        return TurnReading("finished", f"closing phrase '{closing.group(0).strip()}'", sections)
    if "reflection" in sections:
        return TurnReading("finished", "Reflection heard and the last sentence complete", sections)
    if "result" in sections:
        return TurnReading("result", "Result heard and the last sentence complete", sections)
    return TurnReading("unfinished", "no Result or Reflection yet", sections)


def window_for(reading: TurnReading | None, windows: TurnWindows) -> float:
    """The silence that ends an answer reading this way."""
    if reading is None:
        return windows.fallback
    return {"done": windows.done, "finished": windows.finished, "result": windows.result, "unfinished": windows.unfinished}[
        reading.state
    ]


def end_of_turn(
    heard: Heard | None,
    speech_end: float,
    silence: float,
    windows: TurnWindows = TurnWindows(),
    reading: TurnReading | None = None,
    lag_tolerance: float = 0.3,
) -> TurnDecision | None:
    """The decision after `silence` seconds of quiet since speech ended at `speech_end` (seconds into the
    recording), or None to keep listening. `reading` may be passed when the caller has read `heard` already.

    Words that stop short of `speech_end` (by more than `lag_tolerance`) are not read yet: the answer then
    ends at the fallback window, as if there were no words.
    """
    if heard is None:
        return TurnDecision("silence", None, windows.fallback) if silence >= windows.fallback else None
    if heard.covered + lag_tolerance < speech_end:  # the end of what was said is still being transcribed:
        return TurnDecision("silence", None, windows.fallback) if silence >= windows.fallback else None  # as unread
    reading = reading or read_turn(heard.words)
    window = window_for(reading, windows)
    if silence < window:
        return None
    ended: TurnEnd = "spoken_done" if reading.state == "done" else "silence" if reading.state == "unfinished" else "finished"
    return TurnDecision(ended, reading, window)
