"""Recording one turn of any mode (the mock answer, a guided section, a probe, a quiz reply): the recorder
streams it to the session folder while a worker transcribes it; whatever stops it, what was said is kept.

This is where the end of a turn is decided (the recorder's silence window, Enter, the cap) and where a
Ctrl-C mid-answer is turned into a saved partial turn.
"""

from __future__ import annotations

import time

from mockint.scoring.report import Report
from mockint.scoring.timing import scenario_targets
from mockint.scoring.transcript import Transcript
from mockint.session.context import SessionContext
from mockint.session.streaming import StreamingTranscriber
from mockint.speech.listener import AnswerListener
from mockint.speech.recorder import TakeSettings
from mockint.store.folder import SessionFolder, SessionRecord, TurnRecord

RETAKE_REPLIES = ("r", "retake", "y", "yes", "redo")  # what asks for a retake at the prompt (Enter keeps the take)


def record_answer(
    ctx: SessionContext, kind: str, key: str, prompt: str, target: float | None, *, what: str
) -> tuple[TurnRecord, Transcript]:
    """`record_turn`, then the chance to retake it before it is scored: a retaken take stays on disk (marked
    `redone` in the record, never scored) and the prompt is asked again."""
    while True:
        turn, transcript = record_turn(ctx, kind, key, prompt, target)
        if not wants_retake(ctx, turn, what):
            return turn, transcript
        ctx.say(f"Once more. {prompt}", shown=f"Retake of {what}: {prompt}")


def wants_retake(ctx: SessionContext, turn: TurnRecord, what: str) -> bool:
    """Ask (interactive sessions only; never when stdin is not a terminal) whether to retake the turn just
    recorded; a yes marks it retaken and says where its audio is kept."""
    if not ctx.options.allow_retake or ctx.ask is None or turn.ended_by == "no_answer":
        return False
    try:
        reply = ctx.ask(f"Press Enter to keep {what}, or r + Enter to retake it: ")
    except EOFError:
        return False
    if reply.strip().lower() not in RETAKE_REPLIES:
        return False
    turn.redone = True
    ctx.save()
    ctx.progress(f"Retake: the take just recorded stays in {turn.audio or 'the session folder'} and is not scored.")
    return True


def with_retakes(report: Report, record: SessionRecord) -> Report:
    """The report saying how many takes were retaken before each one it scored: the answer, each guided
    section, each probe's answer (0 where none was)."""
    kept = record.scored_turns()

    def retakes(kind: str, key: str) -> int:
        turn = next((t for t in reversed(kept) if (t.kind, t.key) == (kind, key)), None)
        return record.retakes_before(turn) if turn else 0

    return report.model_copy(update={
        "retakes": retakes("answer", "answer"),
        "sections": [s.model_copy(update={"retakes": retakes("section", s.key)}) for s in report.sections],
        "probes": [p.model_copy(update={"retakes": retakes("probe", p.probe_id)}) for p in report.probes],
    })


def record_turn(ctx: SessionContext, kind: str, key: str, prompt: str, target: float | None) -> tuple[TurnRecord, Transcript]:
    """Record one turn to disk, transcribe it (while recording when streaming) and save both."""
    index = len(ctx.record.turns) + 1
    turn = TurnRecord(index=index, kind=kind, key=key, prompt=prompt, audio=SessionFolder.turn_audio(index, kind, key))
    ctx.record.turns.append(turn)
    ctx.save()  # the turn exists on disk before a single sample is recorded
    stream = StreamingTranscriber(ctx.transcriber) if ctx.options.streaming else None
    listener = _listener(ctx, kind, stream)
    try:
        settings = TakeSettings(
            target_seconds=target,
            silence_seconds=ctx.options.silence_seconds,
            max_seconds=ctx.options.max_answer_seconds,
            on_block=stream.feed if stream else None,
            heard=stream.heard if stream else None,  # the answer ends by how it reads (mockint.scoring.turn)
            windows=ctx.options.turn_windows,
            listener=listener,
        )
        rec = ctx.recorder.record(ctx.folder / turn.audio, settings)
    except BaseException as e:
        _note_answer_end(ctx, kind, getattr(e, "recording", None), listener)
        _keep_interrupted(ctx, turn, stream, getattr(e, "recording", None))
        raise
    _note_answer_end(ctx, kind, rec, listener)
    ctx.turn_ended_at = time.monotonic()
    if rec.ended_by == "max":  # never a silent stop: say why the recording ended, and that nothing is lost
        ctx.progress(
            f"Recording stopped at the {ctx.options.max_answer_seconds:g} s cap (--max-seconds): everything said so far is saved."
        )
    turn.duration = round(rec.duration, 2) if rec.duration is not None else None
    turn.ended_by = rec.ended_by
    turn.answered = rec.ended_by != "no_answer" and (rec.duration or 0) > 0
    if not turn.answered:
        if stream:
            stream.finish()
        turn.audio = turn.audio if (ctx.folder / turn.audio).exists() else None
        transcript = Transcript(text="")
    elif stream:
        transcript = stream.finish()
    else:
        from mockint.speech.audio import load_audio

        transcript = ctx.transcriber.transcribe(load_audio(ctx.folder / turn.audio))
    ctx.folder.save_transcript(turn, transcript)
    ctx.save()
    return turn, transcript


def _listener(ctx: SessionContext, kind: str, stream: StreamingTranscriber | None) -> AnswerListener | None:
    """A mock answer's live section cue and redirect of a rambling Situation (needs the streaming words)."""
    if stream is None or kind != "answer" or ctx.options.mode != "mock":
        return None
    targets = scenario_targets(ctx.scenario, ctx.options.level)
    return AnswerListener(stream.heard, targets, say=ctx.speaker.say, interrupt=ctx.options.interrupt)


def _note_answer_end(ctx: SessionContext, kind: str, rec, listener: AnswerListener | None) -> None:
    """The mock answer's report says how the answer ended and when the interviewer cut in."""
    if kind == "answer":
        ctx.answer_end = {
            "ended_by": "interrupt" if rec is None else rec.ended_by,
            "end_reason": getattr(rec, "end_reason", None),
            "interruptions": list(listener.interruptions) if listener else [],
        }


def _keep_interrupted(ctx: SessionContext, turn: TurnRecord, stream: StreamingTranscriber | None, rec) -> None:
    """A turn cut short (Ctrl-C, a signal, an error): its audio is on disk; keep its transcript so far too."""
    turn.ended_by = "interrupt"
    if rec is not None and rec.duration:  # RecordingInterrupted carries the recording so far
        turn.duration = round(rec.duration, 2)
    ctx.save()
    if not stream:
        return
    if rec is None or not rec.duration:
        stream.abandon()
        return
    try:  # most of what was said is transcribed already
        partial = stream.finish()
    except BaseException:
        stream.abandon()
        return
    ctx.folder.save_transcript(turn, partial)
    ctx.partial = (turn, partial)
    ctx.save()
