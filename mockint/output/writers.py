"""Report writers: one registry of output formats (like openai-whisper's `utils.get_writer`).

`get_writer(name)` returns a writer (`terminal`, `json`, `md`, `html`, or `all` for every one); each
has a `name` and an `extension` and writes `<stem>.<extension>` into a folder. `write_report()` is
the one call the CLI and the session use. Everything taken from a transcript or a scenario file is
untrusted text: it is escaped for rich markup, Markdown and HTML.
"""

from __future__ import annotations

import io
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from mockint.errors import MockintError
from mockint.scoring.report import Flag, Report, SectionResult

if TYPE_CHECKING:
    from rich.console import RenderableType

    from mockint.store.history import Attempt
    from mockint.library.scenario import Scenario

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


# -- small shared helpers ---------------------------------------------------------------------------


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
    if sec.duration > hi:
        return "over", f"over by {diff:.0f}s"
    if sec.duration < lo:
        return "under", f"under by {-diff:.0f}s"
    return "ok", "on target"


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
    from mockint.library.scenario import LEVEL_LABELS

    return LEVEL_LABELS.get(level, level)


def _flag_line(f: Flag) -> str:
    where = f"{f.section}: " if f.section else ""
    return f"{where}{f.message}"


# -- terminal (rich) -------------------------------------------------------------------------------

BAR_WIDTH = 20


def _time_bar(sec: SectionResult, scale: float, status: str):
    from rich.text import Text

    t = Text()
    if scale <= 0:
        return t
    filled = round((sec.duration or 0) / scale * BAR_WIDTH)
    mark = min(BAR_WIDTH - 1, round(sec.target / scale * BAR_WIDTH))
    style = {"ok": "green", "over": "red", "under": "yellow"}.get(status, "dim")
    for i in range(BAR_WIDTH):
        if i == mark:
            t.append("│", style="bold white")
        elif i < filled:
            t.append("█", style=style)
        else:
            t.append("·", style="dim")
    return t


