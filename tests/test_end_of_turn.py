"""End of turn on real audio: the recorder ends an answer by how its words read (real Whisper, streaming),
waits out 3-6 s thinking pauses, ends a finished answer about a second after its last word, and ends at
once on a spoken "I'm done"; and the same through the virtual microphone."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from conftest import FIXTURES_DIR, load_ground_truth
from virtual_audio import SR, espeak, requires_pulse

from mockint.scoring.turn import TurnWindows
from mockint.session.streaming import StreamingTranscriber
from mockint.speech.recorder import FileRecorder, LoopbackRecorder, TakeSettings

PAUSES = FIXTURES_DIR / "thinking_pauses"
PAUSE_FIXTURES = sorted(p.stem for p in PAUSES.glob("*.json"))
WINDOWS = TurnWindows()


def replay(transcriber, path, tmp_path, **kw):
    """Replay a file as the microphone would hear it, as fast as the transcriber keeps up (the words are
    read only once the worker has caught up, as on a machine fast enough for real time)."""
    stream = StreamingTranscriber(transcriber)
    rec = FileRecorder([path], listen=True, **kw).record(
        tmp_path / "answer.wav", TakeSettings(on_block=stream.feed, heard=lambda: stream.heard(wait=True), windows=WINDOWS)
    )
    return rec, stream.finish()


def _speech(tmp_path, name: str, *texts: str, gap: float = 0.4, voice: str = "en-us") -> tuple[str, float]:
    """Sentences synthesized with espeak-ng, `gap` s apart, 0.5 s lead-in; the file and its last word's end."""
    parts = [np.zeros(int(0.5 * SR), np.float32)]
    for i, text in enumerate(texts):
        if i:
            parts.append(np.zeros(int(gap * SR), np.float32))
        parts.append(espeak(text, voice=voice))
    audio = np.concatenate(parts)
    path = tmp_path / f"{name}.wav"
    sf.write(path, audio, SR)
    return path, len(audio) / SR


def _check_finished(rec, last_word: float) -> None:
    assert rec.duration >= last_word, f"ended {last_word - rec.duration:.1f} s before the last word"
    assert rec.ended_by == "finished", (rec.ended_by, rec.end_reason)
    assert rec.end_window in (WINDOWS.finished, WINDOWS.result)  # a Reflection heard, or a Result only
    # the window that applied, after the VAD's end of speech (a 50 ms block late at most)
    assert rec.end_position - rec.speech_end == pytest.approx(rec.end_window, abs=0.11)
    assert rec.speech_end == pytest.approx(last_word, abs=0.25)


@pytest.mark.slow
@pytest.mark.parametrize("name", PAUSE_FIXTURES)
def test_thinking_pauses_never_end_the_answer(transcriber, tmp_path, name):
    truth = load_ground_truth(name, PAUSES)
    assert max(p["duration"] for p in truth["long_pauses"]) >= 3.0
    rec, transcript = replay(transcriber, PAUSES / truth["file"], tmp_path)
    _check_finished(rec, truth["sentences"][-1]["end"])
    assert len(transcript.words) >= 0.9 * len(truth["text"].split())  # everything said was kept


def test_a_thinking_pause_in_a_short_answer(transcriber, tmp_path):
    truth = load_ground_truth("pause_weak_f4_160", PAUSES)
    rec, _ = replay(transcriber, PAUSES / truth["file"], tmp_path)
    _check_finished(rec, truth["sentences"][-1]["end"])


def test_spoken_im_done_ends_at_once(transcriber, tmp_path):
    path, end = _speech(tmp_path, "done", "I noticed the webhook drops and I looked at the delivery logs.", "I'm done.")
    rec, transcript = replay(transcriber, path, tmp_path)
    assert rec.ended_by == "spoken_done", (rec.ended_by, rec.end_reason)
    assert rec.duration - end < WINDOWS.finished  # before even the short window
    assert "done" in transcript.text.lower()


def test_an_unfinished_answer_waits_the_long_window(transcriber, tmp_path):
    path, end = _speech(tmp_path, "cut", "I noticed the webhook drops, so I pulled the delivery logs, and then")
    rec, _ = replay(transcriber, path, tmp_path)
    assert rec.ended_by == "silence" and rec.end_window == WINDOWS.unfinished
    assert rec.end_position - rec.speech_end == pytest.approx(WINDOWS.unfinished, abs=0.11)


def test_the_streaming_words_arrive_during_a_pause(transcriber):
    """`heard()` hands a short last sentence to the worker in a pause, so it is read before the answer ends."""
    stream = StreamingTranscriber(transcriber)
    audio = np.concatenate([espeak("That's my answer."), np.zeros(int(0.8 * SR), np.float32)])
    for i in range(0, len(audio), SR // 20):
        stream.feed(audio[i : i + SR // 20])
    heard = stream.heard(wait=True)
    assert heard.covered == pytest.approx(len(audio) / SR, abs=0.06)
    assert "answer" in " ".join(w.word for w in heard.words).lower()
    stream.finish()


@requires_pulse
def test_the_short_end_of_turn_through_the_virtual_microphone(transcriber, tmp_path):
    """The real microphone path: played into the virtual mic, recorded by sounddevice, read while it plays
    (the words are waited for, as in `replay`: the blocks queue meanwhile and none is lost; how fast the
    machine reads them in real time is benchmarks/bench_latency.py's job)."""
    truth = load_ground_truth("pause_weak_f4_160", PAUSES)
    stream = StreamingTranscriber(transcriber)
    recorder = LoopbackRecorder([PAUSES / truth["file"]], "mockint_mic_feed", "mockint_mic", tail_seconds=60.0)
    settings = TakeSettings(on_block=stream.feed, heard=lambda: stream.heard(wait=True), windows=WINDOWS, show_meter=False)
    rec = recorder.record(tmp_path / "mic.wav", settings)
    transcript = stream.finish()
    assert rec.ended_by == "finished", (rec.ended_by, rec.end_reason)
    # a Reflection heard (1 s), or the Result only when the microphone's audio hid the Reflection's words from
    # tiny.en (it once heard "However, I did not take ownership" as "Hi everyone, ..."): never the long waits
    assert rec.end_window in (WINDOWS.finished, WINDOWS.result), rec.end_reason
    # the end is where that window ran out in the recording, however long the last words took to read (the
    # blocks queued meanwhile are written, not decided again: they once moved the end 0.6-1.8 s later)
    assert rec.end_position - rec.speech_end == pytest.approx(rec.end_window, abs=0.11)
    assert rec.duration >= rec.end_position  # what was queued while the words were read is in the file too
    # the last word (played ~0.2 s after the recording started, plus the device latency) is in the file
    assert rec.speech_end >= truth["sentences"][-1]["end"]
    assert "ownership" in transcript.text.lower()
