"""Speed and memory of each transcription engine on the same audio, in one run.

    .venv/bin/python benchmarks/bench_asr.py [--audio FILE] [--engines faster-whisper openai-whisper]
    .venv/bin/python benchmarks/bench_asr.py --long 20 [--scenario ID] [--keep /tmp/long20.flac]

Each engine runs in its own subprocess (so peak memory is its own: `ru_maxrss` of that process):
load the model, transcribe once to warm up on the first 10 s, then transcribe the whole file.
Prints model load time, transcription time, real-time factor (transcription time / audio length;
lower is faster), peak resident memory, and the ratio of the engines' real-time factors.

`--long MINUTES` measures a long continuous answer instead: the continuous spoken fixtures (several
voices; `long_pauses` left out, its 3.5 s pause is not continuous speech) trimmed to their speech and
joined with 0.5-1.5 s pauses, repeated to MINUTES, written as FLAC with its reference text beside it
(.txt). It runs `mockint score --json` on it in a subprocess and prints that process's peak resident
memory, its wall time and the WER of its transcript (fillers left out, as in tests/test_asr.py).
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
LONG_LEFT_OUT = ("long_pauses",)  # a fixture whose pauses (3.5 s) would split the answer anyway


def worker(engine: str, audio_path: str) -> dict:
    from mockint.defaults import SAMPLE_RATE
    from mockint.speech.asr import get_transcriber
    from mockint.speech.audio import load_audio
    from mockint.speech.transcriber import DecodeOptions

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


def build_long_answer(path: Path, minutes: float, seed: int = 0) -> str:
    """Write a continuous answer of at least `minutes` to `path` (FLAC); its reference text (also written
    beside it as .txt). Each fixture is cut 0.1 s around its first and last section (`spoken_part`)."""
    import random

    import numpy as np
    import soundfile as sf
    from conftest import FIXTURES_DIR
    from test_asr import spoken_part

    from mockint.defaults import SAMPLE_RATE

    names = sorted(
        p.stem for p in FIXTURES_DIR.glob("*.json")
        if p.stem not in LONG_LEFT_OUT and json.loads(p.read_text())["kind"] == "continuous"
    )
    rng = random.Random(seed)
    texts: list[str] = []
    written = 0
    with sf.SoundFile(str(path), "w", SAMPLE_RATE, 1, format="FLAC", subtype="PCM_16") as f:
        while written < minutes * 60 * SAMPLE_RATE:
            for name in names:
                speech, text = spoken_part(name)
                pause = np.zeros(int(rng.uniform(0.5, 1.5) * SAMPLE_RATE), np.float32)
                f.write(speech)
                f.write(pause)
                written += speech.size + pause.size
                texts.append(text)
                if written >= minutes * 60 * SAMPLE_RATE:
                    break
    text = " ".join(texts)
    path.with_suffix(".txt").write_text(text + "\n", encoding="utf-8")
    return text


def long_answer(minutes: float, scenario: str, keep: str | None) -> None:
    """Peak memory, time and WER of `mockint score` on a long continuous answer (see the module docstring)."""
    import tempfile

    from test_asr import reference, spoken_words, wer

    from mockint.scoring.report import Report

    folder = tempfile.mkdtemp(prefix="mockint-long-")
    path = Path(keep) if keep else Path(folder) / f"long{minutes:g}.flac"
    text = build_long_answer(path, minutes)
    cmd = [str(Path(sys.executable).with_name("mockint")), "score", str(path), "--scenario", scenario, "--json"]
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "MOCKINT_HOME": folder})
    run_s = time.perf_counter() - t0
    if out.returncode != 0:
        sys.exit(f"mockint score failed:\n{out.stderr}")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    transcript = Report.model_validate_json(out.stdout).transcript
    score = wer([reference({"text": text})], [spoken_words(transcript)])
    print(f"{' '.join(cmd)}")
    print(f"audio: {transcript.duration:.0f} s continuous answer, {os.cpu_count()} CPU cores, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"peak RSS {peak_mb:.0f} MB, time {run_s:.1f} s (RTF {run_s / transcript.duration:.3f}), "
          f"{len(transcript.words)} words, WER {score:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--audio", default=str(DEFAULT_AUDIO))
    ap.add_argument(
        "--engines", nargs="+", default=["faster-whisper", "openai-whisper"],
        help="engine names; add ':no-prompt' to run without the filler prompt",
    )
    ap.add_argument("--long", type=float, metavar="MINUTES", help="measure `mockint score` on a long continuous answer")
    ap.add_argument("--scenario", default="customer-obsession-webhook", help="scenario for --long")
    ap.add_argument("--keep", metavar="FILE", help="with --long: write the answer here (FLAC) and keep it")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.long:
        sys.path.insert(0, str(ROOT / "tests"))  # conftest (the fixtures) and test_asr (the WER)
        long_answer(args.long, args.scenario, args.keep)
        return
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
