"""The HTML report's view: transcript tokens with their marks, the timeline, trend charts and audio sources.

`render_html(report, ctx)` fills templates/report.html.j2 (jinja2, autoescape on: every value from a
transcript, a report or a scenario file is escaped; the JSON in <script> tags goes through `tojson`,
which escapes `<`, `>`, `&`). The page is self-contained: inline CSS, JS and SVG, audio linked
relative to the session folder or embedded as a data URI.
"""

from __future__ import annotations

import base64
import logging
import mimetypes
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from mockint.output.common import (
    SECTION_COLORS,
    VERDICT_TONE,
    RenderContext,
    is_current,
    level_label,
    lookup_scenario,
    mmss,
    retake_note,
    score_delta,
    section_status,
)
from mockint.scoring.report import Report

if TYPE_CHECKING:
    from mockint.library.schema import Scenario

log = logging.getLogger(__name__)

_WORD_RE = re.compile(r"[^\w%$.']+")


def _norm(word: str) -> str:
    return _WORD_RE.sub("", word.lower()).strip(".'")


def _find_span(norms: list[str], quote: str, lo: int, hi: int) -> tuple[int, int] | None:
    """Indices [i, j) of `quote`'s words in `norms[lo:hi]` (exact sequence of normalized words)."""
    q = [n for n in (_norm(w) for w in quote.split()) if n]
    if not q:
        return None
    for i in range(max(lo, 0), max(lo, hi - len(q) + 1)):
        if norms[i : i + len(q)] == q:
            return i, i + len(q)
    return None


def _times_span(words, start: float | None, end: float | None) -> set[int]:
    if start is None or end is None:
        return set()
    return {i for i, w in enumerate(words) if w.start is not None and w.start >= start - 0.01 and (w.end or w.start) <= end + 0.01}


def _word_sections(report: Report) -> list[str | None]:
    """The section key of each transcript word (by word_range, else by time)."""
    words = report.transcript.words
    keys: list[str | None] = [None] * len(words)
    for s in report.sections:
        if s.word_range:
            for i in range(max(0, s.word_range[0]), min(len(words), s.word_range[1])):
                keys[i] = s.key
        elif s.start is not None and s.end is not None:
            for i in _times_span(words, s.start, s.end):
                keys[i] = keys[i] or s.key
    return keys


def transcript_tokens(report: Report) -> list[dict]:
    """The transcript as word tokens for the HTML view: text, time, section, hit/flag/filler marks."""
    words = report.transcript.words
    norms = [_norm(w.word) for w in words]
    keys = _word_sections(report)
    hit: dict[int, str] = {}
    flagged: dict[int, str] = {}
    for s in report.sections:
        lo, hi = s.word_range or (0, len(words))
        for h in s.matched_phrases:
            idx = _times_span(words, h.start, h.end)
            if not idx:
                span = _find_span(norms, h.heard, lo, hi) or _find_span(norms, h.heard, 0, len(words))
                idx = set(range(*span)) if span else set()
            for i in idx:
                hit[i] = h.phrase
    for f in report.flags:
        if not f.quote:
            continue
        sec = report.section(f.section) if f.section else None
        lo, hi = (sec.word_range if sec and sec.word_range else (0, len(words)))
        span = _find_span(norms, f.quote, lo, hi) or _find_span(norms, f.quote, 0, len(words))
        idx = set(range(*span)) if span else _times_span(words, f.start, f.end)
        for i in idx:
            flagged[i] = f"{f.code}: {f.message}"
    from mockint.scoring.normalize import is_filler

    filler_idx = {i for i, n in enumerate(norms) if n and is_filler(words[i].word)}
    for phrase in {f for f in report.delivery.fillers if " " in f}:  # "you know", when the rubric counted it
        q = phrase.split()
        filler_idx |= {i + k for i in range(len(norms) - len(q) + 1) if norms[i : i + len(q)] == q for k in range(len(q))}
    tokens = []
    for i, w in enumerate(words):
        cls = []
        if i in hit:
            cls.append("hit")
        if i in flagged:
            cls.append("flag")
        if i in filler_idx:
            cls.append("filler")
        title = "; ".join(x for x in (f"key phrase: {hit[i]}" if i in hit else "", flagged.get(i, "")) if x)
        tokens.append({"i": i, "text": w.word.strip(), "t": w.start, "end": w.end, "section": keys[i], "cls": " ".join(cls), "title": title})
    for i, t in enumerate(tokens[:-1]):  # a phrase or quote reads as one mark: colour the space inside it too
        gap = [c for c in ("hit", "flag") if c in t["cls"].split() and c in tokens[i + 1]["cls"].split() and t["section"] == tokens[i + 1]["section"]]
        t["gap"] = " ".join(gap)
    if tokens:
        tokens[-1]["gap"] = ""
    return tokens