def terminal_renderable(report: Report, ctx: RenderContext | None = None) -> RenderableType:
    """A compact rich summary of the report. All untrusted text goes in as `Text` (never parsed as markup)."""
    from rich import box
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    ctx = ctx or RenderContext()
    parts: list = []
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
    head.append("\n" + " · ".join(meta), style="dim")
    if report.overall.summary:
        head.append("\n" + report.overall.summary)
    if len(ctx.history) > 1:
        scores = [a.score for a in ctx.history]
        head.append("\nProgress on this scenario: ", style="dim")
        head.append(sparkline(scores), style="cyan")
        head.append(f" {scores[0]:.0f} → {scores[-1]:.0f} over {len(scores)} attempts", style="dim")
    parts.append(Panel(head, title="mockint report", box=box.ROUNDED, expand=False))

    scale = max([max(s.duration or 0, s.target) for s in report.sections] + [1.0])
    t = Table(title="STAR sections: time against target (│ = target)", box=box.SIMPLE_HEAVY, title_justify="left")
    t.add_column("Section", style="bold", no_wrap=True)
    t.add_column("Time", justify="right", no_wrap=True)
    t.add_column("Target", justify="right", no_wrap=True)
    t.add_column("", no_wrap=True)
    t.add_column("Status", no_wrap=True)
    t.add_column("Score", justify="right", no_wrap=True)
    t.add_column("Phrases", justify="right", no_wrap=True)
    phrases = Text()
    for s in report.sections:
        status, label = section_status(s, report.timing_tolerance)
        n_hit, n_all = len(s.matched_phrases), len(s.matched_phrases) + len(s.missed_phrases)
        t.add_row(
            Text(s.title, style=RICH_SECTION_COLORS.get(s.key, "")),
            mmss(s.duration),
            mmss(s.target),
            _time_bar(s, scale, status),
            Text(label, style={"ok": "green", "over": "red", "under": "yellow", "missing": "red"}.get(status, "")),
            f"{s.score:.0f}",
            f"{n_hit}/{n_all}",
        )
        phrases.append(f"{s.title:<11}", style=RICH_SECTION_COLORS.get(s.key, ""))
        for h in s.matched_phrases:
            phrases.append("✓ ", style="green")
            phrases.append(h.phrase + "  ")
        for m in s.missed_phrases:
            phrases.append("✗ ", style="red")
            phrases.append(m + "  ", style="dim")
        phrases.append("\n")
    phrases.rstrip()
    parts.append(t)
    parts.append(Text("Key phrases: ✓ heard, ✗ missed", style="bold"))
    parts.append(phrases)

    if report.flags:
        ft = Text()
        ft.append("Red flags\n", style="bold")
        for f in report.flags:
            ft.append("✗ ", style="red")
            ft.append(f.code, style="bold red")
            ft.append(f"  {f.section or 'whole answer'}", style="dim")
            ft.append(f"\n  {f.message}\n")
            if f.quote:
                ft.append(f"  You said: “{f.quote}”\n", style="italic")
        ft.rstrip()
        parts += [Text(""), ft]
    if report.lenses:
        lt = Table(title="Leadership Principle lenses", box=box.SIMPLE, title_justify="left")
        lt.add_column("Principle", style="bold")
        lt.add_column("Verdict")
        lt.add_column("Score", justify="right")
        lt.add_column("Why")
        for lens in report.lenses:
            tone = {"good": "green", "ok": "yellow", "bad": "red"}.get(VERDICT_TONE.get(lens.verdict, ""), "")
            lt.add_row(Text(lens.principle), Text(lens.verdict, style=tone), f"{lens.score:.0f}", Text("\n".join(lens.reasons)))
        parts += [Text(""), lt]

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
    parts += [Text(""), dt]

    if report.probes:
        pt = Text()
        pt.append("Follow-up probes\n", style="bold")
        for p in report.probes:
            verdict = p.verdict or ("unanswered" if not p.answered else "–")
            style = {"strong": "green", "mixed": "yellow", "weak": "red", "unanswered": "red"}.get(verdict, "")
            pt.append("? ", style="bold cyan")
            pt.append(p.question)
            pt.append(f"  {verdict}" + (f" {p.score:.0f}/100" if p.score is not None else ""), style=style)
            if p.reason:
                pt.append(f"\n  asked because: {p.reason}", style="dim")
            if p.feedback:
                pt.append(f"\n  {p.feedback}")
            pt.append("\n")
        pt.rstrip()
        parts += [Text(""), pt]

    if report.fixes:
        fx = Text()
        fx.append("Fix next\n", style="bold")
        for i, f in enumerate(report.fixes[:3], 1):
            fx.append(f"{i}. ", style="bold")
            fx.append(f + "\n")
        fx.rstrip()
        parts.append(Panel(fx, box=box.ROUNDED, border_style="cyan", expand=False))
    return Group(*parts)


def render_terminal_text(renderable, width: int = 100) -> str:
    """Plain text (no colour codes) of a rich renderable, for files and pipes."""
    from rich.console import Console

    buf = io.StringIO()
    Console(file=buf, width=width, color_system=None, force_terminal=False, no_color=True, highlight=False).print(renderable)
    return buf.getvalue()


# -- markdown --------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!~])")


def md_escape(text: str | None) -> str:
    """Untrusted text as inert Markdown: HTML entities for <>&, backslashes for Markdown syntax, no newlines."""
    if not text:
        return ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return " ".join(text.split())


