"""`mockint scenarios validate` on hand-edited files: every mistake is one line naming the file and the
field. One table of edits checked through the loader (the same lines the CLI prints), and the CLI itself
once, on several files, for exit code 2 and the streams."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mockint.errors import ScenarioError
from mockint.library.store import load_scenario

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "scenarios" / "ownership-flaky-ci.toml"


def edit(old: str, new: str):
    """A builder: the good file with `old` replaced by `new` once, written into the test's folder."""

    def build(tmp_path: Path) -> Path:
        text = GOOD.read_text(encoding="utf-8")
        assert old in text, old
        path = tmp_path / "edited.toml"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    return build


def swapped_sections(tmp_path: Path) -> Path:
    text = GOOD.read_text(encoding="utf-8").replace('key = "situation"', 'key = "TMP"', 1)
    text = text.replace('key = "task"', 'key = "situation"', 1).replace('key = "TMP"', 'key = "task"', 1)
    path = tmp_path / "order.toml"
    path.write_text(text, encoding="utf-8")
    return path


def latin1(tmp_path: Path) -> Path:
    path = tmp_path / "latin1.toml"
    path.write_bytes(GOOD.read_text(encoding="utf-8").replace("Tell Me About", "Caf\u00e9 About", 1).encode("latin-1", errors="replace"))
    return path


def missing(tmp_path: Path) -> Path:
    return tmp_path / "no-such-story.toml"


QUESTION = 'question = "Tell me about a time you took on something significant that was outside your area of responsibility."\n'
SECTION_ORDER_LINE = (
    "sections: must be situation, task, action, result, reflection in that order; got task, situation, action, result, "
    "reflection; sections[0] is 'task', expected 'situation'"
)

