"""Where the answer seems to be while it is spoken (mockint.scoring.live) and the redirect of a rambling
Situation (mockint.speech.listener), on the fixtures' ground-truth sentences and word times."""

from __future__ import annotations

import pytest
from conftest import FIXTURES_DIR, load_ground_truth

from mockint.library.store import find_scenario
from mockint.scoring.live import LiveCue, live_cue, rambling, track_sections
from mockint.scoring.transcript import Word
from mockint.scoring.turn import Heard
from mockint.speech.listener import AnswerListener

TARGETS = {s.key: s.target_seconds for s in find_scenario("customer-obsession-webhook").sections}
CONTINUOUS = sorted(
    p.stem for p in [*FIXTURES_DIR.glob("*.json"), *FIXTURES_DIR.glob("thinking_pauses/*.json")]
    if load_ground_truth(p.name, p.parent)["kind"] == "continuous"
)


def timed_words(truth: dict) -> list[Word]:
    """The ground-truth sentences as words spread evenly over each sentence's span."""
    out = []
    for s in truth["sentences"]:
        toks = s["text"].split()
        step = (s["end"] - s["start"]) / len(toks)
        out += [Word(word=t, start=s["start"] + i * step, end=s["start"] + (i + 1) * step) for i, t in enumerate(toks)]
    return out


def _truth(name: str) -> dict:
    folder = FIXTURES_DIR / "thinking_pauses" if name.startswith("pause_") else FIXTURES_DIR
    return load_ground_truth(name, folder)


def redirects(truth: dict) -> list[float]:
    """Replay the answer sentence by sentence into a listener; when it said its redirect (seconds)."""
    words = timed_words(truth)
    heard = Heard([], 0.0)
    said: list[str] = []
    listener = AnswerListener(lambda: heard, TARGETS, say=said.append)
    for s in truth["sentences"]:
        heard = Heard([w for w in words if w.end <= s["end"] + 1e-6], s["end"])
        listener.on_pause(s["end"] + 0.35, 0.35)  # the gap after each sentence
    assert len(said) == len(listener.interruptions)
    return [i.at for i in listener.interruptions]


def test_a_rambling_situation_is_redirected_once_between_45_and_75_seconds_at_a_sentence_end():
    truth = load_ground_truth("rambling_situation")
    at = redirects(truth)
    assert len(at) == 1 and 45 <= at[0] <= 75
    assert any(abs(at[0] - 0.35 - s["end"]) < 0.01 for s in truth["sentences"])


@pytest.mark.parametrize("name", [n for n in CONTINUOUS if n != "rambling_situation"])
def test_other_answers_are_never_redirected(name):
    assert redirects(_truth(name)) == []


def test_no_redirect_when_turned_off_or_not_in_a_pause():
    truth = load_ground_truth("rambling_situation")
    heard = Heard(timed_words(truth)[:150], 62.9)
    off = AnswerListener(lambda: heard, TARGETS, say=lambda t: None, interrupt=False)
    off.on_pause(63.0, 1.0)
    speaking = AnswerListener(lambda: heard, TARGETS, say=lambda t: None)
    speaking.on_pause(63.0, 0.1)  # a gap between two words is not a pause to talk in
    assert off.interruptions == [] and speaking.interruptions == []
    speaking.on_pause(63.3, 0.4)
    assert len(speaking.interruptions) == 1


def test_the_live_cue_follows_the_sections():
    truth = load_ground_truth("own_story_mobile_crash")
    words = timed_words(truth)
    assert [t.key for t in track_sections(words)] == ["situation", "task", "action", "result", "reflection"]
    cue = live_cue(track_sections([w for w in words if w.end <= 40.0]), 40.0, TARGETS)
    assert cue.section == "action" and cue.target == 90 and not cue.over
    assert LiveCue("situation", 62.0, 30.0).label() == "Situation 1:02 / 0:30 OVER"
    assert rambling(LiveCue("situation", 61.0, 30.0)) and not rambling(LiveCue("action", 200.0, 90.0))
