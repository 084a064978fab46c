"""Mock mode: the question, one continuous answer (recorded by `recording.record_turn`), 1-3 follow-up probes
chosen from what the answer lacked, and a spoken verdict."""

from __future__ import annotations

from mockint.scoring.followups import PREFIX, deeper
from mockint.scoring.probe_scoring import score_probe
from mockint.scoring.probes import ProbeChoice, choose_probes
from mockint.scoring.report import ProbeResult
from mockint.scoring.timing import scenario_targets
from mockint.session.context import SessionContext
from mockint.session.feedback import spoken_summary
from mockint.session.recording import record_answer, with_retakes

PROBE_TARGET_SECONDS = 60.0  # what a probe's answer is timed against
DEEPER_ID = PREFIX + "deeper"


def run_mock(ctx: SessionContext) -> None:
    s, o = ctx.scenario, ctx.options
    cal = s.calibration(o.level)
    ctx.say(f"Let's begin. {s.question} Take your time; answer in one go. {cal.budget_text}")
    w = o.turn_windows
    ends = (
        f"press Enter or say \"I'm done\" when you finish; a pause of about {w.finished:g} s ends a finished answer, "
        f"{w.unfinished:g} s an unfinished one" if o.streaming else f"the answer ends after {o.silence_seconds:g} s of silence"
    )
    ctx.progress(f"Answer now ({cal.budget_text}); {ends}.")
    target = sum(scenario_targets(s, o.level).values())
    turn, transcript = record_answer(ctx, "answer", "answer", s.question, target, what="your answer")
    ctx.progress("Scoring your answer...")
    ctx.report = with_retakes(ctx.with_meta(ctx.score(transcript, mode="mock"), audio=turn.audio), ctx.record)
    ctx.write_reports()
    ask_probes(ctx)
    ctx.say(spoken_summary(ctx.report))


def ask_probes(ctx: SessionContext) -> None:
    """The follow-up probes, each scored and saved into the report as soon as it is answered. A probe
    answered vaguely gets one deeper question (once per interview: the level's length is kept)."""
    o = ctx.options
    queue = choose_probes(ctx.report, ctx.scenario, max_probes=max(1, min(3, o.max_probes))) if o.max_probes > 0 else []
    probes: list[ProbeResult] = []
    used: set[str] = set()
    i = 0
    while i < len(queue):
        choice = queue[i]
        deeper_one = choice.probe.id == DEEPER_ID
        lead = "" if deeper_one else "A follow-up question. " if i == 0 else "Next question. "
        label = "Deeper" if deeper_one else f"Probe {i + 1 - len(used)}/{len(queue) - len(used)}"
        ctx.say(lead + choice.probe.question, shown=f"{label}: {choice.probe.question}")
        turn, t = record_answer(ctx, "probe", choice.probe.id, choice.probe.question, PROBE_TARGET_SECONDS, what="this answer")
        result = score_probe(t, choice.probe, reason=choice.reason)
        result = result.model_copy(update={"audio": turn.audio, "answered": turn.answered and result.answered})
        more = deeper(result, used) if not deeper_one else None
        if more is not None and (i + 1 < len(queue) or len(queue) < o.max_probes):
            # the interview keeps its length: the deeper question takes the place of the last planned probe
            used.add("deeper")
            queue.insert(i + 1, ProbeChoice(more.probe, more.reason, more.need))
            if len(queue) > max(1, o.max_probes):
                queue.pop()
        if i == len(queue) - 1:
            ctx.progress("Scoring the follow-ups...")
        probes.append(result)
        ctx.report = with_retakes(ctx.report.model_copy(update={"probes": list(probes)}), ctx.record)
        ctx.write_reports()
        i += 1
