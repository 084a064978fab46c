#!/usr/bin/env python3
"""Build `audio_fixtures/corpus/`: the spoken subset of the graded scoring corpus (tests/corpus/scoring).

    .venv/bin/python scripts/make_corpus_audio.py             # rewrite every file of the subset
    .venv/bin/python scripts/make_corpus_audio.py ID ...       # only these answers
    .venv/bin/python scripts/make_corpus_audio.py --wer        # then transcribe with the default engine
                                                               # (faster-whisper, embedded tiny.en): WER
    .venv/bin/python scripts/make_corpus_audio.py --out DIR    # build into another folder

The answers listed in SPOKEN are synthesized with espeak-ng exactly as scripts/make_fixtures.py makes its
fixtures, reusing its code: every sentence on its own (`make_fixtures.espeak`: 22050 -> 16 kHz, trimmed at
TRIM_DB), digital silence between sentences (uniform in SENTENCE_GAP, seeded by the id) and a longer gap
between paragraphs (PARAGRAPH_GAP), LEAD_IN and TAIL around the answer, one gain to a -3 dBFS peak, Ogg
Vorbis at OGG_QUALITY with the stream serial pinned (`make_fixtures.pin_ogg_serial`), so a rebuild with the
same espeak-ng gives byte-identical files.

Beside each `<id>.ogg`, `<id>.json`: id, scenario, level, grade, voice, speed, duration, text (the corpus
answer, verbatim) and, when it differs, `spoken` (what espeak-ng was given: SAY_AS rewrites a few tokens
whose espeak-ng reading Whisper would not write back the same way, e.g. "$8K"). The scorer's text baseline
uses `text`; `mockint.evaluation.spoken` compares it with the Whisper transcript of the audio.

The subset spans the grade range and at least six scenarios; its total audio is kept under BUDGET_BYTES (the
corpus's very long answers, `over_budget`, are not in it). Voices and speeds are the ones make_fixtures uses,
chosen so that tiny.en transcribes the answers with a low WER (`--wer` prints it).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import make_fixtures as mf  # noqa: E402  (espeak(), pin_ogg_serial(), hash_name(), the constants)

CORPUS = ROOT / "tests" / "corpus"
OUT = ROOT / "audio_fixtures" / "corpus"
PARAGRAPH_GAP = (0.8, 1.1)  # between the paragraphs of an answer (a blank line in the corpus text)
BUDGET_BYTES = 3_000_000  # the whole folder

# (id, espeak-ng voice, words per minute). The voices and speeds of make_fixtures (en-us 150-170, en-gb
# 145-160, en-us+f2 165, en-us+f3 160); for each answer, one of the lowest-WER ones when every candidate was
# transcribed by tiny.en (then the faster one, and a mix of voices across the grade bands). 16 answers,
# 9 scenarios, grades 10-93.
SPOKEN: tuple[tuple[str, str, int], ...] = (
    # strong (grade >= 85)
    ("webhook-model-strong-sde1", "en-us+f2", 165),
    ("memleak-model-strong-sde2", "en-us", 165),
    # concise strong / good (68-80)
    ("flaky-ci-concise-strong", "en-gb", 155),
    ("deadline-concise-strong-provider-api", "en-us+f3", 160),
    ("trust-concise-stale-prices", "en-gb", 155),
    ("release-config-concise-six-facts", "en-gb", 145),
    ("backbone-db-concise-redis-ttl", "en-us", 165),
    # medium (55-69)
    ("webhook-medium-order-status", "en-gb", 155),
    ("warehouse-medium-s3-lifecycle", "en-us", 150),
    # we-heavy (42-52)
    ("flaky-ci-we-heavy", "en-us", 170),
    ("trust-we-heavy-index-migration-sde1", "en-gb", 155),
    # decoys (fluent, thin: 30-38)
    ("backbone-db-decoy-manager-nudge", "en-us", 160),
    ("deadline-decoy-aligned-stakeholders", "en-us", 160),
    # weak (10-36)
    ("webhook-model-weak-sde2", "en-us", 170),
    ("warehouse-weak-test-databases-sde1", "en-gb", 160),
    ("deadline-weak-blames-management", "en-us+f3", 160),
)
SPOKEN_IDS: tuple[str, ...] = tuple(i for i, _, _ in SPOKEN)

# How espeak-ng is told to say a token, where its own reading would not come back from Whisper as the
# same token (applied to the espeak-ng input only; the JSON `text` stays the corpus answer).
SAY_AS: tuple[tuple[str, str], ...] = (
    (r"\bSDE ?(\d)\b", r"S D E \1"),  # make_fixtures: "SDE2" -> "S D E two"
    (r"\$(\d+)K\b", r"\1 thousand dollars"),  # "$8K": espeak-ng says "dollar eight K"
    (r"\bOOM\b", "O O M"),
    (r"\bLRU\b", "L R U"),
    (r"\bTTL(s?)\b", r"T T L\1"),
    (r"\bPR\b", "P R"),
    (r"\bNeo4j\b", "Neo four J"),
    (r"\bDevProd\b", "Dev Prod"),
    (r"\bcodemod\b", "code mod"),
)

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(A-Z0-9$])")


def paragraphs(text: str) -> list[list[str]]:
    """The answer's paragraphs (split at blank lines), each a list of sentences."""
    out = []
    for para in re.split(r"\n\s*\n", text.strip()):
        para = " ".join(para.split())
        if para:
            out.append([s.strip() for s in _SENTENCE_END.split(para) if s.strip()])
    return out


def say_as(sentence: str) -> str:
    for pattern, spoken in SAY_AS:
        sentence = re.sub(pattern, spoken, sentence)
    return sentence


