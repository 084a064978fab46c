"""The scenario's key phrases, matched fuzzily on normalized text (pure core)."""

from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz, process

from mockint.scoring.normalize import (
    normalize,
)
from mockint.scoring.report import (
    PhraseHit,
)
from mockint.scoring.text import Text as _Text

PHRASE_THRESHOLD = 78.0  # rapidfuzz similarity (0-100) for a key phrase to count as said


def match_phrase(phrase: str, text: _Text) -> PhraseHit | None:
    """Best fuzzy window for the phrase, if similar enough.

    Windows run from one token shorter to three tokens longer than the phrase: character similarity
    absorbs ASR noise ("erase condition"), token-set similarity absorbs words said in between or in
    another order ("recovered $8000 in weekly revenue"), at a small cost per extra token.
    """
    target = normalize(phrase)
    n = len(target.split())
    if not n or not text.tokens:
        return None
    best = (0.0, 0, 0)
    for size in range(max(1, n - 1), n + 4):
        windows = [" ".join(text.tokens[i : i + size]) for i in range(0, max(1, len(text.tokens) - size + 1))]
        # every window at once (rapidfuzz's C loop): the first best window of the smallest size wins
        s = process.cdist([target], windows, scorer=fuzz.ratio, dtype=np.float64)[0]
        if size >= n:  # token-set similarity is 100 for any subset: only for windows that can hold the phrase
            s = np.maximum(s, process.cdist([target], windows, scorer=fuzz.token_set_ratio, dtype=np.float64)[0] - 4.0 * (size - n))
        i = int(np.argmax(s))
        if s[i] > best[0]:
            best = (float(s[i]), i, i + size)
    score, i, j = best
    if score < PHRASE_THRESHOLD:
        return None
    heard, start, end = text.quote(i, j)
    return PhraseHit(phrase=phrase, heard=heard, score=round(score, 1), start=start, end=end)


def match_elsewhere(phrase: str, full: _Text) -> PhraseHit | None:
    """A key phrase said outside its section; a fast whole-text similarity gates the window search."""
    if fuzz.partial_ratio(normalize(phrase), full.text) < PHRASE_THRESHOLD - 8:
        return None
    return match_phrase(phrase, full)
