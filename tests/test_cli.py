"""The command line: fast help, scenario commands, and errors as one line with exit code 2."""

import subprocess
import sys

HEAVY = ("torch", "ctranslate2", "faster_whisper", "sounddevice", "pyttsx3", "whisper", "onnxruntime")


def run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "mockint", *args], capture_output=True, text=True, **kw)


def test_help_imports_no_heavy_library():
    code = "import sys; from mockint.cli.main import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\nprint('HEAVY:' + ','.join(m for m in %r if m in sys.modules))" % (HEAVY,)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "HEAVY:", f"imported by --help: {out.stdout.splitlines()[-1]}"
    assert "practice" in out.stdout


def test_scenarios_list_and_show():
    out = run("scenarios", "list")
    assert out.returncode == 0
    assert "customer-obsession-webhook" in out.stdout and "Customer Obsession" in out.stdout
    out = run("scenarios", "list", "--lp", "dive deep")
    assert out.returncode == 0 and "Dive Deep" in out.stdout
    show = run("scenarios", "show", "customer-obsession-webhook")
    assert show.returncode == 0
    for heading in ("QUESTION", "SITUATION  (target 30s)", "FOLLOW-UP PROBES", "WEAK ANSWER", "QUIZ", "LEADERSHIP PRINCIPLE LENSES", "LEVEL CALIBRATION", "PREPARATION MODES"):
        assert heading in show.stdout


def test_validate_ok_and_bad(tmp_path):
    assert run("scenarios", "validate", "scenarios/customer-obsession-webhook.toml").returncode == 0
    bad = tmp_path / "x.toml"
    src = open("scenarios/customer-obsession-webhook.toml").read().replace("target_seconds = 90", "target_seconds = 0", 1)
    bad.write_text(src)
    out = run("scenarios", "validate", str(bad))
    assert out.returncode == 2
    assert f"{bad}: sections[2].target_seconds: must be > 0" in out.stderr
    assert "Traceback" not in out.stderr


def test_unknown_scenario_and_lp_are_one_line_errors():
    out = run("practice", "no-such-scenario", "--no-speak", "--demo")
    assert out.returncode == 2 and "scenario 'no-such-scenario': not found" in out.stderr
    out = run("practice", "--lp", "Be Nice")
    assert out.returncode == 2 and out.stderr.strip() == "--lp: unknown Leadership Principle 'Be Nice'"


import json  # noqa: E402

import pytest  # noqa: E402

_WORDS = [("I", 0.0, 0.2), ("fixed", 0.2, 0.6), ("it", 0.6, 0.8)]


def _words(**change):
    """The three words, with (index, field) -> value changes applied (raw JSON tokens such as NaN)."""
    out = []
    for i, (w, a, b) in enumerate(_WORDS):
        start, end = change.get(f"{i}.start", a), change.get(f"{i}.end", b)
        out.append(f'{{"word": "{w}", "start": {start}, "end": {end}}}')
    return "[" + ", ".join(out) + "]"


@pytest.mark.parametrize(
    "words, field",
    [
        (_words(**{"1.start": -0.5}), "words[1].start"),
        (_words(**{"0.end": "NaN"}), "words[0].end"),
        (_words(**{"2.start": "Infinity", "2.end": "Infinity"}), "words[2].start"),
        (_words(**{"1.end": "-Infinity"}), "words[1].end"),
        (_words(**{"1.start": 0.5, "1.end": 0.3}), "words[1].end"),
        ('[{"word": "it", "start": 0.6, "end": 0.8}, {"word": "I", "start": 0.0, "end": 0.2}]', "words[1].start"),
    ],
    ids=["negative", "nan", "infinite", "minus-infinite", "end-before-start", "shuffled"],
)
def test_impossible_word_times_are_one_line_naming_the_file_and_the_field(tmp_path, words, field):
    path = tmp_path / "answer.json"
    path.write_text('{"text": "I fixed it", "words": ' + words + "}", encoding="utf-8")
    out = run("score", str(path), "--scenario", "customer-obsession-webhook")
    assert out.returncode == 2, out.stdout + out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in out.stderr, out.stderr
    assert lines[0].startswith(f"{path}: {field}:"), lines[0]
    assert not out.stdout


def test_possible_word_times_still_score(tmp_path):
    path = tmp_path / "answer.json"
    path.write_text(json.dumps({"text": "I fixed it", "words": [{"word": w, "start": a, "end": b} for w, a, b in _WORDS]}))
    out = run("score", str(path), "--scenario", "customer-obsession-webhook", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["transcript"]["words"][1]["start"] == 0.2


def test_every_test_has_its_own_home(mockint_home):
    from mockint.paths import data_dir

    assert data_dir() == mockint_home and not any(mockint_home.iterdir())
    out = run("new", "--no-input", "--principle", "Frugality", "--situation", "Our build farm cost $30K a month and sat idle.",
              "--task", "Nobody owned the cost, so I decided to cut it.", "--action", "I wrote an autoscaler that parks idle runners.",
              "--result", "The bill went from $30K to $12K a month.", "--reflection", "I added a weekly cost report per team.")
    assert out.returncode == 0, out.stderr
    assert [p.parent for p in mockint_home.glob("scenarios/*.toml")] == [mockint_home / "scenarios"]
