"""Each red flag alone, on hand-labelled snippets (`mockint eval flags [DIR]`).

The stress cases (tests/corpus/stress/README.md) were written blind: a closing lesson labelled generic or
specific, an Action sentence labelled a hand-off or not, an outcome labelled quantified or not. Each snippet
is set into one fixed answer whose other parts are clean (first-person actions, no numbers where the
outcome is tested, no lesson where the lesson is tested), so the flag under test is the only one that can
move; the whole answer is scored as any answer is, so the figure measures the product, not a helper.
Cases fall in the calibration or the held-out half by a hash of their text, as the graded corpus does.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from mockint.errors import MockintError
from mockint.evaluation.scoring import FlagStat

SCENARIO = "dive-deep-memory-leak"  # a question with no scope-boundary flag: only the flag under test moves


class StressCase(BaseModel):
    """One labelled snippet of a stress file."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    why: str = ""
    level: str = "sde2"
    kind: str = "reflection"
    generic: bool | None = None
    escalation: bool | None = None
    quantified: bool | None = None
    we_language: bool | None = None
    scope_boundary: bool | None = None

    @property
    def split(self) -> str:
        return "heldout" if hashlib.sha1(self.text.encode()).digest()[0] % 2 else "calibration"


@dataclass(frozen=True)
class Stress:
    """How one file's snippets become answers, and which flag they test."""

    file: str
    code: str  # the flag under test
    label: str  # the case field that says whether the flag is expected
    expected_when: bool  # the flag is expected when the label has this value
    template: str  # the answer, with {case} where the snippet goes
    scenario: str = SCENARIO  # the question it answers


STRESS = (
    Stress(
        "reflection.toml",
        "generic_reflection",
        "generic",
        True,
        "I was on the orders team, and our nightly export job had started failing about twice a week. I pulled the job "
        "logs and traced the failures to a lock timeout on the inventory table. I rewrote the export to read from the "
        "replica in batches, added an alert on the job's runtime, and wrote a runbook for it. Since the change the job "
        "has not failed in three months, and the export finishes in 12 minutes instead of 40. {case}",
    ),
    Stress(
        "escalation.toml",
        "escalation",
        "escalation",
        True,
        "I was on the checkout team. I noticed that about 2% of payment callbacks were timing out, so I pulled the "
        "gateway logs and found the callbacks were waiting on a full connection pool. {case} After that the timeouts "
        "dropped from 2% to zero within a week, which recovered about $8K a week in failed orders. I learned to check "
        "pool saturation whenever callback latency climbs.",
    ),
    Stress(
        "quantified.toml",
        "no_quantified_result",
        "quantified",
        False,
        "I was on the search team, and our indexing job kept falling behind during the day. I profiled it and found "
        "a slow regular expression in the tokenizer, so I replaced it with a precompiled matcher and added a "
        "benchmark to the build. {case} Looking back, I should have profiled before guessing at the cause.",
    ),
    Stress(
        "we_language.toml",
        "we_language",
        "we_language",
        True,
        "I was on the payments team, and our refund job had started timing out for our largest merchants. {case} "
        "After the change the job finished in 9 minutes instead of 50. I learned to test batch jobs on a copy of the "
        "biggest merchant's data.",
    ),
    Stress(
        "scope.toml",
        "missing_scope_boundary",
        "scope_boundary",
        False,
        "{case} I pulled the failure history for the last month and found that the flaky tests shared one database "
        "schema, so I gave each test shard its own schema and quarantined the two tests that still failed. Flaky "
        "failures went from 18% of builds to 2%. I learned to quarantine a flaky test before I retry it.",
        scenario="ownership-flaky-ci",  # a question about acting beyond one's remit: the boundary is expected
    ),
)


def load_stress(folder: str | Path, stress: Stress) -> list[StressCase] | None:
    """The cases of one stress file, or None when the folder has no such file (not every set has all five)."""
    path = Path(folder) / stress.file
    if not path.exists():
        return None
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise MockintError(f"{path}: {e}") from None
    cases = []
    for i, c in enumerate(raw.get("cases") or []):
        try:
            case = StressCase.model_validate(c)
        except ValueError as e:
            raise MockintError(f"{path}: cases[{i}]: {str(e).splitlines()[-1].strip()}") from None
        if getattr(case, stress.label) is None:
            raise MockintError(f"{path}: cases[{i}]: '{stress.label}' is required")
        cases.append(case)
    return cases


@dataclass
class StressResult:
    """One file's cases on one half: the flag's precision/recall and the cases it got wrong."""

    stress: Stress
    split: str
    stat: FlagStat
    wrong: list[tuple[StressCase, bool]] = field(default_factory=list)  # (case, flagged)
    tn: int = 0

    @property
    def n(self) -> int:
        return self.stat.tp + self.stat.fp + self.stat.fn + self.tn

    @property
    def accuracy(self) -> float:
        return (self.stat.tp + self.tn) / self.n if self.n else 1.0

    def line(self) -> str:
        s = self.stat
        return (
            f"{self.stress.code:<22} {self.split:<12} {self.n:>4}  precision {s.precision:.2f}  recall {s.recall:.2f}  "
            f"accuracy {self.accuracy:.0%}  (tp {s.tp}, fp {s.fp}, fn {s.fn}, tn {self.tn})"
        )


def evaluate_stress(
    cases: Sequence[StressCase], stress: Stress, flags_of: Callable[[str, str, str], set[str]], split: str = "heldout"
) -> StressResult:
    """`flags_of(answer_text, level, scenario_id)` -> the flag codes the product raises on the whole answer."""
    result = StressResult(stress, split, FlagStat(stress.code))
    for case in cases:
        if split != "all" and case.split != split:
            continue
        expected = getattr(case, stress.label) == stress.expected_when
        flagged = stress.code in flags_of(stress.template.format(case=case.text.strip()), case.level, stress.scenario)
        if flagged and expected:
            result.stat.tp += 1
        elif flagged:
            result.stat.fp += 1
        elif expected:
            result.stat.fn += 1
        else:
            result.tn += 1
        if flagged != expected:
            result.wrong.append((case, flagged))
    return result


def table(results: Sequence[StressResult], details: bool = False) -> str:
    lines = [f"{'flag':<22} {'half':<12} {'n':>4}"] + [r.line() for r in results]
    if details:
        for r in results:
            for case, flagged in r.wrong:
                what = "raised, not expected" if flagged else "expected, not raised"
                lines.append(f"  {r.stress.code} {what} [{case.level}]: {case.text.strip()[:150]}")
    return "\n".join(lines)
