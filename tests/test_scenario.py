"""The seed scenario: every element of the source document is in the file and loads."""

from pathlib import Path

import pytest

from mockint.errors import MockintError
from mockint.library.schema import SECTION_ORDER
from mockint.library.store import find_scenario, load_scenario

SEED = Path(__file__).resolve().parents[1] / "scenarios" / "customer-obsession-webhook.toml"
SOURCE = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_4663b050bde99581.txt"


@pytest.fixture(scope="module")
def seed():
    return load_scenario(SEED)


def test_found_by_id_and_by_path(seed):
    assert find_scenario("customer-obsession-webhook") == seed
    assert find_scenario(str(SEED)) == seed


def test_unknown_scenario_is_a_clear_error():
    with pytest.raises(MockintError, match="scenario 'nope': not found"):
        find_scenario("nope")


def test_sections_targets_and_phrases(seed):
    assert [s.key for s in seed.sections] == list(SECTION_ORDER)
    assert [s.target_seconds for s in seed.sections] == [30, 20, 90, 20, 15]
    assert seed.section("action").key_phrases == ["I pulled", "I traced", "I reproduced", "I wrote", "I added", "I submitted"]
    assert seed.section("result").key_phrases == ["0.3% drop rate went to zero", "$8K recovered per week", "adopted pattern as standard"]
    assert "shared webhook reliability SLO" in seed.section("reflection").key_phrases
    assert seed.section("situation").common_mistake.startswith("Spending 90 seconds on system architecture")
    assert "scope boundary" in seed.section("task").coaching


def test_probes_weak_and_strong(seed):
    assert len(seed.probes) == 4
    first = seed.probes[0]
    assert first.question == "How did you ensure the Platform team accepted and merged your fix?"
    assert "Slack" in first.weak_answer and "routing responsibility" in first.weak_why
    assert first.strong_summary == "I brought a solution, not just a problem."
    assert all(p.triggers for p in seed.probes)


def test_weak_answer_verdict_reflections_quiz_lenses_levels_modes(seed):
    assert seed.weak_answer.verdict == "Lean No Hire"
    assert len(seed.weak_answer.red_flags) == 5
    assert {f.code for f in seed.weak_answer.red_flags} >= {"escalation", "missing_scope_boundary", "no_quantified_result"}
    assert "race conditions" in seed.reflection_for("sde2")
    assert "SLO" in seed.reflection_for("senior")
    assert len(seed.quiz) == 3 and all(0 <= q.answer < len(q.options) for q in seed.quiz)
    assert [lens.principle for lens in seed.lenses] == ["Customer Obsession", "Ownership", "Dive Deep"]
    assert {c.level for c in seed.levels} == {"sde1", "sde2", "senior"}
    assert seed.calibration("sde1").budget_text == "Keep to 2 minutes."
    assert seed.calibration("senior").max_seconds == 180
    assert [m.key for m in seed.modes] == ["learn", "guided", "mock"]


@pytest.mark.skipif(not SOURCE.exists(), reason="the source document is not beside the repo")
def test_every_quoted_phrase_and_sentence_of_the_source_is_in_the_scenario(seed):
    """Nothing in the source is dropped: its key phrases, probes, explanations and verdict are all there."""
    text = SOURCE.read_text(encoding="utf-8")
    dump = seed.model_dump_json()
    import re

    phrases = re.findall(r'"([^"]{3,60})"', text.split("Weak Answer")[0])
    missing = [p for p in phrases if p not in dump and p.replace("’", "'") not in dump]
    assert not missing, missing
    for needle in (
        "Sounds competent but fails on ownership and impact quantification",
        "Stating the scope boundary explicitly proves you took ownership",
        "Add organizational thinking about cross-team SLOs",
        "Basic ownership and technical problem solving with some customer impact awareness.",
        "Highlight your detailed investigation steps",
    ):
        assert needle in dump
