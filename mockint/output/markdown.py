"""The Markdown report: verdict, fixes, the STAR section table, red flags, lenses, delivery, probes,
progress on the scenario and the transcript. Untrusted text goes through `md_escape`."""

from __future__ import annotations

import re

from mockint.output.common import RenderContext, level_label, mmss, retake_note, score_delta, section_status, sparkline, take_label
from mockint.scoring.report import Report

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!~])")


def md_escape(text: str | None) -> str:
    """Untrusted text as inert Markdown: HTML entities for <>&, backslashes for Markdown syntax, no newlines."""
    if not text:
        return ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return " ".join(text.split())


e = md_escape


def render_markdown(report: Report, ctx: RenderContext | None = None) -> str:
    """The whole report as one Markdown document."""
    ctx = ctx or RenderContext()
    parts = [_head(report, ctx), _sections(report), _flags(report), _lenses(report), _delivery(report),
             _probes(report), _progress(report, ctx), _transcript(report)]
    return "\n".join(line for part in parts for line in part).rstrip() + "\n"


def _head(report: Report, ctx: RenderContext) -> list[str]:
    out = [f"# {e(report.scenario_title or report.scenario)}", ""]
    if report.question:
        out += [f"> {e(report.question)}", ""]
    meta = [f"**Level:** {level_label(report.level)}"]
    if report.mode:
        meta.append(f"**Mode:** {e(report.mode)}")
    if report.created_at:
        meta.append(f"**Date:** {e(report.created_at)}")
    meta.append(f"**Scenario:** `{report.scenario.replace('`', '')}`")
    if report.retakes:
        meta.append(f"**Answer:** {take_label(report.retakes)}")
    out += [" · ".join(meta), ""]
    delta = score_delta(report, ctx)
    dtxt = f" ({delta:+.0f} vs last attempt)" if delta is not None else ""
    out += [f"## Verdict: {e(report.overall.verdict)} — {report.overall.score:.0f}/100{dtxt}", ""]
    if report.overall.summary:
        out += [e(report.overall.summary), ""]
    if retake_note(ctx):
        out += [f"*{e(retake_note(ctx))}*", ""]
    if report.fixes:
        out += ["### Fix next", ""] + [f"{i}. {e(f)}" for i, f in enumerate(report.fixes[:3], 1)] + [""]
    return out


def _sections(report: Report) -> list[str]:
    out = ["## STAR sections", "", "| Section | Time | Target | Status | Score | Phrases hit | Phrases missed |",
           "|---|---:|---:|---|---:|---|---|"]
    for s in report.sections:
        _, label = section_status(s, report.timing_tolerance)
        hits = "<br>".join(f"✓ {e(h.phrase)}" for h in s.matched_phrases) or "–"
        misses = "<br>".join(f"✗ {e(m)}" for m in s.missed_phrases) or "–"
        take = f" ({take_label(s.retakes)})" if s.retakes else ""
        out.append(f"| **{e(s.title)}**{take} | {mmss(s.duration)} | {mmss(s.target)} | {label} | {s.score:.0f} | {hits} | {misses} |")
    return out + [""]


def _flags(report: Report) -> list[str]:
    out = []
    if report.notices:  # about the recording, not the answer: apart from the red flags
        out += ["## Notices", ""] + [f"- `{f.code}`: {e(f.message)}" for f in report.notices] + [""]
    out += ["## Red flags", ""]
    if not report.red_flags:
        return out + ["None.", ""]
    out += ["| Flag | Section | What to do | You said |", "|---|---|---|---|"]
    for f in report.red_flags:
        quote = f"“{e(f.quote)}”" if f.quote else ""
        out.append(f"| `{f.code}` | {e(f.section) or 'whole answer'} | {e(f.message)} | {quote} |")
    return out + [""]


def _lenses(report: Report) -> list[str]:
    if not report.lenses:
        return []
    out = ["## Leadership Principle lenses", "", "| Principle | Verdict | Score | Why |", "|---|---|---:|---|"]
    for lens in report.lenses:
        out.append(f"| {e(lens.principle)} | **{e(lens.verdict)}** | {lens.score:.0f} | {'<br>'.join(e(r) for r in lens.reasons)} |")
    return out + [""]


def _delivery(report: Report) -> list[str]:
    d = report.delivery
    pauses = ", ".join(f"{mmss(p.start)} ({p.duration:.1f}s)" for p in d.long_pauses) or "none"
    wpm = f"{d.wpm:.0f}" if d.wpm is not None else "–"
    fpm = f"{d.fillers_per_minute:.1f}" if d.fillers_per_minute is not None else "–"
    return ["## Delivery", "", "| Duration | Budget | Words | WPM | Fillers | Fillers/min | Long pauses |",
            "|---:|---|---:|---:|---:|---:|---|",
            f"| {mmss(d.duration)} | {mmss(d.budget_min)}–{mmss(d.budget_max)} | {d.word_count} | {wpm} | {d.filler_count} | {fpm} | {pauses} |",
            ""]


def _probes(report: Report) -> list[str]:
    if not report.probes:
        return []
    out = ["## Follow-up probes", ""]
    for p in report.probes:
        verdict = p.verdict or ("unanswered" if not p.answered else "–")
        score = f", {p.score:.0f}/100" if p.score is not None else ""
        take = f" · {take_label(p.retakes)}" if p.retakes else ""
        out += [f"### {e(p.question)}", "", f"*Asked because:* {e(p.reason)} · **{e(verdict)}{score}**{take}", ""]
        if p.transcript and p.transcript.text:
            out += [f"> {e(p.transcript.text)}", ""]
        if p.feedback:
            out += [e(p.feedback), ""]
    return out


def _progress(report: Report, ctx: RenderContext) -> list[str]:
    if not ctx.history:
        return []
    keys = [s.key for s in report.sections]
    out = ["## Progress on this scenario", "",
           "| Date | Mode | Score | Verdict | " + " | ".join(k.capitalize() for k in keys) + " |",
           "|---|---|---:|---|" + "---:|" * len(keys)]
    for a in ctx.history:
        durs = a.durations()
        out.append(f"| {e(a.created_at)} | {e(a.mode) or '–'} | {a.score:.0f} | {e(a.verdict)} | "
                   + " | ".join(mmss(durs.get(k)) for k in keys) + " |")
    return out + ["", f"Score trend: `{sparkline([a.score for a in ctx.history])}`", ""]


def _transcript(report: Report) -> list[str]:
    out = ["## Transcript", ""]
    for s in report.sections:
        if s.present and s.text:
            out += [f"**{e(s.title)}** ({mmss(s.start)}–{mmss(s.end)}): {e(s.text)}", ""]
    if not any(s.present and s.text for s in report.sections):
        out += [e(report.transcript.text) or "*(no speech)*", ""]
    return out
