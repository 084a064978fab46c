"""The scorer on real Whisper transcripts of spoken corpus answers agrees with the grades as well as on text.

audio_fixtures/corpus/ is the spoken subset of tests/corpus (scripts/make_corpus_audio.py): each answer is
transcribed by the default engine (faster-whisper, embedded tiny.en) and scored from the transcript and from
its corpus text; the two Spearman correlations with the human grades must be within 0.03.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from mockint.evaluation.scoring import load_corpus
from mockint.evaluation.spoken import (
    SpokenRow,
    audio_file,
    score_rows,
    spearmans,
    spoken_vs_text,
    transcribe_subset,
)
from mockint.scoring.transcript import Transcript

ROOT = Path(__file__).resolve().parents[1]
AUDIO_DIR = ROOT / "audio_fixtures" / "corpus"
CORPUS_DIR = ROOT / "tests" / "corpus"
MAX_GAP = 0.03
MAX_DELTA = 15.0  # points between an answer scored as text and as transcribed speech (measured 2026-12-03, the same at
# 0a56d85 and now: flaky-ci-concise-strong moves 13.9, tiny.en hearing "flakes fell to 2%" as "fail to 2%" and
# "by flip rate" as "I flip rate", and a 35 s answer getting the timing flags a text answer cannot get; the rest <= 6)


def subset_ids() -> list[str]:
    return sorted(p.stem for p in AUDIO_DIR.glob("*.json"))


# -- pure parts ---------------------------------------------------------------------------------


def _answer(i: str, grade: float, text: str = "I fixed it."):
    from mockint.evaluation.scoring import GradedAnswer

    return GradedAnswer(id=i, scenario="x", grade=grade, verdict="Hire", text=text)


def test_spoken_vs_text_with_a_fake_scorer():
    answers = [_answer("a", 90, "good good good"), _answer("b", 50, "good"), _answer("c", 10, "bad"), _answer("d", 70)]
    heard = {"a": Transcript.from_text("good good good"), "b": Transcript.from_text("bad"), "c": Transcript.from_text("good")}

    def score(t: Transcript, a) -> float:
        return t.text.split().count("good") * 10.0

    text, spoken, n = spoken_vs_text(answers, heard, score)
    assert n == 3  # "d" has no transcript
    assert text == pytest.approx(1.0)
    assert spoken == pytest.approx(0.5)
    rows = score_rows(answers, heard, score)
    assert rows[1] == SpokenRow("b", 50, 10.0, 0.0) and rows[1].delta == -10.0
    assert spearmans(rows) == (text, spoken, n)


def test_every_subset_file_is_a_corpus_answer_with_audio():
    corpus = {a.id: a for a in load_corpus(CORPUS_DIR)}
    ids = subset_ids()
    assert len(ids) >= 16
    assert set(ids) <= set(corpus)
    assert len({corpus[i].scenario for i in ids}) >= 6
    grades = [corpus[i].grade for i in ids]
    assert min(grades) <= 20 and max(grades) >= 85
    for i in ids:
        meta = json.loads((AUDIO_DIR / f"{i}.json").read_text())
        assert meta["id"] == i and meta["text"] == corpus[i].text, i  # built from the current corpus text
        assert audio_file(AUDIO_DIR, i) is not None, i
    assert sum(p.stat().st_size for p in AUDIO_DIR.iterdir()) < 3_000_000


# -- the real default engine ----------------------------------------------------------------------


def _wer(ref: str, hyp: str) -> float:
    import jiwer
    from whisper_normalizer.english import EnglishTextNormalizer

    norm = EnglishTextNormalizer()

    def clean(t: str) -> str:  # spelled letters as one token: "S D E two" -> "SDE two"
        return norm(re.sub(r"\b([A-Za-z])[ .-](?=[A-Za-z]\b)", r"\1", t))

    return jiwer.wer(clean(ref), clean(hyp) or "<empty>")


@pytest.mark.slow
def test_spoken_spearman_within_003_of_text(transcriber):
    ids = set(subset_ids())
    answers = [a for a in load_corpus(CORPUS_DIR) if a.id in ids]
    t0 = time.perf_counter()
    heard = transcribe_subset(answers, AUDIO_DIR, transcriber)
    t_asr = time.perf_counter() - t0
    t0 = time.perf_counter()
    rows = score_rows(answers, heard)
    t_score = time.perf_counter() - t0
    text, spoken, n = spearmans(rows)

    audio_s = 0.0
    print(f"\n{'answer':<44} {'grade':>5} {'text':>6} {'spoken':>6} {'delta':>6} {'WER':>6} {'sec':>6}")
    for r in sorted(rows, key=lambda r: -abs(r.delta)):
        meta = json.loads((AUDIO_DIR / f"{r.id}.json").read_text())
        audio_s += meta["duration"]
        w = _wer(meta.get("spoken", meta["text"]), heard[r.id].text)
        print(f"{r.id:<44} {r.grade:5.0f} {r.text_score:6.1f} {r.spoken_score:6.1f} {r.delta:+6.1f} {w:6.1%} {meta['duration']:6.1f}")
    print(f"Spearman text {text:.3f}, spoken {spoken:.3f}, |gap| {abs(spoken - text):.3f} over {n} answers; "
          f"transcription {t_asr:.1f} s for {audio_s:.0f} s of audio, scoring {t_score:.2f} s")
    assert n == len(ids)
    # speech must not cost agreement with the grades: the spoken Spearman at most MAX_GAP below the text's
    # (above it is rank noise on 16 answers: measured 0.949 spoken against 0.914 text), and no answer's
    # score moves more than MAX_DELTA points between its text and its recording
    assert spoken >= text - MAX_GAP
    assert max(abs(r.delta) for r in rows) <= MAX_DELTA, sorted(rows, key=lambda r: -abs(r.delta))[0]
