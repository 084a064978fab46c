"""The `mockint` command: parse arguments, build objects, call the core; errors become one line and exit 2.

Keep this module light: heavy libraries (faster-whisper, torch, sounddevice) are imported inside
the commands that need them, so `mockint --help` stays fast.
"""

from __future__ import annotations

import argparse
import logging
import sys

from mockint import __version__
from mockint.errors import MockintError

LEVEL_CHOICES = ("sde1", "sde2", "senior")


def _print(*args, **kwargs) -> None:
    print(*args, **kwargs, flush=True)


# -- scenarios ---------------------------------------------------------------------------


def cmd_scenarios_list(args: argparse.Namespace) -> int:
    from mockint.errors import ScenarioError
    from mockint.library.scenario import canonical_principle, load_scenario, scenario_files

    wanted = None
    if args.lp:
        wanted = canonical_principle(args.lp)
        if wanted is None:
            raise MockintError(f"--lp: unknown Leadership Principle {args.lp!r}")
    rows = []
    for f in scenario_files():
        try:
            s = load_scenario(f)
        except ScenarioError as e:
            _print(f"warning: skipped {e.path}: {e.problems[0]}", file=sys.stderr)
            continue
        if wanted and wanted not in s.principles:
            continue
        rows.append((s.id, s.title, ", ".join(s.principles)))
    if not rows:
        _print("no scenarios found" + (f" for {wanted}" if wanted else ""))
        return 0
    w = max(len(r[0]) for r in rows)
    for sid, title, lps in rows:
        _print(f"{sid:<{w}}  {title}  [{lps}]")
    return 0


def cmd_scenarios_show(args: argparse.Namespace) -> int:
    from mockint.library.scenario import find_scenario
    from mockint.library.scenario_text import render_scenario

    _print(render_scenario(find_scenario(args.scenario)))
    return 0


def cmd_scenarios_validate(args: argparse.Namespace) -> int:
    from mockint.errors import ScenarioError
    from mockint.library.scenario import load_scenario

    bad = 0
    for path in args.paths:
        try:
            s = load_scenario(path)
        except ScenarioError as e:
            bad += 1
            _print(str(e), file=sys.stderr)
        else:
            _print(f"{path}: ok ({s.id})")
    return 2 if bad else 0


# -- scoring ---------------------------------------------------------------------------------

AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".ogg", ".oga", ".opus", ".m4a", ".aac", ".webm", ".mp4", ".aiff", ".aif")


def read_answer(path: str, engine: str = "faster-whisper", model: str | None = None):
    """A transcript from a text/JSON transcript file or an audio file (transcribed)."""
    from pathlib import Path

    if Path(path).suffix.lower() in AUDIO_SUFFIXES:
        from mockint.speech.asr import get_transcriber
        from mockint.speech.audio import load_audio

        return get_transcriber(engine, model).transcribe(load_audio(path))
    from mockint.scoring.transcript import load_transcript

    return load_transcript(path)


def print_report(report, scenario=None) -> None:
    """The terminal summary of a report, on stdout."""
    from rich.console import Console

    from mockint.output.writers import RenderContext, terminal_renderable

    Console(highlight=False).print(terminal_renderable(report, RenderContext(scenario=scenario)))


def cmd_score(args: argparse.Namespace) -> int:
    from pathlib import Path

    from mockint.scoring.rubric import score_answer
    from mockint.library.scenario import find_scenario

    scenario = find_scenario(args.scenario)
    transcript = read_answer(args.input, args.engine, args.model)
    report = score_answer(transcript, scenario, args.level)
    is_audio = Path(args.input).suffix.lower() in AUDIO_SUFFIXES
    report = report.model_copy(update={"engine": args.engine if is_audio else None, "audio": str(Path(args.input).resolve()) if is_audio else None})
    if args.json:
        _print(report.model_dump_json(indent=2))
    else:
        print_report(report, scenario)
    if args.output:
        from mockint.output.writers import write_report

        for path in write_report(report, args.output, args.format, scenario=scenario):
            _print(f"wrote {path}", file=sys.stderr)
    return 0


# -- practice ------------------------------------------------------------------------------