def build(answer, voice: str, speed: int, tmp: Path) -> tuple[np.ndarray, dict]:
    """The samples of one answer and its JSON (without file/duration)."""
    rng = np.random.default_rng(abs(mf.hash_name(answer.id)))
    parts = [np.zeros(int(mf.LEAD_IN * mf.SR), np.float32)]
    spoken_paras = []
    for pi, sentences in enumerate(paragraphs(answer.text)):
        if pi > 0:
            parts.append(np.zeros(int(round(rng.uniform(*PARAGRAPH_GAP) * mf.SR)), np.float32))
        said = []
        for si, sentence in enumerate(sentences):
            if si > 0:
                parts.append(np.zeros(int(round(float(np.round(rng.uniform(*mf.SENTENCE_GAP), 3)) * mf.SR)), np.float32))
            s = say_as(sentence)
            parts.append(mf.espeak(s, voice, speed, tmp))
            said.append(s)
        spoken_paras.append(" ".join(said))
    parts.append(np.zeros(int(mf.TAIL * mf.SR), np.float32))
    audio = np.concatenate(parts)
    audio *= mf.PEAK / float(np.max(np.abs(audio)))
    spoken = "\n\n".join(spoken_paras)
    info = {"id": answer.id, "scenario": answer.scenario, "level": answer.level, "kind": answer.kind,
            "grade": answer.grade, "voice": voice, "speed": speed, "text": answer.text}
    if spoken != "\n\n".join(" ".join(p) for p in paragraphs(answer.text)):
        info["spoken"] = spoken
    return audio, info


def write(out: Path, audio: np.ndarray, info: dict, version: str) -> Path:
    path = out / f"{info['id']}.ogg"
    audio = np.clip(audio, -1.0, 1.0).astype(np.float32)
    sf.write(path, audio, mf.SR, format="OGG", subtype="VORBIS", compression_level=mf.OGG_QUALITY)
    mf.pin_ogg_serial(path, mf.hash_name(info["id"]) & 0x7FFFFFFF)
    frames = sf.info(path).frames
    info = {"file": path.name, **info, "sample_rate": mf.SR, "num_samples": int(frames),
            "duration": round(frames / mf.SR, 3), "synthesis": version}
    (out / f"{info['id']}.json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n")
    return path


def wer_report(ids: list[str], out: Path) -> None:
    """Transcribe with mockint's default engine and print the WER of each answer against `spoken`."""
    import jiwer
    from whisper_normalizer.english import EnglishTextNormalizer

    from mockint.speech.asr import get_transcriber
    from mockint.speech.audio import load_audio

    norm = EnglishTextNormalizer()

    def clean(t: str) -> str:  # as make_fixtures.wer_report: "S D E two" -> "SDE two"
        return norm(re.sub(r"\b([A-Za-z])[ .-](?=[A-Za-z]\b)", r"\1", t))

    tr = get_transcriber("faster-whisper", None)
    refs, hyps = [], []
    for i in ids:
        info = json.loads((out / f"{i}.json").read_text())
        hyp = tr.transcribe(load_audio(out / info["file"])).text
        ref = info.get("spoken", info["text"])
        refs.append(clean(ref))
        hyps.append(clean(hyp) or "<empty>")
        print(f"{i:44s} {info['voice']:9s} {info['duration']:6.1f}s WER {jiwer.wer(refs[-1], hyps[-1]):6.1%}")
    print(f"{'all ' + str(len(ids)):44s} {'':9s} {'':7s} WER {jiwer.wer(refs, hyps):6.1%}")


def main(argv: list[str] | None = None) -> int:
    from mockint.evaluation.scoring import load_corpus

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ids", nargs="*", help="only these answers (ids in SPOKEN)")
    ap.add_argument("--wer", action="store_true", help="print the default engine's WER of each answer")
    ap.add_argument("--no-build", action="store_true", help="with --wer: do not regenerate first")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="corpus folder (default: tests/corpus)")
    ap.add_argument("--out", type=Path, default=OUT, help="output folder (default: audio_fixtures/corpus)")
    args = ap.parse_args(argv)
    voices = {i: (v, s) for i, v, s in SPOKEN}
    ids = args.ids or list(SPOKEN_IDS)
    unknown = [i for i in ids if i not in voices]
    if unknown:
        ap.error(f"not in SPOKEN: {', '.join(unknown)}")
    answers = {a.id: a for a in load_corpus(args.corpus)}
    missing = [i for i in ids if i not in answers]
    if missing:
        ap.error(f"not in the corpus: {', '.join(missing)}")
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.ids:  # a full rebuild also removes answers no longer in the subset
        for stale in args.out.iterdir():
            if stale.suffix in (".json", ".ogg") and stale.stem not in voices:
                stale.unlink()
                print(f"removed {stale}")
    if not args.no_build:
        version = mf.espeak_version()
        with tempfile.TemporaryDirectory() as d:
            for i in ids:
                audio, info = build(answers[i], *voices[i], Path(d))
                p = write(args.out, audio, info, version)
                print(f"{p}  {sf.info(p).duration:6.2f} s  {p.stat().st_size / 1024:7.1f} KiB")
    total = sum(p.stat().st_size for p in args.out.glob("*") if p.is_file())
    print(f"{args.out}: {total / 1e6:.2f} MB" + ("" if total <= BUDGET_BYTES else f"  OVER the {BUDGET_BYTES / 1e6:g} MB budget"))
    if args.wer:
        wer_report(ids, args.out)
    return 0 if total <= BUDGET_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
