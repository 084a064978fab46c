"""End of turn that reads the answer (mockint.scoring.turn): how an answer reads, and the windows applied."""

from __future__ import annotations

import pytest
from conftest import load_ground_truth

from mockint.scoring.transcript import Word
from mockint.scoring.turn import Heard, TurnWindows, end_of_turn, read_turn


def words(text: str) -> list[Word]:
    return [Word(word=w) for w in text.split()]


@pytest.mark.parametrize(
    "text, state",
    [
        ("I fixed the retry logic. That's my answer.", "done"),
        ("The drop rate went to zero. I'm done.", "done"),
        ("I'm done with the logs, so I wrote a fix", "unfinished"),
        ("The drop rate went to zero, and that's it.", "finished"),
        ("I wrote the fix. So that was the outcome.", "finished"),
        ("I added retries. As a result, the drop rate went to zero.", "result"),
        ("I added retries. Looking back, I should have set an SLO earlier.", "finished"),
        ("As a result, the drop rate went to zero and then", "unfinished"),
        ("As a result, the drop rate went to zero, and then...", "unfinished"),
        ("As a result, the drop rate went to zero. And so.", "unfinished"),
        # Whisper's "..." where the audio of a chunk stopped: a complete sentence is still complete
        ("Looking back, I added rotation tests so the team catches this bug before it ships...", "finished"),
        ("As a result, the drop rate went to zero. So...", "unfinished"),
        ("Looking back, I learned. We then...", "unfinished"),
        ("As a result, the drop rate went to zero. Um.", "unfinished"),
        ("As a result, the drop rate went to zero. Uh", "unfinished"),
        # a judgement of one's own part is a reflection, whatever opened it (here a misheard "However")
        ("I reported it. The drop rate improved. Hi everyone, I did not take ownership, which limited my impact on the outcome.", "finished"),
        ("I added retries. As a result, the drop rate went to zero. I should have added the alert a month earlier.", "finished"),
        ("I added retries. As a result, the drop rate went to zero. It would have cost us 10K a week.", "result"),
        ("Our payments system handles a million events a day.", "unfinished"),
        ("I traced the failure to a race condition in the retry logic.", "unfinished"),
        ("", "unfinished"),
        # STAR runs in order: a Result or Reflection cue before any Action is the Situation, not the end
        ("Last spring I was on the app team. After the release, 2% of our users saw the app crash.", "unfinished"),
        ("As a result, the drop rate went to zero.", "unfinished"),
        ("Last spring I won a mobile engineer on our app. After the release, 2% of our users saw it crash.", "unfinished"),
        ("I learned about the outage from a customer. Nobody owned the payment library.", "unfinished"),
        ("I learned about the outage from a customer. I traced it to a race. As a result, errors went to zero.", "result"),
    ],
)
def test_how_an_answer_reads(text, state):
    assert read_turn(words(text)).state == state


CONTINUOUS = [
    "strong_continuous_us165", "strong_continuous_gb145", "strong_continuous_f2_165", "paraphrase_strong",
    "weak_continuous", "rambling_situation", "we_everywhere", "no_task_no_reflection", "straight_to_action",
    "own_story_data_pipeline", "own_story_mobile_crash", "fillers", "long_pauses",
]


@pytest.mark.parametrize("name", CONTINUOUS)
def test_fixture_answers_read_unfinished_until_their_result_and_finished_at_the_end(name):
    """On the ground-truth sentences: a pause anywhere before the Result waits long; the end reads finished
    (or, with no Reflection, as a Result heard)."""
    truth = load_ground_truth(name)
    said: list[Word] = []
    early = []
    for s in truth["sentences"]:
        said += words(s["text"])
        if s["section"] in ("situation", "task", "action") and read_turn(said).state != "unfinished":
            early.append(s["text"])
    assert early == []
    ends_with = "finished" if truth["sentences"][-1]["section"] == "reflection" else "result"
    assert read_turn(said).state == ends_with, read_turn(said).reason


def test_windows_by_reading():
    w = TurnWindows(finished=1.0, result=2.0, unfinished=6.5, done=0.3, fallback=3.0)
    finished = Heard(words("I added retries. As a result, the drop rate went to zero. Looking back, I learned to add an SLO."), 10.0)
    result = Heard(words("I added retries. As a result, the drop rate went to zero."), covered=10.0)
    unfinished = Heard(words("I traced it to the retry logic, and then"), covered=10.0)
    done = Heard(words("That's my answer."), covered=10.0)
    assert end_of_turn(finished, 9.5, 0.9, w) is None
    assert end_of_turn(finished, 9.5, 1.0, w).ended_by == "finished"
    assert end_of_turn(result, 9.5, 1.9, w) is None and end_of_turn(result, 9.5, 2.0, w).ended_by == "finished"
    assert end_of_turn(unfinished, 9.5, 6.0, w) is None
    decision = end_of_turn(unfinished, 9.5, 6.5, w)
    assert decision.ended_by == "silence" and decision.window == 6.5 and "cut off" in decision.reading.reason
    assert end_of_turn(done, 9.5, 0.3, w).ended_by == "spoken_done"
    # no transcript: the plain silence window
    assert end_of_turn(None, 9.5, 2.9, w) is None and end_of_turn(None, 9.5, 3.0, w).ended_by == "silence"


def test_words_still_being_transcribed_fall_back_to_the_plain_window():
    w = TurnWindows(finished=1.0, unfinished=6.5, fallback=3.0)
    behind = Heard(words("I added retries. As a result, the drop rate went to zero."), covered=5.0)  # speech went on to 9.5 s
    assert end_of_turn(behind, 9.5, 2.9, w) is None  # not read yet: the plain window, not the short one
    assert end_of_turn(behind, 9.5, 3.0, w).ended_by == "silence"
    assert end_of_turn(Heard(behind.words, covered=9.6), 9.5, 2.0, w).ended_by == "finished"  # read: a Result
