"""A WAV whose header is right after every block, and the repair of one that a crash left short.

`WavWriter` appends each block and then rewrites the RIFF and data sizes in the header, so at any instant
(even a `kill -9`) the file on disk is a valid WAV holding every block but at most the one being written.
`repair_wav` fixes the header of an older file that a crash left saying 0 seconds (its samples are on
disk); `mockint rescore` calls it.
"""

from __future__ import annotations

import logging
import os
import struct
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)


def _wav_header(samplerate: int, data_bytes: int) -> bytes:
    """The 44-byte header of a 16-bit PCM mono WAV holding `data_bytes` of samples."""
    return (
        b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVE"
        + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, samplerate, samplerate * 2, 2, 16)
        + b"data" + struct.pack("<I", data_bytes)
    )


class WavWriter:
    """A 16 kHz mono PCM_16 WAV written block by block; the header's sizes are rewritten after every block.

    Each `write` appends the samples (one `pwrite`), then updates the data size and the RIFF size. The OS
    holds what was written even if the process is killed, so the file is readable at any instant with all
    its samples but, at worst, the block being written when it died.
    """

    def __init__(self, path: str | Path, samplerate: int):
        self.path = Path(path)
        self.samplerate = samplerate
        self.frames = 0
        self._fd: int | None = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.pwrite(self._fd, _wav_header(samplerate, 0), 0)
        except OSError:
            self.close()
            raise

    @property
    def closed(self) -> bool:
        return self._fd is None

    def write(self, block: np.ndarray) -> None:
        if self._fd is None:
            raise ValueError(f"{self.path}: the recording is closed")
        x = np.asarray(block, dtype=np.float32).reshape(-1)
        if not x.size:
            return
        pcm = np.clip(np.rint(x * 32767.0), -32768, 32767).astype("<i2").tobytes()
        offset = 44 + self.frames * 2
        written = 0
        while written < len(pcm):
            written += os.pwrite(self._fd, pcm[written:], offset + written)
        self.frames += x.size
        data = self.frames * 2
        os.pwrite(self._fd, struct.pack("<I", data), 40)  # the data size first: it is what readers use
        os.pwrite(self._fd, struct.pack("<I", 36 + data), 4)

    def flush(self) -> None:  # every write already reached the OS
        pass

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)


def repair_wav(path: str | Path) -> bool:
    """Rewrite the sizes in a WAV header that a crash left short (e.g. "0 seconds") from the bytes on disk.

    Only a RIFF/WAVE file whose `data` chunk is the last one is touched; returns True when it was repaired.
    """
    path = Path(path)
    try:
        with open(path, "r+b") as f:
            head = f.read(12)
            if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
                return False
            size = f.seek(0, os.SEEK_END)
            pos, align = 12, 2
            while pos + 8 <= size:
                f.seek(pos)
                cid, clen = struct.unpack("<4sI", f.read(8))
                if cid == b"fmt " and clen >= 14:
                    align = max(1, struct.unpack("<H", f.read(14)[12:14])[0])
                if cid == b"data":
                    actual = (size - pos - 8) // align * align
                    if clen == actual:
                        return False
                    if 0 < clen < actual:  # a chunk after the samples (e.g. LIST) is not a crash
                        f.seek(pos + 8 + clen + (clen & 1))
                        after = f.read(4)
                        if len(after) == 4 and all(32 <= b < 127 for b in after):
                            return False
                    f.seek(pos + 4)
                    f.write(struct.pack("<I", actual))
                    f.seek(4)
                    f.write(struct.pack("<I", min(0xFFFFFFFF, pos + actual)))
                    logger.info("%s: repaired the WAV header (%d bytes of samples)", path, actual)
                    return True
                pos += 8 + clen + (clen & 1)
    except (OSError, struct.error):
        return False
    return False

