"""STAR segmentation: pure tests on timed text, and the measured accuracy on the audio fixtures."""

import pytest

from mockint.evaluation.segmentation import evaluate_file
from mockint.library.store import find_scenario
from mockint.scoring.segmentation import segment, split_units
from mockint.scoring.transcript import Transcript, Word

from conftest import FIXTURES_DIR, load_ground_truth


@pytest.fixture(scope="module")
def seed():
    return find_scenario("customer-obsession-webhook")


def timed(sections: list[tuple[str, str]], wps=2.6, gap=1.0) -> tuple[Transcript, list[tuple[str, float]]]:
    """Words with times; sections separated by `gap` seconds, sentences by 0.5 s."""
    words, starts, t = [], [], 0.5
    for key, text in sections:
        starts.append((key, t))
        for sentence in text.split(". "):
            for w in sentence.split():
                words.append(Word(word=w, start=round(t, 2), end=round(t + 0.85 / wps, 2)))
                t += 1.0 / wps
            t += 0.5
        t += gap
    return Transcript.from_words(words), starts


OWN_STORY = [
    ("situation", "Last spring I was a mobile engineer on our shopping app. After a release about 2% of our Android users saw the app crash on the checkout screen, so customers could not pay."),
    ("task", "The crash was inside a payment library that another team owned and nobody had been assigned to it. I made it my goal to stop the crashes before the holiday sale."),
    ("action", "I pulled the crash reports and grouped them by device model. I found that every crash came from older phones. I reproduced it on a test phone and traced it to a token lost on rotation. I wrote a fix and a unit test, and I shipped it behind a feature flag."),
    ("result", "The checkout crash rate dropped from 2% to under 0.1%, and completed Android orders went up 4% during the sale."),
    ("reflection", "Looking back, the real gap was that our release checklist never tested rotation on payment screens, so I added rotation tests to the checklist for every mobile team."),
]


def labels_at(seg, transcript, t):
    for sp in seg.spans:
        if transcript.words[sp.start].start <= t <= transcript.words[sp.end - 1].end:
            return sp.key
    return None


def test_own_story_unrelated_to_the_seed_is_segmented(seed):
    transcript, starts = timed(OWN_STORY)
    seg = segment(transcript, seed)
    assert [s.key for s in seg.spans] == [k for k, _ in OWN_STORY]
    for (key, t0), sp in zip(starts, seg.spans):
        assert abs(transcript.words[sp.start].start - t0) < 0.01, key
    assert all(0 < sp.confidence <= 1 for sp in seg.spans)


def test_skipped_sections_are_missing_not_invented(seed):
    parts = [p for p in OWN_STORY if p[0] in ("action", "result")]
    transcript, _ = timed(parts)
    assert [s.key for s in segment(transcript, seed).spans] == ["action", "result"]
    parts = [p for p in OWN_STORY if p[0] not in ("task", "reflection")]
    transcript, _ = timed(parts)
    assert [s.key for s in segment(transcript, seed).spans] == ["situation", "action", "result"]


def test_a_system_tour_without_the_candidate_in_it_stays_the_situation(seed):
    """The Action is what the candidate did: sentences that only describe the system (its retries, its
    cache, its signatures: the seed's Action vocabulary) belong to the Situation, however long it runs."""
    tour = (
        "Our payments platform has forty services behind a gateway and one dashboard that shows total volume. The "
        "notification service sends each webhook to the merchant over HTTPS. It signs every request so the merchant "
        "can verify the signature. It keeps a retry schedule in a cache and the wait between retries doubles up to "
        "ten minutes. Failed deliveries go to a separate table and a nightly job retries them once more"
    )
    parts = [("situation", tour), ("task", "It was not my team's service but I decided to fix it myself"),
             ("action", "I traced the drops to a race condition in the retry logic and I shipped a fix with tests"),
             ("result", "The drop rate went to zero and that was worth 8000 dollars a week")]
    transcript, starts = timed(parts, gap=0.0)  # told in one breath: no pause marks the Task
    seg = segment(transcript, seed)
    assert [s.key for s in seg.spans] == ["situation", "task", "action", "result"]
    assert abs(transcript.words[seg.spans[1].start].start - starts[1][1]) < 0.01


def test_two_sentence_answer(seed):
    transcript, _ = timed([("action", "I wrote a fix for the retry bug."), ("result", "The drop rate went to zero.")])
    keys = [s.key for s in segment(transcript, seed).spans]
    assert keys[-1] == "result" and len(keys) <= 2


def test_untimed_text_and_missing_punctuation(seed):
    text = " ".join(t for _, t in OWN_STORY)
    seg = segment(Transcript.from_text(text), seed)
    assert [s.key for s in seg.spans] == [k for k, _ in OWN_STORY]
    # Whisper sometimes drops full stops: pauses still split units
    transcript, _ = timed(OWN_STORY)
    words = [w.model_copy(update={"word": w.word.rstrip(".")}) for w in transcript.words]
    units = split_units(words)
    assert len(units) >= 10


def test_rambling_situation_stays_a_situation(seed):
    ramble = ("To give you some background, our payments platform is built on about forty microservices. "
              "Orders come in from an API gateway which forwards them to the checkout service. "
              "From there an event is published to a Kafka topic with twelve partitions. "
              "The notification service is written in Java and uses a thread pool for retries. "
              "Metrics go to Prometheus and the dashboards are in Grafana. "
              "One day while looking at that dashboard I noticed that about 0.3% of webhooks were never delivered")
    parts = [("situation", ramble)] + [p for p in OWN_STORY[1:4]]
    transcript, starts = timed(parts, gap=0.0)  # told in one breath: no pause marks the Task
    seg = segment(transcript, seed)
    assert [s.key for s in seg.spans] == ["situation", "task", "action", "result"]
    assert abs(transcript.words[seg.spans[1].start].start - starts[1][1]) < 0.01


@pytest.fixture(scope="module")
def fixture_transcripts(heard):
    out = {}
    for gt in sorted(FIXTURES_DIR.glob("*.json")):
        truth = load_ground_truth(gt.stem)
        if truth.get("kind") == "continuous" and len(truth.get("sections") or []) >= 2:
            out[gt.stem] = (heard(gt.stem), truth)
    return out


@pytest.mark.slow
def test_segmentation_accuracy_on_the_audio_fixtures(fixture_transcripts, seed):
    """The issue's bar: median boundary error <= 1.0 s, max <= 3.0 s, word labels >= 90%, missing found."""
    from mockint.evaluation.segmentation import EvalSummary

    results = [evaluate_file(name, t, truth, seed) for name, (t, truth) in fixture_transcripts.items()]
    summary = EvalSummary(results)
    print("\n" + summary.table())
    assert len(results) >= 8
    assert summary.median_error <= 1.0
    assert summary.max_error <= 3.0
    assert summary.accuracy >= 0.90
    assert all(r.missing_ok for r in results), [r.name for r in results if not r.missing_ok]


@pytest.mark.slow
def test_rambling_situation_fixture_is_flagged_over_target(fixture_transcripts, seed):
    from mockint.scoring.rubric import score_answer

    transcript, truth = fixture_transcripts["rambling_situation"]
    r = score_answer(transcript, seed, "sde2")
    flag = next(f for f in r.flags if f.code == "section_over_target" and f.section == "situation")
    sit = r.section("situation")
    assert sit.duration > 60
    # the scenario's 30 s Situation, scaled to the SDE2 budget (scoring.timing.level_targets)
    assert f"took {sit.duration:.0f} seconds against about {sit.target:.0f}" in flag.message and sit.target < 30
