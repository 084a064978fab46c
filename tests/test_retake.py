"""Retake before scoring (mock and guided), with the fakes; the real path through the CLI in a terminal is in
tests/test_terminal_80.py."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from fakes import FakeRecorder, FakeSpeaker, FakeTranscriber
from mockint.library.store import find_scenario
from mockint.output.common import take_label
from mockint.output.markdown import render_markdown
from mockint.scoring.report import Report
from mockint.session.context import SessionOptions
from mockint.session.rescore import rescore
from mockint.session.runner import Session
from mockint.store.folder import SessionFolder

SR = 16000


def tone(seconds: float) -> np.ndarray:
    return (0.1 * np.sin(np.arange(int(seconds * SR)) * 2 * np.pi * 220 / SR)).astype(np.float32)


class Replies:
    """Typed replies at the prompts, in order ('' = Enter); records each prompt."""

    def __init__(self, *replies: str):
        self.replies = list(replies)
        self.prompts: list[str] = []

    def __call__(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if not self.replies:
            raise EOFError
        return self.replies.pop(0)


@pytest.fixture
def seed():
    return find_scenario("customer-obsession-webhook")


def model_answer(seed) -> str:
    return " ".join([x.strong_example for x in seed.sections if x.strong_example] + [seed.reflection_for("sde2")])


def session(seed, tmp_path, mode, texts, ask, *, retake=True, clips=4):
    return Session(
        seed,
        SessionOptions(mode=mode, streaming=False, formats=("terminal", "json"), allow_retake=retake, max_probes=1),
        speaker=FakeSpeaker(),
        recorder=FakeRecorder([tone(1.0) for _ in range(clips)]),
        transcriber=FakeTranscriber(texts),
        home=tmp_path,
        ask=ask,
        clock=lambda: datetime(2026, 11, 27, 9, 30, 0),
    )


def test_a_retaken_mock_answer_stays_on_disk_and_is_not_scored(seed, tmp_path):
    strong = model_answer(seed)
    ask = Replies("r", "", "")  # retake the answer, keep the second take, keep the probe's answer
    s = session(seed, tmp_path, "mock", [seed.weak_answer.text, strong, seed.probes[0].strong_answer], ask)
    report = s.run()
    assert ask.prompts[0] == "Press Enter to keep your answer, or r + Enter to retake it: "
    first, second = s.record.turns[0], s.record.turns[1]
    assert (first.kind, first.redone, second.kind, second.redone) == ("answer", True, "answer", False)
    assert (s.folder / first.audio).stat().st_size > 44 and (s.folder / first.transcript).is_file()  # nothing lost
    assert report.audio == second.audio and report.transcript.text == strong  # scored on the take kept
    assert report.overall.score > 60
    assert report.retakes == 1 and [p.retakes for p in report.probes] == [0]  # one take discarded before the one scored
    assert Report.model_validate_json((s.folder.path / "report.json").read_text()).retakes == 1
    text = (s.folder.path / "report.txt").read_text()
    assert "Retaken before scoring: the answer (turns/01-answer-answer.wav)" in text
    assert "mock · 2026-11-27T09:30:00 · 2nd take" in text  # the report's header line
    assert "**Answer:** 2nd take" in render_markdown(report)
    rebuilt, _ = rescore(str(s.folder.path), FakeTranscriber([seed.weak_answer.text, strong, seed.probes[0].strong_answer]), home=tmp_path)
    assert rebuilt.transcript.text == strong and rebuilt.audio == second.audio  # rescore skips the retaken take too
    assert rebuilt.retakes == 1


def test_a_retaken_guided_section_is_replaced_by_the_next_take(seed, tmp_path):
    texts = ["um so yeah", *[sec.strong_example or seed.reflection_for("sde2") for sec in seed.sections]]
    ask = Replies("r", "", "", "", "", "")
    s = session(seed, tmp_path, "guided", texts, ask, clips=6)
    report = s.run()
    assert ask.prompts[0] == "Press Enter to keep this Situation, or r + Enter to retake it: "
    assert [t.key for t in s.record.turns if t.redone] == ["situation"]
    assert report.section("situation").text == seed.sections[0].strong_example
    assert [(x.key, x.retakes) for x in report.sections if x.retakes] == [("situation", 1)] and report.retakes == 0
    text = (s.folder.path / "report.txt").read_text()
    assert "Retaken before scoring: the Situation" in text and "Situation (2nd take)" in text
    assert "Task (" not in text


def test_a_probe_retaken_twice_is_its_third_take(seed, tmp_path):
    strong = model_answer(seed)
    ask = Replies("", "r", "r", "")  # keep the answer; retake the probe's answer twice, keep the third
    s = session(seed, tmp_path, "mock", [strong, "uh", "hmm", seed.probes[0].strong_answer], ask)
    report = s.run()
    assert report.retakes == 0 and [p.retakes for p in report.probes] == [2]
    assert sum(t.redone for t in s.record.turns) == 2 and all((s.folder / t.audio).is_file() for t in s.record.turns)
    assert "3rd take" in (s.folder.path / "report.txt").read_text()


@pytest.mark.parametrize("retakes, label", [(0, ""), (1, "2nd take"), (2, "3rd take"), (3, "4th take"), (10, "11th take"), (20, "21st take")])
def test_take_label(retakes, label):
    assert take_label(retakes) == label


def test_a_report_written_before_retakes_were_counted_still_loads():
    """report.json of an older session, without the `retakes` fields."""
    data = {"scenario": "s", "level": "sde2", "overall": {"score": 50, "verdict": "Hire"}, "sections": [
        {"key": "situation", "title": "Situation", "target": 20, "score": 50}], "delivery": {"budget_min": 60, "budget_max": 120},
        "transcript": {"text": ""}, "probes": [{"probe_id": "p", "question": "q", "reason": "r"}]}
    r = Report.model_validate(data)
    assert (r.retakes, r.sections[0].retakes, r.probes[0].retakes) == (0, 0, 0)


def test_no_prompt_when_retake_is_not_offered(seed, tmp_path):
    ask = Replies()
    s = session(seed, tmp_path, "mock", [seed.weak_answer.text], ask, retake=False)
    s.run()
    assert ask.prompts == [] and not any(t.redone for t in s.record.turns)


def test_end_of_input_at_the_prompt_keeps_the_take(seed, tmp_path):
    ask = Replies()  # stdin closed: EOFError
    s = session(seed, tmp_path, "mock", [seed.weak_answer.text], ask)
    report = s.run()
    assert len(ask.prompts) >= 1 and not any(t.redone for t in s.record.turns)
    assert report.audio == s.record.turns[0].audio
    assert SessionFolder(s.folder.path).load().retaken() == []


def test_retake_in_learn_mode_is_one_line_and_exit_2():
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "mockint", "practice", "--mode", "learn", "--retake", "--demo", "--no-speak"],
                       capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines()[-1].endswith("--retake: learn mode records no answer to retake (use --mode mock or guided)")
