"""The `mockint` argument parser: one function per command group; options shared by several commands are
one helper each; every choice and default comes from mockint.defaults (the core's own lists)."""

from __future__ import annotations

import argparse

from mockint import __version__, defaults
from mockint.cli import evaluation, library, loop, practice, reports, scoring

DESCRIPTIONS = {  # what `mockint COMMAND --help` says first, for the commands that need more than their help line
    "practice": "A mock interview out loud: the interviewer asks the scenario's question, records your "
    "answer (press Enter or stay silent to end it), transcribes and times each STAR section, asks follow-up "
    "probes on what was missing, and leaves a report in a session folder. Modes: learn (walk through the "
    "model answer, then a quiz), guided (one STAR section at a time, with feedback), mock (one continuous answer).",
    "eval": "mockint eval scoring [CORPUS]: Spearman, MAE, verdict agreement, AUC and flag precision/recall "
    "against hand-graded answers, on the held-out half by default. mockint eval flags [DIR]: each red flag's precision/recall "
    "on labelled snippets set into one clean answer (default tests/corpus/stress). mockint eval segmentation DIR (or mockint eval DIR): "
    "STAR segmentation of audio files against their ground-truth JSON.",
}


def add_level(p: argparse.ArgumentParser, default: str | None = defaults.LEVEL, help: str | None = None) -> None:
    """--level/-l: the level an answer is calibrated to."""
    p.add_argument("--level", "-l", choices=defaults.LEVELS, default=default,
                   help=help or f"calibrate to this level (default {default})")


def add_engine(p: argparse.ArgumentParser, model_help: str = "Whisper model name or local model directory (default: the embedded tiny.en)") -> None:
    """--engine and --model: which speech-to-text engine and model transcribe audio."""
    p.add_argument("--engine", choices=defaults.ENGINES, default=defaults.ENGINE,
                   help=f"speech-to-text engine (default {defaults.ENGINE})")
    p.add_argument("--model", help=model_help)


