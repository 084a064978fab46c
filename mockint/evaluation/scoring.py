"""Measuring the scorer against careful human grades (`mockint eval scoring [DIR]`).

The corpus (tests/corpus/README.md) holds answers written and graded by hand as a Bar Raiser would: a grade
0-100, a verdict, the expected flags among the five graded codes. Each answer falls in the calibration or the
held-out half by a hash of its id, so nobody picks the split; figures that predict unseen answers are the
held-out ones. Reported: Spearman rank correlation, mean absolute error, verdict agreement (exact and within
one band), the AUC of strong (grade >= 70) versus weak (grade <= 40) answers, flag precision/recall per code.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from mockint.errors import MockintError
from mockint.library.schema import LEVELS, VERDICTS

GRADED_FLAGS = ("escalation", "we_language", "missing_scope_boundary", "no_quantified_result", "generic_reflection")
STRONG_GRADE = 70.0  # strong-vs-weak AUC: answers graded at least this ...
WEAK_GRADE = 40.0  # ... against answers graded at most this
SPLITS = ("heldout", "calibration", "all")


class GradedAnswer(BaseModel):
    """One hand-graded answer of the corpus."""

    model_config = ConfigDict(extra="forbid")

    id: str
    scenario: str = ""
    level: str = "sde2"
    kind: str = ""
    grade: float = Field(ge=0, le=100)
    verdict: str
    flags: list[str] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)
    text: str = Field(min_length=1)

    @property
    def split(self) -> str:
        """'calibration' or 'heldout', from a hash of the id (stable, chosen by nobody)."""
        return "heldout" if hashlib.sha1(self.id.encode()).digest()[0] % 2 else "calibration"


def load_corpus(folder: str | Path) -> list[GradedAnswer]:
    """Every answer of every `*.toml` file under `folder/scoring` (or `folder` itself)."""
    root = Path(folder)
    files = sorted((root / "scoring").glob("*.toml")) or sorted(root.glob("*.toml"))
    if not files:
        raise MockintError(f"{root}: no corpus files (*.toml) found")
    out: list[GradedAnswer] = []
    for f in files:
        try:
            raw = tomllib.loads(f.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
            raise MockintError(f"{f}: {e}") from None
        for i, a in enumerate(raw.get("answers", [])):
            try:
                ans = GradedAnswer.model_validate({"scenario": raw.get("scenario", ""), **a})
            except Exception as e:  # pydantic's ValidationError: one line naming the answer
                raise MockintError(f"{f}: answers[{i}]: {str(e).splitlines()[-1].strip()}") from None
            if ans.verdict not in VERDICTS or ans.level not in LEVELS:
                raise MockintError(f"{f}: answers[{i}] ({ans.id}): unknown verdict or level")
            unknown = set(ans.flags) - set(GRADED_FLAGS)
            if unknown:
                raise MockintError(f"{f}: answers[{i}] ({ans.id}): flags: unknown {sorted(unknown)}")
            out.append(ans)
    ids = [a.id for a in out]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise MockintError(f"{root}: duplicate answer ids {dup}")
    return out


# -- metrics (pure) ----------------------------------------------------------------------------


def _ranks(xs: Sequence[float]) -> list[float]:
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    ranks = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return ranks


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    n = len(xs)
    if n < 2:
        return float("nan")
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / (sxx * syy) ** 0.5 if sxx and syy else float("nan")


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman's rank correlation (ties get their average rank)."""
    return pearson(_ranks(xs), _ranks(ys))


def auc(pos: Sequence[float], neg: Sequence[float]) -> float:
    """Probability that a random positive outscores a random negative (ties count half)."""
    if not pos or not neg:
        return float("nan")
    wins = sum(1.0 if p > q else 0.5 if p == q else 0.0 for p in pos for q in neg)
    return wins / (len(pos) * len(neg))


@dataclass
class FlagStat:
    code: str
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Scored:
    answer: GradedAnswer
    score: float
    verdict: str
    flags: set[str]


