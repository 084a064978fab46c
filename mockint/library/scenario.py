"""The scenario library's public face: the format (mockint.library.schema) and reading it
(mockint.library.store), importable from one place.

Scenario files are TOML in `scenarios/` (and the user's `$MOCKINT_HOME/scenarios/`). They are validated at
the boundary with `extra="forbid"`: every problem is reported as `FILE: field.path: message`
(mockint.library.messages).
"""

from __future__ import annotations

from mockint.library.schema import (
    LEADERSHIP_PRINCIPLES,
    LEVEL_LABELS,
    LEVELS,
    SECTION_ORDER,
    VERDICTS,
    Lens,
    Level,
    LevelCalibration,
    LevelReflection,
    Mode,
    Probe,
    QuizQuestion,
    RedFlagNote,
    Scenario,
    Section,
    SectionKey,
    Verdict,
    WeakAnswer,
    canonical_principle,
    known_flag_codes,
    known_signal_ids,
    principle_named,
)
from mockint.library.store import (
    find_scenario,
    load_scenario,
    parse_scenario,
    pick_scenario_for_lp,
    scenario_dirs,
    scenario_files,
)

__all__ = [
    "LEADERSHIP_PRINCIPLES", "LEVEL_LABELS", "LEVELS", "SECTION_ORDER", "VERDICTS", "Lens", "Level", "LevelCalibration",
    "LevelReflection", "Mode", "Probe", "QuizQuestion", "RedFlagNote", "Scenario", "Section", "SectionKey", "Verdict",
    "WeakAnswer", "canonical_principle", "known_flag_codes", "known_signal_ids", "principle_named", "find_scenario", "load_scenario",
    "parse_scenario", "pick_scenario_for_lp", "scenario_dirs", "scenario_files",
]
