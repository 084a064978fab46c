"""Reading a spoken or typed quiz answer (pure): "B", "option c", "the answer is D", "see" (C as Whisper may
write it), "option eight" (A), "beep" (a lone B heard as the nearest word), "the second one", or the option's
own words.

A letter counts when it opens the answer ("See, an explicit scope boundary"), follows a word that
introduces a choice ("option", "answer is", "letter", "pick"), or is most of a short reply. When nothing
names a letter, the option whose own words the answer repeats (clearly more than any other) is the choice.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "sixth": 5, "last": -1}
_NUMBERS = {"one": 0, "1": 0, "two": 1, "2": 1, "three": 2, "3": 2, "four": 3, "4": 3, "five": 4, "5": 4, "six": 5, "6": 5}
# How Whisper tends to write a spoken letter.
_LETTERS = {
    "a": 0, "ay": 0, "eh": 0, "hey": 0,
    "b": 1, "be": 1, "bee": 1, "bea": 1,
    "c": 2, "see": 2, "sea": 2, "si": 2, "cee": 2, "seat": 2,
    "d": 3, "dee": 3, "di": 3,
    "e": 4, "ee": 4,
    "f": 5, "ef": 5, "eff": 5,
}
# A reply that is one short word only: Whisper writes a lone spoken letter as the nearest short word
# ("Beep.", "Big.", "Deep." for B, D): its first sound with a letter name's vowel names that letter.
_LONE_LETTER = re.compile(r"^(?P<l>[bcdps])(ee|ea|e|i)[a-z]?$")
_LONE_SOUNDS = {"b": 1, "p": 1, "c": 2, "s": 2, "d": 3}
# Letter-like words that are ordinary words too: a letter only after a cue or alone, never as an opening word.
_ORDINARY = {"a", "be", "hey", "see", "sea", "seat", "e"}
_CUES = {"option", "auction", "answer", "letter", "choice", "is", "pick", "choose", "say", "s", "its", "it", "with"}
_NUMBER_CUES = {"option", "answer", "number", "choice", "is"}
_EIGHT = {"eight", "8"}  # how Whisper writes a spoken "A" after a cue ("Option 8."), when there is no eighth option
_STOP = {"the", "and", "for", "that", "this", "with", "from", "into", "your", "you", "was", "were", "are", "not", "but"}


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Lower-case words, each with whether a sentence or clause mark follows it."""
    out = []
    for m in re.finditer(r"[a-z0-9]+('[a-z]+)?([.,!?;:]*)", text.lower()):
        word = m.group(0).rstrip(".,!?;:").replace("'", " ").split()
        for i, w in enumerate(word):
            out.append((w, bool(m.group(2)) and i == len(word) - 1))
    return out


def _letter_choices(tokens: list[tuple[str, bool]], n_options: int) -> list[int]:
    found: list[int] = []
    words = [w for w, _ in tokens]
    short = len(words) <= 3
    only_letters = all(x in _LETTERS or x in _CUES or x in ("or", "and", "the") for x in words)  # "A or B"
    for i, (w, marked) in enumerate(tokens):
        prev = words[i - 1] if i else ""
        if w in _ORDINALS and (short or prev in ("the", "option", "answer", "is")):
            found.append(_ORDINALS[w] % n_options)
        elif w in _EIGHT and prev in _CUES and n_options < 8:
            found.append(0)
        elif w in _NUMBERS and prev not in _ORDINALS and (prev in _NUMBER_CUES or short):  # not "second one"
            found.append(_NUMBERS[w])
        elif w in _LETTERS:
            opening = i == 0 and (w not in _ORDINARY or marked or len(words) == 1)
            if opening or prev in _CUES or (short and (w not in _ORDINARY or only_letters)):
                found.append(_LETTERS[w])
    return [f for f in dict.fromkeys(found) if 0 <= f < n_options]


def _content(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 3 and w not in _STOP]


def _heard(word: str, words: list[str]) -> bool:
    return any(w == word or SequenceMatcher(None, w, word).ratio() >= 0.8 for w in words)


def _option_by_words(text: str, options: list[str]) -> int | None:
    """The option whose own content words the answer repeats (half of them, or two of four), clearly the most."""
    said = _content(text)
    if not said:
        return None
    shares = []
    for o in options:
        words = _content(o)
        shares.append(sum(_heard(w, said) for w in words) / min(len(words), 4) if words else 0.0)  # 4 of its words are enough
    ranked = sorted(range(len(options)), key=lambda i: shares[i], reverse=True)
    best, runner_up = shares[ranked[0]], shares[ranked[1]] if len(ranked) > 1 else 0.0
    return ranked[0] if best >= 0.5 and best - runner_up >= 0.25 else None


def parse_choice(text: str, n_options: int, options: list[str] | None = None) -> int | None:
    """The option index named in an answer, or None when it names none (or several that its words do not settle)."""
    tokens = _tokens(text)
    if not tokens:
        return None
    found = _letter_choices(tokens, n_options)
    if len(found) == 1:
        return found[0]
    by_words = _option_by_words(text, options[:n_options]) if options else None
    lone = _LONE_LETTER.match(tokens[0][0]) if len(tokens) == 1 else None
    if not found and by_words is None and lone and _LONE_SOUNDS[lone["l"]] < n_options:
        return _LONE_SOUNDS[lone["l"]]
    if by_words is not None and (not found or by_words in found):
        return by_words
    return None
