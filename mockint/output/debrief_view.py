"""The debrief of an interview round for a terminal (rich): the verdict per question, the principles strong and
weak across the round, the stories told twice. Text columns wrap, so nothing is cut at 80 columns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockint.output.common import TONE_STYLE, VERDICT_TONE, level_label
from mockint.output.terminal import render_terminal_text
from mockint.store.rounds import Debrief
from mockint.terminal_text import terminal_safe_model

if TYPE_CHECKING:
    from rich.console import RenderableType

STANDING_STYLE = {"strong": "green", "mixed": "yellow", "weak": "red"}


def debrief_renderable(d: Debrief) -> RenderableType:
    from rich import box
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    d = terminal_safe_model(d)
    head = Text()
    head.append(f"Interview loop: {len(d.questions)} question{'s' if len(d.questions) != 1 else ''}", style="bold")
    head.append(f"\n{level_label(d.level)} · {d.started_at}" + ("" if d.complete else " · incomplete"), style="dim")
    if d.summary:
        head.append("\n" + d.summary)
    qt = Table(title="Verdict per question", box=box.SIMPLE_HEAVY, title_justify="left", pad_edge=False)
    qt.add_column("#", justify="right", no_wrap=True)
    qt.add_column("Principle", ratio=2)
    qt.add_column("Verdict", ratio=1)
    qt.add_column("Score", justify="right", no_wrap=True)
    qt.add_column("Question", ratio=4)
    for q in d.questions:
        qt.add_row(str(q.number), Text(q.principle), _verdict(q.verdict), f"{q.score:.0f}", Text(q.question))
    pt = Table(title="Principles across the round", box=box.SIMPLE_HEAVY, title_justify="left", pad_edge=False)
    pt.add_column("Principle", ratio=3)
    pt.add_column("Standing", no_wrap=True)
    pt.add_column("Verdict", ratio=1)
    pt.add_column("Score", justify="right", no_wrap=True)
    pt.add_column("Questions", ratio=1)
    for p in d.principles:
        pt.add_row(Text(p.principle), Text(p.standing, style=STANDING_STYLE.get(p.standing, "")), _verdict(p.verdict),
                   f"{p.score:.0f}", ", ".join(map(str, p.questions)))
    return Group(Panel(head, title="mockint debrief", box=box.ROUNDED, expand=False), qt, pt, _reused(d))


def _verdict(v: str):
    from rich.text import Text

    return Text(v, style=TONE_STYLE.get(VERDICT_TONE.get(v, ""), ""))


def _reused(d: Debrief):
    from rich.text import Text

    t = Text()
    t.append("Stories told twice\n", style="bold")
    if not d.reused_stories:
        t.append("none: each question had its own story")
    for s in d.reused_stories:
        a, b = s.questions
        t.append(f"Questions {a} and {b}: {s.overlap:.0%} of the words are shared", style="yellow")
        t.append(f" ({', '.join(s.shared)})\n", style="dim")
    t.rstrip()
    return t


def rounds_renderable(debriefs: list[Debrief]) -> RenderableType:
    """`mockint history`'s list of interview rounds: when, each question's verdict, strong and weak principles."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    t = Table(title="Interview rounds (mockint practice --loop N)", box=box.SIMPLE_HEAVY, title_justify="left", pad_edge=False)
    t.add_column("Round", ratio=2)
    t.add_column("Verdict per question", ratio=3)
    t.add_column("Strong / weak principles", ratio=4)
    for d in map(terminal_safe_model, debriefs):
        verdicts = Text()
        for q in d.questions:
            verdicts.append(f"{q.number}. {q.principle}: ")
            verdicts.append(q.verdict + "\n", style=TONE_STYLE.get(VERDICT_TONE.get(q.verdict, ""), ""))
        verdicts.rstrip()
        reused = [f"{a} and {b}" for a, b in (s.questions for s in d.reused_stories)]
        standing = Text(f"strong: {', '.join(d.strong) or 'none'}\nweak: {', '.join(d.weak) or 'none'}")
        if reused:
            standing.append("\nsame story: questions " + "; ".join(reused), style="yellow")
        t.add_row(Text(d.id + ("" if d.complete else " (incomplete)")), verdicts, standing)
    return t


def render_debrief_text(d: Debrief, width: int = 100) -> str:
    """Plain text of the debrief (debrief.txt)."""
    return render_terminal_text(debrief_renderable(d), width=width)
