"""Audio files in and out: decode any common file to 16 kHz mono float32, write WAV/FLAC.

Everything after this module takes arrays. WAV/FLAC/OGG are read with soundfile (libsndfile);
anything else (mp3, m4a, webm, ...) and any file libsndfile rejects is decoded with PyAV (FFmpeg),
which faster-whisper already depends on. Resampling uses FFmpeg's swresample through PyAV.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from mockint.errors import AudioError

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000  # what Whisper and Silero VAD expect
_BLOCK = 1 << 18  # samples per PyAV frame when resampling arrays (bounded memory per call)


def load_audio(path: str | Path, sr: int = SAMPLE_RATE) -> np.ndarray:
    """Decode an audio file to mono float32 in [-1, 1] at `sr` Hz.

    Raises `AudioError` (one line, starting with the path) for a missing, empty, corrupt or
    undecodable file. A valid file with no samples is an error too; silence is not.
    """
    path = Path(path)
    if not path.exists():
        raise AudioError(f"{path}: no such file")
    if path.is_dir():
        raise AudioError(f"{path}: is a directory, not an audio file")
    try:
        size = path.stat().st_size
    except OSError as e:
        raise AudioError(f"{path}: cannot read: {e.strerror or e}") from None
    if size == 0:
        raise AudioError(f"{path}: empty file (0 bytes)")

    audio, file_sr = _read_soundfile(path)
    if audio is None:
        audio = _decode_av(path, sr)
        file_sr = sr
    if audio.size == 0:
        raise AudioError(f"{path}: contains no audio samples")
    if not np.all(np.isfinite(audio)):
        raise AudioError(f"{path}: contains invalid (NaN or infinite) samples")
    if file_sr != sr:
        log.info("%s: resampling %d Hz -> %d Hz", path, file_sr, sr)
        audio = resample(audio, file_sr, sr)
    return np.ascontiguousarray(audio, dtype=np.float32)


def save_audio(path: str | Path, audio: np.ndarray, sr: int = SAMPLE_RATE) -> Path:
    """Write mono float audio as 16-bit PCM (WAV/FLAC by extension; WAV when unknown)."""
    import soundfile as sf

    path = Path(path)
    fmt = path.suffix.lstrip(".").upper()
    if fmt not in sf.available_formats():
        fmt = "WAV"
    try:
        sf.write(str(path), np.clip(np.asarray(audio, dtype=np.float32), -1.0, 1.0), sr, subtype="PCM_16", format=fmt)
    except (OSError, RuntimeError) as e:  # LibsndfileError is a RuntimeError
        raise AudioError(f"{path}: cannot write audio: {e}") from None
    return path


def resample(audio: np.ndarray, sr_from: int, sr_to: int) -> np.ndarray:
    """Resample mono float32 audio with FFmpeg's swresample (band-limited, via PyAV)."""
    if sr_from == sr_to or audio.size == 0:
        return audio.astype(np.float32, copy=False)
    import av

    resampler = av.AudioResampler(format="flt", layout="mono", rate=sr_to)
    out: list[np.ndarray] = []
    x = np.ascontiguousarray(audio, dtype=np.float32)
    for i in range(0, x.size, _BLOCK):
        frame = av.AudioFrame.from_ndarray(x[None, i : i + _BLOCK], format="flt", layout="mono")
        frame.sample_rate = sr_from
        out.extend(f.to_ndarray().reshape(-1) for f in resampler.resample(frame))
    out.extend(f.to_ndarray().reshape(-1) for f in resampler.resample(None))
    return np.concatenate(out) if out else np.zeros(0, np.float32)


def _read_soundfile(path: Path) -> tuple[np.ndarray | None, int]:
    """(mono audio, rate) via libsndfile, or (None, 0) when it cannot open the file."""
    import soundfile as sf

    try:
        data, file_sr = sf.read(str(path), dtype="float32", always_2d=True)
    except (sf.LibsndfileError, RuntimeError, EOFError, ValueError) as e:
        log.debug("%s: soundfile cannot read it (%s); trying PyAV", path, e)
        return None, 0
    return data.mean(axis=1) if data.shape[1] > 1 else data[:, 0], int(file_sr)


def _decode_av(path: Path, sr: int) -> np.ndarray:
    """Decode with PyAV (FFmpeg), downmixed and resampled to `sr`."""
    import av

    resampler = av.AudioResampler(format="flt", layout="mono", rate=sr)
    chunks: list[np.ndarray] = []
    try:
        with av.open(str(path), mode="r", metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise AudioError(f"{path}: no audio stream in the file")
            for frame in container.decode(audio=0):
                chunks.extend(f.to_ndarray().reshape(-1) for f in resampler.resample(frame))
            chunks.extend(f.to_ndarray().reshape(-1) for f in resampler.resample(None))
    except AudioError:
        raise
    except (av.FFmpegError, OSError, ValueError) as e:
        reason = getattr(e, "strerror", None) or (str(e).splitlines() or [type(e).__name__])[0]
        raise AudioError(f"{path}: cannot decode audio (corrupt or unsupported file): {reason}") from None
    return np.concatenate(chunks).astype(np.float32, copy=False) if chunks else np.zeros(0, np.float32)