def render_markdown(report: Report, ctx: RenderContext | None = None) -> str:
    ctx = ctx or RenderContext()
    e = md_escape
    out: list[str] = []
    add = out.append
    add(f"# {e(report.scenario_title or report.scenario)}")
    add("")
    if report.question:
        add(f"> {e(report.question)}")
        add("")
    meta = [f"**Level:** {level_label(report.level)}"]
    if report.mode:
        meta.append(f"**Mode:** {e(report.mode)}")
    if report.created_at:
        meta.append(f"**Date:** {e(report.created_at)}")
    meta.append(f"**Scenario:** `{report.scenario.replace('`', '')}`")
    add(" · ".join(meta))
    add("")
    delta = score_delta(report, ctx)
    dtxt = f" ({delta:+.0f} vs last attempt)" if delta is not None else ""
    add(f"## Verdict: {e(report.overall.verdict)} — {report.overall.score:.0f}/100{dtxt}")
    add("")
    if report.overall.summary:
        add(e(report.overall.summary))
        add("")
    if report.fixes:
        add("### Fix next")
        add("")
        for i, f in enumerate(report.fixes[:3], 1):
            add(f"{i}. {e(f)}")
        add("")

    add("## STAR sections")
    add("")
    add("| Section | Time | Target | Status | Score | Phrases hit | Phrases missed |")
    add("|---|---:|---:|---|---:|---|---|")
    for s in report.sections:
        _, label = section_status(s, report.timing_tolerance)
        hits = "<br>".join(f"✓ {e(h.phrase)}" for h in s.matched_phrases) or "–"
        misses = "<br>".join(f"✗ {e(m)}" for m in s.missed_phrases) or "–"
        add(f"| **{e(s.title)}** | {mmss(s.duration)} | {mmss(s.target)} | {label} | {s.score:.0f} | {hits} | {misses} |")
    add("")

    add("## Red flags")
    add("")
    if report.flags:
        add("| Flag | Section | What to do | You said |")
        add("|---|---|---|---|")
        for f in report.flags:
            quote = f"“{e(f.quote)}”" if f.quote else ""
            add(f"| `{f.code}` | {e(f.section) or 'whole answer'} | {e(f.message)} | {quote} |")
    else:
        add("None.")
    add("")

    if report.lenses:
        add("## Leadership Principle lenses")
        add("")
        add("| Principle | Verdict | Score | Why |")
        add("|---|---|---:|---|")
        for lens in report.lenses:
            add(f"| {e(lens.principle)} | **{e(lens.verdict)}** | {lens.score:.0f} | {'<br>'.join(e(r) for r in lens.reasons)} |")
        add("")

    d = report.delivery
    add("## Delivery")
    add("")
    add("| Duration | Budget | Words | WPM | Fillers | Fillers/min | Long pauses |")
    add("|---:|---|---:|---:|---:|---:|---|")
    pauses = ", ".join(f"{mmss(p.start)} ({p.duration:.1f}s)" for p in d.long_pauses) or "none"
    wpm = f"{d.wpm:.0f}" if d.wpm is not None else "–"
    fpm = f"{d.fillers_per_minute:.1f}" if d.fillers_per_minute is not None else "–"
    add(f"| {mmss(d.duration)} | {mmss(d.budget_min)}–{mmss(d.budget_max)} | {d.word_count} | {wpm} | {d.filler_count} | {fpm} | {pauses} |")
    add("")

    if report.probes:
        add("## Follow-up probes")
        add("")
        for p in report.probes:
            verdict = p.verdict or ("unanswered" if not p.answered else "–")
            score = f", {p.score:.0f}/100" if p.score is not None else ""
            add(f"### {e(p.question)}")
            add("")
            add(f"*Asked because:* {e(p.reason)} · **{e(verdict)}{score}**")
            add("")
            if p.transcript and p.transcript.text:
                add(f"> {e(p.transcript.text)}")
                add("")
            if p.feedback:
                add(e(p.feedback))
                add("")

    if ctx.history:
        add("## Progress on this scenario")
        add("")
        keys = [s.key for s in report.sections]
        add("| Date | Mode | Score | Verdict | " + " | ".join(k.capitalize() for k in keys) + " |")
        add("|---|---|---:|---|" + "---:|" * len(keys))
        for a in ctx.history:
            durs = {s.key: s.duration for s in a.sections}
            add(f"| {e(a.created_at)} | {e(a.mode) or '–'} | {a.score:.0f} | {e(a.verdict)} | " + " | ".join(mmss(durs.get(k)) for k in keys) + " |")
        add("")
        add(f"Score trend: `{sparkline([a.score for a in ctx.history])}`")
        add("")

    add("## Transcript")
    add("")
    for s in report.sections:
        if s.present and s.text:
            add(f"**{e(s.title)}** ({mmss(s.start)}–{mmss(s.end)}): {e(s.text)}")
            add("")
    if not any(s.present and s.text for s in report.sections):
        add(e(report.transcript.text) or "*(no speech)*")
        add("")
    return "\n".join(out).rstrip() + "\n"


