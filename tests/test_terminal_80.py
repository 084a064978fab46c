"""`mockint practice` (mock, guided) and learn mode in a real 80-column terminal (tmux), answered by replayed
recordings and transcribed by the real engine: what the interviewer says is on screen (the question, each
probe, the guided feedback, the quiz options), no table cell is cut with an ellipsis, and a retake typed at the
prompt is kept on disk and not scored."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from conftest import fixture_audio
from mockint.library.store import find_scenario
from mockint.scoring.transcript import Transcript
from mockint.session.feedback import section_feedback
from mockint.store.folder import SessionFolder, session_folders
from terminal80 import Terminal, home_env

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux (scripts/setup.sh --tests)")

SEED = "customer-obsession-webhook"
PROMPT = "or r + Enter to retake it:"
PROBE_FILES = ["probe_measure_impact_strong", "probe_why_not_your_team_strong", "probe_if_rejected_strong", "probe_merge_follow_through_strong"]


def answers(*names: str) -> list[str]:
    return [a for n in names for a in ("--answer", str(fixture_audio(n)))]


def only_session(home) -> SessionFolder:
    [path] = session_folders(home)
    return SessionFolder(path)


def shown(text: str, screen: str) -> bool:
    """`text` is on screen, wrapped at word breaks or not (the interviewer's lines wrap at the terminal's width)."""
    return " ".join(text.split()) in " ".join(screen.split())


def assert_fits(rows: list[str]) -> None:
    assert not [r for r in rows if "…" in r], "cut with an ellipsis:\n" + "\n".join(r for r in rows if "…" in r)
    assert max(len(r) for r in rows) <= 80


def test_mock_at_80_columns_shows_the_question_and_every_probe_and_takes_a_retake(tmp_path):
    scenario = find_scenario(SEED)
    args = ["practice", SEED, "--no-speak", "--fast", "--retake", "--format", "terminal,json",
            *answers("short_answer", "weak_continuous", *PROBE_FILES)]
    with Terminal(args, env=home_env(tmp_path)) as term:
        # the two-second answer is retaken; the weak answer and every probe's answer are kept (Enter)
        assert term.answer_prompts(PROMPT, "r") >= 3
        assert term.exit_code() == 0
        screen, rows = term.screen(), term.rows()
    folder = only_session(tmp_path)
    record = folder.load()
    report = json.loads((folder.path / "report.json").read_text())
    assert shown(scenario.question, screen)
    assert report["probes"] and all(shown(p["question"], screen) for p in report["probes"])
    assert [t.key for t in record.retaken()] == ["answer"] and (folder / record.retaken()[0].audio).stat().st_size > 44
    assert report["audio"] == record.turns[1].audio  # the weak answer is the one scored
    assert shown("Retaken before scoring: the answer (turns/01-answer-answer.wav)", screen)
    assert_fits(rows)


def test_guided_at_80_columns_shows_the_feedback_after_each_section(tmp_path):
    scenario = find_scenario(SEED)
    sections = [f"section_{s.key}" for s in scenario.sections]
    args = ["practice", SEED, "--mode", "guided", "--no-speak", "--fast", "--format", "terminal,json", *answers(*sections)]
    with Terminal(args, env=home_env(tmp_path)) as term:
        assert term.exit_code(timeout=400) == 0
        screen, rows = term.screen(), term.rows()
    folder = only_session(tmp_path)
    for turn in folder.load().turns:
        heard = Transcript.model_validate_json((folder / turn.transcript).read_text())
        assert shown(f"Interviewer: {section_feedback(scenario, 'sde2', turn.key, heard)}", screen)
    assert shown(scenario.question, screen)
    assert_fits(rows)


def test_learn_at_80_columns_shows_every_quiz_option(tmp_path):
    scenario = find_scenario(SEED)
    args = ["practice", SEED, "--mode", "learn", "--no-speak", "--fast", "--rate", "900", "--format", "terminal,json",
            *answers("quiz_1", "quiz_2", "quiz_3")]
    with Terminal(args, env=home_env(tmp_path)) as term:
        assert term.exit_code(timeout=400) == 0
        screen, rows = term.screen(), term.rows()
    for q in scenario.quiz:
        assert shown(q.question, screen)
        assert all(shown(o.rstrip("."), screen) for o in q.options)
    assert "Quiz" in screen
    assert_fits(rows)


def test_closing_the_terminal_mid_answer_saves_the_session(tmp_path):
    """The window is closed mid-answer: SIGHUP, and a terminal that is gone (every print to it fails). What was
    said so far is a WAV that standard readers read, the session is marked interrupted with a report of the
    answer so far, and `rescore` works on it afterwards."""
    import subprocess
    import sys
    import time

    import soundfile as sf

    args = ["practice", SEED, "--no-speak", "--format", "json", *answers("strong_continuous_us165")]  # in real time
    term = Terminal(args, env=home_env(tmp_path))
    try:
        deadline = time.monotonic() + 240
        wav = None
        while time.monotonic() < deadline and wav is None:
            found = list(tmp_path.glob("sessions/*/turns/01-answer-answer.wav"))
            wav = found[0] if found and found[0].stat().st_size > 16000 * 2 * 8 else None
            time.sleep(0.2)
        assert wav is not None, "the answer never started recording:\n" + term.screen()
        seen = (wav.stat().st_size - 44) / 2 / 16000
    finally:
        term.close()  # the window closes: tmux hangs up the pane
    folder = wav.parent.parent
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        meta = json.loads((folder / "session.json").read_text())
        if meta.get("interrupted") and (folder / "report.json").exists():
            break
        time.sleep(0.5)
    assert meta["interrupted"] is True and meta["complete"] is False, meta
    info = sf.info(str(wav))
    assert info.frames / info.samplerate >= seen - 0.05
    assert json.loads((folder / "report.json").read_text())["transcript"]["text"].strip()
    out = subprocess.run([sys.executable, "-m", "mockint", "rescore", folder.name], env={**os.environ, **home_env(tmp_path)},
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