DEFAULT_SCENARIO = "customer-obsession-webhook"
DEFAULT_CORPUS = "tests/corpus"  # the graded answers of `mockint eval scoring`


def _pick_scenario(args: argparse.Namespace):
    from mockint.library.scenario import find_scenario, pick_scenario_for_lp

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


def cmd_practice(args: argparse.Namespace) -> int:
    from mockint.speech.asr import get_transcriber
    from mockint.paths import data_dir
    from mockint.session.flows import Session, SessionOptions
    from mockint.speech.tts import get_speaker

    scenario = _pick_scenario(args)
    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    from mockint.output.writers import get_writer

    for f in formats:
        get_writer(f)
    recorder, notice = _make_recorder(args)  # --answer files are checked here, before anything is asked or saved
    options = SessionOptions(
        mode=args.mode,
        level=args.level,
        max_probes=args.max_probes,
        silence_seconds=args.silence,
        max_answer_seconds=args.max_seconds,
        allow_redo=sys.stdin.isatty() and not args.answer,
        formats=formats,
    )
    transcriber = get_transcriber(args.engine, args.model)
    speaker = get_speaker("print" if args.no_speak else args.voice, rate=args.rate, device=args.output_device)
    if notice:
        _print(notice, file=sys.stderr)
    interactive = sys.stdin.isatty() and not args.answer and not getattr(recorder, "is_demo", False)
    session = Session(
        scenario,
        options,
        speaker=speaker,
        recorder=recorder,
        transcriber=transcriber,
        home=data_dir(),
        ask=(lambda prompt: input(prompt)) if interactive else None,
        say_progress=lambda msg: _print(msg, file=sys.stderr),
        scenario_file=_scenario_file(args),
    )
    _print(f"session: {session.folder.path}", file=sys.stderr)
    try:
        report = session.run()
    except KeyboardInterrupt:
        _print(f"\ninterrupted: everything recorded so far is saved in {session.folder.path}", file=sys.stderr)
        _print(f"rebuild its report with: mockint rescore {session.folder.path.name}", file=sys.stderr)
        return _interrupted_code()
    leftover = getattr(recorder, "leftover", lambda: [])()
    if leftover:
        _print("answer files not used: " + ", ".join(str(p) for p in leftover), file=sys.stderr)
    if report is not None:
        print_report(report, scenario)
    elif session.meta.get("quiz"):
        q = session.meta["quiz"]
        _print(f"quiz: {q['score']}/{q['total']}")
    _print(f"saved: {session.folder.path}", file=sys.stderr)
    return 0


def cmd_devices(args: argparse.Namespace) -> int:
    from mockint.speech.devices import format_devices, list_devices

    rows = list_devices()
    _print(format_devices(rows) if rows else "no audio devices found (no sound card and no PulseAudio server)")
    return 0


def _make_recorder(args: argparse.Namespace):
    """The candidate: the microphone, recordings (--answer), or the bundled demo answers."""
    from mockint.speech import recorder as rec

    if args.answer:
        if args.answer_through:
            return rec.LoopbackRecorder(args.answer, play_device=args.answer_through, input_device=args.input_device), None
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
    from mockint.session.flows import DemoRecorder

    demo = DemoRecorder(args.mode, realtime=not args.fast)
    return demo, f"No microphone ({reason}): this session is answered by bundled demo recordings from {demo.folder}."


def cmd_rescore(args: argparse.Namespace) -> int:
    from mockint.speech.asr import get_transcriber
    from mockint.session.flows import rescore

    report, folder = rescore(args.session, get_transcriber(args.engine, args.model), level=args.level)
    if report is not None:
        print_report(report)
    _print(f"rescored: {folder}", file=sys.stderr)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    if args.target == "scoring":
        return _eval_scoring(args)
    folder = args.folder if args.target == "segmentation" else args.target
    if not folder:
        raise MockintError("mockint eval segmentation: give the folder of audio files (e.g. audio_fixtures)")
    from mockint.speech.asr import get_transcriber
    from mockint.evaluation.segmentation import evaluate_dir

    summary = evaluate_dir(folder, args.scenario, get_transcriber(args.engine, args.model))
    _print(summary.table())
    return 0


