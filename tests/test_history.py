"""The attempts history (SQLite with migrations) and the `mockint report` / `mockint history` commands."""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import subprocess
import sys
import wave
from pathlib import Path

import pytest
from report_factory import ROOT, scored_report, seed, strong_hand_report, weak_hand_report

from mockint.errors import MockintError
from mockint.scoring.report import Flag
from mockint.store.folder import find_session
from mockint.store.history import MIGRATIONS, History, compare, migrate, with_deltas

SID = "customer-obsession-webhook"


@pytest.fixture(scope="module")
def sc():
    return seed()


def make_session(home: Path, name: str, report, *, mode: str = "mock", complete: bool = True, audio: str | None = None) -> Path:
    """A session folder as mockint.session.flows writes it: session.json, turns/, report.json."""
    d = home / "sessions" / name
    (d / "turns").mkdir(parents=True)
    report = report.model_copy(update={"mode": mode})
    turns = [{"index": 1, "kind": "answer", "key": "answer", "prompt": "Tell me about a time...",
              "audio": audio or "turns/01-answer.wav", "transcript": "turns/01-answer.json"}]
    meta = {"version": 1, "id": name, "scenario": report.scenario, "mode": mode, "level": report.level, "started_at": report.created_at,
            "ended_at": report.created_at, "complete": complete, "turns": turns}
    (d / "session.json").write_text(json.dumps(meta))
    (d / "turns" / "01-answer.json").write_text(report.transcript.model_dump_json())
    with wave.open(str(d / (audio or "turns/01-answer.wav")), "wb") as w:  # half a second of silence
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\0\0" * 8000)
    (d / "report.json").write_text(report.model_dump_json(indent=2))
    return d


@pytest.fixture
def home(tmp_path, sc) -> Path:
    """A data directory with three sessions: weak, then strong, then strong at the senior level."""
    h = tmp_path / "home"
    make_session(h, f"20261120-090000-{SID}-mock", weak_hand_report(sc, created_at="2026-11-20T09:00:00"))
    make_session(h, f"20261124-090000-{SID}-guided", strong_hand_report(sc, created_at="2026-11-24T09:00:00", score=71.0), mode="guided")
    make_session(h, f"20261127-090000-{SID}-mock", strong_hand_report(sc, created_at="2026-11-27T09:00:00", level="senior"))
    return h


def test_migrations_are_named_and_applied_once(tmp_path):
    History(home=tmp_path)
    db = sqlite3.connect(tmp_path / "history.db")
    assert [r[0] for r in db.execute("SELECT name FROM _migrations")] == [m.__name__ for m in MIGRATIONS] == ["m001_initial"]
    assert migrate(db) == []  # idempotent
    cols = {r[1] for r in db.execute("PRAGMA table_info(attempts)")}
    assert {"session_id", "scenario", "mode", "level", "created_at", "score", "verdict", "sections", "flags", "duration"} <= cols


def test_record_and_list(tmp_path, sc):
    h = History(home=tmp_path)
    assert h.attempts() == []
    r = scored_report(sc, "weak")
    d = tmp_path / "sessions" / f"20261127-100000-{SID}-mock"
    d.mkdir(parents=True)
    a = h.record(r, d)
    assert a.id == 1 and a.session_id == d.name and a.scenario == SID
    [got] = h.attempts(SID)
    assert got.score == r.overall.score and got.verdict == r.overall.verdict
    assert got.flags == r.flag_codes() and "escalation" in got.flags
    assert [(s.key, s.score, s.duration) for s in got.sections] == [(s.key, s.score, s.duration) for s in r.sections]
    assert got.created_at == "2026-11-27T10:00:00"  # from the folder name: the report has no created_at
    h.record(r.model_copy(update={"overall": r.overall.model_copy(update={"score": 55.0})}), d)  # re-recording replaces
    assert [a.score for a in h.attempts()] == [55.0]
    assert h.attempts("another-scenario") == []


def test_rebuilt_when_database_is_missing(home, caplog):
    h = History(home=home)
    assert [a.mode for a in h.attempts()] == ["mock", "guided", "mock"]
    (home / "history.db").unlink()
    with caplog.at_level(logging.WARNING):
        h2 = History(home=home)
    assert "rebuilt it from 3 session folder(s)" in caplog.text
    assert [(a.created_at, a.level, a.score) for a in h2.attempts(SID)] == [
        ("2026-11-20T09:00:00", "sde2", 38.0), ("2026-11-24T09:00:00", "sde2", 71.0), ("2026-11-27T09:00:00", "senior", 85.0)]


