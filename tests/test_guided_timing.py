"""Guided mode times the speech of each take, not the recording around it (issue 12 item 3), on the bundled
section recordings with real Whisper."""

import json

import pytest

from conftest import FIXTURES_DIR, fixture_audio
from fakes import FakeSpeaker
from mockint.library.store import find_scenario
from mockint.scoring.timing import LONG_PAUSE_SECONDS
from mockint.session.context import SessionOptions
from mockint.session.runner import Session
from mockint.speech.recorder import FileRecorder

KEYS = ("situation", "task", "action", "result", "reflection")


def spoken(key: str) -> float:
    """Seconds from the first to the last spoken sentence of a fixture, by its ground truth."""
    s = json.loads((FIXTURES_DIR / f"section_{key}.json").read_text())["sentences"]
    return s[-1]["end"] - s[0]["start"]


@pytest.mark.slow
def test_guided_section_times_are_the_spoken_ones(tmp_path, transcriber):
    seed = find_scenario("customer-obsession-webhook")
    # each take followed by 8 s of silence before the next section is asked: dead time a wall clock would count
    recorder = FileRecorder([fixture_audio(f"section_{k}") for k in KEYS], realtime=False, listen=True, tail_seconds=8.0)
    session = Session(seed, SessionOptions(mode="guided", formats=("json",), silence_seconds=8.0), speaker=FakeSpeaker(),
                      recorder=recorder, transcriber=transcriber, home=tmp_path)
    report = session.run()
    record = session.folder.load()
    assert all(t.duration > spoken(t.key) + 5.0 for t in record.turns)  # the takes are longer than their speech
    for sec in report.sections:
        assert sec.duration == pytest.approx(spoken(sec.key), abs=1.0), sec.key
    total = sum(spoken(k) for k in KEYS)
    assert report.delivery.duration == pytest.approx(total, abs=5.0)  # plus the short gaps between sections
    assert all(p.duration < 3 * LONG_PAUSE_SECONDS for p in report.delivery.long_pauses)
    assert [c.key for c in record.timeline] == list(KEYS)