def _fit_grading(answers, score_answer, find_scenario, Transcript) -> None:
    """Refit data/grading.toml's [fitted] weights on the calibration half (a developer's step)."""
    from importlib import resources
    from pathlib import Path

    from mockint.scoring import grading
    from mockint.evaluation.scoring import fit_weights, write_fitted

    rows = []
    for a in answers:
        if a.split != "calibration":
            continue
        r = score_answer(Transcript.from_text(a.text), find_scenario(a.scenario), a.level)
        rows.append(({p.feature: p.value for p in r.overall.breakdown}, a.grade))
    path = Path(str(resources.files("mockint").joinpath("data/grading.toml")))
    import tomllib

    prior = tomllib.loads(path.read_text(encoding="utf-8"))["prior"]
    intercept, weights = fit_weights(rows, prior["intercept"], prior["weights"])
    write_fitted(path, intercept, weights, f"ridge fit on the {len(rows)} calibration answers of the corpus")
    grading.load_weights.cache_clear()
    _print(f"fitted {len(weights)} weights on {len(rows)} calibration answers: {path}")


def _eval_scoring(args: argparse.Namespace) -> int:
    from mockint.scoring.rubric import score_answer
    from mockint.library.scenario import find_scenario
    from mockint.evaluation.scoring import evaluate_scoring, load_corpus
    from mockint.scoring.transcript import Transcript

    answers = load_corpus(args.folder or DEFAULT_CORPUS)
    cache: dict = {}

    def score(a):
        sc = cache.get(a.scenario) or cache.setdefault(a.scenario, find_scenario(a.scenario))
        r = score_answer(Transcript.from_text(a.text), sc, a.level)
        return r.overall.score, r.overall.verdict, set(r.flag_codes())

    if args.fit:
        _fit_grading(answers, score_answer, find_scenario, Transcript)
    splits = ("calibration", "heldout") if args.split == "both" else (args.split,)
    for split in splits:
        _print(evaluate_scoring(answers, score, split).table(details=args.details))
    return 0


# -- transcription and models ------------------------------------------------------------


def cmd_transcribe(args: argparse.Namespace) -> int:
    from mockint.speech.asr import get_transcriber
    from mockint.speech.audio import load_audio

    transcriber = get_transcriber(args.engine, args.model)
    bad = 0
    for path in args.files:
        try:
            transcript = transcriber.transcribe(load_audio(path))
        except MockintError as e:
            bad += 1
            _print(str(e), file=sys.stderr)
            continue
        if args.json:
            _print(transcript.model_dump_json(indent=2))
        else:
            _print(f"{path}: {transcript.text}" if len(args.files) > 1 else transcript.text)
    return 2 if bad else 0


def cmd_models_import(args: argparse.Namespace) -> int:
    from mockint.speech.convert import import_model

    path = import_model(source=args.source, name=args.name, output=args.output)
    _print(f"wrote {path}")
    return 0


# -- reports and history -------------------------------------------------------------------


def cmd_report(args: argparse.Namespace) -> int:
    from rich.console import Console

    from mockint.store.history import find_session
    from mockint.output.writers import terminal_renderable, write_session_report

    folder = find_session(args.session)
    formats = ["terminal", "json", "md", "html"] if args.format == "all" else [args.format]
    report, paths, ctx = write_session_report(folder, formats, embed_audio=args.embed_audio)
    if args.format in ("terminal", "all"):
        Console(highlight=False).print(terminal_renderable(report, ctx))
    for path in paths:
        _print(f"wrote {path}")
    if args.open:
        import webbrowser

        html = next((p for p in paths if p.suffix == ".html"), None) or paths[0]
        webbrowser.open(html.resolve().as_uri())
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from rich.console import Console

    from mockint.store.history import History
    from mockint.output.writers import comparison_renderable, history_renderable

    history = History()
    if args.rebuild:
        _print(f"rebuilt {history.path} from {history.rebuild()} session(s)")
    console = Console(highlight=False)
    if args.compare:
        console.print(comparison_renderable(history.compare(*args.compare)))
    else:
        console.print(history_renderable(history.attempts(args.scenario)))
    return 0


