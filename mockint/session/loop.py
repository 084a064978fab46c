"""A full interview loop (`mockint practice --loop N`): N questions for different Leadership Principles in one
sitting, as an onsite round runs, each a mock session of its own (recorded, scored, in the history), then one
debrief across them (`mockint.session.debrief`) written into a round folder (`mockint.store.rounds`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from mockint.errors import MockintError, ScenarioError
from mockint.library.schema import LEADERSHIP_PRINCIPLES, Scenario
from mockint.library.store import load_scenario, scenario_files
from mockint.output.debrief_view import render_debrief_text
from mockint.session.debrief import Asked, build_debrief
from mockint.store.rounds import Debrief, create_round_folder, save_debrief

log = logging.getLogger(__name__)


def loop_scenarios(n: int, first: Scenario | None = None) -> list[Scenario]:
    """`n` scenarios that each lead with a different principle: `first` (when given), then one per principle in
    the order of the Leadership Principles (the first by id of those that lead with it)."""
    by_principle: dict[str, Scenario] = {}
    for f in scenario_files():
        try:
            s = load_scenario(f)
        except ScenarioError:
            continue
        if s.principles[0] not in by_principle or s.id < by_principle[s.principles[0]].id:
            by_principle[s.principles[0]] = s
    picked = [first] if first is not None else []
    for lp in LEADERSHIP_PRINCIPLES:
        s = by_principle.get(lp)
        if s is not None and len(picked) < n and all(p.principles[0] != lp for p in picked):
            picked.append(s)
    if len(picked) < n:
        raise MockintError(f"--loop: {n} questions need {n} principles; the scenarios lead with only {len(picked)} different ones")
    return picked


class InterviewLoop:
    """Runs the round: `run_question(scenario)` runs one mock session and returns (its session id, its report)."""

    def __init__(self, scenarios: list[Scenario], run_question: Callable[[Scenario], tuple[str, object]], *, home: Path,
                 level: str, progress: Callable[[str], None], clock: Callable[[], datetime] = datetime.now):
        self.scenarios = scenarios
        self.run_question = run_question
        self.level = level
        self.progress = progress
        self.started = clock()
        self.folder = create_round_folder(home, self.started)
        self.asked: list[Asked] = []

    def run(self) -> Debrief:
        """Every question in turn; Ctrl-C keeps the debrief of the questions answered so far (`complete: false`)."""
        n = len(self.scenarios)
        try:
            for i, s in enumerate(self.scenarios, 1):
                self.progress(f"Question {i} of {n}: {s.principles[0]}")
                session_id, report = self.run_question(s)
                if report is not None:
                    self.asked.append(Asked(session_id=session_id, principle=s.principles[0], report=report))
        except KeyboardInterrupt:
            self.debrief()
            raise
        self.progress("Writing the debrief of the round...")
        return self.debrief()

    def debrief(self) -> Debrief:
        d = build_debrief(self.asked, round_id=self.folder.name, level=self.level,
                          started_at=self.started.isoformat(timespec="seconds"), planned=len(self.scenarios))
        try:
            save_debrief(self.folder, d, render_debrief_text(d))
        except MockintError as e:
            log.warning("could not write the debrief: %s", e)
        return d
