"""What every report view shares: the render context, section colours and verdict tones, time and
status labels, the score trend against earlier attempts."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mockint.errors import MockintError
from mockint.scoring.report import Report, SectionResult
from mockint.store.folder import SessionRecord

if TYPE_CHECKING:
    from mockint.library.schema import Scenario
    from mockint.store.history import Attempt

log = logging.getLogger(__name__)

SECTION_COLORS = {
    "situation": "#3b82f6",
    "task": "#f59e0b",
    "action": "#10b981",
    "result": "#8b5cf6",
    "reflection": "#06b6d4",
}
RICH_SECTION_COLORS = {"situation": "blue", "task": "yellow", "action": "green", "result": "magenta", "reflection": "cyan"}
VERDICT_TONE = {"Strong Hire": "good", "Hire": "good", "Lean Hire": "ok", "Lean No Hire": "bad", "No Hire": "bad"}
TONE_STYLE = {"good": "green", "ok": "yellow", "bad": "red"}  # a verdict tone as a rich style
SPARK = "▁▂▃▄▅▆▇█"


@dataclass
class RenderContext:
    """What a writer needs besides the report."""

    scenario: Scenario | None = None  # for the strong examples beside the candidate's words
    history: list[Attempt] = field(default_factory=list)  # attempts at the same scenario, oldest first
    audio: str | None = None  # the answer's audio: a path relative to the output folder (or absolute)
    embed_audio: bool = False  # html: embed the audio as a base64 data URI instead of linking it
    out_dir: Path | None = None  # where the files go (relative audio paths resolve against it)
    # guided sessions: one recording per section, {key: (audio path, offset of its first sample in the
    # joined transcript's timeline)}; used when there is no single `audio`
    section_audio: dict[str, tuple[str, float]] = field(default_factory=dict)
    retakes: list[str] = field(default_factory=list)  # takes retaken before scoring: "the answer (turns/01-answer-answer.wav)"


def mmss(seconds: float | None) -> str:
    """`75.4` -> `1:15`; `None` -> `–`."""
    if seconds is None:
        return "–"
    s = int(round(seconds))
    return f"{s // 60}:{s % 60:02d}"


def section_status(sec: SectionResult, tolerance: float) -> tuple[str, str]:
    """(`ok` | `over` | `under` | `missing` | `unknown`, a short human label) of a section's time."""
    if not sec.present:
        return "missing", "missing"
    if sec.duration is None:
        return "unknown", "no timing"
    lo, hi = sec.target * (1 - tolerance), sec.target * (1 + tolerance)
    diff = sec.duration - sec.target
    if sec.timing == "concise":  # short, but its content is there (the core's verdict): no advice to contradict
        return "ok", "concise"
    if sec.duration > hi:
        return "over", f"over by {diff:.0f}s"
    if sec.duration < lo:
        return "under", f"under by {-diff:.0f}s"
    return "ok", "on target"


def retakes_of(record: SessionRecord | None) -> list[str]:
    """The takes a session's candidate retook (kept on disk, not scored), as the reports name them."""
    what = {"answer": "the answer", "probe": "a follow-up answer", "quiz": "a quiz answer"}
    return [f"{what.get(t.kind, 'the ' + t.key.title())} ({t.audio or 'no audio'})" for t in (record.retaken() if record else [])]


def take_label(retakes: int) -> str:
    """`1` -> `2nd take` (the take scored after one retake); `0` -> `` (the first take)."""
    if retakes <= 0:
        return ""
    n = retakes + 1
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix} take"


def retake_note(ctx: RenderContext) -> str | None:
    """One line saying a retake happened, or None."""
    if not ctx.retakes:
        return None
    return "Retaken before scoring: " + "; ".join(ctx.retakes) + ". The discarded takes are kept, not scored."


def sparkline(values: list[float], lo: float = 0.0, hi: float = 100.0) -> str:
    """`▁▃▆█` for scores between lo and hi."""
    if not values:
        return ""
    span = (hi - lo) or 1.0
    return "".join(SPARK[min(len(SPARK) - 1, max(0, int((v - lo) / span * (len(SPARK) - 1) + 0.5)))] for v in values)


def score_delta(report: Report, ctx: RenderContext) -> float | None:
    """The change of the overall score against the attempt before this one in `ctx.history`."""
    prev = _previous(report, ctx)
    return round(report.overall.score - prev[-1].score, 1) if prev else None


def is_current(a: Attempt, report: Report, ctx: RenderContext) -> bool:
    """Is this history row the report being rendered? (Same session folder, or same time and score.)"""
    if ctx.out_dir is not None and a.session_id == ctx.out_dir.name:
        return True
    return bool(report.created_at) and a.created_at == report.created_at and a.score == report.overall.score


def _previous(report: Report, ctx: RenderContext) -> list[Attempt]:
    idx = [i for i, a in enumerate(ctx.history) if is_current(a, report, ctx)]
    return ctx.history[: idx[0]] if idx else list(ctx.history)


def level_label(level: str) -> str:
    from mockint.library.schema import LEVEL_LABELS

    return LEVEL_LABELS.get(level, level)


def lookup_scenario(report: Report) -> Scenario | None:
    """The report's scenario (for its strong examples), or None with a warning when it cannot be found."""
    from mockint.library.store import find_scenario

    try:
        return find_scenario(report.scenario)
    except MockintError as e:
        log.warning("scenario %s not found; the report has no strong examples: %s", report.scenario, e)
        return None
