"""Generic or specific lessons (mockint.scoring.lesson), read through the whole scorer: examples written for
this file, none from the corpus or the stress set."""

from __future__ import annotations

import pytest

from mockint.library.store import find_scenario
from mockint.scoring.rubric import score_answer
from mockint.scoring.transcript import Transcript

STORY = (
    "I was on the billing team, and our invoice emails were going out twice for about one customer in fifty. "
    "I read the mailer logs, found that a retry after a timeout re-sent messages the provider had already accepted, "
    "and added an idempotency key to every send. Duplicate invoices went from 2% to zero within a week. "
)


def flags(lesson: str, level: str = "sde2") -> set[str]:
    r = score_answer(Transcript.from_text(STORY + lesson), find_scenario("dive-deep-memory-leak"), level)
    return set(r.flag_codes())


@pytest.mark.parametrize(
    "lesson",
    [
        "What I learned is that attention to detail goes a long way.",
        "The lesson for me was to be more proactive.",
        "I learned a lot about email systems from this one.",
        "It taught me that the most important thing is to test everything.",
        "I realized how important it is to plan better.",
        "The main takeaway is that you cannot build good software without good communication.",
        "I learned that reliability matters more than features.",
    ],
)
def test_a_platitude_is_generic(lesson):
    assert "generic_reflection" in flags(lesson)


@pytest.mark.parametrize(
    "lesson",
    [
        "What I learned is to make every send idempotent before I add a retry to it.",
        "Now I always check whether a provider accepted a message before retrying it, instead of trusting the timeout.",
        "The lesson was about retries. A timeout does not mean the provider failed, so my retries now carry a key the provider can dedupe on.",
        "I learned to check the provider's delivery receipts whenever a customer reports a duplicate.",
        "Looking back, the real problem was that nobody owned the mailer, so I got it a named owner and an alert on duplicate sends.",
    ],
)
def test_a_lesson_grounded_in_the_story_is_not(lesson):
    assert "generic_reflection" not in flags(lesson, "sde1")


def test_no_lesson_is_not_a_generic_one():
    assert "generic_reflection" not in flags("And that's it.")
