"""The microphone: end-of-answer detection, replayed answers, and real recording through the virtual devices."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from conftest import fixture_audio, load_ground_truth
from fakes import FakeRecorder
from virtual_audio import SR, active, espeak, requires_pulse, similarity

from mockint.speech.audio import load_audio
from mockint.errors import AudioError
from mockint.speech.recorder import FileRecorder, LoopbackRecorder, MicrophoneRecorder, TakeSettings
from mockint.speech.vad import SilenceDetector, level_db

ROOT = Path(__file__).resolve().parents[1]


# -- the end-of-answer detector (pure) ---------------------------------------------------------------


def _run_detector(levels_db: list[tuple[float, float]], silence_seconds: float = 3.0) -> float | None:
    """Feed (seconds, level) runs in 50 ms blocks; the elapsed time when the answer ended, or None."""
    d = SilenceDetector(silence_seconds=silence_seconds)
    for seconds, db in levels_db:
        for _ in range(int(round(seconds / 0.05))):
            if d.add(db, 0.05):
                return round(d.elapsed, 2)
    return None


def speech(seconds: float, db: float = -20, gap_db: float = -80) -> list[tuple[float, float]]:
    """Words (0.4 s at `db`) separated by short gaps (0.1 s at `gap_db`), like real speech."""
    return [(0.4, db), (0.1, gap_db)] * int(round(seconds / 0.5))


def test_thinking_pause_does_not_end_the_answer():
    assert _run_detector([(0.5, -80), *speech(3), (2.0, -80), *speech(3), (2.5, -80)]) is None


def test_silence_window_after_speech_ends_the_answer():
    assert _run_detector([(0.5, -80), *speech(3), (3.9, -80)]) == pytest.approx(6.5, abs=0.06)
    assert _run_detector([*speech(3), (5.9, -80)], silence_seconds=5.0) == pytest.approx(7.9, abs=0.06)


def test_no_speech_never_ends_by_silence():
    assert _run_detector([(10, -80)]) is None
    assert _run_detector([(0.1, -20), (5, -80)]) is None  # a click is not an answer


def test_threshold_adapts_to_a_noisy_room():
    # steady fan noise at -45 dBFS is not speech; speech 15 dB above it is; then back to the noise ends it
    assert _run_detector([(3, -45), *speech(3, -30, -45), (3.2, -45)]) == pytest.approx(8.9, abs=0.06)
    assert _run_detector([(10, -45)]) is None


def test_level_db():
    assert level_db(np.zeros(800, np.float32)) == -100.0
    assert level_db(np.full(800, 0.1, np.float32)) == pytest.approx(-20.0, abs=0.01)


# -- replayed answers (--answer FILE) --------------------------------------------------------------------


def test_file_recorder_fast_writes_the_answer_through_the_pipeline(tmp_path):
    src = fixture_audio("short_answer")
    blocks: list[np.ndarray] = []
    r = FileRecorder([src], realtime=False)
    t0 = time.monotonic()
    rec = r.record(tmp_path / "a.wav", TakeSettings(on_block=blocks.append))
    assert time.monotonic() - t0 < 1.5
    expected = load_audio(src)
    assert rec.ended_by == "end_of_file" and rec.speech_detected
    assert rec.duration == pytest.approx(len(expected) / SR, abs=0.01)
    written, sr = sf.read(tmp_path / "a.wav", dtype="float32")
    assert sr == SR and np.abs(written - expected).max() < 1e-3  # 16-bit PCM of the same samples
    assert np.concatenate(blocks).shape == expected.shape
    assert all(len(b) <= SR // 20 for b in blocks)


def test_file_recorder_realtime_takes_as_long_as_the_answer(tmp_path):
    rec_ = FileRecorder([fixture_audio("short_answer")], realtime=True)
    t0 = time.monotonic()
    rec = rec_.record(tmp_path / "a.wav", TakeSettings(show_meter=False))
    wall = time.monotonic() - t0
    assert wall == pytest.approx(rec.duration, abs=0.5)
    assert rec.ended_at >= t0 + rec.duration - 0.1


def test_file_recorder_leftover_and_running_out(tmp_path):
    r = FileRecorder([fixture_audio("short_answer"), fixture_audio("clip_0_2s")])
    assert r.leftover() == [fixture_audio("short_answer"), fixture_audio("clip_0_2s")]
    r.record(tmp_path / "1.wav")
    assert r.leftover() == [fixture_audio("clip_0_2s")]
    r.record(tmp_path / "2.wav")
    assert r.leftover() == []
    rec = r.record(tmp_path / "3.wav")
    assert rec.ended_by == "no_answer" and rec.duration == 0 and not rec.speech_detected
    assert sf.info(tmp_path / "3.wav").frames == 0  # a valid, empty WAV


def test_file_recorder_stops_at_the_cap_and_on_request(tmp_path):
    r = FileRecorder([fixture_audio("section_situation")] * 2)
    assert r.record(tmp_path / "1.wav", TakeSettings(max_seconds=2.0)).ended_by == "max"
    assert sf.info(tmp_path / "1.wav").duration == pytest.approx(2.0, abs=0.06)
    stop = threading.Event()
    stop.set()
    rec = r.record(tmp_path / "2.wav", TakeSettings(stop_event=stop))
    assert rec.ended_by == "enter" and rec.duration == 0


def test_answer_file_errors_are_one_line(tmp_path):
    with pytest.raises(AudioError, match=r"^.*nope\.wav: no such answer file$"):
        FileRecorder([tmp_path / "nope.wav"])
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF0000WAVEfmt garbage")
    with pytest.raises(AudioError, match=r"bad\.wav"):
        FileRecorder([bad]).record(tmp_path / "out.wav")


def test_fake_recorder_records_calls_and_writes_clips(tmp_path):
    r = FakeRecorder([np.full(SR, 0.1, np.float32)])
    rec = r.record(tmp_path / "a.wav", TakeSettings(target_seconds=30))
    assert rec.duration == 1.0 and r.calls[0]["target_seconds"] == 30
    assert r.record(tmp_path / "b.wav").ended_by == "no_answer"


# -- devices ---------------------------------------------------------------------------------------------


def test_device_not_found_is_a_clear_error():
    from mockint.speech.devices import resolve_device

    with pytest.raises(AudioError, match=r"^--input-device 999: no such device"):
        resolve_device(999, "input")
    with pytest.raises(AudioError, match=r"^--output-device no-such-speaker-xyz: no output device matches"):
        resolve_device("no-such-speaker-xyz", "output")


def _no_server_env() -> dict[str, str]:
    env = dict(os.environ, PULSE_SERVER="unix:/nonexistent/mockint-test-socket")
    env.pop("PULSE_SINK", None)
    env.pop("PULSE_SOURCE", None)
    return env


@pytest.mark.skipif(Path("/proc/asound/cards").exists() and "no soundcards" not in Path("/proc/asound/cards").read_text(),
                    reason="this machine has a sound card, so there is no 'no device' case to test")
def test_no_audio_server_gives_a_clear_error_and_a_printing_speaker(tmp_path):
    code = textwrap.dedent(f"""
        from mockint.errors import AudioError
        from mockint.speech.recorder import MicrophoneRecorder
        from mockint.speech.tts import get_speaker
        s = get_speaker("espeak")
        s.say("Tell me about a time.")
        print("speaker:", type(s).__name__)
        try:
            MicrophoneRecorder().record({str(tmp_path / "x.wav")!r})
        except AudioError as e:
            print("error:", e)
        """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_no_server_env(), timeout=60)
    assert out.returncode == 0, out.stderr
    assert "speaker: PrintSpeaker" in out.stdout and "Interviewer: Tell me about a time." in out.stdout
    notice = [line for line in out.stderr.splitlines() if line.startswith("note: no audio output")]
    assert len(notice) == 1
    error = [line for line in out.stdout.splitlines() if line.startswith("error:")]
    assert error and "microphone" in error[0] and "no input device found" in error[0]
    cli = subprocess.run([sys.executable, "-m", "mockint", "devices"], capture_output=True, text=True, env=_no_server_env())
    assert cli.returncode == 0 and "no audio devices found" in cli.stdout


# -- the real microphone path through the virtual devices ---------------------------------------------------


@pytest.fixture(scope="module")
def loopback_take(tmp_path_factory):
    """The short_answer fixture played into mockint_mic_feed and recorded from mockint_mic (once per module)."""
    src = fixture_audio("short_answer")
    out = tmp_path_factory.mktemp("loop") / "answer.wav"
    blocks: list[np.ndarray] = []
    r = LoopbackRecorder([src], play_device="mockint_mic_feed", input_device="mockint_mic")
    rec = r.record(out, TakeSettings(on_block=blocks.append, show_meter=False))
    return src, rec, blocks


@pytest.mark.audio
@requires_pulse
def test_microphone_records_what_is_played_into_the_virtual_mic(loopback_take):
    src, rec, blocks = loopback_take
    source = load_audio(src)
    got, sr = sf.read(rec.path, dtype="float32")
    assert sr == SR and rec.ended_by == "end_of_file" and rec.speech_detected
    assert rec.duration == pytest.approx(len(got) / SR, abs=0.01)
    # the whole answer plus the tail, nothing dropped or stretched much
    span_src, span_got = active(source), active(got)
    assert span_got is not None
    assert span_got[1] - span_got[0] == pytest.approx(span_src[1] - span_src[0], abs=0.4)
    lag, r = similarity(got, source)
    assert r > 0.8, f"recording does not match the source (r={r:.2f}, lag={lag:.2f}s)"
    assert np.concatenate(blocks).size == len(got)


@pytest.mark.audio
@pytest.mark.slow
@requires_pulse
def test_microphone_recording_transcribes_to_the_right_words(loopback_take, transcriber):
    _, rec, _ = loopback_take
    text = transcriber.transcribe(load_audio(rec.path)).text.lower()
    truth = load_ground_truth("short_answer")["text"].lower()
    words = [w.strip(".,") for w in truth.split()]
    heard = [w for w in words if w in text]
    assert len(heard) >= len(words) - 1, f"heard {text!r}"


def _play_into_mic_feed_later(audio: np.ndarray, delay: float = 0.4) -> threading.Thread:
    from mockint.speech.devices import play, resolve_device

    device = resolve_device("mockint_mic_feed", "output")

    def run():
        time.sleep(delay)
        play(audio, SR, device)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


@pytest.mark.audio
@requires_pulse
def test_silence_window_on_the_real_microphone(tmp_path):
    """A 2 s thinking pause does not end the answer; 3 s of silence after the last word does."""
    a = espeak("I took ownership of the problem.")
    b = espeak("Then I fixed the retry logic.")
    clip = np.concatenate([a, np.zeros(2 * SR, np.float32), b])
    player = _play_into_mic_feed_later(clip)
    rec = MicrophoneRecorder("mockint_mic", enter_to_stop=False).record(
        tmp_path / "a.wav", TakeSettings(silence_seconds=3.0, max_seconds=30, show_meter=False)
    )
    player.join(5)
    assert rec.ended_by == "silence"
    got = sf.read(rec.path, dtype="float32")[0]
    span = active(got)
    assert span is not None and span[1] - span[0] == pytest.approx(len(clip) / SR - 0.2, abs=0.6)  # both sentences
    assert rec.duration - span[1] == pytest.approx(3.0, abs=0.5)  # ended ~3 s after the last word


@pytest.mark.audio
@requires_pulse
def test_ctrl_c_keeps_a_valid_wav_with_the_audio_so_far(tmp_path):
    clip = espeak("Situation. Our webhook deliveries were failing for a large customer. " * 2)
    out = tmp_path / "partial.wav"
    code = textwrap.dedent(f"""
        import json, sys
        from mockint.speech.recorder import MicrophoneRecorder, TakeSettings
        from mockint.speech.take import RecordingInterrupted
        r = MicrophoneRecorder("mockint_mic", enter_to_stop=False)
        first = []
        def on_block(block):
            if not first:
                first.append(1)
                print("recording", flush=True)
        try:
            r.record({str(out)!r}, TakeSettings(show_meter=False, silence_seconds=30, on_block=on_block))
        except RecordingInterrupted as e:
            print(json.dumps({{"ended_by": e.recording.ended_by, "duration": e.recording.duration}}), flush=True)
            sys.exit(130)
        """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout.readline().strip() == "recording"
    player = _play_into_mic_feed_later(clip, delay=0.2)
    time.sleep(2.5)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=20)
    player.join(15)
    assert proc.returncode == 130, stderr
    result = json.loads(stdout.strip().splitlines()[-1])
    assert result["ended_by"] == "interrupt"
    info = sf.info(out)  # a valid WAV header with the right length
    assert info.samplerate == SR and info.frames / SR == pytest.approx(result["duration"], abs=0.01)
    assert 1.5 < info.duration < 4.0
    got = sf.read(out, dtype="float32")[0]
    assert active(got) is not None, "the audio so far was not kept"
    lag, r = similarity(got, clip, window=1.0)
    assert r > 0.8, f"r={r:.2f} lag={lag:.2f} span={active(got)} duration={info.duration}"


@pytest.mark.audio
@requires_pulse
def test_devices_lists_the_virtual_devices_and_resolves_them_by_name():
    out = subprocess.run([sys.executable, "-m", "mockint", "devices"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    assert any(line.startswith(">") and "mockint_mic" in line for line in lines)  # default input
    assert any(line.startswith(" <") and "mockint_speaker" in line for line in lines)  # default output
    from mockint.speech.devices import resolve_device

    assert resolve_device("mockint_mic_feed", "output").pulse == "mockint_mic_feed"
    assert resolve_device("speaker.monitor", "input").pulse == "mockint_speaker.monitor"


@pytest.mark.audio
@requires_pulse
@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
def test_enter_ends_the_answer_and_the_meter_shows_on_a_terminal(tmp_path):
    import pty
    import select

    out_wav = tmp_path / "a.wav"
    code = (
        "from mockint.speech.recorder import MicrophoneRecorder as M, TakeSettings; "
        f"r = M('mockint_mic').record({str(out_wav)!r}, TakeSettings(target_seconds=30)); "
        "print('RESULT', r.ended_by, r.duration)"
    )
    pid, fd = pty.fork()
    if pid == 0:  # the child: a recorder on a terminal
        os.chdir(ROOT)
        os.execv(sys.executable, [sys.executable, "-c", code])
    output, sent, t0 = b"", False, time.monotonic()
    while time.monotonic() - t0 < 30:
        if not sent and b"REC 0:02" in output:
            os.write(fd, b"\n")
            sent = True
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
    os.waitpid(pid, 0)
    text = output.decode(errors="replace")
    assert "REC 0:00 / 0:30" in text and "Enter to finish" in text  # the live line: elapsed / target, meter
    result = text.split("RESULT", 1)[1].split()
    assert result[0] == "enter" and 2.0 <= float(result[1]) < 5.0
    assert sf.info(out_wav).duration == pytest.approx(float(result[1]), abs=0.01)


@pytest.mark.parametrize(
    ("portaudio_message", "expected"),
    [
        ("Error querying device -1", "no input device found"),
        ("Error opening InputStream: Device unavailable [PaErrorCode -9985]", "the device is busy"),
        ("Error opening InputStream: Invalid sample rate [PaErrorCode -9997]", "does not support 16000 Hz"),
    ],
)
def test_device_errors_are_one_clear_line(portaudio_message, expected):
    from mockint.speech.devices import Device, _explain

    err = _explain(RuntimeError(portaudio_message), Device(index=3, label="USB mic (#3)"), "input", 16000)
    assert isinstance(err, AudioError) and "\n" not in str(err)
    assert str(err).startswith("microphone USB mic (#3): cannot open for recording: ") and expected in str(err)


# -- crash safety of the WAV -----------------------------------------------------------------------------


def test_wav_header_is_valid_after_every_block(tmp_path):
    import wave

    from mockint.speech.wavfile import WavWriter

    path = tmp_path / "a.wav"
    w = WavWriter(path, SR)
    x = (0.5 * np.sin(np.arange(SR) / 10)).astype(np.float32)
    for i in range(0, SR, 800):
        w.write(x[i : i + 800])
        with wave.open(str(path)) as r:  # read while still open, as after a kill -9
            assert r.getnframes() == i + 800
    audio, sr = sf.read(path, dtype="float32")
    assert sr == SR and np.abs(audio - x).max() < 1e-4
    w.close()


def test_repair_wav_fixes_a_header_left_at_zero_seconds(tmp_path):
    import wave

    from mockint.speech.wavfile import repair_wav

    path = tmp_path / "old.wav"
    sf.write(path, np.full(SR, 0.1, np.float32), SR, subtype="PCM_16")
    assert repair_wav(path) is False  # a good file is left alone
    raw = bytearray(path.read_bytes())
    pos = raw.index(b"data")
    raw[pos + 4 : pos + 8] = b"\0\0\0\0"  # what a crash of the old writer left
    raw[4:8] = pos.to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    with wave.open(str(path)) as r:
        assert r.getnframes() == 0
    assert repair_wav(path) is True
    with wave.open(str(path)) as r:
        assert r.getnframes() == SR
    assert repair_wav(tmp_path / "missing.wav") is False


def test_a_bad_answer_file_is_found_before_the_session_starts(tmp_path):
    good, bad = fixture_audio("silence"), tmp_path / "bad.wav"
    bad.write_text("not audio at all\n")
    with pytest.raises(AudioError, match=r"bad\.wav"):
        FileRecorder([good, bad])  # decoded up front, not when its turn comes
    home = tmp_path / "home"
    env = {**os.environ, "MOCKINT_HOME": str(home), "PULSE_SERVER": "unix:/nonexistent"}
    for answer in (bad, tmp_path / "empty.wav"):
        answer.touch()
        out = subprocess.run([sys.executable, "-m", "mockint", "practice", "--no-speak", "--fast", "--answer", str(good), "--answer", str(answer)],
                             env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        assert out.returncode == 2, out.stderr[-2000:]
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(str(answer)), out.stderr
        assert "Interviewer" not in out.stdout  # the question was never asked
        assert not (home / "sessions").exists() or not any((home / "sessions").iterdir())  # and no session folder


def test_blocks_queued_after_the_end_are_kept_but_do_not_move_it(tmp_path):
    """A microphone's queue holds blocks that arrived while the last words were read: they are written to
    the file, and the answer still ends where the window ran out (they once re-decided and moved it later)."""
    from mockint.scoring.turn import Heard, TurnWindows
    from mockint.scoring.transcript import Word
    from mockint.speech.take import Listening, Take

    words = [Word(word=w, start=0.1 * i, end=0.1 * i + 0.1) for i, w in enumerate("So the outcome was good. That's it.".split())]
    take = Take(tmp_path / "a.wav", SR, Listening(heard=lambda: Heard(words, 2.0), windows=TurnWindows()))
    block = int(0.05 * SR)
    loud, quiet = np.full(block, 0.3, np.float32), np.full(block, 1e-4, np.float32)
    ended = [take.add(b) for b in [quiet] * 20 + [loud] * 20 + [quiet] * 40]
    assert ended.count("finished") == 1  # decided once, at 1 s of quiet after the speech
    rec = take.close("finished")
    assert rec.end_position == pytest.approx(3.0, abs=0.051) and rec.duration == pytest.approx(4.0)
