"""`mockint eval`: the scorer against graded answers, STAR segmentation against ground truth."""

from __future__ import annotations

import argparse
from pathlib import Path

from mockint.cli.console import say
from mockint.errors import MockintError

DEFAULT_CORPUS = "tests/corpus"  # the graded answers of `mockint eval scoring`
DEFAULT_STRESS = "tests/corpus/stress"  # the labelled snippets of `mockint eval flags`
GRADED_TRAIN = "graded_train"  # graded answers beside the corpus that only the fit reads (`--fit`), written blind


def cmd_eval(args: argparse.Namespace) -> int:
    if args.target == "scoring":
        return _eval_scoring(args)
    if args.target == "flags":
        return _eval_flags(args)
    folder = args.folder if args.target == "segmentation" else args.target
    if not folder:
        raise MockintError("mockint eval segmentation: give the folder of audio files (e.g. audio_fixtures)")
    from mockint.evaluation.segmentation import evaluate_dir
    from mockint.speech.asr import get_transcriber

    summary = evaluate_dir(folder, args.scenario, get_transcriber(args.engine, args.model))
    say(summary.table())
    return 0


def _scorer(args: argparse.Namespace):
    """score_answer as the product runs it: the reflection read by its meaning (unless --words-only)."""
    from functools import partial

    from mockint.scoring.rubric import score_answer

    if args.words_only:
        return score_answer
    from mockint.meaning.lessons import shared_reader

    return partial(score_answer, lessons=shared_reader())


def _fit_grading(corpus, train, score_answer, find_scenario, Transcript) -> None:
    """Refit data/grading.toml's [fitted] weights on the corpus's calibration half `corpus` and the graded
    training answers `train` (a developer's step). The training set's graders may be more or less lenient than
    the corpus's: a grader offset is fitted with the weights and left out, so grades keep the corpus's scale;
    the verdict bands are fitted on the calibration half."""
    import tomllib
    from importlib import resources

    from mockint.evaluation.scoring import GRADER_OFFSET, fit_bands, fit_weights, write_fitted
    from mockint.scoring import grading

    rows = []
    for a, other in [*((a, 0.0) for a in corpus), *((a, 1.0) for a in train)]:
        r = score_answer(Transcript.from_text(a.text), find_scenario(a.scenario), a.level)
        rows.append(({**{p.feature: p.value for p in r.overall.breakdown}, GRADER_OFFSET: other}, a.grade))
    path = Path(str(resources.files("mockint").joinpath("data/grading.toml")))
    prior = tomllib.loads(path.read_text(encoding="utf-8"))["prior"]
    # the level's bar is the rubric's, not the corpus's: each answer is graded at one level only, so the corpus
    # cannot tell what the level itself is worth (grading.LEVEL_FEATURES keep their prior)
    intercept, weights = fit_weights(rows, prior["intercept"], {**prior["weights"], GRADER_OFFSET: 0.0}, fixed=grading.LEVEL_FEATURES)
    offset = weights.pop(GRADER_OFFSET)
    note = f"ridge fit on {len(corpus)} calibration answers and {len(train)} graded training answers (their graders {offset:+.1f})"
    write_fitted(path, intercept, weights, note)
    grading.load_weights.cache_clear()
    # then the verdict bands, on the calibration half, for the refitted scores
    scored = [(score_answer(Transcript.from_text(a.text), find_scenario(a.scenario), a.level).overall.score, a.grade) for a in corpus]
    bands = fit_bands(scored, grading.VERDICT_BANDS)
    write_fitted(path, intercept, weights, note, bands)
    grading.load_weights.cache_clear()
    say(f"fitted {len(weights)} weights on {len(rows)} graded answers: {path} ({note})")


def _eval_scoring(args: argparse.Namespace) -> int:
    from mockint.evaluation.scoring import evaluate_scoring, load_corpus
    from mockint.library.store import find_scenario
    from mockint.scoring.transcript import Transcript

    score_answer = _scorer(args)
    answers = load_corpus(args.folder or DEFAULT_CORPUS)
    cache: dict = {}

    def score(a):
        sc = cache.get(a.scenario) or cache.setdefault(a.scenario, find_scenario(a.scenario))
        r = score_answer(Transcript.from_text(a.text), sc, a.level)
        return r.overall.score, r.overall.verdict, set(r.flag_codes())

    if args.fit:  # the calibration half, and the graded training answers beside the corpus (never the held-out half)
        train = Path(args.folder or DEFAULT_CORPUS) / GRADED_TRAIN
        corpus = [a for a in answers if a.split == "calibration"]
        _fit_grading(corpus, load_corpus(train) if train.is_dir() else [], score_answer, find_scenario, Transcript)
    splits = ("calibration", "heldout") if args.split == "both" else (args.split,)
    for split in splits:
        say(evaluate_scoring(answers, score, split).table(details=args.details))
    return 0


def _eval_flags(args: argparse.Namespace) -> int:
    from mockint.evaluation.flags import STRESS, evaluate_stress, load_stress, table
    from mockint.library.store import find_scenario
    from mockint.scoring.transcript import Transcript

    score_answer = _scorer(args)
    scenarios: dict = {}

    def flags_of(text: str, level: str, scenario: str) -> set[str]:
        sc = scenarios.get(scenario) or scenarios.setdefault(scenario, find_scenario(args.scenario or scenario))
        return set(score_answer(Transcript.from_text(text), sc, level).flag_codes())

    folder = args.folder or DEFAULT_STRESS
    splits = ("calibration", "heldout") if args.split == "both" else (args.split,)
    loaded = [(s, load_stress(folder, s)) for s in STRESS]
    if all(cases is None for _, cases in loaded):
        raise MockintError(f"{folder}: no stress files ({', '.join(s.file for s in STRESS)})")
    results = [evaluate_stress(cases, s, flags_of, split) for s, cases in loaded if cases is not None for split in splits]
    say(table(results, details=args.details))
    return 0
