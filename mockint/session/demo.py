"""The no-microphone demo: each turn is answered by a recording made for it.

The seed scenario has recordings in the bundled demo folder (audio_fixtures/): its weak continuous answer
(so the probes have something to ask about), each STAR section, the strong answer to each probe, the quiz.
Any other scenario, and any turn of the seed without a recording (a probe added later), is answered with its own words: its model answer, section examples, probes' strong
answers and quiz letters, synthesized once with the offline espeak-ng voice and kept in the cache.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from mockint.defaults import LEVEL
from mockint.library.schema import Scenario
from mockint.scoring.followups import probe_for
from mockint.speech.recorder import FileRecorder, TakeSettings
from mockint.speech.take import Recording
from mockint.store.folder import parse_turn_audio

log = logging.getLogger(__name__)

SEED_SCENARIO = "customer-obsession-webhook"  # the scenario the bundled demo recordings answer
DEMO_ANSWERS = {
    # turn key -> bundled recording (stem in audio_fixtures/; pyproject.toml ships these in the wheel)
    "answer": "weak_continuous",
    **{k: f"section_{k}" for k in ("situation", "task", "action", "result", "reflection")},
}
DEMO_VOICE_RATE = 160  # words per minute of a synthesized demo answer


class DemoRecorder:
    """Answers each turn with the recording made for it, or the scenario's own answer synthesized."""

    is_demo = True

    def __init__(self, scenario: Scenario | None = None, level: str = LEVEL, realtime: bool = True,
                 folder: Path | None = None, cache: Path | None = None):
        from mockint.paths import bundled, cache_dir

        self.scenario = scenario
        self.level = level
        self.realtime = realtime
        self.folder = folder or bundled("demo")
        self.cache = cache or cache_dir() / "demo"

    @property
    def recorded(self) -> bool:
        """Whether the bundled recordings answer this scenario (else its answers are synthesized)."""
        return self.scenario is None or self.scenario.id == SEED_SCENARIO

    def _file_for(self, key: str, kind: str) -> Path | None:
        stem = DEMO_ANSWERS.get(key)
        if kind == "probe":
            stem = f"probe_{key.replace('-', '_')}_strong"
        elif kind == "quiz":
            stem = f"quiz_{key}"
        if not stem:
            return None
        return next((p for p in sorted(self.folder.glob(stem + ".*")) if p.suffix != ".json"), None)

    def text_for(self, key: str, kind: str) -> str | None:
        """What the demo candidate says for a turn of this scenario."""
        s = self.scenario
        if s is None:
            return None
        if kind == "answer":
            return " ".join([x.strong_example for x in s.sections if x.strong_example] + [s.reflection_for(self.level)])
        if kind == "section":
            sec = next((x for x in s.sections if x.key == key), None)
            return (sec.strong_example or s.reflection_for(self.level)) if sec else None
        if kind == "probe":  # the scenario's own probe, or a follow-up on a gap of the answer (scoring.followups)
            probe = probe_for(s, key, "")
            return probe.strong_answer if probe else None
        if kind == "quiz" and key.isdigit() and 1 <= int(key) <= len(s.quiz):
            q = s.quiz[int(key) - 1]  # the letter with the option's words: tiny.en often misses a letter alone
            return f"{chr(65 + q.answer)}. {q.options[q.answer]}"
        return None

    def file_for(self, key: str, kind: str) -> Path | None:
        """The bundled recording of this turn, else the scenario's own words for it, synthesized."""
        recorded = self._file_for(key, kind) if self.recorded else None
        if recorded is not None:
            return recorded
        text = self.text_for(key, kind)
        return self._synthesized(text) if text else None

    def _synthesized(self, text: str) -> Path | None:
        """The text spoken by espeak-ng, cached by its content; None (an unanswered turn) without espeak-ng."""
        import soundfile as sf

        from mockint.errors import AudioError
        from mockint.speech.tts import espeak_cli

        digest = hashlib.sha1(f"{DEMO_VOICE_RATE}:{text}".encode()).hexdigest()[:16]
        path = self.cache / f"{digest}.wav"
        if path.is_file():
            return path
        try:
            audio, sr = espeak_cli(text, rate=DEMO_VOICE_RATE)
            self.cache.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp.wav")
            sf.write(tmp, audio, sr, subtype="PCM_16")
            tmp.replace(path)
        except (AudioError, OSError) as e:
            log.warning("demo: cannot synthesize the answer (%s); the turn is unanswered", e)
            return None
        return path

    def record(self, path: str | Path, settings: TakeSettings = TakeSettings()) -> Recording:
        _, kind, key = parse_turn_audio(path)
        f = self.file_for(key, kind)
        return FileRecorder([f] if f else [], realtime=self.realtime).record(path, settings)

    def leftover(self) -> list[Path]:
        return []

    def notice(self, reason: str) -> str:
        """The first line of a demo session: why, and what answers it."""
        if self.recorded:
            return (f"No microphone ({reason}): this session is answered by bundled demo recordings from {self.folder} "
                    "(a mock's first answer is the weak one, so its follow-ups have gaps to probe; they are answered well).")
        return (f"No microphone ({reason}): this session is answered by {self.scenario.id}'s own model answer, "
                f"spoken by the offline espeak-ng voice.")
