"""Speech to text: the `Transcriber` interface, its Whisper engines, and a fake for flow tests.

Every engine runs the same pipeline (`Transcriber.transcribe`):
1. Silero VAD (bundled with faster-whisper) finds the speech regions; no speech -> empty transcript.
2. The engine decodes only the clips around speech (each clip on its own), with word timestamps and a
   short initial prompt full of fillers, so Whisper writes the "um"s and "uh"s it would drop.
3. Word times are refined against the VAD regions: a word end that runs into a pause is pulled back
   to the end of speech, a word start placed inside a pause is pushed to the start of speech.
"""

from __future__ import annotations

import importlib.util
import logging
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mockint.speech.audio import SAMPLE_RATE, resample
from mockint.errors import MockintError
from mockint.scoring.normalize import is_filler
from mockint.scoring.transcript import Segment, Transcript, Word
from mockint.speech.models import default_model_dir

log = logging.getLogger(__name__)

ENGINES = ("faster-whisper", "openai-whisper")

# A prompt written the way people speak makes Whisper keep disfluencies it normally cleans up.
# Prompts ending in a full stop ("..., you know.") made tiny.en skip the first 20 s of a long answer;
# this one (from the issue) did not, on any fixture. Its occasional echo ("Okay.") is trimmed.
FILLER_PROMPT = "Umm, let me think like, hmm... Okay, here's what I'm, like, thinking."



@dataclass(frozen=True)
class DecodeOptions:
    """Decoding settings shared by every Whisper engine, so they produce the same words."""

    language: str = "en"  # tiny.en is English-only; also skips language detection
    beam_size: int = 5  # beam search width (1 = greedy)
    initial_prompt: str | None = FILLER_PROMPT  # None: Whisper's default clean-up of fillers
    condition_on_previous_text: bool = True  # feed each window's text as the next window's prompt
    temperature: tuple[float, ...] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)  # fallbacks when decoding fails


@dataclass(frozen=True)
class VadSettings:
    """Silero VAD settings for `speech_regions` and the decoded clips."""

    threshold: float = 0.5  # speech probability above which a 32 ms frame is speech
    min_silence_s: float = 0.25  # a pause shorter than this does not split a region
    pad_s: float = 0.05  # each region is widened by this much on both sides
    clip_merge_s: float = 2.0  # regions closer than this are decoded as one clip
    clip_pad_s: float = 0.5  # context around each decoded clip


class Transcriber(ABC):
    """Turns 16 kHz mono audio into a `Transcript` with word times."""

    name: str = "transcriber"

    def __init__(self, options: DecodeOptions | None = None, vad: VadSettings | None = None):
        self.options = options or DecodeOptions()
        self.vad = vad or VadSettings()

    def transcribe(self, audio: np.ndarray, sample_rate: int = SAMPLE_RATE) -> Transcript:
        """Transcribe `audio` (mono or (n, channels) float array at `sample_rate`)."""
        audio = prepare_audio(audio, sample_rate)
        duration = round(audio.size / SAMPLE_RATE, 3)
        regions = detect_speech(audio, self.vad)
        if not regions:
            log.info("no speech detected in %.1f s of audio", duration)
            return Transcript(text="", duration=duration, speech_regions=[], filler_count=0)
        clips = clip_spans(regions, duration, self.vad)
        log.info("%s: decoding %d clip(s), %.1f s of %.1f s", self.name, len(clips), sum(e - s for s, e in clips), duration)
        raw = self.decode_clips(audio, clips)
        segments = [refine_segment(s, regions, duration) for s in raw if not is_hallucination(s, regions)]
        if len(segments) < len(raw):
            log.info("%s: dropped %d segment(s) outside speech or impossibly fast", self.name, len(raw) - len(segments))
        words = [w for s in segments for w in s.words]
        text = " ".join(s.text.strip() for s in segments if s.text.strip())
        return Transcript(
            text=text,
            words=words,
            segments=segments,
            duration=duration,
            speech_regions=regions,
            filler_count=count_fillers(words),
        )

    def decode_clips(self, audio: np.ndarray, clips: list[tuple[float, float]]) -> list[Segment]:
        """Decode each clip on its own (times shifted back to the whole audio); raw Whisper word times.

        Clips are sliced rather than passed as `clip_timestamps`: openai-whisper's clip loop can stop
        advancing (hang) on a clip that ends before the audio does.
        """
        segments: list[Segment] = []
        for start, end in clips:
            piece = audio[int(start * SAMPLE_RATE) : int(end * SAMPLE_RATE)]
            decoded = strip_prompt_echo(self._decode(piece), self.options.initial_prompt)
            segments.extend(_shifted(seg, start) for seg in decoded)
        return segments

    @abstractmethod
    def _decode(self, audio: np.ndarray) -> list[Segment]:
        """Run the model on `audio`; segments with raw word times."""


