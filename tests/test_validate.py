"""`mockint scenarios validate` on hand-edited files: every mistake is one line naming the file and the
field, with exit code 2, through the real CLI (`python -m mockint`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "scenarios" / "ownership-flaky-ci.toml"


def validate(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mockint", "scenarios", "validate", *map(str, paths)], capture_output=True, text=True, cwd=ROOT
    )


def edited(tmp_path: Path, old: str, new: str, name: str = "edited.toml") -> Path:
    text = GOOD.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def assert_problems(result: subprocess.CompletedProcess, path: Path, *lines: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    got = result.stderr.strip().splitlines()
    assert got == [f"{path}: {line}" for line in lines]
    assert "Traceback" not in result.stderr


def test_good_file_is_ok():
    r = validate(GOOD)
    assert r.returncode == 0 and r.stdout.strip() == f"{GOOD}: ok (ownership-flaky-ci)"


def test_bad_toml_syntax_names_the_line(tmp_path):
    p = edited(tmp_path, 'title = "Tell Me', 'title = "Tell \\q Me')
    r = validate(p)
    assert_problems(r, p, "line 3, column 17: invalid TOML: Unescaped '\\' in a string")


def test_unknown_field_with_suggestion(tmp_path):
    p = edited(tmp_path, "\nsummary = ", "\nsumary = ")
    assert_problems(
        validate(p), p, "summary: required field is missing", "sumary: unknown field (not part of the scenario format) (did you mean 'summary'?)"
    )


def test_unknown_field_in_a_section(tmp_path):
    p = edited(tmp_path, 'coaching = "Give the metric', 'coach = "Give the metric')
    assert_problems(
        validate(p), p, "sections[3].coaching: required field is missing", "sections[3].coach: unknown field (not part of the scenario format) (did you mean 'coaching'?)"
    )


def test_missing_field(tmp_path):
    p = edited(tmp_path, 'question = "Tell me about a time you took on something significant that was outside your area of responsibility."\n', "")
    assert_problems(validate(p), p, "question: required field is missing")


def test_wrong_type(tmp_path):
    p = edited(tmp_path, "target_seconds = 30", 'target_seconds = "thirty"')
    assert_problems(validate(p), p, "sections[0].target_seconds: must be a number, got 'thirty'")


def test_wrong_type_text_for_list(tmp_path):
    p = edited(tmp_path, 'principles = ["Ownership", "Dive Deep", "Deliver Results"]', 'principles = "Ownership"')
    assert_problems(validate(p), p, "principles: must be a list ([...] or [[...]] tables), got 'Ownership'")


def test_empty_list(tmp_path):
    p = edited(tmp_path, 'key_phrases = ["not my team", "no ticket", "take ownership", "instead of adding more retries"]', "key_phrases = []")
    assert_problems(validate(p), p, "sections[1].key_phrases: must have at least 1 item(s)")


def test_blank_key_phrase(tmp_path):
    p = edited(tmp_path, 'key_phrases = ["not my team", "no ticket"', 'key_phrases = ["not my team", " "')
    assert_problems(validate(p), p, "sections[1].key_phrases[1]: must not be empty")


def test_bad_section_order(tmp_path):
    text = GOOD.read_text(encoding="utf-8").replace('key = "situation"', 'key = "TMP"', 1)
    text = text.replace('key = "task"', 'key = "situation"', 1).replace('key = "TMP"', 'key = "task"', 1)
    p = tmp_path / "order.toml"
    p.write_text(text, encoding="utf-8")
    assert_problems(
        validate(p),
        p,
        "sections: must be situation, task, action, result, reflection in that order; got task, situation, action, result, "
        "reflection; sections[0] is 'task', expected 'situation'",
    )


def test_unknown_section_key(tmp_path):
    p = edited(tmp_path, 'key = "result"', 'key = "results"')
    r = validate(p)
    assert r.returncode == 2
    assert r.stderr.splitlines()[0] == f"{p}: sections[3].key: must be one of 'situation', 'task', 'action', 'result' or 'reflection', got 'results'"


@pytest.mark.parametrize("value", ["0", "-5"])
def test_target_seconds_not_positive(tmp_path, value):
    p = edited(tmp_path, "target_seconds = 90", f"target_seconds = {value}")
    assert_problems(validate(p), p, "sections[2].target_seconds: must be > 0")


def test_quiz_answer_out_of_range(tmp_path):
    p = edited(tmp_path, "answer = 2\n", "answer = 4\n")
    assert_problems(validate(p), p, "quiz[2].answer: 4 is not an index of options (0 to 3; the first option is 0)")


def test_unknown_principle(tmp_path):
    p = edited(tmp_path, 'principles = ["Ownership",', 'principles = ["Ownershp",')
    assert_problems(validate(p), p, "principles[0]: unknown Leadership Principle 'Ownershp' (did you mean 'Ownership'?)")


def test_unknown_lens_principle(tmp_path):
    p = edited(tmp_path, 'principle = "Deliver Results"', 'principle = "Deliver Resluts"')
    assert_problems(validate(p), p, "lenses[2].principle: unknown Leadership Principle 'Deliver Resluts' (did you mean 'Deliver Results'?)")


def test_duplicate_probe_id(tmp_path):
    p = edited(tmp_path, 'id = "how-found-culprits"', 'id = "platform-pushback"')
    assert_problems(validate(p), p, "probes[1].id: duplicate id 'platform-pushback' (already used by probes[0])")


def test_duplicate_level(tmp_path):
    p = edited(tmp_path, 'level = "sde2"\nguidance', 'level = "sde1"\nguidance')
    assert_problems(validate(p), p, "levels[1].level: duplicate level 'sde1' (already used by levels[0])")


def test_unknown_signal_id_in_triggers(tmp_path):
    p = edited(tmp_path, 'triggers = ["technical_depth", "we_language"]', 'triggers = ["technical_depth", "we_langauge"]')
    assert_problems(
        validate(p), p, "probes[1].triggers[1]: 'we_langauge' is not a signal id or flag code of mockint/data/signals.toml (did you mean 'we_language'?)"
    )


def test_unknown_red_flag_code(tmp_path):
    p = edited(tmp_path, 'code = "escalation"', 'code = "escalate"')
    assert_problems(validate(p), p, "weak_answer.red_flags[0].code: 'escalate' is not a rubric flag code (did you mean 'escalation'?)")


def test_bad_verdict(tmp_path):
    p = edited(tmp_path, 'verdict = "Lean No Hire"', 'verdict = "Maybe"')
    assert_problems(
        validate(p), p, "weak_answer.verdict: must be one of 'Strong Hire', 'Hire', 'Lean Hire', 'Lean No Hire' or 'No Hire', got 'Maybe'"
    )


def test_budget_min_above_max(tmp_path):
    p = edited(tmp_path, "min_seconds = 90", "min_seconds = 200")
    assert_problems(validate(p), p, "levels[0].min_seconds: 200 must be <= max_seconds (120)")


def test_bad_id_pattern(tmp_path):
    p = edited(tmp_path, 'id = "ownership-flaky-ci"', 'id = "Ownership Flaky"')
    assert_problems(validate(p), p, "id: must be lowercase letters, digits and dashes (like 'my-story'), got 'Ownership Flaky'")


def test_missing_file():
    p = Path("scenarios/no-such-story.toml")
    assert_problems(validate(p), p, "no such file")


def test_not_utf8(tmp_path):
    p = tmp_path / "latin1.toml"
    p.write_bytes(GOOD.read_text(encoding="utf-8").replace("Tell Me About", "Caf\u00e9 About", 1).encode("latin-1", errors="replace"))
    assert_problems(validate(p), p, "invalid TOML: not UTF-8 text")


def test_several_files_each_reported(tmp_path):
    bad = edited(tmp_path, "target_seconds = 90", "target_seconds = 0")
    r = validate(GOOD, bad)
    assert r.returncode == 2
    assert f"{GOOD}: ok (ownership-flaky-ci)" in r.stdout
    assert r.stderr.strip() == f"{bad}: sections[2].target_seconds: must be > 0"