def add_report_formats(p: argparse.ArgumentParser, help: str) -> None:
    """--format/-f: a comma-separated list of report writers, or `all`."""
    names = ",".join(f for f in defaults.REPORT_FORMATS if f != "all")
    p.add_argument("--format", "-f", default="all", help=f"{help}: {names} or all (default all)")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="mockint",
        description="Practise behavioral (STAR) interview answers out loud: the agent asks, records, "
        "transcribes, times each STAR section, scores it, and asks follow-up probes.",
    )
    p.add_argument("--version", action="version", version=f"mockint {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log what happens (to stderr)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for add in (_scenarios, _score, _practice, _devices, _rescore, _eval, _transcribe, _models, _report, _history, _new):
        add(sub)
    return p


def _scenarios(sub) -> None:
    sc = sub.add_parser("scenarios", help="list, show and validate scenario files")
    scs = sc.add_subparsers(dest="scenarios_command", metavar="ACTION", required=True)
    ls = scs.add_parser("list", help="list scenarios (id, title, principles)")
    ls.add_argument("--lp", help='only scenarios for this Leadership Principle, e.g. "Dive Deep"')
    ls.set_defaults(func=library.cmd_scenarios_list)
    sh = scs.add_parser("show", help="print a scenario, sectioned")
    sh.add_argument("scenario", help="scenario id or path to a .toml file")
    sh.set_defaults(func=library.cmd_scenarios_show)
    va = scs.add_parser("validate", help="check scenario files; one line per problem")
    va.add_argument("paths", nargs="+", metavar="PATH")
    va.set_defaults(func=library.cmd_scenarios_validate)


def _score(sub) -> None:
    so = sub.add_parser("score", help="score a recorded or transcribed answer against a scenario")
    so.add_argument("input", metavar="INPUT", help="audio (wav, flac, mp3, ogg, ...) or transcript (.txt, or .json with words and times)")
    so.add_argument("--scenario", "-s", required=True, help="scenario id or path to a .toml file")
    add_level(so)
    so.add_argument("--json", action="store_true", help="print the full report as JSON on stdout")
    add_engine(so)
    so.add_argument("--output", "-o", metavar="DIR", help="also write report files into DIR")
    add_report_formats(so, "report files to write with --output")
    so.set_defaults(func=scoring.cmd_score)


def _practice(sub) -> None:
    pr = sub.add_parser("practice", help="a practice session: learn, guided or mock (the main job)",
                        description=DESCRIPTIONS["practice"])
    pr.add_argument("scenario", nargs="?", help=f"scenario id or .toml path (default {practice.DEFAULT_SCENARIO})")
    pr.add_argument("--lp", help='pick a scenario for this Leadership Principle, e.g. "Bias for Action"')
    pr.add_argument("--mode", "-m", choices=defaults.MODES, default=defaults.MODE, help=f"preparation mode (default {defaults.MODE})")
    add_level(pr)
    pr.add_argument("--answer", "-a", action="append", metavar="FILE", help="answer from this recording instead of the microphone (repeat, in order)")
    pr.add_argument("--answer-through", metavar="DEVICE", help="play --answer files into this output device and record them from the microphone")
    pr.add_argument("--fast", action="store_true", help="replay --answer/demo recordings as fast as possible (not in real time)")
    pr.add_argument("--demo", action="store_true", help="answer with the bundled demo recordings (the default without a microphone)")
    pr.add_argument("--no-speak", action="store_true", help="print the interviewer's words instead of speaking them")
    pr.add_argument("--voice", choices=defaults.VOICES, default=defaults.VOICE, help=f"the interviewer's voice (default {defaults.VOICE}; piper needs mockint[piper])")
    pr.add_argument("--rate", type=int, default=defaults.VOICE_RATE, help=f"speaking rate, words per minute (default {defaults.VOICE_RATE})")
    pr.add_argument("--input-device", help="microphone: name substring or index (see mockint devices)")
    pr.add_argument("--output-device", help="speaker: name substring or index")
    add_engine(pr)
    pr.add_argument("--silence", type=float, default=defaults.SILENCE_SECONDS, help=f"seconds of silence after speech that end an answer when its words cannot be read (no streaming transcript; default {defaults.SILENCE_SECONDS:g})")
    pr.add_argument("--end-finished", type=float, default=defaults.END_FINISHED_SECONDS, metavar="SECONDS", help=f"silence that ends an answer that reads finished: a Reflection or a closing phrase (default {defaults.END_FINISHED_SECONDS:g})")
    pr.add_argument("--end-result", type=float, default=defaults.END_RESULT_SECONDS, metavar="SECONDS", help=f"... one whose Result is heard but no Reflection yet (default {defaults.END_RESULT_SECONDS:g})")
    pr.add_argument("--end-unfinished", type=float, default=defaults.END_UNFINISHED_SECONDS, metavar="SECONDS", help=f"... one that reads unfinished: a thinking pause (default {defaults.END_UNFINISHED_SECONDS:g})")
    pr.add_argument("--loop", type=int, metavar="N", help="an interview round: N mock questions for different Leadership Principles (SCENARIO or --lp is the first), then one debrief across them")
    pr.add_argument("--retake", action="store_true", help="offer a retake after each answer also when answering from --answer files or the demo (it is offered with the microphone; only when stdin is a terminal)")
    pr.add_argument("--no-interrupt", action="store_true", help="mock: never cut in on a rambling Situation")
    pr.add_argument("--max-seconds", type=float, default=defaults.MAX_ANSWER_SECONDS, help=f"hard cap on one answer, seconds (default {defaults.MAX_ANSWER_SECONDS:g})")
    pr.add_argument("--max-probes", type=int, default=defaults.MAX_PROBES, choices=range(0, defaults.MAX_PROBES + 1), help=f"follow-up probes in a mock, 0-{defaults.MAX_PROBES} (default {defaults.MAX_PROBES})")
    add_report_formats(pr, "report files in the session folder")
    pr.set_defaults(func=lambda args: loop.cmd_loop(args) if args.loop is not None else practice.cmd_practice(args))


def _devices(sub) -> None:
    dv = sub.add_parser("devices", help="list microphones and speakers (marks the defaults)")
    dv.set_defaults(func=practice.cmd_devices)


def _rescore(sub) -> None:
    rs = sub.add_parser("rescore", help="rebuild a saved session's report from its recorded audio")
    rs.add_argument("session", help="session folder, its id, or 'latest'")
    add_engine(rs, "Whisper model name or local directory (e.g. a bigger model)")
    add_level(rs, default=None, help="rescore at another level (default: the session's)")
    rs.set_defaults(func=practice.cmd_rescore)


def _eval(sub) -> None:
    ev = sub.add_parser(
        "eval",
        help="measure the scorer against graded answers (eval scoring), each flag on labelled snippets (eval flags) or STAR segmentation on audio (eval segmentation DIR)",
        description=DESCRIPTIONS["eval"],
    )
    ev.add_argument("target", metavar="scoring|flags|segmentation|DIR", help="what to measure (a folder means segmentation)")
    ev.add_argument("folder", nargs="?", metavar="DIR", help=f"corpus folder for scoring (default {evaluation.DEFAULT_CORPUS}); audio folder for segmentation")
    ev.add_argument("--split", choices=("heldout", "calibration", "all", "both"), default="heldout", help="scoring, flags: which half of the corpus (default heldout)")
    ev.add_argument("--details", action="store_true", help="scoring: list the largest disagreements")
    ev.add_argument("--fit", action="store_true", help="scoring: refit the grade weights on the calibration half first (developers)")
    ev.add_argument("--words-only", action="store_true", help="scoring, flags: read the lesson by its words alone, without the sentence-embedding reader (developers: to compare)")
    ev.add_argument("--scenario", "-s", help="scenario for every file (default: each file's own 'scenario')")
    add_engine(ev, "Whisper model name or local directory")
    ev.set_defaults(func=evaluation.cmd_eval)


def _transcribe(sub) -> None:
    tr = sub.add_parser("transcribe", help="transcribe audio files (wav, flac, mp3, ogg, ...) with word times")
    tr.add_argument("files", nargs="+", metavar="FILE")
    add_engine(tr)
    tr.add_argument("--json", action="store_true", help="print the transcript as JSON (words, times, fillers)")
    tr.set_defaults(func=scoring.cmd_transcribe)


def _models(sub) -> None:
    mo = sub.add_parser("models", help="manage Whisper models")
    mos = mo.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    mi = mos.add_parser("import", help="convert the embedded tiny.en into an openai-whisper checkpoint (offline)")
    mi.add_argument("--name", default="tiny.en", help="checkpoint name in the cache (default: tiny.en)")
    mi.add_argument("--source", help="a CTranslate2 Whisper model directory (default: the embedded tiny.en)")
    mi.add_argument("--output", help="write the checkpoint here instead of the cache")
    mi.set_defaults(func=scoring.cmd_models_import)


def _report(sub) -> None:
    rp = sub.add_parser("report", help="render a saved session's report (terminal, json, md, html)")
    rp.add_argument("session", metavar="SESSION", help="a session folder, its id under the data directory, or 'latest'")
    rp.add_argument("--format", "-f", choices=defaults.REPORT_FORMATS, default="all",
                    help="what to write into the session folder: one format, or all (the default: report.txt, report.json, "
                    "report.md and report.html); terminal and all also print the summary")
    rp.add_argument("--embed-audio", action="store_true", help="html: embed the audio in the file instead of linking it")
    rp.add_argument("--open", action="store_true", help="open the HTML report (or the first file written) in the browser")
    rp.set_defaults(func=reports.cmd_report)


def _history(sub) -> None:
    hi = sub.add_parser("history", help="list your attempts with trends, or compare two side by side")
    hi.add_argument("--scenario", "-s", metavar="ID", help="only attempts at this scenario")
    hi.add_argument("--compare", nargs=2, metavar=("A", "B"), help="compare two attempts (number from the list, session id, or 'latest')")
    hi.add_argument("--rebuild", action="store_true", help="rebuild the history database from the session folders")
    hi.set_defaults(func=reports.cmd_history)
    hd = hi.add_subparsers(dest="action", metavar="delete").add_parser(
        "delete", help="remove an attempt from the history; its session folder moves to MOCKINT_HOME/trash/ (recoverable)")
    hd.add_argument("ref", metavar="N", help="the attempt's number in `mockint history` (or its session id)")
    hd.set_defaults(func=reports.cmd_history_delete)


def _new(sub) -> None:
    nw = sub.add_parser("new", help="write a scenario for your own story from your STAR notes (asks, or takes flags)")
    nw.add_argument("--principle", "--lp", help='the Leadership Principle, e.g. "Ownership"')
    nw.add_argument("--question", help="the question you expect (default: the principle's usual one)")
    for part in ("situation", "task", "action", "result", "reflection"):
        nw.add_argument(f"--{part}", help=f"your {part.capitalize()}, in a sentence or two")
    nw.add_argument("--numbers", action="append", help="numbers to land, ';'-separated (repeatable)")
    nw.add_argument("--level", help=f"{', '.join(defaults.LEVELS)} (default {defaults.LEVEL})")
    nw.add_argument("--id", help="scenario id and file name (default: derived from the principle and situation)")
    nw.add_argument("--output", "-o", metavar="PATH", help="where to write (default: $MOCKINT_HOME/scenarios/ID.toml)")
    nw.add_argument("--force", action="store_true", help="overwrite an existing file")
    nw.add_argument("--no-input", action="store_true", help="never prompt: every required part must come from flags")
    nw.set_defaults(func=library.cmd_new)
