"""The evidence-based grade: evidence anywhere in the answer, red flags in context, severity not stacking,
the Bar Raiser's caps. One line per case; the scenario is the seed's."""

import pytest

from mockint.scoring import grading
from mockint.scoring.evidence import read_evidence
from mockint.scoring.text import Text
from mockint.scoring.rubric import score_answer
from mockint.library.store import find_scenario
from mockint.scoring.transcript import Transcript, Word


@pytest.fixture(scope="module")
def seed():
    return find_scenario("customer-obsession-webhook")


def codes(s, text, level="sde2"):
    return set(score_answer(Transcript.from_text(text), s, level).flag_codes())


def ev(text):
    return read_evidence(Text(Transcript.from_text(text).words))


COMPACT = (
    "I noticed our nightly billing export, owned by the data team and not my team, was timing out for advertisers. "
    "Nobody had asked me to look. I profiled the job, found an N plus one query, and rewrote it as one batch query, "
    "which cut processing time by 35% and saved about $12K a week. I learned to profile before guessing."
)


def test_result_folded_into_the_action_is_a_quantified_result(seed):
    r = score_answer(Transcript.from_text(COMPACT), seed, "sde2")
    assert "no_quantified_result" not in r.flag_codes()
    assert not any(f.code == "missing_section" and f.section == "result" for f in r.flags)
    assert "35%" in ev(COMPACT).quotes["outcome_number"].text


@pytest.mark.parametrize(
    "sentence, flagged",
    [
        ("I escalated it to their manager and they handled the fix.", True),
        ("I sent them a Slack message and they handled it.", True),
        ("This proactive fix prevented escalations from merchants.", False),
        ("Rather than escalating, I wrote the fix myself.", False),
        ("Escalation would have been a last resort.", False),
        ("I did not escalate; I brought a fix with tests.", False),
        ("Customer escalations dropped by 40% that quarter.", False),
        ("I could have escalated, but I paired with their on-call engineer instead.", False),
    ],
)
def test_escalation_read_in_context(seed, sentence, flagged):
    text = COMPACT + " " + sentence
    assert ("escalation" in codes(seed, text)) is flagged


@pytest.mark.parametrize(
    "text, generic",
    [
        (COMPACT.replace("I learned to profile before guessing.", "I learned that communication is important."), True),
        (COMPACT.replace("I learned to profile before guessing.", "I learned to check for clock skew whenever tokens expire early."), False),
        (COMPACT.replace(" I learned to profile before guessing.", ""), False),  # no reflection is not a generic one
    ],
)
def test_generic_reflection_is_a_platitude_not_a_technical_lesson(seed, text, generic):
    assert ("generic_reflection" in codes(seed, text, "sde1")) is generic


def test_we_language_counts_the_actions_not_the_context(seed):
    we = COMPACT.replace("I profiled the job, found", "We profiled the job, we found").replace("and rewrote", "and we rewrote")
    we = we.replace("I learned", "We then shipped it and we monitored it. I learned")
    assert "we_language" in codes(seed, we)
    context = "We had a weekly billing export that we ran for advertisers. " + COMPACT
    assert "we_language" not in codes(seed, context)


def test_advertisers_are_customers(seed):
    assert "no_customer_impact" not in codes(seed, COMPACT)


def test_scope_boundary_only_where_the_lead_lens_weighs_it(seed):
    text = COMPACT.replace(", owned by the data team and not my team,", "").replace("Nobody had asked me to look. ", "")
    assert "missing_scope_boundary" in codes(seed, text)
    frugality = find_scenario("frugality-warehouse-cost")
    assert "missing_scope_boundary" not in codes(frugality, text)


def test_a_short_answer_loses_depth_not_everything(seed):
    r = score_answer(Transcript.from_text(COMPACT), seed, "sde2")
    assert r.overall.score >= 55, r.overall  # a complete 60-word answer is at least Lean Hire
    thin = score_answer(Transcript.from_text("I fixed a bug in the checkout service."), seed, "sde2")
    assert thin.overall.score < r.overall.score - 30


def _timed(text: str, seconds: float) -> Transcript:
    ws = text.split()
    step = seconds / len(ws)
    return Transcript.from_words([Word(word=w, start=round(i * step, 2), end=round(i * step + step * 0.8, 2)) for i, w in enumerate(ws)])


