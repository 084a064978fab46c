"""One answer being scored: its words, STAR sections and texts (`Answer`), and what the parts of the rubric
share about it. Pure core.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from mockint.library.schema import Scenario
from mockint.library.signals import SignalBook
from mockint.scoring.segmentation import SectionSpan, segment
from mockint.scoring.text import Text as _Text
from mockint.scoring.text import find
from mockint.scoring.transcript import Transcript, Word


def find_in(regexes: Sequence[re.Pattern], text: _Text, *, red_flag: bool = False) -> list[re.Match]:
    return find(regexes, text, red_flag=red_flag)


def quote_match(m: re.Match, text: _Text, pad: int = 2) -> tuple[str, float | None, float | None]:
    return text.quote_match(m, pad=pad)


def segment_or_given(transcript: Transcript, scenario: Scenario, spans: Sequence[SectionSpan] | None) -> list[SectionSpan]:
    if spans is not None:
        return list(spans)
    return segment(transcript, scenario).spans


FIRST_PERSON = re.compile(r"\bi\b")
WE = re.compile(r"\bwe\b")


@dataclass
class Answer:
    """One answer being scored: its words, sections and the texts the rubric reads."""

    transcript: Transcript
    scenario: Scenario
    level: str
    words: list[Word]
    spans: list[SectionSpan]
    texts: dict[str, _Text]
    full: _Text
    book: SignalBook

    def section_at(self, word: int) -> str | None:
        return next((s.key for s in self.spans if s.start <= word < s.end), None)


def context_excess(ans: Answer) -> float:
    """Share of the answer's words in the Situation beyond twice the Situation's share of the targets."""
    sit = next((s for s in ans.spans if s.key == "situation"), None)
    if sit is None or not ans.words:
        return 0.0
    target_share = ans.scenario.section("situation").target_seconds / ans.scenario.total_target_seconds
    return max(0.0, (sit.end - sit.start) / len(ans.words) - 2.0 * target_share)


def scope_required(scenario: Scenario, book: SignalBook) -> bool:
    """A scope boundary is the ownership proof only where the lead principle's lens weighs it."""
    return "scope_boundary" in book.lens(scenario.principles[0]).signals
