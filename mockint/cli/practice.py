"""The main job, `practice`, and what it stands on: `devices` and `rescore`."""

from __future__ import annotations

import argparse
import sys

from mockint.cli.console import interrupted_code, print_report, say
from mockint.errors import MockintError

DEFAULT_SCENARIO = "customer-obsession-webhook"


def pick_scenario(args: argparse.Namespace):
    """The scenario to practise: one leading with --lp, the SCENARIO given, or the default."""
    from mockint.library.store import find_scenario, pick_scenario_for_lp

    if args.lp:  # a scenario that leads with the principle, else one that covers it
        return pick_scenario_for_lp(args.lp)
    return find_scenario(args.scenario or DEFAULT_SCENARIO)


def _scenario_file(args: argparse.Namespace):
    """The .toml file the scenario was given as (kept with the session so `rescore` finds it), or None."""
    from pathlib import Path

    if args.lp or not args.scenario:
        return None
    p = Path(args.scenario)
    return p if p.is_file() else None


def _retake_offered(args: argparse.Namespace, recorder) -> bool:
    """A retake is asked for at a prompt: with the microphone, or any answers with --retake; never when stdin is
    not a terminal (replayed answers in CI never wait)."""
    if args.retake and args.mode == "learn":
        raise MockintError("--retake: learn mode records no answer to retake (use --mode mock or guided)")
    return sys.stdin.isatty() and (_from_microphone(args, recorder) or args.retake)


def _from_microphone(args: argparse.Namespace, recorder) -> bool:
    return not args.answer and not getattr(recorder, "is_demo", False)


def _session_options(args: argparse.Namespace, retake: bool = False):
    from mockint.output.writers import get_writer
    from mockint.session.context import SessionOptions
    from mockint.scoring.turn import TurnWindows

    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    for f in formats:
        get_writer(f)
    return SessionOptions(
        mode=args.mode,
        level=args.level,
        max_probes=args.max_probes,
        silence_seconds=args.silence,
        max_answer_seconds=args.max_seconds,
        allow_retake=retake,
        formats=formats,
        turn_windows=TurnWindows(finished=args.end_finished, result=args.end_result, unfinished=args.end_unfinished),
        interrupt=not args.no_interrupt,
    )


def cmd_practice(args: argparse.Namespace) -> int:
    from mockint.meaning.lessons import warming_reader
    from mockint.paths import writable_data_dir
    from mockint.session.runner import Session
    from mockint.speech.asr import get_transcriber
    from mockint.speech.tts import get_speaker

    scenario = pick_scenario(args)
    home = writable_data_dir()  # a wrong MOCKINT_HOME is one line before anything is asked or recorded
    recorder, notice = _make_recorder(args, scenario)  # --answer files are checked here, before anything is asked or saved
    retake = _retake_offered(args, recorder)
    options = _session_options(args, retake)
    transcriber = get_transcriber(args.engine, args.model)
    speaker = get_speaker("print" if args.no_speak else args.voice, rate=args.rate, device=args.output_device)
    interactive = sys.stdin.isatty() and _from_microphone(args, recorder)
    session = Session(
        scenario,
        options,
        speaker=speaker,
        recorder=recorder,
        transcriber=transcriber,
        lessons=warming_reader(),
        home=home,
        ask=(lambda prompt: input(prompt)) if interactive or retake else None,
        say_progress=lambda msg: say(msg, file=sys.stderr),
        scenario_file=_scenario_file(args),
    )
    if notice:  # once the session has started: a session that cannot start says only why
        say(notice, file=sys.stderr)
    say(f"session: {session.folder.path}", file=sys.stderr)
    try:
        report = session.run()
    except KeyboardInterrupt:
        say(f"\ninterrupted: everything recorded so far is saved in {session.folder.path}", file=sys.stderr)
        say(f"rebuild its report with: mockint rescore {session.folder.path.name}", file=sys.stderr)
        return interrupted_code()
    leftover = getattr(recorder, "leftover", lambda: [])()
    if leftover:
        say("answer files not used: " + ", ".join(str(p) for p in leftover), file=sys.stderr)
    if report is not None:
        from mockint.output.common import retakes_of

        print_report(report, scenario, retakes=retakes_of(session.record))
    elif session.record.quiz:
        say(f"quiz: {session.record.quiz.score}/{session.record.quiz.total}")
    say(f"saved: {session.folder.path}", file=sys.stderr)
    return 0


def _make_recorder(args: argparse.Namespace, scenario=None):
    """The candidate: the microphone, recordings (--answer), or the bundled demo answers."""
    from mockint.speech import recorder as rec

    if args.answer_through and not args.answer:  # else a live session would wait on the microphone instead
        raise MockintError("--answer-through: needs --answer FILE (the recording to play into that device)")
    if args.answer:
        if args.answer_through:
            from mockint.speech.devices import resolve_device

            speaker = resolve_device(args.answer_through, "output", option="--answer-through")  # errors name the flag given
            return rec.LoopbackRecorder(args.answer, play_device=speaker, input_device=args.input_device), None
        return rec.FileRecorder(args.answer, realtime=not args.fast), None
    if not args.demo:
        try:
            from mockint.speech.devices import check_input, resolve_device

            device = resolve_device(args.input_device, "input")
            check_input(device)
            return rec.MicrophoneRecorder(device=device), None
        except MockintError as e:
            if args.input_device:
                raise
            reason = str(e)
    else:
        reason = "--demo"
    from mockint.session.demo import DemoRecorder

    demo = DemoRecorder(scenario, level=args.level, realtime=not args.fast)
    return demo, demo.notice(reason)


def cmd_devices(args: argparse.Namespace) -> int:
    from mockint.speech.devices import format_devices, list_devices

    rows = list_devices()
    say(format_devices(rows) if rows else "no audio devices found (no sound card and no PulseAudio server)")
    return 0


def cmd_rescore(args: argparse.Namespace) -> int:
    from mockint.meaning.lessons import shared_reader
    from mockint.session.rescore import rescore
    from mockint.speech.asr import get_transcriber

    report, folder = rescore(args.session, get_transcriber(args.engine, args.model), level=args.level, lessons=shared_reader())
    if report is not None:
        print_report(report)
    say(f"rescored: {folder}", file=sys.stderr)
    return 0
