"""The mock answer through the real session: the redirect of a rambling Situation (once, at a sentence
boundary, between 45 and 75 s), never on a strong answer, never with --no-interrupt; the report says how
the answer ended and shows the redirect. Real Whisper on the spoken fixtures."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import fixture_audio, load_ground_truth
from fakes import FakeSpeaker

from mockint.library.store import find_scenario
from mockint.output.html_report import render_html
from mockint.scoring.live import REDIRECT
from mockint.session.context import SessionOptions
from mockint.session.runner import Session
from mockint.speech.recorder import FileRecorder, TakeSettings


class ReadingRecorder(FileRecorder):
    """Replays as a microphone hears it, reading the words only once the worker has caught up (a machine fast
    enough for real time), so the test is about the decisions, not the CPU."""

    def record(self, path, settings=TakeSettings()):
        heard, listener = settings.heard, settings.listener
        wait = (lambda: heard(wait=True)) if heard else None
        if listener is not None:
            listener.heard_fn = wait
        return super().record(path, dataclasses.replace(settings, heard=wait))


def mock(tmp_path, name: str, **options):
    speaker = FakeSpeaker()
    session = Session(
        find_scenario("customer-obsession-webhook"), SessionOptions(mode="mock", max_probes=0, formats=("json",), **options),
        home=tmp_path, speaker=speaker, recorder=ReadingRecorder([fixture_audio(name)], listen=True),
        transcriber=pytest.importorskip("mockint.speech.asr").get_transcriber("faster-whisper"),
    )
    return session.run(), speaker


@pytest.mark.slow
def test_a_rambling_situation_is_interrupted_once_at_a_sentence_boundary(tmp_path):
    report, speaker = mock(tmp_path, "rambling_situation")
    assert len(report.interruptions) == 1 and speaker.said.count(REDIRECT) == 1
    at = report.interruptions[0].at
    assert 45 <= at <= 75
    truth = load_ground_truth("rambling_situation")
    assert any(0 <= at - s["end"] <= 0.6 for s in truth["sentences"])  # in the gap after a sentence
    assert not any(w.start < at < w.end for w in report.transcript.words)  # never over a word
    assert report.ended_by == "finished"  # and the answer went on to its end
    assert "the drop rate went to zero" in report.transcript.text.lower()
    assert "interviewer at" in render_html(report)  # on the timeline


@pytest.mark.slow
def test_a_strong_answer_is_never_interrupted_and_ends_finished(tmp_path):
    report, speaker = mock(tmp_path, "strong_continuous_us165")
    assert report.interruptions == [] and REDIRECT not in speaker.said
    assert report.ended_by == "finished" and "Reflection" in report.end_reason


@pytest.mark.slow
def test_no_interrupt(tmp_path):
    report, speaker = mock(tmp_path, "rambling_situation", interrupt=False)
    assert report.interruptions == [] and REDIRECT not in speaker.said