# -- html (rendered by mockint.output.html_report) ----------------------------------------------------------


def render_html(report: Report, ctx: RenderContext | None = None) -> str:
    """One self-contained HTML page (see mockint/output/html_report.py and templates/report.html.j2)."""
    from mockint.output.html_report import render_html as render

    return render(report, ctx)


def lookup_scenario(report: Report) -> Scenario | None:
    from mockint.library.scenario import find_scenario

    try:
        return find_scenario(report.scenario)
    except MockintError as e:
        log.warning("scenario %s not found; the report has no strong examples: %s", report.scenario, e)
        return None


# -- sessions and history views ------------------------------------------------------------------


def session_audio(session_dir: Path, report: Report) -> str | None:
    """The answer's audio relative to the session folder: `report.audio`, else the first `answer` turn."""
    from mockint.store.folder import load_session_record

    if report.audio:
        p = Path(report.audio)
        return str(p) if p.is_absolute() else p.as_posix()
    record = load_session_record(session_dir)
    return record.answer_audio() if record else None


def guided_section_audio(session_dir: Path, report: Report) -> dict[str, tuple[str, float]]:
    """For a guided session: each section's recording and its offset in the joined timeline (from the session
    record), so a word at time t of section k plays from t - offset[k] in that section's file."""
    from mockint.store.folder import SessionFolder, load_session_record

    record = load_session_record(session_dir)
    keys = {s.key for s in report.sections}
    return {k: v for k, v in SessionFolder(session_dir).section_audio(record).items() if k in keys} if record else {}


def write_session_report(
    session_dir: str | Path,
    formats: str | list[str] = "all",
    *,
    report: Report | None = None,
    scenario: Scenario | None = None,
    embed_audio: bool = False,
    record: bool = True,
    home: Path | None = None,
) -> tuple[Report, list[Path], RenderContext]:
    """Render a saved session's report into its folder, with the history of the same scenario.

    The session is also (re)recorded in the history, so `mockint report` keeps the history current.
    """
    from mockint.store.folder import load_session_report
    from mockint.store.history import History

    session_dir = Path(session_dir)
    report = report or load_session_report(session_dir)
    history = History(home)
    if record:
        history.record(report, session_dir)
    attempts = history.attempts(report.scenario)
    scenario = scenario or lookup_scenario(report)
    audio = session_audio(session_dir, report)
    sections = guided_section_audio(session_dir, report) if audio is None else {}
    paths = write_report(report, session_dir, formats, history=attempts, audio=audio, scenario=scenario,
                         embed_audio=embed_audio, section_audio=sections)
    ctx = RenderContext(scenario=scenario, history=attempts, audio=audio, embed_audio=embed_audio, out_dir=session_dir,
                        section_audio=sections)
    return report, paths, ctx


