"""The interviewer listening to a mock answer while it is recorded: the live section cue, and one short
redirect when the Situation rambles (issue 11 items 3 and 4).

An `AnswerListener` sits between the streaming transcript (`heard()`, the words so far) and the recorder:
the recorder asks it for the live line's cue and tells it about every quiet block after speech
(`on_pause`). The redirect is said only in a pause the VAD hears (never over a word), once the words
transcribed so far show a Situation past twice its target with no sign of what comes next
(`mockint.scoring.live`); the recording goes on into the same file, and the redirect is kept as an
`Interruption` for the report's timeline.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from mockint.scoring.live import REDIRECT, LiveCue, SectionStart, live_cue, rambling, track_sections
from mockint.scoring.report import Interruption
from mockint.scoring.turn import Heard

log = logging.getLogger(__name__)

REDIRECT_PAUSE = 0.3  # seconds of quiet after speech before the redirect may be said (a sentence gap)


@dataclass
class AnswerListener:
    """Live cue and redirect for one answer. `say` speaks (blocking); `interrupt=False` never redirects."""

    heard_fn: Callable[[], Heard | None]
    targets: Mapping[str, float]  # seconds per STAR section (calibrated to the level)
    say: Callable[[str], None] | None = None
    interrupt: bool = True
    redirect: str = REDIRECT
    interruptions: list[Interruption] = field(default_factory=list)
    _track: tuple[tuple[int, float], list[SectionStart]] | None = None

    def heard(self) -> Heard | None:
        return self.heard_fn()

    def _sections(self, heard: Heard) -> list[SectionStart]:
        key = (len(heard.words), heard.covered)
        if self._track is None or self._track[0] != key:
            self._track = (key, track_sections(heard.words))
        return self._track[1]

    def cue(self, position: float) -> LiveCue | None:
        """The section the answer seems to be in at `position` seconds into the recording."""
        heard = self.heard()
        return live_cue(self._sections(heard), position, self.targets) if heard else None

    def label(self, position: float) -> str | None:
        cue = self.cue(position)
        return cue.label() if cue else None

    def on_pause(self, position: float, silence: float) -> None:
        """Called for every quiet block after speech; says the redirect once, when it is due."""
        if not self.interrupt or self.say is None or self.interruptions or silence < REDIRECT_PAUSE:
            return
        heard = self.heard()
        if heard is None:
            return
        # judged on what has been transcribed: the words up to `covered` show no sign of the next section
        cue = live_cue(self._sections(heard), min(position, heard.covered), self.targets)
        if not rambling(cue):
            return
        reason = f"Situation {cue.elapsed:.0f} s against a {cue.target:.0f} s target, no Task or Action yet"
        self.interruptions.append(Interruption(at=round(position, 2), text=self.redirect, reason=reason))
        log.info("redirect at %.1f s: %s", position, reason)
        self.say(self.redirect)
