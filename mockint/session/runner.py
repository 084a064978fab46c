"""One practice session of any mode, from its folder's creation to the final report; nothing recorded is lost.

The session folder and its record are `mockint.store.folder`'s; each mode's flow is its own module (`mock`,
`guided`, `learn`), recording a turn is `recording`. Ctrl-C or a crash leaves every recorded turn on disk and
`complete: false`, with a report of what was answered so far; `mockint rescore` rebuilds it from the audio.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from mockint.library.schema import Scenario
from mockint.scoring.report import Report
from mockint.session.context import SessionContext, SessionOptions
from mockint.session.guided import run_guided
from mockint.session.learn import run_learn
from mockint.session.mock import run_mock
from mockint.store.folder import SessionFolder, SessionRecord

log = logging.getLogger(__name__)

FLOWS = {"learn": run_learn, "guided": run_guided, "mock": run_mock}


class Session(SessionContext):
    """One practice session. `run()` returns the final Report (learn mode's: the quiz score)."""

    def __init__(self, scenario: Scenario, options: SessionOptions, *, home: Path, scenario_file: Path | None = None,
                 say_progress: Callable[[str], None] | None = None, clock: Callable[[], datetime] = datetime.now, **engines):
        """`engines`: speaker, recorder, transcriber (and ask, to read typed replies; lessons, to read a reflection
        by its meaning), as `SessionContext` takes them."""
        history_problem = None
        try:  # open (create) the history before this session's folder exists, so a first run is no "rebuild"
            from mockint.store.history import History

            History(home)
        except Exception as e:  # told once the session has started: a session that cannot start says only why
            history_problem = e
        folder = SessionFolder.create(home, scenario.id, options.mode, clock())
        record = SessionRecord(id=folder.path.name, scenario=scenario.id, mode=options.mode, level=options.level,
                               started_at=clock().isoformat(timespec="seconds"))
        super().__init__(scenario, options, folder=folder, record=record, home=home, clock=clock, progress=say_progress, **engines)
        try:
            if scenario_file is not None:
                folder.keep_scenario(Path(scenario_file), record)
            self.save()
        except BaseException:
            folder.remove_if_empty()  # a session that could not start (a full disk) leaves no empty folder behind
            raise
        if history_problem is not None:
            log.warning("could not open the history: %s", history_problem)

    def run(self) -> Report | None:
        try:
            FLOWS[self.options.mode](self)
        except KeyboardInterrupt:
            self._interrupted()
            raise
        self.record.ended_at = self.clock().isoformat(timespec="seconds")
        self.record.complete = True
        self.save()
        if self.report is not None:
            self.progress("Writing your report...")
        self.write_reports(final=True)
        return self.report

    def _interrupted(self) -> None:
        """Ctrl-C (or SIGTERM/SIGHUP, turned into it): the record says so; a report of what was answered."""
        self.record.interrupted = True
        self.record.ended_at = self.clock().isoformat(timespec="seconds")
        self.save()
        if self.report is None and self.partial is not None and self.partial[0].kind == "answer":
            turn, transcript = self.partial
            try:  # a report of the answer so far (`mockint rescore` rebuilds it from the audio)
                self.report = self.with_meta(self.score(transcript, mode=self.options.mode), audio=turn.audio)
            except Exception as e:
                log.warning("could not score the interrupted answer: %s", e)
        self.write_reports(final=True)  # recorded in the history too, marked incomplete