def test_corrupted_database_file_is_moved_aside_and_rebuilt(home, caplog):
    History(home=home)
    (home / "history.db").write_bytes(b"this is not sqlite" * 100)
    with caplog.at_level(logging.WARNING):
        h = History(home=home)
    assert "is not a usable database" in caplog.text and "rebuilt it from 3 session folder(s)" in caplog.text
    assert len(h.attempts()) == 3
    assert len(list(home.glob("history.db.corrupt-*"))) == 1


def test_corrupted_row_is_skipped_with_a_warning(home, caplog):
    h = History(home=home)
    with sqlite3.connect(h.path) as db:
        db.execute("UPDATE attempts SET sections = '{not json' WHERE id = 2")
        db.execute("UPDATE attempts SET flags = '\"a string\"' WHERE id = 3")
    with caplog.at_level(logging.WARNING):
        got = h.attempts()
    assert [a.id for a in got] == [1]
    assert "attempt row 2" in caplog.text and "attempt row 3" in caplog.text and "corrupted, skipped" in caplog.text


def test_corrupted_report_is_skipped_with_a_warning(home, caplog):
    bad = home / "sessions" / f"20261124-090000-{SID}-guided" / "report.json"
    bad.write_text('{"scenario": "x", "overall": ')
    missing_field = home / "sessions" / f"20261127-090000-{SID}-mock" / "report.json"
    data = json.loads(missing_field.read_text())
    del data["overall"]
    missing_field.write_text(json.dumps(data))
    with caplog.at_level(logging.WARNING):
        h = History(home=home)
    assert [a.score for a in h.attempts()] == [38.0]
    assert str(bad) in caplog.text and "overall: Field required" in caplog.text


def test_compare(home):
    h = History(home=home)
    c = h.compare("1", "latest")
    assert c.a.id == 1 and c.b.id == 3 and c.score_delta == 85.0 - 38.0
    assert [s.key for s in c.sections] == ["situation", "task", "action", "result", "reflection"]
    task = next(s for s in c.sections if s.key == "task")
    assert task.a_duration is None and task.b_duration and task.b_duration > 10  # the weak answer had no Task
    assert "escalation" in c.flags_fixed and "missing_scope_boundary" in c.flags_fixed and c.flags_new == []
    assert compare(c.a, c.b).flags_fixed == c.flags_fixed
    assert h.compare(f"20261124-090000-{SID}-guided", "20261127").a.mode == "guided"  # by id, and by a unique part of it
    with pytest.raises(MockintError, match="ambiguous"):
        h.get("2026112")
    with pytest.raises(MockintError, match="not found"):
        h.get("nope")


@pytest.mark.parametrize("code", ["no_speech", "unclear_english"])
def test_deltas_within_a_series_of_complete_attempts(home, sc, code):
    """Deltas compare an attempt with the previous complete one of the same scenario and mode (issue 12); an
    answer with no speech, or one that may not be what was said, is no base for a trend."""
    make_session(home, f"20261128-090000-{SID}-mock", strong_hand_report(sc, created_at="2026-11-28T09:00:00", score=90.0), complete=False)
    empty = weak_hand_report(sc, created_at="2026-11-29T09:00:00")
    empty = empty.model_copy(update={"flags": [*empty.flags, Flag(code=code, message="No speech heard")]})
    make_session(home, f"20261129-090000-{SID}-mock", empty.model_copy(update={"overall": empty.overall.model_copy(update={"score": 0.0})}))
    make_session(home, f"20261130-090000-{SID}-mock", strong_hand_report(sc, created_at="2026-11-30T09:00:00", score=88.0))
    rows = with_deltas(History(home=home).attempts())
    assert [(a.mode, a.score, d) for a, d in rows] == [
        ("mock", 38.0, None), ("guided", 71.0, None), ("mock", 85.0, 85.0 - 38.0),
        ("mock", 90.0, None), ("mock", 0.0, None),  # incomplete, no speech: no delta, and not the base of the next
        ("mock", 88.0, 88.0 - 85.0)]


def test_rows_are_numbered_oldest_first_whatever_the_order_recorded(tmp_path, sc):
    h = History(home=tmp_path)
    for day, score in (("27", 85.0), ("20", 38.0), ("24", 71.0)):  # recorded newest first
        d = tmp_path / "sessions" / f"202611{day}-090000-{SID}-mock"
        d.mkdir(parents=True)
        h.record(strong_hand_report(sc, created_at=f"2026-11-{day}T09:00:00", score=score), d)
    assert [(a.number, a.score) for a in h.attempts()] == [(1, 38.0), (2, 71.0), (3, 85.0)]
    assert [a.number for a in h.attempts(SID)] == [1, 2, 3] and h.get("1").score == 38.0 and h.get(3).score == 85.0


