"""The Whisper engines behind `Transcriber`: faster-whisper (default, CTranslate2 int8) and openai-whisper."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from mockint.errors import MockintError
from mockint.scoring.transcript import Segment, Word
from mockint.speech.models import default_model_dir
from mockint.speech.regions import VadSettings
from mockint.speech.transcriber import DecodeOptions, Transcriber

log = logging.getLogger(__name__)


class FasterWhisperTranscriber(Transcriber):
    """faster-whisper (CTranslate2): the default engine, int8 on CPU."""

    name = "faster-whisper"

    def __init__(
        self,
        model: str | None = None,
        device: str = "cpu",
        compute_type: str = "int8",
        options: DecodeOptions | None = None,
        vad: VadSettings | None = None,
    ):
        super().__init__(options, vad)
        self.model_name = model
        self.device = device
        self.compute_type = compute_type
        self._model = None

    @property
    def model(self):
        """The loaded `faster_whisper.WhisperModel` (loaded once, on first use)."""
        if self._model is None:
            try:
                from faster_whisper import WhisperModel
            except ImportError:
                raise MockintError("engine faster-whisper: not installed: pip install faster-whisper") from None
            source = self.model_name or str(default_model_dir())
            log.info("loading faster-whisper model %s (%s, %s)", source, self.device, self.compute_type)
            try:
                self._model = WhisperModel(source, device=self.device, compute_type=self.compute_type)
            except Exception as e:  # noqa: BLE001 - ctranslate2/huggingface errors have no common base
                reason = (str(e).splitlines() or [type(e).__name__])[0]
                raise MockintError(f"model {source}: cannot load a faster-whisper model: {reason}") from None
        return self._model

    def _decode(self, audio: np.ndarray) -> list[Segment]:
        o = self.options
        segments, _info = self.model.transcribe(
            audio,
            language=o.language,
            beam_size=o.beam_size,
            initial_prompt=o.initial_prompt,
            condition_on_previous_text=o.condition_on_previous_text,
            temperature=list(o.temperature),
            word_timestamps=True,
            vad_filter=False,
        )
        return [
            Segment(
                text=s.text.strip(),
                start=s.start,
                end=s.end,
                words=[Word(word=w.word.strip(), start=w.start, end=w.end, probability=w.probability) for w in s.words or []],
            )
            for s in segments
        ]


class OpenAIWhisperTranscriber(Transcriber):
    """openai-whisper (PyTorch), fp32 on CPU. With no model (or "tiny.en"): converted from the embedded model;
    a name imported with `mockint models import --name` is found in the cache; other names download."""

    name = "openai-whisper"

    def __init__(
        self,
        model: str | Path | None = None,
        device: str = "cpu",
        options: DecodeOptions | None = None,
        vad: VadSettings | None = None,
    ):
        super().__init__(options, vad)
        self.model_name = model
        self.device = device
        self._model = None

    @property
    def model(self):
        """The loaded `whisper.Whisper` model (loaded once, on first use)."""
        if self._model is None:
            whisper = _import_whisper()
            from mockint.speech.convert import default_checkpoint
            from mockint.speech.models import DEFAULT_NAME, checkpoint_path

            source = self.model_name
            if source is None or str(source) == DEFAULT_NAME:  # offline: converted from the embedded model
                source = default_checkpoint()
            elif not Path(str(source)).is_file() and checkpoint_path(str(source)).is_file():
                source = checkpoint_path(str(source))  # imported earlier with `mockint models import --name`
            log.info("loading openai-whisper model %s on %s", source, self.device)
            try:
                model = whisper.load_model(str(source), device=self.device)
            except (RuntimeError, OSError, KeyError, ValueError) as e:
                reason = (str(e).splitlines() or [type(e).__name__])[0]
                raise MockintError(f"model {source}: cannot load an openai-whisper model: {reason}") from None
            if Path(str(source)).is_file():
                from mockint.speech.convert import apply_alignment_heads

                apply_alignment_heads(model, Path(str(source)))
            self._model = model
        return self._model

    def _decode(self, audio: np.ndarray) -> list[Segment]:
        import whisper

        o = self.options
        result = whisper.transcribe(
            self.model,
            audio,
            language=o.language,
            beam_size=o.beam_size,
            best_of=5,
            initial_prompt=o.initial_prompt,
            condition_on_previous_text=o.condition_on_previous_text,
            temperature=o.temperature,
            word_timestamps=True,
            fp16=self.device != "cpu",
            verbose=None,
        )
        return [
            Segment(
                text=s["text"].strip(),
                start=s["start"],
                end=s["end"],
                words=[
                    Word(word=w["word"].strip(), start=w["start"], end=w["end"], probability=w.get("probability"))
                    for w in s.get("words", [])
                ],
            )
            for s in result["segments"]
        ]


def _import_whisper():
    try:
        import whisper
    except ImportError:
        raise MockintError(
            "engine openai-whisper: the openai-whisper package is not installed: pip install 'mockint[openai-whisper]'"
        ) from None
    return whisper