def _timeline(report: Report, tokens: list[dict]) -> dict:
    """Geometry of the timeline SVG (viewBox 0..1000 wide)."""
    d = report.delivery
    ends = [s.end for s in report.sections if s.end is not None] + [report.transcript.duration or 0, d.duration or 0]
    plan_end = next((s.start for s in report.sections if s.start is not None), 0.0) + sum(s.target for s in report.sections)
    total = max(ends + [d.budget_max, plan_end, 1.0]) * 1.04
    x = lambda t: round(1000 * t / total, 2)  # noqa: E731
    bands = []
    for s in report.sections:
        if s.start is None or s.end is None or not s.present:
            continue
        status, label = section_status(s, report.timing_tolerance)
        w = max(1.0, x(s.end) - x(s.start))
        bands.append({
            "key": s.key, "title": s.title, "x": x(s.start), "w": w, "text": _fit(w, f"{s.title} {mmss(s.duration)}", s.title, s.title[0], char=7.6),
            "target_x": x(s.start + s.target), "color": SECTION_COLORS.get(s.key, "#888"), "status": status,
            "label": label, "duration": mmss(s.duration), "target": mmss(s.target),
        })
    plan, t0 = [], next((s.start for s in report.sections if s.start is not None), 0.0)
    for s in report.sections:  # the same sections laid end to end at their target lengths
        w = max(1.0, x(t0 + s.target) - x(t0))
        plan.append({"key": s.key, "title": s.title, "x": x(t0), "w": w, "text": _fit(w, f"{s.title} {mmss(s.target)}", s.title, s.title[0], char=6.9),
                     "color": SECTION_COLORS.get(s.key, "#888"), "target": mmss(s.target)})
        t0 += s.target
    pauses = [{"x": x(p.start), "w": max(1.5, x(p.end) - x(p.start)), "label": f"pause {p.duration:.1f}s at {mmss(p.start)}"} for p in d.long_pauses]
    fillers = [{"x": x(t["t"]), "label": f"“{t['text']}” at {mmss(t['t'])}"} for t in tokens if "filler" in t["cls"] and t["t"] is not None]
    flags = [{"x": x(t["t"])} for t in tokens if "flag" in t["cls"] and t["t"] is not None]
    cuts = [{"x": x(i.at), "label": f"interviewer at {mmss(i.at)}: “{i.text}” ({i.reason})"} for i in report.interruptions]
    step = _tick_step(total)
    ticks = [{"x": x(t), "label": mmss(t)} for t in range(0, int(total) + 1, step)]
    return {
        "total": total, "bands": bands, "plan": plan, "pauses": pauses, "fillers": fillers, "flags": flags, "ticks": ticks, "cuts": cuts,
        "budget": {"x1": x(d.budget_min), "x2": x(d.budget_max), "text": f"{mmss(d.budget_min)}–{mmss(d.budget_max)}"},
        "end_x": x(d.duration) if d.duration else None, "timed": report.transcript.timed,
    }


def _tick_step(total: float) -> int:
    """Seconds between the timeline's ticks: 15, 30 or 60 s for an answer, and never more than about 20 ticks
    (a transcript whose times run to hours or years must not make millions of them)."""
    step = 15 if total <= 120 else 30 if total <= 300 else 60
    while total / step > 20:
        step *= 2 if step < 3600 else 10
    return step


def _fit(width: float, *labels: str, char: float) -> str:
    """The longest label that fits in `width` SVG units (about `char` units per character of the 12-unit text)."""
    return next((lab for lab in labels if len(lab) * char + 8 <= width), "")


def _trend_charts(report: Report, ctx: RenderContext) -> dict | None:
    """Small SVG charts of previous attempts: overall score, and time per section (stacked bars)."""
    history = ctx.history
    if not history:
        return None
    n = len(history)
    w, h = 320, 90
    xs = [round(20 + (w - 40) * (i / (n - 1) if n > 1 else 0.5), 1) for i in range(n)]
    ys = [round(h - 15 - (h - 30) * max(0.0, min(100.0, a.score)) / 100, 1) for a in history]
    points = [{"x": xs[i], "y": ys[i], "score": f"{a.score:.0f}", "date": a.created_at, "current": is_current(a, report, ctx)} for i, a in enumerate(history)]
    keys = [s.key for s in report.sections]
    targets = {s.key: s.target for s in report.sections}
    max_total = max([sum((s.duration or 0) for s in a.sections) for a in history] + [sum(targets.values()), 1.0])
    bar_h = 16
    rows = []
    for i, a in enumerate([*history, None]):  # the last row is the target
        durs = targets if a is None else {s.key: s.duration or 0 for s in a.sections}
        xcur, segs = 90.0, []
        for k in keys:
            sw = round(220 * durs.get(k, 0) / max_total, 2)
            if sw > 0:
                segs.append({"x": xcur, "w": sw, "color": SECTION_COLORS.get(k, "#888"), "label": f"{k}: {mmss(durs.get(k))}"})
            xcur += sw
        label = "target" if a is None else (a.created_at or "")[5:16].replace("T", " ")
        rows.append({"y": 6 + i * (bar_h + 6), "date": label, "segs": segs, "total": mmss(sum(durs.values())),
                     "current": a is not None and is_current(a, report, ctx), "target": a is None})
    return {"w": w, "h": h, "points": points, "polyline": " ".join(f"{p['x']},{p['y']}" for p in points), "rows": rows,
            "rows_h": 12 + (n + 1) * (bar_h + 6), "bar_h": bar_h}