def test_delete_moves_the_session_to_the_trash_and_back(home):
    h = History(home=home)
    folder = home / "sessions" / f"20261124-090000-{SID}-guided"
    gone, moved = h.delete("2")
    assert gone.session_id == folder.name and moved == home / "trash" / folder.name
    assert not folder.exists() and (moved / "report.json").is_file() and (moved / "turns" / "01-answer.wav").is_file()
    assert [a.mode for a in h.attempts()] == ["mock", "mock"] and [a.number for a in h.attempts()] == [1, 2]
    assert h.rebuild() == 2  # the trash is not read back
    moved.replace(folder)  # what the user does to restore it
    assert h.rebuild() == 3 and [a.mode for a in h.attempts()] == ["mock", "guided", "mock"]
    with pytest.raises(MockintError, match="attempt '9': not found"):
        h.delete("9")


def test_delete_of_the_same_session_twice_keeps_both_copies(home, sc):
    h = History(home=home)
    _, first = h.delete("1")
    make_session(home, f"20261120-090000-{SID}-mock", weak_hand_report(sc, created_at="2026-11-20T09:00:00"))
    h.rebuild()
    _, second = h.delete("1")
    assert first != second and first.is_dir() and second.is_dir() and second.name.endswith("-2")


def test_a_locked_database_is_busy_not_corrupt(home):
    """Another process holding the lock: one clear line after waiting, and the database is never moved aside."""
    History(home=home)
    other = sqlite3.connect(home / "history.db")
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(MockintError, match=r"history\.db: history is busy \(another mockint\?\)"):
            History(home=home, busy_seconds=0.3)
        p = mockint(home, "history")
        assert p.returncode == 2 and "history is busy (another mockint?)" in p.stderr
        assert len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr
    finally:
        other.rollback()
        other.close()
    assert list(home.glob("history.db.*")) == []
    assert len(History(home=home).attempts()) == 3


def test_a_session_whose_attempt_was_never_recorded_is_caught_up(home, sc):
    """A session that ended while another process held the history (its report saved, its row not) was missing
    from `mockint history` for good: the next opening of the history records it."""
    assert len(History(home=home).attempts()) == 3
    late = make_session(home, f"20261128-090000-{SID}-mock", strong_hand_report(sc, created_at="2026-11-28T09:00:00", score=90.0))
    p = mockint(home, "history")
    assert p.returncode == 0 and "2026-11-28" in p.stdout and not p.stderr, p.stdout + p.stderr
    attempts = History(home=home).attempts()
    assert [a.session_id for a in attempts][-1] == late.name and len(attempts) == 4


def test_a_lock_released_while_waiting_is_waited_for(home):
    h = History(home=home)
    other = sqlite3.connect(home / "history.db", check_same_thread=False)
    other.execute("BEGIN EXCLUSIVE")
    import threading

    threading.Timer(0.5, lambda: (other.rollback(), other.close())).start()
    assert len(History(home=home, busy_seconds=10).attempts()) == 3 and len(h.attempts()) == 3


def test_an_empty_database_file_is_rebuilt(home, caplog):
    History(home=home)
    (home / "history.db").write_bytes(b"")
    with caplog.at_level(logging.WARNING):
        assert [a.score for a in History(home=home).attempts()] == [38.0, 71.0, 85.0]
    assert "was missing or empty: rebuilt it from 3 session folder(s)" in caplog.text


def test_find_session(home):
    latest = find_session("latest", home)
    assert latest.name == f"20261127-090000-{SID}-mock"
    assert find_session("guided", home).name.endswith("-guided")
    assert find_session(str(latest)) == latest
    with pytest.raises(MockintError, match="^session 'zzz': not found"):
        find_session("zzz", home)


# -- the CLI, through `python -m mockint` with MOCKINT_HOME in a temp dir ---------------------------


