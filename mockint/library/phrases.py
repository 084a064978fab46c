"""Key phrases in the candidate's own words: scope boundaries, numbers with their units, 'I <verb> ...'
clauses and named teams and systems, the way `mockint new` finds them in each STAR note."""

from __future__ import annotations

import re

MAX_PHRASES = 6

_NOT_ACTIONS = {"was", "am", "had", "have", "would", "could", "should", "think", "guess", "mean", "felt", "feel", "were", "also", "then", "just", "really"}
_UNITS = (
    r"percent|x|ms|milliseconds?|seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|dollars?|k|m"
    r"|engineers?|customers?|users?|teams?|services?|tests?|requests?|orders?|pages?|tickets?|incidents?|endpoints?|people"
)
_QTY = rf"(?:(?:under|over|about|around|nearly|almost|roughly|just) )?(?<![A-Za-z])\$?\d[\d,]*(?:\.\d+)?(?:%|\s?(?:{_UNITS})\b)?(?:\s(?:a|per|each)\s(?:day|week|month|quarter|year)\b)?"
_NUMBER = re.compile(rf"(?:from\s)?{_QTY}(?:\s(?:to|down to|up to)\s{_QTY})?", re.IGNORECASE)
_I_CLAUSE = re.compile(r"\bI\s+((?:\w+ly\s+)?[A-Za-z][\w-]*)((?:\s+[\w$%'-]+){0,3})")
_NAMED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-zA-Z0-9]+(?:[ -][A-Z][a-zA-Z0-9]+)*|[A-Z]{2,}[a-z]?s?)\b")
_SCOPE = re.compile(
    r"\b(not (?:on |in |part of )?(?:my|our) (?:team|sprint|scope|roadmap|backlog|service|job|role|area)"
    r"|(?:was not|wasn't|isn't|is not) (?:on|in|part of) (?:my|our) \w+|no ticket|(?:nobody|no one) (?:had )?asked(?: me)?"
    r"|outside (?:my|our) \w+|(?:belonged|belongs) to (?:another|a different|the \w+) team)",
    re.IGNORECASE,
)
_BREAK = {"that", "which", "who", "and", "but", "so", "because", "for", "from", "with", "without", "at", "by", "into", "after", "before", "while", "when", "until"}
# Words every answer says: a key phrase of these alone proves nothing; trimmed from the ends of phrases.
COMMON_WORDS = {"the", "a", "an", "our", "my", "of", "in", "on", "for", "to", "and", "at", "was", "were", "is", "with", "that", "this", "it", "as", "we", "i", "when", "while", "after"}
# Fillers the transcript normalizer (Whisper's EnglishTextNormalizer, its ignore_patterns) deletes before any
# phrase is matched: a key phrase made only of them can never be heard.
DROPPED_FILLERS = {"hmm", "mm", "mhm", "mmm", "uh", "um"}


def extract_key_phrases(text: str, limit: int = MAX_PHRASES) -> list[str]:
    """Salient phrases of one section, in the candidate's own words: scope boundaries, numbers with
    their units ('from 18% to 2%'), 'I <verb> ...' clauses, and named things (teams, systems)."""
    found: list[str] = []

    def add(p: str) -> None:
        p = p.strip(" ,.;:-")
        if len(p) >= 2 and not any(p.lower() in f.lower() or f.lower() in p.lower() for f in found):
            found.append(p)

    for m in _SCOPE.finditer(text):
        add(m.group(0))
    for m in _NUMBER.finditer(text):
        if re.search(r"\d", m.group(0)):
            add(m.group(0))
    for m in _I_CLAUSE.finditer(text):
        if m.group(1).lower() not in _NOT_ACTIONS:
            words = ["I", m.group(1)]
            for w in m.group(2).split():
                if w.lower() in _BREAK:  # "I wrote an autoscaler that ..." -> "I wrote an autoscaler"
                    break
                words.append(w)
            while len(words) > 2 and words[-1].lower() in COMMON_WORDS:  # "I restarted the" -> "I restarted"
                words.pop()
            add(" ".join(words))
    for m in _NAMED.finditer(text):
        if m.group(1) not in ("I", "We", "The", "My", "Our") and not m.group(1).startswith("I "):
            add(m.group(1))
    if not found:  # a sentence without any of those: its first content words
        words = [w for w in re.findall(r"[\w$%'-]+", text)]
        content = [i for i, w in enumerate(words) if w.lower() not in COMMON_WORDS]
        if content:
            add(" ".join(words[content[0] : content[0] + 4]))
    return found[:limit]


def story_id(situation: str, slug: str) -> str:
    """'my-<principle slug>-<three content words of the situation>'."""
    words = [w.lower() for w in re.findall(r"[A-Za-z0-9]+", situation) if w.lower() not in COMMON_WORDS and len(w) > 2]
    return "-".join(["my", slug, *words[:3]])
