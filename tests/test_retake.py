"""Retake before scoring (mock and guided), with the fakes; the real path through the CLI in a terminal is in
tests/test_terminal_80.py."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from fakes import FakeRecorder, FakeSpeaker, FakeTranscriber
from mockint.library.store import find_scenario
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
    text = (s.folder.path / "report.txt").read_text()
    assert "Retaken before scoring: the answer (turns/01-answer-answer.wav)" in text
    rebuilt, _ = rescore(str(s.folder.path), FakeTranscriber([seed.weak_answer.text, strong, seed.probes[0].strong_answer]), home=tmp_path)
    assert rebuilt.transcript.text == strong and rebuilt.audio == second.audio  # rescore skips the retaken take too


def test_a_retaken_guided_section_is_replaced_by_the_next_take(seed, tmp_path):
    texts = ["um so yeah", *[sec.strong_example or seed.reflection_for("sde2") for sec in seed.sections]]
    ask = Replies("r", "", "", "", "", "")
    s = session(seed, tmp_path, "guided", texts, ask, clips=6)
    report = s.run()
    assert ask.prompts[0] == "Press Enter to keep this Situation, or r + Enter to retake it: "
    assert [t.key for t in s.record.turns if t.redone] == ["situation"]
    assert report.section("situation").text == seed.sections[0].strong_example
    assert "Retaken before scoring: the Situation" in (s.folder.path / "report.txt").read_text()


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