# (id, how the file is made, the problem lines after "FILE: "); "..." at the end: only the first lines are checked.
CASES = [
    ("bad-toml", edit('title = "Tell Me', 'title = "Tell \\q Me'), ["line 3, column 17: invalid TOML: Unescaped '\\' in a string"]),
    ("unknown-field", edit("\nsummary = ", "\nsumary = "),
     ["summary: required field is missing", "sumary: unknown field (not part of the scenario format) (did you mean 'summary'?)"]),
    ("unknown-field-in-section", edit('coaching = "Give the metric', 'coach = "Give the metric'),
     ["sections[3].coaching: required field is missing",
      "sections[3].coach: unknown field (not part of the scenario format) (did you mean 'coaching'?)"]),
    ("missing-field", edit(QUESTION, ""), ["question: required field is missing"]),
    ("wrong-type", edit("target_seconds = 30", 'target_seconds = "thirty"'), ["sections[0].target_seconds: must be a number, got 'thirty'"]),
    ("text-for-list", edit('principles = ["Ownership", "Dive Deep", "Deliver Results"]', 'principles = "Ownership"'),
     ["principles: must be a list ([...] or [[...]] tables), got 'Ownership'"]),
    ("empty-list", edit('key_phrases = ["not my team", "no ticket", "take ownership", "instead of adding more retries"]', "key_phrases = []"),
     ["sections[1].key_phrases: must have at least 1 item(s)"]),
    ("blank-key-phrase", edit('key_phrases = ["not my team", "no ticket"', 'key_phrases = ["not my team", " "'),
     ["sections[1].key_phrases[1]: must not be empty"]),
    ("punctuation-key-phrase", edit('key_phrases = ["not my team", "no ticket"', 'key_phrases = ["not my team", "--!"'),
     ["sections[1].key_phrases[1]: '--!' has no words (only punctuation or symbols), so it can never be heard"]),
    ("filler-key-phrase", edit('key_phrases = ["not my team", "no ticket"', 'key_phrases = ["not my team", "Um, uh"'),
     ["sections[1].key_phrases[1]: 'Um, uh' has only fillers that transcripts drop before matching, so it can never be heard"]),
    ("common-words-key-phrase", edit('key_phrases = ["not my team", "no ticket"', 'key_phrases = ["not my team", "and the"'),
     ["sections[1].key_phrases[1]: 'and the' has only common words that every answer says; name what a strong answer says"]),
    ("key-phrase-longer-than-its-section", edit('key_phrases = ["not my team", "no ticket"', 'key_phrases = ["not my team", "' + "ticket " * 61 + '"'),
     ["sections[1].key_phrases[1]: 61 words take longer to say than the section's target of 20s (at most 60 words at a "
      "brisk 180 words a minute); keep key phrases short"]),
    ("section-order", swapped_sections, [SECTION_ORDER_LINE]),
    ("unknown-section-key", edit('key = "result"', 'key = "results"'),
     ["sections[3].key: must be one of 'situation', 'task', 'action', 'result' or 'reflection', got 'results'", "..."]),
    ("target-zero", edit("target_seconds = 90", "target_seconds = 0"), ["sections[2].target_seconds: must be > 0"]),
    ("target-negative", edit("target_seconds = 90", "target_seconds = -5"), ["sections[2].target_seconds: must be > 0"]),
    ("quiz-answer-out-of-range", edit("answer = 2\n", "answer = 4\n"), ["quiz[2].answer: 4 is not an index of options (0 to 3; the first option is 0)"]),
    ("unknown-principle", edit('principles = ["Ownership",', 'principles = ["Ownershp",'),
     ["principles[0]: unknown Leadership Principle 'Ownershp' (did you mean 'Ownership'?)"]),
    ("unknown-lens-principle", edit('principle = "Deliver Results"', 'principle = "Deliver Resluts"'),
     ["lenses[2].principle: unknown Leadership Principle 'Deliver Resluts' (did you mean 'Deliver Results'?)"]),
    ("duplicate-probe-id", edit('id = "how-found-culprits"', 'id = "platform-pushback"'),
     ["probes[1].id: duplicate id 'platform-pushback' (already used by probes[0])"]),
    ("duplicate-level", edit('level = "sde2"\nguidance', 'level = "sde1"\nguidance'), ["levels[1].level: duplicate level 'sde1' (already used by levels[0])"]),
    ("unknown-trigger", edit('triggers = ["technical_depth", "we_language"]', 'triggers = ["technical_depth", "we_langauge"]'),
     ["probes[1].triggers[1]: 'we_langauge' is not a signal id or flag code of mockint/data/signals.toml (did you mean 'we_language'?)"]),
    ("unknown-red-flag-code", edit('code = "escalation"', 'code = "escalate"'),
     ["weak_answer.red_flags[0].code: 'escalate' is not a rubric flag code (did you mean 'escalation'?)"]),
    ("bad-verdict", edit('verdict = "Lean No Hire"', 'verdict = "Maybe"'),
     ["weak_answer.verdict: must be one of 'Strong Hire', 'Hire', 'Lean Hire', 'Lean No Hire' or 'No Hire', got 'Maybe'"]),
    ("budget-min-above-max", edit("min_seconds = 90", "min_seconds = 200"), ["levels[0].min_seconds: 200 must be <= max_seconds (120)"]),
    ("bad-id", edit('id = "ownership-flaky-ci"', 'id = "Ownership Flaky"'),
     ["id: must be lowercase letters, digits and dashes (like 'my-story'), got 'Ownership Flaky'"]),
    ("missing-file", missing, ["no such file"]),
    ("not-utf8", latin1, ["invalid TOML: not UTF-8 text"]),
]


def test_good_file_loads():
    assert load_scenario(GOOD).id == "ownership-flaky-ci"


@pytest.mark.parametrize("build, lines", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_mistake_is_one_line_naming_the_file_and_the_field(tmp_path, build, lines):
    path = build(tmp_path)
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    got = str(err.value).splitlines()
    want = [f"{path}: {line}" for line in lines if line != "..."]
    assert (got[: len(want)] if lines[-1] == "..." else got) == want


def test_cli_reports_each_file_and_exits_2(tmp_path):
    bad = edit("target_seconds = 90", "target_seconds = 0")(tmp_path)
    nowhere = missing(tmp_path)
    r = subprocess.run(
        [sys.executable, "-m", "mockint", "scenarios", "validate", str(GOOD), str(bad), str(nowhere)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert r.returncode == 2
    assert r.stdout.strip() == f"{GOOD}: ok (ownership-flaky-ci)"
    assert r.stderr.strip().splitlines() == [f"{bad}: sections[2].target_seconds: must be > 0", f"{nowhere}: no such file"]
    assert "Traceback" not in r.stderr