@dataclass
class ScoringSummary:
    split: str
    items: list[Scored] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.items)

    @property
    def spearman(self) -> float:
        return spearman([s.answer.grade for s in self.items], [s.score for s in self.items])

    @property
    def mae(self) -> float:
        return sum(abs(s.score - s.answer.grade) for s in self.items) / self.n if self.n else float("nan")

    def _band_gap(self, s: Scored) -> int:
        return abs(VERDICTS.index(s.verdict) - VERDICTS.index(s.answer.verdict))

    @property
    def exact(self) -> float:
        return sum(self._band_gap(s) == 0 for s in self.items) / self.n if self.n else float("nan")

    @property
    def within_one(self) -> float:
        return sum(self._band_gap(s) <= 1 for s in self.items) / self.n if self.n else float("nan")

    @property
    def auc(self) -> float:
        return auc([s.score for s in self.items if s.answer.grade >= STRONG_GRADE], [s.score for s in self.items if s.answer.grade <= WEAK_GRADE])

    def flag_stats(self) -> list[FlagStat]:
        stats = {c: FlagStat(c) for c in GRADED_FLAGS}
        for s in self.items:
            want = set(s.answer.flags)
            for c in GRADED_FLAGS:
                got = c in s.flags
                if got and c in want:
                    stats[c].tp += 1
                elif got:
                    stats[c].fp += 1
                elif c in want:
                    stats[c].fn += 1
        return list(stats.values())

    def bound_misses(self) -> list[str]:
        """Answers graded >= 85 not given Hire or better, graded <= 25 given better than Lean No Hire."""
        out = []
        for s in self.items:
            if s.answer.grade >= 85 and VERDICTS.index(s.verdict) > VERDICTS.index("Hire"):
                out.append(f"{s.answer.id}: graded {s.answer.grade:g}, got {s.verdict}")
            if s.answer.grade <= 25 and VERDICTS.index(s.verdict) < VERDICTS.index("Lean No Hire"):
                out.append(f"{s.answer.id}: graded {s.answer.grade:g}, got {s.verdict}")
        return out

    def worst(self, k: int = 8) -> list[Scored]:
        return sorted(self.items, key=lambda s: -abs(s.score - s.answer.grade))[:k]

    def table(self, details: bool = False) -> str:
        lines = [
            f"scoring on the {self.split} half: {self.n} answers",
            f"  Spearman            {self.spearman:.3f}",
            f"  MAE                 {self.mae:.1f} points",
            f"  verdict exact       {self.exact:.0%}",
            f"  verdict within one  {self.within_one:.0%}",
            f"  strong-vs-weak AUC  {self.auc:.3f}  (grade >= {STRONG_GRADE:g} vs <= {WEAK_GRADE:g})",
            "  flags                 precision  recall  (tp/fp/fn)",
        ]
        for st in self.flag_stats():
            lines.append(f"    {st.code:<24}{st.precision:>6.2f}  {st.recall:>6.2f}  ({st.tp}/{st.fp}/{st.fn})")
        misses = self.bound_misses()
        lines.append(f"  band bounds (>=85 Hire+, <=25 Lean No Hire-): {'all hold' if not misses else '; '.join(misses)}")
        if details:
            lines.append("  largest errors:")
            for s in self.worst():
                want, got = set(s.answer.flags), s.flags & set(GRADED_FLAGS)
                diff = [f"-{c}" for c in sorted(want - got)] + [f"+{c}" for c in sorted(got - want)]
                lines.append(f"    {s.answer.id:<44} grade {s.answer.grade:>5.1f} score {s.score:>5.1f} {s.verdict:<13} {' '.join(diff)}")
            lines.append("  flag disagreements (-expected but not raised, +raised but not expected):")
            for s in self.items:
                want, got = set(s.answer.flags), s.flags & set(GRADED_FLAGS)
                if want != got:
                    diff = [f"-{c}" for c in sorted(want - got)] + [f"+{c}" for c in sorted(got - want)]
                    lines.append(f"    {s.answer.id:<44} {' '.join(diff)}")
        return "\n".join(lines)


def evaluate_scoring(
    answers: Sequence[GradedAnswer], score: Callable[[GradedAnswer], tuple[float, str, set[str]]], split: str = "heldout"
) -> ScoringSummary:
    """Score each answer of the split with `score(answer) -> (score, verdict, flag codes)`."""
    chosen = [a for a in answers if split == "all" or a.split == split]
    summary = ScoringSummary(split=split)
    for a in chosen:
        sc, verdict, flags = score(a)
        summary.items.append(Scored(answer=a, score=sc, verdict=verdict, flags=set(flags)))
    return summary


