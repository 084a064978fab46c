"""The debrief across an interview round: which principles were strong or weak, the verdict per question, and
which stories were told twice. Plain data in (the questions' reports), a `Debrief` out: no device or file."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from statistics import mean

from mockint.scoring.grading import verdict as verdict_of
from mockint.scoring.normalize import normalize
from mockint.scoring.report import Report
from mockint.store.rounds import Debrief, PrincipleStanding, ReusedStory, RoundQuestion

# Two answers tell the same story when this share of the smaller one's content words is in the other one too.
# Measured on the 30 fixture and corpus answers of 60+ words: different stories overlap at most 0.26, the same
# story retold (a paraphrase, another voice, a weaker telling) at least 0.33, paraphrases 0.51-0.59.
STORY_OVERLAP = 0.4
MIN_SHARED_WORDS = 6  # fewer shared words than this is never a story (a two-line answer says too little to tell)
STRONG_VERDICTS = ("Strong Hire", "Hire")
WEAK_VERDICTS = ("Lean No Hire", "No Hire")

# Words every behavioral story says (function words, time, the STAR vocabulary itself): not a story's own.
_COMMON = frozenset("""
about above after again against also although always among another anyone anything around because been before
being below between both came come could didn does doing done down during each either else even ever every first
from further gave give going gone good got great have having here however into just know last like made make many
more most much must need needed never next once only other over really right said same saying should since some
something still such take taken than that their them then there these they thing things think this those though
through time times told took toward under until upon very want wanted well went were what when where whether which
while will with within without would year years your yours able sure felt feel realized decided started making
asked team teams people work worked working week weeks month months days problem issue situation task action
result lesson learned learn impact customer customers percent point zero hundred thousand
""".split())


@dataclass(frozen=True)
class Asked:
    """One question of the round as it was asked and scored."""

    session_id: str
    principle: str  # the principle the question was asked for
    report: Report


def content_words(text: str) -> set[str]:
    """The words that make a story its own: 4+ letters, not what every story says."""
    return {w for w in re.findall(r"[a-z]{4,}", normalize(text)) if w not in _COMMON}


def story_overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def reused_stories(texts: Sequence[str]) -> list[ReusedStory]:
    """Each pair of answers (numbered from 1) that tells the same story."""
    words = [content_words(t) for t in texts]
    out = []
    for (i, a), (j, b) in combinations(enumerate(words, 1), 2):
        shared = a & b
        overlap = story_overlap(a, b)
        if overlap >= STORY_OVERLAP and len(shared) >= MIN_SHARED_WORDS:
            telling = sorted(shared, key=lambda w: (-len(w), w))[:8]
            out.append(ReusedStory(questions=(i, j), overlap=round(overlap, 2), shared=telling))
    return out


def principle_standings(asked: Sequence[Asked]) -> list[PrincipleStanding]:
    """Every principle a question's lenses judged, by its mean lens score across the round, best first."""
    scores: dict[str, list[tuple[int, float]]] = {}
    for n, a in enumerate(asked, 1):
        for lens in a.report.lenses:
            scores.setdefault(lens.principle, []).append((n, lens.score))
    out = []
    for principle, got in scores.items():
        m = round(mean(s for _, s in got), 1)
        v = verdict_of(m)
        standing = "strong" if v in STRONG_VERDICTS else "weak" if v in WEAK_VERDICTS else "mixed"
        out.append(PrincipleStanding(principle=principle, score=m, verdict=v, standing=standing, questions=[n for n, _ in got]))
    return sorted(out, key=lambda p: (-p.score, p.principle))


def question_of(n: int, a: Asked) -> RoundQuestion:
    r = a.report
    lens = next((x for x in r.lenses if x.principle == a.principle), None)
    codes = r.flag_codes()
    return RoundQuestion(number=n, session_id=a.session_id, scenario=r.scenario, principle=a.principle, question=r.question,
                         score=r.overall.score, verdict=r.overall.verdict, lens_verdict=lens.verdict if lens else None,
                         flags=codes, answered="no_speech" not in codes)


def build_debrief(asked: Sequence[Asked], *, round_id: str, level: str, started_at: str, planned: int) -> Debrief:
    """The debrief of the questions asked so far (`planned`: how many the round was to have)."""
    questions = [question_of(n, a) for n, a in enumerate(asked, 1)]
    debrief = Debrief(id=round_id, level=level, started_at=started_at, complete=len(asked) >= planned, questions=questions,
                      principles=principle_standings(asked), reused_stories=reused_stories([a.report.transcript.text for a in asked]))
    return debrief.model_copy(update={"summary": summary(debrief)})


def summary(d: Debrief) -> str:
    """Two or three sentences a debrief opens with."""
    hires = sum(q.verdict in STRONG_VERDICTS for q in d.questions)
    parts = [f"{hires} of {len(d.questions)} questions at Hire or better."]
    if d.strong:
        parts.append("Strong: " + ", ".join(d.strong) + ".")
    if d.weak:
        parts.append("Weak: " + ", ".join(d.weak) + ".")
    for s in d.reused_stories:
        parts.append(f"Questions {s.questions[0]} and {s.questions[1]} told the same story: bring a different one for each principle.")
    return " ".join(parts)
