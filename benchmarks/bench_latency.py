"""Latency of the interviewer's turn-taking, through the real mock session (issue 11 item 5).

Each complete fixture answer is replayed in real time as a microphone would hear it (`FileRecorder(listen=True)`:
the file, then silence until the end of turn ends the answer), transcribed while it plays by faster-whisper
with the embedded tiny.en, scored by the real rubric, and followed by the first probe; the speaker marks
the moment its sound starts (espeak-ng synthesis included with --voice espeak). Measured per answer:

- last word -> end of answer: from the end of the last word (the fixture's ground truth) to the moment the
  recorder decided the answer had ended (the end-of-turn window that applied, plus transcription lag);
- end of answer -> first sound of the next prompt: finishing the transcript, scoring, choosing the probe,
  synthesis;
- last word -> first sound: the sum, the figure the issue sets targets for (p50 <= 1.2 s, p95 <= 2.0 s).

    .venv/bin/python benchmarks/bench_latency.py [--runs 1] [--voice espeak] [--fixtures a,b,...]

Timings on a shared machine are noisy: compare figures as ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Complete answers (ending with a Result or Reflection), several voices.
FIXTURES = (
    "strong_continuous_us165", "strong_continuous_gb145", "strong_continuous_f2_165", "paraphrase_strong",
    "own_story_data_pipeline", "own_story_mobile_crash", "weak_continuous", "straight_to_action",
    "no_task_no_reflection", "we_everywhere",
)
TARGET_P50, TARGET_P95 = 1.2, 2.0


class TimedPrintSpeaker:
    """Marks the moment its 'sound' starts, after an optional real synthesis step."""

    def __init__(self, synthesize=None):
        self.synthesize = synthesize
        self.last_sound_started_at = None
        self.on_sound_start = None

    def say(self, text: str) -> None:
        if self.synthesize:
            self.synthesize(text)
        self.last_sound_started_at = time.monotonic()


class ClockedRecorder:
    """A FileRecorder heard as a microphone, noting when each replay started and what it returned."""

    def __init__(self, answer: Path):
        from mockint.speech.recorder import FileRecorder

        self.inner = FileRecorder([answer], realtime=True, listen=True)
        self.takes: list[tuple[float, object]] = []  # (time.monotonic() at the replay's start, Recording)

    def record(self, path, settings):
        started = time.monotonic()
        rec = self.inner.record(path, settings)
        self.takes.append((started, rec))
        return rec


def percentile(values: list[float], q: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, round(q * (len(v) - 1)))]


def one_answer(name: str, transcriber, scenario, synth, home: Path) -> dict:
    from mockint.session.context import SessionOptions
    from mockint.session.runner import Session

    truth = json.loads((ROOT / "audio_fixtures" / f"{name}.json").read_text())
    last_word = truth["sentences"][-1]["end"]
    recorder = ClockedRecorder(ROOT / "audio_fixtures" / truth["file"])
    speaker = TimedPrintSpeaker(synth)
    session = Session(scenario, SessionOptions(mode="mock", max_probes=1, formats=("json",)), home=home,
                      speaker=speaker, recorder=recorder, transcriber=transcriber)
    session.run()
    started, rec = recorder.takes[0]
    turn = session.record.turns[0]
    detect = rec.ended_at - (started + last_word)
    after = turn.latency_to_next_prompt or 0.0
    # where the time went, in the file's own time: the energy VAD's end of speech after the true last word,
    # then the silence window that applied; the rest of `detect` is waiting on the words (and the clock)
    vad = (rec.speech_end or last_word) - last_word
    window = (rec.end_position or rec.duration) - (rec.speech_end or last_word)
    return {"fixture": name, "ended_by": rec.ended_by, "reason": rec.end_reason, "detect": detect,
            "after": after, "total": detect + after, "vad": vad, "window": window,
            "ended_early": rec.duration < last_word}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=1, help="passes over the fixtures")
    ap.add_argument("--voice", choices=("print", "espeak"), default="espeak", help="include espeak-ng synthesis time")
    ap.add_argument("--fixtures", default=",".join(FIXTURES), help="comma-separated fixture names")
    args = ap.parse_args()

    from mockint.defaults import SAMPLE_RATE
    from mockint.library.store import find_scenario
    from mockint.speech.asr import get_transcriber

    synth = None
    if args.voice == "espeak":
        from mockint.speech.tts import espeak_cli

        synth = espeak_cli
    scenario = find_scenario("customer-obsession-webhook")
    transcriber = get_transcriber("faster-whisper")
    transcriber.transcribe(np.zeros(SAMPLE_RATE, np.float32) + 0.01 * np.sin(np.arange(SAMPLE_RATE) / 5.0, dtype=np.float32))
    rows = []  # (the model is loaded and warm before the first answer, as it is once a session has begun)
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            for i, name in enumerate(args.fixtures.split(",")):
                r = one_answer(name, transcriber, scenario, synth, Path(tmp) / f"home{run}-{i}")
                rows.append(r)
                print(f"{name:28s} ended_by {r['ended_by']:9s} last word -> end {r['detect']:.2f} s, "
                      f"end -> first sound {r['after']:.2f} s, total {r['total']:.2f} s  (VAD end of speech "
                      f"{r['vad']:+.2f} s, then {r['window']:.2f} s of silence; {r['reason']})", flush=True)
    print(f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"model: tiny.en (embedded, int8); voice: {args.voice}; {len(rows)} answers replayed in real time")
    for key, what in (("detect", "last word -> end of answer"), ("after", "end of answer -> first sound"),
                      ("total", "last word -> first sound of the next prompt")):
        values = [r[key] for r in rows]
        print(f"{what}: p50 {statistics.median(values):.2f} s, p95 {percentile(values, 0.95):.2f} s")
    total = [r["total"] for r in rows]
    ok = statistics.median(total) <= TARGET_P50 and percentile(total, 0.95) <= TARGET_P95
    print(f"target p50 <= {TARGET_P50} s, p95 <= {TARGET_P95} s: {'met' if ok else 'NOT met'}; "
          f"ended before the last word: {sum(r['ended_early'] for r in rows)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
