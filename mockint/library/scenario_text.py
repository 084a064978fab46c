"""A scenario as readable text (for `mockint scenarios show` and the learn mode's script)."""

from __future__ import annotations

import textwrap

from mockint.library.schema import LEVEL_LABELS, Scenario
from mockint.terminal_text import terminal_safe_model


def _wrap(text: str, indent: str = "  ") -> str:
    return "\n".join(textwrap.fill(p, width=100, initial_indent=indent, subsequent_indent=indent) for p in text.split("\n") if p.strip())


def render_scenario(s: Scenario) -> str:
    """Every part of the scenario, sectioned, wrapped at 100 columns; terminal-safe (a shared file cannot
    clear the screen or set the window title)."""
    s = terminal_safe_model(s)
    out: list[str] = []
    add = out.append
    add(f"{s.title}")
    add(f"id: {s.id}    principles: {', '.join(s.principles)}")
    add("")
    add("QUESTION")
    add(_wrap(s.question))
    add("\nOVERVIEW")
    add(_wrap(s.overview))
    add("")
    add(_wrap(s.summary))
    for sec in s.sections:
        add(f"\n{sec.title.upper()}  (target {sec.target_seconds:g}s)")
        if sec.strong_example:
            add("  Strong example:")
            add(_wrap(sec.strong_example, "    "))
        label = "Key ideas" if sec.key == "reflection" else "Key phrases"
        add(f"  {label}: " + "; ".join(f'"{p}"' for p in sec.key_phrases))
        add("  Coaching:")
        add(_wrap(sec.coaching, "    "))
        add("  Common mistake:")
        add(_wrap(sec.common_mistake, "    "))
    add("\nREFLECTIONS BY LEVEL")
    for r in s.reflections:
        add(f"  {LEVEL_LABELS[r.level]}:")
        add(_wrap(r.text, "    "))
    add("\nFOLLOW-UP PROBES")
    for i, p in enumerate(s.probes, 1):
        add(f"  {i}. {p.question}")
        add(f"     Probes: {p.probes}")
        add("     Weak:   " + p.weak_answer)
        add(_wrap("Why weak: " + p.weak_why, "             "))
        add(_wrap("Strong: " + p.strong_answer, "     "))
        add(f'     Takeaway: "{p.strong_summary}"')
    add("\nWEAK ANSWER")
    add(_wrap(s.weak_answer.text))
    for f in s.weak_answer.red_flags:
        add(f"  - {f.text}")
    add(f"  Bar Raiser thinks ({s.weak_answer.verdict}):")
    add(_wrap(s.weak_answer.bar_raiser_thinks, "    "))
    add("\nQUIZ")
    for i, q in enumerate(s.quiz, 1):
        add(f"  {i}. {q.question}")
        for j, o in enumerate(q.options):
            mark = "*" if j == q.answer else " "
            add(f"    {mark} {chr(65 + j)}. {o}")
        add(_wrap(q.explanation, "      "))
    add("\nLEADERSHIP PRINCIPLE LENSES")
    for lens in s.lenses:
        add(f"  {lens.principle}")
        add(_wrap(lens.guidance, "    "))
        add(f"    Emphasize: {lens.emphasize}")
        add(f"    Downplay:  {lens.downplay}")
    add("\nLEVEL CALIBRATION")
    for c in s.levels:
        add(f"  {LEVEL_LABELS[c.level]}  ({c.budget_text})")
        add(_wrap(c.guidance, "    "))
        add(_wrap("Reflection: " + c.reflection, "    "))
        add(_wrap("Bar: " + c.bar, "    "))
    add("\nPREPARATION MODES")
    for m in s.modes:
        add(f"  {m.key}: {m.title}")
        add(_wrap(m.description, "    "))
    return "\n".join(out)
