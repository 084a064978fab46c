"""Reading a spoken or typed quiz answer ("B", "option c", "the second one") (pure)."""

from __future__ import annotations

import re

_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "sixth": 5, "last": -1}
_NUMBERS = {"one": 0, "1": 0, "two": 1, "2": 1, "three": 2, "3": 2, "four": 3, "4": 3, "five": 4, "5": 4, "six": 5, "6": 5}
# How Whisper tends to write a spoken letter.
_LETTERS = {"a": 0, "ay": 0, "eh": 0, "b": 1, "be": 1, "bee": 1, "c": 2, "see": 2, "sea": 2, "si": 2, "d": 3, "dee": 3, "e": 4, "f": 5, "ef": 5}


def parse_choice(text: str, n_options: int, options: list[str] | None = None) -> int | None:
    """The option index named in an answer, or None when it names none (or several)."""
    words = re.sub(r"[^a-z0-9 ]", " ", text.lower()).split()
    if not words:
        return None
    found: list[int] = []
    for i, w in enumerate(words):
        prev = words[i - 1] if i else ""
        if w in _ORDINALS:
            found.append(_ORDINALS[w] % n_options)
        elif w in _NUMBERS and (prev in ("option", "answer", "number", "choice") or len(words) <= 2):
            found.append(_NUMBERS[w])
        elif w in _LETTERS and (prev in ("option", "answer", "letter", "choice", "is") or len(words) <= 3):
            found.append(_LETTERS[w])
    found = [f for f in dict.fromkeys(found) if 0 <= f < n_options]
    return found[0] if len(found) == 1 else None
