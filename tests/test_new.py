"""`mockint new`: a candidate's own story becomes a valid scenario, from flags or a piped interview,
ready for `mockint practice`; key phrases come from their notes; bad input is one line and exit 2."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from mockint.library.authoring import build_scenario
from mockint.library.notes import StoryNotes, split_numbers
from mockint.library.phrases import extract_key_phrases
from mockint.library.schema import LEADERSHIP_PRINCIPLES
from mockint.library.store import find_scenario, load_scenario, parse_scenario
from mockint.library.toml_writer import scenario_toml
from mockint.scoring.transcript import Transcript

ROOT = Path(__file__).resolve().parents[1]

STORY = {
    "situation": "Our build farm cost $30K a month and half of the Jenkins runners sat idle every night.",
    "task": "Nobody owned the build farm cost and it was not on my sprint, so I decided to cut it without slowing builds.",
    "action": "I pulled a month of utilization data from CloudWatch. I wrote an autoscaler that parks idle runners at night. "
    "I moved nightly jobs to spot instances and I verified build times for two weeks.",
    "result": "The bill went from $30K to $12K a month and median build time stayed at 9 minutes.",
    "reflection": "The root cause was that nobody saw cost per team, so I added a weekly cost report that is now standard for every team.",
}


def run_new(args: list[str], home: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "MOCKINT_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "mockint", "new", *args], input=stdin if stdin is not None else "", capture_output=True, text=True, cwd=ROOT, env=env
    )


def story_flags(**overrides: str) -> list[str]:
    values = {"principle": "Frugality", **STORY, **overrides}
    out: list[str] = []
    for k, v in values.items():
        out += [f"--{k}", v]
    return out


def spoken_strong(s) -> str:
    return " ".join(sec.strong_example for sec in s.sections)


# -- non-interactive -----------------------------------------------------------------------------


def test_new_from_flags_writes_a_valid_scenario(tmp_path, monkeypatch):
    r = run_new([*story_flags(), "--numbers", "$216K a year; 60% cheaper", "--level", "senior", "--no-input"], tmp_path)
    assert r.returncode == 0, r.stderr
    path = tmp_path / "scenarios" / "my-frugality-build-farm-cost.toml"
    assert r.stdout.splitlines()[0].startswith(f"wrote {path} (my-frugality-build-farm-cost, Frugality,")
    assert r.stdout.splitlines()[1].startswith("next: mockint practice my-frugality-build-farm-cost --level senior")
    assert r.stderr == ""

    s = load_scenario(path)
    assert s.principles[0] == "Frugality" and len(s.principles) == 3
    assert s.question == "Tell me about a time you accomplished more with less."
    assert [sec.strong_example for sec in s.sections][:2] == [STORY["situation"], STORY["task"]]
    # key phrases come from the notes
    assert s.section("situation").key_phrases[:2] == ["$30K a month", "Jenkins"]
    assert {"was not on my sprint", "I decided to cut"} <= set(s.section("task").key_phrases)
    assert {"I pulled a month", "I wrote an autoscaler", "I moved nightly jobs", "I verified build times"} <= set(s.section("action").key_phrases)
    assert s.section("result").key_phrases[:3] == ["$216K a year", "60% cheaper", "from $30K to $12K a month"]
    assert s.section("result").strong_example.endswith("In numbers: $216K a year; 60% cheaper.")
    # the rest comes from the principle's templates
    assert len(s.probes) >= 3 and len(s.quiz) == 3 and [lens.principle for lens in s.lenses][0] == "Frugality"
    assert {c.level for c in s.levels} == {"sde1", "sde2", "senior"} and s.reflection_for("senior") == STORY["reflection"]
    assert "dollar" in s.section("result").common_mistake

    # found by id in $MOCKINT_HOME, like the bundled library
    monkeypatch.setenv("MOCKINT_HOME", str(tmp_path))
    assert find_scenario("my-frugality-build-farm-cost") == s
    v = subprocess.run([sys.executable, "-m", "mockint", "scenarios", "validate", str(path)], capture_output=True, text=True, cwd=ROOT)
    assert v.returncode == 0, v.stderr


def test_generated_scenario_scores_the_story_above_the_weak_answer(tmp_path):
    from mockint.scoring.rubric import score_answer

    assert run_new([*story_flags(), "--no-input"], tmp_path).returncode == 0
    s = load_scenario(tmp_path / "scenarios" / "my-frugality-build-farm-cost.toml")
    strong = score_answer(Transcript.from_text(spoken_strong(s)), s, "sde2")
    weak = score_answer(Transcript.from_text(s.weak_answer.text), s, "sde2")
    assert strong.overall.score >= weak.overall.score + 25, (strong.overall.score, weak.overall.score)
    assert {f.code for f in s.weak_answer.red_flags if f.code} <= set(weak.flag_codes())
    frugality = next(v for v in strong.lenses if v.principle == "Frugality")
    assert frugality.verdict in ("Strong Hire", "Hire"), frugality.reasons


@pytest.mark.parametrize("lp", LEADERSHIP_PRINCIPLES)
def test_every_principle_has_templates_that_build_a_valid_scenario(lp):
    s, data = build_scenario(StoryNotes(principle=lp, **STORY))
    assert s.principles[0] == lp
    assert parse_scenario(tomllib.loads(scenario_toml(data))) == s  # the TOML round trip is exact


def test_output_path_and_custom_id(tmp_path):
    out = tmp_path / "stories" / "mine.toml"
    r = run_new([*story_flags(principle="dive deep"), "--id", "ci-costs", "--output", str(out), "--question", "Tell me about a cost you cut.", "--no-input"], tmp_path)
    assert r.returncode == 0, r.stderr
    s = load_scenario(out)
    assert s.id == "ci-costs" and s.principles[0] == "Dive Deep" and s.question == "Tell me about a cost you cut."
    assert f"next: mockint practice {out}" in r.stdout


# -- interactive (answers piped to the prompts) ------------------------------------------------------


def test_new_interactive_answers_piped(tmp_path):
    answers = [
        "Frugalty",  # a typo: explained and asked again
        "frugality",
        "",  # the usual question
        STORY["situation"],
        STORY["task"],
        STORY["action"],
        STORY["result"],
        STORY["reflection"],
        "$216K a year",
        "sde1",
    ]
    r = run_new([], tmp_path, stdin="\n".join(answers) + "\n")
    assert r.returncode == 0, r.stderr
    prompts = r.stderr.splitlines()
    assert prompts[0].startswith("Which Leadership Principle")
    assert "--principle: unknown Leadership Principle 'Frugalty' (did you mean 'Frugality'?)" in prompts
    assert prompts[-1].startswith("Level:")
    s = load_scenario(tmp_path / "scenarios" / "my-frugality-build-farm-cost.toml")
    assert s.principles[0] == "Frugality" and s.reflections[0].level == "sde1"
    assert s.section("result").key_phrases[0] == "$216K a year"
    assert "next: mockint practice my-frugality-build-farm-cost --level sde1" in r.stdout


def test_interactive_asks_only_for_what_flags_did_not_give(tmp_path):
    given = story_flags()
    r = run_new([*given[: given.index("--result")], "--level", "sde2"], tmp_path, stdin=f"\n{STORY['result']}\n{STORY['reflection']}\n\n")
    assert r.returncode == 0, r.stderr
    assert [line.split(":")[0] for line in r.stderr.splitlines()] == [
        "The question you expect, as the interviewer would ask it (Enter for the usual one)",
        "Result",
        "Reflection",
        "Numbers you want to land, separated by ';' (Enter for none)",
    ]


def test_interactive_input_ending_early_is_one_clear_error(tmp_path):
    r = run_new([], tmp_path, stdin="Ownership\n\nOur deploys failed twice a week.\n")
    assert r.returncode == 2
    assert r.stderr.strip().splitlines()[-1] == (
        "mockint new: input ended before 'task' was answered (answer each prompt on its own line, or pass --task)"
    )
    assert not (tmp_path / "scenarios").exists()


# -- bad flags: one line, exit 2 ------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--principle", "Frugalty"], "--principle: unknown Leadership Principle 'Frugalty' (did you mean 'Frugality'?)"),
        (["--level", "principal"], "--level: must be one of sde1, sde2, senior, got 'principal'"),
        (["--id", "My Story"], "--id: must be lowercase letters, digits and dashes (like 'my-ci-story'), got 'My Story'"),
        (["--action", "stuff"], "--action: write a sentence or two (got 'stuff')"),
    ],
    ids=["principle", "level", "id", "short-action"],
)
def test_bad_flags(tmp_path, extra, message):
    r = run_new([*story_flags(), *extra, "--no-input"], tmp_path)
    assert r.returncode == 2
    assert r.stderr.strip() == message
    assert r.stdout == ""


def test_missing_part_without_input(tmp_path):
    flags = story_flags()
    i = flags.index("--reflection")
    r = run_new(flags[:i] + flags[i + 2 :] + ["--no-input"], tmp_path)
    assert r.returncode == 2
    assert r.stderr.strip() == "--reflection: required (pass it, or run `mockint new` without flags to be asked)"


def test_existing_file_needs_force(tmp_path):
    assert run_new([*story_flags(), "--no-input"], tmp_path).returncode == 0
    r = run_new([*story_flags(), "--no-input"], tmp_path)
    path = tmp_path / "scenarios" / "my-frugality-build-farm-cost.toml"
    assert r.returncode == 2 and r.stderr.strip() == f"{path}: already exists (choose another --id or --output, or pass --force)"
    assert run_new([*story_flags(), "--no-input", "--force"], tmp_path).returncode == 0


# -- key phrase extraction, one case per line ----------------------------------------------------------


@pytest.mark.parametrize(
    "text, phrases",
    [
        ("Flaky failures went from 18% to 2% and merge time from 45 minutes to 20.", ["from 18% to 2%", "from 45 minutes to 20"]),
        ("The bill went from $42K to $17K a month, about $300K a year.", ["from $42K to $17K a month", "about $300K a year"]),
        ("I pulled the logs. I traced it to a race condition.", ["I pulled the logs", "I traced"]),
        ("It was not my team's service and no ticket existed.", ["not my team", "no ticket"]),
        ("It wasn't on my sprint and nobody had asked me.", ["wasn't on my sprint", "nobody had asked me"]),
        ("Our Kafka consumers fell behind on Black Friday.", ["Kafka", "Black Friday"]),
        ("p99 latency dropped 30% for 1,200 customers", ["30%", "1,200 customers"]),
        ("things were slow and people were unhappy", ["things were slow and"]),
    ],
)
def test_extract_key_phrases(text, phrases):
    assert extract_key_phrases(text)[: len(phrases)] == phrases


def test_split_numbers():
    assert split_numbers("18% to 2%; $300K a year | 12,000 invoices\n") == ["18% to 2%", "$300K a year", "12,000 invoices"]
    assert split_numbers(["a; b", "c"]) == ["a", "b", "c"]
    assert split_numbers("") == []
