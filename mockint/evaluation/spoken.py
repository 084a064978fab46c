"""The scorer on spoken answers: the graded corpus as text against the same answers as Whisper heard them.

`audio_fixtures/corpus/` holds a subset of the scoring corpus (tests/corpus) synthesized by
`scripts/make_corpus_audio.py`: `<id>.ogg` beside `<id>.json`. `transcribe_subset` turns those files into
transcripts with a real engine; `spoken_vs_text` scores each answer twice, from its corpus text (untimed,
as `mockint eval scoring` does) and from its transcript (timed, with Whisper's spelling of numbers and
acronyms), and gives the Spearman correlation with the human grades of each. Everything here is pure except
the transcription call.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mockint.evaluation.scoring import GradedAnswer, spearman
from mockint.scoring.transcript import Transcript

ScoreFn = Callable[[Transcript, GradedAnswer], float]


def audio_file(audio_dir: str | Path, answer_id: str) -> Path | None:
    """The audio of one answer in `audio_dir` (the `file` its JSON names, else `<id>.ogg`), or None."""
    folder = Path(audio_dir)
    meta = folder / f"{answer_id}.json"
    if meta.is_file():
        path = folder / json.loads(meta.read_text(encoding="utf-8")).get("file", f"{answer_id}.ogg")
    else:
        path = folder / f"{answer_id}.ogg"
    return path if path.is_file() else None


def transcribe_subset(answers: Iterable[GradedAnswer], audio_dir: str | Path, transcriber) -> dict[str, Transcript]:
    """{answer id: transcript} for every answer that has audio in `audio_dir`; the others are left out.
    `transcriber` is a `mockint.speech.transcriber.Transcriber` (e.g. `get_transcriber("faster-whisper", None)`)."""
    from mockint.speech.audio import load_audio

    out: dict[str, Transcript] = {}
    for a in answers:
        path = audio_file(audio_dir, a.id)
        if path is not None:
            out[a.id] = transcriber.transcribe(load_audio(path))
    return out


@lru_cache(maxsize=None)
def _scenario(ref: str):
    from mockint.library.store import find_scenario

    return find_scenario(ref)


def overall_score(transcript: Transcript, answer: GradedAnswer) -> float:
    """The scorer's overall score (0-100) of `transcript` as an answer to the answer's scenario and level."""
    from mockint.meaning.lessons import shared_reader
    from mockint.scoring.rubric import score_answer

    return score_answer(transcript, _scenario(answer.scenario), answer.level, lessons=shared_reader()).overall.score


@dataclass(frozen=True)
class SpokenRow:
    """One answer scored from its text and from its transcript."""

    id: str
    grade: float
    text_score: float
    spoken_score: float

    @property
    def delta(self) -> float:
        return self.spoken_score - self.text_score


def score_rows(answers: Sequence[GradedAnswer], transcripts: Mapping[str, Transcript], score_fn: ScoreFn = overall_score) -> list[SpokenRow]:
    """Each answer that has a transcript, scored as text (`Transcript.from_text`) and as transcribed."""
    return [
        SpokenRow(a.id, a.grade, score_fn(Transcript.from_text(a.text), a), score_fn(transcripts[a.id], a))
        for a in answers
        if a.id in transcripts
    ]


def spearmans(rows: Sequence[SpokenRow]) -> tuple[float, float, int]:
    """(Spearman of grade vs text score, Spearman of grade vs spoken score, number of answers)."""
    grades = [r.grade for r in rows]
    return spearman(grades, [r.text_score for r in rows]), spearman(grades, [r.spoken_score for r in rows]), len(rows)


def spoken_vs_text(answers: Sequence[GradedAnswer], transcripts: Mapping[str, Transcript], score_fn: ScoreFn = overall_score) -> tuple[float, float, int]:
    """(spearman_text, spearman_spoken, n) over the answers that have a transcript. `score_fn(transcript,
    answer) -> score` is the scorer (default: `overall_score`)."""
    return spearmans(score_rows(answers, transcripts, score_fn))
