"""Follow-up questions from the candidate's own words (issue 11 item 2): real scenarios, real scoring."""

from __future__ import annotations

import pytest

from mockint.library.store import find_scenario, scenario_files, load_scenario
from mockint.scoring.followups import PREFIX, deeper, follow_ups, probe_for
from mockint.scoring.probes import choose_probes
from mockint.scoring.report import ProbeResult
from mockint.scoring.probe_scoring import score_probe
from mockint.scoring.rubric import score_answer
from mockint.scoring.transcript import Transcript

WE_HEAVY = (
    "Our checkout started failing for some customers. We looked at the logs and we traced it to the retry logic. "
    "We rewrote the retries and we shipped the fix on Friday. It improved a lot and everyone was happy. "
    "I learned that communication is important."
)


@pytest.fixture(scope="module")
def seed():
    return find_scenario("customer-obsession-webhook")


def _score(scenario, text, level="sde2"):
    return score_answer(Transcript.from_text(text), scenario, level)


def test_a_hand_off_is_asked_about_in_the_candidates_words(seed):
    r = _score(seed, seed.weak_answer.text)
    ups = {f.probe.id: f for f in follow_ups(r)}
    esc = ups[PREFIX + "escalation"]
    assert "escalated it to the Platform team" in esc.probe.question and esc.probe.question.startswith("You said")
    assert "what did you do yourself" in esc.probe.question


def test_we_a_vague_outcome_and_a_platitude_are_each_quoted(seed):
    ups = {f.probe.id: f.probe.question for f in follow_ups(_score(seed, WE_HEAVY))}
    assert "What did you do yourself" in ups[PREFIX + "we-language"] and '"We ' in ups[PREFIX + "we-language"]
    assert "improved a lot" in ups[PREFIX + "no-quantified-result"] and "By how much" in ups[PREFIX + "no-quantified-result"]
    assert "communication is important" in ups[PREFIX + "generic-reflection"]


def test_probes_and_follow_ups_are_ranked_together_one_question_per_gap(seed):
    chosen = choose_probes(_score(seed, WE_HEAVY), seed, max_probes=3)
    assert len(chosen) == 3
    gaps = [c.gaps for c in chosen]
    assert all(not (a & b) for i, a in enumerate(gaps) for b in gaps[i + 1 :]), gaps
    assert any(c.probe.id.startswith(PREFIX) for c in chosen) and [c.need for c in chosen] == sorted((c.need for c in chosen), reverse=True)


def test_a_strong_answer_gets_no_quoted_follow_ups_but_still_one_probe(seed):
    strong = " ".join(s.strong_example for s in seed.sections[:4]) + " " + seed.reflection_for("sde2")
    r = _score(seed, strong)
    assert [f.probe.id for f in follow_ups(r)] == []
    assert len(choose_probes(r, seed)) >= 1


@pytest.mark.parametrize("path", scenario_files(), ids=lambda p: p.stem)
def test_every_scenario_gets_follow_ups_from_a_weak_answer(path):
    scenario = load_scenario(path)
    ups = follow_ups(_score(scenario, WE_HEAVY))
    assert ups and all(f.probe.question.endswith("?") for f in ups)


def test_a_vague_probe_answer_gets_one_deeper_question(seed):
    probe = follow_ups(_score(seed, seed.weak_answer.text))[0].probe
    vague = score_probe(Transcript.from_text("We just sorted it out together with the other team."), probe)
    assert vague.verdict in ("weak", "mixed")
    more = deeper(vague, set())
    assert more is not None and more.probe.id == PREFIX + "deeper" and "together with the other team" in more.probe.question
    assert deeper(vague, {"deeper"}) is None  # once per interview
    assert deeper(ProbeResult(probe_id="x", question="q", reason="", answered=False), set()) is None
    good = score_probe(Transcript.from_text(probe.strong_answer + " " + probe.strong_answer), probe)
    assert good.verdict == "strong" and deeper(good, set()) is None


def test_a_saved_follow_up_is_rebuilt_for_rescoring(seed):
    rebuilt = probe_for(seed, PREFIX + "we-language", 'You said "we traced it". What did you do yourself?')
    assert rebuilt is not None and rebuilt.question == 'You said "we traced it". What did you do yourself?'
    assert rebuilt.triggers == ["first_person_actions", "technical_depth"]
    assert probe_for(seed, seed.probes[0].id, "ignored") == seed.probes[0]
    assert probe_for(seed, "no-such-probe", "q") is None and probe_for(seed, PREFIX + "nonsense", "q") is None


@pytest.mark.parametrize("path", scenario_files(), ids=lambda p: p.stem)
def test_each_probes_own_strong_answer_is_strong_and_its_weak_one_is_not(path):
    scenario = load_scenario(path)
    for probe in scenario.probes:
        assert score_probe(Transcript.from_text(probe.strong_answer), probe).verdict == "strong", (probe.id, probe.strong_answer)
        assert score_probe(Transcript.from_text(probe.weak_answer), probe).verdict != "strong", (probe.id, probe.weak_answer)
