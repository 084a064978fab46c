"""Spoken answers with 3-6 s thinking pauses mid-answer (issue 11: "0 answers ended early").

Each answer is a fixture answer of `make_fixtures.py` (same texts, same synthesis and ground truth) with
long pauses where a candidate stops to think before the Result: between sections, inside a section,
after a cut-off clause ("..., and then"), after a filler ("{um}"), after "Let me think.". Every answer
ends with a complete Result or Reflection, so it should end about a second after its last word.
Written to audio_fixtures/thinking_pauses/ (test data: not shipped in the wheel).

    .venv/bin/python scripts/make_pause_fixtures.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_fixtures as mf  # noqa: E402

OUT = mf.OUT / "thinking_pauses"


def _with(answer: dict[str, list[str]], **changes: list[str]) -> dict[str, list[str]]:
    return {**answer, **changes}


S, P = mf.STRONG, mf.PARAPHRASE
CUT_ACTION = ["I pulled the webhook delivery logs, and then", *S["action"][1:]]
FILLER_ACTION = [S["action"][0], "I traced the failure to, {um}", "a race condition in the retry logic.", *S["action"][2:]]
THINK_TASK = ["Let me think.", *S["task"]]
SO_ACTION = [mf.STRAIGHT_TO_ACTION["action"][0], "So", *mf.STRAIGHT_TO_ACTION["action"][1:]]

# name -> (answer, voice, speed, section gaps, long gaps {(block, sentence): seconds before it})
PAUSES: dict[str, tuple[dict[str, list[str]], str, int, tuple[float, ...], dict[tuple[int, int], float]]] = {
    "pause_strong_us165": (S, "en-us", 165, (4.0, 0.9, 1.0, 1.0), {(2, 3): 3.0}),
    "pause_strong_gb145": (S, "en-gb", 145, (1.0, 5.5, 1.0, 0.9), {}),
    "pause_strong_f2_165": (S, "en-us+f2", 165, (0.9, 1.0, 1.1, 0.9), {(0, 2): 6.0}),
    "pause_paraphrase_m3_160": (_with(P, action=CUT_ACTION), "en-us+m3", 160, (1.0, 0.9, 1.2, 0.8), {(2, 1): 4.5}),
    "pause_data_pipeline_us170": (mf.OWN_DATA_PIPELINE, "en-us", 170, (0.6, 0.7, 0.7, 0.6), {(1, 1): 3.5, (2, 2): 5.0}),
    "pause_mobile_crash_gb155": (mf.OWN_MOBILE_CRASH, "en-gb", 155, (0.6, 6.0, 0.6, 0.7), {}),
    "pause_weak_f4_160": (mf.WEAK, "en-us+f4", 160, (4.0, 0.9, 1.0), {}),
    "pause_we_everywhere_f2_165": (mf.WE_EVERYWHERE, "en-us+f2", 165, (0.9, 1.2, 0.8, 1.0), {(2, 2): 5.0}),
    "pause_filler_m3_150": (_with(mf.NO_TASK_NO_REFLECTION, action=FILLER_ACTION), "en-us+m3", 150, (1.0, 0.9), {(1, 2): 4.0}),
    "pause_straight_gb160": (_with(mf.STRAIGHT_TO_ACTION, action=SO_ACTION), "en-gb", 160, (1.1, 0.8), {(0, 2): 5.0}),
    "pause_three_f4_150": (S, "en-us+f4", 150, (3.0, 0.9, 1.0, 1.0), {(1, 2): 4.5, (2, 4): 6.0}),
    "pause_think_rp165": (_with(S, task=THINK_TASK), "en-gb-x-rp", 165, (0.9, 1.0, 1.1, 0.9), {(1, 1): 5.0}),
}


def specs() -> list[mf.Spec]:
    out = []
    for name, (answer, voice, speed, gaps, long_gaps) in PAUSES.items():
        out.append(mf.Spec(
            name, "continuous", mf._blocks(answer), voice=voice, speed=speed, section_gaps=gaps, long_gaps=long_gaps,
            extra={"notes": "Thinking pauses of 3-6 s before the Result: the answer must not end at any of them."},
            expect={"ends": "after_last_word", "missing_sections": mf._missing(answer)},
        ))
    return out


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    version = mf.espeak_version()
    with tempfile.TemporaryDirectory() as tmp:
        for spec in specs():
            path = mf.make_speech(spec, Path(tmp), version, out=OUT)
            print(path.relative_to(mf.ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
