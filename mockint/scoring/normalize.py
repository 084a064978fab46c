"""Text normalization for matching: Whisper's English normalizer plus the few forms it misses.

`normalize("It wasn't 0.3%")` == `normalize("it was not zero point three percent")`; money said or
written ("$8K", "8,000 dollars", "eight thousand dollars") all become "$8000".
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

# Hesitation sounds: "um", "umm", "uh", "uhh", "hmm", "mm", "mhm", "er", "erm", "ah" (lower case, letters only).
_FILLER_RE = re.compile(r"^(u+m+|u+h+|h+m+|m+h?m+|e+r+m*|a+h+)$")
FILLER_PHRASES = ("you know", "i mean", "kind of", "sort of")

_K_SUFFIX = re.compile(r"(?i)(\$?)(\d+(?:\.\d+)?)\s?([km])\b")
_LEADING_POINT = re.compile(r"(?<![\w.])\.(\d)")
# A name with digits in it (Neo4j, S3, EC2, log4j, IPv6, p99, Q3, GPT-4, HTTP/2) names a thing, it measures
# nothing: it stays one token ("neo4j", "s3", "p99"), where Whisper's normalizer would split out a number
# ("neo 4 j") that reads as a quantity
_NAMED = re.compile(r"\b([A-Za-z]+|[A-Z]{2,}[-/])(\d+)(?![.,]\d)([A-Za-z]\w*)?\b")
_POINT_ONE = re.compile(r"(?<![\d.])(\d+)\.1(?![\d.])")
_DIGIT_NAMES = "zero one two three four five six seven eight nine".split()


@lru_cache(maxsize=1)
def _normalizer():
    from whisper_normalizer.english import EnglishTextNormalizer

    return EnglishTextNormalizer()


def _expand_suffix(m: re.Match) -> str:
    dollar, num, suffix = m.groups()
    value = float(num) * (1000 if suffix.lower() == "k" else 1_000_000)
    return f"{dollar}{value:.0f}"


def _protect_names(text: str) -> tuple[str, dict[str, str]]:
    """`text` with each name-with-digits spelled in letters only (so the normalizer keeps it whole), and
    the way back: {"neofourj": "neo4j"}."""
    names: dict[str, str] = {}

    def spell(m: re.Match) -> str:
        letters, digits, rest = m.group(1).rstrip("-/").lower(), m.group(2), (m.group(3) or "").lower()
        key = "qqx" + letters + "".join(_DIGIT_NAMES[int(d)] for d in digits) + rest
        names[key] = letters + digits + rest
        return key

    return _NAMED.sub(spell, text), names


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """Lowercase, no punctuation, contractions expanded, numbers and money as digits, US spelling."""
    text = _K_SUFFIX.sub(_expand_suffix, text)
    # the normalizer reads a decimal ".1" as the word "one" and drops what follows it ("2.1%" -> "2 one"):
    # it is given "2.10%" and read back
    points = _POINT_ONE.findall(text)
    text = _POINT_ONE.sub(r"\1.10", text)
    text, names = _protect_names(text)
    out = _normalizer()(text)
    if names:
        out = re.sub(r"\bqqx\w+", lambda m: names.get(m.group(0), m.group(0)), out)
    out = _LEADING_POINT.sub(r"0.\1", out)  # "point three percent" -> ".3%" -> "0.3%"
    # the normalizer's slips on "1": "1.5" -> "one.5", "one second" / "1 second" -> "12nd"
    out = re.sub(r"\bone\.(\d)", r"1.\1", out)
    out = re.sub(r"\b12nd\b", "1 second", out)
    for whole in points:  # back from "4.10" (see above)
        out = re.sub(rf"\b{whole}\.10\b", f"{whole}.1", out, count=1)
    out = re.sub(r"\broot because\b", "root cause", out)  # the normalizer reads "cause" as "'cause"
    return out


_ATTACHED = re.compile(r"^[.,%'’:;!?)]|^-\d|^,\d")


def join_words(words: list[str]) -> str:
    """Words as the engine split them, joined back into text: Whisper splits "0.3%" into "0", ".3", "%"
    and "$8,000" into "$8", ",000"; those pieces are glued back so numbers survive normalization."""
    # Whisper marks a new word with a leading space and a continuation piece without one ("mid", "-sized";
    # "2", "%"): when the words carry that mark, it decides; text split on spaces has no marks to read
    spaced = any(w.startswith(" ") for w in words)
    out = ""
    for raw in words:
        w = raw.strip()
        if not w:
            continue
        glued = (spaced and not raw.startswith(" ") and w[0] not in "([\"") or _ATTACHED.match(w) or out.endswith("$")
        if out and not glued:
            out += " "
        out += w
    return out


def normalize_words(words: list[str]) -> tuple[list[str], list[int]]:
    """Normalize a word sequence as one text, and map each normalized token back to its source word.

    Normalizing the whole text keeps multi-word numbers together ("zero point three percent" ->
    "0.3%"); the mapping comes from aligning it with the word-by-word normalization, with tokens
    that don't align (a number built from several words) given to the nearest aligned source word.
    """
    if not words:
        return [], []
    full: list[str] = []
    mapped: list[int] = []
    for a, b in _chunks(words):
        tokens, owners = _normalize_chunk(words[a:b])
        full += tokens
        mapped += [a + o for o in owners]
    return full, mapped


CHUNK_WORDS = 150  # words normalized and aligned together: alignment is quadratic, an answer can run to 100k words


def _chunks(words: list[str]) -> list[tuple[int, int]]:
    """[a, b) ranges of about CHUNK_WORDS words, cut after a sentence end (a number is never split)."""
    out, a = [], 0
    for i, w in enumerate(words):
        if i + 1 - a >= CHUNK_WORDS and re.search(r"[.?!]['\")\]]*$", w.strip()):
            out.append((a, i + 1))
            a = i + 1
        elif i + 1 - a >= 4 * CHUNK_WORDS:  # no sentence end for a long time: cut anyway
            out.append((a, i + 1))
            a = i + 1
    if a < len(words):
        out.append((a, len(words)))
    return out


def _normalize_chunk(words: list[str]) -> tuple[list[str], list[int]]:
    full = normalize(join_words(words)).split()
    per: list[tuple[str, int]] = [(t, i) for i, w in enumerate(words) for t in normalize(w).split()]
    owner: list[int | None] = [None] * len(full)
    sm = SequenceMatcher(a=[t for t, _ in per], b=full, autojunk=False)
    for a, b, n in sm.get_matching_blocks():
        for k in range(n):
            owner[b + k] = per[a + k][1]
    # A token that did not align goes to the word after the previous anchor (capped by the next anchor).
    next_anchor: list[int] = [len(words) - 1] * len(owner)
    nxt = len(words) - 1
    for k in range(len(owner) - 1, -1, -1):
        next_anchor[k] = nxt
        if owner[k] is not None:
            nxt = owner[k]
    mapped: list[int] = []
    prev = -1
    for k, o in enumerate(owner):
        if o is None:
            o = min(prev + 1, next_anchor[k])
        o = max(o, prev, 0)
        mapped.append(o)
        prev = o
    return full, mapped


def is_filler(word: str) -> bool:
    """True for hesitation sounds ("um", "Uh,", "hmm...") but not for real words like "like"."""
    return bool(_FILLER_RE.match(re.sub(r"[^a-z]", "", word.lower())))
