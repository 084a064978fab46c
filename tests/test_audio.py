"""Audio file decoding: formats, rates, channels, and every kind of bad file (no model needed)."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from conftest import fixture_audio

from mockint.defaults import SAMPLE_RATE
from mockint.speech.audio import load_audio, resample, save_audio
from mockint.errors import AudioError


@pytest.fixture(scope="module")
def speech() -> np.ndarray:
    """Real speech at 16 kHz (a fixture section)."""
    return load_audio(fixture_audio("section_task"))


def _encode_av(path, audio: np.ndarray, codec: str) -> None:
    """Write mono 16 kHz audio with PyAV (FFmpeg) for formats libsndfile may not write (mp3, aac)."""
    import av

    with av.open(str(path), "w") as out:
        stream = out.add_stream(codec, rate=SAMPLE_RATE, layout="mono")
        frame = av.AudioFrame.from_ndarray((audio * 32767).astype(np.int16)[None, :], format="s16", layout="mono")
        frame.sample_rate = SAMPLE_RATE
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


def _similar(a: np.ndarray, b: np.ndarray, max_shift: int = 2000) -> float:
    """Peak normalized cross-correlation of the envelopes (codecs add delay and change phase)."""
    n = min(a.size, b.size)
    ea = np.abs(a[:n]).reshape(-1, 160).mean(axis=1)
    eb = np.abs(b[:n]).reshape(-1, 160).mean(axis=1) if n % 160 == 0 else np.abs(b[: n - n % 160]).reshape(-1, 160).mean(axis=1)
    ea = ea[: eb.size]
    best = 0.0
    for s in range(-max_shift // 160, max_shift // 160 + 1):
        x, y = (ea[s:], eb[: eb.size - s]) if s >= 0 else (ea[:s], eb[-s:])
        best = max(best, float(np.corrcoef(x, y)[0, 1]))
    return best


@pytest.mark.parametrize("suffix", ["wav", "flac", "ogg", "mp3", "m4a"])
def test_common_formats_decode_to_16k_mono(tmp_path, speech, suffix):
    clip = speech[: 3 * SAMPLE_RATE]
    path = tmp_path / f"a.{suffix}"
    if suffix in ("wav", "flac", "ogg"):
        sf.write(path, clip, SAMPLE_RATE)
    else:
        _encode_av(path, clip, {"mp3": "mp3", "m4a": "aac"}[suffix])
    audio = load_audio(path)
    assert audio.dtype == np.float32 and audio.ndim == 1
    assert abs(audio.size - clip.size) < 0.1 * SAMPLE_RATE  # encoder padding only
    assert _similar(clip, audio) > 0.95


def test_8khz_stereo_is_resampled_and_downmixed(tmp_path, speech):
    clip = speech[: 4 * SAMPLE_RATE]
    low = resample(clip, SAMPLE_RATE, 8000)
    stereo = np.stack([low, 0.5 * low], axis=1)
    path = tmp_path / "phone.wav"
    sf.write(path, stereo, 8000)
    audio = load_audio(path)
    assert abs(audio.size - clip.size) <= 2
    assert np.isclose(np.abs(audio).max(), 0.75 * np.abs(clip).max(), rtol=0.1)  # mean of L and 0.5 L
    assert _similar(clip, audio) > 0.95


def test_resample_keeps_frequency_and_length():
    sr = 44100
    t = np.arange(sr) / sr
    tone = (0.5 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32)
    out = resample(tone, sr, SAMPLE_RATE)
    assert abs(out.size - SAMPLE_RATE) <= 2
    spectrum = np.abs(np.fft.rfft(out[1000:-1000]))
    peak_hz = np.argmax(spectrum) * SAMPLE_RATE / (out.size - 2000)
    assert abs(peak_hz - 1000) < 5


def test_save_and_load_round_trip(tmp_path, speech):
    path = save_audio(tmp_path / "x.wav", speech[:SAMPLE_RATE])
    back = load_audio(path)
    assert back.size == SAMPLE_RATE
    assert np.max(np.abs(back - speech[:SAMPLE_RATE])) < 1e-3  # 16-bit PCM


def _one_line_starting_with(err: pytest.ExceptionInfo, path) -> str:
    msg = str(err.value)
    assert msg.startswith(str(path)), msg
    assert "\n" not in msg
    return msg


def test_missing_file(tmp_path):
    path = tmp_path / "nope.wav"
    with pytest.raises(AudioError) as e:
        load_audio(path)
    assert "no such file" in _one_line_starting_with(e, path)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.wav"
    path.write_bytes(b"")
    with pytest.raises(AudioError) as e:
        load_audio(path)
    assert "empty" in _one_line_starting_with(e, path)


def test_corrupt_header(tmp_path, speech):
    good = tmp_path / "good.wav"
    sf.write(good, speech[:SAMPLE_RATE], SAMPLE_RATE)
    data = bytearray(good.read_bytes())
    data[:44] = bytes(range(44))  # destroy the RIFF header
    path = tmp_path / "corrupt.wav"
    path.write_bytes(bytes(data))
    with pytest.raises(AudioError) as e:
        load_audio(path)
    assert "cannot decode" in _one_line_starting_with(e, path)


def test_not_audio_and_directory(tmp_path):
    text = tmp_path / "notes.mp3"
    text.write_text("these are my interview notes, not audio\n" * 50)
    with pytest.raises(AudioError) as e:
        load_audio(text)
    _one_line_starting_with(e, text)
    with pytest.raises(AudioError) as e:
        load_audio(tmp_path)
    assert "directory" in _one_line_starting_with(e, tmp_path)


def test_valid_header_without_samples(tmp_path):
    path = tmp_path / "zero.wav"
    sf.write(path, np.zeros(0, np.float32), SAMPLE_RATE)
    with pytest.raises(AudioError) as e:
        load_audio(path)
    assert "no audio samples" in _one_line_starting_with(e, path)


def test_short_and_silent_files_load(fixtures_dir):
    clip = load_audio(fixture_audio("clip_0_2s"))
    assert clip.size == int(0.2 * SAMPLE_RATE)
    silence = load_audio(fixture_audio("silence"))
    assert silence.size == 5 * SAMPLE_RATE and not silence.any()


def test_twenty_minute_file_loads_in_bounded_memory(tmp_path, speech):
    """20 minutes of 44.1 kHz stereo: decoded and resampled without holding more than a few copies."""
    import tracemalloc

    sr, minutes = 44100, 20
    block = resample(speech[: 10 * SAMPLE_RATE], SAMPLE_RATE, sr)
    path = tmp_path / "long.flac"
    with sf.SoundFile(path, "w", sr, 2, format="FLAC") as f:
        for _ in range(minutes * 6):
            f.write(np.stack([block, block], axis=1))
    tracemalloc.start()
    audio = load_audio(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert abs(audio.size / SAMPLE_RATE - minutes * 60) < 0.1
    final_mb = audio.nbytes / 1e6
    print(f"20-min 44.1 kHz stereo FLAC: result {final_mb:.0f} MB, peak traced {peak / 1e6:.0f} MB")
    assert peak < 3 * audio.nbytes  # read, downmixed and resampled block by block


def test_a_symlink_loop_and_a_broken_link_say_so(tmp_path):
    a, b, broken = tmp_path / "a.wav", tmp_path / "b.wav", tmp_path / "broken.wav"
    a.symlink_to(b)
    b.symlink_to(a)
    broken.symlink_to(tmp_path / "gone.wav")
    with pytest.raises(AudioError) as e:
        load_audio(a)
    assert "symlink loop" in _one_line_starting_with(e, a)
    with pytest.raises(AudioError) as e:
        load_audio(broken)
    assert _one_line_starting_with(e, broken) == f"{broken}: a broken symbolic link"


def test_a_file_that_cannot_be_opened_says_why_not_corrupt(tmp_path, speech, monkeypatch):
    """A permission problem is named as one (root reads any file, so the refusal is simulated)."""
    import errno
    from pathlib import Path

    path = tmp_path / "locked.wav"
    sf.write(path, speech[:SAMPLE_RATE], SAMPLE_RATE)
    real_open = Path.open

    def refuse(self, *a, **kw):
        if self == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *a, **kw)

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(AudioError) as e:
        load_audio(path)
    line = _one_line_starting_with(e, path)
    assert "permission denied" in line and "corrupt" not in line


def test_mp3_decoder_notes_stay_off_the_terminal(tmp_path, speech, capfd):
    """libmpg123 prints notes such as "Illegal Audio-MPEG-Header" on stderr for a damaged frame."""
    clean = tmp_path / "clean.mp3"
    _encode_av(clean, speech[: 3 * SAMPLE_RATE], "mp3")
    data = clean.read_bytes()
    damaged = tmp_path / "damaged.mp3"
    damaged.write_bytes(data[: len(data) // 2] + b"\x00garbage" * 50 + data[len(data) // 2 :])
    capfd.readouterr()
    audio = load_audio(damaged)
    out, err = capfd.readouterr()
    assert audio.size > 2 * SAMPLE_RATE
    assert err == "" and out == ""
