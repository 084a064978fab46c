"""Commands on answers you already have: `score`, `transcribe`, and `models import`."""

from __future__ import annotations

import argparse
import sys

from mockint.cli.console import print_report, say
from mockint.errors import MockintError
from mockint.terminal_text import terminal_safe

AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".ogg", ".oga", ".opus", ".m4a", ".aac", ".webm", ".mp4", ".aiff", ".aif")


TRANSCRIPT_SUFFIXES = (".txt", ".json")


def is_audio(path: str) -> bool:
    """Whether INPUT is audio: by its extension, else by its content (anything that is not UTF-8 text,
    such as a recording saved without an extension, is decoded as audio)."""
    from pathlib import Path

    suffix = Path(path).suffix.lower()
    if suffix in AUDIO_SUFFIXES or suffix in TRANSCRIPT_SUFFIXES:
        return suffix in AUDIO_SUFFIXES
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False  # the transcript reader says what is wrong with the file
    if b"\0" in head:
        return True
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        return e.start < len(head) - 3  # not a multi-byte character cut at the end of the sample
    return False


def read_answer(path: str, engine: str = "faster-whisper", model: str | None = None):
    """A transcript from a text/JSON transcript file or an audio file (transcribed)."""
    if is_audio(path):
        from mockint.speech.asr import get_transcriber
        from mockint.speech.audio import load_audio

        return get_transcriber(engine, model).transcribe(load_audio(path))
    from mockint.scoring.transcript import load_transcript

    return load_transcript(path)


def _check_length(path: str, transcript=None) -> None:
    """Scoring time grows with length (about 0.5 ms a word): beyond MAX_SCORED_WORDS it is refused at once,
    never a wait of minutes on a pasted book or a runaway recording. A transcript file is counted before it
    is parsed (its reader reports what else is wrong with it); audio by the words heard."""
    import json
    from pathlib import Path

    from mockint.defaults import MAX_SCORED_WORDS

    if transcript is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
            data = json.loads(text) if Path(path).suffix.lower() == ".json" else {"text": text}
        except (OSError, ValueError):
            return
        data = data if isinstance(data, dict) else {}
        words, text = data.get("words"), data.get("text", "")
        n = len(words) if isinstance(words, list) and words else len(str(text).split())
    else:
        n = len(transcript.words) or len(transcript.text.split())
    if n > MAX_SCORED_WORDS:
        raise MockintError(f"{path}: {n:,} words, more than mockint scores ({MAX_SCORED_WORDS:,}, about two hours of speech; "
                           "an answer is under 1,500): score one answer at a time")


def cmd_score(args: argparse.Namespace) -> int:
    from pathlib import Path

    from mockint.library.store import find_scenario

    scenario = find_scenario(args.scenario)
    audio = is_audio(args.input)
    if not audio:
        _check_length(args.input)
    transcript = read_answer(args.input, args.engine, args.model)
    _check_length(args.input, transcript)
    from mockint.meaning.lessons import shared_reader
    from mockint.scoring.rubric import score_answer

    report = score_answer(transcript, scenario, args.level, lessons=shared_reader())
    report = report.model_copy(update={"engine": args.engine if audio else None, "audio": str(Path(args.input).resolve()) if audio else None})
    if args.json:
        say(report.model_dump_json(indent=2))
    else:
        print_report(report, scenario)
    if args.output:
        from mockint.output.writers import write_report

        for path in write_report(report, args.output, args.format, scenario=scenario):
            say(f"wrote {path}", file=sys.stderr)
    return 0


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
            say(terminal_safe(str(e)), file=sys.stderr)
            continue
        if args.json:
            say(transcript.model_dump_json(indent=2))
        else:
            text = terminal_safe(transcript.text)
            say(f"{path}: {text}" if len(args.files) > 1 else text)
    return 2 if bad else 0


def cmd_models_import(args: argparse.Namespace) -> int:
    from mockint.speech.convert import import_model

    path = import_model(source=args.source, name=args.name, output=args.output)
    say(f"wrote {path}")
    return 0