# -- new (bring your own story) -------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    from pathlib import Path

    from mockint.library.authoring import build_scenario, collect_notes, save_scenario
    from mockint.paths import data_dir

    def ask(prompt: str) -> str | None:
        _print(prompt, end=" " if sys.stdin.isatty() else "\n", file=sys.stderr)
        line = sys.stdin.readline()
        return None if line == "" else line.rstrip("\n")

    given = {k: getattr(args, k) for k in ("principle", "question", "situation", "task", "action", "result", "reflection", "numbers", "level", "id")}
    notes = collect_notes(given, ask=None if args.no_input else ask, tell=lambda m: _print(m, file=sys.stderr))
    out = Path(args.output) if args.output else None
    scenario, data = build_scenario(notes, source=str(out or "mockint new"))
    path = out or data_dir() / "scenarios" / f"{scenario.id}.toml"
    scenario = save_scenario(data, path, force=args.force)
    _print(f"wrote {path} ({scenario.id}, {scenario.principles[0]}, {sum(len(s.key_phrases) for s in scenario.sections)} key phrases)")
    ref = scenario.id if out is None else str(path)
    level = "" if notes.level == "sde2" else f" --level {notes.level}"
    _print(f"next: mockint practice {ref}{level}   (or: mockint scenarios show {ref})")
    return 0