# -- pure helpers (no model) -----------------------------------------------------------------


def prepare_audio(audio: np.ndarray, sample_rate: int) -> np.ndarray:
    """Mono float32 at 16 kHz from an array (channels last when 2-D)."""
    a = np.asarray(audio, dtype=np.float32)
    if a.ndim == 2:
        a = a.mean(axis=1)
    elif a.ndim != 1:
        raise MockintError(f"audio: expected a 1-D or 2-D array, got shape {a.shape}")
    if sample_rate != SAMPLE_RATE:
        a = resample(a, sample_rate, SAMPLE_RATE)
    return np.ascontiguousarray(a)


def count_fillers(words: list[Word]) -> int:
    return sum(is_filler(w.word) for w in words)


def clip_spans(regions: list[tuple[float, float]], duration: float, vad: VadSettings) -> list[tuple[float, float]]:
    """Padded spans to decode: speech regions merged across pauses shorter than `clip_merge_s`."""
    clips: list[list[float]] = []
    for s, e in regions:
        s, e = max(0.0, s - vad.clip_pad_s), min(duration, e + vad.clip_pad_s)
        if clips and s - clips[-1][1] < vad.clip_merge_s:
            clips[-1][1] = max(clips[-1][1], e)
        else:
            clips.append([s, e])
    return [(round(s, 3), round(e, 3)) for s, e in clips]


def is_hallucination(seg: Segment, regions: list[tuple[float, float]], min_word_s: float = 0.08) -> bool:
    """Whisper invents text in silence ("Thank you.", an echo of the prompt). Such a segment has its timed
    words mostly outside speech (under a third of their time inside a VAD region, or no overlap at
    all), or 3+ words packed faster than one per `min_word_s`."""
    timed = [w for w in seg.words if w.start is not None and w.end is not None]
    if not timed:
        return False
    if not any(rs <= w.end and re_ >= w.start for w in timed for rs, re_ in regions):
        return True
    talk = sum(w.end - w.start for w in timed)
    inside = sum(max(0.0, min(w.end, re_) - max(w.start, rs)) for w in timed for rs, re_ in regions)
    if talk > 0.2 and inside < talk / 3:
        return True
    span = timed[-1].end - timed[0].start
    return len(timed) >= 3 and span < min_word_s * len(timed)


def _bare(word: str) -> str:
    return re.sub(r"[^a-z']", "", word.lower())


def strip_prompt_echo(segments: list[Segment], prompt: str | None, max_probability: float = 0.15) -> list[Segment]:
    """Drop trailing words that repeat the initial prompt with low confidence (e.g. a final "Okay.")."""
    if not prompt or not segments:
        return segments
    vocab = {_bare(w) for w in prompt.split()}
    last = segments[-1]
    words = list(last.words)
    while words and (words[-1].probability or 1.0) < max_probability and _bare(words[-1].word) in vocab:
        words.pop()
    if len(words) == len(last.words):
        return segments
    if not words:
        return segments[:-1]
    text = " ".join(w.word for w in words)
    return [*segments[:-1], last.model_copy(update={"words": words, "text": text, "end": words[-1].end})]


def refine_segment(seg: Segment, regions: list[tuple[float, float]], duration: float) -> Segment:
    words = refine_word_times(seg.words, regions, duration)
    if not words:
        return seg
    return seg.model_copy(update={"words": words, "start": words[0].start, "end": words[-1].end})


