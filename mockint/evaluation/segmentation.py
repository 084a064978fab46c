"""Measuring STAR segmentation against ground truth (`mockint eval DIR`).

A ground-truth file sits beside each audio file (same stem, `.json`) with `sections: [{key, start, end}]`
(times of the section's speech in the audio). Per file: the boundary error of each true section start
(and end of the last) against the found one, the share of words given the right section, and the sections
found missing against the truly missing ones.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from mockint.library.schema import SECTION_ORDER, Scenario
from mockint.scoring.segmentation import segment
from mockint.scoring.transcript import Transcript


@dataclass
class FileResult:
    name: str
    boundary_errors: list[float] = field(default_factory=list)  # seconds, one per true boundary
    words: int = 0
    words_correct: int = 0
    missing_true: list[str] = field(default_factory=list)
    missing_found: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.words_correct / self.words if self.words else 1.0

    @property
    def missing_ok(self) -> bool:
        return sorted(self.missing_true) == sorted(self.missing_found)


@dataclass
class EvalSummary:
    files: list[FileResult]

    @property
    def boundary_errors(self) -> list[float]:
        return [e for f in self.files for e in f.boundary_errors]

    @property
    def median_error(self) -> float:
        return statistics.median(self.boundary_errors) if self.boundary_errors else 0.0

    @property
    def max_error(self) -> float:
        return max(self.boundary_errors, default=0.0)

    @property
    def accuracy(self) -> float:
        words = sum(f.words for f in self.files)
        return sum(f.words_correct for f in self.files) / words if words else 1.0

    def table(self) -> str:
        lines = [f"{'file':32} {'median':>7} {'max':>6} {'words ok':>9}  missing (true / found)"]
        for f in self.files:
            med = statistics.median(f.boundary_errors) if f.boundary_errors else 0.0
            mx = max(f.boundary_errors, default=0.0)
            lines.append(
                f"{f.name:32} {med:6.2f}s {mx:5.2f}s {f.accuracy:8.1%}  {','.join(f.missing_true) or '-'} / "
                f"{','.join(f.missing_found) or '-'}{'' if f.missing_ok else '  MISMATCH'}"
            )
        lines.append(
            f"{'ALL':32} {self.median_error:6.2f}s {self.max_error:5.2f}s {self.accuracy:8.1%}  "
            f"{sum(f.missing_ok for f in self.files)}/{len(self.files)} files with the right missing sections"
        )
        return "\n".join(lines)


def evaluate_file(name: str, transcript: Transcript, truth: dict, scenario: Scenario) -> FileResult:
    """Compare the segmentation of one transcript with its ground truth (pure)."""
    seg = segment(transcript, scenario)
    words = transcript.words
    true_secs = [s for s in truth["sections"]]
    present = [s["key"] for s in true_secs]
    res = FileResult(name=name, missing_true=[k for k in SECTION_ORDER if k not in present])
    found = {sp.key: sp for sp in seg.spans}
    res.missing_found = [k for k in SECTION_ORDER if k not in found]
    for s in true_secs:
        sp = found.get(s["key"])
        if sp is not None:
            res.boundary_errors.append(abs(words[sp.start].start - s["start"]))
        else:
            res.boundary_errors.append(_nearest_boundary_error(s["start"], seg, words))
    # word labels: the true section of a word is the one whose [start, end] (extended to the gaps) holds its middle
    cuts = [(s["start"], s["key"]) for s in true_secs]
    pred = [""] * len(words)
    for sp in seg.spans:
        for i in range(sp.start, sp.end):
            pred[i] = sp.key
    for i, w in enumerate(words):
        if w.start is None or not w.word.strip(" .,!?"):
            continue
        mid = (w.start + w.end) / 2
        label = cuts[0][1]
        for i_cut, (t, key) in enumerate(cuts):
            prev_end = true_secs[i_cut - 1]["end"] if i_cut else None
            boundary = (prev_end + t) / 2 if prev_end is not None else t
            if mid >= boundary:
                label = key
        res.words += 1
        res.words_correct += pred[i] == label
    return res


def _nearest_boundary_error(t: float, seg, words) -> float:
    starts = [words[sp.start].start for sp in seg.spans if words[sp.start].start is not None]
    return min((abs(s - t) for s in starts), default=t)


def evaluate_dir(folder: str | Path, scenario_ref: str | None, transcriber, kinds: tuple[str, ...] = ("continuous",)) -> EvalSummary:
    """Transcribe and segment every audio file in `folder` that has ground truth with sections."""
    from mockint.speech.audio import load_audio
    from mockint.errors import MockintError
    from mockint.library.store import find_scenario

    folder = Path(folder)
    if not folder.is_dir():
        raise MockintError(f"{folder}: not a folder")
    results = []
    for gt in sorted(folder.glob("*.json")):
        try:
            truth = json.loads(gt.read_text(encoding="utf-8"))
        except ValueError as e:
            raise MockintError(f"{gt}: invalid JSON: {e}") from None
        if truth.get("kind") not in kinds or len(truth.get("sections") or []) < 2:
            continue
        audio = next((p for p in sorted(folder.glob(gt.stem + ".*")) if p.suffix != ".json"), None)
        if audio is None:
            continue
        scenario = find_scenario(scenario_ref or truth.get("scenario") or "customer-obsession-webhook")
        transcript = transcriber.transcribe(load_audio(audio))
        results.append(evaluate_file(gt.stem, transcript, truth, scenario))
    if not results:
        raise MockintError(f"{folder}: no audio files with ground-truth sections")
    return EvalSummary(results)
