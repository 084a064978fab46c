"""The interview loop (`mockint practice --loop N`): the debrief's pure parts on real answers, and a whole round
through the CLI with replayed recordings and the real engine."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import fixture_audio, load_ground_truth
from mockint.session.debrief import reused_stories
from mockint.session.loop import loop_scenarios
from mockint.store.rounds import load_debrief, rounds_dir


def run(*args):
    return subprocess.run([sys.executable, "-m", "mockint", *args], capture_output=True, text=True, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize(("a", "b", "same"), [
    ("strong_continuous_us165", "paraphrase_strong", True),  # the webhook story retold in other words
    ("strong_continuous_us165", "we_everywhere", True),
    ("own_story_data_pipeline", "own_story_mobile_crash", False),
    ("strong_continuous_us165", "own_story_data_pipeline", False),
    ("paraphrase_strong", "own_story_mobile_crash", False),
])
def test_a_story_told_twice_is_found_by_its_content_words(a, b, same):
    found = reused_stories([load_ground_truth(a)["text"], load_ground_truth(b)["text"]])
    assert bool(found) is same and all(r.questions == (1, 2) for r in found)


def test_the_round_asks_each_question_for_a_different_principle():
    picked = loop_scenarios(4)
    assert len({s.principles[0] for s in picked}) == 4
    assert [s.principles[0] for s in picked][:2] == ["Customer Obsession", "Ownership"]


@pytest.mark.parametrize(("args", "line"), [
    (["--loop", "0"], "--loop: 0: a round has at least one question"),
    (["--loop", "2", "--mode", "guided"], "--loop: every question of a round is a mock answer (drop --mode guided)"),
    (["--loop", "40"], "--loop: 40 questions need 40 principles"),
])
def test_a_bad_loop_is_one_line_and_exit_2(args, line):
    r = run("practice", "--demo", "--no-speak", *args)
    assert r.returncode == 2 and "Traceback" not in r.stderr and line in r.stderr.strip().splitlines()[-1]


def test_a_round_of_three_replayed_answers_ends_with_one_debrief_and_is_in_the_history(mockint_home):
    answers = ["strong_continuous_us165", "paraphrase_strong", "own_story_data_pipeline"]
    files = [x for n in answers for x in ("--answer", str(fixture_audio(n)))]
    r = run("practice", "--loop", "3", "--no-speak", "--fast", "--max-probes", "0", "--format", "terminal,json", *files)
    assert r.returncode == 0, r.stderr
    [folder] = list(rounds_dir(mockint_home).iterdir())
    d = load_debrief(folder)
    assert d.complete and [q.number for q in d.questions] == [1, 2, 3]
    assert len({q.principle for q in d.questions}) == 3
    assert [s.questions for s in d.reused_stories] == [(1, 2)]  # the webhook story, told for two principles
    assert d.questions[0].verdict in ("Strong Hire", "Hire") and d.principles and d.strong
    for out in (r.stdout, (folder / "debrief.txt").read_text()):  # printed, and written beside debrief.json
        assert "Verdict per question" in out and "Principles across the round" in out
        assert "Questions 1 and 2: " in out  # the stories told twice
    assert "Questions 1 and 2 told the same story" in d.summary
    assert json.loads((folder / "debrief.json").read_text())["reused_stories"][0]["questions"] == [1, 2]
    for q in d.questions:  # each question is a mock session of its own, with its report
        report = json.loads((mockint_home / "sessions" / q.session_id / "report.json").read_text())
        assert report["mode"] == "mock" and report["scenario"] == q.scenario
    h = run("history")
    assert h.returncode == 0 and "Interview rounds" in h.stdout and folder.name in h.stdout
    assert all(q.scenario in h.stdout for q in d.questions)