def mockint(home: Path, *args: str, **env_extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MOCKINT_HOME": str(home), "COLUMNS": "120", **env_extra}
    return subprocess.run([sys.executable, "-m", "mockint", *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def test_cli_report_writes_every_format(home):
    p = mockint(home, "report", "latest")
    assert p.returncode == 0, p.stderr
    folder = home / "sessions" / f"20261127-090000-{SID}-mock"
    for ext in ("txt", "json", "md", "html"):
        assert f"wrote {folder / ('report.' + ext)}" in p.stdout
    assert "Hire  85/100" in p.stdout and "Situation" in p.stdout and "+47 vs last attempt" in p.stdout  # vs the last mock
    assert "\x1b[" not in p.stdout  # not a terminal: plain text
    html = (folder / "report.html").read_text()
    assert 'src="turns/01-answer.wav"' in html and 'id="progress"' in html
    assert "Strong example" in html
    (folder / "turns" / "01-answer.wav").unlink()
    p = mockint(home, "report", "latest", "-f", "html")
    assert p.returncode == 0 and "audio not found, the report cannot play it: turns/01-answer.wav" in p.stderr
    html = (folder / "report.html").read_text()
    assert "<audio" not in html.split('id="probes"')[0] and "The audio (turns/01-answer.wav) was not found" in html


def test_cli_report_one_format_by_id(home):
    p = mockint(home, "report", "guided", "--format", "md")
    assert p.returncode == 0, p.stderr
    [line] = p.stdout.splitlines()
    assert line.endswith("-guided/report.md")
    assert "## STAR sections" in Path(line.removeprefix("wrote ")).read_text()


def test_cli_report_open(home):
    p = mockint(home, "report", "latest", "--format", "html", "--open", BROWSER="echo opened %s")
    assert p.returncode == 0, p.stderr
    folder = home / "sessions" / f"20261127-090000-{SID}-mock"
    assert p.stdout.splitlines() == [f"wrote {folder / 'report.html'}", f"opened {(folder / 'report.html').as_uri()}"]


def test_cli_report_errors_are_one_line(home, tmp_path):
    p = mockint(home, "report", "nope")
    assert p.returncode == 2 and p.stderr.strip().startswith("session 'nope': not found") and len(p.stderr.strip().splitlines()) == 1
    empty = home / "sessions" / "20261128-090000-x-mock"
    empty.mkdir()
    p = mockint(home, "report", str(empty))
    assert p.returncode == 2 and p.stderr.strip().startswith(f"{empty / 'report.json'}: no report in this session")


def test_cli_history_lists_trends_and_compares(home):
    p = mockint(home, "history")
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    rows = [line.split() for line in lines if line.strip()[:1].isdigit()]
    assert [r[0] for r in rows] == ["1", "2", "3"]
    assert ["38", "–", "Lean", "No", "Hire"] == rows[0][6:11]
    assert rows[1][7] == "–" and rows[2][7] == "+47"  # guided is its own series; the mocks compare
    assert f"{SID} · mock  ▄▇  38 → 85 (+47 over 2 attempts)" in p.stdout and f"{SID} · guided  ▆  71 → 71 (1 attempt)" in p.stdout
    p = mockint(home, "history", "--compare", "1", "3")
    assert p.returncode == 0, p.stderr
    assert "Flags fixed:" in p.stdout and "escalation" in p.stdout
    task = next(line for line in p.stdout.splitlines() if line.strip().startswith("Task"))
    assert task.split()[1:3] == ["0:20", "–"]
    p = mockint(home, "history", "--scenario", "other")
    assert p.returncode == 0 and "No attempts yet" in p.stdout
    p = mockint(home, "history", "--compare", "1", "99")
    assert p.returncode == 2 and "attempt '99': not found" in p.stderr


def test_cli_history_rebuilds_a_deleted_database(home):
    assert mockint(home, "history").returncode == 0
    (home / "history.db").unlink()
    p = mockint(home, "history")
    assert p.returncode == 0 and "rebuilt it from 3 session folder(s)" in p.stderr
    assert "38 → 85" in p.stdout


@pytest.mark.parametrize("width", [80, 120])
def test_history_view_keeps_ids_and_numbers_whole(home, sc, width):
    """Issue 12: at 80 columns no scenario id is folded a few letters a line and no cell is cut."""
    from mockint.output.history_views import history_renderable
    from mockint.output.terminal import render_terminal_text

    other = "have-backbone-database-choice"
    make_session(home, f"20261128-090000-{other}-mock", strong_hand_report(sc, created_at="2026-11-28T09:00:00").model_copy(update={"scenario": other}))
    make_session(home, f"20261129-090000-{SID}-guided", weak_hand_report(sc, created_at="2026-11-29T09:00:00"), mode="guided", complete=False)
    text = render_terminal_text(history_renderable(History(home=home).attempts()), width=width)
    assert max(len(line.rstrip()) for line in text.splitlines()) <= width and "…" not in text
    assert f"Attempts at {SID}" in text and f"Attempts at {other}" in text
    rows = [line.split() for line in text.splitlines() if re.match(r"\s*\d+\s+\d{4}-\d\d-\d\d", line)]
    assert [r[0] for r in rows] == ["1", "2", "3", "5", "4"]  # numbered oldest first; grouped by scenario
    assert [r[1] for r in rows] == ["2026-11-20", "2026-11-24", "2026-11-27", "2026-11-29", "2026-11-28"]
    assert "(incomplete)" in text and "Senior" in text and "Lean No" in text
    assert all({"Score", "Δ", "Time", "Flags"} <= set(line.split()) for line in text.splitlines() if line.split()[:2] == ["#", "Date"])
    assert f"{SID} · mock" in text and "38 → 85 (+47 over 2 attempts)" in text


def test_cli_history_delete(home):
    folder = home / "sessions" / f"20261120-090000-{SID}-mock"
    p = mockint(home, "history", "delete", "1")
    assert p.returncode == 0, p.stderr
    [line] = p.stdout.strip().splitlines()
    assert line.startswith(f"Deleted #1 (2026-11-20 09:00, {SID}, mock, 38/100) from the history")
    assert str(home / "trash" / folder.name) in line and "mockint history --rebuild" in line
    assert not folder.exists() and (home / "trash" / folder.name / "report.json").is_file()
    p = mockint(home, "history")
    rows = [line.split() for line in p.stdout.splitlines() if re.match(r"\s*\d+\s+\d{4}-", line)]
    assert [(r[0], r[1]) for r in rows] == [("1", "2026-11-24"), ("2", "2026-11-27")]
    p = mockint(home, "history", "delete", "7")
    assert p.returncode == 2 and p.stderr.strip().startswith("attempt '7': not found") and len(p.stderr.strip().splitlines()) == 1
    assert mockint(home, "history", "--compare", "1", "2").returncode == 0  # the other forms still parse


def test_a_malformed_database_is_moved_aside_and_rebuilt(home, caplog):
    History(home=home)
    data = bytearray((home / "history.db").read_bytes())
    data[100:len(data)] = b"\xff" * (len(data) - 100)  # a valid header over garbage pages
    (home / "history.db").write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING):
        assert len(History(home=home).attempts()) == 3
    assert "is not a usable database" in caplog.text and len(list(home.glob("history.db.corrupt-*"))) == 1


def test_a_history_that_cannot_be_opened_is_one_line_and_not_moved(home):
    (home / "history.db").mkdir()
    with pytest.raises(MockintError, match=r"history\.db: cannot open the history: unable to open database file"):
        History(home=home)
    assert (home / "history.db").is_dir() and list(home.glob("history.db.*")) == []


def test_a_delete_that_cannot_finish_changes_nothing(home):
    h = History(home=home, busy_seconds=0.3)
    folder = home / "sessions" / f"20261120-090000-{SID}-mock"
    (home / "trash").write_text("a file where the trash folder goes")
    with pytest.raises(MockintError, match="cannot move it to .*trash.*nothing was deleted"):
        h.delete("1")
    assert folder.is_dir() and len(h.attempts()) == 3
    (home / "trash").unlink()
    other = sqlite3.connect(h.path)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(MockintError, match="history is busy"):
            h.delete("1")
    finally:
        other.rollback()
        other.close()
    assert folder.is_dir() and not (home / "trash").exists() and len(h.attempts()) == 3


def test_history_views_print_no_escape_sequences_read_back_from_the_database():
    from mockint.output.history_views import comparison_renderable, history_renderable
    from mockint.output.terminal import render_terminal_text
    from mockint.store.history import Attempt, compare

    def attempt(n: int) -> Attempt:
        return Attempt(id=n, number=n, session_id=f"s{n}", session_dir=f"/tmp/s{n}", scenario="evil\x1b]0;pwned\x07\x1b[2J", mode="mock", level="sde2",
                       created_at="2026-12-02T10:00:00", score=50.0 + n, verdict="Hire\x1b[31m", complete=True)

    out = render_terminal_text(history_renderable([attempt(1), attempt(2)]), width=100)
    out += render_terminal_text(comparison_renderable(compare(attempt(1), attempt(2))), width=100)
    # rich may colour the text itself; what the database held (a window title, a screen clear) is gone
    assert "\x1b]" not in out and "\x07" not in out and "\x1b[2J" not in out and "\x1b[31m" not in out and "Attempts at evil" in out
