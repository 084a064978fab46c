"""Rescoring a saved session: every turn's audio transcribed again (e.g. with a bigger model, or after a
crash cut the session short) and its report rebuilt from the session record."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from mockint.errors import MockintError, ScenarioError
from mockint.library.schema import Scenario
from mockint.library.store import find_scenario, load_scenario
from mockint.scoring.report import Report
from mockint.scoring.followups import probe_for
from mockint.scoring.probe_scoring import score_probe
from mockint.scoring.lesson import LessonReader
from mockint.scoring.rubric import score_answer
from mockint.scoring.transcript import Transcript
from mockint.session.guided import join_sections
from mockint.session.learn import walkthrough
from mockint.session.learn_report import learn_report, reread_quiz
from mockint.session.recording import with_retakes
from mockint.store.folder import SessionFolder, SessionRecord, TurnRecord, find_session

log = logging.getLogger(__name__)


def session_scenario(folder: SessionFolder, record: SessionRecord) -> Scenario:
    """The scenario a session used: its copy in the folder, else the file it came from, else by id."""
    for candidate in folder.scenario_candidates(record):
        if candidate.is_file():
            try:
                return load_scenario(candidate)
            except ScenarioError as e:
                log.warning("%s", e)
    return find_scenario(record.scenario)


def _transcribe(folder: SessionFolder, turn: TurnRecord, transcriber) -> Transcript:
    from mockint.speech.audio import load_audio
    from mockint.speech.wavfile import repair_wav

    audio = folder / turn.audio if turn.audio else None
    if audio and not audio.exists() and turn.duration:  # it was recorded (a kill before the first sample leaves no duration)
        raise MockintError(f"{audio}: the recording of turn {turn.index} is missing (moved or deleted?): put it back to rescore; "
                           "the saved report is unchanged")
    if not (audio and audio.is_file() and audio.stat().st_size > 44):
        transcript = Transcript(text="")
    else:
        repair_wav(audio)  # a header a crash left saying 0 s (recordings before the crash-safe writer)
        transcript = transcriber.transcribe(load_audio(audio))
    folder.save_transcript(turn, transcript)
    return transcript


def rebuild_report(
    record: SessionRecord, heard: list[tuple[TurnRecord, Transcript]], scenario: Scenario, level: str, lessons: LessonReader | None = None
) -> Report | None:
    """The report of a session from its turns' transcripts (None when it has nothing to score)."""
    if record.mode == "learn":
        if record.quiz is None:
            return None
        record.quiz = reread_quiz(scenario, record.quiz, {int(t.key): tr.text for t, tr in heard if t.kind == "quiz" and t.key.isdigit()})
        return learn_report(scenario, level, record.quiz, len(walkthrough(scenario, level)))
    heard = [(t, tr) for t, tr in heard if not t.redone]  # a retaken take is kept on disk, never scored
    answer = next(((t, tr) for t, tr in heard if t.kind == "answer"), None)
    if answer:
        report = score_answer(answer[1], scenario, level, mode=record.mode, lessons=lessons)
        probes = []
        for t, tr in heard:
            probe = probe_for(scenario, t.key, t.prompt) if t.kind == "probe" else None
            if probe:
                probes.append(score_probe(tr, probe).model_copy(update={"audio": t.audio, "answered": t.answered}))
        return report.model_copy(update={"audio": answer[0].audio, "probes": probes})
    kept = {t.index for t in record.kept_sections()}
    sections = [(t, tr) for t, tr in heard if t.index in kept]
    if not sections:
        return None
    transcript, spans, record.timeline = join_sections(sections)
    report = score_answer(transcript, scenario, level, spans=spans, mode="guided", lessons=lessons)
    return report.model_copy(update={"segmentation": "guided"})


def rescore(
    ref: str, transcriber, level: str | None = None, home: Path | None = None, lessons: LessonReader | None = None
) -> tuple[Report | None, Path]:
    """Transcribe every saved turn again and rebuild the session's report; a damaged record is one error line."""
    path = find_session(ref, home)
    folder = SessionFolder(path)
    record = folder.load()
    scenario = session_scenario(folder, record)
    level = level or record.level
    heard = [(t, _transcribe(folder, t, transcriber)) for t in record.turns]
    report = rebuild_report(record, heard, scenario, level, lessons)
    record.rescored_at = datetime.now().isoformat(timespec="seconds")
    record.level = level
    folder.save(record)
    if record.quiz is not None:
        folder.save_quiz(record.quiz)
    if report is None:
        return None, path
    engine = getattr(transcriber, "name", None) or type(transcriber).__name__
    report = with_retakes(report, record).model_copy(update={"engine": engine, "created_at": record.started_at})
    folder.save_report(report)
    try:
        from mockint.output.writers import write_session_report

        write_session_report(path, "all", report=report, scenario=scenario, home=home)
    except MockintError:
        raise
    except Exception as e:
        log.warning("could not write the report files: %s", e)
        from mockint.store.history import History

        History(home).record(report, path)
    return report, path
