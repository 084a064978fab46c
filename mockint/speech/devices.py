"""Audio devices: list them, resolve `--input-device`/`--output-device`, open streams, play a clip.

The only module that opens PortAudio streams (through sounddevice, imported lazily). A device is a
PortAudio device (by index or name substring) or, when a PulseAudio server answers, one of its sinks or
sources by name (e.g. `mockint_mic_feed`): PortAudio reaches PulseAudio through the ALSA `pulse` plugin,
and the sink/source is chosen with `PULSE_SINK`/`PULSE_SOURCE` while the stream is being opened.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from mockint.speech.audio import resample
from mockint.defaults import SAMPLE_RATE
from mockint.errors import AudioError

logger = logging.getLogger(__name__)


# Output buffer, seconds. Large enough that a busy CPU does not starve playback (underruns leave gaps);
# playback start and end are timed with the reported latency, so a longer buffer costs no accuracy.
OUTPUT_LATENCY = float(os.environ.get("MOCKINT_OUTPUT_LATENCY", "0.2"))
Kind = Literal["input", "output"]

_route_lock = threading.Lock()


@dataclass(frozen=True)
class DeviceInfo:
    """One line of `mockint devices`."""

    index: int | None  # PortAudio index; None for a PulseAudio sink/source
    name: str
    api: str  # "ALSA", "PulseAudio sink", ...
    inputs: int  # max input channels
    outputs: int  # max output channels
    default_samplerate: float | None
    is_default_input: bool = False
    is_default_output: bool = False


@dataclass(frozen=True)
class Device:
    """A resolved device: a PortAudio index (None: the default one), optionally routed to a PulseAudio sink/source."""

    index: int | None = None
    pulse: str | None = None
    label: str = "default device"


def import_sounddevice() -> Any:
    """sounddevice, or an AudioError with an install hint."""
    try:
        import sounddevice
    except ImportError as e:
        raise AudioError("sounddevice is not installed: pip install sounddevice") from e
    except OSError as e:  # PortAudio shared library missing
        raise AudioError(f"PortAudio not found ({e}): install libportaudio2 (scripts/setup.sh does)") from e
    return sounddevice


# -- PulseAudio (optional; through pactl) -----------------------------------------------------


def pulse_devices(kind: Kind) -> list[tuple[str, bool]]:
    """(name, is_default) of the PulseAudio sinks (output) or sources (input); [] when no server answers."""
    if not shutil.which("pactl"):
        return []
    what = "sinks" if kind == "output" else "sources"
    try:
        out = subprocess.run(["pactl", "list", "short", what], capture_output=True, text=True, timeout=3)
        if out.returncode != 0:
            return []
        info = subprocess.run(["pactl", "info"], capture_output=True, text=True, timeout=3).stdout
    except (OSError, subprocess.TimeoutExpired):
        return []
    key = "Default Sink:" if kind == "output" else "Default Source:"
    default = next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith(key)), "")
    names = [line.split("\t")[1] for line in out.stdout.splitlines() if "\t" in line]
    return [(n, n == default) for n in names]


def pulse_server_answers() -> bool:
    """True when a PulseAudio server answers at $PULSE_SERVER (or the default socket)."""
    if not shutil.which("pactl"):
        return False
    try:
        return subprocess.run(["pactl", "info"], capture_output=True, timeout=3).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


# -- listing and resolving ----------------------------------------------------------------------


def list_devices() -> list[DeviceInfo]:
    """PortAudio devices (defaults marked), then PulseAudio sinks and sources when a server answers."""
    sd = import_sounddevice()
    apis = sd.query_hostapis()
    try:
        default_in, default_out = sd.default.device
    except Exception:  # pragma: no cover - sounddevice versions differ
        default_in = default_out = -1
    rows = [
        DeviceInfo(
            index=i,
            name=d["name"],
            api=apis[d["hostapi"]]["name"],
            inputs=d["max_input_channels"],
            outputs=d["max_output_channels"],
            default_samplerate=d["default_samplerate"],
            is_default_input=i == default_in,
            is_default_output=i == default_out,
        )
        for i, d in enumerate(sd.query_devices())
    ]
    for kind in ("output", "input"):
        for name, is_default in pulse_devices(kind):  # type: ignore[arg-type]
            rows.append(
                DeviceInfo(
                    index=None,
                    name=name,
                    api="PulseAudio " + ("sink" if kind == "output" else "source"),
                    inputs=1 if kind == "input" else 0,
                    outputs=1 if kind == "output" else 0,
                    default_samplerate=None,
                    is_default_input=kind == "input" and is_default,
                    is_default_output=kind == "output" and is_default,
                )
            )
    return rows


def format_devices(rows: list[DeviceInfo]) -> str:
    """The table `mockint devices` prints: `>` marks the default input, `<` the default output."""
    lines = []
    for r in rows:
        mark = (">" if r.is_default_input else " ") + ("<" if r.is_default_output else " ")
        idx = f"{r.index:>3}" if r.index is not None else "  -"
        io = f"{r.inputs} in, {r.outputs} out"
        lines.append(f"{mark} {idx}  {r.name}  ({r.api}, {io})")
    lines.append("> default input, < default output; pass an index or a name (substring) to --input-device/--output-device")
    return "\n".join(lines)


def resolve_device(spec: str | int | Device | None, kind: Kind, option: str | None = None) -> Device:
    """Resolve a `--input-device`/`--output-device` value: an index, a PortAudio name substring, or a PulseAudio
    sink/source name. `option`: the flag the value came from, named in errors (default `--KIND-device`)."""
    if spec is None or spec == "" or isinstance(spec, Device):
        return spec or Device()
    option = f"{option or f'--{kind}-device'} {spec}"
    sd = import_sounddevice()
    channels = "max_input_channels" if kind == "input" else "max_output_channels"
    devices = list(sd.query_devices())
    if isinstance(spec, int) or str(spec).strip().isdigit():
        i = int(spec)
        if not 0 <= i < len(devices):
            raise AudioError(f"{option}: no such device (there are {len(devices)}; `mockint devices` lists them)")
        if devices[i][channels] < 1:
            raise AudioError(f"{option}: {devices[i]['name']!r} has no {kind} channels")
        return Device(index=i, label=f"{devices[i]['name']} (#{i})")
    want = str(spec).strip().lower()
    matches = [i for i, d in enumerate(devices) if d[channels] > 0 and want in d["name"].lower()]
    exact = [i for i in matches if devices[i]["name"].lower() == want]
    if exact or len(matches) == 1:
        i = (exact or matches)[0]
        return Device(index=i, label=f"{devices[i]['name']} (#{i})")
    pulse = [name for name, _ in pulse_devices(kind)]
    p_exact = [n for n in pulse if n.lower() == want]
    p_matches = p_exact or [n for n in pulse if want in n.lower()]
    if len(p_matches) == 1:
        pa_index = next((i for i, d in enumerate(devices) if d["name"] == "pulse" and d[channels] > 0), None)
        return Device(index=pa_index, pulse=p_matches[0], label=p_matches[0])
    candidates = [devices[i]["name"] for i in matches] + p_matches
    if candidates:
        raise AudioError(f"{option}: ambiguous, matches {', '.join(repr(c) for c in candidates)}")
    raise AudioError(f"{option}: no {kind} device matches (`mockint devices` lists them)")


# -- streams ----------------------------------------------------------------------------------------


@contextlib.contextmanager
def _routed(device: Device, kind: Kind) -> Iterator[None]:
    """While a stream opens, point the ALSA pulse plugin at the chosen PulseAudio sink/source."""
    if not device.pulse:
        yield
        return
    var = "PULSE_SINK" if kind == "output" else "PULSE_SOURCE"
    with _route_lock:
        old = os.environ.get(var)
        os.environ[var] = device.pulse
        try:
            yield
        finally:
            if old is None:
                os.environ.pop(var, None)
            else:
                os.environ[var] = old


def _explain(e: Exception, device: Device, kind: Kind, samplerate: int) -> AudioError:
    """A PortAudio error as one line: no device, busy, unsupported rate, or the raw reason."""
    msg = str(e)
    low = msg.lower()
    what = "microphone" if kind == "input" else "speaker"
    if "querying device -1" in low or "no default" in low or "invalid device" in low or "invalid number of channels" in low:
        reason = f"no {kind} device found (connect a {what}, pass --{kind}-device, or see `mockint devices`)"
    elif "unavailable" in low or "busy" in low:
        reason = "the device is busy (another program is using it)"
    elif "sample rate" in low:
        reason = f"the device does not support {samplerate} Hz"
    else:
        reason = msg.replace("\n", " ")
    return AudioError(f"{what} {device.label}: cannot open for {'recording' if kind == 'input' else 'playback'}: {reason}")


def open_input_stream(device: Device, samplerate: int, callback: Callable[..., None], blocksize: int) -> Any:
    """An unstarted mono float32 `sounddevice.InputStream`, or a one-line AudioError."""
    sd = import_sounddevice()
    try:
        with _routed(device, "input"):
            return sd.InputStream(
                device=device.index, samplerate=samplerate, channels=1, dtype="float32", blocksize=blocksize, callback=callback
            )
    except (sd.PortAudioError, ValueError) as e:
        raise _explain(e, device, "input", samplerate) from e


def open_output_stream(device: Device, samplerate: int) -> Any:
    """An unstarted mono float32 `sounddevice.OutputStream` (blocking writes), or a one-line AudioError."""
    sd = import_sounddevice()
    try:
        with _routed(device, "output"):
            return sd.OutputStream(
                device=device.index, samplerate=samplerate, channels=1, dtype="float32", latency=OUTPUT_LATENCY
            )
    except (sd.PortAudioError, ValueError) as e:
        raise _explain(e, device, "output", samplerate) from e


def check_input(device: Device | None = None, samplerate: int = SAMPLE_RATE) -> None:
    """Raise AudioError unless an input stream can be opened on the device (a microphone is there)."""
    open_input_stream(device or Device(), samplerate, lambda *args: None, samplerate // 20).close()


def check_output(device: Device | None = None, samplerate: int = SAMPLE_RATE) -> None:
    """Raise AudioError unless an output stream can be opened on the device."""
    open_output_stream(device or Device(), samplerate).close()


def play(
    audio: np.ndarray,
    samplerate: int,
    device: Device | None = None,
    *,
    stream_rate: int = SAMPLE_RATE,
    stop_event: threading.Event | None = None,
    on_start: Callable[[float], None] | None = None,
) -> float:
    """Play a mono clip and return only when it has finished playing (or `stop_event` is set).

    The stream runs at `stream_rate` (the app's rate; the clip is resampled), or at the device's default
    rate if it refuses that one. Returns the `time.monotonic()` at which the first sample went to the
    device; `on_start` is called with it before the rest plays.
    """
    device = device or Device()
    audio = np.asarray(audio, dtype=np.float32).reshape(-1)
    try:
        stream = open_output_stream(device, stream_rate)
    except AudioError as e:
        if "does not support" not in str(e) or device.index is None:
            raise
        sd = import_sounddevice()
        stream_rate = int(sd.query_devices(device.index)["default_samplerate"])
        stream = open_output_stream(device, stream_rate)
    data = resample(audio, samplerate, stream_rate).reshape(-1, 1)
    chunk = max(1, stream_rate // 10)
    sd = import_sounddevice()
    with stream:
        # The buffer is empty when the first block is written, so the sound starts then (plus the
        # server's own few ms), not a whole buffer's latency later (measured on the virtual speaker).
        started = time.monotonic()
        if on_start:
            on_start(started)
        try:
            for i in range(0, len(data), chunk):
                if stop_event is not None and stop_event.is_set():
                    stream.abort()
                    return started
                stream.write(data[i : i + chunk])
            stream.stop()  # drains PortAudio's buffers
        except sd.PortAudioError as e:
            raise AudioError(f"speaker {device.label}: playback failed: {e}") from e
        remaining = started + len(data) / stream_rate - time.monotonic()
        if remaining > 0:
            time.sleep(min(remaining, 1.0))
    return started