def _audio_sources(ctx: RenderContext, report: Report) -> tuple[list[str], dict[str | None, tuple[int, float]], list[str]]:
    """The audio URLs of the page, which one (with its time offset) plays each section's words, and the files missing."""
    main = ctx.audio or report.audio
    wanted = [(None, main, 0.0)] if main else [(k, src, off) for k, (src, off) in ctx.section_audio.items()]
    sources: list[str] = []
    by_section: dict[str | None, tuple[int, float]] = {}
    missing: list[str] = []
    for key, src, offset in wanted:
        if not _audio_exists(src, ctx):
            missing.append(src)
            continue
        by_section[key] = (len(sources), offset)
        sources.append(_audio_url(src, ctx))
    if missing:
        log.warning("audio not found, the report cannot play it: %s", ", ".join(missing))
    return sources, by_section, missing


def _audio_exists(src: str, ctx: RenderContext) -> bool:
    path = Path(src)
    if not path.is_absolute():
        if ctx.out_dir is None:
            return True  # cannot tell: link it
        path = ctx.out_dir / path
    return path.is_file()


def _audio_url(src: str, ctx: RenderContext) -> str:
    path = Path(src)
    full = path if path.is_absolute() or ctx.out_dir is None else ctx.out_dir / path
    if ctx.embed_audio:
        try:
            data = full.read_bytes()
        except OSError as e:
            log.warning("cannot embed audio %s: %s; linking it instead", full, e)
        else:
            mime = mimetypes.guess_type(full.name)[0] or "audio/wav"
            if mime == "audio/x-wav":
                mime = "audio/wav"
            return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    if path.is_absolute() and ctx.out_dir is not None:
        try:
            path = Path(os.path.relpath(path, ctx.out_dir))
        except ValueError:
            return path.as_uri()
    return quote(path.as_posix())


def _strong_examples(report: Report, scenario: Scenario | None) -> dict[str, str]:
    if scenario is None:
        return {}
    out = {}
    for s in scenario.sections:
        text = s.strong_example
        if s.key == "reflection":
            text = scenario.reflection_for(report.level) or text
        out[s.key] = text
    return out


def render_html(report: Report, ctx: RenderContext | None = None) -> str:
    """One self-contained HTML page (inline CSS, JS and SVG; autoescaped template)."""
    import jinja2

    ctx = ctx or RenderContext()
    scenario = ctx.scenario if ctx.scenario is not None else lookup_scenario(report)
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("mockint.output", "templates"),
        autoescape=True,  # every value is escaped; the template never marks untrusted text safe
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["mmss"] = mmss
    tokens = transcript_tokens(report)
    sources, audio_of, missing_audio = _audio_sources(ctx, report)
    for t in tokens:  # which audio plays the word, from when
        src = audio_of.get(t["section"], audio_of.get(None))
        t["src"], t["at"] = (None, None) if src is None or t["t"] is None else (src[0], round(max(0.0, t["t"] - src[1]), 2))
    by_section: dict[str | None, list[dict]] = {}
    for t in tokens:
        by_section.setdefault(t["section"], []).append(t)
    strong = _strong_examples(report, scenario)
    sections = []
    for s in report.sections:
        status, label = section_status(s, report.timing_tolerance)
        sections.append({"r": s, "status": status, "label": label, "color": SECTION_COLORS.get(s.key, "#888"),
                         "tokens": by_section.get(s.key, []), "strong": strong.get(s.key, "")})
    unassigned = by_section.get(None, [])
    return env.get_template("report.html.j2").render(
        report=report,
        level_label=level_label(report.level),
        sections=sections,
        unassigned=unassigned,
        timeline=_timeline(report, tokens),
        trend=_trend_charts(report, ctx),
        history=ctx.history,
        delta=score_delta(report, ctx),
        retake=retake_note(ctx),
        tone=VERDICT_TONE.get(report.overall.verdict, "ok"),
        verdict_tone=VERDICT_TONE,
        audio_srcs=sources,
        missing_audio=missing_audio,
        probe_audio=[_audio_url(p.audio, ctx) if p.audio and _audio_exists(p.audio, ctx) else None for p in report.probes],
        words_json=[{"t": t["t"], "e": t["end"]} for t in tokens],
        offsets=[next(o for i, o in audio_of.values() if i == n) for n in range(len(sources))],
        colors=SECTION_COLORS,
        has_scenario=scenario is not None,
        current_id=ctx.out_dir.name if ctx.out_dir is not None else None,
    )
