"""The Whisper engines behind `Transcriber`: faster-whisper (default, CTranslate2 int8) and openai-whisper."""

from __future__ import annotations

import logging
import os
from abc import abstractmethod
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from mockint.errors import MockintError
from mockint.scoring.transcript import Segment, Word
from mockint.speech.models import default_model_dir
from mockint.speech.regions import VadSettings
from mockint.speech.transcriber import DecodeOptions, Transcriber

log = logging.getLogger(__name__)

SPEECH_END_SLACK = 0.3  # seconds: a last word ending this close to the end of speech has reached it


class WhisperEngine(Transcriber):
    """A Whisper engine: the model named (None: the embedded tiny.en) on `device`, loaded once, on first use."""

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
        """The loaded model (loaded once, on first use)."""
        if self._model is None:
            self._model = self._load()
        return self._model

    @abstractmethod
    def _load(self):
        """Load the model; a MockintError naming the model when it cannot be loaded."""


def cannot_load(source: object, engine: str, error: BaseException) -> MockintError:
    """The one-line error of a model that does not load: its source, the engine (with its article) and why."""
    reason = (str(error).splitlines() or [type(error).__name__])[0]
    return MockintError(f"model {source}: cannot load {engine} model: {reason}")


class FasterWhisperTranscriber(WhisperEngine):
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
        super().__init__(model, device, options, vad)
        self.compute_type = compute_type

    def _load(self):
        """A `faster_whisper.WhisperModel`."""
        try:
            from faster_whisper import WhisperModel
        except ImportError:
            raise MockintError("engine faster-whisper: not installed: pip install faster-whisper") from None
        source = self.model_name or str(default_model_dir())
        log.info("loading faster-whisper model %s (%s, %s)", source, self.device, self.compute_type)
        try:
            return WhisperModel(source, device=self.device, compute_type=self.compute_type, cpu_threads=cpu_threads())
        except Exception as e:  # noqa: BLE001 - ctranslate2/huggingface errors have no common base
            raise cannot_load(source, "a faster-whisper", e) from None

    def _decode(
        self, audio: np.ndarray, speech_end: float | None = None, options: DecodeOptions | None = None
    ) -> list[Segment]:
        o = options or self.options
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
        return through_speech_end(  # a lazy generator: each window is decoded only when asked for
            (
                Segment(
                    text=s.text.strip(),
                    start=s.start,
                    end=s.end,
                    words=[Word(word=w.word.strip(), start=w.start, end=w.end, probability=w.probability) for w in s.words or []],
                )
                for s in segments
            ),
            speech_end,
        )


def through_speech_end(segments: Iterable[Segment], speech_end: float | None) -> list[Segment]:
    """The segments up to the one whose last word reaches `speech_end`: what follows is the clip's padding,
    which faster-whisper would decode as one more window (about half the time of a short clip) to find
    nothing or a hallucinated "So...". Both engines apply it, so they keep hearing the same words."""
    out: list[Segment] = []
    for seg in segments:
        out.append(seg)
        if speech_end is not None and seg.words and seg.words[-1].end >= speech_end - SPEECH_END_SLACK:
            break
    return out


def cpu_threads() -> int:
    """CTranslate2 threads: its default is 4, which on a 2-core machine runs 15-25% slower than 2."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


class OpenAIWhisperTranscriber(WhisperEngine):
    """openai-whisper (PyTorch), fp32 on CPU. With no model (or "tiny.en"): converted from the embedded model;
    a name imported with `mockint models import --name` is found in the cache; other names download."""

    name = "openai-whisper"

    def _load(self):
        """A `whisper.Whisper` model."""
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
            raise cannot_load(source, "an openai-whisper", e) from None
        if Path(str(source)).is_file():
            from mockint.speech.convert import apply_alignment_heads

            apply_alignment_heads(model, Path(str(source)))
        return model

    def _decode(
        self, audio: np.ndarray, speech_end: float | None = None, options: DecodeOptions | None = None
    ) -> list[Segment]:
        import whisper

        o = options or self.options
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
        return through_speech_end(
            (
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
            ),
            speech_end,
        )


def _import_whisper():
    try:
        import whisper
    except ImportError:
        raise MockintError(
            "engine openai-whisper: the openai-whisper package is not installed: pip install 'mockint[openai-whisper]'"
        ) from None
    return whisper

