"""The scenario library's commands: `scenarios list|show|validate` and `new` (bring your own story)."""

from __future__ import annotations

import argparse
import sys

from mockint.cli.console import say
from mockint.terminal_text import terminal_safe


def cmd_scenarios_list(args: argparse.Namespace) -> int:
    from mockint.errors import ScenarioError
    from mockint.library.schema import principle_named
    from mockint.library.store import load_scenario, scenario_files

    wanted = principle_named(args.lp, "--lp") if args.lp else None
    rows = []
    for f in scenario_files():
        try:
            s = load_scenario(f)
        except ScenarioError as e:
            say(f"warning: skipped {e.path}: {e.problems[0]}", file=sys.stderr)
            continue
        if wanted and wanted not in s.principles:
            continue
        rows.append((s.id, terminal_safe(s.title), ", ".join(s.principles)))
    if not rows:
        say("no scenarios found" + (f" for {wanted}" if wanted else ""))
        return 0
    w = max(len(r[0]) for r in rows)
    for sid, title, lps in rows:
        say(f"{sid:<{w}}  {title}  [{lps}]")
    return 0


def cmd_scenarios_show(args: argparse.Namespace) -> int:
    from mockint.library.store import find_scenario
    from mockint.library.scenario_text import render_scenario

    say(render_scenario(find_scenario(args.scenario)))
    return 0


def cmd_scenarios_validate(args: argparse.Namespace) -> int:
    from mockint.errors import ScenarioError
    from mockint.library.store import load_scenario

    bad = 0
    for path in args.paths:
        try:
            s = load_scenario(path)
        except ScenarioError as e:
            bad += 1
            say(terminal_safe(str(e)), file=sys.stderr)
        else:
            say(f"{path}: ok ({s.id})")
    return 2 if bad else 0


def cmd_new(args: argparse.Namespace) -> int:
    from pathlib import Path

    from mockint.library.authoring import build_scenario, save_scenario
    from mockint.library.notes import collect_notes
    from mockint.paths import writable_data_dir

    def ask(prompt: str) -> str | None:
        say(prompt, end=" " if sys.stdin.isatty() else "\n", file=sys.stderr)
        line = sys.stdin.readline()
        return None if line == "" else line.rstrip("\n")

    given = {k: getattr(args, k) for k in ("principle", "question", "situation", "task", "action", "result", "reflection", "numbers", "level", "id")}
    notes = collect_notes(given, ask=None if args.no_input else ask, tell=lambda m: say(m, file=sys.stderr))
    out = Path(args.output) if args.output else None
    scenario, data = build_scenario(notes, source=str(out or "mockint new"))
    path = out or writable_data_dir() / "scenarios" / f"{scenario.id}.toml"
    scenario = save_scenario(data, path, force=args.force)
    say(f"wrote {path} ({scenario.id}, {scenario.principles[0]}, {sum(len(s.key_phrases) for s in scenario.sections)} key phrases)")
    ref = scenario.id if out is None else str(path)
    level = "" if notes.level == "sde2" else f" --level {notes.level}"
    say(f"next: mockint practice {ref}{level}   (or: mockint scenarios show {ref})")
    return 0
