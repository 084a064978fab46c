"""Demo mode follows the scenario (issue 12 item 7): the seed scenario plays its bundled recordings, any other
scenario is answered with its own model answer spoken by espeak-ng."""

import shutil

import pytest
import soundfile as sf

from mockint.library.store import find_scenario
from mockint.scoring.followups import probe_for
from mockint.session.demo import DemoRecorder
from mockint.session.feedback import spoken_summary
from mockint.speech.recorder import TakeSettings
from mockint.store.folder import SessionFolder

needs_espeak = pytest.mark.skipif(not (shutil.which("espeak-ng") or shutil.which("espeak")), reason="espeak-ng not installed")
TAKE = TakeSettings(target_seconds=10.0, silence_seconds=3.0, max_seconds=60.0)


@pytest.fixture
def frugality():
    return find_scenario("frugality-warehouse-cost")


def test_the_seed_scenario_plays_its_recordings(tmp_path):
    demo = DemoRecorder(find_scenario("customer-obsession-webhook"), realtime=False, cache=tmp_path)
    assert demo.recorded and demo.file_for("answer", "answer").name == "weak_continuous.ogg"
    assert "bundled demo recordings" in demo.notice("--demo")
    # a follow-up on a gap of the answer has no recording: its strong answer is synthesized
    assert demo._file_for("followup-escalation", "probe") is None
    assert demo.text_for("followup-escalation", "probe") == probe_for(demo.scenario, "followup-escalation", "").strong_answer


def test_another_scenario_is_answered_in_its_own_words(frugality, tmp_path):
    demo = DemoRecorder(frugality, realtime=False, cache=tmp_path)
    assert not demo.recorded and "frugality-warehouse-cost" in demo.notice("--demo")
    answer = demo.text_for("answer", "answer")
    assert frugality.section("action").strong_example in answer and "webhook" not in answer.lower()
    probe = frugality.probes[0]
    assert demo.text_for(probe.id, "probe") == probe.strong_answer
    q = frugality.quiz[0]
    assert demo.text_for("1", "quiz") == f"{'ABCDEF'[q.answer]}. {q.options[q.answer]}"
    assert demo.text_for("why-not-your-team", "probe") is None  # the seed's probe is not this scenario's


@needs_espeak
def test_the_synthesized_answer_is_recorded_into_the_turn(frugality, tmp_path):
    demo = DemoRecorder(frugality, realtime=False, cache=tmp_path / "cache")
    (tmp_path / "turns").mkdir()
    target = tmp_path / SessionFolder.turn_audio(1, "quiz", "2")
    rec = demo.record(target, TAKE)
    info = sf.info(target)
    assert rec.duration > 0.5 and info.samplerate == 16000 and info.duration == pytest.approx(rec.duration, abs=0.1)
    cached = list((tmp_path / "cache").glob("*.wav"))
    assert len(cached) == 1
    demo.record(tmp_path / SessionFolder.turn_audio(2, "quiz", "2"), TAKE)
    assert list((tmp_path / "cache").glob("*.wav")) == cached  # synthesized once


@pytest.mark.slow
@needs_espeak
def test_the_synthesized_quiz_answer_is_understood(frugality, tmp_path, transcriber):
    from mockint.scoring.quiz import parse_choice
    from mockint.speech.audio import load_audio

    demo = DemoRecorder(frugality, realtime=False, cache=tmp_path)
    for i, q in enumerate(frugality.quiz, 1):
        heard = transcriber.transcribe(load_audio(demo.file_for(str(i), "quiz"))).text
        assert parse_choice(heard, len(q.options), q.options) == q.answer, heard


def test_strong_follow_ups_after_a_weak_answer_are_not_a_contradiction():
    """The README's first run ended "No Hire ... Follow-ups: 3 of 3 strong"."""
    from mockint.scoring.probe_scoring import score_probe
    from mockint.scoring.rubric import score_answer
    from mockint.scoring.transcript import Transcript

    seed = find_scenario("customer-obsession-webhook")
    report = score_answer(Transcript.from_text(seed.weak_answer.text), seed, "sde2", mode="mock")
    probes = [score_probe(Transcript.from_text(p.strong_answer), p, reason="r") for p in seed.probes[:3]]
    assert report.overall.verdict in ("No Hire", "Lean No Hire") and all(p.verdict == "strong" for p in probes)
    said = spoken_summary(report.model_copy(update={"probes": probes}))
    assert "stronger than the answer itself (3 of 3 strong)" in said and "Follow-ups: 3 of 3" not in said
    mixed = [p.model_copy(update={"verdict": "mixed"}) for p in probes[:2]]
    strong_answer = report.model_copy(update={"overall": report.overall.model_copy(update={"verdict": "Strong Hire"})})
    assert "Follow-ups: 2 mixed, of 2." in spoken_summary(strong_answer.model_copy(update={"probes": mixed}))
    unanswered = [p.model_copy(update={"answered": False, "verdict": "unanswered"}) for p in probes]
    assert "Follow-ups" not in spoken_summary(report.model_copy(update={"probes": unanswered}))
