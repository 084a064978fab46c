"""`mockint eval scoring`: the metrics, the corpus, and the scorer's agreement with the graded held-out half."""

import subprocess
import sys
from pathlib import Path

import pytest

from mockint.errors import MockintError
from mockint.scoring.rubric import score_answer
from mockint.library.store import find_scenario
from mockint.evaluation.scoring import GRADED_FLAGS, auc, evaluate_scoring, load_corpus, spearman
from mockint.meaning.lessons import shared_reader
from mockint.scoring.transcript import Transcript

CORPUS = Path(__file__).resolve().parent / "corpus"


def test_spearman_and_auc_on_known_values():
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 2, 2, 3], [1, 2, 3, 4]) == pytest.approx(0.9486832980505138)  # ties get average ranks
    assert auc([3, 4], [1, 2]) == 1.0 and auc([1], [1]) == 0.5 and auc([1, 3], [2]) == 0.5


def test_bad_corpus_file_is_one_line(tmp_path):
    (tmp_path / "x.toml").write_text('scenario = "s"\n[[answers]]\nid = "a"\ngrade = 120\nverdict = "Hire"\ntext = "t"\n')
    with pytest.raises(MockintError, match=r"x.toml: answers\[0\]"):
        load_corpus(tmp_path)
    (tmp_path / "x.toml").write_text('scenario = "s"\n[[answers]]\nid = "a"\ngrade = 50\nverdict = "Hire"\nflags = ["nope"]\ntext = "t"\n')
    with pytest.raises(MockintError, match="unknown"):
        load_corpus(tmp_path)


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(CORPUS)


def test_corpus_is_large_varied_and_consistent(corpus):
    assert len(corpus) >= 80
    assert len({find_scenario(a.scenario).principles[0] for a in corpus}) >= 6
    for a in corpus:
        lower = {"Strong Hire": 85, "Hire": 70, "Lean Hire": 55, "Lean No Hire": 35, "No Hire": 0}[a.verdict]
        assert a.grade >= lower, a.id
    halves = [a.split for a in corpus]
    assert 0.35 < halves.count("heldout") / len(halves) < 0.65


def _score(a):
    r = score_answer(Transcript.from_text(a.text), find_scenario(a.scenario), a.level, lessons=shared_reader())
    return r.overall.score, r.overall.verdict, set(r.flag_codes())


@pytest.fixture(scope="module")
def heldout(corpus):
    return evaluate_scoring(corpus, _score, "heldout")


def test_heldout_agreement_with_the_bar_raiser(heldout):
    """Floors under today's held-out figures (README): a change that loses agreement fails here."""
    print(heldout.table(details=True))
    # 141 answers since session 3 (44 written blind to the scorer, four new principles); session 5 measured
    # Spearman 0.908, MAE 7.3, exact 69%, within one 97%, no bound missed
    assert heldout.spearman >= 0.88
    assert heldout.mae <= 8.5
    assert heldout.within_one >= 0.93
    # 0.60 until session 10: the weights are now fitted on two graders (tests/corpus/graded_train), which cost the
    # held-out half 66% -> 58% exact and won the fresh set (other graders) 38% -> 45% (README)
    assert heldout.exact >= 0.55
    assert heldout.auc >= 0.97
    assert not heldout.bound_misses()


def test_fresh_answers_by_other_graders():
    """tests/corpus/graded_fresh: 64 answers written and graded blind by other authors in session 10, never
    tuned on. Floors under its figures (README): the scorer on answers and graders it has not seen."""
    fresh = evaluate_scoring(load_corpus(CORPUS / "graded_fresh"), _score, "all")
    print(fresh.table(details=True))
    assert fresh.n >= 60
    assert fresh.spearman >= 0.78 and fresh.mae <= 11.5 and fresh.within_one >= 0.9 and fresh.auc >= 0.97