# -- calibration (the fit behind data/grading.toml [fitted]) -----------------------------------


GRADER_OFFSET = "_grader_offset"  # a fitted feature that is not kept: how much more lenient another set's graders are


def fit_weights(
    rows: Sequence[tuple[dict[str, float], float]], prior_intercept: float, prior: dict[str, float], ridge: float = 4.0, fixed: Sequence[str] = ()
) -> tuple[float, dict[str, float]]:
    """Ridge regression of the grade on the features, shrunk towards the prior weights, with the prior's
    signs kept (a weight that would change sign is fixed at 0 and the rest refitted). The `fixed` weights
    keep their prior value (their share of each grade is taken out before the fit)."""
    import numpy as np

    names = [n for n in prior if n not in fixed]
    X = np.array([[f.get(n, 0.0) for n in names] for f, _ in rows], dtype=float)
    y = np.array([g - sum(prior[n] * f.get(n, 0.0) for n in fixed) for f, g in rows], dtype=float)
    w0 = np.array([prior[n] for n in names], dtype=float)
    free = np.ones(len(names), dtype=bool)
    for _ in range(len(names)):
        Xa = np.hstack([np.ones((len(y), 1)), X[:, free]])
        target0 = np.concatenate([[prior_intercept], w0[free]])
        lam = np.full(Xa.shape[1], ridge * len(y) / 40.0)
        lam[0] = 0.1
        A = Xa.T @ Xa + np.diag(lam)
        b = Xa.T @ y + lam * target0
        sol = np.linalg.solve(A, b)
        w = np.zeros(len(names))
        w[free] = sol[1:]
        flipped = free & (np.sign(w) != np.sign(w0)) & (w0 != 0)
        if not flipped.any():
            fitted = {n: round(float(v), 2) for n, v in zip(names, w)}
            return float(sol[0]), {n: fitted.get(n, prior[n]) for n in prior}
        free &= ~flipped
    return float(prior_intercept), dict(prior)


def fit_bands(rows: Sequence[tuple[float, float]], prior: Sequence[float], reach: float = 8.0) -> tuple[float, ...]:
    """Verdict bands (lower bounds, Strong Hire .. Lean No Hire) that make the scores' verdicts agree most
    with the grades' verdicts: exact agreement first, then within one band, then the least distance from
    the prior bands. Each bound moves at most `reach` points; coordinate search in half-point steps."""
    graded = [_band(g, prior) for _, g in rows]

    def cost(bands: Sequence[float]) -> tuple[int, int, float]:
        got = [_band(sc, bands) for sc, _ in rows]
        exact = sum(a == b for a, b in zip(got, graded))
        near = sum(abs(a - b) <= 1 for a, b in zip(got, graded))
        return (-exact, -near, sum(abs(b - p) for b, p in zip(bands, prior)))

    bands = list(prior)
    for _ in range(4):
        for i in range(len(bands)):
            lo = max(prior[i] - reach, bands[i + 1] + 1.0 if i + 1 < len(bands) else 0.0)
            hi = min(prior[i] + reach, bands[i - 1] - 1.0 if i else 100.0)
            steps = [lo + 0.5 * k for k in range(int((hi - lo) / 0.5) + 1)]
            bands[i] = min(steps, key=lambda v: cost([*bands[:i], v, *bands[i + 1 :]]))
    return tuple(bands)


def _band(score: float, bands: Sequence[float]) -> int:
    return next((i for i, b in enumerate(bands) if score >= b), len(bands))


def write_fitted(path: Path, intercept: float, weights: dict[str, float], note: str, bands: Sequence[float] | None = None) -> None:
    """Replace the [fitted] tables of data/grading.toml, keeping the prior and its comments."""
    text = path.read_text(encoding="utf-8")
    cut = text.find("\n[fitted]")
    head = text if cut < 0 else text[:cut]
    body = [f"\n[fitted]  # {note}", f"intercept = {intercept:.2f}"]
    if bands is not None:
        body.append(f"bands = [{', '.join(f'{b:.1f}' for b in bands)}]  # Strong Hire, Hire, Lean Hire, Lean No Hire lower bounds")
    body += ["", "[fitted.weights]"]
    body += [f"{k} = {v:.2f}" for k, v in weights.items()]
    path.write_text(head.rstrip("\n") + "\n" + "\n".join(body) + "\n", encoding="utf-8")