def history_renderable(attempts: list[Attempt]) -> RenderableType:
    """The attempts as a table with the score change against the previous attempt, and a sparkline per scenario."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from mockint.store.history import with_deltas

    if not attempts:
        return Text("No attempts yet: run `mockint practice SCENARIO`, then come back here.")
    many = len({a.scenario for a in attempts}) > 1
    t = Table(box=box.SIMPLE_HEAVY, title=Text("Attempts" if many else f"Attempts at {attempts[0].scenario}", style="bold"), title_justify="left")
    cols = [("#", {"justify": "right"}), ("Date", {"no_wrap": True})] + ([("Scenario", {"overflow": "fold"})] if many else [])
    cols += [("Mode", {}), ("Level", {"no_wrap": True}), ("Score", {"justify": "right"}), ("Δ", {"justify": "right"}),
             ("Verdict", {"no_wrap": True}), ("Time", {"justify": "right"}), ("Flags", {"justify": "right"})]
    for col, kw in cols:
        t.add_column(col, **kw)
    for a, delta in with_deltas(attempts):
        tone = {"good": "green", "ok": "yellow", "bad": "red"}.get(VERDICT_TONE.get(a.verdict, ""), "")
        dtext = Text("–", style="dim") if delta is None else Text(f"{delta:+.0f}", style="green" if delta > 0 else "red" if delta < 0 else "")
        mode = (a.mode or "–") + ("" if a.complete else " (incomplete)")
        row = [str(a.id or ""), a.created_at[:16].replace("T", " ")] + ([Text(a.scenario)] if many else [])
        row += [Text(mode), level_label(a.level), f"{a.score:.0f}", dtext, Text(a.verdict, style=tone), mmss(a.duration), str(len(a.flags))]
        t.add_row(*row)
    trends = Text()
    by_scenario: dict[str, list[Attempt]] = {}
    for a in attempts:
        by_scenario.setdefault(a.scenario, []).append(a)
    trends.append("Trends\n", style="bold")
    width = max(len(k) for k in by_scenario)
    for sid, items in by_scenario.items():
        scores = [a.score for a in items]
        trends.append(f"  {sid:<{width}}  ")
        trends.append(sparkline(scores), style="cyan")
        first, last = scores[0], scores[-1]
        trends.append(f"  {first:.0f} → {last:.0f}" + (f" ({last - first:+.0f} over {len(scores)} attempts)" if len(scores) > 1 else " (1 attempt)") + "\n")
    trends.rstrip()
    return Group(t, trends)


def comparison_renderable(cmp) -> RenderableType:
    """Two attempts side by side: per-section durations and scores, and which flags were fixed or are new."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    a, b = cmp.a, cmp.b

    def head(x) -> str:
        return f"#{x.id} {x.created_at[:16].replace('T', ' ')}"

    def signed(v: float | None, fmt: str, good_if_up: bool = True) -> Text:
        if v is None:
            return Text("–", style="dim")
        style = "" if v == 0 else ("green" if (v > 0) == good_if_up else "red")
        return Text(format(v, fmt), style=style)

    t = Table(box=box.SIMPLE_HEAVY, title=Text(f"{a.scenario}: {head(a)}  vs  {head(b)}", style="bold"), title_justify="left")
    t.add_column("")
    t.add_column("Target", justify="right")
    t.add_column("Time A", justify="right")
    t.add_column("Time B", justify="right")
    t.add_column("Score A", justify="right")
    t.add_column("Score B", justify="right")
    t.add_column("Δ score", justify="right")
    t.add_row(Text("Overall", style="bold"), "", mmss(a.duration), mmss(b.duration), f"{a.score:.0f}", f"{b.score:.0f}", signed(cmp.score_delta, "+.0f"))
    t.add_row(Text("Verdict", style="bold"), "", "", "", Text(a.verdict), Text(b.verdict), "")
    for s in cmp.sections:
        t.add_row(Text(s.key.capitalize(), style=RICH_SECTION_COLORS.get(s.key, "")), mmss(s.target), mmss(s.a_duration), mmss(s.b_duration),
                  "–" if s.a_score is None else f"{s.a_score:.0f}", "–" if s.b_score is None else f"{s.b_score:.0f}", signed(s.score_delta, "+.0f"))
    flags = Text()
    flags.append("Flags fixed: ", style="bold")
    flags.append(", ".join(cmp.flags_fixed) or "none", style="green")
    flags.append("\nNew flags:   ", style="bold")
    flags.append(", ".join(cmp.flags_new) or "none", style="red")
    flags.append("\nStill there: ", style="bold")
    flags.append(", ".join(cmp.flags_both) or "none", style="yellow")
    return Group(t, Text(f"A = {a.session_id} ({a.mode or '–'}, {level_label(a.level)})\nB = {b.session_id} ({b.mode or '–'}, {level_label(b.level)})", style="dim"), flags)


