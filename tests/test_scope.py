"""Whose job it was (mockint.scoring.scope), through the whole scorer: examples written for this file, none
from the corpus, the stress or the validation set."""

from __future__ import annotations

import pytest

from mockint.library.store import find_scenario
from mockint.scoring.rubric import score_answer
from mockint.scoring.transcript import Transcript

REST = (
    " I pulled the job's failure history, found that two tests shared one temp directory, and gave each its own. "
    "Failed builds went from 15% to 1%. I learned to look for shared state first whenever a test fails only in CI."
)


def missing_scope(situation: str) -> bool:
    r = score_answer(Transcript.from_text(situation + REST), find_scenario("ownership-flaky-ci"), "sde2")
    return "missing_scope_boundary" in r.flag_codes()


@pytest.mark.parametrize(
    "situation",
    [
        "The CI runners are the developer-experience team's, and I'm on checkout.",
        "That pipeline is owned by the release engineering group; I had never worked on it.",
        "Honestly it was the tooling vendor's problem, since they host the runners.",
        "I'm not supposed to touch the shared build config, but the flaky builds were blocking everyone.",
        "The test harness had no owner after its author left, and nobody had asked me to look at it.",
        # a hedge inside the words, a possessive at the clause's end, one's own team against the problem's place
        "I'm a frontend engineer, so the build farm is, honestly, not really my job, but the failures blocked my releases.",
        "The flakiness came from the artifact cache, which another team owns, and it kept failing my builds.",
        "The retries lived in the runner agent, which is the infra team's, they were busy with a migration.",
        "I'm on the payments team, and this was a build tooling problem in the shared runners.",
    ],
)
def test_a_boundary_said_in_any_words(situation):
    assert not missing_scope(situation)


@pytest.mark.parametrize(
    "situation",
    [
        "Our builds were failing about one time in six, and it was slowing the whole team down.",
        "I took ownership of the flaky builds and worked with the infra team on a plan.",
        "It was a bug in my own team's test suite, and I was on call that week.",
        "This was outside my comfort zone, because I had only written frontend code before.",
    ],
)
def test_no_boundary(situation):
    assert missing_scope(situation)
