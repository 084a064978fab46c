"""What Whisper decoded, cleaned against the VAD (pure: segments and speech regions in, segments out).

Hallucinated segments in silence are dropped, a low-confidence echo of the initial prompt is trimmed,
word times that run into a pause are snapped to the edge of the speech, and speech that got no word
is found (`unheard_regions`) to be decoded again.
"""

from __future__ import annotations

import re

from mockint.scoring.transcript import Segment, Word


MIN_WORD_S = 0.08  # seconds: 3+ words packed faster than one per this are invented


def is_hallucination(seg: Segment, regions: list[tuple[float, float]], min_word_s: float = MIN_WORD_S) -> bool:
    """Whisper invents text in silence ("Thank you.", an echo of the prompt). Such a segment has its timed
    words mostly outside speech (under a third of their time inside a VAD region, or no overlap at
    all), or 3+ words packed faster than one per `min_word_s`."""
    return _mostly_outside_speech(seg, regions) or _packed(seg, min_word_s)


# What Whisper writes over a cough, a breath or silence: never rescued as a reply.
STOCK_INVENTIONS = {"thank you", "thanks", "thank you very much", "thanks for watching", "you", "bye", "bye bye", "so", "okay"}
RESCUE_MAX_WORDS = 3  # a reply this short may be stretched over its clip's padding


def drop_hallucinations(segments: list[Segment], regions: list[tuple[float, float]], min_cover: float = 1 / 3) -> list[Segment]:
    """The segments that are not `is_hallucination`, and a short reply timed mostly outside speech that is
    yet the one thing heard in a speech region (covering at least `min_cover` of it): a one-word reply
    ("B.", "Yes.") alone in its clip gets a word time stretched over the clip's padding; it is speech, not
    text invented in silence. Whisper's stock inventions ("Thank you.") are never rescued, and a region
    rescues one segment at most: the one covering most of it."""
    flagged = [is_hallucination(s, regions) for s in segments]
    unheard = unheard_regions([s for s, bad in zip(segments, flagged) if not bad], regions)
    rescued: set[int] = set()
    for rs, re_ in unheard:
        cover = {
            i: _overlap(_timed(seg), [(rs, re_)])
            for i, (seg, bad) in enumerate(zip(segments, flagged))
            if bad and i not in rescued and _rescuable(seg)
        }
        best = max(cover, key=cover.get, default=None)
        if best is not None and cover[best] > 0 and cover[best] >= min_cover * (re_ - rs):
            rescued.add(best)
    return [seg for i, (seg, bad) in enumerate(zip(segments, flagged)) if not bad or i in rescued]


def _rescuable(seg: Segment) -> bool:
    timed = _timed(seg)
    said = " ".join(_bare(w.word) for w in timed).strip()
    return 0 < len(timed) <= RESCUE_MAX_WORDS and not _packed(seg) and said not in STOCK_INVENTIONS


def _mostly_outside_speech(seg: Segment, regions: list[tuple[float, float]]) -> bool:
    timed = _timed(seg)
    if not timed:
        return False
    if not any(rs <= w.end and re_ >= w.start for w in timed for rs, re_ in regions):
        return True
    talk = sum(w.end - w.start for w in timed)
    return talk > 0.2 and _overlap(timed, regions) < talk / 3


def _packed(seg: Segment, min_word_s: float = MIN_WORD_S) -> bool:
    timed = _timed(seg)
    return len(timed) >= 3 and timed[-1].end - timed[0].start < min_word_s * len(timed)


def _timed(seg: Segment) -> list:
    return [w for w in seg.words if w.start is not None and w.end is not None]


def _overlap(words: list, regions: list[tuple[float, float]]) -> float:
    return sum(max(0.0, min(w.end, re_) - max(w.start, rs)) for w in words for rs, re_ in regions)


def _bare(word: str) -> str:
    return re.sub(r"[^a-z']", "", word.lower())


def strip_prompt_echo(segments: list[Segment], prompt: str | None, max_probability: float = 0.15) -> list[Segment]:
    """Drop trailing words that repeat the initial prompt with low confidence (e.g. a final "Okay.")."""
    if not prompt or not segments:
        return segments
    vocab = {_bare(w) for w in prompt.split()}
    last = segments[-1]
    words = list(last.words)
    while words and (words[-1].probability or 1.0) < max_probability and _bare(words[-1].word) in vocab:
        words.pop()
    if len(words) == len(last.words):
        return segments
    if not words:
        return segments[:-1]
    text = " ".join(w.word for w in words)
    return [*segments[:-1], last.model_copy(update={"words": words, "text": text, "end": words[-1].end})]



def unheard_regions(segments: list[Segment], regions: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The speech regions that no timed word overlaps."""
    words = [w for s in segments for w in s.words if w.start is not None and w.end is not None]
    return [(rs, re_) for rs, re_ in regions if not any(w.start < re_ and w.end > rs for w in words)]


def refine_segment(seg: Segment, regions: list[tuple[float, float]], duration: float) -> Segment:
    words = refine_word_times(seg.words, regions, duration)
    if not words:
        return seg
    return seg.model_copy(update={"words": words, "start": words[0].start, "end": words[-1].end})


def refine_word_times(words: list[Word], regions: list[tuple[float, float]], duration: float) -> list[Word]:
    """Snap word boundaries that Whisper placed inside a pause to the edge of the nearby speech.

    A word end inside a pause moves back to the end of the speech region the word overlaps; a word
    start inside a pause moves forward to the start of the region it overlaps; a word spanning a
    pause of 0.5 s or more is confined to the region holding most of it. Words overlapping no
    region are kept as they are. Times stay within [0, duration] and in order.
    """
    out: list[Word] = []
    prev_end = 0.0
    for w in words:
        if w.start is None or w.end is None:
            out.append(w)
            continue
        s, e = max(0.0, w.start), min(duration, w.end)
        overlapping = [(rs, re_) for rs, re_ in regions if rs < e and re_ > s]
        if any(b[0] - a[1] >= 0.5 for a, b in zip(overlapping, overlapping[1:])):
            # a word cannot contain a long pause: keep it in the region holding most of it
            overlapping = [max(overlapping, key=lambda r: min(e, r[1]) - max(s, r[0]))]
        if overlapping:
            first, last = overlapping[0], overlapping[-1]
            if s < first[0]:  # starts in the pause before its speech
                s = first[0]
            if e > last[1]:  # ends in the pause after its speech
                e = last[1]
        s = max(s, prev_end)  # no overlap with the previous word
        e = max(e, s)
        out.append(w.model_copy(update={"start": round(s, 3), "end": round(e, 3)}))
        prev_end = e
    return out



def shifted(seg: Segment, offset: float) -> Segment:
    def t(x: float | None) -> float | None:
        return None if x is None else round(x + offset, 3)

    words = [w.model_copy(update={"start": t(w.start), "end": t(w.end)}) for w in seg.words]
    return seg.model_copy(update={"start": t(seg.start), "end": t(seg.end), "words": words})

