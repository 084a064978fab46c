"""Speed and memory of each transcription engine on the same audio, in one run.

    .venv/bin/python benchmarks/bench_asr.py [--audio FILE] [--engines faster-whisper openai-whisper]

Each engine runs in its own subprocess (so peak memory is its own: `ru_maxrss` of that process):
load the model, transcribe once to warm up on the first 10 s, then transcribe the whole file.
Prints model load time, transcription time, real-time factor (transcription time / audio length;
lower is faster), peak resident memory, and the ratio of the engines' real-time factors.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_AUDIO = ROOT / "audio_fixtures" / "strong_continuous_us165.ogg"


def worker(engine: str, audio_path: str) -> dict:
    from mockint.speech.asr import get_transcriber
    from mockint.speech.transcriber import DecodeOptions
    from mockint.defaults import SAMPLE_RATE
    from mockint.speech.audio import load_audio

    name, _, variant = engine.partition(":")
    audio = load_audio(audio_path)
    t = get_transcriber(name)
    if variant == "no-prompt":
        t.options = DecodeOptions(initial_prompt=None)
    t0 = time.perf_counter()
    _ = t.model
    load_s = time.perf_counter() - t0
    t.transcribe(audio[: 10 * SAMPLE_RATE])  # warm-up
    t0 = time.perf_counter()
    transcript = t.transcribe(audio)
    run_s = time.perf_counter() - t0
    return {
        "engine": engine,
        "load_s": load_s,
        "run_s": run_s,
        "audio_s": audio.size / SAMPLE_RATE,
        "rtf": run_s / (audio.size / SAMPLE_RATE),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "words": len(transcript.words),
        "text": transcript.text,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--audio", default=str(DEFAULT_AUDIO))
    ap.add_argument(
        "--engines", nargs="+", default=["faster-whisper", "openai-whisper"],
        help="engine names; add ':no-prompt' to run without the filler prompt",
    )
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.audio)))
        return

    if any(e.startswith("openai-whisper") for e in args.engines):
        from mockint.speech.convert import default_checkpoint

        default_checkpoint()  # convert once, outside the measurement
    rows = []
    for engine in args.engines:
        out = subprocess.run(
            [sys.executable, __file__, "--worker", engine, "--audio", args.audio],
            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        if out.returncode != 0:
            sys.exit(f"{engine} failed:\n{out.stderr}")
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))

    print(f"audio: {args.audio} ({rows[0]['audio_s']:.1f} s), {os.cpu_count()} CPU cores, load average {os.getloadavg()[0]:.1f}")
    print(f"{'engine':<26} {'load s':>7} {'transcribe s':>13} {'RTF':>7} {'peak MB':>8} {'words':>6}")
    for r in rows:
        print(f"{r['engine']:<26} {r['load_s']:7.2f} {r['run_s']:13.2f} {r['rtf']:7.3f} {r['peak_mb']:8.0f} {r['words']:6d}")
    base = rows[0]
    for r in rows[1:]:
        same = "same words" if r["text"] == base["text"] else "different words"
        print(f"{r['engine']} / {base['engine']}: RTF x{r['rtf'] / base['rtf']:.2f}, "
              f"peak memory x{r['peak_mb'] / base['peak_mb']:.2f} ({same})")


if __name__ == "__main__":
    main()
