"""Fit the lesson reader (mockint/data/lessons.json) on hand-labelled lessons only.

    .venv/bin/python scripts/fit_lessons.py [--check]

Training data: the calibration half of tests/corpus/stress/reflection.toml, every file of
tests/corpus/lessons/ (train.toml, train_people.toml), and the lessons of the calibration half of the graded scoring corpus
(tests/corpus/scoring: each answer's lesson as the scorer hands it to the reader, labelled by whether the
Bar Raiser expects `generic_reflection`). Never a held-out half, never tests/corpus/validation: those
measure it. The L2 strength is chosen by 5-fold cross-validation on the training data
alone. Texts are normalized as the scorer normalizes a transcript (lowercase, no punctuation, numbers as
digits) so the model sees what it will see in a session. `--check` refits and fails if the stored weights
differ (the fit is deterministic).
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

import numpy as np

from mockint.evaluation.flags import STRESS, load_stress
from mockint.evaluation.scoring import load_corpus
from mockint.library.store import find_scenario
from mockint.meaning.encoder import MODEL_NAME, shared_encoder
from mockint.meaning.lessons import LessonModel, cross_validated, fit
from mockint.scoring.lesson import lesson_text
from mockint.scoring.rubric import score_answer
from mockint.scoring.text import Text
from mockint.scoring.transcript import Transcript

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "mockint" / "data" / "lessons.json"
STRENGTHS = (0.001, 0.003, 0.01, 0.03, 0.1)
CHECK_TOLERANCE = 1e-3  # float sums differ in their last bits with batching and BLAS; a changed fit moves far more


def normalized(text: str) -> str:
    """The lesson as the scorer hands it to the reader: normalized, cue left out (scoring.lesson.lesson_text)."""
    t = Text(Transcript.from_text(text).words, 0)
    return lesson_text([t.text[a:b] for a, b in t.sentences()]) or t.text


def training() -> tuple[list[str], list[bool], list[str]]:
    stress = next(s for s in STRESS if s.code == "generic_reflection")
    cases = [c for c in load_stress(ROOT / "tests/corpus/stress", stress) or [] if c.split == "calibration"]
    texts = [normalized(c.text) for c in cases]
    labels = [bool(c.generic) for c in cases]
    sources = [f"tests/corpus/stress/reflection.toml (calibration half): {len(cases)}"]
    for extra in sorted((ROOT / "tests/corpus/lessons").glob("*.toml")):  # train.toml, train_people.toml, ...
        more = tomllib.loads(extra.read_text(encoding="utf-8"))["cases"]
        texts += [normalized(c["text"]) for c in more]
        labels += [bool(c["generic"]) for c in more]
        sources.append(f"tests/corpus/lessons/{extra.name}: {len(more)}")
    graded = graded_lessons()  # already as the scorer hands them to the reader
    texts += [t for t, _ in graded]
    labels += [g for _, g in graded]
    sources.append(f"tests/corpus/scoring (calibration half, the answers' lessons): {len(graded)}")
    return texts, labels, sources


class _Recorder:
    """A LessonReader that only records the lesson it is asked about (and calls nothing a platitude)."""

    def __init__(self) -> None:
        self.heard: list[str] = []

    def platitude(self, lesson: str) -> float:
        self.heard.append(lesson)
        return 0.0


def graded_lessons() -> list[tuple[str, bool]]:
    """(lesson, generic) of each calibration answer of the graded corpus that offers a lesson."""
    out = []
    for a in load_corpus(ROOT / "tests/corpus"):
        if a.split != "calibration":
            continue
        rec = _Recorder()
        score_answer(Transcript.from_text(a.text), find_scenario(a.scenario), a.level, lessons=rec)
        if rec.heard:
            out.append((rec.heard[-1], "generic_reflection" in a.flags))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if the stored weights are not what a refit gives")
    args = ap.parse_args()
    texts, labels, sources = training()
    x = shared_encoder().encode(texts).astype(np.float64)
    y = np.array(labels, float)
    scores = {s: cross_validated(x, y, s) for s in STRENGTHS}
    best = max(STRENGTHS, key=lambda s: (scores[s], s))  # ties go to the stronger regularisation
    w, b = fit(x, y, best)
    about = {
        "model": MODEL_NAME,
        "fitted_by": "scripts/fit_lessons.py",
        "trained_on": sources,
        "examples": len(y),
        "platitudes": int(y.sum()),
        "l2_strength": best,
        "cross_validated_accuracy": {str(s): round(a, 3) for s, a in scores.items()},
    }
    text = LessonModel(w, b, about).to_json()
    for s, a in scores.items():
        print(f"  strength {s:<6} cross-validated accuracy {a:.3f}{'  <- chosen' if s == best else ''}")
    if args.check:
        stored = LessonModel.from_json(OUT.read_text(encoding="utf-8")) if OUT.exists() else None
        same = (
            stored is not None
            and stored.about == about
            and float(np.abs(stored.weights - w).max()) < CHECK_TOLERANCE
            and abs(stored.bias - b) < CHECK_TOLERANCE
        )
        print("stored weights match a refit" if same else f"{OUT} differs from a refit: run scripts/fit_lessons.py")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(y)} examples ({int(y.sum())} platitudes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
