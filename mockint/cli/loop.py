"""`mockint practice --loop N`: an interview round of N mock questions for different principles, then the debrief."""

from __future__ import annotations

import argparse
import sys

from mockint.cli.console import interrupted_code, print_report, say
from mockint.cli.practice import _make_recorder, _retake_offered, _scenario_file, _session_options, pick_scenario
from mockint.errors import MockintError


def cmd_loop(args: argparse.Namespace) -> int:
    from mockint.output.common import retakes_of
    from mockint.meaning.lessons import warming_reader
    from mockint.paths import writable_data_dir
    from mockint.session.loop import InterviewLoop, loop_scenarios
    from mockint.session.runner import Session
    from mockint.speech.asr import get_transcriber
    from mockint.speech.tts import get_speaker

    if args.loop < 1:
        raise MockintError(f"--loop: {args.loop}: a round has at least one question")
    if args.mode != "mock":
        raise MockintError(f"--loop: every question of a round is a mock answer (drop --mode {args.mode})")
    first = pick_scenario(args) if (args.scenario or args.lp) else None
    scenarios = loop_scenarios(args.loop, first)
    home = writable_data_dir()
    recorder, notice = _make_recorder(args, scenarios[0])  # --answer files are checked before anything is asked
    options = _session_options(args, _retake_offered(args, recorder))
    transcriber = get_transcriber(args.engine, args.model)
    lessons = warming_reader()
    speaker = get_speaker("print" if args.no_speak else args.voice, rate=args.rate, device=args.output_device)
    if notice:
        say(notice, file=sys.stderr)

    def run_question(scenario):
        rec = _make_recorder(args, scenario)[0] if getattr(recorder, "is_demo", False) else recorder  # the demo answers each question
        session = Session(scenario, options, speaker=speaker, recorder=rec, transcriber=transcriber, home=home, lessons=lessons,
                          ask=(lambda prompt: input(prompt)) if options.allow_retake else None,
                          say_progress=lambda msg: say(msg, file=sys.stderr),
                          scenario_file=_scenario_file(args) if scenario is first else None)
        say(f"session: {session.folder.path}", file=sys.stderr)
        report = session.run()
        if report is not None:
            print_report(report, scenario, retakes=retakes_of(session.record))
        return session.folder.path.name, report

    loop = InterviewLoop(scenarios, run_question, home=home, level=args.level, progress=lambda msg: say(msg, file=sys.stderr))
    try:
        debrief = loop.run()
    except KeyboardInterrupt:
        say(f"\ninterrupted: the debrief of the questions answered so far is in {loop.folder}", file=sys.stderr)
        return interrupted_code()
    leftover = getattr(recorder, "leftover", lambda: [])()
    if leftover:
        say("answer files not used: " + ", ".join(str(p) for p in leftover), file=sys.stderr)
    print_debrief(debrief)
    say(f"saved: {loop.folder}", file=sys.stderr)
    return 0


def print_debrief(debrief) -> None:
    from rich.console import Console

    from mockint.output.debrief_view import debrief_renderable

    Console(highlight=False).print(debrief_renderable(debrief))
