"""The terminal report (rich): a verdict panel, the STAR section table, key phrases, red flags, lenses,
delivery, probes and what to fix next. Untrusted text goes in as `Text`, never parsed as markup."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import TYPE_CHECKING

from mockint.output.common import (
    RICH_SECTION_COLORS,
    TONE_STYLE,
    VERDICT_TONE,
    RenderContext,
    level_label,
    mmss,
    retake_note,
    score_delta,
    section_status,
    sparkline,
    take_label,
)
from mockint.scoring.report import Report, SectionResult
from mockint.terminal_text import terminal_safe_model

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

BAR_WIDTH = 20
STATUS_STYLE = {"ok": "green", "over": "red", "under": "yellow", "missing": "red"}


def terminal_renderable(report: Report, ctx: RenderContext | None = None) -> RenderableType:
    """A compact rich summary of the report."""
    from rich import box
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    ctx = ctx or RenderContext()
    report, ctx = terminal_safe_model(report), replace(ctx, scenario=terminal_safe_model(ctx.scenario))  # no escape sequences
    parts: list = [Panel(_head(report, ctx), title="mockint report", box=box.ROUNDED, expand=False)]
    parts += [SectionsTable(report), Text("Key phrases: ✓ heard, ✗ missed", style="bold"), _phrases(report)]
    if report.notices:
        parts += [Text(""), _notices(report)]
    if report.red_flags:
        parts += [Text(""), _flags(report)]
    if report.lenses:
        parts += [Text(""), _lenses(report)]
    parts += [Text(""), _delivery(report)]
    if report.probes:
        parts += [Text(""), _probes(report)]
    if report.fixes:
        parts.append(Panel(_fixes(report), box=box.ROUNDED, border_style="cyan", expand=False))
    return Group(*parts)


def render_terminal_text(renderable, width: int = 100) -> str:
    """Plain text (no colour codes) of a rich renderable, for files and pipes."""
    from rich.console import Console

    buf = io.StringIO()
    Console(file=buf, width=width, color_system=None, force_terminal=False, no_color=True, highlight=False).print(renderable)
    return buf.getvalue()


def _head(report: Report, ctx: RenderContext) -> Text:
    from rich.text import Text

    tone = {"good": "bold green", "ok": "bold yellow", "bad": "bold red"}.get(VERDICT_TONE.get(report.overall.verdict, ""), "bold")
    head = Text()
    head.append(f"{report.overall.verdict}", style=tone)
    head.append(f"  {report.overall.score:.0f}/100", style="bold")
    delta = score_delta(report, ctx)
    if delta is not None:
        head.append(f"  ({delta:+.0f} vs last attempt)", style="green" if delta >= 0 else "red")
    head.append("\n")
    head.append(report.scenario_title or report.scenario, style="bold")
    meta = [level_label(report.level)] + ([report.mode] if report.mode else []) + ([report.created_at] if report.created_at else [])
    meta += [take_label(report.retakes)] if report.retakes else []
    head.append("\n" + " · ".join(meta), style="dim")
    if report.overall.summary:
        head.append("\n" + report.overall.summary)
    if retake_note(ctx):
        head.append("\n" + retake_note(ctx), style="yellow")
    if len(ctx.history) > 1:
        scores = [a.score for a in ctx.history]
        head.append("\nProgress on this scenario: ", style="dim")
        head.append(sparkline(scores), style="cyan")
        head.append(f" {scores[0]:.0f} → {scores[-1]:.0f} over {len(scores)} attempts", style="dim")
    return head


def _time_bar(sec: SectionResult, scale: float, status: str, width: int = BAR_WIDTH) -> Text:
    from rich.text import Text

    t = Text()
    if scale <= 0 or width <= 0:
        return t
    filled = round((sec.duration or 0) / scale * width)
    mark = min(width - 1, round(sec.target / scale * width))
    style = {"ok": "green", "over": "red", "under": "yellow"}.get(status, "dim")
    for i in range(width):
        if i == mark:
            t.append("│", style="bold white")
        elif i < filled:
            t.append("█", style=style)
        else:
            t.append("·", style="dim")
    return t


def first_that_fits(console, options, candidates):
    """The first of `candidates` (a sequence of renderables, widest first) whose natural width fits the
    console, else the last: tables pick their layout instead of letting rich cut cells with an ellipsis."""
    last = None
    for last in candidates:
        if console.measure(last, options=options.update(width=10_000)).maximum <= options.max_width:
            return last
    return last


class SectionsTable:
    """The STAR section table, as wide as the console allows: the time bar shrinks (or goes) before any
    number or label would be cut, so every time, target, status and score stays whole at 80 columns."""

    BAR_WIDTHS = (BAR_WIDTH, 14, 10, 6, 0)

    def __init__(self, report: Report):
        self.report = report

    def __rich_console__(self, console, options):
        yield first_that_fits(console, options, (self.table(w) for w in self.BAR_WIDTHS))

    def table(self, bar_width: int):
        from rich import box
        from rich.table import Table
        from rich.text import Text

        report = self.report
        scale = max([max(s.duration or 0, s.target) for s in report.sections] + [1.0])
        title = "STAR sections: time against target" + (" (│ = target)" if bar_width else "")
        t = Table(title=title, box=box.SIMPLE_HEAVY, title_justify="left", pad_edge=False)
        t.add_column("Section", style="bold", no_wrap=True)
        t.add_column("Time", justify="right", no_wrap=True)
        t.add_column("Target", justify="right", no_wrap=True)
        if bar_width:
            t.add_column("", no_wrap=True)
        t.add_column("Status", no_wrap=True)
        t.add_column("Score", justify="right", no_wrap=True)
        t.add_column("Phrases", justify="right", no_wrap=True)
        for s in report.sections:
            status, label = section_status(s, report.timing_tolerance)
            n_hit, n_all = len(s.matched_phrases), len(s.matched_phrases) + len(s.missed_phrases)
            bar = [_time_bar(s, scale, status, bar_width)] if bar_width else []
            title = f"{s.title} ({take_label(s.retakes)})" if s.retakes else s.title
            t.add_row(Text(title, style=RICH_SECTION_COLORS.get(s.key, "")), mmss(s.duration), mmss(s.target), *bar,
                      Text(label, style=STATUS_STYLE.get(status, "")), f"{s.score:.0f}", f"{n_hit}/{n_all}")
        return t


def _phrases(report: Report) -> Text:
    from rich.text import Text

    phrases = Text()
    for s in report.sections:
        phrases.append(f"{s.title:<11}", style=RICH_SECTION_COLORS.get(s.key, ""))
        for h in s.matched_phrases:
            phrases.append("✓ ", style="green")
            phrases.append(h.phrase + "  ")
        for m in s.missed_phrases:
            phrases.append("✗ ", style="red")
            phrases.append(m + "  ", style="dim")
        phrases.append("\n")
    phrases.rstrip()
    return phrases


def _titled(title: str) -> Text:
    """A block of text under a bold title line."""
    from rich.text import Text

    t = Text()
    t.append(title + "\n", style="bold")
    return t


def _notices(report: Report) -> Text:
    """What may make the report not about what was said: nothing heard, not English, unclear English."""
    nt = _titled("Notices")
    for f in report.notices:
        nt.append("! ", style="yellow")
        nt.append(f.code, style="bold yellow")
        nt.append(f"\n  {f.message}\n")
    nt.rstrip()
    return nt


def _flags(report: Report) -> Text:
    ft = _titled("Red flags")
    for f in report.red_flags:
        ft.append("✗ ", style="red")
        ft.append(f.code, style="bold red")
        ft.append(f"  {f.section or 'whole answer'}", style="dim")
        ft.append(f"\n  {f.message}\n")
        if f.quote:
            ft.append(f"  You said: “{f.quote}”\n", style="italic")
    ft.rstrip()
    return ft


def _lenses(report: Report):
    from rich import box
    from rich.table import Table
    from rich.text import Text

    lt = Table(title="Leadership Principle lenses", box=box.SIMPLE, title_justify="left")
    lt.add_column("Principle", style="bold")
    lt.add_column("Verdict")
    lt.add_column("Score", justify="right")
    lt.add_column("Why")
    for lens in report.lenses:
        tone = TONE_STYLE.get(VERDICT_TONE.get(lens.verdict, ""), "")
        lt.add_row(Text(lens.principle), Text(lens.verdict, style=tone), f"{lens.score:.0f}", Text("\n".join(lens.reasons)))
    return lt


def _delivery(report: Report) -> Text:
    from rich.text import Text

    d = report.delivery
    dt = Text()
    dt.append("Delivery  ", style="bold")
    dt.append(f"{mmss(d.duration)} total (budget {mmss(d.budget_min)}–{mmss(d.budget_max)})  ·  ")
    dt.append(f"{d.wpm:.0f} WPM" if d.wpm is not None else "WPM –")
    dt.append(f"  ·  {d.fillers_per_minute:.1f} fillers/min" if d.fillers_per_minute is not None else f"  ·  {d.filler_count} fillers")
    if d.fillers:
        dt.append(" (" + ", ".join(sorted(set(d.fillers))) + ")", style="dim")
    dt.append(f"  ·  {len(d.long_pauses)} long pause{'s' if len(d.long_pauses) != 1 else ''} (> {d.long_pause_seconds:g}s)")
    if d.long_pauses:
        dt.append(": " + ", ".join(f"{mmss(p.start)} ({p.duration:.1f}s)" for p in d.long_pauses), style="dim")
    return dt


def _probes(report: Report) -> Text:
    pt = _titled("Follow-up probes")
    for p in report.probes:
        verdict = p.verdict or ("unanswered" if not p.answered else "–")
        style = {"strong": "green", "mixed": "yellow", "weak": "red", "unanswered": "red"}.get(verdict, "")
        pt.append("? ", style="bold cyan")
        pt.append(p.question)
        pt.append(f"  {verdict}" + (f" {p.score:.0f}/100" if p.score is not None else ""), style=style)
        if p.retakes:
            pt.append(f"  {take_label(p.retakes)}", style="dim")
        if p.reason:
            pt.append(f"\n  asked because: {p.reason}", style="dim")
        if p.feedback:
            pt.append(f"\n  {p.feedback}")
        pt.append("\n")
    pt.rstrip()
    return pt


def _fixes(report: Report) -> Text:
    fx = _titled("Fix next")
    for i, f in enumerate(report.fixes[:3], 1):
        fx.append(f"{i}. ", style="bold")
        fx.append(f + "\n")
    fx.rstrip()
    return fx