def refine_word_times(words: list[Word], regions: list[tuple[float, float]], duration: float) -> list[Word]:
    """Snap word boundaries that Whisper placed inside a pause to the edge of the nearby speech.

    A word end inside a pause moves back to the end of the speech region the word overlaps; a word
    start inside a pause moves forward to the start of the region it overlaps; a word spanning a
    pause of 0.5 s or more is confined to the region holding most of it. Words overlapping no
    region are kept as they are. Times stay within [0, duration] and in order.
    """
    out: list[Word] = []
    prev_end = 0.0
    for w in words:
        if w.start is None or w.end is None:
            out.append(w)
            continue
        s, e = max(0.0, w.start), min(duration, w.end)
        overlapping = [(rs, re_) for rs, re_ in regions if rs < e and re_ > s]
        if any(b[0] - a[1] >= 0.5 for a, b in zip(overlapping, overlapping[1:])):
            # a word cannot contain a long pause: keep it in the region holding most of it
            overlapping = [max(overlapping, key=lambda r: min(e, r[1]) - max(s, r[0]))]
        if overlapping:
            first, last = overlapping[0], overlapping[-1]
            if s < first[0]:  # starts in the pause before its speech
                s = first[0]
            if e > last[1]:  # ends in the pause after its speech
                e = last[1]
        s = max(s, prev_end)  # no overlap with the previous word
        e = max(e, s)
        out.append(w.model_copy(update={"start": round(s, 3), "end": round(e, 3)}))
        prev_end = e
    return out


def detect_speech(audio: np.ndarray, vad: VadSettings | None = None) -> list[tuple[float, float]]:
    """Speech regions (seconds) found by the Silero VAD bundled with faster-whisper."""
    vad = vad or VadSettings()
    if audio.size < SAMPLE_RATE // 10:
        return []
    try:
        from faster_whisper.vad import VadOptions, get_speech_timestamps
    except ImportError:
        raise MockintError("faster-whisper is not installed (it provides the VAD): pip install faster-whisper") from None
    opts = VadOptions(
        threshold=vad.threshold,
        min_silence_duration_ms=int(vad.min_silence_s * 1000),
        speech_pad_ms=int(vad.pad_s * 1000),
    )
    spans = get_speech_timestamps(audio, opts, sampling_rate=SAMPLE_RATE)
    return [(round(s["start"] / SAMPLE_RATE, 3), round(s["end"] / SAMPLE_RATE, 3)) for s in spans]


def _shifted(seg: Segment, offset: float) -> Segment:
    def t(x: float | None) -> float | None:
        return None if x is None else round(x + offset, 3)

    words = [w.model_copy(update={"start": t(w.start), "end": t(w.end)}) for w in seg.words]
    return seg.model_copy(update={"start": t(seg.start), "end": t(seg.end), "words": words})


# -- engines ---------------------------------------------------------------------------------


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


class FakeTranscriber(Transcriber):
    """Returns the given transcripts in turn (the last one repeats); records each call's audio length."""

    name = "fake"

    def __init__(self, transcripts: list[Transcript | str] | Transcript | str):
        super().__init__()
        items = transcripts if isinstance(transcripts, list) else [transcripts]
        self.transcripts = [Transcript.from_text(t) if isinstance(t, str) else t for t in items]
        self.calls: list[float] = []  # duration in seconds of each transcribed audio

    def transcribe(self, audio: np.ndarray, sample_rate: int = SAMPLE_RATE) -> Transcript:
        duration = round(len(audio) / sample_rate, 3)
        i = min(len(self.calls), len(self.transcripts) - 1)
        self.calls.append(duration)
        t = self.transcripts[i] if self.transcripts else Transcript(text="")
        return t.model_copy(update={"duration": duration})

    def _decode(self, audio: np.ndarray) -> list[Segment]:
        raise NotImplementedError


def get_transcriber(engine: str = "faster-whisper", model: str | None = None, device: str = "cpu") -> Transcriber:
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
