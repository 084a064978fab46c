"""Speech to text: choose an engine by name (`get_transcriber`). The pieces live in their own modules:
the `Transcriber` pipeline (`mockint.speech.transcriber`), the engines (`mockint.speech.engines`), the VAD
regions (`mockint.speech.regions`) and the cleaning of what was decoded (`mockint.speech.cleanup`).
"""

from __future__ import annotations

import importlib.util

from mockint.defaults import ENGINE, ENGINES
from mockint.errors import MockintError
from mockint.speech.engines import FasterWhisperTranscriber, OpenAIWhisperTranscriber
from mockint.speech.transcriber import Transcriber


def get_transcriber(engine: str = ENGINE, model: str | None = None, device: str = "cpu") -> Transcriber:
    """The named engine (not loaded yet); a clear error when it is unknown or not installed."""
    if engine == "faster-whisper":
        if importlib.util.find_spec("faster_whisper") is None:
            raise MockintError("engine faster-whisper: not installed: pip install faster-whisper")
        return FasterWhisperTranscriber(model, device=device)
    if engine == "openai-whisper":
        if importlib.util.find_spec("whisper") is None or importlib.util.find_spec("torch") is None:
            raise MockintError(
                "engine openai-whisper: the openai-whisper package is not installed: "
                "pip install 'mockint[openai-whisper]'"
            )
        return OpenAIWhisperTranscriber(model, device=device)
    raise MockintError(f"engine: unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
