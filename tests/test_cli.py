"""The command line: fast help, scenario commands, and errors as one line with exit code 2."""

import subprocess
import sys

HEAVY = ("torch", "ctranslate2", "faster_whisper", "sounddevice", "pyttsx3", "whisper", "onnxruntime")


def run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "mockint", *args], capture_output=True, text=True, **kw)


def test_help_imports_no_heavy_library():
    code = "import sys; from mockint.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\nprint('HEAVY:' + ','.join(m for m in %r if m in sys.modules))" % (HEAVY,)
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
