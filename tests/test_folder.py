"""The session folder's typed record (mockint.store.folder): versions, one-line errors, rescore of damaged ones."""

import json
import os
import subprocess
import sys
from datetime import datetime

import pytest

from mockint.errors import MockintError
from mockint.store.folder import RECORD_VERSION, SessionFolder, SessionRecord, TurnRecord, read_record

# A session.json as mockint wrote it before the record had a version (version 0).
V0 = {
    "id": "20261127-093000-customer-obsession-webhook-guided", "scenario": "customer-obsession-webhook", "mode": "guided",
    "level": "sde2", "started_at": "2026-11-27T09:30:00", "ended_at": "2026-11-27T09:36:00", "complete": True,
    "interrupted": False,
    "turns": [
        {"index": 1, "kind": "section", "key": "situation", "prompt": "Situation", "audio": "turns/01-section-situation.wav",
         "transcript": "turns/01-section-situation.json", "duration": 20.0, "ended_by": "silence", "answered": True,
         "latency_to_next_prompt": 0.4, "extra": {"redone": True}},
        {"index": 2, "kind": "section", "key": "situation", "prompt": "Situation", "audio": "turns/02-section-situation.wav",
         "transcript": None, "duration": 25.0, "ended_by": "silence", "answered": True, "latency_to_next_prompt": None,
         "extra": {}},
    ],
}


def write(tmp_path, data) -> SessionFolder:
    folder = SessionFolder.create(tmp_path, "customer-obsession-webhook", "mock", datetime(2026, 11, 27, 9, 30))
    folder.record_path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return folder


def test_the_record_round_trips_with_its_version(tmp_path):
    folder = SessionFolder.create(tmp_path, "x", "mock", datetime(2026, 11, 27, 9, 30))
    record = SessionRecord(id=folder.path.name, scenario="x", mode="mock", level="sde2", started_at="2026-11-27T09:30:00")
    record.turns.append(TurnRecord(index=1, kind="answer", key="answer", prompt="Q", audio=folder.turn_audio(1, "answer", "answer")))
    folder.save(record)
    assert json.loads(folder.record_path.read_text())["version"] == RECORD_VERSION
    assert folder.load() == record and record.turns[0].audio == "turns/01-answer-answer.wav"
    assert not list(folder.path.glob("*.tmp"))


def test_a_version_0_record_is_read(tmp_path):
    record = write(tmp_path, V0).load()
    assert record.version == RECORD_VERSION and [t.redone for t in record.turns] == [True, False]
    assert [t.index for t in record.kept_sections()] == [2]


@pytest.mark.parametrize("change, message", [
    ({"scenario": None}, "scenario: Field required"),
    ({"turns": "abc"}, "turns: Input should be a valid list"),
    ({"colour": "red"}, "colour: Extra inputs are not permitted"),
    ({"version": 99}, "version: 99 is newer than this mockint reads"),
])
def test_a_damaged_record_is_one_line_naming_the_field(tmp_path, change, message):
    data = {k: v for k, v in {**V0, **change}.items() if v is not None}
    folder = write(tmp_path, data)
    with pytest.raises(MockintError) as e:
        folder.load()
    assert str(e.value).startswith(f"{folder.record_path}: ") and message in str(e.value) and "\n" not in str(e.value)


def test_a_record_that_is_not_json_is_one_line(tmp_path):
    folder = write(tmp_path, "{not json")
    with pytest.raises(MockintError, match=r"session\.json: not valid JSON"):
        read_record(folder.record_path)


def test_a_field_of_a_turn_is_named_with_its_index(tmp_path):
    bad = {**V0, "version": 1, "turns": [{**V0["turns"][1], "kind": "chat", "extra": None}]}
    del bad["turns"][0]["extra"]
    with pytest.raises(MockintError, match=r"turns\[0\]\.kind: Input should be"):
        write(tmp_path, bad).load()


@pytest.mark.parametrize("change, field", [
    ({"scenario": None}, "scenario"), ({"turns": "abc"}, "turns"), ({"level": "zzz"}, "level"), ({"mode": "zzz"}, "mode"),
], ids=["no-scenario", "turns-abc", "unknown-level", "unknown-mode"])
def test_rescore_of_a_damaged_session_is_one_line_exit_2(tmp_path, change, field):
    """Issue 13: missing `scenario` was a KeyError, `"turns": "abc"` an AttributeError, an unknown level a
    ValueError traceback from the scenario's calibration, and an unknown mode was rescored into history as it was."""
    folder = write(tmp_path, {k: v for k, v in {**V0, **change}.items() if v is not None})
    env = {**os.environ, "MOCKINT_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "mockint", "rescore", str(folder.path)], env=env, capture_output=True,
                         text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert out.returncode == 2, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{folder.record_path}: {field}:" in lines[0], out.stderr
    assert "Traceback" not in out.stderr


def test_rescore_with_a_recording_gone_is_one_line_and_keeps_the_report(tmp_path):
    """A turn that was recorded (it has a duration) but whose WAV is gone: rescore used to score it as
    "No speech heard", 0/100, over the saved report and into history."""
    data = {**V0, "mode": "mock", "turns": [{**V0["turns"][1], "kind": "answer", "key": "answer"}]}
    del data["turns"][0]["extra"]
    folder = write(tmp_path, data)
    folder.report_path.write_text("{}")  # what was saved before: never overwritten by a fake report
    env = {**os.environ, "MOCKINT_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "mockint", "rescore", str(folder.path)], env=env, capture_output=True,
                         text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert out.returncode == 2, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in out.stderr, out.stderr
    assert lines[0].startswith(f"{folder.path / 'turns/02-section-situation.wav'}: the recording of turn 2 is missing"), lines[0]
    assert folder.report_path.read_text() == "{}" and not (tmp_path / "history.db").exists()
