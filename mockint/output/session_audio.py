"""Which recordings of a saved session folder the HTML report plays: the answer's audio, or in a guided
session each section's recording with where it starts in the joined timeline."""

from __future__ import annotations

from pathlib import Path

from mockint.scoring.report import Report
from mockint.store.folder import SessionFolder, load_session_record


def session_audio(session_dir: Path, report: Report) -> str | None:
    """The answer's audio relative to the session folder: `report.audio`, else the first `answer` turn."""
    if report.audio:
        p = Path(report.audio)
        return str(p) if p.is_absolute() else p.as_posix()
    record = load_session_record(session_dir)
    return record.answer_audio() if record else None


def guided_section_audio(session_dir: Path, report: Report) -> dict[str, tuple[str, float]]:
    """For a guided session: each section's recording and its offset (a word at joined time t plays at
    t - offset in that section's file), for the sections the report has."""
    record = load_session_record(session_dir)
    if record is None:
        return {}
    keys = {s.key for s in report.sections}
    return {k: v for k, v in SessionFolder(session_dir).section_audio(record).items() if k in keys}
