"""STAR segmentation of one continuous answer (pure core: a transcript and a scenario in, spans out).

Evidence, per unit (a sentence, or a clause of a long sentence that opens with a cue):
- **cue phrases** (data/cues.toml): sentence openers that announce a section ("the situation was",
  "my goal was", "so I ...", "as a result", "looking back") and words that fill one (numbers and outcome
  words for the Result, "I <verb>ed" and technical nouns for the Action, "learned"/"systemic" for the
  Reflection). They hold for a candidate's own story.
- **similarity** to the scenario's own text for that section (its strong example, key phrases and, for
  the Reflection, the per-level reflections): bag-of-words cosine on normalized content words.
- **agency**: the Action is what the candidate did, so a unit with no "I" / "we" / "my" in it (a tour of
  the system: "it signs every request", "the retries double up to ten minutes") counts against the Action
  however much of the scenario's Action vocabulary it shares.
- **position**: where the unit sits in the answer against where the section's target time would put it.
  This prior is weak on purpose, so a rambling 70-second Situation stays a Situation.
Emissions are centred per unit (evidence *for one section over the others*) and weighted by the unit's length.

Decoding: a segmental dynamic program over unit boundaries finds the best monotonic assignment in STAR
order. A section may be skipped (it is then reported missing, never invented) at a fixed cost, so
skipping needs the evidence to favour it; sections cannot come back once passed.

Known failure cases: a story told out of order (Result first, then the Action) is forced into STAR order;
a one-sentence answer yields one section; a Task said inside the Situation's last sentence without a
clause boundary goes to the Situation; without punctuation (plain text with no full stops) the units are
long and boundaries coarse.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz

from mockint.library.schema import SECTION_ORDER, Scenario
from mockint.scoring.normalize import join_words, normalize
from mockint.scoring.transcript import Transcript, Word

SKIP_COST = 0.0  # score given up for each section left out between two sections
START_SKIP_COST = 0.6  # ... and for each left out before the first: answers tend to open with context
SECTION_COST = 0.8  # each section must earn its place: its evidence must beat the neighbours' by this much
W_OPEN, W_INSIDE, W_SIM, W_SENT, W_POS = 2.0, 0.8, 1.2, 1.5, 0.3
W_AGENT = 1.0  # the Action is what the candidate did: a unit with no "I" / "we" in it describes, it does not act
W_GAP = 1.5  # bonus for starting a section after a pause, per second of pause (up to 1 s)
SPLIT_PAUSE = 0.45  # a pause this long between words also ends a unit (Whisper may omit full stops)
_AGENT = re.compile(r"\b(i|we|me|us|my|our|myself)\b")
_SENTENCE_END = re.compile(r"[.?!]['\")\]]*$")
_STOP = frozenset(
    "a an the and or but so to of in on at for with by from as is was were be been it its this that these those "
    "i we my our me us you your he she they them their there here had has have do did done not no yes if then "
    "than which who what when where how just also very really about into out up over after before while".split()
)


@dataclass(frozen=True)
class SectionSpan:
    """Words [start, end) of the transcript that form one STAR section."""

    key: str
    start: int
    end: int
    confidence: float = 1.0


@dataclass(frozen=True)
class Unit:
    """A sentence (or clause) of the answer: words [start, end)."""

    start: int
    end: int
    text: str  # normalized
    t0: float | None
    t1: float | None


@dataclass(frozen=True)
class Segmentation:
    spans: list[SectionSpan]
    units: list[Unit]
    labels: list[str]  # the section of each unit


@lru_cache(maxsize=1)
def _cues() -> dict[str, dict[str, list[re.Pattern]]]:
    raw = tomllib.loads(resources.files("mockint").joinpath("data/cues.toml").read_text(encoding="utf-8"))
    return {k: {kind: [re.compile(p) for p in raw[k].get(kind, [])] for kind in ("opening", "inside")} for k in SECTION_ORDER}


def _opens_section(text: str) -> bool:
    return any(rx.search(text) for cues in _cues().values() for rx in cues["opening"])


def split_units(words: list[Word]) -> list[Unit]:
    """Sentences at . ? !; a long sentence is also split at a comma when the clause after it opens with a cue."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else None
        pause = nxt is not None and w.end is not None and nxt.start is not None and nxt.start - w.end >= SPLIT_PAUSE
        if _SENTENCE_END.search(w.word.strip()) or nxt is None or pause:
            bounds.append((start, i + 1))
            start = i + 1
    units: list[tuple[int, int]] = []
    for a, b in bounds:
        cut = a
        for i in range(a, b - 1):
            if words[i].word.strip().endswith((",", ";", ":")) and i + 1 - cut >= 4 and b - (i + 1) >= 4:
                clause = normalize(join_words([w.word for w in words[i + 1 : b]]))
                if _opens_section(clause):
                    units.append((cut, i + 1))
                    cut = i + 1
        units.append((cut, b))
    out = []
    for a, b in units:
        ws = words[a:b]
        out.append(Unit(a, b, normalize(join_words([w.word for w in ws])), ws[0].start, ws[-1].end))
    return [u for u in out if u.text.strip()] or out


def _bag(text: str) -> Counter:
    return Counter(t for t in normalize(text).split() if t not in _STOP and len(t) > 1)


def _cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    return dot / (math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values())))


def _exemplars(scenario: Scenario) -> dict[str, Counter]:
    out = {}
    for s in scenario.sections:
        text = " ".join([s.strong_example, *s.key_phrases])
        if s.key == "reflection":
            text += " " + " ".join(r.text for r in scenario.reflections)
        out[s.key] = _bag(text)
    return out


