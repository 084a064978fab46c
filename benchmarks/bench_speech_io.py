"""The agent's voice and the microphone, timed on the virtual PulseAudio devices (scripts/audio-server.sh).

Prints, over several utterances and answers:
- say() call -> first sound heard on mockint_speaker.monitor (the voice's share of the probe latency),
- last sound heard -> say() returned (negative would mean say() returned while still playing),
- end of the candidate's speech -> recording ended by the silence window (target: the window itself),
- recorded length against the played length (dropped or stretched audio).

    source scripts/audio-server.sh && .venv/bin/python benchmarks/bench_speech_io.py [--runs 5] [--voice piper]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

PROMPTS = [
    "How did you measure the impact?",
    "How did you ensure the Platform team accepted and merged your fix?",
    "What would you do differently next time?",
]


def pct(values: list[float], p: float) -> float:
    return float(np.percentile(values, p)) if values else float("nan")


def bench_voice(voice: str, runs: int) -> None:
    from virtual_audio import Capture

    from mockint.speech.tts import get_speaker

    speaker = get_speaker(voice, device="mockint_speaker")  # type: ignore[arg-type]
    to_sound, after_sound = [], []
    for i in range(runs):
        text = PROMPTS[i % len(PROMPTS)]
        with Capture("mockint_speaker.monitor") as cap:
            t_call = time.monotonic()
            speaker.say(text)
            t_return = time.monotonic()
            time.sleep(0.5)
        first, last = cap.first_sound_arrival(), cap.last_sound_arrival()
        if first is None or last is None:
            print(f"  run {i}: nothing heard on the speaker monitor")
            continue
        to_sound.append(first - t_call)
        after_sound.append(t_return - last)
    print(f"voice {voice}: say() -> first sound heard  p50 {pct(to_sound, 50):.3f}s  p95 {pct(to_sound, 95):.3f}s")
    print(f"voice {voice}: last sound heard -> say() returned  p50 {pct(after_sound, 50):+.3f}s  min {min(after_sound):+.3f}s")


def bench_microphone(runs: int, silence: float) -> None:
    import soundfile as sf
    from virtual_audio import SR, active, espeak

    from mockint.speech.devices import play, resolve_device
    from mockint.speech.recorder import MicrophoneRecorder, TakeSettings

    feed = resolve_device("mockint_mic_feed", "output")
    clip = espeak("I found the root cause in the retry logic and fixed it myself, then measured the drop rate.")
    end_delay, length_error = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            marks: dict[str, float] = {}

            def feed_clip() -> None:
                time.sleep(0.3)
                marks["start"] = play(clip, SR, feed)
                marks["end"] = time.monotonic()

            player = threading.Thread(target=feed_clip, daemon=True)
            player.start()
            rec = MicrophoneRecorder("mockint_mic", enter_to_stop=False).record(
                Path(tmp) / f"{i}.wav", TakeSettings(silence_seconds=silence, show_meter=False)
            )
            player.join(10)
            got = sf.read(rec.path, dtype="float32")[0]
            span, ref = active(got), active(clip)
            if rec.ended_by != "silence" or span is None:
                print(f"  run {i}: ended by {rec.ended_by}")
                continue
            speech_end_wall = marks["end"] - (len(clip) / SR - ref[1])
            end_delay.append(rec.ended_at - speech_end_wall)
            length_error.append((span[1] - span[0]) - (ref[1] - ref[0]))
    print(f"microphone: speech end -> answer ended (window {silence:.1f}s)  p50 {pct(end_delay, 50):.3f}s  p95 {pct(end_delay, 95):.3f}s")
    print(f"microphone: recorded speech length - played length  p50 {pct(length_error, 50):+.3f}s  max |{max(map(abs, length_error)):.3f}|s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--voice", default="espeak", choices=("espeak", "piper"))
    ap.add_argument("--silence", type=float, default=3.0)
    args = ap.parse_args()
    from virtual_audio import pulse_available

    if not pulse_available():
        print("no virtual audio devices: run `source scripts/audio-server.sh` first", file=sys.stderr)
        return 2
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; PULSE_SERVER={os.environ.get('PULSE_SERVER')}")
    bench_voice(args.voice, args.runs)
    bench_microphone(args.runs, args.silence)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
