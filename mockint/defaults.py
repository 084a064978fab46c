"""One source for every default and choice the product offers (issue 14: "one source for each rule and
default"). Everything that has a default imports it from here; the CLI builds its choices from these lists.
No imports: this module is the floor of the package."""

from __future__ import annotations

SAMPLE_RATE = 16000  # Hz: what Whisper and Silero VAD expect; every recording is stored at this rate
SILENCE_SECONDS = 3.0  # seconds of silence after speech that end an answer (the fallback window)
END_FINISHED_SECONDS = 1.0  # silence that ends an answer that reads finished (mockint.scoring.turn)
END_RESULT_SECONDS = 1.5  # ... one whose Result is heard but no Reflection yet (a pause between them is common)
END_UNFINISHED_SECONDS = 6.5  # ... one that reads unfinished: longer than a 6 s thinking pause
END_DONE_SECONDS = 0.3  # ... after a spoken "I'm done" / "that's my answer"
MAX_ANSWER_SECONDS = 360.0  # hard cap on one answer, seconds (twice the longest level budget, plus room)
MAX_SCORED_WORDS = 20_000  # `score` refuses a longer transcript: about two hours of speech (an answer is < 1,500)
VOICE_RATE = 165  # the interviewer's speaking rate, words per minute (espeak's 175, a touch slower)
MAX_PROBES = 3  # follow-up probes in a mock
LEVELS = ("sde1", "sde2", "senior")  # the levels an answer is calibrated to (mockint.library.schema.Level)
LEVEL = "sde2"  # the level an answer is calibrated to when none is given

MODES = ("learn", "guided", "mock")
MODE = "mock"
ENGINES = ("faster-whisper", "openai-whisper")  # speech-to-text engines (mockint.speech.asr)
ENGINE = "faster-whisper"
VOICES = ("espeak", "piper")  # the interviewer's voices (mockint.speech.tts); piper is an optional extra
VOICE = "espeak"
REPORT_FORMATS = ("terminal", "json", "md", "html", "all")