# -- parser --------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="mockint",
        description="Practise behavioral (STAR) interview answers out loud: the agent asks, records, "
        "transcribes, times each STAR section, scores it, and asks follow-up probes.",
    )
    p.add_argument("--version", action="version", version=f"mockint {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log what happens (to stderr)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    sc = sub.add_parser("scenarios", help="list, show and validate scenario files")
    scs = sc.add_subparsers(dest="scenarios_command", metavar="ACTION", required=True)
    ls = scs.add_parser("list", help="list scenarios (id, title, principles)")
    ls.add_argument("--lp", help='only scenarios for this Leadership Principle, e.g. "Dive Deep"')
    ls.set_defaults(func=cmd_scenarios_list)
    sh = scs.add_parser("show", help="print a scenario, sectioned")
    sh.add_argument("scenario", help="scenario id or path to a .toml file")
    sh.set_defaults(func=cmd_scenarios_show)
    va = scs.add_parser("validate", help="check scenario files; one line per problem")
    va.add_argument("paths", nargs="+", metavar="PATH")
    va.set_defaults(func=cmd_scenarios_validate)

    so = sub.add_parser("score", help="score a recorded or transcribed answer against a scenario")
    so.add_argument("input", metavar="INPUT", help="audio (wav, flac, mp3, ogg, ...) or transcript (.txt, or .json with words and times)")
    so.add_argument("--scenario", "-s", required=True, help="scenario id or path to a .toml file")
    so.add_argument("--level", "-l", choices=LEVEL_CHOICES, default="sde2", help="calibrate to this level (default sde2)")
    so.add_argument("--json", action="store_true", help="print the full report as JSON on stdout")
    so.add_argument("--engine", choices=("faster-whisper", "openai-whisper"), default="faster-whisper", help="speech-to-text engine for audio input")
    so.add_argument("--model", help="Whisper model name or local model directory (default: the embedded tiny.en)")
    so.add_argument("--output", "-o", metavar="DIR", help="also write report files into DIR")
    so.add_argument("--format", "-f", default="all", help="report files to write with --output: terminal, json, md, html, all")
    so.set_defaults(func=cmd_score)

    pr = sub.add_parser("practice", help="a practice session: learn, guided or mock (the main job)")
    pr.add_argument("scenario", nargs="?", help=f"scenario id or .toml path (default {DEFAULT_SCENARIO})")
    pr.add_argument("--lp", help='pick a scenario for this Leadership Principle, e.g. "Bias for Action"')
    pr.add_argument("--mode", "-m", choices=("learn", "guided", "mock"), default="mock", help="preparation mode (default mock)")
    pr.add_argument("--level", "-l", choices=LEVEL_CHOICES, default="sde2", help="calibrate to this level (default sde2)")
    pr.add_argument("--answer", "-a", action="append", metavar="FILE", help="answer from this recording instead of the microphone (repeat, in order)")
    pr.add_argument("--answer-through", metavar="DEVICE", help="play --answer files into this output device and record them from the microphone")
    pr.add_argument("--fast", action="store_true", help="replay --answer/demo recordings as fast as possible (not in real time)")
    pr.add_argument("--demo", action="store_true", help="answer with the bundled demo recordings (the default without a microphone)")
    pr.add_argument("--no-speak", action="store_true", help="print the interviewer's words instead of speaking them")
    pr.add_argument("--voice", choices=("espeak", "piper"), default="espeak", help="the interviewer's voice (piper needs mockint[piper])")
    pr.add_argument("--rate", type=int, default=165, help="speaking rate, words per minute (default 165)")
    pr.add_argument("--input-device", help="microphone: name substring or index (see mockint devices)")
    pr.add_argument("--output-device", help="speaker: name substring or index")
    pr.add_argument("--engine", choices=("faster-whisper", "openai-whisper"), default="faster-whisper", help="speech-to-text engine")
    pr.add_argument("--model", help="Whisper model name or local directory (default: the embedded tiny.en)")
    pr.add_argument("--silence", type=float, default=3.0, help="seconds of silence after speech that end an answer (default 3)")
    pr.add_argument("--max-seconds", type=float, default=360.0, help="hard cap on one answer, seconds (default 360)")
    pr.add_argument("--max-probes", type=int, default=3, choices=range(0, 4), help="follow-up probes in a mock, 0-3 (default 3)")
    pr.add_argument("--format", "-f", default="all", help="report files in the session folder: terminal,json,md,html or all")
    pr.set_defaults(func=cmd_practice)

    dv = sub.add_parser("devices", help="list microphones and speakers (marks the defaults)")
    dv.set_defaults(func=cmd_devices)

    rs = sub.add_parser("rescore", help="rebuild a saved session's report from its recorded audio")
    rs.add_argument("session", help="session folder, its id, or 'latest'")
    rs.add_argument("--engine", choices=("faster-whisper", "openai-whisper"), default="faster-whisper")
    rs.add_argument("--model", help="Whisper model name or local directory (e.g. a bigger model)")
    rs.add_argument("--level", "-l", choices=LEVEL_CHOICES, help="rescore at another level")
    rs.set_defaults(func=cmd_rescore)

    ev = sub.add_parser(
        "eval",
        help="measure the scorer against graded answers (eval scoring) or STAR segmentation on audio (eval segmentation DIR)",
        description="mockint eval scoring [CORPUS]: Spearman, MAE, verdict agreement, AUC and flag precision/recall "
        "against hand-graded answers, on the held-out half by default. mockint eval segmentation DIR (or mockint eval DIR): "
        "STAR segmentation of audio files against their ground-truth JSON.",
    )
    ev.add_argument("target", metavar="scoring|segmentation|DIR", help="what to measure (a folder means segmentation)")
    ev.add_argument("folder", nargs="?", metavar="DIR", help=f"corpus folder for scoring (default {DEFAULT_CORPUS}); audio folder for segmentation")
    ev.add_argument("--split", choices=("heldout", "calibration", "all", "both"), default="heldout", help="scoring: which half of the corpus (default heldout)")
    ev.add_argument("--details", action="store_true", help="scoring: list the largest disagreements")
    ev.add_argument("--fit", action="store_true", help="scoring: refit the grade weights on the calibration half first (developers)")
    ev.add_argument("--scenario", "-s", help="scenario for every file (default: each file's own 'scenario')")
    ev.add_argument("--engine", choices=("faster-whisper", "openai-whisper"), default="faster-whisper")
    ev.add_argument("--model", help="Whisper model name or local directory")
    ev.set_defaults(func=cmd_eval)

    tr = sub.add_parser("transcribe", help="transcribe audio files (wav, flac, mp3, ogg, ...) with word times")
    tr.add_argument("files", nargs="+", metavar="FILE")
    tr.add_argument("--engine", choices=("faster-whisper", "openai-whisper"), default="faster-whisper",
                    help="speech-to-text engine (default: faster-whisper)")
    tr.add_argument("--model", help="model name or local model path (default: the embedded tiny.en)")
    tr.add_argument("--json", action="store_true", help="print the transcript as JSON (words, times, fillers)")
    tr.set_defaults(func=cmd_transcribe)

    mo = sub.add_parser("models", help="manage Whisper models")
    mos = mo.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    mi = mos.add_parser("import", help="convert the embedded tiny.en into an openai-whisper checkpoint (offline)")
    mi.add_argument("--name", default="tiny.en", help="checkpoint name in the cache (default: tiny.en)")
    mi.add_argument("--source", help="a CTranslate2 Whisper model directory (default: the embedded tiny.en)")
    mi.add_argument("--output", help="write the checkpoint here instead of the cache")
    mi.set_defaults(func=cmd_models_import)

    rp = sub.add_parser("report", help="render a saved session's report (terminal, json, md, html)")
    rp.add_argument("session", metavar="SESSION", help="a session folder, its id under the data directory, or 'latest'")
    rp.add_argument("--format", "-f", choices=("terminal", "json", "md", "html", "all"), default="all",
                    help="what to write into the session folder (default all; terminal also prints the summary)")
    rp.add_argument("--embed-audio", action="store_true", help="html: embed the audio in the file instead of linking it")
    rp.add_argument("--open", action="store_true", help="open the HTML report (or the first file written) in the browser")
    rp.set_defaults(func=cmd_report)

    hi = sub.add_parser("history", help="list your attempts with trends, or compare two side by side")
    hi.add_argument("--scenario", "-s", metavar="ID", help="only attempts at this scenario")
    hi.add_argument("--compare", nargs=2, metavar=("A", "B"), help="compare two attempts (number from the list, session id, or 'latest')")
    hi.add_argument("--rebuild", action="store_true", help="rebuild the history database from the session folders")
    hi.set_defaults(func=cmd_history)

    nw = sub.add_parser("new", help="write a scenario for your own story from your STAR notes (asks, or takes flags)")
    nw.add_argument("--principle", "--lp", help='the Leadership Principle, e.g. "Ownership"')
    nw.add_argument("--question", help="the question you expect (default: the principle's usual one)")
    for part in ("situation", "task", "action", "result", "reflection"):
        nw.add_argument(f"--{part}", help=f"your {part.capitalize()}, in a sentence or two")
    nw.add_argument("--numbers", action="append", help="numbers to land, ';'-separated (repeatable)")
    nw.add_argument("--level", help="sde1, sde2 (default) or senior")
    nw.add_argument("--id", help="scenario id and file name (default: derived from the principle and situation)")
    nw.add_argument("--output", "-o", metavar="PATH", help="where to write (default: $MOCKINT_HOME/scenarios/ID.toml)")
    nw.add_argument("--force", action="store_true", help="overwrite an existing file")
    nw.add_argument("--no-input", action="store_true", help="never prompt: every required part must come from flags")
    nw.set_defaults(func=cmd_new)

    return p


_stop_signal: list[int] = []  # the SIGTERM/SIGHUP received, if any


def _stop_signals_as_ctrl_c() -> None:
    """SIGTERM and SIGHUP end the command as Ctrl-C does (the session is saved, `interrupted: true`);
    a second one while that happens is ignored, so the saving finishes."""
    import signal

    def handler(signum, frame):
        if _stop_signal:
            return
        _stop_signal.append(signum)
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None:
            try:
                signal.signal(sig, handler)
            except (ValueError, OSError):  # not the main thread, or not allowed
                pass


def _interrupted_code() -> int:
    """128 + the signal: 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP."""
    return 128 + (_stop_signal[0] if _stop_signal else 2)


def main(argv: list[str] | None = None) -> int:
    _stop_signals_as_ctrl_c()
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(name)s: %(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return args.func(args) or 0
    except MockintError as e:
        _print(str(e), file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        _print("\ninterrupted", file=sys.stderr)
        return _interrupted_code()
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
