"""Time to score one answer: a 3-minute spoken answer (about 450 words with word times), and longer ones.

    .venv/bin/python benchmarks/bench_scoring.py [--repeat 20] [--long]

The answer is the webhook scenario's strong example repeated to the length, with word times at 2.5 words
a second. Scoring includes segmentation, phrase matching, evidence, grading and flags (the whole
`score_answer`, with the lesson reader the product passes: sentence embeddings, its memo cleared before
every call so each one encodes), after one warm-up call (the signal book, normalizer and encoder load once
per process). `--words-only` times the scorer without the reader.
Prints the median and p95 over the repeats for each length; the target is < 150 ms at 3 minutes.
`--long` also scores 10k, 20k and 100k words once each and prints ms per word: scoring time must grow
linearly with length (issue 13: a pasted transcript or a runaway recording).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mockint.meaning.lessons import shared_reader  # noqa: E402
from mockint.scoring.rubric import score_answer as _score_answer  # noqa: E402
from mockint.library.store import find_scenario  # noqa: E402
from mockint.scoring.transcript import Transcript, Word  # noqa: E402


def timed_words(text: str, n_words: int, wps: float = 2.5) -> list[Word]:
    base = text.split()
    out = []
    for i in range(n_words):
        t = i / wps
        out.append(Word(word=base[i % len(base)], start=round(t, 2), end=round(t + 0.8 / wps, 2)))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--long", action="store_true", help="also 10k, 20k and 100k words, once each")
    ap.add_argument("--words-only", action="store_true", help="without the lesson reader")
    args = ap.parse_args()
    reader = None if args.words_only else shared_reader()

    def score_answer(tr, sc, level):
        if reader is not None:
            reader.platitude.cache_clear()  # every call encodes its lesson, as a new answer does
        return _score_answer(tr, sc, level, lessons=reader)

    sc = find_scenario("customer-obsession-webhook")
    text = " ".join(s.strong_example for s in sc.sections)
    score_answer(Transcript.from_text(text), sc, "sde2")  # warm-up
    for minutes in (1, 3, 6):
        words = timed_words(text, int(minutes * 60 * 2.5))
        tr = Transcript.from_words(words)
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            score_answer(tr, sc, "sde2")
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        print(f"{minutes} min ({len(words)} words): median {statistics.median(times):.0f} ms, p95 {p95:.0f} ms")
    for n in (10_000, 20_000, 100_000) if args.long else ():
        tr = Transcript.from_words(timed_words(text, n))
        t0 = time.perf_counter()
        score_answer(tr, sc, "sde2")
        ms = (time.perf_counter() - t0) * 1000
        print(f"{n} words: {ms / 1000:.1f} s, {ms / n:.2f} ms per word")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
