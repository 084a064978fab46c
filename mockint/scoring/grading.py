"""From evidence to a calibrated grade (pure core).

The grade is a weighted sum of the features of `evidence.Evidence` (each 0..1) plus the scenario-specific
ones (key-phrase coverage, the lead principle's own signal), in grade points, clamped to 0..100. Severity,
not stacked penalties: every gap costs what it costs once, a short answer loses depth (fewer actions,
less detail) rather than everything, and two rules a Bar Raiser applies whatever the rest says cap it:
- escalation as the candidate's own move: at most Lean No Hire, and at most No Hire when the lesson drawn
  from it is a platitude ("it showed me the value of collaboration"): routed, and no sign of seeing it;
- an answer 2.5 times its level's budget or more: at most Lean Hire (the interviewer stopped listening).

The weights live in data/grading.toml. They start from a Bar Raiser's priors (the `prior` table) and are
fitted on the calibration half of the graded corpus and its graded training set (other graders, their
leniency fitted as an offset and left out) by ridge regression towards those priors (`mockint eval scoring
--fit`), signs fixed by the priors, the level's own weights (LEVEL_FEATURES) kept at the prior; the held-out
half and the fresh set measure them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from mockint.library.schema import VERDICTS
from mockint.scoring.evidence import Evidence

VERDICT_BANDS = (85.0, 70.0, 55.0, 35.0)  # Strong Hire, Hire, Lean Hire, Lean No Hire lower bounds (the corpus's bands)
LEVEL_FEATURES = ("senior_no_tradeoff", "senior_no_systemic", "sde1")  # what the level asks: weights from the prior, not fitted
OVER_BUDGET_CAP_RATIO = 2.5  # from this multiple of the level's max_seconds (well before three times) the grade
# is at most the top of Lean Hire; an escalation caps it at the top of Lean No Hire (both follow the bands)


@dataclass(frozen=True)
class GradeInputs:
    """Everything the grade depends on besides the evidence."""

    level: str
    phrase_coverage: float  # share of the scenario's key phrases heard (0..1)
    lead_signal: bool  # the lead principle's own signal was heard
    scope_required: bool  # the scenario's lead lens weighs the scope boundary
    systemic: bool  # a systemic reflection signal (SLO, gap, process, ...) was heard
    escalation: bool
    budget_ratio: float  # answer duration / the level's max_seconds
    context_excess: float = 0.0  # share of the answer spent in the Situation beyond twice its target share


def features(ev: Evidence, g: GradeInputs) -> dict[str, float]:
    """The named features, each 0..1, in the order of the weights file."""
    senior = g.level == "senior"
    return {
        "own_actions": min(1.0, ev.i_actions / 5.0),
        "we_share": ev.we_share if ev.action_we >= 2 else 0.0,
        "vague": min(1.0, ev.vague / 3.0),
        "detail": min(1.0, ev.detail / 6.0),
        "numbers": min(1.0, ev.numbers / 4.0),
        "initiative": float(ev.initiative),
        "outcome_stated": float(ev.outcome_stated or ev.outcome_number),
        "outcome_number": float(ev.outcome_number),
        "business": float(ev.business),
        "second_order": float(ev.second_order),
        "customer": float(ev.customer),
        "scope_missing": float(g.scope_required and not ev.scope),
        "specific_reflection": float(ev.specific_reflection and not ev.platitude),
        "platitude": float(ev.platitude),
        "blame": float(ev.blame),
        "self_critical": float(ev.self_critical),
        "no_reflection": float(not ev.reflection),
        "lead_signal": float(g.lead_signal),
        "phrases": g.phrase_coverage,
        "senior_no_tradeoff": float(senior and not ev.tradeoff),
        "senior_no_systemic": float(senior and not g.systemic),
        "sde1": float(g.level == "sde1"),
        "over_budget": min(2.0, max(0.0, g.budget_ratio - 1.3)),
        "rambling_context": min(1.0, 2.0 * g.context_excess),
    }


@dataclass(frozen=True)
class Weights:
    intercept: float
    weights: dict[str, float]
    bands: tuple[float, float, float, float] = VERDICT_BANDS  # lower bounds of Strong Hire .. Lean No Hire


@lru_cache(maxsize=1)
def load_weights() -> Weights:
    raw = tomllib.loads(resources.files("mockint").joinpath("data/grading.toml").read_text(encoding="utf-8"))
    table = raw.get("fitted") or raw["prior"]
    bands = tuple(float(b) for b in table.get("bands", VERDICT_BANDS))
    return Weights(intercept=float(table["intercept"]), weights={k: float(v) for k, v in table["weights"].items()}, bands=bands)


def raw_grade(feats: dict[str, float], w: Weights) -> float:
    return w.intercept + sum(w.weights.get(k, 0.0) * v for k, v in feats.items())


@dataclass(frozen=True)
class Grade:
    score: float
    parts: list[tuple[str, float, float]]  # (feature, value, points), largest |points| first
    caps: list[str]


def grade(ev: Evidence, g: GradeInputs, w: Weights | None = None) -> Grade:
    """The calibrated 0-100 grade, with the Bar Raiser's caps applied."""
    w = w or load_weights()
    feats = features(ev, g)
    score = max(0.0, min(100.0, raw_grade(feats, w)))
    caps = []
    # a cap bounds the grade whenever its rule holds, and is listed then (the report says why the ceiling)
    if g.escalation:
        score, caps = min(score, w.bands[2] - 1.0), [*caps, "escalation"]
        if ev.platitude:  # routed, and the lesson a platitude: nothing shows the candidate saw what they did
            score, caps = min(score, w.bands[3] - 1.0), [*caps, "escalation_unseen"]
    if g.budget_ratio >= OVER_BUDGET_CAP_RATIO:
        score, caps = min(score, w.bands[1] - 1.0), [*caps, "over_budget"]
    parts = [(k, v, w.weights.get(k, 0.0) * v) for k, v in feats.items() if v]
    parts.sort(key=lambda p: -abs(p[2]))
    return Grade(round(score, 1), parts, caps)


def verdict(score: float, bands: Sequence[float] | None = None) -> str:
    """The verdict of a grade: the fitted bands of data/grading.toml (or the corpus's 85/70/55/35)."""
    for name, lower in zip(VERDICTS, bands or load_weights().bands):
        if score >= lower:
            return name
    return VERDICTS[-1]