# -- the registry ----------------------------------------------------------------------------------


class Writer:
    """Writes one report format as `<stem>.<extension>` into a folder."""

    name: ClassVar[str]
    extension: ClassVar[str]

    def render(self, report: Report, ctx: RenderContext) -> str:
        raise NotImplementedError

    def write(self, report: Report, out_dir: Path, ctx: RenderContext, stem: str = "report") -> list[Path]:
        path = Path(out_dir) / f"{stem}.{self.extension}"
        text = self.render(report, ctx)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)  # never leave a half-written report behind
        return [path]


class TerminalWriter(Writer):
    name, extension = "terminal", "txt"

    def render(self, report: Report, ctx: RenderContext) -> str:
        return render_terminal_text(terminal_renderable(report, ctx))


class JsonWriter(Writer):
    name, extension = "json", "json"

    def render(self, report: Report, ctx: RenderContext) -> str:
        return report.model_dump_json(indent=2) + "\n"


class MarkdownWriter(Writer):
    name, extension = "md", "md"

    def render(self, report: Report, ctx: RenderContext) -> str:
        return render_markdown(report, ctx)


class HtmlWriter(Writer):
    name, extension = "html", "html"

    def render(self, report: Report, ctx: RenderContext) -> str:
        return render_html(report, ctx)


class AllWriter(Writer):
    """Every format."""

    name, extension = "all", ""

    def write(self, report: Report, out_dir: Path, ctx: RenderContext, stem: str = "report") -> list[Path]:
        paths: list[Path] = []
        for w in WRITERS.values():
            if w is not self:
                paths += w.write(report, out_dir, ctx, stem)
        return paths


WRITERS: dict[str, Writer] = {w.name: w for w in (TerminalWriter(), JsonWriter(), MarkdownWriter(), HtmlWriter(), AllWriter())}
FORMATS: tuple[str, ...] = tuple(WRITERS)


def get_writer(name: str) -> Writer:
    try:
        return WRITERS[name]
    except KeyError:
        raise MockintError(f"--format: unknown format {name!r} (choose from {', '.join(FORMATS)})") from None


def write_report(
    report: Report,
    out_dir: str | Path,
    formats: str | list[str] = "all",
    *,
    history: list[Attempt] | None = None,
    audio: str | Path | None = None,
    scenario: Scenario | None = None,
    embed_audio: bool = False,
    section_audio: dict[str, tuple[str, float]] | None = None,
    stem: str = "report",
) -> list[Path]:
    """Write the report in each of `formats` into `out_dir`; return the files written.

    `history`: previous attempts at the same scenario (oldest first) for the trend charts;
    `audio`: the answer's audio (relative to `out_dir`, or absolute), default `report.audio`.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    ctx = RenderContext(scenario=scenario, history=list(history or []), audio=str(audio) if audio else None,
                        embed_audio=embed_audio, out_dir=out_dir, section_audio=dict(section_audio or {}))
    names = [formats] if isinstance(formats, str) else list(formats)
    paths: list[Path] = []
    for name in names:
        for p in get_writer(name).write(report, out_dir, ctx, stem):
            if p not in paths:
                paths.append(p)
    return paths
