"""Audio files in and out: decode any common file to 16 kHz mono float32, write WAV/FLAC.

Everything after this module takes arrays. WAV/FLAC/OGG are read with soundfile (libsndfile);
anything else (mp3, m4a, webm, ...) and any file libsndfile rejects is decoded with PyAV (FFmpeg),
which faster-whisper already depends on. Resampling uses FFmpeg's swresample through PyAV.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from mockint.defaults import SAMPLE_RATE
from mockint.errors import AudioError, FileError

log = logging.getLogger(__name__)

_BLOCK = 1 << 18  # samples per block when reading and resampling (bounds memory beyond the result)


def load_audio(path: str | Path, sr: int = SAMPLE_RATE) -> np.ndarray:
    """Decode an audio file to mono float32 in [-1, 1] at `sr` Hz.

    Raises `AudioError` (one line, starting with the path) for a missing, empty, corrupt or
    undecodable file. A valid file with no samples is an error too; silence is not.
    """
    path = Path(path)
    size = _readable_size(path)
    if size == 0:
        raise AudioError(f"{path}: empty file (0 bytes)")

    with _quiet_stderr(_is_mpeg(path)):  # libmpg123 prints its notes ("Illegal Audio-MPEG-Header") on fd 2
        audio = _read_soundfile(path, sr)
    if audio is None:
        audio = _decode_av(path, sr)
    if audio.size == 0:
        raise AudioError(f"{path}: contains no audio samples")
    if not np.all(np.isfinite(audio)):
        raise AudioError(f"{path}: contains invalid (NaN or infinite) samples")
    return np.ascontiguousarray(audio, dtype=np.float32)


def _readable_size(path: Path) -> int:
    """The file's size, once it is known to be a file this process can read; else one AudioError line
    saying why (missing, a broken link, a symlink loop, a folder, no permission)."""
    try:
        st = path.stat()
        with path.open("rb"):
            pass
    except FileNotFoundError:
        raise AudioError(f"{path}: {'a broken symbolic link' if path.is_symlink() else 'no such file'}") from None
    except IsADirectoryError:
        raise AudioError(f"{path}: is a directory, not an audio file") from None
    except OSError as e:
        raise AudioError(str(FileError.from_os(e, path))) from None
    if stat.S_ISDIR(st.st_mode):
        raise AudioError(f"{path}: is a directory, not an audio file")
    return st.st_size


def _is_mpeg(path: Path) -> bool:
    """MPEG audio (mp3), by name or by its first bytes (an ID3 tag, or a frame sync)."""
    if path.suffix.lower() in (".mp3", ".mp2", ".mpga"):
        return True
    with path.open("rb") as f:
        head = f.read(3)
    return head.startswith(b"ID3") or (len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)


@contextmanager
def _quiet_stderr(quiet: bool):
    """While decoding, what C libraries print on file descriptor 2 goes to the debug log instead."""
    if not quiet:
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            noise = sink.read().decode("utf-8", "replace").strip()
            if noise:
                log.debug("decoder notes: %s", noise)


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
    r = _Resampler(sr_from, sr_to)
    x = np.ascontiguousarray(audio, dtype=np.float32)
    out = _Samples(expected_length(x.size, sr_from, sr_to))
    for i in range(0, x.size, _BLOCK):
        out.append(r.push(x[i : i + _BLOCK]))
    out.append(r.flush())
    return out.array()


def expected_length(frames: int, sr_from: int, sr_to: int) -> int:
    """How many samples `frames` at `sr_from` become at `sr_to` (a capacity hint: the resampler may differ by a few)."""
    return -(-frames * sr_to // sr_from) + 64


class _Samples:
    """Blocks of mono float32 appended in place to one array: no second full-length copy at the end, as
    joining a list of blocks would make (a 20-minute file is 77 MB at 16 kHz). Grows by doubling when the
    capacity hint is short."""

    def __init__(self, capacity: int = 0):
        self._buf = np.empty(max(capacity, _BLOCK), np.float32)
        self._n = 0

    def append(self, block: np.ndarray) -> None:
        if self._n + block.size > self._buf.size:
            grown = np.empty(max(2 * self._buf.size, self._n + block.size), np.float32)
            grown[: self._n] = self._buf[: self._n]
            self._buf = grown
        self._buf[self._n : self._n + block.size] = block
        self._n += block.size

    def array(self) -> np.ndarray:
        """The samples so far (a view of the buffer: its slack is at most the capacity hint's error)."""
        return self._buf[: self._n]


class _Resampler:
    """Streaming mono resampler: push blocks, then flush once."""

    def __init__(self, sr_from: int, sr_to: int):
        import av

        self._av = av
        self.sr_from = sr_from
        self._r = av.AudioResampler(format="flt", layout="mono", rate=sr_to)

    def push(self, block: np.ndarray) -> np.ndarray:
        frame = self._av.AudioFrame.from_ndarray(
            np.ascontiguousarray(block, dtype=np.float32)[None, :], format="flt", layout="mono"
        )
        frame.sample_rate = self.sr_from
        return self._collect(self._r.resample(frame))

    def flush(self) -> np.ndarray:
        return self._collect(self._r.resample(None))

    @staticmethod
    def _collect(frames) -> np.ndarray:
        parts = [f.to_ndarray().reshape(-1) for f in frames]
        return np.concatenate(parts) if parts else np.zeros(0, np.float32)


def _read_soundfile(path: Path, sr: int) -> np.ndarray | None:
    """Mono audio at `sr` via libsndfile, block by block (bounded memory), or None when it cannot open it."""
    import soundfile as sf

    try:
        f = sf.SoundFile(str(path))
    except (sf.LibsndfileError, RuntimeError, EOFError, ValueError) as e:
        log.debug("%s: soundfile cannot open it (%s); trying PyAV", path, e)
        return None
    with f:
        rs = _Resampler(f.samplerate, sr) if f.samplerate != sr else None
        if rs:
            log.info("%s: resampling %d Hz -> %d Hz", path, f.samplerate, sr)
        out = _Samples(expected_length(f.frames, f.samplerate, sr) if 0 < f.frames < 1 << 40 else 0)
        try:
            for block in f.blocks(blocksize=_BLOCK, dtype="float32", always_2d=True):
                mono = block.mean(axis=1, dtype=np.float32) if block.shape[1] > 1 else block[:, 0]
                out.append(rs.push(mono) if rs else mono)
        except (sf.LibsndfileError, RuntimeError) as e:
            raise AudioError(f"{path}: cannot decode audio (corrupt data): {e}") from None
        if rs:
            out.append(rs.flush())
    return out.array()


def _decode_av(path: Path, sr: int) -> np.ndarray:
    """Decode with PyAV (FFmpeg), downmixed and resampled to `sr`."""
    import av

    resampler = av.AudioResampler(format="flt", layout="mono", rate=sr)
    out = _Samples()
    try:
        with av.open(str(path), mode="r", metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise AudioError(f"{path}: no audio stream in the file")
            if container.duration:  # microseconds, when the container says
                out = _Samples(int(container.duration * sr // 1_000_000) + sr)
            for frame in container.decode(audio=0):
                for f in resampler.resample(frame):
                    out.append(f.to_ndarray().reshape(-1))
            for f in resampler.resample(None):
                out.append(f.to_ndarray().reshape(-1))
    except AudioError:
        raise
    except (av.FFmpegError, OSError, ValueError) as e:
        reason = getattr(e, "strerror", None) or (str(e).splitlines() or [type(e).__name__])[0]
        raise AudioError(f"{path}: cannot decode audio (corrupt or unsupported file): {reason}") from None
    return out.array()