def _example_sentences(scenario: Scenario) -> dict[str, list[str]]:
    out = {}
    for s in scenario.sections:
        text = s.strong_example + (" " + " ".join(r.text for r in scenario.reflections) if s.key == "reflection" else "")
        out[s.key] = [normalize(x) for x in re.split(r"(?<=[.?!])\s+", text) if len(x.split()) >= 3]
    return out


def _sentence_match(text: str, sentences: list[str]) -> float:
    """How closely the unit repeats one of the section's example sentences (0-1; 0 below 70%)."""
    if len(text.split()) < 4 or not sentences:
        return 0.0
    best = max(fuzz.ratio(text, x) if len(x) < 1.5 * len(text) else fuzz.partial_ratio(text, x) for x in sentences)
    return max(0.0, (best - 70.0) / 30.0)


def emissions(units: list[Unit], scenario: Scenario) -> list[dict[str, float]]:
    """Evidence that each unit belongs to each section, centred per unit and weighted by its length."""
    cues = _cues()
    ex = _exemplars(scenario)
    sentences = _example_sentences(scenario)
    total_target = scenario.total_target_seconds
    centers, acc = {}, 0.0
    for s in scenario.sections:
        centers[s.key] = (acc + s.target_seconds / 2) / total_target
        acc += s.target_seconds
    timed = all(u.t0 is not None for u in units)
    t_first = units[0].t0 if timed else 0.0
    t_last = units[-1].t1 if timed else 0.0
    n_words = units[-1].end - units[0].start
    out = []
    for u in units:
        if timed and t_last and t_last > t_first:
            pos = ((u.t0 + u.t1) / 2 - t_first) / (t_last - t_first)
        else:
            pos = ((u.start + u.end) / 2 - units[0].start) / max(1, n_words)
        bag = _bag(u.text)
        sims = {k: _cosine(bag, ex[k]) for k in SECTION_ORDER}
        top = max(sims.values()) or 1.0
        row = {}
        for k in SECTION_ORDER:
            opening = 1.0 if any(rx.search(u.text) for rx in cues[k]["opening"]) else 0.0
            inside = min(1.0, sum(len(rx.findall(u.text)) for rx in cues[k]["inside"]) / 3.0)
            position = -(((pos - centers[k]) / 0.5) ** 2)
            sent = _sentence_match(u.text, sentences[k])
            row[k] = W_OPEN * opening + W_INSIDE * inside + W_SIM * sims[k] / top + W_SENT * sent + W_POS * position
        if not _AGENT.search(u.text):
            row["action"] -= W_AGENT
        mean = sum(row.values()) / len(row)
        size = min(2.0, max(0.1, len(u.text.split()) / 12.0))
        out.append({k: (v - mean) * size for k, v in row.items()})
    return out


def segment(transcript: Transcript, scenario: Scenario) -> Segmentation:
    """The best monotonic STAR assignment of the answer's units; absent sections are left out."""
    words = transcript.words or Transcript.from_text(transcript.text).words
    if not words:
        return Segmentation([], [], [])
    units = split_units(words)
    em = emissions(units, scenario)
    keys = list(SECTION_ORDER)
    n, m = len(units), len(keys)
    # prefix sums of emissions per section
    pre = [[0.0] * (n + 1) for _ in keys]
    for k in range(m):
        for u in range(n):
            pre[k][u + 1] = pre[k][u] + em[u][keys[k]]
    gap = [0.0] * n  # pause before each unit, seconds
    for u in range(1, n):
        if units[u].t0 is not None and units[u - 1].t1 is not None:
            gap[u] = max(0.0, units[u].t0 - units[u - 1].t1)
    # a pause before a unit is evidence of a new section, if the unit is more than a stray word or two
    gap_bonus = [W_GAP * min(1.0, gap[u]) * min(1.0, len(units[u].text.split()) / 5.0) for u in range(n)]
    neg = -1e18
    # best[j][k]: units [0, j) assigned, the last segment is section k; back-pointers. The last segment
    # [i, j) scores pre[k][j] - pre[k][i]: so for each k the best start so far is kept as j grows (linear
    # in the units, not quadratic: an answer can run to 100k words)
    best = [[neg] * m for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * m for _ in range(n + 1)]
    lead = [(-START_SKIP_COST * k - pre[k][0], (0, -1)) for k in range(m)]  # best start i < j for section k
    for j in range(1, n + 1):
        i = j - 1
        if i > 0:
            for k in range(m):
                for kp in range(k):
                    if best[i][kp] == neg:
                        continue
                    cand = best[i][kp] - SKIP_COST * (k - kp - 1) + gap_bonus[i] - pre[k][i]
                    if cand > lead[k][0]:
                        lead[k] = (cand, (i, kp))
        for k in range(m):
            best[j][k], back[j][k] = lead[k][0] + pre[k][j] - SECTION_COST, lead[k][1]
    k_end = max(range(m), key=lambda k: best[n][k] - SKIP_COST * (m - 1 - k))
    segs: list[tuple[int, int, int]] = []  # (unit_start, unit_end, k)
    j, k = n, k_end
    while j > 0:
        i, kp = back[j][k]
        segs.append((i, j, k))
        j, k = i, kp
    segs.reverse()
    labels = [""] * n
    spans = []
    for i, j, k in segs:
        key = keys[k]
        for u in range(i, j):
            labels[u] = key
        conf = sum(_softmax(em[u])[key] for u in range(i, j)) / (j - i)
        spans.append(SectionSpan(key=key, start=units[i].start, end=units[j - 1].end, confidence=conf))
    return Segmentation(spans, units, labels)


def _softmax(row: dict[str, float]) -> dict[str, float]:
    mx = max(row.values())
    ex = {k: math.exp(v - mx) for k, v in row.items()}
    s = sum(ex.values())
    return {k: v / s for k, v in ex.items()}
