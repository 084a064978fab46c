"""Guided mode: one recording per STAR section, announced with its target, spoken feedback after each, an
optional retake after the feedback; the report is scored on the sections' speech joined end to end (the time between takes is
not part of the answer)."""

from __future__ import annotations

from mockint.scoring.segmentation import SectionSpan
from mockint.scoring.timing import LONG_PAUSE_SECONDS, scenario_targets
from mockint.scoring.transcript import Transcript
from mockint.session.context import SessionContext
from mockint.session.feedback import section_feedback, spoken_summary
from mockint.session.recording import record_turn, wants_retake, with_retakes
from mockint.session.streaming import merge_transcripts
from mockint.store.folder import SectionClip, TurnRecord

# Between two sections in the joined answer: a breath, well under a long pause, so the gaps between takes are
# neither counted as speaking time nor reported as pauses.
SECTION_GAP_SECONDS = min(0.8, LONG_PAUSE_SECONDS / 2)


def run_guided(ctx: SessionContext) -> None:
    s, o = ctx.scenario, ctx.options
    ctx.say(f"Guided practice. {s.question} We'll go one STAR section at a time.")
    kept: list[tuple[TurnRecord, Transcript]] = []
    targets = scenario_targets(s, o.level)
    for sec in s.sections:
        while True:
            ctx.say(f"{sec.title}: about {targets[sec.key]:.0f} seconds.")
            turn, t = record_turn(ctx, "section", sec.key, sec.title, targets[sec.key])
            feedback = section_feedback(s, o.level, sec.key, t, ctx.lessons)
            ctx.say(feedback)
            if wants_retake(ctx, turn, f"this {sec.title}"):
                continue
            break
        kept.append((turn, t))
    ctx.progress("Scoring your answer...")
    ctx.report = with_retakes(ctx.with_meta(score_sections(ctx, kept), audio=None), ctx.record)
    ctx.say(spoken_summary(ctx.report))


def score_sections(ctx: SessionContext, kept: list[tuple[TurnRecord, Transcript]]):
    """The report of the kept takes joined on their speech; the timeline is stored in the session record."""
    transcript, spans, timeline = join_sections(kept)
    ctx.record.timeline = timeline
    ctx.save()
    report = ctx.score(transcript, spans=spans, mode="guided")
    return report.model_copy(update={"segmentation": "guided"})


def speech_clip(t: Transcript, recorded: float) -> tuple[float, float]:
    """Where the speech of a take is (seconds into it): its first to last timed word, else its speech regions,
    else the whole take."""
    timed = [w for w in t.words if w.start is not None and w.end is not None]
    if timed:
        return timed[0].start, max(w.end for w in timed)
    if t.speech_regions:
        return t.speech_regions[0][0], t.speech_regions[-1][1]
    return 0.0, max(recorded, t.duration or 0.0)


def _trimmed(t: Transcript, a: float, b: float) -> Transcript:
    """The take cut to [a, b]: segments and speech regions clipped, so nothing sits outside its clip."""
    def clip(x: float | None) -> float | None:
        return None if x is None else min(max(x, a), b)

    regions = [(max(r0, a), min(r1, b)) for r0, r1 in t.speech_regions if r1 > a and r0 < b]
    segments = [s.model_copy(update={"start": clip(s.start), "end": clip(s.end)}) for s in t.segments]
    return t.model_copy(update={"speech_regions": regions, "segments": segments, "duration": round(b - a, 3)})


def join_sections(kept: list[tuple[TurnRecord, Transcript]]) -> tuple[Transcript, list[SectionSpan], list[SectionClip]]:
    """One transcript from the takes' speech laid end to end (a short gap between), the known spans, and where
    each take's speech landed."""
    pieces, spans, timeline = [], [], []
    cursor, n = 0.0, 0
    for turn, t in kept:
        t = t if t.words else Transcript.from_text(t.text)
        if not t.words:
            continue  # nothing was said: no span (the section is reported missing), nothing to play
        a, b = speech_clip(t, turn.duration or 0.0)
        pieces.append((round(cursor - a, 3), _trimmed(t, a, b)))
        spans.append(SectionSpan(turn.key, n, n + len(t.words)))
        timeline.append(SectionClip(key=turn.key, turn=turn.index, audio=turn.audio, clip_start=round(a, 3),
                                    clip_end=round(b, 3), start=round(cursor, 3)))
        n += len(t.words)
        cursor += (b - a) + SECTION_GAP_SECONDS
    duration = round(cursor - SECTION_GAP_SECONDS, 3) if pieces else None
    return merge_transcripts(pieces, duration=duration), spans, timeline