def test_three_times_the_budget_is_at_most_lean_hire_whatever_it_contains(seed):
    text = " ".join(s.strong_example for s in seed.sections[:4]) + " " + seed.reflection_for("sde2")
    cal = seed.calibration("sde2")
    normal = score_answer(_timed(text, cal.max_seconds * 0.9), seed, "sde2")
    long = score_answer(_timed(" ".join([text] * 4), cal.max_seconds * 3.0), seed, "sde2")
    assert normal.overall.verdict in ("Strong Hire", "Hire")
    assert long.overall.verdict in ("Lean Hire", "Lean No Hire", "No Hire"), long.overall
    assert "over_budget" in long.overall.caps


def test_every_grade_part_is_explained(seed):
    r = score_answer(Transcript.from_text(COMPACT), seed, "sde2")
    parts = {p.feature: p for p in r.overall.breakdown}
    assert parts["outcome_number"].points > 0 and "35%" in parts["outcome_number"].quote
    assert "I profiled" in parts["own_actions"].quote
    assert sum(abs(p.points) for p in r.overall.breakdown) > 0


def test_verdict_bands_are_the_corpus_bands_unless_fitted():
    corpus = grading.VERDICT_BANDS
    assert [grading.verdict(x, corpus) for x in (85, 84.9, 70, 55, 54.9, 35, 34.9)] == [
        "Strong Hire", "Hire", "Hire", "Lean Hire", "Lean No Hire", "Lean No Hire", "No Hire"
    ]
    fitted = grading.load_weights().bands
    assert all(a > b for a, b in zip(fitted, fitted[1:])) and all(abs(f - c) <= 8 for f, c in zip(fitted, corpus))
    assert grading.verdict(fitted[0]) == "Strong Hire" and grading.verdict(fitted[3] - 0.1) == "No Hire"


def test_fitted_bands_follow_the_grades():
    from mockint.evaluation.scoring import fit_bands

    # scores that run 8 points under their grades at the top: the Strong Hire bound comes down to meet them
    rows = [(g - (8 if g >= 85 else 0), g) for g in (95, 92, 90, 88, 86, 75, 72, 60, 58, 40, 38, 20, 10)]
    bands = fit_bands(rows, grading.VERDICT_BANDS)
    assert bands[0] < 85 and bands[1:] == grading.VERDICT_BANDS[1:]
    assert fit_bands([(g, g) for _, g in rows], grading.VERDICT_BANDS) == grading.VERDICT_BANDS


ROUTED = (
    "Our checkout page started timing out for about 4% of carts during the sale. I looked at the dashboards and "
    "saw the payment service was slow, so I filed a ticket with the payments team and pinged their lead, and they "
    "found a missing index and fixed it that evening. Timeouts went from 4% to under 0.1%. "
)


def test_routed_and_a_platitude_as_the_lesson_is_no_hire(seed):
    """A hand-off caps the grade at Lean No Hire; told with a platitude as its lesson it is No Hire (the
    candidate shows no sign of seeing what they did); owned up to, it stays Lean No Hire at most."""
    unseen = score_answer(Transcript.from_text(ROUTED + "It showed me the value of collaboration across teams."), seed, "sde2")
    seen = score_answer(
        Transcript.from_text(ROUTED + "Looking back, I handed it off when I could have read the slow query log myself, which limited what I learned."),
        seed, "sde2",
    )  # fmt: skip
    assert "escalation" in unseen.flag_codes() and "escalation" in seen.flag_codes()
    assert unseen.overall.caps == ["escalation", "escalation_unseen"] and unseen.overall.verdict == "No Hire", unseen.overall
    assert "escalation_unseen" not in seen.overall.caps and seen.overall.score > unseen.overall.score


@pytest.mark.parametrize(
    "action, flagged",
    [
        # no one does the deeds: passive voice hides the candidate as well as 'we' does
        ("The key was rotated within the hour, a scanner was added to the pipeline and the old keys were purged from history.", True),
        ("My team and I traced the crash, my team and I wrote a lock, and my team and I shipped the hotfix.", True),
        # the candidate's deeds are told: a passive clause around them is fine
        ("I rotated the key within the hour and I added a scanner to the pipeline; the old keys were purged by the nightly job.", False),
    ],
)
def test_actions_with_no_one_doing_them_are_we_language(seed, action, flagged):
    text = "I was on the payments team and our refund job kept timing out. " + action + " After the change it ran in 9 minutes instead of 50."
    assert ("we_language" in codes(seed, text)) is flagged