def test_the_fit_keeps_fixed_weights_and_learns_a_grader_offset():
    """fit_weights: `fixed` weights stay at the prior, and a second grader's leniency goes to its offset feature."""
    import random

    from mockint.evaluation.scoring import GRADER_OFFSET, fit_weights

    rng = random.Random(1)
    rows = []
    for i in range(200):
        f = {"a": rng.random(), "lvl": float(i % 2), GRADER_OFFSET: float(i % 3 == 0)}
        rows.append((f, 20 + 30 * f["a"] - 3 * f["lvl"] + 8 * f[GRADER_OFFSET]))
    ic, w = fit_weights(rows, 20.0, {"a": 30.0, "lvl": -9.0, GRADER_OFFSET: 0.0}, ridge=0.01, fixed=("lvl",))
    assert w["lvl"] == -9.0 and w["a"] == pytest.approx(30, abs=1) and w[GRADER_OFFSET] == pytest.approx(8, abs=0.5)


@pytest.mark.parametrize("code", GRADED_FLAGS)
def test_heldout_flag_precision_and_recall_floor(heldout, code):
    st = next(s for s in heldout.flag_stats() if s.code == code)
    assert st.precision >= 0.6 and st.recall >= 0.5, (st, heldout.table(details=True))


@pytest.mark.xfail(strict=True, reason="issue 10's targets are not all met yet (Spearman 0.92, exact 70%, flag recall 0.9): see the README")
def test_heldout_meets_the_issue_targets(heldout):
    assert heldout.spearman >= 0.92 and heldout.mae <= 8.0 and heldout.exact >= 0.70 and heldout.within_one >= 0.95
    assert all(st.precision >= 0.9 and st.recall >= 0.9 for st in heldout.flag_stats())


def test_eval_scoring_cli_prints_the_figures(tmp_path):
    """The command's output (the figures themselves are checked in-process above): one scenario's file."""
    import shutil

    (tmp_path / "scoring").mkdir()
    shutil.copy(CORPUS / "scoring" / "customer-obsession-webhook.toml", tmp_path / "scoring")
    out = subprocess.run([sys.executable, "-m", "mockint", "eval", "scoring", str(tmp_path), "--split", "both"], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert "calibration half" in out.stdout and "heldout half" in out.stdout
    for word in ("Spearman", "MAE", "verdict exact", "within one", "AUC", "no_quantified_result"):
        assert word in out.stdout


# -- each flag alone, on the blind stress snippets (tests/corpus/stress) ------------------------------------
STRESS_FLOORS = {  # held-out half, measured in session 7: 84% (76% by the words alone), 92% (87% before), 91%, 100%, 81%
    "generic_reflection": 0.80, "escalation": 0.88, "no_quantified_result": 0.86, "we_language": 0.9, "missing_scope_boundary": 0.76,
}


@pytest.mark.parametrize("code", sorted(STRESS_FLOORS))
def test_each_flag_on_the_blind_snippets(code):
    """Held-out accuracy of each flag on snippets written by someone who never saw the scorer."""
    from mockint.evaluation.flags import STRESS, evaluate_stress, load_stress, table

    stress = next(s for s in STRESS if s.code == code)
    result = evaluate_stress(
        load_stress(CORPUS / "stress", stress),
        stress,
        lambda text, level, scenario: set(
            score_answer(Transcript.from_text(text), find_scenario(scenario), level, lessons=shared_reader()).flag_codes()
        ),
    )
    assert result.n >= 30
    assert result.accuracy >= STRESS_FLOORS[code], table([result])


def test_eval_flags_cli_and_a_bad_stress_file(tmp_path):
    """The command's output on two of the stress files (each flag's figures are checked in-process above)."""
    import shutil

    some = tmp_path / "some"
    some.mkdir()
    for name in ("escalation.toml", "quantified.toml"):
        shutil.copy(CORPUS / "stress" / name, some)
    out = subprocess.run([sys.executable, "-m", "mockint", "eval", "flags", str(some), "--split", "both"], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    for word in ("escalation", "no_quantified_result", "calibration", "heldout", "precision"):
        assert word in out.stdout
    assert "generic_reflection" not in out.stdout  # only the files that are there
    (tmp_path / "reflection.toml").write_text('[[cases]]\ntext = "I learned a lot."\n', encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "mockint", "eval", "flags", str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "reflection.toml: cases[0]: 'generic' is required" in bad.stderr.strip().splitlines()[-1]
