"""Accuracy of the default engine on synthetic speech with known text, fillers and pauses.

    .venv/bin/python benchmarks/eval_asr.py [--engine faster-whisper|openai-whisper]

Prints, for each initial prompt: filler precision/recall, WER on normal answers and on answers with
fillers (fillers excluded from both sides); then the error of sentence start/end times around known
pauses, with raw Whisper word times and with the VAD refinement.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import numpy as np  # noqa: E402
from speech_corpus import NORMAL, VOICES, WITH_FILLERS, corpus, espeak, with_pauses  # noqa: E402

from mockint.scoring.normalize import is_filler  # noqa: E402
from mockint.speech.asr import get_transcriber  # noqa: E402
from mockint.speech.cleanup import drop_hallucinations, refine_segment  # noqa: E402
from mockint.speech.regions import clip_spans, detect_speech  # noqa: E402
from mockint.speech.transcriber import FILLER_PROMPT, DecodeOptions  # noqa: E402

PROMPTS = {
    "none": None,
    "default": FILLER_PROMPT,
    "fillers-only": "Um, uh, so, er, I mean, hmm, uh, um.",
    "no-period": "Umm, so, uh, I was, like, hmm, thinking about it, er, you know",
    "period": "Umm, so, uh, I was, like, hmm, thinking about it, er, you know.",
}


def wer(refs: list[str], hyps: list[str]) -> float:
    import jiwer
    from whisper_normalizer.english import EnglishTextNormalizer

    norm = EnglishTextNormalizer()
    pairs = [(norm(r), norm(h)) for r, h in zip(refs, hyps, strict=True)]
    pairs = [(r, h if h.strip() else "<empty>") for r, h in pairs if r.strip()]
    return jiwer.wer([r for r, _ in pairs], [h for _, h in pairs])


def words_without_fillers(t) -> str:
    return " ".join(w.word for w in t.words if not is_filler(w.word))


def eval_prompts(engine: str, prompts: list[str]) -> None:
    normal = [(u, espeak(u.spoken, u.voice)) for u in corpus(NORMAL)]
    filled = [(u, espeak(u.spoken, u.voice)) for u in corpus(WITH_FILLERS)]
    base = get_transcriber(engine)
    print(f"{engine}: {len(normal)} normal + {len(filled)} filler utterances, voices {', '.join(VOICES)}")
    print(f"{'prompt':<14} {'fill P':>7} {'fill R':>7} {'false+':>7} {'WER norm':>9} {'WER fill':>9} {'s':>6}")
    for label in prompts:
        prompt, greedy = PROMPTS[label.removesuffix("+t0")], label.endswith("+t0")
        t = get_transcriber(engine)
        t.options = DecodeOptions(initial_prompt=prompt, temperature=(0.0,) if greedy else DecodeOptions.temperature)
        t._model = base.model  # share the loaded model
        t0 = time.perf_counter()
        n_hyp = [t.transcribe(a) for _, a in normal]
        f_hyp = [t.transcribe(a) for _, a in filled]
        dt = time.perf_counter() - t0
        tp = sum(min(h.filler_count, u.fillers) for (u, _), h in zip(filled, f_hyp, strict=True))
        det = sum(h.filler_count for h in f_hyp)
        truth = sum(u.fillers for u, _ in filled)
        false_normal = sum(h.filler_count for h in n_hyp)
        p = tp / (det + false_normal) if det + false_normal else 1.0
        r = tp / truth
        w_n = wer([u.text for u, _ in normal], [words_without_fillers(h) for h in n_hyp])
        w_f = wer([u.text for u, _ in filled], [words_without_fillers(h) for h in f_hyp])
        print(f"{label:<14} {p:7.2f} {r:7.2f} {false_normal:7d} {w_n:9.1%} {w_f:9.1%} {dt:6.1f}")


def eval_pauses(engine: str) -> None:
    """Sentences separated by known pauses: error of each sentence's first-word start and last-word end."""
    t = get_transcriber(engine)
    pauses = [1.5, 3.0, 2.0]
    errors = {"raw": ([], []), "refined": ([], [])}  # refined = what transcribe() returns
    for voice in VOICES:
        parts = [espeak(s, voice) for s in NORMAL[:4]]
        audio, spans = with_pauses(parts, pauses)
        duration = audio.size / 16000
        regions = detect_speech(audio, t.vad)
        raw = t.decode_clips(audio, clip_spans(regions, duration, t.vad))
        refined = [refine_segment(s, regions, duration) for s in drop_hallucinations(raw, regions)]
        cuts = [(spans[i][1] + spans[i + 1][0]) / 2 for i in range(len(spans) - 1)] + [float("inf")]
        for label, segs in (("raw", raw), ("refined", refined)):
            words = [w for s in segs for w in s.words]
            for (s_true, e_true), lo, hi in zip(spans, [0.0] + cuts[:-1], cuts, strict=True):
                part = [w for w in words if lo <= (w.start + w.end) / 2 < hi]
                if part:
                    errors[label][0].append(part[0].start - s_true)
                    errors[label][1].append(part[-1].end - e_true)
    print(f"\n{engine}: sentence boundaries around pauses of {pauses} s ({len(VOICES)} voices, seconds, + = late)")
    print(f"{'times':<8} {'start mean|err|':>16} {'start max|err|':>15} {'end mean|err|':>14} {'end max|err|':>13}")
    for label, (starts, ends) in errors.items():
        s, e = np.abs(starts), np.abs(ends)
        print(f"{label:<8} {s.mean():16.3f} {s.max():15.3f} {e.mean():14.3f} {e.max():13.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--engine", default="faster-whisper")
    ap.add_argument("--skip-prompts", action="store_true")
    ap.add_argument("--prompts", nargs="+", default=["none", "default"],
                    help=f"from {', '.join(PROMPTS)}; a +t0 suffix disables temperature fallback")
    args = ap.parse_args()
    if not args.skip_prompts:
        eval_prompts(args.engine, args.prompts)
    eval_pauses(args.engine)


if __name__ == "__main__":
    main()
