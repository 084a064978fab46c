"""Whether an answer is English, which the rubric reads (pure).

A typed or transcribed answer whose letters are mostly not Latin, or that the engine heard as another
language, is not scored at all (`mostly_english`). The default engine, tiny.en, cannot tell: it writes any
speech as English words. What it writes for speech in another language has three marks (`english_doubt`),
measured on espeak-ng answers in 12 languages (two runs: tiny.en's fallback sampling varies) against 48
synthesized English recordings (espeak-ng and Piper voices, 9-298 words), none of which shows any of them.
No human or accented speech was measured: the bounds leave a wide margin for it.
- few words for the speech heard: Chinese gave 1 word in 23 s of speech, Russian 4 in 7 s (English: 1.9
  words a second or more);
- words heard with low confidence: a mean word probability of 0.18-0.58 (Spanish, German, French, Hindi,
  Portuguese, Italian, Turkish, Vietnamese; English answers of 9 words or more: 0.77-0.95);
- a loop on a few words ("I'm, I'm, I'm...", "Chinese later, Chinese later"): one word 50-100% of the words
  (Arabic, Japanese; in English at most 22%, the 2 of a 9-word answer).
Such an answer is still scored, with a notice saying why it may not be what was said.
"""

from __future__ import annotations

from collections import Counter
from statistics import fmean

from mockint.scoring.normalize import is_filler
from mockint.scoring.transcript import Transcript

MIN_WORDS = 9  # fewer words say too little (a 3-word quiz reply is heard at 0.55)
LOW_CONFIDENCE = 0.6  # mean word probability under this: not heard as English
LOOPING_SHARE = 0.4  # one word over this share of all words: a loop, not English speech
MIN_SPEECH_SECONDS = 5.0  # this much speech ...
MIN_WORDS_PER_SECOND = 1.0  # ... with fewer words a second than this was not heard as words (English: 1.9+)


def mostly_english(transcript: Transcript) -> bool:
    """The rubric reads English: False for an answer whose letters are mostly not Latin (Chinese, Arabic,
    ...) or that the engine heard as another language."""
    letters = [c for c in transcript.text if c.isalpha()]
    latin = sum(c.isascii() for c in letters)
    heard_other = transcript.language not in (None, "", "en") and latin < 0.9 * len(letters)
    return not letters or (latin >= 0.5 * len(letters) and not heard_other)


def english_doubt(transcript: Transcript) -> str | None:
    """Why a spoken answer may not have been English (or not heard clearly), or None. Only for words with
    the engine's probabilities (a typed answer has none); the words-per-second mark also needs the voice
    detector's speech regions. Fillers ("um") do not count as a loop."""
    probs = [w.probability for w in transcript.words if w.probability is not None]
    if not probs:
        return None
    speech = transcript.speech_seconds
    if speech >= MIN_SPEECH_SECONDS and len(transcript.words) / speech < MIN_WORDS_PER_SECOND:
        return f"only {len(transcript.words)} word(s) were heard in {speech:.0f} s of speech"
    if len(probs) < MIN_WORDS:
        return None
    mean = fmean(probs)
    if mean < LOW_CONFIDENCE:
        return f"its words were heard with {mean:.0%} confidence on average"
    words = [w.word.lower().strip(" .,!?;:…\"'") for w in transcript.words]
    top = Counter(w for w in words if w and not is_filler(w)).most_common(1)
    if top and top[0][1] / len(words) > LOOPING_SHARE:
        return f"'{top[0][0]}' was heard {top[0][1]} times in {len(words)} words"
    return None


def unheard_speech(transcript: Transcript, min_seconds: float = 2.0) -> float | None:
    """Seconds of speech the voice detector heard when the engine wrote no word of it (another language,
    or speech too unclear), or None when there was little or no speech."""
    seconds = transcript.speech_seconds
    return round(seconds, 1) if seconds >= min_seconds else None
