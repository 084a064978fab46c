"""A number on the outcome, not on the problem (mockint.scoring.outcome), on normalized sentences."""

from __future__ import annotations

import pytest

from mockint.scoring.normalize import normalize
from mockint.scoring.outcome import outcome_measure


def measured(sentence: str, in_reflection: bool = False) -> str | None:
    s = normalize(sentence)
    m = outcome_measure(s, 0, len(s), in_reflection)
    return m.group(0) if m else None


@pytest.mark.parametrize(
    "sentence",
    [
        "That cut the build from forty minutes to twelve.",
        "We reduced the sensitive fields sent to the vendor by over ninety percent.",
        "The nightly job now runs three times faster.",
        "Page weight dropped by a third.",
        "After the change, a grep over a day of new logs found zero card numbers.",
        "Refunds used to take two weeks and now take a day.",
        "Cost per order came down from 4 cents to about 1.5.",
        "We have not had a single failed export in the eight months since.",
        # a count the change produced, a before-and-after in time words, a sum paid back, a decade of a score
        "The packer app shipped about 900 more boxes per shift.",
        "It re-routed about 30,000 stuck parcels to the right depots.",
        "Onboarding a new seller went from a month to under a week.",
        "The carrier refunded us three months of fees.",
        "None of the 20 sellers on the old feed churned.",
        "Our accessibility score went from the sixties to the high nineties.",
        "It found two more leaked keys in the first week.",
    ],
)
def test_a_measured_outcome(sentence):
    assert measured(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The bug hit about 10% of Android users on version 4.2 of the app.",
        "It shipped in sprint 14 and the product manager was thrilled.",
        "I upgraded the service from Java 8 to 17.",
        "It took me 3 days to find the root cause and 2 more to fix it.",
        "The pipeline processed 200 GB a day across 40 tables.",
        "Latency improved a lot after the fix.",
        "The service ran on 12 instances and our team of 6 owned it.",
        # aimed at, not reached; a date, not a size
        "The goal was to cut the cost by 30 percent, and we got the change out on time.",
        "My target for the quarter was to reduce returns by 10 percent.",
        "It launched three weeks before the holiday peak and held up well.",
        "The fix went out in the 5.1 release and the crashes stopped.",
    ],
)
def test_numbers_that_size_the_problem_or_name_a_thing(sentence):
    assert measured(sentence) is None


def test_in_the_reflection_only_a_change_counts():
    assert measured("Since then I added 3 alerts to every consumer.", in_reflection=True) is None
    assert measured("Since then I added 3 alerts to every consumer.") == "3"
    assert measured("That cut pages from nine a month to two.", in_reflection=True)


def test_the_normalizer_slips_on_one_are_repaired():
    assert normalize("from 1.5 seconds to one second") == "from 1.5 seconds to 1 second"


def test_a_decimal_point_one_keeps_its_number_and_unit():
    """The normalizer reads ".1" as the word "one" and drops the unit after it ("2.1%" -> "2 one")."""
    assert normalize("errors fell from 2.1% to 0.1%") == "errors fell from 2.1% to 0.1%"
    assert normalize("the 4.1 release") == "the 4.1 release" and normalize("it took 1.1 hours") == "it took 1.1 hours"
