"""The terminal during a recording: the live line (elapsed against target, input level) and the Enter key."""

from __future__ import annotations

import os
import select
import sys
import time
from typing import TextIO

from mockint.scoring.live import clock


class LevelMeter:
    """A live one-line display on a terminal: elapsed against target, and the input level."""

    def __init__(self, stream: TextIO | None = None, enter_hint: bool = True, width: int = 20):
        self.stream = stream or sys.stderr
        self.enter_hint = enter_hint
        self.width = width
        self._last = 0.0

    def update(
        self, elapsed: float, target: float | None, db: float, speaking: bool, force: bool = False, cue: str | None = None
    ) -> None:
        """Redraw the line (at most every 0.1 s unless `force`); `cue` is the section the answer seems to be in."""
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        filled = int(round(self.width * min(1.0, max(0.0, (db + 60) / 60))))
        bar = "#" * filled + "-" * (self.width - filled)
        t = clock(elapsed) + (f" / {clock(target)}" if target else "")
        over = " OVER" if target and elapsed > target else ""
        hint = "  Enter to finish" if self.enter_hint else ""
        section = f"  {cue}" if cue else ""
        self.stream.write(f"\r● REC {t}{over}{section}  [{bar}] {'speech' if speaking else 'quiet '}{hint} ")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\r" + " " * 100 + "\r")
        self.stream.flush()



def enter_pressed(stream: TextIO) -> bool:
    """True when a line is waiting on the (terminal) stream; consumes it."""
    try:
        if os.name == "nt":  # pragma: no cover
            import msvcrt

            if msvcrt.kbhit() and msvcrt.getwch() in "\r\n":
                return True
            return False
        ready, _, _ = select.select([stream], [], [], 0)
    except (OSError, ValueError):
        return False
    if ready:
        stream.readline()
        return True
    return False

