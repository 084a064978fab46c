"""The history's terminal views: every attempt with its change and a trend per scenario, and two attempts
side by side."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from mockint.output.common import RICH_SECTION_COLORS, TONE_STYLE, VERDICT_TONE, level_label, mmss, sparkline
from mockint.output.terminal import first_that_fits
from mockint.scoring.report import NOTICE_CODES
from mockint.store.history import Attempt, Comparison, with_deltas
from mockint.terminal_text import terminal_safe_model

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text


COLUMNS = (("#", "right"), ("Date", "left"), ("Mode", "left"), ("Level", "left"), ("Score", "right"), ("Δ", "right"),
           ("Verdict", "left"), ("Time", "right"), ("Flags", "right"))


def history_renderable(attempts: list[Attempt]) -> RenderableType:
    """The attempts, one table per scenario, numbered oldest first, each with its score change against the
    previous comparable attempt of the same scenario and mode; then a trend per scenario and mode."""
    from rich.console import Group
    from rich.text import Text

    if not attempts:
        return Text("No attempts yet: run `mockint practice SCENARIO`, then come back here.")
    attempts = [terminal_safe_model(a) for a in attempts]  # ids and verdicts read back from the database
    deltas = {id(a): d for a, d in with_deltas(attempts)}
    by_scenario: dict[str, list[Attempt]] = {}
    for a in attempts:
        by_scenario.setdefault(a.scenario, []).append(a)
    tables = [AttemptsTable(sid, items, deltas) for sid, items in by_scenario.items()]
    return Group(*tables, _trends(attempts))


class AttemptsTable:
    """One scenario's attempts; on a narrow console the date, mode, level and verdict wrap onto a second line
    between words (never an ellipsis, never an id folded a few letters a line)."""

    NARROW = {1: 10, 2: 10, 3: 6, 6: 7}  # column index -> width its words are wrapped to

    def __init__(self, scenario: str, attempts: list[Attempt], deltas: dict[int, float | None]):
        self.scenario, self.rows = scenario, [_attempt_row(a, deltas.get(id(a))) for a in attempts]

    def __rich_console__(self, console, options):
        yield first_that_fits(console, options, (self.table(False), self.table(True)))

    def table(self, narrow: bool):
        from rich import box
        from rich.table import Table
        from rich.text import Text

        t = Table(box=box.SIMPLE_HEAVY, title=Text(f"Attempts at {self.scenario}", style="bold"), title_justify="left", pad_edge=False)
        for col, justify in COLUMNS:
            t.add_column(col, justify=justify, no_wrap=True)
        for row in self.rows:
            if narrow:
                row = [_wrap(cell, self.NARROW[i]) if i in self.NARROW else cell for i, cell in enumerate(row)]
            t.add_row(*row)
        return t


def _wrap(cell, width: int):
    from rich.text import Text

    text = cell if isinstance(cell, Text) else Text(str(cell))
    lines = textwrap.wrap(text.plain, width, break_long_words=False, break_on_hyphens=False) or [""]
    return Text("\n".join(lines), style=text.style)


def _attempt_row(a: Attempt, delta: float | None) -> list:
    from rich.text import Text

    tone = TONE_STYLE.get(VERDICT_TONE.get(a.verdict, ""), "")
    dtext = Text("–", style="dim") if delta is None else Text(f"{delta:+.0f}", style="green" if delta > 0 else "red" if delta < 0 else "")
    mode = (a.mode or "–") + ("" if a.complete else " (incomplete)")
    return [str(a.number or a.id or ""), a.created_at[:16].replace("T", " "), Text(mode), level_label(a.level), f"{a.score:.0f}",
            dtext, Text(a.verdict, style=tone), mmss(a.duration), str(sum(c not in NOTICE_CODES for c in a.flags))]


def _trends(attempts: list[Attempt]) -> Text:
    """One line per scenario and mode, from its comparable attempts (complete, with speech heard)."""
    from rich.text import Text

    trends = Text()
    trends.append("Trends (complete attempts, per scenario and mode)\n", style="bold")
    series: dict[tuple[str, str | None], list[float]] = {}
    for a in attempts:
        if a.comparable:
            series.setdefault(a.series, []).append(a.score)
    if not series:
        trends.append("  none yet: no complete attempt with speech heard", style="dim")
    for (sid, mode), scores in series.items():
        first, last = scores[0], scores[-1]
        trends.append(f"  {sid} · {mode or '–'}  ")
        trends.append(sparkline(scores), style="cyan")
        trends.append(f"  {first:.0f} → {last:.0f}" + (f" ({last - first:+.0f} over {len(scores)} attempts)" if len(scores) > 1 else " (1 attempt)") + "\n")
    trends.rstrip()
    return trends


def deleted_renderable(attempt: Attempt, moved: Path | None) -> Text:
    """What `mockint history delete N` did, and how to undo it."""
    from rich.text import Text

    attempt = terminal_safe_model(attempt)
    what = f"Deleted #{attempt.number} ({attempt.created_at[:16].replace('T', ' ')}, {attempt.scenario}, {attempt.mode or '–'}, {attempt.score:.0f}/100) from the history"
    if moved is None:
        return Text(what + "; its session folder was already gone.")
    return Text(f"{what}; its session folder is kept in {moved}. To restore it, move that folder back into "
                f"{Path(attempt.session_dir).parent} and run `mockint history --rebuild`.")


def _head(x: Attempt) -> str:
    return f"#{x.number or x.id} {x.created_at[:16].replace('T', ' ')}"


def _signed(v: float | None, fmt: str, good_if_up: bool = True) -> Text:
    from rich.text import Text

    if v is None:
        return Text("–", style="dim")
    style = "" if v == 0 else ("green" if (v > 0) == good_if_up else "red")
    return Text(format(v, fmt), style=style)


def comparison_renderable(cmp: Comparison) -> RenderableType:
    """Two attempts side by side: per-section durations and scores, and which flags were fixed or are new."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    cmp = terminal_safe_model(cmp)
    a, b = cmp.a, cmp.b
    t = Table(box=box.SIMPLE_HEAVY, title=Text(f"{a.scenario}: {_head(a)}  vs  {_head(b)}", style="bold"), title_justify="left")
    t.add_column("")
    for col in ("Target", "Time A", "Time B", "Score A", "Score B", "Δ score"):
        t.add_column(col, justify="right")
    t.add_row(Text("Overall", style="bold"), "", mmss(a.duration), mmss(b.duration), f"{a.score:.0f}", f"{b.score:.0f}", _signed(cmp.score_delta, "+.0f"))
    t.add_row(Text("Verdict", style="bold"), "", "", "", Text(a.verdict), Text(b.verdict), "")
    for s in cmp.sections:
        t.add_row(Text(s.key.capitalize(), style=RICH_SECTION_COLORS.get(s.key, "")), mmss(s.target), mmss(s.a_duration), mmss(s.b_duration),
                  "–" if s.a_score is None else f"{s.a_score:.0f}", "–" if s.b_score is None else f"{s.b_score:.0f}", _signed(s.score_delta, "+.0f"))
    flags = Text()
    flags.append("Flags fixed: ", style="bold")
    flags.append(", ".join(cmp.flags_fixed) or "none", style="green")
    flags.append("\nNew flags:   ", style="bold")
    flags.append(", ".join(cmp.flags_new) or "none", style="red")
    flags.append("\nStill there: ", style="bold")
    flags.append(", ".join(cmp.flags_both) or "none", style="yellow")
    legend = f"A = {a.session_id} ({a.mode or '–'}, {level_label(a.level)})\nB = {b.session_id} ({b.mode or '–'}, {level_label(b.level)})"
    return Group(t, Text(legend, style="dim"), flags)
